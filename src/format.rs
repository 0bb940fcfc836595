//! How contract values read in the citizen's language: the pure functions of
//! `yishi_i18n::format`, tested natively there.

pub use yishi_i18n::format::*;
