//! One file per page; the route table is in `routes.rs`.

pub mod apply;
pub mod case;
pub mod cases;
pub mod event;
pub mod home;
pub mod lookup;
pub mod matter;
pub mod messages;
pub mod not_found;
pub mod privacy;
pub mod rate;
pub mod ratings;
pub mod search;
pub mod settings;
pub mod sign_in;

use crate::i18n::{Key, fill, text};

/// Sets the document title to "<page> - 一事" in the current language.
pub fn set_title(key: Key) {
    let lang = crate::i18n::lang();
    set_title_text(text(lang, key));
}

pub fn set_title_text(page: &str) {
    let lang = crate::i18n::current_tag();
    let lang = yishi_contract::Lang::from_tag(lang).unwrap_or_default();
    let title = fill(text(lang, Key::TitleTemplate), &[("page", page)]);
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&title);
    }
}
