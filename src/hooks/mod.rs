//! Small reactive hooks (the app does not depend on leptos-use).

pub mod catalog;
pub mod focus;
pub mod online;
pub mod search;
pub mod watch;

pub use catalog::{use_catalog, use_page_commune, PageCommune};
pub use focus::use_focus_h1_on_navigation;
pub use online::use_online_sync;
pub use search::use_search_indexes;
pub use watch::use_watch;
