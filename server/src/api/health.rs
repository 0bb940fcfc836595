//! `GET /health`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::json_response;
use crate::error::ApiError;
use crate::state::AppState;

/// 200 when the database answers; 503 with `Retry-After` otherwise.
pub(super) async fn health(State(state): State<AppState>) -> Result<Response, ApiError> {
    let ok = state
        .db
        .run(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
        .await;
    match ok {
        Ok(_) => Ok(json_response(
            StatusCode::OK,
            &json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}),
        )),
        Err(_) => {
            let mut e = ApiError::new(
                503,
                yishi_contract::codes::UNAVAILABLE,
                "Service unavailable",
            )
            .detail("the database is not answering");
            e.retry_after = Some(30);
            Err(e)
        }
    }
}
