//! `shell-size [--max KiB]`: the app shell's size as citizens download it: what the first
//! screen needs, each file compressed with brotli (quality 11): `index.html`, the JS (the crash
//! screen, the main module's glue and the chunk loader), the main WASM and the CSS; not the
//! service worker, installed afterwards. The chunks pages load when first shown are listed
//! after it and not counted. Fails above `--max`.

use std::fs;
use std::path::{Path, PathBuf};

/// The brotli size of `bytes` at quality 11 with the window the `brotli` command picks for
/// its input: the smallest from 2^10 that holds it, at most 2^24.
pub fn brotli_size(bytes: &[u8]) -> Result<usize, String> {
    let mut lgwin = 10;
    while lgwin < 24 && (1usize << lgwin) - 16 < bytes.len() {
        lgwin += 1;
    }
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out.len())
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
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let shown = format!(
        "dist/{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    Ok((shown, bytes.len(), brotli_size(&bytes)?))
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
    let chunks = matching(&dist, |n| {
        (n.starts_with("split_") || n.starts_with("chunk_")) && n.ends_with(".wasm")
    })?;
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
