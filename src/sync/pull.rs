//! Pulling data from the server: the commune list and per-commune catalog deltas.
//!
//! `GET /api/v1/communes` (only when nothing is stored) and
//! `GET /api/v1/catalog?commune=X&since=V` with the stored catalog version `V`. The answer is
//! applied with [`Catalog::apply`], stored, and the sync time recorded. Any failure keeps what is
//! on screen and sets a non-blocking notice. A cold visit to a guide first asks for its one
//! procedure (`GET /api/v1/procedures/{code}?commune=X`), shown until the catalog is in.

use gloo_net::http::Request;
use motcua_domain::{Catalog, CatalogVersion, CommuneSummary, Procedure, ProcedureCode};
use serde::Deserialize;

use crate::util::with_timeout;

/// How long one request may take on poor wifi.
const REQUEST_TIMEOUT_MS: u32 = 20_000;

/// The meta key of the last successful sync time (ms since epoch, as text).
pub const LAST_SYNC_KEY: &str = "last_sync";

/// Why a pull failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullError {
    /// No answer (offline, DNS, timeout).
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The answer was not what the domain types describe.
    Decode(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CommunesBody {
    List(Vec<CommuneSummary>),
    Wrapped { communes: Vec<CommuneSummary> },
}

async fn get_json<T: for<'de> Deserialize<'de>>(url: &str) -> Result<Option<T>, PullError> {
    get_text(url)
        .await?
        .map(|text| serde_json::from_str(&text).map_err(|e| PullError::Decode(e.to_string())))
        .transpose()
}

/// The body of a JSON `GET`, `None` for 204 and 304. Not generic, so the request code is in the
/// wasm once whatever the answer decodes to.
async fn get_text(url: &str) -> Result<Option<String>, PullError> {
    let request = Request::get(url).header("Accept", "application/json");
    let response = with_timeout(request.send(), REQUEST_TIMEOUT_MS)
        .await
        .ok_or_else(|| PullError::Network("timeout".into()))?
        .map_err(|e| PullError::Network(e.to_string()))?;
    match response.status() {
        204 | 304 => Ok(None),
        200..=299 => with_timeout(response.text(), REQUEST_TIMEOUT_MS)
            .await
            .ok_or_else(|| PullError::Network("timeout".into()))?
            .map(Some)
            .map_err(|e| PullError::Network(e.to_string())),
        status => Err(PullError::Status(status)),
    }
}

/// Fetches the commune list.
pub async fn fetch_communes() -> Result<Vec<CommuneSummary>, PullError> {
    match get_json::<CommunesBody>("/api/v1/communes").await? {
        Some(CommunesBody::List(list) | CommunesBody::Wrapped { communes: list }) => Ok(list),
        None => Err(PullError::Decode("empty commune list".into())),
    }
}

/// Fetches commune `code`'s catalog: everything (`since` = `None`) or the changes after `since`.
/// `Ok(None)` means nothing changed.
pub async fn fetch_catalog(
    code: &str,
    since: Option<CatalogVersion>,
) -> Result<Option<CatalogAnswer>, PullError> {
    let url = match since {
        Some(v) if v > 0 => format!("/api/v1/catalog?commune={code}&since={v}"),
        _ => format!("/api/v1/catalog?commune={code}"),
    };
    let Some(json) = get_text(&url).await? else {
        return Ok(None);
    };
    let catalog = serde_json::from_str(&json).map_err(|e| PullError::Decode(e.to_string()))?;
    Ok(Some(CatalogAnswer { catalog, json }))
}

/// A catalog answer: decoded, and as sent (a full catalog is stored as it came).
pub struct CatalogAnswer {
    /// The decoded catalog or delta.
    pub catalog: Catalog,
    /// The answer's JSON.
    pub json: String,
}

/// Fetches procedure `code` as commune `commune` offers it
/// (`/api/v1/procedures/{code}?commune={commune}`): what a cold visit to its guide renders
/// before the commune's catalog.
pub async fn fetch_procedure(commune: &str, code: &ProcedureCode) -> Result<Procedure, PullError> {
    get_json(&format!("/api/v1/procedures/{code}?commune={commune}"))
        .await?
        .ok_or_else(|| PullError::Decode("empty procedure answer".into()))
}

/// Fetches what QR token `token` leads to (`/api/v1/q/{token}`): `Err(Status(404))` for an
/// unknown token, `Err(Status(400))` for a malformed one.
pub async fn fetch_qr(token: &str) -> Result<motcua_domain::QrLanding, PullError> {
    get_json(&format!("/api/v1/q/{token}"))
        .await?
        .ok_or_else(|| PullError::Decode("empty QR answer".into()))
}

/// The stored catalog brought up to date with a server answer.
pub fn merge(stored: Option<Catalog>, answer: Catalog) -> Catalog {
    match stored {
        Some(mut catalog) if !answer.full || answer.version >= catalog.version => {
            catalog.apply(answer);
            catalog
        }
        Some(catalog) => catalog,
        None => answer,
    }
}
