//! `yishi-catgen`: a deterministic generator of large, realistic catalogues (事项目录) for
//! benchmarking and testing search at scale (1,000–50,000 matters and more).
//!
//! [`generate`]`(n, seed)` builds a [`Generated`] catalogue: the contract's [`CatalogueIndex`]
//! (the body of `GET /api/v1/catalogue`) plus, on demand, each matter's [`MatterGuide`] and each
//! event's [`LifeEvent`], built from the same deterministic data. Same `(n, seed)`, same bytes.
//!
//! What makes it realistic (and search hard):
//! - **Anchors**: every catalogue holds the seed catalogue's matters and events (社会保障卡申领,
//!   新生儿出生, 开办餐饮店…) with their ids, so labelled queries have known answers at any scale,
//!   plus a few pinned composed names ([`PINNED`], e.g. 食品经营许可证核发).
//! - **Composed names** from real vocabularies: `{object}{action}` or `{action}{object}`
//!   (住房公积金提取 / 提取住房公积金), split by situation (（跨省通办）, （港澳台居民）…).
//! - **Near-duplicates**: one matter (one basic code, 基本编码) implemented by the city and by
//!   several districts or streets, each with its own department and implementation code
//!   (实施编码); 首次申领 / 补领 / 换领 of the same certificate.
//! - **Everyday names** (日常用语: 补办身份证, 取公积金…), English names, codes with valid
//!   check characters, a Zipf-like popularity, a person/business audience mix.
//! - **Life events**, about one per 50 matters: the national themes and the 一业一证 industries
//!   (开办便利店…), city-wide, per district (新生儿出生（滨江区）) and per street, each bundling
//!   3–8 related matters.

mod anchors;
mod docs;
mod rng;
mod themes;
mod vocab;

use std::collections::{HashMap, HashSet};

use yishi_contract::{
    CatalogueIndex, Department, EventCard, HandlingType, LifeEvent, MatterCard, MatterGuide,
    MatterKind, Text, TimeLimit, TimeUnit, Timestamp,
};

use rng::Rng;
use vocab::{ACTIONS, DISTRICTS, DOMAINS, Level, QUALIFIERS};

/// Bumped whenever the vocabulary or the algorithm changes what a given `(n, seed)` yields.
pub const GENERATOR_VERSION: u32 = 1;

/// Composed matters every catalogue contains, in name order (`object:action` in the
/// vocabulary, always in the `{object}{action}` form). With the anchors they give labelled
/// queries known answers. Where a pinned name equals an anchor's (居民身份证换领), only district
/// implementations are generated, as near-duplicates of the anchor.
pub const PINNED: &[&str] = &[
    "食品经营许可证核发",
    "营业执照设立登记",
    "居民身份证首次申领",
    "居民身份证补领",
    "居民身份证换领",
    "住房公积金提取",
    "住房公积金贷款申请",
    "机动车驾驶证换领",
    "社会保障卡补领",
    "普通护照申领",
    "无犯罪记录证明开具",
    "最低生活保障申请",
    "结婚证补领",
    "机动车转移登记",
    "不动产转移登记",
    "失业保险待遇申领",
    "异地就医备案",
    "往来港澳通行证签注",
    "有限责任公司设立登记",
    "排污许可证核发",
    "建设工程规划许可证核发",
    "残疾人证换领",
    "公共租赁住房申请",
    "居住证签注",
];

const PINNED_KEYS: &[(&str, &str)] = &[
    ("food-permit", "issue"),
    ("business-licence", "establish"),
    ("id-card", "first"),
    ("id-card", "replace"),
    ("id-card", "renew"),
    ("housing-fund", "withdraw"),
    ("fund-loan", "request"),
    ("driving-licence", "renew"),
    ("social-security-card", "replace"),
    ("passport", "apply"),
    ("no-criminal-record", "certify"),
    ("dibao", "request"),
    ("marriage-certificate", "replace"),
    ("vehicle", "transfer-reg"),
    ("real-estate", "transfer-reg"),
    ("unemployment-insurance", "benefit"),
    ("remote-treatment", "filing"),
    ("hk-macao-permit", "endorse"),
    ("llc", "establish"),
    ("discharge-permit", "issue"),
    ("planning-permit", "issue"),
    ("disability-card", "renew"),
    ("public-rental", "request"),
    ("residence-permit", "endorse"),
];

