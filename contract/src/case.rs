use serde::{Deserialize, Serialize};

use crate::{Date, DeliveryMethod, Office, Text, TimeLimit, Timestamp, open_enum};

open_enum! {
    /// A stage of a case (办件环节), as set by the Administrative Licensing Law.
    pub enum Stage {
        /// 收件
        Received,
        /// 受理
        Accepted,
        /// 不予受理 (final)
        NotAccepted,
        /// 补正: the office asks for everything missing at once; the clock stops.
        SupplementRequired,
        /// 审查
        UnderReview,
        /// 特别程序: hearing, inspection, expert review; the clock stops.
        SpecialProcedure,
        /// 决定: 准予
        Approved,
        /// 决定: 不予许可
        Refused,
        /// 送达 / 领证
        Delivered,
        /// 办结 (final)
        Closed,
        /// 撤回 by the applicant (final)
        Withdrawn,
    }
}

open_enum! {
    /// The filter groups of "my cases".
    pub enum CaseState {
        /// 办理中
        InProgress,
        /// 待我处理 (e.g. supplement required)
        NeedsAction,
        /// 已办结 (closed, refused, not accepted, withdrawn)
        Done,
    }
}

open_enum! {
    /// When a case may be rated (一事一评): at acceptance and at completion.
    pub enum RatingStage {
        Acceptance,
        Completion,
    }
}

/// The clock of a case against its limits. Computed by the backend, authoritative; the app's
/// own working-day arithmetic (`yishi_core::workdays`) must agree with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Deadline {
    /// 承诺时限
    pub promised: TimeLimit,
    /// 法定时限
    pub legal: TimeLimit,
    /// The day of acceptance; counting starts the day after. Absent before acceptance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_on: Option<Date>,
    /// The last day within the promise, pauses included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised_due_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_due_on: Option<Date>,
    /// Working (or natural) days counted so far, pauses excluded.
    pub used_days: u16,
    /// The clock is stopped now (补正 or 特别程序).
    pub paused: bool,
    /// Past the promised limit without a decision.
    pub overdue: bool,
    /// The day the counting was done (today in China for open cases).
    pub as_of: Date,
}

/// A stretch when the clock stood still. `to` is absent while the pause lasts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Pause {
    pub stage: Stage,
    pub from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}

/// One entry of the timeline (全流程留痕): who did what, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct StageEntry {
    pub stage: Stage,
    pub at: Timestamp,
    /// The acting office (not a person's name).
    pub office: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A case as listed in "my cases".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CaseSummary {
    pub id: String,
    /// 办件编号
    pub number: String,
    /// The matter's name; for a life event's case, the event's name (新生儿出生).
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    pub stage: Stage,
    pub state: CaseState,
    pub submitted_at: Timestamp,
    pub updated_at: Timestamp,
    pub deadline: Deadline,
    /// The rating stages open now (empty when nothing can be rated).
    #[serde(default)]
    pub ratable: Vec<RatingStage>,
    /// While the case needs the citizen (`state` `needs_action`): the day their action is due
    /// (a supplement's `due_on`), so a list can show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_due_on: Option<Date>,
}

/// One item of a supplement request (补正告知).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SupplementItem {
    /// Assigned by the backend and always present in a `Case`; the target of a supplement
    /// upload (`AttachmentRef.target`). Ignored (may be absent) in `AdvanceCase`.
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material_id: Option<String>,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The office has what it needs for this item.
    #[serde(default)]
    pub received: bool,
}

/// 一次性补正告知: everything missing, listed once, with the day to supply it by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct SupplementRequest {
    pub requested_at: Timestamp,
    pub due_on: Date,
    pub items: Vec<SupplementItem>,
    /// The name of the office paper material is brought to (a name, not a sentence: the app
    /// writes the sentence around it). `bring_to` says the same with address and hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Text>,
    /// Where paper material is brought: address, hours and phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bring_to: Option<Office>,
}

/// What a lookup without sign-in says about a supplement request: what is missing (by name),
/// by when and where, never the notes (which may describe the applicant).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct PublicSupplement {
    pub due_on: Date,
    pub items: Vec<PublicSupplementItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bring_to: Option<Office>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct PublicSupplementItem {
    pub name: Text,
    #[serde(default)]
    pub received: bool,
}

/// How and where the result is handed over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct DeliveryInfo {
    pub method: DeliveryMethod,
    pub detail: Text,
}

/// One matter inside an event's case, with its own stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct MemberCase {
    pub matter_id: String,
    pub title: Text,
    pub stage: Stage,
}

/// `GET /api/v1/cases/{id}`: a case of the signed-in subject with its timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Case {
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// The applicant's name, masked (张*明).
    pub applicant_masked: String,
    pub timeline: Vec<StageEntry>,
    #[serde(default)]
    pub pauses: Vec<Pause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement: Option<SupplementRequest>,
    #[serde(default)]
    pub members: Vec<MemberCase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryInfo>,
    /// Whether the applicant may withdraw now (not yet decided).
    #[serde(default)]
    pub withdrawable: bool,
    /// 查询码: the secret printed on the acceptance receipt with the case number. Whoever holds
    /// both can follow the case and rate it without signing in ([`CaseLookup`]). Shown to the
    /// applicant only; absent when the backend offers no lookup without sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_code: Option<String>,
    /// The material the applicant gave with the application, in form order: a file, or one of
    /// their electronic licences by reference. Absent when the backend does not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<CaseMaterial>,
}

/// One material given with an application: a file (`file`) or a licence (`licence`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CaseMaterial {
    /// The form field it was given for.
    pub target: String,
    /// The field's label (what the material is).
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<CaseFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<AttachedLicence>,
}

/// A file given with an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CaseFile {
    pub attachment_id: String,
    pub name: String,
}

/// An electronic licence given by reference: what it is, its number masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct AttachedLicence {
    pub licence_id: String,
    pub name: Text,
    pub number_masked: String,
}

/// `POST /api/v1/cases/lookup` body: find a case without signing in, by what is printed on its
/// acceptance receipt (受理回执): the case number and the query code (查询码). Names are not
/// asked: a business's name is public, so it proves nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CaseLookup {
    /// 办件编号
    pub number: String,
    /// 查询码, as printed; backends ignore case, spaces and hyphens.
    pub query_code: String,
}

/// The answer to a lookup: the stage, timeline and deadlines only, no personal data. Timeline
/// entries carry no `note` (an office's note may name people); clients show the stage names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct PublicCase {
    pub number: String,
    pub title: Text,
    pub stage: Stage,
    pub state: CaseState,
    pub deadline: Deadline,
    pub timeline: Vec<StageEntry>,
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// While material is missing (`state` `needs_action`): what, by when and where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement: Option<PublicSupplement>,
    /// The rating stages open to a rating without sign-in now; absent when the backend does not
    /// say (clients then offer the stages the case's stage allows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratable: Option<Vec<RatingStage>>,
}
