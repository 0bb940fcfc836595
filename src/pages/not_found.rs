use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    i18n::{Key, tr},
    routes,
};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::pages::set_title(Key::NotFoundTitle);
    view! {
        <section class="ys-page">
            <h1>{tr(Key::NotFoundTitle)}</h1>
            <p>{tr(Key::NotFoundBody)}</p>
            <p><A href=routes::HOME>{tr(Key::NotFoundHome)}</A></p>
        </section>
    }
}
