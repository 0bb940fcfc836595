//! 预约办理: the bookable slots of an office, booking one, my appointments, cancelling and
//! moving one (改约).
//!
//! Slots come from the office's hours as the catalogue states them and the holiday calendar
//! (`yishi_core::booking`). A slot's places are counted from its `booked` rows inside the
//! booking's own `IMMEDIATE` transaction, so two citizens can never both take its last place.
//! The confirmation message is written in that transaction; the reminder is written the day
//! before the visit (at booking when that day has come, else when the subject's inbox is next
//! read: `send_due_reminders`). An appointment is reachable only by its subject (`owner`).

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use yishi_contract::{
    Appointment, AppointmentList, AppointmentStatus, Date, MessageKind, MoveAppointment,
    NewAppointment, Office, OfficeSlots, OpenEnum, QueueTicket, Slot, SlotDay, Text, Timestamp,
    codes, field_codes,
};
use yishi_core::booking::{self, Minute, OfficeHours};
use yishi_core::field_errors::FieldErrors;
use yishi_core::workdays::Calendar;

use crate::auth::new_id;
use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::messages::{self, NewMessage, day_en, day_zh, en, text};

/// The booking rules the deployer chose.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    pub capacity: u32,
    pub window_days: u16,
    pub cancel_cutoff_minutes: u32,
}

impl Rules {
    pub fn of(config: &Config) -> Rules {
        Rules {
            capacity: config.slot_capacity.max(1),
            window_days: config.booking_window_days.max(1),
            cancel_cutoff_minutes: config.cancel_cutoff_minutes,
        }
    }

    /// The booking window on `today`: today and the days after it.
    fn window(&self, today: Date) -> (Date, Date) {
        (today, today.add_days(i64::from(self.window_days) - 1))
    }
}

fn refusal(code: &str, title: &str, detail: &str) -> ApiError {
    ApiError::new(409, code, title).detail(detail)
}

/// The office where `matter` can be booked, or 404: the matter lists the office and the office
/// takes appointments.
pub fn bookable_office<'a>(
    cat: &'a Catalogue,
    matter_id: &str,
    office_id: &str,
) -> ApiResult<&'a Office> {
    cat.matters
        .get(matter_id)
        .and_then(|m| m.offices.iter().find(|o| o.id == office_id))
        .filter(|o| o.appointment)
        .ok_or_else(|| {
            ApiError::not_found().detail("no such office taking appointments for this matter")
        })
}

/// An office by id, wherever the catalogue lists it.
fn office(cat: &Catalogue, id: &str) -> Option<Office> {
    cat.departments
        .values()
        .flat_map(|d| d.offices.iter())
        .find(|o| o.id == id)
        .cloned()
}

