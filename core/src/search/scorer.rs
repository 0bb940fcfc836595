//! Fuzzy subsequence scoring of a literal query (characters typed in order, with gaps allowed:
//! 社保补换 in 社会保障卡补领、换领、换发), behind a small trait so the scorer can be swapped.
//!
//! Two implementations:
//! - [`SkimScorer`] (the default): `fuzzy_matcher::skim::SkimMatcherV2`, the crate the project's
//!   design names. Measured against the other (`docs/benchmarks.md`, "Search scorers" and
//!   "Search, native"): the same recall@3 on the labelled queries and the same per-keystroke p95
//!   within the noise; the scoring call itself is slower, the index build does not use it.
//! - [`AlignScorer`]: the engine's own alignment restricted to literal chars. It prefers, in
//!   order, no gaps, a start at the first char, the last char covered, then short gaps and an
//!   early start; its score is the engine's within-tier quality. Kept for the comparison.
//!
//! The scorer is used when the query has no letters (see `align::Query::literal_only`): pinyin
//! and homophone matching need the engine's own alignment in any case.

use std::cell::RefCell;

use super::align::{Atom, Mode, Query, Scratch, align};

/// A literal in-order match of a query in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subsequence {
    /// Higher is better, in 0..=100_000; compared only between results of the same scorer.
    pub score: i32,
    /// The matched text chars, ascending, one per query char.
    pub positions: Vec<usize>,
}

/// Scores `query` as an in-order subsequence of `text`. Both are normalised chars (see
/// [`super::normalize`]); `query` is not empty.
pub trait SubsequenceScorer: Send + Sync {
    /// A short name, for benchmarks.
    fn name(&self) -> &'static str;
    /// The match, or `None` when `query`'s chars do not all occur in order in `text`.
    fn find(&self, text: &[char], query: &[char]) -> Option<Subsequence>;
}

/// The engine's within-tier quality of a match (higher is better, 0..=100_000): short gaps, an
/// early start, few unmatched chars, whole syllables rather than initials.
pub(crate) fn quality(
    start: usize,
    gap_len: usize,
    unmatched: usize,
    initials: usize,
    partials: usize,
) -> i32 {
    let penalty = 2_000 * initials.min(20)
        + 3_000 * partials.min(10)
        + 300 * gap_len.min(50)
        + 200 * start.min(50)
        + 50 * unmatched.min(200);
    100_000 - (penalty.min(100_000) as i32)
}

/// The engine's alignment on literal chars.
#[derive(Clone, Copy, Debug, Default)]
pub struct AlignScorer;

thread_local! {
    // WASM in the browser has one thread; natively each thread gets its own buffers.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl SubsequenceScorer for AlignScorer {
    fn name(&self) -> &'static str {
        "align"
    }

    fn find(&self, text: &[char], query: &[char]) -> Option<Subsequence> {
        // Cheap rejection first: most texts of a candidate do not contain the query in order.
        let mut rest = text.iter();
        if !query.iter().all(|c| rest.any(|t| t == c)) {
            return None;
        }
        let m = text.len().min(super::align::MAX_TEXT);
        let text = &text[..m];
        // A contiguous occurrence needs no alignment: the first one is the best (an earlier start).
        if let Some(start) = text.windows(query.len()).position(|w| w == query) {
            let score = quality(start, 0, m - query.len(), 0, 0);
            return Some(Subsequence {
                score,
                positions: (start..start + query.len()).collect(),
            });
        }
        let q = Query {
            atoms: query.iter().map(|&c| Atom::Lit(c)).collect(),
            letters: vec![0; query.len()],
            run_end: vec![0; query.len()],
            readings: vec![&[]; query.len()],
            chars: Vec::new(),
            han: 0,
            letter_count: 0,
        };
        let a = SCRATCH.with(|s| {
            align(
                &q,
                text,
                Mode {
                    homophones: false,
                    max_skips: 0,
                },
                &mut s.borrow_mut(),
            )
        })?;
        let (_, gap_len) = a.gaps();
        let score = quality(
            a.start(),
            gap_len,
            a.text_len as usize - a.positions.count as usize,
            0,
            0,
        );
        Some(Subsequence {
            score,
            positions: a.positions.iter().map(|&p| p as usize).collect(),
        })
    }
}

/// The default scorer: `fuzzy_matcher`'s skim algorithm (V2), as used by the skim fuzzy finder.
#[derive(Default)]
pub struct SkimScorer(fuzzy_matcher::skim::SkimMatcherV2);

impl SubsequenceScorer for SkimScorer {
    fn name(&self) -> &'static str {
        "fuzzy-matcher"
    }

    fn find(&self, text: &[char], query: &[char]) -> Option<Subsequence> {
        use fuzzy_matcher::FuzzyMatcher;
        let text: String = text.iter().collect();
        let query: String = query.iter().collect();
        let (score, positions) = self.0.fuzzy_indices(&text, &query)?;
        // Skim's scores are small integers (about 16 to 30 per matched char, with bonuses for
        // consecutive matches): map them into the engine's range, higher still better.
        let score = (50_000 + score * 100).clamp(0, 100_000) as i32;
        Some(Subsequence { score, positions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn check(scorer: &dyn SubsequenceScorer) {
        let name = chars("社会保障卡补领换领换发");
        let hit = scorer.find(&name, &chars("社保补换")).unwrap();
        assert_eq!(hit.positions, [0, 2, 5, 7], "{}", scorer.name());
        let contiguous = scorer.find(&name, &chars("补领")).unwrap();
        assert_eq!(contiguous.positions, [5, 6], "{}", scorer.name());
        // For one query on texts alike, a contiguous match outscores a scattered one.
        let together = scorer.find(&chars("补领社保卡"), &chars("补领")).unwrap();
        let apart = scorer.find(&chars("补社保卡领"), &chars("补领")).unwrap();
        assert!(together.score > apart.score, "{}", scorer.name());
        assert_eq!(
            scorer.find(&name, &chars("补社")),
            None,
            "{}",
            scorer.name()
        );
        assert_eq!(
            scorer.find(&name, &chars("火星")),
            None,
            "{}",
            scorer.name()
        );
    }

    #[test]
    fn align_scorer() {
        check(&AlignScorer);
        // Tight: 保卡 at 4..6 rather than 保 at 2 and 卡 at 4.
        let hit = AlignScorer
            .find(&chars("社会保障卡社保卡"), &chars("保卡"))
            .unwrap();
        assert_eq!(hit.positions, [6, 7]);
    }

    #[test]
    fn skim_scorer() {
        check(&SkimScorer::default());
    }

    #[test]
    fn quality_orders_matches() {
        assert!(quality(0, 0, 0, 0, 0) > quality(1, 0, 0, 0, 0));
        assert!(quality(0, 0, 0, 0, 0) > quality(0, 1, 0, 0, 0));
        assert!(quality(0, 0, 0, 0, 0) > quality(0, 0, 0, 1, 0));
        assert!(quality(50, 50, 200, 20, 10) >= 0);
    }
}
