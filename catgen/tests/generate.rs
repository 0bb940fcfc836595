//! The generated catalogue: deterministic, the requested size, consistent, and holding the
//! answers labelled search queries expect.

use std::collections::{HashMap, HashSet};

use yishi_catgen::{PINNED, anchor_event_ids, anchor_matter_ids, capacity, generate};
use yishi_contract::{
    Audience, CatalogueIndex, EventCard, HandlingType, LifeEvent, MatterCard, MatterGuide,
};

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[test]
fn same_size_and_seed_give_the_same_bytes() {
    let a = generate(3000, 42);
    let b = generate(3000, 42);
    let ja = serde_json::to_string(&a.index).unwrap();
    assert_eq!(ja, serde_json::to_string(&b.index).unwrap());
    let ga: Vec<String> = a
        .matter_guides()
        .map(|g| serde_json::to_string(&g).unwrap())
        .collect();
    let gb: Vec<String> = b
        .matter_guides()
        .map(|g| serde_json::to_string(&g).unwrap())
        .collect();
    assert_eq!(ga, gb);
    let ea: Vec<String> = a
        .life_events()
        .map(|e| serde_json::to_string(&e).unwrap())
        .collect();
    let eb: Vec<String> = b
        .life_events()
        .map(|e| serde_json::to_string(&e).unwrap())
        .collect();
    assert_eq!(ea, eb);
    // A guide does not depend on which guides were asked for before it.
    let last = &a.index.matters.last().unwrap().id;
    assert_eq!(
        serde_json::to_string(&b.matter_guide(last).unwrap()).unwrap(),
        *ga.last().unwrap()
    );

    let other = generate(3000, 43);
    assert_ne!(ja, serde_json::to_string(&other.index).unwrap());
    // A bigger catalogue starts the same way: the anchors are identical.
    let bigger = generate(6000, 42);
    let n = anchor_matter_ids().count();
    assert_eq!(a.index.matters[..n], bigger.index.matters[..n]);
}

#[test]
fn sizes_are_as_asked() {
    let anchors = anchor_matter_ids().count();
    assert!(anchors >= 100, "{anchors} anchors");
    for n in [0, 10, anchors, 1000, 10_000] {
        let g = generate(n, 7);
        assert_eq!(g.index.matters.len(), n.max(anchors), "n = {n}");
        let events = g.index.events.len();
        let want = ((n + 25) / 50).max(anchor_event_ids().count());
        assert_eq!(events, want, "n = {n}: {events} events");
    }
    assert!(capacity(7) >= 100_000, "capacity {}", capacity(7));
}

