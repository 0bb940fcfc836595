//! A small JSON decoder for the WASM app.
//!
//! serde's `Deserialize` monomorphises a visitor and a seed per (type, deserializer); for the
//! contract types that is ~280 KB of raw WASM. Here the text is parsed once into a [`Json`] tree
//! by one non-generic parser, and each type converts the tree with one small function, generated
//! by `#[derive(FromJson)]` from the same `#[serde(...)]` attributes serde reads. Per field the
//! generated code is a single call with a string constant ([`field`], [`field_or_default`]).
//!
//! The server keeps serde; `contract/tests/json_equivalence.rs` checks both decode alike.
//!
//! Differences from serde (see the tests):
//! - an absent **or `null`** member of a `#[serde(default)]` field takes the default (serde
//!   rejects `null` there);
//! - numbers are `f64` (converted bit for bit as serde_json converts them), so an integer field
//!   accepts `1.0` or `1e2`, which serde_json refuses, and integers beyond 2^53 lose precision
//!   (`u64::MAX` is out of range);
//! - structs, and internally tagged enums, are decoded only from objects (serde also takes an
//!   array of the fields in order);
//! - a flattened struct sees the whole object, so a member name used both by the outer struct
//!   and by the flattened one would reach both (serde gives it to the outer one only).
//!
//! # Example
//!
//! ```
//! #[derive(Debug, PartialEq, yishi_json::FromJson)]
//! #[serde(rename_all = "snake_case")]
//! enum Unit { WorkingDays, #[serde(other)] Unknown }
//!
//! #[derive(Debug, PartialEq, yishi_json::FromJson)]
//! struct Limit { value: u16, unit: Unit, #[serde(default)] note: Option<String> }
//!
//! let limit: Limit = yishi_json::from_str(r#"{"value": 20, "unit": "lunar_days"}"#).unwrap();
//! assert_eq!(limit, Limit { value: 20, unit: Unit::Unknown, note: None });
//! let err = yishi_json::from_str::<Limit>(r#"{"value": -1, "unit": "working_days"}"#).unwrap_err();
//! assert_eq!(err.to_string(), "number out of range at /value");
//! ```
//!
//! # A serde attribute the derive does not know is a compile error
//!
//! So a contract change cannot make the app decode differently from the server unnoticed.
//!
//! ```compile_fail
//! #[derive(yishi_json::FromJson)]
//! #[serde(deny_unknown_fields)]
//! struct Strict { a: u8 }
//! ```
//! ```compile_fail
//! #[derive(yishi_json::FromJson)]
//! struct Aliased { #[serde(alias = "b")] a: u8 }
//! ```
//! ```compile_fail
//! #[derive(yishi_json::FromJson)]
//! struct Custom { #[serde(deserialize_with = "parse_a")] a: u8 }
//! ```
//! ```compile_fail
//! #[derive(yishi_json::FromJson)]
//! struct Split { #[serde(rename(deserialize = "b"))] a: u8 }
//! ```
//! ```compile_fail
//! #[derive(yishi_json::FromJson)]
//! enum Skipping { A, #[serde(skip_deserializing)] B }
//! ```
//! ```compile_fail
//! #[derive(yishi_json::FromJson)]
//! #[serde(rename_all = "Title Case")]
//! struct BadRule { a: u8 }
//! ```

mod parse;

use std::collections::BTreeMap;
use std::fmt;

pub use parse::{MAX_DEPTH, parse};
#[cfg(feature = "derive")]
pub use yishi_json_derive::FromJson;

/// A parsed JSON value. Objects keep their members in document order, duplicates included;
/// [`Json::get`] and the struct decoders scan them linearly, which is fast for small objects.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object; the last one when the key repeats (as serde_json's `Value`).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