/// Booked places per slot of `office_id` on `date`.
fn booked_on(conn: &Connection, office_id: &str, date: Date) -> ApiResult<Vec<(String, u32)>> {
    let from = Timestamp::china_midnight(date).0;
    let mut stmt = conn.prepare(
        "SELECT slot_id, count(*) FROM appointments
         WHERE office_id = ?1 AND status = 'booked' AND start_at >= ?2 AND start_at < ?3
         GROUP BY slot_id",
    )?;
    let rows = stmt
        .query_map(params![office_id, from, from + 86_400], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A day at an office: `None` when closed; else its slots not yet begun, with places left.
fn day(
    conn: &Connection,
    hours: &OfficeHours,
    cal: &Calendar,
    rules: Rules,
    office_id: &str,
    date: Date,
    now: Timestamp,
) -> ApiResult<Option<Vec<Slot>>> {
    let Some(ranges) = booking::day_slots(hours, cal, date) else {
        return Ok(None);
    };
    let booked = booked_on(conn, office_id, date)?;
    Ok(Some(
        ranges
            .into_iter()
            .filter(|(start, _)| booking::at(date, *start) > now)
            .map(|(start, end)| {
                let id = booking::slot_id(date, start);
                let taken = booked.iter().find(|(s, _)| *s == id).map_or(0, |(_, n)| *n);
                Slot {
                    start: booking::at(date, start),
                    end: booking::at(date, end),
                    capacity: rules.capacity,
                    remaining: rules.capacity.saturating_sub(taken),
                    id,
                }
            })
            .collect(),
    ))
}

/// `GET /offices/{id}/slots`.
#[allow(clippy::too_many_arguments)]
pub fn slots(
    conn: &Connection,
    cat: &Catalogue,
    cal: &Calendar,
    rules: Rules,
    office_id: &str,
    matter_id: &str,
    from: Option<Date>,
    days: Option<u16>,
    now: Timestamp,
) -> ApiResult<OfficeSlots> {
    let office = bookable_office(cat, matter_id, office_id)?;
    let hours = OfficeHours::parse(&office.hours.zh);
    let (first, last) = rules.window(now.china_date());
    let start = from.map_or(first, |f| f.max(first));
    let count = i64::from(days.unwrap_or(31).clamp(1, 31));
    let mut out = Vec::new();
    let mut date = start;
    while date <= last && date.to_days() - start.to_days() < count {
        let slots = day(conn, &hours, cal, rules, office_id, date, now)?;
        out.push(SlotDay {
            date,
            open: slots.is_some(),
            slots: slots.unwrap_or_default(),
        });
        date = date.add_days(1);
    }
    Ok(OfficeSlots {
        office_id: office_id.into(),
        matter_id: matter_id.into(),
        first_day: first,
        last_day: last,
        cancel_cutoff_minutes: rules.cancel_cutoff_minutes,
        days: out,
    })
}

fn hm(t: Timestamp) -> String {
    let (h, m) = t.china_hm();
    format!("{h}:{m:02}")
}

/// "12 Mar 2026, 10:00–11:00, <office>": when and where, in each language.
fn when_where(start: Timestamp, end: Timestamp, office: &Office) -> (String, String) {
    let date = start.china_date();
    (
        format!(
            "{} {}-{}，{}",
            day_zh(date),
            hm(start),
            hm(end),
            office.name.zh
        ),
        format!(
            "{}, {}–{}, {}",
            day_en(date),
            hm(start),
            hm(end),
            en(&office.name)
        ),
    )
}

struct Row {
    id: String,
    owner: String,
    matter_id: String,
    office_id: String,
    slot_id: String,
    start: Timestamp,
    end: Timestamp,
    status: String,
    case_id: Option<String>,
    created_at: Timestamp,
    reminded: bool,
}

const COLUMNS: &str = "id, owner, matter_id, office_id, slot_id, start_at, end_at, status, case_id, \
     created_at, reminded";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        owner: r.get(1)?,
        matter_id: r.get(2)?,
        office_id: r.get(3)?,
        slot_id: r.get(4)?,
        start: Timestamp(r.get(5)?),
        end: Timestamp(r.get(6)?),
        status: r.get(7)?,
        case_id: r.get(8)?,
        created_at: Timestamp(r.get(9)?),
        reminded: r.get::<_, i64>(10)? != 0,
    })
}

fn view(cat: &Catalogue, rules: Rules, r: Row, now: Timestamp) -> Appointment {
    let status = AppointmentStatus::parse(&r.status);
    let cancel_until = Timestamp(r.start.0 - i64::from(rules.cancel_cutoff_minutes) * 60);
    let office = office(cat, &r.office_id).unwrap_or_else(|| Office {
        id: r.office_id.clone(),
        name: Text::new(&r.office_id, &r.office_id),
        address: Text::new("", ""),
        hours: Text::new("", ""),
        phone: String::new(),
        appointment: true,
        location: None,
    });
    Appointment {
        matter_name: cat
            .matter_title(&r.matter_id)
            .unwrap_or_else(|| Text::new(&r.matter_id, &r.matter_id)),
        id: r.id,
        matter_id: r.matter_id,
        office,
        slot_id: r.slot_id,
        start: r.start,
        end: r.end,
        cancellable: status == AppointmentStatus::Booked && now <= cancel_until,
        movable: status == AppointmentStatus::Booked && now <= cancel_until,
        ticket_open: ticket_open(status, r.start, r.end, now),
        status,
        created_at: r.created_at,
        cancel_until,
        case_id: r.case_id,
    }
}

fn check(new: &NewAppointment) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (pointer, value) in [
        ("/matter_id", &new.matter_id),
        ("/office_id", &new.office_id),
        ("/slot_id", &new.slot_id),
    ] {
        if value.trim().is_empty() {
            errors.add(pointer, field_codes::REQUIRED);
        } else if value.chars().count() > 100 {
            errors.add(pointer, field_codes::TOO_LONG);
        }
    }
    if new
        .case_id
        .as_ref()
        .is_some_and(|c| c.chars().count() > 100)
    {
        errors.add("/case_id", field_codes::TOO_LONG);
    }
    errors.into_result()
}

