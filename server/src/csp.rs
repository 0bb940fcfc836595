//! The Content-Security-Policy of the built app: `script-src` allows `'self'`, WebAssembly
//! compilation and the SHA-256 hash of each inline `<script>` in `index.html` (Trunk's loader is
//! inline, and its hash changes with every build). The server computes it at start-up; a static
//! host gets the same policy from `yishi-server csp` (`scripts/csp-hash.sh`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The `'sha256-…'` sources of every inline `<script>` (one without `src`) in `html`, for
/// the CSP `script-src`: Trunk's loader is inline.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = lower[pos..].find("<script").map(|i| i + pos) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start) else {
            break;
        };
        let attrs = &lower[start + "<script".len()..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        let has_src = attrs
            .split(|c: char| c.is_whitespace())
            .any(|a| a == "src" || a.starts_with("src="));
        if !has_src {
            let body = &html[tag_end + 1..close];
            out.push(format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            ));
        }
        pos = close + "</script".len();
    }
    out
}

/// The policy of every answer that is neither a page nor a script (an API answer, an attachment,
/// the WASM, the stylesheet): opened as a page, nothing in it may run, load or be framed. It is
/// a tenth of the app's policy, which only pages and scripts need (a service worker's policy is
/// its own script's answer's), so the many other answers carry less.
pub const NOTHING_RUNS: &str = "default-src 'none'; frame-ancestors 'none'";

/// Whether an answer of this `Content-Type` needs the app's policy: a page, or a script (the
/// service worker runs under its script's policy), or an answer without a type: a 304's headers
/// replace those of the copy a browser kept, which may be the page (index.html).
pub fn runs_the_app(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "text/html" | "text/javascript" | "application/javascript"
    )
}

/// The Content-Security-Policy for this deployment.
pub fn content_security_policy(script_hashes: &[String], connect_src: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        script_src.push(' ');
        script_src.push_str(h);
    }
    let mut connect = String::from("'self'");
    for o in connect_src {
        connect.push(' ');
        connect.push_str(o);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data: blob:; connect-src {connect}; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_and_scripts_get_the_app_policy() {
        for page_or_script in [
            "text/html",
            "text/html; charset=utf-8",
            "TEXT/HTML",
            "text/javascript",
            "application/javascript; charset=utf-8",
        ] {
            assert!(runs_the_app(Some(page_or_script)), "{page_or_script}");
        }
        for other in [
            "application/json",
            "application/problem+json",
            "application/wasm",
            "text/css",
            "image/svg+xml",
            "text/plain",
            "",
        ] {
            assert!(!runs_the_app(Some(other)), "{other}");
        }
        // A 304 has no type: the copy it revalidates may be the page.
        assert!(runs_the_app(None));
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<html><head>
<script src="/a.js"></script>
<script type="module">import init from '/yishi-0123456789abcdef.js'; await init();</script>
<SCRIPT>alert(1)</SCRIPT>
</head></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let want = STANDARD.encode(Sha256::digest(
            b"import init from '/yishi-0123456789abcdef.js'; await init();",
        ));
        assert_eq!(hashes[0], format!("'sha256-{want}'"));
        let csp = content_security_policy(&hashes, &["https://api.example.cn".into()]);
        assert!(csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{want}'"
        )));
        assert!(csp.contains("connect-src 'self' https://api.example.cn;"));
    }
}
