//! The phone's own copy of the data, in IndexedDB (via rexie).
//!
//! [`Storage::open`] never leaves the app without a database when the browser allows one: a
//! database that fails to open (corrupt, a version newer than this code, missing stores, or an
//! upgrade blocked for too long) is deleted and rebuilt empty, and [`Storage::rebuilt`] tells the
//! caller to refetch from the server. Values are JSON strings under string keys.

pub mod drafts;
pub mod pending;
pub mod schema;

pub use drafts::{Draft, PhotoRef, SubmitState, Tracked};

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use motcua_domain::{Catalog, CommuneSummary};
use rexie::{Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::util::with_timeout;

/// How long an open (or delete) may take before it counts as blocked.
const OPEN_TIMEOUT_MS: u32 = 5_000;

const BLOCKED: &str = "open blocked or timed out";

/// Why storage failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(pub String);

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "storage: {}", self.0)
    }
}

impl std::error::Error for StorageError {}

impl From<rexie::Error> for StorageError {
    fn from(e: rexie::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        Self(format!("json: {e}"))
    }
}

/// A result of a storage call.
pub type Result<T> = std::result::Result<T, StorageError>;

/// An open connection to the app's database.
#[derive(Debug)]
pub struct Storage {
    db: Rexie,
    rebuilt: bool,
}

/// The key of a checklist entry.
pub fn checklist_key(commune: &str, procedure: &str) -> String {
    format!("{commune}/{procedure}")
}

/// Opens `name` at the current schema version; `Err` says why it is unusable.
async fn try_open(name: &str) -> Result<Rexie> {
    let db = with_timeout(
        schema::builder(name, schema::current()).build(),
        OPEN_TIMEOUT_MS,
    )
    .await
    .ok_or_else(|| StorageError(BLOCKED.into()))??;
    let names = db.store_names();
    let missing = schema::stores_at(schema::current())
        .into_iter()
        .find(|s| !names.iter().any(|n| n == s));
    match missing {
        Some(store) => {
            db.close();
            Err(StorageError(format!("store {store} missing")))
        }
        None => Ok(db),
    }
}

impl Storage {
    /// Opens the app's database [`schema::DB_NAME`], rebuilding it when it cannot be opened.
    pub async fn open() -> Result<Self> {
        Self::open_named(schema::DB_NAME).await
    }

    /// Opens database `name` (tests use their own names), rebuilding it when needed.
    pub async fn open_named(name: &str) -> Result<Self> {
        match try_open(name).await {
            Ok(db) => Ok(Self { db, rebuilt: false }),
            Err(first) if first.0 == BLOCKED => {
                // Another tab holds an older version open: wait longer, never delete data.
                web_log(&format!("motcua: opening {name} is blocked; waiting"));
                let db = with_timeout(
                    schema::builder(name, schema::current()).build(),
                    OPEN_TIMEOUT_MS * 6,
                )
                .await
                .ok_or_else(|| StorageError(BLOCKED.into()))??;
                Ok(Self { db, rebuilt: false })
            }
            Err(first) => {
                web_log(&format!("motcua: rebuilding database {name}: {first}"));
                with_timeout(Rexie::delete(name), OPEN_TIMEOUT_MS)
                    .await
                    .ok_or_else(|| StorageError("delete blocked".into()))??;
                let db = try_open(name).await?;
                Ok(Self { db, rebuilt: true })
            }
        }
    }

    /// True when the database had to be deleted and recreated while opening.
    pub fn rebuilt(&self) -> bool {
        self.rebuilt
    }

    /// The version the database is at.
    pub fn version(&self) -> u32 {
        self.db.version().unwrap_or(0)
    }

    /// The object stores the database has.
    pub fn store_names(&self) -> Vec<String> {
        self.db.store_names()
    }

    /// Closes the connection.
    pub fn close(self) {
        self.db.close();
    }

    async fn get<T: DeserializeOwned>(&self, store: &str, key: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let value = tx.store(store)?.get(JsValue::from_str(key)).await?;
        tx.done().await?;
        match value.and_then(|v| v.as_string()) {
            Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            None => Ok(None),
        }
    }

    async fn put<T: Serialize + ?Sized>(&self, store: &str, key: &str, value: &T) -> Result<()> {
        let json = JsValue::from_str(&serde_json::to_string(value)?);
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.store(store)?
            .put(&json, Some(&JsValue::from_str(key)))
            .await?;
        tx.done().await?;
        Ok(())
    }

    /// The stored catalog of `commune`.
    pub async fn load_catalog(&self, commune: &str) -> Result<Option<Catalog>> {
        self.get(schema::CATALOGS, commune).await
    }

    /// Stores `catalog` under its commune's code.
    pub async fn save_catalog(&self, catalog: &Catalog) -> Result<()> {
        let key = catalog.commune.summary.code.to_string();
        self.put(schema::CATALOGS, &key, catalog).await
    }

    /// The stored commune list.
    pub async fn load_communes(&self) -> Result<Option<Vec<CommuneSummary>>> {
        self.get(schema::COMMUNES, schema::COMMUNES_KEY).await
    }

    /// Stores the commune list.
    pub async fn save_communes(&self, communes: &[CommuneSummary]) -> Result<()> {
        self.put(schema::COMMUNES, schema::COMMUNES_KEY, communes)
            .await
    }

    /// The ticked document ids of one procedure in one commune.
    pub async fn load_ticks(&self, commune: &str, procedure: &str) -> Result<Vec<String>> {
        let key = checklist_key(commune, procedure);
        Ok(self.get(schema::CHECKLIST, &key).await?.unwrap_or_default())
    }

    /// Stores the ticked document ids of one procedure in one commune.
    pub async fn save_ticks(&self, commune: &str, procedure: &str, ticks: &[String]) -> Result<()> {
        let key = checklist_key(commune, procedure);
        self.put(schema::CHECKLIST, &key, ticks).await
    }

    /// A setting or bookkeeping value.
    pub async fn get_meta(&self, key: &str) -> Result<Option<String>> {
        self.get(schema::META, key).await
    }

    /// Stores a setting or bookkeeping value.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.put(schema::META, key, value).await
    }
}

pub(crate) fn web_log(msg: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&JsValue::from_str(msg));
    #[cfg(not(target_arch = "wasm32"))]
    let _ = msg;
}

thread_local! {
    static SHARED: Rc<futures::lock::Mutex<Option<Rc<Storage>>>> = Rc::default();
    static UNAVAILABLE: RefCell<bool> = const { RefCell::new(false) };
}

/// The app's shared connection, opened on first use; `None` when the browser gives no storage
/// (private mode, quota, repeated failure): the app then runs from memory.
pub async fn shared() -> Option<Rc<Storage>> {
    if UNAVAILABLE.with(|u| *u.borrow()) {
        return None;
    }
    let lock = SHARED.with(Rc::clone);
    let mut slot = lock.lock().await;
    if let Some(storage) = slot.as_ref() {
        return Some(Rc::clone(storage));
    }
    match Storage::open().await {
        Ok(storage) => {
            let storage = Rc::new(storage);
            *slot = Some(Rc::clone(&storage));
            Some(storage)
        }
        Err(e) => {
            web_log(&format!("motcua: no storage: {e}"));
            UNAVAILABLE.with(|u| *u.borrow_mut() = true);
            None
        }
    }
}
