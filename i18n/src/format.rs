//! How contract values read in the citizen's language. Display only: no logic lives here.

use yishi_contract::{
    ActAction, AuthorisationScope, AuthorisationStatus, CaseState, Date, DeliveryMethod, Holder,
    Lang, MaterialForm, Medium, Necessity, OpenEnum, RatingStage, Relation, Stage, TimeLimit,
    TimeUnit, Timestamp,
};

use crate::{Key, PageKey, count, fill, text};

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

/// A day without its year, as a day picker shows it: "12月7日" / "7 Dec".
pub fn day_month(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Zh => format!("{}月{}日", d.month, d.day),
        Lang::En => format!(
            "{} {}",
            d.day,
            MONTHS_EN[usize::from(d.month.clamp(1, 12)) - 1]
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

/// What the office says of its promise (网上申请；到窗口办理且材料齐全的当场办结; the time the
/// applicant takes that does not count), when it says anything.
pub fn limit_note(lang: Lang, l: &TimeLimit) -> Option<String> {
    let note = l.note.as_ref()?.get(lang).trim();
    (!note.is_empty()).then(|| note.to_string())
}

pub fn visits(lang: Lang, visits: u8) -> String {
    match visits {
        0 => text(lang, Key::VisitsNone).into(),
        n => count(lang, Key::VisitsCount, n),
    }
}

/// The legal limit beside a promise: "法定最长 20 个工作日", "by law at most 20 working days".
pub fn legal_limit_beside(lang: Lang, legal: &TimeLimit) -> String {
    fill(
        text(lang, Key::LimitLegalBeside),
        &[("limit", &limit(lang, legal))],
    )
}

/// A number as people write it: no ".0" on whole numbers.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The numbers a question or field accepts, in words ("1 到 6 之间", "from 1 to 6"); `None`
/// without bounds.
pub fn number_range(lang: Lang, min: Option<f64>, max: Option<f64>) -> Option<String> {
    let (key, args) = match (min, max) {
        (Some(lo), Some(hi)) => (
            Key::RangeBetween,
            [("min", number(lo)), ("max", number(hi))],
        ),
        (Some(lo), None) => (
            Key::RangeAtLeast,
            [("min", number(lo)), ("max", String::new())],
        ),
        (None, Some(hi)) => (
            Key::RangeAtMost,
            [("min", String::new()), ("max", number(hi))],
        ),
        (None, None) => return None,
    };
    Some(fill(
        text(lang, key),
        &[("min", &args[0].1), ("max", &args[1].1)],
    ))
}

/// Whose document: "孩子父亲的", "the father's".
pub fn holder(h: Holder) -> Key {
    match h {
        Holder::Applicant => Key::HolderApplicant,
        Holder::Father => Key::HolderFather,
        Holder::Mother => Key::HolderMother,
        Holder::Spouse => Key::HolderSpouse,
        Holder::Guardian => Key::HolderGuardian,
        Holder::Child => Key::HolderChild,
        Holder::Householder => Key::HolderHouseholder,
        Holder::LegalRepresentative => Key::HolderLegalRepresentative,
        Holder::Agent => Key::HolderAgent,
        Holder::Deceased => Key::HolderDeceased,
        Holder::Unknown => Key::HolderUnknown,
    }
}

/// A holder as a stable ASCII word (device keys of ticks).
pub fn holder_param(h: Holder) -> &'static str {
    match h {
        Holder::Applicant => "applicant",
        Holder::Father => "father",
        Holder::Mother => "mother",
        Holder::Spouse => "spouse",
        Holder::Guardian => "guardian",
        Holder::Child => "child",
        Holder::Householder => "householder",
        Holder::LegalRepresentative => "legal_representative",
        Holder::Agent => "agent",
        Holder::Deceased => "deceased",
        Holder::Unknown => "other",
    }
}

/// What to tell the citizen about a value, from `yishi_core::form::explain`: what is wrong
/// and how to fix it, with the numbers that matter.
pub fn field_problem(lang: Lang, p: &yishi_core::form::FieldProblem) -> String {
    use yishi_core::{form::FieldProblem as P, validate::IdProblem};
    let t = |key| text(lang, key);
    match *p {
        P::Required => t(Key::FormRequired).into(),
        P::RequiredChoice => t(Key::FormRequiredChoice).into(),
        P::RequiredFile => t(Key::FormRequiredFile).into(),
        P::TooShort { min, len } => fill(
            t(Key::FormTooShortBy),
            &[("min", &min.to_string()), ("n", &len.to_string())],
        ),
        P::TooLong { max, len } => fill(
            t(Key::FormTooLongBy),
            &[("max", &max.to_string()), ("n", &len.to_string())],
        ),
        P::ResidentId(IdProblem::Length(n)) => count(lang, Key::FormIdLength, n),
        P::ResidentId(IdProblem::Characters) => t(Key::FormIdCharacters).into(),
        P::ResidentId(IdProblem::BirthDate) => t(Key::FormIdBirthDate).into(),
        P::ResidentId(IdProblem::CheckCharacter) => t(Key::FormIdCheck).into(),
        P::ResidentIdFuture => t(Key::FormIdFuture).into(),
        P::Phone { digits } => count(lang, Key::FormPhone, digits),
        P::CreditCode { len } => count(lang, Key::FormCreditCode, len),
        P::DateFormat => t(Key::FormDateFormat).into(),
        P::DateAfter { today: true, .. } => t(Key::FormDateFuture).into(),
        P::DateAfter { max, .. } => fill(t(Key::FormDateAfter), &[("date", &date(lang, max))]),
        P::DateBefore { min } => fill(t(Key::FormDateBefore), &[("date", &date(lang, min))]),
        P::NumberFormat => t(Key::FormNumberFormat).into(),
        P::NumberRange { min, max } => match number_range(lang, min, max) {
            Some(range) => fill(t(Key::FormNumberRange), &[("range", &range)]),
            None => t(Key::FormOutOfRange).into(),
        },
        P::Choice => t(Key::FormChoice).into(),
        P::Pattern => t(Key::FormInvalid).into(),
    }
}

/// The largest file the contract accepts as an attachment: 10 MiB.
pub const MAX_FILE_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// Why a chosen file cannot be sent, before sending it: a type other than PDF, JPEG or PNG, or
/// more than 10 MiB (the contract's limits; the backend judges the content again).
pub fn file_problem(mime: &str, size: f64) -> Option<Key> {
    if !matches!(mime, "application/pdf" | "image/jpeg" | "image/png") {
        Some(Key::FormFileType)
    } else if size > MAX_FILE_BYTES {
        Some(Key::FormFileTooLarge)
    } else {
        None
    }
}

/// A file's size as people read it: "820 KB", "1.5 MB".
pub fn file_size(_lang: Lang, bytes: f64) -> String {
    let kb = bytes / 1024.0;
    if kb < 1000.0 {
        format!("{} KB", kb.ceil().max(1.0))
    } else {
        format!("{:.1} MB", kb / 1024.0)
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

/// A 好差评 level, 5 非常满意 … 1 非常不满意, as words; anything else is "not stated".
pub fn rating_level(level: u8) -> PageKey {
    match level {
        5 => Key::RatingLevel5,
        4 => Key::RatingLevel4,
        3 => Key::RatingLevel3,
        2 => Key::RatingLevel2,
        1 => Key::RatingLevel1,
        _ => Key::StageUnknown.page(),
    }
}

/// Which stage a 好差评 rating is of (一事一评): 受理, the application accepted, or 办结, the case
/// finished. A citizen may rate both, so every list of ratings says which is which.
pub fn rating_stage(stage: RatingStage) -> PageKey {
    match stage {
        RatingStage::Acceptance => Key::RatingStageAcceptance,
        RatingStage::Completion => Key::RatingStageCompletion,
        RatingStage::Unknown => Key::StageUnknown.page(),
    }
}

/// A case page's line for one of the citizen's ratings of it: 受理评价 or 办结评价 (a stage this
/// app does not know: 您的评价).
pub fn your_rating(stage: RatingStage) -> PageKey {
    match stage {
        RatingStage::Acceptance => Key::CaseYourRatingAcceptance,
        RatingStage::Completion => Key::CaseYourRatingCompletion,
        RatingStage::Unknown => Key::CaseYourRating,
    }
}

/// The app's own words for the rating dimensions it knows (评价维度), by their contract code.
pub fn known_dimension(code: &str) -> Option<Key> {
    Some(match code {
        "efficiency" => Key::DimensionEfficiency,
        "guide_accuracy" => Key::DimensionGuideAccuracy,
        "convenience" => Key::DimensionConvenience,
        "ease_of_use" => Key::DimensionEaseOfUse,
        "service_level" => Key::DimensionServiceLevel,
        "attitude" => Key::DimensionAttitude,
        _ => return None,
    })
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

/// 代办: what a family member is to the citizen.
pub fn relation(r: Relation) -> PageKey {
    match r {
        Relation::Child => Key::FamilyRelationChild,
        Relation::Parent => Key::FamilyRelationParent,
        Relation::Spouse => Key::FamilyRelationSpouse,
        Relation::Grandparent => Key::FamilyRelationGrandparent,
        Relation::Other => Key::FamilyRelationOther,
        Relation::Unknown => Key::FamilyRelationUnknown,
    }
}

/// What an authorisation allows; an unknown scope reads as view-only, as the contract says.
pub fn scope(s: AuthorisationScope) -> PageKey {
    match s {
        AuthorisationScope::All => Key::FamilyScopeAll,
        AuthorisationScope::View | AuthorisationScope::Unknown => Key::FamilyScopeView,
    }
}

pub fn authorisation_status(s: AuthorisationStatus) -> PageKey {
    match s {
        AuthorisationStatus::Pending => Key::FamilyStatusPending,
        AuthorisationStatus::Current => Key::FamilyStatusCurrent,
        AuthorisationStatus::Ended => Key::FamilyStatusEnded,
        AuthorisationStatus::Expired => Key::FamilyStatusExpired,
        AuthorisationStatus::Unknown => Key::FamilyStatusUnknown,
    }
}

/// What an agent did, in a phrase after their name.
pub fn act_action(a: ActAction) -> PageKey {
    match a {
        ActAction::ApplicationSubmitted => Key::FamilyActionApplicationSubmitted,
        ActAction::AttachmentUploaded => Key::FamilyActionAttachmentUploaded,
        ActAction::CaseWithdrawn => Key::FamilyActionCaseWithdrawn,
        ActAction::SupplementSent => Key::FamilyActionSupplementSent,
        ActAction::RatingGiven => Key::FamilyActionRatingGiven,
        ActAction::CallbackAnswered => Key::FamilyActionCallbackAnswered,
        ActAction::MessagesRead => Key::FamilyActionMessagesRead,
        ActAction::SuggestionDismissed => Key::FamilyActionSuggestionDismissed,
        ActAction::LicenceCodeIssued => Key::FamilyActionLicenceCodeIssued,
        ActAction::AppointmentBooked => Key::FamilyActionAppointmentBooked,
        ActAction::AppointmentChanged => Key::FamilyActionAppointmentChanged,
        ActAction::AppointmentCancelled => Key::FamilyActionAppointmentCancelled,
        ActAction::TicketTaken => Key::FamilyActionTicketTaken,
        ActAction::Unknown => Key::FamilyActionUnknown,
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
    fn a_limit_note_in_the_language_asked_for_and_none_when_blank() {
        let mut promised = limit_of(3, TimeUnit::WorkingDays);
        assert_eq!(limit_note(Zh, &promised), None);
        promised.note = Some(yishi_contract::Text::new(
            "网上申请；到窗口办理且材料齐全的当场办结",
            "Online; at the window, on the spot",
        ));
        assert_eq!(
            limit_note(Zh, &promised).as_deref(),
            Some("网上申请；到窗口办理且材料齐全的当场办结")
        );
        assert_eq!(
            limit_note(En, &promised).as_deref(),
            Some("Online; at the window, on the spot")
        );
        // Only Chinese: English readers get it too, rather than nothing.
        promised.note = Some(yishi_contract::Text::zh("即办件"));
        assert_eq!(limit_note(En, &promised).as_deref(), Some("即办件"));
        promised.note = Some(yishi_contract::Text::zh("  "));
        assert_eq!(limit_note(Zh, &promised), None);
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
    fn every_family_value_reads_differently_and_unknown_ones_read_safely() {
        use std::collections::HashSet;
        fn distinct<T: OpenEnum>(f: fn(T) -> PageKey) -> usize {
            T::ALL
                .iter()
                .map(|v| text(Zh, f(*v)))
                .collect::<HashSet<_>>()
                .len()
        }
        assert_eq!(distinct(relation), Relation::ALL.len());
        assert_eq!(
            distinct(authorisation_status),
            AuthorisationStatus::ALL.len()
        );
        assert_eq!(distinct(act_action), ActAction::ALL.len());
        assert_eq!(distinct(scope), AuthorisationScope::ALL.len());
        // An unknown scope never reads as "may act".
        assert_eq!(scope(AuthorisationScope::Unknown), Key::FamilyScopeView);
        assert_eq!(text(En, act_action(ActAction::Unknown)), "made a change");
    }

    #[test]
    fn the_two_rating_stages_read_differently_in_both_languages() {
        for lang in [Zh, En] {
            let [a, c] = [RatingStage::Acceptance, RatingStage::Completion];
            assert_ne!(text(lang, rating_stage(a)), text(lang, rating_stage(c)));
            assert_ne!(text(lang, your_rating(a)), text(lang, your_rating(c)));
        }
        assert_eq!(text(Zh, your_rating(RatingStage::Acceptance)), "受理评价");
        assert_eq!(text(Zh, your_rating(RatingStage::Completion)), "办结评价");
        // A stage this app does not know is still the citizen's rating, named as before.
        assert_eq!(text(Zh, your_rating(RatingStage::Unknown)), "您的评价");
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
    fn ranges_and_whose_read_naturally() {
        // Chinese puts spaces between characters and digits, so the range carries them and
        // the sentence around it does not: "请填写 1 到 6 之间的数字".
        assert_eq!(
            number_range(Zh, Some(1.0), Some(6.0)).unwrap(),
            " 1 到 6 之间"
        );
        assert_eq!(
            crate::fill(
                text(Zh, Key::EventAnswerOutOfRange),
                &[("range", &number_range(Zh, Some(1.0), Some(6.0)).unwrap())]
            ),
            "请填写 1 到 6 之间的数字。"
        );
        assert_eq!(
            number_range(En, Some(1.0), Some(6.0)).unwrap(),
            "from 1 to 6"
        );
        assert_eq!(
            number_range(En, Some(0.5), None).unwrap(),
            "of at least 0.5"
        );
        assert_eq!(number_range(Zh, None, Some(99.0)).unwrap(), "不大于 99 ");
        assert_eq!(number_range(Zh, None, None), None);
        let whose = |lang, h| {
            crate::fill(
                text(lang, Key::PlanWhose),
                &[("who", text(lang, holder(h))), ("what", "居民身份证")],
            )
        };
        assert_eq!(whose(Zh, Holder::Father), "孩子父亲的居民身份证");
        assert_eq!(whose(En, Holder::Father), "居民身份证 (the father's)");
        let legal = TimeLimit {
            value: 20,
            unit: TimeUnit::WorkingDays,
            note: None,
        };
        assert_eq!(legal_limit_beside(Zh, &legal), "法定最长 20 个工作日");
        assert_eq!(
            legal_limit_beside(En, &legal),
            "By law at most 20 working days"
        );
    }

    #[test]
    fn files_are_checked_and_sized_before_sending() {
        assert_eq!(file_problem("image/png", 1000.0), None);
        assert_eq!(file_problem("application/pdf", MAX_FILE_BYTES), None);
        assert_eq!(
            file_problem("image/jpeg", MAX_FILE_BYTES + 1.0),
            Some(Key::FormFileTooLarge)
        );
        assert_eq!(file_problem("image/heic", 10.0), Some(Key::FormFileType));
        assert_eq!(file_problem("", 10.0), Some(Key::FormFileType));
        assert_eq!(file_size(Zh, 300.0), "1 KB");
        assert_eq!(file_size(En, 839_000.0), "820 KB");
        assert_eq!(file_size(Zh, 1_572_864.0), "1.5 MB");
    }

    #[test]
    fn field_problems_say_how_to_fix_them() {
        use yishi_core::{form::FieldProblem as P, validate::IdProblem};
        let today = Date {
            year: 2026,
            month: 3,
            day: 9,
        };
        assert_eq!(
            field_problem(Zh, &P::ResidentId(IdProblem::CheckCharacter)),
            "身份证号码的最后一位和前面的数字对不上，请对照证件逐位核对。"
        );
        assert_eq!(
            field_problem(En, &P::ResidentId(IdProblem::Length(17))),
            "An ID number has 18 characters; this has 17."
        );
        assert_eq!(
            field_problem(
                Zh,
                &P::DateAfter {
                    max: today,
                    today: true
                }
            ),
            "日期不能晚于今天。"
        );
        assert_eq!(
            field_problem(
                En,
                &P::DateAfter {
                    max: today,
                    today: false
                }
            ),
            "The date can't be after 9 Mar 2026."
        );
        assert_eq!(
            field_problem(Zh, &P::TooShort { min: 12, len: 8 }),
            "至少要 12 个字符，现在是 8 个。"
        );
        assert_eq!(
            field_problem(En, &P::TooShort { min: 12, len: 1 }),
            "Enter at least 12 characters; this has 1."
        );
        assert_eq!(
            field_problem(
                En,
                &P::NumberRange {
                    min: Some(1.0),
                    max: Some(6.0)
                }
            ),
            "Enter a number from 1 to 6."
        );
        assert_eq!(
            field_problem(En, &P::Phone { digits: 1 }),
            "A mobile number has 11 digits; this has 1."
        );
    }

    #[test]
    fn days_without_their_year() {
        let d = Date::new(2026, 12, 7).unwrap();
        assert_eq!(day_month(Lang::Zh, d), "12月7日");
        assert_eq!(day_month(Lang::En, d), "7 Dec");
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
