//! The search box on every page: results as you type, as an ARIA 1.2 combobox (arrow keys move,
//! Enter opens, Escape closes), and Enter without a choice goes to the full results page.

use crate::router::use_navigate;
use leptos::{either::Either, prelude::*};
use yishi_contract::Text;
use yishi_core::search::{Hit, HitKind};

use crate::{
    catalogue::use_catalogue,
    i18n::{Key, lang, t},
    routes,
    store::{self, Scope},
};

/// One suggestion, resolved for display.
#[derive(Clone, PartialEq)]
pub struct Suggestion {
    pub href: String,
    pub name: Text,
    /// What it is: a life event, a matter, or a recent search.
    pub kind: Key,
    /// Char indices of the zh name to highlight.
    pub matched: Vec<usize>,
}

const RECENT_KEY: &str = "recent-searches";
const RECENT_MAX: usize = 8;

/// Recent searches on this device (personal: sign-out wipes them), newest first.
pub fn recent_searches() -> Vec<String> {
    store::get(Scope::Personal, RECENT_KEY).unwrap_or_default()
}

pub fn remember_search(query: &str) {
    let query = query.trim();
    if query.is_empty() || query.chars().count() > 50 {
        return;
    }
    let mut recent = recent_searches();
    recent.retain(|q| q != query);
    recent.insert(0, query.to_string());
    recent.truncate(RECENT_MAX);
    store::set(Scope::Personal, RECENT_KEY, &recent);
}

/// Runs `query` against the catalogue's index and resolves the hits for display.
pub fn suggestions(query: &str, limit: usize) -> Vec<Suggestion> {
    let catalogue = use_catalogue();
    let Some(index) = catalogue.index.get() else {
        return Vec::new();
    };
    if query.trim().is_empty() {
        return Vec::new();
    }
    let hits: Vec<Hit> = index.search(query, None, limit);
    catalogue.data.with(|data| {
        let Some(data) = data else { return Vec::new() };
        hits.into_iter()
            .filter_map(|hit| {
                let (href, name, kind) = match hit.kind {
                    HitKind::Event => (
                        routes::event(&hit.id),
                        data.events.iter().find(|e| e.id == hit.id)?.name.clone(),
                        Key::SearchKindEvent,
                    ),
                    HitKind::Matter => (
                        routes::matter(&hit.id),
                        data.matters.iter().find(|m| m.id == hit.id)?.name.clone(),
                        Key::SearchKindMatter,
                    ),
                };
                Some(Suggestion {
                    href,
                    name,
                    kind,
                    matched: hit.matched,
                })
            })
            .collect()
    })
}

/// A name with its matched characters in `<mark>`. Text nodes only: markup in data stays text.
#[component]
pub fn Highlighted(name: Text, matched: Vec<usize>) -> impl IntoView {
    let current = lang();
    let shown = name.get(current).to_string();
    // Match positions refer to the zh name; other languages show without highlight.
    if shown != name.zh || matched.is_empty() {
        return Either::Left(shown);
    }
    let pieces = shown
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if matched.contains(&i) {
                Either::Left(view! { <mark>{c.to_string()}</mark> })
            } else {
                Either::Right(c.to_string())
            }
        })
        .collect_view();
    Either::Right(pieces)
}

