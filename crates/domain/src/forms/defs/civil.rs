//! Birth and death registration, and certified copies.

use super::{
    authorisation_rule, code, field, hint, id_matches, l, optional, photo, requester,
    requester_citizen_id, requester_name, requester_phone, sex, step,
};
use crate::forms::{FieldKind, FormDefinition, Rule};

pub(super) fn birth() -> FormDefinition {
    FormDefinition {
        procedure: code("1.001193"),
        version: 1,
        steps: vec![
            step("child", "Thông tin của trẻ", "The child", vec![
                field("child_name", "Họ, chữ đệm và tên của trẻ", "Child's full name", FieldKind::PersonName),
                field("child_birth_date", "Ngày sinh của trẻ", "Child's date of birth", FieldKind::Date),
                sex("child_sex"),
                hint(
                    field("child_birth_place", "Nơi sinh", "Place of birth", FieldKind::Address),
                    "Tên cơ sở y tế, hoặc địa chỉ nếu sinh ở nhà",
                    "Name of the hospital or clinic, or the address if born at home",
                ),
                field("child_ethnicity", "Dân tộc", "Ethnicity", FieldKind::Text { max: 40 }),
            ]),
            step("mother", "Thông tin của mẹ", "The mother", vec![
                field("mother_name", "Họ, chữ đệm và tên của mẹ", "Mother's full name", FieldKind::PersonName),
                field("mother_birth_date", "Ngày sinh của mẹ", "Mother's date of birth", FieldKind::Date),
                field("mother_citizen_id", "Số định danh cá nhân của mẹ", "Mother's citizen ID number", FieldKind::CitizenId),
            ]),
            step("father", "Thông tin của cha", "The father", vec![
                optional(hint(
                    field("father_name", "Họ, chữ đệm và tên của cha", "Father's full name", FieldKind::PersonName),
                    "Để trống nếu chưa xác định được cha",
                    "Leave empty if the father is not established",
                )),
                optional(field("father_citizen_id", "Số định danh cá nhân của cha", "Father's citizen ID number", FieldKind::CitizenId)),
            ]),
            requester("Quan hệ với trẻ", "Relation to the child"),
            step("documents", "Ảnh giấy tờ", "Document photos", vec![
                photo("birth_certificate_photo", "Giấy chứng sinh (hoặc văn bản của người làm chứng, giấy cam đoan)",
                    "Birth certificate from the hospital (or witness statement, or written commitment)", "061d424d", 4),
                optional(photo("authorisation_photo", "Văn bản ủy quyền", "Authorisation letter", "0200b346", 4)),
            ]),
        ],
        rules: vec![
            Rule::NotBefore {
                earlier: "mother_birth_date".into(),
                later: "child_birth_date".into(),
                message: l("Ngày sinh của trẻ phải sau ngày sinh của mẹ", "The child's date of birth must be after the mother's"),
            },
            id_matches("mother_citizen_id", "mother_birth_date"),
            Rule::DifferentIds {
                a: "mother_citizen_id".into(),
                b: "father_citizen_id".into(),
                message: l("Số định danh của cha và của mẹ phải khác nhau", "The father's and mother's citizen ID numbers must be different"),
            },
            Rule::RequiredWhen {
                field: "father_name".into(),
                when: "father_citizen_id".into(),
                one_of: vec![],
            },
            authorisation_rule("authorisation_photo"),
        ],
        changes: vec![],
    }
}

pub(super) fn death() -> FormDefinition {
    FormDefinition {
        procedure: code("1.000656"),
        version: 1,
        steps: vec![
            step(
                "deceased",
                "Thông tin người đã mất",
                "The deceased",
                vec![
                    field(
                        "deceased_name",
                        "Họ, chữ đệm và tên",
                        "Full name",
                        FieldKind::PersonName,
                    ),
                    optional(field(
                        "deceased_birth_date",
                        "Ngày sinh",
                        "Date of birth",
                        FieldKind::Date,
                    )),
                    sex("deceased_sex"),
                    optional(field(
                        "deceased_citizen_id",
                        "Số định danh cá nhân",
                        "Citizen ID number",
                        FieldKind::CitizenId,
                    )),
                    field("death_date", "Ngày mất", "Date of death", FieldKind::Date),
                    field(
                        "death_place",
                        "Nơi mất",
                        "Place of death",
                        FieldKind::Address,
                    ),
                ],
            ),
            requester("Quan hệ với người đã mất", "Relation to the deceased"),
            step(
                "documents",
                "Ảnh giấy tờ",
                "Document photos",
                vec![
                    photo(
                        "death_notice_photo",
                        "Giấy báo tử hoặc giấy tờ thay Giấy báo tử",
                        "Death notice or a document replacing it",
                        "f731d420",
                        4,
                    ),
                    optional(photo(
                        "authorisation_photo",
                        "Văn bản ủy quyền",
                        "Authorisation letter",
                        "6a8a55ff",
                        4,
                    )),
                ],
            ),
        ],
        rules: vec![
            Rule::NotBefore {
                earlier: "deceased_birth_date".into(),
                later: "death_date".into(),
                message: l(
                    "Ngày mất phải sau ngày sinh",
                    "The date of death must be after the date of birth",
                ),
            },
            id_matches("deceased_citizen_id", "deceased_birth_date"),
            Rule::DifferentIds {
                a: "deceased_citizen_id".into(),
                b: "requester_citizen_id".into(),
                message: l(
                    "Người đi đăng ký phải là người khác với người đã mất",
                    "The applicant must be someone other than the deceased",
                ),
            },
            authorisation_rule("authorisation_photo"),
        ],
        changes: vec![],
    }
}

pub(super) fn certified_copy() -> FormDefinition {
    let copies = (1..=10)
        .map(|n| {
            (
                n.to_string(),
                l(&format!("{n} bản"), &format!("{n} copies")),
            )
        })
        .collect();
    FormDefinition {
        procedure: code("2.000815"),
        version: 1,
        steps: vec![
            step(
                "request",
                "Yêu cầu chứng thực",
                "What to certify",
                vec![
                    requester_name(),
                    requester_citizen_id(),
                    requester_phone(),
                    hint(
                        field(
                            "document_title",
                            "Tên giấy tờ cần chứng thực",
                            "Document to certify",
                            FieldKind::Text { max: 200 },
                        ),
                        "Ví dụ: Bằng tốt nghiệp THPT, Giấy khai sinh",
                        "For example: high-school diploma, birth certificate",
                    ),
                    field(
                        "copies",
                        "Số bản sao",
                        "Number of copies",
                        FieldKind::Choice { options: copies },
                    ),
                ],
            ),
            step(
                "documents",
                "Ảnh bản chính",
                "Photos of the original",
                vec![photo(
                    "original_photos",
                    "Ảnh các trang của bản chính",
                    "Photos of every page of the original",
                    "7f96ffff",
                    20,
                )],
            ),
        ],
        rules: vec![],
        changes: vec![],
    }
}
