//! The Yishi reference backend: the whole API v1 contract (`yishi_contract`) over axum and
//! SQLite, the built app's static files, and the operator's command-line tools.
//!
//! Module map: [`app`] builds state and router; [`api`] holds the handlers; [`auth`], [`cases`],
//! [`applications`] (profile, attachments, 一表申请), [`ratings`] and [`idempotency`] are the
//! domain code (synchronous, on a `rusqlite` connection, shared by HTTP and the CLI);
//! [`catalogue`], [`env`] and [`demo`] seed data ([`generated`]: a large generated catalogue
//! for scale tests); [`web`] serves the app.

pub mod api;
pub mod app;
pub mod applications;
pub mod auth;
pub mod cases;
pub mod catalogue;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod env;
pub mod error;
pub mod extract;
pub mod generated;
pub mod idempotency;
pub mod ratelimit;
pub mod ratings;
pub mod seed_model;
pub mod web;
