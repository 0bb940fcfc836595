//! `shell-size [--max KiB]`: the app shell's size as citizens download it: what the first
//! screen needs, each file compressed with brotli (quality 11): `index.html`, the JS (the crash
//! screen, the main module's glue and the chunk loader), the main WASM and the CSS; not the
//! service worker, installed afterwards. The chunks pages load when first shown are listed
//! after it and not counted. Fails above `--max`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The size of `path` compressed by the `brotli` command at quality 11 (Debian's, installed
/// by scripts/setup.sh). The command rather than the `brotli` crate: the crate's encoder is a
/// port whose output differs by a few bytes, and the recorded sizes (docs/size.md) were all
/// measured with the command.
pub fn brotli_size(path: &Path) -> Result<usize, String> {
    let out = Command::new("brotli")
        .args(["-c", "-q", "11"])
        .arg(path)
        .output()
        .map_err(|e| format!("brotli (apt-get install brotli, or scripts/setup.sh): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "brotli {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout.len())
}

/// The files of `dist` whose names match: directly in `dist`, sorted.
fn matching(dist: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| keep(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    out.sort();
    Ok(out)
}

fn row(path: &Path) -> Result<(String, usize, usize), String> {
    let raw = fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len() as usize;
    let shown = format!(
        "dist/{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    Ok((shown, raw, brotli_size(path)?))
}

fn kib(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

pub fn run(root: &Path, max_kib: Option<usize>) -> Result<(), String> {
    let dist = root.join("dist");
    if !dist.join("index.html").is_file() {
        return Err("no dist/; run scripts/build.sh first".into());
    }
    let mut shell = vec![dist.join("index.html")];
    shell.extend(matching(&dist, |n| n.ends_with(".js") && n != "sw.js")?);
    shell.extend(matching(&dist, |n| n.ends_with("_bg.wasm"))?);
    shell.extend(matching(&dist, |n| n.ends_with(".css"))?);
    println!("{:<48} {:>10} {:>10}", "file", "raw", "brotli");
    let mut total = 0;
    for f in &shell {
        let (name, raw, br) = row(f)?;
        total += br;
        println!("{name:<48} {raw:>10} {br:>10}");
    }
    println!(
        "app shell (brotli): {total} bytes = {} KiB (goal 150 KiB, ceiling 200 KiB)",
        kib(total)
    );
    // The pages' own chunks first, then the chunks they share.
    let mut chunks = matching(&dist, |n| n.starts_with("split_") && n.ends_with(".wasm"))?;
    chunks.extend(matching(&dist, |n| {
        n.starts_with("chunk_") && n.ends_with(".wasm")
    })?);
    if !chunks.is_empty() {
        println!(
            "\n{:<48} {:>10} {:>10}",
            "loaded on demand", "raw", "brotli"
        );
        let mut sum = 0;
        for f in &chunks {
            let (name, raw, br) = row(f)?;
            sum += br;
            println!("{name:<48} {raw:>10} {br:>10}");
        }
        println!(
            "chunks (brotli): {sum} bytes = {} KiB, loaded when their pages are first shown",
            kib(sum)
        );
    }
    match max_kib {
        Some(max) if total > max * 1024 => Err(format!("the app shell is over {max} KiB")),
        _ => Ok(()),
    }
}
