//! What the staff inbox reads (a commune's submissions with their answers), status changes with
//! their audit entry in one transaction, and on-time rates.

use std::collections::BTreeMap;

use motcua_domain::{CommuneCode, Localized, ReceiptCode, SubmissionStatus};

use super::audit::{append, Entry};
use super::store::decode;
use super::submissions::write_status;
use super::{Db, StoreError};
use crate::clock::Now;

/// One line of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    /// Receipt code.
    pub receipt: String,
    /// Procedure code.
    pub procedure: String,
    /// Procedure name at receipt.
    pub procedure_name: Localized,
    /// The answers, by field id.
    pub answers: BTreeMap<String, String>,
    /// Receive time, RFC 3339 UTC.
    pub received_at: String,
    /// Legal due date, `yyyy-mm-dd`.
    pub due_date: Option<String>,
    /// The status tag.
    pub state: String,
    /// The Vietnam date it was closed.
    pub closed_on: Option<String>,
}

/// A status change asked for by a staff member.
#[derive(Debug, Clone)]
pub struct Transition<'a> {
    /// The submission.
    pub receipt: &'a ReceiptCode,
    /// The status tag the official saw (the change applies only if it still holds).
    pub from: &'a str,
    /// The new status.
    pub to: &'a SubmissionStatus,
    /// The staff account acting.
    pub actor: i64,
    /// The submission's commune.
    pub commune: &'a CommuneCode,
    /// When.
    pub at: Now,
}

/// On-time figures of one officer (or the whole commune when `actor` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnTime {
    /// The officer's account id (`None` = the commune).
    pub actor: Option<i64>,
    /// The officer's name.
    pub name: String,
    /// Completed (done) submissions with a due date.
    pub done: i64,
    /// Of those, closed on or before the due date.
    pub on_time: i64,
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

impl Db {
    /// The submissions of a commune (optionally in one state), newest first, at most `limit`.
    pub async fn inbox(
        &self,
        commune: &CommuneCode,
        state: Option<&str>,
        limit: i64,
    ) -> Result<Vec<InboxRow>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT receipt, procedure, procedure_name, answers, received_at, due_date, state, \
             closed_on FROM submissions WHERE commune = $1 AND ($2 IS NULL OR state = $2) \
             ORDER BY received_at DESC LIMIT $3",
        )
        .bind(commune.as_str())
        .bind(state)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(inbox_row).collect()
    }

    /// The answers of one submission.
    pub async fn submission_answers(
        &self,
        receipt: &ReceiptCode,
    ) -> Result<Option<BTreeMap<String, String>>, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT answers FROM submissions WHERE receipt = $1")
                .bind(receipt.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(a,)| decode(|| format!("answers of {receipt}"), &a))
            .transpose()
    }

    /// Applies a status change, its history event and its audit entry in one transaction, only
    /// if the submission is still in `from`; `false` (nothing written) otherwise.
    pub async fn transition(&self, change: &Transition<'_>) -> Result<bool, StoreError> {
        let note = match change.to {
            SubmissionStatus::NeedsDocuments { note } => Some(note.as_str()),
            SubmissionStatus::Rejected { reason } => Some(reason.as_str()),
            _ => None,
        };
        let mut tx = self.pool.begin().await?;
        let written = write_status(
            &mut tx,
            change.receipt,
            change.to,
            note,
            change.at,
            Some(change.from),
        )
        .await?;
        if !written {
            tx.rollback().await?;
            return Ok(false);
        }
        append(
            &mut tx,
            &Entry {
                at: &change.at.rfc3339(),
                actor: change.actor,
                commune: Some(change.commune.as_str()),
                action: "status_change",
                subject: change.receipt.as_str(),
                from_state: Some(change.from),
                to_state: Some(change.to.tag()),
                note,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// On-time rates of a commune: first the commune as a whole, then each officer who completed
    /// submissions (the one who moved it to done), by name.
    pub async fn on_time(&self, commune: &CommuneCode) -> Result<Vec<OnTime>, StoreError> {
        let (done, on_time): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN closed_on <= due_date THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM submissions WHERE commune = $1 AND state = 'done' AND due_date IS NOT NULL",
        )
        .bind(commune.as_str())
        .fetch_one(&self.pool)
        .await?;
        let mut out = vec![OnTime {
            actor: None,
            name: String::new(),
            done,
            on_time,
        }];
        let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT l.actor, COALESCE(a.name, ''), COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN s.closed_on <= s.due_date THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM submissions s \
             JOIN staff_audit l ON l.subject = s.receipt AND l.action = 'status_change' \
                  AND l.to_state = 'done' \
             LEFT JOIN staff_accounts a ON a.id = l.actor \
             WHERE s.commune = $1 AND s.state = 'done' AND s.due_date IS NOT NULL \
             GROUP BY l.actor, a.name ORDER BY a.name",
        )
        .bind(commune.as_str())
        .fetch_all(&self.pool)
        .await?;
        out.extend(rows.into_iter().map(|(actor, name, done, on_time)| OnTime {
            actor: Some(actor),
            name,
            done,
            on_time,
        }));
        Ok(out)
    }
}

fn inbox_row(row: Row) -> Result<InboxRow, StoreError> {
    let (receipt, procedure, name, answers, received_at, due_date, state, closed_on) = row;
    Ok(InboxRow {
        procedure_name: decode(|| format!("submission {receipt}"), &name)?,
        answers: decode(|| format!("answers of {receipt}"), &answers)?,
        receipt,
        procedure,
        received_at,
        due_date,
        state,
        closed_on,
    })
}

/// The answers that name the citizen, most telling first.
const NAME_FIELDS: [&str; 5] = [
    "requester_name",
    "groom_name",
    "person_name",
    "child_name",
    "deceased_name",
];

/// The citizen's name as the answers give it (the applicant, else the first name found).
pub fn citizen_name(answers: &BTreeMap<String, String>) -> String {
    NAME_FIELDS
        .iter()
        .find_map(|f| answers.get(*f).filter(|v| !v.trim().is_empty()))
        .or_else(|| {
            answers
                .iter()
                .find(|(k, v)| k.ends_with("_name") && !v.trim().is_empty())
                .map(|(_, v)| v)
        })
        .cloned()
        .unwrap_or_default()
}
