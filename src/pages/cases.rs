//! My cases (我的办件): newest first, filterable by state, each with its stage and deadline bar.

use crate::router::{A, use_query_map};
use leptos::prelude::*;
use yishi_contract::{CaseState, CaseSummary};

use crate::{
    api,
    components::{
        deadline::DeadlineBar,
        refresh,
        require_sign_in::RequireSignIn,
        states::{Empty, resource_view},
    },
    format,
    i18n::{Key, PageKey, fill, lang, t, text},
    routes,
};

const FILTERS: [(Option<CaseState>, PageKey); 4] = [
    (None, Key::CasesFilterAll),
    (Some(CaseState::InProgress), Key::CasesFilterInProgress),
    (Some(CaseState::NeedsAction), Key::CasesFilterNeedsAction),
    (Some(CaseState::Done), Key::CasesFilterDone),
];

fn parse_state(s: Option<String>) -> Option<CaseState> {
    s.and_then(|s| yishi_json::from_str::<CaseState>(&format!("\"{s}\"")).ok())
        .filter(|s| *s != CaseState::Unknown)
}

mod suggestions;

#[component]
pub fn CasesPage() -> impl IntoView {
    crate::pages::set_title(Key::CasesTitle);
    view! {
        <section class="ys-page">
            <h1>{t(Key::CasesTitle)}</h1>
            <RequireSignIn reason=Key::SignInNeeded><CaseList /></RequireSignIn>
        </section>
    }
}

#[component]
fn CaseList() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| parse_state(query.read().get("state")));
    let cases = api::Loaded::new(move || {
        let state = state.get();
        async move { api::cases(state, None).await }
    });
    refresh::on_return(move || cases.reload());
    let filters = FILTERS
        .iter()
        .map(|(value, key)| {
            let value = *value;
            let href = match value {
                None => routes::CASES.to_string(),
                Some(s) => format!("{}?state={}", routes::CASES, crate::format::case_state_param(s)),
            };
            view! {
                <li><a href=href class="ys-filter" aria-current=move || (state.get() == value).then_some("page")>{t(*key)}</a></li>
            }
        })
        .collect_view();
    view! {
        <suggestions::Suggestions />
        <nav aria-label=t(Key::CasesFilterLabel)><ul class="ys-filters">{filters}</ul></nav>
        {resource_view(cases, 5, |page| {
            if page.items.is_empty() {
                view! { <Empty message=Key::CasesEmpty><A href=routes::HOME>{t(Key::SearchBrowseEvents)}</A></Empty> }.into_any()
            } else {
                // The contract lists cases needing the citizen first; a backend that does not
                // still gets them first within the page (a stable sort keeps its order).
                let mut items = page.items;
                items.sort_by_key(|c| c.state != CaseState::NeedsAction);
                view! { <ul class="ys-case-list">{items.into_iter().map(|c| view! { <li><CaseCard case=c /></li> }).collect_view()}</ul> }.into_any()
            }
        })}
    }
}

#[component]
fn CaseCard(case: CaseSummary) -> impl IntoView {
    let l = lang();
    let needs_action = case.state == CaseState::NeedsAction;
    // The citizen's own deadline first: what to do and by when, on the card itself.
    let action = needs_action.then(|| {
        let line = match case.action_due_on {
            Some(d) => fill(text(l, Key::CasesActionBy), &[("date", &format::date(l, d))]),
            None => text(l, Key::CasesAction).to_string(),
        };
        view! {
            <p class="ys-case-card__action">
                <strong>{line}</strong> " "
                <A href=routes::case(&case.id) attr:class="ys-button ys-button--warm">{text(l, Key::CasesActionOpen)}</A>
            </p>
        }
    });
    view! {
        <article class="ys-case-card" class:ys-case-card--action=needs_action>
            <h2 class="ys-case-card__title"><A href=routes::case(&case.id)>{case.title.get(l).to_string()}</A></h2>
            <p class="ys-case-card__meta">
                <span>{text(l, Key::CaseNumber)} {text(l, Key::Colon)} {case.number.clone()}</span>
                <span class="ys-stage">{text(l, format::stage(case.stage))}</span>
                {needs_action.then(|| view! { <strong class="ys-tag ys-tag--warn">{text(l, Key::CasesFilterNeedsAction)}</strong> })}
            </p>
            {action}
            <DeadlineBar deadline=case.deadline.clone() stage=case.stage />
        </article>
    }
}
