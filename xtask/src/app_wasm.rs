//! The app's wasm as a main module plus lazily loaded parts (issue 9's cold-load budget).
//!
//! Trunk builds everything else (the stylesheet, the QR scanner's worker, the copied files).
//! Its post_build hook (Trunk.toml) runs `cargo xtask app-wasm`, which, into Trunk's staging
//! directory:
//!
//! 1. builds the `motcua` binary for wasm32 with the `split` feature, linked with
//!    `--emit-relocs` (the splitter needs the relocations to move code between modules);
//! 2. splits it at the `#[lazy]` / `#[lazy_route]` points with `wasm_split_cli_support`, the
//!    library cargo-leptos uses for `--split`;
//!    Its loader is changed to start one part's fetch per task (`part_loader`);
//! 3. runs wasm-bindgen on the main module (`--target web --keep-lld-exports --no-demangle`:
//!    the parts link against the main module's exports by name);
//! 4. in release, gives the main module's imports from its glue short names
//!    (`short_imports.rs`), runs `wasm-opt -Oz` on every part and minifies the two scripts
//!    (terser, from `e2e/node_modules`: Trunk's own minifier fails on wasm-bindgen's output);
//! 5. puts the files in `motcua-<hash>/`, the hash of their contents: a deploy never changes a
//!    file in place, so the server sends them as immutable and `precompress` may copy them;
//! 6. names the loader script, the main module and its wasm in `index.html`;
//! 7. stamps `sw.js` with the build (a hash of the final `index.html`, so every deploy changes
//!    the worker and browsers find the update) and the lazily loaded parts, which the worker
//!    precaches: a page first opened offline still has its code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// The name wasm-bindgen gives the main module's files (`motcua.js`, `motcua_bg.wasm`).
const NAME: &str = "motcua";

/// The loader module the split parts and the main module share.
const LINK_MODULE: &str = "./__wasm_split.js";

/// The wasm features rustc's wasm32 target enables, which wasm-opt must accept and may use.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The release build's standard library, rebuilt from source (rustup's `rust-src`) for size:
/// a panic stops the wasm at once, with no message formatted and no panic hook (the dev build
/// keeps both), no source locations are kept for panics, and `core` picks its smaller
/// algorithms (`optimize_for_size`). The main module went from 282.6 to 260.4 KB brotli
/// (docs/NUMBERS.md, session 11). These are unstable options that the stable compiler accepts
/// with `RUSTC_BOOTSTRAP=1`, as the Linux kernel and Firefox builds do; the wasm target's flags
/// from `.cargo/config.toml` stay and these are added after them.
const SMALL_STD: &[&str] = &[
    "-Zbuild-std=std,panic_abort",
    "-Zbuild-std-features=optimize_for_size",
    "--config",
    "target.wasm32-unknown-unknown.rustflags = \
     ['-Zunstable-options', '-Cpanic=immediate-abort', '-Zlocation-detail=none']",
];

/// Set (to anything) to build the release wasm with rustup's prebuilt standard library instead:
/// the way out if a compiler release changes the unstable options of [`SMALL_STD`].
const PREBUILT_STD: &str = "MOTCUA_PREBUILT_STD";

/// Set (to anything) to keep the functions' names in the wasm: a build to profile, not to deploy.
const KEEP_NAMES: &str = "MOTCUA_WASM_NAMES";

/// Placeholders in `public/sw.js` that [`stamp_service_worker`] fills in.
const BUILD_MARK: &str = "__MOTCUA_BUILD__";
const PARTS_MARK: &str = "/* __MOTCUA_PARTS__ */";

