//! A life event (一件事): what it is and the facts that matter, then a few situational questions
//! one screen at a time (情形引导), then the citizen's own plan: which matters apply, laid out as
//! step-by-step navigation, and one merged checklist of materials (一次性告知) they can tick off,
//! print and share. A matter of the plan that needs a visit offers booking it (预约办理) once
//! the backend says its office takes appointments. Answers live in the URL (`a.<question>=<value>`), so back, forward, reload
//! and a shared link all show the same plan.

use crate::router::{A, use_navigate, use_params_map, use_query_map};
use leptos::prelude::*;
use yishi_contract::{AnswerValue, Holder, Joiner, LifeEvent, MaterialForm, QuestionKind};
use yishi_core::{
    answers,
    conditions::{Answers, Truth, question_count, visible_questions},
    plan::{ChecklistGroup, ChecklistItem, Plan, checklist_key, plan},
};

use crate::{
    api,
    components::{
        book_action::BookLink,
        icon::EventIcon,
        states::{Later, resource_view},
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    routes,
    store::{self, Scope},
};

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let event = api::Loaded::new(move || {
        let id = id();
        async move { api::event(&id).await }
    });
    view! { <article class="ys-page">{resource_view(event, 8, |e| view! { <EventBody event=e /> })}</article> }
}

/// Which screen of the event is showing.
use crate::routes::EventScreen as Screen;

fn event_url(event: &LifeEvent, answers: &Answers, screen: Option<Screen>) -> String {
    routes::event_with_answers(event, answers, screen)
}

#[component]
fn EventBody(event: LifeEvent) -> impl IntoView {
    let l = lang();
    crate::pages::set_title_text(event.card.name.get(l));
    let query = use_query_map();
    let event = StoredValue::new(event);
    let answers = Memo::new(move |_| {
        let q = query.read();
        event.with_value(|e| {
            answers::from_query(
                &e.questions,
                (&*q).into_iter().map(|(k, v)| (k.as_ref(), v)),
            )
        })
    });
    let screen = Memo::new(move |_| {
        let q = query.read();
        if q.get_str("view") == Some("plan") {
            return Screen::Plan;
        }
        let visible = event.with_value(|e| visible_questions(&e.questions, &answers.get()).len());
        match q.get_str("q").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n < visible => Screen::Question(n),
            // Start with the first unanswered question; with nothing left to ask, the plan.
            _ => {
                let first_open = event.with_value(|e| {
                    let a = answers.get();
                    visible_questions(&e.questions, &a)
                        .iter()
                        .position(|q| !a.contains_key(&q.id))
                });
                first_open.map_or(Screen::Plan, Screen::Question)
            }
        }
    });

    let card = event.with_value(|e| e.card.clone());
    let description = event.with_value(|e| e.description.iter().map(local).collect::<Vec<_>>());
    view! {
        <header class="ys-page__header ys-event__header">
            <EventIcon icon=card.icon />
            <h1>{card.name.get(l).to_string()}</h1>
        </header>
        <p class="ys-lead">{card.summary.get(l).to_string()}</p>
        <dl class="ys-facts">
            <div><dt>{t(Key::EventFactMatters)}</dt><dd>{card.matter_count}</dd></div>
            <div>
                <dt>{t(Key::EventFactPromised)}</dt>
                <dd>{format::limit(l, &card.promised_limit)}</dd>
                {format::limit_note(l, &card.promised_limit).map(|note| view! { <dd class="ys-facts__sub">{note}</dd> })}
                // The same two limits the case will show (the contract's rule for event cases).
                {card.legal_limit.as_ref().map(|legal| view! {
                    <dd class="ys-facts__sub">{format::legal_limit_beside(l, legal)}</dd>
                })}
            </div>
            <div><dt>{t(Key::EventFactVisits)}</dt><dd>{format::visits(l, card.max_visits)}</dd></div>
        </dl>
        <details class="ys-event__about">
            <summary>{t(Key::EventAbout)}</summary>
            {description.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        </details>
        <Later lines=6>
            {move || match screen.get() {
                Screen::Question(n) => view! { <QuestionScreen event index=n answers=answers.get() /> }.into_any(),
                Screen::Plan => view! { <PlanScreen event answers=answers.get() /> }.into_any(),
            }}
        </Later>
    }
}

