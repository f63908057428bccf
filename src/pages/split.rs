//! Routes a cold visit does not need, loaded when first visited.
//!
//! With the `split` feature each page here is a Leptos lazy route: its code (and whatever only it
//! uses) is a separate wasm part that the router fetches before it renders the page, and that the
//! service worker precaches for offline use. A QR landing or a procedure guide then downloads
//! only the code it shows. Without the feature (tests, `cargo check`) the same names render the
//! pages directly, so the route table in [`crate::App`] is written once.

#[cfg(feature = "split")]
use leptos::prelude::*;

/// Declares `$route` with `$route::page()`, the view to give a `<Route>`.
macro_rules! split_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $route;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <super::$page/> }.into_any()
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
    /// `/drafts`: the phone's drafts and submissions.
    DraftsRoute => DraftsPage
);
split_page!(
    /// `/drafts/:id/:step?`: filling in a submission.
    DraftRoute => DraftPage
);
split_page!(
    /// `/track`: the receipt code form.
    TrackFormRoute => TrackFormPage
);
split_page!(
    /// `/track/:receipt`: a submission's status.
    TrackRoute => TrackPage
);
split_page!(
    /// `/scan`: the QR scanner.
    ScanRoute => ScanPage
);
split_page!(
    /// `/rate`: rating the service.
    RateRoute => RatePage
);
split_page!(
    /// `/stats`: the public dashboard.
    StatsRoute => StatsPage
);
split_page!(
    /// `/stats/:commune`: one commune's figures.
    CommuneStatsRoute => CommuneStatsPage
);
