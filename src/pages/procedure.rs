//! `/procedures/:code`: the guide of one procedure with the persistent document checklist.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use motcua_domain::procedure::split_source;
use motcua_domain::Procedure;

use crate::components::{Checklist, CommuneChooser, LoadFailed, Loading};
use crate::hooks::{use_catalog, use_page_commune, PageCommune};
use crate::i18n::{t, working_days, Msg};
use crate::pages::NotFound;
use crate::state::{use_app, Fetch};

/// What the guide page shows. A memo of it re-renders only when it changes, so the catalog
/// replacing a cold visit's first procedure with an equal one leaves the page as it is.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    /// Not a procedure code.
    BadCode,
    /// No commune in the URL and none remembered.
    ChooseCommune,
    /// The catalog (and a cold visit's one procedure) still coming.
    Loading,
    /// Nothing stored and the server could not be reached.
    Failed,
    /// The commune's catalog does not have it.
    Missing,
    /// The guide of this procedure as this commune offers it.
    Guide(Box<Procedure>, PageCommune),
}

/// The procedure guide page: from the commune's catalog, or on a cold visit from the one
/// procedure fetched before it (see [`crate::sync::start`]).
#[component]
pub fn ProcedurePage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let page = use_page_commune(state);
    let code = Memo::new(move |_| params.with(|p| p.get("code")).unwrap_or_default());
    use_catalog(state, move || page.get().map(|p| p.code));
    let shown = Memo::new(move |_| {
        let code = code.get();
        if motcua_domain::ProcedureCode::parse(&code).is_err() {
            return Shown::BadCode;
        }
        let Some(page) = page.get() else {
            return Shown::ChooseCommune;
        };
        match (
            state.procedure(&page.code, &code),
            state.catalog_state(&page.code),
        ) {
            (Some(procedure), _) => Shown::Guide(Box::new(procedure), page),
            (None, Fetch::Loading) => Shown::Loading,
            (None, Fetch::Failed) => Shown::Failed,
            (None, Fetch::Done) => Shown::Missing,
        }
    });
    let tr = move |m: Msg| t(m, state.lang.get());
    move || match shown.get() {
        Shown::BadCode | Shown::Missing => {
            view! { <NotFound title=Msg::ProcedureNotFound/> }.into_any()
        }
        Shown::ChooseCommune => view! {
            <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::ChooseCommuneTitle)}</h1>
            <p class="app-lead">{move || tr(Msg::ChooseFirst)}</p>
            <CommuneChooser/>
        }
        .into_any(),
        Shown::Loading => view! { <Loading heading=true/> }.into_any(),
        Shown::Failed => view! {
            <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::ProceduresTitle)}</h1>
            <LoadFailed msg=Msg::CatalogUnavailable/>
        }
        .into_any(),
        Shown::Guide(procedure, page) => {
            let back = if page.from_query {
                format!("/procedures?commune={}", page.code)
            } else {
                "/procedures".to_owned()
            };
            view! { <Guide procedure=*procedure commune=page.code back/> }.into_any()
        }
    }
}

