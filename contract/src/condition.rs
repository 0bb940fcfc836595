use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A situational condition (情形条件): a JSON expression tree over the answers to an event's
/// questions, e.g. `{"all": [{"eq": {"question": "married", "value": true}}, {"not": …}]}`.
/// Evaluated by `yishi_core::conditions`, the only evaluator on either side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// True when every member is true (true when empty).
    All(Vec<Condition>),
    /// True when some member is true (false when empty).
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// The answer equals `value`.
    Eq(Comparison),
    /// The answer is one of `values`.
    In(Membership),
    /// The (numeric) answer is less than `value`.
    Lt(Comparison),
    /// The (numeric) answer is greater than `value`.
    Gt(Comparison),
    /// An operator this version does not know. Evaluates to "unknown", never to true or false.
    #[serde(untagged)]
    Unknown(Opaque),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Comparison {
    /// The id of a question of the same event.
    pub question: String,
    pub value: AnswerValue,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Membership {
    pub question: String,
    pub values: Vec<AnswerValue>,
}

/// An answer to a situational question: yes/no, a number, or a choice's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
#[serde(untagged)]
pub enum AnswerValue {
    Bool(bool),
    Number(f64),
    Choice(String),
}

/// A JSON value this version does not understand, kept only as "something was here".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opaque;

impl Serialize for Opaque {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for Opaque {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Opaque, D::Error> {
        serde::de::IgnoredAny::deserialize(d)?;
        Ok(Opaque)
    }
}

impl yishi_json::FromJson for Opaque {
    /// Anything at all, as serde's `IgnoredAny`; but an absent member is still missing.
    fn from_json(_: &yishi_json::Json) -> Result<Opaque, yishi_json::Error> {
        Ok(Opaque)
    }
}
