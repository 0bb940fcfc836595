//! Acting for family (代办): who may act for whom, choosing a session's subject, and the record
//! of what an agent did.
//!
//! An authorisation lets an agent act for a principal within a scope until its last day. A
//! minor child's comes from the household register (`guardian`, ends on the 18th birthday);
//! anyone else's is asked by the agent and confirmed by the principal (`consent`). Whether it
//! is current is decided on every request ([`crate::grants`], read by
//! [`crate::auth::authenticate`]), so ending one takes effect at once.

use rusqlite::{Connection, OptionalExtension, Row, params};
use yishi_contract::{
    Act, ActAction, ActList, Authorisation, AuthorisationBasis, AuthorisationList,
    AuthorisationRole, AuthorisationScope, AuthorisationStatus, Date, NewAuthorisation, OpenEnum,
    Relation, Session, SubjectChoice, Timestamp, field_codes,
};
use yishi_core::validate::{credit_code_valid, mobile_valid};

use crate::auth::{AuthSubject, check_phone, new_id, owner_person, person_by_phone};
use crate::error::{ApiError, ApiResult};
use crate::grants::{current_grant, date_col, party};

/// The longest an authorisation asked for may run: five years.
const MAX_DAYS_AHEAD: i64 = 5 * 365 + 1;

// ---------------------------------------------------------------- the session's subject

/// `PUT /session/subject`: myself, a family member I may act for now, or a business I am an
/// agent of. Anything else is 403 and leaves the session as it was.
pub fn choose_subject(
    conn: &Connection,
    who: &AuthSubject,
    choice: &SubjectChoice,
    now: Timestamp,
) -> ApiResult<Session> {
    let person = choice.person_id.as_deref().map(str::trim);
    let business = choice
        .credit_code
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase());
    let (acting_for, acting_for_person) = match (person, business) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_field("/person_id", field_codes::INVALID));
        }
        (None, None) => (None, None),
        (Some(p), None) if p == who.person_id => (None, None),
        (Some(p), None) => {
            if current_grant(conn, &who.person_id, p, now)?.is_none() {
                return Err(ApiError::forbidden(format!(
                    "This person may not act for {p}."
                )));
            }
            (None, Some(p.to_string()))
        }
        (None, Some(cc)) => {
            if !credit_code_valid(&cc) {
                return Err(ApiError::invalid_field(
                    "/credit_code",
                    field_codes::INVALID,
                ));
            }
            let allowed = conn
                .query_row(
                    "SELECT 1 FROM business_agents WHERE person_id = ?1 AND credit_code = ?2",
                    params![who.person_id, cc],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !allowed {
                return Err(ApiError::forbidden(format!(
                    "This person is not authorised to act for {cc}."
                )));
            }
            (Some(cc), None)
        }
    };
    conn.execute(
        "UPDATE sessions SET acting_for = ?1, acting_for_person = ?2 WHERE token_hash = ?3",
        params![
            acting_for,
            acting_for_person,
            crate::auth::hash_token(&who.token)
        ],
    )?;
    let subject =
        crate::auth::authenticate(conn, &who.token, now)?.ok_or_else(ApiError::unauthenticated)?;
    crate::auth::session_view(conn, &subject, now)
}

// ---------------------------------------------------------------- authorisations

const AUTH_COLUMNS: &str = "a.id, a.agent_id, a.principal_id, a.relation, a.scope, a.basis,
    a.requested_at, a.confirmed_at, a.ends_on, a.ended_at,
    ag.name, ag.phone, pr.name, pr.phone";
const AUTH_FROM: &str = "FROM authorisations a JOIN people ag ON ag.id = a.agent_id
    JOIN people pr ON pr.id = a.principal_id";

/// An authorisation as `person` (one of its two parties) sees it.
fn authorisation_row(r: &Row<'_>, person: &str, today: Date) -> rusqlite::Result<Authorisation> {
    let agent_id: String = r.get(1)?;
    let basis = AuthorisationBasis::parse(&r.get::<_, String>(5)?);
    let confirmed_at: Option<i64> = r.get(7)?;
    let ends_on = date_col(r, 8)?;
    let ended_at: Option<i64> = r.get(9)?;
    let status = if ended_at.is_some() {
        AuthorisationStatus::Ended
    } else if ends_on.is_some_and(|d| d < today) {
        AuthorisationStatus::Expired
    } else if confirmed_at.is_none() {
        AuthorisationStatus::Pending
    } else {
        AuthorisationStatus::Current
    };
    let phone = |i: usize| -> rusqlite::Result<Option<String>> {
        let p: String = r.get(i)?;
        Ok(mobile_valid(&p).then_some(p))
    };
    let (ag_name, ag_phone): (Option<String>, Option<String>) = (r.get(10)?, phone(11)?);
    let (pr_name, pr_phone): (Option<String>, Option<String>) = (r.get(12)?, phone(13)?);
    Ok(Authorisation {
        id: r.get(0)?,
        role: if agent_id == person {
            AuthorisationRole::Agent
        } else {
            AuthorisationRole::Principal
        },
        agent: party(
            ag_name.as_deref(),
            ag_phone.as_deref(),
            AuthorisationBasis::Consent,
        ),
        principal: party(pr_name.as_deref(), pr_phone.as_deref(), basis),
        relation: Relation::parse(&r.get::<_, String>(3)?),
        scope: AuthorisationScope::parse(&r.get::<_, String>(4)?),
        basis,
        status,
        requested_at: Timestamp(r.get(6)?),
        confirmed_at: confirmed_at.map(Timestamp),
        ends_on,
        ended_at: ended_at.map(Timestamp),
    })
}

