//! A matter's standard guide (办事指南): every fact a citizen needs before going, in the order
//! they need it. Guide text is structured data rendered as text, never HTML.

use crate::router::{A, use_params_map};
use leptos::prelude::*;
use yishi_contract::{FeedbackKind, HandlingType, Material, MaterialSource, MatterGuide};
use yishi_core::plan::{Action, action_of};

use crate::{
    api,
    components::{
        book_action::{BookAction, bookable_office},
        feedback::FeedbackForm,
        office::OfficeCard,
        rating_summary::RatingSummaryView,
        states::{Later, resource_view},
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t, text},
    routes,
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
fn Section(title: PageKey, children: Children) -> impl IntoView {
    let id = format!("guide-{}", title.index());
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
    let fees = if g.fees.free {
        view! { <span>{text(l, Key::GuideFree)}</span> }.into_any()
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
    // Conditional materials are not "required": they say when they are needed, in a list of
    // their own after what everyone brings.
    let (always, conditional): (Vec<&Material>, Vec<&Material>) =
        g.materials.iter().partition(|m| m.only_if.is_none());
    let licences = crate::wallet::held();
    let material_row = move |m: &Material| {
        let (material, holders, medium) = (m.id.clone(), m.holders.clone(), m.medium);
        let in_wallet = move || {
            licences
                .with(|ls| yishi_core::wallet::holds(ls, &material, &holders, medium))
                .then(|| view! { <crate::components::held_licence::HeldLicence /> })
        };
        let held = action_of(m.source) != Action::Bring;
        let online = m.source == MaterialSource::OnlineForm;
        view! {
            <li class="ys-material">
                <p class="ys-material__name">{m.name.get(l).to_string()}</p>
                {m.only_if.as_ref().map(|c| view! { <p class="ys-strong">{c.get(l).to_string()}</p> })}
                <p class="ys-material__meta">
                    {(!held).then(|| view! {
                        <span class="ys-tag">{text(l, format::material_form(m.form))}</span>
                        <span class="ys-tag">{format::copies(l, m.copies)}</span>
                    })}
                    {(m.only_if.is_none() && !held).then(|| view! {
                        <span class="ys-tag" class:ys-tag--warn=m.necessity == yishi_contract::Necessity::Deferrable>{text(l, format::necessity(m.necessity))}</span>
                    })}
                    {online.then(|| view! { <span class="ys-tag ys-tag--ok">{text(l, Key::MaterialFilledOnline)}</span> })}
                    {(held && !online).then(|| view! { <span class="ys-tag ys-tag--ok">{text(l, Key::MaterialHeldByGovernment)}</span> })}
                </p>
                {in_wallet}
                {m.note.as_ref().map(|n| view! { <p class="ys-material__note">{n.get(l).to_string()}</p> })}
            </li>
        }
    };
    let always_rows = always.into_iter().map(material_row).collect_view();
    let conditional_rows = (!conditional.is_empty()).then(|| {
        let rows = conditional.into_iter().map(material_row).collect_view();
        view! {
            <h3 class="ys-guide__subhead">{text(l, Key::GuideMaterialsOnlyIf)}</h3>
            <ul class="ys-materials">{rows}</ul>
        }
    });
    let offices = g
        .offices
        .iter()
        .map(|o| view! { <OfficeCard office=o.clone() /> })
        .collect_view();
    let delivery = g
        .delivery
        .iter()
        .map(|d| text(l, format::delivery(*d)))
        .collect::<Vec<_>>()
        .join(text(l, Key::ListSeparator));
    let handling = match g.handling {
        HandlingType::Instant => Some(Key::GuideInstant),
        HandlingType::Promised => Some(Key::GuidePromised),
        HandlingType::Unknown => None,
    };
    // 预约办理: offered for a matter that needs a visit, at an office taking appointments.
    let book =
        bookable_office(&g).map(|o| view! { <BookAction matter_id=g.id.clone() office_id=o /> });
    let faq = (!g.faq.is_empty()).then(|| {
        view! {
            <Section title=Key::GuideFaq>
                {g.faq.iter().map(|f| view! {
                    <details class="ys-faq">
                        <summary>{f.question.get(l).to_string()}</summary>
                        <p>{f.answer.get(l).to_string()}</p>
                    </details>
                }).collect_view()}
            </Section>
        }
    });
    let legal_basis = (!g.legal_basis.is_empty()).then(|| {
        view! {
            <Section title=Key::GuideLegalBasis>
                <ul class="ys-list">
                    {g.legal_basis.iter().map(|b| view! {
                        <li>{b.title.get(l).to_string()} {b.article.as_ref().map(|a| format!(" {}", a.get(l)))}</li>
                    }).collect_view()}
                </ul>
            </Section>
        }
    });
    let matter_id = g.id.clone();
    let online_depth = g.online_depth;
    view! {
        <header class="ys-page__header">
            <p class="ys-eyebrow">{g.department_name.get(l).to_string()}</p>
            <h1>{g.name.get(l).to_string()}</h1>
        </header>
        <HowToHandle matter_id online_depth />
        {book}
        <dl class="ys-facts">
            <div>
                <dt>{text(l, Key::GuidePromisedLimit)}</dt>
                <dd>{format::limit(l, &g.promised_limit)}</dd>
                {format::limit_note(l, &g.promised_limit).map(|note| view! { <dd class="ys-facts__sub">{note}</dd> })}
                <dd class="ys-facts__sub">{format::legal_limit_beside(l, &g.legal_limit)}</dd>
            </div>
            <div><dt>{text(l, Key::GuideVisits)}</dt><dd>{visits}</dd></div>
            <div><dt>{text(l, Key::GuideFees)}</dt><dd>{fees}</dd></div>
        </dl>
        // The rest in the next task (issue 14): no long task when a guide opens.
        <Later lines=10>
            <Section title=Key::GuideConditions>
                <ul class="ys-list">{g.conditions.iter().map(|c| view! { <li>{c.get(l).to_string()}</li> }).collect_view()}</ul>
            </Section>
            <Section title=Key::GuideMaterials>
                <ul class="ys-materials">{always_rows}</ul>
                {conditional_rows}
            </Section>
            <Section title=Key::GuideProcess>
                <ol class="ys-list">{g.process.iter().map(|p| view! { <li>{p.get(l).to_string()}</li> }).collect_view()}</ol>
            </Section>
            <section id="guide-where" class="ys-guide__section" aria-labelledby="guide-where-title">
                <h2 id="guide-where-title">{text(l, Key::GuideWhere)}</h2>
                <div class="ys-offices">{offices}</div>
                {(!delivery.is_empty()).then(|| view! { <p>{text(l, Key::GuideDelivery)} {text(l, Key::Colon)} {delivery}</p> })}
            </section>
            {faq}
            // The office's own terms, for whoever wants them: folded away from the first screen.
            <details class="ys-guide__admin">
                <summary>{text(l, Key::GuideAdmin)}</summary>
                <dl class="ys-facts">
                    {handling.map(|k| view! { <div><dt>{text(l, Key::GuideHandling)}</dt><dd>{text(l, k)}</dd></div> })}
                    <div><dt>{text(l, Key::GuideOnlineDepth)}</dt><dd>{text(l, format::online_depth(g.online_depth))}</dd></div>
                    <div><dt>{text(l, Key::GuideCodes)}</dt><dd>{g.basic_code.clone()}</dd></div>
                </dl>
            </details>
            {legal_basis}
            <Section title=Key::GuideContact>
                <p>{text(l, Key::GuideConsult)} {text(l, Key::Colon)} <a href=format!("tel:{}", g.phone)>{g.phone.clone()}</a></p>
                <p>{text(l, Key::GuideHotline)} {text(l, Key::Colon)} <a href=format!("tel:{}", g.hotline)>{g.hotline.clone()}</a></p>
                <p class="ys-muted">{fill(text(l, Key::GuideUpdatedOn), &[("date", &format::date(l, g.updated_on))])}</p>
            </Section>
            <RatingSummaryView matter_id=g.id.clone() />
            <FeedbackForm kind=FeedbackKind::GuideError matter_id=g.id.clone() summary=Key::FeedbackGuideSummary label=Key::FeedbackGuideLabel />
        </Later>
    }
}

/// What the citizen can do, first: apply online through the life event that bundles the matter
/// (and go back to it), or go to a window. A matter fully online (网办深度 4) that no event
/// applies for online says so honestly instead of offering a dead button.
#[component]
fn HowToHandle(matter_id: String, online_depth: u8) -> impl IntoView {
    let catalogue = crate::catalogue::use_catalogue();
    move || {
        let events = catalogue.events_with_matter(&matter_id);
        let online: Vec<_> = events.iter().filter(|e| e.online_apply).cloned().collect();
        let online_action = if let Some(first) = online.first() {
            let label = fill(
                t(Key::GuideApplyOnlineVia),
                &[("event", &local(&first.name))],
            );
            view! {
                <p>{t(Key::GuideApplyOnlineIntro)}</p>
                <A href=routes::event(&first.id) attr:class="ys-button ys-button--warm">{label}</A>
            }
            .into_any()
        } else if online_depth == 4 {
            view! { <p>{t(Key::GuideOnlineNotHere)}</p> }.into_any()
        } else {
            ().into_any()
        };
        let back = events
            .into_iter()
            .map(|e| {
                view! { <li><A href=routes::event(&e.id)>{fill(t(Key::GuidePartOf), &[("event", &local(&e.name))])}</A></li> }
            })
            .collect_view();
        view! {
            <section class="ys-callout ys-how" aria-labelledby="how-title">
                <h2 id="how-title">{t(Key::GuideHowTitle)}</h2>
                {online_action}
                <p><a href="#guide-where" class="ys-button ys-button--secondary">{t(Key::GuideAtWindow)}</a></p>
                <ul class="ys-list ys-how__events">{back}</ul>
            </section>
        }
    }
}
