//! Request extractors whose rejections are problem+json, never axum's plain-text defaults.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use serde::de::DeserializeOwned;
use yishi_contract::{OPERATOR_KEY_HEADER, codes, field_codes};

use crate::auth::{AuthSubject, authenticate, constant_time_eq};
use crate::error::ApiError;
use crate::state::AppState;

/// A JSON request body. Malformed JSON is `400 bad_request`; well-formed JSON of the wrong
/// shape is `422 validation` with a JSON pointer to the offending field.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = json_bytes(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The raw bytes of a JSON body, after checking the media type.
pub async fn json_bytes<S: Send + Sync>(req: Request, _state: &S) -> Result<Bytes, ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            essence == "application/json"
                || (essence.starts_with("application/") && essence.ends_with("+json"))
        })
        .unwrap_or(false);
    if !is_json {
        return Err(
            ApiError::new(415, codes::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type")
                .detail("send the body as application/json"),
        );
    }
    let bytes = axum::body::to_bytes(req.into_body(), MAX_JSON_BYTES + 1)
        .await
        .map_err(|e| {
            // The only failure past the media-type check is the length limit or a broken
            // connection; both mean the body cannot be judged.
            if e.to_string().contains("length limit") {
                body_too_large(format!("a JSON body is at most {MAX_JSON_BYTES} bytes"))
            } else {
                ApiError::bad_request(format!("unreadable body: {e}"))
            }
        })?;
    if bytes.len() > MAX_JSON_BYTES {
        return Err(body_too_large(format!(
            "a JSON body is at most {MAX_JSON_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

/// The largest JSON body any operation accepts. The biggest real one, a ten-matter combined
/// form, is a few KiB; the limit is read before any parsing, so a huge body costs nothing.
pub const MAX_JSON_BYTES: usize = 256 * 1024;
/// The deepest nesting a JSON body may have (the contract's deepest request is 3 levels).
pub const MAX_JSON_DEPTH: usize = 32;
/// The most values (members and array items, at every level) a JSON body may hold.
pub const MAX_JSON_VALUES: usize = 4096;

fn body_too_large(detail: String) -> ApiError {
    ApiError::new(413, codes::TOO_LARGE, "Request body too large").detail(detail)
}

/// Parses a body once, linearly, and refuses it (413 `too_large`) when it nests deeper than
/// [`MAX_JSON_DEPTH`] or holds more than [`MAX_JSON_VALUES`] values. Every later check walks
/// this bounded tree, so no request can make the server do more than linear work in its size.
fn bounded_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    let mut count = 0usize;
    // An explicit stack: no recursion, whatever the input.
    let mut stack: Vec<(&serde_json::Value, usize)> = vec![(&value, 1)];
    while let Some((v, depth)) = stack.pop() {
        count += 1;
        if count > MAX_JSON_VALUES {
            return Err(body_too_large(format!(
                "a JSON body holds at most {MAX_JSON_VALUES} values"
            )));
        }
        if depth > MAX_JSON_DEPTH {
            return Err(body_too_large(format!(
                "a JSON body nests at most {MAX_JSON_DEPTH} levels deep"
            )));
        }
        match v {
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            serde_json::Value::Object(members) => {
                stack.extend(members.values().map(|i| (i, depth + 1)))
            }
            _ => {}
        }
    }
    Ok(value)
}

/// Parses a JSON body with the rules of [`ApiJson`].
///
/// `null` is refused (422 `invalid`) in every member the type knows: the contract has no
/// nullable request member, and serde would otherwise take `null` for an absent `Option`,
/// so a client could come to depend on a leniency other backends need not share. Members the
/// type does not know are ignored whatever their value, as the contract promises.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Bounds first: the typed parse and the null check below then see a small tree.
    let value = bounded_value(bytes)?;
    let mut ignored: HashSet<String> = HashSet::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut note_ignored = |path: serde_ignored::Path<'_>| {
        ignored.insert(pointer_of_ignored(&path));
    };
    let parsed = serde_path_to_error::deserialize::<_, T>(serde_ignored::Deserializer::new(
        &mut de,
        &mut note_ignored,
    ));
    if parsed.is_ok() {
        // Trailing characters after the value make the body malformed.
        de.end()
            .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    }
    match parsed {
        Ok(v) => {
            if let Some(pointer) = known_null(bytes, &value, &ignored) {
                return Err(ApiError::invalid_field(&pointer, field_codes::INVALID)
                    .detail(format!("{pointer} is null; leave the member out instead")));
            }
            Ok(v)
        }
        Err(err) => {
            let inner = err.inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    let mut pointer = pointer_of(err.path());
                    let message = inner.to_string();
                    // serde reports a missing field at its parent; point at the field itself.
                    let code = if let Some(name) = missing_field(&message) {
                        pointer.push('/');
                        pointer.push_str(&escape_pointer(name));
                        field_codes::REQUIRED
                    } else {
                        field_codes::INVALID
                    };
                    Err(ApiError::invalid_field(&pointer, code).detail(message))
                }
                _ => Err(ApiError::bad_request(format!("malformed JSON: {inner}"))),
            }
        }
    }
}

