//! A matter's standard guide (办事指南): every fact a citizen needs before going, in the order
//! they need it. Guide text is structured data rendered as text, never HTML.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use yishi_contract::{FeedbackKind, HandlingType, MaterialSource, MatterGuide};

use crate::{
    api,
    components::{
        feedback::FeedbackForm, rating_summary::RatingSummaryView, states::resource_view,
    },
    format,
    i18n::{Key, fill, lang, t, text},
};

#[component]
pub fn MatterPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let guide = api::Loaded::new(move || {
        let id = id();
        async move { api::matter(&id).await }
    });
    view! { <article class="ys-page">{resource_view(guide, 10, |g| view! { <Guide guide=g /> })}</article> }
}

#[component]
fn Section(title: Key, children: Children) -> impl IntoView {
    let id = format!("guide-{}", title as usize);
    let labelled_by = id.clone();
    view! {
        <section class="ys-guide__section" aria-labelledby=labelled_by>
            <h2 id=id>{t(title)}</h2>
            {children()}
        </section>
    }
}

#[component]
fn Guide(guide: MatterGuide) -> impl IntoView {
    let l = lang();
    crate::pages::set_title_text(guide.name.get(l));
    let g = guide;
    let handling = match g.handling {
        HandlingType::Instant => Key::GuideInstant,
        HandlingType::Promised => Key::GuidePromised,
        HandlingType::Unknown => Key::StageUnknown,
    };
    let fees = if g.fees.free {
        view! { <p class="ys-strong">{text(l, Key::GuideFree)}</p> }.into_any()
    } else {
        view! {
            <ul class="ys-list">
                {g.fees.items.iter().map(|f| view! {
                    <li>
                        <strong>{f.name.get(l).to_string()}</strong> {text(l, Key::Colon)} {f.standard.get(l).to_string()}
                        {f.basis.as_ref().map(|b| view! { <br /><small>{b.get(l).to_string()}</small> })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let visits = view! {
        {format::visits(l, g.visits.count)}
        {g.visits.reason.as_ref().map(|r| view! { <br /><small>{r.get(l).to_string()}</small> })}
    };
    let materials = g
        .materials
        .iter()
        .map(|m| {
            let copies = fill(text(l, Key::MaterialCopies), &[("n", &m.copies.to_string())]);
            let held = m.source == MaterialSource::Government;
            view! {
                <li class="ys-material">
                    <p class="ys-material__name">{m.name.get(l).to_string()}</p>
                    <p class="ys-material__meta">
                        <span class="ys-tag">{text(l, format::material_form(m.form))}</span>
                        <span class="ys-tag">{text(l, format::medium(m.medium))}</span>
                        <span class="ys-tag">{copies}</span>
                        <span class="ys-tag" class:ys-tag--warn=m.necessity == yishi_contract::Necessity::Deferrable>{text(l, format::necessity(m.necessity))}</span>
                        {held.then(|| view! { <span class="ys-tag ys-tag--ok">{text(l, Key::MaterialHeldByGovernment)}</span> })}
                    </p>
                    {m.note.as_ref().map(|n| view! { <p class="ys-material__note">{n.get(l).to_string()}</p> })}
                </li>
            }
        })
        .collect_view();
    let offices = g
        .offices
        .iter()
        .map(|o| {
            view! {
                <li class="ys-office">
                    <p class="ys-strong">{o.name.get(l).to_string()}</p>
                    <p>{text(l, Key::GuideAddress)} {text(l, Key::Colon)} {o.address.get(l).to_string()}</p>
                    <p>{text(l, Key::GuideHours)} {text(l, Key::Colon)} {o.hours.get(l).to_string()}</p>
                    <p>{text(l, Key::GuidePhone)} {text(l, Key::Colon)} <a href=format!("tel:{}", o.phone)>{o.phone.clone()}</a></p>
                    {o.appointment.then(|| view! { <p class="ys-tag ys-tag--ok">{text(l, Key::GuideAppointment)}</p> })}
                </li>
            }
        })
        .collect_view();
    let delivery = g
        .delivery
        .iter()
        .map(|d| text(l, format::delivery(*d)))
        .collect::<Vec<_>>()
        .join(l_sep(l));

    view! {
        <header class="ys-page__header">
            <p class="ys-eyebrow">{g.department_name.get(l).to_string()}</p>
            <h1>{g.name.get(l).to_string()}</h1>
        </header>
        <dl class="ys-facts">
            <div><dt>{text(l, Key::GuidePromisedLimit)}</dt><dd>{format::limit(l, &g.promised_limit)}</dd></div>
            <div><dt>{text(l, Key::GuideLegalLimit)}</dt><dd>{format::limit(l, &g.legal_limit)}</dd></div>
            <div><dt>{text(l, Key::GuideVisits)}</dt><dd>{visits}</dd></div>
            <div><dt>{text(l, Key::GuideHandling)}</dt><dd>{text(l, handling)}</dd></div>
            <div><dt>{text(l, Key::GuideOnlineDepth)}</dt><dd>{text(l, format::online_depth(g.online_depth))}</dd></div>
            <div><dt>{text(l, Key::GuideFees)}</dt><dd>{fees}</dd></div>
        </dl>
        <Section title=Key::GuideConditions>
            <ul class="ys-list">{g.conditions.iter().map(|c| view! { <li>{c.get(l).to_string()}</li> }).collect_view()}</ul>
        </Section>
        <Section title=Key::GuideMaterials>
            <ul class="ys-materials">{materials}</ul>
        </Section>
        <Section title=Key::GuideProcess>
            <ol class="ys-list">{g.process.iter().map(|p| view! { <li>{p.get(l).to_string()}</li> }).collect_view()}</ol>
        </Section>
        <Section title=Key::GuideWhere>
            <ul class="ys-offices">{offices}</ul>
            {(!delivery.is_empty()).then(|| view! { <p>{text(l, Key::GuideDelivery)} {text(l, Key::Colon)} {delivery}</p> })}
        </Section>
        <Section title=Key::GuideLegalBasis>
            <ul class="ys-list">
                {g.legal_basis.iter().map(|b| view! {
                    <li>{b.title.get(l).to_string()} {b.article.as_ref().map(|a| format!(" {}", a.get(l)))}</li>
                }).collect_view()}
            </ul>
        </Section>
        <Section title=Key::GuideFaq>
            {g.faq.iter().map(|f| view! {
                <details class="ys-faq">
                    <summary>{f.question.get(l).to_string()}</summary>
                    <p>{f.answer.get(l).to_string()}</p>
                </details>
            }).collect_view()}
        </Section>
        <Section title=Key::GuideContact>
            <p>{text(l, Key::GuideConsult)} {text(l, Key::Colon)} <a href=format!("tel:{}", g.phone)>{g.phone.clone()}</a></p>
            <p>{text(l, Key::GuideHotline)} {text(l, Key::Colon)} <a href=format!("tel:{}", g.hotline)>{g.hotline.clone()}</a></p>
            <p class="ys-muted">{fill(text(l, Key::GuideUpdatedOn), &[("date", &format::date(l, g.updated_on))])}</p>
        </Section>
        <RatingSummaryView matter_id=g.id.clone() />
        <FeedbackForm kind=FeedbackKind::GuideError matter_id=g.id.clone() summary=Key::FeedbackGuideSummary label=Key::FeedbackGuideLabel />
    }
}

fn l_sep(l: yishi_contract::Lang) -> &'static str {
    match l {
        yishi_contract::Lang::Zh => "、",
        yishi_contract::Lang::En => ", ",
    }
}
