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
pub use keys::{EN_FILE, KEY_COUNT, Key};

/// The text of `key` in `lang`. In the WASM app, English comes from [`install_english`]; until
/// it has (or when it could not be loaded) the Chinese text is shown rather than nothing.
pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Zh => keys::ZH[key as usize],
        Lang::En => english(key).unwrap_or(keys::ZH[key as usize]),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn english(key: Key) -> Option<&'static str> {
    Some(keys::EN[key as usize])
}

/// The English table as the file `EN_FILE` holds it: a JSON array in key order.
#[cfg(not(target_arch = "wasm32"))]
pub fn en_table_json() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/en.json"))
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static ENGLISH: std::cell::OnceCell<&'static [String]> = const { std::cell::OnceCell::new() };
}

#[cfg(target_arch = "wasm32")]
fn english(key: Key) -> Option<&'static str> {
    ENGLISH.with(|t| t.get().map(|t| t[key as usize].as_str()))
}

/// Whether English can be shown (always, natively).
pub fn english_installed() -> bool {
    english(Key::Loading).is_some()
}

/// Installs the English table from the text of `EN_FILE`. False (and nothing installed) when it
/// is not a JSON array of exactly [`KEY_COUNT`] strings: a file from another build.
pub fn install_english(json: &str) -> bool {
    let Ok(table) = yishi_json::from_str::<Vec<String>>(json) else {
        return false;
    };
    if table.len() != KEY_COUNT {
        return false;
    }
    install(table)
}

#[cfg(target_arch = "wasm32")]
fn install(table: Vec<String>) -> bool {
    // Once per page load, for the life of the page: leaking it is what makes `&'static str`.
    let table: &'static [String] = Vec::leak(table);
    ENGLISH.with(|t| t.set(table).is_ok())
}

#[cfg(not(target_arch = "wasm32"))]
fn install(_table: Vec<String>) -> bool {
    true
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
pub fn count(lang: Lang, key: Key, n: impl std::fmt::Display) -> String {
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
        assert_eq!(table[Key::Loading as usize], text(Lang::En, Key::Loading));
        let fnv = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        assert_eq!(EN_FILE, format!("locale-en-{fnv:016x}.json"));
        assert!(install_english(json));
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
        for (i, (zh, en)) in keys::ZH.iter().zip(keys::EN.iter()).enumerate() {
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
        for (zh, en) in keys::ZH.iter().zip(keys::EN.iter()) {
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
