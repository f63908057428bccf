//! Leaders publish their commune's office (address, hours, wifi note, phone), its public
//! directory of one-stop officials, and local amendments of procedures (fees, where to submit,
//! a note). Every publication bumps the catalog version, so phones get a delta at next sync.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use motcua_domain::{CommuneCode, LocalOverride, Localized, Office, ProcedureCode, StaffMember};
use serde::Deserialize;

use super::csrf::StaffForm;
use super::error::StaffError;
use super::layout::{error_summary, notice, page, post_form};
use super::scope;
use super::session::{random_token, Staff};
use super::text::{t, Lang, T};
use crate::clock::Now;
use crate::db::AuditEntry;
use crate::AppState;

/// Longest text accepted in any field here.
const MAX_CHARS: usize = 300;

fn leader_only(staff: &Staff) -> Result<(), StaffError> {
    if staff.is_leader() {
        Ok(())
    } else {
        Err(StaffError::Forbidden)
    }
}

/// Query with an administrator's commune.
#[derive(Debug, Deserialize, Default)]
pub struct CommuneQuery {
    commune: Option<String>,
    saved: Option<String>,
}

fn text_field(id: &str, label: &str, value: &str) -> Markup {
    html! {
        div class="field" {
            label for=(id) { (label) }
            input id=(id) name=(id) type="text" maxlength="300" value=(value);
        }
    }
}

fn both(lang: Lang, what: T) -> (String, String) {
    (
        format!("{} {}", t(what, lang), t(T::InVietnamese, lang)),
        format!("{} {}", t(what, lang), t(T::InEnglish, lang)),
    )
}

fn optional(vi: &str, en: &str) -> Option<Localized> {
    let (vi, en) = (vi.trim(), en.trim());
    (!vi.is_empty()).then(|| Localized::new(vi, en))
}

fn valid_phone(phone: &str) -> bool {
    phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-'))
}

fn too_long(values: &[&str]) -> bool {
    values.iter().any(|v| v.chars().count() > MAX_CHARS)
}

fn office_page(
    staff: &Staff,
    commune: &CommuneCode,
    office: &Office,
    problems: &[String],
    saved: bool,
) -> String {
    let lang = staff.lang;
    let a = office.address.clone().unwrap_or_default();
    let w = office.wifi_note.clone().unwrap_or_default();
    let (addr_vi, addr_en) = both(lang, T::Address);
    let (hours_vi, hours_en) = both(lang, T::Hours);
    let (wifi_vi, wifi_en) = both(lang, T::Wifi);
    let (role_vi, role_en) = both(lang, T::Role);
    let main = html! {
        h1 { (t(T::OfficeTitle, lang)) }
        (error_summary(lang, problems))
        (notice(saved.then(|| t(T::Published, lang))))
        (post_form(staff, "/staff/office", html! {
            input type="hidden" name="commune" value=(commune);
            (text_field("address_vi", &addr_vi, &a.vi))
            (text_field("address_en", &addr_en, &a.en))
            (text_field("hours_vi", &hours_vi, &office.hours.vi))
            (text_field("hours_en", &hours_en, &office.hours.en))
            (text_field("wifi_vi", &wifi_vi, &w.vi))
            (text_field("wifi_en", &wifi_en, &w.en))
            (text_field("phone", t(T::Phone, lang), office.phone.as_deref().unwrap_or_default()))
            button type="submit" { (t(T::Publish, lang)) }
        }))
        section aria-labelledby="directory-title" {
            h2 id="directory-title" { (t(T::Directory, lang)) }
            div class="table-wrap" {
            table {
                thead { tr {
                    th scope="col" { (t(T::Name, lang)) }
                    th scope="col" { (t(T::Role, lang)) }
                    th scope="col" { (t(T::Phone, lang)) }
                    th scope="col" { (t(T::Desk, lang)) }
                    th scope="col" { span class="visually-hidden" { (t(T::Remove, lang)) } }
                } }
                tbody {
                    @for m in &office.staff {
                        tr {
                            td { (m.name) }
                            td { (m.role.get(lang.english())) }
                            td { (m.phone) }
                            td { (m.desk.as_deref().unwrap_or_default()) }
                            td {
                                (post_form(staff, "/staff/office/staff/remove", html! {
                                    input type="hidden" name="commune" value=(commune);
                                    input type="hidden" name="id" value=(m.id);
                                    button type="submit" class="secondary" { (t(T::Remove, lang)) span class="visually-hidden" { ": " (m.name) } }
                                }))
                            }
                        }
                    }
                }
            }
            }
            h3 { (t(T::AddMember, lang)) }
            (post_form(staff, "/staff/office/staff", html! {
                input type="hidden" name="commune" value=(commune);
                (text_field("name", t(T::Name, lang), ""))
                (text_field("role_vi", &role_vi, ""))
                (text_field("role_en", &role_en, ""))
                (text_field("member_phone", t(T::Phone, lang), ""))
                (text_field("desk", t(T::Desk, lang), ""))
                button type="submit" { (t(T::AddMember, lang)) }
            }))
        }
    };
    page(staff, "/staff/office", t(T::OfficeTitle, lang), main).into_string()
}

