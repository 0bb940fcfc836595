//! Situational conditions (情形条件): the only evaluator of the contract's [`Condition`] trees,
//! used by the app (which questions to show, which matters apply) and by the server (seed
//! checks, plan computation).
//!
//! Evaluation is three-valued ([`Truth`]): a condition over an unanswered question is
//! `Unknown`, and `all`/`any`/`not` follow Kleene logic, so `all(married = false, …)` is already
//! `False` while later questions are unanswered. An operator this build does not know is
//! `Unknown`, never `True` or `False`. Comparing values of different types (a yes/no answer
//! with a number) is `False`, not an error.

use std::collections::{BTreeMap, BTreeSet};

use yishi_contract::{AnswerValue, Condition, LifeEvent, Question, QuestionKind};

/// The answers to an event's questions, by question id.
pub type Answers = BTreeMap<String, AnswerValue>;

/// A three-valued truth: `Unknown` when the answers do not decide it yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truth {
    /// Holds for these answers.
    True,
    /// Does not hold for these answers.
    False,
    /// Depends on a question not answered yet (or an operator this build does not know).
    Unknown,
}

impl Truth {
    /// `True` for `true`, `False` for `false`.
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction: `False` wins, then `Unknown`.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }

    /// Kleene disjunction: `True` wins, then `Unknown`.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::False,
        }
    }

    /// Kleene negation: `Unknown` stays `Unknown`.
    #[allow(clippy::should_implement_trait)] // `!truth` would read as a bool; keep it explicit
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// Whether this is definitely true.
    pub fn is_true(self) -> bool {
        self == Truth::True
    }

    /// Whether this is not definitely false (true or still open).
    pub fn is_possible(self) -> bool {
        self != Truth::False
    }
}

/// Whether two answer values are equal: numbers numerically, other types by value, and values
/// of different types never.
pub fn values_equal(a: &AnswerValue, b: &AnswerValue) -> bool {
    match (a, b) {
        (AnswerValue::Bool(x), AnswerValue::Bool(y)) => x == y,
        (AnswerValue::Number(x), AnswerValue::Number(y)) => x == y,
        (AnswerValue::Choice(x), AnswerValue::Choice(y)) => x == y,
        _ => false,
    }
}

/// Evaluates `c` over `answers`.
pub fn evaluate(c: &Condition, answers: &Answers) -> Truth {
    evaluate_with(c, answers, &BTreeSet::new())
}

/// Evaluates `c` over `answers`, knowing that the questions in `hidden` will never be asked
/// (their own `shown_when` is `False`): a comparison over such a question is `False`, not
/// `Unknown`, because no answer is coming. Without this, a matter that depends on an
/// inapplicable question would stay "maybe" forever.
pub fn evaluate_with(c: &Condition, answers: &Answers, hidden: &BTreeSet<String>) -> Truth {
    let unanswered = |q: &str| {
        if hidden.contains(q) {
            Truth::False
        } else {
            Truth::Unknown
        }
    };
    match c {
        Condition::All(items) => items.iter().fold(Truth::True, |acc, i| {
            acc.and(evaluate_with(i, answers, hidden))
        }),
        Condition::Any(items) => items.iter().fold(Truth::False, |acc, i| {
            acc.or(evaluate_with(i, answers, hidden))
        }),
        Condition::Not(inner) => evaluate_with(inner, answers, hidden).not(),
        Condition::Eq(cmp) => match answers.get(&cmp.question) {
            None => unanswered(&cmp.question),
            Some(a) => Truth::from_bool(values_equal(a, &cmp.value)),
        },
        Condition::In(m) => match answers.get(&m.question) {
            None => unanswered(&m.question),
            Some(a) => Truth::from_bool(m.values.iter().any(|v| values_equal(a, v))),
        },
        Condition::Lt(cmp) | Condition::Gt(cmp) => match (answers.get(&cmp.question), &cmp.value) {
            (None, _) => unanswered(&cmp.question),
            (Some(AnswerValue::Number(a)), AnswerValue::Number(b)) => {
                Truth::from_bool(if matches!(c, Condition::Lt(_)) {
                    a < b
                } else {
                    a > b
                })
            }
            _ => Truth::False,
        },
        Condition::Unknown(_) => Truth::Unknown,
    }
}

