//! Requests to the API: the base URL from the configuration, the session token, the language,
//! retries of transient failures with backoff and jitter (honouring Retry-After), and every
//! answer read into `Ok` or one [`ApiError`]. A 401 for the session's own token ends the
//! session through the hook the session module installs ([`on_session_expired`]), so this
//! module does not depend on it.

use std::cell::Cell;

use serde::Serialize;
use yishi_contract::Problem;
use yishi_json::FromJson;

use super::{
    ApiError, config,
    transport::{self, Answer, exchange, jitter},
};
use crate::store;

thread_local! {
    static ON_SESSION_EXPIRED: Cell<Option<fn()>> = const { Cell::new(None) };
    static ON_ACTING_ENDED: Cell<Option<fn()>> = const { Cell::new(None) };
}

/// What to call when the backend refuses the session's token (the session module ends it).
pub fn on_session_expired(hook: fn()) {
    ON_SESSION_EXPIRED.with(|h| h.set(Some(hook)));
}

/// What to call when the backend says the session acts for someone whose authorisation ended
/// (代办: 403 `authorisation_ended`; the session module asks who the session is now).
pub fn on_acting_ended(hook: fn()) {
    ON_ACTING_ENDED.with(|h| h.set(Some(hook)));
}

/// The one place a 401 and a 403 `authorisation_ended` are handled: for the session's own
/// token the first ends the session, the second refreshes it.
fn settle<T>(result: Result<T, ApiError>, sent_session_token: bool) -> Result<T, ApiError> {
    let hook = match &result {
        Err(ApiError::Unauthenticated) => ON_SESSION_EXPIRED.with(Cell::get),
        Err(e) if e.acting_ended() => ON_ACTING_ENDED.with(Cell::get),
        _ => None,
    };
    if sent_session_token && let Some(hook) = hook {
        hook();
    }
    result
}

/// What a request carries beyond its method and path.
#[derive(Default)]
pub(super) struct Options<'a> {
    pub body: Option<String>,
    pub idempotency_key: Option<&'a str>,
    pub if_none_match: Option<&'a str>,
    /// Reads retry transient failures; writes retry only with an idempotency key.
    pub retries: u32,
    /// A public read: sent without the session token, so a cross-origin backend needs no
    /// preflight and shared caches may keep the answer (the contract's CORS section).
    pub public: bool,
    /// Another token than the session's (a hand-over asks who it belongs to); a 401 for it
    /// does not end the session.
    pub token: Option<&'a str>,
}

/// A request's URL, token and headers, built in one place so that a read sent ahead
/// ([`read_ahead`]) is the very request the page makes later.
struct Prepared {
    url: String,
    token: Option<String>,
    headers: Vec<(&'static str, String)>,
}

fn prepare(api_base: &str, path: &str, options: &Options<'_>) -> Prepared {
    let url = format!("{}{path}", api_base.trim_end_matches('/'));
    // A public read goes without the session token; a hand-over's check sends its own token.
    let token = match options.token {
        Some(t) => Some(t.to_string()),
        None => store::token().filter(|_| !options.public),
    };
    let mut headers = vec![
        ("Accept", "application/json".to_string()),
        ("Accept-Language", crate::i18n::current_tag().to_string()),
    ];
    if let Some(token) = &token {
        headers.push(("Authorization", format!("Bearer {token}")));
    }
    if options.body.is_some() {
        headers.push(("Content-Type", "application/json".to_string()));
    }
    if let Some(key) = options.idempotency_key {
        headers.push((yishi_contract::IDEMPOTENCY_KEY_HEADER, key.to_string()));
    }
    if let Some(etag) = options.if_none_match {
        headers.push(("If-None-Match", etag.to_string()));
    }
    Prepared {
        url,
        token,
        headers,
    }
}

fn header_refs(prepared: &Prepared) -> Vec<(&str, &str)> {
    prepared
        .headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

/// Sends a read of `path` now, before the code that will make it has loaded (a deep link's data
/// while its page's chunk is fetched): that read ([`get`], or [`get_public`] when `public`)
/// then takes this answer instead of asking again. Nothing is sent before the configuration is
/// known, nor a session read without a session token.
pub(super) fn read_ahead(path: &str, public: bool) {
    let Some(config) = config::loaded() else {
        return;
    };
    let options = if public {
        public_options()
    } else {
        read_options()
    };
    let prepared = prepare(&config.api_base, path, &options);
    if public || prepared.token.is_some() {
        transport::read_ahead(&prepared.url, &header_refs(&prepared));
    }
}

/// Sends a request to the API and classifies the answer. 2xx and 304 are `Ok`.
pub(super) async fn request(
    method: &str,
    path: &str,
    options: Options<'_>,
) -> Result<Answer, ApiError> {
    let config = config::get().await;
    let own_token = options.token.is_none();
    let prepared = prepare(&config.api_base, path, &options);
    let (url, token) = (&prepared.url, &prepared.token);
    let headers = header_refs(&prepared);

    let mut attempt = 0;
    loop {
        let outcome = exchange(
            method,
            url,
            options.body.as_deref(),
            &headers,
            config.request_timeout_ms,
        )
        .await
        .and_then(classify);
        match outcome {
            Err(error) if error.is_transient() && attempt < options.retries => {
                attempt += 1;
                let wait = match &error {
                    ApiError::Busy {
                        retry_after: Some(s),
                    } => (*s).min(30) * 1000,
                    _ => 400 * 3u32.pow(attempt - 1),
                };
                crate::task::sleep(wait + jitter(300)).await;
            }
            other => return settle(other, token.is_some() && own_token),
        }
    }
}

pub(super) fn classify(answer: Answer) -> Result<Answer, ApiError> {
    match answer.status {
        200..=299 | 304 => Ok(answer),
        401 => Err(ApiError::Unauthenticated),
        404 => Err(ApiError::NotFound),
        429 | 503 => Err(ApiError::Busy {
            retry_after: answer.retry_after,
        }),
        status => match yishi_json::from_str::<Problem>(&answer.body) {
            Ok(problem) if status < 500 => Err(ApiError::Problem(Box::new(problem))),
            _ if status >= 500 => Err(ApiError::Server(status)),
            _ => Err(ApiError::Problem(Box::new(Problem::new(status, "", "")))),
        },
    }
}

/// Decodes a response body with the app's small JSON decoder (see `json/`): serde's
/// Deserialize would cost about 60 KB of the shell for the contract types.
pub(super) fn decode<T: FromJson>(answer: &Answer) -> Result<T, ApiError> {
    yishi_json::from_str(&answer.body).map_err(|_| ApiError::Malformed)
}

/// A read of the session's data: retried on transient failure.
fn read_options() -> Options<'static> {
    Options {
        retries: 2,
        ..Default::default()
    }
}

pub(super) async fn get<T: FromJson>(path: &str) -> Result<T, ApiError> {
    decode(&request("GET", path, read_options()).await?)
}

/// A read of public data (catalogue, guides, calendar, rating options): no session token,
/// retried like every read.
pub(super) async fn read_public(path: &str) -> Result<Answer, ApiError> {
    request("GET", path, public_options()).await
}

fn public_options() -> Options<'static> {
    Options {
        retries: 2,
        public: true,
        ..Default::default()
    }
}