#[component]
fn QuestionScreen(event: StoredValue<LifeEvent>, index: usize, answers: Answers) -> impl IntoView {
    let navigate = use_navigate();
    let (question, (total, exact)) = event.with_value(|e| {
        let visible = visible_questions(&e.questions, &answers);
        (
            visible.get(index).map(|q| (*q).clone()),
            question_count(&e.questions, &answers),
        )
    });
    let Some(question) = question else {
        return ().into_any();
    };
    let chosen = RwSignal::new(answers.get(&question.id).map(answers::encode_value));
    let missing = RwSignal::new(None::<PageKey>);
    let question_id = question.id.clone();
    // "of at most N" while a later question depends on an answer: the count only goes down.
    let progress = fill(
        t(if exact {
            Key::EventQuestionProgress
        } else {
            Key::EventQuestionProgressAtMost
        }),
        &[
            ("n", &(index + 1).to_string()),
            ("total", &total.max(index + 1).to_string()),
        ],
    );
    // What a number question accepts, said before and after a wrong answer.
    let number_hint = match &question.kind {
        QuestionKind::Number { min, max, .. } => format::number_range(lang(), *min, *max),
        _ => None,
    };
    let heading_id = "question-text";

    let go_next = {
        let navigate = navigate.clone();
        let answers = answers.clone();
        let question = question.clone();
        move || {
            let Some(raw) = chosen.get_untracked() else {
                missing.set(Some(match question.kind {
                    QuestionKind::Number { .. } => Key::EventAnswerMissingNumber,
                    _ => Key::EventAnswerMissing,
                }));
                crate::focus::later("question-error");
                return;
            };
            let Some(value) = answers::decode_value(&question, &raw) else {
                // Typed, but not a number within the bounds: say which numbers are accepted.
                missing.set(Some(Key::EventAnswerOutOfRange));
                crate::focus::later("question-error");
                return;
            };
            let mut next = answers.clone();
            next.insert(question_id.clone(), value);
            // Questions shown depend on answers: count again with the new one.
            let url = event.with_value(|e| {
                let visible = visible_questions(&e.questions, &next).len();
                let screen = if index + 1 < visible {
                    Screen::Question(index + 1)
                } else {
                    Screen::Plan
                };
                event_url(e, &next, Some(screen))
            });
            navigate(&url, Default::default());
        }
    };
    let back_url = event.with_value(|e| {
        (index > 0).then(|| event_url(e, &answers, Some(Screen::Question(index - 1))))
    });
    let skip_url = event.with_value(|e| event_url(e, &answers, Some(Screen::Plan)));

    let input = match &question.kind {
        QuestionKind::YesNo => {
            let options = vec![
                ("yes".to_string(), t(Key::AnswerYes).to_string()),
                ("no".to_string(), t(Key::AnswerNo).to_string()),
            ];
            choice_inputs(options, chosen).into_any()
        }
        QuestionKind::SingleChoice { options } => choice_inputs(
            options
                .iter()
                .map(|o| (o.value.clone(), local(&o.label)))
                .collect(),
            chosen,
        )
        .into_any(),
        QuestionKind::Number { min, max, unit } => {
            let unit = unit.as_ref().map(local);
            let range = format::number_range(lang(), *min, *max);
            view! {
                {range.map(|r| view! { <p class="ys-muted">{fill(t(Key::EventNumberRange), &[("range", &r)])}</p> })}
                <div class="ys-field ys-field--inline">
                    <input id="question-number" type="number" inputmode="decimal" aria-labelledby=heading_id
                        min=min.map(|m| m.to_string()) max=max.map(|m| m.to_string())
                        prop:value=move || chosen.get().unwrap_or_default()
                        on:input:target=move |ev| chosen.set(Some(ev.target().value()).filter(|v| !v.is_empty())) />
                    {unit.map(|u| view! { <span>{u}</span> })}
                </div>
            }
            .into_any()
        }
        QuestionKind::Unknown => view! { <p>{t(Key::EventQuestionUnsupported)}</p> }.into_any(),
    };

    view! {
        <section class="ys-question" aria-labelledby=heading_id>
            <p class="ys-eyebrow">{progress}</p>
            <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); go_next(); }>
                <fieldset class="ys-fieldset" aria-describedby="question-error">
                    <legend id=heading_id class="ys-question__text">{local(&question.text)}</legend>
                    {question.help.as_ref().map(|h| view! { <p class="ys-muted">{local(h)}</p> })}
                    {input}
                    <p id="question-error" class="ys-field__error" role="alert" tabindex="-1">
                        {move || missing.get().map(|key| match (key, number_hint.clone()) {
                            (Key::EventAnswerOutOfRange, Some(range)) => fill(t(key), &[("range", &range)]),
                            (Key::EventAnswerOutOfRange, None) => t(Key::EventAnswerMissingNumber).to_string(),
                            (key, _) => t(key).to_string(),
                        })}
                    </p>
                </fieldset>
                <div class="ys-actions">
                    <button type="submit" class="ys-button">{t(Key::EventNext)}</button>
                    {back_url.map(|url| view! { <A href=url attr:class="ys-button ys-button--secondary">{t(Key::EventBack)}</A> })}
                </div>
            </form>
            <p><A href=skip_url>{t(Key::EventSkipToPlan)}</A></p>
        </section>
    }
    .into_any()
}

