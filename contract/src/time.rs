//! Calendar dates and instants without a date-time crate: the app ships as WASM and needs only
//! civil-date arithmetic and China Standard Time (UTC+8, no daylight saving).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};

/// China Standard Time's offset from UTC, in seconds. China has had no daylight saving since 1991.
pub const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

/// A calendar date, serialised as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Day of the week, Monday first (as Chinese calendars print it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_days`].
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.to_days() + 3).rem_euclid(7) {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s.get(0..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        let day = s.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| D::Error::custom(format!("invalid date {s:?}, want YYYY-MM-DD")))
    }
}

impl yishi_json::FromJson for Date {
    fn from_json(v: &yishi_json::Json) -> Result<Date, yishi_json::Error> {
        Date::parse(yishi_json::as_str(v)?)
            .ok_or_else(|| yishi_json::Error::invalid("date, want YYYY-MM-DD"))
    }
}

/// An instant, held as whole seconds since the Unix epoch. Serialised as RFC 3339 in China
/// Standard Time (`2026-11-27T11:36:05+08:00`); any RFC 3339 offset is accepted on input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The calendar date of this instant in China.
    pub fn china_date(self) -> Date {
        Date::from_days((self.0 + CHINA_OFFSET_SECONDS).div_euclid(86_400))
    }

    /// Hours and minutes of this instant in China.
    pub fn china_hm(self) -> (u8, u8) {
        let secs = (self.0 + CHINA_OFFSET_SECONDS).rem_euclid(86_400);
        ((secs / 3600) as u8, ((secs % 3600) / 60) as u8)
    }

    /// Midnight at the start of `date` in China.
    pub fn china_midnight(date: Date) -> Timestamp {
        Timestamp(date.to_days() * 86_400 - CHINA_OFFSET_SECONDS)
    }

    /// Parses RFC 3339 (`Z` or `±hh:mm`, optional fractional seconds, which are dropped).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let date = Date::parse(s.get(0..10)?)?;
        let rest = s.get(10..)?;
        let rest = rest
            .strip_prefix('T')
            .or_else(|| rest.strip_prefix('t'))
            .or_else(|| rest.strip_prefix(' '))?;
        let hms = rest.get(0..8)?;
        let hb = hms.as_bytes();
        if hb[2] != b':' || hb[5] != b':' {
            return None;
        }
        let h: i64 = hms.get(0..2)?.parse().ok()?;
        let m: i64 = hms.get(3..5)?.parse().ok()?;
        let sec: i64 = hms.get(6..8)?.parse().ok()?;
        if h > 23 || m > 59 || sec > 60 {
            return None;
        }
        let mut tail = rest.get(8..)?;
        if let Some(frac) = tail.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            tail = &frac[digits..];
        }
        let offset = match tail {
            "Z" | "z" => 0,
            _ => {
                let tb = tail.as_bytes();
                if tb.len() != 6 || tb[3] != b':' {
                    return None;
                }
                let sign = match tb[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let oh: i64 = tail.get(1..3)?.parse().ok()?;
                let om: i64 = tail.get(4..6)?.parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
        };
        Some(Timestamp(
            date.to_days() * 86_400 + h * 3600 + m * 60 + sec.min(59) - offset,
        ))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.china_date();
        let secs = (self.0 + CHINA_OFFSET_SECONDS).rem_euclid(86_400);
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}+08:00",
            secs / 3600,
            (secs % 3600) / 60,
            secs % 60
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s)
            .ok_or_else(|| D::Error::custom(format!("invalid RFC 3339 timestamp {s:?}")))
    }
}

impl yishi_json::FromJson for Timestamp {
    fn from_json(v: &yishi_json::Json) -> Result<Timestamp, yishi_json::Error> {
        Timestamp::parse(yishi_json::as_str(v)?)
            .ok_or_else(|| yishi_json::Error::invalid("RFC 3339 timestamp"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_across_eras_and_leap_years() {
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(
            Date::new(2024, 2, 29).unwrap().add_days(1),
            Date::new(2024, 3, 1).unwrap()
        );
        assert_eq!(Date::new(2025, 2, 29), None);
        assert_eq!(
            Date::new(2000, 2, 29).map(|d| d.weekday()),
            Some(Weekday::Tue)
        );
        assert_eq!(Date::new(2026, 11, 27).unwrap().weekday(), Weekday::Fri);
    }

    #[test]
    fn parses_dates_strictly() {
        assert_eq!(Date::parse("2026-01-31"), Date::new(2026, 1, 31));
        for bad in [
            "2026-1-31",
            "2026-02-30",
            "20260131",
            "2026-13-01",
            "",
            "２０２６-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_parse_offsets_and_print_china_time() {
        let t = Timestamp::parse("2026-11-27T03:36:05Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-27T11:36:05+08:00");
        assert_eq!(Timestamp::parse("2026-11-27T11:36:05+08:00"), Some(t));
        assert_eq!(Timestamp::parse("2026-11-27T11:36:05.123+08:00"), Some(t));
        assert_eq!(Timestamp::parse("2026-11-26T22:36:05-05:00"), Some(t));
        // 16:30 UTC is already the next day in China.
        assert_eq!(
            Timestamp::parse("2026-11-27T16:30:00Z")
                .unwrap()
                .china_date(),
            Date::new(2026, 11, 28).unwrap()
        );
        for bad in [
            "2026-11-27",
            "2026-11-27T25:00:00Z",
            "2026-11-27T11:36:05",
            "2026-11-27T11:36:05+0800",
            "x",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }
}
