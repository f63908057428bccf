//! Opening and deleting the database through `web_sys` directly.
//!
//! rexie (and the `idb` builder under it) hide the open request and install their own
//! `versionchange` handler, which closes the connection silently. Here the app sees everything:
//! the `blocked` event (the user is told, see [`Notice::Blocked`]), a version newer than asked
//! ([`OpenError::TooNew`]), and the upgrade itself, which is declarative (see [`upgrade`]).
//! A request the app stopped waiting for still completes later: its connection is closed at
//! once, so it never blocks another tab.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbVersionChangeEvent};

use super::notice::{self, Notice};
use super::schema;
use crate::util::with_timeout;

/// Why a database did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OpenError {
    /// The database is at a higher version than asked for (`VersionError`).
    TooNew,
    /// No answer within the wait (usually: blocked by a connection that does not close).
    TimedOut,
    /// Anything else, named by the browser's `DOMException`.
    Failed(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooNew => f.write_str("the database is newer than this code"),
            Self::TimedOut => f.write_str("open blocked or timed out"),
            Self::Failed(why) => f.write_str(why),
        }
    }
}

fn factory() -> Result<IdbFactory, OpenError> {
    let global = js_sys::global();
    let value = js_sys::Reflect::get(&global, &JsValue::from_str("indexedDB"))
        .map_err(|_| OpenError::Failed("no indexedDB".into()))?;
    value
        .dyn_into::<IdbFactory>()
        .map_err(|_| OpenError::Failed("no indexedDB".into()))
}

fn request_error(request: &IdbRequest) -> OpenError {
    match request.error() {
        Ok(Some(e)) if e.name() == "VersionError" => OpenError::TooNew,
        Ok(Some(e)) => OpenError::Failed(format!("{}: {}", e.name(), e.message())),
        _ => OpenError::Failed("unknown IndexedDB error".into()),
    }
}

/// The declarative upgrade, run on `upgradeneeded` whatever the versions: creates every store
/// of [`schema::current`] that is missing and drops the stores a later version removed.
/// Stores this code does not know (from a newer version) are kept. On any failure the upgrade
/// is aborted, so the database stays as it was.
fn upgrade(event: &IdbVersionChangeEvent) {
    let Some(request) = event
        .target()
        .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
    else {
        return;
    };
    let Some(db) = request
        .result()
        .ok()
        .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
    else {
        return;
    };
    let existing = store_names(&db);
    let old = event.old_version() as u32;
    let mut result = Ok(());
    for store in schema::removed_since(old) {
        if result.is_ok() && existing.iter().any(|s| s == store) {
            result = db.delete_object_store(store);
        }
    }
    for store in schema::missing_from(&existing) {
        if result.is_ok() {
            result = db.create_object_store(store).map(drop);
        }
    }
    if let Err(e) = result {
        super::web_log(&format!("motcua: upgrade failed, aborting: {e:?}"));
        if let Some(tx) = request.transaction() {
            let _ = tx.abort();
        }
    }
}

/// The names of the object stores of `db`.
pub(crate) fn store_names(db: &IdbDatabase) -> Vec<String> {
    let list = db.object_store_names();
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// A `blocked` handler: the first time, tells the user ([`Notice::Blocked`]) and sets `blocked`.
/// Where a request's outcome goes, once: taken by whichever handler fires first.
type Answer<T> = Rc<Cell<Option<oneshot::Sender<Result<T, OpenError>>>>>;

/// A request's `error` handler: answers `send` (once) with why the request failed. The event is
/// handled here, so the error does not also surface as an uncaught page error.
fn answer_error<T: 'static>(
    send: &Answer<T>,
    request: &IdbRequest,
) -> Closure<dyn FnMut(web_sys::Event)> {
    let (send, request) = (Rc::clone(send), request.clone());
    Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        if let Some(send) = send.take() {
            let _ = send.send(Err(request_error(&request)));
        }
    })
}

fn tell_when_blocked(blocked: &Rc<Cell<bool>>) -> Closure<dyn FnMut()> {
    let blocked = Rc::clone(blocked);
    Closure::<dyn FnMut()>::new(move || {
        if !blocked.replace(true) {
            super::web_log("motcua: the database waits for other tabs to close it");
            notice::send(Notice::Blocked);
        }
    })
}