/// Radio buttons for a question's choices, bound to the chosen raw value.
fn choice_inputs(
    options: Vec<(String, String)>,
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="ys-choices">
            {options.into_iter().map(|(value, label)| {
                let for_check = value.clone();
                view! {
                    <label class="ys-choice">
                        <input type="radio" name="answer" value=value.clone()
                            prop:checked=move || chosen.get().as_deref() == Some(for_check.as_str())
                            on:change=move |_| chosen.set(Some(value.clone())) />
                        <span>{label}</span>
                    </label>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn PlanScreen(event: StoredValue<LifeEvent>, answers: Answers) -> impl IntoView {
    let plan: Plan = event.with_value(|e| plan(e, &answers));
    let event_id = event.with_value(|e| e.card.id.clone());
    let edit_url = event.with_value(|e| {
        (!e.questions.is_empty()).then(|| event_url(e, &answers, Some(Screen::Question(0))))
    });
    let apply_url = event.with_value(|e| {
        (e.card.online_apply && e.form.is_some())
            .then(|| routes::apply_with_answers(e, &answers, false))
    });
    let summary = event.with_value(|e| answer_summary(e, &answers));
    let tentative = plan.is_tentative();

    view! {
        <section class="ys-plan" aria-labelledby="plan-title">
            <h2 id="plan-title">{t(Key::PlanTitle)}</h2>
            {(!summary.is_empty()).then(|| view! {
                <ul class="ys-answers">{summary.into_iter().map(|(q, a)| view! { <li><span class="ys-muted">{q}</span> " " <strong>{a}</strong></li> }).collect_view()}</ul>
            })}
            {tentative.then(|| view! { <p class="ys-callout">{t(Key::PlanTentative)}</p> })}
            <div class="ys-actions ys-no-print">
                {edit_url.map(|url| view! { <A href=url attr:class="ys-button ys-button--secondary">{t(Key::PlanEditAnswers)}</A> })}
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| { let _ = window().print(); }>{t(Key::PlanPrint)}</button>
                <ShareButton />
                {apply_url.clone().map(|url| view! { <A href=url attr:class="ys-button ys-button--warm">{t(Key::PlanApply)}</A> })}
            </div>
            {if plan.matters.iter().all(|m| m.applies == Truth::False) {
                view! { <p class="ys-callout">{t(Key::PlanNothing)}</p> }.into_any()
            } else {
                // The list ends with the way forward, not just the last material.
                let next = match apply_url {
                    Some(url) => view! {
                        <h3>{t(Key::PlanNextTitle)}</h3>
                        <p>{t(Key::PlanNextOnline)}</p>
                        <A href=url attr:class="ys-button ys-button--warm">{t(Key::PlanApply)}</A>
                    }
                    .into_any(),
                    None => view! {
                        <h3>{t(Key::PlanNextTitle)}</h3>
                        <p>{t(Key::PlanNextWindow)}</p>
                    }
                    .into_any(),
                };
                view! {
                    <Steps event plan=plan.clone() />
                    <Checklist event_id plan next />
                }
                .into_any()
            }}
        </section>
    }
}

/// "Question — answer" lines for the answers given so far.
fn answer_summary(event: &LifeEvent, answers: &Answers) -> Vec<(String, String)> {
    visible_questions(&event.questions, answers)
        .into_iter()
        .filter_map(|q| {
            let shown = match (answers.get(&q.id)?, &q.kind) {
                (AnswerValue::Bool(b), _) => {
                    t(if *b { Key::AnswerYes } else { Key::AnswerNo }).to_string()
                }
                (AnswerValue::Choice(c), QuestionKind::SingleChoice { options }) => options
                    .iter()
                    .find(|o| &o.value == c)
                    .map_or_else(|| c.clone(), |o| local(&o.label)),
                (value, _) => answers::encode_value(value),
            };
            Some((local(&q.text), shown))
        })
        .collect()
}

/// Copies the plan's link (answers included), or hands it to the system share sheet.
#[component]
fn ShareButton() -> impl IntoView {
    let copied = RwSignal::new(false);
    let share = move |_| {
        let href = window().location().href().unwrap_or_default();
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&href);
        copied.set(true);
    };
    view! {
        <button type="button" class="ys-button ys-button--secondary" on:click=share>{t(Key::PlanShare)}</button>
        <span class="ys-muted" role="status">{move || copied.get().then(|| t(Key::PlanLinkCopied))}</span>
    }
}

/// The applicable matters as step-by-step navigation: steps collapsed, "and"/"or" between them.
#[component]
fn Steps(event: StoredValue<LifeEvent>, plan: Plan) -> impl IntoView {
    let l = lang();
    let show_all = RwSignal::new(false);
    let steps = event.with_value(|e| {
        let mut shown = Vec::new();
        for step in &e.steps {
            let matters: Vec<_> = plan
                .matters
                .iter()
                .filter(|m| m.step_id == step.id && m.applies != Truth::False)
                .map(|m| {
                    (
                        m.matter_id.clone(),
                        local(&m.name),
                        m.applies == Truth::Unknown,
                    )
                })
                .collect();
            if !matters.is_empty() {
                shown.push((step.title.get(l).to_string(), step.joiner, matters));
            }
        }
        shown
    });
    let items = steps
        .into_iter()
        .enumerate()
        .map(|(i, (title, joiner, matters))| {
            let joiner = (i > 0).then(|| {
                view! { <p class="ys-steps__joiner">{t(if joiner == Joiner::Or { Key::EventStepOr } else { Key::EventStepAnd })}</p> }
            });
            let count = fill(t(Key::EventMatterCount), &[("n", &matters.len().to_string())]);
            view! {
                <li class="ys-steps__step">
                    {joiner}
                    <details class="ys-steps__details" prop:open=move || show_all.get()>
                        <summary>
                            <span class="ys-steps__number" aria-hidden="true">{i + 1}</span>
                            <span class="ys-steps__title">{title}</span>
                            <span class="ys-steps__count">{count}</span>
                        </summary>
                        <ul class="ys-steps__matters">
                            {matters.into_iter().map(|(id, name, maybe)| { let label = name.clone(); view! {
                                <li class="ys-steps__matter">
                                    <A href=routes::matter(&id)>{name.clone()}</A>
                                    {maybe.then(|| view! { " " <span class="ys-tag ys-tag--warn">{t(Key::PlanMaybe)}</span> })}
                                    <BookLink matter_id=id.clone() name=label />
                                </li>
                            }}).collect_view()}
                        </ul>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ys-steps" aria-labelledby="steps-title">
            <div class="ys-steps__head">
                <h3 id="steps-title">{t(Key::EventSteps)}</h3>
                <button type="button" class="ys-link-button ys-no-print" aria-expanded=move || show_all.get().to_string() on:click=move |_| show_all.update(|s| *s = !*s)>
                    {move || t(if show_all.get() { Key::EventHideAll } else { Key::EventShowAll })}
                </button>
            </div>
            <ol class="ys-steps__list">{items}</ol>
        </section>
    }
}

const TICKS_KEY: &str = "ticks";

/// The key of one tick: per material, and per person when the material is several people's.
fn tick_key(event_id: &str, material_id: &str, holder: Option<Holder>) -> String {
    let base = checklist_key(event_id, material_id);
    match holder {
        Some(h) => format!("{base}/{}", format::holder_param(h)),
        None => base,
    }
}

/// The merged checklist (一次性告知) in three parts, as a citizen acts on it: what to prepare
/// (one tick per document and per person, ticks kept on this device), what the online
/// application asks instead, and what needs nothing (the government has it); then the next
/// step.
#[component]
fn Checklist(event_id: String, plan: Plan, next: AnyView) -> impl IntoView {
    let licences = crate::wallet::held();
    let ticks =
        RwSignal::new(store::get::<Vec<String>>(Scope::Personal, TICKS_KEY).unwrap_or_default());
    let matter_names: Vec<(String, String)> = plan
        .matters
        .iter()
        .map(|m| (m.matter_id.clone(), local(&m.name)))
        .collect();
    let used_by = move |item: &ChecklistItem| -> String {
        let names: Vec<String> = item
            .action_by
            .iter()
            .filter_map(|id| {
                matter_names
                    .iter()
                    .find(|(m, _)| m == id)
                    .map(|(_, n)| n.clone())
            })
            .collect();
        names.join(t(Key::ListSeparator))
    };
    let toggle = move |key: String, on: bool| {
        ticks.update(|ts| {
            ts.retain(|k| *k != key);
            if on {
                ts.push(key);
            }
        });
        store::set(Scope::Personal, TICKS_KEY, &ticks.get_untracked());
    };
    let tick_box = move |key: String, label: AnyView| {
        let key_for_check = key.clone();
        view! {
            <label class="ys-check__label">
                <input type="checkbox" class="ys-check__box"
                    prop:checked=move || ticks.with(|ts| ts.contains(&key_for_check))
                    on:change:target=move |ev| toggle(key.clone(), ev.target().checked()) />
                {label}
            </label>
        }
    };
    let to_bring: Vec<ChecklistItem> = plan
        .checklist
        .iter()
        .filter(|i| i.group < ChecklistGroup::FillOnline)
        .cloned()
        .collect();
    let online: Vec<ChecklistItem> = plan
        .checklist
        .iter()
        .filter(|i| i.group == ChecklistGroup::FillOnline)
        .cloned()
        .collect();
    let nothing: Vec<ChecklistItem> = plan
        .checklist
        .iter()
        .filter(|i| i.group == ChecklistGroup::NoNeedToBring)
        .cloned()
        .collect();
    let bring_rows = to_bring
        .into_iter()
        .map(|item| {
            let form = match item.form {
                MaterialForm::Unknown => None,
                f => Some(t(format::material_form(f))),
            };
            let how = [form.map(str::to_string), Some(format::copies(lang(), item.copies))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let tag = match item.group {
                ChecklistGroup::Deferrable => Some((Key::PlanTagDeferrable, "ys-tag ys-tag--warn")),
                ChecklistGroup::Optional => Some((Key::PlanTagOptional, "ys-tag")),
                _ => None,
            };
            let maybe = item.needed == Truth::Unknown;
            let name = local(&item.name);
            // One tick per person whose document it is; otherwise one for the material.
            let lines = if item.holders.is_empty() {
                let label = view! { <span class="ys-check__name">{name.clone()}</span> }.into_any();
                vec![tick_box(tick_key(&event_id, &item.material_id, None), label).into_any()]
            } else {
                item.holders
                    .iter()
                    .map(|h| {
                        let label = view! {
                            <span class="ys-check__name">{fill(t(Key::PlanWhose), &[("who", t(format::holder(*h))), ("what", &name)])}</span>
                        }
                        .into_any();
                        tick_box(tick_key(&event_id, &item.material_id, Some(*h)), label).into_any()
                    })
                    .collect()
            };
            let used = used_by(&item);
            let (material, holders, medium) =
                (item.material_id.clone(), item.holders.clone(), item.medium);
            let held = move || {
                licences
                    .with(|ls| yishi_core::wallet::holds(ls, &material, &holders, medium))
                    .then(|| view! { <crate::components::held_licence::HeldLicence /> })
            };
            view! {
                <li class="ys-check">
                    {lines}
                    {held}
                    <p class="ys-material__meta">
                        <span class="ys-tag">{how}</span>
                        {tag.map(|(key, class)| view! { <span class=class>{t(key)}</span> })}
                        {maybe.then(|| view! { <span class="ys-tag ys-tag--warn">{t(Key::PlanMaybe)}</span> })}
                    </p>
                    {item.only_if.as_ref().map(|c| view! { <p class="ys-material__note ys-strong">{local(c)}</p> })}
                    {item.notes.iter().map(|n| view! { <p class="ys-material__note">{local(n)}</p> }).collect_view()}
                    <p class="ys-material__note">{crate::i18n::labelled(t(Key::PlanUsedBy), &used)}</p>
                </li>
            }
        })
        .collect_view();
    // Fill-in-online and nothing-to-do items: names only, no tick boxes (nothing to prepare);
    // the reasons fold away for whoever wants them.
    let plain_list = move |items: Vec<ChecklistItem>| {
        items
            .into_iter()
            .map(|item| {
                view! {
                    <li class="ys-plain-item">
                        <span class="ys-strong">{local(&item.name)}</span>
                        {(item.needed == Truth::Unknown).then(|| view! { " " <span class="ys-tag ys-tag--warn">{t(Key::PlanMaybe)}</span> })}
                        {item.notes.first().map(|n| view! { <span class="ys-material__note">{local(n)}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    let online_count = online.len();
    let nothing_count = nothing.len();
    view! {
        <section class="ys-checklist-section" aria-labelledby="checklist-title">
            <h3 id="checklist-title">{t(Key::PlanChecklist)}</h3>
            <p class="ys-muted">{t(Key::PlanChecklistIntro)}</p>
            <h4 class="ys-checklist__group">{t(Key::PlanGroupBring)}</h4>
            <ul class="ys-checklist">{bring_rows}</ul>
            {(online_count > 0).then(|| view! {
                <details class="ys-checklist__fold">
                    <summary><span class="ys-checklist__group">{t(Key::PlanGroupOnline)}</span> " " <span class="ys-tag">{online_count}</span></summary>
                    <p class="ys-muted">{t(Key::PlanGroupOnlineIntro)}</p>
                    <ul class="ys-plain-list">{plain_list(online)}</ul>
                </details>
            })}
            {(nothing_count > 0).then(|| view! {
                <details class="ys-checklist__fold">
                    <summary><span class="ys-checklist__group">{t(Key::PlanGroupNoNeed)}</span> " " <span class="ys-tag ys-tag--ok">{nothing_count}</span></summary>
                    <p class="ys-muted">{t(Key::PlanGroupNoNeedIntro)}</p>
                    <ul class="ys-plain-list">{plain_list(nothing)}</ul>
                </details>
            })}
            <div class="ys-next ys-no-print">{next}</div>
        </section>
    }
}
