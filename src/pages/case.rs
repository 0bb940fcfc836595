//! One case: where it is, who holds it, how long it has taken against the promise, what the
//! citizen must do next, and its whole timeline.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use yishi_contract::{Case, Rating, RatingStage};

use crate::{
    api,
    components::{deadline::DeadlineBar, states::resource_view, timeline::Timeline},
    format,
    i18n::{Key, fill, lang, t, text},
    pages::cases::RequireSignIn,
    routes,
};

#[component]
pub fn CasePage() -> impl IntoView {
    crate::pages::set_title(Key::CaseTitle);
    view! { <article class="ys-page"><RequireSignIn><CaseLoader /></RequireSignIn></article> }
}

#[component]
fn CaseLoader() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let case = api::Loaded::new(move || {
        let id = id();
        async move { api::case(&id).await }
    });
    let ratings = api::Loaded::new(move || async move { api::ratings().await });
    resource_view(case, 8, move |case| {
        let mine: Vec<Rating> = ratings
            .get()
            .and_then(Result::ok)
            .map(|page| page.items.into_iter().filter(|r| r.case_id == case.summary.id).collect())
            .unwrap_or_default();
        view! { <CaseBody case ratings=mine /> }
    })
}

pub fn level_key(level: u8) -> Key {
    match level {
        5 => Key::RatingLevel5,
        4 => Key::RatingLevel4,
        3 => Key::RatingLevel3,
        2 => Key::RatingLevel2,
        1 => Key::RatingLevel1,
        _ => Key::StageUnknown,
    }
}

#[component]
fn CaseBody(case: Case, ratings: Vec<Rating>) -> impl IntoView {
    let l = lang();
    let s = &case.summary;
    let supplement = case.supplement.clone().map(|sup| {
        let due = fill(text(l, Key::CaseSupplementDue), &[("date", &format::date(l, sup.due_on))]);
        view! {
            <section class="ys-callout ys-callout--action" aria-labelledby="supplement-title">
                <h2 id="supplement-title">{text(l, Key::CaseSupplementTitle)}</h2>
                <p>{due}</p>
                <ul class="ys-list">
                    {sup.items.iter().map(|item| view! {
                        <li>
                            {item.name.get(l).to_string()}
                            {item.note.as_ref().map(|n| view! { <br /><small>{n.get(l).to_string()}</small> })}
                            {item.received.then(|| view! { " " <span class="ys-tag ys-tag--ok">{text(l, Key::CaseSupplementReceived)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
                {sup.office.as_ref().map(|o| view! { <p>{text(l, Key::CaseSupplementWhere)} "：" {o.get(l).to_string()}</p> })}
            </section>
        }
    });
    let delivery = case.delivery.clone().map(|d| {
        view! {
            <section class="ys-callout" aria-labelledby="delivery-title">
                <h2 id="delivery-title">{text(l, Key::CaseDeliveryTitle)}</h2>
                <p><strong>{text(l, format::delivery(d.method))}</strong> "：" {d.detail.get(l).to_string()}</p>
            </section>
        }
    });
    let members = (!case.members.is_empty()).then(|| {
        view! {
            <section aria-labelledby="members-title">
                <h2 id="members-title">{text(l, Key::CaseMembers)}</h2>
                <ul class="ys-list">
                    {case.members.iter().map(|m| view! {
                        <li>{m.title.get(l).to_string()} " — " <span class="ys-stage">{text(l, format::stage(m.stage))}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let rated: Vec<RatingStage> = ratings.iter().map(|r| r.stage).collect();
    let rating_list = ratings
        .iter()
        .map(|r| {
            view! {
                <li class="ys-rating-done">
                    {text(l, Key::CaseYourRating)} "：" <strong>{text(l, level_key(r.level))}</strong>
                    " (" {format::timestamp(l, r.created_at)} ")"
                </li>
            }
        })
        .collect_view();
    let prompts = s
        .ratable
        .iter()
        .filter(|stage| !rated.contains(stage))
        .map(|stage| {
            let (key, name) = match stage {
                RatingStage::Acceptance => (Key::CaseRateAcceptance, "acceptance"),
                _ => (Key::CaseRateCompletion, "completion"),
            };
            view! { <A href=routes::rate(&s.id, name) attr:class="ys-button ys-button--warm">{text(l, key)}</A> }
        })
        .collect_view();

    view! {
        <header class="ys-page__header">
            <p class="ys-eyebrow">{text(l, Key::CaseNumber)} "：" {s.number.clone()}</p>
            <h1>{s.title.get(l).to_string()}</h1>
            <p class="ys-stage ys-stage--large">{text(l, format::stage(s.stage))}</p>
        </header>
        <DeadlineBar deadline=s.deadline.clone() />
        {supplement}
        {delivery}
        <section class="ys-rating-prompt" aria-labelledby="rating-title">
            <h2 id="rating-title" class="ys-visually-hidden">{text(l, Key::RatingTitle)}</h2>
            <ul class="ys-list">{rating_list}</ul>
            <div class="ys-actions">{prompts}</div>
        </section>
        {members}
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{text(l, Key::CaseTimeline)}</h2>
            <Timeline entries=case.timeline.clone() />
        </section>
        <p><A href=routes::CASES>{t(Key::CaseBackToList)}</A></p>
    }
}
