//! Load benchmark of the API on this machine, against the real release server over loopback.
//!
//! ```text
//! cargo bench -p motcua-server --bench submit_load            # default sizes
//! MOTCUA_BENCH_SCALE=4 cargo bench -p motcua-server --bench submit_load
//! MOTCUA_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres \
//!     cargo bench -p motcua-server --bench submit_load      # the same on PostgreSQL
//! ```
//!
//! It starts the `motcua-server` binary of this build on a free port with a throwaway SQLite
//! database (or a fresh database on the PostgreSQL server named by `MOTCUA_BENCH_POSTGRES_URL`),
//! with the per-client POST limit off (all load comes from one address), then runs bounded scenarios with 16 concurrent clients and prints throughput and
//! latency percentiles per scenario, each with its ratio against the `GET /healthz` baseline run
//! in the same process, plus the server's resident memory. Every request is checked: a wrong
//! status fails the run, so a fast error never passes for a fast answer.

#[path = "../tests/common/fixtures.rs"]
#[expect(
    dead_code,
    reason = "the benchmark uses only part of the fixtures shared with the tests"
)]
mod fixtures;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use motcua_domain::{AttachmentUploaded, NewSubmission};

const CONCURRENCY: usize = 16;

/// A started server process, killed on drop.
struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match std::env::var("MOTCUA_BENCH_POSTGRES_URL") {
            Ok(server) => postgres_database(&server),
            Err(_) => format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()),
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_motcua-server"))
            .env("MOTCUA_ADDR", format!("127.0.0.1:{port}"))
            .env("MOTCUA_DATABASE_URL", &database_url)
            .env("MOTCUA_POST_LIMIT_PER_MINUTE", "0")
            .env("MOTCUA_DATA_DIR", dir.path().join("data"))
            .env("MOTCUA_DIST_DIR", dir.path().join("dist"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start motcua-server");
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }

    /// Resident memory now and at its peak, in MiB, from /proc.
    fn rss_mib(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// A new, empty database on the PostgreSQL server at `server` (its URL, any database).
fn postgres_database(server: &str) -> String {
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    let url = format!("{base}/motcua_bench_{}", std::process::id());
    // Called from inside the benchmark's runtime: create it on a thread of its own.
    let create = url.clone();
    std::thread::spawn(move || create_database(&create))
        .join()
        .expect("create the bench database");
    url
}

/// Drops and creates the PostgreSQL database at `url`, on a runtime of its own.
fn create_database(url: &str) {
    use sqlx::migrate::MigrateDatabase as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        if sqlx::Postgres::database_exists(url)
            .await
            .expect("reach PostgreSQL")
        {
            sqlx::Postgres::drop_database(url)
                .await
                .expect("drop old bench db");
        }
        sqlx::Postgres::create_database(url)
            .await
            .expect("create bench db");
    });
}

/// One request of a scenario: what to send and which status proves it worked.
#[derive(Clone)]
enum Call {
    Get(String),
    Track { receipt: String, secret: String },
    Submit { key: String, body: Arc<Vec<u8>> },
}

