//! The commune's QR links, for leaders: every link with what it leads to, its state and its
//! posters; retire one (its poster comes off the wall, scanning it explains that and offers
//! search), redirect one to another (a reprinted poster replaced it), and publish free-text
//! notices such as the office wifi name and password. Every change bumps the catalog version,
//! so phones that opened the app once resolve the link offline with the new state.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use motcua_domain::qr::{QrLink, QrTarget, QrToken};
use motcua_domain::{CommuneCode, Localized};
use serde::Deserialize;

use super::csrf::StaffForm;
use super::error::StaffError;
use super::layout::{error_summary, notice, page, post_form};
use super::scope;
use super::session::Staff;
use super::text::{t, T};
use crate::clock::Now;
use crate::db::AuditEntry;
use crate::posters::pages::label;
use crate::AppState;

/// The longest notice title, in characters.
const TITLE_MAX: usize = 120;
/// The longest notice text, in characters.
const BODY_MAX: usize = 1000;

/// Query: an administrator's commune, and `saved=1` after a change.
#[derive(Debug, Deserialize, Default)]
pub struct QrQuery {
    commune: Option<String>,
    saved: Option<String>,
}

/// What the notice form had, kept when it comes back with problems.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct NoticeForm {
    #[serde(default)]
    commune: String,
    #[serde(default)]
    title_vi: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    body_vi: String,
    #[serde(default)]
    body_en: String,
}

fn state_of(link: &QrLink, lang: super::text::Lang) -> String {
    match (&link.redirect_to, link.retired) {
        (_, true) => t(T::QrRetired, lang).to_owned(),
        (Some(to), false) => format!("{} {to}", t(T::QrRedirected, lang)),
        (None, false) => t(T::QrLive, lang).to_owned(),
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    commune: &CommuneCode,
    problems: &[String],
    form: &NoticeForm,
    saved: bool,
) -> Result<String, StaffError> {
    let lang = staff.lang;
    let catalog = state
        .db
        .catalog(commune, None)
        .await?
        .ok_or(StaffError::NotFound)?;
    let links = state.db.qr_links(commune, 0).await?;
    let main = html! {
        h1 { (t(T::QrTitle, lang)) }
        p { (t(T::QrHelp, lang)) " " a href=(format!("/c/{commune}/posters")) { (t(T::QrAllPosters, lang)) } }
        (notice(saved.then_some(t(T::Saved, lang))))
        (error_summary(lang, problems))
        div class="table-wrap" {
        table {
            thead { tr {
                th scope="col" { (t(T::QrToken, lang)) }
                th scope="col" { (t(T::QrLeadsTo, lang)) }
                th scope="col" { (t(T::Status, lang)) }
                th scope="col" { (t(T::QrChange, lang)) }
            } }
            tbody {
                @for link in &links {
                    @let (vi, en) = label(link, &catalog);
                    @let live = !link.retired && link.redirect_to.is_none();
                    tr {
                        td { code { (link.token) } }
                        td {
                            (vi)
                            @if !en.is_empty() { br; span lang="en" class="muted" { (en) } }
                            @if live {
                                br;
                                a href=(format!("/q/{}/poster?size=a4", link.token)) { "A4" span class="visually-hidden" { " " (link.token) } }
                                " · "
                                a href=(format!("/q/{}/poster?size=a6", link.token)) { "A6" span class="visually-hidden" { " " (link.token) } }
                            }
                        }
                        td { (state_of(link, lang)) }
                        td {
                            @if !link.retired {
                                (post_form(staff, "/staff/qr/retire", html! {
                                    input type="hidden" name="commune" value=(commune);
                                    input type="hidden" name="token" value=(link.token);
                                    button type="submit" class="secondary" { (t(T::QrRetire, lang)) span class="visually-hidden" { " " (link.token) } }
                                }))
                                @let field = format!("to-{}", link.token);
                                (post_form(staff, "/staff/qr/redirect", html! {
                                    input type="hidden" name="commune" value=(commune);
                                    input type="hidden" name="token" value=(link.token);
                                    div class="field" {
                                        label for=(field) { (t(T::QrRedirectTo, lang)) span class="visually-hidden" { " (" (link.token) ")" } }
                                        input id=(field) name="to" type="text" maxlength="10" autocomplete="off" spellcheck="false";
                                    }
                                    button type="submit" class="secondary" { (t(T::QrRedirect, lang)) span class="visually-hidden" { " " (link.token) } }
                                }))
                            }
                        }
                    }
                }
            }
        }
        }
        h2 id="notice-title" { (t(T::QrNewNotice, lang)) }
        p { (t(T::QrNoticeHelp, lang)) }
        (post_form(staff, "/staff/qr/notices", html! {
            input type="hidden" name="commune" value=(commune);
            div class="field" {
                label for="title_vi" { (t(T::QrNoticeTitleVi, lang)) }
                input id="title_vi" name="title_vi" type="text" maxlength=(TITLE_MAX) required value=(form.title_vi);
            }
            div class="field" {
                label for="body_vi" { (t(T::QrNoticeBodyVi, lang)) }
                textarea id="body_vi" name="body_vi" rows="4" maxlength=(BODY_MAX) required { (form.body_vi) }
            }
            div class="field" {
                label for="title_en" lang="en" { "Title in English (optional)" }
                input id="title_en" name="title_en" type="text" maxlength=(TITLE_MAX) value=(form.title_en);
            }
            div class="field" {
                label for="body_en" lang="en" { "Text in English (optional)" }
                textarea id="body_en" name="body_en" rows="4" maxlength=(BODY_MAX) { (form.body_en) }
            }
            button type="submit" { (t(T::QrPublishNotice, lang)) }
        }))
    };
    Ok(page(staff, "/staff/qr", t(T::QrTitle, lang), main).into_string())
}

/// `GET /staff/qr`.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<QrQuery>,
) -> Result<Response, StaffError> {
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff/qr").await?;
    let html = render(
        &state,
        &staff,
        &commune,
        &[],
        &NoticeForm::default(),
        q.saved.is_some(),
    )
    .await?;
    Ok(Html(html).into_response())
}

