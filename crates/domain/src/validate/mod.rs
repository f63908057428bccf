//! Validation newtypes for answers citizens type: each `parse()` either returns a value that is
//! valid by construction, or a typed error that says what is wrong in words a citizen can act on
//! (Vietnamese first, English available), GOV.UK style: "Nhập …" / "Enter …".
//!
//! The same code runs in the browser (as the citizen types, per step) and on the server (before
//! a submission is accepted), so the two can never disagree.

use crate::submission::FieldError;
use crate::text::Localized;

mod address;
mod choice;
mod citizen_id;
mod date;
mod name;
pub(crate) mod phone;

pub use address::{Address, AddressError};
pub use choice::{Choice, ChoiceError};
pub use citizen_id::{province_name, CitizenId, CitizenIdError, Sex, PROVINCE_CODES};
pub use date::{Date, DateError, DateOfBirth};
pub use name::{NameError, PersonName};
pub use phone::{PhoneError, PhoneKind, PhoneNumber};

/// What every validation error offers: a stable code and a message for the citizen.
pub trait Problem {
    /// A stable machine code, e.g. `invalid_citizen_id` (used by tests and the API).
    fn code(&self) -> &'static str;

    /// What is wrong and how to fix it.
    fn message(&self) -> Localized;

    /// The problem attached to a form field.
    fn at(&self, field: &str) -> FieldError {
        FieldError::new(field, self.code(), self.message())
    }
}

/// The message of a field left empty.
pub fn required_message() -> Localized {
    Localized::new("Mục này là bắt buộc", "This field is required")
}

/// True when the text looks like markup (`< > { }`) or contains control characters other than newline.
pub fn has_markup(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '<' | '>' | '{' | '}') || (c.is_control() && c != '\n'))
}

/// Trims and collapses runs of whitespace into one space.
pub(crate) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Digits of an input after removing the separators people type: spaces, dots, dashes,
/// parentheses. `None` when anything else remains.
pub(crate) fn digits_only(s: &str) -> Option<String> {
    let kept: String = s
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')')))
        .collect();
    kept.bytes().all(|b| b.is_ascii_digit()).then_some(kept)
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
