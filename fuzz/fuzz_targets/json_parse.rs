//! `yishi_json::parse` (the app's JSON parser) against serde_json on arbitrary bytes: the same
//! documents are accepted, to the same values, and nothing panics or overflows the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use yishi_json::Json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = yishi_json::parse(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "different values:\n ours   {a:?}\n serde  {b:?}"),
        (Err(_), Err(_)) => {}
        // serde_json refuses a number that overflows f64 (1e400); ours takes it as infinity.
        (Ok(a), Err(e)) if e.to_string().starts_with("number out of range") && has_infinity(a) => {}
        _ => panic!("one accepts, one refuses:\n ours   {ours:?}\n serde  {theirs:?}"),
    }
});

/// Equal as JSON values: numbers as f64 (how the app reads them), objects by their last member
/// of each name (serde_json's Map keeps the last duplicate) in document order of first
/// appearance... compared as maps.
fn same(a: &Json, b: &Value) -> bool {
    match (a, b) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(x), Value::Bool(y)) => x == y,
        (Json::Number(x), Value::Number(y)) => y.as_f64().is_some_and(|y| *x == y),
        (Json::String(x), Value::String(y)) => x == y,
        (Json::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Json::Object(members), Value::Object(map)) => {
            let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            names.len() == map.len()
                && names.iter().all(|k| match (a.get(k), map.get(*k)) {
                    (Some(p), Some(q)) => same(p, q),
                    _ => false,
                })
        }
        _ => false,
    }
}

fn has_infinity(v: &Json) -> bool {
    match v {
        Json::Number(x) => x.is_infinite(),
        Json::Array(items) => items.iter().any(has_infinity),
        Json::Object(members) => members.iter().any(|(_, v)| has_infinity(v)),
        _ => false,
    }
}
