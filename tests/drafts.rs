//! Drafts, photo blobs and the outbox in a real browser's IndexedDB: v2 → v3 migration keeps
//! data; drafts, blobs and outbox items survive a fresh connection; restoring the engine.
#![cfg(target_arch = "wasm32")]

#[expect(dead_code, reason = "this file uses only part of the shared fixtures")]
mod support;

use motcua::storage::{schema, Draft, PhotoRef, Storage, SubmitState};
use motcua_domain::sync::{ItemState, OutboxItem, SyncEngine};
use motcua_domain::{CommuneCode, DraftId, Localized, ProcedureCode, Sha256Hex};
use rexie::{Rexie, TransactionMode};
use support::released::{create, stores_of};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn draft(id: &str) -> Draft {
    let mut d = Draft::new(
        DraftId::parse(id).unwrap(),
        ProcedureCode::parse("1.001193").unwrap(),
        CommuneCode::parse("11560").unwrap(),
        Some(Localized::new("Đăng ký khai sinh", "Birth registration")),
        1,
        1_795_000_000_000.0,
    );
    d.answers
        .insert("child_name".into(), "Nguyễn Văn An".into());
    d
}

fn blob(bytes: &[u8]) -> web_sys::Blob {
    let array = js_sys::Array::new();
    array.push(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options).unwrap()
}

async fn blob_bytes(b: &web_sys::Blob) -> Vec<u8> {
    let buf = wasm_bindgen_futures::JsFuture::from(b.array_buffer())
        .await
        .unwrap();
    js_sys::Uint8Array::new(&buf).to_vec()
}

#[wasm_bindgen_test]
async fn a_v2_database_opens_at_v3_keeping_catalog_and_ticks() {
    let name = "motcua-test-v2-v3";
    Rexie::delete(name).await.unwrap();
    let v2 = create(name, 2, &stores_of(2)).await;
    let tx = v2
        .transaction(
            &[schema::CATALOGS, schema::CHECKLIST],
            TransactionMode::ReadWrite,
        )
        .unwrap();
    tx.store(schema::CATALOGS)
        .unwrap()
        .put(
            &JsValue::from_str("{\"not\":\"checked here\"}"),
            Some(&JsValue::from_str("11560")),
        )
        .await
        .unwrap();
    tx.store(schema::CHECKLIST)
        .unwrap()
        .put(
            &JsValue::from_str("[\"a1b2c3d4\"]"),
            Some(&JsValue::from_str("11560/1.001193")),
        )
        .await
        .unwrap();
    tx.done().await.unwrap();
    assert!(!v2.store_names().contains(&schema::DRAFTS.to_owned()));
    v2.close();

    let db = Storage::open_named(name).await.unwrap();
    assert!(!db.rebuilt(), "an upgrade must not rebuild");
    assert_eq!(db.version(), 3);
    for store in [
        schema::DRAFTS,
        schema::BLOBS,
        schema::OUTBOX,
        schema::TRACKING,
    ] {
        assert!(
            db.store_names().iter().any(|s| s == store),
            "{store} missing"
        );
    }
    assert_eq!(
        db.load_ticks("11560", "1.001193").await.unwrap(),
        vec!["a1b2c3d4".to_owned()]
    );
    db.close();
    // The raw catalog entry is still there too.
    let raw = Rexie::builder(name).version(3).build().await.unwrap();
    let tx = raw
        .transaction(&[schema::CATALOGS], TransactionMode::ReadOnly)
        .unwrap();
    let v = tx
        .store(schema::CATALOGS)
        .unwrap()
        .get(JsValue::from_str("11560"))
        .await
        .unwrap();
    assert!(v.is_some());
    raw.close();
}

#[wasm_bindgen_test]
async fn drafts_and_blobs_survive_a_fresh_connection() {
    let name = "motcua-test-drafts";
    Rexie::delete(name).await.unwrap();
    let db = Storage::open_named(name).await.unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let sha = Sha256Hex::from_bytes([7; 32]);
    db.put_blob(sha.as_str(), &blob(&bytes)).await.unwrap();
    let mut d = draft("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    d.photos.push(PhotoRef {
        field: "birth_certificate_photo".into(),
        sha256: sha.clone(),
        bytes: bytes.len() as u64,
        content_type: "image/jpeg".into(),
        blob_key: sha.to_string(),
    });
    db.save_draft(&d).await.unwrap();
    let mut other = draft("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    other.updated_ms += 1.0;
    db.save_draft(&other).await.unwrap();
    db.close();

    let db = Storage::open_named(name).await.unwrap();
    assert_eq!(db.load_draft(d.id.as_str()).await.unwrap(), Some(d.clone()));
    let list = db.list_drafts().await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, other.id, "most recently edited first");
    let stored = db.get_blob(sha.as_str()).await.unwrap().expect("blob kept");
    assert_eq!(stored.type_(), "image/jpeg", "stored as a real Blob");
    assert_eq!(blob_bytes(&stored).await, bytes);
    // Deleting the draft deletes its unused photo.
    db.delete_draft(d.id.as_str()).await.unwrap();
    assert_eq!(db.load_draft(d.id.as_str()).await.unwrap(), None);
    assert!(db.get_blob(sha.as_str()).await.unwrap().is_none());
    db.close();
}

