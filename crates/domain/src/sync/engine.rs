//! The engine: applies events to the outbox and returns effects. See the module spec above.

use super::{Effect, Event, FailureKind, ItemState, Notice, OutboxItem, OutboxKind, SyncError};
use crate::feedback::NewRating;
use crate::submission::{DraftId, Sha256Hex};
use crate::text::Localized;

/// First retry delay ceiling: 1 s.
pub const BACKOFF_BASE_MS: u64 = 1_000;
/// Largest retry delay: 5 min.
pub const BACKOFF_CAP_MS: u64 = 300_000;

/// Full-jitter exponential backoff: `jitter × min(cap, base × 2^(attempts−1))`, `jitter` in
/// `[0, 1]` (clamped; NaN counts as 1).
pub fn backoff_ms(attempts: u32, jitter: f64) -> u64 {
    let exp = attempts.saturating_sub(1).min(20);
    let ceiling = BACKOFF_BASE_MS.saturating_mul(1 << exp).min(BACKOFF_CAP_MS);
    let j = if jitter.is_nan() {
        1.0
    } else {
        jitter.clamp(0.0, 1.0)
    };
    (ceiling as f64 * j) as u64
}

/// The request in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Request {
    Upload(Sha256Hex),
    Post,
}

/// The outbox sync engine: the outbox items, whether the browser is online, and the one
/// request in flight.
#[derive(Debug, Clone, Default)]
pub struct SyncEngine {
    items: Vec<OutboxItem>,
    online: bool,
    in_flight: Option<(DraftId, Request)>,
}

fn message(code: &str) -> Localized {
    match code {
        "network" => Localized::new(
            "Chưa gửi được vì mạng không ổn định. Hồ sơ vẫn được lưu trên máy và sẽ tự gửi lại.",
            "Not sent yet: the connection dropped. Your application is saved on this phone and will be sent automatically.",
        ),
        "server" | "rate_limited" => Localized::new(
            "Máy chủ của xã đang bận. Hồ sơ vẫn được lưu trên máy và sẽ tự gửi lại.",
            "The commune's server is busy. Your application is saved on this phone and will be sent automatically.",
        ),
        "validation" => Localized::new(
            "Một số thông tin cần sửa trước khi gửi. Hồ sơ vẫn được giữ nguyên.",
            "Some answers need correcting before sending. Your application is kept as it is.",
        ),
        "too_large" => Localized::new(
            "Một ảnh quá lớn (trên 10 MB) nên chưa gửi được. Hồ sơ vẫn được giữ: chụp lại ảnh đó rồi gửi lại.",
            "A photo is too large (over 10 MB) to send. Your application is kept: retake that photo and send again.",
        ),
        _ => Localized::new(
            "Hồ sơ này đã được gửi trước đó với nội dung khác. Hãy liên hệ bộ phận một cửa của xã.",
            "This application was already sent with different answers. Please contact the commune's one-stop office.",
        ),
    }
}

impl SyncEngine {
    /// An empty engine.
    pub fn new(online: bool) -> Self {
        Self {
            items: Vec::new(),
            online,
            in_flight: None,
        }
    }

    /// An engine over items read back from storage after a reload: items that were in flight
    /// go back to `Queued` (resending is safe: same key).
    pub fn restore(items: Vec<OutboxItem>, online: bool) -> Self {
        let mut engine = Self::new(online);
        for mut item in items {
            if matches!(
                item.state,
                ItemState::UploadingAttachment(_) | ItemState::Submitting
            ) {
                item.state = ItemState::Queued;
            }
            engine.items.push(item);
        }
        engine
    }

    /// All items, in enqueue order.
    pub fn items(&self) -> &[OutboxItem] {
        &self.items
    }

    /// The item of a draft.
    pub fn item(&self, draft_id: &DraftId) -> Option<&OutboxItem> {
        self.items.iter().find(|i| &i.draft_id == draft_id)
    }

    /// Whether the engine believes the browser is online.
    pub fn is_online(&self) -> bool {
        self.online
    }

    /// The draft whose request is in flight, if any.
    pub fn in_flight(&self) -> Option<&DraftId> {
        self.in_flight.as_ref().map(|(d, _)| d)
    }

    /// Items not yet in a terminal state.
    pub fn pending_count(&self) -> usize {
        self.items.iter().filter(|i| !i.is_terminal()).count()
    }

