//! 下一步: what a citizen may need once a case has closed, from the catalogue alone, so it
//! works with any backend that implements the contract.
//!
//! For a life event's case: the events the catalogue names as following it
//! (`EventCard.next_event_ids`), then the events that share most of its matters. For a single
//! matter's case: the life events that bundle the matter (where the rest of that life event is
//! handled), then the other matters of those events. Never the case's own event or matter, never
//! another audience's (a citizen's case suggests nothing for businesses), never twice.

use yishi_contract::{CatalogueIndex, EventCard, MatterCard};

/// What to suggest after a case, most likely first.
#[derive(Debug, Default, PartialEq)]
pub struct Related<'a> {
    pub events: Vec<&'a EventCard>,
    pub matters: Vec<&'a MatterCard>,
}

impl Related<'_> {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.matters.is_empty()
    }
}

/// At most this many events and this many matters: a short list the citizen reads.
pub const MAX_EVENTS: usize = 3;
pub const MAX_MATTERS: usize = 4;

/// What may come next after a case of `event_id` (a life event's case) or else `matter_id`.
pub fn after_case<'a>(
    catalogue: &'a CatalogueIndex,
    event_id: Option<&str>,
    matter_id: Option<&str>,
) -> Related<'a> {
    if let Some(event) = event_id.and_then(|id| catalogue.events.iter().find(|e| e.id == id)) {
        return Related {
            events: after_event(catalogue, event),
            matters: Vec::new(),
        };
    }
    match matter_id.and_then(|id| catalogue.matters.iter().find(|m| m.id == id)) {
        Some(matter) => after_matter(catalogue, matter),
        None => Related::default(),
    }
}

fn after_event<'a>(catalogue: &'a CatalogueIndex, event: &EventCard) -> Vec<&'a EventCard> {
    let mut events: Vec<&EventCard> = event
        .next_event_ids
        .iter()
        .filter_map(|id| catalogue.events.iter().find(|e| &e.id == id))
        .filter(|e| e.id != event.id && e.audience == event.audience)
        .collect();
    events.dedup_by(|a, b| a.id == b.id);
    // Then the events sharing the most matters with this one (more popular first on a tie).
    let mut sharing: Vec<(usize, &EventCard)> = catalogue
        .events
        .iter()
        .filter(|e| e.id != event.id && e.audience == event.audience)
        .filter(|e| !events.iter().any(|chosen| chosen.id == e.id))
        .map(|e| {
            let shared = e
                .matter_ids
                .iter()
                .filter(|m| event.matter_ids.contains(m))
                .count();
            (shared, e)
        })
        .filter(|(shared, _)| *shared > 0)
        .collect();
    sharing.sort_by(|(a, ea), (b, eb)| b.cmp(a).then(eb.popularity.cmp(&ea.popularity)));
    events.extend(sharing.into_iter().map(|(_, e)| e));
    events.truncate(MAX_EVENTS);
    events
}

