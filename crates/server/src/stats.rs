//! The public dashboard: numbers built from [`Db`]'s aggregates, cached in memory per stats
//! generation.
//!
//! Every write the dashboard counts bumps `stats_meta.generation` in the database, in the same
//! transaction. A request reads that one number (a point query) and answers from the cache when
//! it computed that generation already; otherwise it recomputes with the `GROUP BY` queries of
//! [`crate::db`] and caches the result. Several instances sharing a database each keep their own
//! cache and see the same generation, so none serves numbers older than the last write it can see.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use motcua_domain::feedback::stats::{
    rank_officials, CommuneRow, CommuneStats, FeedbackResponse, LevelCount, OfficialSatisfaction,
    ProcedureTime, Satisfaction, StatsOverview, Totals,
};
use motcua_domain::feedback::RatingScale;
use motcua_domain::{CommuneCode, Date, ProcedureCode};

use crate::calendar::working_days_between;
use crate::db::{FeedbackRow, LevelRow, StateCount};
use crate::{Db, StoreError};

/// A cached answer and the generation it was computed at.
#[derive(Debug, Clone)]
enum Cached {
    Overview(u64, Arc<StatsOverview>),
    Commune(u64, Arc<CommuneStats>),
}

/// The dashboard cache, keyed by commune (`None` = the overview); cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct StatsCache {
    entries: Arc<Mutex<HashMap<Option<CommuneCode>, Cached>>>,
}

impl StatsCache {
    fn get(&self, key: &Option<CommuneCode>) -> Option<Cached> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: Option<CommuneCode>, value: Cached) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, value);
        }
    }

    /// The overview of all communes at the current generation.
    pub async fn overview(
        &self,
        db: &Db,
        scale: &RatingScale,
    ) -> Result<Arc<StatsOverview>, StoreError> {
        let generation = db.stats_generation().await?;
        if let Some(Cached::Overview(g, v)) = self.get(&None) {
            if g == generation {
                return Ok(v);
            }
        }
        let value = Arc::new(compute_overview(db, scale, generation).await?);
        self.put(None, Cached::Overview(generation, Arc::clone(&value)));
        Ok(value)
    }

    /// One commune's numbers at the current generation; `None` for an unknown commune.
    pub async fn commune(
        &self,
        db: &Db,
        scale: &RatingScale,
        code: &CommuneCode,
    ) -> Result<Option<Arc<CommuneStats>>, StoreError> {
        let generation = db.stats_generation().await?;
        let key = Some(code.clone());
        if let Some(Cached::Commune(g, v)) = self.get(&key) {
            if g == generation {
                return Ok(Some(v));
            }
        }
        let Some(value) = compute_commune(db, scale, code, generation).await? else {
            return Ok(None);
        };
        let value = Arc::new(value);
        self.put(key, Cached::Commune(generation, Arc::clone(&value)));
        Ok(Some(value))
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
                letters: None,
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
        letters: None,
    }))
}
