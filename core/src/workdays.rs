//! Working-day arithmetic (工作日计算): the one implementation of the legal clock, used by the
//! server (whose due dates are authoritative) and by the app (which must agree with them).
//!
//! # Rules
//!
//! - **Start.** A time limit counts from the day *after* acceptance (期限自受理之次日起算); the
//!   acceptance day itself never counts. A limit of 0 (即办件, on the spot) is due on the
//!   acceptance day.
//! - **Working days** (工作日, the Administrative Licensing Law's unit, Art. 82) skip weekends and
//!   public holidays (法定节假日及调休放假) and include make-up working days (调休上班: a Saturday
//!   or Sunday that is a working day). A day listed as a holiday is never a working day.
//! - **Natural days** (自然日): every day counts, but when the last day is not a working day the
//!   limit ends on the next working day (民法典 第二百零三条).
//! - **Unknown units** (a unit a newer backend knows) count as working days, the law's default
//!   unit; this also errs towards a later due date, so the app never cries "overdue" falsely.
//! - **Pauses** (补正, 特别程序) stop the clock. The day a pause starts still counts; the days after
//!   it, up to and including the day it ends, do not; counting resumes the day after it ends. An
//!   open pause (`to: None`) excludes every day after `from`. Pauses may overlap.
//! - **Outside the calendar.** A year the [`Calendar`] does not cover is counted as weekends-only;
//!   callers should check [`Calendar::covers`] and flag the result as approximate.
//!
//! - **A life event's case** (一件事) is promised within the event's `promised_limit`; its legal
//!   limit is the longest legal limit of the matters it includes ([`event_case_limits`]), so a
//!   citizen told "5 working days" on the event page sees the same 5 on the case, with the law's
//!   outer limit beside it.
//!
//! The holiday data always comes from the backend (`GET /api/v1/calendar`), never from this code.

use std::collections::BTreeSet;

use yishi_contract::{Date, Deadline, HolidayCalendar, Pause, TimeLimit, TimeUnit};

/// The longest stretch we walk looking for a due date (about 400 years, beyond any `u16`
/// limit): a runtime guard only, never reached by real data.
const MAX_WALK_DAYS: i64 = 366 * 400;

/// A holiday calendar prepared for fast lookups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Days off that would otherwise be working days, as days since the epoch.
    holidays: BTreeSet<i64>,
    /// Weekend days that are working days (调休上班).
    makeup: BTreeSet<i64>,
    years: BTreeSet<i32>,
}

impl Calendar {
    /// Prepares the backend's calendar.
    pub fn from_contract(cal: &HolidayCalendar) -> Calendar {
        let mut out = Calendar::default();
        for y in &cal.years {
            out.years.insert(y.year);
            out.holidays.extend(y.holidays.iter().map(|d| d.to_days()));
            out.makeup
                .extend(y.makeup_workdays.iter().map(|d| d.to_days()));
        }
        out
    }

    /// A calendar that knows no year: weekends only.
    pub fn weekends_only() -> Calendar {
        Calendar::default()
    }

    /// Whether `year`'s holiday arrangement is known; outside it, results are approximate.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// Whether every year from `from` to `to` (inclusive) is covered.
    pub fn covers_range(&self, from: Date, to: Date) -> bool {
        (from.year.min(to.year)..=from.year.max(to.year)).all(|y| self.covers(y))
    }

    /// Whether `d` is a working day: a weekday that is not a holiday, or a make-up working day.
    pub fn is_working_day(&self, d: Date) -> bool {
        let n = d.to_days();
        if self.holidays.contains(&n) {
            return false;
        }
        self.makeup.contains(&n) || !d.is_weekend()
    }

    /// The first working day on or after `d`.
    pub fn next_working_day_from(&self, d: Date) -> Date {
        let mut day = d;
        for _ in 0..MAX_WALK_DAYS {
            if self.is_working_day(day) {
                return day;
            }
            day = day.add_days(1);
        }
        day
    }
}

