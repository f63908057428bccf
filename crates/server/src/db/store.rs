//! Reads and versioned writes of the catalog (see the module docs of [`crate::db`]).

use motcua_domain::{
    Catalog, CatalogVersion, Commune, CommuneCode, CommuneSummary, LocalOverride, Office,
    Procedure, ProcedureCode,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{Any, Transaction};

use super::{Db, StoreError};
use crate::collate::vi_sort_key;

type Tx = Transaction<'static, Any>;

pub(crate) fn decode<T: DeserializeOwned>(
    what: impl FnOnce() -> String,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|source| StoreError::Corrupt {
        what: what(),
        source,
    })
}

pub(crate) fn encode<T: Serialize>(
    what: impl FnOnce() -> String,
    value: &T,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Encode {
        what: what(),
        source,
    })
}

/// A stored procedure template with commune `commune`'s stored override (if any) applied: the
/// procedure as the commune offers it.
pub(crate) fn as_offered(
    commune: &CommuneCode,
    code: &str,
    body: &str,
    local: Option<&str>,
) -> Result<Procedure, StoreError> {
    let procedure: Procedure = decode(|| format!("procedure {code}"), body)?;
    Ok(match local {
        Some(local) => {
            let local: LocalOverride =
                decode(|| format!("override of {code} for {commune}"), local)?;
            procedure.with_override(&local)
        }
        None => procedure,
    })
}

/// Versions are stored as BIGINT; they start at 0 and only grow, so they are never negative.
pub(super) fn from_db(version: i64) -> CatalogVersion {
    CatalogVersion::try_from(version).unwrap_or(0)
}

pub(super) fn to_db(version: CatalogVersion) -> i64 {
    i64::try_from(version).unwrap_or(i64::MAX)
}

