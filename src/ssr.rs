//! Taking over a page the server rendered (issue 9; the server's `landing` module).
//!
//! A visit to the home page, the dashboard, a procedure guide or a QR code that lands on one gets
//! the page as HTML in `<div id="ssr">`, and the app after the page's `load` event. The app
//! mounts beside it, hidden by the stylesheet (`#ssr ~ *`), renders the same page from its own
//! data, and then [`take_over`] swaps the two in one step: what the citizen did meanwhile is kept
//! (the checklist's ticks are carried over and saved, text typed into a box is carried over, the
//! focused control keeps the focus), and the scroll position stays because both render the same
//! layout. Until the app can show the page (its data may not come on flaky wifi) the server's
//! page stays: it already has the content.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// How long [`take_over`] waits for the app to show the page before it lets the app count as
/// ready and goes on checking in the background.
pub const WAIT_MS: u32 = 5_000;

/// The server-rendered page, if this visit started with one that is still shown.
fn server_page(doc: &Document) -> Option<Element> {
    doc.get_element_by_id("ssr")
}

/// Whether the app's hidden page can replace the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readiness {
    /// The app shows the same page (the same heading), or another guide (the procedure changed
    /// since the server rendered it): swap.
    Ready,
    /// The app shows a loading placeholder, or a page without the guide (its data could not be
    /// fetched: offline, the server unreachable). The server's page has it: keep that one.
    NotYet,
}

fn readiness(doc: &Document) -> Readiness {
    let heading = |selector: &str| doc.query_selector(selector).ok().flatten();
    let Some(app) = heading("#ssr ~ main h1:not(.app-status)") else {
        return Readiness::NotYet;
    };
    // A list the app builds over several tasks (the home page's communes) is not complete yet.
    if heading("#ssr ~ main [data-pending]").is_some() {
        return Readiness::NotYet;
    }
    // A page whose heading comes before its data (the home page's commune list, the dashboard's
    // numbers) names what the app must show first.
    let until = server_page(doc).and_then(|ssr| ssr.get_attribute("data-until"));
    if let Some(until) = until {
        let shown = heading(&format!("#ssr ~ main {until}")).is_some();
        return if shown {
            Readiness::Ready
        } else {
            Readiness::NotYet
        };
    }
    let text = |e: &Element| e.text_content().unwrap_or_default().trim().to_owned();
    let same = heading("#ssr main h1").is_some_and(|server| text(&server) == text(&app));
    let guide = heading("#ssr ~ main .app-facts").is_some();
    if same || guide {
        Readiness::Ready
    } else {
        Readiness::NotYet
    }
}

/// Replaces the server-rendered page by the app's, keeping ticks and focus, once the app shows
/// the page (waiting up to [`WAIT_MS`]). Does nothing when there is none (every visit but a
/// landing's first screen). Call it once the app has rendered its first page from data.
///
/// When the app cannot show the page yet (its data did not come), the server's page stays and
/// this returns; a background check swaps them as soon as the app has it (back online).
pub async fn take_over() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if server_page(&doc).is_none() {
        return;
    }
    let mut waited = 0;
    while readiness(&doc) == Readiness::NotYet && waited < WAIT_MS {
        gloo_timers::future::TimeoutFuture::new(50).await;
        waited += 50;
    }
    if readiness(&doc) == Readiness::Ready {
        swap(&doc);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        while server_page(&doc).is_some() {
            gloo_timers::future::TimeoutFuture::new(RECHECK_MS).await;
            if readiness(&doc) == Readiness::Ready {
                swap(&doc);
            }
        }
    });
}

/// Waits (up to [`WAIT_MS`]) until nothing in the app's page is still being built over several
/// tasks (`[data-pending]`, the home page's commune list), so the page counts as ready only once
/// it is complete.
pub async fn settled() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mut waited = 0;
    while waited < WAIT_MS
        && doc
            .query_selector("main [data-pending]")
            .ok()
            .flatten()
            .is_some()
    {
        gloo_timers::future::TimeoutFuture::new(20).await;
        waited += 20;
    }
}

/// How often a kept server page checks whether the app can replace it.
const RECHECK_MS: u32 = 1_000;

/// The swap itself: read what the citizen did on the server's page, remove it, redo it in the
/// app's.
fn swap(doc: &Document) {
    // Read now: the citizen may have ticked or tabbed while the app loaded.
    let Some(ssr) = server_page(doc) else {
        return;
    };
    let ticked = ticked_documents(&ssr);
    let typed = typed_text(&ssr);
    let focused = doc
        .active_element()
        .filter(|e| ssr.contains(Some(e)))
        .map(|e| focus_key(&e));
    ssr.remove();
    for id in ticked {
        let selector = format!("input[data-doc-id=\"{}\"]", css_escape(&id));
        let input = doc
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input.filter(|i| !i.checked()) {
            // A click runs the app's own handler, which saves the tick.
            input.click();
        }
    }
    for (id, value) in typed {
        let input = doc
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
        if let Some(input) = input.filter(|i| i.value().is_empty()) {
            input.set_value(&value);
            // An `input` event runs the app's own handler (the filter, the search).
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
                let _ = input.dispatch_event(&event);
            }
        }
    }
    if let Some(target) = focused.and_then(|key| find(doc, &key)) {
        let _ = target.focus();
    }
}

/// The id and text of every text box the citizen typed into (the home page's filter and
/// search), so nothing typed before the takeover is lost.
fn typed_text(root: &Element) -> Vec<(String, String)> {
    let Ok(list) = root.query_selector_all("input[id]:not([type=checkbox]):not([type=radio])")
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
        .filter(|i| !i.value().is_empty())
        .map(|i| (i.id(), i.value()))
        .collect()
}

/// The `data-doc-id` of every ticked checklist box.
fn ticked_documents(root: &Element) -> Vec<String> {
    let Ok(list) = root.query_selector_all("input[data-doc-id]:checked") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-doc-id"))
        .collect()
}

/// How to find the focused element again in the app's page: its id, else its link target.
enum FocusKey {
    Id(String),
    Href(String),
    Main,
}

fn focus_key(e: &Element) -> FocusKey {
    if !e.id().is_empty() {
        FocusKey::Id(e.id())
    } else if let Some(href) = e.get_attribute("href") {
        FocusKey::Href(href)
    } else {
        FocusKey::Main
    }
}

fn find(doc: &Document, key: &FocusKey) -> Option<HtmlElement> {
    let found = match key {
        FocusKey::Id(id) => doc.get_element_by_id(id),
        FocusKey::Href(href) => doc
            .query_selector(&format!("a[href=\"{}\"]", css_escape(href)))
            .ok()
            .flatten(),
        FocusKey::Main => doc.get_element_by_id("main"),
    };
    found.and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// Escapes a value for a double-quoted CSS attribute selector.
fn css_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Takes over at once when the citizen leaves the server-rendered page through the app: with the
/// app mounted, its router handles the page's links, so the next page is the app's, and the
/// server's page (still showing the guide) must go. A change of the hash alone (the skip link)
/// is not leaving.
pub fn use_take_over_on_navigation() {
    let location = leptos_router::hooks::use_location();
    let effect = leptos::prelude::RenderEffect::new(move |previous: Option<(String, String)>| {
        use leptos::prelude::Get;
        let now = (location.pathname.get(), location.search.get());
        if previous.is_some_and(|p| p != now) {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                swap(&doc);
            }
        }
        now
    });
    leptos::prelude::on_cleanup(move || drop(effect));
}
