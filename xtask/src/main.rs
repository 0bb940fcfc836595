//! `cargo xtask <command>`: the project's own tools, in Rust rather than Python or Lua embedded
//! in shell scripts. Bash stays where it wraps other programs (cargo, wasm-bindgen, wasm-opt).
//!
//! - `modules`: the module graph of every crate has no cycles, and the app's layering rules
//!   hold (components never import pages). Run by `scripts/test.sh`.
//! - `dist-names STAGING WORK NAME`: names the built WASM modules and their JS after their
//!   content, rewrites the imports between them and adds Trunk's loader to `index.html`
//!   (`scripts/wasm.sh`).
//! - `locales STAGING`: writes the English string table the app fetches when it runs in
//!   English (`yishi_i18n::EN_FILE`), so the app shell carries only Chinese, and the Chinese
//!   words of the pages in chunks (`yishi_i18n::ZH_PAGES_FILE`), fetched with those pages.
//! - `shrink-glue DIR NAME`: the main module and its JS glue without wasm-streams' unused
//!   classes and with short import names, before wasm-opt (`scripts/wasm.sh`).
//! - `page-words SPLIT_DIR NAME`: fails when the split main module looks up a page's word
//!   (`yishi_i18n::PageKey`), whose Chinese text is not in the shell (`scripts/wasm.sh`).
//! - `minify-css STAGING`: the stylesheet without comments and layout whitespace, its
//!   `integrity` in `index.html` updated (`scripts/wasm.sh`).
//! - `precache STAGING`: writes the service worker with the precache list of a build.
//! - `compress DIR`: brotli and gzip copies beside the build's hashed files, for servers to
//!   send as they are.
//! - `shell-size [--max KiB]`: the app shell's size, brotli-compressed (`scripts/shell-size.sh`).
//! - `record NAME FILE`: puts a block of measured numbers into `docs/benchmarks.md`.

mod compress;
mod css;
mod dist;
mod glue;
mod modules;
mod page_words;
mod record;
mod shell_size;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>
  modules                       check module cycles and layering in every crate
  dist-names STAGING WORK NAME  hash-name the WASM build in WORK into STAGING, add the loader
  locales STAGING               write STAGING's English table and the pages' Chinese words
  shrink-glue DIR NAME          drop unused classes, shorten import names in DIR's NAME module
  page-words SPLIT_DIR NAME     fail if the split main module NAME.wasm looks up a page's word
  minify-css STAGING            minify STAGING's stylesheet, update its integrity
  precache STAGING              write STAGING/sw.js with the build's precache list
  compress DIR                  write .br and .gz beside DIR's hashed WASM, JS and CSS
  shell-size [--max KIB]        print the app shell's brotli size (fail above KIB)
  record NAME FILE              write FILE's block into docs/benchmarks.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let result = match args.as_slice() {
        ["modules"] => modules::run(&root),
        ["dist-names", staging, work, name] => {
            dist::name_files(Path::new(staging), Path::new(work), name)
        }
        ["locales", staging] => dist::locales(Path::new(staging)),
        ["shrink-glue", dir, name] => glue::run(Path::new(dir), name),
        ["page-words", dir, name] => page_words::run(Path::new(dir), name),
        ["minify-css", staging] => css::run(Path::new(staging)),
        ["precache", staging] => dist::precache(Path::new(staging), &root),
        ["compress", dir] => compress::run_dir(Path::new(dir)),
        ["shell-size"] => shell_size::run(&root, None),
        ["shell-size", "--max", max] => match max.parse() {
            Ok(kib) => shell_size::run(&root, Some(kib)),
            Err(_) => Err(format!("--max wants a whole number of KiB, not {max:?}")),
        },
        ["record", name, file] => record::run(&root, name, Path::new(file)),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: this crate's parent directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