/// Evaluates an optional condition; absent means "always" (`True`).
pub fn evaluate_opt(c: Option<&Condition>, answers: &Answers) -> Truth {
    c.map_or(Truth::True, |c| evaluate(c, answers))
}

/// The question ids `c` refers to, in order of first appearance, without repeats.
pub fn referenced_questions(c: &Condition) -> Vec<&str> {
    fn walk<'a>(c: &'a Condition, out: &mut Vec<&'a str>) {
        match c {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|i| walk(i, out))
            }
            Condition::Not(inner) => walk(inner, out),
            Condition::Eq(cmp) | Condition::Lt(cmp) | Condition::Gt(cmp) => {
                push(out, &cmp.question)
            }
            Condition::In(m) => push(out, &m.question),
            Condition::Unknown(_) => {}
        }
    }
    fn push<'a>(out: &mut Vec<&'a str>, q: &'a str) {
        if !out.contains(&q) {
            out.push(q);
        }
    }
    let mut out = Vec::new();
    walk(c, &mut out);
    out
}

/// Whether `v` is a well-formed answer to `q`: the right type, within bounds, one of the
/// options. Questions of an unknown kind accept nothing (the app skips them).
pub fn validate_answer(q: &Question, v: &AnswerValue) -> bool {
    match (&q.kind, v) {
        (QuestionKind::YesNo, AnswerValue::Bool(_)) => true,
        (QuestionKind::SingleChoice { options }, AnswerValue::Choice(c)) => {
            options.iter().any(|o| &o.value == c)
        }
        (QuestionKind::Number { min, max, .. }, AnswerValue::Number(n)) => {
            n.is_finite() && min.is_none_or(|m| *n >= m) && max.is_none_or(|m| *n <= m)
        }
        _ => false,
    }
}

/// Whether `q` is shown for `answers`: a known kind, and no `shown_when` or one that is `True`.
fn shown(q: &Question, answers: &Answers) -> bool {
    !matches!(q.kind, QuestionKind::Unknown)
        && evaluate_opt(q.shown_when.as_ref(), answers).is_true()
}

/// The answers that count: answers to visible questions only, and only well-formed ones.
///
/// Hiding a question can hide others that depend on it, so this repeats until nothing changes.
/// It terminates: with Kleene logic, forgetting an answer never turns a condition `True`, so the
/// set of visible questions only shrinks. Answers to ids that are not questions of the event are
/// dropped too.
pub fn effective_answers(qs: &[Question], answers: &Answers) -> Answers {
    let mut current: Answers = qs
        .iter()
        .filter_map(|q| {
            answers
                .get(&q.id)
                .filter(|v| validate_answer(q, v))
                .map(|v| (q.id.clone(), v.clone()))
        })
        .collect();
    loop {
        let keep: BTreeSet<&str> = qs
            .iter()
            .filter(|q| shown(q, &current))
            .map(|q| q.id.as_str())
            .collect();
        let before = current.len();
        current.retain(|id, _| keep.contains(id.as_str()));
        if current.len() == before {
            return current;
        }
    }
}

/// The questions that will never be asked for these answers: their `shown_when` is `False`
/// (counting, in turn, questions hidden the same way), over the effective answers.
pub fn hidden_questions(qs: &[Question], answers: &Answers) -> BTreeSet<String> {
    let effective = effective_answers(qs, answers);
    let mut hidden = BTreeSet::new();
    loop {
        let before = hidden.len();
        for q in qs {
            if let Some(c) = &q.shown_when
                && evaluate_with(c, &effective, &hidden) == Truth::False
            {
                hidden.insert(q.id.clone());
            }
        }
        if hidden.len() == before {
            return hidden;
        }
    }
}

