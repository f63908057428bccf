//! Attachments, submissions and their status history.
//!
//! Exactly-once: `submissions.idempotency_key` and `submissions.draft_id` are UNIQUE, and
//! [`Db::insert_submission`] writes the row and its first event in one transaction. When two
//! requests race, the database lets exactly one insert through; the other gets
//! [`Inserted::Duplicate`] and the caller re-reads the winner's row to replay its answer.

use motcua_domain::{
    AttachmentRef, CommuneCode, Localized, Procedure, ProcedureCode, ReceiptCode, Sha256Hex,
    SubmissionStatus,
};

use super::feedback::BUMP_GENERATION;
use super::store::{as_offered, decode, encode};
use super::{Db, StoreError};
use crate::clock::Now;

/// An attachment the server holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    /// Its SHA-256 (and content address).
    pub sha256: Sha256Hex,
    /// Its size in bytes.
    pub bytes: u64,
    /// The sniffed MIME type.
    pub content_type: String,
}

/// A submission as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSubmission {
    /// The receipt code (primary key).
    pub receipt: ReceiptCode,
    /// The draft it came from.
    pub draft_id: String,
    /// The `Idempotency-Key` it was created with.
    pub idempotency_key: String,
    /// SHA-256 of the canonical JSON of the request.
    pub request_hash: String,
    /// The receiving commune.
    pub commune: CommuneCode,
    /// The procedure.
    pub procedure: ProcedureCode,
    /// The procedure's name at receipt.
    pub procedure_name: Localized,
    /// The form version answered.
    pub form_version: u32,
    /// The photos referenced.
    pub attachments: Vec<AttachmentRef>,
    /// SHA-256 hex of the tracking secret.
    pub tracking_secret_hash: String,
    /// Server receive time, RFC 3339 UTC.
    pub received_at: String,
    /// Legal due date, `yyyy-mm-dd`.
    pub due_date: Option<String>,
    /// Current status.
    pub status: SubmissionStatus,
    /// When the status last changed, RFC 3339 UTC.
    pub updated_at: String,
}

/// A submission about to be inserted.
#[derive(Debug, Clone)]
pub struct SubmissionRow<'a> {
    /// The new receipt code.
    pub receipt: &'a ReceiptCode,
    /// The draft id.
    pub draft_id: &'a str,
    /// The idempotency key.
    pub idempotency_key: &'a str,
    /// SHA-256 of the canonical request.
    pub request_hash: &'a str,
    /// The commune.
    pub commune: &'a CommuneCode,
    /// The procedure.
    pub procedure: &'a ProcedureCode,
    /// The procedure's name.
    pub procedure_name: &'a Localized,
    /// The form version.
    pub form_version: u32,
    /// Answers as stored JSON.
    pub answers: &'a std::collections::BTreeMap<String, String>,
    /// Attachments.
    pub attachments: &'a [AttachmentRef],
    /// SHA-256 hex of the tracking secret.
    pub tracking_secret_hash: &'a str,
    /// Receive time, RFC 3339 UTC.
    pub received_at: &'a str,
    /// The Vietnam date of `received_at`, `yyyy-mm-dd`.
    pub received_on: &'a str,
    /// Due date.
    pub due_date: Option<&'a str>,
    /// Initial status.
    pub status: &'a SubmissionStatus,
}

/// What [`Db::insert_submission`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// The row was written.
    Created,
    /// A UNIQUE constraint refused it: same key, same draft or (rarely) same receipt code.
    Duplicate,
}

#[derive(sqlx::FromRow)]
struct Row {
    receipt: String,
    draft_id: String,
    idempotency_key: String,
    request_hash: String,
    commune: String,
    procedure: String,
    procedure_name: String,
    form_version: i64,
    attachments: String,
    tracking_secret_hash: String,
    received_at: String,
    due_date: Option<String>,
    status: String,
    updated_at: String,
}

const COLUMNS: &str = "receipt, draft_id, idempotency_key, request_hash, commune, procedure, \
     procedure_name, form_version, attachments, tracking_secret_hash, received_at, due_date, \
     status, updated_at";

