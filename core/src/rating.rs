//! Rating rules (好差评): what makes a rating bad, how a new rating is validated (the same
//! checks in the app's form and the server's 422), and the satisfaction share.
//!
//! A rating names its case by `case_id` (signed in) or by `lookup` (case number and query
//! code, without signing in; `case_id` is then ignored).
//!
//! Levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意; 1 and 2 are 差评 and need a
//! chosen reason or a non-blank comment.

use yishi_contract::{Channel, NewRating, RatingOptions, RatingStage, field_codes};

use crate::field_errors::FieldErrors;

/// The lowest and highest levels.
pub const LEVELS: std::ops::RangeInclusive<u8> = 1..=5;

/// Whether `level` is a bad rating (差评: 1 or 2).
pub fn is_bad(level: u8) -> bool {
    matches!(level, 1 | 2)
}

/// The dimensions that may be scored for `channel` under `opts` (none for an unknown channel),
/// as the backend names them: one this version does not know is still a dimension.
pub fn dimensions_for(channel: Channel, opts: &RatingOptions) -> &[String] {
    match channel {
        Channel::Online => &opts.online_dimensions,
        Channel::Window => &opts.window_dimensions,
        Channel::Unknown => &[],
    }
}

/// Every problem with `r`, as field errors with JSON pointers into the request body
/// (empty when valid). The comment is measured in Unicode scalar values, as people count
/// characters (一个汉字 is one).
pub fn validate_new_rating(r: &NewRating, opts: &RatingOptions) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match &r.lookup {
        // Rating without signing in: the case is found by its number and query code.
        Some(l) => crate::lookup::check(l, "/lookup", &mut errors),
        None if r.case_id.trim().is_empty() => errors.add("/case_id", field_codes::REQUIRED),
        None => {}
    }
    if r.stage == RatingStage::Unknown {
        errors.add("/stage", field_codes::INVALID);
    }
    if r.channel == Channel::Unknown {
        errors.add("/channel", field_codes::INVALID);
    }
    if !LEVELS.contains(&r.level) {
        errors.add("/level", field_codes::OUT_OF_RANGE);
    }
    let comment = r.comment.as_deref().unwrap_or("");
    if is_bad(r.level) && r.reasons.is_empty() && comment.trim().is_empty() {
        errors.add("/reasons", field_codes::REASON_REQUIRED);
    }
    for (i, code) in r.reasons.iter().enumerate() {
        if !opts.reasons.iter().any(|o| &o.code == code) {
            errors.add(format!("/reasons/{i}"), field_codes::INVALID);
        }
    }
    if comment.chars().count() > usize::from(opts.comment_max_chars) {
        errors.add("/comment", field_codes::TOO_LONG);
    }
    let allowed = dimensions_for(r.channel, opts);
    // The dimensions seen so far, as a set: scanning the earlier entries instead was quadratic
    // when a value first appears late (half one dimension, then half another: 40,000 entries
    // took 164 ms; the JSON bounds keep a request under 1,400, but the check should not care).
    let mut seen = std::collections::BTreeSet::new();
    for (i, d) in r.dimensions.iter().enumerate() {
        let repeated = !seen.insert(d.dimension.as_str());
        if !allowed.contains(&d.dimension) || repeated {
            errors.add(format!("/dimensions/{i}/dimension"), field_codes::INVALID);
        }
        if !LEVELS.contains(&d.level) {
            errors.add(format!("/dimensions/{i}/level"), field_codes::OUT_OF_RANGE);
        }
    }
    errors
}

/// The share of satisfied ratings (levels 3–5) in per mille; `None` without ratings.
/// `counts[0]` is level 1. Rounded to nearest, except that 1000 means every rating is
/// satisfied and 0 means none is (rounding never hides a single bad or good rating).
pub fn satisfaction_permille(counts: [u32; 5]) -> Option<u16> {
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if total == 0 {
        return None;
    }
    let good: u64 = counts[2..].iter().map(|&c| u64::from(c)).sum();
    let mut permille = (good * 1000 + total / 2) / total;
    if good < total {
        permille = permille.min(999);
    }
    if good > 0 {
        permille = permille.max(1);
    }
    Some(permille as u16)
}

