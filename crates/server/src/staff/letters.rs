//! Letters to citizens: composed from the submission and the commune's template, issued (and
//! logged in `issued_letters`) by a leader, shown as printable A4 HTML and as a PDF; templates
//! edited per commune, with unknown placeholders refused.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, DOCTYPE};
use motcua_domain::letters::{self, check_template, date_line, LetterKind, Signer};
use motcua_domain::{Date, SubmissionStatus};
use serde::Deserialize;

use super::csrf::StaffForm;
use super::error::StaffError;
use super::inbox::visible;
use super::layout::{error_summary, notice, page, post_form};
use super::session::Staff;
use super::text::{t, T};
use super::{pdf, scope};
use crate::clock::Now;
use crate::db::{IssuedLetter, NewLetter, StoredSubmission};
use crate::AppState;

/// The commune's template of a kind, or the built-in one.
async fn template_of(
    state: &AppState,
    commune: &motcua_domain::CommuneCode,
    kind: LetterKind,
) -> Result<String, StaffError> {
    Ok(state
        .db
        .letter_template(commune, kind)
        .await?
        .unwrap_or_else(|| kind.default_template().to_owned()))
}

/// The letter's body as `staff` would sign it today, and the commune's name.
pub(crate) async fn compose(
    state: &AppState,
    staff: &Staff,
    stored: &StoredSubmission,
    answers: &BTreeMap<String, String>,
    kind: LetterKind,
) -> Result<(String, String), StaffError> {
    let commune_name = state
        .db
        .commune(&stored.commune)
        .await?
        .map(|c| c.summary.name_vi)
        .unwrap_or_default();
    let template = template_of(state, &stored.commune, kind).await?;
    let today = Now::read().vietnam_date();
    let events = state.db.submission_events(&stored.receipt).await?;
    let registered_on = events
        .iter()
        .rev()
        .find(|(_, s, _)| *s == SubmissionStatus::Done)
        .and_then(|(at, _, _)| super::vn_moment(at).map(|(day, _)| day))
        .unwrap_or(today);
    let signer = Signer {
        commune: &commune_name,
        name: &staff.account.name,
        title: &staff.account.title,
        on: today,
        registered_on,
    };
    let facts = letters::facts(kind, answers, &signer);
    // A stored template was checked when saved; a failure here means the rules changed since.
    let body = letters::render(kind, &template, &facts)
        .or_else(|_| letters::render(kind, kind.default_template(), &facts))
        .map_err(|e| StaffError::BadRequest(e.0.vi))?;
    Ok((body, commune_name))
}

/// An empty form.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /staff/submissions/{receipt}/letters`: a leader signs and issues the letter of a
/// completed birth, marriage or death registration.
pub async fn issue(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    StaffForm(staff, Empty {}): StaffForm<Empty>,
) -> Result<Response, StaffError> {
    let stored = visible(&state, &staff, &receipt).await?;
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    let kind = LetterKind::for_procedure(&stored.procedure).ok_or(StaffError::NotFound)?;
    if stored.status != SubmissionStatus::Done {
        return Err(StaffError::BadRequest(
            "Chỉ gửi thư khi hồ sơ đã có kết quả / A letter follows a completed submission"
                .to_owned(),
        ));
    }
    let answers = state
        .db
        .submission_answers(&stored.receipt)
        .await?
        .unwrap_or_default();
    let (body, commune_name) = compose(&state, &staff, &stored, &answers, kind).await?;
    let now = Now::read();
    let id = state
        .db
        .issue_letter(&NewLetter {
            commune: &stored.commune,
            receipt: stored.receipt.as_str(),
            kind,
            issued_by: staff.account.id,
            issued_at: &now.rfc3339(),
            issued_on: &now.vietnam_date().to_string(),
            body: &body,
            commune_name: &commune_name,
            signer_name: &staff.account.name,
            signer_title: &staff.account.title,
        })
        .await?;
    tracing::info!(%receipt, id, kind = kind.tag(), "letter issued");
    Ok(Redirect::to(&format!("/staff/letters/{id}")).into_response())
}

