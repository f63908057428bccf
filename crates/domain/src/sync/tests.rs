use super::*;
use crate::commune::CommuneCode;
use crate::feedback::NewRating;
use crate::submission::{FieldError, ReceiptCode, SubmissionStatus, TrackingSecret};

fn draft(n: u8) -> DraftId {
    DraftId::parse(&format!("draft-{n:02}-0123456789")).unwrap()
}

fn sha(n: u8) -> Sha256Hex {
    Sha256Hex::from_bytes([n; 32])
}

fn accepted(n: u64) -> SubmissionAccepted {
    SubmissionAccepted {
        receipt: ReceiptCode::generate(&CommuneCode::parse("11560").unwrap(), n),
        tracking_secret: TrackingSecret::generate([1; 16]),
        received_at: "2026-11-25T08:00:00Z".into(),
        due_date: None,
        status: SubmissionStatus::Received,
    }
}

fn requests(fx: &[Effect]) -> Vec<&Effect> {
    fx.iter()
        .filter(|e| {
            matches!(
                e,
                Effect::UploadAttachment { .. } | Effect::PostSubmission { .. }
            )
        })
        .collect()
}

fn failed(d: u8, kind: FailureKind) -> Event {
    Event::RequestFailed {
        draft_id: draft(d),
        kind,
    }
}

#[test]
fn backoff_is_exponential_capped_full_jitter() {
    assert_eq!(backoff_ms(1, 1.0), 1_000);
    assert_eq!(backoff_ms(2, 1.0), 2_000);
    assert_eq!(backoff_ms(4, 0.5), 4_000);
    assert_eq!(backoff_ms(30, 1.0), BACKOFF_CAP_MS);
    assert_eq!(backoff_ms(u32::MAX, 1.0), BACKOFF_CAP_MS);
    assert_eq!(backoff_ms(3, 0.0), 0);
    assert_eq!(backoff_ms(3, f64::NAN), 4_000);
    assert_eq!(backoff_ms(3, 7.0), 4_000);
}

#[test]
fn attachments_then_submission_then_done() {
    let mut e = SyncEngine::new(true);
    let fx = e.handle(
        Event::Enqueued(OutboxItem::new(draft(1), [sha(1), sha(2), sha(1)])),
        0,
        0.5,
    );
    assert!(fx.contains(&Effect::Notify(Notice::Queued { draft_id: draft(1) })));
    assert_eq!(
        requests(&fx),
        vec![&Effect::UploadAttachment {
            draft_id: draft(1),
            sha256: sha(1)
        }]
    );
    assert_eq!(
        e.item(&draft(1)).unwrap().state,
        ItemState::UploadingAttachment(sha(1))
    );
    let fx = e.handle(
        Event::AttachmentUploaded {
            draft_id: draft(1),
            sha256: sha(1),
        },
        10,
        0.5,
    );
    assert_eq!(
        requests(&fx),
        vec![&Effect::UploadAttachment {
            draft_id: draft(1),
            sha256: sha(2)
        }]
    );
    let fx = e.handle(
        Event::AttachmentUploaded {
            draft_id: draft(1),
            sha256: sha(2),
        },
        20,
        0.5,
    );
    let key = IdempotencyKey::for_draft(&draft(1));
    assert_eq!(
        requests(&fx),
        vec![&Effect::PostSubmission {
            draft_id: draft(1),
            key
        }]
    );
    let fx = e.handle(
        Event::SubmissionAccepted {
            draft_id: draft(1),
            accepted: accepted(7),
        },
        30,
        0.5,
    );
    assert!(fx.contains(&Effect::Notify(Notice::Accepted {
        draft_id: draft(1),
        receipt: accepted(7).receipt
    })));
    assert_eq!(
        e.item(&draft(1)).unwrap().state,
        ItemState::Done(accepted(7))
    );
    assert_eq!(e.pending_count(), 0);
    let again = e.handle(
        Event::SubmissionAccepted {
            draft_id: draft(1),
            accepted: accepted(7),
        },
        40,
        0.5,
    );
    assert!(again.is_empty(), "done exactly once");
}

#[test]
fn persist_comes_before_each_request() {
    let mut e = SyncEngine::new(true);
    let fx = e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let post = fx
        .iter()
        .position(|f| matches!(f, Effect::PostSubmission { .. }))
        .unwrap();
    assert!(matches!(&fx[post - 1], Effect::Persist(i) if i.state == ItemState::Submitting));
}

