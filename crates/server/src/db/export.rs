//! A commune's own records as one JSON document (`motcua-server export --commune CODE`): what a
//! commune takes with it to an audit, an archive or another system.

use motcua_domain::{CommuneCode, ReceiptCode};
use serde::Serialize;

use super::{Db, StoreError};

/// Everything one commune has recorded: submissions with their history and letters, and the
/// ratings it received. Device ids and client addresses (kept for rate limits) are left out.
#[derive(Debug, Serialize)]
pub struct CommuneExport {
    /// Commune code.
    pub commune: String,
    /// When the export was made, RFC 3339 UTC.
    pub exported_at: String,
    /// Submissions, newest first.
    pub submissions: Vec<ExportedSubmission>,
    /// Ratings, oldest first.
    pub ratings: Vec<ExportedRating>,
}

/// One submission with its status history and the letters issued for it.
#[derive(Debug, Serialize)]
pub struct ExportedSubmission {
    /// Receipt code.
    pub receipt: String,
    /// Procedure code.
    pub procedure: String,
    /// Procedure name at receipt, Vietnamese.
    pub procedure_name: String,
    /// The citizen's answers, by field id.
    pub answers: std::collections::BTreeMap<String, String>,
    /// Receive time, RFC 3339 UTC.
    pub received_at: String,
    /// Legal due date.
    pub due_date: Option<String>,
    /// Current state tag.
    pub state: String,
    /// Vietnam date it was closed.
    pub closed_on: Option<String>,
    /// Status changes, oldest first.
    pub events: Vec<ExportedEvent>,
    /// Letters issued for it.
    pub letters: Vec<ExportedLetter>,
}

/// One status change.
#[derive(Debug, Serialize)]
pub struct ExportedEvent {
    /// RFC 3339 UTC.
    pub at: String,
    /// Status tag.
    pub status: String,
    /// Reason or note given.
    pub note: Option<String>,
}

/// One issued letter.
#[derive(Debug, Serialize)]
pub struct ExportedLetter {
    /// Kind tag (`birth`, `marriage`, `death`).
    pub kind: String,
    /// Vietnam date of issue.
    pub issued_on: String,
    /// Signer's name.
    pub signer_name: String,
    /// The letter's text.
    pub body: String,
}

/// One rating with the staff reply.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedRating {
    /// Where it came from: `receipt`, `official` or `office`.
    pub source: String,
    /// Receipt rated, if any.
    pub receipt: Option<String>,
    /// Official rated, if any.
    pub official: Option<String>,
    /// Scale id.
    pub scale: String,
    /// Level on that scale.
    pub level: i64,
    /// Plain-text comment.
    pub comment: String,
    /// RFC 3339 UTC.
    pub received_at: String,
    /// Staff reply.
    pub reply: Option<String>,
    /// When the reply was given.
    pub reply_at: Option<String>,
}

impl Db {
    /// The export of `commune`, made at `now` (RFC 3339).
    pub async fn export_commune(
        &self,
        commune: &CommuneCode,
        now: &str,
    ) -> Result<CommuneExport, StoreError> {
        let rows = self.inbox(commune, None, i64::MAX).await?;
        let mut submissions = Vec::with_capacity(rows.len());
        for row in rows {
            let events = match ReceiptCode::parse(&row.receipt) {
                Ok(receipt) => self.submission_events(&receipt).await?,
                Err(_) => Vec::new(),
            };
            let letters = self.letters_of(&row.receipt).await?;
            submissions.push(ExportedSubmission {
                events: events
                    .into_iter()
                    .map(|(at, status, note)| ExportedEvent {
                        at,
                        status: status.tag().to_string(),
                        note,
                    })
                    .collect(),
                letters: letters
                    .into_iter()
                    .map(|l| ExportedLetter {
                        kind: l.kind,
                        issued_on: l.issued_on,
                        signer_name: l.signer_name,
                        body: l.body,
                    })
                    .collect(),
                receipt: row.receipt,
                procedure: row.procedure,
                procedure_name: row.procedure_name.vi,
                answers: row.answers,
                received_at: row.received_at,
                due_date: row.due_date,
                state: row.state,
                closed_on: row.closed_on,
            });
        }
        let ratings = sqlx::query_as(
            "SELECT source, receipt, official, scale, CAST(level AS BIGINT) AS level, comment, \
             received_at, reply, reply_at FROM ratings WHERE commune = $1 ORDER BY received_ms, id",
        )
        .bind(commune.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(CommuneExport {
            commune: commune.as_str().to_string(),
            exported_at: now.to_string(),
            submissions,
            ratings,
        })
    }
}
