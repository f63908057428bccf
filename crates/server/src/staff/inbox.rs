//! The inbox (`/staff/inbox`), a submission's page, its status changes and its attachments.

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use motcua_domain::calendar::{working_days_left, Amendments};
use motcua_domain::forms::form_for;
use motcua_domain::letters::LetterKind;
use motcua_domain::{Date, ReceiptCode, Sha256Hex, SubmissionStatus};
use serde::Deserialize;

use super::csrf::StaffForm;
use super::error::StaffError;
use super::layout::{error_summary, page, post_form};
use super::session::Staff;
use super::text::{t, Lang, T};
use super::{scope, vn_date, vn_time};
use crate::clock::Now;
use crate::db::{inbox_citizen_name, StoredSubmission, Transition};
use crate::AppState;

/// The states a filter can pick, in process order.
const STATES: [&str; 5] = [
    "received",
    "processing",
    "needs_documents",
    "done",
    "rejected",
];

/// The label of a state tag.
pub(crate) fn state_label(tag: &str, lang: Lang) -> String {
    let status = match tag {
        "processing" => SubmissionStatus::Processing,
        "needs_documents" => SubmissionStatus::NeedsDocuments {
            note: String::new(),
        },
        "done" => SubmissionStatus::Done,
        "rejected" => SubmissionStatus::Rejected {
            reason: String::new(),
        },
        _ => SubmissionStatus::Received,
    };
    status.label().get(lang.english()).to_owned()
}

/// Urgency of an open submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Urgency {
    Overdue(i32),
    Today,
    Left(i32),
    Closed,
    NoDeadline,
}

fn urgency(state: &str, due: Option<&str>, today: Date, amendments: &Amendments) -> Urgency {
    if state == "done" || state == "rejected" {
        return Urgency::Closed;
    }
    let Some(due) = due.and_then(|d| Date::parse(d).ok()) else {
        return Urgency::NoDeadline;
    };
    match working_days_left(today, due, amendments) {
        n if due < today => Urgency::Overdue(n.abs().max(1)),
        0 => Urgency::Today,
        n => Urgency::Left(n),
    }
}

/// The "time left" cell: a word and an icon-like prefix, not colour alone.
fn urgency_cell(u: Urgency, lang: Lang) -> Markup {
    html! {
        @match u {
            Urgency::Overdue(n) => span class="badge badge-overdue" { "⚠ " (t(T::Overdue, lang)) " " (n) },
            Urgency::Today => span class="badge badge-today" { "● " (t(T::DueToday, lang)) },
            Urgency::Left(n) => span { (n) },
            Urgency::Closed => span { "—" },
            Urgency::NoDeadline => span { (t(T::NoDeadline, lang)) },
        }
    }
}

/// Query of the inbox.
#[derive(Debug, Deserialize, Default)]
pub struct InboxQuery {
    state: Option<String>,
    sort: Option<String>,
    commune: Option<String>,
}

