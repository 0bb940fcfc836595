//! Tasks that belong to a page: [`spawn_owned`] runs a future until it ends or until the
//! reactive owner that started it (a page, a component, an effect's run) is cleaned up, and then
//! drops it, which aborts its requests (`api` aborts an exchange whose future is dropped). Reads
//! use it, so leaving a page stops its traffic; a write the citizen asked for is spawned with
//! `spawn_local` instead and finishes (aborting one mid-flight would leave them not knowing
//! whether it took effect), with its continuation writing only through `try_set`/`try_update`.

use std::future::Future;

use futures::future::{AbortHandle, Abortable};
use leptos::{prelude::on_cleanup, task::spawn_local};
use wasm_bindgen_futures::JsFuture;

/// Spawns `task`, cancelled when the current reactive owner is cleaned up.
pub fn spawn_owned(task: impl Future<Output = ()> + 'static) {
    let (handle, registration) = AbortHandle::new_pair();
    on_cleanup(move || handle.abort());
    spawn_local(async move {
        let _ = Abortable::new(task, registration).await;
    });
}

/// Resolves in a later task of the browser's event loop (a zero-delay timeout), not in a
/// microtask of the current one. The start-up work awaits it between its phases (the module's
/// compile, the first render, a page's chunks, the device copies) so that a slow phone's main
/// thread is never blocked by all of them at once: a browser can paint and handle a tap in
/// between. Issue 14: no task over 50 ms while the page starts.
pub async fn next_task() {
    sleep(0).await;
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a browser window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = JsFuture::from(promise).await;
}
