//! The three states every screen has besides "here it is": loading (holds the layout),
//! failed (says why, offers a retry, or sign-in) and empty (says what to do next).

use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{components::A, hooks::use_location};

use crate::{
    api::{ApiError, Loaded},
    i18n::{Key, t},
    routes,
};

/// Grey placeholder lines that occupy the space the content will take, so nothing jumps.
#[component]
pub fn Loading(#[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="ys-loading" role="status" aria-live="polite">
            <span class="ys-visually-hidden">{t(Key::Loading)}</span>
            {(0..lines).map(|_| view! { <div class="ys-loading__line" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}

/// A failure with a way forward.
#[component]
pub fn ErrorPanel(error: ApiError, #[prop(optional, into)] retry: Option<Callback<()>>) -> impl IntoView {
    let location = use_location();
    let message = t(error.message());
    let action = match (&error, retry) {
        (ApiError::Unauthenticated, _) => {
            let next = location.pathname.get_untracked() + &location.search.get_untracked();
            EitherOf3::A(view! { <A href=routes::sign_in(Some(&next)) attr:class="ys-button">{t(Key::SignInAction)}</A> })
        }
        (_, Some(retry)) => EitherOf3::B(view! {
            <button type="button" class="ys-button ys-button--secondary" on:click=move |_| retry.run(())>
                {t(Key::Retry)}
            </button>
        }),
        _ => EitherOf3::C(()),
    };
    view! {
        <div class="ys-error" role="alert">
            <p class="ys-error__message">{message}</p>
            {action}
        </div>
    }
}

/// Nothing here yet, and what to do about it.
#[component]
pub fn Empty(message: Key, children: Children) -> impl IntoView {
    view! {
        <div class="ys-empty">
            <p>{t(message)}</p>
            {children()}
        </div>
    }
}

/// Renders a loaded value in its three states: loading, loaded (via `render`) or failed.
pub fn resource_view<T, V>(resource: Loaded<T>, lines: usize, render: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => EitherOf3::A(view! { <Loading lines /> }),
        Some(Ok(data)) => EitherOf3::B(render(data)),
        Some(Err(error)) => EitherOf3::C(view! { <ErrorPanel error retry=move |_| resource.reload() /> }),
    }
}
