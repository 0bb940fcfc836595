//! 消息中心 against a real SQLite file: the office's steps write messages, polling with the
//! inbox's ETag, marking read, and that nobody reads or touches another subject's messages.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use yishi_contract::{InboxCount, Message, MessageKind, MessagePage};

use common::TestApp;

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const WANG: &str = "13800000003";
const RESTAURANT: &str = "91371102MA3LW8DQ51";

async fn inbox(t: &TestApp, token: &str) -> MessagePage {
    let r = t.get("/api/v1/messages?limit=100", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    serde_json::from_slice(&r.body).unwrap()
}

async fn get_if_none_match(t: &TestApp, token: &str, etag: &str) -> common::Resp {
    let req = Request::get("/api/v1/messages?limit=100")
        .header("authorization", format!("Bearer {token}"))
        .header("if-none-match", etag)
        .body(Body::empty())
        .unwrap();
    t.send(req).await
}

async fn ask_for_supplement(t: &TestApp, token: &str, number: &str) -> String {
    let id = t.case_id(token, number).await;
    let url = format!("/api/v1/operator/cases/{id}/advance");
    let r = t.operator(&url, json!({"to": "under_review"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = t
        .operator(
            &url,
            json!({
                "to": "supplement_required",
                "supplement_items": [
                    {"name": {"zh-CN": "房屋租赁合同", "en": "Tenancy agreement"}},
                    {"name": {"zh-CN": "户口簿", "en": "Household register"}}
                ]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    id
}

#[tokio::test]
async fn the_offices_steps_reach_the_applicants_inbox() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let before = inbox(&t, &zhang).await;
    // The demo's history is read but for the supplement requests still open.
    assert!(
        before
            .items
            .iter()
            .all(|m| m.read || m.kind == MessageKind::SupplementRequired),
        "{before:?}"
    );
    let case = ask_for_supplement(&t, &zhang, "LJ10000102").await;
    let after = inbox(&t, &zhang).await;
    assert_eq!(after.unread, before.unread + 1);
    let m = &after.items[0];
    assert_eq!(m.kind, MessageKind::SupplementRequired);
    assert!(!m.read);
    assert_eq!(m.case_id.as_deref(), Some(case.as_str()));
    assert_eq!(m.case_number.as_deref(), Some("LJ10000102"));
    let case_json = t
        .get(&format!("/api/v1/cases/{case}"), Some(&zhang))
        .await
        .json();
    assert_eq!(
        m.due_on.map(|d| d.to_string()),
        case_json["supplement"]["due_on"].as_str().map(String::from),
        "the message's deadline is the case's"
    );
    let body = m.body.as_ref().expect("a supplement message says what");
    assert!(
        body.zh.contains("房屋租赁合同") && body.zh.contains("户口簿"),
        "{body:?}"
    );
    assert!(body.en.as_deref().unwrap().contains("Tenancy agreement"));
    // The day as each language writes it, not as the wire does.
    let due = m.due_on.unwrap();
    assert!(
        body.zh
            .contains(&format!("{}年{}月{}日", due.year, due.month, due.day)),
        "{body:?}"
    );
    assert!(!body.zh.contains(&due.to_string()), "{body:?}");
    assert!(
        body.en
            .as_deref()
            .unwrap()
            .contains(&format!(" {} ", due.year).replace(' ', "")),
        "{body:?}"
    );
    assert!(m.title.zh.contains("请补正"));

    // Accepted after the supplement: another message; delivery by post carries its tracking.
    let url = format!("/api/v1/operator/cases/{case}/advance");
    for body in [
        json!({"to": "under_review"}),
        json!({"to": "approved"}),
        json!({"to": "delivered", "delivery": {"method": "post", "detail": {"zh-CN": "EMS 1180 2233 4455 6"}}}),
    ] {
        let r = t.operator(&url, body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let now = inbox(&t, &zhang).await;
    let kinds: Vec<MessageKind> = now.items.iter().take(2).map(|m| m.kind).collect();
    assert_eq!(kinds, [MessageKind::SentByPost, MessageKind::Decided]);
    assert_eq!(
        now.items[0].delivery.as_ref().unwrap().detail.zh,
        "EMS 1180 2233 4455 6"
    );
    // The applicant's own withdrawal writes nothing.
    let li = t.sign_in(LI).await;
    let li_before = inbox(&t, &li).await;
    let mut withdrawn = 0;
    for c in t.all_cases(&li).await {
        let id = c["id"].as_str().unwrap();
        let full = t
            .get(&format!("/api/v1/cases/{id}"), Some(&li))
            .await
            .json();
        if full["withdrawable"] == true {
            let r = t
                .call(
                    Method::POST,
                    &format!("/api/v1/cases/{id}/withdraw"),
                    Some(&li),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            withdrawn += 1;
        }
    }
    assert!(withdrawn > 0, "a demo case of Li's can be withdrawn");
    assert_eq!(inbox(&t, &li).await, li_before);
}

#[tokio::test]
async fn polling_with_the_etag_costs_no_body_until_something_changes() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let first = t.get("/api/v1/messages", Some(&zhang)).await;
    let etag = first.header("etag").expect("an ETag").to_string();
    let again = get_if_none_match(&t, &zhang, &etag).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.header("cache-control"), Some("no-store"));
    // Weak and listed forms match too.
    let weak = get_if_none_match(&t, &zhang, &format!("\"x\", W/{etag}")).await;
    assert_eq!(weak.status, StatusCode::NOT_MODIFIED);

    // A new message changes it.
    ask_for_supplement(&t, &zhang, "LJ10000102").await;
    let changed = get_if_none_match(&t, &zhang, &etag).await;
    assert_eq!(changed.status, StatusCode::OK);
    let etag2 = changed.header("etag").unwrap().to_string();
    assert_ne!(etag2, etag);
    // So does reading one.
    let page: MessagePage = serde_json::from_slice(&changed.body).unwrap();
    let newest = &page.items[0].id;
    let r = t
        .call(
            Method::POST,
            &format!("/api/v1/messages/{newest}/read"),
            Some(&zhang),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let read = get_if_none_match(&t, &zhang, &etag2).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_ne!(read.header("etag").unwrap(), etag2);
    // Someone else's change leaves this inbox's ETag alone.
    let li = t.sign_in(LI).await;
    let etag3 = read.header("etag").unwrap().to_string();
    let li_case = t.all_cases(&li).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.operator(
        &format!("/api/v1/operator/cases/{li_case}/advance"),
        json!({"to": "accepted"}),
    )
    .await;
    assert_eq!(
        get_if_none_match(&t, &zhang, &etag3).await.status,
        StatusCode::NOT_MODIFIED
    );
}

#[tokio::test]
async fn marking_read_one_or_all_up_to_the_newest_seen() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    ask_for_supplement(&t, &zhang, "LJ10000102").await;
    let page = inbox(&t, &zhang).await;
    let newest = page.items[0].clone();
    assert!(!newest.read);
    let url = format!("/api/v1/messages/{}/read", newest.id);
    let r = t.call(Method::POST, &url, Some(&zhang), None).await;
    let once: Message = serde_json::from_slice(&r.body).unwrap();
    assert!(once.read);
    // Again: the same answer, nothing changes.
    let r = t.call(Method::POST, &url, Some(&zhang), None).await;
    assert_eq!(serde_json::from_slice::<Message>(&r.body).unwrap(), once);
    assert_eq!(inbox(&t, &zhang).await.unread, page.unread - 1);

    // Everything up to what was seen; a message that came after stays unread.
    let seen = inbox(&t, &zhang).await;
    let url = format!(
        "/api/v1/operator/cases/{}/advance",
        newest.case_id.as_deref().unwrap()
    );
    for to in ["under_review", "approved"] {
        let r = t.operator(&url, json!({ "to": to })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let r = t
        .post(
            "/api/v1/messages/read-all",
            Some(&zhang),
            json!({"up_to": seen.items[0].id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let count: InboxCount = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(count.unread, 1);
    let after = inbox(&t, &zhang).await;
    assert_eq!(after.unread, 1);
    assert!(!after.items[0].read);
    assert!(after.items[1..].iter().all(|m| m.read));
    // Without `up_to`: everything.
    let r = t
        .post("/api/v1/messages/read-all", Some(&zhang), json!({}))
        .await;
    assert_eq!(r.json(), json!({"unread": 0}));
    // Unknown `up_to`: 422 at /up_to.
    let p = t
        .post(
            "/api/v1/messages/read-all",
            Some(&zhang),
            json!({"up_to": "m-nothing"}),
        )
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/up_to");
    // Signed out: 401.
    t.get("/api/v1/messages", None)
        .await
        .problem(401, "unauthenticated");
    t.post("/api/v1/messages/read-all", None, json!({}))
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn pages_follow_the_cursor_newest_first() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let all = inbox(&t, &zhang).await.items;
    assert!(all.len() >= 3, "the demo history writes messages: {all:?}");
    let mut seen = Vec::new();
    let mut uri = "/api/v1/messages?limit=2".to_string();
    loop {
        let page: MessagePage =
            serde_json::from_slice(&t.get(&uri, Some(&zhang)).await.body).unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|m| m.id));
        match page.next_cursor {
            Some(c) => uri = format!("/api/v1/messages?limit=2&cursor={c}"),
            None => break,
        }
    }
    let ids: Vec<String> = all.into_iter().map(|m| m.id).collect();
    assert_eq!(seen, ids);
    t.get("/api/v1/messages?cursor=%%%", Some(&zhang))
        .await
        .problem(400, "bad_request");
    t.get("/api/v1/messages?limit=0", Some(&zhang))
        .await
        .problem(400, "bad_request");
}

#[tokio::test]
async fn nobody_reads_or_touches_another_subjects_messages() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    ask_for_supplement(&t, &zhang, "LJ10000102").await;
    let zhangs = inbox(&t, &zhang).await;
    let lis = inbox(&t, &li).await;
    let zhang_ids: Vec<&str> = zhangs.items.iter().map(|m| m.id.as_str()).collect();
    assert!(
        lis.items
            .iter()
            .all(|m| !zhang_ids.contains(&m.id.as_str()))
    );
    let zhang_cases: Vec<Value> = t.all_cases(&zhang).await;
    for m in &lis.items {
        assert!(
            !zhang_cases
                .iter()
                .any(|c| c["id"] == m.case_id.as_deref().unwrap_or("")),
            "Li sees a message about Zhang's case: {m:?}"
        );
    }

    // Li cannot mark Zhang's message read: the same 404 as no message at all.
    let target = &zhangs.items[0];
    assert!(!target.read);
    let theirs = t
        .call(
            Method::POST,
            &format!("/api/v1/messages/{}/read", target.id),
            Some(&li),
            None,
        )
        .await
        .problem(404, "not_found");
    let none = t
        .call(
            Method::POST,
            "/api/v1/messages/m-does-not-exist/read",
            Some(&li),
            None,
        )
        .await
        .problem(404, "not_found");
    assert_eq!(theirs, none, "someone else's message looks like no message");
    // Nor use it as the mark of "all read", nor read Zhang's by reading all of hers.
    t.post(
        "/api/v1/messages/read-all",
        Some(&li),
        json!({"up_to": target.id}),
    )
    .await
    .problem(422, "validation");
    let r = t
        .post("/api/v1/messages/read-all", Some(&li), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let still = inbox(&t, &zhang).await;
    assert_eq!(still.unread, zhangs.unread);
    assert!(!still.items[0].read);

    // Acting for a business is another subject: Wang's own inbox is not the restaurant's.
    let wang = t.sign_in(WANG).await;
    let restaurant = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let wang_ids: Vec<String> = inbox(&t, &wang)
        .await
        .items
        .into_iter()
        .map(|m| m.id)
        .collect();
    let biz = inbox(&t, &restaurant).await;
    assert!(biz.items.iter().all(|m| !wang_ids.contains(&m.id)));
    for m in &biz.items {
        let case = m.case_id.as_deref().unwrap();
        assert_eq!(
            t.get(&format!("/api/v1/cases/{case}"), Some(&restaurant))
                .await
                .status,
            StatusCode::OK,
            "every message of the business is about its own case"
        );
    }
}

#[tokio::test]
async fn the_offices_reply_to_a_bad_rating_reaches_the_rater() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let case = t.case_id(&zhang, "LJ10000108").await;
    let req = Request::post("/api/v1/ratings")
        .header("authorization", format!("Bearer {zhang}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "msg-bad-1")
        .body(Body::from(
            json!({"case_id": case, "stage": "completion", "channel": "online", "level": 2,
                   "reasons": ["slow"]})
            .to_string(),
        ))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let rating = r.json()["id"].as_str().unwrap().to_string();
    let before = inbox(&t, &zhang).await.unread;
    let r = t
        .operator(
            &format!("/api/v1/operator/ratings/{rating}/follow-up"),
            json!({"status": "rectified", "text": {"zh-CN": "已整改：窗口增加人手", "en": "Rectified: more staff at the window"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = inbox(&t, &zhang).await;
    assert_eq!(page.unread, before + 1);
    let m = &page.items[0];
    assert_eq!(m.kind, MessageKind::RatingReply);
    assert_eq!(m.rating_id.as_deref(), Some(rating.as_str()));
    assert_eq!(m.case_id.as_deref(), Some(case.as_str()));
    assert_eq!(m.body.as_ref().unwrap().zh, "已整改：窗口增加人手");
    // Li's inbox has none of it.
    let li = t.sign_in(LI).await;
    assert!(
        inbox(&t, &li)
            .await
            .items
            .iter()
            .all(|m| m.rating_id.as_deref() != Some(rating.as_str()))
    );
}