/// Throughput and latency of one scenario.
struct Outcome {
    name: &'static str,
    requests: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

async fn run(
    client: &reqwest::Client,
    base: &str,
    name: &'static str,
    calls: Vec<Call>,
) -> Outcome {
    let requests = calls.len();
    let started = Instant::now();
    let mut latencies: Vec<Duration> = stream::iter(calls)
        .map(|call| async move {
            let t = Instant::now();
            let response = match &call {
                Call::Get(path) => client.get(format!("{base}{path}")).send().await,
                Call::Track { receipt, secret } => {
                    client
                        .get(format!("{base}/api/v1/submissions/{receipt}"))
                        .header("x-tracking-secret", secret)
                        .send()
                        .await
                }
                Call::Submit { key, body } => {
                    client
                        .post(format!("{base}/api/v1/submissions"))
                        .header("content-type", "application/json")
                        .header("idempotency-key", key)
                        .body(body.as_ref().clone())
                        .send()
                        .await
                }
            }
            .expect("request");
            let status = response.status().as_u16();
            let _ = response.bytes().await.expect("body");
            let expected = if matches!(call, Call::Submit { .. }) {
                201
            } else {
                200
            };
            assert_eq!(status, expected, "{name}: unexpected status");
            t.elapsed()
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let wall = started.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1000.0
    };
    Outcome {
        name,
        requests,
        per_second: requests as f64 / wall.as_secs_f64(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: pct(1.0),
    }
}

async fn wait_ready(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become ready");
}

fn submissions(photo: &AttachmentUploaded, prefix: &str, n: usize) -> Vec<Call> {
    (0..n)
        .map(|i| {
            let draft = format!("bench-{prefix}-{i:012}");
            let body: NewSubmission = fixtures::birth(
                &draft,
                vec![fixtures::reference(photo, "birth_certificate_photo")],
            );
            Call::Submit {
                key: format!("d-{draft}"),
                body: Arc::new(serde_json::to_vec(&body).expect("json")),
            }
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let scale: usize = std::env::var("MOTCUA_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let server = Server::start();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("client");
    let base = server.base.clone();
    wait_ready(&client, &base).await;
    let (idle_rss, _) = server.rss_mib();

    let photo: AttachmentUploaded = client
        .post(format!("{base}/api/v1/attachments"))
        .header("content-type", "image/jpeg")
        .body(fixtures::jpeg(7, 200_000))
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("upload answer");
    let version: u64 = client
        .get(format!("{base}/api/v1/catalog?commune=11560"))
        .send()
        .await
        .expect("catalog")
        .json::<serde_json::Value>()
        .await
        .expect("catalog json")["version"]
        .as_u64()
        .expect("version");

    let new_calls = submissions(&photo, "new", 2000 * scale);
    let mut mixed = submissions(&photo, "mix", 1000 * scale);
    mixed.extend(new_calls.iter().take(1000 * scale).cloned());

    // Receipts to track: a few submissions made one by one, their secrets kept.
    let mut tracked = Vec::new();
    for call in submissions(&photo, "track", 50) {
        let Call::Submit { key, body } = call else {
            unreachable!()
        };
        let accepted: serde_json::Value = client
            .post(format!("{base}/api/v1/submissions"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body.as_ref().clone())
            .send()
            .await
            .expect("submit")
            .json()
            .await
            .expect("accepted");
        tracked.push(Call::Track {
            receipt: accepted["receipt"].as_str().expect("receipt").to_owned(),
            secret: accepted["tracking_secret"]
                .as_str()
                .expect("secret")
                .to_owned(),
        });
    }
    let tracks: Vec<Call> = tracked.iter().cycle().take(5000 * scale).cloned().collect();

    let mut outcomes = Vec::new();
    let gets = |path: String, n: usize| vec![Call::Get(path); n];
    outcomes.push(
        run(
            &client,
            &base,
            "GET /healthz (baseline)",
            gets("/healthz".into(), 5000 * scale),
        )
        .await,
    );
    outcomes.push(
        run(
            &client,
            &base,
            "GET catalog full (85 procedures)",
            gets("/api/v1/catalog?commune=11560".into(), 1000 * scale),
        )
        .await,
    );
    outcomes.push(
        run(
            &client,
            &base,
            "GET catalog delta (nothing new)",
            gets(
                format!("/api/v1/catalog?commune=11560&since={version}"),
                5000 * scale,
            ),
        )
        .await,
    );
    outcomes.push(
        run(
            &client,
            &base,
            "POST submission, new key",
            new_calls.clone(),
        )
        .await,
    );
    outcomes.push(run(&client, &base, "POST submission, replayed key", new_calls).await);
    outcomes.push(
        run(
            &client,
            &base,
            "POST submission, 50% new / 50% replay",
            mixed,
        )
        .await,
    );
    outcomes.push(run(&client, &base, "GET tracking (receipt + secret)", tracks).await);
    let (rss, peak) = server.rss_mib();

    let baseline = outcomes[0].per_second;
    println!(
        "\nmotcua-server load, {CONCURRENCY} concurrent clients over loopback, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:<40} {:>8} {:>10} {:>9} {:>9} {:>9} {:>11}",
        "scenario", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "vs baseline"
    );
    for o in &outcomes {
        println!(
            "{:<40} {:>8} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>10.2}x",
            o.name,
            o.requests,
            o.per_second,
            o.p50_ms,
            o.p99_ms,
            o.max_ms,
            o.per_second / baseline
        );
    }
    let engine = if std::env::var("MOTCUA_BENCH_POSTGRES_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "database {engine}; server RSS idle {idle_rss:.1} MiB, after load {rss:.1} MiB, \
         peak {peak:.1} MiB"
    );
}
