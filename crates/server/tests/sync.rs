//! Client/server sync over a flaky network, in the style of atuin's `atuin-server/tests/sync.rs`:
//! a Rust client drives the domain's [`SyncEngine`] and performs its effects with reqwest against
//! the real server, through a fault-injecting TCP proxy, while the server is restarted twice on
//! the same database and data directory (once gracefully through the `serve_on` shutdown future,
//! once by aborting its task, like a kill -9).

pub mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::submit::{birth, jpeg, sha256};
use motcua_domain::sync::{Effect, Event, FailureKind, ItemState, OutboxItem, SyncEngine};
use motcua_domain::{
    AttachmentRef, DraftId, IdempotencyKey, NewSubmission, Sha256Hex, SubmissionAccepted,
    ValidationErrorBody,
};
use motcua_server::blobs::{hash_file, Blobs};
use motcua_server::{Config, Db};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const DRAFTS: usize = 50;

/// What the proxy does with the next connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Fault {
    /// Forward both ways.
    Pass = 0,
    /// Close at once (like a refused or reset connection).
    Refuse = 1,
    /// Forward the request, wait for the answer to start, then cut: processed, answer lost.
    LoseAnswer = 2,
    /// Wait a little before forwarding.
    Delay = 3,
}

impl Fault {
    fn from_u8(n: u8) -> Self {
        match n {
            1 => Self::Refuse,
            2 => Self::LoseAnswer,
            3 => Self::Delay,
            _ => Self::Pass,
        }
    }
}

/// A tiny TCP proxy on 127.0.0.1:0 whose behaviour the test toggles.
struct Proxy {
    addr: SocketAddr,
    fault: Arc<AtomicU8>,
    upstream: Arc<Mutex<Option<SocketAddr>>>,
}

impl Proxy {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let fault = Arc::new(AtomicU8::new(Fault::Pass as u8));
        let upstream: Arc<Mutex<Option<SocketAddr>>> = Arc::new(Mutex::new(None));
        let (f, u) = (fault.clone(), upstream.clone());
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let fault = Fault::from_u8(f.load(Ordering::Relaxed));
                let upstream = *u.lock().unwrap();
                tokio::spawn(relay(client, upstream, fault));
            }
        });
        Self {
            addr,
            fault,
            upstream,
        }
    }

    fn point_to(&self, upstream: Option<SocketAddr>) {
        *self.upstream.lock().unwrap() = upstream;
    }
}

