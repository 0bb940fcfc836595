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
            forget_kept_reads().await;
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

/// The service worker's copies of the catalogue and of the guides the citizen opened (its
/// `DATA` cache in `public/sw.template.js`): which guides were read is the citizen's own, and
/// the page promises that nothing is left. The app's files (its shell cache) stay.
const KEPT_READS_CACHE: &str = "yishi-data-v1";

/// Deletes [`KEPT_READS_CACHE`]; a browser without Cache Storage (an insecure origin, a
/// web-view) has nothing to delete.
async fn forget_kept_reads() {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(caches) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("caches")).ok())
        .filter(JsValue::is_object)
    else {
        return;
    };
    let delete = js_sys::Reflect::get(&caches, &JsValue::from_str("delete"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(done) = delete
        .and_then(|delete| {
            delete
                .call1(&caches, &JsValue::from_str(KEPT_READS_CACHE))
                .ok()
        })
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>().ok())
    {
        let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    }
}