/// How many matters the vocabulary can produce with this seed (anchors included) before it
/// runs out of distinct (matter, implementing body) pairs; [`generate`] stops there. About
/// 150,000 (life events stop earlier, at about 2,400).
pub fn capacity(seed: u64) -> usize {
    let bases = enumerate_bases(&mut Rng::derive(seed, 1, 0), &anchor_names());
    anchors::MATTERS.len()
        + bases
            .iter()
            .map(|b| limit(b, MAX_PRESSURE) - usize::from(b.anchor_name))
            .sum::<usize>()
}

/// The seed ids of the anchor matters (every catalogue has them).
pub fn anchor_matter_ids() -> impl Iterator<Item = &'static str> {
    anchors::MATTERS.iter().map(|m| m.id)
}

/// The seed ids of the anchor life events (every catalogue has them).
pub fn anchor_event_ids() -> impl Iterator<Item = &'static str> {
    anchors::EVENTS.iter().map(|e| e.id)
}

/// A generated catalogue: the index, and the documents behind it on demand.
pub struct Generated {
    pub index: CatalogueIndex,
    seed: u64,
    matter_origin: Vec<Origin>,
    event_origin: Vec<EventOrigin>,
    bases: Vec<Base>,
    matter_pos: HashMap<String, usize>,
    event_pos: HashMap<String, usize>,
    dept_pos: HashMap<String, usize>,
}

#[derive(Clone, Copy, Debug)]
enum Origin {
    Anchor(usize),
    Composed { base: u32, body: u8 },
}

#[derive(Clone, Copy, Debug)]
enum EventOrigin {
    Anchor,
    Theme(u16),
}

/// Who implements a matter (实施主体): the city, a district or county, or a street or town.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Body {
    City,
    District(u8),
    Street(u8, u8),
}

const STREETS_PER_DISTRICT: usize = 6;
const BODY_COUNT: usize = 1 + 12 + 12 * STREETS_PER_DISTRICT;
const MAX_PRESSURE: u8 = 1;

fn body(i: usize) -> Body {
    match i {
        0 => Body::City,
        1..=12 => Body::District((i - 1) as u8),
        _ => {
            let k = i - 13;
            Body::Street(
                (k / STREETS_PER_DISTRICT) as u8,
                (k % STREETS_PER_DISTRICT) as u8,
            )
        }
    }
}

/// A composed matter before implementation: one basic code, one name.
struct Base {
    domain: u16,
    object: u16,
    action: u16,
    qualifier: u8,
    zh: String,
    en: String,
    stem: String,
    basic_code: String,
    aliases: Vec<String>,
    kind: MatterKind,
    handling: HandlingType,
    legal_limit: u16,
    /// Its name is an anchor's: the city does not implement it again.
    anchor_name: bool,
    level: Level,
    has_districts: bool,
    /// The implementing bodies in the order they are added: city, districts, streets.
    order: Vec<u8>,
    cursor: usize,
    popularity: u32,
    /// (body, matter index) of each implementation so far.
    emitted: Vec<(u8, u32)>,
}

/// How many of `order` a base may use under the given pressure (more once the catalogue
/// needs more matters than the natural levels give).
fn limit(b: &Base, pressure: u8) -> usize {
    if !b.has_districts {
        return 1;
    }
    match (b.level, pressure) {
        (Level::City, 0) => 1,
        (Level::City, _) | (Level::Wide, 0) => 13,
        _ => BODY_COUNT,
    }
}

fn room(b: &Base, pressure: u8) -> bool {
    b.cursor < limit(b, pressure) - usize::from(b.anchor_name)
}

fn anchor_names() -> HashSet<&'static str> {
    anchors::MATTERS.iter().map(|m| m.name.0).collect()
}

fn kind_code(kind: MatterKind) -> &'static str {
    match kind {
        MatterKind::Licensing => "01",
        MatterKind::Payment => "05",
        MatterKind::Confirmation => "07",
        MatterKind::Reward => "08",
        MatterKind::Ruling => "09",
        MatterKind::OtherPower => "10",
        _ => "20",
    }
}