/// Whether `day` is excluded by a pause; open pauses end at `open_until` (inclusive).
fn paused_on(pauses: &[Pause], day: Date, open_until: Option<Date>) -> bool {
    pauses.iter().any(|p| {
        let end = match (p.to, open_until) {
            (Some(to), _) => Some(to),
            (None, until) => until,
        };
        day > p.from && end.is_none_or(|e| day <= e)
    })
}

/// Whether `day` counts towards a limit in `unit`, pauses aside.
fn counts(cal: &Calendar, unit: TimeUnit, day: Date) -> bool {
    match unit {
        TimeUnit::NaturalDays => true,
        TimeUnit::WorkingDays | TimeUnit::Unknown => cal.is_working_day(day),
    }
}

/// The last day within `limit` for a case accepted on `accepted_on`, pauses included.
/// Open pauses are treated as ending on `as_of`, so the date moves on while a pause lasts.
pub fn due_date(
    cal: &Calendar,
    accepted_on: Date,
    limit: &TimeLimit,
    pauses: &[Pause],
    as_of: Date,
) -> Date {
    if limit.value == 0 {
        return accepted_on;
    }
    let mut day = accepted_on;
    let mut counted = 0u16;
    for _ in 0..MAX_WALK_DAYS {
        day = day.add_days(1);
        if counts(cal, limit.unit, day) && !paused_on(pauses, day, Some(as_of)) {
            counted += 1;
            if counted == limit.value {
                break;
            }
        }
    }
    match limit.unit {
        // 民法典 第二百零三条: a period ending on a holiday ends on the next working day.
        TimeUnit::NaturalDays => cal.next_working_day_from(day),
        TimeUnit::WorkingDays | TimeUnit::Unknown => day,
    }
}

/// The days counted from the day after `accepted_on` up to and including `as_of`, pauses
/// excluded (an open pause excludes every day after it began). Saturates at `u16::MAX`.
pub fn used_days(
    cal: &Calendar,
    accepted_on: Date,
    unit: TimeUnit,
    pauses: &[Pause],
    as_of: Date,
) -> u16 {
    let mut used = 0u16;
    let mut day = accepted_on.add_days(1);
    while day <= as_of && used < u16::MAX {
        if counts(cal, unit, day) && !paused_on(pauses, day, None) {
            used += 1;
        }
        day = day.add_days(1);
    }
    used
}

/// The clock of a case, as the contract's [`Deadline`] carries it.
///
/// - `stopped_on` is the day counting stopped (a decision, not-accepted, withdrawal); `as_of`
///   is that day, else `today`. Open pauses are treated as ending on `as_of`.
/// - `used_days` counts in the promise's unit.
/// - `paused`: the case is not stopped and a pause covers today (an open pause that began on or
///   before today, or a closed one that has not yet ended).
/// - `overdue`: `as_of` is after the promised due date. For a running case this means more days
///   used than promised; for a stopped case, the decision came after the promised due date.
///   A paused case whose limit had not run out when the pause began is never overdue.
/// - Before acceptance there are no due dates, nothing used and nothing overdue.
pub fn compute_deadline(
    cal: &Calendar,
    promised: &TimeLimit,
    legal: &TimeLimit,
    accepted_on: Option<Date>,
    pauses: &[Pause],
    stopped_on: Option<Date>,
    today: Date,
) -> Deadline {
    let as_of = stopped_on.unwrap_or(today);
    let mut deadline = Deadline {
        promised: promised.clone(),
        legal: legal.clone(),
        accepted_on,
        promised_due_on: None,
        legal_due_on: None,
        used_days: 0,
        paused: false,
        overdue: false,
        as_of,
    };
    let Some(accepted) = accepted_on else {
        return deadline;
    };
    let promised_due = due_date(cal, accepted, promised, pauses, as_of);
    deadline.promised_due_on = Some(promised_due);
    deadline.legal_due_on = Some(due_date(cal, accepted, legal, pauses, as_of));
    deadline.used_days = used_days(cal, accepted, promised.unit, pauses, as_of);
    deadline.paused = stopped_on.is_none()
        && pauses
            .iter()
            .any(|p| p.from <= today && p.to.is_none_or(|to| today < to));
    deadline.overdue = as_of > promised_due;
    deadline
}

