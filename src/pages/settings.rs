//! Settings: language, and the account (sign-out).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;
use yishi_contract::Lang;

use crate::{
    app::LANG_KEY,
    i18n::{self, Key, t},
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
        store::set_raw(Scope::Device, LANG_KEY, lang.tag());
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
            <section aria-labelledby="account-title">
                <h2 id="account-title">{t(Key::SettingsAccount)}</h2>
                {move || match auth.subject.get() {
                    Some(subject) => view! {
                        <p>{subject.display_name.clone()} " · " {subject.phone_masked.clone()}</p>
                        {subject.acting_for.clone().map(|b| view! { <p>{t(Key::SettingsActingFor)} "：" {b.name}</p> })}
                        <button type="button" class="ys-button ys-button--secondary" on:click=move |_| spawn_local(session::sign_out())>
                            {t(Key::SignOut)}
                        </button>
                    }.into_any(),
                    None => view! { <A href=routes::sign_in(None) attr:class="ys-button">{t(Key::SignInAction)}</A> }.into_any(),
                }}
            </section>
        </section>
    }
}