/// Every composed base in the vocabulary: unqualified names first (shuffled), then the
/// qualified variants (shuffled), with the pinned ones at the very front.
fn enumerate_bases(rng: &mut Rng, anchor_names: &HashSet<&'static str>) -> Vec<Base> {
    let action_index: HashMap<&str, usize> = ACTIONS
        .iter()
        .enumerate()
        .map(|(i, a)| (a.key, i))
        .collect();
    let mut codes: HashSet<String> = anchors::MATTERS
        .iter()
        .map(|m| m.basic_code.to_string())
        .collect();
    let mut names: HashSet<String> = HashSet::new();
    let mut plain = Vec::new();
    let mut qualified = Vec::new();
    let mut pinned: Vec<Option<Base>> = PINNED_KEYS.iter().map(|_| None).collect();
    for (di, dom) in DOMAINS.iter().enumerate() {
        for (oi, obj) in dom.objects.iter().enumerate() {
            for akey in obj.action_keys() {
                let ai = *action_index
                    .get(akey)
                    .unwrap_or_else(|| panic!("{}: unknown action {akey}", obj.key));
                let act = &ACTIONS[ai];
                let kind = act.kind.unwrap_or(obj.kind);
                for (qi, q) in QUALIFIERS.iter().enumerate() {
                    if !vocab::qualifier_applies(qi, obj.audience, kind, act) {
                        continue;
                    }
                    let pin = (qi == 0)
                        .then(|| {
                            PINNED_KEYS
                                .iter()
                                .position(|&(o, a)| o == obj.key && a == act.key)
                        })
                        .flatten();
                    let prefix =
                        pin.is_none() && act.prefix.is_some() && rng.chance(act.prefix_pct);
                    let tpl = if prefix {
                        act.prefix.unwrap_or(act.suffix)
                    } else {
                        act.suffix
                    };
                    let zh = format!("{}{}", tpl.replace("{o}", obj.zh), q.zh);
                    if !names.insert(zh.clone()) {
                        continue;
                    }
                    let mut code = format!(
                        "{}{}{:03}{:03}",
                        kind_code(kind),
                        dom.code,
                        oi + 1,
                        ai * 10 + qi
                    );
                    let mut bump = 500;
                    while codes.contains(&code) {
                        code = format!(
                            "{}{}{:03}{:03}",
                            kind_code(kind),
                            dom.code,
                            oi + 1 + bump,
                            ai * 10 + qi
                        );
                        bump += 1;
                    }
                    codes.insert(code.clone());
                    let mut aliases: Vec<String> = Vec::new();
                    let mut shorts = obj.short_names();
                    let first = shorts.next().unwrap_or(obj.zh);
                    // 农机登记 + {s}登记 would say 登记 twice: skip phrasings whose fixed words
                    // the short name already has.
                    let phrase = |tpl: &str, short: &str| {
                        let fixed = tpl.replace("{s}", "");
                        let repeats = short.contains(&fixed)
                            || tpl
                                .split("{s}")
                                .any(|part| part.chars().count() >= 2 && short.contains(part));
                        (!repeats).then(|| tpl.replace("{s}", short))
                    };
                    aliases.extend(act.aliases.iter().filter_map(|tpl| phrase(tpl, first)));
                    if let Some(second) = shorts.next() {
                        aliases.extend(act.aliases.iter().find_map(|tpl| phrase(tpl, second)));
                    }
                    if first != obj.zh {
                        aliases.push(first.to_string());
                    }
                    let mut seen = HashSet::new();
                    aliases.retain(|a| a != &zh && seen.insert(a.clone()));
                    let instant = kind != MatterKind::Licensing && rng.chance(act.instant_pct);
                    let legal_limit = match (kind, instant) {
                        (_, true) => *rng.pick(&[1, 1, 5, 20]),
                        (MatterKind::Licensing, _) => *rng.pick(&[20, 20, 20, 15, 10]),
                        (MatterKind::Confirmation, _) => *rng.pick(&[20, 30, 10]),
                        (MatterKind::Payment, _) => *rng.pick(&[30, 20]),
                        (MatterKind::OtherPower, _) => *rng.pick(&[20, 10]),
                        _ => *rng.pick(&[20, 15, 10, 5]),
                    };
                    let mut order: Vec<u8> = Vec::with_capacity(BODY_COUNT);
                    order.push(0);
                    let mut districts: Vec<u8> = (1..13).collect();
                    rng.shuffle(&mut districts);
                    let mut streets: Vec<u8> = (13..BODY_COUNT as u8).collect();
                    rng.shuffle(&mut streets);
                    order.extend(districts);
                    order.extend(streets);
                    let anchor_name = anchor_names.contains(zh.as_str());
                    if anchor_name {
                        order.remove(0);
                    }
                    let base = Base {
                        domain: di as u16,
                        object: oi as u16,
                        action: ai as u16,
                        qualifier: qi as u8,
                        en: format!("{} {}{}", obj.en, act.en, q.en),
                        stem: if q.key.is_empty() {
                            format!("{}-{}", obj.key, act.key)
                        } else {
                            format!("{}-{}-{}", obj.key, act.key, q.key)
                        },
                        zh,
                        basic_code: code,
                        aliases,
                        kind,
                        handling: if instant {
                            HandlingType::Instant
                        } else {
                            HandlingType::Promised
                        },
                        legal_limit,
                        anchor_name,
                        level: obj.level,
                        has_districts: dom.district.is_some(),
                        order,
                        cursor: 0,
                        popularity: 0,
                        emitted: Vec::new(),
                    };
                    match pin {
                        Some(p) => pinned[p] = Some(base),
                        None if qi == 0 => plain.push(base),
                        None => qualified.push(base),
                    }
                }
            }
        }
    }
    rng.shuffle(&mut plain);
    rng.shuffle(&mut qualified);
    let mut all: Vec<Base> = pinned
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            b.unwrap_or_else(|| panic!("pinned {:?} is not in the vocabulary", PINNED_KEYS[i]))
        })
        .collect();
    all.extend(plain);
    all.extend(qualified);
    all
}

