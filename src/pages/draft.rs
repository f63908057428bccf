//! `/drafts/:id` (task list and status), `/drafts/:id/:step` (one step per page) and
//! `/drafts/:id/check` (check your answers, submit).
//!
//! Every change is saved to IndexedDB (debounced 250 ms; at once on `visibilitychange` →
//! hidden, `pagehide`, leaving the page, photo changes, and before a reload for an app update)
//! with a "Saved at" status.

use std::collections::{BTreeMap, BTreeSet};

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use motcua_domain::forms::{
    form_for, migrate_answers, relations, validate, validate_step, FieldKind, FormDefinition,
};
use motcua_domain::{Date, FieldError, Localized, ValidationErrors};

use crate::components::{focus_error_summary, ErrorSummary, FieldCtx, FormField, Receipt};
use crate::i18n::{photos_count, step_of, t, Msg};
use crate::state::{use_app, AppState};
use crate::storage::{self, Draft, PhotoRef, SubmitState};
use crate::sync::outbox;
use crate::text::{format_clock, now_ms};

const SAVE_DEBOUNCE_MS: u32 = 250;
/// The pseudo-step of the check-answers page.
pub const CHECK: &str = "check";

fn today() -> Date {
    Date::in_vietnam_at_unix_ms(now_ms() as u64)
}

/// The signals of the draft being edited.
#[derive(Clone, Copy)]
struct Editor {
    draft: RwSignal<Option<Draft>>,
    answers: RwSignal<BTreeMap<String, String>>,
    photos: RwSignal<Vec<PhotoRef>>,
    done_steps: RwSignal<BTreeSet<String>>,
    errors: RwSignal<ValidationErrors>,
    saved_at: RwSignal<Option<f64>>,
    save_failed: RwSignal<bool>,
    dirty: StoredValue<bool>,
    timer: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>,
}

impl Editor {
    fn new() -> Self {
        Self {
            draft: RwSignal::new(None),
            answers: RwSignal::new(BTreeMap::new()),
            photos: RwSignal::new(Vec::new()),
            done_steps: RwSignal::new(BTreeSet::new()),
            errors: RwSignal::new(ValidationErrors::default()),
            saved_at: RwSignal::new(None),
            save_failed: RwSignal::new(false),
            dirty: StoredValue::new(false),
            timer: StoredValue::new_local(None),
        }
    }

    fn changed(self) {
        self.dirty.set_value(true);
        let timer = gloo_timers::callback::Timeout::new(SAVE_DEBOUNCE_MS, move || self.flush());
        self.timer.set_value(Some(timer));
    }

    /// Saves now if anything changed: reads the stored draft and replaces only what the
    /// citizen edits, so a state written meanwhile by the outbox is kept.
    fn flush(self) {
        if let Some(t) = self.timer.try_update_value(Option::take).flatten() {
            t.cancel();
        }
        if !self.dirty.try_get_value().unwrap_or(false) {
            return;
        }
        let _ = self.dirty.try_set_value(false);
        // Also called from timers and page cleanup, when the signals may be gone.
        let Some(Some(mut draft)) = self.draft.try_get_untracked() else {
            return;
        };
        let (Some(answers), Some(photos), Some(done_steps)) = (
            self.answers.try_get_untracked(),
            self.photos.try_get_untracked(),
            self.done_steps.try_get_untracked(),
        ) else {
            return;
        };
        draft.answers = answers;
        draft.photos = photos;
        draft.done_steps = done_steps;
        draft.updated_ms = now_ms();
        let write = storage::pending::begin();
        spawn_local(async move {
            let ok = save_edits(&draft).await;
            drop(write);
            let _ = self.save_failed.try_set(!ok);
            if ok {
                let _ = self.saved_at.try_set(Some(draft.updated_ms));
            } else {
                // Not saved (storage full, IndexedDB gone): what was typed is still in the
                // signals; the next flush (an edit, leaving the step, an update) tries again.
                let _ = self.dirty.try_set_value(true);
            }
        });
    }

