//! Idempotency keys for writes (`Idempotency-Key`), after the IETF httpapi draft:
//!
//! - a key is scoped to the subject and the operation, and kept at least [`KEEP_SECONDS`];
//! - the same key with the same body (compared as canonical JSON) replays the stored status and
//!   body, with `Idempotent-Replayed: true`;
//! - the same key with a different body is `422 idempotency_mismatch`;
//! - while the first request is still being processed, `409 in_flight`;
//! - only final answers about the body are stored (2xx, 404, 409 `conflict`, 422 `validation`);
//!   after anything else (a 5xx, say) the client may retry with the same key.
//!
//! [`idempotent`] is the one code path of every idempotent write (`POST /ratings`,
//! `POST /applications`); the functions before it are its steps on the database.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};
use yishi_contract::{IDEMPOTENCY_KEY_HEADER, Timestamp, codes};

use crate::error::{ApiError, ApiResult, problem_response};
use crate::state::AppState;

/// Records live a day at least (they are purged after this).
pub const KEEP_SECONDS: i64 = 24 * 3600;
/// A record still "in flight" after this long belongs to a request that died; a retry may take
/// it over.
pub const STALE_IN_FLIGHT_SECONDS: i64 = 60;
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// JSON with object keys sorted at every level and no insignificant whitespace, so that two
/// bodies meaning the same thing compare equal.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub fn body_hash(v: &Value) -> String {
    Sha256::digest(canonical_json(v).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks the header value: 1–255 printable ASCII characters, no leading or trailing space.
pub fn check_key(key: Option<&str>) -> ApiResult<String> {
    match key {
        None => Err(ApiError::bad_request(
            "the Idempotency-Key header is required",
        )),
        Some(k)
            if k.is_empty()
                || k.len() > 255
                || !k.bytes().all(|b| (0x20..=0x7e).contains(&b))
                || k.starts_with(' ')
                || k.ends_with(' ') =>
        {
            Err(ApiError::bad_request(
                "the Idempotency-Key must be 1–255 printable ASCII characters",
            ))
        }
        Some(k) => Ok(k.to_string()),
    }
}

/// What to do with a request.
#[derive(Debug)]
pub enum Begin {
    /// First time: process it, then [`finish`].
    Fresh,
    /// Seen and answered: send this again.
    Replay { status: u16, body: String },
}

/// Claims `key` for this request, or says why not.
pub fn begin(
    conn: &mut Connection,
    subject: &str,
    operation: &str,
    key: &str,
    hash: &str,
    now: Timestamp,
) -> ApiResult<Begin> {
    let tx = conn.transaction()?;
    tx.execute(
        "DELETE FROM idempotency WHERE created_at < ?1",
        [now.0 - KEEP_SECONDS],
    )?;
    let row: Option<(String, Option<i64>, Option<String>, i64)> = tx
        .query_row(
            "SELECT body_hash, status, response, created_at FROM idempotency WHERE subject = ?1 AND operation = ?2 AND key = ?3",
            params![subject, operation, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let outcome = match row {
        None => {
            tx.execute(
                "INSERT INTO idempotency (subject, operation, key, body_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![subject, operation, key, hash, now.0],
            )?;
            Begin::Fresh
        }
        Some((stored_hash, _, _, _)) if stored_hash != hash => {
            return Err(
                ApiError::new(422, codes::IDEMPOTENCY_MISMATCH, "Idempotency key reused")
                    .detail("this Idempotency-Key was used before with a different request body"),
            );
        }
        Some((_, Some(status), Some(body), _)) => Begin::Replay {
            status: status as u16,
            body,
        },
        Some((_, _, _, created_at)) if now.0 - created_at < STALE_IN_FLIGHT_SECONDS => {
            return Err(ApiError::new(409, codes::IN_FLIGHT, "Request in flight")
                .detail("a request with this Idempotency-Key is still being processed"));
        }
        Some(_) => {
            // The first request died without an answer: this one takes over.
            tx.execute(
                "UPDATE idempotency SET created_at = ?4 WHERE subject = ?1 AND operation = ?2 AND key = ?3",
                params![subject, operation, key, now.0],
            )?;
            Begin::Fresh
        }
    };
    tx.commit()?;
    Ok(outcome)
}

/// Whether an answer is final for its body and is kept with the key: 2xx, 404, 409 `conflict`
/// (and the appointment refusals) and 422 `validation` (the contract's list). Anything else may differ on a retry.
pub fn is_stored_outcome(status: u16, code: &str) -> bool {
    (200..300).contains(&status)
        || status == 404
        || (status == 409
            && [
                codes::CONFLICT,
                codes::SLOT_FULL,
                codes::OFFICE_CLOSED,
                codes::WINDOW_NOT_OPEN,
                codes::ALREADY_BOOKED,
            ]
            .contains(&code))
        || (status == 422 && code == codes::VALIDATION)
}

/// Stores the answer, or forgets the key when the answer is not one to replay.
pub fn finish(
    conn: &Connection,
    subject: &str,
    operation: &str,
    key: &str,
    status: u16,
    code: &str,
    body: &str,
) -> ApiResult<()> {
    if !is_stored_outcome(status, code) {
        conn.execute(
            "DELETE FROM idempotency WHERE subject = ?1 AND operation = ?2 AND key = ?3",
            params![subject, operation, key],
        )?;
    } else {
        conn.execute(
            "UPDATE idempotency SET status = ?4, response = ?5 WHERE subject = ?1 AND operation = ?2 AND key = ?3",
            params![subject, operation, key, i64::from(status), body],
        )?;
    }
    Ok(())
}

/// The `Idempotency-Key` header, checked (400 when missing or malformed).
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    check_key(
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
pub async fn idempotent<F, Fut>(
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
    let hash = body_hash(body);
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
            .run(move |conn| begin(conn, &o, operation, &k, &hash, now))
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
            .run(move |conn| finish(conn, &subject, operation, &key, status.as_u16(), &code, &b))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_ignores_key_order_and_whitespace() {
        let a: Value = serde_json::from_str(r#"{"b": 1, "a": {"y": [1, 2], "x": "中"}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":"中","y":[1,2]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), r#"{"a":{"x":"中","y":[1,2]},"b":1}"#);
        assert_eq!(body_hash(&a), body_hash(&b));
        let c: Value = serde_json::from_str(r#"{"a":{"x":"中","y":[2,1]},"b":1}"#).unwrap();
        assert_ne!(body_hash(&a), body_hash(&c));
    }

    #[test]
    fn keys_are_checked() {
        assert!(check_key(None).is_err());
        assert!(check_key(Some("")).is_err());
        assert!(check_key(Some(" lead")).is_err());
        assert!(check_key(Some("tab\there")).is_err());
        assert!(check_key(Some("中文")).is_err());
        assert!(check_key(Some(&"x".repeat(256))).is_err());
        assert_eq!(check_key(Some("inner space")).unwrap(), "inner space");
        assert_eq!(check_key(Some("abc-123")).unwrap(), "abc-123");
    }
}
