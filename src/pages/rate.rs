//! Rate a case (好差评, 一事一评): five labelled levels with none preselected, the dimensions of
//! the channel the service came through, reasons or a comment required for a bad rating, a live
//! character counter, and a preview before sending. The draft stays on the device; sending goes
//! through the outbox (`crate::outbox`), so a rating made offline or during a server error is
//! delivered later, exactly once.

use crate::router::{A, use_params_map, use_query_map};
use leptos::prelude::*;
use serde::Serialize;
use yishi_contract::{
    CaseLookup, Channel, DimensionScore, NewRating, RatingOptions, RatingStage, Text, codes,
    field_codes,
};
use yishi_core::outbox::State;

use crate::{
    api::{self, ApiError},
    components::{
        consent::ConsentBox,
        require_sign_in::RequireSignIn,
        states::{ErrorPanel, Loading},
    },
    i18n::{Key, PageKey, count, fill, lang, local, t},
    outbox, routes,
    store::{self, Scope},
    submit::Submit,
};

#[component]
pub fn RatePage() -> impl IntoView {
    crate::pages::set_title(Key::RatingTitle);
    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::RatingTitle)}</h1>
            <RequireSignIn reason=Key::SignInNeededRate><RateLoader /></RequireSignIn>
        </section>
    }
}

#[component]
fn RateLoader() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let case_id = params.get_untracked().get("id").unwrap_or_default();
    let stage = match query.get_untracked().get("stage").as_deref() {
        Some("acceptance") => RatingStage::Acceptance,
        _ => RatingStage::Completion,
    };
    let options = api::Loaded::new(|| async { api::rating_options().await });
    let case = {
        let id = case_id.clone();
        api::Loaded::new(move || {
            let id = id.clone();
            async move { api::case(&id).await }
        })
    };
    move || {
        match (options.get(), case.get()) {
        (Some(Ok(options)), Some(Ok(case))) => {
            view! {
                <p class="ys-lead">{local(&case.summary.title)}</p>
                <p class="ys-muted">{yishi_i18n::labelled(lang(), t(Key::RatingStageLegend), t(crate::format::rating_stage(stage)))}</p>
                <RateForm options case_id=case.summary.id.clone() case_title=case.summary.title.clone() stage lookup=None />
            }
            .into_any()
        }
        (Some(Err(error)), _) => {
            view! { <ErrorPanel error retry=move |_| options.reload() /> }.into_any()
        }
        (_, Some(Err(error))) => {
            view! { <ErrorPanel error retry=move |_| case.reload() /> }.into_any()
        }
        _ => view! { <Loading lines=6 /> }.into_any(),
    }
    }
}

/// The rating being written, kept on the device until it is handed to the outbox.
#[derive(Clone, Debug, Default, PartialEq, Serialize, yishi_json::FromJson)]
struct Draft {
    #[serde(default)]
    level: Option<u8>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    dimensions: std::collections::BTreeMap<String, u8>,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    idempotency_key: String,
}

fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Window => "window",
        _ => "online",
    }
}

/// What the citizen is told when a rating is refused for good, by the problem's code.
fn refusal_key(code: &str) -> PageKey {
    match code {
        codes::CONFLICT => Key::RatingAlreadyRated,
        codes::NOT_FOUND => Key::RatingCaseNotFound,
        codes::VALIDATION => Key::ErrorValidation.page(),
        _ => Key::RatingRefused,
    }
}

fn error_key(code: &str) -> PageKey {
    match code {
        field_codes::REQUIRED => Key::RatingLevelRequired,
        field_codes::REASON_REQUIRED => Key::RatingReasonRequired,
        field_codes::TOO_LONG => Key::RatingCommentTooLong,
        _ => Key::ErrorValidation.page(),
    }
}

