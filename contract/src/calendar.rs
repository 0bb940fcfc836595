use serde::{Deserialize, Serialize};

use crate::{Date, Text};

/// `GET /api/v1/calendar`: the official holiday calendar (节假日安排) the backend counts
/// working days with. Deployer data, never hard-coded in the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct HolidayCalendar {
    pub years: Vec<CalendarYear>,
}

/// One year of the State Council's holiday arrangement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CalendarYear {
    pub year: i32,
    /// Days off that would otherwise be working days (法定节假日及调休放假).
    pub holidays: Vec<Date>,
    /// Weekend days that are working days (调休上班).
    pub makeup_workdays: Vec<Date>,
    /// Where the arrangement was published.
    pub source: Text,
}
