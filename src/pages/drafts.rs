//! `/drafts`: the citizen's applications on this phone, newest first, with their state and a
//! delete button (after confirmation). Test hook: `li[data-draft-id][data-state]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use crate::i18n::{t, Msg};
use crate::state::use_app;
use crate::storage::{self, Draft, SubmitState};
use crate::text::format_timestamp;

/// The drafts list.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let state = use_app();
    let drafts = RwSignal::new(None::<Vec<Draft>>);
    let reload = move || {
        spawn_local(async move {
            let list = match storage::shared().await {
                Some(db) => db.list_drafts().await.unwrap_or_default(),
                None => Vec::new(),
            };
            // The page may be gone by now (the citizen opened a draft).
            let _ = drafts.try_set(Some(list));
        });
    };
    crate::hooks::use_watch(move || {
        state.drafts_rev.track();
        reload();
    });
    let tr = move |m: Msg| t(m, state.lang.get());
    let list = move || {
        let lang = state.lang.get();
        let en = lang.english();
        match drafts.get() {
            None => view! { <crate::components::Loading/> }.into_any(),
            Some(list) if list.is_empty() => view! {
                <p class="app-body">{t(Msg::DraftsEmpty, lang)}</p>
                <p><a class="app-button" href="/procedures">{t(Msg::NavProcedures, lang)}</a></p>
            }
            .into_any(),
            Some(list) => list
                .into_iter()
                .map(|d| {
                    let name = d
                        .procedure_name
                        .as_ref()
                        .map_or_else(|| d.procedure.to_string(), |n| n.get(en).to_owned());
                    let (label, modifier) = match &d.submit {
                        SubmitState::Draft => (t(Msg::StateDraft, lang).to_owned(), "app-tag--todo"),
                        SubmitState::Queued => (t(Msg::StateQueued, lang).to_owned(), "app-tag--progress"),
                        SubmitState::Sent { accepted } => (
                            format!("{} · {}", t(Msg::StateSent, lang), accepted.receipt),
                            "app-tag--done",
                        ),
                        SubmitState::NeedsAttention { .. } => {
                            (t(Msg::StateNeedsAttention, lang).to_owned(), "app-tag--error")
                        }
                    };
                    let id = d.id.to_string();
                    let href = format!("/drafts/{id}");
                    let delete = {
                        let id = id.clone();
                        move |_| {
                            let ok = web_sys::window()
                                .and_then(|w| w.confirm_with_message(t(Msg::ConfirmDelete, state.lang.get_untracked())).ok())
                                .unwrap_or(false);
                            if !ok {
                                return;
                            }
                            let id = id.clone();
                            spawn_local(async move {
                                if let Some(db) = storage::shared().await {
                                    let _ = db.delete_draft(&id).await;
                                }
                                reload();
                            });
                        }
                    };
                    view! {
                        <li class="app-drafts__item" data-draft-id=id.clone() data-state=d.submit.key()>
                            <a class="app-link app-drafts__name" href=href>{name.clone()}</a>
                            <p class="app-drafts__meta">
                                {t(Msg::LastEdited, lang)} " " {format_timestamp(d.updated_ms)}
                            </p>
                            <p><span class=format!("app-tag {modifier}")>{label}</span></p>
                            <button type="button" class="app-button app-button--secondary app-drafts__delete" on:click=delete>
                                {t(Msg::Delete, lang)}
                                <span class="app-visually-hidden">" " {name}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
                .pipe_ul(),
        }
    };
    view! {
        <Title text=move || tr(Msg::DraftsTitle)/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::DraftsTitle)}</h1>
        {list}
    }
}

trait PipeUl {
    fn pipe_ul(self) -> AnyView;
}

impl<T: IntoView + 'static> PipeUl for T {
    fn pipe_ul(self) -> AnyView {
        view! { <ul class="app-drafts">{self}</ul> }.into_any()
    }
}
