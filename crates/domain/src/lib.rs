//! # motcua-domain
//!
//! The pure heart of motcua, shared by the browser app (wasm32) and the server (native):
//!
//! - [`commune`]: communes (xã, phường, đặc khu), their one-stop office and its public staff directory;
//! - [`procedure`]: national administrative procedure templates (thủ tục hành chính) and their codes;
//! - [`catalog`]: what a citizen's phone stores for one commune — procedures with local overrides
//!   applied — with a monotonically increasing catalog `version` for delta sync;
//! - [`qr`]: QR short links `/q/{token}` (posters, desks, name tags), their resolution and the
//!   check that a scanned text is one of ours;
//! - [`api`]: the JSON error envelope every API error uses;
//! - [`calendar`]: Vietnamese working days for legal due dates (holidays incl. Tết, amendments);
//! - [`letters`]: letters to citizens (congratulation, condolence) from editable templates;
//! - [`submission`]: the submission wire format (drafts, idempotency keys, attachments, receipts,
//!   tracking, field-level validation errors);
//! - [`feedback`]: citizen ratings (the scale per deployment, comments as plain text) and the
//!   public dashboard's numbers;
//! - [`forms`]: form definitions of submittable procedures, validation shared by browser and
//!   server, and migration of drafts across form versions;
//! - [`sync`]: the outbox sync protocol as a pure state machine;
//! - [`validate`]: validation newtypes for what citizens type (citizen ID, phone, names, dates…).
//!
//! Serde types here *are* the wire format. Nothing in this crate performs IO. With the `openapi`
//! feature (the server turns it on; the browser app does not), the wire types of the JSON API
//! also derive `utoipa::ToSchema`, for the server's OpenAPI document.

pub mod api;
pub mod calendar;
pub mod catalog;
pub mod commune;
pub mod feedback;
pub mod forms;
pub mod i18n;
pub mod letters;
pub mod order;
pub mod procedure;
pub mod qr;
pub mod submission;
pub mod sync;
pub mod text;
pub mod validate;

pub use api::{ApiError, ApiErrorBody};
pub use catalog::{Catalog, CatalogVersion, LocalOverride};
pub use commune::{Commune, CommuneCode, CommuneKind, CommuneSummary, Office, StaffMember};
pub use procedure::{Procedure, ProcedureCode, RequiredDocument};
pub use qr::{QrLanding, QrLink, QrStatus, QrTarget, QrToken};
pub use submission::{
    AttachmentRef, AttachmentUploaded, DraftId, FieldError, IdempotencyKey, InvalidId,
    NewSubmission, ReceiptCode, Sha256Hex, SubmissionAccepted, SubmissionStatus, TrackingSecret,
    TrackingView, ValidationErrorBody, ValidationErrors,
};
pub use text::Localized;
pub use validate::Date;