/// The guide of one procedure (also shown in place by QR landings).
#[component]
pub(crate) fn Guide(procedure: Procedure, commune: String, back: String) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let p = procedure.clone();
    let name = move || p.name.get(state.lang.get().english()).to_owned();
    // Follows the commune list and catalog: a cold visit renders before either is in.
    let commune_name = {
        let commune = commune.clone();
        move || state.commune_name(&commune)
    };
    let checklist = if procedure.documents.is_empty() {
        view! { <p class="app-body">{move || tr(Msg::NoDocuments)}</p> }.into_any()
    } else {
        view! {
            <Checklist
                commune=commune.clone()
                procedure=procedure.code.to_string()
                documents=procedure.documents.clone()
            />
        }
        .into_any()
    };
    let p = procedure.clone();
    let facts = move || {
        let lang = state.lang.get();
        let en = lang.english();
        let fee_text = p.fee.get(en).to_owned();
        let fee_short = p.fee_short(en);
        let fee_detail = fee_short
            .as_ref()
            .filter(|s| **s != fee_text)
            .map(|_| fee_text.clone());
        let time_text = p.processing_time.get(en).to_owned();
        let time_short = p.processing_days.map(|d| working_days(d, lang));
        view! {
            <dl class="app-facts">
                <div class="app-facts__item">
                    <dt class="app-facts__key">{t(Msg::Fee, lang)}</dt>
                    <dd class="app-facts__value">{fee_short.unwrap_or_else(|| fee_text.clone())}</dd>
                    {fee_detail.map(|d| view! { <dd class="app-facts__detail">{d}</dd> })}
                </div>
                <div class="app-facts__item">
                    <dt class="app-facts__key">{t(Msg::ProcessingTime, lang)}</dt>
                    <dd class="app-facts__value">{time_short.clone().unwrap_or_else(|| time_text.clone())}</dd>
                    {time_short.map(|_| view! { <dd class="app-facts__detail">{time_text.clone()}</dd> })}
                </div>
            </dl>
        }
    };
    let p = procedure.clone();
    let details = move || {
        let lang = state.lang.get();
        let en = lang.english();
        let note = p.local_note.as_ref().map(|n| {
            view! {
                <div class="app-callout">
                    <h2 class="app-heading-s">{t(Msg::LocalNote, lang)}</h2>
                    <p>{n.get(en).to_owned()}</p>
                </div>
            }
        });
        let legal = (!p.legal_basis.is_empty()).then(|| {
            let items = p
                .legal_basis
                .iter()
                .map(|l| view! { <li>{l.clone()}</li> })
                .collect_view();
            view! {
                <h2 class="app-heading-m">{t(Msg::LegalBasis, lang)}</h2>
                <ul class="app-bullets">{items}</ul>
            }
        });
        let (url, rest) = split_source(&p.source);
        let decision = p.decision.clone().map(|d| {
            view! { <p class="app-small">{t(Msg::Decision, lang)} ": " {d}</p> }
        });
        view! {
            {note}
            <h2 class="app-heading-m">{t(Msg::SubmitAt, lang)}</h2>
            <p class="app-body">{p.submit_at.get(en).to_owned()}</p>
            <h2 class="app-heading-m">{t(Msg::Result, lang)}</h2>
            <p class="app-body">{p.result.get(en).to_owned()}</p>
            {legal}
            <h2 class="app-heading-m">{t(Msg::Source, lang)}</h2>
            {match url {
                Some(url) => {
                    let host = url.split('/').nth(2).unwrap_or(url).to_owned();
                    view! {
                        <p class="app-small">
                            <a class="app-link" href=url.to_owned() rel="noopener">{host}</a>
                            " " {rest.to_owned()}
                        </p>
                    }
                    .into_any()
                }
                None => view! { <p class="app-small">{rest.to_owned()}</p> }.into_any(),
            }}
            {decision}
        }
    };
    // A link, as on the server's page: `/drafts/new` starts the draft (its code is in the
    // drafts' wasm part, not in the main module a guide visit downloads).
    let start = motcua_domain::forms::has_form(&procedure.code).then(|| {
        let href = format!("/drafts/new?procedure={}&commune={commune}", procedure.code);
        view! {
            <div class="app-start">
                <p class="app-body">{move || tr(Msg::StartHint)}</p>
                <a id="start-draft" class="app-button app-button--start" href=href>
                    {move || tr(Msg::StartApplication)} " →"
                </a>
            </div>
        }
    });
    let p = procedure.clone();
    view! {
        <Title text=name.clone()/>
        <p class="app-caption">{move || p.field.get(state.lang.get().english()).to_owned()}</p>
        <h1 class="app-heading-xl" tabindex="-1">{name}</h1>
        <p class="app-meta">
            {move || tr(Msg::Code)} ": " <span class="app-code">{procedure.code.to_string()}</span>
            " · " {commune_name}
        </p>
        {facts}
        {start}
        <h2 class="app-heading-m">{move || tr(Msg::Documents)}</h2>
        {checklist}
        {details}
        <p class="app-back"><a class="app-link" href=back>"← " {move || tr(Msg::AllProcedures)}</a></p>
    }
}
