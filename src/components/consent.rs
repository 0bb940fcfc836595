//! Consent before the first submission: the citizen is told what the app keeps and sends, and
//! agrees once per device. Shown above the first application or rating; never again after.

use crate::router::A;
use leptos::prelude::*;

use crate::{
    i18n::{Key, t},
    routes,
    store::{self, Scope},
};

const KEY: &str = "consent";

pub fn given() -> bool {
    store::get_raw(Scope::Device, KEY).as_deref() == Some("1")
}

/// A tick box that records consent; `consented` follows it.
#[component]
pub fn ConsentBox(
    consented: RwSignal<bool>,
    #[prop(optional)] missing: Option<RwSignal<bool>>,
) -> impl IntoView {
    (!given()).then(|| {
        view! {
            <div class="ys-consent" class:ys-field--error=move || missing.is_some_and(|m| m.get())>
                <label class="ys-check__label">
                    <input type="checkbox" class="ys-check__box" prop:checked=move || consented.get()
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            consented.set(on);
                            if on { store::set_raw(Scope::Device, KEY, "1"); } else { store::remove(Scope::Device, KEY); }
                        } />
                    <span>{t(Key::ConsentText)} " " <A href=routes::PRIVACY>{t(Key::PrivacyTitle)}</A></span>
                </label>
                {move || missing.is_some_and(|m| m.get()).then(|| view! { <p class="ys-field__error" role="alert">{t(Key::ConsentMissing)}</p> })}
            </div>
        }
    })
}