/// Generates a catalogue of `matters` matters (at least the anchors: with fewer than
/// [`anchor_matter_ids`] counts, all anchors and nothing else; at most [`capacity`]) and about
/// one life event per 50 matters (at least the anchors, at most the theme instances with 3 or
/// more matters), deterministically from `seed`.
pub fn generate(matters: usize, seed: u64) -> Generated {
    let mut rng = Rng::derive(seed, 1, 0);
    let anchor_names = anchor_names();
    let mut bases = enumerate_bases(&mut rng, &anchor_names);

    let mut cards: Vec<MatterCard> = Vec::with_capacity(matters.max(anchors::MATTERS.len()));
    let mut origin: Vec<Origin> = Vec::with_capacity(cards.capacity());
    let mut ids: HashSet<String> = HashSet::new();
    for (i, m) in anchors::MATTERS.iter().enumerate() {
        ids.insert(m.id.to_string());
        cards.push(MatterCard {
            id: m.id.to_string(),
            name: m.name.text(),
            aliases: m.aliases.iter().map(|s| s.to_string()).collect(),
            basic_code: m.basic_code.to_string(),
            department_id: m.department_id.to_string(),
            audience: m.audience,
            kind: m.kind,
            handling: m.handling,
            promised_limit: m.promised_limit.limit(),
            online_depth: m.online_depth,
            visits: m.visits,
            popularity: m.popularity,
        });
        origin.push(Origin::Anchor(i));
    }

    // Compose: a new base (about half the time, while any are left) or another implementation
    // of an already used one, the popular ones more often (Zipf over first-use order).
    let mut next_new = 0usize;
    let mut open: Vec<usize> = Vec::new();
    let mut ranked = 0u32;
    let mut pressure = 0u8;
    while cards.len() < matters {
        let want_new = next_new < bases.len() && (open.is_empty() || rng.chance(55));
        let (bi, pos) = if want_new {
            next_new += 1;
            let b = &mut bases[next_new - 1];
            b.popularity = 1 + 480_000 * (60 + rng.below(80) as u32) / 100 / (ranked + 8);
            ranked += 1;
            if !room(b, pressure) {
                continue;
            }
            open.push(next_new - 1);
            (next_new - 1, open.len() - 1)
        } else if open.is_empty() {
            if pressure == MAX_PRESSURE {
                break;
            }
            pressure += 1;
            open = (0..next_new)
                .filter(|&i| room(&bases[i], pressure))
                .collect();
            continue;
        } else {
            let pos = rng.zipf(open.len());
            (open[pos], pos)
        };
        let b = &mut bases[bi];
        let body_idx = b.order[b.cursor];
        b.cursor += 1;
        if !room(b, pressure) {
            open.remove(pos);
        }
        let index = cards.len();
        let card = compose_card(b, body_idx, seed, index, &mut ids);
        b.emitted.push((body_idx, index as u32));
        cards.push(card);
        origin.push(Origin::Composed {
            base: bi as u32,
            body: body_idx,
        });
    }

    let departments = departments(&bases, &origin);
    let dept_pos: HashMap<String, usize> = departments
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let (events, event_origin) = events(matters, seed, &bases, &cards, &dept_pos);

    let index = CatalogueIndex {
        version: format!("catgen{GENERATOR_VERSION}-{}-{seed}", cards.len()),
        generated_at: Timestamp::parse("2026-01-01T00:00:00+08:00").expect("a valid instant"),
        categories: anchors::categories(),
        events,
        matters: cards,
        departments,
    };
    let matter_pos = index
        .matters
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let event_pos = index
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    Generated {
        index,
        seed,
        matter_origin: origin,
        event_origin,
        bases,
        matter_pos,
        event_pos,
        dept_pos,
    }
}

