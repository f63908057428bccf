//! The submission wire format: what a phone sends when a citizen submits a draft, and what the
//! server answers. Serde types here *are* the JSON of the API.
//!
//! # Endpoints
//!
//! - `POST /api/v1/attachments` — raw bytes of one photo (≤ [`MAX_ATTACHMENT_BYTES`], else 413);
//!   the server sniffs the type, stores it by SHA-256 and answers [`AttachmentUploaded`].
//!   Uploading the same bytes twice is harmless.
//! - `POST /api/v1/submissions` — body [`NewSubmission`], header `Idempotency-Key` (see
//!   [`IdempotencyKey::for_draft`]). Answers 201 [`SubmissionAccepted`]; a replay of the same key
//!   with the same body answers the *identical* [`SubmissionAccepted`]; the same key with a
//!   different body answers 409; invalid answers give 422 [`ValidationErrorBody`]. Every
//!   attachment referenced must have been uploaded first.
//! - `GET /api/v1/submissions/{receipt}` — header `X-Tracking-Secret`; answers [`TrackingView`],
//!   or 404 for a wrong secret exactly as for an unknown receipt.
//!
//! The client never sends a timestamp: deadlines run from the server's receive time.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::api::ApiError;
use crate::commune::CommuneCode;
use crate::procedure::ProcedureCode;
use crate::text::Localized;

mod ids;
pub use ids::{
    DraftId, IdempotencyKey, InvalidId, ReceiptCode, Sha256Hex, TrackingSecret, RECEIPT_ALPHABET,
    RECEIPT_RANDOM_LEN,
};

/// Largest attachment the server accepts (10 MB); the browser downscales photos to ≤ 1 MB.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

/// A photo of a document attached to a submission, by content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentRef {
    /// SHA-256 of the uploaded bytes.
    pub sha256: Sha256Hex,
    /// Size in bytes.
    pub bytes: u64,
    /// MIME type, e.g. `image/jpeg`.
    pub content_type: String,
    /// The form field (a photo field's id) this attachment answers.
    pub field: String,
    /// The guide's [`RequiredDocument::id`](crate::procedure::RequiredDocument::id) it shows, if any.
    #[serde(default)]
    pub document_id: Option<String>,
}

/// The server's answer to `POST /api/v1/attachments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentUploaded {
    /// SHA-256 the server computed over what it stored.
    pub sha256: Sha256Hex,
    /// Size in bytes.
    pub bytes: u64,
    /// The sniffed MIME type.
    pub content_type: String,
}

/// The body of `POST /api/v1/submissions` (header `Idempotency-Key`). No client timestamps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSubmission {
    /// The draft this submission comes from.
    pub draft_id: DraftId,
    /// The procedure applied for.
    pub procedure: ProcedureCode,
    /// The commune whose office receives it.
    pub commune: CommuneCode,
    /// Version of the form definition the answers were written against.
    pub form_version: u32,
    /// Answers by field id (dates as `yyyy-mm-dd`, choices by option value).
    pub answers: BTreeMap<String, String>,
    /// Photos of documents, uploaded beforehand.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
}

/// Where a submission stands, as the office records it. JSON: `{"state": "received"}`,
/// `{"state": "needs_documents", "note": "..."}`, `{"state": "rejected", "reason": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Received by the office, not yet looked at (tiếp nhận).
    Received,
    /// Being processed (đang xử lý).
    Processing,
    /// The office needs more documents (cần bổ sung hồ sơ).
    NeedsDocuments {
        /// What to bring, written by the official.
        note: String,
    },
    /// Done: the result is ready (đã có kết quả).
    Done,
    /// Rejected (từ chối), with the reason the official wrote.
    Rejected {
        /// Why.
        reason: String,
    },
}

