//! Yishi's pure domain logic, shared by the app (WASM) and the reference server.
//!
//! Invariant: no DOM, no signals, no I/O, no clock. Every function takes what it needs (today's
//! date, the calendar, the answers) as arguments, so both sides compute the same results.
//! The only dependency is `yishi-contract`: this code ships in the WASM app, where every KB counts.
//!
//! - [`stages`]: the case stage machine (办件环节) of the Administrative Licensing Law.
//! - [`workdays`]: working-day arithmetic and the deadline of a case (承诺时限 / 法定时限).
//! - [`conditions`]: three-valued evaluation of situational conditions (情形引导).
//! - [`form`]: the combined form (一表申请): shown fields and validation of every value.
//! - [`plan`]: the one-time notification (一次性告知): applicable matters and a merged checklist.
//! - [`rating`]: rating rules (好差评) and validation of a new rating.
//! - [`validate`]: identity number, mobile and credit code checks; masks for names and phones.
//! - [`search`]: a first search over the catalogue (事项检索).

pub mod answers;
pub mod conditions;
pub mod form;
pub mod outbox;
pub mod plan;
pub mod rating;
pub mod search;
pub mod stages;
pub mod validate;
pub mod workdays;
