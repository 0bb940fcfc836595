//! 我的证照 against a real SQLite file: the subject's licences with their statuses, codes that
//! live two minutes and are stored only as a hash, and that nobody sees or shows another
//! subject's licences.

mod common;

use axum::http::{Method, StatusCode};
use serde_json::json;
use yishi_contract::{
    LicenceCode, LicenceKind, LicenceList, LicenceStatus, LicenceUseList, LicenceUsePurpose,
    LicenceVerified,
};
use yishi_server::licences;

use common::TestApp;

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const WANG: &str = "13800000003";
const RESTAURANT: &str = "91371102MA3LW8DQ51";

async fn licences_of(t: &TestApp, token: &str) -> LicenceList {
    let r = t.get("/api/v1/licences", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    serde_json::from_slice(&r.body).unwrap()
}

async fn issue(t: &TestApp, token: &str, id: &str) -> common::Resp {
    t.call(
        Method::POST,
        &format!("/api/v1/licences/{id}/code"),
        Some(token),
        None,
    )
    .await
}

async fn code(t: &TestApp, token: &str, id: &str) -> LicenceCode {
    let r = issue(t, token, id).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    serde_json::from_slice(&r.body).unwrap()
}

fn verify(t: &TestApp, digits: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(t.dir.path().join("yishi.db")).unwrap();
    licences::verify(&conn, digits, t.state.clock.now())
        .unwrap()
        .map(|l| l.id)
}

#[tokio::test]
async fn a_citizen_sees_their_licences_with_statuses_usable_first() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let list = licences_of(&t, &zhang).await;
    let kinds: Vec<LicenceKind> = list.items.iter().map(|l| l.kind).collect();
    for k in [
        LicenceKind::ResidentIdCard,
        LicenceKind::HouseholdRegister,
        LicenceKind::MarriageCertificate,
        LicenceKind::BirthMedicalCertificate,
        LicenceKind::DrivingLicence,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    let status = |id: &str| list.items.iter().find(|l| l.id == id).unwrap().status;
    assert_eq!(status("l-zhang-id"), LicenceStatus::Valid);
    assert_eq!(status("l-zhang-driving"), LicenceStatus::Expiring);
    assert_eq!(status("l-zhang-old-ssc"), LicenceStatus::Revoked);
    // Usable ones come first.
    let first_unusable = list.items.iter().position(|l| !l.status.usable()).unwrap();
    assert!(
        list.items[first_unusable..]
            .iter()
            .all(|l| !l.status.usable())
    );
    // No full number leaves the backend.
    for l in &list.items {
        assert!(l.number_masked.contains('*'), "{l:?}");
        assert!(!l.number_masked.contains("220681198805120033"));
    }
    // Time passes: the driving licence expires on its day.
    t.state.clock.advance(41 * 86_400);
    let zhang = t.sign_in(ZHANG).await;
    let later = licences_of(&t, &zhang).await;
    let driving = later
        .items
        .iter()
        .find(|l| l.id == "l-zhang-driving")
        .unwrap();
    assert_eq!(driving.status, LicenceStatus::Expired);
    issue(&t, &zhang, "l-zhang-driving")
        .await
        .problem(409, "conflict");
}

#[tokio::test]
async fn a_code_lives_two_minutes_is_stored_as_a_hash_and_a_new_one_ends_the_old() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let first = code(&t, &zhang, "l-zhang-id").await;
    assert_eq!(first.licence_id, "l-zhang-id");
    assert_eq!(first.expires_in, 120);
    assert_eq!(first.expires_at.0, t.state.clock.now().0 + 120);
    assert_eq!(first.digits.len(), 8);
    assert!(first.digits.bytes().all(|b| b.is_ascii_digit()));
    assert!(first.qr.contains(&first.digits));
    assert_eq!(verify(&t, &first.digits).as_deref(), Some("l-zhang-id"));

    // The database holds no code in the clear.
    let conn = rusqlite::Connection::open(t.dir.path().join("yishi.db")).unwrap();
    let stored: Vec<String> = conn
        .prepare("SELECT code_hash || ' ' || licence_id FROM licence_codes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&first.digits), "{stored:?}");

    // A refresh ends the previous code.
    let second = code(&t, &zhang, "l-zhang-id").await;
    assert_ne!(second.digits, first.digits);
    assert_eq!(verify(&t, &first.digits), None);
    assert_eq!(verify(&t, &second.digits).as_deref(), Some("l-zhang-id"));

    // Two minutes later it shows nothing.
    t.state.clock.advance(119);
    assert_eq!(verify(&t, &second.digits).as_deref(), Some("l-zhang-id"));
    t.state.clock.advance(1);
    assert_eq!(verify(&t, &second.digits), None);

    // A revoked licence cannot be shown.
    issue(&t, &zhang, "l-zhang-old-ssc")
        .await
        .problem(409, "conflict");
}

#[tokio::test]
async fn nobody_sees_or_shows_another_subjects_licences() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let zhangs = licences_of(&t, &zhang).await;
    let lis = licences_of(&t, &li).await;
    assert!(!lis.items.is_empty());
    assert!(
        lis.items
            .iter()
            .all(|l| zhangs.items.iter().all(|z| z.id != l.id))
    );
    // Li cannot get a code for Zhang's licence: the same 404 as no licence at all.
    let theirs = issue(&t, &li, "l-zhang-id").await.problem(404, "not_found");
    let none = issue(&t, &li, "l-does-not-exist")
        .await
        .problem(404, "not_found");
    assert_eq!(theirs, none, "someone else's licence looks like no licence");
    // Nor without signing in.
    t.get("/api/v1/licences", None)
        .await
        .problem(401, "unauthenticated");
    issue_signed_out(&t).await;

    // Acting for a business is another subject: its business licence, not Wang's own.
    let wang = t.sign_in(WANG).await;
    let restaurant = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let own = licences_of(&t, &wang).await;
    let biz = licences_of(&t, &restaurant).await;
    assert!(
        own.items
            .iter()
            .all(|l| l.kind != LicenceKind::BusinessLicence)
    );
    assert_eq!(biz.items.len(), 1);
    assert_eq!(biz.items[0].kind, LicenceKind::BusinessLicence);
    issue(&t, &restaurant, "l-wang-id")
        .await
        .problem(404, "not_found");
    issue(&t, &wang, &biz.items[0].id)
        .await
        .problem(404, "not_found");
    // Wang's own driving licence has expired.
    let driving = own.items.iter().find(|l| l.id == "l-wang-driving").unwrap();
    assert_eq!(driving.status, LicenceStatus::Expired);
}

