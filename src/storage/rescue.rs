//! Before a database that cannot be used is deleted: read what only the phone has
//! ([`schema::RESCUED`]: drafts, photos, the outbox, tracked receipts, ticks, settings) and
//! write it into the rebuilt one.
//!
//! Reading needs a connection: the database is opened at its own version (no upgrade), which
//! works in the common failure (an upgrade that cannot run). When even that fails, the browser
//! gives no access to the records and nothing can be rescued; the rebuild goes ahead (the app
//! must not stay without storage) and says so in the console. Each store is read in its own
//! transaction, so one unreadable store does not lose the others. Photos are copied into
//! memory (`ArrayBuffer`) before the delete, so they never depend on the deleted files.

use idb::{Database, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::{done, schema, web_log, Result};

/// Records read from a database about to be deleted: (store, key, value).
#[derive(Default)]
pub(crate) struct Rescued(Vec<(&'static str, JsValue, JsValue)>);

impl Rescued {
    /// How many records were read.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Reads every record of the rescued stores that `db` has; failures skip that store only.
pub(crate) async fn read(db: &Database) -> Rescued {
    let names = db.store_names();
    let mut rescued = Rescued::default();
    for store in schema::RESCUED {
        if !names.iter().any(|n| n == store) {
            continue;
        }
        match read_store(db, store).await {
            Ok(records) => rescued.0.extend(records),
            Err(e) => web_log(&format!("motcua: could not rescue {store}: {e}")),
        }
    }
    rescued
}

async fn read_store(
    db: &Database,
    store: &'static str,
) -> Result<Vec<(&'static str, JsValue, JsValue)>> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let object_store = tx.object_store(store)?;
    let keys = object_store.get_all_keys(None, None)?.await?;
    let values = object_store.get_all(None, None)?.await?;
    done(tx).await?;
    let mut records = Vec::with_capacity(values.len());
    // Both lists are in key order, one entry per record.
    for (key, value) in keys.into_iter().zip(values) {
        let value = match value.dyn_into::<web_sys::Blob>() {
            Ok(blob) => match copy_blob(&blob).await {
                Some(copy) => copy.into(),
                None => continue,
            },
            Err(value) => value,
        };
        records.push((store, key, value));
    }
    Ok(records)
}

/// The bytes of `blob` in a new in-memory `Blob` of the same type.
async fn copy_blob(blob: &web_sys::Blob) -> Option<web_sys::Blob> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .ok()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::new(&buffer));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&blob.type_());
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// Writes `rescued` into `db` (one transaction); returns how many records were written.
pub(crate) async fn write_back(db: &Database, rescued: Rescued) -> Result<usize> {
    if rescued.0.is_empty() {
        return Ok(0);
    }
    let mut stores: Vec<&'static str> = rescued.0.iter().map(|(s, _, _)| *s).collect();
    stores.dedup();
    let tx = db.transaction(&stores, TransactionMode::ReadWrite)?;
    let count = rescued.0.len();
    for (store, key, value) in &rescued.0 {
        // Not awaited one by one: the transaction's end says whether all of them were written.
        drop(tx.object_store(store)?.put(value, Some(key))?);
    }
    done(tx).await?;
    Ok(count)
}
