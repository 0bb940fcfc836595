//! Staying current: refresh a page's data when the citizen comes back to it (the tab becomes
//! visible, or the window regains focus) or pulls the page down from its top, the way
//! parcel-tracking apps do. Mini-program web-views have no pull-to-refresh of their own.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

/// How far (CSS px) a touch that starts at the top of the page must travel down to refresh.
const PULL_DISTANCE: i32 = 80;

/// Calls `refresh` whenever the page becomes visible or focused again, or is pulled down from
/// its top, until the calling component is unmounted.
pub fn on_return(refresh: impl Fn() + 'static) {
    let refresh = std::rc::Rc::new(refresh);
    on_pull_down({
        let refresh = refresh.clone();
        move || refresh()
    });
    let callback = Closure::<dyn Fn()>::new(move || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            refresh();
        }
    });
    let function: js_sys::Function = callback
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
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

/// Calls `refresh` when a touch that began with the page scrolled to the top ends at least
/// [`PULL_DISTANCE`] below where it began. Listeners are passive: scrolling is never held up.
fn on_pull_down(refresh: impl Fn() + 'static) {
    let start = std::rc::Rc::new(std::cell::Cell::new(None::<i32>));
    let first_y =
        |event: &web_sys::TouchEvent| event.changed_touches().get(0).map(|t| t.client_y());
    let on_start = Closure::<dyn Fn(web_sys::TouchEvent)>::new({
        let start = start.clone();
        move |event: web_sys::TouchEvent| {
            let at_top = window().scroll_y().map_or(true, |y| y <= 0.0);
            start.set(if at_top && event.touches().length() == 1 {
                first_y(&event)
            } else {
                None
            });
        }
    });
    let on_end = Closure::<dyn Fn(web_sys::TouchEvent)>::new(move |event: web_sys::TouchEvent| {
        if let (Some(from), Some(to)) = (start.take(), first_y(&event))
            && to - from >= PULL_DISTANCE
        {
            refresh();
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let listen = |name: &str, f: &js_sys::Function| {
        let _ = window()
            .add_event_listener_with_callback_and_add_event_listener_options(name, f, &options);
    };
    let start_fn: js_sys::Function = on_start
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let end_fn: js_sys::Function = on_end.as_ref().unchecked_ref::<js_sys::Function>().clone();
    listen("touchstart", &start_fn);
    listen("touchend", &end_fn);
    let handles = send_wrapper::SendWrapper::new((start_fn, end_fn, on_start, on_end));
    on_cleanup(move || {
        let (start_fn, end_fn, on_start, on_end) = handles.take();
        let _ = window().remove_event_listener_with_callback("touchstart", &start_fn);
        let _ = window().remove_event_listener_with_callback("touchend", &end_fn);
        drop((on_start, on_end));
    });
}