    /// Applies one event at time `now_ms`, with `jitter ∈ [0, 1)` for a retry delay.
    pub fn handle(&mut self, event: Event, now_ms: u64, jitter: f64) -> Vec<Effect> {
        let mut fx = Vec::new();
        match event {
            Event::Online => {
                self.online = true;
                self.make_waiting_due();
            }
            Event::Offline => self.online = false,
            Event::Tick => {}
            Event::RetryNow => self.make_waiting_due(),
            Event::Enqueued(item) => self.enqueue(item, &mut fx),
            Event::AttachmentUploaded { draft_id, sha256 } => {
                if self.in_flight == Some((draft_id.clone(), Request::Upload(sha256.clone()))) {
                    self.in_flight = None;
                }
                if let Some(item) = self.items.iter_mut().find(|i| i.draft_id == draft_id) {
                    let terminal = item.is_terminal();
                    let known = item.attachments.iter_mut().find(|(s, _)| *s == sha256);
                    if let (Some(slot), false) = (known, terminal) {
                        slot.1 = true;
                        item.attempts = 0;
                        item.last_error = None;
                        if matches!(item.state, ItemState::UploadingAttachment(_)) {
                            item.state = ItemState::Queued;
                        }
                        fx.push(Effect::Persist(item.clone()));
                    }
                }
            }
            Event::SubmissionAccepted { draft_id, accepted } => {
                if self.in_flight.as_ref().is_some_and(|(d, _)| *d == draft_id) {
                    self.in_flight = None;
                }
                if let Some(item) = self.items.iter_mut().find(|i| i.draft_id == draft_id) {
                    if !matches!(item.state, ItemState::Done(_)) {
                        let receipt = accepted.receipt.clone();
                        item.state = ItemState::Done(accepted);
                        item.attempts = 0;
                        item.next_attempt_at_ms = None;
                        item.last_error = None;
                        fx.push(Effect::Persist(item.clone()));
                        fx.push(Effect::Notify(Notice::Accepted { draft_id, receipt }));
                    }
                }
            }
            Event::RatingAccepted { draft_id, accepted } => {
                if self.in_flight.as_ref().is_some_and(|(d, _)| *d == draft_id) {
                    self.in_flight = None;
                }
                if let Some(item) = self.items.iter_mut().find(|i| i.draft_id == draft_id) {
                    if !item.is_terminal() {
                        item.state = ItemState::Rated(accepted);
                        item.attempts = 0;
                        item.next_attempt_at_ms = None;
                        item.last_error = None;
                        fx.push(Effect::Persist(item.clone()));
                        fx.push(Effect::Notify(Notice::Rated { draft_id }));
                    }
                }
            }
            Event::RequestFailed { draft_id, kind } => {
                let current = self.in_flight.as_ref().is_some_and(|(d, _)| *d == draft_id);
                if current {
                    let request = self.in_flight.take().map(|(_, r)| r);
                    self.fail(&draft_id, request, kind, now_ms, jitter, &mut fx);
                }
            }
        }
        self.pump(now_ms, &mut fx);
        fx
    }

    fn make_waiting_due(&mut self) {
        for item in &mut self.items {
            if item.state == ItemState::WaitingRetry {
                item.state = ItemState::Queued;
                item.next_attempt_at_ms = None;
            }
        }
    }

    fn enqueue(&mut self, new: OutboxItem, fx: &mut Vec<Effect>) {
        let Some(item) = self.items.iter_mut().find(|i| i.draft_id == new.draft_id) else {
            let draft_id = new.draft_id.clone();
            fx.push(Effect::Persist(new.clone()));
            fx.push(Effect::Notify(Notice::Queued { draft_id }));
            self.items.push(new);
            return;
        };
        match item.state {
            ItemState::Rejected(_) | ItemState::TooLarge(_) => {
                // Same key; the citizen's corrected attachments, keeping what the server has.
                let old = std::mem::take(&mut item.attachments);
                item.attachments = new
                    .attachments
                    .into_iter()
                    .map(|(sha, up)| {
                        let had = old.iter().any(|(s, u)| *s == sha && *u);
                        (sha, up || had)
                    })
                    .collect();
                item.state = ItemState::Queued;
                item.attempts = 0;
                item.next_attempt_at_ms = None;
                item.last_error = None;
                fx.push(Effect::Persist(item.clone()));
                fx.push(Effect::Notify(Notice::Queued {
                    draft_id: new.draft_id,
                }));
            }
            ItemState::Conflict => fx.push(Effect::Notify(Notice::NeedsAttention {
                draft_id: new.draft_id,
                message: message("conflict"),
            })),
            _ => {}
        }
    }

