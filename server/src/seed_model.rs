//! The on-disk format of the seed catalogue in `server/seed/catalogue/`. See
//! `server/seed/FORMAT.md`. The loader turns these into contract types, filling what can be
//! derived (department names, offices, event counts) so the data says each fact once.

use std::collections::BTreeMap;

use serde::Deserialize;
use yishi_contract::{Audience, Condition, FormSchema, IconKey, Joiner, Question, Text, TimeLimit};

/// A life event as written in `events-*.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEvent {
    pub id: String,
    pub name: Text,
    pub summary: Text,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub audience: Audience,
    pub category: String,
    pub icon: IconKey,
    pub promised_limit: TimeLimit,
    pub max_visits: u8,
    pub online_apply: bool,
    #[serde(default)]
    pub popularity: u32,
    #[serde(default)]
    pub description: Vec<Text>,
    #[serde(default)]
    pub questions: Vec<Question>,
    pub steps: Vec<SeedStep>,
    #[serde(default)]
    pub form: Option<FormSchema>,
    /// 下一件事: events citizens often need after this one (`EventCard.next_event_ids`).
    #[serde(default)]
    pub next_event_ids: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedStep {
    pub id: String,
    pub title: Text,
    pub joiner: Joiner,
    pub matters: Vec<SeedStepMatter>,
}

/// A matter inside an event step. Its materials come from the matter's guide; in this event a
/// material applies only when its entry in `material_conditions` holds (no entry: always).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedStepMatter {
    pub matter_id: String,
    #[serde(default)]
    pub applies_when: Option<Condition>,
    #[serde(default)]
    pub material_conditions: BTreeMap<String, Condition>,
}
