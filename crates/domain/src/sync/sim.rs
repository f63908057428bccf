//! Randomised simulation: a flaky network and a crashing server against the engine.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::commune::CommuneCode;
use crate::submission::{ReceiptCode, SubmissionStatus, TrackingSecret};

#[derive(Debug, Clone)]
enum Op {
    Online,
    Offline,
    Advance(u64),
    RetryNow,
    Enqueue(u8),
    /// Resolve the request in flight: 0 success, 1 lost before the server, 2 processed but the
    /// answer lost, 3 5xx, 4 rate limited.
    Respond(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Online),
        1 => Just(Op::Offline),
        2 => (0u64..20_000).prop_map(Op::Advance),
        1 => Just(Op::RetryNow),
        2 => (0u8..3).prop_map(Op::Enqueue),
        5 => (0u8..5).prop_map(Op::Respond),
    ]
}

#[derive(Default)]
struct World {
    now: u64,
    server_blobs: BTreeSet<Sha256Hex>,
    server_subs: BTreeMap<IdempotencyKey, SubmissionAccepted>,
    outstanding: Option<Effect>,
    accepted_notices: BTreeMap<DraftId, u32>,
    drafts: Vec<(DraftId, Vec<Sha256Hex>)>,
}

impl World {
    fn apply(&mut self, engine: &mut SyncEngine, event: Event, jitter: f64) {
        for fx in engine.handle(event, self.now, jitter) {
            match fx {
                Effect::UploadAttachment { .. } | Effect::PostSubmission { .. } => {
                    assert!(self.outstanding.is_none(), "two requests in flight");
                    if let Effect::PostSubmission { draft_id, key } = &fx {
                        assert_eq!(key, &IdempotencyKey::for_draft(draft_id), "key changed");
                    }
                    self.outstanding = Some(fx);
                }
                Effect::Persist(item) => {
                    assert_eq!(item.key, IdempotencyKey::for_draft(&item.draft_id))
                }
                Effect::Notify(Notice::Accepted { draft_id, .. }) => {
                    *self.accepted_notices.entry(draft_id).or_default() += 1
                }
                Effect::ScheduleWake { at_ms } => assert!(at_ms >= self.now),
                Effect::PostRating { .. } => unreachable!("the simulation enqueues no ratings"),
                Effect::Notify(_) => {}
            }
        }
    }

    /// The server's side of a request; returns its answer.
    fn serve(&mut self, request: &Effect) -> Event {
        match request {
            Effect::UploadAttachment { draft_id, sha256 } => {
                self.server_blobs.insert(sha256.clone());
                Event::AttachmentUploaded {
                    draft_id: draft_id.clone(),
                    sha256: sha256.clone(),
                }
            }
            Effect::PostSubmission { draft_id, key } => {
                let (_, shas) = self
                    .drafts
                    .iter()
                    .find(|(d, _)| d == draft_id)
                    .expect("known draft");
                for sha in shas {
                    assert!(
                        self.server_blobs.contains(sha),
                        "submission before its attachment"
                    );
                }
                let n = self.server_subs.len() as u64;
                let accepted =
                    self.server_subs
                        .entry(key.clone())
                        .or_insert_with(|| SubmissionAccepted {
                            receipt: ReceiptCode::generate(
                                &CommuneCode::parse("11560").unwrap(),
                                n,
                            ),
                            tracking_secret: TrackingSecret::generate([n as u8; 16]),
                            received_at: "2026-11-25T08:00:00Z".into(),
                            due_date: None,
                            status: SubmissionStatus::Received,
                        });
                Event::SubmissionAccepted {
                    draft_id: draft_id.clone(),
                    accepted: accepted.clone(),
                }
            }
            _ => unreachable!(),
        }
    }

    fn respond(&mut self, engine: &mut SyncEngine, how: u8, jitter: f64) {
        let Some(request) = self.outstanding.take() else {
            return;
        };
        let draft_id = match &request {
            Effect::UploadAttachment { draft_id, .. } | Effect::PostSubmission { draft_id, .. } => {
                draft_id.clone()
            }
            _ => unreachable!(),
        };
        let failed = |kind| Event::RequestFailed {
            draft_id: draft_id.clone(),
            kind,
        };
        let event = match how {
            0 => self.serve(&request),
            1 => failed(FailureKind::Network),
            2 => {
                self.serve(&request);
                failed(FailureKind::Network)
            }
            3 => failed(FailureKind::Server5xx),
            _ => failed(FailureKind::RateLimited {
                retry_after_ms: 2_000,
            }),
        };
        self.apply(engine, event, jitter);
    }
}

fn draft(n: u8) -> DraftId {
    DraftId::parse(&format!("sim-draft-{n:03}-abcdef")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_draft_is_done_exactly_once(
        ops in prop::collection::vec(op(), 0..120),
        jitters in prop::collection::vec(0.0f64..1.0, 64),
    ) {
        let mut w = World::default();
        let mut engine = SyncEngine::new(false);
        let mut next_draft = 0u8;
        for (i, op) in ops.into_iter().enumerate() {
            let jitter = jitters[i % jitters.len()];
            match op {
                Op::Online => w.apply(&mut engine, Event::Online, jitter),
                Op::Offline => w.apply(&mut engine, Event::Offline, jitter),
                Op::Advance(ms) => {
                    w.now += ms;
                    w.apply(&mut engine, Event::Tick, jitter);
                }
                Op::RetryNow => w.apply(&mut engine, Event::RetryNow, jitter),
                Op::Enqueue(photos) => {
                    let d = draft(next_draft);
                    let shas: Vec<Sha256Hex> = (0..photos).map(|p| Sha256Hex::from_bytes([next_draft.wrapping_add(p * 97); 32])).collect();
                    next_draft += 1;
                    w.drafts.push((d.clone(), shas.clone()));
                    w.apply(&mut engine, Event::Enqueued(OutboxItem::new(d, shas)), jitter);
                }
                Op::Respond(how) => w.respond(&mut engine, how, jitter),
            }
        }
        // From now on the network stays up and the server answers.
        w.apply(&mut engine, Event::Online, 0.5);
        for _ in 0..10_000 {
            if w.outstanding.is_some() {
                w.respond(&mut engine, 0, 0.5);
            } else if let Some(at) = engine.items().iter().filter_map(|i| i.next_attempt_at_ms).min() {
                w.now = w.now.max(at);
                w.apply(&mut engine, Event::Tick, 0.5);
            } else {
                break;
            }
        }
        prop_assert_eq!(engine.pending_count(), 0);
        prop_assert_eq!(w.server_subs.len(), w.drafts.len());
        for (d, _) in &w.drafts {
            let item = engine.item(d).unwrap();
            let ItemState::Done(acc) = &item.state else { panic!("{d} not done: {:?}", item.state) };
            prop_assert_eq!(acc, &w.server_subs[&IdempotencyKey::for_draft(d)]);
            prop_assert_eq!(w.accepted_notices.get(d).copied(), Some(1));
        }
    }
}
