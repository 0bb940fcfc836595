//! The anchors: the seed catalogue's categories, departments, matters and life events
//! (card-level facts), present in every generated catalogue so that labelled search queries
//! (社会保障卡申领, 新生儿出生, 开办餐饮店…) have known answers at every scale.
//! `anchors_data.rs` is generated from `server/seed/catalogue` by `catgen/anchors.py`.

use yishi_contract::{
    Audience, Category, Department, GeoPoint, HandlingType, IconKey, MatterKind, Office, Text,
    TimeLimit, TimeUnit,
};

pub(crate) struct T(pub &'static str, pub Option<&'static str>);

impl T {
    pub fn text(&self) -> Text {
        Text {
            zh: self.0.to_string(),
            en: self.1.map(str::to_string),
        }
    }
}

pub(crate) struct L(pub u16, pub TimeUnit, pub Option<T>);

impl L {
    pub fn limit(&self) -> TimeLimit {
        TimeLimit {
            value: self.0,
            unit: self.1,
            note: self.2.as_ref().map(T::text),
        }
    }
}

pub(crate) struct CategoryRow {
    pub id: &'static str,
    pub audience: Audience,
    pub name: T,
}

pub(crate) struct OfficeRow {
    pub id: &'static str,
    pub name: T,
    pub address: T,
    pub hours: T,
    pub phone: &'static str,
    pub appointment: bool,
    /// The office's map point (latitude, longitude; GCJ-02), when the seed has one.
    pub location: Option<(f64, f64)>,
}

pub(crate) struct DepartmentRow {
    pub id: &'static str,
    pub name: T,
    pub code: &'static str,
    pub phone: &'static str,
    pub offices: &'static [OfficeRow],
}

pub(crate) struct MatterRow {
    pub id: &'static str,
    pub name: T,
    pub aliases: &'static [&'static str],
    pub basic_code: &'static str,
    pub implementation_code: &'static str,
    pub kind: MatterKind,
    pub department_id: &'static str,
    pub audience: Audience,
    pub handling: HandlingType,
    pub legal_limit: L,
    pub promised_limit: L,
    pub visits: u8,
    pub visit_reason: Option<T>,
    pub online_depth: u8,
    pub popularity: u32,
}

pub(crate) struct EventRow {
    pub id: &'static str,
    pub name: T,
    pub summary: T,
    pub aliases: &'static [&'static str],
    pub audience: Audience,
    pub category: &'static str,
    pub icon: IconKey,
    pub promised_limit: L,
    pub max_visits: u8,
    pub online_apply: bool,
    pub popularity: u32,
    pub matter_ids: &'static [&'static str],
    pub next_event_ids: &'static [&'static str],
}

include!("anchors_data.rs");

pub(crate) fn categories() -> Vec<Category> {
    CATEGORIES
        .iter()
        .map(|c| Category {
            id: c.id.to_string(),
            audience: c.audience,
            name: c.name.text(),
        })
        .collect()
}

pub(crate) fn department(d: &DepartmentRow) -> Department {
    Department {
        id: d.id.to_string(),
        name: d.name.text(),
        code: d.code.to_string(),
        phone: d.phone.to_string(),
        offices: d
            .offices
            .iter()
            .map(|o| Office {
                id: o.id.to_string(),
                name: o.name.text(),
                address: o.address.text(),
                hours: o.hours.text(),
                phone: o.phone.to_string(),
                appointment: o.appointment,
                location: o.location.map(|(latitude, longitude)| GeoPoint {
                    latitude,
                    longitude,
                }),
            })
            .collect(),
    }
}
