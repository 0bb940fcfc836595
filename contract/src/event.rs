use serde::{Deserialize, Serialize};

use crate::{Condition, EventCard, Material, Text, open_enum};

/// `GET /api/v1/events/{id}`: a life event (一件事) with its situational questions (情形引导),
/// its steps and bundled matters, the materials each needs, and its combined form (一表申请).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LifeEvent {
    #[serde(flatten)]
    pub card: EventCard,
    /// Longer introduction: who it is for and what it achieves.
    #[serde(default)]
    pub description: Vec<Text>,
    #[serde(default)]
    pub questions: Vec<Question>,
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormSchema>,
}

/// A situational question. Shown only when `shown_when` holds for the answers so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Question {
    pub id: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub kind: QuestionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_when: Option<Condition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Answered with `true` or `false`.
    YesNo,
    /// Answered with one option's `value`.
    SingleChoice { options: Vec<Choice> },
    /// Answered with a number within the bounds.
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
    },
    /// A kind this version does not know: the app skips the question.
    #[serde(other)]
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

open_enum! {
    /// How a step relates to the one before it, as in GOV.UK's step-by-step navigation.
    pub enum Joiner {
        /// Do this step as well (和).
        And,
        /// Do this step instead of the previous one (或).
        Or,
    }
}

/// One step of the event's step-by-step navigation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Step {
    pub id: String,
    pub title: Text,
    /// Relation to the previous step; ignored on the first.
    pub joiner: Joiner,
    pub matters: Vec<StepMatter>,
}

/// A matter bundled in an event, with the materials it needs in this event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct StepMatter {
    pub matter_id: String,
    pub name: Text,
    /// The matter applies when this holds (absent: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<Condition>,
    /// Materials for this matter; each may carry its own `applies_when`.
    #[serde(default)]
    pub materials: Vec<Material>,
}

/// 一表申请: the combined form of an event. Every field is asked once, however many matters
/// use it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FormSchema {
    pub fields: Vec<FormField>,
}

open_enum! {
    pub enum FieldKind {
        Text,
        /// 18-digit resident identity number (公民身份号码), checksum-validated.
        ResidentId,
        Phone,
        Date,
        Number,
        /// One of `options`.
        Choice,
        /// 18-character unified social credit code (统一社会信用代码), checksum-validated.
        CreditCode,
        /// A file upload for the material named by `material_id`.
        Attachment,
    }
}

open_enum! {
    /// Profile data the backend can prefill a field with.
    pub enum ProfileKey {
        Name,
        ResidentId,
        Phone,
        Address,
        BusinessName,
        CreditCode,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FormField {
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// A regular expression in the common subset of ECMAScript and Rust's `regex`
    /// (anchored by the evaluator; no look-around, no back-references).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// For `date`: inclusive bounds as `YYYY-MM-DD`, or `today`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_date: Option<String>,
    /// For `number`: inclusive bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default)]
    pub options: Vec<crate::Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<ProfileKey>,
    /// For `attachment`: the material this file supplies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material_id: Option<String>,
    /// The matters that use this field.
    #[serde(default)]
    pub used_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_when: Option<Condition>,
}
