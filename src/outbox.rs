//! The outbox on the device: a write that cannot be delivered now (offline, a timeout, a server
//! error) waits here and is sent again when the network returns, on start-up, and on a backoff
//! timer. Ratings are sent with the same Idempotency-Key, so the backend records each exactly
//! once; marking messages read (one, or all up to the newest seen), safe to repeat by the
//! contract, waits here too, so a message read offline stays read (`kind`). The state machine is
//! `yishi_core::outbox`; this module stores entries and does the sending. A delivered or refused
//! read leaves the outbox at once; a rating stays a day to be seen as sent.

use std::cell::Cell;

use leptos::{prelude::*, task::spawn_local};
use serde::Serialize;
use wasm_bindgen::{JsCast, closure::Closure};
use yishi_contract::{Text, codes};
use yishi_core::outbox::{self, Outcome, State};

use crate::{
    api::{self, ApiError},
    store::{self, Scope},
};

const KEY: &str = "outbox";
/// Delivered entries are kept this long so the citizen sees "sent", then dropped.
const KEEP_SENT_MS: i64 = 24 * 3600 * 1000;

/// `Entry::kind` of marking one message read (`body`: the message id).
const READ: &str = "read";
/// `Entry::kind` of marking all read (`body`: the newest message seen, or empty).
const READ_ALL: &str = "read_all";

/// One write waiting to be delivered (or a rating just delivered, or refused).
#[derive(Clone, Debug, PartialEq, Serialize, yishi_json::FromJson)]
pub struct Entry {
    /// What it is: empty for a rating (entries kept before reads were queued have none),
    /// `read` or `read_all`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// The Idempotency-Key used on every attempt (for a read, the entry's own name).
    pub key: String,
    pub case_id: String,
    pub case_title: Text,
    /// A rating's `NewRating` as JSON, exactly as first submitted; a read's message id (or
    /// `up_to`).
    pub body: String,
    pub created_at_ms: i64,
    pub attempts: u32,
    /// `waiting`, `sent` or `failed`.
    pub status: String,
    #[serde(default)]
    pub next_at_ms: i64,
    /// The rating id once sent; the problem code once failed.
    #[serde(default)]
    pub result: String,
}

impl Entry {
    /// A rating (what the rating pages and the sign-out warning show), not a read.
    pub fn is_rating(&self) -> bool {
        self.kind.is_empty()
    }

    pub fn state(&self) -> State {
        match self.status.as_str() {
            "sent" => State::Sent {
                id: self.result.clone(),
            },
            "failed" => State::Failed {
                code: self.result.clone(),
            },
            _ => State::Waiting {
                next_at_ms: self.next_at_ms,
            },
        }
    }

    fn set_state(&mut self, state: State) {
        match state {
            State::Waiting { next_at_ms } => {
                self.status = "waiting".into();
                self.next_at_ms = next_at_ms;
            }
            State::Sent { id } => {
                self.status = "sent".into();
                self.result = id;
            }
            State::Failed { code } => {
                self.status = "failed".into();
                self.result = code;
            }
        }
    }
}

/// The outbox as every page sees it.
#[derive(Clone, Copy)]
pub struct Outbox(pub RwSignal<Vec<Entry>>);

