//! Keeping the phone's data fresh: start-up load from IndexedDB, then pulls from the server on
//! start, on the browser's `online` event and whenever a page needs a commune not yet loaded.

pub mod outbox;
pub mod pull;

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::ProcedureCode;

use crate::state::{AppState, Fetch, SyncStatus};
use crate::storage;
use crate::text::now_ms;
use crate::util::{mark_body_ready, navigator_online};
use pull::{fetch_catalog, fetch_communes, merge, LAST_SYNC_KEY};

/// The commune a URL asks for: `?commune=CODE`, or `/c/CODE`.
pub fn commune_from_url(path: &str, search: &str) -> Option<String> {
    let from_query = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("commune="))
        .map(str::to_owned);
    let from_path = path
        .strip_prefix("/c/")
        .map(|rest| rest.trim_end_matches('/').to_owned());
    from_query
        .or(from_path)
        .filter(|c| motcua_domain::CommuneCode::parse(c).is_ok())
}

/// The procedure a URL's guide shows: `/procedures/CODE`.
pub fn procedure_from_url(path: &str) -> Option<ProcedureCode> {
    let code = path.strip_prefix("/procedures/")?.trim_end_matches('/');
    ProcedureCode::parse(code).ok()
}

/// What the first screen of a visit needs from the data layer (see [`start`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstScreen {
    /// A procedure's guide: that one procedure, fetched alone when its commune's catalog is not
    /// on the phone.
    Guide(ProcedureCode),
    /// A QR code's landing: the page fetches its own answer, which embeds what it shows.
    QrLanding,
    /// A page that shows no procedure (a draft, the drafts, tracking, the dashboard): the
    /// commune list (the header's commune name) is all it needs; the remembered commune's
    /// catalog is read and refreshed after it, not decoded before it.
    OwnData,
    /// Anything else: the commune list and the wanted commune's catalog.
    Other,
}

impl FirstScreen {
    /// The first screen of a visit to `path`.
    pub fn of(path: &str) -> Self {
        if let Some(code) = procedure_from_url(path) {
            Self::Guide(code)
        } else if path.starts_with("/q/") {
            Self::QrLanding
        } else if ["/drafts", "/track", "/stats"].iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        }) && path != "/drafts/new"
        {
            Self::OwnData
        } else {
            Self::Other
        }
    }
}

thread_local! {
    /// Who waits for [`first_screen_shown`]; `None` once it is.
    static WAITING_FOR_FIRST_SCREEN: std::cell::RefCell<Option<Vec<futures::channel::oneshot::Sender<()>>>> =
        const { std::cell::RefCell::new(Some(Vec::new())) };
}

/// Resolves once the app shows its first page from data (and has taken over the server's page):
/// downloads the page does not need wait for it, so they do not compete with it on a slow link.
pub async fn first_screen_shown() {
    let waiting = WAITING_FOR_FIRST_SCREEN.with(|w| {
        w.borrow_mut().as_mut().map(|list| {
            let (tx, rx) = futures::channel::oneshot::channel();
            list.push(tx);
            rx
        })
    });
    if let Some(rx) = waiting {
        let _ = rx.await;
    }
}

fn mark_first_screen_shown() {
    if let Some(list) = WAITING_FOR_FIRST_SCREEN.with(|w| w.borrow_mut().take()) {
        for tx in list {
            let _ = tx.send(());
        }
    }
}

/// Boots the data layer: reads what the phone has, renders it, then refreshes from the server.
/// Sets `body[data-ready]` once the first render from stored or fetched data is done (for the
/// wanted commune, that is its catalog), and then calls `first_render` (work that must not
/// compete with the first screen).
///
/// The wanted commune's catalog is claimed at once (before the returned future runs), so the
/// page asking for it ([`ensure_catalog`]) waits for this load instead of starting another.
/// A cold visit to a guide or a QR code (`first`; the catalog neither in memory nor stored)
/// shows its page from a few KB (the one procedure, the QR code's answer) and counts as ready
/// then: the commune list and the catalog (about 50 KB) are pulled after it, in the background,
/// for the rest of the visit and for offline use (issue 9).
pub fn start(
    state: AppState,
    wanted: Option<String>,
    first: FirstScreen,
    first_render: impl FnOnce(),
) -> impl std::future::Future<Output = ()> {
    let wanted = wanted.or_else(|| {
        state
            .chosen
            .get_untracked()
            .filter(|_| first != FirstScreen::OwnData)
    });
    if let Some(code) = &wanted {
        state.catalog_fetch.update(|m| {
            m.entry(code.clone()).or_insert(Fetch::Loading);
        });
    }
    load_and_pull(state, wanted, first, first_render)
}

