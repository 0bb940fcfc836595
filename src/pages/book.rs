//! 预约办理: booking a visit for a matter — an office, a day of the backend's booking window
//! (closed days shown as closed), a time slot with its places left, what to bring (the
//! guide's one-time checklist), and a confirmation sent with the one write helper, so a double
//! tap books once. A refusal says why and what to do next: the slot just went (the fresh
//! slots the backend sent are shown at once), the office is closed, the matter is already
//! booked, the window is not open. With `?move=<appointment>` the same picker moves that
//! appointment (改约): the current booking is shown, kept until the new slot is confirmed, and a
//! backend that does not move appointments (404/501) is told apart from one that refused.
//! In the `guide` split with the guides it is booked from (and my appointments).

use crate::router::{A, use_params_map, use_query_map};
use leptos::prelude::*;
use yishi_contract::{
    Appointment, MatterGuide, MoveAppointment, NewAppointment, Office, OfficeSlots, Slot, SlotDay,
    codes,
};
use yishi_core::plan::{Action, action_of};

use crate::{
    api::{self, ApiError},
    components::{
        office::MapLink,
        require_sign_in::RequireSignIn,
        states::{Empty, ErrorPanel, Loading, resource_view},
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    routes,
    submit::Submit,
};

/// What the citizen is told about a failed booking or cancellation, by the problem's code.
pub(crate) fn refusal(e: &ApiError) -> PageKey {
    match e {
        ApiError::Problem(p) => match p.code.as_str() {
            codes::SLOT_FULL => Key::VisitSlotFull,
            codes::OFFICE_CLOSED => Key::VisitOfficeClosed,
            codes::ALREADY_BOOKED => Key::VisitAlreadyBooked,
            codes::WINDOW_NOT_OPEN => Key::VisitWindowNotOpen,
            codes::CUT_OFF_PASSED => Key::VisitCutOffPassed,
            _ => e.message().page(),
        },
        _ => e.message().page(),
    }
}

/// "周一" / "Mon".
pub(crate) fn weekday(d: yishi_contract::Date) -> &'static str {
    let i = d.weekday() as usize;
    t(Key::VisitWeekdays).split(',').nth(i).unwrap_or("")
}

/// "2026年11月30日 10:00-11:00" / "30 Nov 2026, 10:00–11:00".
pub(crate) fn when(start: yishi_contract::Timestamp, end: yishi_contract::Timestamp) -> String {
    let hm = |ts: yishi_contract::Timestamp| {
        let (h, m) = ts.china_hm();
        format!("{h:02}:{m:02}")
    };
    fill(
        t(Key::VisitWhen),
        &[
            ("date", &format::date(lang(), start.china_date())),
            ("from", &hm(start)),
            ("to", &hm(end)),
        ],
    )
}

/// What the citizen is told about a failed move (改约).
fn move_refusal(e: &ApiError) -> PageKey {
    match e {
        _ if e.not_offered() => Key::VisitMoveNotOffered,
        ApiError::Problem(p) if p.code == codes::CUT_OFF_PASSED => Key::VisitMoveCutOffPassed,
        ApiError::Problem(p) if p.code == codes::CONFLICT => Key::VisitMoveGone,
        _ => refusal(e),
    }
}

/// The appointment being moved, from `?move=`.
fn moving() -> Option<String> {
    use_query_map()
        .read_untracked()
        .get("move")
        .filter(|m| !m.is_empty())
}

#[component]
pub fn BookPage() -> impl IntoView {
    let title = if moving().is_some() {
        Key::VisitMoveTitle
    } else {
        Key::VisitTitle
    };
    crate::pages::set_title(title);
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let guide = api::Loaded::new(move || {
        let id = id();
        async move { api::matter(&id).await }
    });
    view! {
        <section class="ys-page ys-book">
            <h1>{t(title)}</h1>
            <RequireSignIn reason=Key::VisitSignInNeeded>
                {resource_view(guide, 6, |g| view! { <Booking guide=g /> })}
            </RequireSignIn>
        </section>
    }
}

