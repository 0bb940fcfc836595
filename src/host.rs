//! Where the app runs: a plain browser, or a WeChat-style mini-program web-view. In a web-view the
//! host draws its own top bar, may hand over a sign-in token in the URL fragment, and offers a
//! bridge (`wx.miniProgram`) for going back and sending messages to the mini-program. Everything
//! degrades to plain web behaviour when the bridge is absent. The bridge is WeChat's JS-SDK, which
//! a deployment serves from its own origin (`docs/deploy.md`); the app never fetches
//! third-party script.

use wasm_bindgen::{JsCast, JsValue};

use crate::store;

/// What WeChat's mini-program web-view adds to its user agent.
const MINI_PROGRAM_AGENT: &[u8] = b"miniProgram";

/// Whether the app is embedded in a mini-program web-view.
pub fn embedded() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let env = js_sys::Reflect::get(&window, &JsValue::from_str("__wxjs_environment"))
        .ok()
        .and_then(|v| v.as_string());
    let agent = window.navigator().user_agent().unwrap_or_default();
    // Bytes compared in a plain loop: `str::contains` would bring the two-way substring searcher
    // into the app shell for this one test (~1.6 KB of WASM, docs/size.md).
    env.as_deref() == Some("miniprogram")
        || agent
            .as_bytes()
            .windows(MINI_PROGRAM_AGENT.len())
            .any(|w| w == MINI_PROGRAM_AGENT)
}

/// `wx.miniProgram`, when the host provides it.
fn bridge() -> Option<js_sys::Object> {
    let window = web_sys::window()?;
    let wx = js_sys::Reflect::get(&window, &JsValue::from_str("wx"))
        .ok()
        .filter(|v| v.is_object())?;
    js_sys::Reflect::get(&wx, &JsValue::from_str("miniProgram"))
        .ok()
        .filter(|v| v.is_object())?
        .dyn_into()
        .ok()
}

fn call(method: &str, argument: &JsValue) -> bool {
    let Some(bridge) = bridge() else { return false };
    let Ok(function) = js_sys::Reflect::get(&bridge, &JsValue::from_str(method))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    function.call1(&bridge, argument).is_ok()
}

fn object(pairs: &[(&str, &str)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o.into()
}

/// Tells the mini-program something happened (e.g. a case was created). The host receives these
/// only on back, share or destroy, so they are reports, never requests. `false` without a bridge.
pub fn post_message(kind: &str, value: &str) -> bool {
    let data = object(&[("type", kind), ("value", value)]);
    call("postMessage", &object_with("data", &data))
}

fn object_with(key: &str, value: &JsValue) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &JsValue::from_str(key), value);
    o.into()
}

/// Opens a page of the mini-program (a path such as `/pages/subscribe/index?topic=messages`);
/// `false` without a bridge.
pub fn navigate_to(url: &str) -> bool {
    call("navigateTo", &object_with("url", &JsValue::from_str(url)))
}

/// Shows a place in the host's own map (`wx.openLocation` of the JS-SDK, GCJ-02 degrees), inside a
/// mini-program web-view whose host provides it: a web page outside the host's allowed domains
/// cannot be opened there, so a map link would go nowhere. `false` elsewhere or without it.
pub fn open_location(latitude: f64, longitude: f64, name: &str, address: &str) -> bool {
    if !embedded() {
        return false;
    }
    let Some(wx) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("wx")).ok())
        .filter(|v| v.is_object())
    else {
        return false;
    };
    let Ok(function) = js_sys::Reflect::get(&wx, &JsValue::from_str("openLocation"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let options = object(&[("name", name), ("address", address)]);
    for (k, v) in [
        ("latitude", latitude),
        ("longitude", longitude),
        ("scale", 16.0),
    ] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_f64(v));
    }
    function.call1(&wx, &options).is_ok()
}

/// Goes back to the mini-program page that opened the web-view; in a plain browser, history back.
pub fn navigate_back() {
    if !call(
        "navigateBack",
        &object_with("delta", &JsValue::from_f64(1.0)),
    ) && let Some(history) = web_sys::window().and_then(|w| w.history().ok())
    {
        let _ = history.back();
    }
}

/// What became of a sign-in token handed over in the URL fragment (`#token=…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandOver {
    /// No token in the address.
    None,
    /// Outside a mini-program web-view: ignored. A link with someone else's token must not
    /// sign an ordinary browser into their account (what the citizen then submits would be
    /// theirs).
    Ignored,
    /// No session was open: the token is now the session. The app says whose account it is.
    Accepted,
    /// Another session is open in this tab: nothing is replaced silently; the citizen chooses.
    Pending(String),
}

/// Takes a sign-in token handed over in the URL fragment, and removes it from the address at
/// once (history.replaceState), so it is never bookmarked, shared, logged or sent as a Referer.
/// Only a mini-program web-view ([`embedded`]) hands tokens over; only when no session is open
/// does the token become the session.
pub fn take_handed_over_token() -> HandOver {
    let Some(window) = web_sys::window() else {
        return HandOver::None;
    };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    let Some(token) = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
    else {
        return HandOver::None;
    };
    let token = String::from(js_sys::decode_uri_component(token).unwrap_or_else(|_| token.into()));
    let clean = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    if token.is_empty() || token.len() > 512 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return HandOver::None;
    }
    if !embedded() {
        return HandOver::Ignored;
    }
    match store::token() {
        None => {
            store::set_token(Some(&token));
            mark_handed_over(true);
            HandOver::Accepted
        }
        Some(current) if current == token => HandOver::None,
        Some(_) => HandOver::Pending(token),
    }
}

const HANDED_OVER_KEY: &str = "yishi.handed-over";

/// Remembers, for this tab, that its session came from a hand-over, until the notice has been
/// shown (it survives the reload a hand-over arriving on a running app makes).
fn mark_handed_over(on: bool) {
    let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let _ = if on {
        s.set_item(HANDED_OVER_KEY, "1")
    } else {
        s.remove_item(HANDED_OVER_KEY)
    };
}

/// What the app shows at start-up about a hand-over: the one in the address now, or one that
/// was accepted just before a reload.
pub fn hand_over_at_start() -> HandOver {
    let now = take_handed_over_token();
    let earlier = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(HANDED_OVER_KEY).ok().flatten())
        .is_some();
    mark_handed_over(false);
    match now {
        HandOver::None if earlier => HandOver::Accepted,
        other => other,
    }
}

/// A host may hand a token over to a running app by changing only the address's fragment (no
/// page load). A token that becomes the session restarts the app with it; one that would
/// replace another session is passed to `on_pending` for the citizen to decide.
pub fn on_hand_over(on_pending: impl Fn(HandOver) + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn()>::new(move || match take_handed_over_token() {
        HandOver::Accepted => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
        HandOver::None => {}
        other => on_pending(other),
    });
    let _ =
        window.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    listener.forget(); // lives as long as the app
}
