//! API v1 against a real SQLite file: every test builds its own server state in a temp dir.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use yishi_contract::{
    Case, CaseSummary, CatalogueIndex, HolidayCalendar, LifeEvent, MatterGuide, Page, PublicCase,
    Rating, RatingOptions, RatingSummary, Session, Stage, Timestamp,
};

use common::{INLINE_SCRIPT, TestApp};
use yishi_server::catalogue::index_event_card;

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const WANG: &str = "13800000003";
const RESTAURANT: &str = "91371102MA3LW8DQ51";

// ------------------------------------------------------------------ seed and catalogue

#[test]
fn seed_catalogue_is_consistent_and_round_trips() {
    let seed = yishi_server::catalogue::load_embedded_seed().expect("seed loads");
    let problems = yishi_server::catalogue::check_catalogue(&seed);
    assert!(
        problems.is_empty(),
        "seed problems:\n{}",
        problems.join("\n")
    );
    assert!(seed.events.len() >= 12, "{} events", seed.events.len());
    assert!(seed.matters.len() >= 60, "{} matters", seed.matters.len());
    for e in &seed.events {
        assert!(
            yishi_core::conditions::check_event_conditions(e).is_empty(),
            "{}",
            e.card.id
        );
        let text = serde_json::to_string(e).unwrap();
        let back: LifeEvent = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, e, "event {} does not round-trip", e.card.id);
        // Derived fields agree with the steps.
        let mut ids: Vec<&str> = e
            .steps
            .iter()
            .flat_map(|s| &s.matters)
            .map(|m| m.matter_id.as_str())
            .collect();
        ids.dedup();
        assert_eq!(e.card.matter_count as usize, e.card.matter_ids.len());
        for sm in e.steps.iter().flat_map(|s| &s.matters) {
            let m = seed.matters.iter().find(|m| m.id == sm.matter_id).unwrap();
            assert_eq!(sm.name, m.name);
            assert_eq!(sm.materials.len(), m.materials.len());
        }
    }
    for m in &seed.matters {
        let back: MatterGuide = serde_json::from_str(&serde_json::to_string(m).unwrap()).unwrap();
        assert_eq!(&back, m);
        let dept = seed
            .departments
            .iter()
            .find(|d| d.id == m.department_id)
            .unwrap();
        assert_eq!(m.department_name, dept.name);
    }
    let cal: HolidayCalendar = serde_json::from_str(yishi_server::env::SEED_CALENDAR).unwrap();
    assert!(yishi_server::env::check_calendar(&cal).is_empty());
    assert_eq!(
        cal.years.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2025, 2026]
    );
}

#[test]
fn demo_business_credit_code_is_valid() {
    assert!(yishi_core::validate::credit_code_valid(
        yishi_server::demo::RESTAURANT_CODE
    ));
}

#[tokio::test]
async fn health_and_catalogue_with_etag() {
    let t = TestApp::new();
    let h = t.get("/api/v1/health", None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.json()["status"], "ok");

    let r = t.get("/api/v1/catalogue", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    let index: CatalogueIndex = serde_json::from_slice(&r.body).unwrap();
    let plain = r.body.clone();
    let etag = r.header("etag").unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", index.version));
    assert!(index.events.len() >= 12 && index.matters.len() >= 60);

    let req = Request::get("/api/v1/catalogue")
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    let req = Request::get("/api/v1/catalogue")
        .header("if-none-match", "\"stale\"")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(req).await.status, StatusCode::OK);

    // A browser that takes brotli gets the index compressed once at brotli's best, the same
    // document; a 304 stays a 304.
    let req = Request::get("/api/v1/catalogue")
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-encoding"), Some("br"));
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    let mut json = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(&r.body[..], 4096), &mut json)
        .unwrap();
    assert!(json == plain, "the brotli answer is the same document");
    assert!(
        r.body.len() * 5 < json.len(),
        "compressed: {} of {} bytes",
        r.body.len(),
        json.len()
    );
    let req = Request::get("/api/v1/catalogue")
        .header("accept-encoding", "br")
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert_eq!(r.header("content-encoding"), None);

    // Every listed document is served and parses as its contract type. An event's document has
    // its card as listed, plus the notes on its time limits, which the index leaves out.
    let mut notes = 0;
    for e in &index.events {
        let r = t.get(&format!("/api/v1/events/{}", e.id), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", e.id);
        let ev: LifeEvent = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(e.promised_limit.note, None);
        assert!(e.legal_limit.as_ref().is_none_or(|l| l.note.is_none()));
        notes += usize::from(ev.card.promised_limit.note.is_some());
        assert_eq!(&index_event_card(&ev.card), e);
    }
    assert!(notes > 0, "the seed's events explain their promises");
    for m in &index.matters {
        let r = t.get(&format!("/api/v1/matters/{}", m.id), None).await;
        let g: MatterGuide = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(g.id, m.id);
    }
    for d in &index.departments {
        assert_eq!(
            t.get(&format!("/api/v1/departments/{}", d.id), None)
                .await
                .status,
            StatusCode::OK
        );
    }
    t.get("/api/v1/events/no-such-event", None)
        .await
        .problem(404, "not_found");
    t.get("/api/v1/matters/no-such-matter/rating-summary", None)
        .await
        .problem(404, "not_found");

    let cal: HolidayCalendar =
        serde_json::from_slice(&t.get("/api/v1/calendar", None).await.body).unwrap();
    assert!(cal.years.iter().any(|y| y.year == 2026));
    let opts: RatingOptions =
        serde_json::from_slice(&t.get("/api/v1/rating-options", None).await.body).unwrap();
    assert_eq!(opts.levels.len(), 5);
    assert_eq!(opts.rectification_working_days, 5);
}

#[tokio::test]
async fn rectification_days_are_configurable() {
    let t = TestApp::with_config(|c| c.rectification_days = 15);
    let opts: RatingOptions =
        serde_json::from_slice(&t.get("/api/v1/rating-options", None).await.body).unwrap();
    assert_eq!(opts.rectification_working_days, 15);
}

// ------------------------------------------------------------------ sessions

