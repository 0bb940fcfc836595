//! `/offices/{id}/slots` and `/appointments` (预约办理): an office's bookable slots (public),
//! booking one under an `Idempotency-Key`, my appointments, cancelling, moving one (改约) under
//! an `Idempotency-Key`. Every query about an
//! appointment is scoped to the subject: someone else's is a 404.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use yishi_contract::{Date, MoveAppointment, NewAppointment};

use super::json_response;
use crate::appointments::{self, Rules};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery, Auth, json_bytes, parse_json, parse_json_value};
use crate::idempotency::{idempotency_key, idempotent};
use crate::state::AppState;

const CREATE_APPOINTMENT_OPERATION: &str = "POST /appointments";
const MOVE_APPOINTMENT_OPERATION: &str = "POST /appointments/{id}/move";

#[derive(Deserialize)]
pub(super) struct SlotQuery {
    matter: Option<String>,
    from: Option<String>,
    days: Option<String>,
}

/// `GET /offices/{id}/slots?matter=&from=&days=`.
pub(super) async fn slots(
    State(state): State<AppState>,
    ApiPath(office): ApiPath<String>,
    ApiQuery(q): ApiQuery<SlotQuery>,
) -> ApiResult<Response> {
    let matter = q
        .matter
        .filter(|m| !m.is_empty() && m.len() <= 100)
        .ok_or_else(|| ApiError::bad_request("matter is required"))?;
    let from = match q.from.as_deref() {
        None => None,
        Some(s) => {
            Some(Date::parse(s).ok_or_else(|| ApiError::bad_request("from must be YYYY-MM-DD"))?)
        }
    };
    let days = match q.days.as_deref() {
        None => None,
        Some(s) => match s.parse::<u16>() {
            Ok(n) if (1..=31).contains(&n) => Some(n),
            _ => {
                return Err(ApiError::bad_request(
                    "days must be a whole number from 1 to 31",
                ));
            }
        },
    };
    let (cat, cal, rules, now) = (
        state.catalogue.clone(),
        state.env.calendar.clone(),
        Rules::of(&state.config),
        state.clock.now(),
    );
    let slots = state
        .db
        .run(move |conn| {
            appointments::slots(conn, &cat, &cal, rules, &office, &matter, from, days, now)
        })
        .await?;
    Ok(json_response(StatusCode::OK, &slots))
}

/// `POST /appointments`: a double tap (the same key and body) books once.
pub(super) async fn create(
    State(state): State<AppState>,
    Auth(who): Auth,
    req: Request,
) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let bytes: Bytes = json_bytes(req, &state).await?;
    let value: Value = parse_json_value(&bytes)?;
    let owner = who.owner();
    let state2 = state.clone();
    let o = owner.clone();
    idempotent(
        &state,
        owner,
        CREATE_APPOINTMENT_OPERATION,
        key,
        &value,
        || async move {
            let new = parse_json::<NewAppointment>(&bytes)?;
            let (cat, cal, rules, now) = (
                state2.catalogue.clone(),
                state2.env.calendar.clone(),
                Rules::of(&state2.config),
                state2.clock.now(),
            );
            let appointment = state2
                .db
                .run(move |conn| appointments::book(conn, &cat, &cal, rules, &o, &new, now))
                .await?;
            Ok((StatusCode::CREATED, serde_json::to_string(&appointment)?))
        },
    )
    .await
}

pub(super) async fn list(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
    let (cat, rules, now) = (
        state.catalogue.clone(),
        Rules::of(&state.config),
        state.clock.now(),
    );
    let list = state
        .db
        .run(move |conn| appointments::list(conn, &cat, rules, &who.owner(), now))
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let (cat, rules, now) = (
        state.catalogue.clone(),
        Rules::of(&state.config),
        state.clock.now(),
    );
    let appointment = state
        .db
        .run(move |conn| appointments::cancel(conn, &cat, rules, &who.owner(), &id, now))
        .await?;
    Ok(json_response(StatusCode::OK, &appointment))
}

/// `POST /appointments/{id}/move` (改约): a double tap (the same key and body) moves once. The
/// key is scoped to the appointment, so one key cannot move two.
pub(super) async fn reschedule(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
    req: Request,
) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let bytes: Bytes = json_bytes(req, &state).await?;
    let mut value: Value = parse_json_value(&bytes)?;
    // The stored body is the request's with the appointment it moves.
    if let Value::Object(map) = &mut value {
        map.insert("appointment_id".into(), Value::String(id.clone()));
    }
    let owner = who.owner();
    let state2 = state.clone();
    let o = owner.clone();
    idempotent(
        &state,
        owner,
        MOVE_APPOINTMENT_OPERATION,
        key,
        &value,
        || async move {
            let to = parse_json::<MoveAppointment>(&bytes)?;
            let (cat, cal, rules, now) = (
                state2.catalogue.clone(),
                state2.env.calendar.clone(),
                Rules::of(&state2.config),
                state2.clock.now(),
            );
            let appointment = state2
                .db
                .run(move |conn| {
                    appointments::reschedule(conn, &cat, &cal, rules, &o, &id, &to, now)
                })
                .await?;
            Ok((StatusCode::OK, serde_json::to_string(&appointment)?))
        },
    )
    .await
}

/// `POST /appointments/{id}/ticket` (取号): safe to repeat; the same number, the queue now.
pub(super) async fn ticket(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let ticket = state
        .db
        .run(move |conn| appointments::take_ticket(conn, &who.owner(), &id, now))
        .await?;
    Ok(json_response(StatusCode::OK, &ticket))
}