async fn load_office(state: &AppState, commune: &CommuneCode) -> Result<Office, StaffError> {
    Ok(state
        .db
        .commune(commune)
        .await?
        .ok_or(StaffError::NotFound)?
        .office)
}

/// `GET /staff/office`.
pub async fn office(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<CommuneQuery>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff/office").await?;
    let office = load_office(&state, &commune).await?;
    Ok(Html(office_page(
        &staff,
        &commune,
        &office,
        &[],
        q.saved.is_some(),
    ))
    .into_response())
}

/// The office form.
#[derive(Debug, Deserialize)]
pub struct OfficeForm {
    commune: Option<String>,
    #[serde(default)]
    address_vi: String,
    #[serde(default)]
    address_en: String,
    #[serde(default)]
    hours_vi: String,
    #[serde(default)]
    hours_en: String,
    #[serde(default)]
    wifi_vi: String,
    #[serde(default)]
    wifi_en: String,
    #[serde(default)]
    phone: String,
}

async fn publish(
    state: &AppState,
    staff: &Staff,
    commune: &CommuneCode,
    office: &Office,
    what: &str,
) -> Result<(), StaffError> {
    let version = state.db.update_office(commune, office).await?;
    state
        .db
        .audit(&AuditEntry {
            at: &Now::read().rfc3339(),
            actor: staff.account.id,
            commune: Some(commune.as_str()),
            action: "office_published",
            subject: commune.as_str(),
            from_state: None,
            to_state: Some(what),
            note: Some(&format!("catalog version {version}")),
        })
        .await?;
    tracing::info!(%commune, version, what, "office published");
    Ok(())
}

fn redirect_saved(path: &str, commune: &CommuneCode) -> Response {
    Redirect::to(&format!("{path}?commune={commune}&saved=1")).into_response()
}

