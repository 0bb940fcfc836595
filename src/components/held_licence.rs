//! "You hold this" (您已有此证照电子版，无需携带): the mark on a checklist material the signed-in
//! citizen holds as a usable electronic licence (`yishi_core::wallet::holds`), in a life event's
//! plan and a matter's guide, with the way to their licences.

use crate::router::A;
use leptos::prelude::*;

use crate::{
    i18n::{Key, t},
    routes,
};

#[component]
pub fn HeldLicence() -> impl IntoView {
    view! {
        <p class="ys-material__held">
            <span class="ys-tag ys-tag--ok">{t(Key::LicencesHeld)}</span>
            " " <A href=routes::LICENCES>{t(Key::LicencesHeldSee)}</A>
        </p>
    }
}