/// `GET /staff/inbox`: the commune's submissions, filtered by state, sorted by time left.
pub async fn inbox(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<InboxQuery>,
) -> Result<Response, StaffError> {
    let lang = staff.lang;
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff/inbox").await?;
    let filter = q.state.as_deref().filter(|s| STATES.contains(s));
    let by_due = q.sort.as_deref() != Some("received");
    let rows = state.db.inbox(&commune, filter, 500).await?;
    let amendments = state.db.calendar_amendments().await?;
    let with_letters = state.db.receipts_with_letters(&commune).await?;
    let (unanswered, oldest) = super::feedback::unanswered_summary(&state, &commune).await?;
    let today = Now::read().vietnam_date();
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|r| {
            let u = urgency(&r.state, r.due_date.as_deref(), today, &amendments);
            (r, u)
        })
        .collect();
    if by_due {
        let key = |u: &Urgency| match u {
            Urgency::Overdue(n) => (0, -i64::from(*n)),
            Urgency::Today => (1, 0),
            Urgency::Left(n) => (2, i64::from(*n)),
            Urgency::NoDeadline => (3, 0),
            Urgency::Closed => (4, 0),
        };
        rows.sort_by_key(|(_, u)| key(u));
    }
    let admin_commune = staff.is_admin().then(|| commune.to_string());
    let main = html! {
        h1 { (t(T::InboxCaption, lang)) }
        (super::feedback::unanswered_flag(lang, unanswered, oldest))
        form method="get" action="/staff/inbox" class="filters" {
            @if let Some(c) = &admin_commune { input type="hidden" name="commune" value=(c); }
            div class="field" {
                label for="state" { (t(T::Status, lang)) }
                select id="state" name="state" {
                    option value="" { (t(T::AllStates, lang)) }
                    @for s in STATES {
                        option value=(s) selected[filter == Some(s)] { (state_label(s, lang)) }
                    }
                }
            }
            div class="field" {
                label for="sort" { (t(T::SortBy, lang)) }
                select id="sort" name="sort" {
                    option value="due" selected[by_due] { (t(T::SortDue, lang)) }
                    option value="received" selected[!by_due] { (t(T::SortReceived, lang)) }
                }
            }
            button type="submit" { (t(T::Filter, lang)) }
        }
        @if rows.is_empty() {
            p { (t(T::InboxEmpty, lang)) }
        } @else {
            div class="table-wrap" {
            table class="inbox" {
                caption class="visually-hidden" { (t(T::InboxCaption, lang)) }
                thead { tr {
                    th scope="col" { (t(T::Receipt, lang)) }
                    th scope="col" { (t(T::Procedure, lang)) }
                    th scope="col" { (t(T::Citizen, lang)) }
                    th scope="col" { (t(T::Received, lang)) }
                    th scope="col" { (t(T::Due, lang)) }
                    th scope="col" { (t(T::DaysLeft, lang)) }
                    th scope="col" { (t(T::Status, lang)) }
                } }
                tbody {
                    @for (r, u) in &rows {
                        @let class = match u {
                            Urgency::Overdue(_) => "row-overdue",
                            Urgency::Today => "row-today",
                            _ => "",
                        };
                        @let code = motcua_domain::ProcedureCode::parse(&r.procedure).ok();
                        @let suggest = r.state == "done"
                            && code.as_ref().and_then(LetterKind::for_procedure).is_some()
                            && !with_letters.contains(&r.receipt);
                        tr class=(class) {
                            td { a href={ "/staff/submissions/" (r.receipt) } { (r.receipt) } }
                            td { (r.procedure_name.get(lang.english())) }
                            td { (inbox_citizen_name(&r.answers)) }
                            td { (vn_time(&r.received_at)) }
                            td { (r.due_date.as_deref().map(vn_date).unwrap_or_default()) }
                            td { (urgency_cell(*u, lang)) }
                            td {
                                (state_label(&r.state, lang))
                                @if suggest {
                                    br;
                                    a class="suggest" href={ "/staff/submissions/" (r.receipt) "#letter" } {
                                        "✉ " (t(T::LetterSuggested, lang))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            }
        }
    };
    Ok(
        Html(page(&staff, "/staff/inbox", t(T::NavInbox, lang), main).into_string())
            .into_response(),
    )
}

/// Loads a submission the member may see; another commune's is 404 like a missing one.
pub(crate) async fn visible(
    state: &AppState,
    staff: &Staff,
    receipt: &str,
) -> Result<StoredSubmission, StaffError> {
    let receipt = ReceiptCode::parse(receipt).map_err(|_| StaffError::NotFound)?;
    let stored = state
        .db
        .submission(&receipt)
        .await?
        .ok_or(StaffError::NotFound)?;
    if !staff.sees(stored.commune.as_str()) {
        return Err(StaffError::NotFound);
    }
    Ok(stored)
}

/// The states reachable from `from`, for the form's options.
fn next_states(from: &SubmissionStatus) -> Vec<&'static str> {
    let probe = |tag: &str| match tag {
        "processing" => SubmissionStatus::Processing,
        "needs_documents" => SubmissionStatus::NeedsDocuments { note: "x".into() },
        "done" => SubmissionStatus::Done,
        "rejected" => SubmissionStatus::Rejected { reason: "x".into() },
        _ => SubmissionStatus::Received,
    };
    STATES
        .into_iter()
        .filter(|s| from.can_become(&probe(s)))
        .collect()
}

/// Renders a submission's page, with problems from a refused change.
async fn detail_page(
    state: &AppState,
    staff: &Staff,
    stored: &StoredSubmission,
    problems: &[String],
    text: &str,
) -> Result<Markup, StaffError> {
    let lang = staff.lang;
    let answers = state
        .db
        .submission_answers(&stored.receipt)
        .await?
        .unwrap_or_default();
    let audit = state.db.audit_of(stored.receipt.as_str()).await?;
    let letters = state.db.letters_of(stored.receipt.as_str()).await?;
    let amendments = state.db.calendar_amendments().await?;
    let today = Now::read().vietnam_date();
    let u = urgency(
        stored.status.tag(),
        stored.due_date.as_deref(),
        today,
        &amendments,
    );
    let form = form_for(&stored.procedure);
    let label = |id: &str| {
        form.and_then(|f| f.field(id))
            .map_or_else(|| id.to_owned(), |f| f.label.get(lang.english()).to_owned())
    };
    let receipt = stored.receipt.as_str();
    let kind = LetterKind::for_procedure(&stored.procedure);
    let preview = match kind {
        Some(kind) if stored.status == SubmissionStatus::Done => {
            Some(super::letters::compose(state, staff, stored, &answers, kind).await?)
        }
        _ => None,
    };
    let next = next_states(&stored.status);
    let note = match &stored.status {
        SubmissionStatus::NeedsDocuments { note } => Some(note.clone()),
        SubmissionStatus::Rejected { reason } => Some(reason.clone()),
        _ => None,
    };
    Ok(html! {
        p { a href="/staff/inbox" { "← " (t(T::NavInbox, lang)) } }
        h1 { (stored.procedure_name.get(lang.english())) " – " (receipt) }
        (error_summary(lang, problems))
        dl class="summary" {
            dt { (t(T::Receipt, lang)) } dd { (receipt) }
            dt { (t(T::Citizen, lang)) } dd { (inbox_citizen_name(&answers)) }
            dt { (t(T::Received, lang)) } dd { (vn_time(&stored.received_at)) }
            dt { (t(T::Due, lang)) }
            dd { (stored.due_date.as_deref().map(vn_date).unwrap_or_default()) " " (urgency_cell(u, lang)) }
            dt { (t(T::Status, lang)) }
            dd {
                strong { (stored.status.label().get(lang.english())) }
                @if let Some(note) = &note { " – " (note) }
            }
        }
        @if stored.status.is_closed() {
            p { (t(T::Closed, lang)) }
        } @else {
            section aria-labelledby="change-title" {
                h2 id="change-title" { (t(T::ChangeStatus, lang)) }
                (post_form(staff, &format!("/staff/submissions/{receipt}/status"), html! {
                    input type="hidden" name="from" value=(stored.status.tag());
                    fieldset {
                        legend { (t(T::NewStatus, lang)) }
                        @for (i, s) in next.iter().enumerate() {
                            div class="radio" {
                                input type="radio" id={ "to-" (s) } name="to" value=(s) checked[i == 0];
                                label for={ "to-" (s) } { (state_label(s, lang)) }
                            }
                        }
                    }
                    div class="field" {
                        label for="text" { (t(T::NoteOrReason, lang)) }
                        textarea id="text" name="text" rows="3" maxlength="1000" { (text) }
                    }
                    button type="submit" { (t(T::Save, lang)) }
                }))
            }
        }
        @if let (Some(kind), Some((body, _))) = (kind, &preview) {
            section id="letter" aria-labelledby="letter-title" class="letter-suggest" {
                h2 id="letter-title" { "✉ " (kind.label().get(lang.english())) }
                @if letters.is_empty() { p { (t(T::LetterSuggested, lang)) } }
                h3 { (t(T::Preview, lang)) }
                div class="letter-preview" {
                    @for para in motcua_domain::letters::paragraphs(body) { p { (para) } }
                }
                @if staff.is_leader() {
                    (post_form(staff, &format!("/staff/submissions/{receipt}/letters"), html! {
                        button type="submit" { (t(T::IssueLetter, lang)) }
                    }))
                } @else {
                    p { (t(T::LeaderIssues, lang)) }
                }
            }
        }
        @if !letters.is_empty() {
            section aria-labelledby="letters-title" {
                h2 id="letters-title" { (t(T::Letters, lang)) }
                ul {
                    @for l in &letters {
                        li {
                            a href={ "/staff/letters/" (l.id) } {
                                (LetterKind::parse(&l.kind).map(|k| k.label().get(lang.english()).to_owned()).unwrap_or_default())
                                " – " (vn_date(&l.issued_on))
                            }
                            " · "
                            a href={ "/staff/letters/" (l.id) "/pdf" } { (t(T::DownloadPdf, lang)) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="answers-title" {
            h2 id="answers-title" { (t(T::Answers, lang)) }
            dl class="summary" {
                @for (id, value) in &answers {
                    dt { (label(id)) }
                    dd { (value) }
                }
            }
        }
        section aria-labelledby="attachments-title" {
            h2 id="attachments-title" { (t(T::Attachments, lang)) }
            @if stored.attachments.is_empty() {
                p { (t(T::NoAttachments, lang)) }
            } @else {
                ul class="attachments" {
                    @for a in &stored.attachments {
                        @let href = format!("/staff/submissions/{receipt}/attachments/{}", a.sha256.as_str());
                        li {
                            @if a.content_type.starts_with("image/") {
                                img src=(href) alt=(label(&a.field)) loading="lazy";
                            }
                            a href=(href) { (t(T::View, lang)) ": " (label(&a.field)) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="history-title" {
            h2 id="history-title" { (t(T::History, lang)) }
            div class="table-wrap" {
            table {
                thead { tr {
                    th scope="col" { (t(T::When, lang)) }
                    th scope="col" { (t(T::Who, lang)) }
                    th scope="col" { (t(T::What, lang)) }
                } }
                tbody {
                    @for e in &audit {
                        tr {
                            td { (vn_time(&e.at)) }
                            td { (e.actor_name) }
                            td {
                                @if e.action == "status_change" {
                                    (e.from_state.as_deref().map(|s| state_label(s, lang)).unwrap_or_default())
                                    " → "
                                    (e.to_state.as_deref().map(|s| state_label(s, lang)).unwrap_or_default())
                                } @else {
                                    (e.action) " " (e.to_state.as_deref().unwrap_or_default())
                                }
                                @if let Some(n) = &e.note { " – " (n) }
                            }
                        }
                    }
                }
            }
            }
        }
    })
}

/// `GET /staff/submissions/{receipt}`.
pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(receipt): Path<String>,
) -> Result<Response, StaffError> {
    let stored = visible(&state, &staff, &receipt).await?;
    let main = detail_page(&state, &staff, &stored, &[], "").await?;
    let path = format!("/staff/submissions/{receipt}");
    Ok(Html(page(&staff, &path, stored.receipt.as_str(), main).into_string()).into_response())
}

/// The status form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    from: String,
    to: String,
    #[serde(default)]
    text: String,
}

fn status_of(tag: &str, text: &str) -> Option<SubmissionStatus> {
    let text = text.trim().to_owned();
    Some(match tag {
        "received" => SubmissionStatus::Received,
        "processing" => SubmissionStatus::Processing,
        "needs_documents" => SubmissionStatus::NeedsDocuments { note: text },
        "done" => SubmissionStatus::Done,
        "rejected" => SubmissionStatus::Rejected { reason: text },
        _ => return None,
    })
}

/// `POST /staff/submissions/{receipt}/status`: a legal change, audited, or the page again with
/// the reason it was refused (422 illegal, 409 changed meanwhile) and nothing changed.
pub async fn change_status(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    StaffForm(staff, form): StaffForm<StatusForm>,
) -> Result<Response, StaffError> {
    let lang = staff.lang;
    let stored = visible(&state, &staff, &receipt).await?;
    let path = format!("/staff/submissions/{receipt}");
    let refuse = |status: StatusCode, message: String, stored: StoredSubmission| {
        let state = state.clone();
        let staff = staff.clone();
        let path = path.clone();
        let text = form.text.clone();
        async move {
            let main = detail_page(&state, &staff, &stored, &[message], &text).await?;
            let html = page(&staff, &path, stored.receipt.as_str(), main).into_string();
            Ok::<Response, StaffError>((status, Html(html)).into_response())
        }
    };
    if form.from != stored.status.tag() {
        return refuse(
            StatusCode::CONFLICT,
            t(T::StaleStatus, lang).to_owned(),
            stored,
        )
        .await;
    }
    let Some(next) = status_of(&form.to, &form.text) else {
        return Err(StaffError::BadRequest(
            "Trạng thái không hợp lệ / Unknown status".to_owned(),
        ));
    };
    if let Err(message) = stored.status.check_change(&next) {
        let message = message.get(lang.english()).to_owned();
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, message, stored).await;
    }
    let changed = state
        .db
        .transition(&Transition {
            receipt: &stored.receipt,
            from: stored.status.tag(),
            to: &next,
            actor: staff.account.id,
            commune: &stored.commune,
            at: Now::read(),
        })
        .await?;
    if !changed {
        let fresh = visible(&state, &staff, &receipt).await?;
        return refuse(
            StatusCode::CONFLICT,
            t(T::StaleStatus, lang).to_owned(),
            fresh,
        )
        .await;
    }
    tracing::info!(%receipt, from = %form.from, to = next.tag(), actor = staff.account.id, "status changed");
    Ok(Redirect::to(&path).into_response())
}

/// `GET /staff/submissions/{receipt}/attachments/{sha}`: the file, inline, only for staff of the
/// submission's commune and only if this submission references it; type from the database,
/// `nosniff` and a sandboxing CSP so a hostile file cannot run anything.
pub async fn attachment(
    State(state): State<AppState>,
    staff: Staff,
    Path((receipt, sha)): Path<(String, String)>,
) -> Result<Response, StaffError> {
    let stored = visible(&state, &staff, &receipt).await?;
    let sha = Sha256Hex::parse(&sha).map_err(|_| StaffError::NotFound)?;
    if !stored.attachments.iter().any(|a| a.sha256 == sha) {
        return Err(StaffError::NotFound);
    }
    let meta = state
        .db
        .attachment(&sha)
        .await?
        .ok_or(StaffError::NotFound)?;
    let bytes = state
        .blobs
        .read(&sha)
        .await
        .map_err(|_| StaffError::NotFound)?;
    let content_type = HeaderValue::from_str(&meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type);
    headers.insert(CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    headers.insert(
        "cache-control",
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_marks_overdue_and_today() {
        let d = |s| Date::parse(s).unwrap();
        let none = Amendments::none();
        let today = d("2026-11-30");
        assert_eq!(
            urgency("received", Some("2026-11-26"), today, &none),
            Urgency::Overdue(2)
        );
        assert_eq!(
            urgency("processing", Some("2026-11-30"), today, &none),
            Urgency::Today
        );
        assert_eq!(
            urgency("received", Some("2026-12-02"), today, &none),
            Urgency::Left(2)
        );
        assert_eq!(
            urgency("done", Some("2026-11-26"), today, &none),
            Urgency::Closed
        );
        assert_eq!(urgency("received", None, today, &none), Urgency::NoDeadline);
    }
}
