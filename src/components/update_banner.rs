//! The "new version" banner: non-modal, never takes focus; the citizen reloads when they choose.
//! The same live region says when opening the data waits for another tab to close.

use leptos::prelude::*;

use crate::i18n::{t, Msg};
use crate::state::use_app;
use crate::sw::update;

/// Shows "Có phiên bản mới — tải lại" with a "Tải lại" button while
/// [`crate::state::AppState::update_ready`] is set. The live region is always in the page, so
/// screen readers announce the message when it appears. While
/// [`crate::state::AppState::storage_blocked`] is set it asks to close the app's other tabs.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = use_app();
    let applying = RwSignal::new(false);
    let tr = move |m: Msg| t(m, state.lang.get());
    let reload = move |_| {
        if applying.get_untracked() {
            return;
        }
        applying.set(true);
        leptos::task::spawn_local(update::apply());
    };
    view! {
        <div class="app-update" role="status">
            {move || state.storage_blocked.get().then(|| view! {
                <div class="app-update__inner" id="storage-blocked">
                    <p class="app-update__text">{tr(Msg::StorageBlocked)}</p>
                </div>
            })}
            {move || state.update_ready.get().then(|| view! {
                <div class="app-update__inner">
                    <p class="app-update__text">{tr(Msg::UpdateReady)}</p>
                    <button
                        type="button"
                        id="update-reload"
                        class="app-button app-button--secondary app-update__button"
                        aria-disabled=move || applying.get().then_some("true")
                        on:click=reload
                    >
                        {tr(Msg::UpdateReload)}
                    </button>
                </div>
            })}
        </div>
    }
}
