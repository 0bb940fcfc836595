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
mod calendar;
mod case;
mod catalogue;
mod condition;
mod event;
mod feedback;
mod guide;
mod health;
mod operator;
mod page;
mod problem;
mod rating;
mod session;
mod text;
mod time;

pub use application::*;
pub use calendar::*;
pub use case::*;
pub use catalogue::*;
pub use condition::*;
pub use event::*;
pub use feedback::*;
pub use guide::*;
pub use health::*;
pub use operator::*;
pub use page::*;
pub use problem::*;
pub use rating::*;
pub use session::*;
pub use text::*;
pub use time::*;

/// Every operation lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// The header that carries the idempotency key of a write.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The header the operator endpoints require.
pub const OPERATOR_KEY_HEADER: &str = "X-Operator-Key";

/// Declares an open string enum: known values in snake_case, anything else becomes `Unknown`.
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
    };
}