#[test]
fn one_request_in_flight_per_engine() {
    let mut e = SyncEngine::new(true);
    let fx1 = e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let fx2 = e.handle(Event::Enqueued(OutboxItem::new(draft(2), [])), 0, 0.5);
    assert_eq!(requests(&fx1).len(), 1);
    assert!(requests(&fx2).is_empty());
    assert!(requests(&e.handle(Event::Tick, 5, 0.5)).is_empty());
    let fx = e.handle(
        Event::SubmissionAccepted {
            draft_id: draft(1),
            accepted: accepted(1),
        },
        10,
        0.5,
    );
    assert_eq!(
        requests(&fx),
        vec![&Effect::PostSubmission {
            draft_id: draft(2),
            key: IdempotencyKey::for_draft(&draft(2))
        }]
    );
}

#[test]
fn network_failures_back_off_and_retry_on_the_timer_with_the_same_key() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let fx = e.handle(failed(1, FailureKind::Server5xx), 100, 0.5);
    assert!(fx.contains(&Effect::ScheduleWake { at_ms: 600 }));
    let item = e.item(&draft(1)).unwrap();
    assert_eq!(
        (item.state.clone(), item.attempts, item.next_attempt_at_ms),
        (ItemState::WaitingRetry, 1, Some(600))
    );
    assert_eq!(item.last_error.as_ref().unwrap().code, "server");
    assert!(requests(&e.handle(Event::Tick, 599, 0.5)).is_empty());
    let fx = e.handle(Event::Tick, 600, 0.5);
    assert_eq!(
        requests(&fx),
        vec![&Effect::PostSubmission {
            draft_id: draft(1),
            key: IdempotencyKey::for_draft(&draft(1))
        }]
    );
    e.handle(failed(1, FailureKind::Network), 1_000, 1.0);
    let item = e.item(&draft(1)).unwrap();
    assert_eq!((item.attempts, item.next_attempt_at_ms), (2, Some(3_000)));
    assert_eq!(item.key, IdempotencyKey::for_draft(&draft(1)));
}

#[test]
fn rate_limit_waits_at_least_retry_after() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let fx = e.handle(
        failed(
            1,
            FailureKind::RateLimited {
                retry_after_ms: 30_000,
            },
        ),
        0,
        0.1,
    );
    assert!(fx.contains(&Effect::ScheduleWake { at_ms: 30_000 }));
}

#[test]
fn offline_pauses_without_counting_and_online_resumes() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [sha(1)])), 0, 0.5);
    assert!(e.handle(Event::Offline, 1, 0.5).is_empty());
    e.handle(failed(1, FailureKind::Network), 2, 0.5);
    let item = e.item(&draft(1)).unwrap();
    assert_eq!((item.state.clone(), item.attempts), (ItemState::Queued, 0));
    assert!(requests(&e.handle(Event::Tick, 10_000, 0.5)).is_empty());
    assert!(requests(&e.handle(Event::RetryNow, 10_000, 0.5)).is_empty());
    let fx = e.handle(Event::Online, 10_001, 0.5);
    assert_eq!(
        requests(&fx),
        vec![&Effect::UploadAttachment {
            draft_id: draft(1),
            sha256: sha(1)
        }]
    );
}

#[test]
fn online_and_retry_now_cut_the_wait() {
    for ev in [Event::Online, Event::RetryNow] {
        let mut e = SyncEngine::new(true);
        e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
        e.handle(failed(1, FailureKind::Network), 0, 1.0);
        let fx = e.handle(ev, 1, 0.5);
        assert_eq!(requests(&fx).len(), 1);
    }
}

#[test]
fn success_arriving_while_offline_still_counts() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    e.handle(Event::Offline, 1, 0.5);
    e.handle(
        Event::SubmissionAccepted {
            draft_id: draft(1),
            accepted: accepted(1),
        },
        2,
        0.5,
    );
    assert!(matches!(
        e.item(&draft(1)).unwrap().state,
        ItemState::Done(_)
    ));
}

#[test]
fn conflict_is_terminal_and_never_retried() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let fx = e.handle(failed(1, FailureKind::Conflict409), 1, 0.5);
    assert!(fx
        .iter()
        .any(|f| matches!(f, Effect::Notify(Notice::NeedsAttention { .. }))));
    assert_eq!(e.item(&draft(1)).unwrap().state, ItemState::Conflict);
    for ev in [
        Event::Tick,
        Event::RetryNow,
        Event::Online,
        Event::Enqueued(OutboxItem::new(draft(1), [])),
    ] {
        assert!(requests(&e.handle(ev, 1_000_000, 0.5)).is_empty());
    }
}

