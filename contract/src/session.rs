use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// `POST /api/v1/session/code` body: send a one-time code to this mobile number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CodeRequest {
    pub phone: String,
}

/// `202` answer to a code request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CodeSent {
    /// Seconds before another code may be requested.
    pub resend_after_seconds: u32,
    /// Seconds the code stays valid.
    pub expires_in_seconds: u32,
}

/// `POST /api/v1/session` body: sign in with the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SignIn {
    pub phone: String,
    pub code: String,
    /// Act for this business (统一社会信用代码) the person is authorised for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act_for: Option<String>,
}

/// A business (法人) a person may act for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct BusinessRef {
    /// 统一社会信用代码 (18 characters).
    pub credit_code: String,
    pub name: String,
}

/// Who is signed in: a person, optionally acting for a business. Cases, drafts and ratings
/// belong to this subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Subject {
    pub person_id: String,
    /// Masked for display (张*明).
    pub display_name: String,
    /// Masked (138****0001).
    pub phone_masked: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting_for: Option<BusinessRef>,
    /// Businesses this person may act for.
    #[serde(default)]
    pub businesses: Vec<BusinessRef>,
    /// 代办: the family member this session acts for (never with `acting_for`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting_for_person: Option<crate::FamilyMember>,
    /// Family members this person may act for now; empty from a backend without 代办.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family: Vec<crate::FamilyMember>,
}

/// `201` answer to sign-in, and `GET /api/v1/session`. The token goes in
/// `Authorization: Bearer …`; it is random, expires, and is stored server-side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Session {
    pub token: String,
    pub expires_at: Timestamp,
    pub subject: Subject,
}