fn after_matter<'a>(catalogue: &'a CatalogueIndex, matter: &MatterCard) -> Related<'a> {
    let mut events: Vec<&EventCard> = catalogue
        .events
        .iter()
        .filter(|e| e.audience == matter.audience && e.matter_ids.contains(&matter.id))
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.popularity));
    events.truncate(MAX_EVENTS);
    let mut matters: Vec<&MatterCard> = Vec::new();
    for event in &events {
        for id in &event.matter_ids {
            if id == &matter.id || matters.iter().any(|m| &m.id == id) {
                continue;
            }
            if let Some(m) = catalogue.matters.iter().find(|m| &m.id == id) {
                matters.push(m);
            }
        }
    }
    // Stable: within equal popularity the events' own order stays.
    matters.sort_by_key(|m| std::cmp::Reverse(m.popularity));
    matters.truncate(MAX_MATTERS);
    Related { events, matters }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yishi_contract::{Audience, HandlingType, IconKey, MatterKind, Text, TimeLimit, TimeUnit};

    fn limit() -> TimeLimit {
        TimeLimit {
            value: 5,
            unit: TimeUnit::WorkingDays,
            note: None,
        }
    }

    fn event(
        id: &str,
        audience: Audience,
        matters: &[&str],
        next: &[&str],
        popularity: u32,
    ) -> EventCard {
        EventCard {
            id: id.into(),
            name: Text::zh(id),
            summary: Text::zh(""),
            aliases: vec![],
            audience,
            category: "living".into(),
            icon: IconKey::Document,
            matter_count: matters.len() as u16,
            promised_limit: limit(),
            legal_limit: None,
            max_visits: 0,
            online_apply: true,
            popularity,
            matter_ids: matters.iter().map(|s| s.to_string()).collect(),
            next_event_ids: next.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn matter(id: &str, audience: Audience, popularity: u32) -> MatterCard {
        MatterCard {
            id: id.into(),
            name: Text::zh(id),
            aliases: vec![],
            basic_code: "000".into(),
            department_id: "d".into(),
            audience,
            kind: MatterKind::PublicService,
            handling: HandlingType::Promised,
            promised_limit: limit(),
            online_depth: 3,
            visits: 0,
            popularity,
        }
    }

    fn catalogue() -> CatalogueIndex {
        use Audience::{Business, Person};
        CatalogueIndex {
            version: "t".into(),
            generated_at: yishi_contract::Timestamp(0),
            categories: vec![],
            events: vec![
                event(
                    "newborn",
                    Person,
                    &["birth-cert", "hukou", "ss-card"],
                    &["school", "ghost", "newborn"],
                    50,
                ),
                event("school", Person, &["enrol"], &[], 40),
                event("ss-event", Person, &["ss-card", "bank"], &[], 30),
                event("marriage", Person, &["hukou", "marry"], &[], 60),
                event("shop", Business, &["hukou", "licence"], &[], 90),
            ],
            matters: vec![
                matter("birth-cert", Person, 10),
                matter("hukou", Person, 80),
                matter("ss-card", Person, 70),
                matter("enrol", Person, 5),
                matter("bank", Person, 1),
                matter("marry", Person, 20),
                matter("licence", Business, 99),
            ],
            departments: vec![],
        }
    }

    fn ids<T>(items: &[&T], id: impl Fn(&T) -> &str) -> Vec<String> {
        items.iter().map(|i| id(i).to_string()).collect()
    }

    #[test]
    fn an_events_named_successors_come_first_then_those_sharing_matters() {
        let c = catalogue();
        let r = after_case(&c, Some("newborn"), None);
        // "ghost" is unknown and "newborn" is itself: both ignored. The business event shares
        // 户口 but is for businesses.
        assert_eq!(
            ids(&r.events, |e| &e.id),
            ["school", "marriage", "ss-event"]
        );
        assert!(r.matters.is_empty());
    }

    #[test]
    fn sharing_more_matters_ranks_before_popularity() {
        let mut c = catalogue();
        c.events[0].next_event_ids.clear();
        c.events[2].matter_ids.push("hukou".into()); // ss-event now shares two matters
        let r = after_case(&c, Some("newborn"), None);
        assert_eq!(ids(&r.events, |e| &e.id), ["ss-event", "marriage"]);
    }

    #[test]
    fn a_matters_case_suggests_its_events_and_their_other_matters() {
        let c = catalogue();
        let r = after_case(&c, None, Some("hukou"));
        assert_eq!(ids(&r.events, |e| &e.id), ["marriage", "newborn"]);
        // Popular first, never hukou itself, never a business matter.
        assert_eq!(
            ids(&r.matters, |m| &m.id),
            ["ss-card", "marry", "birth-cert"]
        );
    }

    #[test]
    fn the_lists_stay_short() {
        let mut c = catalogue();
        for i in 0..10 {
            let id = format!("m{i}");
            c.matters.push(matter(&id, Audience::Person, i));
            c.events[3].matter_ids.push(id);
        }
        let r = after_case(&c, None, Some("hukou"));
        assert_eq!(r.matters.len(), MAX_MATTERS);
        assert!(r.events.len() <= MAX_EVENTS);
    }

    #[test]
    fn unknown_or_missing_ids_suggest_nothing() {
        let c = catalogue();
        assert!(after_case(&c, Some("nope"), None).is_empty());
        assert!(after_case(&c, None, Some("nope")).is_empty());
        assert!(after_case(&c, None, None).is_empty());
        // A matter no event bundles: nothing to suggest, not a panic.
        let mut c = catalogue();
        c.matters.push(matter("alone", Audience::Person, 1));
        assert!(after_case(&c, None, Some("alone")).is_empty());
    }

    #[test]
    fn an_event_id_that_is_not_in_the_catalogue_falls_back_to_the_matter() {
        let c = catalogue();
        let r = after_case(&c, Some("retired-event"), Some("ss-card"));
        assert_eq!(ids(&r.events, |e| &e.id), ["newborn", "ss-event"]);
    }
}