#[test]
fn too_large_is_terminal_keeps_the_draft_and_can_be_resent() {
    let mut e = SyncEngine::new(true);
    e.handle(
        Event::Enqueued(OutboxItem::new(draft(1), [sha(1), sha(2)])),
        0,
        0.5,
    );
    e.handle(
        Event::AttachmentUploaded {
            draft_id: draft(1),
            sha256: sha(1),
        },
        1,
        0.5,
    );
    let fx = e.handle(failed(1, FailureKind::TooLarge413), 2, 0.5);
    let item = e.item(&draft(1)).unwrap();
    assert_eq!(item.state, ItemState::TooLarge(Some(sha(2))));
    let msg = &item.last_error.as_ref().unwrap().message;
    assert!(msg.en.contains("too large") && !msg.en.contains("413"));
    assert!(fx
        .iter()
        .any(|f| matches!(f, Effect::Notify(Notice::NeedsAttention { .. }))));
    assert!(requests(&e.handle(Event::RetryNow, 3, 0.5)).is_empty());
    // The citizen retakes photo 2 (new hash 3) and submits again: photo 1 is not re-sent.
    let fx = e.handle(
        Event::Enqueued(OutboxItem::new(draft(1), [sha(1), sha(3)])),
        4,
        0.5,
    );
    assert_eq!(
        requests(&fx),
        vec![&Effect::UploadAttachment {
            draft_id: draft(1),
            sha256: sha(3)
        }]
    );
    assert_eq!(
        e.item(&draft(1)).unwrap().key,
        IdempotencyKey::for_draft(&draft(1))
    );
}

#[test]
fn validation_errors_go_back_to_the_citizen() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let errors = ValidationErrors {
        errors: vec![FieldError::new(
            "phone",
            "invalid_phone",
            Localized::default(),
        )],
    };
    e.handle(
        failed(
            1,
            FailureKind::Validation422 {
                errors: errors.clone(),
            },
        ),
        1,
        0.5,
    );
    assert_eq!(
        e.item(&draft(1)).unwrap().state,
        ItemState::Rejected(errors)
    );
    let fx = e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 2, 0.5);
    assert_eq!(requests(&fx).len(), 1);
}

#[test]
fn duplicate_enqueue_from_a_second_tab_is_ignored() {
    let mut e = SyncEngine::new(false);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [sha(1)])), 0, 0.5);
    let fx = e.handle(Event::Enqueued(OutboxItem::new(draft(1), [sha(2)])), 1, 0.5);
    assert!(fx.is_empty());
    assert_eq!(e.items().len(), 1);
    assert_eq!(
        e.item(&draft(1)).unwrap().attachments,
        vec![(sha(1), false)]
    );
}

#[test]
fn stale_failures_are_ignored() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    e.handle(Event::Enqueued(OutboxItem::new(draft(2), [])), 0, 0.5);
    assert!(e.handle(failed(2, FailureKind::Network), 1, 0.5).is_empty());
    assert_eq!(e.in_flight(), Some(&draft(1)));
}

#[test]
fn restore_requeues_in_flight_items_and_serde_round_trips() {
    let mut e = SyncEngine::new(true);
    e.handle(Event::Enqueued(OutboxItem::new(draft(1), [sha(1)])), 0, 0.5);
    let saved = serde_json::to_string(e.items()).unwrap();
    let items: Vec<OutboxItem> = serde_json::from_str(&saved).unwrap();
    assert_eq!(items[0].state, ItemState::UploadingAttachment(sha(1)));
    let mut e = SyncEngine::restore(items, true);
    assert_eq!(e.item(&draft(1)).unwrap().state, ItemState::Queued);
    assert!(e.is_online());
    assert_eq!(requests(&e.handle(Event::Tick, 1, 0.5)).len(), 1);
}

fn rating_item(n: u8) -> OutboxItem {
    let id = DraftId::parse(&format!("rating-{n:02}-0123456789")).unwrap();
    OutboxItem::rating(NewRating {
        key: IdempotencyKey::for_draft(&id),
        id,
        commune: CommuneCode::parse("11560").unwrap(),
        target: crate::feedback::RatingTarget::Office,
        level: 3,
        criteria: Default::default(),
        official: None,
        comment: "tốt".into(),
        device: None,
    })
}

