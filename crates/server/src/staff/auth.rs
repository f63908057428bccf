//! Sign-in (argon2id; throttled per account and per address in the database, so every instance
//! shares the count), sign-out, sign-out everywhere, and the language toggle.

use std::net::SocketAddr;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use serde::Deserialize;

use super::csrf::{same_origin, StaffForm};
use super::error::StaffError;
use super::layout::{bare_page, error_summary, notice};
use super::session::{is_https, lang_of, random_token, session_cookie, token_hash, LANG_COOKIE};
use super::text::{t, Lang, T};
use crate::clock::Now;
use crate::AppState;

/// Failures of one account within [`WINDOW_MS`] that lock it.
pub const MAX_ACCOUNT_FAILURES: i64 = 5;
/// Failures from one address within [`WINDOW_MS`] that lock the address.
pub const MAX_IP_FAILURES: i64 = 20;
/// The counting window.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// How long a lock lasts.
pub const LOCK_MS: i64 = 15 * 60 * 1000;
/// Shortest password accepted when an account is made.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Hashes a password with argon2id (default parameters: 19 MiB, 2 passes, 1 lane — the OWASP
/// minimum) and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, StaffError> {
    let hashed: Result<PasswordHash, _> = Argon2::default().hash_password(password.as_bytes());
    hashed
        .map(|h| h.to_string())
        .map_err(|e| StaffError::Internal(anyhow::anyhow!("argon2: {e}")))
}

/// Checks a password against a PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A valid hash of a password nobody knows, checked when the email is unknown so that timing
/// does not tell which emails have accounts.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("motcua-no-such-account").unwrap_or_default())
}

/// The client's address: the socket peer, or a trusted proxy's `X-Forwarded-For`.
fn client_ip(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.config.edge.trust_proxy {
        if let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return first.trim().to_owned();
        }
    }
    peer.map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
}

/// The socket peer, when the server was started with connect info (tests and `serve` are).
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

fn now_ms() -> i64 {
    i64::try_from(Now::read().unix_ms).unwrap_or(i64::MAX)
}

/// Query of the sign-in page.
#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
    signed_out: Option<String>,
}

/// Only paths of the staff workspace are followed after sign-in.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with("/staff") && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/staff",
    }
}

