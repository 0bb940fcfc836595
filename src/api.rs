//! The one API client. Every HTTP call the app makes goes through [`request`]: it adds the
//! session token, times out, retries reads with backoff and jitter (honouring Retry-After),
//! and turns every failure into one [`ApiError`]. One function per remote operation below.

use std::{cell::Cell, future::Future, rc::Rc};

use leptos::{prelude::*, task::spawn_local};

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use yishi_contract::{
    Attachment, Case, CaseLookup, CaseState, CaseSummary, CatalogueIndex, CodeRequest, CodeSent,
    FeedbackReceipt, LifeEvent, MatterGuide, NewApplication, NewFeedback, Page, Problem, Profile,
    PublicCase, Rating, RatingOptions, RatingSummary, Session, SignIn, SupplementUpload, codes,
};
use yishi_json::FromJson;

use crate::{
    i18n::Key,
    store::{self, Scope},
};

/// Everything that can go wrong talking to the backend, in the terms the citizen is told.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer: offline, connection dropped, refused.
    Network,
    /// No answer within the configured time.
    Timeout,
    /// 401: not signed in, or the session expired.
    Unauthenticated,
    /// 404: no such thing, or not the citizen's.
    NotFound,
    /// 429 or 503: come back later (seconds, when the backend said).
    Busy { retry_after: Option<u32> },
    /// A problem+json the caller may inspect by `code` (409, 422, 403…). Boxed: errors travel
    /// through every `Result` and should stay small.
    Problem(Box<Problem>),
    /// A 5xx without anything more useful.
    Server(u16),
    /// The answer is not what the contract promises (bad JSON, HTML, wrong shape).
    Malformed,
}

impl ApiError {
    /// The message the citizen sees.
    pub fn message(&self) -> Key {
        match self {
            ApiError::Network => Key::ErrorNetwork,
            ApiError::Timeout => Key::ErrorTimeout,
            ApiError::Unauthenticated => Key::ErrorUnauthenticated,
            ApiError::NotFound => Key::ErrorNotFound,
            ApiError::Busy { .. } => Key::ErrorBusy,
            ApiError::Problem(p) => match p.code.as_str() {
                codes::FORBIDDEN => Key::ErrorForbidden,
                codes::CONFLICT | codes::IN_FLIGHT => Key::ErrorConflict,
                codes::ILLEGAL_TRANSITION => Key::ErrorIllegalTransition,
                codes::VALIDATION | codes::IDEMPOTENCY_MISMATCH => Key::ErrorValidation,
                codes::INVALID_CODE => Key::SignInInvalidCode,
                codes::RATE_LIMITED => Key::ErrorBusy,
                "too_large" => Key::FormFileTooLarge,
                "unsupported_media_type" => Key::FormFileType,
                _ => Key::ErrorServer,
            },
            ApiError::Server(_) => Key::ErrorServer,
            ApiError::Malformed => Key::ErrorMalformed,
        }
    }

    /// Worth trying again automatically (reads) or offering a retry button.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network | ApiError::Timeout | ApiError::Busy { .. } | ApiError::Server(_)
        )
    }
}

