//! Sign-in with a one-time code sent to a mobile number, and bearer-token sessions.
//!
//! Tokens are 256 random bits, base64url. Only their SHA-256 is stored. A session lives for
//! [`SESSION_IDLE_SECONDS`] after its last use (sliding), and never longer than
//! [`SESSION_MAX_SECONDS`] after sign-in. Signing out deletes it.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::{Rng as _, RngCore as _};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use yishi_contract::{
    BusinessRef, CodeSent, Session, SignIn, Subject, Timestamp, codes, field_codes,
};
use yishi_core::validate::{credit_code_valid, mask_name, mask_phone, mobile_valid};

use crate::error::{ApiError, ApiResult};

/// A one-time code is valid this long.
pub const CODE_TTL_SECONDS: i64 = 300;
/// One code per phone number per this many seconds (the default of `--code-resend-seconds`).
pub const CODE_RESEND_SECONDS: i64 = 60;
/// Wrong guesses allowed before a code is burnt.
pub const CODE_MAX_ATTEMPTS: i64 = 5;
/// Sliding idle timeout of a session.
pub const SESSION_IDLE_SECONDS: i64 = 2 * 3600;
/// Absolute lifetime of a session.
pub const SESSION_MAX_SECONDS: i64 = 12 * 3600;

/// The signed-in subject of a request.
#[derive(Clone, Debug)]
pub struct AuthSubject {
    pub token: String,
    pub person_id: String,
    pub person_name: Option<String>,
    pub phone: String,
    pub acting_for: Option<BusinessRef>,
    /// 代办: the family member this session acts for (never with `acting_for`).
    pub acting_for_person: Option<ActingFor>,
    pub expires_at: Timestamp,
}

/// The family member a session acts for, as of this request.
#[derive(Clone, Debug)]
pub struct ActingFor {
    pub person_id: String,
    pub name: Option<String>,
    /// Their own mobile number; `None` for a person without one (a child).
    pub phone: Option<String>,
    /// The authorisation that allows it, when one is current today.
    pub current: Option<crate::grants::Grant>,
}

impl AuthSubject {
    /// The owner key of everything personal: the business or family member acted for, else
    /// the person.
    pub fn owner(&self) -> String {
        match (&self.acting_for, &self.acting_for_person) {
            (Some(b), _) => owner_business(&b.credit_code),
            (None, Some(p)) => owner_person(&p.person_id),
            (None, None) => owner_person(&self.person_id),
        }
    }

    /// The real name of the subject acted for (the business's name, the family member's, or
    /// the person's own), as a case's applicant.
    pub fn subject_name(&self) -> Option<String> {
        match (&self.acting_for, &self.acting_for_person) {
            (Some(b), _) => Some(b.name.clone()),
            (None, Some(p)) => p.name.clone(),
            (None, None) => self.person_name.clone(),
        }
    }

    /// Whether someone else's data is being acted on (a business or a family member).
    pub fn is_acting(&self) -> bool {
        self.acting_for.is_some() || self.acting_for_person.is_some()
    }

    /// Why this session may not do a request with this method for the subject it acts for:
    /// 403 `authorisation_ended` when the authorisation is no longer current, 403 `read_only`
    /// for a change under a view-only one. Checked on every request, not at the switch.
    pub fn refusal(&self, changes: bool) -> Option<ApiError> {
        let acting = self.acting_for_person.as_ref()?;
        match &acting.current {
            None => Some(
                ApiError::new(403, codes::AUTHORISATION_ENDED, "Authorisation ended").detail(
                    "the authorisation to act for this person has ended; choose another subject",
                ),
            ),
            Some(g) if changes && !g.scope.may_change() => Some(
                ApiError::new(403, codes::READ_ONLY, "Read only")
                    .detail("this authorisation lets you view only"),
            ),
            Some(_) => None,
        }
    }
}

pub fn owner_person(person_id: &str) -> String {
    format!("p:{person_id}")
}

pub fn owner_business(credit_code: &str) -> String {
    format!("b:{credit_code}")
}

pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A random id with a readable prefix (`r-3f9a…`).
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

fn invalid_code() -> ApiError {
    ApiError::new(401, codes::INVALID_CODE, "Invalid or expired code")
}

pub fn check_phone(phone: &str) -> ApiResult<()> {
    if phone.is_empty() {
        return Err(ApiError::invalid_field("/phone", field_codes::REQUIRED));
    }
    if !mobile_valid(phone) {
        return Err(ApiError::invalid_field("/phone", field_codes::INVALID));
    }
    Ok(())
}

