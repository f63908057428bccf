//! Sessions: a random 256-bit token in the `motcua_staff` cookie (HttpOnly, SameSite=Strict,
//! Path=/staff, Secure over https); the database keeps only its SHA-256, with idle and absolute
//! expiry. [`Staff`] is the extractor every signed-in page takes.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

use super::error::StaffError;
use super::text::Lang;
use crate::clock::Now;
use crate::db::{Account, Role};
use crate::AppState;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "motcua_staff";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "motcua_staff_lang";
/// A session ends after this long without a request.
pub const IDLE_MS: i64 = 60 * 60 * 1000;
/// A session ends this long after sign-in, whatever happens.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// Activity is written back at most this often (fewer writes on busy pages).
const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    /// The account.
    pub account: Account,
    /// The session's CSRF token, put in every form.
    pub csrf: String,
    /// SHA-256 hex of the session token.
    pub token_hash: String,
    /// The page language.
    pub lang: Lang,
}

impl Staff {
    /// True for leaders and administrators (publish, issue letters, edit templates).
    pub fn is_leader(&self) -> bool {
        matches!(self.account.role, Role::Leader | Role::Administrator)
    }

    /// True for administrators.
    pub fn is_admin(&self) -> bool {
        self.account.role == Role::Administrator
    }

    /// Whether this member may see data of `commune`.
    pub fn sees(&self, commune: &str) -> bool {
        self.is_admin()
            || self
                .account
                .commune
                .as_ref()
                .is_some_and(|c| c.as_str() == commune)
    }
}

/// 32 random bytes as hex.
pub fn random_token() -> Result<String, StaffError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| StaffError::Internal(anyhow::anyhow!(e)))?;
    Ok(hex::encode(bytes))
}

/// SHA-256 hex of a token: what the database stores.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The language chosen by cookie (Vietnamese by default).
pub fn lang_of(headers: &HeaderMap) -> Lang {
    match cookie(headers, LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    }
}

/// True when the request reached us over https: `MOTCUA_PUBLIC_URL` says so, or a trusted
/// proxy's `X-Forwarded-Proto` does.
pub fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    if let Some(url) = &state.config.edge.public_url {
        return url.starts_with("https://");
    }
    state.config.edge.trust_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value of a session cookie (or of its removal when `token` is `None`).
pub fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match token {
        Some(token) => {
            format!("{COOKIE_NAME}={token}; HttpOnly; SameSite=Strict; Path=/staff{secure}")
        }
        None => {
            format!("{COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/staff; Max-Age=0{secure}")
        }
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Where an anonymous or expired request goes: the sign-in page (303).
fn to_login(parts: &Parts, expired: bool, secure: bool) -> Response {
    let next = parts.uri.path();
    let mut target = String::from("/staff/login");
    if next.starts_with("/staff/") && parts.method == axum::http::Method::GET {
        target.push_str("?next=");
        target.push_str(next);
        if expired {
            target.push_str("&expired=1");
        }
    } else if expired {
        target.push_str("?expired=1");
    }
    let mut response = Redirect::to(&target).into_response();
    if expired {
        response
            .headers_mut()
            .insert(SET_COOKIE, session_cookie(None, secure));
    }
    response
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secure = is_https(state, &parts.headers);
        let Some(token) = cookie(&parts.headers, COOKIE_NAME).filter(|t| t.len() == 64) else {
            return Err(to_login(parts, false, secure));
        };
        let hash = token_hash(token);
        let row = state
            .db
            .session(&hash)
            .await
            .map_err(|e| StaffError::from(e).into_response())?;
        let Some(row) = row else {
            return Err(to_login(parts, true, secure));
        };
        let now = i64::try_from(Now::read().unix_ms).unwrap_or(i64::MAX);
        if now - row.last_seen_ms > IDLE_MS || now - row.created_ms > ABSOLUTE_MS {
            let _ = state.db.delete_session(&hash).await;
            return Err(to_login(parts, true, secure));
        }
        if now - row.last_seen_ms > TOUCH_EVERY_MS {
            state
                .db
                .touch_session(&hash, now)
                .await
                .map_err(|e| StaffError::from(e).into_response())?;
        }
        Ok(Staff {
            account: row.account,
            csrf: row.csrf_token,
            token_hash: hash,
            lang: lang_of(&parts.headers),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; motcua_staff=abc; b=2"),
        );
        assert_eq!(cookie(&headers, COOKIE_NAME), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn session_cookie_is_strict_and_scoped() {
        let v = session_cookie(Some("t"), true);
        let v = v.to_str().unwrap();
        for part in ["HttpOnly", "SameSite=Strict", "Path=/staff", "Secure"] {
            assert!(v.contains(part), "{v}");
        }
        assert!(!session_cookie(Some("t"), false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }
}