#[component]
pub fn SearchBox(
    /// DOM id prefix; unique per page.
    id: &'static str,
    #[prop(optional)] initial: String,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let navigate = use_navigate();
    let catalogue = use_catalogue();
    // What is typed shows at once; the search runs on `query`, a moment after typing pauses,
    // so a burst of keystrokes never queues a search per key.
    let text = RwSignal::new(initial.clone());
    let query = RwSignal::new(initial);
    let timer = StoredValue::new(None::<i32>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let auth = crate::session::use_auth();
    let results = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            // Recent searches are the signed-in citizen's (or the signed-out user's): read
            // again when that changes, so the next person never sees the last one's.
            auth.subject.track();
            // An empty box offers the recent searches instead.
            return recent_searches()
                .into_iter()
                .map(|r| Suggestion {
                    href: routes::search(&r),
                    name: Text::zh(r),
                    kind: Key::SearchKindRecent,
                    matched: Vec::new(),
                })
                .collect();
        }
        suggestions(&q, 8)
    });
    let listbox_id = format!("{id}-listbox");
    let option_id = move |i: usize| format!("{id}-option-{i}");

    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            open.set(false);
            remember_search(&text.get_untracked());
            navigate(&href, Default::default());
        }
    };
    let submit = {
        let go = go.clone();
        move || {
            let chosen = active
                .get_untracked()
                .and_then(|i| results.with_untracked(|r| r.get(i).map(|s| s.href.clone())));
            match chosen {
                Some(href) => go(href),
                None => {
                    let q = text.get_untracked();
                    if !q.trim().is_empty() {
                        go(routes::search(q.trim()));
                    }
                }
            }
        }
    };
    let on_keydown = {
        let submit = submit.clone();
        move |ev: web_sys::KeyboardEvent| {
            let count = results.with_untracked(Vec::len);
            match ev.key().as_str() {
                "ArrowDown" if count > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
                }
                "ArrowUp" if count > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
                }
                "Escape" => {
                    open.set(false);
                    active.set(None);
                }
                "Enter" => {
                    ev.prevent_default();
                    submit();
                }
                _ => {}
            }
        }
    };

    let expanded = move || open.get() && !results.with(Vec::is_empty);
    let listbox_id_attr = listbox_id.clone();
    view! {
        // action and name: on a prerendered page read without scripts, the form still submits.
        <form class="ys-search" class:ys-search--large=large role="search" action=routes::SEARCH method="get" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label class="ys-visually-hidden" for=id>{t(Key::SearchLabel)}</label>
            <input
                id=id
                name="q"
                class="ys-search__input"
                type="search"
                role="combobox"
                autocomplete="off"
                enterkeyhint="search"
                aria-autocomplete="list"
                aria-controls=listbox_id_attr
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(option_id)
                placeholder=t(Key::SearchPlaceholder)
                prop:value=move || text.get()
                on:input:target=move |ev| {
                    text.set(ev.target().value());
                    active.set(None);
                    open.set(true);
                    if let Some(id) = timer.get_value() {
                        window().clear_timeout_with_handle(id);
                    }
                    let run = wasm_bindgen::closure::Closure::once_into_js(move || {
                        let _ = timer.try_set_value(None);
                        if let Some(t) = text.try_get_untracked() {
                            let _ = query.try_set(t);
                        }
                    });
                    let id = window().set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&run), 80).ok();
                    timer.set_value(id);
                }
                on:keydown=on_keydown
                on:focus=move |_| {
                    catalogue.want_search();
                    open.set(true);
                }
                on:blur=move |_| open.set(false)
            />
            <button class="ys-search__button" type="submit">{t(Key::SearchAction)}</button>
            <ul id=listbox_id class="ys-search__list" role="listbox" aria-label=t(Key::SearchSuggestions) hidden=move || !expanded()>
                {move || results.get().into_iter().enumerate().map(|(i, s)| {
                    let go = go.clone();
                    let href = s.href.clone();
                    // Highlight marks would make screen readers spell the name out: name the
                    // option plainly.
                    let kind = t(s.kind);
                    let label = format!("{kind} {}", crate::i18n::local(&s.name));
                    view! {
                        <li
                            id=option_id(i)
                            aria-label=label
                            role="option"
                            class="ys-search__option"
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:mousedown=move |ev: web_sys::MouseEvent| { ev.prevent_default(); go(href.clone()); }
                        >
                            <span class="ys-search__kind">{kind}</span>
                            <Highlighted name=s.name.clone() matched=s.matched.clone() />
                        </li>
                    }
                }).collect_view()}
            </ul>
        </form>
    }
}
