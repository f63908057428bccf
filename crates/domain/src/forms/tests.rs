use std::collections::BTreeMap;

use super::*;
use crate::submission::{AttachmentRef, Sha256Hex, ValidationErrors};
use crate::validate::Date;

fn today() -> Date {
    Date::parse("2026-11-25").unwrap()
}

fn code(s: &str) -> ProcedureCode {
    ProcedureCode::parse(s).unwrap()
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn photo(field: &str) -> AttachmentRef {
    AttachmentRef {
        sha256: Sha256Hex::parse(&"cd".repeat(32)).unwrap(),
        bytes: 500_000,
        content_type: "image/jpeg".into(),
        field: field.into(),
        document_id: None,
    }
}

fn codes(e: &ValidationErrors) -> Vec<(String, String)> {
    e.errors
        .iter()
        .map(|e| (e.field.clone(), e.code.clone()))
        .collect()
}

fn birth_ok() -> BTreeMap<String, String> {
    answers(&[
        ("child_name", "Nguyễn Minh An"),
        ("child_birth_date", "2026-11-20"),
        ("child_sex", "nam"),
        ("child_birth_place", "Bệnh viện Thủy Nguyên"),
        ("child_ethnicity", "Kinh"),
        ("mother_name", "Trần Thị Bình"),
        ("mother_birth_date", "1998-04-02"),
        ("mother_citizen_id", "031198001234"),
        ("requester_name", "Trần Thị Bình"),
        ("requester_relation", "cha_me"),
        ("requester_citizen_id", "031198001234"),
        ("requester_phone", "0912 345 678"),
        ("requester_address", "Thôn 3, xã Thủy Nguyên"),
    ])
}

#[test]
fn five_forms_exist_for_seed_codes() {
    for c in ["1.001193", "1.000894", "1.000656", "2.000815", "1.004873"] {
        let def = form_for(&code(c)).unwrap_or_else(|| panic!("{c}"));
        assert_eq!(def.version, 1);
        let mut ids: Vec<&str> = def.fields().map(|f| f.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{c}: duplicate field ids");
        for r in &def.rules {
            assert!(
                def.field(r.target()).is_some(),
                "{c}: rule on unknown field {}",
                r.target()
            );
        }
    }
    assert!(form_for(&code("9.999999")).is_none());
    assert_eq!(all_forms().len(), 5);
}

#[test]
fn photo_fields_name_real_seed_documents() {
    let seed: serde_json::Value =
        serde_json::from_str(include_str!("../../../../data/seed/procedures.json")).unwrap();
    for def in all_forms() {
        let p = seed
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["code"] == def.procedure.as_str())
            .unwrap();
        let (vi, en) = (
            p["documents_vi"].as_array().unwrap(),
            p["documents_en"].as_array().unwrap(),
        );
        let ids: Vec<String> = vi
            .iter()
            .zip(en)
            .map(|(v, e)| {
                RequiredDocument::from_portal(v.as_str().unwrap(), e.as_str().unwrap()).id
            })
            .collect();
        for f in def.fields() {
            if let FieldKind::Photo {
                document_id: Some(d),
                ..
            } = &f.kind
            {
                assert!(
                    ids.contains(d),
                    "{} {}: {d} not in seed",
                    def.procedure,
                    f.id
                );
            }
        }
    }
}

use crate::procedure::RequiredDocument;

#[test]
fn a_complete_birth_registration_passes() {
    let def = form_for(&code("1.001193")).unwrap();
    validate(
        def,
        &birth_ok(),
        &[photo("birth_certificate_photo")],
        today(),
    )
    .unwrap();
}

#[test]
fn missing_answers_get_govuk_messages_in_form_order() {
    let def = form_for(&code("1.001193")).unwrap();
    let e = validate(def, &BTreeMap::new(), &[], today()).unwrap_err();
    assert_eq!(e.errors[0].field, "child_name");
    assert_eq!(e.errors[0].code, "required");
    assert_eq!(e.errors[0].message.vi, "Nhập họ, chữ đệm và tên của trẻ");
    assert_eq!(e.errors[0].message.en, "Enter child's full name");
    let sex = e.for_field("child_sex").unwrap();
    assert!(sex.message.vi.starts_with("Chọn"));
    assert!(e
        .for_field("birth_certificate_photo")
        .unwrap()
        .message
        .en
        .starts_with("Add a photo"));
    assert!(e.for_field("father_name").is_none());
}

#[test]
fn field_and_cross_field_errors() {
    let def = form_for(&code("1.001193")).unwrap();
    let mut a = birth_ok();
    a.insert("child_birth_date".into(), "2026-11-26".into());
    a.insert("mother_citizen_id".into(), "031197001234".into());
    a.insert("father_citizen_id".into(), "031197001234".into());
    a.insert("requester_phone".into(), "12345".into());
    let e = validate(def, &a, &[photo("birth_certificate_photo")], today()).unwrap_err();
    let c = codes(&e);
    assert!(c.contains(&("child_birth_date".into(), "date_in_future".into())));
    assert!(c.contains(&(
        "mother_citizen_id".into(),
        "citizen_id_birth_year_mismatch".into()
    )));
    assert!(c.contains(&("father_citizen_id".into(), "same_citizen_id".into())));
    assert!(c.contains(&("father_name".into(), "required".into())));
    assert!(c.contains(&("requester_phone".into(), "invalid_phone".into())));
    let mut a = birth_ok();
    a.insert("child_birth_date".into(), "1990-01-01".into());
    let e = validate(def, &a, &[photo("birth_certificate_photo")], today()).unwrap_err();
    assert_eq!(
        codes(&e),
        vec![("child_birth_date".into(), "date_order".into())]
    );
}

#[test]
fn authorisation_required_only_for_others() {
    let def = form_for(&code("1.001193")).unwrap();
    let mut a = birth_ok();
    a.insert("requester_relation".into(), "khac".into());
    let e = validate(def, &a, &[photo("birth_certificate_photo")], today()).unwrap_err();
    assert_eq!(
        codes(&e),
        vec![("authorisation_photo".into(), "required".into())]
    );
    let both = [
        photo("birth_certificate_photo"),
        photo("authorisation_photo"),
    ];
    validate(def, &a, &both, today()).unwrap();
}

#[test]
fn photos_are_checked() {
    let def = form_for(&code("1.001193")).unwrap();
    let mut big = photo("birth_certificate_photo");
    big.bytes = 11 * 1024 * 1024;
    let e = validate(def, &birth_ok(), &[big], today()).unwrap_err();
    assert_eq!(e.errors[0].code, "photo_too_large");
    let mut pdf = photo("birth_certificate_photo");
    pdf.content_type = "application/pdf".into();
    assert_eq!(
        validate(def, &birth_ok(), &[pdf], today())
            .unwrap_err()
            .errors[0]
            .code,
        "not_an_image"
    );
    let five = vec![photo("birth_certificate_photo"); 5];
    assert_eq!(
        validate(def, &birth_ok(), &five, today())
            .unwrap_err()
            .errors[0]
            .code,
        "too_many_photos"
    );
    let wrong = [photo("birth_certificate_photo"), photo("child_name")];
    assert_eq!(
        validate(def, &birth_ok(), &wrong, today())
            .unwrap_err()
            .errors[0]
            .code,
        "not_a_photo_field"
    );
}

fn marriage_ok() -> BTreeMap<String, String> {
    let mut a = BTreeMap::new();
    for (p, born, id) in [
        ("groom", "1996-05-01", "031096001111"),
        ("bride", "1999-07-09", "031199002222"),
    ] {
        a.insert(format!("{p}_name"), "Phạm Văn Cường".into());
        a.insert(format!("{p}_birth_date"), born.into());
        a.insert(format!("{p}_citizen_id"), id.into());
        a.insert(format!("{p}_ethnicity"), "Kinh".into());
        a.insert(format!("{p}_address"), "Thôn 1, xã Lưu Kiếm".into());
        a.insert(format!("{p}_marital_history"), "chua_ket_hon".into());
    }
    a.insert("contact_phone".into(), "+84 987 654 321".into());
    a
}

#[test]
fn marriage_ages_and_distinct_ids() {
    let def = form_for(&code("1.000894")).unwrap();
    validate(def, &marriage_ok(), &[], today()).unwrap();
    let mut a = marriage_ok();
    a.insert("groom_birth_date".into(), "2006-11-26".into()); // 19 until tomorrow
    a.insert("groom_citizen_id".into(), "031206001111".into());
    a.insert("bride_birth_date".into(), "2008-11-25".into()); // 18 today
    a.insert("bride_citizen_id".into(), "031308002222".into());
    let e = validate(def, &a, &[], today()).unwrap_err();
    assert_eq!(
        codes(&e),
        vec![("groom_birth_date".into(), "too_young".into())]
    );
    let mut a = marriage_ok();
    a.insert("bride_citizen_id".into(), "031096001111".into());
    a.insert("bride_birth_date".into(), "1996-05-01".into());
    let e = validate(def, &a, &[], today()).unwrap_err();
    assert_eq!(
        codes(&e),
        vec![("bride_citizen_id".into(), "same_citizen_id".into())]
    );
}

#[test]
fn steps_validate_alone() {
    let def = form_for(&code("1.000894")).unwrap();
    let a = answers(&[("contact_phone", "0987654321")]);
    validate_step(def, "contact", &a, &[], today()).unwrap();
    assert!(validate_step(def, "groom", &a, &[], today()).is_err());
    assert_eq!(
        validate_step(def, "nope", &a, &[], today())
            .unwrap_err()
            .errors[0]
            .code,
        "unknown_step"
    );
    assert_eq!(def.step_of("bride_name"), Some("bride"));
}

#[test]
fn submissions_are_checked_by_procedure_and_version() {
    let body = serde_json::json!({
        "draft_id": "0123456789abcdef", "procedure": "1.001193", "commune": "11560",
        "form_version": 1, "answers": birth_ok(), "attachments": [photo("birth_certificate_photo")],
    });
    let mut s: crate::submission::NewSubmission = serde_json::from_value(body).unwrap();
    validate_submission(&s, today()).unwrap();
    s.form_version = 2;
    assert_eq!(
        validate_submission(&s, today()).unwrap_err().errors[0].code,
        "unknown_form_version"
    );
    s.procedure = code("9.999999");
    assert_eq!(
        validate_submission(&s, today()).unwrap_err().errors[0].code,
        "no_form"
    );
}

#[test]
fn oversized_or_markup_answers_are_rejected() {
    let def = form_for(&code("2.000815")).unwrap();
    let mut a = answers(&[("old_field", "<script>")]);
    a.insert("x".repeat(65), "y".into());
    let e = validate(def, &a, &[], today()).unwrap_err();
    assert!(e.for_field("old_field").is_some());
    assert!(e.for_field(&"x".repeat(65)).is_some());
}

#[test]
fn migration_renames_flags_and_never_drops() {
    let mut v2 = form_for(&code("1.001193")).unwrap().clone();
    v2.version = 2;
    v2.steps[0].fields[0].id = "child_full_name".into();
    v2.steps[0].fields[2].kind = FieldKind::Text { max: 10 };
    v2.steps[0].fields.retain(|f| f.id != "child_ethnicity");
    v2.changes = vec![
        FieldChange {
            version: 2,
            field: "child_full_name".into(),
            change: ChangeKind::Renamed {
                from: "child_name".into(),
            },
        },
        FieldChange {
            version: 2,
            field: "child_sex".into(),
            change: ChangeKind::KindChanged,
        },
        FieldChange {
            version: 2,
            field: "child_ethnicity".into(),
            change: ChangeKind::Removed,
        },
    ];
    let old = birth_ok();
    let m = migrate_answers(1, &old, &v2);
    assert_eq!(m.answers.len(), old.len());
    assert_eq!(m.answers["child_full_name"], "Nguyễn Minh An");
    assert!(!m.answers.contains_key("child_name"));
    assert_eq!(m.answers["child_ethnicity"], "Kinh");
    assert_eq!(
        m.flagged,
        vec!["child_ethnicity".to_owned(), "child_sex".to_owned()]
    );
    let same = migrate_answers(2, &m.answers, &v2);
    assert_eq!(same.answers, m.answers);
    assert_eq!(same.flagged, vec!["child_ethnicity".to_owned()]);
    let mut collide = old.clone();
    collide.insert("child_full_name".into(), "Khác".into());
    let m = migrate_answers(1, &collide, &v2);
    assert_eq!(m.answers["child_name"], "Nguyễn Minh An");
    assert!(m.flagged.contains(&"child_name".to_owned()));
}

#[test]
fn definitions_serialize() {
    let def = form_for(&code("1.000656")).unwrap();
    let json = serde_json::to_string(def).unwrap();
    assert_eq!(&serde_json::from_str::<FormDefinition>(&json).unwrap(), def);
    assert!(json.contains("\"type\":\"photo\""));
}

#[test]
fn has_form_names_exactly_the_procedures_with_a_form() {
    let with: Vec<&str> = all_forms().iter().map(|f| f.procedure.as_str()).collect();
    let mut sorted = with.clone();
    sorted.sort_unstable();
    assert_eq!(
        WITH_FORM,
        sorted.as_slice(),
        "WITH_FORM must list every form, sorted"
    );
    for form in all_forms() {
        assert!(has_form(&form.procedure), "{}", form.procedure);
    }
    for other in ["1.000001", "2.000816", "1.001192"] {
        assert!(!has_form(&code(other)), "{other}");
        assert!(form_for(&code(other)).is_none(), "{other}");
    }
}
