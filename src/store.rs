//! The one device store (localStorage), with a rule for whose each value is, plus the session
//! token's home in sessionStorage (it survives a reload, not the tab, and never touches
//! localStorage).
//!
//! Keys: `yishi.d.*` belong to the device (language, display mode, catalogue cache) and survive
//! sign-out. Personal values (drafts, outbox, ticks, recent searches) are kept under
//! `yishi.p.<owner>.*`, where `<owner>` is a tag of the signed-in subject (the person and whom
//! they act for), or `anon` for what was kept while signed out. Only the current owner's values
//! are read or written, so on a shared phone:
//! - signing in as someone else ([`enter`]) deletes every other subject's values first (what
//!   was kept while signed out is taken over by whoever signs in);
//! - a session that ended without sign-out (the tab closed, the token refused at start-up)
//!   leaves nothing: the next start deletes every signed-in subject's values;
//! - a session that expires while the page is open ([`leave`]) hides its values until the same
//!   subject signs in again, or someone else does, or the app starts again;
//! - sign-out deletes everything personal.
//!
//! Storage may be unavailable (private mode, full quota): every call degrades to "nothing
//! stored" rather than failing.

use std::cell::{Cell, RefCell};

use serde::Serialize;
use web_sys::Storage;
use yishi_json::FromJson;

/// Who a stored value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Kept across sign-out.
    Device,
    /// The current subject's own (or the signed-out user's); see the module documentation.
    Personal,
}

const DEVICE_PREFIX: &str = "yishi.d.";
const PERSONAL_PREFIX: &str = "yishi.p.";
/// The owner of what is kept while signed out.
const ANON: &str = "anon";
/// sessionStorage: the owner tag of this tab's session, so that its values are found at once
/// on a reload, before the session has been checked again.
const OWNER_KEY: &str = "yishi.owner";

thread_local! {
    static OWNER: RefCell<Option<String>> = const { RefCell::new(None) };
    /// How many times [`wipe_all`] has run in this page's life.
    static WIPES: Cell<u32> = const { Cell::new(0) };
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The tag personal values of a subject are kept under: a hash of the person, and for a
/// subject they act for (`b:<credit code>` a business, `p:<id>` a family member: 代办) a second
/// hash after a `-` (so that ids do not appear in key names). Acting for someone is another
/// subject than acting for oneself, and the person's part tells which subjects are theirs.
pub fn subject_tag(person_id: &str, acting_for: Option<&str>) -> String {
    let person = fnv(&format!("{person_id}\u{0}"));
    match acting_for {
        None => person,
        Some(other) => format!("{person}-{}", fnv(other)),
    }
}

/// FNV-1a, 64 bits: stable across versions and cheap; a tag, not a secret.
fn fnv(input: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in input.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The person part of a subject tag.
fn person_of(tag: &str) -> &str {
    tag.split_once('-').map_or(tag, |(person, _)| person)
}

/// The owner whose personal values are read and written now.
pub fn owner() -> String {
    OWNER.with(|o| {
        o.borrow_mut()
            .get_or_insert_with(|| {
                // Before the session is checked: this tab's session's owner, if it has one.
                token()
                    .and_then(|_| session()?.get_item(OWNER_KEY).ok().flatten())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| ANON.to_string())
            })
            .clone()
    })
}

/// Whose an answer is: taken when a request is sent, checked when it comes back.
pub struct Whose {
    owner: String,
    token: Option<String>,
    wipes: u32,
}

/// The device's owner and session now, for [`Whose::still`].
pub fn whose() -> Whose {
    Whose {
        owner: owner(),
        token: token(),
        wipes: WIPES.get(),
    }
}

impl Whose {
    /// The answer belongs to whoever uses the device now: nobody else signed in while it ran.
    /// A request sent with a token before the session check named its subject (a page behind
    /// sign-in is drawn at once, `RequireSignIn`) was answered for that token's subject, who is
    /// the owner now if the same token is still the session.
    pub fn still(&self) -> bool {
        let now = owner();
        self.unwiped()
            && (now == self.owner
                || (self.owner == ANON && self.token.is_some() && token() == self.token))
    }

    /// The device was not wiped while the request ran ([`wipe_all`]): an answer kept for the
    /// device (a catalogue revalidated at start-up) must not be written back just after the
    /// citizen was told that nothing is kept any more.
    pub fn unwiped(&self) -> bool {
        WIPES.get() == self.wipes
    }
}

fn set_owner(tag: &str) {
    OWNER.with(|o| *o.borrow_mut() = Some(tag.to_string()));
    if let Some(s) = session() {
        let _ = if tag == ANON {
            s.remove_item(OWNER_KEY)
        } else {
            s.set_item(OWNER_KEY, tag)
        };
    }
}

fn full_key(scope: Scope, key: &str) -> String {
    match scope {
        Scope::Device => format!("{DEVICE_PREFIX}{key}"),
        Scope::Personal => format!("{PERSONAL_PREFIX}{}.{key}", owner()),
    }
}

pub fn get_raw(scope: Scope, key: &str) -> Option<String> {
    local()?.get_item(&full_key(scope, key)).ok().flatten()
}

/// Stores a raw string; `false` when the device refused (quota, disabled storage).
pub fn set_raw(scope: Scope, key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(&full_key(scope, key), value).is_ok())
}

