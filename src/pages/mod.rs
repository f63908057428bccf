//! One file per route.

pub mod draft;
pub mod drafts;
pub mod home;
pub mod not_found;
pub mod office;
pub mod procedure;
pub mod procedures;
pub mod qr_landing;
pub mod rate;
pub mod scan;
pub mod split;
pub mod stats;
pub mod track;

pub use draft::{DraftPage, NewDraftPage};
pub use drafts::DraftsPage;
pub use home::HomePage;
pub use not_found::{NotFound, NotFoundPage};
pub use office::OfficePage;
pub use procedure::ProcedurePage;
pub use procedures::ProceduresPage;
pub use qr_landing::QrLandingPage;
pub use rate::RatePage;
pub use scan::ScanPage;
pub use stats::{CommuneStatsPage, StatsPage};
pub use track::{TrackFormPage, TrackPage};
