//! Serving the built app (Trunk's `dist/`) and the security headers of every response.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

use crate::app::AppState;
use crate::error::ApiError;

/// The `'sha256-…'` sources of every inline `<script>` (one without `src`) in `html`, for
/// the CSP `script-src`: Trunk's loader is inline.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = lower[pos..].find("<script").map(|i| i + pos) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let attrs = &lower[start + "<script".len()..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        let has_src = attrs
            .split(|c: char| c.is_whitespace())
            .any(|a| a == "src" || a.starts_with("src="));
        if !has_src {
            let body = &html[tag_end + 1..close];
            out.push(format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            ));
        }
        pos = close + "</script".len();
    }
    out
}

/// The Content-Security-Policy for this deployment.
pub fn content_security_policy(script_hashes: &[String], connect_src: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        script_src.push(' ');
        script_src.push_str(h);
    }
    let mut connect = String::from("'self'");
    for o in connect_src {
        connect.push(' ');
        connect.push_str(o);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data: blob:; connect-src {connect}; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `dist` when it holds a built app (an `index.html`).
pub fn usable_dist(dist: Option<&Path>) -> Option<PathBuf> {
    let d = dist?;
    d.join("index.html").is_file().then(|| d.to_path_buf())
}

/// Trunk names built assets `name-<16+ hex digits>[_bg].ext`; those never change and may be
/// cached for a year.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split('-').skip(1).any(|part| {
        let hex: String = part.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        hex.len() >= 16
    })
}

const BUILD_THE_APP: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>一事 Yishi</title></head>\
<body><h1>一事 Yishi</h1><p>后端已运行，但没有找到构建好的应用。请先运行 <code>trunk build --release</code>，再用 \
<code>--dist</code> 指向生成的 <code>dist</code> 目录。</p><p>The server is running, but the app has not been built. \
Run <code>trunk build --release</code> and point <code>--dist</code> at the resulting <code>dist</code> folder.</p>\
<p>API: <a href=\"/api/v1/health\">/api/v1/health</a></p></body></html>";

/// Everything that is not `/api` or `/_test`: the app's files, with the history-API fallback
/// to `index.html` for routes that are not files.
pub async fn serve_app(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == "/api" || path.starts_with("/api/") || path.starts_with("/_test/") {
        return ApiError::not_found()
            .detail("no such API route")
            .into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = StatusCode::METHOD_NOT_ALLOWED.into_response();
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let Some(dist) = state.dist.clone() else {
        let mut res = Html(BUILD_THE_APP).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return res;
    };
    let last = path.rsplit('/').next().unwrap_or("");
    let looks_like_file = last.contains('.');
    let index = dist.join("index.html");
    let served = if looks_like_file {
        // A missing asset is a 404, not the app's HTML under a script's name.
        ServeDir::new(&dist).oneshot(req).await
    } else {
        ServeDir::new(&dist)
            .append_index_html_on_directories(true)
            .fallback(ServeFile::new(&index))
            .oneshot(req)
            .await
    };
    let mut res = match served {
        Ok(res) => res.map(Body::new),
        Err(e) => match e {},
    };
    let cache = if res.status().is_success() && is_hashed_asset(&path) {
        "public, max-age=31536000, immutable"
    } else {
        // index.html, config.json and anything unhashed must be revalidated.
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<html><head>
<script src="/a.js"></script>
<script type="module">import init from '/yishi-0123456789abcdef.js'; await init();</script>
<SCRIPT>alert(1)</SCRIPT>
</head></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let want = STANDARD.encode(Sha256::digest(
            b"import init from '/yishi-0123456789abcdef.js'; await init();",
        ));
        assert_eq!(hashes[0], format!("'sha256-{want}'"));
        let csp = content_security_policy(&hashes, &["https://api.example.cn".into()]);
        assert!(csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{want}'"
        )));
        assert!(csp.contains("connect-src 'self' https://api.example.cn;"));
    }

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("/yishi-3f2a9c0d1e4b5a6c_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef0.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/icons/life-event.svg"));
    }
}
