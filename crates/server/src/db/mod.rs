//! The store: the versioned catalog ([`store`](self)), citizens' submissions
//! ([`submissions`](self)), their ratings and staff replies ([`feedback`](self)) and the
//! dashboard's aggregates ([`stats`](self)).
//!
//! [`Db`] is the only door to the database: routes, the seed and the staff pages call its
//! methods and never see SQL. It runs on SQLite (the embedded default, one file) or PostgreSQL
//! (several server instances), chosen by the URL's scheme, through sqlx's `Any` driver: one
//! pool type, one set of queries. The SQL is therefore portable: `$n` placeholders, `ON CONFLICT`,
//! `RETURNING`, JSON kept as `TEXT`, times as RFC 3339 `TEXT`, integers as `BIGINT`, and
//! aggregates cast to `BIGINT` / `DOUBLE PRECISION` (PostgreSQL's `SUM` is `NUMERIC`, which `Any`
//! cannot decode). Each engine has its own migration folder, `migrations/sqlite/` and
//! `migrations/postgres/`, kept in step (a test compares them).
//!
//! Versioning: `catalog_meta.version` is one global counter. Every write method runs in one
//! transaction that first bumps the counter and then stamps each row it changes with the new value,
//! so `version > since` finds exactly what changed after a client's `since`.

mod export;
mod feedback;
mod ops;
mod qr;
mod stats;

pub use export::CommuneExport;
pub use feedback::{
    FeedbackItem, RatingInserted, RatingRow, StoredRating, UnansweredFeedback, WindowCount,
};
pub use stats::{DoneGroup, FeedbackRow, LevelRow, StateCount};
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

use std::time::Duration;

use motcua_domain::{CommuneCode, ProcedureCode};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor as _};

/// Migrations for SQLite, embedded in the binary and run at start.
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Migrations for PostgreSQL, embedded in the binary and run at start.
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Settings every SQLite connection gets: write-ahead log (readers never wait for the writer),
/// `NORMAL` sync (durable at each checkpoint, safe with WAL), foreign keys enforced, and 5 s of
/// waiting for another writer before "database is locked".
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// The database engine behind a [`Db`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One SQLite file (or memory), the embedded default.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Engine {
    /// The engine a database URL names, if this build knows it.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// A handle on the database; cheap to clone (it shares one pool).
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
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
    /// The database URL names an engine this build cannot use.
    #[error("unsupported database URL (use sqlite:// or postgres://): {0}")]
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
    /// `backup` is for SQLite; PostgreSQL has `pg_dump`.
    #[error("online backup is built in for SQLite only; back PostgreSQL up with pg_dump")]
    BackupUnsupported,
    /// The backup file is there already (never overwritten).
    #[error("the backup file {0} already exists")]
    BackupExists(String),
    /// Migrations failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl Db {
    /// Opens the database at `url` (`sqlite://…` or `postgres://…`) and runs pending
    /// migrations. A SQLite file (and its directory) is created when missing; every SQLite
    /// connection gets [`SQLITE_PRAGMAS`].
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::of_url(url).ok_or_else(|| StoreError::UnsupportedUrl(redact(url)))?;
        let pool = match engine {
            Engine::Sqlite => connect_sqlite(url).await?,
            Engine::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .idle_timeout(Some(Duration::from_secs(600)))
                    .connect(url)
                    .await?
            }
        };
        match engine {
            Engine::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Engine::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        Ok(Self { pool, engine })
    }

    /// Which engine this is.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The connection pool, for tests and tools that check what was stored; the server itself
    /// goes through the methods.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
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

/// Opens a SQLite pool: creates the file's directory, asks for the file to be created
/// (`mode=rwc`) unless the URL says otherwise, and applies [`SQLITE_PRAGMAS`] to each connection.
async fn connect_sqlite(url: &str) -> Result<AnyPool, StoreError> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let url = if in_memory || url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    if !in_memory {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = std::path::Path::new(path.split('?').next().unwrap_or_default());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
    }
    let pool = AnyPoolOptions::new()
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
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    Ok(pool)
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
    use super::{redact, Engine};

    /// The file names in a migration folder, sorted.
    fn migrations(engine: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_engines_have_the_same_migrations() {
        let sqlite = migrations("sqlite");
        assert!(sqlite.len() >= 3);
        assert_eq!(sqlite, migrations("postgres"));
    }

    #[test]
    fn engines_are_chosen_by_scheme() {
        assert_eq!(Engine::of_url("sqlite://var/m.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgres://u@h/db"), Some(Engine::Postgres));
        assert_eq!(
            Engine::of_url("postgresql://u@h/db"),
            Some(Engine::Postgres)
        );
        assert_eq!(Engine::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:secret@db/motcua"),
            "postgres://***@db/motcua"
        );
        assert_eq!(redact("sqlite://var/motcua.db"), "sqlite://var/motcua.db");
    }
}
