//! The citizen ID number (số định danh cá nhân, printed on the CCCD card): 12 digits.
//!
//! Layout (Thông tư 59/2021/TT-BCA, formerly 07/2016/TT-BCA): digits 1–3 are the code of the
//! province where the birth was registered (one of the 63 codes in use before the 2025 merger,
//! [`PROVINCE_CODES`]); digit 4 encodes century of birth and sex (0/1: 20th century male/female,
//! 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th); digits 5–6 are the last two digits of the year of
//! birth; digits 7–12 are a random serial. There is no check digit.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{digits_only, Date, Problem};
use crate::text::Localized;

/// The 63 province codes of citizen ID numbers and the provinces they name (pre-2025 provinces).
pub const PROVINCE_CODES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa – Vũng Tàu"),
    ("079", "Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// The province a citizen-ID province code names, if it is one.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

/// Sex as encoded in the citizen ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

/// A valid citizen ID number, stored as its 12 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CitizenId(String);

/// Why a citizen ID number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CitizenIdError {
    /// Nothing typed.
    #[error("nhập số định danh cá nhân / enter the citizen ID number")]
    Empty,
    /// Something other than digits and separators.
    #[error("số định danh chỉ gồm chữ số / a citizen ID number has digits only")]
    NotDigits,
    /// Not exactly 12 digits.
    #[error("số định danh gồm 12 chữ số / a citizen ID number has 12 digits")]
    WrongLength,
    /// The first three digits are not a province code.
    #[error("3 chữ số đầu không phải mã tỉnh / the first 3 digits are not a province code")]
    UnknownProvince,
    /// The birth year it encodes is after today's year.
    #[error(
        "năm sinh trong số định danh ở tương lai / the birth year in the number is in the future"
    )]
    BornInFuture,
    /// The number does not match the date of birth given on the form.
    #[error("số định danh không khớp năm sinh / the number does not match the year of birth")]
    BirthYearMismatch,
}

impl Problem for CitizenIdError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::NotDigits | Self::WrongLength => "invalid_citizen_id",
            Self::UnknownProvince => "unknown_province_code",
            Self::BornInFuture => "citizen_id_born_in_future",
            Self::BirthYearMismatch => "citizen_id_birth_year_mismatch",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::Empty => Localized::new(
                "Nhập số định danh cá nhân (12 số trên thẻ căn cước)",
                "Enter the citizen ID number (the 12 digits on the ID card)",
            ),
            Self::NotDigits => Localized::new(
                "Số định danh cá nhân chỉ gồm chữ số, ví dụ 031 095 001 234",
                "A citizen ID number has digits only, for example 031 095 001 234",
            ),
            Self::WrongLength => Localized::new(
                "Số định danh cá nhân phải gồm đúng 12 chữ số",
                "A citizen ID number must be exactly 12 digits",
            ),
            Self::UnknownProvince => Localized::new(
                "3 chữ số đầu không phải mã tỉnh, thành phố: kiểm tra lại số trên thẻ căn cước",
                "The first 3 digits are not a province code: check the number on the ID card",
            ),
            Self::BornInFuture => Localized::new(
                "Số định danh cá nhân không đúng: kiểm tra chữ số thứ 4 đến thứ 6",
                "The citizen ID number is not right: check the 4th to 6th digits",
            ),
            Self::BirthYearMismatch => Localized::new(
                "Số định danh cá nhân không khớp với năm sinh đã khai",
                "The citizen ID number does not match the year of birth given",
            ),
        }
    }
}

impl CitizenId {
    /// Parses a number as typed: spaces, dots and dashes between digits are ignored.
    pub fn parse(input: &str) -> Result<Self, CitizenIdError> {
        if input.trim().is_empty() {
            return Err(CitizenIdError::Empty);
        }
        let digits = digits_only(input).ok_or(CitizenIdError::NotDigits)?;
        if digits.len() != 12 {
            return Err(CitizenIdError::WrongLength);
        }
        if province_name(&digits[..3]).is_none() {
            return Err(CitizenIdError::UnknownProvince);
        }
        Ok(Self(digits))
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn digit(&self, i: usize) -> u16 {
        u16::from(self.0.as_bytes()[i] - b'0')
    }

    /// The province code (first 3 digits).
    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    /// The province the birth was registered in.
    pub fn province(&self) -> &'static str {
        province_name(self.province_code()).unwrap_or("")
    }

    /// The first year of the century of birth: 1900, 2000, 2100, 2200 or 2300.
    pub fn birth_century(&self) -> u16 {
        1900 + (self.digit(3) / 2) * 100
    }

    /// The sex encoded by the 4th digit (even: male, odd: female).
    pub fn sex(&self) -> Sex {
        if self.digit(3) % 2 == 0 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The year of birth the number encodes.
    pub fn birth_year(&self) -> u16 {
        self.birth_century() + self.digit(4) * 10 + self.digit(5)
    }

    /// Checks the encoded year of birth is not after `today`.
    pub fn check_plausible(&self, today: Date) -> Result<(), CitizenIdError> {
        if self.birth_year() > today.year() {
            Err(CitizenIdError::BornInFuture)
        } else {
            Ok(())
        }
    }

    /// Checks the number against a date of birth given on the same form.
    pub fn check_birth_date(&self, born: Date) -> Result<(), CitizenIdError> {
        if self.birth_year() == born.year() {
            Ok(())
        } else {
            Err(CitizenIdError::BirthYearMismatch)
        }
    }
}

impl TryFrom<String> for CitizenId {
    type Error = CitizenIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CitizenId> for String {
    fn from(value: CitizenId) -> Self {
        value.0
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
