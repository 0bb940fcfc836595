//! What the tests over `openapi.yaml` share: walking the spec to every example of every
//! request body and response, and the Rust type of each schema.
#![allow(dead_code)]

use serde_json::Value;

pub const SPEC: &str = include_str!("../../openapi.yaml");
pub const METHODS: [&str; 5] = ["get", "put", "post", "patch", "delete"];

pub fn spec() -> Value {
    serde_yaml_ng::from_str(SPEC)
        .unwrap_or_else(|e| panic!("contract/openapi.yaml does not parse: {e}"))
}

/// Follows `$ref`s (local ones only: the spec is one file) to the object they name.
pub fn resolve<'a>(spec: &'a Value, mut node: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..8 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return Ok(node);
        };
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("`{reference}` is not a local reference"))?;
        node = spec
            .pointer(pointer)
            .ok_or_else(|| format!("`{reference}` points nowhere"))?;
    }
    Err("a chain of more than 8 `$ref`s".into())
}

/// The component name at the end of `#/components/<kind>/<Name>`.
pub fn ref_name(node: &Value, kind: &str) -> Option<String> {
    let reference = node.get("$ref")?.as_str()?;
    reference
        .strip_prefix(&format!("#/components/{kind}/"))
        .map(str::to_owned)
}

pub fn as_object(value: &Value) -> impl Iterator<Item = (&String, &Value)> {
    value.as_object().into_iter().flatten()
}

/// One operation of the spec.
pub struct Operation<'a> {
    /// `POST /ratings (createRating)`, for messages.
    pub label: String,
    pub path: String,
    pub node: &'a Value,
}

pub fn operations(spec: &Value) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    for (path, item) in as_object(&spec["paths"]) {
        for method in METHODS {
            if let Some(node) = item.get(method) {
                let id = node["operationId"].as_str().unwrap_or("no operationId");
                out.push(Operation {
                    label: format!("{} {path} ({id})", method.to_uppercase()),
                    path: path.clone(),
                    node,
                });
            }
        }
    }
    assert!(
        out.len() >= 20,
        "found only {} operations: is the spec walked correctly?",
        out.len()
    );
    out
}

/// `application/json`, `application/problem+json` and other `+json` types.
pub fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// One media type of a request body or a response, with its examples.
pub struct Site {
    /// `POST /ratings (createRating) → response 409 application/problem+json`.
    pub label: String,
    pub status: Option<String>,
    pub schema: Result<String, String>,
    /// (name in the media type, component example name if a `$ref`, value or why there is none)
    pub examples: Vec<(String, Option<String>, Result<Value, String>)>,
}

pub fn sites(spec: &Value) -> Vec<Site> {
    let mut out = Vec::new();
    for op in operations(spec) {
        let mut bodies: Vec<(String, Option<String>, &Value)> = Vec::new();
        if let Some(body) = op.node.get("requestBody") {
            bodies.push(("request body".into(), None, body));
        }
        for (status, response) in as_object(&op.node["responses"]) {
            bodies.push((format!("response {status}"), Some(status.clone()), response));
        }
        for (where_, status, body) in bodies {
            let body = match resolve(spec, body) {
                Ok(body) => body,
                Err(why) => {
                    out.push(Site {
                        label: format!("{} → {where_}", op.label),
                        status,
                        schema: Err(why),
                        examples: Vec::new(),
                    });
                    continue;
                }
            };
            for (media_type, media) in as_object(&body["content"]) {
                if !is_json(media_type) {
                    // Files (attachments) are bytes, not examples: see `file_bodies_are_files`.
                    continue;
                }
                let schema = ref_name(&media["schema"], "schemas").ok_or_else(|| {
                    "the schema is not a `$ref` to `#/components/schemas/…`".to_owned()
                });
                let examples = as_object(&media["examples"])
                    .map(|(key, example)| {
                        let component = ref_name(example, "examples");
                        let value = resolve(spec, example).and_then(|e| {
                            e.get("value")
                                .cloned()
                                .ok_or_else(|| "the example has no `value`".into())
                        });
                        (key.clone(), component, value)
                    })
                    .collect();
                out.push(Site {
                    label: format!("{} → {where_} {media_type}", op.label),
                    status: status.clone(),
                    schema,
                    examples,
                });
            }
        }
    }
    out
}

