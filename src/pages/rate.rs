//! `/rate?commune=…&official=…`: where the QR code on an official's name tag (or the office's
//! poster) leads. Rates the official, or the office when no official is given.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use motcua_domain::feedback::RatingTarget;
use motcua_domain::CommuneCode;

use crate::components::RatingForm;
use crate::hooks::use_catalog;
use crate::i18n::{t, Msg};
use crate::pages::NotFound;
use crate::state::use_app;

/// The rating page.
#[component]
pub fn RatePage() -> impl IntoView {
    let state = use_app();
    let query = use_query_map();
    let commune = query
        .with_untracked(|q| q.get("commune"))
        .unwrap_or_default();
    let official = query
        .with_untracked(|q| q.get("official"))
        .filter(|o| !o.is_empty());
    let Ok(code) = CommuneCode::parse(&commune) else {
        return view! { <NotFound title=Msg::CommuneNotFound/> }.into_any();
    };
    let wanted = code.to_string();
    use_catalog(state, move || Some(wanted.clone()));
    let key = code.to_string();
    // The directory as the catalog loads (after the first render on a cold visit): the form
    // checks the official against it.
    let staff = Memo::new(move |_| {
        state
            .catalogs
            .with(|m| m.get(&key).map(|c| c.commune.office.staff.clone()))
            .unwrap_or_default()
    });
    let name = {
        let key = code.to_string();
        move || {
            state
                .commune_summary(&key)
                .map(|s| s.name_vi)
                .unwrap_or_default()
        }
    };
    // The official the QR code names, once known: `Some(None)` when the loaded directory no
    // longer lists them (a name tag printed before they left), `None` while it loads.
    let found = {
        let key = code.to_string();
        let official = official.clone();
        Memo::new(move |_| {
            let id = official.clone()?;
            let member = staff.with(|all| all.iter().find(|s| s.id == id).cloned());
            let loaded = state.catalogs.with(|m| m.contains_key(&key));
            (member.is_some() || loaded).then_some(member)
        })
    };
    let target = match official {
        Some(official) => RatingTarget::Official { official },
        None => RatingTarget::Office,
    };
    let office_href = format!("/c/{code}");
    let tr = move |m: Msg| t(m, state.lang.get());
    // Re-rendered only when the official's state changes (loading, found, gone), so a catalog
    // refresh never resets a form being filled in.
    let known = Memo::new(move |_| found.get().map(|m| m.is_some()));
    let body = move || match known.get() {
        Some(false) => view! {
            <div class="app-callout app-callout--warning">
                <p>{move || tr(Msg::RateOfficialGone)}</p>
            </div>
            <p><a class="app-link" href=office_href.clone()>{move || tr(Msg::RateHeading)}</a></p>
        }
        .into_any(),
        _ => {
            let name = move || {
                found
                    .get()
                    .flatten()
                    .map(|m| view! { <p class="app-body"><strong>{m.name}</strong></p> })
            };
            view! { {name} <RatingForm commune=code.clone() target=target.clone() staff/> }
                .into_any()
        }
    };
    view! {
        <Title text=move || t(Msg::RateTitle, state.lang.get()).to_owned()/>
        <p class="app-caption">{name}</p>
        <h1 class="app-heading-xl" tabindex="-1">{move || t(Msg::RateTitle, state.lang.get())}</h1>
        {body}
    }
    .into_any()
}
