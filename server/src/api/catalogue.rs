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
pub(super) async fn catalogue(State(state): State<AppState>, headers: HeaderMap) -> Response {
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
