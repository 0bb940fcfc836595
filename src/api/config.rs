//! Runtime configuration from `/config.json`, read by the API client before its first request,
//! so a deployer points the app at another backend without rebuilding. `index.html` preloads it
//! with the WASM; the app is mounted once it is here (or failed), so the first render knows the
//! default language.

use std::{cell::RefCell, rc::Rc};

#[derive(Clone, Debug, yishi_json::FromJson)]
pub struct Config {
    /// Where the REST contract is served, e.g. `/api/v1` or `https://gov.example.cn/yishi/api/v1`.
    #[serde(default = "default_api_base")]
    pub api_base: String,
    /// `zh-CN` or `en`: the language before the citizen chooses one.
    #[serde(default = "default_locale")]
    pub default_locale: String,
    /// Every request is abandoned after this long.
    #[serde(default = "default_timeout")]
    pub request_timeout_ms: u32,
    /// The government service hotline shown on guides.
    #[serde(default = "default_hotline")]
    pub hotline: String,
    /// Inside a mini-program: the host's page that asks the citizen to subscribe to
    /// notifications (only a host page may call `wx.requestSubscribeMessage`, on a tap). Absent:
    /// the inbox offers no hand-over.
    #[serde(default)]
    pub subscribe_page: Option<String>,
}

fn default_api_base() -> String {
    "/api/v1".into()
}

fn default_locale() -> String {
    "zh-CN".into()
}

fn default_timeout() -> u32 {
    10_000
}

fn default_hotline() -> String {
    "12345".into()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            api_base: default_api_base(),
            default_locale: default_locale(),
            request_timeout_ms: default_timeout(),
            hotline: default_hotline(),
            subscribe_page: None,
        }
    }
}

thread_local! {
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
}

/// The configuration, fetched once. A missing or broken `config.json` falls back to the
/// defaults (same-origin `/api/v1`) rather than stopping the app. The start awaits it before
/// the app is mounted (`main.rs`), so the requests that then start together find it here
/// rather than each fetching it.
pub async fn get() -> Rc<Config> {
    if let Some(config) = CONFIG.with(|c| c.borrow().clone()) {
        return config;
    }
    let loaded = match super::transport::fetch_text("/config.json", 5_000).await {
        Ok((200, text)) => yishi_json::from_str::<Config>(&text).unwrap_or_default(),
        _ => Config::default(),
    };
    let config = Rc::new(loaded);
    CONFIG.with(|c| *c.borrow_mut() = Some(config.clone()));
    config
}

/// The configuration if it has arrived.
pub fn loaded() -> Option<Rc<Config>> {
    CONFIG.with(|c| c.borrow().clone())
}
