//! Forms from data: each submittable procedure has a [`FormDefinition`] — steps of typed fields
//! plus cross-field [`Rule`]s — and one [`validate`] used by both the browser (per step, with
//! [`validate_step`]) and the server (with [`validate_submission`]).
//!
//! Answers travel as `BTreeMap<field id, String>` (dates `yyyy-mm-dd`, choices by option value);
//! photo fields are answered by [`AttachmentRef`](crate::submission::AttachmentRef)s whose
//! `field` is the photo field's id. When a definition changes, [`migrate_answers`] carries a
//! draft's answers forward: renamed fields move, removed or re-typed fields are kept and
//! *flagged* for the citizen to look at, nothing is ever dropped.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use crate::procedure::ProcedureCode;
use crate::text::Localized;

mod check;
mod defs;
mod migrate;

pub use check::{validate, validate_step, validate_submission, MAX_ANSWERS, MAX_ANSWER_CHARS};
pub use migrate::{migrate_answers, MigratedAnswers};

/// The form of one procedure at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDefinition {
    /// The procedure it applies for (a code of the seed catalog).
    pub procedure: ProcedureCode,
    /// Bumped on every change of fields; drafts remember the version they were written against.
    pub version: u32,
    /// Steps in order; each is one page of the task list.
    pub steps: Vec<FormStep>,
    /// Rules across fields, checked after each field on its own.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// What changed in each version, oldest first, for [`migrate_answers`].
    #[serde(default)]
    pub changes: Vec<FieldChange>,
}

/// One step (page) of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormStep {
    /// Stable id, used in URLs (`/drafts/{id}/{step}`).
    pub id: String,
    /// Heading of the page and of its task-list entry.
    pub title: Localized,
    /// The questions on the page.
    pub fields: Vec<FieldDef>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// Stable id, the key of the answer and of error messages.
    pub id: String,
    /// The question or label.
    pub label: Localized,
    /// Help under the label.
    pub hint: Option<Localized>,
    /// What kind of answer and how it is checked.
    pub kind: FieldKind,
    /// Whether an answer is needed to submit.
    pub required: bool,
}

/// The kind of answer a field takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text of at most `max` characters, no markup.
    Text {
        /// Maximum length in characters.
        max: u16,
    },
    /// A person's full name ([`PersonName`](crate::validate::PersonName)).
    PersonName,
    /// A past date `yyyy-mm-dd`, not before 1900 ([`Date::parse_past`](crate::validate::Date::parse_past)).
    Date,
    /// One of a fixed list of options: `(value, label)`.
    Choice {
        /// The options.
        options: Vec<(String, Localized)>,
    },
    /// A citizen ID number ([`CitizenId`](crate::validate::CitizenId)).
    CitizenId,
    /// A Vietnamese phone number ([`PhoneNumber`](crate::validate::PhoneNumber)).
    Phone,
    /// An address ([`Address`](crate::validate::Address)).
    Address,
    /// The requester's relation to the person concerned: one of [`relations`].
    Relation,
    /// Photos of a document, answered by attachments whose `field` is this field's id.
    Photo {
        /// Which document to photograph.
        document_hint: Localized,
        /// At most this many photos (pages).
        max_count: u8,
        /// The guide's [`RequiredDocument::id`](crate::procedure::RequiredDocument::id) it shows.
        #[serde(default)]
        document_id: Option<String>,
    },
}

impl FieldKind {
    /// A name for the kind, stable across versions (used to detect kind changes).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::PersonName => "person_name",
            Self::Date => "date",
            Self::Choice { .. } => "choice",
            Self::CitizenId => "citizen_id",
            Self::Phone => "phone",
            Self::Address => "address",
            Self::Relation => "relation",
            Self::Photo { .. } => "photo",
        }
    }
}