/// `POST /staff/office`: publishes the office details.
pub async fn save_office(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<OfficeForm>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let lang = staff.lang;
    let commune = scope(&state, &staff, f.commune.as_deref(), "/staff/office").await?;
    let mut office = load_office(&state, &commune).await?;
    office.address = optional(&f.address_vi, &f.address_en);
    office.wifi_note = optional(&f.wifi_vi, &f.wifi_en);
    office.hours = optional(&f.hours_vi, &f.hours_en).unwrap_or_else(Office::default_hours);
    let phone = f.phone.trim();
    office.phone = (!phone.is_empty()).then(|| phone.to_owned());
    let mut problems = Vec::new();
    if !valid_phone(phone) {
        problems.push(t(T::BadPhone, lang).to_owned());
    }
    if too_long(&[
        &f.address_vi,
        &f.address_en,
        &f.hours_vi,
        &f.hours_en,
        &f.wifi_vi,
        &f.wifi_en,
        phone,
    ]) {
        problems.push("Tối đa 300 ký tự / At most 300 characters".to_owned());
    }
    if !problems.is_empty() {
        let html = office_page(&staff, &commune, &office, &problems, false);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    publish(&state, &staff, &commune, &office, "office").await?;
    Ok(redirect_saved("/staff/office", &commune))
}

/// The new-member form.
#[derive(Debug, Deserialize)]
pub struct MemberForm {
    commune: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role_vi: String,
    #[serde(default)]
    role_en: String,
    #[serde(default)]
    member_phone: String,
    #[serde(default)]
    desk: String,
}

/// `POST /staff/office/staff`: adds an official to the public directory.
pub async fn add_member(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<MemberForm>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let lang = staff.lang;
    let commune = scope(&state, &staff, f.commune.as_deref(), "/staff/office").await?;
    let mut office = load_office(&state, &commune).await?;
    let mut problems = Vec::new();
    if f.name.trim().is_empty() || f.role_vi.trim().is_empty() || f.member_phone.trim().is_empty() {
        problems.push(format!(
            "{}: {}, {}, {}",
            t(T::Required, lang),
            t(T::Name, lang),
            t(T::Role, lang),
            t(T::Phone, lang)
        ));
    }
    if !valid_phone(f.member_phone.trim()) {
        problems.push(t(T::BadPhone, lang).to_owned());
    }
    if too_long(&[&f.name, &f.role_vi, &f.role_en, &f.member_phone, &f.desk]) {
        problems.push("Tối đa 300 ký tự / At most 300 characters".to_owned());
    }
    if !problems.is_empty() {
        let html = office_page(&staff, &commune, &office, &problems, false);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let id = random_token()?[..8].to_owned();
    office.staff.push(StaffMember {
        id,
        name: f.name.trim().to_owned(),
        role: Localized::new(f.role_vi.trim(), f.role_en.trim()),
        phone: f.member_phone.trim().to_owned(),
        desk: Some(f.desk.trim().to_owned()).filter(|d| !d.is_empty()),
    });
    publish(&state, &staff, &commune, &office, "directory").await?;
    Ok(redirect_saved("/staff/office", &commune))
}

/// The remove-member form.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    commune: Option<String>,
    id: String,
}

/// `POST /staff/office/staff/remove`: removes an official from the directory.
pub async fn remove_member(
    State(state): State<AppState>,
    StaffForm(staff, f): StaffForm<RemoveForm>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let commune = scope(&state, &staff, f.commune.as_deref(), "/staff/office").await?;
    let mut office = load_office(&state, &commune).await?;
    let before = office.staff.len();
    office.staff.retain(|m| m.id != f.id);
    if office.staff.len() == before {
        return Err(StaffError::NotFound);
    }
    publish(&state, &staff, &commune, &office, "directory").await?;
    Ok(redirect_saved("/staff/office", &commune))
}

/// `GET /staff/procedures`: the commune's procedures, to amend one.
pub async fn procedures(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<CommuneQuery>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let lang = staff.lang;
    let commune = scope(&state, &staff, q.commune.as_deref(), "/staff/procedures").await?;
    let catalog = state
        .db
        .catalog(&commune, None)
        .await?
        .ok_or(StaffError::NotFound)?;
    let main = html! {
        h1 { (t(T::NavProcedures, lang)) }
        ul class="columns" {
            @for p in &catalog.procedures {
                li {
                    a href={ "/staff/procedures/" (p.code) "?commune=" (commune) } { (p.name.get(lang.english())) }
                    " (" (p.code) ")"
                    @if p.local_note.is_some() { " ✎" }
                }
            }
        }
    };
    Ok(
        Html(page(&staff, "/staff/procedures", t(T::NavProcedures, lang), main).into_string())
            .into_response(),
    )
}

fn override_page(
    staff: &Staff,
    commune: &CommuneCode,
    code: &ProcedureCode,
    name: &str,
    local: &LocalOverride,
    problems: &[String],
    saved: bool,
) -> String {
    let lang = staff.lang;
    let path = format!("/staff/procedures/{code}");
    let get = |l: &Option<Localized>| l.clone().unwrap_or_default();
    let (fee, at, note) = (get(&local.fee), get(&local.submit_at), get(&local.note));
    let (fee_vi, fee_en) = both(lang, T::Fee);
    let (at_vi, at_en) = both(lang, T::SubmitAt);
    let (note_vi, note_en) = both(lang, T::Note);
    let main = html! {
        p { a href="/staff/procedures" { "← " (t(T::NavProcedures, lang)) } }
        h1 { (name) " (" (code) ")" }
        h2 { (t(T::LocalOverride, lang)) }
        (error_summary(lang, problems))
        (notice(saved.then(|| t(T::Published, lang))))
        (post_form(staff, &path, html! {
            input type="hidden" name="commune" value=(commune);
            (text_field("fee_vi", &fee_vi, &fee.vi))
            (text_field("fee_en", &fee_en, &fee.en))
            (text_field("fee_vnd", t(T::FeeVnd, lang), &local.fee_vnd.map(|v| v.to_string()).unwrap_or_default()))
            (text_field("submit_at_vi", &at_vi, &at.vi))
            (text_field("submit_at_en", &at_en, &at.en))
            (text_field("note_vi", &note_vi, &note.vi))
            (text_field("note_en", &note_en, &note.en))
            button type="submit" { (t(T::Publish, lang)) }
        }))
    };
    page(staff, &path, name, main).into_string()
}

/// `GET /staff/procedures/{code}`.
pub async fn override_form(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    Query(q): Query<CommuneQuery>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let code = ProcedureCode::parse(&code).map_err(|_| StaffError::NotFound)?;
    let commune = scope(
        &state,
        &staff,
        q.commune.as_deref(),
        &format!("/staff/procedures/{code}"),
    )
    .await?;
    let procedure = state
        .db
        .procedure_in(&commune, &code)
        .await?
        .map_err(|_| StaffError::NotFound)?;
    let local = state
        .db
        .local_override(&commune, &code)
        .await?
        .unwrap_or(LocalOverride {
            commune: commune.clone(),
            procedure: code.clone(),
            fee: None,
            fee_vnd: None,
            submit_at: None,
            note: None,
        });
    let name = procedure.name.get(staff.lang.english()).to_owned();
    Ok(Html(override_page(
        &staff,
        &commune,
        &code,
        &name,
        &local,
        &[],
        q.saved.is_some(),
    ))
    .into_response())
}

/// The override form.
#[derive(Debug, Deserialize)]
pub struct OverrideForm {
    commune: Option<String>,
    #[serde(default)]
    fee_vi: String,
    #[serde(default)]
    fee_en: String,
    #[serde(default)]
    fee_vnd: String,
    #[serde(default)]
    submit_at_vi: String,
    #[serde(default)]
    submit_at_en: String,
    #[serde(default)]
    note_vi: String,
    #[serde(default)]
    note_en: String,
}

/// `POST /staff/procedures/{code}`: publishes the local amendment (bumps the catalog version).
pub async fn save_override(
    State(state): State<AppState>,
    Path(code): Path<String>,
    StaffForm(staff, f): StaffForm<OverrideForm>,
) -> Result<Response, StaffError> {
    leader_only(&staff)?;
    let lang = staff.lang;
    let code = ProcedureCode::parse(&code).map_err(|_| StaffError::NotFound)?;
    let path = format!("/staff/procedures/{code}");
    let commune = scope(&state, &staff, f.commune.as_deref(), &path).await?;
    let procedure = state
        .db
        .procedure_in(&commune, &code)
        .await?
        .map_err(|_| StaffError::NotFound)?;
    let fee_vnd = f.fee_vnd.trim().replace(['.', ' ', ','], "");
    let parsed_fee = if fee_vnd.is_empty() {
        Ok(None)
    } else {
        fee_vnd.parse::<u64>().map(Some)
    };
    let local = LocalOverride {
        commune: commune.clone(),
        procedure: code.clone(),
        fee: optional(&f.fee_vi, &f.fee_en),
        fee_vnd: parsed_fee.clone().ok().flatten(),
        submit_at: optional(&f.submit_at_vi, &f.submit_at_en),
        note: optional(&f.note_vi, &f.note_en),
    };
    let mut problems = Vec::new();
    if parsed_fee.is_err() {
        problems.push(t(T::BadNumber, lang).to_owned());
    }
    if too_long(&[
        &f.fee_vi,
        &f.fee_en,
        &f.submit_at_vi,
        &f.submit_at_en,
        &f.note_vi,
        &f.note_en,
    ]) {
        problems.push("Tối đa 300 ký tự / At most 300 characters".to_owned());
    }
    if !problems.is_empty() {
        let name = procedure.name.get(lang.english()).to_owned();
        let html = override_page(&staff, &commune, &code, &name, &local, &problems, false);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let version = state.db.put_override(&local).await?;
    state
        .db
        .audit(&AuditEntry {
            at: &Now::read().rfc3339(),
            actor: staff.account.id,
            commune: Some(commune.as_str()),
            action: "override_published",
            subject: code.as_str(),
            from_state: None,
            to_state: None,
            note: Some(&format!("catalog version {version}")),
        })
        .await?;
    Ok(redirect_saved(&path, &commune))
}