/// What went wrong, without the where (that is [`Error::path`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not JSON: `offset` is the byte where that became clear.
    Syntax {
        offset: usize,
        message: &'static str,
    },
    /// The value has the wrong JSON type, e.g. `"a string"`.
    Expected(&'static str),
    /// A required member is absent (the path ends with its name).
    MissingField,
    /// A member the type knows appears twice (serde's derive refuses that too).
    DuplicateField,
    /// A string names no variant of a closed enum.
    UnknownVariant(String),
    /// A number does not fit the integer type.
    OutOfRange,
    /// An array of the wrong length for a fixed-size array.
    Length { expected: usize, found: usize },
    /// No variant of an untagged enum matched.
    NoVariantMatched,
    /// A well-typed value that is still wrong, e.g. `"2026-02-30"` for a date.
    Invalid(&'static str),
}

/// A decoding error: its kind and a JSON Pointer (RFC 6901) to the value, e.g.
/// `/steps/2/matters/0/name`. Boxed, so a `Result` stays one word wider than its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<ErrorInner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorInner {
    kind: ErrorKind,
    path: String,
}

impl Error {
    #[inline(never)]
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(ErrorInner {
            kind,
            path: String::new(),
        }))
    }

    pub fn expected(what: &'static str) -> Error {
        Error::new(ErrorKind::Expected(what))
    }

    pub fn invalid(what: &'static str) -> Error {
        Error::new(ErrorKind::Invalid(what))
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where the error is, as a JSON Pointer; empty for the whole document.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// Prefixes the path with an object member, as the error bubbles up through it.
    #[inline(never)]
    pub fn at(mut self, key: &str) -> Error {
        let mut segment = String::with_capacity(key.len() + 1 + self.0.path.len());
        segment.push('/');
        for c in key.chars() {
            match c {
                '~' => segment.push_str("~0"),
                '/' => segment.push_str("~1"),
                c => segment.push(c),
            }
        }
        segment.push_str(&self.0.path);
        self.0.path = segment;
        self
    }

    /// Prefixes the path with an array index.
    #[inline(never)]
    pub fn at_index(mut self, index: usize) -> Error {
        // Written by hand: no formatting machinery for a few digits.
        let mut digits = [0u8; 20];
        let mut n = index;
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut path = String::with_capacity(1 + digits.len() - start + self.0.path.len());
        path.push('/');
        for &d in &digits[start..] {
            path.push(char::from(d));
        }
        path.push_str(&self.0.path);
        self.0.path = path;
        self
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax { offset, message } => {
                write!(f, "invalid JSON at byte {offset}: {message}")
            }
            ErrorKind::Expected(what) => write!(f, "expected {what}"),
            ErrorKind::MissingField => f.write_str("missing field"),
            ErrorKind::DuplicateField => f.write_str("duplicate field"),
            ErrorKind::UnknownVariant(name) => write!(f, "unknown variant {name:?}"),
            ErrorKind::OutOfRange => f.write_str("number out of range"),
            ErrorKind::Length { expected, found } => {
                write!(f, "expected {expected} elements, found {found}")
            }
            ErrorKind::NoVariantMatched => f.write_str("no variant matched"),
            ErrorKind::Invalid(what) => write!(f, "invalid {what}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            write!(f, "{}", self.0.kind)
        } else {
            write!(f, "{} at {}", self.0.kind, self.0.path)
        }
    }
}

impl std::error::Error for Error {}

/// A type that can be built from a [`Json`] tree. Derive it with `#[derive(FromJson)]`.
pub trait FromJson: Sized {
    fn from_json(value: &Json) -> Result<Self, Error>;

    /// The value of an absent object member, or `None` when absence is an error. Only `Option`
    /// has one (`None`), exactly as serde treats a missing field.
    fn absent() -> Option<Self> {
        None
    }
}

/// Parses `text` and decodes it as `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    T::from_json(&parse(text)?)
}

// ---------------------------------------------------------------------------------------------
// Helpers called by the generated code. They are public but not meant to be called by hand.

