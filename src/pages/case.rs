//! One case: where it is, who holds it, how long it has taken against the promise, what the
//! citizen must do next (supply what is missing, collect the result, rate the service), its whole
//! timeline, and withdrawal while it is undecided. It refreshes itself when the citizen comes
//! back to it, and a failed refresh keeps the last known state on screen.

use crate::router::{A, use_params_map};
use leptos::{either::Either, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use yishi_contract::{
    AttachmentRef, Case, CaseState, Rating, RatingStage, SupplementItem, SupplementUpload,
    Timestamp,
};

use crate::{
    api::{self, ApiError},
    components::{
        book_action::BookForCase,
        deadline::DeadlineBar,
        office::OfficeCard,
        outbox_lines::OutboxLines,
        refresh,
        require_sign_in::RequireSignIn,
        states::{Later, Loading, resource_view},
        timeline::Timeline,
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    routes,
    submit::Submit,
};

mod next_steps;

#[component]
pub fn CasePage() -> impl IntoView {
    crate::pages::set_title(Key::CaseTitle);
    view! { <article class="ys-page"><RequireSignIn reason=Key::SignInNeededCase heading=Key::CaseTitle><CaseLoader /></RequireSignIn></article> }
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
    // Once known, known: a reload of the ratings does not take the case away meanwhile.
    let ratings_known = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || ratings.get().is_some()
    });
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
        let sent = outbox.0.with(|es| {
            es.iter()
                .filter(|e| e.is_rating() && e.status == "sent")
                .count()
        });
        if previous.is_some_and(|p| p != sent) {
            reload();
        }
        sent
    });
    // The rate page comes back here right after sending: when the case cannot be loaded (the
    // backend is unreachable), the rating kept on the device for it must still show.
    let waiting_unloaded = move || {
        if case.has_value() {
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
        // The invitation to rate sits above the receipt and the timeline: the case is drawn once
        // its ratings are known too (read with it, so hardly later), or their arrival would push
        // the page down under the reader's eyes. Later changes fill in their part in place.
        {move || if ratings_known.get() {
            Either::Left(resource_view(case, 8, move |data| {
                let case_id = data.summary.id.clone();
                // A failed read of the ratings still offers to rate (the backend refuses a second
                // rating of a stage).
                let mine = Signal::derive(move || match ratings.value() {
                    Some(page) => Some(
                        page.items.into_iter().filter(|r| r.case_id == case_id).collect::<Vec<Rating>>(),
                    ),
                    None => ratings.error().map(|_| Vec::new()),
                });
                view! { <CaseBody case=data ratings=mine reload=Callback::new(move |_| reload()) /> }
            }))
        } else {
            Either::Right(view! { <Loading lines=8 /> })
        }}
    }
}

