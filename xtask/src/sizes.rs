//! Release bundle sizes: every `.wasm`, `.js` and `.css` in `dist/`, raw, gzip -9 and brotli -11.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Sizes in bytes of one file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// As served without compression.
    pub raw: usize,
    /// gzip at level 9.
    pub gzip: usize,
    /// brotli at quality 11, window 22 (what a static pre-compressor would do).
    pub brotli: usize,
}

/// Measures one file's contents.
pub fn measure(bytes: &[u8]) -> Result<Sizes> {
    let (gzip, brotli) = compress(bytes)?;
    Ok(Sizes {
        raw: bytes.len(),
        gzip: gzip.len(),
        brotli: brotli.len(),
    })
}

/// `bytes` compressed with gzip -9 and with brotli -11 (window 22).
pub fn compress(bytes: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gzip = gz.finish()?;
    let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    br.write_all(bytes)?;
    br.flush()?;
    Ok((gzip, br.into_inner()))
}

/// Prints a table of the bundle's sizes, one row per file plus a total.
pub fn print(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(dist, &mut files).with_context(|| {
        format!(
            "reading {} (run `trunk build --release` first)",
            dist.display()
        )
    })?;
    if files.is_empty() {
        bail!("no .wasm, .js or .css in {}", dist.display());
    }
    files.sort();
    table("file", dist, &files)?;
    Ok(())
}

/// The `.wasm`, `.js` and `.css` files of `dir` and its subdirectories (the app's parts are in
/// `motcua-<hash>/`).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_dir() {
            collect(&path, files)?;
        } else if matches!(ext, "wasm" | "js" | "css") {
            files.push(path);
        }
    }
    Ok(())
}

/// Prints one row of sizes per file (named relative to `dist`) and a total row; returns the total.
pub fn table(heading: &str, dist: &Path, files: &[PathBuf]) -> Result<Sizes> {
    println!(
        "{heading:<44} {:>10} {:>10} {:>10}",
        "raw", "gzip", "brotli"
    );
    let mut total = Sizes::default();
    for path in files {
        let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
        let s = measure(&bytes)?;
        let name = path
            .strip_prefix(dist)
            .unwrap_or(path)
            .display()
            .to_string();
        println!("{name:<44} {} {} {}", kb(s.raw), kb(s.gzip), kb(s.brotli));
        total.raw += s.raw;
        total.gzip += s.gzip;
        total.brotli += s.brotli;
    }
    println!(
        "{:<44} {} {} {}",
        "total",
        kb(total.raw),
        kb(total.gzip),
        kb(total.brotli)
    );
    Ok(total)
}

/// Bytes as right-aligned kilobytes (1 KB = 1000 bytes) with one decimal.
pub fn kb(bytes: usize) -> String {
    format!("{:>7.1} KB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::measure;

    #[test]
    fn compression_shrinks_repetitive_text() {
        let text = "một cửa ".repeat(1000);
        let s = measure(text.as_bytes()).unwrap();
        assert_eq!(s.raw, text.len());
        assert!(s.gzip < s.raw / 10, "{s:?}");
        assert!(s.brotli <= s.gzip, "{s:?}");
    }
}
