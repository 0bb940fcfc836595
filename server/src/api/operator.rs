//! `/operator/...`: what an office's back-office system does (move a case on, follow up a bad
//! rating), behind the operator key.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yishi_contract::{AdvanceCase, FollowUpAction};

use super::json_response;
use crate::cases;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, Operator};
use crate::ratings;
use crate::state::AppState;
use crate::suggestions;

pub(super) async fn advance(
    State(state): State<AppState>,
    _: Operator,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<AdvanceCase>,
) -> ApiResult<Response> {
    let env = state.env.clone();
    let catalogue = state.catalogue.clone();
    let now = state.clock.now();
    let case = state
        .db
        .run(move |conn| {
            let row = cases::advance(conn, &env, &id, &req, now)?;
            // 下一步: a closed life event's case suggests what usually follows it.
            suggestions::after_case(conn, &catalogue, &row, now)?;
            cases::full_case(conn, &env, &row, now.china_date())
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}

pub(super) async fn follow_up(
    State(state): State<AppState>,
    _: Operator,
    ApiPath(id): ApiPath<String>,
    ApiJson(action): ApiJson<FollowUpAction>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let rating = state
        .db
        .run(move |conn| ratings::add_follow_up(conn, &id, &action, now))
        .await?;
    Ok(json_response(StatusCode::OK, &rating))
}