/// Decodes a JSON string value into a validating newtype (`ReceiptCode`, `CommuneCode`…).
fn decode_id<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    decode(
        || format!("{what} {text}"),
        &serde_json::json!(text).to_string(),
    )
}

impl Row {
    fn into_stored(self) -> Result<StoredSubmission, StoreError> {
        let what = || format!("submission {}", self.receipt);
        Ok(StoredSubmission {
            receipt: decode_id("receipt", &self.receipt)?,
            commune: decode_id("commune", &self.commune)?,
            procedure: decode_id("procedure", &self.procedure)?,
            procedure_name: decode(what, &self.procedure_name)?,
            form_version: u32::try_from(self.form_version).unwrap_or(0),
            attachments: decode(what, &self.attachments)?,
            status: decode(what, &self.status)?,
            draft_id: self.draft_id,
            idempotency_key: self.idempotency_key,
            request_hash: self.request_hash,
            tracking_secret_hash: self.tracking_secret_hash,
            received_at: self.received_at,
            due_date: self.due_date,
            updated_at: self.updated_at,
        })
    }
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Db {
    /// The attachment with this hash, if its file was stored.
    pub async fn attachment(
        &self,
        sha256: &Sha256Hex,
    ) -> Result<Option<StoredAttachment>, StoreError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT bytes, content_type FROM attachments WHERE sha256 = $1")
                .bind(sha256.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(bytes, content_type)| StoredAttachment {
            sha256: sha256.clone(),
            bytes: u64::try_from(bytes).unwrap_or(0),
            content_type,
        }))
    }

    /// Records an attachment whose file now exists; `true` when it is new, `false` when it was
    /// already recorded (uploads are idempotent by content).
    pub async fn put_attachment(
        &self,
        attachment: &StoredAttachment,
        stored_at: &str,
    ) -> Result<bool, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO attachments (sha256, bytes, content_type, stored_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(attachment.sha256.as_str())
        .bind(i64::try_from(attachment.bytes).unwrap_or(i64::MAX))
        .bind(&attachment.content_type)
        .bind(stored_at)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    /// The procedure as offered in a commune (its local override applied). `Ok(Err(false))` when
    /// the commune does not exist, `Ok(Err(true))` when it exists but the procedure does not.
    pub async fn procedure_in(
        &self,
        commune: &CommuneCode,
        code: &ProcedureCode,
    ) -> Result<Result<Procedure, bool>, StoreError> {
        let row: (i64, Option<String>, Option<String>) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM communes WHERE code = $1), \
                    (SELECT body FROM procedures WHERE code = $2), \
                    (SELECT body FROM local_overrides WHERE commune = $1 AND procedure = $2)",
        )
        .bind(commune.as_str())
        .bind(code.as_str())
        .fetch_one(&self.pool)
        .await?;
        let (commune_count, body, local) = row;
        let commune_exists = commune_count > 0;
        let Some(body) = body.filter(|_| commune_exists) else {
            return Ok(Err(commune_exists));
        };
        Ok(Ok(as_offered(
            commune,
            code.as_str(),
            &body,
            local.as_deref(),
        )?))
    }

    /// The submission created with this idempotency key.
    pub async fn submission_by_key(
        &self,
        key: &str,
    ) -> Result<Option<StoredSubmission>, StoreError> {
        self.submission_where("idempotency_key", key).await
    }

    /// The submission of this draft.
    pub async fn submission_by_draft(
        &self,
        draft_id: &str,
    ) -> Result<Option<StoredSubmission>, StoreError> {
        self.submission_where("draft_id", draft_id).await
    }

    /// The submission with this receipt code.
    pub async fn submission(
        &self,
        receipt: &ReceiptCode,
    ) -> Result<Option<StoredSubmission>, StoreError> {
        self.submission_where("receipt", receipt.as_str()).await
    }

    async fn submission_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Option<StoredSubmission>, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE {column} = $1"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Row::into_stored).transpose()
    }

    /// How many submissions the server holds.
    pub async fn submission_count(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Inserts a submission and its first event in one transaction. A UNIQUE violation (key,
    /// draft or receipt taken, e.g. by a concurrent request) is [`Inserted::Duplicate`], with
    /// nothing written.
    pub async fn insert_submission(&self, row: &SubmissionRow<'_>) -> Result<Inserted, StoreError> {
        let receipt = row.receipt.as_str();
        let what = || format!("submission {receipt}");
        let status = encode(what, row.status)?;
        let mut tx = self.pool.begin().await?;
        // The first statement writes, so SQLite takes the write lock at once.
        let inserted = sqlx::query(&format!(
            "INSERT INTO submissions ({COLUMNS}, answers, state, received_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
        ))
        .bind(receipt)
        .bind(row.draft_id)
        .bind(row.idempotency_key)
        .bind(row.request_hash)
        .bind(row.commune.as_str())
        .bind(row.procedure.as_str())
        .bind(encode(what, row.procedure_name)?)
        .bind(i64::from(row.form_version))
        .bind(encode(what, &row.attachments)?)
        .bind(row.tracking_secret_hash)
        .bind(row.received_at)
        .bind(row.due_date)
        .bind(&status)
        .bind(row.received_at)
        .bind(encode(what, row.answers)?)
        .bind(row.status.tag())
        .bind(row.received_on)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(err) if is_unique_violation(&err) => {
                tx.rollback().await?;
                return Ok(Inserted::Duplicate);
            }
            Err(err) => return Err(err.into()),
        }
        sqlx::query(
            "INSERT INTO submission_events (receipt, at, status, note) VALUES ($1, $2, $3, NULL)",
        )
        .bind(receipt)
        .bind(row.received_at)
        .bind(&status)
        .execute(&mut *tx)
        .await?;
        sqlx::query(BUMP_GENERATION).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Inserted::Created)
    }

    /// Changes the status of a submission and appends the change to its history, in one
    /// transaction; `false` (nothing written) when there is no such receipt. Keeps the plain
    /// `state`, `closed_at` and `closed_on` columns in step (closed = done or rejected), and bumps
    /// the stats generation.
    pub async fn set_status(
        &self,
        receipt: &ReceiptCode,
        status: &SubmissionStatus,
        note: Option<&str>,
        at: Now,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        if !write_status(&mut tx, receipt, status, note, at, None).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The status history of a submission, oldest first: `(at, status, note)`.
    pub async fn submission_events(
        &self,
        receipt: &ReceiptCode,
    ) -> Result<Vec<(String, SubmissionStatus, Option<String>)>, StoreError> {
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT at, status, note FROM submission_events WHERE receipt = $1 ORDER BY id",
        )
        .bind(receipt.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(at, status, note)| {
                Ok((at, decode(|| format!("event of {receipt}"), &status)?, note))
            })
            .collect()
    }
}

