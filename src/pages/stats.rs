//! `/stats` (all communes) and `/stats/:commune`: the public dashboard. Fetches
//! `GET /api/v1/stats` as JSON, keeps the last copy in IndexedDB (`meta`, key `stats:{scope}`)
//! to show offline, and renders each figure as an SVG bar chart with the same numbers in a table,
//! plus links to the CSV and JSON downloads. Each table sits in a focusable scroll region named
//! by its section's heading (WCAG 1.4.10 allows a data table to scroll sideways on its own); the
//! section itself is left unnamed so the two landmarks do not share a name.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use motcua_domain::feedback::stats::{
    percent, CommuneRow, CommuneStats, FeedbackResponse, LetterCounts, OfficialSatisfaction,
    ProcedureTime, Satisfaction, StatsOverview, Totals,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::components::{part, Bar, BarChart, Loading, Staged};
use crate::i18n::{t, Lang, Msg};
use crate::state::use_app;
use crate::storage;
use crate::util::with_timeout;

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
enum Load<T> {
    Loading,
    Failed,
    /// The numbers, and whether they are a saved copy (the server could not be reached).
    Done(T, bool),
}

async fn fetch<T: DeserializeOwned + Serialize>(query: &str, meta_key: &str) -> Load<T> {
    let url = format!("/api/v1/stats{query}");
    let fresh = async {
        let response = with_timeout(gloo_net::http::Request::get(&url).send(), 20_000)
            .await?
            .ok()?;
        if response.status() != 200 {
            return None;
        }
        let text = response.text().await.ok()?;
        serde_json::from_str::<T>(&text).ok().map(|v| (v, text))
    }
    .await;
    let db = storage::shared().await;
    match fresh {
        Some((value, text)) => {
            if let Some(db) = &db {
                let _ = db.set_meta(meta_key, &text).await;
            }
            Load::Done(value, false)
        }
        None => {
            let saved = match &db {
                Some(db) => db.get_meta(meta_key).await.ok().flatten(),
                None => None,
            };
            saved
                .and_then(|s| serde_json::from_str(&s).ok())
                .map_or(Load::Failed, |v| Load::Done(v, true))
        }
    }
}

fn totals_list(totals: &Totals, lang: Lang) -> impl IntoView {
    let row = |m: Msg, v: String| {
        view! {
            <div class="app-summary__row">
                <dt class="app-summary__key">{t(m, lang)}</dt>
                <dd class="app-stats__number">{v}</dd>
            </div>
        }
    };
    view! {
        <dl class="app-summary app-stats__totals">
            {row(Msg::StatsOnTime, percent(totals.on_time_rate()))}
            {row(Msg::StatsReceived, totals.received.to_string())}
            {row(Msg::StatsDone, totals.done.to_string())}
            {row(Msg::StatsRejected, totals.rejected.to_string())}
            {row(Msg::StatsOpen, totals.open.to_string())}
        </dl>
    }
}

