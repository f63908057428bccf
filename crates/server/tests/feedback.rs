//! Ratings, staff replies and the public dashboard, over real HTTP with a real SQLite file.

pub mod common;

use common::submit::{birth, jpeg, reference, COMMUNE};
use common::{assert_json_content_type, header, TestServer};
use motcua_domain::feedback::stats::{CommuneStats, StatsOverview, CSV_HEADER};
use motcua_domain::feedback::{NewRating, RatingAccepted, RatingTarget};
use motcua_domain::{
    ApiErrorBody, CommuneCode, ReceiptCode, StaffMember, SubmissionAccepted, SubmissionStatus,
    TrackingView, ValidationErrorBody,
};
use motcua_server::clock::Now;
use motcua_server::routes::{ADDRESS_LIMIT, DEVICE_LIMIT};

/// Another commune, for the overview.
const OTHER: &str = "11542";

fn rating(n: u32, commune: &str, target: RatingTarget, level: u8) -> NewRating {
    NewRating {
        device: Some(format!("device-{n:08}")),
        ..common::ratings::rating(&format!("rating-{n:016}"), commune, target, level)
    }
}

async fn rate(server: &TestServer, body: &NewRating) -> reqwest::Response {
    common::ratings::post_rating(server, body).await
}

async fn rate_ok(server: &TestServer, body: &NewRating) -> RatingAccepted {
    let response = rate(server, body).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    response.json().await.unwrap()
}

async fn error(response: reqwest::Response, status: u16) -> ApiErrorBody {
    assert_eq!(response.status(), status);
    assert_json_content_type(&response);
    let body: ApiErrorBody = response.json().await.expect("JSON error body");
    assert!(body.error.message.contains(" / "), "{}", body.error.message);
    body
}

