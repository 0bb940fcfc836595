//! Compiles `locales/*.toml` into a `Key` enum and one string table per language, so that a
//! missing translation is a build error and a lookup is an array index (no runtime parsing,
//! no i18n crate in the WASM).

use std::{collections::BTreeMap, env, fmt::Write as _, fs, path::Path};

fn load(path: &str) -> BTreeMap<String, String> {
    println!("cargo::rerun-if-changed={path}");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeMap::new();
    flatten("", &table, &mut out, path);
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>, path: &str) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out, path),
            other => panic!("{path}: {key} must be a string, found {other}"),
        }
    }
}

/// Strings as a JSON array: the files the app fetches (`en_table_json()`,
/// `zh_pages_json()` natively), each named after its text's hash.
fn json_array<'a>(values: impl Iterator<Item = &'a String>) -> String {
    let mut out = String::from("[");
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(v, &mut out);
    }
    out.push(']');
    out
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The sections of `locales/*.toml` whose words only pages loaded as chunks use (`src/lazy.rs`):
/// their Chinese text is not in the app shell but in the file `ZH_PAGES_FILE`, fetched with
/// the first such page. Their keys are `PageKey`s, which only code outside the main module may
/// look up: `scripts/wasm.sh` fails the build when the lookup (`page_words_text`) is in the
/// main module (`cargo xtask page-words`). A key of such a section that the shell shows goes in
/// `SHELL_KEYS`.
const PAGE_SECTIONS: &[&str] = &[
    "answer",
    "apply",
    "callback",
    "case",
    "cases",
    "consent",
    "deadline",
    "event",
    "family",
    "feedback",
    "followup",
    "guide",
    "handover",
    "licences",
    "lookup",
    "messages",
    "mode",
    "outbox",
    "plan",
    "privacy",
    "query_code",
    "rating",
    "ratings",
    "settings",
    "sign_in",
    "signout",
    "suggestions",
    "summary",
    "timeline",
    "visit",
    "withdraw",
];

/// Keys of `PAGE_SECTIONS` that the app shell shows (the frame, the home page, the states every
/// page uses): they stay in the shell's table.
const SHELL_KEYS: &[&str] = &[
    "event.matter_count",
    "family.acting_ended",
    "family.acting_for",
    "family.acting_for_business",
    "family.back_to_self",
    "family.switch",
    "family.view_only",
    "messages.nav",
    "messages.unread",
    "mode.keep_standard",
    "mode.offer",
    "mode.use_elderly",
    "privacy.title",
    "sign_in.action",
    "sign_in.invalid_code",
];

fn is_page_key(key: &str) -> bool {
    key.split_once('.')
        .is_some_and(|(section, _)| PAGE_SECTIONS.contains(&section))
        && !SHELL_KEYS.contains(&key)
}

/// FNV-1a, 64 bits: a content hash with no dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `case.stage.supplement_required` → `CaseStageSupplementRequired`.
fn variant(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    let zh = load("../locales/zh-CN.toml");
    let en = load("../locales/en.toml");
    let missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(
        missing_en.is_empty(),
        "keys missing in locales/en.toml: {missing_en:?}"
    );
    assert!(
        missing_zh.is_empty(),
        "keys missing in locales/zh-CN.toml: {missing_zh:?}"
    );

    for key in SHELL_KEYS {
        assert!(
            zh.contains_key(*key),
            "SHELL_KEYS names an unknown key: {key}"
        );
    }
    // Shell keys first, then page keys: an index below SHELL_COUNT is in the shell's table.
    let order: Vec<&String> = zh
        .keys()
        .filter(|k| !is_page_key(k))
        .chain(zh.keys().filter(|k| is_page_key(k)))
        .collect();
    let shell_count = zh.keys().filter(|k| !is_page_key(k)).count();

    let mut code = String::new();
    code.push_str(
        "/// A word the app shell shows: its Chinese text is in the main module.\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub struct Key(pub(crate) u16);\n\n\
         /// A word only pages loaded as chunks show (`PAGE_SECTIONS` in `i18n/build.rs`): its\n\
         /// Chinese text is the file `ZH_PAGES_FILE`, installed before such a page renders.\n\
         /// Any `Key` converts into one, so a page can hold both kinds as a `PageKey`.\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub struct PageKey(pub(crate) u16);\n\n\
         /// Every user-facing string; the text lives in `locales/*.toml`.\n\
         #[allow(non_upper_case_globals)]\nimpl Key {\n",
    );
    for (i, key) in order.iter().enumerate() {
        let ty = if i < shell_count { "Key" } else { "PageKey" };
        writeln!(
            code,
            "    /// `{key}`\n    pub const {}: {ty} = {ty}({i});",
            variant(key)
        )
        .unwrap();
    }
    code.push_str("}\n\n");
    writeln!(code, "pub const KEY_COUNT: usize = {};", zh.len()).unwrap();
    writeln!(code, "pub const SHELL_COUNT: usize = {shell_count};").unwrap();
    // The English table is embedded natively (tests, xtask); the WASM app fetches it as the
    // file `EN_FILE` (written by `cargo xtask locales`), so Chinese readers never download it.
    let en_json = json_array(order.iter().map(|k| &en[*k]));
    let zh_pages_json = json_array(order[shell_count..].iter().map(|k| &zh[*k]));
    writeln!(
        code,
        "/// The English table's file in `dist/`, named after its content.\npub const EN_FILE: &str = \"locale-en-{:016x}.json\";",
        fnv1a(en_json.as_bytes())
    )
    .unwrap();
    writeln!(
        code,
        "/// The Chinese words of the pages' keys, the file in `dist/`, named after its content.\npub const ZH_PAGES_FILE: &str = \"locale-zh-pages-{:016x}.json\";",
        fnv1a(zh_pages_json.as_bytes())
    )
    .unwrap();
    for (name, keys, table, native_only) in [
        ("ZH", &order[..shell_count], &zh, false),
        ("ZH_PAGES", &order[shell_count..], &zh, true),
        ("EN", &order[..], &en, true),
    ] {
        if native_only {
            code.push_str("#[cfg(not(target_arch = \"wasm32\"))]\n");
        }
        writeln!(code, "pub(super) static {name}: [&str; {}] = [", keys.len()).unwrap();
        for k in keys {
            writeln!(code, "    {:?},", table[*k]).unwrap();
        }
        code.push_str("];\n");
    }
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("en.json"), &en_json).unwrap();
    fs::write(Path::new(&out_dir).join("zh_pages.json"), &zh_pages_json).unwrap();
    let out = Path::new(&out_dir).join("locale_keys.rs");
    fs::write(out, code).unwrap();
}
