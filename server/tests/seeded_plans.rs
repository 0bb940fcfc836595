//! Condition evaluation and material merging over every seeded life event: for each event, every
//! combination of answers (choices, yes/no, and numbers either side of each threshold the
//! conditions use) gives a plan that keeps the one-time notification's promises.

use std::collections::{BTreeSet, HashSet};

use yishi_contract::{AnswerValue, Condition, LifeEvent, QuestionKind};
use yishi_core::{
    conditions::{Answers, Truth, visible_questions},
    plan::{ChecklistGroup, plan},
};

/// The numbers worth trying for a question: just below, at and above each threshold.
fn numbers_for(event: &LifeEvent, question: &str) -> Vec<f64> {
    fn walk(c: &Condition, q: &str, out: &mut Vec<f64>) {
        match c {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(c, q, out)),
            Condition::Not(c) => walk(c, q, out),
            Condition::Eq(cmp) | Condition::Lt(cmp) | Condition::Gt(cmp) if cmp.question == q => {
                if let AnswerValue::Number(n) = cmp.value {
                    out.extend([n - 1.0, n, n + 1.0]);
                }
            }
            _ => {}
        }
    }
    let mut out = vec![1.0];
    let conditions = event
        .questions
        .iter()
        .filter_map(|q| q.shown_when.as_ref())
        .chain(
            event
                .steps
                .iter()
                .flat_map(|s| &s.matters)
                .filter_map(|m| m.applies_when.as_ref()),
        )
        .chain(
            event
                .steps
                .iter()
                .flat_map(|s| &s.matters)
                .flat_map(|m| &m.materials)
                .filter_map(|m| m.applies_when.as_ref()),
        );
    for c in conditions {
        walk(c, question, &mut out);
    }
    out.retain(|n| *n >= 0.0);
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out.dedup();
    out
}

/// Every complete set of answers, answering only the questions shown.
fn answer_sets(event: &LifeEvent) -> Vec<Answers> {
    let mut done = Vec::new();
    let mut todo = vec![Answers::new()];
    while let Some(answers) = todo.pop() {
        let next = visible_questions(&event.questions, &answers)
            .into_iter()
            .find(|q| !answers.contains_key(&q.id));
        let Some(q) = next else {
            done.push(answers);
            continue;
        };
        let values: Vec<AnswerValue> = match &q.kind {
            QuestionKind::YesNo => vec![AnswerValue::Bool(true), AnswerValue::Bool(false)],
            QuestionKind::SingleChoice { options } => options
                .iter()
                .map(|o| AnswerValue::Choice(o.value.clone()))
                .collect(),
            QuestionKind::Number { min, max, .. } => numbers_for(event, &q.id)
                .into_iter()
                .filter(|n| min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m))
                .map(AnswerValue::Number)
                .collect(),
            QuestionKind::Unknown => vec![],
        };
        if values.is_empty() {
            done.push(answers);
            continue;
        }
        for v in values {
            let mut more = answers.clone();
            more.insert(q.id.clone(), v);
            todo.push(more);
        }
        assert!(
            todo.len() < 10_000,
            "{}: too many combinations",
            event.card.id
        );
    }
    done
}

