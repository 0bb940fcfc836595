use serde::{Deserialize, Serialize};

use crate::{Date, RatingStage, Text, Timestamp, open_enum};

open_enum! {
    /// Where the service was given.
    pub enum Channel {
        /// 网上办事
        Online,
        /// 窗口办事
        Window,
    }
}

open_enum! {
    /// 评价维度
    pub enum Dimension {
        /// 办事效率 (online and window)
        Efficiency,
        /// 办事指南精确度 (online)
        GuideAccuracy,
        /// 办事便捷度 (online)
        Convenience,
        /// 平台操作性 (online)
        EaseOfUse,
        /// 服务水平 (window)
        ServiceLevel,
        /// 服务态度 (window)
        Attitude,
    }
}

/// A 1–5 score on one dimension. The dimension is a [`Dimension`] value as a string, kept as
/// sent so that a dimension this version does not know (but the backend offers, with a label
/// in `RatingOptions::dimension_labels`) can be scored and sent back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct DimensionScore {
    pub dimension: String,
    pub level: u8,
}

/// `POST /api/v1/ratings` body (with an `Idempotency-Key` header).
/// Levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意; 1 and 2 are 差评 and need
/// at least one reason or a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct NewRating {
    /// The case, for a signed-in rater; empty or absent with `lookup`.
    #[serde(default)]
    pub case_id: String,
    pub stage: RatingStage,
    pub channel: Channel,
    pub level: u8,
    #[serde(default)]
    pub dimensions: Vec<DimensionScore>,
    /// Codes from `GET /api/v1/rating-options`.
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Rating without signing in (as portals allow): the case number and query code from the
    /// acceptance receipt instead of a session. `case_id` is then ignored and may be empty or
    /// absent. Such a rating is marked `without_sign_in` and never takes the applicant's own
    /// rating of the stage; its `Idempotency-Key` is scoped to the case number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<crate::CaseLookup>,
}

open_enum! {
    /// Where a bad rating's follow-up (差评整改) stands.
    pub enum FollowUpStatus {
        /// 核实中
        Verifying,
        /// 整改中
        Rectifying,
        /// 已整改, awaiting the citizen's call-back
        Rectified,
        /// 已解释: no legal basis to change, explained instead
        Explained,
        /// 申诉中: the office appealed the rating as malicious or mistaken
        Appealed,
        /// 已回访: closed with the citizen's answer
        Closed,
    }
}

/// One step of a follow-up, visible to the rater.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FollowUpStep {
    pub status: FollowUpStatus,
    pub at: Timestamp,
    pub office: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
}

/// 回访: the rater's answer to the office's reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Callback {
    pub resolved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub at: Timestamp,
}

/// What was done about a bad rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FollowUp {
    pub status: FollowUpStatus,
    /// The rectification deadline (configured by the deployer in working days).
    pub due_on: Date,
    pub steps: Vec<FollowUpStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<Callback>,
}

/// A rating as its rater sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Rating {
    pub id: String,
    pub case_id: String,
    pub case_number: String,
    pub case_title: Text,
    pub stage: RatingStage,
    pub channel: Channel,
    pub level: u8,
    #[serde(default)]
    pub dimensions: Vec<DimensionScore>,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub created_at: Timestamp,
    /// Sent without signing in (with `lookup`): not the applicant's own rating of the stage,
    /// not listed among anyone's ratings, and without a call-back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without_sign_in: bool,
    /// Present for bad ratings (1 and 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
}

/// `POST /api/v1/ratings/{id}/callback` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CallbackAnswer {
    pub resolved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A reason to choose for a bad rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct RatingReason {
    pub code: String,
    pub label: Text,
}

/// `GET /api/v1/rating-options`: levels, dimensions and reasons, as the backend configures them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct RatingOptions {
    pub levels: Vec<LevelLabel>,
    /// [`Dimension`] values, as strings (see [`DimensionScore`]).
    pub online_dimensions: Vec<String>,
    pub window_dimensions: Vec<String>,
    /// A label for each dimension offered, so a client shows one it does not know.
    #[serde(default)]
    pub dimension_labels: Vec<DimensionLabel>,
    pub reasons: Vec<RatingReason>,
    /// The longest comment accepted, in characters.
    pub comment_max_chars: u16,
    /// Working days the office has to rectify a bad rating (5 or 15 are both seen).
    pub rectification_working_days: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct DimensionLabel {
    pub dimension: String,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LevelLabel {
    pub level: u8,
    pub label: Text,
}

/// `GET /api/v1/matters/{id}/rating-summary`: never identifies a rater.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct RatingSummary {
    pub matter_id: String,
    /// Counts for levels 1 to 5, index 0 is level 1.
    pub counts: [u32; 5],
    pub total: u32,
    /// Share of levels 3–5 in per mille (0–1000); absent when there are no ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction_permille: Option<u16>,
    pub bad_total: u32,
    pub bad_rectified: u32,
}