/// A table of numbers in a focusable scroll region named by its section's heading (`heading_id`);
/// `caption` names the table itself where a chart of the same numbers comes first.
fn data_table(
    heading_id: &'static str,
    caption: Option<Msg>,
    columns: &[Msg],
    rows: impl IntoView,
    lang: Lang,
) -> impl IntoView {
    let head = columns
        .iter()
        .map(|&m| view! { <th scope="col">{t(m, lang)}</th> })
        .collect_view();
    view! {
        <div class="app-table-wrap" tabindex="0" role="region" aria-labelledby=heading_id>
            <table class="app-table">
                {caption.map(|c| view! { <caption class="app-visually-hidden">{t(c, lang)}</caption> })}
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn months_section(
    months: &[motcua_domain::feedback::stats::MonthCount],
    lang: Lang,
) -> impl IntoView {
    let recent: Vec<_> = months.iter().rev().take(12).rev().cloned().collect();
    let bars = recent
        .iter()
        .map(|m| Bar {
            label: m.month.clone(),
            value: m.received as f64,
            text: m.received.to_string(),
        })
        .collect();
    let rows = recent
        .into_iter()
        .map(|m| view! { <tr><th scope="row">{m.month}</th><td>{m.received}</td><td>{m.done}</td></tr> })
        .collect_view();
    view! {
        <section class="app-stats__section">
            <h2 class="app-heading-m" id="stats-months">{t(Msg::StatsPerMonth, lang)}</h2>
            <BarChart id="chart-months".to_owned() title=t(Msg::StatsPerMonth, lang).to_owned() bars/>
            {data_table("stats-months", Some(Msg::StatsPerMonth), &[Msg::StatsMonth, Msg::StatsReceived, Msg::StatsDone], rows, lang)}
        </section>
    }
}

fn communes_section(communes: &[CommuneRow], lang: Lang) -> impl IntoView {
    let rows = communes
        .iter()
        .map(|c| {
            let href = format!("/stats/{}", c.commune);
            view! {
                <tr>
                    <th scope="row"><a class="app-link" href=href>{c.name.clone()}</a></th>
                    <td>{c.totals.received}</td>
                    <td>{c.totals.done}</td>
                    <td>{percent(c.totals.on_time_rate())}</td>
                    <td>{c.satisfaction.total}</td>
                    <td>{percent(c.satisfaction.satisfied_rate())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="app-stats__section">
            <h2 class="app-heading-m" id="stats-communes">{t(Msg::StatsCommunes, lang)}</h2>
            {data_table("stats-communes", None, &[Msg::StatsCommune, Msg::StatsReceived, Msg::StatsDone, Msg::StatsOnTime, Msg::StatsRatings, Msg::StatsSatisfied], rows, lang)}
        </section>
    }
}

fn satisfaction_section(s: &Satisfaction, lang: Lang) -> impl IntoView {
    let en = lang.english();
    let bars = s
        .levels
        .iter()
        .map(|l| Bar {
            label: l.label.get(en).to_owned(),
            value: l.count as f64,
            text: l.count.to_string(),
        })
        .collect();
    let rows = s
        .levels
        .iter()
        .map(|l| view! { <tr><th scope="row">{l.label.get(en).to_owned()}</th><td>{l.count}</td></tr> })
        .collect_view();
    view! {
        <section class="app-stats__section">
            <h2 class="app-heading-m" id="stats-satisfaction">{t(Msg::StatsSatisfaction, lang)}</h2>
            <p>{t(Msg::StatsRatings, lang)} ": " <strong>{s.total}</strong></p>
            <BarChart id="chart-satisfaction".to_owned() title=t(Msg::StatsSatisfaction, lang).to_owned() bars/>
            {data_table("stats-satisfaction", Some(Msg::StatsSatisfaction), &[Msg::StatsLevel, Msg::StatsRatings], rows, lang)}
        </section>
    }
}

fn procedures_section(procedures: &[ProcedureTime], lang: Lang) -> impl IntoView {
    let en = lang.english();
    let rows = procedures
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{p.name.get(en).to_owned()}</th>
                    <td>{p.closed}</td>
                    <td>{format!("{:.1}", p.avg_days)}</td>
                    <td>{p.legal_days.map_or_else(|| "—".to_owned(), |d| d.to_string())}</td>
                    <td>{p.on_time}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="app-stats__section">
            <h2 class="app-heading-m" id="stats-procedures">{t(Msg::StatsProcedures, lang)}</h2>
            {data_table("stats-procedures", None, &[Msg::Procedure, Msg::StatsDone, Msg::StatsAvgDays, Msg::StatsLegalDays, Msg::StatsOnTimeCount], rows, lang)}
        </section>
    }
}

fn officials_section(officials: &[OfficialSatisfaction], lang: Lang) -> impl IntoView {
    let rows = officials
        .iter()
        .map(|o| {
            view! {
                <tr>
                    <th scope="row">{o.name.clone()}</th>
                    <td>{o.rank.map_or_else(|| t(Msg::StatsNotRanked, lang).to_owned(), |r| r.to_string())}</td>
                    <td>{o.satisfaction.total}</td>
                    <td>{percent(o.satisfaction.satisfied_rate())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="app-stats__section">
            <h2 class="app-heading-m" id="stats-officials">{t(Msg::StatsOfficials, lang)}</h2>
            <p class="app-hint">{t(Msg::StatsOfficialsHint, lang)}</p>
            {data_table("stats-officials", None, &[Msg::StatsOfficial, Msg::StatsRank, Msg::StatsRatings, Msg::StatsSatisfied], rows, lang)}
        </section>
    }
}

fn feedback_section(f: &FeedbackResponse, lang: Lang) -> impl IntoView {
    let hours = f
        .avg_response_hours
        .map_or_else(|| "—".to_owned(), |h| format!("{h:.1}"));
    view! {
        <section class="app-stats__section" aria-labelledby="stats-feedback">
            <h2 class="app-heading-m" id="stats-feedback">{t(Msg::StatsFeedback, lang)}</h2>
            <dl class="app-summary">
                <div class="app-summary__row"><dt class="app-summary__key">{t(Msg::StatsNegative, lang)}</dt><dd>{f.negative}</dd></div>
                <div class="app-summary__row"><dt class="app-summary__key">{t(Msg::StatsAnswered, lang)}</dt><dd>{f.answered}</dd></div>
                <div class="app-summary__row"><dt class="app-summary__key">{t(Msg::StatsResponseHours, lang)}</dt><dd>{hours}</dd></div>
            </dl>
        </section>
    }
}

fn letters_section(l: LetterCounts, lang: Lang) -> impl IntoView {
    view! {
        <section class="app-stats__section" aria-labelledby="stats-letters">
            <h2 class="app-heading-m" id="stats-letters">{t(Msg::StatsLetters, lang)}</h2>
            <p>{l.congratulation_birth + l.congratulation_marriage + l.condolence}</p>
        </section>
    }
}

fn downloads(query: &str, lang: Lang) -> impl IntoView {
    let sep = if query.is_empty() { "?" } else { "&" };
    let csv = format!("/api/v1/stats{query}{sep}format=csv");
    let json = format!("/api/v1/stats{query}");
    view! {
        <ul class="app-list app-stats__downloads">
            <li><a class="app-link" href=csv download="">{t(Msg::StatsDownloadCsv, lang)}</a></li>
            <li><a class="app-link" href=json>{t(Msg::StatsDownloadJson, lang)}</a></li>
        </ul>
    }
}

fn notice<T>(load: &Load<T>, lang: Lang) -> Option<impl IntoView> {
    matches!(load, Load::Done(_, true)).then(|| {
        view! { <div class="app-callout app-callout--warning" role="status"><p>{t(Msg::StatsSaved, lang)}</p></div> }
    })
}

/// All communes.
#[component]
pub fn StatsPage() -> impl IntoView {
    let state = use_app();
    let load = RwSignal::new(Load::<StatsOverview>::Loading);
    spawn_local(async move {
        let value = fetch("", "stats:all").await;
        let _ = load.try_set(value);
    });
    let body = move || {
        let lang = state.lang.get();
        let current = load.get();
        let saved = notice(&current, lang);
        match current {
            Load::Loading => view! { <Loading/> }.into_any(),
            Load::Failed => view! { <div class="app-callout app-callout--warning"><p>{t(Msg::StatsUnavailable, lang)}</p></div> }.into_any(),
            Load::Done(o, _) => {
                let o = Arc::new(o);
                let parts = vec![
                    part({
                        let o = o.clone();
                        move || totals_list(&o.totals, lang)
                    }),
                    part({
                        let o = o.clone();
                        move || months_section(&o.months, lang)
                    }),
                    part(move || communes_section(&o.communes, lang)),
                    part(move || downloads("", lang)),
                ];
                view! { {saved} <Staged parts/> }
                .into_any()
            }
        }
    };
    view! {
        <Title text=move || t(Msg::StatsTitle, state.lang.get()).to_owned()/>
        <h1 class="app-heading-xl" tabindex="-1">{move || t(Msg::StatsTitle, state.lang.get())}</h1>
        <p class="app-body">{move || t(Msg::StatsIntro, state.lang.get())}</p>
        {body}
    }
}

/// One commune.
#[component]
pub fn CommuneStatsPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let code = params
        .with_untracked(|p| p.get("commune"))
        .unwrap_or_default();
    let load = RwSignal::new(Load::<CommuneStats>::Loading);
    let query = format!("?commune={code}");
    {
        let query = query.clone();
        let key = format!("stats:{code}");
        spawn_local(async move {
            let value = fetch(&query, &key).await;
            let _ = load.try_set(value);
        });
    }
    let name = move || match load.get() {
        Load::Done(s, _) => s.name,
        _ => t(Msg::StatsTitle, state.lang.get()).to_owned(),
    };
    let body = move || {
        let lang = state.lang.get();
        let current = load.get();
        let saved = notice(&current, lang);
        match current {
            Load::Loading => view! { <Loading/> }.into_any(),
            Load::Failed => view! { <div class="app-callout app-callout--warning"><p>{t(Msg::StatsUnavailable, lang)}</p></div> }.into_any(),
            Load::Done(s, _) => {
                let s = Arc::new(s);
                let with = |build: fn(&CommuneStats, Lang) -> AnyView| {
                    let s = s.clone();
                    part(move || build(&s, lang))
                };
                let parts = vec![
                    with(|s, lang| totals_list(&s.totals, lang).into_any()),
                    with(|s, lang| months_section(&s.months, lang).into_any()),
                    with(|s, lang| procedures_section(&s.procedures, lang).into_any()),
                    with(|s, lang| satisfaction_section(&s.satisfaction, lang).into_any()),
                    with(|s, lang| officials_section(&s.officials, lang).into_any()),
                    with(|s, lang| {
                        view! {
                            {feedback_section(&s.feedback, lang)}
                            {s.letters.map(|l| letters_section(l, lang))}
                            {downloads(&format!("?commune={}", s.commune), lang)}
                            <p><a class="app-link" href="/stats">{t(Msg::StatsAll, lang)}</a></p>
                        }
                        .into_any()
                    }),
                ];
                view! { {saved} <Staged parts/> }
                .into_any()
            }
        }
    };
    view! {
        <Title text=move || t(Msg::StatsTitle, state.lang.get()).to_owned()/>
        <p class="app-caption">{move || t(Msg::StatsTitle, state.lang.get())}</p>
        <h1 class="app-heading-xl" tabindex="-1">{name}</h1>
        {body}
    }
}
