//! 消息中心: what the backend tells a subject. Messages are written inside the transaction of
//! the change they announce (a case moved by the office, the office's reply to a bad rating),
//! so a change and its message commit together; each belongs to one subject (`owner`) and is
//! reachable only by it.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use yishi_contract::{
    Case, Date, DeliveryInfo, DeliveryMethod, FollowUpStatus, InboxCount, Message, MessageKind,
    MessagePage, OpenEnum, Stage, Text, Timestamp, field_codes,
};

use crate::auth::new_id;
use crate::error::{ApiError, ApiResult};

// (`cases` writes messages, so this module keeps its own small helpers rather than use its.)
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("contract types always serialise")
}

/// The cursor of the next page: the sequence number of the last message seen. Opaque to
/// clients, like every cursor of the contract.
fn encode_cursor(seq: i64) -> String {
    format!("s{seq}")
}

fn decode_cursor(s: &str) -> ApiResult<i64> {
    s.strip_prefix('s')
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request("invalid cursor"))
}

/// A message about to be written.
pub struct NewMessage<'a> {
    pub owner: &'a str,
    pub kind: MessageKind,
    pub title: Text,
    pub body: Option<Text>,
    pub case_id: Option<&'a str>,
    pub rating_id: Option<&'a str>,
    pub appointment_id: Option<&'a str>,
    pub due_on: Option<Date>,
    pub delivery: Option<&'a DeliveryInfo>,
}

pub fn write(conn: &Connection, m: &NewMessage<'_>, now: Timestamp) -> ApiResult<String> {
    let id = new_id("m");
    conn.execute(
        "INSERT INTO messages (id, owner, kind, title_json, body_json, created_at, case_id,
           rating_id, due_on, delivery_json, appointment_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            m.owner,
            m.kind.as_str(),
            to_json(&m.title),
            m.body.as_ref().map(to_json),
            now.0,
            m.case_id,
            m.rating_id,
            m.due_on.map(|d| d.to_string()),
            m.delivery.map(to_json),
            m.appointment_id,
        ],
    )?;
    Ok(id)
}

/// A day as each language writes it in a sentence (the app formats `due_on` itself).
pub(crate) fn day_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

pub(crate) fn day_en(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[usize::from(d.month.clamp(1, 12)) - 1];
    format!("{} {month} {}", d.day, d.year)
}

pub(crate) fn text(zh: String, en: String) -> Text {
    Text { zh, en: Some(en) }
}

/// The English of a text, or its Chinese when it has none.
pub(crate) fn en(t: &Text) -> &str {
    t.en.as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&t.zh)
}

