//! `/track` (type a receipt and secret) and `/track/:receipt` (status, received time, due
//! date, procedure). The secret comes from this phone's records or `?s=` in a shared link
//! (then remembered); the last-known status is stored and shown offline.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use motcua_domain::{ReceiptCode, SubmissionStatus, TrackingSecret, TrackingView};

use crate::i18n::{t, Msg};
use crate::state::use_app;
use crate::storage::{self, Tracked};
use crate::text::{format_iso_date, format_rfc3339, format_timestamp, now_ms};
use crate::util::{navigator_online, with_timeout};

/// The tracking form.
#[component]
pub fn TrackFormPage() -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let tr = move |m: Msg| t(m, state.lang.get());
    let receipt = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let error = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match ReceiptCode::parse(&receipt.get_untracked()) {
            Ok(code) => {
                error.set(false);
                let s = secret.get_untracked();
                let url = if s.trim().is_empty() {
                    format!("/track/{code}")
                } else {
                    format!("/track/{code}?s={}", s.trim())
                };
                navigate(&url, Default::default());
            }
            Err(_) => {
                error.set(true);
                crate::components::focus_error_summary();
            }
        }
    };
    view! {
        <Title text=move || tr(Msg::TrackTitle)/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::TrackTitle)}</h1>
        {move || error.get().then(|| view! {
            <div class="app-error-summary" role="alert" tabindex="-1">
                <h2 class="app-error-summary__title">{tr(Msg::ErrorSummaryTitle)}</h2>
                <ul class="app-error-summary__list"><li><a class="app-link" href="#track-receipt" on:click=|ev| {
                    ev.prevent_default();
                    crate::components::focus_id("track-receipt");
                }>{tr(Msg::TrackInvalidReceipt)}</a></li></ul>
            </div>
        })}
        <p class="app-body">{move || tr(Msg::TrackIntro)}</p>
        <form class="app-form" novalidate on:submit=submit>
            <div class=move || if error.get() { "app-field app-field--error" } else { "app-field" }>
                <label class="app-field__label" for="track-receipt">{move || tr(Msg::ReceiptCode)}</label>
                <p class="app-field__hint" id="track-receipt-hint">{move || tr(Msg::TrackReceiptHint)}</p>
                {move || error.get().then(|| view! {
                    <p class="app-error-message" id="track-receipt-error">
                        <span class="app-visually-hidden">{tr(Msg::ErrorPrefix)}</span>{tr(Msg::TrackInvalidReceipt)}
                    </p>
                })}
                <input class="app-input app-input--receipt" id="track-receipt" name="receipt" autocomplete="off"
                    autocapitalize="characters" spellcheck="false"
                    aria-describedby=move || if error.get() { "track-receipt-hint track-receipt-error" } else { "track-receipt-hint" }
                    aria-invalid=move || error.get().then_some("true")
                    on:input=move |ev| receipt.set(event_target_value(&ev))/>
            </div>
            <div class="app-field">
                <label class="app-field__label" for="track-secret">
                    {move || tr(Msg::TrackSecret)}
                    <span class="app-field__optional">" " {move || tr(Msg::Optional)}</span>
                </label>
                <p class="app-field__hint" id="track-secret-hint">{move || tr(Msg::TrackSecretHint)}</p>
                <input class="app-input" id="track-secret" name="secret" autocomplete="off" spellcheck="false"
                    aria-describedby="track-secret-hint" on:input=move |ev| secret.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="app-button" id="track-submit">{move || tr(Msg::TrackButton)}</button>
        </form>
    }
}

#[derive(Clone, PartialEq)]
enum Fetched {
    Loading,
    Invalid,
    NeedSecret,
    NotFound,
    Unavailable,
    Done,
}

async fn fetch_view(receipt: &str, secret: &str) -> Result<TrackingView, u16> {
    let request = gloo_net::http::Request::get(&format!("/api/v1/submissions/{receipt}"))
        .header("X-Tracking-Secret", secret)
        .header("Accept", "application/json");
    let response = with_timeout(request.send(), 20_000)
        .await
        .and_then(Result::ok)
        .ok_or(0u16)?;
    if response.status() != 200 {
        return Err(response.status());
    }
    let text = response.text().await.map_err(|_| 0u16)?;
    serde_json::from_str(&text).map_err(|_| 0u16)
}

