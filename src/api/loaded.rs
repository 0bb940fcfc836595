//! `Loaded<T>`, the app's one loading pattern.

use std::{cell::Cell, future::Future, rc::Rc};

use leptos::prelude::*;

use super::ApiError;

/// A value loaded from the API, loaded again whenever a signal read by its fetcher changes or
/// [`Loaded::reload`] is called. A failed reload keeps the last good value on screen (with the
/// error beside it, and the time it was loaded), so a lost connection never blanks a page; a
/// change of what is fetched (another id) starts from empty. Deliberately smaller than
/// `LocalResource`: this is the only loading pattern the app needs, and the WASM budget is tight.
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    error: RwSignal<Option<ApiError>>,
    /// When `value` arrived (ms since the epoch).
    loaded_at: RwSignal<Option<f64>>,
    trigger: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Loaded<T> {
    /// Starts loading with `fetch`; its reactive reads decide when to load again.
    pub fn new<F>(fetch: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        let loaded = Loaded {
            value: RwSignal::new(None),
            error: RwSignal::new(None),
            loaded_at: RwSignal::new(None),
            trigger: RwSignal::new(0),
        };
        let generation = Rc::new(Cell::new(0u32));
        let last_trigger = Cell::new(0u32);
        Effect::new(move |_| {
            let trigger = loaded.trigger.get();
            let future = fetch();
            // Run again for other inputs (not a reload): the old value belongs to something else.
            if trigger == last_trigger.get() {
                loaded.value.set(None);
                loaded.error.set(None);
            }
            last_trigger.set(trigger);
            let this_generation = generation.get().wrapping_add(1);
            generation.set(this_generation);
            let generation = generation.clone();
            // Cancelled (and its request aborted) when the effect runs again or its page is left.
            crate::task::spawn_owned(async move {
                let result = future.await;
                // A newer load started meanwhile: its answer wins.
                if generation.get() != this_generation {
                    return;
                }
                match result {
                    Ok(value) => {
                        show_if_changed(loaded.value, value);
                        let _ = loaded.error.try_set(None);
                        let _ = loaded.loaded_at.try_set(Some(js_sys::Date::now()));
                    }
                    Err(error) => {
                        let _ = loaded.error.try_set(Some(error));
                    }
                }
            });
        });
        loaded
    }

    /// The last good value, or the error when there has never been one (reactive).
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        match self.value.get() {
            Some(value) => Some(Ok(value)),
            None => self.error.get().map(Err),
        }
    }

    /// The last good value (reactive).
    pub fn value(&self) -> Option<T> {
        self.value.get()
    }

    /// Whether there is a value to show (reactive, without cloning it).
    pub fn has_value(&self) -> bool {
        self.value.with(Option::is_some)
    }

    /// The error of the latest load, if it failed (reactive).
    pub fn error(&self) -> Option<ApiError> {
        self.error.get()
    }

    /// When the value shown was loaded, in ms since the epoch (reactive).
    pub fn loaded_at(&self) -> Option<f64> {
        self.loaded_at.get()
    }

    pub fn reload(&self) {
        self.trigger.update(|n| *n = n.wrapping_add(1));
    }
}

/// Puts a fresh answer in `shown` only when it differs from what is shown. The same answer
/// again (a refresh on return, most of the time) then redraws nothing: what the citizen chose,
/// typed or focused stays.
pub fn show_if_changed<T: PartialEq + Send + Sync + 'static>(shown: RwSignal<Option<T>>, fresh: T) {
    let _ = shown.try_maybe_update(|shown| {
        let changed = shown.as_ref() != Some(&fresh);
        if changed {
            *shown = Some(fresh);
        }
        (changed, ())
    });
}