#[tokio::test]
async fn sign_in_flow_and_sign_out() {
    let t = TestApp::new();
    let s: Session = serde_json::from_value(t.sign_in_as(ZHANG, None).await).unwrap();
    assert_eq!(s.subject.display_name, "张*明");
    assert_eq!(s.subject.phone_masked, "138****0001");
    assert!(s.subject.acting_for.is_none());
    assert!(s.token.len() >= 43, "256-bit token");
    // The token is stored hashed only.
    let raw_stored: i64 = t.state.db.blocking(|c| {
        c.query_row(
            "SELECT count(*) FROM sessions WHERE token_hash = ?1",
            [&s.token],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(raw_stored, 0);

    let me = t.get("/api/v1/session", Some(&s.token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(
        me.json()["subject"]["person_id"],
        s.subject.person_id.as_str()
    );

    let out = t
        .call(Method::DELETE, "/api/v1/session", Some(&s.token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let gone = t.get("/api/v1/session", Some(&s.token)).await;
    gone.problem(401, "unauthenticated");
    assert_eq!(gone.header("www-authenticate"), Some("Bearer"));
    t.get("/api/v1/cases", None)
        .await
        .problem(401, "unauthenticated");
    t.get("/api/v1/cases", Some("not-a-token"))
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn codes_are_rate_limited_and_wrong_codes_refused() {
    let t = TestApp::new();
    let r = t
        .post("/api/v1/session/code", None, json!({"phone": LI}))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json()["resend_after_seconds"], 60);
    let again = t
        .post("/api/v1/session/code", None, json!({"phone": LI}))
        .await;
    again.problem(429, "rate_limited");
    let wait: u64 = again.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));

    let code = t.get(&format!("/_test/otp?phone={LI}"), None).await.json()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    t.post("/api/v1/session", None, json!({"phone": LI, "code": wrong}))
        .await
        .problem(401, "invalid_code");
    // The right code still works after one wrong guess.
    let ok = t
        .post("/api/v1/session", None, json!({"phone": LI, "code": code}))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    // ...and only once.
    t.post("/api/v1/session", None, json!({"phone": LI, "code": code}))
        .await
        .problem(401, "invalid_code");

    // After 60 s a new code may be sent.
    t.state.clock.advance(61);
    let p = t
        .post(
            "/api/v1/session/code",
            None,
            json!({"phone": "13800000009"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::ACCEPTED);
    t.post("/api/v1/session/code", None, json!({"phone": "12345"}))
        .await
        .problem(422, "validation");

    // Malformed codes and credit codes are 422, not a wrong guess.
    let p = t
        .post(
            "/api/v1/session",
            None,
            json!({"phone": "13800000009", "code": "12345"}),
        )
        .await
        .problem(422, "validation");
    assert_eq!(
        p["errors"][0],
        json!({"pointer": "/code", "code": "too_short"})
    );
    let p = t
        .post(
            "/api/v1/session",
            None,
            json!({"phone": "13800000009", "code": "123456", "act_for": "91371102MA3LW8DQ50"}),
        )
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/act_for");
    // After five wrong guesses the number is locked until a new code may be sent.
    let code = t.get("/_test/otp?phone=13800000009", None).await.json()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        t.post(
            "/api/v1/session",
            None,
            json!({"phone": "13800000009", "code": wrong}),
        )
        .await
        .problem(401, "invalid_code");
    }
    let locked = t
        .post(
            "/api/v1/session",
            None,
            json!({"phone": "13800000009", "code": code}),
        )
        .await;
    locked.problem(429, "rate_limited");
    assert!(locked.header("retry-after").is_some());
    t.get("/_test/otp?phone=13800000009", None)
        .await
        .problem(404, "not_found");
    t.state.clock.advance(61);
    assert_eq!(
        t.post(
            "/api/v1/session/code",
            None,
            json!({"phone": "13800000009"})
        )
        .await
        .status,
        StatusCode::ACCEPTED
    );
}

fn without_numbers(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// Eleven quick requests once locked a number out for a day: refused requests counted toward
/// the daily cap. Only codes actually sent count now, and the refusal reads the same whether
/// a code went out moments ago or the day's codes are used up.
#[tokio::test]
async fn refused_code_requests_do_not_lock_a_number_out() {
    let t = TestApp::new();
    let phone = "13800000007";
    let ask = || t.post("/api/v1/session/code", None, json!({"phone": phone}));
    assert_eq!(ask().await.status, StatusCode::ACCEPTED);
    let mut details = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let r = ask().await;
        let p = r.problem(429, "rate_limited");
        let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!(
            wait <= 60,
            "refused by the resend interval only, not for a day: {wait}"
        );
        details.insert(without_numbers(p["detail"].as_str().unwrap()));
    }
    // After the resend interval a code is sent again: the burst did not count.
    t.state.clock.advance(61);
    assert_eq!(ask().await.status, StatusCode::ACCEPTED);
    // Codes actually sent do count: the tenth of the day is the last.
    for _ in 2..10 {
        t.state.clock.advance(61);
        assert_eq!(ask().await.status, StatusCode::ACCEPTED);
    }
    t.state.clock.advance(61);
    let r = ask().await;
    let p = r.problem(429, "rate_limited");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 3600, "the daily cap: {wait}");
    details.insert(without_numbers(p["detail"].as_str().unwrap()));
    assert_eq!(
        details.len(),
        1,
        "one wording for every refusal: {details:?}"
    );
    assert!(!details.iter().next().unwrap().contains("ago"));
    // A day after the first of those codes, codes flow again.
    t.state.clock.advance(wait as i64);
    assert_eq!(ask().await.status, StatusCode::ACCEPTED);

    // Five wrong guesses burn a code; after the resend wait a new code works. Another number,
    // whose day holds no other codes: this one sits at its daily cap again, and whether its
    // second code of the burst has left the day's window depends on real seconds ticking.
    let phone = "13800000008";
    let ask = || t.post("/api/v1/session/code", None, json!({"phone": phone}));
    assert_eq!(ask().await.status, StatusCode::ACCEPTED);
    let code = t
        .get(&format!("/_test/otp?phone={phone}"), None)
        .await
        .json()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        t.post(
            "/api/v1/session",
            None,
            json!({"phone": phone, "code": wrong}),
        )
        .await
        .problem(401, "invalid_code");
    }
    t.post(
        "/api/v1/session",
        None,
        json!({"phone": phone, "code": code}),
    )
    .await
    .problem(429, "rate_limited");
    t.state.clock.advance(61);
    assert_eq!(ask().await.status, StatusCode::ACCEPTED);
    let code = t
        .get(&format!("/_test/otp?phone={phone}"), None)
        .await
        .json()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let ok = t
        .post(
            "/api/v1/session",
            None,
            json!({"phone": phone, "code": code}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
}

#[tokio::test]
async fn sessions_expire_when_idle_and_after_twelve_hours() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    t.state.clock.advance(2 * 3600 - 60);
    assert_eq!(
        t.get("/api/v1/session", Some(&token)).await.status,
        StatusCode::OK,
        "used within 2 h"
    );
    t.state.clock.advance(2 * 3600 - 60);
    assert_eq!(
        t.get("/api/v1/session", Some(&token)).await.status,
        StatusCode::OK,
        "sliding"
    );
    t.state.clock.advance(2 * 3600 + 1);
    t.get("/api/v1/session", Some(&token))
        .await
        .problem(401, "unauthenticated");

    // However busy, a session ends 12 h after sign-in.
    let token = t.sign_in(ZHANG).await;
    for i in 1..=7 {
        t.state.clock.advance(3600 + 1800);
        assert_eq!(
            t.get("/api/v1/session", Some(&token)).await.status,
            StatusCode::OK,
            "after {i} × 1.5 h"
        );
    }
    t.state.clock.advance(3600 + 1800);
    t.get("/api/v1/session", Some(&token))
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn acting_for_a_business() {
    let t = TestApp::new();
    let s = t.sign_in_as(WANG, None).await;
    assert_eq!(s["subject"]["businesses"][0]["credit_code"], RESTAURANT);
    let own: Vec<String> = t
        .all_cases(s["token"].as_str().unwrap())
        .await
        .iter()
        .map(|c| c["number"].as_str().unwrap().into())
        .collect();
    assert_eq!(own, ["LJ30000101"]);

    let b = t.sign_in_as(WANG, Some(RESTAURANT)).await;
    assert_eq!(
        b["subject"]["acting_for"]["name"],
        "临江市味道餐饮管理有限公司"
    );
    let biz: Vec<String> = t
        .all_cases(b["token"].as_str().unwrap())
        .await
        .iter()
        .map(|c| c["number"].as_str().unwrap().into())
        .collect();
    assert_eq!(biz.len(), 3);
    assert!(biz.iter().all(|n| n.starts_with("LJ4")), "{biz:?}");

    // 李芳 may not act for the restaurant; the code stays usable for herself.
    t.post("/api/v1/session/code", None, json!({"phone": LI}))
        .await;
    let code = t.get(&format!("/_test/otp?phone={LI}"), None).await.json()["code"]
        .as_str()
        .unwrap()
        .to_string();
    t.post(
        "/api/v1/session",
        None,
        json!({"phone": LI, "code": code, "act_for": RESTAURANT}),
    )
    .await
    .problem(403, "forbidden");
    let ok = t
        .post("/api/v1/session", None, json!({"phone": LI, "code": code}))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
}

/// Withdrawing a person's right to act for a business ends the sessions in which they act for
/// it at once; their own session stays. Before, a business session lived on for up to 12 hours.
#[tokio::test]
async fn revoking_the_right_to_act_for_a_business_ends_its_sessions() {
    let t = TestApp::new();
    let own = t.sign_in(WANG).await;
    let b1 = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let b2 = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        t.get("/api/v1/cases", Some(&b1)).await.status,
        StatusCode::OK
    );
    let ended = t
        .state
        .db
        .blocking(|conn| yishi_server::auth::revoke_agent(conn, WANG, RESTAURANT))
        .unwrap();
    assert_eq!(ended, Some(2));
    for token in [&b1, &b2] {
        t.get("/api/v1/cases", Some(token))
            .await
            .problem(401, "unauthenticated");
    }
    let mine = t.get("/api/v1/session", Some(&own)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.json()["subject"]["businesses"], json!([]));
    // Nor can he sign in for it again.
    t.state.clock.advance(61);
    t.post("/api/v1/session/code", None, json!({"phone": WANG}))
        .await;
    let code = t
        .get(&format!("/_test/otp?phone={WANG}"), None)
        .await
        .json()["code"]
        .as_str()
        .unwrap()
        .to_string();
    t.post(
        "/api/v1/session",
        None,
        json!({"phone": WANG, "code": code, "act_for": RESTAURANT}),
    )
    .await
    .problem(403, "forbidden");
    // A right removed by other means (a back-office system writing the table) ends the
    // sessions too: the right is checked on every request.
    t.state
        .db
        .blocking(|conn| {
            yishi_server::auth::grant_agent(conn, WANG, RESTAURANT, "临江市味道餐饮管理有限公司")
        })
        .unwrap();
    let b3 = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        t.get("/api/v1/cases", Some(&b3)).await.status,
        StatusCode::OK
    );
    t.state
        .db
        .blocking(|conn| conn.execute("DELETE FROM business_agents", []))
        .unwrap();
    t.get("/api/v1/cases", Some(&b3))
        .await
        .problem(401, "unauthenticated");
    // Revoking what was never granted says so.
    let none = t
        .state
        .db
        .blocking(|conn| yishi_server::auth::revoke_agent(conn, LI, RESTAURANT))
        .unwrap();
    assert_eq!(none, None);
}

/// Every answer that holds a citizen's data says `Cache-Control: no-store`, so no shared cache
/// keeps it; the catalogue keeps its own `no-cache`.
#[tokio::test]
async fn personal_answers_are_never_stored_by_caches() {
    let t = TestApp::new();
    let session = t.sign_in_as(ZHANG, None).await;
    let token = session["token"].as_str().unwrap().to_string();
    let tok = Some(token.as_str());
    let case = t.case_id(&token, "LJ10000112").await;
    let withdrawable = t.case_id(&token, "LJ10000101").await;
    let code = t.query_code(&token, "LJ10000105").await;
    let ratings: Page<Rating> =
        serde_json::from_slice(&t.get("/api/v1/ratings", tok).await.body).unwrap();
    let rating = ratings
        .items
        .iter()
        .find(|r| r.case_number == "LJ10000112")
        .unwrap()
        .id
        .clone();
    let mut answers = vec![
        ("GET /session", t.get("/api/v1/session", tok).await),
        ("GET /profile", t.get("/api/v1/profile", tok).await),
        ("GET /cases", t.get("/api/v1/cases", tok).await),
        (
            "GET /cases/{id}",
            t.get(&format!("/api/v1/cases/{case}"), tok).await,
        ),
        (
            "POST /cases/lookup",
            t.post(
                "/api/v1/cases/lookup",
                None,
                json!({"number": "LJ10000105", "query_code": code}),
            )
            .await,
        ),
        ("GET /ratings", t.get("/api/v1/ratings", tok).await),
        (
            "GET /ratings/{id}",
            t.get(&format!("/api/v1/ratings/{rating}"), tok).await,
        ),
        (
            "POST /ratings/{id}/callback",
            t.post(
                &format!("/api/v1/ratings/{rating}/callback"),
                tok,
                json!({"resolved": true}),
            )
            .await,
        ),
        (
            "POST /cases/{id}/withdraw",
            t.call(
                Method::POST,
                &format!("/api/v1/cases/{withdrawable}/withdraw"),
                tok,
                None,
            )
            .await,
        ),
        (
            "POST /operator/cases/{id}/advance",
            t.operator(
                &format!(
                    "/api/v1/operator/cases/{}/advance",
                    t.case_id(&token, "LJ10000102").await
                ),
                json!({"to": "under_review"}),
            )
            .await,
        ),
    ];
    let sign_in = {
        t.state.clock.advance(61);
        t.post("/api/v1/session/code", None, json!({"phone": LI}))
            .await;
        let code = t.get(&format!("/_test/otp?phone={LI}"), None).await.json()["code"]
            .as_str()
            .unwrap()
            .to_string();
        t.post("/api/v1/session", None, json!({"phone": LI, "code": code}))
            .await
    };
    answers.push(("POST /session", sign_in));
    for (what, r) in &answers {
        assert!(r.status.is_success(), "{what}: {} {}", r.status, r.text());
        assert_eq!(r.header("cache-control"), Some("no-store"), "{what}");
    }
    // Refusals say nothing personal, and are not kept either.
    let refused = t.get("/api/v1/cases", None).await;
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    // Public documents keep their own policy.
    let catalogue = t.get("/api/v1/catalogue", None).await;
    assert_eq!(catalogue.header("cache-control"), Some("no-cache"));
}

// ------------------------------------------------------------------ cases

#[tokio::test]
async fn demo_citizen_has_a_case_at_every_stage() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let cases = t.all_cases(&token).await;
    let summaries: Vec<CaseSummary> = cases
        .iter()
        .map(|c| serde_json::from_value(c.clone()).unwrap())
        .collect();
    for &s in <yishi_contract::Stage as yishi_contract::OpenEnum>::ALL {
        assert!(
            summaries.iter().any(|c| c.stage == s),
            "no demo case at {s:?}"
        );
    }
    // Those that need the citizen first (with the day their action is due), then the others;
    // most recently updated first within each group, across pages (`all_cases` follows cursors).
    let needs = |c: &CaseSummary| c.state == yishi_contract::CaseState::NeedsAction;
    let first_other = summaries.iter().position(|c| !needs(c)).unwrap();
    assert!(first_other > 0, "a demo case needs action");
    assert!(summaries[first_other..].iter().all(|c| !needs(c)));
    assert!(
        summaries
            .iter()
            .all(|c| needs(c) == c.action_due_on.is_some())
    );
    for group in [&summaries[..first_other], &summaries[first_other..]] {
        assert!(group.windows(2).all(|w| w[0].updated_at >= w[1].updated_at));
    }
    // One case is past its promise (the event case), to show the overdue state; the rest are not.
    let overdue: Vec<&str> = summaries
        .iter()
        .filter(|c| c.deadline.overdue)
        .map(|c| c.number.as_str())
        .collect();
    assert_eq!(overdue, ["LJ10000104"]);
    let mut paused: Vec<&str> = summaries
        .iter()
        .filter(|c| c.deadline.paused)
        .map(|c| c.number.as_str())
        .collect();
    paused.sort();
    // 特别程序, and 补正 asked for during review (the clock had been running since acceptance).
    assert_eq!(paused, ["LJ10000105", "LJ10000113"]);
    let review_supplement = summaries.iter().find(|c| c.number == "LJ10000113").unwrap();
    assert_eq!(review_supplement.stage, Stage::SupplementRequired);
    assert!(review_supplement.deadline.accepted_on.is_some());
    assert!(review_supplement.deadline.used_days > 0 && !review_supplement.deadline.overdue);
    // Accepted before the supplement: the acceptance rating stays open.
    assert_eq!(
        review_supplement.ratable,
        [yishi_contract::RatingStage::Acceptance]
    );
    let closed = summaries.iter().find(|c| c.number == "LJ10000109").unwrap();
    assert_eq!(closed.stage, Stage::Closed);
    assert!(
        closed
            .ratable
            .contains(&yishi_contract::RatingStage::Completion)
    );
    // The supplement case lists two items and the clock record shows the open pause.
    let id = t.case_id(&token, "LJ10000103").await;
    let case: Case = serde_json::from_slice(
        &t.get(&format!("/api/v1/cases/{id}"), Some(&token))
            .await
            .body,
    )
    .unwrap();
    assert_eq!(case.summary.stage, Stage::SupplementRequired);
    assert_eq!(case.supplement.as_ref().unwrap().items.len(), 2);
    assert_eq!(case.pauses.len(), 1);
    assert!(case.pauses[0].to.is_none());
    assert_eq!(case.applicant_masked, "张*明");
    assert!(case.withdrawable);
    // Every demo case's timeline starts at received and ends at its stage.
    for c in &summaries {
        let full: Case = serde_json::from_slice(
            &t.get(&format!("/api/v1/cases/{}", c.id), Some(&token))
                .await
                .body,
        )
        .unwrap();
        assert_eq!(
            full.timeline.first().unwrap().stage,
            Stage::Received,
            "{}",
            c.number
        );
        assert_eq!(full.timeline.last().unwrap().stage, c.stage, "{}", c.number);
        assert!(
            full.timeline.windows(2).all(|w| w[0].at <= w[1].at),
            "{}",
            c.number
        );
    }
    // The event case carries its matters.
    let ev = summaries.iter().find(|c| c.number == "LJ10000104").unwrap();
    let full: Case = serde_json::from_slice(
        &t.get(&format!("/api/v1/cases/{}", ev.id), Some(&token))
            .await
            .body,
    )
    .unwrap();
    assert!(full.summary.event_id.is_some());
    assert!(!full.members.is_empty());
}

#[tokio::test]
async fn case_filters_and_pages() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let all = t.all_cases(&token).await;
    assert_eq!(all.len(), 13);
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 13, "no case twice across pages");

    let page: Page<CaseSummary> = serde_json::from_slice(
        &t.get("/api/v1/cases?state=needs_action", Some(&token))
            .await
            .body,
    )
    .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(
        page.items
            .iter()
            .all(|c| c.stage == Stage::SupplementRequired)
    );
    let done: Page<CaseSummary> =
        serde_json::from_slice(&t.get("/api/v1/cases?state=done", Some(&token)).await.body)
            .unwrap();
    assert!(done.items.iter().all(|c| matches!(
        c.stage,
        Stage::Closed | Stage::Refused | Stage::NotAccepted | Stage::Withdrawn
    )));
    assert_eq!(done.items.len(), 5);
    t.get("/api/v1/cases?state=bogus", Some(&token))
        .await
        .problem(400, "bad_request");
    // Empty is not absent: the contract's enum has no "" (found by schemathesis).
    t.get("/api/v1/cases?state=", Some(&token))
        .await
        .problem(400, "bad_request");
    t.get("/api/v1/cases?limit=0", Some(&token))
        .await
        .problem(400, "bad_request");
    t.get("/api/v1/cases?cursor=%%%", Some(&token))
        .await
        .problem(400, "bad_request");
}

#[tokio::test]
async fn citizens_cannot_see_or_touch_each_others_cases() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let li_cases = t.all_cases(&li).await;
    assert_eq!(li_cases.len(), 2);
    assert!(
        li_cases
            .iter()
            .all(|c| c["number"].as_str().unwrap().starts_with("LJ2"))
    );

    let zhang_case = t.case_id(&zhang, "LJ10000102").await;
    let closed = t.case_id(&zhang, "LJ10000109").await;
    let not_found = t
        .get(&format!("/api/v1/cases/{zhang_case}"), Some(&li))
        .await
        .problem(404, "not_found");
    let missing = t
        .get("/api/v1/cases/case-does-not-exist", Some(&li))
        .await
        .problem(404, "not_found");
    assert_eq!(
        not_found, missing,
        "someone else's case looks exactly like no case"
    );
    t.call(
        Method::POST,
        &format!("/api/v1/cases/{zhang_case}/withdraw"),
        Some(&li),
        None,
    )
    .await
    .problem(404, "not_found");
    let rate = Request::post("/api/v1/ratings")
        .header("authorization", format!("Bearer {li}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "li-1")
        .body(Body::from(
            json!({"case_id": closed, "stage": "completion", "channel": "online", "level": 5})
                .to_string(),
        ))
        .unwrap();
    t.send(rate).await.problem(404, "not_found");
    // Still untouched for its owner.
    let c: Case = serde_json::from_slice(
        &t.get(&format!("/api/v1/cases/{zhang_case}"), Some(&zhang))
            .await
            .body,
    )
    .unwrap();
    assert_eq!(c.summary.stage, Stage::Accepted);
}

#[tokio::test]
async fn withdraw_before_a_decision_only() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000102").await;
    let r = t
        .call(
            Method::POST,
            &format!("/api/v1/cases/{id}/withdraw"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let c: Case = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(c.summary.stage, Stage::Withdrawn);
    assert!(!c.withdrawable);
    assert_eq!(c.timeline.last().unwrap().stage, Stage::Withdrawn);
    let approved = t.case_id(&token, "LJ10000106").await;
    t.call(
        Method::POST,
        &format!("/api/v1/cases/{approved}/withdraw"),
        Some(&token),
        None,
    )
    .await
    .problem(409, "illegal_transition");
}

#[tokio::test]
async fn lookup_without_sign_in_needs_the_query_code() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let code = t.query_code(&token, "LJ10000105").await;
    assert_eq!(code.len(), 9, "two groups of four: {code}");
    assert_eq!(&code[4..5], "-");
    // As printed, or as people type it: lower case, no hyphen, spaces.
    for typed in [
        code.clone(),
        code.to_lowercase().replace('-', ""),
        format!(" {} ", code.replace('-', " ")),
    ] {
        let r = t
            .post(
                "/api/v1/cases/lookup",
                None,
                json!({"number": "lj10000105", "query_code": typed}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{typed}: {}", r.text());
        let text = r.text();
        let public: PublicCase = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(public.number, "LJ10000105");
        assert_eq!(public.stage, Stage::SpecialProcedure);
        assert!(!text.contains("张"), "no personal data in a lookup: {text}");
        assert!(!text.contains("applicant"));
        assert!(!text.contains(&code), "the code is not repeated back");
    }

    // The applicant's name was enough before; it proves nothing now (a business's is public).
    t.post(
        "/api/v1/cases/lookup",
        None,
        json!({"number": "LJ10000105", "applicant_name": "张晓明"}),
    )
    .await
    .problem(422, "validation");
    // Another case's code, a wrong code and a wrong number: the same 404.
    let other = t.query_code(&token, "LJ10000106").await;
    let wrong_code = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": "LJ10000105", "query_code": other}),
        )
        .await;
    let wrong_number = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": "LJ99999999", "query_code": code}),
        )
        .await;
    assert_eq!(
        wrong_code.problem(404, "not_found"),
        wrong_number.problem(404, "not_found")
    );
    assert_eq!(wrong_code.body, wrong_number.body);
    // A code cut short is not the code.
    t.post(
        "/api/v1/cases/lookup",
        None,
        json!({"number": "LJ10000105", "query_code": &code[..8]}),
    )
    .await
    .problem(404, "not_found");
}

#[tokio::test]
async fn every_case_gets_its_own_query_code_and_numbers_do_not_follow_each_other() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let mut codes = std::collections::BTreeSet::new();
    for c in t.all_cases(&token).await {
        let number = c["number"].as_str().unwrap();
        let code = t.query_code(&token, number).await;
        let bare = code.replace('-', "");
        assert_eq!(bare.len(), 8);
        assert!(
            bare.bytes()
                .all(|b| yishi_core::lookup::QUERY_CODE_ALPHABET.contains(&b)),
            "{code}"
        );
        assert!(codes.insert(bare), "two cases share {code}");
    }
    // The summaries in the list do not carry the code; only the case page does.
    let list = t.get("/api/v1/cases", Some(&token)).await.text();
    assert!(!list.contains("query_code"));
    // New case numbers are random: many made at once are neither consecutive nor ordered.
    let made = t
        .post("/_test/cases", Some(&token), json!({"count": 20}))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let mut numbers: Vec<u64> = t
        .all_cases(&token)
        .await
        .iter()
        .filter_map(|c| c["number"].as_str())
        .filter(|n| n.len() == 12)
        .map(|n| n[2..].parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 20);
    numbers.sort();
    let gaps: Vec<u64> = numbers.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.iter().filter(|&&g| g == 1).count() < 2,
        "numbers look sequential: {numbers:?}"
    );
}

