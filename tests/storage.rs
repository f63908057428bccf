//! IndexedDB storage in a real browser: round trips. Upgrades from every released version,
//! newer, half-upgraded and broken databases, and other tabs, are in `upgrades.rs`.
#![cfg(target_arch = "wasm32")]

#[expect(dead_code, reason = "this file uses only part of the shared fixtures")]
mod support;

use motcua::storage::{schema, Storage};
use rexie::Rexie;
use support::fixtures::{catalog, summary};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) {
    Rexie::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn catalog_and_ticks_survive_reopening() {
    let name = "motcua-test-roundtrip";
    fresh(name).await;
    let db = Storage::open_named(name).await.unwrap();
    assert!(!db.rebuilt());
    assert_eq!(db.version(), schema::current());
    db.save_catalog(&catalog("11560", 7)).await.unwrap();
    db.save_communes(&[summary("11560")]).await.unwrap();
    let ticks = vec!["a1b2c3d4".to_owned(), "00ff00ff".to_owned()];
    db.save_ticks("11560", "1.001193", &ticks).await.unwrap();
    db.set_meta("last_sync", "1795000000000").await.unwrap();
    db.close();

    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(
        db.load_catalog("11560").await.unwrap(),
        Some(catalog("11560", 7))
    );
    assert_eq!(db.load_catalog("99999").await.unwrap(), None);
    assert_eq!(
        db.load_communes().await.unwrap(),
        Some(vec![summary("11560")])
    );
    assert_eq!(db.load_ticks("11560", "1.001193").await.unwrap(), ticks);
    assert!(db.load_ticks("11560", "1.000000").await.unwrap().is_empty());
    assert_eq!(
        db.get_meta("last_sync").await.unwrap().as_deref(),
        Some("1795000000000")
    );
    db.close();
}

/// A cold visit stores the commune's catalog as the server sent it, without encoding it again:
/// it reads back as the same catalog, and a later save of the decoded catalog replaces it.
#[wasm_bindgen_test]
async fn a_catalog_stored_as_sent_reads_back_the_same() {
    let name = "motcua-test-catalog-as-sent";
    fresh(name).await;
    let db = Storage::open_named(name).await.unwrap();
    let sent = serde_json::to_string_pretty(&catalog("11560", 7)).unwrap();
    db.save_catalog_json("11560", &sent).await.unwrap();
    db.close();

    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(
        db.load_catalog("11560").await.unwrap(),
        Some(catalog("11560", 7))
    );
    db.save_catalog(&catalog("11560", 8)).await.unwrap();
    assert_eq!(
        db.load_catalog("11560").await.unwrap(),
        Some(catalog("11560", 8))
    );
    db.close();
}
