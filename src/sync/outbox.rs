//! The outbox driver: carries out the effects of the domain [`SyncEngine`] in the browser.
//!
//! - Exactly one tab drives: it holds the Web Lock `motcua-outbox` for its lifetime; the other
//!   tabs wait in the lock's queue and the next takes over when the holder closes. Without Web
//!   Locks the tab drives alone.
//! - Tabs talk over `BroadcastChannel("motcua")`: `{"t":"changed"}` when a draft's state
//!   changed (every tab refreshes), `{"t":"enqueue","id":…}` and `{"t":"retry"}` from tabs that
//!   do not drive.
//! - On start the driver restores the stored items with [`SyncEngine::restore`] and enqueues
//!   drafts marked queued that have no live item, so a queue survives reloads and crashes.
//! - Effects: `Persist` writes the item (and the draft's state) before any request starts;
//!   uploads read the Blob from IndexedDB; `ScheduleWake` keeps one timer; a periodic `Tick`
//!   covers sleeping timers. HTTP outcomes map to [`FailureKind`].
//! - The idempotency key is the draft's, and the submission body is frozen on the draft at
//!   "Submit", so retries, reloads and two tabs send the same request.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::channel::mpsc::{unbounded, UnboundedSender};
use futures::StreamExt;
use gloo_net::http::{Request, Response};
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::feedback::{NewRating, RatingAccepted};
use motcua_domain::sync::{
    Effect, Event, FailureKind, ItemState, Notice, OutboxItem, OutboxKind, StateTag, SyncEngine,
};
use motcua_domain::{
    AttachmentUploaded, DraftId, FieldError, Localized, Sha256Hex, SubmissionAccepted,
    ValidationErrorBody, ValidationErrors,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::AppState;
use crate::storage::{self, Draft, Storage, SubmitState, Tracked};
use crate::text::now_ms;
use crate::util::{navigator_online, with_timeout};

/// The Web Lock the driving tab holds.
pub const LOCK_NAME: &str = "motcua-outbox";
/// The BroadcastChannel between tabs.
pub const CHANNEL: &str = "motcua";
/// How long one request may take before it counts as a network failure.
const REQUEST_TIMEOUT_MS: u32 = 30_000;
/// A safety tick, in case a timer was throttled while the tab slept.
const TICK_MS: u32 = 15_000;

struct Driver {
    tx: UnboundedSender<Event>,
}

thread_local! {
    static DRIVER: RefCell<Option<Driver>> = const { RefCell::new(None) };
    static CHANNEL_TX: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// Wakes [`start_deferred`] when there was nothing to send at start and now there is.
    static WAKE: RefCell<Option<futures::channel::oneshot::Sender<()>>> = const { RefCell::new(None) };
}

fn is_driver() -> bool {
    DRIVER.with(|d| d.borrow().is_some())
}

fn send(event: Event) -> bool {
    DRIVER.with(|d| {
        d.borrow()
            .as_ref()
            .is_some_and(|d| d.tx.unbounded_send(event).is_ok())
    })
}

fn broadcast(message: &serde_json::Value) {
    CHANNEL_TX.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&JsValue::from_str(&message.to_string()));
        }
    });
}

fn set_body_pending(n: usize) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-outbox-pending", &n.to_string());
    }
}

/// [`start`], once its code is there: with the `split` feature the driver, uploads and retries
/// are a separate wasm part, not part of what a cold visit downloads. A part that cannot be
/// fetched is tried again every [`TICK_MS`] (the queue is in IndexedDB meanwhile).
///
/// With nothing queued (every first visit, most visits) the part is not loaded at start: its
/// fetches and instantiation were the longest tasks after a landing's first screen on a slow
/// phone. It starts as soon as there is work: this tab queues a submission or a rating
/// ([`enqueue`], [`enqueue_rating`], [`retry_now`]), or another tab's outbox speaks on the
/// channel (it queued something; this tab then waits in the lock's queue to take over).
pub async fn start_deferred(state: AppState) {
    // Not in the task that marked the page ready (the stored catalog's decoding, the first
    // render): loading the part starts a dozen fetches and wasm instantiations.
    super::yield_to_browser().await;
    if !has_work().await {
        wait_for_work().await;
    }
    #[cfg(feature = "split")]
    while start_part(state).await.is_err() {
        gloo_timers::future::TimeoutFuture::new(TICK_MS).await;
    }
    #[cfg(not(feature = "split"))]
    start(state);
}

