//! The app decodes responses with `yishi_json` (small WASM), the server and the spec tests with
//! serde. Both must read every document alike: every example of `openapi.yaml`, the same
//! examples mutated member by member (removed, `null`, duplicated, wrong numbers, unknown
//! strings, unknown members), and targeted hostile cases.
//!
//! The one tolerated difference: `null` for a `#[serde(default)]` member is the default for
//! yishi_json and an error for serde. Where it shows, the test checks yishi_json's value is
//! exactly what both read with the member absent.

mod common;

use std::fmt::Debug;

use common::{sites, spec, with_schema_type};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use yishi_contract::*;
use yishi_json::{ErrorKind, FromJson};

/// What both decoders made of one text.
enum Agreement<T> {
    Both(T),
    Neither,
}

fn decode_both<T>(text: &str) -> Result<Agreement<T>, String>
where
    T: DeserializeOwned + FromJson + PartialEq + Debug,
{
    match (
        serde_json::from_str::<T>(text),
        yishi_json::from_str::<T>(text),
    ) {
        (Ok(theirs), Ok(ours)) if theirs == ours => Ok(Agreement::Both(ours)),
        (Ok(theirs), Ok(ours)) => Err(format!(
            "different values:\n  serde:      {}\n  yishi_json: {}",
            short(&theirs),
            short(&ours)
        )),
        (Err(_), Err(_)) => Ok(Agreement::Neither),
        (Ok(theirs), Err(e)) => Err(format!(
            "only serde decodes it ({}); yishi_json: {e}",
            short(&theirs)
        )),
        (Err(e), Ok(ours)) => Err(format!(
            "only yishi_json decodes it ({}); serde: {e}",
            short(&ours)
        )),
    }
}

