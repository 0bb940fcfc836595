//! My ratings, and one rating with what happened to it: for a bad rating (差评), the office's
//! verification, rectification or explanation with its deadline, and the citizen's call-back
//! (回访) saying whether the reply resolved it.

use crate::router::{A, use_params_map};
use leptos::prelude::*;
use yishi_contract::{CallbackAnswer, Channel, FollowUp, FollowUpStatus, Rating};

use crate::{
    api::{self, ApiError},
    components::{
        outbox_lines::OutboxLines,
        require_sign_in::RequireSignIn,
        states::{Empty, resource_view},
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    outbox::use_outbox,
    routes,
    submit::Submit,
};

fn status_key(s: FollowUpStatus) -> PageKey {
    match s {
        FollowUpStatus::Verifying => Key::FollowupVerifying,
        FollowUpStatus::Rectifying => Key::FollowupRectifying,
        FollowUpStatus::Rectified => Key::FollowupRectified,
        FollowUpStatus::Explained => Key::FollowupExplained,
        FollowUpStatus::Appealed => Key::FollowupAppealed,
        FollowUpStatus::Closed => Key::FollowupClosed,
        FollowUpStatus::Unknown => Key::FollowupUnknown,
    }
}

#[component]
pub fn RatingsPage() -> impl IntoView {
    crate::pages::set_title(Key::RatingsTitle);
    view! {
        <section class="ys-page">
            <h1>{t(Key::RatingsTitle)}</h1>
            <RequireSignIn reason=Key::SignInNeededRatings><RatingList /></RequireSignIn>
        </section>
    }
}

#[component]
fn RatingList() -> impl IntoView {
    let outbox = use_outbox();
    let ratings = api::Loaded::new(|| async { api::ratings().await });
    let waiting = move || {
        outbox.0.with(|es| {
            es.iter()
                .filter(|e| e.is_rating() && e.status != "sent")
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="ys-list">{move || view! { <OutboxLines entries=waiting() /> }}</ul>
        {resource_view(ratings, 4, |page| {
            if page.items.is_empty() {
                return view! { <Empty message=Key::RatingsEmpty><A href=routes::CASES>{t(Key::NavCases)}</A></Empty> }.into_any();
            }
            let l = lang();
            view! {
                <ul class="ys-case-list">
                    {page.items.into_iter().map(|r| view! {
                        <li class="ys-case-card">
                            <h2 class="ys-case-card__title"><A href=routes::rating(&r.id)>{local(&r.case_title)}</A></h2>
                            <p class="ys-case-card__meta">
                                <span>{r.case_number.clone()}</span>
                                <span>{t(crate::format::rating_stage(r.stage))}</span>
                                <strong>{t(crate::format::rating_level(r.level))}</strong>
                                <span>{format::timestamp(l, r.created_at)}</span>
                                {r.follow_up.as_ref().map(|f| view! { <span class="ys-tag ys-tag--warn">{t(status_key(f.status))}</span> })}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

#[component]
pub fn RatingPage() -> impl IntoView {
    crate::pages::set_title(Key::RatingsDetailTitle);
    view! {
        <article class="ys-page">
            <h1>{t(Key::RatingsDetailTitle)}</h1>
            <RequireSignIn reason=Key::SignInNeededRatings><RatingLoader /></RequireSignIn>
        </article>
    }
}

#[component]
fn RatingLoader() -> impl IntoView {
    let params = use_params_map();
    let rating = api::Loaded::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::rating(&id).await }
    });
    resource_view(
        rating,
        6,
        move |r| view! { <RatingBody rating=r reload=Callback::new(move |_| rating.reload()) /> },
    )
}

#[component]
fn RatingBody(rating: Rating, reload: Callback<()>) -> impl IntoView {
    let l = lang();
    // Reasons and dimensions are codes; their labels come with the rating options. Without
    // them (offline, an older backend) the codes are still shown rather than dropped.
    let options = api::Loaded::new(|| async { api::rating_options().await });
    let channel = t(if rating.channel == Channel::Window {
        Key::RatingChannelWindow
    } else {
        Key::RatingChannelOnline
    });
    let reasons = rating.reasons.clone();
    let dimensions = rating.dimensions.clone();
    let details = move || {
        let o = options.value();
        let reason_text: Vec<String> = reasons
            .iter()
            .map(|code| {
                o.as_ref()
                    .and_then(|o| o.reasons.iter().find(|r| &r.code == code))
                    .map_or_else(|| code.clone(), |r| local(&r.label))
            })
            .collect();
        let dimension_text: Vec<String> = dimensions
            .iter()
            .map(|d| {
                let label = o.as_ref().map_or_else(
                    || d.dimension.clone(),
                    |o| crate::format::dimension_label(o, &d.dimension),
                );
                yishi_i18n::labelled(lang(), &label, t(crate::format::rating_level(d.level)))
            })
            .collect();
        view! {
            {(!reason_text.is_empty()).then(|| view! {
                <div><dt>{t(Key::RatingReasonsLegend)}</dt><dd>{reason_text.join(t(Key::ListSeparator))}</dd></div>
            })}
            {(!dimension_text.is_empty()).then(|| view! {
                <div><dt>{t(Key::RatingDimensionsLegend)}</dt><dd>{dimension_text.join(t(Key::ListSeparator))}</dd></div>
            })}
        }
    };
    view! {
        <p class="ys-lead"><A href=routes::case(&rating.case_id)>{local(&rating.case_title)}</A></p>
        <dl class="ys-facts">
            <div><dt>{t(Key::CaseNumber)}</dt><dd>{rating.case_number.clone()}</dd></div>
            <div><dt>{t(Key::RatingStageLegend)}</dt><dd>{t(crate::format::rating_stage(rating.stage))}</dd></div>
            <div><dt>{t(Key::RatingLevelLegend)}</dt><dd>{t(crate::format::rating_level(rating.level))}</dd></div>
            <div><dt>{t(Key::RatingChannelLegend)}</dt><dd>{channel}</dd></div>
            {details}
        </dl>
        {rating.comment.clone().map(|c| view! { <blockquote class="ys-quote">{c}</blockquote> })}
        <p class="ys-muted">{format::timestamp(l, rating.created_at)}</p>
        {rating.follow_up.clone().map(|f| view! { <FollowUpView rating_id=rating.id.clone() follow_up=f reload /> })}
    }
}

#[component]
fn FollowUpView(rating_id: String, follow_up: FollowUp, reload: Callback<()>) -> impl IntoView {
    let l = lang();
    let answered = matches!(
        follow_up.status,
        FollowUpStatus::Rectified | FollowUpStatus::Explained
    );
    let steps = follow_up
        .steps
        .iter()
        .map(|s| {
            view! {
                <li class="ys-timeline__item">
                    <span class="ys-timeline__dot" aria-hidden="true"></span>
                    <div class="ys-timeline__body">
                        <p class="ys-timeline__stage">{t(status_key(s.status))}</p>
                        <p class="ys-timeline__meta">{format::timestamp(l, s.at)} " · " {local(&s.office)}</p>
                        {s.text.as_ref().map(|x| view! { <p class="ys-reply">{local(x)}</p> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    let callback = follow_up.callback.clone();
    view! {
        <section class="ys-followup" aria-labelledby="followup-title">
            <h2 id="followup-title">{t(Key::FollowupTitle)}</h2>
            <p class="ys-stage">{t(status_key(follow_up.status))}</p>
            <p>{fill(t(Key::FollowupDue), &[("date", &format::date(l, follow_up.due_on))])}</p>
            {follow_up.steps.is_empty().then(|| view! { <p class="ys-muted">{t(Key::FollowupNone)}</p> })}
            <ol class="ys-timeline">{steps}</ol>
            {match callback {
                Some(c) => view! {
                    <p class="ys-callout">{fill(t(Key::CallbackDone), &[("answer", t(if c.resolved { Key::CallbackYes } else { Key::CallbackNo }))])}
                        {c.comment.map(|x| format!(" — {x}"))}</p>
                }.into_any(),
                None if answered => view! { <CallbackForm rating_id reload /> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// 回访: did the reply resolve it?
#[component]
fn CallbackForm(rating_id: String, reload: Callback<()>) -> impl IntoView {
    let resolved = RwSignal::new(None::<bool>);
    let comment = RwSignal::new(String::new());
    let sending = Submit::<ApiError>::new();
    let missing = RwSignal::new(false);
    let submit = move || {
        let Some(answer) = resolved.get_untracked() else {
            missing.set(true);
            return;
        };
        let body = CallbackAnswer {
            resolved: answer,
            comment: Some(comment.get_untracked().trim().to_string()).filter(|c| !c.is_empty()),
        };
        let id = rating_id.clone();
        sending.send(
            async move { api::callback(&id, &body).await },
            move |result| {
                result?;
                reload.run(());
                Ok(())
            },
        );
    };
    let option = move |value: bool, key: PageKey| {
        view! {
            <label class="ys-choice">
                <input type="radio" name="resolved" prop:checked=move || resolved.get() == Some(value) on:change=move |_| resolved.set(Some(value)) />
                <span>{t(key)}</span>
            </label>
        }
    };
    view! {
        <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            {move || sending.error().map(|e| view! { <p class="ys-error__message" role="alert">{t(e.message())}</p> })}
            <fieldset class="ys-fieldset" aria-describedby="callback-error">
                <legend>{t(Key::CallbackLegend)}</legend>
                <div class="ys-choices">{option(true, Key::CallbackYes)} {option(false, Key::CallbackNo)}</div>
                <p id="callback-error" class="ys-field__error" role="alert">{move || missing.get().then(|| t(Key::EventAnswerMissing))}</p>
            </fieldset>
            <div class="ys-field">
                <label for="callback-comment">{t(Key::CallbackComment)}</label>
                <textarea id="callback-comment" rows="3" maxlength="500" prop:value=move || comment.get() on:input:target=move |ev| comment.set(ev.target().value())></textarea>
            </div>
            <div class="ys-actions">
                <button type="submit" class="ys-button" aria-disabled=move || sending.busy().to_string()>{t(Key::CallbackSend)}</button>
            </div>
        </form>
    }
}
