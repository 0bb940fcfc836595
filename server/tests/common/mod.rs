//! The test harness: a router over a fresh SQLite file in a temp dir, test mode on, a fixed
//! clock, and a fake `dist/` with an inline script.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;
use yishi_contract::Timestamp;
use yishi_server::app::router;
use yishi_server::clock::Clock;
use yishi_server::config::Config;
use yishi_server::state::{AppState, open_state};

pub const OPERATOR_KEY: &str = "test-operator-key";
/// The inline loader of the fake app; its hash must appear in the CSP.
pub const INLINE_SCRIPT: &str =
    "import init from '/yishi-0123456789abcdef.js'; await init('/yishi-0123456789abcdef_bg.wasm');";
/// Friday 27 November 2026, 10:00 in China: demo data is seeded relative to this.
pub const START: &str = "2026-11-27T10:00:00+08:00";

pub struct TestApp {
    pub app: Router,
    pub state: AppState,
    pub dir: tempfile::TempDir,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts a problem+json answer with this status and code, and returns it.
    pub fn problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "body: {}",
            self.text()
        );
        let p = self.json();
        assert_eq!(p["code"], code, "{p}");
        assert_eq!(p["status"], status, "{p}");
        assert_eq!(p["type"], format!("/api/v1/problems/{code}"));
        p
    }
}

pub fn fake_dist(dir: &std::path::Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>一事</title>\
             <link rel=\"stylesheet\" href=\"/style-0123456789abcdef.css\">\
             <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(
        dist.join("yishi-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    // What `cargo xtask compress` writes beside it (the bytes do not matter to the server).
    std::fs::write(
        dist.join("yishi-0123456789abcdef_bg.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        dist.join("yishi-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::write(dist.join("config.json"), r#"{"api_base": "/api/v1"}"#).unwrap();
    dist
}

impl TestApp {
    pub fn new() -> TestApp {
        TestApp::with_config(|_| {})
    }

    pub fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let dist = fake_dist(dir.path());
        let mut config = Config {
            operator_key: Some(OPERATOR_KEY.into()),
            dev: true,
            test_mode: true,
            dist: Some(dist),
            ..Config::default()
        };
        adjust(&mut config);
        let clock = Clock::starting_at(Timestamp::parse(START).unwrap());
        let state = open_state(&dir.path().join("yishi.db"), config, clock).expect("server state");
        TestApp {
            app: router(state.clone()),
            state,
            dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    /// A request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b
                .header("content-type", "application/json")
                .body(Body::from(v.to_string()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.send(req).await
    }

    pub async fn get(&self, uri: &str, token: Option<&str>) -> Resp {
        self.call(Method::GET, uri, token, None).await
    }

    pub async fn post(&self, uri: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::POST, uri, token, Some(body)).await
    }

    pub async fn operator(&self, uri: &str, body: Value) -> Resp {
        let req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header("content-type", "application/json")
            .header("x-operator-key", OPERATOR_KEY)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// Signs in with the test-mode one-time code; returns the session JSON.
    pub async fn sign_in_as(&self, phone: &str, act_for: Option<&str>) -> Value {
        // One code per number per 60 s: let that much time pass first.
        self.state.clock.advance(61);
        let r = self
            .post(
                "/api/v1/session/code",
                None,
                serde_json::json!({ "phone": phone }),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
        let code = self
            .get(&format!("/_test/otp?phone={phone}"), None)
            .await
            .json()["code"]
            .as_str()
            .unwrap()
            .to_string();
        let mut body = serde_json::json!({ "phone": phone, "code": code });
        if let Some(cc) = act_for {
            body["act_for"] = cc.into();
        }
        let r = self.post("/api/v1/session", None, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        r.json()
    }

    pub async fn sign_in(&self, phone: &str) -> String {
        self.sign_in_as(phone, None).await["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Every case of the signed-in subject, following cursors.
    pub async fn all_cases(&self, token: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut uri = "/api/v1/cases?limit=5".to_string();
        loop {
            let page = self.get(&uri, Some(token)).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.text());
            let page = page.json();
            out.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => uri = format!("/api/v1/cases?limit=5&cursor={c}"),
                None => break,
            }
        }
        out
    }

    /// The query code (查询码) of a case, as its owner sees it on the case page.
    pub async fn query_code(&self, token: &str, number: &str) -> String {
        let id = self.case_id(token, number).await;
        let case = self.get(&format!("/api/v1/cases/{id}"), Some(token)).await;
        assert_eq!(case.status, StatusCode::OK, "{}", case.text());
        case.json()["query_code"]
            .as_str()
            .unwrap_or_else(|| panic!("{number} has no query code: {}", case.text()))
            .to_string()
    }

    /// The id of a case by its number, as its owner sees it.
    pub async fn case_id(&self, token: &str, number: &str) -> String {
        let all = self.all_cases(token).await;
        all.iter()
            .find(|c| c["number"] == number)
            .unwrap_or_else(|| panic!("no case {number}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}
