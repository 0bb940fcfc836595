//! What the app keeps on this device and why, and a way to delete it all.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    i18n::{Key, t},
    session, store,
};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    crate::pages::set_title(Key::PrivacyTitle);
    let deleted = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let delete = move |_| {
        spawn_local(async move {
            session::sign_out().await;
            store::wipe_all();
            let _ = deleted.try_set(true);
            let _ = confirming.try_set(false);
        });
    };
    let kept = [
        Key::PrivacyKeptLanguage,
        Key::PrivacyKeptCatalogue,
        Key::PrivacyKeptDrafts,
        Key::PrivacyKeptOutbox,
        Key::PrivacyKeptTicks,
        Key::PrivacyKeptRecent,
        Key::PrivacyKeptSession,
    ];
    view! {
        <article class="ys-page ys-narrow">
            <h1>{t(Key::PrivacyTitle)}</h1>
            <p>{t(Key::PrivacyIntro)}</p>
            <h2>{t(Key::PrivacyKeptTitle)}</h2>
            <ul class="ys-list">{kept.into_iter().map(|k| view! { <li>{t(k)}</li> }).collect_view()}</ul>
            <h2>{t(Key::PrivacySentTitle)}</h2>
            <p>{t(Key::PrivacySent)}</p>
            <h2>{t(Key::PrivacyDeleteTitle)}</h2>
            <p>{t(Key::PrivacyDeleteIntro)}</p>
            <Show when=move || deleted.get()>
                <p class="ys-callout ys-callout--ok" role="status">{t(Key::PrivacyDeleted)}</p>
            </Show>
            <Show when=move || !confirming.get() fallback=move || view! {
                <div class="ys-callout ys-callout--action" role="alertdialog" aria-labelledby="privacy-confirm">
                    <p id="privacy-confirm">{t(Key::PrivacyDeleteConfirm)}</p>
                    <div class="ys-actions">
                        <button type="button" class="ys-button ys-button--danger" on:click=delete>{t(Key::PrivacyDeleteAction)}</button>
                        <button type="button" class="ys-button ys-button--secondary" on:click=move |_| confirming.set(false)>{t(Key::WithdrawCancel)}</button>
                    </div>
                </div>
            }>
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| confirming.set(true)>{t(Key::PrivacyDeleteAction)}</button>
            </Show>
        </article>
    }
}
