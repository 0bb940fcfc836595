//! The address bar as a signal: links that change it without loading a page, back and forward,
//! and the route table's matching. The app's own, not leptos_router: it uses a flat table, links
//! and four hooks, and leptos_router's machinery for nested routes cost the main module 37 KB
//! brotli (`docs/size.md`, "The app's own router"). The names follow leptos_router's (`A`,
//! `use_params_map`, `use_query_map`, `use_navigate`, `use_location`), and so does what pages
//! rely on: a route's view is kept while only its params or its query change (a life event's
//! answers live in the query), a new page starts at the top, and only a plain click on a link
//! of this site is taken over.

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

/// A route's `:name` segments, or an address's query, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_str(key).map(str::to_string)
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An address's query (`?a=1&b=two`, `+` as a space), decoded.
    fn from_query(search: &str) -> Self {
        let pairs = search
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(&k.replace('+', " ")), decode(&v.replace('+', " ")))
            })
            .collect();
        Self(pairs)
    }
}

impl<'a> IntoIterator for &'a ParamsMap {
    type Item = (&'a String, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a str),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v.as_str()))
    }
}

/// Percent-decoding as the browser does it; text that is not valid stays as it is.
fn decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    js_sys::decode_uri_component(text)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_string())
}

/// Matches `path` against a route pattern (`/cases/:id`): the params, or `None`.
fn match_path(pattern: &str, path: &str) -> Option<ParamsMap> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let mut wanted = pattern.split('/');
    let mut given = path.split('/');
    let mut params = Vec::new();
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return Some(ParamsMap(params)),
            (Some(w), Some(g)) => match w.strip_prefix(':') {
                Some(name) if !g.is_empty() => params.push((name.to_string(), decode(g))),
                None if w == g => {}
                _ => return None,
            },
            _ => return None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Address {
    path: String,
    search: String,
}

fn current_address() -> Address {
    let location = window().location();
    Address {
        path: location.pathname().unwrap_or_default(),
        search: location.search().unwrap_or_default(),
    }
}

#[derive(Clone, Copy)]
struct RouterState {
    address: RwSignal<Address>,
}

fn router() -> RouterState {
    expect_context::<RouterState>()
}

/// Follows the address bar: back and forward, and plain clicks on this site's links.
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let address = RwSignal::new(current_address());
    provide_context(RouterState { address });
    // Back, forward and fragment links change the address without the app.
    let popstate = window_event_listener(ev::popstate, move |_| address.set(current_address()));
    let click = window_event_listener(ev::click, move |event| take_over_click(&event, address));
    on_cleanup(move || {
        popstate.remove();
        click.remove();
    });
    children()
}

/// A plain left click on a link to a page of this site becomes a navigation inside the app;
/// anything else (a new tab, a download, another site, a fragment of this page) is the browser's.
fn take_over_click(event: &web_sys::MouseEvent, address: RwSignal<Address>) {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return;
    }
    let link = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(link) = link else {
        return;
    };
    let other_window = link
        .get_attribute("target")
        .is_some_and(|t| !t.is_empty() && t != "_self");
    let external = link
        .get_attribute("rel")
        .is_some_and(|r| r.split_whitespace().any(|w| w == "external"));
    if other_window || external || link.has_attribute("download") {
        return;
    }
    let here = window().location();
    if link.origin() != here.origin().unwrap_or_default() {
        return;
    }
    let to = Address {
        path: link.pathname(),
        search: link.search(),
    };
    if !link.hash().is_empty() && to == address.get_untracked() {
        return; // a fragment of this page: the browser scrolls to it
    }
    event.prevent_default();
    go(
        address,
        &format!("{}{}{}", to.path, to.search, link.hash()),
        false,
    );
}

/// Changes the address (a new history entry, or this one replaced) and shows its page from
/// the top.
fn go(address: RwSignal<Address>, href: &str, replace: bool) {
    if let Ok(history) = window().history() {
        let _ = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        };
    }
    address.set(current_address());
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// How [`use_navigate`]'s function changes the address.
#[derive(Clone, Copy, Debug, Default)]
pub struct NavigateOptions {
    /// Replace the current history entry rather than add one.
    pub replace: bool,
}