/// Submits a birth registration over HTTP and returns its acceptance.
async fn submitted(server: &TestServer, n: u64) -> SubmissionAccepted {
    let photo = server.upload_ok(jpeg(n, 20_000)).await;
    let draft = format!("draft-{n:016}");
    let body = birth(&draft, vec![reference(&photo, "birth_certificate_photo")]);
    let response = server.submit(&format!("d-{draft}"), &body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The server's own pool (SQLite or PostgreSQL, whichever the tests run on).
async fn pool(server: &TestServer) -> sqlx::AnyPool {
    server.state.db.pool().clone()
}

/// Inserts a submission with chosen plain columns, as the dashboard reads them.
async fn insert_row(
    pool: &sqlx::AnyPool,
    n: u32,
    commune: &str,
    state: &str,
    received_on: &str,
    closed_on: Option<&str>,
    due_date: Option<&str>,
) {
    let receipt = format!("{commune}-A{n:05}");
    let status = format!("{{\"state\":\"{state}\"}}");
    sqlx::query(
        "INSERT INTO submissions (receipt, draft_id, idempotency_key, request_hash, commune, \
         procedure, procedure_name, form_version, answers, attachments, tracking_secret_hash, \
         received_at, due_date, status, updated_at, state, received_on, closed_at, closed_on) \
         VALUES ($1, $2, $3, 'h', $4, '1.001193', '{\"vi\":\"Đăng ký khai sinh\",\"en\":\"Birth\"}', \
         1, '{}', '[]', 'x', $5, $6, $7, $5, $8, $9, $10, $11)",
    )
    .bind(&receipt)
    .bind(format!("fixture-draft-{n:08}"))
    .bind(format!("fixture-key-{n:08}"))
    .bind(commune)
    .bind(format!("{received_on}T02:00:00Z"))
    .bind(due_date)
    .bind(status)
    .bind(state)
    .bind(received_on)
    .bind(closed_on.map(|d| format!("{d}T03:00:00Z")))
    .bind(closed_on)
    .execute(pool)
    .await
    .unwrap();
}

/// Six submissions in 11560 and one in 11542 with hand-computed numbers (see each line).
async fn fixtures(server: &TestServer) {
    let pool = pool(server).await;
    let c = COMMUNE;
    // Received Mon 2 March, done Wed 4 March (2 working days), due 5 March: on time.
    insert_row(
        &pool,
        1,
        c,
        "done",
        "2026-03-02",
        Some("2026-03-04"),
        Some("2026-03-05"),
    )
    .await;
    // Received 2 March, done Mon 9 March (3,4,5,6,9 = 5 working days), due 5 March: late.
    insert_row(
        &pool,
        2,
        c,
        "done",
        "2026-03-02",
        Some("2026-03-09"),
        Some("2026-03-05"),
    )
    .await;
    // Rejected on 11 March, due 12 March: on time, but no processing time (not done).
    insert_row(
        &pool,
        3,
        c,
        "rejected",
        "2026-03-10",
        Some("2026-03-11"),
        Some("2026-03-12"),
    )
    .await;
    // Open.
    insert_row(
        &pool,
        4,
        c,
        "processing",
        "2026-04-01",
        None,
        Some("2026-04-03"),
    )
    .await;
    insert_row(&pool, 5, c, "received", "2026-04-01", None, None).await;
    // Done the day it arrived (0 working days), no due date: not in the on-time counts.
    insert_row(&pool, 6, c, "done", "2026-04-06", Some("2026-04-06"), None).await;
    insert_row(
        &pool,
        7,
        OTHER,
        "received",
        "2026-04-02",
        None,
        Some("2026-04-09"),
    )
    .await;
    server.state.db.bump_stats_generation().await.unwrap();
}

#[tokio::test]
async fn dashboard_numbers_match_hand_computed_fixtures() {
    let server = TestServer::start().await;
    fixtures(&server).await;

    let stats: CommuneStats = server.get_json("/api/v1/stats?commune=11560").await;
    let t = stats.totals;
    assert_eq!(
        (
            t.received,
            t.done,
            t.rejected,
            t.open,
            t.closed_on_time,
            t.closed_late
        ),
        (6, 3, 1, 2, 2, 1)
    );
    assert_eq!(t.on_time_rate(), Some(2.0 / 3.0));
    let months: Vec<(&str, u64, u64)> = stats
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.received, m.done))
        .collect();
    assert_eq!(months, [("2026-03", 3, 2), ("2026-04", 3, 1)]);
    assert_eq!(stats.procedures.len(), 1);
    let p = &stats.procedures[0];
    assert_eq!(
        (p.procedure.as_str(), p.closed, p.on_time),
        ("1.001193", 3, 1)
    );
    assert!((p.avg_days - 7.0 / 3.0).abs() < 1e-9, "{}", p.avg_days);
    assert_eq!(p.legal_days, Some(1));
    assert_eq!(
        p.name.vi, "Thủ tục đăng ký khai sinh",
        "the catalog's current name"
    );
    assert_eq!(stats.satisfaction.total, 0);
    assert_eq!(
        stats.letters,
        Some(Default::default()),
        "counted, none issued here"
    );

    let all: StatsOverview = server.get_json("/api/v1/stats").await;
    assert_eq!(all.totals.received, 7);
    assert_eq!(all.totals.open, 3);
    let codes: Vec<&str> = all.communes.iter().map(|c| c.commune.as_str()).collect();
    assert_eq!(codes, [OTHER, COMMUNE], "by code");
    assert_eq!(all.communes[0].totals.received, 1);
    assert_eq!(all.communes[1].name, "Phường Thủy Nguyên");
    assert_eq!(
        all.months.iter().map(|m| m.received).collect::<Vec<_>>(),
        [3, 4]
    );

    assert_eq!(
        server.get_error("/api/v1/stats?commune=99999", 404).await,
        "not_found"
    );
    assert_eq!(
        server.get_error("/api/v1/stats?commune=abc", 404).await,
        "not_found"
    );
    assert_eq!(
        server.get_error("/api/v1/stats?format=xml", 400).await,
        "bad_request"
    );
}

