//! # The outbox sync protocol
//!
//! A pure state machine that moves submitted drafts from the phone to the commune's server
//! exactly once over a network that comes and goes. It performs no IO and reads no clock: the
//! app feeds it [`Event`]s with the current time and a random `jitter ∈ [0, 1)`, and carries
//! out the [`Effect`]s it returns (HTTP requests, timers, IndexedDB writes, UI notices).
//!
//! ## Items and states
//!
//! Each submitted draft is one [`OutboxItem`]; so is each rating ([`OutboxKind::Rating`]: no
//! attachments, `PostRating` instead of `PostSubmission`, `Rated` instead of `Done`, otherwise
//! the same states, retries and invariants). Its [`ItemState`]:
//!
//! ```text
//!             Enqueued                          AttachmentUploaded (more left)
//!   (new) ───────────▶ Queued ──start──▶ UploadingAttachment(sha) ──┐
//!                        ▲  ▲                 │                      │
//!      Online / RetryNow │  └─────────────────┼──────────────────────┘
//!      / due on Tick     │                    │ AttachmentUploaded (none left)
//!                        │                    ▼
//!                  WaitingRetry ◀──fail── Submitting ──SubmissionAccepted──▶ Done(receipt)
//!                  (Network, 5xx, 429)        │
//!                                             ├── 422 ──▶ Rejected(errors)   (citizen edits, re-enqueues)
//!                                             ├── 413 ──▶ TooLarge(sha?)     (citizen retakes photo, re-enqueues)
//!                                             └── 409 ──▶ Conflict           (shown; never retried)
//! ```
//!
//! `Done`, `Rejected`, `TooLarge` and `Conflict` are terminal: the engine sends nothing more for
//! them. Re-enqueuing a `Rejected` or `TooLarge` draft puts it back in `Queued` with the same
//! key; re-enqueuing a live or `Done` draft is ignored (two tabs submitting the same draft
//! produce one item); a `Conflict` stays a conflict.
//!
//! ## Events → effects
//!
//! | Event | Effects |
//! |---|---|
//! | [`Event::Enqueued`] | `Persist`, `Notify(Queued)`, then the *pump* |
//! | [`Event::Online`], [`Event::RetryNow`] | waiting items become due now; pump |
//! | [`Event::Tick`] | pump (items whose `next_attempt_at_ms ≤ now` start) |
//! | [`Event::Offline`] | none: nothing new starts; the request in flight is awaited |
//! | [`Event::AttachmentUploaded`] | `Persist`; pump |
//! | [`Event::SubmissionAccepted`] | `Persist`, `Notify(Accepted)`; pump |
//! | [`Event::RequestFailed`] | `Persist`, `Notify`, `ScheduleWake` for a retry; pump |
//!
//! The *pump*: when online and no request is in flight, the first due item (enqueue order)
//! starts its next request — `UploadAttachment` for its first attachment not yet uploaded, else
//! `PostSubmission` — with a `Persist`. When nothing is due but some item waits, it emits
//! `ScheduleWake { at_ms }` for the earliest (the app keeps one timer and replaces it).
//!
//! ## Retries
//!
//! Network errors, 5xx and 429 while online count an attempt and wait
//! [`backoff_ms`]`(attempts, jitter)`: full jitter over `min(5 min, 1 s × 2^(attempts−1))`
//! (for 429 at least `Retry-After`). Retries go on on the timer for as long as the browser says
//! it is online, so a queue drains by itself when the server comes back. A failure that arrives
//! while offline counts nothing and leaves the item `Queued` for when the network returns.
//!
//! ## Invariants
//!
//! 1. **A draft's key never changes**: it is [`IdempotencyKey::for_draft`], set at enqueue and
//!    kept through every retry, reload and re-enqueue; a retried request carries the same key.
//! 2. **Attachments are uploaded before the submission**: `PostSubmission` is emitted only when
//!    every attachment of the item is marked uploaded, which happens only on
//!    `AttachmentUploaded` for that hash.
//! 3. **One request in flight per engine**; every request effect must be answered by exactly one
//!    event (the app turns timeouts and aborted fetches into `RequestFailed { Network }`).
//! 4. **Done exactly once**: an item becomes `Done` on the first `SubmissionAccepted`; a late or
//!    repeated acceptance is ignored. Duplicate POSTs are harmless because the server answers a
//!    replayed key with the original response.
//! 5. **Nothing is dropped**: every state change emits `Persist(item)` before its request; a
//!    reload restores items with [`SyncEngine::restore`], in-flight ones back to `Queued`.
//! 6. The server binds a key only when it accepts a submission (2xx): after a 422 or 413 the
//!    citizen's corrected draft is sent again under the same key.

