//! Letter templates per commune and the log of issued letters (`issued_letters`).

use motcua_domain::letters::LetterKind;
use motcua_domain::CommuneCode;

use super::audit::{append, Entry};
use super::{Db, StoreError};

/// A letter about to be issued.
#[derive(Debug, Clone)]
pub struct NewLetter<'a> {
    /// The commune issuing it.
    pub commune: &'a CommuneCode,
    /// The submission it follows.
    pub receipt: &'a str,
    /// Its kind.
    pub kind: LetterKind,
    /// The leader issuing it.
    pub issued_by: i64,
    /// RFC 3339 UTC.
    pub issued_at: &'a str,
    /// Vietnam date, `yyyy-mm-dd`.
    pub issued_on: &'a str,
    /// The filled body text.
    pub body: &'a str,
    /// The commune's name as printed.
    pub commune_name: &'a str,
    /// The signer's name.
    pub signer_name: &'a str,
    /// The signer's title.
    pub signer_title: &'a str,
}

/// An issued letter.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IssuedLetter {
    /// Row id.
    pub id: i64,
    /// Commune code.
    pub commune: String,
    /// Receipt of the submission.
    pub receipt: String,
    /// Kind tag.
    pub kind: String,
    /// Issuer's account id.
    pub issued_by: i64,
    /// RFC 3339 UTC.
    pub issued_at: String,
    /// Vietnam date.
    pub issued_on: String,
    /// Body text.
    pub body: String,
    /// Commune name.
    pub commune_name: String,
    /// Signer's name.
    pub signer_name: String,
    /// Signer's title.
    pub signer_title: String,
}

const COLUMNS: &str = "id, commune, receipt, kind, issued_by, issued_at, issued_on, body, \
                       commune_name, signer_name, signer_title";

impl Db {
    /// The commune's template of a kind, if it wrote one.
    pub async fn letter_template(
        &self,
        commune: &CommuneCode,
        kind: LetterKind,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT body FROM letter_templates WHERE commune = $1 AND kind = $2")
                .bind(commune.as_str())
                .bind(kind.tag())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(b,)| b))
    }

    /// Saves a (checked) template, audited.
    pub async fn put_letter_template(
        &self,
        commune: &CommuneCode,
        kind: LetterKind,
        body: &str,
        actor: i64,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO letter_templates (commune, kind, body, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (commune, kind) DO UPDATE SET \
             body = excluded.body, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(commune.as_str())
        .bind(kind.tag())
        .bind(body)
        .bind(actor)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            &Entry {
                at,
                actor,
                commune: Some(commune.as_str()),
                action: "template_saved",
                subject: kind.tag(),
                from_state: None,
                to_state: None,
                note: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Logs an issued letter and its audit entry; returns its id.
    pub async fn issue_letter(&self, letter: &NewLetter<'_>) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO issued_letters (commune, receipt, kind, issued_by, issued_at, issued_on, \
             body, commune_name, signer_name, signer_title) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(letter.commune.as_str())
        .bind(letter.receipt)
        .bind(letter.kind.tag())
        .bind(letter.issued_by)
        .bind(letter.issued_at)
        .bind(letter.issued_on)
        .bind(letter.body)
        .bind(letter.commune_name)
        .bind(letter.signer_name)
        .bind(letter.signer_title)
        .fetch_one(&mut *tx)
        .await?;
        append(
            &mut tx,
            &Entry {
                at: letter.issued_at,
                actor: letter.issued_by,
                commune: Some(letter.commune.as_str()),
                action: "letter_issued",
                subject: letter.receipt,
                from_state: None,
                to_state: Some(letter.kind.tag()),
                note: None,
            },
        )
        .await?;
        // The public dashboard counts letters.
        sqlx::query(super::feedback::BUMP_GENERATION)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One issued letter.
    pub async fn issued_letter(&self, id: i64) -> Result<Option<IssuedLetter>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM issued_letters WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The letters issued for a submission, oldest first.
    pub async fn letters_of(&self, receipt: &str) -> Result<Vec<IssuedLetter>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM issued_letters WHERE receipt = $1 ORDER BY id"
        ))
        .bind(receipt)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The receipts of a commune that already have a letter.
    pub async fn receipts_with_letters(
        &self,
        commune: &CommuneCode,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT receipt FROM issued_letters WHERE commune = $1")
                .bind(commune.as_str())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(r,)| r).collect())
    }
}