    fn attachments(self) -> Vec<motcua_domain::AttachmentRef> {
        let mut d = self.draft.get_untracked().expect("draft loaded");
        d.photos = self.photos.get_untracked();
        d.attachments()
    }

    fn ctx(self) -> FieldCtx {
        FieldCtx {
            answers: self.answers,
            errors: self.errors,
            photos: self.photos,
            changed: Callback::new(move |()| self.changed()),
            flush: Callback::new(move |()| {
                self.dirty.set_value(true);
                self.flush();
            }),
        }
    }

    fn step_status(self, def: &FormDefinition, step: &str) -> Msg {
        let Some(s) = def.step(step) else {
            return Msg::StepNotStarted;
        };
        let in_step = |f: &str| s.fields.iter().any(|x| x.id == f);
        let shown_error = self
            .errors
            .with(|e| e.errors.iter().any(|e| in_step(&e.field)));
        let done = self.done_steps.with(|d| d.contains(step));
        let answers = self.answers.get();
        let photos = self.photos.get();
        if shown_error
            || (done && validate_step(def, step, &answers, &self.attachments(), today()).is_err())
        {
            return Msg::StepError;
        }
        if done {
            return Msg::StepDone;
        }
        let started = s.fields.iter().any(|f| {
            answers.get(&f.id).is_some_and(|v| !v.trim().is_empty())
                || photos.iter().any(|p| p.field == f.id)
        });
        if started {
            Msg::StepInProgress
        } else {
            Msg::StepNotStarted
        }
    }
}

async fn save_edits(edited: &Draft) -> bool {
    let Some(db) = storage::shared().await else {
        return false;
    };
    let mut stored = match db.load_draft(edited.id.as_str()).await {
        Ok(Some(d)) => d,
        Ok(None) => return false,
        Err(_) => return false,
    };
    if !stored.submit.editable() {
        return true;
    }
    stored.answers = edited.answers.clone();
    stored.photos = edited.photos.clone();
    stored.done_steps = edited.done_steps.clone();
    stored.step = edited.step.clone();
    stored.form_version = edited.form_version;
    stored.flagged = edited.flagged.clone();
    stored.updated_ms = edited.updated_ms;
    db.save_draft(&stored).await.is_ok()
}

/// Loads a draft, migrating its answers to the current form version (flagged answers kept).
async fn load(id: &str) -> Option<Draft> {
    let db = storage::shared().await?;
    let mut draft = db.load_draft(id).await.ok()??;
    if let Some(def) = form_for(&draft.procedure) {
        if draft.form_version < def.version {
            let migrated = migrate_answers(draft.form_version, &draft.answers, def);
            draft.answers = migrated.answers;
            for f in migrated.flagged {
                if !draft.flagged.contains(&f) {
                    draft.flagged.push(f);
                }
            }
            draft.form_version = def.version;
            let _ = db.save_draft(&draft).await;
        }
    }
    Some(draft)
}

