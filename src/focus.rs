//! Moving the keyboard and screen reader focus to what just appeared (an error summary, a
//! confirmation, a form field), the way GOV.UK's patterns do.

use leptos::{prelude::document, task::spawn_local};
use wasm_bindgen::JsCast;

/// Moves focus to the element with `id` once it is in the document (after this render).
pub fn later(id: &'static str) {
    after(0, id.to_string());
}

/// Moves focus to the element with `id` after `ms` milliseconds (a page that is navigated to
/// first renders, then its element exists).
pub fn after(ms: u32, id: String) {
    spawn_local(async move {
        crate::task::sleep(ms).await;
        if let Some(el) = document().get_element_by_id(&id)
            && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = el.focus();
        }
    });
}
