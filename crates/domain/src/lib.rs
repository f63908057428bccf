//! # motcua-domain
//!
//! The pure heart of motcua, shared by the browser app (wasm32) and the server (native):
//!
//! - [`commune`]: communes (xã, phường, đặc khu), their one-stop office and its public staff directory;
//! - [`procedure`]: national administrative procedure templates (thủ tục hành chính) and their codes;
//! - [`catalog`]: what a citizen's phone stores for one commune — procedures with local overrides
//!   applied — with a monotonically increasing catalog `version` for delta sync;
//! - [`api`]: the JSON error envelope every API error uses.
//!
//! Serde types here *are* the wire format. Nothing in this crate performs IO.

pub mod api;
pub mod catalog;
pub mod commune;
pub mod procedure;
pub mod text;

pub use api::{ApiError, ApiErrorBody};
pub use catalog::{Catalog, CatalogVersion, LocalOverride};
pub use commune::{Commune, CommuneCode, CommuneKind, CommuneSummary, Office, StaffMember};
pub use procedure::{Procedure, ProcedureCode, RequiredDocument};
pub use text::Localized;
