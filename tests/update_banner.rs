//! The update banner hears storage (issue 9): another tab's upgrade shows "Có phiên bản mới —
//! tải lại"; an open that waits for another tab asks to close the old tabs, until it opens.
//! Real connections to real IndexedDB, the app's own handlers and the mounted component.
#![cfg(target_arch = "wasm32")]

#[expect(dead_code, reason = "this file uses only part of the shared fixtures")]
mod support;

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use motcua::components::UpdateBanner;
use motcua::i18n::{t, Msg};
use motcua::state::AppState;
use motcua::storage::{notice, schema, Storage};
use motcua::util::with_timeout;
use rexie::{ObjectStore, Rexie};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The banner mounted with a state that follows storage notices.
/// Dropping the box unmounts it.
fn mount_banner() -> (
    AppState,
    HtmlElement,
    Box<dyn std::any::Any>,
    notice::Subscription,
) {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let state = AppState::new();
    let handle = mount_to(root.clone(), move || {
        provide_context(state);
        view! { <UpdateBanner/> }
    });
    let subscription = state.follow_storage_notices();
    (state, root, Box::new(handle), subscription)
}

async fn settle() {
    for _ in 0..5 {
        tick().await;
    }
}

fn text(root: &HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn another_tabs_upgrade_shows_the_update_banner() {
    let name = "motcua-test-banner-versionchange";
    Rexie::delete(name).await.unwrap();
    let (state, root, _handle, _subscription) = mount_banner();
    let this_tab = Storage::open_named(name).await.unwrap();
    settle().await;
    let ready = t(Msg::UpdateReady, state.lang.get_untracked());
    assert!(!text(&root).contains(ready), "no banner before");

    let newer = schema::stores_at(schema::current())
        .into_iter()
        .fold(
            Rexie::builder(name).version(schema::current() + 1),
            |b, s| b.add_object_store(ObjectStore::new(s)),
        )
        .build();
    // A safety net, not a timing assertion: a connection that never closes blocks forever.
    let other_tab = with_timeout(newer, 20_000)
        .await
        .expect("not blocked")
        .unwrap();
    settle().await;
    assert!(this_tab.is_closed());
    assert!(text(&root).contains(ready), "banner shown: {}", text(&root));
    assert!(root.query_selector("#update-reload").unwrap().is_some());
    other_tab.close();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_blocked_open_asks_to_close_other_tabs_until_it_opens() {
    let name = "motcua-test-banner-blocked";
    let v1 = support::released::create(name, 1, &support::released::stores_of(1)).await;
    v1.close();
    // An old tab whose connection ignores `versionchange`.
    let holder = idb::Factory::new()
        .unwrap()
        .open(name, Some(1))
        .unwrap()
        .await
        .unwrap();
    let (state, root, _handle, _subscription) = mount_banner();
    let blocked_text = t(Msg::StorageBlocked, state.lang.get_untracked());
    let (blocked_tx, blocked_rx) = futures::channel::oneshot::channel::<()>();
    let blocked_tx = std::cell::RefCell::new(Some(blocked_tx));
    let _on_blocked = notice::listen(move |n| {
        if n == notice::Notice::Blocked {
            if let Some(tx) = blocked_tx.borrow_mut().take() {
                let _ = tx.send(());
            }
        }
    });
    let root_while_blocked = root.clone();
    let other_tab_closes = async move {
        blocked_rx.await.unwrap();
        settle().await;
        assert!(
            text(&root_while_blocked).contains(blocked_text),
            "asks to close other tabs: {}",
            text(&root_while_blocked)
        );
        holder.close();
    };
    let (db, ()) = futures::join!(Storage::open_named(name), other_tab_closes);
    let db = db.unwrap();
    settle().await;
    assert!(!text(&root).contains(blocked_text), "gone once open");
    assert_eq!(db.version(), schema::current());
    db.close();
    root.remove();
}
