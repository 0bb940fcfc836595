//! Tell the office something: an error in a guide (找茬) or what a search could not find.
//! Reaches the backend's feedback endpoint; the text typed is kept if sending fails.

use leptos::prelude::*;
use yishi_contract::{FeedbackKind, NewFeedback};
use yishi_core::feedback::{CONTACT_MAX_CHARS, TEXT_MAX_CHARS};

use crate::{
    api,
    i18n::{Key, PageKey, t},
    submit::Submit,
};

#[component]
pub fn FeedbackForm(
    kind: FeedbackKind,
    #[prop(optional)] matter_id: Option<String>,
    #[prop(optional)] query: Option<String>,
    summary: PageKey,
    label: PageKey,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let sending = Submit::<PageKey>::new();
    let sent = RwSignal::new(false);
    let id = match kind {
        FeedbackKind::GuideError => "feedback-guide",
        _ => "feedback-search",
    };
    let text_id = format!("{id}-text");
    let contact_id = format!("{id}-contact");
    let submit = move || {
        let body_text = text.get_untracked().trim().to_string();
        if body_text.is_empty() {
            sending.fail(Key::FeedbackEmpty);
            return;
        }
        if body_text.chars().count() > TEXT_MAX_CHARS {
            return;
        }
        let body = NewFeedback {
            kind,
            query: query.clone(),
            matter_id: matter_id.clone(),
            text: body_text,
            contact: Some(contact.get_untracked().trim().to_string()).filter(|c| !c.is_empty()),
        };
        sending.send(async move { api::feedback(&body).await }, move |result| {
            result.map_err(|e| e.message())?;
            sent.set(true);
            Ok(())
        });
    };
    view! {
        <details class="ys-feedback ys-no-print">
            <summary>{t(summary)}</summary>
            <Show when=move || !sent.get() fallback=|| view! { <p class="ys-callout" role="status">{t(Key::FeedbackThanks)}</p> }>
                <form class="ys-form" novalidate on:submit={
                    let submit = submit.clone();
                    move |ev| { ev.prevent_default(); submit(); }
                }>
                    {move || sending.error().map(|k| view! { <p class="ys-error__message" role="alert">{t(k)}</p> })}
                    <div class="ys-field">
                        <label for=text_id.clone()>{t(label)}</label>
                        <textarea id=text_id.clone() rows="3" maxlength=TEXT_MAX_CHARS.to_string()
                            prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())></textarea>
                    </div>
                    <div class="ys-field">
                        <label for=contact_id.clone()>{t(Key::FeedbackContact)}</label>
                        <input id=contact_id.clone() type="text" autocomplete="tel" maxlength=CONTACT_MAX_CHARS.to_string()
                            prop:value=move || contact.get() on:input:target=move |ev| contact.set(ev.target().value()) />
                    </div>
                    <div class="ys-actions">
                        <button type="submit" class="ys-button ys-button--secondary" aria-disabled=move || sending.busy().to_string()>{t(Key::FeedbackSend)}</button>
                    </div>
                </form>
            </Show>
        </details>
    }
}
