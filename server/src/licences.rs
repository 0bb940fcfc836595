//! 我的证照: the electronic licences the backend holds for a subject, and the short-lived
//! verification codes (用证码) that show one at a counter (亮证). A licence belongs to one
//! subject (`owner`) and is reachable only by it; a code is stored only as a hash, lives
//! [`CODE_TTL_SECONDS`], and issuing a new one for a licence ends the previous one. An office
//! that checks a code ([`verify_at_counter`]) uses it up, and the use is recorded for the
//! citizen ([`uses`], 用证记录).

use rand::Rng;
use rusqlite::{Connection, OptionalExtension, Row, params};
use yishi_contract::{
    Date, Licence, LicenceCode, LicenceCodeCheck, LicenceKind, LicenceList, LicenceStatus,
    LicenceUse, LicenceUseList, LicenceUsePurpose, LicenceVerified, OpenEnum, Text, Timestamp,
    field_codes,
};

use crate::auth::{hash_token, new_id};
use crate::error::{ApiError, ApiResult};

/// How long a code shows a licence: long enough to walk to the counter and be scanned.
pub const CODE_TTL_SECONDS: i64 = 120;
/// A licence ending within this many days is `expiring`.
pub const EXPIRING_DAYS: i64 = 90;
/// The digits of a code (read out at the counter).
const CODE_DIGITS: u32 = 8;

/// A licence as stored (the status is computed from the day it is read).
pub struct NewLicence<'a> {
    pub id: &'a str,
    pub owner: &'a str,
    pub kind: LicenceKind,
    pub name: Text,
    pub issuer: Text,
    pub number_masked: &'a str,
    pub holder: Option<&'a str>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub revoked: bool,
}

fn to_json(t: &Text) -> String {
    serde_json::to_string(t).expect("contract types always serialise")
}

/// Stores a licence unless one with its id exists (the demo data is seeded this way).
pub fn insert(conn: &Connection, l: &NewLicence<'_>, now: Timestamp) -> ApiResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO licences (id, owner, kind, name_json, issuer_json, number_masked,
           holder, valid_from, valid_until, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            l.id,
            l.owner,
            l.kind.as_str(),
            to_json(&l.name),
            to_json(&l.issuer),
            l.number_masked,
            l.holder,
            l.valid_from.map(|d| d.to_string()),
            l.valid_until.map(|d| d.to_string()),
            l.revoked.then_some(now.0),
        ],
    )?;
    Ok(())
}

/// A licence's status on `today`.
pub fn status_on(today: Date, valid_until: Option<Date>, revoked: bool) -> LicenceStatus {
    match valid_until {
        _ if revoked => LicenceStatus::Revoked,
        Some(until) if until < today => LicenceStatus::Expired,
        Some(until) if until <= today.add_days(EXPIRING_DAYS) => LicenceStatus::Expiring,
        _ => LicenceStatus::Valid,
    }
}

const COLUMNS: &str = "id, kind, name_json, issuer_json, number_masked, holder, valid_from,
    valid_until, revoked_at";

fn from_row(r: &Row<'_>, today: Date) -> rusqlite::Result<Licence> {
    let text = |i: usize| -> rusqlite::Result<Text> {
        let s: String = r.get(i)?;
        serde_json::from_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        })
    };
    let date = |i: usize| -> rusqlite::Result<Option<Date>> {
        Ok(r.get::<_, Option<String>>(i)?
            .as_deref()
            .and_then(Date::parse))
    };
    let valid_until = date(7)?;
    let revoked = r.get::<_, Option<i64>>(8)?.is_some();
    Ok(Licence {
        id: r.get(0)?,
        kind: LicenceKind::parse(&r.get::<_, String>(1)?),
        name: text(2)?,
        issuer: text(3)?,
        number_masked: r.get(4)?,
        holder: r.get(5)?,
        valid_from: date(6)?,
        valid_until,
        status: status_on(today, valid_until, revoked),
    })
}

/// The subject's licences: usable ones first, then in the order they were stored.
pub fn list(conn: &Connection, owner: &str, now: Timestamp) -> ApiResult<LicenceList> {
    let today = now.china_date();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM licences WHERE owner = ?1 ORDER BY rowid"
    ))?;
    let mut items = stmt
        .query_map(params![owner], |r| from_row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    items.sort_by_key(|l| !l.status.usable());
    Ok(LicenceList { items })
}

/// One licence of the subject; someone else's is `None`, as is one that does not exist.
pub fn get(conn: &Connection, owner: &str, id: &str, now: Timestamp) -> ApiResult<Option<Licence>> {
    let today = now.china_date();
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM licences WHERE owner = ?1 AND id = ?2"),
            params![owner, id],
            |r| from_row(r, today),
        )
        .optional()?)
}

fn code_hash(digits: &str) -> String {
    hash_token(&format!("licence-code:{digits}"))
}

/// The text a code's QR encodes: a version and the digits (the scanner asks the backend).
fn qr_text(digits: &str) -> String {
    format!("YISHI-LC:1:{digits}")
}

