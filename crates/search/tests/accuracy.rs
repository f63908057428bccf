//! The labelled query set (`data/queries.tsv`) against the seeded catalog: top-1 ≥ 90 %,
//! top-3 ≥ 97 %, and every miss printed.

mod common;

use motcua_search::Index;

#[test]
fn labelled_queries_find_the_right_procedure() {
    let index = Index::from_procedures(&common::seed());
    let queries = common::queries();
    assert!(
        queries.len() >= 80,
        "only {} labelled queries",
        queries.len()
    );
    let (mut top1, mut top3, mut rr) = (0usize, 0usize, 0.0f64);
    let mut misses = Vec::new();
    for q in &queries {
        let got = index.search_codes(&q.query, 10);
        let rank = got.iter().position(|c| q.expected.iter().any(|e| e == c));
        match rank {
            Some(0) => top1 += 1,
            _ => misses.push(format!(
                "  {:<40} [{}] want {} got {:?} (rank {:?})",
                q.query,
                q.kind,
                q.expected.join("|"),
                &got[..got.len().min(3)],
                rank.map(|r| r + 1)
            )),
        }
        if rank.is_some_and(|r| r < 3) {
            top3 += 1;
        }
        if let Some(r) = rank {
            rr += 1.0 / (r as f64 + 1.0);
        }
    }
    let n = queries.len() as f64;
    let (p1, p3) = (top1 as f64 / n, top3 as f64 / n);
    println!(
        "{} queries: top-1 {:.1} %, top-3 {:.1} %, MRR@10 {:.3}",
        queries.len(),
        p1 * 100.0,
        p3 * 100.0,
        rr / n
    );
    println!("not first:\n{}", misses.join("\n"));
    assert!(p1 >= 0.90, "top-1 {:.1} % < 90 %", p1 * 100.0);
    assert!(p3 >= 0.97, "top-3 {:.1} % < 97 %", p3 * 100.0);
}
