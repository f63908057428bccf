//! `use_page_commune` and `use_catalog`: which commune a page shows and loading its catalog.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::hooks::use_watch;
use crate::state::AppState;
use crate::sync;

/// The commune a procedures page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCommune {
    /// The commune code.
    pub code: String,
    /// True when it came from `?commune=` and differs from the remembered one (links then carry
    /// the parameter along).
    pub from_query: bool,
}

/// `?commune=CODE` when valid, else the remembered commune, else `None` (ask the user).
/// A QR deep link on a fresh phone also remembers the commune it names.
pub fn use_page_commune(state: AppState) -> Memo<Option<PageCommune>> {
    let query = use_query_map();
    use_watch(move || {
        let code = query.with(|q| q.get("commune"));
        if let Some(code) = code.filter(|c| motcua_domain::CommuneCode::parse(c).is_ok()) {
            if state.chosen.with_untracked(Option::is_none) {
                // Not while rendering: write the signal on the next task.
                leptos::task::spawn_local(async move { state.choose(&code) });
            }
        }
    });
    Memo::new(move |_| {
        let chosen = state.chosen.get();
        let wanted = query
            .with(|q| q.get("commune"))
            .filter(|c| motcua_domain::CommuneCode::parse(c).is_ok());
        match wanted {
            Some(code) => Some(PageCommune {
                from_query: chosen.as_deref() != Some(code.as_str()),
                code,
            }),
            None => chosen.map(|code| PageCommune {
                code,
                from_query: false,
            }),
        }
    })
}

/// Loads (from storage, then the server) the catalog of whatever commune `code` yields.
pub fn use_catalog(state: AppState, code: impl Fn() -> Option<String> + Send + Sync + 'static) {
    use_watch(move || {
        if let Some(code) = code() {
            // Not while rendering: the load writes signals this page reads.
            leptos::task::spawn_local(async move { sync::ensure_catalog(state, code) });
        }
    });
}
