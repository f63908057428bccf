//! Reusable UI pieces.

pub mod chart;
pub mod checklist;
pub mod commune_chooser;
pub mod deferred;
pub mod error_summary;
pub mod form_field;
pub mod lang_toggle;
pub mod layout;
pub mod photo_field;
pub mod rating_form;
pub mod receipt;
pub mod search;
pub mod staged;
pub mod status;
pub mod update_banner;

pub use chart::{Bar, BarChart};
pub use checklist::Checklist;
pub use commune_chooser::CommuneChooser;
pub use deferred::deferred;
pub use error_summary::{focus_error_summary, focus_id, ErrorSummary};
pub use form_field::{FieldCtx, FieldErrorMessage, FormField};
pub use lang_toggle::LangToggle;
pub use layout::Layout;
pub use photo_field::PhotoField;
pub use rating_form::RatingForm;
pub use receipt::Receipt;
pub use search::{SearchBox, SearchResults};
pub use staged::{part, Part, Staged};
pub use status::{LoadFailed, Loading};
pub use update_banner::UpdateBanner;
