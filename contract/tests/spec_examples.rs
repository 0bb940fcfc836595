//! Keeps `contract/openapi.yaml` (the source of truth) and the Rust types in step.
//!
//! - Every example of every request body and response deserialises into the Rust type of its
//!   schema, survives a serialise → deserialise round trip unchanged, and names no member the
//!   Rust type would drop (a typo, or a field the spec has and the crate lacks).
//! - A schema name without a Rust type fails: no response type escapes.
//! - Every example is used, every response schema has one, every schema property shows up in
//!   some example (so property names in the spec are checked against serde, too).
//! - Every operation documents the 4xx it can return as `application/problem+json`, with
//!   examples whose `status`, `type` and `code` agree; 429 and 503 carry `Retry-After`.
//! - The problem codes, open enums and header names agree with `src/`.
//!
//! Schema-side validation of the examples (types, required members, no unknown members) is the
//! linter's job: `redocly lint` with `no-invalid-media-type-examples` (see contract/README.md).

use std::any::type_name;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use yishi_contract::*;

mod common;
use common::{
    Operation, as_object, is_json, operations, ref_name, resolve, sites, spec, with_schema_type,
};

const PROBLEM_RS: &str = include_str!("../src/problem.rs");

/// Deserialises `example` into `T`, serialises it back, deserialises again, and compares.
fn check<T>(example: &Value) -> Result<(), String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let name = type_name::<T>();
    let typed: T = serde_json::from_value(example.clone())
        .map_err(|e| format!("does not deserialise into {name}: {e}"))?;
    let json =
        serde_json::to_value(&typed).map_err(|e| format!("{name} does not serialise: {e}"))?;
    let again: T = serde_json::from_value(json.clone())
        .map_err(|e| format!("{name} does not deserialise what it serialised ({json}): {e}"))?;
    if again != typed {
        return Err(format!(
            "the round trip changed the value:\n  first:  {typed:?}\n  second: {again:?}"
        ));
    }
    let mut lost = Vec::new();
    kept(example, &json, "", &mut lost);
    if lost.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name} loses or changes part of the example: {}",
            lost.join("; ")
        ))
    }
}

/// Everything written in the example survives in what the Rust type serialises. serde ignores
/// unknown members when deserialising, so without this a misspelt or missing field would pass.
fn kept(example: &Value, serialised: &Value, at: &str, lost: &mut Vec<String>) {
    match (example, serialised) {
        (Value::Object(ex), Value::Object(ser)) => {
            for (key, value) in ex {
                let here = format!("{at}/{key}");
                match ser.get(key) {
                    Some(s) => kept(value, s, &here, lost),
                    None => lost.push(format!("`{here}` has no field in the Rust type")),
                }
            }
        }
        (Value::Array(ex), Value::Array(ser)) if ex.len() == ser.len() => {
            for (i, (e, s)) in ex.iter().zip(ser).enumerate() {
                kept(e, s, &format!("{at}/{i}"), lost);
            }
        }
        // YAML `1` and Rust's `1.0` (an f64 field) are the same number.
        (Value::Number(e), Value::Number(s)) if e.as_f64() == s.as_f64() => {}
        (e, s) if e == s => {}
        (e, s) => lost.push(format!(
            "`{}` was {e} and became {s}",
            if at.is_empty() { "/" } else { at }
        )),
    }
}

/// The Rust type of each schema used by a request body or response. An unmapped name fails.
fn check_schema(schema: &str, example: &Value) -> Result<(), String> {
    with_schema_type!(schema, check, example)
}

fn fail_with(failures: Vec<String>, what: &str) {
    assert!(
        failures.is_empty(),
        "{} {what}:\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_example_deserialises_into_its_rust_type_and_round_trips() {
    let spec = spec();
    let mut failures = Vec::new();
    let mut checked = 0;
    for site in sites(&spec) {
        let schema = match &site.schema {
            Ok(schema) => schema,
            Err(why) => {
                failures.push(format!("{}: {why}", site.label));
                continue;
            }
        };
        if site.examples.is_empty() {
            failures.push(format!("{} (schema {schema}): no example", site.label));
        }
        for (key, component, value) in &site.examples {
            let name = component.as_deref().map_or(format!("inline `{key}`"), |c| {
                format!("`{key}` = #/components/examples/{c}")
            });
            let result = value
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|v| check_schema(schema, v));
            match result {
                Ok(()) => checked += 1,
                Err(why) => failures.push(format!(
                    "{}, example {name}, schema {schema}:\n  {why}",
                    site.label
                )),
            }
        }
    }
    fail_with(failures, "examples do not match the Rust types");
    assert!(
        checked >= 60,
        "only {checked} examples were checked: is the spec walked correctly?"
    );
}

