//! My authorisations: those I hold (I may act for …) and those I gave (… may act for me), with
//! confirm, decline and end; and the form that asks a family member to authorise me.

use leptos::prelude::*;
use yishi_contract::{
    Authorisation, AuthorisationBasis, AuthorisationRole, AuthorisationScope, AuthorisationStatus,
    Date, NewAuthorisation, OpenEnum, Relation,
};
use yishi_core::validate::mask_phone;

use crate::router::A;
use crate::{
    api::{self, ApiError},
    components::states::{Empty, ErrorPanel, Loading},
    format,
    i18n::{Key, fill, lang, t},
    routes, session,
    submit::Submit,
};

/// The list, loaded when the page opens and after every change; `Ok(None)`: not offered.
type Loaded = Option<Result<Option<Vec<Authorisation>>, ApiError>>;

#[component]
pub fn Authorisations() -> impl IntoView {
    let list = RwSignal::new(None as Loaded);
    // What the last confirm or end did: said here, since the list it changed is drawn anew.
    let notice = RwSignal::new(None::<String>);
    let reload = move || {
        crate::task::spawn_owned(async move {
            let answer = api::authorisations().await.map(|l| l.map(|l| l.items));
            list.try_set(Some(answer));
            // A confirmation or an end changes whom the session may act for.
            session::refresh().await;
        });
    };
    reload();
    let on_change = Callback::new(move |message: String| {
        notice.set(Some(message));
        reload();
    });
    // The form stays while the list is redrawn, keeping what it says.
    let offered = Memo::new(move |_| matches!(list.get(), Some(Ok(Some(_)))));
    view! {
        {move || match list.get() {
            None => view! { <Loading lines=3 /> }.into_any(),
            Some(Err(error)) => view! { <ErrorPanel error retry=move |_| reload() /> }.into_any(),
            Some(Ok(None)) => view! { <Empty message=Key::FamilyNotOffered><A href=routes::SETTINGS>{t(Key::SettingsTitle)}</A></Empty> }.into_any(),
            Some(Ok(Some(items))) => view! {
                <section aria-labelledby="authorisations-title">
                    <h2 id="authorisations-title">{t(Key::FamilyMineTitle)}</h2>
                    {if items.is_empty() {
                        view! { <p>{t(Key::FamilyMineEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="ys-family-list">
                                {items.into_iter().map(|a| view! { <Entry a on_change /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }.into_any(),
        }}
        <p role="status" aria-live="polite">{move || notice.get()}</p>
        {move || offered.get().then(|| view! { <Ask on_sent=Callback::new(move |()| reload()) /> })}
    }
}

#[component]
fn Entry(a: Authorisation, on_change: Callback<String>) -> impl IntoView {
    let lang = lang();
    let (line, other) = match a.role {
        AuthorisationRole::Principal => (Key::FamilyRolePrincipal, &a.agent),
        _ => (Key::FamilyRoleAgent, &a.principal),
    };
    let who = fill(t(line), &[("name", &other.display_name)]);
    let mut facts = vec![
        t(format::relation(a.relation)).to_string(),
        t(format::scope(a.scope)).to_string(),
    ];
    if a.basis == AuthorisationBasis::Guardian {
        facts.push(t(Key::FamilyGuardian).into());
    }
    facts.push(match a.ends_on {
        Some(d) => fill(t(Key::FamilyUntil), &[("date", &format::date(lang, d))]),
        None => t(Key::FamilyNoEnd).into(),
    });
    let submit = Submit::<ApiError>::new();
    let id = a.id.clone();
    let name = other.display_name.clone();
    let act = move |action: &'static str| {
        let id = id.clone();
        let name = name.clone();
        submit.send(
            async move { api::settle_authorisation(&id, action).await },
            move |r| {
                r?;
                on_change.run(if action == "confirm" {
                    fill(t(Key::FamilyConfirmed), &[("name", &name)])
                } else {
                    t(Key::FamilyEnded).into()
                });
                Ok(())
            },
        );
    };
    let pending = a.status == AuthorisationStatus::Pending;
    let open = matches!(
        a.status,
        AuthorisationStatus::Pending | AuthorisationStatus::Current
    );
    // What each side may do: the principal confirms or declines a request; either ends a
    // current one (a guardian's follows the household register); the agent withdraws a request.
    let confirm = pending && a.role == AuthorisationRole::Principal;
    let end_label = match (a.role, pending) {
        (AuthorisationRole::Principal, true) => Some(Key::FamilyDecline),
        (_, true) => Some(Key::FamilyWithdraw),
        _ if open && a.basis != AuthorisationBasis::Guardian => Some(Key::FamilyEnd),
        _ => None,
    };
    let act2 = act.clone();
    view! {
        <li>
            <p><strong>{who}</strong> " " <span class="ys-tag">{t(format::authorisation_status(a.status))}</span></p>
            <p class="ys-muted">{facts.join(" · ")}</p>
            {(confirm || end_label.is_some()).then(|| view! {
                <div class="ys-actions">
                    {confirm.then(|| {
                        let act = act.clone();
                        view! { <button type="button" class="ys-button" aria-disabled=move || submit.busy().to_string() on:click=move |_| act("confirm")>{t(Key::FamilyConfirm)}</button> }
                    })}
                    {end_label.map(|label| {
                        let act = act2.clone();
                        view! { <button type="button" class="ys-button ys-button--secondary" aria-disabled=move || submit.busy().to_string() on:click=move |_| act("end")>{t(label)}</button> }
                    })}
                </div>
            })}
            {move || submit.error().map(|e| view! { <p class="ys-error" role="alert">{t(e.message())}</p> })}
        </li>
    }
}

/// 请家人授权我代办: phone, relation, scope and an optional last day.
#[component]
fn Ask(on_sent: Callback<()>) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let relation = RwSignal::new(Relation::Parent);
    let scope = RwSignal::new(AuthorisationScope::All);
    let ends_on = RwSignal::new(String::new());
    let done = RwSignal::new(None::<String>);
    let submit = Submit::<ApiError>::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let number = phone.get_untracked().trim().to_string();
        let body = NewAuthorisation {
            phone: number.clone(),
            relation: relation.get_untracked(),
            scope: scope.get_untracked(),
            ends_on: Date::parse(ends_on.get_untracked().trim()),
        };
        done.set(None);
        submit.send(
            async move { api::request_authorisation(&body).await },
            move |r| {
                r?;
                done.set(Some(fill(
                    t(Key::FamilyAsked),
                    &[("phone", &mask_phone(&number))],
                )));
                phone.set(String::new());
                on_sent.run(());
                Ok(())
            },
        );
    };
    let error_text = move || {
        submit.error().map(|e| match &e {
            ApiError::Problem(p) if p.status == 409 => t(Key::FamilyAlready).to_string(),
            ApiError::Problem(p) if !p.errors.is_empty() => {
                let key = match p.errors[0].pointer.as_str() {
                    "/phone" => Key::FamilyAskPhoneInvalid,
                    "/ends_on" => Key::FamilyAskEndsOnInvalid,
                    _ => Key::ErrorValidation.page(),
                };
                t(key).to_string()
            }
            _ => t(e.message()).to_string(),
        })
    };
    view! {
        <form class="ys-form" on:submit=send aria-labelledby="ask-title">
            <h2 id="ask-title">{t(Key::FamilyAskTitle)}</h2>
            <p>{t(Key::FamilyAskHint)}</p>
            <div class="ys-field">
                <label for="ask-phone">{t(Key::FamilyAskPhone)}</label>
                <input id="ask-phone" type="tel" inputmode="numeric" autocomplete="off" maxlength="11" required
                    prop:value=move || phone.get() on:input:target=move |ev| phone.set(ev.target().value()) />
            </div>
            <div class="ys-field">
                <label for="ask-relation">{t(Key::FamilyAskRelation)}</label>
                <select id="ask-relation" on:change:target=move |ev| relation.set(Relation::parse(&ev.target().value()))>
                    {Relation::ALL.iter().map(|r| view! {
                        <option value=r.as_str() selected=*r == Relation::Parent>{t(format::relation(*r))}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="ys-fieldset">
                <legend>{t(Key::FamilyAskScope)}</legend>
                <div class="ys-choices">
                    {AuthorisationScope::ALL.iter().map(|s| {
                        let s = *s;
                        view! {
                            <label class="ys-choice">
                                <input type="radio" name="ask-scope" value=s.as_str() prop:checked=move || scope.get() == s on:change=move |_| scope.set(s) />
                                <span>{t(format::scope(s))}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="ys-field">
                <label for="ask-ends-on">{t(Key::FamilyAskEndsOn)}</label>
                <p id="ask-ends-on-hint" class="ys-hint">{t(Key::FamilyAskEndsOnHint)}</p>
                <input id="ask-ends-on" type="date" aria-describedby="ask-ends-on-hint"
                    prop:value=move || ends_on.get() on:input:target=move |ev| ends_on.set(ev.target().value()) />
            </div>
            <button type="submit" class="ys-button" aria-disabled=move || submit.busy().to_string()>{t(Key::FamilyAskSubmit)}</button>
            <p role="status" aria-live="polite">{move || done.get()}</p>
            {move || error_text().map(|m| view! { <p class="ys-error" role="alert">{m}</p> })}
        </form>
    }
}
