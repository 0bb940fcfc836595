//! The gate in front of what only a signed-in citizen may see.

use leptos::{either::EitherOf3, prelude::*};
use leptos_router::{components::A, hooks::use_location};

use crate::{
    components::states::Loading,
    i18n::{Key, PageKey, t},
    routes,
    session::{self, use_auth},
};

/// Content that needs a signed-in citizen: waits for the session check, else offers sign-in,
/// saying what signing in is for (`reason`) and coming back here, query included (the answers
/// of an application live there).
#[component]
pub fn RequireSignIn(reason: PageKey, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    // Drawn again when whose page it is changes (signing in, or acting for someone else), not
    // when the same subject's session is refreshed (a family member's authorisation ending).
    let whose = Memo::new(move |_| auth.subject.with(|s| s.as_ref().map(session::tag_of)));
    move || {
        if !auth.ready.get() {
            EitherOf3::A(view! { <Loading /> })
        } else if whose.get().is_none() {
            let next = routes::here(&location.pathname.get(), &location.search.get());
            EitherOf3::B(view! {
                <div class="ys-empty ys-sign-in-gate">
                    <p>{t(reason)}</p>
                    <A href=routes::sign_in(Some(&next)) attr:class="ys-button">{t(Key::SignInAction)}</A>
                </div>
            })
        } else {
            EitherOf3::C(children())
        }
    }
}