async fn visible_letter(
    state: &AppState,
    staff: &Staff,
    id: &str,
) -> Result<IssuedLetter, StaffError> {
    let id: i64 = id.parse().map_err(|_| StaffError::NotFound)?;
    let letter = state
        .db
        .issued_letter(id)
        .await?
        .ok_or(StaffError::NotFound)?;
    if !staff.sees(&letter.commune) {
        return Err(StaffError::NotFound);
    }
    Ok(letter)
}

fn place_date(letter: &IssuedLetter) -> String {
    let on = Date::parse(&letter.issued_on)
        .map(date_line)
        .unwrap_or_default();
    format!("{}, {on}", letter.commune_name)
}

/// `GET /staff/letters/{id}`: the letter as a printable A4 page (print CSS hides the rest).
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, StaffError> {
    let lang = staff.lang;
    let letter = visible_letter(&state, &staff, &id).await?;
    let kind = LetterKind::parse(&letter.kind).ok_or(StaffError::NotFound)?;
    let title = kind.title().vi;
    let html = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (letter.receipt) }
                link rel="stylesheet" href="/staff/static/staff.css";
            }
            body class="letter-body" {
                a class="skip-link" href="#main" { (t(T::SkipToContent, lang)) }
                nav class="no-print letter-actions" aria-label=(t(T::MainNav, lang)) {
                    a href={ "/staff/submissions/" (letter.receipt) } { "← " (letter.receipt) }
                    " · "
                    a href={ "/staff/letters/" (letter.id) "/pdf" } { (t(T::DownloadPdf, lang)) }
                    " · " (t(T::Print, lang)) ": Ctrl+P"
                }
                main id="main" class="a4" {
                    div class="letter-head" {
                        div { p { "ỦY BAN NHÂN DÂN" } p { strong { (letter.commune_name.to_uppercase()) } } }
                        div {
                            p { strong { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" } }
                            p { strong { "Độc lập – Tự do – Hạnh phúc" } }
                        }
                    }
                    p class="letter-date" { (place_date(&letter)) }
                    h1 class="letter-title" { (title) }
                    @for para in letters::paragraphs(&letter.body) { p class="letter-para" { (para) } }
                    div class="letter-sign" {
                        p { strong { (letter.signer_title.to_uppercase()) } }
                        p class="letter-signer" { strong { (letter.signer_name) } }
                    }
                }
            }
        }
    };
    Ok(Html(html.into_string()).into_response())
}