/// The draft pages.
#[component]
pub fn DraftPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let step = Memo::new(move |_| params.with(|p| p.get("step")));
    let ed = Editor::new();
    let loaded = RwSignal::new(false);
    crate::hooks::use_watch(move || {
        let id = id.get();
        spawn_local(async move {
            let draft = load(&id).await;
            // The page may have gone while the draft loaded: every write below is a `try_`.
            if let Some(d) = &draft {
                let _ = ed.answers.try_set(d.answers.clone());
                let _ = ed.photos.try_set(d.photos.clone());
                let _ = ed.done_steps.try_set(d.done_steps.clone());
                let errors = match &d.submit {
                    SubmitState::NeedsAttention { errors, .. } => errors.clone(),
                    _ => ValidationErrors::default(),
                };
                let _ = ed.errors.try_set(errors);
            }
            let _ = ed.draft.try_set(draft);
            let _ = loaded.try_set(true);
        });
    });
    // A draft started before its commune's catalog was on the phone (a guide's "Start" followed
    // before the app had it) has no procedure name of its own: the catalog gives it.
    crate::hooks::use_catalog(state, move || {
        ed.draft.with(|d| {
            d.as_ref()
                .filter(|d| d.procedure_name.is_none())
                .map(|d| d.commune.to_string())
        })
    });
    // The outbox or another tab changed a draft: take its new state (answers stay as typed).
    crate::hooks::use_watch(move || {
        let rev = state.drafts_rev.get();
        if rev == 0 {
            return;
        }
        let id = id.get_untracked();
        spawn_local(async move {
            let Some(db) = storage::shared().await else {
                return;
            };
            if let Ok(Some(fresh)) = db.load_draft(&id).await {
                // The page may have gone meanwhile: `try_` reads and writes only.
                let Some(was) = ed
                    .draft
                    .try_with_untracked(|d| d.as_ref().map(|d| d.submit.clone()))
                else {
                    return;
                };
                if was.as_ref() != Some(&fresh.submit) {
                    if let SubmitState::NeedsAttention { errors, .. } = &fresh.submit {
                        let _ = ed.errors.try_set(errors.clone());
                    }
                    let _ = ed.draft.try_update(|d| {
                        if let Some(d) = d {
                            d.submit = fresh.submit.clone();
                            d.submission = fresh.submission.clone();
                        }
                    });
                }
            }
        });
    });
    let hidden = window_event_listener(ev::visibilitychange, move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            ed.flush();
        }
    });
    let pagehide = window_event_listener(ev::pagehide, move |_| ed.flush());
    // A reload for an app update saves first (see `sw::update`).
    let before_update =
        StoredValue::new_local(Some(storage::pending::register(move || ed.flush())));
    on_cleanup(move || {
        hidden.remove();
        pagehide.remove();
        drop(before_update.try_update_value(Option::take));
        ed.flush();
    });
    (move || {
        if !loaded.get() {
            return view! { <crate::components::Loading heading=true/> }.into_any();
        }
        let Some(draft) = ed
            .draft
            .with(|d| d.as_ref().map(|d| (d.procedure.clone(), d.submit.key())))
        else {
            return not_found(state);
        };
        let Some(def) = form_for(&draft.0) else {
            return not_found(state);
        };
        let editable = draft.1 == "draft" || draft.1 == "needs_attention";
        match step.get() {
            Some(s) if s == CHECK && editable => view! { <CheckPage ed def/> }.into_any(),
            Some(s) if editable && def.step(&s).is_some() => {
                view! { <StepPage ed def step=s/> }.into_any()
            }
            _ => view! { <Overview ed def/> }.into_any(),
        }
    })
    .into_any()
}

/// `/drafts/new?procedure=&commune=`: starts a draft and replaces the address with its page.
/// A landing page the server rendered links its "Start" here, so it works before the app has
/// taken the page over.
#[component]
pub fn NewDraftPage() -> impl IntoView {
    let state = use_app();
    let query = leptos_router::hooks::use_query_map();
    let navigate = use_navigate();
    let failed = RwSignal::new(false);
    let (procedure, commune) = query.with_untracked(|q| {
        (
            q.get("procedure")
                .and_then(|c| motcua_domain::ProcedureCode::parse(&c).ok()),
            q.get("commune")
                .and_then(|c| motcua_domain::CommuneCode::parse(&c).ok()),
        )
    });
    let back = match (&procedure, &commune) {
        (Some(p), Some(c)) => format!("/procedures/{p}?commune={c}"),
        _ => "/procedures".to_owned(),
    };
    match (procedure, commune) {
        (Some(procedure), Some(commune)) => spawn_local(async move {
            let name = state
                .procedure(commune.as_str(), procedure.as_str())
                .map(|p| p.name);
            match start_draft(procedure, commune, name).await {
                Some(id) => navigate(
                    &format!("/drafts/{id}"),
                    leptos_router::NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                ),
                None => {
                    let _ = failed.try_set(true);
                }
            }
        }),
        _ => failed.set(true),
    }
    move || {
        if failed.get() {
            view! {
                <h1 class="app-heading-xl" tabindex="-1">{move || t(Msg::StartFailed, state.lang.get())}</h1>
                <p><a class="app-link" href=back.clone()>{move || t(Msg::AllProcedures, state.lang.get())}</a></p>
            }
            .into_any()
        } else {
            view! { <crate::components::Loading heading=true/> }.into_any()
        }
    }
}

