//! The root: contexts every page uses, the page frame (skip link, top bar, footer) and routes.

use crate::router::{A, Router, use_location};
use leptos::prelude::*;
use yishi_contract::Lang;

use crate::{
    catalogue::provide_catalogue,
    components::hand_over::HandOverNotice,
    components::search_box::SearchBox,
    components::states::Loading,
    i18n::{self, Key, fill, t},
    lazy::lazy_page,
    pages::AppRoutes,
    routes,
    session::{provide_auth, use_auth},
    store::{self, Scope},
};

pub fn initial_lang() -> Lang {
    store::get_raw(Scope::Device, i18n::LANG_KEY)
        .and_then(|tag| Lang::from_tag(&tag))
        .or_else(|| crate::api::config::loaded().and_then(|c| Lang::from_tag(&c.default_locale)))
        .unwrap_or_default()
}

/// What every page uses, provided before the first render and in a task of its own (issue 14:
/// the start is cut into tasks a slow phone can handle a tap between): the language, the
/// embedding host's hand-over, the display mode, the session, the catalogue, the outbox and the
/// messages. Called inside the root owner the app is mounted under.
pub fn provide_contexts() {
    // English only with its words: a table that could not be had means Chinese throughout.
    let lang = match initial_lang() {
        Lang::En if !yishi_i18n::english_installed() => Lang::Zh,
        lang => lang,
    };
    i18n::init(lang);
    // Before the session is checked: a token handed over by an embedding host becomes the
    // session, when the app runs in a host web-view and no other session is open.
    let hand_over = RwSignal::new(crate::host::hand_over_at_start());
    crate::host::on_hand_over(move |h| hand_over.set(h));
    provide_context(hand_over);
    crate::display::provide_display();
    provide_auth();
    provide_catalogue();
    crate::outbox::provide_outbox();
    crate::inbox::provide_inbox();
}

/// The page frame and the routes, under the contexts of [`provide_contexts`].
#[component]
pub fn App() -> impl IntoView {
    let hand_over = expect_context::<RwSignal<crate::host::HandOver>>();
    // The first render in three tasks (a slow phone's main thread is never blocked by all of
    // them at once): the bars, then the top bar's search box, then the page and the footer.
    // Until the last, index.html's boot screen stays and the frame is hidden (`#boot ~` in
    // style/), so the parts appear together and nothing moves; a prerendered page is swapped
    // for the app's once the page is drawn.
    let search_drawn = RwSignal::new(false);
    let page_drawn = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::task::next_task().await;
        search_drawn.set(true);
        crate::task::next_task().await;
        page_drawn.set(true);
        // The static boot placeholder in index.html has done its job.
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
    });
    view! {
        <Router>
            <a class="ys-skip-link" href="#main">{t(Key::SkipToContent)}</a>
            <TopBar search_drawn />
            <ActingBar />
            // Rare, so its code is in the `account` chunk, fetched only when there is a notice.
            {move || (hand_over.get() != crate::host::HandOver::None).then(|| lazy_page!(account, HandOverNotice))}
            <OfflineBanner />
            <main id="main" class="ys-main" tabindex="-1">
                {move || if page_drawn.get() { view! { <AppRoutes /> }.into_any() } else { view! { <Loading /> }.into_any() }}
            </main>
            {move || page_drawn.get().then(|| view! { <Footer /> })}
        </Router>
    }
}

#[component]
fn TopBar(search_drawn: RwSignal<bool>) -> impl IntoView {
    let location = use_location();
    let auth = use_auth();
    let on_home = move || location.pathname.get() == routes::HOME;
    view! {
        <header class="ys-topbar">
            <div class="ys-topbar__row">
                <A href=routes::HOME attr:class="ys-brand">
                    <span class="ys-brand__mark" aria-hidden="true">{t(Key::AppMark)}</span>
                    <span class="ys-brand__name">{t(Key::AppName)}</span>
                </A>
                <nav class="ys-topbar__nav" aria-label=t(Key::NavLabel)>
                    <A href=routes::CASES>{t(Key::NavCases)}</A>
                    // Signed in: my ratings; signed out: tracking a case without an account.
                    {move || if auth.likely_signed_in() {
                        view! { <A href=routes::RATINGS>{t(Key::NavRatings)}</A> }.into_any()
                    } else {
                        view! { <A href=routes::LOOKUP>{t(Key::NavLookup)}</A> }.into_any()
                    }}
                    <MessagesLink />
                    <A href=routes::SETTINGS>{move || t(account_label(auth.likely_signed_in()))}</A>
                </nav>
            </div>
            <Show when=move || search_drawn.get() && !on_home()>
                <div class="ys-topbar__search">
                    <SearchBox id="top-search" />
                </div>
            </Show>
        </header>
    }
}