/// One authorisation of which `person` is a party; someone else's is 404.
fn load(conn: &Connection, person: &str, id: &str, now: Timestamp) -> ApiResult<Authorisation> {
    let sql = format!(
        "SELECT {AUTH_COLUMNS} {AUTH_FROM} WHERE a.id = ?1 AND (a.agent_id = ?2 OR a.principal_id = ?2)"
    );
    let today = now.china_date();
    conn.query_row(&sql, params![id, person], |r| {
        authorisation_row(r, person, today)
    })
    .optional()?
    .ok_or_else(ApiError::not_found)
}

/// `GET /authorisations`: every authorisation `person` is a party of, newest first.
pub fn list(conn: &Connection, person: &str, now: Timestamp) -> ApiResult<AuthorisationList> {
    let sql = format!(
        "SELECT {AUTH_COLUMNS} {AUTH_FROM} WHERE a.agent_id = ?1 OR a.principal_id = ?1
         ORDER BY a.requested_at DESC, a.id LIMIT 200"
    );
    let today = now.china_date();
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map([person], |r| authorisation_row(r, person, today))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuthorisationList { items })
}

/// `POST /authorisations`: `agent` asks the holder of a phone number to authorise them.
/// `Ok((true, _))` when a new request was made, `Ok((false, _))` when one was pending.
pub fn request(
    conn: &mut Connection,
    agent: &AuthSubject,
    req: &NewAuthorisation,
    now: Timestamp,
) -> ApiResult<(bool, Authorisation)> {
    let phone = req.phone.trim();
    check_phone(phone)?;
    if phone == agent.phone {
        return Err(ApiError::invalid_field("/phone", field_codes::INVALID));
    }
    if req.relation == Relation::Unknown {
        return Err(ApiError::invalid_field("/relation", field_codes::INVALID));
    }
    if req.scope == AuthorisationScope::Unknown {
        return Err(ApiError::invalid_field("/scope", field_codes::INVALID));
    }
    let today = now.china_date();
    if let Some(d) = req.ends_on
        && (d < today || d > today.add_days(MAX_DAYS_AHEAD))
    {
        return Err(ApiError::invalid_field(
            "/ends_on",
            field_codes::OUT_OF_RANGE,
        ));
    }
    let tx = conn.transaction()?;
    let principal = person_by_phone(&tx, phone)?;
    if current_grant(&tx, &agent.person_id, &principal, now)?.is_some() {
        return Err(ApiError::conflict("this person already authorised you"));
    }
    let pending: Option<String> = tx
        .query_row(
            "SELECT id FROM authorisations WHERE agent_id = ?1 AND principal_id = ?2
             AND confirmed_at IS NULL AND ended_at IS NULL AND (ends_on IS NULL OR ends_on >= ?3)",
            params![agent.person_id, principal, today.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let (created, id) = match pending {
        Some(id) => (false, id),
        None => {
            let id = new_id("au");
            tx.execute(
                "INSERT INTO authorisations (id, agent_id, principal_id, relation, scope, basis, requested_at, ends_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'consent', ?6, ?7)",
                params![
                    id,
                    agent.person_id,
                    principal,
                    req.relation.as_str(),
                    req.scope.as_str(),
                    now.0,
                    req.ends_on.map(|d| d.to_string())
                ],
            )?;
            (true, id)
        }
    };
    let view = load(&tx, &agent.person_id, &id, now)?;
    tx.commit()?;
    Ok((created, view))
}

/// `POST /authorisations/{id}/confirm`: only the principal confirms a pending request.
pub fn confirm(
    conn: &Connection,
    person: &str,
    id: &str,
    now: Timestamp,
) -> ApiResult<Authorisation> {
    let a = load(conn, person, id, now)?;
    if a.role != AuthorisationRole::Principal {
        return Err(ApiError::not_found());
    }
    match a.status {
        AuthorisationStatus::Current => Ok(a),
        AuthorisationStatus::Pending => {
            conn.execute(
                "UPDATE authorisations SET confirmed_at = ?1 WHERE id = ?2",
                params![now.0, id],
            )?;
            load(conn, person, id, now)
        }
        _ => Err(ApiError::conflict("this authorisation has ended")),
    }
}

/// `POST /authorisations/{id}/end`: either party ends it at once; a guardian's follows the
/// household register and cannot be ended here.
pub fn end(conn: &Connection, person: &str, id: &str, now: Timestamp) -> ApiResult<Authorisation> {
    let a = load(conn, person, id, now)?;
    if a.basis == AuthorisationBasis::Guardian {
        return Err(ApiError::conflict(
            "a guardian authorisation cannot be ended here",
        ));
    }
    if a.status == AuthorisationStatus::Ended {
        return Ok(a);
    }
    conn.execute(
        "UPDATE authorisations SET ended_at = ?1 WHERE id = ?2 AND ended_at IS NULL",
        params![now.0, id],
    )?;
    load(conn, person, id, now)
}

/// Records the guardian authorisation of a minor child (from the household register): current
/// from `since` until the day before the 18th birthday.
pub fn record_guardian(
    conn: &Connection,
    id: &str,
    parent: &str,
    child: &str,
    birth: Date,
    since: Timestamp,
) -> ApiResult<()> {
    let adult = Date::new(birth.year + 18, birth.month, birth.day.min(28))
        .unwrap_or(birth)
        .add_days(-1);
    conn.execute(
        "INSERT OR IGNORE INTO authorisations (id, agent_id, principal_id, relation, scope, basis, requested_at, confirmed_at, ends_on)
         VALUES (?1, ?2, ?3, 'child', 'all', 'guardian', ?4, ?4, ?5)",
        params![id, parent, child, since.0, adult.to_string()],
    )?;
    Ok(())
}

// ---------------------------------------------------------------- who acted for me

/// What a change is, by its method and route (`POST /cases/{id}/withdraw`); `None` for the
/// session's own operations and the authorisations, which concern the agent themselves.
pub fn action_of(method: &str, route: &str) -> Option<&'static str> {
    let route = route
        .strip_prefix(yishi_contract::API_PREFIX)
        .unwrap_or(route);
    if route.starts_with("/session") || route.starts_with("/authorisations") {
        return None;
    }
    let action = match (method, route) {
        ("POST", "/applications") => ActAction::ApplicationSubmitted,
        ("POST", "/attachments") => ActAction::AttachmentUploaded,
        ("POST", "/cases/{id}/withdraw") => ActAction::CaseWithdrawn,
        ("POST", "/cases/{id}/supplement") => ActAction::SupplementSent,
        ("POST", "/ratings") => ActAction::RatingGiven,
        ("POST", "/ratings/{id}/callback") => ActAction::CallbackAnswered,
        ("POST", "/messages/{id}/read" | "/messages/read-all") => ActAction::MessagesRead,
        ("POST", "/suggestions/{id}/dismiss") => ActAction::SuggestionDismissed,
        ("POST", "/licences/{id}/code") => ActAction::LicenceCodeIssued,
        ("POST", "/appointments") => ActAction::AppointmentBooked,
        ("POST", "/appointments/{id}/move") => ActAction::AppointmentChanged,
        ("POST", "/appointments/{id}/cancel") => ActAction::AppointmentCancelled,
        ("POST", "/appointments/{id}/ticket") => ActAction::TicketTaken,
        // A change this list does not know yet is still recorded, by its route.
        _ => return Some("change"),
    };
    Some(action.as_str())
}

/// Records that `who` (acting for someone) made a change.
pub fn record_act(
    conn: &Connection,
    who: &AuthSubject,
    action: &str,
    operation: &str,
    object_id: Option<&str>,
    now: Timestamp,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO acts (owner, agent_id, action, operation, object_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![who.owner(), who.person_id, action, operation, object_id, now.0],
    )?;
    Ok(())
}

/// `GET /authorisations/acts`: what others did for `person`, newest first, the last 100.
pub fn acts(conn: &Connection, person: &str) -> ApiResult<ActList> {
    let mut stmt = conn.prepare(
        "SELECT t.at, p.name, p.phone, t.action, t.operation, t.object_id
         FROM acts t JOIN people p ON p.id = t.agent_id
         WHERE t.owner = ?1 ORDER BY t.seq DESC LIMIT 100",
    )?;
    let items = stmt
        .query_map([owner_person(person)], |r| {
            let name: Option<String> = r.get(1)?;
            let phone: String = r.get(2)?;
            let phone = mobile_valid(&phone).then_some(phone);
            Ok(Act {
                at: Timestamp(r.get(0)?),
                agent: party(
                    name.as_deref(),
                    phone.as_deref(),
                    AuthorisationBasis::Consent,
                ),
                action: ActAction::parse(&r.get::<_, String>(3)?),
                operation: r.get(4)?,
                object_id: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ActList { items })
}
