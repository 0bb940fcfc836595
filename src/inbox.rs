//! 消息中心 in the shell: the signed-in subject's inbox kept on the device (personal scope, so
//! it is wiped at sign-out and never shown to the next subject), its unread count for the top
//! bar on every page, and polling with the inbox's `ETag`.
//!
//! Polling rather than a socket: news about a case comes a few times a month, a 304 without a
//! body costs less than keeping a connection open on a phone, it passes every proxy and
//! mini-program web-view, and any backend can offer it with the contract's plain GET. Polls
//! happen when the signed-in subject changes, when the page becomes visible or focused again,
//! and every [`POLL_SECONDS`] while it is visible: a hidden page asks nothing.

use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, closure::Closure};
use yishi_contract::MessagePage;
use yishi_core::inbox::POLL_SECONDS;

use crate::{
    api::{self, ApiError, InboxPoll},
    session::{Auth, use_auth},
    store::{self, Scope},
};

const KEY: &str = "inbox";
const ETAG_KEY: &str = "inbox.etag";

/// The inbox, provided at the root.
#[derive(Clone, Copy)]
pub struct Inbox {
    /// The first page as last seen (from the device at start, then from the backend).
    pub page: RwSignal<Option<MessagePage>>,
    /// `false` once the backend said it offers no messages: the app hides them.
    pub offered: RwSignal<bool>,
    /// Why the last poll failed, until one succeeds (the page shows the kept copy beside it).
    pub error: RwSignal<Option<ApiError>>,
    in_flight: StoredValue<bool>,
    auth: Auth,
}

pub fn use_inbox() -> Inbox {
    expect_context::<Inbox>()
}

impl Inbox {
    /// Unread messages; 0 when signed out or not offered.
    pub fn unread(&self) -> u32 {
        if !self.offered.get() {
            return 0;
        }
        self.page.with(|p| p.as_ref().map_or(0, |p| p.unread))
    }

    /// Changes the kept page (a message read here) and forgets its `ETag`, so the next poll
    /// brings the backend's own view rather than a 304 over the local change.
    pub fn update(&self, change: impl FnOnce(&mut MessagePage)) {
        let mut kept = None;
        self.page.update(|p| {
            if let Some(p) = p {
                change(p);
                kept = serde_json::to_string(p).ok();
            }
        });
        if let Some(json) = kept {
            store::set_raw(Scope::Personal, KEY, &json);
            store::remove(Scope::Personal, ETAG_KEY);
        }
    }
}

fn kept() -> Option<MessagePage> {
    store::get(Scope::Personal, KEY)
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Asks the backend whether the inbox changed, unless a poll is already running, nobody is
/// signed in, or the backend offers no messages.
pub fn poll(inbox: Inbox) {
    if inbox.in_flight.get_value()
        || !inbox.offered.get_untracked()
        || inbox.auth.subject.with_untracked(Option::is_none)
    {
        return;
    }
    inbox.in_flight.set_value(true);
    let owner = store::owner();
    let etag = store::get_raw(Scope::Personal, ETAG_KEY)
        .filter(|_| inbox.page.with_untracked(Option::is_some));
    spawn_local(async move {
        let result = api::messages(etag.as_deref()).await;
        inbox.in_flight.try_set_value(false);
        // Someone else signed in while it ran: the answer is not theirs.
        if store::owner() != owner {
            return;
        }
        match result {
            Ok(InboxPoll::Changed { page, body, etag }) => {
                if store::set_raw(Scope::Personal, KEY, &body) {
                    match etag {
                        Some(tag) => store::set_raw(Scope::Personal, ETAG_KEY, &tag),
                        None => {
                            store::remove(Scope::Personal, ETAG_KEY);
                            true
                        }
                    };
                }
                inbox.page.try_set(Some(page));
                inbox.error.try_set(None);
            }
            Ok(InboxPoll::NotModified) => {
                inbox.error.try_set(None);
            }
            Ok(InboxPoll::NotOffered) => {
                inbox.offered.try_set(false);
                inbox.page.try_set(None);
                store::remove(Scope::Personal, KEY);
                store::remove(Scope::Personal, ETAG_KEY);
            }
            Err(e) => {
                inbox.error.try_set(Some(e));
            }
        }
    });
}

/// Provides the inbox and starts polling; call once at the root, after `provide_auth`.
pub fn provide_inbox() {
    let auth = use_auth();
    let inbox = Inbox {
        page: RwSignal::new(None),
        offered: RwSignal::new(true),
        error: RwSignal::new(None),
        in_flight: StoredValue::new(false),
        auth,
    };
    provide_context(inbox);
    // Whoever is signed in now: their kept copy at once, then the backend's answer. The device
    // store has already switched to them (`session::enter` runs before the subject is set).
    Effect::new(move |_| {
        let signed_in = auth.subject.with(Option::is_some);
        if !auth.ready.get() {
            return;
        }
        inbox.page.set(if signed_in { kept() } else { None });
        inbox.error.set(None);
        if signed_in {
            poll(inbox);
        }
    });
    // Coming back to the page, and a modest interval while it is visible. The app lives as
    // long as the page, so the listeners do too.
    let on_return = Closure::<dyn Fn()>::new(move || {
        if visible() {
            poll(inbox);
        }
    });
    let f: &js_sys::Function = on_return.as_ref().unchecked_ref();
    let _ = document().add_event_listener_with_callback("visibilitychange", f);
    let _ = window().add_event_listener_with_callback("focus", f);
    let _ = window()
        .set_interval_with_callback_and_timeout_and_arguments_0(f, (POLL_SECONDS * 1000) as i32);
    on_return.forget();
}
