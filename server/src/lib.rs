//! The Yishi reference backend: the whole API v1 contract (`yishi_contract`) over axum and
//! SQLite, the built app's static files, and the operator's command-line tools.
//!
//! Module map (no module imports one that imports it back; `cargo xtask modules` checks):
//! - [`state`] opens the database and builds the [`state::AppState`] every handler sees;
//!   [`app`] is the router and its layers; [`api`] holds the handlers, one module per resource,
//!   with [`extract`] (problem+json rejections) and [`error`] (`ApiError`).
//! - Domain code, synchronous on a `rusqlite` connection and shared by HTTP and the CLI:
//!   [`auth`], [`cases`], [`applications`] (profile, attachments, 一表申请), [`ratings`],
//!   [`feedback`] and [`idempotency`] (with `idempotent()`, the one path of idempotent writes).
//! - Seed data: [`catalogue`], [`env`] (calendar and deadlines) and [`demo`]; [`generated`] is a
//!   large generated catalogue for scale tests.
//! - [`web`] serves the built app, [`csp`] computes its Content-Security-Policy; [`pattern`]
//!   runs form field patterns with `regex`.

pub mod api;
pub mod app;
pub mod applications;
pub mod appointments;
pub mod auth;
pub mod cases;
pub mod catalogue;
pub mod clock;
pub mod config;
pub mod csp;
pub mod db;
pub mod demo;
pub mod env;
pub mod error;
pub mod extract;
pub mod family;
pub mod feedback;
pub mod generated;
pub mod grants;
pub mod idempotency;
pub mod licences;
pub mod messages;
pub mod one_stop;
pub mod pattern;
pub mod ratelimit;
pub mod ratings;
pub mod seed_model;
pub mod state;
pub mod suggestions;
pub mod web;
