//! 下一步: what the backend suggests the signed-in subject does next (`/api/v1/suggestions`),
//! with the reason — a life event or matter that often follows one they finished, or a benefit
//! granted without an application (免申即享). Optional: a backend that does not offer it answers
//! 404 or 501 on `GET /suggestions`.

use serde::{Deserialize, Serialize};

use crate::{Date, Text, Timestamp, open_enum};

open_enum! {
    /// What a suggestion leads to.
    pub enum SuggestionKind {
        /// A life event (一件事) to start: `event_id`.
        Event,
        /// A matter (事项) to apply for: `matter_id`.
        Matter,
        /// 免申即享: a benefit the subject will receive with nothing to do (`benefit`).
        Benefit,
    }
}

/// A benefit granted without an application (免申即享): what, how much, from when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Benefit {
    /// How much, as the office words it (每月 300 元, 一次性 2000 元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Text>,
    /// The first day it is paid or granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<Date>,
    /// How it reaches the subject (发放到社会保障卡金融账户).
    pub how: Text,
}

/// One suggestion for the signed-in subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Suggestion {
    pub id: String,
    pub kind: SuggestionKind,
    pub title: Text,
    /// Why it is suggested (您的“新生儿出生”已办结).
    pub reason: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefit: Option<Benefit>,
    pub created_at: Timestamp,
}

/// `GET /api/v1/suggestions`: the subject's suggestions not dismissed, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SuggestionList {
    pub items: Vec<Suggestion>,
}
