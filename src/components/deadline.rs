//! The clock of a case in words and, while it runs, as a bar of the days used against the
//! promise (承诺时限), with the legal limit (法定时限) beside it. A case that is decided, refused,
//! not accepted or withdrawn has no bar and no due date: its clock has stopped for good, and a
//! bar of "time used" would read as work two-thirds done.

use leptos::prelude::*;
use yishi_contract::{Deadline, Stage, TimeLimit};

use crate::{
    format,
    i18n::{Key, fill, lang, text},
};

#[component]
pub fn DeadlineBar(deadline: Deadline, stage: Stage) -> impl IntoView {
    let l = lang();
    let used = TimeLimit {
        value: deadline.used_days,
        unit: deadline.promised.unit,
        note: None,
    };
    let promised = format::limit(l, &deadline.promised);
    let legal = format::legal_limit_beside(l, &deadline.legal);
    // What the promise does not count (不含邮寄时间): read beside a clock that seems slow.
    let note = format::limit_note(l, &deadline.promised)
        .map(|note| view! { <p class="ys-deadline__meta">{note}</p> });
    let stopped = yishi_core::stages::is_decided(stage) || yishi_core::stages::is_final(stage);
    if stopped {
        // Decided on the merits: how long it took against the promise. Otherwise (refused
        // before acceptance, withdrawn) the clock says nothing worth reading.
        return (yishi_core::stages::is_decided(stage) && deadline.accepted_on.is_some())
            .then(|| {
                let took = fill(
                    text(l, Key::DeadlineTook),
                    &[("used", &format::limit(l, &used)), ("promised", &promised)],
                );
                view! { <div class="ys-deadline ys-deadline--done"><p class="ys-deadline__text">{took}</p></div> }
            })
            .into_any();
    }
    if deadline.accepted_on.is_none() {
        let text_before = fill(text(l, Key::DeadlineNotStarted), &[("promised", &promised)]);
        return view! {
            <div class="ys-deadline">
                <p class="ys-deadline__text">{text_before}</p>
                <p class="ys-deadline__meta"><span class="ys-deadline__legal">{legal}</span></p>
                {note}
            </div>
        }
        .into_any();
    }
    let promised_days = deadline.promised.value.max(1);
    let percent = (f64::from(deadline.used_days) / f64::from(promised_days) * 100.0).min(100.0);
    let status = if deadline.overdue {
        Some((Key::DeadlineOverdue, "ys-tag ys-tag--danger"))
    } else if deadline.paused {
        Some((Key::DeadlinePaused, "ys-tag ys-tag--paused"))
    } else {
        None
    };
    let summary = fill(
        text(l, Key::DeadlineUsed),
        &[("used", &format::limit(l, &used)), ("promised", &promised)],
    );
    let due = deadline.promised_due_on.map(|d| {
        fill(
            text(l, Key::DeadlineDueOn),
            &[("date", &format::date(l, d))],
        )
    });
    view! {
        <div class="ys-deadline" class:ys-deadline--overdue=deadline.overdue class:ys-deadline--paused=deadline.paused>
            <div class="ys-deadline__bar" aria-hidden="true">
                <div class="ys-deadline__fill" style:width=format!("{percent:.1}%")></div>
            </div>
            <p class="ys-deadline__text">
                {summary}
                {status.map(|(key, class)| view! { " " <strong class=class>{text(l, key)}</strong> })}
            </p>
            <p class="ys-deadline__meta">{due} " " <span class="ys-deadline__legal">{legal}</span></p>
            {note}
        </div>
    }
    .into_any()
}
