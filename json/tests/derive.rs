//! `#[derive(FromJson)]` against serde's derive, on the same types with the same attributes,
//! including shapes the contract does not use yet.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use yishi_json::{ErrorKind, FromJson, Json, from_str};

/// Decodes `text` with both; both must succeed with the same value, or both fail.
fn agree<T: DeserializeOwned + FromJson + PartialEq + Debug>(text: &str) -> Option<T> {
    let theirs = serde_json::from_str::<T>(text);
    let ours = from_str::<T>(text);
    match (theirs, ours) {
        (Ok(theirs), Ok(ours)) => {
            assert_eq!(ours, theirs, "{text}");
            Some(ours)
        }
        (Err(_), Err(_)) => None,
        (theirs, ours) => panic!("{text}:\n  serde:     {theirs:?}\n  yishi-json: {ours:?}"),
    }
}

fn ok<T: DeserializeOwned + FromJson + PartialEq + Debug>(text: &str) -> T {
    agree(text).unwrap_or_else(|| panic!("both refuse {text}"))
}

fn err<T: DeserializeOwned + FromJson + PartialEq + Debug>(text: &str) -> yishi_json::Error {
    assert!(agree::<T>(text).is_none(), "both accept {text}");
    from_str::<T>(text).unwrap_err()
}

fn seven() -> u8 {
    7
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(rename_all = "camelCase")]
struct Fields {
    plain_name: String,
    #[serde(rename = "zh-CN")]
    zh: String,
    #[serde(default)]
    list: Vec<u8>,
    #[serde(default = "seven", skip_serializing_if = "Option::is_none")]
    seven: u8,
    maybe: Option<bool>,
    #[serde(default)]
    maybe_default: Option<bool>,
    r#type: u8,
}

