//! Finding a case without signing in (办件查询): by what its acceptance receipt (受理回执)
//! carries, the case number (办件编号) and the query code (查询码), for `POST /cases/lookup`
//! and for a rating's `lookup`. The same limits (the contract's `CaseLookup`) in the app's
//! inputs and the server's checks, and one way to read what people type.

use yishi_contract::{CaseLookup, field_codes};

use crate::field_errors::FieldErrors;

/// The longest case number a lookup takes, in characters.
pub const NUMBER_MAX_CHARS: usize = 64;
/// The longest query code a lookup takes, in characters (hyphens and spaces included).
pub const QUERY_CODE_MAX_CHARS: usize = 32;

/// The characters of a query code the reference backend issues: digits and capital letters
/// without the easily confused 0, 1, I, L and O. Eight of them are about 40 bits.
pub const QUERY_CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// How many characters a query code the reference backend issues has (shown as two groups).
pub const QUERY_CODE_LEN: usize = 8;

/// Checks `lookup` (at `at`, a JSON Pointer prefix: `""` for a lookup body, `"/lookup"` inside
/// a rating): each part is required and bounded, counted in characters after trimming.
pub fn check(lookup: &CaseLookup, at: &str, errors: &mut FieldErrors) {
    for (name, value, max) in [
        ("number", &lookup.number, NUMBER_MAX_CHARS),
        ("query_code", &lookup.query_code, QUERY_CODE_MAX_CHARS),
    ] {
        let n = value.trim().chars().count();
        if n == 0 {
            errors.add(format!("{at}/{name}"), field_codes::REQUIRED);
        } else if n > max {
            errors.add(format!("{at}/{name}"), field_codes::TOO_LONG);
        }
    }
}

/// A full-width ASCII character (what a Chinese input method types in full-width mode) as its
/// ASCII twin; anything else unchanged.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// A case number as people type it, made comparable: full-width characters as ASCII, spaces
/// dropped, letters upper-case (`lj 1000 0102` is `LJ10000102`).
pub fn normalise_number(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A query code as people type it, made comparable: like a number, and without hyphens
/// (`k7mq-4xp2` is `K7MQ4XP2`).
pub fn normalise_query_code(s: &str) -> String {
    normalise_number(s).chars().filter(|&c| c != '-').collect()
}

/// A query code as printed: two groups of four joined by a hyphen (`K7MQ-4XP2`); a code of
/// another length is shown as it is.
pub fn format_query_code(code: &str) -> String {
    let code = normalise_query_code(code);
    if code.len() == QUERY_CODE_LEN && code.is_ascii() {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(number: &str, code: &str, at: &str) -> Vec<(String, String)> {
        let mut e = FieldErrors::new();
        let l = CaseLookup {
            number: number.into(),
            query_code: code.into(),
        };
        check(&l, at, &mut e);
        e.into_iter().map(|f| (f.pointer, f.code)).collect()
    }

    #[test]
    fn both_parts_are_required_and_bounded() {
        assert!(pointers("LJ10000102", "K7MQ-4XP2", "").is_empty());
        assert_eq!(
            pointers(" ", "", "/lookup"),
            [
                ("/lookup/number".into(), "required".into()),
                ("/lookup/query_code".into(), "required".into())
            ]
        );
        let long_number = "L".repeat(NUMBER_MAX_CHARS + 1);
        let long_code = "码".repeat(QUERY_CODE_MAX_CHARS + 1);
        assert_eq!(
            pointers(&long_number, &long_code, ""),
            [
                ("/number".into(), "too_long".into()),
                ("/query_code".into(), "too_long".into())
            ]
        );
        // At the limit, counted in characters (一个汉字 is one), is accepted.
        assert!(pointers(&"L".repeat(64), &"码".repeat(32), "").is_empty());
    }

    #[test]
    fn numbers_and_codes_are_read_as_people_type_them() {
        assert_eq!(normalise_number(" lj 1000 0102 "), "LJ10000102");
        assert_eq!(normalise_number("ＬＪ１０００　０１０２"), "LJ10000102");
        assert_eq!(normalise_query_code("k7mq-4xp2"), "K7MQ4XP2");
        assert_eq!(normalise_query_code("Ｋ７ＭＱ－４ＸＰ２"), "K7MQ4XP2");
        assert_eq!(normalise_query_code(" K7MQ 4XP2\n"), "K7MQ4XP2");
        assert_eq!(format_query_code("k7mq4xp2"), "K7MQ-4XP2");
        assert_eq!(format_query_code("K7MQ-4XP2"), "K7MQ-4XP2");
        assert_eq!(format_query_code("ABC"), "ABC");
        // The alphabet has no confusable characters and no repeats.
        for c in b"01ILO" {
            assert!(!QUERY_CODE_ALPHABET.contains(c));
        }
        let mut sorted = QUERY_CODE_ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), QUERY_CODE_ALPHABET.len());
    }
}
