//! `/c/:commune`: the commune's one-stop office and its public staff directory.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use motcua_domain::commune::tel_uri;
use motcua_domain::{Commune, CommuneSummary, Localized};

use crate::components::{LoadFailed, Loading};
use crate::hooks::use_catalog;
use crate::i18n::{t, Lang, Msg};
use crate::pages::NotFound;
use crate::state::{use_app, Fetch};

/// The office page.
#[component]
pub fn OfficePage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("commune")).unwrap_or_default());
    let valid = move || motcua_domain::CommuneCode::parse(&code.get()).is_ok();
    use_catalog(state, move || valid().then(|| code.get()));
    // Only a change of the office itself re-renders the page: a background catalog refresh
    // that brings the same office must not reset the rating form someone is filling.
    let commune = Memo::new(move |_| {
        let code = code.get();
        state
            .catalogs
            .with(|m| m.get(&code).map(|c| c.commune.clone()))
    });
    move || {
        let code = code.get();
        if let Some(commune) = commune.get() {
            return view! { <OfficeDetails commune/> }.into_any();
        }
        if !valid() || state.commune_unknown(&code) {
            return view! { <NotFound title=Msg::CommuneNotFound/> }.into_any();
        }
        let summary = state.commune_summary(&code);
        let failed = state.catalog_state(&code) == Fetch::Failed;
        let heading = match summary {
            Some(summary) => view! { <OfficeHeader summary/> }.into_any(),
            None => view! {
                <h1 class="app-heading-xl" tabindex="-1">
                    {move || t(Msg::OfficeHeading, state.lang.get())} " " {code.clone()}
                </h1>
            }
            .into_any(),
        };
        view! {
            {heading}
            {if failed {
                view! { <LoadFailed msg=Msg::OfficeUnavailable/> }.into_any()
            } else {
                view! { <Loading/> }.into_any()
            }}
        }
        .into_any()
    }
}

#[component]
fn OfficeHeader(summary: CommuneSummary) -> impl IntoView {
    let state = use_app();
    let name = summary.name_vi.clone();
    view! {
        <Title text=name.clone()/>
        <p class="app-caption">{move || t(Msg::OfficeHeading, state.lang.get())}</p>
        <h1 class="app-heading-xl" tabindex="-1">{name}</h1>
    }
}

/// A row of a summary list; an empty value shows "Not published yet".
fn row(label: Msg, value: Option<AnyView>, lang: Lang) -> impl IntoView {
    let value = value.unwrap_or_else(|| {
        view! { <span class="app-muted">{t(Msg::NotPublished, lang)}</span> }.into_any()
    });
    view! {
        <div class="app-summary__row">
            <dt class="app-summary__key">{t(label, lang)}</dt>
            <dd class="app-summary__value">{value}</dd>
        </div>
    }
}

fn text(value: &Localized, english: bool) -> AnyView {
    value.get(english).to_owned().into_any()
}

/// The office details (also shown in place by QR landings).
#[component]
pub(crate) fn OfficeDetails(commune: Commune) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let code = commune.summary.code.to_string();
    let summary = commune.summary.clone();
    let commune_for_details = commune.clone();
    let details = move || {
        let commune = &commune_for_details;
        let lang = state.lang.get();
        let en = lang.english();
        let office = &commune.office;
        let s = &commune.summary;
        let former = format!("{}, {}", s.former_district, s.former_province);
        let phone = office.phone.clone().map(|p| {
            view! { <a class="app-link app-tel" href=tel_uri(&p)>{p.clone()}</a> }.into_any()
        });
        let staff = if office.staff.is_empty() {
            view! { <p class="app-muted">{t(Msg::StaffEmpty, lang)}</p> }.into_any()
        } else {
            let people = office
                .staff
                .iter()
                .map(|m| {
                    let desk = m.desk.clone().map(|d| format!("{} {d}", t(Msg::Desk, lang)));
                    view! {
                        <li class="app-staff__item">
                            <p class="app-staff__name">{m.name.clone()}</p>
                            <p class="app-staff__role">{m.role.get(en).to_owned()}</p>
                            {desk.map(|d| view! { <p class="app-staff__desk">{d}</p> })}
                            <a class="app-button app-button--secondary app-staff__call" href=tel_uri(&m.phone)>
                                <span aria-hidden="true">"☎ "</span>{m.phone.clone()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="app-staff">{people}</ul> }.into_any()
        };
        view! {
            <dl class="app-summary">
                {row(Msg::Kind, Some(s.kind.label(en).into_any()), lang)}
                {row(Msg::FormerUnits, Some(former.into_any()), lang)}
                {row(Msg::Address, office.address.as_ref().map(|a| text(a, en)), lang)}
                {row(Msg::Hours, Some(text(&office.hours, en)).filter(|_| !office.hours.vi.is_empty()), lang)}
                {row(Msg::Wifi, office.wifi_note.as_ref().map(|w| text(w, en)), lang)}
                {row(Msg::Phone, phone, lang)}
            </dl>
            <h2 class="app-heading-m">{t(Msg::Staff, lang)}</h2>
            {staff}
        }
    };
    let see = {
        let code = code.clone();
        move || {
            let lang = state.lang.get();
            let chosen = state.chosen.get().as_deref() == Some(code.as_str());
            if chosen {
                view! { <a class="app-button" href="/procedures">{t(Msg::SeeProcedures, lang)}</a> }
                    .into_any()
            } else {
                let navigate = navigate.clone();
                let code = code.clone();
                view! {
                    <button type="button" class="app-button" on:click=move |_| {
                        state.choose(&code);
                        navigate("/procedures", NavigateOptions::default());
                    }>{t(Msg::ChooseAndSee, lang)}</button>
                }
                .into_any()
            }
        }
    };
    let rating_code = summary.code.clone();
    let rating_staff = commune.office.staff.clone();
    let stats_href = format!("/stats/{code}");
    view! {
        <OfficeHeader summary/>
        {details}
        <div class="app-button-group">{see}</div>
        <section class="app-stats__section" aria-labelledby="rate-heading">
            <h2 class="app-heading-m" id="rate-heading">{move || t(Msg::RateHeading, state.lang.get())}</h2>
            <crate::components::RatingForm commune=rating_code
                target=motcua_domain::feedback::RatingTarget::Office staff=rating_staff/>
            <p><a class="app-link" href=stats_href>{move || t(Msg::StatsTitle, state.lang.get())}</a></p>
        </section>
    }
}
