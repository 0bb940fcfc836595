//! How contract values read in the citizen's language: the pure functions of
//! `yishi_i18n::format`, tested natively there.

pub use yishi_i18n::format::*;

use yishi_contract::RatingOptions;

use crate::i18n::{local, t};

/// A dimension's label: the backend's (`dimension_labels`), else the app's own words for the
/// dimensions it knows, else the value itself; a dimension the backend adds is never dropped.
pub fn dimension_label(options: &RatingOptions, code: &str) -> String {
    if let Some(l) = options
        .dimension_labels
        .iter()
        .find(|l| l.dimension == code)
    {
        return local(&l.label);
    }
    known_dimension(code).map_or_else(|| code.to_string(), |k| t(k).to_string())
}
