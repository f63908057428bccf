//! `GET /staff`: the home page — open submissions and the on-time rate of the commune and of
//! each officer (share of completed submissions closed on or before the legal deadline).

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::error::StaffError;
use super::layout::{page, post_form};
use super::scope;
use super::session::Staff;
use super::text::{t, T};
use crate::AppState;

/// Query with an administrator's commune.
#[derive(Debug, Deserialize, Default)]
pub struct HomeQuery {
    commune: Option<String>,
}

/// A rate as a whole percentage, or a dash when nothing was completed.
fn percent(on_time: i64, done: i64) -> String {
    if done == 0 {
        "—".to_owned()
    } else {
        format!("{} %", (on_time * 100 + done / 2) / done)
    }
}

/// `GET /staff`.
pub async fn home(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HomeQuery>,
) -> Result<Response, StaffError> {
    let lang = staff.lang;
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff").await?;
    let name = state
        .db
        .commune(&commune)
        .await?
        .map(|c| c.summary.name_vi)
        .unwrap_or_default();
    let rates = state.db.on_time(&commune).await?;
    let open = state
        .db
        .inbox(&commune, None, 10_000)
        .await?
        .into_iter()
        .filter(|r| r.state != "done" && r.state != "rejected")
        .count();
    let (unanswered, oldest) = super::feedback::unanswered_summary(&state, &commune).await?;
    let main = html! {
        h1 { (name) }
        (super::feedback::unanswered_flag(lang, unanswered, oldest))
        p { (t(T::OpenCount, lang)) ": " strong { (open) } " · " a href="/staff/inbox" { (t(T::NavInbox, lang)) } }
        section aria-labelledby="ontime-title" {
            h2 id="ontime-title" { (t(T::OnTimeTitle, lang)) }
            p { (t(T::OnTimeHelp, lang)) }
            div class="table-wrap" {
            table {
                thead { tr {
                    th scope="col" { (t(T::Officer, lang)) }
                    th scope="col" { (t(T::Completed, lang)) }
                    th scope="col" { (t(T::OnTime, lang)) }
                    th scope="col" { (t(T::Rate, lang)) }
                } }
                tbody {
                    @for r in &rates {
                        tr {
                            @if r.actor.is_none() {
                                th scope="row" { (t(T::WholeCommune, lang)) }
                            } @else {
                                th scope="row" { (r.name) }
                            }
                            td { (r.done) }
                            td { (r.on_time) }
                            td { (percent(r.on_time, r.done)) }
                        }
                    }
                }
            }
            }
        }
        (post_form(&staff, "/staff/logout-everywhere", html! {
            button type="submit" class="secondary" { (t(T::SignOutEverywhere, lang)) }
        }))
    };
    Ok(Html(page(&staff, "/staff", t(T::NavHome, lang), main).into_string()).into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_rounds_and_handles_zero() {
        assert_eq!(super::percent(0, 0), "—");
        assert_eq!(super::percent(2, 3), "67 %");
        assert_eq!(super::percent(3, 3), "100 %");
    }
}
