//! The public dashboard's numbers, as served by `GET /api/v1/stats` (JSON) and rendered to CSV
//! here, so the app, the server and a spreadsheet see the same figures.
//!
//! On time: a closed submission with a due date is on time when `closed_on <= due_date`
//! (Vietnam dates). Processing time is counted in working days from the receive date to the
//! close date, next to the procedure's legal time (also working days).

use serde::{Deserialize, Serialize};

use crate::commune::CommuneCode;
use crate::procedure::ProcedureCode;
use crate::text::Localized;

/// Officials with fewer ratings than this are listed without a rank.
pub const MIN_RATINGS_TO_RANK: u64 = 5;

/// Counts of submissions by state, and how many were closed on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Everything received.
    pub received: u64,
    /// Done (result ready).
    pub done: u64,
    /// Rejected.
    pub rejected: u64,
    /// Still open (received, processing, needs documents).
    pub open: u64,
    /// Closed (done or rejected) with a due date, on or before it.
    pub closed_on_time: u64,
    /// Closed with a due date, after it.
    pub closed_late: u64,
}

impl Totals {
    /// Share of closed submissions (with a due date) closed on time, 0–1; `None` when none.
    pub fn on_time_rate(&self) -> Option<f64> {
        let n = self.closed_on_time + self.closed_late;
        (n > 0).then(|| self.closed_on_time as f64 / n as f64)
    }

    /// Adds another commune's counts.
    pub fn add(&mut self, other: &Self) {
        self.received += other.received;
        self.done += other.done;
        self.rejected += other.rejected;
        self.open += other.open;
        self.closed_on_time += other.closed_on_time;
        self.closed_late += other.closed_late;
    }
}

/// Submissions received, and done, in one month (`yyyy-mm`, Vietnam dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCount {
    /// `yyyy-mm`.
    pub month: String,
    /// Received that month.
    pub received: u64,
    /// Done that month (by close date).
    pub done: u64,
}

/// Processing time of one procedure's closed submissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureTime {
    /// The procedure.
    pub procedure: ProcedureCode,
    /// Its name.
    pub name: Localized,
    /// Closed submissions counted.
    pub closed: u64,
    /// Average working days from receipt to close.
    pub avg_days: f64,
    /// The legal processing time in working days, when fixed.
    pub legal_days: Option<u32>,
    /// How many of them closed on or before their due date.
    pub on_time: u64,
}

/// How many ratings gave one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelCount {
    /// The level's value.
    pub level: u8,
    /// Its label.
    pub label: Localized,
    /// Ratings at that level.
    pub count: u64,
}

/// A distribution of ratings over the scale, best level first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Satisfaction {
    /// One entry per level of the scale (zeros included).
    pub levels: Vec<LevelCount>,
    /// All ratings.
    pub total: u64,
}

impl Satisfaction {
    /// Mean level, when there are ratings.
    pub fn mean(&self) -> Option<f64> {
        let sum: u64 = self
            .levels
            .iter()
            .map(|l| u64::from(l.level) * l.count)
            .sum();
        (self.total > 0).then(|| sum as f64 / self.total as f64)
    }

    /// Share of ratings in the two best levels (the dashboard's "satisfied"), 0–1; `None` when
    /// there are none.
    pub fn satisfied_rate(&self) -> Option<f64> {
        let top = self.levels.first().map_or(0, |l| l.count);
        let good = self
            .levels
            .iter()
            .take(2)
            .map(|l| l.count)
            .sum::<u64>()
            .max(top);
        (self.total > 0).then(|| good as f64 / self.total as f64)
    }
}

/// A rate as the dashboard shows it: `85 %`, or `—` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.0} %", r * 100.0))
}

/// One official's ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialSatisfaction {
    /// The official's id in the staff directory.
    pub official: String,
    /// Their name.
    pub name: String,
    /// Their ratings.
    pub satisfaction: Satisfaction,
    /// 1 = best mean level; `None` with fewer than [`MIN_RATINGS_TO_RANK`] ratings.
    pub rank: Option<u32>,
}

/// How the office answers negative feedback.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackResponse {
    /// Negative ratings received.
    pub negative: u64,
    /// Of those, answered by staff.
    pub answered: u64,
    /// Average hours from rating to reply, over the answered ones.
    pub avg_response_hours: Option<f64>,
}

/// Letters a commune sent (congratulations on a birth or a marriage, condolences).
///
/// Counted from the letters issued in the staff workspace (`None` only from servers older than
/// the letters feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterCounts {
    /// Congratulations on a birth.
    pub congratulation_birth: u64,
    /// Congratulations on a marriage.
    pub congratulation_marriage: u64,
    /// Condolences.
    pub condolence: u64,
}

