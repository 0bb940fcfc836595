//! 一表申请: which fields of an event's combined form are shown, and the validation of every
//! value. The one implementation of these rules: the app runs it as the citizen types, the
//! server runs it on `POST /api/v1/applications`, so both answer with the same field codes.
//!
//! # Rules
//!
//! - **Shown fields.** A field is shown when its `shown_when` is `True` for the answers (absent:
//!   always). Hidden fields are neither validated nor submitted. Pass the *effective* answers
//!   ([`crate::conditions::effective_answers`]), so that answers to hidden questions do not show
//!   fields. A field of a kind this build does not know is shown and checked as text (the
//!   contract says so); the backend, which knows the kind, may still find it `invalid`.
//! - **Values** are strings (dates `YYYY-MM-DD`, numbers in decimal, choices by `value`) and are
//!   judged with surrounding whitespace trimmed. Empty after trimming is "no value".
//! - **Codes** (the first that applies, in this order): `required` (a required field without a
//!   value); `too_short` / `too_long` (`min_length` / `max_length`, counted in Unicode scalar
//!   values, as people count characters: 一个汉字 is one); `invalid` (the value does not fit the
//!   kind: resident ID checksum and birth date, mobile number, credit code checksum, date format,
//!   decimal number, a choice that is not among the options; or it does not fully match
//!   `pattern`); `out_of_range` (a date outside `min_date`/`max_date`, where `today` is a bound;
//!   a number outside `min`/`max`).
//! - **Patterns** are evaluated by the caller (the app with the browser's `RegExp`, the server
//!   with Rust's `regex`), as a *full* match. The callback answers `None` when it cannot compile
//!   the pattern; the check is then skipped rather than failing every value (the backend's seed
//!   check reports such patterns).
//! - **Attachments** only know `required`: the caller says whether a file was attached.

use std::collections::BTreeMap;

use yishi_contract::{Date, FieldKind, FormField, FormSchema, Profile, ProfileKey, field_codes};

use crate::conditions::{Answers, evaluate_opt};
use crate::field_errors::FieldErrors;
use crate::validate::{
    IdProblem, credit_code_valid, mobile_valid, resident_id_birth_date, resident_id_problem,
};

/// Evaluates `pattern` against `value` as a full match: `Some(matched)`, or `None` when the
/// pattern cannot be compiled.
pub type PatternCheck<'a> = &'a dyn Fn(&str, &str) -> Option<bool>;

/// The fields shown for `answers` (the effective answers), in form order.
pub fn visible_fields<'a>(form: &'a FormSchema, answers: &Answers) -> Vec<&'a FormField> {
    form.fields
        .iter()
        .filter(|f| evaluate_opt(f.shown_when.as_ref(), answers).is_true())
        .collect()
}

/// A date bound of a field: `today` or `YYYY-MM-DD`; anything else is no bound.
pub fn date_bound(bound: Option<&str>, today: Date) -> Option<Date> {
    match bound?.trim() {
        "today" => Some(today),
        other => Date::parse(other),
    }
}

/// A decimal number as forms take it: an optional `-`, digits, and optionally `.` and digits
/// (`12`, `-3.5`, `0.25`). No exponent, no `+`, no thousands separators, no `NaN`: the same on
/// every platform.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Whether `v` fits the field's kind (format and checksums), before pattern and bounds.
fn fits_kind(field: &FormField, v: &str, today: Date) -> bool {
    match field.kind {
        // A birth date after today cannot be on anyone's identity card.
        FieldKind::ResidentId => resident_id_birth_date(v).is_some_and(|born| born <= today),
        FieldKind::Phone => mobile_valid(v),
        FieldKind::CreditCode => credit_code_valid(v),
        FieldKind::Date => Date::parse(v).is_some(),
        FieldKind::Number => parse_decimal(v).is_some(),
        FieldKind::Choice => field.options.iter().any(|o| o.value == v),
        FieldKind::Text | FieldKind::Attachment | FieldKind::Unknown => true,
    }
}

