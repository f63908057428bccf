//! The document checklist of a procedure; ticks persist in IndexedDB per commune + procedure.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::RequiredDocument;

use crate::i18n::{checklist_progress, t, Msg};
use crate::state::use_app;
use crate::storage;

/// A `<ul class="app-checklist">` of large checkboxes (`data-doc-id` = document id), with
/// shown-only documents marked and a live "2/5 ready" count.
#[component]
pub fn Checklist(
    /// Commune code (part of the storage key).
    commune: String,
    /// Procedure code (part of the storage key).
    procedure: String,
    /// The documents to list.
    documents: Vec<RequiredDocument>,
) -> impl IntoView {
    let state = use_app();
    let ticks = RwSignal::new(BTreeSet::<String>::new());
    let loaded = RwSignal::new(false);
    {
        let (commune, procedure) = (commune.clone(), procedure.clone());
        spawn_local(async move {
            if let Some(db) = storage::shared().await {
                if let Ok(stored) = db.load_ticks(&commune, &procedure).await {
                    // Keep any tick made while loading.
                    let _ = ticks.try_update(|t| t.extend(stored));
                }
            }
            let _ = loaded.try_set(true);
        });
    }
    let save = move || {
        let (commune, procedure) = (commune.clone(), procedure.clone());
        let list: Vec<String> = ticks.get_untracked().into_iter().collect();
        spawn_local(async move {
            if let Some(db) = storage::shared().await {
                let _ = db.save_ticks(&commune, &procedure, &list).await;
            }
        });
    };
    let total = documents.len();
    let ids: Vec<String> = documents.iter().map(|d| d.id.clone()).collect();
    let done = move || ticks.with(|t| ids.iter().filter(|id| t.contains(*id)).count());
    let items = documents
        .into_iter()
        .map(|doc| {
            let id = doc.id.clone();
            let input_id = format!("doc-{}", doc.id);
            let checked = {
                let id = id.clone();
                move || ticks.with(|t| t.contains(&id))
            };
            let save = save.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                ticks.update(|t| {
                    if on {
                        t.insert(id.clone());
                    } else {
                        t.remove(&id);
                    }
                });
                save();
            };
            let text = doc.text.clone();
            view! {
                <li class="app-checklist__item">
                    <input
                        class="app-checklist__input"
                        type="checkbox"
                        id=input_id.clone()
                        data-doc-id=doc.id.clone()
                        prop:checked=checked
                        on:change=toggle
                    />
                    <label class="app-checklist__label" for=input_id>
                        <span class="app-checklist__text">{move || text.get(state.lang.get().english()).to_owned()}</span>
                        {doc.show_only.then(|| view! {
                            <span class="app-tag">{move || t(Msg::ShowOnly, state.lang.get())}</span>
                        })}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="app-checklist-block" data-loaded=move || loaded.get().then_some("1")>
            <p class="app-checklist__hint">{move || t(Msg::ChecklistHint, state.lang.get())}</p>
            <p class="app-checklist__progress" role="status">
                {move || checklist_progress(done(), total, state.lang.get())}
            </p>
            <ul class="app-checklist">{items}</ul>
        </div>
    }
}
