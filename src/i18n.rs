//! Translations: `t(Key::…)` in the current language. Strings live in `locales/*.toml`, compiled
//! by `build.rs`; a key missing in either language fails the build.

use leptos::prelude::*;
use yishi_contract::{Lang, Text};

mod keys {
    include!(concat!(env!("OUT_DIR"), "/locale_keys.rs"));
}
pub use keys::Key;

/// The current language, provided at the root.
#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

pub fn provide_locale(initial: Lang) -> Locale {
    let locale = Locale(RwSignal::new(initial));
    provide_context(locale);
    locale
}

pub fn use_locale() -> Locale {
    expect_context::<Locale>()
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    let table = match lang {
        Lang::Zh => &keys::ZH,
        Lang::En => &keys::EN,
    };
    table[key as usize]
}

/// The text of `key` in the current language (reactive when called inside a closure).
pub fn t(key: Key) -> &'static str {
    text(use_locale().0.get(), key)
}

/// A reactive view of `key`, for use directly in `view!`.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || text(locale.0.get(), key)
}

/// `key` with `{name}` placeholders replaced.
pub fn tf(key: Key, args: &[(&str, &str)]) -> String {
    fill(t(key), args)
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
    text.get(use_locale().0.get()).to_string()
}

/// The current language.
pub fn lang() -> Lang {
    use_locale().0.get()
}

thread_local! {
    static CURRENT: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Zh) };
}

/// The current language's tag outside the reactive system (for `Accept-Language`).
pub fn current_tag() -> &'static str {
    CURRENT.with(|c| c.get()).tag()
}

/// Keeps [`current_tag`], `<html lang>` and the stored preference in step with the locale.
pub fn follow_locale(locale: Locale) {
    Effect::new(move |_| {
        let lang = locale.0.get();
        CURRENT.with(|c| c.set(lang));
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
}
