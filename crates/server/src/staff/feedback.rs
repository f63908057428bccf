//! Citizens' ratings of the commune, its officials and its submissions, with the office's
//! answers: unanswered dissatisfied feedback comes first with its age (the home page flags it
//! too); any rating can be answered, and the answer shows on the citizen's tracking page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use motcua_domain::CommuneCode;
use serde::Deserialize;

use super::csrf::StaffForm;
use super::error::StaffError;
use super::layout::{error_summary, notice, page, post_form};
use super::scope;
use super::session::Staff;
use super::text::{t, Lang, T};
use super::vn_time;
use crate::clock::Now;
use crate::db::{AuditEntry, FeedbackItem};
use crate::AppState;

/// How many ratings the page lists besides the unanswered negative ones.
const LIST_LIMIT: i64 = 200;
/// The longest answer, in characters (as long as a citizen's comment may be).
const REPLY_MAX_CHARS: usize = 1000;

/// Query: an administrator's commune, and `saved=1` after an answer.
#[derive(Debug, Deserialize, Default)]
pub struct FeedbackQuery {
    commune: Option<String>,
    saved: Option<String>,
}

/// Unanswered negative feedback of a commune: how many, and the oldest one's age in hours.
pub(crate) async fn unanswered_summary(
    state: &AppState,
    commune: &CommuneCode,
) -> Result<(usize, u64), StaffError> {
    let waiting = state.db.unanswered_negative(commune, Now::read()).await?;
    let oldest = waiting.iter().map(|f| f.age_hours).max().unwrap_or(0);
    Ok((waiting.len(), oldest))
}

/// The line "N unanswered dissatisfied feedback, the oldest has waited H hours", linking to
/// the feedback page; nothing when there is none.
pub(crate) fn unanswered_flag(lang: Lang, count: usize, oldest_hours: u64) -> Markup {
    html! {
        @if count > 0 {
            p class="flag" {
                strong { (t(T::UnansweredNegative, lang)) ": " (count) }
                " (" (t(T::OldestWaiting, lang)) " " (oldest_hours) " " (t(T::HoursUnit, lang)) ") · "
                a href="/staff/feedback" { (t(T::NavFeedback, lang)) }
            }
        }
    }
}

fn level_label(state: &AppState, level: i64, lang: Lang) -> String {
    u8::try_from(level)
        .ok()
        .and_then(|v| state.rating_scale.level(v))
        .map_or_else(
            || level.to_string(),
            |l| {
                if lang.english() {
                    l.label.en.clone()
                } else {
                    l.label.vi.clone()
                }
            },
        )
}

