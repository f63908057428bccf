//! `/procedures`: search the chosen commune's procedures (`?q=`), or see them grouped by field.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{CommuneChooser, LoadFailed, Loading, SearchBox, SearchResults};
use crate::hooks::{use_catalog, use_page_commune, use_watch};
use crate::i18n::{procedures_count, t, Msg};
use crate::state::{use_app, Fetch};

/// The link to a procedure guide, carrying `?commune=` when the page was opened with it.
pub fn procedure_href(code: &str, commune_from_query: Option<&str>) -> String {
    match commune_from_query {
        Some(commune) => format!("/procedures/{code}?commune={commune}"),
        None => format!("/procedures/{code}"),
    }
}

/// The procedure list page: a search box whose results follow every keystroke (the URL's `?q=`
/// kept in step with `history.replaceState`, so a search is shareable and reloadable), else
/// the procedures grouped by field.
#[component]
pub fn ProceduresPage() -> impl IntoView {
    let state = use_app();
    let page = use_page_commune(state);
    let query = use_query_map();
    use_catalog(state, move || page.get().map(|p| p.code));
    let tr = move |m: Msg| t(m, state.lang.get());
    let text = RwSignal::new(query.with_untracked(|q| q.get("q")).unwrap_or_default());
    // A link or back/forward to another `?q=` (our own replaceState does not change the map).
    use_watch(move || {
        let from_url = query.with(|q| q.get("q")).unwrap_or_default();
        if text.get_untracked() != from_url {
            text.set(from_url);
        }
    });
    let on_input = move |q: String| {
        replace_query(
            &q,
            page.get_untracked()
                .filter(|p| p.from_query)
                .map(|p| p.code),
        )
    };
    let header = move || match page.get() {
        None => view! {
            <Title text=move || tr(Msg::ProceduresTitle)/>
            <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::ProceduresTitle)}</h1>
        }
        .into_any(),
        Some(page) => {
            let name = state.commune_name(&page.code);
            let title_name = name.clone();
            view! {
                <Title text=move || format!("{} – {}", tr(Msg::ProceduresTitle), title_name)/>
                <p class="app-caption">{name}</p>
                <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::ProceduresTitle)}</h1>
                <p class="app-body"><a class="app-link" href="/">{move || tr(Msg::ChangeCommune)}</a></p>
            }
            .into_any()
        }
    };
    let body = move || {
        let Some(page) = page.get() else {
            return view! {
                <p class="app-lead">{move || tr(Msg::ChooseFirst)}</p>
                <CommuneChooser/>
            }
            .into_any();
        };
        let code = page.code.clone();
        match state.catalog_state(&code) {
            Fetch::Done => {
                let link_commune = page.from_query.then(|| code.clone());
                let searching = move || !text.with(|q| q.trim().is_empty());
                let all = {
                    let (code, link_commune) = (code.clone(), link_commune.clone());
                    move || {
                        (!searching()).then(|| view! { <ProcedureGroups code=code.clone() link_commune=link_commune.clone()/> })
                    }
                };
                view! {
                    <SearchResults code=code.clone() q=text limit=usize::MAX link_commune full_list=true/>
                    {all}
                }
                .into_any()
            }
            Fetch::Failed => view! { <LoadFailed msg=Msg::CatalogUnavailable/> }.into_any(),
            Fetch::Loading => view! { <Loading/> }.into_any(),
        }
    };
    view! {
        {header}
        <SearchBox value=text on_input=on_input on_submit=on_input/>
        {body}
    }
}

/// Replaces the address bar's `?q=` (no history entry: one per keystroke would bury the back
/// button), keeping `?commune=` when the page was opened with it.
fn replace_query(q: &str, commune: Option<String>) {
    let mut params = Vec::new();
    if let Some(commune) = commune {
        params.push(format!("commune={commune}"));
    }
    if !q.trim().is_empty() {
        params.push(format!("q={}", js_sys::encode_uri_component(q)));
    }
    let url = if params.is_empty() {
        "/procedures".to_owned()
    } else {
        format!("/procedures?{}", params.join("&"))
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The commune's procedures grouped by field, each a link to its guide.
#[component]
pub fn ProcedureGroups(
    /// The commune.
    code: String,
    /// `?commune=` to carry on links.
    link_commune: Option<String>,
) -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        let en = lang.english();
        state.catalogs.with(|m| {
            let Some(catalog) = m.get(&code) else {
                return view! { <Loading/> }.into_any();
            };
            let groups = catalog.by_field(en);
            if groups.is_empty() {
                return view! { <p class="app-status">{t(Msg::NoProcedures, lang)}</p> }.into_any();
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
            view! { {sections} }.into_any()
        })
    }
}
