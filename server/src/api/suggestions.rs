//! `/suggestions` (下一步): what is suggested to the signed-in subject next, and dismissing one.
//! Every query is scoped to the subject: someone else's suggestion is a 404.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::json_response;
use crate::error::ApiResult;
use crate::extract::{ApiPath, Auth};
use crate::state::AppState;
use crate::suggestions;

pub(super) async fn list(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
    let owner = who.owner();
    let list = state
        .db
        .run(move |conn| suggestions::list(conn, &owner))
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}

pub(super) async fn dismiss(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    state
        .db
        .run(move |conn| suggestions::dismiss(conn, &who.owner(), &id, now))
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
