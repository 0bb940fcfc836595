//! The catalogue on the device: shown at once from the last copy (stale-while-revalidate),
//! refreshed from the backend with its ETag, and indexed for search once per version.
//!
//! The search engine (`yishi_core::search`, with its pinyin and traditional-character tables)
//! is a split of its own (`src/lazy.rs`), fetched when the citizen is about to search (a search
//! box takes focus, the search page opens: [`CatalogueStore::want_search`]), so neither the app
//! shell nor a first visit that does not search downloads it (45.0 KiB brotli with that page).
//! The search results page is in the same split (`src/pages.rs`): it is there when the query
//! is sent.

use std::sync::Arc;

use leptos::{prelude::*, task::spawn_local, wasm_split::SplitLoaderError};
use yishi_contract::{Audience, CatalogueIndex, EventCard};
use yishi_core::search::{Hit, SearchIndex};

use crate::api::{self, ApiError};

#[derive(Clone, Copy)]
pub struct CatalogueStore {
    pub data: RwSignal<Option<Arc<CatalogueIndex>>>,
    /// Built from `data`, once per catalogue version, when the search engine has loaded.
    pub index: RwSignal<Option<Arc<Search>>>,
    /// The catalogue version whose index is built or being built.
    indexed: StoredValue<Option<String>>,
    /// Search was asked for on this page load: the engine is fetched and every catalogue
    /// version indexed from then on.
    wanted: StoredValue<bool>,
    /// The last refresh failed (the device copy, if any, is still shown).
    pub error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
}

pub fn provide_catalogue() -> CatalogueStore {
    let store = CatalogueStore {
        data: RwSignal::new(None),
        index: RwSignal::new(None),
        indexed: StoredValue::new(None),
        wanted: StoredValue::new(false),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
    };
    provide_context(store);
    // Read the device copy after the first render, in a task of its own, then revalidate.
    spawn_local(async move {
        crate::task::next_task().await;
        if let Some(cached) = api::cached_catalogue() {
            store.install(cached);
        }
        store.refresh().await;
    });
    store
}

pub fn use_catalogue() -> CatalogueStore {
    expect_context::<CatalogueStore>()
}

impl CatalogueStore {
    fn install(self, catalogue: CatalogueIndex) {
        let same = self
            .data
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.version == catalogue.version));
        if !same {
            self.data.set(Some(Arc::new(catalogue)));
        }
        if self.wanted.get_value() {
            self.build_index();
        }
    }

    /// The citizen is about to search: fetch the search engine and index the catalogue now
    /// (once per version; again after a failed load).
    pub fn want_search(self) {
        self.wanted.set_value(true);
        self.build_index();
    }

    fn build_index(self) {
        let Some(catalogue) = self.data.get_untracked() else {
            return; // indexed when the catalogue arrives (`install`)
        };
        let version = catalogue.version.clone();
        if self.indexed.get_value().as_ref() == Some(&version) {
            return;
        }
        self.indexed.set_value(Some(version.clone()));
        spawn_local(async move {
            match search_engine::load().await {
                Ok(engine) => {
                    // A newer catalogue may have arrived meanwhile; its own build wins.
                    if self.indexed.try_get_value().flatten().as_ref() == Some(&version) {
                        let index = (engine.build)(&catalogue);
                        self.index.try_set(Some(Arc::new(Search { index, engine })));
                    }
                }
                Err(_) => {
                    // Shown where search is needed, with a retry that loads the engine again.
                    self.indexed.try_set_value(None);
                    self.error.try_set(Some(ApiError::Network));
                }
            }
        });
    }

    pub async fn refresh(self) {
        self.loading.set(true);
        match api::catalogue().await {
            Ok(catalogue) => {
                // Decoded in one task, drawn in the next (issue 14: no long task at start).
                crate::task::next_task().await;
                self.error.set(None);
                self.install(catalogue);
            }
            Err(e) => self.error.set(Some(e)),
        }
        self.loading.set(false);
    }

    pub fn retry(self) {
        spawn_local(self.refresh());
    }

    /// The life events that bundle a matter, online ones first: a guide's way back to them
    /// and, where they apply online, its way to handle the matter online.
    pub fn events_with_matter(self, matter_id: &str) -> Vec<EventCard> {
        let mut events: Vec<EventCard> = self.data.with(|d| {
            d.as_ref().map_or_else(Vec::new, |d| {
                d.events
                    .iter()
                    .filter(|e| e.matter_ids.iter().any(|m| m == matter_id))
                    .cloned()
                    .collect()
            })
        });
        yishi_core::order::by_rank(&mut events, |e| i64::from(!e.online_apply));
        events
    }
}

/// The catalogue's search index and the engine's code that queries it.
pub struct Search {
    index: SearchIndex,
    engine: Engine,
}

impl Search {
    pub fn search(&self, query: &str, audience: Option<Audience>, limit: usize) -> Vec<Hit> {
        (self.engine.search)(&self.index, query, audience, limit)
    }
}

/// The search engine's entry points, living in its chunk.
#[derive(Clone, Copy)]
struct Engine {
    build: fn(&CatalogueIndex) -> SearchIndex,
    search: fn(&SearchIndex, &str, Option<Audience>, usize) -> Vec<Hit>,
}

#[allow(unsafe_code)]
mod search_engine {
    use super::*;

    /// The split point (see `src/lazy.rs`); loaded once, a failed load is retried on the next call.
    #[leptos::wasm_split::wasm_split(search_engine, fallible, wasm_split_path = ::leptos::wasm_split)]
    pub fn load() -> Result<Engine, SplitLoaderError> {
        Ok(Engine {
            build: SearchIndex::new,
            search: |index, query, audience, limit| index.search(query, audience, limit),
        })
    }
}
