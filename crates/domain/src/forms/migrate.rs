//! Carrying a draft's answers forward to a newer form version. Nothing is ever dropped.

use std::collections::BTreeMap;

use super::{ChangeKind, FormDefinition};

/// A draft's answers after migration to a form version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MigratedAnswers {
    /// All answers: renamed fields under their new id, everything else as it was.
    pub answers: BTreeMap<String, String>,
    /// Field ids that no longer exist or changed kind since the draft's version (or whose
    /// rename collided with an existing answer): kept, never dropped, shown to the citizen.
    pub flagged: Vec<String>,
}

/// Migrates answers written against `old_version` to `new_def`, applying the renames recorded
/// in `new_def.changes` after `old_version` in order, then flagging answers to fields that are
/// gone or changed kind. A draft already at (or beyond) the version is returned unchanged,
/// except that answers to unknown fields are still flagged.
pub fn migrate_answers(
    old_version: u32,
    answers: &BTreeMap<String, String>,
    new_def: &FormDefinition,
) -> MigratedAnswers {
    let mut out = answers.clone();
    let mut flagged: Vec<String> = Vec::new();
    let flag = |id: &str, flagged: &mut Vec<String>| {
        if !flagged.iter().any(|f| f == id) {
            flagged.push(id.to_owned());
        }
    };
    for change in new_def.changes.iter().filter(|c| c.version > old_version) {
        match &change.change {
            ChangeKind::Renamed { from } => {
                let Some(value) = out.get(from).cloned() else {
                    continue;
                };
                let target_taken = out.get(&change.field).is_some_and(|v| !v.trim().is_empty());
                if target_taken {
                    flag(from, &mut flagged);
                } else {
                    out.remove(from);
                    out.insert(change.field.clone(), value);
                }
            }
            ChangeKind::KindChanged => {
                if out.get(&change.field).is_some_and(|v| !v.trim().is_empty()) {
                    flag(&change.field, &mut flagged);
                }
            }
            ChangeKind::Removed => {}
        }
    }
    for (id, value) in &out {
        if new_def.field(id).is_none() && !value.trim().is_empty() {
            flag(id, &mut flagged);
        }
    }
    flagged.sort();
    MigratedAnswers {
        answers: out,
        flagged,
    }
}
