//! The markup of the server-rendered landing pages: the app's frame (skip link, header, nav,
//! main, footer) and a procedure guide, the same elements and classes the app renders
//! (`src/components/layout.rs`, `src/pages/procedure.rs`), so the app takes over in place.

use maud::{html, Markup};
use motcua_domain::commune::tel_uri;
use motcua_domain::i18n::{checklist_progress, t, working_days, Lang, Msg};
use motcua_domain::procedure::split_source;
use motcua_domain::{Commune, CommuneSummary, Localized, Procedure, StaffMember};

/// The whole body: `#ssr` wraps what the app replaces once it has rendered the same page.
///
/// `commune` is the one the header names (the app's chosen commune; `None`: the tagline).
/// `until` is a CSS selector the app's page must match before it takes over (a page whose
/// heading the app shows before its data, e.g. the dashboard); `None`: the same heading, or a
/// guide's facts (see the app's `ssr` module).
pub fn body(
    lang: Lang,
    commune: Option<&CommuneSummary>,
    until: Option<&str>,
    main: Markup,
) -> Markup {
    let tr = |m: Msg| t(m, lang);
    let office = commune.map_or_else(|| "/".to_owned(), |c| format!("/c/{}", c.code));
    html! {
        div id="ssr" data-until=[until] {
            a class="app-skip-link" href="#main" { (tr(Msg::SkipLink)) }
            header class="app-header" {
                div class="app-header__inner app-width" {
                    a class="app-header__brand" href="/" {
                        span class="app-header__logo" aria-hidden="true" {}
                        span class="app-header__name" { (tr(Msg::AppName)) }
                    }
                    (lang_toggle(lang))
                }
                div class="app-header__commune app-width" {
                    @match commune {
                        Some(c) => span class="app-header__commune-name" { (c.name_vi) },
                        None => span { (tr(Msg::AppTagline)) },
                    }
                }
                nav class="app-nav" aria-label=(tr(Msg::NavLabel)) {
                    ul class="app-nav__list app-width" {
                        li { a class="app-nav__link" href="/" { (tr(Msg::NavHome)) } }
                        li { a class="app-nav__link" href="/procedures" { (tr(Msg::NavProcedures)) } }
                        li { a class="app-nav__link" href=(office) { (tr(Msg::NavOffice)) } }
                        li { a class="app-nav__link" href="/drafts" { (tr(Msg::NavDrafts)) } }
                        li { a class="app-nav__link" href="/track" { (tr(Msg::NavTrack)) } }
                        li { a class="app-nav__link" href="/scan" { (tr(Msg::NavScan)) } }
                    }
                }
            }
            main id="main" class="app-main app-width" tabindex="-1" {
                div class="app-notice" role="status" aria-live="polite" {}
                (main)
            }
            footer class="app-footer" {
                div class="app-width app-footer__inner" {
                    p class="app-footer__sync" { (tr(Msg::SyncSyncing)) }
                    p class="app-footer__online" {
                        span class="app-footer__dot" aria-hidden="true" {}
                        (tr(Msg::Online))
                    }
                    p class="app-footer__source" { (tr(Msg::FooterSource)) }
                }
            }
        }
    }
}

/// The language toggle; it works once the app has taken the page over (a second or two).
fn lang_toggle(lang: Lang) -> Markup {
    html! {
        button id="lang-toggle" type="button" class="app-lang-toggle"
            aria-pressed=(if lang.english() { "true" } else { "false" })
            title=(t(Msg::LangToggleTitle, lang)) {
            span class="app-lang-toggle__option app-lang-toggle__option--vi" aria-hidden="true" { "VI" }
            span class="app-lang-toggle__option app-lang-toggle__option--en" lang="en" { "English" }
        }
    }
}

