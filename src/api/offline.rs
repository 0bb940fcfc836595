//! The copies of public reads the device keeps, so the app starts at once and reads offline:
//! the catalogue (revalidated with its ETag) and the guides and events a citizen opened.

use yishi_contract::CatalogueIndex;
use yishi_json::FromJson;

use super::{
    ApiError,
    client::{Options, decode, read_public, request},
};
use crate::store::{self, Scope};

const CATALOGUE_KEY: &str = "catalogue";
const CATALOGUE_ETAG_KEY: &str = "catalogue.etag";

/// The catalogue last stored on this device, if any (for offline use and instant start).
pub fn cached_catalogue() -> Option<CatalogueIndex> {
    store::get(Scope::Device, CATALOGUE_KEY)
}

/// The catalogue, revalidated with its ETag; a 304 reuses the device copy.
pub async fn catalogue() -> Result<CatalogueIndex, ApiError> {
    let whose = store::whose();
    let etag = store::get_raw(Scope::Device, CATALOGUE_ETAG_KEY);
    let has_copy = store::get_raw(Scope::Device, CATALOGUE_KEY).is_some();
    let if_none_match = etag.as_deref().filter(|_| has_copy);
    let answer = request(
        "GET",
        "/catalogue",
        Options {
            if_none_match,
            retries: 2,
            public: true,
            ..Default::default()
        },
    )
    .await?;
    if answer.status == 304 {
        return cached_catalogue().ok_or(ApiError::Malformed);
    }
    let catalogue: CatalogueIndex = decode(&answer)?;
    if whose.unwiped() && store::set_raw(Scope::Device, CATALOGUE_KEY, &answer.body) {
        match &answer.etag {
            Some(tag) => store::set_raw(Scope::Device, CATALOGUE_ETAG_KEY, tag),
            None => {
                store::remove(Scope::Device, CATALOGUE_ETAG_KEY);
                true
            }
        };
    }
    Ok(catalogue)
}

/// How many opened guides and events the device keeps for offline reading.
const KEPT_DOCUMENTS: usize = 30;
const KEPT_INDEX: &str = "kept";

/// A read that the device keeps a copy of: answered from the network when it can, from the copy
/// when the network fails, so guides a citizen has opened stay readable offline (also where a
/// web-view runs no service worker).
pub(super) async fn get_kept<T: FromJson>(path: &str) -> Result<T, ApiError> {
    let key = format!("doc.{path}");
    let whose = store::whose();
    match read_public(path).await {
        Ok(answer) => {
            let value = decode(&answer)?;
            if whose.unwiped() && store::set_raw(Scope::Device, &key, &answer.body) {
                let mut kept: Vec<String> =
                    store::get(Scope::Device, KEPT_INDEX).unwrap_or_default();
                kept.retain(|k| *k != key);
                kept.push(key);
                while kept.len() > KEPT_DOCUMENTS {
                    store::remove(Scope::Device, &kept.remove(0));
                }
                store::set(Scope::Device, KEPT_INDEX, &kept);
            }
            Ok(value)
        }
        Err(
            error @ (ApiError::Network
            | ApiError::Timeout
            | ApiError::Server(_)
            | ApiError::Busy { .. }),
        ) => store::get(Scope::Device, &key).ok_or(error),
        Err(error) => Err(error),
    }
}
