//! 一表申请: submitting an event's combined form, with attachments, as one application that
//! becomes one case; and the profile the form is prefilled from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{AnswerValue, Timestamp};

/// `GET /api/v1/profile`: what the backend already knows about the signed-in subject, for
/// prefilling forms (`FormField.prefill`). Fields the backend does not hold are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 公民身份号码 (unmasked: it is the subject's own, over TLS, for prefilling only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
}

/// `POST /api/v1/attachments` answer (the body is the file itself; `Content-Type` and an
/// `X-File-Name` header, percent-encoded UTF-8, describe it). Files belong to the subject that
/// uploaded them and can only be referenced by that subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    /// As detected from the content, not as claimed: `application/pdf`, `image/jpeg`, `image/png`.
    pub content_type: String,
    pub size: u64,
    pub uploaded_at: Timestamp,
}

/// A file supplied for a form field (kind `attachment`) or a supplement item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct AttachmentRef {
    /// The form field id (applications) or the supplement item's `id` (supplements).
    pub target: String,
    pub attachment_id: String,
}

/// `POST /api/v1/applications` body (with an `Idempotency-Key`): the combined form of a life
/// event. The backend re-evaluates the answers and validates every visible field with the same
/// rules as the app, then creates one case with a member per applicable matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct NewApplication {
    pub event_id: String,
    /// Answers to the event's situational questions.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerValue>,
    /// Field id → value. Every value is a string: dates `YYYY-MM-DD`, numbers in decimal,
    /// choices by their `value`.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
    /// Materials given by reference to one of the subject's electronic licences (电子证照)
    /// instead of a file. Needs `licence_consent` naming every one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licences: Vec<LicenceRef>,
    /// The citizen's consent to this use of those licences, for this application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_consent: Option<LicenceConsent>,
}

/// A material of the combined form given as one of the subject's electronic licences: the
/// office reads the licence from the issuer instead of a file (用证 by reference).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceRef {
    /// The attachment field's `id` (its `material_id` says what it must be).
    pub target: String,
    /// A licence of the signed-in subject (`GET /licences`).
    pub licence_id: String,
}

/// What the citizen agreed to when they ticked "use my electronic licences": these licences,
/// for an application of this life event (the one this body makes), at this time. The backend
/// records each use (`GET /licences/uses`, purpose `attached_to_application`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceConsent {
    /// Must be the application's `event_id`.
    pub event_id: String,
    /// Must name exactly the licences in `licences`.
    pub licence_ids: Vec<String>,
    /// When the citizen ticked it (the device's clock; the backend records its own time of use).
    pub given_at: Timestamp,
}

/// `POST /api/v1/cases/{id}/supplement` body: files for the items of a supplement request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SupplementUpload {
    pub attachments: Vec<AttachmentRef>,
}
