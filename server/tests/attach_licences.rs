//! A held licence instead of a file in the combined form (一表申请 with 电子证照), against a real
//! SQLite file: attaching one's own usable licence with consent makes the case, lists the
//! licence on it and records the use once however often the request is replayed; someone
//! else's licence is 404 and records nothing; an expired one, one the material does not take,
//! and one without consent are refused at the field.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use yishi_contract::{Attachment, Case, LicenceKind, LicenceUseList, LicenceUsePurpose, Text};
use yishi_server::licences;

use common::{Resp, TestApp};

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

/// A valid resident number for a child born on 15 June 2019 (the check character computed).
fn child_id() -> String {
    let stem = "22068120190615001";
    "0123456789X"
        .chars()
        .map(|c| format!("{stem}{c}"))
        .find(|id| yishi_core::validate::resident_id_valid(id))
        .unwrap()
}

async fn upload_lease(t: &TestApp, token: &str) -> Attachment {
    let r = t
        .send(
            Request::post("/api/v1/attachments")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/pdf")
                .header("x-file-name", "lease.pdf")
                .body(Body::from(PDF.to_vec()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

/// School enrolment, local hukou, renting: the household register and the lease are asked.
fn school_application(lease: &str, licences: Value, consent: Option<Value>) -> Value {
    let mut body = json!({
        "event_id": "school-enrolment",
        "answers": {"stage": "primary", "local_hukou": true, "housing": "rent"},
        "fields": {
            "applicant_name": "张晓明",
            "applicant_id": "220681198805120033",
            "applicant_phone": "13800000001",
            "child_name": "张小宝",
            "child_id": child_id(),
            "child_birth_date": "2019-06-15",
            "home_address": "临江市建设路 8 号 3 栋 502 室",
        },
        "attachments": [{"target": "lease", "attachment_id": lease}],
        "licences": licences,
    });
    if let Some(c) = consent {
        body["licence_consent"] = c;
    }
    body
}

fn hukou(licence_id: &str) -> Value {
    json!([{"target": "hukou_file", "licence_id": licence_id}])
}

fn consent(ids: &[&str]) -> Value {
    json!({"event_id": "school-enrolment", "licence_ids": ids, "given_at": "2026-03-02T10:15:03+08:00"})
}

async fn apply(t: &TestApp, token: &str, key: &str, body: &Value) -> Resp {
    t.send(
        Request::post("/api/v1/applications")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn uses(t: &TestApp, token: &str) -> LicenceUseList {
    let r = t.get("/api/v1/licences/uses", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

fn attached(list: &LicenceUseList) -> usize {
    list.items
        .iter()
        .filter(|u| u.purpose == LicenceUsePurpose::AttachedToApplication)
        .count()
}

/// `(pointer, code)` pairs of a 422.
fn field_errors(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(p: &Value, pointer: &str, code: &str) -> bool {
    field_errors(p)
        .iter()
        .any(|(ptr, c)| ptr == pointer && c == code)
}

#[tokio::test]
async fn attaching_my_licence_makes_the_case_lists_it_and_records_the_use_once() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let before = t.all_cases(&zhang).await.len();
    let lease = upload_lease(&t, &zhang).await;
    let body = school_application(
        &lease.id,
        hukou("l-zhang-hukou"),
        Some(consent(&["l-zhang-hukou"])),
    );
    let r = apply(&t, &zhang, "attach-1", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case: Case = serde_json::from_slice(&r.body).unwrap();

    // The case lists the licence (name and masked number) where a file would be, in form order.
    let targets: Vec<&str> = case.materials.iter().map(|m| m.target.as_str()).collect();
    assert_eq!(targets, ["hukou_file", "lease"]);
    let register = &case.materials[0];
    assert!(register.file.is_none());
    let l = register.licence.as_ref().expect("the licence is listed");
    assert_eq!(l.licence_id, "l-zhang-hukou");
    assert_eq!(l.name.zh, "居民户口簿");
    assert_eq!(l.number_masked, "2206****5021");
    assert_eq!(register.label.zh, "孩子所在户的居民户口簿");
    assert_eq!(
        case.materials[1].file.as_ref().map(|f| f.name.as_str()),
        Some("lease.pdf")
    );
    // The same on reading the case again.
    let again = t
        .get(&format!("/api/v1/cases/{}", case.summary.id), Some(&zhang))
        .await;
    let again: Case = serde_json::from_slice(&again.body).unwrap();
    assert_eq!(again.materials, case.materials);

    // 用证记录: who used which licence, when, for which case.
    let recorded = uses(&t, &zhang).await;
    assert_eq!(attached(&recorded), 1);
    let u = &recorded.items[0];
    assert_eq!(u.purpose, LicenceUsePurpose::AttachedToApplication);
    assert_eq!(u.licence_id, "l-zhang-hukou");
    assert_eq!(u.case_number.as_deref(), Some(case.summary.number.as_str()));
    assert_eq!(u.used_at, case.summary.submitted_at);
    assert!(!u.used_by.zh.is_empty());

    // A replay (double tap, retry after a timeout) is the same case and records nothing again.
    let replay = apply(&t, &zhang, "attach-1", &body).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    let replayed: Case = serde_json::from_slice(&replay.body).unwrap();
    assert_eq!(replayed.summary.id, case.summary.id);
    assert_eq!(attached(&uses(&t, &zhang).await), 1);
    assert_eq!(t.all_cases(&zhang).await.len(), before + 1);
}

#[tokio::test]
async fn another_citizens_licence_is_not_found_and_nothing_is_recorded() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let before = t.all_cases(&zhang).await.len();
    let li_uses = uses(&t, &li).await.items.len();
    let lease = upload_lease(&t, &zhang).await;
    // Li's household register, and one that does not exist: the same answer.
    for id in ["l-li-hukou", "l-nobody"] {
        let body = school_application(&lease.id, hukou(id), Some(consent(&[id])));
        let r = apply(&t, &zhang, &format!("foreign-{id}"), &body).await;
        let p = r.problem(404, "licence_not_found");
        assert!(!p.to_string().contains("李"), "{p}");
    }
    assert_eq!(uses(&t, &li).await.items.len(), li_uses);
    assert_eq!(attached(&uses(&t, &zhang).await), 0);
    assert_eq!(t.all_cases(&zhang).await.len(), before);
}

#[tokio::test]
async fn an_expired_or_unfitting_licence_is_refused_at_its_field() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let before = t.all_cases(&zhang).await.len();
    // An expired household register of Zhang's (the demo data has a usable one).
    {
        let conn = rusqlite::Connection::open(t.dir.path().join("yishi.db")).unwrap();
        let owner: String = conn
            .query_row(
                "SELECT owner FROM licences WHERE id = 'l-zhang-hukou'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let today = t.state.clock.now().china_date();
        licences::insert(
            &conn,
            &licences::NewLicence {
                id: "l-zhang-old-hukou",
                owner: &owner,
                kind: LicenceKind::HouseholdRegister,
                name: Text::new("居民户口簿", "Household register"),
                issuer: Text::new("临江市公安局", "Linjiang Public Security Bureau"),
                number_masked: "2206****0001",
                holder: None,
                valid_from: Some(today.add_days(-4_000)),
                valid_until: Some(today.add_days(-1)),
                revoked: false,
            },
            t.state.clock.now(),
        )
        .unwrap();
    }
    let lease = upload_lease(&t, &zhang).await;
    let refused = |id: &'static str| {
        let lease = lease.id.clone();
        let t = &t;
        let zhang = zhang.clone();
        async move {
            let body = school_application(&lease, hukou(id), Some(consent(&[id])));
            apply(t, &zhang, &format!("refused-{id}"), &body)
                .await
                .problem(422, "validation")
        }
    };
    let p = refused("l-zhang-old-hukou").await;
    assert!(has(&p, "/fields/hukou_file", "licence_unusable"), "{p}");
    // Revoked: a social security card is also no household register.
    let p = refused("l-zhang-old-ssc").await;
    assert!(has(&p, "/fields/hukou_file", "licence_not_accepted"), "{p}");
    // A valid licence of another kind.
    let p = refused("l-zhang-ssc").await;
    assert!(has(&p, "/fields/hukou_file", "licence_not_accepted"), "{p}");
    assert_eq!(field_errors(&p).len(), 1, "{p}");

    // A material that takes no licence (a lease), and a field given a file and a licence.
    let body = school_application(
        &lease.id,
        json!([{"target": "lease", "licence_id": "l-zhang-hukou"}]),
        Some(consent(&["l-zhang-hukou"])),
    );
    let p = apply(&t, &zhang, "lease-licence", &body)
        .await
        .problem(422, "validation");
    assert!(has(&p, "/licences/0/target", "invalid"), "{p}");
    // Not a shown field at all (the title certificate is asked only of owners).
    let body = school_application(
        &lease.id,
        json!([{"target": "property_file", "licence_id": "l-zhang-hukou"}]),
        Some(consent(&["l-zhang-hukou"])),
    );
    let p = apply(&t, &zhang, "hidden-field", &body)
        .await
        .problem(422, "validation");
    assert!(has(&p, "/licences/0/target", "invalid"), "{p}");

    assert_eq!(attached(&uses(&t, &zhang).await), 0);
    assert_eq!(t.all_cases(&zhang).await.len(), before);
}

#[tokio::test]
async fn a_licence_without_the_citizens_consent_is_refused() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let lease = upload_lease(&t, &zhang).await;
    let other_event = json!({"event_id": "newborn", "licence_ids": ["l-zhang-hukou"], "given_at": "2026-03-02T10:15:03+08:00"});
    for (key, c) in [
        ("no-consent", None),
        ("consent-other-licence", Some(consent(&["l-zhang-id"]))),
        (
            "consent-too-much",
            Some(consent(&["l-zhang-hukou", "l-zhang-id"])),
        ),
        ("consent-other-event", Some(other_event)),
    ] {
        let body = school_application(&lease.id, hukou("l-zhang-hukou"), c);
        let p = apply(&t, &zhang, key, &body)
            .await
            .problem(422, "validation");
        assert_eq!(
            field_errors(&p),
            [(
                "/licence_consent".to_string(),
                "consent_required".to_string()
            )],
            "{key}: {p}"
        );
    }
    assert_eq!(attached(&uses(&t, &zhang).await), 0);

    // Files only, as before: no consent needed, no use recorded, the case lists the files.
    let upload = t
        .send(
            Request::post("/api/v1/attachments")
                .header("authorization", format!("Bearer {zhang}"))
                .header("content-type", "application/pdf")
                .body(Body::from(PDF.to_vec()))
                .unwrap(),
        )
        .await;
    let register: Attachment = serde_json::from_slice(&upload.body).unwrap();
    let mut body = school_application(&lease.id, json!([]), None);
    body["attachments"]
        .as_array_mut()
        .unwrap()
        .push(json!({"target": "hukou_file", "attachment_id": register.id}));
    let r = apply(&t, &zhang, "files-only", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case: Case = serde_json::from_slice(&r.body).unwrap();
    assert!(case.materials.iter().all(|m| m.licence.is_none()));
    assert_eq!(case.materials.len(), 2);
    assert_eq!(attached(&uses(&t, &zhang).await), 0);
}
