//! A tiny wasm-bindgen wrapper around `yishi_core::search` for the in-browser benchmark
//! (`bench/search/run.sh`): parse a catalogue, build the index, run queries. JavaScript times
//! each call with `performance.now()`.

use std::sync::Arc;

use wasm_bindgen::prelude::*;
use yishi_contract::CatalogueIndex;
use yishi_core::search::SearchIndex;

#[wasm_bindgen]
pub struct Engine {
    catalogue: CatalogueIndex,
    index: Option<SearchIndex>,
}

#[wasm_bindgen]
impl Engine {
    /// Parses a catalogue (`GET /api/v1/catalogue` JSON). Not part of the timed index build.
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> Result<Engine, JsError> {
        let catalogue: CatalogueIndex = serde_json::from_str(json).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine { catalogue, index: None })
    }

    /// Builds the index with the default scorer (fuzzy-matcher's skim) when `skim` is true, or
    /// with the engine's own alignment (the scorer comparison in docs/benchmarks.md).
    pub fn build(&mut self, skim: bool) -> Result<(), JsError> {
        if cfg!(feature = "parse-only") {
            return Ok(());
        }
        let index = if skim {
            SearchIndex::with_scorer(&self.catalogue, Arc::new(yishi_core::search::SkimScorer::default()))
        } else {
            SearchIndex::with_scorer(&self.catalogue, Arc::new(yishi_core::search::AlignScorer))
        };
        self.index = Some(index);
        Ok(())
    }

    /// The ids of the best `limit` hits, one per line.
    pub fn search(&self, query: &str, limit: usize) -> String {
        if cfg!(feature = "parse-only") {
            return String::new();
        }
        let Some(index) = &self.index else { return String::new() };
        let hits = index.search(query, None, limit);
        let mut out = String::with_capacity(hits.len() * 32);
        for (i, h) in hits.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&h.id);
        }
        out
    }

    pub fn scorer(&self) -> String {
        self.index.as_ref().map_or("", |i| i.scorer_name()).to_string()
    }
}
