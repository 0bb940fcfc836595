//! SQLite storage: one file, created and migrated on first start.
//!
//! Migrations are numbered SQL scripts applied in order; `PRAGMA user_version` records how many
//! have run. The reference server holds one connection behind a mutex and runs every query on
//! tokio's blocking pool, so the async runtime never waits on disk.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::ApiError;

/// The schema, one script per version. Never edit a released script: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: everything API v1 needs.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    -- The catalogue, stored as the contract's JSON documents (the server serves them as they are).
    CREATE TABLE categories (
        id   TEXT PRIMARY KEY,
        ord  INTEGER NOT NULL,
        json TEXT NOT NULL
    );
    CREATE TABLE departments (
        id   TEXT PRIMARY KEY,
        ord  INTEGER NOT NULL,
        json TEXT NOT NULL
    );
    CREATE TABLE matters (
        id            TEXT PRIMARY KEY,
        ord           INTEGER NOT NULL,
        department_id TEXT NOT NULL REFERENCES departments(id),
        guide_json    TEXT NOT NULL,
        card_json     TEXT NOT NULL
    );
    CREATE TABLE events (
        id   TEXT PRIMARY KEY,
        ord  INTEGER NOT NULL,
        json TEXT NOT NULL
    );

    -- 节假日安排: deployer data, one row per year (contract CalendarYear as JSON).
    CREATE TABLE calendar_years (
        year INTEGER PRIMARY KEY,
        json TEXT NOT NULL
    );

    CREATE TABLE people (
        id    TEXT PRIMARY KEY,
        -- Real name (实名); NULL for a number that signed in without a real-name record.
        name  TEXT,
        phone TEXT NOT NULL UNIQUE
    );
    CREATE TABLE businesses (
        credit_code TEXT PRIMARY KEY,
        name        TEXT NOT NULL
    );
    -- Who may act for which business (法人授权经办人).
    CREATE TABLE business_agents (
        person_id   TEXT NOT NULL REFERENCES people(id),
        credit_code TEXT NOT NULL REFERENCES businesses(credit_code),
        PRIMARY KEY (person_id, credit_code)
    );

    -- Sessions: only the SHA-256 of the bearer token is stored.
    CREATE TABLE sessions (
        token_hash  TEXT PRIMARY KEY,
        person_id   TEXT NOT NULL REFERENCES people(id),
        acting_for  TEXT REFERENCES businesses(credit_code),
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
    );
    CREATE INDEX sessions_expiry ON sessions(expires_at);

    -- The latest one-time code per phone number; kept after use so the resend interval holds.
    CREATE TABLE otp_codes (
        phone      TEXT PRIMARY KEY,
        code       TEXT NOT NULL,
        sent_at    INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        used       INTEGER NOT NULL DEFAULT 0
    );

    -- Cases (办件). `owner` is the subject: 'p:<person id>' or 'b:<credit code>'.
    CREATE TABLE cases (
        id             TEXT PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        owner          TEXT NOT NULL,
        applicant_name TEXT NOT NULL,
        title_json     TEXT NOT NULL,
        matter_id      TEXT,
        event_id       TEXT,
        stage          TEXT NOT NULL,
        state          TEXT NOT NULL,
        office_json    TEXT NOT NULL,
        promised_json  TEXT NOT NULL,
        legal_json     TEXT NOT NULL,
        submitted_at   INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        accepted_on    TEXT,
        -- The day the clock stopped for good: decision, not accepted or withdrawn.
        stopped_on     TEXT,
        delivery_json  TEXT
    );
    CREATE INDEX cases_owner ON cases(owner, updated_at DESC, id DESC);
    CREATE INDEX cases_matter ON cases(matter_id);

    CREATE TABLE case_timeline (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id),
        stage       TEXT NOT NULL,
        at          INTEGER NOT NULL,
        office_json TEXT NOT NULL,
        note_json   TEXT
    );
    CREATE INDEX case_timeline_case ON case_timeline(case_id, seq);

    CREATE TABLE case_pauses (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id   TEXT NOT NULL REFERENCES cases(id),
        stage     TEXT NOT NULL,
        from_date TEXT NOT NULL,
        to_date   TEXT
    );
    CREATE INDEX case_pauses_case ON case_pauses(case_id, seq);

    -- 一次性补正告知: the latest request of a case, with its items.
    CREATE TABLE supplement_requests (
        case_id      TEXT PRIMARY KEY REFERENCES cases(id),
        requested_at INTEGER NOT NULL,
        due_on       TEXT NOT NULL,
        office_json  TEXT
    );
    CREATE TABLE supplement_items (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL REFERENCES cases(id),
        material_id TEXT,
        name_json   TEXT NOT NULL,
        note_json   TEXT,
        received    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX supplement_items_case ON supplement_items(case_id, seq);

    -- The matters inside an event's case.
    CREATE TABLE case_members (
        case_id    TEXT NOT NULL REFERENCES cases(id),
        ord        INTEGER NOT NULL,
        matter_id  TEXT NOT NULL,
        title_json TEXT NOT NULL,
        stage      TEXT NOT NULL,
        PRIMARY KEY (case_id, ord)
    );

    -- 好差评: one rating per case and rating stage.
    CREATE TABLE ratings (
        id              TEXT PRIMARY KEY,
        case_id         TEXT NOT NULL REFERENCES cases(id),
        owner           TEXT NOT NULL,
        stage           TEXT NOT NULL,
        channel         TEXT NOT NULL,
        level           INTEGER NOT NULL,
        dimensions_json TEXT NOT NULL,
        reasons_json    TEXT NOT NULL,
        comment         TEXT,
        created_at      INTEGER NOT NULL,
        UNIQUE (case_id, stage)
    );
    CREATE INDEX ratings_owner ON ratings(owner, created_at DESC, id DESC);

    -- 差评整改: follow-up of a bad rating, its visible steps and the rater's call-back.
    CREATE TABLE follow_ups (
        rating_id TEXT PRIMARY KEY REFERENCES ratings(id),
        status    TEXT NOT NULL,
        due_on    TEXT NOT NULL
    );
    CREATE TABLE follow_up_steps (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        rating_id   TEXT NOT NULL REFERENCES ratings(id),
        status      TEXT NOT NULL,
        at          INTEGER NOT NULL,
        office_json TEXT NOT NULL,
        text_json   TEXT
    );
    CREATE INDEX follow_up_steps_rating ON follow_up_steps(rating_id, seq);
    CREATE TABLE callbacks (
        rating_id TEXT PRIMARY KEY REFERENCES ratings(id),
        resolved  INTEGER NOT NULL,
        comment   TEXT,
        at        INTEGER NOT NULL
    );

    -- Idempotency records: a key is scoped to the subject and the operation. `status` is NULL
    -- while the first request is in flight.
    CREATE TABLE idempotency (
        subject    TEXT NOT NULL,
        operation  TEXT NOT NULL,
        key        TEXT NOT NULL,
        body_hash  TEXT NOT NULL,
        status     INTEGER,
        response   TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (subject, operation, key)
    );
    CREATE INDEX idempotency_age ON idempotency(created_at);

    CREATE TABLE feedback (
        id         TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,
        query      TEXT,
        matter_id  TEXT,
        text       TEXT NOT NULL,
        contact    TEXT,
        person_id  TEXT,
        created_at INTEGER NOT NULL
    );
    "#,
    // 2: profiles, attachments, applications (一表申请) and supplement uploads.
    r#"
    -- What the backend holds about a person beyond `people`, for prefilling forms.
    CREATE TABLE profiles (
        person_id   TEXT PRIMARY KEY REFERENCES people(id),
        resident_id TEXT,
        address     TEXT
    );

    -- Uploaded files, owned by a subject ('p:…' or 'b:…'); the type is detected from the content.
    CREATE TABLE attachments (
        id           TEXT PRIMARY KEY,
        owner        TEXT NOT NULL,
        name         TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        data         BLOB NOT NULL,
        uploaded_at  INTEGER NOT NULL
    );
    CREATE INDEX attachments_owner ON attachments(owner, uploaded_at);

    -- The combined form a case was created from: answers and field values as submitted
    -- (visible fields only, trimmed).
    CREATE TABLE applications (
        case_id      TEXT PRIMARY KEY REFERENCES cases(id),
        event_id     TEXT NOT NULL,
        answers_json TEXT NOT NULL,
        fields_json  TEXT NOT NULL
    );

    -- Files attached to a case: `target` is a form field id (application) or
    -- 'supplement:<item id>' (a supplement upload).
    CREATE TABLE case_attachments (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id       TEXT NOT NULL REFERENCES cases(id),
        target        TEXT NOT NULL,
        attachment_id TEXT NOT NULL REFERENCES attachments(id),
        at            INTEGER NOT NULL
    );
    CREATE INDEX case_attachments_case ON case_attachments(case_id, seq);
    "#,
    // 3: one row per one-time code actually sent, for the daily cap per number. Requests
    // refused by the resend interval or the cap itself leave no row, so they cannot be used to
    // lock a number out.
    r#"
    CREATE TABLE otp_sends (
        phone   TEXT NOT NULL,
        sent_at INTEGER NOT NULL
    );
    CREATE INDEX otp_sends_phone ON otp_sends(phone, sent_at);
    "#,
    // 4: query codes (查询码) for finding a case without signing in (filled in for existing
    // cases at start-up, `cases::issue_missing_query_codes`); ratings sent without signing in
    // get their own slot per case and stage, apart from the applicant's own; the matters of
    // event cases are indexed for the public rating summary.
    r#"
    ALTER TABLE cases ADD COLUMN query_code TEXT;

    -- The table is rebuilt to change its UNIQUE constraint. Its children (follow-ups, steps,
    -- call-backs) reference it by name: with the checks deferred to the commit, dropping it
    -- leaves their rows dangling for a moment, and putting the same ids back into the new
    -- table of the same name makes them whole again.
    PRAGMA defer_foreign_keys = ON;
    CREATE TABLE ratings_v3 AS SELECT * FROM ratings;
    DROP TABLE ratings;
    CREATE TABLE ratings (
        id              TEXT PRIMARY KEY,
        case_id         TEXT NOT NULL REFERENCES cases(id),
        -- The rater's subject; '' for a rating sent without signing in.
        owner           TEXT NOT NULL,
        stage           TEXT NOT NULL,
        channel         TEXT NOT NULL,
        level           INTEGER NOT NULL,
        dimensions_json TEXT NOT NULL,
        reasons_json    TEXT NOT NULL,
        comment         TEXT,
        created_at      INTEGER NOT NULL,
        without_sign_in INTEGER NOT NULL DEFAULT 0,
        UNIQUE (case_id, stage, without_sign_in)
    );
    INSERT INTO ratings (id, case_id, owner, stage, channel, level, dimensions_json,
                         reasons_json, comment, created_at)
        SELECT id, case_id, owner, stage, channel, level, dimensions_json, reasons_json, comment,
               created_at FROM ratings_v3;
    DROP TABLE ratings_v3;
    CREATE INDEX ratings_owner ON ratings(owner, created_at DESC, id DESC);

    CREATE INDEX case_members_matter ON case_members(matter_id);
    "#,
    // 5: messages (消息中心), one subject's each; `seq` orders an inbox and names its state
    // (the ETag), `read_at` is NULL while unread.
    r#"
    CREATE TABLE messages (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE,
        owner         TEXT NOT NULL,
        kind          TEXT NOT NULL,
        title_json    TEXT NOT NULL,
        body_json     TEXT,
        created_at    INTEGER NOT NULL,
        read_at       INTEGER,
        case_id       TEXT REFERENCES cases(id),
        rating_id     TEXT REFERENCES ratings(id),
        due_on        TEXT,
        delivery_json TEXT
    );
    CREATE INDEX messages_owner ON messages(owner, seq);
    "#,
    // 6: suggestions (下一步), one subject's each; `topic` keeps a subject from being told the
    // same thing twice (an event, a matter or a benefit); `dismissed_at` is NULL while shown.
    r#"
    CREATE TABLE suggestions (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL UNIQUE,
        owner        TEXT NOT NULL,
        kind         TEXT NOT NULL,
        topic        TEXT NOT NULL,
        title_json   TEXT NOT NULL,
        reason_json  TEXT NOT NULL,
        event_id     TEXT,
        matter_id    TEXT,
        benefit_json TEXT,
        created_at   INTEGER NOT NULL,
        dismissed_at INTEGER,
        UNIQUE (owner, topic)
    );
    "#,
    // 7: licences (我的证照), one subject's each, their verification codes (用证码), stored
    // only as a hash, one live code per licence, and the record of their uses (用证记录).
    r#"
    CREATE TABLE licences (
        id            TEXT PRIMARY KEY,
        owner         TEXT NOT NULL,
        kind          TEXT NOT NULL,
        name_json     TEXT NOT NULL,
        issuer_json   TEXT NOT NULL,
        number_masked TEXT NOT NULL,
        holder        TEXT,
        valid_from    TEXT,
        valid_until   TEXT,
        revoked_at    INTEGER
    );
    CREATE INDEX licences_owner ON licences(owner);
    CREATE TABLE licence_codes (
        code_hash  TEXT PRIMARY KEY,
        licence_id TEXT NOT NULL UNIQUE REFERENCES licences(id),
        owner      TEXT NOT NULL,
        issued_at  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE licence_uses (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL UNIQUE,
        owner        TEXT NOT NULL,
        licence_id   TEXT NOT NULL REFERENCES licences(id),
        purpose      TEXT NOT NULL,
        used_at      INTEGER NOT NULL,
        used_by_json TEXT NOT NULL,
        case_number  TEXT
    );
    CREATE INDEX licence_uses_owner ON licence_uses(owner, seq);
    "#,
    // 8: appointments (预约办理). A slot's places are counted from its `booked` rows inside the
    // booking's transaction; `reminded` is set when the day-before reminder is written.
    r#"
    CREATE TABLE appointments (
        id           TEXT PRIMARY KEY,
        owner        TEXT NOT NULL,
        matter_id    TEXT NOT NULL,
        office_id    TEXT NOT NULL,
        slot_id      TEXT NOT NULL,
        start_at     INTEGER NOT NULL,
        end_at       INTEGER NOT NULL,
        status       TEXT NOT NULL,
        case_id      TEXT REFERENCES cases(id),
        created_at   INTEGER NOT NULL,
        cancelled_at INTEGER,
        reminded     INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX appointments_owner ON appointments(owner, start_at);
    CREATE INDEX appointments_slot ON appointments(office_id, slot_id, status);
    ALTER TABLE messages ADD COLUMN appointment_id TEXT REFERENCES appointments(id);
    -- 取号: one queue number per appointment; `seq` counts the office's numbers of the day.
    CREATE TABLE queue_tickets (
        appointment_id TEXT PRIMARY KEY REFERENCES appointments(id),
        office_id      TEXT NOT NULL,
        day            TEXT NOT NULL,
        seq            INTEGER NOT NULL,
        issued_at      INTEGER NOT NULL,
        UNIQUE (office_id, day, seq)
    );
    "#,
    // 9: acting for family (代办). An authorisation is pending until `confirmed_at`, ended at
    // `ended_at`, and holds through `ends_on` (a China date, inclusive; NULL: no end). A person
    // without a mobile number of their own (a minor child) has the phone `none:<id>`, which no
    // sign-in can match. `acts` records every change made while acting for someone.
    r#"
    CREATE TABLE authorisations (
        id           TEXT PRIMARY KEY,
        agent_id     TEXT NOT NULL REFERENCES people(id),
        principal_id TEXT NOT NULL REFERENCES people(id),
        relation     TEXT NOT NULL,
        scope        TEXT NOT NULL,
        basis        TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        confirmed_at INTEGER,
        ends_on      TEXT,
        ended_at     INTEGER
    );
    CREATE INDEX authorisations_agent ON authorisations(agent_id, principal_id);
    CREATE INDEX authorisations_principal ON authorisations(principal_id);
    ALTER TABLE sessions ADD COLUMN acting_for_person TEXT REFERENCES people(id);
    CREATE TABLE acts (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        owner     TEXT NOT NULL,
        agent_id  TEXT NOT NULL REFERENCES people(id),
        action    TEXT NOT NULL,
        operation TEXT NOT NULL,
        object_id TEXT,
        at        INTEGER NOT NULL
    );
    CREATE INDEX acts_owner ON acts(owner, seq);
    "#,
];

/// Opens (creating if needed) and migrates the database file.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets a backup or `sqlite3` read while the server writes; foreign keys are off by
    // default in SQLite and must be asked for on every connection.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Applies the migrations this file has not seen yet, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize =
        conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    if current > MIGRATIONS.len() {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "database schema version {current} is newer than this server ({}); refusing to run",
            MIGRATIONS.len()
        )));
    }
    for (i, script) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "applied database migration");
    }
    Ok(())
}

