//! `compress DIR`: writes `NAME.br` (brotli, quality 11) and `NAME.gz` (gzip -9) beside every
//! content-hashed WASM, JS, CSS and JSON (the English string table) file of a build, so a server sends them as they are instead
//! of compressing on the fly (the reference server: `ServeDir::precompressed_br`, gzip for
//! clients without brotli). Issue 14 measured on-the-fly gzip of the main WASM at ~210 KB,
//! brotli 11 at ~165 KiB.
//! Only hashed names: `index.html`, `config.json` and `sw.js` are edited by deployers or
//! rewritten per build, and a stale compressed copy would be served in their place.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Whether `name` carries a content hash (`name-<16+ hex digits>…`), as Trunk and
/// `dist-names` write them.
pub fn is_hashed(name: &str) -> bool {
    name.split('-')
        .skip(1)
        .any(|part| part.chars().take_while(char::is_ascii_hexdigit).count() >= 16)
}

fn wants_compressing(name: &str) -> bool {
    is_hashed(name)
        && [".wasm", ".js", ".css", ".json"]
            .iter()
            .any(|e| name.ends_with(e))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let what = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: {e} (scripts/setup.sh installs brotli and gzip)"))?;
    status
        .success()
        .then_some(())
        .ok_or(format!("{what}: {status}"))
}

pub fn run_dir(dir: &Path) -> Result<(), String> {
    let mut count = 0;
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !path.is_file() || !wants_compressing(&name) {
            continue;
        }
        run(Command::new("brotli")
            .args(["-q", "11", "-k", "-f"])
            .arg(&path))?;
        run(Command::new("gzip")
            .args(["-9", "-k", "-f", "-n"])
            .arg(&path))?;
        count += 1;
    }
    println!(
        "compress: {count} file(s) in {} with .br and .gz beside them",
        dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_assets_are_compressed() {
        assert!(wants_compressing("yishi-3f2a9c0d1e4b5a6c_bg.wasm"));
        assert!(wants_compressing("chunk_6-432c51e22c0db03b.wasm"));
        assert!(wants_compressing("__wasm_split-432c51e22c0db03b.js"));
        assert!(wants_compressing("style-0123456789abcdef0.css"));
        assert!(!wants_compressing("index.html"));
        assert!(!wants_compressing("config.json"));
        assert!(!wants_compressing("sw.js"));
        assert!(!wants_compressing("yishi-3f2a9c0d1e4b5a6c_bg.wasm.br"));
    }
}
