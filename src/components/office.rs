//! A service office as citizens need it: name, address, hours, a phone to call, and whether
//! appointments can be booked. Used by guides, supplement requests and lookups.

use leptos::prelude::*;
use yishi_contract::Office;

use crate::i18n::{Key, local, t};

#[component]
pub fn OfficeCard(office: Office, #[prop(optional)] heading: Option<Key>) -> impl IntoView {
    let tel = format!("tel:{}", office.phone);
    view! {
        <div class="ys-office">
            {heading.map(|h| view! { <p class="ys-muted">{t(h)}</p> })}
            <p class="ys-strong">{local(&office.name)}</p>
            <p>{t(Key::GuideAddress)} {t(Key::Colon)} {local(&office.address)}</p>
            <p>{t(Key::GuideHours)} {t(Key::Colon)} {local(&office.hours)}</p>
            <p>{t(Key::GuidePhone)} {t(Key::Colon)} <a href=tel>{office.phone.clone()}</a></p>
            {office.appointment.then(|| view! { <p class="ys-tag ys-tag--ok">{t(Key::GuideAppointment)}</p> })}
        </div>
    }
}
