//! Server-rendered landing pages (issue 9): the first screen of `/procedures/{code}?commune=`,
//! of a QR code that lands on a procedure, an official or a notice, of the home page `/` and of
//! the public dashboard `/stats`, as HTML.
//!
//! A citizen who scans a code on the office wall on a cheap phone sees the guide as soon as the
//! HTML and the stylesheet are in, with no wasm on the critical path (the app's cold first
//! screen needs about 357 KB of it). The page then loads the app after its `load` event; the app
//! renders the same page from its data and takes it over in place (checklist ticks and focus
//! kept, see the app's `ssr` module), stores the catalog, registers the service worker, and from
//! then on the phone works offline as before.
//!
//! Whatever cannot be rendered here (no commune in the URL, an unknown procedure, a QR code of
//! an office, a retired code, the app not built with its split loader, a database error) gets
//! the plain app shell, which renders it itself: this path only ever makes the first screen
//! faster, never different.

pub mod dashboard;
pub mod home;
pub mod page;
pub mod shell;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use axum::extract::{Query, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use motcua_domain::i18n::{t, Lang, Msg};
use motcua_domain::qr::{QrStatus, QrTarget, QrToken};
use motcua_domain::{CommuneCode, ProcedureCode};

use crate::spa::{self, Spa};
use crate::AppState;

/// The cookie the app sets with the citizen's language, so this page speaks it too.
pub const LANG_COOKIE: &str = "motcua_lang";

/// The cookie the app sets with the citizen's chosen commune (the header names it, the home page
/// remembers it).
pub const COMMUNE_COOKIE: &str = "motcua_commune";

/// The landing routes; everything else of the app is the shell ([`spa::serve`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/stats", get(stats))
        .route("/procedures/{code}", get(procedure))
        .route("/q/{token}", get(qr))
}

/// `GET /`: the home page with the list of communes, or the shell.
async fn home(State(state): State<AppState>, request: Request) -> Response {
    if !state.config.landing_html {
        return shell(&state, request).await;
    }
    let communes = match state.db.communes().await {
        Ok(communes) if !communes.is_empty() => communes,
        Ok(_) => return shell(&state, request).await,
        Err(err) => {
            tracing::warn!(error = %err, "landing: the communes could not be read; serving the shell");
            return shell(&state, request).await;
        }
    };
    let lang = lang_of(request.headers());
    let chosen = cookie(request.headers(), COMMUNE_COOKIE)
        .and_then(|code| communes.iter().find(|c| c.code.as_str() == code));
    let title = format!("{} – {}", t(Msg::AppName, lang), t(Msg::AppTagline, lang));
    let main = home::home(lang, chosen, &communes);
    let body = page::body(lang, chosen, Some(home::UNTIL), main);
    rendered(&state, request, lang, &title, body).await
}

/// `GET /stats`: the dashboard of every commune, or the shell.
async fn stats(State(state): State<AppState>, request: Request) -> Response {
    if !state.config.landing_html {
        return shell(&state, request).await;
    }
    let overview = match state.stats.overview(&state.db, &state.rating_scale).await {
        Ok(overview) => overview,
        Err(err) => {
            tracing::warn!(error = %err, "landing: the dashboard could not be computed; serving the shell");
            return shell(&state, request).await;
        }
    };
    let headers = request.headers();
    let lang = lang_of(headers);
    let chosen = match cookie(headers, COMMUNE_COOKIE).map(CommuneCode::parse) {
        Some(Ok(code)) => state.db.commune(&code).await.ok().flatten(),
        _ => None,
    };
    let main = dashboard::overview(lang, &overview);
    let header = chosen.as_ref().map(|c| &c.summary);
    let body = page::body(lang, header, Some(dashboard::UNTIL), main);
    rendered(&state, request, lang, t(Msg::StatsTitle, lang), body).await
}

/// `GET /procedures/{code}?commune=`: the guide, or the shell.
async fn procedure(State(state): State<AppState>, request: Request) -> Response {
    if !state.config.landing_html {
        return shell(&state, request).await;
    }
    let code = request
        .uri()
        .path()
        .strip_prefix("/procedures/")
        .and_then(|c| ProcedureCode::parse(c).ok());
    let commune = Query::<Vec<(String, String)>>::try_from_uri(request.uri())
        .ok()
        .and_then(|q| {
            q.0.into_iter()
                .find(|(k, _)| k == "commune")
                .and_then(|(_, v)| CommuneCode::parse(&v).ok())
        });
    let (Some(code), Some(commune)) = (code, commune) else {
        return shell(&state, request).await;
    };
    let found = async {
        let procedure = state.db.catalog_procedure(&commune, &code).await?;
        let commune = state.db.commune(&commune).await?;
        Ok::<_, crate::db::StoreError>(procedure.and_then(|(_, p)| p).zip(commune))
    };
    match found.await {
        Ok(Some((procedure, commune))) => {
            let lang = lang_of(request.headers());
            let title = procedure.name.get(lang.english()).to_owned();
            let main = page::guide(lang, &procedure, &commune);
            let body = page::body(lang, Some(&commune.summary), None, main);
            rendered(&state, request, lang, &title, body).await
        }
        Ok(None) => shell(&state, request).await,
        Err(err) => {
            tracing::warn!(error = %err, "landing: the guide could not be read; serving the shell");
            shell(&state, request).await
        }
    }
}

