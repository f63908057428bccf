//! The receipt shown when the office accepted an application: large, spaced for reading over
//! the phone, with a copy button and a link to tracking. Test hook: `#receipt-code`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::SubmissionAccepted;

use crate::i18n::{t, Msg};
use crate::state::use_app;
use crate::text::{format_iso_date, format_rfc3339};

/// The receipt panel.
#[component]
pub fn Receipt(
    /// The server's answer.
    accepted: SubmissionAccepted,
) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let code = accepted.receipt.to_string();
    let copied = RwSignal::new(false);
    let copy = {
        let code = code.clone();
        move |_| {
            let code = code.clone();
            spawn_local(async move {
                if crate::web::copy_text(&code).await {
                    copied.set(true);
                }
            });
        }
    };
    let track = format!("/track/{}?s={}", accepted.receipt, accepted.tracking_secret);
    let received = format_rfc3339(&accepted.received_at);
    let due = accepted.due_date.as_deref().map(format_iso_date);
    view! {
        <div class="app-receipt">
            <p class="app-receipt__label">{move || tr(Msg::ReceiptCode)}</p>
            <p class="app-receipt__code" id="receipt-code">{code}</p>
            <p class="app-receipt__hint">{move || tr(Msg::ReceiptHint)}</p>
            <button type="button" class="app-button app-button--secondary app-receipt__copy" on:click=copy>
                {move || if copied.get() { tr(Msg::Copied) } else { tr(Msg::CopyCode) }}
            </button>
            <dl class="app-summary app-receipt__facts">
                <div class="app-summary__row">
                    <dt class="app-summary__key">{move || tr(Msg::ReceivedAt)}</dt>
                    <dd>{received}</dd>
                </div>
                {due.map(|d| view! {
                    <div class="app-summary__row">
                        <dt class="app-summary__key">{move || tr(Msg::DueDate)}</dt>
                        <dd>{d}</dd>
                    </div>
                })}
            </dl>
            <p><a class="app-link" href=track>{move || tr(Msg::TrackThis)}</a></p>
        </div>
    }
}