/// `GET /staff/letters/{id}/pdf`: the letter as an A4 PDF download.
pub async fn pdf(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, StaffError> {
    let letter = visible_letter(&state, &staff, &id).await?;
    let kind = LetterKind::parse(&letter.kind).ok_or(StaffError::NotFound)?;
    let paragraphs = letters::paragraphs(&letter.body);
    let place_date = place_date(&letter);
    let title = kind.title().vi;
    let bytes = tokio::task::spawn_blocking({
        let letter = letter.clone();
        move || {
            pdf::letter(&pdf::LetterPdf {
                commune_name: &letter.commune_name,
                title: &title,
                paragraphs: &paragraphs,
                place_date: &place_date,
                signer_title: &letter.signer_title,
                signer_name: &letter.signer_name,
            })
        }
    })
    .await
    .map_err(|e| StaffError::Internal(e.into()))?
    .map_err(|e| StaffError::Internal(e.into()))?;
    let name = format!("thu-{}-{}.pdf", letter.kind, letter.receipt);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [(CONTENT_TYPE, HeaderValue::from_static("application/pdf"))],
        [(CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response())
}

/// Query with an administrator's commune.
#[derive(Debug, Deserialize, Default)]
pub struct CommuneQuery {
    commune: Option<String>,
    saved: Option<String>,
}

fn leader_only(staff: &Staff) -> Result<(), StaffError> {
    if staff.is_leader() {
        Ok(())
    } else {
        Err(StaffError::Forbidden)
    }
}

/// `GET /staff/templates`: the kinds of letters and links to their templates.
pub async fn templates(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<CommuneQuery>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let lang = staff.lang;
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff/templates").await?;
    let main = html! {
        h1 { (t(T::TemplatesTitle, lang)) }
        ul {
            @for kind in LetterKind::ALL {
                li { a href={ "/staff/templates/" (kind.tag()) "?commune=" (commune) } { (kind.label().get(lang.english())) } }
            }
        }
    };
    Ok(
        Html(page(&staff, "/staff/templates", t(T::TemplatesTitle, lang), main).into_string())
            .into_response(),
    )
}

fn template_page(
    staff: &Staff,
    commune: &str,
    kind: LetterKind,
    text: &str,
    problems: &[String],
    saved: bool,
) -> String {
    let lang = staff.lang;
    let path = format!("/staff/templates/{}", kind.tag());
    let main = html! {
        p { a href="/staff/templates" { "← " (t(T::TemplatesTitle, lang)) } }
        h1 { (kind.label().get(lang.english())) }
        (error_summary(lang, problems))
        (notice(saved.then(|| t(T::Saved, lang))))
        (post_form(staff, &path, html! {
            input type="hidden" name="commune" value=(commune);
            div class="field" {
                label for="body" { (t(T::TemplateText, lang)) }
                textarea id="body" name="body" rows="12" aria-describedby="placeholders" { (text) }
            }
            button type="submit" { (t(T::Save, lang)) }
        }))
        section id="placeholders" {
            h2 { (t(T::Placeholders, lang)) }
            dl class="summary" {
                @for (name, what) in kind.placeholders() {
                    dt { code { "{" (name) "}" } }
                    dd { (what.get(lang.english())) }
                }
            }
        }
    };
    page(staff, &path, kind.label().get(lang.english()), main).into_string()
}

/// `GET /staff/templates/{kind}`.
pub async fn template_form(
    State(state): State<AppState>,
    staff: Staff,
    Path(kind): Path<String>,
    Query(q): Query<CommuneQuery>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let kind = LetterKind::parse(&kind).ok_or(StaffError::NotFound)?;
    let path = format!("/staff/templates/{}", kind.tag());
    let commune = scope(&state, &staff, q.commune.as_deref(), &path).await?;
    let text = template_of(&state, &commune, kind).await?;
    Ok(Html(template_page(
        &staff,
        commune.as_str(),
        kind,
        &text,
        &[],
        q.saved.is_some(),
    ))
    .into_response())
}

/// The template form.
#[derive(Debug, Deserialize)]
pub struct TemplateForm {
    commune: Option<String>,
    body: String,
}

/// `POST /staff/templates/{kind}`: saves a template whose placeholders all exist; otherwise
/// 422 with the unknown ones named and the text kept in the form.
pub async fn save_template(
    State(state): State<AppState>,
    Path(kind): Path<String>,
    StaffForm(staff, form): StaffForm<TemplateForm>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let kind = LetterKind::parse(&kind).ok_or(StaffError::NotFound)?;
    let path = format!("/staff/templates/{}", kind.tag());
    let commune = scope(&state, &staff, form.commune.as_deref(), &path).await?;
    if let Err(err) = check_template(kind, &form.body) {
        let message = err.0.get(staff.lang.english()).to_owned();
        let html = template_page(
            &staff,
            commune.as_str(),
            kind,
            &form.body,
            &[message],
            false,
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    state
        .db
        .put_letter_template(
            &commune,
            kind,
            &form.body,
            staff.account.id,
            &Now::read().rfc3339(),
        )
        .await?;
    Ok(Redirect::to(&format!("{path}?commune={commune}&saved=1")).into_response())
}
