//! `/`: choose (or see the remembered) commune; search its procedures as you type.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::components::{CommuneChooser, SearchBox, SearchResults};
use crate::hooks::use_catalog;
use crate::i18n::{t, Msg};
use crate::state::use_app;

/// Results shown under the home page's search box (the rest on `/procedures?q=`).
const HOME_RESULTS: usize = 5;

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
    let navigate = use_navigate();
    use_catalog(state, move || state.chosen.get());
    let text = RwSignal::new(String::new());
    // Enter: the full results page (which asks for a commune first when none is chosen).
    let submit = move |q: String| {
        let url = if q.trim().is_empty() {
            "/procedures".to_owned()
        } else {
            format!("/procedures?q={}", js_sys::encode_uri_component(&q))
        };
        navigate(&url, NavigateOptions::default());
    };
    let results = move || {
        state.chosen.get().map(|code| {
            view! { <SearchResults code q=text limit=HOME_RESULTS link_commune=None full_list=false/> }
        })
    };
    view! {
        <Title text=move || format!("{} – {}", tr(Msg::AppName), tr(Msg::AppTagline))/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::HomeTitle)}</h1>
        <p class="app-lead">{move || tr(Msg::HomeIntro)}</p>
        {remembered}
        <SearchBox value=text on_input=|_: String| {} on_submit=submit/>
        {results}
        <section class="app-section" aria-labelledby="choose-heading">
            <h2 class="app-heading-m" id="choose-heading">{move || tr(Msg::ChooseCommuneTitle)}</h2>
            <CommuneChooser go_to="/procedures"/>
        </section>
    }
}