/// A served [`Deadline`] counted again for another day, from what the contract gives a client:
/// the deadline itself, the case's pauses and the published calendar. A deadline whose `as_of`
/// is before `served_on` had stopped (a decision, not accepted, withdrawn) and stays as it was
/// counted; otherwise it is counted as of `today`. The backend's figures are authoritative;
/// this is what a client shows for a copy it kept when the day has moved on, and it must agree
/// with what the backend answers that day (tested in `server/tests/api.rs`).
pub fn recount(
    cal: &Calendar,
    served: &Deadline,
    pauses: &[Pause],
    served_on: Date,
    today: Date,
) -> Deadline {
    let stopped_on = (served.as_of < served_on).then_some(served.as_of);
    compute_deadline(
        cal,
        &served.promised,
        &served.legal,
        served.accepted_on,
        pauses,
        stopped_on,
        today,
    )
}

/// A limit's length in natural days for comparing limits of different units: a working day
/// counts as 7/5 of a natural day (five working days to a week), rounded up. Unknown units
/// count as working days, as everywhere in this module.
fn comparable_days(l: &TimeLimit) -> u32 {
    match l.unit {
        TimeUnit::NaturalDays => u32::from(l.value),
        TimeUnit::WorkingDays | TimeUnit::Unknown => (u32::from(l.value) * 7).div_ceil(5),
    }
}

/// The longest of `limits` (the first of equals), compared across units by
/// [`comparable_days`]; `None` when there are none. It keeps its own unit and note.
pub fn longest_limit<'a>(limits: impl IntoIterator<Item = &'a TimeLimit>) -> Option<TimeLimit> {
    let mut best: Option<&TimeLimit> = None;
    for l in limits {
        if best.is_none_or(|b| comparable_days(l) > comparable_days(b)) {
            best = Some(l);
        }
    }
    best.cloned()
}

/// The limits of a life event's case (the contract's rule): promised is the event's
/// `promised_limit`; legal is the longest legal limit of the case's matters, and never shorter
/// than the promise (a promise is a shorter legal limit, not a longer one).
pub fn event_case_limits<'a>(
    promised: &TimeLimit,
    member_legal_limits: impl IntoIterator<Item = &'a TimeLimit>,
) -> (TimeLimit, TimeLimit) {
    let legal = longest_limit(member_legal_limits)
        .filter(|l| comparable_days(l) >= comparable_days(promised))
        .unwrap_or_else(|| promised.clone());
    (promised.clone(), legal)
}

