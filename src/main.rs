//! Yishi (一事): a citizen front end for government services, organised around life events.
//! See ARCHITECTURE.md for the code map.

mod api;
mod app;
mod catalogue;
mod components;
mod display;
mod focus;
mod format;
mod host;
mod i18n;
mod inbox;
mod lazy;
mod outbox;
mod pages;
mod routes;
mod session;
mod store;
mod submit;
mod task;

use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    if app::initial_lang() == yishi_contract::Lang::En {
        // The English words are not in the app shell (Chinese readers never download them):
        // the boot screen stays until they are here, from the device or the network, or
        // until it is clear they cannot be had (then the page shows Chinese).
        wasm_bindgen_futures::spawn_local(async {
            app::load_english().await;
            leptos::mount::mount_to_body(app::App);
        });
    } else {
        leptos::mount::mount_to_body(app::App);
    }
    register_service_worker();
}

/// Installs the service worker (offline shell, catalogue and guides). Web-views without service
/// workers (iOS WeChat) simply skip it: the device store covers them.
fn register_service_worker() {
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let Ok(container) = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
    else {
        return;
    };
    if container.is_undefined() {
        return;
    }
    let register = js_sys::Reflect::get(&container, &JsValue::from_str("register"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(register) = register {
        // A failed registration leaves the app working online; nothing to tell the citizen.
        let _ = register.call1(&container, &JsValue::from_str("/sw.js"));
    }
}

/// Test hook: panics on purpose, so the end-to-end tests can check that the error screen drawn
/// by `public/crash.js` appears. Harmless in production: a citizen cannot reach it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn yishi_simulate_crash() {
    panic!("simulated crash (test hook)");
}
