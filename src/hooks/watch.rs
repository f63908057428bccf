//! `use_watch`: run a side effect now and again whenever the signals it reads change.

use leptos::prelude::*;

/// Runs `f` at once and re-runs it synchronously whenever a signal it reads changes, for as long
/// as the calling component lives. (A `RenderEffect`, the primitive the DOM bindings use; it is
/// kept alive until the owner is cleaned up.)
pub fn use_watch(mut f: impl FnMut() + 'static) {
    let effect = RenderEffect::new(move |_: Option<()>| f());
    on_cleanup(move || drop(effect));
}