fn not_found(state: AppState) -> AnyView {
    view! {
        <h1 class="app-heading-xl" tabindex="-1">{move || t(Msg::DraftNotFound, state.lang.get())}</h1>
        <p class="app-body">{move || t(Msg::DraftNotFoundBody, state.lang.get())}</p>
        <p><a class="app-link" href="/drafts">{move || t(Msg::NavDrafts, state.lang.get())}</a></p>
    }
    .into_any()
}

fn procedure_name(ed: Editor, state: AppState) -> impl Fn() -> String + Copy + Send + Sync {
    // `<Title>` may read this after the page is gone (leptos_meta keeps the closure), so the
    // draft is read with `try_with`: a disposed page gives an empty title, not a panic.
    move || {
        let en = state.lang.get().english();
        ed.draft
            .try_with(|d| {
                d.as_ref()
                    .and_then(|d| {
                        d.procedure_name
                            .as_ref()
                            .map(|n| n.get(en).to_owned())
                            .or_else(|| {
                                state.catalogs.with(|m| {
                                    m.get(d.commune.as_str()).and_then(|c| {
                                        c.procedures
                                            .iter()
                                            .find(|p| p.code == d.procedure)
                                            .map(|p| p.name.get(en).to_owned())
                                    })
                                })
                            })
                    })
                    .unwrap_or_else(|| {
                        d.as_ref()
                            .map(|d| d.procedure.to_string())
                            .unwrap_or_default()
                    })
            })
            .unwrap_or_default()
    }
}

#[component]
fn SavedStatus(ed: Editor) -> impl IntoView {
    let state = use_app();
    view! {
        <p class="app-saved" role="status" aria-live="polite">
            {move || {
                let lang = state.lang.get();
                if ed.save_failed.get() {
                    Some(t(Msg::SaveFailed, lang).to_owned())
                } else {
                    ed.saved_at.get().map(|ms| format!("{} {}", t(Msg::SavedAt, lang), format_clock(ms)))
                }
            }}
        </p>
    }
}