/// Issues a new code for one of the subject's licences and ends its previous one. Someone
/// else's licence is 404; a revoked or expired one is 409.
pub fn issue_code(
    conn: &Connection,
    owner: &str,
    id: &str,
    now: Timestamp,
) -> ApiResult<LicenceCode> {
    let licence = get(conn, owner, id, now)?.ok_or_else(ApiError::not_found)?;
    if !licence.status.usable() {
        return Err(ApiError::conflict(format!(
            "the licence is {}",
            licence.status.as_str()
        )));
    }
    conn.execute(
        "DELETE FROM licence_codes WHERE licence_id = ?1 OR expires_at <= ?2",
        params![id, now.0],
    )?;
    let expires_at = Timestamp(now.0 + CODE_TTL_SECONDS);
    let mut rng = rand::rng();
    // A live code is unique; a clash with another live code (1 in 10^8 per live code) draws again.
    for _ in 0..8 {
        let digits = format!(
            "{:0width$}",
            rng.random_range(0..10u64.pow(CODE_DIGITS)),
            width = CODE_DIGITS as usize
        );
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO licence_codes (code_hash, licence_id, owner, issued_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![code_hash(&digits), id, owner, now.0, expires_at.0],
        )?;
        if inserted == 1 {
            return Ok(LicenceCode {
                licence_id: licence.id,
                qr: qr_text(&digits),
                digits,
                expires_at,
                expires_in: CODE_TTL_SECONDS as u32,
            });
        }
    }
    Err(ApiError::internal("could not draw a free licence code"))
}

/// The digits of a code as read at a counter: spaces ignored, or the text of its QR code.
fn read_digits(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let digits: String = raw
        .strip_prefix("YISHI-LC:1:")
        .unwrap_or(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (digits.len() == CODE_DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// The longest case number a use records.
const CASE_NUMBER_MAX: usize = 64;

/// 核验用证码: an office checks a code shown at its counter. A live code shows its licence
/// once (it is used up) and the use is recorded for the citizen; an unknown, ended or expired
/// code is 404.
pub fn verify_at_counter(
    conn: &Connection,
    check: &LicenceCodeCheck,
    now: Timestamp,
) -> ApiResult<LicenceVerified> {
    let mut errors = yishi_core::field_errors::FieldErrors::new();
    let digits = read_digits(&check.digits);
    if digits.is_none() {
        errors.add("/digits", field_codes::INVALID);
    }
    if check.office.zh.trim().is_empty() {
        errors.add("/office/zh-CN", field_codes::REQUIRED);
    }
    if check
        .case_number
        .as_ref()
        .is_some_and(|n| n.chars().count() > CASE_NUMBER_MAX)
    {
        errors.add("/case_number", field_codes::TOO_LONG);
    }
    errors.into_result()?;
    let digits = digits.unwrap_or_default();
    let mut licence = verify(conn, &digits, now)?.ok_or_else(ApiError::not_found)?;
    let owner: String = conn.query_row(
        "DELETE FROM licence_codes WHERE code_hash = ?1 RETURNING owner",
        params![code_hash(&digits)],
        |r| r.get(0),
    )?;
    if licence.holder.is_none() {
        licence.holder = holder_name(conn, &owner)?;
    }
    record_use(
        conn,
        &owner,
        &licence.id,
        LicenceUsePurpose::ShownAtCounter,
        &check.office,
        check
            .case_number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty()),
        now,
    )?;
    Ok(LicenceVerified {
        licence,
        verified_at: now,
    })
}

/// The name a licence's holder goes by: the person's, or the business's.
fn holder_name(conn: &Connection, owner: &str) -> ApiResult<Option<String>> {
    let (sql, key) = match owner.split_once(':') {
        Some(("p", id)) => ("SELECT name FROM people WHERE id = ?1", id),
        Some(("b", code)) => ("SELECT name FROM businesses WHERE credit_code = ?1", code),
        _ => return Ok(None),
    };
    Ok(conn
        .query_row(sql, params![key], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The subject's licence uses, newest first (the last 100).
pub fn uses(conn: &Connection, owner: &str) -> ApiResult<LicenceUseList> {
    let mut stmt = conn.prepare(
        "SELECT u.id, u.licence_id, l.name_json, u.purpose, u.used_at, u.used_by_json, u.case_number
         FROM licence_uses u JOIN licences l ON l.id = u.licence_id
         WHERE u.owner = ?1 AND l.owner = ?1 ORDER BY u.seq DESC LIMIT 100",
    )?;
    let text = |r: &Row<'_>, i: usize| -> rusqlite::Result<Text> {
        let s: String = r.get(i)?;
        serde_json::from_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        })
    };
    let items = stmt
        .query_map(params![owner], |r| {
            Ok(LicenceUse {
                id: r.get(0)?,
                licence_id: r.get(1)?,
                licence_name: text(r, 2)?,
                purpose: LicenceUsePurpose::parse(&r.get::<_, String>(3)?),
                used_at: Timestamp(r.get(4)?),
                used_by: text(r, 5)?,
                case_number: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(LicenceUseList { items })
}

/// What a counter's scanner learns from a live code: the licence it shows. An unknown, ended
/// or expired code is `None`. (Not an operation of the citizen's contract.)
pub fn verify(conn: &Connection, digits: &str, now: Timestamp) -> ApiResult<Option<Licence>> {
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT licence_id, owner FROM licence_codes WHERE code_hash = ?1 AND expires_at > ?2",
            params![code_hash(digits), now.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((id, owner)) => get(conn, &owner, &id, now),
        None => Ok(None),
    }
}

/// Records one use of a licence (用证记录): who used it (`used_by`), for what, for which case.
/// The one writer of `licence_uses`, for the counter and for an application alike.
pub fn record_use(
    conn: &Connection,
    owner: &str,
    licence_id: &str,
    purpose: LicenceUsePurpose,
    used_by: &Text,
    case_number: Option<&str>,
    now: Timestamp,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO licence_uses (id, owner, licence_id, purpose, used_at, used_by_json, case_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![new_id("lu"), owner, licence_id, purpose.as_str(), now.0, to_json(used_by), case_number],
    )?;
    Ok(())
}
