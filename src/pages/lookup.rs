//! Look up a case without signing in: case number + applicant name. The answer carries the
//! stage, timeline and deadline only.

use leptos::{prelude::*, task::spawn_local};
use yishi_contract::{CaseLookup, PublicCase};

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

    let submit = move || {
        let body = CaseLookup { number: number.get_untracked().trim().into(), applicant_name: name.get_untracked().trim().into() };
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
                    <input id="lookup-number" type="text" autocomplete="off" maxlength="64"
                        prop:value=move || number.get() on:input:target=move |ev| number.set(ev.target().value()) />
                </div>
                <div class="ys-field">
                    <label for="lookup-name">{t(Key::LookupName)}</label>
                    <input id="lookup-name" type="text" autocomplete="name" maxlength="64"
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
                    </section>
                }
            })}
        </section>
    }
}
