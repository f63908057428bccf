//! What a citizen's phone stores for one commune, and how it is kept up to date.
//!
//! The server keeps one global, monotonically increasing catalog version. Every change to a
//! procedure template, a local override or a commune's office bumps it and stamps the changed row.
//! A client that holds version `v` asks for `since=v` and receives only what changed after `v`
//! (a *delta*); a client with nothing asks without `since` and receives everything (a *full*
//! catalog). Applying a delta to the stored catalog with [`Catalog::apply`] yields the same
//! catalog a full download would.

use serde::{Deserialize, Serialize};

use crate::commune::{Commune, CommuneCode};
use crate::procedure::{Procedure, ProcedureCode};
use crate::qr::QrLink;
use crate::text::Localized;

/// The catalog version: 0 means "nothing yet".
pub type CatalogVersion = u64;

/// A catalog snapshot or delta for one commune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    /// The server's catalog version this answer brings the client up to.
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub version: CatalogVersion,
    /// True for a full snapshot; false for a delta since the client's version.
    pub full: bool,
    /// The commune with its office (always included: it is small).
    pub commune: Commune,
    /// Procedures (full: all; delta: changed ones), local overrides already applied.
    pub procedures: Vec<Procedure>,
    /// Codes withdrawn since the client's version (delta only).
    #[serde(default)]
    pub removed: Vec<ProcedureCode>,
    /// The commune's QR links (full: all; delta: changed ones, replaced by token). Catalogs
    /// stored before QR links existed decode with none.
    #[serde(default)]
    pub qr_links: Vec<QrLink>,
}

impl Catalog {
    /// Applies a newer answer (full or delta) to this stored catalog.
    ///
    /// A full answer replaces everything; a delta replaces changed procedures by code, adds new
    /// ones, drops removed ones and keeps the rest. An answer older than what is stored is ignored.
    pub fn apply(&mut self, newer: Catalog) {
        if newer.version < self.version {
            return;
        }
        if newer.full {
            *self = newer;
            return;
        }
        self.version = newer.version;
        self.commune = newer.commune;
        self.procedures.retain(|p| !newer.removed.contains(&p.code));
        for changed in newer.procedures {
            match self.procedures.iter_mut().find(|p| p.code == changed.code) {
                Some(slot) => *slot = changed,
                None => self.procedures.push(changed),
            }
        }
        crate::order::sort_by(&mut self.procedures, |a, b| a.code.cmp(&b.code));
        for changed in newer.qr_links {
            match self.qr_links.iter_mut().find(|l| l.token == changed.token) {
                Some(slot) => *slot = changed,
                None => self.qr_links.push(changed),
            }
        }
    }

    /// Procedures grouped by field, fields in first-seen order, procedures by name.
    pub fn by_field(&self, english: bool) -> Vec<(Localized, Vec<&Procedure>)> {
        let mut groups: Vec<(Localized, Vec<&Procedure>)> = Vec::new();
        for p in &self.procedures {
            match groups.iter_mut().find(|(f, _)| f.vi == p.field.vi) {
                Some((_, list)) => list.push(p),
                None => groups.push((p.field.clone(), vec![p])),
            }
        }
        for (_, list) in &mut groups {
            crate::order::sort_by(list, |a, b| a.name.get(english).cmp(b.name.get(english)));
        }
        crate::order::sort_by(&mut groups, |a, b| {
            b.1.len().cmp(&a.1.len()).then(a.0.vi.cmp(&b.0.vi))
        });
        groups
    }
}

/// A commune's local addition to a national procedure template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalOverride {
    /// The commune that publishes it.
    pub commune: CommuneCode,
    /// The procedure it amends.
    pub procedure: ProcedureCode,
    /// Local fee wording (fees set by the provincial council), replacing the national wording.
    pub fee: Option<Localized>,
    /// Local fee amount in đồng, when fixed.
    pub fee_vnd: Option<u64>,
    /// Where to submit in this commune (desk, address), replacing the national wording.
    pub submit_at: Option<Localized>,
    /// A free note shown on the guide.
    pub note: Option<Localized>,
}

impl Procedure {
    /// The procedure as this commune publishes it: the national template with the override applied.
    pub fn with_override(mut self, local: &LocalOverride) -> Self {
        if let Some(fee) = &local.fee {
            self.fee = fee.clone();
            self.fee_vnd = local.fee_vnd;
        }
        if let Some(at) = &local.submit_at {
            self.submit_at = at.clone();
        }
        if local.note.is_some() {
            self.local_note = local.note.clone();
        }
        self
    }
}

/// A small procedure for tests of modules that need one.
#[cfg(test)]
pub(crate) fn sample_procedure(code: &str) -> Procedure {
    tests::procedure(code, "Thủ tục", "Lĩnh vực")
}

#[cfg(test)]
mod tests;
