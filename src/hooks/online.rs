//! `use_online_sync`: follow the browser's online/offline events and pull when back online.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::{AppState, SyncStatus};
use crate::sync;

/// Listens to `online`/`offline` on `window`: updates [`AppState::online`], shows the offline
/// notice, and pulls fresh data when the connection returns.
///
/// ```ignore
/// use_online_sync(use_app());
/// ```
pub fn use_online_sync(state: AppState) {
    let on = window_event_listener(ev::online, move |_| {
        state.online.set(true);
        spawn_local(sync::pull_all(state, Vec::new()));
    });
    let off = window_event_listener(ev::offline, move |_| {
        state.online.set(false);
        state.sync.set(SyncStatus::Offline);
    });
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
}
