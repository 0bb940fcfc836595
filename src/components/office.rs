//! A service office as citizens need it: name, address, hours, a phone to call, and whether
//! appointments can be booked, and a map link (`MapLink`, also on the booking page and my
//! appointments). Used by guides, supplement requests and lookups.

use leptos::prelude::*;
use yishi_contract::Office;

use crate::i18n::{Key, PageKey, local, t};

/// "地图" for an office: a public map (a marker at its point, else its address searched:
/// `yishi_core::map`) in a new tab; inside a mini-program web-view with the host's map, that map.
#[component]
pub fn MapLink(office: Office) -> impl IntoView {
    let (name, address) = (local(&office.name), local(&office.address));
    let href = yishi_core::map::map_url(&name, &address, office.location);
    let at = office.location.filter(|p| yishi_core::map::valid(*p));
    // The visible words first, then which office, and that it opens apart.
    let label = format!(
        "{}{}{}{}",
        t(Key::GuideMap),
        t(Key::Colon),
        name,
        t(Key::GuideMapNewWindow)
    );
    let open = move |ev: leptos::ev::MouseEvent| {
        if let Some(p) = at
            && crate::host::open_location(p.latitude, p.longitude, &name, &address)
        {
            ev.prevent_default();
        }
    };
    view! {
        <a class="ys-map-link" href=href target="_blank" rel="noopener noreferrer" aria-label=label on:click=open>
            {t(Key::GuideMap)}
        </a>
    }
}

#[component]
pub fn OfficeCard(office: Office, #[prop(optional)] heading: Option<PageKey>) -> impl IntoView {
    let tel = format!("tel:{}", office.phone);
    view! {
        <div class="ys-office">
            {heading.map(|h| view! { <p class="ys-muted">{t(h)}</p> })}
            <p class="ys-strong">{local(&office.name)}</p>
            <p>{t(Key::GuideAddress)} {t(Key::Colon)} {local(&office.address)} " " <MapLink office=office.clone() /></p>
            <p>{t(Key::GuideHours)} {t(Key::Colon)} {local(&office.hours)}</p>
            <p>{t(Key::GuidePhone)} {t(Key::Colon)} <a href=tel>{office.phone.clone()}</a></p>
            {office.appointment.then(|| view! { <p class="ys-tag ys-tag--ok">{t(Key::GuideAppointment)}</p> })}
        </div>
    }
}
