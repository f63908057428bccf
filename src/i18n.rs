//! The typed message catalogue lives in the domain crate ([`motcua_domain::i18n`]): the server
//! renders the first screen of the landing pages from the same strings.

pub use motcua_domain::i18n::*;