/// A function that goes to an address of this site (`/matters/x?y=z`).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let address = router().address;
    move |href: &str, options: NavigateOptions| go(address, href, options.replace)
}

/// The address's path and query (`?…`, or empty).
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Memo<String>,
    pub search: Memo<String>,
}

pub fn use_location() -> Location {
    let address = router().address;
    Location {
        pathname: Memo::new(move |_| address.with(|a| a.path.clone())),
        search: Memo::new(move |_| address.with(|a| a.search.clone())),
    }
}

/// The address's query, by name.
pub fn use_query_map() -> Memo<ParamsMap> {
    let address = router().address;
    Memo::new(move |_| address.with(|a| ParamsMap::from_query(&a.search)))
}

/// The params of the route being shown (`:id`).
#[derive(Clone, Copy)]
struct RouteParams(Memo<ParamsMap>);

pub fn use_params_map() -> Memo<ParamsMap> {
    expect_context::<RouteParams>().0
}

/// A route: its pattern (`/cases/:id`) and its page.
pub struct Route {
    pub path: &'static str,
    pub view: fn() -> AnyView,
}

/// Shows the first route whose pattern matches the address, else `fallback`. A route's page is
/// drawn again only when another route matches; its params and the query change in place.
#[component]
pub fn Routes(routes: &'static [Route], fallback: fn() -> AnyView) -> impl IntoView {
    let address = router().address;
    let matched = Memo::new(move |_| {
        address.with(|a| {
            routes
                .iter()
                .enumerate()
                .find_map(|(i, r)| match_path(r.path, &a.path).map(|p| (i, p)))
        })
    });
    let index = Memo::new(move |_| matched.with(|m| m.as_ref().map(|(i, _)| *i)));
    move || {
        let Some(i) = index.get() else {
            return untrack(fallback);
        };
        // The params of this route: a page being replaced keeps its own until it is gone.
        let params = Memo::new(move |kept: Option<&ParamsMap>| {
            matched.with(|m| match m {
                Some((j, p)) if *j == i => p.clone(),
                _ => kept.cloned().unwrap_or_default(),
            })
        });
        provide_context(RouteParams(params));
        untrack(routes[i].view)
    }
}

/// A link to a page of this site, marked `aria-current="page"` while its page is shown (its
/// path, or a page under it).
#[component]
pub fn A(#[prop(into)] href: String, children: Children) -> impl IntoView {
    let address = router().address;
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string();
    let current = move || {
        address
            .with(|a| is_current(&path, &a.path))
            .then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

/// Whether a link to `href_path` is the page at `path`, or a page under it (`/cases` for
/// `/cases/x`); the home page only for itself.
fn is_current(href_path: &str, path: &str) -> bool {
    let href_path = href_path.trim_end_matches('/');
    let path = path.trim_end_matches('/');
    path == href_path || (!href_path.is_empty() && path.starts_with(&format!("{href_path}/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments_and_name_their_params() {
        let params = match_path("/cases/:id/rate", "/cases/lj-1/rate").unwrap();
        assert_eq!(params.get("id").as_deref(), Some("lj-1"));
        assert!(match_path("/cases/:id", "/cases/lj-1/rate").is_none());
        assert!(match_path("/cases/:id", "/cases/").is_none());
        assert!(match_path("/cases", "/cases/").is_some());
        assert!(match_path("/", "/").is_some());
        assert!(match_path("/", "/cases").is_none());
        assert!(match_path("/cases/:id", "/matters/x").is_none());
    }

    #[test]
    fn a_link_is_current_on_its_page_and_below_it() {
        assert!(is_current("/cases", "/cases"));
        assert!(is_current("/cases", "/cases/lj-1"));
        assert!(!is_current("/cases", "/cases-old"));
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/cases"));
    }

    #[test]
    fn a_query_reads_by_name() {
        let q = ParamsMap::from_query("?view=plan&q=2&empty=&flag");
        assert_eq!(q.get_str("view"), Some("plan"));
        assert_eq!(q.get("q").as_deref(), Some("2"));
        assert_eq!(q.get_str("empty"), Some(""));
        assert_eq!(q.get_str("flag"), Some(""));
        assert_eq!(q.get_str("none"), None);
        assert_eq!((&q).into_iter().count(), 4);
    }
}
