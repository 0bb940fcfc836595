//! What the citizen is told about a sign-in handed over by a mini-program host (`#token=…`,
//! see `crate::host`): whose account is now signed in (with a way out if it is not theirs); a
//! choice, never a silent switch, when another account was already signed in; and why a
//! hand-over link opened in an ordinary browser did not sign them in.

use leptos::{prelude::*, task::spawn_local};
use yishi_contract::Subject;

use crate::{
    api,
    host::HandOver,
    i18n::{Key, fill, t},
    session::{self, tag_of, use_auth},
};

/// "张*明（138****0001）", with the business when acting for one.
pub fn who(subject: &Subject) -> String {
    let person = format!("{}（{}）", subject.display_name, subject.phone_masked);
    match &subject.acting_for {
        Some(b) => format!("{} · {person}", b.name),
        None => person,
    }
}

/// The notice for the latest hand-over (at start-up, or handed to the running app), from the
/// `RwSignal<HandOver>` the app provides. Loaded as part of the `account` chunk (`src/app.rs`).
#[component]
pub fn HandOverNotice() -> impl IntoView {
    let hand_over = expect_context::<RwSignal<HandOver>>();
    move || match hand_over.get() {
        HandOver::None => ().into_any(),
        HandOver::Ignored => view! { <Ignored /> }.into_any(),
        HandOver::Accepted => view! { <Accepted /> }.into_any(),
        HandOver::Pending(token) => view! { <Pending token /> }.into_any(),
    }
}

#[component]
fn Ignored() -> impl IntoView {
    let open = RwSignal::new(true);
    view! {
        <Show when=move || open.get()>
            <div class="ys-notice" role="status">
                <p>{t(Key::HandoverIgnored)}</p>
                <button type="button" class="ys-link-button" on:click=move |_| open.set(false)>{t(Key::HandoverDismiss)}</button>
            </div>
        </Show>
    }
}

/// After a hand-over: whose account this is, and a way out when it is not the citizen's.
#[component]
fn Accepted() -> impl IntoView {
    let auth = use_auth();
    let open = RwSignal::new(true);
    move || {
        let subject = auth.subject.get()?;
        open.get().then(|| {
            view! {
                <div class="ys-notice" role="status" id="hand-over">
                    <p>{fill(t(Key::HandoverSignedInAs), &[("who", &who(&subject))])}</p>
                    <div class="ys-actions">
                        <button type="button" class="ys-link-button" on:click=move |_| {
                            open.set(false);
                            spawn_local(session::sign_out());
                        }>{t(Key::HandoverNotMe)}</button>
                        <button type="button" class="ys-link-button" on:click=move |_| open.set(false)>{t(Key::HandoverDismiss)}</button>
                    </div>
                </div>
            }
        })
    }
}

/// A host handed over another account while one is signed in: say both, and let the citizen
/// choose. Switching reloads the app, so nothing of the first account stays on screen.
#[component]
fn Pending(token: String) -> impl IntoView {
    let auth = use_auth();
    let other = RwSignal::new(None::<Subject>);
    {
        let token = token.clone();
        crate::task::spawn_owned(async move {
            // A token that does not work hands nothing over.
            if let Ok(session) = api::session_of(&token).await {
                let _ = other.try_set(Some(session.subject));
            }
        });
    }
    let token = StoredValue::new(token);
    let open = RwSignal::new(true);
    move || {
        let current = auth.subject.get()?;
        let other = other.get()?;
        if !open.get() || tag_of(&current) == tag_of(&other) {
            return None;
        }
        let switch = move |_| {
            token.with_value(|t| crate::store::set_token(Some(t)));
            let _ = window().location().reload();
        };
        Some(view! {
            <div class="ys-notice ys-notice--action" role="alertdialog" aria-labelledby="hand-over-question">
                <p id="hand-over-question">
                    {fill(t(Key::HandoverOtherAccount), &[("other", &who(&other)), ("current", &who(&current))])}
                </p>
                <div class="ys-actions">
                    <button type="button" class="ys-button" on:click=switch>
                        {fill(t(Key::HandoverSwitch), &[("who", &other.display_name)])}
                    </button>
                    <button type="button" class="ys-button ys-button--secondary" on:click=move |_| open.set(false)>
                        {fill(t(Key::HandoverKeep), &[("who", &current.display_name)])}
                    </button>
                </div>
            </div>
        })
    }
}