async fn relay(mut client: TcpStream, upstream: Option<SocketAddr>, fault: Fault) {
    let Some(upstream) = upstream else {
        return; // the server is down: the connection closes at once
    };
    if fault == Fault::Refuse {
        return;
    }
    if fault == Fault::Delay {
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    if fault == Fault::LoseAnswer {
        let (mut client_read, _client_write) = client.into_split();
        let (mut server_read, mut server_write) = server.into_split();
        let forward =
            tokio::spawn(async move { tokio::io::copy(&mut client_read, &mut server_write).await });
        let mut first = [0u8; 1];
        let _ = server_read.read(&mut first).await;
        forward.abort();
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
}

/// A server run on the test's directory, stoppable gracefully or by abort.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

async fn start_server(config: &Config, proxy: &Proxy) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(motcua_server::serve_on(listener, config.clone(), async {
        let _ = stopped.await;
    }));
    // Wait until it answers, then let the proxy through.
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    proxy.point_to(Some(addr));
    Running { stop, task }
}

/// A small xorshift generator: jitter and fault choices, reproducible by seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The phone: the engine, the drafts' bodies and photos, and what it saw.
struct Phone {
    engine: SyncEngine,
    http: reqwest::Client,
    base: String,
    drafts: HashMap<DraftId, NewSubmission>,
    photos: HashMap<Sha256Hex, Vec<u8>>,
    keys: HashMap<DraftId, IdempotencyKey>,
    /// Virtual clock: real time plus the waits skipped.
    clock_ms: u64,
    wake_at: Option<u64>,
    rng: Rng,
    requests: usize,
    replays: usize,
}

impl Phone {
    fn handle(&mut self, event: Event) -> Vec<Effect> {
        let jitter = self.rng.unit();
        self.engine.handle(event, self.clock_ms, jitter)
    }

    fn check_key(&mut self, draft: &DraftId, key: &IdempotencyKey) {
        let first = self
            .keys
            .entry(draft.clone())
            .or_insert_with(|| key.clone());
        assert_eq!(first, key, "the key of {draft} changed");
        assert_eq!(*key, IdempotencyKey::for_draft(draft));
    }

    /// Carries out effects (and those they lead to) until none is left.
    async fn run(&mut self, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let mut next = Vec::new();
            for effect in effects {
                match effect {
                    Effect::Persist(item) => self.check_key(&item.draft_id, &item.key),
                    Effect::ScheduleWake { at_ms } => self.wake_at = Some(at_ms),
                    Effect::Notify(_) => {}
                    Effect::PostRating { .. } => unreachable!("this test enqueues no ratings"),
                    Effect::UploadAttachment { draft_id, sha256 } => {
                        let event = self.upload(draft_id, sha256).await;
                        next.extend(self.handle(event));
                    }
                    Effect::PostSubmission { draft_id, key } => {
                        self.check_key(&draft_id, &key);
                        let event = self.post(draft_id, key).await;
                        next.extend(self.handle(event));
                    }
                }
            }
            effects = next;
        }
    }

    async fn upload(&mut self, draft_id: DraftId, sha: Sha256Hex) -> Event {
        self.requests += 1;
        let bytes = self.photos[&sha].clone();
        let sent = self
            .http
            .post(format!("{}/api/v1/attachments", self.base))
            .header("x-content-sha256", sha.as_str())
            .body(bytes)
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => {
                match r.json::<motcua_domain::AttachmentUploaded>().await {
                    Ok(up) => {
                        assert_eq!(up.sha256, sha);
                        Event::AttachmentUploaded {
                            draft_id,
                            sha256: up.sha256,
                        }
                    }
                    Err(_) => failed(draft_id, FailureKind::Network),
                }
            }
            Ok(r) => failed(draft_id, classify(r).await),
            Err(_) => failed(draft_id, FailureKind::Network),
        }
    }

    async fn post(&mut self, draft_id: DraftId, key: IdempotencyKey) -> Event {
        self.requests += 1;
        let body = self.drafts[&draft_id].clone();
        let sent = self
            .http
            .post(format!("{}/api/v1/submissions", self.base))
            .header("idempotency-key", key.as_str())
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == 201 => {
                if r.headers().contains_key("idempotent-replayed") {
                    self.replays += 1;
                }
                match r.json::<SubmissionAccepted>().await {
                    Ok(accepted) => Event::SubmissionAccepted { draft_id, accepted },
                    Err(_) => failed(draft_id, FailureKind::Network),
                }
            }
            Ok(r) => failed(draft_id, classify(r).await),
            Err(_) => failed(draft_id, FailureKind::Network),
        }
    }

    fn all_done(&self) -> bool {
        self.engine
            .items()
            .iter()
            .all(|i| matches!(i.state, ItemState::Done(_)))
    }

    fn done_count(&self) -> usize {
        self.engine
            .items()
            .iter()
            .filter(|i| matches!(i.state, ItemState::Done(_)))
            .count()
    }
}

fn failed(draft_id: DraftId, kind: FailureKind) -> Event {
    Event::RequestFailed { draft_id, kind }
}

