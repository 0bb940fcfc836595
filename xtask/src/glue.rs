//! `shrink-glue DIR NAME`: the main module `DIR/NAME_bg.wasm` and its JS glue `DIR/NAME.js`,
//! as wasm-bindgen wrote them, made smaller before wasm-opt runs (`scripts/wasm.sh`). Both are
//! in the app shell; measured in `docs/size.md`, "The allocator and the glue".
//!
//! - **Classes nothing makes.** Leptos always enables server_fn's `browser` feature, which
//!   brings wasm-streams and its three `#[wasm_bindgen]` classes (`UNUSED_CLASSES`): exported,
//!   so no linker could drop them. The app has no server functions and never makes one. Their
//!   exports go from the WASM (wasm-opt then removes their code) and their classes from the JS.
//!   A class that is no longer there fails the build, so that the list stays true.
//! - **Short import names.** wasm-bindgen names every JS function the WASM imports
//!   `__wbg_<name>_<16 hex digits>`, in both files; the hex digits do not compress. They are
//!   renamed `a`, `b`, … `ba`, … in both, and their module `./NAME_bg.js` becomes `w`. Each old
//!   name must be found once, as a key of the glue's import object, or the build fails.

use std::{fs, path::Path};

use crate::wasm::{leb, module, name, put_leb, put_name, sections, slice};

/// wasm-streams' classes (`server_fn` → `wasm-streams`), which the app never instantiates.
const UNUSED_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// The import module the renamed imports are given.
const SHORT_MODULE: &str = "w";

pub fn run(dir: &Path, name: &str) -> Result<(), String> {
    let wasm_path = dir.join(format!("{name}_bg.wasm"));
    let js_path = dir.join(format!("{name}.js"));
    let wasm = fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let js = crate::read(&js_path)?;
    let (wasm_out, js_out) = shrink(&wasm, &js, name)?;
    println!(
        "shrink-glue: {name}_bg.wasm {} → {} B, {name}.js {} → {} B (raw)",
        wasm.len(),
        wasm_out.len(),
        js.len(),
        js_out.len()
    );
    fs::write(&wasm_path, wasm_out).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    fs::write(&js_path, js_out).map_err(|e| format!("{}: {e}", js_path.display()))
}

fn shrink(wasm: &[u8], js: &str, name: &str) -> Result<(Vec<u8>, String), String> {
    let js = drop_classes(js)?;
    let module_name = format!("./{name}_bg.js");
    let unused = |export: &str| {
        UNUSED_CLASSES.iter().any(|class| {
            let lower = class.to_lowercase();
            export == format!("__wbg_{lower}_free") || export.starts_with(&format!("{lower}_"))
        })
    };
    let mut renames = Vec::new();
    let mut out = Vec::new();
    for (id, body) in sections(wasm)? {
        let body = match id {
            2 => imports(body, &module_name, &mut renames)?,
            7 => exports(body, &unused)?,
            _ => body.to_vec(),
        };
        out.push((id, body));
    }
    let js = rename_in_js(&js, &module_name, &renames)?;
    Ok((module(wasm, &out), js))
}

/// The import section with the imports of `module_name` renamed (recorded in `renames`).
fn imports(
    body: &[u8],
    module_name: &str,
    renames: &mut Vec<(String, String)>,
) -> Result<Vec<u8>, String> {
    let mut at = 0;
    let count = leb(body, &mut at)?;
    let mut out = Vec::new();
    put_leb(&mut out, count);
    for _ in 0..count {
        let module = name(body, &mut at)?;
        let field = name(body, &mut at)?;
        let start = at;
        match slice(body, &mut at, 1)?[0] {
            // A function: its type's index. The main module imports nothing else.
            0 => {
                leb(body, &mut at)?;
            }
            kind => {
                return Err(format!(
                    "import {module}.{field} is of kind {kind}, not a function; glue.rs reads functions only"
                ));
            }
        }
        if module == module_name {
            let short = short_name(renames.len());
            renames.push((field.to_string(), short.clone()));
            put_name(&mut out, SHORT_MODULE);
            put_name(&mut out, &short);
        } else {
            put_name(&mut out, module);
            put_name(&mut out, field);
        }
        out.extend_from_slice(&body[start..at]);
    }
    Ok(out)
}

