//! Attachments, exactly-once submissions and tracking, over real HTTP.

pub mod common;

use common::submit::{birth, jpeg, reference, sha256, today, BIRTH, COMMUNE};
use common::{assert_json_content_type, header, TestServer};
use motcua_domain::submission::MAX_ATTACHMENT_BYTES;
use motcua_domain::{
    ApiErrorBody, AttachmentUploaded, ProcedureCode, ReceiptCode, SubmissionAccepted,
    SubmissionStatus, TrackingView, ValidationErrorBody,
};
use motcua_server::blobs::hash_file;
use motcua_server::calendar::add_working_days;
use motcua_server::clock::Now;

const KEY: &str = "d-draft-0000000000000001";
const DRAFT: &str = "draft-0000000000000001";

async fn error_code(response: reqwest::Response, status: u16) -> ApiErrorBody {
    assert_eq!(response.status(), status);
    assert_json_content_type(&response);
    let body: ApiErrorBody = response.json().await.expect("JSON error body");
    assert!(body.error.message.contains(" / "), "{}", body.error.message);
    body
}

/// Uploads one birth-certificate photo and returns a valid submission using it.
async fn valid_birth(server: &TestServer, draft: &str, seed: u64) -> motcua_domain::NewSubmission {
    let photo = server.upload_ok(jpeg(seed, 50_000)).await;
    birth(draft, vec![reference(&photo, "birth_certificate_photo")])
}

#[tokio::test]
async fn attachments_round_trip_idempotently() {
    let server = TestServer::start().await;
    let bytes = jpeg(1, 300_000);
    let sum = sha256(&bytes);

    let first = server.upload(bytes.clone(), Some(sum.as_str())).await;
    assert_eq!(first.status(), 201);
    let uploaded: AttachmentUploaded = first.json().await.unwrap();
    assert_eq!(uploaded.sha256, sum);
    assert_eq!(uploaded.bytes, 300_000);
    assert_eq!(uploaded.content_type, "image/jpeg");
    // Stored content-addressed, and the stored bytes hash to the hash.
    let path = server.state.blobs.path_of(&sum);
    assert!(path.starts_with(
        server
            .dir()
            .join("data/attachments")
            .join(&sum.as_str()[..2])
    ));
    assert_eq!(hash_file(&path).await.unwrap(), sum);
    assert_eq!(server.state.blobs.read(&sum).await.unwrap(), bytes);

    let again = server.upload(bytes, None).await;
    assert_eq!(again.status(), 200, "re-upload is idempotent");
    assert_eq!(again.json::<AttachmentUploaded>().await.unwrap(), uploaded);
    let tmp = server.dir().join("data/attachments/tmp");
    assert_eq!(
        std::fs::read_dir(tmp).unwrap().count(),
        0,
        "no temp files left"
    );

    // The client's Content-Type is advisory: a PNG sent as "image/jpeg" is stored as PNG.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[7; 100]);
    let response = server.upload(png, None).await;
    assert_eq!(response.status(), 201);
    let png: AttachmentUploaded = response.json().await.unwrap();
    assert_eq!(png.content_type, "image/png");
}

#[tokio::test]
async fn an_11_mb_upload_is_a_json_413() {
    let server = TestServer::start().await;
    let big = jpeg(2, 11 * 1024 * 1024);
    let body = error_code(server.upload(big, None).await, 413).await;
    assert_eq!(body.error.code, "too_large");
    assert!(
        body.error.message.contains("10 MB"),
        "{}",
        body.error.message
    );
    // Exactly the limit is fine.
    let limit = usize::try_from(MAX_ATTACHMENT_BYTES).unwrap();
    let response = server.upload(jpeg(3, limit), None).await;
    assert_eq!(response.status(), 201);
    let tmp = server.dir().join("data/attachments/tmp");
    assert_eq!(std::fs::read_dir(tmp).unwrap().count(), 0);
}

#[tokio::test]
async fn a_text_file_is_a_json_415_and_a_bad_checksum_a_json_400() {
    let server = TestServer::start().await;
    let text = b"just some text, not a photo".to_vec();
    let body = error_code(server.upload(text, None).await, 415).await;
    assert_eq!(body.error.code, "unsupported_type");

    let bytes = jpeg(4, 1000);
    let wrong = sha256(b"something else");
    let body = error_code(
        server.upload(bytes.clone(), Some(wrong.as_str())).await,
        400,
    )
    .await;
    assert_eq!(body.error.code, "checksum_mismatch");
    assert!(server
        .state
        .db
        .attachment(&sha256(&bytes))
        .await
        .unwrap()
        .is_none());
    let body = error_code(server.upload(bytes, Some("not-hex")).await, 400).await;
    assert_eq!(body.error.code, "bad_request");
    let body = error_code(server.upload(Vec::new(), None).await, 400).await;
    assert_eq!(body.error.code, "bad_request");
}

