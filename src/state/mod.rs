//! The app's shared reactive state, provided once as context; pages read it via [`use_app`].

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use motcua_domain::{Catalog, CommuneSummary, Procedure};

use crate::i18n::{t, Lang, Msg};
use crate::storage::notice::{self, Notice};
use crate::util::{local_get, local_set, navigator_online, set_document_lang};

/// `localStorage` key of the UI language.
pub const LANG_KEY: &str = "motcua.lang";
/// `localStorage` key of the remembered commune code.
pub const COMMUNE_KEY: &str = "motcua.commune";

/// Where a commune's catalog is in its journey to the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// Being read from storage or the server.
    Loading,
    /// Nothing stored and the server could not be reached.
    Failed,
    /// Shown (possibly from storage while a refresh runs).
    Done,
}

/// The data sync state shown in the notice bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SyncStatus {
    /// Nothing to say.
    #[default]
    Idle,
    /// A request is running.
    Syncing,
    /// The browser is offline.
    Offline,
    /// The server could not be reached or answered with an error.
    Failed,
}

impl SyncStatus {
    /// The notice text for this status, if any.
    pub fn notice(self, lang: Lang) -> Option<&'static str> {
        match self {
            Self::Idle => None,
            Self::Syncing => Some(t(Msg::SyncSyncing, lang)),
            Self::Offline => Some(t(Msg::SyncOffline, lang)),
            Self::Failed => Some(t(Msg::SyncFailed, lang)),
        }
    }
}

/// A commune's search index and the catalog it was built from.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    /// The catalog version indexed.
    pub version: motcua_domain::CatalogVersion,
    /// How many procedures were indexed (a delta may change it at the same version).
    pub procedures: usize,
    /// The index (shared: pages search it on every keystroke).
    pub index: Arc<motcua_search::Index>,
}

/// All shared signals. `Copy`, so closures can capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The UI language.
    pub lang: RwSignal<Lang>,
    /// The communes of Hải Phòng (`None` until loaded).
    pub communes: RwSignal<Option<Vec<CommuneSummary>>>,
    /// True when the commune list could be neither read nor fetched.
    pub communes_failed: RwSignal<bool>,
    /// The remembered commune code.
    pub chosen: RwSignal<Option<String>>,
    /// Catalogs in memory, by commune code.
    pub catalogs: RwSignal<HashMap<String, Catalog>>,
    /// Search indexes by commune code, rebuilt when the catalog changes (issue 4).
    pub search: RwSignal<HashMap<String, SearchIndex>>,
    /// Load state of each requested catalog.
    pub catalog_fetch: RwSignal<HashMap<String, Fetch>>,
    /// The procedure a cold visit to its guide fetched alone (commune code, procedure as that
    /// commune offers it): shown until the commune's catalog is in memory (issue 9).
    pub first_procedure: RwSignal<Option<(String, Procedure)>>,
    /// The commune a QR code's answer came with: names it (in the header) on a cold visit,
    /// before the commune list or its catalog is in memory (issue 9).
    pub landing_commune: RwSignal<Option<CommuneSummary>>,
    /// The sync notice.
    pub sync: RwSignal<SyncStatus>,
    /// When data last came from the server (ms since epoch).
    pub last_synced: RwSignal<Option<f64>>,
    /// Whether the browser is online.
    pub online: RwSignal<bool>,
    /// False when IndexedDB is unavailable (the app then runs from memory).
    pub storage_ok: RwSignal<bool>,
    /// Bumped whenever a draft changes outside the page showing it (outbox, other tabs).
    pub drafts_rev: RwSignal<u64>,
    /// Outbox items not yet done (mirrored in `body[data-outbox-pending]`).
    pub outbox_pending: RwSignal<usize>,
    /// The latest outbox message per draft id (why it is not sent yet).
    pub outbox_notices: RwSignal<HashMap<String, motcua_domain::Localized>>,
    /// A new version of the app is waiting: the update banner offers a reload (issue 9).
    pub update_ready: RwSignal<bool>,
    /// Opening the database waits for another tab to close it (issue 9).
    pub storage_blocked: RwSignal<bool>,
    /// The router is fetching the next page's code (a lazily loaded wasm part, issue 9).
    pub routing: RwSignal<bool>,
    /// A search box was used: from then on `search` is kept built (see
    /// [`crate::hooks::use_search_indexes`]). Until then no index is built, so a page without
    /// search (a guide, a QR landing) does not pay for it while it starts.
    pub search_wanted: RwSignal<bool>,
    /// The search index's code (a lazily loaded wasm part) could not be fetched: search says so
    /// and offers to try again, which sets this back to `false`.
    pub search_failed: RwSignal<bool>,
}

/// `<html lang>` of the page.
fn document_lang() -> Option<String> {
    web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute("lang")
}

