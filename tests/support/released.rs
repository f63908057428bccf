//! Databases exactly as each released version of the app left them on a phone: that
//! release's stores, created with rexie as the release did, and records in that release's
//! JSON format. The store lists are copied from each release's `schema.rs`, not computed from
//! today's, so an edit to today's schema cannot change what "v2" means here.

use motcua::storage::{Draft, Storage, Tracked};
use motcua_domain::sync::OutboxItem;
use motcua_domain::Sha256Hex;
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use super::fixtures::{self, COMMUNE, PROCEDURE};

/// Every schema version that shipped.
pub const RELEASED: [u32; 3] = [1, 2, 3];

/// The stores release `version` created.
pub fn stores_of(version: u32) -> Vec<&'static str> {
    let mut stores = vec!["meta", "communes", "catalogs"];
    if version >= 2 {
        stores.push("checklist");
    }
    if version >= 3 {
        stores.extend(["drafts", "blobs", "outbox", "tracking"]);
    }
    assert!(version <= 3, "not released: v{version}");
    stores
}

/// Deletes `name`, then creates it at `version` with exactly `stores`.
pub async fn create(name: &str, version: u32, stores: &[&str]) -> Rexie {
    Rexie::delete(name).await.unwrap();
    stores
        .iter()
        .fold(Rexie::builder(name).version(version), |b, s| {
            b.add_object_store(ObjectStore::new(s))
        })
        .build()
        .await
        .unwrap()
}

/// Writes one record.
pub async fn put(db: &Rexie, store: &str, key: &str, value: &JsValue) {
    let tx = db
        .transaction(&[store], TransactionMode::ReadWrite)
        .unwrap();
    tx.store(store)
        .unwrap()
        .put(value, Some(&JsValue::from_str(key)))
        .await
        .unwrap();
    tx.done().await.unwrap();
}

/// Reads one record.
pub async fn get(db: &Rexie, store: &str, key: &str) -> Option<JsValue> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly).unwrap();
    let value = tx
        .store(store)
        .unwrap()
        .get(JsValue::from_str(key))
        .await
        .unwrap();
    tx.done().await.unwrap();
    value
}

/// `value` as JSON without `field` (a field that later versions added).
fn json_without<T: serde::Serialize>(value: &T, field: &str) -> JsValue {
    let mut json = serde_json::to_value(value).unwrap();
    let removed = json.as_object_mut().unwrap().remove(field);
    assert!(removed.is_some(), "{field} is serialized today");
    JsValue::from_str(&json.to_string())
}

fn json<T: serde::Serialize>(value: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(value).unwrap())
}

/// What [`fill`] wrote, to compare with what today's code reads.
pub struct Written {
    /// The release.
    pub version: u32,
    /// A draft with a photo (v3).
    pub draft: Option<Draft>,
    /// Its photo: hash and bytes (v3).
    pub photo: Option<(Sha256Hex, Vec<u8>)>,
    /// A submitted draft and its outbox item (v3).
    pub queued: Option<(Draft, OutboxItem)>,
    /// A followed receipt (v3).
    pub tracked: Option<Tracked>,
}

/// Ticks stored by v2 and later.
pub fn ticks() -> Vec<String> {
    vec!["a1b2c3d4".to_owned(), "00ff00ff".to_owned()]
}

/// Fills every store release `version` had (that `db` has), in that release's format: v1 the commune list,
/// a catalog without `qr_links` (added later) and `last_sync`; v2 also checklist ticks; v3
/// also a draft with its photo `Blob`, a queued draft with its outbox item (without `kind`,
/// added with ratings) and a tracked receipt.
pub async fn fill(db: &Rexie, version: u32) -> Written {
    put(
        db,
        "communes",
        "all",
        &json(&vec![fixtures::summary(COMMUNE)]),
    )
    .await;
    let catalog = json_without(&fixtures::catalog(COMMUNE, 7), "qr_links");
    put(db, "catalogs", COMMUNE, &catalog).await;
    put(db, "meta", "last_sync", &json(&"1795000000000")).await;
    let mut written = Written {
        version,
        draft: None,
        photo: None,
        queued: None,
        tracked: None,
    };
    if version >= 2 {
        let key = format!("{COMMUNE}/{PROCEDURE}");
        put(db, "checklist", &key, &json(&ticks())).await;
    }
    if version >= 3 {
        let bytes = fixtures::photo_bytes();
        let sha = Sha256Hex::from_bytes([7; 32]);
        put(db, "blobs", sha.as_str(), &fixtures::blob(&bytes).into()).await;
        let draft = fixtures::draft("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Some((&sha, 5000)));
        put(db, "drafts", draft.id.as_str(), &json(&draft)).await;
        let (queued, item) = fixtures::queued("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        put(db, "drafts", queued.id.as_str(), &json(&queued)).await;
        put(
            db,
            "outbox",
            item.draft_id.as_str(),
            &json_without(&item, "kind"),
        )
        .await;
        written.draft = Some(draft);
        written.photo = Some((sha, bytes));
        written.queued = Some((queued, item));
        // A half-finished upgrade may lack the store (see the repair test).
        if db.store_names().iter().any(|s| s == "tracking") {
            let tracked = fixtures::tracked();
            put(db, "tracking", &tracked.receipt, &json(&tracked)).await;
            written.tracked = Some(tracked);
        }
    }
    written
}

/// Asserts that today's code reads every record of `written` (catalogs only when
/// `with_catalog`: a rebuild leaves them to the server).
pub async fn assert_readable(db: &Storage, written: &Written, with_catalog: bool) {
    let v = written.version;
    if with_catalog {
        assert_eq!(
            db.load_communes().await.unwrap(),
            Some(vec![fixtures::summary(COMMUNE)]),
            "v{v} communes"
        );
        assert_eq!(
            db.load_catalog(COMMUNE).await.unwrap(),
            Some(fixtures::catalog(COMMUNE, 7)),
            "v{v} catalog"
        );
    }
    assert_eq!(
        db.get_meta("last_sync").await.unwrap().as_deref(),
        Some("1795000000000"),
        "v{v} meta"
    );
    if v >= 2 {
        assert_eq!(
            db.load_ticks(COMMUNE, PROCEDURE).await.unwrap(),
            ticks(),
            "v{v} ticks"
        );
    }
    if let Some(draft) = &written.draft {
        assert_eq!(
            db.load_draft(draft.id.as_str()).await.unwrap().as_ref(),
            Some(draft),
            "v{v} draft"
        );
    }
    if let Some((sha, bytes)) = &written.photo {
        let blob = db
            .get_blob(sha.as_str())
            .await
            .unwrap()
            .expect("photo kept");
        assert_eq!(blob.type_(), "image/jpeg");
        assert_eq!(
            &fixtures::blob_bytes(&blob).await,
            bytes,
            "v{v} photo bytes"
        );
    }
    if let Some((queued, item)) = &written.queued {
        assert_eq!(
            db.load_draft(queued.id.as_str()).await.unwrap().as_ref(),
            Some(queued),
            "v{v} queued draft"
        );
        assert_eq!(
            db.load_outbox().await.unwrap(),
            vec![item.clone()],
            "v{v} outbox"
        );
    }
    if let Some(tracked) = &written.tracked {
        assert_eq!(
            db.load_tracked(&tracked.receipt).await.unwrap().as_ref(),
            Some(tracked),
            "v{v} tracked receipt"
        );
    }
    let drafts = db.list_drafts().await.unwrap().len();
    assert_eq!(drafts, if v >= 3 { 2 } else { 0 }, "v{v} draft count");
}
