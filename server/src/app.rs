//! The application: shared state, start-up (migrate, seed) and the router with its layers.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::IntoResponse;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use yishi_contract::{HolidayCalendar, IDEMPOTENCY_KEY_HEADER};
use yishi_core::workdays::Calendar;

use crate::catalogue::{Catalogue, check_catalogue, load_embedded_seed, store_seed};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::env::{Env, SEED_CALENDAR, load_calendar, store_calendar};
use crate::error::ApiError;
use crate::ratelimit::RateLimiter;
use crate::web::{content_security_policy, inline_script_hashes, usable_dist};

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
    Ok((catalogue, env))
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new().nest("/api/v1", crate::api::routes());
    if state.config.test_mode {
        app = app.nest("/_test", crate::api::test_routes());
    }
    let app = app
        .fallback(crate::web::serve_app)
        .with_state(state.clone());
    with_layers(app, &state)
}

/// The layers every response passes through: tracing, security headers, panic recovery,
/// CORS (when configured) and compression.
pub fn with_layers(app: Router, state: &AppState) -> Router {
    let cors = state
        .config
        .cors_origin
        .as_ref()
        .and_then(|o| HeaderValue::from_str(o).ok())
        .map(|origin| {
            CorsLayer::new()
                .allow_origin(AllowOrigin::exact(origin))
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([
                    header::AUTHORIZATION,
                    header::CONTENT_TYPE,
                    header::IF_NONE_MATCH,
                    HeaderName::from_static("idempotency-key"),
                    // The name of an uploaded attachment (POST /attachments).
                    HeaderName::from_static("x-file-name"),
                ])
                .expose_headers([
                    header::ETAG,
                    header::RETRY_AFTER,
                    header::LOCATION,
                    HeaderName::from_static("idempotent-replayed"),
                    header::CONTENT_DISPOSITION,
                ])
                .max_age(Duration::from_secs(600))
        });
    debug_assert_eq!(
        IDEMPOTENCY_KEY_HEADER.to_ascii_lowercase(),
        "idempotency-key"
    );

    let hsts = state
        .config
        .hsts
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    let layers = ServiceBuilder::new()
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            state.csp.clone(),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .option_layer(
            hsts.map(|v| SetResponseHeaderLayer::overriding(header::STRICT_TRANSPORT_SECURITY, v)),
        )
        // A panicking handler answers 500 problem+json; the server keeps running.
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send + 'static>| {
                ApiError::internal("a request handler panicked").into_response()
            },
        ))
        .option_layer(cors)
        .layer(CompressionLayer::new());
    app.layer(layers)
}
