//! The catalogue: life events, matters, departments and categories.
//!
//! The seed files (see `seed/FORMAT.md`) are embedded in the binary, turned into contract
//! documents here (filling what can be derived, so the data says each fact once), stored in
//! SQLite, and served from memory. The catalogue `version` is a hash of its content, so it
//! changes exactly when something in the catalogue changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{Connection, params};
use serde_json::Value;
use sha2::{Digest, Sha256};
use yishi_contract::{
    CatalogueIndex, Category, Department, EventCard, LifeEvent, MatterCard, MatterGuide, Step,
    StepMatter, Text, TimeLimit, Timestamp,
};

use crate::seed_model::SeedEvent;

include!(concat!(env!("OUT_DIR"), "/seed_files.rs"));

/// The catalogue as the seed files describe it, with derived fields filled.
#[derive(Clone, Debug)]
pub struct SeedCatalogue {
    pub categories: Vec<Category>,
    pub departments: Vec<Department>,
    pub matters: Vec<MatterGuide>,
    /// Per matter id, the `popularity` the seed gave (absent: derived from its events).
    pub matter_popularity: HashMap<String, u32>,
    pub events: Vec<LifeEvent>,
}

/// Loads the embedded seed files.
pub fn load_embedded_seed() -> Result<SeedCatalogue, String> {
    load_seed(CATALOGUE_FILES)
}

