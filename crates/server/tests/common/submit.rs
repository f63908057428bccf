//! Helpers for submission tests: photos, answers built from the domain form, requests.

use motcua_domain::{AttachmentUploaded, NewSubmission};

pub use super::fixtures::*;
use super::TestServer;

impl TestServer {
    /// `POST /api/v1/attachments` with optional `X-Content-Sha256`.
    pub async fn upload(&self, bytes: Vec<u8>, checksum: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/attachments"))
            .header("content-type", "image/jpeg")
            .body(bytes);
        if let Some(sum) = checksum {
            request = request.header("x-content-sha256", sum);
        }
        request.send().await.expect("upload")
    }

    /// Uploads a photo, asserting success.
    pub async fn upload_ok(&self, bytes: Vec<u8>) -> AttachmentUploaded {
        let response = self.upload(bytes, None).await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    /// `POST /api/v1/submissions` with an optional key and a raw body.
    pub async fn post_raw(&self, key: Option<&str>, body: Vec<u8>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/submissions"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send().await.expect("post submission")
    }

    /// `POST /api/v1/submissions` with a key and a submission.
    pub async fn submit(&self, key: &str, body: &NewSubmission) -> reqwest::Response {
        self.post_raw(Some(key), serde_json::to_vec(body).unwrap())
            .await
    }

    /// `GET /api/v1/submissions/{receipt}` with an optional secret.
    pub async fn track(&self, receipt: &str, secret: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(&format!("/api/v1/submissions/{receipt}")));
        if let Some(secret) = secret {
            request = request.header("x-tracking-secret", secret);
        }
        request.send().await.expect("track")
    }
}