/// Writes a status change and its history event inside the caller's transaction; when
/// `expected_state` is given, only if the stored `state` still is that tag (compare-and-set, so
/// two officials acting at once cannot both move it). `false` when nothing matched.
pub(super) async fn write_status(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    receipt: &ReceiptCode,
    status: &SubmissionStatus,
    note: Option<&str>,
    at: Now,
    expected_state: Option<&str>,
) -> Result<bool, StoreError> {
    let encoded = encode(|| format!("status of {receipt}"), status)?;
    let at_text = at.rfc3339();
    let (closed_at, closed_on) = if status.is_closed() {
        (Some(at_text.clone()), Some(at.vietnam_date().to_string()))
    } else {
        (None, None)
    };
    let changed = sqlx::query(
        "UPDATE submissions SET status = $1, updated_at = $2, state = $3, closed_at = $4, \
         closed_on = $5 WHERE receipt = $6 AND ($7 IS NULL OR state = $7)",
    )
    .bind(&encoded)
    .bind(&at_text)
    .bind(status.tag())
    .bind(closed_at)
    .bind(closed_on)
    .bind(receipt.as_str())
    .bind(expected_state)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO submission_events (receipt, at, status, note) VALUES ($1, $2, $3, $4)",
    )
    .bind(receipt.as_str())
    .bind(&at_text)
    .bind(&encoded)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    sqlx::query(BUMP_GENERATION).execute(&mut **tx).await?;
    Ok(true)
}