/// Whether `v` (already known to fit the kind) is within the field's bounds.
fn within_bounds(field: &FormField, v: &str, today: Date) -> bool {
    match field.kind {
        FieldKind::Date => {
            let Some(d) = Date::parse(v) else { return true };
            date_bound(field.min_date.as_deref(), today).is_none_or(|min| d >= min)
                && date_bound(field.max_date.as_deref(), today).is_none_or(|max| d <= max)
        }
        FieldKind::Number => {
            let Some(n) = parse_decimal(v) else {
                return true;
            };
            field.min.is_none_or(|min| n >= min) && field.max.is_none_or(|max| n <= max)
        }
        _ => true,
    }
}

/// The field code for `value` in `field`, or `None` when it is acceptable. See the module
/// documentation for the rules and their order. For an `attachment` field, `value` is any
/// non-empty string when a file is attached.
pub fn validate_field(
    field: &FormField,
    value: Option<&str>,
    today: Date,
    pattern: PatternCheck<'_>,
) -> Option<&'static str> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return field.required.then_some(field_codes::REQUIRED);
    };
    if field.kind == FieldKind::Attachment {
        return None;
    }
    let len = v.chars().count();
    if field.min_length.is_some_and(|min| len < min as usize) {
        return Some(field_codes::TOO_SHORT);
    }
    if field.max_length.is_some_and(|max| len > max as usize) {
        return Some(field_codes::TOO_LONG);
    }
    if !fits_kind(field, v, today) {
        return Some(field_codes::INVALID);
    }
    if let Some(p) = field.pattern.as_deref()
        && pattern(p, v) == Some(false)
    {
        return Some(field_codes::INVALID);
    }
    if !within_bounds(field, v, today) {
        return Some(field_codes::OUT_OF_RANGE);
    }
    None
}

/// What is wrong with a value, in enough detail to tell the citizen how to fix it: the same
/// verdict as [`validate_field`] (`code` gives its field code), with the numbers that matter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldProblem {
    Required,
    /// A choice field left unchosen.
    RequiredChoice,
    /// An attachment field without a file.
    RequiredFile,
    /// Fewer characters than `min` (`len` now).
    TooShort {
        min: u32,
        len: usize,
    },
    /// More characters than `max` (`len` now).
    TooLong {
        max: u32,
        len: usize,
    },
    /// A resident identity number that cannot be right.
    ResidentId(IdProblem),
    /// A resident identity number whose birth date is after today.
    ResidentIdFuture,
    /// Not an 11-digit mainland mobile number (digits counted).
    Phone {
        digits: usize,
    },
    /// Not a unified social credit code (18 characters counted).
    CreditCode {
        len: usize,
    },
    /// Not a date.
    DateFormat,
    /// After the latest date allowed (`today`: whether that is today).
    DateAfter {
        max: Date,
        today: bool,
    },
    /// Before the earliest date allowed.
    DateBefore {
        min: Date,
    },
    /// Not a plain decimal number.
    NumberFormat,
    /// Outside `min`..=`max` (either may be absent).
    NumberRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    /// Not one of the options.
    Choice,
    /// Does not match the field's pattern (the field's help says what it expects).
    Pattern,
}

impl FieldProblem {
    /// The contract's field code for this problem.
    pub fn code(self) -> &'static str {
        match self {
            FieldProblem::Required | FieldProblem::RequiredChoice | FieldProblem::RequiredFile => {
                field_codes::REQUIRED
            }
            FieldProblem::TooShort { .. } => field_codes::TOO_SHORT,
            FieldProblem::TooLong { .. } => field_codes::TOO_LONG,
            FieldProblem::DateAfter { .. }
            | FieldProblem::DateBefore { .. }
            | FieldProblem::NumberRange { .. } => field_codes::OUT_OF_RANGE,
            _ => field_codes::INVALID,
        }
    }
}

