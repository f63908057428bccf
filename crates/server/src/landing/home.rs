//! The markup of `/`, the home page: the remembered commune, the procedure search and the list of
//! communes to choose from; the same elements and classes as the app's `HomePage`
//! (`src/pages/home.rs`), `SearchBox` and `CommuneChooser` (`src/components/`), so the app takes
//! it over in place.
//!
//! Before the takeover the search is a plain form (`GET /procedures?q=`) and the list's links
//! work; the filter and the "Choose" buttons work once the app has taken over (a second or two),
//! and text typed into the filter or the search box meanwhile is carried over.

use maud::{html, Markup};
use motcua_domain::i18n::{communes_shown, t, Lang, Msg};
use motcua_domain::CommuneSummary;

/// What the app's home page must show before it takes over: the commune list (it shows
/// "Loading…" until the list is in).
pub const UNTIL: &str = ".app-commune-list";

/// The page's `<main>` content; `chosen` is the citizen's remembered commune.
pub fn home(lang: Lang, chosen: Option<&CommuneSummary>, communes: &[CommuneSummary]) -> Markup {
    let tr = |m: Msg| t(m, lang);
    html! {
        h1 class="app-heading-xl" tabindex="-1" { (tr(Msg::HomeTitle)) }
        p class="app-lead" { (tr(Msg::HomeIntro)) }
        @if let Some(c) = chosen {
            section class="app-card app-card--highlight" aria-labelledby="your-commune" {
                h2 class="app-heading-s" id="your-commune" { (tr(Msg::YourCommune)) }
                p class="app-card__title" { (c.name_vi) }
                div class="app-button-group" {
                    a class="app-button" href="/procedures" { (tr(Msg::SeeProcedures)) }
                    a class="app-button app-button--secondary" href={ "/c/" (c.code) } { (tr(Msg::SeeOffice)) }
                }
            }
        }
        form class="app-search" role="search" action="/procedures" method="get" {
            label class="app-field__label" for="procedure-search" { (tr(Msg::ProcedureSearchLabel)) }
            p class="app-field__hint" id="procedure-search-hint" { (tr(Msg::SearchTypeHint)) }
            div class="app-search__row" {
                input class="app-input" id="procedure-search" name="q" type="search"
                    autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search"
                    aria-describedby="procedure-search-hint";
                button class="app-button" type="submit" { (tr(Msg::SearchButton)) }
            }
        }
        section class="app-section" aria-labelledby="choose-heading" {
            h2 class="app-heading-m" id="choose-heading" { (tr(Msg::ChooseCommuneTitle)) }
            (chooser(lang, chosen, communes))
        }
    }
}

/// The commune list with its filter, as the app's `CommuneChooser` shows it unfiltered.
fn chooser(lang: Lang, chosen: Option<&CommuneSummary>, communes: &[CommuneSummary]) -> Markup {
    let tr = |m: Msg| t(m, lang);
    let is_chosen = |c: &CommuneSummary| chosen.is_some_and(|x| x.code == c.code);
    html! {
        div class="app-chooser" {
            div class="app-field" {
                label class="app-field__label" for="commune-filter" { (tr(Msg::CommuneFilterLabel)) }
                p class="app-field__hint" id="commune-filter-hint" { (tr(Msg::CommuneFilterHint)) }
                input class="app-input" id="commune-filter" type="search" autocomplete="off"
                    aria-describedby="commune-filter-hint";
            }
            p class="app-chooser__count" role="status" {
                (communes_shown(communes.len(), communes.len(), lang))
            }
            ul class="app-commune-list" {
                @for c in communes {
                    li class={ "app-commune-list__item" @if is_chosen(c) { " app-commune-list__item--chosen" } } {
                        div class="app-commune-list__text" {
                            a class="app-commune-list__name" href={ "/c/" (c.code) } { (c.name_vi) }
                            span class="app-commune-list__meta" {
                                (tr(Msg::FormerlyIn)) " " (c.former_district)
                            }
                        }
                        button type="button" class="app-button app-button--secondary app-commune-list__choose" {
                            (tr(Msg::Choose))
                            span class="app-visually-hidden" { ": " (c.name_vi) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::{CommuneCode, CommuneKind};

    fn commune(code: &str, name: &str) -> CommuneSummary {
        CommuneSummary {
            code: CommuneCode::parse(code).expect("a code"),
            name_vi: name.to_owned(),
            kind: CommuneKind::Xa,
            former_district: "Huyện Gia Lộc".to_owned(),
            former_province: "Hải Dương".to_owned(),
        }
    }

    #[test]
    fn every_commune_is_listed_and_the_chosen_one_is_marked_and_remembered() {
        let list = [
            commune("11560", "Xã Gia Lộc"),
            commune("11561", "Xã <Yết> Kiêu"),
        ];
        let html = home(Lang::Vi, Some(&list[1]), &list).into_string();
        assert_eq!(
            html.matches(r#"<li class="app-commune-list__item"#).count(),
            2
        );
        assert_eq!(html.matches("app-commune-list__item--chosen").count(), 1);
        assert!(html.contains(r#"href="/c/11560""#));
        assert!(
            html.contains("Xã &lt;Yết&gt; Kiêu"),
            "names are escaped: {html}"
        );
        assert!(html.contains(r#"id="your-commune""#));
        assert!(html.contains("Đang hiển thị 2/2"));
    }

    #[test]
    fn without_a_chosen_commune_there_is_no_remembered_card() {
        let list = [commune("11560", "Xã Gia Lộc")];
        let html = home(Lang::En, None, &list).into_string();
        assert!(!html.contains("your-commune"));
        assert!(!html.contains("--chosen"));
        assert!(html.contains("Showing 1 of 1"));
    }
}
