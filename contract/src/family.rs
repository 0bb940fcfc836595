//! Acting for family (代办): authorisations, choosing the session's subject, and the record of
//! what an agent did.

use serde::{Deserialize, Serialize};

use crate::{Date, Timestamp, open_enum};

open_enum! {
    /// What the principal is to the agent.
    pub enum Relation {
        Child,
        Parent,
        Spouse,
        Grandparent,
        Other,
    }
}

open_enum! {
    /// What the agent may do for the principal.
    pub enum AuthorisationScope {
        /// Everything the principal could do here.
        All,
        /// Read only: every change is 403 `read_only`.
        View,
    }
}

impl AuthorisationScope {
    /// Whether changes are allowed (an unknown scope is taken as view-only).
    pub fn may_change(self) -> bool {
        matches!(self, AuthorisationScope::All)
    }
}

open_enum! {
    /// Where an authorisation comes from.
    pub enum AuthorisationBasis {
        /// 监护: a minor child in the agent's household register.
        Guardian,
        /// The principal confirmed a request.
        Consent,
    }
}

open_enum! {
    pub enum AuthorisationStatus {
        /// Asked, not yet confirmed.
        Pending,
        Current,
        /// Ended by one of the two.
        Ended,
        /// Past its last day.
        Expired,
    }
}

open_enum! {
    /// The caller's side of an authorisation.
    pub enum AuthorisationRole {
        /// The caller may act for the principal.
        Agent,
        /// The agent may act for the caller.
        Principal,
    }
}

/// A person the signed-in person may act for now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FamilyMember {
    pub person_id: String,
    pub display_name: String,
    pub relation: Relation,
    pub scope: AuthorisationScope,
    /// The last day the authorisation holds; absent, without end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<Date>,
}

/// One side of an authorisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Party {
    pub display_name: String,
    /// Absent for a person without a number of their own (a child).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_masked: Option<String>,
}

/// 授权: the agent may act for the principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Authorisation {
    pub id: String,
    pub role: AuthorisationRole,
    pub agent: Party,
    pub principal: Party,
    pub relation: Relation,
    pub scope: AuthorisationScope,
    pub basis: AuthorisationBasis,
    pub status: AuthorisationStatus,
    pub requested_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<Timestamp>,
}

/// `GET /api/v1/authorisations`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct AuthorisationList {
    pub items: Vec<Authorisation>,
}

/// `POST /api/v1/authorisations` body: ask the holder of `phone` to authorise me.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct NewAuthorisation {
    pub phone: String,
    pub relation: Relation,
    pub scope: AuthorisationScope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<Date>,
}

/// `PUT /api/v1/session/subject` body: `{}` myself, else one person or one business.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SubjectChoice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
}

open_enum! {
    /// What an agent did for the principal.
    pub enum ActAction {
        ApplicationSubmitted,
        AttachmentUploaded,
        CaseWithdrawn,
        SupplementSent,
        RatingGiven,
        CallbackAnswered,
        MessagesRead,
        SuggestionDismissed,
        LicenceCodeIssued,
        AppointmentBooked,
        AppointmentChanged,
        AppointmentCancelled,
        TicketTaken,
    }
}

/// One change an agent made for the principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Act {
    pub at: Timestamp,
    pub agent: Party,
    pub action: ActAction,
    /// Method and path template (`POST /cases/{id}/withdraw`).
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
}

/// `GET /api/v1/authorisations/acts`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct ActList {
    pub items: Vec<Act>,
}
