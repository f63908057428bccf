//! Identifiers of the submission protocol: draft ids, idempotency keys, content hashes,
//! receipt codes and tracking secrets. Each is a newtype whose only constructor validates.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::commune::CommuneCode;

/// Why an identifier was rejected (the message names which one and the rule).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {rule}")]
pub struct InvalidId {
    /// Which identifier, e.g. `draft id`.
    pub what: &'static str,
    /// The rule it breaks, in both languages.
    pub rule: &'static str,
}

fn is_token(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Implements `as_str`, `Display`, `TryFrom<String>`, `From<Self> for String` for a string newtype.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// A draft's id, generated on the phone when the citizen starts a form (e.g. a UUID or 16+
/// random url-safe characters). 16–64 characters of `[A-Za-z0-9_-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        pattern = "^[A-Za-z0-9_-]{16,64}$",
        example = "8f14e45fceea167a5a36dedd4bea2543"
    )
)]
#[serde(try_from = "String", into = "String")]
pub struct DraftId(String);

impl DraftId {
    /// Parses a draft id; surrounding whitespace ignored.
    pub fn parse(input: &str) -> Result<Self, InvalidId> {
        let s = input.trim();
        if is_token(s, 16, 64) {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidId {
                what: "draft id",
                rule: "16–64 ký tự A-Z a-z 0-9 _ - / 16–64 characters of A-Z a-z 0-9 _ -",
            })
        }
    }
}
string_newtype!(DraftId);

/// The `Idempotency-Key` header of a request. It belongs to the draft, never to an attempt:
/// derive it with [`IdempotencyKey::for_draft`] so two tabs, a reload or a retry all send the
/// same key. 16–128 characters of `[A-Za-z0-9_-]` (the same alphabet as [`DraftId`]; longer so
/// derived keys always fit).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        pattern = "^[A-Za-z0-9_-]{16,128}$",
        example = "d-8f14e45fceea167a5a36dedd4bea2543"
    )
)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Parses a key as received in a header; surrounding whitespace ignored.
    pub fn parse(input: &str) -> Result<Self, InvalidId> {
        let s = input.trim();
        if is_token(s, 16, 128) {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidId {
                what: "idempotency key",
                rule: "16–128 ký tự A-Z a-z 0-9 _ - / 16–128 characters of A-Z a-z 0-9 _ -",
            })
        }
    }

    /// The key of the submission of a draft: `d-{draft}`. Deterministic.
    pub fn for_draft(draft: &DraftId) -> Self {
        Self(format!("d-{draft}"))
    }

    /// The key of one attachment upload of a draft: `a-{draft}-{first 16 hex of sha256}`.
    /// Deterministic (uploads are content-addressed anyway; the key makes replays cheap).
    pub fn for_attachment(draft: &DraftId, sha256: &Sha256Hex) -> Self {
        Self(format!("a-{draft}-{}", &sha256.as_str()[..16]))
    }
}
string_newtype!(IdempotencyKey);

/// A SHA-256 digest as 64 lowercase hex digits (uppercase input is lowercased).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        pattern = "^[0-9a-fA-F]{64}$",
        example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    )
)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

impl Sha256Hex {
    /// Parses 64 hex digits; surrounding whitespace ignored, result lowercase.
    pub fn parse(input: &str) -> Result<Self, InvalidId> {
        let s = input.trim();
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(s.to_ascii_lowercase()))
        } else {
            Err(InvalidId {
                what: "sha256",
                rule: "đúng 64 chữ số hex / exactly 64 hex digits",
            })
        }
    }

    /// Formats a raw 32-byte digest.
    pub fn from_bytes(digest: [u8; 32]) -> Self {
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}
string_newtype!(Sha256Hex);

/// The alphabet of receipt codes: digits and capitals without look-alikes (no 0 O 1 I L U),
/// 30 symbols, so a code can be read aloud over the phone.
pub const RECEIPT_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length of the random part of a [`ReceiptCode`].
pub const RECEIPT_RANDOM_LEN: usize = 6;

/// A receipt code (mã biên nhận): `{commune}-{6 symbols}`, e.g. `11560-7KQ4XM`. Short enough to
/// read over the phone; the commune prefix tells staff where it belongs. 30⁶ ≈ 729 million codes
/// per commune; the server retries generation on the rare collision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        pattern = "^[0-9]{5}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$",
        example = "11560-7KQ4XM"
    )
)]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptCode(String);

impl ReceiptCode {
    /// Parses loosely: case, spaces, dots and dashes anywhere are ignored (`11560 7kq 4xm`),
    /// and in the 5-digit commune part the letters O/o read as 0 and I/i/L/l as 1.
    pub fn parse(input: &str) -> Result<Self, InvalidId> {
        let err = InvalidId {
            what: "receipt code",
            rule: "mã biên nhận có dạng 11560-7KQ4XM / a receipt code looks like 11560-7KQ4XM",
        };
        let chars: Vec<char> = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '\t' | '_'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if chars.len() != 5 + RECEIPT_RANDOM_LEN {
            return Err(err);
        }
        let mut out = String::with_capacity(12);
        for &c in &chars[..5] {
            let digit = match c {
                'O' => '0',
                'I' | 'L' => '1',
                d if d.is_ascii_digit() => d,
                _ => return Err(err),
            };
            out.push(digit);
        }
        out.push('-');
        for &c in &chars[5..] {
            if !c.is_ascii() || !RECEIPT_ALPHABET.contains(&(c as u8)) {
                return Err(err);
            }
            out.push(c);
        }
        Ok(Self(out))
    }

    /// Generates a code for a commune from 64 random bits supplied by the caller.
    pub fn generate(commune: &CommuneCode, random: u64) -> Self {
        let mut n = random;
        let mut out = format!("{commune}-");
        for _ in 0..RECEIPT_RANDOM_LEN {
            out.push(char::from(RECEIPT_ALPHABET[(n % 30) as usize]));
            n /= 30;
        }
        Self(out)
    }

    /// The commune the code belongs to.
    pub fn commune(&self) -> CommuneCode {
        CommuneCode::parse(&self.0[..5]).expect("a receipt code starts with a commune code")
    }
}
string_newtype!(ReceiptCode);

/// The private tracking secret handed out with a receipt: whoever holds it may read the
/// submission's status (header `X-Tracking-Secret`). At least 20 url-safe characters
/// (`[A-Za-z0-9_-]`, at most 128). `Debug` never prints it.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        pattern = "^[A-Za-z0-9_-]{20,128}$",
        example = "q9X2mJf7Lr0a-VtYc3Kp_w"
    )
)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingSecret(String);

impl TrackingSecret {
    /// Parses a secret as received; surrounding whitespace ignored.
    pub fn parse(input: &str) -> Result<Self, InvalidId> {
        let s = input.trim();
        if is_token(s, 20, 128) {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidId {
                what: "tracking secret",
                rule: "ít nhất 20 ký tự / at least 20 url-safe characters",
            })
        }
    }

    /// A secret from 128 random bits supplied by the caller: 22 characters of base64url.
    pub fn generate(random: [u8; 16]) -> Self {
        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut acc: u128 = u128::from_be_bytes(random);
        let mut out = String::with_capacity(22);
        for _ in 0..22 {
            out.push(char::from(B64[(acc & 63) as usize]));
            acc >>= 6;
        }
        Self(out)
    }

    /// Compares with a presented secret in time independent of where they differ.
    pub fn matches(&self, presented: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), presented.trim().as_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}
string_newtype!(TrackingSecret);

impl fmt::Debug for TrackingSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrackingSecret(…)")
    }
}
