//! `POST /api/v1/ratings` (exactly once per `Idempotency-Key`, one rating per receipt,
//! anonymous ratings limited per device and per address) and `GET /api/v1/rating-scale`.
//!
//! Steps: a known key replays its answer (or 409 `idempotency_conflict` for another body); the
//! target is checked (a receipt needs its tracking secret, else 404 exactly like tracking; it
//! must be closed and not yet rated, else 422 `not_finished` / 409 `already_rated`); anonymous
//! ratings are counted in the database over a window per device and per client address (429
//! `rate_limited` with `Retry-After`); the rating is validated (422) and inserted, its comment
//! cleaned to plain text first. The UNIQUE key and receipt columns settle races.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::feedback::{
    validate_rating, NewRating, RatingAccepted, RatingScale, RatingTarget, RatingView, StaffReply,
};
use motcua_domain::{ApiErrorBody, CommuneCode, IdempotencyKey, ReceiptCode, ValidationErrorBody};
use sha2::{Digest, Sha256};

use super::submissions::{idempotency_key, IDEMPOTENT_REPLAYED};
use crate::clock::Now;
use crate::db::{RatingInserted, RatingRow, StoredRating};
use crate::error::{ApiJson, AppError};
use crate::secrets::secret_matches;
use crate::AppState;

/// Anonymous ratings one device may send per [`DEVICE_WINDOW_MS`].
pub const DEVICE_LIMIT: u64 = 5;
/// The per-device window: 24 hours.
pub const DEVICE_WINDOW_MS: u64 = 24 * 3_600_000;
/// Anonymous ratings one client address may send per [`ADDRESS_WINDOW_MS`] (a commune office's
/// wifi is shared by everyone in the room).
pub const ADDRESS_LIMIT: u64 = 30;
/// The per-address window: 1 hour.
pub const ADDRESS_WINDOW_MS: u64 = 3_600_000;
/// Largest `POST /ratings` body: a 1,000-character comment in Vietnamese is about 3 KB.
pub const RATING_BODY_LIMIT: usize = 16 * 1024;

fn request_hash(body: &NewRating) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(body).unwrap_or_default()))
}

fn not_found() -> AppError {
    AppError::not_found(
        "Không tìm thấy hồ sơ với mã biên nhận và mã theo dõi này / \
         No submission matches this receipt code and tracking secret",
    )
}

fn already_rated() -> AppError {
    AppError::Conflict {
        code: "already_rated",
        message: "Hồ sơ này đã được đánh giá, mỗi hồ sơ chỉ đánh giá một lần / \
                  This submission has already been rated; each can be rated once"
            .to_owned(),
    }
}

