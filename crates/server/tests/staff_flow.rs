//! The staff workflow over HTTP: legal status changes with an audit entry each (and the citizen's
//! tracking view following), illegal ones refused with nothing changed, attachments served
//! safely, letter templates checked, letters issued and rendered to PDF with Vietnamese text
//! intact, publishing the office bumping the catalog version, on-time rates.

pub mod common;

use std::process::Command;

use common::staff::*;
use common::TestServer;
use motcua_domain::feedback::stats::{CommuneStats, StatsOverview};
use motcua_domain::{ReceiptCode, SubmissionStatus, TrackingView};
use motcua_server::db::Role;

async fn tracking(server: &TestServer, receipt: &ReceiptCode, secret: &str) -> TrackingView {
    let r = server.track(receipt.as_str(), Some(secret)).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// The officer takes a received submission through processing to done.
async fn process_to_done(officer: &StaffClient, receipt: &str) {
    let status = format!("/staff/submissions/{receipt}/status");
    for (from, to) in [("received", "processing"), ("processing", "done")] {
        let r = officer.post(&status, &[("from", from), ("to", to)]).await;
        assert_eq!(r.status(), 303, "{from} → {to}");
    }
}

#[tokio::test]
async fn every_transition_is_audited_and_reaches_the_citizen() {
    let server = TestServer::start().await;
    let officer = server
        .account(
            "officer.a@x.vn",
            "Nguyễn Thị Cán",
            Role::Officer,
            Some(COMMUNE_A),
        )
        .await;
    let accepted = server
        .citizen_submits(common::submit::BIRTH, "draft-flow-00001", None)
        .await;
    let (receipt, secret) = (&accepted.receipt, accepted.tracking_secret.as_str());
    let client = server.login("officer.a@x.vn").await;
    let path = format!("/staff/submissions/{receipt}/status");
    let steps: [(&str, &str, &str); 4] = [
        (
            "received",
            "needs_documents",
            "Mang bản chính giấy chứng sinh",
        ),
        ("needs_documents", "processing", ""),
        ("processing", "done", ""),
        ("", "", ""),
    ];
    for (i, (from, to, text)) in steps.iter().take(3).enumerate() {
        let r = client
            .post(&path, &[("from", from), ("to", to), ("text", text)])
            .await;
        assert_eq!(r.status(), 303, "{from} → {to}");
        let audit = server.state.db.audit_of(receipt.as_str()).await.unwrap();
        assert_eq!(audit.len(), i + 1);
        let last = audit.last().unwrap();
        assert_eq!(last.actor, officer);
        assert_eq!(last.actor_name, "Nguyễn Thị Cán");
        assert_eq!(last.action, "status_change");
        assert_eq!(last.from_state.as_deref(), Some(*from));
        assert_eq!(last.to_state.as_deref(), Some(*to));
        assert_eq!(last.note.as_deref(), (!text.is_empty()).then_some(*text));
        assert!(last.at.ends_with('Z'));
        let view = tracking(&server, receipt, secret).await;
        assert_eq!(view.status.tag(), *to, "the citizen sees it");
    }
    // The audit log shows on the page, and the history has the note.
    let page = client
        .get(&format!("/staff/submissions/{receipt}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Mang bản chính giấy chứng sinh"));
    assert!(page.contains("Nhật ký xử lý"));
    // Closed: the plain columns are in step.
    let stored = server.state.db.submission(receipt).await.unwrap().unwrap();
    assert_eq!(stored.status, SubmissionStatus::Done);
    // The home page counts it for the officer.
    let home = client.get("/staff").await.text().await.unwrap();
    assert!(home.contains("Nguyễn Thị Cán"), "on-time row per officer");
    assert!(home.contains("100 %"), "finished the same day: on time");
    server.stop().await;
}

#[tokio::test]
async fn illegal_transitions_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    let accepted = server
        .citizen_submits(common::submit::BIRTH, "draft-flow-00002", None)
        .await;
    let receipt = &accepted.receipt;
    let client = server.login("officer.a@x.vn").await;
    let path = format!("/staff/submissions/{receipt}/status");
    let before = server.state.db.submission(receipt).await.unwrap().unwrap();
    // received → done skips processing.
    let r = client
        .post(&path, &[("from", "received"), ("to", "done")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Không thể chuyển hồ sơ"));
    // Rejecting needs a reason.
    let r = client
        .post(
            &path,
            &[("from", "received"), ("to", "rejected"), ("text", "  ")],
        )
        .await;
    assert_eq!(r.status(), 422);
    // A stale form (someone else moved it) is refused.
    let r = client
        .post(&path, &[("from", "processing"), ("to", "done")])
        .await;
    assert_eq!(r.status(), 409);
    // An unknown state.
    let r = client
        .post(&path, &[("from", "received"), ("to", "archived")])
        .await;
    assert_eq!(r.status(), 400);
    let after = server.state.db.submission(receipt).await.unwrap().unwrap();
    assert_eq!(after, before, "nothing changed");
    assert!(server
        .state
        .db
        .audit_of(receipt.as_str())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        server
            .state
            .db
            .submission_events(receipt)
            .await
            .unwrap()
            .len(),
        1
    );
    // Rejected with a reason: then closed for good.
    let r = client
        .post(
            &path,
            &[
                ("from", "received"),
                ("to", "rejected"),
                ("text", "Sai thẩm quyền"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = client
        .post(&path, &[("from", "rejected"), ("to", "processing")])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        server
            .state
            .db
            .audit_of(receipt.as_str())
            .await
            .unwrap()
            .len(),
        1
    );
    server.stop().await;
}

#[tokio::test]
async fn attachments_are_served_inline_and_sandboxed() {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    let accepted = server
        .citizen_submits(common::submit::BIRTH, "draft-flow-00003", None)
        .await;
    let stored = server
        .state
        .db
        .submission(&accepted.receipt)
        .await
        .unwrap()
        .unwrap();
    let sha = stored.attachments[0].sha256.to_string();
    let client = server.login("officer.a@x.vn").await;
    let r = client
        .get(&format!(
            "/staff/submissions/{}/attachments/{sha}",
            accepted.receipt
        ))
        .await;
    assert_eq!(r.status(), 200);
    let h = |n: &str| r.headers()[n].to_str().unwrap().to_owned();
    assert_eq!(h("content-type"), "image/jpeg");
    assert_eq!(h("content-disposition"), "inline");
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert!(h("content-security-policy").starts_with("sandbox"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(common::submit::sha256(&bytes).to_string(), sha);
    // A hash this submission does not reference is 404 even if stored.
    let other = server
        .citizen_submits(common::submit::BIRTH, "draft-flow-00004", None)
        .await;
    let r = client
        .get(&format!(
            "/staff/submissions/{}/attachments/{sha}",
            other.receipt
        ))
        .await;
    assert_eq!(r.status(), 404);
    // Staff pages carry a strict CSP without scripts.
    let page = client.get("/staff/inbox").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    assert_eq!(page.headers()["cache-control"], "no-store");
    server.stop().await;
}

#[tokio::test]
async fn unknown_template_placeholders_are_refused() {
    let server = TestServer::start().await;
    server
        .account("leader.a@x.vn", "Lãnh đạo A", Role::Leader, Some(COMMUNE_A))
        .await;
    let client = server.login("leader.a@x.vn").await;
    let path = "/staff/templates/congratulation_birth";
    let text = "Chúc mừng gia đình có bé {ten_be} tại {xa}";
    let r = client.post(path, &[("body", text)]).await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("{ten_be}"), "names the unknown placeholder");
    assert!(page.contains("{ten_tre}"), "lists the known ones");
    assert!(
        page.contains("Chúc mừng gia đình có bé"),
        "keeps what was typed"
    );
    let db = &server.state.db;
    let commune = motcua_domain::CommuneCode::parse(COMMUNE_A).unwrap();
    let kind = motcua_domain::letters::LetterKind::CongratulationBirth;
    assert_eq!(db.letter_template(&commune, kind).await.unwrap(), None);
    // A valid template is saved.
    let r = client
        .post(path, &[("body", "Chúc mừng bé {ten_tre}, {xa}")])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        db.letter_template(&commune, kind).await.unwrap().as_deref(),
        Some("Chúc mừng bé {ten_tre}, {xa}")
    );
    server.stop().await;
}

/// `pdftotext` (poppler-utils) of a PDF.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("letter.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (apt poppler-utils; cargo xtask setup installs it)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_marriage_letter_pdf_has_the_couples_names_with_diacritics() {
    let server = TestServer::start().await;
    server
        .account("officer.a@x.vn", "Cán bộ A", Role::Officer, Some(COMMUNE_A))
        .await;
    server
        .account(
            "leader.a@x.vn",
            "Phạm Quốc Hưng",
            Role::Leader,
            Some(COMMUNE_A),
        )
        .await;
    let accepted = server
        .citizen_submits("1.000894", "draft-flow-00005", Some(marriage_answers()))
        .await;
    let receipt = accepted.receipt.to_string();
    let officer = server.login("officer.a@x.vn").await;
    process_to_done(&officer, &receipt).await;
    // The inbox suggests a letter; an officer cannot issue it, a leader can.
    let inbox = officer.get("/staff/inbox").await.text().await.unwrap();
    assert!(inbox.contains("Nên gửi thư cho công dân"));
    let issue = format!("/staff/submissions/{receipt}/letters");
    assert_eq!(officer.post(&issue, &[]).await.status(), 403);
    let leader = server.login("leader.a@x.vn").await;
    let r = leader.post(&issue, &[]).await;
    assert_eq!(r.status(), 303);
    let letter_path = r.headers()["location"].to_str().unwrap().to_owned();
    // Logged in issued_letters with the columns the public dashboard counts.
    let letters = server.state.db.letters_of(&receipt).await.unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].kind, "congratulation_marriage");
    assert_eq!(letters[0].commune, COMMUNE_A);
    assert!(letters[0].body.contains("Trần Văn Đức"));
    // The public dashboard counts it, in the commune's numbers and in the overview.
    let stats: CommuneStats = server.get_json("/api/v1/stats?commune=11560").await;
    let counts = stats.letters.expect("letter counts");
    assert_eq!(
        (
            counts.congratulation_marriage,
            counts.congratulation_birth,
            counts.condolence
        ),
        (1, 0, 0)
    );
    let overview: StatsOverview = server.get_json("/api/v1/stats").await;
    let row = overview
        .communes
        .iter()
        .find(|c| c.commune.as_str() == COMMUNE_A)
        .unwrap();
    assert_eq!(row.letters.unwrap().congratulation_marriage, 1);
    // The printable page and the PDF.
    let html = officer.get(&letter_path).await.text().await.unwrap();
    assert!(html.contains("THƯ CHÚC MỪNG") && html.contains("Lê Thị Hồng Nhung"));
    let r = officer.get(&format!("{letter_path}/pdf")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    if let Ok(out) = std::env::var("MOTCUA_LETTER_PDF_OUT") {
        std::fs::write(out, &pdf).unwrap();
    }
    let text = pdf_text(&pdf);
    for expected in [
        "Trần Văn Đức",
        "Lê Thị Hồng Nhung",
        "THƯ CHÚC MỪNG",
        "Phạm Quốc Hưng",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    server.stop().await;
}

#[tokio::test]
async fn publishing_the_office_bumps_the_catalog_version() {
    let server = TestServer::start().await;
    server
        .account("leader.a@x.vn", "Lãnh đạo A", Role::Leader, Some(COMMUNE_A))
        .await;
    let client = server.login("leader.a@x.vn").await;
    let before = server.state.db.version().await.unwrap();
    let r = client
        .post(
            "/staff/office",
            &[
                ("hours_vi", "Thứ Hai – Thứ Bảy: 7:30–17:00"),
                ("wifi_vi", "Mạng UBND-KhachHang"),
                ("phone", "0225 3 123 456"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = client
        .post(
            "/staff/office/staff",
            &[
                ("name", "Đỗ Thị Hạnh"),
                ("role_vi", "Công chức Tư pháp – Hộ tịch"),
                ("member_phone", "0912 000 111"),
                ("desk", "2"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let after = server.state.db.version().await.unwrap();
    assert_eq!(after, before + 2);
    // A phone syncing since `before` gets a delta with the new office.
    let catalog: motcua_domain::Catalog = server
        .get_json(&format!(
            "/api/v1/catalog?commune={COMMUNE_A}&since={before}"
        ))
        .await;
    assert!(!catalog.full);
    assert_eq!(catalog.version, after);
    assert_eq!(
        catalog.commune.office.hours.vi,
        "Thứ Hai – Thứ Bảy: 7:30–17:00"
    );
    assert!(catalog
        .commune
        .office
        .staff
        .iter()
        .any(|m| m.name == "Đỗ Thị Hạnh"));
    // A bad phone is refused with a message and nothing published.
    let r = client.post("/staff/office", &[("phone", "gọi tôi")]).await;
    assert_eq!(r.status(), 422);
    assert_eq!(server.state.db.version().await.unwrap(), after);
    // A local fee override too.
    let r = client
        .post(
            "/staff/procedures/1.001193",
            &[("note_vi", "Nộp tại quầy số 2"), ("fee_vnd", "abc")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = client
        .post(
            "/staff/procedures/1.001193",
            &[("note_vi", "Nộp tại quầy số 2")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(server.state.db.version().await.unwrap(), after + 1);
    server.stop().await;
}

#[tokio::test]
async fn holiday_amendments_change_the_days_left() {
    let server = TestServer::start().await;
    server
        .account("leader.a@x.vn", "Lãnh đạo A", Role::Leader, Some(COMMUNE_A))
        .await;
    let client = server.login("leader.a@x.vn").await;
    let r = client
        .post(
            "/staff/holidays",
            &[("day", "2027-02-10"), ("kind", "work"), ("note", "Làm bù")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = client
        .post(
            "/staff/holidays",
            &[("day", "10/02/2027"), ("kind", "off"), ("note", "x")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let amendments = server.state.db.calendar_amendments().await.unwrap();
    assert_eq!(amendments.work.len(), 1);
    let audit = server.state.db.audit_of("2027-02-10").await.unwrap();
    assert_eq!(audit[0].action, "holiday_amended");
    server.stop().await;
}

#[tokio::test]
async fn dissatisfied_feedback_is_flagged_with_its_age_and_answered_to_the_citizen() {
    use motcua_domain::feedback::{NewRating, RatingAccepted, RatingTarget};

    let server = TestServer::start().await;
    server
        .account(
            "officer.a@x.vn",
            "Nguyễn Thị Cán",
            Role::Officer,
            Some(COMMUNE_A),
        )
        .await;
    server
        .account(
            "officer.b@x.vn",
            "Trần Văn Khác",
            Role::Officer,
            Some(COMMUNE_B),
        )
        .await;
    let accepted = server
        .citizen_submits(common::submit::BIRTH, "draft-feedback-0001", None)
        .await;
    let (receipt, secret) = (&accepted.receipt, accepted.tracking_secret.as_str());
    let officer = server.login("officer.a@x.vn").await;
    process_to_done(&officer, receipt.as_str()).await;
    let home = officer.get("/staff").await.text().await.unwrap();
    assert!(!home.contains("chưa trả lời"), "nothing flagged yet");

    // The citizen is not satisfied (level 1 on the national scale), with markup in the comment.
    let target = RatingTarget::Receipt {
        receipt: receipt.clone(),
        tracking_secret: secret.to_owned(),
    };
    let rating = NewRating {
        comment: "<script>alert(1)</script>Chờ lâu quá".into(),
        ..common::ratings::rating("rating-feedback-0000001", COMMUNE_A, target, 1)
    };
    let r = common::ratings::post_rating(&server, &rating).await;
    assert_eq!(r.status(), 201);
    let stored: RatingAccepted = r.json().await.unwrap();

    // Flagged on the home page and in the inbox, with its age; listed first on the page.
    for path in ["/staff", "/staff/inbox"] {
        let page = officer.get(path).await.text().await.unwrap();
        assert!(
            page.contains("Ý kiến không hài lòng chưa trả lời: 1"),
            "{path} flags it"
        );
        assert!(
            page.contains("lâu nhất đã chờ 0 giờ"),
            "{path} shows its age"
        );
    }
    let page = officer.get("/staff/feedback").await.text().await.unwrap();
    assert!(page.contains("feedback--flagged"));
    assert!(page.contains("Chờ lâu quá") && !page.contains("<script>alert"));
    assert!(page.contains("Không hài lòng"));
    let reply_path = format!("/staff/feedback/{}/reply", stored.id);

    // Another commune's officer cannot see or answer it.
    let other = server.login("officer.b@x.vn").await;
    let theirs = other.get("/staff/feedback").await.text().await.unwrap();
    assert!(!theirs.contains("Chờ lâu quá"));
    let r = other
        .post(&reply_path, &[("reply", "Không phải xã tôi")])
        .await;
    assert_eq!(r.status(), 404);

    // An empty answer: the form again with the message, nothing stored.
    let r = officer.post(&reply_path, &[("reply", "   ")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Vui lòng điền mục này"));
    let too_long = "a".repeat(1001);
    let r = officer.post(&reply_path, &[("reply", &too_long)]).await;
    assert_eq!(r.status(), 422);

    let answer = "Xin lỗi ông/bà, xã đã bổ sung cán bộ trực <b>buổi sáng</b>.";
    let r = officer.post(&reply_path, &[("reply", answer)]).await;
    assert_eq!(r.status(), 303);
    let view = tracking(&server, receipt, secret).await;
    let reply = view.rating.expect("rating on the tracking page").reply;
    let reply = reply.expect("the answer reaches the citizen");
    assert_eq!(
        reply.text,
        "Xin lỗi ông/bà, xã đã bổ sung cán bộ trực buổi sáng."
    );
    let audit = server
        .state
        .db
        .audit_of(&format!("rating {}", stored.id))
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "feedback_replied");
    let home = officer.get("/staff").await.text().await.unwrap();
    assert!(!home.contains("chưa trả lời"), "no longer flagged");
    server.stop().await;
}

#[tokio::test]
async fn leaders_publish_notices_and_retire_or_redirect_qr_codes() {
    use motcua_domain::qr::{QrLanding, QrStatus, QrTarget};
    use motcua_domain::CommuneCode;

    let server = TestServer::start().await;
    for (email, role, commune) in [
        ("leader.a@x.vn", Role::Leader, COMMUNE_A),
        ("officer.a@x.vn", Role::Officer, COMMUNE_A),
        ("leader.b@x.vn", Role::Leader, COMMUNE_B),
    ] {
        server.account(email, "Cán bộ", role, Some(commune)).await;
    }
    let a = CommuneCode::parse(COMMUNE_A).unwrap();
    let db = &server.state.db;
    let now = motcua_server::clock::Now::read();
    let office = db.ensure_qr_link(&a, &QrTarget::Office, now).await.unwrap();
    let birth = QrTarget::Procedure {
        code: motcua_domain::ProcedureCode::parse(common::submit::BIRTH).unwrap(),
    };
    let old = db.ensure_qr_link(&a, &birth, now).await.unwrap();
    let landing = |token: String| {
        let server = &server;
        async move {
            server
                .get_json::<QrLanding>(&format!("/api/v1/q/{token}"))
                .await
        }
    };

    let leader = server.login("leader.a@x.vn").await;
    let page = leader.get("/staff/qr").await.text().await.unwrap();
    assert!(page.contains(office.token.as_str()) && page.contains(old.token.as_str()));
    assert!(page.contains("Thủ tục đăng ký khai sinh"));

    // A notice with the wifi password; a bad one comes back with what was typed.
    let r = leader
        .post(
            "/staff/qr/notices",
            &[("title_vi", ""), ("body_vi", "Mật khẩu: motcua2026")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Mật khẩu: motcua2026"));
    let version = db.version().await.unwrap();
    let r = leader
        .post(
            "/staff/qr/notices",
            &[
                ("title_vi", "Wifi bộ phận một cửa"),
                ("body_vi", "Tên mạng: UBND-MotCua\nMật khẩu: motcua2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        db.version().await.unwrap() > version,
        "phones get the notice"
    );
    let links = db.qr_links(&a, 0).await.unwrap();
    let wifi = links
        .iter()
        .find(|l| matches!(&l.target, QrTarget::Notice { title, .. } if title.vi == "Wifi bộ phận một cửa"))
        .expect("the notice link");
    let shown = landing(wifi.token.to_string()).await;
    assert_eq!(shown.status, QrStatus::Found);

    // Redirect the old birth poster to the office's code, then retire the office's code.
    let r = leader
        .post(
            "/staff/qr/redirect",
            &[("token", old.token.as_str()), ("to", "NOPE2345")],
        )
        .await;
    assert_eq!(r.status(), 422, "unknown target refused");
    let r = leader
        .post(
            "/staff/qr/redirect",
            &[("token", old.token.as_str()), ("to", wifi.token.as_str())],
        )
        .await;
    assert_eq!(r.status(), 303);
    let followed = landing(old.token.to_string()).await;
    assert_eq!(followed.status, QrStatus::Found);
    assert_eq!(followed.link.unwrap().token, wifi.token);

    // Others cannot: an officer (403), another commune's leader (404, nothing revealed).
    let officer = server.login("officer.a@x.vn").await;
    assert_eq!(officer.get("/staff/qr").await.status(), 403);
    let retire = [("token", office.token.as_str())];
    assert_eq!(
        officer.post("/staff/qr/retire", &retire).await.status(),
        403
    );
    let other = server.login("leader.b@x.vn").await;
    assert_eq!(other.post("/staff/qr/retire", &retire).await.status(), 404);
    assert_eq!(
        landing(office.token.to_string()).await.status,
        QrStatus::Found
    );

    assert_eq!(leader.post("/staff/qr/retire", &retire).await.status(), 303);
    assert_eq!(
        landing(office.token.to_string()).await.status,
        QrStatus::Retired
    );
    let audit = db.audit_of(office.token.as_str()).await.unwrap();
    assert_eq!(audit[0].action, "qr_retired");
    let page = leader.get("/staff/qr").await.text().await.unwrap();
    assert!(page.contains("Đã ngừng"));
    server.stop().await;
}