/// Parses seed files given as (file name, content). Unknown fields and unknown enum values are
/// errors here (the contract types accept them for forward compatibility, the seed must not).
pub fn load_seed(files: &[(&str, &str)]) -> Result<SeedCatalogue, String> {
    let mut categories = Vec::new();
    let mut departments: Vec<Department> = Vec::new();
    let mut raw_matters: Vec<(String, Value)> = Vec::new();
    let mut raw_events: Vec<(String, Value)> = Vec::new();
    for (name, content) in files {
        let value: Value = serde_json::from_str(content).map_err(|e| format!("{name}: {e}"))?;
        match *name {
            "categories.json" => categories = strict::<Vec<Category>>(name, value)?,
            "departments.json" => departments = strict::<Vec<Department>>(name, value)?,
            n if n.starts_with("matters") => match value {
                Value::Array(items) => {
                    raw_matters.extend(items.into_iter().map(|v| (n.to_string(), v)))
                }
                _ => return Err(format!("{n}: expected an array of matters")),
            },
            n if n.starts_with("events") => match value {
                Value::Array(items) => {
                    raw_events.extend(items.into_iter().map(|v| (n.to_string(), v)))
                }
                _ => return Err(format!("{n}: expected an array of events")),
            },
            // Other JSON files (e.g. notes for the seed checker) are not catalogue data.
            _ => {}
        }
    }

    let dept_by_id: HashMap<&str, &Department> =
        departments.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut matters = Vec::new();
    let mut matter_popularity = HashMap::new();
    for (file, mut v) in raw_matters {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let ctx = format!("{file}: matter {id}");
        let obj = v
            .as_object_mut()
            .ok_or_else(|| format!("{ctx}: not an object"))?;
        let office_ids: Vec<String> = match obj.remove("office_ids") {
            Some(ids) => {
                serde_json::from_value(ids).map_err(|e| format!("{ctx}: office_ids: {e}"))?
            }
            None => return Err(format!("{ctx}: office_ids missing")),
        };
        if let Some(p) = obj.remove("popularity") {
            let p = p
                .as_u64()
                .ok_or_else(|| format!("{ctx}: popularity must be a whole number"))?;
            matter_popularity.insert(id.clone(), p.min(u32::MAX as u64) as u32);
        }
        for derived in ["department_name", "offices"] {
            if obj.contains_key(derived) {
                return Err(format!(
                    "{ctx}: {derived} is derived from departments.json; remove it"
                ));
            }
        }
        let dept_id = obj
            .get("department_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let dept = dept_by_id
            .get(dept_id.as_str())
            .ok_or_else(|| format!("{ctx}: unknown department {dept_id:?}"))?;
        let mut offices = Vec::new();
        for oid in &office_ids {
            let office =
                dept.offices.iter().find(|o| &o.id == oid).ok_or_else(|| {
                    format!("{ctx}: office {oid:?} is not an office of {dept_id}")
                })?;
            offices.push(office.clone());
        }
        obj.insert(
            "department_name".into(),
            serde_json::to_value(&dept.name).map_err(|e| e.to_string())?,
        );
        obj.insert(
            "offices".into(),
            serde_json::to_value(&offices).map_err(|e| e.to_string())?,
        );
        matters.push(strict::<MatterGuide>(&ctx, v)?);
    }

    let matter_by_id: HashMap<&str, &MatterGuide> =
        matters.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut events = Vec::new();
    for (file, v) in raw_events {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let ctx = format!("{file}: event {id}");
        let seed: SeedEvent =
            serde_json::from_value(v.clone()).map_err(|e| format!("{ctx}: {e}"))?;
        let event = derive_event(seed, &matter_by_id).map_err(|e| format!("{ctx}: {e}"))?;
        check_event_round_trip(&ctx, &v, &event)?;
        events.push(event);
    }

    // Matters without a seeded popularity inherit the popularity of the events that bundle them.
    let mut derived_pop: HashMap<String, u32> = HashMap::new();
    for e in &events {
        for mid in &e.card.matter_ids {
            let p = derived_pop.entry(mid.clone()).or_default();
            *p = p.saturating_add(e.card.popularity);
        }
    }
    for m in &matters {
        if !matter_popularity.contains_key(&m.id) {
            matter_popularity.insert(m.id.clone(), derived_pop.get(&m.id).copied().unwrap_or(0));
        }
    }

    Ok(SeedCatalogue {
        categories,
        departments,
        matters,
        matter_popularity,
        events,
    })
}

/// Builds a contract [`LifeEvent`] from its seed form.
fn derive_event(
    seed: SeedEvent,
    matters: &HashMap<&str, &MatterGuide>,
) -> Result<LifeEvent, String> {
    let mut matter_ids: Vec<String> = Vec::new();
    let mut steps = Vec::new();
    for step in seed.steps {
        let mut step_matters = Vec::new();
        for sm in step.matters {
            let guide = matters
                .get(sm.matter_id.as_str())
                .ok_or_else(|| format!("step {}: unknown matter {:?}", step.id, sm.matter_id))?;
            for key in sm.material_conditions.keys() {
                if !guide.materials.iter().any(|m| &m.id == key) {
                    return Err(format!(
                        "step {}: material_conditions names {key:?}, not a material of {}",
                        step.id, guide.id
                    ));
                }
            }
            let materials = guide
                .materials
                .iter()
                .map(|m| {
                    let mut m = m.clone();
                    m.applies_when = sm.material_conditions.get(&m.id).cloned();
                    m
                })
                .collect();
            if !matter_ids.contains(&sm.matter_id) {
                matter_ids.push(sm.matter_id.clone());
            }
            step_matters.push(StepMatter {
                matter_id: sm.matter_id,
                name: guide.name.clone(),
                applies_when: sm.applies_when,
                materials,
            });
        }
        steps.push(Step {
            id: step.id,
            title: step.title,
            joiner: step.joiner,
            matters: step_matters,
        });
    }
    // The law's outer limit over all the event's matters: a case includes some of them, so its
    // own legal limit is never longer (the contract's rule, `event_case_limits`).
    let legal_limit = yishi_core::workdays::longest_limit(
        matter_ids
            .iter()
            .filter_map(|id| matters.get(id.as_str()))
            .map(|m| &m.legal_limit),
    )
    .filter(|l| l.value > 0);
    let card = EventCard {
        legal_limit,
        id: seed.id,
        name: seed.name,
        summary: seed.summary,
        aliases: seed.aliases,
        audience: seed.audience,
        category: seed.category,
        icon: seed.icon,
        matter_count: matter_ids.len() as u16,
        promised_limit: seed.promised_limit,
        max_visits: seed.max_visits,
        online_apply: seed.online_apply,
        popularity: seed.popularity,
        matter_ids,
        next_event_ids: seed.next_event_ids,
    };
    Ok(LifeEvent {
        card,
        description: seed.description,
        questions: seed.questions,
        steps,
        form: seed.form,
    })
}

/// Deserialises `value` and insists that nothing was lost on the way (an unknown field or an
/// unknown enum value would silently vanish into the contract's forward-compatible types).
fn strict<T: serde::de::DeserializeOwned + serde::Serialize>(
    ctx: &str,
    value: Value,
) -> Result<T, String> {
    let parsed: T = serde_json::from_value(value.clone()).map_err(|e| format!("{ctx}: {e}"))?;
    let back = serde_json::to_value(&parsed).map_err(|e| format!("{ctx}: {e}"))?;
    lost_in_round_trip(&value, &back, "")
        .map_or(Ok(parsed), |p| Err(format!("{ctx}: not understood at {p}")))
}

/// The parts of an event the seed model passes through as contract types must round-trip too.
fn check_event_round_trip(ctx: &str, raw: &Value, event: &LifeEvent) -> Result<(), String> {
    let back = serde_json::to_value(event).map_err(|e| format!("{ctx}: {e}"))?;
    for key in [
        "questions",
        "form",
        "promised_limit",
        "name",
        "summary",
        "description",
    ] {
        if let (Some(a), Some(b)) = (raw.get(key), back.get(key))
            && let Some(p) = lost_in_round_trip(a, b, &format!("/{key}"))
        {
            return Err(format!("{ctx}: not understood at {p}"));
        }
    }
    for (si, step) in raw
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        for (mi, sm) in step
            .get("matters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let ptr = format!("/steps/{si}/matters/{mi}");
            let derived = &back["steps"][si]["matters"][mi];
            if let Some(a) = sm.get("applies_when")
                && let Some(p) =
                    lost_in_round_trip(a, &derived["applies_when"], &format!("{ptr}/applies_when"))
            {
                return Err(format!("{ctx}: not understood at {p}"));
            }
            for (mat, cond) in sm
                .get("material_conditions")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let found = derived["materials"]
                    .as_array()
                    .and_then(|ms| ms.iter().find(|m| m["id"] == Value::String(mat.clone())))
                    .map(|m| &m["applies_when"]);
                if let Some(b) = found
                    && let Some(p) =
                        lost_in_round_trip(cond, b, &format!("{ptr}/material_conditions/{mat}"))
                {
                    return Err(format!("{ctx}: not understood at {p}"));
                }
            }
        }
    }
    Ok(())
}

