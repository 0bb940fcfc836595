//! `/ratings` (好差评): rating a case (signed in, or by lookup), a citizen's ratings and the
//! call-back on a bad one; and what the rating form offers (`GET /rating-options`) and how a
//! matter is rated (`GET /matters/{id}/rating-summary`).

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use yishi_contract::{CallbackAnswer, NewRating};

use super::{PageQuery, json_response, page_limit};
use crate::error::{ApiError, ApiResult};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Auth, ClientIp, MaybeAuth, json_bytes, parse_json, parse_json_value,
};
use crate::idempotency::{idempotency_key, idempotent};
use crate::ratings;
use crate::state::AppState;

const CREATE_RATING_OPERATION: &str = "POST /ratings";

/// `POST /ratings`, signed in or (with `lookup`) not: an anonymous rating is rate-limited like
/// a lookup, and its key is scoped to the lookup's case number instead of a subject.
pub(super) async fn create(
    State(state): State<AppState>,
    MaybeAuth(who): MaybeAuth,
    ClientIp(ip): ClientIp,
    req: Request,
) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let bytes: Bytes = json_bytes(req, &state).await?;
    // Malformed JSON is refused before the key is recorded: there is nothing to replay.
    let value: Value = parse_json_value(&bytes)?;
    let lookup = value.get("lookup").filter(|l| !l.is_null());
    let subject = match (lookup, &who) {
        (Some(l), _) => {
            state
                .limiter
                .check(
                    &format!("lookup:{ip}"),
                    state.config.lookup_per_minute,
                    60,
                    state.clock.now(),
                )
                .map_err(ApiError::rate_limited)?;
            let number = l.get("number").and_then(Value::as_str).unwrap_or("");
            // Bounded: an over-long number is refused (422) after the key is recorded, and the
            // record should not be as long as the body.
            let number: String = yishi_core::lookup::normalise_number(number)
                .chars()
                .take(yishi_core::lookup::NUMBER_MAX_CHARS + 1)
                .collect();
            format!("lookup:{number}")
        }
        (None, Some(w)) => w.owner(),
        (None, None) => {
            return Err(ApiError::unauthenticated()
                .detail("sign in, or name the case with `lookup` (number and query code)"));
        }
    };
    let owner = who.map(|w| w.owner());
    let state2 = state.clone();
    idempotent(
        &state,
        subject,
        CREATE_RATING_OPERATION,
        key,
        &value,
        || async move {
            let new = parse_json::<NewRating>(&bytes)?;
            let env = state2.env.clone();
            let now = state2.clock.now();
            let rating = state2
                .db
                .run(move |conn| ratings::create(conn, &env, owner.as_deref(), &new, now))
                .await?;
            Ok((StatusCode::CREATED, serde_json::to_string(&rating)?))
        },
    )
    .await
}

pub(super) async fn list(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Response> {
    let limit = page_limit(q.limit.as_deref())?;
    let page = state
        .db
        .run(move |conn| ratings::list(conn, &who.owner(), q.cursor.as_deref(), limit))
        .await?;
    Ok(json_response(StatusCode::OK, &page))
}

pub(super) async fn get(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let rating = state
        .db
        .run(move |conn| ratings::get_owned(conn, &who.owner(), &id))
        .await?;
    Ok(json_response(StatusCode::OK, &rating))
}

pub(super) async fn callback(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(answer): ApiJson<CallbackAnswer>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let rating = state
        .db
        .run(move |conn| ratings::callback(conn, &who.owner(), &id, &answer, now))
        .await?;
    Ok(json_response(StatusCode::OK, &rating))
}

/// `GET /matters/{id}/rating-summary`: counts only, raters are never identified.
pub(super) async fn summary(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    if !state.catalogue.matters.contains_key(&id) {
        return Err(ApiError::not_found());
    }
    let summary = state
        .db
        .run(move |conn| ratings::summary(conn, &id))
        .await?;
    Ok(json_response(StatusCode::OK, &summary))
}

/// `GET /rating-options`.
pub(super) async fn options(State(state): State<AppState>) -> Response {
    json_response(StatusCode::OK, &ratings::options(&state.env))
}
