//! Tokens, targets, links and their resolution.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::commune::CommuneCode;
use crate::procedure::ProcedureCode;
use crate::submission::{InvalidId, RECEIPT_ALPHABET};
use crate::text::Localized;

/// Length of a generated token: 30⁸ ≈ 6.6 × 10¹¹ (≈ 39 bits).
pub const QR_TOKEN_LEN: usize = 8;
/// Shortest token accepted when parsing.
const MIN_LEN: usize = 4;
/// Longest token accepted when parsing.
const MAX_LEN: usize = 10;
/// How many redirects [`resolve`] follows before it gives up.
pub const MAX_REDIRECTS: usize = 8;

/// A QR link token: 4–10 symbols of [`RECEIPT_ALPHABET`] (no 0 O 1 I L U), upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        pattern = "^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4,10}$",
        example = "7KQ4XM2A"
    )
)]
#[serde(try_from = "String", into = "String")]
pub struct QrToken(String);

impl QrToken {
    /// Parses a token: surrounding whitespace ignored, lower case accepted (people type it from
    /// a poster), nothing else forgiven.
    pub fn parse(input: &str) -> Result<Self, InvalidId> {
        let s = input.trim();
        let ok = (MIN_LEN..=MAX_LEN).contains(&s.len())
            && s.bytes()
                .all(|b| RECEIPT_ALPHABET.contains(&b.to_ascii_uppercase()));
        if ok {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(InvalidId {
                what: "QR token",
                rule: "mã QR gồm 4–10 chữ và số, ví dụ 7KQ4XM2A / a QR code token is 4–10 letters and digits, e.g. 7KQ4XM2A",
            })
        }
    }

    /// A fresh token from 64 random bits supplied by the caller.
    pub fn generate(random: u64) -> Self {
        let mut n = random;
        let mut out = String::with_capacity(QR_TOKEN_LEN);
        for _ in 0..QR_TOKEN_LEN {
            out.push(char::from(RECEIPT_ALPHABET[(n % 30) as usize]));
            n /= 30;
        }
        Self(out)
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The app path of the token: `/q/{token}`.
    pub fn path(&self) -> String {
        format!("/q/{}", self.0)
    }
}

impl TryFrom<String> for QrToken {
    type Error = InvalidId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<QrToken> for String {
    fn from(value: QrToken) -> Self {
        value.0
    }
}

impl fmt::Display for QrToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a QR link points to, within its commune.
///
/// On the wire an object tagged by `kind` (`{"kind":"procedure","code":"1.001193"}`). Its
/// `Deserialize` is written by hand (see the impl) with the same format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QrTarget {
    /// A procedure guide, as the commune publishes it.
    Procedure {
        /// The procedure.
        code: ProcedureCode,
    },
    /// The commune's one-stop office page.
    Office,
    /// An official of the office (name tag): name, role, phone, "rate this official".
    Official {
        /// The official's id in the office's staff directory.
        staff_id: String,
    },
    /// Starting an online application (draft) for a procedure.
    StartForm {
        /// The procedure.
        procedure: ProcedureCode,
    },
    /// A free text notice, e.g. the office wifi name and password.
    Notice {
        /// Heading.
        title: Localized,
        /// Text.
        body: Localized,
    },
}

/// The same format as `#[serde(tag = "kind")]` would read (the fields of the variant `kind`
/// names, other fields ignored), read as one flat object. serde's internally tagged enums buffer
/// the whole object into a generic `Content` first and read it again from there; in the app that
/// was 10.7 KB of wasm for this one type, and the only reason the main module carried that
/// buffering code.
impl<'de> Deserialize<'de> for QrTarget {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Procedure,
            Office,
            Official,
            StartForm,
            Notice,
        }
        /// Every variant's fields, each optional.
        #[derive(Deserialize)]
        struct Flat {
            kind: Kind,
            code: Option<ProcedureCode>,
            staff_id: Option<String>,
            procedure: Option<ProcedureCode>,
            title: Option<Localized>,
            body: Option<Localized>,
        }

        fn field<T, E: Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
            value.ok_or_else(|| E::missing_field(name))
        }
        let flat = Flat::deserialize(deserializer)?;
        Ok(match flat.kind {
            Kind::Procedure => Self::Procedure {
                code: field(flat.code, "code")?,
            },
            Kind::Office => Self::Office,
            Kind::Official => Self::Official {
                staff_id: field(flat.staff_id, "staff_id")?,
            },
            Kind::StartForm => Self::StartForm {
                procedure: field(flat.procedure, "procedure")?,
            },
            Kind::Notice => Self::Notice {
                title: field(flat.title, "title")?,
                body: field(flat.body, "body")?,
            },
        })
    }
}

impl QrTarget {
    /// A key equal for equal non-notice targets (links are reused per key); `None` for notices,
    /// which always get a token of their own.
    pub fn key(&self) -> Option<String> {
        match self {
            Self::Procedure { code } => Some(format!("procedure:{code}")),
            Self::Office => Some("office".to_owned()),
            Self::Official { staff_id } => Some(format!("official:{staff_id}")),
            Self::StartForm { procedure } => Some(format!("start:{procedure}")),
            Self::Notice { .. } => None,
        }
    }
}

/// A stable short link: `token` keeps pointing to `target` in `commune` until staff retire it
/// or redirect it to another token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrLink {
    /// The token printed in the QR code.
    pub token: QrToken,
    /// The commune whose office published it.
    pub commune: CommuneCode,
    /// What it points to.
    pub target: QrTarget,
    /// True once staff withdrew it (the poster should come off the wall).
    #[serde(default)]
    pub retired: bool,
    /// Another token this one now leads to (e.g. a reprinted poster replaced it).
    #[serde(default)]
    pub redirect_to: Option<QrToken>,
}

/// The outcome of [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// A live link (after following redirects).
    Found(&'a QrLink),
    /// The token exists but leads nowhere live: retired, or a redirect chain that loops, is too
    /// long or ends at an unknown token. Carries the link that was asked for.
    Retired(&'a QrLink),
    /// No such token.
    Unknown,
}

/// Resolves `token` among `links`, following at most [`MAX_REDIRECTS`] redirects.
pub fn resolve<'a>(links: &'a [QrLink], token: &QrToken) -> Resolution<'a> {
    let find = |t: &QrToken| links.iter().find(|l| &l.token == t);
    let Some(first) = find(token) else {
        return Resolution::Unknown;
    };
    let mut current = first;
    let mut seen = vec![&first.token];
    loop {
        let Some(next) = &current.redirect_to else {
            return if current.retired {
                Resolution::Retired(first)
            } else {
                Resolution::Found(current)
            };
        };
        if seen.len() > MAX_REDIRECTS || seen.contains(&next) {
            return Resolution::Retired(first);
        }
        match find(next) {
            Some(link) => {
                seen.push(&link.token);
                current = link;
            }
            None => return Resolution::Retired(first),
        }
    }
}
