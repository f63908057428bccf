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

#[tokio::test]
async fn an_online_backup_is_a_working_copy() {
    let server = TestServer::start().await;
    let mut p = server
        .get_json::<Catalog>("/api/v1/catalog?commune=11560")
        .await
        .procedures
        .remove(0);
    p.processing_days = Some(9);
    let version = server.state.db.upsert_procedure(&p).await.unwrap();
    let backup = server.dir().join("backups").join("motcua-backup.db");
    let outcome = server.state.db.backup_to(&backup).await;
    if std::env::var(common::POSTGRES_ENV).is_ok() {
        assert!(matches!(
            outcome,
            Err(motcua_server::StoreError::BackupUnsupported)
        ));
        server.stop().await;
        return;
    }
    outcome.unwrap();
    // Never overwritten.
    assert!(matches!(
        server.state.db.backup_to(&backup).await,
        Err(motcua_server::StoreError::BackupExists(_))
    ));
    // The copy opens as a database with the same data (the server kept running meanwhile).
    let copy = motcua_server::Db::connect(&format!("sqlite://{}", backup.display()))
        .await
        .unwrap();
    assert_eq!(copy.version().await.unwrap(), version);
    copy.close().await;
    assert_eq!(server.get("/healthz").await.status(), 200);
    server.stop().await;
}
