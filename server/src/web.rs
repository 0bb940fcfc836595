//! Serving the built app (Trunk's `dist/`), with the history-API fallback and its cache rules.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use std::path::{Path, PathBuf};
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::state::AppState;

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

/// The prerendered page for a request (`scripts/prerender.mjs`): `dist/pre/<path>.html`, or
/// `dist/pre/index.html` for `/`, and `dist/pre/<path>@<name>=<value>.html` for an address with
/// one plain parameter (a life event's whole checklist, `?view=plan`); another query (answers)
/// is another screen than any prerendered. Sent only while `dist/pre/catalogue-version` names
/// the catalogue this server serves now: pages made from another catalogue never are.
fn prerendered(dist: &Path, uri: &Uri, catalogue_version: &str) -> Option<PathBuf> {
    let plain_word =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let suffix = match uri.query() {
        None => String::new(),
        Some(q) => match q.split_once('=') {
            Some((k, v)) if plain_word(k) && plain_word(v) => format!("@{k}={v}"),
            _ => return None,
        },
    };
    let path = uri.path().trim_matches('/');
    let name = if path.is_empty() {
        "index"
    } else if path.split('/').all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) {
        path
    } else {
        return None;
    };
    let pre = dist.join("pre");
    let stamp = std::fs::read_to_string(pre.join("catalogue-version")).ok()?;
    let page = pre.join(format!("{name}{suffix}.html"));
    (stamp.trim() == catalogue_version && page.is_file()).then_some(page)
}

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
    // The build writes brotli and gzip copies of its hashed files (`cargo xtask compress`):
    // sent as they are, never compressed again on the fly (the compression layer leaves a
    // response with a `Content-Encoding` alone).
    let files = ServeDir::new(&dist).precompressed_br().precompressed_gzip();
    let served = if let Some(page) = prerendered(&dist, req.uri(), &state.catalogue.version) {
        ServeFile::new(page)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(req)
            .await
    } else if looks_like_file {
        // A missing asset is a 404, not the app's HTML under a script's name.
        files.oneshot(req).await
    } else {
        files
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
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("/yishi-3f2a9c0d1e4b5a6c_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef0.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/icons/life-event.svg"));
    }

    #[test]
    fn prerendered_pages_only_for_this_catalogue_and_plain_paths() {
        let dist = std::env::temp_dir().join(format!("yishi-pre-{}", std::process::id()));
        let pre = dist.join("pre");
        std::fs::create_dir_all(pre.join("events")).unwrap();
        std::fs::write(pre.join("catalogue-version"), "abc\n").unwrap();
        std::fs::write(pre.join("index.html"), "home").unwrap();
        std::fs::write(pre.join("events/newborn.html"), "newborn").unwrap();
        std::fs::write(pre.join("events/newborn@view=plan.html"), "plan").unwrap();
        let find = |uri: &str, version: &str| {
            prerendered(&dist, &uri.parse::<Uri>().unwrap(), version)
                .map(|p| std::fs::read_to_string(p).unwrap())
        };
        assert_eq!(find("/", "abc").as_deref(), Some("home"));
        assert_eq!(find("/events/newborn", "abc").as_deref(), Some("newborn"));
        assert_eq!(find("/events/newborn/", "abc").as_deref(), Some("newborn"));
        assert_eq!(
            find("/events/newborn?view=plan", "abc").as_deref(),
            Some("plan")
        );
        assert_eq!(find("/events/newborn?view=plan&a.x=yes", "abc"), None);
        assert_eq!(find("/events/newborn?view=../x", "abc"), None);
        // Another catalogue, answers in the query, no such page, or a path that is not plain.
        assert_eq!(find("/events/newborn", "abd"), None);
        assert_eq!(find("/events/newborn?a.x=yes", "abc"), None);
        assert_eq!(find("/events/other", "abc"), None);
        assert_eq!(find("/events/../index", "abc"), None);
        assert_eq!(find("/events//newborn", "abc"), None);
        assert_eq!(find("/events/%2e%2e", "abc"), None);
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