#[test]
fn every_response_schema_has_an_example() {
    let spec = spec();
    let mut examples_per_schema: BTreeMap<String, usize> = BTreeMap::new();
    for site in sites(&spec) {
        if let (Some(_), Ok(schema)) = (&site.status, &site.schema) {
            *examples_per_schema.entry(schema.clone()).or_default() += site.examples.len();
        }
    }
    let missing: Vec<String> = examples_per_schema
        .iter()
        .filter(|(_, count)| **count == 0)
        .map(|(schema, _)| format!("schema {schema} is used in a response but has no example"))
        .collect();
    fail_with(missing, "response schemas without examples");
    for expected in [
        "CatalogueIndex",
        "LifeEvent",
        "MatterGuide",
        "Case",
        "Rating",
        "Problem",
        "Health",
    ] {
        assert!(
            examples_per_schema.contains_key(expected),
            "schema {expected} is not used by any response"
        );
    }
}

#[test]
fn every_component_example_is_used_by_an_operation() {
    let spec = spec();
    let used: BTreeSet<String> = sites(&spec)
        .into_iter()
        .flat_map(|s| {
            s.examples
                .into_iter()
                .filter_map(|(_, component, _)| component)
        })
        .collect();
    let unused: Vec<String> = as_object(&spec["components"]["examples"])
        .map(|(name, _)| name)
        .filter(|name| !used.contains(*name))
        .map(|name| {
            format!("#/components/examples/{name} is never referenced, so it is never checked")
        })
        .collect();
    fail_with(unused, "unused examples");
}

/// The 4xx an operation can return follow from what it takes; each must be documented.
fn expected_4xx(spec: &Value, op: &Operation) -> BTreeSet<&'static str> {
    let security = op.node.get("security").unwrap_or(&spec["security"]);
    let requirements: Vec<&Value> = security.as_array().into_iter().flatten().collect();
    let schemes: BTreeSet<&str> = requirements
        .iter()
        .flat_map(|req| as_object(req).map(|(k, _)| k.as_str()))
        .collect();
    // `{}` among the requirements makes authentication optional: no token, no 401.
    let optional = requirements
        .iter()
        .any(|req| as_object(req).next().is_none());
    let params: Vec<&Value> = op.node["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| resolve(spec, p).ok())
        .collect();
    let has_body = op.node.get("requestBody").is_some();
    let mut codes = BTreeSet::from(["429"]);
    if has_body
        || params
            .iter()
            .any(|p| p["in"] == "query" || (p["in"] == "header" && p["required"] == true))
    {
        codes.insert("400");
    }
    if schemes.contains("bearerAuth") && !optional {
        codes.insert("401");
    }
    if schemes.contains("operatorKey") {
        codes.insert("403");
    }
    if op.path.contains('{') {
        codes.insert("404");
    }
    if has_body && has_json_body(spec, op) {
        codes.insert("422");
    } else if has_body {
        // A file upload: too big, or not a type the operation takes.
        codes.insert("413");
        codes.insert("415");
    }
    codes
}

/// Whether an operation's request body is JSON (else it is a file).
fn has_json_body(spec: &Value, op: &Operation) -> bool {
    op.node
        .get("requestBody")
        .and_then(|b| resolve(spec, b).ok())
        .is_some_and(|b| as_object(&b["content"]).any(|(media_type, _)| is_json(media_type)))
}

