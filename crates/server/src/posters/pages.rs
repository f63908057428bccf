//! The HTML of posters and of the poster index (maud escapes every interpolated text).

use maud::{html, Markup, PreEscaped, DOCTYPE};
use motcua_domain::qr::{QrLanding, QrLink, QrStatus, QrTarget};
use motcua_domain::{Catalog, Localized};

use super::qr_svg;

/// The paper a poster is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosterSize {
    /// A4 (wall poster).
    A4,
    /// A6 (desk sign, name tag holder).
    A6,
}

impl PosterSize {
    /// `a6` (any case) is A6; anything else, or nothing, A4.
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some(v) if v.eq_ignore_ascii_case("a6") => Self::A6,
            _ => Self::A4,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::A4 => "sheet sheet--a4",
            Self::A6 => "sheet sheet--a6",
        }
    }
}

/// The texts of one poster.
struct PosterText {
    kicker: Localized,
    title: Localized,
    instructions: Localized,
}

fn text(landing: &QrLanding) -> Option<PosterText> {
    let link = landing.link.as_ref()?;
    let commune = landing.commune.as_ref()?;
    let l = |vi: &str, en: &str| Localized::new(vi, en);
    Some(match &link.target {
        QrTarget::Procedure { .. } => {
            let p = landing.procedure.as_ref()?;
            PosterText {
                kicker: l("Thủ tục hành chính", "Administrative procedure"),
                title: p.name.clone(),
                instructions: l(
                    "Quét mã QR để xem giấy tờ cần mang, lệ phí và thời hạn giải quyết.",
                    "Scan the QR code to see the documents to bring, the fee and the processing time.",
                ),
            }
        }
        QrTarget::StartForm { .. } => {
            let p = landing.procedure.as_ref()?;
            PosterText {
                kicker: l("Nộp hồ sơ trực tuyến", "Apply online"),
                title: p.name.clone(),
                instructions: l(
                    "Quét mã QR để bắt đầu điền hồ sơ trên điện thoại.",
                    "Scan the QR code to start filling in the application on your phone.",
                ),
            }
        }
        QrTarget::Office => PosterText {
            kicker: l("Bộ phận một cửa", "One-stop office"),
            title: l(
                &commune.summary.name_vi,
                &format!("One-stop office of {}", commune.summary.name_vi),
            ),
            instructions: l(
                "Quét mã QR để xem giờ làm việc, địa chỉ, số điện thoại và thủ tục.",
                "Scan the QR code for opening hours, address, phone numbers and procedures.",
            ),
        },
        QrTarget::Official { .. } => {
            let m = landing.official()?;
            PosterText {
                kicker: m.role.clone(),
                title: l(&m.name, &m.role.en),
                instructions: l(
                    "Quét mã QR để gọi cho cán bộ hoặc đánh giá sự phục vụ.",
                    "Scan the QR code to call this official or rate the service.",
                ),
            }
        }
        QrTarget::Notice { title, .. } => PosterText {
            kicker: l("Thông báo", "Notice"),
            title: title.clone(),
            instructions: l(
                "Quét mã QR để xem nội dung thông báo.",
                "Scan the QR code to read the notice.",
            ),
        },
    })
}

fn head(title: &str) -> Markup {
    html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        meta name="robots" content="noindex";
        title { (title) }
        link rel="stylesheet" href="/posters/poster.css";
    }
}

/// One poster, or `None` when its content is missing or the URL does not fit a QR code.
pub fn poster(landing: &QrLanding, origin: &str, size: PosterSize) -> Option<String> {
    if landing.status != QrStatus::Found {
        return None;
    }
    let commune = landing.commune.as_ref()?;
    let words = text(landing)?;
    let url = super::poster_url(origin, landing);
    let shown = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .to_owned();
    let svg = qr_svg::svg(&url, &format!("Mã QR / QR code: {url}"))?;
    let other = match size {
        PosterSize::A4 => ("a6", "Khổ A6 / A6 size"),
        PosterSize::A6 => ("a4", "Khổ A4 / A4 size"),
    };
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head { (head(&format!("Áp phích QR – {}", words.title.vi))) }
            body {
                div class="toolbar" {
                    button id="print-poster" type="button" { "In áp phích / Print poster" }
                    a href={ "?size=" (other.0) } { (other.1) }
                    a href={ "/c/" (commune.summary.code) "/posters" } { "Tất cả áp phích / All posters" }
                }
                main class=(size.class()) data-token=(landing.token) {
                    p class="commune" { (commune.summary.name_vi) }
                    p class="kicker" { (words.kicker.vi) @if words.kicker.en != words.kicker.vi && !words.kicker.en.is_empty() { " · " span lang="en" { (words.kicker.en) } } }
                    h1 { (words.title.vi) }
                    @if !words.title.en.is_empty() && words.title.en != words.title.vi {
                        p class="en" lang="en" { (words.title.en) }
                    }
                    (PreEscaped(svg))
                    p class="instructions" { (words.instructions.vi) }
                    p class="instructions-en" lang="en" { (words.instructions.en) }
                    p class="url" { (shown) }
                }
                script src="/posters/print.js" defer {}
            }
        }
    };
    Some(page.into_string())
}