/// A slot that can be booked now, by its id: when it begins and ends, and the office's hours
/// for the fresh slots of a refusal.
struct Place {
    date: Date,
    hours: OfficeHours,
    start: Timestamp,
    end: Timestamp,
}

/// Why `slot_id` at `office` cannot be booked now (outside the window, closed, begun), or when
/// it is. Places left are counted by the caller inside its transaction.
fn place(
    cal: &Calendar,
    rules: Rules,
    office: &Office,
    slot_id: &str,
    now: Timestamp,
) -> ApiResult<Place> {
    let (date, start_minute) = booking::parse_slot_id(slot_id)
        .ok_or_else(|| ApiError::not_found().detail("no such slot"))?;
    let (first, last) = rules.window(now.china_date());
    if date < first || date > last {
        return Err(refusal(
            codes::WINDOW_NOT_OPEN,
            "Booking window not open",
            &format!("bookable from {first} to {last}"),
        ));
    }
    let hours = OfficeHours::parse(&office.hours.zh);
    let Some(ranges) = booking::day_slots(&hours, cal, date) else {
        return Err(refusal(
            codes::OFFICE_CLOSED,
            "Office closed",
            "the office is closed that day",
        ));
    };
    let Some(&(_, end_minute)) = ranges.iter().find(|(s, _)| *s == start_minute) else {
        return Err(refusal(
            codes::OFFICE_CLOSED,
            "Office closed",
            "no service at that time",
        ));
    };
    let (start, end): (Timestamp, Timestamp) = (
        booking::at(date, start_minute),
        booking::at(date, end_minute as Minute),
    );
    if start <= now {
        return Err(refusal(
            codes::WINDOW_NOT_OPEN,
            "Booking window not open",
            "the slot has begun",
        ));
    }
    Ok(Place {
        date,
        hours,
        start,
        end,
    })
}

/// 409 `slot_full` with the day's slots as they are now, when `slot_id` has no place left.
#[allow(clippy::too_many_arguments)]
fn check_room(
    tx: &Connection,
    cal: &Calendar,
    rules: Rules,
    office_id: &str,
    slot_id: &str,
    p: &Place,
    now: Timestamp,
) -> ApiResult<()> {
    let taken: u32 = tx.query_row(
        "SELECT count(*) FROM appointments WHERE office_id = ?1 AND slot_id = ?2 AND status = 'booked'",
        params![office_id, slot_id],
        |r| r.get(0),
    )?;
    if taken >= rules.capacity {
        let mut e = refusal(codes::SLOT_FULL, "Slot full", "no place left in this slot");
        e.problem.slots =
            day(tx, &p.hours, cal, rules, office_id, p.date, now)?.unwrap_or_default();
        return Err(e);
    }
    Ok(())
}

