//! Finding a case without signing in (办件查询): by its number (办件编号) and the applicant's
//! name, for `POST /cases/lookup` and for a rating's `lookup`. The same limits (the contract's
//! `CaseLookup`) in the app's inputs and the server's checks.

use yishi_contract::{CaseLookup, field_codes};

use crate::field_errors::FieldErrors;

/// The longest case number a lookup takes, in characters.
pub const NUMBER_MAX_CHARS: usize = 64;
/// The longest applicant name a lookup takes, in characters: a business's registered name can
/// be long.
pub const NAME_MAX_CHARS: usize = 100;

/// Checks `lookup` (at `at`, a JSON Pointer prefix: `""` for a lookup body, `"/lookup"` inside
/// a rating): each part is required and bounded, counted in characters after trimming.
pub fn check(lookup: &CaseLookup, at: &str, errors: &mut FieldErrors) {
    for (name, value, max) in [
        ("number", &lookup.number, NUMBER_MAX_CHARS),
        ("applicant_name", &lookup.applicant_name, NAME_MAX_CHARS),
    ] {
        let n = value.trim().chars().count();
        if n == 0 {
            errors.add(format!("{at}/{name}"), field_codes::REQUIRED);
        } else if n > max {
            errors.add(format!("{at}/{name}"), field_codes::TOO_LONG);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(number: &str, name: &str, at: &str) -> Vec<(String, String)> {
        let mut e = FieldErrors::new();
        let l = CaseLookup {
            number: number.into(),
            applicant_name: name.into(),
        };
        check(&l, at, &mut e);
        e.into_iter().map(|f| (f.pointer, f.code)).collect()
    }

    #[test]
    fn both_parts_are_required_and_bounded() {
        assert!(pointers("LJ10000102", "张晓明", "").is_empty());
        assert_eq!(
            pointers(" ", "", "/lookup"),
            [
                ("/lookup/number".into(), "required".into()),
                ("/lookup/applicant_name".into(), "required".into())
            ]
        );
        let long_number = "L".repeat(NUMBER_MAX_CHARS + 1);
        let long_name = "名".repeat(NAME_MAX_CHARS + 1);
        assert_eq!(
            pointers(&long_number, &long_name, ""),
            [
                ("/number".into(), "too_long".into()),
                ("/applicant_name".into(), "too_long".into())
            ]
        );
        // At the limit, counted in characters (一个汉字 is one), is accepted.
        assert!(pointers(&"L".repeat(64), &"名".repeat(100), "").is_empty());
    }
}