/// The members of an object.
#[inline(never)]
pub fn object(value: &Json) -> Result<&[(String, Json)], Error> {
    match value {
        Json::Object(members) => Ok(members),
        _ => Err(Error::expected("an object")),
    }
}

/// The elements of an array.
#[inline(never)]
pub fn array(value: &Json) -> Result<&[Json], Error> {
    match value {
        Json::Array(items) => Ok(items),
        _ => Err(Error::expected("an array")),
    }
}

#[inline(never)]
pub fn as_str(value: &Json) -> Result<&str, Error> {
    match value {
        Json::String(s) => Ok(s),
        _ => Err(Error::expected("a string")),
    }
}

/// The member `key` of a struct's object. A repeated known key is an error, as in serde's
/// derived `Deserialize` (unknown keys may repeat: they are ignored).
#[inline(never)]
pub fn member<'a>(
    members: &'a [(String, Json)],
    key: &'static str,
) -> Result<Option<&'a Json>, Error> {
    let mut found = None;
    for (k, v) in members {
        if k == key {
            if found.is_some() {
                return Err(Error::new(ErrorKind::DuplicateField).at(key));
            }
            found = Some(v);
        }
    }
    Ok(found)
}

/// A struct field: required unless `T` is an `Option`.
#[inline(never)]
pub fn field<T: FromJson>(members: &[(String, Json)], key: &'static str) -> Result<T, Error> {
    match member(members, key)? {
        Some(v) => T::from_json(v).map_err(|e| e.at(key)),
        None => T::absent().ok_or_else(|| Error::new(ErrorKind::MissingField).at(key)),
    }
}

/// A `#[serde(default = "path")]` field: absent or `null` gives `default()`.
#[inline(never)]
pub fn field_or<T: FromJson>(
    members: &[(String, Json)],
    key: &'static str,
    default: fn() -> T,
) -> Result<T, Error> {
    match member(members, key)? {
        None | Some(Json::Null) => Ok(default()),
        Some(v) => T::from_json(v).map_err(|e| e.at(key)),
    }
}

/// A `#[serde(default)]` field: absent or `null` gives `T::default()`. (Not a call to
/// [`field_or`]: that would keep a wrapper and a function pointer per type.)
#[inline(never)]
pub fn field_or_default<T: FromJson + Default>(
    members: &[(String, Json)],
    key: &'static str,
) -> Result<T, Error> {
    match member(members, key)? {
        None | Some(Json::Null) => Ok(T::default()),
        Some(v) => T::from_json(v).map_err(|e| e.at(key)),
    }
}

/// The variant index of a string-or-single-member-object enum value, as serde reads an
/// externally tagged enum: `"name"` or `{"name": content}`. An unknown name gives
/// `names.len()` when the enum has a `#[serde(other)]` variant, else an error.
#[inline(never)]
pub fn variant<'a>(
    value: &'a Json,
    names: &[&str],
    other: bool,
) -> Result<(usize, Option<&'a Json>), Error> {
    let (name, content) = match value {
        Json::String(name) => (name, None),
        Json::Object(members) if members.len() == 1 => (&members[0].0, Some(&members[0].1)),
        Json::Object(_) => return Err(Error::expected("an object with exactly one member")),
        _ => return Err(Error::expected("a string or an object")),
    };
    match names.iter().position(|n| n == name) {
        Some(i) => Ok((i, content)),
        None if other => Ok((names.len(), content)),
        None => Err(Error::new(ErrorKind::UnknownVariant(name.clone()))),
    }
}

/// The variant index of an enum whose variants are all units (an "open enum").
#[inline(never)]
pub fn unit_variant(value: &Json, names: &[&str], other: bool) -> Result<usize, Error> {
    let (i, content) = variant(value, names, other)?;
    unit(content)?;
    Ok(i)
}

/// A unit variant's content: none (`"name"`) or `null` (`{"name": null}`).
#[inline(never)]
pub fn unit(content: Option<&Json>) -> Result<(), Error> {
    match content {
        None | Some(Json::Null) => Ok(()),
        Some(_) => Err(Error::expected("null for a unit variant")),
    }
}

