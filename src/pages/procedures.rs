//! `/procedures`: the chosen commune's procedures grouped by field (optionally `?q=` filtered).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use motcua_domain::Procedure;

use crate::components::{CommuneChooser, LoadFailed, Loading};
use crate::hooks::{use_catalog, use_page_commune};
use crate::i18n::{procedures_count, t, Msg};
use crate::state::{use_app, Fetch};
use crate::text::{fold, matches};

/// The link to a procedure guide, carrying `?commune=` when the page was opened with it.
pub fn procedure_href(code: &str, commune_from_query: Option<&str>) -> String {
    match commune_from_query {
        Some(commune) => format!("/procedures/{code}?commune={commune}"),
        None => format!("/procedures/{code}"),
    }
}

/// The procedure list page.
#[component]
pub fn ProceduresPage() -> impl IntoView {
    let state = use_app();
    let page = use_page_commune(state);
    let query = use_query_map();
    use_catalog(state, move || page.get().map(|p| p.code));
    let tr = move |m: Msg| t(m, state.lang.get());
    move || {
        let Some(page) = page.get() else {
            return view! {
                <Title text=move || tr(Msg::ProceduresTitle)/>
                <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::ProceduresTitle)}</h1>
                <p class="app-lead">{move || tr(Msg::ChooseFirst)}</p>
                <CommuneChooser/>
            }
            .into_any();
        };
        let code = page.code.clone();
        let name = state.commune_name(&code);
        let q = query.with(|q| q.get("q")).unwrap_or_default();
        let header = {
            let title_name = name.clone();
            view! {
                <Title text=move || format!("{} – {}", tr(Msg::ProceduresTitle), title_name)/>
                <p class="app-caption">{name.clone()}</p>
                <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::ProceduresTitle)}</h1>
                <p class="app-body"><a class="app-link" href="/">{move || tr(Msg::ChangeCommune)}</a></p>
            }
        };
        let body = match state.catalog_state(&code) {
            Fetch::Done => {
                let link_commune = page.from_query.then(|| code.clone());
                view! { <ProcedureGroups code=code.clone() q link_commune/> }.into_any()
            }
            Fetch::Failed => view! { <LoadFailed msg=Msg::CatalogUnavailable/> }.into_any(),
            Fetch::Loading => view! { <Loading/> }.into_any(),
        };
        view! { {header} {body} }.into_any()
    }
}

#[component]
fn ProcedureGroups(code: String, q: String, link_commune: Option<String>) -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        let en = lang.english();
        state.catalogs.with(|m| {
            let Some(catalog) = m.get(&code) else {
                return view! { <Loading/> }.into_any();
            };
            let keep = |p: &Procedure| {
                q.trim().is_empty()
                    || matches(&fold(&format!("{} {} {}", p.name.vi, p.name.en, p.code)), &q)
            };
            let groups: Vec<_> = catalog
                .by_field(en)
                .into_iter()
                .map(|(field, list)| (field, list.into_iter().filter(|p| keep(p)).collect::<Vec<_>>()))
                .filter(|(_, list)| !list.is_empty())
                .collect();
            let search_note = (!q.trim().is_empty()).then(|| {
                view! {
                    <p class="app-body">
                        {t(Msg::SearchResultsFor, lang)} " “" {q.clone()} "” · "
                        <a class="app-link" href="/procedures">{t(Msg::ClearSearch, lang)}</a>
                    </p>
                }
            });
            if groups.is_empty() {
                return view! { {search_note} <p class="app-status">{t(Msg::NoProcedures, lang)}</p> }.into_any();
            }
            let sections = groups
                .into_iter()
                .map(|(field, list)| {
                    let count = procedures_count(list.len(), lang);
                    let items = list
                        .into_iter()
                        .map(|p| {
                            let href = procedure_href(p.code.as_str(), link_commune.as_deref());
                            let fee = p.fee_short(en);
                            let days = p.processing_days.map(|d| crate::i18n::working_days(d, lang));
                            let meta = [fee, days].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                            view! {
                                <li class="app-proc-list__item">
                                    <a class="app-proc-list__link" href=href>{p.name.get(en).to_owned()}</a>
                                    <span class="app-proc-list__meta">{p.code.to_string()} {(!meta.is_empty()).then(|| format!(" · {meta}"))}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="app-proc-group">
                            <h2 class="app-heading-m app-proc-group__title">
                                {field.get(en).to_owned()}
                                <span class="app-proc-group__count">{count}</span>
                            </h2>
                            <ul class="app-proc-list">{items}</ul>
                        </section>
                    }
                })
                .collect_view();
            view! { {search_note} {sections} }.into_any()
        })
    }
}