/// `ratings`: the citizen's ratings of this case, `None` until they have been read.
#[component]
fn CaseBody(
    case: Case,
    ratings: Signal<Option<Vec<Rating>>>,
    reload: Callback<()>,
) -> impl IntoView {
    let l = lang();
    let s = &case.summary;
    let case_id = s.id.clone();
    // A supplement request is an action box only while it is the citizen's to answer; once
    // the case has moved on it is history: the items, each shown as supplied.
    let needs_action = s.state == CaseState::NeedsAction;
    // 预约办理: a case still open whose matter needs a visit can book one.
    let book = s
        .matter_id
        .clone()
        .filter(|_| !yishi_core::stages::is_final(s.stage))
        .map(|matter_id| view! { <BookForCase matter_id case_id=s.id.clone() /> });
    let supplement = case.supplement.clone().map(|sup| {
        if !needs_action {
            let items = sup
                .items
                .iter()
                .map(|item| view! {
                    <li>
                        {local(&item.name)} " "
                        <span class="ys-tag ys-tag--ok">{t(if item.received { Key::CaseSupplementReceived } else { Key::CaseSupplementClosed })}</span>
                    </li>
                })
                .collect_view();
            return view! {
                <details class="ys-past-supplement">
                    <summary>{t(Key::CaseSupplementPast)}</summary>
                    <ul class="ys-list">{items}</ul>
                </details>
            }
            .into_any();
        }
        let due = fill(t(Key::CaseSupplementDue), &[("date", &format::date(l, sup.due_on))]);
        let items = sup
            .items
            .into_iter()
            .map(|item| view! { <SupplementRow case_id=case_id.clone() item reload /> })
            .collect_view();
        // Where paper can go: the office with address and hours, else its name alone.
        let paper = match (sup.bring_to, sup.office) {
            (Some(office), _) => view! { <OfficeCard office heading=Key::CaseSupplementWhere /> }.into_any(),
            (None, Some(name)) => view! { <p>{t(Key::CaseSupplementWhere)} " " <strong>{local(&name)}</strong></p> }.into_any(),
            (None, None) => ().into_any(),
        };
        view! {
            <section class="ys-callout ys-callout--action" aria-labelledby="supplement-title">
                <h2 id="supplement-title">{t(Key::CaseSupplementTitle)}</h2>
                <p class="ys-strong">{due}</p>
                <p class="ys-muted">{t(Key::CaseSupplementFiles)}</p>
                <ul class="ys-list ys-supplement">{items}</ul>
                {paper}
            </section>
        }
        .into_any()
    });
    let delivery = case.delivery.clone().map(|d| {
        view! {
            <section class="ys-callout" aria-labelledby="delivery-title">
                <h2 id="delivery-title">{t(Key::CaseDeliveryTitle)}</h2>
                <p><strong>{t(format::delivery(d.method))}</strong> {t(Key::Colon)} {local(&d.detail)}</p>
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
    // What was given with the application: a file by its name, a licence by name and number.
    let materials = (!case.materials.is_empty()).then(|| {
        view! {
            <section aria-labelledby="materials-title">
                <h2 id="materials-title">{t(Key::CaseMaterials)}</h2>
                <dl class="ys-summary">
                    {case.materials.iter().map(|m| {
                        let given = match (&m.licence, &m.file) {
                            (Some(l), _) => fill(
                                t(Key::ApplyLicenceGiven),
                                &[("name", &local(&l.name)), ("number", &l.number_masked)],
                            ),
                            (None, Some(f)) => fill(t(Key::CaseMaterialFile), &[("name", &f.name)]),
                            (None, None) => String::new(),
                        };
                        view! {
                            <div class="ys-summary__row">
                                <dt>{local(&m.label)}</dt>
                                <dd class="ys-summary__value">{given}</dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
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
    let rating_list = move || {
        ratings.get().map(|mine| {
            mine.into_iter()
                .map(|r| {
                    view! {
                        <li class="ys-rating-done">
                            {t(format::your_rating(r.stage))} {t(Key::Colon)} <strong>{t(crate::format::rating_level(r.level))}</strong>
                            " (" {format::timestamp(l, r.created_at)} ") "
                            {r.follow_up.is_some().then(|| view! { <A href=routes::rating(&r.id)>{t(Key::RatingsView)}</A> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    // Invitations to rate wait for the ratings, so a stage already rated is never offered.
    let ratable = s.ratable.clone();
    let rate_id = s.id.clone();
    let prompts = move || {
        let rated: Vec<RatingStage> = ratings.get()?.iter().map(|r| r.stage).collect();
        Some(
            ratable
                .iter()
                .filter(|stage| !rated.contains(stage))
                .map(|stage| {
                    let (key, name) = match stage {
                        RatingStage::Acceptance => (Key::CaseRateAcceptance, "acceptance"),
                        _ => (Key::CaseRateCompletion, "completion"),
                    };
                    view! { <A href=routes::rate(&rate_id, name) attr:class="ys-button ys-button--warm">{t(key)}</A> }
                })
                .collect_view(),
        )
    };

    // What the part drawn later (`Later`) needs, owned: it outlives this function.
    let timeline = case.timeline.clone();
    let withdraw = case
        .withdrawable
        .then(|| view! { <Withdraw case_id=s.id.clone() reload /> });
    let next_steps = (s.state == CaseState::Done).then(|| {
        view! { <next_steps::NextSteps event_id=s.event_id.clone() matter_id=s.matter_id.clone() /> }
    });
    view! {
        <header class="ys-page__header">
            <p class="ys-eyebrow">{t(Key::CaseNumber)} {t(Key::Colon)} {s.number.clone()}</p>
            <h1>{local(&s.title)}</h1>
            <p class="ys-stage ys-stage--large">{t(format::stage(s.stage))}</p>
        </header>
        // What the citizen must do comes before how long the office has taken.
        {supplement}
        <DeadlineBar deadline=s.deadline.clone() stage=s.stage />
        {delivery}
        <section class="ys-rating-prompt" aria-labelledby="rating-title">
            <h2 id="rating-title" class="ys-visually-hidden">{t(Key::RatingTitle)}</h2>
            <ul class="ys-list">{rating_list} {move || view! { <OutboxLines entries=queued() /> }}</ul>
            // While a rating waits in the outbox, don't invite a second one.
            <div class="ys-actions" hidden=queued_stages>{prompts}</div>
        </section>
        {members}
        {materials}
        <crate::components::query_code::QueryCode code=case.query_code.clone() />
        // The rest in the next task (issue 14): no long task when a case opens.
        <Later lines=6>
            <section aria-labelledby="timeline-title">
                <h2 id="timeline-title">{t(Key::CaseTimeline)}</h2>
                <Timeline entries=timeline />
            </section>
            {book}
            {withdraw}
            {next_steps}
            <p><A href=routes::CASES>{t(Key::CaseBackToList)}</A></p>
        </Later>
    }
}

/// One missing item: received already, or a file to choose, review and only then send (or
/// paper to bring). Choosing checks the type and size at once and shows what was chosen (a
/// picture as a picture, so a blurred photo is seen before it is sent); the file can be
/// replaced or removed until the citizen sends it.
#[component]
fn SupplementRow(case_id: String, item: SupplementItem, reload: Callback<()>) -> impl IntoView {
    let name = local(&item.name);
    let note = item.note.as_ref().map(local);
    let target = item.id.clone();
    let sending = Submit::<PageKey>::new();
    let progress = RwSignal::new(None::<f64>);
    let chosen = RwSignal::new(None::<SendWrapper<web_sys::File>>);
    let preview = RwSignal::new(None::<String>);
    let input_id = format!("supply-{}", item.id);
    let forget = move || {
        if let Some(url) = preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        preview.set(None);
        chosen.set(None);
    };
    on_cleanup(move || {
        if let Some(url) = preview.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // The same input may choose the same file again after a removal.
        input.set_value("");
        sending.clear();
        if let Some(problem) = crate::format::file_problem(&file.type_(), file.size()) {
            forget();
            sending.fail(problem.page());
            return;
        }
        forget();
        if file.type_().starts_with("image/") {
            preview.set(web_sys::Url::create_object_url_with_blob(&file).ok());
        }
        chosen.set(Some(SendWrapper::new(file)));
    };
    let send = move |_| {
        let Some(file) = chosen.get_untracked() else {
            return;
        };
        if sending.busy_untracked() {
            return;
        }
        let case_id = case_id.clone();
        let target = target.clone();
        progress.set(Some(0.0));
        let supplied = async move {
            let attachment = api::upload(&file, move |p| {
                let _ = progress.try_set(Some(p));
            })
            .await?;
            let body = SupplementUpload {
                attachments: vec![AttachmentRef {
                    target,
                    attachment_id: attachment.id,
                }],
            };
            api::supply(&case_id, &body).await
        };
        sending.send(supplied, move |result| {
            progress.set(None);
            // On failure the choice stays, so a retry is one tap.
            result.map_err(|e| e.message())?;
            reload.run(());
            Ok(())
        });
    };
    let uploadable = !item.received && item.material_id.is_some();
    let review = move || {
        chosen.get().map(|file| {
            let summary = fill(
                t(Key::CaseSupplementChosen),
                &[
                    ("name", &file.name()),
                    ("size", &crate::format::file_size(lang(), file.size())),
                ],
            );
            view! {
                <div class="ys-review" role="status">
                    {move || preview.get().map(|src| view! { <img class="ys-review__image" src=src alt=t(Key::CaseSupplementPreviewAlt) /> })}
                    <p class="ys-strong">{summary}</p>
                    {move || progress.get().map(|p| view! {
                        <progress class="ys-progress" max="100" value=format!("{:.0}", p * 100.0) aria-label=t(Key::FormUploading)></progress>
                    })}
                    <div class="ys-actions">
                        <button type="button" class="ys-button ys-button--warm" aria-disabled=move || sending.busy().to_string() on:click=send.clone()>
                            {move || t(if sending.busy() { Key::FormUploading.page() } else { Key::CaseSupplementSend })}
                        </button>
                        <button type="button" class="ys-button ys-button--secondary" on:click=move |_| forget() disabled=move || sending.busy()>
                            {t(Key::CaseSupplementRemove)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <li class="ys-supplement__item">
            <p class="ys-strong">{name}</p>
            {note.map(|n| view! { <p class="ys-muted">{n}</p> })}
            {if item.received {
                view! { <span class="ys-tag ys-tag--ok">{t(Key::CaseSupplementReceived)}</span> }.into_any()
            } else if uploadable {
                view! {
                    {review}
                    <label for=input_id.clone() class="ys-button ys-button--secondary ys-file-button">
                        {move || t(if chosen.with(Option::is_some) { Key::CaseSupplementReplace } else { Key::CaseSupplementChoose })}
                    </label>
                    <input id=input_id.clone() class="ys-visually-hidden" type="file" accept="application/pdf,image/jpeg,image/png"
                        on:change=on_change aria-describedby=format!("{input_id}-hint") />
                    <p id=format!("{input_id}-hint") class="ys-muted">{t(Key::FormFileHint)}</p>
                    {move || sending.error().map(|k| view! { <p class="ys-field__error" role="alert">{t(k)}</p> })}
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
    let sending = Submit::<ApiError>::new();
    let confirm = move |_| {
        let case_id = case_id.clone();
        sending.send(
            async move { api::withdraw(&case_id).await },
            move |result| {
                result?;
                confirming.set(false);
                reload.run(());
                Ok(())
            },
        );
    };
    view! {
        <section class="ys-withdraw ys-no-print" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{t(Key::WithdrawTitle)}</h2>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| {
                    confirming.set(true);
                    crate::focus::later("withdraw-confirm");
                }>{t(Key::WithdrawAction)}</button>
            }>
                <div id="withdraw-confirm" class="ys-callout ys-callout--action" role="alertdialog" aria-labelledby="withdraw-question" tabindex="-1">
                    <p id="withdraw-question" class="ys-strong">{t(Key::WithdrawQuestion)}</p>
                    {move || sending.error().map(|e| view! { <p class="ys-error__message" role="alert">{t(e.message())}</p> })}
                    <div class="ys-actions">
                        <button type="button" class="ys-button ys-button--danger" aria-disabled=move || sending.busy().to_string() on:click=confirm.clone()>{t(Key::WithdrawConfirm)}</button>
                        <button type="button" class="ys-button ys-button--secondary" on:click=move |_| confirming.set(false)>{t(Key::WithdrawCancel)}</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
