//! The case stage machine (办件环节), as the Administrative Licensing Law (行政许可法) sets it.
//!
//! ```text
//! received ─┬─> accepted ──> under_review ─┬─> approved ──> delivered ──> closed
//!           ├─> not_accepted (final)       ├─> refused ──────────────────> closed
//!           └─> supplement_required ─┐     ├─> special_procedure ─┐
//!                 ├─> accepted <─────┘     │     (back to review, or a decision)
//!                 └─> not_accepted         └─> supplement_required ──> under_review
//! withdrawn (final): from any stage before a decision
//! ```
//!
//! 补正 happens at two moments. Before acceptance (受理前), the office lists what is missing and
//! then accepts or does not accept. During review (审查中), it may ask for more material; the
//! clock stops until the material comes, and review resumes. The stage alone does not say which
//! moment it is, so [`next_stages`] lists the successors of both and [`can_transition_case`]
//! picks by whether the case was accepted.
//!
//! `Stage::Unknown` (a stage a newer backend knows and this build does not) never transitions
//! and is never final, decided or withdrawable: the app shows it neutrally.

use yishi_contract::{CaseState, RatingStage, Stage};

use Stage::*;

/// The stages `from` may move to, in the order the app offers them.
pub fn next_stages(from: Stage) -> &'static [Stage] {
    match from {
        Received => &[Accepted, NotAccepted, SupplementRequired, Withdrawn],
        // 补正 before acceptance ends when the material is supplied (accepted) or never comes
        // (not accepted); during review it ends with review resuming.
        SupplementRequired => &[Accepted, NotAccepted, UnderReview, Withdrawn],
        Accepted => &[UnderReview, Withdrawn],
        UnderReview => &[
            SpecialProcedure,
            SupplementRequired,
            Approved,
            Refused,
            Withdrawn,
        ],
        // 特别程序 (hearing, inspection, expert review) returns to review or ends in a decision.
        SpecialProcedure => &[UnderReview, Approved, Refused, Withdrawn],
        Approved => &[Delivered],
        Refused => &[Closed],
        Delivered => &[Closed],
        NotAccepted | Closed | Withdrawn | Unknown => &[],
    }
}

/// Whether the law allows moving a case from `from` to `to`, for some case. Staying put is not
/// a transition. A backend checks [`can_transition_case`], which also knows whether the case
/// was accepted.
pub fn can_transition(from: Stage, to: Stage) -> bool {
    next_stages(from).contains(&to)
}

/// Whether the law allows moving *this* case from `from` to `to`, given whether it has been
/// accepted (受理). Only 补正 depends on it: before acceptance it ends in acceptance or not; after
/// acceptance (a supplement asked for during review) it can only return to review.
pub fn can_transition_case(from: Stage, to: Stage, accepted: bool) -> bool {
    if from == SupplementRequired {
        let allowed: &[Stage] = if accepted {
            &[UnderReview, Withdrawn]
        } else {
            &[Accepted, NotAccepted, Withdrawn]
        };
        return allowed.contains(&to);
    }
    can_transition(from, to)
}

/// The filter group of a case: as [`state_of`], except that a supplement whose every item has
/// been supplied no longer waits for the applicant (the office is checking it), so it is in
/// progress rather than "needs my action".
pub fn case_state(s: Stage, supplement_outstanding: bool) -> CaseState {
    match s {
        SupplementRequired if !supplement_outstanding => CaseState::InProgress,
        other => state_of(other),
    }
}

/// Final stages (不予受理, 办结, 撤回): nothing follows.
pub fn is_final(s: Stage) -> bool {
    matches!(s, NotAccepted | Closed | Withdrawn)
}

/// Stages during which the legal clock stands still (补正, 特别程序).
pub fn stops_clock(s: Stage) -> bool {
    matches!(s, SupplementRequired | SpecialProcedure)
}

/// A decision (决定) on the merits has been made: approved or refused, or later.
/// `NotAccepted` and `Withdrawn` are final but are not decisions on the merits.
pub fn is_decided(s: Stage) -> bool {
    matches!(s, Approved | Refused | Delivered | Closed)
}

/// The applicant may withdraw (撤回) only before a decision.
pub fn withdrawable(s: Stage) -> bool {
    matches!(
        s,
        Received | Accepted | SupplementRequired | UnderReview | SpecialProcedure
    )
}

/// The "my cases" filter group of a stage. As the contract's `CaseState::Done` says, a refusal
/// counts as done (已办结) for the applicant even before the office closes the file: there is
/// nothing left to wait for.
pub fn state_of(s: Stage) -> CaseState {
    match s {
        SupplementRequired => CaseState::NeedsAction,
        NotAccepted | Refused | Closed | Withdrawn => CaseState::Done,
        Received | Accepted | UnderReview | SpecialProcedure | Approved | Delivered => {
            CaseState::InProgress
        }
        Unknown => CaseState::Unknown,
    }
}

