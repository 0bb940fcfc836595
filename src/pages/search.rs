//! Full search results for `?q=`, with the matched characters highlighted.

use crate::router::{A, use_query_map};
use leptos::prelude::*;

use crate::{
    catalogue::use_catalogue,
    components::{
        feedback::FeedbackForm,
        search_box::{Highlighted, SearchBox, suggestions},
        states::{Empty, ErrorPanel, Loading},
    },
    i18n::{Key, fill, lang, t, text},
    routes,
};
use yishi_contract::FeedbackKind;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let catalogue = use_catalogue();
    catalogue.want_search();
    crate::pages::set_title(Key::SearchTitle);
    let results = Memo::new(move |_| suggestions(&q.get(), 30));

    let body = move || {
        if catalogue.index.get().is_none() {
            return match catalogue.error.get() {
                Some(error) => {
                    view! { <ErrorPanel error retry=move |_| catalogue.retry() /> }.into_any()
                }
                None => view! { <Loading lines=4 /> }.into_any(),
            };
        }
        let hits = results.get();
        if hits.is_empty() {
            return view! {
                <Empty message=Key::SearchNoResults>
                    <p><A href=routes::HOME>{t(Key::SearchBrowseEvents)}</A></p>
                </Empty>
                <FeedbackForm kind=FeedbackKind::SearchMiss query=q.get_untracked() summary=Key::FeedbackSearchSummary label=Key::FeedbackSearchLabel />
            }
            .into_any();
        }
        let l = lang();
        view! {
            <p class="ys-muted" role="status">{fill(text(l, Key::SearchCount), &[("n", &hits.len().to_string())])}</p>
            <ul class="ys-results">
                {hits.into_iter().map(|s| { let label = crate::i18n::local(&s.name); view! {
                    <li class="ys-result">
                        <span class="ys-tag">{text(l, s.kind)}</span>
                        <A href=s.href.clone() attr:aria-label=label><Highlighted name=s.name.clone() matched=s.matched.clone() /></A>
                    </li>
                }}).collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <section class="ys-page">
            <h1>{t(Key::SearchTitle)}</h1>
            {move || view! { <SearchBox id="page-search" initial=q.get() /> }}
            {body}
        </section>
    }
}