/// Whether the phone has anything to send ([`Storage::has_queued`]). Without storage, `true`
/// (the outbox starts as it always did).
async fn has_work() -> bool {
    match storage::shared().await {
        Some(db) => db.has_queued().await.unwrap_or(true),
        None => true,
    }
}

/// Resolves when this tab queues something ([`wake`]) or another tab's outbox says anything.
async fn wait_for_work() {
    let (tx, rx) = futures::channel::oneshot::channel();
    WAKE.with(|w| *w.borrow_mut() = Some(tx));
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|_| wake());
    if let Some(channel) = &channel {
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    }
    let _ = rx.await;
    if let Some(channel) = &channel {
        channel.set_onmessage(None);
        channel.close();
    }
    drop(on_message);
}

/// Starts the outbox if it is waiting for work ([`wait_for_work`]).
fn wake() {
    if let Some(tx) = WAKE.with(|w| w.borrow_mut().take()) {
        let _ = tx.send(());
    }
}

/// [`start`] as a lazily loaded wasm part.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(outbox, fallible, wasm_split_path = ::leptos::wasm_split)]
fn start_part(state: AppState) -> Result<(), leptos::wasm_split::SplitLoaderError> {
    start(state);
    Ok(())
}

/// Starts the outbox in this tab (once): listens to the other tabs and the network, and
/// queues for the lock that makes it the driver.
pub fn start(state: AppState) {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    set_body_pending(0);
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let text = ev.data().as_string().unwrap_or_default();
                let Ok(msg) = serde_json::from_str::<serde_json::Value>(&text) else {
                    return;
                };
                match msg.get("t").and_then(|t| t.as_str()) {
                    Some("changed") => {
                        state.drafts_rev.update(|r| *r += 1);
                        if !is_driver() {
                            spawn_local(refresh_pending_from_drafts(state));
                        }
                    }
                    Some("enqueue") if is_driver() => {
                        if let Some(id) = msg.get("id").and_then(|i| i.as_str()) {
                            let id = id.to_owned();
                            spawn_local(async move {
                                if let Some(draft) = load_draft(&id).await {
                                    send(Event::Enqueued(draft.outbox_item()));
                                }
                            });
                        }
                    }
                    Some("enqueue_item") if is_driver() => {
                        if let Some(id) = msg.get("id").and_then(|i| i.as_str()) {
                            let id = id.to_owned();
                            spawn_local(async move {
                                if let Some(item) = load_item(&id).await {
                                    send(Event::Enqueued(item));
                                }
                            });
                        }
                    }
                    Some("retry") if is_driver() => {
                        send(Event::RetryNow);
                    }
                    _ => {}
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        CHANNEL_TX.with(|c| *c.borrow_mut() = Some(channel));
    }
    let online = Closure::<dyn Fn()>::new(|| {
        send(Event::Online);
    });
    let offline = Closure::<dyn Fn()>::new(|| {
        send(Event::Offline);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let _ = w.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    }
    online.forget();
    offline.forget();
    spawn_local(refresh_pending_from_drafts(state));
    let locked = crate::web::hold_lock_for_life(LOCK_NAME, move || spawn_local(drive(state)));
    if !locked {
        spawn_local(drive(state));
    }
}

async fn load_draft(id: &str) -> Option<Draft> {
    storage::shared().await?.load_draft(id).await.ok().flatten()
}

async fn load_item(id: &str) -> Option<OutboxItem> {
    storage::shared()
        .await?
        .load_outbox_item(id)
        .await
        .ok()
        .flatten()
}

/// Puts a rating in the outbox: stored first (so a reload or a crash keeps it), then handed to
/// the engine here when this tab drives, else to the driving tab.
pub async fn enqueue_rating(state: AppState, rating: NewRating) -> bool {
    let item = OutboxItem::rating(rating);
    let stored = match storage::shared().await {
        Some(db) => db.save_outbox(&item).await.is_ok(),
        None => false,
    };
    wake();
    let id = item.draft_id.to_string();
    if !send(Event::Enqueued(item)) {
        broadcast(&serde_json::json!({ "t": "enqueue_item", "id": id }));
    }
    state.drafts_rev.update(|r| *r += 1);
    stored
}

/// Where the stored outbox item of a rating stands, for the page that made it (its state's tag
/// only: see [`storage::Storage::outbox_state`]).
pub async fn rating_state(id: &str) -> Option<StateTag> {
    storage::shared()
        .await?
        .outbox_state(id)
        .await
        .ok()
        .flatten()
}

async fn refresh_pending_from_drafts(state: AppState) {
    let Some(db) = storage::shared().await else {
        return;
    };
    if let Ok(drafts) = db.list_drafts().await {
        let n = drafts
            .iter()
            .filter(|d| d.submit == SubmitState::Queued)
            .count();
        state.outbox_pending.set(n);
        set_body_pending(n);
    }
}

/// Puts a draft (already saved with state `Queued` and its frozen submission) in the outbox:
/// directly when this tab drives, else through the driving tab.
pub fn enqueue(state: AppState, draft: &Draft) {
    wake();
    if !send(Event::Enqueued(draft.outbox_item())) {
        broadcast(&serde_json::json!({ "t": "enqueue", "id": draft.id.as_str() }));
        spawn_local(refresh_pending_from_drafts(state));
    }
}

/// "Try again now".
pub fn retry_now() {
    wake();
    if !send(Event::RetryNow) {
        broadcast(&serde_json::json!({ "t": "retry" }));
    }
}

/// This tab holds the lock: restore the queue and drive it until the tab closes.
async fn drive(state: AppState) {
    let Some(db) = storage::shared().await else {
        return;
    };
    let items = db.load_outbox().await.unwrap_or_default();
    let drafts = db.list_drafts().await.unwrap_or_default();
    let mut engine = SyncEngine::restore(items.clone(), navigator_online());
    let (tx, mut rx) = unbounded::<Event>();
    DRIVER.with(|d| *d.borrow_mut() = Some(Driver { tx: tx.clone() }));
    // Drafts whose item is missing (crash between the two writes) or was sent back for
    // corrections while the citizen already resubmitted: enqueue them (same key).
    for draft in &drafts {
        let item = items.iter().find(|i| i.draft_id == draft.id);
        let needs = draft.submit == SubmitState::Queued
            && item
                .is_none_or(|i| matches!(i.state, ItemState::Rejected(_) | ItemState::TooLarge(_)));
        if needs {
            let _ = tx.unbounded_send(Event::Enqueued(draft.outbox_item()));
        }
    }
    // Bring drafts in line with finished items (a crash between item and draft writes).
    for item in items.iter().filter(|i| i.is_terminal()) {
        mirror_on_draft(&db, item).await;
    }
    let _ = tx.unbounded_send(Event::Tick);
    let ticker = tx.clone();
    let interval = gloo_timers::callback::Interval::new(TICK_MS, move || {
        let _ = ticker.unbounded_send(Event::Tick);
    });
    interval.forget();
    let timer: Rc<RefCell<Option<gloo_timers::callback::Timeout>>> = Rc::default();
    while let Some(event) = rx.next().await {
        let now = now_ms() as u64;
        let effects = engine.handle(event, now, js_sys::Math::random());
        for effect in effects {
            match effect {
                Effect::Persist(item) => {
                    if let Err(e) = db.save_outbox(&item).await {
                        storage::web_log(&format!("motcua: outbox persist failed: {e}"));
                    }
                    if matches!(item.kind, OutboxKind::Rating(_)) {
                        state.drafts_rev.update(|r| *r += 1);
                        broadcast(&serde_json::json!({ "t": "changed" }));
                    } else if mirror_on_draft(&db, &item).await {
                        state.drafts_rev.update(|r| *r += 1);
                        broadcast(&serde_json::json!({ "t": "changed" }));
                    }
                }
                Effect::UploadAttachment { draft_id, sha256 } => {
                    spawn_local(upload(Rc::clone(&db), draft_id, sha256, tx.clone()));
                }
                Effect::PostSubmission { draft_id, key } => {
                    spawn_local(post(Rc::clone(&db), draft_id, key.to_string(), tx.clone()));
                }
                Effect::PostRating {
                    draft_id,
                    key,
                    rating,
                } => {
                    spawn_local(post_rating(draft_id, key.to_string(), rating, tx.clone()));
                }
                Effect::ScheduleWake { at_ms } => {
                    let delay = at_ms
                        .saturating_sub(now_ms() as u64)
                        .min(u64::from(u32::MAX));
                    let wake = tx.clone();
                    *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(
                        delay as u32,
                        move || {
                            let _ = wake.unbounded_send(Event::Tick);
                        },
                    ));
                }
                Effect::Notify(notice) => notify(state, notice),
            }
        }
        let pending = engine.pending_count();
        state.outbox_pending.set(pending);
        set_body_pending(pending);
    }
}

