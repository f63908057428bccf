//! Administrators manage staff accounts: list, create (with an initial password the member is
//! told out of band), disable and enable.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use motcua_domain::CommuneCode;
use serde::Deserialize;

use super::auth::{hash_password, MIN_PASSWORD_CHARS};
use super::csrf::StaffForm;
use super::error::StaffError;
use super::layout::{error_summary, page, post_form};
use super::session::Staff;
use super::text::{t, Lang, T};
use crate::clock::Now;
use crate::db::{AuditEntry, NewAccount, Role};
use crate::AppState;

fn role_label(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Officer => t(T::RoleOfficer, lang),
        Role::Leader => t(T::RoleLeader, lang),
        Role::Administrator => t(T::RoleAdministrator, lang),
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    problems: &[String],
    status: StatusCode,
) -> Result<Response, StaffError> {
    let lang = staff.lang;
    let accounts = state.db.accounts().await?;
    let main = html! {
        h1 { (t(T::AccountsTitle, lang)) }
        (error_summary(lang, problems))
        div class="table-wrap" {
        table {
            thead { tr {
                th scope="col" { (t(T::Name, lang)) }
                th scope="col" { (t(T::Email, lang)) }
                th scope="col" { (t(T::Role, lang)) }
                th scope="col" { (t(T::Commune, lang)) }
                th scope="col" { (t(T::Status, lang)) }
            } }
            tbody {
                @for a in &accounts {
                    tr {
                        td { (a.name) }
                        td { (a.email) }
                        td { (role_label(a.role, lang)) }
                        td { (a.commune.as_ref().map(CommuneCode::as_str).unwrap_or("—")) }
                        td {
                            @if a.active { (t(T::Active, lang)) } @else { (t(T::Disabled, lang)) }
                            @if a.id != staff.account.id {
                                (post_form(staff, "/staff/accounts/active", html! {
                                    input type="hidden" name="id" value=(a.id);
                                    input type="hidden" name="active" value=(if a.active { "0" } else { "1" });
                                    button type="submit" class="secondary" {
                                        @if a.active { (t(T::Disable, lang)) } @else { (t(T::Enable, lang)) }
                                        span class="visually-hidden" { ": " (a.email) }
                                    }
                                }))
                            }
                        }
                    }
                }
            }
        }
        }
        h2 { (t(T::CreateAccount, lang)) }
        (post_form(staff, "/staff/accounts", html! {
            div class="field" { label for="email" { (t(T::Email, lang)) } input id="email" name="email" type="email" required; }
            div class="field" { label for="name" { (t(T::Name, lang)) } input id="name" name="name" type="text" required; }
            div class="field" { label for="title" { (t(T::Title, lang)) } input id="title" name="title" type="text"; }
            div class="field" {
                label for="role" { (t(T::Role, lang)) }
                select id="role" name="role" {
                    @for r in [Role::Officer, Role::Leader, Role::Administrator] {
                        option value=(r.tag()) { (role_label(r, lang)) }
                    }
                }
            }
            div class="field" { label for="commune" { (t(T::Commune, lang)) } input id="commune" name="commune" type="text" inputmode="numeric" maxlength="5"; }
            div class="field" {
                label for="password" { (t(T::Password, lang)) }
                input id="password" name="password" type="password" autocomplete="new-password" required minlength="12";
            }
            button type="submit" { (t(T::CreateAccount, lang)) }
        }))
    };
    let html = page(staff, "/staff/accounts", t(T::AccountsTitle, lang), main).into_string();
    Ok((status, Html(html)).into_response())
}

/// `GET /staff/accounts`.
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, StaffError> {
    if !staff.is_admin() {
        return Err(StaffError::Forbidden);
    }
    render(&state, &staff, &[], StatusCode::OK).await
}

/// The new-account form.
#[derive(Debug, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    password: String,
}

/// Checks a new account's fields; the problems in the page's language.
pub fn check_new_account(
    lang: Lang,
    email: &str,
    name: &str,
    role: Option<Role>,
    commune: Option<&CommuneCode>,
    password: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    if !email.contains('@') || email.len() > 200 {
        problems.push(format!("{}: {}", t(T::Required, lang), t(T::Email, lang)));
    }
    if name.trim().is_empty() || name.len() > 200 {
        problems.push(format!("{}: {}", t(T::Required, lang), t(T::Name, lang)));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        problems.push(t(T::PasswordRule, lang).to_owned());
    }
    match role {
        None => problems.push(format!("{}: {}", t(T::Required, lang), t(T::Role, lang))),
        Some(Role::Administrator) => {}
        Some(_) if commune.is_none() => problems.push(t(T::CommuneNeeded, lang).to_owned()),
        Some(_) => {}
    }
    problems
}

/// `POST /staff/accounts`.
pub async fn create(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<CreateForm>,
) -> Result<Response, StaffError> {
    if !staff.is_admin() {
        return Err(StaffError::Forbidden);
    }
    let lang = staff.lang;
    let role = Role::parse(&f.role);
    let commune = CommuneCode::parse(&f.commune).ok();
    let mut problems =
        check_new_account(lang, &f.email, &f.name, role, commune.as_ref(), &f.password);
    if let Some(c) = &commune {
        if state.db.commune(c).await?.is_none() {
            problems.push(t(T::CommuneNeeded, lang).to_owned());
        }
    }
    let Some(role) = role.filter(|_| problems.is_empty()) else {
        return render(&state, &staff, &problems, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let password = f.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| StaffError::Internal(e.into()))??;
    let now = Now::read().rfc3339();
    let commune = if role == Role::Administrator {
        None
    } else {
        commune
    };
    let created = state
        .db
        .create_account(&NewAccount {
            email: &f.email,
            name: f.name.trim(),
            title: f.title.trim(),
            role,
            commune: commune.as_ref(),
            password_hash: &hash,
            created_at: &now,
        })
        .await?;
    if created.is_none() {
        return render(
            &state,
            &staff,
            &[t(T::EmailTaken, lang).to_owned()],
            StatusCode::CONFLICT,
        )
        .await;
    }
    state
        .db
        .audit(&AuditEntry {
            at: &now,
            actor: staff.account.id,
            commune: commune.as_ref().map(CommuneCode::as_str),
            action: "account_created",
            subject: &f.email.trim().to_lowercase(),
            from_state: None,
            to_state: Some(role.tag()),
            note: None,
        })
        .await?;
    Ok(Redirect::to("/staff/accounts").into_response())
}

/// The enable/disable form.
#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    id: i64,
    active: String,
}

/// `POST /staff/accounts/active`: disables (ending its sessions) or enables an account.
pub async fn set_active(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<ActiveForm>,
) -> Result<Response, StaffError> {
    if !staff.is_admin() {
        return Err(StaffError::Forbidden);
    }
    let active = f.active == "1";
    if f.id == staff.account.id || !state.db.set_account_active(f.id, active).await? {
        return Err(StaffError::NotFound);
    }
    Ok(Redirect::to("/staff/accounts").into_response())
}