/// The task list, the migration notice and the draft's state (queued, sent, needs attention).
#[component]
fn Overview(ed: Editor, def: &'static FormDefinition) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let name = procedure_name(ed, state);
    let id = ed
        .draft
        .with_untracked(|d| d.as_ref().map(|d| d.id.to_string()).unwrap_or_default());
    // A memo: the panel and the task list are rebuilt when the state changes, not on every
    // write to the draft (a rebuilt link would drop the keyboard focus it holds).
    let submit = Memo::new(move |_| {
        ed.draft
            .with(|d| d.as_ref().map(|d| d.submit.clone()).unwrap_or_default())
    });
    let editable = Memo::new(move |_| submit.with(SubmitState::editable));
    let base = format!("/drafts/{id}");
    let status_panel = {
        let id = id.clone();
        move || {
            let lang = state.lang.get();
            match submit.get() {
                SubmitState::Draft => None,
                SubmitState::Queued => {
                    let notice = state
                        .outbox_notices
                        .with(|m| m.get(&id).map(|l| l.get(lang.english()).to_owned()));
                    Some(view! {
                        <div class="app-panel app-panel--queued" role="status">
                            <h2 class="app-heading-m">{t(Msg::QueuedTitle, lang)}</h2>
                            <p>{t(Msg::QueuedBody, lang)}</p>
                            {notice.map(|n| view! { <p class="app-panel__note">{n}</p> })}
                            <button type="button" id="retry-now" class="app-button" on:click=move |_| outbox::retry_now()>
                                {t(Msg::RetryNow, lang)}
                            </button>
                        </div>
                    }
                    .into_any())
                }
                SubmitState::Sent { accepted } => Some(
                    view! {
                        <div class="app-panel app-panel--sent" role="status">
                            <h2 class="app-heading-m">{t(Msg::SentTitle, lang)}</h2>
                            <Receipt accepted/>
                        </div>
                    }
                    .into_any(),
                ),
                SubmitState::NeedsAttention { message, .. } => Some(
                    view! {
                        <div class="app-panel app-panel--attention" role="alert">
                            <h2 class="app-heading-m">{t(Msg::NeedsAttentionTitle, lang)}</h2>
                            <p>{message.get(lang.english()).to_owned()}</p>
                        </div>
                    }
                    .into_any(),
                ),
            }
        }
    };
    let flagged = move || {
        let (flagged, answers) = ed.draft.with(|d| {
            d.as_ref()
                .map(|d| (d.flagged.clone(), d.answers.clone()))
                .unwrap_or_default()
        });
        (!flagged.is_empty()).then(|| {
            let lang = state.lang.get();
            let rows = flagged
                .into_iter()
                .map(|f| {
                    let value = answers.get(&f).cloned().unwrap_or_default();
                    view! { <li><span class="app-code">{f}</span> ": " {value}</li> }
                })
                .collect_view();
            view! {
                <div class="app-callout app-callout--warning app-migrated">
                    <h2 class="app-heading-s">{t(Msg::MigratedTitle, lang)}</h2>
                    <p>{t(Msg::MigratedBody, lang)}</p>
                    <ul class="app-bullets">{rows}</ul>
                </div>
            }
        })
    };
    let tasks = {
        let base = base.clone();
        move || {
            if !editable.get() {
                return None;
            }
            let lang = state.lang.get();
            let items = def
                .steps
                .iter()
                .map(|s| {
                    let step = s.id.clone();
                    let status = Memo::new(move |_| ed.step_status(def, &step));
                    let class = move || {
                        let modifier = match status.get() {
                            Msg::StepDone => "app-tag--done",
                            Msg::StepError => "app-tag--error",
                            Msg::StepInProgress => "app-tag--progress",
                            _ => "app-tag--todo",
                        };
                        format!("app-tag {modifier}")
                    };
                    let href = format!("{base}/{}", s.id);
                    let tag_id = format!("task-{}-status", s.id);
                    view! {
                        <li class="app-task-list__item" data-step=s.id.clone()>
                            <a class="app-link app-task-list__link" href=href aria-describedby=tag_id.clone()>
                                {s.title.get(lang.english()).to_owned()}
                            </a>
                            <span class=class id=tag_id>{move || t(status.get(), state.lang.get())}</span>
                        </li>
                    }
                })
                .collect_view();
            let check = format!("{base}/{CHECK}");
            Some(view! {
                <h2 class="app-heading-m">{t(Msg::Steps, lang)}</h2>
                <ol class="app-task-list">{items}</ol>
                <p><a class="app-button" href=check id="go-check">{t(Msg::CheckAnswers, lang)}</a></p>
            })
        }
    };
    view! {
        <Title text=name/>
        <h1 class="app-heading-xl" tabindex="-1">{name}</h1>
        <SavedStatus ed/>
        {status_panel}
        {flagged}
        {tasks}
        <p class="app-back"><a class="app-link" href="/drafts">"← " {move || tr(Msg::NavDrafts)}</a></p>
    }
}

