//! Developer tasks for motcua, run as `cargo xtask <task>` from anywhere in the workspace.
//!
//! - `run`: install what is missing, build the app and start the server at http://127.0.0.1:8080.
//! - `test`: install what tests need, then run every gate and test suite in order (what CI runs).
//! - `setup`: only install what `test` needs.
//! - `sizes`: release bundle sizes of `dist/` (raw, gzip, brotli).
//! - `precompress`: write `.br`/`.gz` copies beside `dist/` files (part of every bundle build).
//! - `budget`: what a cold visit downloads (brotli), failing above the ceiling (see `budget.rs`).
//! - `app-wasm`: build the app's wasm split into lazily loaded parts, into Trunk's staging
//!   directory (Trunk's post_build hook runs it; see `app_wasm.rs`).
//! - `bench-offline`: offline reload timing and cold-visit bytes (`e2e/bench/offline-reload.mjs`).
//! - `bench-throttled`: QR landing and procedure guide on slow 4G with a 4× slower CPU, cold,
//!   warm and warm offline, next to unthrottled numbers (`e2e/bench/qr-throttled.mjs`).
//! - `bench-search`: motcua's wasm search vs MiniSearch in headless Chromium (`e2e/bench/search.mjs`).
//! - `schemathesis`: build the debug server and run schemathesis against its OpenAPI document
//!   (the step `test` runs after the server tests).
//!
//! Each step prints its elapsed time; the first failing step stops the task with its name.

mod app_wasm;
mod budget;
mod chunks;
mod e2e;
mod lockfile;
mod part_loader;
mod postgres;
mod schemathesis;
mod setup;
mod short_imports;
mod sizes;
mod step;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::step::Steps;

/// The variable that points the server's tests at a PostgreSQL server (see
/// `crates/server/tests/common/mod.rs`).
const POSTGRES_TEST_ENV: &str = "MOTCUA_TEST_POSTGRES_URL";

const USAGE: &str =
    "usage: cargo xtask <run|test|setup|sizes|precompress|budget|app-wasm|bench-offline|bench-throttled|bench-search|schemathesis>

  run                install what is missing, build the app (release), start the server on :8080
  test               install what tests need (incl. Chromium from Debian), run every test (CI)
  setup              only install what `test` needs (no build, no test)
  sizes [DIR]        release bundle sizes of dist/ (or DIR) *.wasm, *.js, *.css: raw, gzip, brotli
  precompress [DIR]  write .br and .gz beside the hashed files of dist/ (or DIR); the build does it
  budget [DIR]       what a cold visit downloads (index.html and what it names), brotli; fails over the ceiling
  app-wasm [DIR]     build the app's split wasm into DIR (Trunk's post_build hook: $TRUNK_STAGING_DIR)
  bench-offline      offline reload timing (median of 20) and cold-visit bytes, headless Chromium
  bench-throttled    QR landing on slow 4G + CPU ×4 (cold/warm/offline) vs unthrottled
  bench-search       procedure search: motcua (wasm) vs MiniSearch, latency/build/size/accuracy
  schemathesis       build the debug server, run schemathesis against /api/openapi.json";

fn main() {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = workspace_root();
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {err}", root.display());
        std::process::exit(1);
    }
    setup::path(&root);
    let outcome = match task.as_str() {
        "run" => run(&root),
        "test" => test(&root),
        "setup" => setup(&root),
        "sizes" => {
            let dist = std::env::args()
                .nth(2)
                .map_or(root.join("dist"), PathBuf::from);
            sizes::print(&dist)
        }
        "precompress" => {
            let dist = std::env::args()
                .nth(2)
                .map_or(root.join("dist"), PathBuf::from);
            budget::precompress(&dist)
        }
        "budget" => {
            let dist = std::env::args()
                .nth(2)
                .map_or(root.join("dist"), PathBuf::from);
            budget::check(&dist)
        }
        "app-wasm" => app_wasm_task(&root),
        "bench-offline" => bench_offline(&root),
        "bench-throttled" => bench_throttled(&root),
        "bench-search" => bench_search(&root),
        "schemathesis" => schemathesis_only(&root),
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("xtask: unknown task `{other}`\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(err) = outcome {
        eprintln!("\nxtask {task}: FAILED: {err:#}");
        std::process::exit(1);
    }
}

