//! Is a scanned (or pasted) text one of our links?
//!
//! Only `http(s)://{our host}/q/{token}`, `/procedures/{code}[?commune={code}]` and
//! `/c/{commune}` are followed, and then as a path rebuilt from the parsed parts, never as the
//! raw text. Anything else — other hosts, `javascript:`, `data:`, user info, odd characters,
//! overlong text — is [`Scanned::NotOurs`] and is shown as inert text.

use super::link::QrToken;
use crate::commune::CommuneCode;
use crate::procedure::ProcedureCode;

/// Longest scanned text considered at all (a QR code holds up to ~4 KB).
pub const MAX_SCAN_LEN: usize = 512;

/// What a scanned text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// One of our links: the app path to open (e.g. `/q/7KQ4XM2A`).
    Ours(String),
    /// Anything else, to be shown as text and never opened.
    NotOurs(String),
}

/// Classifies `text` against the app's own origin (`location.origin`, e.g.
/// `https://motcua.example`). A bare token (typed from a poster) also counts as ours.
pub fn classify_scan(text: &str, origin: &str) -> Scanned {
    let not_ours = || Scanned::NotOurs(text.to_owned());
    let trimmed = text.trim();
    if trimmed.len() > MAX_SCAN_LEN {
        return not_ours();
    }
    if let Ok(token) = QrToken::parse(trimmed) {
        return Scanned::Ours(token.path());
    }
    match (split_url(trimmed), split_url(origin)) {
        (Some(url), Some(ours)) if url.authority.eq_ignore_ascii_case(ours.authority) => {
            app_path(url.path, url.query).map_or_else(not_ours, Scanned::Ours)
        }
        _ => not_ours(),
    }
}

struct Url<'a> {
    authority: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

/// Splits an absolute http(s) URL with a plain `host[:port]` authority.
fn split_url(text: &str) -> Option<Url<'_>> {
    let (scheme, rest) = text.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority_ok = !authority.is_empty()
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !authority_ok {
        return None;
    }
    let tail = tail.split('#').next().unwrap_or_default();
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    Some(Url {
        authority,
        path,
        query,
    })
}

/// The app path for a known route, rebuilt from validated parts.
fn app_path(path: &str, query: Option<&str>) -> Option<String> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut parts = path.split('/');
    if parts.next() != Some("") {
        return None;
    }
    let (first, second, more) = (parts.next()?, parts.next()?, parts.next());
    if more.is_some() {
        return None;
    }
    let query = query.filter(|q| !q.is_empty());
    match first {
        "q" if query.is_none() => {
            let token = QrToken::parse(second).ok()?;
            // `parse` trims; a path with spaces is not one we printed.
            (token.as_str().len() == second.len()).then(|| token.path())
        }
        "c" if query.is_none() => {
            let code = CommuneCode::parse(second).ok()?;
            (code.as_str() == second).then(|| format!("/c/{code}"))
        }
        "procedures" => {
            let code = ProcedureCode::parse(second).ok()?;
            if code.as_str() != second {
                return None;
            }
            match query {
                None => Some(format!("/procedures/{code}")),
                Some(q) => {
                    let commune = CommuneCode::parse(q.strip_prefix("commune=")?).ok()?;
                    (q.len() == "commune=".len() + 5)
                        .then(|| format!("/procedures/{code}?commune={commune}"))
                }
            }
        }
        _ => None,
    }
}