/// Everything the dashboard shows for one commune (`GET /api/v1/stats?commune=`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneStats {
    /// The commune.
    pub commune: CommuneCode,
    /// Its name.
    pub name: String,
    /// The stats generation these numbers were computed at.
    pub generation: u64,
    /// Counts by state and on time.
    pub totals: Totals,
    /// Received and done per month, oldest first.
    pub months: Vec<MonthCount>,
    /// Processing time per procedure (closed submissions only), by procedure code.
    pub procedures: Vec<ProcedureTime>,
    /// Ratings of the office.
    pub satisfaction: Satisfaction,
    /// Ratings per official: ranked ones by rank, then the others by name.
    pub officials: Vec<OfficialSatisfaction>,
    /// Replies to negative feedback.
    pub feedback: FeedbackResponse,
    /// Letters sent (see [`LetterCounts`]).
    #[serde(default)]
    pub letters: Option<LetterCounts>,
}

/// One commune's line in the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneRow {
    /// The commune.
    pub commune: CommuneCode,
    /// Its name.
    pub name: String,
    /// Counts by state and on time.
    pub totals: Totals,
    /// Ratings.
    pub satisfaction: Satisfaction,
    /// Replies to negative feedback.
    pub feedback: FeedbackResponse,
    /// Letters sent (see [`LetterCounts`]).
    #[serde(default)]
    pub letters: Option<LetterCounts>,
}

/// All communes (`GET /api/v1/stats`): those with any submission or rating, by code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsOverview {
    /// The stats generation these numbers were computed at.
    pub generation: u64,
    /// All communes together.
    pub totals: Totals,
    /// Received and done per month over all communes, oldest first.
    pub months: Vec<MonthCount>,
    /// One line per commune.
    pub communes: Vec<CommuneRow>,
}

/// The CSV header every export starts with: one number per line, easy to pivot.
pub const CSV_HEADER: &str = "section,commune,key,label,metric,value";

/// CSV writer of `section,commune,key,label,metric,value` lines.
struct Csv(String);

impl Csv {
    fn new() -> Self {
        Self(format!("{CSV_HEADER}\r\n"))
    }

    fn line(
        &mut self,
        section: &str,
        commune: &str,
        key: &str,
        label: &str,
        metric: &str,
        value: String,
    ) {
        for (i, field) in [section, commune, key, label, metric, &value]
            .iter()
            .enumerate()
        {
            if i > 0 {
                self.0.push(',');
            }
            self.0.push_str(&csv_field(field));
        }
        self.0.push_str("\r\n");
    }

    fn totals(&mut self, commune: &str, t: &Totals) {
        for (metric, v) in [
            ("received", t.received),
            ("done", t.done),
            ("rejected", t.rejected),
            ("open", t.open),
            ("closed_on_time", t.closed_on_time),
            ("closed_late", t.closed_late),
        ] {
            self.line("totals", commune, "", "", metric, v.to_string());
        }
        self.line(
            "totals",
            commune,
            "",
            "",
            "on_time_rate",
            opt(t.on_time_rate()),
        );
    }

    fn months(&mut self, commune: &str, months: &[MonthCount]) {
        for m in months {
            self.line(
                "month",
                commune,
                &m.month,
                "",
                "received",
                m.received.to_string(),
            );
            self.line("month", commune, &m.month, "", "done", m.done.to_string());
        }
    }

    fn satisfaction(
        &mut self,
        section: &str,
        commune: &str,
        key: &str,
        label: &str,
        s: &Satisfaction,
    ) {
        for l in &s.levels {
            self.line(
                section,
                commune,
                key,
                label,
                &format!("level_{}", l.level),
                l.count.to_string(),
            );
        }
        self.line(section, commune, key, label, "ratings", s.total.to_string());
    }

    fn feedback(&mut self, commune: &str, f: &FeedbackResponse) {
        self.line(
            "feedback",
            commune,
            "",
            "",
            "negative",
            f.negative.to_string(),
        );
        self.line(
            "feedback",
            commune,
            "",
            "",
            "answered",
            f.answered.to_string(),
        );
        self.line(
            "feedback",
            commune,
            "",
            "",
            "avg_response_hours",
            opt(f.avg_response_hours),
        );
    }

