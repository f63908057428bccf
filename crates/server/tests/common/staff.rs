//! Helpers for staff workspace tests: accounts made straight in the database, browsers-like
//! clients (cookie store, no automatic redirects) that sign in over HTTP and post forms with the
//! session's CSRF token.

use motcua_domain::{CommuneCode, SubmissionAccepted};
use motcua_server::clock::Now;
use motcua_server::db::{NewAccount, Role};
use motcua_server::staff::auth::hash_password;

use super::submit::*;
use super::TestServer;

/// Commune A (where submissions go) and commune B (someone else's).
pub const COMMUNE_A: &str = "11560";
/// Another commune.
pub const COMMUNE_B: &str = "11557";
/// Everyone's test password.
pub const PASSWORD: &str = "mật khẩu đủ dài 2026";

/// A signed-in (or anonymous) client.
pub struct StaffClient {
    /// The HTTP client with its cookie jar.
    pub http: reqwest::Client,
    /// The server's base URL.
    pub base: String,
    /// The session's CSRF token ("" when anonymous).
    pub csrf: String,
}

/// A client that keeps cookies and does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the first `name="csrf"` hidden field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    html.find(marker)
        .map(|i| {
            html[i + marker.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect()
        })
        .unwrap_or_default()
}

impl StaffClient {
    /// An anonymous client.
    pub fn anonymous(server: &TestServer) -> Self {
        Self {
            http: browser(),
            base: server.base.clone(),
            csrf: String::new(),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// `POST path` with form fields and this session's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        form.extend_from_slice(fields);
        self.http
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

impl TestServer {
    /// Creates an account straight in the database.
    pub async fn account(&self, email: &str, name: &str, role: Role, commune: Option<&str>) -> i64 {
        let commune = commune.map(|c| CommuneCode::parse(c).unwrap());
        self.state
            .db
            .create_account(&NewAccount {
                email,
                name,
                title: "Chủ tịch UBND phường",
                role,
                commune: commune.as_ref(),
                password_hash: &hash_password(PASSWORD).unwrap(),
                created_at: &Now::read().rfc3339(),
            })
            .await
            .unwrap()
            .expect("new email")
    }

    /// `POST /staff/login` from a fresh client.
    pub async fn try_login(&self, email: &str, password: &str) -> (StaffClient, reqwest::Response) {
        let client = StaffClient::anonymous(self);
        let response = client
            .http
            .post(self.url("/staff/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap();
        (client, response)
    }

    /// Signs in (asserting success) and learns the session's CSRF token.
    pub async fn login(&self, email: &str) -> StaffClient {
        let (mut client, response) = self.try_login(email, PASSWORD).await;
        assert_eq!(response.status(), 303, "sign-in of {email}");
        // An administrator first chooses a commune; others have their own.
        for path in ["/staff/inbox", "/staff/inbox?commune=11560"] {
            let page = client.get(path).await.text().await.unwrap();
            client.csrf = csrf_in(&page);
            if !client.csrf.is_empty() {
                break;
            }
        }
        assert_eq!(client.csrf.len(), 64, "csrf token on the page");
        client
    }

    /// A citizen's submission of `procedure` to commune A with one photo (birth) or none.
    pub async fn citizen_submits(
        &self,
        procedure: &str,
        draft: &str,
        answers: Option<std::collections::BTreeMap<String, String>>,
    ) -> SubmissionAccepted {
        let mut body = birth(draft, Vec::new());
        body.procedure = motcua_domain::ProcedureCode::parse(procedure).unwrap();
        body.answers = answers.unwrap_or_else(|| answers_for(procedure));
        if procedure == BIRTH {
            let seed = draft
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            let photo = self.upload_ok(jpeg(seed, 3000)).await;
            body.attachments = vec![reference(&photo, "birth_certificate_photo")];
        }
        let key = format!("key-{draft}-0000000000");
        let response = self.submit(&key, &body).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }
}

/// Marriage answers with the couple's names (diacritics on purpose).
pub fn marriage_answers() -> std::collections::BTreeMap<String, String> {
    let mut a = std::collections::BTreeMap::new();
    for (p, name, born, id) in [
        ("groom", "Trần Văn Đức", "1996-05-01", "031096001111"),
        ("bride", "Lê Thị Hồng Nhung", "1999-07-09", "031199002222"),
    ] {
        a.insert(format!("{p}_name"), name.into());
        a.insert(format!("{p}_birth_date"), born.into());
        a.insert(format!("{p}_citizen_id"), id.into());
        a.insert(format!("{p}_ethnicity"), "Kinh".into());
        a.insert(format!("{p}_address"), "Thôn 1, xã Lưu Kiếm".into());
        a.insert(format!("{p}_marital_history"), "chua_ket_hon".into());
    }
    a.insert("contact_phone".into(), "+84 987 654 321".into());
    a
}