/// A newtype variant's content, which must be there.
#[inline(never)]
pub fn content<'a>(content: Option<&'a Json>, name: &'static str) -> Result<&'a Json, Error> {
    content.ok_or_else(|| Error::expected("an object for a variant with content").at(name))
}

/// The variant index of an internally tagged enum (`#[serde(tag = "type")]`); the rest of
/// the object is the variant's content.
#[inline(never)]
pub fn internal_tag(
    members: &[(String, Json)],
    tag: &'static str,
    names: &[&str],
    other: bool,
) -> Result<usize, Error> {
    let name = match member(members, tag)? {
        Some(v) => as_str(v).map_err(|e| e.at(tag))?,
        None => return Err(Error::new(ErrorKind::MissingField).at(tag)),
    };
    match names.iter().position(|n| *n == name) {
        Some(i) => Ok(i),
        None if other => Ok(names.len()),
        None => Err(Error::new(ErrorKind::UnknownVariant(name.to_owned())).at(tag)),
    }
}

/// `null`, as a unit struct is written.
#[inline(never)]
pub fn null(value: &Json) -> Result<(), Error> {
    match value {
        Json::Null => Ok(()),
        _ => Err(Error::expected("null")),
    }
}

// ---------------------------------------------------------------------------------------------
// Implementations for the standard types the contract uses.

impl FromJson for Json {
    fn from_json(value: &Json) -> Result<Json, Error> {
        Ok(value.clone())
    }
}

impl FromJson for String {
    fn from_json(value: &Json) -> Result<String, Error> {
        as_str(value).map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(value: &Json) -> Result<bool, Error> {
        match value {
            Json::Bool(b) => Ok(*b),
            _ => Err(Error::expected("a boolean")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: &Json) -> Result<f64, Error> {
        match value {
            Json::Number(n) => Ok(*n),
            _ => Err(Error::expected("a number")),
        }
    }
}

/// An integral number within `[min, end)`. `-0` is refused as serde_json does (it reads it as
/// the float `-0.0`).
#[inline(never)]
fn integer(value: &Json, min: f64, end: f64) -> Result<f64, Error> {
    match *value {
        Json::Number(n) if n.fract() == 0.0 && !(n == 0.0 && n.is_sign_negative()) => {
            if n >= min && n < end {
                Ok(n)
            } else {
                Err(Error::new(ErrorKind::OutOfRange))
            }
        }
        _ => Err(Error::expected("an integer")),
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: &Json) -> Result<$t, Error> {
                // The bounds are powers of two, so exact as f64 whatever the width.
                const MIN: f64 = <$t>::MIN as i128 as f64;
                const END: f64 = (<$t>::MAX as i128 + 1) as f64;
                integer(value, MIN, END).map(|n| n as $t)
            }
        }
    )*};
}

integers!(u8, u16, u32, u64, usize, i8, i16, i32, i64);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Result<Option<T>, Error> {
        match value {
            Json::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Option<T>> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: &Json) -> Result<Box<T>, Error> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Vec<T>, Error> {
        let items = array(value)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.at_index(i))?);
        }
        Ok(out)
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn from_json(value: &Json) -> Result<[T; N], Error> {
        let found = array(value)?.len();
        if found != N {
            return Err(Error::new(ErrorKind::Length { expected: N, found }));
        }
        Vec::<T>::from_json(value)?
            .try_into()
            .map_err(|_| Error::new(ErrorKind::Length { expected: N, found }))
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: &Json) -> Result<BTreeMap<String, T>, Error> {
        let mut out = BTreeMap::new();
        for (key, v) in object(value)? {
            // A repeated key: the last one wins, as with serde.
            out.insert(key.clone(), T::from_json(v).map_err(|e| e.at(key))?);
        }
        Ok(out)
    }
}
