//! The app's words in each language, and the functions that join words and numbers.
//!
//! `locales/*.toml` are compiled by `build.rs` into a [`Key`] enum and one string table per
//! language, so a missing translation is a build error and a lookup is an array index. The
//! app (`src/i18n.rs`) adds the citizen's current language on top.
//!
//! Templates fill `{name}` with a value, and `{name|one|other}` with the form that fits the
//! number `name` (English plurals: "1 copy", "2 copies"); Chinese templates need no forms.
//! Everything here is pure, so `cargo test -p yishi-i18n` checks every join in both languages.

pub mod format;

use yishi_contract::Lang;

mod keys {
    include!(concat!(env!("OUT_DIR"), "/locale_keys.rs"));
}
pub use keys::{EN_FILE, KEY_COUNT, Key, PageKey, SHELL_COUNT, ZH_PAGES_FILE};

/// A key whose text can be looked up: a [`Key`] (the shell's words) or a [`PageKey`] (the
/// words of pages loaded as chunks). The lookup is chosen by type, so a page key's lookup is
/// code that only chunks contain, which the build checks (`cargo xtask page-words`).
pub trait Word: Copy {
    /// The text in `lang`.
    fn text(self, lang: Lang) -> &'static str;
}

impl Word for Key {
    fn text(self, lang: Lang) -> &'static str {
        let i = usize::from(self.0);
        match lang {
            Lang::Zh => keys::ZH[i],
            Lang::En => english(i).unwrap_or(keys::ZH[i]),
        }
    }
}

impl Word for PageKey {
    fn text(self, lang: Lang) -> &'static str {
        page_words_text(lang, self.0)
    }
}

impl Key {
    /// This word as a [`PageKey`], for a page that holds words of both kinds.
    pub const fn page(self) -> PageKey {
        PageKey(self.0)
    }
}

impl PageKey {
    /// The key's number, unique among all keys (for an element id, say).
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

impl From<Key> for PageKey {
    fn from(key: Key) -> PageKey {
        key.page()
    }
}

/// The lookup of a [`PageKey`]. Never inlined: the build looks for this function's name in
/// the main module and fails if it is there (a shell word among the pages' words).
#[inline(never)]
fn page_words_text(lang: Lang, index: u16) -> &'static str {
    let i = usize::from(index);
    if i < SHELL_COUNT {
        return Key(index).text(lang);
    }
    let zh = || zh_page(i - SHELL_COUNT).unwrap_or("");
    match lang {
        Lang::Zh => zh(),
        Lang::En => english(i).unwrap_or_else(zh),
    }
}

/// The text of `key` in `lang`. In the WASM app, English comes from [`install_english`] and
/// the pages' Chinese words from [`install_zh_pages`]; until English is installed (or when it
/// could not be loaded) the Chinese text is shown rather than nothing.
pub fn text(lang: Lang, key: impl Word) -> &'static str {
    key.text(lang)
}

#[cfg(not(target_arch = "wasm32"))]
fn english(i: usize) -> Option<&'static str> {
    Some(keys::EN[i])
}

#[cfg(not(target_arch = "wasm32"))]
fn zh_page(i: usize) -> Option<&'static str> {
    Some(keys::ZH_PAGES[i])
}

/// The English table as the file `EN_FILE` holds it: a JSON array in key order (the shell's
/// keys, then the pages').
#[cfg(not(target_arch = "wasm32"))]
pub fn en_table_json() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/en.json"))
}

/// The pages' Chinese words as the file `ZH_PAGES_FILE` holds them: a JSON array in key order.
#[cfg(not(target_arch = "wasm32"))]
pub fn zh_pages_json() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/zh_pages.json"))
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static ENGLISH: std::cell::OnceCell<&'static [String]> = const { std::cell::OnceCell::new() };
    static ZH_PAGES: std::cell::OnceCell<&'static [String]> = const { std::cell::OnceCell::new() };
}

#[cfg(target_arch = "wasm32")]
fn english(i: usize) -> Option<&'static str> {
    ENGLISH.with(|t| t.get().map(|t| t[i].as_str()))
}

#[cfg(target_arch = "wasm32")]
fn zh_page(i: usize) -> Option<&'static str> {
    ZH_PAGES.with(|t| t.get().map(|t| t[i].as_str()))
}

/// Whether English can be shown (always, natively).
pub fn english_installed() -> bool {
    english(0).is_some()
}