/// `POST /appointments`: books one place, or says why not.
pub fn book(
    conn: &mut Connection,
    cat: &Catalogue,
    cal: &Calendar,
    rules: Rules,
    owner: &str,
    new: &NewAppointment,
    now: Timestamp,
) -> ApiResult<Appointment> {
    check(new)?;
    let office = bookable_office(cat, &new.matter_id, &new.office_id)?.clone();
    let chosen = place(cal, rules, &office, &new.slot_id, now)?;
    let (start, end) = (chosen.start, chosen.end);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(case) = &new.case_id {
        let mine: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM cases WHERE id = ?1 AND owner = ?2",
                params![case, owner],
                |r| r.get(0),
            )
            .optional()?;
        if mine.is_none() {
            return Err(ApiError::not_found().detail("no such case"));
        }
    }
    let holding: Option<String> = tx
        .query_row(
            "SELECT id FROM appointments
             WHERE owner = ?1 AND matter_id = ?2 AND status = 'booked' AND end_at > ?3",
            params![owner, new.matter_id, now.0],
            |r| r.get(0),
        )
        .optional()?;
    if holding.is_some() {
        return Err(refusal(
            codes::ALREADY_BOOKED,
            "Already booked",
            "an upcoming appointment for this matter exists; cancel it first",
        ));
    }
    check_room(&tx, cal, rules, &new.office_id, &new.slot_id, &chosen, now)?;
    let id = new_id("a");
    tx.execute(
        "INSERT INTO appointments (id, owner, matter_id, office_id, slot_id, start_at, end_at,
           status, case_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'booked', ?8, ?9)",
        params![
            id,
            owner,
            new.matter_id,
            new.office_id,
            new.slot_id,
            start.0,
            end.0,
            new.case_id,
            now.0
        ],
    )?;
    let name = cat
        .matter_title(&new.matter_id)
        .unwrap_or_else(|| Text::new(&new.matter_id, &new.matter_id));
    let (zh, en_where) = when_where(start, end, &office);
    messages::write(
        &tx,
        &NewMessage {
            owner,
            kind: MessageKind::AppointmentConfirmed,
            title: text(
                format!("预约成功：{}", name.zh),
                format!("Booked: {}", en(&name)),
            ),
            body: Some(text(
                format!("{zh}。请按时到场，带齐材料。"),
                format!("{en_where}. Please arrive on time with all the material."),
            )),
            case_id: new.case_id.as_deref(),
            rating_id: None,
            appointment_id: Some(&id),
            due_on: None,
            delivery: None,
        },
        now,
    )?;
    remind_if_due(
        &tx,
        cat,
        owner,
        &id,
        &new.matter_id,
        start,
        end,
        &office,
        now,
    )?;
    let appointment = tx.query_row(
        &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1"),
        [&id],
        row,
    )?;
    tx.commit()?;
    Ok(view(cat, rules, appointment, now))
}

/// From the start of the day before the visit until it begins, a reminder is due.
fn reminder_due(start: Timestamp, now: Timestamp) -> bool {
    now < start && now >= Timestamp::china_midnight(start.china_date().add_days(-1))
}

#[allow(clippy::too_many_arguments)]
fn remind_if_due(
    conn: &Connection,
    cat: &Catalogue,
    owner: &str,
    id: &str,
    matter_id: &str,
    start: Timestamp,
    end: Timestamp,
    office: &Office,
    now: Timestamp,
) -> ApiResult<()> {
    if !reminder_due(start, now) {
        return Ok(());
    }
    let name = cat
        .matter_title(matter_id)
        .unwrap_or_else(|| Text::new(matter_id, matter_id));
    let (zh, en_where) = when_where(start, end, office);
    let (zh_day, en_day) = if start.china_date() == now.china_date() {
        ("今天", "today")
    } else {
        ("明天", "tomorrow")
    };
    messages::write(
        conn,
        &NewMessage {
            owner,
            kind: MessageKind::AppointmentReminder,
            title: text(
                format!("预约提醒：{zh_day}办理{}", name.zh),
                format!("Reminder: {} {en_day}", en(&name)),
            ),
            body: Some(text(
                format!("{zh}。不能到场请提前取消。"),
                format!("{en_where}. If you cannot come, cancel in advance."),
            )),
            case_id: None,
            rating_id: None,
            appointment_id: Some(id),
            due_on: None,
            delivery: None,
        },
        now,
    )?;
    conn.execute("UPDATE appointments SET reminded = 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// Writes the reminders that have come due for the subject's appointments (called before its
/// inbox is read, so a reminder is there when the citizen looks).
pub fn send_due_reminders(
    conn: &Connection,
    cat: &Catalogue,
    owner: &str,
    now: Timestamp,
) -> ApiResult<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM appointments
         WHERE owner = ?1 AND status = 'booked' AND reminded = 0 AND start_at > ?2 AND start_at < ?3"
    ))?;
    let due: Vec<Row> = stmt
        .query_map(params![owner, now.0, now.0 + 2 * 86_400], row)?
        .collect::<Result<Vec<_>, _>>()?;
    for r in due.into_iter().filter(|r| !r.reminded) {
        let Some(office) = office(cat, &r.office_id) else {
            continue;
        };
        remind_if_due(
            conn,
            cat,
            &r.owner,
            &r.id,
            &r.matter_id,
            r.start,
            r.end,
            &office,
            now,
        )?;
    }
    Ok(())
}