/// The id suffix of a body: `-binjiang`, `-binjiang-donghu`.
fn body_suffix(b: Body) -> String {
    match b {
        Body::City => String::new(),
        Body::District(d) => format!("-{}", DISTRICTS[d as usize].slug),
        Body::Street(d, s) => format!(
            "-{}-{}",
            DISTRICTS[d as usize].slug, DISTRICTS[d as usize].streets[s as usize].1
        ),
    }
}

/// The department implementing matters of `domain` at `body`.
fn dept_id(domain: usize, b: Body) -> String {
    let dept = DOMAINS[domain].dept;
    match b {
        Body::City => dept.to_string(),
        Body::District(d) => format!("{dept}-{}", DISTRICTS[d as usize].slug),
        Body::Street(..) => format!("street{}", body_suffix(b)),
    }
}

/// One implementation of a base: the card. Everything not on the card is derived later, in
/// [`Generated::matter_guide`], from the same per-matter random stream.
fn compose_card(
    b: &Base,
    body_idx: u8,
    seed: u64,
    index: usize,
    ids: &mut HashSet<String>,
) -> MatterCard {
    let bd = body(body_idx as usize);
    let mut id = format!("{}{}", b.stem, body_suffix(bd));
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{}{}-{n}", b.stem, body_suffix(bd));
        n += 1;
    }
    ids.insert(id.clone());
    let mut r = Rng::derive(seed, 2, index as u64);
    let act = &ACTIONS[b.action as usize];
    let obj = &DOMAINS[b.domain as usize].objects[b.object as usize];
    let mut depth = match r.below(100) {
        0..45 => 4,
        45..80 => 3,
        80..95 => 2,
        _ => 1,
    };
    // Cards and licences with a fee are collected or checked in person more often.
    if (act.certificate && obj.fee.is_some()) || b.kind == MatterKind::Licensing && r.chance(40) {
        depth = depth.min(3);
    }
    let visits = match depth {
        4 => 0,
        3 => u8::from(!r.chance(60)),
        2 => 1,
        _ => 1 + u8::from(r.chance(30)),
    };
    let promised = match b.handling {
        HandlingType::Instant => TimeLimit {
            value: 0,
            unit: TimeUnit::WorkingDays,
            note: r.chance(50).then(|| {
                Text::new(
                    "即办件，材料齐全当场办结",
                    "Decided on the spot when the file is complete",
                )
            }),
        },
        _ => {
            // Local promises (承诺时限) cut the legal limit by different amounts.
            let pct = *r.pick(&[10u16, 20, 25, 50, 75]);
            TimeLimit {
                value: (b.legal_limit * pct / 100).max(1),
                unit: TimeUnit::WorkingDays,
                note: None,
            }
        }
    };
    let popularity = match bd {
        Body::City => b.popularity,
        Body::District(_) => 1 + b.popularity * (10 + r.below(30) as u32) / 100,
        Body::Street(..) => 1 + b.popularity * (1 + r.below(5) as u32) / 100,
    };
    MatterCard {
        id,
        name: Text::new(b.zh.clone(), b.en.clone()),
        aliases: b.aliases.clone(),
        basic_code: b.basic_code.clone(),
        department_id: dept_id(b.domain as usize, bd),
        audience: obj.audience,
        kind: b.kind,
        handling: b.handling,
        promised_limit: promised,
        online_depth: depth,
        visits,
        popularity,
    }
}

/// Departments in a fixed order: the seed's, the other city ones, then district and street
/// departments; only those something uses (the seed's always).
fn departments(bases: &[Base], origin: &[Origin]) -> Vec<Department> {
    let mut used: HashSet<(usize, u8)> = HashSet::new();
    for o in origin {
        if let Origin::Composed { base, body } = *o {
            let b = &bases[base as usize];
            let key_domain = match self::body(body as usize) {
                Body::Street(..) => usize::MAX,
                _ => b.domain as usize,
            };
            used.insert((key_domain, body));
        }
    }
    let mut out: Vec<Department> = anchors::DEPARTMENTS
        .iter()
        .map(anchors::department)
        .collect();
    for (i, extra) in vocab::EXTRA_DEPARTMENTS.iter().enumerate() {
        let domain = DOMAINS.iter().position(|d| d.dept == extra.0);
        if domain.is_some_and(|d| used.contains(&(d, 0))) {
            out.push(docs::city_department(i));
        }
    }
    for body_idx in 1..13u8 {
        for domain in 0..DOMAINS.len() {
            if used.contains(&(domain, body_idx)) {
                out.push(docs::district_department(domain, (body_idx - 1) as usize));
            }
        }
    }
    for body_idx in 13..BODY_COUNT as u8 {
        if used.contains(&(usize::MAX, body_idx))
            && let Body::Street(d, s) = body(body_idx as usize)
        {
            out.push(docs::street_department(d as usize, s as usize));
        }
    }
    out
}