/// The rating stages a case at stage `s` has reached, knowing whether it was accepted: a
/// supplement asked for during review keeps the acceptance rating open.
pub fn ratable_stages_case(s: Stage, accepted: bool) -> Vec<RatingStage> {
    match s {
        SupplementRequired if accepted => vec![RatingStage::Acceptance],
        other => ratable_stages(other),
    }
}

/// The rating stages (一事一评) a case at stage `s` has reached; the caller removes those
/// already rated.
///
/// - Acceptance (受理环节): once the office has decided whether to accept: accepted or any later
///   stage, and also `NotAccepted` (a refusal to accept is exactly the service people want to rate).
/// - Completion (办结环节): once the result is in the applicant's hands: refused, delivered,
///   closed. `Approved` alone is not enough, because delivery is part of the service.
/// - `Withdrawn` opens nothing: the stage alone does not tell whether the case was ever accepted.
pub fn ratable_stages(s: Stage) -> Vec<RatingStage> {
    match s {
        Accepted | UnderReview | SpecialProcedure | Approved | NotAccepted => {
            vec![RatingStage::Acceptance]
        }
        Refused | Delivered | Closed => vec![RatingStage::Acceptance, RatingStage::Completion],
        Received | SupplementRequired | Withdrawn | Unknown => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use yishi_contract::OpenEnum;

    use super::*;

    #[test]
    fn the_legal_paths_are_allowed() {
        let paths: &[&[Stage]] = &[
            &[Received, Accepted, UnderReview, Approved, Delivered, Closed],
            &[
                Received,
                SupplementRequired,
                Accepted,
                UnderReview,
                Refused,
                Closed,
            ],
            &[Received, SupplementRequired, NotAccepted],
            &[Received, NotAccepted],
            &[
                Received,
                Accepted,
                UnderReview,
                SpecialProcedure,
                UnderReview,
                SpecialProcedure,
                Approved,
            ],
            &[Received, Accepted, UnderReview, SpecialProcedure, Refused],
            &[Received, SupplementRequired, Withdrawn],
            &[Received, Accepted, UnderReview, SpecialProcedure, Withdrawn],
            // 补正 during review: the clock stops, then review resumes.
            &[
                Received,
                Accepted,
                UnderReview,
                SupplementRequired,
                UnderReview,
                Approved,
            ],
            &[
                Received,
                Accepted,
                UnderReview,
                SupplementRequired,
                Withdrawn,
            ],
        ];
        for path in paths {
            for pair in path.windows(2) {
                assert!(
                    can_transition(pair[0], pair[1]),
                    "{:?} -> {:?} in {path:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn illegal_shortcuts_are_refused() {
        let bad = [
            (Received, UnderReview), // review needs acceptance first
            (Received, Approved),
            (Accepted, Approved),  // no decision without review
            (Approved, Closed),    // delivery comes first
            (Approved, Withdrawn), // too late to withdraw after a decision
            (Refused, Withdrawn),
            (Delivered, Withdrawn),
            (Refused, Delivered),
            (Approved, Refused),
            (Closed, Received),
            (NotAccepted, Accepted),
            (Withdrawn, Received),
            (Accepted, SupplementRequired), // review has not started; nothing to ask for yet
            (SpecialProcedure, SupplementRequired),
            (SupplementRequired, Approved),
            (Received, Received), // staying put is not a transition
            (Received, Unknown),
        ];
        for (from, to) in bad {
            assert!(
                !can_transition(from, to),
                "{from:?} -> {to:?} must be illegal"
            );
        }
    }

    #[test]
    fn supplement_depends_on_whether_the_case_was_accepted() {
        // Before acceptance: accept or not accept, never straight to review.
        assert!(can_transition_case(SupplementRequired, Accepted, false));
        assert!(can_transition_case(SupplementRequired, NotAccepted, false));
        assert!(!can_transition_case(SupplementRequired, UnderReview, false));
        // After acceptance (asked for during review): back to review only; accepting twice or
        // "not accepting" an accepted case makes no sense.
        assert!(can_transition_case(SupplementRequired, UnderReview, true));
        assert!(!can_transition_case(SupplementRequired, Accepted, true));
        assert!(!can_transition_case(SupplementRequired, NotAccepted, true));
        for accepted in [false, true] {
            assert!(can_transition_case(SupplementRequired, Withdrawn, accepted));
            assert!(!can_transition_case(SupplementRequired, Approved, accepted));
        }
        // Every other stage ignores the flag and follows the table.
        for s in Stage::ALL
            .iter()
            .copied()
            .filter(|&s| s != SupplementRequired)
        {
            for &t in Stage::ALL {
                for accepted in [false, true] {
                    assert_eq!(
                        can_transition_case(s, t, accepted),
                        can_transition(s, t),
                        "{s:?} -> {t:?}"
                    );
                }
            }
        }
        // The refined rule never allows what the table does not.
        for &t in Stage::ALL {
            for accepted in [false, true] {
                if can_transition_case(SupplementRequired, t, accepted) {
                    assert!(can_transition(SupplementRequired, t));
                }
            }
        }
    }

    #[test]
    fn a_supplied_supplement_no_longer_needs_the_applicant() {
        assert_eq!(case_state(SupplementRequired, true), CaseState::NeedsAction);
        assert_eq!(case_state(SupplementRequired, false), CaseState::InProgress);
        for s in Stage::ALL
            .iter()
            .copied()
            .filter(|&s| s != SupplementRequired)
        {
            assert_eq!(case_state(s, false), state_of(s));
            assert_eq!(case_state(s, true), state_of(s));
        }
        // A supplement during review keeps the acceptance rating open; before acceptance, nothing.
        assert_eq!(
            ratable_stages_case(SupplementRequired, true),
            [RatingStage::Acceptance]
        );
        assert!(ratable_stages_case(SupplementRequired, false).is_empty());
        assert_eq!(ratable_stages_case(Closed, true), ratable_stages(Closed));
    }

    #[test]
    fn unknown_never_moves_and_nothing_moves_to_it() {
        assert!(next_stages(Unknown).is_empty());
        for &s in Stage::ALL {
            assert!(!can_transition(Unknown, s));
            assert!(!can_transition(s, Unknown));
        }
        assert!(
            !is_final(Unknown)
                && !is_decided(Unknown)
                && !withdrawable(Unknown)
                && !stops_clock(Unknown)
        );
        assert_eq!(state_of(Unknown), CaseState::Unknown);
        assert!(ratable_stages(Unknown).is_empty());
    }

    #[test]
    fn final_stages_have_no_successors_and_others_do() {
        for &s in Stage::ALL {
            assert_eq!(is_final(s), next_stages(s).is_empty(), "{s:?}");
            if is_final(s) {
                assert_eq!(state_of(s), CaseState::Done, "{s:?}");
            }
        }
    }

    #[test]
    fn withdrawal_is_possible_exactly_before_a_decision() {
        for &s in Stage::ALL {
            assert_eq!(withdrawable(s), can_transition(s, Withdrawn), "{s:?}");
            if withdrawable(s) {
                assert!(!is_decided(s) && !is_final(s), "{s:?}");
            }
        }
        assert!(!withdrawable(Approved) && !withdrawable(Refused));
    }

    #[test]
    fn decisions_are_only_reached_from_review() {
        for &s in Stage::ALL {
            for &t in next_stages(s) {
                if matches!(t, Approved | Refused) {
                    assert!(
                        matches!(s, UnderReview | SpecialProcedure),
                        "{s:?} -> {t:?}"
                    );
                }
                // Once decided, the case stays decided.
                if is_decided(s) {
                    assert!(is_decided(t), "{s:?} -> {t:?}");
                }
            }
        }
    }

    #[test]
    fn clock_and_state_groups() {
        let stopped: Vec<Stage> = Stage::ALL
            .iter()
            .copied()
            .filter(|&s| stops_clock(s))
            .collect();
        assert_eq!(stopped, [SupplementRequired, SpecialProcedure]);
        assert_eq!(state_of(SupplementRequired), CaseState::NeedsAction);
        assert_eq!(state_of(Refused), CaseState::Done); // not final, but nothing left to wait for
        assert_eq!(state_of(Approved), CaseState::InProgress); // the result is still to be delivered
        assert_eq!(state_of(Withdrawn), CaseState::Done);
        assert_eq!(state_of(SpecialProcedure), CaseState::InProgress);
    }

    #[test]
    fn rating_opens_at_acceptance_then_completion() {
        use RatingStage::{Acceptance as A, Completion as C};
        let cases: &[(Stage, &[RatingStage])] = &[
            (Received, &[]),
            (SupplementRequired, &[]),
            (Accepted, &[A]),
            (UnderReview, &[A]),
            (SpecialProcedure, &[A]),
            (Approved, &[A]),
            (NotAccepted, &[A]),
            (Refused, &[A, C]),
            (Delivered, &[A, C]),
            (Closed, &[A, C]),
            (Withdrawn, &[]),
        ];
        for &(s, want) in cases {
            assert_eq!(ratable_stages(s), want, "{s:?}");
        }
        // Every stage is covered by the table above.
        assert_eq!(cases.len(), Stage::ALL.len());
    }
}