/// `GET /q/{token}`: a code that lands on a procedure (or its form), an official's name tag or a
/// notice gets that page; an office's code (its page has the rating form) and any unknown or
/// retired code, the shell.
async fn qr(State(state): State<AppState>, request: Request) -> Response {
    if !state.config.landing_html {
        return shell(&state, request).await;
    }
    let Some(token) = request
        .uri()
        .path()
        .strip_prefix("/q/")
        .and_then(|t| QrToken::parse(t).ok())
    else {
        return shell(&state, request).await;
    };
    let landing = match state.db.qr_landing(&token).await {
        Ok(landing) => landing,
        Err(err) => {
            tracing::warn!(error = %err, "landing: the QR code could not be read; serving the shell");
            return shell(&state, request).await;
        }
    };
    let (QrStatus::Found, Some(link), Some(commune)) =
        (landing.status, &landing.link, &landing.commune)
    else {
        return shell(&state, request).await;
    };
    let lang = lang_of(request.headers());
    let en = lang.english();
    let (title, main) = match (&link.target, &landing.procedure, landing.official()) {
        (QrTarget::Procedure { .. } | QrTarget::StartForm { .. }, Some(procedure), _) => (
            procedure.name.get(en).to_owned(),
            page::qr_guide(lang, procedure, commune),
        ),
        (QrTarget::Official { .. }, _, Some(member)) => (
            member.name.clone(),
            page::qr_official(lang, member, commune),
        ),
        (QrTarget::Notice { title, body }, _, _) => (
            title.get(en).to_owned(),
            page::qr_notice(lang, title, body, commune),
        ),
        // The office (its page has the rating form), or a target gone since the code was printed.
        _ => return shell(&state, request).await,
    };
    let body = page::body(lang, Some(&commune.summary), None, main);
    rendered(&state, request, lang, &title, body).await
}

/// The value of cookie `name`, if the request has it.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(n, value)| (n == name).then_some(value))
}

/// The citizen's language: the app's cookie, else Vietnamese (as the app).
fn lang_of(headers: &HeaderMap) -> Lang {
    if cookie(headers, LANG_COOKIE) == Some("en") {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// The page in the frame of the current build, or the shell when the build has no frame.
async fn rendered(
    state: &AppState,
    request: Request,
    lang: Lang,
    title: &str,
    body: maud::Markup,
) -> Response {
    let Some(frame) = frame(&state.config.dist_dir.join("index.html")) else {
        return shell(state, request).await;
    };
    let html = frame.render(lang.tag(), title, &body.into_string());
    let policy = crate::hardening::headers::content_security_policy(&html);
    let mut response = if request.method() == Method::HEAD {
        ().into_response()
    } else {
        html.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(spa::NO_CACHE));
    headers.insert(VARY, HeaderValue::from_static("Cookie"));
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
}

async fn shell(state: &AppState, request: Request) -> Response {
    spa::serve(State(Spa::new(&state.config.dist_dir)), request).await
}

/// The frame of `index` (built once per version of the file).
fn frame(index: &Path) -> Option<shell::Frame> {
    type Cached = Option<(PathBuf, SystemTime, shell::Frame)>;
    static CACHE: Mutex<Cached> = Mutex::new(None);
    let modified = std::fs::metadata(index).and_then(|m| m.modified()).ok()?;
    let mut cached = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((path, at, frame)) = cached.as_ref() {
        if path == index && *at == modified {
            return Some(frame.clone());
        }
    }
    let html = std::fs::read_to_string(index).ok()?;
    match shell::Frame::from_shell(&html) {
        Ok(frame) => {
            *cached = Some((index.to_owned(), modified, frame.clone()));
            Some(frame)
        }
        Err(err) => {
            tracing::warn!(error = %err, "landing: index.html is not a landing frame");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_apps_cookie() {
        let mut headers = HeaderMap::new();
        assert_eq!(lang_of(&headers), Lang::Vi);
        headers.insert(COOKIE, HeaderValue::from_static("a=1; motcua_lang=en"));
        assert_eq!(lang_of(&headers), Lang::En);
        headers.insert(COOKIE, HeaderValue::from_static("motcua_lang=vi"));
        assert_eq!(lang_of(&headers), Lang::Vi);
        headers.insert(COOKIE, HeaderValue::from_static("xmotcua_lang=en"));
        assert_eq!(lang_of(&headers), Lang::Vi);
    }

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie(&headers, COMMUNE_COOKIE), None);
        headers.insert(
            COOKIE,
            HeaderValue::from_static("motcua_lang=en; motcua_commune=11560"),
        );
        assert_eq!(cookie(&headers, COMMUNE_COOKIE), Some("11560"));
        assert_eq!(cookie(&headers, "motcua"), None);
    }
}
