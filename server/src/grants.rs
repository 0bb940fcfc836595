//! Which authorisations are current (代办): read on every request by
//! [`crate::auth::authenticate`] and for the session's list of family members. Only reads;
//! asking, confirming and ending are [`crate::family`]'s.

use rusqlite::{Connection, OptionalExtension, Row, params};
use yishi_contract::{
    AuthorisationBasis, AuthorisationScope, Date, FamilyMember, OpenEnum, Party, Relation,
    Timestamp,
};
use yishi_core::validate::{mask_name, mask_phone, mobile_valid};

use crate::error::ApiResult;

/// A current authorisation, as a request needs it.
#[derive(Clone, Debug)]
pub struct Grant {
    pub relation: Relation,
    pub scope: AuthorisationScope,
    pub basis: AuthorisationBasis,
    pub ends_on: Option<Date>,
}

/// The SQL condition of a current authorisation `a`, with today's date in China at `today`
/// (a parameter such as `?3`).
fn current(today: &str) -> String {
    format!(
        "a.confirmed_at IS NOT NULL AND a.ended_at IS NULL AND (a.ends_on IS NULL OR a.ends_on >= {today})"
    )
}

fn today(now: Timestamp) -> String {
    now.china_date().to_string()
}

pub fn date_col(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Date>> {
    Ok(r.get::<_, Option<String>>(i)?.and_then(|d| Date::parse(&d)))
}

/// The current authorisation for `agent` to act for `principal`, if any.
pub fn current_grant(
    conn: &Connection,
    agent: &str,
    principal: &str,
    now: Timestamp,
) -> ApiResult<Option<Grant>> {
    let sql = format!(
        "SELECT a.relation, a.scope, a.basis, a.ends_on FROM authorisations a
         WHERE a.agent_id = ?1 AND a.principal_id = ?2 AND {}
         ORDER BY a.confirmed_at DESC LIMIT 1",
        current("?3")
    );
    Ok(conn
        .query_row(&sql, params![agent, principal, today(now)], |r| {
            Ok(Grant {
                relation: Relation::parse(&r.get::<_, String>(0)?),
                scope: AuthorisationScope::parse(&r.get::<_, String>(1)?),
                basis: AuthorisationBasis::parse(&r.get::<_, String>(2)?),
                ends_on: date_col(r, 3)?,
            })
        })
        .optional()?)
}

/// A person's real name and their own mobile number (`None` for a child's placeholder).
pub fn person_name_phone(
    conn: &Connection,
    person_id: &str,
) -> ApiResult<(Option<String>, Option<String>)> {
    let (name, phone): (Option<String>, String) = conn.query_row(
        "SELECT name, phone FROM people WHERE id = ?1",
        [person_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((name, mobile_valid(&phone).then_some(phone)))
}

/// How a person is shown to the other side of an authorisation: a child by name (the
/// guardian knows it), anyone else masked, since a request names only a phone number.
fn shown_name(name: Option<&str>, phone: Option<&str>, basis: AuthorisationBasis) -> String {
    match (name, basis) {
        (Some(n), AuthorisationBasis::Guardian) => n.to_string(),
        (Some(n), _) => mask_name(n),
        (None, _) => match phone {
            Some(p) => format!("用户{}", &p[p.len().saturating_sub(4)..]),
            None => "—".to_string(),
        },
    }
}

pub fn party(name: Option<&str>, phone: Option<&str>, basis: AuthorisationBasis) -> Party {
    Party {
        display_name: shown_name(name, phone, basis),
        phone_masked: phone.map(mask_phone),
    }
}

/// The family members `agent` may act for today.
pub fn family_of(conn: &Connection, agent: &str, now: Timestamp) -> ApiResult<Vec<FamilyMember>> {
    let sql = format!(
        "SELECT a.principal_id, p.name, p.phone, a.relation, a.scope, a.basis, a.ends_on
         FROM authorisations a JOIN people p ON p.id = a.principal_id
         WHERE a.agent_id = ?1 AND {}
         ORDER BY a.basis DESC, p.name",
        current("?2")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![agent, today(now)], member_row)?;
    let mut out: Vec<FamilyMember> = Vec::new();
    for m in rows {
        let m = m?;
        // Two current authorisations for one person: the first (guardian before consent) wins.
        if !out.iter().any(|o| o.person_id == m.person_id) {
            out.push(m);
        }
    }
    Ok(out)
}

fn member_row(r: &Row<'_>) -> rusqlite::Result<FamilyMember> {
    let name: Option<String> = r.get(1)?;
    let phone: String = r.get(2)?;
    let basis = AuthorisationBasis::parse(&r.get::<_, String>(5)?);
    let phone = mobile_valid(&phone).then_some(phone);
    Ok(FamilyMember {
        person_id: r.get(0)?,
        display_name: shown_name(name.as_deref(), phone.as_deref(), basis),
        relation: Relation::parse(&r.get::<_, String>(3)?),
        scope: AuthorisationScope::parse(&r.get::<_, String>(4)?),
        ends_on: date_col(r, 6)?,
    })
}

/// The member a session acts for though no authorisation is current any more: from the last
/// one there was, so the app can still say whom it acted for.
pub fn former_member(
    conn: &Connection,
    agent: &str,
    principal: &str,
) -> ApiResult<Option<FamilyMember>> {
    Ok(conn
        .query_row(
            "SELECT a.principal_id, p.name, p.phone, a.relation, a.scope, a.basis, a.ends_on
             FROM authorisations a JOIN people p ON p.id = a.principal_id
             WHERE a.agent_id = ?1 AND a.principal_id = ?2
             ORDER BY a.requested_at DESC LIMIT 1",
            params![agent, principal],
            member_row,
        )
        .optional()?)
}
