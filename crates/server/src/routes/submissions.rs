//! `POST /api/v1/submissions` (exactly once per `Idempotency-Key`) and
//! `GET /api/v1/submissions/{receipt}` (with `X-Tracking-Secret`).
//!
//! Exactly-once, step by step:
//!
//! 1. the key is looked up; a known key with the same request hash replays the stored answer
//!    (201, byte-identical body), with another hash answers 409 `idempotency_conflict`;
//! 2. the request is validated (catalog, form, attachments) with the server's date in Vietnam;
//! 3. the row is inserted; the UNIQUE constraints on key and draft make a concurrent duplicate
//!    fail, and the loser goes back to step 1 against the winner's row.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::forms::validate_submission;
use motcua_domain::{
    ApiErrorBody, FieldError, IdempotencyKey, Localized, NewSubmission, ReceiptCode,
    SubmissionAccepted, SubmissionStatus, TrackingSecret, TrackingView, ValidationErrorBody,
    ValidationErrors,
};
use sha2::{Digest, Sha256};

use crate::calendar::add_working_days_with;
use crate::clock::Now;
use crate::db::{Inserted, StoredSubmission, SubmissionRow};
use crate::error::{ApiJson, AppError};
use crate::secrets::{secret_hash, secret_matches};
use crate::AppState;

/// The request header carrying the idempotency key.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The request header carrying the tracking secret.
pub const TRACKING_SECRET: &str = "x-tracking-secret";
/// Set to `true` on an answer replayed from an earlier request with the same key.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// How many receipt codes are tried before giving up (a collision is a one-in-millions event).
const RECEIPT_ATTEMPTS: usize = 8;

/// SHA-256 of the canonical JSON of a parsed request: fields in declaration order, answers
/// sorted by field id (a `BTreeMap`), attachments in the order sent, no insignificant spaces.
/// Two bodies that differ only in spacing, key order or defaults hash the same.
pub fn request_hash(body: &NewSubmission) -> String {
    let canonical = serde_json::to_vec(body).unwrap_or_default();
    hex::encode(Sha256::digest(&canonical))
}

pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<IdempotencyKey, AppError> {
    let value = headers.get(IDEMPOTENCY_KEY).ok_or_else(|| {
        AppError::bad_request(
            "Thiếu tiêu đề Idempotency-Key / The Idempotency-Key header is missing",
        )
    })?;
    value
        .to_str()
        .ok()
        .and_then(|v| IdempotencyKey::parse(v).ok())
        .ok_or_else(|| {
            AppError::bad_request(
                "Idempotency-Key phải gồm 16–128 ký tự A-Z a-z 0-9 _ - / \
                 Idempotency-Key must be 16–128 characters of A-Z a-z 0-9 _ -",
            )
        })
}

fn conflict() -> AppError {
    AppError::Conflict {
        code: "idempotency_conflict",
        message: "Khóa Idempotency-Key này đã dùng cho một hồ sơ khác / \
                  This Idempotency-Key was already used for a different submission"
            .to_owned(),
    }
}

fn draft_conflict() -> AppError {
    AppError::Conflict {
        code: "draft_already_submitted",
        message: "Bản nháp này đã được nộp / This draft has already been submitted".to_owned(),
    }
}

/// The answer for a stored submission, identical to the one given when it was created.
fn accepted(state: &AppState, stored: &StoredSubmission) -> Result<SubmissionAccepted, AppError> {
    let secret = state.tracking_key.secret_for(&stored.receipt);
    if !secret_matches(secret.as_str(), &stored.tracking_secret_hash) {
        // The tracking key file was replaced: the original secret cannot be given back.
        return Err(AppError::Internal(anyhow::anyhow!(
            "tracking key does not derive the stored secret of {}",
            stored.receipt
        )));
    }
    Ok(SubmissionAccepted {
        receipt: stored.receipt.clone(),
        tracking_secret: secret,
        received_at: stored.received_at.clone(),
        due_date: stored.due_date.clone(),
        // Every submission is accepted as received; later changes show in tracking only.
        status: SubmissionStatus::Received,
    })
}

