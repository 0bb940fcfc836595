//! Rate a case (好差评, 一事一评): five labelled levels with none preselected, reasons or a
//! comment required for a bad rating, a live character counter, and one submission however
//! often the button is pressed (one Idempotency-Key per form).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use yishi_contract::{Channel, NewRating, RatingOptions, RatingStage, field_codes};

use crate::{
    api,
    components::states::resource_view,
    i18n::{Key, fill, local, t},
    pages::{case::level_key, cases::RequireSignIn},
    routes,
};

#[component]
pub fn RatePage() -> impl IntoView {
    crate::pages::set_title(Key::RatingTitle);
    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::RatingTitle)}</h1>
            <RequireSignIn><RateLoader /></RequireSignIn>
        </section>
    }
}

#[component]
fn RateLoader() -> impl IntoView {
    let options = api::Loaded::new(|| async { api::rating_options().await });
    resource_view(options, 6, |options| view! { <RateForm options /> })
}

#[component]
fn RateForm(options: RatingOptions) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let case_id = params.get_untracked().get("id").unwrap_or_default();
    let stage = match query.get_untracked().get("stage").as_deref() {
        Some("acceptance") => RatingStage::Acceptance,
        _ => RatingStage::Completion,
    };
    let level = RwSignal::new(None::<u8>);
    let reasons = RwSignal::new(Vec::<String>::new());
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Key>);
    // One key for this form: a double tap or a retry after a timeout is the same rating.
    let idempotency_key = api::new_idempotency_key();
    let max = options.comment_max_chars;
    let is_bad = move || level.get().is_some_and(yishi_core::rating::is_bad);
    let options_for_submit = options.clone();

    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        let Some(chosen) = level.get_untracked() else {
            errors.set(vec![("/level".into(), field_codes::REQUIRED.into())]);
            return;
        };
        let body = NewRating {
            case_id: case_id.clone(),
            stage,
            channel: Channel::Online,
            level: chosen,
            dimensions: Vec::new(),
            reasons: if yishi_core::rating::is_bad(chosen) { reasons.get_untracked() } else { Vec::new() },
            comment: Some(comment.get_untracked().trim().to_string()).filter(|c| !c.is_empty()),
            lookup: None,
        };
        let problems = yishi_core::rating::validate_new_rating(&body, &options_for_submit);
        if !problems.is_empty() {
            errors.set(problems.into_iter().map(|e| (e.pointer, e.code)).collect());
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        failure.set(None);
        let key = idempotency_key.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_rating(&body, &key).await {
                Ok(_) => navigate(&routes::case(&body.case_id), Default::default()),
                Err(api::ApiError::Problem(p)) if !p.errors.is_empty() => {
                    let _ = errors.try_set(p.errors.into_iter().map(|e| (e.pointer, e.code)).collect());
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e.message()));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let error_for = move |prefix: &'static str| {
        errors.with(|errs| errs.iter().find(|(p, _)| p.starts_with(prefix)).map(|(_, code)| code.clone()))
    };
    let message = |code: &str| match code {
        field_codes::REQUIRED => Key::RatingLevelRequired,
        field_codes::REASON_REQUIRED => Key::RatingReasonRequired,
        field_codes::TOO_LONG => Key::RatingCommentTooLong,
        _ => Key::ErrorValidation,
    };

    let levels = (1..=5u8)
        .rev()
        .map(|n| {
            view! {
                <label class="ys-choice" class:ys-choice--bad=yishi_core::rating::is_bad(n)>
                    <input type="radio" name="level" value=n.to_string()
                        prop:checked=move || level.get() == Some(n)
                        on:change=move |_| level.set(Some(n)) />
                    <span>{t(level_key(n))}</span>
                </label>
            }
        })
        .collect_view();
    let reason_list = StoredValue::new(options.reasons.clone());
    let reason_boxes = move || reason_list.get_value()
        .into_iter()
        .map(|r| {
            let code = r.code.clone();
            let code_for_check = code.clone();
            view! {
                <label class="ys-choice">
                    <input type="checkbox" value=code.clone()
                        prop:checked=move || reasons.with(|rs| rs.contains(&code_for_check))
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            let code = code.clone();
                            reasons.update(|rs| {
                                rs.retain(|c| *c != code);
                                if on { rs.push(code); }
                            });
                        } />
                    <span>{local(&r.label)}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <p class="ys-muted">{t(Key::RatingIntro)}</p>
            {move || failure.get().map(|key| view! { <p class="ys-error__message" role="alert">{t(key)}</p> })}
            <fieldset class="ys-fieldset" aria-describedby="level-error">
                <legend>{t(Key::RatingLevelLegend)}</legend>
                <div class="ys-choices">{levels}</div>
                <p id="level-error" class="ys-field__error" role="alert">{move || error_for("/level").map(|c| t(message(&c)))}</p>
            </fieldset>
            <Show when=is_bad>
                <fieldset class="ys-fieldset" aria-describedby="reasons-error">
                    <legend>{t(Key::RatingReasonsLegend)}</legend>
                    <div class="ys-choices">{reason_boxes()}</div>
                    <p id="reasons-error" class="ys-field__error" role="alert">{move || error_for("/reasons").map(|c| t(message(&c)))}</p>
                </fieldset>
            </Show>
            <div class="ys-field">
                <label for="rating-comment">{t(Key::RatingComment)}</label>
                <textarea id="rating-comment" rows="4" aria-describedby="comment-count comment-error"
                    prop:value=move || comment.get()
                    on:input:target=move |ev| comment.set(ev.target().value())></textarea>
                <p id="comment-count" class="ys-muted" aria-live="polite">
                    {move || fill(t(Key::RatingCommentCount), &[("n", &comment.with(|c| c.chars().count()).to_string()), ("max", &max.to_string())])}
                </p>
                <p id="comment-error" class="ys-field__error" role="alert">{move || error_for("/comment").map(|c| t(message(&c)))}</p>
            </div>
            <div class="ys-actions">
                <button type="submit" class="ys-button ys-button--warm" aria-disabled=move || busy.get().to_string()>
                    {move || t(if busy.get() { Key::RatingSubmitting } else { Key::RatingSubmit })}
                </button>
            </div>
        </form>
    }
}
