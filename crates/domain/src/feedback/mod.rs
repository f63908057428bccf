//! Citizen feedback: the rating scale (data per deployment), the rating wire type, comment
//! cleaning, and the public dashboard's numbers ([`stats`]).
//!
//! # Endpoints
//!
//! - `POST /api/v1/ratings` — body [`NewRating`], header `Idempotency-Key` (equal to
//!   [`NewRating::key`]). 201 [`RatingAccepted`] (also on replay); 404 for an unknown receipt or
//!   a wrong tracking secret; 409 `already_rated` for a second rating of one receipt; 413 for a
//!   body over 16 KB; 422 [`ValidationErrorBody`](crate::ValidationErrorBody) for a level off the
//!   scale or a comment over [`MAX_COMMENT_CHARS`]; 429 with `Retry-After` when a device or an
//!   address sent too many anonymous ratings.
//! - `GET /api/v1/rating-scale` — the deployment's [`RatingScale`].
//! - `GET /api/v1/stats[?commune=][&format=csv]` — [`stats::StatsOverview`] or
//!   [`stats::CommuneStats`], as JSON or CSV.
//!
//! Comments are plain text: [`clean_comment`] strips markup before anything is stored, and
//! every view renders them as text, never as HTML.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::commune::CommuneCode;
use crate::submission::{DraftId, FieldError, IdempotencyKey, ReceiptCode, ValidationErrors};
use crate::text::Localized;
use crate::validate::Problem;

pub mod chart;
pub mod stats;

/// Longest comment kept, in characters, after markup is stripped.
pub const MAX_COMMENT_CHARS: usize = 1_000;

/// One step of a rating scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScaleLevel {
    /// The value stored and sent (1 = worst).
    pub value: u8,
    /// What the citizen reads.
    pub label: Localized,
    /// True for the levels staff must answer (e.g. "Không hài lòng").
    pub negative: bool,
}

/// One criterion of a multi-criteria form (e.g. "thái độ", "thời gian").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    /// Stable id, the key in [`NewRating::criteria`].
    pub id: String,
    /// What the citizen reads.
    pub label: Localized,
}

/// The scale a deployment rates on: its levels, best first, and optional extra criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingScale {
    /// Stable id, stored with each rating (`national3`, `five`).
    pub id: String,
    /// The levels, best first.
    pub levels: Vec<ScaleLevel>,
    /// Extra criteria rated on the same levels (empty for the national form).
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

impl Default for RatingScale {
    fn default() -> Self {
        Self::national()
    }
}

impl RatingScale {
    /// The national three-level scale: Rất hài lòng / Hài lòng / Không hài lòng.
    pub fn national() -> Self {
        let level = |value, vi: &str, en: &str, negative| ScaleLevel {
            value,
            label: Localized::new(vi, en),
            negative,
        };
        Self {
            id: "national3".to_owned(),
            levels: vec![
                level(3, "Rất hài lòng", "Very satisfied", false),
                level(2, "Hài lòng", "Satisfied", false),
                level(1, "Không hài lòng", "Not satisfied", true),
            ],
            criteria: Vec::new(),
        }
    }

    /// A five-level scale as some portals use (1–2 negative).
    pub fn five_level() -> Self {
        let level = |value, vi: &str, en: &str| ScaleLevel {
            value,
            label: Localized::new(vi, en),
            negative: value <= 2,
        };
        Self {
            id: "five".to_owned(),
            levels: vec![
                level(5, "Rất hài lòng", "Very satisfied"),
                level(4, "Hài lòng", "Satisfied"),
                level(3, "Bình thường", "Neutral"),
                level(2, "Không hài lòng", "Not satisfied"),
                level(1, "Rất không hài lòng", "Very dissatisfied"),
            ],
            criteria: Vec::new(),
        }
    }

    /// The scale named `id` (`national3`, `five`), if known.
    pub fn by_id(id: &str) -> Option<Self> {
        match id {
            "national3" => Some(Self::national()),
            "five" => Some(Self::five_level()),
            _ => None,
        }
    }

    /// The level with this value.
    pub fn level(&self, value: u8) -> Option<&ScaleLevel> {
        self.levels.iter().find(|l| l.value == value)
    }

    /// True when `value` is a negative level of this scale.
    pub fn is_negative(&self, value: u8) -> bool {
        self.level(value).is_some_and(|l| l.negative)
    }
}

/// What is rated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RatingTarget {
    /// A submission, by whoever holds its tracking secret (one rating per receipt).
    Receipt {
        /// The receipt code.
        receipt: ReceiptCode,
        /// Its tracking secret.
        tracking_secret: String,
    },
    /// An official, from the QR code on their name tag (anonymous, limited per device).
    Official {
        /// The official's id in the commune's staff directory.
        official: String,
    },
    /// The office as a whole (anonymous, limited per device).
    Office,
}

impl RatingTarget {
    /// True for ratings without a receipt (limited per device and address).
    pub fn is_anonymous(&self) -> bool {
        !matches!(self, Self::Receipt { .. })
    }

    /// `receipt`, `official` or `office`, as stored.
    pub fn tag(&self) -> &'static str {
        match self {
            Self::Receipt { .. } => "receipt",
            Self::Official { .. } => "official",
            Self::Office => "office",
        }
    }
}

