//! Who is signed in. The token lives in sessionStorage (see `store`); the subject lives in a
//! signal every page can read. A 401 from any call ends the session here. Every change of
//! subject goes through [`store::enter`] or [`store::leave`], so that what one citizen kept on
//! the device is never shown to the next (see `store`).

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

impl Auth {
    /// Signed in, or a stored token is being checked. The frame's links follow this rather
    /// than the subject alone, so a signed-in citizen's page does not start with the signed-out
    /// links and switch when the check ends (a refused token switches them back).
    pub fn likely_signed_in(&self) -> bool {
        self.subject.with(Option::is_some) || !self.ready.get()
    }
}

thread_local! {
    static AUTH: Cell<Option<Auth>> = const { Cell::new(None) };
}

/// The tag the subject's personal values are kept under on this device.
pub fn tag_of(subject: &Subject) -> String {
    let acting = match (&subject.acting_for, &subject.acting_for_person) {
        (Some(b), _) => Some(format!("b:{}", b.credit_code)),
        (None, Some(p)) => Some(format!("p:{}", p.person_id)),
        (None, None) => None,
    };
    store::subject_tag(&subject.person_id, acting.as_deref())
}

fn keep_subject(subject: &Subject) {
    if let Ok(json) = serde_json::to_string(subject) {
        store::set_token_subject(&json);
    }
}

/// `subject` uses the device from now on: the device store keeps only their values (and takes
/// over what was kept while signed out), and the outbox shows theirs.
fn enter(subject: Option<&Subject>) {
    let tag = subject.map(tag_of);
    let before = store::owner();
    store::enter(tag.as_deref());
    if store::owner() != before {
        crate::outbox::reload();
    }
}

pub fn provide_auth() -> Auth {
    let has_token = store::token().is_some();
    let auth = Auth {
        subject: RwSignal::new(None),
        ready: RwSignal::new(!has_token),
    };
    AUTH.with(|a| a.set(Some(auth)));
    // A 401 for this session's token, from any request, ends it here; a 403 saying the
    // authorisation to act for someone ended asks the backend what the session is now.
    api::on_session_expired(expired);
    api::on_acting_ended(|| spawn_local(refresh()));
    provide_context(auth);
    if has_token {
        spawn_local(async move {
            match api::current_session().await {
                Ok(session) => {
                    keep_subject(&session.subject);
                    enter(Some(&session.subject));
                    auth.subject.set(Some(session.subject));
                }
                // The session ended without sign-out (expired, or ended elsewhere): what it
                // kept on this device goes.
                Err(api::ApiError::Unauthenticated) => {
                    store::set_token(None);
                    enter(None);
                }
                // A network failure keeps the token: the session may well still be valid, and
                // the subject kept with it shows what this device keeps for them (the licences
                // at a counter with no signal). A refused token ends it later, as always.
                Err(_) => {
                    let kept = store::token_subject()
                        .and_then(|json| yishi_json::from_str::<Subject>(&json).ok());
                    if let Some(subject) = kept {
                        enter(Some(&subject));
                        auth.subject.set(Some(subject));
                    }
                }
            }
            auth.ready.set(true);
        });
    } else {
        // No session in this tab: whatever a signed-in citizen left on the device belongs to a
        // session that ended without sign-out (the tab was closed), and the next person must
        // not find it.
        enter(None);
    }
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// Records a new session.
pub fn signed_in(session: Session) {
    store::set_token(Some(&session.token));
    keep_subject(&session.subject);
    enter(Some(&session.subject));
    if let Some(auth) = AUTH.with(Cell::get) {
        auth.subject.set(Some(session.subject));
        auth.ready.set(true);
    }
}

/// The same session now acts for another subject (代办, or a business): the device store
/// and the outbox follow, and every page reading the subject follows too.
pub fn switched(session: Session) {
    signed_in(session);
}

/// Asks the backend who the session is now (after a 403 `authorisation_ended`), so the bar
/// that says whom the citizen acts for can say it ended.
pub async fn refresh() {
    let Ok(session) = api::current_session().await else {
        return;
    };
    // Only a change is news: pages that read the subject ask again, and a second 403 must
    // not start another round.
    let changed = AUTH.with(Cell::get).is_some_and(|auth| {
        auth.subject
            .with_untracked(|s| s.as_ref() != Some(&session.subject))
    });
    if changed {
        signed_in(session);
    }
}

/// The backend said the token is no longer valid. The subject's values are hidden, not
/// deleted: the same person signing in again finds their draft (`store::leave`).
pub fn expired() {
    store::set_token(None);
    store::leave();
    crate::outbox::reload();
    if let Some(auth) = AUTH.with(Cell::get) {
        auth.subject.set(None);
    }
}

/// Signs out: tells the backend (best effort), forgets the token and wipes personal data.
pub async fn sign_out() {
    let _ = api::sign_out().await;
    store::set_token(None);
    store::wipe_personal();
    store::leave();
    crate::outbox::reload();
    if let Some(auth) = AUTH.with(Cell::get) {
        auth.subject.set(None);
    }
}