/// What to tell the applicant when the office moves their case to `to`; `None` for a step
/// that asks nothing of them and changes nothing they wait for (收件, 审查, 办结, their own
/// withdrawal). `supplement` is the request just made: its items' names and due day.
pub fn for_stage(
    to: Stage,
    title: &Text,
    note: Option<&Text>,
    supplement: Option<(&[Text], Date)>,
    delivery: Option<&DeliveryInfo>,
) -> Option<(MessageKind, Text, Option<Text>)> {
    let (zh_t, en_t) = (&title.zh, en(title));
    let (kind, head, mut body) = match to {
        Stage::SupplementRequired => {
            let (items, due) = supplement?;
            let zh_items: Vec<&str> = items.iter().map(|t| t.zh.as_str()).collect();
            let en_items: Vec<&str> = items.iter().map(en).collect();
            (
                MessageKind::SupplementRequired,
                text(
                    format!("{zh_t}：请补正材料"),
                    format!("{en_t}: more material needed"),
                ),
                Some(text(
                    format!(
                        "请在 {} 前补正 {} 项材料：{}。",
                        day_zh(due),
                        items.len(),
                        zh_items.join("、")
                    ),
                    format!(
                        "Please supply {} {} by {}: {}.",
                        items.len(),
                        if items.len() == 1 { "item" } else { "items" },
                        day_en(due),
                        en_items.join(", ")
                    ),
                )),
            )
        }
        Stage::Accepted => (
            MessageKind::Accepted,
            text(format!("{zh_t}：已受理"), format!("{en_t}: accepted")),
            None,
        ),
        Stage::NotAccepted => (
            MessageKind::NotAccepted,
            text(format!("{zh_t}：不予受理"), format!("{en_t}: not accepted")),
            None,
        ),
        Stage::SpecialProcedure => (
            MessageKind::SpecialProcedure,
            text(
                format!("{zh_t}：进入特别程序，时限暂停计算"),
                format!("{en_t}: special procedure, the clock is stopped"),
            ),
            None,
        ),
        Stage::Approved => (
            MessageKind::Decided,
            text(format!("{zh_t}：准予许可"), format!("{en_t}: approved")),
            None,
        ),
        Stage::Refused => (
            MessageKind::Decided,
            text(format!("{zh_t}：不予许可"), format!("{en_t}: refused")),
            None,
        ),
        Stage::Delivered => {
            let (kind, zh, en) = match delivery.map(|d| d.method) {
                Some(DeliveryMethod::Pickup) => (
                    MessageKind::ReadyForCollection,
                    "结果可领取",
                    "result ready for collection",
                ),
                Some(DeliveryMethod::Post) => {
                    (MessageKind::SentByPost, "结果已邮寄", "result sent by post")
                }
                Some(DeliveryMethod::Electronic) => (
                    MessageKind::DeliveredOnline,
                    "结果已电子送达",
                    "result delivered online",
                ),
                _ => (MessageKind::CaseUpdate, "结果已送达", "result delivered"),
            };
            (
                kind,
                text(format!("{zh_t}：{zh}"), format!("{en_t}: {en}")),
                delivery.map(|d| d.detail.clone()),
            )
        }
        _ => return None,
    };
    if body.is_none() {
        body = note.cloned();
    }
    Some((kind, head, body))
}

/// What to tell the rater when the office records a step on their bad rating.
pub fn for_follow_up(status: FollowUpStatus, text_of_step: &Text) -> (Text, Option<Text>) {
    let title = match status {
        FollowUpStatus::Rectified | FollowUpStatus::Explained => text(
            "您的差评已有答复，请告诉我们问题是否解决".into(),
            "The office has replied to your rating: tell us whether it is solved".into(),
        ),
        _ => text(
            "您的差评正在处理".into(),
            "Your rating is being followed up".into(),
        ),
    };
    (title, Some(text_of_step.clone()))
}

/// Writes the message about a case that has just moved (inside the caller's transaction).
pub fn about_case(
    conn: &Connection,
    case: &Case,
    owner: &str,
    note: Option<&Text>,
    now: Timestamp,
) -> ApiResult<()> {
    let s = &case.summary;
    let supplement = case.supplement.as_ref().map(|r| {
        let names: Vec<Text> = r
            .items
            .iter()
            .filter(|i| !i.received)
            .map(|i| i.name.clone())
            .collect();
        (names, r.due_on)
    });
    let Some((kind, title, body)) = for_stage(
        s.stage,
        &s.title,
        note,
        supplement.as_ref().map(|(n, d)| (n.as_slice(), *d)),
        case.delivery.as_ref(),
    ) else {
        return Ok(());
    };
    let due_on = match kind {
        MessageKind::SupplementRequired => supplement.map(|(_, d)| d),
        _ => None,
    };
    write(
        conn,
        &NewMessage {
            owner,
            kind,
            title,
            body,
            case_id: Some(&s.id),
            rating_id: None,
            appointment_id: None,
            due_on,
            delivery: if s.stage == Stage::Delivered {
                case.delivery.as_ref()
            } else {
                None
            },
        },
        now,
    )?;
    Ok(())
}

const COLUMNS: &str = "m.seq, m.id, m.kind, m.title_json, m.body_json, m.created_at, m.read_at, \
     m.case_id, c.number, m.rating_id, m.due_on, m.delivery_json, m.appointment_id";

