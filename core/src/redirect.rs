//! Where to go after sign-in (`/sign-in?next=…`): only somewhere on the app's own origin, so a
//! link cannot use the sign-in page to send a citizen to another site (an open redirect).
//!
//! The check follows what a browser's URL parser (the WHATWG URL Standard) does with `next`
//! resolved against the app's `https://` origin, rather than looking at the string as typed:
//! leading and trailing C0 controls and spaces are dropped, tabs and newlines anywhere are
//! removed, and in a special scheme `\` is a `/`. So `/\t/evil.example` and `/\evil.example`
//! are both `//evil.example`, another host. Routers and servers may decode percent escapes
//! again, so the decoded forms (`/%09/`, `/%2F/`, `/%5C/`) must stay on the origin too.

/// The longest `next` followed; longer ones are refused rather than parsed.
pub const NEXT_MAX_LEN: usize = 2048;

/// `next` as a path on the app's origin (path, query and fragment, starting with a single `/`),
/// cleaned the way a browser cleans it; `None` when it would leave the origin, names a scheme,
/// is not an absolute path, or holds control characters.
pub fn same_origin_path(next: &str) -> Option<String> {
    if next.len() > NEXT_MAX_LEN {
        return None;
    }
    let cleaned = clean(next)?;
    // Decoded once, twice, three times, it must still point at this origin: a router that
    // decodes before navigating must not find `//host` inside.
    let mut decoded = cleaned.clone();
    for _ in 0..3 {
        match percent_decode(&decoded) {
            Some(d) if d != decoded => {
                clean(&d)?;
                decoded = d;
            }
            _ => break,
        }
    }
    Some(cleaned)
}

/// The WHATWG steps that decide the origin of a reference resolved against an `https:` base.
fn clean(input: &str) -> Option<String> {
    let c0_or_space = |c: char| c <= ' ';
    let trimmed = input.trim_matches(c0_or_space);
    let stripped: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if stripped.chars().any(|c| c.is_control()) {
        return None;
    }
    if has_scheme(&stripped) {
        // `https://elsewhere`, `javascript:…`, and even `https:path` (which a browser resolves
        // on this origin): only plain paths are followed.
        return None;
    }
    // In a special scheme a backslash is a slash, up to the query or fragment.
    let end = stripped.find(['?', '#']).unwrap_or(stripped.len());
    let (path, rest) = stripped.split_at(end);
    let path = path.replace('\\', "/");
    let mut chars = path.chars();
    // A single slash: the origin's own path. Two: another host ("scheme-relative").
    match (chars.next(), chars.next()) {
        (Some('/'), Some('/')) => None,
        (Some('/'), _) => Some(format!("{path}{rest}")),
        _ => None,
    }
}

/// Whether `s` starts with a URL scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
fn has_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

/// `s` with its `%XX` escapes decoded; `None` when the bytes are not UTF-8. A `%` that does not
/// start an escape stays as it is (browsers do the same).
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|&h| (h as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_the_origin_are_followed() {
        for (next, followed) in [
            ("/cases", "/cases"),
            (
                "/cases/case-lj10000102?tab=timeline#top",
                "/cases/case-lj10000102?tab=timeline#top",
            ),
            (
                "/events/newborn/apply?a=1&q=0",
                "/events/newborn/apply?a=1&q=0",
            ),
            (
                "/search?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1",
                "/search?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1",
            ),
            ("/%E5%8A%9E%E4%BA%8B", "/%E5%8A%9E%E4%BA%8B"),
            ("  /cases  ", "/cases"),
            // Leading and trailing C0 controls are dropped, as browsers do.
            ("\u{0}/cases\u{1f}", "/cases"),
            ("/ca\tses", "/cases"),
            // A backslash inside the path is a slash to the browser; in the query it is data.
            ("/cases\\case-1", "/cases/case-1"),
            ("/search?q=a\\\\b", "/search?q=a\\\\b"),
            // `//` after the first segment, or in the query, stays on the origin.
            ("/cases//x", "/cases//x"),
            ("/search?next=//evil.example", "/search?next=//evil.example"),
            ("/100%", "/100%"),
        ] {
            assert_eq!(
                same_origin_path(next).as_deref(),
                Some(followed),
                "{next:?}"
            );
        }
    }

    #[test]
    fn anything_that_leaves_the_origin_is_refused() {
        for next in [
            // Scheme-relative, as typed and as browsers read it after dropping tabs and newlines.
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            "/\t\t/evil.example",
            // Backslashes are slashes in https URLs.
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "\\\t\\evil.example",
            // Encoded: a router or server that decodes again must not find `//` either.
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5C/evil.example",
            "/%5c%5cevil.example",
            "/%252F/evil.example",
            "/%%32%46/evil.example",
            "%2F%2Fevil.example",
            // Schemes, however written.
            "https://evil.example/",
            "HTTPS://evil.example/",
            "https:evil.example",
            "javascript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            // Not an absolute path, empty, or with control characters.
            "evil.example",
            "cases",
            "",
            "\t",
            "/ca\u{0}ses",
            "/\u{7f}/evil.example",
        ] {
            assert_eq!(same_origin_path(next), None, "{next:?}");
        }
        assert_eq!(
            same_origin_path(&format!("/{}", "a".repeat(NEXT_MAX_LEN))),
            None
        );
    }
}
