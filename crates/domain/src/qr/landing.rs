//! What a QR landing shows: the resolution with the target's content embedded.

use serde::{Deserialize, Serialize};

use super::link::{resolve, QrLink, QrTarget, QrToken, Resolution};
use crate::catalog::Catalog;
use crate::commune::{Commune, StaffMember};
use crate::procedure::Procedure;

/// Whether a token leads somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QrStatus {
    /// A live link whose content is included.
    Found,
    /// Retired, redirected nowhere, or its target (procedure, official) no longer published.
    Retired,
    /// No such token.
    Unknown,
}

/// The answer of `GET /api/v1/q/{token}`: enough to show the target at once, before the app's
/// full sync, and to show a helpful page (with the office phone) when the link is dead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrLanding {
    /// The token asked for.
    pub token: QrToken,
    /// Found, retired or unknown.
    pub status: QrStatus,
    /// The live link (found) or the link asked for (retired).
    pub link: Option<QrLink>,
    /// The commune with its office (found and retired).
    pub commune: Option<Commune>,
    /// The procedure as the commune publishes it (procedure and start-form targets).
    pub procedure: Option<Procedure>,
}

impl QrLanding {
    /// The landing of an unknown token.
    pub fn unknown(token: QrToken) -> Self {
        Self {
            token,
            status: QrStatus::Unknown,
            link: None,
            commune: None,
            procedure: None,
        }
    }

    /// Assembles a landing from a resolution and the content the caller looked up for the
    /// resolved link (the commune of the link; the procedure when the target names one).
    /// A found link whose content is missing (procedure withdrawn, official no longer listed)
    /// counts as retired.
    pub fn build(
        token: QrToken,
        resolution: Resolution<'_>,
        commune: Option<Commune>,
        procedure: Option<Procedure>,
    ) -> Self {
        let (status, link) = match resolution {
            Resolution::Unknown => return Self::unknown(token),
            Resolution::Retired(link) => (QrStatus::Retired, link.clone()),
            Resolution::Found(link) => (QrStatus::Found, link.clone()),
        };
        let procedure = match &link.target {
            QrTarget::Procedure { code } | QrTarget::StartForm { procedure: code } => {
                procedure.filter(|p| &p.code == code)
            }
            _ => None,
        };
        let mut landing = Self {
            token,
            status,
            link: Some(link),
            commune,
            procedure,
        };
        if status == QrStatus::Found && !landing.has_content() {
            landing.status = QrStatus::Retired;
        }
        landing
    }

    /// Resolves `token` against a stored catalog (offline). `None` when the catalog does not
    /// know the token (it may belong to another commune, or be newer than the catalog).
    pub fn from_catalog(catalog: &Catalog, token: &QrToken) -> Option<Self> {
        let resolution = resolve(&catalog.qr_links, token);
        if resolution == Resolution::Unknown {
            return None;
        }
        let procedure = match resolution {
            Resolution::Found(QrLink {
                target: QrTarget::Procedure { code } | QrTarget::StartForm { procedure: code },
                ..
            }) => catalog.procedures.iter().find(|p| &p.code == code).cloned(),
            _ => None,
        };
        Some(Self::build(
            token.clone(),
            resolution,
            Some(catalog.commune.clone()),
            procedure,
        ))
    }

    /// The official a name-tag link points to, when listed in the office's directory.
    pub fn official(&self) -> Option<&StaffMember> {
        let QrTarget::Official { staff_id } = &self.link.as_ref()?.target else {
            return None;
        };
        self.commune
            .as_ref()?
            .office
            .staff
            .iter()
            .find(|m| &m.id == staff_id)
    }

    fn has_content(&self) -> bool {
        let Some(link) = &self.link else {
            return false;
        };
        match &link.target {
            QrTarget::Procedure { .. } | QrTarget::StartForm { .. } => self.procedure.is_some(),
            QrTarget::Office => self.commune.is_some(),
            QrTarget::Official { .. } => self.official().is_some(),
            QrTarget::Notice { .. } => true,
        }
    }
}