fn json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(i64, Message)> {
    let kind: String = r.get(2)?;
    let body: Option<String> = r.get(4)?;
    let read_at: Option<i64> = r.get(6)?;
    let due_on: Option<String> = r.get(10)?;
    let delivery: Option<String> = r.get(11)?;
    Ok((
        r.get(0)?,
        Message {
            id: r.get(1)?,
            kind: MessageKind::parse(&kind),
            title: json(&r.get::<_, String>(3)?)?,
            body: body.as_deref().map(json).transpose()?,
            created_at: Timestamp(r.get(5)?),
            read: read_at.is_some(),
            case_id: r.get(7)?,
            case_number: r.get(8)?,
            rating_id: r.get(9)?,
            appointment_id: r.get(12)?,
            due_on: due_on.as_deref().and_then(Date::parse),
            delivery: delivery.as_deref().map(json).transpose()?,
        },
    ))
}

/// The state of the subject's whole inbox, as an `ETag`. Sequence numbers only grow and a
/// message is never unread again, so (newest, unread) changes with every arrival and read.
pub fn etag(conn: &Connection, owner: &str) -> ApiResult<String> {
    let (newest, unread): (i64, i64) = conn.query_row(
        "SELECT coalesce(max(seq), 0), coalesce(sum(read_at IS NULL), 0)
         FROM messages WHERE owner = ?1",
        [owner],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(format!("\"m-{newest}-{unread}\""))
}

pub fn unread(conn: &Connection, owner: &str) -> ApiResult<u32> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM messages WHERE owner = ?1 AND read_at IS NULL",
        [owner],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `GET /messages`: newest first.
pub fn list(
    conn: &Connection,
    owner: &str,
    cursor: Option<&str>,
    limit: u32,
) -> ApiResult<MessagePage> {
    let before = cursor.map(decode_cursor).transpose()?;
    let sql = format!(
        "SELECT {COLUMNS} FROM messages m LEFT JOIN cases c ON c.id = m.case_id
         WHERE m.owner = ?1 AND (?2 IS NULL OR m.seq < ?2)
         ORDER BY m.seq DESC LIMIT ?3"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(params![owner, before, i64::from(limit) + 1], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = if rows.len() > limit as usize {
        rows.get(limit as usize - 1)
            .map(|(seq, _)| encode_cursor(*seq))
    } else {
        None
    };
    Ok(MessagePage {
        items: rows
            .into_iter()
            .take(limit as usize)
            .map(|(_, m)| m)
            .collect(),
        unread: unread(conn, owner)?,
        next_cursor,
    })
}

fn get_owned(conn: &Connection, owner: &str, id: &str) -> ApiResult<Option<(i64, Message)>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages m LEFT JOIN cases c ON c.id = m.case_id
         WHERE m.owner = ?1 AND m.id = ?2"
    );
    Ok(conn
        .query_row(&sql, params![owner, id], from_row)
        .optional()?)
}

/// `POST /messages/{id}/read`: someone else's message is the same 404 as none.
pub fn mark_read(conn: &Connection, owner: &str, id: &str, now: Timestamp) -> ApiResult<Message> {
    conn.execute(
        "UPDATE messages SET read_at = ?3 WHERE owner = ?1 AND id = ?2 AND read_at IS NULL",
        params![owner, id, now.0],
    )?;
    get_owned(conn, owner, id)?
        .map(|(_, m)| m)
        .ok_or_else(ApiError::not_found)
}

/// `POST /messages/read-all`: everything up to and including `up_to` (the newest the citizen
/// saw), or everything.
pub fn read_all(
    conn: &Connection,
    owner: &str,
    up_to: Option<&str>,
    now: Timestamp,
) -> ApiResult<InboxCount> {
    let last = match up_to {
        Some(id) => match get_owned(conn, owner, id)? {
            Some((seq, _)) => seq,
            None => return Err(ApiError::invalid_field("/up_to", field_codes::INVALID)),
        },
        None => i64::MAX,
    };
    conn.execute(
        "UPDATE messages SET read_at = ?3 WHERE owner = ?1 AND seq <= ?2 AND read_at IS NULL",
        params![owner, last, now.0],
    )?;
    Ok(InboxCount {
        unread: unread(conn, owner)?,
    })
}
