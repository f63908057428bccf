//! `use_search_indexes`: keeps a search index per loaded catalog once search is wanted (a search
//! box focused, a query shown: [`AppState::want_search`]), rebuilt whenever a catalog sync
//! changes it (issue 4). Not at start: building 85 procedures' index is a long task on a slow
//! phone (about 300 ms at 4× CPU), which a guide or a QR landing does not need (issue 9).

use std::sync::Arc;

use leptos::prelude::*;
use motcua_domain::Procedure;

use crate::hooks::use_watch;
use crate::state::{AppState, SearchIndex};

/// Once `state.search_wanted`, watches `state.catalogs`; (re)builds `state.search` for every
/// catalog whose version or size differs from what is indexed, off the render.
pub fn use_search_indexes(state: AppState) {
    use_watch(move || {
        if !state.search_wanted.get() || state.search_failed.get() {
            return;
        }
        let loaded: Vec<(String, u64, usize)> = state.catalogs.with(|m| {
            m.iter()
                .map(|(code, c)| (code.clone(), c.version, c.procedures.len()))
                .collect()
        });
        let stale: Vec<String> = state.search.with_untracked(|indexed| {
            loaded
                .iter()
                .filter(|(code, version, n)| {
                    indexed
                        .get(code)
                        .is_none_or(|i| i.version != *version || i.procedures != *n)
                })
                .map(|(code, _, _)| code.clone())
                .collect()
        });
        if stale.is_empty() {
            return;
        }
        // Not while rendering: the build writes a signal pages read.
        leptos::task::spawn_local(async move {
            for code in stale {
                let Some((version, procedures)) = state
                    .catalogs
                    .try_with_untracked(|m| m.get(&code).map(|c| (c.version, c.procedures.clone())))
                    .flatten()
                else {
                    continue;
                };
                let count = procedures.len();
                let Some(index) = build_index(procedures).await else {
                    state.search_failed.try_set(true);
                    return;
                };
                state.search.try_update(|s| {
                    s.insert(
                        code,
                        SearchIndex {
                            version,
                            procedures: count,
                            index: Arc::new(index),
                        },
                    );
                });
            }
        });
    });
}

/// Builds the search index of `procedures`. With the `split` feature the index builder and the
/// synonym table are a wasm part of their own, fetched the first time search is wanted; `None`
/// when that part cannot be fetched (a first visit that went offline before the service worker
/// precached it).
async fn build_index(procedures: Vec<Procedure>) -> Option<motcua_search::Index> {
    #[cfg(feature = "split")]
    {
        build_part(procedures).await.ok()
    }
    #[cfg(not(feature = "split"))]
    {
        Some(motcua_search::Index::from_procedures(&procedures))
    }
}

/// [`build_index`]'s wasm part.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(search_index, fallible, wasm_split_path = ::leptos::wasm_split)]
fn build_part(
    procedures: Vec<Procedure>,
) -> Result<motcua_search::Index, leptos::wasm_split::SplitLoaderError> {
    Ok(motcua_search::Index::from_procedures(&procedures))
}