/// Why `value` is not acceptable in `field`, `None` when it is; in the order and with the
/// verdicts of [`validate_field`] (a test keeps the two in step).
pub fn explain(
    field: &FormField,
    value: Option<&str>,
    today: Date,
    pattern: PatternCheck<'_>,
) -> Option<FieldProblem> {
    let code = validate_field(field, value, today, pattern)?;
    let v = value.map(str::trim).unwrap_or_default();
    let len = v.chars().count();
    let problem = match code {
        field_codes::REQUIRED => match field.kind {
            FieldKind::Choice => FieldProblem::RequiredChoice,
            FieldKind::Attachment => FieldProblem::RequiredFile,
            _ => FieldProblem::Required,
        },
        field_codes::TOO_SHORT => FieldProblem::TooShort {
            min: field.min_length.unwrap_or(0),
            len,
        },
        field_codes::TOO_LONG => FieldProblem::TooLong {
            max: field.max_length.unwrap_or(0),
            len,
        },
        field_codes::OUT_OF_RANGE => match field.kind {
            FieldKind::Date => {
                let d = Date::parse(v);
                let min = date_bound(field.min_date.as_deref(), today);
                let max = date_bound(field.max_date.as_deref(), today);
                match (d, min, max) {
                    (Some(d), Some(min), _) if d < min => FieldProblem::DateBefore { min },
                    (_, _, Some(max)) => FieldProblem::DateAfter {
                        max,
                        today: field.max_date.as_deref().map(str::trim) == Some("today"),
                    },
                    _ => FieldProblem::DateFormat,
                }
            }
            _ => FieldProblem::NumberRange {
                min: field.min,
                max: field.max,
            },
        },
        _ => match field.kind {
            FieldKind::ResidentId => match resident_id_problem(v) {
                Some(p) => FieldProblem::ResidentId(p),
                None if resident_id_birth_date(v).is_some_and(|b| b > today) => {
                    FieldProblem::ResidentIdFuture
                }
                None => FieldProblem::Pattern,
            },
            FieldKind::Phone if !mobile_valid(v) => FieldProblem::Phone {
                digits: v.chars().filter(char::is_ascii_digit).count(),
            },
            FieldKind::CreditCode if !credit_code_valid(v) => FieldProblem::CreditCode { len },
            FieldKind::Date if Date::parse(v).is_none() => FieldProblem::DateFormat,
            FieldKind::Number if parse_decimal(v).is_none() => FieldProblem::NumberFormat,
            FieldKind::Choice => FieldProblem::Choice,
            _ => FieldProblem::Pattern,
        },
    };
    Some(problem)
}

/// Escapes a field id for a JSON Pointer (RFC 6901).
fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Every problem with a submitted form, as field errors pointing at `/fields/<id>` (empty when
/// valid). Only shown fields are checked; values of hidden or unknown fields are ignored.
/// `attachments_present(field_id)` says whether a file was attached to an `attachment` field.
pub fn validate_form(
    form: &FormSchema,
    answers: &Answers,
    fields: &BTreeMap<String, String>,
    attachments_present: &dyn Fn(&str) -> bool,
    today: Date,
    pattern: PatternCheck<'_>,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for f in visible_fields(form, answers) {
        let value = if f.kind == FieldKind::Attachment {
            attachments_present(&f.id).then_some("attached")
        } else {
            fields.get(&f.id).map(String::as_str)
        };
        if let Some(code) = validate_field(f, value, today, pattern) {
            errors.add(format!("/fields/{}", escape_pointer(&f.id)), code);
        }
    }
    errors
}

/// The profile value a field is prefilled with (`FormField.prefill`), if the profile has it.
pub fn prefill_value(key: ProfileKey, profile: &Profile) -> Option<&str> {
    match key {
        ProfileKey::Name => profile.name.as_deref(),
        ProfileKey::ResidentId => profile.resident_id.as_deref(),
        ProfileKey::Phone => profile.phone.as_deref(),
        ProfileKey::Address => profile.address.as_deref(),
        ProfileKey::BusinessName => profile.business_name.as_deref(),
        ProfileKey::CreditCode => profile.credit_code.as_deref(),
        ProfileKey::Unknown => None,
    }
}

