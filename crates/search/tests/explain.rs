//! Prints the scores of a few queries (run with --ignored --nocapture when tuning).
mod common;

#[test]
#[ignore = "a tuning aid, prints only"]
fn explain() {
    let index = motcua_search::Index::from_procedures(&common::seed());
    let q = std::env::var("Q").unwrap_or_else(|_| "khai tử".into());
    for h in index.search(&q, 8) {
        println!("{} {:.3}", index.code(h.doc), h.score);
    }
}