/// `GET /appointments`: upcoming (soonest first), then the rest (latest first).
pub fn list(
    conn: &Connection,
    cat: &Catalogue,
    rules: Rules,
    owner: &str,
    now: Timestamp,
) -> ApiResult<AppointmentList> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE owner = ?1
         ORDER BY (status = 'booked' AND end_at > ?2) DESC,
                  CASE WHEN status = 'booked' AND end_at > ?2 THEN start_at END ASC,
                  start_at DESC, id"
    ))?;
    let items = stmt
        .query_map(params![owner, now.0], row)?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|r| view(cat, rules, r, now))
        .collect();
    Ok(AppointmentList { items })
}

/// `POST /appointments/{id}/cancel`: frees the place up to the cut-off; again, the same answer.
pub fn cancel(
    conn: &mut Connection,
    cat: &Catalogue,
    rules: Rules,
    owner: &str,
    id: &str,
    now: Timestamp,
) -> ApiResult<Appointment> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1 AND owner = ?2"),
            params![id, owner],
            row,
        )
        .optional()?
        .ok_or_else(ApiError::not_found)?;
    match AppointmentStatus::parse(&r.status) {
        AppointmentStatus::Cancelled => return Ok(view(cat, rules, r, now)),
        AppointmentStatus::Booked => {}
        _ => return Err(ApiError::conflict("the visit already took place")),
    }
    let cancel_until = r.start.0 - i64::from(rules.cancel_cutoff_minutes) * 60;
    if now.0 > cancel_until {
        return Err(refusal(
            codes::CUT_OFF_PASSED,
            "Cut-off passed",
            "too late to cancel",
        ));
    }
    tx.execute(
        "UPDATE appointments SET status = 'cancelled', cancelled_at = ?2 WHERE id = ?1",
        params![id, now.0],
    )?;
    let r = tx.query_row(
        &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1"),
        [id],
        row,
    )?;
    tx.commit()?;
    Ok(view(cat, rules, r, now))
}

/// `POST /appointments/{id}/move` (改约): the appointment moves to another slot (at the same
/// office or another one taking appointments for the matter) up to the cut-off. The old place
/// is freed and the new one taken by one `UPDATE` inside one `IMMEDIATE` transaction, so a
/// refused move leaves the appointment where it was and no other booking sees both places
/// held or both free. A queue number taken for the old slot goes with it; the reminder is
/// written again for the new day. Moving to the slot it holds changes nothing.
#[allow(clippy::too_many_arguments)]
pub fn reschedule(
    conn: &mut Connection,
    cat: &Catalogue,
    cal: &Calendar,
    rules: Rules,
    owner: &str,
    id: &str,
    to: &MoveAppointment,
    now: Timestamp,
) -> ApiResult<Appointment> {
    let mut errors = FieldErrors::new();
    for (pointer, value) in [("/office_id", &to.office_id), ("/slot_id", &to.slot_id)] {
        if value.trim().is_empty() {
            errors.add(pointer, field_codes::REQUIRED);
        } else if value.chars().count() > 100 {
            errors.add(pointer, field_codes::TOO_LONG);
        }
    }
    errors.into_result()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1 AND owner = ?2"),
            params![id, owner],
            row,
        )
        .optional()?
        .ok_or_else(ApiError::not_found)?;
    match AppointmentStatus::parse(&r.status) {
        AppointmentStatus::Booked => {}
        AppointmentStatus::Cancelled => {
            return Err(ApiError::conflict("the appointment was cancelled"));
        }
        _ => return Err(ApiError::conflict("the visit already took place")),
    }
    if now.0 > r.start.0 - i64::from(rules.cancel_cutoff_minutes) * 60 {
        return Err(refusal(
            codes::CUT_OFF_PASSED,
            "Cut-off passed",
            "too late to move",
        ));
    }
    if r.office_id == to.office_id && r.slot_id == to.slot_id {
        return Ok(view(cat, rules, r, now));
    }
    let office = bookable_office(cat, &r.matter_id, &to.office_id)?.clone();
    let chosen = place(cal, rules, &office, &to.slot_id, now)?;
    check_room(&tx, cal, rules, &to.office_id, &to.slot_id, &chosen, now)?;
    tx.execute(
        "UPDATE appointments SET office_id = ?2, slot_id = ?3, start_at = ?4, end_at = ?5,
           reminded = 0
         WHERE id = ?1",
        params![id, to.office_id, to.slot_id, chosen.start.0, chosen.end.0],
    )?;
    tx.execute("DELETE FROM queue_tickets WHERE appointment_id = ?1", [id])?;
    let name = cat
        .matter_title(&r.matter_id)
        .unwrap_or_else(|| Text::new(&r.matter_id, &r.matter_id));
    let (zh, en_where) = when_where(chosen.start, chosen.end, &office);
    messages::write(
        &tx,
        &NewMessage {
            owner,
            kind: MessageKind::AppointmentConfirmed,
            title: text(
                format!("改约成功：{}", name.zh),
                format!("Moved: {}", en(&name)),
            ),
            body: Some(text(
                format!("新的时间：{zh}。原时段已释放。请按时到场，带齐材料。"),
                format!(
                    "New time: {en_where}. The old slot has been released. Please arrive on \
                     time with all the material."
                ),
            )),
            case_id: r.case_id.as_deref(),
            rating_id: None,
            appointment_id: Some(id),
            due_on: None,
            delivery: None,
        },
        now,
    )?;
    remind_if_due(
        &tx,
        cat,
        owner,
        id,
        &r.matter_id,
        chosen.start,
        chosen.end,
        &office,
        now,
    )?;
    let moved = tx.query_row(
        &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1"),
        [id],
        row,
    )?;
    tx.commit()?;
    Ok(view(cat, rules, moved, now))
}

