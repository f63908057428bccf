//! Taking over a page the server rendered (issue 9; the server's `landing` module).
//!
//! A cold visit to a procedure guide or a QR code that lands on one gets the guide as HTML in
//! `<div id="ssr">`, and the app after the page's `load` event. The app mounts beside it, hidden
//! by the stylesheet (`#ssr ~ *`), renders the same page from its own data, and then
//! [`take_over`] swaps the two in one step: what the citizen did meanwhile is kept (the
//! checklist's ticks are carried over and saved, the focused control keeps the focus), and the
//! scroll position stays because both render the same layout.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// How long the app's own page may take to show its heading before it takes over anyway (its
/// loading placeholder is then better than two pages).
pub const WAIT_MS: u32 = 5_000;

/// The server-rendered page, if this visit started with one that is still shown.
fn server_page(doc: &Document) -> Option<Element> {
    doc.get_element_by_id("ssr")
}

/// True once the app's hidden page shows its real heading.
fn app_heading(doc: &Document) -> bool {
    doc.query_selector("#ssr ~ main h1:not(.app-status)")
        .ok()
        .flatten()
        .is_some()
}

/// Replaces the server-rendered page by the app's, keeping ticks and focus. Does nothing when
/// there is none (every visit but a landing's first screen). Call it once the app has rendered
/// its first page from data.
pub async fn take_over() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if server_page(&doc).is_none() {
        return;
    }
    let mut waited = 0;
    while !app_heading(&doc) && waited < WAIT_MS {
        gloo_timers::future::TimeoutFuture::new(50).await;
        waited += 50;
    }
    // Read after the wait: the citizen may have ticked or tabbed meanwhile.
    let Some(ssr) = server_page(&doc) else {
        return;
    };
    let ticked = ticked_documents(&ssr);
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
    if let Some(target) = focused.and_then(|key| find(&doc, &key)) {
        let _ = target.focus();
    }
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
