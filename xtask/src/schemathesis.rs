//! Schemathesis (from PyPI) against the running server: it reads the OpenAPI document at
//! `/api/openapi.json`, generates requests for every operation (examples, boundary values,
//! random data) and fails on any 5xx, any answer whose status, content type or body the
//! document does not allow.
//!
//! The debug server runs on a free port of 127.0.0.1 with a fresh SQLite database, data
//! directory and a stand-in `dist/`, and POST rate limits high enough not to get in the way.
//! Schemathesis lives in a virtualenv under the target directory, installed once per version.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::setup::apt_install;
use crate::step::Steps;

/// The schemathesis release the step runs.
pub const VERSION: &str = "4.32.5";
/// Test cases per operation in the fuzzing phase: with the examples and coverage phases this
/// keeps the step under two minutes on two cores.
const MAX_EXAMPLES: u32 = 150;
/// Set to a number of test cases per operation for a longer (or shorter) run by hand.
const MAX_EXAMPLES_ENV: &str = "MOTCUA_SCHEMATHESIS_MAX_EXAMPLES";
/// Set to a number to replay a run (schemathesis prints the seed it used).
const SEED_ENV: &str = "MOTCUA_SCHEMATHESIS_SEED";
/// The checks that fail the step.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance,response_headers_conformance";

/// Installs schemathesis when needed, starts `server` (a debug `motcua-server`) and runs
/// schemathesis against it; the server is stopped whatever happens.
pub fn run(steps: &mut Steps, target: &Path, server: &Path) -> Result<()> {
    let home = target.join("schemathesis");
    let st = install(steps, &home)?;
    if !server.is_file() {
        bail!(
            "no server binary at {} (cargo build -p motcua-server)",
            server.display()
        );
    }
    let work = Scratch::new()?;
    let port = free_port()?;
    let started = Instant::now();
    let mut running = Server::start(server, &work.0, port)?;
    running.wait_ready(Duration::from_secs(60))?;
    steps.record("schemathesis: server ready", started.elapsed());

    let max_examples = std::env::var(MAX_EXAMPLES_ENV)
        .ok()
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(MAX_EXAMPLES)
        .to_string();
    let mut command = Command::new(&st);
    command
        .arg("run")
        .arg(format!("http://127.0.0.1:{port}/api/openapi.json"))
        .args(["--checks", CHECKS])
        .args(["--max-examples", &max_examples])
        // One worker: with two threads, Hypothesis's `ast.parse` of a strategy's lambda hit
        // CPython 3.11's "AST constructor recursion depth mismatch" (a `SystemError` from
        // concurrent parsing), failing a CI run with every generated case passing.
        .args(["--workers", "1"])
        .args(["--request-timeout", "20"])
        .args(["--phases", "examples,coverage,fuzzing"])
        .arg("--no-color")
        // Its example database (.hypothesis) stays with the virtualenv, not in the repository.
        .current_dir(&home)
        .env("PYTHONUNBUFFERED", "1");
    if let Ok(seed) = std::env::var(SEED_ENV) {
        command.args(["--seed", seed.trim()]);
    }
    let outcome = steps.run("schemathesis", command);
    let log = running.stop();
    if outcome.is_err() {
        eprintln!("\n--- server log (last lines) ---\n{}", tail(&log, 60));
    }
    outcome
}

/// The virtualenv's `st`, after creating the virtualenv and installing [`VERSION`] unless
/// that version is already there.
fn install(steps: &mut Steps, home: &Path) -> Result<PathBuf> {
    let venv = home.join("venv");
    let python = venv.join("bin/python");
    let st = venv.join("bin/st");
    let start = Instant::now();
    let installed = Command::new(&python)
        .args(["-m", "pip", "show", "schemathesis"])
        .stderr(Stdio::null())
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default();
    if installed
        .lines()
        .any(|line| line.trim() == format!("Version: {VERSION}"))
        && st.is_file()
    {
        steps.record(
            &format!("schemathesis {VERSION} (present)"),
            start.elapsed(),
        );
        return Ok(st);
    }
    std::fs::create_dir_all(home)?;
    if !python.is_file() {
        // Debian's python3 makes virtualenvs only with `python3-venv` (ensurepip) installed.
        let has_ensurepip = Command::new("python3")
            .args(["-c", "import ensurepip"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has_ensurepip {
            steps.run("install python3-venv", apt_install("python3-venv"))?;
        }
        let _ = std::fs::remove_dir_all(&venv);
        let mut create = Command::new("python3");
        create.args(["-m", "venv"]).arg(&venv);
        steps.run("python3 -m venv (schemathesis)", create)?;
    }
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ])
    .arg(format!("schemathesis=={VERSION}"));
    steps.run(&format!("pip install schemathesis=={VERSION}"), pip)?;
    Ok(st)
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A temporary directory with `dist/index.html` (so `/readyz` says ready) and `data/`,
/// removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("motcua-schemathesis-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dist"))?;
        std::fs::create_dir_all(dir.join("data"))?;
        std::fs::write(
            dir.join("dist/index.html"),
            "<!doctype html><title>motcua</title>",
        )?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The server process; stopped (SIGTERM, then SIGKILL) on drop.
struct Server {
    child: Option<Child>,
    port: u16,
    log: PathBuf,
}

impl Server {
    fn start(binary: &Path, dir: &Path, port: u16) -> Result<Self> {
        let log = dir.join("server.log");
        let out = std::fs::File::create(&log)?;
        let err = out.try_clone()?;
        let child = Command::new(binary)
            // No `.env` of the developer's is read from here.
            .current_dir(dir)
            .env("MOTCUA_ADDR", format!("127.0.0.1:{port}"))
            .env(
                "MOTCUA_DATABASE_URL",
                format!("sqlite://{}?mode=rwc", dir.join("motcua.db").display()),
            )
            .env("MOTCUA_DATA_DIR", dir.join("data"))
            .env("MOTCUA_DIST_DIR", dir.join("dist"))
            .env("MOTCUA_POST_LIMIT_PER_MINUTE", "100000")
            .env("MOTCUA_POST_BURST", "100000")
            .env_remove("MOTCUA_PUBLIC_URL")
            .env_remove("MOTCUA_TRUST_PROXY")
            .env_remove("MOTCUA_RATING_SCALE")
            .env("RUST_LOG", "warn,motcua_server=info")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        Ok(Self {
            child: Some(child),
            port,
            log,
        })
    }

    /// Polls `/readyz` until it answers 200.
    fn wait_ready(&mut self, limit: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            if http_status(self.port, "/readyz") == Some(200) {
                return Ok(());
            }
            if let Some(child) = &mut self.child {
                if let Ok(Some(status)) = child.try_wait() {
                    bail!(
                        "the server exited ({status}) before it was ready:\n{}",
                        tail(&std::fs::read_to_string(&self.log).unwrap_or_default(), 40)
                    );
                }
            }
            if start.elapsed() > limit {
                bail!(
                    "the server was not ready within {} s:\n{}",
                    limit.as_secs(),
                    tail(&std::fs::read_to_string(&self.log).unwrap_or_default(), 40)
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Stops the server and gives back its log.
    fn stop(mut self) -> String {
        self.shutdown();
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn shutdown(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The status code of `GET path` on 127.0.0.1:`port`, or `None` when nothing answers.
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).ok()?;
    let line = std::str::from_utf8(&head[..n]).ok()?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