fn notify(state: AppState, notice: Notice) {
    match notice {
        Notice::WillRetry {
            draft_id, message, ..
        }
        | Notice::NeedsAttention { draft_id, message } => state.outbox_notices.update(|m| {
            m.insert(draft_id.to_string(), message);
        }),
        Notice::Accepted { draft_id, .. }
        | Notice::Rated { draft_id }
        | Notice::Queued { draft_id } => {
            state.outbox_notices.update(|m| {
                m.remove(draft_id.as_str());
            });
        }
    }
}

/// Writes the item's state onto its draft; true when the draft changed.
async fn mirror_on_draft(db: &Storage, item: &OutboxItem) -> bool {
    let Ok(Some(mut draft)) = db.load_draft(item.draft_id.as_str()).await else {
        return false;
    };
    let message = item
        .last_error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_else(|| Localized::new("", ""));
    let next = match &item.state {
        ItemState::Done(accepted) => {
            let tracked = Tracked {
                receipt: accepted.receipt.to_string(),
                secret: accepted.tracking_secret.to_string(),
                view: None,
                fetched_ms: None,
            };
            if db
                .load_tracked(tracked.receipt.as_str())
                .await
                .ok()
                .flatten()
                .is_none()
            {
                let _ = db.save_tracked(&tracked).await;
            }
            SubmitState::Sent {
                accepted: accepted.clone(),
            }
        }
        ItemState::Rejected(errors) => SubmitState::NeedsAttention {
            errors: errors.clone(),
            message,
        },
        ItemState::TooLarge(sha) => {
            let field = sha
                .as_ref()
                .and_then(|s| draft.photos.iter().find(|p| &p.sha256 == s))
                .map(|p| p.field.clone());
            let errors = ValidationErrors {
                errors: field
                    .map(|f| {
                        vec![FieldError::new(
                            f,
                            "photo_too_large",
                            Localized::new(
                                "Ảnh này quá lớn để gửi. Hãy xóa ảnh và chụp lại.",
                                "This photo is too large to send. Remove it and take it again.",
                            ),
                        )]
                    })
                    .unwrap_or_default(),
            };
            SubmitState::NeedsAttention { errors, message }
        }
        ItemState::Conflict => SubmitState::NeedsAttention {
            errors: ValidationErrors::default(),
            message,
        },
        _ => SubmitState::Queued,
    };
    if draft.submit == next || matches!(draft.submit, SubmitState::Sent { .. }) {
        return false;
    }
    draft.submit = next;
    db.save_draft(&draft).await.is_ok()
}

