//! One HTTP exchange, with a timeout, over the browser's `fetch` (or `XMLHttpRequest` for an
//! upload, the only one that reports progress): no retries and no reading of the status here.
//! Dropping an exchange's future aborts the request, so a task cancelled with its page
//! (`crate::task::spawn_owned`) stops its traffic too. A read may be sent ahead of the code
//! that makes it (`read_ahead`: a deep link's data while its page's chunk loads); the first
//! identical exchange takes its answer.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;

use super::ApiError;

/// A raw answer: status, headers we care about, body text.
pub(super) struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub retry_after: Option<u32>,
    pub body: String,
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// Random jitter in [0, max) ms, so retrying clients don't march in step.
pub(super) fn jitter(max: u32) -> u32 {
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

/// Aborts a fetch and clears its timer when dropped before [`InFlight::finish`]: the future
/// awaiting it was dropped (its page left), so nobody wants the answer.
struct InFlight {
    controller: Option<web_sys::AbortController>,
    timer: Option<i32>,
}

impl InFlight {
    fn finish(mut self) {
        self.controller = None;
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(id) = self.timer {
            window().clear_timeout_with_handle(id);
        }
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}

/// A read sent before the code that wants it has loaded (a deep link's data while its page's
/// chunk is still on its way): taken by the first identical exchange, so the page's own read
/// finds the answer on its way instead of sending again.
struct Ahead {
    key: String,
    /// Awaited from the start (a `JsFuture` handles the promise), so a failure before the page
    /// asks is the page's to report, not an uncaught rejection.
    response: JsFuture,
    controller: Option<web_sys::AbortController>,
    sent_at: f64,
}

/// An answer read ahead is used within this long, else forgotten (it would be stale).
const AHEAD_FOR_MS: f64 = 20_000.0;

thread_local! {
    static AHEAD: RefCell<Vec<Ahead>> = const { RefCell::new(Vec::new()) };
}

/// What makes two exchanges the same request: the method, the URL and every header.
fn exchange_key(method: &str, url: &str, headers: &[(&str, &str)]) -> String {
    let mut key = format!("{method} {url}");
    for (name, value) in headers {
        key.push('\n');
        key.push_str(name);
        key.push(':');
        key.push_str(value);
    }
    key
}

/// Starts a fetch; `None` when the browser refuses to build the request.
fn start(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Option<(js_sys::Promise, Option<web_sys::AbortController>)> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let controller = web_sys::AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let header_map = web_sys::Headers::new().ok()?;
    for (name, value) in headers {
        let _ = header_map.set(name, value);
    }
    init.set_headers(&header_map);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).ok()?;
    Some((window().fetch_with_request(&request), controller))
}

/// Sends a GET now whose answer the next identical [`exchange`] takes (within
/// [`AHEAD_FOR_MS`]). A read the page never makes is simply forgotten.
pub(super) fn read_ahead(url: &str, headers: &[(&str, &str)]) {
    let key = exchange_key("GET", url, headers);
    let now = js_sys::Date::now();
    let already = AHEAD.with(|a| {
        let mut a = a.borrow_mut();
        a.retain(|e| now - e.sent_at < AHEAD_FOR_MS);
        a.iter().any(|e| e.key == key)
    });
    if already {
        return;
    }
    if let Some((response, controller)) = start("GET", url, None, headers) {
        AHEAD.with(|a| {
            a.borrow_mut().push(Ahead {
                key,
                response: JsFuture::from(response),
                controller,
                sent_at: now,
            })
        });
    }
}

/// The read sent ahead for this exchange, if any; a write forgets them all, since it may change
/// what they would answer.
fn take_ahead(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
) -> Option<(JsFuture, Option<web_sys::AbortController>)> {
    AHEAD.with(|a| {
        let mut a = a.borrow_mut();
        if a.is_empty() {
            return None;
        }
        if method != "GET" {
            a.clear();
            return None;
        }
        let now = js_sys::Date::now();
        a.retain(|e| now - e.sent_at < AHEAD_FOR_MS);
        let key = exchange_key(method, url, headers);
        let at = a.iter().position(|e| e.key == key)?;
        let e = a.swap_remove(at);
        Some((e.response, e.controller))
    })
}

/// One HTTP exchange with a timeout; no retries, no interpretation of the status.
pub(super) async fn exchange(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
    timeout_ms: u32,
) -> Result<Answer, ApiError> {
    let (response, controller) = match take_ahead(method, url, headers) {
        Some(sent) => {
            // Its answer is likely here already, and the page that asks has often just been
            // loaded: reading it in a task of its own keeps the page's start and what it draws
            // with the answer from making one long task.
            crate::task::next_task().await;
            sent
        }
        None => start(method, url, body, headers)
            .map(|(response, controller)| (JsFuture::from(response), controller))
            .ok_or(ApiError::Network)?,
    };

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
    let in_flight = InFlight { controller, timer };

    let result = async {
        let response: web_sys::Response = response
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

    in_flight.finish();
    match result {
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

/// An upload in flight: the request and the two callbacks it calls, released together when
/// the upload ends or its future is dropped (which aborts it). Forgetting the callbacks instead
/// leaked two closures per upload.
struct UploadInFlight {
    xhr: web_sys::XmlHttpRequest,
    on_progress: Option<Closure<dyn Fn(web_sys::ProgressEvent)>>,
    on_end: Closure<dyn Fn(web_sys::Event)>,
    done: bool,
}

const UPLOAD_END_EVENTS: [&str; 4] = ["load", "error", "timeout", "abort"];

impl Drop for UploadInFlight {
    fn drop(&mut self) {
        // Listeners first: aborting fires `abort` synchronously, into a closure being dropped.
        for name in UPLOAD_END_EVENTS {
            let _ = self
                .xhr
                .remove_event_listener_with_callback(name, self.on_end.as_ref().unchecked_ref());
        }
        if self.on_progress.is_some()
            && let Ok(upload) = self.xhr.upload()
        {
            upload.set_onprogress(None);
        }
        if !self.done {
            let _ = self.xhr.abort();
        }
    }
}

/// Sends `file` to `url` with `XMLHttpRequest`, reporting progress (0.0–1.0) as it goes.
/// Dropping the future aborts the upload.
pub(super) async fn upload(
    url: &str,
    file: &web_sys::File,
    headers: &[(&str, &str)],
    timeout_ms: u32,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Answer, ApiError> {
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open_with_async("POST", url, true)
        .map_err(|_| ApiError::Network)?;
    for (name, value) in headers {
        let _ = xhr.set_request_header(name, value);
    }
    xhr.set_timeout(timeout_ms);
    let on_progress = xhr.upload().ok().map(|upload| {
        let progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    on_progress(ev.loaded() / ev.total());
                }
            });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress
    });
    // The first end event settles the promise with its name; later ones change nothing.
    let settle = Rc::new(Cell::new(None::<js_sys::Function>));
    let done = js_sys::Promise::new(&mut |resolve, _| settle.set(Some(resolve)));
    let on_end = {
        let settle = settle.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(resolve) = settle.take() {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&ev.type_()));
            }
        })
    };
    for name in UPLOAD_END_EVENTS {
        let _ = xhr.add_event_listener_with_callback(name, on_end.as_ref().unchecked_ref());
    }
    let mut in_flight = UploadInFlight {
        xhr,
        on_progress,
        on_end,
        done: false,
    };
    in_flight
        .xhr
        .send_with_opt_blob(Some(file))
        .map_err(|_| ApiError::Network)?;
    let outcome = JsFuture::from(done)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    in_flight.done = true;
    let xhr = &in_flight.xhr;
    match outcome.as_str() {
        "load" => {}
        "timeout" => return Err(ApiError::Timeout),
        _ => return Err(ApiError::Network),
    }
    Ok(Answer {
        status: xhr.status().unwrap_or(0),
        etag: None,
        retry_after: xhr
            .get_response_header("Retry-After")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse().ok()),
        body: xhr.response_text().ok().flatten().unwrap_or_default(),
    })
}

/// Fetches a same-origin file as text (used for `config.json`, before the API base is known).
pub(super) async fn fetch_text(url: &str, timeout_ms: u32) -> Result<(u16, String), ApiError> {
    let answer = exchange("GET", url, None, &[], timeout_ms).await?;
    Ok((answer.status, answer.body))
}
