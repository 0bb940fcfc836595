//! Home: the search box first, then life events as a two-column grid of large cards, grouped
//! by category, for individuals or businesses, then the most used matters.

use leptos::{either::EitherOf3, prelude::*};
use leptos_router::components::A;
use yishi_contract::{Audience, CatalogueIndex, EventCard};

use crate::{
    catalogue::use_catalogue,
    components::{
        icon::EventIcon,
        search_box::SearchBox,
        states::{ErrorPanel, Loading},
    },
    format,
    i18n::{Key, fill, lang, t, text},
    routes,
    store::{self, Scope},
};

const AUDIENCE_KEY: &str = "home.audience";

#[component]
pub fn HomePage() -> impl IntoView {
    let catalogue = use_catalogue();
    let business = store::get_raw(Scope::Device, AUDIENCE_KEY).as_deref() == Some("business");
    let audience = RwSignal::new(if business { Audience::Business } else { Audience::Person });
    Effect::new(move |_| {
        let value = if audience.get() == Audience::Business { "business" } else { "person" };
        store::set_raw(Scope::Device, AUDIENCE_KEY, value);
    });
    crate::pages::set_title(Key::AppTagline);

    let body = move || match (catalogue.data.get(), catalogue.error.get()) {
        (Some(data), _) => EitherOf3::A(view! { <Events data audience=audience.get() /> }),
        (None, Some(error)) => EitherOf3::B(view! { <ErrorPanel error retry=move |_| catalogue.retry() /> }),
        (None, None) => EitherOf3::C(view! { <Loading lines=6 /> }),
    };
    let tab = move |value: Audience, key: Key| {
        view! {
            <button
                type="button"
                class="ys-tabs__tab"
                aria-pressed=move || (audience.get() == value).to_string()
                on:click=move |_| audience.set(value)
            >
                {t(key)}
            </button>
        }
    };

    view! {
        <section class="ys-hero">
            <h1 class="ys-hero__title">{t(Key::AppTagline)}</h1>
            <SearchBox id="home-search" large=true />
        </section>
        <div class="ys-tabs" role="group" aria-label=t(Key::HomeAudienceLabel)>
            {tab(Audience::Person, Key::HomeForPeople)}
            {tab(Audience::Business, Key::HomeForBusiness)}
        </div>
        {body}
    }
}

fn serves(card_audience: Audience, wanted: Audience) -> bool {
    card_audience == wanted || card_audience == Audience::Both || card_audience == Audience::Unknown
}

#[component]
fn Events(data: std::sync::Arc<CatalogueIndex>, audience: Audience) -> impl IntoView {
    let l = lang();
    let groups = data
        .categories
        .iter()
        .filter(|c| serves(c.audience, audience))
        .filter_map(|category| {
            let events: Vec<&EventCard> = data.events.iter().filter(|e| e.category == category.id && serves(e.audience, audience)).collect();
            (!events.is_empty()).then(|| {
                let heading_id = format!("cat-{}", category.id);
                let labelled_by = heading_id.clone();
                view! {
                    <section class="ys-category" aria-labelledby=labelled_by>
                        <h2 id=heading_id class="ys-category__title">{category.name.get(l).to_string()}</h2>
                        <ul class="ys-cards">
                            {events.into_iter().map(|e| view! { <li><EventCardView event=e.clone() /></li> }).collect_view()}
                        </ul>
                    </section>
                }
            })
        })
        .collect_view();
    let mut popular: Vec<_> = data.matters.iter().filter(|m| serves(m.audience, audience)).collect();
    popular.sort_by(|a, b| b.popularity.cmp(&a.popularity));
    let popular = popular
        .into_iter()
        .take(8)
        .map(|m| (routes::matter(&m.id), m.name.get(l).to_string()))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(href, name)| view! { <li><A href=href>{name}</A></li> })
        .collect_view();
    view! {
        {groups}
        <section class="ys-popular" aria-labelledby="popular-title">
            <h2 id="popular-title">{text(l, Key::HomePopularMatters)}</h2>
            <ul class="ys-links">{popular}</ul>
        </section>
    }
}

#[component]
fn EventCardView(event: EventCard) -> impl IntoView {
    let l = lang();
    let count = fill(text(l, Key::EventMatterCount), &[("n", &event.matter_count.to_string())]);
    view! {
        <A href=routes::event(&event.id) attr:class="ys-card">
            <EventIcon icon=event.icon />
            <span class="ys-card__title">{event.name.get(l).to_string()}</span>
            <span class="ys-card__facts">
                <span>{count}</span>
                <span>{format::limit(l, &event.promised_limit)}</span>
                <span>{format::visits(l, event.max_visits)}</span>
            </span>
        </A>
    }
}
