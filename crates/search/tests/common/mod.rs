//! The seeded catalog (85 real procedures, Vietnamese and English) and the labelled queries, read
//! from `data/` the way the server seeds them, for tests and benchmarks.

#![allow(dead_code, missing_docs)]

use motcua_domain::{Localized, Procedure, ProcedureCode, RequiredDocument};
use serde_json::Value;

const PROCEDURES: &str = include_str!("../../../../data/seed/procedures.json");
const ENGLISH: &str = include_str!("../../../../data/seed/procedures-en.json");
pub const QUERIES: &str = include_str!("../../data/queries.tsv");

fn s(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn list(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The 85 seeded procedures.
pub fn seed() -> Vec<Procedure> {
    let records: Vec<Value> = serde_json::from_str(PROCEDURES).expect("procedures.json");
    let english: Value = serde_json::from_str(ENGLISH).expect("procedures-en.json");
    records
        .iter()
        .map(|r| {
            let code = s(r, "code");
            let en = &english[&code];
            let documents = list(r, "documents_vi")
                .iter()
                .zip(list(r, "documents_en"))
                .map(|(vi, en)| RequiredDocument::from_portal(vi, &en))
                .collect();
            Procedure {
                code: ProcedureCode::parse(&code).expect("code"),
                name: Localized::new(s(r, "name_vi"), s(r, "name_en")),
                field: Localized::new(s(r, "field_vi"), s(r, "field_en")),
                documents,
                fee: Localized::new(s(r, "fee_vi"), s(en, "fee_en")),
                fee_vnd: r.get("fee_vnd").and_then(Value::as_u64),
                processing_time: Localized::new(
                    s(r, "processing_time_vi"),
                    s(en, "processing_time_en"),
                ),
                processing_days: None,
                submit_at: Localized::new(s(r, "submit_at_vi"), s(en, "submit_at_en")),
                legal_basis: list(r, "legal_basis"),
                result: Localized::new(s(r, "result_vi"), s(en, "result_en")),
                decision: None,
                source: String::new(),
                local_note: None,
            }
        })
        .collect()
}

/// The catalog replicated `times` times with distinct codes (`1.001193` → `1.101193`, …).
pub fn replicated(times: usize) -> Vec<Procedure> {
    let base = seed();
    let mut out = Vec::with_capacity(base.len() * times);
    for k in 0..times {
        for p in &base {
            let mut p = p.clone();
            if k > 0 {
                let c = p.code.as_str();
                let n: u32 = c[2..].parse().expect("digits");
                let code = format!("{}.{:06}", (k % 9) + 1, (n + (k as u32) * 7919) % 1_000_000);
                p.code = ProcedureCode::parse(&code).expect("code");
            }
            out.push(p);
        }
    }
    out
}

/// One labelled query.
pub struct Labelled {
    pub query: String,
    pub expected: Vec<String>,
    pub kind: String,
}

/// `data/queries.tsv`.
pub fn queries() -> Vec<Labelled> {
    QUERIES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Labelled {
                query: cols[0].to_owned(),
                expected: cols[1].split(',').map(|c| c.trim().to_owned()).collect(),
                kind: cols.get(2).copied().unwrap_or("").to_owned(),
            }
        })
        .collect()
}
