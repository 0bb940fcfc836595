//! Home: the search box first, then life events as a two-column grid of large cards, grouped
//! by category, for individuals or businesses, then the most used matters.

use crate::router::A;
use leptos::{either::EitherOf3, prelude::*};
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
    let audience = RwSignal::new(if business {
        Audience::Business
    } else {
        Audience::Person
    });
    // Kept when the citizen switches, not on every visit: a device keeps only what was chosen
    // on it (nothing at all after 删除这台设备上的数据).
    let choose = move |value: Audience| {
        audience.set(value);
        let kept = if value == Audience::Business {
            "business"
        } else {
            "person"
        };
        store::set_raw(Scope::Device, AUDIENCE_KEY, kept);
    };
    crate::pages::set_title(Key::AppTagline);

    let body = move || match (catalogue.data.get(), catalogue.error.get()) {
        (Some(data), _) => EitherOf3::A(
            view! { <Events data audience=audience.get() elderly=crate::display::use_display().elderly.get() /> },
        ),
        (None, Some(error)) => {
            EitherOf3::B(view! { <ErrorPanel error retry=move |_| catalogue.retry() /> })
        }
        (None, None) => EitherOf3::C(view! { <Loading lines=6 /> }),
    };
    let tab = move |value: Audience, key: Key| {
        view! {
            <button
                type="button"
                class="ys-tabs__tab"
                aria-pressed=move || (audience.get() == value).to_string()
                on:click=move |_| choose(value)
            >
                {t(key)}
            </button>
        }
    };

    let display = crate::display::use_display();
    let offer = move || {
        (!display.chosen.get()).then(|| view! {
            <section class="ys-mode-offer" aria-labelledby="mode-offer-text">
                <p id="mode-offer-text">{t(Key::ModeOffer)}</p>
                <button type="button" class="ys-button" on:click=move |_| display.choose(true)>{t(Key::ModeUseElderly)}</button>
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| display.choose(false)>{t(Key::ModeKeepStandard)}</button>
            </section>
        })
    };
    view! {
        {offer}
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
fn Events(
    data: std::sync::Arc<CatalogueIndex>,
    audience: Audience,
    elderly: bool,
) -> impl IntoView {
    let l = lang();
    // Category chips filter one grid of cards: on a phone, a heading per category would leave
    // most of the screen to single cards.
    let category = RwSignal::new(None::<String>);
    let categories: Vec<(String, String)> = data
        .categories
        .iter()
        .filter(|c| serves(c.audience, audience))
        .filter(|c| {
            data.events
                .iter()
                .any(|e| e.category == c.id && serves(e.audience, audience))
        })
        .map(|c| (c.id.clone(), c.name.get(l).to_string()))
        .collect();
    let chip = move |id: Option<String>, name: String| {
        let selected = id.clone();
        view! {
            <li>
                <button type="button" class="ys-chip" aria-pressed=move || (category.get() == selected).to_string()
                    on:click=move |_| category.set(id.clone())>{name}</button>
            </li>
        }
    };
    let chips = std::iter::once(chip(None, text(l, Key::HomeAllCategories).to_string()))
        .chain(
            categories
                .iter()
                .map(|(id, name)| chip(Some(id.clone()), name.clone())),
        )
        .collect_view();
    let order: Vec<String> = categories.iter().map(|(id, _)| id.clone()).collect();
    let mut events: Vec<EventCard> = data
        .events
        .iter()
        .filter(|e| serves(e.audience, audience))
        .cloned()
        .collect();
    if elderly {
        // A simpler home: the most used events first, no category filter to work out.
        yishi_core::order::by_rank(&mut events, |e| -i64::from(e.popularity));
    } else {
        yishi_core::order::by_rank(&mut events, |e| {
            order
                .iter()
                .position(|c| *c == e.category)
                .map_or(i64::MAX, |p| p as i64)
        });
    }
    let names: Vec<(String, String)> = categories.clone();
    let cards = move || {
        let chosen = category.get();
        events
            .iter()
            .filter(|e| chosen.as_ref().is_none_or(|c| *c == e.category))
            .map(|e| {
                let group = names
                    .iter()
                    .find(|(id, _)| *id == e.category)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                view! { <li><EventCardView event=e.clone() group /></li> }
            })
            .collect_view()
    };
    let mut popular: Vec<_> = data
        .matters
        .iter()
        .filter(|m| serves(m.audience, audience))
        .collect();
    yishi_core::order::by_rank(&mut popular, |m| -i64::from(m.popularity));
    let popular = popular
        .into_iter()
        .take(8)
        .map(|m| (routes::matter(&m.id), m.name.get(l).to_string()))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(href, name)| view! { <li><A href=href>{name}</A></li> })
        .collect_view();
    view! {
        <section aria-labelledby="events-title">
            <h2 id="events-title" class="ys-visually-hidden">{text(l, Key::HomeEventsTitle)}</h2>
            {(!elderly).then(|| view! { <ul class="ys-chips" aria-label=text(l, Key::HomeCategoryLabel)>{chips}</ul> })}
            <ul class="ys-cards">{cards}</ul>
        </section>
        <section class="ys-popular" aria-labelledby="popular-title">
            <h2 id="popular-title">{text(l, Key::HomePopularMatters)}</h2>
            <ul class="ys-links">{popular}</ul>
        </section>
    }
}

#[component]
fn EventCardView(event: EventCard, group: String) -> impl IntoView {
    let l = lang();
    let count = fill(
        text(l, Key::EventMatterCount),
        &[("n", &event.matter_count.to_string())],
    );
    view! {
        <A href=routes::event(&event.id) attr:class="ys-card">
            <EventIcon icon=event.icon />
            <span class="ys-card__group">{group}</span>
            <span class="ys-card__title">{event.name.get(l).to_string()}</span>
            <span class="ys-card__facts">
                <span>{count}</span>
                <span>{format::limit(l, &event.promised_limit)}</span>
                <span>{format::visits(l, event.max_visits)}</span>
            </span>
        </A>
    }
}
