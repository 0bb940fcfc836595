//! 消息中心: what the backend tells the signed-in subject (`/api/v1/messages`). Optional: a
//! backend that does not offer it answers 404 or 501 on `GET /messages`.

use serde::{Deserialize, Serialize};

use crate::{Date, DeliveryInfo, Text, Timestamp, open_enum};

open_enum! {
    /// What a message is about.
    pub enum MessageKind {
        /// 补正: more material by `due_on`.
        SupplementRequired,
        /// 受理
        Accepted,
        /// 不予受理
        NotAccepted,
        /// 特别程序: the clock stops.
        SpecialProcedure,
        /// 作出决定: approved or refused.
        Decided,
        /// 可领取: pick the result up at the office.
        ReadyForCollection,
        /// 已邮寄: tracking in `delivery`.
        SentByPost,
        /// 电子送达
        DeliveredOnline,
        /// Another step of a case.
        CaseUpdate,
        /// The office's reply to a bad rating (整改), asking for the call-back (回访).
        RatingReply,
        /// 预约成功
        AppointmentConfirmed,
        /// 预约提醒
        AppointmentReminder,
        /// 通知公告 from an office.
        OfficeNotice,
    }
}

/// One message to the signed-in subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Message {
    pub id: String,
    pub kind: MessageKind,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Text>,
    pub created_at: Timestamp,
    pub read: bool,
    /// The case it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    /// The rating it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_id: Option<String>,
    /// The appointment it is about (预约).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<String>,
    /// The citizen's own deadline (补正 by this day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<Date>,
    /// How the result is handed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryInfo>,
}

/// `GET /api/v1/messages`: one page, newest first, and the unread count of the whole inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct MessagePage {
    pub items: Vec<Message>,
    pub unread: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/messages/read-all` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct ReadAll {
    /// The newest message the citizen saw; absent: every message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<String>,
}

/// `POST /api/v1/messages/read-all` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct InboxCount {
    pub unread: u32,
}