/// A value loaded from the API, loaded again whenever a signal read by its fetcher changes or
/// [`Loaded::reload`] is called. A failed reload keeps the last good value on screen (with the
/// error beside it, and the time it was loaded), so a lost connection never blanks a page; a
/// change of what is fetched (another id) starts from empty. Deliberately smaller than
/// `LocalResource`: this is the only loading pattern the app needs, and the WASM budget is tight.
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    error: RwSignal<Option<ApiError>>,
    /// When `value` arrived (ms since the epoch).
    loaded_at: RwSignal<Option<f64>>,
    trigger: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// Starts loading with `fetch`; its reactive reads decide when to load again.
    pub fn new<F>(fetch: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        let loaded = Loaded {
            value: RwSignal::new(None),
            error: RwSignal::new(None),
            loaded_at: RwSignal::new(None),
            trigger: RwSignal::new(0),
        };
        let generation = Rc::new(Cell::new(0u32));
        let last_trigger = Cell::new(0u32);
        Effect::new(move |_| {
            let trigger = loaded.trigger.get();
            let future = fetch();
            // Run again for other inputs (not a reload): the old value belongs to something else.
            if trigger == last_trigger.get() {
                loaded.value.set(None);
                loaded.error.set(None);
            }
            last_trigger.set(trigger);
            let this_generation = generation.get().wrapping_add(1);
            generation.set(this_generation);
            let generation = generation.clone();
            spawn_local(async move {
                let result = future.await;
                // A newer load started meanwhile: its answer wins.
                if generation.get() != this_generation {
                    return;
                }
                match result {
                    Ok(value) => {
                        let _ = loaded.value.try_set(Some(value));
                        let _ = loaded.error.try_set(None);
                        let _ = loaded.loaded_at.try_set(Some(js_sys::Date::now()));
                    }
                    Err(error) => {
                        let _ = loaded.error.try_set(Some(error));
                    }
                }
            });
        });
        loaded
    }

    /// The last good value, or the error when there has never been one (reactive).
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        match self.value.get() {
            Some(value) => Some(Ok(value)),
            None => self.error.get().map(Err),
        }
    }

    /// The last good value (reactive).
    pub fn value(&self) -> Option<T> {
        self.value.get()
    }

    /// The error of the latest load, if it failed (reactive).
    pub fn error(&self) -> Option<ApiError> {
        self.error.get()
    }

    /// When the value shown was loaded, in ms since the epoch (reactive).
    pub fn loaded_at(&self) -> Option<f64> {
        self.loaded_at.get()
    }

    pub fn reload(&self) {
        self.trigger.update(|n| *n = n.wrapping_add(1));
    }
}

/// A raw answer: status, headers we care about, body text.
struct Answer {
    status: u16,
    etag: Option<String>,
    retry_after: Option<u32>,
    body: String,
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = JsFuture::from(promise).await;
}

/// Random jitter in [0, max) ms, so retrying clients don't march in step.
fn jitter(max: u32) -> u32 {
    (js_sys::Math::random() * f64::from(max)) as u32
}

/// A fresh random key for a write (an Idempotency-Key), 128 bits in hex.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let crypto = window().crypto().ok();
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One HTTP exchange with a timeout; no retries, no interpretation of the status.
async fn exchange(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
    timeout_ms: u32,
) -> Result<Answer, ApiError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let controller = web_sys::AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let header_map = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    for (name, value) in headers {
        let _ = header_map.set(name, value);
    }
    init.set_headers(&header_map);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;

    let timed_out = Rc::new(Cell::new(false));
    let timer = controller.as_ref().and_then(|c| {
        let c = c.clone();
        let flag = timed_out.clone();
        let on_timeout = Closure::once_into_js(move || {
            flag.set(true);
            c.abort();
        });
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.unchecked_ref(),
                timeout_ms as i32,
            )
            .ok()
    });

    let result = async {
        let response: web_sys::Response = JsFuture::from(window().fetch_with_request(&request))
            .await
            .map_err(|_| ApiError::Network)?
            .dyn_into()
            .map_err(|_| ApiError::Network)?;
        let headers = response.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        let status = response.status();
        let etag = header("etag");
        let retry_after = header("retry-after").and_then(|v| v.trim().parse().ok());
        let text_promise = response.text().map_err(|_| ApiError::Network)?;
        let body = JsFuture::from(text_promise)
            .await
            .map_err(|_| ApiError::Network)?
            .as_string()
            .unwrap_or_default();
        Ok(Answer {
            status,
            etag,
            retry_after,
            body,
        })
    }
    .await;

    if let Some(id) = timer {
        window().clear_timeout_with_handle(id);
    }
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

/// Fetches a same-origin file as text (used for `config.json`, before the API base is known).
pub async fn fetch_text(url: &str, timeout_ms: u32) -> Result<(u16, String), ApiError> {
    let answer = exchange("GET", url, None, &[], timeout_ms).await?;
    Ok((answer.status, answer.body))
}