#[tokio::test]
async fn ratings_and_replies_reach_the_dashboard_through_the_cache() {
    let server = TestServer::start().await;
    let code = CommuneCode::parse(COMMUNE).unwrap();
    let mut office = server
        .state
        .db
        .commune(&code)
        .await
        .unwrap()
        .unwrap()
        .office;
    for (id, name) in [("cb-01", "Nguyễn Văn An"), ("cb-02", "Lê Thị Bích")] {
        office.staff.push(StaffMember {
            id: id.into(),
            name: name.into(),
            role: Default::default(),
            phone: "0225 3000 000".into(),
            desk: None,
        });
    }
    server.state.db.update_office(&code, &office).await.unwrap();

    let before: CommuneStats = server.get_json("/api/v1/stats?commune=11560").await;
    let again: CommuneStats = server.get_json("/api/v1/stats?commune=11560").await;
    assert_eq!(
        again.generation, before.generation,
        "no write, same cached numbers"
    );

    // Office: 3, 3, 1. Official cb-01 from name-tag QRs: 3 ×4, 2 ×1 (five: ranked). cb-02: 1.
    let mut n = 0;
    let mut next = |target: RatingTarget, level: u8| {
        n += 1;
        rating(n, COMMUNE, target, level)
    };
    let office_levels = [3, 3, 1];
    for level in office_levels {
        rate_ok(&server, &next(RatingTarget::Office, level)).await;
    }
    for level in [3, 3, 3, 3, 2] {
        let qr = RatingTarget::Official {
            official: "cb-01".into(),
        };
        rate_ok(&server, &next(qr, level)).await;
    }
    let mut named = next(RatingTarget::Office, 2);
    named.official = Some("cb-02".into());
    rate_ok(&server, &named).await;
    let mut nobody = next(RatingTarget::Office, 2);
    nobody.official = Some("cb-99".into());
    let body: ValidationErrorBody = rate(&server, &nobody).await.json().await.unwrap();
    assert_eq!(body.fields[0].code, "unknown_official");

    let stats: CommuneStats = server.get_json("/api/v1/stats?commune=11560").await;
    assert!(stats.generation > before.generation);
    let counts: Vec<u64> = stats.satisfaction.levels.iter().map(|l| l.count).collect();
    assert_eq!(counts, [6, 2, 1]); // levels 3, 2, 1 over all nine ratings
    let officials: Vec<(&str, &str, Option<u32>, u64)> = stats
        .officials
        .iter()
        .map(|o| {
            (
                o.official.as_str(),
                o.name.as_str(),
                o.rank,
                o.satisfaction.total,
            )
        })
        .collect();
    assert_eq!(
        officials,
        [
            ("cb-01", "Nguyễn Văn An", Some(1), 5),
            ("cb-02", "Lê Thị Bích", None, 1)
        ]
    );
    assert_eq!((stats.feedback.negative, stats.feedback.answered), (1, 0));

    // The negative one waits in the staff inbox with its age; a reply answers it.
    let now = Now::read();
    let waiting = server
        .state
        .db
        .unanswered_negative(&code, now)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].level, waiting[0].age_hours), (1, 0));
    let later = Now {
        unix_ms: now.unix_ms + 5 * 3_600_000,
    };
    assert_eq!(
        server
            .state
            .db
            .unanswered_negative(&code, later)
            .await
            .unwrap()[0]
            .age_hours,
        5
    );
    assert!(server
        .state
        .db
        .reply_to_rating(waiting[0].id, "<b>Xin lỗi</b> anh/chị", "cb-01", later)
        .await
        .unwrap());
    assert!(!server
        .state
        .db
        .reply_to_rating(999_999, "x", "cb-01", later)
        .await
        .unwrap());
    assert!(server
        .state
        .db
        .unanswered_negative(&code, later)
        .await
        .unwrap()
        .is_empty());
    let stored = server
        .state
        .db
        .rating(waiting[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.reply.as_deref(), Some("Xin lỗi anh/chị"));

    let stats: CommuneStats = server.get_json("/api/v1/stats?commune=11560").await;
    assert_eq!((stats.feedback.negative, stats.feedback.answered), (1, 1));
    let hours = stats.feedback.avg_response_hours.unwrap();
    assert!((4.99..=5.01).contains(&hours), "{hours}");
    let all: StatsOverview = server.get_json("/api/v1/stats").await;
    assert_eq!(all.communes[0].satisfaction.total, 9);
    assert_eq!(all.communes[0].feedback.answered, 1);
}