/// The shared connection. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn new(conn: Connection) -> Db {
        Db {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the connection itself is still sound
            // (SQLite rolls back the open transaction when it is dropped), so carry on.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
            ApiError::internal("database task cancelled")
        })?
    }

    /// Runs `f` on the current thread (start-up, CLI commands).
    pub fn blocking<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::params;

    use super::*;

    #[test]
    fn migrates_a_fresh_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let conn = open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        // Re-opening applies nothing and keeps the data.
        let conn = open(&path).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn ratings_survive_the_rebuild_of_version_4_with_their_follow_ups() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("t.db")).unwrap();
        configure(&conn).unwrap();
        // A version-3 file with a case, a bad rating and its follow-up.
        for (i, script) in MIGRATIONS.iter().take(3).enumerate() {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(script).unwrap();
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
            tx.commit().unwrap();
        }
        conn.execute_batch(
            "INSERT INTO cases (id, number, owner, applicant_name, title_json, stage, state,
               office_json, promised_json, legal_json, submitted_at, updated_at)
             VALUES ('case-1', 'LJ1', 'p:1', '张三', '{}', 'closed', 'done', '{}', '{}', '{}', 0, 0);
             INSERT INTO ratings (id, case_id, owner, stage, channel, level, dimensions_json,
               reasons_json, created_at)
             VALUES ('r-1', 'case-1', 'p:1', 'completion', 'online', 1, '[]', '[]', 5);
             INSERT INTO follow_ups (rating_id, status, due_on) VALUES ('r-1', 'verifying', '2026-01-01');
             INSERT INTO follow_up_steps (rating_id, status, at, office_json) VALUES ('r-1', 'verifying', 5, '{}');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let row: (String, i64) = conn
            .query_row(
                "SELECT owner, without_sign_in FROM ratings WHERE id = 'r-1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(row, ("p:1".to_string(), 0));
        let broken: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 0);
        // The applicant's slot and the slot without sign-in are separate; each is unique.
        let rate = |id: &str, without: i64| {
            conn.execute(
                "INSERT INTO ratings (id, case_id, owner, stage, channel, level, dimensions_json,
                   reasons_json, created_at, without_sign_in)
                 VALUES (?1, 'case-1', '', 'completion', 'online', 5, '[]', '[]', 6, ?2)",
                params![id, without],
            )
        };
        assert!(rate("r-2", 1).is_ok());
        assert!(rate("r-3", 1).is_err());
        assert!(rate("r-4", 0).is_err());
        // Deleting a rating that has a follow-up is still refused: the references hold.
        assert!(
            conn.execute("DELETE FROM ratings WHERE id = 'r-1'", [])
                .is_err()
        );
    }
}
