//! The handlers of API v1 (`/api/v1/...`) and of test mode (`/_test/...`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::{Value, json};
use yishi_contract::{
    AdvanceCase, CallbackAnswer, CaseLookup, CaseState, CodeRequest, FeedbackKind, FeedbackReceipt,
    FollowUpAction, IDEMPOTENCY_KEY_HEADER, NewApplication, NewFeedback, NewRating, SignIn,
    SupplementUpload, Timestamp, field_codes,
};

use crate::app::AppState;
use crate::applications;
use crate::auth;
use crate::cases::{self, enum_str, normalise_number};
use crate::error::{ApiError, ApiResult, problem_response};
use crate::extract::{
    ApiJson, ApiPath, ApiQuery, Auth, ClientIp, MaybeAuth, Operator, json_bytes, parse_json,
    parse_json_value,
};
use crate::idempotency::{self, Begin, REPLAYED_HEADER};
use crate::ratings;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/catalogue", get(catalogue))
        .route("/events/{id}", get(event))
        .route("/matters/{id}", get(matter))
        .route("/matters/{id}/rating-summary", get(rating_summary))
        .route("/departments/{id}", get(department))
        .route("/calendar", get(calendar))
        .route("/rating-options", get(rating_options))
        .route("/feedback", post(feedback))
        .route("/session/code", post(request_code))
        .route("/session", post(sign_in).get(get_session).delete(sign_out))
        .route("/cases", get(list_cases))
        .route("/cases/lookup", post(lookup_case))
        .route("/cases/{id}", get(get_case))
        .route("/cases/{id}/withdraw", post(withdraw_case))
        .route("/cases/{id}/supplement", post(supply_case))
        .route("/profile", get(get_profile))
        .route("/attachments", post(upload_attachment))
        .route("/attachments/{id}", get(download_attachment))
        .route("/applications", post(create_application))
        .route("/ratings", post(create_rating).get(list_ratings))
        .route("/ratings/{id}", get(get_rating))
        .route("/ratings/{id}/callback", post(rating_callback))
        .route("/operator/cases/{id}/advance", post(operator_advance))
        .route("/operator/ratings/{id}/follow-up", post(operator_follow_up))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
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

// ---------------------------------------------------------------- catalogue

/// 200 when the database answers; 503 with `Retry-After` otherwise.
async fn health(State(state): State<AppState>) -> Result<Response, ApiError> {
    let ok = state
        .db
        .run(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
        .await;
    match ok {
        Ok(_) => Ok(json_response(
            StatusCode::OK,
            &json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}),
        )),
        Err(_) => {
            let mut e = ApiError::new(
                503,
                yishi_contract::codes::UNAVAILABLE,
                "Service unavailable",
            )
            .detail("the database is not answering");
            e.retry_after = Some(30);
            Err(e)
        }
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, `*` matches anything).
fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
        })
}