pub fn get<T: FromJson>(scope: Scope, key: &str) -> Option<T> {
    yishi_json::from_str(&get_raw(scope, key)?).ok()
}

pub fn set<T: Serialize>(scope: Scope, key: &str, value: &T) -> bool {
    serde_json::to_string(value).is_ok_and(|json| set_raw(scope, key, &json))
}

pub fn remove(scope: Scope, key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&full_key(scope, key));
    }
}

/// A value kept while signed out, taken away from there (the outbox merges what waited while
/// signed out into the signed-in subject's own when both had one).
pub fn take_anonymous<T: FromJson>(key: &str) -> Option<T> {
    if owner() == ANON {
        return None;
    }
    let s = local()?;
    let full = format!("{PERSONAL_PREFIX}{ANON}.{key}");
    let value = s.get_item(&full).ok().flatten();
    let _ = s.remove_item(&full);
    yishi_json::from_str(&value?).ok()
}

/// Every key of the store.
fn all_keys(s: &Storage) -> Vec<String> {
    let len = s.length().unwrap_or(0);
    (0..len).filter_map(|i| s.key(i).ok().flatten()).collect()
}

/// The keys (without prefix) of the current owner's personal values.
pub fn personal_keys() -> Vec<String> {
    let Some(s) = local() else { return Vec::new() };
    let prefix = format!("{PERSONAL_PREFIX}{}.", owner());
    all_keys(&s)
        .into_iter()
        .filter_map(|k| k.strip_prefix(&prefix).map(String::from))
        .collect()
}

/// The subject `tag` (or, with `None`, nobody) is now the one using this device: personal
/// values of every other person are deleted (and values from before owners were kept, whose
/// owner is unknown) — those of the subjects the same person acts for stay, so switching
/// between oneself and a child keeps both's drafts; what was kept while signed out is taken
/// over by the subject where they have no value of their own. Called when a session starts,
/// is confirmed at start-up or changes subject, and with `None` when the app starts without a
/// session.
pub fn enter(tag: Option<&str>) {
    let tag = tag.unwrap_or(ANON);
    if let Some(s) = local() {
        for key in all_keys(&s) {
            let Some(rest) = key.strip_prefix(PERSONAL_PREFIX) else {
                continue;
            };
            let (owner, name) = rest.split_once('.').unwrap_or((rest, ""));
            if owner == tag || (tag != ANON && owner != ANON && person_of(owner) == person_of(tag))
            {
                continue;
            }
            if owner == ANON && !name.is_empty() {
                let target = format!("{PERSONAL_PREFIX}{tag}.{name}");
                if s.get_item(&target).ok().flatten().is_none()
                    && let Ok(Some(value)) = s.get_item(&key)
                {
                    let _ = s.set_item(&target, &value);
                    let _ = s.remove_item(&key);
                }
                continue;
            }
            let _ = s.remove_item(&key);
        }
    }
    set_owner(tag);
}

/// The session ended without sign-out while the app is open (it expired): its values are
/// hidden, not deleted, so the same person signing in again finds their draft; anyone else
/// signing in, or the next start, deletes them ([`enter`]).
pub fn leave() {
    set_owner(ANON);
}

/// Removes everything personal from this device, whoever's it is (sign-out).
pub fn wipe_personal() {
    let Some(s) = local() else { return };
    for key in all_keys(&s) {
        if key.starts_with(PERSONAL_PREFIX) {
            let _ = s.remove_item(&key);
        }
    }
}

/// Removes everything Yishi keeps on this device, personal or not ("delete what this device
/// holds" on the privacy page).
pub fn wipe_all() {
    WIPES.set(WIPES.get().wrapping_add(1));
    let Some(s) = local() else { return };
    for key in all_keys(&s) {
        if key.starts_with("yishi.") {
            let _ = s.remove_item(&key);
        }
    }
    set_token(None);
    set_owner(ANON);
}

const TOKEN_KEY: &str = "yishi.token";

pub fn token() -> Option<String> {
    session()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

pub fn set_token(token: Option<&str>) {
    let Some(s) = session() else { return };
    let _ = match token {
        Some(t) => s.set_item(TOKEN_KEY, t),
        None => s
            .remove_item(TOKEN_KEY)
            .and_then(|_| s.remove_item(SUBJECT_KEY)),
    };
}

/// Who the token's session is (its subject as JSON), kept beside the token and going with it:
/// a start without the network still knows who is signed in.
const SUBJECT_KEY: &str = "yishi.subject";

pub fn token_subject() -> Option<String> {
    session()?.get_item(SUBJECT_KEY).ok().flatten()
}

pub fn set_token_subject(json: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(SUBJECT_KEY, json);
    }
}
