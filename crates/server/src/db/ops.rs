//! Read-only numbers for operations: what `/metrics` and `/readyz` report.

use super::{Db, StoreError};

impl Db {
    /// How many submissions are in each state (`received`, `processing`, …), by state name.
    pub async fn submissions_by_state(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT state, CAST(COUNT(*) AS BIGINT) FROM submissions GROUP BY state ORDER BY state",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