/// One step of the form.
#[component]
fn StepPage(ed: Editor, def: &'static FormDefinition, step: String) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let tr = move |m: Msg| t(m, state.lang.get());
    let index = def.steps.iter().position(|s| s.id == step).unwrap_or(0);
    let s = &def.steps[index];
    let id = ed
        .draft
        .with_untracked(|d| d.as_ref().map(|d| d.id.to_string()).unwrap_or_default());
    let name = procedure_name(ed, state);
    let field_ids: Vec<String> = s.fields.iter().map(|f| f.id.clone()).collect();
    let step_errors = {
        let ids = field_ids.clone();
        Signal::derive(move || {
            ed.errors.with(|e| {
                e.errors
                    .iter()
                    .filter(|e| ids.contains(&e.field))
                    .cloned()
                    .collect::<Vec<FieldError>>()
            })
        })
    };
    let fields = s
        .fields
        .iter()
        .map(|f| view! { <FormField field=f.clone() ctx=ed.ctx()/> })
        .collect_view();
    let next = def.steps.get(index + 1).map_or_else(
        || format!("/drafts/{id}/{CHECK}"),
        |n| format!("/drafts/{id}/{}", n.id),
    );
    let step_id = step.clone();
    let on_continue = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let answers = ed.answers.get_untracked();
        let result = validate_step(def, &step_id, &answers, &ed.attachments(), today());
        let ids = field_ids.clone();
        match result {
            Ok(()) => {
                ed.errors
                    .update(|e| e.errors.retain(|e| !ids.contains(&e.field)));
                ed.done_steps.update(|d| {
                    d.insert(step_id.clone());
                });
                ed.dirty.set_value(true);
                ed.flush();
                navigate(&next, Default::default());
            }
            Err(errors) => {
                ed.errors.update(|e| {
                    e.errors.retain(|e| !ids.contains(&e.field));
                    e.errors.extend(errors.errors);
                });
                ed.done_steps.update(|d| {
                    d.remove(&step_id);
                });
                ed.changed();
                focus_error_summary();
            }
        }
    };
    let title = s.title.clone();
    let title2 = s.title.clone();
    let total = def.steps.len();
    let back = format!("/drafts/{id}");
    view! {
        <Title text=move || title2.get(state.lang.get().english()).to_owned()/>
        <p class="app-caption">{name} " · " {move || step_of(index + 1, total, state.lang.get())}</p>
        <h1 class="app-heading-xl" tabindex="-1">{move || title.get(state.lang.get().english()).to_owned()}</h1>
        // Below the h1 (not above it, as GOV.UK has it): headings stay in order (issue 9).
        <ErrorSummary errors=step_errors/>
        <form class="app-form" novalidate on:submit=on_continue>
            {fields}
            <button type="submit" id="continue" class="app-button">{move || tr(Msg::Continue)}</button>
        </form>
        <SavedStatus ed/>
        <p class="app-back"><a class="app-link" href=back>"← " {move || tr(Msg::BackToSteps)}</a></p>
    }
}

fn display_answer(kind: &FieldKind, value: &str, en: bool) -> String {
    match kind {
        FieldKind::Choice { options } => options
            .iter()
            .find(|(v, _)| v == value)
            .map_or_else(|| value.to_owned(), |(_, l)| l.get(en).to_owned()),
        FieldKind::Relation => relations()
            .iter()
            .find(|(v, _, _)| *v == value)
            .map_or_else(
                || value.to_owned(),
                |(_, vi, e)| {
                    if en {
                        (*e).to_owned()
                    } else {
                        (*vi).to_owned()
                    }
                },
            ),
        FieldKind::Date => crate::text::format_iso_date(value),
        _ => value.to_owned(),
    }
}

