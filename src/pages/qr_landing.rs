//! `/q/:token`: where a QR code from the office wall lands.
//!
//! The target is shown in place, as fast as the phone can: from a stored catalog's QR links
//! when the phone has the commune, else from this token's saved landing (IndexedDB meta
//! `qr/{token}`), else from `GET /api/v1/q/{token}`, which embeds the content (procedure,
//! office, official, notice) so it shows before the app's full sync; that answer is saved, so
//! the same code opens offline afterwards. Unknown and retired codes get a helpful page with
//! search and the office phone — never a blank screen.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use motcua_domain::commune::tel_uri;
use motcua_domain::qr::{QrLanding, QrStatus, QrTarget, QrToken};
use motcua_domain::Commune;

use crate::hooks::use_watch;
use crate::i18n::{t, Msg};
use crate::pages::office::OfficeDetails;
use crate::pages::procedure::Guide;
use crate::state::{use_app, AppState};
use crate::storage;
use crate::sync::pull::{fetch_qr, PullError};
use crate::util::navigator_online;

/// The meta key of a saved landing.
fn meta_key(token: &QrToken) -> String {
    format!("qr/{token}")
}

/// Where the landing is.
#[derive(Debug, Clone, PartialEq)]
enum View {
    Loading,
    Ready(Box<QrLanding>),
    /// Nothing stored and no answer from the server.
    Unreachable,
}

/// The QR landing page.
#[component]
pub fn QrLandingPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let raw = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let view = RwSignal::new(View::Loading);
    use_watch(move || {
        let raw = raw.get();
        view.set(View::Loading);
        leptos::task::spawn_local(async move {
            let result = match QrToken::parse(&raw) {
                Ok(token) => load(state, token).await,
                Err(_) => View::Ready(Box::new(QrLanding::unknown(
                    QrToken::generate(0), // never shown: only the status matters
                ))),
            };
            let _ = view.try_set(result);
        });
    });
    move || {
        match view.get() {
        View::Loading => view! {
            <h1 class="app-heading-xl app-status" role="status" tabindex="-1">{move || t(Msg::QrLoading, state.lang.get())}</h1>
        }
        .into_any(),
        View::Unreachable => view! { <Help status=None commune=None offline=true/> }.into_any(),
        View::Ready(landing) => render(*landing),
    }
    }
}

/// Resolves `token`: stored catalog, saved landing, then the server.
async fn load(state: AppState, token: QrToken) -> View {
    let from_memory = state
        .catalogs
        .with_untracked(|m| m.values().find_map(|c| QrLanding::from_catalog(c, &token)));
    if let Some(landing) = from_memory {
        return View::Ready(Box::new(landing));
    }
    let db = storage::shared().await;
    if let Some(db) = &db {
        if let Some(code) = state.chosen.get_untracked() {
            if let Ok(Some(catalog)) = db.load_catalog(&code).await {
                if let Some(landing) = QrLanding::from_catalog(&catalog, &token) {
                    return View::Ready(Box::new(landing));
                }
            }
        }
        let saved = db
            .get_meta(&meta_key(&token))
            .await
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<QrLanding>(&json).ok());
        if let Some(landing) = saved {
            if let Some(commune) = &landing.commune {
                state.landing_commune.set(Some(commune.summary.clone()));
            }
            return View::Ready(Box::new(landing));
        }
    }
    if !navigator_online() {
        return View::Unreachable;
    }
    match fetch_qr(token.as_str()).await {
        Ok(landing) => {
            if let (Some(db), Ok(json)) = (&db, serde_json::to_string(&landing)) {
                let _ = db.set_meta(&meta_key(&token), &json).await;
            }
            if let Some(commune) = &landing.commune {
                state.landing_commune.set(Some(commune.summary.clone()));
                let code = commune.summary.code.to_string();
                // A first scan on a fresh phone: this is the visitor's commune. Its catalog
                // (with every QR link) syncs in the background, once the landing is shown.
                if state.chosen.get_untracked().is_none() {
                    state.choose(&code);
                }
                leptos::task::spawn_local(async move {
                    crate::sync::first_screen_shown().await;
                    crate::sync::ensure_catalog(state, code);
                });
            }
            View::Ready(Box::new(landing))
        }
        Err(PullError::Status(400 | 404)) => View::Ready(Box::new(QrLanding::unknown(token))),
        Err(_) => View::Unreachable,
    }
}

fn render(landing: QrLanding) -> AnyView {
    let (status, commune) = (landing.status, landing.commune.clone());
    let link = match (&landing.link, status) {
        (Some(link), QrStatus::Found) => link.clone(),
        _ => return view! { <Help status=Some(status) commune offline=false/> }.into_any(),
    };
    let Some(commune) = commune else {
        return view! { <Help status=Some(QrStatus::Unknown) commune=None offline=false/> }
            .into_any();
    };
    let code = commune.summary.code.to_string();
    let body = match &link.target {
        QrTarget::Procedure { .. } | QrTarget::StartForm { .. } => match landing.procedure.clone() {
            Some(procedure) => {
                let back = format!("/procedures?commune={code}");
                view! { <Guide procedure commune=code back/> }.into_any()
            }
            None => {
                view! { <Help status=Some(QrStatus::Retired) commune=Some(commune) offline=false/> }
                    .into_any()
            }
        },
        QrTarget::Office => view! { <OfficeDetails commune/> }.into_any(),
        QrTarget::Official { .. } => match landing.official().cloned() {
            Some(member) => view! { <Official member commune/> }.into_any(),
            None => {
                view! { <Help status=Some(QrStatus::Retired) commune=Some(commune) offline=false/> }
                    .into_any()
            }
        },
        QrTarget::Notice { title, body } => {
            view! { <Notice title=title.clone() body=body.clone() commune/> }.into_any()
        }
    };
    view! { <div class="app-qr" data-qr-status="found">{body}</div> }.into_any()
}