fn created(answer: &SubmissionAccepted, replayed: bool) -> Response {
    let mut response = (StatusCode::CREATED, Json(answer)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}

/// Replays the stored answer when the request is the same, else 409.
fn replay(state: &AppState, stored: &StoredSubmission, hash: &str) -> Result<Response, AppError> {
    if stored.request_hash != hash {
        return Err(conflict());
    }
    Ok(created(&accepted(state, stored)?, true))
}

/// Checks the request against the catalog, the form and the stored attachments.
async fn validate(
    state: &AppState,
    body: &NewSubmission,
    now: Now,
) -> Result<motcua_domain::Procedure, AppError> {
    let procedure = match state
        .db
        .procedure_in(&body.commune, &body.procedure)
        .await?
    {
        Ok(procedure) => procedure,
        Err(commune_exists) => {
            let error = if commune_exists {
                FieldError::new(
                    "procedure",
                    "unknown_procedure",
                    Localized::new(
                        "Thủ tục này không có ở xã/phường đã chọn",
                        "This procedure is not offered by the chosen commune",
                    ),
                )
            } else {
                FieldError::new(
                    "commune",
                    "unknown_commune",
                    Localized::new("Không có xã/phường này", "No such commune"),
                )
            };
            return Err(AppError::Validation(ValidationErrors {
                errors: vec![error],
            }));
        }
    };
    let mut errors = validate_submission(body, now.vietnam_date())
        .err()
        .unwrap_or_default();
    for attachment in &body.attachments {
        let stored = state.db.attachment(&attachment.sha256).await?;
        let on_disk = tokio::fs::metadata(state.blobs.path_of(&attachment.sha256))
            .await
            .ok()
            .map(|m| m.len());
        let problem = match stored {
            Some(s) if on_disk == Some(s.bytes) => (s.bytes != attachment.bytes
                || s.content_type != attachment.content_type)
                .then_some((
                    "attachment_mismatch",
                    Localized::new(
                        "Ảnh đã gửi không khớp, vui lòng thêm lại ảnh",
                        "The uploaded photo does not match, please add it again",
                    ),
                )),
            _ => Some((
                "attachment_missing",
                Localized::new(
                    "Máy chủ chưa nhận được ảnh này, vui lòng gửi lại",
                    "The server has not received this photo, please send it again",
                ),
            )),
        };
        if let Some((code, message)) = problem {
            errors.push(FieldError::new(attachment.field.clone(), code, message));
        }
    }
    if errors.is_empty() {
        Ok(procedure)
    } else {
        Err(AppError::Validation(errors))
    }
}

fn random_u64() -> Result<u64, AppError> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).map_err(|err| AppError::Internal(anyhow::anyhow!(err)))?;
    Ok(u64::from_le_bytes(bytes))
}