/// The JSON pointer of the first thing in `orig` that `back` does not carry, if any.
/// Nulls and absent keys count as equal (defaults are skipped when serialising).
fn lost_in_round_trip(orig: &Value, back: &Value, at: &str) -> Option<String> {
    match (orig, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                if v.is_null() {
                    continue;
                }
                let p = format!("{at}/{k}");
                match b.get(k) {
                    Some(bv) => {
                        if let Some(p) = lost_in_round_trip(v, bv, &p) {
                            return Some(p);
                        }
                    }
                    None => {
                        // An empty list or `false` may be skipped on output as a default.
                        let is_default = matches!(v, Value::Array(x) if x.is_empty())
                            || v == &Value::Bool(false);
                        if !is_default {
                            return Some(p);
                        }
                    }
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(at.to_string());
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| lost_in_round_trip(x, y, &format!("{at}/{i}")))
        }
        (Value::Number(a), Value::Number(b)) => (a.as_f64() != b.as_f64()).then(|| at.to_string()),
        _ => (orig != back).then(|| at.to_string()),
    }
}

fn is_ascii_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Consistency problems in the catalogue (empty when sound): every reference resolves, ids are
/// unique, and the rules of `seed/FORMAT.md` hold.
pub fn check_catalogue(c: &SeedCatalogue) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for cat in &c.categories {
        if !seen.insert(("category", cat.id.clone())) {
            problems.push(format!("category {} appears twice", cat.id));
        }
    }
    let mut office_ids = BTreeSet::new();
    for d in &c.departments {
        if !seen.insert(("department", d.id.clone())) {
            problems.push(format!("department {} appears twice", d.id));
        }
        if !d.offices.iter().any(|o| o.id == format!("{}-main", d.id)) {
            problems.push(format!("department {} has no office {}-main", d.id, d.id));
        }
        for o in &d.offices {
            if !office_ids.insert(o.id.clone()) {
                problems.push(format!("office {} appears twice", o.id));
            }
        }
    }
    for m in &c.matters {
        let id = &m.id;
        if !is_ascii_id(id) {
            problems.push(format!("matter id {id:?} is not ASCII kebab-case"));
        }
        if !seen.insert(("matter", id.clone())) {
            problems.push(format!("matter {id} appears twice"));
        }
        if m.basic_code.len() != 12 || !m.basic_code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            problems.push(format!(
                "matter {id}: basic_code {:?} is not 12 ASCII alphanumerics",
                m.basic_code
            ));
        }
        if m.implementation_code.is_empty()
            || m.implementation_code.len() > 36
            || !m
                .implementation_code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric())
        {
            problems.push(format!(
                "matter {id}: implementation_code {:?} is not 1–36 alphanumerics",
                m.implementation_code
            ));
        }
        if !(1..=4).contains(&m.online_depth) {
            problems.push(format!(
                "matter {id}: online_depth {} not in 1–4",
                m.online_depth
            ));
        }
        if m.online_depth == 4 && m.visits.count != 0 {
            problems.push(format!(
                "matter {id}: online depth 4 (全程网办) needs 0 visits"
            ));
        }
        if m.visits.count > 0 && m.visits.reason.is_none() {
            problems.push(format!("matter {id}: visits > 0 needs a reason"));
        }
        match m.handling {
            yishi_contract::HandlingType::Instant if m.promised_limit.value != 0 => {
                problems.push(format!("matter {id}: an instant matter promises 0"));
            }
            yishi_contract::HandlingType::Promised => {
                if m.promised_limit.value == 0 {
                    problems.push(format!(
                        "matter {id}: a promised matter needs a promised limit > 0"
                    ));
                }
                if m.promised_limit.unit == m.legal_limit.unit
                    && m.promised_limit.value > m.legal_limit.value
                {
                    problems.push(format!(
                        "matter {id}: promised limit exceeds the legal limit"
                    ));
                }
            }
            _ => {}
        }
        if m.fees.free != m.fees.items.is_empty() {
            problems.push(format!(
                "matter {id}: fees.free must be true exactly when there are no fee items"
            ));
        }
        if m.updated_on.year != 2026 {
            problems.push(format!(
                "matter {id}: updated_on {} is not in 2026",
                m.updated_on
            ));
        }
        let mut mat_ids = BTreeSet::new();
        for mat in &m.materials {
            if !mat_ids.insert(&mat.id) {
                problems.push(format!("matter {id}: material {} appears twice", mat.id));
            }
            if mat.applies_when.is_some() {
                problems.push(format!(
                    "matter {id}: material {} has applies_when outside an event",
                    mat.id
                ));
            }
        }
        let dept = c.departments.iter().find(|d| d.id == m.department_id);
        match dept {
            None => problems.push(format!(
                "matter {id}: unknown department {}",
                m.department_id
            )),
            Some(d) => {
                if m.department_name != d.name {
                    problems.push(format!(
                        "matter {id}: department_name differs from the department"
                    ));
                }
                for o in &m.offices {
                    if !d.offices.contains(o) {
                        problems.push(format!(
                            "matter {id}: office {} is not an office of {}",
                            o.id, d.id
                        ));
                    }
                }
            }
        }
        if m.offices.is_empty() && m.online_depth < 4 {
            problems.push(format!("matter {id}: needs a visit but names no office"));
        }
    }
    for e in &c.events {
        let id = &e.card.id;
        if !is_ascii_id(id) {
            problems.push(format!("event id {id:?} is not ASCII kebab-case"));
        }
        if !seen.insert(("event", id.clone())) {
            problems.push(format!("event {id} appears twice"));
        }
        if !c.categories.iter().any(|cat| cat.id == e.card.category) {
            problems.push(format!("event {id}: unknown category {}", e.card.category));
        }
        if e.steps.is_empty() {
            problems.push(format!("event {id}: has no steps"));
        }
        for sm in e.steps.iter().flat_map(|s| &s.matters) {
            if !c.matters.iter().any(|m| m.id == sm.matter_id) {
                problems.push(format!("event {id}: unknown matter {}", sm.matter_id));
            }
        }
        for next in &e.card.next_event_ids {
            if next == id || !c.events.iter().any(|other| &other.card.id == next) {
                problems.push(format!(
                    "event {id}: next event {next} is not another event"
                ));
            }
        }
        for p in yishi_core::conditions::check_event_conditions(e) {
            problems.push(format!("event {id}: {p}"));
        }
        match &e.form {
            Some(form) => {
                let check = &crate::pattern::regex_full_match;
                for p in yishi_core::form::check_form(form, check) {
                    problems.push(format!("event {id}: {p}"));
                }
            }
            None if e.card.online_apply => {
                problems.push(format!("event {id}: online_apply without a form"));
            }
            None => {}
        }
    }
    problems
}

