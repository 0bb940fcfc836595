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
//! - [`lookup`]: finding a case by number and query code (办件查询): limits, checks, reading input.
//! - [`related`]: what may come next after a closed case (下一步), from the catalogue.
//! - [`redirect`]: where sign-in may return to (same-origin paths only, as a browser parses them).
//! - [`booking`]: booking a visit (预约办理): office hours, slots, the `.ics` file.
//! - [`map`]: an office's map link (a marker at its point, else a search for its address).
//! - [`order`]: ordering lists by a rank through one shared sort (a smaller WASM).
//! - [`inbox`]: the messages centre (消息中心) on the client: polling, badge, reading.
//! - [`feedback`]: what valid feedback is (意见反馈), with its limits.
//! - [`field_errors`]: the one way validations collect field errors.
//! - [`validate`]: identity number, mobile and credit code checks; masks for names and phones.
//! - [`search`]: a first search over the catalogue (事项检索).
//! - [`wallet`]: my licences (我的证照) on the client: a code's countdown, its QR outline.

pub mod answers;
pub mod booking;
pub mod conditions;
pub mod feedback;
pub mod field_errors;
pub mod form;
pub mod inbox;
pub mod lookup;
pub mod map;
pub mod order;
pub mod outbox;
pub mod plan;
pub mod rating;
pub mod redirect;
pub mod related;
pub mod search;
pub mod stages;
pub mod validate;
pub mod wallet;
pub mod workdays;
