//! 下一步: on a closed case, the life events and matters the citizen may need next, from the
//! catalogue (`yishi_core::related`), so it works with any backend. Links only: nothing pops up
//! and nothing is started for the citizen.

use crate::router::A;
use leptos::prelude::*;

use crate::{
    catalogue::use_catalogue,
    i18n::{Key, local, t},
    routes,
};

#[component]
pub fn NextSteps(event_id: Option<String>, matter_id: Option<String>) -> impl IntoView {
    let catalogue = use_catalogue();
    move || {
        // Owned copies: the view outlives the catalogue borrow.
        let (events, matters) = catalogue.data.with(|data| {
            let Some(data) = data.as_ref() else {
                return (Vec::new(), Vec::new());
            };
            let related =
                yishi_core::related::after_case(data, event_id.as_deref(), matter_id.as_deref());
            (
                related.events.into_iter().cloned().collect::<Vec<_>>(),
                related.matters.into_iter().cloned().collect::<Vec<_>>(),
            )
        });
        if events.is_empty() && matters.is_empty() {
            return None;
        }
        let has_matters = !matters.is_empty();
        let events = events
            .into_iter()
            .map(|e| {
                view! {
                    <li>
                        <A href=routes::event(&e.id)>{local(&e.name)}</A>
                        <span class="ys-muted">{local(&e.summary)}</span>
                    </li>
                }
            })
            .collect_view();
        let matters = matters
            .into_iter()
            .map(|m| view! { <li><A href=routes::matter(&m.id)>{local(&m.name)}</A></li> })
            .collect_view();
        Some(view! {
            <section class="ys-next" aria-labelledby="next-title">
                <h2 id="next-title">{t(Key::CaseNextTitle)}</h2>
                <ul class="ys-list ys-next__events">{events}</ul>
                {has_matters.then(|| view! {
                    <h3>{t(Key::CaseNextMatters)}</h3>
                    <ul class="ys-list">{matters}</ul>
                })}
            </section>
        })
    }
}
