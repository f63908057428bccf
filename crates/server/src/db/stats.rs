//! The dashboard's aggregates, straight from SQL: `GROUP BY` over the plain columns `commune`,
//! `state`, `procedure`, `received_on`, `closed_on` and `due_date` of `submissions` (covered by
//! the `submissions_stats` index) and over `ratings`. [`crate::stats`] turns them into the
//! domain's stats types and caches them per stats generation.

use motcua_domain::feedback::stats::{LetterCounts, MonthCount};
use motcua_domain::CommuneCode;

use super::{Db, StoreError};

/// Submissions of one commune in one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateCount {
    /// The commune.
    pub commune: String,
    /// The state tag.
    pub state: String,
    /// How many.
    pub count: u64,
    /// Closed on or before their due date.
    pub on_time: u64,
    /// Closed after their due date.
    pub late: u64,
}

/// Done submissions of one procedure received and closed on the same two dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneGroup {
    /// The procedure code.
    pub procedure: String,
    /// Received, `yyyy-mm-dd`.
    pub received_on: String,
    /// Closed, `yyyy-mm-dd`.
    pub closed_on: String,
    /// How many.
    pub count: u64,
    /// Of those, closed on or before their due date.
    pub on_time: u64,
}

/// Ratings of one commune (and official) at one level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelRow {
    /// The commune, or the official for [`Db::stats_official_levels`].
    pub key: String,
    /// The level.
    pub level: u8,
    /// How many.
    pub count: u64,
}

/// Negative ratings of one commune and how they were answered.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRow {
    /// The commune.
    pub commune: String,
    /// Negative ratings.
    pub negative: u64,
    /// Answered ones.
    pub answered: u64,
    /// Average seconds to the reply.
    pub avg_response_secs: Option<f64>,
}

/// `procedure, received_on, closed_on, count, on_time`.
type DoneRow = (String, Option<String>, Option<String>, i64, i64);

