//! Translations: `t(Key::…)` in the citizen's language. Strings live in `locales/*.toml`,
//! compiled by `i18n/build.rs` (crate `yishi-i18n`, which also holds the pure text functions
//! that join words and numbers, tested natively); a key missing in either language fails the
//! build.
//!
//! The Chinese words of the shell are in the app shell; the English ones are a file of their
//! own (`yishi_i18n::EN_FILE`, about 5 KiB brotli), fetched before the first render only when
//! the page starts in English and kept on the device (`words::load_english`). The Chinese words
//! only pages in chunks show ([`PageKey`]s) are a file too (`yishi_i18n::ZH_PAGES_FILE`),
//! fetched with the first such page and kept on the device (`words::load_page_words`).
//!
//! The language is fixed for the life of a page load: changing it in settings stores the choice
//! and reloads. That keeps every string in the views static rather than a reactive closure,
//! which is worth a good share of the WASM size budget; the switch is rare and a reload is
//! instant with the app shell cached.

use std::cell::Cell;

use yishi_contract::{Lang, Text};

pub use yishi_i18n::{Key, PageKey, Word, fill, text};

/// Where the citizen's language choice is kept on the device (`store`, device scope).
pub const LANG_KEY: &str = "lang";

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Zh) };
}

/// Sets the language for this page load and `<html lang>`.
pub fn init(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The language of this page load.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Its BCP 47 tag (for `Accept-Language`).
pub fn current_tag() -> &'static str {
    lang().tag()
}

/// The text of `key` in the current language.
pub fn t(key: impl Word) -> &'static str {
    text(lang(), key)
}

/// `key` filled with one number `n` (and its plural forms), in the current language.
pub fn count(key: impl Word, n: impl std::fmt::Display) -> String {
    yishi_i18n::count(lang(), key, n)
}

/// "label: value" with the current language's colon.
pub fn labelled(label: &str, value: &str) -> String {
    yishi_i18n::labelled(lang(), label, value)
}

/// A backend [`Text`] in the current language, falling back to zh-CN.
pub fn local(text: &Text) -> String {
    text.get(lang()).to_string()
}