#[test]
fn file_bodies_are_files() {
    // Non-JSON media types carry bytes: their schema is FileContent (a binary string) and they
    // have no examples to check.
    let spec = spec();
    let file = &spec["components"]["schemas"]["FileContent"];
    assert_eq!(
        (&file["type"], &file["format"]),
        (&json!("string"), &json!("binary"))
    );
    let mut found = 0;
    for op in operations(&spec) {
        let mut bodies: Vec<&Value> = op.node.get("requestBody").into_iter().collect();
        bodies.extend(as_object(&op.node["responses"]).map(|(_, r)| r));
        for body in bodies {
            let body = resolve(&spec, body).unwrap();
            for (media_type, media) in as_object(&body["content"]).filter(|(m, _)| !is_json(m)) {
                found += 1;
                assert_eq!(
                    ref_name(&media["schema"], "schemas").as_deref(),
                    Some("FileContent"),
                    "{}: {media_type}",
                    op.label
                );
                assert!(
                    media.get("examples").is_none(),
                    "{}: {media_type} has examples",
                    op.label
                );
            }
        }
    }
    assert!(
        found >= 7,
        "the attachment upload and download take and give PDF, JPEG and PNG ({found})"
    );
}

#[test]
fn every_operation_documents_its_4xx_and_5xx_as_problem_json() {
    let spec = spec();
    let (codes, _) = problem_codes_in_source();
    let mut failures = Vec::new();
    for op in operations(&spec) {
        let responses = &op.node["responses"];
        for code in expected_4xx(&spec, &op) {
            if responses.get(code).is_none() {
                failures.push(format!("{}: does not document {code}", op.label));
            }
        }
        for required in ["503", "default"] {
            if responses.get(required).is_none() {
                failures.push(format!("{}: has no `{required}` response", op.label));
            }
        }
        for (status, response) in as_object(responses) {
            let is_error =
                status.starts_with('4') || status.starts_with('5') || status == "default";
            if !is_error {
                continue;
            }
            let Ok(response) = resolve(&spec, response) else {
                failures.push(format!(
                    "{}: response {status} is a broken `$ref`",
                    op.label
                ));
                continue;
            };
            if (status == "429" || status == "503")
                && response["headers"].get("Retry-After").is_none()
            {
                failures.push(format!(
                    "{}: response {status} has no Retry-After header",
                    op.label
                ));
            }
            let media_types: Vec<&String> =
                as_object(&response["content"]).map(|(k, _)| k).collect();
            if media_types != ["application/problem+json"] {
                failures.push(format!(
                    "{}: response {status} must be only application/problem+json, is {media_types:?}",
                    op.label
                ));
                continue;
            }
            let media = &response["content"]["application/problem+json"];
            if ref_name(&media["schema"], "schemas").as_deref() != Some("Problem") {
                failures.push(format!("{}: response {status} is not a Problem", op.label));
            }
            let examples: Vec<&Value> = as_object(&media["examples"])
                .filter_map(|(_, e)| resolve(&spec, e).ok())
                .collect();
            if examples.is_empty() {
                failures.push(format!("{}: response {status} has no example", op.label));
            }
            for example in examples {
                let value = &example["value"];
                let code = value["code"].as_str().unwrap_or("");
                let summary = example["summary"].as_str().unwrap_or("?");
                if !codes.contains(code) {
                    failures.push(format!(
                        "{}: response {status}, example `{summary}`: code `{code}` is not in problem.rs",
                        op.label
                    ));
                }
                if value["type"] != json!(format!("/api/v1/problems/{code}")) {
                    failures.push(format!(
                        "{}: response {status}, example `{summary}`: type is {}, want /api/v1/problems/{code}",
                        op.label, value["type"]
                    ));
                }
                let example_status = value["status"]
                    .as_u64()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                let matches = if status == "default" {
                    example_status.starts_with('5')
                } else {
                    &example_status == status
                };
                if !matches {
                    failures.push(format!(
                        "{}: response {status}, example `{summary}`: status is {example_status}",
                        op.label
                    ));
                }
            }
        }
    }
    fail_with(failures, "problems with documented errors");
}

/// The string values of `pub const NAME: &str = "value";` inside `pub mod <module> {` of problem.rs.
fn consts_in_module(module: &str) -> BTreeSet<String> {
    let start = PROBLEM_RS
        .find(&format!("pub mod {module} {{"))
        .unwrap_or_else(|| panic!("no `pub mod {module}` in problem.rs"));
    let body = &PROBLEM_RS[start..];
    let body = &body[..body.find("\n}").expect("module ends")];
    body.lines()
        .filter(|line| line.trim_start().starts_with("pub const"))
        .map(|line| {
            line.split('"')
                .nth(1)
                .unwrap_or_else(|| panic!("cannot read {line:?}"))
                .to_owned()
        })
        .collect()
}

