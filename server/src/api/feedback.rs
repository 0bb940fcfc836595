//! `POST /feedback`: anyone may send it, a few times an hour per client.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yishi_contract::NewFeedback;

use super::json_response;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientIp, MaybeAuth};
use crate::feedback;
use crate::state::AppState;

pub(super) async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    MaybeAuth(who): MaybeAuth,
    ApiJson(fb): ApiJson<NewFeedback>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    state
        .limiter
        .check(
            &format!("feedback:{ip}"),
            state.config.feedback_per_hour,
            3600,
            now,
        )
        .map_err(ApiError::rate_limited)?;
    let catalogue = state.catalogue.clone();
    let receipt = state
        .db
        .run(move |conn| {
            let person = who.as_ref().map(|w| w.person_id.as_str());
            feedback::create(conn, &catalogue, &fb, person, now)
        })
        .await?;
    Ok(json_response(StatusCode::ACCEPTED, &receipt))
}
