//! The public dashboard: numbers built from [`Db`]'s aggregates, cached in memory per stats
//! generation.
//!
//! Every write the dashboard counts bumps `stats_meta.generation` in the database, in the same
//! transaction. A request reads that one number (a point query) and answers from the cache when
//! it computed that generation already. Otherwise it recomputes with the `GROUP BY` queries of
//! [`crate::db`] — in the request when the last computation of that answer was quick (under
//! [`SYNC_BUDGET`], the case of a commune-sized database: the answer is always current), or, when
//! it was slow (a province with a million submissions: seconds), it answers at once with the
//! previous numbers and refreshes them in the background, one refresh per answer at a time
//! (stale-while-revalidate; the `generation` in the answer says which write it includes).
//! Several instances sharing a database each keep their own cache and see the same generation.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua_domain::feedback::stats::{
    rank_officials, CommuneRow, CommuneStats, FeedbackResponse, LevelCount, OfficialSatisfaction,
    ProcedureTime, Satisfaction, StatsOverview, Totals,
};
use motcua_domain::feedback::RatingScale;
use motcua_domain::{CommuneCode, Date, ProcedureCode};

use crate::calendar::working_days_between;
use crate::db::{FeedbackRow, LevelRow, StateCount};
use crate::{Db, StoreError};

/// A recomputation that took longer than this is done in the background from then on, while
/// requests get the previous numbers.
pub const SYNC_BUDGET: Duration = Duration::from_millis(250);

/// A cached answer.
#[derive(Debug, Clone)]
enum Value {
    Overview(Arc<StatsOverview>),
    Commune(Arc<CommuneStats>),
}

/// A cached answer, the generation it was computed at and how long computing it took.
#[derive(Debug, Clone)]
struct Entry {
    generation: u64,
    took: Duration,
    value: Value,
}

/// The key of an answer: a commune, or `None` for the overview.
type Key = Option<CommuneCode>;

/// The dashboard cache, keyed by commune (`None` = the overview); cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct StatsCache {
    entries: Arc<Mutex<HashMap<Key, Entry>>>,
    refreshing: Arc<Mutex<HashSet<Key>>>,
}

impl StatsCache {
    fn get(&self, key: &Key) -> Option<Entry> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    /// Stores `entry` unless a newer generation is there already.
    fn put(&self, key: Key, entry: Entry) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries
                .get(&key)
                .is_none_or(|old| old.generation <= entry.generation)
            {
                entries.insert(key, entry);
            }
        }
    }

    /// The answer for `key` when the database is at `generation` (see the module docs).
    async fn answer<F, Fut>(
        &self,
        key: Key,
        generation: u64,
        compute: F,
    ) -> Result<Option<Value>, StoreError>
    where
        F: Fn(u64) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Option<Value>, StoreError>> + Send + 'static,
    {
        if let Some(entry) = self.get(&key) {
            if entry.generation == generation {
                return Ok(Some(entry.value));
            }
            if entry.took >= SYNC_BUDGET {
                self.refresh_behind(key, generation, compute);
                return Ok(Some(entry.value));
            }
        }
        self.compute_and_put(key, generation, &compute).await
    }

    async fn compute_and_put<F, Fut>(
        &self,
        key: Key,
        generation: u64,
        compute: &F,
    ) -> Result<Option<Value>, StoreError>
    where
        F: Fn(u64) -> Fut,
        Fut: Future<Output = Result<Option<Value>, StoreError>>,
    {
        let started = Instant::now();
        let Some(value) = compute(generation).await? else {
            return Ok(None);
        };
        let took = started.elapsed();
        self.put(
            key,
            Entry {
                generation,
                took,
                value: value.clone(),
            },
        );
        Ok(Some(value))
    }

    /// Recomputes `key` at `generation` on a task of its own, unless a refresh of it runs.
    fn refresh_behind<F, Fut>(&self, key: Key, generation: u64, compute: F)
    where
        F: Fn(u64) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Option<Value>, StoreError>> + Send + 'static,
    {
        let Ok(mut refreshing) = self.refreshing.lock() else {
            return;
        };
        if !refreshing.insert(key.clone()) {
            return;
        }
        drop(refreshing);
        let cache = self.clone();
        tokio::spawn(async move {
            if let Err(err) = cache
                .compute_and_put(key.clone(), generation, &compute)
                .await
            {
                tracing::warn!(error = %err, "refreshing the dashboard numbers failed");
            }
            if let Ok(mut refreshing) = cache.refreshing.lock() {
                refreshing.remove(&key);
            }
        });
    }

    /// The overview of all communes.
    pub async fn overview(
        &self,
        db: &Db,
        scale: &Arc<RatingScale>,
    ) -> Result<Arc<StatsOverview>, StoreError> {
        let (owned_db, scale) = (db.clone(), Arc::clone(scale));
        let compute = move |generation| {
            let (db, scale) = (owned_db.clone(), Arc::clone(&scale));
            async move {
                let value = compute_overview(&db, &scale, generation).await?;
                Ok(Some(Value::Overview(Arc::new(value))))
            }
        };
        let generation = db.stats_generation().await?;
        match self.answer(None, generation, compute).await? {
            Some(Value::Overview(value)) => Ok(value),
            _ => unreachable!("the overview key holds the overview"),
        }
    }

    /// One commune's numbers; `None` for an unknown commune.
    pub async fn commune(
        &self,
        db: &Db,
        scale: &Arc<RatingScale>,
        code: &CommuneCode,
    ) -> Result<Option<Arc<CommuneStats>>, StoreError> {
        let (owned_db, scale, owned_code) = (db.clone(), Arc::clone(scale), code.clone());
        let compute = move |generation| {
            let (db, scale, code) = (owned_db.clone(), Arc::clone(&scale), owned_code.clone());
            async move {
                let value = compute_commune(&db, &scale, &code, generation).await?;
                Ok(value.map(|v| Value::Commune(Arc::new(v))))
            }
        };
        let generation = db.stats_generation().await?;
        match self.answer(Some(code.clone()), generation, compute).await? {
            Some(Value::Commune(value)) => Ok(Some(value)),
            _ => Ok(None),
        }
    }
}