/// The page for a token without a poster (malformed, unknown, retired or without content).
pub fn missing(landing: Option<&QrLanding>) -> String {
    let retired = landing.is_some_and(|l| l.status == QrStatus::Retired);
    html! {
        (DOCTYPE)
        html lang="vi" {
            head { (head("Không có áp phích / No poster")) }
            body {
                main class="index" {
                    h1 { "Không có áp phích cho mã này" }
                    p lang="en" { "There is no poster for this code." }
                    @if retired {
                        p { "Mã QR này đã ngừng sử dụng. " span lang="en" { "This QR code has been retired." } }
                    }
                    p { a href="/" { "Về trang chủ / Home" } }
                }
            }
        }
    }
    .into_string()
}

/// What a link points to, in Vietnamese and English (for lists and poster titles).
pub(crate) fn label(link: &QrLink, catalog: &Catalog) -> (String, String) {
    match &link.target {
        QrTarget::Office => (
            format!("Bộ phận một cửa – {}", catalog.commune.summary.name_vi),
            "One-stop office".to_owned(),
        ),
        QrTarget::Official { staff_id } => catalog
            .commune
            .office
            .staff
            .iter()
            .find(|m| &m.id == staff_id)
            .map_or_else(
                || (staff_id.clone(), String::new()),
                |m| (format!("{} – {}", m.name, m.role.vi), m.role.en.clone()),
            ),
        QrTarget::Procedure { code } | QrTarget::StartForm { procedure: code } => catalog
            .procedures
            .iter()
            .find(|p| &p.code == code)
            .map_or_else(
                || (code.to_string(), String::new()),
                |p| (p.name.vi.clone(), p.name.en.clone()),
            ),
        QrTarget::Notice { title, .. } => (title.vi.clone(), title.en.clone()),
    }
}

/// The commune's poster index: office, officials, procedures, each with A4 and A6 links.
pub fn index(catalog: &Catalog, links: &[QrLink]) -> String {
    let name = &catalog.commune.summary.name_vi;
    let section = |heading: &str, heading_en: &str, pick: &dyn Fn(&QrTarget) -> bool| {
        let items: Vec<&QrLink> = links.iter().filter(|l| pick(&l.target)).collect();
        html! {
            h2 { (heading) " " span class="muted" lang="en" { "/ " (heading_en) } }
            @if items.is_empty() {
                p class="muted" { "Chưa có. " span lang="en" { "None yet." } }
            } @else {
                ul {
                    @for link in items {
                        @let (vi, en) = label(link, catalog);
                        li {
                            (vi)
                            @if !en.is_empty() { " " span class="muted" lang="en" { "(" (en) ")" } }
                            span class="sizes" {
                                a href={ "/q/" (link.token) "/poster?size=a4" } aria-label={ "A4: " (vi) } { "A4" }
                                a href={ "/q/" (link.token) "/poster?size=a6" } aria-label={ "A6: " (vi) } { "A6" }
                            }
                        }
                    }
                }
            }
        }
    };
    html! {
        (DOCTYPE)
        html lang="vi" {
            head { (head(&format!("Áp phích QR – {name}"))) }
            body {
                main class="index" {
                    h1 { "Áp phích QR – " (name) }
                    p lang="en" { "QR posters of " (name) ": print them for the office walls, desks and name tags." }
                    p { a href={ "/c/" (catalog.commune.summary.code) } { "Trang bộ phận một cửa / Office page" } }
                    (section("Bộ phận một cửa", "Office", &|t| matches!(t, QrTarget::Office)))
                    (section("Cán bộ", "Officials", &|t| matches!(t, QrTarget::Official { .. })))
                    (section("Thủ tục", "Procedures", &|t| matches!(t, QrTarget::Procedure { .. })))
                }
            }
        }
    }
    .into_string()
}
