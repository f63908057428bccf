//! `*`: the friendly "not found" page, also used for unknown communes and procedures.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, Msg};
use crate::state::use_app;

/// A not-found message with links to the procedure list and home.
#[component]
pub fn NotFound(
    /// The heading.
    #[prop(default = Msg::NotFoundTitle)]
    title: Msg,
) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    view! {
        <Title text=move || tr(title)/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(title)}</h1>
        <p class="app-body">{move || tr(Msg::NotFoundBody)}</p>
        <ul class="app-link-list">
            <li><a class="app-link" href="/procedures">{move || tr(Msg::GoList)}</a></li>
            <li><a class="app-link" href="/">{move || tr(Msg::GoHome)}</a></li>
        </ul>
    }
}

/// The route fallback.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFound/> }
}
