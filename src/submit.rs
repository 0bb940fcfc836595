//! `Submit`: the one way a page sends a write the citizen asked for (a form's submit button).
//!
//! While the write runs the form is busy, so a double tap sends it once; the error of the last
//! attempt is kept for the form to show. The write itself runs to its end even when the citizen
//! leaves the page (aborting one mid-flight would leave them not knowing whether it took
//! effect), so what must happen whatever the page does (keeping a session, forgetting a sent
//! draft) belongs in the future; what the answer means for the page runs afterwards only while
//! the page is still there: its signals and callbacks are gone with it, and touching them would
//! panic, which with `panic = "abort"` kills the app.
//!
//! Leptos's `Action` keeps the busy part (`pending`) but not the error or the page check.

use std::future::Future;

use leptos::{prelude::*, task::spawn_local};

use crate::api::ApiError;

/// A form's write: whether it is being sent, and its last error (`E`: what the form shows).
pub struct Submit<E: Send + Sync + 'static> {
    busy: RwSignal<bool>,
    error: RwSignal<Option<E>>,
}

impl<E: Send + Sync + 'static> Clone for Submit<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: Send + Sync + 'static> Copy for Submit<E> {}

impl<E: Clone + Send + Sync + 'static> Submit<E> {
    pub fn new() -> Self {
        Submit {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Whether a write is being sent (reactive).
    pub fn busy(&self) -> bool {
        self.busy.get()
    }

    /// Whether a write is being sent, read outside a reactive context.
    pub fn busy_untracked(&self) -> bool {
        self.busy.get_untracked()
    }

    /// The error of the last attempt, or of a check before sending (reactive).
    pub fn error(&self) -> Option<E> {
        self.error.get()
    }

    /// A problem found before sending (a missing field): shown like the write's own errors.
    pub fn fail(&self, error: E) {
        self.error.set(Some(error));
    }

    /// Clears the error (the citizen changed what it was about).
    pub fn clear(&self) {
        self.error.set(None);
    }

    /// Sends `write` unless one is being sent (then does nothing and returns `false`). When it
    /// ends, and only if the page is still there, `then` reads its answer for the page; an
    /// error it returns is shown.
    pub fn send<T: 'static>(
        &self,
        write: impl Future<Output = Result<T, ApiError>> + 'static,
        then: impl FnOnce(Result<T, ApiError>) -> Result<(), E> + 'static,
    ) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.error.set(None);
        let this = *self;
        spawn_local(async move {
            let result = write.await;
            if this.busy.is_disposed() {
                return;
            }
            let error = then(result).err();
            let _ = this.error.try_set(error);
            let _ = this.busy.try_set(false);
        });
        true
    }
}