#[test]
fn a_rating_goes_through_the_same_outbox_after_a_queued_submission() {
    let mut engine = SyncEngine::new(false);
    engine.handle(Event::Enqueued(OutboxItem::new(draft(1), [])), 0, 0.5);
    let rating = rating_item(1);
    let id = rating.draft_id.clone();
    let fx = engine.handle(Event::Enqueued(rating.clone()), 1, 0.5);
    assert!(
        fx.contains(&Effect::Persist(rating.clone())),
        "persisted offline"
    );
    assert_eq!(engine.pending_count(), 2);

    // Online: the submission goes first (enqueue order), then the rating, with its own key.
    let fx = engine.handle(Event::Online, 2, 0.5);
    assert!(matches!(requests(&fx)[..], [Effect::PostSubmission { .. }]));
    let fx = engine.handle(
        Event::SubmissionAccepted {
            draft_id: draft(1),
            accepted: accepted(1),
        },
        3,
        0.5,
    );
    let post = fx
        .iter()
        .find_map(|e| match e {
            Effect::PostRating {
                draft_id,
                key,
                rating,
            } => Some((draft_id, key, rating)),
            _ => None,
        })
        .expect("PostRating");
    assert_eq!((post.0, post.1.as_str()), (&id, format!("d-{id}").as_str()));
    assert_eq!(post.2.comment, "tốt");

    // A network failure retries with the same key; then acceptance is terminal, once.
    engine.handle(
        Event::RequestFailed {
            draft_id: id.clone(),
            kind: FailureKind::Network,
        },
        4,
        0.5,
    );
    assert_eq!(engine.item(&id).unwrap().state, ItemState::WaitingRetry);
    let fx = engine.handle(Event::Tick, 1_000, 0.5);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::PostRating { key, .. } if key == &rating.key)));
    let answer = crate::feedback::RatingAccepted {
        id: 7,
        level: 3,
        comment: "tốt".into(),
        received_at: "2026-11-25T08:00:00Z".into(),
    };
    let fx = engine.handle(
        Event::RatingAccepted {
            draft_id: id.clone(),
            accepted: answer.clone(),
        },
        1_001,
        0.5,
    );
    assert!(fx.contains(&Effect::Notify(Notice::Rated {
        draft_id: id.clone()
    })));
    assert_eq!(
        engine.item(&id).unwrap().state,
        ItemState::Rated(answer.clone())
    );
    assert_eq!(engine.pending_count(), 0);
    let again = engine.handle(
        Event::RatingAccepted {
            draft_id: id.clone(),
            accepted: answer,
        },
        1_002,
        0.5,
    );
    assert!(again.is_empty());
}

#[test]
fn items_stored_before_ratings_existed_decode_as_submissions() {
    let old = r#"{"draft_id":"draft-01-0123456789","key":"d-draft-01-0123456789",
        "attachments":[],"state":{"state":"queued"},"attempts":0,
        "next_attempt_at_ms":null,"last_error":null}"#;
    let item: OutboxItem = serde_json::from_str(old).unwrap();
    assert_eq!(item.kind, OutboxKind::Submission);
    let rating = rating_item(2);
    let back: OutboxItem = serde_json::from_str(&serde_json::to_string(&rating).unwrap()).unwrap();
    assert_eq!(back, rating);
}

/// A stored item probed for its state reads the same tag as the state it was saved in, for
/// every state (a new `ItemState` variant without a `StateTag` fails here).
#[test]
fn the_state_probe_reads_every_state_of_a_stored_item() {
    use crate::feedback::RatingAccepted;

    let states = [
        (ItemState::Queued, StateTag::Queued),
        (
            ItemState::UploadingAttachment(sha(1)),
            StateTag::UploadingAttachment,
        ),
        (ItemState::Submitting, StateTag::Submitting),
        (ItemState::Done(accepted(1)), StateTag::Done),
        (
            ItemState::Rated(RatingAccepted {
                id: 7,
                level: 3,
                comment: "Tốt".into(),
                received_at: "2026-11-30T08:00:00Z".into(),
            }),
            StateTag::Rated,
        ),
        (
            ItemState::Rejected(ValidationErrors::default()),
            StateTag::Rejected,
        ),
        (ItemState::TooLarge(Some(sha(2))), StateTag::TooLarge),
        (ItemState::TooLarge(None), StateTag::TooLarge),
        (ItemState::Conflict, StateTag::Conflict),
        (ItemState::WaitingRetry, StateTag::WaitingRetry),
    ];
    for (state, tag) in states {
        let mut item = OutboxItem::new(draft(1), [sha(1)]);
        item.state = state.clone();
        let json = serde_json::to_string(&item).unwrap();
        let probe: StateProbe = serde_json::from_str(&json).unwrap();
        assert_eq!(probe.state.state, tag, "{state:?}: {json}");
    }
}
