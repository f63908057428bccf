//! The store: the versioned catalog ([`store`](self)) and citizens' submissions
//! ([`submissions`](self)).
//!
//! [`Db`] is the only door to the database: routes, the seed and (later) the staff UI call its
//! methods and never see SQL. Today it wraps a SQLite pool; the SQL in [`store`](self) is kept
//! portable (`$n` placeholders, `ON CONFLICT`, `RETURNING`, JSON kept as `TEXT`) so that PostgreSQL
//! can be added behind the same methods with a `migrations/postgres/` folder and a second pool kind.
//!
//! Versioning: `catalog_meta.version` is one global counter. Every write method runs in one
//! transaction that first bumps the counter and then stamps each row it changes with the new value,
//! so `version > since` finds exactly what changed after a client's `since`.

pub mod audit;
mod inbox;
mod letters;
mod staff;
mod store;
mod submissions;

pub use audit::{AuditRow, Entry as AuditEntry};
pub use inbox::{citizen_name as inbox_citizen_name, InboxRow, OnTime, Transition};
pub use letters::{IssuedLetter, NewLetter};
pub use staff::{Account, NewAccount, Role, SessionRow, Throttle};
pub use submissions::{Inserted, StoredAttachment, StoredSubmission, SubmissionRow};

use std::str::FromStr;
use std::time::Duration;

use motcua_domain::{CommuneCode, ProcedureCode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Migrations for SQLite, embedded in the binary and run at start.
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for another writer before giving up with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A handle on the catalog database; cheap to clone (it shares one pool).
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The commune does not exist.
    #[error("unknown commune {0}")]
    UnknownCommune(CommuneCode),
    /// The procedure does not exist (or was removed).
    #[error("unknown procedure {0}")]
    UnknownProcedure(ProcedureCode),
    /// The database URL names an engine this build cannot use yet.
    #[error("unsupported database URL (only sqlite:// is supported for now): {0}")]
    UnsupportedUrl(String),
    /// A stored JSON document no longer matches the domain types.
    #[error("stored {what} is not valid: {source}")]
    Corrupt {
        /// Which document (e.g. `procedure 1.001193`).
        what: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// A value could not be turned into JSON for storage.
    #[error("cannot encode {what}: {source}")]
    Encode {
        /// Which document.
        what: String,
        /// The encoding error.
        source: serde_json::Error,
    },
    /// The directory of the database file could not be created.
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// Migrations failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl Db {
    /// Opens (creating when needed) the database at `url`, with WAL, foreign keys and a busy
    /// timeout, creates the parent directory of a SQLite file, and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if !url.starts_with("sqlite:") {
            return Err(StoreError::UnsupportedUrl(redact(url)));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let file = options.get_filename();
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if !in_memory {
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
        }
        let pool = SqlitePoolOptions::new()
            // An in-memory database lives in one connection; share it.
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if in_memory {
                None
            } else {
                Some(Duration::from_secs(3600))
            })
            .connect_with(options)
            .await?;
        SQLITE_MIGRATIONS.run(&pool).await?;
        Ok(Self { pool })
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection (checkpointing the WAL); later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A database URL fit for logs and error messages: any password is hidden.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:secret@db/motcua"),
            "postgres://***@db/motcua"
        );
        assert_eq!(redact("sqlite://var/motcua.db"), "sqlite://var/motcua.db");
    }
}
