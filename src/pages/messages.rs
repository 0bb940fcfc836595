//! 消息中心: the messages sent to the signed-in subject, newest first, from the copy kept on the
//! device (readable offline) and refreshed by the inbox's polling (`crate::inbox`). Opening a
//! message marks it read and leads to what it is about: the case, or the rating whose reply
//! awaits the call-back.

use crate::router::A;
use leptos::{prelude::*, task::spawn_local};
use yishi_contract::{Message, MessagePage};
use yishi_core::inbox::{self as rules, Target};

use crate::{
    api::{self, ApiError},
    components::require_sign_in::RequireSignIn,
    components::states::{Empty, ErrorPanel, Loading},
    format,
    i18n::{Key, count, fill, lang, local, t},
    inbox::{self, Inbox, use_inbox},
    routes,
};

#[component]
pub fn MessagesPage() -> impl IntoView {
    crate::pages::set_title(Key::MessagesTitle);
    view! {
        <section class="ys-page">
            <h1>{t(Key::MessagesTitle)}</h1>
            <RequireSignIn reason=Key::MessagesSignInNeeded><Inbox /></RequireSignIn>
        </section>
    }
}

/// The kept first page, changed here (a message read) and kept again.
fn change(inbox: Inbox, f: impl FnOnce(&mut MessagePage)) {
    let Some(mut page) = inbox.raw.with_untracked(|r| decode(r.as_deref())) else {
        return;
    };
    f(&mut page);
    if let Ok(json) = serde_json::to_string(&page) {
        inbox.keep(json, page.unread);
    }
}

fn decode(raw: Option<&str>) -> Option<MessagePage> {
    yishi_json::from_str(raw?).ok()
}

#[component]
fn Inbox() -> impl IntoView {
    let inbox = use_inbox();
    // `None` while nothing is kept; `Some(None)` when the kept copy does not decode.
    let page = Memo::new(move |_| inbox.raw.with(|r| r.as_deref().map(|r| decode(Some(r)))));
    // Opening the page is a good moment to ask (a 304 when nothing changed).
    inbox::poll(inbox);
    // Older pages are fetched on demand and not kept on the device.
    let older = RwSignal::new(Vec::<Message>::new());
    let older_cursor = RwSignal::new(None::<String>);
    let older_error = RwSignal::new(None::<ApiError>);
    let announce = RwSignal::new("");
    let mark_all = move |_| {
        let mut up_to = None;
        change(inbox, |p| up_to = rules::mark_all_read(p));
        older.update(|ms| ms.iter_mut().for_each(|m| m.read = true));
        announce.set(t(Key::MessagesAllRead));
        if up_to.is_some() {
            // Now or, offline, when the network returns; the inbox polls once it is delivered.
            crate::outbox::queue_read_all(up_to);
        }
    };
    let load_older = move || {
        let Some(cursor) = older_cursor
            .get_untracked()
            .or_else(|| page.get_untracked().flatten()?.next_cursor)
        else {
            return;
        };
        spawn_local(async move {
            match api::messages_after(&cursor).await {
                Ok(page) => {
                    older.try_update(|ms| ms.extend(page.items));
                    older_cursor.try_set(page.next_cursor.or(Some(String::new())));
                    older_error.try_set(None);
                }
                Err(e) => {
                    older_error.try_set(Some(e));
                }
            }
        });
    };
    let more = move || match older_cursor.get() {
        Some(c) => !c.is_empty(),
        None => page.with(|p| {
            p.as_ref()
                .and_then(Option::as_ref)
                .is_some_and(|p| p.next_cursor.is_some())
        }),
    };
    let list = move || {
        if !inbox.offered.get() {
            return view! { <Empty message=Key::MessagesNotOffered><A href=routes::CASES>{t(Key::NavCases)}</A></Empty> }.into_any();
        }
        let page = match page.get() {
            Some(Some(page)) => page,
            Some(None) => {
                return view! { <ErrorPanel error=ApiError::Malformed retry=move |_| inbox.refetch() /> }.into_any();
            }
            None => {
                return match inbox.error.get() {
                    Some(error) => {
                        view! { <ErrorPanel error retry=move |_| inbox::poll(inbox) /> }.into_any()
                    }
                    None => view! { <Loading lines=4 /> }.into_any(),
                };
            }
        };
        let MessagePage { items, unread, .. } = page;
        if items.is_empty() {
            return view! { <Empty message=Key::MessagesEmpty><A href=routes::CASES>{t(Key::NavCases)}</A></Empty> }.into_any();
        }
        view! {
            // The kept copy stays on screen (offline reading); the failure is said beside it.
            {inbox.error.get().map(|error| view! {
                <div class="ys-stale" role="status">
                    <p>{t(error.message())}</p>
                    <button type="button" class="ys-button ys-button--secondary" on:click=move |_| inbox::poll(inbox)>{t(Key::Retry)}</button>
                </div>
            })}
            <div class="ys-messages__bar">
                <p class="ys-messages__count">{(unread > 0).then(|| count(Key::MessagesUnread, unread))}</p>
                <button type="button" class="ys-button ys-button--secondary" disabled={unread == 0} on:click=mark_all>
                    {t(Key::MessagesMarkAll)}
                </button>
            </div>
            <ul class="ys-message-list" aria-label=t(Key::MessagesListLabel)>
                {items.into_iter().map(|m| view! { <MessageItem message=m inbox /> }).collect_view()}
                {move || older.get().into_iter().map(|m| view! { <MessageItem message=m inbox /> }).collect_view()}
            </ul>
            {move || older_error.get().map(|error| view! { <ErrorPanel error retry=move |_| load_older() /> })}
            <Show when=more>
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| load_older()>{t(Key::MessagesOlder)}</button>
            </Show>
        }
        .into_any()
    };
    view! {
        // Outside the list, which is redrawn: a live region must exist before its text changes.
        <p class="ys-visually-hidden" role="status">{move || announce.get()}</p>
        <NotifyInHost />
        {list}
    }
}

