//! `use_focus_h1_on_navigation`: move keyboard and screen-reader focus to the new page's `h1`.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// How long a loading heading is waited for before it takes the focus itself (so a slow page
/// still announces that it is loading).
pub const LOADING_WAIT_MS: u32 = 3_000;

/// After each client-side navigation (not the first load), focuses `main h1` once it renders.
/// Headings carry `tabindex="-1"` so they can take focus without entering the tab order.
/// `routing` is true while the router fetches the new page's code (a lazily loaded part): the
/// old page stays until then, and focusing its heading would drop focus to `body` when it goes.
/// A page still showing its loading heading (`h1.app-status`, e.g. a draft read from IndexedDB)
/// is waited for too, up to [`LOADING_WAIT_MS`]: the real heading replaces it, and a focus
/// given to the placeholder (or a Tab taken from it) would be lost with it.
/// Only the latest navigation's wait focuses: a redirect (`/drafts/new` → `/drafts/{id}`) makes
/// two, and the earlier one's heading focus must not come after a Tab taken on the final page.
pub fn use_focus_h1_on_navigation(routing: ReadSignal<bool>) {
    let location = use_location();
    let generation = StoredValue::new(0_u64);
    // A render effect (like the DOM bindings themselves): it re-runs synchronously on every
    // pathname change; the first run (the initial page load) leaves focus alone.
    let effect = RenderEffect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_none_or(|p| p == path) {
            return path;
        }
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        let current = move || generation.try_get_value() == Some(this);
        leptos::task::spawn_local(async move {
            // Give the new route (and data read from memory) a moment to render; data arriving
            // later may re-render the heading, so check again once.
            gloo_timers::future::TimeoutFuture::new(50).await;
            while routing.try_get_untracked().unwrap_or(false) {
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            let mut waited = 0;
            while loading_heading() && waited < LOADING_WAIT_MS {
                gloo_timers::future::TimeoutFuture::new(50).await;
                waited += 50;
            }
            if !current() {
                return;
            }
            focus_h1();
            gloo_timers::future::TimeoutFuture::new(400).await;
            if current() && !focus_in_main() {
                focus_h1();
            }
        });
        path
    });
    on_cleanup(move || drop(effect));
}

/// Whether the page's heading is still the loading placeholder.
fn loading_heading() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1.app-status").ok().flatten())
        .is_some()
}

fn focus_in_main() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| e.closest("main").ok().flatten().is_some())
}

fn focus_h1() {
    let h1 = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h1) = h1 {
        let _ = h1.focus();
    }
}