/// One receipt's status.
#[component]
pub fn TrackPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let query = use_query_map();
    let tr = move |m: Msg| t(m, state.lang.get());
    let fetched = RwSignal::new(Fetched::Loading);
    let tracked = RwSignal::new(None::<Tracked>);
    let receipt_text = Memo::new(move |_| params.with(|p| p.get("receipt")).unwrap_or_default());
    crate::hooks::use_watch(move || {
        let raw = receipt_text.get();
        let from_url = query.with(|q| q.get("s"));
        let _ = fetched.try_set(Fetched::Loading);
        spawn_local(async move {
            let Ok(code) = ReceiptCode::parse(&raw) else {
                let _ = fetched.try_set(Fetched::Invalid);
                return;
            };
            let receipt = code.to_string();
            let db = storage::shared().await;
            let mut entry = match &db {
                Some(db) => db.load_tracked(&receipt).await.ok().flatten(),
                None => None,
            };
            if let Some(s) = from_url.filter(|s| TrackingSecret::parse(s).is_ok()) {
                let s = s.trim().to_owned();
                match &mut entry {
                    Some(e) if e.secret == s => {}
                    Some(e) => {
                        e.secret = s;
                        e.view = None;
                    }
                    None => {
                        entry = Some(Tracked {
                            receipt: receipt.clone(),
                            secret: s,
                            view: None,
                            fetched_ms: None,
                        })
                    }
                }
            }
            let Some(mut entry) = entry else {
                let _ = fetched.try_set(Fetched::NeedSecret);
                return;
            };
            let _ = tracked.try_set(Some(entry.clone()));
            if !navigator_online() {
                let _ = fetched.try_set(if entry.view.is_some() {
                    Fetched::Done
                } else {
                    Fetched::Unavailable
                });
                return;
            }
            match fetch_view(&receipt, &entry.secret).await {
                Ok(view) => {
                    entry.view = Some(view);
                    entry.fetched_ms = Some(now_ms());
                    if let Some(db) = &db {
                        let _ = db.save_tracked(&entry).await;
                    }
                    let _ = tracked.try_set(Some(entry));
                    let _ = fetched.try_set(Fetched::Done);
                }
                Err(404) => {
                    let _ = fetched.try_set(Fetched::NotFound);
                }
                Err(_) => {
                    let _ = fetched.try_set(if entry.view.is_some() {
                        Fetched::Done
                    } else {
                        Fetched::Unavailable
                    });
                }
            }
        });
    });
    let body = move || {
        let lang = state.lang.get();
        let en = lang.english();
        let message = |m: Msg| {
            view! {
                <div class="app-callout app-callout--warning"><p>{t(m, lang)}</p></div>
                <p><a class="app-link" href="/track">{t(Msg::TrackTitle, lang)}</a></p>
            }
            .into_any()
        };
        match fetched.get() {
            Fetched::Loading => view! { <crate::components::Loading/> }.into_any(),
            Fetched::Invalid => message(Msg::TrackInvalidReceipt),
            Fetched::NeedSecret => message(Msg::TrackNeedSecret),
            Fetched::NotFound => message(Msg::TrackNotFound),
            Fetched::Unavailable => message(Msg::TrackUnavailable),
            Fetched::Done => {
                let Some(entry) = tracked.get() else {
                    return message(Msg::TrackUnavailable);
                };
                let Some(v) = entry.view.clone() else {
                    return message(Msg::TrackUnavailable);
                };
                let detail = match &v.status {
                    SubmissionStatus::NeedsDocuments { note } => Some((Msg::Note, note.clone())),
                    SubmissionStatus::Rejected { reason } => Some((Msg::Reason, reason.clone())),
                    _ => None,
                };
                let saved = entry
                    .fetched_ms
                    .map(|ms| format!("{} {}", t(Msg::TrackSaved, lang), format_timestamp(ms)));
                view! {
                    <p class="app-track__status" data-status=v.status.label().en.to_lowercase()>
                        <span class="app-tag app-tag--progress app-tag--large">{v.status.label().get(en).to_owned()}</span>
                    </p>
                    <dl class="app-summary">
                        <div class="app-summary__row">
                            <dt class="app-summary__key">{t(Msg::Procedure, lang)}</dt>
                            <dd>{v.procedure_name.get(en).to_owned()}</dd>
                        </div>
                        <div class="app-summary__row">
                            <dt class="app-summary__key">{t(Msg::ReceivedAt, lang)}</dt>
                            <dd>{format_rfc3339(&v.received_at)}</dd>
                        </div>
                        {v.due_date.as_deref().map(|d| view! {
                            <div class="app-summary__row">
                                <dt class="app-summary__key">{t(Msg::DueDate, lang)}</dt>
                                <dd>{format_iso_date(d)}</dd>
                            </div>
                        })}
                        {detail.map(|(k, text)| view! {
                            <div class="app-summary__row">
                                <dt class="app-summary__key">{t(k, lang)}</dt>
                                <dd>{text}</dd>
                            </div>
                        })}
                    </dl>
                    <p class="app-small" role="status">{saved}</p>
                    {rating_section(&v, &entry.secret, lang)}
                }
                .into_any()
            }
        }
    };
    view! {
        <Title text=move || tr(Msg::TrackTitle)/>
        <p class="app-caption">{move || tr(Msg::TrackTitle)}</p>
        <h1 class="app-heading-xl app-track__receipt" tabindex="-1" id="track-receipt-code">
            {move || ReceiptCode::parse(&receipt_text.get()).map_or_else(|_| receipt_text.get(), |c| c.to_string())}
        </h1>
        {body}
    }
}

/// After a submission is closed: the citizen's rating and the office's reply (plain text), or
/// the form to rate it.
fn rating_section(v: &TrackingView, secret: &str, lang: crate::i18n::Lang) -> impl IntoView {
    if !v.status.is_closed() {
        return None;
    }
    let en = lang.english();
    let body = match &v.rating {
        Some(r) => view! {
            <dl class="app-summary">
                <div class="app-summary__row">
                    <dt class="app-summary__key">{t(Msg::RateYours, lang)}</dt>
                    <dd>{r.label.get(en).to_owned()}<br/>{r.comment.clone()}</dd>
                </div>
                {r.reply.clone().map(|reply| view! {
                    <div class="app-summary__row">
                        <dt class="app-summary__key">{t(Msg::RateReply, lang)}</dt>
                        <dd class="app-rating__reply">{reply.text}</dd>
                    </div>
                })}
            </dl>
        }
        .into_any(),
        None => {
            let target = motcua_domain::feedback::RatingTarget::Receipt {
                receipt: v.receipt.clone(),
                tracking_secret: secret.to_owned(),
            };
            view! { <crate::components::RatingForm commune=v.commune.clone() target/> }.into_any()
        }
    };
    Some(view! {
        <section class="app-stats__section" aria-labelledby="rate-heading">
            <h2 class="app-heading-m" id="rate-heading">{t(Msg::RateTitle, lang)}</h2>
            {body}
        </section>
    })
}