/// Calls `$f::<T>($arg)` with the Rust type `T` of the schema named `$schema`; an unmapped
/// name is an `Err`, so no schema escapes the tests.
macro_rules! with_schema_type {
    ($schema:expr, $f:ident, $arg:expr) => {
        match $schema {
            "Health" => $f::<yishi_contract::Health>($arg),
            "CatalogueIndex" => $f::<yishi_contract::CatalogueIndex>($arg),
            "LifeEvent" => $f::<yishi_contract::LifeEvent>($arg),
            "MatterGuide" => $f::<yishi_contract::MatterGuide>($arg),
            "RatingSummary" => $f::<yishi_contract::RatingSummary>($arg),
            "Department" => $f::<yishi_contract::Department>($arg),
            "HolidayCalendar" => $f::<yishi_contract::HolidayCalendar>($arg),
            "RatingOptions" => $f::<yishi_contract::RatingOptions>($arg),
            "NewFeedback" => $f::<yishi_contract::NewFeedback>($arg),
            "FeedbackReceipt" => $f::<yishi_contract::FeedbackReceipt>($arg),
            "CodeRequest" => $f::<yishi_contract::CodeRequest>($arg),
            "CodeSent" => $f::<yishi_contract::CodeSent>($arg),
            "SignIn" => $f::<yishi_contract::SignIn>($arg),
            "Session" => $f::<yishi_contract::Session>($arg),
            "CaseSummaryPage" => $f::<yishi_contract::Page<yishi_contract::CaseSummary>>($arg),
            "Case" => $f::<yishi_contract::Case>($arg),
            "CaseLookup" => $f::<yishi_contract::CaseLookup>($arg),
            "PublicCase" => $f::<yishi_contract::PublicCase>($arg),
            "NewRating" => $f::<yishi_contract::NewRating>($arg),
            "Rating" => $f::<yishi_contract::Rating>($arg),
            "RatingPage" => $f::<yishi_contract::Page<yishi_contract::Rating>>($arg),
            "CallbackAnswer" => $f::<yishi_contract::CallbackAnswer>($arg),
            "AdvanceCase" => $f::<yishi_contract::AdvanceCase>($arg),
            "FollowUpAction" => $f::<yishi_contract::FollowUpAction>($arg),
            "Profile" => $f::<yishi_contract::Profile>($arg),
            "Attachment" => $f::<yishi_contract::Attachment>($arg),
            "NewApplication" => $f::<yishi_contract::NewApplication>($arg),
            "SupplementUpload" => $f::<yishi_contract::SupplementUpload>($arg),
            "Problem" => $f::<yishi_contract::Problem>($arg),
            "MessagePage" => $f::<yishi_contract::MessagePage>($arg),
            "Message" => $f::<yishi_contract::Message>($arg),
            "ReadAll" => $f::<yishi_contract::ReadAll>($arg),
            "InboxCount" => $f::<yishi_contract::InboxCount>($arg),
            "Licence" => $f::<yishi_contract::Licence>($arg),
            "LicenceList" => $f::<yishi_contract::LicenceList>($arg),
            "LicenceCode" => $f::<yishi_contract::LicenceCode>($arg),
            "LicenceUse" => $f::<yishi_contract::LicenceUse>($arg),
            "LicenceUseList" => $f::<yishi_contract::LicenceUseList>($arg),
            "LicenceCodeCheck" => $f::<yishi_contract::LicenceCodeCheck>($arg),
            "LicenceVerified" => $f::<yishi_contract::LicenceVerified>($arg),
            "OfficeSlots" => $f::<yishi_contract::OfficeSlots>($arg),
            "NewAppointment" => $f::<yishi_contract::NewAppointment>($arg),
            "MoveAppointment" => $f::<yishi_contract::MoveAppointment>($arg),
            "GeoPoint" => $f::<yishi_contract::GeoPoint>($arg),
            "Appointment" => $f::<yishi_contract::Appointment>($arg),
            "AppointmentList" => $f::<yishi_contract::AppointmentList>($arg),
            "QueueTicket" => $f::<yishi_contract::QueueTicket>($arg),
            "SuggestionList" => $f::<yishi_contract::SuggestionList>($arg),
            "Suggestion" => $f::<yishi_contract::Suggestion>($arg),
            "Benefit" => $f::<yishi_contract::Benefit>($arg),
            "FamilyMember" => $f::<yishi_contract::FamilyMember>($arg),
            "Party" => $f::<yishi_contract::Party>($arg),
            "Authorisation" => $f::<yishi_contract::Authorisation>($arg),
            "AuthorisationList" => $f::<yishi_contract::AuthorisationList>($arg),
            "NewAuthorisation" => $f::<yishi_contract::NewAuthorisation>($arg),
            "SubjectChoice" => $f::<yishi_contract::SubjectChoice>($arg),
            "Act" => $f::<yishi_contract::Act>($arg),
            "ActList" => $f::<yishi_contract::ActList>($arg),
            other => Err(format!(
                "no Rust type is mapped to schema `{other}`: add it to `with_schema_type!` in tests/common/mod.rs"
            )),
        }
    };
}
pub(crate) use with_schema_type;
