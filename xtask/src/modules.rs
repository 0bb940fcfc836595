//! `modules`: the module graph of every crate in the workspace, checked for cycles and for the
//! app's layering rule (components never import pages).
//!
//! Each module's references are read from its source with `syn`: `use` trees, paths anywhere
//! in items, types and expressions (`crate::x::f()`), and `crate::`/`super::` paths inside
//! macro calls such as `view!`. Test modules (`#[cfg(test)]`) are left out. A reference from
//! module `a::b` to `c::d` is an edge between the two siblings under their common ancestor
//! (`a` → `c`); a module may use its own ancestors and descendants, which is how Rust nests
//! modules. Every strongly connected set of siblings is a cycle.
//!
//! `xtask/modules.allow` lists known offenders the app's restructuring is to remove: an edge
//! listed there is left out of the cycle check, or allowed by the layering rule; a line that no
//! longer matches anything fails the check, so the list can only shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use super::read;

/// A layering rule: no module under `from` may use a module under `to`.
struct Rule {
    krate: &'static str,
    from: &'static str,
    to: &'static str,
    why: &'static str,
}

const RULES: &[Rule] = &[Rule {
    krate: "yishi",
    from: "components",
    to: "pages",
    why: "components are shared by pages; what a component needs from a page belongs in \
          components/ (or core) instead",
}];

/// A module: its path from the crate root (`[]` is the root) and where it is written.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    /// Where each module this one uses was named (the first time), as the path written.
    uses: BTreeMap<Vec<String>, String>,
}

/// One crate's modules, by path.
struct Crate {
    name: String,
    modules: BTreeMap<Vec<String>, Module>,
}

/// An edge of the collapsed graph: siblings `from` → `to` (full module paths), with the first
/// reference that made it.
type Edges = BTreeMap<(Vec<String>, Vec<String>), String>;

