//! Operations: the numbers `/metrics` reports, and online backups.

use std::path::Path;

use super::{Db, Engine, StoreError};

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

impl Db {
    /// Writes a consistent copy of a SQLite database to `path` while the server keeps serving
    /// (`VACUUM INTO`: one read transaction, a compact file, readers and writers go on). The file
    /// must not exist yet. PostgreSQL is backed up with its own tools (`pg_dump`, base backups;
    /// see `docs/deploy.md`), so this refuses it.
    pub async fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if self.engine != Engine::Sqlite {
            return Err(StoreError::BackupUnsupported);
        }
        if path.exists() {
            return Err(StoreError::BackupExists(path.display().to_string()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