/// What a request carries beyond its method and path.
#[derive(Default)]
struct Options<'a> {
    body: Option<String>,
    idempotency_key: Option<&'a str>,
    if_none_match: Option<&'a str>,
    /// Reads retry transient failures; writes retry only with an idempotency key.
    retries: u32,
    /// A public read: sent without the session token, so a cross-origin backend needs no
    /// preflight and shared caches may keep the answer (the contract's CORS section).
    public: bool,
    /// Another token than the session's (a hand-over asks who it belongs to); a 401 for it
    /// does not end the session.
    token: Option<&'a str>,
}

/// Sends a request to the API and classifies the answer. 2xx and 304 are `Ok`.
async fn request(method: &str, path: &str, options: Options<'_>) -> Result<Answer, ApiError> {
    let config = crate::config::get().await;
    let url = format!("{}{path}", config.api_base.trim_end_matches('/'));
    // A public read goes without the session token; a hand-over's check sends its own token.
    let own_token = options.token.is_none();
    let token = match options.token {
        Some(t) => Some(t.to_string()),
        None => store::token().filter(|_| !options.public),
    };
    let auth = token.as_ref().map(|t| format!("Bearer {t}"));
    let lang = crate::i18n::current_tag();
    let mut headers: Vec<(&str, &str)> =
        vec![("Accept", "application/json"), ("Accept-Language", lang)];
    if let Some(auth) = &auth {
        headers.push(("Authorization", auth));
    }
    if options.body.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    if let Some(key) = options.idempotency_key {
        headers.push((yishi_contract::IDEMPOTENCY_KEY_HEADER, key));
    }
    if let Some(etag) = options.if_none_match {
        headers.push(("If-None-Match", etag));
    }

    let mut attempt = 0;
    loop {
        let outcome = exchange(
            method,
            &url,
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
                sleep(wait + jitter(300)).await;
            }
            Err(ApiError::Unauthenticated) => {
                if token.is_some() && own_token {
                    crate::session::expired();
                }
                return Err(ApiError::Unauthenticated);
            }
            other => return other,
        }
    }
}

