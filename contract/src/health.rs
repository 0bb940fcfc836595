use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`: the backend is up. An unhealthy backend answers 503 with a problem
/// instead, so `status` is always `"ok"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Health {
    pub status: String,
    /// The backend's own version, for support (not the API version).
    pub version: String,
}
