//! The parser against serde_json on a table of valid and invalid documents, and the standard
//! `FromJson` implementations.

use std::collections::BTreeMap;

use serde_json::Value;
use yishi_json::{Error, ErrorKind, FromJson, Json, from_str, parse};

/// `json` and serde_json's `Value` are the same document (objects: same keys, last duplicate
/// wins; numbers: the same f64 bits).
fn same(json: &Json, value: &Value) -> bool {
    match (json, value) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(a), Value::Number(b)) => {
            b.as_f64().is_some_and(|b| a.to_bits() == b.to_bits())
        }
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Json::Object(_), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&str> = match json {
                Json::Object(members) => members.iter().map(|(k, _)| k.as_str()).collect(),
                _ => unreachable!(),
            };
            keys.len() == b.len()
                && b.iter()
                    .all(|(k, v)| json.get(k).is_some_and(|j| same(j, v)))
        }
        _ => false,
    }
}

fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

fn nested_objects(depth: usize) -> String {
    format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
}

#[test]
fn valid_documents_parse_as_serde_json_parses_them() {
    let long = format!("\"{}\"", "长".repeat(10_000));
    let mut cases: Vec<String> = [
        "null",
        "true",
        " false ",
        "0",
        "-0",
        "1",
        "-1",
        "1.5",
        "-1.5e3",
        "1E+2",
        "1e-2",
        "0.1",
        "0.30000000000000004",
        "123456789012345",
        "1234567890123456",
        "9007199254740993",
        "18446744073709551615",
        "-9223372036854775808",
        "123456789012345678901234567890",
        "1.7976931348623157e308",
        "2.2250738585072014e-308",
        "5e-324",
        "1e-400",
        "\"abc\"",
        "\"\"",
        "\"\\u00e9\\u4E2D\"",
        "\"\\ud83d\\ude00\"",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "\"\\u0000\"",
        "\"中文 and émoji 😀\"",
        "[]",
        "[ ]",
        "[1,2,3]",
        "{}",
        "{ }",
        "{\"a\":1,\"b\":[true,null,{\"c\":\"d\"}]}",
        "{\"a\":1,\"a\":2}",
        " \t\n\r[ 1 , 2 ] \n",
        "{\"zh-CN\":\"出生\",\"en\":null}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    cases.push(long);
    cases.push(nested(127));
    cases.push(nested_objects(127));
    for text in &cases {
        let ours = parse(text).unwrap_or_else(|e| panic!("{text:.60}: {e}"));
        let theirs: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("serde_json, {text:.60}: {e}"));
        assert!(same(&ours, &theirs), "{text:.60}: {ours:?} vs {theirs:?}");
    }
}

#[test]
fn invalid_documents_are_refused_as_serde_json_refuses_them() {
    let cases: Vec<String> = [
        "",
        " ",
        "nul",
        "tru",
        "True",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":}",
        "{a:1}",
        "{1:1}",
        "'a'",
        "01",
        "-01",
        "-",
        "1.",
        ".1",
        "1e",
        "1e+",
        "+1",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud800\\ud800\"",
        "\"\\ud800x\"",
        "\"a\nb\"",
        "\"tab\there\"",
        "[1]x",
        "{} {}",
        "[",
        "[1,2",
        "{\"a\":",
        "{\"a\":1",
        "]",
        "\u{feff}1",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([nested(128), nested_objects(128), nested(100_000)])
    .collect();
    for text in &cases {
        let ours = parse(text);
        assert!(
            matches!(ours, Err(ref e) if matches!(e.kind(), ErrorKind::Syntax { .. })),
            "{text:.60}: parsed as {ours:?}"
        );
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "serde_json accepts {text:.60}"
        );
    }
}

/// Numbers are converted exactly as serde_json converts them, bit for bit, including its
/// handling of digits beyond a u64 and of huge exponents.
#[test]
fn numbers_match_serde_json_bit_for_bit() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let digits = |count: u64, next: &mut dyn FnMut(u64) -> u64| -> String {
        (0..count)
            .map(|_| char::from(b'0' + next(10) as u8))
            .collect()
    };
    let mut cases: Vec<String> = [
        "18446744073709551615",
        "18446744073709551616",
        "18446744073709551616.3",
        "184467440737095516150.5e-1",
        "0.000000000000000000000000000000000000001",
        "1e-324",
        "2.4703282292062328e-324",
        "1e308",
        "1.8e308",
        "1e309",
        "0e999999999999",
        "1e-999999999999",
        "-1e-999999999999",
        "1e999999999999",
        "123.456e-500",
        "9007199254740993.0",
        "0.1e1",
        "-0.0",
        "-0e5",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..20_000 {
        let mut text = String::new();
        if next(2) == 0 {
            text.push('-');
        }
        let int_digits = 1 + next(25);
        let int = digits(int_digits, &mut next);
        text.push_str(if int.starts_with('0') { "0" } else { &int });
        if next(2) == 0 {
            text.push('.');
            let frac = 1 + next(25);
            text.push_str(&digits(frac, &mut next));
        }
        if next(2) == 0 {
            text.push(['e', 'E'][next(2) as usize]);
            text.push_str(["", "+", "-"][next(3) as usize]);
            text.push_str(&(next(400)).to_string());
        }
        cases.push(text);
    }
    for text in &cases {
        let ours = parse(text);
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok(ours), Ok(theirs)) => assert!(same(ours, theirs), "{text}: {ours:?} vs {theirs}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{text}: {ours:?} vs {theirs:?}"),
        }
    }
}