#[wasm_bindgen_test]
async fn outbox_items_persist_and_restore() {
    let name = "motcua-test-outbox";
    Rexie::delete(name).await.unwrap();
    let db = Storage::open_named(name).await.unwrap();
    let mut d = draft("cccccccccccccccccccccccccccccccc");
    d.submission = Some(d.to_submission());
    d.submit = SubmitState::Queued;
    db.save_draft(&d).await.unwrap();
    let mut item = OutboxItem::new(d.id.clone(), [Sha256Hex::from_bytes([1; 32])]);
    item.state = ItemState::Submitting;
    db.save_outbox(&item).await.unwrap();
    db.close();

    let db = Storage::open_named(name).await.unwrap();
    let items = db.load_outbox().await.unwrap();
    assert_eq!(items, vec![item.clone()]);
    assert_eq!(
        db.load_outbox_item(d.id.as_str()).await.unwrap(),
        Some(item.clone()),
        "one item, read alone by its id"
    );
    assert_eq!(
        db.load_outbox_item("dddddddddddddddddddddddddddddddd")
            .await
            .unwrap(),
        None
    );
    let engine = SyncEngine::restore(items, true);
    assert_eq!(engine.pending_count(), 1);
    assert_eq!(
        engine.item(&d.id).unwrap().state,
        ItemState::Queued,
        "in flight → queued"
    );
    let restored = db.load_draft(d.id.as_str()).await.unwrap().unwrap();
    assert_eq!(restored.submission, d.submission, "the frozen body is kept");
    assert_eq!(restored.outbox_item().key, item.key, "same idempotency key");
    db.close();
}

/// Ratings share the outbox store: an item stored by the previous version (no `kind`) still
/// decodes as a submission next to a rating item, and both restore into one engine.
#[wasm_bindgen_test]
async fn rating_items_share_the_outbox_with_old_submission_items() {
    use motcua_domain::feedback::{NewRating, RatingTarget};
    use motcua_domain::sync::OutboxKind;
    use motcua_domain::IdempotencyKey;

    let name = "motcua-test-outbox-ratings";
    Rexie::delete(name).await.unwrap();
    // Written as the v3 app wrote it, before ratings existed.
    let old = r#"{"draft_id":"dddddddddddddddddddddddddddddddd","key":"d-dddddddddddddddddddddddddddddddd","attachments":[],"state":{"state":"queued"},"attempts":0,"next_attempt_at_ms":null,"last_error":null}"#;
    {
        let raw = create(name, 3, &stores_of(3)).await;
        let tx = raw
            .transaction(&[schema::OUTBOX], TransactionMode::ReadWrite)
            .unwrap();
        tx.store(schema::OUTBOX)
            .unwrap()
            .put(
                &JsValue::from_str(old),
                Some(&JsValue::from_str("dddddddddddddddddddddddddddddddd")),
            )
            .await
            .unwrap();
        tx.done().await.unwrap();
        raw.close();
    }
    let db = Storage::open_named(name).await.unwrap();
    let id = DraftId::parse("rating-eeeeeeeeeeeeeeeeeeee").unwrap();
    let rating = OutboxItem::rating(NewRating {
        key: IdempotencyKey::for_draft(&id),
        id: id.clone(),
        commune: CommuneCode::parse("11560").unwrap(),
        target: RatingTarget::Office,
        level: 3,
        criteria: Default::default(),
        official: None,
        comment: "tốt".into(),
        device: Some("device-0001".into()),
    });
    db.save_outbox(&rating).await.unwrap();
    let mut items = db.load_outbox().await.unwrap();
    items.sort_by(|a, b| a.draft_id.cmp(&b.draft_id));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].kind, OutboxKind::Submission);
    assert_eq!(items[1], rating);
    let engine = SyncEngine::restore(items, false);
    assert_eq!(engine.pending_count(), 2);
    assert_eq!(engine.item(&id).unwrap().state, ItemState::Queued);
    db.close();
}

#[wasm_bindgen_test]
async fn has_queued_sees_an_outbox_item_or_a_draft_marked_queued_only() {
    let name = "motcua-test-has-queued";
    Rexie::delete(name).await.unwrap();
    let db = Storage::open_named(name).await.unwrap();
    assert!(!db.has_queued().await.unwrap(), "an empty phone");
    // A draft being filled in is not work for the outbox.
    db.save_draft(&draft("00000000000000000000000000000031"))
        .await
        .unwrap();
    assert!(!db.has_queued().await.unwrap());
    // A draft marked queued whose item was never written (the tab closed): work.
    let mut queued = draft("00000000000000000000000000000032");
    queued.submission = Some(queued.to_submission());
    queued.submit = SubmitState::Queued;
    db.save_draft(&queued).await.unwrap();
    assert!(db.has_queued().await.unwrap());
    db.delete_draft(queued.id.as_str()).await.unwrap();
    assert!(!db.has_queued().await.unwrap());
    // An outbox item alone (a rating): work.
    db.save_outbox(&queued.outbox_item()).await.unwrap();
    assert!(db.has_queued().await.unwrap());
    db.close();
    Rexie::delete(name).await.unwrap();
}