fn created(accepted: &RatingAccepted, replayed: bool) -> Response {
    let mut response = (StatusCode::CREATED, Json(accepted)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}

fn replay(stored: &StoredRating, hash: &str) -> Result<Response, AppError> {
    if stored.request_hash == hash {
        Ok(created(&stored.accepted(), true))
    } else {
        Err(AppError::Conflict {
            code: "idempotency_conflict",
            message: "Khóa Idempotency-Key này đã dùng cho một đánh giá khác / \
                      This Idempotency-Key was already used for a different rating"
                .to_owned(),
        })
    }
}

/// A device id worth counting: 8–64 characters of `[A-Za-z0-9_-]`.
fn device_of(rating: &NewRating) -> Option<&str> {
    rating.device.as_deref().filter(|d| {
        (8..=64).contains(&d.len())
            && d.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

/// Refuses an anonymous rating over the device or address limit, with the wait.
async fn check_limits(
    state: &AppState,
    device: Option<&str>,
    addr: Option<&str>,
    now: Now,
) -> Result<(), AppError> {
    let since = now
        .unix_ms
        .saturating_sub(DEVICE_WINDOW_MS.max(ADDRESS_WINDOW_MS));
    let (by_device, _) = state
        .db
        .anonymous_ratings_since(device, None, since)
        .await?;
    let (_, by_addr) = state
        .db
        .anonymous_ratings_since(None, addr, now.unix_ms.saturating_sub(ADDRESS_WINDOW_MS))
        .await?;
    let wait = |oldest: Option<u64>, window: u64| {
        oldest.map_or(60, |o| {
            (o + window).saturating_sub(now.unix_ms).div_ceil(1000)
        })
    };
    if by_device.count >= DEVICE_LIMIT {
        return Err(AppError::RateLimited {
            message: format!(
                "Thiết bị này đã gửi {DEVICE_LIMIT} đánh giá trong 24 giờ qua; vui lòng thử lại sau / \
                 This device has sent {DEVICE_LIMIT} ratings in the last 24 hours; please try again later"
            ),
            retry_after_secs: wait(by_device.oldest_ms, DEVICE_WINDOW_MS),
        });
    }
    if by_addr.count >= ADDRESS_LIMIT {
        return Err(AppError::RateLimited {
            message: "Có quá nhiều đánh giá từ mạng này trong một giờ qua; vui lòng thử lại sau / \
                      Too many ratings came from this network in the last hour; please try again later"
                .to_owned(),
            retry_after_secs: wait(by_addr.oldest_ms, ADDRESS_WINDOW_MS),
        });
    }
    Ok(())
}

/// The rated submission, checked: it exists, the secret matches, it is closed, not yet rated.
async fn receipt_target(
    state: &AppState,
    receipt: &ReceiptCode,
    secret: &str,
) -> Result<CommuneCode, AppError> {
    let stored = state.db.submission(receipt).await?;
    let stored = stored
        .filter(|s| !secret.is_empty() && secret_matches(secret, &s.tracking_secret_hash))
        .ok_or_else(not_found)?;
    if !stored.status.is_closed() {
        return Err(AppError::Validation(motcua_domain::ValidationErrors {
            errors: vec![motcua_domain::FieldError::new(
                "level",
                "not_finished",
                motcua_domain::Localized::new(
                    "Bạn có thể đánh giá khi hồ sơ đã có kết quả",
                    "You can rate this application once it is finished",
                ),
            )],
        }));
    }
    if state.db.rating_for_receipt(receipt).await?.is_some() {
        return Err(already_rated());
    }
    Ok(stored.commune)
}

/// Accepts a rating exactly once per idempotency key (see the module docs).
#[utoipa::path(
    post,
    path = "/api/v1/ratings",
    operation_id = "createRating",
    tag = "feedback",
    request_body(content = NewRating, description = "The rating; at most 16 KB"),
    params(
        ("Idempotency-Key" = IdempotencyKey, Header,
            description = "Equal to the body's `key`: a retry gets the same answer"),
    ),
    responses(
        (status = 201, description = "Accepted (also when replayed for the same key and body)",
            body = RatingAccepted, headers(
                ("Idempotent-Replayed" = String, description = "`true` on a replayed answer"),
            )),
        (status = 400, description = "`bad_request`: `Idempotency-Key` missing, malformed or not \
            the body's `key`, or the body is not a rating", body = ApiErrorBody),
        (status = 404, description = "`not_found`: unknown receipt or wrong tracking secret, or \
            unknown commune", body = ApiErrorBody),
        (status = 409, description = "`already_rated` or `idempotency_conflict`",
            body = ApiErrorBody),
        (status = 413, description = "`too_large`: the body is over 16 KB", body = ApiErrorBody),
        (status = 422, description = "`validation`: level or criterion off the scale, unknown \
            official, comment over 1,000 characters, or the submission is not finished \
            (`not_finished`)", body = ValidationErrorBody),
        (status = 429, description = "`rate_limited`: too many anonymous ratings from this device \
            or network, or too many POSTs from this address", body = ApiErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(body): ApiJson<NewRating>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&parts.headers)?;
    if key != body.key {
        return Err(AppError::bad_request(
            "Idempotency-Key phải trùng với khóa trong nội dung / \
             The Idempotency-Key header must equal the body's key",
        ));
    }
    let hash = request_hash(&body);
    if let Some(stored) = state.db.rating_by_key(key.as_str()).await? {
        return replay(&stored, &hash);
    }
    let now = Now::read();
    let addr = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string());
    let (commune_code, receipt) = match &body.target {
        RatingTarget::Receipt {
            receipt,
            tracking_secret,
        } => (
            receipt_target(&state, receipt, tracking_secret).await?,
            Some(receipt),
        ),
        RatingTarget::Official { .. } | RatingTarget::Office => {
            check_limits(&state, device_of(&body), addr.as_deref(), now).await?;
            (body.commune.clone(), None)
        }
    };
    let commune =
        state.db.commune(&commune_code).await?.ok_or_else(|| {
            AppError::not_found("Không có xã, phường này / No such commune or ward")
        })?;
    let officials: Vec<&str> = commune.office.staff.iter().map(|s| s.id.as_str()).collect();
    let scale = &state.rating_scale;
    let comment = validate_rating(&body, scale, &officials).map_err(AppError::Validation)?;
    let anonymous = body.target.is_anonymous();
    let criteria = serde_json::to_string(&body.criteria).unwrap_or_else(|_| "{}".to_owned());
    let row = RatingRow {
        idempotency_key: key.as_str(),
        request_hash: &hash,
        commune: &commune_code,
        source: body.target.tag(),
        receipt,
        official: body.official_id(),
        scale: &scale.id,
        level: body.level,
        negative: scale.is_negative(body.level),
        criteria: &criteria,
        comment: &comment,
        device: device_of(&body).filter(|_| anonymous),
        client_addr: addr.as_deref().filter(|_| anonymous),
        at: now,
    };
    match state.db.insert_rating(&row).await? {
        RatingInserted::Created(id) => {
            tracing::info!(id, commune = %commune_code, source = row.source, "rating received");
            let accepted = RatingAccepted {
                id,
                level: body.level,
                comment,
                received_at: now.rfc3339(),
            };
            Ok(created(&accepted, false))
        }
        RatingInserted::Duplicate => match state.db.rating_by_key(key.as_str()).await? {
            Some(stored) => replay(&stored, &hash),
            None => Err(already_rated()),
        },
    }
}

/// The deployment's rating scale.
#[utoipa::path(
    get,
    path = "/api/v1/rating-scale",
    operation_id = "getRatingScale",
    tag = "feedback",
    responses((status = 200, description = "The scale citizens rate on", body = RatingScale))
)]
pub(super) async fn scale(State(state): State<AppState>) -> Json<RatingScale> {
    Json(RatingScale::clone(&state.rating_scale))
}

/// The rating of a submission and its reply, for the tracking page.
pub(super) async fn rating_view(
    state: &AppState,
    receipt: &ReceiptCode,
) -> Result<Option<RatingView>, AppError> {
    let Some(stored) = state.db.rating_for_receipt(receipt).await? else {
        return Ok(None);
    };
    let level = u8::try_from(stored.level).unwrap_or(0);
    Ok(Some(RatingView {
        level,
        label: state
            .rating_scale
            .level(level)
            .map(|l| l.label.clone())
            .unwrap_or_default(),
        comment: stored.comment,
        received_at: stored.received_at,
        reply: stored
            .reply
            .zip(stored.reply_at)
            .map(|(text, at)| StaffReply { text, at }),
    }))
}