#[tokio::test]
async fn one_rating_per_receipt_with_its_secret_once_done() {
    let server = TestServer::start().await;
    let accepted = submitted(&server, 1).await;
    let receipt = accepted.receipt.clone();
    let target = |secret: &str| RatingTarget::Receipt {
        receipt: receipt.clone(),
        tracking_secret: secret.to_owned(),
    };
    let secret = accepted.tracking_secret.to_string();
    let mut body = rating(1, COMMUNE, target(&secret), 1);
    body.comment = "<script>alert('x')</script>Chờ <b>lâu</b> quá".into();

    // Not finished yet.
    let not_yet: ValidationErrorBody = {
        let r = rate(&server, &body).await;
        assert_eq!(r.status(), 422);
        r.json().await.unwrap()
    };
    assert_eq!(not_yet.fields[0].code, "not_finished");
    let db = &server.state.db;
    db.set_status(&receipt, &SubmissionStatus::Done, None, Now::read())
        .await
        .unwrap();

    // Wrong secret and unknown receipt: the same 404 as tracking.
    let wrong = rating(2, COMMUNE, target("not-the-secret-at-all"), 1);
    assert_eq!(
        error(rate(&server, &wrong).await, 404).await.error.code,
        "not_found"
    );
    let unknown = rating(
        3,
        COMMUNE,
        RatingTarget::Receipt {
            receipt: ReceiptCode::parse("11560-AAAAAA").unwrap(),
            tracking_secret: secret.clone(),
        },
        1,
    );
    assert_eq!(
        error(rate(&server, &unknown).await, 404).await.error.code,
        "not_found"
    );

    let first = rate_ok(&server, &body).await;
    assert_eq!(
        first.comment, "alert('x')Chờ lâu quá",
        "markup stripped, text kept"
    );
    // A replay (same key and body) is the same answer; same key, other body: conflict.
    let replay = rate(&server, &body).await;
    assert_eq!(header(&replay, "idempotent-replayed"), "true");
    assert_eq!(replay.json::<RatingAccepted>().await.unwrap(), first);
    let mut changed = body.clone();
    changed.level = 3;
    assert_eq!(
        error(rate(&server, &changed).await, 409).await.error.code,
        "idempotency_conflict"
    );
    // Another key for the same receipt: already rated.
    let second = rating(4, COMMUNE, target(&secret), 3);
    let refused = error(rate(&server, &second).await, 409).await;
    assert_eq!(refused.error.code, "already_rated");
    assert!(refused.error.message.contains("đã được đánh giá"));

    // The tracking view shows the rating, then the reply, as plain text.
    let view: TrackingView = server
        .track(receipt.as_str(), Some(&secret))
        .await
        .json()
        .await
        .unwrap();
    let shown = view.rating.expect("rating on the tracking view");
    assert_eq!(
        (shown.level, shown.label.vi.as_str()),
        (1, "Không hài lòng")
    );
    assert_eq!(shown.comment, "alert('x')Chờ lâu quá");
    assert_eq!(shown.reply, None);
    db.reply_to_rating(
        first.id,
        "Chúng tôi xin lỗi <i>vì</i> sự chậm trễ",
        "cb",
        Now::read(),
    )
    .await
    .unwrap();
    let view: TrackingView = server
        .track(receipt.as_str(), Some(&secret))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        view.rating.unwrap().reply.unwrap().text,
        "Chúng tôi xin lỗi vì sự chậm trễ"
    );
}

