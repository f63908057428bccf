//! The Playwright suite in `e2e/`, and the plain `e2e: N passed, N failed` line CI counts.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::step::{cmd, Steps};

/// Where `e2e/playwright.config.ts` has the JSON reporter write its results.
const REPORT: &str = "e2e/playwright-report/results.json";

/// Counts taken from a Playwright JSON report.
#[derive(Debug, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed, including flaky ones that passed on a retry.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that were skipped.
    pub skipped: u64,
}

/// Runs `npx playwright test` in `e2e/` as CI does against the given server binary, then
/// prints the counts line.
pub fn run(steps: &mut Steps, root: &Path, server: &Path) -> Result<()> {
    let report = root.join(REPORT);
    let _ = std::fs::remove_file(&report);
    let mut playwright = cmd("npx", "playwright test");
    playwright.current_dir(root.join("e2e"));
    playwright.env("MOTCUA_E2E_SERVER", server);
    if std::env::var_os("CI").is_none() {
        playwright.env("CI", "1");
    }
    let outcome = steps.run("e2e (Playwright, system Chromium)", playwright);
    let counts = std::fs::read_to_string(&report)
        .with_context(|| format!("reading {}", report.display()))
        .and_then(|text| counts(&text));
    match counts {
        Ok(c) => {
            let skipped = if c.skipped > 0 {
                format!(", {} skipped", c.skipped)
            } else {
                String::new()
            };
            println!("\ne2e: {} passed, {} failed{skipped}", c.passed, c.failed);
            if outcome.is_ok() && (c.failed > 0 || c.passed == 0) {
                bail!("e2e: {} passed, {} failed", c.passed, c.failed);
            }
        }
        Err(err) if outcome.is_ok() => return Err(err),
        Err(err) => eprintln!("xtask: no e2e counts: {err:#}"),
    }
    outcome
}

/// The counts in a Playwright JSON report (its top-level `stats`).
pub fn counts(report: &str) -> Result<Counts> {
    let json: Value = serde_json::from_str(report).context("parsing the Playwright JSON report")?;
    let stats = json.get("stats").context("no `stats` in the report")?;
    let n = |key: &str| stats.get(key).and_then(Value::as_u64).unwrap_or(0);
    Ok(Counts {
        passed: n("expected") + n("flaky"),
        failed: n("unexpected"),
        skipped: n("skipped"),
    })
}

#[cfg(test)]
mod tests {
    use super::{counts, Counts};

    #[test]
    fn reads_playwright_stats() {
        let report = r#"{"config":{},"suites":[],"errors":[],
            "stats":{"startTime":"2026-11-25T12:00:00.000Z","duration":1234.5,
                     "expected":5,"skipped":1,"unexpected":2,"flaky":1}}"#;
        assert_eq!(
            counts(report).unwrap(),
            Counts {
                passed: 6,
                failed: 2,
                skipped: 1
            }
        );
    }

    #[test]
    fn a_report_without_stats_is_an_error() {
        assert!(counts("{}").is_err());
        assert!(counts("not json").is_err());
    }
}