fn abortable(
    request: gloo_net::http::RequestBuilder,
) -> (
    gloo_net::http::RequestBuilder,
    Option<web_sys::AbortController>,
) {
    match web_sys::AbortController::new() {
        Ok(controller) => {
            let request = request.abort_signal(Some(&controller.signal()));
            (request, Some(controller))
        }
        Err(_) => (request, None),
    }
}

async fn send_request(
    request: Request,
    controller: Option<web_sys::AbortController>,
) -> Result<(u16, String, Option<String>), FailureKind> {
    let response: Option<Result<Response, _>> =
        with_timeout(request.send(), REQUEST_TIMEOUT_MS).await;
    let response = match response {
        Some(Ok(r)) => r,
        Some(Err(_)) => return Err(FailureKind::Network),
        None => {
            if let Some(c) = controller {
                c.abort();
            }
            return Err(FailureKind::Network);
        }
    };
    let status = response.status();
    let retry_after = response.headers().get("Retry-After");
    let body = with_timeout(response.text(), REQUEST_TIMEOUT_MS)
        .await
        .and_then(Result::ok)
        .ok_or(FailureKind::Network)?;
    Ok((status, body, retry_after))
}

/// Maps an HTTP error answer to how the engine treats it.
pub fn classify(status: u16, body: &str, retry_after: Option<&str>) -> FailureKind {
    match status {
        409 => FailureKind::Conflict409,
        413 => FailureKind::TooLarge413,
        422 => match serde_json::from_str::<ValidationErrorBody>(body) {
            Ok(b) => FailureKind::Validation422 { errors: b.into() },
            Err(_) => FailureKind::Validation422 {
                errors: ValidationErrors::default(),
            },
        },
        429 | 503 if retry_after.is_some() => FailureKind::RateLimited {
            retry_after_ms: retry_after
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map_or(5_000, |s| s.saturating_mul(1000)),
        },
        429 => FailureKind::RateLimited {
            retry_after_ms: 5_000,
        },
        // 400 on an upload is a checksum mismatch (bytes damaged on the way): send again.
        400 => FailureKind::Network,
        _ => FailureKind::Server5xx,
    }
}

