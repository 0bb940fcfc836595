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
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Routes},
    path,
};

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
    let id = leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id"));
    if let Some(id) = id {
        reads(&id);
    }
}

/// Every page but the home page is loaded when first shown (`crate::lazy`), so the app shell
/// holds only what the first screen needs. Four splits, by journey: the guides (life event,
/// matter) with booking a visit from them (预约办理, my appointments); the combined application
/// form; the citizen's own area (sign-in, cases, ratings, lookup, settings, privacy, messages,
/// family, the licence wallet 我的证照 with its QR encoder); and the search results with the search
/// engine (`crate::catalogue`), fetched when a search box takes focus, so the results page is
/// there when the query is sent. wasm-split puts code that several splits share into one chunk
/// per set of splits, so every split more multiplies a page's requests: with seven splits a
/// case page fetched 35 WASM files, with these four 9 (`docs/size.md`, "Fewer splits").
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=HomePage />
            <Route path=path!("/search") view=|| lazy_page!(search_engine, SearchPage) />
            <Route path=path!("/events/:id") view=|| lazy_page!(guide, EventPage) />
            <Route path=path!("/events/:id/apply") view=|| lazy_page!(apply, ApplyPage) />
            <Route path=path!("/matters/:id") view=|| lazy_page!(guide, MatterPage) />
            <Route path=path!("/sign-in") view=|| lazy_page!(account, SignInPage) />
            <Route path=path!("/cases") view=|| lazy_page!(account, CasesPage) />
            <Route path=path!("/cases/:id") view=|| { read_ahead(crate::api::read_case_ahead); lazy_page!(account, CasePage) } />
            <Route path=path!("/cases/:id/rate") view=|| { read_ahead(crate::api::read_rate_ahead); lazy_page!(account, RatePage) } />
            <Route path=path!("/ratings") view=|| lazy_page!(account, RatingsPage) />
            <Route path=path!("/ratings/:id") view=|| lazy_page!(account, RatingPage) />
            <Route path=path!("/lookup") view=|| lazy_page!(account, LookupPage) />
            <Route path=path!("/settings") view=|| lazy_page!(account, SettingsPage) />
            <Route path=path!("/privacy") view=|| lazy_page!(account, PrivacyPage) />
            <Route path=path!("/messages") view=|| lazy_page!(account, MessagesPage) />
            <Route path=path!("/family") view=|| lazy_page!(account, FamilyPage) />
            // 我的证照: in the citizen's own area, so the QR code's encoder loads only with it.
            <Route path=path!("/licences") view=|| lazy_page!(account, LicencesPage) />
            <Route path=path!("/licences/:id") view=|| lazy_page!(account, LicencePage) />
            // 预约办理: the booking page and my appointments, with the guides they are booked from.
            <Route path=path!("/matters/:id/book") view=|| lazy_page!(guide, BookPage) />
            <Route path=path!("/appointments") view=|| lazy_page!(guide, AppointmentsPage) />
        </Routes>
    }
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
