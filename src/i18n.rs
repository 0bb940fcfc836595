//! Translations: `t(Key::…)` in the citizen's language. Strings live in `locales/*.toml`,
//! compiled by `build.rs`; a key missing in either language fails the build.
//!
//! The language is fixed for the life of a page load: changing it in settings stores the choice
//! and reloads. That keeps every string in the views static rather than a reactive closure,
//! which is worth a good share of the WASM size budget; the switch is rare and a reload is
//! instant with the app shell cached.

use std::cell::Cell;

use yishi_contract::{Lang, Text};

mod keys {
    include!(concat!(env!("OUT_DIR"), "/locale_keys.rs"));
}
pub use keys::Key;

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

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    let table = match lang {
        Lang::Zh => &keys::ZH,
        Lang::En => &keys::EN,
    };
    table[key as usize]
}

/// The text of `key` in the current language.
pub fn t(key: Key) -> &'static str {
    text(lang(), key)
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A backend [`Text`] in the current language, falling back to zh-CN.
pub fn local(text: &Text) -> String {
    text.get(lang()).to_string()
}
