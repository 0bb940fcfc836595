//! 预约办理: booking a visit to an office for a matter (`/api/v1/offices/{id}/slots`,
//! `/api/v1/appointments`). Optional: a backend that does not offer it answers 404 or 501 on
//! `GET /offices/{id}/slots`, and the app leaves the guide without the action.

use serde::{Deserialize, Serialize};

use crate::{Date, Office, Text, Timestamp, open_enum};

/// One bookable time slot (预约时段) at an office, with its remaining places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Slot {
    /// Opaque; names the slot in `NewAppointment.slot_id`.
    pub id: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub capacity: u32,
    /// Places still free (0: full).
    pub remaining: u32,
}

/// One day of the booking window at an office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SlotDay {
    pub date: Date,
    /// `false`: the office is closed that day (a holiday, a weekend without service).
    pub open: bool,
    #[serde(default)]
    pub slots: Vec<Slot>,
}

/// `GET /api/v1/offices/{id}/slots`: the days of the booking window an office offers for a
/// matter, and the rules of booking there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct OfficeSlots {
    pub office_id: String,
    pub matter_id: String,
    /// The booking window (可预约范围): its first and last day.
    pub first_day: Date,
    pub last_day: Date,
    /// An appointment can be cancelled up to this many minutes before its start (取消截止).
    pub cancel_cutoff_minutes: u32,
    pub days: Vec<SlotDay>,
}

open_enum! {
    /// Where an appointment stands.
    pub enum AppointmentStatus {
        /// 已预约
        Booked,
        /// 已取消
        Cancelled,
        /// 已到场
        Attended,
        /// 未到场 (爽约)
        Missed,
    }
}

/// `POST /api/v1/appointments` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct NewAppointment {
    pub matter_id: String,
    pub office_id: String,
    pub slot_id: String,
    /// The citizen's case the visit is for, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
}

/// `POST /api/v1/appointments/{id}/move` body (改约): the slot to move to, at the same office
/// or another one taking appointments for the matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct MoveAppointment {
    pub office_id: String,
    pub slot_id: String,
}

/// One appointment of the signed-in subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Appointment {
    pub id: String,
    pub matter_id: String,
    pub matter_name: Text,
    pub office: Office,
    pub slot_id: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub status: AppointmentStatus,
    pub created_at: Timestamp,
    /// The last moment it can be cancelled (取消截止时间).
    pub cancel_until: Timestamp,
    /// Whether `POST /appointments/{id}/cancel` would succeed now.
    pub cancellable: bool,
    /// Whether a queue number (取号) can be taken now.
    #[serde(default)]
    pub ticket_open: bool,
    /// Whether `POST /appointments/{id}/move` (改约) would be accepted now; absent (false) from
    /// a backend that does not move appointments.
    #[serde(default)]
    pub movable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
}

/// `GET /api/v1/appointments`: the subject's appointments, upcoming first (soonest first),
/// then past and cancelled ones (latest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct AppointmentList {
    pub items: Vec<Appointment>,
}

/// `POST /api/v1/appointments/{id}/ticket`: a queue number (取号) and the queue as it is now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct QueueTicket {
    pub appointment_id: String,
    /// The number the office calls (叫号).
    pub number: String,
    pub people_ahead: u32,
    pub estimated_wait_minutes: u32,
    pub issued_at: Timestamp,
    /// Called: go to the window now.
    pub called: bool,
}
