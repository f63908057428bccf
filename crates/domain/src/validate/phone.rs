//! Vietnamese phone numbers: mobiles (10 digits, `03x 05x 07x 08x 09x` with an assigned
//! prefix) and landlines (11 digits, `02` + area code + subscriber number).

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{digits_only, Problem};
use crate::text::Localized;

/// Mobile prefixes in use since the 2018 renumbering (Viettel, VinaPhone, MobiFone,
/// Vietnamobile, Gmobile, Itelecom, Reddi).
pub const MOBILE_PREFIXES: [&str; 35] = [
    "032", "033", "034", "035", "036", "037", "038", "039", // Viettel
    "052", "055", "056", "058", "059", // Vietnamobile, Reddi, Gmobile
    "070", "076", "077", "078", "079", // MobiFone
    "081", "082", "083", "084", "085", "086", "087", "088",
    "089", // VinaPhone, Viettel, Itel, MobiFone
    "090", "091", "092", "093", "094", "096", "097",
    "098", // MobiFone, VinaPhone, Vietnamobile, Viettel
];

/// Whether a number is a mobile or a landline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// A mobile number (10 digits).
    Mobile,
    /// A fixed line (11 digits starting `02`).
    Landline,
}

/// A valid Vietnamese phone number, normalised to national form `0xxxxxxxxx(x)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a phone number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing typed.
    #[error("nhập số điện thoại / enter a phone number")]
    Empty,
    /// Something other than digits, separators and a leading `+`.
    #[error("số điện thoại chỉ gồm chữ số / a phone number has digits only")]
    NotDigits,
    /// Wrong number of digits or an unassigned prefix.
    #[error("số điện thoại không đúng / not a Vietnamese phone number")]
    Invalid,
}

impl Problem for PhoneError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::NotDigits | Self::Invalid => "invalid_phone",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::Empty => Localized::new(
                "Nhập số điện thoại, ví dụ 0912 345 678",
                "Enter a phone number, for example 0912 345 678",
            ),
            Self::NotDigits => Localized::new(
                "Số điện thoại chỉ gồm chữ số, ví dụ 0912 345 678",
                "A phone number has digits only, for example 0912 345 678",
            ),
            Self::Invalid => Localized::new(
                "Nhập số di động 10 số (ví dụ 0912 345 678) hoặc số cố định 11 số (ví dụ 0225 3 842 123)",
                "Enter a 10-digit mobile number (like 0912 345 678) or an 11-digit landline (like 0225 3 842 123)",
            ),
        }
    }
}

impl PhoneNumber {
    /// Parses a number as people write it: `0912345678`, `0912 345 678`, `0912.345.678`,
    /// `+84 912 345 678`, `84912345678`, `+84 (0) 912 345 678`, `0084 912…`.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match s.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let digits = digits_only(rest).ok_or(PhoneError::NotDigits)?;
        // A national number starts with 0; anything else must carry the country code 84.
        let national = if let Some(after) = digits.strip_prefix("0084") {
            national_after_country_code(after)
        } else if plus || !digits.starts_with('0') {
            match digits.strip_prefix("84") {
                Some(after) => national_after_country_code(after),
                None => return Err(PhoneError::Invalid),
            }
        } else {
            digits
        };
        if is_valid_national(&national) {
            Ok(Self(national))
        } else {
            Err(PhoneError::Invalid)
        }
    }

    /// The number in national form, e.g. `0912345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Mobile or landline.
    pub fn kind(&self) -> PhoneKind {
        if self.0.len() == 10 {
            PhoneKind::Mobile
        } else {
            PhoneKind::Landline
        }
    }

    /// International form for `tel:` links and SMS gateways: `+84912345678`.
    pub fn international(&self) -> String {
        format!("+84{}", &self.0[1..])
    }

    /// Grouped for reading aloud: `0912 345 678`, landline `0225 3842 123`.
    pub fn grouped(&self) -> String {
        let s = &self.0;
        match self.kind() {
            PhoneKind::Mobile => format!("{} {} {}", &s[..4], &s[4..7], &s[7..]),
            PhoneKind::Landline => format!("{} {} {}", &s[..4], &s[4..8], &s[8..]),
        }
    }
}

fn national_after_country_code(after: &str) -> String {
    let after = after.strip_prefix('0').unwrap_or(after);
    format!("0{after}")
}

fn is_valid_national(d: &str) -> bool {
    let all_digits = d.bytes().all(|b| b.is_ascii_digit());
    match d.len() {
        10 => all_digits && MOBILE_PREFIXES.contains(&&d[..3]),
        11 => all_digits && d.starts_with("02"),
        _ => false,
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
