//! 预约办理: the pure rules of booking a visit, shared by the reference backend and the app.
//!
//! - [`OfficeHours::parse`] reads an office's hours as the catalogue states them in Chinese
//!   (`周一至周五 9:00-12:00、13:30-17:30；周六 9:00-12:00`) into opening ranges per weekday;
//! - [`day_slots`] cuts a day's ranges into bookable slots, closed on the calendar's holidays
//!   and open on its make-up working days (调休上班, with the hours of a Monday);
//! - [`slot_id`] / [`parse_slot_id`] name a slot (`YYYYMMDD-HHMM`);
//! - [`ics`] writes an appointment as an iCalendar file for the phone's calendar.

use yishi_contract::{Date, Timestamp, Weekday};

use crate::workdays::Calendar;

/// Minutes after midnight.
pub type Minute = u16;

/// How long a slot lasts, in minutes.
pub const SLOT_MINUTES: Minute = 60;

/// Opening ranges (start, end in minutes) per weekday, Monday first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficeHours {
    pub days: [Vec<(Minute, Minute)>; 7],
}

const DAY_NAMES: [char; 7] = ['一', '二', '三', '四', '五', '六', '日'];

fn day_index(c: char) -> Option<usize> {
    if c == '天' {
        return Some(6);
    }
    DAY_NAMES.iter().position(|d| *d == c)
}

/// The weekdays a part of the hours speaks of (`周一至周五`, `周六`, `每日`), if it names any.
fn days_of(part: &str) -> Option<Vec<usize>> {
    if part.contains("每日") || part.contains("每天") || part.contains("全年") {
        return Some((0..7).collect());
    }
    let chars: Vec<char> = part.chars().collect();
    let mut days = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '周' || chars[i] == '星' && chars.get(i + 1) == Some(&'期') {
            let at = if chars[i] == '周' { i + 1 } else { i + 2 };
            let Some(first) = chars.get(at).and_then(|c| day_index(*c)) else {
                i += 1;
                continue;
            };
            // `周一至周五` / `周一到周五` / `周一—周五`
            let rest: String = chars[at + 1..].iter().take(3).collect();
            let last = ["至周", "到周", "-周", "—周", "～周", "~周"]
                .iter()
                .find(|sep| rest.starts_with(*sep))
                .and_then(|sep| chars.get(at + 1 + sep.chars().count()))
                .and_then(|c| day_index(*c));
            match last {
                Some(last) if last >= first => days.extend(first..=last),
                _ => days.push(first),
            }
            i = at + 1;
        } else {
            i += 1;
        }
    }
    (!days.is_empty()).then_some(days)
}

