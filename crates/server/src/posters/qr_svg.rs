//! A QR code as an inline SVG: one `<path>` of dark modules, with the 4-module quiet zone the
//! standard asks for, error correction level Q (25 %: a poster survives tape and scratches).

use qrcode::{Color, EcLevel, QrCode};

/// The quiet zone around the code, in modules.
pub const QUIET_ZONE: usize = 4;

/// The modules of the QR code of `text` (`true` = dark), row by row, and the side length.
pub fn modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).ok()?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((dark, width))
}

/// The SVG of the QR code of `text`, sized by its container (`viewBox` in modules). `label` is
/// its accessible name. `None` only when `text` is too long for a QR code.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let (dark, width) = modules(text)?;
    let side = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(dark.len() * 6);
    for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
        let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
        path.push_str(&format!("M{x} {y}h1v1h-1z"));
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
        maud::html!((label)).into_string()
    ))
}
