//! Reusable UI pieces.

pub mod checklist;
pub mod commune_chooser;
pub mod lang_toggle;
pub mod layout;
pub mod status;

pub use checklist::Checklist;
pub use commune_chooser::CommuneChooser;
pub use lang_toggle::LangToggle;
pub use layout::Layout;
pub use status::{LoadFailed, Loading};
