//! Schema upgrades never lose data (issue 9), in a real browser's IndexedDB: a database from
//! every released version, one from the future, one with a missing store, a rebuild that
//! rescues user data, another tab's upgrade, and an open blocked by another connection.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use motcua::storage::notice::{self, Notice};
use motcua::storage::{pending, schema, Opened, Storage};
use motcua::util::with_timeout;
use support::fixtures;
use support::released::{self, RELEASED};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every notice sent while the returned subscription lives.
fn record_notices() -> (Rc<RefCell<Vec<Notice>>>, notice::Subscription) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    let subscription = notice::listen(move |n| sink.borrow_mut().push(n));
    (seen, subscription)
}

/// A database left by release `version`, filled, then opened by today's code.
async fn upgrade_from(version: u32) {
    let name = format!("motcua-test-release-v{version}");
    let old = released::create(&name, version, &released::stores_of(version)).await;
    let written = released::fill(&old, version).await;
    old.close();

    let db = Storage::open_named(&name).await.unwrap();
    assert_eq!(
        db.opened(),
        Opened::Current,
        "v{version} opens as a plain upgrade"
    );
    assert_eq!(db.version(), schema::current());
    assert!(schema::missing_from(&db.store_names()).is_empty());
    released::assert_readable(&db, &written, true).await;
    db.close();

    // And again: nothing moves on a second open.
    let db = Storage::open_named(&name).await.unwrap();
    assert_eq!(db.opened(), Opened::Current);
    released::assert_readable(&db, &written, true).await;
    db.close();
}

#[wasm_bindgen_test]
async fn a_v1_database_keeps_every_record() {
    assert_eq!(RELEASED[0], 1);
    upgrade_from(1).await;
}

#[wasm_bindgen_test]
async fn a_v2_database_keeps_every_record() {
    upgrade_from(2).await;
}

#[wasm_bindgen_test]
async fn a_v3_database_keeps_every_record() {
    assert_eq!(
        RELEASED.last(),
        Some(&schema::current()),
        "add the new release above"
    );
    upgrade_from(3).await;
}

#[wasm_bindgen_test]
async fn a_database_from_the_future_keeps_its_drafts_and_works() {
    let name = "motcua-test-future-v4";
    let mut stores = released::stores_of(3);
    stores.push("appointments");
    let future = released::create(name, 4, &stores).await;
    let written = released::fill(&future, 3).await;
    released::put(
        &future,
        "appointments",
        "x1",
        &JsValue::from_str("{\"at\":\"09:00\"}"),
    )
    .await;
    future.close();

    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(db.opened(), Opened::Newer);
    assert_eq!(db.version(), 4, "used at its own version");
    assert!(db.store_names().iter().any(|s| s == "appointments"));
    released::assert_readable(&db, &written, true).await;
    let new = fixtures::draft("cccccccccccccccccccccccccccccccc", None);
    db.save_draft(&new).await.unwrap();
    assert_eq!(db.load_draft(new.id.as_str()).await.unwrap(), Some(new));
    db.close();

    let raw = rexie::Rexie::builder(name).build().await.unwrap();
    assert_eq!(raw.version(), Ok(4));
    assert!(
        released::get(&raw, "appointments", "x1").await.is_some(),
        "unknown store kept"
    );
    raw.close();
}

#[wasm_bindgen_test]
async fn a_future_database_without_our_stores_gets_them_added() {
    let name = "motcua-test-future-foreign";
    let future = released::create(name, 999, &["something_else"]).await;
    released::put(&future, "something_else", "k", &JsValue::from_str("kept")).await;
    future.close();

    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(db.opened(), Opened::Repaired);
    assert_eq!(db.version(), 1000, "one version up");
    assert!(schema::missing_from(&db.store_names()).is_empty());
    db.save_catalog(&fixtures::catalog(fixtures::COMMUNE, 1))
        .await
        .unwrap();
    assert!(db.load_catalog(fixtures::COMMUNE).await.unwrap().is_some());
    db.close();

    let raw = rexie::Rexie::builder(name).build().await.unwrap();
    assert_eq!(
        released::get(&raw, "something_else", "k").await,
        Some(JsValue::from_str("kept"))
    );
    raw.close();
}

#[wasm_bindgen_test]
async fn a_v3_database_missing_a_store_is_repaired_keeping_its_drafts() {
    let name = "motcua-test-missing-store";
    // A half-finished upgrade: v3, drafts and photos written, no `tracking` store.
    let mut stores = released::stores_of(3);
    stores.retain(|s| *s != schema::TRACKING);
    let broken = released::create(name, 3, &stores).await;
    let mut written = released::fill(&broken, 3).await;
    assert_eq!(written.tracked, None);
    broken.close();

    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(db.opened(), Opened::Repaired);
    assert_eq!(
        db.version(),
        schema::current() + 1,
        "repaired one version up"
    );
    assert!(schema::missing_from(&db.store_names()).is_empty());
    released::assert_readable(&db, &written, true).await;
    let tracked = fixtures::tracked();
    db.save_tracked(&tracked).await.unwrap();
    written.tracked = Some(tracked);
    db.close();

    // Above `current()` from now on, and used as it is: no second repair, no rebuild.
    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(db.opened(), Opened::Newer);
    assert_eq!(db.version(), schema::current() + 1);
    released::assert_readable(&db, &written, true).await;
    db.close();
}