/// The catalogue index of a seed, in file order.
pub fn build_index(c: &SeedCatalogue, version: &str, generated_at: Timestamp) -> CatalogueIndex {
    CatalogueIndex {
        version: version.to_string(),
        generated_at,
        categories: c.categories.clone(),
        events: c.events.iter().map(|e| index_event_card(&e.card)).collect(),
        matters: c
            .matters
            .iter()
            .map(|m| {
                index_matter_card(&matter_card(
                    m,
                    c.matter_popularity.get(&m.id).copied().unwrap_or(0),
                ))
            })
            .collect(),
        departments: c.departments.iter().map(index_department).collect(),
    }
}

/// A time limit as the catalogue index lists it: the number and unit, which the cards show,
/// without the office's note on it, which the event and the guide (their documents) show. The
/// notes were a sixth of the index that every first visit downloads and decodes.
fn index_limit(limit: &TimeLimit) -> TimeLimit {
    TimeLimit {
        note: None,
        ..limit.clone()
    }
}

/// A matter's card as the catalogue index lists it ([`index_limit`]).
pub fn index_matter_card(card: &MatterCard) -> MatterCard {
    MatterCard {
        promised_limit: index_limit(&card.promised_limit),
        ..card.clone()
    }
}

/// A life event's card as the catalogue index lists it ([`index_limit`]).
pub fn index_event_card(card: &EventCard) -> EventCard {
    EventCard {
        promised_limit: index_limit(&card.promised_limit),
        legal_limit: card.legal_limit.as_ref().map(index_limit),
        ..card.clone()
    }
}

