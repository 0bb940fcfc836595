//! How contract values read in the citizen's language. Display only: no logic lives here.

use yishi_contract::{
    Audience, CaseState, Date, DeliveryMethod, Lang, MaterialForm, Medium, Necessity, Stage,
    TimeLimit, TimeUnit, Timestamp,
};

use crate::{Key, count, fill, text};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year, d.month, d.day),
        Lang::En => format!(
            "{} {} {}",
            d.day,
            MONTHS_EN[usize::from(d.month.clamp(1, 12)) - 1],
            d.year
        ),
    }
}

/// An instant in China Standard Time, which is what offices and citizens use.
pub fn timestamp(lang: Lang, t: Timestamp) -> String {
    let (h, m) = t.china_hm();
    match lang {
        Lang::Zh => format!("{} {h:02}:{m:02}", date(lang, t.china_date())),
        Lang::En => format!("{}, {h:02}:{m:02}", date(lang, t.china_date())),
    }
}

pub fn limit(lang: Lang, l: &TimeLimit) -> String {
    if l.value == 0 {
        return text(lang, Key::LimitOnTheSpot).into();
    }
    let key = match l.unit {
        TimeUnit::WorkingDays => Key::LimitWorkingDays,
        TimeUnit::NaturalDays => Key::LimitNaturalDays,
        // A unit this version does not know: the number without a guessed unit.
        TimeUnit::Unknown => Key::LimitUnknownUnit,
    };
    count(lang, key, l.value)
}

pub fn visits(lang: Lang, visits: u8) -> String {
    match visits {
        0 => text(lang, Key::VisitsNone).into(),
        n => count(lang, Key::VisitsCount, n),
    }
}

/// 份数: "1 份", "1 copy", "2 copies".
pub fn copies(lang: Lang, n: u8) -> String {
    count(lang, Key::MaterialCopies, n)
}

pub fn stage(s: Stage) -> Key {
    match s {
        Stage::Received => Key::StageReceived,
        Stage::Accepted => Key::StageAccepted,
        Stage::NotAccepted => Key::StageNotAccepted,
        Stage::SupplementRequired => Key::StageSupplementRequired,
        Stage::UnderReview => Key::StageUnderReview,
        Stage::SpecialProcedure => Key::StageSpecialProcedure,
        Stage::Approved => Key::StageApproved,
        Stage::Refused => Key::StageRefused,
        Stage::Delivered => Key::StageDelivered,
        Stage::Closed => Key::StageClosed,
        Stage::Withdrawn => Key::StageWithdrawn,
        Stage::Unknown => Key::StageUnknown,
    }
}

pub fn case_state(s: CaseState) -> Key {
    match s {
        CaseState::InProgress => Key::CasesFilterInProgress,
        CaseState::NeedsAction => Key::CasesFilterNeedsAction,
        CaseState::Done => Key::CasesFilterDone,
        CaseState::Unknown => Key::StageUnknown,
    }
}

/// The contract's name for a case state, as used in `?state=`.
pub fn case_state_param(s: CaseState) -> &'static str {
    match s {
        CaseState::InProgress => "in_progress",
        CaseState::NeedsAction => "needs_action",
        CaseState::Done => "done",
        CaseState::Unknown => "",
    }
}

pub fn audience(a: Audience) -> Key {
    match a {
        Audience::Person => Key::AudiencePerson,
        Audience::Business => Key::AudienceBusiness,
        Audience::Both => Key::AudienceBoth,
        Audience::Unknown => Key::AudienceUnknown,
    }
}

pub fn material_form(f: MaterialForm) -> Key {
    match f {
        MaterialForm::Original => Key::MaterialOriginal,
        MaterialForm::Copy => Key::MaterialCopy,
        MaterialForm::OriginalAndCopy => Key::MaterialOriginalAndCopy,
        MaterialForm::Unknown => Key::MaterialFormUnknown,
    }
}

pub fn medium(m: Medium) -> Key {
    match m {
        Medium::Paper => Key::MaterialPaper,
        Medium::Electronic => Key::MaterialElectronic,
        Medium::Either => Key::MaterialEither,
        Medium::Unknown => Key::MaterialFormUnknown,
    }
}

pub fn necessity(n: Necessity) -> Key {
    match n {
        Necessity::Required => Key::MaterialRequired,
        Necessity::Optional => Key::MaterialOptional,
        Necessity::Deferrable => Key::MaterialDeferrable,
        Necessity::Unknown => Key::MaterialFormUnknown,
    }
}

pub fn delivery(d: DeliveryMethod) -> Key {
    match d {
        DeliveryMethod::Pickup => Key::DeliveryPickup,
        DeliveryMethod::Post => Key::DeliveryPost,
        DeliveryMethod::Electronic => Key::DeliveryElectronic,
        DeliveryMethod::Unknown => Key::MaterialFormUnknown,
    }
}

/// 网办深度 1–4 as words; anything else is "not stated".
pub fn online_depth(depth: u8) -> Key {
    match depth {
        1 => Key::DepthOne,
        2 => Key::DepthTwo,
        3 => Key::DepthThree,
        4 => Key::DepthFour,
        _ => Key::DepthUnknown,
    }
}

#[cfg(test)]
mod tests {
    use yishi_contract::{Lang::En, Lang::Zh};

    use super::*;

    fn limit_of(value: u16, unit: TimeUnit) -> TimeLimit {
        TimeLimit {
            value,
            unit,
            note: None,
        }
    }

    #[test]
    fn limits_read_naturally_in_both_languages() {
        assert_eq!(limit(Zh, &limit_of(5, TimeUnit::WorkingDays)), "5 个工作日");
        assert_eq!(
            limit(En, &limit_of(5, TimeUnit::WorkingDays)),
            "5 working days"
        );
        assert_eq!(
            limit(En, &limit_of(1, TimeUnit::WorkingDays)),
            "1 working day"
        );
        assert_eq!(
            limit(En, &limit_of(1, TimeUnit::NaturalDays)),
            "1 calendar day"
        );
        assert_eq!(limit(Zh, &limit_of(0, TimeUnit::WorkingDays)), "当场办结");
        // An unknown unit is not guessed as days ("48 日" for 48 hours).
        assert_eq!(
            limit(Zh, &limit_of(48, TimeUnit::Unknown)),
            "48（单位未注明）"
        );
        assert_eq!(
            limit(En, &limit_of(48, TimeUnit::Unknown)),
            "48 (unit not stated)"
        );
    }

    #[test]
    fn visits_and_copies_agree_in_number() {
        assert_eq!(visits(En, 0), "No visit needed");
        assert_eq!(visits(En, 1), "At most 1 visit");
        assert_eq!(visits(En, 2), "At most 2 visits");
        assert_eq!(visits(Zh, 1), "最多跑 1 次");
        assert_eq!(copies(En, 1), "1 copy");
        assert_eq!(copies(En, 3), "3 copies");
        assert_eq!(copies(Zh, 3), "3 份");
    }

    #[test]
    fn dates_and_times() {
        let d = Date {
            year: 2026,
            month: 3,
            day: 9,
        };
        assert_eq!(date(Zh, d), "2026年3月9日");
        assert_eq!(date(En, d), "9 Mar 2026");
        let t = Timestamp(1_773_019_800); // 2026-03-09 09:30 in China
        assert_eq!(timestamp(Zh, t), "2026年3月9日 09:30");
        assert_eq!(timestamp(En, t), "9 Mar 2026, 09:30");
    }
}
