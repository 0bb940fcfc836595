//! A generated catalogue (`yishi_catgen`) served for scale tests, and the command that writes
//! one: sound by the seed's own rules, served as generated, and in step with the seed.

mod common;

use std::collections::HashMap;

use axum::http::StatusCode;
use yishi_contract::{CatalogueIndex, Department, EventCard, LifeEvent, MatterCard, MatterGuide};
use yishi_server::catalogue::{
    check_catalogue, index_department, index_event_card, index_matter_card, load_embedded_seed,
    matter_card,
};
use yishi_server::config::GeneratedCatalogue;
use yishi_server::generated::generated_catalogue;

use common::TestApp;

const RERUN: &str = "the seed changed: run `python3 catgen/anchors.py`";

#[test]
fn a_generated_catalogue_passes_the_seed_checks() {
    let cat = generated_catalogue(5000, 7).expect("generated");
    let problems = check_catalogue(&cat);
    assert!(
        problems.is_empty(),
        "{}",
        problems[..problems.len().min(20)].join("\n")
    );
    assert_eq!(cat.matters.len(), 5000);
    assert_eq!(cat.events.len(), 100);
}

#[test]
fn generated_catalogue_anchors_match_the_seed() {
    let seed = load_embedded_seed().unwrap();
    let g = yishi_catgen::generate(0, 1);
    let cards: HashMap<&str, _> = g.index.matters.iter().map(|m| (m.id.as_str(), m)).collect();
    assert_eq!(cards.len(), seed.matters.len(), "{RERUN}");
    for m in &seed.matters {
        let want = matter_card(m, seed.matter_popularity[&m.id]);
        assert_eq!(cards.get(m.id.as_str()).copied(), Some(&want), "{RERUN}");
    }
    let events: HashMap<&str, _> = g.index.events.iter().map(|e| (e.id.as_str(), e)).collect();
    assert_eq!(events.len(), seed.events.len(), "{RERUN}");
    for e in &seed.events {
        assert_eq!(
            events.get(e.card.id.as_str()).copied(),
            Some(&e.card),
            "{RERUN}"
        );
    }
    for d in &seed.departments {
        let got = g.index.departments.iter().find(|x| x.id == d.id);
        assert_eq!(got, Some(d), "{RERUN}");
    }
    assert_eq!(g.index.categories, seed.categories, "{RERUN}");
}

#[tokio::test]
async fn serves_a_generated_catalogue() {
    let t = TestApp::with_config(|c| {
        c.generated_catalogue = Some(GeneratedCatalogue {
            matters: 1000,
            seed: 42,
        })
    });
    let g = yishi_catgen::generate(1000, 42);
    let r = t.get("/api/v1/catalogue", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let index: CatalogueIndex = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(index.matters.len(), 1000);
    assert_eq!(index.events.len(), 20);
    // What the server lists is what `generate-catalogue` writes, as the index lists it: without
    // the notes on time limits, which the documents carry (below), nor the departments' offices.
    let matters: Vec<MatterCard> = g.index.matters.iter().map(index_matter_card).collect();
    assert_eq!(index.matters, matters);
    let events: Vec<EventCard> = g.index.events.iter().map(index_event_card).collect();
    assert_eq!(index.events, events);
    assert!(
        index
            .matters
            .iter()
            .all(|m| m.promised_limit.note.is_none())
    );
    assert!(index.events.iter().all(|e| e.promised_limit.note.is_none()
        && e.legal_limit.as_ref().is_none_or(|l| l.note.is_none())));
    assert!(index.departments.iter().all(|d| d.offices.is_empty()));
    let noted = g
        .index
        .events
        .iter()
        .find(|e| e.promised_limit.note.is_some())
        .expect("an event whose promise has a note");
    let r = t.get(&format!("/api/v1/events/{}", noted.id), None).await;
    let event: LifeEvent = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(event.card.promised_limit, noted.promised_limit);
    // The same departments in the same order; the department's own read has the offices.
    let departments: Vec<Department> = g.index.departments.iter().map(index_department).collect();
    assert_eq!(index.departments, departments);
    let with_offices = g
        .index
        .departments
        .iter()
        .find(|d| !d.offices.is_empty())
        .unwrap();
    let r = t
        .get(&format!("/api/v1/departments/{}", with_offices.id), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let department: Department = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(&department, with_offices);

    // A composed matter: the generated guide.
    let composed = g
        .index
        .matters
        .iter()
        .rev()
        .find(|m| !g.is_anchor_matter(&m.id))
        .unwrap();
    let r = t
        .get(&format!("/api/v1/matters/{}", composed.id), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let guide: MatterGuide = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(Some(guide), g.matter_guide(&composed.id));

    // An anchor: the seed's full guide.
    let seed = load_embedded_seed().unwrap();
    let r = t
        .get("/api/v1/matters/social-security-card-application", None)
        .await;
    let guide: MatterGuide = serde_json::from_slice(&r.body).unwrap();
    let want = seed
        .matters
        .iter()
        .find(|m| m.id == "social-security-card-application")
        .unwrap();
    assert_eq!(&guide, want);

    // A generated life event, with its combined form.
    let event = g.index.events.last().unwrap();
    assert!(!anchor(&event.id));
    let r = t.get(&format!("/api/v1/events/{}", event.id), None).await;
    assert_eq!(r.status, StatusCode::OK);
    let ev: LifeEvent = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(&ev.card, event);
    assert!(ev.form.is_some());
}

fn anchor(event_id: &str) -> bool {
    yishi_catgen::anchor_event_ids().any(|id| id == event_id)
}

#[test]
fn generate_catalogue_writes_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cat.json");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_yishi-server"))
        .args([
            "generate-catalogue",
            "--matters",
            "1000",
            "--seed",
            "42",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        stdout.starts_with("wrote 1000 matters, 20 events, ")
            && stdout.contains(&format!(" {} bytes to ", bytes.len())),
        "{stdout}"
    );
    let index: CatalogueIndex = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(index, yishi_catgen::generate(1000, 42).index);
}
