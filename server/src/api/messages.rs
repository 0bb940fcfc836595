//! `/messages` (消息中心): the signed-in subject's inbox, polled with its `ETag`, and marking
//! messages read. Every query is scoped to the subject: someone else's message is a 404.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use yishi_contract::ReadAll;

use super::catalogue::etag_matches;
use super::{PageQuery, json_response, page_limit};
use crate::appointments;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth};
use crate::messages;
use crate::state::AppState;

/// `GET /messages`: 304 without a body while the inbox is as the client last saw it.
pub(super) async fn list(
    State(state): State<AppState>,
    Auth(who): Auth,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Response> {
    let limit = page_limit(q.limit.as_deref())?;
    let owner = who.owner();
    let (cat, now) = (state.catalogue.clone(), state.clock.now());
    let (etag, page) = state
        .db
        .run(move |conn| {
            // A reminder that has come due is written before the inbox is read.
            appointments::send_due_reminders(conn, &cat, &owner, now)?;
            let etag = messages::etag(conn, &owner)?;
            if etag_matches(&headers, &etag) {
                return Ok((etag, None));
            }
            let page = messages::list(conn, &owner, q.cursor.as_deref(), limit)?;
            Ok((etag, Some(page)))
        })
        .await?;
    let mut res = match page {
        None => StatusCode::NOT_MODIFIED.into_response(),
        Some(page) => json_response(StatusCode::OK, &page),
    };
    if let Ok(v) = HeaderValue::from_str(&etag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

pub(super) async fn read(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let message = state
        .db
        .run(move |conn| messages::mark_read(conn, &who.owner(), &id, now))
        .await?;
    Ok(json_response(StatusCode::OK, &message))
}

pub(super) async fn read_all(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiJson(req): ApiJson<ReadAll>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let count = state
        .db
        .run(move |conn| messages::read_all(conn, &who.owner(), req.up_to.as_deref(), now))
        .await?;
    Ok(json_response(StatusCode::OK, &count))
}
