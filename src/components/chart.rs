//! A horizontal bar chart drawn as SVG from Rust: `role="img"` named by its `<title>` (and the
//! visible heading), every bar labelled with its name and value in text, so nothing depends on
//! colour; one dark fill on white for contrast. The page shows the same numbers in a table.

use leptos::prelude::*;

/// One bar: its label, its value (for the length) and the value as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What it counts, e.g. `2026-03`.
    pub label: String,
    /// The value (bars scale to the largest).
    pub value: f64,
    /// The value as text, e.g. `12` or `85 %`.
    pub text: String,
}

const ROW: f64 = 28.0;
const LABEL_W: f64 = 150.0;
const WIDTH: f64 = 480.0;

/// A bar chart; `id` must be unique on the page.
#[component]
pub fn BarChart(
    /// Element id prefix.
    id: String,
    /// The chart's accessible name.
    title: String,
    /// The bars, top to bottom.
    bars: Vec<Bar>,
) -> impl IntoView {
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let height = (bars.len().max(1) as f64) * ROW + 8.0;
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let room = WIDTH - LABEL_W - 60.0;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = 4.0 + i as f64 * ROW;
            let w = (bar.value / max * room).max(if bar.value > 0.0 { 2.0 } else { 0.0 });
            view! {
                <g>
                    <text x=LABEL_W - 8.0 y=y + 18.0 text-anchor="end" class="app-chart__label">{bar.label}</text>
                    <rect x=LABEL_W y=y + 4.0 width=w height=ROW - 10.0 class="app-chart__bar"></rect>
                    <text x=LABEL_W + w + 6.0 y=y + 18.0 class="app-chart__value">{bar.text}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="app-chart" role="img" aria-labelledby=labelled_by
            viewBox=format!("0 0 {WIDTH} {height}") width="100%" preserveAspectRatio="xMinYMin meet">
            <title id=title_id>{title}</title>
            {rows}
        </svg>
    }
}