/// The body of `POST /api/v1/ratings`. No client timestamps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRating {
    /// The rating's id, generated on the phone (the outbox item's id).
    pub id: DraftId,
    /// Its idempotency key, [`IdempotencyKey::for_draft`] of `id`; sent as header too.
    pub key: IdempotencyKey,
    /// The commune whose office is rated.
    pub commune: CommuneCode,
    /// What is rated.
    pub target: RatingTarget,
    /// The level on the deployment's scale.
    pub level: u8,
    /// Per-criterion levels of a multi-criteria form.
    #[serde(default)]
    pub criteria: BTreeMap<String, u8>,
    /// The official the citizen names (optional; the QR target names one already).
    #[serde(default)]
    pub official: Option<String>,
    /// What the citizen wrote; cleaned with [`clean_comment`] before storage.
    #[serde(default)]
    pub comment: String,
    /// A random id the app keeps in IndexedDB, for the per-device limit of anonymous ratings.
    #[serde(default)]
    pub device: Option<String>,
}

impl NewRating {
    /// The official this rating is about: the QR target's, else the one the citizen named.
    pub fn official_id(&self) -> Option<&str> {
        match &self.target {
            RatingTarget::Official { official } => Some(official.as_str()),
            _ => self.official.as_deref().filter(|o| !o.is_empty()),
        }
    }
}

/// The answer to `POST /api/v1/ratings`; identical on every replay of the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingAccepted {
    /// The server's id of the rating.
    pub id: i64,
    /// The level stored.
    pub level: u8,
    /// The comment as stored (plain text).
    pub comment: String,
    /// When the server received it, RFC 3339 UTC.
    pub received_at: String,
}

/// A rating and its reply as the citizen sees them on the tracking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingView {
    /// The level given.
    pub level: u8,
    /// The level's label on the deployment's scale.
    pub label: Localized,
    /// The comment (plain text).
    pub comment: String,
    /// When it was received, RFC 3339 UTC.
    pub received_at: String,
    /// The office's answer, if any.
    #[serde(default)]
    pub reply: Option<StaffReply>,
}

/// The office's answer to a rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReply {
    /// The answer (plain text).
    pub text: String,
    /// When it was written, RFC 3339 UTC.
    pub at: String,
}

/// Why a rating was refused before storage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    /// The level is not on the scale.
    #[error("level {0} is not on the scale")]
    UnknownLevel(u8),
    /// A criterion is not on the form, or its level is not on the scale.
    #[error("unknown criterion or level: {0}")]
    BadCriterion(String),
    /// The comment is longer than [`MAX_COMMENT_CHARS`] once cleaned.
    #[error("comment of {0} characters")]
    CommentTooLong(usize),
    /// The official is not in the commune's directory.
    #[error("unknown official {0}")]
    UnknownOfficial(String),
}

impl Problem for RatingError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownLevel(_) => "unknown_level",
            Self::BadCriterion(_) => "unknown_criterion",
            Self::CommentTooLong(_) => "comment_too_long",
            Self::UnknownOfficial(_) => "unknown_official",
        }
    }

    fn message(&self) -> Localized {
        match self {
            Self::UnknownLevel(_) => {
                Localized::new("Chọn một mức độ hài lòng", "Choose how satisfied you are")
            }
            Self::BadCriterion(_) => Localized::new(
                "Chọn mức độ hài lòng cho từng tiêu chí",
                "Choose a level for each criterion",
            ),
            Self::CommentTooLong(n) => Localized::new(
                format!("Góp ý tối đa {MAX_COMMENT_CHARS} ký tự (hiện có {n} ký tự)"),
                format!(
                    "A comment can be at most {MAX_COMMENT_CHARS} characters (this one has {n})"
                ),
            ),
            Self::UnknownOfficial(_) => Localized::new(
                "Chọn cán bộ trong danh sách của xã",
                "Choose an official from the commune's list",
            ),
        }
    }
}

impl RatingError {
    /// The form field the problem belongs to (`level`, `criteria`, `comment`, `official`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::UnknownLevel(_) => "level",
            Self::BadCriterion(_) => "criteria",
            Self::CommentTooLong(_) => "comment",
            Self::UnknownOfficial(_) => "official",
        }
    }
}

/// A comment as plain text: tags (`<…>`) removed, leftover `<`/`>` dropped, control characters
/// other than newlines dropped, spaces collapsed within each line, at most one blank line kept,
/// trimmed. The result never contains `<` or `>`, so it cannot be markup anywhere.
pub fn clean_comment(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '>' => {}
            _ if in_tag => {}
            '\r' => {}
            '\n' | '\t' => text.push(if c == '\t' { ' ' } else { '\n' }),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() && lines.last().is_none_or(String::is_empty) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// Checks a rating against the scale and the commune's officials; returns the cleaned comment.
/// Every problem is reported (one per field), in form order.
pub fn validate_rating(
    rating: &NewRating,
    scale: &RatingScale,
    officials: &[&str],
) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut push = |e: RatingError| errors.push(FieldError::new(e.field(), e.code(), e.message()));
    if scale.level(rating.level).is_none() {
        push(RatingError::UnknownLevel(rating.level));
    }
    for (id, level) in &rating.criteria {
        if !scale.criteria.iter().any(|c| &c.id == id) || scale.level(*level).is_none() {
            push(RatingError::BadCriterion(id.clone()));
        }
    }
    if let Some(official) = rating.official_id() {
        if !officials.contains(&official) {
            push(RatingError::UnknownOfficial(official.to_owned()));
        }
    }
    let comment = clean_comment(&rating.comment);
    let chars = comment.chars().count();
    if chars > MAX_COMMENT_CHARS {
        push(RatingError::CommentTooLong(chars));
    }
    errors.into_result().map(|()| comment)
}

#[cfg(test)]
mod tests;