/// `9:00`, `13:30` → minutes.
fn minute(s: &str) -> Option<Minute> {
    let (h, m) = s.split_once([':', '：'])?;
    let (h, m): (Minute, Minute) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Every `H:MM-H:MM` range in a part of the hours.
fn ranges_of(part: &str) -> Vec<(Minute, Minute)> {
    let mut out = Vec::new();
    let cleaned: String = part
        .chars()
        .map(|c| match c {
            '–' | '—' | '～' | '~' | '至' => '-',
            '：' => ':',
            c if c.is_ascii_digit() || c == ':' || c == '-' => c,
            _ => ' ',
        })
        .collect();
    for token in cleaned.split_whitespace() {
        if let Some((a, b)) = token.split_once('-')
            && let (Some(a), Some(b)) = (minute(a), minute(b))
            && a < b
        {
            out.push((a, b));
        }
    }
    out
}

impl OfficeHours {
    /// Reads hours written the way the catalogue writes them. Parts are separated by `；` or
    /// `;`; a part names its days (else it continues the days of the part before) and its
    /// ranges. Hours it cannot read give no opening at all, never a guessed one.
    pub fn parse(zh: &str) -> OfficeHours {
        let mut hours = OfficeHours::default();
        let mut current: Vec<usize> = Vec::new();
        for part in zh.split(['；', ';']) {
            if let Some(days) = days_of(part) {
                current = days;
            }
            for range in ranges_of(part) {
                for d in &current {
                    hours.days[*d].push(range);
                }
            }
        }
        for d in &mut hours.days {
            d.sort_unstable();
            d.dedup();
        }
        hours
    }

    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

fn weekday_index(w: Weekday) -> usize {
    match w {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed => 2,
        Weekday::Thu => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

/// The slots (start, end) of `date` at an office with `hours`, or `None` when it is closed
/// that day: a holiday of the calendar, or a weekday without hours. A make-up working day
/// (调休上班) keeps the hours of a Monday.
pub fn day_slots(hours: &OfficeHours, cal: &Calendar, date: Date) -> Option<Vec<(Minute, Minute)>> {
    let weekday = weekday_index(date.weekday());
    let ranges = if !cal.is_working_day(date) {
        // A holiday on a weekday, or a weekend day: closed on holidays, weekend hours otherwise.
        if !date.is_weekend() {
            return None;
        }
        if is_holiday_weekend(cal, date) {
            return None;
        }
        &hours.days[weekday]
    } else if date.is_weekend() {
        &hours.days[0]
    } else {
        &hours.days[weekday]
    };
    let mut slots = Vec::new();
    for (from, to) in ranges {
        let mut start = *from;
        while start + SLOT_MINUTES <= *to {
            slots.push((start, start + SLOT_MINUTES));
            start += SLOT_MINUTES;
        }
    }
    (!slots.is_empty()).then_some(slots)
}

/// A weekend day inside a holiday period (国庆 weekend): the neighbouring weekday is a holiday.
fn is_holiday_weekend(cal: &Calendar, date: Date) -> bool {
    let (before, after) = match date.weekday() {
        Weekday::Sat => (date.add_days(-1), date.add_days(2)),
        _ => (date.add_days(-2), date.add_days(1)),
    };
    (!cal.is_working_day(before) && !before.is_weekend())
        || (!cal.is_working_day(after) && !after.is_weekend())
}

/// A slot's name: `YYYYMMDD-HHMM`.
pub fn slot_id(date: Date, start: Minute) -> String {
    format!(
        "{:04}{:02}{:02}-{:02}{:02}",
        date.year,
        date.month,
        date.day,
        start / 60,
        start % 60
    )
}

/// The day and start of a slot's name, if it is one.
pub fn parse_slot_id(id: &str) -> Option<(Date, Minute)> {
    let b = id.as_bytes();
    if b.len() != 13 || b[8] != b'-' || !id.is_ascii() {
        return None;
    }
    let date = Date::new(
        id[0..4].parse().ok()?,
        id[4..6].parse().ok()?,
        id[6..8].parse().ok()?,
    )?;
    let (h, m): (Minute, Minute) = (id[9..11].parse().ok()?, id[11..13].parse().ok()?);
    (h < 24 && m < 60).then_some((date, h * 60 + m))
}

/// The instant a minute of a day begins, in China.
pub fn at(date: Date, minute: Minute) -> Timestamp {
    Timestamp(Timestamp::china_midnight(date).0 + i64::from(minute) * 60)
}

/// What an `.ics` file says about an appointment.
pub struct CalendarEntry<'a> {
    /// Unique and stable (the appointment's id): a second download replaces the first entry.
    pub uid: &'a str,
    pub start: Timestamp,
    pub end: Timestamp,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    /// When the file is made.
    pub stamp: Timestamp,
}

/// `20260930T020000Z`: an instant in UTC, as iCalendar writes it.
fn ics_time(t: Timestamp) -> String {
    let date = Date::from_days(t.0.div_euclid(86_400));
    let secs = t.0.rem_euclid(86_400);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        date.year,
        date.month,
        date.day,
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, `;`, `,` and line breaks.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// An iCalendar file (RFC 5545) with one event and a reminder the day before.
pub fn ics(e: &CalendarEntry<'_>) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Yishi//Appointments//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@yishi", ics_text(e.uid)),
        format!("DTSTAMP:{}", ics_time(e.stamp)),
        format!("DTSTART:{}", ics_time(e.start)),
        format!("DTEND:{}", ics_time(e.end)),
        format!("SUMMARY:{}", ics_text(e.summary)),
        format!("LOCATION:{}", ics_text(e.location)),
        format!("DESCRIPTION:{}", ics_text(e.description)),
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        "TRIGGER:-P1D".into(),
        format!("DESCRIPTION:{}", ics_text(e.summary)),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use yishi_contract::{CalendarYear, HolidayCalendar, Text};

    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::from_contract(&HolidayCalendar {
            years: vec![CalendarYear {
                year: 2026,
                holidays: [
                    "2026-10-01",
                    "2026-10-02",
                    "2026-10-05",
                    "2026-10-06",
                    "2026-10-07",
                ]
                .map(d)
                .to_vec(),
                makeup_workdays: vec![d("2026-09-20"), d("2026-10-10")],
                source: Text {
                    zh: "测试".into(),
                    en: None,
                },
            }],
        })
    }

    const CENTRE: &str =
        "周一至周五 9:00-12:00、13:30-17:30；周六 9:00-12:00 延时服务（法定节假日除外）";

    #[test]
    fn reads_the_catalogues_ways_of_writing_hours() {
        let h = OfficeHours::parse(CENTRE);
        for wd in 0..5 {
            assert_eq!(h.days[wd], vec![(540, 720), (810, 1050)]);
        }
        assert_eq!(h.days[5], vec![(540, 720)]);
        assert!(h.days[6].is_empty());

        let every = OfficeHours::parse("每日 9:00-21:00");
        assert!(every.days.iter().all(|d| d == &vec![(540, 1260)]));
        let week =
            OfficeHours::parse("周一至周日 8:00-12:00、14:30-17:30（法定节假日上午照常办理）");
        assert_eq!(week.days[6], vec![(480, 720), (870, 1050)]);
        let hall = OfficeHours::parse("全年 24 小时接运服务；业务大厅每日 7:30-17:30");
        assert_eq!(hall.days[2], vec![(450, 1050)]);
        assert!(OfficeHours::parse("请电话咨询").is_empty());
    }

    #[test]
    fn slots_follow_hours_holidays_and_makeup_days() {
        let h = OfficeHours::parse(CENTRE);
        let c = cal();
        // A Wednesday: 9-10, 10-11, 11-12, 13:30-14:30 … 16:30-17:30.
        let wed = day_slots(&h, &c, d("2026-09-30")).unwrap();
        assert_eq!(wed.len(), 7);
        assert_eq!(wed[0], (540, 600));
        assert_eq!(wed[3], (810, 870));
        assert_eq!(wed[6], (990, 1050));
        // National Day (a Thursday) and the weekend inside the holiday: closed.
        assert_eq!(day_slots(&h, &c, d("2026-10-01")), None);
        assert_eq!(day_slots(&h, &c, d("2026-10-03")), None);
        // An ordinary Saturday: the Saturday hours; a Sunday: closed.
        assert_eq!(day_slots(&h, &c, d("2026-09-26")).unwrap().len(), 3);
        assert_eq!(day_slots(&h, &c, d("2026-09-27")), None);
        // A make-up working Saturday: the hours of a Monday.
        assert_eq!(day_slots(&h, &c, d("2026-10-10")).unwrap().len(), 7);
    }

    #[test]
    fn slot_ids_round_trip_and_refuse_nonsense() {
        let id = slot_id(d("2026-09-30"), 810);
        assert_eq!(id, "20260930-1330");
        assert_eq!(parse_slot_id(&id), Some((d("2026-09-30"), 810)));
        for bad in [
            "",
            "20260931-0900",
            "20260930-2500",
            "20260930_0900",
            "２0260930-0900",
        ] {
            assert_eq!(parse_slot_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn ics_is_utc_escaped_and_folded() {
        let start = at(d("2026-09-30"), 600);
        assert_eq!(
            start,
            Timestamp::parse("2026-09-30T10:00:00+08:00").unwrap()
        );
        let text = ics(&CalendarEntry {
            uid: "a-1",
            start,
            end: at(d("2026-09-30"), 660),
            summary: "预约：居民身份证换领",
            location: "临江市滨江区市民大道 88 号; 2 楼, 201 窗口",
            description: "带上：户口簿\n旧身份证。这是一段很长的说明文字，用来检查按七十五个八位组折行时不会把一个汉字切成两半。",
            stamp: Timestamp::parse("2026-09-26T20:15:00+08:00").unwrap(),
        });
        assert!(text.contains("DTSTART:20260930T020000Z\r\n"));
        assert!(text.contains("DTEND:20260930T030000Z\r\n"));
        assert!(text.contains("DTSTAMP:20260926T121500Z\r\n"));
        assert!(text.contains("88 号\\; 2 楼\\, 201"));
        assert!(text.contains("户口簿\\n旧"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        // Unfolding gives back the description whole.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("切成两半。\r\n"));
        assert!(!text.contains('\n') || text.matches('\n').count() == text.matches("\r\n").count());
    }
}