/// The export section without the exports `unused` names.
fn exports(body: &[u8], unused: &dyn Fn(&str) -> bool) -> Result<Vec<u8>, String> {
    let mut at = 0;
    let count = leb(body, &mut at)?;
    let mut kept = 0;
    let mut entries = Vec::new();
    for _ in 0..count {
        let export = name(body, &mut at)?;
        let start = at;
        slice(body, &mut at, 1)?;
        leb(body, &mut at)?;
        if !unused(export) {
            kept += 1;
            put_name(&mut entries, export);
            entries.extend_from_slice(&body[start..at]);
        }
    }
    let mut out = Vec::new();
    put_leb(&mut out, kept);
    out.extend_from_slice(&entries);
    Ok(out)
}

/// `a`…`z`, `A`…`Z`, then two letters and more: names no import object key clashes with
/// (the glue's other key is `__proto__`).
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % 52]);
        n /= 52;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// The glue with the import object's keys renamed and its module key shortened.
fn rename_in_js(
    js: &str,
    module_name: &str,
    renames: &[(String, String)],
) -> Result<String, String> {
    let mut js = js.to_string();
    for (old, new) in renames {
        let key = format!("        {old}: function");
        if js.matches(old.as_str()).count() != 1 || js.matches(&key).count() != 1 {
            return Err(format!(
                "the import {old} is not once in the glue, as a key of its import object"
            ));
        }
        js = js.replacen(&key, &format!("        {new}: function"), 1);
    }
    let module_key = format!("\"{module_name}\": import0,");
    if js.matches(&module_key).count() != 1 {
        return Err(format!(
            "the glue's import object has no key {module_name:?}"
        ));
    }
    Ok(js.replacen(&module_key, &format!("\"{SHORT_MODULE}\": import0,"), 1))
}

/// The glue without `UNUSED_CLASSES`: each class, its `Symbol.dispose` line and its
/// finalization registry.
fn drop_classes(js: &str) -> Result<String, String> {
    let mut js = js.to_string();
    for class in UNUSED_CLASSES {
        let start = js
            .find(&format!("export class {class} {{\n"))
            .ok_or_else(|| {
                format!("the glue has no class {class}: remove it from UNUSED_CLASSES in glue.rs")
            })?;
        let dispose = format!(
            "if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
        );
        let end = js[start..]
            .find(&dispose)
            .map(|i| start + i + dispose.len())
            .ok_or_else(|| format!("the class {class} does not end as glue.rs expects"))?;
        js.replace_range(start..end, "");
        let registry = format!("const {class}Finalization = ");
        let start = js
            .find(&registry)
            .ok_or_else(|| format!("the glue has no {class}Finalization"))?;
        let end = js[start..]
            .find(");\n")
            .map(|i| start + i + 3)
            .ok_or_else(|| format!("{class}Finalization does not end as glue.rs expects"))?;
        js.replace_range(start..end, "");
        if js.contains(class) {
            return Err(format!(
                "the glue still uses {class} elsewhere: it is not unused"
            ));
        }
    }
    Ok(js)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `imports` (module, name) as functions of type 0 and exporting
    /// `exports` as functions.
    fn wasm_with(imports: &[(&str, &str)], exports: &[&str]) -> Vec<u8> {
        let mut import_body = Vec::new();
        put_leb(&mut import_body, imports.len() as u32);
        for (m, n) in imports {
            put_name(&mut import_body, m);
            put_name(&mut import_body, n);
            import_body.extend_from_slice(&[0, 0]);
        }
        let mut export_body = Vec::new();
        put_leb(&mut export_body, exports.len() as u32);
        for (i, n) in exports.iter().enumerate() {
            put_name(&mut export_body, n);
            export_body.extend_from_slice(&[0, i as u8]);
        }
        module(
            b"\0asm\x01\0\0\0",
            &[(1, vec![1, 0x60, 0, 0]), (2, import_body), (7, export_body)],
        )
    }

    const GLUE: &str = "export class IntoUnderlyingByteSource {
    free() { wasm.__wbg_intounderlyingbytesource_free(1); }
}
if (Symbol.dispose) IntoUnderlyingByteSource.prototype[Symbol.dispose] = IntoUnderlyingByteSource.prototype.free;

