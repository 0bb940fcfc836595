//! The three states every screen has besides "here it is": loading (holds the layout),
//! failed (says why, offers a retry, or sign-in) and empty (says what to do next).

use crate::router::{A, use_location};
use leptos::{either::EitherOf3, prelude::*};

use crate::{
    api::{ApiError, Loaded},
    i18n::{Key, PageKey, fill, t},
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
pub fn ErrorPanel(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let location = use_location();
    let message = t(error.message());
    let action = match (&error, retry) {
        (ApiError::Unauthenticated, _) => {
            let next = routes::here(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
            );
            view! { <A href=routes::sign_in(Some(&next)) attr:class="ys-button">{t(Key::SignInAction)}</A> }.into_any()
        }
        // Acting for someone whose authorisation ended: retrying cannot help; switching can.
        (e, _) if e.acting_ended() => {
            view! { <A href=routes::FAMILY attr:class="ys-button">{t(Key::FamilyBackToSelf)}</A> }.into_any()
        }
        (_, Some(retry)) => view! {
            <button type="button" class="ys-button ys-button--secondary" on:click=move |_| retry.run(())>
                {t(Key::Retry)}
            </button>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <div class="ys-error" role="alert">
            <p class="ys-error__message">{message}</p>
            {action}
        </div>
    }
}

/// Draws `children` in the next task and the loading placeholder until then, on the first page
/// drawn after the app starts: a deep link's first render cut in two, what is at the top first
/// (issue 14: no long task while a page starts). A prerendered page is taken over once no
/// placeholder is left (`index.html`), so there the citizen sees no change. Afterwards it draws
/// at once: a page drawn again with fresh data (a reload) must not flash its lower part, nor
/// shorten under a citizen reading it.
#[component]
pub fn Later(#[prop(default = 3)] lines: usize, children: Children) -> impl IntoView {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.get() {
        return children().into_any();
    }
    STARTED.set(true);
    let drawn = RwSignal::new(false);
    crate::task::spawn_owned(async move {
        crate::task::next_task().await;
        drawn.set(true);
    });
    // Drawn once: `drawn` only ever turns true.
    let children = StoredValue::new_local(Some(children));
    (move || {
        if drawn.get() {
            children
                .try_update_value(Option::take)
                .flatten()
                .map(|c| c())
                .into_any()
        } else {
            view! { <Loading lines /> }.into_any()
        }
    })
    .into_any()
}

/// Nothing here yet, and what to do about it.
#[component]
pub fn Empty(#[prop(into)] message: PageKey, children: Children) -> impl IntoView {
    view! {
        <div class="ys-empty">
            <p>{t(message)}</p>
            {children()}
        </div>
    }
}

/// Renders a loaded value in its three states: loading, loaded (via `render`) or failed. When a
/// reload fails, the last good value stays, under a notice saying how old it is, with a retry.
/// The notice is drawn apart from the value: a failed reload does not draw the value again
/// (which would drop what the citizen chose, typed or focused in it).
pub fn resource_view<T, V>(
    resource: Loaded<T>,
    lines: usize,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let stale = move || {
        let error = resource.error().filter(|_| resource.has_value())?;
        Some(
            view! { <StaleNotice error loaded_at=resource.loaded_at() retry=move |_| resource.reload() /> },
        )
    };
    let shown = move || match resource.value() {
        Some(data) => EitherOf3::A(render(data)),
        None => match resource.error() {
            Some(error) => {
                EitherOf3::B(view! { <ErrorPanel error retry=move |_| resource.reload() /> })
            }
            None => EitherOf3::C(view! { <Loading lines /> }),
        },
    };
    view! { {stale} {shown} }
}

/// The page shows older data because the latest update failed.
#[component]
pub fn StaleNotice(
    error: ApiError,
    loaded_at: Option<f64>,
    #[prop(into)] retry: Callback<()>,
) -> impl IntoView {
    let when = loaded_at
        .map(|ms| {
            crate::format::timestamp(
                crate::i18n::lang(),
                yishi_contract::Timestamp((ms / 1000.0) as i64),
            )
        })
        .unwrap_or_default();
    view! {
        <div class="ys-stale" role="status">
            <p>{t(error.message())} " " {fill(t(Key::StaleShowing), &[("time", &when)])}</p>
            <button type="button" class="ys-button ys-button--secondary" on:click=move |_| retry.run(())>{t(Key::Retry)}</button>
        </div>
    }
}