/// Opens `name` at `version` (`None`: at whatever version it has), upgrading declaratively when
/// needed; waits at most `wait_ms` (`None`: as long as it takes). While the request is blocked by another connection,
/// listeners hear [`Notice::Blocked`] (and [`Notice::Unblocked`] when the wait ends).
pub(crate) async fn open(
    name: &str,
    version: Option<u32>,
    wait_ms: Option<u32>,
) -> Result<IdbDatabase, OpenError> {
    let factory = factory()?;
    let request = match version {
        Some(v) => factory.open_with_u32(name, v),
        None => factory.open(name),
    }
    .map_err(|e| OpenError::Failed(format!("open: {e:?}")))?;
    let (send, receive) = oneshot::channel::<Result<IdbDatabase, OpenError>>();
    let send = Rc::new(Cell::new(Some(send)));
    let gave_up = Rc::new(Cell::new(false));
    let blocked = Rc::new(Cell::new(false));

    let on_success = {
        let (send, gave_up, request) = (Rc::clone(&send), Rc::clone(&gave_up), request.clone());
        Closure::<dyn FnMut()>::new(move || {
            let db = request.result().ok().and_then(|r| r.dyn_into().ok());
            match (db, send.take()) {
                (Some(db), Some(send)) if !gave_up.get() => {
                    let _ = send.send(Ok(db));
                }
                // Nobody waits any more: never keep a connection that could block another tab.
                (Some(db), _) => db.close(),
                (None, Some(send)) => {
                    let _ = send.send(Err(OpenError::Failed("open gave no database".into())));
                }
                (None, None) => {}
            }
        })
    };
    let on_error = answer_error(&send, &request);
    let on_blocked = tell_when_blocked(&blocked);
    let on_upgrade =
        Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |event: IdbVersionChangeEvent| {
            upgrade(&event)
        });
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    request.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    // The request may answer after this function returned (see `gave_up`): the handlers
    // belong to the JS garbage collector, not to this stack frame.
    on_success.forget();
    on_error.forget();
    on_blocked.forget();
    on_upgrade.forget();

    let outcome = match wait_ms {
        Some(ms) => with_timeout(receive, ms).await,
        None => Some(receive.await),
    };
    if blocked.get() {
        notice::send(Notice::Unblocked);
    }
    match outcome {
        Some(Ok(result)) => result,
        Some(Err(_)) => Err(OpenError::Failed("open request dropped".into())),
        None => {
            gave_up.set(true);
            Err(OpenError::TimedOut)
        }
    }
}

/// Deletes database `name`. Other connections get a `versionchange` and close (the app's own
/// do, see [`super::Storage`]); while one does not, the user is told ([`Notice::Blocked`]).
/// There is no time limit: a delete request cannot be withdrawn, so giving up would let it
/// delete later, after the caller stopped waiting to write the rescued records back.
pub(crate) async fn delete(name: &str) -> Result<(), OpenError> {
    let request = factory()?
        .delete_database(name)
        .map_err(|e| OpenError::Failed(format!("delete: {e:?}")))?;
    let (send, receive) = oneshot::channel::<Result<(), OpenError>>();
    let send = Rc::new(Cell::new(Some(send)));
    let blocked = Rc::new(Cell::new(false));
    let on_success = {
        let send = Rc::clone(&send);
        Closure::<dyn FnMut()>::new(move || {
            if let Some(send) = send.take() {
                let _ = send.send(Ok(()));
            }
        })
    };
    let on_error = answer_error(&send, &request);
    let on_blocked = tell_when_blocked(&blocked);
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    request.set_onblocked(Some(on_blocked.as_ref().unchecked_ref()));
    // As in `open`: the handlers must outlive this future if it is dropped.
    on_success.forget();
    on_error.forget();
    on_blocked.forget();
    let outcome = receive.await;
    if blocked.get() {
        notice::send(Notice::Unblocked);
    }
    outcome.unwrap_or_else(|_| Err(OpenError::Failed("delete request dropped".into())))
}
