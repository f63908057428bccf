//! Bilingual text. Vietnamese is always present; English is written for every seeded record.

use serde::{Deserialize, Serialize};

/// A text in Vietnamese (authoritative) and English (a faithful summary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Localized {
    /// Vietnamese, the legal text.
    pub vi: String,
    /// English, for foreigners and for staff training material.
    pub en: String,
}

impl Localized {
    /// Builds a text from both languages.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in the given language; falls back to Vietnamese when English is empty.
    pub fn get(&self, english: bool) -> &str {
        if english && !self.en.is_empty() {
            &self.en
        } else {
            &self.vi
        }
    }
}
