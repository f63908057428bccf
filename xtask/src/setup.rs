//! Installing what is missing, and nothing that is already there at the right version.
//!
//! Only package registries are reachable on a fresh machine (crates.io, npm, Debian), so every
//! tool comes from one: trunk and wasm-bindgen-cli from crates.io, wasm-opt from npm's
//! `binaryen` (Debian's wasm-opt 108 produces broken wasm), Chromium and chromedriver from Debian.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::lockfile::locked_version;
use crate::step::{cmd, Steps};

/// The trunk release that builds with rust 1.95 (0.22 needs a newer rustc).
const TRUNK_VERSION: &str = "0.21.14";
/// The wasm-opt release that npm's `binaryen` 132 ships and `Trunk.toml` pins.
const WASM_OPT_VERSION: &str = "version 132";
/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The SQLite command-line shell from Debian.
pub const SQLITE3: &str = "/usr/bin/sqlite3";
/// Debian's chromedriver, used by wasm-bindgen-test-runner.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// poppler-utils' `pdftotext`: server and e2e tests read the text of staff letters' PDFs.
pub const PDFTOTEXT: &str = "/usr/bin/pdftotext";

/// Puts `~/.cargo/bin` and then `e2e/node_modules/.bin` (wasm-opt 132) first on this process's
/// `PATH`, so every step and the tools they start find the pinned tools before any system copy.
pub fn path(root: &Path) {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let old = std::env::var("PATH").unwrap_or_default();
    let npm_bin = root.join("e2e/node_modules/.bin");
    let new = format!("{}:{home}/.cargo/bin:{old}", npm_bin.display());
    std::env::set_var("PATH", new);
}

/// What building the app needs: the wasm target, the standard library's source, clippy and rustfmt, trunk, wasm-bindgen-cli at
/// the version in `Cargo.lock`, and the npm packages of `e2e/` (Playwright, axe, binaryen).
pub fn toolchain(steps: &mut Steps, root: &Path) -> Result<()> {
    ensure(
        steps,
        "rust target wasm32-unknown-unknown",
        || output("rustup", "target list --installed").contains("wasm32-unknown-unknown"),
        cmd("rustup", "target add wasm32-unknown-unknown"),
    )?;
    ensure(
        steps,
        "rust-src (the release wasm rebuilds the standard library for size)",
        || output("rustup", "component list --installed").contains("rust-src"),
        cmd("rustup", "component add rust-src"),
    )?;
    ensure(
        steps,
        "clippy and rustfmt",
        || has_output("cargo", "clippy --version") && has_output("cargo", "fmt --version"),
        cmd("rustup", "component add clippy rustfmt"),
    )?;
    ensure(
        steps,
        &format!("trunk {TRUNK_VERSION}"),
        || output("trunk", "--version").contains(&format!("trunk {TRUNK_VERSION}")),
        cmd(
            "cargo",
            &format!("install trunk --version {TRUNK_VERSION} --locked"),
        ),
    )?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let wbg = locked_version(&lock, "wasm-bindgen").context("no wasm-bindgen in Cargo.lock")?;
    // Not --locked: wasm-bindgen-cli's own lockfile wants a crate version the registry lacks.
    ensure(
        steps,
        &format!("wasm-bindgen-cli {wbg}"),
        || output("wasm-bindgen", "--version").trim() == format!("wasm-bindgen {wbg}"),
        cmd(
            "cargo",
            &format!("install wasm-bindgen-cli --version {wbg}"),
        ),
    )?;
    ensure(
        steps,
        "node and npm",
        || has_output("npm", "--version"),
        apt_install("nodejs npm"),
    )?;
    ensure(
        steps,
        "npm packages of e2e/ (Playwright, axe, binaryen)",
        || npm_up_to_date(root),
        cmd("npm", "ci --prefix e2e --no-audit --no-fund"),
    )?;
    let wasm_opt = output("wasm-opt", "--version");
    if !wasm_opt.contains(WASM_OPT_VERSION) {
        bail!(
            "wasm-opt on PATH is `{}`, expected {WASM_OPT_VERSION} from e2e/node_modules/.bin",
            wasm_opt.trim()
        );
    }
    Ok(())
}

/// What browser tests need: Debian's Chromium and chromedriver (no browser download), and the
/// `sqlite3` CLI the e2e tests use to count what the server stored, and poppler-utils
/// (`pdftotext`, `pdftoppm`) for the staff letters' PDFs.
pub fn chromium(steps: &mut Steps) -> Result<()> {
    let present = || {
        [CHROMIUM, CHROMEDRIVER, SQLITE3, PDFTOTEXT]
            .iter()
            .all(|path| Path::new(path).exists())
    };
    if present() {
        steps.record(
            "chromium + chromedriver + sqlite3 + poppler-utils (present)",
            Default::default(),
        );
        return Ok(());
    }
    steps.run(
        "install chromium, chromedriver, sqlite3, poppler-utils",
        apt_install("chromium chromium-driver sqlite3 poppler-utils"),
    )
}

/// Runs `install` as a step unless `present` says the thing is already there.
fn ensure(
    steps: &mut Steps,
    what: &str,
    present: impl Fn() -> bool,
    install: Command,
) -> Result<()> {
    let start = Instant::now();
    if present() {
        steps.record(&format!("{what} (present)"), start.elapsed());
        return Ok(());
    }
    steps.run(&format!("install {what}"), install)?;
    if !present() {
        bail!("{what} is still missing after installing it");
    }
    Ok(())
}

/// `apt-get update`, then `apt-get install` of Debian packages, without questions.
pub fn apt_install(packages: &str) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "apt-get update -qq && apt-get install -y -qq {packages}"
        ))
        .env("DEBIAN_FRONTEND", "noninteractive");
    command
}

/// Whether `e2e/node_modules` was installed from the current `e2e/package-lock.json`.
fn npm_up_to_date(root: &Path) -> bool {
    let modified = |p: &str| {
        std::fs::metadata(root.join(p))
            .and_then(|m| m.modified())
            .ok()
    };
    match (
        modified("e2e/node_modules/.package-lock.json"),
        modified("e2e/package-lock.json"),
    ) {
        (Some(installed), Some(locked)) => installed >= locked,
        _ => false,
    }
}

/// A command's stdout, or empty when it cannot run or fails.
fn output(program: &str, args: &str) -> String {
    cmd(program, args)
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default()
}

/// Whether a command runs and succeeds.
fn has_output(program: &str, args: &str) -> bool {
    !output(program, args).is_empty()
}
