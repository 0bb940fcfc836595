//! 代办 against a real SQLite file: a parent acts for a child and a son for his mother; every
//! change made for someone is recorded for them; an authorisation that ends stops every
//! operation at once (driven by the spec, so a new operation is covered without editing this
//! file); a view-only one never changes anything; nobody confirms or ends another's.

mod common;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use yishi_contract::{
    ActAction, ActList, AuthorisationList, AuthorisationRole, AuthorisationStatus, Session,
};

use common::TestApp;

const ZHANG: &str = "13800000001";
const LI: &str = "13800000002";
const WANG: &str = "13800000003";
const ZHAO: &str = "13800000006";
const BABY: &str = "p-demo-zhang-baby";
const MOTHER: &str = "p-demo-zhao";

async fn choose(t: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let r = t
        .call(
            Method::PUT,
            "/api/v1/session/subject",
            Some(token),
            Some(body),
        )
        .await;
    (r.status, r.json())
}

async fn session(t: &TestApp, token: &str) -> Session {
    let r = t.get("/api/v1/session", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

async fn authorisations(t: &TestApp, token: &str) -> AuthorisationList {
    let r = t.get("/api/v1/authorisations", Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    serde_json::from_slice(&r.body).unwrap()
}

/// Every citizen operation the spec says may answer `ActingRefused`, with `{id}` filled in.
fn refusable_operations() -> Vec<(Method, String)> {
    let spec: Value = serde_yaml_ng::from_str(include_str!("../../contract/openapi.yaml")).unwrap();
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let refusable =
                op["responses"]["403"]["$ref"] == "#/components/responses/ActingRefused";
            if refusable {
                let m = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
                out.push((m, format!("/api/v1{}", path.replace("{id}", "x-1"))));
            }
        }
    }
    assert!(
        out.len() >= 20,
        "the spec lists too few operations: {out:?}"
    );
    out
}

#[tokio::test]
async fn a_parent_acts_for_a_child_and_the_child_s_data_stays_the_child_s() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let own_cases = t.all_cases(&zhang).await;
    assert!(!own_cases.is_empty());

    let s = session(&t, &zhang).await;
    let family: Vec<&str> = s
        .subject
        .family
        .iter()
        .map(|m| m.person_id.as_str())
        .collect();
    assert_eq!(family, [BABY, MOTHER], "{:?}", s.subject.family);
    // A child is shown by name to the guardian; an adult who authorised by phone, masked.
    assert_eq!(s.subject.family[0].display_name, "张小宝");
    assert_eq!(s.subject.family[1].display_name, "赵*兰");

    let (status, body) = choose(&t, &zhang, json!({"person_id": BABY})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["subject"]["acting_for_person"]["person_id"], BABY);
    assert_eq!(
        body["token"].as_str(),
        Some(zhang.as_str()),
        "the same session"
    );
    // The child's cases (none yet), profile and messages; never the parent's.
    assert!(t.all_cases(&zhang).await.is_empty());
    let profile = t.get("/api/v1/profile", Some(&zhang)).await.json();
    assert_eq!(profile["name"], "张小宝");
    assert!(
        yishi_core::validate::resident_id_valid(profile["resident_id"].as_str().unwrap()),
        "{profile}"
    );
    assert_eq!(
        profile["phone"], ZHANG,
        "a child is reached through the parent"
    );
    let own_case = own_cases[0]["id"].as_str().unwrap();
    let r = t
        .get(&format!("/api/v1/cases/{own_case}"), Some(&zhang))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "the parent's case is not the child's"
    );

    // Back to myself: my own cases again.
    let (status, body) = choose(&t, &zhang, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["subject"].get("acting_for_person").is_none(), "{body}");
    assert_eq!(t.all_cases(&zhang).await.len(), own_cases.len());
}

