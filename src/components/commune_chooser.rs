//! The filterable list of communes with a "Choose" button on each.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::components::{LoadFailed, Loading};
use crate::i18n::{communes_shown, t, Msg};
use crate::state::use_app;
use crate::text::{fold, matches};

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
    let total = move || indexed.with(|l| l.as_ref().map_or(0, Vec::len));
    let list = move || {
        let navigate = navigate.clone();
        let go_to = go_to.clone();
        match shown.get() {
            None if state.communes_failed.get() => {
                view! { <LoadFailed msg=Msg::CommunesUnavailable/> }.into_any()
            }
            None => view! { <Loading/> }.into_any(),
            Some(items) if items.is_empty() => {
                view! { <p class="app-status">{tr(Msg::NoCommuneMatch)}</p> }.into_any()
            }
            Some(items) => view! { <ul class="app-commune-list">{items
                .into_iter()
                .map(|c| {
                    let code = c.code.to_string();
                    let navigate = navigate.clone();
                    let go_to = go_to.clone();
                    let choose = move |_| {
                        state.choose(&code);
                        if let Some(path) = &go_to {
                            navigate(path, NavigateOptions::default());
                        }
                    };
                    let chosen = {
                        let code = c.code.to_string();
                        move || state.chosen.get().as_deref() == Some(code.as_str())
                    };
                    view! {
                        <li class="app-commune-list__item" class:app-commune-list__item--chosen=chosen>
                            <div class="app-commune-list__text">
                                <a class="app-commune-list__name" href=format!("/c/{}", c.code)>{c.name_vi.clone()}</a>
                                <span class="app-commune-list__meta">
                                    {move || tr(Msg::FormerlyIn)} " " {c.former_district.clone()}
                                </span>
                            </div>
                            <button type="button" class="app-button app-button--secondary app-commune-list__choose" on:click=choose>
                                {move || tr(Msg::Choose)}
                                <span class="app-visually-hidden">": " {c.name_vi.clone()}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}</ul> }
                .into_any(),
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
