//! `/session`: one-time codes, sign-in, the current session, sign-out.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use yishi_contract::{CodeRequest, SignIn};

use super::json_response;
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientIp, Person};
use crate::state::AppState;

pub(super) async fn request_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CodeRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let phone = req.phone.trim().to_string();
    // A daily cap per client against SMS abuse across many numbers; like the cap per number
    // (kept with the codes, in `auth::request_code`), it counts only codes actually sent.
    let client_key = format!("code-client:{ip}");
    let day = 86_400;
    state
        .limiter
        .peek(&client_key, state.config.codes_per_client_per_day, day, now)
        .map_err(ApiError::rate_limited)?;
    let p = phone.clone();
    let resend = state.config.code_resend_seconds;
    let per_day = state.config.codes_per_number_per_day;
    let (code, sent) = state
        .db
        .run(move |conn| auth::request_code(conn, &p, resend, per_day, now))
        .await?;
    state.limiter.record(&client_key, now);
    if state.config.dev {
        tracing::info!(
            "one-time code for {}: {code}",
            yishi_core::validate::mask_phone(&phone)
        );
    }
    // A deployment sends `code` by SMS here; the reference server has no SMS gateway.
    Ok(json_response(StatusCode::ACCEPTED, &sent))
}

pub(super) async fn sign_in(
    State(state): State<AppState>,
    ApiJson(mut req): ApiJson<SignIn>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    req.phone = req.phone.trim().to_string();
    let resend = state.config.code_resend_seconds;
    let session = state
        .db
        .run(move |conn| auth::sign_in(conn, &req, resend, now))
        .await?;
    let mut res = json_response(StatusCode::CREATED, &session);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub(super) async fn get(State(state): State<AppState>, Person(who): Person) -> ApiResult<Response> {
    let now = state.clock.now();
    let session = state
        .db
        .run(move |conn| auth::session_view(conn, &who, now))
        .await?;
    let mut res = json_response(StatusCode::OK, &session);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub(super) async fn sign_out(
    State(state): State<AppState>,
    Person(who): Person,
) -> ApiResult<StatusCode> {
    state
        .db
        .run(move |conn| auth::sign_out(conn, &who.token))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
