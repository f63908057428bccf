//! Ratings, staff replies, the anonymous-rating limits, and the stats generation.
//!
//! Every write here (and every submission write in [`submissions`](super)) bumps
//! `stats_meta.generation` in its own transaction, so a cached dashboard knows when to refresh.

use motcua_domain::feedback::{clean_comment, RatingAccepted};
use motcua_domain::{CommuneCode, ReceiptCode};

use super::{Db, StoreError};
use crate::clock::Now;

/// A rating about to be inserted (comment already cleaned and validated).
#[derive(Debug, Clone)]
pub struct RatingRow<'a> {
    /// The idempotency key.
    pub idempotency_key: &'a str,
    /// SHA-256 of the canonical request.
    pub request_hash: &'a str,
    /// The commune rated.
    pub commune: &'a CommuneCode,
    /// `receipt`, `official` or `office`.
    pub source: &'a str,
    /// The submission rated, for receipt ratings.
    pub receipt: Option<&'a ReceiptCode>,
    /// The official rated or named.
    pub official: Option<&'a str>,
    /// The scale id.
    pub scale: &'a str,
    /// The level.
    pub level: u8,
    /// True for a negative level.
    pub negative: bool,
    /// Criteria as JSON.
    pub criteria: &'a str,
    /// The cleaned comment.
    pub comment: &'a str,
    /// Device id of an anonymous rating.
    pub device: Option<&'a str>,
    /// Client address of an anonymous rating.
    pub client_addr: Option<&'a str>,
    /// When it arrived.
    pub at: Now,
}

/// A rating as stored (what replays and the tracking page need).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredRating {
    /// Row id.
    pub id: i64,
    /// The idempotency key.
    pub idempotency_key: String,
    /// SHA-256 of the canonical request.
    pub request_hash: String,
    /// The commune.
    pub commune: String,
    /// The receipt rated, if any.
    pub receipt: Option<String>,
    /// The official, if any.
    pub official: Option<String>,
    /// The level.
    pub level: i64,
    /// Plain-text comment.
    pub comment: String,
    /// RFC 3339 UTC.
    pub received_at: String,
    /// Staff reply.
    pub reply: Option<String>,
    /// Reply author.
    pub reply_by: Option<String>,
    /// Reply time, RFC 3339 UTC.
    pub reply_at: Option<String>,
}

impl StoredRating {
    /// The answer to the `POST` that created it (identical on replays).
    pub fn accepted(&self) -> RatingAccepted {
        RatingAccepted {
            id: self.id,
            level: u8::try_from(self.level).unwrap_or(0),
            comment: self.comment.clone(),
            received_at: self.received_at.clone(),
        }
    }
}

/// What [`Db::insert_rating`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingInserted {
    /// Written, with this id.
    Created(i64),
    /// A UNIQUE constraint refused it: the key or the receipt is taken.
    Duplicate,
}

/// Negative feedback no one has answered yet, for the staff inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnansweredFeedback {
    /// Rating id (what [`Db::reply_to_rating`] takes).
    pub id: i64,
    /// The submission rated, if any.
    pub receipt: Option<String>,
    /// The official rated or named, if any.
    pub official: Option<String>,
    /// The level.
    pub level: u8,
    /// The citizen's comment (plain text: render as text).
    pub comment: String,
    /// When it arrived, RFC 3339 UTC.
    pub received_at: String,
    /// Its age at the time asked, in whole hours.
    pub age_hours: u64,
}

/// A rating as the staff feedback page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedbackItem {
    /// Rating id.
    pub id: i64,
    /// `receipt`, `official` or `office`.
    pub source: String,
    /// The submission rated, if any.
    pub receipt: Option<String>,
    /// The official rated or named, if any.
    pub official: Option<String>,
    /// The level.
    pub level: i64,
    /// 1 for a level staff must answer, else 0.
    pub negative: i64,
    /// The citizen's comment (plain text).
    pub comment: String,
    /// When it arrived, RFC 3339 UTC.
    pub received_at: String,
    /// When it arrived, unix ms (for its age).
    pub received_ms: i64,
    /// The office's answer.
    pub reply: Option<String>,
    /// Who answered.
    pub reply_by: Option<String>,
    /// When, RFC 3339 UTC.
    pub reply_at: Option<String>,
}

