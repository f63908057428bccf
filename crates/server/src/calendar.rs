//! Working days of Vietnamese public offices: the pure calculator lives in
//! [`motcua_domain::calendar`] (tested there); this module re-exports it for the server.

pub use motcua_domain::calendar::*;
