//! Pure fixtures for submissions: fake photos and valid answers built from the domain form
//! definitions. Shared by the tests and the load benchmark (`benches/submit_load.rs`).

use std::collections::BTreeMap;

use motcua_domain::forms::{form_for, FieldKind};
use motcua_domain::{
    AttachmentRef, AttachmentUploaded, CommuneCode, Date, DraftId, NewSubmission, ProcedureCode,
    Sha256Hex,
};
use motcua_server::clock::Now;
use sha2::{Digest, Sha256};

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
