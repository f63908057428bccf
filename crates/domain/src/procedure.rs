//! Administrative procedures (thủ tục hành chính) as published on the National Public Service Portal.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::Localized;

/// A national procedure code such as `1.001193`: one digit, a dot, six digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(pattern = "^[0-9][.][0-9]{6}$", example = "1.001193")
)]
#[serde(try_from = "String", into = "String")]
pub struct ProcedureCode(String);

/// Why a procedure code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mã thủ tục có dạng 1.001193 / a procedure code looks like 1.001193")]
pub struct InvalidProcedureCode;

impl ProcedureCode {
    /// Parses `d.dddddd`, surrounding whitespace ignored.
    pub fn parse(input: &str) -> Result<Self, InvalidProcedureCode> {
        let s = input.trim();
        let b = s.as_bytes();
        let ok = b.len() == 8
            && b[0].is_ascii_digit()
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidProcedureCode)
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProcedureCode {
    type Error = InvalidProcedureCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ProcedureCode> for String {
    fn from(value: ProcedureCode) -> Self {
        value.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One document the citizen brings or shows (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequiredDocument {
    /// Stable id derived from the Vietnamese text (see [`document_id`]): a ticked checklist item
    /// stays ticked across catalog updates unless the document's text itself changes.
    pub id: String,
    /// What to bring, in both languages.
    pub text: Localized,
    /// True when the document is only shown at the desk (`[Xuất trình]`), not handed in.
    pub show_only: bool,
}

impl RequiredDocument {
    /// Builds a document from the portal's text; a leading `[Xuất trình]` / `[Show]` marks a shown-only document.
    pub fn from_portal(vi: &str, en: &str) -> Self {
        let (show_only, vi) = match vi.strip_prefix("[Xuất trình]") {
            Some(rest) => (true, rest.trim()),
            None => (false, vi.trim()),
        };
        let en = en.strip_prefix("[Show]").unwrap_or(en).trim();
        Self {
            id: document_id(vi),
            text: Localized::new(vi, en),
            show_only,
        }
    }
}

/// A short stable id for a document text: FNV-1a 32-bit of its UTF-8 bytes, as 8 hex digits.
pub fn document_id(text: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.as_bytes() {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

/// A procedure guide: everything a citizen needs before going to the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Procedure {
    /// National code, e.g. `1.001193`.
    pub code: ProcedureCode,
    /// Name, e.g. "Thủ tục đăng ký khai sinh" / "Birth registration".
    pub name: Localized,
    /// Field (lĩnh vực), e.g. "Hộ tịch" / "Civil status".
    pub field: Localized,
    /// Documents to bring or show.
    pub documents: Vec<RequiredDocument>,
    /// Fee as the portal words it (may depend on the case).
    pub fee: Localized,
    /// Fee in đồng when it is one fixed amount (0 = free); `None` when it depends on the case or province.
    pub fee_vnd: Option<u64>,
    /// Processing time as the portal words it.
    pub processing_time: Localized,
    /// Processing time in working days, when the portal gives one number of working days.
    pub processing_days: Option<u32>,
    /// Where and how to submit.
    pub submit_at: Localized,
    /// Legal documents the procedure rests on (number, and a short name when short).
    pub legal_basis: Vec<String>,
    /// What the citizen receives.
    pub result: Localized,
    /// The decision that published the procedure, e.g. `163/QĐ-BTP`.
    pub decision: Option<String>,
    /// Where the record was read from.
    pub source: String,
    /// A note the commune adds for its own office (local fee rules, desk, etc.).
    #[serde(default)]
    pub local_note: Option<Localized>,
}

impl Procedure {
    /// A fee in the Vietnamese way: "Miễn phí" / "Free", or "50.000 ₫".
    pub fn fee_short(&self, english: bool) -> Option<String> {
        self.fee_vnd.map(|vnd| {
            if vnd == 0 {
                if english { "Free" } else { "Miễn phí" }.to_owned()
            } else {
                format!("{} ₫", group_thousands(vnd))
            }
        })
    }
}

/// Splits a source note into its leading URL (if any) and the rest of the text: the guide links
/// the source's site and prints the rest.
pub fn split_source(source: &str) -> (Option<&str>, &str) {
    let source = source.trim();
    if source.starts_with("https://") || source.starts_with("http://") {
        let end = source.find(char::is_whitespace).unwrap_or(source.len());
        (Some(&source[..end]), source[end..].trim())
    } else {
        (None, source)
    }
}

/// Groups digits by thousands with dots, the Vietnamese way: `50000` → `50.000`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_code_shape() {
        assert_eq!(
            ProcedureCode::parse("1.001193").unwrap().as_str(),
            "1.001193"
        );
        for bad in [
            "",
            "1001193",
            "1.00119",
            "1.0011933",
            "a.001193",
            "1,001193",
            "../etc",
        ] {
            assert!(ProcedureCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn shown_documents_are_marked_and_ids_are_stable() {
        let d = RequiredDocument::from_portal(
            "[Xuất trình] Giấy tờ tùy thân",
            "[Show] Identity document",
        );
        assert!(d.show_only);
        assert_eq!(d.text.vi, "Giấy tờ tùy thân");
        assert_eq!(d.text.en, "Identity document");
        assert_eq!(d.id, document_id("Giấy tờ tùy thân"));
        assert_ne!(d.id, document_id("Giấy tờ tuỳ thân"));
        assert_eq!(d.id.len(), 8);
    }

    #[test]
    fn money_is_grouped_with_dots() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(50000), "50.000");
        assert_eq!(group_thousands(1234567), "1.234.567");
    }
}
