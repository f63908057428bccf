//! Letters as A4 PDF, made on the server with `krilla` and the embedded DejaVu Serif fonts
//! (`assets/fonts/`, licence beside them), which have every Vietnamese letter precomposed, so
//! text is shaped, subset and extractable (ToUnicode) with its diacritics.

use std::sync::Arc;

use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// DejaVu Serif, regular.
const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif.ttf");
/// DejaVu Serif, bold.
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif-Bold.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// Margins: 2 cm top and bottom, 3 cm left (binding), 2 cm right, as Decree 30/2020 asks.
const LEFT: f32 = 85.0;
const RIGHT: f32 = 57.0;
const TOP: f32 = 57.0;
const BOTTOM: f32 = 57.0;

/// What a letter page holds.
#[derive(Debug, Clone)]
pub struct LetterPdf<'a> {
    /// "ỦY BAN NHÂN DÂN" + commune name, top left.
    pub commune_name: &'a str,
    /// The heading, e.g. "THƯ CHÚC MỪNG".
    pub title: &'a str,
    /// The body paragraphs.
    pub paragraphs: &'a [String],
    /// "Phường Thủy Nguyên, ngày 25 tháng 11 năm 2026".
    pub place_date: &'a str,
    /// The signer's title.
    pub signer_title: &'a str,
    /// The signer's name.
    pub signer_name: &'a str,
}

/// Widths of text in one font.
struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
}

impl<'a> Metrics<'a> {
    fn new(data: &'a [u8]) -> Option<Self> {
        ttf_parser::Face::parse(data, 0)
            .ok()
            .map(|face| Self { face })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units = f32::from(self.face.units_per_em());
        let advance: u32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(0, u32::from)
            })
            .sum();
        #[expect(
            clippy::cast_precision_loss,
            reason = "text widths are far below 2^24 units"
        )]
        let advance = advance as f32;
        advance / units * size
    }

    /// Greedy word wrap to `max` points.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Why a PDF could not be made (a bug: the fonts are embedded).
#[derive(Debug, thiserror::Error)]
#[error("cannot make the letter PDF: {0}")]
pub struct PdfError(String);