/// Builds, splits and wires the app's wasm into `staging` (see the module docs). `release`
/// chooses the `wasm-release` profile and wasm-opt; otherwise the dev profile, unoptimised.
pub fn build(root: &Path, staging: &Path, release: bool) -> Result<()> {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let input = cargo_build(root, &target_dir, release)?;
    let work = target_dir.join("app-wasm");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    split(&input, &work)?;
    let link = work.join(LINK_MODULE.trim_start_matches("./"));
    let loader =
        std::fs::read_to_string(&link).with_context(|| format!("reading {}", link.display()))?;
    std::fs::write(&link, crate::part_loader::stagger(&loader)?)?;
    bindgen(&work)?;
    if release {
        shorten_imports(&work)?;
        for part in files_with_extension(&work, "wasm")? {
            optimize(&part)?;
        }
        for script in files_with_extension(&work, "js")? {
            minify(&script)?;
        }
    }
    let dir = format!("{NAME}-{}", content_hash(&work)?);
    let target = staging.join(&dir);
    if target.exists() {
        std::fs::remove_dir_all(&target)?;
    }
    std::fs::rename(&work, &target)
        .or_else(|_| copy_dir(&work, &target))
        .with_context(|| format!("moving the wasm parts to {}", target.display()))?;
    let index_path = staging.join("index.html");
    let index = std::fs::read_to_string(&index_path)
        .with_context(|| format!("reading {}", index_path.display()))?;
    let index = with_loader(&index, &dir)?;
    std::fs::write(&index_path, &index)?;
    let parts = lazy_parts(&target, &dir)?;
    stamp_service_worker(&staging.join("sw.js"), &index, &parts)?;
    println!(
        "app-wasm: {dir}/ with {} lazily loaded parts ({})",
        parts.len(),
        if release { "release" } else { "dev" }
    );
    Ok(())
}

/// `cargo rustc` of the app binary with the `split` feature; the relocations flag goes to the
/// final link only, so the dependencies are the ones every other wasm build uses. A release
/// build also rebuilds the standard library for size (see [`SMALL_STD`]).
fn cargo_build(root: &Path, target_dir: &Path, release: bool) -> Result<PathBuf> {
    let profile = if release { "wasm-release" } else { "dev" };
    let mut cargo = Command::new("cargo");
    if release && std::env::var_os(PREBUILT_STD).is_none() {
        // The flags below are unstable; the stable compiler takes them with RUSTC_BOOTSTRAP.
        cargo.env("RUSTC_BOOTSTRAP", "1").args(SMALL_STD);
    }
    cargo.current_dir(root).args([
        "rustc",
        "--package",
        "motcua",
        "--bin",
        "motcua",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "split",
        "--profile",
        profile,
        "--",
        "-C",
        "link-arg=--emit-relocs",
    ]);
    run(cargo, "cargo rustc of the app")?;
    let out_dir = if release { "wasm-release" } else { "debug" };
    Ok(target_dir
        .join("wasm32-unknown-unknown")
        .join(out_dir)
        .join(format!("{NAME}.wasm")))
}

/// Writes `NAME.wasm` (the main module, before wasm-bindgen), the lazily loaded parts and the
/// link module into `work`.
fn split(input: &Path, work: &Path) -> Result<()> {
    let wasm = std::fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let main_out = work.join(format!("{NAME}.wasm"));
    let main_module = format!("./{NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = work;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = LINK_MODULE;
    options.target.web();
    // Small shared chunks merged (see `chunks.rs`): a part loads a few files, not dozens.
    let regroup = |sizes: &wasm_split_cli_support::ChunkSizes| {
        crate::chunks::plan(sizes, crate::chunks::MIN_CHUNK_SIZE)
    };
    options.regroup_chunks = Some(&regroup);
    if let Err(err) = wasm_split_cli_support::transform(options) {
        bail!("splitting the wasm: {err:#}");
    }
    Ok(())
}

/// wasm-bindgen on the main module: `NAME.js` and `NAME_bg.wasm` replace `NAME.wasm`.
fn bindgen(work: &Path) -> Result<()> {
    let main = work.join(format!("{NAME}.wasm"));
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            NAME,
            "--out-dir",
        ])
        .arg(work)
        .arg(&main);
    run(bindgen, "wasm-bindgen (cargo xtask setup installs it)")?;
    std::fs::remove_file(main)?;
    Ok(())
}