/// Whether every word of `lang` can be shown, the pages' included (always, natively).
pub fn words_installed(lang: Lang) -> bool {
    match lang {
        Lang::En => english_installed(),
        Lang::Zh => zh_page(0).is_some(),
    }
}

/// Installs the English table from the text of `EN_FILE`. False (and nothing installed) when it
/// is not a JSON array of exactly [`KEY_COUNT`] strings: a file from another build.
pub fn install_english(json: &str) -> bool {
    install(json, KEY_COUNT, |table| {
        #[cfg(target_arch = "wasm32")]
        return ENGLISH.with(|t| t.set(table).is_ok());
        #[cfg(not(target_arch = "wasm32"))]
        return !table.is_empty();
    })
}

/// Installs the pages' Chinese words from the text of `ZH_PAGES_FILE`. False (and nothing
/// installed) when it is not a JSON array of exactly `KEY_COUNT - SHELL_COUNT` strings.
pub fn install_zh_pages(json: &str) -> bool {
    install(json, KEY_COUNT - SHELL_COUNT, |table| {
        // Two pages loading at once (a page and the hand-over notice) may both fetch it: the
        // second finds the same words installed, which is success too.
        #[cfg(target_arch = "wasm32")]
        return ZH_PAGES.with(|t| t.set(table).is_ok() || t.get().is_some());
        #[cfg(not(target_arch = "wasm32"))]
        return !table.is_empty();
    })
}

