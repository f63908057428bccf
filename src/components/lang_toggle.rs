//! The VI/EN language toggle.

use leptos::prelude::*;

use crate::i18n::{t, Lang, Msg};
use crate::state::use_app;

/// A toggle button (`#lang-toggle`, `aria-pressed` = English on) that switches and remembers
/// the UI language and sets `<html lang>`.
#[component]
pub fn LangToggle() -> impl IntoView {
    let state = use_app();
    let english = move || state.lang.get() == Lang::En;
    view! {
        <button
            id="lang-toggle"
            type="button"
            class="app-lang-toggle"
            aria-pressed=move || if english() { "true" } else { "false" }
            title=move || t(Msg::LangToggleTitle, state.lang.get())
            on:click=move |_| state.set_lang(state.lang.get_untracked().toggled())
        >
            <span class="app-lang-toggle__option app-lang-toggle__option--vi" aria-hidden="true">"VI"</span>
            <span class="app-lang-toggle__option app-lang-toggle__option--en" lang="en">"English"</span>
        </button>
    }
}
