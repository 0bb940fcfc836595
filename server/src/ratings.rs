//! Ratings (好差评): one per case and rating stage, validated by `yishi_core::rating`; bad ratings
//! (1 and 2) get a follow-up (差评整改) with a rectification deadline in working days, steps the
//! rater can see, and the rater's call-back (回访).

use rusqlite::{Connection, OptionalExtension, Row, params};
use yishi_contract::{
    Callback, CallbackAnswer, Channel, DimensionLabel, FollowUp, FollowUpAction, FollowUpStatus,
    FollowUpStep, LevelLabel, NewRating, Page, Rating, RatingOptions, RatingReason, RatingStage,
    RatingSummary, Text, TimeLimit, TimeUnit, Timestamp, field_codes,
};
use yishi_core::rating::{is_bad, satisfaction_permille, validate_new_rating};
use yishi_core::workdays::due_date;

use crate::cases::{
    CaseRow, decode_cursor, encode_cursor, enum_str, load_case, load_case_by_lookup,
    load_owned_case, lookup_not_found, parse_enum, ratable_by, to_json,
};
use crate::env::Env;
use crate::error::{ApiError, ApiResult};

/// The longest comment accepted, in characters.
pub const COMMENT_MAX_CHARS: u16 = 500;

/// `GET /rating-options`: the national five levels, the online and window dimensions, and the
/// reasons offered for a bad rating.
pub fn options(env: &Env) -> RatingOptions {
    let levels = [
        (1, "非常不满意", "Very dissatisfied"),
        (2, "不满意", "Dissatisfied"),
        (3, "基本满意", "Fairly satisfied"),
        (4, "满意", "Satisfied"),
        (5, "非常满意", "Very satisfied"),
    ];
    let reasons = [
        (
            "slow",
            "办理时间长，超出承诺时限",
            "It took too long, past the promised time",
        ),
        (
            "guide_inaccurate",
            "办事指南不准确、不完整",
            "The service guide was wrong or incomplete",
        ),
        (
            "repeat_materials",
            "要求重复提交材料或提交指南以外的材料",
            "Asked for material twice, or for material not in the guide",
        ),
        (
            "many_visits",
            "多次跑动，未做到“最多跑一次”",
            "Had to come back more than once",
        ),
        ("attitude", "工作人员态度差", "Staff were unfriendly"),
        (
            "unclear_progress",
            "办理进度不透明",
            "Could not see how the case was going",
        ),
        (
            "system_hard",
            "系统难用、操作复杂",
            "The system was hard to use",
        ),
        ("other", "其他", "Other"),
    ];
    // 办事效率, 办事指南精确度, 办事便捷度, 平台操作性 online; 办事效率, 服务水平, 服务态度 at the window.
    let dimensions: [(&str, &str, &str); 6] = [
        ("efficiency", "办事效率", "Efficiency"),
        ("guide_accuracy", "办事指南精确度", "Accuracy of the guide"),
        ("convenience", "办事便捷度", "Convenience"),
        ("ease_of_use", "平台操作性", "Ease of use"),
        ("service_level", "服务水平", "Service"),
        ("attitude", "服务态度", "Attitude"),
    ];
    let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    RatingOptions {
        dimension_labels: dimensions
            .iter()
            .map(|&(dimension, zh, en)| DimensionLabel {
                dimension: dimension.into(),
                label: Text::new(zh, en),
            })
            .collect(),
        levels: levels
            .iter()
            .map(|&(level, zh, en)| LevelLabel {
                level,
                label: Text::new(zh, en),
            })
            .collect(),
        online_dimensions: names(&["efficiency", "guide_accuracy", "convenience", "ease_of_use"]),
        window_dimensions: names(&["efficiency", "service_level", "attitude"]),
        reasons: reasons
            .iter()
            .map(|&(code, zh, en)| RatingReason {
                code: code.into(),
                label: Text::new(zh, en),
            })
            .collect(),
        comment_max_chars: COMMENT_MAX_CHARS,
        rectification_working_days: env.rectification_days,
    }
}

