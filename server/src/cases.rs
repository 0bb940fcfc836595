//! Cases (办件): storage, the views the contract defines, withdrawal, and the operator's stage
//! changes. The stage rules and the clock come from `yishi_core` (stages, workdays); this module
//! only records what happened.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng as _;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yishi_contract::{
    AdvanceCase, AttachedLicence, Case, CaseFile, CaseLookup, CaseMaterial, CaseState, CaseSummary,
    Date, Deadline, DeliveryInfo, DeliveryMethod, Department, MemberCase, Office, OpenEnum, Page,
    Pause, PublicCase, PublicSupplement, PublicSupplementItem, RatingStage, Stage, StageEntry,
    SupplementItem, SupplementRequest, SupplementUpload, Text, TimeLimit, TimeUnit, Timestamp,
    field_codes,
};
use yishi_core::field_errors::FieldErrors;
pub use yishi_core::lookup::normalise_number;
use yishi_core::lookup::{
    QUERY_CODE_ALPHABET, QUERY_CODE_LEN, format_query_code, normalise_query_code,
};
use yishi_core::stages;
use yishi_core::workdays::{compute_deadline, due_date};

use crate::auth::constant_time_eq;
use crate::env::Env;
use crate::error::{ApiError, ApiResult};

/// A stored open enum value: its wire name.
pub fn enum_str<T: OpenEnum>(v: &T) -> &'static str {
    v.as_str()
}

/// The inverse of [`enum_str`]; unknown strings become the enum's `Unknown`.
pub fn parse_enum<T: OpenEnum>(s: &str) -> T {
    T::parse(s)
}

pub fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("contract types always serialise")
}

fn from_json<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_json<T: DeserializeOwned>(s: Option<String>) -> rusqlite::Result<Option<T>> {
    s.map(|s| from_json(&s)).transpose()
}

fn opt_date(s: Option<String>) -> Option<Date> {
    s.and_then(|s| Date::parse(&s))
}

/// One row of `cases`.
#[derive(Clone, Debug)]
pub struct CaseRow {
    pub id: String,
    pub number: String,
    pub owner: String,
    pub applicant_name: String,
    pub title: Text,
    pub matter_id: Option<String>,
    pub event_id: Option<String>,
    pub stage: Stage,
    /// The office handling the case; it acts in the timeline.
    pub office: Text,
    pub promised: TimeLimit,
    pub legal: TimeLimit,
    pub submitted_at: Timestamp,
    pub updated_at: Timestamp,
    pub accepted_on: Option<Date>,
    pub stopped_on: Option<Date>,
    pub delivery: Option<DeliveryInfo>,
    /// 查询码, normalised (see `yishi_core::lookup`); `None` only before start-up issued one.
    pub query_code: Option<String>,
}

const CASE_COLUMNS: &str = "id, number, owner, applicant_name, title_json, matter_id, event_id, stage, office_json, \
     promised_json, legal_json, submitted_at, updated_at, accepted_on, stopped_on, delivery_json, query_code";

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        owner: r.get(2)?,
        applicant_name: r.get(3)?,
        title: from_json(&r.get::<_, String>(4)?)?,
        matter_id: r.get(5)?,
        event_id: r.get(6)?,
        stage: parse_enum(&r.get::<_, String>(7)?),
        office: from_json(&r.get::<_, String>(8)?)?,
        promised: from_json(&r.get::<_, String>(9)?)?,
        legal: from_json(&r.get::<_, String>(10)?)?,
        submitted_at: Timestamp(r.get(11)?),
        updated_at: Timestamp(r.get(12)?),
        accepted_on: opt_date(r.get(13)?),
        stopped_on: opt_date(r.get(14)?),
        delivery: opt_json(r.get(15)?)?,
        query_code: r.get(16)?,
    })
}

pub fn load_case(conn: &Connection, id: &str) -> ApiResult<Option<CaseRow>> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], case_from_row).optional()?)
}

pub fn load_case_by_number(conn: &Connection, number: &str) -> ApiResult<Option<CaseRow>> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE number = ?1");
    Ok(conn.query_row(&sql, [number], case_from_row).optional()?)
}