/// The bodies to look in for a matter serving `b`, nearest first.
fn nearest(b: Body) -> Vec<u8> {
    match b {
        Body::City => vec![0],
        Body::District(d) => vec![1 + d, 0],
        Body::Street(d, s) => vec![13 + d * STREETS_PER_DISTRICT as u8 + s, 1 + d, 0],
    }
}

/// About one life event per 50 matters: the anchors, then theme instances (city-wide, per
/// district, per street) whose bundle has at least 3 matters.
fn events(
    matters: usize,
    seed: u64,
    bases: &[Base],
    cards: &[MatterCard],
    dept_pos: &HashMap<String, usize>,
) -> (Vec<EventCard>, Vec<EventOrigin>) {
    let mut out: Vec<EventCard> = anchors::EVENTS.iter().map(anchor_event_card).collect();
    let mut origin = vec![EventOrigin::Anchor; out.len()];
    let target = (matters + 25) / 50;
    if out.len() >= target {
        return (out, origin);
    }
    let mut rng = Rng::derive(seed, 3, 0);
    let bundles = Bundles::new(bases, cards);
    for (ti, body_idx) in theme_instances(&mut rng) {
        if out.len() >= target {
            break;
        }
        let theme = &themes::THEMES[ti];
        let bd = body(body_idx as usize);
        let Some(bundle) = bundles.of(theme, bd) else {
            continue;
        };
        let ms: Vec<&MatterCard> = bundle.iter().map(|&m| &cards[m]).collect();
        debug_assert!(
            ms.iter()
                .all(|m| dept_pos.contains_key(m.department_id.as_str()))
        );
        out.push(theme_event_card(theme, bd, &ms, &mut rng));
        origin.push(EventOrigin::Theme(ti as u16));
    }
    (out, origin)
}

/// The card of an anchor event (one of the seed catalogue's).
fn anchor_event_card(e: &anchors::EventRow) -> EventCard {
    let legal: Vec<TimeLimit> = e
        .matter_ids
        .iter()
        .filter_map(|id| anchors::MATTERS.iter().find(|m| m.id == *id))
        .map(|m| m.legal_limit.limit())
        .collect();
    EventCard {
        id: e.id.to_string(),
        name: e.name.text(),
        summary: e.summary.text(),
        aliases: e.aliases.iter().map(|s| s.to_string()).collect(),
        audience: e.audience,
        category: e.category.to_string(),
        icon: e.icon,
        matter_count: e.matter_ids.len() as u16,
        promised_limit: e.promised_limit.limit(),
        // 法定时限 of the event: the longest of its matters' (none when all are zero).
        legal_limit: yishi_core::workdays::longest_limit(&legal).filter(|l| l.value > 0),
        max_visits: e.max_visits,
        online_apply: e.online_apply,
        popularity: e.popularity,
        matter_ids: e.matter_ids.iter().map(|s| s.to_string()).collect(),
        next_event_ids: e.next_event_ids.iter().map(|s| s.to_string()).collect(),
    }
}

/// The order theme instances are tried in, as (theme, body index): city-wide themes first
/// (those without a seed event), then every theme per district, then per street for the themes
/// that have street instances, each group shuffled.
fn theme_instances(rng: &mut Rng) -> Vec<(usize, u8)> {
    let mut instances: Vec<(usize, u8)> = themes::THEMES
        .iter()
        .enumerate()
        .filter(|(_, t)| t.seed_event.is_none())
        .map(|(i, _)| (i, 0))
        .collect();
    let mut districts: Vec<(usize, u8)> = (0..themes::THEMES.len())
        .flat_map(|t| (1..13u8).map(move |b| (t, b)))
        .collect();
    rng.shuffle(&mut districts);
    instances.extend(districts);
    let mut streets: Vec<(usize, u8)> = themes::THEMES
        .iter()
        .enumerate()
        .filter(|(_, t)| t.streets)
        .flat_map(|(t, _)| (13..BODY_COUNT as u8).map(move |b| (t, b)))
        .collect();
    rng.shuffle(&mut streets);
    instances.extend(streets);
    instances
}

