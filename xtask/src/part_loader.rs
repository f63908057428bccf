//! The link module's part loader, changed to start one fetch per task.
//!
//! `wasm_split_cli_support` writes a loader (`__wasm_split.js`) whose `makeLoad` starts the
//! fetch of every chunk a part depends on in one go: `deps.map(d => d())`. The draft's page
//! depends on 13 chunks, and each `fetch()` call costs the main thread 0.3–13 ms on a page the
//! service worker controls (a warm visit to `/drafts/{id}`, timing wrapped around
//! `window.fetch`: 17–27 ms for the 14 calls at CPU ×1; a phone is about 4 times slower).
//! Started together, they make one long task right when the page starts; [`stagger`] lets the
//! browser run other tasks (input, paint) between two fetches. See `docs/NUMBERS.md`.
//! The fetches still overlap on the network: each starts a task after the one before, not after
//! it finishes.

use anyhow::{bail, Result};

/// What the generated `makeLoad` does first (`wasm_split_cli_support` 0.2.4,
/// `src/snippets/split_wasm.js`).
const ALL_AT_ONCE: &str = "        const parallelStuff = deps.map(d => d());\n";

/// Its replacement: start one dependency's fetch, then yield to the browser, and so on.
const ONE_PER_TASK: &str =
    "        // motcua (xtask/src/part_loader.rs): one fetch per task, not all in one long task.
        const parallelStuff = [];
        for (const d of deps) {
            parallelStuff.push(d());
            await nextTask();
        }
";

/// Yields to the browser: `scheduler.yield()` where there is one (Chromium), else a timer.
const NEXT_TASK: &str = "
/** Resolves in a later task, so the browser may handle input and paint meanwhile. */
function nextTask() {
    return globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise(r => setTimeout(r, 0));
}
";

/// `loader` (the generated link module's text) with its dependency fetches staggered. Fails
/// when the generated text is not the one this was written for (a newer splitter): the build
/// must not silently lose the change.
pub fn stagger(loader: &str) -> Result<String> {
    if loader.matches(ALL_AT_ONCE).count() != 1 {
        bail!(
            "the wasm splitter's loader changed: `deps.map(d => d())` not found once; \
             update xtask/src/part_loader.rs"
        );
    }
    Ok(format!(
        "{}{NEXT_TASK}",
        loader.replacen(ALL_AT_ONCE, ONE_PER_TASK, 1)
    ))
}

#[cfg(test)]
mod tests {
    use super::stagger;

    /// The text of `split_wasm.js` as the splitter version in Cargo.lock writes it.
    const GENERATED: &str = "function makeLoad(fetcher, deps) {
    const loader = async () => {
        const parallelStuff = deps.map(d => d());
        const instantiate = fetcher();
        await Promise.all(parallelStuff);
        const imports = getSharedImports();
        return instantiate(imports);
    };
}
";

    #[test]
    fn each_dependency_is_fetched_in_a_task_of_its_own() {
        let out = stagger(GENERATED).unwrap();
        assert!(!out.contains("deps.map(d => d())"));
        let push = out.find("parallelStuff.push(d());").unwrap();
        let yields = out.find("await nextTask();").unwrap();
        let own = out.find("const instantiate = fetcher();").unwrap();
        assert!(push < yields && yields < own, "{out}");
        assert!(out.contains("function nextTask()"));
    }

    #[test]
    fn a_loader_of_another_shape_fails_the_build() {
        assert!(stagger("function makeLoad(fetcher, deps) {}").is_err());
        let twice = format!("{GENERATED}{GENERATED}");
        assert!(stagger(&twice).is_err());
    }
}