#[wasm_bindgen_test]
async fn a_rebuild_carries_over_drafts_photos_outbox_receipts_ticks_and_settings() {
    let name = "motcua-test-rebuild";
    let old = released::create(name, 3, &released::stores_of(3)).await;
    let written = released::fill(&old, 3).await;
    old.close();

    let db = Storage::rebuild_named(name).await.unwrap();
    // meta 1, checklist 1, drafts 2, blobs 1, outbox 1, tracking 1.
    assert_eq!(db.opened(), Opened::Rebuilt { rescued: 7 });
    assert!(db.rebuilt());
    assert_eq!(db.version(), schema::current());
    released::assert_readable(&db, &written, false).await;
    assert_eq!(
        db.load_catalog(fixtures::COMMUNE).await.unwrap(),
        None,
        "catalogs come back from the server"
    );
    db.close();
}

#[wasm_bindgen_test]
async fn another_tab_upgrading_closes_this_connection_after_saving_the_pending_draft() {
    let name = "motcua-test-versionchange";
    rexie::Rexie::delete(name).await.unwrap();
    let this_tab = Rc::new(Storage::open_named(name).await.unwrap());
    let (seen, _subscription) = record_notices();
    // A page with an edit not saved yet: its flush writes through this tab's connection.
    let typed = fixtures::draft("dddddddddddddddddddddddddddddddd", None);
    let _flush = {
        let (db, typed) = (Rc::clone(&this_tab), typed.clone());
        pending::register(move || {
            let write = pending::begin();
            let (db, typed) = (Rc::clone(&db), typed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                db.save_draft(&typed).await.unwrap();
                drop(write);
            });
        })
    };

    // "Another tab" with a newer deploy opens at v4 (rexie, as a released build would).
    let mut stores = released::stores_of(3);
    stores.push("appointments");
    let upgrade = stores
        .iter()
        .fold(rexie::Rexie::builder(name).version(4), |b, s| {
            b.add_object_store(rexie::ObjectStore::new(s))
        })
        .build();
    // A safety net, not a timing assertion: without the handler this would wait forever.
    let other_tab = with_timeout(upgrade, 20_000)
        .await
        .expect("the old connection blocked the upgrade")
        .unwrap();
    assert!(this_tab.is_closed(), "this tab's connection closed itself");
    assert_eq!(
        *seen.borrow(),
        vec![Notice::NewerVersionElsewhere],
        "the user is told"
    );
    let saved = released::get(&other_tab, schema::DRAFTS, typed.id.as_str()).await;
    assert!(saved.is_some(), "the pending edit was saved before closing");
    other_tab.close();

    // Reopened by the old code: the newer database is used as it is.
    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(db.opened(), Opened::Newer);
    assert_eq!(db.load_draft(typed.id.as_str()).await.unwrap(), Some(typed));
    db.close();
}

#[wasm_bindgen_test]
async fn a_blocked_open_tells_the_user_and_finishes_once_the_other_tab_closes() {
    let name = "motcua-test-blocked";
    let v2 = released::create(name, 2, &released::stores_of(2)).await;
    let written = released::fill(&v2, 2).await;
    v2.close();
    // An old tab whose connection ignores `versionchange` (no handler at all).
    let holder = idb::Factory::new()
        .unwrap()
        .open(name, Some(2))
        .unwrap()
        .await
        .unwrap();
    let (seen, _subscription) = record_notices();
    let (blocked_tx, blocked_rx) = futures::channel::oneshot::channel::<()>();
    let blocked_tx = RefCell::new(Some(blocked_tx));
    let _on_blocked = notice::listen(move |n| {
        if n == Notice::Blocked {
            if let Some(tx) = blocked_tx.borrow_mut().take() {
                let _ = tx.send(());
            }
        }
    });
    let close_when_blocked = async move {
        blocked_rx.await.unwrap();
        assert_eq!(holder.version(), Ok(2));
        holder.close();
    };
    let (db, ()) = futures::join!(Storage::open_named(name), close_when_blocked);
    let db = db.unwrap();
    assert_eq!(*seen.borrow(), vec![Notice::Blocked, Notice::Unblocked]);
    assert_eq!(db.opened(), Opened::Current);
    assert_eq!(db.version(), schema::current());
    released::assert_readable(&db, &written, true).await;
    db.close();
}

#[wasm_bindgen_test]
async fn the_shared_connection_reopens_after_another_tabs_upgrade_so_typing_is_still_saved() {
    let first = motcua::storage::shared()
        .await
        .expect("IndexedDB available");
    let version = first.version();
    let newer = schema::stores_at(schema::current())
        .into_iter()
        .fold(
            rexie::Rexie::builder(schema::DB_NAME).version(version + 1),
            |b, s| b.add_object_store(rexie::ObjectStore::new(s)),
        )
        .build();
    // A safety net, not a timing assertion: a connection that never closes blocks forever.
    let other_tab = with_timeout(newer, 20_000)
        .await
        .expect("not blocked")
        .unwrap();
    assert!(first.is_closed());

    // The user keeps typing before they reload: the next save opens the newer database.
    let again = motcua::storage::shared().await.expect("reopened");
    assert!(!again.is_closed());
    assert_eq!(again.opened(), Opened::Newer);
    assert_eq!(again.version(), version + 1);
    let typed = fixtures::draft("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", None);
    again.save_draft(&typed).await.unwrap();
    assert_eq!(
        again.load_draft(typed.id.as_str()).await.unwrap(),
        Some(typed)
    );
    other_tab.close();
}