impl SubmissionStatus {
    /// The tag as stored in the `state` column and sent as `"state"`: `received`, `processing`,
    /// `needs_documents`, `done` or `rejected`.
    pub fn tag(&self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Processing => "processing",
            Self::NeedsDocuments { .. } => "needs_documents",
            Self::Done => "done",
            Self::Rejected { .. } => "rejected",
        }
    }

    /// True once done or rejected: nothing more will happen to it.
    pub fn is_closed(&self) -> bool {
        matches!(self, Self::Done | Self::Rejected { .. })
    }

    /// A short label for the state in both languages.
    pub fn label(&self) -> Localized {
        match self {
            Self::Received => Localized::new("Đã tiếp nhận", "Received"),
            Self::Processing => Localized::new("Đang xử lý", "Processing"),
            Self::NeedsDocuments { .. } => {
                Localized::new("Cần bổ sung hồ sơ", "More documents needed")
            }
            Self::Done => Localized::new("Đã có kết quả", "Done"),
            Self::Rejected { .. } => Localized::new("Bị từ chối", "Rejected"),
        }
    }

    /// True when nothing more will happen to the submission.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Done | Self::Rejected { .. })
    }

    /// Whether the office may move a submission from this status to `next`:
    ///
    /// | from             | to                                              |
    /// |------------------|-------------------------------------------------|
    /// | received         | processing, needs_documents, rejected           |
    /// | processing       | needs_documents, done, rejected                 |
    /// | needs_documents  | processing (documents brought), rejected        |
    /// | done, rejected   | nothing (closed)                                |
    pub fn can_become(&self, next: &SubmissionStatus) -> bool {
        use SubmissionStatus as S;
        matches!(
            (self, next),
            (
                S::Received,
                S::Processing | S::NeedsDocuments { .. } | S::Rejected { .. }
            ) | (
                S::Processing,
                S::NeedsDocuments { .. } | S::Done | S::Rejected { .. }
            ) | (S::NeedsDocuments { .. }, S::Processing | S::Rejected { .. })
        )
    }

    /// Checks a change the office asks for: legal by [`can_become`](Self::can_become), and a
    /// note or reason written when the new status needs one (at most 1000 characters).
    pub fn check_change(&self, next: &SubmissionStatus) -> Result<(), Localized> {
        if !self.can_become(next) {
            let (from, to) = (self.label(), next.label());
            return Err(Localized::new(
                format!("Không thể chuyển hồ sơ từ “{}” sang “{}”", from.vi, to.vi),
                format!("A submission cannot go from “{}” to “{}”", from.en, to.en),
            ));
        }
        let text = match next {
            Self::NeedsDocuments { note } => Some(note),
            Self::Rejected { reason } => Some(reason),
            _ => None,
        };
        if let Some(text) = text {
            if text.trim().is_empty() {
                return Err(Localized::new(
                    "Nhập nội dung cần bổ sung hoặc lý do từ chối",
                    "Write what is needed or why it is rejected",
                ));
            }
            if text.chars().count() > 1000 {
                return Err(Localized::new(
                    "Nội dung tối đa 1000 ký tự",
                    "Write at most 1000 characters",
                ));
            }
        }
        Ok(())
    }
}

/// The answer to `POST /api/v1/submissions`; identical on every replay of the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionAccepted {
    /// The receipt code to quote at the desk or over the phone.
    pub receipt: ReceiptCode,
    /// The private secret that lets this phone track the submission.
    pub tracking_secret: TrackingSecret,
    /// When the server received it, RFC 3339 UTC (e.g. `2026-11-25T08:15:00Z`).
    pub received_at: String,
    /// The legal due date (`yyyy-mm-dd`), when the procedure has a fixed processing time.
    pub due_date: Option<String>,
    /// The status at acceptance (normally [`SubmissionStatus::Received`]).
    pub status: SubmissionStatus,
}

/// The answer to `GET /api/v1/submissions/{receipt}` with header `X-Tracking-Secret`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackingView {
    /// The receipt code.
    pub receipt: ReceiptCode,
    /// The procedure applied for.
    pub procedure: ProcedureCode,
    /// Its name, to show without the catalog.
    pub procedure_name: Localized,
    /// The receiving commune.
    pub commune: CommuneCode,
    /// Current status.
    pub status: SubmissionStatus,
    /// When the server received it, RFC 3339 UTC.
    pub received_at: String,
    /// When the status last changed, RFC 3339 UTC.
    pub updated_at: String,
    /// The legal due date (`yyyy-mm-dd`), when known.
    pub due_date: Option<String>,
    /// The citizen's rating of this submission and the office's reply, once rated.
    #[serde(default)]
    pub rating: Option<crate::feedback::RatingView>,
}

/// One problem with one answer, shown next to the field and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field id (or a photo field id for attachment problems); the summary links to it.
    pub field: String,
    /// Stable machine code, e.g. `required`, `invalid_citizen_id`, `too_young`.
    pub code: String,
    /// What is wrong and how to fix it, GOV.UK style ("Nhập số điện thoại di động, như 0912 345 678").
    pub message: Localized,
}

impl FieldError {
    /// Builds an error.
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: Localized) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message,
        }
    }
}

/// All problems found in a set of answers, in form order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ValidationErrors {
    /// The problems, at most one per field (the first found).
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// True when there is no problem.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Adds a problem unless the field already has one (one message per field).
    pub fn push(&mut self, error: FieldError) {
        if !self.errors.iter().any(|e| e.field == error.field) {
            self.errors.push(error);
        }
    }

    /// The problem with a field, if any.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }

    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

/// The 422 body of the API: `{ "error": { "code": "validation", "message": ... }, "fields": [...] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationErrorBody {
    /// The envelope every API error has, code `validation`.
    pub error: ApiError,
    /// The field problems.
    pub fields: Vec<FieldError>,
}

impl From<ValidationErrors> for ValidationErrorBody {
    fn from(value: ValidationErrors) -> Self {
        Self {
            error: ApiError {
                code: "validation".to_owned(),
                message: "Một số thông tin chưa hợp lệ / Some answers need correcting".to_owned(),
            },
            fields: value.errors,
        }
    }
}

impl From<ValidationErrorBody> for ValidationErrors {
    fn from(value: ValidationErrorBody) -> Self {
        Self {
            errors: value.fields,
        }
    }
}

#[cfg(test)]
mod tests;