/// A catalogue document: it changes only with the catalogue, so its ETag is the catalogue's.
fn catalogue_document(state: &AppState, headers: &HeaderMap, body: Option<Vec<u8>>) -> Response {
    let Some(body) = body else {
        return ApiError::not_found().into_response();
    };
    let etag = format!("\"{}\"", state.catalogue.version);
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let mut res = if etag_matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    res.headers_mut().insert(header::ETAG, etag_value);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

async fn catalogue(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let body = Some(state.catalogue.index_json.clone());
    catalogue_document(&state, &headers, body)
}

async fn event(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Response {
    let body = state
        .catalogue
        .event_json
        .get(&id)
        .map(|s| s.clone().into_bytes());
    catalogue_document(&state, &headers, body)
}

async fn matter(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Response {
    let body = state
        .catalogue
        .matter_json
        .get(&id)
        .map(|s| s.clone().into_bytes());
    catalogue_document(&state, &headers, body)
}

async fn department(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
) -> Response {
    let body = state
        .catalogue
        .department_json
        .get(&id)
        .map(|s| s.clone().into_bytes());
    catalogue_document(&state, &headers, body)
}

async fn rating_summary(
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

async fn calendar(State(state): State<AppState>) -> Response {
    let mut res = json_response(StatusCode::OK, &*state.env.holiday_calendar);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

async fn rating_options(State(state): State<AppState>) -> Response {
    json_response(StatusCode::OK, &ratings::options(&state.env))
}

async fn feedback(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    MaybeAuth(who): MaybeAuth,
    ApiJson(fb): ApiJson<NewFeedback>,
) -> ApiResult<Response> {
    state
        .limiter
        .check(
            &format!("feedback:{ip}"),
            state.config.feedback_per_hour,
            3600,
            state.clock.now(),
        )
        .map_err(ApiError::rate_limited)?;
    let mut err = ApiError::validation();
    let mut bad = false;
    let mut flag = |e: ApiError, p: &str, c: &str| {
        bad = true;
        e.field(p, c)
    };
    if fb.kind == FeedbackKind::Unknown {
        err = flag(err, "/kind", field_codes::INVALID);
    }
    let text = fb.text.trim();
    if text.is_empty() {
        err = flag(err, "/text", field_codes::REQUIRED);
    } else if text.chars().count() > 2000 {
        err = flag(err, "/text", field_codes::TOO_LONG);
    }
    let query = fb.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if fb.kind == FeedbackKind::SearchMiss && query.is_none() {
        err = flag(err, "/query", field_codes::REQUIRED);
    }
    if query.is_some_and(|q| q.chars().count() > 200) {
        err = flag(err, "/query", field_codes::TOO_LONG);
    }
    match fb.matter_id.as_deref() {
        None if fb.kind == FeedbackKind::GuideError => {
            err = flag(err, "/matter_id", field_codes::REQUIRED)
        }
        Some(m) if !state.catalogue.matters.contains_key(m) => {
            err = flag(err, "/matter_id", field_codes::INVALID)
        }
        _ => {}
    }
    if fb
        .contact
        .as_deref()
        .is_some_and(|c| c.chars().count() > 100)
    {
        err = flag(err, "/contact", field_codes::TOO_LONG);
    }
    if bad {
        return Err(err);
    }
    let id = auth::new_id("fb");
    let now = state.clock.now();
    let row_id = id.clone();
    let (text, query) = (text.to_string(), query.map(str::to_string));
    state
        .db
        .run(move |conn| {
            conn.execute(
                "INSERT INTO feedback (id, kind, query, matter_id, text, contact, person_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    row_id,
                    enum_str(&fb.kind),
                    query,
                    fb.matter_id,
                    text,
                    fb.contact.as_deref().map(str::trim).filter(|c| !c.is_empty()),
                    who.map(|w| w.person_id),
                    now.0
                ],
            )?;
            Ok(())
        })
        .await?;
    Ok(json_response(StatusCode::ACCEPTED, &FeedbackReceipt { id }))
}

// ---------------------------------------------------------------- session

async fn request_code(
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

async fn sign_in(
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

async fn get_session(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
    let session = state
        .db
        .run(move |conn| auth::session_view(conn, &who))
        .await?;
    let mut res = json_response(StatusCode::OK, &session);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn sign_out(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<StatusCode> {
    state
        .db
        .run(move |conn| auth::sign_out(conn, &who.token))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- cases

#[derive(Deserialize)]
struct PageQuery {
    state: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

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

async fn list_cases(
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

async fn get_case(
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

async fn withdraw_case(
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

async fn lookup_case(
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
    let number = normalise_number(&req.number);
    let name = req.applicant_name.trim().to_string();
    let mut err = ApiError::validation();
    if number.is_empty() {
        err = err.field("/number", field_codes::REQUIRED);
    } else if number.chars().count() > 64 {
        err = err.field("/number", field_codes::TOO_LONG);
    }
    if name.is_empty() {
        err = err.field("/applicant_name", field_codes::REQUIRED);
    } else if name.chars().count() > 64 {
        err = err.field("/applicant_name", field_codes::TOO_LONG);
    }
    if !err.problem.errors.is_empty() {
        return Err(err);
    }
    let env = state.env.clone();
    let case = state
        .db
        .run(move |conn| {
            // A wrong number and a wrong name give the same answer, so neither can be probed.
            match cases::load_case_by_number(conn, &number)? {
                Some(row) if row.applicant_name == name => {
                    cases::public_case(conn, &env, &row, now.china_date())
                }
                _ => {
                    Err(ApiError::not_found().detail("no case with this number and applicant name"))
                }
            }
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}

async fn supply_case(
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

// ---------------------------------------------------------------- 一表申请

async fn get_profile(State(state): State<AppState>, Auth(who): Auth) -> ApiResult<Response> {
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

async fn upload_attachment(
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

async fn download_attachment(
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

async fn create_application(
    State(state): State<AppState>,
    Auth(who): Auth,
    req: Request,
) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let bytes: Bytes = json_bytes(req, &state).await?;
    let value: Value = parse_json_value(&bytes)?;
    let owner = who.owner();
    // The applicant of a business's case is the business (as lookups match it).
    let applicant = who
        .acting_for
        .as_ref()
        .map(|b| b.name.clone())
        .or_else(|| who.person_name.clone());
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

// ---------------------------------------------------------------- idempotent writes

/// The `Idempotency-Key` header, checked (400 when missing or malformed).
fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    idempotency::check_key(
        headers
            .get(IDEMPOTENCY_KEY_HEADER)
            .map(|v| v.to_str().unwrap_or("\u{0}")),
    )
}

/// A JSON body, already serialised, with its status.
fn json_body_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Runs a write under an `Idempotency-Key` (the one code path of `POST /ratings` and
/// `POST /applications`): the first request with a key runs `process` and its final answer is
/// stored; the same key and body replays it (`Idempotent-Replayed: true`); another body is 422
/// `idempotency_mismatch`; a request still running is 409 `in_flight`. `subject` scopes the key.
/// `process` answers the success status and body; its errors are answered (and stored when final).
async fn idempotent<F, Fut>(
    state: &AppState,
    subject: String,
    operation: &'static str,
    key: String,
    body: &Value,
    process: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ApiResult<(StatusCode, String)>> + Send + 'static,
{
    let hash = idempotency::body_hash(body);
    // Everything from recording the key to storing the answer runs in a task of its own: a
    // client that goes away mid-request (a phone losing its signal) would otherwise cancel it
    // half done and leave the key "in flight" until it goes stale. Now the write completes and
    // the client's retry with the same key gets the stored answer.
    let state = state.clone();
    tokio::spawn(async move {
        let now = state.clock.now();
        let (o, k) = (subject.clone(), key.clone());
        let begun = state
            .db
            .run(move |conn| idempotency::begin(conn, &o, operation, &k, &hash, now))
            .await?;
        if let Begin::Replay { status, body } = begun {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut res = if status.is_client_error() || status.is_server_error() {
                problem_response(status, body.into_bytes(), None)
            } else {
                json_body_response(status, body)
            };
            res.headers_mut()
                .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
            return Ok(res);
        }
        let (status, code, body, retry_after) = match process().await {
            Ok((status, body)) => (status, String::new(), body, None),
            Err(e) => (
                e.status(),
                e.problem.code.clone(),
                serde_json::to_string(&e.problem)?,
                e.retry_after,
            ),
        };
        let b = body.clone();
        state
            .db
            .run(move |conn| {
                idempotency::finish(conn, &subject, operation, &key, status.as_u16(), &code, &b)
            })
            .await?;
        Ok(if status.is_success() {
            json_body_response(status, body)
        } else {
            problem_response(status, body.into_bytes(), retry_after)
        })
    })
    .await
    .map_err(|_| ApiError::internal("the write's task ended without an answer"))?
}

// ---------------------------------------------------------------- ratings

const CREATE_RATING_OPERATION: &str = "POST /ratings";

/// `POST /ratings`, signed in or (with `lookup`) not: an anonymous rating is rate-limited like
/// a lookup, and its key is scoped to the lookup's case number instead of a subject.
async fn create_rating(
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
            format!("lookup:{}", normalise_number(number))
        }
        (None, Some(w)) => w.owner(),
        (None, None) => {
            return Err(ApiError::unauthenticated()
                .detail("sign in, or name the case with `lookup` (number and applicant name)"));
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

async fn list_ratings(
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

async fn get_rating(
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

async fn rating_callback(
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

// ---------------------------------------------------------------- operator

async fn operator_advance(
    State(state): State<AppState>,
    _: Operator,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<AdvanceCase>,
) -> ApiResult<Response> {
    let env = state.env.clone();
    let now = state.clock.now();
    let case = state
        .db
        .run(move |conn| {
            let row = cases::advance(conn, &env, &id, &req, now)?;
            cases::full_case(conn, &env, &row, now.china_date())
        })
        .await?;
    Ok(json_response(StatusCode::OK, &case))
}

async fn operator_follow_up(
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

// ---------------------------------------------------------------- test mode (not in the contract)

pub fn test_routes() -> Router<AppState> {
    Router::new()
        .route("/otp", get(test_otp))
        .route("/clock", put(test_set_clock).delete(test_reset_clock))
        .route("/cases", post(test_create_cases))
        .fallback(api_not_found)
}

#[derive(Deserialize)]
struct PhoneQuery {
    phone: String,
}

async fn test_otp(
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
struct SetClock {
    now: Timestamp,
}

async fn test_set_clock(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SetClock>,
) -> Response {
    state.clock.set(req.now);
    json_response(StatusCode::OK, &json!({ "now": state.clock.now() }))
}

async fn test_reset_clock(State(state): State<AppState>) -> Response {
    state.clock.reset();
    json_response(StatusCode::OK, &json!({ "now": state.clock.now() }))
}

#[derive(Deserialize)]
struct MakeCases {
    count: u32,
}

/// `POST /_test/cases` `{"count": N}`: N new cases of the signed-in subject, accepted (受理),
/// so each can be rated once at acceptance. For the load test (scripts/load.sh), which rates
/// each case once; answers `{"ids": [...]}`.
async fn test_create_cases(
    State(state): State<AppState>,
    Auth(who): Auth,
    ApiJson(req): ApiJson<MakeCases>,
) -> ApiResult<Response> {
    if !(1..=100_000).contains(&req.count) {
        return Err(ApiError::validation().field("/count", field_codes::OUT_OF_RANGE));
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
    let applicant = who.person_name.clone().unwrap_or_else(|| "测试".into());
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
                    office: applications::one_stop_window(),
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