#[test]
fn struct_fields_rename_default_and_option() {
    let all = ok::<Fields>(
        r#"{"plainName":"a","zh-CN":"中","list":[1],"seven":8,"maybe":true,"maybeDefault":false,"type":1}"#,
    );
    assert_eq!(all.seven, 8);
    let least = ok::<Fields>(r#"{"plainName":"a","zh-CN":"中","type":1,"extra":{"x":[1,2]}}"#);
    assert_eq!(
        (least.list, least.seven, least.maybe, least.maybe_default),
        (vec![], 7, None, None)
    );
    ok::<Fields>(r#"{"plainName":"a","zh-CN":"中","type":1,"maybe":null,"maybeDefault":null}"#);

    let missing = err::<Fields>(r#"{"zh-CN":"中","type":1}"#);
    assert_eq!(
        (missing.kind(), missing.path()),
        (&ErrorKind::MissingField, "/plainName")
    );
    let wrong = err::<Fields>(r#"{"plainName":"a","zh-CN":7,"type":1}"#);
    assert_eq!(
        (wrong.kind(), wrong.path()),
        (&ErrorKind::Expected("a string"), "/zh-CN")
    );
    let twice = err::<Fields>(r#"{"plainName":"a","plainName":"b","zh-CN":"中","type":1}"#);
    assert_eq!(
        (twice.kind(), twice.path()),
        (&ErrorKind::DuplicateField, "/plainName")
    );
    // Unknown members may repeat.
    ok::<Fields>(r#"{"plainName":"a","zh-CN":"中","type":1,"x":1,"x":2}"#);
    err::<Fields>("[]");
    err::<Fields>("null");
}

#[test]
fn null_for_a_default_field_is_the_default_unlike_serde() {
    // A deliberate leniency: serde refuses `null` for a `#[serde(default)]` Vec or u8.
    let text = r#"{"plainName":"a","zh-CN":"中","type":1,"list":null,"seven":null}"#;
    assert!(serde_json::from_str::<Fields>(text).is_err());
    let ours = from_str::<Fields>(text).unwrap();
    assert_eq!((ours.list, ours.seven), (vec![], 7));
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
struct Inner {
    id: String,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
struct Outer {
    #[serde(flatten)]
    inner: Inner,
    extra: Option<u8>,
    #[serde(default)]
    more: bool,
}

#[test]
fn flatten_reads_the_same_object() {
    let outer = ok::<Outer>(r#"{"id":"x","extra":1,"tags":["a"],"unknown":null}"#);
    assert_eq!(outer.inner.tags, ["a"]);
    ok::<Outer>(r#"{"id":"x"}"#);
    let missing = err::<Outer>(r#"{"extra":1}"#);
    assert_eq!(missing.path(), "/id");
    err::<Outer>(r#"{"id":"x","id":"y"}"#);
    err::<Outer>(r#"{"id":"x","more":true,"more":true}"#);
    err::<Outer>(r#"{"id":"x","tags":[1]}"#);
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
struct Page<T> {
    items: Vec<T>,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
struct Id(u32);

#[derive(Debug, PartialEq, Deserialize, FromJson)]
struct Nothing;

#[test]
fn generic_newtype_and_unit_structs() {
    let page = ok::<Page<Id>>(r#"{"items":[1,2],"next":"c"}"#);
    assert_eq!(page.items, [Id(1), Id(2)]);
    let e = err::<Page<Id>>(r#"{"items":[1,-2]}"#);
    assert_eq!((e.kind(), e.path()), (&ErrorKind::OutOfRange, "/items/1"));
    ok::<Page<Page<bool>>>(r#"{"items":[{"items":[true]}]}"#);
    ok::<Nothing>("null");
    err::<Nothing>("{}");
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
enum Open {
    FirstValue,
    Second,
    #[serde(rename = "3rd")]
    Third,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(rename_all = "SCREAMING-KEBAB-CASE")]
enum Closed {
    OneThing,
    Other,
}

#[test]
fn unit_enums_open_and_closed() {
    assert_eq!(ok::<Open>(r#""first_value""#), Open::FirstValue);
    assert_eq!(ok::<Open>(r#""3rd""#), Open::Third);
    assert_eq!(ok::<Open>(r#""unknown""#), Open::Unknown);
    assert_eq!(ok::<Open>(r#""from_a_later_version""#), Open::Unknown);
    assert_eq!(ok::<Open>(r#"{"second":null}"#), Open::Second);
    assert_eq!(ok::<Open>(r#"{"later":null}"#), Open::Unknown);
    err::<Open>(r#"{"second":1}"#);
    err::<Open>(r#"{"second":null,"first_value":null}"#);
    err::<Open>(r#"{}"#);
    err::<Open>("1");
    err::<Open>("null");
    assert_eq!(
        ok::<Vec<Open>>(r#"["second","x"]"#),
        [Open::Second, Open::Unknown]
    );

    assert_eq!(ok::<Closed>(r#""ONE-THING""#), Closed::OneThing);
    assert_eq!(ok::<Closed>(r#""OTHER""#), Closed::Other);
    let unknown = err::<Closed>(r#""one_thing""#);
    assert_eq!(
        unknown.kind(),
        &ErrorKind::UnknownVariant("one_thing".into())
    );
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(rename_all = "lowercase")]
enum External {
    Unit,
    Wrapped(Vec<External>),
    Boxed(Box<External>),
    #[serde(rename_all = "camelCase")]
    Shape {
        side_length: f64,
        #[serde(default)]
        label: Option<String>,
    },
    #[serde(untagged)]
    Number(f64),
    #[serde(untagged)]
    Anything(Anything),
}

/// Any JSON value, for an untagged catch-all (like the contract's `Opaque`, but keeping it).
#[derive(Debug, PartialEq)]
struct Anything(serde_json::Value);

impl<'de> Deserialize<'de> for Anything {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Anything, D::Error> {
        serde_json::Value::deserialize(d).map(Anything)
    }
}

impl FromJson for Anything {
    fn from_json(value: &Json) -> Result<Anything, yishi_json::Error> {
        Ok(Anything(to_value(value)))
    }
}

fn to_value(value: &Json) -> serde_json::Value {
    match value {
        Json::Null => serde_json::Value::Null,
        Json::Bool(b) => (*b).into(),
        Json::Number(n)
            if n.fract() == 0.0 && n.abs() < 1e15 && !(*n == 0.0 && n.is_sign_negative()) =>
        {
            (*n as i64).into()
        }
        Json::Number(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
        }
        Json::String(s) => s.clone().into(),
        Json::Array(items) => items.iter().map(to_value).collect(),
        Json::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect(),
        ),
    }
}

#[test]
fn externally_tagged_enums_with_untagged_fallbacks() {
    assert_eq!(ok::<External>(r#""unit""#), External::Unit);
    assert_eq!(ok::<External>(r#"{"unit":null}"#), External::Unit);
    assert_eq!(
        ok::<External>(r#"{"wrapped":["unit",{"boxed":"unit"}]}"#),
        External::Wrapped(vec![
            External::Unit,
            External::Boxed(Box::new(External::Unit))
        ])
    );
    assert_eq!(
        ok::<External>(r#"{"shape":{"sideLength":2}}"#),
        External::Shape {
            side_length: 2.0,
            label: None
        }
    );
    assert_eq!(ok::<External>("12.5"), External::Number(12.5));
    // Whatever the tagged form cannot read falls through to the untagged variants, in order.
    for text in [
        r#""wrapped""#,
        r#"{"wrapped":1}"#,
        r#"{"unit":1}"#,
        r#"{"shape":{}}"#,
        r#"{"a":1,"b":2}"#,
        "[]",
        "{}",
    ] {
        let value = ok::<External>(text);
        assert!(matches!(value, External::Anything(_)), "{text}: {value:?}");
    }
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
enum Strict {
    Unit,
    Wrapped(u8),
    Shape { side: f64 },
}

#[test]
fn externally_tagged_enums_without_fallback() {
    assert_eq!(ok::<Strict>(r#"{"wrapped":3}"#), Strict::Wrapped(3));
    assert_eq!(
        ok::<Strict>(r#"{"shape":{"side":1}}"#),
        Strict::Shape { side: 1.0 }
    );
    let inner = err::<Strict>(r#"{"shape":{"side":"x"}}"#);
    assert_eq!(inner.path(), "/shape/side");
    let inner = err::<Strict>(r#"{"wrapped":300}"#);
    assert_eq!(inner.path(), "/wrapped");
    err::<Strict>(r#""wrapped""#);
    err::<Strict>(r#""shape""#);
    err::<Strict>(r#"{"unit":1}"#);
    assert_eq!(
        err::<Strict>(r#""nope""#).kind(),
        &ErrorKind::UnknownVariant("nope".into())
    );
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(untagged)]
enum Untagged {
    Flag(bool),
    Number(f64),
    Text(String),
    Pair { a: u8, b: u8 },
    Nothing,
}

#[test]
fn untagged_enums_try_variants_in_order() {
    assert_eq!(ok::<Untagged>("true"), Untagged::Flag(true));
    assert_eq!(ok::<Untagged>("-0"), Untagged::Number(-0.0));
    assert!(matches!(ok::<Untagged>("-0"), Untagged::Number(n) if n.is_sign_negative()));
    assert_eq!(ok::<Untagged>("\"x\""), Untagged::Text("x".into()));
    assert_eq!(
        ok::<Untagged>(r#"{"a":1,"b":2,"c":3}"#),
        Untagged::Pair { a: 1, b: 2 }
    );
    assert_eq!(ok::<Untagged>("null"), Untagged::Nothing);
    assert_eq!(err::<Untagged>("[]").kind(), &ErrorKind::NoVariantMatched);
    err::<Untagged>(r#"{"a":1}"#);
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Internal {
    YesNo,
    SingleChoice {
        options: Vec<String>,
    },
    Number {
        #[serde(default)]
        min: Option<f64>,
        max: Option<f64>,
    },
    #[serde(other)]
    Unknown,
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
#[serde(tag = "kind")]
enum InternalClosed {
    A,
    B { x: u8 },
}

#[test]
fn internally_tagged_enums() {
    assert_eq!(ok::<Internal>(r#"{"type":"yes_no"}"#), Internal::YesNo);
    assert_eq!(
        ok::<Internal>(r#"{"options":["a"],"type":"single_choice"}"#),
        Internal::SingleChoice {
            options: vec!["a".into()]
        }
    );
    assert_eq!(
        ok::<Internal>(r#"{"type":"number","max":3}"#),
        Internal::Number {
            min: None,
            max: Some(3.0)
        }
    );
    assert_eq!(
        ok::<Internal>(r#"{"type":"number","min":null}"#),
        Internal::Number {
            min: None,
            max: None
        }
    );
    assert_eq!(
        ok::<Internal>(r#"{"type":"slider","steps":4}"#),
        Internal::Unknown
    );
    assert_eq!(
        ok::<Internal>(r#"{"type":"yes_no","extra":1}"#),
        Internal::YesNo
    );
    let missing = err::<Internal>(r#"{"options":[]}"#);
    assert_eq!(
        (missing.kind(), missing.path()),
        (&ErrorKind::MissingField, "/type")
    );
    err::<Internal>(r#"{"type":"single_choice"}"#);
    err::<Internal>(r#"{"type":"single_choice","options":"a"}"#);
    err::<Internal>(r#"{"type":"yes_no","type":"yes_no"}"#);
    err::<Internal>(r#"{"type":1}"#);
    err::<Internal>(r#""yes_no""#);

    assert_eq!(
        ok::<InternalClosed>(r#"{"kind":"B","x":1}"#),
        InternalClosed::B { x: 1 }
    );
    assert_eq!(ok::<InternalClosed>(r#"{"kind":"A"}"#), InternalClosed::A);
    let unknown = err::<InternalClosed>(r#"{"kind":"C"}"#);
    assert_eq!(
        (unknown.kind(), unknown.path()),
        (&ErrorKind::UnknownVariant("C".into()), "/kind")
    );
}

#[derive(Debug, PartialEq, Deserialize, FromJson)]
struct Containers {
    counts: [u32; 3],
    by_name: BTreeMap<String, Vec<Open>>,
}

#[test]
fn containers_in_structs() {
    ok::<Containers>(r#"{"counts":[1,2,3],"by_name":{"a":["second"],"b":[]}}"#);
    err::<Containers>(r#"{"counts":[1,2],"by_name":{}}"#);
    let e = err::<Containers>(r#"{"counts":[1,2,3],"by_name":{"a":[1]}}"#);
    assert_eq!(e.path(), "/by_name/a/0");
}

#[test]
fn the_catch_all_keeps_what_was_sent() {
    let value = ok::<External>(r#"{"a":[1,"x",null,true,1.5],"b":{}}"#);
    assert_eq!(
        value,
        External::Anything(Anything(
            serde_json::json!({"a": [1, "x", null, true, 1.5], "b": {}})
        ))
    );
}
