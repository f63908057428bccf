use super::*;
use serde_json::json;

fn draft() -> DraftId {
    DraftId::parse("abcDEF0123456789_-xy").unwrap()
}

fn sha() -> Sha256Hex {
    Sha256Hex::parse(&"ab".repeat(32)).unwrap()
}

#[test]
fn draft_id_rule() {
    assert!(DraftId::parse(" 0123456789abcdef ").is_ok());
    for bad in [
        "",
        "short",
        &"x".repeat(65),
        "0123456789abcdef/",
        "0123456789abcdéf",
    ] {
        assert!(DraftId::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn keys_are_derived_from_the_draft_deterministically() {
    let k = IdempotencyKey::for_draft(&draft());
    assert_eq!(k.as_str(), "d-abcDEF0123456789_-xy");
    assert_eq!(k, IdempotencyKey::for_draft(&draft()));
    assert_eq!(IdempotencyKey::parse(k.as_str()).unwrap(), k);
    let long = DraftId::parse(&"z".repeat(64)).unwrap();
    let a = IdempotencyKey::for_attachment(&long, &sha());
    assert_eq!(IdempotencyKey::parse(a.as_str()).unwrap(), a);
    assert_ne!(a, IdempotencyKey::for_draft(&long));
}

#[test]
fn sha256_is_64_hex_lowercased() {
    assert_eq!(Sha256Hex::parse(&"AB".repeat(32)).unwrap(), sha());
    assert!(Sha256Hex::parse(&"ab".repeat(31)).is_err());
    assert!(Sha256Hex::parse(&"zz".repeat(32)).is_err());
    assert_eq!(Sha256Hex::from_bytes([0xab; 32]), sha());
}

#[test]
fn receipt_codes_are_readable_and_parse_loosely() {
    let commune = CommuneCode::parse("11560").unwrap();
    let r = ReceiptCode::generate(&commune, 0x1234_5678_9abc);
    let s = r.as_str();
    assert_eq!(s.len(), 12);
    assert!(s.starts_with("11560-"));
    assert!(s[6..].bytes().all(|b| RECEIPT_ALPHABET.contains(&b)));
    for forbidden in "01OILU".chars() {
        assert!(!s[6..].contains(forbidden));
    }
    let spoken = format!("1156o {} {}", s[6..9].to_lowercase(), &s[9..]);
    assert_eq!(ReceiptCode::parse(&spoken).unwrap(), r);
    assert_eq!(r.commune(), commune);
    assert_ne!(r, ReceiptCode::generate(&commune, 0x1234_5678_9abd));
    for bad in [
        "",
        "11560-ABCDE",
        "11560-ABCDEO",
        "1156A-ABCDEF",
        "11560-ABCDEFG",
    ] {
        assert!(ReceiptCode::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn tracking_secret_is_url_safe_and_not_debug_printed() {
    let t = TrackingSecret::generate([7; 16]);
    assert_eq!(t.as_str().len(), 22);
    assert_eq!(TrackingSecret::parse(t.as_str()).unwrap(), t);
    assert_ne!(t, TrackingSecret::generate([8; 16]));
    assert!(t.matches(t.as_str()));
    assert!(!t.matches("AAAAAAAAAAAAAAAAAAAAAA"));
    assert!(!format!("{t:?}").contains(t.as_str()));
    assert!(TrackingSecret::parse("tooShort").is_err());
}

#[test]
fn status_is_tagged_json() {
    let s = SubmissionStatus::NeedsDocuments {
        note: "Giấy chứng sinh".into(),
    };
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        json!({"state": "needs_documents", "note": "Giấy chứng sinh"})
    );
    let r: SubmissionStatus = serde_json::from_value(json!({"state": "received"})).unwrap();
    assert_eq!(r, SubmissionStatus::Received);
    assert_eq!(r.label().en, "Received");
    assert!(!r.is_final());
    assert!(SubmissionStatus::Rejected { reason: "x".into() }.is_final());
}

#[test]
fn new_submission_round_trips_and_rejects_bad_ids() {
    let body = json!({
        "draft_id": "abcDEF0123456789_-xy",
        "procedure": "1.001193",
        "commune": "11560",
        "form_version": 1,
        "answers": {"child_name": "Nguyễn Văn An"},
        "attachments": [{"sha256": "ab".repeat(32), "bytes": 1000, "content_type": "image/jpeg",
                         "field": "birth_certificate_photo", "document_id": null}]
    });
    let s: NewSubmission = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&s).unwrap(), body);
    let mut bad = body;
    bad["draft_id"] = json!("../../etc/passwd");
    assert!(serde_json::from_value::<NewSubmission>(bad).is_err());
}

#[test]
fn validation_body_has_the_api_envelope() {
    let mut errors = ValidationErrors::default();
    errors.push(FieldError::new(
        "phone",
        "required",
        Localized::new("Nhập số", "Enter a number"),
    ));
    errors.push(FieldError::new("phone", "second", Localized::default()));
    assert_eq!(errors.errors.len(), 1);
    let body = ValidationErrorBody::from(errors.clone());
    let v = serde_json::to_value(&body).unwrap();
    assert_eq!(v["error"]["code"], "validation");
    assert_eq!(v["fields"][0]["field"], "phone");
    assert_eq!(v["fields"][0]["message"]["en"], "Enter a number");
    assert_eq!(ValidationErrors::from(body), errors);
    assert!(errors.for_field("phone").is_some());
    assert!(errors.into_result().is_err());
}

#[test]
fn status_tag_is_the_serde_state() {
    let all = [
        SubmissionStatus::Received,
        SubmissionStatus::Processing,
        SubmissionStatus::NeedsDocuments { note: "x".into() },
        SubmissionStatus::Done,
        SubmissionStatus::Rejected { reason: "y".into() },
    ];
    for status in all {
        let v = serde_json::to_value(&status).unwrap();
        assert_eq!(v["state"], status.tag());
        assert_eq!(
            status.is_closed(),
            matches!(status.tag(), "done" | "rejected")
        );
    }
}

#[test]
fn status_transitions_follow_the_office_rules() {
    use SubmissionStatus as S;
    let note = || S::NeedsDocuments {
        note: "Bản sao CCCD".into(),
    };
    let reject = || S::Rejected {
        reason: "Sai thẩm quyền".into(),
    };
    let all = [S::Received, S::Processing, note(), S::Done, reject()];
    let legal = [
        (S::Received, S::Processing),
        (S::Received, note()),
        (S::Received, reject()),
        (S::Processing, note()),
        (S::Processing, S::Done),
        (S::Processing, reject()),
        (note(), S::Processing),
        (note(), reject()),
    ];
    for from in &all {
        for to in &all {
            let expected = legal
                .iter()
                .any(|(f, t)| f.tag() == from.tag() && t.tag() == to.tag());
            assert_eq!(
                from.can_become(to),
                expected,
                "{} → {}",
                from.tag(),
                to.tag()
            );
        }
    }
    // Closed is closed; received cannot jump to done.
    assert!(S::Received.check_change(&S::Done).is_err());
    assert!(S::Done.check_change(&S::Processing).is_err());
    // A reason is required and bounded.
    let empty = S::Rejected {
        reason: "  ".into(),
    };
    assert!(S::Processing.check_change(&empty).is_err());
    let long = S::Rejected {
        reason: "x".repeat(1001),
    };
    assert!(S::Processing.check_change(&long).is_err());
    assert!(S::Processing.check_change(&reject()).is_ok());
}