pub(super) async fn get_public<T: FromJson>(path: &str) -> Result<T, ApiError> {
    decode(&read_public(path).await?)
}

/// A write. With an idempotency key it is retried on transient failure, and the backend
/// guarantees the retries take effect once.
pub(super) async fn send<B: Serialize, T: FromJson>(
    method: &str,
    path: &str,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> Result<T, ApiError> {
    let body = match body {
        Some(b) => Some(serde_json::to_string(b).map_err(|_| ApiError::Malformed)?),
        None => None,
    };
    let retries = if idempotency_key.is_some() { 2 } else { 0 };
    let answer = request(
        method,
        path,
        Options {
            body,
            idempotency_key,
            retries,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

/// Uploads a file to `/attachments`, reporting progress (0.0–1.0) as it goes, with the same
/// token, language and 401 handling as every other request. Dropping the future aborts it.
pub(super) async fn upload(
    file: &web_sys::File,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Answer, ApiError> {
    let config = config::get().await;
    let url = format!("{}/attachments", config.api_base.trim_end_matches('/'));
    let token = store::token();
    let auth = token.as_ref().map(|t| format!("Bearer {t}"));
    let content_type = match file.type_() {
        t if t.is_empty() => "application/octet-stream".to_string(),
        t => t,
    };
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let mut headers: Vec<(&str, &str)> = vec![
        ("Accept", "application/json"),
        ("Accept-Language", crate::i18n::current_tag()),
        ("Content-Type", &content_type),
        ("X-File-Name", &name),
    ];
    if let Some(auth) = &auth {
        headers.push(("Authorization", auth));
    }
    let timeout = config.request_timeout_ms.max(60_000);
    let result = transport::upload(&url, file, &headers, timeout, on_progress)
        .await
        .and_then(classify);
    settle(result, token.is_some())
}

/// Encodes one path segment (ids are ASCII by contract, but never trust that).
pub(super) fn seg(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            etag: None,
            retry_after: Some(7),
            body: body.into(),
        }
    }

    fn problem(status: u16, code: &str) -> String {
        format!(r#"{{"type":"about:blank","title":"t","status":{status},"code":"{code}"}}"#)
    }

    #[test]
    fn answers_are_classified_by_status_then_problem_code() {
        assert!(classify(answer(200, "{}")).is_ok());
        assert!(classify(answer(304, "")).is_ok());
        assert!(matches!(
            classify(answer(401, "")),
            Err(ApiError::Unauthenticated)
        ));
        assert!(matches!(classify(answer(404, "")), Err(ApiError::NotFound)));
        for status in [429, 503] {
            assert!(matches!(
                classify(answer(status, "")),
                Err(ApiError::Busy {
                    retry_after: Some(7)
                })
            ));
        }
        let Err(ApiError::Problem(p)) = classify(answer(422, &problem(422, "validation"))) else {
            panic!("a 422 problem+json is a Problem");
        };
        assert_eq!(p.code, "validation");
        // A 5xx is the server's fault whatever its body says; a 4xx without problem+json (a
        // proxy's HTML page) is still a problem, with no code to act on.
        assert!(matches!(
            classify(answer(500, &problem(500, "internal"))),
            Err(ApiError::Server(500))
        ));
        let Err(ApiError::Problem(p)) = classify(answer(400, "<html>Bad gateway</html>")) else {
            panic!("a 4xx is a Problem");
        };
        assert_eq!((p.status, p.code.as_str()), (400, ""));
    }
}
