//! `POST /api/v1/attachments`: raw bytes of one photo (or PDF), stored by SHA-256.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::BodyExt as _;
use motcua_domain::submission::MAX_ATTACHMENT_BYTES;
use motcua_domain::{ApiErrorBody, AttachmentUploaded, Sha256Hex};

use super::openapi::UploadBytes;
use crate::clock::Now;
use crate::db::StoredAttachment;
use crate::error::AppError;
use crate::sniff::sniff;
use crate::AppState;

/// The optional header carrying the client's SHA-256 of the body.
pub const CONTENT_SHA256: &str = "x-content-sha256";

/// How much of an oversized body is read (and discarded) before answering 413, so that a client
/// still sending gets a clean answer instead of a reset connection. Beyond this the connection
/// is closed.
const DRAIN_LIMIT: u64 = 4 * MAX_ATTACHMENT_BYTES;

fn too_large() -> AppError {
    AppError::TooLarge(
        "Ảnh quá lớn (tối đa 10 MB). Hãy chụp lại hoặc chọn ảnh nhỏ hơn / \
         Photo too large (10 MB max). Take it again or choose a smaller one"
            .to_owned(),
    )
}

fn io_error(err: std::io::Error) -> AppError {
    AppError::Internal(err.into())
}

/// Streams the body to a temporary file while hashing, checks size, type and checksum, then
/// moves it to its content address and records it: 201 when new, 200 when already held.
#[utoipa::path(
    post,
    path = "/api/v1/attachments",
    operation_id = "uploadAttachment",
    tag = "submissions",
    request_body(
        description = "The raw bytes of one photo or PDF (not multipart), at most 10 MB. The \
            server sniffs the type from the bytes; the `Content-Type` sent is not relied on.",
        content(
            (UploadBytes = "image/jpeg"),
            (UploadBytes = "image/png"),
            (UploadBytes = "image/webp"),
            (UploadBytes = "image/heic"),
            (UploadBytes = "application/pdf"),
            (UploadBytes = "application/octet-stream"),
        ),
    ),
    params(
        ("X-Content-Sha256" = Option<Sha256Hex>, Header,
            description = "The client's SHA-256 of the body; the upload is refused when the \
                bytes received hash otherwise"),
    ),
    responses(
        (status = 201, description = "Stored", body = AttachmentUploaded),
        (status = 200, description = "These bytes were already held", body = AttachmentUploaded),
        (status = 400, description = "`bad_request` (empty body, malformed `X-Content-Sha256`, \
            interrupted upload) or `checksum_mismatch`", body = ApiErrorBody),
        (status = 413, description = "`too_large`: over 10 MB", body = ApiErrorBody),
        (status = 415, description = "`unsupported_type`: not a JPEG, PNG, WebP, HEIC or PDF",
            body = ApiErrorBody),
        (status = 429, description = "`rate_limited`: too many POSTs from this address",
            body = ApiErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(super) async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let expected = match headers.get(CONTENT_SHA256) {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|v| Sha256Hex::parse(v).ok())
                .ok_or_else(|| {
                    AppError::bad_request(
                        "X-Content-Sha256 phải là 64 chữ số hex / \
                         X-Content-Sha256 must be 64 hex digits",
                    )
                })?,
        ),
    };

    let mut upload = state.blobs.begin().await.map_err(io_error)?;
    let mut body = body;
    let mut received: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|err| {
            AppError::bad_request(format!(
                "Tải lên bị gián đoạn / The upload was interrupted: {err}"
            ))
        })?;
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        received += chunk.len() as u64;
        if received > MAX_ATTACHMENT_BYTES {
            if received > DRAIN_LIMIT {
                break;
            }
            continue;
        }
        upload.write(&chunk).await.map_err(io_error)?;
    }
    if received > MAX_ATTACHMENT_BYTES {
        return Err(too_large());
    }
    debug_assert_eq!(received, upload.bytes());

    let staged = upload.finish().await.map_err(io_error)?;
    if staged.bytes == 0 {
        return Err(AppError::bad_request("Tệp rỗng / The file is empty"));
    }
    let Some(content_type) = sniff(&staged.head) else {
        return Err(AppError::UnsupportedType(
            "Chỉ nhận ảnh JPG, PNG, WebP, HEIC hoặc tệp PDF / \
             Only JPG, PNG, WebP or HEIC photos and PDF files are accepted"
                .to_owned(),
        ));
    };
    if let Some(expected) = expected.filter(|e| *e != staged.sha256) {
        tracing::warn!(%expected, computed = %staged.sha256, "attachment checksum mismatch");
        return Err(AppError::ChecksumMismatch(
            "Ảnh bị lỗi trên đường truyền, vui lòng gửi lại / \
             The file was damaged in transit, please send it again"
                .to_owned(),
        ));
    }

    let attachment = StoredAttachment {
        sha256: staged.sha256.clone(),
        bytes: staged.bytes,
        content_type: content_type.to_owned(),
    };
    // The file first, then the row: a row always means its file exists.
    staged.store(&state.blobs).await.map_err(io_error)?;
    let created = state
        .db
        .put_attachment(&attachment, &Now::read().rfc3339())
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let answer = AttachmentUploaded {
        sha256: attachment.sha256,
        bytes: attachment.bytes,
        content_type: attachment.content_type,
    };
    Ok((status, Json(answer)).into_response())
}