pub fn run(root: &Path) -> Result<(), String> {
    let allow = Allow::read(&root.join("xtask/modules.allow"))?;
    let mut problems = Vec::new();
    let mut used_allowances = BTreeSet::new();
    let mut summary = Vec::new();
    for (name, root_file) in crate_roots(root)? {
        let krate = load_crate(&name, &root_file)?;
        let edges = sibling_edges(&krate);
        // An allowance counts only for an edge inside a cycle: one outside every cycle is stale.
        let in_cycles: Vec<Vec<Vec<String>>> = cycles(&edges);
        let kept: Edges = edges
            .iter()
            .filter(|((from, to), _)| {
                let key = Allowance::Cycle(name.clone(), join(from), join(to));
                let allowed = allow.0.contains(&key)
                    && in_cycles.iter().any(|c| c.contains(from) && c.contains(to));
                if allowed {
                    used_allowances.insert(key);
                }
                !allowed
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for cycle in cycles(&kept) {
            let mut text = format!("{name}: module cycle {}", cycle_text(&cycle));
            for ((from, to), how) in &kept {
                if cycle.contains(from) && cycle.contains(to) {
                    text.push_str(&format!("\n    {} -> {}: {how}", join(from), join(to)));
                }
            }
            problems.push(text);
        }
        for v in layering_violations(&krate) {
            let key = Allowance::Layer(name.clone(), join(&v.from), join(&v.to));
            if allow.0.contains(&key) {
                used_allowances.insert(key);
            } else {
                problems.push(format!(
                    "{name}: {} uses {} ({}): {}",
                    join(&v.from),
                    join(&v.to),
                    v.how,
                    v.why
                ));
            }
        }
        summary.push(format!(
            "{name}: {} module(s), {} edge(s) between siblings",
            krate.modules.len(),
            edges.len()
        ));
    }
    for stale in allow.0.difference(&used_allowances) {
        problems.push(format!(
            "xtask/modules.allow: `{stale}` matches nothing any more; remove the line"
        ));
    }
    for line in &summary {
        println!("{line}");
    }
    if !used_allowances.is_empty() {
        println!(
            "allowed for now (xtask/modules.allow): {}",
            used_allowances
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if problems.is_empty() {
        println!("no module cycles; layering rules hold");
        Ok(())
    } else {
        Err(format!(
            "{} problem(s) in the module graph:\n{}",
            problems.len(),
            problems.join("\n")
        ))
    }
}

fn join(path: &[String]) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

fn cycle_text(cycle: &[Vec<String>]) -> String {
    let names: Vec<String> = cycle.iter().map(|p| join(p)).collect();
    format!("between {}", names.join(", "))
}

/// The crate roots of the workspace's members: `(crate name, src/lib.rs or src/main.rs)`. A
/// crate is named after its package; a package with both has two crates, and the binary's is
/// `NAME:bin` (it uses the library by its name, not by `crate::`).
fn crate_roots(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let manifest = read(&root.join("Cargo.toml"))?;
    let members = manifest
        .split("members = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .ok_or("Cargo.toml: no [workspace] members")?;
    let mut out = Vec::new();
    for member in members.split(',') {
        let dir = member.trim().trim_matches('"');
        if dir.is_empty() {
            continue;
        }
        let pkg = if dir == "." {
            root.to_path_buf()
        } else {
            root.join(dir)
        };
        let name = read(&pkg.join("Cargo.toml"))?
            .lines()
            .find_map(|l| l.strip_prefix("name = \""))
            .and_then(|n| n.strip_suffix('"'))
            .ok_or_else(|| format!("{dir}/Cargo.toml: no package name"))?
            .to_string();
        let lib = pkg.join("src/lib.rs");
        let bin = pkg.join("src/main.rs");
        match (lib.is_file(), bin.is_file()) {
            (true, true) => {
                out.push((name.clone(), lib));
                out.push((format!("{name}:bin"), bin));
            }
            (true, false) => out.push((name, lib)),
            (false, true) => out.push((name, bin)),
            (false, false) => {}
        }
    }
    Ok(out)
}

fn load_crate(name: &str, root_file: &Path) -> Result<Crate, String> {
    let mut krate = Crate {
        name: name.to_string(),
        modules: BTreeMap::new(),
    };
    let dir = root_file.parent().unwrap_or(Path::new(".")).to_path_buf();
    load_file(&mut krate, Vec::new(), root_file, &dir)?;
    // References are resolved once every module is known.
    let known: BTreeSet<Vec<String>> = krate.modules.keys().cloned().collect();
    let mut resolved = BTreeMap::new();
    for (path, module) in &krate.modules {
        let file = read(&module.file)?;
        let ast = syn::parse_file(&file).map_err(|e| format!("{}: {e}", module.file.display()))?;
        let items = items_of(&ast.items, &module.path[..], path);
        let mut refs = References::default();
        for item in items {
            refs.visit_item(item);
        }
        let mut uses = BTreeMap::new();
        for written in refs.paths {
            if let Some(target) = resolve(path, &written, &known)
                && &target != path
            {
                uses.entry(target).or_insert_with(|| written.join("::"));
            }
        }
        resolved.insert(path.clone(), uses);
    }
    for (path, uses) in resolved {
        if let Some(m) = krate.modules.get_mut(&path) {
            m.uses = uses;
        }
    }
    Ok(krate)
}

/// The items of module `target` inside a file whose own module is `file_module`: the file's
/// items, or those of an inline `mod` block in it.
fn items_of<'a>(
    items: &'a [syn::Item],
    file_module: &[String],
    target: &[String],
) -> Vec<&'a syn::Item> {
    if target.len() == file_module.len() {
        return items.iter().filter(|i| !is_test_only(i)).collect();
    }
    let next = &target[file_module.len()];
    for item in items {
        if let syn::Item::Mod(m) = item
            && m.ident == next.as_str()
            && let Some((_, inner)) = &m.content
        {
            let mut deeper = file_module.to_vec();
            deeper.push(next.clone());
            return items_of(inner, &deeper, target);
        }
    }
    Vec::new()
}

fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Reads `file` as module `path` and every module it declares, recursively.
fn load_file(krate: &mut Crate, path: Vec<String>, file: &Path, dir: &Path) -> Result<(), String> {
    let text = read(file)?;
    let ast = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    krate.modules.insert(
        path.clone(),
        Module {
            path: path.clone(),
            file: file.to_path_buf(),
            uses: BTreeMap::new(),
        },
    );
    declare_modules(krate, &path, &ast.items, file, dir)
}

/// Registers the modules `items` declare (in a file at `file`, whose child modules live in
/// `dir`): inline ones with their own nested modules, and `mod x;` from `dir/x.rs` or
/// `dir/x/mod.rs`.
fn declare_modules(
    krate: &mut Crate,
    path: &[String],
    items: &[syn::Item],
    file: &Path,
    dir: &Path,
) -> Result<(), String> {
    for item in items {
        let syn::Item::Mod(m) = item else { continue };
        if is_test_only(item) {
            continue;
        }
        let mut child = path.to_vec();
        child.push(m.ident.to_string());
        let name = m.ident.to_string();
        match &m.content {
            Some((_, inner)) => {
                krate.modules.insert(
                    child.clone(),
                    Module {
                        path: child.clone(),
                        file: file.to_path_buf(),
                        uses: BTreeMap::new(),
                    },
                );
                declare_modules(krate, &child, inner, file, &dir.join(&name))?;
            }
            None => {
                let flat = dir.join(format!("{name}.rs"));
                let nested = dir.join(&name).join("mod.rs");
                let found = if flat.is_file() { flat } else { nested };
                if !found.is_file() {
                    return Err(format!(
                        "{}: module `{name}` has no file ({}.rs or {name}/mod.rs)",
                        file.display(),
                        dir.join(&name).display()
                    ));
                }
                load_file(krate, child, &found, &dir.join(&name))?;
            }
        }
    }
    Ok(())
}

/// Every path a module's items write, as segments (`use` trees flattened).
#[derive(Default)]
struct References {
    paths: Vec<Vec<String>>,
}

impl References {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.paths.push(full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                self.paths.push(full);
            }
            syn::UseTree::Glob(_) => self.paths.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    /// `crate :: a :: b` and `super :: a` sequences in macro input (`view!` and friends).
    fn tokens(&mut self, tokens: TokenStream) {
        let flat: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < flat.len() {
            if let TokenTree::Group(g) = &flat[i] {
                self.tokens(g.stream());
                i += 1;
                continue;
            }
            let starts = matches!(&flat[i], TokenTree::Ident(id) if id == "crate" || id == "super");
            let after_colons =
                i > 0 && matches!(&flat[i - 1], TokenTree::Punct(p) if p.as_char() == ':');
            if !starts || after_colons {
                i += 1;
                continue;
            }
            let mut segs = vec![flat[i].to_string()];
            let mut j = i + 1;
            while j + 2 < flat.len() + 1
                && matches!(flat.get(j), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                && matches!(flat.get(j + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
            {
                match flat.get(j + 2) {
                    Some(TokenTree::Ident(id)) => {
                        segs.push(id.to_string());
                        j += 3;
                    }
                    _ => break,
                }
            }
            self.paths.push(segs);
            i = j;
        }
    }
}

impl<'ast> Visit<'ast> for References {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        // An inline module's items are its own, not this module's.
        let _ = m;
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.paths
            .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }
}

/// The module a path written in module `from` refers to: the longest known module the path
/// starts with, after `crate`, `super`, `self` or a child module's name. `None` for paths into
/// other crates, prelude names and local items.
fn resolve(
    from: &[String],
    written: &[String],
    known: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let first = written.first()?;
    let (mut base, rest): (Vec<String>, &[String]) = match first.as_str() {
        "crate" => (Vec::new(), &written[1..]),
        "self" => (from.to_vec(), &written[1..]),
        "super" => {
            let mut base = from.to_vec();
            let mut rest = written;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => {
            let mut child = from.to_vec();
            child.push(first.clone());
            if !known.contains(&child) {
                return None;
            }
            (from.to_vec(), written)
        }
    };
    let mut best = base.clone();
    for seg in rest {
        base.push(seg.clone());
        if known.contains(&base) {
            best = base.clone();
        } else {
            break;
        }
    }
    Some(best)
}

/// Each use between modules as an edge between the siblings that contain them under their
/// common ancestor; uses of an ancestor or a descendant are left out.
fn sibling_edges(krate: &Crate) -> Edges {
    let mut edges = Edges::new();
    for m in krate.modules.values() {
        for (target, how) in &m.uses {
            let common = m
                .path
                .iter()
                .zip(target)
                .take_while(|(a, b)| a == b)
                .count();
            if common == m.path.len() || common == target.len() {
                continue;
            }
            let from = m.path[..=common].to_vec();
            let to = target[..=common].to_vec();
            edges
                .entry((from, to))
                .or_insert_with(|| format!("{} uses {how}", m.file_display()));
        }
    }
    edges
}

impl Module {
    /// The module's file, relative to the workspace root.
    fn file_display(&self) -> String {
        let root = super::workspace_root();
        self.file
            .strip_prefix(&root)
            .unwrap_or(&self.file)
            .display()
            .to_string()
    }
}

/// The strongly connected sets of more than one module (Tarjan's algorithm), each in a stable
/// order starting from its smallest member.
fn cycles(edges: &Edges) -> Vec<Vec<Vec<String>>> {
    let mut nodes: BTreeSet<&Vec<String>> = BTreeSet::new();
    let mut next: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        nodes.insert(from);
        nodes.insert(to);
        next.entry(from).or_default().push(to);
    }
    struct Tarjan<'a> {
        next: &'a BTreeMap<&'a Vec<String>, Vec<&'a Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a Vec<String>) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for &w in self.next.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut set = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    set.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if set.len() > 1 {
                    set.sort();
                    self.out.push(set);
                }
            }
        }
    }
    let mut t = Tarjan {
        next: &next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in nodes {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out
}

struct Violation {
    from: Vec<String>,
    to: Vec<String>,
    how: String,
    why: &'static str,
}

fn layering_violations(krate: &Crate) -> Vec<Violation> {
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|r| r.krate == krate.name) {
        for m in krate.modules.values() {
            if m.path.first().map(String::as_str) != Some(rule.from) {
                continue;
            }
            for (target, how) in &m.uses {
                if target.first().map(String::as_str) == Some(rule.to) {
                    out.push(Violation {
                        from: m.path.clone(),
                        to: target.clone(),
                        how: format!("{} uses {how}", m.file_display()),
                        why: rule.why,
                    });
                }
            }
        }
    }
    out
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Allowance {
    /// `cycle CRATE FROM -> TO`: the edge is left out of the cycle check.
    Cycle(String, String, String),
    /// `layer CRATE FROM -> TO`: the use is allowed by the layering rules.
    Layer(String, String, String),
}

impl std::fmt::Display for Allowance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Allowance::Cycle(c, a, b) => write!(f, "cycle {c} {a} -> {b}"),
            Allowance::Layer(c, a, b) => write!(f, "layer {c} {a} -> {b}"),
        }
    }
}

