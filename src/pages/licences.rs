//! 我的证照: the signed-in subject's electronic licences, and one licence shown at a counter
//! (亮证) with its verification code (用证码): a QR code and the digits, a countdown and a
//! refresh. The list is kept on the device (`crate::wallet`) and shown offline; a code never
//! is: it lives in this page's signals, goes when the page goes, and is not asked for offline
//! (the card is still shown, marked so).

use std::time::Duration;

use crate::router::{A, use_params_map};
use leptos::prelude::*;
use yishi_contract::{Licence, LicenceCode, LicenceStatus, LicenceUse, LicenceUsePurpose};
use yishi_core::wallet::{countdown, qr_path, seconds_left};

use crate::{
    api::ApiError,
    components::require_sign_in::RequireSignIn,
    components::states::{Empty, ErrorPanel, Loading},
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    routes,
    submit::Submit,
    wallet::Licences,
};

#[component]
pub fn LicencesPage() -> impl IntoView {
    crate::pages::set_title(Key::LicencesTitle);
    view! {
        <section class="ys-page">
            <h1>{t(Key::LicencesTitle)}</h1>
            <RequireSignIn reason=Key::LicencesSignInNeeded><LicenceList /></RequireSignIn>
        </section>
    }
}

#[component]
fn LicenceList() -> impl IntoView {
    let licences = Licences::load();
    crate::components::refresh::on_return(move || licences.reload());
    // The uses stay outside the list's view: a fresh list replacing the kept one (or a reload on
    // return) would otherwise rebuild them and drop what the citizen just asked to see.
    let has_items = Memo::new(move |_| {
        licences.offered.get()
            && licences
                .list
                .with(|l| l.as_ref().is_some_and(|l| !l.items.is_empty()))
    });
    let list = move || {
        if !licences.offered.get() {
            return view! { <Empty message=Key::LicencesNotOffered><A href=routes::CASES>{t(Key::NavCases)}</A></Empty> }.into_any();
        }
        let Some(list) = licences.list.get() else {
            return match licences.error.get() {
                Some(error) => {
                    view! { <ErrorPanel error retry=move |_| licences.reload() /> }.into_any()
                }
                None => view! { <Loading lines=4 /> }.into_any(),
            };
        };
        if list.items.is_empty() {
            return view! { <Empty message=Key::LicencesEmpty><A href=routes::HOME>{t(Key::SearchBrowseEvents)}</A></Empty> }.into_any();
        }
        view! {
            <Stale licences />
            <p class="ys-licences__intro">{t(Key::LicencesIntro)}</p>
            <ul class="ys-licence-list" aria-label=t(Key::LicencesListLabel)>
                {list.items.into_iter().map(|l| view! { <li><LicenceCard licence=l link=true /></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {list}
        {move || has_items.get().then(|| view! { <Uses /> })}
    }
}

/// 用证记录: who used the citizen's licences, asked for when they want to see it (not kept).
#[component]
fn Uses() -> impl IntoView {
    // `None`: not asked yet; `Some(None)`: the backend keeps no such record.
    let uses = RwSignal::new(None::<Option<Vec<LicenceUse>>>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let ask = move || {
        busy.set(true);
        crate::task::spawn_owned(async move {
            match crate::api::licence_uses().await {
                Ok(list) => {
                    uses.try_set(Some(list.map(|l| l.items)));
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let lang = lang();
    view! {
        <section class="ys-licence-uses" aria-labelledby="licence-uses-title">
            <h2 id="licence-uses-title">{t(Key::LicencesUsesTitle)}</h2>
            {move || match uses.get() {
                None => view! {
                    {move || error.get().map(|error| view! { <ErrorPanel error /> })}
                    <button type="button" class="ys-button ys-button--secondary" disabled=move || busy.get() on:click=move |_| ask()>{t(Key::LicencesUsesShow)}</button>
                }.into_any(),
                Some(None) => view! { <p class="ys-muted">{t(Key::LicencesUsesNone)}</p> }.into_any(),
                Some(Some(items)) if items.is_empty() => view! { <p class="ys-muted">{t(Key::LicencesUsesEmpty)}</p> }.into_any(),
                Some(Some(items)) => view! {
                    <ul class="ys-licence-uses__list" aria-label=t(Key::LicencesUsesLabel)>
                        {items.into_iter().map(|u| {
                            let purpose = match u.purpose {
                                LicenceUsePurpose::ShownAtCounter => Key::LicencesPurposeShown,
                                LicenceUsePurpose::AttachedToApplication => Key::LicencesPurposeAttached,
                                LicenceUsePurpose::Unknown => Key::LicencesPurposeOther,
                            };
                            view! {
                                <li class="ys-licence-uses__item">
                                    <p class="ys-strong">{local(&u.licence_name)} " · " {t(purpose)}</p>
                                    <p>{local(&u.used_by)}</p>
                                    <p class="ys-case-card__meta">
                                        <span>{format::timestamp(lang, u.used_at)}</span>
                                        {u.case_number.map(|n| view! { <span>{fill(t(Key::LicencesUsesCase), &[("number", &n)])}</span> })}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// The kept copy is on screen but the backend could not be asked: say so, with a retry.
#[component]
fn Stale(licences: Licences) -> impl IntoView {
    move || {
        licences.error.get().map(|error| {
            view! {
                <div class="ys-stale" role="status">
                    <p>{t(error.message())} " " {t(Key::LicencesKeptNote)}</p>
                    <button type="button" class="ys-button ys-button--secondary" on:click=move |_| licences.reload()>{t(Key::Retry)}</button>
                </div>
            }
        })
    }
}

fn status_key(s: LicenceStatus) -> PageKey {
    match s {
        LicenceStatus::Valid => Key::LicencesStatusValid,
        LicenceStatus::Expiring => Key::LicencesStatusExpiring,
        LicenceStatus::Expired => Key::LicencesStatusExpired,
        LicenceStatus::Revoked => Key::LicencesStatusRevoked,
        LicenceStatus::Unknown => Key::LicencesStatusUnknown,
    }
}

fn validity(l: &Licence) -> String {
    let lang = lang();
    match (l.valid_from, l.valid_until) {
        (Some(from), Some(until)) => fill(
            t(Key::LicencesValidRange),
            &[
                ("from", &format::date(lang, from)),
                ("until", &format::date(lang, until)),
            ],
        ),
        (None, Some(until)) => format::date(lang, until),
        (Some(from), None) => fill(
            t(Key::LicencesValidFromLong),
            &[("from", &format::date(lang, from))],
        ),
        (None, None) => t(Key::LicencesValidLong).to_string(),
    }
}

/// A licence as a card: its name (a link to show it, in the list), holder, number, issuer,
/// validity and status. An unknown kind is shown by its name like any other.
#[component]
fn LicenceCard(licence: Licence, link: bool) -> impl IntoView {
    let status = licence.status;
    let name = local(&licence.name);
    let title = if link {
        view! { <A href=routes::licence(&licence.id)>{name}</A> }.into_any()
    } else {
        view! { <span>{name}</span> }.into_any()
    };
    let row = |label: PageKey, value: String| {
        view! { <div class="ys-licence__row"><dt>{t(label)}</dt><dd>{value}</dd></div> }
    };
    view! {
        <article class="ys-licence" class:ys-licence--unusable=!status.usable()>
            <h2 class="ys-licence__name">{title}</h2>
            <p class="ys-licence__status" class:ys-licence__status--warn={status == LicenceStatus::Expiring} class:ys-licence__status--bad=!status.usable()>
                {t(status_key(status))}
            </p>
            <dl class="ys-licence__facts">
                {licence.holder.clone().map(|h| row(Key::LicencesHolder, h))}
                {row(Key::LicencesNumber, licence.number_masked.clone())}
                {row(Key::LicencesIssuer, local(&licence.issuer))}
                {row(Key::LicencesValid, validity(&licence))}
            </dl>
        </article>
    }
}

#[component]
pub fn LicencePage() -> impl IntoView {
    crate::pages::set_title(Key::LicencesShow);
    view! {
        <section class="ys-page ys-narrow">
            <p><A href=routes::LICENCES>{t(Key::LicencesBack)}</A></p>
            <h1>{t(Key::LicencesShow)}</h1>
            <RequireSignIn reason=Key::LicencesSignInNeeded><ShowLicence /></RequireSignIn>
        </section>
    }
}

#[component]
fn ShowLicence() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let licences = Licences::load();
    let licence = Memo::new(move |_| {
        let id = id();
        licences.list.with(|l| {
            l.as_ref()
                .map(|l| l.items.iter().find(|x| x.id == id).cloned())
        })
    });
    move || {
        if !licences.offered.get() {
            return view! { <Empty message=Key::LicencesNotOffered><A href=routes::CASES>{t(Key::NavCases)}</A></Empty> }.into_any();
        }
        match licence.get() {
            None => match licences.error.get() {
                Some(error) => view! { <ErrorPanel error retry=move |_| licences.reload() /> }.into_any(),
                None => view! { <Loading lines=4 /> }.into_any(),
            },
            // Not in the kept list: wait for the backend's before saying it is not there.
            Some(None) if !licences.fresh.get() && licences.error.get().is_none() => {
                view! { <Loading lines=4 /> }.into_any()
            }
            Some(None) => view! { <Empty message=Key::LicencesNotFound><A href=routes::LICENCES>{t(Key::LicencesBack)}</A></Empty> }.into_any(),
            Some(Some(l)) => {
                let id = l.id.clone();
                let usable = l.status.usable();
                view! {
                    <Stale licences />
                    <LicenceCard licence=l link=false />
                    {if usable {
                        view! { <CodePanel id /> }.into_any()
                    } else {
                        view! { <p class="ys-licence-code__note">{t(Key::LicencesCodeNotUsable)}</p> }.into_any()
                    }}
                }
                .into_any()
            }
        }
    }
}

fn online() -> bool {
    window().navigator().on_line()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The verification code of one licence: asked for when the card opens (and online), shown
/// as a QR code and digits with a countdown, refreshed on request, dropped when it runs out,
/// when the device goes offline, and with the page.
#[component]
fn CodePanel(id: String) -> impl IntoView {
    // The code and when it arrived (the device's clock, for the countdown only).
    let code = RwSignal::new(None::<(LicenceCode, f64)>);
    let offline = RwSignal::new(!online());
    let expired = RwSignal::new(false);
    let now = RwSignal::new(now_ms());
    let announce = RwSignal::new("");
    let asking = Submit::<ApiError>::new();
    let ask = {
        let id = id.clone();
        move || {
            if !online() {
                offline.set(true);
                code.set(None);
                return;
            }
            let id = id.clone();
            asking.send(
                async move { crate::api::licence_code(&id).await },
                move |result| match result {
                    Ok(c) => {
                        offline.set(false);
                        expired.set(false);
                        now.set(now_ms());
                        code.set(Some((c, now_ms())));
                        announce.set(t(Key::LicencesCodeNew));
                        Ok(())
                    }
                    Err(e @ (ApiError::Network | ApiError::Timeout)) => {
                        offline.set(!online());
                        code.set(None);
                        Err(e)
                    }
                    Err(e) => {
                        code.set(None);
                        Err(e)
                    }
                },
            );
        }
    };
    ask();
    let left = move || {
        code.with(|c| {
            c.as_ref()
                .map(|(c, at)| seconds_left(c.expires_in, now.get() - at))
        })
    };
    // The countdown ticks once a second; a code that ran out is dropped, never shown stale.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            now.set(now_ms());
            if left() == Some(0) {
                code.set(None);
                expired.set(true);
                announce.set(t(Key::LicencesCodeExpired));
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let went_offline = window_event_listener_untyped("offline", move |_| {
        offline.set(true);
        code.set(None);
    });
    let came_online = window_event_listener_untyped("online", move |_| offline.set(false));
    on_cleanup(move || {
        went_offline.remove();
        came_online.remove();
    });
    let refresh = {
        let ask = ask.clone();
        move |_| ask()
    };
    view! {
        <section class="ys-licence-code" aria-labelledby="licence-code-title">
            <h2 id="licence-code-title">{t(Key::LicencesCodeTitle)}</h2>
            // Outside what is redrawn: a live region must exist before its text changes.
            <p class="ys-visually-hidden" role="status">{move || announce.get()}</p>
            {move || {
                if offline.get() {
                    return view! { <p class="ys-licence-code__offline">{t(Key::LicencesOffline)}</p> }.into_any();
                }
                match code.get() {
                    Some((c, _)) => view! { <ShownCode code=c left=Signal::derive(move || left().unwrap_or(0)) /> }.into_any(),
                    None if asking.busy() => view! { <Loading lines=2 /> }.into_any(),
                    None => match asking.error() {
                        Some(ApiError::Problem(p)) if p.status == 409 => view! { <p class="ys-licence-code__note">{t(Key::LicencesCodeNotUsable)}</p> }.into_any(),
                        Some(error) => view! { <ErrorPanel error /> }.into_any(),
                        None => view! { {expired.get().then(|| view! { <p class="ys-licence-code__note">{t(Key::LicencesCodeExpired)}</p> })} }.into_any(),
                    },
                }
            }}
            <p class="ys-licence-code__help">{t(Key::LicencesCodeHelp)}</p>
            <button type="button" class="ys-button" disabled=move || asking.busy() on:click=refresh>
                {move || if code.with(Option::is_some) { t(Key::LicencesCodeRefresh) } else { t(Key::LicencesCodeGet) }}
            </button>
        </section>
    }
}

/// The code as the counter reads it: the QR code (drawn as SVG from `qr`), the digits in
/// groups of four, and the time left.
#[component]
fn ShownCode(code: LicenceCode, left: Signal<u32>) -> impl IntoView {
    let qr = qrcodegen::QrCode::encode_text(&code.qr, qrcodegen::QrCodeEcc::Medium).ok();
    let digits = code.digits.clone();
    let grouped: String = digits
        .chars()
        .enumerate()
        .flat_map(|(i, c)| (i > 0 && i % 4 == 0).then_some(' ').into_iter().chain([c]))
        .collect();
    let label = fill(t(Key::LicencesCodeQr), &[("digits", &digits)]);
    view! {
        {qr.map(|qr| {
            const BORDER: i32 = 4;
            let size = qr.size();
            let d = qr_path(size, BORDER, |x, y| qr.get_module(x, y));
            let side = size + 2 * BORDER;
            view! {
                <svg class="ys-qr" viewBox=format!("0 0 {side} {side}") role="img" aria-label=label shape-rendering="crispEdges">
                    <rect class="ys-qr__light" width=side height=side />
                    <path class="ys-qr__dark" d=d />
                </svg>
            }
        })}
        <p class="ys-licence-code__digits"><span class="ys-visually-hidden">{t(Key::LicencesCodeDigits)} " "</span>{grouped}</p>
        <p class="ys-licence-code__left" aria-hidden="true">{move || fill(t(Key::LicencesCodeLeft), &[("time", &countdown(left.get()))])}</p>
        <p class="ys-visually-hidden">{move || {
            // Spoken on demand (not live: a screen reader would read every second).
            let n = left.get();
            fill(t(Key::LicencesCodeLeftSpoken), &[("n", &n.to_string())])
        }}</p>
    }
}
