//! `/`: choose (or see the remembered) commune; a simple procedure search box.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::CommuneChooser;
use crate::i18n::{t, Msg};
use crate::state::use_app;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let remembered = move || {
        state.chosen.get().map(|code| {
            let name = state.commune_name(&code);
            view! {
                <section class="app-card app-card--highlight" aria-labelledby="your-commune">
                    <h2 class="app-heading-s" id="your-commune">{tr(Msg::YourCommune)}</h2>
                    <p class="app-card__title">{name}</p>
                    <div class="app-button-group">
                        <a class="app-button" href="/procedures">{tr(Msg::SeeProcedures)}</a>
                        <a class="app-button app-button--secondary" href=format!("/c/{code}")>{tr(Msg::SeeOffice)}</a>
                    </div>
                </section>
            }
        })
    };
    view! {
        <Title text=move || format!("{} – {}", tr(Msg::AppName), tr(Msg::AppTagline))/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::HomeTitle)}</h1>
        <p class="app-lead">{move || tr(Msg::HomeIntro)}</p>
        {remembered}
        <form class="app-search" role="search" action="/procedures" method="get">
            <label class="app-field__label" for="procedure-search">{move || tr(Msg::ProcedureSearchLabel)}</label>
            <p class="app-field__hint" id="procedure-search-hint">{move || tr(Msg::ProcedureSearchHint)}</p>
            <div class="app-search__row">
                <input class="app-input" id="procedure-search" name="q" type="search" aria-describedby="procedure-search-hint"/>
                <button class="app-button" type="submit">{move || tr(Msg::SearchButton)}</button>
            </div>
        </form>
        <section class="app-section" aria-labelledby="choose-heading">
            <h2 class="app-heading-m" id="choose-heading">{move || tr(Msg::ChooseCommuneTitle)}</h2>
            <CommuneChooser go_to="/procedures"/>
        </section>
    }
}
