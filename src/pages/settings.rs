//! Settings: language, and the account (sign-out).

use crate::router::A;
use leptos::{prelude::*, task::spawn_local};
use yishi_contract::Lang;

use crate::{
    i18n::{self, Key, PageKey, fill, t},
    routes,
    session::{self, use_auth},
    store::{self, Scope},
};

#[component]
pub fn SettingsPage() -> impl IntoView {
    crate::pages::set_title(Key::SettingsTitle);
    let auth = use_auth();
    // The language is fixed per page load (see i18n): store the choice and reload.
    let choose = move |lang: Lang| {
        store::set_raw(Scope::Device, i18n::LANG_KEY, lang.tag());
        let _ = window().location().reload();
    };
    let option = move |lang: Lang, label: &'static str| {
        view! {
            <label class="ys-choice">
                <input type="radio" name="lang" value=lang.tag() prop:checked=i18n::lang() == lang on:change=move |_| choose(lang) />
                <span lang=lang.tag()>{label}</span>
            </label>
        }
    };
    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::SettingsTitle)}</h1>
            <fieldset class="ys-fieldset">
                <legend>{t(Key::SettingsLanguage)}</legend>
                <div class="ys-choices">
                    {option(Lang::Zh, "简体中文")}
                    {option(Lang::En, "English")}
                </div>
            </fieldset>
            <DisplayMode />
            <section aria-labelledby="account-title">
                <h2 id="account-title">{t(Key::SettingsAccount)}</h2>
                {move || match auth.subject.get() {
                    Some(subject) => view! {
                        <p>{subject.display_name.clone()} " · " {subject.phone_masked.clone()}</p>
                        {subject.acting_for.clone().map(|b| view! { <p>{t(Key::SettingsActingFor)} {t(Key::Colon)} {b.name}</p> })}
                        <p><A href=routes::RATINGS>{t(Key::RatingsTitle)}</A></p>
                        <p><A href=routes::FAMILY>{t(Key::FamilyNav)}</A></p>
                        <AppointmentsLink />
                        <LicencesLink />
                        <SignOut />
                    }.into_any(),
                    None => view! { <A href=routes::sign_in(None) attr:class="ys-button">{t(Key::SignInAction)}</A> }.into_any(),
                }}
            </section>
        </section>
    }
}

/// 我的证照, while the backend offers licences: known from the kept list at once, then from
/// asking (which also keeps the list current on the device for offline use).
#[component]
fn LicencesLink() -> impl IntoView {
    let shown = RwSignal::new(crate::wallet::offered() && crate::wallet::kept().is_some());
    crate::task::spawn_owned(async move {
        if let Ok(list) = crate::wallet::fetch().await {
            shown.try_set(list.is_some());
        }
    });
    move || {
        shown
            .get()
            .then(|| view! { <p><A href=routes::LICENCES>{t(Key::LicencesNav)}</A></p> })
    }
}

/// 我的预约, unless the backend answers that it offers no appointments (404/501): an answer, or
/// a failure that says nothing about that (offline), shows the link.
#[component]
fn AppointmentsLink() -> impl IntoView {
    let shown = RwSignal::new(false);
    crate::task::spawn_owned(async move {
        let offered = match crate::api::appointments().await {
            Ok(_) => true,
            Err(e) => !e.not_offered(),
        };
        shown.try_set(offered);
    });
    move || {
        shown
            .get()
            .then(|| view! { <p><A href=routes::APPOINTMENTS>{t(Key::VisitMine)}</A></p> })
    }
}

/// Things on this device that sign-out would delete and that the citizen may still want.
fn at_risk() -> (usize, usize) {
    let unsent = crate::outbox::pending().len();
    let drafts = store::personal_keys()
        .iter()
        .filter(|k| k.starts_with("draft.") || k.starts_with("rating-draft."))
        .count();
    (unsent, drafts)
}

/// Sign-out that says plainly what it would delete, and offers to send waiting ratings first.
#[component]
fn SignOut() -> impl IntoView {
    let warning = RwSignal::new(None::<(usize, usize)>);
    let sending = RwSignal::new(false);
    let sign_out = move || spawn_local(session::sign_out());
    let start = move |_| match at_risk() {
        (0, 0) => sign_out(),
        risk => warning.set(Some(risk)),
    };
    let send_first = move |_| {
        sending.set(true);
        spawn_local(async move {
            crate::outbox::flush().await;
            let _ = sending.try_set(false);
            match at_risk() {
                (0, 0) => sign_out(),
                risk => {
                    let _ = warning.try_set(Some(risk));
                }
            }
        });
    };
    view! {
        <button type="button" class="ys-button ys-button--secondary" on:click=start>{t(Key::SignOut)}</button>
        {move || warning.get().map(|(unsent, drafts)| view! {
            <div class="ys-callout ys-callout--action" role="alertdialog" aria-labelledby="signout-warning">
                <p id="signout-warning">{fill(t(Key::SignoutWarning), &[("n", &unsent.to_string()), ("d", &drafts.to_string())])}</p>
                <div class="ys-actions">
                    {(unsent > 0).then(|| view! {
                        <button type="button" class="ys-button" aria-disabled=move || sending.get().to_string() on:click=send_first>{t(Key::SignoutSendFirst)}</button>
                    })}
                    <button type="button" class="ys-button ys-button--danger" on:click=move |_| sign_out()>{t(Key::SignoutAnyway)}</button>
                    <button type="button" class="ys-button ys-button--secondary" on:click=move |_| warning.set(None)>{t(Key::SignoutCancel)}</button>
                </div>
            </div>
        })}
    }
}

/// Standard or elderly display (长辈版), applied at once and kept on this device.
#[component]
fn DisplayMode() -> impl IntoView {
    let display = crate::display::use_display();
    let option = move |elderly: bool, key: PageKey| {
        view! {
            <label class="ys-choice">
                <input type="radio" name="mode" prop:checked=move || display.elderly.get() == elderly on:change=move |_| display.choose(elderly) />
                <span>{t(key)}</span>
            </label>
        }
    };
    view! {
        <fieldset class="ys-fieldset">
            <legend>{t(Key::ModeLegend)}</legend>
            <div class="ys-choices">{option(false, Key::ModeStandard)} {option(true, Key::ModeElderly)}</div>
        </fieldset>
    }
}
