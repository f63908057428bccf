//! QR links: created on demand per target (idempotent), retired or redirected by staff, stamped
//! with the catalog version so catalog deltas carry them to phones.

use motcua_domain::qr::{resolve, QrLanding, QrLink, QrTarget, QrToken};
use motcua_domain::{CatalogVersion, CommuneCode, Procedure, ProcedureCode};
use sqlx::{Any, Transaction};

use super::store::{as_offered, bump, decode, encode, from_db, to_db};
use super::{Db, StoreError};
use crate::clock::Now;

type Row = (String, String, String, i64, Option<String>);

const COLUMNS: &str = "token, commune, target, retired, redirect_to";

pub(super) fn link_from_row(
    (token, commune, target, retired, redirect_to): Row,
) -> Result<QrLink, StoreError> {
    let what = || format!("QR link {token}");
    let json = serde_json::json!({
        "token": token,
        "commune": commune,
        "target": serde_json::from_str::<serde_json::Value>(&target)
            .map_err(|source| StoreError::Corrupt { what: what(), source })?,
        "retired": retired != 0,
        "redirect_to": redirect_to,
    });
    decode(what, &json.to_string())
}

async fn link_in(
    tx: &mut Transaction<'static, Any>,
    token: &QrToken,
) -> Result<Option<QrLink>, StoreError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM qr_links WHERE token = $1"))
            .bind(token.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    row.map(link_from_row).transpose()
}

/// 64 random bits from the operating system.
fn random_u64() -> Result<u64, StoreError> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| StoreError::Database(sqlx::Error::Io(std::io::Error::other(err))))?;
    Ok(u64::from_le_bytes(bytes))
}

impl Db {
    /// The link of `target` in `commune`, created (with a fresh random token) on first use.
    /// Asking again for the same non-notice target gives the same token; a notice always gets a
    /// new one. A new link bumps the catalog version.
    pub async fn ensure_qr_link(
        &self,
        commune: &CommuneCode,
        target: &QrTarget,
        at: Now,
    ) -> Result<QrLink, StoreError> {
        let mut links = self
            .ensure_qr_links(commune, std::slice::from_ref(target), at)
            .await?;
        links.pop().ok_or_else(|| {
            StoreError::Database(sqlx::Error::Protocol("QR link not created".into()))
        })
    }

