//! 代办: choosing whom the session acts for, and `/authorisations`. These concern the signed-in
//! person themselves ([`Person`]), so they work when an authorisation has ended.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rusqlite::Connection;
use yishi_contract::{Authorisation, NewAuthorisation, SubjectChoice, Timestamp};

use super::json_response;
use crate::auth::AuthSubject;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, Person};
use crate::family;
use crate::state::AppState;

pub(super) async fn choose_subject(
    State(state): State<AppState>,
    Person(who): Person,
    ApiJson(choice): ApiJson<SubjectChoice>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let session = state
        .db
        .run(move |conn| family::choose_subject(conn, &who, &choice, now))
        .await?;
    Ok(json_response(StatusCode::OK, &session))
}

pub(super) async fn list(
    State(state): State<AppState>,
    Person(who): Person,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let list = state
        .db
        .run(move |conn| family::list(conn, &who.person_id, now))
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}

pub(super) async fn request(
    State(state): State<AppState>,
    Person(who): Person,
    ApiJson(req): ApiJson<NewAuthorisation>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let (created, view) = state
        .db
        .run(move |conn| family::request(conn, &who, &req, now))
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_response(status, &view))
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    Person(who): Person,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    settle(state, who, id, family::confirm).await
}

pub(super) async fn end(
    State(state): State<AppState>,
    Person(who): Person,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    settle(state, who, id, family::end).await
}

/// Confirms or ends one of the person's authorisations and answers it as it is now.
async fn settle(
    state: AppState,
    who: AuthSubject,
    id: String,
    change: fn(&Connection, &str, &str, Timestamp) -> ApiResult<Authorisation>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let view = state
        .db
        .run(move |conn| change(conn, &who.person_id, &id, now))
        .await?;
    Ok(json_response(StatusCode::OK, &view))
}

pub(super) async fn acts(
    State(state): State<AppState>,
    Person(who): Person,
) -> ApiResult<Response> {
    let list = state
        .db
        .run(move |conn| family::acts(conn, &who.person_id))
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}
