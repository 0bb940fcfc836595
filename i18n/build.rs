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

/// The English strings in key order as a JSON array: the file the app fetches
/// (`yishi_i18n::en_table_json()` natively), named after this text's hash.
fn en_json(en: &BTreeMap<String, String>) -> String {
    let mut out = String::from("[");
    for (i, v) in en.values().enumerate() {
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

    let mut code = String::new();
    code.push_str("/// A user-facing string; the text lives in `locales/*.toml`.\n");
    code.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum Key {\n");
    for key in zh.keys() {
        writeln!(code, "    /// `{key}`\n    {},", variant(key)).unwrap();
    }
    code.push_str("}\n\n");
    writeln!(code, "pub const KEY_COUNT: usize = {};", zh.len()).unwrap();
    // The English table is embedded natively (tests, xtask); the WASM app fetches it as the
    // file `EN_FILE` (written by `cargo xtask locales`), so Chinese readers never download it.
    let en_json = en_json(&en);
    writeln!(
        code,
        "/// The English table's file in `dist/`, named after its content.\npub const EN_FILE: &str = \"locale-en-{:016x}.json\";",
        fnv1a(en_json.as_bytes())
    )
    .unwrap();
    for (name, table) in [("ZH", &zh), ("EN", &en)] {
        if name == "EN" {
            code.push_str("#[cfg(not(target_arch = \"wasm32\"))]\n");
        }
        writeln!(
            code,
            "pub(super) static {name}: [&str; {}] = [",
            table.len()
        )
        .unwrap();
        for v in table.values() {
            writeln!(code, "    {v:?},").unwrap();
        }
        code.push_str("];\n");
    }
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("en.json"), &en_json).unwrap();
    let out = Path::new(&out_dir).join("locale_keys.rs");
    fs::write(out, code).unwrap();
}