impl FeedbackItem {
    /// Negative and not answered yet: flagged to staff.
    pub fn needs_reply(&self) -> bool {
        self.negative == 1 && self.reply_at.is_none()
    }
}

/// Anonymous ratings counted in a rate-limit window, and when the oldest of them arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WindowCount {
    /// Ratings in the window.
    pub count: u64,
    /// Arrival (unix ms) of the oldest one in the window.
    pub oldest_ms: Option<u64>,
}

/// `id, receipt, official, level, comment, received_at, received_ms` of an unanswered rating.
type UnansweredRow = (
    i64,
    Option<String>,
    Option<String>,
    i64,
    String,
    String,
    i64,
);

const RATING_COLUMNS: &str = "id, idempotency_key, request_hash, commune, receipt, official, \
     level, comment, received_at, reply, reply_by, reply_at";

/// Bumps the stats generation; run inside the transaction of the write it follows.
pub(super) const BUMP_GENERATION: &str =
    "UPDATE stats_meta SET generation = generation + 1 WHERE id = 1";

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Db {
    /// The current stats generation (bumped by every write the dashboard counts).
    pub async fn stats_generation(&self) -> Result<u64, StoreError> {
        let (g,): (i64,) = sqlx::query_as("SELECT generation FROM stats_meta WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(g).unwrap_or(0))
    }

    /// Bumps the stats generation on its own (after writes made outside these methods).
    pub async fn bump_stats_generation(&self) -> Result<(), StoreError> {
        sqlx::query(BUMP_GENERATION).execute(&self.pool).await?;
        Ok(())
    }

    /// Inserts a rating and bumps the stats generation, in one transaction. A UNIQUE violation
    /// (key or receipt taken) is [`RatingInserted::Duplicate`], with nothing written.
    pub async fn insert_rating(&self, row: &RatingRow<'_>) -> Result<RatingInserted, StoreError> {
        let mut tx = self.pool.begin().await?;
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO ratings (idempotency_key, request_hash, commune, source, receipt, \
             official, scale, level, negative, criteria, comment, device, client_addr, \
             received_at, received_on, received_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
             RETURNING id",
        )
        .bind(row.idempotency_key)
        .bind(row.request_hash)
        .bind(row.commune.as_str())
        .bind(row.source)
        .bind(row.receipt.map(ReceiptCode::as_str))
        .bind(row.official)
        .bind(row.scale)
        .bind(i64::from(row.level))
        .bind(i64::from(row.negative))
        .bind(row.criteria)
        .bind(row.comment)
        .bind(row.device)
        .bind(row.client_addr)
        .bind(row.at.rfc3339())
        .bind(row.at.vietnam_date().to_string())
        .bind(to_i64(row.at.unix_ms))
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok((id,)) => id,
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                tx.rollback().await?;
                return Ok(RatingInserted::Duplicate);
            }
            Err(err) => return Err(err.into()),
        };
        sqlx::query(BUMP_GENERATION).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(RatingInserted::Created(id))
    }

    /// The rating created with this idempotency key.
    pub async fn rating_by_key(&self, key: &str) -> Result<Option<StoredRating>, StoreError> {
        self.rating_where("idempotency_key", key).await
    }

    /// The rating of a submission.
    pub async fn rating_for_receipt(
        &self,
        receipt: &ReceiptCode,
    ) -> Result<Option<StoredRating>, StoreError> {
        self.rating_where("receipt", receipt.as_str()).await
    }

    /// The rating with this id.
    pub async fn rating(&self, id: i64) -> Result<Option<StoredRating>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {RATING_COLUMNS} FROM ratings WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn rating_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Option<StoredRating>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {RATING_COLUMNS} FROM ratings WHERE {column} = $1"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Anonymous ratings from a device and from a client address since `since_ms`.
    pub async fn anonymous_ratings_since(
        &self,
        device: Option<&str>,
        client_addr: Option<&str>,
        since_ms: u64,
    ) -> Result<(WindowCount, WindowCount), StoreError> {
        let count = |column: &'static str, value: Option<&str>| {
            let pool = self.pool.clone();
            let value = value.map(str::to_owned);
            async move {
                let Some(value) = value else {
                    return Ok::<_, StoreError>(WindowCount::default());
                };
                let (n, oldest): (i64, Option<i64>) = sqlx::query_as(&format!(
                    "SELECT COUNT(*), MIN(received_ms) FROM ratings \
                     WHERE {column} = $1 AND received_ms > $2 AND source <> 'receipt'"
                ))
                .bind(value)
                .bind(to_i64(since_ms))
                .fetch_one(&pool)
                .await?;
                Ok(WindowCount {
                    count: u64::try_from(n).unwrap_or(0),
                    oldest_ms: oldest.and_then(|o| u64::try_from(o).ok()),
                })
            }
        };
        Ok((
            count("device", device).await?,
            count("client_addr", client_addr).await?,
        ))
    }

    /// Writes the office's answer to a rating (as plain text: markup is stripped), who wrote it
    /// and when, with the response time; bumps the stats generation. `false` when there is no
    /// such rating. A second reply replaces the first but keeps the first response time.
    pub async fn reply_to_rating(
        &self,
        rating_id: i64,
        text: &str,
        by: &str,
        at: Now,
    ) -> Result<bool, StoreError> {
        let text = clean_comment(text);
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE ratings SET reply = $1, reply_by = $2, reply_at = $3, \
             response_secs = COALESCE(response_secs, ($4 - received_ms) / 1000) WHERE id = $5",
        )
        .bind(&text)
        .bind(by)
        .bind(at.rfc3339())
        .bind(to_i64(at.unix_ms))
        .bind(rating_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(BUMP_GENERATION).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A commune's ratings for the staff page: unanswered negative ones first (oldest first),
    /// then the newest `limit` others.
    pub async fn feedback_of(
        &self,
        commune: &CommuneCode,
        limit: i64,
    ) -> Result<Vec<FeedbackItem>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, source, receipt, official, CAST(level AS BIGINT) AS level, \
             CAST(negative AS BIGINT) AS negative, comment, received_at, received_ms, reply, reply_by, \
             reply_at FROM ratings WHERE commune = $1 \
             ORDER BY CASE WHEN negative = 1 AND reply_at IS NULL THEN 0 ELSE 1 END, \
             CASE WHEN negative = 1 AND reply_at IS NULL THEN received_ms ELSE -received_ms END, \
             id LIMIT $2",
        )
        .bind(commune.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Negative ratings of a commune without a reply, oldest first, with their age at `now`.
    pub async fn unanswered_negative(
        &self,
        commune: &CommuneCode,
        now: Now,
    ) -> Result<Vec<UnansweredFeedback>, StoreError> {
        let rows: Vec<UnansweredRow> = sqlx::query_as(
            "SELECT id, receipt, official, level, comment, received_at, received_ms \
                 FROM ratings WHERE commune = $1 AND negative = 1 AND reply_at IS NULL \
                 ORDER BY received_ms, id",
        )
        .bind(commune.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, receipt, official, level, comment, received_at, ms)| UnansweredFeedback {
                    id,
                    receipt,
                    official,
                    level: u8::try_from(level).unwrap_or(0),
                    comment,
                    received_at,
                    age_hours: now.unix_ms.saturating_sub(u64::try_from(ms).unwrap_or(0))
                        / 3_600_000,
                },
            )
            .collect())
    }
}