fn n(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// `WHERE commune = $1` when a commune is given, else a condition that is always true.
fn scope(commune: Option<&CommuneCode>, prefix: &str) -> String {
    match commune {
        Some(_) => format!("{prefix} commune = $1"),
        None => format!("{prefix} $1 IS NULL"),
    }
}

impl Db {
    /// Submissions per commune and state, with on-time and late counts of the closed ones.
    pub async fn stats_by_state(
        &self,
        commune: Option<&CommuneCode>,
    ) -> Result<Vec<StateCount>, StoreError> {
        let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(&format!(
            "SELECT commune, state, COUNT(*), \
               CAST(SUM(CASE WHEN due_date IS NOT NULL AND closed_on IS NOT NULL \
                        AND closed_on <= due_date THEN 1 ELSE 0 END) AS BIGINT), \
               CAST(SUM(CASE WHEN due_date IS NOT NULL AND closed_on IS NOT NULL \
                        AND closed_on > due_date THEN 1 ELSE 0 END) AS BIGINT) \
             FROM submissions {} GROUP BY commune, state",
            scope(commune, "WHERE")
        ))
        .bind(commune.map(CommuneCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(commune, state, count, on_time, late)| StateCount {
                commune,
                state,
                count: n(count),
                on_time: n(on_time),
                late: n(late),
            })
            .collect())
    }

    /// Received (by receive date) and done (by close date) per month, oldest first.
    pub async fn stats_months(
        &self,
        commune: Option<&CommuneCode>,
    ) -> Result<Vec<MonthCount>, StoreError> {
        let received: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
            "SELECT substr(received_on, 1, 7), COUNT(*) FROM submissions {} \
             GROUP BY substr(received_on, 1, 7)",
            scope(commune, "WHERE")
        ))
        .bind(commune.map(CommuneCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        let done: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
            "SELECT substr(closed_on, 1, 7), COUNT(*) FROM submissions \
             WHERE state = 'done' {} GROUP BY substr(closed_on, 1, 7)",
            scope(commune, "AND")
        ))
        .bind(commune.map(CommuneCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        let mut months: std::collections::BTreeMap<String, MonthCount> = Default::default();
        for (month, count) in received.into_iter().filter_map(|(m, c)| Some((m?, c))) {
            months
                .entry(month.clone())
                .or_insert(MonthCount {
                    month,
                    received: 0,
                    done: 0,
                })
                .received = n(count);
        }
        for (month, count) in done.into_iter().filter_map(|(m, c)| Some((m?, c))) {
            months
                .entry(month.clone())
                .or_insert(MonthCount {
                    month,
                    received: 0,
                    done: 0,
                })
                .done = n(count);
        }
        Ok(months.into_values().collect())
    }

    /// Done submissions of a commune grouped by procedure, receive date and close date.
    pub async fn stats_done_by_dates(
        &self,
        commune: &CommuneCode,
    ) -> Result<Vec<DoneGroup>, StoreError> {
        let rows: Vec<DoneRow> = sqlx::query_as(
            "SELECT procedure, received_on, closed_on, COUNT(*), \
               CAST(SUM(CASE WHEN due_date IS NOT NULL AND closed_on <= due_date THEN 1 ELSE 0 END) AS BIGINT) \
             FROM submissions WHERE commune = $1 AND state = 'done' \
             GROUP BY procedure, received_on, closed_on",
        )
        .bind(commune.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(procedure, received_on, closed_on, count, on_time)| {
                Some(DoneGroup {
                    procedure,
                    received_on: received_on?,
                    closed_on: closed_on?,
                    count: n(count),
                    on_time: n(on_time),
                })
            })
            .collect())
    }

    /// Ratings per commune and level.
    pub async fn stats_rating_levels(
        &self,
        commune: Option<&CommuneCode>,
    ) -> Result<Vec<LevelRow>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT commune, level, COUNT(*) FROM ratings {} GROUP BY commune, level",
            scope(commune, "WHERE")
        ))
        .bind(commune.map(CommuneCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        Ok(level_rows(rows))
    }

    /// Ratings of a commune per official and level (ratings naming an official).
    pub async fn stats_official_levels(
        &self,
        commune: &CommuneCode,
    ) -> Result<Vec<LevelRow>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT official, level, COUNT(*) FROM ratings \
             WHERE commune = $1 AND official IS NOT NULL GROUP BY official, level",
        )
        .bind(commune.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(level_rows(rows))
    }

    /// Negative ratings per commune, answered ones and the average time to answer.
    pub async fn stats_feedback(
        &self,
        commune: Option<&CommuneCode>,
    ) -> Result<Vec<FeedbackRow>, StoreError> {
        let rows: Vec<(String, i64, i64, Option<f64>)> = sqlx::query_as(&format!(
            "SELECT commune, COUNT(*), COUNT(reply_at), CAST(AVG(response_secs) AS DOUBLE PRECISION) FROM ratings \
             WHERE negative = 1 {} GROUP BY commune",
            scope(commune, "AND")
        ))
        .bind(commune.map(CommuneCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(commune, negative, answered, avg)| FeedbackRow {
                commune,
                negative: n(negative),
                answered: n(answered),
                avg_response_secs: avg,
            })
            .collect())
    }
    /// Letters issued per commune, by kind.
    pub async fn stats_letters(
        &self,
        commune: Option<&CommuneCode>,
    ) -> Result<Vec<(String, LetterCounts)>, StoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(&format!(
            "SELECT commune, kind, COUNT(*) FROM issued_letters {} \
             GROUP BY commune, kind ORDER BY commune",
            scope(commune, "WHERE")
        ))
        .bind(commune.map(CommuneCode::as_str))
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(String, LetterCounts)> = Vec::new();
        for (code, kind, count) in rows {
            if out.last().is_none_or(|(c, _)| *c != code) {
                out.push((code.clone(), LetterCounts::default()));
            }
            let Some((_, counts)) = out.last_mut() else {
                continue;
            };
            let slot = match kind.as_str() {
                "congratulation_birth" => &mut counts.congratulation_birth,
                "congratulation_marriage" => &mut counts.congratulation_marriage,
                "condolence" => &mut counts.condolence,
                _ => continue,
            };
            *slot += n(count);
        }
        Ok(out)
    }
}

fn level_rows(rows: Vec<(String, i64, i64)>) -> Vec<LevelRow> {
    rows.into_iter()
        .map(|(key, level, count)| LevelRow {
            key,
            level: u8::try_from(level).unwrap_or(0),
            count: n(count),
        })
        .collect()
}
