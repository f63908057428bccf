//! The staff workspace refuses what it must: anonymous and cross-commune access over every
//! endpoint (a matrix of roles × endpoints), forged or missing CSRF tokens and cross-site
//! origins, and repeated wrong passwords (lockout shared through the database).

pub mod common;

use common::staff::*;
use common::TestServer;
use motcua_domain::SubmissionStatus;
use motcua_server::db::Role;

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    OfficerA,
    LeaderA,
    Admin,
    OfficerB,
    LeaderB,
}

/// A refused post: path, fields, and who gets which status.
type Post<'a> = (String, Vec<(&'a str, &'a str)>, Vec<(Who, u16)>);

struct World {
    server: TestServer,
    receipt: String,
    sha: String,
    letter: i64,
    clients: Vec<(Who, StaffClient)>,
}

async fn world() -> World {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    server
        .account("leader.a@x.vn", "Lãnh đạo A", Role::Leader, Some(COMMUNE_A))
        .await;
    server
        .account("admin@x.vn", "Quản trị", Role::Administrator, None)
        .await;
    server
        .account("officer.b@x.vn", "Cán bộ B", Role::Officer, Some(COMMUNE_B))
        .await;
    server
        .account("leader.b@x.vn", "Lãnh đạo B", Role::Leader, Some(COMMUNE_B))
        .await;
    // A birth registration in commune A, completed, with an issued letter.
    let accepted = server
        .citizen_submits(common::submit::BIRTH, "draft-matrix-0001", None)
        .await;
    let receipt = accepted.receipt.to_string();
    let stored = server
        .state
        .db
        .submission(&accepted.receipt)
        .await
        .unwrap()
        .unwrap();
    let sha = stored.attachments[0].sha256.to_string();
    let leader = server.login("leader.a@x.vn").await;
    for (from, to) in [("received", "processing"), ("processing", "done")] {
        let r = leader
            .post(
                &format!("/staff/submissions/{receipt}/status"),
                &[("from", from), ("to", to)],
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    let r = leader
        .post(&format!("/staff/submissions/{receipt}/letters"), &[])
        .await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let letter: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let mut clients = vec![(Who::Anonymous, StaffClient::anonymous(&server))];
    for (who, email) in [
        (Who::OfficerA, "officer.a@x.vn"),
        (Who::LeaderA, "leader.a@x.vn"),
        (Who::Admin, "admin@x.vn"),
        (Who::OfficerB, "officer.b@x.vn"),
        (Who::LeaderB, "leader.b@x.vn"),
    ] {
        clients.push((who, server.login(email).await));
    }
    World {
        server,
        receipt,
        sha,
        letter,
        clients,
    }
}

/// What a GET answers for each asker: 200, 303 (to sign-in), 403 or 404.
fn expected_get(path_kind: &str, who: Who) -> u16 {
    use Who::*;
    match (path_kind, who) {
        (_, Anonymous) => 303,
        ("any", _) => 200,
        ("commune_a", OfficerB | LeaderB) => 404,
        ("commune_a", _) => 200,
        ("leader", OfficerA | OfficerB) => 403,
        ("leader", _) => 200,
        ("leader_a", OfficerA | OfficerB) => 403,
        ("leader_a", LeaderB) => 403,
        ("leader_a", _) => 200,
        ("admin", Admin) => 200,
        ("admin", _) => 403,
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn every_endpoint_refuses_anonymous_and_cross_commune_access() {
    let w = world().await;
    let (r, sha, letter) = (&w.receipt, &w.sha, w.letter);
    let gets: Vec<(String, &str)> = vec![
        ("/staff".into(), "any"),
        ("/staff/inbox".into(), "any"),
        ("/staff/feedback".into(), "any"),
        (format!("/staff/submissions/{r}"), "commune_a"),
        (
            format!("/staff/submissions/{r}/attachments/{sha}"),
            "commune_a",
        ),
        (format!("/staff/letters/{letter}"), "commune_a"),
        (format!("/staff/letters/{letter}/pdf"), "commune_a"),
        ("/staff/office".into(), "leader"),
        ("/staff/procedures".into(), "leader"),
        ("/staff/templates".into(), "leader"),
        ("/staff/templates/congratulation_birth".into(), "leader"),
        ("/staff/holidays".into(), "leader"),
        ("/staff/qr".into(), "leader"),
        (format!("/staff/office?commune={COMMUNE_A}"), "leader_a"),
        (
            format!("/staff/procedures/1.001193?commune={COMMUNE_A}"),
            "leader_a",
        ),
        (
            format!("/staff/templates/condolence?commune={COMMUNE_A}"),
            "leader_a",
        ),
        ("/staff/accounts".into(), "admin"),
    ];
    let mut failures = Vec::new();
    for (path, kind) in &gets {
        for (who, client) in &w.clients {
            let status = client.get(path).await.status().as_u16();
            let expected = expected_get(kind, *who);
            if status != expected {
                failures.push(format!(
                    "GET {path} as {who:?}: {status}, expected {expected}"
                ));
            }
            if *who == Who::Anonymous && status == 303 {
                let location = client.get(path).await.headers()["location"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                assert!(location.starts_with("/staff/login"), "{location}");
            }
        }
    }
    // Posts that would change another commune's data, or need a higher role: refused, and
    // nothing changed.
    let posts: Vec<Post<'_>> = vec![
        (
            format!("/staff/submissions/{r}/status"),
            vec![("from", "done"), ("to", "processing")],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerB, 404),
                (Who::LeaderB, 404),
            ],
        ),
        (
            format!("/staff/submissions/{r}/letters"),
            vec![],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::OfficerB, 404),
                (Who::LeaderB, 404),
            ],
        ),
        (
            "/staff/office".into(),
            vec![
                ("commune", COMMUNE_A),
                ("hours_vi", "Đóng cửa"),
                ("phone", "0000"),
            ],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::OfficerB, 403),
                (Who::LeaderB, 403),
            ],
        ),
        (
            "/staff/office/staff".into(),
            vec![
                ("commune", COMMUNE_A),
                ("name", "Kẻ lạ"),
                ("role_vi", "X"),
                ("member_phone", "0912"),
            ],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::LeaderB, 403),
            ],
        ),
        (
            "/staff/procedures/1.001193".into(),
            vec![("commune", COMMUNE_A), ("note_vi", "Sửa trộm")],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::LeaderB, 403),
            ],
        ),
        (
            "/staff/templates/congratulation_birth".into(),
            vec![("commune", COMMUNE_A), ("body", "Chúc mừng {ten_tre}")],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::LeaderB, 403),
            ],
        ),
        (
            "/staff/holidays".into(),
            vec![("day", "2026-12-31"), ("kind", "off"), ("note", "Nghỉ")],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::OfficerB, 403),
            ],
        ),
        (
            "/staff/accounts".into(),
            vec![
                ("email", "x@x.vn"),
                ("name", "X"),
                ("role", "administrator"),
                ("password", "mật khẩu đủ dài 2026"),
            ],
            vec![
                (Who::Anonymous, 303),
                (Who::OfficerA, 403),
                (Who::LeaderA, 403),
                (Who::LeaderB, 403),
            ],
        ),
    ];
    let version = w.server.state.db.version().await.unwrap();
    for (path, fields, refusals) in &posts {
        for (who, expected) in refusals {
            let client = &w.clients.iter().find(|(c, _)| c == who).unwrap().1;
            let status = client.post(path, fields).await.status().as_u16();
            if status != *expected {
                failures.push(format!(
                    "POST {path} as {who:?}: {status}, expected {expected}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let db = &w.server.state.db;
    assert_eq!(db.version().await.unwrap(), version, "no catalog change");
    let stored = db
        .submission(&motcua_domain::ReceiptCode::parse(r).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, SubmissionStatus::Done);
    assert_eq!(db.letters_of(r).await.unwrap().len(), 1);
    assert!(db.holiday_amendments().await.unwrap().is_empty());
    assert_eq!(db.accounts().await.unwrap().len(), 5);
    let a = db
        .commune(&motcua_domain::CommuneCode::parse(COMMUNE_A).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(a.office.staff.iter().all(|m| m.name != "Kẻ lạ"));
    w.server.stop().await;
}

#[tokio::test]
async fn csrf_tokens_and_origins_are_checked() {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    let accepted = server
        .citizen_submits(common::submit::BIRTH, "draft-csrf-00001", None)
        .await;
    let path = format!("/staff/submissions/{}/status", accepted.receipt);
    let mut client = server.login("officer.a@x.vn").await;
    let good = client.csrf.clone();
    let fields = [("from", "received"), ("to", "processing")];
    // Missing token.
    client.csrf = String::new();
    assert_eq!(client.post(&path, &fields).await.status(), 403);
    // Forged token (right length, wrong value).
    client.csrf = "0".repeat(64);
    assert_eq!(client.post(&path, &fields).await.status(), 403);
    // Right token, but sent by another site.
    client.csrf = good.clone();
    let cross = client
        .http
        .post(server.url(&path))
        .header("origin", "https://evil.example")
        .form(&[
            ("csrf", good.as_str()),
            ("from", "received"),
            ("to", "processing"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let fetch_site = client
        .http
        .post(server.url(&path))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("csrf", good.as_str()),
            ("from", "received"),
            ("to", "processing"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_site.status(), 403);
    let body = fetch_site.text().await.unwrap();
    assert!(body.contains("Yêu cầu bị từ chối"), "clear message: {body}");
    // Nothing changed so far.
    let db = &server.state.db;
    let stored = db.submission(&accepted.receipt).await.unwrap().unwrap();
    assert_eq!(stored.status, SubmissionStatus::Received);
    assert!(db
        .audit_of(accepted.receipt.as_str())
        .await
        .unwrap()
        .is_empty());
    // The same request from our own page (same origin) goes through.
    let ok = client
        .http
        .post(server.url(&path))
        .header("origin", &server.base)
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("csrf", good.as_str()),
            ("from", "received"),
            ("to", "processing"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    server.stop().await;
}

#[tokio::test]
async fn sessions_cookies_sign_out_and_sign_out_everywhere() {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    let (_, response) = server.try_login("officer.a@x.vn", PASSWORD).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "motcua_staff=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/staff",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    // Only the SHA-256 of the token is stored.
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("motcua_staff=");
    assert_eq!(token.len(), 64);
    // Two devices; sign out everywhere from one ends both.
    let one = server.login("officer.a@x.vn").await;
    let two = server.login("officer.a@x.vn").await;
    assert_eq!(two.get("/staff/inbox").await.status(), 200);
    assert_eq!(
        one.post("/staff/logout-everywhere", &[]).await.status(),
        303
    );
    for client in [&one, &two] {
        let r = client.get("/staff/inbox").await;
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/staff/login"));
    }
    // A plain sign-out ends only that session.
    let three = server.login("officer.a@x.vn").await;
    let four = server.login("officer.a@x.vn").await;
    assert_eq!(three.post("/staff/logout", &[]).await.status(), 303);
    assert_eq!(three.get("/staff/inbox").await.status(), 303);
    assert_eq!(four.get("/staff/inbox").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn https_public_url_makes_the_cookie_secure() {
    let dir = common::temp_dir();
    let server = TestServer::start_with(dir, |mut c| {
        c.edge.public_url = Some("https://motcua.example.vn".into());
        c
    })
    .await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    let (_, response) = server.try_login("officer.a@x.vn", PASSWORD).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    server.stop().await;
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account() {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    for _ in 0..4 {
        let (_, r) = server.try_login("officer.a@x.vn", "sai mật khẩu").await;
        assert_eq!(r.status(), 401);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("Thư điện tử hoặc mật khẩu không đúng"),
            "{body}"
        );
        assert!(
            !body.contains("sai mật khẩu"),
            "the password is never echoed"
        );
    }
    // The fifth failure locks the account...
    let (_, r) = server.try_login("OFFICER.A@x.vn", "sai mật khẩu").await;
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Đăng nhập sai quá nhiều lần"));
    // ...so even the right password is refused now, without creating a session.
    let (_, r) = server.try_login("officer.a@x.vn", PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("set-cookie").is_none());
    // The lock lives in the database: a second instance on the same database refuses too.
    let dir = server.stop().await;
    let again = TestServer::start_in(dir).await;
    let (_, r) = again.try_login("officer.a@x.vn", PASSWORD).await;
    assert_eq!(r.status(), 429);
    // An unknown email is counted and answered exactly like a wrong password.
    let (_, r) = again.try_login("nobody@x.vn", "whatever password").await;
    assert_eq!(r.status(), 401);
    again.stop().await;
}
