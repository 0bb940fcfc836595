//! The HTTP application: the router (API v1, test mode, the built app) and the layers every
//! response passes through. The state it serves is built in [`crate::state`].

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::IntoResponse;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::{MakeHeaderValue, SetResponseHeaderLayer};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use yishi_contract::IDEMPOTENCY_KEY_HEADER;

use crate::error::ApiError;
use crate::state::AppState;

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new().nest("/api/v1", crate::api::routes(&state));
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
            Policy {
                app: state.csp.clone(),
            },
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

/// The app's policy on pages and scripts, [`crate::csp::NOTHING_RUNS`] on everything else.
#[derive(Clone)]
struct Policy {
    app: HeaderValue,
}

impl<B> MakeHeaderValue<axum::http::Response<B>> for Policy {
    fn make_header_value(&mut self, response: &axum::http::Response<B>) -> Option<HeaderValue> {
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        Some(if crate::csp::runs_the_app(content_type) {
            self.app.clone()
        } else {
            HeaderValue::from_static(crate::csp::NOTHING_RUNS)
        })
    }
}
