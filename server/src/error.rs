//! Every error leaves as RFC 9457 `application/problem+json` built from the contract's
//! [`Problem`], with a stable `code` from [`codes`].

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use yishi_contract::{Problem, codes};
use yishi_core::field_errors::FieldErrors;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem on its way to the client, with the headers some problems need.
#[derive(Debug)]
pub struct ApiError {
    /// Boxed: errors travel through every `Result` of the server and should stay small.
    pub problem: Box<Problem>,
    /// Seconds, for 429 and 503.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: u16, code: &str, title: &str) -> ApiError {
        ApiError {
            problem: Box::new(Problem::new(status, code, title)),
            retry_after: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> ApiError {
        self.problem.detail = Some(detail.into());
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(400, codes::BAD_REQUEST, "Bad request").detail(detail)
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(401, codes::UNAUTHENTICATED, "Sign-in required")
    }

    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(403, codes::FORBIDDEN, "Forbidden").detail(detail)
    }

    pub fn not_found() -> ApiError {
        ApiError::new(404, codes::NOT_FOUND, "Not found")
    }

    pub fn conflict(detail: impl Into<String>) -> ApiError {
        ApiError::new(409, codes::CONFLICT, "Conflict").detail(detail)
    }

    pub fn illegal_transition(detail: impl Into<String>) -> ApiError {
        ApiError::new(409, codes::ILLEGAL_TRANSITION, "Illegal stage transition").detail(detail)
    }

    /// 422 `validation` about one field. Several are collected in a [`FieldErrors`], which
    /// converts into this error (`errors.into_result()?`).
    pub fn invalid_field(pointer: &str, code: &str) -> ApiError {
        let mut errors = FieldErrors::new();
        errors.add(pointer, code);
        errors.into()
    }

    pub fn rate_limited(retry_after: u64) -> ApiError {
        let mut e = ApiError::new(429, codes::RATE_LIMITED, "Too many requests")
            .detail(format!("try again in {retry_after} s"));
        e.retry_after = Some(retry_after.max(1));
        e
    }

    pub fn internal(detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        tracing::error!(%detail, "internal error");
        // The detail goes to the log, not to the client.
        ApiError::new(500, codes::INTERNAL, "Internal server error")
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> ApiError {
        let mut e = ApiError::new(422, codes::VALIDATION, "Validation failed");
        e.problem.errors = errors.into_vec();
        e
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> ApiError {
        ApiError::internal(format!("stored JSON: {e}"))
    }
}

/// A problem+json response with `status` and `body` already serialised.
pub fn problem_response(status: StatusCode, body: Vec<u8>, retry_after: Option<u64>) -> Response {
    let mut res = (status, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        problem_response(self.status(), body, self.retry_after)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