async fn classify(response: reqwest::Response) -> FailureKind {
    match response.status().as_u16() {
        409 => FailureKind::Conflict409,
        413 => FailureKind::TooLarge413,
        422 => match response.json::<ValidationErrorBody>().await {
            Ok(body) => FailureKind::Validation422 {
                errors: body.into(),
            },
            Err(_) => FailureKind::Server5xx,
        },
        429 => FailureKind::RateLimited {
            retry_after_ms: 1000,
        },
        _ => FailureKind::Server5xx,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_drafts_sync_exactly_once_through_faults_and_restarts() {
    let dir = common::temp_dir();
    let config = common::config_in(dir.path());
    let proxy = Proxy::start().await;
    let mut server = start_server(&config, &proxy).await;

    // 50 drafts, each with one or two photos; every fifth shares a photo with the one before.
    let mut drafts = HashMap::new();
    let mut photos = HashMap::new();
    let mut items = Vec::new();
    for n in 0..DRAFTS {
        let draft = format!("sync-draft-{n:06}-abcdef");
        let count = 1 + n % 2;
        let mut refs = Vec::new();
        for p in 0..count {
            let seed = if n % 5 == 4 && p == 0 {
                (n as u64 - 1) * 10
            } else {
                n as u64 * 10 + p as u64
            };
            let bytes = jpeg(seed, 40_000 + 997 * n);
            let sha = sha256(&bytes);
            refs.push(AttachmentRef {
                sha256: sha.clone(),
                bytes: bytes.len() as u64,
                content_type: "image/jpeg".into(),
                field: "birth_certificate_photo".into(),
                document_id: None,
            });
            photos.insert(sha, bytes);
        }
        let submission = birth(&draft, refs);
        let id = submission.draft_id.clone();
        items.push(OutboxItem::new(
            id.clone(),
            submission.attachments.iter().map(|a| a.sha256.clone()),
        ));
        drafts.insert(id, submission);
    }

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .pool_max_idle_per_host(0) // one connection per request, so every fault bites
        .build()
        .unwrap();
    let mut phone = Phone {
        engine: SyncEngine::new(true),
        http,
        base: format!("http://{}", proxy.addr),
        drafts,
        photos,
        keys: HashMap::new(),
        clock_ms: 1_000_000,
        wake_at: None,
        rng: Rng(0x5eed_1234_abcd_0001),
        requests: 0,
        replays: 0,
    };

    // Faults flap every 20–120 ms until the phone is done.
    let stop_flapping = Arc::new(AtomicBool::new(false));
    let flapper = {
        let stop = stop_flapping.clone();
        let fault = proxy.fault.clone();
        tokio::spawn(async move {
            let mut rng = Rng(0xfa17_5eed_0000_0001);
            while !stop.load(Ordering::Relaxed) {
                let f = match rng.next() % 20 {
                    0..=9 => Fault::Pass,
                    10..=12 => Fault::Refuse,
                    13..=16 => Fault::LoseAnswer,
                    _ => Fault::Delay,
                };
                fault.store(f as u8, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20 + rng.next() % 100)).await;
            }
            fault.store(Fault::Pass as u8, Ordering::Relaxed);
        })
    };

    // The phone runs in its own task and publishes its progress.
    let done = Arc::new(AtomicUsize::new(0));
    let phone_task = {
        let done = done.clone();
        tokio::spawn(async move {
            let start = Instant::now();
            let mut effects = Vec::new();
            for item in items {
                effects.extend(phone.handle(Event::Enqueued(item)));
            }
            phone.run(effects).await;
            while !phone.all_done() {
                assert!(
                    start.elapsed() < Duration::from_secs(120),
                    "sync did not finish"
                );
                done.store(phone.done_count(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(10)).await;
                // Skip the backoff wait: jump the virtual clock to the wake-up time.
                phone.clock_ms += 10;
                if let Some(at) = phone.wake_at.take() {
                    phone.clock_ms = phone.clock_ms.max(at);
                }
                let effects = phone.handle(Event::Tick);
                phone.run(effects).await;
            }
            done.store(DRAFTS, Ordering::Relaxed);
            phone
        })
    };

    // Restart the server twice mid-run: gracefully after 10 drafts are done, by abort after 30.
    let mut restarts = Vec::new();
    for (threshold, graceful) in [(10, true), (30, false)] {
        while done.load(Ordering::Relaxed) < threshold {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        restarts.push(done.load(Ordering::Relaxed));
        proxy.point_to(None);
        if graceful {
            let _ = server.stop.send(());
            server.task.await.unwrap().unwrap();
        } else {
            server.task.abort();
            let _ = server.task.await;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
        server = start_server(&config, &proxy).await;
    }

    let phone = phone_task.await.expect("phone task");
    stop_flapping.store(true, Ordering::Relaxed);
    flapper.await.unwrap();
    let _ = server.stop.send(());
    server.task.await.unwrap().unwrap();
    assert!(
        restarts.iter().all(|d| *d < DRAFTS),
        "restarts happened mid-run: {restarts:?}"
    );
    eprintln!(
        "{} requests, {} replayed submissions, restarts at {restarts:?} drafts done",
        phone.requests, phone.replays
    );

    // The server holds exactly 50 submissions, one per draft, under the draft's key.
    let db = Db::connect(&config.database_url).await.unwrap();
    let blobs = Blobs::open(&config.data_dir).unwrap();
    assert_eq!(db.submission_count().await.unwrap(), DRAFTS as u64);
    for item in phone.engine.items() {
        let ItemState::Done(accepted) = &item.state else {
            panic!("{} not done: {:?}", item.draft_id, item.state);
        };
        assert_eq!(item.key, IdempotencyKey::for_draft(&item.draft_id));
        assert_eq!(phone.keys[&item.draft_id], item.key, "key never changed");
        let stored = db
            .submission_by_key(item.key.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.receipt, accepted.receipt);
        assert_eq!(stored.draft_id, item.draft_id.as_str());
        assert_eq!(stored.attachments, phone.drafts[&item.draft_id].attachments);
        for attachment in &stored.attachments {
            let on_disk = hash_file(&blobs.path_of(&attachment.sha256)).await.unwrap();
            assert_eq!(
                on_disk, attachment.sha256,
                "stored bytes hash to their sha256"
            );
        }
    }
    let tmp = config.data_dir.join("attachments/tmp");
    let leftovers = std::fs::read_dir(tmp).unwrap().count();
    assert_eq!(leftovers, 0, "no temporary upload files left");
    db.close().await;
}
