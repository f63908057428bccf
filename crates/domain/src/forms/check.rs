//! Checking answers against a form definition: field by field, then the cross-field rules.

use std::collections::BTreeMap;

use super::{form_for, relations, FieldDef, FieldKind, FormDefinition, Rule};
use crate::submission::{
    AttachmentRef, FieldError, NewSubmission, ValidationErrors, MAX_ATTACHMENT_BYTES,
};
use crate::text::Localized;
use crate::validate::{
    has_markup, Address, Choice, CitizenId, Date, PersonName, PhoneNumber, Problem,
};

/// Most answers a submission may carry (fields of the form plus flagged old answers).
pub const MAX_ANSWERS: usize = 200;
/// Longest answer, in characters.
pub const MAX_ANSWER_CHARS: usize = 2000;
/// Most attachments a submission may carry.
const MAX_ATTACHMENTS: usize = 60;

/// Checks all answers and attachments of a form: every field, then every rule. `today` is the
/// caller's date (the browser's, or the server's receive date).
pub fn validate(
    def: &FormDefinition,
    answers: &BTreeMap<String, String>,
    attachments: &[AttachmentRef],
    today: Date,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    check_limits(def, answers, attachments, &mut errors);
    check_fields(def.fields(), answers, attachments, today, &mut errors);
    check_rules(def, |_| true, answers, attachments, today, &mut errors);
    errors.into_result()
}

/// Checks one step of a form (what the browser runs on "Continue"). Rules are checked when they
/// report on a field of this step; an unknown step is reported on the field `step`.
pub fn validate_step(
    def: &FormDefinition,
    step_id: &str,
    answers: &BTreeMap<String, String>,
    attachments: &[AttachmentRef],
    today: Date,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let Some(step) = def.step(step_id) else {
        errors.push(FieldError::new(
            "step",
            "unknown_step",
            Localized::new("Không có bước này", "No such step"),
        ));
        return Err(errors);
    };
    check_fields(step.fields.iter(), answers, attachments, today, &mut errors);
    let in_step = |id: &str| step.fields.iter().any(|f| f.id == id);
    check_rules(def, in_step, answers, attachments, today, &mut errors);
    errors.into_result()
}

/// What the server runs before accepting a submission: the procedure must have a form, the
/// draft's form version must not be newer than the server's, then [`validate`].
pub fn validate_submission(
    submission: &NewSubmission,
    today: Date,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    match form_for(&submission.procedure) {
        None => errors.push(FieldError::new(
            "procedure",
            "no_form",
            Localized::new(
                "Thủ tục này chưa nộp được qua ứng dụng",
                "This procedure cannot be submitted through the app yet",
            ),
        )),
        Some(def) if submission.form_version > def.version || submission.form_version == 0 => {
            errors.push(FieldError::new(
                "form_version",
                "unknown_form_version",
                Localized::new("Phiên bản biểu mẫu không hợp lệ", "Unknown form version"),
            ));
        }
        Some(def) => return validate(def, &submission.answers, &submission.attachments, today),
    }
    Err(errors)
}

