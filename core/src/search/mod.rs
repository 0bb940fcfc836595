//! Catalogue search (事项检索) that finds what citizens mean: Chinese characters with gaps and
//! typos, full pinyin (`shebaoka`), initials (`sbk`), mixed input (`社bk`, `she保ka`), everyday
//! words (日常用语: 生孩子 → 新生儿出生), English names, department names and codes. Plain Rust,
//! no DOM: the app runs it in WASM on every keystroke, and `cargo bench -p yishi-core` measures it.
//!
//! # How a query runs
//! 1. It is normalised ([`normalize`]): full-width to half-width, case folded, whitespace and
//!    punctuation dropped, traditional characters simplified.
//! 2. The query is split into pieces (a char, a syllable, an initial, the start of a syllable;
//!    see `plan`). An inverted index built once per catalogue version holds postings of
//!    chars, of pinyin syllables (every reading of every char, so polyphones are found under each
//!    reading), of initials, and of the first char of every name and alias. Combined over bit
//!    sets for every way of splitting the query, they give the entries that can match at all.
//!    Entries that can match from a name's first char are looked at first: when they already
//!    give `limit` exact or prefix matches, nothing else can rank higher.
//! 3. Each candidate's name and aliases are checked against per-text signatures, then aligned
//!    with the query (see `align`): the best alignment decides the tier. Literal queries
//!    (no letters) go through a [`SubsequenceScorer`] ([`SkimScorer`] unless told otherwise).
//! 4. Corrections: when fewer than `limit` entries match contiguously, Chinese characters may
//!    match homophones (公积金代款 → 公积金贷款, 身分证 → 身份证: the common typo of pinyin input),
//!    at most one in three. When fewer than `limit` entries match at all, an approximate stage
//!    lets one character in three be missing or wrong (住房公积金货款 → 住房公积金贷款). Then
//!    department names and codes list their matters. English names and codes are matched by word
//!    prefix.
//!
//! # Ranking
//! Tier first: exact > prefix > contiguous > scattered (fewer gaps first) > approximate (fewer
//! corrections first) > department. Then fewer corrections (homophones), then the field (name and
//! code > alias > English name), then life events before matters, then the match's quality (short
//! gaps, an early start, a short name, whole syllables over initials), then popularity. Finally,
//! a name already in the list (the same matter implemented by several district offices) moves
//! after the distinct names, so the first results are different services.
//!
//! # Highlighting
//! [`Hit::matched`] holds char indices into the displayed zh-CN name, also for pinyin, initials
//! and homophone matches. A match on an everyday alias highlights nothing in the name and names
//! the alias in [`Hit::alias`] instead, so the app can say why the result is there. The indices
//! are of chars, so markup in the data is just more chars: render them as text.
//!
//! # Limits
//! Queries of more than 128 characters after normalisation match nothing. For very unselective
//! queries (one or two letters) at most [`VERIFY_BUDGET`] candidates per pass are aligned, most
//! popular first, so the first keystroke stays fast on large catalogues.

mod align;
mod bits;
mod hit;
mod index;
mod normalize;
pub mod pinyin;
mod plan;
mod query;
mod scorer;

pub use hit::{Hit, HitKind, MatchField};
pub use index::SearchIndex;
pub use normalize::{normalize, simplify};
pub use query::VERIFY_BUDGET;
pub use scorer::{AlignScorer, SkimScorer, Subsequence, SubsequenceScorer};

#[cfg(test)]
mod tests;