async fn upload(db: Rc<Storage>, draft_id: DraftId, sha256: Sha256Hex, tx: UnboundedSender<Event>) {
    let event = match upload_once(&db, &draft_id, &sha256).await {
        Ok(()) => Event::AttachmentUploaded { draft_id, sha256 },
        Err(kind) => Event::RequestFailed { draft_id, kind },
    };
    let _ = tx.unbounded_send(event);
}

async fn upload_once(
    db: &Storage,
    draft_id: &DraftId,
    sha256: &Sha256Hex,
) -> Result<(), FailureKind> {
    let photo_field = || {
        let sha = sha256.clone();
        async move {
            db.load_draft(draft_id.as_str())
                .await
                .ok()
                .flatten()
                .and_then(|d| {
                    d.photos
                        .iter()
                        .find(|p| p.sha256 == sha)
                        .map(|p| p.field.clone())
                })
                .unwrap_or_else(|| "attachments".to_owned())
        }
    };
    let blob = match db.get_blob(sha256.as_str()).await {
        Ok(Some(blob)) => blob,
        Ok(None) => {
            let field = photo_field().await;
            return Err(FailureKind::Validation422 {
                errors: ValidationErrors {
                    errors: vec![FieldError::new(
                        field,
                        "photo_missing",
                        Localized::new(
                            "Ảnh này không còn trên máy. Hãy xóa và thêm lại ảnh.",
                            "This photo is no longer on the phone. Remove it and add it again.",
                        ),
                    )],
                },
            });
        }
        Err(_) => return Err(FailureKind::Network),
    };
    let content_type = if blob.type_().is_empty() {
        "application/octet-stream".to_owned()
    } else {
        blob.type_()
    };
    let (builder, controller) = abortable(
        Request::post("/api/v1/attachments")
            .header("X-Content-Sha256", sha256.as_str())
            .header("Content-Type", &content_type),
    );
    let request = builder.body(blob).map_err(|_| FailureKind::Network)?;
    let (status, body, retry_after) = send_request(request, controller).await?;
    match status {
        200..=299 => match serde_json::from_str::<AttachmentUploaded>(&body) {
            Ok(answer) if &answer.sha256 == sha256 => Ok(()),
            _ => Err(FailureKind::Server5xx),
        },
        415 => {
            let field = photo_field().await;
            Err(FailureKind::Validation422 {
                errors: ValidationErrors {
                    errors: vec![FieldError::new(
                        field,
                        "not_an_image",
                        Localized::new(
                            "Máy chủ không nhận tệp này là ảnh. Hãy xóa và chụp lại.",
                            "The server did not accept this file as a photo. Remove it and take it again.",
                        ),
                    )],
                },
            })
        }
        s => Err(classify(s, &body, retry_after.as_deref())),
    }
}

