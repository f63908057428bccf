//! Routes a cold visit does not need, loaded when first visited.
//!
//! With the `split` feature each page here is a lazy route: its code (and whatever only it uses)
//! is a separate wasm part that the router fetches before it renders the page, and that the
//! service worker precaches for offline use. A QR landing or a procedure guide then downloads
//! only the code it shows. Without the feature (tests, `cargo check`) the same names render the
//! pages directly, so the route table in [`crate::App`] is written once.
//!
//! A part that cannot be fetched (a first visit that goes offline before the service worker has
//! precached the parts) shows [`PartMissing`] instead of stopping the app; Leptos's own
//! `#[lazy_route]` would panic there, so the split points are declared `fallible` here.

#[cfg(feature = "split")]
use leptos::prelude::*;

/// Declares `$route` with `$route::page()`, the view to give a `<Route>`; `$part` names the wasm
/// part its code goes to. `preloaded` also gives it `$route::preload_part()`, for
/// [`preload_route`] (each preloadable part adds its loader to the main module, so only the
/// pages a visit may start on in the shell have one).
macro_rules! split_page {
    ($(#[$doc:meta])* $route:ident => $page:ident in $part:ident) => {
        split_page!(@route $(#[$doc])* $route => $page in $part);

        #[cfg(feature = "split")]
        mod $part {
            use leptos::prelude::*;

            #[leptos::wasm_split::wasm_split($part, fallible, wasm_split_path = ::leptos::wasm_split)]
            pub(super) fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(view! { <super::super::$page/> }.into_any())
            }
        }
    };
    ($(#[$doc:meta])* $route:ident => $page:ident in $part:ident, preloaded) => {
        split_page!(@route $(#[$doc])* $route => $page in $part);

        /// The route's wasm part: its page, and fetching it before the router asks for it.
        #[cfg(feature = "split")]
        mod $part {
            use leptos::prelude::*;

            #[leptos::wasm_split::wasm_split($part, fallible, preload(preload), wasm_split_path = ::leptos::wasm_split)]
            pub(super) fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(view! { <super::super::$page/> }.into_any())
            }
        }

        impl $route {
            /// Fetches and instantiates the page's wasm part (nothing to do without `split`).
            /// A failure is left to the router, which shows [`PartMissing`].
            pub async fn preload_part() {
                #[cfg(feature = "split")]
                let _ = $part::preload().await;
            }
        }
    };
    (@route $(#[$doc:meta])* $route:ident => $page:ident in $part:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $route;

        #[cfg(feature = "split")]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $part::page()
                    .await
                    .unwrap_or_else(|_| view! { <PartMissing/> }.into_any())
            }
        }

        impl $route {
            /// The view for the route table: a lazy route when the wasm is split.
            #[cfg(feature = "split")]
            pub fn page() -> leptos_router::Lazy<$route> {
                leptos_router::Lazy::new()
            }

            /// The view for the route table: the page itself.
            #[cfg(not(feature = "split"))]
            pub fn page() -> impl Fn() -> leptos::prelude::AnyView + Clone + Send + 'static {
                || leptos::prelude::IntoAny::into_any(super::$page())
            }
        }
    };
}

split_page!(
    /// `/`: choosing a commune and searching its procedures (with the search box and its
    /// results, which no guide or QR landing shows).
    HomeRoute => HomePage in home_page, preloaded
);
split_page!(
    /// `/procedures`: a commune's procedures, searched or listed.
    ProceduresRoute => ProceduresPage in procedures_page, preloaded
);
split_page!(
    /// `/drafts`: the phone's drafts and submissions.
    DraftsRoute => DraftsPage in drafts_page, preloaded
);
split_page!(
    /// `/drafts/new?procedure=&commune=`: starts a draft (the link of a server-rendered guide).
    NewDraftRoute => NewDraftPage in new_draft_page, preloaded
);
split_page!(
    /// `/drafts/:id/:step?`: filling in a submission.
    DraftRoute => DraftPage in draft_page, preloaded
);
split_page!(
    /// `/track`: the receipt code form.
    TrackFormRoute => TrackFormPage in track_form_page
);
split_page!(
    /// `/track/:receipt`: a submission's status.
    TrackRoute => TrackPage in track_page
);
split_page!(
    /// `/scan`: the QR scanner.
    ScanRoute => ScanPage in scan_page
);
split_page!(
    /// `/rate`: rating the service.
    RateRoute => RatePage in rate_page
);
split_page!(
    /// `/stats`: the public dashboard.
    StatsRoute => StatsPage in stats_page
);
split_page!(
    /// `/stats/:commune`: one commune's figures.
    CommuneStatsRoute => CommuneStatsPage in commune_stats_page
);

/// Starts fetching the wasm part of the lazily loaded page at `path`, in a task of its own:
/// called before the first render, so that render (the app shell) and the dozen fetches and
/// instantiations of the part are two shorter tasks instead of one long one. The router then
/// finds the load under way. Only the pages a visit starts on in the app shell do this (the home
/// page, the procedure list, the drafts' pages, where a returning citizen starts); other paths do
/// nothing.
pub fn preload_route(path: &str) {
    let path = path.trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let load: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = match segments.as_slice() {
        [] | [""] => Box::pin(HomeRoute::preload_part()),
        ["procedures"] => Box::pin(ProceduresRoute::preload_part()),
        ["drafts"] => Box::pin(DraftsRoute::preload_part()),
        ["drafts", "new"] => Box::pin(NewDraftRoute::preload_part()),
        ["drafts", _] | ["drafts", _, _] => Box::pin(DraftRoute::preload_part()),
        _ => return,
    };
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        load.await;
    });
}

/// The page shown when a route's wasm part could not be fetched: what happened, that drafts are
/// safe, and a button that loads the page again.
#[cfg(feature = "split")]
#[component]
pub fn PartMissing() -> impl IntoView {
    use crate::i18n::{t, Msg};
    use leptos_meta::Title;

    let state = crate::state::use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <Title text=move || tr(Msg::PartMissingTitle)/>
        <h1 class="app-heading-xl" tabindex="-1">{move || tr(Msg::PartMissingTitle)}</h1>
        <p class="app-body">{move || tr(Msg::PartMissingBody)}</p>
        <p><button type="button" id="part-retry" class="app-button" on:click=reload>{move || tr(Msg::Retry)}</button></p>
        <ul class="app-link-list">
            <li><a class="app-link" href="/">{move || tr(Msg::GoHome)}</a></li>
        </ul>
    }
}
