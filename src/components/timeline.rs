//! The case timeline (全流程留痕) as a vertical track: every stage with its time and the acting
//! office, the current stage highlighted, clock-stopping stages marked as paused.

use leptos::prelude::*;
use yishi_contract::StageEntry;

use crate::{
    format,
    i18n::{Key, lang, text},
};

#[component]
pub fn Timeline(entries: Vec<StageEntry>) -> impl IntoView {
    let l = lang();
    let last = entries.len().saturating_sub(1);
    let items = entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let current = i == last;
            let paused = yishi_core::stages::stops_clock(entry.stage);
            view! {
                <li class="ys-timeline__item" class:ys-timeline__item--current=current aria-current=current.then_some("step")>
                    <span class="ys-timeline__dot" aria-hidden="true"></span>
                    <div class="ys-timeline__body">
                        <p class="ys-timeline__stage">
                            {text(l, format::stage(entry.stage))}
                            {paused.then(|| view! { <span class="ys-tag ys-tag--paused">{text(l, Key::TimelineClockStopped)}</span> })}
                        </p>
                        <p class="ys-timeline__meta">
                            <time datetime=entry.at.to_string()>{format::timestamp(l, entry.at)}</time>
                            " · "
                            {entry.office.get(l).to_string()}
                        </p>
                        {entry.note.map(|n| view! { <p class="ys-timeline__note">{n.get(l).to_string()}</p> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="ys-timeline">{items}</ol> }
}