/// The main module's imports from its glue renamed short, in the wasm and the JS
/// (`short_imports.rs`).
fn shorten_imports(work: &Path) -> Result<()> {
    let wasm_path = work.join(format!("{NAME}_bg.wasm"));
    let js_path = work.join(format!("{NAME}.js"));
    let wasm = std::fs::read(&wasm_path).with_context(|| wasm_path.display().to_string())?;
    let js = std::fs::read_to_string(&js_path).with_context(|| js_path.display().to_string())?;
    let (wasm, js, renamed) = crate::short_imports::shorten(&wasm, &js, &format!("./{NAME}_bg.js"))
        .context("shortening the main module's import names")?;
    std::fs::write(&wasm_path, wasm)?;
    std::fs::write(&js_path, js)?;
    println!("app-wasm: {renamed} import names shortened");
    Ok(())
}

/// `wasm-opt -Oz` in place (binaryen from `e2e/node_modules`, first on PATH).
fn optimize(part: &Path) -> Result<()> {
    let mut wasm_opt = Command::new("wasm-opt");
    wasm_opt.arg("-Oz");
    // For profiling: a build whose functions keep their names in a CPU profile or for twiggy
    // (larger; never the deployed one).
    if std::env::var_os(KEEP_NAMES).is_some() {
        wasm_opt.arg("-g");
    }
    wasm_opt.args(WASM_FEATURES).arg(part).arg("-o").arg(part);
    run(wasm_opt, "wasm-opt (npm binaryen in e2e/)")
}

/// terser in place, as an ES module: names are mangled except exports and the import object's
/// keys (strings), which the wasm links against.
fn minify(script: &Path) -> Result<()> {
    let mut terser = Command::new("terser");
    terser
        .arg(script)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(script);
    run(terser, "terser (npm, in e2e/)")
}

/// Runs `command`, failing with `what` when it cannot start or exits unsuccessfully.
fn run(mut command: Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("running {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The first 16 hex digits of a SHA-256 over every file's name and bytes, in name order.
fn content_hash(dir: &Path) -> Result<String> {
    let mut names = file_names(dir)?;
    names.sort();
    let mut hasher = Sha256::new();
    for name in names {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(dir.join(&name))?);
    }
    Ok(hasher.finalize()[..8]
        .iter()
        .fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        }))
}

/// `index` with the loader before `</head>`: preloads for the main module, the link module and
/// the wasm (they are fetched in parallel with the stylesheet), and the module script that
/// starts the app. `window.wasmBindings` tells the e2e tests the app runs.
pub fn with_loader(index: &str, dir: &str) -> Result<String> {
    let Some(at) = index.find("</head>") else {
        bail!("index.html has no </head>");
    };
    let js = format!("/{dir}/{NAME}.js");
    let link = format!("/{dir}/{}", LINK_MODULE.trim_start_matches("./"));
    let wasm = format!("/{dir}/{NAME}_bg.wasm");
    let loader = format!(
        "<link rel=modulepreload href=\"{js}\" crossorigin>\
         <link rel=modulepreload href=\"{link}\" crossorigin>\
         <link rel=preload href=\"{wasm}\" as=fetch type=application/wasm crossorigin>\
         <script type=module>import init, * as bindings from '{js}';\
         await init({{ module_or_path: '{wasm}' }});\
         window.wasmBindings = bindings;</script>"
    );
    Ok(format!("{}{loader}{}", &index[..at], &index[at..]))
}

/// The parts a cold visit does not load: every wasm file of the build except the main one.
fn lazy_parts(dir_path: &Path, dir: &str) -> Result<Vec<String>> {
    let main = format!("{NAME}_bg.wasm");
    let mut parts: Vec<String> = file_names(dir_path)?
        .into_iter()
        .filter(|n| n.ends_with(".wasm") && *n != main)
        .map(|n| format!("/{dir}/{n}"))
        .collect();
    parts.sort();
    Ok(parts)
}

