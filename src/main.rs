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
mod router;
mod routes;
mod scroll;
mod session;
mod store;
mod submit;
mod task;
mod wallet;
mod words;

use wasm_bindgen::JsCast;

/// Talc: a smaller and faster allocator than dlmalloc, std's default on wasm32 (docs/size.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        // Before anything asks the backend: every request needs it, and the first render its
        // default language. `index.html` preloads it with the WASM, so it is normally here.
        api::config::get().await;
        if app::initial_lang() == yishi_contract::Lang::En {
            // The English words are not in the app shell (Chinese readers never download them):
            // the boot screen stays until they are here, from the device or the network, or
            // until it is clear they cannot be had (then the page shows Chinese).
            words::load_english().await;
        }
        // The contexts, then the first render, each in a task of its own, apart from the
        // module's compile and start (issue 14: no long task while the page starts). The root
        // owner holds the contexts the app is mounted under; it lives as long as the page.
        task::next_task().await;
        // `mount_to` would start it; the contexts' tasks are spawned before that.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let root = leptos::prelude::Owner::new();
        root.with(app::provide_contexts);
        task::next_task().await;
        root.with(mount);
        std::mem::forget(root);
        scroll::start();
    });
    register_service_worker_later();
}

/// Draws the app into the body, or, on a prerendered page, into the detached root that
/// index.html's script swaps in for the prerendered content once the app shows the same page.
fn mount() {
    let root = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &wasm_bindgen::JsValue::from_str("yishiRoot")).ok())
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, app::App).forget(),
        None => leptos::mount::mount_to_body(app::App),
    }
}

/// Registers the service worker 3 s after the page has loaded, and on a later visit asks it to
/// keep the rest of the app for offline use (every chunk, ~430 KiB brotli), which must not
/// compete with the first screen for a slow network or a slow phone's CPU.
fn register_service_worker_later() {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let later = Closure::once_into_js(|| {
        if let Some(window) = web_sys::window() {
            let register = Closure::once_into_js(register_service_worker);
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                register.unchecked_ref(),
                3000,
            );
        }
    });
    let later: js_sys::Function = later.unchecked_into();
    if window
        .document()
        .is_some_and(|d| d.ready_state() == "complete")
    {
        let _ = later.call0(&wasm_bindgen::JsValue::UNDEFINED);
    } else {
        let _ = window.add_event_listener_with_callback("load", &later);
    }
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
    // A citizen who comes back (the worker already answers this page) gets the rest of the app
    // kept for offline use; a first visit fetched only what it showed (issue 14), and a browser
    // asked to save data fetches nothing more.
    let controller =
        js_sys::Reflect::get(&container, &JsValue::from_str("controller")).unwrap_or(JsValue::NULL);
    let save_data = js_sys::Reflect::get(&navigator, &JsValue::from_str("connection"))
        .ok()
        .filter(|c| c.is_object())
        .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("saveData")).ok())
        .is_some_and(|s| s.is_truthy());
    if controller.is_object() && !save_data {
        let post = js_sys::Reflect::get(&controller, &JsValue::from_str("postMessage"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(post) = post {
            let _ = post.call1(&controller, &JsValue::from_str("warm"));
        }
    }
}

/// Test hook: panics on purpose, so the end-to-end tests can check that the error screen drawn
/// by `public/crash.js` appears. Harmless in production: a citizen cannot reach it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn yishi_simulate_crash() {
    panic!("simulated crash (test hook)");
}