use serde::{Deserialize, Serialize};

use crate::feedback::{NewRating, RatingAccepted};
use crate::submission::{
    DraftId, IdempotencyKey, ReceiptCode, Sha256Hex, SubmissionAccepted, ValidationErrors,
};
use crate::text::Localized;

mod engine;
pub use engine::{backoff_ms, SyncEngine, BACKOFF_BASE_MS, BACKOFF_CAP_MS};

/// One submitted draft on its way to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// The draft.
    pub draft_id: DraftId,
    /// Its idempotency key, [`IdempotencyKey::for_draft`]; never changes.
    pub key: IdempotencyKey,
    /// Its attachments by hash, in upload order, with whether the server has them.
    pub attachments: Vec<(Sha256Hex, bool)>,
    /// Where it stands.
    pub state: ItemState,
    /// Consecutive failed attempts counted since the last success.
    pub attempts: u32,
    /// When the next attempt is due (only in `WaitingRetry`).
    pub next_attempt_at_ms: Option<u64>,
    /// The last failure, for the citizen.
    pub last_error: Option<SyncError>,
    /// What is sent: a submitted draft (the default, so items stored before ratings existed
    /// still decode) or a rating.
    #[serde(default)]
    pub kind: OutboxKind,
}

/// What an outbox item carries to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum OutboxKind {
    /// A draft's submission (`POST /submissions`; the body is frozen on the draft).
    #[default]
    Submission,
    /// A rating (`POST /ratings`), carried whole: there is no draft behind it.
    Rating(Box<NewRating>),
}

impl OutboxItem {
    /// A new item for a draft with its attachments' hashes (duplicates are sent once).
    pub fn new(draft_id: DraftId, attachments: impl IntoIterator<Item = Sha256Hex>) -> Self {
        let mut list: Vec<(Sha256Hex, bool)> = Vec::new();
        for sha in attachments {
            if !list.iter().any(|(s, _)| *s == sha) {
                list.push((sha, false));
            }
        }
        Self {
            key: IdempotencyKey::for_draft(&draft_id),
            draft_id,
            attachments: list,
            state: ItemState::Queued,
            attempts: 0,
            next_attempt_at_ms: None,
            last_error: None,
            kind: OutboxKind::Submission,
        }
    }

    /// An item for a rating; its id and key are the rating's.
    pub fn rating(rating: NewRating) -> Self {
        Self {
            draft_id: rating.id.clone(),
            key: rating.key.clone(),
            attachments: Vec::new(),
            state: ItemState::Queued,
            attempts: 0,
            next_attempt_at_ms: None,
            last_error: None,
            kind: OutboxKind::Rating(Box::new(rating)),
        }
    }

    /// True when the engine will send nothing more for it.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self.state,
            ItemState::Done(_)
                | ItemState::Rated(_)
                | ItemState::Rejected(_)
                | ItemState::TooLarge(_)
                | ItemState::Conflict
        )
    }
}

/// Where an outbox item stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "detail", rename_all = "snake_case")]
pub enum ItemState {
    /// Due: waits for its turn.
    Queued,
    /// Uploading this attachment.
    UploadingAttachment(Sha256Hex),
    /// Posting the submission.
    Submitting,
    /// Accepted: the receipt (terminal).
    Done(SubmissionAccepted),
    /// A rating accepted (terminal).
    Rated(RatingAccepted),
    /// The server found answers to correct (422); the citizen edits and submits again (terminal).
    Rejected(ValidationErrors),
    /// An attachment (or the request) is too large (413); the draft is kept (terminal).
    TooLarge(Option<Sha256Hex>),
    /// The server holds this key with a different body (409); shown, never retried (terminal).
    Conflict,
    /// Failed; waits until `next_attempt_at_ms`, the network returning, or "try again".
    WaitingRetry,
}

/// Which [`ItemState`] an item is in, without its detail: what a stored item's `state.state`
/// says. A page that only follows an item (the rating form) reads this instead of the whole
/// item, so it carries none of the item's decoders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateTag {
    /// [`ItemState::Queued`].
    Queued,
    /// [`ItemState::UploadingAttachment`].
    UploadingAttachment,
    /// [`ItemState::Submitting`].
    Submitting,
    /// [`ItemState::Done`].
    Done,
    /// [`ItemState::Rated`].
    Rated,
    /// [`ItemState::Rejected`].
    Rejected,
    /// [`ItemState::TooLarge`].
    TooLarge,
    /// [`ItemState::Conflict`].
    Conflict,
    /// [`ItemState::WaitingRetry`].
    WaitingRetry,
}