/// The questions to show now, in event order. Hidden questions' answers do not count towards
/// the conditions (see [`effective_answers`]). Questions of an unknown kind are never shown.
pub fn visible_questions<'a>(qs: &'a [Question], answers: &Answers) -> Vec<&'a Question> {
    let effective = effective_answers(qs, answers);
    qs.iter().filter(|q| shown(q, &effective)).collect()
}

/// The visible questions not answered yet, in event order: what stands between the citizen and
/// a plan without "maybe".
pub fn unanswered_questions<'a>(qs: &'a [Question], answers: &Answers) -> Vec<&'a Question> {
    let effective = effective_answers(qs, answers);
    qs.iter()
        .filter(|q| shown(q, &effective) && !effective.contains_key(&q.id))
        .collect()
}

/// How many questions the citizen may still be asked in all, and whether that is certain: the
/// known-kind questions not hidden for good ([`hidden_questions`]). Questions shown depending on
/// an answer not given yet count, so the number can only go down as answers come in ("question
/// 2 of at most 4", then "of 3"), never up, which read as moving goalposts.
pub fn question_count(qs: &[Question], answers: &Answers) -> (usize, bool) {
    let hidden = hidden_questions(qs, answers);
    let effective = effective_answers(qs, answers);
    let possible: Vec<&Question> = qs
        .iter()
        .filter(|q| !matches!(q.kind, QuestionKind::Unknown) && !hidden.contains(&q.id))
        .collect();
    let exact = possible.iter().all(|q| shown(q, &effective));
    (possible.len(), exact)
}

/// Problems in an event's conditions, for seed tests and backend checks: conditions naming
/// unknown questions or impossible values, comparisons of the wrong type, unknown operators,
/// duplicate question ids, and questions shown depending on themselves or a *later* question
/// (questions are asked in order). Empty when the event is sound.
pub fn check_event_conditions(event: &LifeEvent) -> Vec<String> {
    let qs = &event.questions;
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for q in qs {
        if !seen.insert(q.id.as_str()) {
            problems.push(format!("question `{}` is defined twice", q.id));
        }
        if let QuestionKind::SingleChoice { options } = &q.kind {
            let mut values = BTreeSet::new();
            for o in options {
                if !values.insert(o.value.as_str()) {
                    problems.push(format!(
                        "question `{}`: option `{}` is defined twice",
                        q.id, o.value
                    ));
                }
            }
            if options.is_empty() {
                problems.push(format!("question `{}`: a choice without options", q.id));
            }
        }
    }
    for (i, q) in qs.iter().enumerate() {
        if let Some(c) = &q.shown_when {
            let place = format!("question `{}` shown_when", q.id);
            check_condition(c, qs, &place, &mut problems);
            for r in referenced_questions(c) {
                if let Some(j) = qs.iter().position(|x| x.id == r)
                    && j >= i
                {
                    let what = if j == i { "itself" } else { "a later question" };
                    problems.push(format!("{place}: depends on {what} `{r}`"));
                }
            }
        }
    }
    for step in &event.steps {
        for m in &step.matters {
            if let Some(c) = &m.applies_when {
                let place = format!("step `{}` matter `{}` applies_when", step.id, m.matter_id);
                check_condition(c, qs, &place, &mut problems);
            }
            for mat in &m.materials {
                if let Some(c) = &mat.applies_when {
                    let place = format!(
                        "step `{}` matter `{}` material `{}` applies_when",
                        step.id, m.matter_id, mat.id
                    );
                    check_condition(c, qs, &place, &mut problems);
                }
            }
        }
    }
    if let Some(form) = &event.form {
        for f in &form.fields {
            if let Some(c) = &f.shown_when {
                check_condition(
                    c,
                    qs,
                    &format!("form field `{}` shown_when", f.id),
                    &mut problems,
                );
            }
        }
    }
    problems
}

