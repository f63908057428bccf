//! The append-only audit log of staff actions (`staff_audit`): rows are only ever inserted, in
//! the same transaction as the change they record.

use sqlx::{Any, Transaction};

use super::{Db, StoreError};

/// One audit entry to write.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// RFC 3339 UTC time.
    pub at: &'a str,
    /// The staff account acting.
    pub actor: i64,
    /// The commune concerned, if any.
    pub commune: Option<&'a str>,
    /// What was done, e.g. `status_change`, `letter_issued`.
    pub action: &'a str,
    /// What it was done to: a receipt, a procedure code, an email…
    pub subject: &'a str,
    /// The state before (status changes).
    pub from_state: Option<&'a str>,
    /// The state after.
    pub to_state: Option<&'a str>,
    /// A note or reason.
    pub note: Option<&'a str>,
}

/// One audit entry as read back, with the actor's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    /// RFC 3339 UTC time.
    pub at: String,
    /// The actor's account id.
    pub actor: i64,
    /// The actor's name.
    pub actor_name: String,
    /// What was done.
    pub action: String,
    /// To what.
    pub subject: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: Option<String>,
    /// Note or reason.
    pub note: Option<String>,
}

/// Appends an entry inside the caller's transaction.
pub(super) async fn append(
    tx: &mut Transaction<'static, Any>,
    entry: &Entry<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO staff_audit (at, actor, commune, action, subject, from_state, to_state, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.at)
    .bind(entry.actor)
    .bind(entry.commune)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.from_state)
    .bind(entry.to_state)
    .bind(entry.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// Appends one audit entry on its own.
    pub async fn audit(&self, entry: &Entry<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        append(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit entries about a subject, oldest first.
    pub async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT l.at, l.actor, COALESCE(a.name, '') AS actor_name, l.action, l.subject, \
             l.from_state, l.to_state, l.note FROM staff_audit l \
             LEFT JOIN staff_accounts a ON a.id = l.actor WHERE l.subject = $1 ORDER BY l.id",
        )
        .bind(subject)
        .fetch_all(&self.pool)
        .await?)
    }
}