#[tokio::test]
async fn a_birth_registration_is_accepted_and_tracked() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 10).await;
    let response = server.submit(KEY, &submission).await;
    assert_eq!(response.status(), 201);
    assert_json_content_type(&response);
    let accepted: SubmissionAccepted = response.json().await.unwrap();
    assert!(accepted.receipt.as_str().starts_with("11560-"));
    assert_eq!(accepted.status, SubmissionStatus::Received);
    assert!(accepted.received_at.ends_with('Z') && accepted.received_at.len() == 20);
    // 1.001193 takes 1 working day, counted from the receive date in Vietnam.
    let due = add_working_days(today(), 1).to_string();
    assert_eq!(accepted.due_date.as_deref(), Some(due.as_str()));

    let stored = server
        .state
        .db
        .submission(&accepted.receipt)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(
        stored.tracking_secret_hash,
        accepted.tracking_secret.as_str()
    );
    assert!(!stored
        .tracking_secret_hash
        .contains(accepted.tracking_secret.as_str()));
    assert_eq!(stored.attachments, submission.attachments);

    let response = server
        .track(
            accepted.receipt.as_str(),
            Some(accepted.tracking_secret.as_str()),
        )
        .await;
    assert_eq!(response.status(), 200);
    let view: TrackingView = response.json().await.unwrap();
    assert_eq!(view.receipt, accepted.receipt);
    assert_eq!(view.procedure.as_str(), BIRTH);
    assert_eq!(view.commune.as_str(), COMMUNE);
    assert!(view.procedure_name.vi.to_lowercase().contains("khai sinh"));
    assert_eq!(view.status, SubmissionStatus::Received);
    assert_eq!(view.received_at, accepted.received_at);
    assert_eq!(view.updated_at, accepted.received_at);
    assert_eq!(view.due_date, accepted.due_date);
    // Receipt codes are read loosely (lowercase, spaces).
    let loose = accepted.receipt.as_str().to_lowercase().replace('-', " ");
    let response = server
        .track(
            &loose.replace(' ', "%20"),
            Some(accepted.tracking_secret.as_str()),
        )
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_replay_answers_the_identical_body_and_stores_one_row() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 11).await;
    let first = server.submit(KEY, &submission).await;
    assert_eq!(first.status(), 201);
    assert_eq!(header(&first, "idempotent-replayed"), "");
    let first = first.bytes().await.unwrap();

    let replay = server.submit(KEY, &submission).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(header(&replay, "idempotent-replayed"), "true");
    assert_eq!(replay.bytes().await.unwrap(), first, "byte-identical");

    // The same submission written differently (spacing, key order) is the same request.
    let mut value: serde_json::Value = serde_json::to_value(&submission).unwrap();
    let answers = value["answers"].take();
    let mut reordered = serde_json::Map::new();
    reordered.insert("answers".into(), answers);
    for (k, v) in value.as_object().unwrap() {
        if k != "answers" {
            reordered.insert(k.clone(), v.clone());
        }
    }
    let pretty = serde_json::to_vec_pretty(&reordered).unwrap();
    let replay = server.post_raw(Some(KEY), pretty).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.bytes().await.unwrap(), first);
    assert_eq!(server.state.db.submission_count().await.unwrap(), 1);

    // A restart (same database and data directory) still replays the same body.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let replay = server.submit(KEY, &submission).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.bytes().await.unwrap(), first);
    assert_eq!(server.state.db.submission_count().await.unwrap(), 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_409() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 12).await;
    assert_eq!(server.submit(KEY, &submission).await.status(), 201);
    let mut changed = submission.clone();
    changed
        .answers
        .insert("child_name".into(), "Nguyễn Văn Bình".into());
    let body = error_code(server.submit(KEY, &changed).await, 409).await;
    assert_eq!(body.error.code, "idempotency_conflict");

    // The same draft under another key is refused too.
    let body = error_code(
        server.submit("another-key-0000000001", &submission).await,
        409,
    )
    .await;
    assert_eq!(body.error.code, "draft_already_submitted");
    assert_eq!(server.state.db.submission_count().await.unwrap(), 1);
}