/// The workspace root: the parent of this crate's directory. `cargo run` names that directory
/// at run time; the path compiled in is only a fallback, because two checkouts sharing one
/// `CARGO_TARGET_DIR` share the `xtask` binary too (a clone's build would point at the clone).
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// `cargo xtask app-wasm [DIR]`: into `DIR`, else Trunk's `$TRUNK_STAGING_DIR`; release unless
/// `$TRUNK_PROFILE` says `debug` (`trunk serve`, `trunk build` without `--release`).
fn app_wasm_task(root: &Path) -> Result<()> {
    let staging = std::env::args()
        .nth(2)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        .map(PathBuf::from)
        .context("no directory given and no $TRUNK_STAGING_DIR (run by Trunk's post_build hook)")?;
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p != "debug");
    app_wasm::build(root, &staging, release)
}

/// `cargo xtask run`: set up, build the release bundle, then serve it with the seeded database.
fn run(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    setup::toolchain(&mut steps, root)?;
    build_app(&mut steps, root)?;
    steps.summary();
    println!("\nxtask: starting motcua-server at http://127.0.0.1:8080 (Ctrl-C stops it)");
    let status = Command::new("cargo")
        .args(["run", "--release", "-p", "motcua-server"])
        .status()?;
    if !status.success() {
        bail!("motcua-server exited with {status}");
    }
    Ok(())
}

