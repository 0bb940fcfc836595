//! Run-time settings of the server (from the command line).

use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// The key operator endpoints require in `X-Operator-Key`; `None` disables them (403).
    pub operator_key: Option<String>,
    /// Development mode: one-time codes are written to the log.
    pub dev: bool,
    /// Test mode: the `/_test/...` endpoints exist. Never in production.
    pub test_mode: bool,
    /// Working days an office has to rectify a bad rating (整改时限).
    pub rectification_days: u16,
    /// Working days an applicant has to supply what a supplement request lists (补正期限).
    pub supplement_days: u16,
    /// The built app (Trunk's `dist/`); `None` or missing: a page saying to build it.
    pub dist: Option<PathBuf>,
    /// One origin allowed to call the API from a browser (a separately hosted app).
    pub cors_origin: Option<String>,
    /// Send `Strict-Transport-Security` (only when served behind TLS).
    pub hsts: bool,
    /// Extra origins for the CSP `connect-src` (an API on another origin).
    pub connect_src: Vec<String>,
    /// Lookups (`POST /cases/lookup`) allowed per client address per minute.
    pub lookup_per_minute: u32,
    /// Seconds before another sign-in code may be sent to the same number.
    pub code_resend_seconds: i64,
    /// Sign-in codes sent per phone number per day.
    pub codes_per_number_per_day: u32,
    /// Sign-in codes requested per client address per day.
    pub codes_per_client_per_day: u32,
    /// Feedback messages accepted per client address per hour.
    pub feedback_per_hour: u32,
    /// Places in each appointment slot (预约名额).
    pub slot_capacity: u32,
    /// Days, from today, in which appointments can be booked (可预约范围).
    pub booking_window_days: u16,
    /// Minutes before its start up to which an appointment can be cancelled (取消截止).
    pub cancel_cutoff_minutes: u32,
    /// Serve a generated catalogue (scale tests) instead of the seed catalogue.
    pub generated_catalogue: Option<GeneratedCatalogue>,
}

/// A catalogue from `yishi_catgen::generate`, with the seed's documents for its anchors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GeneratedCatalogue {
    pub matters: usize,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            operator_key: None,
            dev: false,
            test_mode: false,
            rectification_days: 5,
            supplement_days: 10,
            dist: None,
            cors_origin: None,
            hsts: false,
            connect_src: Vec::new(),
            lookup_per_minute: 10,
            code_resend_seconds: crate::auth::CODE_RESEND_SECONDS,
            codes_per_number_per_day: 10,
            codes_per_client_per_day: 50,
            feedback_per_hour: 30,
            generated_catalogue: None,
            slot_capacity: 4,
            booking_window_days: 14,
            cancel_cutoff_minutes: 60,
        }
    }
}

/// The operator key `--dev` uses when none is given.
pub const DEV_OPERATOR_KEY: &str = "dev-operator-key";