#[test]
fn everything_round_trips_and_references_resolve() {
    let g = generate(5000, 1);
    let idx = &g.index;
    let text = serde_json::to_string(idx).unwrap();
    let back: CatalogueIndex = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, idx);

    let mut matter_ids = HashSet::new();
    for m in &idx.matters {
        assert!(is_kebab(&m.id), "{}", m.id);
        assert!(matter_ids.insert(m.id.as_str()), "matter {} twice", m.id);
        let back: MatterCard = serde_json::from_str(&serde_json::to_string(m).unwrap()).unwrap();
        assert_eq!(&back, m);
        assert!(!m.name.zh.is_empty() && m.name.en.as_deref().is_some_and(|e| !e.is_empty()));
    }
    let depts: HashMap<&str, _> = idx.departments.iter().map(|d| (d.id.as_str(), d)).collect();
    assert_eq!(
        depts.len(),
        idx.departments.len(),
        "department ids are unique"
    );
    let categories: HashSet<&str> = idx.categories.iter().map(|c| c.id.as_str()).collect();
    let mut event_ids = HashSet::new();
    for e in &idx.events {
        assert!(is_kebab(&e.id), "{}", e.id);
        assert!(event_ids.insert(e.id.as_str()), "event {} twice", e.id);
        assert!(
            categories.contains(e.category.as_str()),
            "{}: {}",
            e.id,
            e.category
        );
        assert_eq!(e.matter_count as usize, e.matter_ids.len(), "{}", e.id);
        assert!(
            (3..=10).contains(&e.matter_ids.len()),
            "{}: {:?}",
            e.id,
            e.matter_ids
        );
        let unique: HashSet<&String> = e.matter_ids.iter().collect();
        assert_eq!(unique.len(), e.matter_ids.len(), "{}", e.id);
        for id in &e.matter_ids {
            assert!(
                matter_ids.contains(id.as_str()),
                "event {}: unknown matter {id}",
                e.id
            );
        }
        let back: EventCard = serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap();
        assert_eq!(&back, e);
    }

    let mut office_ids = HashSet::new();
    for d in &idx.departments {
        assert!(
            d.offices.iter().any(|o| o.id == format!("{}-main", d.id)),
            "{}",
            d.id
        );
        for o in &d.offices {
            assert!(office_ids.insert(o.id.as_str()), "office {} twice", o.id);
        }
    }

    for (card, guide) in idx.matters.iter().zip(g.matter_guides()) {
        let back: MatterGuide =
            serde_json::from_str(&serde_json::to_string(&guide).unwrap()).unwrap();
        assert_eq!(back, guide);
        // The card says what the guide says.
        assert_eq!(guide.id, card.id);
        assert_eq!(guide.name, card.name);
        assert_eq!(guide.aliases, card.aliases);
        assert_eq!(guide.basic_code, card.basic_code);
        assert_eq!(guide.department_id, card.department_id);
        assert_eq!(guide.audience, card.audience);
        assert_eq!(guide.kind, card.kind);
        assert_eq!(guide.handling, card.handling);
        assert_eq!(guide.promised_limit, card.promised_limit);
        assert_eq!(guide.online_depth, card.online_depth);
        assert_eq!(guide.visits.count, card.visits);
        // The rules of the seed format (server/seed/FORMAT.md) hold for generated guides too.
        let id = &guide.id;
        let dept = depts[guide.department_id.as_str()];
        assert_eq!(guide.department_name, dept.name, "{id}");
        assert!(
            guide.offices.iter().all(|o| dept.offices.contains(o)),
            "{id}"
        );
        assert!(!guide.offices.is_empty() || guide.online_depth == 4, "{id}");
        assert!((1..=4).contains(&guide.online_depth), "{id}");
        assert!(guide.online_depth < 4 || guide.visits.count == 0, "{id}");
        assert!(
            guide.visits.count == 0 || guide.visits.reason.is_some(),
            "{id}"
        );
        match guide.handling {
            HandlingType::Instant => assert_eq!(guide.promised_limit.value, 0, "{id}"),
            _ => {
                assert!(guide.promised_limit.value > 0, "{id}");
                assert!(
                    guide.promised_limit.unit != guide.legal_limit.unit
                        || guide.promised_limit.value <= guide.legal_limit.value,
                    "{id}"
                );
            }
        }
        assert_eq!(guide.fees.free, guide.fees.items.is_empty(), "{id}");
        assert_eq!(guide.updated_on.year, 2026, "{id}");
        let mats: HashSet<&str> = guide.materials.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(mats.len(), guide.materials.len(), "{id}: a material twice");
        assert!(!guide.materials.is_empty(), "{id}");
    }

    for (card, ev) in idx.events.iter().zip(g.life_events()) {
        let back: LifeEvent = serde_json::from_str(&serde_json::to_string(&ev).unwrap()).unwrap();
        assert_eq!(back, ev);
        assert_eq!(&ev.card, card);
        assert!(!ev.steps.is_empty());
        let in_steps: Vec<&str> = ev
            .steps
            .iter()
            .flat_map(|s| &s.matters)
            .map(|m| m.matter_id.as_str())
            .collect();
        assert_eq!(
            in_steps,
            card.matter_ids
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
        assert!(yishi_core::conditions::check_event_conditions(&ev).is_empty());
        let form = ev.form.as_ref().expect("every event has a combined form");
        assert!(form.fields.len() >= 3, "{}", card.id);
        let no_patterns = |_: &str, _: &str| Some(true);
        assert!(
            yishi_core::form::check_form(form, &no_patterns).is_empty(),
            "{}",
            card.id
        );
        for f in &form.fields {
            assert!(
                f.used_by.iter().all(|m| card.matter_ids.contains(m)),
                "{}: {}",
                card.id,
                f.id
            );
        }
    }
}

