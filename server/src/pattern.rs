//! Form field patterns (`FormField.pattern`) on the server, with Rust's `regex`: used when a
//! submitted form is checked ([`crate::applications`]) and when the seed catalogue's example
//! values are checked against their patterns ([`crate::catalogue`]). The app runs the same
//! patterns on the browser's RegExp (the `regex` crate would cost ~500 KB of WASM).

/// A form pattern as Rust's `regex` runs it: anchored, so the whole value must match.
/// `None` when the pattern does not compile.
pub fn regex_full_match(pattern: &str, value: &str) -> Option<bool> {
    regex::Regex::new(&format!("^(?:{pattern})$"))
        .ok()
        .map(|re| re.is_match(value))
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