/// The answer to a code request refused for now. Deliberately the same words whether the
/// resend interval or the daily cap refused it, so the answer never tells a stranger whether a
/// code went to this number moments ago.
fn code_wait(seconds: i64) -> ApiError {
    let seconds = seconds.max(1);
    ApiError::rate_limited(seconds as u64).detail(format!(
        "No code can be sent to this number now; try again in {seconds} seconds."
    ))
}

/// Issues a one-time code for `phone`. Returns the code (for the SMS gateway, or the log in
/// development) and the answer for the client.
///
/// Refused (429) while the last code is younger than `resend_seconds`, and when
/// `per_day` codes were already *sent* to this number in the last 24 hours. Only codes actually
/// sent count: a burst of refused requests cannot lock a number out for the day.
pub fn request_code(
    conn: &mut Connection,
    phone: &str,
    resend_seconds: i64,
    per_day: u32,
    now: Timestamp,
) -> ApiResult<(String, CodeSent)> {
    check_phone(phone)?;
    let tx = conn.transaction()?;
    let last: Option<i64> = tx
        .query_row(
            "SELECT sent_at FROM otp_codes WHERE phone = ?1",
            [phone],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(sent_at) = last {
        let wait = sent_at + resend_seconds - now.0;
        if wait > 0 {
            return Err(code_wait(wait));
        }
    }
    const DAY: i64 = 86_400;
    tx.execute(
        "DELETE FROM otp_sends WHERE phone = ?1 AND sent_at <= ?2",
        params![phone, now.0 - DAY],
    )?;
    let (sent_today, oldest): (i64, Option<i64>) = tx.query_row(
        "SELECT COUNT(*), MIN(sent_at) FROM otp_sends WHERE phone = ?1",
        [phone],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if sent_today >= i64::from(per_day) {
        return Err(code_wait(oldest.unwrap_or(now.0) + DAY - now.0));
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    tx.execute(
        "INSERT INTO otp_codes (phone, code, sent_at, expires_at, attempts) VALUES (?1, ?2, ?3, ?4, 0)
         ON CONFLICT(phone) DO UPDATE SET code = excluded.code, sent_at = excluded.sent_at,
           expires_at = excluded.expires_at, attempts = 0, used = 0",
        params![phone, code, now.0, now.0 + CODE_TTL_SECONDS],
    )?;
    tx.execute(
        "INSERT INTO otp_sends (phone, sent_at) VALUES (?1, ?2)",
        params![phone, now.0],
    )?;
    tx.commit()?;
    Ok((
        code,
        CodeSent {
            resend_after_seconds: resend_seconds.max(0) as u32,
            expires_in_seconds: CODE_TTL_SECONDS as u32,
        },
    ))
}

/// The live code of `phone`, for test mode.
pub fn current_code(conn: &Connection, phone: &str, now: Timestamp) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT code FROM otp_codes WHERE phone = ?1 AND expires_at > ?2 AND used = 0 AND attempts < ?3",
            params![phone, now.0, CODE_MAX_ATTEMPTS],
            |r| r.get(0),
        )
        .optional()?)
}

