//! "Book a visit" (预约办理): offered on a guide of a matter that needs a visit, on a case of
//! such a matter, and beside each such matter of a life event's plan, once the backend has
//! answered the office's slots. A backend without
//! appointments (404, 501) or one that cannot be reached leaves the page without it.

use crate::router::A;
use leptos::prelude::*;
use yishi_contract::MatterGuide;

use crate::{
    api,
    i18n::{Key, t},
    routes,
};

/// The first office of a guide taking appointments, when the matter needs a visit (跑动次数 ≥ 1).
pub fn bookable_office(guide: &MatterGuide) -> Option<String> {
    (guide.visits.count >= 1)
        .then(|| guide.offices.iter().find(|o| o.appointment))
        .flatten()
        .map(|o| o.id.clone())
}

/// Asks the office's slots: a value once the backend answered that it takes appointments there.
fn probe(matter_id: String, office_id: String) -> api::Loaded<()> {
    api::Loaded::new(move || {
        let (m, o) = (matter_id.clone(), office_id.clone());
        async move { api::office_slots(&o, &m).await.map(|_| ()) }
    })
}

#[component]
pub fn BookAction(
    matter_id: String,
    office_id: String,
    #[prop(optional)] case_id: Option<String>,
) -> impl IntoView {
    let probe = probe(matter_id.clone(), office_id);
    move || {
        probe.value().map(|()| {
            let href = routes::book(&matter_id, None, case_id.as_deref());
            view! {
                <section class="ys-callout ys-book-action ys-no-print" aria-labelledby="book-title">
                    <h2 id="book-title">{t(Key::VisitAction)}</h2>
                    <p>{t(Key::VisitActionIntro)}</p>
                    <A href=href attr:class="ys-button">{t(Key::VisitAction)}</A>
                </section>
            }
        })
    }
}

/// On a case: the case's matter's guide says whether it needs a visit and where to book.
#[component]
pub fn BookForCase(matter_id: String, case_id: String) -> impl IntoView {
    let m = matter_id.clone();
    let guide = api::Loaded::new(move || {
        let m = m.clone();
        async move { api::matter(&m).await }
    });
    move || {
        let office = guide.value().as_ref().and_then(bookable_office)?;
        Some(
            view! { <BookAction matter_id=matter_id.clone() office_id=office case_id=case_id.clone() /> },
        )
    }
}

/// Beside a matter of a life event's plan: "预约办理" when its guide says it needs a visit at an
/// office taking appointments and that office's slots came back; nothing otherwise.
#[component]
pub fn BookLink(matter_id: String, name: String) -> impl IntoView {
    let m = matter_id.clone();
    let guide = api::Loaded::new(move || {
        let m = m.clone();
        async move { api::matter(&m).await }
    });
    move || {
        let office = guide.value().as_ref().and_then(bookable_office)?;
        let (matter_id, name) = (matter_id.clone(), name.clone());
        let probe = probe(matter_id.clone(), office);
        Some(move || {
            probe.value().map(|()| {
                let href = routes::book(&matter_id, None, None);
                // The visible words first, then which matter (several plan rows have one).
                let label = format!("{}{}{}", t(Key::VisitAction), t(Key::Colon), name);
                view! {
                    <A href=href attr:class="ys-steps__book ys-no-print" attr:aria-label=label>
                        {t(Key::VisitAction)}
                    </A>
                }
            })
        })
    }
}