fn totals_of<'a>(rows: impl Iterator<Item = &'a StateCount>) -> Totals {
    let mut t = Totals::default();
    for r in rows {
        t.received += r.count;
        match r.state.as_str() {
            "done" => t.done += r.count,
            "rejected" => t.rejected += r.count,
            _ => t.open += r.count,
        }
        t.closed_on_time += r.on_time;
        t.closed_late += r.late;
    }
    t
}

fn satisfaction_of<'a>(
    scale: &RatingScale,
    rows: impl Iterator<Item = &'a LevelRow>,
) -> Satisfaction {
    let mut counts: BTreeMap<u8, u64> = BTreeMap::new();
    for r in rows {
        *counts.entry(r.level).or_default() += r.count;
    }
    let levels: Vec<LevelCount> = scale
        .levels
        .iter()
        .map(|l| LevelCount {
            level: l.value,
            label: l.label.clone(),
            count: counts.get(&l.value).copied().unwrap_or(0),
        })
        .collect();
    Satisfaction {
        total: levels.iter().map(|l| l.count).sum(),
        levels,
    }
}

fn feedback_of(row: Option<&FeedbackRow>) -> FeedbackResponse {
    row.map(|r| FeedbackResponse {
        negative: r.negative,
        answered: r.answered,
        avg_response_hours: r.avg_response_secs.map(|s| s / 3600.0),
    })
    .unwrap_or_default()
}

