use serde::{Deserialize, Serialize};

use crate::{Audience, HandlingType, MatterKind, Office, Text, TimeLimit, Timestamp, open_enum};

/// `GET /api/v1/catalogue`: everything the app needs to list and search, in one cacheable
/// response. Served with an ETag equal to `"{version}"`; `If-None-Match` gives 304.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct CatalogueIndex {
    /// Changes whenever anything in the catalogue changes.
    pub version: String,
    pub generated_at: Timestamp,
    pub categories: Vec<Category>,
    pub events: Vec<EventCard>,
    pub matters: Vec<MatterCard>,
    pub departments: Vec<Department>,
}

/// A group of life events on the home page (出生, 教育…; 准入准营…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Category {
    pub id: String,
    pub audience: Audience,
    pub name: Text,
}

open_enum! {
    /// The icon of a life event, from the fixed set the app draws as inline SVG.
    pub enum IconKey {
        Baby,
        School,
        Card,
        Accessibility,
        Retirement,
        Veteran,
        Memorial,
        Work,
        House,
        Move,
        Family,
        Restaurant,
        Truck,
        Building,
        Utilities,
        Credit,
        Closure,
        Health,
        Car,
        Document,
    }
}

/// A life event (一件事) as listed and searched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct EventCard {
    pub id: String,
    pub name: Text,
    pub summary: Text,
    /// 日常用语
    #[serde(default)]
    pub aliases: Vec<String>,
    pub audience: Audience,
    /// A [`Category`] id.
    pub category: String,
    pub icon: IconKey,
    /// How many matters the event bundles (事项数).
    pub matter_count: u16,
    /// The promised time for the whole event (承诺时限): an event case's promised limit.
    pub promised_limit: TimeLimit,
    /// The longest legal time limit (法定时限) of the event's matters: an event case's legal
    /// limit is the longest of its own matters' (`yishi_core::workdays::longest_limit`), so
    /// never more than this. Absent when the backend does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_limit: Option<TimeLimit>,
    /// 跑动次数: the most on-site visits the event needs.
    pub max_visits: u8,
    /// Whether the combined form (一表申请) can be submitted online.
    pub online_apply: bool,
    /// A relative measure of use; a ranking tie-breaker.
    #[serde(default)]
    pub popularity: u32,
    #[serde(default)]
    pub matter_ids: Vec<String>,
    /// 下一件事: life events citizens often need after this one, most likely first (after
    /// 新生儿出生: 教育入学). Unknown ids are ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next_event_ids: Vec<String>,
}

/// A matter (事项) as listed and searched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct MatterCard {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub basic_code: String,
    pub department_id: String,
    pub audience: Audience,
    pub kind: MatterKind,
    pub handling: HandlingType,
    pub promised_limit: TimeLimit,
    /// 网办深度 1–4.
    pub online_depth: u8,
    /// 到现场次数
    pub visits: u8,
    #[serde(default)]
    pub popularity: u32,
}

/// A government department (部门) and its service offices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Department {
    pub id: String,
    pub name: Text,
    /// 统一社会信用代码 of the department.
    pub code: String,
    pub phone: String,
    /// Left out of the catalogue index (`GET /catalogue`); present on `GET /departments/{id}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offices: Vec<Office>,
}