/// A department as the catalogue index lists it: without its offices, which the app reads with
/// the department (`GET /departments/{id}`) or a matter's guide. Search matches only the
/// department's name and code, and the offices (addresses, hours, places) were a fifth of the
/// index that every first visit downloads and decodes (−2.2 KB brotli, −25 KB of JSON).
pub fn index_department(d: &Department) -> Department {
    Department {
        offices: Vec::new(),
        ..d.clone()
    }
}

pub fn matter_card(m: &MatterGuide, popularity: u32) -> MatterCard {
    MatterCard {
        id: m.id.clone(),
        name: m.name.clone(),
        aliases: m.aliases.clone(),
        basic_code: m.basic_code.clone(),
        department_id: m.department_id.clone(),
        audience: m.audience,
        kind: m.kind,
        handling: m.handling,
        promised_limit: m.promised_limit.clone(),
        online_depth: m.online_depth,
        visits: m.visits.count,
        popularity,
    }
}

/// A content hash of the whole catalogue (every document, not just the index).
pub fn content_version(c: &SeedCatalogue) -> String {
    let mut h = Sha256::new();
    let cards: BTreeMap<&str, u32> = c
        .matter_popularity
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    for part in [
        serde_json::to_vec(&c.categories),
        serde_json::to_vec(&c.departments),
        serde_json::to_vec(&c.matters),
        serde_json::to_vec(&cards),
        serde_json::to_vec(&c.events),
    ] {
        let bytes = part.unwrap_or_default();
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(&bytes);
    }
    let digest = h.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the seed into the catalogue tables unless the database already holds this version.
/// Cases and ratings are untouched: they refer to matters by id.
pub fn store_seed(
    conn: &mut Connection,
    seed: &SeedCatalogue,
    now: Timestamp,
) -> rusqlite::Result<bool> {
    let version = content_version(seed);
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'catalogue_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    if stored.as_deref() == Some(version.as_str()) {
        return Ok(false);
    }
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM events", [])?;
    tx.execute("DELETE FROM matters", [])?;
    tx.execute("DELETE FROM departments", [])?;
    tx.execute("DELETE FROM categories", [])?;
    let json = |v: &dyn erased::Ser| v.to_json();
    for (i, c) in seed.categories.iter().enumerate() {
        tx.execute(
            "INSERT INTO categories (id, ord, json) VALUES (?1, ?2, ?3)",
            params![c.id, i as i64, json(c)],
        )?;
    }
    for (i, d) in seed.departments.iter().enumerate() {
        tx.execute(
            "INSERT INTO departments (id, ord, json) VALUES (?1, ?2, ?3)",
            params![d.id, i as i64, json(d)],
        )?;
    }
    for (i, m) in seed.matters.iter().enumerate() {
        let card = matter_card(m, seed.matter_popularity.get(&m.id).copied().unwrap_or(0));
        tx.execute(
            "INSERT INTO matters (id, ord, department_id, guide_json, card_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![m.id, i as i64, m.department_id, json(m), json(&card)],
        )?;
    }
    for (i, e) in seed.events.iter().enumerate() {
        tx.execute(
            "INSERT INTO events (id, ord, json) VALUES (?1, ?2, ?3)",
            params![e.card.id, i as i64, json(e)],
        )?;
    }
    for (k, v) in [
        ("catalogue_version", version),
        ("catalogue_generated_at", now.to_string()),
    ] {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![k, v],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// Serialising heterogeneous contract values to JSON text in one closure.
mod erased {
    pub trait Ser {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).expect("contract types always serialise")
        }
    }
}