async fn compute_overview(
    db: &Db,
    scale: &RatingScale,
    generation: u64,
) -> Result<StatsOverview, StoreError> {
    let states = db.stats_by_state(None).await?;
    let months = db.stats_months(None).await?;
    let levels = db.stats_rating_levels(None).await?;
    let feedback = db.stats_feedback(None).await?;
    let letters = db.stats_letters(None).await?;
    let names: HashMap<String, String> = db
        .communes()
        .await?
        .into_iter()
        .map(|c| (c.code.to_string(), c.name_vi))
        .collect();
    let mut codes: Vec<&str> = states
        .iter()
        .map(|s| s.commune.as_str())
        .chain(levels.iter().map(|l| l.key.as_str()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let communes: Vec<CommuneRow> = codes
        .into_iter()
        .filter_map(|code| {
            Some(CommuneRow {
                commune: CommuneCode::parse(code).ok()?,
                name: names.get(code).cloned().unwrap_or_default(),
                totals: totals_of(states.iter().filter(|s| s.commune == code)),
                satisfaction: satisfaction_of(scale, levels.iter().filter(|l| l.key == code)),
                feedback: feedback_of(feedback.iter().find(|f| f.commune == code)),
                letters: Some(
                    letters
                        .iter()
                        .find(|(c, _)| c == code)
                        .map(|(_, l)| *l)
                        .unwrap_or_default(),
                ),
            })
        })
        .collect();
    Ok(StatsOverview {
        generation,
        totals: totals_of(states.iter()),
        months,
        communes,
    })
}

async fn compute_commune(
    db: &Db,
    scale: &RatingScale,
    code: &CommuneCode,
    generation: u64,
) -> Result<Option<CommuneStats>, StoreError> {
    let Some(commune) = db.commune(code).await? else {
        return Ok(None);
    };
    let states = db.stats_by_state(Some(code)).await?;
    let months = db.stats_months(Some(code)).await?;
    let done = db.stats_done_by_dates(code).await?;
    let levels = db.stats_rating_levels(Some(code)).await?;
    let official_levels = db.stats_official_levels(code).await?;
    let feedback = db.stats_feedback(Some(code)).await?;
    let letters = db
        .stats_letters(Some(code))
        .await?
        .into_iter()
        .next()
        .map(|(_, l)| l)
        .unwrap_or_default();

    // Working days per (received, closed) pair, computed once per distinct pair.
    let mut spans: HashMap<(&str, &str), u32> = HashMap::new();
    let mut per_procedure: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new(); // closed, days, on time
    for g in &done {
        let days = *spans
            .entry((g.received_on.as_str(), g.closed_on.as_str()))
            .or_insert_with(
                || match (Date::parse(&g.received_on), Date::parse(&g.closed_on)) {
                    (Ok(a), Ok(b)) => working_days_between(a, b),
                    _ => 0,
                },
            );
        let slot = per_procedure.entry(g.procedure.as_str()).or_default();
        slot.0 += g.count;
        slot.1 += u64::from(days) * g.count;
        slot.2 += g.on_time;
    }
    let mut procedures = Vec::with_capacity(per_procedure.len());
    for (procedure, (closed, days, on_time)) in per_procedure {
        let Ok(procedure) = ProcedureCode::parse(procedure) else {
            continue;
        };
        let (name, legal_days) = match db.procedure_in(code, &procedure).await? {
            Ok(p) => (p.name, p.processing_days),
            Err(_) => (Default::default(), None),
        };
        procedures.push(ProcedureTime {
            procedure,
            name,
            closed,
            avg_days: days as f64 / closed.max(1) as f64,
            legal_days,
            on_time,
        });
    }

    let mut by_official: BTreeMap<&str, Vec<&LevelRow>> = BTreeMap::new();
    for row in &official_levels {
        by_official.entry(row.key.as_str()).or_default().push(row);
    }
    let officials = rank_officials(
        by_official
            .into_iter()
            .map(|(id, rows)| OfficialSatisfaction {
                official: id.to_owned(),
                name: commune
                    .office
                    .staff
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| id.to_owned()),
                satisfaction: satisfaction_of(scale, rows.into_iter()),
                rank: None,
            })
            .collect(),
    );

    Ok(Some(CommuneStats {
        commune: code.clone(),
        name: commune.summary.name_vi,
        generation,
        totals: totals_of(states.iter()),
        months,
        procedures,
        satisfaction: satisfaction_of(scale, levels.iter()),
        officials,
        feedback: feedback_of(feedback.first()),
        letters: Some(letters),
    }))
}

#[cfg(test)]
mod cache_tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// What a computation returns in these tests.
    type Computed =
        std::pin::Pin<Box<dyn Future<Output = Result<Option<Value>, StoreError>> + Send>>;

    /// An overview "computed" at `generation`, taking `delay`, counting its computations.
    fn slow(delay: Duration, runs: Arc<AtomicU32>) -> impl Fn(u64) -> Computed + Send + Sync {
        move |generation| {
            let runs = Arc::clone(&runs);
            Box::pin(async move {
                tokio::time::sleep(delay).await;
                runs.fetch_add(1, Ordering::SeqCst);
                Ok(Some(Value::Overview(Arc::new(StatsOverview {
                    generation,
                    totals: Totals::default(),
                    months: Vec::new(),
                    communes: Vec::new(),
                }))))
            })
        }
    }

    fn generation_of(value: Option<Value>) -> u64 {
        match value {
            Some(Value::Overview(v)) => v.generation,
            _ => panic!("an overview"),
        }
    }

    #[tokio::test]
    async fn quick_answers_are_always_current() {
        let cache = StatsCache::default();
        let runs = Arc::new(AtomicU32::new(0));
        let quick = || slow(Duration::ZERO, Arc::clone(&runs));
        assert_eq!(
            generation_of(cache.answer(None, 1, quick()).await.unwrap()),
            1
        );
        assert_eq!(
            generation_of(cache.answer(None, 1, quick()).await.unwrap()),
            1
        );
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "cached at the same generation"
        );
        assert_eq!(
            generation_of(cache.answer(None, 2, quick()).await.unwrap()),
            2
        );
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn slow_answers_are_served_stale_and_refreshed_once_in_the_background() {
        let cache = StatsCache::default();
        let runs = Arc::new(AtomicU32::new(0));
        let delay = SYNC_BUDGET + Duration::from_millis(50);
        let slow_compute = || slow(delay, Arc::clone(&runs));
        // The first answer has nothing to fall back on: computed in the request.
        assert_eq!(
            generation_of(cache.answer(None, 1, slow_compute()).await.unwrap()),
            1
        );
        // A write: answers come with generation 1 (not computed in the request, which would
        // give 2) while one refresh runs.
        for _ in 0..5 {
            let value = cache.answer(None, 2, slow_compute()).await.unwrap();
            assert_eq!(generation_of(value), 1);
        }
        tokio::time::sleep(delay * 3).await;
        assert_eq!(
            generation_of(cache.answer(None, 2, slow_compute()).await.unwrap()),
            2
        );
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "five stale requests, one refresh"
        );
    }
}