/// Parses a JSON body as an untyped value (for comparing idempotent retries): only its
/// syntax is judged, `400 bad_request` when malformed.
pub fn parse_json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    bounded_value(bytes)
}

/// The JSON pointer of the first `null` in `value` (the parsed `bytes`) that is not inside an
/// ignored member. Linear: one walk of the tree, one hash lookup per value.
fn known_null(
    bytes: &[u8],
    value: &serde_json::Value,
    ignored: &HashSet<String>,
) -> Option<String> {
    // Most bodies hold no null at all: skip the walk.
    if !bytes.windows(4).any(|w| w == b"null") {
        return None;
    }
    fn walk(v: &serde_json::Value, at: &mut String, ignored: &HashSet<String>) -> Option<String> {
        if ignored.contains(at.as_str()) {
            return None;
        }
        let len = at.len();
        let found = match v {
            serde_json::Value::Null => return Some(at.clone()),
            serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                at.truncate(len);
                at.push_str(&format!("/{i}"));
                walk(item, at, ignored)
            }),
            serde_json::Value::Object(members) => members.iter().find_map(|(k, item)| {
                at.truncate(len);
                at.push('/');
                at.push_str(&escape_pointer(k));
                walk(item, at, ignored)
            }),
            _ => None,
        };
        at.truncate(len);
        found
    }
    walk(value, &mut String::new(), ignored)
}

/// The JSON pointer of a member serde ignored.
fn pointer_of_ignored(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}/{index}", pointer_of_ignored(parent)),
        Path::Map { parent, key } => {
            format!("{}/{}", pointer_of_ignored(parent), escape_pointer(key))
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => pointer_of_ignored(parent),
    }
}

fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", escape_pointer(key))),
            Segment::Enum { variant } => out.push_str(&format!("/{}", escape_pointer(variant))),
            Segment::Unknown => {}
        }
    }
    out
}

/// Query parameters; a bad value is `400 bad_request`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(v)| ApiQuery(v))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// A path parameter.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_string())
}

/// Who made a change, for the record of acts ([`crate::api::record_acts`]): the middleware
/// puts an empty slot in the request, [`Auth`] fills it, the middleware reads it afterwards.
#[derive(Clone, Default)]
pub struct ActSlot(pub Arc<Mutex<Option<AuthSubject>>>);

/// The session of the bearer token, or `401 unauthenticated`.
async fn session_of(parts: &Parts, state: &AppState) -> Result<AuthSubject, ApiError> {
    let token = bearer(parts).ok_or_else(ApiError::unauthenticated)?;
    let now = state.clock.now();
    state
        .db
        .run(move |conn| authenticate(conn, &token, now))
        .await?
        .ok_or_else(|| ApiError::unauthenticated().detail("the session is missing or has expired"))
}

/// Refuses what the session may not do for the subject it acts for (403), and notes who acts.
fn admit(parts: &Parts, who: &AuthSubject) -> Result<(), ApiError> {
    let changes = !matches!(parts.method, Method::GET | Method::HEAD);
    if let Some(refused) = who.refusal(changes) {
        return Err(refused);
    }
    if let Some(slot) = parts.extensions.get::<ActSlot>() {
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(who.clone());
    }
    Ok(())
}

/// The signed-in subject; `401 unauthenticated` without a valid session, `403` when the
/// session acts for a family member and may not do this ([`AuthSubject::refusal`]).
pub struct Auth(pub AuthSubject);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let who = session_of(parts, state).await?;
        admit(parts, &who)?;
        Ok(Auth(who))
    }
}

/// The signed-in person themselves, whatever the session acts for: the session's own
/// operations and `/authorisations`, which must work when an authorisation has ended.
pub struct Person(pub AuthSubject);

impl FromRequestParts<AppState> for Person {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        session_of(parts, state).await.map(Person)
    }
}

/// The subject when a valid session is presented, else anonymous.
pub struct MaybeAuth(pub Option<AuthSubject>);

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = bearer(parts) else {
            return Ok(MaybeAuth(None));
        };
        let now = state.clock.now();
        let who = state
            .db
            .run(move |conn| authenticate(conn, &token, now))
            .await?;
        if let Some(who) = &who {
            admit(parts, who)?;
        }
        Ok(MaybeAuth(who))
    }
}

/// An operator (the office's back-office system): `X-Operator-Key` must equal the configured
/// key, else `403 forbidden`.
pub struct Operator;