/// A value's Debug, cut short for messages.
fn short(value: &impl Debug) -> String {
    let text = format!("{value:?}");
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Both decode `text` to the same value.
fn same<T>(text: &str) -> T
where
    T: DeserializeOwned + FromJson + PartialEq + Debug,
{
    match decode_both::<T>(text) {
        Ok(Agreement::Both(value)) => value,
        Ok(Agreement::Neither) => panic!(
            "neither decodes {text:.200}: {:?}",
            yishi_json::from_str::<T>(text).err()
        ),
        Err(why) => panic!("{text:.200}\n{why}"),
    }
}

/// Both refuse `text`; returns yishi_json's error.
fn refused<T>(text: &str) -> yishi_json::Error
where
    T: DeserializeOwned + FromJson + PartialEq + Debug,
{
    match decode_both::<T>(text) {
        Ok(Agreement::Neither) => yishi_json::from_str::<T>(text).unwrap_err(),
        Ok(Agreement::Both(value)) => panic!("both decode {text:.200} as {value:?}"),
        Err(why) => panic!("{text:.200}\n{why}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Every example, as written and mutated.

/// Where a mutation applies: a path of object keys and array indices.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                here.push(Step::Key(key.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(Step::Index(i));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// A member name no contract type uses, replaced after serialising (a `Value` cannot hold a
/// repeated key, so duplicates are spliced into the text).
const DUPLICATE: &str = "\u{1}duplicate";

/// One variant of an example.
struct Mutation {
    what: String,
    text: String,
    /// For "member set to `null`": where, and which member.
    null_member: Option<(Vec<Step>, String)>,
}

/// The example and its variants.
fn mutations(example: &Value) -> Vec<Mutation> {
    let plain = |what: String, text: String| Mutation {
        what,
        text,
        null_member: None,
    };
    let mut out = vec![
        plain("as written".into(), example.to_string()),
        plain(
            "pretty-printed".into(),
            serde_json::to_string_pretty(example).unwrap(),
        ),
    ];
    let placeholder = serde_json::to_string(DUPLICATE).unwrap();
    let mut all = Vec::new();
    paths(example, &mut Vec::new(), &mut all);
    for path in &all {
        let edited = |change: &dyn Fn(&mut Value)| {
            let mut copy = example.clone();
            change(at_mut(&mut copy, path));
            copy.to_string()
        };
        let edit = |what: &str, change: &dyn Fn(&mut Value)| {
            plain(format!("{what} at {path:?}"), edited(change))
        };
        let mut node = example.clone();
        let node = at_mut(&mut node, path).clone();
        match &node {
            Value::Object(map) => {
                out.push(edit("unknown member added", &|v| {
                    v["x_from_a_later_version"] = json!({"nested": [1, "two", null]})
                }));
                for key in map.keys() {
                    out.push(edit(&format!("`{key}` removed"), &|v| {
                        v.as_object_mut().unwrap().remove(key);
                    }));
                    // Duplicated: the placeholder member's name is replaced by the key's.
                    let duplicated = edited(&|v| v[DUPLICATE] = v[key.as_str()].clone())
                        .replace(&placeholder, &json!(key).to_string());
                    out.push(plain(format!("`{key}` duplicated at {path:?}"), duplicated));
                    out.push(Mutation {
                        what: format!("`{key}` null at {path:?}"),
                        text: edited(&|v| v[key.as_str()] = Value::Null),
                        null_member: Some((path.clone(), key.clone())),
                    });
                }
            }
            Value::String(_) => {
                out.push(edit("unknown string", &|v| {
                    *v = json!("a_value_from_a_later_version")
                }));
                out.push(edit("10,000-character string", &|v| {
                    *v = json!("长".repeat(10_000))
                }));
                out.push(edit("number for a string", &|v| *v = json!(1)));
            }
            Value::Number(_) => {
                for n in ["-0", "1.5", "-1", "256", "65536", "4294967296", "1e400"] {
                    // Spliced in as text, so both parse exactly this literal.
                    let text = edited(&|v| *v = json!(DUPLICATE)).replace(&placeholder, n);
                    out.push(plain(format!("number {n} at {path:?}"), text));
                }
                out.push(edit("string for a number", &|v| *v = json!("1")));
            }
            Value::Bool(b) => {
                out.push(edit("flipped", &|v| *v = json!(!b)));
                out.push(edit("number for a boolean", &|v| *v = json!(1)));
            }
            Value::Array(items) if !items.is_empty() => {
                out.push(edit("emptied", &|v| *v = json!([])));
                out.push(edit("object for an array", &|v| *v = json!({})));
            }
            _ => {}
        }
    }
    out
}

/// The tolerated difference, checked precisely: serde refuses the `null` as a type error, and
/// yishi_json's value is what both decode with the member absent.
fn null_is_absent<T>(
    example: &Value,
    text: &str,
    (path, key): &(Vec<Step>, String),
) -> Result<(), String>
where
    T: DeserializeOwned + FromJson + PartialEq + Debug,
{
    let serde_error = serde_json::from_str::<T>(text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    if !serde_error.contains("invalid type: null") {
        return Err(format!("serde: {serde_error:?}"));
    }
    let ours = yishi_json::from_str::<T>(text).map_err(|e| e.to_string())?;
    let mut copy = example.clone();
    at_mut(&mut copy, path).as_object_mut().unwrap().remove(key);
    match decode_both::<T>(&copy.to_string())? {
        Agreement::Both(absent) if absent == ours => Ok(()),
        Agreement::Both(absent) => Err(format!("`null` gave {ours:?}, absent gave {absent:?}")),
        Agreement::Neither => {
            Err("yishi_json reads `null` where neither reads the member absent".into())
        }
    }
}

fn equivalent<T>(example: &Value) -> Result<usize, String>
where
    T: DeserializeOwned + FromJson + PartialEq + Debug,
{
    if !matches!(
        decode_both::<T>(&example.to_string()),
        Ok(Agreement::Both(_))
    ) {
        return Err("the example as written does not decode with both".into());
    }
    let mut failures = Vec::new();
    let all = mutations(example);
    for m in &all {
        if let Err(why) = decode_both::<T>(&m.text) {
            let tolerated = m
                .null_member
                .as_ref()
                .is_some_and(|member| null_is_absent::<T>(example, &m.text, member).is_ok());
            if !tolerated {
                failures.push(format!("{}: {why}", m.what));
            }
        }
    }
    if failures.is_empty() {
        Ok(all.len())
    } else {
        Err(failures.join("\n  "))
    }
}

#[test]
fn every_example_and_its_mutations_decode_alike() {
    let spec = spec();
    let mut failures = Vec::new();
    let (mut examples, mut documents) = (0, 0);
    for site in sites(&spec) {
        let Ok(schema) = &site.schema else { continue };
        for (key, _, value) in &site.examples {
            let Ok(value) = value else { continue };
            match with_schema_type!(schema.as_str(), equivalent, value) {
                Ok(n) => {
                    examples += 1;
                    documents += n;
                }
                Err(why) => failures.push(format!(
                    "{}, example `{key}`, schema {schema}:\n  {why}",
                    site.label
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} examples decode differently:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        examples >= 60,
        "only {examples} examples were checked: is the spec walked correctly?"
    );
    assert!(
        documents > examples * 20,
        "only {documents} documents for {examples} examples"
    );
    eprintln!("{examples} examples, {documents} documents decoded alike");
}

// ---------------------------------------------------------------------------------------------
// Targeted cases.

fn text(zh: &str) -> Value {
    json!({"zh-CN": zh, "en": "x"})
}

fn deadline() -> Value {
    json!({
        "promised": {"value": 10, "unit": "working_days"},
        "legal": {"value": 20, "unit": "working_days", "note": text("法定")},
        "accepted_on": "2026-11-02",
        "used_days": 3,
        "paused": false,
        "overdue": false,
        "as_of": "2026-11-05"
    })
}

fn case_summary() -> Value {
    json!({
        "id": "c1",
        "number": "2026-0001",
        "title": text("出生"),
        "stage": "under_review",
        "state": "in_progress",
        "submitted_at": "2026-11-01T09:00:00+08:00",
        "updated_at": "2026-11-02T09:00:00Z",
        "deadline": deadline(),
        "ratable": ["acceptance"]
    })
}

#[test]
fn unknown_enum_values_become_unknown() {
    let mut case = case_summary();
    case["stage"] = json!("a_stage_from_v2");
    case["state"] = json!("archived");
    case["ratable"] = json!(["acceptance", "halfway"]);
    case["deadline"]["promised"]["unit"] = json!("lunar_days");
    let decoded: CaseSummary = same(&case.to_string());
    assert_eq!(
        (decoded.stage, decoded.state),
        (Stage::Unknown, CaseState::Unknown)
    );
    assert_eq!(
        decoded.ratable,
        [RatingStage::Acceptance, RatingStage::Unknown]
    );
    assert_eq!(decoded.deadline.promised.unit, TimeUnit::Unknown);

    let question = json!({"id": "q", "text": text("?"), "kind": {"type": "slider", "steps": 5}});
    assert_eq!(
        same::<Question>(&question.to_string()).kind,
        QuestionKind::Unknown
    );
    // A known tag with a broken body is an error for both, not Unknown.
    let broken = json!({"id": "q", "text": text("?"), "kind": {"type": "single_choice"}});
    assert_eq!(
        refused::<Question>(&broken.to_string()).path(),
        "/kind/options"
    );
}

#[test]
fn conditions_unknown_operators_and_malformed_ones_are_unknown() {
    let eq = json!({"eq": {"question": "married", "value": true}});
    assert_eq!(
        same::<Condition>(&eq.to_string()),
        Condition::Eq(Comparison {
            question: "married".into(),
            value: AnswerValue::Bool(true)
        })
    );
    let cases = [
        json!({"xor": [eq, eq]}),
        json!({"all": [eq], "any": [eq]}),
        json!({"all": "not a list"}),
        json!({"eq": {"question": "married"}}),
        json!("all"),
        json!({}),
        json!([eq]),
        json!(42),
        json!(null),
    ];
    for case in cases {
        assert_eq!(
            same::<Condition>(&case.to_string()),
            Condition::Unknown(Opaque),
            "{case}"
        );
    }
    // Unknown inside known: only the inner one is unknown.
    let nested = json!({"all": [eq, {"within_km": 5}, {"not": {"any": []}}]});
    let Condition::All(members) = same::<Condition>(&nested.to_string()) else {
        panic!()
    };
    assert_eq!(members[1], Condition::Unknown(Opaque));
    assert_eq!(members[2], Condition::Not(Box::new(Condition::Any(vec![]))));
    // `in` with values of every answer type, in order: bool, number, string.
    let membership = json!({"in": {"question": "q", "values": [true, 3, 2.5, "x", -0.0]}});
    let Condition::In(m) = same::<Condition>(&membership.to_string()) else {
        panic!()
    };
    assert_eq!(
        m.values[..4],
        [
            AnswerValue::Bool(true),
            AnswerValue::Number(3.0),
            AnswerValue::Number(2.5),
            AnswerValue::Choice("x".into())
        ]
    );
    assert!(matches!(m.values[4], AnswerValue::Number(n) if n == 0.0 && n.is_sign_negative()));
}

#[test]
fn missing_and_null_optional_fields() {
    let mut d = deadline();
    for key in ["accepted_on", "promised_due_on", "legal_due_on"] {
        d.as_object_mut().unwrap().remove(key);
    }
    let decoded: Deadline = same(&d.to_string());
    assert_eq!(decoded.accepted_on, None);
    d["accepted_on"] = Value::Null;
    d["legal"]["note"] = Value::Null;
    let decoded: Deadline = same(&d.to_string());
    assert_eq!((decoded.accepted_on, decoded.legal.note), (None, None));
    // A required member missing or null: both refuse, and the path says which.
    d.as_object_mut().unwrap().remove("used_days");
    let err = refused::<Deadline>(&d.to_string());
    assert_eq!(
        (err.kind(), err.path()),
        (&ErrorKind::MissingField, "/used_days")
    );
    let mut case = case_summary();
    case["deadline"]["as_of"] = Value::Null;
    assert_eq!(
        refused::<CaseSummary>(&case.to_string()).path(),
        "/deadline/as_of"
    );
    // Problem's `type` defaults through a function.
    let problem: Problem = same(r#"{"status": 404, "code": "not_found"}"#);
    assert_eq!(problem.type_uri, "about:blank");
}

#[test]
fn flattened_structs_read_the_same_object() {
    let mut case = case_summary();
    case["applicant_masked"] = json!("张*明");
    case["timeline"] =
        json!([{"stage": "received", "at": "2026-11-01T09:00:00+08:00", "office": text("窗口")}]);
    case["withdrawable"] = json!(true);
    case["a_later_field"] = json!({"x": 1});
    let decoded: Case = same(&case.to_string());
    assert_eq!(decoded.summary.number, "2026-0001");
    assert!(decoded.withdrawable);
    case.as_object_mut().unwrap().remove("number");
    assert_eq!(refused::<Case>(&case.to_string()).path(), "/number");
}

#[test]
fn long_strings_and_escapes() {
    let long = "办".repeat(10_000);
    let decoded: Text = same(&json!({"zh-CN": long, "en": "é\u{1F600}"}).to_string());
    assert_eq!(decoded.zh.chars().count(), 10_000);
    let escaped: Text = same(r#"{"zh-CN": "\u51fa\u751f \ud83d\ude00 \"\\\/\b\f\n\r\t"}"#);
    assert_eq!(escaped.zh, "出生 😀 \"\\/\u{8}\u{c}\n\r\t");
    for bad in [
        r#"{"zh-CN": "\ud800"}"#,
        r#"{"zh-CN": "\udc00\ud800"}"#,
        r#"{"zh-CN": "\ud800\u0041"}"#,
        r#"{"zh-CN": "\ud83d"}"#,
        r#"{"zh-CN": "\u12"}"#,
        r#"{"zh-CN": "\x41"}"#,
        "{\"zh-CN\": \"raw\ncontrol\"}",
    ] {
        let err = refused::<Text>(bad);
        assert!(
            matches!(err.kind(), ErrorKind::Syntax { .. }),
            "{bad}: {err}"
        );
    }
}

#[test]
fn nesting_beyond_the_limit_is_an_error_not_a_crash() {
    let nest = |depth: usize| {
        format!(
            "{}{{\"any\":[]}}{}",
            "{\"not\":".repeat(depth),
            "}".repeat(depth)
        )
    };
    // 126 `not`s and the innermost object and array: 128 levels in all, one too many.
    let within: Condition = same(&nest(125));
    let mut depth = 0;
    let mut c = &within;
    while let Condition::Not(inner) = c {
        depth += 1;
        c = inner;
    }
    assert_eq!(depth, 125);
    for depth in [126, 1_000, 100_000] {
        let err = refused::<Condition>(&nest(depth));
        assert!(
            matches!(
                err.kind(),
                ErrorKind::Syntax {
                    message: "nesting too deep",
                    ..
                }
            ),
            "{err}"
        );
    }
    let arrays = format!("{{\"all\":{}{}}}", "[".repeat(200_000), "]".repeat(200_000));
    refused::<Condition>(&arrays);
}

#[test]
fn numbers_at_the_edges() {
    let summary = |counts: &str| {
        format!(
            r#"{{"matter_id":"m","counts":{counts},"total":1,"bad_total":0,"bad_rectified":0}}"#
        )
    };
    assert_eq!(
        same::<RatingSummary>(&summary("[0,1,2,3,4294967295]")).counts,
        [0, 1, 2, 3, u32::MAX]
    );
    for bad in [
        "[0,1,2,3,4294967296]",
        "[0,1,2,3,-1]",
        "[0,1,2,3,1.5]",
        "[0,1,2,3,-0]",
        "[0,1,2,3]",
        "[0,1,2,3,4,5]",
    ] {
        refused::<RatingSummary>(&summary(bad));
    }
    let huge = summary("[0,1,2,3,1e400]");
    let offset = huge.find("1e400").unwrap();
    assert_eq!(
        refused::<RatingSummary>(&huge).kind(),
        &ErrorKind::Syntax {
            offset,
            message: "number out of range"
        }
    );
    let number = |min: &str| format!(r#"{{"type":"number","min":{min}}}"#);
    let QuestionKind::Number { min: Some(min), .. } = same::<QuestionKind>(&number("-0")) else {
        panic!()
    };
    assert!(min == 0.0 && min.is_sign_negative());
    let QuestionKind::Number { min: Some(min), .. } = same::<QuestionKind>(&number("1e-400"))
    else {
        panic!()
    };
    assert_eq!(min, 0.0);
    let QuestionKind::Number { min: Some(min), .. } = same::<QuestionKind>(&number("-1.25E+2"))
    else {
        panic!()
    };
    assert_eq!(min, -125.0);
    refused::<QuestionKind>(&number("1e400"));
    refused::<QuestionKind>(&number("-1e400"));
    // Found by the `conditions` fuzz target: a 108-digit integer, written back by serde as
    // 5.0077777777777774e+107, reads back one ulp away (serde_json's default parsing is not
    // round-trip exact); yishi_json reads both texts exactly as serde_json does.
    let long = "5".to_string()
        + "0077777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777";
    for min in [long.as_str(), "5.0077777777777774e+107"] {
        same::<QuestionKind>(&number(min));
    }

    // A known difference: yishi_json keeps every number as f64, so an integral number written
    // with a fraction or an exponent fits an integer field; serde_json refuses it.
    for written in ["4.0", "4e0", "0.4e1"] {
        let text = summary(&format!("[0,1,2,3,{written}]"));
        assert!(serde_json::from_str::<RatingSummary>(&text).is_err());
        assert_eq!(
            yishi_json::from_str::<RatingSummary>(&text).unwrap().counts,
            [0, 1, 2, 3, 4]
        );
    }
}

#[test]
fn duplicated_keys() {
    // A repeated known member is an error for both (serde's derive refuses it)…
    let err = refused::<Text>(r#"{"zh-CN": "a", "zh-CN": "b"}"#);
    assert_eq!(
        (err.kind(), err.path()),
        (&ErrorKind::DuplicateField, "/zh-CN")
    );
    let mut case = case_summary().to_string();
    case.insert_str(1, r#""number":"other","#);
    refused::<CaseSummary>(&case);
    refused::<QuestionKind>(r#"{"type": "yes_no", "type": "number"}"#);
    // …an unknown one is ignored…
    same::<Text>(r#"{"zh-CN": "a", "x": 1, "x": 2}"#);
    // …a repeated operator is not one operator, so the condition is unknown…
    assert_eq!(
        same::<Condition>(r#"{"any": [], "any": []}"#),
        Condition::Unknown(Opaque)
    );
    // …and in a map the last one wins.
    let app: NewApplication = same(
        r#"{"event_id": "e", "fields": {"a": "1", "a": "2"}, "answers": {"q": 1, "q": true}}"#,
    );
    assert_eq!(
        (app.fields["a"].as_str(), &app.answers["q"]),
        ("2", &AnswerValue::Bool(true))
    );
    // The tree keeps both, and `get` answers the last, as serde_json's Value does.
    let tree = yishi_json::parse(r#"{"a": 1, "a": 2}"#).unwrap();
    let value: Value = serde_json::from_str(r#"{"a": 1, "a": 2}"#).unwrap();
    assert_eq!(tree.get("a"), Some(&yishi_json::Json::Number(2.0)));
    assert_eq!(value["a"], json!(2));
}

#[test]
fn null_for_a_defaulted_member_is_the_default() {
    // The one deliberate difference: serde refuses `null` for a `#[serde(default)]` list.
    let mut case = case_summary();
    case["ratable"] = Value::Null;
    assert!(serde_json::from_str::<CaseSummary>(&case.to_string()).is_err());
    let ours: CaseSummary = yishi_json::from_str(&case.to_string()).unwrap();
    assert!(ours.ratable.is_empty());
}

#[test]
fn dates_and_timestamps() {
    let mut case = case_summary();
    for (field, bad) in [
        ("submitted_at", "2026-11-01 09:00"),
        ("submitted_at", "2026-13-01T00:00:00Z"),
    ] {
        case[field] = json!(bad);
        refused::<CaseSummary>(&case.to_string());
    }
    case["submitted_at"] = json!("2026-11-01T01:00:00.5Z");
    assert_eq!(
        same::<CaseSummary>(&case.to_string()).submitted_at,
        Timestamp::parse("2026-11-01T09:00:00+08:00").unwrap()
    );
    let mut d = deadline();
    d["as_of"] = json!("2026-02-29");
    let err = refused::<Deadline>(&d.to_string());
    assert_eq!(
        (err.kind(), err.path()),
        (&ErrorKind::Invalid("date, want YYYY-MM-DD"), "/as_of")
    );
    d["as_of"] = json!(20260228);
    refused::<Deadline>(&d.to_string());
}
