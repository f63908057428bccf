//! An answer that must be one of a fixed set of option values (radios, selects).

use super::Problem;
use crate::text::Localized;

/// A chosen option value, checked against the allowed values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Choice(String);

/// Why a choice was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    /// Nothing chosen.
    #[error("chọn một mục / select an option")]
    Empty,
    /// A value that is not one of the options.
    #[error("lựa chọn không hợp lệ / not one of the options")]
    NotAnOption,
}

impl Problem for ChoiceError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::NotAnOption => "invalid_choice",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::Empty => Localized::new("Chọn một mục", "Select an option"),
            Self::NotAnOption => Localized::new(
                "Chọn một trong các mục được liệt kê",
                "Select one of the options listed",
            ),
        }
    }
}

impl Choice {
    /// Parses a value (trimmed) that must equal one of `allowed`.
    pub fn parse<'a>(
        input: &str,
        allowed: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, ChoiceError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ChoiceError::Empty);
        }
        if allowed.into_iter().any(|a| a == s) {
            Ok(Self(s.to_owned()))
        } else {
            Err(ChoiceError::NotAnOption)
        }
    }

    /// The chosen value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