/// Finds the matters of a theme instance: the theme's anchors, and for each of its slots the
/// matter of that object and action nearest to the instance's body.
struct Bundles<'a> {
    bases: &'a [Base],
    cards: &'a [MatterCard],
    anchor_pos: HashMap<&'static str, usize>,
    /// Unqualified bases by (object key, action key).
    by_key: HashMap<(&'static str, &'static str), usize>,
}

impl<'a> Bundles<'a> {
    fn new(bases: &'a [Base], cards: &'a [MatterCard]) -> Bundles<'a> {
        let anchor_pos = anchors::MATTERS
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, i))
            .collect();
        let by_key = bases
            .iter()
            .enumerate()
            .filter(|(_, b)| b.qualifier == 0)
            .map(|(i, b)| {
                let obj = &DOMAINS[b.domain as usize].objects[b.object as usize];
                ((obj.key, ACTIONS[b.action as usize].key), i)
            })
            .collect();
        Bundles {
            bases,
            cards,
            anchor_pos,
            by_key,
        }
    }

    /// The instance's matters (card indices, at most 8, grouped by department in the order
    /// departments first appear, since steps go department by department), or `None` when it
    /// has fewer than 3.
    fn of(&self, theme: &themes::Theme, bd: Body) -> Option<Vec<usize>> {
        let mut bundle: Vec<usize> = theme.anchors.iter().map(|id| self.anchor_pos[id]).collect();
        for slot in theme.slots.split_whitespace() {
            let (o, a) = slot.split_once(':').unwrap_or((slot, ""));
            let Some(&bi) = self.by_key.get(&(o, a)) else {
                panic!("theme {}: no matter {slot} in the vocabulary", theme.key)
            };
            let emitted = &self.bases[bi].emitted;
            let found = nearest(bd)
                .into_iter()
                .find_map(|want| emitted.iter().find(|(b, _)| *b == want))
                .or(emitted.first());
            if let Some(&(_, m)) = found {
                bundle.push(m as usize);
            }
        }
        let mut seen = HashSet::new();
        bundle.retain(|m| seen.insert(*m));
        bundle.truncate(8);
        if bundle.len() < 3 {
            return None;
        }
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for m in bundle {
            let dept = self.cards[m].department_id.as_str();
            match groups.iter_mut().find(|(d, _)| *d == dept) {
                Some((_, g)) => g.push(m),
                None => groups.push((dept, vec![m])),
            }
        }
        Some(groups.into_iter().flat_map(|(_, g)| g).collect())
    }
}

/// The card of a theme instance for body `bd` with matters `ms`: named after the theme and the
/// district or street, less popular the smaller the body.
fn theme_event_card(
    theme: &themes::Theme,
    bd: Body,
    ms: &[&MatterCard],
    rng: &mut Rng,
) -> EventCard {
    let (id, zh, en, popularity) = match bd {
        Body::City => (
            theme.key.to_string(),
            theme.zh.to_string(),
            theme.en.to_string(),
            theme.weight,
        ),
        Body::District(d) => {
            let dist = &DISTRICTS[d as usize];
            (
                format!("{}{}", theme.key, body_suffix(bd)),
                format!("{}（{}）", theme.zh, dist.zh),
                format!("{} ({})", theme.en, dist.en),
                1 + theme.weight * (10 + rng.below(20) as u32) / 100,
            )
        }
        Body::Street(d, s) => {
            let dist = &DISTRICTS[d as usize];
            let (sz, se) = dist.streets[s as usize];
            let (kind_zh, kind_en) = if dist.county {
                ("镇", "Town")
            } else {
                ("街道", "Subdistrict")
            };
            (
                format!("{}{}", theme.key, body_suffix(bd)),
                format!("{}（{}{}{}）", theme.zh, dist.zh, sz, kind_zh),
                format!(
                    "{} ({} {}, {})",
                    theme.en,
                    docs::capitalise(se),
                    kind_en,
                    dist.en
                ),
                1 + theme.weight * (1 + rng.below(4) as u32) / 100,
            )
        }
    };
    let names: Vec<&str> = ms.iter().take(2).map(|m| m.name.zh.as_str()).collect();
    let names_en: Vec<&str> = ms
        .iter()
        .take(2)
        .map(|m| m.name.en.as_deref().unwrap_or(&m.name.zh))
        .collect();
    EventCard {
        id,
        name: Text::new(zh, en),
        summary: Text::new(
            format!(
                "{}等 {} 个事项一次申请、一次办好",
                names.join("、"),
                ms.len()
            ),
            format!(
                "{} services in one application: {} and more",
                ms.len(),
                names_en.join("; ")
            ),
        ),
        aliases: theme.aliases.iter().map(|s| s.to_string()).collect(),
        audience: theme.audience,
        category: theme.category.to_string(),
        icon: theme.icon,
        matter_count: ms.len() as u16,
        promised_limit: TimeLimit {
            value: ms
                .iter()
                .map(|m| m.promised_limit.value)
                .max()
                .unwrap_or(1)
                .clamp(1, 20),
            unit: TimeUnit::WorkingDays,
            note: None,
        },
        legal_limit: None,
        max_visits: ms.iter().map(|m| m.visits).max().unwrap_or(0),
        online_apply: ms.iter().all(|m| m.online_depth >= 3),
        popularity,
        matter_ids: ms.iter().map(|m| m.id.clone()).collect(),
        // Generated events relate through the matters they share (yishi_core::related).
        next_event_ids: Vec::new(),
    }
}