#[test]
fn codes_are_well_formed() {
    let g = generate(5000, 9);
    let anchors: HashSet<&str> = anchor_matter_ids().collect();
    let mut impl_codes = HashSet::new();
    let mut code_names: HashMap<&str, &str> = HashMap::new();
    for (card, guide) in g.index.matters.iter().zip(g.matter_guides()) {
        let basic = &card.basic_code;
        assert_eq!(basic.len(), 12, "{}: {basic}", card.id);
        assert!(
            basic.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{}: {basic}",
            card.id
        );
        let imp = &guide.implementation_code;
        assert!((1..=36).contains(&imp.len()), "{}: {imp}", card.id);
        assert!(
            imp.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{}: {imp}",
            card.id
        );
        assert!(
            impl_codes.insert(imp.clone()),
            "implementation code {imp} twice"
        );
        if !anchors.contains(card.id.as_str()) {
            // 实施编码 = the implementing department's credit code + the basic code + a suffix.
            let dept = g
                .index
                .departments
                .iter()
                .find(|d| d.id == card.department_id)
                .unwrap();
            assert!(
                imp.starts_with(&format!("{}{}", dept.code, basic)),
                "{}: {imp}",
                card.id
            );
            assert!(
                basic.bytes().all(|b| b.is_ascii_digit()),
                "{}: {basic}",
                card.id
            );
        }
        // One basic code, one matter: every implementation carries the same name.
        let name = code_names.entry(basic).or_insert(&card.name.zh);
        assert_eq!(*name, card.name.zh, "basic code {basic}");
    }
    let seed_depts: HashSet<&str> = [
        "public-security",
        "health",
        "hrss",
        "medical-insurance",
        "civil-affairs",
        "education",
        "housing-fund",
        "natural-resources",
        "market-regulation",
        "tax",
        "fire-rescue",
        "transport",
        "veterans",
        "disabled-persons",
        "development-reform",
        "court",
        "water-supply",
        "power-supply",
        "gas-supply",
        "broadband",
        "housing-construction",
        "ecology-environment",
        "street-office",
    ]
    .into();
    for d in &g.index.departments {
        assert_eq!(d.code.len(), 18, "{}: {}", d.id, d.code);
        if !seed_depts.contains(d.id.as_str()) {
            assert!(
                yishi_core::validate::credit_code_valid(&d.code),
                "{}: {}",
                d.id,
                d.code
            );
        }
        assert!(
            d.phone.starts_with("0761-") || d.phone.len() == 5,
            "{}: {}",
            d.id,
            d.phone
        );
    }
}

#[test]
fn anchors_and_pinned_names_are_in_every_catalogue() {
    for n in [1000, 10_000] {
        let g = generate(n, 12345);
        let ids: HashSet<&str> = g.index.matters.iter().map(|m| m.id.as_str()).collect();
        let names: HashSet<&str> = g.index.matters.iter().map(|m| m.name.zh.as_str()).collect();
        for id in anchor_matter_ids() {
            assert!(ids.contains(id), "n = {n}: anchor matter {id} missing");
            assert!(g.is_anchor_matter(id));
        }
        for name in PINNED {
            assert!(names.contains(name), "n = {n}: pinned {name} missing");
        }
        for name in [
            "社会保障卡申领",
            "居民身份证换领",
            "食品经营许可证核发",
            "营业执照设立登记",
            "住房公积金个人住房贷款",
        ] {
            assert!(names.contains(name), "n = {n}: {name} missing");
        }
        let events: HashMap<&str, &EventCard> = g
            .index
            .events
            .iter()
            .map(|e| (e.name.zh.as_str(), e))
            .collect();
        for id in anchor_event_ids() {
            assert!(
                g.index.events.iter().any(|e| e.id == id),
                "n = {n}: anchor event {id} missing"
            );
        }
        for name in [
            "新生儿出生",
            "开办餐饮店",
            "住房公积金贷款",
            "退休",
            "经营主体注销",
        ] {
            assert!(events.contains_key(name), "n = {n}: event {name} missing");
        }
        assert!(events["新生儿出生"].aliases.iter().any(|a| a == "生孩子"));
    }
}

