//! 我的预约: the signed-in subject's appointments, upcoming first, then past and cancelled;
//! moving (改约, on the booking page's picker) and cancelling up to the backend's cut-off (with
//! the one write helper), and an `.ics` file for
//! the phone's calendar, written by `yishi_core::booking::ics`. A backend without appointments
//! (404/501) gets a plain notice. In the `guide` split with the booking page.

use crate::router::A;
use leptos::prelude::*;
use yishi_contract::{Appointment, AppointmentStatus, QueueTicket};
use yishi_core::booking::{CalendarEntry, ics};

use crate::{
    api::{self, ApiError},
    components::{
        office::MapLink,
        require_sign_in::RequireSignIn,
        states::{Empty, ErrorPanel, Loading},
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    pages::book::{refusal, weekday, when},
    routes,
    submit::Submit,
};

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    crate::pages::set_title(Key::VisitMine);
    view! {
        <section class="ys-page">
            <h1>{t(Key::VisitMine)}</h1>
            <RequireSignIn reason=Key::VisitSignInNeeded><List /></RequireSignIn>
        </section>
    }
}

fn status_key(s: AppointmentStatus) -> PageKey {
    match s {
        AppointmentStatus::Booked => Key::VisitStatusBooked,
        AppointmentStatus::Cancelled => Key::VisitStatusCancelled,
        AppointmentStatus::Attended => Key::VisitStatusAttended,
        AppointmentStatus::Missed => Key::VisitStatusMissed,
        AppointmentStatus::Unknown => Key::VisitStatusUnknown,
    }
}