/// The rating form, for a signed-in citizen (`lookup: None`) or by case number and name.
#[component]
pub fn RateForm(
    options: RatingOptions,
    case_id: String,
    case_title: Text,
    stage: RatingStage,
    lookup: Option<CaseLookup>,
) -> impl IntoView {
    let draft_key = format!(
        "rating-draft.{}.{}",
        if case_id.is_empty() {
            lookup.as_ref().map_or("", |l| l.number.as_str())
        } else {
            &case_id
        },
        if stage == RatingStage::Acceptance {
            "acceptance"
        } else {
            "completion"
        }
    );
    let mut initial: Draft = store::get(Scope::Personal, &draft_key).unwrap_or_default();
    if initial.idempotency_key.is_empty() {
        initial.idempotency_key = api::new_idempotency_key();
    }
    let draft = RwSignal::new(initial);
    let stored_key = StoredValue::new(draft_key.clone());
    let save = move || {
        stored_key.with_value(|key| store::set(Scope::Personal, key, &draft.get_untracked()));
    };
    let options = StoredValue::new(options);
    let max = options.with_value(|o| o.comment_max_chars);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let previewing = RwSignal::new(false);
    let consented = RwSignal::new(crate::components::consent::given());
    let consent_missing = RwSignal::new(false);
    // Refused for good: the problem's code.
    let sending = Submit::<String>::new();
    // Sent (or waiting in the outbox): the thank-you replaces the form.
    let done = RwSignal::new(None::<(State, bool)>);
    let signed_in = lookup.is_none();
    let back_to_case = (!case_id.is_empty()).then(|| routes::case(&case_id));

    let body = {
        let case_id = case_id.clone();
        let lookup = lookup.clone();
        move || -> Option<NewRating> {
            let d = draft.get_untracked();
            let level = d.level?;
            let channel = if d.channel.as_deref() == Some("window") {
                Channel::Window
            } else {
                Channel::Online
            };
            let allowed = options.with_value(|o| {
                if channel == Channel::Window {
                    o.window_dimensions.clone()
                } else {
                    o.online_dimensions.clone()
                }
            });
            Some(NewRating {
                case_id: case_id.clone(),
                stage,
                channel,
                level,
                dimensions: allowed
                    .iter()
                    .filter_map(|dim| {
                        d.dimensions.get(dim).map(|l| DimensionScore {
                            dimension: dim.clone(),
                            level: *l,
                        })
                    })
                    .collect(),
                reasons: if yishi_core::rating::is_bad(level) {
                    d.reasons.clone()
                } else {
                    Vec::new()
                },
                comment: Some(d.comment.trim().to_string()).filter(|c| !c.is_empty()),
                lookup: lookup.clone(),
            })
        }
    };
    let check = {
        let body = body.clone();
        move || -> Option<NewRating> {
            let Some(rating) = body() else {
                errors.set(vec![("/level".into(), field_codes::REQUIRED.into())]);
                return None;
            };
            let problems =
                options.with_value(|o| yishi_core::rating::validate_new_rating(&rating, o));
            errors.set(problems.into_iter().map(|e| (e.pointer, e.code)).collect());
            errors.with_untracked(Vec::is_empty).then_some(rating)
        }
    };
    let send = {
        let check = check.clone();
        let key = draft_key.clone();
        move || {
            if sending.busy_untracked() {
                return;
            }
            let Some(rating) = check() else {
                previewing.set(false);
                return;
            };
            if !consented.get_untracked() {
                consent_missing.set(true);
                return;
            }
            let Ok(json) = serde_json::to_string(&rating) else {
                return;
            };
            let idempotency_key = draft.with_untracked(|d| d.idempotency_key.clone());
            let key = key.clone();
            let case_id = rating.case_id.clone();
            let title = case_title.clone();
            let bad = yishi_core::rating::is_bad(rating.level);
            // Through the outbox, which delivers it later if it cannot now: the draft goes
            // unless the rating was refused for good (then it is kept, to change and resend).
            let sent = async move {
                let state = outbox::submit(idempotency_key, case_id, title, json).await;
                if !matches!(state, State::Failed { .. }) {
                    store::remove(Scope::Personal, &key);
                }
                Ok::<_, ApiError>(state)
            };
            sending.send(sent, move |state| match state {
                Ok(State::Failed { code }) => {
                    // Refused for good: say why, let the citizen change it.
                    previewing.set(false);
                    Err(code)
                }
                Ok(state) => {
                    done.set(Some((state, bad)));
                    crate::focus::later("rating-thanks");
                    Ok(())
                }
                Err(_) => Ok(()),
            });
        }
    };

    let error_for = move |prefix: &'static str| {
        errors.with(|errs| {
            errs.iter()
                .find(|(p, _)| p.starts_with(prefix))
                .map(|(_, code)| t(error_key(code)))
        })
    };
    let is_bad = move || draft.with(|d| d.level.is_some_and(yishi_core::rating::is_bad));
    let update = move |f: &dyn Fn(&mut Draft)| {
        draft.update(|d| f(d));
        save();
    };

    let levels = move || {
        (1..=5u8)
            .rev()
            .map(|n| {
                view! {
                    <label class="ys-choice" class:ys-choice--bad=yishi_core::rating::is_bad(n)>
                        <input type="radio" name="level" value=n.to_string()
                            prop:checked=move || draft.with(|d| d.level == Some(n))
                            on:change=move |_| update(&|d| d.level = Some(n)) />
                        <span>{t(crate::format::rating_level(n))}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let channels = move || {
        [
            (Channel::Online, Key::RatingChannelOnline),
            (Channel::Window, Key::RatingChannelWindow),
        ]
        .into_iter()
        .map(|(c, key)| {
            let name = channel_name(c);
            view! {
                <label class="ys-choice">
                    <input type="radio" name="channel" value=name
                        prop:checked=move || draft.with(|d| d.channel.as_deref() == Some(name))
                        on:change=move |_| update(&|d| d.channel = Some(name.into())) />
                    <span>{t(key)}</span>
                </label>
            }
        })
        .collect_view()
    };
    let dimensions = move || {
        let channel = draft.with(|d| d.channel.clone())?;
        let dims = options.with_value(|o| {
            if channel == "window" {
                o.window_dimensions.clone()
            } else {
                o.online_dimensions.clone()
            }
        });
        Some(
            dims.into_iter()
                .filter(|d| !d.is_empty())
                .map(|dim| {
                    let label = options.with_value(|o| crate::format::dimension_label(o, &dim));
                    let select_id = format!("dimension-{dim}");
                    let name = StoredValue::new(dim);
                    view! {
                        <div class="ys-field ys-field--inline">
                            <label for=select_id.clone()>{label}</label>
                            <select id=select_id on:change:target=move |ev| {
                                let value = ev.target().value().parse::<u8>().ok();
                                let name = name.get_value();
                                update(&|d| {
                                    d.dimensions.remove(&name);
                                    if let Some(v) = value { d.dimensions.insert(name.clone(), v); }
                                });
                            }>
                                <option value="" selected=move || draft.with(|d| name.with_value(|n| !d.dimensions.contains_key(n)))>{t(Key::RatingDimensionSkip)}</option>
                                {(1..=5u8).rev().map(|n| view! {
                                    <option value=n.to_string() selected=move || draft.with(|d| name.with_value(|k| d.dimensions.get(k) == Some(&n)))>{t(crate::format::rating_level(n))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                })
                .collect_view(),
        )
    };
    let reason_boxes = move || {
        options
            .with_value(|o| o.reasons.clone())
            .into_iter()
            .map(|r| {
                let code = r.code.clone();
                let code_for_check = code.clone();
                view! {
                    <label class="ys-choice">
                        <input type="checkbox" value=code.clone()
                            prop:checked=move || draft.with(|d| d.reasons.contains(&code_for_check))
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                let code = code.clone();
                                update(&|d| {
                                    d.reasons.retain(|c| *c != code);
                                    if on { d.reasons.push(code.clone()); }
                                });
                            } />
                        <span>{local(&r.label)}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let preview = move || {
        let d = draft.get();
        let reasons: Vec<String> = options.with_value(|o| {
            d.reasons
                .iter()
                .filter_map(|c| {
                    o.reasons
                        .iter()
                        .find(|r| &r.code == c)
                        .map(|r| local(&r.label))
                })
                .collect()
        });
        let channel = d.channel.clone().unwrap_or_else(|| "online".into());
        let channel_key = if channel == "window" {
            Key::RatingChannelWindow
        } else {
            Key::RatingChannelOnline
        };
        // Only the dimensions of the chosen channel are sent, so only those are shown.
        let scored: Vec<String> = options.with_value(|o| {
            let allowed = if channel == "window" {
                &o.window_dimensions
            } else {
                &o.online_dimensions
            };
            allowed
                .iter()
                .filter_map(|dim| {
                    d.dimensions.get(dim).map(|l| {
                        yishi_i18n::labelled(
                            lang(),
                            &crate::format::dimension_label(o, dim),
                            t(crate::format::rating_level(*l)),
                        )
                    })
                })
                .collect()
        });
        view! {
            <dl class="ys-preview">
                <div><dt>{t(Key::RatingStageLegend)}</dt><dd>{t(crate::format::rating_stage(stage))}</dd></div>
                <div><dt>{t(Key::RatingLevelLegend)}</dt><dd>{d.level.map(|l| t(crate::format::rating_level(l)))}</dd></div>
                <div><dt>{t(Key::RatingChannelLegend)}</dt><dd>{t(channel_key)}</dd></div>
                {(!scored.is_empty()).then(|| view! {
                    <div><dt>{t(Key::RatingDimensionsLegend)}</dt><dd>{scored.join(t(Key::ListSeparator))}</dd></div>
                })}
                {(!reasons.is_empty() && d.level.is_some_and(yishi_core::rating::is_bad)).then(|| view! {
                    <div><dt>{t(Key::RatingReasonsLegend)}</dt><dd>{reasons.join(t(Key::ListSeparator))}</dd></div>
                })}
                {(!d.comment.trim().is_empty()).then(|| view! { <div><dt>{t(Key::RatingComment)}</dt><dd>{d.comment.clone()}</dd></div> })}
            </dl>
        }
    };
    let check_for_preview = check.clone();

    let rectification_days = options.with_value(|o| o.rectification_working_days);
    view! {
        {move || done.get().map(|(state, bad)| view! {
            <RatingThanks state bad rectification_days signed_in back_to_case=back_to_case.clone() />
        })}
        <div hidden=move || done.with(Option::is_some)>
        <p class="ys-muted">{t(Key::RatingIntro)}</p>
        {move || sending.error().map(|code| {
            let key = refusal_key(&code);
            view! {
                <div class="ys-error" role="alert">
                    <p class="ys-error__message">{t(key)}</p>
                    {(key == Key::RatingAlreadyRated && signed_in).then(|| view! {
                        <A href=routes::RATINGS attr:class="ys-button ys-button--secondary">{t(Key::RatingsTitle)}</A>
                    })}
                </div>
            }
        })}
        <Show when=move || !previewing.get()>
            <form class="ys-form" novalidate on:submit={
                let check = check_for_preview.clone();
                move |ev| {
                    ev.prevent_default();
                    if check().is_some() {
                        previewing.set(true);
                        crate::focus::later("rating-preview");
                    }
                }
            }>
                <fieldset class="ys-fieldset" aria-describedby="level-error">
                    <legend>{t(Key::RatingLevelLegend)}</legend>
                    <div class="ys-choices">{levels()}</div>
                    <p id="level-error" class="ys-field__error" role="alert">{move || error_for("/level")}</p>
                </fieldset>
                <Show when=is_bad>
                    <fieldset class="ys-fieldset" aria-describedby="reasons-error">
                        <legend>{t(Key::RatingReasonsLegend)}</legend>
                        <div class="ys-choices">{reason_boxes()}</div>
                        <p id="reasons-error" class="ys-field__error" role="alert">{move || error_for("/reasons")}</p>
                    </fieldset>
                </Show>
                <fieldset class="ys-fieldset">
                    <legend>{t(Key::RatingChannelLegend)}</legend>
                    <div class="ys-choices">{channels()}</div>
                </fieldset>
                {dimensions}
                <div class="ys-field">
                    <label for="rating-comment">{t(Key::RatingComment)}</label>
                    <textarea id="rating-comment" rows="4" aria-describedby="comment-count comment-error"
                        prop:value=move || draft.with(|d| d.comment.clone())
                        on:input:target=move |ev| { let v = ev.target().value(); update(&|d| d.comment = v.clone()); }></textarea>
                    <p id="comment-count" class="ys-muted" aria-live="polite">
                        {move || fill(t(Key::RatingCommentCount), &[("n", &draft.with(|d| d.comment.chars().count()).to_string()), ("max", &max.to_string())])}
                    </p>
                    <p id="comment-error" class="ys-field__error" role="alert">{move || error_for("/comment")}</p>
                </div>
                <div class="ys-actions">
                    <button type="submit" class="ys-button">{t(Key::RatingPreview)}</button>
                </div>
            </form>
        </Show>
        <Show when=move || previewing.get()>
            <section id="rating-preview" class="ys-callout" tabindex="-1" aria-labelledby="rating-preview-title">
                <h2 id="rating-preview-title">{t(Key::RatingPreviewTitle)}</h2>
                {preview}
                <ConsentBox consented missing=consent_missing />
                <div class="ys-actions">
                    <button type="button" class="ys-button ys-button--warm" aria-disabled=move || sending.busy().to_string() on:click={
                        let send = send.clone();
                        move |_| send()
                    }>
                        {move || t(if sending.busy() { Key::RatingSubmitting } else { Key::RatingSubmit })}
                    </button>
                    <button type="button" class="ys-button ys-button--secondary" on:click=move |_| previewing.set(false)>{t(Key::RatingEdit)}</button>
                </div>
            </section>
        </Show>
        </div>
    }
}

/// After a rating: thanks, what happens next and when (a bad rating is followed up within
/// the configured working days), and the ways on: my ratings, back to the case.
#[component]
fn RatingThanks(
    state: State,
    bad: bool,
    rectification_days: u16,
    signed_in: bool,
    back_to_case: Option<String>,
) -> impl IntoView {
    let waiting = !matches!(state, State::Sent { .. });
    let next = if bad {
        count(Key::RatingThanksBad, rectification_days)
    } else {
        t(Key::RatingThanksGood).to_string()
    };
    view! {
        <section id="rating-thanks" class="ys-callout ys-callout--ok" tabindex="-1" role="status" aria-labelledby="rating-thanks-title">
            <h2 id="rating-thanks-title">{t(Key::RatingThanksTitle)}</h2>
            {waiting.then(|| view! { <p class="ys-strong">{t(Key::OutboxWaiting)}</p> })}
            <p>{next}</p>
            <div class="ys-actions">
                {signed_in.then(|| view! { <A href=routes::RATINGS attr:class="ys-button">{t(Key::RatingsTitle)}</A> })}
                {back_to_case.map(|href| view! { <A href=href attr:class="ys-button ys-button--secondary">{t(Key::RatingBackToCase)}</A> })}
            </div>
        </section>
    }
}
