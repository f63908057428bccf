//! A horizontal bar chart drawn as SVG from Rust: `role="img"` named by its `<title>` (and the
//! visible heading), every bar labelled with its name and value in text, so nothing depends on
//! colour; one dark fill on white for contrast. The page shows the same numbers in a table.

use leptos::prelude::*;
use motcua_domain::feedback::chart::{self, LABEL_W, ROW, WIDTH};

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
    let height = chart::height(bars.len());
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let boxes = chart::boxes(bars.iter().map(|b| b.value));
    let rows = bars
        .into_iter()
        .zip(boxes)
        .map(|(bar, chart::BarBox { y, width: w })| {
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
