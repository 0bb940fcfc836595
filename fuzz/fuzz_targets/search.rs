//! The search normaliser and query parser (事项检索) on arbitrary text, over a small fixed
//! catalogue: no panic, no overflow, and every hit is well-formed.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use yishi_contract::{Audience, CatalogueIndex};
use yishi_core::search::{HitKind, MatchField, SearchIndex, normalize};

fn catalogue() -> &'static (CatalogueIndex, SearchIndex) {
    static CAT: OnceLock<(CatalogueIndex, SearchIndex)> = OnceLock::new();
    CAT.get_or_init(|| {
        // The seed catalogue's matters and events plus generated ones: small enough that a
        // search takes microseconds, varied enough to reach every tier.
        let cat = yishi_catgen::generate(300, 42).index;
        let index = SearchIndex::new(&cat);
        (cat, index)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let query = String::from_utf8_lossy(rest);

    // Normalising is idempotent: the index normalises names once and queries as typed.
    let once = normalize(&query);
    assert_eq!(normalize(&once), once, "normalize is not idempotent");

    let (cat, index) = catalogue();
    let audience = match first % 3 {
        0 => None,
        1 => Some(Audience::Person),
        _ => Some(Audience::Business),
    };
    let limit = usize::from(first >> 2) % 30;
    let hits = index.search(&query, audience, limit);
    assert!(hits.len() <= limit, "{} hits for limit {limit}", hits.len());
    for hit in &hits {
        let (id, name) = match hit.kind {
            HitKind::Event => (&cat.events[hit.position].id, &cat.events[hit.position].name.zh),
            HitKind::Matter => (&cat.matters[hit.position].id, &cat.matters[hit.position].name.zh),
        };
        assert_eq!(&hit.id, id, "position and id disagree");
        let name_len = name.chars().count();
        assert!(
            hit.matched.windows(2).all(|w| w[0] < w[1]),
            "highlight not ascending: {:?}",
            hit.matched
        );
        assert!(
            hit.matched.iter().all(|&i| i < name_len),
            "highlight {:?} outside {name:?}",
            hit.matched
        );
        assert_eq!(hit.alias.is_some(), hit.field == MatchField::Alias, "alias and field disagree");
    }
    // The same query gives the same answer (no state leaks between searches).
    assert_eq!(index.search(&query, audience, limit), hits, "search is not deterministic");
});
