//! One file per page, and the route table. Every route here has an entry in `e2e/routes.json`,
//! which page-level tests iterate; `e2e/tests/routes.spec.ts` fails when one is missing. Links
//! to these routes are built by `crate::routes`.

pub mod apply;
pub mod appointments;
pub mod book;
pub mod case;
pub mod cases;
pub mod event;
pub mod family;
pub mod home;
pub mod licences;
pub mod lookup;
pub mod matter;
pub mod messages;
pub mod not_found;
pub mod privacy;
pub mod rate;
pub mod ratings;
pub mod search;
pub mod settings;
pub mod sign_in;

use crate::i18n::{Key, Word, fill, text};
use crate::router::{Route, Routes};
use leptos::prelude::*;

use self::{
    apply::ApplyPage,
    appointments::AppointmentsPage,
    book::BookPage,
    case::CasePage,
    cases::CasesPage,
    event::EventPage,
    family::FamilyPage,
    home::HomePage,
    licences::{LicencePage, LicencesPage},
    lookup::LookupPage,
    matter::MatterPage,
    messages::MessagesPage,
    not_found::NotFoundPage,
    privacy::PrivacyPage,
    rate::RatePage,
    ratings::{RatingPage, RatingsPage},
    search::SearchPage,
    settings::SettingsPage,
    sign_in::SignInPage,
};
use crate::lazy::lazy_page;

/// A page about one case opened by a link (an SMS, a chat) asks for its data at once, while the
/// page's chunk is still loading, rather than after it: `reads` is the page's reads of the case
/// named by the route's `:id` (`api::read_case_ahead`, `api::read_rate_ahead`).
fn read_ahead(reads: fn(&str)) {
    let id = crate::router::use_params_map().with_untracked(|p| p.get("id"));
    if let Some(id) = id {
        reads(&id);
    }
}

/// Every page but the home page is loaded when first shown (`crate::lazy`), so the app shell
/// holds only what the first screen needs. Five splits, by journey: the guides (life event,
/// matter) with booking a visit from them (预约办理, my appointments); the combined application
/// form; a case and its rating (办件详情, 好差评), where links in messages and mini-program
/// notices lead, with the outbox's sending; the rest of the citizen's own area (sign-in, the
/// case list, ratings, lookup, settings, privacy, messages, family, the licence wallet 我的证照
/// with its QR encoder); and the search results with the search engine (`crate::catalogue`),
/// fetched when a search box takes focus, so the results page is there when the query is sent.
/// wasm-split puts code that several splits share into one chunk per set of splits, so every
/// split more multiplies a page's files: a case page fetches 142 KB in 15 WASM files after the
/// main module, where it fetched 222 KB in 8 as part of the citizen's area. Over HTTP/2 the bytes
/// are what count; over HTTP/1.1 the files too (`docs/size.md`, "Fewer splits").
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! { <Routes routes=&ROUTES fallback=|| NotFoundPage().into_any() /> }
}

/// The routes, in the order they are tried. `cargo xtask dist-names` reads each pattern and the
/// `lazy_page!(split, …)` after it for the loader's route-to-split map, and
/// `e2e/tests/routes.spec.ts` the patterns.
static ROUTES: [Route; 20] = [
    route("/", || HomePage().into_any()),
    route("/search", || lazy_page!(search_engine, SearchPage)),
    route("/events/:id", || lazy_page!(guide, EventPage)),
    route("/events/:id/apply", || lazy_page!(apply, ApplyPage)),
    route("/matters/:id", || lazy_page!(guide, MatterPage)),
    route("/sign-in", || lazy_page!(account, SignInPage)),
    route("/cases", || lazy_page!(account, CasesPage)),
    route("/cases/:id", || {
        read_ahead(crate::api::read_case_ahead);
        lazy_page!(case, CasePage)
    }),
    route("/cases/:id/rate", || {
        read_ahead(crate::api::read_rate_ahead);
        lazy_page!(case, RatePage)
    }),
    route("/ratings", || lazy_page!(account, RatingsPage)),
    route("/ratings/:id", || lazy_page!(account, RatingPage)),
    route("/lookup", || lazy_page!(account, LookupPage)),
    route("/settings", || lazy_page!(account, SettingsPage)),
    route("/privacy", || lazy_page!(account, PrivacyPage)),
    route("/messages", || lazy_page!(account, MessagesPage)),
    route("/family", || lazy_page!(account, FamilyPage)),
    // 我的证照: in the citizen's own area, so the QR code's encoder loads only with it.
    route("/licences", || lazy_page!(account, LicencesPage)),
    route("/licences/:id", || lazy_page!(account, LicencePage)),
    // 预约办理: the booking page and my appointments, with the guides they are booked from.
    route("/matters/:id/book", || lazy_page!(guide, BookPage)),
    route("/appointments", || lazy_page!(guide, AppointmentsPage)),
];

const fn route(path: &'static str, view: fn() -> AnyView) -> Route {
    Route { path, view }
}

/// Sets the document title to "<page> - 一事" in the current language.
pub fn set_title(key: impl Word) {
    let lang = crate::i18n::lang();
    set_title_text(text(lang, key));
}

pub fn set_title_text(page: &str) {
    let lang = crate::i18n::current_tag();
    let lang = yishi_contract::Lang::from_tag(lang).unwrap_or_default();
    let title = fill(text(lang, Key::TitleTemplate), &[("page", page)]);
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&title);
    }
}