/// The case a lookup without sign-in names: its number and its query code, compared as people
/// type them, the code in constant time. A wrong number and a wrong code are the same `None`.
pub fn load_case_by_lookup(conn: &Connection, lookup: &CaseLookup) -> ApiResult<Option<CaseRow>> {
    let given = normalise_query_code(&lookup.query_code);
    Ok(
        load_case_by_number(conn, &normalise_number(&lookup.number))?.filter(|case| {
            case.query_code
                .as_deref()
                .is_some_and(|code| constant_time_eq(code.as_bytes(), given.as_bytes()))
        }),
    )
}

/// The 404 of a lookup, the same for a wrong number and a wrong code.
pub fn lookup_not_found() -> ApiError {
    ApiError::not_found().detail("No case matches this number and query code.")
}

/// A new query code (查询码): [`QUERY_CODE_LEN`] characters of [`QUERY_CODE_ALPHABET`] from
/// the operating system's random source, stored normalised.
pub fn new_query_code() -> String {
    let mut rng = rand::rng();
    (0..QUERY_CODE_LEN)
        .map(|_| QUERY_CODE_ALPHABET[rng.random_range(0..QUERY_CODE_ALPHABET.len())] as char)
        .collect()
}

/// Gives every case without a query code one (cases stored before codes existed). Run at
/// start-up; returns how many were issued.
pub fn issue_missing_query_codes(conn: &mut Connection) -> ApiResult<usize> {
    let tx = conn.savepoint()?;
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM cases WHERE query_code IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &ids {
        tx.execute(
            "UPDATE cases SET query_code = ?1 WHERE id = ?2",
            params![new_query_code(), id],
        )?;
    }
    tx.commit()?;
    Ok(ids.len())
}

/// The case `id` if it belongs to `owner`. Someone else's case is "not found", never
/// "forbidden", so ids cannot be probed.
pub fn load_owned_case(conn: &Connection, owner: &str, id: &str) -> ApiResult<CaseRow> {
    match load_case(conn, id)? {
        Some(c) if c.owner == owner => Ok(c),
        _ => Err(ApiError::not_found()),
    }
}

