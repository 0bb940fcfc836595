//! A life event (一件事): what it is, the facts that matter (how many matters, how long, how many
//! visits), and its steps as GOV.UK-style step-by-step navigation: collapsed by default, with
//! "and"/"or" between steps and a "show all" switch.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use yishi_contract::{Joiner, LifeEvent, Necessity, Step};

use crate::{
    api,
    components::{icon::EventIcon, states::resource_view},
    format,
    i18n::{Key, fill, lang, t, text},
    routes,
};

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let event = api::Loaded::new(move || {
        let id = id();
        async move { api::event(&id).await }
    });
    view! { <article class="ys-page">{resource_view(event, 8, |e| view! { <EventBody event=e /> })}</article> }
}

#[component]
fn EventBody(event: LifeEvent) -> impl IntoView {
    let l = lang();
    crate::pages::set_title_text(event.card.name.get(l));
    let card = &event.card;
    let show_all = RwSignal::new(false);
    let steps = event
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| view! { <StepView index=i step=step.clone() show_all /> })
        .collect_view();
    view! {
        <header class="ys-page__header ys-event__header">
            <EventIcon icon=card.icon />
            <h1>{card.name.get(l).to_string()}</h1>
        </header>
        <p class="ys-lead">{card.summary.get(l).to_string()}</p>
        <dl class="ys-facts">
            <div><dt>{text(l, Key::EventFactMatters)}</dt><dd>{card.matter_count}</dd></div>
            <div><dt>{text(l, Key::EventFactPromised)}</dt><dd>{format::limit(l, &card.promised_limit)}</dd></div>
            <div><dt>{text(l, Key::EventFactVisits)}</dt><dd>{format::visits(l, card.max_visits)}</dd></div>
        </dl>
        {event.description.iter().map(|p| view! { <p>{p.get(l).to_string()}</p> }).collect_view()}
        <section class="ys-steps" aria-labelledby="steps-title">
            <div class="ys-steps__head">
                <h2 id="steps-title">{text(l, Key::EventSteps)}</h2>
                <button type="button" class="ys-link-button" aria-expanded=move || show_all.get().to_string() on:click=move |_| show_all.update(|s| *s = !*s)>
                    {move || t(if show_all.get() { Key::EventHideAll } else { Key::EventShowAll })}
                </button>
            </div>
            <ol class="ys-steps__list">{steps}</ol>
        </section>
    }
}

#[component]
fn StepView(index: usize, step: Step, show_all: RwSignal<bool>) -> impl IntoView {
    let l = lang();
    let joiner = (index > 0).then(|| {
        let key = if step.joiner == Joiner::Or { Key::EventStepOr } else { Key::EventStepAnd };
        view! { <p class="ys-steps__joiner">{text(l, key)}</p> }
    });
    let count = fill(text(l, Key::EventMatterCount), &[("n", &step.matters.len().to_string())]);
    let title = step.title.get(l).to_string();
    let matters = step
        .matters
        .into_iter()
        .map(|m| {
            let materials = m
                .materials
                .into_iter()
                .map(|mat| {
                    let optional = mat.necessity != Necessity::Required;
                    view! {
                        <li>
                            {mat.name.get(l).to_string()}
                            {optional.then(|| view! { " " <span class="ys-tag">{text(l, format::necessity(mat.necessity))}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="ys-steps__matter">
                    <A href=routes::matter(&m.matter_id)>{m.name.get(l).to_string()}</A>
                    <ul class="ys-steps__materials">{materials}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="ys-steps__step">
            {joiner}
            <details class="ys-steps__details" prop:open=move || show_all.get()>
                <summary>
                    <span class="ys-steps__number" aria-hidden="true">{index + 1}</span>
                    <span class="ys-steps__title">{title}</span>
                    <span class="ys-steps__count">{count}</span>
                </summary>
                <ul class="ys-steps__matters">{matters}</ul>
            </details>
        </li>
    }
}