fn problem_codes_in_source() -> (BTreeSet<String>, BTreeSet<String>) {
    let codes = consts_in_module("codes");
    let field_codes = consts_in_module("field_codes");
    assert!(
        codes.len() >= 13 && field_codes.len() >= 6,
        "problem.rs was not read correctly: {codes:?} {field_codes:?}"
    );
    (codes, field_codes)
}

/// The known values of an open enum written as `anyOf: [{type: string, enum: […]}, {type: string}]`.
fn open_enum_values(node: &Value) -> Result<Vec<String>, String> {
    let branches = node["anyOf"].as_array().ok_or("not an `anyOf`")?;
    let [known, any] = branches.as_slice() else {
        return Err(format!("`anyOf` has {} branches, want 2", branches.len()));
    };
    if known["type"] != "string" || *any != json!({"type": "string"}) {
        return Err("want `anyOf: [{type: string, enum: [...]}, {type: string}]`".into());
    }
    let values = known["enum"]
        .as_array()
        .ok_or("the first branch has no `enum`")?;
    values
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{v} is not a string"))
        })
        .collect()
}

#[test]
fn problem_codes_agree_with_problem_rs_and_are_documented() {
    let spec = spec();
    let (codes, field_codes) = problem_codes_in_source();
    let schemas = &spec["components"]["schemas"];
    let in_spec: BTreeSet<String> = open_enum_values(&schemas["Problem"]["properties"]["code"])
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(
        in_spec, codes,
        "Problem.code in the spec vs `codes` in problem.rs"
    );
    let fields_in_spec: BTreeSet<String> =
        open_enum_values(&schemas["FieldError"]["properties"]["code"])
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(
        fields_in_spec, field_codes,
        "FieldError.code in the spec vs `field_codes` in problem.rs"
    );

    let intro = spec["info"]["description"]
        .as_str()
        .expect("info.description");
    let mut undocumented = Vec::new();
    for code in &codes {
        if !intro.contains(&format!("`/api/v1/problems/{code}`")) {
            undocumented.push(format!(
                "problem type /api/v1/problems/{code} is not in the table in info.description"
            ));
        }
    }
    for code in &field_codes {
        if !intro.contains(&format!("| `{code}` |")) {
            undocumented.push(format!(
                "field code {code} is not in the table in info.description"
            ));
        }
    }
    fail_with(undocumented, "undocumented codes");
}

/// Every value the spec lists is one the Rust enum knows (it comes back as itself, not as
/// `Unknown`), and a value from a later version is accepted, as the spec promises.
/// `T::ALL` (what `open_enum!` emits) is exactly the spec's list.
fn check_open_enum<T: Serialize + DeserializeOwned + OpenEnum>(
    values: &[String],
) -> Result<(), String> {
    let known: BTreeSet<&str> = T::ALL.iter().map(|v| v.as_str()).collect();
    let listed: BTreeSet<&str> = values.iter().map(String::as_str).collect();
    if known != listed {
        return Err(format!(
            "{}::ALL is not the spec's list: only in Rust {:?}, only in the spec {:?}",
            type_name::<T>(),
            known.difference(&listed).collect::<Vec<_>>(),
            listed.difference(&known).collect::<Vec<_>>()
        ));
    }
    for value in values {
        let typed: T =
            serde_json::from_value(json!(value)).map_err(|e| format!("`{value}`: {e}"))?;
        let back = serde_json::to_value(typed).map_err(|e| e.to_string())?;
        if back != json!(value) {
            return Err(format!(
                "`{value}` is not a known variant of {} (it became {back})",
                type_name::<T>()
            ));
        }
    }
    serde_json::from_value::<T>(json!("a_value_from_a_later_version"))
        .map(drop)
        .map_err(|e| {
            format!(
                "{} rejects an unknown value, but the spec says enums are open: {e}",
                type_name::<T>()
            )
        })
}