#[cfg(test)]
mod tests {
    use yishi_contract::{DimensionScore, LevelLabel, RatingReason, Text};

    use super::*;

    fn opts() -> RatingOptions {
        RatingOptions {
            levels: (1..=5)
                .map(|level| LevelLabel {
                    level,
                    label: Text::zh(level.to_string()),
                })
                .collect(),
            online_dimensions: [
                "efficiency",
                "guide_accuracy",
                "convenience",
                "ease_of_use",
                "queueing",
            ]
            .map(String::from)
            .to_vec(),
            window_dimensions: ["efficiency", "service_level", "attitude"]
                .map(String::from)
                .to_vec(),
            dimension_labels: vec![],
            reasons: vec![
                RatingReason {
                    code: "slow".into(),
                    label: Text::new("办理慢", "Slow"),
                },
                RatingReason {
                    code: "rude".into(),
                    label: Text::new("态度差", "Rude"),
                },
            ],
            comment_max_chars: 10,
            rectification_working_days: 5,
        }
    }

    fn rating(level: u8) -> NewRating {
        NewRating {
            case_id: "c1".into(),
            stage: RatingStage::Completion,
            channel: Channel::Online,
            level,
            dimensions: vec![],
            reasons: vec![],
            comment: None,
            lookup: None,
        }
    }

