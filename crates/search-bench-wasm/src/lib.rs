//! The search crate as the benchmark page calls it: load a corpus (untimed), build the index
//! (timed by the page), answer queries with the top codes.

use std::cell::RefCell;

use motcua_domain::Procedure;
use motcua_search::Index;
use wasm_bindgen::prelude::*;

thread_local! {
    static CORPUS: RefCell<Vec<Procedure>> = const { RefCell::new(Vec::new()) };
    static INDEX: RefCell<Index> = RefCell::new(Index::default());
}

/// Parses a JSON array of procedures (the catalog wire format); returns how many.
#[wasm_bindgen]
pub fn load(corpus_json: &str) -> Result<u32, JsError> {
    let procedures: Vec<Procedure> = serde_json::from_str(corpus_json)?;
    let n = procedures.len() as u32;
    CORPUS.with(|c| *c.borrow_mut() = procedures);
    Ok(n)
}

/// Builds the index from the loaded corpus; returns its heap bytes.
#[wasm_bindgen]
pub fn build() -> u32 {
    let index = CORPUS.with(|c| Index::from_procedures(&c.borrow()));
    let bytes = index.heap_bytes() as u32;
    INDEX.with(|i| *i.borrow_mut() = index);
    bytes
}

/// Drops the loaded corpus (so memory measurements see the index alone).
#[wasm_bindgen]
pub fn drop_corpus() {
    CORPUS.with(|c| *c.borrow_mut() = Vec::new());
}

/// The codes of the best `limit` procedures for `query`, best first, separated by `\n`.
#[wasm_bindgen]
pub fn search(query: &str, limit: u32) -> String {
    INDEX.with(|i| i.borrow().search_codes(query, limit as usize).join("\n"))
}

/// Distinct words in the index.
#[wasm_bindgen]
pub fn terms() -> u32 {
    INDEX.with(|i| i.borrow().terms() as u32)
}
