use serde::{Deserialize, Serialize};

/// An RFC 9457 problem (`application/problem+json`). The app translates by `code`, never by
/// `title` or `detail`, which are for logs and developers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Problem {
    /// `/api/v1/problems/{code}`: documented in the spec for every code.
    #[serde(rename = "type", default = "about_blank")]
    pub type_uri: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A stable machine-readable code, one of [`codes`] (new codes may appear).
    #[serde(default)]
    pub code: String,
    /// Per-field problems, for 422.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For 409 `slot_full`: the day's slots as they are now, to choose another.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<crate::Slot>,
}

fn about_blank() -> String {
    "about:blank".into()
}

/// A problem with one field of the request body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FieldError {
    /// A JSON Pointer (RFC 6901) into the request body, e.g. `/comment`.
    pub pointer: String,
    /// A stable code, one of [`field_codes`].
    pub code: String,
}

impl Problem {
    pub fn new(status: u16, code: &str, title: &str) -> Problem {
        Problem {
            type_uri: format!("/api/v1/problems/{code}"),
            title: title.into(),
            status,
            detail: None,
            code: code.into(),
            errors: Vec::new(),
            slots: Vec::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_field(mut self, pointer: &str, code: &str) -> Problem {
        self.errors.push(FieldError {
            pointer: pointer.into(),
            code: code.into(),
        });
        self
    }
}

/// The problem codes of API v1. Each has a page in the spec under `/api/v1/problems/{code}`.
pub mod codes {
    /// 400: the request is not well-formed (bad JSON, bad query parameter).
    pub const BAD_REQUEST: &str = "bad_request";
    /// 401: no session, or the session expired.
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// 401: the one-time code is wrong or expired.
    pub const INVALID_CODE: &str = "invalid_code";
    /// 403: signed in, but this is not yours (or the operator key is wrong).
    pub const FORBIDDEN: &str = "forbidden";
    /// 404: no such resource, or not visible to you.
    pub const NOT_FOUND: &str = "not_found";
    /// 409: a request with the same Idempotency-Key is still being processed.
    pub const IN_FLIGHT: &str = "in_flight";
    /// 409: the action does not fit the resource's current state (e.g. rating twice).
    pub const CONFLICT: &str = "conflict";
    /// 413: the upload is larger than the backend accepts (10 MiB for attachments), or a JSON
    /// body is larger, deeper or holds more values than any request needs.
    pub const TOO_LARGE: &str = "too_large";
    /// 415: the body's type is not accepted (an attachment that is not PDF, JPEG or PNG by its
    /// content; a JSON operation sent something else).
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// 409: a stage change the Administrative Licensing Law does not allow.
    pub const ILLEGAL_TRANSITION: &str = "illegal_transition";
    /// 422: the body failed validation; see `errors`.
    pub const VALIDATION: &str = "validation";
    /// 422: the Idempotency-Key was used before with a different body.
    pub const IDEMPOTENCY_MISMATCH: &str = "idempotency_mismatch";
    /// 429: too many requests; see the Retry-After header.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// 500: the backend failed.
    pub const INTERNAL: &str = "internal";
    /// 503: the backend is temporarily unavailable; see Retry-After.
    pub const UNAVAILABLE: &str = "unavailable";
    /// 409: the slot has no place left; `slots` holds the day's slots as they are now.
    pub const SLOT_FULL: &str = "slot_full";
    /// 409: the office is closed that day (a holiday) or does not serve at that time.
    pub const OFFICE_CLOSED: &str = "office_closed";
    /// 409: the subject already holds an upcoming appointment for this matter.
    pub const ALREADY_BOOKED: &str = "already_booked";
    /// 409: the day is outside the booking window (not open yet, or already past).
    pub const WINDOW_NOT_OPEN: &str = "window_not_open";
    /// 409: the appointment can no longer be cancelled (its cut-off has passed).
    pub const CUT_OFF_PASSED: &str = "cut_off_passed";
    /// 409: a queue number can be taken only from 30 minutes before the slot until its end.
    pub const TICKET_NOT_OPEN: &str = "ticket_not_open";
    /// 403: the session acts for a family member whose authorisation is no longer current.
    pub const AUTHORISATION_ENDED: &str = "authorisation_ended";
    /// 403: the session acts for a family member under a view-only authorisation.
    pub const READ_ONLY: &str = "read_only";
}

/// The per-field codes used in [`FieldError::code`].
pub mod field_codes {
    pub const REQUIRED: &str = "required";
    pub const TOO_LONG: &str = "too_long";
    pub const TOO_SHORT: &str = "too_short";
    pub const INVALID: &str = "invalid";
    pub const OUT_OF_RANGE: &str = "out_of_range";
    /// A bad rating (level 1 or 2) needs a reason or a comment.
    pub const REASON_REQUIRED: &str = "reason_required";
}
