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
    for (name, table) in [("ZH", &zh), ("EN", &en)] {
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
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("locale_keys.rs");
    fs::write(out, code).unwrap();
}