/// The guide of `procedure` as `commune` offers it.
pub fn guide(lang: Lang, procedure: &Procedure, commune: &Commune) -> Markup {
    let tr = |m: Msg| t(m, lang);
    let en = lang.english();
    let code = &commune.summary.code;
    let fee_text = procedure.fee.get(en);
    let fee_short = procedure.fee_short(en);
    let time_text = procedure.processing_time.get(en);
    let time_short = procedure.processing_days.map(|d| working_days(d, lang));
    let (url, rest) = split_source(&procedure.source);
    html! {
        p class="app-caption" { (procedure.field.get(en)) }
        h1 class="app-heading-xl" tabindex="-1" { (procedure.name.get(en)) }
        p class="app-meta" {
            (tr(Msg::Code)) ": " span class="app-code" { (procedure.code) }
            " · " (commune.summary.name_vi)
        }
        dl class="app-facts" {
            div class="app-facts__item" {
                dt class="app-facts__key" { (tr(Msg::Fee)) }
                dd class="app-facts__value" { (fee_short.as_deref().unwrap_or(fee_text)) }
                @if fee_short.as_deref().is_some_and(|s| s != fee_text) {
                    dd class="app-facts__detail" { (fee_text) }
                }
            }
            div class="app-facts__item" {
                dt class="app-facts__key" { (tr(Msg::ProcessingTime)) }
                dd class="app-facts__value" { (time_short.as_deref().unwrap_or(time_text)) }
                @if time_short.is_some() {
                    dd class="app-facts__detail" { (time_text) }
                }
            }
        }
        @if motcua_domain::forms::has_form(&procedure.code) {
            div class="app-start" {
                p class="app-body" { (tr(Msg::StartHint)) }
                // The same link as the app's page: `/drafts/new` starts the draft.
                a id="start-draft" class="app-button app-button--start"
                    href={ "/drafts/new?procedure=" (procedure.code) "&commune=" (code) } {
                    (tr(Msg::StartApplication)) " →"
                }
            }
        }
        h2 class="app-heading-m" { (tr(Msg::Documents)) }
        @if procedure.documents.is_empty() {
            p class="app-body" { (tr(Msg::NoDocuments)) }
        } @else {
            div class="app-checklist-block" {
                p class="app-checklist__hint" { (tr(Msg::ChecklistHint)) }
                p class="app-checklist__progress" role="status" {
                    (checklist_progress(0, procedure.documents.len(), lang))
                }
                ul class="app-checklist" {
                    @for doc in &procedure.documents {
                        li class="app-checklist__item" {
                            input class="app-checklist__input" type="checkbox"
                                id={ "doc-" (doc.id) } data-doc-id=(doc.id);
                            label class="app-checklist__label" for={ "doc-" (doc.id) } {
                                span class="app-checklist__text" { (doc.text.get(en)) }
                                @if doc.show_only {
                                    span class="app-tag" { (tr(Msg::ShowOnly)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(note) = &procedure.local_note {
            div class="app-callout" {
                h2 class="app-heading-s" { (tr(Msg::LocalNote)) }
                p { (note.get(en)) }
            }
        }
        h2 class="app-heading-m" { (tr(Msg::SubmitAt)) }
        p class="app-body" { (procedure.submit_at.get(en)) }
        h2 class="app-heading-m" { (tr(Msg::Result)) }
        p class="app-body" { (procedure.result.get(en)) }
        @if !procedure.legal_basis.is_empty() {
            h2 class="app-heading-m" { (tr(Msg::LegalBasis)) }
            ul class="app-bullets" { @for l in &procedure.legal_basis { li { (l) } } }
        }
        h2 class="app-heading-m" { (tr(Msg::Source)) }
        @match url {
            Some(url) => p class="app-small" {
                a class="app-link" href=(url) rel="noopener" { (url.split('/').nth(2).unwrap_or(url)) }
                " " (rest)
            },
            None => p class="app-small" { (rest) },
        }
        @if let Some(d) = &procedure.decision {
            p class="app-small" { (tr(Msg::Decision)) ": " (d) }
        }
        p class="app-back" {
            a class="app-link" href={ "/procedures?commune=" (code) } { "← " (tr(Msg::AllProcedures)) }
        }
    }
}

/// A QR landing on a procedure: the guide in the app's QR frame.
pub fn qr_guide(lang: Lang, procedure: &Procedure, commune: &Commune) -> Markup {
    html! { div class="app-qr" data-qr-status="found" { (guide(lang, procedure, commune)) } }
}

/// A QR landing on an official's name tag: name, role, desk, call and "rate this official" (as
/// the app's `Official` in `src/pages/qr_landing.rs`).
pub fn qr_official(lang: Lang, member: &StaffMember, commune: &Commune) -> Markup {
    let tr = |m: Msg| t(m, lang);
    let code = &commune.summary.code;
    html! {
        div class="app-qr" data-qr-status="found" {
            p class="app-caption" { (tr(Msg::QrOfficialCaption)) " · " (commune.summary.name_vi) }
            h1 class="app-heading-xl" tabindex="-1" { (member.name) }
            p class="app-lead" { (member.role.get(lang.english())) }
            @if let Some(desk) = &member.desk {
                p class="app-body" { (tr(Msg::Desk)) " " (desk) }
            }
            div class="app-button-group" {
                a class="app-button" href=(tel_uri(&member.phone)) {
                    span aria-hidden="true" { "☎ " } (tr(Msg::QrCall)) " " (member.phone)
                }
                a class="app-button app-button--secondary"
                    href={ "/rate?commune=" (code) "&official=" (member.id) } { (tr(Msg::QrRate)) }
            }
            p class="app-back" { a class="app-link" href={ "/c/" (code) } { (tr(Msg::QrOpenOffice)) } }
        }
    }
}

/// A QR landing on a notice (e.g. the office wifi), as the app's `Notice`.
pub fn qr_notice(lang: Lang, title: &Localized, body: &Localized, commune: &Commune) -> Markup {
    let tr = |m: Msg| t(m, lang);
    let en = lang.english();
    html! {
        div class="app-qr" data-qr-status="found" {
            p class="app-caption" { (tr(Msg::QrNoticeCaption)) " · " (commune.summary.name_vi) }
            h1 class="app-heading-xl" tabindex="-1" { (title.get(en)) }
            p class="app-body app-notice-text" { (body.get(en)) }
            p class="app-back" {
                a class="app-link" href={ "/c/" (commune.summary.code) } { (tr(Msg::QrOpenOffice)) }
            }
        }
    }
}