thread_local! {
    static OUTBOX: Cell<Option<Outbox>> = const { Cell::new(None) };
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    /// The sending, once code that holds it has run: a page that queued an entry, or the
    /// `delivery` split. From then on `flush` calls it without loading a split.
    static DELIVER: Cell<Option<Deliver>> = const { Cell::new(None) };
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn save(entries: &[Entry]) {
    store::set(Scope::Personal, KEY, &entries.to_vec());
}

/// The current owner's entries from the device (see `store`), with what waited while signed
/// out added to a signed-in subject's own; delivered entries past their day dropped.
fn load() -> Vec<Entry> {
    let mut entries: Vec<Entry> = store::get(Scope::Personal, KEY).unwrap_or_default();
    if let Some(anonymous) = store::take_anonymous::<Vec<Entry>>(KEY) {
        for entry in anonymous {
            if !entries.iter().any(|e| e.key == entry.key) {
                entries.push(entry);
            }
        }
        save(&entries);
    }
    let now = now_ms();
    entries.retain(|e| e.status != "sent" || now - e.created_at_ms < KEEP_SENT_MS);
    entries
}

/// The subject using the device changed: show (and deliver) their entries instead.
pub fn reload() {
    let Some(outbox) = OUTBOX.with(Cell::get) else {
        return;
    };
    outbox.0.set(load());
    spawn_local(flush());
}

/// Loads the outbox, starts delivering what waits, and sends again whenever the network returns.
pub fn provide_outbox() -> Outbox {
    let outbox = Outbox(RwSignal::new(load()));
    OUTBOX.with(|o| o.set(Some(outbox)));
    provide_context(outbox);
    let on_online = Closure::<dyn Fn()>::new(|| spawn_local(flush()));
    let _ = window().add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    on_online.forget(); // lives as long as the app
    // Delivery after the first render, in a task of its own.
    spawn_local(async {
        crate::task::next_task().await;
        flush().await;
    });
    outbox
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// Ratings not yet delivered (sign-out warns about these).
pub fn pending() -> Vec<Entry> {
    OUTBOX
        .with(Cell::get)
        .map(|o| {
            o.0.with_untracked(|es| {
                es.iter()
                    .filter(|e| e.is_rating() && outbox::is_pending(&e.state()))
                    .cloned()
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// How many "mark read" writes wait (tracked): while any does, the inbox does not take a poll's
/// answer over the device's copy, which knows of them, and it polls again once one is delivered.
pub fn reads_waiting() -> usize {
    OUTBOX.with(Cell::get).map_or(0, |o| {
        o.0.with(|es| es.iter().filter(|e| !e.is_rating()).count())
    })
}

/// Marks message `id` read on the backend, now or when the network returns.
pub fn queue_read(id: String) {
    queue(READ, format!("read:{id}"), id);
}

/// Marks every message up to `up_to` (the newest seen) read on the backend, now or later.
pub fn queue_read_all(up_to: Option<String>) {
    let up_to = up_to.unwrap_or_default();
    queue(READ_ALL, format!("read-all:{up_to}"), up_to);
}

fn queue(kind: &str, key: String, body: String) {
    let Some(outbox) = OUTBOX.with(Cell::get) else {
        return;
    };
    add(outbox, kind, key, String::new(), Text::new("", ""), body);
    spawn_local(deliver_from_page(outbox));
}

/// Adds an entry unless one with its key is there already.
fn add(outbox: Outbox, kind: &str, key: String, case_id: String, case_title: Text, body: String) {
    let exists = outbox
        .0
        .with_untracked(|es| es.iter().any(|e| e.key == key));
    if !exists {
        let entry = Entry {
            kind: kind.into(),
            key,
            case_id,
            case_title,
            body,
            created_at_ms: now_ms(),
            attempts: 0,
            status: "waiting".into(),
            next_at_ms: 0,
            result: String::new(),
        };
        outbox.0.update(|es| es.push(entry));
        outbox.0.with_untracked(|es| save(es));
    }
}

/// Adds a rating and tries to deliver it at once. Returns the entry's state afterwards.
pub async fn submit(key: String, case_id: String, case_title: Text, body: String) -> State {
    let Some(outbox) = OUTBOX.with(Cell::get) else {
        return State::Failed {
            code: String::new(),
        };
    };
    add(outbox, "", key.clone(), case_id, case_title, body);
    deliver_from_page(outbox).await;
    outbox
        .0
        .with_untracked(|es| es.iter().find(|e| e.key == key).map(Entry::state))
        .unwrap_or(State::Waiting { next_at_ms: 0 })
}

/// Sends one entry: the backend's id for it (a rating's), or why not.
async fn send(entry: &Entry) -> Result<String, ApiError> {
    match entry.kind.as_str() {
        READ => api::mark_message_read(&entry.body).await.map(|m| m.id),
        READ_ALL => {
            let up_to = Some(entry.body.clone()).filter(|u| !u.is_empty());
            api::mark_all_messages_read(up_to)
                .await
                .map(|_| String::new())
        }
        _ => api::create_rating_raw(&entry.body, &entry.key)
            .await
            .map(|r| r.id),
    }
}

fn outcome(result: Result<String, ApiError>) -> Outcome {
    match result {
        Ok(id) => Outcome::Delivered { id },
        Err(ApiError::Busy { retry_after }) => Outcome::Transient {
            retry_after_s: retry_after,
        },
        Err(
            ApiError::Network | ApiError::Timeout | ApiError::Server(_) | ApiError::Unauthenticated,
        ) => Outcome::Transient {
            retry_after_s: None,
        },
        Err(ApiError::Problem(p)) if p.code == codes::IN_FLIGHT => Outcome::Transient {
            retry_after_s: None,
        },
        Err(ApiError::Problem(p)) => Outcome::Rejected {
            code: if p.code.is_empty() {
                "rejected".into()
            } else {
                p.code
            },
        },
        Err(ApiError::NotFound) => Outcome::Rejected {
            code: codes::NOT_FOUND.into(),
        },
        Err(ApiError::Malformed) => Outcome::Rejected {
            code: "malformed".into(),
        },
    }
}

/// Sends every entry that is due, one at a time, then schedules the next attempt, for the
/// main module (the start, the timer, the network's return). The sending is not in the main
/// module (issue 14). The pages that queue entries (the rating form, in the `case` and
/// `account` splits; the messages page, in `account`) call it directly, so it is in a chunk
/// those splits share, and they leave it in `DELIVER` for this. Until one has, `flush` loads
/// it with the `case` split (`delivery`); a device with nothing due never does. If the split
/// cannot be fetched (offline, no service worker) the outbox tries again later, as after a
/// failed send.
pub async fn flush() {
    let Some(outbox) = OUTBOX.with(Cell::get) else {
        return;
    };
    let now = now_ms();
    if !outbox
        .0
        .with_untracked(|es| es.iter().any(|e| outbox::is_due(&e.state(), now)))
    {
        schedule(outbox, 0);
        return;
    }
    let deliver = match DELIVER.with(Cell::get) {
        Some(deliver) => deliver,
        None => match delivery::load().await {
            Ok(deliver) => {
                DELIVER.with(|d| d.set(Some(deliver)));
                deliver
            }
            Err(_) => return schedule(outbox, SPLIT_RETRY_MS),
        },
    };
    deliver(outbox).await;
}

/// How long to wait before fetching the sending code again after it could not be fetched.
const SPLIT_RETRY_MS: i32 = 30 * 1000;

/// Sends what is due through the contract's operations (in a chunk the `case` and `account`
/// splits share, with the pages that queue entries).
type Deliver = fn(Outbox) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

fn deliver(outbox: Outbox) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    Box::pin(deliver_due(outbox))
}

/// Sends for a page that queued an entry (the rating form, the messages page): their split
/// holds the sending, so no split is loaded, and it is left in `DELIVER` for `flush`.
fn deliver_from_page(outbox: Outbox) -> impl std::future::Future<Output = ()> {
    DELIVER.with(|d| d.set(Some(deliver)));
    deliver_due(outbox)
}

#[allow(unsafe_code)]
mod delivery {
    use super::*;

    /// The split point (see `src/lazy.rs`); a failed load is retried on the next call.
    #[leptos::wasm_split::wasm_split(case, fallible, wasm_split_path = ::leptos::wasm_split)]
    pub fn load() -> Result<Deliver, leptos::wasm_split::SplitLoaderError> {
        Ok(deliver)
    }
}

/// The sending loop of [`flush`].
async fn deliver_due(outbox: Outbox) {
    if FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    loop {
        let now = now_ms();
        let due = outbox
            .0
            .with_untracked(|es| es.iter().find(|e| outbox::is_due(&e.state(), now)).cloned());
        let Some(entry) = due else { break };
        let result = send(&entry).await;
        let attempts = entry.attempts + 1;
        if result.is_ok() && entry.is_rating() {
            crate::host::post_message("rating_sent", &entry.case_id);
        }
        let state =
            outbox::after_attempt(attempts, outcome(result), now_ms(), js_sys::Math::random());
        let done = !matches!(state, State::Waiting { .. });
        outbox.0.update(|es| {
            if let Some(e) = es.iter_mut().find(|e| e.key == entry.key) {
                e.attempts = attempts;
                e.set_state(state.clone());
            }
            // A read has nothing to show once delivered (or refused: the message is gone).
            es.retain(|e| e.is_rating() || !(done && e.key == entry.key));
        });
        outbox.0.with_untracked(|es| save(es));
        if matches!(state, State::Waiting { .. }) {
            break; // the network is unwell: wait for the timer rather than hammer it
        }
    }
    FLUSHING.with(|f| f.set(false));
    schedule(outbox, 0);
}

/// Sets one timer for the earliest waiting entry, at least `min_delay_ms` from now.
fn schedule(outbox: Outbox, min_delay_ms: i32) {
    let next = outbox.0.with_untracked(|es| {
        es.iter()
            .filter_map(|e| match e.state() {
                State::Waiting { next_at_ms } => Some(next_at_ms),
                _ => None,
            })
            .min()
    });
    if let Some(id) = TIMER.with(|t| t.take()) {
        window().clear_timeout_with_handle(id);
    }
    let Some(next) = next else { return };
    let delay = ((next - now_ms()).clamp(250, 10 * 60 * 1000) as i32).max(min_delay_ms);
    let callback = Closure::once_into_js(|| {
        TIMER.with(|t| t.set(None));
        spawn_local(flush());
    });
    if let Ok(id) = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay)
    {
        TIMER.with(|t| t.set(Some(id)));
    }
}