/// The retire and redirect forms.
#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    commune: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    to: String,
}

/// The commune of a leader's form and the link it names, which must belong to it (else 404).
async fn owned_link(
    state: &AppState,
    staff: &Staff,
    f: &ChangeForm,
) -> Result<(CommuneCode, QrToken), StaffError> {
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    let commune = scope(state, staff, Some(&f.commune), "/staff/qr").await?;
    let token = QrToken::parse(f.token.trim()).map_err(|_| StaffError::NotFound)?;
    match state.db.qr_link(&token).await? {
        Some(link) if link.commune == commune => Ok((commune, token)),
        _ => Err(StaffError::NotFound),
    }
}

async fn audit(
    state: &AppState,
    staff: &Staff,
    commune: &CommuneCode,
    action: &str,
    token: &QrToken,
    to: Option<&str>,
) -> Result<(), StaffError> {
    state
        .db
        .audit(&AuditEntry {
            at: &Now::read().rfc3339(),
            actor: staff.account.id,
            commune: Some(commune.as_str()),
            action,
            subject: token.as_str(),
            from_state: None,
            to_state: to,
            note: None,
        })
        .await?;
    Ok(())
}

fn saved(commune: &CommuneCode) -> Response {
    Redirect::to(&format!("/staff/qr?commune={commune}&saved=1")).into_response()
}

/// `POST /staff/qr/retire`.
pub async fn retire(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<ChangeForm>,
) -> Result<Response, StaffError> {
    let (commune, token) = owned_link(&state, &staff, &f).await?;
    state
        .db
        .retire_qr_link(&token)
        .await?
        .ok_or(StaffError::NotFound)?;
    audit(&state, &staff, &commune, "qr_retired", &token, None).await?;
    Ok(saved(&commune))
}

/// `POST /staff/qr/redirect`: the target must be a live link of the same commune.
pub async fn redirect(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<ChangeForm>,
) -> Result<Response, StaffError> {
    let (commune, token) = owned_link(&state, &staff, &f).await?;
    let lang = staff.lang;
    let to = QrToken::parse(f.to.trim()).ok();
    let target = match &to {
        Some(to) if *to != token => state.db.qr_link(to).await?,
        _ => None,
    };
    let Some(target) = target.filter(|l| l.commune == commune && !l.retired) else {
        let problem = format!("{} ({})", t(T::QrBadRedirect, lang), f.to.trim());
        let html = render(
            &state,
            &staff,
            &commune,
            &[problem],
            &NoticeForm::default(),
            false,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    state
        .db
        .redirect_qr_link(&token, &target.token)
        .await?
        .ok_or(StaffError::NotFound)?;
    audit(
        &state,
        &staff,
        &commune,
        "qr_redirected",
        &token,
        Some(target.token.as_str()),
    )
    .await?;
    Ok(saved(&commune))
}

/// `POST /staff/qr/notices`: a new notice link (its poster is printed from the list).
pub async fn add_notice(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<NoticeForm>,
) -> Result<Response, StaffError> {
    if !staff.is_leader() {
        return Err(StaffError::Forbidden);
    }
    let commune = scope(&state, &staff, Some(&f.commune), "/staff/qr").await?;
    let lang = staff.lang;
    let mut problems = Vec::new();
    let mut check = |value: &str, max: usize, required: bool, what: T| {
        let n = value.trim().chars().count();
        if (required && n == 0) || n > max {
            problems.push(format!(
                "{}: {} ({max})",
                t(what, lang),
                t(T::QrTooLongOrEmpty, lang)
            ));
        }
    };
    check(&f.title_vi, TITLE_MAX, true, T::QrNoticeTitleVi);
    check(&f.body_vi, BODY_MAX, true, T::QrNoticeBodyVi);
    check(&f.title_en, TITLE_MAX, false, T::QrNoticeTitleEn);
    check(&f.body_en, BODY_MAX, false, T::QrNoticeBodyEn);
    if !problems.is_empty() {
        let html = render(&state, &staff, &commune, &problems, &f, false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let or_vi = |en: &str, vi: &str| {
        if en.trim().is_empty() {
            vi.trim().to_owned()
        } else {
            en.trim().to_owned()
        }
    };
    let target = QrTarget::Notice {
        title: Localized::new(f.title_vi.trim(), or_vi(&f.title_en, &f.title_vi)),
        body: Localized::new(f.body_vi.trim(), or_vi(&f.body_en, &f.body_vi)),
    };
    let link = state
        .db
        .ensure_qr_link(&commune, &target, Now::read())
        .await?;
    audit(&state, &staff, &commune, "qr_notice", &link.token, None).await?;
    Ok(saved(&commune))
}
