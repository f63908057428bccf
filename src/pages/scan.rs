//! `/scan`: the in-app QR scanner, with a manual code field for phones without a camera.
//!
//! Only our own links are followed ([`classify_scan`]); anything else a code holds — another
//! website, `javascript:`, a wifi configuration — is shown as plain text and never opened.

use leptos::html::Video;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua_domain::qr::{classify_scan, Scanned};

use crate::i18n::{t, Msg};
use crate::scanner::Scanner;
use crate::state::use_app;

/// How often a frame is looked at.
const POLL_MS: u32 = 200;
/// Longest foreign text shown.
const SHOWN_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Camera {
    Off,
    Starting,
    On,
    Unavailable,
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The scanner page.
#[component]
pub fn ScanPage() -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let navigate = use_navigate();
    let query = use_query_map();
    let wasm_only = query.with_untracked(|q| q.get("decoder").as_deref() == Some("wasm"));
    let video = NodeRef::<Video>::new();
    let camera = RwSignal::new(Camera::Off);
    let decoder = RwSignal::new("");
    let foreign = RwSignal::new(None::<String>);
    let opening = RwSignal::new(false);
    let manual = RwSignal::new(String::new());
    let manual_error = RwSignal::new(false);
    let scanner = StoredValue::new_local(None::<Scanner>);
    // Bumped to end a polling loop (stop, restart, page gone).
    let run = StoredValue::new(0u64);

    let stop = move || {
        run.try_update_value(|r| *r += 1);
        scanner.try_update_value(|s| *s = None);
        if let Some(v) = video.get_untracked() {
            v.set_src_object(None);
        }
    };
    on_cleanup(stop);

    let follow = {
        let navigate = navigate.clone();
        move |text: String| -> bool {
            match classify_scan(&text, &origin()) {
                Scanned::Ours(path) => {
                    opening.set(true);
                    stop();
                    camera.set(Camera::Off);
                    navigate(&path, Default::default());
                    true
                }
                Scanned::NotOurs(text) => {
                    foreign.set(Some(text.chars().take(SHOWN_CHARS).collect()));
                    false
                }
            }
        }
    };

    let start = {
        let follow = follow.clone();
        move || {
            let Some(element) = video.get_untracked() else {
                return;
            };
            let follow = follow.clone();
            camera.set(Camera::Starting);
            leptos::task::spawn_local(async move {
                let Ok(found) = Scanner::start(&element, wasm_only).await else {
                    let _ = camera.try_set(Camera::Unavailable);
                    return;
                };
                let _ = decoder.try_set(if found.uses_worker() {
                    "wasm"
                } else {
                    "native"
                });
                if scanner.try_update_value(|s| *s = Some(found)).is_none() {
                    return; // the page is gone: dropping the scanner stopped the camera
                }
                let _ = camera.try_set(Camera::On);
                let Some(mine) = run.try_update_value(|r| {
                    *r += 1;
                    *r
                }) else {
                    return;
                };
                loop {
                    gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                    if run.try_get_value() != Some(mine) {
                        return;
                    }
                    // Take the scanner out while awaiting, so `stop` never waits on a borrow.
                    let Some(Some(active)) = scanner.try_update_value(Option::take) else {
                        return;
                    };
                    let texts = active.poll(&element).await;
                    if run.try_get_value() != Some(mine) {
                        return; // stopped meanwhile: `active` drops here, closing the camera
                    }
                    scanner.try_update_value(|s| *s = Some(active));
                    for text in texts {
                        if follow(text) {
                            return;
                        }
                    }
                }
            });
        }
    };
    // Start at once where a camera API exists (the permission prompt explains itself).
    request_animation_frame(start.clone());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match classify_scan(&manual.get_untracked(), &origin()) {
            Scanned::Ours(path) => {
                manual_error.set(false);
                navigate(&path, Default::default());
            }
            Scanned::NotOurs(_) => manual_error.set(true),
        }
    };
    let toggle = move |_| match camera.get_untracked() {
        Camera::On | Camera::Starting => {
            stop();
            camera.set(Camera::Off);
        }
        _ => start(),
    };

    view! {
        <Title text=move || tr(Msg::QrScanTitle)/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::QrScanTitle)}</h1>
        <p class="app-body">{move || tr(Msg::QrScanIntro)}</p>
        <div class="app-scan" data-camera=move || match camera.get() {
            Camera::Off => "off",
            Camera::Starting => "starting",
            Camera::On => "on",
            Camera::Unavailable => "unavailable",
        } data-decoder=move || decoder.get()>
            <video node_ref=video class="app-scan__video" muted=true playsinline=true
                aria-label=move || tr(Msg::QrScanVideoLabel)
                hidden=move || camera.get() != Camera::On></video>
            <p class="app-body" role="status">
                {move || match (opening.get(), camera.get()) {
                    (true, _) => tr(Msg::QrOpening),
                    (false, Camera::On) => tr(Msg::QrScanLooking),
                    _ => "",
                }}
            </p>
            {move || (camera.get() == Camera::Unavailable).then(|| view! {
                <p class="app-callout" id="scan-no-camera" role="alert">{tr(Msg::QrScanNoCamera)}</p>
            })}
            <button type="button" class="app-button app-button--secondary" id="scan-toggle" on:click=toggle>
                {move || if matches!(camera.get(), Camera::On | Camera::Starting) { tr(Msg::QrScanStop) } else { tr(Msg::QrScanStart) }}
            </button>
        </div>
        {move || foreign.get().map(|text| view! {
            <div class="app-callout app-scan__foreign" id="scan-foreign" role="alert">
                <p>{tr(Msg::QrScanForeign)}</p>
                <p><code class="app-scan__text">{text}</code></p>
            </div>
        })}
        <form class="app-form" novalidate on:submit=submit>
            <div class=move || if manual_error.get() { "app-field app-field--error" } else { "app-field" }>
                <label class="app-field__label" for="qr-manual">{move || tr(Msg::QrManualLabel)}</label>
                <p class="app-field__hint" id="qr-manual-hint">{move || tr(Msg::QrManualHint)}</p>
                {move || manual_error.get().then(|| view! {
                    <p class="app-error-message" id="qr-manual-error" role="alert">
                        <span class="app-visually-hidden">{tr(Msg::ErrorPrefix)}</span>{tr(Msg::QrManualInvalid)}
                    </p>
                })}
                <input class="app-input app-input--receipt" id="qr-manual" name="code" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" maxlength="512"
                    aria-describedby=move || if manual_error.get() { "qr-manual-hint qr-manual-error" } else { "qr-manual-hint" }
                    aria-invalid=move || manual_error.get().then_some("true")
                    on:input=move |ev| manual.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="app-button" id="qr-manual-submit">{move || tr(Msg::QrManualButton)}</button>
        </form>
    }
}
