//! Realistic records: a commune, its catalog, a draft with a photo, an outbox item, a receipt.

use motcua::storage::{Draft, PhotoRef, SubmitState, Tracked};
use motcua_domain::sync::OutboxItem;
use motcua_domain::{
    Catalog, Commune, CommuneCode, CommuneKind, CommuneSummary, DraftId, Localized, Office,
    Procedure, ProcedureCode, RequiredDocument, Sha256Hex,
};

/// The commune every fixture is in.
pub const COMMUNE: &str = "11560";
/// The procedure every fixture applies for.
pub const PROCEDURE: &str = "1.001193";

/// A commune list entry.
pub fn summary(code: &str) -> CommuneSummary {
    CommuneSummary {
        code: CommuneCode::parse(code).unwrap(),
        name_vi: "Phường Thủy Nguyên".into(),
        kind: CommuneKind::Phuong,
        former_district: "Thành phố Thuỷ Nguyên".into(),
        former_province: "Thành phố Hải Phòng".into(),
    }
}

/// A catalog with one procedure.
pub fn catalog(code: &str, version: u64) -> Catalog {
    Catalog {
        version,
        full: true,
        commune: Commune {
            summary: summary(code),
            office: Office {
                hours: Office::default_hours(),
                ..Office::default()
            },
        },
        procedures: vec![Procedure {
            code: ProcedureCode::parse(PROCEDURE).unwrap(),
            name: Localized::new("Thủ tục đăng ký khai sinh", "Birth registration"),
            field: Localized::new("Hộ tịch", "Civil status"),
            documents: vec![
                RequiredDocument::from_portal("Giấy chứng sinh", "Birth certificate"),
                RequiredDocument::from_portal(
                    "[Xuất trình] Giấy tờ tùy thân",
                    "[Show] Identity document",
                ),
            ],
            fee: Localized::new("Miễn phí", "Free"),
            fee_vnd: Some(0),
            processing_time: Localized::new("Trong ngày", "Same day"),
            processing_days: Some(1),
            submit_at: Localized::new("Bộ phận một cửa", "One-stop office"),
            legal_basis: vec!["Luật Hộ tịch 2014".into()],
            result: Localized::new("Giấy khai sinh", "Birth certificate"),
            decision: None,
            source: "https://dichvucong.gov.vn".into(),
            local_note: None,
        }],
        removed: vec![],
        qr_links: vec![],
    }
}

/// A draft with typed answers (Vietnamese text) and, when `photo` is given, one photo.
pub fn draft(id: &str, photo: Option<(&Sha256Hex, u64)>) -> Draft {
    let mut d = Draft::new(
        DraftId::parse(id).unwrap(),
        ProcedureCode::parse(PROCEDURE).unwrap(),
        CommuneCode::parse(COMMUNE).unwrap(),
        Some(Localized::new("Đăng ký khai sinh", "Birth registration")),
        1,
        1_795_000_000_000.0,
    );
    d.answers
        .insert("child_name".into(), "Nguyễn Thị Bình An".into());
    d.answers
        .insert("child_birth_date".into(), "2026-11-20".into());
    d.step = Some("child".into());
    if let Some((sha, bytes)) = photo {
        d.photos.push(PhotoRef {
            field: "birth_certificate_photo".into(),
            sha256: sha.clone(),
            bytes,
            content_type: "image/jpeg".into(),
            blob_key: sha.to_string(),
        });
    }
    d
}

/// A draft that was submitted and waits in the outbox, with its outbox item.
pub fn queued(id: &str) -> (Draft, OutboxItem) {
    let mut d = draft(id, None);
    d.submission = Some(d.to_submission());
    d.submit = SubmitState::Queued;
    let item = d.outbox_item();
    (d, item)
}

/// A followed receipt (before its first status fetch).
pub fn tracked() -> Tracked {
    Tracked {
        receipt: "HP-11560-20261120-0001".into(),
        secret: "s3cr3t-tracking-token".into(),
        view: None,
        fetched_ms: Some(1_795_000_100_000.0),
    }
}

/// Photo bytes (not a real JPEG; the store does not look).
pub fn photo_bytes() -> Vec<u8> {
    (0..=255u8).cycle().take(5000).collect()
}

/// A `Blob` of `bytes` typed `image/jpeg`.
pub fn blob(bytes: &[u8]) -> web_sys::Blob {
    let array = js_sys::Array::new();
    array.push(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options).unwrap()
}

/// The bytes of `blob`.
pub async fn blob_bytes(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}
