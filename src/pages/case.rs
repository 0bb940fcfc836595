//! One case: where it is, who holds it, how long it has taken against the promise, what the
//! citizen must do next (supply what is missing, collect the result, rate the service), its whole
//! timeline, and withdrawal while it is undecided. It refreshes itself when the citizen comes
//! back to it, and a failed refresh keeps the last known state on screen.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};
use wasm_bindgen::JsCast;
use yishi_contract::{
    AttachmentRef, Case, Rating, RatingStage, SupplementItem, SupplementUpload, Timestamp,
};

use crate::{
    api::{self, ApiError},
    components::{deadline::DeadlineBar, refresh, states::resource_view, timeline::Timeline},
    format,
    i18n::{Key, fill, lang, local, t},
    pages::{cases::RequireSignIn, ratings::OutboxLines},
    routes,
};

#[component]
pub fn CasePage() -> impl IntoView {
    crate::pages::set_title(Key::CaseTitle);
    view! { <article class="ys-page"><RequireSignIn><CaseLoader /></RequireSignIn></article> }
}

#[component]
fn CaseLoader() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let case = api::Loaded::new(move || {
        let id = id();
        async move { api::case(&id).await }
    });
    let ratings = api::Loaded::new(move || async move { api::ratings().await });
    let reload = move || {
        case.reload();
        ratings.reload();
    };
    // Like parcel tracking: coming back to the page shows the latest stage.
    refresh::on_return(reload);
    // A rating the outbox delivers in the background appears without a reload (and the case
    // too, when the backend was unreachable until then).
    let outbox = crate::outbox::use_outbox();
    Effect::new(move |previous: Option<usize>| {
        let sent = outbox
            .0
            .with(|es| es.iter().filter(|e| e.status == "sent").count());
        if previous.is_some_and(|p| p != sent) {
            reload();
        }
        sent
    });
    // The rate page comes back here right after sending: when the case cannot be loaded (the
    // backend is unreachable), the rating kept on the device for it must still show.
    let waiting_unloaded = move || {
        if case.value().is_some() {
            return None;
        }
        let id = id();
        let entries: Vec<_> = outbox.0.with(|es| {
            es.iter()
                .filter(|e| e.case_id == id && e.status != "sent")
                .cloned()
                .collect()
        });
        (!entries.is_empty()).then(|| view! { <ul class="ys-list"><OutboxLines entries /></ul> })
    };
    let updated = move || {
        case.loaded_at().map(|ms| {
            fill(
                t(Key::CaseUpdatedAt),
                &[(
                    "time",
                    &format::timestamp(lang(), Timestamp((ms / 1000.0) as i64)),
                )],
            )
        })
    };
    view! {
        <p class="ys-refresh ys-no-print">
            <span class="ys-muted" role="status">{updated}</span>
            <button type="button" class="ys-link-button" on:click=move |_| reload()>{t(Key::CaseRefresh)}</button>
        </p>
        {waiting_unloaded}
        {resource_view(case, 8, move |data| {
            let mine: Vec<Rating> = ratings
                .value()
                .map(|page| page.items.into_iter().filter(|r| r.case_id == data.summary.id).collect())
                .unwrap_or_default();
            view! { <CaseBody case=data ratings=mine reload=Callback::new(move |_| reload()) /> }
        })}
    }
}

pub fn level_key(level: u8) -> Key {
    match level {
        5 => Key::RatingLevel5,
        4 => Key::RatingLevel4,
        3 => Key::RatingLevel3,
        2 => Key::RatingLevel2,
        1 => Key::RatingLevel1,
        _ => Key::StageUnknown,
    }
}