impl FromRequestParts<AppState> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let given = parts.headers.get(OPERATOR_KEY_HEADER).map(|v| v.as_bytes());
        match (&state.config.operator_key, given) {
            (Some(key), Some(given)) if constant_time_eq(key.as_bytes(), given) => Ok(Operator),
            _ => Err(ApiError::forbidden("a valid X-Operator-Key is required")),
        }
    }
}

/// The client's address, for per-client rate limits. Requests that did not come through a
/// socket (in-process tests) share one bucket.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "local".into());
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yishi_contract::NewRating;

    #[test]
    fn json_errors_are_classified() {
        let e = parse_json::<NewRating>(b"{not json").unwrap_err();
        assert_eq!(
            (e.problem.status, e.problem.code.as_str()),
            (400, "bad_request")
        );
        let e = parse_json::<NewRating>(
            br#"{"case_id": "c", "stage": "completion", "channel": "online", "level": "five"}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.problem.status, e.problem.code.as_str()),
            (422, "validation")
        );
        assert_eq!(e.problem.errors[0].pointer, "/level");
        let e = parse_json::<NewRating>(br#"{"case_id": "c", "stage": "completion", "level": 5}"#)
            .unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/channel");
        assert_eq!(e.problem.errors[0].code, "required");
        let e = parse_json::<NewRating>(
            br#"{"case_id": "c", "stage": "completion", "channel": "online", "level": 5} x"#,
        )
        .unwrap_err();
        assert_eq!(e.problem.status, 400);
    }

    #[test]
    fn bodies_are_bounded_and_nulls_found_in_linear_time() {
        use yishi_contract::CallbackAnswer;
        // At the bound: thousands of ignored members, each null, are checked with one hash
        // lookup each (this took seconds when every member was compared with every other).
        let members: String = (0..4000).map(|i| format!(r#""u{i}": null,"#)).collect();
        let body = format!(r#"{{{members} "resolved": true}}"#);
        assert!(parse_json::<CallbackAnswer>(body.as_bytes()).is_ok());
        let body = format!(r#"{{{members} "resolved": true, "comment": null}}"#);
        let e = parse_json::<CallbackAnswer>(body.as_bytes()).unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/comment");
        // Past the bounds: 413, for the typed and the untyped parse alike.
        let members: String = (0..MAX_JSON_VALUES)
            .map(|i| format!(r#""u{i}": 1,"#))
            .collect();
        let body = format!(r#"{{{members} "resolved": true}}"#);
        for e in [
            parse_json::<CallbackAnswer>(body.as_bytes()).unwrap_err(),
            parse_json_value(body.as_bytes()).unwrap_err(),
        ] {
            assert_eq!(
                (e.problem.status, e.problem.code.as_str()),
                (413, "too_large")
            );
        }
        let deep = format!(
            r#"{{"resolved": true, "x": {}{}}}"#,
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        assert_eq!(
            parse_json_value(deep.as_bytes())
                .unwrap_err()
                .problem
                .status,
            413
        );
    }

    #[test]
    fn null_is_refused_in_known_members_only() {
        use yishi_contract::CallbackAnswer;
        // schemathesis found `{"resolved": false, "comment": null}` accepted as if absent.
        let e =
            parse_json::<CallbackAnswer>(br#"{"resolved": false, "comment": null}"#).unwrap_err();
        assert_eq!(
            (e.problem.status, e.problem.code.as_str()),
            (422, "validation")
        );
        assert_eq!(e.problem.errors[0].pointer, "/comment");
        assert_eq!(e.problem.errors[0].code, "invalid");
        let e = parse_json::<NewRating>(
            br#"{"case_id": "c", "stage": "completion", "channel": "online", "level": 5, "lookup": null}"#,
        )
        .unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/lookup");
        // A null inside a known list is still refused, at its index.
        let e = parse_json::<NewRating>(
            br#"{"case_id": "c", "stage": "completion", "channel": "online", "level": 5, "reasons": ["slow", null]}"#,
        )
        .unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/reasons/1");
        // Members the contract does not know are ignored, null or not; absent is fine;
        // the word null inside a string is no null.
        let ok = parse_json::<CallbackAnswer>(
            br#"{"resolved": true, "future": null, "more": {"deep": [null]}, "comment": "null"}"#,
        )
        .unwrap();
        assert_eq!(ok.comment.as_deref(), Some("null"));
        assert!(parse_json::<CallbackAnswer>(br#"{"resolved": true}"#).is_ok());
        // The untyped parse (idempotency comparison) judges syntax only.
        assert!(parse_json_value(br#"{"lookup": null}"#).is_ok());
        assert_eq!(parse_json_value(b"{").unwrap_err().problem.status, 400);
    }
}