#[tokio::test]
async fn bad_ratings_are_refused_clearly() {
    let server = TestServer::start().await;
    let mut long = rating(1, COMMUNE, RatingTarget::Office, 2);
    long.comment = "ồ".repeat(1_001);
    let r = rate(&server, &long).await;
    assert_eq!(r.status(), 422);
    let body: ValidationErrorBody = r.json().await.unwrap();
    assert_eq!(body.fields[0].code, "comment_too_long");
    assert!(body.fields[0].message.vi.contains("1000"));

    let mut huge = rating(2, COMMUNE, RatingTarget::Office, 2);
    huge.comment = "x".repeat(40_000);
    assert_eq!(
        error(rate(&server, &huge).await, 413).await.error.code,
        "too_large"
    );

    let off_scale = rating(3, COMMUNE, RatingTarget::Office, 7);
    let r = rate(&server, &off_scale).await;
    assert_eq!(r.status(), 422);
    let body: ValidationErrorBody = r.json().await.unwrap();
    assert_eq!(body.fields[0].code, "unknown_level");

    let nowhere = rating(4, "99999", RatingTarget::Office, 2);
    assert_eq!(
        error(rate(&server, &nowhere).await, 404).await.error.code,
        "not_found"
    );

    // Header and body keys must agree.
    let body = rating(5, COMMUNE, RatingTarget::Office, 2);
    let r = server
        .client
        .post(server.url("/api/v1/ratings"))
        .header("idempotency-key", "d-some-other-key-000000")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(error(r, 400).await.error.code, "bad_request");

    let scale: motcua_domain::feedback::RatingScale = server.get_json("/api/v1/rating-scale").await;
    assert_eq!(scale.id, "national3");
}

#[tokio::test]
async fn anonymous_ratings_are_limited_per_device_and_address_across_restarts() {
    let server = TestServer::start().await;
    let mut n = 0;
    let mut from = |device: &str| {
        n += 1;
        let mut r = rating(n, COMMUNE, RatingTarget::Office, 3);
        r.device = Some(device.to_owned());
        r
    };
    for _ in 0..DEVICE_LIMIT {
        rate_ok(&server, &from("phone-aaaaaaaa")).await;
    }
    let refused = rate(&server, &from("phone-aaaaaaaa")).await;
    let retry: u64 = header(&refused, "retry-after").parse().unwrap();
    assert!((86_000..=86_400).contains(&retry), "{retry}");
    let body = error(refused, 429).await;
    assert_eq!(body.error.code, "rate_limited");
    assert!(body.error.message.contains("24 giờ"));

    // The limit lives in the database: a restarted (or another) instance keeps it.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    assert_eq!(rate(&server, &from("phone-aaaaaaaa")).await.status(), 429);

    // Other devices on the same address, up to the address limit.
    let mut accepted = DEVICE_LIMIT;
    let mut i = 0;
    while accepted < ADDRESS_LIMIT {
        i += 1;
        rate_ok(&server, &from(&format!("phone-{i:08}"))).await;
        accepted += 1;
    }
    let refused = rate(&server, &from("phone-fresh-000001")).await;
    assert!(header(&refused, "retry-after").parse::<u64>().unwrap() <= 3_600);
    assert!(error(refused, 429).await.error.message.contains("mạng này"));
}

#[tokio::test]
async fn csv_and_json_carry_the_same_numbers() {
    let server = TestServer::start().await;
    fixtures(&server).await;
    let r = server.get("/api/v1/stats?commune=11560&format=csv").await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-type"), "text/csv; charset=utf-8");
    assert!(header(&r, "content-disposition").contains("motcua-stats-11560.csv"));
    let csv = r.text().await.unwrap();
    assert_eq!(csv.lines().next(), Some(CSV_HEADER));
    for line in [
        "totals,11560,,,received,6",
        "totals,11560,,,closed_late,1",
        "totals,11560,,,on_time_rate,0.6667",
        "month,11560,2026-03,,done,2",
        "procedure,11560,1.001193,Thủ tục đăng ký khai sinh,avg_days,2.33",
        "procedure,11560,1.001193,Thủ tục đăng ký khai sinh,legal_days,1",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in\n{csv}");
    }
    let by_accept = server
        .get_with("/api/v1/stats", "accept", "text/csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(by_accept.lines().any(|l| l == "totals,all,,,received,7"));
    assert!(by_accept.lines().any(|l| l == "totals,11542,,,open,1"));
    let json = server.get("/api/v1/stats?format=json").await;
    assert_json_content_type(&json);
}
