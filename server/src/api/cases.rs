//! `/cases`: a citizen's cases (list, one case, withdrawal, supplementary material) and the
//! lookup of a case without signing in.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use yishi_contract::{CaseLookup, CaseState, SupplementUpload};
use yishi_core::field_errors::FieldErrors;

use super::{PageQuery, json_response, page_limit};

use crate::cases;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery, Auth, ClientIp};
use crate::state::AppState;

pub(super) async fn list(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Response> {
    let limit = page_limit(q.limit.as_deref())?;
    // `?state=` (empty) is refused like any other value outside the enum.
    let filter = match q.state.as_deref() {
        None => None,
        Some(s) => match cases::parse_enum::<CaseState>(s) {
            CaseState::Unknown => {
                return Err(ApiError::bad_request(
                    "state must be in_progress, needs_action or done",
                ));
            }
            known => Some(known),
        },
    };
    let env = state.env.clone();
    let today = state.clock.today();
    let page = state
        .db
        .run(move |conn| {
            cases::list_cases(
                conn,
                &env,
                &who.owner(),
                filter,
                q.cursor.as_deref(),
                limit,
                today,
            )
        })
        .await?;
    Ok(json_response(StatusCode::OK, &page))
}

pub(super) async fn get(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let env = state.env.clone();
    let today = state.clock.today();
    let case = state
        .db
        .run(move |conn| {
            let row = cases::load_owned_case(conn, &who.owner(), &id)?;
            cases::full_case(conn, &env, &row, today)
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let env = state.env.clone();
    let now = state.clock.now();
    let case = state
        .db
        .run(move |conn| {
            let row = cases::withdraw(conn, &env, &who.owner(), &id, now)?;
            cases::full_case(conn, &env, &row, now.china_date())
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}

pub(super) async fn lookup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CaseLookup>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    state
        .limiter
        .check(
            &format!("lookup:{ip}"),
            state.config.lookup_per_minute,
            60,
            now,
        )
        .map_err(ApiError::rate_limited)?;
    let mut errors = FieldErrors::new();
    yishi_core::lookup::check(&req, "", &mut errors);
    errors.into_result()?;
    let env = state.env.clone();
    let case = state
        .db
        .run(move |conn| {
            // A wrong number and a wrong code give the same answer, so neither can be probed.
            match cases::load_case_by_lookup(conn, &req)? {
                Some(row) => cases::public_case(conn, &env, &row, now.china_date()),
                None => Err(cases::lookup_not_found()),
            }
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}

pub(super) async fn supply(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    ApiJson(upload): ApiJson<SupplementUpload>,
) -> ApiResult<Response> {
    let env = state.env.clone();
    let now = state.clock.now();
    let case = state
        .db
        .run(move |conn| {
            let row = cases::supply(conn, &who.owner(), &id, &upload, now)?;
            cases::full_case(conn, &env, &row, now.china_date())
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}