/// `cargo xtask test`: set up, then every gate and test suite in order, failing fast.
fn test(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    setup::toolchain(&mut steps, root)?;
    setup::chromium(&mut steps)?;
    postgres::install(&mut steps)?;
    // Incremental caches only cost disk on a one-shot run.
    let cargo = |args: &str| {
        let mut command = step::cmd("cargo", args);
        command.env("CARGO_INCREMENTAL", "0");
        command
    };
    steps.run("fmt", cargo("fmt --all --check"))?;
    steps.run(
        "clippy (native)",
        cargo("clippy --workspace --all-targets -- -D warnings"),
    )?;
    steps.run(
        "clippy (wasm32, app)",
        cargo("clippy --target wasm32-unknown-unknown -p motcua --all-targets -- -D warnings"),
    )?;
    // The build that ships turns on `split` (lazily loaded wasm parts; see `app_wasm.rs`).
    steps.run(
        "clippy (wasm32, app, split)",
        cargo("clippy --target wasm32-unknown-unknown -p motcua --lib --features split -- -D warnings"),
    )?;
    // The domain's own tests use proptest, which is native-only; its library runs in the app.
    steps.run(
        "clippy (wasm32, domain)",
        cargo("clippy --target wasm32-unknown-unknown -p motcua-domain --lib -- -D warnings"),
    )?;
    steps.run("test (native, SQLite)", cargo("test --workspace"))?;
    // The same server suite again with every test server on a fresh PostgreSQL database.
    let cluster = postgres::start(&mut steps)?;
    // `--workspace` again, not `-p motcua-server`: the same feature unification as the step
    // above, so nothing is rebuilt (with `-p` cargo recompiled ~1,000 crates). The domain and
    // search tests run twice; they take seconds.
    let mut on_postgres = cargo("test --workspace");
    on_postgres.env(POSTGRES_TEST_ENV, &cluster.url);
    steps.run("test (server, PostgreSQL)", on_postgres)?;
    drop(cluster);
    // `cargo test --workspace` built the debug server: schemathesis fuzzes its OpenAPI document.
    let server = target_dir(root).join("debug/motcua-server");
    schemathesis::run(&mut steps, &target_dir(root), &server)?;
    let mut wasm_tests = cargo("test --target wasm32-unknown-unknown -p motcua --tests");
    wasm_tests.env("CHROMEDRIVER", setup::CHROMEDRIVER);
    steps.run("test (wasm32, headless Chromium)", wasm_tests)?;
    build_bundle(&mut steps, root)?;
    // The same debug server; e2e drives it and saves a release build.
    let e2e_result = e2e::run(&mut steps, root, &server);
    // Lighthouse on the same bundle and server: score floors in e2e/bench/lighthouse.mjs,
    // JSON reports in e2e/lighthouse/.
    let mut lighthouse = step::cmd("node", "bench/lighthouse.mjs");
    lighthouse
        .current_dir(root.join("e2e"))
        .env("MOTCUA_E2E_SERVER", &server);
    let lighthouse_result = steps.run("lighthouse (mobile, 5 pages)", lighthouse);
    steps.summary();
    e2e_result.and(lighthouse_result)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// `cargo xtask schemathesis`: the debug server, then only the schemathesis step.
fn schemathesis_only(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    steps.run(
        "build server (debug)",
        step::cmd("cargo", "build -p motcua-server"),
    )?;
    let target = target_dir(root);
    let outcome = schemathesis::run(&mut steps, &target, &target.join("debug/motcua-server"));
    steps.summary();
    outcome
}

/// `cargo xtask setup`: everything `test` installs, nothing else.
fn setup(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    setup::toolchain(&mut steps, root)?;
    setup::chromium(&mut steps)?;
    postgres::install(&mut steps)?;
    steps.summary();
    Ok(())
}

/// `cargo xtask bench-offline`: build what the benchmark drives, then run it.
fn bench_offline(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    setup::toolchain(&mut steps, root)?;
    setup::chromium(&mut steps)?;
    build_app(&mut steps, root)?;
    let mut bench = step::cmd("node", "bench/offline-reload.mjs");
    bench.current_dir(root.join("e2e"));
    steps.run("bench offline reload", bench)?;
    steps.summary();
    Ok(())
}

/// `cargo xtask bench-throttled`: build what the benchmark drives, then run it
/// (`MOTCUA_BENCH_RUNS` sets the runs per case, default 5).
fn bench_throttled(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    setup::toolchain(&mut steps, root)?;
    setup::chromium(&mut steps)?;
    build_app(&mut steps, root)?;
    let mut bench = step::cmd("node", "bench/qr-throttled.mjs");
    bench.current_dir(root.join("e2e"));
    steps.run("bench throttled QR landing", bench)?;
    steps.summary();
    Ok(())
}

/// `cargo xtask bench-search`: the search crate's wasm export (release, wasm-bindgen, wasm-opt
/// -O3), then `e2e/bench/search.mjs` against MiniSearch.
fn bench_search(root: &Path) -> Result<()> {
    let mut steps = Steps::new();
    setup::toolchain(&mut steps, root)?;
    setup::chromium(&mut steps)?;
    steps.run(
        "build search wasm (release)",
        step::cmd(
            "cargo",
            "build --release --target wasm32-unknown-unknown -p motcua-search-bench-wasm",
        ),
    )?;
    let target = target_dir(root);
    let out = target.join("search-bench");
    let wasm = target.join("wasm32-unknown-unknown/release/motcua_search_bench_wasm.wasm");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(&wasm);
    steps.run("wasm-bindgen", bindgen)?;
    let bg = out.join("motcua_search_bench_wasm_bg.wasm");
    let mut opt = Command::new("wasm-opt");
    opt.arg("-O3").arg(&bg).arg("-o").arg(&bg);
    steps.run("wasm-opt -O3", opt)?;
    let mut bench = step::cmd("node", "bench/search.mjs");
    bench
        .current_dir(root.join("e2e"))
        .env("MOTCUA_SEARCH_PKG", &out);
    steps.run("bench search", bench)?;
    steps.summary();
    Ok(())
}

/// The release bundle in `dist/`, pre-compressed, within the cold-load budget.
fn build_bundle(steps: &mut Steps, root: &Path) -> Result<()> {
    steps.run("cargo fetch", step::cmd("cargo", "fetch"))?;
    steps.run(
        "trunk build --release",
        step::cmd("trunk", "build --release --offline"),
    )?;
    let dist = root.join("dist");
    steps.run_fn("precompress dist (brotli, gzip)", || {
        budget::precompress(&dist)
    })?;
    steps.run_fn("cold-load budget", || budget::check(&dist))
}

/// The release bundle in `dist/` and the release server binary.
fn build_app(steps: &mut Steps, root: &Path) -> Result<()> {
    build_bundle(steps, root)?;
    steps.run(
        "build server (release)",
        step::cmd("cargo", "build --release -p motcua-server"),
    )
}
