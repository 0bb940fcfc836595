//! The string tables the app fetches at run time instead of carrying them in the shell: the
//! English table (only when a page starts in English) and the Chinese words of the pages in
//! chunks (with the first such page). Each is a file named after its content, kept on the device
//! after its first fetch, so later starts, offline included, need no network for words.

use std::cell::RefCell;

use crate::{
    i18n,
    store::{self, Scope},
};

thread_local! {
    /// The tables being fetched now, by their key on the device.
    static LOADING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Marks a table as being fetched until dropped (also when the page that wanted it is left).
struct Loading(&'static str);

impl Loading {
    fn start(key: &'static str) -> Loading {
        LOADING.with(|l| l.borrow_mut().push(key));
        Loading(key)
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        LOADING.with(|l| l.borrow_mut().retain(|k| *k != self.0));
    }
}

/// Where this build's English table is kept on the device after its first fetch, with its file
/// name on the first line (a copy from another build is fetched again).
const ENGLISH_KEY: &str = "locale.en";

/// Where the pages' Chinese words are kept on the device, the same way.
const ZH_PAGES_KEY: &str = "locale.zh-pages";

/// Makes English available for this page load: the device's copy of this build's table, else
/// the file (then kept for the next start, offline included). False when neither could be
/// had: the page then shows Chinese, which is better than no page.
pub async fn load_english() -> bool {
    load_words(
        ENGLISH_KEY,
        yishi_i18n::EN_FILE,
        yishi_i18n::english_installed,
        yishi_i18n::install_english,
    )
    .await
}

/// Makes the words of the pages in chunks available in the current language, before such a
/// page renders (`lazy::render_lazy`): in English the English table already holds them; in
/// Chinese they are the file `ZH_PAGES_FILE`, kept on the device like English. False when it
/// could not be had: the page then shows the network error with a retry.
pub async fn load_page_words() -> bool {
    load_words(
        ZH_PAGES_KEY,
        yishi_i18n::ZH_PAGES_FILE,
        page_words_installed,
        yishi_i18n::install_zh_pages,
    )
    .await
}

fn page_words_installed() -> bool {
    yishi_i18n::words_installed(i18n::lang())
}

/// A string table, unless `installed` already: the device's copy of this build's file, else the
/// file, then kept. Two pages loading at once (a page and the mini-program's hand-over notice)
/// fetch it once: the second waits for the first.
async fn load_words(
    key: &'static str,
    file: &str,
    installed: fn() -> bool,
    install: fn(&str) -> bool,
) -> bool {
    while LOADING.with(|l| l.borrow().contains(&key)) {
        crate::task::sleep(30).await;
    }
    if installed() {
        return true;
    }
    let _loading = Loading::start(key);
    let kept = store::get_raw(Scope::Device, key);
    if let Some(json) = kept
        .as_deref()
        .and_then(|k| k.strip_prefix(file))
        .and_then(|k| k.strip_prefix('\n'))
        && install(json)
    {
        return true;
    }
    let whose = store::whose();
    match crate::api::words_file(file).await {
        Some(json) if install(&json) => {
            if whose.unwiped() {
                store::set_raw(Scope::Device, key, &format!("{file}\n{json}"));
            }
            true
        }
        _ => false,
    }
}
