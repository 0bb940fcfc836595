//! `/licences` (我的证照): the signed-in subject's licences and the codes that show one at a
//! counter (用证码). Every query is scoped to the subject: someone else's licence is a 404.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yishi_contract::LicenceCodeCheck;

use super::json_response;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, Auth, Operator};
use crate::licences;
use crate::state::AppState;

/// Codes one subject may ask for in a minute: a citizen refreshes a few times at a counter;
/// more is a script.
const CODES_PER_MINUTE: u32 = 30;

pub(super) async fn list(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
    let now = state.clock.now();
    let owner = who.owner();
    let list = state
        .db
        .run(move |conn| licences::list(conn, &owner, now))
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}

pub(super) async fn issue_code(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let owner = who.owner();
    state
        .limiter
        .check(&format!("licence-code:{owner}"), CODES_PER_MINUTE, 60, now)
        .map_err(ApiError::rate_limited)?;
    let code = state
        .db
        .run(move |conn| licences::issue_code(conn, &owner, &id, now))
        .await?;
    Ok(json_response(StatusCode::CREATED, &code))
}

pub(super) async fn uses(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
    let owner = who.owner();
    let list = state
        .db
        .run(move |conn| licences::uses(conn, &owner))
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}

/// `POST /operator/licence-codes/verify`: a counter checks a code (核验用证码).
pub(super) async fn verify(
    State(state): State<AppState>,
    _: Operator,
    ApiJson(check): ApiJson<LicenceCodeCheck>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let verified = state
        .db
        .run(move |conn| licences::verify_at_counter(conn, &check, now))
        .await?;
    Ok(json_response(StatusCode::OK, &verified))
}
