//! The phone's own copy of the data, in IndexedDB (through the `idb` crate; the connection is
//! opened by hand in [`open`] so the app sees `blocked`, `versionchange` and version errors).
//!
//! # Never lose what only the phone has
//! [`Storage::open`] keeps user data whenever the browser lets it (issue 9):
//! - **Older version** (any released schema, see [`schema::VERSIONS`]): opened at
//!   [`schema::current`]; the browser's `upgradeneeded` runs the declarative upgrade, which
//!   only adds stores (and drops stores a version explicitly removed). Nothing else changes.
//! - **Newer version** (a rollback deploy, or an old tab after a new one upgraded): opened at its
//!   own version and used as it is when it has every store this code needs (a newer schema is a
//!   superset). Stores this code does not know are left alone.
//! - **Missing stores** (a half-finished upgrade): repaired by upgrading to the database's
//!   version + 1, which creates the missing stores and keeps every record ([`Opened::Repaired`]).
//!   So a stored version can be *above* [`schema::current`]: the version number only says "at
//!   least this schema"; the store list is the truth. That is safe because upgrades are
//!   declarative (they look at which stores exist, never at `oldVersion` alone) and because a
//!   newer database is accepted as above. A future schema version must keep that rule: create
//!   what is missing, never transform data on the strength of the version number.
//! - **Cannot be opened at all** (an upgrade that fails, a broken backing store): the only case
//!   that deletes. The records of [`schema::RESCUED`] are read first (at the database's own
//!   version, see [`rescue`]) and written into the rebuilt database ([`Opened::Rebuilt`]).
//!   Catalogs and the commune list are refetched from the server. The delete and the new open
//!   have no time limit (a queued delete cannot be withdrawn, and the rescued records are only
//!   in memory until written back); a tab that keeps the old database open gets the blocked
//!   notice meanwhile.
//! - **Blocked** by another tab that keeps an older connection open: the user is told
//!   ([`notice::Notice::Blocked`]) while the app waits up to [`OPEN_WAIT_MS`]; then the app runs
//!   from memory for this visit. Never deleted.
//!
//! # Another tab upgrades
//! Every connection listens for `versionchange` (another tab, a newer deploy, opens at a higher
//! version or deletes the database): it runs the pending draft saves ([`pending`]), waits for
//! them, closes itself so the other tab's upgrade is not blocked, and sends
//! [`notice::Notice::NewerVersionElsewhere`] (the app shows the update banner). [`shared`] then
//! reopens on next use, at the newer version, so a draft typed before the reload is still saved.
//!
//! Values are JSON strings under string keys (photos are `Blob`s, see [`drafts`]).

pub mod drafts;
pub mod notice;
pub(crate) mod open;
pub mod pending;
pub(crate) mod rescue;
pub mod schema;

pub use drafts::{Draft, PhotoRef, SubmitState, Tracked};

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use idb::{Database, Transaction, TransactionMode, TransactionResult};
use motcua_domain::{Catalog, CommuneSummary};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::IdbDatabase;

use notice::Notice;
use open::OpenError;

/// How long one open (or delete) may take, blocked or not, before the app stops waiting:
/// 35 s, the 5 s + 30 s the app always allowed.
pub const OPEN_WAIT_MS: u32 = 35_000;

/// Why storage failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(pub String);

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "storage: {}", self.0)
    }
}

impl std::error::Error for StorageError {}

impl From<idb::Error> for StorageError {
    fn from(e: idb::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        Self(format!("json: {e}"))
    }
}

impl From<OpenError> for StorageError {
    fn from(e: OpenError) -> Self {
        Self(e.to_string())
    }
}

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for StorageError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self("the code that rebuilds the database could not be loaded".into())
    }
}

/// A result of a storage call.
pub type Result<T> = std::result::Result<T, StorageError>;

/// How [`Storage::open_named`] found the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// At [`schema::current`], after the browser's upgrade from an older version if any.
    Current,
    /// At a newer version than this code, with every store it needs: used as it is.
    Newer,
    /// Stores were missing: one version up, the missing stores were added; records kept.
    Repaired,
    /// It could not be opened: deleted and recreated, with `rescued` records carried over.
    Rebuilt {
        /// Records of [`schema::RESCUED`] written back into the new database.
        rescued: usize,
    },
}

/// An open connection to the app's database.
#[derive(Debug)]
pub struct Storage {
    db: Database,
    connection: IdbDatabase,
    closed: Rc<Cell<bool>>,
    opened: Opened,
}