pub fn pauses(conn: &Connection, case_id: &str) -> ApiResult<Vec<Pause>> {
    let mut stmt = conn.prepare(
        "SELECT stage, from_date, to_date FROM case_pauses WHERE case_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok(Pause {
                stage: parse_enum(&r.get::<_, String>(0)?),
                from: Date::parse(&r.get::<_, String>(1)?).unwrap_or(Date {
                    year: 1970,
                    month: 1,
                    day: 1,
                }),
                to: opt_date(r.get(2)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn timeline(conn: &Connection, case_id: &str) -> ApiResult<Vec<StageEntry>> {
    let mut stmt =
        conn.prepare("SELECT stage, at, office_json, note_json FROM case_timeline WHERE case_id = ?1 ORDER BY seq")?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok(StageEntry {
                stage: parse_enum(&r.get::<_, String>(0)?),
                at: Timestamp(r.get(1)?),
                office: from_json(&r.get::<_, String>(2)?)?,
                note: opt_json(r.get(3)?)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The stages of a case rated by the applicant (`without_sign_in` false) or by someone
/// holding its receipt (true).
fn rated_stages(
    conn: &Connection,
    case_id: &str,
    without_sign_in: bool,
) -> ApiResult<Vec<RatingStage>> {
    let mut stmt =
        conn.prepare("SELECT stage FROM ratings WHERE case_id = ?1 AND without_sign_in = ?2")?;
    let rows = stmt
        .query_map(params![case_id, without_sign_in as i64], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows.iter().map(|s| parse_enum(s)).collect())
}

/// The rating stages open now to the applicant (`without_sign_in` false) or to a rating
/// without sign-in (true): reached by the case's stage and not rated yet in that slot.
pub fn ratable_by(
    conn: &Connection,
    case: &CaseRow,
    without_sign_in: bool,
) -> ApiResult<Vec<RatingStage>> {
    let rated = rated_stages(conn, &case.id, without_sign_in)?;
    Ok(
        stages::ratable_stages_case(case.stage, case.accepted_on.is_some())
            .into_iter()
            .filter(|s| !rated.contains(s))
            .collect(),
    )
}

/// The rating stages open now to the applicant.
pub fn ratable(conn: &Connection, case: &CaseRow) -> ApiResult<Vec<RatingStage>> {
    ratable_by(conn, case, false)
}

fn deadline(env: &Env, case: &CaseRow, pauses: &[Pause], today: Date) -> Deadline {
    compute_deadline(
        &env.calendar,
        &case.promised,
        &case.legal,
        case.accepted_on,
        pauses,
        case.stopped_on,
        today,
    )
}

pub fn summary(
    conn: &Connection,
    env: &Env,
    case: &CaseRow,
    today: Date,
) -> ApiResult<CaseSummary> {
    let pauses = pauses(conn, &case.id)?;
    summary_with(conn, env, case, &pauses, today)
}

fn summary_with(
    conn: &Connection,
    env: &Env,
    case: &CaseRow,
    pauses: &[Pause],
    today: Date,
) -> ApiResult<CaseSummary> {
    let state = state_of_case(conn, case)?;
    // The citizen's own deadline, while it is theirs to act: the supplement's due day.
    let action_due_on = if state == CaseState::NeedsAction {
        conn.query_row(
            "SELECT due_on FROM supplement_requests WHERE case_id = ?1",
            [&case.id],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|d| Date::parse(&d))
    } else {
        None
    };
    Ok(CaseSummary {
        action_due_on,
        id: case.id.clone(),
        number: case.number.clone(),
        title: case.title.clone(),
        matter_id: case.matter_id.clone(),
        event_id: case.event_id.clone(),
        stage: case.stage,
        state,
        submitted_at: case.submitted_at,
        updated_at: case.updated_at,
        deadline: deadline(env, case, pauses, today),
        ratable: ratable(conn, case)?,
    })
}

/// Whether a supplement request of the case still has items the office has not received.
pub fn supplement_outstanding(conn: &Connection, case_id: &str) -> ApiResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM supplement_items WHERE case_id = ?1 AND received = 0 LIMIT 1",
            [case_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The filter group of a case: a supplement that is fully supplied waits for the office, not
/// the applicant.
fn state_of_case(conn: &Connection, case: &CaseRow) -> ApiResult<CaseState> {
    let outstanding =
        case.stage == Stage::SupplementRequired && supplement_outstanding(conn, &case.id)?;
    Ok(stages::case_state(case.stage, outstanding))
}

/// The id of a supplement item, from its row: stable for the life of the request.
fn supplement_item_id(seq: i64) -> String {
    format!("si-{seq}")
}

fn supplement(conn: &Connection, case_id: &str) -> ApiResult<Option<SupplementRequest>> {
    let head: Option<(i64, String, Option<String>)> = conn
        .query_row(
            "SELECT requested_at, due_on, office_json FROM supplement_requests WHERE case_id = ?1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((requested_at, due_on, office)) = head else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT seq, material_id, name_json, note_json, received FROM supplement_items WHERE case_id = ?1 ORDER BY seq",
    )?;
    let items = stmt
        .query_map([case_id], |r| {
            Ok(SupplementItem {
                id: supplement_item_id(r.get(0)?),
                material_id: r.get(1)?,
                name: from_json(&r.get::<_, String>(2)?)?,
                note: opt_json(r.get(3)?)?,
                received: r.get::<_, i64>(4)? != 0,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let office: Option<Text> = opt_json(office)?;
    let bring_to = match &office {
        Some(name) => office_details(conn, name)?,
        None => None,
    };
    Ok(Some(SupplementRequest {
        requested_at: Timestamp(requested_at),
        due_on: Date::parse(&due_on)
            .ok_or_else(|| ApiError::internal("bad supplement due date"))?,
        items,
        office,
        bring_to,
    }))
}

/// The office named `name` with its address and hours: the one-stop window of life events, or
/// an office of a department in the catalogue. `None` when no office has that name.
pub fn office_details(conn: &Connection, name: &Text) -> ApiResult<Option<Office>> {
    let one_stop = crate::one_stop::one_stop_office();
    if one_stop.name.zh == name.zh {
        return Ok(Some(one_stop));
    }
    let mut stmt = conn.prepare("SELECT json FROM departments ORDER BY ord")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for json in rows {
        let department: Department = from_json(&json?)?;
        if let Some(o) = department
            .offices
            .into_iter()
            .find(|o| o.name.zh == name.zh)
        {
            return Ok(Some(o));
        }
    }
    Ok(None)
}

fn members(conn: &Connection, case_id: &str) -> ApiResult<Vec<MemberCase>> {
    let mut stmt = conn.prepare(
        "SELECT matter_id, title_json, stage FROM case_members WHERE case_id = ?1 ORDER BY ord",
    )?;
    let rows = stmt
        .query_map([case_id], |r| {
            Ok(MemberCase {
                matter_id: r.get(0)?,
                title: from_json(&r.get::<_, String>(1)?)?,
                stage: parse_enum(&r.get::<_, String>(2)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// `GET /cases/{id}`: the case with everything its applicant may see.
pub fn full_case(conn: &Connection, env: &Env, case: &CaseRow, today: Date) -> ApiResult<Case> {
    let pauses = pauses(conn, &case.id)?;
    Ok(Case {
        summary: summary_with(conn, env, case, &pauses, today)?,
        applicant_masked: yishi_core::validate::mask_name(&case.applicant_name),
        timeline: timeline(conn, &case.id)?,
        pauses,
        supplement: supplement(conn, &case.id)?,
        members: members(conn, &case.id)?,
        delivery: case.delivery.clone(),
        withdrawable: stages::withdrawable(case.stage),
        query_code: case.query_code.as_deref().map(format_query_code),
        materials: materials(conn, &case.id)?,
    })
}

/// The material given with a case's application, in form order: files (those stored with
/// their field's label) and held licences by reference.
fn materials(conn: &Connection, case_id: &str) -> ApiResult<Vec<CaseMaterial>> {
    let mut out: Vec<(i64, i64, CaseMaterial)> = Vec::new();
    let mut files = conn.prepare(
        "SELECT c.ord, c.seq, c.target, c.label_json, a.id, a.name
         FROM case_attachments c JOIN attachments a ON a.id = c.attachment_id
         WHERE c.case_id = ?1 AND c.label_json IS NOT NULL",
    )?;
    for row in files.query_map([case_id], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?.unwrap_or(i64::MAX),
            r.get::<_, i64>(1)?,
            CaseMaterial {
                target: r.get(2)?,
                label: from_json(&r.get::<_, String>(3)?)?,
                file: Some(CaseFile {
                    attachment_id: r.get(4)?,
                    name: r.get(5)?,
                }),
                licence: None,
            },
        ))
    })? {
        out.push(row?);
    }
    let mut licences = conn.prepare(
        "SELECT ord, seq, target, label_json, licence_id, name_json, number_masked
         FROM case_licences WHERE case_id = ?1",
    )?;
    for row in licences.query_map([case_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            CaseMaterial {
                target: r.get(2)?,
                label: from_json(&r.get::<_, String>(3)?)?,
                file: None,
                licence: Some(AttachedLicence {
                    licence_id: r.get(4)?,
                    name: from_json(&r.get::<_, String>(5)?)?,
                    number_masked: r.get(6)?,
                }),
            },
        ))
    })? {
        out.push(row?);
    }
    out.sort_by_key(|(ord, seq, _)| (*ord, *seq));
    Ok(out.into_iter().map(|(_, _, m)| m).collect())
}

/// The answer to a lookup without sign-in: no names, no supplement details, no delivery address,
/// and the timeline without the office's notes (a note may name a person or quote an ID
/// number); the app shows each entry's stage name instead.
pub fn public_case(
    conn: &Connection,
    env: &Env,
    case: &CaseRow,
    today: Date,
) -> ApiResult<PublicCase> {
    let pauses = pauses(conn, &case.id)?;
    let state = state_of_case(conn, case)?;
    // While material is missing: what (by name only: notes may describe the applicant), by
    // when and where, so a citizen without an account knows what to do.
    let supplement = match supplement(conn, &case.id)? {
        Some(s) if state == CaseState::NeedsAction => Some(PublicSupplement {
            due_on: s.due_on,
            items: s
                .items
                .into_iter()
                .map(|i| PublicSupplementItem {
                    name: i.name,
                    received: i.received,
                })
                .collect(),
            bring_to: s.bring_to,
        }),
        _ => None,
    };
    Ok(PublicCase {
        supplement,
        number: case.number.clone(),
        title: case.title.clone(),
        stage: case.stage,
        state,
        deadline: deadline(env, case, &pauses, today),
        timeline: timeline(conn, &case.id)?
            .into_iter()
            .map(|entry| StageEntry {
                note: None,
                ..entry
            })
            .collect(),
        pauses,
        ratable: Some(ratable_by(conn, case, true)?),
    })
}

/// An opaque keyset cursor: the sort key of the last item seen (its group, time and id).
pub fn encode_cursor(group: i64, at: i64, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{group}|{at}|{id}"))
}

pub fn decode_cursor(s: &str) -> ApiResult<(i64, i64, String)> {
    let bad = || ApiError::bad_request("invalid cursor");
    let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
    let raw = String::from_utf8(raw).map_err(|_| bad())?;
    let mut parts = raw.splitn(3, '|');
    let (Some(group), Some(at), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    Ok((
        group.parse().map_err(|_| bad())?,
        at.parse().map_err(|_| bad())?,
        id.to_string(),
    ))
}

/// The list's first sort key: cases that need the citizen come first (1), the others after (0).
fn list_group(state: &str) -> i64 {
    i64::from(state == "needs_action")
}

/// `GET /cases`: the owner's cases, those that need the citizen's action first, then the
/// others; most recently updated first within each group.
pub fn list_cases(
    conn: &Connection,
    env: &Env,
    owner: &str,
    state: Option<CaseState>,
    cursor: Option<&str>,
    limit: u32,
    today: Date,
) -> ApiResult<Page<CaseSummary>> {
    let after = cursor.map(decode_cursor).transpose()?;
    let (after_group, after_at, after_id) = match &after {
        Some((group, at, id)) => (Some(*group), Some(*at), Some(id.as_str())),
        None => (None, None, None),
    };
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE owner = ?1 AND (?2 IS NULL OR state = ?2)
           AND (?6 IS NULL OR (state = 'needs_action') < ?6
                OR ((state = 'needs_action') = ?6
                    AND (updated_at < ?3 OR (updated_at = ?3 AND id < ?4))))
         ORDER BY (state = 'needs_action') DESC, updated_at DESC, id DESC LIMIT ?5"
    );
    let mut stmt = conn.prepare(&sql)?;
    let state = state.map(|s| enum_str(&s));
    let rows = stmt
        .query_map(
            params![
                owner,
                state,
                after_at,
                after_id,
                i64::from(limit) + 1,
                after_group
            ],
            case_from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > limit as usize;
    let mut items = Vec::new();
    for case in rows.iter().take(limit as usize) {
        items.push(summary(conn, env, case, today)?);
    }
    let next_cursor = if more {
        rows.get(limit as usize - 1)
            .zip(items.last())
            .map(|(c, s)| encode_cursor(list_group(enum_str(&s.state)), c.updated_at.0, &c.id))
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// A new case number (办件编号) of the reference backend: `LJ` and ten random digits, not
/// taken yet. Not sequential, so a number says nothing about the cases before or after it (the
/// demo data's fixed numbers have eight digits and never collide).
pub fn next_case_number(conn: &Connection) -> ApiResult<String> {
    let mut rng = rand::rng();
    loop {
        let number = format!("LJ{}", rng.random_range(1_000_000_000u64..10_000_000_000));
        if load_case_by_number(conn, &number)?.is_none() {
            return Ok(number);
        }
    }
}

/// A new case as an office receives it (收件): from an application (`POST /applications`) or
/// the demo data.
#[derive(Clone, Debug)]
pub struct NewCase {
    pub id: String,
    pub number: String,
    pub owner: String,
    pub applicant_name: String,
    pub title: Text,
    pub matter_id: Option<String>,
    pub event_id: Option<String>,
    pub office: Text,
    pub promised: TimeLimit,
    pub legal: TimeLimit,
    /// For an event's case: the bundled matters (id, name).
    pub members: Vec<(String, Text)>,
    pub note: Option<Text>,
}

pub fn insert_case(conn: &mut Connection, c: &NewCase, at: Timestamp) -> ApiResult<()> {
    let tx = conn.savepoint()?;
    insert_case_rows(&tx, c, at)?;
    tx.commit()?;
    Ok(())
}

/// The rows of a new case, inside the caller's transaction.
pub fn insert_case_rows(tx: &Connection, c: &NewCase, at: Timestamp) -> ApiResult<()> {
    tx.execute(
        "INSERT INTO cases (id, number, owner, applicant_name, title_json, matter_id, event_id, stage, state,
           office_json, promised_json, legal_json, submitted_at, updated_at, query_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
        params![
            c.id,
            c.number,
            c.owner,
            c.applicant_name,
            to_json(&c.title),
            c.matter_id,
            c.event_id,
            enum_str(&Stage::Received),
            enum_str(&stages::state_of(Stage::Received)),
            to_json(&c.office),
            to_json(&c.promised),
            to_json(&c.legal),
            at.0,
            new_query_code(),
        ],
    )?;
    for (i, (mid, title)) in c.members.iter().enumerate() {
        tx.execute(
            "INSERT INTO case_members (case_id, ord, matter_id, title_json, stage) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![c.id, i as i64, mid, to_json(title), enum_str(&Stage::Received)],
        )?;
    }
    add_timeline(tx, &c.id, Stage::Received, at, &c.office, c.note.as_ref())?;
    Ok(())
}

fn add_timeline(
    tx: &Connection,
    case_id: &str,
    stage: Stage,
    at: Timestamp,
    office: &Text,
    note: Option<&Text>,
) -> ApiResult<()> {
    tx.execute(
        "INSERT INTO case_timeline (case_id, stage, at, office_json, note_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![case_id, enum_str(&stage), at.0, to_json(office), note.map(to_json)],
    )?;
    Ok(())
}

/// Checks an operator's stage change before anything is written.
fn validate_advance(req: &AdvanceCase) -> ApiResult<()> {
    let mut errors = FieldErrors::new();
    if req.to == Stage::Unknown {
        errors.add("/to", field_codes::INVALID);
    }
    if req.to == Stage::SupplementRequired && req.supplement_items.is_empty() {
        // 一次性告知: a supplement request must list everything missing, so at least one thing.
        errors.add("/supplement_items", field_codes::REQUIRED);
    }
    for (i, item) in req.supplement_items.iter().enumerate() {
        if item.name.zh.trim().is_empty() {
            errors.add(format!("/supplement_items/{i}/name"), field_codes::REQUIRED);
        }
    }
    match &req.delivery {
        None if req.to == Stage::Delivered => {
            // How and where the result goes is what the applicant needs to know.
            errors.add("/delivery", field_codes::REQUIRED);
        }
        Some(d) if d.method == DeliveryMethod::Unknown => {
            errors.add("/delivery/method", field_codes::INVALID);
        }
        Some(d) if d.detail.zh.trim().is_empty() => {
            errors.add("/delivery/detail", field_codes::REQUIRED);
        }
        _ => {}
    }
    Ok(errors.into_result()?)
}

/// The office moves a case to `req.to` at `now`, if the law allows it. The one code path for
/// the operator endpoint, the CLI and the demo data. Withdrawal is the applicant's
/// ([`withdraw`]), never the office's.
pub fn advance(
    conn: &mut Connection,
    env: &Env,
    case_id: &str,
    req: &AdvanceCase,
    now: Timestamp,
) -> ApiResult<CaseRow> {
    validate_advance(req)?;
    let case = load_case(conn, case_id)?.ok_or_else(ApiError::not_found)?;
    if req.to == Stage::Withdrawn {
        return Err(ApiError::illegal_transition(
            "only the applicant can withdraw a case",
        ));
    }
    apply(conn, env, case, req, now)
}

/// Records a legal stage change: the timeline entry, the pause of the clock opened or closed,
/// and the dates the deadline is computed from.
fn apply(
    conn: &mut Connection,
    env: &Env,
    case: CaseRow,
    req: &AdvanceCase,
    now: Timestamp,
) -> ApiResult<CaseRow> {
    let case_id = case.id.clone();
    let from = case.stage;
    let to = req.to;
    if !stages::can_transition_case(from, to, case.accepted_on.is_some()) {
        return Err(ApiError::illegal_transition(format!(
            "a case cannot move from {} to {}",
            enum_str(&from),
            enum_str(&to)
        )));
    }
    let today = now.china_date();
    let tx = conn.savepoint()?;
    if stages::stops_clock(from) {
        // (Already closed if the applicant supplied everything a supplement asked for.)
        close_open_pauses(&tx, &case.id, today)?;
    }
    if stages::stops_clock(to) {
        tx.execute(
            "INSERT INTO case_pauses (case_id, stage, from_date) VALUES (?1, ?2, ?3)",
            params![case.id, enum_str(&to), today.to_string()],
        )?;
    }
    if from == Stage::SupplementRequired && to != Stage::Withdrawn && to != Stage::NotAccepted {
        // Moving on from 补正 means the office has what it asked for.
        tx.execute(
            "UPDATE supplement_items SET received = 1 WHERE case_id = ?1",
            [&case.id],
        )?;
    }
    if to == Stage::SupplementRequired {
        tx.execute(
            "DELETE FROM supplement_items WHERE case_id = ?1",
            [&case.id],
        )?;
        tx.execute(
            "DELETE FROM supplement_requests WHERE case_id = ?1",
            [&case.id],
        )?;
        let limit = TimeLimit {
            value: env.supplement_days,
            unit: TimeUnit::WorkingDays,
            note: None,
        };
        let due = due_date(&env.calendar, today, &limit, &[], today);
        tx.execute(
            "INSERT INTO supplement_requests (case_id, requested_at, due_on, office_json) VALUES (?1, ?2, ?3, ?4)",
            params![case.id, now.0, due.to_string(), to_json(&case.office)],
        )?;
        for item in &req.supplement_items {
            tx.execute(
                "INSERT INTO supplement_items (case_id, material_id, name_json, note_json, received) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case.id, item.material_id, to_json(&item.name), item.note.as_ref().map(to_json), item.received as i64],
            )?;
        }
    }
    let accepted_on = match (case.accepted_on, to) {
        (None, Stage::Accepted) => Some(today),
        (a, _) => a,
    };
    let stopped_on = match (case.stopped_on, to) {
        (None, Stage::Approved | Stage::Refused | Stage::NotAccepted | Stage::Withdrawn) => {
            Some(today)
        }
        (s, _) => s,
    };
    let delivery = if to == Stage::Delivered {
        req.delivery.clone()
    } else {
        case.delivery.clone()
    };
    // The matters of an event's case move with it, where the move is legal for them.
    let members = members(&tx, &case.id)?;
    for (i, m) in members.iter().enumerate() {
        if stages::can_transition(m.stage, to) {
            tx.execute(
                "UPDATE case_members SET stage = ?1 WHERE case_id = ?2 AND ord = ?3",
                params![enum_str(&to), case.id, i as i64],
            )?;
        }
    }
    add_timeline(&tx, &case.id, to, now, &case.office, req.note.as_ref())?;
    let outstanding = to == Stage::SupplementRequired && supplement_outstanding(&tx, &case.id)?;
    tx.execute(
        "UPDATE cases SET stage = ?1, state = ?2, updated_at = ?3, accepted_on = ?4, stopped_on = ?5, delivery_json = ?6
         WHERE id = ?7",
        params![
            enum_str(&to),
            enum_str(&stages::case_state(to, outstanding)),
            now.0.max(case.updated_at.0),
            accepted_on.map(|d| d.to_string()),
            stopped_on.map(|d| d.to_string()),
            delivery.as_ref().map(to_json),
            case.id,
        ],
    )?;
    if to != Stage::Withdrawn {
        // The applicant hears of the office's step in the same transaction (消息中心).
        let row = load_case(&tx, &case_id)?.ok_or_else(|| ApiError::internal("case vanished"))?;
        let view = full_case(&tx, env, &row, today)?;
        crate::messages::about_case(&tx, &view, &row.owner, req.note.as_ref(), now)?;
    }
    tx.commit()?;
    load_case(conn, &case_id)?.ok_or_else(|| ApiError::internal("case vanished"))
}

/// Ends the case's open pauses on `day` (the last day that does not count).
fn close_open_pauses(conn: &Connection, case_id: &str, day: Date) -> ApiResult<()> {
    conn.execute(
        "UPDATE case_pauses SET to_date = ?1 WHERE case_id = ?2 AND to_date IS NULL",
        params![day.to_string(), case_id],
    )?;
    Ok(())
}

/// Checks that `attachment_id` is a file of `owner`.
pub fn owns_attachment(conn: &Connection, owner: &str, attachment_id: &str) -> ApiResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM attachments WHERE id = ?1 AND owner = ?2",
            params![attachment_id, owner],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// `POST /cases/{id}/supplement`: the applicant supplies files for items of the supplement
/// request. Each targeted item is marked received. When nothing is outstanding any more, the
/// pause of the clock ends today (the days after it count again) and the case waits for the
/// office, which checks the material and moves the case on; its stage stays
/// `supplement_required` until then.
pub fn supply(
    conn: &mut Connection,
    owner: &str,
    case_id: &str,
    upload: &SupplementUpload,
    now: Timestamp,
) -> ApiResult<CaseRow> {
    let case = load_owned_case(conn, owner, case_id)?;
    if case.stage != Stage::SupplementRequired {
        return Err(ApiError::conflict(
            "the case is not waiting for supplementary material",
        ));
    }
    let mut stmt = conn.prepare("SELECT seq FROM supplement_items WHERE case_id = ?1")?;
    let item_ids: std::collections::HashSet<String> = stmt
        .query_map([&case.id], |r| r.get::<_, i64>(0))?
        .map(|r| r.map(supplement_item_id))
        .collect::<Result<_, _>>()?;
    drop(stmt);
    let mut errors = FieldErrors::new();
    if upload.attachments.is_empty() {
        errors.add("/attachments", field_codes::REQUIRED);
    }
    for (i, a) in upload.attachments.iter().enumerate() {
        if !item_ids.contains(&a.target) {
            errors.add(format!("/attachments/{i}/target"), field_codes::INVALID);
        }
        // Someone else's file and no file at all get the same answer.
        if !owns_attachment(conn, owner, &a.attachment_id)? {
            errors.add(
                format!("/attachments/{i}/attachment_id"),
                field_codes::INVALID,
            );
        }
    }
    errors.into_result()?;
    let tx = conn.savepoint()?;
    for a in &upload.attachments {
        let seq: i64 = a.target.trim_start_matches("si-").parse().unwrap_or(-1);
        tx.execute(
            "UPDATE supplement_items SET received = 1 WHERE case_id = ?1 AND seq = ?2",
            params![case.id, seq],
        )?;
        tx.execute(
            "INSERT INTO case_attachments (case_id, target, attachment_id, at) VALUES (?1, ?2, ?3, ?4)",
            params![case.id, format!("supplement:{}", a.target), a.attachment_id, now.0],
        )?;
    }
    let outstanding = supplement_outstanding(&tx, &case.id)?;
    if !outstanding {
        close_open_pauses(&tx, &case.id, now.china_date())?;
    }
    tx.execute(
        "UPDATE cases SET state = ?1, updated_at = ?2 WHERE id = ?3",
        params![
            enum_str(&stages::case_state(case.stage, outstanding)),
            now.0.max(case.updated_at.0),
            case.id
        ],
    )?;
    tx.commit()?;
    load_case(conn, case_id)?.ok_or_else(|| ApiError::internal("case vanished"))
}

/// `POST /cases/{id}/withdraw` (撤回): only the owner, only before a decision.
pub fn withdraw(
    conn: &mut Connection,
    env: &Env,
    owner: &str,
    case_id: &str,
    now: Timestamp,
) -> ApiResult<CaseRow> {
    let case = load_owned_case(conn, owner, case_id)?;
    if !stages::withdrawable(case.stage) {
        return Err(ApiError::illegal_transition(format!(
            "a case at {} can no longer be withdrawn",
            enum_str(&case.stage)
        )));
    }
    let req = AdvanceCase {
        to: Stage::Withdrawn,
        note: Some(Text::new("申请人撤回申请", "Withdrawn by the applicant")),
        supplement_items: Vec::new(),
        delivery: None,
    };
    apply(conn, env, case, &req, now)
}