/// Checks one condition tree against the questions, appending problems prefixed with `place`.
fn check_condition(c: &Condition, qs: &[Question], place: &str, problems: &mut Vec<String>) {
    let find = |id: &str| qs.iter().find(|q| q.id == id);
    match c {
        Condition::All(items) | Condition::Any(items) => {
            items
                .iter()
                .for_each(|i| check_condition(i, qs, place, problems));
        }
        Condition::Not(inner) => check_condition(inner, qs, place, problems),
        Condition::Eq(cmp) => match find(&cmp.question) {
            None => problems.push(format!("{place}: unknown question `{}`", cmp.question)),
            Some(q) => check_value(q, &cmp.value, place, problems),
        },
        Condition::In(m) => match find(&m.question) {
            None => problems.push(format!("{place}: unknown question `{}`", m.question)),
            Some(q) => {
                if m.values.is_empty() {
                    problems.push(format!(
                        "{place}: `in` on `{}` with no values is never true",
                        q.id
                    ));
                }
                m.values
                    .iter()
                    .for_each(|v| check_value(q, v, place, problems));
            }
        },
        Condition::Lt(cmp) | Condition::Gt(cmp) => match find(&cmp.question) {
            None => problems.push(format!("{place}: unknown question `{}`", cmp.question)),
            Some(q) => {
                if !matches!(q.kind, QuestionKind::Number { .. })
                    || !matches!(cmp.value, AnswerValue::Number(_))
                {
                    problems.push(format!(
                        "{place}: `lt`/`gt` on `{}` needs a number question and a number",
                        q.id
                    ));
                }
            }
        },
        Condition::Unknown(_) => {
            problems.push(format!("{place}: an operator this version does not know"))
        }
    }
}

