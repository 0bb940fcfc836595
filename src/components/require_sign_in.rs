//! The gate in front of what only a signed-in citizen may see.

use crate::router::{A, use_location};
use leptos::{either::Either, prelude::*};

use crate::{
    i18n::{Key, PageKey, t},
    routes,
    session::{self, use_auth},
};

/// What the gate shows. A page is drawn again only when this changes, and not when the session
/// check confirms the token it was drawn for: see [`redraw`].
#[derive(Clone, PartialEq)]
enum Gate {
    /// Signed out: sign-in is offered.
    SignIn,
    /// A token is stored and the session check has not ended: the page is drawn at once, so
    /// that its requests go out with the check rather than after it (one round trip less on a
    /// deep link). A check that ends without a subject (the token refused, or no answer) brings
    /// the sign-in offer, as it did before the page was drawn early: a page that waits for the
    /// subject (the inbox) must not wait for ever.
    Unconfirmed,
    /// The session's subject, by its device tag.
    Subject(String),
}

/// Whether the page must be drawn again: the subject confirmed for the token it was drawn with
/// is the same page.
fn redraw(before: Option<&Gate>, now: Option<&Gate>) -> bool {
    !matches!(
        (before, now),
        (Some(Gate::Unconfirmed), Some(Gate::Subject(_)))
    ) && before != now
}

/// Content that needs a signed-in citizen: drawn while a stored token is checked (see [`Gate`]),
/// else sign-in is offered, saying what signing in is for (`reason`) and coming back here, query
/// included (the answers of an application live there). `heading`: the page's own heading, for
/// a page whose heading is inside the gate (a case is titled by its data), so that the offer
/// still has one — a citizen arriving by a link from an SMS, signed out, and a screen reader's
/// list of headings, land on the page's name rather than on nothing.
#[component]
pub fn RequireSignIn(
    reason: PageKey,
    #[prop(optional, into)] heading: Option<PageKey>,
    children: ChildrenFn,
) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    // Drawn again when whose page it is changes (signing in, or acting for someone else), not
    // when the same subject's session is refreshed (a family member's authorisation ending).
    let gate = Memo::new_with_compare(
        move |_| match auth.subject.with(|s| s.as_ref().map(session::tag_of)) {
            Some(tag) => Gate::Subject(tag),
            // Not ready: a stored token is being checked (`session::provide_auth`).
            None if !auth.ready.get() => Gate::Unconfirmed,
            None => Gate::SignIn,
        },
        redraw,
    );
    move || {
        if gate.get() == Gate::SignIn {
            let next = routes::here(&location.pathname.get(), &location.search.get());
            Either::Left(view! {
                <div class="ys-empty ys-sign-in-gate">
                    {heading.map(|heading| view! { <h1>{t(heading)}</h1> })}
                    <p>{t(reason)}</p>
                    <A href=routes::sign_in(Some(&next)) attr:class="ys-button">{t(Key::SignInAction)}</A>
                </div>
            })
        } else {
            Either::Right(children())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirming_the_token_keeps_the_page() {
        let subject = |t: &str| Gate::Subject(t.into());
        assert!(!redraw(Some(&Gate::Unconfirmed), Some(&subject("a"))));
        assert!(!redraw(Some(&subject("a")), Some(&subject("a"))));
        assert!(redraw(Some(&subject("a")), Some(&subject("b"))));
        assert!(redraw(Some(&Gate::Unconfirmed), Some(&Gate::SignIn)));
        assert!(redraw(Some(&Gate::SignIn), Some(&subject("a"))));
        assert!(redraw(Some(&subject("a")), Some(&Gate::SignIn)));
        assert!(redraw(None, Some(&Gate::Unconfirmed)));
    }
}