#[test]
fn the_catalogue_looks_like_a_real_one() {
    let g = generate(10_000, 2024);
    let m = &g.index.matters;

    // Near-duplicates: the same name from several departments (district implementations).
    let mut by_name: HashMap<&str, HashSet<&str>> = HashMap::new();
    for c in m {
        by_name
            .entry(&c.name.zh)
            .or_default()
            .insert(&c.department_id);
    }
    let shared = m
        .iter()
        .filter(|c| by_name[c.name.zh.as_str()].len() > 1)
        .count();
    assert!(
        shared * 2 > m.len(),
        "only {shared} of {} matters share a name",
        m.len()
    );
    let distinct = by_name.len();
    assert!(distinct > 1500, "{distinct} distinct names");
    // 首次申领 / 补领 / 换领 of the same card.
    for name in ["居民身份证首次申领", "居民身份证补领", "居民身份证换领"] {
        assert!(by_name.contains_key(name), "{name}");
    }
    // Both name orders are in use (提取住房公积金 / 住房公积金提取).
    assert!(
        m.iter()
            .any(|c| c.name.zh.starts_with("补领") || c.name.zh.starts_with("提取"))
    );
    // Districts and streets implement matters.
    assert!(m.iter().any(|c| c.department_id.starts_with("street-")));
    assert!(
        g.index
            .departments
            .iter()
            .any(|d| d.name.zh == "滨江区市场监督管理局")
    );

    // Everyday names: most matters have some.
    let with_aliases = m.iter().filter(|c| !c.aliases.is_empty()).count();
    assert!(with_aliases * 10 > m.len() * 9);
    assert!(
        m.iter()
            .any(|c| c.aliases.iter().any(|a| a == "补办身份证"))
    );
    assert!(m.iter().any(|c| c.aliases.iter().any(|a| a == "取公积金")));

    // The audience mix.
    let count = |a: Audience| m.iter().filter(|c| c.audience == a).count();
    let (p, b, both) = (
        count(Audience::Person),
        count(Audience::Business),
        count(Audience::Both),
    );
    assert!(
        p * 10 > m.len() * 3 && b * 10 > m.len() * 2 && both * 50 > m.len(),
        "{p}/{b}/{both}"
    );

    // Popularity is Zipf-like: the top 1% carry far more than 1% of all use.
    let mut pops: Vec<u64> = m.iter().map(|c| c.popularity as u64).collect();
    pops.sort_unstable_by(|a, b| b.cmp(a));
    let total: u64 = pops.iter().sum();
    let top: u64 = pops[..m.len() / 100].iter().sum();
    assert!(top * 100 > total * 15, "top 1% carry {top} of {total}");
    assert!(pops.last().copied().unwrap_or(0) >= 1);

    // Events: district and street variants of the national themes, and 一业一证 industries.
    let names: HashSet<&str> = g.index.events.iter().map(|e| e.name.zh.as_str()).collect();
    assert!(
        names.iter().any(|n| n.starts_with("新生儿出生（")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("开办") && *n != "开办餐饮店" && *n != "开办运输企业")
    );
}

#[test]
fn fifty_thousand_matters() {
    let g = generate(50_000, 42);
    assert_eq!(g.index.matters.len(), 50_000);
    assert_eq!(g.index.events.len(), 1000);
    let ids: HashSet<&str> = g.index.matters.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 50_000);
    let events: HashSet<&str> = g.index.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(events.len(), 1000);
    for e in &g.index.events {
        assert!(
            e.matter_ids.iter().all(|id| ids.contains(id.as_str())),
            "{}",
            e.id
        );
    }
}
