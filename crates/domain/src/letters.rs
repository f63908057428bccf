//! Letters the commune sends citizens: congratulations on a birth or a marriage registration and
//! condolences on a death registration, written from an editable per-commune template.
//!
//! A template is plain text; paragraphs are separated by a blank line; `{name}` placeholders are
//! filled from the submission's answers and the signing leader. A template naming a placeholder
//! its kind does not know is refused ([`check_template`]) with a message listing the known ones,
//! so a typo never reaches a citizen as a literal `{ten_be}`.

use std::collections::BTreeMap;

use crate::procedure::ProcedureCode;
use crate::text::Localized;
use crate::validate::Date;

/// Longest template accepted, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 4000;

/// What a letter is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LetterKind {
    /// Congratulations on a birth registration (procedure 1.001193).
    CongratulationBirth,
    /// Congratulations on a marriage registration (procedure 1.000894).
    CongratulationMarriage,
    /// Condolences on a death registration (procedure 1.000656).
    Condolence,
}

/// Placeholders every kind knows: commune, date, signer.
const COMMON: [(&str, &str, &str); 4] = [
    ("xa", "Tên xã/phường", "Commune name"),
    ("ngay", "Ngày gửi thư", "Date of the letter"),
    ("nguoi_ky", "Họ tên người ký", "Signer's name"),
    ("chuc_vu", "Chức vụ người ký", "Signer's title"),
];

const BIRTH: [(&str, &str, &str); 4] = [
    ("ten_tre", "Họ tên của trẻ", "Child's name"),
    ("ngay_sinh", "Ngày sinh của trẻ", "Child's date of birth"),
    ("ten_me", "Họ tên mẹ", "Mother's name"),
    ("ten_cha", "Họ tên cha", "Father's name"),
];

const MARRIAGE: [(&str, &str, &str); 3] = [
    ("ten_chong", "Họ tên bên nam", "The man's name"),
    ("ten_vo", "Họ tên bên nữ", "The woman's name"),
    (
        "ngay_dang_ky",
        "Ngày đăng ký kết hôn",
        "Date of registration",
    ),
];

const CONDOLENCE: [(&str, &str, &str); 3] = [
    (
        "ten_nguoi_mat",
        "Họ tên người đã mất",
        "Name of the deceased",
    ),
    ("ngay_mat", "Ngày mất", "Date of death"),
    (
        "ten_nguoi_than",
        "Họ tên người thân (người đi đăng ký)",
        "Relative who registered",
    ),
];

impl LetterKind {
    /// Every kind.
    pub const ALL: [LetterKind; 3] = [
        Self::CongratulationBirth,
        Self::CongratulationMarriage,
        Self::Condolence,
    ];

    /// The tag stored in `issued_letters.kind` and used in URLs.
    pub fn tag(self) -> &'static str {
        match self {
            Self::CongratulationBirth => "congratulation_birth",
            Self::CongratulationMarriage => "congratulation_marriage",
            Self::Condolence => "condolence",
        }
    }

    /// The kind of a tag.
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.tag() == tag)
    }

    /// The letter a completed procedure calls for, if any.
    pub fn for_procedure(code: &ProcedureCode) -> Option<Self> {
        match code.as_str() {
            "1.001193" => Some(Self::CongratulationBirth),
            "1.000894" => Some(Self::CongratulationMarriage),
            "1.000656" => Some(Self::Condolence),
            _ => None,
        }
    }

    /// The procedure this letter follows.
    pub fn procedure(self) -> &'static str {
        match self {
            Self::CongratulationBirth => "1.001193",
            Self::CongratulationMarriage => "1.000894",
            Self::Condolence => "1.000656",
        }
    }

    /// The heading printed on the letter.
    pub fn title(self) -> Localized {
        match self {
            Self::CongratulationBirth | Self::CongratulationMarriage => {
                Localized::new("THƯ CHÚC MỪNG", "LETTER OF CONGRATULATIONS")
            }
            Self::Condolence => Localized::new("THƯ CHIA BUỒN", "LETTER OF CONDOLENCE"),
        }
    }

    /// What the letter is, for lists and buttons.
    pub fn label(self) -> Localized {
        match self {
            Self::CongratulationBirth => {
                Localized::new("Thư chúc mừng khai sinh", "Congratulations on a birth")
            }
            Self::CongratulationMarriage => {
                Localized::new("Thư chúc mừng kết hôn", "Congratulations on a marriage")
            }
            Self::Condolence => Localized::new("Thư chia buồn", "Condolences"),
        }
    }

    /// The placeholders this kind knows: `(name, description)`, common ones first.
    pub fn placeholders(self) -> Vec<(&'static str, Localized)> {
        let own: &[(&str, &str, &str)] = match self {
            Self::CongratulationBirth => &BIRTH,
            Self::CongratulationMarriage => &MARRIAGE,
            Self::Condolence => &CONDOLENCE,
        };
        COMMON
            .iter()
            .chain(own)
            .map(|(name, vi, en)| (*name, Localized::new(*vi, *en)))
            .collect()
    }

    /// The template used until a commune writes its own.
    pub fn default_template(self) -> &'static str {
        match self {
            Self::CongratulationBirth => {
                "Ủy ban nhân dân {xa} xin gửi lời chúc mừng tốt đẹp nhất tới gia đình \
                 ông/bà {ten_cha} và {ten_me} nhân dịp chào đón cháu {ten_tre}, sinh ngày \
                 {ngay_sinh}.\n\nChúc cháu luôn khỏe mạnh, ngoan ngoãn và lớn lên trong \
                 tình yêu thương của gia đình và cộng đồng."
            }
            Self::CongratulationMarriage => {
                "Ủy ban nhân dân {xa} trân trọng chúc mừng anh {ten_chong} và chị {ten_vo} \
                 đã đăng ký kết hôn ngày {ngay_dang_ky}.\n\nChúc hai bạn trăm năm hạnh phúc, \
                 xây dựng gia đình no ấm, bình đẳng, tiến bộ và văn minh."
            }
            Self::Condolence => {
                "Ủy ban nhân dân {xa} vô cùng thương tiếc báo tin ông/bà {ten_nguoi_mat} \
                 đã từ trần ngày {ngay_mat}.\n\nXin gửi tới ông/bà {ten_nguoi_than} và toàn \
                 thể gia quyến lời chia buồn sâu sắc nhất."
            }
        }
    }
}

