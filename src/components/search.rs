//! Procedure search (issue 4): the labelled search box, ranked results with the matched words in
//! `<mark>`, and what an empty result offers (the office's phone, the full list by field).

use leptos::prelude::*;
use motcua_domain::commune::tel_uri;

use crate::components::deferred::section_missing;
use crate::components::Loading;
use crate::i18n::{search_results_count, t, working_days, Msg};
use crate::pages::procedures::{procedure_href, ProcedureGroups};
use crate::state::use_app;

/// `text` with the words `query` matches wrapped in `<mark>`.
pub fn highlighted(text: &str, query: &str) -> AnyView {
    let mut parts: Vec<AnyView> = Vec::new();
    let mut at = 0;
    for r in motcua_search::highlight(text, query) {
        if r.start > at {
            parts.push(text[at..r.start].to_owned().into_any());
        }
        let word = text[r.clone()].to_owned();
        parts.push(view! { <mark class="app-mark">{word}</mark> }.into_any());
        at = r.end;
    }
    if at < text.len() {
        parts.push(text[at..].to_owned().into_any());
    }
    parts.collect_view().into_any()
}

/// The search form: `input#procedure-search[type=search]` (role `searchbox`) with a label and a
/// hint. Every keystroke sets `value` and calls `on_input`; submitting calls `on_submit`.
#[component]
pub fn SearchBox(
    /// What is typed.
    value: RwSignal<String>,
    /// Called after every change with the new text.
    #[prop(into)]
    on_input: Callback<String>,
    /// Called when the form is submitted (Enter or the button).
    #[prop(into)]
    on_submit: Callback<String>,
) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    view! {
        <form class="app-search" role="search" action="/procedures" method="get"
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(value.get_untracked());
            }>
            <label class="app-field__label" for="procedure-search">{move || tr(Msg::ProcedureSearchLabel)}</label>
            <p class="app-field__hint" id="procedure-search-hint">{move || tr(Msg::SearchTypeHint)}</p>
            <div class="app-search__row">
                <input class="app-input" id="procedure-search" name="q" type="search"
                    autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search"
                    aria-describedby="procedure-search-hint"
                    prop:value=move || value.get()
                    on:focus=move |_| state.want_search()
                    on:input=move |ev| {
                        state.want_search();
                        let text = event_target_value(&ev);
                        value.set(text.clone());
                        on_input.run(text);
                    }/>
                <button class="app-button" type="submit">{move || tr(Msg::SearchButton)}</button>
            </div>
        </form>
    }
}

/// One row of the results.
struct Row {
    code: String,
    name: String,
    meta: String,
}

/// Ranked results of `q` in commune `code`'s catalog: a count (a polite live region), then at
/// most `limit` links to the guides, best first. With no result: [`NoResults`].
#[component]
pub fn SearchResults(
    /// The commune whose catalog is searched.
    code: String,
    /// The query.
    #[prop(into)]
    q: Signal<String>,
    /// Most results shown.
    limit: usize,
    /// `?commune=` to carry on links, when the page was opened with it.
    link_commune: Option<String>,
    /// Below an empty result: the full list by field (else a link to it).
    full_list: bool,
) -> impl IntoView {
    let state = use_app();
    // A query given in the address (`?q=`) needs the index without the box being touched.
    crate::hooks::use_watch(move || {
        if !q.get().trim().is_empty() {
            leptos::task::spawn_local(async move { state.want_search() });
        }
    });
    move || {
        let query = q.get();
        if query.trim().is_empty() {
            return ().into_any();
        }
        let lang = state.lang.get();
        let en = lang.english();
        let Some(index) = state.search.with(|s| s.get(&code).map(|i| i.index.clone())) else {
            if state.search_failed.get() {
                return section_missing(move |_| state.search_failed.set(false));
            }
            return view! { <Loading/> }.into_any();
        };
        let hits = index.search(&query, index.len());
        let total = hits.len();
        let rows: Vec<Row> = state.catalogs.with(|m| {
            let Some(catalog) = m.get(&code) else {
                return Vec::new();
            };
            hits.iter()
                .take(limit)
                .filter_map(|h| {
                    let p = catalog
                        .procedures
                        .iter()
                        .find(|p| p.code.as_str() == index.code(h.doc))?;
                    let fee = p.fee_short(en);
                    let days = p.processing_days.map(|d| working_days(d, lang));
                    let meta = [Some(p.code.to_string()), fee, days]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                    Some(Row {
                        code: p.code.to_string(),
                        name: p.name.get(en).to_owned(),
                        meta,
                    })
                })
                .collect()
        });
        if rows.is_empty() {
            return view! { <NoResults code=code.clone() q=query link_commune=link_commune.clone() full_list/> }
                .into_any();
        }
        let items = rows
            .into_iter()
            .map(|r| {
                let href = procedure_href(&r.code, link_commune.as_deref());
                view! {
                    <li class="app-proc-list__item">
                        <a class="app-proc-list__link" href=href>{highlighted(&r.name, &query)}</a>
                        <span class="app-proc-list__meta">{r.meta}</span>
                    </li>
                }
            })
            .collect_view();
        let see_all = (total > limit).then(|| {
            let href = format!("/procedures?q={}", js_sys::encode_uri_component(&query));
            view! { <p class="app-body"><a class="app-link" href=href>{t(Msg::SearchSeeAll, lang)}</a></p> }
        });
        view! {
            <section class="app-search-results" aria-label=t(Msg::SearchResultsLabel, lang)>
                <p class="app-search-results__count" role="status">{search_results_count(total, lang)}</p>
                <ol class="app-proc-list app-search-results__list">{items}</ol>
                {see_all}
            </section>
        }
        .into_any()
    }
}

/// An empty result: says so, offers the office's phone (or says it is not published), then the
/// full list by field (or a link to it).
#[component]
fn NoResults(
    code: String,
    q: String,
    link_commune: Option<String>,
    full_list: bool,
) -> impl IntoView {
    let state = use_app();
    let lang = state.lang.get_untracked();
    let phone = state
        .catalogs
        .with_untracked(|m| m.get(&code).and_then(|c| c.commune.office.phone.clone()));
    let call = match phone {
        Some(phone) => view! {
            <p class="app-body">
                {move || t(Msg::SearchCallOffice, state.lang.get())} " "
                <a class="app-link app-tel" href=tel_uri(&phone)>{phone.clone()}</a>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="app-body">{move || t(Msg::SearchPhoneNotPublished, state.lang.get())}</p>
        }
        .into_any(),
    };
    let rest = if full_list {
        view! {
            <h2 class="app-heading-m">{move || t(Msg::SearchAllByField, state.lang.get())}</h2>
            <ProcedureGroups code link_commune/>
        }
        .into_any()
    } else {
        view! {
            <p class="app-body"><a class="app-link" href="/procedures">{move || t(Msg::SearchAllByField, state.lang.get())}</a></p>
        }
        .into_any()
    };
    view! {
        <div class="app-search-empty">
            <p class="app-search-empty__title" role="status">{t(Msg::SearchNoResults, lang)} " “" {q} "”"</p>
            {call}
            {rest}
        </div>
    }
}