fn subject(item: &FeedbackItem, lang: Lang) -> Markup {
    html! {
        @match (item.source.as_str(), &item.receipt, &item.official) {
            ("receipt", Some(receipt), _) => {
                (t(T::SubjectReceipt, lang)) " "
                a href=(format!("/staff/submissions/{receipt}")) { (receipt) }
            }
            (_, _, Some(official)) => { (t(T::SubjectOfficial, lang)) " " (official) }
            _ => { (t(T::SubjectOffice, lang)) }
        }
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    commune: &CommuneCode,
    problems: &[(i64, String)],
    saved: bool,
) -> Result<String, StaffError> {
    let lang = staff.lang;
    let items = state.db.feedback_of(commune, LIST_LIMIT).await?;
    let now_ms = Now::read().unix_ms;
    let (count, oldest) = unanswered_summary(state, commune).await?;
    let messages: Vec<String> = problems.iter().map(|(_, m)| m.clone()).collect();
    let main = html! {
        h1 { (t(T::FeedbackTitle, lang)) }
        p { (t(T::FeedbackHelp, lang)) }
        (notice(saved.then_some(t(T::Saved, lang))))
        (error_summary(lang, &messages))
        (unanswered_flag(lang, count, oldest))
        @if items.is_empty() {
            p { (t(T::NoFeedback, lang)) }
        }
        @for item in &items {
            @let id = format!("feedback-{}", item.id);
            @let hours = now_ms.saturating_sub(u64::try_from(item.received_ms).unwrap_or(0)) / 3_600_000;
            article class=(if item.needs_reply() { "feedback feedback--flagged" } else { "feedback" }) aria-labelledby=(id) {
                h2 id=(id) class="feedback__title" {
                    (level_label(state, item.level, lang)) " — " (subject(item, lang))
                }
                dl {
                    dt { (t(T::Received, lang)) }
                    dd { (vn_time(&item.received_at)) }
                    @if item.needs_reply() {
                        dt { (t(T::Waiting, lang)) }
                        dd { strong { (hours) " " (t(T::HoursUnit, lang)) } }
                    }
                    dt { (t(T::Comment, lang)) }
                    dd class="feedback__comment" {
                        @if item.comment.is_empty() { (t(T::NoComment, lang)) } @else { (item.comment) }
                    }
                    @if let (Some(reply), Some(at)) = (&item.reply, &item.reply_at) {
                        dt { (t(T::RepliedBy, lang)) " " (item.reply_by.as_deref().unwrap_or("")) ", " (vn_time(at)) }
                        dd class="feedback__reply" { (reply) }
                    }
                }
                @let field = format!("reply-{}", item.id);
                @let problem = problems.iter().find(|(p, _)| *p == item.id);
                (post_form(staff, &format!("/staff/feedback/{}/reply", item.id), html! {
                    div class=(if problem.is_some() { "field field--error" } else { "field" }) {
                        label for=(field) { (t(T::YourReply, lang)) }
                        @if let Some((_, message)) = problem {
                            p class="error-message" id=(format!("{field}-error")) { (message) }
                        }
                        textarea id=(field) name="reply" rows="3" maxlength=(REPLY_MAX_CHARS)
                            aria-describedby=[problem.map(|_| format!("{field}-error"))] {
                            (item.reply.as_deref().unwrap_or(""))
                        }
                    }
                    button type="submit" { (t(T::SendReply, lang)) }
                }))
            }
        }
    };
    Ok(page(staff, "/staff/feedback", t(T::FeedbackTitle, lang), main).into_string())
}

/// `GET /staff/feedback`.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<FeedbackQuery>,
) -> Result<Response, StaffError> {
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff/feedback").await?;
    let html = render(&state, &staff, &commune, &[], q.saved.is_some()).await?;
    Ok(Html(html).into_response())
}

/// The answer form.
#[derive(Debug, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    reply: String,
}

/// `POST /staff/feedback/{id}/reply`: stores the answer (plain text) and logs it.
pub async fn reply(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    StaffForm(staff, f): StaffForm<ReplyForm>,
) -> Result<Response, StaffError> {
    let rating = state.db.rating(id).await?.ok_or(StaffError::NotFound)?;
    let own = staff.account.commune.as_ref().map(CommuneCode::as_str);
    if !staff.is_admin() && own != Some(rating.commune.as_str()) {
        return Err(StaffError::NotFound);
    }
    let commune = CommuneCode::parse(&rating.commune).map_err(|_| StaffError::NotFound)?;
    let lang = staff.lang;
    let text = f.reply.trim();
    let problem = if text.is_empty() {
        Some(t(T::Required, lang).to_owned())
    } else if text.chars().count() > REPLY_MAX_CHARS {
        Some(t(T::ReplyTooLong, lang).to_owned())
    } else {
        None
    };
    if let Some(problem) = problem {
        let html = render(&state, &staff, &commune, &[(id, problem)], false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let now = Now::read();
    if !state
        .db
        .reply_to_rating(id, text, &staff.account.name, now)
        .await?
    {
        return Err(StaffError::NotFound);
    }
    state
        .db
        .audit(&AuditEntry {
            at: &now.rfc3339(),
            actor: staff.account.id,
            commune: Some(commune.as_str()),
            action: "feedback_replied",
            subject: &format!("rating {id}"),
            from_state: None,
            to_state: None,
            note: None,
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/feedback?commune={commune}&saved=1")).into_response())
}
