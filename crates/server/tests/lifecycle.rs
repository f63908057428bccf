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

/// Runs `motcua-server ARGS` on the database of `server`; returns (success, stdout, stderr).
fn server_cli(server: &TestServer, args: &[&str]) -> (bool, String, String) {
    let dir = server.dir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(args)
        .env("MOTCUA_DATABASE_URL", common::database_url_in(&dir))
        .env("MOTCUA_DATA_DIR", dir.join("data"))
        .env("MOTCUA_DIST_DIR", dir.join("dist"))
        .env("RUST_LOG", "warn")
        .current_dir(&dir)
        .output()
        .expect("run motcua-server");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_backup_and_export_subcommands_work_while_the_server_runs() {
    let server = TestServer::start().await;
    let accepted = server
        .citizen_submits(common::fixtures::BIRTH, "cli-export-draft-0001", None)
        .await;
    let backup = server.dir().join("backups").join("copy.db");
    let backup_arg = backup.display().to_string();
    let (ok, _, stderr) = server_cli(&server, &["backup", &backup_arg]);
    if std::env::var(common::POSTGRES_ENV).is_ok() {
        assert!(!ok, "backup refuses PostgreSQL");
        assert!(stderr.contains("pg_dump"), "{stderr}");
    } else {
        assert!(ok, "{stderr}");
        assert!(backup.is_file());
        let (again, _, stderr) = server_cli(&server, &["backup", &backup_arg]);
        assert!(!again && stderr.contains("already exists"), "{stderr}");
    }

    let (ok, stdout, stderr) = server_cli(&server, &["export", "--commune", "11560"]);
    assert!(ok, "{stderr}");
    let export: serde_json::Value = serde_json::from_str(&stdout).expect("export is JSON");
    assert_eq!(export["commune"], "11560");
    let submissions = export["submissions"].as_array().unwrap();
    let ours = submissions
        .iter()
        .find(|s| s["receipt"] == accepted.receipt.as_str())
        .expect("the submission is exported");
    assert_eq!(ours["procedure"], common::fixtures::BIRTH);
    assert_eq!(ours["events"][0]["status"], "received");
    assert!(export["ratings"].is_array());
    // Another commune's export does not carry it.
    let (ok, other, stderr) = server_cli(&server, &["export", "--commune", "11557"]);
    assert!(ok, "{stderr}");
    assert!(!other.contains(accepted.receipt.as_str()));
    // Bad input: a clear message, no output.
    let (ok, stdout, stderr) = server_cli(&server, &["export", "--commune", "abc"]);
    assert!(
        !ok && stdout.is_empty() && stderr.contains("5-digit"),
        "{stderr}"
    );
    server.stop().await;
}
