use crate::router::A;
use leptos::prelude::*;

use crate::{
    i18n::{Key, t},
    routes,
};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::pages::set_title(Key::NotFoundTitle);
    view! {
        <section class="ys-page">
            <h1>{t(Key::NotFoundTitle)}</h1>
            <p>{t(Key::NotFoundBody)}</p>
            <p><A href=routes::HOME>{t(Key::NotFoundHome)}</A></p>
        </section>
    }
}