/// A queue number can be taken from this long before the slot until its end.
const TICKET_OPENS_MINUTES: i64 = 30;
/// The reference backend's simulated counter: one number served every this many minutes from
/// the moment a ticket is taken, with this many walk-in citizens ahead of the day's first.
const SERVICE_MINUTES: i64 = 5;
const WALK_INS_AHEAD: i64 = 3;

fn ticket_open(
    status: AppointmentStatus,
    start: Timestamp,
    end: Timestamp,
    now: Timestamp,
) -> bool {
    status == AppointmentStatus::Booked && now.0 >= start.0 - TICKET_OPENS_MINUTES * 60 && now < end
}

/// `POST /appointments/{id}/ticket`: the appointment's queue number (taken once, then the same
/// number again) with the queue as it is now.
pub fn take_ticket(
    conn: &mut Connection,
    owner: &str,
    id: &str,
    now: Timestamp,
) -> ApiResult<QueueTicket> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let r = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1 AND owner = ?2"),
            params![id, owner],
            row,
        )
        .optional()?
        .ok_or_else(ApiError::not_found)?;
    let status = AppointmentStatus::parse(&r.status);
    if status != AppointmentStatus::Booked {
        return Err(ApiError::conflict("the appointment is not booked"));
    }
    let held: Option<(i64, i64)> = tx
        .query_row(
            "SELECT seq, issued_at FROM queue_tickets WHERE appointment_id = ?1",
            [id],
            |q| Ok((q.get(0)?, q.get(1)?)),
        )
        .optional()?;
    let (seq, issued_at) = match held {
        Some(t) => t,
        None => {
            if !ticket_open(status, r.start, r.end, now) {
                return Err(refusal(
                    codes::TICKET_NOT_OPEN,
                    "Ticket not open",
                    "a number can be taken from 30 minutes before the slot until its end",
                ));
            }
            let day = r.start.china_date().to_string();
            let seq: i64 = tx.query_row(
                "SELECT coalesce(max(seq), 0) + 1 FROM queue_tickets WHERE office_id = ?1 AND day = ?2",
                params![r.office_id, day],
                |q| q.get(0),
            )?;
            tx.execute(
                "INSERT INTO queue_tickets (appointment_id, office_id, day, seq, issued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, r.office_id, day, seq, now.0],
            )?;
            (seq, now.0)
        }
    };
    tx.commit()?;
    let served = (now.0 - issued_at).max(0) / (SERVICE_MINUTES * 60);
    let ahead = (seq - 1 + WALK_INS_AHEAD - served).max(0);
    Ok(QueueTicket {
        appointment_id: id.into(),
        number: format!("A{seq:03}"),
        people_ahead: ahead as u32,
        estimated_wait_minutes: (ahead * SERVICE_MINUTES) as u32,
        issued_at: Timestamp(issued_at),
        called: ahead == 0,
    })
}
