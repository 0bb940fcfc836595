use serde::{Deserialize, Serialize};

use crate::open_enum;

open_enum! {
    pub enum FeedbackKind {
        /// A search found nothing useful: tell the office what was looked for.
        SearchMiss,
        /// 找茬: an error in a matter's guide.
        GuideError,
        Other,
    }
}

/// `POST /api/v1/feedback` body. Anonymous unless signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct NewFeedback {
    pub kind: FeedbackKind,
    /// The search words, for `search_miss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The matter, for `guide_error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter_id: Option<String>,
    pub text: String,
    /// Optional contact (phone or e-mail) for a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// `202` answer to feedback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FeedbackReceipt {
    pub id: String,
}
