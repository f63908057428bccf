//! IndexedDB storage in a real browser: round trips and migration from v1. Newer, half-upgraded
//! and broken databases, and other tabs, are in `upgrades.rs`.
#![cfg(target_arch = "wasm32")]

use motcua::storage::{schema, Storage};
use motcua_domain::{
    Catalog, Commune, CommuneCode, CommuneKind, CommuneSummary, Localized, Office, Procedure,
    ProcedureCode, RequiredDocument,
};
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn summary(code: &str) -> CommuneSummary {
    CommuneSummary {
        code: CommuneCode::parse(code).unwrap(),
        name_vi: "Phường Thủy Nguyên".into(),
        kind: CommuneKind::Phuong,
        former_district: "Thành phố Thuỷ Nguyên".into(),
        former_province: "Thành phố Hải Phòng".into(),
    }
}

fn catalog(code: &str, version: u64) -> Catalog {
    Catalog {
        version,
        full: true,
        commune: Commune {
            summary: summary(code),
            office: Office {
                hours: Office::default_hours(),
                ..Office::default()
            },
        },
        procedures: vec![Procedure {
            code: ProcedureCode::parse("1.001193").unwrap(),
            name: Localized::new("Thủ tục đăng ký khai sinh", "Birth registration"),
            field: Localized::new("Hộ tịch", "Civil status"),
            documents: vec![
                RequiredDocument::from_portal("Giấy chứng sinh", "Birth certificate"),
                RequiredDocument::from_portal(
                    "[Xuất trình] Giấy tờ tùy thân",
                    "[Show] Identity document",
                ),
            ],
            fee: Localized::new("Miễn phí", "Free"),
            fee_vnd: Some(0),
            processing_time: Localized::new("Trong ngày", "Same day"),
            processing_days: Some(1),
            submit_at: Localized::new("Bộ phận một cửa", "One-stop office"),
            legal_basis: vec!["Luật Hộ tịch 2014".into()],
            result: Localized::new("Giấy khai sinh", "Birth certificate"),
            decision: None,
            source: "https://dichvucong.gov.vn".into(),
            local_note: None,
        }],
        removed: vec![],
        qr_links: vec![],
    }
}

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

#[wasm_bindgen_test]
async fn a_v1_database_is_migrated_keeping_its_catalog() {
    let name = "motcua-test-migrate";
    fresh(name).await;
    // A phone that ran the v1 app: only the v1 stores, one catalog in it.
    let v1 = Rexie::builder(name)
        .version(1)
        .add_object_store(ObjectStore::new(schema::META))
        .add_object_store(ObjectStore::new(schema::COMMUNES))
        .add_object_store(ObjectStore::new(schema::CATALOGS))
        .build()
        .await
        .unwrap();
    let json = serde_json::to_string(&catalog("11560", 3)).unwrap();
    let tx = v1
        .transaction(&[schema::CATALOGS], TransactionMode::ReadWrite)
        .unwrap();
    tx.store(schema::CATALOGS)
        .unwrap()
        .put(&JsValue::from_str(&json), Some(&JsValue::from_str("11560")))
        .await
        .unwrap();
    tx.done().await.unwrap();
    assert!(!v1.store_names().contains(&schema::CHECKLIST.to_owned()));
    v1.close();

    let db = Storage::open_named(name).await.unwrap();
    assert!(!db.rebuilt(), "a migration must not rebuild");
    assert_eq!(db.version(), schema::current());
    assert!(db.store_names().contains(&schema::CHECKLIST.to_owned()));
    assert_eq!(
        db.load_catalog("11560").await.unwrap(),
        Some(catalog("11560", 3))
    );
    db.save_ticks("11560", "1.001193", &["x".into()])
        .await
        .unwrap();
    assert_eq!(
        db.load_ticks("11560", "1.001193").await.unwrap(),
        vec!["x".to_owned()]
    );
    db.close();
}
