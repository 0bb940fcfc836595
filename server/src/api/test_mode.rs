//! Test mode (`/_test/...`, only with `--test-mode`; not in the contract): the current one-time
//! code, a settable clock, and many cases at once for the load test.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use yishi_contract::{AdvanceCase, Timestamp, field_codes};

use super::json_response;
use crate::auth;
use crate::cases;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct PhoneQuery {
    phone: String,
}

pub(super) async fn otp(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PhoneQuery>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let phone = q.phone.trim().to_string();
    match state
        .db
        .run(move |conn| auth::current_code(conn, &phone, now))
        .await?
    {
        Some(code) => Ok(json_response(StatusCode::OK, &json!({ "code": code }))),
        None => Err(ApiError::not_found().detail("no live code for this phone")),
    }
}

#[derive(Deserialize)]
pub(super) struct SetClock {
    now: Timestamp,
}

pub(super) async fn set_clock(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SetClock>,
) -> Response {
    state.clock.set(req.now);
    json_response(StatusCode::OK, &json!({ "now": state.clock.now() }))
}

pub(super) async fn reset_clock(State(state): State<AppState>) -> Response {
    state.clock.reset();
    json_response(StatusCode::OK, &json!({ "now": state.clock.now() }))
}

#[derive(Deserialize)]
pub(super) struct MakeCases {
    count: u32,
}

/// `POST /_test/cases` `{"count": N}`: N new cases of the signed-in subject, accepted (受理),
/// so each can be rated once at acceptance. For the load test (scripts/load.sh), which rates
/// each case once; answers `{"ids": [...]}`.
pub(super) async fn create_cases(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiJson(req): ApiJson<MakeCases>,
) -> ApiResult<Response> {
    if !(1..=100_000).contains(&req.count) {
        return Err(ApiError::invalid_field("/count", field_codes::OUT_OF_RANGE));
    }
    // The first matter by id: any matter will do, the same one every run.
    let matter = state
        .catalogue
        .matters
        .values()
        .min_by(|a, b| a.id.cmp(&b.id))
        .cloned()
        .ok_or_else(|| ApiError::internal("the catalogue has no matter"))?;
    let env = state.env.clone();
    let now = state.clock.now();
    let owner = who.owner();
    let applicant = who.subject_name().unwrap_or_else(|| "测试".into());
    let ids = state
        .db
        .run(move |conn| {
            let mut ids = Vec::with_capacity(req.count as usize);
            for _ in 0..req.count {
                let tx = conn.savepoint()?;
                let number = cases::next_case_number(&tx)?;
                let case = cases::NewCase {
                    id: format!("case-{}", number.to_ascii_lowercase()),
                    number,
                    owner: owner.clone(),
                    applicant_name: applicant.clone(),
                    title: matter.name.clone(),
                    matter_id: Some(matter.id.clone()),
                    event_id: None,
                    office: crate::one_stop::one_stop_window(),
                    promised: matter.promised_limit.clone(),
                    legal: matter.legal_limit.clone(),
                    members: Vec::new(),
                    note: None,
                };
                cases::insert_case_rows(&tx, &case, now)?;
                tx.commit()?;
                let accept = AdvanceCase {
                    to: yishi_contract::Stage::Accepted,
                    note: None,
                    supplement_items: Vec::new(),
                    delivery: None,
                };
                cases::advance(conn, &env, &case.id, &accept, now)?;
                ids.push(case.id);
            }
            Ok(ids)
        })
        .await?;
    Ok(json_response(StatusCode::CREATED, &json!({ "ids": ids })))
}
