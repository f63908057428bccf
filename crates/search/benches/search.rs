//! `cargo bench -p motcua-search`: index build and queries on the seeded catalog (85) and on
//! the catalog replicated to ~2,000 procedures.

#![allow(missing_docs)]

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use motcua_search::Index;

fn bench(c: &mut Criterion) {
    let queries = common::queries();
    for (label, procedures) in [("85", common::seed()), ("2040", common::replicated(24))] {
        c.bench_function(&format!("build/{label}"), |b| {
            b.iter(|| Index::from_procedures(black_box(&procedures)))
        });
        let index = Index::from_procedures(&procedures);
        c.bench_function(
            &format!("labelled queries ({})/{label}", queries.len()),
            |b| {
                b.iter(|| {
                    for q in &queries {
                        black_box(index.search(black_box(&q.query), 10));
                    }
                })
            },
        );
        c.bench_function(&format!("keystrokes of 'dang ky khai sinh'/{label}"), |b| {
            let text = "dang ky khai sinh";
            b.iter(|| {
                for end in 1..=text.len() {
                    black_box(index.search(&text[..end], 10));
                }
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
