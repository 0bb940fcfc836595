//! A generated catalogue (`yishi_catgen`) in the shape the server stores and serves, for scale
//! tests: `serve --generated-catalogue N` and `generate-catalogue`.
//!
//! The generator's anchors are the seed's matters and events with the seed's ids, so where an
//! id is the seed's, the seed's full document (questions, forms, real materials) replaces the
//! generated plain one: demo data and the journeys the end-to-end tests walk keep working.

use std::collections::HashMap;

use crate::catalogue::{SeedCatalogue, load_embedded_seed};

/// The catalogue of `yishi_catgen::generate(matters, seed)`, with the seed's documents for its
/// anchors (and any seed document the anchors lack, should the two have drifted apart).
pub fn generated_catalogue(matters: usize, seed: u64) -> Result<SeedCatalogue, String> {
    let base = load_embedded_seed()?;
    Ok(overlay(&yishi_catgen::generate(matters, seed), base))
}

fn overlay(g: &yishi_catgen::Generated, seed: SeedCatalogue) -> SeedCatalogue {
    let seed_matter_order: Vec<String> = seed.matters.iter().map(|m| m.id.clone()).collect();
    let mut seed_matters: HashMap<String, _> = seed
        .matters
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let mut matters = Vec::with_capacity(g.index.matters.len());
    let mut popularity = HashMap::with_capacity(g.index.matters.len());
    for (card, guide) in g.index.matters.iter().zip(g.matter_guides()) {
        let (guide, pop) = match seed_matters.remove(&card.id) {
            Some(s) => {
                let pop = seed
                    .matter_popularity
                    .get(&s.id)
                    .copied()
                    .unwrap_or(card.popularity);
                (s, pop)
            }
            None => (guide, card.popularity),
        };
        popularity.insert(guide.id.clone(), pop);
        matters.push(guide);
    }
    for id in seed_matter_order {
        if let Some(m) = seed_matters.remove(&id) {
            popularity.insert(id, seed.matter_popularity.get(&m.id).copied().unwrap_or(0));
            matters.push(m);
        }
    }

    let seed_event_order: Vec<String> = seed.events.iter().map(|e| e.card.id.clone()).collect();
    let mut seed_events: HashMap<String, _> = seed
        .events
        .into_iter()
        .map(|e| (e.card.id.clone(), e))
        .collect();
    let mut events: Vec<_> = g
        .life_events()
        .map(|e| seed_events.remove(&e.card.id).unwrap_or(e))
        .collect();
    events.extend(
        seed_event_order
            .iter()
            .filter_map(|id| seed_events.remove(id)),
    );

    let seed_dept_order: Vec<String> = seed.departments.iter().map(|d| d.id.clone()).collect();
    let mut seed_depts: HashMap<String, _> = seed
        .departments
        .into_iter()
        .map(|d| (d.id.clone(), d))
        .collect();
    let mut departments: Vec<_> = g
        .index
        .departments
        .iter()
        .map(|d| seed_depts.remove(&d.id).unwrap_or_else(|| d.clone()))
        .collect();
    departments.extend(
        seed_dept_order
            .iter()
            .filter_map(|id| seed_depts.remove(id)),
    );

    SeedCatalogue {
        categories: seed.categories,
        departments,
        matters,
        matter_popularity: popularity,
        events,
    }
}