/// The key of a checklist entry.
pub fn checklist_key(commune: &str, procedure: &str) -> String {
    format!("{commune}/{procedure}")
}

/// Waits for `tx` to commit; an aborted transaction is an error.
pub(crate) async fn done(tx: Transaction) -> Result<()> {
    match tx.await? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(StorageError("transaction aborted".into())),
    }
}

/// Closes `connection` once the pending draft saves are written, when another tab asks
/// (`versionchange`), and tells the user.
fn close_on_version_change(connection: &IdbDatabase, closed: &Rc<Cell<bool>>) {
    let (conn, closed) = (connection.clone(), Rc::clone(closed));
    let handler = Closure::<dyn FnMut()>::new(move || {
        if closed.get() {
            return;
        }
        let finish = {
            let (conn, closed) = (conn.clone(), Rc::clone(&closed));
            move || {
                conn.close();
                closed.set(true);
                web_log("motcua: another tab upgrades the database; closed this connection");
                notice::send(Notice::NewerVersionElsewhere);
            }
        };
        pending::run_flushes();
        if pending::in_flight() == 0 {
            finish();
        } else {
            wasm_bindgen_futures::spawn_local(async move {
                pending::settled().await;
                finish();
            });
        }
    });
    connection.set_onversionchange(Some(handler.as_ref().unchecked_ref()));
    // Owned by the connection from now on (a dropped handler would throw, and the connection
    // would then never close for the other tab).
    handler.forget();
}

impl Storage {
    fn wrap(connection: IdbDatabase, opened: Opened) -> Self {
        let closed = Rc::new(Cell::new(false));
        close_on_version_change(&connection, &closed);
        Self {
            db: Database::from(connection.clone()),
            connection,
            closed,
            opened,
        }
    }

    /// Opens the app's database [`schema::DB_NAME`] (see the module docs for every case).
    pub async fn open() -> Result<Self> {
        Self::open_named(schema::DB_NAME).await
    }

    /// Opens database `name` (tests use their own names): migrates an older one, uses a newer
    /// one, repairs missing stores, and rebuilds (rescuing user data) only what cannot be opened.
    pub async fn open_named(name: &str) -> Result<Self> {
        let opened = match open::open(name, Some(schema::current()), Some(OPEN_WAIT_MS)).await {
            Err(OpenError::TooNew) => open::open(name, None, Some(OPEN_WAIT_MS))
                .await
                .map(|db| (db, Opened::Newer)),
            other => other.map(|db| (db, Opened::Current)),
        };
        match opened {
            Ok((db, how)) if schema::missing_from(&open::store_names(&db)).is_empty() => {
                Ok(Self::wrap(db, how))
            }
            Ok((db, _)) => match Self::repair(name, db).await {
                Err(OpenError::Failed(why)) => {
                    web_log(&format!(
                        "motcua: repairing {name} failed ({why}); rebuilding"
                    ));
                    Self::rebuild_loaded(name).await
                }
                other => Ok(Self::wrap(other?, Opened::Repaired)),
            },
            // Another connection (an old tab) holds it: never delete what it may be using.
            Err(OpenError::TimedOut) => Err(OpenError::TimedOut.into()),
            Err(e) => {
                web_log(&format!(
                    "motcua: {name} cannot be opened ({e}); rebuilding"
                ));
                Self::rebuild_loaded(name).await
            }
        }
    }

    /// Adds the missing stores to `db` by upgrading it one version up; records are kept.
    async fn repair(name: &str, db: IdbDatabase) -> std::result::Result<IdbDatabase, OpenError> {
        let version = db.version() as u32;
        let missing = schema::missing_from(&open::store_names(&db));
        web_log(&format!(
            "motcua: {name} v{version} lacks {missing:?}; upgrading to v{}",
            version + 1
        ));
        db.close();
        let repaired = open::open(name, Some(version + 1), Some(OPEN_WAIT_MS)).await?;
        if schema::missing_from(&open::store_names(&repaired)).is_empty() {
            Ok(repaired)
        } else {
            repaired.close();
            Err(OpenError::Failed(
                "stores still missing after the repair".into(),
            ))
        }
    }

    /// [`Storage::rebuild_named`]. With the `split` feature its code (and the rescue's) is a wasm
    /// part of its own, fetched only for a database that cannot be opened: it is rare, and a
    /// cold visit should not download it.
    async fn rebuild_loaded(name: &str) -> Result<Self> {
        #[cfg(feature = "split")]
        {
            rebuild_part::rebuild(name.to_owned()).await?.await
        }
        #[cfg(not(feature = "split"))]
        {
            Self::rebuild_named(name).await
        }
    }