/// A `yyyy-mm-dd` answer as Vietnamese write it, `dd/mm/yyyy`; other text unchanged.
pub fn vietnamese_date(answer: &str) -> String {
    match Date::parse(answer) {
        Ok(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Err(_) => answer.to_owned(),
    }
}

/// The long date line of a letter: "ngày 25 tháng 11 năm 2026".
pub fn date_line(day: Date) -> String {
    format!(
        "ngày {} tháng {} năm {}",
        day.day(),
        day.month(),
        day.year()
    )
}

/// Who signs and where: what a letter needs besides the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer<'a> {
    /// The commune's name, e.g. "Phường Thủy Nguyên".
    pub commune: &'a str,
    /// The signing leader's name.
    pub name: &'a str,
    /// The signing leader's title, e.g. "Chủ tịch UBND phường".
    pub title: &'a str,
    /// The date of the letter.
    pub on: Date,
    /// The date the procedure was completed (the registration date).
    pub registered_on: Date,
}

/// The values of every placeholder of `kind`, from the submission's answers and the signer.
/// Missing answers are empty.
pub fn facts(
    kind: LetterKind,
    answers: &BTreeMap<String, String>,
    signer: &Signer<'_>,
) -> BTreeMap<&'static str, String> {
    let answer = |id: &str| {
        answers
            .get(id)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let mut map: BTreeMap<&'static str, String> = BTreeMap::new();
    map.insert("xa", signer.commune.to_owned());
    map.insert("ngay", date_line(signer.on));
    map.insert("nguoi_ky", signer.name.to_owned());
    map.insert("chuc_vu", signer.title.to_owned());
    match kind {
        LetterKind::CongratulationBirth => {
            map.insert("ten_tre", answer("child_name"));
            map.insert("ngay_sinh", vietnamese_date(&answer("child_birth_date")));
            map.insert("ten_me", answer("mother_name"));
            map.insert("ten_cha", answer("father_name"));
        }
        LetterKind::CongratulationMarriage => {
            map.insert("ten_chong", answer("groom_name"));
            map.insert("ten_vo", answer("bride_name"));
            map.insert(
                "ngay_dang_ky",
                vietnamese_date(&signer.registered_on.to_string()),
            );
        }
        LetterKind::Condolence => {
            map.insert("ten_nguoi_mat", answer("deceased_name"));
            map.insert("ngay_mat", vietnamese_date(&answer("death_date")));
            map.insert("ten_nguoi_than", answer("requester_name"));
        }
    }
    map
}

/// Why a template was refused; the message is shown above the form, the text stays in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError(pub Localized);

enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// Splits a template into text and `{slot}` pieces; an unclosed or empty brace is an error.
fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(TemplateError(Localized::new(
                "Mẫu thư có dấu } không có dấu { mở trước",
                "The template has a } without an opening {",
            )));
        }
        out.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(TemplateError(Localized::new(
                "Mẫu thư có dấu { chưa đóng bằng }",
                "The template has a { that is never closed with }",
            )));
        };
        out.push(Piece::Slot(after[..close].trim()));
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// Checks a template of `kind`: not empty, not too long, braces balanced and every placeholder
/// one the kind knows.
pub fn check_template(kind: LetterKind, template: &str) -> Result<(), TemplateError> {
    if template.trim().is_empty() {
        return Err(TemplateError(Localized::new(
            "Nhập nội dung mẫu thư",
            "Write the text of the template",
        )));
    }
    if template.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(TemplateError(Localized::new(
            format!("Mẫu thư tối đa {MAX_TEMPLATE_CHARS} ký tự"),
            format!("A template has at most {MAX_TEMPLATE_CHARS} characters"),
        )));
    }
    let known = kind.placeholders();
    let unknown: Vec<String> = pieces(template)?
        .into_iter()
        .filter_map(|p| match p {
            Piece::Slot(name) if !known.iter().any(|(k, _)| *k == name) => {
                Some(format!("{{{name}}}"))
            }
            _ => None,
        })
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let list = known
        .iter()
        .map(|(k, _)| format!("{{{k}}}"))
        .collect::<Vec<_>>()
        .join(", ");
    let bad = unknown.join(", ");
    Err(TemplateError(Localized::new(
        format!("Mẫu thư có chỗ điền không tồn tại: {bad}. Chỉ dùng được: {list}"),
        format!("The template has unknown placeholders: {bad}. Use only: {list}"),
    )))
}

/// Fills a checked template: the letter's body text.
pub fn render(
    kind: LetterKind,
    template: &str,
    facts: &BTreeMap<&'static str, String>,
) -> Result<String, TemplateError> {
    check_template(kind, template)?;
    let mut out = String::with_capacity(template.len() + 64);
    for piece in pieces(template)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Slot(name) => out.push_str(facts.get(name).map_or("", String::as_str)),
        }
    }
    Ok(out)
}

/// The paragraphs of a body: split on blank lines, lines inside a paragraph joined by a space.
pub fn paragraphs(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer<'static> {
        Signer {
            commune: "Phường Thủy Nguyên",
            name: "Nguyễn Văn Lãnh",
            title: "Chủ tịch UBND phường",
            on: Date::parse("2026-11-25").unwrap(),
            registered_on: Date::parse("2026-11-24").unwrap(),
        }
    }

    #[test]
    fn default_templates_are_valid_and_fill_in() {
        for kind in LetterKind::ALL {
            check_template(kind, kind.default_template()).unwrap();
        }
        let answers: BTreeMap<String, String> = [
            ("groom_name", "Trần Văn Đức"),
            ("bride_name", "Lê Thị Hồng Nhung"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let kind = LetterKind::CongratulationMarriage;
        let facts = facts(kind, &answers, &signer());
        let body = render(kind, kind.default_template(), &facts).unwrap();
        assert!(
            body.contains("anh Trần Văn Đức và chị Lê Thị Hồng Nhung"),
            "{body}"
        );
        assert!(body.contains("ngày 24/11/2026"), "{body}");
        assert!(body.contains("Phường Thủy Nguyên"));
        assert_eq!(paragraphs(&body).len(), 2);
    }

    #[test]
    fn unknown_placeholders_and_bad_braces_are_refused() {
        let kind = LetterKind::CongratulationBirth;
        let err = check_template(kind, "Chúc mừng bé {ten_be} và {xa}").unwrap_err();
        assert!(err.0.vi.contains("{ten_be}"), "{}", err.0.vi);
        assert!(err.0.vi.contains("{ten_tre}"), "lists the known ones");
        assert!(!err.0.vi.contains("{xa},  "));
        // A marriage placeholder is unknown to a birth letter.
        assert!(check_template(kind, "{ten_vo}").is_err());
        assert!(check_template(kind, "Chúc mừng {ten_tre").is_err());
        assert!(check_template(kind, "Chúc mừng ten_tre}").is_err());
        assert!(check_template(kind, "   ").is_err());
        assert!(check_template(kind, &"a".repeat(MAX_TEMPLATE_CHARS + 1)).is_err());
        assert!(check_template(kind, "Chúc mừng { ten_tre }").is_ok());
    }

    #[test]
    fn kinds_follow_procedures() {
        let code = |s| ProcedureCode::parse(s).unwrap();
        assert_eq!(
            LetterKind::for_procedure(&code("1.001193")),
            Some(LetterKind::CongratulationBirth)
        );
        assert_eq!(LetterKind::for_procedure(&code("2.000815")), None);
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::parse(kind.tag()), Some(kind));
            assert_eq!(
                LetterKind::for_procedure(&code(kind.procedure())),
                Some(kind)
            );
        }
    }
}