/// Problems in a form definition, for seed checks (empty when sound): duplicate ids, choices
/// without options or with repeated values, attachments without a material, bounds that are
/// not dates or are the wrong way round, lengths the wrong way round, and patterns `pattern`
/// cannot compile (it is called with an empty value).
pub fn check_form(form: &FormSchema, pattern: PatternCheck<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Any fixed day serves to compare two date bounds; `today` is compared as that day.
    let probe = Date {
        year: 2000,
        month: 1,
        day: 1,
    };
    for f in &form.fields {
        let at = format!("form field `{}`", f.id);
        if !seen.insert(f.id.as_str()) {
            problems.push(format!("{at}: defined twice"));
        }
        if f.kind == FieldKind::Unknown {
            problems.push(format!("{at}: a kind this version does not know"));
        }
        if f.kind == FieldKind::Choice {
            if f.options.is_empty() {
                problems.push(format!("{at}: a choice without options"));
            }
            let mut values = std::collections::BTreeSet::new();
            for o in &f.options {
                if !values.insert(o.value.as_str()) {
                    problems.push(format!("{at}: option `{}` is defined twice", o.value));
                }
            }
        }
        if f.kind == FieldKind::Attachment && f.material_id.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{at}: an attachment without a material_id"));
        }
        for (name, bound) in [("min_date", &f.min_date), ("max_date", &f.max_date)] {
            if let Some(b) = bound
                && date_bound(Some(b), probe).is_none()
            {
                problems.push(format!(
                    "{at}: {name} `{b}` is neither `today` nor YYYY-MM-DD"
                ));
            }
        }
        if let (Some(min), Some(max)) = (&f.min_date, &f.max_date)
            && min != "today"
            && max != "today"
            && Date::parse(min) > Date::parse(max)
        {
            problems.push(format!("{at}: min_date is after max_date"));
        }
        if let (Some(min), Some(max)) = (f.min_length, f.max_length)
            && min > max
        {
            problems.push(format!("{at}: min_length is greater than max_length"));
        }
        if let (Some(min), Some(max)) = (f.min, f.max)
            && min > max
        {
            problems.push(format!("{at}: min is greater than max"));
        }
        if let Some(p) = &f.pattern
            && pattern(p, "").is_none()
        {
            problems.push(format!("{at}: pattern `{p}` does not compile"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use yishi_contract::{AnswerValue, Choice, Text};

    use super::*;
    use crate::conditions::tests::{answers, choice, is};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const TODAY: &str = "2026-03-10";

    fn field(id: &str, kind: FieldKind) -> FormField {
        FormField {
            id: id.into(),
            label: Text::new(id, id),
            help: None,
            kind,
            required: false,
            min_length: None,
            max_length: None,
            pattern: None,
            min_date: None,
            max_date: None,
            min: None,
            max: None,
            options: vec![],
            prefill: None,
            material_id: None,
            used_by: vec![],
            shown_when: None,
        }
    }

    fn required(id: &str, kind: FieldKind) -> FormField {
        FormField {
            required: true,
            ..field(id, kind)
        }
    }

    /// A fake pattern engine: knows a handful of patterns by name, so the tests exercise the
    /// rules, not a regex crate. `digits` matches ASCII digits only, `broken` does not compile.
    fn fake_pattern(p: &str, v: &str) -> Option<bool> {
        match p {
            "digits" => Some(!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())),
            "han" => Some(
                v.chars()
                    .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·'),
            ),
            "upper" => Some(
                v.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            ),
            _ => None,
        }
    }

    fn check(f: &FormField, v: Option<&str>) -> Option<&'static str> {
        validate_field(f, v, d(TODAY), &fake_pattern)
    }

    #[test]
    fn required_and_blank() {
        let f = required("name", FieldKind::Text);
        assert_eq!(check(&f, None), Some("required"));
        assert_eq!(check(&f, Some("")), Some("required"));
        assert_eq!(check(&f, Some(" \t\u{3000}")), Some("required")); // ideographic space too
        assert_eq!(check(&f, Some("张晓明")), None);
        // Optional and empty: nothing to check, even with rules that an empty value would fail.
        let f = FormField {
            min_length: Some(2),
            pattern: Some("digits".into()),
            ..field("x", FieldKind::Text)
        };
        assert_eq!(check(&f, None), None);
        assert_eq!(check(&f, Some("  ")), None);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let f = FormField {
            min_length: Some(2),
            max_length: Some(4),
            ..required("name", FieldKind::Text)
        };
        assert_eq!(check(&f, Some("张")), Some("too_short"));
        assert_eq!(check(&f, Some("张晓")), None); // 6 bytes, 2 characters
        assert_eq!(check(&f, Some("欧阳晓明")), None);
        assert_eq!(check(&f, Some("欧阳晓明明")), Some("too_long"));
        // Surrounding whitespace does not count.
        assert_eq!(check(&f, Some("  欧阳晓明  ")), None);
        // A character outside the Basic Multilingual Plane is one character (two UTF-16 units).
        assert_eq!(check(&f, Some("𠀀𠀀")), None);
    }

    #[test]
    fn resident_ids() {
        let f = required("id", FieldKind::ResidentId);
        assert_eq!(check(&f, Some("11010519491231002X")), None);
        assert_eq!(check(&f, Some("11010519491231002x")), None);
        assert_eq!(check(&f, Some("110105194912310021")), Some("invalid")); // checksum
        assert_eq!(check(&f, Some("1101051949123100")), Some("invalid"));
        // Checksum right, but born after today: 2027-01-01 with a correct check digit.
        let body = "11010120270101123";
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = body
            .bytes()
            .zip(weights)
            .map(|(c, w)| u32::from(c - b'0') * w)
            .sum();
        let future = format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char);
        assert!(crate::validate::resident_id_valid(&future));
        assert_eq!(check(&f, Some(&future)), Some("invalid"));
    }

    #[test]
    fn phones_and_credit_codes() {
        let f = required("phone", FieldKind::Phone);
        assert_eq!(check(&f, Some("13800000001")), None);
        assert_eq!(check(&f, Some("12800000001")), Some("invalid"));
        assert_eq!(check(&f, Some("138 0000 0001")), Some("invalid"));
        let f = required("code", FieldKind::CreditCode);
        assert_eq!(check(&f, Some("91350100M000100Y43")), None);
        assert_eq!(check(&f, Some("91350100M000100Y44")), Some("invalid"));
        // The same character set as the pattern would allow, but a wrong checksum.
        let f = FormField {
            pattern: Some("upper".into()),
            ..f
        };
        assert_eq!(check(&f, Some("914403001922038217")), Some("invalid"));
    }

    #[test]
    fn dates_and_their_bounds_with_today() {
        let f = FormField {
            min_date: Some("2025-01-01".into()),
            max_date: Some("today".into()),
            ..required("born", FieldKind::Date)
        };
        assert_eq!(check(&f, Some("2025-01-01")), None); // bounds are inclusive
        assert_eq!(check(&f, Some(TODAY)), None);
        assert_eq!(check(&f, Some("2026-03-11")), Some("out_of_range")); // tomorrow
        assert_eq!(check(&f, Some("2024-12-31")), Some("out_of_range"));
        for bad in [
            "2026-02-30",
            "2026-3-10",
            "2026/03/10",
            "10-03-2026",
            "today",
            "2026-03-10T00:00",
        ] {
            assert_eq!(check(&f, Some(bad)), Some("invalid"), "{bad}");
        }
        // `today` as the lower bound: the date must not be in the past.
        let f = FormField {
            min_date: Some("today".into()),
            ..required("opening", FieldKind::Date)
        };
        assert_eq!(check(&f, Some("2026-03-09")), Some("out_of_range"));
        assert_eq!(check(&f, Some("2030-01-01")), None);
        // The same value on another day: `today` moves.
        assert_eq!(
            validate_field(&f, Some("2026-03-09"), d("2026-03-01"), &fake_pattern),
            None
        );
        // A bound that is not a date is no bound.
        let f = FormField {
            max_date: Some("soon".into()),
            ..required("x", FieldKind::Date)
        };
        assert_eq!(check(&f, Some("2099-01-01")), None);
    }

    #[test]
    fn numbers_and_their_bounds() {
        let f = FormField {
            min: Some(1.0),
            max: Some(6.0),
            ..required("babies", FieldKind::Number)
        };
        for ok in ["1", "6", "2.5", " 3 "] {
            assert_eq!(check(&f, Some(ok)), None, "{ok}");
        }
        assert_eq!(check(&f, Some("0")), Some("out_of_range"));
        assert_eq!(check(&f, Some("6.01")), Some("out_of_range"));
        assert_eq!(check(&f, Some("-1")), Some("out_of_range"));
        for bad in [
            "1e2", "+3", "NaN", "inf", "3.", ".5", "1,000", "三", "0x10", "--1",
        ] {
            assert_eq!(check(&f, Some(bad)), Some("invalid"), "{bad}");
        }
        assert_eq!(parse_decimal("-0.25"), Some(-0.25));
        assert_eq!(parse_decimal("007"), Some(7.0));
    }

    #[test]
    fn choices_must_be_among_the_options() {
        let f = FormField {
            options: ["male", "female"]
                .map(|v| Choice {
                    value: v.into(),
                    label: Text::new(v, v),
                })
                .to_vec(),
            ..required("sex", FieldKind::Choice)
        };
        assert_eq!(check(&f, Some("female")), None);
        assert_eq!(check(&f, Some("女")), Some("invalid")); // the label is not the value
        assert_eq!(check(&f, Some("Female")), Some("invalid"));
    }

    #[test]
    fn patterns_go_through_the_callback_as_full_matches() {
        let f = FormField {
            pattern: Some("digits".into()),
            ..required("account", FieldKind::Text)
        };
        assert_eq!(check(&f, Some("6222020200112233")), None);
        assert_eq!(check(&f, Some("6222-0202")), Some("invalid"));
        // The value reaches the callback trimmed.
        assert_eq!(check(&f, Some(" 123 ")), None);
        // A pattern the engine cannot compile is skipped, not a reason to refuse every value.
        let f = FormField {
            pattern: Some("broken".into()),
            ..required("x", FieldKind::Text)
        };
        assert_eq!(check(&f, Some("anything")), None);
        // Length is judged before the pattern; the pattern before a date's range.
        let f = FormField {
            pattern: Some("han".into()),
            max_length: Some(3),
            ..required("n", FieldKind::Text)
        };
        assert_eq!(check(&f, Some("abcd")), Some("too_long"));
        assert_eq!(check(&f, Some("abc")), Some("invalid"));
        assert_eq!(check(&f, Some("张·明")), None);
        // Patterns apply to other kinds too, after the kind's own check.
        let f = FormField {
            pattern: Some("han".into()),
            ..required("p", FieldKind::Phone)
        };
        assert_eq!(check(&f, Some("13800000001")), Some("invalid"));
    }

    #[test]
    fn attachments_only_know_required() {
        let f = FormField {
            min_length: Some(100),
            pattern: Some("digits".into()),
            ..required("photo", FieldKind::Attachment)
        };
        assert_eq!(check(&f, None), Some("required"));
        assert_eq!(check(&f, Some("attached")), None);
        assert_eq!(check(&field("opt", FieldKind::Attachment), None), None);
    }

    fn form() -> FormSchema {
        FormSchema {
            fields: vec![
                FormField {
                    prefill: Some(ProfileKey::Name),
                    min_length: Some(2),
                    ..required("applicant_name", FieldKind::Text)
                },
                required("applicant_phone", FieldKind::Phone),
                FormField {
                    shown_when: Some(is("married", false)),
                    material_id: Some("paternity-test-report".into()),
                    ..required("paternity_report", FieldKind::Attachment)
                },
                FormField {
                    shown_when: Some(choice("insured", "mother")),
                    ..required("account", FieldKind::Text)
                },
                FormField {
                    kind: FieldKind::Unknown,
                    max_length: Some(3),
                    ..field("future_kind", FieldKind::Text)
                },
                field("remark", FieldKind::Text),
            ],
        }
    }

    fn ids(fields: Vec<&FormField>) -> Vec<&str> {
        fields.into_iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn visibility_follows_the_answers() {
        let f = form();
        // Unanswered: conditional fields stay hidden (Unknown is not True).
        assert_eq!(
            ids(visible_fields(&f, &Answers::new())),
            ["applicant_name", "applicant_phone", "future_kind", "remark"]
        );
        let a = answers(&[
            ("married", AnswerValue::Bool(false)),
            ("insured", AnswerValue::Choice("mother".into())),
        ]);
        assert_eq!(
            ids(visible_fields(&f, &a)),
            [
                "applicant_name",
                "applicant_phone",
                "paternity_report",
                "account",
                "future_kind",
                "remark"
            ]
        );
        let a = answers(&[
            ("married", AnswerValue::Bool(true)),
            ("insured", AnswerValue::Choice("neither".into())),
        ]);
        assert_eq!(
            ids(visible_fields(&f, &a)),
            ["applicant_name", "applicant_phone", "future_kind", "remark"]
        );
    }

    fn values(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    fn errors(
        form: &FormSchema,
        a: &Answers,
        v: &BTreeMap<String, String>,
        attached: &[&str],
    ) -> Vec<(String, String)> {
        validate_form(
            form,
            a,
            v,
            &|id| attached.contains(&id),
            d(TODAY),
            &fake_pattern,
        )
        .into_iter()
        .map(|e| (e.pointer, e.code))
        .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, c)| ((*p).to_string(), (*c).to_string()))
            .collect()
    }

    #[test]
    fn whole_forms_point_at_each_field() {
        let f = form();
        let unmarried = answers(&[("married", AnswerValue::Bool(false))]);
        assert_eq!(
            errors(
                &f,
                &unmarried,
                &values(&[("applicant_name", "张"), ("applicant_phone", "1380000000")]),
                &[]
            ),
            pairs(&[
                ("/fields/applicant_name", "too_short"),
                ("/fields/applicant_phone", "invalid"),
                ("/fields/paternity_report", "required"),
            ])
        );
        let good = values(&[
            ("applicant_name", "张晓明"),
            ("applicant_phone", "13800000001"),
        ]);
        assert_eq!(errors(&f, &unmarried, &good, &["paternity_report"]), []);
        // Hidden fields are ignored, whatever they hold: a married applicant needs no report,
        // and a stale value for the hidden account field does not matter.
        let married = answers(&[("married", AnswerValue::Bool(true))]);
        let mut with_stale = good.clone();
        with_stale.insert("account".into(), "not digits, but hidden".into());
        with_stale.insert("no_such_field".into(), "ignored".into());
        assert_eq!(errors(&f, &married, &with_stale, &[]), []);
        // A kind this build does not know is checked as text: lengths and pattern, nothing more.
        let mut unknown = good.clone();
        unknown.insert("future_kind".into(), "abcd".into());
        assert_eq!(
            errors(&f, &married, &unknown, &[]),
            pairs(&[("/fields/future_kind", "too_long")])
        );
        unknown.insert("future_kind".into(), "x-1".into());
        assert_eq!(errors(&f, &married, &unknown, &[]), []);
    }

    #[test]
    fn pointers_escape_field_ids() {
        let f = FormSchema {
            fields: vec![required("a/b~c", FieldKind::Text)],
        };
        assert_eq!(
            errors(&f, &Answers::new(), &values(&[]), &[]),
            pairs(&[("/fields/a~1b~0c", "required")])
        );
    }

    #[test]
    fn prefill_reads_the_profile() {
        let p = Profile {
            name: Some("张晓明".into()),
            credit_code: Some("91350100M000100Y43".into()),
            ..Profile::default()
        };
        assert_eq!(prefill_value(ProfileKey::Name, &p), Some("张晓明"));
        assert_eq!(
            prefill_value(ProfileKey::CreditCode, &p),
            Some("91350100M000100Y43")
        );
        assert_eq!(prefill_value(ProfileKey::Address, &p), None);
        assert_eq!(prefill_value(ProfileKey::Unknown, &p), None);
    }

    #[test]
    fn form_definitions_are_checked() {
        let bad = FormSchema {
            fields: vec![
                field("a", FieldKind::Choice),
                field("a", FieldKind::Attachment),
                FormField {
                    min_date: Some("2026-12-31".into()),
                    max_date: Some("2026-01-01".into()),
                    ..field("d", FieldKind::Date)
                },
                FormField {
                    max_date: Some("tomorrow".into()),
                    ..field("e", FieldKind::Date)
                },
                FormField {
                    min_length: Some(5),
                    max_length: Some(2),
                    pattern: Some("broken".into()),
                    ..field("t", FieldKind::Text)
                },
                FormField {
                    min: Some(3.0),
                    max: Some(1.0),
                    ..field("n", FieldKind::Number)
                },
            ],
        };
        let problems = check_form(&bad, &fake_pattern);
        for want in [
            "`a`: a choice without options",
            "`a`: defined twice",
            "`a`: an attachment without a material_id",
            "`d`: min_date is after max_date",
            "`e`: max_date `tomorrow`",
            "`t`: min_length is greater",
            "`t`: pattern `broken` does not compile",
            "`n`: min is greater",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(want)),
                "missing {want:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), 8, "{problems:#?}");
        assert!(
            check_form(&form(), &fake_pattern)
                .iter()
                .all(|p| p.contains("future_kind"))
        );
    }

    #[test]
    fn explanations_say_how_to_fix_and_agree_with_the_verdict() {
        let today = d(TODAY);
        let id = required("id", FieldKind::ResidentId);
        let why = |f: &FormField, v: &str| explain(f, Some(v), today, &fake_pattern);
        // A valid number with its last digit changed: the check character.
        assert_eq!(
            why(&id, "110101199003070074"),
            Some(FieldProblem::ResidentId(IdProblem::CheckCharacter))
        );
        assert_eq!(
            why(&id, "11010119900307007"),
            Some(FieldProblem::ResidentId(IdProblem::Length(17)))
        );
        assert_eq!(
            why(&id, "11010119901307007X"),
            Some(FieldProblem::ResidentId(IdProblem::BirthDate))
        );
        assert_eq!(
            why(&id, "1101011990030700七A"),
            Some(FieldProblem::ResidentId(IdProblem::Characters))
        );
        assert_eq!(why(&id, "110101199003070070"), None);
        // A date after its `today` bound.
        let born = FormField {
            max_date: Some("today".into()),
            min_date: Some("2026-01-01".into()),
            ..required("born", FieldKind::Date)
        };
        assert_eq!(
            why(&born, "2026-03-11"),
            Some(FieldProblem::DateAfter {
                max: today,
                today: true
            })
        );
        assert_eq!(
            why(&born, "2025-12-31"),
            Some(FieldProblem::DateBefore {
                min: d("2026-01-01")
            })
        );
        // A bank card too short: how long it must be, and how long it is.
        let card = FormField {
            min_length: Some(12),
            max_length: Some(19),
            pattern: Some("digits".into()),
            ..required("card", FieldKind::Text)
        };
        assert_eq!(
            why(&card, "62220202"),
            Some(FieldProblem::TooShort { min: 12, len: 8 })
        );
        assert_eq!(why(&card, "62220202001x"), Some(FieldProblem::Pattern));
        assert_eq!(
            why(&required("p", FieldKind::Phone), "138 0000 000"),
            Some(FieldProblem::Phone { digits: 10 })
        );
        let n = FormField {
            min: Some(1.0),
            max: Some(6.0),
            ..required("n", FieldKind::Number)
        };
        assert_eq!(
            why(&n, "0"),
            Some(FieldProblem::NumberRange {
                min: Some(1.0),
                max: Some(6.0)
            })
        );
        assert_eq!(
            explain(&n, None, today, &fake_pattern),
            Some(FieldProblem::Required)
        );
        let file = required("photo", FieldKind::Attachment);
        assert_eq!(
            explain(&file, None, today, &fake_pattern),
            Some(FieldProblem::RequiredFile)
        );
        // Every explanation carries the code the server would send.
        for (f, v) in [
            (&id, "110101199003070074"),
            (&born, "2026-03-11"),
            (&card, "1"),
            (&n, "9"),
        ] {
            assert_eq!(
                why(f, v).map(FieldProblem::code),
                validate_field(f, Some(v), today, &fake_pattern)
            );
        }
    }
}