    /// Deletes database `name` and creates it again at [`schema::current`], first reading the
    /// records of [`schema::RESCUED`] that can be read and then writing them back.
    /// [`Storage::open_named`] calls this only for a database that cannot be opened.
    pub async fn rebuild_named(name: &str) -> Result<Self> {
        let rescued = match open::open(name, None, Some(OPEN_WAIT_MS)).await {
            Ok(old) => {
                let db = Database::from(old.clone());
                let rescued = rescue::read(&db).await;
                old.close();
                rescued
            }
            Err(e) => {
                web_log(&format!("motcua: nothing rescued from {name}: {e}"));
                rescue::Rescued::default()
            }
        };
        let read = rescued.len();
        open::delete(name).await?;
        // No time limit either: the rescued records are only in memory until written back.
        let db = open::open(name, Some(schema::current()), None).await?;
        if let Some(store) = schema::missing_from(&open::store_names(&db)).first() {
            db.close();
            return Err(StorageError(format!(
                "store {store} missing after a rebuild"
            )));
        }
        let mut storage = Self::wrap(db, Opened::Rebuilt { rescued: 0 });
        let written = rescue::write_back(&storage.db, rescued).await?;
        web_log(&format!(
            "motcua: rebuilt {name}; {written} of {read} records rescued"
        ));
        storage.opened = Opened::Rebuilt { rescued: written };
        Ok(storage)
    }

    /// How the database was found when it was opened.
    pub fn opened(&self) -> Opened {
        self.opened
    }

    /// True when the database had to be deleted and recreated while opening.
    pub fn rebuilt(&self) -> bool {
        matches!(self.opened, Opened::Rebuilt { .. })
    }

    /// True once the connection is closed: by [`Storage::close`], or for another tab's upgrade.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
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
        self.closed.set(true);
        self.connection.close();
    }

    async fn get<T: DeserializeOwned>(&self, store: &str, key: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let value = tx.object_store(store)?.get(JsValue::from_str(key))?.await?;
        done(tx).await?;
        match value.and_then(|v| v.as_string()) {
            Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            None => Ok(None),
        }
    }

    async fn put<T: Serialize + ?Sized>(&self, store: &str, key: &str, value: &T) -> Result<()> {
        self.put_json(store, key, &serde_json::to_string(value)?)
            .await
    }

    /// Stores `json`, already encoded, under `key`: what [`Self::get`] decodes.
    async fn put_json(&self, store: &str, key: &str, json: &str) -> Result<()> {
        let json = JsValue::from_str(json);
        let tx = self.db.transaction(&[store], TransactionMode::ReadWrite)?;
        tx.object_store(store)?
            .put(&json, Some(&JsValue::from_str(key)))?
            .await?;
        done(tx).await?;
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

    /// Stores the catalog of `commune` as the server sent it (`json`, a full catalog): a cold
    /// visit stores it without encoding it again, which was a long task of its own on a slow phone.
    pub async fn save_catalog_json(&self, commune: &str, json: &str) -> Result<()> {
        self.put_json(schema::CATALOGS, commune, json).await
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

/// The app's shared connection, opened on first use (and again after another tab's upgrade
/// closed it); `None` when the browser gives no storage (private mode, quota, blocked for
/// [`OPEN_WAIT_MS`]): the app then runs from memory.
pub async fn shared() -> Option<Rc<Storage>> {
    if UNAVAILABLE.with(|u| *u.borrow()) {
        return None;
    }
    let lock = SHARED.with(Rc::clone);
    let mut slot = lock.lock().await;
    // A connection closed for another tab's upgrade is opened again (at the newer version).
    if let Some(storage) = slot.as_ref().filter(|s| !s.is_closed()) {
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

/// The wasm part [`Storage::rebuild_loaded`] fetches.
#[cfg(feature = "split")]
mod rebuild_part {
    use super::{Result, Storage};

    /// The rebuild, started; a boxed future because a split function cannot be `async`.
    pub(super) type Rebuild = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Storage>>>>;

    #[leptos::wasm_split::wasm_split(storage_rebuild, fallible, wasm_split_path = ::leptos::wasm_split)]
    pub(super) fn rebuild(name: String) -> Result<Rebuild> {
        Ok(Box::pin(async move { Storage::rebuild_named(&name).await }))
    }
}