/// The catalogue as served: documents pre-serialised, plus the typed parts the server uses.
#[derive(Debug)]
pub struct Catalogue {
    pub version: String,
    /// `GET /catalogue`, serialised once.
    pub index_json: Vec<u8>,
    /// The same, brotli-compressed at the first request that accepts it ([`Catalogue::index_br`]).
    index_br: std::sync::OnceLock<Vec<u8>>,
    pub event_json: HashMap<String, String>,
    pub matter_json: HashMap<String, String>,
    pub department_json: HashMap<String, String>,
    pub matters: HashMap<String, MatterGuide>,
    pub events: HashMap<String, LifeEvent>,
    pub departments: HashMap<String, Department>,
}

impl Catalogue {
    /// `GET /catalogue` compressed with brotli at its best quality: the largest answer of a first
    /// visit, the same for every citizen until the catalogue changes, so it is compressed once
    /// (~0.15 s for the seed catalogue) rather than with gzip on every request.
    pub fn index_br(&self) -> &[u8] {
        self.index_br.get_or_init(|| {
            use std::io::Write as _;
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
                // Writing into a Vec cannot fail.
                let _ = writer.write_all(&self.index_json);
            }
            out
        })
    }

    /// Reads the catalogue tables.
    pub fn load(conn: &Connection) -> Result<Catalogue, String> {
        let e = |e: rusqlite::Error| e.to_string();
        let meta = |key: &str| -> Result<String, String> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .map_err(|err| format!("catalogue meta {key}: {err}"))
        };
        let version = meta("catalogue_version")?;
        let generated_at = Timestamp::parse(&meta("catalogue_generated_at")?)
            .ok_or("bad catalogue_generated_at")?;
        let rows = |sql: &str| -> Result<Vec<(String, String)>, String> {
            let mut stmt = conn.prepare(sql).map_err(e)?;
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(e)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(e)
        };
        let parse = |what: &str, id: &str, s: &str| format!("stored {what} {id}: {s}");

        let mut categories = Vec::new();
        for (id, j) in rows("SELECT id, json FROM categories ORDER BY ord")? {
            categories.push(
                serde_json::from_str::<Category>(&j)
                    .map_err(|x| parse("category", &id, &x.to_string()))?,
            );
        }
        let mut departments = Vec::new();
        let mut department_json = HashMap::new();
        let mut dept_map = HashMap::new();
        for (id, j) in rows("SELECT id, json FROM departments ORDER BY ord")? {
            let d: Department =
                serde_json::from_str(&j).map_err(|x| parse("department", &id, &x.to_string()))?;
            departments.push(index_department(&d));
            dept_map.insert(id.clone(), d);
            department_json.insert(id, j);
        }
        let mut matter_cards = Vec::new();
        for (id, j) in rows("SELECT id, card_json FROM matters ORDER BY ord")? {
            matter_cards.push(index_matter_card(
                &serde_json::from_str::<MatterCard>(&j)
                    .map_err(|x| parse("matter card", &id, &x.to_string()))?,
            ));
        }
        let mut matters = HashMap::new();
        let mut matter_json = HashMap::new();
        for (id, j) in rows("SELECT id, guide_json FROM matters ORDER BY ord")? {
            let m: MatterGuide =
                serde_json::from_str(&j).map_err(|x| parse("matter", &id, &x.to_string()))?;
            matters.insert(id.clone(), m);
            matter_json.insert(id, j);
        }
        let mut event_cards = Vec::new();
        let mut events = HashMap::new();
        let mut event_json = HashMap::new();
        for (id, j) in rows("SELECT id, json FROM events ORDER BY ord")? {
            let ev: LifeEvent =
                serde_json::from_str(&j).map_err(|x| parse("event", &id, &x.to_string()))?;
            event_cards.push(index_event_card(&ev.card));
            events.insert(id.clone(), ev);
            event_json.insert(id, j);
        }
        let index = CatalogueIndex {
            version: version.clone(),
            generated_at,
            categories,
            events: event_cards,
            matters: matter_cards,
            departments,
        };
        Ok(Catalogue {
            version,
            index_json: serde_json::to_vec(&index).map_err(|x| x.to_string())?,
            index_br: std::sync::OnceLock::new(),
            event_json,
            matter_json,
            department_json,
            matters,
            events,
            departments: dept_map,
        })
    }

    /// The display title and handling office of a matter, for cases.
    pub fn matter_title(&self, id: &str) -> Option<Text> {
        self.matters.get(id).map(|m| m.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_check_spots_unknown_fields_and_values() {
        let v: Value =
            serde_json::json!({"id": "x", "audience": "person", "name": {"zh-CN": "出生"}});
        assert!(strict::<Category>("t", v).is_ok());
        let typo: Value =
            serde_json::json!({"id": "x", "audience": "persons", "name": {"zh-CN": "出生"}});
        assert_eq!(
            strict::<Category>("t", typo).unwrap_err(),
            "t: not understood at /audience"
        );
        let extra: Value = serde_json::json!({"id": "x", "audience": "person", "name": {"zh-CN": "出生", "fr": "Naissance"}});
        assert_eq!(
            strict::<Category>("t", extra).unwrap_err(),
            "t: not understood at /name/fr"
        );
    }
}