/// A name tag's official: name, role, desk, call and "rate this official".
#[component]
fn Official(member: motcua_domain::StaffMember, commune: Commune) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let code = commune.summary.code.to_string();
    let rate = format!("/rate?commune={code}&official={}", member.id);
    let role = member.role.clone();
    let desk = member.desk.clone();
    view! {
        <Title text=member.name.clone()/>
        <p class="app-caption">{move || tr(Msg::QrOfficialCaption)} " · " {commune.summary.name_vi.clone()}</p>
        <h1 class="app-heading-xl" tabindex="-1">{member.name.clone()}</h1>
        <p class="app-lead">{move || role.get(state.lang.get().english()).to_owned()}</p>
        {desk.map(|d| view! { <p class="app-body">{move || tr(Msg::Desk)} " " {d.clone()}</p> })}
        <div class="app-button-group">
            <a class="app-button" href=tel_uri(&member.phone)>
                <span aria-hidden="true">"☎ "</span>{move || tr(Msg::QrCall)} " " {member.phone.clone()}
            </a>
            <a class="app-button app-button--secondary" href=rate>{move || tr(Msg::QrRate)}</a>
        </div>
        <p class="app-back"><a class="app-link" href=format!("/c/{code}")>{move || tr(Msg::QrOpenOffice)}</a></p>
    }
}

/// A free text notice (e.g. the office wifi).
#[component]
fn Notice(
    title: motcua_domain::Localized,
    body: motcua_domain::Localized,
    commune: Commune,
) -> impl IntoView {
    let state = use_app();
    let en = move || state.lang.get().english();
    let heading = title.clone();
    let code = commune.summary.code.to_string();
    view! {
        <Title text=move || title.get(en()).to_owned()/>
        <p class="app-caption">{move || t(Msg::QrNoticeCaption, state.lang.get())} " · " {commune.summary.name_vi.clone()}</p>
        <h1 class="app-heading-xl" tabindex="-1">{move || heading.get(en()).to_owned()}</h1>
        <p class="app-body app-notice-text">{move || body.get(en()).to_owned()}</p>
        <p class="app-back"><a class="app-link" href=format!("/c/{code}")>{move || t(Msg::QrOpenOffice, state.lang.get())}</a></p>
    }
}

/// The helpful page of an unknown, retired or unreachable code: search, the office phone
/// (of the code's commune, else the remembered one), and scanning again.
#[component]
fn Help(status: Option<QrStatus>, commune: Option<Commune>, offline: bool) -> impl IntoView {
    let state = use_app();
    let tr = move |m: Msg| t(m, state.lang.get());
    let title = match status {
        Some(QrStatus::Retired) => Msg::QrRetiredTitle,
        _ => Msg::QrUnknownTitle,
    };
    let data = match (status, offline) {
        (_, true) => "offline",
        (Some(QrStatus::Retired), _) => "retired",
        _ => "unknown",
    };
    let commune = commune.or_else(|| {
        let chosen = state.chosen.get_untracked()?;
        state
            .catalogs
            .with_untracked(|m| m.get(&chosen).map(|c| c.commune.clone()))
    });
    let search = commune.as_ref().map_or_else(
        || "/procedures".to_owned(),
        |c| format!("/procedures?commune={}", c.summary.code),
    );
    let phone = commune.as_ref().and_then(|c| {
        let phone = c.office.phone.clone()?;
        Some((phone, c.summary.name_vi.clone()))
    });
    let office = commune.as_ref().map(|c| format!("/c/{}", c.summary.code));
    view! {
        <div class="app-qr" data-qr-status=data>
            <Title text=move || tr(title)/>
            <h1 class="app-heading-xl" tabindex="-1">{move || tr(title)}</h1>
            <p class="app-body">{move || tr(if offline { Msg::QrOfflineBody } else { Msg::QrHelpBody })}</p>
            <div class="app-button-group">
                <a class="app-button" href=search>{move || tr(Msg::QrSearchProcedures)}</a>
                {phone.map(|(p, name)| view! {
                    <a class="app-button app-button--secondary app-tel" href=tel_uri(&p)>
                        <span aria-hidden="true">"☎ "</span>{move || tr(Msg::QrCallOffice)} " " {name.clone()} ": " {p.clone()}
                    </a>
                })}
            </div>
            <ul class="app-link-list">
                {office.map(|href| view! { <li><a class="app-link" href=href>{move || tr(Msg::QrOpenOffice)}</a></li> })}
                <li><a class="app-link" href="/scan">{move || tr(Msg::QrScanAgain)}</a></li>
                <li><a class="app-link" href="/">{move || tr(Msg::GoHome)}</a></li>
            </ul>
        </div>
    }
}