async fn post(db: Rc<Storage>, draft_id: DraftId, key: String, tx: UnboundedSender<Event>) {
    let event = match post_once(&db, &draft_id, &key).await {
        Ok(accepted) => Event::SubmissionAccepted { draft_id, accepted },
        Err(kind) => Event::RequestFailed { draft_id, kind },
    };
    let _ = tx.unbounded_send(event);
}

async fn post_once(
    db: &Storage,
    draft_id: &DraftId,
    key: &str,
) -> Result<SubmissionAccepted, FailureKind> {
    let draft = match db.load_draft(draft_id.as_str()).await {
        Ok(Some(d)) => d,
        Ok(None) => {
            return Err(FailureKind::Validation422 {
                errors: ValidationErrors::default(),
            })
        }
        Err(_) => return Err(FailureKind::Network),
    };
    let submission = draft
        .submission
        .clone()
        .unwrap_or_else(|| draft.to_submission());
    let json = serde_json::to_string(&submission).map_err(|_| FailureKind::Server5xx)?;
    let (builder, controller) = abortable(
        Request::post("/api/v1/submissions")
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json"),
    );
    let request = builder.body(json).map_err(|_| FailureKind::Network)?;
    let (status, body, retry_after) = send_request(request, controller).await?;
    match status {
        200..=299 => serde_json::from_str(&body).map_err(|_| FailureKind::Server5xx),
        s => Err(classify(s, &body, retry_after.as_deref())),
    }
}

async fn post_rating(
    draft_id: DraftId,
    key: String,
    rating: NewRating,
    tx: UnboundedSender<Event>,
) {
    let event = match post_rating_once(&key, &rating).await {
        Ok(accepted) => Event::RatingAccepted { draft_id, accepted },
        Err(kind) => Event::RequestFailed { draft_id, kind },
    };
    let _ = tx.unbounded_send(event);
}

async fn post_rating_once(key: &str, rating: &NewRating) -> Result<RatingAccepted, FailureKind> {
    let json = serde_json::to_string(rating).map_err(|_| FailureKind::Server5xx)?;
    let (builder, controller) = abortable(
        Request::post("/api/v1/ratings")
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json"),
    );
    let request = builder.body(json).map_err(|_| FailureKind::Network)?;
    let (status, body, retry_after) = send_request(request, controller).await?;
    match status {
        200..=299 => serde_json::from_str(&body).map_err(|_| FailureKind::Server5xx),
        // An unknown receipt or a wrong secret will not get better by retrying.
        404 => Err(FailureKind::Validation422 {
            errors: ValidationErrors::default(),
        }),
        s => Err(classify(s, &body, retry_after.as_deref())),
    }
}