/// Accepts a submission exactly once per idempotency key (see the module docs).
#[utoipa::path(
    post,
    path = "/api/v1/submissions",
    operation_id = "createSubmission",
    tag = "submissions",
    request_body(content = NewSubmission, description = "The submission; at most 256 KB. \
        Attachments must have been uploaded first."),
    params(
        ("Idempotency-Key" = IdempotencyKey, Header,
            description = "The draft's key (`d-{draft_id}`): a retry with the same key and body \
                gets the same answer"),
    ),
    responses(
        (status = 201, description = "Accepted (also when replayed for the same key and body)",
            body = SubmissionAccepted, headers(
                ("Idempotent-Replayed" = String, description = "`true` on a replayed answer"),
            )),
        (status = 400, description = "`bad_request`: `Idempotency-Key` missing or malformed, or \
            the body is not a submission", body = ApiErrorBody),
        (status = 409, description = "`idempotency_conflict` (the key was used with another body) \
            or `draft_already_submitted` (the draft was submitted with another key)",
            body = ApiErrorBody),
        (status = 413, description = "`too_large`: the body is over 256 KB", body = ApiErrorBody),
        (status = 422, description = "`validation`: unknown commune or procedure, invalid \
            answers, attachments missing or not matching", body = ValidationErrorBody),
        (status = 429, description = "`rate_limited`: too many POSTs from this address",
            body = ApiErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<NewSubmission>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&headers)?;
    let hash = request_hash(&body);
    if let Some(stored) = state.db.submission_by_key(key.as_str()).await? {
        return replay(&state, &stored, &hash);
    }

    let now = Now::read();
    let procedure = validate(&state, &body, now).await?;
    if let Some(stored) = state.db.submission_by_draft(body.draft_id.as_str()).await? {
        // A concurrent request with our key may have won since the first look.
        if stored.idempotency_key == key.as_str() {
            return replay(&state, &stored, &hash);
        }
        return Err(draft_conflict());
    }

    let received_at = now.rfc3339();
    let received_on = now.vietnam_date().to_string();
    // Announced swaps (staff amend the calendar) count as well as the rules.
    let amendments = state.db.calendar_amendments().await?;
    let due_date = procedure
        .processing_days
        .map(|days| add_working_days_with(now.vietnam_date(), days, &amendments).to_string());
    let status = SubmissionStatus::Received;
    for _ in 0..RECEIPT_ATTEMPTS {
        let receipt = ReceiptCode::generate(&body.commune, random_u64()?);
        let secret = state.tracking_key.secret_for(&receipt);
        let secret_hash = secret_hash(secret.as_str());
        let row = SubmissionRow {
            receipt: &receipt,
            draft_id: body.draft_id.as_str(),
            idempotency_key: key.as_str(),
            request_hash: &hash,
            commune: &body.commune,
            procedure: &body.procedure,
            procedure_name: &procedure.name,
            form_version: body.form_version,
            answers: &body.answers,
            attachments: &body.attachments,
            tracking_secret_hash: &secret_hash,
            received_at: &received_at,
            received_on: &received_on,
            due_date: due_date.as_deref(),
            status: &status,
        };
        match state.db.insert_submission(&row).await? {
            Inserted::Created => {
                tracing::info!(%receipt, procedure = %body.procedure, "submission received");
                let answer = SubmissionAccepted {
                    receipt,
                    tracking_secret: secret,
                    received_at,
                    due_date,
                    status,
                };
                return Ok(created(&answer, false));
            }
            Inserted::Duplicate => {
                // Lost a race: replay the winner (same key) or refuse (same draft, other key).
                if let Some(stored) = state.db.submission_by_key(key.as_str()).await? {
                    return replay(&state, &stored, &hash);
                }
                if state
                    .db
                    .submission_by_draft(body.draft_id.as_str())
                    .await?
                    .is_some()
                {
                    return Err(draft_conflict());
                }
                tracing::warn!(%receipt, "receipt code collision, drawing another");
            }
        }
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "no free receipt code after {RECEIPT_ATTEMPTS} attempts"
    )))
}

/// The one answer for an unknown receipt, a wrong secret or a missing secret.
fn not_found() -> AppError {
    AppError::not_found(
        "Không tìm thấy hồ sơ với mã biên nhận và mã theo dõi này / \
         No submission matches this receipt code and tracking secret",
    )
}

/// A submission's status for whoever holds its tracking secret; 404 otherwise.
#[utoipa::path(
    get,
    path = "/api/v1/submissions/{receipt}",
    operation_id = "trackSubmission",
    tag = "submissions",
    params(
        ("receipt" = ReceiptCode, Path, description = "The receipt code (case, spaces and dashes \
            are forgiven)"),
        ("X-Tracking-Secret" = TrackingSecret, Header,
            description = "The tracking secret handed out with the receipt"),
    ),
    responses(
        (status = 200, description = "The submission's status, with its rating once rated",
            body = TrackingView),
        (status = 400, description = "`bad_request`: the path is not valid UTF-8",
            body = ApiErrorBody),
        (status = 404, description = "`not_found`: unknown receipt, wrong or missing secret (the \
            same answer for each)", body = ApiErrorBody),
    )
)]
pub(super) async fn track(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    headers: HeaderMap,
) -> Result<Json<TrackingView>, AppError> {
    let presented = headers
        .get(TRACKING_SECRET)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let stored = match ReceiptCode::parse(&receipt) {
        Ok(receipt) => state.db.submission(&receipt).await?,
        Err(_) => None,
    };
    // Hash and compare even when there is nothing to compare with, so timing tells nothing.
    let expected = stored
        .as_ref()
        .map_or(UNKNOWN_HASH, |s| s.tracking_secret_hash.as_str());
    let matches = secret_matches(presented, expected);
    let Some(stored) = stored.filter(|_| matches && !presented.is_empty()) else {
        return Err(not_found());
    };
    let rating = super::ratings::rating_view(&state, &stored.receipt).await?;
    Ok(Json(TrackingView {
        receipt: stored.receipt,
        procedure: stored.procedure,
        procedure_name: stored.procedure_name,
        commune: stored.commune,
        status: stored.status,
        received_at: stored.received_at,
        updated_at: stored.updated_at,
        due_date: stored.due_date,
        rating,
    }))
}

/// A hash no secret has (not hex), compared against when the receipt is unknown.
const UNKNOWN_HASH: &str = "----------------------------------------------------------------";
