//! Form field patterns (`FormField.pattern`) on the server, with Rust's `regex`: used when a
//! submitted form is checked ([`crate::applications`]) and when the seed catalogue's example
//! values are checked against their patterns ([`crate::catalogue`]). The app runs the same
//! patterns on the browser's RegExp (the `regex` crate would cost ~500 KB of WASM).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// Compiled patterns by their source. Patterns come from the catalogue (a few dozen), so the
/// cache stays small; without it every submitted form compiled each of its patterns again.
fn compiled(pattern: &str) -> Option<Regex> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(re) = cache.get(pattern) {
        return re.clone();
    }
    let re = Regex::new(&format!("^(?:{pattern})$")).ok();
    if cache.len() < 1024 {
        cache.insert(pattern.to_string(), re.clone());
    }
    re
}

/// A form pattern as Rust's `regex` runs it: anchored, so the whole value must match (in time
/// linear in the value: `regex` has no backtracking). `None` when the pattern does not compile.
pub fn regex_full_match(pattern: &str, value: &str) -> Option<bool> {
    compiled(pattern).map(|re| re.is_match(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_full_matches() {
        assert_eq!(
            regex_full_match("[0-9]{12,19}", "622202020011223344"),
            Some(true)
        );
        assert_eq!(
            regex_full_match("[0-9]{12,19}", "x622202020011223344"),
            Some(false)
        );
        assert_eq!(regex_full_match("a|b", "ab"), Some(false)); // the group keeps `|` inside the anchors
        assert_eq!(regex_full_match("[一-鿿·]{2,20}", "张·晓明"), Some(true));
        assert_eq!(regex_full_match("[一-鿿·]{2,20}", "Zhang"), Some(false));
        assert_eq!(regex_full_match("(unclosed", "x"), None);
    }
}
