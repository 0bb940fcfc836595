//! The state every handler sees, and how the server gets it at start-up: the database opened
//! and migrated, the catalogue, calendar and demo data seeded, the built app and its CSP found.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::HeaderValue;
use yishi_contract::HolidayCalendar;
use yishi_core::workdays::Calendar;

use crate::catalogue::{Catalogue, check_catalogue, load_embedded_seed, store_seed};
use crate::clock::Clock;
use crate::config::Config;
use crate::csp::{content_security_policy, inline_script_hashes};
use crate::db::{self, Db};
use crate::env::{Env, SEED_CALENDAR, load_calendar, store_calendar};
use crate::ratelimit::RateLimiter;

/// What every handler shares, behind [`AppState`]'s `Arc`.
pub struct Inner {
    pub db: Db,
    pub clock: Clock,
    pub config: Config,
    pub catalogue: Arc<Catalogue>,
    pub env: Env,
    pub limiter: RateLimiter,
    /// The built app, when `--dist` holds one.
    pub dist: Option<PathBuf>,
    pub csp: HeaderValue,
}

/// The state every handler sees. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Opens the database file (creating and migrating it), seeds what is missing, and loads the
/// catalogue and calendar.
pub fn open_state(db_path: &Path, config: Config, clock: Clock) -> Result<AppState, String> {
    let conn = db::open(db_path).map_err(|e| format!("database {}: {e}", db_path.display()))?;
    let db = Db::new(conn);
    let (catalogue, env) = db.blocking(|conn| prepare_data(conn, &config, &clock))?;
    let dist = usable_dist(config.dist.as_deref());
    let hashes = match &dist {
        Some(d) => {
            let html = std::fs::read_to_string(d.join("index.html"))
                .map_err(|e| format!("{}: {e}", d.display()))?;
            inline_script_hashes(&html)
        }
        None => Vec::new(),
    };
    let csp = HeaderValue::from_str(&content_security_policy(&hashes, &config.connect_src))
        .map_err(|e| format!("content security policy: {e}"))?;
    Ok(AppState(Arc::new(Inner {
        db,
        clock,
        config,
        catalogue: Arc::new(catalogue),
        env,
        limiter: RateLimiter::default(),
        dist,
        csp,
    })))
}

/// Seeds the catalogue (when the embedded one changed), the calendar years the database lacks,
/// and the demo data (once), then loads what the server serves.
pub fn prepare_data(
    conn: &mut rusqlite::Connection,
    config: &Config,
    clock: &Clock,
) -> Result<(Catalogue, Env), String> {
    let seed = match config.generated_catalogue {
        None => {
            let seed = load_embedded_seed()?;
            for p in check_catalogue(&seed) {
                tracing::warn!("seed catalogue: {p}");
            }
            seed
        }
        // Checked by the tests (tests/generated.rs), not at every start.
        Some(g) => crate::generated::generated_catalogue(g.matters, g.seed)?,
    };
    if store_seed(conn, &seed, clock.now()).map_err(|e| format!("storing the catalogue: {e}"))? {
        tracing::info!(
            events = seed.events.len(),
            matters = seed.matters.len(),
            "catalogue seeded"
        );
    }
    let embedded: HolidayCalendar =
        serde_json::from_str(SEED_CALENDAR).map_err(|e| format!("seed/calendar.json: {e}"))?;
    store_calendar(conn, &embedded, false)
        .map_err(|e| format!("storing the calendar: {}", e.problem.title))?;
    let holiday_calendar =
        load_calendar(conn).map_err(|e| format!("loading the calendar: {}", e.problem.title))?;
    let env = Env {
        calendar: Arc::new(Calendar::from_contract(&holiday_calendar)),
        holiday_calendar: Arc::new(holiday_calendar),
        rectification_days: config.rectification_days,
        supplement_days: config.supplement_days,
    };
    let catalogue = Catalogue::load(conn)?;
    crate::demo::seed_once(conn, &env, &catalogue, clock.now())
        .map_err(|e| format!("demo data: {e}"))?;
    let issued = crate::cases::issue_missing_query_codes(conn)
        .map_err(|e| format!("query codes: {}", e.problem.title))?;
    if issued > 0 {
        tracing::info!(
            cases = issued,
            "query codes issued to cases stored before they existed"
        );
    }
    Ok((catalogue, env))
}

/// `dist` when it holds a built app (an `index.html`).
pub fn usable_dist(dist: Option<&Path>) -> Option<PathBuf> {
    let d = dist?;
    d.join("index.html").is_file().then(|| d.to_path_buf())
}
