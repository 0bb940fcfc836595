//! Yishi (一事): a citizen front end for government services, organised around life events.
//! See ARCHITECTURE.md for the code map.

mod api;
mod app;
mod catalogue;
mod components;
mod config;
mod format;
mod i18n;
mod outbox;
mod pages;
mod routes;
mod session;
mod store;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