#[tokio::test]
async fn fifty_concurrent_posts_with_one_key_make_one_submission() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 13).await;
    let body = serde_json::to_vec(&submission).unwrap();
    let requests = (0..50).map(|_| server.post_raw(Some(KEY), body.clone()));
    let responses = futures::future::join_all(requests).await;
    let mut bodies = Vec::new();
    for response in responses {
        assert_eq!(response.status(), 201);
        bodies.push(response.bytes().await.unwrap());
    }
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "all 50 answers identical"
    );
    assert_eq!(server.state.db.submission_count().await.unwrap(), 1);
    let accepted: SubmissionAccepted = serde_json::from_slice(&bodies[0]).unwrap();
    let events = server
        .state
        .db
        .submission_events(&accepted.receipt)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
}

#[tokio::test]
async fn keys_and_bodies_are_checked_with_json_errors() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 14).await;
    let json = serde_json::to_vec(&submission).unwrap();

    let body = error_code(server.post_raw(None, json.clone()).await, 400).await;
    assert!(body.error.message.contains("Idempotency-Key"));
    let body = error_code(server.post_raw(Some("short"), json.clone()).await, 400).await;
    assert_eq!(body.error.code, "bad_request");
    let body = error_code(
        server.post_raw(Some("bad key with spaces!!"), json).await,
        400,
    )
    .await;
    assert_eq!(body.error.code, "bad_request");

    let body = error_code(
        server
            .post_raw(Some(KEY), b"{\"draft_id\": ".to_vec())
            .await,
        400,
    )
    .await;
    assert_eq!(body.error.code, "bad_request");
    let body = error_code(
        server
            .post_raw(Some(KEY), b"{\"draft_id\": \"x\"}".to_vec())
            .await,
        400,
    )
    .await;
    assert_eq!(body.error.code, "bad_request");

    // Over 256 KB: a JSON 413.
    let mut huge = submission.clone();
    huge.answers.insert("note".into(), "x".repeat(300 * 1024));
    let body = error_code(server.submit(KEY, &huge).await, 413).await;
    assert_eq!(body.error.code, "too_large");
    assert_eq!(server.state.db.submission_count().await.unwrap(), 0);
}

#[tokio::test]
async fn invalid_answers_are_a_422_on_the_right_fields() {
    let server = TestServer::start().await;
    let mut submission = valid_birth(&server, DRAFT, 15).await;
    submission.answers.remove("child_name");
    submission
        .answers
        .insert("requester_phone".into(), "12345".into());
    let tomorrow = add_working_days(today(), 7).to_string();
    submission
        .answers
        .insert("child_birth_date".into(), tomorrow);
    let response = server.submit(KEY, &submission).await;
    assert_eq!(response.status(), 422);
    assert_json_content_type(&response);
    let body: ValidationErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, "validation");
    let field = |id: &str| {
        body.fields
            .iter()
            .find(|f| f.field == id)
            .map(|f| f.code.as_str())
    };
    assert_eq!(field("child_name"), Some("required"));
    assert!(field("requester_phone").is_some(), "{:?}", body.fields);
    assert!(field("child_birth_date").is_some(), "{:?}", body.fields);
    assert_eq!(field("mother_name"), None);
    assert_eq!(server.state.db.submission_count().await.unwrap(), 0);

    // The key is not bound by a refusal: the corrected draft goes through with it.
    let fixed = valid_birth(&server, DRAFT, 15).await;
    assert_eq!(server.submit(KEY, &fixed).await.status(), 201);

    // Unknown procedure and a procedure without a form.
    let mut other = valid_birth(&server, "draft-0000000000000099", 16).await;
    other.procedure = ProcedureCode::parse("9.999999").unwrap();
    let body: ValidationErrorBody = server
        .submit("d-draft-0000000000000099", &other)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body.fields[0].field, "procedure");
    assert_eq!(body.fields[0].code, "unknown_procedure");
}