#[test]
fn every_seeded_event_plans_consistently_for_every_answer_set() {
    let seed = yishi_server::catalogue::load_embedded_seed().expect("seed loads");
    let mut total_sets = 0;
    for event in &seed.events {
        let sets = answer_sets(event);
        total_sets += sets.len();
        let mut checklists = HashSet::new();
        for answers in &sets {
            let p = plan(event, answers);
            let id = &event.card.id;
            // Complete answers decide every matter.
            assert!(
                p.unanswered.is_empty(),
                "{id} {answers:?}: unanswered {:?}",
                p.unanswered
            );
            assert!(
                p.matters.iter().all(|m| m.applies != Truth::Unknown),
                "{id} {answers:?}: a matter is still 'maybe'"
            );
            // Nothing applying is a legitimate answer (the app says so); nothing else may be unsure.
            // One line per material, and only for matters that apply.
            let ids: Vec<&str> = p.checklist.iter().map(|i| i.material_id.as_str()).collect();
            let unique: BTreeSet<&str> = ids.iter().copied().collect();
            assert_eq!(ids.len(), unique.len(), "{id}: a material is listed twice");
            let applicable: BTreeSet<&str> = p.applicable().map(|m| m.matter_id.as_str()).collect();
            for item in &p.checklist {
                assert!(
                    !item.used_by.is_empty(),
                    "{id}: {} used by nothing",
                    item.material_id
                );
                assert!(
                    item.used_by.iter().all(|m| applicable.contains(m.as_str())),
                    "{id} {answers:?}: {} is used by a matter that does not apply",
                    item.material_id
                );
                assert_eq!(
                    item.no_need_to_bring,
                    item.group == ChecklistGroup::NoNeedToBring,
                    "{id}: {}",
                    item.material_id
                );
                // Nothing to bring whose own notes say the applicant need not provide it, or
                // that it is filled in online (issue 11: 无需申请人提供 under 需要准备).
                if item.group < ChecklistGroup::FillOnline {
                    for note in &item.notes {
                        for says in ["无需申请人提供", "可在线填写", "在线填写，无需", "推送至"]
                        {
                            assert!(
                                !note.zh.contains(says),
                                "{id}: {} is to bring, but its note says {:?}",
                                item.material_id,
                                note.zh
                            );
                        }
                    }
                }
            }
            // Groups come in order: bring, deferrable, optional, fill in online, nothing to do.
            assert!(
                p.checklist.windows(2).all(|w| w[0].group <= w[1].group),
                "{id}: groups out of order"
            );
            checklists.insert(ids.join(","));
        }
        // Where an event asks questions, the answers change what the citizen needs.
        if !event.questions.is_empty() {
            assert!(
                checklists.len() > 1,
                "{}: the questions never change the checklist",
                event.card.id
            );
        }
    }
    assert!(total_sets > 100, "only {total_sets} answer sets tried");
}

#[test]
fn newborn_and_restaurant_plans_follow_the_answers() {
    let seed = yishi_server::catalogue::load_embedded_seed().expect("seed loads");
    let event = |id: &str| {
        seed.events
            .iter()
            .find(|e| e.card.id == id)
            .unwrap()
            .clone()
    };
    let answers = |pairs: &[(&str, AnswerValue)]| -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    let choice = |s: &str| AnswerValue::Choice(s.into());

    let newborn = event("newborn");
    let married = plan(
        &newborn,
        &answers(&[
            ("married", AnswerValue::Bool(true)),
            ("hukou_parent", choice("father")),
            ("insured", choice("neither")),
        ]),
    );
    let has = |p: &yishi_core::plan::Plan, m: &str| p.checklist.iter().any(|i| i.material_id == m);
    let applies = |p: &yishi_core::plan::Plan, m: &str| p.applicable().any(|x| x.matter_id == m);
    assert!(has(&married, "marriage_certificate"));
    assert!(!has(&married, "paternity-test-report"));
    assert!(!applies(&married, "maternity-allowance"));
    let unmarried = plan(
        &newborn,
        &answers(&[
            ("married", AnswerValue::Bool(false)),
            ("hukou_parent", choice("father")),
            ("insured", choice("mother")),
            ("babies", AnswerValue::Number(2.0)),
        ]),
    );
    assert!(!has(&unmarried, "marriage_certificate"));
    assert!(has(&unmarried, "paternity-test-report"));
    assert!(applies(&unmarried, "maternity-allowance"));

    let restaurant = event("open-restaurant");
    let small = plan(
        &restaurant,
        &answers(&[
            ("entity_type", choice("individual")),
            ("business_area", AnswerValue::Number(80.0)),
            ("outdoor_sign", AnswerValue::Bool(false)),
            ("gas", choice("none")),
        ]),
    );
    assert!(applies(&small, "individual-business-registration"));
    assert!(!applies(&small, "company-establishment-registration"));
    assert!(!applies(&small, "public-venue-fire-inspection"));
    assert!(!applies(&small, "gas-connection"));
    let large = plan(
        &restaurant,
        &answers(&[
            ("entity_type", choice("company")),
            ("business_area", AnswerValue::Number(500.0)),
            ("outdoor_sign", AnswerValue::Bool(true)),
            ("sign_type", choice("wall")),
            ("gas", choice("pipeline_new")),
        ]),
    );
    assert!(applies(&large, "company-establishment-registration"));
    assert!(applies(&large, "public-venue-fire-inspection"));
    assert!(applies(&large, "outdoor-signboard-approval"));
    assert!(applies(&large, "gas-connection"));
    // Exactly at the threshold (300 m²) is not above it.
    let at = plan(
        &restaurant,
        &answers(&[
            ("entity_type", choice("company")),
            ("business_area", AnswerValue::Number(300.0)),
            ("outdoor_sign", AnswerValue::Bool(false)),
            ("gas", choice("none")),
        ]),
    );
    assert!(!applies(&at, "public-venue-fire-inspection"));
}
