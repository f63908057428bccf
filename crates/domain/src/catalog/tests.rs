use super::*;
use crate::commune::{CommuneKind, CommuneSummary, Office};
use crate::procedure::RequiredDocument;

fn commune() -> Commune {
    Commune {
        summary: CommuneSummary {
            code: CommuneCode::parse("11560").unwrap(),
            name_vi: "Phường Thủy Nguyên".into(),
            kind: CommuneKind::Phuong,
            former_district: "Thành phố Thuỷ Nguyên".into(),
            former_province: "Thành phố Hải Phòng".into(),
        },
        office: Office::default(),
    }
}

pub(crate) fn procedure(code: &str, name: &str, field: &str) -> Procedure {
    Procedure {
        code: ProcedureCode::parse(code).unwrap(),
        name: Localized::new(name, name),
        field: Localized::new(field, field),
        documents: vec![RequiredDocument::from_portal("Tờ khai", "Form")],
        fee: Localized::new("Miễn phí", "Free"),
        fee_vnd: Some(0),
        processing_time: Localized::new("1 ngày", "1 day"),
        processing_days: Some(1),
        submit_at: Localized::new("UBND xã", "Commune office"),
        legal_basis: vec![],
        result: Localized::new("Giấy", "Paper"),
        decision: None,
        source: String::new(),
        local_note: None,
    }
}

fn catalog(version: u64, full: bool, procs: Vec<Procedure>, removed: Vec<&str>) -> Catalog {
    Catalog {
        version,
        full,
        commune: commune(),
        procedures: procs,
        removed: removed
            .into_iter()
            .map(|c| ProcedureCode::parse(c).unwrap())
            .collect(),
        qr_links: vec![],
    }
}

#[test]
fn delta_replaces_adds_and_removes() {
    let mut stored = catalog(
        3,
        true,
        vec![
            procedure("1.000001", "A", "X"),
            procedure("1.000002", "B", "X"),
        ],
        vec![],
    );
    stored.apply(catalog(
        5,
        false,
        vec![
            procedure("1.000002", "B2", "X"),
            procedure("1.000003", "C", "Y"),
        ],
        vec!["1.000001"],
    ));
    assert_eq!(stored.version, 5);
    let names: Vec<_> = stored
        .procedures
        .iter()
        .map(|p| p.name.vi.as_str())
        .collect();
    assert_eq!(names, ["B2", "C"]);
}

#[test]
fn older_answers_are_ignored_and_full_replaces() {
    let mut stored = catalog(7, true, vec![procedure("1.000001", "A", "X")], vec![]);
    stored.apply(catalog(6, false, vec![], vec!["1.000001"]));
    assert_eq!(stored.procedures.len(), 1);
    stored.apply(catalog(
        8,
        true,
        vec![procedure("1.000009", "Z", "X")],
        vec![],
    ));
    assert_eq!(stored.procedures.len(), 1);
    assert_eq!(stored.procedures[0].code.as_str(), "1.000009");
}

#[test]
fn groups_by_field_biggest_first() {
    let c = catalog(
        1,
        true,
        vec![
            procedure("1.000001", "Khai sinh", "Hộ tịch"),
            procedure("1.000002", "Bản sao", "Chứng thực"),
            procedure("1.000003", "Kết hôn", "Hộ tịch"),
        ],
        vec![],
    );
    let groups = c.by_field(false);
    assert_eq!(groups[0].0.vi, "Hộ tịch");
    assert_eq!(groups[0].1.len(), 2);
    assert_eq!(groups[0].1[0].name.vi, "Khai sinh");
}

#[test]
fn override_replaces_fee_and_place() {
    let local = LocalOverride {
        commune: CommuneCode::parse("11560").unwrap(),
        procedure: ProcedureCode::parse("1.000001").unwrap(),
        fee: Some(Localized::new("8.000 ₫/bản", "8,000 VND per copy")),
        fee_vnd: Some(8000),
        submit_at: None,
        note: Some(Localized::new("Quầy số 2", "Desk 2")),
    };
    let p = procedure("1.000001", "A", "X").with_override(&local);
    assert_eq!(p.fee_vnd, Some(8000));
    assert_eq!(p.submit_at.vi, "UBND xã");
    assert_eq!(p.local_note.unwrap().en, "Desk 2");
}