    /// [`Db::ensure_qr_link`] for many targets in one change (one catalog version bump at most);
    /// the links come back in the order of `targets`.
    pub async fn ensure_qr_links(
        &self,
        commune: &CommuneCode,
        targets: &[QrTarget],
        at: Now,
    ) -> Result<Vec<QrLink>, StoreError> {
        let existing = self.qr_links(commune, 0).await?;
        let known = |t: &QrTarget| {
            t.key()
                .and_then(|k| {
                    existing
                        .iter()
                        .find(|l| l.target.key().as_deref() == Some(&k))
                })
                .cloned()
        };
        let missing: Vec<&QrTarget> = targets.iter().filter(|t| known(t).is_none()).collect();
        let mut created = Vec::new();
        if !missing.is_empty() {
            let mut tx = self.pool.begin().await?;
            let version = bump(&mut tx).await?;
            let (has_commune,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM communes WHERE code = $1")
                    .bind(commune.as_str())
                    .fetch_one(&mut *tx)
                    .await?;
            if has_commune == 0 {
                return Err(StoreError::UnknownCommune(commune.clone()));
            }
            for target in missing {
                let body = encode(|| format!("QR target in {commune}"), target)?;
                let key = target.key();
                let mut done = false;
                for _ in 0..5 {
                    let token = QrToken::generate(random_u64()?);
                    // A concurrent request may have created this target's link: keep theirs.
                    let inserted = sqlx::query(
                        "INSERT INTO qr_links (token, commune, target, target_key, retired, \
                         redirect_to, created_at, version) VALUES ($1, $2, $3, $4, 0, NULL, $5, $6) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(token.as_str())
                    .bind(commune.as_str())
                    .bind(&body)
                    .bind(key.as_deref())
                    .bind(at.rfc3339())
                    .bind(version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    let taken: Option<(String,)> =
                        match &key {
                            Some(key) => sqlx::query_as(
                                "SELECT token FROM qr_links WHERE commune = $1 AND target_key = $2",
                            )
                            .bind(commune.as_str())
                            .bind(key)
                            .fetch_optional(&mut *tx)
                            .await?,
                            None => None,
                        };
                    if inserted == 1 || taken.is_some() {
                        if key.is_none() {
                            created.push(QrLink {
                                token,
                                commune: commune.clone(),
                                target: target.clone(),
                                retired: false,
                                redirect_to: None,
                            });
                        }
                        done = true;
                        break;
                    }
                }
                if !done {
                    return Err(StoreError::Database(sqlx::Error::Protocol(
                        "no free QR token after 5 tries".into(),
                    )));
                }
            }
            tx.commit().await?;
        }
        let existing = self.qr_links(commune, 0).await?;
        let mut notices = created.into_iter();
        targets
            .iter()
            .map(|t| match t.key() {
                Some(k) => existing
                    .iter()
                    .find(|l| l.target.key().as_deref() == Some(&k))
                    .cloned()
                    .ok_or_else(|| {
                        StoreError::Database(sqlx::Error::Protocol("QR link vanished".into()))
                    }),
                None => notices.next().ok_or_else(|| {
                    StoreError::Database(sqlx::Error::Protocol("QR notice not created".into()))
                }),
            })
            .collect()
    }

    /// One link by token.
    pub async fn qr_link(&self, token: &QrToken) -> Result<Option<QrLink>, StoreError> {
        let row: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM qr_links WHERE token = $1"))
                .bind(token.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(link_from_row).transpose()
    }

    /// The links of a commune changed after `since` (all when `since` is 0), by token.
    pub async fn qr_links(
        &self,
        commune: &CommuneCode,
        since: CatalogVersion,
    ) -> Result<Vec<QrLink>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM qr_links WHERE commune = $1 AND version > $2 ORDER BY token"
        ))
        .bind(commune.as_str())
        .bind(to_db(since))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(link_from_row).collect()
    }

    /// Retires a link (its posters should come off the wall); `Ok(None)` for an unknown token.
    pub async fn retire_qr_link(
        &self,
        token: &QrToken,
    ) -> Result<Option<CatalogVersion>, StoreError> {
        self.change_qr_link(token, true, None).await
    }

    /// Makes `token` lead to `to` (which must exist in the same commune); `Ok(None)` when either
    /// token is unknown or they belong to different communes.
    pub async fn redirect_qr_link(
        &self,
        token: &QrToken,
        to: &QrToken,
    ) -> Result<Option<CatalogVersion>, StoreError> {
        self.change_qr_link(token, false, Some(to)).await
    }

    async fn change_qr_link(
        &self,
        token: &QrToken,
        retire: bool,
        to: Option<&QrToken>,
    ) -> Result<Option<CatalogVersion>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version = bump(&mut tx).await?;
        let Some(link) = link_in(&mut tx, token).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if let Some(to) = to {
            let same_commune = link_in(&mut tx, to)
                .await?
                .is_some_and(|t| t.commune == link.commune);
            if !same_commune || to == token {
                tx.rollback().await?;
                return Ok(None);
            }
        }
        sqlx::query(
            "UPDATE qr_links SET retired = $2, redirect_to = COALESCE($3, redirect_to), \
             version = $4 WHERE token = $1",
        )
        .bind(token.as_str())
        .bind(i64::from(retire || link.retired))
        .bind(to.map(QrToken::as_str))
        .bind(version)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(from_db(version)))
    }

    /// One procedure as `commune` publishes it (override applied), if published.
    pub async fn published_procedure(
        &self,
        commune: &CommuneCode,
        code: &ProcedureCode,
    ) -> Result<Option<Procedure>, StoreError> {
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT p.body, o.body FROM procedures p \
             LEFT JOIN local_overrides o ON o.procedure = p.code AND o.commune = $1 \
             WHERE p.code = $2",
        )
        .bind(commune.as_str())
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(body, local)| as_offered(commune, code.as_str(), &body, local.as_deref()))
            .transpose()
    }

    /// What `/q/{token}` shows: the resolution, with the commune and the procedure embedded.
    pub async fn qr_landing(&self, token: &QrToken) -> Result<QrLanding, StoreError> {
        let Some(asked) = self.qr_link(token).await? else {
            return Ok(QrLanding::unknown(token.clone()));
        };
        // Redirects stay within a commune, so its links are all `resolve` needs.
        let links = self.qr_links(&asked.commune, 0).await?;
        let resolution = resolve(&links, token);
        let (commune, procedure) = match resolution {
            motcua_domain::qr::Resolution::Found(link) => {
                let procedure = match &link.target {
                    QrTarget::Procedure { code } | QrTarget::StartForm { procedure: code } => {
                        self.published_procedure(&link.commune, code).await?
                    }
                    _ => None,
                };
                (self.commune(&link.commune).await?, procedure)
            }
            _ => (self.commune(&asked.commune).await?, None),
        };
        Ok(QrLanding::build(
            token.clone(),
            resolution,
            commune,
            procedure,
        ))
    }
}
