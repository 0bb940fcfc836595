//! The Yishi REST contract, API version 1.
//!
//! `contract/openapi.yaml` is the source of truth; this crate mirrors its schemas as serde types
//! that both the app and the reference backend use. It knows nothing of Leptos, axum or tokio.
//!
//! Stability: everything under `/api/v1` only grows. New optional fields and new enum values may
//! appear at any time, so every enum here is *open*: an unknown value deserialises to `Unknown`
//! and the app renders it sanely. Removing or renaming a field needs `/api/v2`.
//!
//! Conventions (see the spec's introduction):
//! - identifiers are ASCII; every display string is a [`Text`] (zh-CN required, en optional);
//! - dates are `YYYY-MM-DD` ([`Date`]), instants are RFC 3339 ([`Timestamp`]);
//! - lists that can grow are a [`Page`] with an opaque cursor;
//! - errors are RFC 9457 problem+json ([`Problem`]) with a stable `code`.

mod application;
mod appointment;
mod calendar;
mod case;
mod catalogue;
mod condition;
mod event;
mod family;
mod feedback;
mod guide;
mod health;
mod licence;
mod message;
mod operator;
mod page;
mod problem;
mod rating;
mod session;
mod suggestion;
mod text;
mod time;

pub use application::*;
pub use appointment::*;
pub use calendar::*;
pub use case::*;
pub use catalogue::*;
pub use condition::*;
pub use event::*;
pub use family::*;
pub use feedback::*;
pub use guide::*;
pub use health::*;
pub use licence::*;
pub use message::*;
pub use operator::*;
pub use page::*;
pub use problem::*;
pub use rating::*;
pub use session::*;
pub use suggestion::*;
pub use text::*;
pub use time::*;

/// Every operation lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// The header that carries the idempotency key of a write.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The header the operator endpoints require.
pub const OPERATOR_KEY_HEADER: &str = "X-Operator-Key";

/// An open string enum (declared with [`open_enum!`]): its known values and their wire names,
/// without a round trip through a JSON serialiser.
pub trait OpenEnum: Copy + Eq + Sized + 'static {
    /// Every known value, in declaration order (`Unknown` is not one).
    const ALL: &'static [Self];
    /// The value as written on the wire (snake_case); `Unknown` is written `unknown`.
    fn as_str(self) -> &'static str;
    /// The value written `s`; anything this version does not know is `Unknown`.
    fn parse(s: &str) -> Self;
}

/// Declares an open string enum: known values in snake_case, anything else becomes `Unknown`.
/// It implements [`OpenEnum`]: `ALL` lists the known values and `as_str` gives each one's wire
/// name, derived from the variant's name by serde's `snake_case` rule at compile time.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, yishi_json::FromJson)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the contract does not know; render it neutrally.
            #[serde(other)]
            Unknown,
        }

        impl $crate::OpenEnum for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $crate::snake_case!($variant),)+
                    $name::Unknown => "unknown",
                }
            }

            fn parse(s: &str) -> Self {
                <Self as $crate::OpenEnum>::ALL
                    .iter()
                    .copied()
                    .find(|v| $crate::OpenEnum::as_str(*v) == s)
                    .unwrap_or($name::Unknown)
            }
        }
    };
}

/// The snake_case form of an identifier, as a `&'static str` computed at compile time (serde's
/// `rename_all = "snake_case"` rule: an underscore before every upper-case letter but the first,
/// everything lower-cased).
#[doc(hidden)]
#[macro_export]
macro_rules! snake_case {
    ($ident:ident) => {{
        const NAME: &str = stringify!($ident);
        const BYTES: [u8; $crate::snake_case_len(NAME)] = $crate::snake_case_bytes(NAME);
        match ::core::str::from_utf8(&BYTES) {
            Ok(s) => s,
            Err(_) => panic!("an identifier is ASCII"),
        }
    }};
}

#[doc(hidden)]
pub const fn snake_case_len(name: &str) -> usize {
    let b = name.as_bytes();
    let mut n = b.len();
    let mut i = 1;
    while i < b.len() {
        if b[i].is_ascii_uppercase() {
            n += 1;
        }
        i += 1;
    }
    n
}

#[doc(hidden)]
pub const fn snake_case_bytes<const N: usize>(name: &str) -> [u8; N] {
    let b = name.as_bytes();
    let mut out = [0u8; N];
    let (mut i, mut o) = (0, 0);
    while i < b.len() {
        if i > 0 && b[i].is_ascii_uppercase() {
            out[o] = b'_';
            o += 1;
        }
        out[o] = b[i].to_ascii_lowercase();
        o += 1;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_follow_serdes_snake_case_rule() {
        for v in Stage::ALL {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::from(v.as_str())
            );
            assert_eq!(Stage::parse(v.as_str()), *v);
        }
        assert_eq!(Stage::NotAccepted.as_str(), "not_accepted");
        assert_eq!(Stage::Unknown.as_str(), "unknown");
        assert_eq!(Stage::parse("a_later_stage"), Stage::Unknown);
        assert_eq!(Stage::parse("Accepted"), Stage::Unknown);
        assert_eq!(Stage::ALL.len(), 11);
        assert!(!Stage::ALL.contains(&Stage::Unknown));
    }
}
