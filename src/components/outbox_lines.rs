//! Ratings waiting in the outbox (`crate::outbox`), as status lines.

use leptos::prelude::*;

use crate::{
    i18n::{Key, fill, local, t},
    outbox::Entry,
};

/// Outbox entries (ratings not yet, or just, delivered) as status lines.
#[component]
pub fn OutboxLines(entries: Vec<Entry>) -> impl IntoView {
    entries
        .into_iter()
        .map(|e| {
            let (text, class) = match e.status.as_str() {
                "sent" => (t(Key::OutboxSent).to_string(), "ys-tag ys-tag--ok"),
                "failed" => (fill(t(Key::OutboxFailed), &[("code", &e.result)]), "ys-tag ys-tag--danger"),
                _ => (t(Key::OutboxWaiting).to_string(), "ys-tag ys-tag--warn"),
            };
            view! { <li class="ys-outbox">{local(&e.case_title)} " " <span class=class>{text}</span></li> }
        })
        .collect_view()
}