#[test]
fn open_enums_are_written_one_way_and_match_the_rust_enums() {
    let spec = spec();
    let mut failures = Vec::new();
    for (name, schema) in as_object(&spec["components"]["schemas"]) {
        if schema.get("anyOf").is_none() {
            continue;
        }
        let values = match open_enum_values(schema) {
            Ok(values) => values,
            Err(why) => {
                failures.push(format!("schema {name}: {why}"));
                continue;
            }
        };
        let result = match name.as_str() {
            "Audience" => check_open_enum::<Audience>(&values),
            "MatterKind" => check_open_enum::<MatterKind>(&values),
            "HandlingType" => check_open_enum::<HandlingType>(&values),
            "TimeUnit" => check_open_enum::<TimeUnit>(&values),
            "MaterialForm" => check_open_enum::<MaterialForm>(&values),
            "Medium" => check_open_enum::<Medium>(&values),
            "Necessity" => check_open_enum::<Necessity>(&values),
            "MaterialSource" => check_open_enum::<MaterialSource>(&values),
            "DeliveryMethod" => check_open_enum::<DeliveryMethod>(&values),
            "IconKey" => check_open_enum::<IconKey>(&values),
            "Joiner" => check_open_enum::<Joiner>(&values),
            "FieldKind" => check_open_enum::<FieldKind>(&values),
            "ProfileKey" => check_open_enum::<ProfileKey>(&values),
            "Stage" => check_open_enum::<Stage>(&values),
            "CaseState" => check_open_enum::<CaseState>(&values),
            "RatingStage" => check_open_enum::<RatingStage>(&values),
            "Channel" => check_open_enum::<Channel>(&values),
            "Dimension" => check_open_enum::<Dimension>(&values),
            "Holder" => check_open_enum::<Holder>(&values),
            "FollowUpStatus" => check_open_enum::<FollowUpStatus>(&values),
            "FeedbackKind" => check_open_enum::<FeedbackKind>(&values),
            "MessageKind" => check_open_enum::<MessageKind>(&values),
            "LicenceKind" => check_open_enum::<LicenceKind>(&values),
            "LicenceStatus" => check_open_enum::<LicenceStatus>(&values),
            "LicenceUsePurpose" => check_open_enum::<LicenceUsePurpose>(&values),
            "AppointmentStatus" => check_open_enum::<AppointmentStatus>(&values),
            "SuggestionKind" => check_open_enum::<SuggestionKind>(&values),
            "Relation" => check_open_enum::<Relation>(&values),
            "AuthorisationScope" => check_open_enum::<AuthorisationScope>(&values),
            "AuthorisationBasis" => check_open_enum::<AuthorisationBasis>(&values),
            "AuthorisationStatus" => check_open_enum::<AuthorisationStatus>(&values),
            "AuthorisationRole" => check_open_enum::<AuthorisationRole>(&values),
            "ActAction" => check_open_enum::<ActAction>(&values),
            other => Err(format!(
                "no Rust enum is mapped to open enum `{other}`: add it to this test"
            )),
        };
        if let Err(why) = result {
            failures.push(format!("open enum {name}: {why}"));
        }
    }
    // A bare `enum` anywhere else in the schemas would be a closed enum, which clients could not honour.
    find_bare_enums(
        &spec["components"]["schemas"],
        "#/components/schemas",
        &mut failures,
    );
    fail_with(failures, "problems with open enums");
}

fn find_bare_enums(node: &Value, at: &str, failures: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if map.contains_key("enum") {
                failures.push(format!(
                    "{at}: a bare `enum`; write open enums as anyOf [enum, string]"
                ));
            }
            for (key, child) in map {
                match key.as_str() {
                    // The known branch of an open enum: its shape is checked by open_enum_values.
                    "anyOf" if open_enum_values(node).is_ok() => {}
                    // `not: {enum: …}` excludes the known tags from the "unknown" branch of a union.
                    "not" => {}
                    _ => find_bare_enums(child, &format!("{at}/{key}"), failures),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_bare_enums(item, &format!("{at}/{i}"), failures);
            }
        }
        _ => {}
    }
}

