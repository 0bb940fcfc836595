//! 我的证照 on the device: the signed-in subject's licence list, kept in the personal store
//! (`store`: wiped at sign-out and when someone else signs in, never read by another subject),
//! and whether the backend offers licences at all. Verification codes (用证码) are never kept:
//! they live in the licence page's signals only.
//!
//! Optional like messages: a 404 or 501 on `GET /licences` means the backend offers none, and
//! the app hides "my licences" until it is started again.

use std::cell::Cell;

use leptos::prelude::*;
use yishi_contract::{Licence, LicenceList};

use crate::{
    api::{self, ApiError, LicencesAnswer},
    session::use_auth,
    store::{self, Scope},
    task::spawn_owned,
};

const KEY: &str = "licences";

thread_local! {
    /// The backend said it offers no licences (until the next start).
    static NOT_OFFERED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the backend may offer licences (nothing said otherwise yet).
pub fn offered() -> bool {
    !NOT_OFFERED.get()
}

/// The list as last seen by this subject on this device.
pub fn kept() -> Option<LicenceList> {
    store::get(Scope::Personal, KEY)
}

/// Asks the backend for the subject's licences and keeps them; `Ok(None)` when it offers none.
pub async fn fetch() -> Result<Option<LicenceList>, ApiError> {
    let whose = store::whose();
    let answer = api::licences().await?;
    // Someone else signed in while it ran: the answer is not theirs to keep.
    if !whose.still() {
        return Err(ApiError::Network);
    }
    match answer {
        LicencesAnswer::Found(list, body) => {
            store::set_raw(Scope::Personal, KEY, &body);
            Ok(Some(list))
        }
        LicencesAnswer::NotOffered => {
            NOT_OFFERED.set(true);
            store::remove(Scope::Personal, KEY);
            Ok(None)
        }
    }
}

/// A page's view of the licences: the kept list at once, then the backend's.
#[derive(Clone, Copy)]
pub struct Licences {
    /// `None` until something is known.
    pub list: RwSignal<Option<LicenceList>>,
    /// The list shown came from the backend in this visit (not only the device's copy).
    pub fresh: RwSignal<bool>,
    pub offered: RwSignal<bool>,
    /// Why the last fetch failed, until one succeeds.
    pub error: RwSignal<Option<ApiError>>,
}

impl Licences {
    /// Shows the kept list and asks the backend, for the calling page (aborted when it goes).
    pub fn load() -> Licences {
        let this = Licences {
            list: RwSignal::new(kept()),
            fresh: RwSignal::new(false),
            offered: RwSignal::new(offered()),
            error: RwSignal::new(None),
        };
        this.reload();
        this
    }

    pub fn reload(&self) {
        if !offered() {
            return;
        }
        let this = *self;
        spawn_owned(async move {
            match fetch().await {
                Ok(Some(list)) => {
                    crate::api::show_if_changed(this.list, list);
                    this.fresh.try_set(true);
                    this.error.try_set(None);
                }
                Ok(None) => {
                    this.offered.try_set(false);
                    this.list.try_set(None);
                }
                Err(e) => {
                    this.error.try_set(Some(e));
                }
            }
        });
    }
}

/// The signed-in subject's licences, for marking the materials of a checklist they hold
/// ("you hold this"): the kept list at once, then the backend's; empty while signed out, and
/// when the backend offers none (the checklist is then as it always was).
pub fn held() -> RwSignal<Vec<Licence>> {
    let auth = use_auth();
    let list = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let signed_in = auth.subject.with(Option::is_some);
        if !auth.ready.get() || !signed_in || !offered() {
            list.set(Vec::new());
            return;
        }
        list.set(kept().map(|l| l.items).unwrap_or_default());
        spawn_owned(async move {
            if let Ok(l) = fetch().await {
                list.try_set(l.map(|l| l.items).unwrap_or_default());
            }
        });
    });
    list
}
