//! The deadline as a picture: a bar of days used against the promise (承诺时限), with the
//! legal limit (法定时限) beside it, and the same facts in words for screen readers.

use leptos::prelude::*;
use yishi_contract::Deadline;

use crate::{
    format,
    i18n::{Key, fill, lang, text},
};

#[component]
pub fn DeadlineBar(deadline: Deadline) -> impl IntoView {
    let l = lang();
    let promised = deadline.promised.value.max(1);
    let used = deadline.used_days;
    let percent = (f64::from(used) / f64::from(promised) * 100.0).min(100.0);
    let status = if deadline.overdue {
        Some((Key::DeadlineOverdue, "ys-deadline__status--overdue"))
    } else if deadline.paused {
        Some((Key::DeadlinePaused, "ys-deadline__status--paused"))
    } else {
        None
    };
    let summary = if deadline.accepted_on.is_some() {
        fill(
            text(l, Key::DeadlineUsed),
            &[
                ("used", &used.to_string()),
                ("promised", &format::limit(l, &deadline.promised)),
            ],
        )
    } else {
        text(l, Key::DeadlineNotStarted).to_string()
    };
    let due = deadline.promised_due_on.map(|d| {
        fill(
            text(l, Key::DeadlineDueOn),
            &[("date", &format::date(l, d))],
        )
    });
    let legal = fill(
        text(l, Key::DeadlineLegal),
        &[("limit", &format::limit(l, &deadline.legal))],
    );
    view! {
        <div class="ys-deadline" class:ys-deadline--overdue=deadline.overdue class:ys-deadline--paused=deadline.paused>
            <div class="ys-deadline__bar" aria-hidden="true">
                <div class="ys-deadline__fill" style:width=format!("{percent:.1}%")></div>
            </div>
            <p class="ys-deadline__text">
                {summary}
                {status.map(|(key, class)| view! { <strong class=format!("ys-deadline__status {class}")>{text(l, key)}</strong> })}
            </p>
            <p class="ys-deadline__meta">{due} <span class="ys-deadline__legal">{legal}</span></p>
        </div>
    }
}