/// Fills in `sw.js`'s build id (a hash of the final `index.html`) and its list of parts.
fn stamp_service_worker(sw_path: &Path, index: &str, parts: &[String]) -> Result<()> {
    let sw = std::fs::read_to_string(sw_path)
        .with_context(|| format!("reading {}", sw_path.display()))?;
    if !sw.contains(BUILD_MARK) || !sw.contains(PARTS_MARK) {
        bail!("{} lacks {BUILD_MARK} or {PARTS_MARK}", sw_path.display());
    }
    let build: String = format!("{:x}", Sha256::digest(index.as_bytes()))
        .chars()
        .take(16)
        .collect();
    let list = parts
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sw = sw.replace(BUILD_MARK, &build).replace(PARTS_MARK, &list);
    std::fs::write(sw_path, sw)?;
    Ok(())
}

fn file_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| dir.display().to_string())? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    Ok(file_names(dir)?
        .into_iter()
        .filter(|n| n.ends_with(&format!(".{ext}")))
        .map(|n| dir.join(n))
        .collect())
}

/// A rename across file systems fails; copy instead.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    std::fs::remove_dir_all(from)
}

#[cfg(test)]
mod tests {
    use super::{stamp_service_worker, with_loader};
    use crate::budget::initial_assets;

    /// The budget counts what the loader names: the main module, the link module, the wasm.
    #[test]
    fn the_loader_names_the_main_module_its_link_module_and_its_wasm() {
        let index = "<html><head><link href=/app-1.css rel=stylesheet></head><body></body></html>";
        let out = with_loader(index, "motcua-0123456789abcdef").unwrap();
        assert!(out.find("</head>").unwrap() > out.find("<script type=module>").unwrap());
        assert_eq!(
            initial_assets(&out),
            [
                "app-1.css",
                "motcua-0123456789abcdef/motcua.js",
                "motcua-0123456789abcdef/__wasm_split.js",
                "motcua-0123456789abcdef/motcua_bg.wasm",
            ]
        );
        assert!(with_loader("<html>", "app-0").is_err());
    }

    /// The worker gets this build's id and parts; a worker without the marks fails the build
    /// (a deploy whose worker would never precache the parts, or never change).
    #[test]
    fn the_service_worker_is_stamped_with_the_build_and_its_parts() {
        let dir = std::env::temp_dir().join(format!("motcua-sw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let sw = dir.join("sw.js");
        std::fs::write(
            &sw,
            "const BUILD = '__MOTCUA_BUILD__';\nconst PARTS = [/* __MOTCUA_PARTS__ */];\n",
        )
        .unwrap();
        let parts = ["/motcua-0123456789abcdef/split_a.wasm".to_owned()];
        stamp_service_worker(&sw, "<html>one</html>", &parts).unwrap();
        let one = std::fs::read_to_string(&sw).unwrap();
        assert!(one.contains("const PARTS = ['/motcua-0123456789abcdef/split_a.wasm'];"));
        assert!(!one.contains("__MOTCUA_BUILD__"));
        let build = |text: &str| text.split('\'').nth(1).unwrap().to_owned();
        assert_eq!(build(&one).len(), 16);

        std::fs::write(
            &sw,
            "const BUILD = '__MOTCUA_BUILD__';\nconst PARTS = [/* __MOTCUA_PARTS__ */];\n",
        )
        .unwrap();
        stamp_service_worker(&sw, "<html>two</html>", &parts).unwrap();
        assert_ne!(build(&std::fs::read_to_string(&sw).unwrap()), build(&one));

        std::fs::write(&sw, "const BUILD = 'x';").unwrap();
        assert!(stamp_service_worker(&sw, "<html>", &parts).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
