//! The filterable list of communes with a "Choose" button on each.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use motcua_domain::commune::CommuneSummary;

use crate::components::{LoadFailed, Loading};
use crate::i18n::{communes_shown, t, Lang, Msg};
use crate::state::{use_app, AppState};
use crate::text::{fold, matches};

/// Items built in the task that shows the list (a phone's first screen and then some); the rest
/// follow [`CHUNK`] per task, so that no single task builds all 114 (total blocking time).
const FIRST_ITEMS: usize = 16;
/// Items built per later task.
const CHUNK: usize = 25;

/// The commune list: a labelled `#commune-filter` input that folds diacritics, and items with a
/// link `a[href="/c/{code}"]` and a "Chọn xã này" button. Choosing remembers the commune, then
/// goes to `go_to` (or stays on the page when `None`).
#[component]
pub fn CommuneChooser(
    /// Where to go after choosing; `None` to stay (inline chooser on a deep link).
    #[prop(optional, into)]
    go_to: Option<String>,
) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let query = RwSignal::new(String::new());
    let tr = move |m: Msg| t(m, state.lang.get());
    // Folded haystacks, computed once per list.
    let indexed = Memo::new(move |_| {
        state.communes.with(|list| {
            list.as_ref().map(|l| {
                l.iter()
                    .map(|c| (c.clone(), fold(&c.name_vi), fold(&c.former_district)))
                    .collect::<Vec<_>>()
            })
        })
    });
    let shown = Memo::new(move |_| {
        let q = query.get();
        // No filter: the list as it is (the folded haystacks are built on the first keystroke,
        // not in the task that first shows the list).
        if q.trim().is_empty() {
            return state.communes.get();
        }
        indexed.with(|list| {
            list.as_ref().map(|l| {
                // Names that match come first, then communes whose former district matches.
                let by_name = l.iter().filter(|(_, name, _)| matches(name, &q));
                let by_district = l.iter().filter(|(_, name, district)| {
                    !matches(name, &q) && matches(&format!("{name} {district}"), &q)
                });
                by_name
                    .chain(by_district)
                    .map(|(c, _, _)| c.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let total = move || state.communes.with(|l| l.as_ref().map_or(0, Vec::len));
    let choose = Callback::new(move |code: String| {
        state.choose(&code);
        if let Some(path) = &go_to {
            navigate(path, NavigateOptions::default());
        }
    });
    // How many of the list's later chunks may render (`usize::MAX`: all, once staged).
    let stage = RwSignal::new(0_usize);
    let staging = StoredValue::new(false);
    let chunks_needed = StoredValue::new(0_usize);
    let list = move || match shown.get() {
        None if state.communes_failed.get() => {
            view! { <LoadFailed msg=Msg::CommunesUnavailable/> }.into_any()
        }
        None => view! { <Loading/> }.into_any(),
        Some(items) if items.is_empty() => {
            view! { <p class="app-status">{tr(Msg::NoCommuneMatch)}</p> }.into_any()
        }
        Some(items) => {
            // The texts are plain strings: a change of language rebuilds the list (one effect
            // instead of two per item).
            let lang = state.lang.get();
            let first = items
                .iter()
                .take(FIRST_ITEMS)
                .map(|c| commune_item(c, lang, state, choose))
                .collect_view();
            let later: Vec<Vec<CommuneSummary>> = items
                .get(FIRST_ITEMS..)
                .unwrap_or_default()
                .chunks(CHUNK)
                .map(<[CommuneSummary]>::to_vec)
                .collect();
            chunks_needed.set_value(later.len());
            if !later.is_empty() && !staging.get_value() {
                staging.set_value(true);
                leptos::task::spawn_local(super::staged::advance(stage, chunks_needed));
            }
            let later = later
                .into_iter()
                .enumerate()
                .map(|(i, chunk)| {
                    let shows = Memo::new(move |_| stage.get() > i);
                    move || {
                        shows.get().then(|| {
                            chunk
                                .iter()
                                .map(|c| commune_item(c, lang, state, choose))
                                .collect_view()
                        })
                    }
                })
                .collect_view();
            let pending = move || (stage.get() < chunks_needed.get_value()).then_some("");
            view! { <ul class="app-commune-list" data-pending=pending>{first}{later}</ul> }
                .into_any()
        }
    };
    view! {
        <div class="app-chooser">
            <div class="app-field">
                <label class="app-field__label" for="commune-filter">{move || tr(Msg::CommuneFilterLabel)}</label>
                <p class="app-field__hint" id="commune-filter-hint">{move || tr(Msg::CommuneFilterHint)}</p>
                <input
                    class="app-input"
                    id="commune-filter"
                    type="search"
                    autocomplete="off"
                    aria-describedby="commune-filter-hint"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </div>
            <p class="app-chooser__count" role="status">
                {move || shown.with(|s| s.as_ref().map(|s| communes_shown(s.len(), total(), state.lang.get())))}
            </p>
            {list}
        </div>
    }
}

/// One commune: its link, former district and "Choose" button. Only the highlight of the
/// chosen one is reactive.
fn commune_item(
    c: &CommuneSummary,
    lang: Lang,
    state: AppState,
    choose: Callback<String>,
) -> impl IntoView {
    let code = c.code.to_string();
    let chosen = {
        let code = code.clone();
        move || state.chosen.with(|ch| ch.as_deref() == Some(code.as_str()))
    };
    let href = format!("/c/{code}");
    view! {
        <li class="app-commune-list__item" class:app-commune-list__item--chosen=chosen>
            <div class="app-commune-list__text">
                <a class="app-commune-list__name" href=href>{c.name_vi.clone()}</a>
                <span class="app-commune-list__meta">
                    {format!("{} {}", t(Msg::FormerlyIn, lang), c.former_district)}
                </span>
            </div>
            <button type="button" class="app-button app-button--secondary app-commune-list__choose"
                on:click=move |_| choose.run(code.clone())>
                {t(Msg::Choose, lang)}
                <span class="app-visually-hidden">{format!(": {}", c.name_vi)}</span>
            </button>
        </li>
    }
}