/// Checks the code and opens a session. A wrong code counts against the code (after
/// [`CODE_MAX_ATTEMPTS`] wrong ones the number is refused with 429 until a new code may be
/// sent); a forbidden `act_for` leaves the code usable so the person can sign in for themselves.
pub fn sign_in(
    conn: &mut Connection,
    req: &SignIn,
    resend_seconds: i64,
    now: Timestamp,
) -> ApiResult<Session> {
    check_phone(&req.phone)?;
    let code_in = req.code.trim();
    let code_problem = if code_in.is_empty() {
        Some(field_codes::REQUIRED)
    } else if !code_in.bytes().all(|b| b.is_ascii_digit()) {
        Some(field_codes::INVALID)
    } else if code_in.len() < 6 {
        Some(field_codes::TOO_SHORT)
    } else if code_in.len() > 6 {
        Some(field_codes::TOO_LONG)
    } else {
        None
    };
    if let Some(c) = code_problem {
        return Err(ApiError::invalid_field("/code", c));
    }
    let act_for = req
        .act_for
        .as_deref()
        .map(|cc| cc.trim().to_ascii_uppercase());
    if act_for.as_deref().is_some_and(|cc| !credit_code_valid(cc)) {
        return Err(ApiError::invalid_field("/act_for", field_codes::INVALID));
    }
    let tx = conn.transaction()?;
    let row: Option<(String, i64, i64, i64, bool)> = tx
        .query_row(
            "SELECT code, sent_at, expires_at, attempts, used FROM otp_codes WHERE phone = ?1",
            [&req.phone],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get::<_, i64>(4)? != 0,
                ))
            },
        )
        .optional()?;
    let Some((code, sent_at, expires_at, attempts, used)) = row else {
        return Err(invalid_code());
    };
    if attempts >= CODE_MAX_ATTEMPTS && !used && expires_at > now.0 {
        // Too many wrong guesses: no more tries until a new code can be requested.
        return Err(
            ApiError::rate_limited((sent_at + resend_seconds - now.0).max(1) as u64)
                .detail("too many wrong codes for this number; request a new code"),
        );
    }
    if used || expires_at <= now.0 {
        return Err(invalid_code());
    }
    if !constant_time_eq(code.as_bytes(), code_in.as_bytes()) {
        tx.execute(
            "UPDATE otp_codes SET attempts = attempts + 1 WHERE phone = ?1",
            [&req.phone],
        )?;
        tx.commit()?;
        return Err(invalid_code());
    }

    // The person with this number; a number without a real-name record gets an empty profile.
    let person: Option<String> = tx
        .query_row(
            "SELECT id FROM people WHERE phone = ?1",
            [&req.phone],
            |r| r.get(0),
        )
        .optional()?;
    let person_id = match person {
        Some(id) => id,
        None => {
            let id = new_id("p");
            tx.execute(
                "INSERT INTO people (id, name, phone) VALUES (?1, NULL, ?2)",
                params![id, req.phone],
            )?;
            id
        }
    };
    let acting_for = match act_for {
        None => None,
        Some(cc) => {
            let allowed = tx
                .query_row(
                    "SELECT 1 FROM business_agents WHERE person_id = ?1 AND credit_code = ?2",
                    params![person_id, cc],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !allowed {
                // Commit the new profile (if any) but keep the code for a retry.
                tx.commit()?;
                return Err(ApiError::forbidden(format!(
                    "This person is not authorised to act for {cc}."
                )));
            }
            Some(cc)
        }
    };
    // Used once; the row stays so that the resend interval still holds.
    tx.execute(
        "UPDATE otp_codes SET used = 1 WHERE phone = ?1",
        [&req.phone],
    )?;
    let token = new_token();
    let expires = (now.0 + SESSION_IDLE_SECONDS).min(now.0 + SESSION_MAX_SECONDS);
    tx.execute(
        "INSERT INTO sessions (token_hash, person_id, acting_for, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![hash_token(&token), person_id, acting_for, now.0, expires],
    )?;
    // Sessions past their expiry are useless; clear them now and then.
    tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now.0])?;
    tx.commit()?;
    let subject = authenticate(conn, &token, now)?
        .ok_or_else(|| ApiError::internal("new session not found"))?;
    session_view(conn, &subject, now)
}

/// A session as stored: person, business acted for, family member acted for, created, expires.
type SessionRow = (String, Option<String>, Option<String>, i64, i64);