struct Allow(BTreeSet<Allowance>);

impl Allow {
    fn read(path: &Path) -> Result<Allow, String> {
        let text = if path.exists() {
            read(path)?
        } else {
            String::new()
        };
        Allow::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn parse(text: &str) -> Result<Allow, String> {
        let mut set = BTreeSet::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let entry = match words.as_slice() {
                ["cycle", c, a, "->", b] => {
                    Allowance::Cycle(c.to_string(), a.to_string(), b.to_string())
                }
                ["layer", c, a, "->", b] => {
                    Allowance::Layer(c.to_string(), a.to_string(), b.to_string())
                }
                _ => {
                    return Err(format!(
                        "line {}: expected `cycle CRATE FROM -> TO` or `layer CRATE FROM -> TO`",
                        n + 1
                    ));
                }
            };
            set.insert(entry);
        }
        Ok(Allow(set))
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// A throwaway crate on disk: `files` are `(path under src/, text)`.
    fn krate(files: &[(&str, &str)]) -> Crate {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("xtask-modules-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join("src").join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        let k = load_crate("t", &dir.join("src/lib.rs")).unwrap();
        let _ = fs::remove_dir_all(&dir);
        k
    }

    fn cycle_names(k: &Crate) -> Vec<String> {
        cycles(&sibling_edges(k))
            .iter()
            .map(|c| cycle_text(c))
            .collect()
    }

    #[test]
    fn a_planted_cycle_is_found_and_a_chain_is_not() {
        let chain = krate(&[
            ("lib.rs", "pub mod a; pub mod b; pub mod c;"),
            ("a.rs", "use crate::b::B; pub struct A(B);"),
            ("b.rs", "pub struct B; pub fn f() -> u8 { crate::c::C }"),
            ("c.rs", "pub const C: u8 = 1;"),
        ]);
        assert!(cycle_names(&chain).is_empty());
        let planted = krate(&[
            ("lib.rs", "pub mod a; pub mod b; pub mod c;"),
            ("a.rs", "use crate::b::B; pub struct A(B);"),
            ("b.rs", "pub struct B; pub fn f() -> u8 { crate::c::C }"),
            // Written inside a macro call, as Leptos views are.
            (
                "c.rs",
                "pub const C: u8 = 1; fn g() { view! { <X a=crate::a::A/> } }",
            ),
        ]);
        assert_eq!(cycle_names(&planted), ["between a, b, c"]);
    }

    #[test]
    fn nested_modules_meet_under_their_common_ancestor() {
        let k = krate(&[
            ("lib.rs", "mod api; mod state;"),
            ("api/mod.rs", "mod cases; fn r() { cases::get(); }"),
            (
                "api/cases.rs",
                "use super::json; use crate::state::S; pub fn get() {}",
            ),
            ("state.rs", "use crate::api::routes as r; pub struct S;"),
        ]);
        // api::cases -> state and state -> api are one cycle between the siblings api and
        // state; api -> api::cases and api::cases -> api (parent and child) are not edges.
        assert_eq!(cycle_names(&k), ["between api, state"]);
    }

    #[test]
    fn test_modules_and_other_crates_do_not_count() {
        let k = krate(&[
            ("lib.rs", "pub mod a; pub mod b;"),
            (
                "a.rs",
                "use serde::Serialize; use crate::b::B; pub struct A;",
            ),
            (
                "b.rs",
                "pub struct B; #[cfg(test)] mod tests { use crate::a::A; } fn x() { std::mem::drop(1); }",
            ),
        ]);
        assert!(cycle_names(&k).is_empty());
    }

    #[test]
    fn allow_lines_parse_and_bad_ones_are_refused() {
        let a = Allow::parse("# known\ncycle yishi api -> session  # until the split\nlayer yishi components::x -> pages::y\n").unwrap();
        assert_eq!(a.0.len(), 2);
        assert!(Allow::parse("cycle yishi api session").is_err());
    }
}