async fn load_and_pull(
    state: AppState,
    wanted: Option<String>,
    first: FirstScreen,
    first_render: impl FnOnce(),
) {
    let db = storage::shared().await;
    state.storage_ok.set(db.is_some());
    if let Some(db) = &db {
        if let Ok(Some(list)) = db.load_communes().await {
            state.communes.set(Some(list));
        }
        if let Ok(Some(ms)) = db.get_meta(LAST_SYNC_KEY).await {
            state.last_synced.set(parse_ms(&ms));
        }
        if let Some(code) = &wanted {
            load_stored_catalog(state, code).await;
        }
    }
    let have_all = state.communes.with_untracked(Option::is_some)
        && wanted
            .as_deref()
            .is_none_or(|c| state.catalogs.with_untracked(|m| m.contains_key(c)));
    let shown_first = have_all
        || match (&wanted, &first) {
            (Some(commune), FirstScreen::Guide(code)) => show_first(state, commune, code).await,
            (_, FirstScreen::QrLanding) => true,
            _ => false,
        };
    let mut first_render = Some(first_render);
    if shown_first {
        ready_after_render().await;
        if let Some(f) = first_render.take() {
            f();
        }
    }
    // A task of its own for the pull: decoding the stored catalog and rendering from it above is
    // already one long task on a slow phone; the request (and the outbox's part that
    // `first_render` starts loading) should not be added to it.
    yield_to_browser().await;
    pull_all(state, wanted.into_iter().collect()).await;
    if let Some(f) = first_render.take() {
        ready_after_render().await;
        f();
    }
}

/// Fetches procedure `code` of `commune` alone and renders it, when the commune's catalog is not
/// in memory: a cold visit's guide then waits for a few KB instead of the whole catalog. Returns
/// whether it did. Any failure is left to the catalog pull that follows (it shows the guide, not
/// found, or failed).
async fn show_first(state: AppState, commune: &str, code: &ProcedureCode) -> bool {
    if state.catalogs.with_untracked(|m| m.contains_key(commune)) || !navigator_online() {
        return false;
    }
    let Ok(procedure) = pull::fetch_procedure(commune, code).await else {
        return false;
    };
    state
        .first_procedure
        .set(Some((commune.to_owned(), procedure)));
    // Let it render before the catalog's download and decoding start.
    leptos::task::tick().await;
    true
}

/// Lets the browser run other tasks (input, paint) before going on: a macrotask boundary, unlike
/// `tick()` (a microtask, the same long task).
pub(crate) async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

async fn ready_after_render() {
    leptos::task::tick().await;
    // The takeover (removing the server's page, then the app's page's first layout) in a task of
    // its own, not the one that rendered the page from data.
    yield_to_browser().await;
    // A landing page the server rendered gives way to the app's before the app counts as ready.
    crate::ssr::take_over().await;
    // The home page's commune list comes in over several tasks: ready once it is all there.
    crate::ssr::settled().await;
    mark_body_ready();
    mark_first_screen_shown();
}

async fn load_stored_catalog(state: AppState, code: &str) {
    if state.catalogs.with_untracked(|m| m.contains_key(code)) {
        return;
    }
    if let Some(db) = storage::shared().await {
        if let Ok(Some(catalog)) = db.load_catalog(code).await {
            state.catalogs.update(|m| {
                m.insert(code.to_owned(), catalog);
            });
        }
    }
}