async fn current_version(tx: &mut Tx) -> Result<i64, StoreError> {
    let (version,): (i64,) = sqlx::query_as("SELECT version FROM catalog_meta WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    Ok(version)
}

/// Bumps the global version; the first statement of every write, so SQLite takes the write lock
/// at once (a read first could fail with `SQLITE_BUSY_SNAPSHOT` under concurrent writers).
pub(super) async fn bump(tx: &mut Tx) -> Result<i64, StoreError> {
    let (version,): (i64,) = sqlx::query_as(
        "UPDATE catalog_meta SET version = version + 1 WHERE id = 1 RETURNING version",
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(version)
}

/// Commits a write that changed something, or rolls back a no-op (undoing its bump).
async fn finish(tx: Tx, changed: bool, version: i64) -> Result<CatalogVersion, StoreError> {
    if changed {
        tx.commit().await?;
        Ok(from_db(version))
    } else {
        tx.rollback().await?;
        Ok(from_db(version - 1))
    }
}

impl Db {
    /// The current catalog version (0 before the seed).
    pub async fn version(&self) -> Result<CatalogVersion, StoreError> {
        let (version,): (i64,) = sqlx::query_as("SELECT version FROM catalog_meta WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(from_db(version))
    }

    /// Every commune, sorted by name in Vietnamese alphabetical order.
    pub async fn communes(&self) -> Result<Vec<CommuneSummary>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT code, summary FROM communes")
            .fetch_all(&self.pool)
            .await?;
        let mut list = rows
            .iter()
            .map(|(code, summary)| decode(|| format!("commune {code}"), summary))
            .collect::<Result<Vec<CommuneSummary>, _>>()?;
        list.sort_by_cached_key(|c| (vi_sort_key(&c.name_vi), c.code.clone()));
        Ok(list)
    }

    /// One commune with its office, or `None` when there is no such commune.
    pub async fn commune(&self, code: &CommuneCode) -> Result<Option<Commune>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT summary, office FROM communes WHERE code = $1")
                .bind(code.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(summary, office)| {
            Ok(Commune {
                summary: decode(|| format!("commune {code}"), &summary)?,
                office: decode(|| format!("office of {code}"), &office)?,
            })
        })
        .transpose()
    }

    /// The current version if the commune exists (what an `ETag` check needs), else `None`.
    pub async fn catalog_head(
        &self,
        commune: &CommuneCode,
    ) -> Result<Option<CatalogVersion>, StoreError> {
        let (version, exists): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT version FROM catalog_meta WHERE id = 1), \
                    (SELECT COUNT(*) FROM communes WHERE code = $1)",
        )
        .bind(commune.as_str())
        .fetch_one(&self.pool)
        .await?;
        Ok((exists > 0).then(|| from_db(version)))
    }

    /// The catalog of one commune, or `None` when there is no such commune.
    ///
    /// `since` of `None`, `Some(0)` or a version newer than the server's (a client whose database
    /// was reset) gives a full catalog; otherwise a delta with the procedures whose template or
    /// whose override for this commune changed after `since`, and the codes removed after it.
    pub async fn catalog(
        &self,
        commune: &CommuneCode,
        since: Option<CatalogVersion>,
    ) -> Result<Option<Catalog>, StoreError> {
        // One read transaction: SQLite gives it a consistent snapshot, so `version` matches rows.
        let mut tx = self.pool.begin().await?;
        let version = from_db(current_version(&mut tx).await?);
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT summary, office FROM communes WHERE code = $1")
                .bind(commune.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((summary, office)) = row else {
            return Ok(None);
        };
        let full = match since {
            None | Some(0) => true,
            Some(since) => since > version,
        };
        // Every stored row has a version >= 1, so `> 0` selects everything.
        let after = if full { 0 } else { to_db(since.unwrap_or(0)) };
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT p.code, p.body, o.body FROM procedures p \
             LEFT JOIN local_overrides o ON o.procedure = p.code AND o.commune = $1 \
             WHERE p.version > $2 OR o.version > $2 \
             ORDER BY p.code",
        )
        .bind(commune.as_str())
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        let removed: Vec<(String,)> = if full {
            Vec::new()
        } else {
            sqlx::query_as("SELECT code FROM removed_procedures WHERE version > $1 ORDER BY code")
                .bind(after)
                .fetch_all(&mut *tx)
                .await?
        };
        let qr_rows: Vec<(String, String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT token, commune, target, retired, redirect_to FROM qr_links \
             WHERE commune = $1 AND version > $2 ORDER BY token",
        )
        .bind(commune.as_str())
        .bind(after)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let qr_links = qr_rows
            .into_iter()
            .map(super::qr::link_from_row)
            .collect::<Result<Vec<_>, _>>()?;

        let procedures = rows
            .iter()
            .map(|(code, body, local)| as_offered(commune, code, body, local.as_deref()))
            .collect::<Result<Vec<_>, _>>()?;
        let removed = removed
            .into_iter()
            .map(|(code,)| {
                // A JSON string decodes through `ProcedureCode`'s validating `TryFrom`.
                decode(
                    || format!("removed code {code}"),
                    &serde_json::json!(code).to_string(),
                )
            })
            .collect::<Result<Vec<ProcedureCode>, _>>()?;
        Ok(Some(Catalog {
            version,
            full,
            commune: Commune {
                summary: decode(|| format!("commune {commune}"), &summary)?,
                office: decode(|| format!("office of {commune}"), &office)?,
            },
            procedures,
            removed,
            qr_links,
        }))
    }

    /// One procedure as commune `commune` offers it (its override applied), with the catalog
    /// version it was read at: `None` when there is no such commune, `Some((version, None))` when
    /// the commune exists but the procedure does not.
    pub async fn catalog_procedure(
        &self,
        commune: &CommuneCode,
        code: &ProcedureCode,
    ) -> Result<Option<(CatalogVersion, Option<Procedure>)>, StoreError> {
        // One read transaction, as in `catalog`: the version matches the rows.
        let mut tx = self.pool.begin().await?;
        let version = from_db(current_version(&mut tx).await?);
        let (communes, body, local): (i64, Option<String>, Option<String>) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM communes WHERE code = $1), \
                    (SELECT body FROM procedures WHERE code = $2), \
                    (SELECT body FROM local_overrides WHERE commune = $1 AND procedure = $2)",
        )
        .bind(commune.as_str())
        .bind(code.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        if communes == 0 {
            return Ok(None);
        }
        let procedure = body
            .map(|body| as_offered(commune, code.as_str(), &body, local.as_deref()))
            .transpose()?;
        Ok(Some((version, procedure)))
    }

    /// Fills an empty database with communes and procedures in one change; returns the new version,
    /// or `None` (changing nothing) when the database already holds communes or procedures.
    pub async fn load_seed(
        &self,
        communes: &[Commune],
        procedures: &[Procedure],
    ) -> Result<Option<CatalogVersion>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version = bump(&mut tx).await?;
        let (existing,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM communes) + (SELECT COUNT(*) FROM procedures)",
        )
        .fetch_one(&mut *tx)
        .await?;
        if existing > 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        for commune in communes {
            let code = &commune.summary.code;
            sqlx::query(
                "INSERT INTO communes (code, summary, office, version) VALUES ($1, $2, $3, $4)",
            )
            .bind(code.as_str())
            .bind(encode(|| format!("commune {code}"), &commune.summary)?)
            .bind(encode(|| format!("office of {code}"), &commune.office)?)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        }
        for procedure in procedures {
            let code = &procedure.code;
            sqlx::query("INSERT INTO procedures (code, body, version) VALUES ($1, $2, $3)")
                .bind(code.as_str())
                .bind(encode(|| format!("procedure {code}"), procedure)?)
                .bind(version)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(from_db(version)))
    }

    /// Adds or replaces a national procedure template (and revives it if it was removed).
    /// Returns the catalog version after the change; saving an identical procedure changes nothing.
    pub async fn upsert_procedure(
        &self,
        procedure: &Procedure,
    ) -> Result<CatalogVersion, StoreError> {
        let code = &procedure.code;
        let body = encode(|| format!("procedure {code}"), procedure)?;
        let mut tx = self.pool.begin().await?;
        let version = bump(&mut tx).await?;
        let old: Option<(String,)> = sqlx::query_as("SELECT body FROM procedures WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let changed = old.is_none_or(|(old,)| old != body);
        if changed {
            sqlx::query(
                "INSERT INTO procedures (code, body, version) VALUES ($1, $2, $3) \
                 ON CONFLICT (code) DO UPDATE SET body = excluded.body, version = excluded.version",
            )
            .bind(code.as_str())
            .bind(&body)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM removed_procedures WHERE code = $1")
                .bind(code.as_str())
                .execute(&mut *tx)
                .await?;
        }
        finish(tx, changed, version).await
    }

    /// Adds or replaces a commune's override of a procedure. Fails with
    /// [`StoreError::UnknownCommune`] / [`StoreError::UnknownProcedure`] when either is missing.
    pub async fn put_override(&self, local: &LocalOverride) -> Result<CatalogVersion, StoreError> {
        let (commune, code) = (&local.commune, &local.procedure);
        let body = encode(|| format!("override of {code} for {commune}"), local)?;
        let mut tx = self.pool.begin().await?;
        let version = bump(&mut tx).await?;
        let (has_commune, has_procedure): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM communes WHERE code = $1), \
                    (SELECT COUNT(*) FROM procedures WHERE code = $2)",
        )
        .bind(commune.as_str())
        .bind(code.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if has_commune == 0 {
            return Err(StoreError::UnknownCommune(commune.clone()));
        }
        if has_procedure == 0 {
            return Err(StoreError::UnknownProcedure(code.clone()));
        }
        let old: Option<(String,)> = sqlx::query_as(
            "SELECT body FROM local_overrides WHERE commune = $1 AND procedure = $2",
        )
        .bind(commune.as_str())
        .bind(code.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let changed = old.is_none_or(|(old,)| old != body);
        if changed {
            sqlx::query(
                "INSERT INTO local_overrides (commune, procedure, body, version) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (commune, procedure) \
                 DO UPDATE SET body = excluded.body, version = excluded.version",
            )
            .bind(commune.as_str())
            .bind(code.as_str())
            .bind(&body)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        }
        finish(tx, changed, version).await
    }

    /// Replaces a commune's office (address, hours, staff directory…).
    pub async fn update_office(
        &self,
        commune: &CommuneCode,
        office: &Office,
    ) -> Result<CatalogVersion, StoreError> {
        let body = encode(|| format!("office of {commune}"), office)?;
        let mut tx = self.pool.begin().await?;
        let version = bump(&mut tx).await?;
        let old: Option<(String,)> = sqlx::query_as("SELECT office FROM communes WHERE code = $1")
            .bind(commune.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some((old,)) = old else {
            return Err(StoreError::UnknownCommune(commune.clone()));
        };
        let changed = old != body;
        if changed {
            sqlx::query("UPDATE communes SET office = $2, version = $3 WHERE code = $1")
                .bind(commune.as_str())
                .bind(&body)
                .bind(version)
                .execute(&mut *tx)
                .await?;
        }
        finish(tx, changed, version).await
    }

    /// Withdraws a procedure (its overrides go with it); deltas list it in `removed`.
    pub async fn remove_procedure(
        &self,
        code: &ProcedureCode,
    ) -> Result<CatalogVersion, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version = bump(&mut tx).await?;
        let deleted = sqlx::query("DELETE FROM procedures WHERE code = $1")
            .bind(code.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::UnknownProcedure(code.clone()));
        }
        sqlx::query(
            "INSERT INTO removed_procedures (code, version) VALUES ($1, $2) \
             ON CONFLICT (code) DO UPDATE SET version = excluded.version",
        )
        .bind(code.as_str())
        .bind(version)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(from_db(version))
    }
}