/// Property names declared anywhere in a schema (nested objects and compositions included).
fn declared_properties(node: &Value, schema: &str, out: &mut BTreeSet<(String, String)>) {
    match node {
        Value::Object(map) => {
            for (name, _) in as_object(&node["properties"]) {
                out.insert((schema.to_owned(), name.clone()));
            }
            for (key, child) in map {
                if key != "examples" && key != "example" {
                    declared_properties(child, schema, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| declared_properties(item, schema, out)),
        _ => {}
    }
}

fn keys_in(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                out.insert(key.clone());
                keys_in(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| keys_in(item, out)),
        _ => {}
    }
}

#[test]
fn every_schema_property_appears_in_some_example() {
    // The examples are checked against serde; a property no example uses is checked by nothing.
    let spec = spec();
    let mut keys = BTreeSet::new();
    for (_, example) in as_object(&spec["components"]["examples"]) {
        keys_in(&example["value"], &mut keys);
    }
    let mut declared = BTreeSet::new();
    for (name, schema) in as_object(&spec["components"]["schemas"]) {
        declared_properties(schema, name, &mut declared);
    }
    assert!(
        declared.len() > 150,
        "only {} properties found: is the walk right?",
        declared.len()
    );
    let unexercised: Vec<String> = declared
        .into_iter()
        .filter(|(_, property)| !keys.contains(property))
        .map(|(schema, property)| format!("{schema}.{property} appears in no example"))
        .collect();
    fail_with(unexercised, "properties no example exercises");
}

#[test]
fn spec_names_agree_with_the_crate_constants() {
    let spec = spec();
    assert_eq!(
        spec["servers"][0]["url"], API_PREFIX,
        "the server URL is the API prefix"
    );
    let operator = &spec["components"]["securitySchemes"]["operatorKey"];
    assert_eq!(
        (&operator["in"], &operator["name"]),
        (&json!("header"), &json!(OPERATOR_KEY_HEADER))
    );
    let key = &spec["components"]["parameters"]["IdempotencyKey"];
    assert_eq!(
        (&key["in"], &key["name"], &key["required"]),
        (
            &json!("header"),
            &json!(IDEMPOTENCY_KEY_HEADER),
            &json!(true)
        )
    );
    for path in ["/ratings", "/applications"] {
        let create = &spec["paths"][path]["post"];
        assert!(
            create["parameters"].as_array().is_some_and(|ps| ps
                .iter()
                .any(|p| p["$ref"] == "#/components/parameters/IdempotencyKey")),
            "POST {path} requires the Idempotency-Key header"
        );
    }
    // Someone else's case or rating is 404, never 403: existence must not leak. The one 403
    // these may answer is about the session acting for family, never about the object.
    for (path, method) in [
        ("/cases/{id}", "get"),
        ("/cases/{id}/withdraw", "post"),
        ("/cases/{id}/supplement", "post"),
        ("/attachments/{id}", "get"),
        ("/ratings/{id}", "get"),
        ("/ratings", "post"),
        ("/messages/{id}/read", "post"),
    ] {
        let forbidden = spec["paths"][path][method]["responses"].get("403");
        assert!(
            forbidden.is_none_or(|r| r["$ref"] == "#/components/responses/ActingRefused"),
            "{method} {path} must not answer 403 but for acting for family"
        );
    }
}

/// The limits the app's inputs and the reference server share live in `yishi_core`; they are
/// the contract's, so another backend that keeps to the spec agrees with the app.
#[test]
fn cores_limits_are_the_specs() {
    use yishi_core::{feedback, lookup};
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let max = |schema: &str, field: &str| {
        schemas[schema]["properties"][field]["maxLength"]
            .as_u64()
            .unwrap_or_else(|| panic!("{schema}.{field} has no maxLength in the spec"))
            as usize
    };
    assert_eq!(max("NewFeedback", "text"), feedback::TEXT_MAX_CHARS);
    assert_eq!(max("NewFeedback", "query"), feedback::QUERY_MAX_CHARS);
    assert_eq!(max("NewFeedback", "contact"), feedback::CONTACT_MAX_CHARS);
    assert_eq!(max("CaseLookup", "number"), lookup::NUMBER_MAX_CHARS);
    assert_eq!(
        max("CaseLookup", "query_code"),
        lookup::QUERY_CODE_MAX_CHARS
    );
}
