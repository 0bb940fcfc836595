//! How a matter is rated (好差评 summary): counts per level as a small bar chart, the satisfaction
//! rate and how many bad ratings were put right. Raters are never identified: the backend sends
//! counts only.

use leptos::prelude::*;
use yishi_contract::RatingSummary;

use crate::{
    api,
    i18n::{Key, fill, t},
};

#[component]
pub fn RatingSummaryView(matter_id: String) -> impl IntoView {
    let summary = api::Loaded::new(move || {
        let id = matter_id.clone();
        async move { api::rating_summary(&id).await }
    });
    // A summary that cannot load is left out rather than shown as an error: the guide matters more.
    move || summary.value().map(|s| view! { <Summary summary=s /> })
}

#[component]
fn Summary(summary: RatingSummary) -> impl IntoView {
    let total = summary.total;
    let body = if total == 0 {
        view! { <p class="ys-muted">{t(Key::SummaryNone)}</p> }.into_any()
    } else {
        let largest = summary.counts.iter().copied().max().unwrap_or(1).max(1);
        let bars = (1..=5u8)
            .rev()
            .map(|level| {
                let count = summary.counts[usize::from(level - 1)];
                let width = format!("{:.1}%", f64::from(count) / f64::from(largest) * 100.0);
                view! {
                    <li class="ys-summary__bar" class:ys-summary__bar--bad=yishi_core::rating::is_bad(level)>
                        <span>{t(crate::format::rating_level(level))}</span>
                        <span class="ys-summary__track" aria-hidden="true"><span class="ys-summary__fill" style:width=width></span></span>
                        <span>{count}</span>
                    </li>
                }
            })
            .collect_view();
        let rate = summary
            .satisfaction_permille
            .map(|p| format!("{:.1}%", f64::from(p) / 10.0))
            .unwrap_or_default();
        view! {
            <p>
                {fill(t(Key::SummaryTotal), &[("n", &total.to_string())])} " · "
                <strong>{fill(t(Key::SummarySatisfaction), &[("rate", &rate)])}</strong>
            </p>
            <ul class="ys-summary__bars" aria-label=t(Key::SummaryChart)>{bars}</ul>
            <p class="ys-muted">{fill(t(Key::SummaryRectified), &[("bad", &summary.bad_total.to_string()), ("fixed", &summary.bad_rectified.to_string())])}</p>
        }
        .into_any()
    };
    view! {
        <section class="ys-guide__section" aria-labelledby="summary-title">
            <h2 id="summary-title">{t(Key::SummaryTitle)}</h2>
            {body}
        </section>
    }
}