/// Whom the citizen acts for (代办, or a business), on every page while they do, with the way
/// to switch; when the authorisation has ended, that it has and the way back to themselves.
#[component]
fn ActingBar() -> impl IntoView {
    let auth = use_auth();
    move || {
        let subject = auth.subject.get()?;
        let (message, ended, view_only) = match (&subject.acting_for, &subject.acting_for_person) {
            (Some(b), _) => (
                fill(t(Key::FamilyActingForBusiness), &[("name", &b.name)]),
                false,
                false,
            ),
            (None, Some(p)) => match subject.family.iter().find(|m| m.person_id == p.person_id) {
                Some(m) => (
                    fill(t(Key::FamilyActingFor), &[("name", &m.display_name)]),
                    false,
                    !m.scope.may_change(),
                ),
                None => (
                    fill(t(Key::FamilyActingEnded), &[("name", &p.display_name)]),
                    true,
                    false,
                ),
            },
            (None, None) => return None,
        };
        Some(view! {
            <div class="ys-acting" class:ys-acting--ended=ended data-testid="acting-bar">
                <p>
                    <span>{message}</span>
                    {view_only.then(|| view! { <span class="ys-tag">{t(Key::FamilyViewOnly)}</span> })}
                    <A href=routes::FAMILY>{t(if ended { Key::FamilyBackToSelf } else { Key::FamilySwitch })}</A>
                </p>
            </div>
        })
    }
}

/// 消息 with the unread count, on every page while signed in and the backend offers messages.
#[component]
fn MessagesLink() -> impl IntoView {
    let auth = use_auth();
    let inbox = crate::inbox::use_inbox();
    let shown = move || auth.likely_signed_in() && inbox.offered.get();
    // A plain closure rather than `<Show>`: one generic instance less in the shell.
    move || {
        shown().then(|| {
            view! {
                <A href=routes::MESSAGES attr:class="ys-topbar__messages">
                    {t(Key::MessagesNav)}
                    {move || {
                        let n = inbox.unread();
                        yishi_core::inbox::badge(n).map(|b| view! {
                            <span class="ys-badge" aria-hidden="true">{b}</span>
                            <span class="ys-visually-hidden">{crate::i18n::count(Key::MessagesUnread, n)}</span>
                        })
                    }}
                </A>
            }
        })
    }
}

/// The settings page's name in the header and the footer alike: 我的 signed in (it holds the
/// account), 设置 signed out.
fn account_label(signed_in: bool) -> Key {
    if signed_in {
        Key::NavAccount
    } else {
        Key::NavSettings
    }
}

#[component]
fn Footer() -> impl IntoView {
    let auth = use_auth();
    let hotline = move || {
        crate::api::config::loaded()
            .map(|c| c.hotline.clone())
            .unwrap_or_else(|| "12345".into())
    };
    view! {
        <footer class="ys-footer">
            <p>{t(Key::FooterHotline)} " " <a href=move || format!("tel:{}", hotline())>{hotline}</a></p>
            <p>
                <A href=routes::CASES>{t(Key::NavCases)}</A>
                " · "
                <A href=routes::RATINGS>{t(Key::NavRatings)}</A>
                " · "
                <A href=routes::LOOKUP>{t(Key::NavLookup)}</A>
                " · "
                <A href=routes::SETTINGS>{move || t(account_label(auth.likely_signed_in()))}</A>
                " · "
                <A href=routes::PRIVACY>{t(Key::PrivacyTitle)}</A>
            </p>
            {crate::host::embedded().then(|| view! {
                <p><button type="button" class="ys-link-button" on:click=move |_| crate::host::navigate_back()>{t(Key::HostBack)}</button></p>
            })}
        </footer>
    }
}

/// Says when the app is offline and what still works; gone again when the network returns.
#[component]
fn OfflineBanner() -> impl IntoView {
    use wasm_bindgen::{JsCast, closure::Closure};
    let offline = RwSignal::new(!window().navigator().on_line());
    for (event, value) in [("offline", true), ("online", false)] {
        let listener = Closure::<dyn Fn()>::new(move || offline.set(value));
        let _ = window().add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        listener.forget(); // the banner lives as long as the app
    }
    view! {
        <div class="ys-offline" role="status" hidden=move || !offline.get()>
            <p>{t(Key::OfflineBanner)}</p>
        </div>
    }
}
