//! Communes (xã, phường, đặc khu) and their one-stop office (bộ phận một cửa).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::Localized;

/// A commune-level unit code from the national statistics list (5 digits, e.g. `11560`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(pattern = "^[0-9]{5}$", example = "11560")
)]
#[serde(try_from = "String", into = "String")]
pub struct CommuneCode(String);

/// Why a commune code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mã xã/phường phải gồm đúng 5 chữ số / a commune code is exactly 5 digits")]
pub struct InvalidCommuneCode;

impl CommuneCode {
    /// Parses a code: exactly five ASCII digits, surrounding whitespace ignored.
    pub fn parse(input: &str) -> Result<Self, InvalidCommuneCode> {
        let s = input.trim();
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidCommuneCode)
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CommuneCode {
    type Error = InvalidCommuneCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CommuneCode> for String {
    fn from(value: CommuneCode) -> Self {
        value.0
    }
}

impl fmt::Display for CommuneCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of a commune-level unit since the 2025 reform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommuneKind {
    /// Xã (rural commune).
    Xa,
    /// Phường (urban ward).
    Phuong,
    /// Đặc khu (special zone, e.g. Cát Hải).
    DacKhu,
}

impl CommuneKind {
    /// Parses the Vietnamese kind word used by the statistics office.
    pub fn from_vi(word: &str) -> Option<Self> {
        match word.trim() {
            "xã" => Some(Self::Xa),
            "phường" => Some(Self::Phuong),
            "đặc khu" => Some(Self::DacKhu),
            _ => None,
        }
    }

    /// The kind in the chosen language.
    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (Self::Xa, false) => "Xã",
            (Self::Xa, true) => "Commune",
            (Self::Phuong, false) => "Phường",
            (Self::Phuong, true) => "Ward",
            (Self::DacKhu, false) => "Đặc khu",
            (Self::DacKhu, true) => "Special zone",
        }
    }
}

/// What a list of communes shows: enough to choose one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneSummary {
    /// Statistics code.
    pub code: CommuneCode,
    /// Official name, e.g. "Phường Thủy Nguyên".
    pub name_vi: String,
    /// Xã, phường or đặc khu.
    pub kind: CommuneKind,
    /// The district it belonged to before 1 July 2025, so people recognise it.
    pub former_district: String,
    /// The province it belonged to before 1 July 2025 (Hải Dương or Hải Phòng).
    pub former_province: String,
}

/// A commune with its one-stop office, as its office page shows it.
///
/// Read through [`CommuneFields`]: `#[serde(flatten)]` on the way in buffers every field in
/// serde's generic `Content` first, code the browser's main module would carry for this one
/// type (the way out stays flattened, and so does the OpenAPI schema).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "CommuneFields")]
pub struct Commune {
    /// Name, code and former units.
    #[serde(flatten)]
    pub summary: CommuneSummary,
    /// The one-stop office; fields the commune has not published yet are `None`.
    pub office: Office,
}

/// [`Commune`] as it is written: the summary's fields beside the office.
#[derive(Deserialize)]
struct CommuneFields {
    code: CommuneCode,
    name_vi: String,
    kind: CommuneKind,
    former_district: String,
    former_province: String,
    office: Office,
}

impl From<CommuneFields> for Commune {
    fn from(f: CommuneFields) -> Self {
        Self {
            summary: CommuneSummary {
                code: f.code,
                name_vi: f.name_vi,
                kind: f.kind,
                former_district: f.former_district,
                former_province: f.former_province,
            },
            office: f.office,
        }
    }
}

/// The commune's one-stop office (bộ phận tiếp nhận và trả kết quả).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    /// Street address of the office.
    pub address: Option<Localized>,
    /// Opening hours as people say them.
    pub hours: Localized,
    /// Free wifi for citizens: network name and how to get the password.
    pub wifi_note: Option<Localized>,
    /// Switchboard or hotline number of the office.
    pub phone: Option<String>,
    /// The public directory of one-stop officials.
    pub staff: Vec<StaffMember>,
}

/// A one-stop official whose name, role and phone number are public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    /// Stable id within the commune (used by QR codes on name tags).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Role, e.g. "Công chức Tư pháp – Hộ tịch".
    pub role: Localized,
    /// Public phone number, dialable (digits and an optional leading `+`).
    pub phone: String,
    /// Desk number in the office, when there is one.
    pub desk: Option<String>,
}

impl Office {
    /// The hours most one-stop offices keep, used until a commune publishes its own.
    pub fn default_hours() -> Localized {
        Localized::new(
            "Thứ Hai – Thứ Sáu: 7:30–11:30, 13:30–17:00 (giờ hành chính; xã có thể có lịch riêng)",
            "Monday – Friday: 7:30–11:30, 13:30–17:00 (office hours; a commune may publish its own)",
        )
    }
}

/// Turns a phone number as printed ("0220 3 123 456") into a `tel:` URI.
pub fn tel_uri(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    format!("tel:{digits}")
}

/// Phường Thủy Nguyên, for tests.
#[cfg(test)]
pub(crate) fn thuy_nguyen() -> CommuneSummary {
    CommuneSummary {
        code: CommuneCode::parse("11560").unwrap(),
        name_vi: "Phường Thủy Nguyên".into(),
        kind: CommuneKind::Phuong,
        former_district: "Thủy Nguyên".into(),
        former_province: "Hải Phòng".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commune_code_parses_five_digits_only() {
        assert_eq!(CommuneCode::parse(" 11560 ").unwrap().as_str(), "11560");
        for bad in ["", "1156", "115600", "1156a", "../..", "１１５６０"] {
            assert!(
                CommuneCode::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn commune_code_rejects_bad_json() {
        assert!(serde_json::from_str::<CommuneCode>("\"abc\"").is_err());
        let ok: CommuneCode = serde_json::from_str("\"11560\"").unwrap();
        assert_eq!(ok.to_string(), "11560");
    }

    #[test]
    fn tel_uri_keeps_digits_and_leading_plus() {
        assert_eq!(tel_uri("0220 3 123.456"), "tel:02203123456");
        assert_eq!(tel_uri("+84 912-345-678"), "tel:+84912345678");
    }

    #[test]
    fn a_commune_is_written_flat_and_reads_back_the_same() {
        let commune = Commune {
            summary: thuy_nguyen(),
            office: Office {
                phone: Some("0225 3 874 123".into()),
                ..Office::default()
            },
        };
        let json = serde_json::to_value(&commune).unwrap();
        assert_eq!(json["code"], "11560");
        assert_eq!(json["kind"], "phuong");
        assert!(json.get("summary").is_none(), "flat: {json}");
        assert_eq!(
            serde_json::from_value::<Commune>(json.clone()).unwrap(),
            commune
        );
        // Fields a newer server adds are ignored; a bad code is refused.
        let mut newer = json.clone();
        newer["population"] = 123_456.into();
        assert_eq!(serde_json::from_value::<Commune>(newer).unwrap(), commune);
        let mut bad = json;
        bad["code"] = "1156".into();
        assert!(serde_json::from_value::<Commune>(bad).is_err());
    }

    #[test]
    fn kind_from_vietnamese_word() {
        assert_eq!(CommuneKind::from_vi("đặc khu"), Some(CommuneKind::DacKhu));
        assert_eq!(CommuneKind::from_vi("tỉnh"), None);
    }
}
