//! Who is signed in. The token lives in sessionStorage (see `store`); the subject lives in a
//! signal every page can read. A 401 from any call ends the session here.

use std::cell::Cell;

use leptos::{prelude::*, task::spawn_local};
use yishi_contract::{Session, Subject};

use crate::{api, store};

/// The signed-in subject, provided at the root.
#[derive(Clone, Copy)]
pub struct Auth {
    /// `None` when signed out.
    pub subject: RwSignal<Option<Subject>>,
    /// `false` until a stored token has been checked with the backend.
    pub ready: RwSignal<bool>,
}

thread_local! {
    static AUTH: Cell<Option<Auth>> = const { Cell::new(None) };
}

pub fn provide_auth() -> Auth {
    let has_token = store::token().is_some();
    let auth = Auth {
        subject: RwSignal::new(None),
        ready: RwSignal::new(!has_token),
    };
    AUTH.with(|a| a.set(Some(auth)));
    provide_context(auth);
    if has_token {
        spawn_local(async move {
            match api::current_session().await {
                Ok(session) => auth.subject.set(Some(session.subject)),
                // A network failure keeps the token: the session may well still be valid.
                Err(api::ApiError::Unauthenticated) => store::set_token(None),
                Err(_) => {}
            }
            auth.ready.set(true);
        });
    }
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// Records a new session.
pub fn signed_in(session: Session) {
    store::set_token(Some(&session.token));
    if let Some(auth) = AUTH.with(Cell::get) {
        auth.subject.set(Some(session.subject));
        auth.ready.set(true);
    }
}

/// The backend said the token is no longer valid.
pub fn expired() {
    store::set_token(None);
    if let Some(auth) = AUTH.with(Cell::get) {
        auth.subject.set(None);
    }
}

/// Signs out: tells the backend (best effort), forgets the token and wipes personal data.
pub async fn sign_out() {
    let _ = api::sign_out().await;
    store::set_token(None);
    store::wipe_personal();
    if let Some(auth) = AUTH.with(Cell::get) {
        auth.subject.set(None);
    }
}
