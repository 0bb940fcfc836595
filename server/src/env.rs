//! What the domain functions need besides the database: the holiday calendar and the
//! deployer's time limits. Cheap to clone into blocking tasks.

use std::sync::Arc;

use rusqlite::{Connection, params};
use yishi_contract::{CalendarYear, HolidayCalendar};
use yishi_core::workdays::Calendar;

use crate::error::ApiResult;

/// The embedded holiday calendar (节假日安排) for the years the binary knows.
pub const SEED_CALENDAR: &str = include_str!("../seed/calendar.json");

#[derive(Clone, Debug)]
pub struct Env {
    pub calendar: Arc<Calendar>,
    /// `GET /calendar`, as stored.
    pub holiday_calendar: Arc<HolidayCalendar>,
    pub rectification_days: u16,
    pub supplement_days: u16,
}

/// Inserts the years of `cal` into the database. Existing years are kept unless `replace`
/// (a deployer's correction wins over the embedded data).
pub fn store_calendar(conn: &Connection, cal: &HolidayCalendar, replace: bool) -> ApiResult<usize> {
    let sql = if replace {
        "INSERT INTO calendar_years (year, json) VALUES (?1, ?2) ON CONFLICT(year) DO UPDATE SET json = excluded.json"
    } else {
        "INSERT OR IGNORE INTO calendar_years (year, json) VALUES (?1, ?2)"
    };
    let mut n = 0;
    for y in &cal.years {
        n += conn.execute(sql, params![y.year, serde_json::to_string(y)?])?;
    }
    Ok(n)
}

pub fn load_calendar(conn: &Connection) -> ApiResult<HolidayCalendar> {
    let mut stmt = conn.prepare("SELECT json FROM calendar_years ORDER BY year")?;
    let years = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .map(|j| serde_json::from_str::<CalendarYear>(j))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HolidayCalendar { years })
}

/// Problems with a calendar year as a deployer might write it (empty when sound).
pub fn check_calendar(cal: &HolidayCalendar) -> Vec<String> {
    let mut problems = Vec::new();
    for y in &cal.years {
        for d in &y.holidays {
            if d.year != y.year {
                problems.push(format!("{}: holiday {d} is in another year", y.year));
            }
            if d.is_weekend() {
                problems.push(format!(
                    "{}: holiday {d} is a weekend day (list only days that would be working days)",
                    y.year
                ));
            }
        }
        for d in &y.makeup_workdays {
            if d.year != y.year {
                problems.push(format!("{}: make-up day {d} is in another year", y.year));
            }
            if !d.is_weekend() {
                problems.push(format!("{}: make-up day {d} is not a weekend day", y.year));
            }
        }
        if y.source.zh.trim().is_empty() {
            problems.push(format!("{}: source is empty", y.year));
        }
    }
    problems
}
