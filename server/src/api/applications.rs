//! 一表申请: the profile that prefills the combined form (`GET /profile`), attachments
//! (`/attachments`) and the application itself (`POST /applications`, idempotent).

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use yishi_contract::NewApplication;

use super::json_response;
use crate::applications;
use crate::cases;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, Auth, json_bytes, parse_json, parse_json_value};
use crate::idempotency::{idempotency_key, idempotent};
use crate::state::AppState;

pub(super) async fn profile(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
    let profile = state
        .db
        .run(move |conn| applications::profile(conn, &who))
        .await?;
    let mut res = json_response(StatusCode::OK, &profile);
    // Personal data: never kept by a shared cache.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Uploads a subject may make per hour (test mode: many more, for parallel test runs).
const ATTACHMENTS_PER_HOUR: u32 = 120;

pub(super) async fn upload_attachment(
    State(state): State<AppState>,
    Auth(who): Auth,
    req: Request,
) -> ApiResult<Response> {
    let owner = who.owner();
    let now = state.clock.now();
    let per_hour = if state.config.test_mode {
        10_000
    } else {
        ATTACHMENTS_PER_HOUR
    };
    state
        .limiter
        .check(&format!("attach:{owner}"), per_hour, 3600, now)
        .map_err(ApiError::rate_limited)?;
    let max = applications::MAX_ATTACHMENT_BYTES;
    // Refuse an announced oversize body before reading it.
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > max as u64) {
        return Err(applications::too_large());
    }
    let name = req
        .headers()
        .get("x-file-name")
        .map(|v| v.to_str().map(str::to_string))
        .transpose()
        .map_err(|_| ApiError::bad_request("X-File-Name must be percent-encoded UTF-8"))?;
    let bytes = axum::body::to_bytes(req.into_body(), max + 1)
        .await
        .map_err(|e| {
            let over = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if over {
                applications::too_large()
            } else {
                ApiError::bad_request("the upload was interrupted")
            }
        })?;
    let attachment = state
        .db
        .run(move |conn| applications::store_attachment(conn, &owner, name.as_deref(), &bytes, now))
        .await?;
    Ok(json_response(StatusCode::CREATED, &attachment))
}

pub(super) async fn download_attachment(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let (meta, bytes) = state
        .db
        .run(move |conn| applications::load_attachment(conn, &who.owner(), &id))
        .await?;
    let mut res = (StatusCode::OK, bytes).into_response();
    let headers = res.headers_mut();
    let value = |s: &str| HeaderValue::from_str(s).map_err(|_| ApiError::internal("bad header"));
    headers.insert(header::CONTENT_TYPE, value(&meta.content_type)?);
    headers.insert(
        header::CONTENT_DISPOSITION,
        value(&applications::content_disposition(&meta.name))?,
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

const CREATE_APPLICATION_OPERATION: &str = "POST /applications";

pub(super) async fn create(
    State(state): State<AppState>,
    Auth(who): Auth,
    req: Request,
) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let bytes: Bytes = json_bytes(req, &state).await?;
    let value: Value = parse_json_value(&bytes)?;
    let owner = who.owner();
    // The applicant of a business's case is the business (as lookups match it), of a case
    // made for a family member that member.
    let applicant = who.subject_name();
    let state2 = state.clone();
    let o = owner.clone();
    idempotent(
        &state,
        owner,
        CREATE_APPLICATION_OPERATION,
        key,
        &value,
        || async move {
            let new = parse_json::<NewApplication>(&bytes)?;
            let env = state2.env.clone();
            let cat = state2.catalogue.clone();
            let now = state2.clock.now();
            let case = state2
                .db
                .run(move |conn| {
                    let row = applications::create_application(
                        conn,
                        &cat,
                        &o,
                        applicant.as_deref(),
                        &new,
                        now,
                    )?;
                    cases::full_case(conn, &env, &row, now.china_date())
                })
                .await?;
            Ok((StatusCode::CREATED, serde_json::to_string(&case)?))
        },
    )
    .await
}