/// A stored [`OutboxItem`] read for its [`StateTag`] only.
#[derive(Debug, Deserialize)]
pub struct StateProbe {
    /// The item's state, its tag only.
    pub state: StateTagOnly,
}

/// The `{"state": …}` part of a serialized [`ItemState`].
#[derive(Debug, Deserialize)]
pub struct StateTagOnly {
    /// The tag.
    pub state: StateTag,
}

/// Why the last attempt failed, for the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncError {
    /// Stable code: `network`, `server`, `rate_limited`, `validation`, `too_large`, `conflict`.
    pub code: String,
    /// What happened and what to do, never a raw HTTP status.
    pub message: Localized,
    /// When it happened.
    pub at_ms: u64,
}

/// Why a request failed, as the app classifies the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailureKind {
    /// No response (offline, DNS, reset, timeout).
    Network,
    /// 5xx.
    Server5xx,
    /// 409: the key was used with a different body.
    Conflict409,
    /// 422 with the field errors.
    Validation422 {
        /// The field errors to show on the draft.
        errors: ValidationErrors,
    },
    /// 413.
    TooLarge413,
    /// 429 / 503 with `Retry-After`.
    RateLimited {
        /// The server's wait, in ms.
        retry_after_ms: u64,
    },
}

/// What happens to the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The browser went online (`online` event, or at start).
    Online,
    /// The browser went offline.
    Offline,
    /// A timer fired (after `ScheduleWake`, or periodically).
    Tick,
    /// The citizen pressed "Submit" on a draft.
    Enqueued(OutboxItem),
    /// The citizen pressed "Try again".
    RetryNow,
    /// `POST /api/v1/attachments` succeeded.
    AttachmentUploaded {
        /// The draft whose attachment it was.
        draft_id: DraftId,
        /// The hash the server confirmed.
        sha256: Sha256Hex,
    },
    /// `POST /api/v1/submissions` succeeded (first time or replay).
    SubmissionAccepted {
        /// The draft.
        draft_id: DraftId,
        /// The server's answer.
        accepted: SubmissionAccepted,
    },
    /// `POST /api/v1/ratings` succeeded (first time or replay).
    RatingAccepted {
        /// The rating's item id.
        draft_id: DraftId,
        /// The server's answer.
        accepted: RatingAccepted,
    },
    /// The request in flight for a draft failed.
    RequestFailed {
        /// The draft.
        draft_id: DraftId,
        /// How.
        kind: FailureKind,
    },
}

/// What the app must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Upload the attachment's bytes (from IndexedDB) to `POST /api/v1/attachments`.
    UploadAttachment {
        /// The draft.
        draft_id: DraftId,
        /// Which attachment.
        sha256: Sha256Hex,
    },
    /// Post the draft as a submission with header `Idempotency-Key: key`.
    PostSubmission {
        /// The draft.
        draft_id: DraftId,
        /// The key to send.
        key: IdempotencyKey,
    },
    /// Post the rating with header `Idempotency-Key: key`.
    PostRating {
        /// The item id.
        draft_id: DraftId,
        /// The key to send.
        key: IdempotencyKey,
        /// The body.
        rating: NewRating,
    },
    /// Set the (single) wake-up timer to fire `Tick` at this time.
    ScheduleWake {
        /// When.
        at_ms: u64,
    },
    /// Write the item to IndexedDB (before carrying out any request effect that follows).
    Persist(OutboxItem),
    /// Tell the citizen.
    Notify(Notice),
}

/// Something to tell the citizen about a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The draft is in the outbox and will be sent.
    Queued {
        /// The draft.
        draft_id: DraftId,
    },
    /// The office received it.
    Accepted {
        /// The draft.
        draft_id: DraftId,
        /// The receipt code to show.
        receipt: ReceiptCode,
    },
    /// The office received a rating.
    Rated {
        /// The item id.
        draft_id: DraftId,
    },
    /// Not sent yet; the engine retries by itself.
    WillRetry {
        /// The draft.
        draft_id: DraftId,
        /// When the next attempt is due, if scheduled.
        at_ms: Option<u64>,
        /// What happened.
        message: Localized,
    },
    /// The citizen must act (correct answers, retake a photo, contact the office).
    NeedsAttention {
        /// The draft.
        draft_id: DraftId,
        /// What to do.
        message: Localized,
    },
}

#[cfg(test)]
mod sim;
#[cfg(test)]
mod tests;