struct RatingRow {
    id: String,
    case_id: String,
    stage: RatingStage,
    channel: Channel,
    level: u8,
    dimensions_json: String,
    reasons_json: String,
    comment: Option<String>,
    created_at: i64,
    without_sign_in: bool,
}

const RATING_COLUMNS: &str = "id, case_id, stage, channel, level, dimensions_json, reasons_json, comment, created_at, without_sign_in";

fn rating_from_row(r: &Row<'_>) -> rusqlite::Result<RatingRow> {
    Ok(RatingRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        stage: parse_enum(&r.get::<_, String>(2)?),
        channel: parse_enum(&r.get::<_, String>(3)?),
        level: r.get(4)?,
        dimensions_json: r.get(5)?,
        reasons_json: r.get(6)?,
        comment: r.get(7)?,
        created_at: r.get(8)?,
        without_sign_in: r.get::<_, i64>(9)? != 0,
    })
}

fn follow_up(conn: &Connection, rating_id: &str) -> ApiResult<Option<FollowUp>> {
    let head: Option<(String, String)> = conn
        .query_row(
            "SELECT status, due_on FROM follow_ups WHERE rating_id = ?1",
            [rating_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((status, due_on)) = head else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare("SELECT status, at, office_json, text_json FROM follow_up_steps WHERE rating_id = ?1 ORDER BY seq")?;
    let steps = stmt
        .query_map([rating_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(s, at, office, text)| {
            Ok(FollowUpStep {
                status: parse_enum(&s),
                at: Timestamp(at),
                office: serde_json::from_str(&office)?,
                text: text.map(|t| serde_json::from_str(&t)).transpose()?,
            })
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    let callback = conn
        .query_row(
            "SELECT resolved, comment, at FROM callbacks WHERE rating_id = ?1",
            [rating_id],
            |r| {
                Ok(Callback {
                    resolved: r.get::<_, i64>(0)? != 0,
                    comment: r.get(1)?,
                    at: Timestamp(r.get(2)?),
                })
            },
        )
        .optional()?;
    Ok(Some(FollowUp {
        status: parse_enum(&status),
        due_on: yishi_contract::Date::parse(&due_on)
            .ok_or_else(|| ApiError::internal("bad follow-up due date"))?,
        steps,
        callback,
    }))
}

fn view(conn: &Connection, row: RatingRow) -> ApiResult<Rating> {
    let case = load_case(conn, &row.case_id)?
        .ok_or_else(|| ApiError::internal("rating without its case"))?;
    Ok(Rating {
        follow_up: follow_up(conn, &row.id)?,
        id: row.id,
        case_id: row.case_id,
        case_number: case.number,
        case_title: case.title,
        stage: row.stage,
        channel: row.channel,
        level: row.level,
        dimensions: serde_json::from_str(&row.dimensions_json)?,
        reasons: serde_json::from_str(&row.reasons_json)?,
        comment: row.comment,
        created_at: Timestamp(row.created_at),
        without_sign_in: row.without_sign_in,
    })
}

fn load_rating(conn: &Connection, id: &str) -> ApiResult<Option<(String, RatingRow)>> {
    let sql = format!("SELECT owner, {RATING_COLUMNS} FROM ratings WHERE id = ?1");
    Ok(conn
        .query_row(&sql, [id], |r| {
            let owner: String = r.get(0)?;
            // Shift the columns by one for the shared row reader.
            Ok((
                owner,
                RatingRow {
                    id: r.get(1)?,
                    case_id: r.get(2)?,
                    stage: parse_enum(&r.get::<_, String>(3)?),
                    channel: parse_enum(&r.get::<_, String>(4)?),
                    level: r.get(5)?,
                    dimensions_json: r.get(6)?,
                    reasons_json: r.get(7)?,
                    comment: r.get(8)?,
                    created_at: r.get(9)?,
                    without_sign_in: r.get::<_, i64>(10)? != 0,
                },
            ))
        })
        .optional()?)
}

/// `GET /ratings/{id}`: only the rater's own.
pub fn get_owned(conn: &Connection, owner: &str, id: &str) -> ApiResult<Rating> {
    match load_rating(conn, id)? {
        Some((o, row)) if o == owner => view(conn, row),
        _ => Err(ApiError::not_found()),
    }
}

pub fn get_any(conn: &Connection, id: &str) -> ApiResult<Rating> {
    match load_rating(conn, id)? {
        Some((_, row)) => view(conn, row),
        None => Err(ApiError::not_found()),
    }
}

/// `GET /ratings`: the subject's ratings, newest first.
pub fn list(
    conn: &Connection,
    owner: &str,
    cursor: Option<&str>,
    limit: u32,
) -> ApiResult<Page<Rating>> {
    let after = cursor.map(decode_cursor).transpose()?;
    let (after_at, after_id) = match &after {
        Some((_, at, id)) => (Some(*at), Some(id.as_str())),
        None => (None, None),
    };
    let sql = format!(
        "SELECT {RATING_COLUMNS} FROM ratings WHERE owner = ?1
           AND (?2 IS NULL OR created_at < ?2 OR (created_at = ?2 AND id < ?3))
         ORDER BY created_at DESC, id DESC LIMIT ?4"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(
            params![owner, after_at, after_id, i64::from(limit) + 1],
            rating_from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > limit as usize;
    let next_cursor = if more {
        rows.get(limit as usize - 1)
            .map(|r| encode_cursor(0, r.created_at, &r.id))
    } else {
        None
    };
    let items = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| view(conn, r))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Page { items, next_cursor })
}

/// The case a rating is about: the signed-in subject's own case by `case_id`, or, with `lookup`
/// (no session needed), the case with that number and query code. A wrong number and a wrong
/// code are the same 404.
fn rated_case(conn: &Connection, owner: Option<&str>, req: &NewRating) -> ApiResult<CaseRow> {
    match (&req.lookup, owner) {
        (Some(l), _) => load_case_by_lookup(conn, l)?.ok_or_else(lookup_not_found),
        (None, Some(owner)) => load_owned_case(conn, owner, &req.case_id),
        (None, None) => Err(ApiError::unauthenticated()),
    }
}

/// `POST /ratings`: validates, finds the case (the subject's own, or by lookup), checks the
/// stage is open in the rater's slot, stores. `owner` is `None` for a request without a
/// session. A rating by lookup is the holder of the receipt's, marked `without_sign_in`: it is
/// nobody's to list or answer a call-back for, and never takes the applicant's own slot.
pub fn create(
    conn: &mut Connection,
    env: &Env,
    owner: Option<&str>,
    req: &NewRating,
    now: Timestamp,
) -> ApiResult<Rating> {
    validate_new_rating(req, &options(env)).into_result()?;
    let case = rated_case(conn, owner, req)?;
    let without_sign_in = req.lookup.is_some();
    let owner = if without_sign_in {
        ""
    } else {
        case.owner.as_str()
    };
    let open = ratable_by(conn, &case, without_sign_in)?;
    if !open.contains(&req.stage) {
        let already: bool = conn
            .query_row(
                "SELECT 1 FROM ratings WHERE case_id = ?1 AND stage = ?2 AND without_sign_in = ?3",
                params![case.id, enum_str(&req.stage), without_sign_in as i64],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        return Err(ApiError::conflict(if already {
            "this case has already been rated at this stage"
        } else {
            "this case cannot be rated at this stage yet"
        }));
    }
    let id = crate::auth::new_id("r");
    let tx = conn.savepoint()?;
    let inserted = tx.execute(
        "INSERT INTO ratings (id, case_id, owner, stage, channel, level, dimensions_json, reasons_json, comment, created_at, without_sign_in)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            case.id,
            owner,
            enum_str(&req.stage),
            enum_str(&req.channel),
            req.level,
            to_json(&req.dimensions),
            to_json(&req.reasons),
            req.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()),
            now.0,
            without_sign_in as i64,
        ],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(ApiError::conflict(
                "this case has already been rated at this stage",
            ));
        }
        other => {
            other?;
        }
    }
    if is_bad(req.level) {
        let today = now.china_date();
        let limit = TimeLimit {
            value: env.rectification_days,
            unit: TimeUnit::WorkingDays,
            note: None,
        };
        let due = due_date(&env.calendar, today, &limit, &[], today);
        tx.execute(
            "INSERT INTO follow_ups (rating_id, status, due_on) VALUES (?1, ?2, ?3)",
            params![id, enum_str(&FollowUpStatus::Verifying), due.to_string()],
        )?;
        tx.execute(
            "INSERT INTO follow_up_steps (rating_id, status, at, office_json, text_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                enum_str(&FollowUpStatus::Verifying),
                now.0,
                to_json(&case.office),
                to_json(&Text::new(
                    format!("已收到您的评价，正在核实，将于{due}前反馈整改情况"),
                    format!("We have your rating and are looking into it; we will report back by {due}"),
                )),
            ],
        )?;
    }
    tx.commit()?;
    get_any(conn, &id)
}

/// Which follow-up steps the office may take from `from` (核实 → 整改 or 解释 → 反馈; 申诉 is
/// decided by returning to 核实, 整改 or 解释). Once the office has replied (`rectified`,
/// `explained`) only the rater's call-back moves it on; `closed` is the call-back's alone.
fn follow_up_allowed(from: FollowUpStatus, to: FollowUpStatus) -> bool {
    use FollowUpStatus::*;
    match from {
        Verifying => matches!(to, Rectifying | Rectified | Explained | Appealed),
        Rectifying => matches!(to, Rectified | Explained | Appealed),
        Appealed => matches!(to, Verifying | Rectifying | Explained),
        Rectified | Explained | Closed | Unknown => false,
    }
}

/// `POST /operator/ratings/{id}/follow-up`: the office records its next step on a bad rating.
pub fn add_follow_up(
    conn: &mut Connection,
    rating_id: &str,
    action: &FollowUpAction,
    now: Timestamp,
) -> ApiResult<Rating> {
    if matches!(
        action.status,
        FollowUpStatus::Unknown | FollowUpStatus::Closed
    ) {
        // `closed` comes only from the rater's call-back.
        return Err(ApiError::invalid_field("/status", field_codes::INVALID));
    }
    if action.text.zh.trim().is_empty() {
        return Err(ApiError::invalid_field("/text", field_codes::REQUIRED));
    }
    let (owner, row) = load_rating(conn, rating_id)?.ok_or_else(ApiError::not_found)?;
    let current: Option<String> = conn
        .query_row(
            "SELECT status FROM follow_ups WHERE rating_id = ?1",
            [rating_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(current) = current else {
        return Err(ApiError::conflict("only a bad rating has a follow-up"));
    };
    let from: FollowUpStatus = parse_enum(&current);
    if !follow_up_allowed(from, action.status) {
        return Err(ApiError::conflict(format!(
            "a follow-up cannot move from {} to {}",
            current,
            enum_str(&action.status)
        )));
    }
    let case = load_case(conn, &row.case_id)?
        .ok_or_else(|| ApiError::internal("rating without its case"))?;
    let tx = conn.savepoint()?;
    tx.execute(
        "UPDATE follow_ups SET status = ?1 WHERE rating_id = ?2",
        params![enum_str(&action.status), rating_id],
    )?;
    tx.execute(
        "INSERT INTO follow_up_steps (rating_id, status, at, office_json, text_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![rating_id, enum_str(&action.status), now.0, to_json(&case.office), to_json(&action.text)],
    )?;
    // The rater hears of it (消息中心); a rating sent without sign-in has no inbox.
    if !owner.is_empty() {
        let (title, body) = crate::messages::for_follow_up(action.status, &action.text);
        crate::messages::write(
            &tx,
            &crate::messages::NewMessage {
                owner: &owner,
                kind: yishi_contract::MessageKind::RatingReply,
                title,
                body,
                case_id: Some(&row.case_id),
                rating_id: Some(rating_id),
                appointment_id: None,
                due_on: None,
                delivery: None,
            },
            now,
        )?;
    }
    tx.commit()?;
    get_any(conn, rating_id)
}

/// `POST /ratings/{id}/callback` (回访): the rater answers once, after the office has replied
/// (rectified or explained). Resolved or not, the answer closes the follow-up; an unresolved
/// answer stays on record for the office's supervisors.
pub fn callback(
    conn: &mut Connection,
    owner: &str,
    rating_id: &str,
    answer: &CallbackAnswer,
    now: Timestamp,
) -> ApiResult<Rating> {
    if let Some(c) = &answer.comment
        && c.chars().count() > usize::from(COMMENT_MAX_CHARS)
    {
        return Err(ApiError::invalid_field("/comment", field_codes::TOO_LONG));
    }
    let (_, row) = match load_rating(conn, rating_id)? {
        Some((o, row)) if o == owner => (o, row),
        _ => return Err(ApiError::not_found()),
    };
    let current: Option<String> = conn
        .query_row(
            "SELECT status FROM follow_ups WHERE rating_id = ?1",
            [rating_id],
            |r| r.get(0),
        )
        .optional()?;
    let status: FollowUpStatus = match current {
        Some(s) => parse_enum(&s),
        None => return Err(ApiError::conflict("only a bad rating has a follow-up")),
    };
    match status {
        FollowUpStatus::Rectified | FollowUpStatus::Explained => {}
        FollowUpStatus::Closed => {
            return Err(ApiError::conflict("the call-back was already answered"));
        }
        _ => return Err(ApiError::conflict("the office has not replied yet")),
    }
    let case = load_case(conn, &row.case_id)?
        .ok_or_else(|| ApiError::internal("rating without its case"))?;
    let comment = answer
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let text = if answer.resolved {
        Text::new(
            "回访：评价人表示问题已解决",
            "Call-back: the rater says the problem is solved",
        )
    } else {
        Text::new(
            "回访：评价人表示问题未解决，已转督办",
            "Call-back: not solved for the rater; passed to supervision",
        )
    };
    let tx = conn.savepoint()?;
    tx.execute(
        "INSERT INTO callbacks (rating_id, resolved, comment, at) VALUES (?1, ?2, ?3, ?4)",
        params![rating_id, answer.resolved as i64, comment, now.0],
    )?;
    tx.execute(
        "UPDATE follow_ups SET status = ?1 WHERE rating_id = ?2",
        params![enum_str(&FollowUpStatus::Closed), rating_id],
    )?;
    tx.execute(
        "INSERT INTO follow_up_steps (rating_id, status, at, office_json, text_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![rating_id, enum_str(&FollowUpStatus::Closed), now.0, to_json(&case.office), to_json(&text)],
    )?;
    tx.commit()?;
    get_owned(conn, owner, rating_id)
}

/// The ratings that count for a matter: those of its own cases, and those of life-event cases
/// it is a member of (一件事 is rated as one service, which each bundled matter shares).
const RATINGS_OF_MATTER: &str =
    "SELECT r.id, r.level FROM ratings r JOIN cases c ON c.id = r.case_id
     WHERE c.matter_id = ?1 OR c.id IN (SELECT case_id FROM case_members WHERE matter_id = ?1)";

/// `GET /matters/{id}/rating-summary`: counts only, never a rater.
pub fn summary(conn: &Connection, matter_id: &str) -> ApiResult<RatingSummary> {
    let mut counts = [0u32; 5];
    let mut stmt = conn.prepare(&format!(
        "SELECT m.level, count(*) FROM ({RATINGS_OF_MATTER}) m GROUP BY m.level"
    ))?;
    for row in stmt.query_map([matter_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (level, n) = row?;
        if (1..=5).contains(&level) {
            counts[(level - 1) as usize] = n as u32;
        }
    }
    // A bad rating counts as rectified once the office reported a rectification.
    let bad_rectified: i64 = conn.query_row(
        &format!(
            "SELECT count(DISTINCT m.id) FROM ({RATINGS_OF_MATTER}) m
               JOIN follow_up_steps s ON s.rating_id = m.id
             WHERE m.level <= 2 AND s.status = 'rectified'"
        ),
        [matter_id],
        |r| r.get(0),
    )?;
    Ok(RatingSummary {
        matter_id: matter_id.to_string(),
        counts,
        total: counts.iter().sum(),
        satisfaction_permille: satisfaction_permille(counts),
        bad_total: counts[0] + counts[1],
        bad_rectified: bad_rectified as u32,
    })
}