#[test]
fn syntax_errors_point_at_the_byte() {
    let offset = |text: &str| match parse(text).unwrap_err().kind() {
        ErrorKind::Syntax { offset, .. } => *offset,
        other => panic!("{other:?}"),
    };
    assert_eq!(offset("[1,]"), 3);
    assert_eq!(offset("{\"a\" 1}"), 5);
    assert_eq!(offset("[1] x"), 4);
    assert_eq!(offset("\"\\ud800\""), 7);
    assert_eq!(offset("[1e400]"), 1);
    assert_eq!(offset(&nested(128)), 127);
    assert_eq!(
        parse("[1,]").unwrap_err().to_string(),
        "invalid JSON at byte 3: expected a value"
    );
}

#[test]
fn get_finds_the_last_of_repeated_keys() {
    let json = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
    assert_eq!(json.get("a"), Some(&Json::Number(3.0)));
    assert_eq!(json.get("b"), Some(&Json::Number(2.0)));
    assert_eq!(json.get("c"), None);
    assert_eq!(Json::Null.get("a"), None);
}

#[test]
fn negative_zero_keeps_its_sign() {
    let Json::Number(n) = parse("-0").unwrap() else {
        panic!()
    };
    assert!(n == 0.0 && n.is_sign_negative());
}

fn kind<T: FromJson + std::fmt::Debug>(text: &str) -> ErrorKind {
    from_str::<T>(text).unwrap_err().kind().clone()
}

#[test]
fn integers_must_be_integral_and_in_range() {
    assert_eq!(from_str::<u8>("255"), Ok(255));
    assert_eq!(kind::<u8>("256"), ErrorKind::OutOfRange);
    assert_eq!(kind::<u8>("-1"), ErrorKind::OutOfRange);
    assert_eq!(kind::<u8>("1.5"), ErrorKind::Expected("an integer"));
    assert_eq!(kind::<u8>("\"1\""), ErrorKind::Expected("an integer"));
    // serde_json reads `-0` as the float -0.0, which no integer type takes.
    assert_eq!(kind::<u32>("-0"), ErrorKind::Expected("an integer"));
    assert_eq!(from_str::<u16>("65535"), Ok(65535));
    assert_eq!(kind::<u16>("65536"), ErrorKind::OutOfRange);
    assert_eq!(from_str::<i32>("-2147483648"), Ok(i32::MIN));
    assert_eq!(kind::<i32>("2147483648"), ErrorKind::OutOfRange);
    assert_eq!(from_str::<u32>("4294967295"), Ok(u32::MAX));
    assert_eq!(from_str::<i64>("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(kind::<i64>("9223372036854775808"), ErrorKind::OutOfRange);
    assert_eq!(from_str::<u64>("9007199254740992"), Ok(1 << 53));
    assert_eq!(kind::<u64>("18446744073709551616"), ErrorKind::OutOfRange);
    assert_eq!(from_str::<usize>("12"), Ok(12));
    assert_eq!(from_str::<f64>("12"), Ok(12.0));
    assert_eq!(from_str::<f64>("-1.25e2"), Ok(-125.0));
    assert_eq!(kind::<f64>("\"1\""), ErrorKind::Expected("a number"));
}

#[test]
fn standard_containers() {
    assert_eq!(from_str::<Option<String>>("null"), Ok(None));
    assert_eq!(from_str::<Option<String>>("\"x\""), Ok(Some("x".into())));
    assert_eq!(from_str::<Vec<bool>>("[true,false]"), Ok(vec![true, false]));
    assert_eq!(from_str::<Box<bool>>("true"), Ok(Box::new(true)));
    assert_eq!(from_str::<[u32; 3]>("[1,2,3]"), Ok([1, 2, 3]));
    assert_eq!(
        kind::<[u32; 3]>("[1,2]"),
        ErrorKind::Length {
            expected: 3,
            found: 2
        }
    );
    assert_eq!(
        kind::<[u32; 3]>("[1,2,3,4]"),
        ErrorKind::Length {
            expected: 3,
            found: 4
        }
    );
    let map = from_str::<BTreeMap<String, u8>>(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
    assert_eq!(map, BTreeMap::from([("a".into(), 2), ("b".into(), 3)]));
    assert_eq!(
        from_str::<Json>("[1]"),
        Ok(Json::Array(vec![Json::Number(1.0)]))
    );
}

#[test]
fn errors_carry_a_json_pointer() {
    let err: Error =
        from_str::<Vec<BTreeMap<String, Vec<u8>>>>(r#"[{}, {"a/b~c": [1, 2, 300]}]"#).unwrap_err();
    assert_eq!(err.path(), "/1/a~1b~0c/2");
    assert_eq!(err.kind(), &ErrorKind::OutOfRange);
    assert_eq!(err.to_string(), "number out of range at /1/a~1b~0c/2");
    let err = from_str::<Vec<u8>>(&format!("[{}\"x\"]", "0,".repeat(1234))).unwrap_err();
    assert_eq!(err.path(), "/1234");
}

/// The parser's time is linear in the input: a document ten times larger takes about ten
/// times as long, not a hundred (generous bound, so a busy machine does not fail it).
#[test]
fn parsing_time_is_linear() {
    let doc = |n: usize| {
        let item = r#"{"id":"m-0001","name":{"zh-CN":"出生医学证明","en":"Birth certificate"},"aliases":["出生证","sbk"],"visits":0,"popularity":123456}"#;
        format!("[{}]", vec![item; n].join(","))
    };
    let (small, large) = (doc(2_000), doc(20_000));
    // The fastest of five runs, so a busy machine does not skew one measurement.
    let time = |text: &str| {
        (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                std::hint::black_box(parse(text).unwrap());
                start.elapsed()
            })
            .min()
            .unwrap()
    };
    time(&small);
    let (t_small, t_large) = (time(&small), time(&large));
    assert!(
        t_large < t_small * 40,
        "10x the input took {t_large:?} vs {t_small:?}"
    );
}
