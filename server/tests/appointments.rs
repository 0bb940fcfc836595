//! 预约办理 against a real SQLite file: slots follow the office's hours and the holiday
//! calendar, the last place goes to exactly one of 50 concurrent bookings, the refusals say
//! why, messages confirm and remind, and nobody sees or cancels another citizen's appointment.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use yishi_contract::{
    Appointment, AppointmentList, MessageKind, MessagePage, OfficeSlots, Timestamp,
};

use common::TestApp;

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const MATTER: &str = "id-card-renewal";
const OFFICE: &str = "public-security-main";

async fn slots(t: &TestApp, query: &str) -> OfficeSlots {
    let r = t
        .get(
            &format!("/api/v1/offices/{OFFICE}/slots?matter={MATTER}{query}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    serde_json::from_slice(&r.body).unwrap()
}

async fn book(t: &TestApp, token: &str, key: &str, slot: &str) -> common::Resp {
    let req = Request::post("/api/v1/appointments")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(
            json!({"matter_id": MATTER, "office_id": OFFICE, "slot_id": slot}).to_string(),
        ))
        .unwrap();
    t.send(req).await
}

async fn mine(t: &TestApp, token: &str) -> AppointmentList {
    let r = t.get("/api/v1/appointments", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    serde_json::from_slice(&r.body).unwrap()
}

async fn inbox(t: &TestApp, token: &str) -> MessagePage {
    let r = t.get("/api/v1/messages?limit=100", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn slots_follow_the_offices_hours_and_the_holiday_calendar() {
    let t = TestApp::with_config(|c| c.booking_window_days = 14);
    // Monday 28 September 2026, 8:00: the National Day holiday is inside the window.
    t.state
        .clock
        .set(Timestamp::parse("2026-09-28T08:00:00+08:00").unwrap());
    let s = slots(&t, "").await;
    assert_eq!(s.first_day.to_string(), "2026-09-28");
    assert_eq!(s.last_day.to_string(), "2026-10-11");
    assert_eq!(s.days.len(), 14);
    let day = |d: &str| s.days.iter().find(|x| x.date.to_string() == d).unwrap();
    // A working Monday: 9-12 and 13:30-17:30 in hours → 7 slots of 4 places.
    let mon = day("2026-09-28");
    assert!(mon.open);
    assert_eq!(mon.slots.len(), 7);
    assert_eq!(mon.slots[0].id, "20260928-0900");
    assert_eq!(mon.slots[3].id, "20260928-1330");
    assert!(
        mon.slots
            .iter()
            .all(|x| x.capacity == 4 && x.remaining == 4)
    );
    // 国庆: closed, the weekend inside it too.
    for d in [
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-07",
    ] {
        assert!(!day(d).open, "{d}");
        assert!(day(d).slots.is_empty(), "{d}");
    }
    // The make-up working Saturday 10 October: a weekday's hours; Sunday 11th: closed.
    assert_eq!(day("2026-10-10").slots.len(), 7);
    assert!(!day("2026-10-11").open);
    // `from` and `days` narrow it; nothing before the window.
    let two = slots(&t, "&from=2026-09-01&days=2").await;
    assert_eq!(two.days.len(), 2);
    assert_eq!(two.days[0].date.to_string(), "2026-09-28");
    // Booking a holiday or beyond the window is refused with its reason.
    let zhang = t.sign_in(ZHANG).await;
    let r = book(&t, &zhang, "k-holiday", "20261001-0900").await;
    r.problem(409, "office_closed");
    let r = book(&t, &zhang, "k-later", "20261015-0900").await;
    r.problem(409, "window_not_open");
    let r = book(&t, &zhang, "k-lunch", "20260929-1200").await;
    r.problem(409, "office_closed");
    // Not a bookable office for the matter, an unknown matter, bad queries.
    let r = t
        .get("/api/v1/offices/nowhere/slots?matter=id-card-renewal", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for q in [
        "",
        "?matter=",
        "?matter=id-card-renewal&days=0",
        "?matter=id-card-renewal&from=2026-13-01",
    ] {
        let r = t
            .get(&format!("/api/v1/offices/{OFFICE}/slots{q}"), None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.text());
    }
}

#[tokio::test]
async fn fifty_citizens_race_for_the_last_place_and_exactly_one_gets_it() {
    let t = TestApp::with_config(|c| {
        c.slot_capacity = 3;
        c.codes_per_client_per_day = 10_000;
    });
    let slot = "20261202-0900"; // Wednesday, within the window.
    let mut tokens = Vec::new();
    for i in 0..52 {
        tokens.push(t.sign_in(&format!("139{:08}", 10_000 + i)).await);
    }
    // Two of three places go first.
    for (i, token) in tokens[..2].iter().enumerate() {
        let r = book(&t, token, &format!("first-{i}"), slot).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    // Fifty more at once for the last place.
    let mut tasks = tokio::task::JoinSet::new();
    for (i, token) in tokens[2..].iter().cloned().enumerate() {
        let app = t.app.clone();
        tasks.spawn(async move {
            use http_body_util::BodyExt as _;
            use tower::ServiceExt as _;
            let req = Request::post("/api/v1/appointments")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .header("idempotency-key", format!("race-{i}"))
                .body(Body::from(
                    json!({"matter_id": MATTER, "office_id": OFFICE, "slot_id": slot}).to_string(),
                ))
                .unwrap();
            let res = app.oneshot(req).await.unwrap();
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        });
    }
    let answers = tasks.join_all().await;
    assert_eq!(answers.len(), 50);
    let won: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .collect();
    assert_eq!(won.len(), 1, "exactly one confirmation: {answers:?}");
    let refused: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CONFLICT)
        .collect();
    assert_eq!(refused.len(), 49, "{answers:?}");
    for (_, p) in &refused {
        assert_eq!(p["code"], "slot_full", "{p}");
        assert_eq!(p["type"], "/api/v1/problems/slot_full");
        // The fresh slots of the day: this one full, the next ones free.
        let slots = p["slots"].as_array().expect("fresh slots in the refusal");
        let this = slots.iter().find(|s| s["id"] == slot).unwrap();
        assert_eq!(this["remaining"], 0);
        assert!(slots.iter().any(|s| s["remaining"].as_u64() > Some(0)));
    }
    let s = slots(&t, "&from=2026-12-02&days=1").await;
    assert_eq!(s.days[0].slots[0].remaining, 0);
    let booked: usize = {
        let mut n = 0;
        for token in &tokens {
            n += mine(&t, token).await.items.len();
        }
        n
    };
    assert_eq!(booked, 3, "three places, three appointments");
}

#[tokio::test]
async fn booking_confirms_reminds_lists_and_cancels_and_a_double_tap_books_once() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    // START is Friday 27 November 2026: Monday 30th is three days ahead.
    let r = book(&t, &zhang, "k-1", "20261130-1000").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a: Appointment = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        a.start,
        Timestamp::parse("2026-11-30T10:00:00+08:00").unwrap()
    );
    assert_eq!(
        a.end,
        Timestamp::parse("2026-11-30T11:00:00+08:00").unwrap()
    );
    assert_eq!(
        a.cancel_until,
        Timestamp::parse("2026-11-30T09:00:00+08:00").unwrap()
    );
    assert!(a.cancellable);
    assert_eq!(a.office.id, OFFICE);
    assert_eq!(a.matter_name.zh, "居民身份证换领");
    // The same key and body: the same answer, replayed, and still one place taken.
    let again = book(&t, &zhang, "k-1", "20261130-1000").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        serde_json::from_slice::<Appointment>(&again.body)
            .unwrap()
            .id,
        a.id
    );
    // Another key for the same matter: already booked.
    book(&t, &zhang, "k-2", "20261201-1000")
        .await
        .problem(409, "already_booked");
    let s = slots(&t, "&from=2026-11-30&days=1").await;
    assert_eq!(s.days[0].slots[1].remaining, 3);

    // The confirmation is in the inbox now; the reminder only from the day before.
    let m = inbox(&t, &zhang).await;
    let about: Vec<_> = m
        .items
        .iter()
        .filter(|x| x.appointment_id.as_deref() == Some(&a.id))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert_eq!(about[0].kind, MessageKind::AppointmentConfirmed);
    assert!(about[0].body.as_ref().unwrap().zh.contains("10:00-11:00"));
    t.state
        .clock
        .set(Timestamp::parse("2026-11-29T00:00:01+08:00").unwrap());
    let zhang = t.sign_in(ZHANG).await; // the session of two days ago has expired
    let m = inbox(&t, &zhang).await;
    let reminders: Vec<_> = m
        .items
        .iter()
        .filter(|x| {
            x.kind == MessageKind::AppointmentReminder && x.appointment_id.as_deref() == Some(&a.id)
        })
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(!reminders[0].read);
    assert!(reminders[0].title.zh.contains("明天"));
    // Read again: no second reminder.
    let m = inbox(&t, &zhang).await;
    assert_eq!(
        m.items
            .iter()
            .filter(|x| x.kind == MessageKind::AppointmentReminder)
            .count(),
        1
    );

    // Listed; cancelled; cancelling again answers the same; the place is free again.
    let list = mine(&t, &zhang).await;
    assert_eq!(list.items.len(), 1);
    let url = format!("/api/v1/appointments/{}/cancel", a.id);
    let r = t.post(&url, Some(&zhang), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let c: Appointment = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(yishi_contract::OpenEnum::as_str(c.status), "cancelled");
    assert!(!c.cancellable);
    let r = t.post(&url, Some(&zhang), json!({})).await;
    assert_eq!(r.status, StatusCode::OK);
    let s = slots(&t, "&from=2026-11-30&days=1").await;
    assert_eq!(s.days[0].slots[1].remaining, 4);
    // With the first one cancelled the matter can be booked again.
    let r = book(&t, &zhang, "k-3", "20261130-0900").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let b: Appointment = serde_json::from_slice(&r.body).unwrap();
    // Booked for tomorrow: the reminder is written at once.
    let m = inbox(&t, &zhang).await;
    assert!(
        m.items
            .iter()
            .any(|x| x.kind == MessageKind::AppointmentReminder
                && x.appointment_id.as_deref() == Some(&b.id))
    );
    // Upcoming first, then the cancelled one.
    let list = mine(&t, &zhang).await;
    let ids: Vec<&str> = list.items.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, [b.id.as_str(), a.id.as_str()]);
    // After the cut-off: too late to cancel.
    t.state
        .clock
        .set(Timestamp::parse("2026-11-30T08:30:00+08:00").unwrap());
    let zhang = t.sign_in(ZHANG).await;
    let r = t
        .post(
            &format!("/api/v1/appointments/{}/cancel", b.id),
            Some(&zhang),
            json!({}),
        )
        .await;
    r.problem(409, "cut_off_passed");
    // A slot that has begun cannot be booked.
    t.state
        .clock
        .set(Timestamp::parse("2026-11-30T09:05:00+08:00").unwrap());
    let li = t.sign_in(LI).await;
    book(&t, &li, "k-li", "20261130-0900")
        .await
        .problem(409, "window_not_open");
}

#[tokio::test]
async fn nobody_sees_or_cancels_another_citizens_appointment() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let r = book(&t, &zhang, "k-z", "20261130-1000").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a: Appointment = serde_json::from_slice(&r.body).unwrap();
    assert!(mine(&t, &li).await.items.is_empty());
    let r = t
        .post(
            &format!("/api/v1/appointments/{}/cancel", a.id),
            Some(&li),
            json!({}),
        )
        .await;
    r.problem(404, "not_found");
    assert_eq!(
        yishi_contract::OpenEnum::as_str(mine(&t, &zhang).await.items[0].status),
        "booked"
    );
    // Li's inbox holds nothing about it.
    assert!(
        inbox(&t, &li)
            .await
            .items
            .iter()
            .all(|m| m.appointment_id.is_none())
    );
    // The same idempotency key from another subject is another booking, not a replay.
    let r = book(&t, &li, "k-z", "20261130-1000").await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.header("idempotent-replayed"), None);
    assert_ne!(
        serde_json::from_slice::<Appointment>(&r.body).unwrap().id,
        a.id
    );
    // Signed out: 401; another's case as `case_id`: 404.
    assert_eq!(
        t.get("/api/v1/appointments", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let zhang_case = t.all_cases(&zhang).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let req = Request::post("/api/v1/appointments")
        .header("authorization", format!("Bearer {li}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "k-case")
        .body(Body::from(
            json!({"matter_id": "residence-permit-application", "office_id": OFFICE,
                   "slot_id": "20261201-1000", "case_id": zhang_case})
            .to_string(),
        ))
        .unwrap();
    t.send(req).await.problem(404, "not_found");
}

#[tokio::test]
async fn a_queue_number_on_the_day_only_mine_and_the_queue_moves() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let mut ids = Vec::new();
    for (token, key) in [(&zhang, "t-z"), (&li, "t-l")] {
        let r = book(&t, token, key, "20261130-1000").await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.push(serde_json::from_slice::<Appointment>(&r.body).unwrap().id);
    }
    let url = |id: &str| format!("/api/v1/appointments/{id}/ticket");
    // Too early: 409 ticket_not_open, and the appointment says so.
    t.post(&url(&ids[0]), Some(&zhang), json!({}))
        .await
        .problem(409, "ticket_not_open");
    assert!(!mine(&t, &zhang).await.items[0].ticket_open);
    // 9:35 on the day: open.
    t.state
        .clock
        .set(Timestamp::parse("2026-11-30T09:35:00+08:00").unwrap());
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    assert!(mine(&t, &zhang).await.items[0].ticket_open);
    // Another citizen's appointment: 404.
    t.post(&url(&ids[0]), Some(&li), json!({}))
        .await
        .problem(404, "not_found");
    let first: Value = t.post(&url(&ids[0]), Some(&zhang), json!({})).await.json();
    assert_eq!(first["number"], "A001");
    assert_eq!(first["people_ahead"], 3, "the walk-ins ahead");
    assert_eq!(first["estimated_wait_minutes"], 15);
    assert_eq!(first["called"], false);
    let second: Value = t.post(&url(&ids[1]), Some(&li), json!({})).await.json();
    assert_eq!(second["number"], "A002");
    assert_eq!(second["people_ahead"], 4);
    // Again: the same number; ten minutes later two fewer ahead; then called.
    t.state.clock.advance(10 * 60);
    let again: Value = t.post(&url(&ids[0]), Some(&zhang), json!({})).await.json();
    assert_eq!(again["number"], "A001");
    assert_eq!(again["people_ahead"], 1);
    t.state.clock.advance(5 * 60);
    let called: Value = t.post(&url(&ids[0]), Some(&zhang), json!({})).await.json();
    assert_eq!(called["people_ahead"], 0);
    assert_eq!(called["called"], true);
}

async fn move_to(t: &TestApp, token: &str, id: &str, key: &str, slot: &str) -> common::Resp {
    let req = Request::post(format!("/api/v1/appointments/{id}/move"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(
            json!({"office_id": OFFICE, "slot_id": slot}).to_string(),
        ))
        .unwrap();
    t.send(req).await
}

/// Places left in each slot of Monday 30 November, by slot id.
async fn left_on_monday(t: &TestApp) -> Vec<(String, u32)> {
    slots(t, "&from=2026-11-30&days=1").await.days[0]
        .slots
        .iter()
        .map(|s| (s.id.clone(), s.remaining))
        .collect()
}

fn left(all: &[(String, u32)], slot: &str) -> u32 {
    all.iter().find(|(s, _)| s == slot).unwrap().1
}

#[tokio::test]
async fn moving_frees_the_old_place_takes_the_new_one_and_a_refusal_keeps_the_old() {
    let t = TestApp::with_config(|c| c.slot_capacity = 1);
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let r = book(&t, &zhang, "m-z", "20261130-1000").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a: Appointment = serde_json::from_slice(&r.body).unwrap();
    assert!(a.movable);
    // Li takes the only place at 11:00.
    let r = book(&t, &li, "m-l", "20261130-1100").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Moving into the full slot is refused with the day's fresh slots, and nothing moved.
    let p = move_to(&t, &zhang, &a.id, "mv-1", "20261130-1100")
        .await
        .problem(409, "slot_full");
    assert!(p["slots"].as_array().is_some_and(|s| !s.is_empty()));
    let kept = &mine(&t, &zhang).await.items[0];
    assert_eq!(kept.slot_id, "20261130-1000");
    assert_eq!(yishi_contract::OpenEnum::as_str(kept.status), "booked");
    let before = left_on_monday(&t).await;
    assert_eq!(left(&before, "20261130-1000"), 0);
    assert_eq!(left(&before, "20261130-1100"), 0);
    // Refusals for a closed day and outside the window keep it too.
    move_to(&t, &zhang, &a.id, "mv-2", "20261129-0900")
        .await
        .problem(409, "office_closed");
    move_to(&t, &zhang, &a.id, "mv-3", "20261231-0900")
        .await
        .problem(409, "window_not_open");
    assert_eq!(mine(&t, &zhang).await.items[0].slot_id, "20261130-1000");

    // A move to 9:00: the same appointment, the old place free, the new one taken.
    let r = move_to(&t, &zhang, &a.id, "mv-4", "20261130-0900").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let moved: Appointment = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(moved.id, a.id);
    assert_eq!(moved.slot_id, "20261130-0900");
    assert_eq!(
        moved.start,
        Timestamp::parse("2026-11-30T09:00:00+08:00").unwrap()
    );
    assert_eq!(
        moved.cancel_until,
        Timestamp::parse("2026-11-30T08:00:00+08:00").unwrap()
    );
    let after = left_on_monday(&t).await;
    assert_eq!(left(&after, "20261130-1000"), 1, "the old place is free");
    assert_eq!(left(&after, "20261130-0900"), 0, "the new one is taken");
    // A double tap (the same key and body) moves once: replayed, places unchanged.
    let again = move_to(&t, &zhang, &a.id, "mv-4", "20261130-0900").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(left_on_monday(&t).await, after);
    // Someone can now book the freed place.
    let r = book(&t, &li, "m-l2", "20261130-1000").await;
    r.problem(409, "already_booked"); // Li holds the matter already…
    let wang = t.sign_in("13800000003").await;
    let r = book(&t, &wang, "m-w", "20261130-1000").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text()); // …Wang gets it.
    // Moving to the slot it holds changes nothing.
    let r = move_to(&t, &zhang, &a.id, "mv-5", "20261130-0900").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(left_on_monday(&t).await[0].1, 0);
    // One list entry, and a message says where it went.
    let list = mine(&t, &zhang).await;
    assert_eq!(list.items.len(), 1);
    let m = inbox(&t, &zhang).await;
    let moved_msg: Vec<_> = m
        .items
        .iter()
        .filter(|x| x.title.zh.starts_with("改约成功"))
        .collect();
    assert_eq!(moved_msg.len(), 1, "{:?}", m.items);
    assert_eq!(moved_msg[0].appointment_id.as_deref(), Some(a.id.as_str()));
    assert!(
        moved_msg[0]
            .body
            .as_ref()
            .unwrap()
            .zh
            .contains("9:00-10:00")
    );

    // Another citizen cannot move it; a cancelled one cannot be moved.
    move_to(&t, &li, &a.id, "mv-li", "20261201-0900")
        .await
        .problem(404, "not_found");
    // After the cut-off: too late to move, and the appointment says so.
    t.state
        .clock
        .set(Timestamp::parse("2026-11-30T08:30:00+08:00").unwrap());
    let zhang = t.sign_in(ZHANG).await;
    assert!(!mine(&t, &zhang).await.items[0].movable);
    move_to(&t, &zhang, &a.id, "mv-6", "20261201-0900")
        .await
        .problem(409, "cut_off_passed");
    assert_eq!(mine(&t, &zhang).await.items[0].slot_id, "20261130-0900");
}

#[tokio::test]
async fn a_cancelled_appointment_is_not_moved_and_a_key_moves_one_appointment() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let r = book(&t, &zhang, "c-z", "20261130-1000").await;
    let a: Appointment = serde_json::from_slice(&r.body).unwrap();
    let r = t
        .post(
            &format!("/api/v1/appointments/{}/cancel", a.id),
            Some(&zhang),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!mine(&t, &zhang).await.items[0].movable);
    move_to(&t, &zhang, &a.id, "c-1", "20261201-0900")
        .await
        .problem(409, "conflict");
    // The same key on another appointment is not a replay of the first.
    let r = book(&t, &zhang, "c-z2", "20261201-1000").await;
    let b: Appointment = serde_json::from_slice(&r.body).unwrap();
    move_to(&t, &zhang, &b.id, "c-1", "20261201-0900")
        .await
        .problem(422, "idempotency_mismatch");
    let r = move_to(&t, &zhang, &b.id, "c-2", "20261201-0900").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Empty members: 422 validation.
    let req = Request::post(format!("/api/v1/appointments/{}/move", b.id))
        .header("authorization", format!("Bearer {zhang}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "c-3")
        .body(Body::from(
            json!({"office_id": "", "slot_id": ""}).to_string(),
        ))
        .unwrap();
    t.send(req).await.problem(422, "validation");
}
