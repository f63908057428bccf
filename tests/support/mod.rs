//! Shared by the storage test files: realistic records, and databases exactly as each released
//! version of the app left them on a phone.

pub mod fixtures;
pub mod released;