#[cfg(test)]
mod tests {
    use yishi_contract::{CalendarYear, Stage, Text};

    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("bad date {s}"))
    }

    fn dates(list: &[&str]) -> Vec<Date> {
        list.iter().map(|s| d(s)).collect()
    }

    fn wd(value: u16) -> TimeLimit {
        TimeLimit {
            value,
            unit: TimeUnit::WorkingDays,
            note: None,
        }
    }

    fn nd(value: u16) -> TimeLimit {
        TimeLimit {
            value,
            unit: TimeUnit::NaturalDays,
            note: None,
        }
    }

    fn pause(from: &str, to: Option<&str>) -> Pause {
        Pause {
            stage: Stage::SupplementRequired,
            from: d(from),
            to: to.map(d),
        }
    }

    /// A fixture calendar. Its dates are shaped like a State Council arrangement but are test
    /// data: the tests assert the arithmetic over *these* dates, not any real year's holidays.
    fn fixture() -> Calendar {
        Calendar::from_contract(&HolidayCalendar {
            years: vec![
                CalendarYear {
                    year: 2026,
                    // A New Year break, a week-long spring break with make-up Saturdays, a May break.
                    holidays: dates(&[
                        "2026-01-01",
                        "2026-01-02",
                        "2026-02-16",
                        "2026-02-17",
                        "2026-02-18",
                        "2026-02-19",
                        "2026-02-20",
                        "2026-05-01",
                        "2026-05-04",
                        "2026-05-05",
                        "2026-10-01",
                        "2026-10-02",
                        "2026-10-05",
                        "2026-10-06",
                        "2026-10-07",
                    ]),
                    makeup_workdays: dates(&[
                        "2026-02-14",
                        "2026-02-28",
                        "2026-05-09",
                        "2026-10-10",
                    ]),
                    source: Text::new("测试日历", "test calendar"),
                },
                CalendarYear {
                    year: 2027,
                    holidays: dates(&["2027-01-01"]),
                    makeup_workdays: vec![],
                    source: Text::new("测试日历", "test calendar"),
                },
            ],
        })
    }

    /// `(accepted, limit, pauses, as_of, due)`: due dates worked out by hand on a paper calendar.
    fn check_due(
        cal: &Calendar,
        accepted: &str,
        limit: TimeLimit,
        pauses: &[Pause],
        as_of: &str,
        want: &str,
    ) {
        let got = due_date(cal, d(accepted), &limit, pauses, d(as_of));
        assert_eq!(
            got,
            d(want),
            "accepted {accepted}, {limit:?}, pauses {pauses:?}, as of {as_of}"
        );
    }

    #[test]
    fn working_days_follow_the_calendar() {
        let cal = fixture();
        assert!(cal.is_working_day(d("2026-03-02"))); // Monday
        assert!(!cal.is_working_day(d("2026-03-07"))); // Saturday
        assert!(!cal.is_working_day(d("2026-03-08"))); // Sunday
        assert!(!cal.is_working_day(d("2026-02-17"))); // holiday on a Tuesday
        assert!(cal.is_working_day(d("2026-02-14"))); // make-up Saturday
        assert!(cal.is_working_day(d("2026-02-28"))); // make-up Saturday
        assert!(cal.covers(2026) && cal.covers(2027) && !cal.covers(2028) && !cal.covers(2025));
        assert!(cal.covers_range(d("2026-12-28"), d("2027-02-01")));
        assert!(!cal.covers_range(d("2027-12-28"), d("2028-01-05")));
    }

    #[test]
    fn calendar_from_the_wire() {
        let json = r#"{"years": [{"year": 2026, "holidays": ["2026-10-01"], "makeup_workdays": ["2026-10-10"],
            "source": {"zh-CN": "国务院办公厅通知", "en": "State Council notice"}}]}"#;
        let cal = Calendar::from_contract(&serde_json::from_str(json).unwrap());
        assert!(
            !cal.is_working_day(d("2026-10-01"))
                && cal.is_working_day(d("2026-10-10"))
                && cal.covers(2026)
        );
    }

    #[test]
    fn a_day_listed_both_ways_is_a_holiday() {
        let cal = Calendar::from_contract(&HolidayCalendar {
            years: vec![CalendarYear {
                year: 2026,
                holidays: dates(&["2026-03-07"]),
                makeup_workdays: dates(&["2026-03-07"]),
                source: Text::zh("测试"),
            }],
        });
        assert!(!cal.is_working_day(d("2026-03-07")));
    }

    #[test]
    fn due_dates_without_pauses() {
        let cal = fixture();
        // Accepted Monday 2026-03-02: Tue..Fri = 4, next Mon = 5.
        check_due(&cal, "2026-03-02", wd(5), &[], "2026-03-02", "2026-03-09");
        check_due(&cal, "2026-03-02", wd(1), &[], "2026-03-02", "2026-03-03");
        // Accepted on Friday: the weekend does not count.
        check_due(&cal, "2026-03-06", wd(1), &[], "2026-03-06", "2026-03-09");
        // Accepted on a Saturday (e.g. a make-up day or an online submission): Monday is day 1.
        check_due(&cal, "2026-03-07", wd(1), &[], "2026-03-07", "2026-03-09");
        // 20 working days from Monday 2026-03-02: four full weeks later, Monday 2026-03-30.
        check_due(&cal, "2026-03-02", wd(20), &[], "2026-03-02", "2026-03-30");
        // Instant matters are due the day they are accepted.
        check_due(&cal, "2026-03-06", wd(0), &[], "2026-03-06", "2026-03-06");
        check_due(&cal, "2026-03-07", nd(0), &[], "2026-03-07", "2026-03-07");
    }

    #[test]
    fn due_dates_across_holidays_and_makeup_days() {
        let cal = fixture();
        // Accepted Thursday 2026-02-12: Fri 13 = 1, Sat 14 (make-up) = 2, holidays 16–20,
        // weekend 21–22, Mon 23 = 3, Tue 24 = 4, Wed 25 = 5.
        check_due(&cal, "2026-02-12", wd(5), &[], "2026-02-12", "2026-02-25");
        // ...Thu 26 = 6, Fri 27 = 7, Sat 28 (make-up) = 8, Mon 2 Mar = 9.
        check_due(&cal, "2026-02-12", wd(8), &[], "2026-02-12", "2026-02-28");
        check_due(&cal, "2026-02-12", wd(9), &[], "2026-02-12", "2026-03-02");
        // Accepted on New Year's Eve: Jan 1–2 are holidays, Jan 3–4 the weekend.
        check_due(&cal, "2025-12-31", wd(1), &[], "2025-12-31", "2026-01-05");
        // May: Fri 1 holiday, weekend, Mon 4 & Tue 5 holidays; Sat 9 is a make-up day.
        check_due(&cal, "2026-04-30", wd(3), &[], "2026-04-30", "2026-05-08");
        check_due(&cal, "2026-04-30", wd(4), &[], "2026-04-30", "2026-05-09");
    }

    #[test]
    fn year_end_with_the_next_year_in_the_calendar() {
        let cal = fixture();
        // Monday 2026-12-28 + 20 working days: Dec 29–31 = 3, Jan 1 holiday, Jan 4–8 = 8,
        // Jan 11–15 = 13, Jan 18–22 = 18, Jan 25 = 19, Jan 26 = 20.
        check_due(&cal, "2026-12-28", wd(20), &[], "2026-12-28", "2027-01-26");
    }

    #[test]
    fn years_outside_the_calendar_are_weekends_only() {
        let only_2026 = Calendar::from_contract(&HolidayCalendar {
            years: vec![CalendarYear {
                year: 2026,
                holidays: vec![],
                makeup_workdays: vec![],
                source: Text::zh("测试"),
            }],
        });
        assert!(!only_2026.covers(2027));
        assert!(only_2026.is_working_day(d("2027-01-01"))); // a Friday, unknown to this calendar
        // Same case as above, but Jan 1 now counts: due one working day earlier.
        check_due(
            &only_2026,
            "2026-12-28",
            wd(20),
            &[],
            "2026-12-28",
            "2027-01-25",
        );
        let none = Calendar::weekends_only();
        check_due(&none, "2030-06-07", wd(1), &[], "2030-06-07", "2030-06-10");
    }

    #[test]
    fn natural_days_move_off_non_working_days() {
        let cal = fixture();
        // Accepted Monday 2026-03-02, 5 natural days: Saturday 2026-03-07 → Monday 03-09.
        check_due(&cal, "2026-03-02", nd(5), &[], "2026-03-02", "2026-03-09");
        // 4 natural days: Friday 03-06, a working day, stays.
        check_due(&cal, "2026-03-02", nd(4), &[], "2026-03-02", "2026-03-06");
        // Landing on a holiday: 2026-02-10 + 7 = Tue 02-17 (holiday) → Mon 02-23.
        check_due(&cal, "2026-02-10", nd(7), &[], "2026-02-10", "2026-02-23");
        // Landing on a make-up Saturday: 2026-02-09 + 5 = Sat 02-14, a working day, stays.
        check_due(&cal, "2026-02-09", nd(5), &[], "2026-02-09", "2026-02-14");
        // Natural days count weekends and holidays in the middle.
        check_due(&cal, "2026-02-12", nd(12), &[], "2026-02-12", "2026-02-24");
    }

    #[test]
    fn unknown_units_count_as_working_days() {
        let cal = fixture();
        let unknown = TimeLimit {
            value: 5,
            unit: TimeUnit::Unknown,
            note: None,
        };
        check_due(&cal, "2026-03-02", unknown, &[], "2026-03-02", "2026-03-09");
        assert_eq!(
            used_days(
                &cal,
                d("2026-03-02"),
                TimeUnit::Unknown,
                &[],
                d("2026-03-09")
            ),
            5
        );
    }

    #[test]
    fn closed_pauses_shift_the_due_date() {
        let cal = fixture();
        // Accepted Mon 03-02, 5 working days (due 03-09 without pauses).
        // Pause Tue 03-03 to Thu 03-05: Tue counts (1), Wed and Thu do not, Fri 06 = 2,
        // Mon 09 = 3, Tue 10 = 4, Wed 11 = 5.
        let p = [pause("2026-03-03", Some("2026-03-05"))];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-11");
        // A one-day pause (starts and ends the same day) stops nothing.
        let p = [pause("2026-03-03", Some("2026-03-03"))];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-09");
        // A pause over a weekend only costs nothing.
        let p = [pause("2026-03-06", Some("2026-03-08"))];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-09");
        // A pause starting on the acceptance day: Tue 03-03 is excluded, Wed 04 = 1 … Tue 10 = 5.
        let p = [pause("2026-03-02", Some("2026-03-03"))];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-10");
    }

    #[test]
    fn several_and_overlapping_pauses() {
        let cal = fixture();
        // Two pauses: 03-03..03-04 (excludes Wed 04) and 03-09..03-11 (excludes Tue 10, Wed 11).
        // Tue 03 = 1, Thu 05 = 2, Fri 06 = 3, Mon 09 = 4, Thu 12 = 5.
        let p = [
            pause("2026-03-03", Some("2026-03-04")),
            pause("2026-03-09", Some("2026-03-11")),
        ];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-12");
        // Overlapping pauses exclude their union once, not twice.
        let p = [
            pause("2026-03-03", Some("2026-03-05")),
            pause("2026-03-04", Some("2026-03-05")),
        ];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-11");
        // Order does not matter.
        let p = [
            pause("2026-03-09", Some("2026-03-11")),
            pause("2026-03-03", Some("2026-03-04")),
        ];
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-20", "2026-03-12");
    }

    #[test]
    fn open_pauses_end_at_as_of() {
        let cal = fixture();
        let p = [pause("2026-03-03", None)];
        // As of Thu 03-05: Wed and Thu excluded, like the closed pause above.
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-05", "2026-03-11");
        // A week later the due date has moved a week on: Tue 03 = 1, then 03-13.. excluded up to
        // as_of 03-12; Fri 13 = 2, Mon 16 = 3, Tue 17 = 4, Wed 18 = 5.
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-12", "2026-03-18");
        // A pause that begins after as_of has no effect yet.
        check_due(&cal, "2026-03-02", wd(5), &p, "2026-03-02", "2026-03-09");
    }

    #[test]
    fn used_days_counts_from_the_day_after_acceptance() {
        let cal = fixture();
        let acc = d("2026-03-02");
        let used = |pauses: &[Pause], as_of: &str| {
            used_days(&cal, acc, TimeUnit::WorkingDays, pauses, d(as_of))
        };
        assert_eq!(used(&[], "2026-03-02"), 0); // acceptance day
        assert_eq!(used(&[], "2026-03-01"), 0); // before acceptance
        assert_eq!(used(&[], "2026-03-03"), 1);
        assert_eq!(used(&[], "2026-03-08"), 4); // weekend adds nothing
        assert_eq!(used(&[], "2026-03-09"), 5);
        // An open pause from Tue 03-03 freezes the count at 1 (its first day still counts).
        let open = [pause("2026-03-03", None)];
        assert_eq!(used(&open, "2026-03-03"), 1);
        assert_eq!(used(&open, "2026-04-30"), 1);
        // Closed pause: resumes the day after `to`.
        let closed = [pause("2026-03-03", Some("2026-03-05"))];
        assert_eq!(used(&closed, "2026-03-05"), 1);
        assert_eq!(used(&closed, "2026-03-06"), 2);
        // Natural days count everything.
        assert_eq!(
            used_days(&cal, acc, TimeUnit::NaturalDays, &[], d("2026-03-09")),
            7
        );
        assert_eq!(
            used_days(&cal, acc, TimeUnit::NaturalDays, &closed, d("2026-03-09")),
            5
        );
        // Holidays do not count, make-up days do.
        assert_eq!(
            used_days(
                &cal,
                d("2026-02-12"),
                TimeUnit::WorkingDays,
                &[],
                d("2026-03-01")
            ),
            8
        );
    }

    #[test]
    fn used_and_due_agree() {
        // For every limit, the due date is the first day on which `used` reaches the limit.
        let cal = fixture();
        let acc = d("2026-02-10");
        let pauses = [
            pause("2026-02-24", Some("2026-03-03")),
            pause("2026-03-10", Some("2026-03-10")),
        ];
        for n in 1..=40 {
            let due = due_date(&cal, acc, &wd(n), &pauses, d("2026-12-31"));
            let used = |day: Date| used_days(&cal, acc, TimeUnit::WorkingDays, &pauses, day);
            assert_eq!(used(due), n, "limit {n}, due {due}");
            assert_eq!(used(due.add_days(-1)), n - 1, "limit {n}, due {due}");
            assert!(cal.is_working_day(due));
        }
    }

    #[test]
    fn deadline_before_acceptance() {
        let cal = fixture();
        let dl = compute_deadline(&cal, &wd(5), &wd(20), None, &[], None, d("2026-03-04"));
        assert_eq!(
            (
                dl.promised_due_on,
                dl.legal_due_on,
                dl.used_days,
                dl.paused,
                dl.overdue
            ),
            (None, None, 0, false, false)
        );
        assert_eq!(dl.as_of, d("2026-03-04"));
    }

    #[test]
    fn deadline_running_and_overdue() {
        let cal = fixture();
        let acc = Some(d("2026-03-02"));
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &[], None, d("2026-03-05"));
        assert_eq!(dl.promised_due_on, Some(d("2026-03-09")));
        assert_eq!(dl.legal_due_on, Some(d("2026-03-30")));
        assert_eq!((dl.used_days, dl.paused, dl.overdue), (3, false, false));
        // On the due day: all days used, not yet overdue.
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &[], None, d("2026-03-09"));
        assert_eq!((dl.used_days, dl.overdue), (5, false));
        // The day after: overdue.
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &[], None, d("2026-03-10"));
        assert_eq!((dl.used_days, dl.overdue), (6, true));
    }

    #[test]
    fn deadline_while_paused() {
        let cal = fixture();
        let acc = Some(d("2026-03-02"));
        let p = [pause("2026-03-04", None)];
        // Paused for weeks: not overdue, due date keeps moving, used frozen at 2.
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &p, None, d("2026-04-15"));
        assert!(dl.paused && !dl.overdue);
        assert_eq!(dl.used_days, 2);
        // Remaining 3 working days after Wed 04-15: Thu 16, Fri 17, Mon 20.
        assert_eq!(dl.promised_due_on, Some(d("2026-04-20")));
        // On the day the pause starts the clock is already stopped.
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &p, None, d("2026-03-04"));
        assert!(dl.paused);
        // A pause that began after the limit ran out does not cure the delay.
        let late = [pause("2026-03-12", None)];
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &late, None, d("2026-04-15"));
        assert!(dl.paused && dl.overdue);
        // A closed pause in the past does not pause now.
        let closed = [pause("2026-03-04", Some("2026-03-06"))];
        let dl = compute_deadline(&cal, &wd(5), &wd(20), acc, &closed, None, d("2026-03-10"));
        assert!(!dl.paused);
        assert_eq!(dl.used_days, 4);
        assert_eq!(dl.promised_due_on, Some(d("2026-03-11")));
    }

    #[test]
    fn deadline_stopped_by_a_decision() {
        let cal = fixture();
        let acc = Some(d("2026-03-02"));
        // Decided on time, looked at much later: counting stopped, never overdue.
        let dl = compute_deadline(
            &cal,
            &wd(5),
            &wd(20),
            acc,
            &[],
            Some(d("2026-03-06")),
            d("2026-09-01"),
        );
        assert_eq!(
            (dl.used_days, dl.overdue, dl.paused, dl.as_of),
            (4, false, false, d("2026-03-06"))
        );
        // Decided late: overdue stays true for ever.
        let dl = compute_deadline(
            &cal,
            &wd(5),
            &wd(20),
            acc,
            &[],
            Some(d("2026-03-11")),
            d("2026-09-01"),
        );
        assert_eq!((dl.used_days, dl.overdue), (7, true));
        // Withdrawn during an open pause: the pause ends with the case; nothing is paused now.
        let p = [pause("2026-03-04", None)];
        let dl = compute_deadline(
            &cal,
            &wd(5),
            &wd(20),
            acc,
            &p,
            Some(d("2026-03-20")),
            d("2026-09-01"),
        );
        assert!(!dl.paused && !dl.overdue);
        assert_eq!(dl.used_days, 2);
    }

    #[test]
    fn instant_matters() {
        let cal = fixture();
        let acc = Some(d("2026-03-02"));
        let dl = compute_deadline(
            &cal,
            &wd(0),
            &wd(0),
            acc,
            &[],
            Some(d("2026-03-02")),
            d("2026-03-05"),
        );
        assert_eq!(
            (dl.promised_due_on, dl.used_days, dl.overdue),
            (Some(d("2026-03-02")), 0, false)
        );
        let dl = compute_deadline(&cal, &wd(0), &wd(0), acc, &[], None, d("2026-03-03"));
        assert!(dl.overdue);
    }

    #[test]
    fn natural_day_promise_on_a_holiday_is_not_overdue_early() {
        let cal = fixture();
        // 7 natural days from 2026-02-10 land on holiday 02-17 and move to Mon 02-23.
        let dl = compute_deadline(
            &cal,
            &nd(7),
            &wd(20),
            Some(d("2026-02-10")),
            &[],
            None,
            d("2026-02-20"),
        );
        assert_eq!(dl.promised_due_on, Some(d("2026-02-23")));
        assert_eq!(dl.used_days, 10);
        assert!(!dl.overdue);
        let dl = compute_deadline(
            &cal,
            &nd(7),
            &wd(20),
            Some(d("2026-02-10")),
            &[],
            None,
            d("2026-02-24"),
        );
        assert!(dl.overdue);
    }

    #[test]
    fn an_event_case_keeps_the_event_s_promise_and_the_longest_legal_limit() {
        let l = |value, unit| TimeLimit {
            value,
            unit,
            note: None,
        };
        let wd = TimeUnit::WorkingDays;
        let nd = TimeUnit::NaturalDays;
        let members = [l(1, wd), l(20, wd), l(5, wd)];
        assert_eq!(
            event_case_limits(&l(5, wd), &members),
            (l(5, wd), l(20, wd))
        );
        // Across units: 30 natural days are about 22 working days, so 30 natural days win over
        // 20 working days, and 20 working days (28 natural) over 25 natural days.
        assert_eq!(longest_limit(&[l(20, wd), l(30, nd)]), Some(l(30, nd)));
        assert_eq!(longest_limit(&[l(25, nd), l(20, wd)]), Some(l(20, wd)));
        // No matters, or legal limits shorter than the promise: the promise is the legal limit.
        assert_eq!(event_case_limits(&l(5, wd), &[]).1, l(5, wd));
        assert_eq!(event_case_limits(&l(10, wd), &[l(3, wd)]).1, l(10, wd));
        assert_eq!(longest_limit(&[]), None);
    }
}
