//! The markup of `/stats`, the public dashboard of every commune: the same elements and classes
//! as the app's `StatsPage` (`src/pages/stats.rs`) and `BarChart` (`src/components/chart.rs`),
//! so the app takes it over in place.

use maud::{html, Markup};
use motcua_domain::feedback::chart::{self, LABEL_W, ROW, WIDTH};
use motcua_domain::feedback::stats::{percent, MonthCount, StatsOverview, Totals};
use motcua_domain::i18n::{t, Lang, Msg};

/// What the app's dashboard must show before it takes over (its heading comes before its data).
pub const UNTIL: &str = ".app-stats__totals";

/// The page's `<main>` content.
pub fn overview(lang: Lang, stats: &StatsOverview) -> Markup {
    let tr = |m: Msg| t(m, lang);
    html! {
        h1 class="app-heading-xl" tabindex="-1" { (tr(Msg::StatsTitle)) }
        p class="app-body" { (tr(Msg::StatsIntro)) }
        (totals(lang, &stats.totals))
        (months(lang, &stats.months))
        section class="app-stats__section" {
            h2 class="app-heading-m" id="stats-communes" { (tr(Msg::StatsCommunes)) }
            div class="app-table-wrap" tabindex="0" role="region" aria-labelledby="stats-communes" {
                table class="app-table" {
                    thead { tr {
                        th scope="col" { (tr(Msg::StatsCommune)) }
                        th scope="col" { (tr(Msg::StatsReceived)) }
                        th scope="col" { (tr(Msg::StatsDone)) }
                        th scope="col" { (tr(Msg::StatsOnTime)) }
                        th scope="col" { (tr(Msg::StatsRatings)) }
                        th scope="col" { (tr(Msg::StatsSatisfied)) }
                    } }
                    tbody {
                        @for c in &stats.communes {
                            tr {
                                th scope="row" {
                                    a class="app-link" href={ "/stats/" (c.commune) } { (c.name) }
                                }
                                td { (c.totals.received) }
                                td { (c.totals.done) }
                                td { (percent(c.totals.on_time_rate())) }
                                td { (c.satisfaction.total) }
                                td { (percent(c.satisfaction.satisfied_rate())) }
                            }
                        }
                    }
                }
            }
        }
        ul class="app-list app-stats__downloads" {
            li { a class="app-link" href="/api/v1/stats?format=csv" download="" { (tr(Msg::StatsDownloadCsv)) } }
            li { a class="app-link" href="/api/v1/stats" { (tr(Msg::StatsDownloadJson)) } }
        }
    }
}

fn totals(lang: Lang, totals: &Totals) -> Markup {
    let row = |m: Msg, v: String| {
        html! {
            div class="app-summary__row" {
                dt class="app-summary__key" { (t(m, lang)) }
                dd class="app-stats__number" { (v) }
            }
        }
    };
    html! {
        dl class="app-summary app-stats__totals" {
            (row(Msg::StatsOnTime, percent(totals.on_time_rate())))
            (row(Msg::StatsReceived, totals.received.to_string()))
            (row(Msg::StatsDone, totals.done.to_string()))
            (row(Msg::StatsRejected, totals.rejected.to_string()))
            (row(Msg::StatsOpen, totals.open.to_string()))
        }
    }
}

/// The last twelve months, as a chart and a table.
fn months(lang: Lang, months: &[MonthCount]) -> Markup {
    let tr = |m: Msg| t(m, lang);
    let recent = &months[months.len().saturating_sub(12)..];
    let bars: Vec<Bar> = recent
        .iter()
        .map(|m| Bar {
            label: &m.month,
            value: m.received as f64,
            text: m.received.to_string(),
        })
        .collect();
    html! {
        section class="app-stats__section" {
            h2 class="app-heading-m" id="stats-months" { (tr(Msg::StatsPerMonth)) }
            (bar_chart("chart-months", tr(Msg::StatsPerMonth), &bars))
            div class="app-table-wrap" tabindex="0" role="region" aria-labelledby="stats-months" {
                table class="app-table" {
                    caption class="app-visually-hidden" { (tr(Msg::StatsPerMonth)) }
                    thead { tr {
                        th scope="col" { (tr(Msg::StatsMonth)) }
                        th scope="col" { (tr(Msg::StatsReceived)) }
                        th scope="col" { (tr(Msg::StatsDone)) }
                    } }
                    tbody {
                        @for m in recent {
                            tr { th scope="row" { (m.month) } td { (m.received) } td { (m.done) } }
                        }
                    }
                }
            }
        }
    }
}

/// One bar of [`bar_chart`].
struct Bar<'a> {
    label: &'a str,
    value: f64,
    text: String,
}

/// The app's horizontal SVG bar chart, drawn the same way.
fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> Markup {
    let height = chart::height(bars.len());
    let boxes = chart::boxes(bars.iter().map(|b| b.value));
    html! {
        svg class="app-chart" role="img" aria-labelledby={ (id) "-title" }
            viewBox={ "0 0 " (WIDTH) " " (height) } width="100%" preserveAspectRatio="xMinYMin meet" {
            title id={ (id) "-title" } { (title) }
            @for (bar, chart::BarBox { y, width: w }) in bars.iter().zip(boxes) {
                g {
                    text x=(LABEL_W - 8.0) y=(y + 18.0) text-anchor="end" class="app-chart__label" { (bar.label) }
                    rect x=(LABEL_W) y=(y + 4.0) width=(w) height=(ROW - 10.0) class="app-chart__bar" {}
                    text x=(LABEL_W + w + 6.0) y=(y + 18.0) class="app-chart__value" { (bar.text) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::feedback::stats::StatsOverview;

    fn stats(months: usize) -> StatsOverview {
        let mut stats: StatsOverview =
            serde_json::from_value(serde_json::json!({"generation": 1, "totals": {
                "received": 0, "done": 0, "rejected": 0, "open": 0,
                "closed_on_time": 0, "closed_late": 0}, "months": [], "communes": []}))
            .expect("an empty overview");
        stats.months = (1..=months)
            .map(|m| MonthCount {
                month: format!("2026-{m:02}"),
                received: m as u64,
                done: 0,
            })
            .collect();
        stats
    }

    #[test]
    fn the_chart_and_table_show_the_last_twelve_months() {
        let html = overview(Lang::Vi, &stats(14)).into_string();
        assert!(!html.contains(">2026-02<"), "{html}");
        assert!(html.contains(">2026-03<"));
        assert!(html.contains(">2026-14<"));
        // 12 bars, 28 px each, plus the margin.
        assert!(html.contains(r#"viewBox="0 0 480 344""#), "{html}");
    }

    #[test]
    fn with_no_months_the_chart_keeps_one_empty_row() {
        let html = overview(Lang::En, &stats(0)).into_string();
        assert!(html.contains(r#"viewBox="0 0 480 36""#));
        assert!(html.contains(">Service performance</h1>"), "{html}");
    }
}