/// Inside a mini-program: hands over to the host's page that asks for permission to send
/// subscription messages (微信订阅消息), which only the host may request. Plain web: nothing.
#[component]
fn NotifyInHost() -> impl IntoView {
    let page = crate::host::embedded()
        .then(crate::api::config::loaded)
        .flatten()
        .and_then(|c| c.subscribe_page.clone())
        .filter(|p| !p.is_empty());
    page.map(|page| {
        view! {
            <p class="ys-messages__notify">
                <button type="button" class="ys-button ys-button--secondary" on:click=move |_| {
                    crate::host::navigate_to(&page);
                }>{t(Key::MessagesNotifyInHost)}</button>
            </p>
        }
    })
}

#[component]
fn MessageItem(message: Message, inbox: Inbox) -> impl IntoView {
    let l = lang();
    let href = match rules::target(&message) {
        Target::Case(id) => Some(routes::case(&id)),
        Target::Rating(id) => Some(routes::rating(&id)),
        Target::Appointments => Some(routes::APPOINTMENTS.to_string()),
        Target::None => None,
    };
    let id = message.id.clone();
    let unread = !message.read;
    let open = move || {
        if !unread {
            return;
        }
        let id = id.clone();
        change(inbox, |p| {
            rules::mark_read(p, &id);
        });
        crate::outbox::queue_read(id);
    };
    let title = local(&message.title);
    let heading = move || {
        view! {
            {unread.then(|| view! { <span class="ys-message__dot" aria-hidden="true"></span><span class="ys-visually-hidden">{t(Key::MessagesUnreadMark)} " "</span> })}
            {title.clone()}
        }
    };
    let heading = match href {
        Some(href) => view! { <A href=href on:click=move |_| open()>{heading}</A> }.into_any(),
        None => view! { <span>{heading}</span> }.into_any(),
    };
    view! {
        <li class="ys-message" class:ys-message--unread=unread>
            <h2 class="ys-message__title">{heading}</h2>
            {message.body.as_ref().map(|b| view! { <p class="ys-message__body">{local(b)}</p> })}
            {message.delivery.as_ref().map(|d| view! { <p class="ys-message__body">{t(format::delivery(d.method))} " " {local(&d.detail)}</p> })}
            <p class="ys-case-card__meta">
                {message.case_number.clone().map(|n| view! { <span>{n}</span> })}
                {message.due_on.map(|d| view! { <strong class="ys-message__due">{fill(t(Key::MessagesDue), &[("date", &format::date(l, d))])}</strong> })}
                <span>{format::timestamp(l, message.created_at)}</span>
            </p>
        </li>
    }
}