/// Renders one letter on one A4 page (continuing on more pages if the body is long).
pub fn letter(letter: &LetterPdf<'_>) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(Arc::new(REGULAR.to_vec()).into(), 0)
        .ok_or_else(|| PdfError("regular font".into()))?;
    let bold =
        Font::new(Arc::new(BOLD.to_vec()).into(), 0).ok_or_else(|| PdfError("bold font".into()))?;
    let m_regular = Metrics::new(REGULAR).ok_or_else(|| PdfError("regular metrics".into()))?;
    let m_bold = Metrics::new(BOLD).ok_or_else(|| PdfError("bold metrics".into()))?;
    let width = PAGE_W - LEFT - RIGHT;

    // Lay out every line first: (font is bold, size, x, text, gap before).
    struct Line {
        bold: bool,
        size: f32,
        x: f32,
        text: String,
        before: f32,
    }
    let mut lines: Vec<Line> = Vec::new();
    let centre_in = |m: &Metrics<'_>, text: &str, size: f32, left: f32, w: f32| {
        left + (w - m.width(text, size)).max(0.0) / 2.0
    };
    // Header: commune on the left half, national motto on the right half, side by side.
    let half = width * 0.42;
    let right_left = LEFT + width * 0.42;
    let right_w = width - width * 0.42;
    let header_left = [
        ("ỦY BAN NHÂN DÂN".to_owned(), false),
        (letter.commune_name.to_uppercase(), true),
    ];
    let header_right = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(), true),
        ("Độc lập – Tự do – Hạnh phúc".to_owned(), true),
    ];
    for (i, ((l, lb), (r, rb))) in header_left.iter().zip(header_right.iter()).enumerate() {
        let ml = if *lb { &m_bold } else { &m_regular };
        let mr = if *rb { &m_bold } else { &m_regular };
        let size_l = 11.0;
        let size_r = if i == 0 { 10.5 } else { 11.5 };
        lines.push(Line {
            bold: *lb,
            size: size_l,
            x: centre_in(ml, l, size_l, LEFT, half),
            text: l.clone(),
            before: if i == 0 { 0.0 } else { 16.0 },
        });
        lines.push(Line {
            bold: *rb,
            size: size_r,
            x: centre_in(mr, r, size_r, right_left, right_w),
            text: r.clone(),
            before: 0.0,
        });
    }
    let date_size = 12.0;
    lines.push(Line {
        bold: false,
        size: date_size,
        // Centred under the motto, but never past the right margin.
        x: centre_in(
            &m_regular,
            letter.place_date,
            date_size,
            right_left,
            right_w,
        )
        .min(PAGE_W - RIGHT - m_regular.width(letter.place_date, date_size)),
        text: letter.place_date.to_owned(),
        before: 34.0,
    });
    let title_size = 16.0;
    lines.push(Line {
        bold: true,
        size: title_size,
        x: centre_in(&m_bold, letter.title, title_size, LEFT, width),
        text: letter.title.to_owned(),
        before: 48.0,
    });
    let body_size = 13.0;
    let mut first = true;
    for para in letter.paragraphs {
        for (i, text) in m_regular
            .wrap(para, body_size, width - 28.0)
            .into_iter()
            .enumerate()
        {
            lines.push(Line {
                bold: false,
                size: body_size,
                x: if i == 0 { LEFT + 28.0 } else { LEFT },
                text,
                before: match (first, i) {
                    (true, 0) => 36.0,
                    (false, 0) => 26.0,
                    _ => 19.5,
                },
            });
        }
        first = false;
    }
    for (i, (text, is_bold)) in [
        (letter.signer_title.to_uppercase(), true),
        (letter.signer_name.to_owned(), true),
    ]
    .into_iter()
    .enumerate()
    {
        let m = if is_bold { &m_bold } else { &m_regular };
        lines.push(Line {
            bold: is_bold,
            size: 12.5,
            x: centre_in(m, &text, 12.5, right_left, right_w),
            text,
            before: if i == 0 { 40.0 } else { 70.0 },
        });
    }

    let mut document = Document::new();
    let mut y = TOP;
    let mut page = document.start_page_with(
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError("page".into()))?,
    );
    let mut surface = page.surface();
    for line in &lines {
        y += line.before;
        if y > PAGE_H - BOTTOM {
            surface.finish();
            page.finish();
            page = document.start_page_with(
                PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError("page".into()))?,
            );
            surface = page.surface();
            y = TOP + 14.0;
        }
        let font = if line.bold {
            bold.clone()
        } else {
            regular.clone()
        };
        surface.draw_text(
            Point::from_xy(line.x, y + line.size),
            font,
            line.size,
            &line.text,
            false,
            TextDirection::Auto,
        );
    }
    surface.finish();
    page.finish();
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_a_pdf_with_embedded_fonts() {
        let paragraphs = vec!["Chúc mừng anh Trần Văn Đức và chị Lê Thị Hồng Nhung.".to_owned()];
        let pdf = letter(&LetterPdf {
            commune_name: "Phường Thủy Nguyên",
            title: "THƯ CHÚC MỪNG",
            paragraphs: &paragraphs,
            place_date: "Phường Thủy Nguyên, ngày 25 tháng 11 năm 2026",
            signer_title: "Chủ tịch UBND phường",
            signer_name: "Nguyễn Văn Lãnh",
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(
            pdf.len() > 5_000,
            "fonts are embedded (subset): {}",
            pdf.len()
        );
        assert!(pdf.len() < 200_000, "fonts are subset: {}", pdf.len());
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let m = Metrics::new(REGULAR).unwrap();
        let text = "Chúc hai bạn trăm năm hạnh phúc ".repeat(10);
        let lines = m.wrap(&text, 13.0, 400.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| m.width(l, 13.0) <= 400.0));
    }
}
