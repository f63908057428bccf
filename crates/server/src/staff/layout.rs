//! The page frame of the staff workspace: skip link, header with navigation by role, language
//! toggle, sign-out; one stylesheet (`/staff/static/staff.css`), no scripts.

use maud::{html, Markup, DOCTYPE};

use super::session::Staff;
use super::text::{t, Lang, T};

/// The hidden CSRF field of a form.
pub fn csrf_field(staff: &Staff) -> Markup {
    html! { input type="hidden" name=(super::csrf::FIELD) value=(staff.csrf); }
}

/// A `<form method=post>` carrying the CSRF token.
pub fn post_form(staff: &Staff, action: &str, body: Markup) -> Markup {
    html! {
        form method="post" action=(action) {
            (csrf_field(staff))
            (body)
        }
    }
}

/// An error summary (GOV.UK style) listing problems, focusable target of the page.
pub fn error_summary(lang: Lang, problems: &[String]) -> Markup {
    html! {
        @if !problems.is_empty() {
            div class="error-summary" role="alert" aria-labelledby="error-summary-title" {
                h2 id="error-summary-title" { (t(T::ErrorSummary, lang)) }
                ul { @for p in problems { li { (p) } } }
            }
        }
    }
}

/// A notice that something worked.
pub fn notice(text: Option<&str>) -> Markup {
    html! { @if let Some(text) = text { p class="notice" role="status" { (text) } } }
}

/// A page without navigation (sign-in, errors).
pub fn bare_page(title: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (t(T::AppName, Lang::Vi)) }
                link rel="stylesheet" href="/staff/static/staff.css";
            }
            body {
                a class="skip-link" href="#main" { (t(T::SkipToContent, Lang::Vi)) }
                header class="staff-header" {
                    p class="brand" { (t(T::AppName, Lang::Vi)) }
                }
                main id="main" tabindex="-1" { (main) }
            }
        }
    }
}

/// A signed-in page; `path` is the current path (for the language toggle and `aria-current`).
pub fn page(staff: &Staff, path: &str, title: &str, main: Markup) -> Markup {
    let lang = staff.lang;
    let mut links = vec![
        ("/staff", T::NavHome),
        ("/staff/inbox", T::NavInbox),
        ("/staff/feedback", T::NavFeedback),
    ];
    if staff.is_leader() {
        links.extend([
            ("/staff/office", T::NavOffice),
            ("/staff/procedures", T::NavProcedures),
            ("/staff/templates", T::NavTemplates),
            ("/staff/holidays", T::NavHolidays),
            ("/staff/qr", T::NavQr),
        ]);
    }
    if staff.is_admin() {
        links.push(("/staff/accounts", T::NavAccounts));
    }
    let other = lang.other();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (t(T::AppName, lang)) }
                link rel="stylesheet" href="/staff/static/staff.css";
            }
            body {
                a class="skip-link" href="#main" { (t(T::SkipToContent, lang)) }
                header class="staff-header" {
                    p class="brand" { a href="/staff" { (t(T::AppName, lang)) } }
                    nav aria-label=(t(T::MainNav, lang)) {
                        ul {
                            @for (href, label) in &links {
                                li {
                                    @if *href == path {
                                        a href=(href) aria-current="page" { (t(*label, lang)) }
                                    } @else {
                                        a href=(href) { (t(*label, lang)) }
                                    }
                                }
                            }
                        }
                    }
                    div class="account" {
                        p {
                            (t(T::SignedInAs, lang)) " " strong { (staff.account.name) }
                        }
                        a href={ "/staff/lang?to=" (other.code()) "&back=" (path) }
                            lang=(other.code()) hreflang=(other.code()) { (t(T::OtherLanguage, lang)) }
                        (post_form(staff, "/staff/logout", html! {
                            button type="submit" class="link-button" { (t(T::SignOut, lang)) }
                        }))
                    }
                }
                main id="main" tabindex="-1" { (main) }
            }
        }
    }
}
