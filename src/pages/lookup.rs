//! Look up a case without signing in, by what the acceptance receipt (受理回执) carries: the
//! case number and the query code (查询码), which the applicant also finds on the case page.
//! The answer carries the stage, timeline and deadline only; the timeline shows fixed stage
//! names, never an office's notes (dropped here too, whatever a backend sends).

use crate::router::A;
use leptos::prelude::*;
use yishi_contract::{CaseLookup, PublicCase, PublicSupplement};
use yishi_core::lookup;

use crate::pages::rate::RateForm;

use crate::{
    api::{self, ApiError},
    components::{deadline::DeadlineBar, office::OfficeCard, timeline::Timeline},
    format,
    i18n::{Key, PageKey, fill, lang, local, t, text},
    routes,
    submit::Submit,
};

#[component]
pub fn LookupPage() -> impl IntoView {
    crate::pages::set_title(Key::LookupTitle);
    let number = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sending = Submit::<PageKey>::new();
    let found = RwSignal::new(None::<PublicCase>);
    let asked = RwSignal::new(None::<CaseLookup>);

    let submit = move || {
        let body = CaseLookup {
            number: number.get_untracked().trim().into(),
            query_code: code.get_untracked().trim().into(),
        };
        if body.number.is_empty() || body.query_code.is_empty() {
            sending.fail(Key::LookupMissing);
            return;
        }
        let asking = body.clone();
        sending.send(
            async move { api::lookup(&asking).await },
            move |result| match result {
                Ok(mut case) => {
                    for entry in &mut case.timeline {
                        entry.note = None;
                    }
                    asked.set(Some(body));
                    found.set(Some(case));
                    Ok(())
                }
                Err(ApiError::NotFound) => {
                    found.set(None);
                    Err(Key::LookupNotFound)
                }
                Err(e) => Err(e.message().page()),
            },
        );
    };

    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::LookupTitle)}</h1>
            <p class="ys-muted">{t(Key::LookupIntro)}</p>
            <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || sending.error().map(|key| view! { <p class="ys-error__message" role="alert">{t(key)}</p> })}
                <div class="ys-field">
                    <label for="lookup-number">{t(Key::CaseNumber)}</label>
                    <input id="lookup-number" type="text" autocomplete="off" maxlength=lookup::NUMBER_MAX_CHARS.to_string()
                        prop:value=move || number.get() on:input:target=move |ev| number.set(ev.target().value()) />
                </div>
                <div class="ys-field">
                    <label for="lookup-code">{t(Key::LookupCode)}</label>
                    <p id="lookup-code-hint" class="ys-muted">{t(Key::LookupCodeHint)}</p>
                    <input id="lookup-code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
                        maxlength=lookup::QUERY_CODE_MAX_CHARS.to_string() aria-describedby="lookup-code-hint"
                        prop:value=move || code.get() on:input:target=move |ev| code.set(ev.target().value()) />
                </div>
                <div class="ys-actions">
                    <button type="submit" class="ys-button" aria-disabled=move || sending.busy().to_string()>{t(Key::LookupAction)}</button>
                </div>
            </form>
            {move || found.get().map(|case| {
                let l = lang();
                view! {
                    <section class="ys-lookup-result" aria-labelledby="lookup-result-title">
                        <h2 id="lookup-result-title">{case.title.get(l).to_string()}</h2>
                        <p class="ys-stage ys-stage--large">{text(l, format::stage(case.stage))}</p>
                        {case.supplement.clone().map(|s| view! { <PublicSupplementView supplement=s /> })}
                        <DeadlineBar deadline=case.deadline.clone() stage=case.stage />
                        <Timeline entries=case.timeline.clone() />
                        {asked.get().map(|lookup| view! { <AnonymousRating case=case.clone() lookup /> })}
                    </section>
                }
            })}
        </section>
    }
}

/// What is missing, by when and how, for a citizen without an account: the names of the
/// items (never the office's notes), the due day, where paper can be brought, and that
/// uploading needs sign-in.
#[component]
fn PublicSupplementView(supplement: PublicSupplement) -> impl IntoView {
    let l = lang();
    let due = fill(
        t(Key::CaseSupplementDue),
        &[("date", &format::date(l, supplement.due_on))],
    );
    let items = supplement
        .items
        .iter()
        .map(|i| {
            view! {
                <li>
                    <span class="ys-strong">{local(&i.name)}</span>
                    {i.received.then(|| view! { " " <span class="ys-tag ys-tag--ok">{t(Key::CaseSupplementReceived)}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ys-callout ys-callout--action" aria-labelledby="public-supplement-title">
            <h3 id="public-supplement-title">{t(Key::CaseSupplementTitle)}</h3>
            <p>{due}</p>
            <ul class="ys-list">{items}</ul>
            <p>{t(Key::LookupSupplementHow)}</p>
            <A href=routes::sign_in(Some(routes::CASES)) attr:class="ys-button">{t(Key::LookupSupplementSignIn)}</A>
            {supplement.bring_to.map(|o| view! { <OfficeCard office=o heading=Key::CaseSupplementWhere /> })}
        </section>
    }
}

/// Rating without signing in, as portals allow: by the case number and query code. Such a
/// rating is marked as sent without sign-in and never takes the applicant's own.
#[component]
fn AnonymousRating(case: PublicCase, lookup: CaseLookup) -> impl IntoView {
    // What the backend says is open, else what the stage allows (a second rating is then a 409).
    let stages = case
        .ratable
        .clone()
        .unwrap_or_else(|| yishi_core::stages::ratable_stages(case.stage));
    let Some(stage) = stages.iter().next_back().copied() else {
        return ().into_any();
    };
    let action = if stage == yishi_contract::RatingStage::Acceptance {
        Key::CaseRateAcceptance
    } else {
        Key::CaseRateCompletion
    };
    let open = RwSignal::new(false);
    let options = crate::api::Loaded::new(|| async { crate::api::rating_options().await });
    let title = case.title.clone();
    view! {
        <section class="ys-rating-prompt" aria-labelledby="anonymous-rating-title">
            <h3 id="anonymous-rating-title">{t(Key::RatingTitle)}</h3>
            {move || match (open.get(), options.value()) {
                (true, Some(options)) => view! {
                    <RateForm options case_id=String::new() case_title=title.clone() stage lookup=Some(lookup.clone()) />
                }.into_any(),
                _ => view! {
                    <p class="ys-muted">{t(Key::LookupRatingNote)}</p>
                    <button type="button" class="ys-button ys-button--warm" on:click=move |_| open.set(true)>{t(action)}</button>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
