//! The page frame: skip link, header with the commune and language toggle, nav, sync notice,
//! main, footer with the last sync time (or "updating") and the online indicator.

use leptos::prelude::*;

use crate::components::{focus_id, LangToggle, UpdateBanner};
use crate::hooks::{use_focus_h1_on_navigation, use_online_sync};
use crate::i18n::{t, Msg};
use crate::state::{use_app, SyncStatus};
use crate::text::format_timestamp;

/// Wraps every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let state = use_app();
    use_online_sync(state);
    use_focus_h1_on_navigation(state.routing.read_only());
    crate::ssr::use_take_over_on_navigation();
    let tr = move |m: Msg| t(m, state.lang.get());
    let commune = move || state.chosen.get().map(|code| state.commune_name(&code));
    // The page itself in the next task: on a slow phone the first mount (the frame, then the
    // page) is then two shorter tasks instead of one long one. In a new renderer process most of
    // that mount is V8 compiling the wasm functions it runs for the first time, so it adds up:
    // blocking time at CPU ×4, medians of 5 (`e2e/bench/boot-long-tasks.mjs`, docs/NUMBERS.md):
    // `/` 260 → 143 ms, a guide link 276 → 107 ms, a returning draft 301 → 189 ms. The footer
    // starts below the fold (`.app-main` is at least a screen tall), so nothing visible moves.
    let page = StoredValue::new_local(Some(children));
    let page_shown = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::sync::yield_to_browser().await;
        page_shown.try_set(true);
    });
    let page_view = move || {
        page_shown
            .get()
            .then(|| page.try_update_value(Option::take).flatten().map(|c| c()))
            .flatten()
    };
    let office_href = move || {
        state
            .chosen
            .get()
            .map_or_else(|| "/".to_owned(), |c| format!("/c/{c}"))
    };
    view! {
        // The router would treat "#main" as a navigation and focus would stay on the link:
        // move it to main ourselves (issue 9: the skip link's target gets the focus).
        <a class="app-skip-link" href="#main" on:click=|ev| {
            ev.prevent_default();
            focus_id("main");
        }>{move || tr(Msg::SkipLink)}</a>
        <header class="app-header">
            <div class="app-header__inner app-width">
                <a class="app-header__brand" href="/">
                    <span class="app-header__logo" aria-hidden="true"></span>
                    <span class="app-header__name">{move || tr(Msg::AppName)}</span>
                </a>
                <LangToggle/>
            </div>
            <div class="app-header__commune app-width">
                {move || commune().map(|name| view! { <span class="app-header__commune-name">{name}</span> })}
                {move || commune().is_none().then(|| view! { <span>{tr(Msg::AppTagline)}</span> })}
            </div>
            <nav class="app-nav" aria-label=move || tr(Msg::NavLabel)>
                <ul class="app-nav__list app-width">
                    <li><a class="app-nav__link" href="/">{move || tr(Msg::NavHome)}</a></li>
                    <li><a class="app-nav__link" href="/procedures">{move || tr(Msg::NavProcedures)}</a></li>
                    <li><a class="app-nav__link" href=office_href>{move || tr(Msg::NavOffice)}</a></li>
                    <li><a class="app-nav__link" href="/drafts">{move || tr(Msg::NavDrafts)}</a></li>
                    <li><a class="app-nav__link" href="/track">{move || tr(Msg::NavTrack)}</a></li>
                    <li><a class="app-nav__link" href="/scan">{move || tr(Msg::NavScan)}</a></li>
                </ul>
            </nav>
        </header>
        // `aria-busy` while the next page's code loads (a thin bar at the top, style/layout.css).
        <main
            id="main"
            class="app-main app-width"
            tabindex="-1"
            aria-busy=move || state.routing.get().then_some("true")
        >
            <UpdateBanner/>
            <div class="app-notice" role="status" aria-live="polite">
                {move || {
                    let lang = state.lang.get();
                    // "Updating data…" goes to the footer (below the fold): a notice that comes
                    // and goes above the page on every sync shifted the content (CLS).
                    let sync = match state.sync.get() {
                        SyncStatus::Syncing => None,
                        other => other.notice(lang),
                    };
                    let storage = (!state.storage_ok.get()).then(|| t(Msg::StorageUnavailable, lang));
                    sync.or(storage).map(|text| view! { <p class="app-notice__text">{text}</p> })
                }}
            </div>
            {page_view}
        </main>
        <footer class="app-footer">
            <div class="app-width app-footer__inner">
                <p class="app-footer__sync">
                    {move || match (state.sync.get(), state.last_synced.get()) {
                        (SyncStatus::Syncing, _) => tr(Msg::SyncSyncing).to_owned(),
                        (_, Some(ms)) => format!("{} {}", tr(Msg::FooterUpdated), format_timestamp(ms)),
                        (_, None) => tr(Msg::FooterNeverSynced).to_owned(),
                    }}
                </p>
                <p
                    class="app-footer__online"
                    class:app-footer__online--off=move || !state.online.get()
                >
                    <span class="app-footer__dot" aria-hidden="true"></span>
                    {move || if state.online.get() { tr(Msg::Online) } else { tr(Msg::Offline) }}
                </p>
                <p class="app-footer__source">{move || tr(Msg::FooterSource)}</p>
            </div>
        </footer>
    }
}
