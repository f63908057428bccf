//! # motcua — the browser app
//!
//! An offline-first Leptos (CSR) app that brings a Hải Phòng commune's one-stop office into the
//! citizen's phone.
//!
//! - [`pages`]: one file per route; thin, they read [`state`] through [`hooks`];
//! - [`storage`]: IndexedDB (versioned [`storage::schema`]);
//! - [`sync`]: pulls from `/api/v1` into storage and state;
//! - [`i18n`]: the typed Vietnamese/English message catalogue;
//! - `public/sw.js`: the service worker that makes the app shell work offline.

pub mod components;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod scanner;
pub mod ssr;
pub mod state;
pub mod storage;
pub mod sw;
pub mod sync;
pub mod text;
pub mod util;
pub mod web;

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::Layout;
use pages::split::{
    CommuneStatsRoute, DraftRoute, DraftsRoute, HomeRoute, NewDraftRoute, ProceduresRoute,
    RateRoute, ScanRoute, StatsRoute, TrackFormRoute, TrackRoute,
};
use pages::{NotFoundPage, OfficePage, ProcedurePage, QrLandingPage};
use state::AppState;

/// The whole app: state, router and layout. Provide an [`AppState`] first when mounting
/// parts of it in tests.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let state = use_context::<AppState>().unwrap_or_else(|| {
        let state = AppState::new();
        provide_context(state);
        state
    });
    hooks::use_watch(move || util::set_document_lang(state.lang.get().tag()));
    // The server renders the home page and the dashboard with the chosen commune in the header.
    hooks::use_watch(move || {
        if let Some(code) = state
            .chosen
            .get()
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        {
            util::set_cookie("motcua_commune", &code);
        }
    });
    hooks::use_search_indexes(state);
    view! {
        <Router set_is_routing=state.routing.write_only()>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomeRoute::page()/>
                    <Route path=path!("/c/:commune") view=OfficePage/>
                    <Route path=path!("/procedures") view=ProceduresRoute::page()/>
                    <Route path=path!("/procedures/:code") view=ProcedurePage/>
                    <Route path=path!("/drafts") view=DraftsRoute::page()/>
                    <Route path=path!("/drafts/new") view=NewDraftRoute::page()/>
                    <Route path=path!("/drafts/:id/:step?") view=DraftRoute::page()/>
                    <Route path=path!("/track") view=TrackFormRoute::page()/>
                    <Route path=path!("/track/:receipt") view=TrackRoute::page()/>
                    <Route path=path!("/q/:token") view=QrLandingPage/>
                    <Route path=path!("/scan") view=ScanRoute::page()/>
                    <Route path=path!("/rate") view=RateRoute::page()/>
                    <Route path=path!("/stats") view=StatsRoute::page()/>
                    <Route path=path!("/stats/:commune") view=CommuneStatsRoute::page()/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Starts the app in the page: mounts [`App`] (in the next task), loads data, then registers the
/// service worker.
pub fn main() {
    console_error_panic_hook::set_once();
    let state = AppState::new();
    // Before anything opens storage: a blocked open or another tab's upgrade shows in the banner.
    state.follow_storage_notices().forever();
    let (path, search) = web_sys::window()
        .map(|w| {
            let l = w.location();
            (
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let wanted = sync::commune_from_url(&path, &search);
    // Claims the wanted commune's catalog before any page asks for it (see `sync::start`). The
    // outbox sends what earlier visits queued; it starts once the first screen is drawn (with
    // the `split` feature its code is a separate wasm part).
    let loading = sync::start(state, wanted, sync::FirstScreen::of(&path), move || {
        leptos::task::spawn_local(sync::outbox::start_deferred(state));
    });
    // A page a worker already controls registers at load: nothing is precached then, and the
    // update checks start at once. A first visit registers only after the first render from
    // fetched data: on a slow link the new worker's precache (icons, the scanner) would otherwise
    // compete with the page's own catalog request.
    let controlled =
        web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_some());
    if controlled {
        sw::register_after_load("/sw.js", state);
    }
    // A lazily loaded page's code starts loading in a task of its own, before the first render's.
    pages::split::preload_route(&path);
    // Not Leptos's `spawn_local`: its executor is set up by the mount below.
    wasm_bindgen_futures::spawn_local(async move {
        // The first render in a task of its own: on a slow phone, instantiating the wasm and
        // rendering the page are then two shorter tasks instead of one long one (the page stays
        // responsive, and a server-rendered landing page keeps answering taps meanwhile).
        gloo_timers::future::TimeoutFuture::new(0).await;
        leptos::mount::mount_to_body(move || {
            provide_context(state);
            view! { <App/> }
        });
        loading.await;
        if !controlled {
            // Not in the task that took over the server's page and marked the page ready.
            sync::yield_to_browser().await;
            sw::register_after_load("/sw.js", state);
        }
    });
}
