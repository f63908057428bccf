//! Free-text addresses ("Thôn 3, xã Thủy Nguyên, Hải Phòng").

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{collapse_spaces, has_markup, Problem};
use crate::text::Localized;

/// An address: free text of 5–300 characters after trimming (runs of spaces collapse), without
/// markup (`< > { }`) or control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Address(String);

/// Why an address was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Nothing typed.
    #[error("nhập địa chỉ / enter an address")]
    Empty,
    /// Fewer than 5 characters.
    #[error("địa chỉ quá ngắn / the address is too short")]
    TooShort,
    /// More than 300 characters.
    #[error("địa chỉ quá dài / the address is too long")]
    TooLong,
    /// Markup or control characters.
    #[error("địa chỉ có ký tự không hợp lệ / the address has characters that are not allowed")]
    BadCharacter,
}

impl Problem for AddressError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::TooShort => "address_too_short",
            Self::TooLong => "address_too_long",
            Self::BadCharacter => "invalid_address",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::Empty => Localized::new(
                "Nhập địa chỉ, ví dụ: Thôn 3, xã Thủy Nguyên",
                "Enter an address, for example: Thôn 3, xã Thủy Nguyên",
            ),
            Self::TooShort => Localized::new(
                "Nhập đầy đủ địa chỉ: số nhà hoặc thôn, xã/phường",
                "Enter the full address: house number or hamlet, and commune or ward",
            ),
            Self::TooLong => Localized::new(
                "Địa chỉ phải từ 300 ký tự trở xuống",
                "The address must be 300 characters or fewer",
            ),
            Self::BadCharacter => Localized::new(
                "Địa chỉ không được có các ký tự < > { }",
                "The address must not include the characters < > { }",
            ),
        }
    }
}

impl Address {
    /// Parses an address as typed.
    pub fn parse(input: &str) -> Result<Self, AddressError> {
        if has_markup(input) {
            return Err(AddressError::BadCharacter);
        }
        let s = collapse_spaces(input);
        match s.chars().count() {
            0 => Err(AddressError::Empty),
            1..=4 => Err(AddressError::TooShort),
            5..=300 => Ok(Self(s)),
            _ => Err(AddressError::TooLong),
        }
    }

    /// The address, spaces collapsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Address {
    type Error = AddressError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Address> for String {
    fn from(value: Address) -> Self {
        value.0
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