/// The subject of a bearer token, sliding its expiry; `None` when unknown or expired.
pub fn authenticate(
    conn: &Connection,
    token: &str,
    now: Timestamp,
) -> ApiResult<Option<AuthSubject>> {
    let hash = hash_token(token);
    let row: Option<SessionRow> = conn
        .query_row(
            "SELECT person_id, acting_for, acting_for_person, created_at, expires_at FROM sessions WHERE token_hash = ?1",
            [&hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((person_id, acting_for, acting_for_person, created_at, expires_at)) = row else {
        return Ok(None);
    };
    if expires_at <= now.0 {
        conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [&hash])?;
        return Ok(None);
    }
    let new_expiry = (now.0 + SESSION_IDLE_SECONDS).min(created_at + SESSION_MAX_SECONDS);
    if new_expiry > expires_at {
        conn.execute(
            "UPDATE sessions SET expires_at = ?1 WHERE token_hash = ?2",
            params![new_expiry, hash],
        )?;
    }
    let (person_name, phone): (Option<String>, String) = conn.query_row(
        "SELECT name, phone FROM people WHERE id = ?1",
        [&person_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let acting_for = match acting_for {
        None => None,
        Some(cc) => {
            // The right to act for the business is checked on every request, not only at
            // sign-in: once it is withdrawn, the business's sessions end.
            let name: Option<String> = conn
                .query_row(
                    "SELECT b.name FROM business_agents a JOIN businesses b ON b.credit_code = a.credit_code
                     WHERE a.person_id = ?1 AND a.credit_code = ?2",
                    params![person_id, cc],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(name) = name else {
                conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [&hash])?;
                return Ok(None);
            };
            Some(BusinessRef {
                credit_code: cc,
                name,
            })
        }
    };
    let acting_for_person = match acting_for_person {
        None => None,
        Some(principal) => {
            let (name, phone) = crate::grants::person_name_phone(conn, &principal)?;
            let current = crate::grants::current_grant(conn, &person_id, &principal, now)?;
            Some(ActingFor {
                person_id: principal,
                name,
                phone,
                current,
            })
        }
    };
    Ok(Some(AuthSubject {
        token: token.to_string(),
        person_id,
        person_name,
        phone,
        acting_for,
        acting_for_person,
        expires_at: Timestamp(new_expiry.max(expires_at)),
    }))
}

/// The `Session` document of a signed-in subject.
pub fn session_view(conn: &Connection, s: &AuthSubject, now: Timestamp) -> ApiResult<Session> {
    let mut stmt = conn.prepare(
        "SELECT b.credit_code, b.name FROM business_agents a JOIN businesses b ON b.credit_code = a.credit_code
         WHERE a.person_id = ?1 ORDER BY b.name",
    )?;
    let businesses = stmt
        .query_map([&s.person_id], |r| {
            Ok(BusinessRef {
                credit_code: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let display_name = match &s.person_name {
        Some(n) => mask_name(n),
        // No real-name record: say whose number it is, masked.
        None => format!("用户{}", &s.phone[s.phone.len().saturating_sub(4)..]),
    };
    let family = crate::grants::family_of(conn, &s.person_id, now)?;
    let acting_for_person = match &s.acting_for_person {
        None => None,
        Some(a) => match family.iter().find(|m| m.person_id == a.person_id) {
            Some(m) => Some(m.clone()),
            // No longer current: still say whom the session acts for, so the app can say so
            // (every other operation answers 403 `authorisation_ended`).
            None => crate::grants::former_member(conn, &s.person_id, &a.person_id)?,
        },
    };
    Ok(Session {
        token: s.token.clone(),
        expires_at: s.expires_at,
        subject: Subject {
            person_id: s.person_id.clone(),
            display_name,
            phone_masked: mask_phone(&s.phone),
            acting_for: s.acting_for.clone(),
            businesses,
            acting_for_person,
            family,
        },
    })
}

/// The person with `phone`, created without a real-name record when there is none (as a first
/// sign-in would).
pub fn person_by_phone(conn: &Connection, phone: &str) -> ApiResult<String> {
    let found: Option<String> = conn
        .query_row("SELECT id FROM people WHERE phone = ?1", [phone], |r| {
            r.get(0)
        })
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => {
            let id = new_id("p");
            conn.execute(
                "INSERT INTO people (id, name, phone) VALUES (?1, NULL, ?2)",
                params![id, phone],
            )?;
            Ok(id)
        }
    }
}

/// Authorises the person with `phone` to act for the business `credit_code` (法人授权经办人),
/// recording the business under `business_name`. An operator's action (`yishi-server
/// grant-agent`); granting twice changes nothing.
pub fn grant_agent(
    conn: &mut Connection,
    phone: &str,
    credit_code: &str,
    business_name: &str,
) -> ApiResult<()> {
    check_phone(phone)?;
    let cc = credit_code.trim().to_ascii_uppercase();
    if !credit_code_valid(&cc) {
        return Err(ApiError::invalid_field(
            "/credit_code",
            field_codes::INVALID,
        ));
    }
    if business_name.trim().is_empty() {
        return Err(ApiError::invalid_field(
            "/business_name",
            field_codes::REQUIRED,
        ));
    }
    let tx = conn.transaction()?;
    let person = person_by_phone(&tx, phone)?;
    tx.execute(
        "INSERT INTO businesses (credit_code, name) VALUES (?1, ?2)
         ON CONFLICT(credit_code) DO UPDATE SET name = excluded.name",
        params![cc, business_name.trim()],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO business_agents (person_id, credit_code) VALUES (?1, ?2)",
        params![person, cc],
    )?;
    tx.commit()?;
    Ok(())
}

/// Withdraws the right of the person with `phone` to act for `credit_code`, and ends every
/// session in which they act for it (their own sessions stay). Returns how many sessions
/// ended, or `None` when the person had no such right. An operator's action (`yishi-server
/// revoke-agent`).
pub fn revoke_agent(
    conn: &mut Connection,
    phone: &str,
    credit_code: &str,
) -> ApiResult<Option<usize>> {
    let cc = credit_code.trim().to_ascii_uppercase();
    let tx = conn.transaction()?;
    let person: Option<String> = tx
        .query_row("SELECT id FROM people WHERE phone = ?1", [phone], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(person) = person else {
        return Ok(None);
    };
    let removed = tx.execute(
        "DELETE FROM business_agents WHERE person_id = ?1 AND credit_code = ?2",
        params![person, cc],
    )?;
    if removed == 0 {
        return Ok(None);
    }
    let ended = tx.execute(
        "DELETE FROM sessions WHERE person_id = ?1 AND acting_for = ?2",
        params![person, cc],
    )?;
    tx.commit()?;
    Ok(Some(ended))
}

pub fn sign_out(conn: &Connection, token: &str) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [hash_token(token)],
    )?;
    Ok(())
}

/// Compares secrets without an early exit on the first differing byte.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
