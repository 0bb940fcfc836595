//! 消息中心 in the shell: the signed-in subject's inbox kept on the device (personal scope, so
//! it is wiped at sign-out and never shown to the next subject), its unread count for the top
//! bar on every page, and polling with the inbox's `ETag`. Marking read goes through the outbox
//! (`crate::outbox`), so a message read offline stays read and the backend hears of it later.
//!
//! Polling rather than a socket: news about a case comes a few times a month, a 304 without a
//! body costs less than keeping a connection open on a phone, it passes every proxy and
//! mini-program web-view, and any backend can offer it with the contract's plain GET. Polls
//! happen when the signed-in subject changes, when the page becomes visible or focused again,
//! and every [`POLL_SECONDS`] while it is visible: a hidden page asks nothing.

use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, closure::Closure};
use yishi_core::inbox::POLL_SECONDS;

use crate::{
    api::{self, ApiError, InboxHead, InboxPoll},
    session::{Auth, use_auth},
    store::{self, Scope},
};

thread_local! {
    /// A poll is running: another would only ask the same.
    static IN_FLIGHT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

const KEY: &str = "inbox";
const ETAG_KEY: &str = "inbox.etag";

/// The inbox, provided at the root.
#[derive(Clone, Copy)]
pub struct Inbox {
    /// The first page as last seen (from the device at start, then from the backend), as JSON:
    /// the inbox page decodes it, the shell only needs [`Inbox::unread`].
    pub raw: RwSignal<Option<String>>,
    unread: RwSignal<u32>,
    /// `false` once the backend said it offers no messages: the app hides them.
    pub offered: RwSignal<bool>,
    /// Why the last poll failed, until one succeeds (the page shows the kept copy beside it).
    pub error: RwSignal<Option<ApiError>>,
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
        self.unread.get()
    }

    /// Keeps a page changed here (a message read) with its unread count, and forgets its
    /// `ETag`, so the next poll brings the backend's own view rather than a 304 over the change.
    pub fn keep(&self, json: String, unread: u32) {
        store::set_raw(Scope::Personal, KEY, &json);
        store::remove(Scope::Personal, ETAG_KEY);
        self.raw.set(Some(json));
        self.unread.set(unread);
    }

    /// Forgets the `ETag`, so the next poll brings the whole page (its copy did not decode).
    pub fn refetch(&self) {
        store::remove(Scope::Personal, ETAG_KEY);
        poll(*self);
    }

    fn show(&self, raw: Option<String>) {
        let unread = raw
            .as_deref()
            .and_then(|r| yishi_json::from_str::<InboxHead>(r).ok())
            .map_or(0, |h| h.unread);
        self.raw.set(raw);
        self.unread.set(unread);
    }
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Asks the backend whether the inbox changed, unless a poll is already running, nobody is
/// signed in, or the backend offers no messages.
pub fn poll(inbox: Inbox) {
    if IN_FLIGHT.get()
        || !inbox.offered.get_untracked()
        || inbox.auth.subject.with_untracked(Option::is_none)
    {
        return;
    }
    IN_FLIGHT.set(true);
    let owner = store::owner();
    let etag = store::get_raw(Scope::Personal, ETAG_KEY)
        .filter(|_| inbox.raw.with_untracked(Option::is_some));
    spawn_local(async move {
        // Reads made here that the backend has not heard of: deliver them first; while they
        // cannot be, the device's copy (which has them) stays, and delivery polls again.
        if untrack(crate::outbox::reads_waiting) > 0 {
            crate::outbox::flush().await;
            if untrack(crate::outbox::reads_waiting) > 0 {
                IN_FLIGHT.set(false);
                return;
            }
        }
        let result = api::messages(etag.as_deref()).await;
        IN_FLIGHT.set(false);
        // Someone else signed in while it ran: the answer is not theirs.
        if store::owner() != owner {
            return;
        }
        match result {
            Ok(InboxPoll::Changed { unread, body, etag }) => {
                if store::set_raw(Scope::Personal, KEY, &body) {
                    match etag {
                        Some(tag) => store::set_raw(Scope::Personal, ETAG_KEY, &tag),
                        None => {
                            store::remove(Scope::Personal, ETAG_KEY);
                            true
                        }
                    };
                }
                inbox.raw.try_set(Some(body));
                inbox.unread.try_set(unread);
                inbox.error.try_set(None);
            }
            Ok(InboxPoll::NotModified) => {
                inbox.error.try_set(None);
            }
            Ok(InboxPoll::NotOffered) => {
                inbox.offered.try_set(false);
                inbox.raw.try_set(None);
                inbox.unread.try_set(0);
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
        raw: RwSignal::new(None),
        unread: RwSignal::new(0),
        offered: RwSignal::new(true),
        error: RwSignal::new(None),
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
        inbox.show(if signed_in {
            store::get_raw(Scope::Personal, KEY)
        } else {
            None
        });
        inbox.error.set(None);
        if signed_in {
            poll(inbox);
        }
    });
    // A read queued on the device was delivered: the backend's view has it now.
    Effect::new(move |previous: Option<usize>| {
        let waiting = crate::outbox::reads_waiting();
        if previous.is_some_and(|p| waiting < p) {
            poll(inbox);
        }
        waiting
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
