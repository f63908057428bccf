//! Marriage registration and marital-status confirmation.

use super::{
    authorisation_rule, code, field, hint, id_matches, l, optional, photo, requester, sex, step,
};
use crate::forms::{FieldKind, FormDefinition, FormStep, Rule};

fn spouse(prefix: &str, vi: &str, en: &str) -> FormStep {
    let id = |s: &str| format!("{prefix}_{s}");
    step(
        prefix,
        &format!("Thông tin {vi}"),
        &format!("The {en}"),
        vec![
            field(
                &id("name"),
                "Họ, chữ đệm và tên",
                "Full name",
                FieldKind::PersonName,
            ),
            field(
                &id("birth_date"),
                "Ngày sinh",
                "Date of birth",
                FieldKind::Date,
            ),
            field(
                &id("citizen_id"),
                "Số định danh cá nhân",
                "Citizen ID number",
                FieldKind::CitizenId,
            ),
            field(
                &id("ethnicity"),
                "Dân tộc",
                "Ethnicity",
                FieldKind::Text { max: 40 },
            ),
            field(
                &id("address"),
                "Nơi cư trú",
                "Place of residence",
                FieldKind::Address,
            ),
            field(
                &id("marital_history"),
                "Tình trạng hôn nhân trước đây",
                "Marital history",
                FieldKind::Choice {
                    options: vec![
                        (
                            "chua_ket_hon".into(),
                            l("Chưa kết hôn lần nào", "Never married"),
                        ),
                        ("da_ly_hon".into(), l("Đã ly hôn", "Divorced")),
                        ("vo_chong_da_chet".into(), l("Vợ/chồng đã chết", "Widowed")),
                    ],
                },
            ),
            optional(photo(
                &id("id_photo"),
                "Ảnh giấy tờ tùy thân",
                "Photo of identity document",
                "5b10b9dd",
                2,
            )),
        ],
    )
}

pub(super) fn marriage() -> FormDefinition {
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
            step(
                "contact",
                "Liên hệ",
                "Contact",
                vec![field(
                    "contact_phone",
                    "Số điện thoại liên hệ",
                    "Contact phone number",
                    FieldKind::Phone,
                )],
            ),
        ],
        rules: vec![
            id_matches("groom_citizen_id", "groom_birth_date"),
            id_matches("bride_citizen_id", "bride_birth_date"),
            Rule::DifferentIds {
                a: "groom_citizen_id".into(),
                b: "bride_citizen_id".into(),
                message: l(
                    "Số định danh của hai bên phải khác nhau",
                    "The two partners' citizen ID numbers must be different",
                ),
            },
            min_age(
                "groom",
                20,
                "Bên nam phải từ đủ 20 tuổi trở lên",
                "The man must be 20 or older",
            ),
            min_age(
                "bride",
                18,
                "Bên nữ phải từ đủ 18 tuổi trở lên",
                "The woman must be 18 or older",
            ),
        ],
        changes: vec![],
    }
}

pub(super) fn marital_status() -> FormDefinition {
    FormDefinition {
        procedure: code("1.004873"),
        version: 1,
        steps: vec![
            step(
                "person",
                "Người cần xác nhận",
                "The person concerned",
                vec![
                    field(
                        "person_name",
                        "Họ, chữ đệm và tên",
                        "Full name",
                        FieldKind::PersonName,
                    ),
                    field(
                        "person_birth_date",
                        "Ngày sinh",
                        "Date of birth",
                        FieldKind::Date,
                    ),
                    sex("person_sex"),
                    field(
                        "person_citizen_id",
                        "Số định danh cá nhân",
                        "Citizen ID number",
                        FieldKind::CitizenId,
                    ),
                    field(
                        "person_address",
                        "Nơi cư trú",
                        "Place of residence",
                        FieldKind::Address,
                    ),
                    field(
                        "current_status",
                        "Tình trạng hôn nhân hiện nay",
                        "Current marital status",
                        FieldKind::Choice {
                            options: vec![
                                ("chua_ket_hon".into(), l("Chưa kết hôn", "Never married")),
                                ("dang_co_vo_chong".into(), l("Đang có vợ/chồng", "Married")),
                                ("da_ly_hon".into(), l("Đã ly hôn", "Divorced")),
                                ("vo_chong_da_chet".into(), l("Vợ/chồng đã chết", "Widowed")),
                            ],
                        },
                    ),
                    hint(
                        field(
                            "purpose",
                            "Mục đích sử dụng",
                            "What the certificate is for",
                            FieldKind::Text { max: 200 },
                        ),
                        "Ví dụ: để đăng ký kết hôn, để vay vốn ngân hàng",
                        "For example: to register a marriage, for a bank loan",
                    ),
                ],
            ),
            requester(
                "Quan hệ với người cần xác nhận",
                "Relation to the person concerned",
            ),
            step(
                "documents",
                "Ảnh giấy tờ",
                "Document photos",
                vec![
                    optional(photo(
                        "previous_certificate_photo",
                        "Giấy xác nhận tình trạng hôn nhân đã cấp trước đây (nếu xin cấp lại)",
                        "The previously issued certificate (when asking again)",
                        "dfa73e30",
                        2,
                    )),
                    optional(photo(
                        "authorisation_photo",
                        "Văn bản ủy quyền",
                        "Authorisation letter",
                        "757c7b67",
                        4,
                    )),
                ],
            ),
        ],
        rules: vec![
            id_matches("person_citizen_id", "person_birth_date"),
            authorisation_rule("authorisation_photo"),
        ],
        changes: vec![],
    }
}
