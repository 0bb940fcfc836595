//! The catalogue on the device: shown at once from the last copy (stale-while-revalidate),
//! refreshed from the backend with its ETag, and indexed for search once per version.

use std::sync::Arc;

use leptos::{prelude::*, task::spawn_local};
use yishi_contract::{CatalogueIndex, EventCard, MatterCard};
use yishi_core::search::SearchIndex;

use crate::api::{self, ApiError};

#[derive(Clone, Copy)]
pub struct CatalogueStore {
    pub data: RwSignal<Option<Arc<CatalogueIndex>>>,
    /// Built from `data`, once per catalogue version.
    pub index: RwSignal<Option<Arc<SearchIndex>>>,
    /// The last refresh failed (the device copy, if any, is still shown).
    pub error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
}

pub fn provide_catalogue() -> CatalogueStore {
    let store = CatalogueStore {
        data: RwSignal::new(None),
        index: RwSignal::new(None),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
    };
    provide_context(store);
    // Read the device copy after the first paint, then revalidate.
    spawn_local(async move {
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
        let same = self.data.with_untracked(|d| d.as_ref().is_some_and(|d| d.version == catalogue.version));
        if same {
            return;
        }
        self.index.set(Some(Arc::new(SearchIndex::new(&catalogue))));
        self.data.set(Some(Arc::new(catalogue)));
    }

    pub async fn refresh(self) {
        self.loading.set(true);
        match api::catalogue().await {
            Ok(catalogue) => {
                self.install(catalogue);
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
        self.loading.set(false);
    }

    pub fn retry(self) {
        spawn_local(self.refresh());
    }

    pub fn event(self, id: &str) -> Option<EventCard> {
        self.data.with(|d| d.as_ref()?.events.iter().find(|e| e.id == id).cloned())
    }

    pub fn matter(self, id: &str) -> Option<MatterCard> {
        self.data.with(|d| d.as_ref()?.matters.iter().find(|m| m.id == id).cloned())
    }
}
