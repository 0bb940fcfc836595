//! 下一步 on 我的办件: what the backend suggests this subject does next, with the reason —
//! a life event to start, a matter to apply for, or a benefit that comes with nothing to do
//! (免申即享). Dismissable; never a pop-up. Shows nothing while loading, when the backend does
//! not offer suggestions, when there are none, or when they cannot be loaded (the case list
//! below is what the page is for).

use crate::router::A;
use leptos::prelude::*;
use yishi_contract::{Suggestion, SuggestionKind};

use crate::{
    api::{self, ApiError},
    format,
    i18n::{Key, fill, lang, local, t},
    routes,
    submit::Submit,
    task::spawn_owned,
};

#[component]
pub fn Suggestions() -> impl IntoView {
    let items = RwSignal::new(Vec::<Suggestion>::new());
    spawn_owned(async move {
        if let Ok(Some(list)) = api::suggestions().await {
            // Kinds this app does not know are left out, as the contract allows.
            let known = list
                .items
                .into_iter()
                .filter(|s| s.kind != SuggestionKind::Unknown)
                .collect();
            items.set(known);
        }
    });
    let dismissed = move |id: String| items.update(|list| list.retain(|s| s.id != id));
    move || {
        let list = items.get();
        (!list.is_empty()).then(|| {
            let cards = list
                .into_iter()
                .map(|s| view! { <li><SuggestionCard suggestion=s on_dismissed=Callback::new(dismissed) /></li> })
                .collect_view();
            view! {
                <section class="ys-suggestions" aria-labelledby="suggestions-title">
                    <h2 id="suggestions-title">{t(Key::SuggestionsTitle)}</h2>
                    <ul class="ys-list ys-suggestions__list">{cards}</ul>
                </section>
            }
        })
    }
}

#[component]
fn SuggestionCard(suggestion: Suggestion, on_dismissed: Callback<String>) -> impl IntoView {
    let l = lang();
    let s = suggestion;
    let title = local(&s.title);
    // The title is the way in: the life event or the matter's guide.
    let href = match (s.kind, s.event_id.as_deref(), s.matter_id.as_deref()) {
        (SuggestionKind::Event, Some(id), _) => Some(routes::event(id)),
        (SuggestionKind::Matter, _, Some(id)) => Some(routes::matter(id)),
        _ => None,
    };
    let dismiss_label = fill(t(Key::SuggestionsDismiss), &[("name", &title)]);
    let heading = match href {
        Some(href) => view! { <A href=href>{title}</A> }.into_any(),
        None => title.into_any(),
    };
    // 免申即享: that there is nothing to do, then how much, from when and how, on one line.
    let benefit = s.benefit.map(|b| {
        let mut facts: Vec<String> = Vec::new();
        facts.extend(b.amount.as_ref().map(local));
        facts.extend(b.starts_on.map(|d| {
            fill(
                t(Key::SuggestionsBenefitFrom),
                &[("date", &format::date(l, d))],
            )
        }));
        facts.push(local(&b.how));
        view! {
            <p><strong>{t(Key::SuggestionsBenefitNothingToDo)}</strong></p>
            <p>{facts.join(t(Key::ClauseSeparator))}</p>
        }
    });
    let dismissing = Submit::<ApiError>::new();
    let id = s.id.clone();
    let dismiss = move |_| {
        let id = id.clone();
        dismissing.send(
            {
                let id = id.clone();
                async move { api::dismiss_suggestion(&id).await }
            },
            move |result| {
                result?;
                on_dismissed.run(id);
                Ok(())
            },
        );
    };
    view! {
        <article class="ys-suggestion" class:ys-suggestion--benefit=s.kind == SuggestionKind::Benefit>
            <div class="ys-suggestion__text">
                <h3>{heading}</h3>
                <p class="ys-muted">{local(&s.reason)}</p>
                {benefit}
                {move || dismissing.error().map(|e| view! { <p class="ys-error__message" role="alert">{t(e.message())}</p> })}
            </div>
            <button type="button" class="ys-button ys-button--quiet" aria-label=dismiss_label
                aria-disabled=move || dismissing.busy().to_string() on:click=dismiss>{t(Key::SuggestionsDismissShort)}</button>
        </article>
    }
}
