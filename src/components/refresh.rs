//! Staying current: refresh a page's data when the citizen comes back to it (the tab becomes
//! visible, or the window regains focus), the way parcel-tracking apps do.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

/// Calls `refresh` whenever the page becomes visible or focused again, until the calling
/// component is unmounted.
pub fn on_return(refresh: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn()>::new(move || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            refresh();
        }
    });
    let function: js_sys::Function = callback.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let _ = document().add_event_listener_with_callback("visibilitychange", &function);
    let _ = window().add_event_listener_with_callback("focus", &function);
    let handles = send_wrapper::SendWrapper::new((function, callback));
    on_cleanup(move || {
        let (function, callback) = handles.take();
        let _ = document().remove_event_listener_with_callback("visibilitychange", &function);
        let _ = window().remove_event_listener_with_callback("focus", &function);
        drop(callback);
    });
}