#[tokio::test]
async fn what_a_son_does_for_his_mother_is_recorded_for_her_and_ending_it_stops_everything() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let (status, _) = choose(&t, &zhang, json!({"person_id": MOTHER})).await;
    assert_eq!(status, StatusCode::OK);
    let r = t
        .post("/api/v1/messages/read-all", Some(&zhang), json!({}))
        .await;
    assert!(r.status.is_success(), "{}", r.text());

    let zhao = t.sign_in(ZHAO).await;
    let r = t.get("/api/v1/authorisations/acts", Some(&zhao)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let acts: ActList = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(acts.items.len(), 1, "{acts:?}");
    assert_eq!(acts.items[0].action, ActAction::MessagesRead);
    assert_eq!(acts.items[0].operation, "POST /messages/read-all");
    assert_eq!(acts.items[0].agent.display_name, "张*明");
    // Nothing was recorded for 张晓明 himself, and nothing he does for himself is.
    let r = t
        .post("/api/v1/messages/read-all", Some(&zhao), json!({}))
        .await;
    assert!(r.status.is_success());
    let mine: ActList =
        serde_json::from_slice(&t.get("/api/v1/authorisations/acts", Some(&zhao)).await.body)
            .unwrap();
    assert_eq!(mine.items.len(), 1, "her own change is not an act for her");

    // She ends it: from the next request on, every operation of his session is refused.
    let list = authorisations(&t, &zhao).await;
    let given = list
        .items
        .iter()
        .find(|a| a.role == AuthorisationRole::Principal)
        .expect("the authorisation she gave");
    assert_eq!(given.status, AuthorisationStatus::Current);
    let r = t
        .post(
            &format!("/api/v1/authorisations/{}/end", given.id),
            Some(&zhao),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "ended");

    for (method, uri) in refusable_operations() {
        let body = (method != Method::GET).then(|| json!({}));
        let r = t.call(method.clone(), &uri, Some(&zhang), body).await;
        r.problem(403, "authorisation_ended");
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{method} {uri}: {}",
            r.text()
        );
    }
    // His session still says whom it acted for, and he can go back to himself.
    let s = session(&t, &zhang).await;
    assert_eq!(s.subject.acting_for_person.unwrap().person_id, MOTHER);
    assert!(s.subject.family.iter().all(|m| m.person_id != MOTHER));
    let (status, _) = choose(&t, &zhang, json!({"person_id": MOTHER})).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "no way back without a new authorisation"
    );
    let (status, _) = choose(&t, &zhang, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        t.get("/api/v1/cases", Some(&zhang)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_view_only_authorisation_is_asked_confirmed_and_never_changes_anything() {
    let t = TestApp::new();
    let zhang = t.sign_in(ZHANG).await;
    let ask = json!({"phone": LI, "relation": "other", "scope": "view", "ends_on": "2026-12-31"});
    let r = t
        .post("/api/v1/authorisations", Some(&zhang), ask.clone())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["status"], "pending");
    assert_eq!(
        r.json()["principal"]["display_name"],
        "李*",
        "masked before she says yes"
    );
    // Asking again is answered with the same request.
    let again = t.post("/api/v1/authorisations", Some(&zhang), ask).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["id"], id.as_str());
    // Not yet confirmed: he may not act for her, and he cannot confirm it himself.
    let (status, _) = choose(&t, &zhang, json!({"person_id": "p-demo-li"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let r = t
        .post(
            &format!("/api/v1/authorisations/{id}/confirm"),
            Some(&zhang),
            json!({}),
        )
        .await;
    r.problem(404, "not_found");

    let li = t.sign_in(LI).await;
    let li_cases = t.all_cases(&li).await.len();
    let r = t
        .post(
            &format!("/api/v1/authorisations/{id}/confirm"),
            Some(&li),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "current");
    assert_eq!(r.json()["role"], "principal");

    let (status, body) = choose(&t, &zhang, json!({"person_id": "p-demo-li"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        t.all_cases(&zhang).await.len(),
        li_cases,
        "he sees her cases"
    );
    for (method, uri) in refusable_operations() {
        if method == Method::GET {
            continue;
        }
        let r = t
            .call(method.clone(), &uri, Some(&zhang), Some(json!({})))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{method} {uri}: {}",
            r.text()
        );
        r.problem(403, "read_only");
    }
    let acts: ActList =
        serde_json::from_slice(&t.get("/api/v1/authorisations/acts", Some(&li)).await.body)
            .unwrap();
    assert!(acts.items.is_empty(), "nothing was changed: {acts:?}");
}

#[tokio::test]
async fn nobody_confirms_ends_or_acts_under_anothers_authorisation() {
    let t = TestApp::new();
    let wang = t.sign_in(WANG).await;
    for action in ["confirm", "end"] {
        let r = t
            .post(
                &format!("/api/v1/authorisations/au-demo-zhao/{action}"),
                Some(&wang),
                json!({}),
            )
            .await;
        r.problem(404, "not_found");
    }
    assert!(authorisations(&t, &wang).await.items.is_empty());
    let (status, _) = choose(&t, &wang, json!({"person_id": MOTHER})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = choose(&t, &wang, json!({"person_id": BABY})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The business he is an agent of is chosen the same way, no new sign-in needed; one he is
    // not is refused.
    let numbers = |cases: Vec<Value>| -> Vec<String> {
        cases
            .iter()
            .map(|c| c["number"].as_str().unwrap().to_string())
            .collect()
    };
    let own = numbers(t.all_cases(&wang).await);
    let (status, body) = choose(&t, &wang, json!({"credit_code": "91371102ma3lw8dq51"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["subject"]["acting_for"]["credit_code"],
        "91371102MA3LW8DQ51"
    );
    let business = numbers(t.all_cases(&wang).await);
    assert!(
        !business.is_empty() && business.iter().all(|n| !own.contains(n)),
        "{business:?} {own:?}"
    );
    let (status, _) = choose(&t, &wang, json!({"credit_code": "91350100M000100Y43"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = choose(&t, &wang, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(numbers(t.all_cases(&wang).await), own);

    let zhang = t.sign_in(ZHANG).await;
    // A guardian authorisation follows the household register.
    let r = t
        .post(
            "/api/v1/authorisations/au-demo-baby/end",
            Some(&zhang),
            json!({}),
        )
        .await;
    r.problem(409, "conflict");
    let (status, body) = choose(
        &t,
        &zhang,
        json!({"person_id": BABY, "credit_code": "91371102MA3LW8DQ51"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for (body, pointer, code) in [
        (
            json!({"phone": ZHANG, "relation": "parent", "scope": "all"}),
            "/phone",
            "invalid",
        ),
        (
            json!({"phone": LI, "relation": "parent", "scope": "all", "ends_on": "2020-01-01"}),
            "/ends_on",
            "out_of_range",
        ),
        (
            json!({"phone": LI, "relation": "parent", "scope": "everything"}),
            "/scope",
            "invalid",
        ),
    ] {
        let r = t.post("/api/v1/authorisations", Some(&zhang), body).await;
        let p = r.problem(422, "validation");
        assert_eq!(p["errors"][0]["pointer"], pointer, "{p}");
        assert_eq!(p["errors"][0]["code"], code, "{p}");
    }
    let r = t
        .post(
            "/api/v1/authorisations",
            Some(&zhang),
            json!({"phone": ZHAO, "relation": "parent", "scope": "all"}),
        )
        .await;
    r.problem(409, "conflict");
    // Signed out: 401.
    for uri in ["/api/v1/authorisations", "/api/v1/authorisations/acts"] {
        t.get(uri, None).await.problem(401, "unauthenticated");
    }
}
