//! 一表申请 and what comes with it: the profile, attachments, applications (idempotent, validated
//! with the app's rules), supplements during review (the paused clock), anonymous ratings and
//! rating summaries from real ratings.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use yishi_contract::{
    Attachment, Case, CaseState, LifeEvent, Page, Profile, PublicCase, Rating, RatingSummary, Stage,
};

use common::{Resp, TestApp};

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const WANG: &str = "13800000003";
const RESTAURANT: &str = "91371102MA3LW8DQ51";

/// A tiny but real PNG signature followed by an IHDR chunk header.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

async fn upload(
    t: &TestApp,
    token: &str,
    name: Option<&str>,
    content_type: &str,
    bytes: Vec<u8>,
) -> Resp {
    let mut b = Request::post("/api/v1/attachments")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type);
    if let Some(n) = name {
        b = b.header("x-file-name", n);
    }
    t.send(b.body(Body::from(bytes)).unwrap()).await
}

async fn upload_ok(t: &TestApp, token: &str, bytes: &[u8]) -> Attachment {
    let r = upload(t, token, Some("scan.png"), "image/png", bytes.to_vec()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

async fn get_case(t: &TestApp, token: &str, id: &str) -> Case {
    let r = t.get(&format!("/api/v1/cases/{id}"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

// ------------------------------------------------------------------ profile

#[tokio::test]
async fn the_profile_prefills_from_what_the_backend_holds() {
    let t = TestApp::new();
    t.get("/api/v1/profile", None)
        .await
        .problem(401, "unauthenticated");
    let token = t.sign_in(ZHANG).await;
    let r = t.get("/api/v1/profile", Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let p: Profile = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(p.name.as_deref(), Some("张晓明"));
    assert_eq!(p.phone.as_deref(), Some(ZHANG));
    let id = p.resident_id.unwrap();
    assert!(yishi_core::validate::resident_id_valid(&id), "{id}");
    assert!(p.address.unwrap().starts_with("临江市"));
    assert!(p.business_name.is_none() && p.credit_code.is_none());

    // Acting for a business: the person's data and the business's.
    let s = t.sign_in_as(WANG, Some(RESTAURANT)).await;
    let p: Profile =
        serde_json::from_slice(&t.get("/api/v1/profile", s["token"].as_str()).await.body).unwrap();
    assert_eq!(p.name.as_deref(), Some("王建国"));
    assert_eq!(p.credit_code.as_deref(), Some(RESTAURANT));
    assert_eq!(
        p.business_name.as_deref(),
        Some("临江市味道餐饮管理有限公司")
    );

    // A number with no real-name record: only the phone.
    let stranger = t.sign_in("13900000009").await;
    let p: Profile =
        serde_json::from_slice(&t.get("/api/v1/profile", Some(&stranger)).await.body).unwrap();
    assert_eq!(
        p,
        Profile {
            phone: Some("13900000009".into()),
            ..Profile::default()
        }
    );
}

// ------------------------------------------------------------------ attachments

#[tokio::test]
async fn attachments_are_checked_by_content_and_private() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    // The name is percent-encoded UTF-8; the type comes from the bytes, not from Content-Type.
    let r = upload(
        &t,
        &zhang,
        Some("%E5%87%BA%E7%94%9F%E8%AF%81%E6%98%8E.pdf"),
        "application/octet-stream",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a: Attachment = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (a.name.as_str(), a.content_type.as_str(), a.size),
        ("出生证明.pdf", "application/pdf", PDF.len() as u64)
    );

    let got = t
        .get(&format!("/api/v1/attachments/{}", a.id), Some(&zhang))
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, PDF);
    assert_eq!(got.header("content-type"), Some("application/pdf"));
    assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    let disposition = got.header("content-disposition").unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E5%87%BA"),
        "{disposition}"
    );

    // Someone else's file, and no file at all, look the same.
    let li = t.sign_in(LI).await;
    let theirs = t
        .get(&format!("/api/v1/attachments/{}", a.id), Some(&li))
        .await;
    let none = t.get("/api/v1/attachments/att-nothing", Some(&li)).await;
    assert_eq!(
        theirs.problem(404, "not_found"),
        none.problem(404, "not_found")
    );
    t.get(&format!("/api/v1/attachments/{}", a.id), None)
        .await
        .problem(401, "unauthenticated");

    // Types are told by content: an HTML page called .png is refused, a JPEG is accepted.
    upload(
        &t,
        &zhang,
        Some("x.png"),
        "image/png",
        b"<html><script>alert(1)</script>".to_vec(),
    )
    .await
    .problem(415, "unsupported_media_type");
    upload(&t, &zhang, None, "image/png", Vec::new())
        .await
        .problem(415, "unsupported_media_type");
    let jpeg = upload(
        &t,
        &zhang,
        None,
        "image/png",
        vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F'],
    )
    .await;
    assert_eq!(jpeg.status, StatusCode::CREATED);
    assert_eq!(jpeg.json()["content_type"], "image/jpeg");
    assert_eq!(jpeg.json()["name"], "附件.jpg");
    upload(&t, &zhang, Some("%zz"), "image/png", PNG.to_vec())
        .await
        .problem(400, "bad_request");

    // 10 MiB is the limit: exactly 10 MiB is fine, one byte more is 413 problem+json.
    let max = 10 * 1024 * 1024;
    let mut big = PNG.to_vec();
    big.resize(max, 0);
    let r = upload(&t, &zhang, Some("big.png"), "image/png", big.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    big.push(0);
    upload(&t, &zhang, Some("big.png"), "image/png", big.clone())
        .await
        .problem(413, "too_large");
    // Also when the size is announced up front.
    let req = Request::post("/api/v1/attachments")
        .header("authorization", format!("Bearer {zhang}"))
        .header("content-length", big.len().to_string())
        .body(Body::from(big))
        .unwrap();
    t.send(req).await.problem(413, "too_large");
}

/// A stored name is safe to show and to save: `.html`/`.exe` cannot ride along as a second
/// extension, and a right-to-left override cannot make `…gpj.exe` read as `…exe.jpg`.
#[tokio::test]
async fn upload_names_are_stored_safe() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let encode = yishi_server::applications::percent_encode;
    for (sent, bytes, kept) in [
        ("invoice.html", PDF, "invoice_html.pdf"),
        ("photo.exe.png", PNG, "photo_exe.png"),
        ("cv\u{202E}fdp.exe", PDF, "cvfdp_exe.pdf"),
        ("\u{2067}户口簿\u{2069}.png\u{200B}", PNG, "户口簿.png"),
        ("report.pdf\u{0}.html", PDF, "report_pdf_html.pdf"),
    ] {
        let r = upload(
            &t,
            &zhang,
            Some(&encode(sent)),
            "application/octet-stream",
            bytes.to_vec(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{sent:?}: {}", r.text());
        let a: Attachment = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(a.name, kept, "{sent:?}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        // The download is named the same way, and never shown inline.
        let got = t
            .get(&format!("/api/v1/attachments/{}", a.id), Some(&zhang))
            .await;
        let disposition = got.header("content-disposition").unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(disposition.contains(&encode(kept)), "{disposition}");
        assert!(
            !disposition.contains("%E2%80%AE"),
            "no U+202E: {disposition}"
        );
        assert!(got.header("cache-control").unwrap().contains("no-store"));
    }
}

// ------------------------------------------------------------------ applications

/// The newborn event and a complete, valid application for it (married parents, the mother
/// insured: the reimbursement account is shown and needed, the paternity report is not).
async fn newborn(t: &TestApp) -> LifeEvent {
    serde_json::from_slice(&t.get("/api/v1/events/newborn", None).await.body).unwrap()
}

fn first_option(event: &LifeEvent, field: &str) -> String {
    let f = event
        .form
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .find(|f| f.id == field)
        .unwrap();
    f.options[0].value.clone()
}

fn newborn_application(event: &LifeEvent, photo: &str) -> Value {
    json!({
        "event_id": "newborn",
        "answers": {"married": true, "hukou_parent": "father", "insured": "mother", "babies": 1},
        "fields": {
            "applicant_name": "张晓明",
            "applicant_id": "220681198805120033",
            "applicant_phone": "13800000001",
            "other_parent_name": "刘芳",
            "other_parent_id": "11010519491231002X",
            "baby_name": "张小宝",
            "baby_birth_date": "2026-11-20",
            "baby_sex": first_option(event, "baby_sex"),
            "home_address": " 临江市建设大街88号3单元502室 ",
            "ssc_bank": first_option(event, "ssc_bank"),
            "reimbursement_account": "6222020200112233445",
            "delivery": first_option(event, "delivery"),
        },
        "attachments": [{"target": "ssc_photo", "attachment_id": photo}],
    })
}

fn apply_request(token: &str, key: Option<&str>, body: &Value) -> Request<Body> {
    let mut b = Request::post("/api/v1/applications")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json");
    if let Some(k) = key {
        b = b.header("idempotency-key", k);
    }
    b.body(Body::from(body.to_string())).unwrap()
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

#[tokio::test]
async fn an_application_becomes_one_case_however_often_it_is_sent() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let before = t.all_cases(&token).await.len();
    let event = newborn(&t).await;
    let photo = upload_ok(&t, &token, PNG).await;
    let body = newborn_application(&event, &photo.id);

    t.send(apply_request(&token, None, &body))
        .await
        .problem(400, "bad_request");
    let first = t.send(apply_request(&token, Some("apply-1"), &body)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let case: Case = serde_json::from_slice(&first.body).unwrap();
    assert_eq!(case.summary.stage, Stage::Received);
    assert_eq!(case.summary.event_id.as_deref(), Some("newborn"));
    assert!(
        case.summary.number.starts_with("LJ") && case.summary.number.len() == 12,
        "{}",
        case.summary.number
    );
    assert_eq!(first.header("cache-control"), Some("no-store"));
    // An event's case: titled with the event's name, promised within the event's promise, with
    // the longest legal limit of its matters (the contract's rule), never above the event's.
    assert_eq!(case.summary.title, event.card.name);
    assert_eq!(case.summary.deadline.promised, event.card.promised_limit);
    assert_eq!(
        Some(&case.summary.deadline.legal),
        event.card.legal_limit.as_ref()
    );
    assert_eq!(case.applicant_masked, "张*明");
    assert_eq!(case.timeline.len(), 1);
    assert_eq!(case.timeline[0].stage, Stage::Received);
    assert!(case.withdrawable);
    // A member per applicable matter: the mother is insured, so both maternity matters apply.
    let members: Vec<&str> = case.members.iter().map(|m| m.matter_id.as_str()).collect();
    assert_eq!(members.len(), 10, "{members:?}");
    assert!(
        members.contains(&"maternity-allowance")
            && members.contains(&"maternity-medical-reimbursement")
    );
    assert!(case.members.iter().all(|m| m.stage == Stage::Received));

    // A double tap, a retry after a timeout: the same case, replayed.
    for _ in 0..2 {
        let again = t.send(apply_request(&token, Some("apply-1"), &body)).await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.body, first.body);
    }
    // The same key with another body is refused, and creates nothing.
    let mut other = body.clone();
    other["fields"]["baby_name"] = json!("张小贝");
    t.send(apply_request(&token, Some("apply-1"), &other))
        .await
        .problem(422, "idempotency_mismatch");
    let after = t.all_cases(&token).await;
    assert_eq!(after.len(), before + 1, "exactly one new case");
    // Newest first after the cases that need the citizen's action.
    let first_other = after
        .iter()
        .position(|c| c["state"] != "needs_action")
        .unwrap();
    assert_eq!(
        after[first_other]["number"],
        case.summary.number.as_str(),
        "newest first"
    );

    // The receipt carries the query code (查询码): with the number, it finds the new case
    // without signing in, and without personal data. The name alone no longer does.
    let code = case
        .query_code
        .clone()
        .expect("the receipt has a query code");
    let number = &case.summary.number;
    assert!(
        number.len() == 12
            && number.starts_with("LJ")
            && number[2..].bytes().all(|b| b.is_ascii_digit()),
        "{number}"
    );
    t.post(
        "/api/v1/cases/lookup",
        None,
        json!({"number": number, "query_code": "", "applicant_name": "张晓明"}),
    )
    .await
    .problem(422, "validation");
    let r = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": number, "query_code": code}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let public: PublicCase = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(public.stage, Stage::Received);
    for secret in [
        "张晓明",
        "张*明",
        "220681198805120033",
        ZHANG,
        "6222020200112233445",
        "建设大街",
    ] {
        assert!(
            !r.text().contains(secret),
            "{secret} in a lookup: {}",
            r.text()
        );
    }

    // Another key is another application: a second case (the key is what makes a retry a retry).
    let second = t.send(apply_request(&token, Some("apply-2"), &body)).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_ne!(second.json()["number"], first.json()["number"]);
    // Keys are scoped to the subject: 李芳 may use the same key for her own application, and
    // gets her own answer (here: the attachment is not hers).
    let li = t.sign_in(LI).await;
    let p = t
        .send(apply_request(&li, Some("apply-1"), &body))
        .await
        .problem(422, "validation");
    assert_eq!(
        field_errors(&p),
        [
            ("/attachments/0/attachment_id", "invalid"),
            ("/fields/ssc_photo", "required")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[tokio::test]
async fn applications_are_validated_with_the_apps_rules() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let event = newborn(&t).await;
    let photo = upload_ok(&t, &token, PNG).await;
    let good = newborn_application(&event, &photo.id);
    let mut n = 0;
    let mut submit = |body: Value| {
        n += 1;
        let req = apply_request(&token, Some(&format!("v-{n}")), &body);
        let t = &t;
        async move { t.send(req).await }
    };

    let mut bad = good.clone();
    bad["fields"]["applicant_id"] = json!("220681198805120034"); // wrong check digit
    bad["fields"]["applicant_phone"] = json!("1380000000");
    bad["fields"]["baby_name"] = json!("Baby Zhang"); // the pattern wants Chinese characters
    bad["fields"]["baby_birth_date"] = json!("2026-11-28"); // tomorrow
    bad["fields"]["baby_sex"] = json!("男"); // a label, not an option value
    bad["fields"]["home_address"] = json!("临江市"); // shorter than 5
    bad["fields"]["other_parent_name"] = json!("  ");
    let p = submit(bad).await.problem(422, "validation");
    let mut errors = field_errors(&p);
    errors.sort();
    let mut want: Vec<(String, String)> = [
        ("/fields/applicant_id", "invalid"),
        ("/fields/applicant_phone", "invalid"),
        ("/fields/baby_birth_date", "out_of_range"),
        ("/fields/baby_name", "invalid"),
        ("/fields/baby_sex", "invalid"),
        ("/fields/home_address", "too_short"),
        ("/fields/other_parent_name", "required"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(errors, want);

    // Unmarried with the father's hukou: the paternity report is shown and required.
    let mut unmarried = good.clone();
    unmarried["answers"]["married"] = json!(false);
    let p = submit(unmarried.clone()).await.problem(422, "validation");
    assert_eq!(
        field_errors(&p),
        [(
            "/fields/paternity_report".to_string(),
            "required".to_string()
        )]
    );
    let report = upload_ok(&t, &token, PDF).await;
    unmarried["attachments"]
        .as_array_mut()
        .unwrap()
        .push(json!({"target": "paternity_report", "attachment_id": report.id}));
    assert_eq!(submit(unmarried).await.status, StatusCode::CREATED);

    // Nobody insured: the reimbursement account is hidden, so neither required nor checked,
    // and the maternity matters are not members.
    let mut uninsured = good.clone();
    uninsured["answers"] = json!({"married": true, "hukou_parent": "father", "insured": "neither"});
    uninsured["fields"]["reimbursement_account"] = json!("not digits but hidden");
    let r = submit(uninsured).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case: Case = serde_json::from_slice(&r.body).unwrap();
    assert!(
        !case
            .members
            .iter()
            .any(|m| m.matter_id.starts_with("maternity"))
    );

    // Answers: a question left open, a value that is not an option, a question that does not exist.
    let mut answers = good.clone();
    answers["answers"] =
        json!({"married": true, "hukou_parent": "grandma", "insured": "mother", "pets": 2});
    let p = submit(answers).await.problem(422, "validation");
    let errors = field_errors(&p);
    for want in [
        ("/answers/hukou_parent", "invalid"),
        ("/answers/pets", "invalid"),
        ("/answers/hukou_parent", "required"),
        ("/answers/babies", "required"),
    ] {
        assert!(
            errors.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {errors:?}"
        );
    }

    // Attachments: to a field that is not an attachment, to a hidden field, of another citizen.
    let li = t.sign_in(LI).await;
    let lis = upload_ok(&t, &li, PNG).await;
    let mut files = good.clone();
    files["attachments"] = json!([
        {"target": "ssc_photo", "attachment_id": lis.id},
        {"target": "baby_name", "attachment_id": photo.id},
        {"target": "paternity_report", "attachment_id": photo.id},
    ]);
    let p = submit(files).await.problem(422, "validation");
    assert_eq!(
        field_errors(&p),
        [
            ("/attachments/0/attachment_id", "invalid"),
            ("/attachments/1/target", "invalid"),
            ("/attachments/2/target", "invalid"),
            ("/fields/ssc_photo", "required"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );

    // Unknown event: 404; an event that cannot be applied for online: 409.
    let mut unknown = good.clone();
    unknown["event_id"] = json!("no-such-event");
    submit(unknown).await.problem(404, "not_found");
    let offline = json!({"event_id": "marriage-and-childbearing", "answers": {}, "fields": {}});
    submit(offline).await.problem(409, "conflict");
    // A body of the wrong shape.
    let p = submit(json!({"event_id": 7}))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/event_id");
    t.call(Method::POST, "/api/v1/applications", None, Some(good))
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn a_business_applies_as_itself() {
    let t = TestApp::new();
    let s = t.sign_in_as(WANG, Some(RESTAURANT)).await;
    let token = s["token"].as_str().unwrap();
    let event: LifeEvent = serde_json::from_slice(
        &t.get("/api/v1/events/business-info-change", None)
            .await
            .body,
    )
    .unwrap();
    let form = event.form.as_ref().unwrap();
    let code_field = form.fields.iter().find(|f| f.id == "credit_code").unwrap();
    assert_eq!(code_field.kind, yishi_contract::FieldKind::CreditCode);
    // A credit code with the right characters but a wrong check character is refused.
    let body = json!({"event_id": "business-info-change", "answers": {}, "fields": {"credit_code": "91371102MA3LW8DQ52"}});
    let p = t
        .send(apply_request(token, Some("b-1"), &body))
        .await
        .problem(422, "validation");
    assert!(
        field_errors(&p).contains(&("/fields/credit_code".to_string(), "invalid".to_string())),
        "{p}"
    );
}

// ------------------------------------------------------------------ supplement during review

#[tokio::test]
async fn a_supplement_during_review_pauses_the_clock_until_supplied() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000113").await;
    let case = get_case(&t, &token, &id).await;
    assert_eq!(case.summary.stage, Stage::SupplementRequired);
    assert_eq!(case.summary.state, CaseState::NeedsAction);
    let clock = &case.summary.deadline;
    assert!(clock.paused && clock.accepted_on.is_some() && clock.used_days > 0);
    let stages: Vec<Stage> = case.timeline.iter().map(|e| e.stage).collect();
    assert_eq!(
        stages,
        [
            Stage::Received,
            Stage::Accepted,
            Stage::UnderReview,
            Stage::SupplementRequired
        ]
    );
    let request = case.supplement.clone().unwrap();
    // The citizen's own deadline is on the summary, and the office is a name with its details.
    assert_eq!(case.summary.action_due_on, Some(request.due_on));
    let office = request.office.clone().unwrap();
    let bring_to = request.bring_to.clone().unwrap();
    assert_eq!(bring_to.name, office);
    assert!(!bring_to.address.zh.is_empty() && !bring_to.hours.zh.is_empty());
    let items = request.items;
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i.id.starts_with("si-") && !i.received));
    assert_ne!(items[0].id, items[1].id);
    assert!(case.withdrawable);
    let url = format!("/api/v1/cases/{id}/supplement");

    // Bad uploads: an item that is not in the request, someone else's file, nothing at all.
    let mine = upload_ok(&t, &token, PDF).await;
    let li = t.sign_in(LI).await;
    let lis = upload_ok(&t, &li, PDF).await;
    let p = t
        .post(
            &url,
            Some(&token),
            json!({"attachments": [
                {"target": "si-999999", "attachment_id": mine.id},
                {"target": items[0].id, "attachment_id": lis.id},
            ]}),
        )
        .await
        .problem(422, "validation");
    assert_eq!(
        field_errors(&p),
        [
            ("/attachments/0/target", "invalid"),
            ("/attachments/1/attachment_id", "invalid")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    t.post(&url, Some(&token), json!({"attachments": []}))
        .await
        .problem(422, "validation");
    // Someone else's case is not found; a case not waiting for material is a conflict.
    t.post(
        &url,
        Some(&li),
        json!({"attachments": [{"target": items[0].id, "attachment_id": lis.id}]}),
    )
    .await
    .problem(404, "not_found");
    let other = t.case_id(&token, "LJ10000102").await;
    t.post(
        &format!("/api/v1/cases/{other}/supplement"),
        Some(&token),
        json!({"attachments": [{"target": items[0].id, "attachment_id": mine.id}]}),
    )
    .await
    .problem(409, "conflict");

    // One item supplied: still waiting, still paused.
    let r = t
        .post(
            &url,
            Some(&token),
            json!({"attachments": [{"target": items[0].id, "attachment_id": mine.id}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let half: Case = serde_json::from_slice(&r.body).unwrap();
    let got: Vec<bool> = half
        .supplement
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|i| i.received)
        .collect();
    assert_eq!(got, [true, false]);
    assert!(half.summary.deadline.paused);
    assert_eq!(half.summary.state, CaseState::NeedsAction);

    // A working week later, the rest: the pause ends today, the case waits for the office.
    t.state.clock.advance(7 * 86_400);
    let token = t.sign_in(ZHANG).await;
    let paused_for = get_case(&t, &token, &id).await.summary.deadline;
    assert!(paused_for.paused);
    assert_eq!(
        paused_for.used_days, clock.used_days,
        "no day counted while paused"
    );
    let second = upload_ok(&t, &token, PNG).await;
    let r = t
        .post(
            &url,
            Some(&token),
            json!({"attachments": [{"target": items[1].id, "attachment_id": second.id}]}),
        )
        .await;
    let full: Case = serde_json::from_slice(&r.body).unwrap();
    assert!(
        full.supplement
            .as_ref()
            .unwrap()
            .items
            .iter()
            .all(|i| i.received)
    );
    assert_eq!(
        full.summary.stage,
        Stage::SupplementRequired,
        "the office checks the material first"
    );
    assert_eq!(
        full.summary.state,
        CaseState::InProgress,
        "nothing more for the citizen to do"
    );
    assert!(!full.summary.deadline.paused);
    let today = t.state.clock.now().china_date();
    assert_eq!(full.pauses.last().unwrap().to, Some(today));
    let needs: Page<yishi_contract::CaseSummary> = serde_json::from_slice(
        &t.get("/api/v1/cases?state=needs_action", Some(&token))
            .await
            .body,
    )
    .unwrap();
    assert!(!needs.items.iter().any(|c| c.id == id));

    // Counting resumes the day after the material came.
    t.state.clock.advance(3 * 86_400);
    let token = t.sign_in(ZHANG).await;
    let later = get_case(&t, &token, &id).await.summary.deadline;
    assert!(later.used_days > clock.used_days);

    // The office moves on: it may not accept an accepted case again; review resumes.
    let advance = format!("/api/v1/operator/cases/{id}/advance");
    t.operator(&advance, json!({"to": "accepted"}))
        .await
        .problem(409, "illegal_transition");
    t.operator(&advance, json!({"to": "not_accepted"}))
        .await
        .problem(409, "illegal_transition");
    let r = t.operator(&advance, json!({"to": "under_review"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let resumed: Case = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(resumed.summary.stage, Stage::UnderReview);
    assert_eq!(
        resumed.pauses.len(),
        1,
        "the pause was closed by the upload, not reopened"
    );
    assert_eq!(resumed.pauses[0].to, Some(today));
    // Review has resumed: nothing more is supplied through this operation.
    t.post(
        &url,
        Some(&token),
        json!({"attachments": [{"target": items[0].id, "attachment_id": mine.id}]}),
    )
    .await
    .problem(409, "conflict");
}

#[tokio::test]
async fn the_operator_can_ask_for_more_during_review() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let id = t.case_id(&token, "LJ10000102").await; // accepted
    let url = format!("/api/v1/operator/cases/{id}/advance");
    // Not before review has begun.
    t.operator(
        &url,
        json!({"to": "supplement_required", "supplement_items": [{"name": {"zh-CN": "户口簿"}}]}),
    )
    .await
    .problem(409, "illegal_transition");
    t.operator(&url, json!({"to": "under_review"})).await;
    let r = t
        .operator(&url, json!({"to": "supplement_required", "supplement_items": [
            {"name": {"zh-CN": "居住证明", "en": "Proof of residence"}, "material_id": "residence_proof"},
            {"name": {"zh-CN": "居住证明（复印件）"}, "material_id": "residence_proof"},
        ]}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let c: Case = serde_json::from_slice(&r.body).unwrap();
    assert!(c.summary.deadline.paused);
    assert_eq!(c.summary.ratable, [yishi_contract::RatingStage::Acceptance]);
    // Two items for one material: told apart by their ids.
    let items = c.supplement.unwrap().items;
    assert_ne!(items[0].id, items[1].id);
    let f = upload_ok(&t, &token, PDF).await;
    let r = t
        .post(
            &format!("/api/v1/cases/{id}/supplement"),
            Some(&token),
            json!({"attachments": [{"target": items[1].id, "attachment_id": f.id}]}),
        )
        .await;
    let received: Vec<bool> = r.json()["supplement"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["received"].as_bool().unwrap())
        .collect();
    assert_eq!(received, [false, true]);
    // The operator may move on without the citizen's upload (material brought to the window).
    let r = t.operator(&url, json!({"to": "under_review"})).await;
    assert_eq!(r.json()["stage"], "under_review");
    assert!(
        r.json()["pauses"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("to").is_some())
    );
}

// ------------------------------------------------------------------ withdraw and lookup

#[tokio::test]
async fn decided_cases_cannot_be_withdrawn() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    // Approved, refused, delivered, closed, not accepted, withdrawn.
    for number in [
        "LJ10000106",
        "LJ10000107",
        "LJ10000108",
        "LJ10000109",
        "LJ10000110",
        "LJ10000111",
    ] {
        let id = t.case_id(&token, number).await;
        let before = get_case(&t, &token, &id).await;
        assert!(!before.withdrawable, "{number}");
        t.call(
            Method::POST,
            &format!("/api/v1/cases/{id}/withdraw"),
            Some(&token),
            None,
        )
        .await
        .problem(409, "illegal_transition");
        let after = get_case(&t, &token, &id).await;
        assert_eq!(
            after.summary.stage, before.summary.stage,
            "{number} unchanged"
        );
        assert_eq!(
            after.timeline.len(),
            before.timeline.len(),
            "{number}: nothing recorded"
        );
    }
    // A supplement during review can still be withdrawn.
    let id = t.case_id(&token, "LJ10000113").await;
    let r = t
        .call(
            Method::POST,
            &format!("/api/v1/cases/{id}/withdraw"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.json()["stage"], "withdrawn");
    assert!(
        r.json()["pauses"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("to").is_some())
    );
}

/// Every string anywhere in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

#[tokio::test]
async fn a_lookup_never_carries_personal_data() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let business = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        ("LJ10000103", "张晓明", &zhang),
        ("LJ10000108", "张晓明", &zhang),
        ("LJ10000113", "张晓明", &zhang),
        ("LJ40000101", "临江市味道餐饮管理有限公司", &business),
    ];
    for (number, name, owner) in cases {
        let code = t.query_code(owner, number).await;
        let r = t
            .post(
                "/api/v1/cases/lookup",
                None,
                json!({"number": number, "query_code": code}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let mut all = Vec::new();
        strings(&r.json(), &mut all);
        for s in &all {
            for secret in [
                name,
                "张*明",
                "13800000001",
                "138****0001",
                "13800000003",
                RESTAURANT,
                "EMS",
                "运单号",
                &code,
            ] {
                assert!(!s.contains(secret), "{number}: {secret:?} in {s:?}");
            }
        }
        for key in [
            "applicant_masked",
            "applicant_name",
            "delivery",
            "members",
            "phone",
            "id",
            "query_code",
        ] {
            assert!(r.json().get(key).is_none(), "{number}: {key}");
        }
        // While material is missing, what (by name), by when and where, never the notes.
        let needs_action = r.json()["state"] == "needs_action";
        let supplement = r.json().get("supplement").cloned();
        assert_eq!(supplement.is_some(), needs_action, "{number}");
        if let Some(s) = supplement {
            assert!(s.get("due_on").is_some() && s["bring_to"]["address"].is_object());
            for item in s["items"].as_array().unwrap() {
                let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
                assert_eq!(keys, ["name", "received"], "{number}");
            }
        }
        // Exactly the public members.
        let _: PublicCase = serde_json::from_slice(&r.body).unwrap();
    }
}

// ------------------------------------------------------------------ ratings without signing in

fn anon_rating(key: &str, body: &Value) -> Request<Body> {
    Request::post("/api/v1/ratings")
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn signed_rating(token: &str, key: &str, body: &Value) -> Request<Body> {
    Request::post("/api/v1/ratings")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn ratings_without_signing_in_use_the_case_number_and_query_code() {
    let t = TestApp::with_config(|c| c.lookup_per_minute = 1000);
    let token = t.sign_in(ZHANG).await;
    let code = t.query_code(&token, "LJ10000109").await;
    let code_108 = t.query_code(&token, "LJ10000108").await;
    let body = json!({"case_id": "", "stage": "completion", "channel": "window", "level": 4,
        "dimensions": [{"dimension": "attitude", "level": 5}],
        "lookup": {"number": "lj10000109", "query_code": code.to_lowercase()}});
    let first = t.send(anon_rating("anon-1", &body)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let rating: Rating = serde_json::from_slice(&first.body).unwrap();
    assert_eq!(rating.case_number, "LJ10000109");
    assert!(rating.without_sign_in, "marked as sent without signing in");
    // Retried: the same answer, once.
    let again = t.send(anon_rating("anon-1", &body)).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    let mut other = body.clone();
    other["level"] = json!(5);
    t.send(anon_rating("anon-1", &other))
        .await
        .problem(422, "idempotency_mismatch");
    // The key is scoped to the case number: another case may use the same key.
    let elsewhere = json!({"case_id": "", "stage": "acceptance", "channel": "online", "level": 5,
        "lookup": {"number": "LJ10000108", "query_code": code_108}});
    assert_eq!(
        t.send(anon_rating("anon-1", &elsewhere)).await.status,
        StatusCode::CREATED
    );
    // One rating without sign-in per case and stage…
    let second = json!({"case_id": "", "stage": "completion", "channel": "online", "level": 1,
        "reasons": ["slow"], "lookup": {"number": "LJ10000109", "query_code": code}});
    t.send(anon_rating("anon-7", &second))
        .await
        .problem(409, "conflict");
    let lookup = t
        .post(
            "/api/v1/cases/lookup",
            None,
            json!({"number": "LJ10000109", "query_code": code}),
        )
        .await;
    // (Completion is taken; acceptance is still open.)
    assert_eq!(
        lookup.json()["ratable"],
        json!(["acceptance"]),
        "{}",
        lookup.text()
    );
    // …but it never takes the applicant's own: the stage is still open to them, and their
    // rating is theirs.
    let case = t.case_id(&token, "LJ10000109").await;
    let own = t.get(&format!("/api/v1/cases/{case}"), Some(&token)).await;
    assert_eq!(
        own.json()["ratable"],
        json!(["acceptance", "completion"]),
        "{}",
        own.text()
    );
    let signed = t
        .send(signed_rating(
            &token,
            "signed-1",
            &json!({"case_id": case, "stage": "completion", "channel": "online", "level": 5}),
        ))
        .await;
    assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.text());
    let signed: Rating = serde_json::from_slice(&signed.body).unwrap();
    assert!(!signed.without_sign_in);
    t.send(signed_rating(
        &token,
        "signed-2",
        &json!({"case_id": case, "stage": "completion", "channel": "online", "level": 4}),
    ))
    .await
    .problem(409, "conflict");
    // The rating without sign-in is nobody's: not among the applicant's ratings, not readable
    // by id, and without a call-back.
    let mine: Page<Rating> =
        serde_json::from_slice(&t.get("/api/v1/ratings", Some(&token)).await.body).unwrap();
    assert!(mine.items.iter().any(|r| r.id == signed.id));
    assert!(!mine.items.iter().any(|r| r.id == rating.id));
    t.get(&format!("/api/v1/ratings/{}", rating.id), Some(&token))
        .await
        .problem(404, "not_found");

    // A wrong code and a wrong number are the same 404; the name is not a key any more.
    let mut wrong = body.clone();
    wrong["lookup"]["query_code"] = json!(code_108);
    let a = t
        .send(anon_rating("anon-2", &wrong))
        .await
        .problem(404, "not_found");
    let mut nowhere = body.clone();
    nowhere["lookup"]["number"] = json!("LJ99999999");
    let b = t
        .send(anon_rating("anon-3", &nowhere))
        .await
        .problem(404, "not_found");
    assert_eq!(a, b);
    let by_name = json!({"case_id": "", "stage": "completion", "channel": "online", "level": 4,
        "lookup": {"number": "LJ10000108", "applicant_name": "张晓明"}});
    let p = t
        .send(anon_rating("anon-8", &by_name))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/lookup/query_code");
    // The channel's dimensions and the reason rule still apply.
    let online_dims = json!({"case_id": "", "stage": "completion", "channel": "online", "level": 4,
        "dimensions": [{"dimension": "attitude", "level": 5}],
        "lookup": {"number": "LJ10000108", "query_code": code_108}});
    let p = t
        .send(anon_rating("anon-4", &online_dims))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["pointer"], "/dimensions/0/dimension");
    let bad_without_reason = json!({"case_id": "", "stage": "completion", "channel": "online", "level": 1,
        "lookup": {"number": "LJ10000108", "query_code": code_108}});
    let p = t
        .send(anon_rating("anon-5", &bad_without_reason))
        .await
        .problem(422, "validation");
    assert_eq!(p["errors"][0]["code"], "reason_required");
    // Neither a session nor a lookup: sign in first.
    let no_lookup =
        json!({"case_id": case, "stage": "completion", "channel": "online", "level": 5});
    t.send(anon_rating("anon-6", &no_lookup))
        .await
        .problem(401, "unauthenticated");
}

/// Before query codes, a stranger who knew a business's (public) name could rate its case by
/// number, and the rating took the business's own slot: its own rating was then refused.
#[tokio::test]
async fn a_stranger_with_the_number_and_name_can_neither_rate_nor_block_the_applicant() {
    let t = TestApp::new();
    let business = t.sign_in_as(WANG, Some(RESTAURANT)).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let case = t.case_id(&business, "LJ40000103").await;
    let stranger = json!({"case_id": "", "stage": "completion", "channel": "online", "level": 1,
        "reasons": ["attitude"],
        "lookup": {"number": "LJ40000103", "applicant_name": "临江市味道餐饮管理有限公司", "query_code": "2222-2222"}});
    t.send(anon_rating("stranger-1", &stranger))
        .await
        .problem(404, "not_found");
    let own = t
        .send(signed_rating(
            &business,
            "own-1",
            &json!({"case_id": case, "stage": "completion", "channel": "window", "level": 5}),
        ))
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text());
}

#[tokio::test]
async fn anonymous_ratings_are_rate_limited_like_lookups() {
    let t = TestApp::with_config(|c| c.lookup_per_minute = 3);
    let body = |i: usize| {
        json!({"case_id": "", "stage": "completion", "channel": "online", "level": 5,
            "lookup": {"number": format!("LJ0000000{i}"), "query_code": "2222-2222"}})
    };
    for i in 0..3 {
        t.send(anon_rating(&format!("k{i}"), &body(i)))
            .await
            .problem(404, "not_found");
    }
    let r = t.send(anon_rating("k9", &body(9))).await;
    r.problem(429, "rate_limited");
    assert!(r.header("retry-after").is_some());
    // Lookups share the budget.
    t.post(
        "/api/v1/cases/lookup",
        None,
        json!({"number": "LJ10000105", "query_code": "2222-2222"}),
    )
    .await
    .problem(429, "rate_limited");
}

// ------------------------------------------------------------------ rating summaries

#[tokio::test]
async fn rating_summaries_count_real_ratings() {
    let t = TestApp::new();
    let token = t.sign_in(ZHANG).await;
    let summary = |matter: String| {
        let t = &t;
        async move {
            let r = t
                .get(&format!("/api/v1/matters/{matter}/rating-summary"), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            serde_json::from_slice::<RatingSummary>(&r.body).unwrap()
        }
    };
    // LJ10000112's matter has the demo's bad rating (level 2), already rectified.
    let cases = t.all_cases(&token).await;
    let matter_of = |number: &str| {
        cases.iter().find(|c| c["number"] == number).unwrap()["matter_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let s = summary(matter_of("LJ10000112")).await;
    assert_eq!(
        (s.counts, s.total, s.bad_total, s.bad_rectified),
        ([0, 1, 0, 0, 0], 1, 1, 1)
    );
    assert_eq!(s.satisfaction_permille, Some(0));

    // Rate LJ10000109 (closed) at both stages: 5 and 3.
    let m = matter_of("LJ10000109");
    assert_eq!(summary(m.clone()).await.total, 0);
    let case = t.case_id(&token, "LJ10000109").await;
    for (key, stage, level) in [("s-1", "completion", 5), ("s-2", "acceptance", 3)] {
        let req = Request::post("/api/v1/ratings")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(Body::from(
                json!({"case_id": case, "stage": stage, "channel": "online", "level": level})
                    .to_string(),
            ))
            .unwrap();
        assert_eq!(t.send(req).await.status, StatusCode::CREATED);
    }
    let s = summary(m).await;
    assert_eq!(
        (s.counts, s.total, s.bad_total, s.bad_rectified),
        ([0, 0, 1, 0, 1], 2, 0, 0)
    );
    assert_eq!(s.satisfaction_permille, Some(1000));
    // A life event's case counts for each matter it bundles: rate the newborn case (LJ10000104,
    // under review) at acceptance, badly, and its member matters see it.
    let ev = t.case_id(&token, "LJ10000104").await;
    let full = get_case(&t, &token, &ev).await;
    let member = full.members[0].matter_id.clone();
    let before = summary(member.clone()).await;
    let req = Request::post("/api/v1/ratings")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "s-3")
        .body(Body::from(json!({"case_id": ev, "stage": "acceptance", "channel": "online", "level": 1, "reasons": ["slow"]}).to_string()))
        .unwrap();
    let rating: Rating = serde_json::from_slice(&t.send(req).await.body).unwrap();
    let after = summary(member.clone()).await;
    assert_eq!(after.total, before.total + 1);
    assert_eq!(after.counts[0], before.counts[0] + 1);
    assert_eq!(after.bad_rectified, before.bad_rectified);
    // Rectified by the office: counted as such.
    let fu = format!("/api/v1/operator/ratings/{}/follow-up", rating.id);
    t.operator(
        &fu,
        json!({"status": "rectified", "text": {"zh-CN": "已压缩办理环节"}}),
    )
    .await;
    assert_eq!(
        summary(member).await.bad_rectified,
        before.bad_rectified + 1
    );
    // Never a rater: no names, no ids of people.
    let text = t
        .get(
            &format!("/api/v1/matters/{}/rating-summary", matter_of("LJ10000112")),
            None,
        )
        .await
        .text();
    assert!(
        !text.contains("张") && !text.contains("p-demo") && !text.contains("138"),
        "{text}"
    );
}

#[tokio::test]
async fn the_rectification_deadline_follows_the_configuration() {
    let t = TestApp::with_config(|c| c.rectification_days = 15);
    let token = t.sign_in(ZHANG).await;
    let case = t.case_id(&token, "LJ10000108").await;
    let req = Request::post("/api/v1/ratings")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("idempotency-key", "r-15")
        .body(Body::from(json!({"case_id": case, "stage": "completion", "channel": "online", "level": 2, "comment": "跑了两趟"}).to_string()))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let rating: Rating = serde_json::from_slice(&r.body).unwrap();
    // Rated on Friday 2026-11-27 (the clock moved a little while signing in); 15 working days
    // (the seeded 2026 calendar has no holiday in December): Friday 18 December.
    assert_eq!(rating.follow_up.unwrap().due_on.to_string(), "2026-12-18");
}
