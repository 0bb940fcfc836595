//! The last steps of the WASM build (`scripts/wasm.sh`, a Trunk hook), which Trunk cannot do
//! because the app is split into chunks: content-hashed file names, the loader in `index.html`,
//! and the service worker's precache list.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::read;

/// Every file under `dir` (recursively), as `./relative/path`, sorted by bytes as `sort` does
/// in the C.UTF-8 locale the scripts ran in.
fn files_under(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().map_err(|e| e.to_string())?;
            let path = format!("{rel}/{name}");
            if kind.is_dir() {
                walk(&entry.path(), &path, out)?;
            } else if kind.is_file() {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, ".", &mut out)?;
    out.sort();
    Ok(out)
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
fn short_hash(hasher: Sha256) -> String {
    let mut hex = String::new();
    for b in &hasher.finalize()[..8] {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The hashed name of a module or its JS: one hash over the whole set names every file, since
/// the modules refer to each other and a change to any of them changes the others' imports.
fn hashed_name(file: &str, name: &str, hash: &str) -> String {
    if file == format!("{name}_bg.wasm") {
        format!("{name}-{hash}_bg.wasm")
    } else if let Some(stem) = file.strip_suffix(".js") {
        format!("{stem}-{hash}.js")
    } else if let Some(stem) = file.strip_suffix(".wasm") {
        format!("{stem}-{hash}.wasm")
    } else {
        file.to_string()
    }
}

/// The first line of the preload links [`loader`] writes: `scripts/prerender.mjs` cuts from
/// here to `</head>` out of a prerendered page, whose loader adds them after the first paint.
const PRELOADS_MARK: &str = "<!-- preloads -->";

/// Trunk's loader, extended (the server and `yishi-server csp` allow it by its hash).
///
/// On most pages the head's preloads fetch the main module, the chunk loader, the main WASM
/// (first: the longest download) and `config.json` (the app's first request) in parallel, and
/// `routes` (see [`route_map`]) adds the chunks of the page's route at low priority, so a deep
/// link does not wait for the main module to start before asking for its page's code.
///
/// A prerendered page (`#pre`, `scripts/prerender.mjs`) is on screen from its HTML and has no
/// preloads in its head: its loader waits for the first contentful paint as the browser reports
/// it (a frame's script runs before that frame is presented; the timeout is for a tab in the
/// background, which paints nothing), then adds the same preloads, what the prerender saw the
/// page fetch (`data-preload`: chunks and public reads) and the catalogue when the device has no
/// copy (`data-catalogue`; a copy is revalidated by the app with its ETag). So the WASM does not
/// compete with the page's CSS for a slow network.
///
/// Either way the string table the first render waits for is preloaded when the device has no
/// copy of this build's (`src/words.rs` keeps them under `yishi.d.locale.*`, the file's name on
/// the first line): the English table on any page for a reader who chose English, the pages'
/// Chinese words on a route in a chunk. Otherwise it would be fetched only once the main module
/// runs, one more step before the page's own data.
fn loader(name: &str, hash: &str, routes: &str) -> String {
    let (en, zh) = (yishi_i18n::EN_FILE, yishi_i18n::ZH_PAGES_FILE);
    let main_js = format!("/{name}-{hash}.js");
    let main_wasm = format!("/{name}-{hash}_bg.wasm");
    let loader_js = format!("/__wasm_split-{hash}.js");
    let preloads = format!(
        "<link rel=\"modulepreload\" href=\"{main_js}\" crossorigin=\"anonymous\">\
<link rel=\"modulepreload\" href=\"{loader_js}\" crossorigin=\"anonymous\">\
<link rel=\"preload\" href=\"{main_wasm}\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\" fetchpriority=\"high\">\
<link rel=\"preload\" href=\"/config.json\" crossorigin=\"anonymous\" as=\"fetch\">"
    );
    format!(
        "<script type=\"module\">
const preload = (href, fetchPriority = 'auto') => document.head.append(Object.assign(document.createElement('link'),
  {{ rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', fetchPriority, href }}));
const words = (inChunk) => {{
  let lang = null, kept = null;
  try {{ lang = localStorage.getItem('yishi.d.lang'); }} catch (e) {{}}
  const [file, key] = /^en/i.test(lang || '') ? ['{en}', 'locale.en'] : ['{zh}', 'locale.zh-pages'];
  if (file === '{zh}' && !inChunk) return;
  try {{ kept = localStorage.getItem(`yishi.d.${{key}}`); }} catch (e) {{}}
  if (!(kept && kept.startsWith(`${{file}}\\n`))) preload(`/${{file}}`, 'high');
}};
const pre = document.getElementById('pre');
if (pre) {{
  await new Promise((go) => {{
    if ((self.PerformanceObserver && PerformanceObserver.supportedEntryTypes || []).includes('paint')) {{
      new PerformanceObserver((list) => {{ if (list.getEntriesByName('first-contentful-paint').length) go(); }})
        .observe({{ type: 'paint', buffered: true }});
    }} else {{
      requestAnimationFrame(() => setTimeout(go));
    }}
    setTimeout(go, 3000);
  }});
  document.head.insertAdjacentHTML('beforeend', '{preloads}');
  const ahead = (pre.dataset.preload || '').split(' ').filter(Boolean);
  try {{ if (pre.dataset.catalogue && !localStorage.getItem('yishi.d.catalogue')) ahead.push(pre.dataset.catalogue); }} catch (e) {{}}
  ahead.forEach((href) => preload(href));
  words(false);
}} else {{
  // Any other page: its route's chunks come with the main module, not after it has started.
  const [routes, splits] = {routes};
  const split = routes.find(([pattern]) => new RegExp('^' + pattern.replace(/:[^/]+/g, '[^/]+') + '$').test(location.pathname));
  if (split) {{
    for (const file of [...splits[split[1]].map((n) => `chunk_${{n}}`), `split_${{split[1]}}`]) {{
      preload(`/${{file}}-{hash}.wasm`, 'low');
    }}
  }}
  words(Boolean(split));
}}
const bindings = await import('{main_js}');
const wasm = await bindings.default({{ module_or_path: '{main_wasm}' }});
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{detail: {{wasm}}}}));
</script>
{PRELOADS_MARK}{preloads}"
    )
}

/// The routes that load a split (`src/pages.rs`: each `route("…"` and the `lazy_page!(split, …)`
/// before the next one), as `(pattern, split)`.
fn route_splits(pages_rs: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in pages_rs.split("route(\"").skip(1) {
        let Some(l) = entry.find("lazy_page!(") else {
            continue;
        };
        let pattern = entry.split('"').next().unwrap_or_default();
        let split = entry[l + 11..].split(',').next().unwrap_or_default().trim();
        if !pattern.is_empty() && !split.is_empty() {
            out.push((pattern.to_string(), split.to_string()));
        }
    }
    out
}

/// The chunks each split waits for, by number, from the chunk loader wasm-split wrote:
/// `export const __wasm_split_load_<split> = …makeLoad(…, [__chunk_8, __chunk_9]))`.
fn split_chunks(split_loader: &str) -> Vec<(String, Vec<u32>)> {
    let mut out = Vec::new();
    for part in split_loader
        .split("export const __wasm_split_load_")
        .skip(1)
    {
        let name = part
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next();
        let deps = part.split(", [").nth(1).and_then(|d| d.split(']').next());
        if let (Some(name), Some(deps)) = (name, deps) {
            let chunks = deps
                .split(',')
                .filter_map(|d| d.trim().strip_prefix("__chunk_")?.parse().ok())
                .collect();
            out.push((name.to_string(), chunks));
        }
    }
    out
}

/// The loader's route map, a JS literal `[[[pattern, split], …], {split: [chunk numbers]}]`:
/// a page that was not prerendered preloads its route's chunks with the main module. Fails the
/// build when a route's split or a chunk's file is not where the names say, rather than
/// shipping preloads that fetch nothing.
fn route_map(pages_rs: &str, split_loader: &str, hash: &str) -> Result<String, String> {
    let routes = route_splits(pages_rs);
    let splits = split_chunks(split_loader);
    if routes.is_empty() {
        return Err("src/pages.rs: no route with lazy_page! for the loader's route map".into());
    }
    let mut used: Vec<&(String, Vec<u32>)> = Vec::new();
    for (pattern, split) in &routes {
        let Some(entry) = splits.iter().find(|(name, _)| name == split) else {
            return Err(format!(
                "route {pattern}: split `{split}` is not in the chunk loader"
            ));
        };
        if !used.iter().any(|(name, _)| name == split) {
            used.push(entry);
        }
    }
    for (split, chunks) in &used {
        let files = chunks
            .iter()
            .map(|n| format!("chunk_{n}-{hash}.wasm"))
            .chain([format!("split_{split}-{hash}.wasm")]);
        for file in files {
            if !split_loader.contains(&format!("\"./{file}\"")) {
                return Err(format!("the chunk loader fetches no {file}"));
            }
        }
    }
    let routes: Vec<String> = routes
        .iter()
        .map(|(pattern, split)| format!("['{pattern}','{split}']"))
        .collect();
    let splits: Vec<String> = used
        .iter()
        .map(|(split, chunks)| {
            let numbers: Vec<String> = chunks.iter().map(u32::to_string).collect();
            format!("{split}:[{}]", numbers.join(","))
        })
        .collect();
    Ok(format!(
        "[[{}], {{{}}}]",
        routes.join(","),
        splits.join(",")
    ))
}

/// `dist-names STAGING WORK NAME`: moves the modules and JS that wasm-split and wasm-bindgen
/// wrote into `work` to `staging` under content-hashed names, rewriting what the JS fetches
/// (ES imports and the chunk loader's `new URL("./chunk.wasm", …)`; the WASM's own import
/// module names stay), copies `snippets/`, and adds the loader to `staging/index.html`.
pub fn name_files(staging: &Path, work: &Path, name: &str) -> Result<(), String> {
    let mut hasher = Sha256::new();
    for file in files_under(work)? {
        hasher.update(fs::read(work.join(&file)).map_err(|e| format!("{file}: {e}"))?);
    }
    let hash = short_hash(hasher);

    let mut top: Vec<String> = Vec::new();
    for entry in fs::read_dir(work).map_err(|e| format!("{}: {e}", work.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().map_err(|e| e.to_string())?.is_file() {
            top.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    top.sort();
    let renames: Vec<(String, String)> = top
        .iter()
        .map(|f| (f.clone(), hashed_name(f, name, &hash)))
        .collect();
    for js in top.iter().filter(|f| f.ends_with(".js")) {
        let path = work.join(js);
        let mut text = read(&path)?;
        for (old, new) in &renames {
            text = text
                .replace(&format!("from \"./{old}\""), &format!("from \"./{new}\""))
                .replace(
                    &format!("new URL(\"./{old}\""),
                    &format!("new URL(\"./{new}\""),
                );
        }
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for (old, new) in &renames {
        let (from, to) = (work.join(old), staging.join(new));
        if fs::rename(&from, &to).is_err() {
            // Another file system: copy, then remove.
            fs::copy(&from, &to).map_err(|e| format!("{}: {e}", to.display()))?;
            fs::remove_file(&from).map_err(|e| format!("{}: {e}", from.display()))?;
        }
    }
    let snippets = work.join("snippets");
    if snippets.is_dir() {
        copy_dir(&snippets, &staging.join("snippets"))?;
    }

    let index = staging.join("index.html");
    let html = read(&index)?;
    if html.matches("</head>").count() != 1 {
        return Err(format!("{}: expected one </head>", index.display()));
    }
    let split_loader = read(&staging.join(format!("__wasm_split-{hash}.js")))?;
    let pages = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/pages.rs"))?;
    let routes = route_map(&pages, &split_loader, &hash)?;
    let html = html.replace(
        "</head>",
        &format!("{}</head>", loader(name, &hash, &routes)),
    );
    fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    let named = fs::read_dir(staging)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains(&format!("-{hash}"))
        })
        .count();
    println!("wasm.sh: {named} files, hash {hash}");
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// `locales STAGING`: writes the English string table as `STAGING/<EN_FILE>` and the pages'
/// Chinese words as `STAGING/<ZH_PAGES_FILE>`, the names the app was built with (all come from
/// `locales/*.toml` through `yishi-i18n`'s build script).
pub fn locales(staging: &Path) -> Result<(), String> {
    for (file, text) in [
        (yishi_i18n::EN_FILE, yishi_i18n::en_table_json()),
        (yishi_i18n::ZH_PAGES_FILE, yishi_i18n::zh_pages_json()),
    ] {
        let out = staging.join(file);
        fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

/// Whether a file of the build waits until the citizen comes back before the service worker
/// fetches it (`__LATER__`): the pages' chunks, the word tables and the home-screen icons. The
/// rest (`__SHELL__`) is what the first screen has already fetched, so installing the worker on
/// a first visit costs almost nothing over the network (issue 14: a citizen who opens one link
/// does not download the whole app, ~430 KiB, for offline use).
fn fetched_later(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    ["chunk_", "split_", "locale-", "icon-"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// `precache STAGING`: writes `STAGING/sw.js` from `public/sw.template.js`: `__SHELL__` and
/// `__LATER__` become the lists of this build's files (`/` first; [`fetched_later`] splits
/// them), `__VERSION__` a hash over the lists and the files' contents, so every build gets a
/// new cache.
pub fn precache(staging: &Path, root: &Path) -> Result<(), String> {
    let all = files_under(staging)?;
    let base = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
    let listed: Vec<String> = all
        .iter()
        .filter(|f| base(f) != "sw.js" && base(f) != "sw.template.js")
        .map(|f| f.trim_start_matches('.').to_string())
        .collect();
    let js_list = |files: Vec<String>| {
        let quoted: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let (later, shell): (Vec<String>, Vec<String>) = std::iter::once("/".to_string())
        .chain(listed.iter().cloned())
        .partition(|f| fetched_later(f));
    let (shell, later) = (js_list(shell), js_list(later));
    let mut hasher = Sha256::new();
    hasher.update(listed.join("\n"));
    for f in all.iter().filter(|f| base(f) != "sw.js") {
        hasher.update(fs::read(staging.join(f)).map_err(|e| format!("{f}: {e}"))?);
    }
    let version = short_hash(hasher);
    let template = read(&root.join("public/sw.template.js"))?;
    // Each placeholder once per line, as the sed the script used replaced them.
    let sw: String = template
        .split_inclusive('\n')
        .map(|line| {
            line.replacen("__VERSION__", &version, 1)
                .replacen("__SHELL__", &shell, 1)
                .replacen("__LATER__", &later, 1)
        })
        .collect();
    let out = staging.join("sw.js");
    fs::write(&out, sw).map_err(|e| format!("{}: {e}", out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_screen_is_installed_and_the_pages_wait() {
        for shell in [
            "/",
            "/index.html",
            "/yishi-0123456789abcdef.js",
            "/yishi-0123456789abcdef_bg.wasm",
            "/__wasm_split-0123456789abcdef.js",
            "/main-0123456789abcdef.css",
            "/crash-0123456789abcdef.js",
            "/config.json",
            "/favicon.svg",
            "/manifest.webmanifest",
        ] {
            assert!(!fetched_later(shell), "{shell}");
        }
        for later in [
            "/chunk_12-0123456789abcdef.wasm",
            "/split_account-0123456789abcdef.wasm",
            "/locale-en-0123456789abcdef.json",
            "/locale-zh-pages-0123456789abcdef.json",
            "/icon-192.png",
        ] {
            assert!(fetched_later(later), "{later}");
        }
    }

    #[test]
    fn names_follow_wasm_bindgen_and_wasm_split_outputs() {
        let h = "0123456789abcdef";
        assert_eq!(
            hashed_name("yishi_bg.wasm", "yishi", h),
            "yishi-0123456789abcdef_bg.wasm"
        );
        assert_eq!(
            hashed_name("yishi.js", "yishi", h),
            "yishi-0123456789abcdef.js"
        );
        assert_eq!(
            hashed_name("split_2.wasm", "yishi", h),
            "split_2-0123456789abcdef.wasm"
        );
        assert_eq!(
            hashed_name("__wasm_split.js", "yishi", h),
            "__wasm_split-0123456789abcdef.js"
        );
        assert_eq!(hashed_name("README", "yishi", h), "README");
    }

    /// A prerendered page cuts everything after the mark (scripts/prerender.mjs); its loader
    /// must then add the very same links, so both pages fetch alike.
    #[test]
    fn the_loader_adds_after_the_first_paint_the_preloads_a_prerendered_page_lacks() {
        let html = loader("yishi", "0123456789abcdef", "[[], {}]");
        let (script, preloads) = html.split_once(PRELOADS_MARK).expect("the mark");
        assert!(!preloads.contains(PRELOADS_MARK));
        assert!(preloads.contains("/yishi-0123456789abcdef_bg.wasm"));
        assert!(preloads.contains("/config.json"));
        assert!(script.contains(&format!("insertAdjacentHTML('beforeend', '{preloads}')")));
        assert!(
            !preloads.contains('\''),
            "the links sit in a quoted JS string"
        );
    }

    #[test]
    fn the_route_map_names_each_lazy_route_with_the_chunks_of_its_split() {
        let pages = r#"
    route("/", || HomePage().into_any()),
    route("/cases/:id", || {
        read_ahead(crate::api::read_case_ahead);
        lazy_page!(account, CasePage)
    }),
    route("/matters/:id", || lazy_page!(guide, MatterPage)),
        "#;
        let h = "0123456789abcdef";
        let loader = format!(
            "const __chunk_8 = makeLoad(() => {{ fetch(new URL(\"./chunk_8-{h}.wasm\")) }}, []);
const __chunk_9 = makeLoad(() => {{ fetch(new URL(\"./chunk_9-{h}.wasm\")) }}, []);
export const __wasm_split_load_guide = wrapAsyncCb(makeLoad(() => {{
    const src = fetch(new URL(\"./split_guide-{h}.wasm\", import.meta.url));
}}
, [__chunk_9]));
export const __wasm_split_load_account = wrapAsyncCb(makeLoad(() => {{
    const src = fetch(new URL(\"./split_account-{h}.wasm\", import.meta.url));
}}
, [__chunk_8, __chunk_9]));
export const __wasm_split_load_search_engine = wrapAsyncCb(makeLoad(() => {{
    const src = fetch(new URL(\"./split_search_engine-{h}.wasm\", import.meta.url));
}}
, []));"
        );
        assert_eq!(
            route_map(pages, &loader, h).unwrap(),
            "[[['/cases/:id','account'],['/matters/:id','guide']], {account:[8,9],guide:[9]}]"
        );
        // A split the loader does not have, or a chunk it does not fetch, fails the build.
        let other = pages.replace("lazy_page!(guide", "lazy_page!(guides");
        assert!(route_map(&other, &loader, h).is_err());
        let missing = loader.replace(&format!("./chunk_8-{h}.wasm"), "./chunk_8-other.wasm");
        assert!(route_map(pages, &missing, h).is_err());
    }
}
