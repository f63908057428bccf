//! The e2e scanner test feeds Chromium a fake camera showing QR codes. Codes of our own URLs
//! come from real posters; codes that must NOT be followed (foreign sites, `javascript:`) have
//! their module matrices in `e2e/fixtures/qr-foreign.json`, written by this test with
//! `MOTCUA_UPDATE_FIXTURES=1` and otherwise checked to be current and decodable.

use std::path::PathBuf;

/// The texts of the foreign codes, as the e2e test expects them.
const FOREIGN: [&str; 2] = [
    "https://evil.example/q/7KQ4XM2A",
    "javascript:alert(document.cookie)",
];

fn matrix(text: &str) -> Vec<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::Q).unwrap();
    let n = code.width();
    code.to_colors()
        .chunks(n)
        .map(|row| {
            row.iter()
                .map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' })
                .collect()
        })
        .collect()
}

fn json() -> String {
    let mut out = String::from("{\n");
    for (i, text) in FOREIGN.iter().enumerate() {
        let rows: Vec<String> = matrix(text).iter().map(|r| format!("\"{r}\"")).collect();
        out.push_str(&format!(
            "  \"{text}\": [\n    {}\n  ]",
            rows.join(",\n    ")
        ));
        out.push_str(if i + 1 < FOREIGN.len() { ",\n" } else { "\n" });
    }
    out.push_str("}\n");
    out
}

#[test]
fn foreign_code_fixtures_are_current_and_decode() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../e2e/fixtures/qr-foreign.json");
    let expected = json();
    if std::env::var_os("MOTCUA_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let stored = std::fs::read_to_string(&path).expect("run with MOTCUA_UPDATE_FIXTURES=1");
    assert_eq!(stored, expected, "{} is stale", path.display());
    for text in FOREIGN {
        let rows = matrix(text);
        let (n, scale, quiet) = (rows.len(), 4, 4);
        let side = (n + 2 * quiet) * scale;
        let mut gray = vec![255u8; side * side];
        for (y, row) in rows.iter().enumerate() {
            for (x, c) in row.bytes().enumerate() {
                if c == b'1' {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            gray[((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx] = 0;
                        }
                    }
                }
            }
        }
        assert_eq!(
            motcua_qrscan::decode_gray(side, side, &gray),
            vec![text.to_owned()]
        );
    }
}