async fn issue_signed_out(t: &TestApp) {
    t.call(Method::POST, "/api/v1/licences/l-zhang-id/code", None, None)
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn codes_are_rate_limited_per_subject() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    for _ in 0..30 {
        code(&t, &zhang, "l-zhang-id").await;
    }
    let r = issue(&t, &zhang, "l-zhang-id").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.header("retry-after").is_some());
    // Another citizen is not slowed down by it.
    let li = t.sign_in(LI).await;
    code(&t, &li, "l-li-id").await;
}

#[tokio::test]
async fn a_counter_checks_a_code_once_and_the_citizen_sees_who_used_it() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let li = t.sign_in(LI).await;
    let shown = code(&t, &zhang, "l-zhang-id").await;
    let office =
        json!({"zh-CN": "临江市政务服务中心户籍窗口", "en": "Household registration counter"});
    let url = "/api/v1/operator/licence-codes/verify";
    // Without the operator key: refused.
    t.post(url, None, json!({"digits": shown.digits, "office": office}))
        .await
        .problem(403, "forbidden");
    // Not a code's form, or no office: 422.
    t.operator(url, json!({"digits": "12ab", "office": office}))
        .await
        .problem(422, "validation");
    t.operator(
        url,
        json!({"digits": shown.digits, "office": {"zh-CN": " "}}),
    )
    .await
    .problem(422, "validation");
    // The digits as read (with a space), for a case: the licence as its holder sees it.
    let spaced = format!("{} {}", &shown.digits[..4], &shown.digits[4..]);
    let r = t
        .operator(
            url,
            json!({"digits": spaced, "office": office, "case_number": "LJ10000102"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let verified: LicenceVerified = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(verified.licence.id, "l-zhang-id");
    assert_eq!(verified.licence.holder.as_deref(), Some("张晓明"));
    assert!(verified.licence.number_masked.contains('*'));
    // Used up: the same code again is 404, as is a QR text of it.
    t.operator(url, json!({"digits": shown.digits, "office": office}))
        .await
        .problem(404, "not_found");
    t.operator(url, json!({"digits": shown.qr, "office": office}))
        .await
        .problem(404, "not_found");
    // A fresh code read from its QR text works; an expired one does not.
    let fresh = code(&t, &zhang, "l-zhang-ssc").await;
    t.state.clock.advance(121);
    t.operator(url, json!({"digits": fresh.qr, "office": office}))
        .await
        .problem(404, "not_found");
    let fresh = code(&t, &zhang, "l-zhang-ssc").await;
    let r = t
        .operator(url, json!({"digits": fresh.qr, "office": office}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Zhang sees both uses, newest first; Li sees none of them.
    let r = t.get("/api/v1/licences/uses", Some(&zhang)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let uses: LicenceUseList = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(uses.items.len(), 2);
    assert_eq!(uses.items[0].licence_id, "l-zhang-ssc");
    assert_eq!(uses.items[1].licence_id, "l-zhang-id");
    assert_eq!(uses.items[1].case_number.as_deref(), Some("LJ10000102"));
    assert_eq!(uses.items[1].purpose, LicenceUsePurpose::ShownAtCounter);
    assert_eq!(uses.items[1].used_by.zh, "临江市政务服务中心户籍窗口");
    let r = t.get("/api/v1/licences/uses", Some(&li)).await;
    let lis: LicenceUseList = serde_json::from_slice(&r.body).unwrap();
    assert!(lis.items.is_empty());
    t.get("/api/v1/licences/uses", None)
        .await
        .problem(401, "unauthenticated");
}
