//! Back and forward return the citizen to where they were on the page. The browser restores
//! the scroll position when the address changes back, but the page it returns to is drawn after
//! that (its data, its chunk and its lower part come later), so a return to a long checklist
//! landed near its top. The app keeps where each address was left and scrolls there once the
//! page is drawn, unless the citizen scrolls, taps or types first.

use std::cell::RefCell;

use leptos::{
    prelude::{document, window},
    task::spawn_local,
};
use wasm_bindgen::{JsCast, closure::Closure};

/// How long a return waits for its page to be drawn before it gives up (ms).
const PATIENCE_MS: f64 = 4000.0;
/// Addresses remembered; the oldest is forgotten past this.
const REMEMBERED: usize = 64;

thread_local! {
    static PLACES: RefCell<Places> = const { RefCell::new(Places { at: Vec::new(), generation: 0, returning: false }) };
}

struct Places {
    /// Where each address (path and query) was last left, in CSS pixels from the top.
    at: Vec<(String, f64)>,
    /// Raised by each return and each input: a return in progress stops when it changes.
    generation: u32,
    /// A return is in progress: the positions its page passes through are not recorded.
    returning: bool,
}

/// Starts keeping the places; called once, after the app is mounted.
pub fn start() {
    listen("scroll", record);
    listen("popstate", on_return);
    // The citizen moving first wins over a return still waiting for its page.
    for input in ["wheel", "touchstart", "keydown", "mousedown"] {
        listen(input, stop_returning);
    }
}

fn listen(event: &str, handler: fn()) {
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let listener = Closure::<dyn Fn()>::new(handler);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        event,
        listener.as_ref().unchecked_ref(),
        &options,
    );
    listener.forget(); // for the life of the page
}

fn address() -> String {
    let location = window().location();
    let mut address = location.pathname().unwrap_or_default();
    address.push_str(&location.search().unwrap_or_default());
    address
}

fn record() {
    PLACES.with_borrow_mut(|places| {
        if places.returning {
            return;
        }
        let here = address();
        let y = window().scroll_y().unwrap_or(0.0);
        places.at.retain(|(a, _)| *a != here);
        if places.at.len() >= REMEMBERED {
            places.at.remove(0);
        }
        places.at.push((here, y));
    });
}

fn stop_returning() {
    PLACES.with_borrow_mut(|places| {
        if places.returning {
            places.generation = places.generation.wrapping_add(1);
            places.returning = false;
        }
    });
}

fn on_return() {
    let here = address();
    let target = PLACES.with_borrow_mut(|places| {
        places.generation = places.generation.wrapping_add(1);
        let y = places
            .at
            .iter()
            .find(|(a, _)| *a == here)
            .map(|(_, y)| *y)
            .filter(|y| *y > 0.0);
        places.returning = y.is_some();
        y.map(|y| (y, places.generation))
    });
    let Some((y, generation)) = target else {
        return;
    };
    spawn_local(async move {
        let give_up = js_sys::Date::now() + PATIENCE_MS;
        loop {
            crate::task::sleep(32).await;
            if PLACES.with_borrow(|places| places.generation != generation) {
                return; // the citizen moved, or went elsewhere
            }
            // Drawn: nothing on the page is still loading (a `Loading` placeholder or `Later`).
            let drawn = document()
                .query_selector("#main .ys-loading")
                .ok()
                .flatten()
                .is_none();
            let room = document()
                .document_element()
                .map_or(0.0, |e| f64::from(e.scroll_height()))
                - window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
            let late = js_sys::Date::now() > give_up;
            // Once drawn, as near the place as the page now allows (it may have become shorter).
            if drawn && (room >= y || late) {
                window().scroll_to_with_x_and_y(0.0, y);
                break;
            }
            if late {
                break;
            }
        }
        PLACES.with_borrow_mut(|places| {
            if places.generation == generation {
                places.returning = false;
            }
        });
    });
}
