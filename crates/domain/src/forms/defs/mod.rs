//! The form definitions of the procedures citizens can submit through the app, one file per
//! family of procedures. Photo fields name the seed catalog's required documents by id (checked
//! by a test against `data/seed/procedures.json`).

use super::{FieldDef, FieldKind, FormDefinition, FormStep, Rule};
use crate::procedure::ProcedureCode;
use crate::text::Localized;

mod civil;
mod family;

pub(super) fn l(vi: &str, en: &str) -> Localized {
    Localized::new(vi, en)
}

pub(super) fn field(id: &str, vi: &str, en: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        id: id.to_owned(),
        label: l(vi, en),
        hint: None,
        kind,
        required: true,
    }
}

pub(super) fn optional(mut f: FieldDef) -> FieldDef {
    f.required = false;
    f
}

pub(super) fn hint(mut f: FieldDef, vi: &str, en: &str) -> FieldDef {
    f.hint = Some(l(vi, en));
    f
}

pub(super) fn step(id: &str, vi: &str, en: &str, fields: Vec<FieldDef>) -> FormStep {
    FormStep {
        id: id.to_owned(),
        title: l(vi, en),
        fields,
    }
}

pub(super) fn photo(id: &str, vi: &str, en: &str, document_id: &str, max_count: u8) -> FieldDef {
    field(
        id,
        vi,
        en,
        FieldKind::Photo {
            document_hint: l(
                "Chụp rõ từng trang, đủ 4 góc, không bị lóa",
                "Photograph every page flat, all four corners visible, no glare",
            ),
            max_count,
            document_id: Some(document_id.to_owned()),
        },
    )
}

pub(super) fn sex(id: &str) -> FieldDef {
    let options = vec![
        ("nam".to_owned(), l("Nam", "Male")),
        ("nu".to_owned(), l("Nữ", "Female")),
    ];
    field(id, "Giới tính", "Sex", FieldKind::Choice { options })
}

pub(super) fn code(s: &str) -> ProcedureCode {
    ProcedureCode::parse(s).expect("form procedure codes are valid")
}

/// The applicant's full name.
pub(super) fn requester_name() -> FieldDef {
    field(
        "requester_name",
        "Họ, chữ đệm và tên",
        "Full name",
        FieldKind::PersonName,
    )
}

/// The applicant's citizen ID number.
pub(super) fn requester_citizen_id() -> FieldDef {
    field(
        "requester_citizen_id",
        "Số định danh cá nhân",
        "Citizen ID number",
        FieldKind::CitizenId,
    )
}

/// The applicant's phone number.
pub(super) fn requester_phone() -> FieldDef {
    field(
        "requester_phone",
        "Số điện thoại",
        "Phone number",
        FieldKind::Phone,
    )
}

/// The requester's step, shared by procedures someone may do on another's behalf.
pub(super) fn requester(relation_vi: &str, relation_en: &str) -> FormStep {
    step(
        "requester",
        "Người đi đăng ký",
        "The person applying",
        vec![
            requester_name(),
            field(
                "requester_relation",
                relation_vi,
                relation_en,
                FieldKind::Relation,
            ),
            requester_citizen_id(),
            hint(
                requester_phone(),
                "Cán bộ một cửa gọi số này khi cần bổ sung hồ sơ",
                "The office calls this number if anything is missing",
            ),
            field(
                "requester_address",
                "Nơi cư trú",
                "Place of residence",
                FieldKind::Address,
            ),
        ],
    )
}

/// Authorisation is required when someone other than the listed relatives applies.
pub(super) fn authorisation_rule(photo_field: &str) -> Rule {
    Rule::RequiredWhen {
        field: photo_field.to_owned(),
        when: "requester_relation".to_owned(),
        one_of: vec!["khac".to_owned()],
    }
}

pub(super) fn id_matches(id: &str, born: &str) -> Rule {
    Rule::IdMatchesBirthDate {
        id: id.to_owned(),
        born: born.to_owned(),
    }
}

/// All definitions, in procedure-code order.
pub(super) fn all() -> Vec<FormDefinition> {
    let mut all = vec![
        civil::birth(),
        family::marriage(),
        civil::death(),
        civil::certified_copy(),
        family::marital_status(),
    ];
    crate::order::sort_by(&mut all, |a, b| a.procedure.cmp(&b.procedure));
    all
}