fn install(json: &str, len: usize, set: impl FnOnce(&'static [String]) -> bool) -> bool {
    let Ok(table) = yishi_json::from_str::<Vec<String>>(json) else {
        return false;
    };
    if table.len() != len {
        return false;
    }
    // Once per page load, for the life of the page: leaking it is what makes `&'static str`.
    set(Vec::leak(table))
}

/// `template` with `{name}` replaced by its value, and `{name|one|other}` by `one` when the
/// value is 1 and `other` otherwise. Unknown names stay as they are (visible, never a panic).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        let mut parts = inner.split('|');
        let name = parts.next().unwrap_or_default();
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let forms: Vec<&str> = parts.collect();
                match forms.as_slice() {
                    [] => out.push_str(value),
                    [one, other, ..] => out.push_str(if value.trim() == "1" { one } else { other }),
                    [only] => out.push_str(only),
                }
            }
            None => {
                out.push('{');
                out.push_str(inner);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `key` filled with one number `n` (and its plural forms).
pub fn count(lang: Lang, key: impl Word, n: impl std::fmt::Display) -> String {
    fill(text(lang, key), &[("n", &n.to_string())])
}

/// "label: value" with the colon of the language (full-width in Chinese, ": " in English).
pub fn labelled(lang: Lang, label: &str, value: &str) -> String {
    format!("{label}{}{value}", text(lang, Key::Colon))
}

/// Items joined with the language's list separator (、 or ", ").
pub fn list(lang: Lang, items: &[&str]) -> String {
    items.join(text(lang, Key::ListSeparator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_file_is_the_english_table_named_after_its_content() {
        let json = en_table_json();
        let table: Vec<String> = yishi_json::from_str(json).unwrap();
        assert_eq!(table.len(), KEY_COUNT);
        assert!(table.iter().zip(keys::EN.iter()).all(|(a, b)| a == b));
        assert_eq!(
            table[usize::from(Key::Loading.0)],
            text(Lang::En, Key::Loading)
        );
        let fnv = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        assert_eq!(EN_FILE, format!("locale-en-{fnv:016x}.json"));
        assert!(install_english(json));
    }

    #[test]
    fn the_pages_file_is_the_chinese_of_the_page_keys_named_after_its_content() {
        let json = zh_pages_json();
        let table: Vec<String> = yishi_json::from_str(json).unwrap();
        assert_eq!(table.len(), KEY_COUNT - SHELL_COUNT);
        assert!(table.iter().zip(keys::ZH_PAGES.iter()).all(|(a, b)| a == b));
        assert_eq!(table[0], text(Lang::Zh, PageKey(SHELL_COUNT as u16)));
        let fnv = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        assert_eq!(ZH_PAGES_FILE, format!("locale-zh-pages-{fnv:016x}.json"));
        assert!(install_zh_pages(json));
        assert!(
            !install_zh_pages(en_table_json()),
            "a table of another length"
        );
    }

    #[test]
    fn shell_keys_and_page_keys_look_up_the_same_words_either_way() {
        // A shell word held as a page key (a page's mixed list) reads the shell's table.
        assert_eq!(
            text(Lang::Zh, Key::Loading.page()),
            text(Lang::Zh, Key::Loading)
        );
        assert_eq!(
            text(Lang::En, Key::Loading.page()),
            text(Lang::En, Key::Loading)
        );
        // Page words: the Chinese pages' file, and English from the whole English table.
        let last = PageKey((KEY_COUNT - 1) as u16);
        assert_eq!(
            text(Lang::Zh, last),
            keys::ZH_PAGES[KEY_COUNT - SHELL_COUNT - 1]
        );
        assert_eq!(text(Lang::En, last), keys::EN[KEY_COUNT - 1]);
    }

    #[test]
    fn a_table_from_another_build_is_refused() {
        let mut table: Vec<String> = yishi_json::from_str(en_table_json()).unwrap();
        table.pop();
        let shorter = format!(
            "[{}]",
            table
                .iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(!install_english(&shorter));
        assert!(!install_english("<html>not found</html>"));
        assert!(!install_english("{}"));
    }

    #[test]
    fn values_and_plural_forms_are_filled() {
        assert_eq!(fill("{n} {n|copy|copies}", &[("n", "1")]), "1 copy");
        assert_eq!(fill("{n} {n|copy|copies}", &[("n", "2")]), "2 copies");
        assert_eq!(fill("{n} {n|copy|copies}", &[("n", "0")]), "0 copies");
        assert_eq!(fill("{n} 份", &[("n", "1")]), "1 份");
        assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
        // Unknown names and a lone brace stay visible rather than vanish.
        assert_eq!(fill("{missing} {", &[("n", "1")]), "{missing} {");
        assert_eq!(fill("{n|only}", &[("n", "3")]), "only");
    }

    #[test]
    fn every_template_fills_without_leftover_braces_in_both_languages() {
        // Every placeholder a template uses is one the app fills with a plain value; a typo in
        // a placeholder or a plural form would leave braces on screen.
        for (i, (zh, en)) in keys::ZH
            .iter()
            .chain(keys::ZH_PAGES.iter())
            .zip(keys::EN.iter())
            .enumerate()
        {
            for (lang, template) in [("zh", zh), ("en", en)] {
                let names: Vec<&str> = template
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split('}').next())
                    .map(|s| s.split('|').next().unwrap_or_default())
                    .collect();
                let args: Vec<(&str, &str)> = names.iter().map(|n| (*n, "2")).collect();
                let filled = fill(template, &args);
                assert!(
                    !filled.contains('{') && !filled.contains('}'),
                    "key #{i} ({lang}) leaves braces: {template:?} -> {filled:?}"
                );
            }
        }
    }

    #[test]
    fn english_never_uses_full_width_punctuation_and_chinese_never_plural_forms() {
        for (zh, en) in keys::ZH
            .iter()
            .chain(keys::ZH_PAGES.iter())
            .zip(keys::EN.iter())
        {
            assert!(
                !en.contains(['：', '，', '。', '（', '）', '、', '；']),
                "full-width punctuation in English: {en:?}"
            );
            assert!(
                !en.contains("(s)"),
                "say the plural with {{n|one|other}}: {en:?}"
            );
            assert!(!zh.contains('|'), "Chinese has no plural forms: {zh:?}");
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(Lang::En, Key::EventMatterCount, 1), "1 service");
        assert_eq!(count(Lang::En, Key::EventMatterCount, 9), "9 services");
        assert_eq!(count(Lang::Zh, Key::EventMatterCount, 1), "1 个事项");
        assert_eq!(count(Lang::En, Key::MaterialCopies, 1), "1 copy");
        assert_eq!(count(Lang::En, Key::MaterialCopies, 2), "2 copies");
        assert_eq!(count(Lang::En, Key::SearchCount, 1), "1 found");
    }

    #[test]
    fn labels_take_the_colon_of_their_language() {
        assert_eq!(labelled(Lang::Zh, "办件编号", "LJ1"), "办件编号：LJ1");
        assert_eq!(labelled(Lang::En, "Case number", "LJ1"), "Case number: LJ1");
        assert_eq!(list(Lang::Zh, &["a", "b"]), "a、b");
        assert_eq!(list(Lang::En, &["a", "b"]), "a, b");
    }
}
