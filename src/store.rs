//! The one device store (localStorage), with a rule for what sign-out wipes, plus the session
//! token's home in sessionStorage (it survives a reload, not the tab, and never touches
//! localStorage).
//!
//! Keys: `yishi.d.*` belong to the device (language, display mode, catalogue cache) and survive
//! sign-out; `yishi.p.*` are the citizen's (drafts, outbox, ticks, recent searches) and sign-out
//! wipes them. Storage may be unavailable (private mode, full quota): every call degrades to
//! "nothing stored" rather than failing.

use serde::Serialize;
use web_sys::Storage;
use yishi_json::FromJson;

/// Who a stored value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Kept across sign-out.
    Device,
    /// The citizen's own; wiped on sign-out.
    Personal,
}

impl Scope {
    fn prefix(self) -> &'static str {
        match self {
            Scope::Device => "yishi.d.",
            Scope::Personal => "yishi.p.",
        }
    }
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn get_raw(scope: Scope, key: &str) -> Option<String> {
    local()?
        .get_item(&format!("{}{key}", scope.prefix()))
        .ok()
        .flatten()
}

/// Stores a raw string; `false` when the device refused (quota, disabled storage).
pub fn set_raw(scope: Scope, key: &str, value: &str) -> bool {
    local().is_some_and(|s| {
        s.set_item(&format!("{}{key}", scope.prefix()), value)
            .is_ok()
    })
}

pub fn get<T: FromJson>(scope: Scope, key: &str) -> Option<T> {
    yishi_json::from_str(&get_raw(scope, key)?).ok()
}

pub fn set<T: Serialize>(scope: Scope, key: &str, value: &T) -> bool {
    serde_json::to_string(value).is_ok_and(|json| set_raw(scope, key, &json))
}

pub fn remove(scope: Scope, key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&format!("{}{key}", scope.prefix()));
    }
}

/// The keys (without prefix) of everything personal on this device.
pub fn personal_keys() -> Vec<String> {
    let Some(s) = local() else { return Vec::new() };
    let len = s.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter_map(|k| k.strip_prefix(Scope::Personal.prefix()).map(String::from))
        .collect()
}

/// Removes everything personal from this device (sign-out, "delete what this device holds").
pub fn wipe_personal() {
    let Some(s) = local() else { return };
    let len = s.length().unwrap_or(0);
    let doomed: Vec<String> = (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(Scope::Personal.prefix()))
        .collect();
    for key in doomed {
        let _ = s.remove_item(&key);
    }
}

/// Removes everything Yishi keeps on this device, personal or not ("delete what this device
/// holds" on the privacy page).
pub fn wipe_all() {
    let Some(s) = local() else { return };
    let len = s.length().unwrap_or(0);
    let doomed: Vec<String> = (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with("yishi."))
        .collect();
    for key in doomed {
        let _ = s.remove_item(&key);
    }
    set_token(None);
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
        None => s.remove_item(TOKEN_KEY),
    };
}