fn classify(answer: Answer) -> Result<Answer, ApiError> {
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
fn decode<T: FromJson>(answer: &Answer) -> Result<T, ApiError> {
    yishi_json::from_str(&answer.body).map_err(|_| ApiError::Malformed)
}

async fn get<T: FromJson>(path: &str) -> Result<T, ApiError> {
    let answer = request(
        "GET",
        path,
        Options {
            retries: 2,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

/// A read of public data (catalogue, guides, calendar, rating options): no session token.
async fn get_public<T: FromJson>(path: &str) -> Result<T, ApiError> {
    let answer = request(
        "GET",
        path,
        Options {
            retries: 2,
            public: true,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

/// A write. With an idempotency key it is retried on transient failure, and the backend
/// guarantees the retries take effect once.
async fn send<B: Serialize, T: FromJson>(
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

/// Encodes one path segment (ids are ASCII by contract, but never trust that).
fn seg(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

// ---- catalogue -------------------------------------------------------------------------------

const CATALOGUE_KEY: &str = "catalogue";
const CATALOGUE_ETAG_KEY: &str = "catalogue.etag";

/// The catalogue last stored on this device, if any (for offline use and instant start).
pub fn cached_catalogue() -> Option<CatalogueIndex> {
    store::get(Scope::Device, CATALOGUE_KEY)
}

/// The catalogue, revalidated with its ETag; a 304 reuses the device copy.
pub async fn catalogue() -> Result<CatalogueIndex, ApiError> {
    let etag = store::get_raw(Scope::Device, CATALOGUE_ETAG_KEY);
    let has_copy = store::get_raw(Scope::Device, CATALOGUE_KEY).is_some();
    let if_none_match = etag.as_deref().filter(|_| has_copy);
    let answer = request(
        "GET",
        "/catalogue",
        Options {
            if_none_match,
            retries: 2,
            public: true,
            ..Default::default()
        },
    )
    .await?;
    if answer.status == 304 {
        return cached_catalogue().ok_or(ApiError::Malformed);
    }
    let catalogue: CatalogueIndex = decode(&answer)?;
    if store::set_raw(Scope::Device, CATALOGUE_KEY, &answer.body) {
        match &answer.etag {
            Some(tag) => store::set_raw(Scope::Device, CATALOGUE_ETAG_KEY, tag),
            None => {
                store::remove(Scope::Device, CATALOGUE_ETAG_KEY);
                true
            }
        };
    }
    Ok(catalogue)
}

/// How many opened guides and events the device keeps for offline reading.
const KEPT_DOCUMENTS: usize = 30;
const KEPT_INDEX: &str = "kept";

/// A read that the device keeps a copy of: answered from the network when it can, from the copy
/// when the network fails, so guides a citizen has opened stay readable offline (also where a
/// web-view runs no service worker).
async fn get_kept<T: FromJson>(path: &str) -> Result<T, ApiError> {
    let key = format!("doc.{path}");
    match request(
        "GET",
        path,
        Options {
            retries: 2,
            public: true,
            ..Default::default()
        },
    )
    .await
    {
        Ok(answer) => {
            let value = decode(&answer)?;
            if store::set_raw(Scope::Device, &key, &answer.body) {
                let mut kept: Vec<String> =
                    store::get(Scope::Device, KEPT_INDEX).unwrap_or_default();
                kept.retain(|k| *k != key);
                kept.push(key);
                while kept.len() > KEPT_DOCUMENTS {
                    store::remove(Scope::Device, &kept.remove(0));
                }
                store::set(Scope::Device, KEPT_INDEX, &kept);
            }
            Ok(value)
        }
        Err(
            error @ (ApiError::Network
            | ApiError::Timeout
            | ApiError::Server(_)
            | ApiError::Busy { .. }),
        ) => store::get(Scope::Device, &key).ok_or(error),
        Err(error) => Err(error),
    }
}

pub async fn event(id: &str) -> Result<LifeEvent, ApiError> {
    get_kept(&format!("/events/{}", seg(id))).await
}

pub async fn matter(id: &str) -> Result<MatterGuide, ApiError> {
    get_kept(&format!("/matters/{}", seg(id))).await
}

pub async fn rating_summary(matter_id: &str) -> Result<RatingSummary, ApiError> {
    get_public(&format!("/matters/{}/rating-summary", seg(matter_id))).await
}

pub async fn feedback(body: &NewFeedback) -> Result<FeedbackReceipt, ApiError> {
    send("POST", "/feedback", Some(body), None).await
}

// ---- session ---------------------------------------------------------------------------------

pub async fn request_code(phone: &str) -> Result<CodeSent, ApiError> {
    send(
        "POST",
        "/session/code",
        Some(&CodeRequest {
            phone: phone.into(),
        }),
        None,
    )
    .await
}

pub async fn sign_in(body: &SignIn) -> Result<Session, ApiError> {
    send("POST", "/session", Some(body), None).await
}

pub async fn current_session() -> Result<Session, ApiError> {
    get("/session").await
}

/// The session a token that is not (yet) this tab's belongs to: whose account a host wants to
/// hand over.
pub async fn session_of(token: &str) -> Result<Session, ApiError> {
    let answer = request(
        "GET",
        "/session",
        Options {
            retries: 2,
            token: Some(token),
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

pub async fn sign_out() -> Result<(), ApiError> {
    request("DELETE", "/session", Options::default())
        .await
        .map(|_| ())
}

// ---- cases -----------------------------------------------------------------------------------

pub async fn cases(
    state: Option<CaseState>,
    cursor: Option<&str>,
) -> Result<Page<CaseSummary>, ApiError> {
    let mut query = Vec::new();
    if let Some(state) = state
        .map(crate::format::case_state_param)
        .filter(|s| !s.is_empty())
    {
        query.push(format!("state={state}"));
    }
    if let Some(cursor) = cursor {
        query.push(format!("cursor={}", seg(cursor)));
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    get(&format!("/cases{query}")).await
}

pub async fn case(id: &str) -> Result<Case, ApiError> {
    get(&format!("/cases/{}", seg(id))).await
}

pub async fn withdraw(id: &str) -> Result<Case, ApiError> {
    send::<(), _>("POST", &format!("/cases/{}/withdraw", seg(id)), None, None).await
}

pub async fn lookup(body: &CaseLookup) -> Result<PublicCase, ApiError> {
    send("POST", "/cases/lookup", Some(body), None).await
}

// ---- ratings ---------------------------------------------------------------------------------

pub async fn rating_options() -> Result<RatingOptions, ApiError> {
    get_public("/rating-options").await
}

/// Sends a rating stored as JSON (from the outbox), with its original Idempotency-Key.
pub async fn create_rating_raw(body: &str, idempotency_key: &str) -> Result<Rating, ApiError> {
    let options = Options {
        body: Some(body.to_string()),
        idempotency_key: Some(idempotency_key),
        retries: 2,
        ..Default::default()
    };
    let answer = request("POST", "/ratings", options).await?;
    decode(&answer)
}

pub async fn callback(
    rating_id: &str,
    body: &yishi_contract::CallbackAnswer,
) -> Result<Rating, ApiError> {
    send(
        "POST",
        &format!("/ratings/{}/callback", seg(rating_id)),
        Some(body),
        None,
    )
    .await
}

pub async fn ratings() -> Result<Page<Rating>, ApiError> {
    get("/ratings").await
}

pub async fn rating(id: &str) -> Result<Rating, ApiError> {
    get(&format!("/ratings/{}", seg(id))).await
}

// ---- applications (一表申请) ---------------------------------------------------------------------

pub async fn profile() -> Result<Profile, ApiError> {
    get("/profile").await
}

pub async fn submit_application(
    body: &NewApplication,
    idempotency_key: &str,
) -> Result<Case, ApiError> {
    send("POST", "/applications", Some(body), Some(idempotency_key)).await
}

pub async fn supply(case_id: &str, body: &SupplementUpload) -> Result<Case, ApiError> {
    send(
        "POST",
        &format!("/cases/{}/supplement", seg(case_id)),
        Some(body),
        None,
    )
    .await
}

/// Uploads a file, reporting progress (0.0–1.0) as it goes. XMLHttpRequest rather than fetch:
/// only it reports upload progress.
pub async fn upload(
    file: &web_sys::File,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Attachment, ApiError> {
    let config = crate::config::get().await;
    let url = format!("{}/attachments", config.api_base.trim_end_matches('/'));
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open_with_async("POST", &url, true)
        .map_err(|_| ApiError::Network)?;
    if let Some(token) = store::token() {
        let _ = xhr.set_request_header("Authorization", &format!("Bearer {token}"));
    }
    let content_type = file.type_();
    let _ = xhr.set_request_header(
        "Content-Type",
        if content_type.is_empty() {
            "application/octet-stream"
        } else {
            &content_type
        },
    );
    let _ = xhr.set_request_header(
        "X-File-Name",
        &String::from(js_sys::encode_uri_component(&file.name())),
    );
    xhr.set_timeout(config.request_timeout_ms.max(60_000));
    if let Ok(upload) = xhr.upload() {
        let progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    on_progress(ev.loaded() / ev.total());
                }
            });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    let done = js_sys::Promise::new(&mut |resolve, _| {
        let on_end = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&ev.type_()));
        });
        for (name, slot) in [("load", 0), ("error", 1), ("timeout", 2), ("abort", 3)] {
            let _ = slot;
            let _ = xhr.add_event_listener_with_callback(name, on_end.as_ref().unchecked_ref());
        }
        on_end.forget();
    });
    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| ApiError::Network)?;
    let outcome = JsFuture::from(done)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match outcome.as_str() {
        "load" => {}
        "timeout" => return Err(ApiError::Timeout),
        _ => return Err(ApiError::Network),
    }
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    let retry_after = xhr
        .get_response_header("Retry-After")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse().ok());
    let answer = classify(Answer {
        status,
        etag: None,
        retry_after,
        body,
    })?;
    decode(&answer)
}

// ---- messages (消息中心) ----------------------------------------------------------------------

/// What the shell reads of the inbox's first page: the unread count for the top bar. The
/// messages themselves are decoded by the inbox page, in its chunk, so their decoder is not in
/// the app shell.
#[derive(FromJson)]
pub struct InboxHead {
    pub unread: u32,
}

/// What a poll of the inbox found.
pub enum InboxPoll {
    /// The first page changed: its unread count, its body (kept on the device as it came) and
    /// its `ETag`.
    Changed {
        unread: u32,
        body: String,
        etag: Option<String>,
    },
    /// The copy the device holds is current (304).
    NotModified,
    /// The backend does not offer messages (404 or 501): hide the inbox until the next start.
    NotOffered,
}

/// The first page of the inbox, revalidated with the `ETag` of the copy the device holds.
/// One attempt: the next poll is the retry.
pub async fn messages(if_none_match: Option<&str>) -> Result<InboxPoll, ApiError> {
    let path = format!("/messages?limit={}", yishi_core::inbox::PAGE_SIZE);
    let options = Options {
        if_none_match,
        ..Default::default()
    };
    match request("GET", &path, options).await {
        Ok(answer) if answer.status == 304 => Ok(InboxPoll::NotModified),
        Ok(answer) => {
            let head: InboxHead = decode(&answer)?;
            Ok(InboxPoll::Changed {
                unread: head.unread,
                etag: answer.etag,
                body: answer.body,
            })
        }
        Err(ApiError::NotFound) => Ok(InboxPoll::NotOffered),
        Err(ApiError::Server(s)) if yishi_core::inbox::not_offered(s) => Ok(InboxPoll::NotOffered),
        Err(ApiError::Problem(p)) if yishi_core::inbox::not_offered(p.status) => {
            Ok(InboxPoll::NotOffered)
        }
        Err(e) => Err(e),
    }
}

/// An older page of the inbox (not kept on the device).
pub async fn messages_after(cursor: &str) -> Result<yishi_contract::MessagePage, ApiError> {
    get(&format!(
        "/messages?limit={}&cursor={}",
        yishi_core::inbox::PAGE_SIZE,
        seg(cursor)
    ))
    .await
}

/// Marking read is safe to repeat, so it is retried like a read.
pub async fn mark_message_read(id: &str) -> Result<yishi_contract::Message, ApiError> {
    let answer = request(
        "POST",
        &format!("/messages/{}/read", seg(id)),
        Options {
            retries: 2,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

pub async fn mark_all_messages_read(
    up_to: Option<String>,
) -> Result<yishi_contract::InboxCount, ApiError> {
    let body = serde_json::to_string(&yishi_contract::ReadAll { up_to })
        .map_err(|_| ApiError::Malformed)?;
    let answer = request(
        "POST",
        "/messages/read-all",
        Options {
            body: Some(body),
            retries: 2,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
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

    #[test]
    fn each_error_has_a_message_and_only_passing_ones_are_retried() {
        let problem = |code: &str| ApiError::Problem(Box::new(Problem::new(409, code, "t")));
        assert_eq!(problem(codes::CONFLICT).message(), Key::ErrorConflict);
        assert_eq!(problem(codes::IN_FLIGHT).message(), Key::ErrorConflict);
        assert_eq!(problem(codes::VALIDATION).message(), Key::ErrorValidation);
        assert_eq!(problem(codes::RATE_LIMITED).message(), Key::ErrorBusy);
        assert_eq!(problem("too_large").message(), Key::FormFileTooLarge);
        assert_eq!(problem("a_code_from_later").message(), Key::ErrorServer);
        assert_eq!(ApiError::Malformed.message(), Key::ErrorMalformed);
        for transient in [
            ApiError::Network,
            ApiError::Timeout,
            ApiError::Busy { retry_after: None },
            ApiError::Server(502),
        ] {
            assert!(transient.is_transient(), "{transient:?}");
        }
        for final_answer in [
            ApiError::Unauthenticated,
            ApiError::NotFound,
            ApiError::Malformed,
            problem(codes::VALIDATION),
        ] {
            assert!(!final_answer.is_transient(), "{final_answer:?}");
        }
    }
}
