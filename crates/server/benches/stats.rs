//! Dashboard benchmark: 1,000,000 generated submissions (and 200,000 ratings) in a temporary
//! SQLite file, then the time of the cold dashboard queries and of the cached path.
//!
//! ```text
//! cargo bench -p motcua-server --bench stats
//! MOTCUA_BENCH_ROWS=100000 cargo bench -p motcua-server --bench stats
//! ```
//!
//! The rows are realistic in shape: every seeded commune (a few large ones get more), the
//! seeded procedures (a few common ones dominate), receive dates over two years, due dates from
//! the legal time in working days, 85 % done, 3 % rejected, the recent rest open, some closed
//! late. They are inserted in one transaction with one prepared statement.

use std::time::{Duration, Instant};

use motcua_domain::feedback::RatingScale;
use motcua_domain::Date;
use motcua_server::calendar::add_working_days;
use motcua_server::stats::StatsCache;
use motcua_server::Db;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Skewed pick in 0..n: small indexes much more often (squared uniform).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((u * u) * n as f64) as usize
    }
}

fn plus(day: Date, n: i64) -> Date {
    Date::from_days_since_epoch(day.days_since_epoch() + n).expect("date")
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: u64 = std::env::var("MOTCUA_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let ratings = rows / 5;
    let dir = tempfile::tempdir()?;
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let db = Db::connect(&url).await?;
    motcua_server::seed::seed_if_empty(&db).await?;
    let communes: Vec<String> = db
        .communes()
        .await?
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    let seed = motcua_server::seed::procedures()?;
    let procedures: Vec<(String, u32)> = seed
        .iter()
        .map(|p| (p.code.to_string(), p.processing_days.unwrap_or(0)))
        .collect();
    println!(
        "generating {rows} submissions and {ratings} ratings over {} communes and {} procedures",
        communes.len(),
        procedures.len()
    );

    let started = Instant::now();
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let mut tx = pool.begin().await?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let first = Date::parse("2025-01-01")?;
    let today = Date::parse("2026-11-24")?;
    let span = today.days_since_epoch() - first.days_since_epoch();
    let mut due_cache: std::collections::HashMap<(i64, u32), String> = Default::default();
    for i in 0..rows {
        let commune = &communes[rng.skewed(communes.len())];
        let (procedure, legal) = &procedures[rng.skewed(procedures.len())];
        let received = plus(first, rng.below(span as u64 + 1) as i64);
        let due = (*legal > 0).then(|| {
            due_cache
                .entry((received.days_since_epoch(), *legal))
                .or_insert_with(|| add_working_days(received, *legal).to_string())
                .clone()
        });
        let age = today.days_since_epoch() - received.days_since_epoch();
        let roll = rng.below(100);
        let (state, closed) = if age < 20 && roll < 40 {
            (
                ["received", "processing", "needs_documents"][rng.below(3) as usize],
                None,
            )
        } else if roll < 3 {
            ("rejected", Some(plus(received, rng.below(5) as i64)))
        } else {
            // Mostly within the legal time, one in ten late.
            let days = i64::from(*legal).max(1) * 7 / 5;
            let extra = if rng.below(10) == 0 {
                3 + rng.below(10) as i64
            } else {
                0
            };
            (
                "done",
                Some(plus(received, rng.below(days as u64 + 1) as i64 + extra)),
            )
        };
        let closed = closed.map(|d| if d > today { today } else { d });
        sqlx::query(
            "INSERT INTO submissions (receipt, draft_id, idempotency_key, request_hash, commune, \
             procedure, procedure_name, form_version, answers, attachments, tracking_secret_hash, \
             received_at, due_date, status, updated_at, state, received_on, closed_at, closed_on) \
             VALUES ($1, $2, $3, 'h', $4, $5, '{}', 1, '{}', '[]', 'x', $6, $7, $8, $6, $9, $10, \
             $11, $12)",
        )
        .bind(format!("{commune}-{i:07}"))
        .bind(format!("bench-draft-{i:010}"))
        .bind(format!("bench-key-{i:010}"))
        .bind(commune)
        .bind(procedure)
        .bind(format!("{received}T02:00:00Z"))
        .bind(due)
        .bind(format!("{{\"state\":\"{state}\"}}"))
        .bind(state)
        .bind(received.to_string())
        .bind(closed.map(|d| format!("{d}T03:00:00Z")))
        .bind(closed.map(|d| d.to_string()))
        .execute(&mut *tx)
        .await?;
    }
    for i in 0..ratings {
        let commune = &communes[rng.skewed(communes.len())];
        let level = [3, 3, 3, 2, 2, 1][rng.below(6) as usize];
        let official = (rng.below(3) == 0).then(|| format!("cb-{:02}", rng.below(12)));
        let answered = level == 1 && rng.below(2) == 0;
        sqlx::query(
            "INSERT INTO ratings (idempotency_key, request_hash, commune, source, official, scale, \
             level, negative, criteria, comment, received_at, received_on, received_ms, \
             reply_at, response_secs) \
             VALUES ($1, 'h', $2, 'office', $3, 'national3', $4, $5, '{}', '', \
             '2026-01-01T00:00:00Z', '2026-01-01', $6, $7, $8)",
        )
        .bind(format!("bench-rating-{i:010}"))
        .bind(commune)
        .bind(official)
        .bind(level)
        .bind(i64::from(level == 1))
        .bind(1_767_225_600_000_i64 + i as i64)
        .bind(answered.then_some("2026-01-02T00:00:00Z"))
        .bind(answered.then(|| rng.below(200_000) as i64))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    pool.close().await;
    db.bump_stats_generation().await?;
    println!("inserted in {:.1} s", started.elapsed().as_secs_f64());

    let scale = std::sync::Arc::new(RatingScale::national());
    let cache = StatsCache::default();
    let t = Instant::now();
    let overview = cache.overview(&db, &scale).await?;
    let cold_overview = t.elapsed();
    assert_eq!(overview.totals.received, rows);
    let biggest = overview
        .communes
        .iter()
        .max_by_key(|c| c.totals.received)
        .map(|c| c.commune.clone())
        .expect("a commune");
    let t = Instant::now();
    let stats = cache.commune(&db, &scale, &biggest).await?.expect("stats");
    let cold_commune = t.elapsed();
    let smallest = overview
        .communes
        .iter()
        .min_by_key(|c| c.totals.received)
        .map(|c| c.commune.clone())
        .expect("a commune");
    let t = Instant::now();
    let small = cache.commune(&db, &scale, &smallest).await?.expect("stats");
    let cold_small = t.elapsed();

    let n = 2_000;
    let t = Instant::now();
    for _ in 0..n {
        let a = cache.overview(&db, &scale).await?;
        let b = cache.commune(&db, &scale, &biggest).await?.expect("stats");
        assert_eq!(
            (a.generation, b.generation),
            (overview.generation, stats.generation)
        );
    }
    let cached = t.elapsed() / (2 * n);

    // A write: the next request answers at once with the previous numbers (the last
    // computation took longer than the sync budget) and the refresh runs in the background.
    db.bump_stats_generation().await?;
    let fresh_generation = db.stats_generation().await?;
    let t = Instant::now();
    let stale = cache.overview(&db, &scale).await?;
    let after_write = t.elapsed();
    let stale_generation = stale.generation;
    let refreshed = loop {
        let now = cache.overview(&db, &scale).await?;
        if now.generation == fresh_generation {
            break t.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };

    println!(
        "cold overview (all {} communes): {}",
        overview.communes.len(),
        ms(cold_overview)
    );
    println!(
        "cold commune {biggest} ({} submissions, {} procedures): {}",
        stats.totals.received,
        stats.procedures.len(),
        ms(cold_commune)
    );
    println!(
        "cold commune {smallest} ({} submissions): {}",
        small.totals.received,
        ms(cold_small)
    );
    println!(
        "cached (generation check + clone of the Arc): {:.1} µs per request",
        cached.as_secs_f64() * 1e6
    );
    println!(
        "first request after a write: {} (generation {stale_generation}, the write is \
         generation {fresh_generation}); fresh numbers {} after the write",
        ms(after_write),
        ms(refreshed)
    );
    db.close().await;
    Ok(())
}
