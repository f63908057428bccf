//! The staff workspace under `/staff`: server-rendered HTML (maud), plain forms with
//! POST-redirect-GET, one stylesheet, no scripts — nothing of it ships to citizens' phones.
//!
//! | Path                                        | Who                 |
//! |---------------------------------------------|---------------------|
//! | `GET/POST /staff/login`, `GET /staff/lang`  | anyone              |
//! | `POST /staff/logout`, `/staff/logout-everywhere` | signed in      |
//! | `GET /staff`, `/staff/inbox`, `/staff/submissions/{receipt}` (+ `/attachments/{sha}`), `POST …/status` | staff of the commune |
//! | `GET /staff/feedback`, `POST /staff/feedback/{id}/reply` | staff of the commune |
//! | `POST /staff/submissions/{receipt}/letters`, `GET /staff/letters/{id}` (+ `.pdf`) | leaders issue; staff of the commune read |
//! | `/staff/office`, `/staff/procedures`, `/staff/templates`, `/staff/holidays`, `/staff/qr` | leaders, administrators |
//! | `/staff/accounts`                           | administrators      |
//!
//! Everyone sees only their commune; administrators choose one with `?commune=` (or a hidden
//! `commune` field). Another commune's record answers 404, a page above one's role 403, an
//! anonymous request a redirect (303) to the sign-in page.

mod accounts;
pub mod auth;
pub mod csrf;
mod directory;
pub mod error;
mod feedback;
mod holidays;
mod home;
mod inbox;
pub mod layout;
mod letters;
pub mod pdf;
mod qr;
pub mod session;
pub mod text;

pub use accounts::check_new_account as accounts_check;

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use motcua_domain::{CommuneCode, Date};

use crate::AppState;
use error::StaffError;
use session::Staff;

/// The content security policy of staff pages: own stylesheet, no scripts at all, no framing.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The stylesheet: the app's design tokens, then the staff styles.
const CSS: &str = concat!(
    include_str!("../../../../style/tokens.css"),
    "\n",
    include_str!("../../assets/staff.css")
);

/// Every route of the workspace (nested under `/staff` by [`crate::app`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/logout-everywhere", post(auth::logout_everywhere))
        .route("/lang", get(auth::set_lang))
        .route("/static/staff.css", get(stylesheet))
        .route("/inbox", get(inbox::inbox))
        .route("/submissions/{receipt}", get(inbox::detail))
        .route("/submissions/{receipt}/status", post(inbox::change_status))
        .route(
            "/submissions/{receipt}/attachments/{sha}",
            get(inbox::attachment),
        )
        .route("/submissions/{receipt}/letters", post(letters::issue))
        .route("/feedback", get(feedback::list))
        .route("/feedback/{id}/reply", post(feedback::reply))
        .route("/letters/{id}", get(letters::show))
        .route("/letters/{id}/pdf", get(letters::pdf))
        .route("/templates", get(letters::templates))
        .route(
            "/templates/{kind}",
            get(letters::template_form).post(letters::save_template),
        )
        .route(
            "/office",
            get(directory::office).post(directory::save_office),
        )
        .route("/office/staff", post(directory::add_member))
        .route("/office/staff/remove", post(directory::remove_member))
        .route("/procedures", get(directory::procedures))
        .route(
            "/procedures/{code}",
            get(directory::override_form).post(directory::save_override),
        )
        .route("/holidays", get(holidays::list).post(holidays::add))
        .route("/qr", get(qr::list))
        .route("/qr/retire", post(qr::retire))
        .route("/qr/redirect", post(qr::redirect))
        .route("/qr/notices", post(qr::add_notice))
        .route("/holidays/remove", post(holidays::remove))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/active", post(accounts::set_active))
        .layer(axum::middleware::map_response(security_headers))
}

/// `GET /staff/static/staff.css`.
async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=300"),
        ],
        CSS,
    )
        .into_response()
}

/// Headers on every staff answer: CSP (unless the handler set a stricter one), no caching of
/// pages with personal data, no framing, no sniffing, no referrer outside.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    }
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    response
}

/// The commune a request works on: an officer's or leader's own (asking for another is 403);
/// for an administrator the one asked for, else a list to choose from.
pub(crate) async fn scope(
    state: &AppState,
    staff: &Staff,
    requested: Option<&str>,
    path: &str,
) -> Result<CommuneCode, StaffError> {
    let requested = requested.map(str::trim).filter(|s| !s.is_empty());
    match (&staff.account.commune, staff.is_admin()) {
        (Some(own), false) => match requested {
            Some(r) if r != own.as_str() => Err(StaffError::Forbidden),
            _ => Ok(own.clone()),
        },
        _ => {
            if let Some(code) = requested.and_then(|r| CommuneCode::parse(r).ok()) {
                if state.db.commune(&code).await?.is_some() {
                    return Ok(code);
                }
                return Err(StaffError::NotFound);
            }
            let communes = state
                .db
                .communes()
                .await?
                .into_iter()
                .map(|c| (c.code.to_string(), c.name_vi))
                .collect();
            Err(StaffError::ChooseCommune(path.to_owned(), communes))
        }
    }
}

/// `dd/mm/yyyy` of a `yyyy-mm-dd`.
pub(crate) fn vn_date(text: &str) -> String {
    motcua_domain::letters::vietnamese_date(text)
}

/// An RFC 3339 UTC time (`yyyy-mm-ddThh:mm…Z`) as the Vietnam date and minute of the day.
pub(crate) fn vn_moment(rfc3339: &str) -> Option<(Date, i64)> {
    let date = Date::parse(rfc3339.get(..10)?).ok()?;
    let h: i64 = rfc3339.get(11..13)?.parse().ok()?;
    let m: i64 = rfc3339.get(14..16)?.parse().ok()?;
    let minutes = h * 60 + m + 7 * 60;
    let date = Date::from_days_since_epoch(date.days_since_epoch() + minutes / 1440)?;
    Some((date, minutes % 1440))
}

/// An RFC 3339 UTC time shown in Vietnam time: `dd/mm/yyyy hh:mm`.
pub(crate) fn vn_time(rfc3339: &str) -> String {
    let parsed = vn_moment(rfc3339).map(|(date, minutes)| {
        format!(
            "{:02}/{:02}/{} {:02}:{:02}",
            date.day(),
            date.month(),
            date.year(),
            minutes / 60,
            minutes % 60
        )
    });
    parsed.unwrap_or_else(|| rfc3339.to_owned())
}

#[cfg(test)]
mod tests {
    use super::vn_time;

    #[test]
    fn times_show_in_vietnam() {
        assert_eq!(vn_time("2026-11-25T17:30:05Z"), "26/11/2026 00:30");
        assert_eq!(vn_time("2026-11-25T01:02:00Z"), "25/11/2026 08:02");
        assert_eq!(vn_time("garbage"), "garbage");
    }
}