#[tokio::test]
async fn a_lookup_shows_stage_texts_but_never_the_offices_notes() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000101").await;
    let code = t.query_code(&token, "LJ10000101").await;
    // An office writes a note with the applicant's ID number in it (it happens).
    let r = t
        .operator(
            &format!("/api/v1/operator/cases/{id}/advance"),
            json!({"to": "accepted", "note": {"zh-CN": "经核验申请人身份证220681198805120033，予以受理"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // The applicant sees the note on the case page…
    let own = t.get(&format!("/api/v1/cases/{id}"), Some(&token)).await;
    assert!(own.text().contains("220681198805120033"));
    // …a lookup gets the stages and offices only.
    let r = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": "LJ10000101", "query_code": code}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let public: PublicCase = serde_json::from_slice(&r.body).unwrap();
    assert!(!r.text().contains("220681198805120033"), "{}", r.text());
    assert_eq!(
        public.timeline.iter().map(|e| e.stage).collect::<Vec<_>>(),
        [Stage::Received, Stage::Accepted]
    );
    assert!(public.timeline.iter().all(|e| e.note.is_none()));
    assert!(public.timeline.iter().all(|e| !e.office.zh.is_empty()));
}

#[tokio::test]
async fn lookup_is_rate_limited_per_client() {
    let t = TestApp::with_config(|c| c.lookup_per_minute = 10);
    let token = t.sign_in(ZHANG).await;
    let code = t.query_code(&token, "LJ10000105").await;
    for i in 0..10 {
        let r = t
            .post(
                "/api/v1/cases/lookup",
                None,
                json!({"number": "LJ10000105", "query_code": format!("AAAA-AAA{i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    let r = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": "LJ10000105", "query_code": code}),
        )
        .await;
    r.problem(429, "rate_limited");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    t.state.clock.advance(61);
    let r = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": "LJ10000105", "query_code": code}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

// ------------------------------------------------------------------ operator

#[tokio::test]
async fn operator_moves_cases_through_legal_stages_only() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000101").await;
    let url = format!("/api/v1/operator/cases/{id}/advance");

    // Without or with a wrong key: 403.
    t.post(&url, None, json!({"to": "accepted"}))
        .await
        .problem(403, "forbidden");
    let wrong = Request::post(&url)
        .header("content-type", "application/json")
        .header("x-operator-key", "guess")
        .body(Body::from(json!({"to": "accepted"}).to_string()))
        .unwrap();
    t.send(wrong).await.problem(403, "forbidden");

    // An illegal shortcut: 409 illegal_transition.
    t.operator(&url, json!({"to": "approved"}))
        .await
        .problem(409, "illegal_transition");
    t.operator(&url, json!({"to": "supplement_required"}))
        .await
        .problem(422, "validation");
    t.operator(&url, json!({"to": "teleported"}))
        .await
        .problem(422, "validation");

    t.operator(&url, json!({"to": "withdrawn"}))
        .await
        .problem(409, "illegal_transition");
    for to in [
        "accepted",
        "under_review",
        "special_procedure",
        "under_review",
        "approved",
        "delivered",
        "closed",
    ] {
        let mut body = json!({"to": to, "note": {"zh-CN": "测试", "en": "test"}});
        if to == "delivered" {
            let p = t
                .operator(&url, body.clone())
                .await
                .problem(422, "validation");
            assert_eq!(p["errors"][0]["pointer"], "/delivery");
            body["delivery"] =
                json!({"method": "post", "detail": {"zh-CN": "EMS 邮寄", "en": "By EMS"}});
        }
        let r = t.operator(&url, body).await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {}", r.text());
        assert_eq!(r.json()["stage"], to);
    }
    let c: Case = serde_json::from_slice(
        &t.get(&format!("/api/v1/cases/{id}"), Some(&token))
            .await
            .body,
    )
    .unwrap();
    let stages: Vec<Stage> = c.timeline.iter().map(|e| e.stage).collect();
    assert_eq!(stages.len(), 8);
    assert_eq!(c.pauses.len(), 1, "special procedure recorded as a pause");
    assert!(c.pauses[0].to.is_some(), "and closed again");
    assert!(c.delivery.is_some());
    assert_eq!(c.summary.ratable.len(), 2);
    // Nothing follows closed.
    t.operator(&url, json!({"to": "received"}))
        .await
        .problem(409, "illegal_transition");
    t.operator(
        "/api/v1/operator/cases/nope/advance",
        json!({"to": "accepted"}),
    )
    .await
    .problem(404, "not_found");
}

/// Issue 5: the backend's deadlines are authoritative, and a client's own arithmetic
/// (`yishi_core::workdays::recount`, from the contract's data and the published calendar)
/// agrees with them on every demo case, today and after the days have moved on.
#[tokio::test]
async fn a_clients_arithmetic_agrees_with_the_served_deadlines() {
    let t = TestApp::new();
    let calendar: yishi_contract::HolidayCalendar =
        serde_json::from_slice(&t.get("/api/v1/calendar", None).await.body).unwrap();
    let cal = yishi_core::workdays::Calendar::from_contract(&calendar);
    let token = t.sign_in(ZHANG).await;
    let mut served = Vec::new();
    for summary in t.all_cases(&token).await {
        let id = summary["id"].as_str().unwrap().to_owned();
        let case: Case = serde_json::from_slice(
            &t.get(&format!("/api/v1/cases/{id}"), Some(&token))
                .await
                .body,
        )
        .unwrap();
        served.push((id, case));
    }
    assert!(served.len() >= 13);
    let today = t.state.clock.today();
    for (_, case) in &served {
        let d = &case.summary.deadline;
        let again = yishi_core::workdays::recount(&cal, d, &case.pauses, today, today);
        assert_eq!(&again, d, "{} counted again today", case.summary.number);
    }
    // Across a holiday season: what the client predicts for each later day is what the backend
    // then answers.
    for step in [1, 3, 10, 40] {
        t.state.clock.advance(step * 86_400);
        let later_day = t.state.clock.today();
        let token = t.sign_in(ZHANG).await;
        for (id, case) in &served {
            let now: Case = serde_json::from_slice(
                &t.get(&format!("/api/v1/cases/{id}"), Some(&token))
                    .await
                    .body,
            )
            .unwrap();
            let predicted = yishi_core::workdays::recount(
                &cal,
                &case.summary.deadline,
                &case.pauses,
                today,
                later_day,
            );
            assert_eq!(
                predicted, now.summary.deadline,
                "{} on {later_day}",
                case.summary.number
            );
        }
    }
}

#[tokio::test]
async fn the_clock_stops_while_paused() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000102").await; // accepted one working day ago
    let url = format!("/api/v1/operator/cases/{id}/advance");
    async fn get_case(t: &TestApp, id: &str, token: &str) -> Case {
        serde_json::from_slice::<Case>(
            &t.get(&format!("/api/v1/cases/{id}"), Some(token))
                .await
                .body,
        )
        .unwrap()
    }
    t.operator(&url, json!({"to": "under_review"})).await;
    let before = get_case(&t, &id, &token).await.summary.deadline;
    assert!(!before.paused);
    t.operator(&url, json!({"to": "special_procedure"})).await;
    let paused = get_case(&t, &id, &token).await.summary.deadline;
    assert!(paused.paused);

    // Three weeks later (signed in again): no working day used, the due date moved on.
    t.state.clock.advance(21 * 86_400);
    let token = t.sign_in(ZHANG).await;
    let later = get_case(&t, &id, &token).await.summary.deadline;
    assert!(later.paused);
    assert_eq!(later.used_days, paused.used_days);
    assert!(later.promised_due_on > paused.promised_due_on);
    assert!(!later.overdue);

    // Back to review: counting resumes.
    t.operator(&url, json!({"to": "under_review"})).await;
    t.state.clock.advance(7 * 86_400);
    let token = t.sign_in(ZHANG).await;
    let resumed = get_case(&t, &id, &token).await;
    assert!(!resumed.summary.deadline.paused);
    assert!(resumed.summary.deadline.used_days > paused.used_days);
    assert_eq!(resumed.pauses.len(), 1);
    assert!(resumed.pauses[0].to.is_some());

    // A supplement request before acceptance is recorded as a pause too, and ends on acceptance.
    let sid = t.case_id(&token, "LJ10000103").await;
    let r = t
        .operator(
            &format!("/api/v1/operator/cases/{sid}/advance"),
            json!({"to": "accepted"}),
        )
        .await;
    let c: Case = serde_json::from_slice(&r.body).unwrap();
    assert!(c.pauses.iter().all(|p| p.to.is_some()));
    assert!(c.supplement.unwrap().items.iter().all(|i| i.received));
    assert!(c.summary.deadline.accepted_on.is_some());
}

// ------------------------------------------------------------------ ratings

fn rating_request(token: &str, key: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::post("/api/v1/ratings")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json");
    if let Some(k) = key {
        b = b.header("idempotency-key", k);
    }
    b.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn ratings_are_idempotent_and_once_per_stage() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let case = t.case_id(&token, "LJ10000109").await;
    let body = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 5,
        "dimensions": [{"dimension": "efficiency", "level": 5}]})
    .to_string();

    t.send(rating_request(&token, None, &body))
        .await
        .problem(400, "bad_request");

    let first = t.send(rating_request(&token, Some("k-1"), &body)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert!(first.header("idempotent-replayed").is_none());
    let rating: Rating = serde_json::from_slice(&first.body).unwrap();
    assert_eq!(rating.case_id, case);
    assert!(rating.follow_up.is_none(), "a good rating has no follow-up");

    // The same body written differently replays the stored answer.
    let same: Value = serde_json::from_str(&body).unwrap();
    let reordered = format!(
        "{{ \"level\": 5, \"dimensions\": [{{\"level\": 5, \"dimension\": \"efficiency\"}}], \"channel\": \"online\", \"stage\": \"completion\", \"case_id\": {} }}",
        same["case_id"]
    );
    let replay = t
        .send(rating_request(&token, Some("k-1"), &reordered))
        .await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body, first.body);

    // Same key, other body: 422.
    let other = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 4})
        .to_string();
    t.send(rating_request(&token, Some("k-1"), &other))
        .await
        .problem(422, "idempotency_mismatch");
    // Another key for the same case and stage: 409 conflict.
    t.send(rating_request(&token, Some("k-2"), &body))
        .await
        .problem(409, "conflict");
    // The acceptance stage is still open.
    let acc = json!({"case_id": case, "stage": "acceptance", "channel": "window", "level": 4})
        .to_string();
    assert_eq!(
        t.send(rating_request(&token, Some("k-3"), &acc))
            .await
            .status,
        StatusCode::CREATED
    );
    let list: Page<Rating> =
        serde_json::from_slice(&t.get("/api/v1/ratings", Some(&token)).await.body).unwrap();
    assert_eq!(list.items.len(), 3, "two new and the demo's bad rating");
    let got = t
        .get(&format!("/api/v1/ratings/{}", rating.id), Some(&token))
        .await;
    assert_eq!(got.status, StatusCode::OK);
    // Not visible to someone else.
    let li = t.sign_in(LI).await;
    t.get(&format!("/api/v1/ratings/{}", rating.id), Some(&li))
        .await
        .problem(404, "not_found");
    // Keys are scoped to the subject: 李芳's "k-1" is a new key.
    let li_case = t.case_id(&li, "LJ20000102").await;
    let li_body =
        json!({"case_id": li_case, "stage": "completion", "channel": "online", "level": 3})
            .to_string();
    assert_eq!(
        t.send(rating_request(&li, Some("k-1"), &li_body))
            .await
            .status,
        StatusCode::CREATED
    );
    // Not ratable yet (received): conflict.
    let received = t.case_id(&token, "LJ10000101").await;
    let early =
        json!({"case_id": received, "stage": "acceptance", "channel": "online", "level": 5})
            .to_string();
    t.send(rating_request(&token, Some("k-4"), &early))
        .await
        .problem(409, "conflict");

    let matter: String = t.state.db.blocking(|c| {
        c.query_row("SELECT matter_id FROM cases WHERE id = ?1", [&case], |r| {
            r.get(0)
        })
        .unwrap()
    });
    let summary: RatingSummary = serde_json::from_slice(
        &t.get(&format!("/api/v1/matters/{matter}/rating-summary"), None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(summary.total, 2);
    assert_eq!(summary.counts[4], 1);
    assert_eq!(summary.counts[3], 1);
    assert_eq!(summary.satisfaction_permille, Some(1000));
}

#[tokio::test]
async fn a_request_in_flight_blocks_its_key() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let case = t.case_id(&token, "LJ10000109").await;
    let body = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 5});
    let owner: String = t.state.db.blocking(|c| {
        c.query_row("SELECT owner FROM cases WHERE id = ?1", [&case], |r| {
            r.get(0)
        })
        .unwrap()
    });
    let now = t.state.clock.now();
    // Another request with this key has begun and not finished.
    let hash = yishi_server::idempotency::body_hash(&body);
    t.state.db.blocking(|c| {
        yishi_server::idempotency::begin(c, &owner, "POST /ratings", "busy", &hash, now).unwrap()
    });
    t.send(rating_request(&token, Some("busy"), &body.to_string()))
        .await
        .problem(409, "in_flight");
    // A minute later it is taken to have died; the retry goes through.
    t.state.clock.advance(61);
    assert_eq!(
        t.send(rating_request(&token, Some("busy"), &body.to_string()))
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn bad_ratings_need_a_reason_and_get_a_follow_up() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let case = t.case_id(&token, "LJ10000108").await;
    let bare = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 1})
        .to_string();
    let p = t
        .send(rating_request(&token, Some("b-1"), &bare))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/reasons");
    assert_eq!(p["errors"][0]["code"], "reason_required");
    // A replay of the failed request returns the same problem.
    let again = t.send(rating_request(&token, Some("b-1"), &bare)).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.problem(422, "validation"), p);
    let unknown_reason = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 2, "reasons": ["nope"]}).to_string();
    let p = t
        .send(rating_request(&token, Some("b-2"), &unknown_reason))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/reasons/0");

    let bad = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 2, "reasons": ["slow"], "comment": "等了很久"}).to_string();
    let r = t.send(rating_request(&token, Some("b-3"), &bad)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let rating: Rating = serde_json::from_slice(&r.body).unwrap();
    let fu = rating
        .follow_up
        .clone()
        .expect("bad ratings are followed up");
    assert_eq!(fu.status, yishi_contract::FollowUpStatus::Verifying);
    // Rated on Friday 2026-11-27; 5 working days: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 December.
    assert_eq!(fu.due_on.to_string(), "2026-12-04");

    let cb = format!("/api/v1/ratings/{}/callback", rating.id);
    t.post(&cb, Some(&token), json!({"resolved": true}))
        .await
        .problem(409, "conflict");
    let fu_url = format!("/api/v1/operator/ratings/{}/follow-up", rating.id);
    t.post(
        &fu_url,
        None,
        json!({"status": "rectified", "text": {"zh-CN": "已整改"}}),
    )
    .await
    .problem(403, "forbidden");
    t.operator(&fu_url, json!({"status": "closed", "text": {"zh-CN": "x"}}))
        .await
        .problem(422, "validation");
    t.operator(
        &fu_url,
        json!({"status": "rectifying", "text": {"zh-CN": " "}}),
    )
    .await
    .problem(422, "validation");
    for status in ["rectifying", "rectified"] {
        let r = t.operator(&fu_url, json!({"status": status, "text": {"zh-CN": "已核实并整改", "en": "Checked and fixed"}})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let li = t.sign_in(LI).await;
    t.post(&cb, Some(&li), json!({"resolved": true}))
        .await
        .problem(404, "not_found");
    let r = t
        .post(
            &cb,
            Some(&token),
            json!({"resolved": true, "comment": "已解决，谢谢"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let done: Rating = serde_json::from_slice(&r.body).unwrap();
    let fu = done.follow_up.unwrap();
    assert_eq!(fu.status, yishi_contract::FollowUpStatus::Closed);
    assert!(fu.callback.unwrap().resolved);
    assert_eq!(fu.steps.len(), 4);
    t.post(&cb, Some(&token), json!({"resolved": true}))
        .await
        .problem(409, "conflict");

    // The demo's bad rating awaits 张晓明's call-back.
    let mine: Page<Rating> =
        serde_json::from_slice(&t.get("/api/v1/ratings", Some(&token)).await.body).unwrap();
    let demo = mine
        .items
        .iter()
        .find(|r| r.case_number == "LJ10000112")
        .unwrap();
    assert_eq!(
        demo.follow_up.as_ref().unwrap().status,
        yishi_contract::FollowUpStatus::Rectified
    );
    let r = t
        .post(
            &format!("/api/v1/ratings/{}/callback", demo.id),
            Some(&token),
            json!({"resolved": false}),
        )
        .await;
    assert_eq!(r.json()["follow_up"]["status"], "closed");
    assert_eq!(r.json()["follow_up"]["callback"]["resolved"], false);
    // Nothing follows a closed follow-up.
    let demo_fu = format!("/api/v1/operator/ratings/{}/follow-up", demo.id);
    t.operator(
        &demo_fu,
        json!({"status": "rectifying", "text": {"zh-CN": "再次整改"}}),
    )
    .await
    .problem(409, "conflict");
    // A good rating has no follow-up.
    let good = list_good(&t, &token).await;
    t.operator(
        &format!("/api/v1/operator/ratings/{good}/follow-up"),
        json!({"status": "verifying", "text": {"zh-CN": "核实"}}),
    )
    .await
    .problem(409, "conflict");
}

/// Rates 张晓明's closed case well and returns the rating id.
async fn list_good(t: &TestApp, token: &str) -> String {
    let case = t.case_id(token, "LJ10000109").await;
    let body = json!({"case_id": case, "stage": "completion", "channel": "online", "level": 5})
        .to_string();
    let r = t.send(rating_request(token, Some("good-1"), &body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().unwrap().to_string()
}

// ------------------------------------------------------------------ errors and the web

#[tokio::test]
async fn malformed_requests_get_problems() {
    let t = TestApp::new();
    let raw = |body: &'static str, ct: &'static str| {
        Request::post("/api/v1/session/code")
            .header("content-type", ct)
            .body(Body::from(body))
            .unwrap()
    };
    t.send(raw("{\"phone\": ", "application/json"))
        .await
        .problem(400, "bad_request");
    let p = t
        .send(raw("{\"phone\": 138}", "application/json"))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/phone");
    let p = t
        .send(raw("{}", "application/json"))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/phone");
    assert_eq!(p["errors"][0]["code"], "required");
    t.send(raw("phone=1", "application/x-www-form-urlencoded"))
        .await
        .problem(415, "unsupported_media_type");
    t.get("/api/v1/nothing-here", None)
        .await
        .problem(404, "not_found");
    t.get("/api/v2/catalogue", None)
        .await
        .problem(404, "not_found");
    t.call(Method::DELETE, "/api/v1/catalogue", None, None)
        .await
        .problem(405, "bad_request");
    let r = t
        .post(
            "/api/v1/feedback",
            None,
            json!({"kind": "search_miss", "query": "养狗登记", "text": "搜不到"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert!(r.json()["id"].as_str().is_some());
    let p = t
        .post(
            "/api/v1/feedback",
            None,
            json!({"kind": "guide_error", "text": " "}),
        )
        .await
        .problem(422, "validation");
    let pointers: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/text", "/matter_id"]);
}

/// The limits of feedback and of a lookup are core's (`yishi_core::feedback`,
/// `yishi_core::lookup`), the ones the app's inputs use: at the limit is accepted, one
/// character more is `too_long`, counted in characters (一个汉字 is one).
#[tokio::test]
async fn feedback_and_lookup_limits_are_cores() {
    use yishi_core::{feedback, lookup};
    let t = TestApp::new();
    let send = |text: String| json!({"kind": "other", "text": text, "contact": "1".repeat(feedback::CONTACT_MAX_CHARS)});
    let r = t
        .post(
            "/api/v1/feedback",
            None,
            send("字".repeat(feedback::TEXT_MAX_CHARS)),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
    let p = t
        .post(
            "/api/v1/feedback",
            None,
            send("字".repeat(feedback::TEXT_MAX_CHARS + 1)),
        )
        .await
        .problem(422, "validation");
    assert_eq!(
        p["errors"],
        json!([{"pointer": "/text", "code": "too_long"}])
    );

    // A code at the limit is looked up (and not found); one character more is refused.
    let code = |n: usize| "A".repeat(n);
    t.post(
        "/api/v1/cases/lookup",
        None,
        json!({"number": "LJ10000105", "query_code": code(lookup::QUERY_CODE_MAX_CHARS)}),
    )
    .await
    .problem(404, "not_found");
    let p = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({
                "number": "L".repeat(lookup::NUMBER_MAX_CHARS + 1),
                "query_code": code(lookup::QUERY_CODE_MAX_CHARS + 1),
            }),
        )
        .await
        .problem(422, "validation");
    assert_eq!(
        p["errors"],
        json!([
            {"pointer": "/number", "code": "too_long"},
            {"pointer": "/query_code", "code": "too_long"}
        ])
    );
}

/// A body with many members and a `null` once cost time quadratic in the member count (16,000
/// members: about 1 s on the async runtime). Bodies are now bounded before any typed work:
/// too many values, too deep or too many bytes is 413 `too_large`, whatever the operation.
#[tokio::test]
async fn huge_or_deep_bodies_are_refused_before_any_work() {
    let t = TestApp::new();
    let raw = |uri: &'static str, body: String| {
        Request::post(uri)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let many: String = (0..16_000)
        .map(|i| format!("\"m{i}\": null"))
        .collect::<Vec<_>>()
        .join(",");
    for uri in [
        "/api/v1/session/code",
        "/api/v1/feedback",
        "/api/v1/cases/lookup",
    ] {
        let p = t
            .send(raw(uri, format!("{{\"phone\": \"13800000001\", {many}}}")))
            .await
            .problem(413, "too_large");
        assert!(p["detail"].as_str().unwrap().contains("values"), "{p}");
    }
    let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    t.send(raw(
        "/api/v1/session/code",
        format!("{{\"phone\": \"13800000001\", \"x\": {deep}}}"),
    ))
    .await
    .problem(413, "too_large");
    let big = format!(
        "{{\"phone\": \"13800000001\", \"x\": \"{}\"}}",
        "a".repeat(300 * 1024)
    );
    t.send(raw("/api/v1/session/code", big))
        .await
        .problem(413, "too_large");
    // The idempotent writes bound their bodies the same way, before the key is looked at.
    let token = t.sign_in("13800000001").await;
    for uri in ["/api/v1/ratings", "/api/v1/applications"] {
        let req = Request::post(uri)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", "k-huge")
            .body(Body::from(format!("{{{many}}}")))
            .unwrap();
        t.send(req).await.problem(413, "too_large");
    }
    // A body within the bounds is judged as before.
    t.send(raw(
        "/api/v1/session/code",
        "{\"phone\": \"13800000009\", \"unknown\": null}".into(),
    ))
    .await;
}

async fn boom() -> &'static str {
    panic!("boom")
}

#[tokio::test]
async fn a_panicking_handler_answers_500_problem() {
    let t = TestApp::new();
    let app = yishi_server::app::with_layers(
        axum::Router::new().route("/boom", axum::routing::get(boom)),
        &t.state,
    );
    use tower::ServiceExt as _;
    let res = app
        .clone()
        .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert!(res.headers().contains_key("content-security-policy"));
    // The service is still there.
    let again = app
        .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn serves_the_app_with_csp_and_caching() {
    let t = TestApp::new();
    let hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE_SCRIPT.as_bytes()));
    let home = t.get("/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains(INLINE_SCRIPT));
    let csp = home.header("content-security-policy").unwrap().to_string();
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
        )),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(home.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(home.header("cache-control"), Some("no-cache"));
    assert!(home.header("strict-transport-security").is_none());

    // History-API fallback for app routes.
    let deep = t.get("/cases/case-lj10000101", None).await;
    assert_eq!(deep.status, StatusCode::OK);
    assert_eq!(deep.body, home.body);
    assert_eq!(deep.header("cache-control"), Some("no-cache"));

    let wasm = t.get("/yishi-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // The build's brotli copy is sent as it is to a client that accepts brotli, as WASM.
    let req = Request::get("/yishi-0123456789abcdef_bg.wasm")
        .header("accept-encoding", "gzip, br")
        .body(Body::empty())
        .unwrap();
    let br = t.send(req).await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    assert_eq!(br.body, b"brotli bytes");
    assert_eq!(
        br.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // A client without brotli gets the file itself (this dist has no .gz copy).
    let req = Request::get("/yishi-0123456789abcdef_bg.wasm")
        .header("accept-encoding", "identity")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(req).await.body, b"\0asm\x01\0\0\0");
    assert_eq!(
        t.get("/config.json", None).await.header("cache-control"),
        Some("no-cache")
    );
    assert_eq!(
        t.get("/missing-asset.js", None).await.status,
        StatusCode::NOT_FOUND
    );

    // A 304 carries the page's policy: its headers replace those of the page the browser kept.
    let modified = home
        .header("last-modified")
        .expect("the page has a date")
        .to_string();
    let again = t
        .send(
            Request::get("/")
                .header("if-modified-since", modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.header("content-security-policy"), Some(csp.as_str()));
    // Scripts carry the app's policy too (the service worker runs under its script's).
    let script = t.get("/yishi-0123456789abcdef.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.header("content-security-policy"), Some(csp.as_str()));
    // Every other answer (API, WASM, JSON files) the short one under which nothing runs.
    let api = t.get("/api/v1/health", None).await;
    assert_eq!(
        api.header("content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert_eq!(api.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        wasm.header("content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn without_a_built_app_a_page_says_to_build_it() {
    let t = TestApp::with_config(|c| {
        c.dist = Some("/nonexistent/dist".into());
        c.hsts = true;
        c.cors_origin = Some("https://app.example.cn".into());
    });
    let r = t.get("/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("trunk build"));
    assert!(r.header("strict-transport-security").is_some());
    let req = Request::get("/api/v1/health")
        .header("origin", "https://app.example.cn")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        t.send(req).await.header("access-control-allow-origin"),
        Some("https://app.example.cn")
    );
    // Any other origin is never named (the browser then refuses the answer).
    let req = Request::get("/api/v1/health")
        .header("origin", "https://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_ne!(
        t.send(req).await.header("access-control-allow-origin"),
        Some("https://evil.example")
    );
}

#[tokio::test]
async fn test_endpoints_exist_only_in_test_mode() {
    let t = TestApp::with_config(|c| c.test_mode = false);
    t.get("/_test/otp?phone=13800000001", None)
        .await
        .problem(404, "not_found");
    let t = TestApp::new();
    let r = t
        .call(
            Method::PUT,
            "/_test/clock",
            None,
            Some(json!({"now": "2027-03-01T09:00:00+08:00"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let now = t.state.clock.now();
    assert!((now.0 - Timestamp::parse("2027-03-01T09:00:00+08:00").unwrap().0).abs() <= 2);
    t.call(Method::DELETE, "/_test/clock", None, None).await;
    let system = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (t.state.clock.now().0 - system).abs() <= 2,
        "back on the system clock"
    );
}

#[tokio::test]
async fn test_mode_makes_ratable_cases_for_the_load_test() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let before = t.all_cases(&token).await.len();
    let r = t
        .post("/_test/cases", Some(&token), json!({"count": 3}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let ids: Vec<String> = serde_json::from_value(r.json()["ids"].clone()).unwrap();
    assert_eq!(ids.len(), 3);
    assert_eq!(t.all_cases(&token).await.len(), before + 3);
    for id in &ids {
        let case = t
            .get(&format!("/api/v1/cases/{id}"), Some(&token))
            .await
            .json();
        assert_eq!(case["stage"], "accepted");
        assert_eq!(case["ratable"], json!(["acceptance"]));
    }
    t.post("/_test/cases", Some(&token), json!({"count": 0}))
        .await
        .problem(422, "validation");
    t.post("/_test/cases", None, json!({"count": 1}))
        .await
        .problem(401, "unauthenticated");
    let t = TestApp::with_config(|c| c.test_mode = false);
    t.post("/_test/cases", None, json!({"count": 1}))
        .await
        .problem(404, "not_found");
}

#[tokio::test]
async fn restarting_keeps_data_and_does_not_reseed() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000102").await;
    t.call(
        Method::POST,
        &format!("/api/v1/cases/{id}/withdraw"),
        Some(&token),
        None,
    )
    .await;
    let path = t.dir.path().join("yishi.db");
    let again =
        yishi_server::state::open_state(&path, t.state.config.clone(), t.state.clock.clone())
            .unwrap();
    let n: i64 = again.db.blocking(|c| {
        c.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap()
    });
    let stage: String = again.db.blocking(|c| {
        c.query_row("SELECT stage FROM cases WHERE id = ?1", [&id], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(stage, "withdrawn");
    let before: i64 = t.state.db.blocking(|c| {
        c.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(n, before);
    assert_eq!(again.catalogue.version, t.state.catalogue.version);
}

/// The contract's order of checks ("The order of checks"): authentication, then headers, then
/// the body's media type, then its syntax, then its content; a rating reads its body first,
/// because a `lookup` there replaces the session.
#[tokio::test]
async fn failures_are_answered_in_the_contract_s_order() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let apply = |token: Option<&str>, key: Option<&str>, ct: &str, body: &str| {
        let mut r = Request::post("/api/v1/applications").header("content-type", ct);
        if let Some(token) = token {
            r = r.header("authorization", format!("Bearer {token}"));
        }
        if let Some(key) = key {
            r = r.header("idempotency-key", key);
        }
        r.body(Body::from(body.to_string())).unwrap()
    };
    // No session beats everything else wrong with the request.
    t.send(apply(None, None, "text/plain", "not json"))
        .await
        .problem(401, "unauthenticated");
    // A missing key (a header) before the media type, the media type before the syntax.
    t.send(apply(Some(&token), None, "text/plain", "not json"))
        .await
        .problem(400, "bad_request");
    t.send(apply(Some(&token), Some("k1"), "text/plain", "not json"))
        .await
        .problem(415, "unsupported_media_type");
    t.send(apply(
        Some(&token),
        Some("k1"),
        "application/json",
        "not json",
    ))
    .await
    .problem(400, "bad_request");
    t.send(apply(Some(&token), Some("k1"), "application/json", "{}"))
        .await
        .problem(422, "validation");
    // A rating: the body is read first; neither a session nor a lookup is 401.
    let rate = |ct: &str, body: &str| {
        Request::post("/api/v1/ratings")
            .header("content-type", ct)
            .header("idempotency-key", "r1")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    t.send(rate("text/plain", "{}"))
        .await
        .problem(415, "unsupported_media_type");
    t.send(rate("application/json", "{"))
        .await
        .problem(400, "bad_request");
    t.send(rate("application/json", "{\"stage\": \"completion\"}"))
        .await
        .problem(401, "unauthenticated");
}

/// The contract's CORS section: a preflight allows the headers the app sends, and answers
/// expose the headers it reads (without `ETag` the app would download the catalogue on every
/// start; without `Retry-After` it could not wait as told).
#[tokio::test]
async fn cross_origin_requests_get_the_contract_s_cors_headers() {
    let origin = "https://app.example.cn";
    let t = TestApp::with_config(|c| c.cors_origin = Some(origin.into()));
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/ratings")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type,idempotency-key",
        )
        .body(Body::empty())
        .unwrap();
    let r = t.send(preflight).await;
    assert!(r.status.is_success(), "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-none-match",
        "x-file-name",
    ] {
        assert!(allowed.contains(h), "{h} not allowed: {allowed}");
    }
    let methods = r.header("access-control-allow-methods").unwrap_or_default();
    for m in ["GET", "POST", "DELETE"] {
        assert!(methods.contains(m), "{m}: {methods}");
    }
    let get = Request::get("/api/v1/catalogue")
        .header("origin", origin)
        .body(Body::empty())
        .unwrap();
    let r = t.send(get).await;
    let exposed = r
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in ["etag", "retry-after", "idempotent-replayed"] {
        assert!(exposed.contains(h), "{h} not exposed: {exposed}");
    }
}