#[component]
fn CaseBody(case: Case, ratings: Vec<Rating>, reload: Callback<()>) -> impl IntoView {
    let l = lang();
    let s = &case.summary;
    let case_id = s.id.clone();
    let supplement = case.supplement.clone().map(|sup| {
        let due = fill(t(Key::CaseSupplementDue), &[("date", &format::date(l, sup.due_on))]);
        let items = sup
            .items
            .into_iter()
            .map(|item| view! { <SupplementRow case_id=case_id.clone() item reload /> })
            .collect_view();
        view! {
            <section class="ys-callout ys-callout--action" aria-labelledby="supplement-title">
                <h2 id="supplement-title">{t(Key::CaseSupplementTitle)}</h2>
                <p>{due}</p>
                <ul class="ys-list ys-supplement">{items}</ul>
                {sup.office.as_ref().map(|o| view! { <p>{t(Key::CaseSupplementWhere)} "：" {local(o)}</p> })}
            </section>
        }
    });
    let delivery = case.delivery.clone().map(|d| {
        view! {
            <section class="ys-callout" aria-labelledby="delivery-title">
                <h2 id="delivery-title">{t(Key::CaseDeliveryTitle)}</h2>
                <p><strong>{t(format::delivery(d.method))}</strong> "：" {local(&d.detail)}</p>
            </section>
        }
    });
    let members = (!case.members.is_empty()).then(|| {
        view! {
            <section aria-labelledby="members-title">
                <h2 id="members-title">{t(Key::CaseMembers)}</h2>
                <ul class="ys-list">
                    {case.members.iter().map(|m| view! {
                        <li>{local(&m.title)} " — " <span class="ys-stage">{t(format::stage(m.stage))}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let outbox = crate::outbox::use_outbox();
    let queued = {
        let id = s.id.clone();
        move || {
            outbox.0.with(|es| {
                es.iter()
                    .filter(|e| e.case_id == id && e.status != "sent")
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    };
    let queued_stages = {
        let queued = queued.clone();
        move || !queued().is_empty()
    };
    let rated: Vec<RatingStage> = ratings.iter().map(|r| r.stage).collect();
    let rating_list = ratings
        .iter()
        .map(|r| {
            view! {
                <li class="ys-rating-done">
                    {t(Key::CaseYourRating)} "：" <strong>{t(level_key(r.level))}</strong>
                    " (" {format::timestamp(l, r.created_at)} ") "
                    {r.follow_up.is_some().then(|| view! { <A href=routes::rating(&r.id)>{t(Key::RatingsView)}</A> })}
                </li>
            }
        })
        .collect_view();
    let prompts = s
        .ratable
        .iter()
        .filter(|stage| !rated.contains(stage))
        .map(|stage| {
            let (key, name) = match stage {
                RatingStage::Acceptance => (Key::CaseRateAcceptance, "acceptance"),
                _ => (Key::CaseRateCompletion, "completion"),
            };
            view! { <A href=routes::rate(&s.id, name) attr:class="ys-button ys-button--warm">{t(key)}</A> }
        })
        .collect_view();

    view! {
        <header class="ys-page__header">
            <p class="ys-eyebrow">{t(Key::CaseNumber)} "：" {s.number.clone()}</p>
            <h1>{local(&s.title)}</h1>
            <p class="ys-stage ys-stage--large">{t(format::stage(s.stage))}</p>
        </header>
        <DeadlineBar deadline=s.deadline.clone() />
        {supplement}
        {delivery}
        <section class="ys-rating-prompt" aria-labelledby="rating-title">
            <h2 id="rating-title" class="ys-visually-hidden">{t(Key::RatingTitle)}</h2>
            <ul class="ys-list">{rating_list} {move || view! { <OutboxLines entries=queued() /> }}</ul>
            // While a rating waits in the outbox, don't invite a second one.
            <div class="ys-actions" hidden=queued_stages>{prompts}</div>
        </section>
        {members}
        <crate::components::query_code::QueryCode code=case.query_code.clone() />
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t(Key::CaseTimeline)}</h2>
            <Timeline entries=case.timeline.clone() />
        </section>
        {case.withdrawable.then(|| view! { <Withdraw case_id=s.id.clone() reload /> })}
        <p><A href=routes::CASES>{t(Key::CaseBackToList)}</A></p>
    }
}

/// One missing item: received already, or a file to upload now (or paper to bring).
#[component]
fn SupplementRow(case_id: String, item: SupplementItem, reload: Callback<()>) -> impl IntoView {
    let name = local(&item.name);
    let note = item.note.as_ref().map(local);
    let uploadable = Some(item.id.clone()).filter(|_| !item.received && item.material_id.is_some());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);
    let input_id = format!("supply-{}", item.id);
    let on_change = move |ev: web_sys::Event| {
        let Some(material_id) = uploadable.clone() else {
            return;
        };
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let case_id = case_id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = async {
                let attachment = api::upload(&file, |_| {}).await?;
                let body = SupplementUpload {
                    attachments: vec![AttachmentRef {
                        target: material_id,
                        attachment_id: attachment.id,
                    }],
                };
                api::supply(&case_id, &body).await
            }
            .await;
            match result {
                Ok(_) => reload.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e.message()));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <li class="ys-supplement__item">
            <p class="ys-strong">{name}</p>
            {note.map(|n| view! { <p class="ys-muted">{n}</p> })}
            {if item.received {
                view! { <span class="ys-tag ys-tag--ok">{t(Key::CaseSupplementReceived)}</span> }.into_any()
            } else if item.material_id.is_some() {
                view! {
                    <label for=input_id.clone() class="ys-strong">{t(Key::CaseSupplementUpload)}</label>
                    <input id=input_id.clone() type="file" accept="application/pdf,image/jpeg,image/png" on:change=on_change
                        aria-busy=move || busy.get().to_string() />
                    {move || busy.get().then(|| view! { <p class="ys-muted" role="status">{t(Key::FormUploading)}</p> })}
                    {move || error.get().map(|k| view! { <p class="ys-field__error" role="alert">{t(k)}</p> })}
                }
                .into_any()
            } else {
                view! { <p class="ys-muted">{t(Key::CaseSupplementBring)}</p> }.into_any()
            }}
        </li>
    }
}

/// Withdraw (撤回) an undecided case, after an explicit confirmation.
#[component]
fn Withdraw(case_id: String, reload: Callback<()>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let case_id = case_id.clone();
        spawn_local(async move {
            match api::withdraw(&case_id).await {
                Ok(_) => {
                    let _ = confirming.try_set(false);
                    reload.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="ys-withdraw ys-no-print" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{t(Key::WithdrawTitle)}</h2>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| {
                    confirming.set(true);
                    crate::pages::sign_in::focus("withdraw-confirm");
                }>{t(Key::WithdrawAction)}</button>
            }>
                <div id="withdraw-confirm" class="ys-callout ys-callout--action" role="alertdialog" aria-labelledby="withdraw-question" tabindex="-1">
                    <p id="withdraw-question" class="ys-strong">{t(Key::WithdrawQuestion)}</p>
                    {move || error.get().map(|e| view! { <p class="ys-error__message" role="alert">{t(e.message())}</p> })}
                    <div class="ys-actions">
                        <button type="button" class="ys-button ys-button--danger" aria-disabled=move || busy.get().to_string() on:click=confirm.clone()>{t(Key::WithdrawConfirm)}</button>
                        <button type="button" class="ys-button ys-button--secondary" on:click=move |_| confirming.set(false)>{t(Key::WithdrawCancel)}</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