impl AppState {
    /// Fresh state, with language and commune remembered from `localStorage`. Without a
    /// remembered language, the page's own (`<html lang>`: a landing page the server rendered
    /// speaks the language of the app's cookie; the shell says `vi`).
    pub fn new() -> Self {
        let lang = local_get(LANG_KEY).or_else(document_lang);
        Self {
            lang: RwSignal::new(lang.map_or(Lang::Vi, |l| Lang::from_tag(&l))),
            communes: RwSignal::new(None),
            communes_failed: RwSignal::new(false),
            chosen: RwSignal::new(local_get(COMMUNE_KEY).filter(|c| !c.is_empty())),
            catalogs: RwSignal::new(HashMap::new()),
            search: RwSignal::new(HashMap::new()),
            catalog_fetch: RwSignal::new(HashMap::new()),
            first_procedure: RwSignal::new(None),
            landing_commune: RwSignal::new(None),
            sync: RwSignal::new(SyncStatus::Idle),
            last_synced: RwSignal::new(None),
            online: RwSignal::new(navigator_online()),
            storage_ok: RwSignal::new(true),
            drafts_rev: RwSignal::new(0),
            outbox_pending: RwSignal::new(0),
            outbox_notices: RwSignal::new(HashMap::new()),
            update_ready: RwSignal::new(false),
            storage_blocked: RwSignal::new(false),
            routing: RwSignal::new(false),
            search_wanted: RwSignal::new(false),
            search_failed: RwSignal::new(false),
        }
    }

    /// Turns storage notices into the update banner: another tab's newer version sets
    /// [`Self::update_ready`]; an open waiting for other tabs sets [`Self::storage_blocked`].
    pub fn follow_storage_notices(self) -> notice::Subscription {
        notice::listen(move |n| {
            let _ = match n {
                Notice::Blocked => self.storage_blocked.try_set(true),
                Notice::Unblocked => self.storage_blocked.try_set(false),
                Notice::NewerVersionElsewhere => self.update_ready.try_set(true),
            };
        })
    }

    /// Sets and remembers the UI language, and updates `<html lang>`.
    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
        local_set(LANG_KEY, lang.tag());
        set_document_lang(lang.tag());
    }

    /// Asks for the search indexes (a search box got the focus, or a query is shown).
    pub fn want_search(self) {
        if !self.search_wanted.get_untracked() {
            self.search_wanted.set(true);
        }
    }

    /// Remembers `code` as the user's commune.
    pub fn choose(self, code: &str) {
        local_set(COMMUNE_KEY, code);
        self.chosen.set(Some(code.to_owned()));
    }

    /// The list entry of commune `code`, when the list is loaded and has it.
    pub fn commune_summary(self, code: &str) -> Option<CommuneSummary> {
        self.communes.with(|list| {
            list.as_ref()
                .and_then(|l| l.iter().find(|c| c.code.as_str() == code).cloned())
        })
    }

    /// True once the list is loaded and does not contain `code`.
    pub fn commune_unknown(self, code: &str) -> bool {
        self.communes.with(|list| {
            list.as_ref()
                .is_some_and(|l| !l.iter().any(|c| c.code.as_str() == code))
        })
    }

    /// The display name of commune `code` (falls back to the code).
    pub fn commune_name(self, code: &str) -> String {
        if let Some(name) = self
            .catalogs
            .with(|m| m.get(code).map(|c| c.commune.summary.name_vi.clone()))
        {
            return name;
        }
        self.commune_summary(code)
            .or_else(|| {
                self.landing_commune
                    .with(|c| c.as_ref().filter(|c| c.code.as_str() == code).cloned())
            })
            .map_or_else(|| code.to_owned(), |c| c.name_vi)
    }

    /// Procedure `code` as commune `commune` offers it: from the commune's catalog once it is in
    /// memory, before that from [`Self::first_procedure`].
    pub fn procedure(self, commune: &str, code: &str) -> Option<Procedure> {
        let from_catalog = self.catalogs.with(|m| {
            m.get(commune).map(|c| {
                c.procedures
                    .iter()
                    .find(|p| p.code.as_str() == code)
                    .cloned()
            })
        });
        from_catalog.unwrap_or_else(|| {
            self.first_procedure.with(|first| {
                first
                    .as_ref()
                    .filter(|(c, p)| c == commune && p.code.as_str() == code)
                    .map(|(_, p)| p.clone())
            })
        })
    }

    /// The load state of commune `code`'s catalog.
    pub fn catalog_state(self, code: &str) -> Fetch {
        if self.catalogs.with(|m| m.contains_key(code)) {
            return Fetch::Done;
        }
        self.catalog_fetch
            .with(|m| m.get(code).copied())
            .unwrap_or(Fetch::Loading)
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// The app state from context (panics outside the app, a programming error).
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