#[tokio::test]
async fn a_photo_never_uploaded_is_a_422_on_its_field() {
    let server = TestServer::start().await;
    let mut submission = valid_birth(&server, DRAFT, 17).await;
    let never = jpeg(18, 2000);
    submission.attachments[0].sha256 = sha256(&never);
    submission.attachments[0].bytes = 2000;
    let response = server.submit(KEY, &submission).await;
    assert_eq!(response.status(), 422);
    let body: ValidationErrorBody = response.json().await.unwrap();
    assert_eq!(body.fields.len(), 1, "{:?}", body.fields);
    assert_eq!(body.fields[0].field, "birth_certificate_photo");
    assert_eq!(body.fields[0].code, "attachment_missing");

    // Uploading it then retrying the same key succeeds.
    server.upload_ok(never).await;
    assert_eq!(server.submit(KEY, &submission).await.status(), 201);

    // A reference whose size does not match what was uploaded.
    let mut wrong = valid_birth(&server, "draft-0000000000000002", 19).await;
    wrong.attachments[0].bytes += 1;
    let body: ValidationErrorBody = server
        .submit("d-draft-0000000000000002", &wrong)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body.fields[0].field, "birth_certificate_photo");
    assert_eq!(body.fields[0].code, "attachment_mismatch");
}

#[tokio::test]
async fn a_wrong_secret_is_the_same_404_as_an_unknown_receipt() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 20).await;
    let accepted: SubmissionAccepted = server.submit(KEY, &submission).await.json().await.unwrap();
    let receipt = accepted.receipt.as_str();
    let other = if receipt.ends_with('2') {
        "11560-333333"
    } else {
        "11560-222222"
    };

    let mut answers = Vec::new();
    for (r, secret) in [
        (receipt, Some("wrong-secret-wrong-secret")),
        (receipt, None),
        (receipt, Some("")),
        (other, Some(accepted.tracking_secret.as_str())),
        ("not-a-receipt", Some(accepted.tracking_secret.as_str())),
    ] {
        let response = server.track(r, secret).await;
        assert_eq!(response.status(), 404, "{r} {secret:?}");
        assert_json_content_type(&response);
        answers.push(response.bytes().await.unwrap());
    }
    assert!(
        answers.iter().all(|a| *a == answers[0]),
        "indistinguishable 404s"
    );
}

#[tokio::test]
async fn a_status_change_shows_in_tracking() {
    let server = TestServer::start().await;
    let submission = valid_birth(&server, DRAFT, 21).await;
    let accepted: SubmissionAccepted = server.submit(KEY, &submission).await.json().await.unwrap();
    let secret = accepted.tracking_secret.as_str();
    let needs = SubmissionStatus::NeedsDocuments {
        note: "Bổ sung bản chụp giấy chứng sinh rõ hơn".into(),
    };
    // 2099-01-01T00:00:00Z
    let at = Now {
        unix_ms: 4_070_908_800_000,
    };
    assert!(server
        .state
        .db
        .set_status(&accepted.receipt, &needs, Some("gọi điện cho mẹ"), at)
        .await
        .unwrap());
    let unknown = ReceiptCode::parse("11560-222222").unwrap();
    assert!(!server
        .state
        .db
        .set_status(&unknown, &needs, None, at)
        .await
        .unwrap());

    let view: TrackingView = server
        .track(accepted.receipt.as_str(), Some(secret))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.status, needs);
    assert_eq!(view.updated_at, "2099-01-01T00:00:00Z");
    assert_eq!(view.received_at, accepted.received_at);
    let events = server
        .state
        .db
        .submission_events(&accepted.receipt)
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].1, SubmissionStatus::Received);
    assert_eq!(events[1].2.as_deref(), Some("gọi điện cho mẹ"));

    assert_eq!(
        state_columns(&server, &accepted.receipt).await,
        ("needs_documents".to_owned(), None, None)
    );
    let done_at = Now {
        unix_ms: 4_070_908_800_000 + 20 * 3_600_000, // 20:00 UTC = 03:00 next day in Vietnam
    };
    assert!(server
        .state
        .db
        .set_status(&accepted.receipt, &SubmissionStatus::Done, None, done_at)
        .await
        .unwrap());
    assert_eq!(
        state_columns(&server, &accepted.receipt).await,
        (
            "done".to_owned(),
            Some("2099-01-01T20:00:00Z".to_owned()),
            Some("2099-01-02".to_owned())
        )
    );

    // A replay still answers the original acceptance, not the current status.
    let replay: SubmissionAccepted = server.submit(KEY, &submission).await.json().await.unwrap();
    assert_eq!(replay, accepted);
}

/// The plain `state`, `closed_at` and `closed_on` columns of a submission, read with SQL.
async fn state_columns(
    server: &TestServer,
    receipt: &ReceiptCode,
) -> (String, Option<String>, Option<String>) {
    sqlx::query_as("SELECT state, closed_at, closed_on FROM submissions WHERE receipt = $1")
        .bind(receipt.as_str())
        .fetch_one(server.state.db.pool())
        .await
        .unwrap()
}