    fn letters(&mut self, commune: &str, letters: Option<&LetterCounts>) {
        if let Some(l) = letters {
            self.line(
                "letters",
                commune,
                "",
                "",
                "congratulation_birth",
                l.congratulation_birth.to_string(),
            );
            self.line(
                "letters",
                commune,
                "",
                "",
                "congratulation_marriage",
                l.congratulation_marriage.to_string(),
            );
            self.line(
                "letters",
                commune,
                "",
                "",
                "condolence",
                l.condolence.to_string(),
            );
        }
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// One CSV field: quoted when it holds a comma, quote or line break; a leading `= + - @` is
/// prefixed with `'` so spreadsheets never read it as a formula.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

impl CommuneStats {
    /// The same numbers as CSV (`section,commune,key,label,metric,value`).
    pub fn to_csv(&self) -> String {
        let c = self.commune.as_str();
        let mut csv = Csv::new();
        csv.totals(c, &self.totals);
        csv.months(c, &self.months);
        for p in &self.procedures {
            let (key, label) = (p.procedure.as_str(), p.name.vi.as_str());
            csv.line("procedure", c, key, label, "closed", p.closed.to_string());
            csv.line(
                "procedure",
                c,
                key,
                label,
                "avg_days",
                format!("{:.2}", p.avg_days),
            );
            csv.line(
                "procedure",
                c,
                key,
                label,
                "legal_days",
                p.legal_days.map(|d| d.to_string()).unwrap_or_default(),
            );
            csv.line("procedure", c, key, label, "on_time", p.on_time.to_string());
        }
        csv.satisfaction("satisfaction", c, "", "", &self.satisfaction);
        for o in &self.officials {
            csv.satisfaction("official", c, &o.official, &o.name, &o.satisfaction);
            csv.line(
                "official",
                c,
                &o.official,
                &o.name,
                "rank",
                o.rank.map(|r| r.to_string()).unwrap_or_default(),
            );
        }
        csv.feedback(c, &self.feedback);
        csv.letters(c, self.letters.as_ref());
        csv.0
    }
}

impl StatsOverview {
    /// The same numbers as CSV (`section,commune,key,label,metric,value`; commune `all` for
    /// the sums).
    pub fn to_csv(&self) -> String {
        let mut csv = Csv::new();
        csv.totals("all", &self.totals);
        csv.months("all", &self.months);
        for row in &self.communes {
            let c = row.commune.as_str();
            csv.line("commune", c, c, &row.name, "name", row.name.clone());
            csv.totals(c, &row.totals);
            csv.satisfaction("satisfaction", c, "", "", &row.satisfaction);
            csv.feedback(c, &row.feedback);
            csv.letters(c, row.letters.as_ref());
        }
        csv.0
    }
}

/// Ranks officials: those with at least [`MIN_RATINGS_TO_RANK`] ratings by mean level (best
/// first; ties by more ratings, then name), the others after them by name, without a rank.
pub fn rank_officials(mut officials: Vec<OfficialSatisfaction>) -> Vec<OfficialSatisfaction> {
    crate::order::sort_by(&mut officials, |a, b| {
        let ranked = |o: &OfficialSatisfaction| o.satisfaction.total >= MIN_RATINGS_TO_RANK;
        ranked(b)
            .cmp(&ranked(a))
            .then_with(|| {
                if ranked(a) && ranked(b) {
                    let (ma, mb) = (a.satisfaction.mean(), b.satisfaction.mean());
                    mb.partial_cmp(&ma)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(b.satisfaction.total.cmp(&a.satisfaction.total))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut rank = 0;
    for o in &mut officials {
        o.rank = (o.satisfaction.total >= MIN_RATINGS_TO_RANK).then(|| {
            rank += 1;
            rank
        });
    }
    officials
}

#[cfg(test)]
mod satisfied_tests {
    use super::*;

    fn levels(counts: &[u64]) -> Satisfaction {
        Satisfaction {
            levels: counts
                .iter()
                .enumerate()
                .map(|(i, &count)| LevelCount {
                    level: (counts.len() - i) as u8,
                    label: Localized {
                        vi: String::new(),
                        en: String::new(),
                    },
                    count,
                })
                .collect(),
            total: counts.iter().sum(),
        }
    }

    #[test]
    fn satisfied_is_the_share_of_the_two_best_levels() {
        assert_eq!(levels(&[3, 1, 0, 4]).satisfied_rate(), Some(0.5));
        assert_eq!(levels(&[0, 0, 0]).satisfied_rate(), None);
        assert_eq!(percent(levels(&[2, 0, 1]).satisfied_rate()), "67 %");
        assert_eq!(percent(None), "—");
    }
}
