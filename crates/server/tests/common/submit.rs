//! Helpers for submission tests: photos, answers built from the domain form, requests.

use std::collections::BTreeMap;

use motcua_domain::forms::{form_for, FieldKind};
use motcua_domain::{
    AttachmentRef, AttachmentUploaded, CommuneCode, Date, DraftId, NewSubmission, ProcedureCode,
    Sha256Hex,
};
use motcua_server::clock::Now;
use sha2::{Digest, Sha256};

use super::TestServer;

/// The commune the tests submit to.
pub const COMMUNE: &str = "11560";
/// Birth registration.
pub const BIRTH: &str = "1.001193";

/// A fake JPEG: the JPEG magic bytes then `len - 4` bytes derived from `seed`.
pub fn jpeg(seed: u64, len: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// The SHA-256 of bytes.
pub fn sha256(bytes: &[u8]) -> Sha256Hex {
    Sha256Hex::from_bytes(Sha256::digest(bytes).into())
}

/// Today in Vietnam by the server's clock.
pub fn today() -> Date {
    Now::read().vietnam_date()
}

fn days_before(day: Date, n: i64) -> Date {
    Date::from_days_since_epoch(day.days_since_epoch() - n).unwrap()
}

/// Valid answers to every required non-photo field of a form, by field kind.
pub fn answers_for(procedure: &str) -> BTreeMap<String, String> {
    let def = form_for(&ProcedureCode::parse(procedure).unwrap()).unwrap();
    let mut answers = BTreeMap::new();
    for field in def.fields().filter(|f| f.required) {
        let value = match &field.kind {
            FieldKind::Photo { .. } => continue,
            FieldKind::Text { .. } => "Kinh".to_owned(),
            FieldKind::PersonName => "Trần Thị Bình".to_owned(),
            // The child was born five days ago; everyone else in 1998 (matching the ID below).
            FieldKind::Date if field.id.starts_with("child") => days_before(today(), 5).to_string(),
            FieldKind::Date => "1998-04-02".to_owned(),
            FieldKind::Choice { options } => options[0].0.clone(),
            FieldKind::CitizenId => "031198001234".to_owned(),
            FieldKind::Phone => "0912 345 678".to_owned(),
            FieldKind::Address => "Thôn 3, xã Thủy Nguyên".to_owned(),
            FieldKind::Relation => "cha_me".to_owned(),
        };
        answers.insert(field.id.clone(), value);
    }
    answers
}

/// An attachment reference for an upload answer.
pub fn reference(uploaded: &AttachmentUploaded, field: &str) -> AttachmentRef {
    AttachmentRef {
        sha256: uploaded.sha256.clone(),
        bytes: uploaded.bytes,
        content_type: uploaded.content_type.clone(),
        field: field.to_owned(),
        document_id: None,
    }
}

/// A birth registration for a new draft, with its photos.
pub fn birth(draft: &str, attachments: Vec<AttachmentRef>) -> NewSubmission {
    NewSubmission {
        draft_id: DraftId::parse(draft).unwrap(),
        procedure: ProcedureCode::parse(BIRTH).unwrap(),
        commune: CommuneCode::parse(COMMUNE).unwrap(),
        form_version: 1,
        answers: answers_for(BIRTH),
        attachments,
    }
}

impl TestServer {
    /// `POST /api/v1/attachments` with optional `X-Content-Sha256`.
    pub async fn upload(&self, bytes: Vec<u8>, checksum: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/attachments"))
            .header("content-type", "image/jpeg")
            .body(bytes);
        if let Some(sum) = checksum {
            request = request.header("x-content-sha256", sum);
        }
        request.send().await.expect("upload")
    }

    /// Uploads a photo, asserting success.
    pub async fn upload_ok(&self, bytes: Vec<u8>) -> AttachmentUploaded {
        let response = self.upload(bytes, None).await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    /// `POST /api/v1/submissions` with an optional key and a raw body.
    pub async fn post_raw(&self, key: Option<&str>, body: Vec<u8>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/submissions"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send().await.expect("post submission")
    }

    /// `POST /api/v1/submissions` with a key and a submission.
    pub async fn submit(&self, key: &str, body: &NewSubmission) -> reqwest::Response {
        self.post_raw(Some(key), serde_json::to_vec(body).unwrap())
            .await
    }

    /// `GET /api/v1/submissions/{receipt}` with an optional secret.
    pub async fn track(&self, receipt: &str, secret: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(&format!("/api/v1/submissions/{receipt}")));
        if let Some(secret) = secret {
            request = request.header("x-tracking-secret", secret);
        }
        request.send().await.expect("track")
    }
}