fn login_page(
    lang: Lang,
    next: &str,
    email: &str,
    problems: &[String],
    info: Option<&str>,
) -> Response {
    let main = html! {
        h1 { (t(T::SignInTitle, lang)) }
        (error_summary(lang, problems))
        (notice(info))
        form method="post" action="/staff/login" class="stack" {
            input type="hidden" name="next" value=(next);
            div class="field" {
                label for="email" { (t(T::Email, lang)) }
                input id="email" name="email" type="email" autocomplete="username" required
                    value=(email);
            }
            div class="field" {
                label for="password" { (t(T::Password, lang)) }
                input id="password" name="password" type="password"
                    autocomplete="current-password" required;
            }
            button type="submit" { (t(T::SignIn, lang)) }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    (
        status,
        Html(bare_page(t(T::SignIn, lang), main).into_string()),
    )
        .into_response()
}

/// `GET /staff/login`.
pub async fn login_form(headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    let lang = lang_of(&headers);
    let info = if q.expired.is_some() {
        Some(t(T::SessionEnded, lang))
    } else if q.signed_out.is_some() {
        Some(t(T::SignedOutEverywhere, lang))
    } else {
        None
    };
    login_page(lang, safe_next(q.next.as_deref()), "", &[], info)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// `POST /staff/login`: checks locks, the password, counts failures, opens a session.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    PeerAddr(peer): PeerAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, StaffError> {
    if !same_origin(&state, &headers) {
        return Err(StaffError::Csrf);
    }
    let lang = lang_of(&headers);
    let next = safe_next(form.next.as_deref()).to_owned();
    let email = form.email.trim().to_lowercase();
    let account_key = format!("account:{email}");
    let ip_key = format!("ip:{}", client_ip(&state, &headers, peer));
    let now = now_ms();
    let locked = |until: i64| until > now;
    let account_lock = state
        .db
        .login_throttle(&account_key, now, WINDOW_MS)
        .await?;
    let ip_lock = state.db.login_throttle(&ip_key, now, WINDOW_MS).await?;
    if locked(account_lock.locked_until_ms) || locked(ip_lock.locked_until_ms) {
        tracing::warn!(%email, "staff sign-in refused: locked");
        let mut response = login_page(
            lang,
            &next,
            &email,
            &[t(T::LockedOut, lang).to_owned()],
            None,
        );
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(response);
    }
    let found = state.db.account_for_login(&email).await?;
    let password = form.password;
    let (account, phc) = match found {
        Some((account, phc)) => (Some(account), phc),
        None => (None, dummy_hash().to_owned()),
    };
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .unwrap_or(false);
    let account = account.filter(|a| ok && a.active);
    let Some(account) = account else {
        let a = state
            .db
            .record_login_failure(&account_key, now, WINDOW_MS, MAX_ACCOUNT_FAILURES, LOCK_MS)
            .await?;
        let i = state
            .db
            .record_login_failure(&ip_key, now, WINDOW_MS, MAX_IP_FAILURES, LOCK_MS)
            .await?;
        tracing::warn!(%email, failures = a.failures, "staff sign-in failed");
        let message = if locked(a.locked_until_ms) || locked(i.locked_until_ms) {
            T::LockedOut
        } else {
            T::WrongPassword
        };
        return Ok(login_page(
            lang,
            &next,
            &email,
            &[t(message, lang).to_owned()],
            None,
        ));
    };
    state.db.clear_login_failures(&account_key).await?;
    let token = random_token()?;
    let csrf = random_token()?;
    state
        .db
        .create_session(
            &token_hash(&token),
            account.id,
            &csrf,
            now,
            &Now::read().rfc3339(),
        )
        .await?;
    tracing::info!(account = account.id, "staff signed in");
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().insert(
        SET_COOKIE,
        session_cookie(Some(&token), is_https(&state, &headers)),
    );
    Ok(response)
}

/// An empty form (only the CSRF token).
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /staff/logout`: ends this session.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(staff, Empty {}): StaffForm<Empty>,
) -> Result<Response, StaffError> {
    state.db.delete_session(&staff.token_hash).await?;
    let mut response = Redirect::to("/staff/login").into_response();
    response
        .headers_mut()
        .insert(SET_COOKIE, session_cookie(None, is_https(&state, &headers)));
    Ok(response)
}

/// `POST /staff/logout-everywhere`: ends every session of the account.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm(staff, Empty {}): StaffForm<Empty>,
) -> Result<Response, StaffError> {
    let n = state.db.delete_sessions_of(staff.account.id).await?;
    tracing::info!(
        account = staff.account.id,
        sessions = n,
        "signed out everywhere"
    );
    let mut response = Redirect::to("/staff/login?signed_out=1").into_response();
    response
        .headers_mut()
        .insert(SET_COOKIE, session_cookie(None, is_https(&state, &headers)));
    Ok(response)
}

/// Query of the language toggle.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    to: String,
    back: Option<String>,
}

/// `GET /staff/lang?to=en&back=/staff/inbox`: remembers the language in a cookie, goes back.
pub async fn set_lang(Query(q): Query<LangQuery>) -> Response {
    let code = if q.to == "en" { "en" } else { "vi" };
    let mut response = Redirect::to(safe_next(q.back.as_deref())).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={code}; SameSite=Strict; Path=/staff; Max-Age=31536000"
    )) {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let phc = hash_password("đúng mật khẩu dài").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password("đúng mật khẩu dài", &phc));
        assert!(!verify_password("sai mật khẩu", &phc));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn next_stays_inside_the_workspace() {
        assert_eq!(safe_next(Some("/staff/inbox")), "/staff/inbox");
        assert_eq!(safe_next(Some("https://evil.example")), "/staff");
        assert_eq!(safe_next(Some("//evil.example")), "/staff");
        assert_eq!(safe_next(None), "/staff");
    }
}
