//! How contract values read in the citizen's language. Display only: no logic lives here.

use yishi_contract::{
    CaseState, Date, DeliveryMethod, Lang, MaterialForm, Medium, Necessity, OpenEnum, Stage,
    TimeLimit, TimeUnit, Timestamp,
};

use crate::i18n::{Key, fill, text};

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
        TimeUnit::Unknown => Key::LimitDays,
    };
    fill(text(lang, key), &[("n", &l.value.to_string())])
}

pub fn visits(lang: Lang, count: u8) -> String {
    match count {
        0 => text(lang, Key::VisitsNone).into(),
        n => fill(text(lang, Key::VisitsCount), &[("n", &n.to_string())]),
    }
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

/// The contract's name for a case state, as used in `?state=`.
pub fn case_state_param(s: CaseState) -> &'static str {
    match s {
        CaseState::Unknown => "",
        known => known.as_str(),
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
    use super::*;

    #[test]
    fn dates_and_limits_read_naturally_in_both_languages() {
        let d = Date::new(2026, 3, 9).unwrap();
        assert_eq!(date(Lang::Zh, d), "2026年3月9日");
        assert_eq!(date(Lang::En, d), "9 Mar 2026");
        let working = TimeLimit {
            value: 5,
            unit: TimeUnit::WorkingDays,
            note: None,
        };
        assert_eq!(limit(Lang::En, &working), "5 working days");
        assert_eq!(limit(Lang::Zh, &working), "5 个工作日");
        let on_the_spot = TimeLimit {
            value: 0,
            unit: TimeUnit::WorkingDays,
            note: None,
        };
        assert_eq!(limit(Lang::En, &on_the_spot), "On the spot");
        let unknown_unit = TimeLimit {
            value: 3,
            unit: TimeUnit::Unknown,
            note: None,
        };
        assert_eq!(limit(Lang::En, &unknown_unit), "3 days");
        assert_eq!(visits(Lang::En, 0), text(Lang::En, Key::VisitsNone));
        assert!(visits(Lang::Zh, 1).contains('1'));
    }

    #[test]
    fn case_states_are_written_as_the_contract_writes_them() {
        assert_eq!(case_state_param(CaseState::NeedsAction), "needs_action");
        assert_eq!(case_state_param(CaseState::Unknown), "");
    }
}
