//! Ratings as the app's outbox sends them.

use motcua_domain::feedback::{NewRating, RatingTarget};
use motcua_domain::{CommuneCode, DraftId, IdempotencyKey};

use super::TestServer;

/// A rating of `target` in `commune` at `level`, keyed by the draft id `id`; no comment, no
/// device, no official (set them with struct update syntax).
pub fn rating(id: &str, commune: &str, target: RatingTarget, level: u8) -> NewRating {
    let id = DraftId::parse(id).unwrap();
    NewRating {
        key: IdempotencyKey::for_draft(&id),
        id,
        commune: CommuneCode::parse(commune).unwrap(),
        target,
        level,
        criteria: Default::default(),
        official: None,
        comment: String::new(),
        device: None,
    }
}

/// `POST /api/v1/ratings` with the rating's idempotency key.
pub async fn post_rating(server: &TestServer, body: &NewRating) -> reqwest::Response {
    server
        .client
        .post(server.url("/api/v1/ratings"))
        .header("idempotency-key", body.key.as_str())
        .json(body)
        .send()
        .await
        .expect("post rating")
}
