//! A part of a page whose code is a lazily loaded wasm part (issue 9: the cold-load budget).
//!
//! Some pages a first visit lands on carry a section only some citizens use: the office page's
//! rating form, with the outbox records it reads. Its code would weigh on every cold visit.
//! [`deferred`] renders such a section once its wasm part is there: until then a hidden
//! `[data-pending]` marker (so `body[data-ready]` and the takeover of a server-rendered page wait
//! for it, as for [`crate::components::Staged`]); if the part cannot be fetched (a first visit
//! that went offline before the service worker precached it), a short message and a button that
//! tries again, instead of the section. The rest of the page is never held back.

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::{t, Msg};
use crate::state::use_app;

/// Where a [`deferred`] section stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Loading,
    Shown,
    Failed,
}

/// Renders what `load` builds once it resolves; `load` is called again when the citizen asks
/// to try again after a failure. `Err` means the code could not be fetched.
pub fn deferred<F, Fut, E>(load: F) -> AnyView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, E>> + 'static,
{
    let stage = RwSignal::new(Stage::Loading);
    let built = StoredValue::new_local(None::<AnyView>);
    let load = StoredValue::new_local(load);
    // The section is built under the page's owner (its context, and disposed with the page),
    // also when a retry starts it from an event handler; leaving the page cancels the load.
    let owner = Owner::current().unwrap_or_default();
    let start = move || {
        let Some(future) = load.try_with_value(|load| load()) else {
            return;
        };
        owner.with(|| {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let next = match future.await {
                    Ok(view) => {
                        if built.try_set_value(Some(view)).is_some() {
                            return; // the page is gone
                        }
                        Stage::Shown
                    }
                    Err(_) => Stage::Failed,
                };
                stage.try_set(next);
            })
        });
    };
    start();
    let retry = move |_| {
        stage.set(Stage::Loading);
        start();
    };
    (move || match stage.get() {
        Stage::Loading => view! { <span hidden="" data-pending=""></span> }.into_any(),
        Stage::Shown => built
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        Stage::Failed => section_missing(retry.clone()),
    })
    .into_any()
}

/// What shows in place of a section whose code could not be fetched: what happened, and a
/// button that calls `retry`.
pub fn section_missing(retry: impl FnMut(leptos::ev::MouseEvent) + Send + 'static) -> AnyView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    view! {
        <div class="app-deferred-failed" role="status">
            <p class="app-body">{move || tr(Msg::SectionMissing)}</p>
            <p><button type="button" class="app-button app-button--secondary" on:click=retry>{move || tr(Msg::Retry)}</button></p>
        </div>
    }
    .into_any()
}