#[component]
fn Booking(guide: MatterGuide) -> impl IntoView {
    let query = use_query_map();
    let offices: Vec<Office> = guide
        .offices
        .iter()
        .filter(|o| o.appointment)
        .cloned()
        .collect();
    if offices.is_empty() {
        return view! { <Empty message=Key::VisitNoOffice><A href=routes::matter(&guide.id)>{local(&guide.name)}</A></Empty> }.into_any();
    }
    let wanted = query.read_untracked().get("office");
    let case_id = query.read_untracked().get("case").filter(|c| !c.is_empty());
    let move_id = moving();
    let is_move = move_id.is_some();
    // The appointment being moved, to show what it replaces (and that it can still move).
    let current = move_id.clone().map(|id| {
        api::Loaded::new(move || {
            let id = id.clone();
            async move {
                api::appointments()
                    .await
                    .map(|l| l.items.into_iter().find(|a| a.id == id && a.movable))
            }
        })
    });
    let first = wanted
        .filter(|w| offices.iter().any(|o| &o.id == w))
        .unwrap_or_else(|| offices[0].id.clone());
    let office = RwSignal::new(first);
    let matter_id = guide.id.clone();
    let m = matter_id.clone();
    let slots = api::Loaded::new(move || {
        let (office, matter) = (office.get(), m.clone());
        async move { api::office_slots(&office, &matter).await }
    });
    let day = RwSignal::new(None::<yishi_contract::Date>);
    let slot = RwSignal::new(None::<String>);
    // Fresh slots from a `slot_full` refusal, shown until the next load.
    let fresh = RwSignal::new(None::<Vec<Slot>>);
    let submit = Submit::<PageKey>::new();
    let booked = RwSignal::new(None::<Appointment>);
    // One key per choice: a double tap or a retry of the same choice books once; another
    // choice is another booking.
    let key = RwSignal::new(api::new_idempotency_key());
    Effect::new(move |_| {
        slot.track();
        office.track();
        key.set(api::new_idempotency_key());
    });

    let bring: Vec<String> = guide
        .materials
        .iter()
        .filter(|m| m.only_if.is_none() && action_of(m.source) == Action::Bring)
        .map(|m| local(&m.name))
        .collect();
    let bring = if bring.is_empty() {
        view! { <p>{t(Key::VisitNothingToBring)}</p> }.into_any()
    } else {
        view! { <ul class="ys-list">{bring.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }
            .into_any()
    };

    let office_choice = {
        let offices = offices.clone();
        view! {
            <fieldset class="ys-book__offices">
                <legend>{t(Key::VisitOffice)}</legend>
                {offices.into_iter().map(|o| {
                    let id = o.id.clone();
                    let checked = id.clone();
                    let map = o.clone();
                    view! {
                        <div class="ys-book__office-choice">
                        <label class="ys-choice ys-book__office">
                            <input type="radio" name="office" prop:checked=move || office.get() == checked
                                on:change=move |_| { office.set(id.clone()); day.set(None); slot.set(None); fresh.set(None); submit.clear(); } />
                            <span>
                                <strong>{local(&o.name)}</strong>
                                <small class="ys-book__office-detail">{local(&o.address)}</small>
                                <small class="ys-book__office-detail">{t(Key::GuideHours)} {t(Key::Colon)} {local(&o.hours)}</small>
                                <small class="ys-book__office-detail">{t(Key::GuidePhone)} {t(Key::Colon)} {o.phone.clone()}</small>
                            </span>
                        </label>
                        <MapLink office=map />
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    };

    let confirm = {
        let matter_id = matter_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(slot_id) = slot.get_untracked() else {
                submit.fail(Key::VisitChooseSlot);
                return;
            };
            let k = key.get_untracked();
            let write = {
                let (move_id, office_id) = (move_id.clone(), office.get_untracked());
                let (matter_id, case_id) = (matter_id.clone(), case_id.clone());
                async move {
                    match move_id {
                        Some(id) => {
                            let body = MoveAppointment { office_id, slot_id };
                            api::move_appointment(&id, &body, &k).await
                        }
                        None => {
                            let body = NewAppointment {
                                matter_id,
                                office_id,
                                slot_id,
                                case_id,
                            };
                            api::book_appointment(&body, &k).await
                        }
                    }
                }
            };
            submit.send(write, move |result| match result {
                Ok(a) => {
                    booked.set(Some(a));
                    crate::focus::later("book-done");
                    Ok(())
                }
                Err(e) => {
                    if let ApiError::Problem(p) = &e
                        && p.code == codes::SLOT_FULL
                    {
                        fresh.set(Some(p.slots.clone()));
                        slot.set(None);
                        slots.reload();
                    }
                    Err(if is_move {
                        move_refusal(&e)
                    } else {
                        refusal(&e)
                    })
                }
            });
        }
    };

    let chooser = move |s: OfficeSlots| {
        let days = s.days.clone();
        let cutoff = s.cancel_cutoff_minutes;
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let window = fill(
            t(Key::VisitWindow),
            &[
                ("from", &format::date(lang(), s.first_day)),
                ("to", &format::date(lang(), s.last_day)),
                ("minutes", &s.cancel_cutoff_minutes.to_string()),
            ],
        );
        if !days.iter().any(|d| d.open && !d.slots.is_empty()) {
            return view! { <p class="ys-muted">{window}</p><p role="status">{t(Key::VisitNoneOpen)}</p> }.into_any();
        }
        if day.get_untracked().is_none() {
            let first = days
                .iter()
                .find(|d| d.slots.iter().any(|x| x.remaining > 0));
            day.set(first.map(|d| d.date));
        }
        let all = days.clone();
        let shown_slots = move || {
            let chosen = day.get()?;
            let from_server = all.iter().find(|d| d.date == chosen).cloned()?;
            // A refusal's fresh slots are newer than the list loaded before it.
            let slots = fresh
                .get()
                .filter(|f| f.first().is_some_and(|x| x.start.china_date() == chosen))
                .unwrap_or(from_server.slots.clone());
            Some((from_server, slots))
        };
        view! {
            <p class="ys-muted">{window}</p>
            <fieldset class="ys-book__days">
                <legend>{t(Key::VisitDay)}</legend>
                <div class="ys-book__day-list">
                    {days.into_iter().map(|d: SlotDay| {
                        let date = d.date;
                        let open = d.open && !d.slots.is_empty();
                        let label = format!("{} {}", weekday(date), format::day_month(lang(), date));
                        view! {
                            <button type="button" class="ys-book__day" disabled=!open
                                aria-pressed=move || (day.get() == Some(date)).to_string()
                                on:click=move |_| { day.set(Some(date)); slot.set(None); fresh.set(None); submit.clear(); }>
                                <span>{label}</span>
                                {(!d.open).then(|| view! { <small>{t(Key::VisitClosed)}</small> })}
                            </button>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            {move || shown_slots().map(|(_, list)| {
                if list.iter().all(|x| x.remaining == 0) {
                    return view! { <p role="status">{t(Key::VisitNoSlots)}</p> }.into_any();
                }
                view! {
                    <fieldset class="ys-book__slots">
                        <legend>{t(Key::VisitSlot)}</legend>
                        {list.into_iter().map(|x| {
                            let id = x.id.clone();
                            let checked = id.clone();
                            let full = x.remaining == 0;
                            let left = if full { t(Key::VisitFull).to_string() } else { fill(t(Key::VisitRemaining), &[("n", &x.remaining.to_string())]) };
                            // Booked inside the cut-off, it cannot be undone online: say so before.
                            let fixed = (!full && x.start.0 - i64::from(cutoff) * 60 < now).then(|| {
                                view! { <small class="ys-book__slot-note">{fill(t(Key::VisitSlotFinal), &[("minutes", &cutoff.to_string())])}</small> }
                            });
                            let (h1, m1) = x.start.china_hm();
                            let (h2, m2) = x.end.china_hm();
                            view! {
                                <label class="ys-choice ys-book__slot" class:ys-book__slot--full=full>
                                    <input type="radio" name="slot" disabled=full prop:checked=move || slot.get().as_deref() == Some(checked.as_str())
                                        on:change=move |_| { slot.set(Some(id.clone())); submit.clear(); } />
                                    <span>{format!("{h1:02}:{m1:02}-{h2:02}:{m2:02}")}</span>
                                    <small>{left}</small>
                                    {fixed}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                }.into_any()
            })}
        }
        .into_any()
    };

    let (done_title, done_detail) = if is_move {
        (Key::VisitMoved, Key::VisitMovedDetail)
    } else {
        (Key::VisitBooked, Key::VisitBookedDetail)
    };
    let done = move || {
        booked.get().map(|a| {
            let detail = fill(
                t(done_detail),
                &[
                    ("when", &when(a.start, a.end)),
                    ("office", &local(&a.office.name)),
                ],
            );
            view! {
                <div class="ys-callout ys-book__done" role="status">
                    <h2 id="book-done" tabindex="-1">{t(done_title)}</h2>
                    <p>{detail}</p>
                    <A href=routes::APPOINTMENTS attr:class="ys-button">{t(Key::VisitMine)}</A>
                </div>
            }
        })
    };
    let slots_view = move || match (slots.value(), slots.error()) {
        (Some(s), _) => chooser(s).into_any(),
        (None, Some(e)) if e.not_offered() => {
            view! { <p role="status">{t(Key::VisitNotOffered)}</p> }.into_any()
        }
        (None, Some(error)) => {
            view! { <ErrorPanel error retry=move |_| slots.reload() /> }.into_any()
        }
        (None, None) => view! { <Loading lines=3 /> }.into_any(),
    };
    let current_view = move || {
        let current = current?;
        Some(match (current.value(), current.error()) {
            (Some(Some(a)), _) => {
                let text = fill(
                    t(Key::VisitMoveCurrent),
                    &[
                        ("when", &format!("{} {}", weekday(a.start.china_date()), when(a.start, a.end))),
                        ("office", &local(&a.office.name)),
                    ],
                );
                view! { <p class="ys-callout ys-book__current">{text}</p> }.into_any()
            }
            (Some(None), _) => view! {
                <p class="ys-error" role="alert">{t(Key::VisitMoveGone)} " " <A href=routes::APPOINTMENTS>{t(Key::VisitMine)}</A></p>
            }
            .into_any(),
            (None, Some(error)) => {
                view! { <ErrorPanel error retry=move |_| current.reload() /> }.into_any()
            }
            (None, None) => view! { <Loading lines=1 /> }.into_any(),
        })
    };
    view! {
        <p class="ys-eyebrow">{local(&guide.name)}</p>
        {move || booked.get().is_none().then(current_view)}
        {done}
        <form class="ys-book__form" on:submit=confirm novalidate hidden=move || booked.get().is_some()>
            {office_choice}
            {slots_view}
            <section class="ys-book__bring" aria-labelledby="book-bring">
                <h2 id="book-bring">{t(Key::VisitBring)}</h2>
                {bring}
            </section>
            {move || submit.error().map(|k| view! { <p class="ys-error" role="alert">{t(k)}</p> })}
            <button type="submit" class="ys-button ys-button--warm" aria-busy=move || submit.busy().to_string()>
                {move || match (submit.busy(), is_move) {
                    (true, false) => t(Key::VisitBooking),
                    (false, false) => t(Key::VisitConfirm),
                    (true, true) => t(Key::VisitMoving),
                    (false, true) => t(Key::VisitMoveConfirm),
                }}
            </button>
        </form>
    }
    .into_any()
}