/// Check your answers, then submit.
#[component]
fn CheckPage(ed: Editor, def: &'static FormDefinition) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let tr = move |m: Msg| t(m, state.lang.get());
    let id = ed
        .draft
        .with_untracked(|d| d.as_ref().map(|d| d.id.to_string()).unwrap_or_default());
    let name = procedure_name(ed, state);
    let shown = RwSignal::new(Vec::<FieldError>::new());
    let base = format!("/drafts/{id}");
    let sections = {
        let base = base.clone();
        move || {
            let lang = state.lang.get();
            let en = lang.english();
            let answers = ed.answers.get();
            let photos = ed.photos.get();
            def.steps
                .iter()
                .map(|s| {
                    let rows = s
                        .fields
                        .iter()
                        .map(|f| {
                            let value = if matches!(f.kind, FieldKind::Photo { .. }) {
                                let n = photos.iter().filter(|p| p.field == f.id).count();
                                (n > 0).then(|| photos_count(n, lang))
                            } else {
                                answers
                                    .get(&f.id)
                                    .filter(|v| !v.trim().is_empty())
                                    .map(|v| display_answer(&f.kind, v, en))
                            };
                            let empty = value.is_none();
                            let href = format!("{base}/{}", s.id);
                            let label = f.label.get(en).to_owned();
                            view! {
                                <div class="app-summary__row">
                                    <dt class="app-summary__key">{label.clone()}</dt>
                                    <dd class="app-summary__value" class:app-muted=empty>
                                        {value.unwrap_or_else(|| t(Msg::NotAnswered, lang).to_owned())}
                                    </dd>
                                    <dd class="app-summary__action">
                                        <a class="app-link" href=href>
                                            {t(Msg::Change, lang)}
                                            <span class="app-visually-hidden">" " {label}</span>
                                        </a>
                                    </dd>
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <h2 class="app-heading-m">{s.title.get(en).to_owned()}</h2>
                        <dl class="app-summary app-summary--check">{rows}</dl>
                    }
                })
                .collect_view()
        }
    };
    let link = {
        let base = base.clone();
        Callback::new(move |field: String| def.step_of(&field).map(|s| format!("{base}/{s}")))
    };
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let answers = ed.answers.get_untracked();
        if let Err(errors) = validate(def, &answers, &ed.attachments(), today()) {
            ed.errors.set(errors.clone());
            shown.set(errors.errors);
            focus_error_summary();
            return;
        }
        ed.flush();
        let Some(mut draft) = ed.draft.get_untracked() else {
            return;
        };
        draft.answers = answers;
        draft.photos = ed.photos.get_untracked();
        draft.done_steps = ed.done_steps.get_untracked();
        draft.updated_ms = now_ms();
        draft.submission = Some(draft.to_submission());
        draft.submit = SubmitState::Queued;
        let navigate = navigate.clone();
        let target = format!("/drafts/{}", draft.id);
        spawn_local(async move {
            let Some(db) = storage::shared().await else {
                return;
            };
            if db.save_draft(&draft).await.is_ok() {
                let _ = ed.errors.try_set(ValidationErrors::default());
                let _ = ed.draft.try_set(Some(draft.clone()));
                outbox::enqueue(state, &draft);
                navigate(&target, Default::default());
            } else {
                let _ = ed.save_failed.try_set(true);
            }
        });
    };
    view! {
        <Title text=move || t(Msg::CheckAnswers, state.lang.get())/>
        <p class="app-caption">{name}</p>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::CheckAnswers)}</h1>
        <ErrorSummary errors=shown href=link/>
        <p class="app-body">{move || tr(Msg::CheckAnswersHint)}</p>
        {sections}
        <form class="app-form" novalidate on:submit=submit>
            <p class="app-body">{move || tr(Msg::SubmitHint)}</p>
            <button type="submit" id="submit-draft" class="app-button">{move || tr(Msg::SubmitApplication)}</button>
        </form>
        <p class="app-back"><a class="app-link" href=base>"← " {move || tr(Msg::BackToSteps)}</a></p>
    }
}

/// Starts a draft for a procedure and returns its id (asks for persistent storage once).
pub async fn start_draft(
    procedure: motcua_domain::ProcedureCode,
    commune: motcua_domain::CommuneCode,
    name: Option<Localized>,
) -> Option<String> {
    let def = form_for(&procedure)?;
    let db = storage::shared().await?;
    let draft = Draft::new(
        crate::web::new_draft_id(),
        procedure,
        commune,
        name,
        def.version,
        now_ms(),
    );
    db.save_draft(&draft).await.ok()?;
    if db
        .get_meta("persist_requested")
        .await
        .ok()
        .flatten()
        .is_none()
    {
        let _ = db.set_meta("persist_requested", "1").await;
        spawn_local(async {
            crate::web::request_persistent_storage().await;
        });
    }
    Some(draft.id.to_string())
}
