//! Sign-in with a mobile number and a one-time code, then back to where the citizen was.
//! Optionally as a business (法人) the person may act for, by its unified social credit code.

use crate::router::{use_navigate, use_query_map};
use leptos::{prelude::*, task::spawn_local};
use yishi_contract::SignIn;

use crate::{
    api::{self, ApiError},
    i18n::{Key, PageKey, fill, t},
    routes, session,
    submit::Submit,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    crate::pages::set_title(Key::SignInTitle);
    let query = use_query_map();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let credit_code = RwSignal::new(String::new());
    let code_sent = RwSignal::new(false);
    let sending = Submit::<PageKey>::new();
    let resend_in = RwSignal::new(0u32);
    // Where the last code went, masked (139****0001), so a citizen can see a mistyped number.
    let sent_to = RwSignal::new(None::<String>);

    // Counts `resend_in` down to 0, a second at a time. A loop runs whenever it is above 0, so a
    // new value while one runs is counted on by that loop.
    let count_down = move |seconds: u32| {
        let running = resend_in.get_untracked() > 0;
        resend_in.set(seconds);
        if running {
            return;
        }
        spawn_local(async move {
            // Stops by itself once the page (and its signal) is gone.
            while resend_in.try_get_untracked().is_some_and(|s| s > 0) {
                crate::task::sleep(1000).await;
                resend_in.try_update(|s| *s = s.saturating_sub(1));
            }
        });
    };

    let send_code = move || {
        let number = phone.get_untracked().trim().to_string();
        if !yishi_core::validate::mobile_valid(&number) {
            sending.fail(Key::SignInPhoneInvalid);
            return;
        }
        let to = number.clone();
        sending.send(
            async move { api::request_code(&to).await },
            move |result| match result {
                Ok(sent) => {
                    code_sent.set(true);
                    sent_to.set(Some(yishi_core::validate::mask_phone(&number)));
                    count_down(sent.resend_after_seconds);
                    crate::focus::later("sign-in-code");
                    Ok(())
                }
                // Too soon (a code went out a moment ago): the same countdown, then 重新发送.
                Err(ApiError::Busy { retry_after }) => {
                    code_sent.set(true);
                    count_down(retry_after.unwrap_or(60));
                    Err(Key::SignInTooSoon)
                }
                Err(e) => Err(e.message().page()),
            },
        );
    };

    let sign_in = move || {
        let body = SignIn {
            phone: phone.get_untracked().trim().to_string(),
            code: code.get_untracked().trim().to_string(),
            act_for: Some(credit_code.get_untracked().trim().to_uppercase())
                .filter(|c| !c.is_empty()),
        };
        if body.code.len() < 4 {
            sending.fail(Key::SignInCodeMissing);
            return;
        }
        let navigate = navigate.clone();
        let next = routes::safe_next(query.get_untracked().get("next"));
        // The session is kept even if the citizen has left the page meanwhile.
        let signing_in = async move { api::sign_in(&body).await.map(session::signed_in) };
        sending.send(signing_in, move |result| match result {
            Ok(()) => {
                navigate(&next, Default::default());
                Ok(())
            }
            Err(ApiError::Unauthenticated) => Err(Key::SignInInvalidCode.page()),
            Err(e) => Err(e.message().page()),
        });
    };

    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::SignInTitle)}</h1>
            <p class="ys-muted">{t(Key::SignInIntro)}</p>
            <form class="ys-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                if code_sent.get_untracked() { sign_in() } else { send_code() }
            }>
                {move || sending.error().map(|key| view! { <p id="sign-in-error" class="ys-error__message" role="alert">{t(key)}</p> })}
                <div class="ys-field">
                    <label for="sign-in-phone">{t(Key::SignInPhone)}</label>
                    <input id="sign-in-phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11"
                        aria-describedby=move || sending.error().map(|_| "sign-in-error")
                        prop:value=move || phone.get()
                        on:input:target=move |ev| phone.set(ev.target().value()) />
                </div>
                <Show when=move || code_sent.get()>
                    {move || sent_to.get().map(|to| view! {
                        <p id="sign-in-sent" class="ys-callout" role="status">{fill(t(Key::SignInSentTo), &[("phone", &to)])}</p>
                    })}
                    <div class="ys-field">
                        <label for="sign-in-code">{t(Key::SignInCode)}</label>
                        <input id="sign-in-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                            prop:value=move || code.get()
                            on:input:target=move |ev| code.set(ev.target().value()) />
                    </div>
                    <details class="ys-field">
                        <summary>{t(Key::SignInAsBusiness)}</summary>
                        <label for="sign-in-credit">{t(Key::SignInCreditCode)}</label>
                        <input id="sign-in-credit" type="text" autocomplete="off" maxlength="18"
                            prop:value=move || credit_code.get()
                            on:input:target=move |ev| credit_code.set(ev.target().value()) />
                    </details>
                </Show>
                <div class="ys-actions">
                    <button type="submit" class="ys-button" aria-disabled=move || sending.busy().to_string()>
                        {move || t(if code_sent.get() { Key::SignInAction.page() } else { Key::SignInSendCode })}
                    </button>
                    <Show when=move || code_sent.get()>
                        // Braced: a bare `>` here would end the tag (checks/tests/app_views.rs).
                        <button type="button" class="ys-button ys-button--secondary"
                            disabled={move || resend_in.get() > 0}
                            on:click=move |_| send_code()>
                            {move || match resend_in.get() {
                                0 => t(Key::SignInResend).to_string(),
                                s => fill(t(Key::SignInResendIn), &[("s", &s.to_string())]),
                            }}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}