/// A rule across fields. Each reports on one field ([`Rule::target`]) and runs only when the
/// fields it reads hold valid answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// The date in `later` must not be before the date in `earlier`.
    NotBefore {
        /// The earlier date's field.
        earlier: String,
        /// The later date's field (reported on).
        later: String,
        /// Message when broken.
        message: Localized,
    },
    /// Two citizen ID numbers must differ (reported on `b`).
    DifferentIds {
        /// First field.
        a: String,
        /// Second field (reported on).
        b: String,
        /// Message when broken.
        message: Localized,
    },
    /// The year of birth in a citizen ID number must match a date of birth (reported on `id`).
    IdMatchesBirthDate {
        /// The citizen ID field.
        id: String,
        /// The date-of-birth field.
        born: String,
    },
    /// A person must be at least `years` old today: from the date of birth when given (reported
    /// there), else from the year in the citizen ID number when surely too young (reported there).
    MinAge {
        /// The date-of-birth field.
        born: String,
        /// The citizen ID field.
        id: String,
        /// Minimum age in completed years.
        years: u32,
        /// Message when broken.
        message: Localized,
    },
    /// `field` is required when the answer to `when` is one of `one_of` (when `one_of` is
    /// empty: when `when` has any answer).
    RequiredWhen {
        /// The field that becomes required (reported on).
        field: String,
        /// The field whose answer decides.
        when: String,
        /// The answers that make `field` required.
        one_of: Vec<String>,
    },
}

impl Rule {
    /// The field a broken rule is reported on.
    pub fn target(&self) -> &str {
        match self {
            Self::NotBefore { later, .. } => later,
            Self::DifferentIds { b, .. } => b,
            Self::IdMatchesBirthDate { id, .. } => id,
            Self::MinAge { born, .. } => born,
            Self::RequiredWhen { field, .. } => field,
        }
    }
}

/// One change of a form version, for migrating drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The version that introduced the change.
    pub version: u32,
    /// The field id (the new id for a rename).
    pub field: String,
    /// What happened.
    pub change: ChangeKind,
}

/// What happened to a field in a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// Renamed from `from`: answers move to the new id.
    Renamed {
        /// The old id.
        from: String,
    },
    /// Its kind changed: answers are kept and flagged.
    KindChanged,
    /// Removed: answers are kept and flagged.
    Removed,
}

impl FormDefinition {
    /// All fields in form order.
    pub fn fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.steps.iter().flat_map(|s| s.fields.iter())
    }

    /// The field with an id.
    pub fn field(&self, id: &str) -> Option<&FieldDef> {
        self.fields().find(|f| f.id == id)
    }

    /// The step with an id.
    pub fn step(&self, id: &str) -> Option<&FormStep> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The id of the step holding a field.
    pub fn step_of(&self, field: &str) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.fields.iter().any(|f| f.id == field))
            .map(|s| s.id.as_str())
    }
}

/// The options of a [`FieldKind::Relation`] field: `(value, label)`.
pub fn relations() -> &'static [(&'static str, &'static str, &'static str)] {
    &[
        ("ban_than", "Bản thân", "Myself"),
        ("cha_me", "Cha hoặc mẹ", "Father or mother"),
        ("ong_ba", "Ông hoặc bà", "Grandparent"),
        ("vo_chong", "Vợ hoặc chồng", "Spouse"),
        ("con", "Con", "Child"),
        ("anh_chi_em", "Anh, chị hoặc em ruột", "Brother or sister"),
        ("nguoi_giam_ho", "Người giám hộ", "Guardian"),
        (
            "khac",
            "Người khác được ủy quyền",
            "Someone else, authorised",
        ),
    ]
}

static FORMS: LazyLock<Vec<FormDefinition>> = LazyLock::new(defs::all);

/// The current form of a procedure, if it can be submitted through the app.
pub fn form_for(code: &ProcedureCode) -> Option<&'static FormDefinition> {
    FORMS.iter().find(|f| &f.procedure == code)
}

/// The procedures [`form_for`] has a form for, sorted. [`has_form`] answers from this list
/// without building the forms, so a client that only needs to know (the app's guide page, for
/// its "Start" link) does not carry the definitions, their labels in two languages included.
const WITH_FORM: &[&str] = &["1.000656", "1.000894", "1.001193", "1.004873", "2.000815"];

/// Whether `code` can be submitted through the app (the same answer as `form_for(code).is_some()`).
pub fn has_form(code: &ProcedureCode) -> bool {
    WITH_FORM.binary_search(&code.as_str()).is_ok()
}

/// All forms, in procedure-code order.
pub fn all_forms() -> &'static [FormDefinition] {
    &FORMS
}

#[cfg(test)]
mod tests;
