//! Operator actions: what an office's back-office system does to cases and ratings. They need
//! the `X-Operator-Key` header; tests and demos use them to move a case along.

use serde::{Deserialize, Serialize};

use crate::{DeliveryInfo, FollowUpStatus, Stage, SupplementItem, Text};

/// `POST /api/v1/operator/cases/{id}/advance` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct AdvanceCase {
    /// The next stage; it must be a legal transition from the current one.
    pub to: Stage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// For `supplement_required`: everything missing, at once.
    #[serde(default)]
    pub supplement_items: Vec<SupplementItem>,
    /// For `delivered`: how the result is handed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryInfo>,
}

/// `POST /api/v1/operator/ratings/{id}/follow-up` body: the office's next step on a bad rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FollowUpAction {
    pub status: FollowUpStatus,
    pub text: Text,
}
