//! The condition evaluator (情形条件) on arbitrary condition trees and answers decoded from the
//! input as JSON `{"c": <condition>, "a": {<question>: <answer>}}`: both decoders (serde for the
//! server, yishi_json for the app) agree, evaluation never panics, and Kleene logic holds.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use yishi_contract::{AnswerValue, Condition};
use yishi_core::conditions::{Answers, Truth, evaluate, evaluate_with, referenced_questions};

#[derive(serde::Deserialize, serde::Serialize, yishi_json::FromJson)]
struct Input {
    c: Condition,
    #[serde(default)]
    a: Answers,
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(input) = serde_json::from_str::<Input>(text) else { return };
    // The app decodes whatever the server decodes, to the same tree, except for the
    // differences json/src/lib.rs documents, which the app never meets from a backend that
    // writes JSON with serde or any common encoder (the canonical form, checked below).
    match yishi_json::from_str::<Input>(text) {
        Ok(app) => assert!(same_input(&app, &input), "decoders disagree on {text:?}"),
        Err(e) => assert!(
            documented_difference(text, &e),
            "serde decoded {text:?}, yishi_json did not: {e}"
        ),
    }
    // Compared with what serde reads back from the same text, not with `input`: serde_json's
    // default float parsing is not round-trip exact (5.0077777777777774e+107 reads back one ulp
    // away from the value it was written from), and yishi_json converts as serde_json does.
    let canonical = serde_json::to_string(&input).expect("serialisable");
    let app = yishi_json::from_str::<Input>(&canonical)
        .unwrap_or_else(|e| panic!("yishi_json refused serde's own output {canonical:?}: {e}"));
    let server = serde_json::from_str::<Input>(&canonical).expect("serde reads its own output");
    assert!(same_input(&app, &server), "decoders disagree on {canonical:?}");

    let c = &input.c;
    let a = &input.a;
    let t = evaluate(c, a);
    assert_eq!(evaluate_with(c, a, &BTreeSet::new()), t);
    assert_eq!(evaluate(&Condition::Not(Box::new(Condition::Not(Box::new(c.clone())))), a), t);
    assert_eq!(evaluate(&Condition::All(vec![c.clone()]), a), t);
    assert_eq!(evaluate(&Condition::Any(vec![c.clone()]), a), t);
    assert_eq!(evaluate(&Condition::All(vec![]), a), Truth::True);
    assert_eq!(evaluate(&Condition::Any(vec![]), a), Truth::False);
    assert_eq!(evaluate(&Condition::Not(Box::new(c.clone())), a), t.not());
    // Hidden questions (never to be asked) only settle what is open: a decided result stays,
    // and with every referenced question hidden nothing stays open but unknown operators.
    let hidden: BTreeSet<String> = referenced_questions(c).into_iter().map(String::from).collect();
    let h = evaluate_with(c, a, &hidden);
    if t != Truth::Unknown {
        assert_eq!(h, t, "hiding questions changed a decided condition");
    }
    if !has_unknown_operator(c) {
        assert_ne!(h, Truth::Unknown, "open with every question answered or hidden");
        assert_ne!(evaluate_with(c, &Answers::new(), &hidden), Truth::Unknown);
    }
    // Answers only ever settle a condition (Kleene logic is monotone): what holds without
    // any answer holds with these.
    let none = evaluate(c, &Answers::new());
    if none != Truth::Unknown {
        assert_eq!(t, none, "an answer changed a condition that needed none");
    }
});

/// The documented ways yishi_json is stricter than serde (json/src/lib.rs): a struct written
/// as an array of its fields, and a number beyond f64's range in a member the type ignores
/// (serde skips it unchecked; serde_json refuses such a document as a `Value` too).
fn documented_difference(text: &str, e: &yishi_json::Error) -> bool {
    match e.kind() {
        yishi_json::ErrorKind::Expected("an object") => serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v.pointer(e.path()).is_some_and(serde_json::Value::is_array)),
        yishi_json::ErrorKind::Syntax { message: "number out of range", .. } => serde_json::from_str::<serde_json::Value>(text)
            .is_err_and(|v| v.to_string().starts_with("number out of range")),
        _ => false,
    }
}

fn same_input(x: &Input, y: &Input) -> bool {
    same_condition(&x.c, &y.c)
        && x.a.len() == y.a.len()
        && x.a.iter().zip(&y.a).all(|((k1, v1), (k2, v2))| k1 == k2 && same_value(v1, v2))
}

fn has_unknown_operator(c: &Condition) -> bool {
    match c {
        Condition::All(items) | Condition::Any(items) => items.iter().any(has_unknown_operator),
        Condition::Not(inner) => has_unknown_operator(inner),
        Condition::Unknown(_) => true,
        _ => false,
    }
}

/// Structural equality where NaN equals NaN (numbers arrive as f64 on both sides).
fn same_condition(x: &Condition, y: &Condition) -> bool {
    use Condition::*;
    match (x, y) {
        (All(a), All(b)) | (Any(a), Any(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(p, q)| same_condition(p, q))
        }
        (Not(a), Not(b)) => same_condition(a, b),
        (Eq(a), Eq(b)) | (Lt(a), Lt(b)) | (Gt(a), Gt(b)) => {
            a.question == b.question && same_value(&a.value, &b.value)
        }
        (In(a), In(b)) => {
            a.question == b.question
                && a.values.len() == b.values.len()
                && a.values.iter().zip(&b.values).all(|(p, q)| same_value(p, q))
        }
        (Unknown(_), Unknown(_)) => true,
        _ => false,
    }
}

fn same_value(x: &AnswerValue, y: &AnswerValue) -> bool {
    match (x, y) {
        (AnswerValue::Number(a), AnswerValue::Number(b)) => a == b || (a.is_nan() && b.is_nan()),
        _ => x == y,
    }
}
