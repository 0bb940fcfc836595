//! 代办与授权: whom the session acts for (myself, a family member, a business), my
//! authorisations (`authorisations`), and who acted for me. Acting for family is optional: a
//! backend without it shows myself and my businesses only, and says so.

mod authorisations;

use leptos::prelude::*;
use yishi_contract::{Act, Subject, SubjectChoice};

use crate::{
    api::{self, ApiError},
    components::require_sign_in::RequireSignIn,
    components::states::{ErrorPanel, Loading},
    format,
    i18n::{Key, fill, lang, t},
    session::{self, use_auth},
    submit::Submit,
};

use authorisations::Authorisations;

#[component]
pub fn FamilyPage() -> impl IntoView {
    crate::pages::set_title(Key::FamilyTitle);
    // The switch outlives what it switches: the sign-in gate draws its content again for the
    // new subject, so the write and what it says are the page's.
    let submit = Submit::<ApiError>::new();
    let done = RwSignal::new(None::<String>);
    view! {
        <section class="ys-page ys-narrow">
            <h1>{t(Key::FamilyTitle)}</h1>
            <RequireSignIn reason=Key::FamilySignInNeeded>
                <p>{t(Key::FamilyIntro)}</p>
                <Chooser submit done />
                <Authorisations />
                <Acts />
            </RequireSignIn>
        </section>
    }
}

/// One subject the session can act for, as the chooser lists it.
#[derive(Clone, PartialEq)]
struct Choice {
    /// The radio's value: `self`, `p:<id>` or `b:<credit code>`.
    value: String,
    label: String,
    detail: String,
}

fn choices(s: &Subject) -> Vec<Choice> {
    let lang = lang();
    let mut out = vec![Choice {
        value: "self".into(),
        label: t(Key::FamilyMyself).into(),
        detail: format!("{} · {}", s.display_name, s.phone_masked),
    }];
    for m in &s.family {
        let until = match m.ends_on {
            Some(d) => fill(t(Key::FamilyUntil), &[("date", &format::date(lang, d))]),
            None => t(Key::FamilyNoEnd).into(),
        };
        out.push(Choice {
            value: format!("p:{}", m.person_id),
            label: m.display_name.clone(),
            detail: format!(
                "{} · {} · {until}",
                t(format::relation(m.relation)),
                t(format::scope(m.scope))
            ),
        });
    }
    for b in &s.businesses {
        out.push(Choice {
            value: format!("b:{}", b.credit_code),
            label: b.name.clone(),
            detail: t(Key::FamilyBusiness).into(),
        });
    }
    out
}

fn current_value(s: &Subject) -> String {
    match (&s.acting_for, &s.acting_for_person) {
        (Some(b), _) => format!("b:{}", b.credit_code),
        (None, Some(p)) => format!("p:{}", p.person_id),
        (None, None) => "self".into(),
    }
}

/// 为谁办理: a radio per subject and one button, so the choice is read before it is made.
#[component]
fn Chooser(submit: Submit<ApiError>, done: RwSignal<Option<String>>) -> impl IntoView {
    let auth = use_auth();
    let picked = RwSignal::new(
        auth.subject
            .with_untracked(|s| s.as_ref().map(current_value))
            .unwrap_or_default(),
    );
    let switch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = picked.get_untracked();
        let choice = match value.split_once(':') {
            Some(("p", id)) => SubjectChoice {
                person_id: Some(id.into()),
                credit_code: None,
            },
            Some(("b", cc)) => SubjectChoice {
                person_id: None,
                credit_code: Some(cc.into()),
            },
            _ => SubjectChoice::default(),
        };
        done.set(None);
        submit.send(
            async move { api::choose_subject(&choice).await },
            move |r| {
                let s = r?;
                let message = match &s.subject.acting_for_person {
                    Some(p) => fill(t(Key::FamilySwitched), &[("name", &p.display_name)]),
                    None => match &s.subject.acting_for {
                        Some(b) => fill(t(Key::FamilySwitched), &[("name", &b.name)]),
                        None => t(Key::FamilySwitchedSelf).into(),
                    },
                };
                session::switched(s);
                done.set(Some(message));
                Ok(())
            },
        );
    };
    move || {
        let subject = auth.subject.get()?;
        // Drawn before the session check said whose it is (`RequireSignIn`): the current
        // choice is known only now.
        if picked.with_untracked(String::is_empty) {
            picked.set(current_value(&subject));
        }
        let list = choices(&subject);
        // Only oneself, and acting for nobody: nothing to choose.
        if list.len() < 2 && current_value(&subject) == "self" {
            return None;
        }
        Some(view! {
            <form class="ys-form" on:submit=switch>
                <fieldset class="ys-fieldset">
                    <legend><h2>{t(Key::FamilyChooseTitle)}</h2></legend>
                    <div class="ys-choices">
                        {list.into_iter().map(|c| {
                            let value = c.value.clone();
                            let checked = picked.get_untracked() == c.value;
                            view! {
                                <label class="ys-choice">
                                    <input type="radio" name="subject" value=c.value.clone() prop:checked=checked
                                        on:change=move |_| picked.set(value.clone()) />
                                    <span>{c.label}<br /><small class="ys-muted">{c.detail}</small></span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <button type="submit" class="ys-button" aria-disabled=move || submit.busy().to_string()>{t(Key::FamilyChooseAction)}</button>
                <p role="status" aria-live="polite">{move || done.get()}</p>
                {move || submit.error().map(|e| {
                    let message = if e.not_offered() { Key::FamilySwitchNotOffered } else { e.message().page() };
                    view! { <p class="ys-error" role="alert">{t(message)}</p> }
                })}
            </form>
        })
    }
}

/// 谁为我办理过: asked once when the page opens (not kept on the device).
#[component]
fn Acts() -> impl IntoView {
    let acts = RwSignal::new(None::<Result<Vec<Act>, ApiError>>);
    let load = move || {
        acts.set(None);
        crate::task::spawn_owned(async move {
            acts.try_set(Some(api::acts().await.map(|l| l.items)));
        });
    };
    load();
    move || {
        let body = match acts.get() {
            None => view! { <Loading lines=2 /> }.into_any(),
            // A backend without 代办 has no such record: the section says nothing more.
            Some(Err(e)) if e.not_offered() => return None,
            Some(Err(error)) => view! { <ErrorPanel error retry=move |_| load() /> }.into_any(),
            Some(Ok(items)) if items.is_empty() => view! { <p>{t(Key::FamilyActsEmpty)}</p> }.into_any(),
            Some(Ok(items)) => view! {
                <ul class="ys-family-list">
                    {items.into_iter().map(|a| view! {
                        <li>
                            <p>{a.agent.display_name.clone()} " " {t(format::act_action(a.action))}</p>
                            <p class="ys-muted"><small>{format::timestamp(lang(), a.at)}</small></p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        };
        Some(view! {
            <section aria-labelledby="acts-title">
                <h2 id="acts-title">{t(Key::FamilyActsTitle)}</h2>
                {body}
            </section>
        })
    }
}
