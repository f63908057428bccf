//! A page built over several browser tasks (issue 9: total blocking time on a cheap phone).
//!
//! Building a whole page from data in one task blocks input for as long as it takes: the
//! dashboard's numbers, chart and tables took 2 tasks of about 170 ms at CPU ×4. [`Staged`]
//! builds its first part in the task that renders it and each later part in a task of its own,
//! in order, so the browser can handle a tap or paint between two. While parts are missing the
//! page carries a `[data-pending]` marker: a server-rendered page waits for it to go before the
//! app takes over (`crate::ssr`), and so does `body[data-ready]`.

use std::sync::Arc;

use leptos::prelude::*;

/// One part of a [`Staged`] page: builds its view. Called once per [`Staged`] (a page rebuilt on
/// a change of language makes a new one); `Fn` because a reactive view closure must be.
pub type Part = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// Wraps a closure as a [`Part`].
pub fn part<V: IntoView + 'static>(build: impl Fn() -> V + Send + Sync + 'static) -> Part {
    Arc::new(move || build().into_any())
}

/// Shows `parts` in order: the first at once, each later one in the next browser task.
#[component]
pub fn Staged(
    /// The page's parts, top to bottom.
    parts: Vec<Part>,
) -> impl IntoView {
    let stage = RwSignal::new(0_usize);
    let later = parts.len().saturating_sub(1);
    let needed = StoredValue::new(later);
    if later > 0 {
        leptos::task::spawn_local(advance(stage, needed));
    }
    let mut parts = parts.into_iter();
    let first = parts.next().map(|p| p());
    let rest = parts
        .enumerate()
        .map(|(i, part)| {
            let shows = Memo::new(move |_| stage.get() > i);
            move || shows.get().then(|| part())
        })
        .collect_view();
    let pending = move || {
        (stage.get() < needed.get_value())
            .then(|| view! { <span hidden="" data-pending=""></span> })
    };
    view! { {first}{rest}{pending} }
}

/// Lets one more part render per task (`stage` counts them) until `needed` have; then sets
/// `stage` to `usize::MAX`. Stops when the page is gone (its signal disposed).
pub(crate) async fn advance(stage: RwSignal<usize>, needed: StoredValue<usize>) {
    loop {
        crate::sync::yield_to_browser().await;
        let Some(done) = stage.try_update(|s| {
            *s += 1;
            *s
        }) else {
            return;
        };
        if needed.try_get_value().is_none_or(|n| done >= n) {
            stage.try_set(usize::MAX);
            return;
        }
    }
}