export class IntoUnderlyingSink {
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;

export class IntoUnderlyingSource {
}
if (Symbol.dispose) IntoUnderlyingSource.prototype[Symbol.dispose] = IntoUnderlyingSource.prototype.free;
export function main() { wasm.main(); }
const IntoUnderlyingByteSourceFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingbytesource_free(ptr, 1));
const IntoUnderlyingSinkFinalization = (x);
const IntoUnderlyingSourceFinalization = (x);
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_alert_0123456789abcdef: function(arg0) { alert(arg0); },
        __wbindgen_cast_0000000000000001: function(arg0) { return arg0; },
    };
    return {
        __proto__: null,
        \"./app_bg.js\": import0,
        \"./__wasm_split.js\": import1,
    };
}
";

    #[test]
    fn short_names_are_letters_and_unique() {
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "aa");
        assert_eq!(short_name(52 + 52 * 52), "aaa");
        let names: std::collections::HashSet<_> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_alphabetic()))
        );
    }

    #[test]
    fn imports_are_renamed_in_both_and_unused_classes_dropped() {
        let wasm = wasm_with(
            &[
                ("./app_bg.js", "__wbg_alert_0123456789abcdef"),
                ("./__wasm_split.js", "__wasm_split_load_x"),
                ("./app_bg.js", "__wbindgen_cast_0000000000000001"),
            ],
            &[
                "main",
                "__wbg_intounderlyingbytesource_free",
                "intounderlyingsink_write",
                "memory",
            ],
        );
        let (out, js) = shrink(&wasm, GLUE, "app").unwrap();
        let secs = sections(&out).unwrap();
        let mut at = 0;
        let imports = secs.iter().find(|s| s.0 == 2).unwrap().1;
        assert_eq!(leb(imports, &mut at).unwrap(), 3);
        let mut read = Vec::new();
        for _ in 0..3 {
            read.push((
                name(imports, &mut at).unwrap(),
                name(imports, &mut at).unwrap(),
            ));
            at += 2;
        }
        assert_eq!(
            read,
            [
                ("w", "a"),
                ("./__wasm_split.js", "__wasm_split_load_x"),
                ("w", "b")
            ]
        );
        let exports = secs.iter().find(|s| s.0 == 7).unwrap().1;
        let mut at = 0;
        assert_eq!(leb(exports, &mut at).unwrap(), 2);
        assert_eq!(name(exports, &mut at).unwrap(), "main");
        assert!(js.contains("        a: function(arg0) { alert(arg0); },"));
        assert!(js.contains("        b: function(arg0) { return arg0; },"));
        assert!(js.contains("\"w\": import0,"));
        assert!(!js.contains("IntoUnderlying"));
        assert!(js.contains("export function main() { wasm.main(); }\nfunction __wbg_get_imports"));
    }

    #[test]
    fn a_missing_class_or_a_name_used_elsewhere_fails() {
        let wasm = wasm_with(
            &[("./app_bg.js", "__wbg_alert_0123456789abcdef")],
            &["main"],
        );
        let no_class = GLUE.replace("export class IntoUnderlyingSink {\n}\n", "");
        assert!(
            shrink(&wasm, &no_class, "app")
                .unwrap_err()
                .contains("IntoUnderlyingSink")
        );
        let used = GLUE.replace(
            "export function main() { wasm.main(); }",
            "alert(__wbg_alert_0123456789abcdef);",
        );
        assert!(
            shrink(&wasm, &used, "app")
                .unwrap_err()
                .contains("not once")
        );
        let other = wasm_with(&[("./app_bg.js", "__wbg_confirm_0123456789abcdef")], &[]);
        assert!(
            shrink(&other, GLUE, "app")
                .unwrap_err()
                .contains("not once")
        );
    }
}