impl Generated {
    /// The seed the catalogue was generated from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The service guide (办事指南) of a matter of the index.
    pub fn matter_guide(&self, id: &str) -> Option<MatterGuide> {
        self.matter_pos.get(id).map(|&i| self.guide_at(i))
    }

    /// Every matter's guide, in index order (built one at a time).
    pub fn matter_guides(&self) -> impl Iterator<Item = MatterGuide> + '_ {
        (0..self.index.matters.len()).map(|i| self.guide_at(i))
    }

    /// A life event of the index, with its steps and each matter's materials.
    pub fn life_event(&self, id: &str) -> Option<LifeEvent> {
        self.event_pos.get(id).map(|&i| self.event_at(i))
    }

    /// Every life event, in index order.
    pub fn life_events(&self) -> impl Iterator<Item = LifeEvent> + '_ {
        (0..self.index.events.len()).map(|i| self.event_at(i))
    }

    /// Whether a matter id is one of the anchors (the seed catalogue's matters).
    pub fn is_anchor_matter(&self, id: &str) -> bool {
        self.matter_pos
            .get(id)
            .is_some_and(|&i| matches!(self.matter_origin[i], Origin::Anchor(_)))
    }

    fn department(&self, id: &str) -> &Department {
        &self.index.departments[self.dept_pos[id]]
    }

    fn guide_at(&self, i: usize) -> MatterGuide {
        let card = &self.index.matters[i];
        let dept = self.department(&card.department_id);
        match self.matter_origin[i] {
            Origin::Anchor(a) => docs::anchor_guide(&anchors::MATTERS[a], card, dept, self.seed),
            Origin::Composed { base, body: b } => {
                let base = &self.bases[base as usize];
                docs::composed_guide(
                    &docs::Composed {
                        domain: base.domain as usize,
                        object: base.object as usize,
                        action: base.action as usize,
                        stem: &base.stem,
                        legal_limit: base.legal_limit,
                        body: body(b as usize),
                    },
                    card,
                    dept,
                    Rng::derive(self.seed, 4, i as u64),
                )
            }
        }
    }

    fn event_at(&self, i: usize) -> LifeEvent {
        let card = self.index.events[i].clone();
        let description = match self.event_origin[i] {
            EventOrigin::Anchor => None,
            EventOrigin::Theme(theme) => Some(&themes::THEMES[theme as usize]),
        };
        let guides: Vec<MatterGuide> = card
            .matter_ids
            .iter()
            .filter_map(|id| self.matter_guide(id))
            .collect();
        docs::life_event(card, description, &guides)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_cover_every_district_and_street() {
        assert_eq!(DISTRICTS.len(), 12);
        assert!(
            DISTRICTS
                .iter()
                .all(|d| d.streets.len() == STREETS_PER_DISTRICT)
        );
        assert_eq!(body(0), Body::City);
        assert_eq!(body(12), Body::District(11));
        assert_eq!(body(13), Body::Street(0, 0));
        assert_eq!(body(BODY_COUNT - 1), Body::Street(11, 5));
        for b in 0..BODY_COUNT {
            let n = nearest(body(b));
            assert_eq!(n[0] as usize, b);
        }
    }

    #[test]
    fn pinned_names_match_their_keys() {
        let bases = enumerate_bases(&mut Rng::new(3), &anchor_names());
        for (i, name) in PINNED.iter().enumerate() {
            assert_eq!(&bases[i].zh, name, "pinned {:?}", PINNED_KEYS[i]);
        }
    }
}