/// Checks that `v` could ever equal an answer to `q` (bounds aside: comparing with an
/// out-of-range number is legal, merely never true).
fn check_value(q: &Question, v: &AnswerValue, place: &str, problems: &mut Vec<String>) {
    match (&q.kind, v) {
        (QuestionKind::YesNo, AnswerValue::Bool(_))
        | (QuestionKind::Number { .. }, AnswerValue::Number(_)) => {}
        (QuestionKind::SingleChoice { options }, AnswerValue::Choice(c)) => {
            if !options.iter().any(|o| &o.value == c) {
                problems.push(format!("{place}: `{}` has no option `{c}`", q.id));
            }
        }
        (QuestionKind::Unknown, _) => {
            problems.push(format!("{place}: `{}` is of an unknown kind", q.id))
        }
        _ => problems.push(format!(
            "{place}: value {v:?} does not fit the kind of `{}`",
            q.id
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use yishi_contract::{Choice, Comparison, EventCard, Membership, Opaque, Text};

    use super::*;

    // Small builders shared with the plan tests.
    pub fn eq(q: &str, v: AnswerValue) -> Condition {
        Condition::Eq(Comparison {
            question: q.into(),
            value: v,
        })
    }
    pub fn is(q: &str, b: bool) -> Condition {
        eq(q, AnswerValue::Bool(b))
    }
    pub fn choice(q: &str, c: &str) -> Condition {
        eq(q, AnswerValue::Choice(c.into()))
    }
    pub fn within(q: &str, vs: &[&str]) -> Condition {
        Condition::In(Membership {
            question: q.into(),
            values: vs
                .iter()
                .map(|v| AnswerValue::Choice((*v).into()))
                .collect(),
        })
    }
    fn lt(q: &str, n: f64) -> Condition {
        Condition::Lt(Comparison {
            question: q.into(),
            value: AnswerValue::Number(n),
        })
    }
    fn gt(q: &str, n: f64) -> Condition {
        Condition::Gt(Comparison {
            question: q.into(),
            value: AnswerValue::Number(n),
        })
    }
    fn not(c: Condition) -> Condition {
        Condition::Not(Box::new(c))
    }
    pub fn answers(list: &[(&str, AnswerValue)]) -> Answers {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }
    pub fn yes_no(id: &str, shown_when: Option<Condition>) -> Question {
        Question {
            id: id.into(),
            text: Text::new(id, id),
            help: None,
            kind: QuestionKind::YesNo,
            shown_when,
        }
    }
    pub fn single(id: &str, options: &[&str], shown_when: Option<Condition>) -> Question {
        let options = options
            .iter()
            .map(|o| Choice {
                value: (*o).into(),
                label: Text::new(*o, *o),
            })
            .collect();
        Question {
            id: id.into(),
            text: Text::new(id, id),
            help: None,
            kind: QuestionKind::SingleChoice { options },
            shown_when,
        }
    }
    fn number(id: &str, min: Option<f64>, max: Option<f64>) -> Question {
        Question {
            id: id.into(),
            text: Text::new(id, id),
            help: None,
            kind: QuestionKind::Number {
                min,
                max,
                unit: None,
            },
            shown_when: None,
        }
    }
    pub fn event(questions: Vec<Question>, steps: Vec<yishi_contract::Step>) -> LifeEvent {
        LifeEvent {
            card: EventCard {
                legal_limit: None,
                id: "newborn".into(),
                name: Text::new("新生儿出生", "A baby is born"),
                summary: Text::new("出生一件事", "Birth"),
                aliases: vec!["生孩子".into()],
                audience: yishi_contract::Audience::Person,
                category: "birth".into(),
                icon: yishi_contract::IconKey::Baby,
                matter_count: 0,
                promised_limit: yishi_contract::TimeLimit {
                    value: 5,
                    unit: yishi_contract::TimeUnit::WorkingDays,
                    note: None,
                },
                max_visits: 1,
                online_apply: true,
                popularity: 0,
                matter_ids: vec![],
                next_event_ids: vec![],
            },
            description: vec![],
            questions,
            steps,
            form: None,
        }
    }

    use AnswerValue::{Bool, Choice as C, Number as N};
    use Truth::{False as F, True as T, Unknown as U};

    fn check(c: &Condition, a: &Answers, want: Truth) {
        assert_eq!(evaluate(c, a), want, "{c:?} over {a:?}");
    }

    #[test]
    fn leaves() {
        let a = answers(&[
            ("married", Bool(true)),
            ("kids", N(2.0)),
            ("hukou", C("father".into())),
        ]);
        check(&is("married", true), &a, T);
        check(&is("married", false), &a, F);
        check(&is("missing", true), &a, U);
        check(&choice("hukou", "father"), &a, T);
        check(&choice("hukou", "mother"), &a, F);
        check(&within("hukou", &["mother", "father"]), &a, T);
        check(&within("hukou", &["mother"]), &a, F);
        check(&within("hukou", &[]), &a, F);
        check(&within("missing", &["x"]), &a, U);
        check(&eq("kids", N(2.0)), &a, T);
        check(&lt("kids", 3.0), &a, T);
        check(&lt("kids", 2.0), &a, F);
        check(&gt("kids", 1.5), &a, T);
        check(&gt("kids", 2.0), &a, F);
        check(&lt("missing", 1.0), &a, U);
        check(&Condition::Unknown(Opaque), &a, U);
    }

    #[test]
    fn numbers_compare_numerically_and_types_do_not_mix() {
        // JSON `1` and `1.0` both arrive as numbers; they are equal.
        let c: Condition =
            serde_json::from_str(r#"{"eq": {"question": "n", "value": 1}}"#).unwrap();
        check(&c, &answers(&[("n", N(1.0))]), T);
        let a: Answers = serde_json::from_str(r#"{"n": 1.0, "b": true, "s": "1"}"#).unwrap();
        check(&c, &a, T);
        check(&eq("b", N(1.0)), &a, F); // bool vs number
        check(&eq("s", N(1.0)), &a, F); // choice "1" vs number 1
        check(&eq("n", C("1".into())), &a, F);
        check(&lt("b", 5.0), &a, F);
        check(&gt("s", 0.0), &a, F);
        check(
            &Condition::Lt(Comparison {
                question: "n".into(),
                value: Bool(true),
            }),
            &a,
            F,
        );
        check(&within("b", &["true"]), &a, F);
    }

    #[test]
    fn kleene_logic() {
        let a = answers(&[("t", Bool(true)), ("f", Bool(false))]);
        let (t, f, u) = (is("t", true), is("f", true), is("u", true));
        let all = |v: Vec<Condition>| Condition::All(v);
        let any = |v: Vec<Condition>| Condition::Any(v);
        check(&all(vec![]), &a, T);
        check(&any(vec![]), &a, F);
        check(&all(vec![t.clone(), u.clone()]), &a, U);
        check(&all(vec![f.clone(), u.clone()]), &a, F); // false decides despite the unknown
        check(&all(vec![u.clone(), f.clone()]), &a, F); // in any order
        check(&any(vec![u.clone(), t.clone()]), &a, T); // true decides despite the unknown
        check(&any(vec![f.clone(), u.clone()]), &a, U);
        check(&any(vec![f.clone(), f.clone()]), &a, F);
        check(&not(u.clone()), &a, U);
        check(&not(t.clone()), &a, F);
        check(&not(Condition::Unknown(Opaque)), &a, U);
        check(&all(vec![Condition::Unknown(Opaque), f.clone()]), &a, F);
        check(&any(vec![Condition::Unknown(Opaque), t.clone()]), &a, T);
        check(&not(all(vec![t, not(any(vec![f, u]))])), &a, U);
    }

    #[test]
    fn unknown_operators_deserialise_and_stay_unknown() {
        let c: Condition = serde_json::from_str(
            r#"{"all": [{"eq": {"question": "a", "value": true}}, {"matches": {"q": "x"}}]}"#,
        )
        .unwrap();
        check(&c, &answers(&[("a", Bool(true))]), U);
        check(&c, &answers(&[("a", Bool(false))]), F);
    }

    #[test]
    fn referenced_questions_in_order_without_repeats() {
        let c = Condition::All(vec![
            is("a", true),
            not(Condition::Any(vec![
                choice("b", "x"),
                is("a", false),
                lt("c", 1.0),
            ])),
        ]);
        assert_eq!(referenced_questions(&c), ["a", "b", "c"]);
        assert!(referenced_questions(&Condition::Unknown(Opaque)).is_empty());
    }

    #[test]
    fn answers_are_validated_by_kind() {
        let yn = yes_no("m", None);
        assert!(validate_answer(&yn, &Bool(false)));
        assert!(!validate_answer(&yn, &N(1.0)));
        assert!(!validate_answer(&yn, &C("true".into())));
        let sc = single("h", &["father", "mother"], None);
        assert!(validate_answer(&sc, &C("mother".into())));
        assert!(!validate_answer(&sc, &C("uncle".into())));
        assert!(!validate_answer(&sc, &Bool(true)));
        let n = number("k", Some(0.0), Some(10.0));
        assert!(
            validate_answer(&n, &N(0.0))
                && validate_answer(&n, &N(10.0))
                && validate_answer(&n, &N(3.5))
        );
        assert!(!validate_answer(&n, &N(-0.5)) && !validate_answer(&n, &N(10.01)));
        assert!(!validate_answer(&n, &N(f64::NAN)) && !validate_answer(&n, &N(f64::INFINITY)));
        assert!(validate_answer(&number("free", None, None), &N(-1e9)));
        let unknown = Question {
            kind: QuestionKind::Unknown,
            ..yes_no("u", None)
        };
        assert!(!validate_answer(&unknown, &Bool(true)));
    }

    fn questions() -> Vec<Question> {
        vec![
            yes_no("married", None),
            // Only married parents are asked whose hukou the baby joins.
            single("hukou", &["father", "mother"], Some(is("married", true))),
            // Only asked when joining the father's hukou.
            yes_no("father_local", Some(choice("hukou", "father"))),
            single("insurance", &["urban", "none"], None),
        ]
    }

    fn ids(qs: &[&Question]) -> Vec<String> {
        qs.iter().map(|q| q.id.clone()).collect()
    }

    #[test]
    fn visibility_follows_answers() {
        let qs = questions();
        assert_eq!(
            ids(&visible_questions(&qs, &Answers::new())),
            ["married", "insurance"]
        );
        let a = answers(&[("married", Bool(true))]);
        assert_eq!(
            ids(&visible_questions(&qs, &a)),
            ["married", "hukou", "insurance"]
        );
        let a = answers(&[("married", Bool(true)), ("hukou", C("father".into()))]);
        assert_eq!(
            ids(&visible_questions(&qs, &a)),
            ["married", "hukou", "father_local", "insurance"]
        );
        assert_eq!(
            ids(&unanswered_questions(&qs, &a)),
            ["father_local", "insurance"]
        );
    }

    #[test]
    fn changed_answers_do_not_leak_through_hidden_questions() {
        let qs = questions();
        // The citizen answered the whole chain, then changed "married" to no.
        let a = answers(&[
            ("married", Bool(false)),
            ("hukou", C("father".into())),
            ("father_local", Bool(true)),
            ("insurance", C("urban".into())),
        ]);
        // hukou is hidden, so its answer goes; then father_local is hidden too (second round).
        let eff = effective_answers(&qs, &a);
        assert_eq!(
            eff,
            answers(&[("married", Bool(false)), ("insurance", C("urban".into()))])
        );
        assert_eq!(ids(&visible_questions(&qs, &a)), ["married", "insurance"]);
    }

    #[test]
    fn effective_answers_drop_strangers_and_malformed_values() {
        let qs = questions();
        let a = answers(&[
            ("married", N(1.0)),
            ("insurance", C("gold".into())),
            ("nobody", Bool(true)),
        ]);
        assert!(effective_answers(&qs, &a).is_empty());
    }

    #[test]
    fn unknown_question_kinds_are_skipped() {
        let mut qs = questions();
        qs.push(Question {
            kind: QuestionKind::Unknown,
            ..yes_no("future", None)
        });
        assert!(!ids(&visible_questions(&qs, &Answers::new())).contains(&"future".to_string()));
    }

    #[test]
    fn forward_dependencies_reach_a_fixpoint() {
        // b is shown when a later question c is true, and c is shown when a is true.
        let qs = vec![
            yes_no("a", None),
            yes_no("b", Some(is("c", true))),
            yes_no("c", Some(is("a", true))),
        ];
        let a = answers(&[("a", Bool(false)), ("b", Bool(true)), ("c", Bool(true))]);
        // c hidden (a is false) → c's answer dropped → b's condition unknown → b hidden.
        assert_eq!(effective_answers(&qs, &a), answers(&[("a", Bool(false))]));
    }

    #[test]
    fn event_checks_find_problems() {
        use yishi_contract::{
            Material, MaterialForm, MaterialSource, Medium, Necessity, Step, StepMatter,
        };
        let mut qs = questions();
        qs.push(yes_no("early", Some(is("late", true)))); // depends on a later question
        qs.push(yes_no("late", None));
        qs.push(yes_no("selfish", Some(is("selfish", true))));
        qs.push(yes_no("married", None)); // duplicate
        let material = Material {
            holders: Vec::new(),
            only_if: None,
            id: "id_card".into(),
            name: Text::new("身份证", "ID card"),
            form: MaterialForm::Original,
            copies: 1,
            medium: Medium::Paper,
            necessity: Necessity::Required,
            source: MaterialSource::Applicant,
            note: None,
            blank_form_url: None,
            sample_url: None,
            applies_when: Some(choice("hukou", "grandma")), // no such option
        };
        let steps = vec![Step {
            id: "s1".into(),
            title: Text::new("登记", "Register"),
            joiner: yishi_contract::Joiner::And,
            matters: vec![StepMatter {
                matter_id: "hukou_reg".into(),
                name: Text::new("出生登记", "Birth registration"),
                applies_when: Some(Condition::All(vec![
                    is("ghost", true),     // unknown question
                    eq("married", N(1.0)), // wrong type
                    lt("insurance", 3.0),  // lt on a choice
                    Condition::Unknown(Opaque),
                ])),
                materials: vec![material],
            }],
        }];
        let problems = check_event_conditions(&event(qs, steps));
        let expect = [
            "question `married` is defined twice",
            "question `early` shown_when: depends on a later question `late`",
            "question `selfish` shown_when: depends on itself `selfish`",
            "unknown question `ghost`",
            "does not fit the kind of `married`",
            "`lt`/`gt` on `insurance`",
            "an operator this version does not know",
            "material `id_card` applies_when: `hukou` has no option `grandma`",
        ];
        for e in expect {
            assert!(
                problems.iter().any(|p| p.contains(e)),
                "missing {e:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    }

    #[test]
    fn a_sound_event_has_no_problems() {
        let problems = check_event_conditions(&event(questions(), vec![]));
        assert!(problems.is_empty(), "{problems:#?}");
    }
}

#[cfg(test)]
mod hidden_tests {
    use yishi_contract::{Choice, Comparison, Question, QuestionKind, Text};

    use super::*;

    fn eq(q: &str, v: AnswerValue) -> Condition {
        Condition::Eq(Comparison {
            question: q.into(),
            value: v,
        })
    }

    #[test]
    fn a_question_that_will_never_be_asked_makes_its_comparisons_false() {
        let kind = QuestionKind::SingleChoice {
            options: ["penalty", "tax"]
                .iter()
                .map(|v| Choice {
                    value: (*v).into(),
                    label: Text::zh(*v),
                })
                .collect(),
        };
        let qs = vec![
            Question {
                id: "record".into(),
                text: Text::zh("记录"),
                help: None,
                kind,
                shown_when: None,
            },
            Question {
                id: "also".into(),
                text: Text::zh("也有处罚？"),
                help: None,
                kind: QuestionKind::YesNo,
                shown_when: Some(eq("record", AnswerValue::Choice("penalty".into()))),
            },
        ];
        let c = Condition::Any(vec![
            eq("record", AnswerValue::Choice("penalty".into())),
            eq("also", AnswerValue::Bool(true)),
        ]);
        let tax: Answers = [("record".to_string(), AnswerValue::Choice("tax".into()))].into();
        let hidden = hidden_questions(&qs, &tax);
        assert!(hidden.contains("also"));
        assert_eq!(
            evaluate(&c, &tax),
            Truth::Unknown,
            "plain evaluation cannot know"
        );
        assert_eq!(evaluate_with(&c, &tax, &hidden), Truth::False);
        assert_eq!(
            evaluate_with(
                &Condition::Not(Box::new(eq("also", AnswerValue::Bool(true)))),
                &tax,
                &hidden
            ),
            Truth::True
        );
        // Before the first answer nothing is hidden for sure: still "maybe".
        assert!(hidden_questions(&qs, &Answers::new()).is_empty());
    }

    #[test]
    fn the_question_count_never_goes_up() {
        use super::tests::{answers, is, yes_no};
        use AnswerValue::Bool;
        let qs = vec![
            yes_no("married", None),
            yes_no("insured", None),
            yes_no("twins", Some(is("insured", true))),
        ];
        // Before "insured" is answered, the twins question may come: at most 3.
        assert_eq!(question_count(&qs, &Answers::new()), (3, false));
        assert_eq!(
            question_count(&qs, &answers(&[("married", Bool(true))])),
            (3, false)
        );
        // Answered yes: it will be asked, 3 for certain; answered no: 2 for certain.
        let yes = answers(&[("married", Bool(true)), ("insured", Bool(true))]);
        assert_eq!(question_count(&qs, &yes), (3, true));
        let no = answers(&[("married", Bool(true)), ("insured", Bool(false))]);
        assert_eq!(question_count(&qs, &no), (2, true));
    }
}
