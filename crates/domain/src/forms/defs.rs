//! The form definitions of the procedures citizens can submit through the app. Photo fields
//! name the seed catalog's required documents by id (checked by a test against
//! `data/seed/procedures.json`).

use super::{FieldDef, FieldKind, FormDefinition, FormStep, Rule};
use crate::procedure::ProcedureCode;
use crate::text::Localized;

fn l(vi: &str, en: &str) -> Localized {
    Localized::new(vi, en)
}

fn field(id: &str, vi: &str, en: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        id: id.to_owned(),
        label: l(vi, en),
        hint: None,
        kind,
        required: true,
    }
}

fn optional(mut f: FieldDef) -> FieldDef {
    f.required = false;
    f
}

fn hint(mut f: FieldDef, vi: &str, en: &str) -> FieldDef {
    f.hint = Some(l(vi, en));
    f
}

fn step(id: &str, vi: &str, en: &str, fields: Vec<FieldDef>) -> FormStep {
    FormStep {
        id: id.to_owned(),
        title: l(vi, en),
        fields,
    }
}

fn photo(id: &str, vi: &str, en: &str, document_id: &str, max_count: u8) -> FieldDef {
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

fn sex(id: &str) -> FieldDef {
    let options = vec![
        ("nam".to_owned(), l("Nam", "Male")),
        ("nu".to_owned(), l("Nữ", "Female")),
    ];
    field(id, "Giới tính", "Sex", FieldKind::Choice { options })
}

fn code(s: &str) -> ProcedureCode {
    ProcedureCode::parse(s).expect("form procedure codes are valid")
}

/// The requester's step, shared by procedures someone may do on another's behalf.
fn requester(relation_vi: &str, relation_en: &str) -> FormStep {
    step(
        "requester",
        "Người đi đăng ký",
        "The person applying",
        vec![
            field("requester_name", "Họ, chữ đệm và tên", "Full name", FieldKind::PersonName),
            field("requester_relation", relation_vi, relation_en, FieldKind::Relation),
            field("requester_citizen_id", "Số định danh cá nhân", "Citizen ID number", FieldKind::CitizenId),
            hint(
                field("requester_phone", "Số điện thoại", "Phone number", FieldKind::Phone),
                "Cán bộ một cửa gọi số này khi cần bổ sung hồ sơ",
                "The office calls this number if anything is missing",
            ),
            field("requester_address", "Nơi cư trú", "Place of residence", FieldKind::Address),
        ],
    )
}

/// Authorisation is required when someone other than the listed relatives applies.
fn authorisation_rule(photo_field: &str) -> Rule {
    Rule::RequiredWhen {
        field: photo_field.to_owned(),
        when: "requester_relation".to_owned(),
        one_of: vec!["khac".to_owned()],
    }
}

fn id_matches(id: &str, born: &str) -> Rule {
    Rule::IdMatchesBirthDate {
        id: id.to_owned(),
        born: born.to_owned(),
    }
}

fn birth() -> FormDefinition {
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

fn spouse(prefix: &str, vi: &str, en: &str) -> FormStep {
    let id = |s: &str| format!("{prefix}_{s}");
    step(prefix, &format!("Thông tin {vi}"), &format!("The {en}"), vec![
        field(&id("name"), "Họ, chữ đệm và tên", "Full name", FieldKind::PersonName),
        field(&id("birth_date"), "Ngày sinh", "Date of birth", FieldKind::Date),
        field(&id("citizen_id"), "Số định danh cá nhân", "Citizen ID number", FieldKind::CitizenId),
        field(&id("ethnicity"), "Dân tộc", "Ethnicity", FieldKind::Text { max: 40 }),
        field(&id("address"), "Nơi cư trú", "Place of residence", FieldKind::Address),
        field(&id("marital_history"), "Tình trạng hôn nhân trước đây", "Marital history", FieldKind::Choice {
            options: vec![
                ("chua_ket_hon".into(), l("Chưa kết hôn lần nào", "Never married")),
                ("da_ly_hon".into(), l("Đã ly hôn", "Divorced")),
                ("vo_chong_da_chet".into(), l("Vợ/chồng đã chết", "Widowed")),
            ],
        }),
        optional(photo(&id("id_photo"), "Ảnh giấy tờ tùy thân", "Photo of identity document", "5b10b9dd", 2)),
    ])
}

fn marriage() -> FormDefinition {
    let min_age = |p: &str, years: u32, vi: &str, en: &str| Rule::MinAge {
        born: format!("{p}_birth_date"),
        id: format!("{p}_citizen_id"),
        years,
        message: l(vi, en),
    };
    FormDefinition {
        procedure: code("1.000894"),
        version: 1,
        steps: vec![
            spouse("groom", "bên nam", "man"),
            spouse("bride", "bên nữ", "woman"),
            step("contact", "Liên hệ", "Contact", vec![
                field("contact_phone", "Số điện thoại liên hệ", "Contact phone number", FieldKind::Phone),
            ]),
        ],
        rules: vec![
            id_matches("groom_citizen_id", "groom_birth_date"),
            id_matches("bride_citizen_id", "bride_birth_date"),
            Rule::DifferentIds {
                a: "groom_citizen_id".into(),
                b: "bride_citizen_id".into(),
                message: l("Số định danh của hai bên phải khác nhau", "The two partners' citizen ID numbers must be different"),
            },
            min_age("groom", 20, "Bên nam phải từ đủ 20 tuổi trở lên", "The man must be 20 or older"),
            min_age("bride", 18, "Bên nữ phải từ đủ 18 tuổi trở lên", "The woman must be 18 or older"),
        ],
        changes: vec![],
    }
}

fn death() -> FormDefinition {
    FormDefinition {
        procedure: code("1.000656"),
        version: 1,
        steps: vec![
            step("deceased", "Thông tin người đã mất", "The deceased", vec![
                field("deceased_name", "Họ, chữ đệm và tên", "Full name", FieldKind::PersonName),
                optional(field("deceased_birth_date", "Ngày sinh", "Date of birth", FieldKind::Date)),
                sex("deceased_sex"),
                optional(field("deceased_citizen_id", "Số định danh cá nhân", "Citizen ID number", FieldKind::CitizenId)),
                field("death_date", "Ngày mất", "Date of death", FieldKind::Date),
                field("death_place", "Nơi mất", "Place of death", FieldKind::Address),
            ]),
            requester("Quan hệ với người đã mất", "Relation to the deceased"),
            step("documents", "Ảnh giấy tờ", "Document photos", vec![
                photo("death_notice_photo", "Giấy báo tử hoặc giấy tờ thay Giấy báo tử",
                    "Death notice or a document replacing it", "f731d420", 4),
                optional(photo("authorisation_photo", "Văn bản ủy quyền", "Authorisation letter", "6a8a55ff", 4)),
            ]),
        ],
        rules: vec![
            Rule::NotBefore {
                earlier: "deceased_birth_date".into(),
                later: "death_date".into(),
                message: l("Ngày mất phải sau ngày sinh", "The date of death must be after the date of birth"),
            },
            id_matches("deceased_citizen_id", "deceased_birth_date"),
            Rule::DifferentIds {
                a: "deceased_citizen_id".into(),
                b: "requester_citizen_id".into(),
                message: l("Người đi đăng ký phải là người khác với người đã mất", "The applicant must be someone other than the deceased"),
            },
            authorisation_rule("authorisation_photo"),
        ],
        changes: vec![],
    }
}

fn certified_copy() -> FormDefinition {
    let copies = (1..=10).map(|n| (n.to_string(), l(&format!("{n} bản"), &format!("{n} copies")))).collect();
    FormDefinition {
        procedure: code("2.000815"),
        version: 1,
        steps: vec![
            step("request", "Yêu cầu chứng thực", "What to certify", vec![
                field("requester_name", "Họ, chữ đệm và tên", "Full name", FieldKind::PersonName),
                field("requester_citizen_id", "Số định danh cá nhân", "Citizen ID number", FieldKind::CitizenId),
                field("requester_phone", "Số điện thoại", "Phone number", FieldKind::Phone),
                hint(
                    field("document_title", "Tên giấy tờ cần chứng thực", "Document to certify", FieldKind::Text { max: 200 }),
                    "Ví dụ: Bằng tốt nghiệp THPT, Giấy khai sinh",
                    "For example: high-school diploma, birth certificate",
                ),
                field("copies", "Số bản sao", "Number of copies", FieldKind::Choice { options: copies }),
            ]),
            step("documents", "Ảnh bản chính", "Photos of the original", vec![
                photo("original_photos", "Ảnh các trang của bản chính", "Photos of every page of the original", "7f96ffff", 20),
            ]),
        ],
        rules: vec![],
        changes: vec![],
    }
}

fn marital_status() -> FormDefinition {
    FormDefinition {
        procedure: code("1.004873"),
        version: 1,
        steps: vec![
            step("person", "Người cần xác nhận", "The person concerned", vec![
                field("person_name", "Họ, chữ đệm và tên", "Full name", FieldKind::PersonName),
                field("person_birth_date", "Ngày sinh", "Date of birth", FieldKind::Date),
                sex("person_sex"),
                field("person_citizen_id", "Số định danh cá nhân", "Citizen ID number", FieldKind::CitizenId),
                field("person_address", "Nơi cư trú", "Place of residence", FieldKind::Address),
                field("current_status", "Tình trạng hôn nhân hiện nay", "Current marital status", FieldKind::Choice {
                    options: vec![
                        ("chua_ket_hon".into(), l("Chưa kết hôn", "Never married")),
                        ("dang_co_vo_chong".into(), l("Đang có vợ/chồng", "Married")),
                        ("da_ly_hon".into(), l("Đã ly hôn", "Divorced")),
                        ("vo_chong_da_chet".into(), l("Vợ/chồng đã chết", "Widowed")),
                    ],
                }),
                hint(
                    field("purpose", "Mục đích sử dụng", "What the certificate is for", FieldKind::Text { max: 200 }),
                    "Ví dụ: để đăng ký kết hôn, để vay vốn ngân hàng",
                    "For example: to register a marriage, for a bank loan",
                ),
            ]),
            requester("Quan hệ với người cần xác nhận", "Relation to the person concerned"),
            step("documents", "Ảnh giấy tờ", "Document photos", vec![
                optional(photo("previous_certificate_photo", "Giấy xác nhận tình trạng hôn nhân đã cấp trước đây (nếu xin cấp lại)",
                    "The previously issued certificate (when asking again)", "dfa73e30", 2)),
                optional(photo("authorisation_photo", "Văn bản ủy quyền", "Authorisation letter", "757c7b67", 4)),
            ]),
        ],
        rules: vec![
            id_matches("person_citizen_id", "person_birth_date"),
            authorisation_rule("authorisation_photo"),
        ],
        changes: vec![],
    }
}

/// All definitions, in procedure-code order.
pub(super) fn all() -> Vec<FormDefinition> {
    let mut all = vec![birth(), marriage(), death(), certified_copy(), marital_status()];
    all.sort_by(|a, b| a.procedure.cmp(&b.procedure));
    all
}
