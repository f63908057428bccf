//! People's names as written on civil-status papers, Vietnamese diacritics included.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{collapse_spaces, Problem};
use crate::text::Localized;

/// A person's full name: letters (any script, with or without combining diacritics, so NFC and
/// NFD input both pass), spaces, and the apostrophes, hyphens and dots some names carry
/// (`H'Hen Niê`). 2–100 characters after trimming; runs of spaces collapse to one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// Why a name was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing typed.
    #[error("nhập họ và tên / enter the full name")]
    Empty,
    /// One character.
    #[error("họ tên quá ngắn / the name is too short")]
    TooShort,
    /// More than 100 characters.
    #[error("họ tên quá dài / the name is too long")]
    TooLong,
    /// Digits, markup or other symbols.
    #[error("họ tên chỉ gồm chữ cái / a name has letters only")]
    BadCharacter,
}

impl Problem for NameError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::TooShort => "name_too_short",
            Self::TooLong => "name_too_long",
            Self::BadCharacter => "invalid_name",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::Empty => Localized::new("Nhập họ, chữ đệm và tên", "Enter the full name"),
            Self::TooShort => Localized::new(
                "Họ tên phải có ít nhất 2 chữ cái",
                "The name must be at least 2 letters",
            ),
            Self::TooLong => Localized::new(
                "Họ tên phải từ 100 ký tự trở xuống",
                "The name must be 100 characters or fewer",
            ),
            Self::BadCharacter => Localized::new(
                "Họ tên chỉ được có chữ cái và dấu cách, không có chữ số hay ký hiệu",
                "The name must only include letters and spaces, no digits or symbols",
            ),
        }
    }
}

fn allowed(c: char) -> bool {
    c.is_alphabetic()
        || c == ' '
        || matches!(c, '\'' | '’' | '-' | '.')
        || ('\u{0300}'..='\u{036f}').contains(&c) // combining diacritics (NFD input)
        || ('\u{1dc0}'..='\u{1dff}').contains(&c)
}

impl PersonName {
    /// Parses a name as typed.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = collapse_spaces(input);
        if s.is_empty() {
            return Err(NameError::Empty);
        }
        if !s.chars().all(allowed) || !s.chars().any(char::is_alphabetic) {
            return Err(NameError::BadCharacter);
        }
        match s.chars().count() {
            0..=1 => Err(NameError::TooShort),
            2..=100 => Ok(Self(s)),
            _ => Err(NameError::TooLong),
        }
    }

    /// The name, spaces collapsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