fn check_limits(
    def: &FormDefinition,
    answers: &BTreeMap<String, String>,
    attachments: &[AttachmentRef],
    errors: &mut ValidationErrors,
) {
    let too_many = Localized::new(
        "Hồ sơ có quá nhiều mục",
        "The submission has too many answers",
    );
    if answers.len() > MAX_ANSWERS {
        errors.push(FieldError::new(
            "answers",
            "too_many_answers",
            too_many.clone(),
        ));
    }
    if attachments.len() > MAX_ATTACHMENTS {
        errors.push(FieldError::new(
            "attachments",
            "too_many_attachments",
            too_many,
        ));
    }
    for (key, value) in answers {
        let bad_key = key.is_empty() || key.len() > 64 || has_markup(key);
        if bad_key
            || value.chars().count() > MAX_ANSWER_CHARS
            || (def.field(key).is_none() && has_markup(value))
        {
            errors.push(FieldError::new(
                key.clone(),
                "answer_too_long",
                Localized::new(
                    format!("Câu trả lời phải từ {MAX_ANSWER_CHARS} ký tự trở xuống, không có < > {{ }}"),
                    format!("An answer must be {MAX_ANSWER_CHARS} characters or fewer, without < > {{ }}"),
                ),
            ));
        }
    }
    for a in attachments {
        if def
            .field(&a.field)
            .is_some_and(|f| !matches!(f.kind, FieldKind::Photo { .. }))
        {
            errors.push(FieldError::new(
                a.field.clone(),
                "not_a_photo_field",
                Localized::new(
                    "Câu hỏi này không nhận ảnh",
                    "This question does not take photos",
                ),
            ));
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// GOV.UK-style message for an empty required field: "Nhập …" / "Enter …", "Chọn …" / "Select …".
fn missing(f: &FieldDef) -> FieldError {
    let (vi, en) = match f.kind {
        FieldKind::Choice { .. } | FieldKind::Relation => ("Chọn", "Select"),
        FieldKind::Photo { .. } => ("Thêm ảnh", "Add a photo of"),
        _ => ("Nhập", "Enter"),
    };
    let msg = Localized::new(
        format!("{vi} {}", lower_first(&f.label.vi)),
        format!("{en} {}", lower_first(&f.label.en)),
    );
    FieldError::new(f.id.clone(), "required", msg)
}

fn check_fields<'a>(
    fields: impl Iterator<Item = &'a FieldDef>,
    answers: &BTreeMap<String, String>,
    attachments: &[AttachmentRef],
    today: Date,
    errors: &mut ValidationErrors,
) {
    for f in fields {
        if let FieldKind::Photo { max_count, .. } = f.kind {
            check_photos(f, max_count, attachments, errors);
            continue;
        }
        let answer = answers.get(&f.id).map(|s| s.trim()).unwrap_or("");
        if answer.is_empty() {
            if f.required {
                errors.push(missing(f));
            }
            continue;
        }
        if let Err(e) = check_answer(&f.kind, answer, today) {
            errors.push(FieldError::new(f.id.clone(), e.0, e.1));
        }
    }
}

fn check_photos(
    f: &FieldDef,
    max_count: u8,
    attachments: &[AttachmentRef],
    errors: &mut ValidationErrors,
) {
    let mine: Vec<&AttachmentRef> = attachments.iter().filter(|a| a.field == f.id).collect();
    if mine.is_empty() && f.required {
        errors.push(missing(f));
    } else if mine.len() > usize::from(max_count) {
        errors.push(FieldError::new(
            f.id.clone(),
            "too_many_photos",
            Localized::new(
                format!("Chỉ thêm tối đa {max_count} ảnh"),
                format!("Add at most {max_count} photos"),
            ),
        ));
    } else if mine.iter().any(|a| !a.content_type.starts_with("image/")) {
        errors.push(FieldError::new(
            f.id.clone(),
            "not_an_image",
            Localized::new(
                "Tệp phải là ảnh (JPG, PNG hoặc WebP)",
                "The file must be a photo (JPG, PNG or WebP)",
            ),
        ));
    } else if mine
        .iter()
        .any(|a| a.bytes == 0 || a.bytes > MAX_ATTACHMENT_BYTES)
    {
        errors.push(FieldError::new(
            f.id.clone(),
            "photo_too_large",
            Localized::new(
                "Mỗi ảnh phải nhỏ hơn 10 MB",
                "Each photo must be smaller than 10 MB",
            ),
        ));
    }
}

/// Checks one non-empty answer; the error is `(code, message)`.
fn check_answer(
    kind: &FieldKind,
    answer: &str,
    today: Date,
) -> Result<(), (&'static str, Localized)> {
    fn p<T, E: Problem>(r: Result<T, E>) -> Result<T, (&'static str, Localized)> {
        r.map_err(|e| (e.code(), e.message()))
    }
    match kind {
        FieldKind::Text { max } => {
            if has_markup(answer) {
                Err((
                    "invalid_text",
                    Localized::new(
                        "Không dùng các ký tự < > { }",
                        "Do not use the characters < > { }",
                    ),
                ))
            } else if answer.chars().count() > usize::from(*max) {
                Err((
                    "text_too_long",
                    Localized::new(
                        format!("Nhập tối đa {max} ký tự"),
                        format!("Enter {max} characters or fewer"),
                    ),
                ))
            } else {
                Ok(())
            }
        }
        FieldKind::PersonName => p(PersonName::parse(answer)).map(drop),
        FieldKind::Date => p(Date::parse_past(answer, today)).map(drop),
        FieldKind::Choice { options } => p(Choice::parse(
            answer,
            options.iter().map(|(v, _)| v.as_str()),
        ))
        .map(drop),
        FieldKind::Relation => p(Choice::parse(answer, relations().iter().map(|r| r.0))).map(drop),
        FieldKind::CitizenId => {
            p(CitizenId::parse(answer).and_then(|id| id.check_plausible(today)))
        }
        FieldKind::Phone => p(PhoneNumber::parse(answer)).map(drop),
        FieldKind::Address => p(Address::parse(answer)).map(drop),
        FieldKind::Photo { .. } => Ok(()),
    }
}

fn check_rules(
    def: &FormDefinition,
    reports_here: impl Fn(&str) -> bool,
    answers: &BTreeMap<String, String>,
    attachments: &[AttachmentRef],
    today: Date,
    errors: &mut ValidationErrors,
) {
    let text = |id: &str| answers.get(id).map(|s| s.trim()).filter(|s| !s.is_empty());
    let date = |id: &str| text(id).and_then(|s| Date::parse_past(s, today).ok());
    let cid = |id: &str| text(id).and_then(|s| CitizenId::parse(s).ok());
    for rule in &def.rules {
        if !reports_here(rule.target()) || errors.for_field(rule.target()).is_some() {
            continue;
        }
        let broken: Option<FieldError> = match rule {
            Rule::NotBefore {
                earlier,
                later,
                message,
            } => match (date(earlier), date(later)) {
                (Some(e), Some(l)) if l < e => Some(FieldError::new(
                    later.clone(),
                    "date_order",
                    message.clone(),
                )),
                _ => None,
            },
            Rule::DifferentIds { a, b, message } => match (cid(a), cid(b)) {
                (Some(x), Some(y)) if x == y => Some(FieldError::new(
                    b.clone(),
                    "same_citizen_id",
                    message.clone(),
                )),
                _ => None,
            },
            Rule::IdMatchesBirthDate { id, born } => match (cid(id), date(born)) {
                (Some(i), Some(d)) => i.check_birth_date(d).err().map(|e| e.at(id)),
                _ => None,
            },
            Rule::MinAge {
                born,
                id,
                years,
                message,
            } => match (date(born), cid(id)) {
                (Some(d), _) if d.age_on(today) < *years => {
                    Some(FieldError::new(born.clone(), "too_young", message.clone()))
                }
                (None, Some(i))
                    if u32::from(today.year().saturating_sub(i.birth_year())) < *years =>
                {
                    Some(FieldError::new(id.clone(), "too_young", message.clone()))
                }
                _ => None,
            },
            Rule::RequiredWhen {
                field,
                when,
                one_of,
            } => {
                let triggered =
                    text(when).is_some_and(|w| one_of.is_empty() || one_of.iter().any(|o| o == w));
                let answered =
                    text(field).is_some() || attachments.iter().any(|a| &a.field == field);
                match def.field(field) {
                    Some(f) if triggered && !answered => Some(missing(f)),
                    _ => None,
                }
            }
        };
        if let Some(e) = broken {
            errors.push(e);
        }
    }
}
