//! Loading and failure messages that never leave a page blank.

use leptos::prelude::*;

use crate::i18n::{t, Msg};
use crate::state::use_app;
use crate::sync;

/// "Loading…" in a polite live region; as the page's `h1` when `heading` is set.
#[component]
pub fn Loading(
    /// Render as the page heading (for pages whose heading comes from the data).
    #[prop(optional)]
    heading: bool,
) -> impl IntoView {
    let state = use_app();
    let text = move || t(Msg::Loading, state.lang.get());
    if heading {
        view! { <h1 class="app-heading-xl app-status" tabindex="-1" role="status">{text}</h1> }
            .into_any()
    } else {
        view! { <p class="app-status" role="status">{text}</p> }.into_any()
    }
}

/// A failure message with a "Try again" button.
#[component]
pub fn LoadFailed(
    /// What could not be loaded.
    msg: Msg,
) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="app-callout app-callout--warning">
            <p>{move || t(msg, state.lang.get())}</p>
            <button type="button" class="app-button app-button--secondary" on:click=move |_| sync::retry(state)>
                {move || t(Msg::Retry, state.lang.get())}
            </button>
        </div>
    }
}
