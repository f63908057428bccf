//! The GOV.UK error summary: a focused `role="alert"` box at the top of a page, linking to each
//! field with a problem.

use leptos::prelude::*;
use motcua_domain::FieldError;
use wasm_bindgen::JsCast;

use crate::i18n::{t, Msg};
use crate::state::use_app;

/// Focuses (and scrolls to) the element with `id`, if present.
pub fn focus_id(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        el.scroll_into_view();
        let _ = el.focus();
    }
}

/// Focuses the error summary on the page once it has rendered.
pub fn focus_error_summary() {
    leptos::task::spawn_local(async {
        gloo_timers::future::TimeoutFuture::new(30).await;
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".app-error-summary").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            el.scroll_into_view();
            let _ = el.focus();
        }
    });
}

/// The summary of `errors`; `href(field)` is where each entry links (`None`: `#f-{field}` on
/// this page, focused on click).
#[component]
pub fn ErrorSummary(
    /// The errors to list (nothing renders when empty).
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
    /// Link target per field; `None` for a field on this page.
    #[prop(optional)]
    href: Option<Callback<String, Option<String>>>,
) -> impl IntoView {
    let state = use_app();
    move || {
        let list = errors.get();
        if list.is_empty() {
            return None;
        }
        let lang = state.lang.get();
        let items = list
            .into_iter()
            .map(|e| {
                let target = href.and_then(|h| h.run(e.field.clone()));
                let text = e.message.get(lang.english()).to_owned();
                match target {
                    Some(url) => {
                        view! { <li><a class="app-link" href=url>{text}</a></li> }.into_any()
                    }
                    None => {
                        let id = format!("f-{}", e.field);
                        let href = format!("#{id}");
                        view! {
                            <li>
                                <a class="app-link" href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_id(&id);
                                }>{text}</a>
                            </li>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view();
        Some(view! {
            <div class="app-error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 class="app-error-summary__title" id="error-summary-title">{t(Msg::ErrorSummaryTitle, lang)}</h2>
                <ul class="app-error-summary__list">{items}</ul>
            </div>
        })
    }
}
