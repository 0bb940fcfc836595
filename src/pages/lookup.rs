//! Look up a case without signing in: case number + applicant name. The answer carries the
//! stage, timeline and deadline only.

use leptos::{prelude::*, task::spawn_local};
use yishi_contract::{CaseLookup, PublicCase};
use yishi_core::lookup;

use crate::pages::rate::RateForm;

use crate::{
    api::{self, ApiError},
    components::{deadline::DeadlineBar, timeline::Timeline},
    format,
    i18n::{Key, lang, t, text},
};

#[component]
pub fn LookupPage() -> impl IntoView {
    crate::pages::set_title(Key::LookupTitle);
    let number = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);
    let found = RwSignal::new(None::<PublicCase>);
    let asked = RwSignal::new(None::<CaseLookup>);

    let submit = move || {
        let body = CaseLookup {
            number: number.get_untracked().trim().into(),
            applicant_name: name.get_untracked().trim().into(),
        };
        if body.number.is_empty() || body.applicant_name.is_empty() {
            error.set(Some(Key::LookupMissing));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::lookup(&body).await {
                Ok(case) => {
                    let _ = found.try_set(Some(case));
                }
                Err(ApiError::NotFound) => {
                    let _ = found.try_set(None);
                    let _ = error.try_set(Some(Key::LookupNotFound));
                }
                Err(e) => {
                    let _ = error.try_set(Some(e.message()));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::LookupTitle)}</h1>
            <p class="ys-muted">{t(Key::LookupIntro)}</p>
            <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || error.get().map(|key| view! { <p class="ys-error__message" role="alert">{t(key)}</p> })}
                <div class="ys-field">
                    <label for="lookup-number">{t(Key::CaseNumber)}</label>
                    <input id="lookup-number" type="text" autocomplete="off" maxlength=lookup::NUMBER_MAX_CHARS.to_string()
                        prop:value=move || number.get() on:input:target=move |ev| number.set(ev.target().value()) />
                </div>
                <div class="ys-field">
                    <label for="lookup-name">{t(Key::LookupName)}</label>
                    <input id="lookup-name" type="text" autocomplete="name" maxlength=lookup::NAME_MAX_CHARS.to_string()
                        prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value()) />
                </div>
                <div class="ys-actions">
                    <button type="submit" class="ys-button" aria-disabled=move || busy.get().to_string()>{t(Key::LookupAction)}</button>
                </div>
            </form>
            {move || found.get().map(|case| {
                let l = lang();
                view! {
                    <section class="ys-lookup-result" aria-labelledby="lookup-result-title">
                        <h2 id="lookup-result-title">{case.title.get(l).to_string()}</h2>
                        <p class="ys-stage ys-stage--large">{text(l, format::stage(case.stage))}</p>
                        <DeadlineBar deadline=case.deadline.clone() />
                        <Timeline entries=case.timeline.clone() />
                        {asked.get().map(|lookup| view! { <AnonymousRating case=case.clone() lookup /> })}
                    </section>
                }
            })}
        </section>
    }
}

/// Rating without signing in, as portals allow: by the case number and the applicant's name.
#[component]
fn AnonymousRating(case: PublicCase, lookup: CaseLookup) -> impl IntoView {
    let stages = yishi_core::stages::ratable_stages(case.stage);
    let Some(stage) = stages.iter().next_back().copied() else {
        return ().into_any();
    };
    let open = RwSignal::new(false);
    let done = RwSignal::new(None::<yishi_core::outbox::State>);
    let options = crate::api::Loaded::new(|| async { crate::api::rating_options().await });
    let title = case.title.clone();
    view! {
        <section class="ys-rating-prompt" aria-labelledby="anonymous-rating-title">
            <h3 id="anonymous-rating-title">{t(Key::RatingTitle)}</h3>
            {move || match (done.get(), open.get(), options.value()) {
                (Some(yishi_core::outbox::State::Sent { .. }), _, _) => view! { <p class="ys-callout" role="status">{t(Key::OutboxSent)}</p> }.into_any(),
                (Some(_), _, _) => view! { <p class="ys-callout" role="status">{t(Key::OutboxWaiting)}</p> }.into_any(),
                (None, true, Some(options)) => view! {
                    <RateForm options case_id=String::new() case_title=title.clone() stage lookup=Some(lookup.clone())
                        on_done=Callback::new(move |state| done.set(Some(state))) />
                }.into_any(),
                _ => view! {
                    <button type="button" class="ys-button ys-button--warm" on:click=move |_| open.set(true)>{t(Key::CaseRateCompletion)}</button>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