/// Refreshes the commune list (when missing) and every catalog in memory plus `extra`.
pub async fn pull_all(state: AppState, extra: Vec<String>) {
    let online = navigator_online();
    state.online.set(online);
    let mut codes: Vec<String> = state
        .catalogs
        .with_untracked(|m| m.keys().cloned().collect());
    // The chosen commune, unless another load has it under way ([`ensure_catalog`]); claimed
    // here otherwise, so that such a load started meanwhile does not fetch it a second time.
    let chosen = state.chosen.get_untracked().filter(|code| {
        extra.contains(code)
            || codes.contains(code)
            || state
                .catalog_fetch
                .with_untracked(|m| m.get(code) != Some(&Fetch::Loading))
    });
    if let Some(code) = &chosen {
        state.catalog_fetch.update(|m| {
            m.entry(code.clone()).or_insert(Fetch::Loading);
        });
    }
    for code in extra.into_iter().chain(chosen) {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    // A catalog on the phone but not yet read (a page that did not need it first): read it,
    // online so that the server sends only what changed since its version, offline so that it
    // is not counted as missing.
    for code in &codes {
        load_stored_catalog(state, code).await;
    }
    if !online {
        state.sync.set(SyncStatus::Offline);
        mark_failed_if_empty(state, &codes);
        if state.communes.with_untracked(Option::is_none) {
            state.communes_failed.set(true);
        }
        return;
    }
    state.sync.set(SyncStatus::Syncing);
    let mut ok = pull_communes(state).await;
    for code in &codes {
        ok &= pull_catalog(state, code).await;
    }
    if !ok {
        mark_failed_if_empty(state, &codes);
    }
    state.sync.set(if ok {
        SyncStatus::Idle
    } else if navigator_online() {
        SyncStatus::Failed
    } else {
        SyncStatus::Offline
    });
}

fn mark_failed_if_empty(state: AppState, codes: &[String]) {
    for code in codes {
        if !state.catalogs.with_untracked(|m| m.contains_key(code)) {
            state.catalog_fetch.update(|m| {
                m.insert(code.clone(), Fetch::Failed);
            });
        }
    }
}

async fn pull_communes(state: AppState) -> bool {
    if state.communes.with_untracked(Option::is_some) {
        return true;
    }
    match fetch_communes().await {
        Ok(list) => {
            if let Some(db) = storage::shared().await {
                let _ = db.save_communes(&list).await;
            }
            state.communes_failed.set(false);
            state.communes.set(Some(list));
            true
        }
        Err(_) => {
            state.communes_failed.set(true);
            false
        }
    }
}

async fn pull_catalog(state: AppState, code: &str) -> bool {
    // Only the version: the stored catalog (every procedure) is cloned when the answer changes it.
    let since = state
        .catalogs
        .with_untracked(|m| m.get(code).map(|c| c.version));
    match fetch_catalog(code, since).await {
        // Up to date (the usual warm start): an empty delta at the stored version. Re-encoding
        // and re-storing the whole catalog, and notifying every reader of `catalogs`, was a long
        // task of its own after the first render (about 60 ms on a 4x slower CPU).
        Ok(Some(answer)) if changes_nothing(state, code, &answer.catalog) => {
            record_sync(state, storage::shared().await.as_deref()).await;
            true
        }
        Ok(Some(answer)) => {
            // Decoding the answer was one task (about 90 ms for a commune's 350 KB on a 4x slower
            // CPU); storing it and rendering from it are others, so input and paint get between.
            yield_to_browser().await;
            let stored = state.catalogs.with_untracked(|m| m.get(code).cloned());
            // Nothing stored: the answer is the whole catalog, stored as it came.
            let as_sent = stored.is_none().then_some(answer.json);
            let catalog = merge(stored, answer.catalog);
            let db = storage::shared().await;
            if let Some(db) = &db {
                let _ = match &as_sent {
                    Some(json) => db.save_catalog_json(code, json).await,
                    None => db.save_catalog(&catalog).await,
                };
            }
            state.catalogs.update(|m| {
                m.insert(code.to_owned(), catalog);
            });
            record_sync(state, db.as_deref()).await;
            true
        }
        Ok(None) => {
            record_sync(state, storage::shared().await.as_deref()).await;
            true
        }
        Err(pull::PullError::Status(404)) => {
            state.catalog_fetch.update(|m| {
                m.insert(code.to_owned(), Fetch::Failed);
            });
            true
        }
        Err(_) => false,
    }
}

/// True when `answer` is a delta that leaves commune `code`'s catalog in memory as it is: same
/// version, no procedure changed or removed, no QR link changed, the same commune.
fn changes_nothing(state: AppState, code: &str, answer: &motcua_domain::Catalog) -> bool {
    !answer.full
        && answer.procedures.is_empty()
        && answer.removed.is_empty()
        && answer.qr_links.is_empty()
        && state.catalogs.with_untracked(|m| {
            m.get(code)
                .is_some_and(|c| c.version == answer.version && c.commune == answer.commune)
        })
}

/// A time stored by [`record_sync`]: whole milliseconds (older versions wrote a fraction, which
/// is dropped). Read as an integer: parsing an `f64` would bring the float parsing code and its
/// 5 KB table into the main module for this one line.
fn parse_ms(stored: &str) -> Option<f64> {
    let whole = stored.split('.').next().unwrap_or(stored);
    #[expect(
        clippy::cast_precision_loss,
        reason = "a time in ms since 1970 is far below 2^53, where f64 is exact"
    )]
    whole.trim().parse::<i64>().ok().map(|ms| ms as f64)
}

