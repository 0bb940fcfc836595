//! The handlers of API v1 (`/api/v1/...`) and of test mode (`/_test/...`), one module per
//! resource, and the one route table. Handlers are thin: they check who may ask and how often,
//! then call the domain modules ([`crate::cases`], [`crate::ratings`], …) on the database thread.

mod applications;
mod appointments;
mod cases;
mod catalogue;
mod family;
mod feedback;
mod health;
mod licences;
mod messages;
mod operator;
mod ratings;
mod session;
mod suggestions;
mod test_mode;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::extract::ActSlot;
use crate::state::AppState;

/// The routes of API v1, nested under `/api/v1`.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/catalogue", get(catalogue::catalogue))
        .route("/events/{id}", catalogue::document(|c| &c.event_json))
        .route("/matters/{id}", catalogue::document(|c| &c.matter_json))
        .route("/matters/{id}/rating-summary", get(ratings::summary))
        .route(
            "/departments/{id}",
            catalogue::document(|c| &c.department_json),
        )
        .route("/calendar", get(catalogue::calendar))
        .route("/rating-options", get(ratings::options))
        .route("/feedback", post(feedback::create))
        .route("/session/code", post(session::request_code))
        .route(
            "/session",
            post(session::sign_in)
                .get(session::get)
                .delete(session::sign_out),
        )
        .route("/session/subject", put(family::choose_subject))
        // 代办
        .route("/authorisations", get(family::list).post(family::request))
        .route("/authorisations/acts", get(family::acts))
        .route("/authorisations/{id}/confirm", post(family::confirm))
        .route("/authorisations/{id}/end", post(family::end))
        .route("/cases", get(cases::list))
        .route("/cases/lookup", post(cases::lookup))
        .route("/cases/{id}", get(cases::get))
        .route("/cases/{id}/withdraw", post(cases::withdraw))
        .route("/cases/{id}/supplement", post(cases::supply))
        .route("/profile", get(applications::profile))
        .route("/attachments", post(applications::upload_attachment))
        .route("/attachments/{id}", get(applications::download_attachment))
        .route("/applications", post(applications::create))
        .route("/ratings", post(ratings::create).get(ratings::list))
        .route("/ratings/{id}", get(ratings::get))
        .route("/ratings/{id}/callback", post(ratings::callback))
        // 消息中心
        .route("/messages", get(messages::list))
        .route("/messages/read-all", post(messages::read_all))
        .route("/messages/{id}/read", post(messages::read))
        // 我的证照
        .route("/licences", get(licences::list))
        .route("/licences/uses", get(licences::uses))
        .route("/licences/{id}/code", post(licences::issue_code))
        .route("/offices/{id}/slots", get(appointments::slots))
        .route(
            "/appointments",
            post(appointments::create).get(appointments::list),
        )
        .route("/appointments/{id}/cancel", post(appointments::cancel))
        .route("/appointments/{id}/move", post(appointments::reschedule))
        .route("/appointments/{id}/ticket", post(appointments::ticket))
        // 下一步
        .route("/suggestions", get(suggestions::list))
        .route("/suggestions/{id}/dismiss", post(suggestions::dismiss))
        .route("/operator/cases/{id}/advance", post(operator::advance))
        .route("/operator/licence-codes/verify", post(licences::verify))
        .route(
            "/operator/ratings/{id}/follow-up",
            post(operator::follow_up),
        )
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            record_acts,
        ))
        .layer(axum::middleware::map_response(no_store_by_default))
}

/// Records each change made while acting for someone else (a family member or a business):
/// who, what (by its route), on which object, when — `GET /authorisations/acts`. One place
/// for every operation, present and future, instead of a line in each handler. The record is
/// written after the change succeeded; a failure to write it is logged, not shown to the agent.
async fn record_acts(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let path = req.uri().path().to_owned();
    let slot = ActSlot::default();
    req.extensions_mut().insert(slot.clone());
    let res = next.run(req).await;
    let who = slot.0.lock().unwrap_or_else(|e| e.into_inner()).take();
    let (Some(who), Some(route)) = (who, route) else {
        return res;
    };
    if !res.status().is_success() || !who.is_acting() {
        return res;
    }
    let Some(action) = crate::family::action_of(method.as_str(), &route) else {
        return res;
    };
    let template = route
        .strip_prefix(yishi_contract::API_PREFIX)
        .unwrap_or(&route);
    let object = object_id(template, &path);
    let operation = format!("{method} {template}");
    let now = state.clock.now();
    let recorded = state
        .db
        .run(move |conn| {
            crate::family::record_act(conn, &who, action, &operation, object.as_deref(), now)
        })
        .await;
    if let Err(e) = recorded {
        tracing::error!(problem = ?e.problem, "could not record an act");
    }
    res
}

/// The `{id}` of a route template in the path it matched (`/cases/{id}/withdraw` and
/// `/api/v1/cases/c-1/withdraw` give `c-1`).
fn object_id(template: &str, path: &str) -> Option<String> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    let at = t.iter().position(|s| *s == "{id}")?;
    // The path carries the prefix the template lacks: align from the end.
    let offset = p.len().checked_sub(t.len())?;
    p.get(offset + at).map(|s| (*s).to_owned())
}

/// Every API answer without a caching policy of its own gets `Cache-Control: no-store`: cases,
/// ratings, the lookup, the session, the profile and attachments hold a citizen's data, which no
/// shared cache, proxy or back-forward store may keep. Only the catalogue's documents set their
/// own (`no-cache` with an ETag); a new personal answer is covered without anyone remembering.
async fn no_store_by_default(mut res: Response) -> Response {
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

/// The routes of test mode (not in the contract), nested under `/_test` when
/// `--test-mode` is on.
pub fn test_routes() -> Router<AppState> {
    Router::new()
        .route("/otp", get(test_mode::otp))
        .route(
            "/clock",
            put(test_mode::set_clock).delete(test_mode::reset_clock),
        )
        .route("/cases", post(test_mode::create_cases))
        .fallback(api_not_found)
}

async fn api_not_found() -> ApiError {
    ApiError::not_found().detail("no such API route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        405,
        yishi_contract::codes::BAD_REQUEST,
        "Method not allowed",
    )
    .detail("this route does not accept that method")
}

/// JSON with a status.
fn json_response(status: StatusCode, body: &impl serde::Serialize) -> Response {
    (status, axum::Json(body)).into_response()
}

/// The query of a list that pages (`GET /cases`, `GET /ratings`).
#[derive(Deserialize)]
struct PageQuery {
    state: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

/// `?limit=`: 20 when absent, else a whole number from 1 to 100.
fn page_limit(raw: Option<&str>) -> ApiResult<u32> {
    match raw {
        None => Ok(20),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(
                "limit must be a whole number from 1 to 100",
            )),
        },
    }
}
