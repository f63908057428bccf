//! Restarting on the same database file.

pub mod common;

use common::TestServer;
use motcua_domain::{Catalog, CommuneSummary};

#[tokio::test]
async fn a_restart_keeps_the_data_and_does_not_reseed() {
    let server = TestServer::start().await;
    if std::env::var(common::POSTGRES_ENV).is_err() {
        let db_file = server.dir().join("db").join("motcua.db");
        assert!(
            db_file.is_file(),
            "the database directory and file are created"
        );
    }
    let mut p = server
        .get_json::<Catalog>("/api/v1/catalog?commune=11560")
        .await
        .procedures
        .remove(0);
    p.processing_days = Some(7);
    let version = server.state.db.upsert_procedure(&p).await.unwrap();
    assert_eq!(version, 2);
    let dir = server.stop().await;

    let server = TestServer::start_in(dir).await;
    assert_eq!(server.state.db.version().await.unwrap(), version);
    let communes: Vec<CommuneSummary> = server.get_json("/api/v1/communes").await;
    assert_eq!(communes.len(), 114);
    let full: Catalog = server.get_json("/api/v1/catalog?commune=11560").await;
    assert_eq!(full.version, version);
    assert_eq!(full.procedures.len(), 85);
    let kept = full.procedures.iter().find(|q| q.code == p.code).unwrap();
    assert_eq!(kept.processing_days, Some(7));
    let delta: Catalog = server
        .get_json(&format!("/api/v1/catalog?commune=11560&since={version}"))
        .await;
    assert!(delta.procedures.is_empty());
    server.stop().await;
}
