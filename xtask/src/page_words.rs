//! `page-words SPLIT_DIR NAME`: the check that no code of the app shell looks up a page's word.
//!
//! The Chinese words only pages in chunks show (`yishi_i18n::PageKey`) are not in the main
//! module: they are fetched with the first such page (`src/lazy.rs`). A `PageKey` is looked up
//! by `yishi_i18n::page_words_text`, never inlined; wasm-split leaves a function in the main
//! module when shell code can reach it. So the split main module `NAME.wasm` must not name that
//! function, and some chunk must (else it was renamed or inlined and the check proves nothing).
//! It reads the modules' name sections (`wasm-split-cli` keeps the symbol names).

use std::{fs, path::Path};

use crate::wasm::{leb, name, sections, slice};

/// The lookup's symbol, as it appears in the mangled name.
const LOOKUP: &str = "page_words_text";

pub fn run(split_dir: &Path, name: &str) -> Result<(), String> {
    let mut in_main = false;
    let mut in_chunk = false;
    let entries = fs::read_dir(split_dir).map_err(|e| format!("{}: {e}", split_dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_none_or(|e| e != "wasm") {
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let names = function_names(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        if names.iter().any(|n| n.contains(LOOKUP)) {
            if path
                .file_name()
                .is_some_and(|f| f == format!("{name}.wasm").as_str())
            {
                in_main = true;
            } else {
                in_chunk = true;
            }
        }
    }
    match (in_main, in_chunk) {
        (true, _) => Err(format!(
            "the app shell looks up a page's word ({LOOKUP} is in the main module): a `PageKey` \
             is used by code outside the lazy pages; add its key to SHELL_KEYS in i18n/build.rs"
        )),
        (false, false) => Err(format!(
            "{LOOKUP} is in no module of {}: without it this check proves nothing",
            split_dir.display()
        )),
        (false, true) => {
            println!("page-words: no page word is looked up in the app shell");
            Ok(())
        }
    }
}

/// The function names of a WASM module's `name` section (subsection 1); none without one.
fn function_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for (id, body) in sections(bytes)? {
        let mut at = 0;
        if id != 0 || name(body, &mut at)? != "name" {
            continue;
        }
        while at < body.len() {
            let sub = body[at];
            at += 1;
            let size = leb(body, &mut at)? as usize;
            let sub_body = slice(body, &mut at, size)?;
            if sub == 1 {
                let mut p = 0;
                for _ in 0..leb(sub_body, &mut p)? {
                    leb(sub_body, &mut p)?;
                    let len = leb(sub_body, &mut p)? as usize;
                    names.push(String::from_utf8_lossy(slice(sub_body, &mut p, len)?).into());
                }
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a name section naming functions 0.. as given.
    fn module(names: &[&str]) -> Vec<u8> {
        use crate::wasm::{put_leb, put_name};
        let mut sub = Vec::new();
        put_leb(&mut sub, names.len() as u32);
        for (i, n) in names.iter().enumerate() {
            put_leb(&mut sub, i as u32);
            put_name(&mut sub, n);
        }
        let mut custom = Vec::new();
        put_name(&mut custom, "name");
        custom.push(1);
        put_leb(&mut custom, sub.len() as u32);
        custom.extend_from_slice(&sub);
        crate::wasm::module(b"\0asm\x01\0\0\0", &[(0, custom)])
    }

    fn dir_with(files: &[(&str, &[&str])]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "yishi-page-words-{}-{}",
            std::process::id(),
            files.len() * 10 + files[0].1.len()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for (f, names) in files {
            fs::write(dir.join(f), module(names)).unwrap();
        }
        dir
    }

    #[test]
    fn names_are_read_from_the_name_section() {
        let m = module(&["a", "_ZN10yishi_i18n15page_words_text17h0E"]);
        assert_eq!(
            function_names(&m).unwrap()[1],
            "_ZN10yishi_i18n15page_words_text17h0E"
        );
        assert!(function_names(b"not wasm").is_err());
    }

    #[test]
    fn the_lookup_in_the_main_module_fails_and_in_a_chunk_passes() {
        let lookup = "_ZN10yishi_i18n15page_words_text17h0E";
        let bad = dir_with(&[("yishi.wasm", &["main", lookup]), ("chunk_1.wasm", &["x"])]);
        assert!(run(&bad, "yishi").unwrap_err().contains("main module"));
        let good = dir_with(&[
            ("yishi.wasm", &["main"]),
            ("chunk_1.wasm", &["x", lookup]),
            ("a.wasm", &["y"]),
        ]);
        assert!(run(&good, "yishi").is_ok());
        let gone = dir_with(&[
            ("yishi.wasm", &["main", "other"]),
            ("chunk_1.wasm", &["x"]),
            ("a.wasm", &["y"]),
            ("b.wasm", &["z"]),
        ]);
        assert!(run(&gone, "yishi").unwrap_err().contains("proves nothing"));
        for d in [bad, good, gone] {
            let _ = fs::remove_dir_all(d);
        }
    }
}
