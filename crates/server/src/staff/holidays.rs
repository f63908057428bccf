//! Amendments of the working-day calendar (announced swaps), edited by leaders and
//! administrators; legal deadlines of new submissions and "days left" count with them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use motcua_domain::Date;
use serde::Deserialize;

use super::csrf::StaffForm;
use super::error::StaffError;
use super::layout::{error_summary, page, post_form};
use super::session::Staff;
use super::text::{t, T};
use super::vn_date;
use crate::clock::Now;
use crate::AppState;

async fn render(
    state: &AppState,
    staff: &Staff,
    problems: &[String],
) -> Result<String, StaffError> {
    let lang = staff.lang;
    let rows = state.db.holiday_amendments().await?;
    let main = html! {
        h1 { (t(T::HolidaysTitle, lang)) }
        p { (t(T::HolidaysHelp, lang)) }
        (error_summary(lang, problems))
        div class="table-wrap" {
        table {
            thead { tr {
                th scope="col" { (t(T::Day, lang)) }
                th scope="col" { (t(T::Kind, lang)) }
                th scope="col" { (t(T::Note, lang)) }
                th scope="col" { span class="visually-hidden" { (t(T::Remove, lang)) } }
            } }
            tbody {
                @for (day, kind, note) in &rows {
                    tr {
                        td { (vn_date(day)) }
                        td { @if kind == "work" { (t(T::DayWorked, lang)) } @else { (t(T::DayOff, lang)) } }
                        td { (note) }
                        td {
                            (post_form(staff, "/staff/holidays/remove", html! {
                                input type="hidden" name="day" value=(day);
                                button type="submit" class="secondary" { (t(T::Remove, lang)) span class="visually-hidden" { " " (vn_date(day)) } }
                            }))
                        }
                    }
                }
            }
        }
        }
        h2 { (t(T::Add, lang)) }
        (post_form(staff, "/staff/holidays", html! {
            div class="field" {
                label for="day" { (t(T::Day, lang)) }
                input id="day" name="day" type="date" required;
            }
            fieldset {
                legend { (t(T::Kind, lang)) }
                div class="radio" { input type="radio" id="kind-off" name="kind" value="off" checked; label for="kind-off" { (t(T::DayOff, lang)) } }
                div class="radio" { input type="radio" id="kind-work" name="kind" value="work"; label for="kind-work" { (t(T::DayWorked, lang)) } }
            }
            div class="field" {
                label for="note" { (t(T::Note, lang)) }
                input id="note" name="note" type="text" maxlength="200" required;
            }
            button type="submit" { (t(T::Add, lang)) }
        }))
    };
    Ok(page(staff, "/staff/holidays", t(T::HolidaysTitle, lang), main).into_string())
}

/// `GET /staff/holidays`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, StaffError> {
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    Ok(Html(render(&state, &staff, &[]).await?).into_response())
}

/// The amendment form.
#[derive(Debug, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
}

/// `POST /staff/holidays`.
pub async fn add(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<AddForm>,
) -> Result<Response, StaffError> {
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    let lang = staff.lang;
    let mut problems = Vec::new();
    let day = Date::parse(&f.day).ok();
    if day.is_none() {
        problems.push(t(T::BadDate, lang).to_owned());
    }
    let note = f.note.trim();
    if note.is_empty() || note.chars().count() > 200 {
        problems.push(format!("{}: {}", t(T::Required, lang), t(T::Note, lang)));
    }
    let (Some(day), true) = (day, problems.is_empty()) else {
        let html = render(&state, &staff, &problems).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    state
        .db
        .put_holiday_amendment(
            day,
            f.kind == "work",
            note,
            staff.account.id,
            &Now::read().rfc3339(),
        )
        .await?;
    Ok(Redirect::to("/staff/holidays").into_response())
}

/// The removal form.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    day: String,
}

/// `POST /staff/holidays/remove`.
pub async fn remove(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<RemoveForm>,
) -> Result<Response, StaffError> {
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    let day = Date::parse(&f.day).map_err(|_| StaffError::NotFound)?;
    if !state
        .db
        .delete_holiday_amendment(day, staff.account.id, &Now::read().rfc3339())
        .await?
    {
        return Err(StaffError::NotFound);
    }
    Ok(Redirect::to("/staff/holidays").into_response())
}