async fn record_sync(state: AppState, db: Option<&storage::Storage>) {
    let now = now_ms();
    state.last_synced.set(Some(now));
    if let Some(db) = db {
        // Whole milliseconds, written as an integer: formatting an `f64` would bring the float
        // printing code into the main module for this one line.
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a time in ms since 1970 is a whole number far below i64::MAX"
        )]
        let ms = now as i64;
        let _ = db.set_meta(LAST_SYNC_KEY, &ms.to_string()).await;
    }
}

/// Makes sure commune `code`'s catalog is (being) loaded: from storage first, then the server.
pub fn ensure_catalog(state: AppState, code: String) {
    let requested = state
        .catalog_fetch
        .with_untracked(|m| m.contains_key(&code))
        || state.catalogs.with_untracked(|m| m.contains_key(&code));
    if requested {
        return;
    }
    state.catalog_fetch.update(|m| {
        m.insert(code.clone(), Fetch::Loading);
    });
    spawn_local(async move {
        load_stored_catalog(state, &code).await;
        if !navigator_online() {
            mark_failed_if_empty(state, std::slice::from_ref(&code));
            state.sync.set(SyncStatus::Offline);
            return;
        }
        let ok = pull_catalog(state, &code).await;
        if !ok {
            mark_failed_if_empty(state, std::slice::from_ref(&code));
            state.sync.set(SyncStatus::Failed);
        }
    });
}

/// Retries everything after a failure (the "Try again" buttons).
pub fn retry(state: AppState) {
    let failed: Vec<String> = state.catalog_fetch.with_untracked(|m| {
        m.iter()
            .filter(|(_, f)| **f == Fetch::Failed)
            .map(|(code, _)| code.clone())
            .collect()
    });
    state.catalog_fetch.update(|m| {
        for code in &failed {
            m.insert(code.clone(), Fetch::Loading);
        }
    });
    state.communes_failed.set(false);
    spawn_local(pull_all(state, failed));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commune_code_from_query_or_path() {
        assert_eq!(
            commune_from_url("/procedures/1.001193", "?commune=11560").as_deref(),
            Some("11560")
        );
        assert_eq!(commune_from_url("/c/11560", "").as_deref(), Some("11560"));
        assert_eq!(commune_from_url("/c/../x", ""), None);
        assert_eq!(commune_from_url("/procedures", ""), None);
    }

    #[test]
    fn procedure_code_from_a_guide_path() {
        let birth = ProcedureCode::parse("1.001193").ok();
        assert_eq!(procedure_from_url("/procedures/1.001193"), birth);
        assert_eq!(procedure_from_url("/procedures/1.001193/"), birth);
        assert_eq!(procedure_from_url("/procedures/"), None);
        assert_eq!(procedure_from_url("/procedures/x"), None);
        assert_eq!(procedure_from_url("/q/1.001193"), None);
    }

    #[test]
    fn the_first_screen_of_a_guide_a_qr_code_a_page_of_its_own_data_and_other_pages() {
        let birth = ProcedureCode::parse("1.001193").unwrap();
        assert_eq!(
            FirstScreen::of("/procedures/1.001193"),
            FirstScreen::Guide(birth)
        );
        assert_eq!(FirstScreen::of("/q/MGCB5BGH"), FirstScreen::QrLanding);
        assert_eq!(FirstScreen::of("/procedures"), FirstScreen::Other);
        assert_eq!(FirstScreen::of("/"), FirstScreen::Other);
        assert_eq!(FirstScreen::of("/c/11560"), FirstScreen::Other);
        for own in [
            "/drafts",
            "/drafts/",
            "/drafts/0123abcd",
            "/drafts/0123abcd/child",
            "/track",
            "/stats",
            "/stats/11560",
        ] {
            assert_eq!(FirstScreen::of(own), FirstScreen::OwnData, "{own}");
        }
        // A new draft takes its procedure's name from the catalog; a look-alike path is not a draft.
        assert_eq!(FirstScreen::of("/drafts/new"), FirstScreen::Other);
        assert_eq!(FirstScreen::of("/draftsman"), FirstScreen::Other);
    }

    #[test]
    fn a_stored_sync_time_reads_back_whole_or_with_an_old_fraction() {
        assert_eq!(parse_ms("1764513000123"), Some(1_764_513_000_123.0));
        assert_eq!(parse_ms("1764513000123.75"), Some(1_764_513_000_123.0));
        assert_eq!(parse_ms(""), None);
        assert_eq!(parse_ms("yesterday"), None);
    }
}
