//! `minify-css STAGING`: the stylesheet without its comments and layout whitespace, with its
//! `integrity` in `index.html` brought up to date. `style/` keeps its comments (they say why a
//! rule is there); the citizen's phone does not need them: 7.3 → 5.7 KB brotli, on the one
//! request that blocks the first paint (issue 14). Trunk's own minify (`minify = "on_release"`)
//! would also rewrite `index.html`, whose boot screen and loader later steps read as written.
//! The file keeps its name: the hash in it already names the source, of which this is a
//! deterministic function.

use std::path::Path;

use sha2::{Digest, Sha384};

/// Writes each `*.css` of `staging` minified and updates its `integrity` in `index.html`.
pub fn run(staging: &Path) -> Result<(), String> {
    let index_path = staging.join("index.html");
    let mut index = crate::read(&index_path)?;
    let entries = std::fs::read_dir(staging).map_err(|e| format!("{}: {e}", staging.display()))?;
    let mut count = 0;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("a CSS file name")?;
        let source = crate::read(&path)?;
        let minified = minify(&source);
        index = with_integrity(&index, name, &integrity(&minified))?;
        std::fs::write(&path, &minified).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "minify-css: {name} {} -> {} bytes",
            source.len(),
            minified.len()
        );
        count += 1;
    }
    if count == 0 {
        return Err(format!("no stylesheet in {}", staging.display()));
    }
    std::fs::write(&index_path, index).map_err(|e| format!("{}: {e}", index_path.display()))
}

/// `sha384-<base64>`, as the `integrity` attribute takes it.
fn integrity(content: &str) -> String {
    use base64::Engine;
    let digest = Sha384::digest(content.as_bytes());
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `index` with the `integrity` of the `<link>` whose `href` is `/name` replaced by `value`.
fn with_integrity(index: &str, name: &str, value: &str) -> Result<String, String> {
    let href = format!("href=\"/{name}\"");
    let at = index
        .find(&href)
        .ok_or_else(|| format!("index.html links no {name}"))?;
    let tag_end = at + index[at..].find('>').ok_or("an unclosed <link>")?;
    let tag_start = index[..at].rfind('<').ok_or("a <link> without its start")?;
    let tag = &index[tag_start..tag_end];
    let key = "integrity=\"";
    let Some(open) = tag.find(key) else {
        return Ok(index.to_string()); // no integrity to keep true
    };
    let value_start = tag_start + open + key.len();
    let value_end = value_start
        + index[value_start..]
            .find('"')
            .ok_or("an unclosed integrity")?;
    Ok(format!(
        "{}{value}{}",
        &index[..value_start],
        &index[value_end..]
    ))
}

/// Drops comments and collapses whitespace outside strings; no space is kept next to `{`, `}`,
/// `;` or `,`. Nothing else changes: a space before `:` (`a :hover`) or around `+` and `-`
/// (`calc()`) means something and stays.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                // Dropped, not a space: `.a/* x */.b` is `.a.b` (CSS removes comments before
                // it reads whitespace).
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut pending_space, c);
                out.push(c);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        if let Some(escaped) = chars.next() {
                            out.push(escaped);
                        }
                    } else if s == c {
                        break;
                    }
                }
            }
            c => {
                push_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the one space that whitespace (or a comment) before `next` stands for, unless it
/// touches punctuation that needs none or starts the file.
fn push_space(out: &mut String, pending: &mut bool, next: char) {
    const TIGHT: [char; 4] = ['{', '}', ';', ','];
    if std::mem::take(pending)
        && !TIGHT.contains(&next)
        && out
            .chars()
            .last()
            .is_some_and(|last| !TIGHT.contains(&last))
    {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_go() {
        let css = "/* why */\n.a {\n  color: red; /* note */\n  margin: 0 auto;\n}\n\n.b, .c { top: 0 }\n";
        assert_eq!(minify(css), ".a{color: red;margin: 0 auto;}.b,.c{top: 0}");
    }

    #[test]
    fn spaces_that_mean_something_stay() {
        assert_eq!(minify(".a :focus { }"), ".a :focus{}");
        assert_eq!(
            minify("a { width: calc(100% - 2 * var(--x)); }"),
            "a{width: calc(100% - 2 * var(--x));}"
        );
        assert_eq!(
            minify("@media (min-width: 40em) and (hover: hover) { a { b: c } }"),
            "@media (min-width: 40em) and (hover: hover){a{b: c}}"
        );
        assert_eq!(minify(".a/* x */.b { }"), ".a.b{}");
        assert_eq!(minify(".a /* x */ .b { }"), ".a .b{}");
    }

    #[test]
    fn strings_are_kept_as_written() {
        let css = "a::before { content: \"/* not a comment */  {;}\"; font-family: 'PingFang SC', \"a\\\"b\"; }";
        assert_eq!(
            minify(css),
            "a::before{content: \"/* not a comment */  {;}\";font-family: 'PingFang SC',\"a\\\"b\";}"
        );
    }

    #[test]
    fn the_integrity_of_the_linked_file_is_replaced() {
        let index = "<link rel=\"stylesheet\" href=\"/main-1.css\" integrity=\"sha384-OLD\"/><script integrity=\"sha384-JS\">";
        assert_eq!(
            with_integrity(index, "main-1.css", "sha384-NEW").unwrap(),
            "<link rel=\"stylesheet\" href=\"/main-1.css\" integrity=\"sha384-NEW\"/><script integrity=\"sha384-JS\">"
        );
        assert!(with_integrity(index, "other.css", "x").is_err());
        assert_eq!(
            integrity(""), // SHA-384 of nothing
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }
}