    fn fail(
        &mut self,
        draft_id: &DraftId,
        request: Option<Request>,
        kind: FailureKind,
        now_ms: u64,
        jitter: f64,
        fx: &mut Vec<Effect>,
    ) {
        let online = self.online;
        let Some(item) = self.items.iter_mut().find(|i| &i.draft_id == draft_id) else {
            return;
        };
        if item.is_terminal() {
            return;
        }
        let (code, terminal) = match kind {
            FailureKind::Network => ("network", None),
            FailureKind::Server5xx => ("server", None),
            FailureKind::RateLimited { .. } => ("rate_limited", None),
            FailureKind::Conflict409 => ("conflict", Some(ItemState::Conflict)),
            FailureKind::TooLarge413 => {
                let sha = match request {
                    Some(Request::Upload(sha)) => Some(sha),
                    _ => None,
                };
                ("too_large", Some(ItemState::TooLarge(sha)))
            }
            FailureKind::Validation422 { ref errors } => {
                ("validation", Some(ItemState::Rejected(errors.clone())))
            }
        };
        item.last_error = Some(SyncError {
            code: code.to_owned(),
            message: message(code),
            at_ms: now_ms,
        });
        if let Some(state) = terminal {
            item.state = state;
            item.next_attempt_at_ms = None;
            fx.push(Effect::Persist(item.clone()));
            fx.push(Effect::Notify(Notice::NeedsAttention {
                draft_id: draft_id.clone(),
                message: message(code),
            }));
            return;
        }
        if online {
            item.attempts = item.attempts.saturating_add(1);
            let mut delay = backoff_ms(item.attempts, jitter);
            if let FailureKind::RateLimited { retry_after_ms } = kind {
                delay = delay.max(retry_after_ms);
            }
            let at = now_ms.saturating_add(delay);
            item.state = ItemState::WaitingRetry;
            item.next_attempt_at_ms = Some(at);
        } else {
            // Offline: pause without counting; the `Online` event resumes.
            item.state = ItemState::Queued;
            item.next_attempt_at_ms = None;
        }
        fx.push(Effect::Persist(item.clone()));
        fx.push(Effect::Notify(Notice::WillRetry {
            draft_id: draft_id.clone(),
            at_ms: item.next_attempt_at_ms,
            message: message(code),
        }));
    }

    fn pump(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        if !self.online || self.in_flight.is_some() {
            return;
        }
        for item in &mut self.items {
            if item.state == ItemState::WaitingRetry
                && item.next_attempt_at_ms.is_some_and(|t| t <= now_ms)
            {
                item.state = ItemState::Queued;
                item.next_attempt_at_ms = None;
            }
        }
        if let Some(item) = self.items.iter_mut().find(|i| i.state == ItemState::Queued) {
            let draft_id = item.draft_id.clone();
            let next = item
                .attachments
                .iter()
                .find(|(_, up)| !up)
                .map(|(s, _)| s.clone());
            let (state, request, effect) = match next {
                Some(sha) => (
                    ItemState::UploadingAttachment(sha.clone()),
                    Request::Upload(sha.clone()),
                    Effect::UploadAttachment {
                        draft_id: draft_id.clone(),
                        sha256: sha,
                    },
                ),
                None => (
                    ItemState::Submitting,
                    Request::Post,
                    match &item.kind {
                        OutboxKind::Submission => Effect::PostSubmission {
                            draft_id: draft_id.clone(),
                            key: item.key.clone(),
                        },
                        OutboxKind::Rating(rating) => Effect::PostRating {
                            draft_id: draft_id.clone(),
                            key: item.key.clone(),
                            rating: NewRating::clone(rating),
                        },
                    },
                ),
            };
            item.state = state;
            fx.push(Effect::Persist(item.clone()));
            fx.push(effect);
            self.in_flight = Some((draft_id, request));
            return;
        }
        let wake = self
            .items
            .iter()
            .filter(|i| i.state == ItemState::WaitingRetry)
            .filter_map(|i| i.next_attempt_at_ms)
            .min();
        if let Some(at_ms) = wake {
            fx.push(Effect::ScheduleWake { at_ms });
        }
    }
}