    /// Validates and returns `(pointer, code)` pairs for compact comparisons.
    fn check(r: &NewRating, want: &[(&str, &str)]) {
        let got: Vec<(String, String)> = validate_new_rating(r, &opts())
            .into_iter()
            .map(|e| (e.pointer, e.code))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(p, c)| ((*p).into(), (*c).into()))
            .collect();
        assert_eq!(got, want, "{r:?}");
    }

    #[test]
    fn bad_levels() {
        assert_eq!((0..=6).filter(|&l| is_bad(l)).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn good_ratings_need_nothing_more() {
        for level in 3..=5 {
            check(&rating(level), &[]);
        }
    }

    #[test]
    fn levels_out_of_range() {
        check(&rating(0), &[("/level", "out_of_range")]);
        check(&rating(6), &[("/level", "out_of_range")]);
    }

    #[test]
    fn bad_ratings_need_a_reason_or_a_comment() {
        check(&rating(1), &[("/reasons", "reason_required")]);
        check(&rating(2), &[("/reasons", "reason_required")]);
        check(
            &NewRating {
                comment: Some(" \n\u{3000}".into()),
                ..rating(2)
            },
            &[("/reasons", "reason_required")],
        );
        check(
            &NewRating {
                comment: Some("等了很久".into()),
                ..rating(2)
            },
            &[],
        );
        check(
            &NewRating {
                reasons: vec!["slow".into()],
                ..rating(1)
            },
            &[],
        );
    }

    #[test]
    fn unknown_reasons_are_pointed_at() {
        let r = NewRating {
            reasons: vec!["slow".into(), "ugly".into(), "rude".into(), "".into()],
            ..rating(1)
        };
        check(&r, &[("/reasons/1", "invalid"), ("/reasons/3", "invalid")]);
    }

    #[test]
    fn comments_are_counted_in_characters_not_bytes() {
        // Ten Chinese characters are 30 bytes in UTF-8 but within a 10-character limit.
        check(
            &NewRating {
                comment: Some("办事效率很高服务很好".into()),
                ..rating(5)
            },
            &[],
        );
        check(
            &NewRating {
                comment: Some("办事效率很高服务很好！".into()),
                ..rating(5)
            },
            &[("/comment", "too_long")],
        );
    }

    #[test]
    fn dimensions_follow_the_channel() {
        let dims = |list: &[(&str, u8)]| {
            list.iter()
                .map(|&(dimension, level)| DimensionScore {
                    dimension: dimension.into(),
                    level,
                })
                .collect()
        };
        let r = NewRating {
            dimensions: dims(&[("efficiency", 5), ("attitude", 4)]),
            ..rating(5)
        };
        check(&r, &[("/dimensions/1/dimension", "invalid")]); // attitude is a window dimension
        check(
            &NewRating {
                channel: Channel::Window,
                ..r.clone()
            },
            &[],
        );
        let r = NewRating {
            dimensions: dims(&[("convenience", 0), ("ease_of_use", 6), ("convenience", 3)]),
            ..rating(4)
        };
        check(
            &r,
            &[
                ("/dimensions/0/level", "out_of_range"),
                ("/dimensions/1/level", "out_of_range"),
                ("/dimensions/2/dimension", "invalid"),
            ],
        );
        let r = NewRating {
            dimensions: dims(&[("unknown", 3)]),
            ..rating(4)
        };
        check(&r, &[("/dimensions/0/dimension", "invalid")]);
    }

    #[test]
    fn repeated_dimensions_are_found_wherever_they_first_appear() {
        // Half one dimension, then half another: each repeat is flagged once, the first
        // occurrence of each is not (the shape that made the old scan quadratic).
        let n = 2_000;
        let r = NewRating {
            dimensions: (0..n)
                .map(|i| DimensionScore {
                    dimension: if i < n / 2 {
                        "efficiency".to_string()
                    } else {
                        "convenience".to_string()
                    },
                    level: 4,
                })
                .collect(),
            ..rating(4)
        };
        let flagged: Vec<usize> = validate_new_rating(&r, &opts())
            .iter()
            .map(|e| {
                e.pointer
                    .trim_start_matches("/dimensions/")
                    .trim_end_matches("/dimension")
                    .parse()
                    .unwrap()
            })
            .collect();
        let expected: Vec<usize> = (1..n).filter(|&i| i != n / 2).collect();
        assert_eq!(flagged, expected);
    }

    #[test]
    fn unknown_enums_and_missing_case() {
        let r = NewRating {
            case_id: " ".into(),
            stage: RatingStage::Unknown,
            channel: Channel::Unknown,
            ..rating(3)
        };
        check(
            &r,
            &[
                ("/case_id", "required"),
                ("/stage", "invalid"),
                ("/channel", "invalid"),
            ],
        );
    }

    #[test]
    fn anonymous_ratings_need_a_lookup_instead_of_a_case_id() {
        use yishi_contract::CaseLookup;
        let lookup = |number: &str, code: &str| {
            Some(CaseLookup {
                number: number.into(),
                query_code: code.into(),
            })
        };
        let anon = |l| NewRating {
            case_id: String::new(),
            lookup: l,
            ..rating(5)
        };
        check(&anon(lookup("LJ10000109", "K7MQ-4XP2")), &[]);
        check(
            &anon(lookup(" ", "")),
            &[
                ("/lookup/number", "required"),
                ("/lookup/query_code", "required"),
            ],
        );
        check(
            &anon(lookup(&"9".repeat(65), &"码".repeat(32))),
            &[("/lookup/number", "too_long")],
        );
        check(
            &anon(lookup(&"9".repeat(64), &"码".repeat(33))),
            &[("/lookup/query_code", "too_long")],
        );
        // The other rules still hold for an anonymous rating.
        check(
            &NewRating {
                level: 1,
                ..anon(lookup("LJ10000109", "K7MQ-4XP2"))
            },
            &[("/reasons", "reason_required")],
        );
    }

    #[test]
    fn satisfaction_share() {
        assert_eq!(satisfaction_permille([0; 5]), None);
        assert_eq!(satisfaction_permille([0, 0, 1, 0, 0]), Some(1000));
        assert_eq!(satisfaction_permille([1, 0, 0, 0, 0]), Some(0));
        assert_eq!(satisfaction_permille([1, 1, 0, 1, 1]), Some(500));
        assert_eq!(satisfaction_permille([1, 0, 0, 0, 2]), Some(667)); // 2/3 rounds up
        assert_eq!(satisfaction_permille([2, 0, 0, 0, 1]), Some(333));
        // 9999 good and 1 bad would round to 1000; it must not look perfect.
        assert_eq!(satisfaction_permille([1, 0, 0, 0, 9999]), Some(999));
        assert_eq!(satisfaction_permille([9999, 0, 0, 0, 1]), Some(1));
        // No overflow with huge counts.
        assert_eq!(
            satisfaction_permille([u32::MAX, 0, 0, 0, u32::MAX]),
            Some(500)
        );
    }
}
