//! What a search answers ([`Hit`]) and how matches are ranked: the tier of a match and the one
//! packed score every candidate is compared by (see the ranking rules in the module above).

use super::align::{Alignment, Positions};
use super::scorer;

/// What a hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// A life event (一件事).
    Event,
    /// A matter (事项).
    Matter,
}

/// Which text of an entry matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchField {
    /// The zh-CN name.
    Name,
    /// An everyday alias (日常用语).
    Alias,
    /// The English name.
    EnglishName,
    /// The matter's basic code (基本编码).
    Code,
    /// The name or code of the matter's department.
    Department,
}

impl MatchField {
    /// The field's weight in the score: the name and code over an alias over the English name.
    fn rank(self) -> i32 {
        match self {
            MatchField::Name | MatchField::Code => 3,
            MatchField::Alias => 2,
            MatchField::EnglishName => 1,
            MatchField::Department => 0,
        }
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// An event or a matter.
    pub kind: HitKind,
    /// The event's or matter's id.
    pub id: String,
    /// Higher is better; comparable within one search only. Hits come in ranking order, which
    /// is by score except that repeated names move after distinct ones.
    pub score: i32,
    /// Character indices in the displayed zh-CN name to highlight (empty when another field,
    /// such as an alias, matched).
    pub matched: Vec<usize>,
    /// The text that matched.
    pub field: MatchField,
    /// The everyday alias that matched, when [`Hit::field`] is [`MatchField::Alias`].
    pub alias: Option<String>,
    /// Whether the match needed a correction: a homophone (身分证 for 身份证) or a missing or
    /// wrong character. The app may say "showing results for…".
    pub corrected: bool,
    /// The entry's index in [`CatalogueIndex::events`] or [`CatalogueIndex::matters`].
    pub position: usize,
}

/// The ranking tier of a match, best last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    Department = 1,
    Approximate = 2,
    Scattered = 3,
    Contiguous = 4,
    Prefix = 5,
    Exact = 6,
}

/// Packs the ranking keys into one score (see the module documentation for the order).
pub(super) fn pack(
    tier: Tier,
    first: usize,
    second: usize,
    field: MatchField,
    kind: HitKind,
    quality: i32,
) -> i32 {
    (tier as i32) << 27
        | (15 - first.min(15) as i32) << 23
        | (7 - second.min(7) as i32) << 20
        | field.rank() << 18
        | i32::from(kind == HitKind::Event) << 17
        | quality.clamp(0, 100_000)
}

/// The tier of a set of matched positions in a text of `len` chars.
pub(super) fn tier_of(p: &Positions, len: usize) -> Tier {
    match (p.gaps == 0, p.start == 0) {
        (true, true) if p.count as usize == len => Tier::Exact,
        (true, true) => Tier::Prefix,
        (true, false) => Tier::Contiguous,
        _ => Tier::Scattered,
    }
}

/// The tier, the number of gaps and the within-tier quality of an alignment.
pub(super) fn rank_alignment(a: &Alignment, approximate: bool) -> (Tier, usize, i32) {
    let (gaps, gap_len) = a.gaps();
    let tier = if approximate {
        Tier::Approximate
    } else {
        tier_of(&a.positions, a.text_len as usize)
    };
    let unmatched = a.text_len as usize - a.positions.count as usize;
    let quality = scorer::quality(
        a.start(),
        gap_len,
        unmatched,
        a.initials as usize,
        a.partials as usize,
    );
    (tier, gaps, quality)
}
