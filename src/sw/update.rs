//! Safe updates: a new deploy's service worker installs and waits; the app shows a banner and
//! the citizen chooses when to reload ([`apply`]), after every draft edit is saved.
//!
//! Checks: the browser's own on navigation, every [`CHECK_EVERY_MS`], and whenever the page
//! becomes visible again.
//!
//! A deploy that cannot install is invisible to the citizen: a sw.js that is missing, answers
//! 500 or throws never becomes an installing worker, and one whose install fails (an asset
//! missing, the quota exceeded) goes from installing to redundant. The banner waits for the
//! `installed` state, so it never offers a version that cannot load; the old worker keeps
//! serving and the browser tries again at its next check (`e2e/tests/update-failures.spec.ts`).

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use crate::state::AppState;
use crate::storage::pending;

/// How often the app asks for a new service worker: every 30 minutes.
pub const CHECK_EVERY_MS: i32 = 30 * 60 * 1000;

thread_local! {
    /// True once the citizen asked for the update: the next `controllerchange` reloads.
    static RELOAD_REQUESTED: Cell<bool> = const { Cell::new(false) };
}

/// Watches `registration` for a waiting worker and sets [`AppState::update_ready`].
/// `had_controller` tells a first install (nothing to update) from an update.
pub fn watch(
    container: &ServiceWorkerContainer,
    registration: ServiceWorkerRegistration,
    had_controller: bool,
    state: AppState,
) {
    if registration.waiting().is_some() && had_controller {
        state.update_ready.set(true);
    }
    on_update_found(&registration, state);
    on_controller_change(container, had_controller, state);
    check_periodically(&registration);
}

/// A worker found by an update check: ready once installed, if a worker controls the page.
fn on_update_found(registration: &ServiceWorkerRegistration, state: AppState) {
    let reg = registration.clone();
    let found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = reg.installing() else {
            return;
        };
        let worker = installing.clone();
        let changed = Closure::<dyn Fn()>::new(move || {
            let controlled = web_sys::window()
                .is_some_and(|w| w.navigator().service_worker().controller().is_some());
            if worker.state() == ServiceWorkerState::Installed && controlled {
                state.update_ready.set(true);
            }
        });
        installing.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
        changed.forget();
    });
    registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
    found.forget();
}

/// Reloads when the update this page asked for takes control. A first install's worker taking
/// control is nothing new; another tab's update is: this page still runs the old code, so the
/// banner offers a reload.
fn on_controller_change(container: &ServiceWorkerContainer, had_controller: bool, state: AppState) {
    let first = Cell::new(!had_controller);
    let changed = Closure::<dyn Fn()>::new(move || {
        if RELOAD_REQUESTED.with(Cell::get) {
            reload();
        } else if !first.replace(false) {
            // Not the first worker claiming the page: another tab applied an update.
            state.update_ready.set(true);
        }
    });
    container.set_oncontrollerchange(Some(changed.as_ref().unchecked_ref()));
    changed.forget();
}

/// `registration.update()` every [`CHECK_EVERY_MS`] and when the page becomes visible.
fn check_periodically(registration: &ServiceWorkerRegistration) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let reg = registration.clone();
    let tick = Closure::<dyn Fn()>::new(move || check(&reg));
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        CHECK_EVERY_MS,
    );
    tick.forget();
    let reg = registration.clone();
    let visible = Closure::<dyn Fn()>::new(move || {
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if shown {
            check(&reg);
        }
    });
    if let Some(document) = window.document() {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
    }
    visible.forget();
}

/// One update check; offline or a failed fetch is not worth a word.
fn check(registration: &ServiceWorkerRegistration) {
    if let Ok(promise) = registration.update() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// The citizen chose to update: saves pending draft edits, then lets the waiting worker take
/// over and reloads once it controls the page (at once if no worker is waiting).
pub async fn apply() {
    pending::flush_all().await;
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let registration = wasm_bindgen_futures::JsFuture::from(container.get_registration())
        .await
        .ok()
        .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok());
    match registration.and_then(|r| r.waiting()) {
        Some(waiting) => {
            RELOAD_REQUESTED.with(|r| r.set(true));
            skip_waiting(&waiting);
        }
        None => reload(),
    }
}

fn skip_waiting(worker: &ServiceWorker) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
    if let Err(e) = worker.post_message(&message) {
        web_sys::console::warn_2(&JsValue::from_str("motcua: update"), &e);
        reload();
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
