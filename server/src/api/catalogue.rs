//! The catalogue's documents (`GET /catalogue`, `/events/{id}`, `/matters/{id}`,
//! `/departments/{id}`) and the holiday calendar (`GET /calendar`): served as serialised at
//! start-up, revalidated by ETag.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};

use super::json_response;
use crate::catalogue::Catalogue;
use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::state::AppState;

/// Whether `If-None-Match` names `etag` (weak comparison, `*` matches anything).
pub(super) fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
        })
}

/// Whether the client takes brotli (`Accept-Encoding: br`, not refused with `q=0`).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case("br"))
                && parts.all(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_none_or(|q| q > 0.0)
                })
        })
}

/// A catalogue document: it changes only with the catalogue, so its ETag is the catalogue's.
fn catalogue_document(state: &AppState, headers: &HeaderMap, body: Option<Vec<u8>>) -> Response {
    let Some(body) = body else {
        return ApiError::not_found().into_response();
    };
    let etag = format!("\"{}\"", state.catalogue.version);
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let mut res = if etag_matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    res.headers_mut().insert(header::ETAG, etag_value);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// `GET /catalogue`.
/// Sent brotli-compressed where the client takes it (compressed once per catalogue); the
/// compression layer leaves an answer that has its encoding already.
pub(super) async fn catalogue(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if accepts_brotli(&headers)
        && !etag_matches(&headers, &format!("\"{}\"", state.catalogue.version))
    {
        let catalogue = state.catalogue.clone();
        let body = tokio::task::spawn_blocking(move || catalogue.index_br().to_vec()).await;
        if let Ok(body) = body {
            let mut res = catalogue_document(&state, &headers, Some(body));
            res.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return res;
        }
    }
    let body = Some(state.catalogue.index_json.clone());
    catalogue_document(&state, &headers, body)
}

/// The serialised documents of one kind, by id.
type Documents = fn(&Catalogue) -> &HashMap<String, String>;

/// `GET` of one document of the kind `documents` picks (`/events/{id}`, `/matters/{id}`,
/// `/departments/{id}`).
pub(super) fn document(documents: Documents) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, headers: HeaderMap, ApiPath(id): ApiPath<String>| async move {
            let body = documents(&state.catalogue)
                .get(&id)
                .map(|s| s.clone().into_bytes());
            catalogue_document(&state, &headers, body)
        },
    )
}

/// `GET /calendar`.
pub(super) async fn calendar(State(state): State<AppState>) -> Response {
    let mut res = json_response(StatusCode::OK, &*state.env.holiday_calendar);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn brotli_only_where_the_client_takes_it() {
        assert!(accepts_brotli(&with("gzip, deflate, br, zstd")));
        assert!(accepts_brotli(&with("br;q=0.5, gzip")));
        assert!(accepts_brotli(&with("BR")));
        assert!(!accepts_brotli(&with("gzip, deflate")));
        assert!(!accepts_brotli(&with("br;q=0, gzip")));
        assert!(!accepts_brotli(&with("brotli")));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }
}