fn now() -> yishi_contract::Timestamp {
    yishi_contract::Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

#[component]
fn List() -> impl IntoView {
    let list = api::Loaded::new(api::appointments);
    let announce = RwSignal::new("");
    move || {
        match (list.value(), list.error()) {
        (Some(l), _) => {
            if l.items.is_empty() {
                return view! { <Empty message=Key::VisitEmpty><A href=routes::HOME>{t(Key::AppName)}</A></Empty> }.into_any();
            }
            let now = now();
            let (upcoming, past): (Vec<Appointment>, Vec<Appointment>) = l
                .items
                .into_iter()
                .partition(|a| a.status == AppointmentStatus::Booked && a.end > now);
            view! {
                <p class="ys-visually-hidden" role="status">{move || announce.get()}</p>
                <section aria-labelledby="appointments-upcoming">
                    <h2 id="appointments-upcoming">{t(Key::VisitUpcoming)}</h2>
                    {if upcoming.is_empty() {
                        view! { <p class="ys-muted">{t(Key::VisitEmpty)}</p> }.into_any()
                    } else {
                        view! { <ul class="ys-appointments">{upcoming.into_iter().map(|a| view! { <Item appointment=a list announce /> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                {(!past.is_empty()).then(|| view! {
                    <section aria-labelledby="appointments-past">
                        <h2 id="appointments-past">{t(Key::VisitPast)}</h2>
                        <ul class="ys-appointments">{past.into_iter().map(|a| view! { <Item appointment=a list announce /> }).collect_view()}</ul>
                    </section>
                })}
            }
            .into_any()
        }
        (None, Some(e)) if e.not_offered() => {
            view! { <Empty message=Key::VisitNotOffered><A href=routes::CASES>{t(Key::NavCases)}</A></Empty> }.into_any()
        }
        (None, Some(error)) => view! { <ErrorPanel error retry=move |_| list.reload() /> }.into_any(),
        (None, None) => view! { <Loading lines=4 /> }.into_any(),
    }
    }
}

/// A `blob:` address of the appointment's `.ics` file (revoked when the page goes).
fn calendar_file(a: &Appointment) -> Option<String> {
    let summary = format!("{} {}", t(Key::VisitTitle), local(&a.matter_name));
    let description = fill(
        t(Key::VisitIcsDescription),
        &[
            ("matter", &local(&a.matter_name)),
            ("address", &local(&a.office.address)),
            ("phone", &a.office.phone),
        ],
    );
    let text = ics(&CalendarEntry {
        uid: &a.id,
        start: a.start,
        end: a.end,
        summary: &summary,
        location: &format!("{} {}", local(&a.office.name), local(&a.office.address)),
        description: &description,
        stamp: now(),
    });
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let revoke = url.clone();
    on_cleanup(move || {
        let _ = web_sys::Url::revoke_object_url(&revoke);
    });
    Some(url)
}

#[component]
fn Item(
    appointment: Appointment,
    list: api::Loaded<yishi_contract::AppointmentList>,
    announce: RwSignal<&'static str>,
) -> impl IntoView {
    let a = appointment;
    let submit = Submit::<ApiError>::new();
    let upcoming = a.status == AppointmentStatus::Booked && a.end > now();
    let ics = upcoming.then(|| calendar_file(&a)).flatten();
    let file_name = format!("{}.ics", a.id);
    let id = a.id.clone();
    let cancel = move |_| {
        let id = id.clone();
        submit.send(
            async move { api::cancel_appointment(&id).await },
            move |result| {
                result.map(|_| {
                    announce.set(t(Key::VisitCancelledNotice));
                    list.reload();
                })
            },
        );
    };
    let date = a.start.china_date();
    view! {
        <li class="ys-appointment">
            <h3 class="ys-appointment__title">{local(&a.matter_name)}</h3>
            <p class="ys-strong">{weekday(date)} " " {when(a.start, a.end)}</p>
            <p>{local(&a.office.name)}</p>
            <p class="ys-muted">{local(&a.office.address)} " " <MapLink office=a.office.clone() /></p>
            <p>
                <span class="ys-tag" class:ys-tag--ok={a.status == AppointmentStatus::Booked}>{t(status_key(a.status))}</span>
                {a.cancellable.then(|| view! { <small class="ys-muted">" " {fill(t(Key::VisitCancelUntil), &[("time", &format::timestamp(lang(), a.cancel_until))])}</small> })}
            </p>
            {a.ticket_open.then(|| view! { <Ticket appointment_id=a.id.clone() /> })}
            <p class="ys-appointment__actions">
                {ics.map(|href| view! { <a class="ys-button ys-button--secondary" href=href download=file_name>{t(Key::VisitAddToCalendar)}</a> })}
                {a.movable.then(|| view! {
                    <A href=routes::reschedule(&a.matter_id, &a.office.id, &a.id) attr:class="ys-button ys-button--secondary">{t(Key::VisitMove)}</A>
                })}
                {a.cancellable.then(|| view! {
                    <button type="button" class="ys-button ys-button--secondary" disabled=move || submit.busy() aria-busy=move || submit.busy().to_string() on:click=cancel.clone()>
                        {t(Key::VisitCancel)}
                    </button>
                })}
            </p>
            {move || submit.error().map(|e| view! { <p class="ys-error" role="alert">{t(refusal(&e))}</p> })}
        </li>
    }
}

/// 取号: take the queue number, then see it, the people ahead and the wait, refreshed every
/// 30 seconds while the page is open (the refresh stops with the page), and what to do if the
/// number is called while the citizen is away.
#[component]
fn Ticket(appointment_id: String) -> impl IntoView {
    let ticket = RwSignal::new(None::<QueueTicket>);
    let submit = Submit::<ApiError>::new();
    let id = appointment_id.clone();
    let take = move |_| {
        let id = id.clone();
        submit.send(async move { api::take_ticket(&id).await }, move |result| {
            result.map(|t| {
                ticket.set(Some(t));
                crate::focus::later("ticket-number");
            })
        });
    };
    // Refresh while shown: taking the number again answers the same number, the queue now.
    let id = appointment_id;
    crate::task::spawn_owned(async move {
        loop {
            crate::task::sleep(30_000).await;
            if ticket.try_get_untracked().flatten().is_none() {
                continue;
            }
            if let Ok(t) = api::take_ticket(&id).await {
                ticket.try_set(Some(t));
            }
        }
    });
    view! {
        <div class="ys-ticket">
            {move || match ticket.get() {
                None => view! {
                    <p class="ys-muted">{t(Key::VisitTicketHint)}</p>
                    <button type="button" class="ys-button ys-button--warm" disabled=move || submit.busy() on:click=take.clone()>{t(Key::VisitTicketTake)}</button>
                    {move || submit.error().map(|e| view! { <p class="ys-error" role="alert">{t(ticket_refusal(&e))}</p> })}
                }.into_any(),
                Some(q) => view! {
                    <p class="ys-muted">{t(Key::VisitTicketNumber)}</p>
                    <p id="ticket-number" tabindex="-1" class="ys-ticket__number">{q.number.clone()}</p>
                    <div role="status">
                        {if q.called {
                            view! { <p class="ys-strong">{t(Key::VisitTicketCalled)}</p> }.into_any()
                        } else {
                            view! {
                                <p class="ys-strong">{fill(t(Key::VisitTicketAhead), &[("n", &q.people_ahead.to_string())])}</p>
                                <p>{fill(t(Key::VisitTicketWait), &[("n", &q.estimated_wait_minutes.to_string())])}</p>
                            }.into_any()
                        }}
                    </div>
                    <p class="ys-muted">{t(Key::VisitTicketAway)}</p>
                }.into_any(),
            }}
        </div>
    }
}

fn ticket_refusal(e: &ApiError) -> PageKey {
    match e {
        ApiError::Problem(p) if p.code == yishi_contract::codes::TICKET_NOT_OPEN => {
            Key::VisitTicketNotOpen
        }
        _ => refusal(e),
    }
}
