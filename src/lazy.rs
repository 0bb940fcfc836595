//! Pages whose code is loaded when first visited, so the app shell holds only the home page.
//!
//! `lazy_page!(split, Page)` marks a split point: `scripts/wasm.sh` (wasm-split) moves `Page`
//! and everything only the pages of `split` use into that split's WASM chunk, fetched the
//! first time one of them is shown (code that several splits share goes into shared chunks,
//! fetched with the first of them). While it loads the page shows the loading placeholder; if
//! it cannot be fetched (offline before the service worker cached it, server down) the page
//! shows the network error with a retry button instead of panicking. A loaded page renders at
//! once afterwards.
//!
//! The pages' Chinese words (`yishi_i18n::PageKey`) are not in the shell either: the first
//! lazy page fetches them (`words::load_page_words`) at the same time as its chunk, and renders
//! when both are there. The build checks that no shell code looks such a word up.
//!
//! Split points need `#[no_mangle]` exports and a wasm import, which the `unsafe_code` lint
//! counts as unsafe code; they are generated only by `wasm_split`, here, for the search engine
//! in `catalogue.rs` and for the outbox's sending in `outbox.rs`, the only places that allow it.

use std::{future::Future, pin::Pin, sync::OnceLock};

use leptos::{prelude::*, wasm_split::SplitLoaderError};

use crate::{
    api::ApiError,
    components::states::{ErrorPanel, Loading},
};

/// A page constructor living in a chunk.
pub type PageFn = fn() -> AnyView;

/// The loading of a page's chunk, boxed: `render_lazy` is then one function for all pages
/// rather than one copy per page (each copy was ~0.8 KB of the shell's WASM).
pub type PageLoad = Pin<Box<dyn Future<Output = Result<PageFn, SplitLoaderError>>>>;

/// Marks `$page` (a component without props, in scope at the call) as a split point in the
/// chunk `$split` and renders it through [`render_lazy`]. Pages sharing a split load together.
macro_rules! lazy_page {
    ($split:ident, $page:ident) => {{
        #[allow(unsafe_code, non_snake_case)]
        mod split {
            #[::leptos::wasm_split::wasm_split($split, fallible, wasm_split_path = ::leptos::wasm_split)]
            pub fn $page() -> ::std::result::Result<$crate::lazy::PageFn, ::leptos::wasm_split::SplitLoaderError> {
                Ok(|| ::leptos::prelude::IntoAny::into_any(super::$page()))
            }
        }
        // A plain function pointer, so that one `render_lazy` serves every page.
        fn load() -> $crate::lazy::PageLoad {
            ::std::boxed::Box::pin(split::$page())
        }
        static LOADED: ::std::sync::OnceLock<$crate::lazy::PageFn> = ::std::sync::OnceLock::new();
        $crate::lazy::render_lazy(&LOADED, load)
    }};
}
pub(crate) use lazy_page;

#[derive(Clone, Copy)]
enum Phase {
    Loading,
    Ready(PageFn),
    Failed,
}

/// Renders the page from `cache` when its chunk is already loaded; otherwise loads it with
/// `load`, showing the loading placeholder, then the page, or the error with a retry.
pub fn render_lazy(cache: &'static OnceLock<PageFn>, load: fn() -> PageLoad) -> AnyView {
    // Untracked, as `view!` calls components: the page's own reads must not re-create it.
    if let Some(page) = cache.get() {
        return untrack(page);
    }
    let phase = RwSignal::new(Phase::Loading);
    let attempt = move || {
        phase.set(Phase::Loading);
        leptos::task::spawn_local(async move {
            // The page's code and its words (`PageKey`s) at the same time.
            let next = match futures::future::join(load(), crate::words::load_page_words()).await {
                (Ok(page), true) => {
                    // The page's render in a task of its own, apart from its chunks' start.
                    crate::task::next_task().await;
                    let _ = cache.set(page);
                    Phase::Ready(page)
                }
                // The loader has logged the cause to the console.
                _ => Phase::Failed,
            };
            phase.try_set(next);
        });
    };
    attempt();
    let retry = Callback::new(move |()| attempt());
    (move || match phase.get() {
        Phase::Loading => view! { <Loading /> }.into_any(),
        Phase::Ready(page) => untrack(page),
        Phase::Failed => view! { <ErrorPanel error=ApiError::Network retry=retry /> }.into_any(),
    })
    .into_any()
}
