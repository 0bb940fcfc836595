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
//!    (no letters) go through a [`SubsequenceScorer`].
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
mod normalize;
pub mod pinyin;
mod plan;
mod scorer;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use yishi_contract::{Audience, CatalogueIndex};

use align::{Alignment, Atom, MAX_ATOMS, Mode, Positions, Query, Scratch, align};
use bits::Bits;
pub use normalize::{normalize, simplify};
use plan::{PieceKind, Plan, Signature, initial_mask};
#[cfg(feature = "fuzzy-matcher")]
pub use scorer::SkimScorer;
pub use scorer::{AlignScorer, Subsequence, SubsequenceScorer};

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
enum Tier {
    Department = 1,
    Approximate = 2,
    Scattered = 3,
    Contiguous = 4,
    Prefix = 5,
    Exact = 6,
}

/// At most this many candidates are aligned per pass; see the module documentation.
pub const VERIFY_BUDGET: usize = 800;

/// FxHash: the index's maps have small keys (chars, three bytes) and are built on every
/// catalogue load, where SipHash's cost shows.
#[derive(Clone, Copy, Default)]
struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Postings by char: a dense table for the CJK blocks (most chars), a map for the rest.
#[derive(Clone, Debug, Default)]
struct CharPostings {
    /// For U+3400..=U+9FFF: 1 + the index in `lists`, or 0.
    dense: Vec<u32>,
    sparse: FxMap<u32, u32>,
    lists: Vec<Vec<u32>>,
}

const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

impl CharPostings {
    /// Posts entry `id` under `c`, once (ids arrive in ascending order).
    fn add(&mut self, c: char, id: u32) {
        let code = c as u32;
        let slot = if (DENSE_START..DENSE_END).contains(&code) {
            if self.dense.is_empty() {
                self.dense = vec![0; (DENSE_END - DENSE_START) as usize];
            }
            let d = &mut self.dense[(code - DENSE_START) as usize];
            if *d == 0 {
                self.lists.push(Vec::new());
                *d = self.lists.len() as u32;
            }
            *d - 1
        } else {
            let next = self.lists.len() as u32;
            let s = *self.sparse.entry(code).or_insert(next);
            if s == next {
                self.lists.push(Vec::new());
            }
            s
        };
        let list = &mut self.lists[slot as usize];
        if list.last() != Some(&id) {
            list.push(id);
        }
    }

    fn get(&self, c: char) -> &[u32] {
        let code = c as u32;
        let slot = if (DENSE_START..DENSE_END).contains(&code) {
            match self.dense.get((code - DENSE_START) as usize) {
                Some(&d) if d > 0 => d - 1,
                _ => return &[],
            }
        } else {
            match self.sparse.get(&code) {
                Some(&s) => s,
                None => return &[],
            }
        };
        &self.lists[slot as usize]
    }
}

/// One Chinese-script text of an entry: its name or an alias.
#[derive(Clone, Debug)]
struct TextRec {
    /// Its normalised chars: `chars[start..start + len]`.
    start: u32,
    len: u16,
    field: MatchField,
    /// For an alias, its index in `alias_spans`.
    alias: u32,
    sig: Signature,
}

/// An English name or a code: lower-case ASCII words, joined without spaces.
#[derive(Clone, Debug)]
struct AsciiText {
    /// `ascii_bytes[start..start + len]`.
    start: u32,
    len: u16,
    /// `word_starts[words]`: where each word starts, relative to `start`.
    words: Range<u32>,
    field: MatchField,
}

#[derive(Clone, Debug)]
struct Entry {
    kind: HitKind,
    /// `ids[id]`.
    id: Range<u32>,
    position: u32,
    texts: Range<u32>,
    ascii: Range<u32>,
    /// A hash of the normalised name, to spot repeated names.
    name_hash: u64,
}

#[derive(Clone, Debug)]
struct Dept {
    chars: Vec<char>,
    ascii: Range<u32>,
    /// Its matters' entry ids, ascending (most popular first).
    matters: Vec<u32>,
}

/// A search index built once per catalogue version.
#[derive(Clone)]
pub struct SearchIndex {
    /// Ordered by popularity (then events first, then catalogue order): an entry's id is its
    /// rank among equals, and every posting list is in that order.
    entries: Vec<Entry>,
    ids: String,
    texts: Vec<TextRec>,
    chars: Vec<char>,
    /// For each char in `chars`, the index of the displayed char it came from.
    origin: Vec<u16>,
    alias_text: String,
    alias_spans: Vec<Range<u32>>,
    ascii: Vec<AsciiText>,
    ascii_bytes: String,
    word_starts: Vec<u8>,
    /// Entries with each char.
    char_post: CharPostings,
    /// Entries with a char of each syllable.
    syl_post: Vec<Vec<u32>>,
    /// The same for the first char of a name or alias: candidates for prefix matches.
    first_char_post: CharPostings,
    first_syl_post: Vec<Vec<u32>>,
    /// Entries with a char whose reading starts with each letter a–z, then zh, ch, sh (or that
    /// contain the Latin letter).
    initial_bits: Vec<Bits>,
    /// Entries by the first three letters of an English word or code (from each word start
    /// on): the key ([`key3`]) maps to an index in `word_lists`.
    word_post: FxMap<u32, u32>,
    word_lists: Vec<Vec<u32>>,
    /// Entries a person, or a business, may see.
    person: Bits,
    business: Bits,
    departments: Vec<Dept>,
    scorer: Arc<dyn SubsequenceScorer>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.entries.len())
            .field("texts", &self.texts.len())
            .field("chars", &self.chars.len())
            .field("departments", &self.departments.len())
            .field("scorer", &self.scorer.name())
            .finish()
    }
}

/// The first three bytes of `s`, packed.
fn key3(s: &[u8]) -> Option<u32> {
    s.get(..3)
        .map(|k| u32::from_le_bytes([k[0], k[1], k[2], 0]))
}

fn audience_fits(entry: Audience, wanted: Option<Audience>) -> bool {
    match wanted {
        Some(Audience::Person) => {
            matches!(entry, Audience::Person | Audience::Both | Audience::Unknown)
        }
        Some(Audience::Business) => matches!(
            entry,
            Audience::Business | Audience::Both | Audience::Unknown
        ),
        None | Some(Audience::Both | Audience::Unknown) => true,
    }
}

/// A name without its trailing qualifier: 居民身份证换领（北山区） and 居民身份证换领 are one family
/// (the same service from another office) when spotting repeated names. `normalised` is the
/// normalised form of `name` (parentheses are punctuation, so they are gone there).
fn family<'a>(normalised: &'a [char], name: &str) -> &'a [char] {
    let trimmed = name.trim_end();
    let Some(inner) = trimmed
        .strip_suffix('）')
        .or_else(|| trimmed.strip_suffix(')'))
    else {
        return normalised;
    };
    let Some(open) = inner.rfind(['（', '(']) else {
        return normalised;
    };
    let qualifier = inner[open..].chars().filter_map(normalize::fold).count();
    &normalised[..normalised
        .len()
        .saturating_sub(qualifier)
        .max(1.min(normalised.len()))]
}

fn hash_str(s: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    (h.finish() >> 32) as u32
}

fn hash_chars(chars: &[char]) -> u64 {
    let mut h = FxHasher::default();
    for &c in chars {
        h.write_u32(c as u32);
    }
    h.finish()
}

/// Packs the ranking keys into one score (see the module documentation for the order).
fn pack(
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

/// A matched entry before it becomes a [`Hit`].
#[derive(Clone, Copy, Debug)]
struct Cand {
    entry: u32,
    score: i32,
    field: MatchField,
    /// The matched text (an index into `texts`), if a name or alias matched.
    text: Option<u32>,
    positions: Positions,
    corrected: bool,
}

/// Per-search state.
struct Ctx<'q> {
    q: &'q Query,
    /// The query, when it is ASCII letters and digits of 3 or more (English names, codes).
    ascii: Option<String>,
    /// At most this many homophone corrections: one per three Chinese characters.
    max_typos: u8,
    scratch: Scratch,
    reach: Vec<bool>,
    cands: Vec<Cand>,
    /// Entry → its index in `cands`.
    found: FxMap<u32, u32>,
}

impl Ctx<'_> {
    fn add(&mut self, c: Cand) {
        match self.found.get(&c.entry) {
            Some(&i) => {
                if c.score > self.cands[i as usize].score {
                    self.cands[i as usize] = c;
                }
            }
            None => {
                self.found.insert(c.entry, self.cands.len() as u32);
                self.cands.push(c);
            }
        }
    }

    fn count_at_least(&self, tier: Tier) -> usize {
        self.cands
            .iter()
            .filter(|c| c.score >> 27 >= tier as i32)
            .count()
    }
}

/// Splits an ASCII string into lower-case words, appended to the arenas.
fn push_ascii(
    s: &str,
    field: MatchField,
    bytes: &mut String,
    starts: &mut Vec<u8>,
    out: &mut Vec<AsciiText>,
) {
    let start = bytes.len();
    let first_word = starts.len();
    for word in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let at = bytes.len() - start;
        if at + word.len() > u8::MAX as usize {
            break;
        }
        starts.push(at as u8);
        bytes.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    if bytes.len() > start {
        out.push(AsciiText {
            start: start as u32,
            len: (bytes.len() - start) as u16,
            words: first_word as u32..starts.len() as u32,
            field,
        });
    }
}

impl SearchIndex {
    /// Builds the index from the catalogue, with the default scorer.
    pub fn new(cat: &CatalogueIndex) -> SearchIndex {
        SearchIndex::with_scorer(cat, Arc::new(AlignScorer))
    }

    /// Builds the index with another scorer for literal queries (see [`SubsequenceScorer`]).
    pub fn with_scorer(cat: &CatalogueIndex, scorer: Arc<dyn SubsequenceScorer>) -> SearchIndex {
        let table = pinyin::table();
        // Rank order: popularity, then events first, then catalogue order, as one u64 key each
        // (one sort instance for every sort in the engine: each costs WASM size).
        let key = |kind: HitKind, i: usize, popularity: u32| {
            ((u32::MAX - popularity) as u64) << 32
                | u64::from(kind == HitKind::Matter) << 31
                | i as u64
        };
        let mut order: Vec<u64> = cat
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| key(HitKind::Event, i, e.popularity))
            .chain(
                cat.matters
                    .iter()
                    .enumerate()
                    .map(|(i, m)| key(HitKind::Matter, i, m.popularity)),
            )
            .collect();
        order.sort_unstable();
        let n = order.len();

        let mut ix = SearchIndex {
            entries: Vec::with_capacity(n),
            ids: String::with_capacity(n * 24),
            texts: Vec::with_capacity(n * 6),
            chars: Vec::with_capacity(n * 40),
            origin: Vec::with_capacity(n * 40),
            alias_text: String::with_capacity(n * 80),
            alias_spans: Vec::with_capacity(n * 5),
            ascii: Vec::with_capacity(n * 2),
            ascii_bytes: String::with_capacity(n * 40),
            word_starts: Vec::with_capacity(n * 6),
            char_post: CharPostings::default(),
            syl_post: vec![Vec::new(); table.len()],
            first_char_post: CharPostings::default(),
            first_syl_post: vec![Vec::new(); table.len()],
            initial_bits: vec![Bits::new(n); 29],
            word_post: FxMap::default(),
            word_lists: Vec::new(),
            person: Bits::new(n),
            business: Bits::new(n),
            departments: Vec::new(),
            scorer,
        };
        // Department ids by a 32-bit hash (checked on lookup, scanned on a collision).
        let dept_of: FxMap<u32, u32> = cat
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| (hash_str(&d.id), i as u32))
            .collect();
        let find_dept = |id: &str| match dept_of.get(&hash_str(id)) {
            Some(&i) if cat.departments[i as usize].id == id => Some(i as usize),
            _ => cat.departments.iter().position(|d| d.id == id),
        };
        ix.departments = cat
            .departments
            .iter()
            .map(|d| {
                let start = ix.ascii.len() as u32;
                if let Some(en) = &d.name.en {
                    push_ascii(
                        en,
                        MatchField::EnglishName,
                        &mut ix.ascii_bytes,
                        &mut ix.word_starts,
                        &mut ix.ascii,
                    );
                }
                push_ascii(
                    &d.code,
                    MatchField::Code,
                    &mut ix.ascii_bytes,
                    &mut ix.word_starts,
                    &mut ix.ascii,
                );
                Dept {
                    chars: normalize(&d.name.zh).chars().collect(),
                    ascii: start..ix.ascii.len() as u32,
                    matters: Vec::new(),
                }
            })
            .collect();

        // Stamps dedupe an entry's postings: stamp == id + 1 once posted.
        let mut words: Vec<u64> = Vec::new();

        for (id, &k) in order.iter().enumerate() {
            let id = id as u32;
            let kind = if k >> 31 & 1 == 1 {
                HitKind::Matter
            } else {
                HitKind::Event
            };
            let position = (k & 0x7FFF_FFFF) as usize;
            let (name, aliases, en, code, audience, entry_id) = match kind {
                HitKind::Event => {
                    let e = &cat.events[position];
                    (
                        &e.name.zh,
                        &e.aliases,
                        e.name.en.as_deref(),
                        None,
                        e.audience,
                        &e.id,
                    )
                }
                HitKind::Matter => {
                    let m = &cat.matters[position];
                    if let Some(d) = find_dept(&m.department_id) {
                        ix.departments[d].matters.push(id);
                    }
                    (
                        &m.name.zh,
                        &m.aliases,
                        m.name.en.as_deref(),
                        Some(m.basic_code.as_str()),
                        m.audience,
                        &m.id,
                    )
                }
            };
            if audience_fits(audience, Some(Audience::Person)) {
                ix.person.set(id);
            }
            if audience_fits(audience, Some(Audience::Business)) {
                ix.business.set(id);
            }
            let texts_start = ix.texts.len() as u32;
            let mut name_hash = 0;
            for (k, s) in std::iter::once(name).chain(aliases).enumerate() {
                let (field, alias) = if k == 0 {
                    (MatchField::Name, u32::MAX)
                } else {
                    let start = ix.alias_text.len() as u32;
                    ix.alias_text.push_str(s);
                    ix.alias_spans.push(start..ix.alias_text.len() as u32);
                    (MatchField::Alias, ix.alias_spans.len() as u32 - 1)
                };
                let start = ix.chars.len();
                normalize::normalize_into(s, &mut ix.chars, &mut ix.origin);
                let len = (ix.chars.len() - start).min(u16::MAX as usize);
                if k == 0 {
                    name_hash = hash_chars(family(&ix.chars[start..start + len], s));
                }
                if len == 0 {
                    continue;
                }
                let text = &ix.chars[start..start + len];
                let mut sig = Signature::default();
                for (i, &c) in text.iter().enumerate() {
                    ix.char_post.add(c, id);
                    if i == 0 {
                        ix.first_char_post.add(c, id);
                    }
                    sig.chars |= plan::char_bit(c);
                    if c.is_ascii_lowercase() {
                        sig.initials |= 1 << (c as u8 - b'a');
                        ix.initial_bits[(c as u8 - b'a') as usize].set(id);
                    }
                    for &r in table.readings(c) {
                        sig.syllables |= plan::syllable_bit(r);
                        let syl = table.syllable(r).as_bytes();
                        sig.initials |= initial_mask(syl);
                        // Ids only grow: an entry is already posted when it is the list's last.
                        if ix.syl_post[r as usize].last() != Some(&id) {
                            ix.syl_post[r as usize].push(id);
                            ix.initial_bits[(syl[0] - b'a') as usize].set(id);
                            if let Some(slot) = syl
                                .get(..2)
                                .and_then(plan::initial_slot)
                                .filter(|&s| s >= 26)
                            {
                                ix.initial_bits[slot].set(id);
                            }
                        }
                        if i == 0 && ix.first_syl_post[r as usize].last() != Some(&id) {
                            ix.first_syl_post[r as usize].push(id);
                        }
                    }
                }
                ix.texts.push(TextRec {
                    start: start as u32,
                    len: len as u16,
                    field,
                    alias,
                    sig,
                });
            }
            let ascii_start = ix.ascii.len();
            if let Some(en) = en {
                push_ascii(
                    en,
                    MatchField::EnglishName,
                    &mut ix.ascii_bytes,
                    &mut ix.word_starts,
                    &mut ix.ascii,
                );
            }
            if let Some(code) = code {
                push_ascii(
                    code,
                    MatchField::Code,
                    &mut ix.ascii_bytes,
                    &mut ix.word_starts,
                    &mut ix.ascii,
                );
            }
            words.clear();
            for t in &ix.ascii[ascii_start..] {
                let bytes =
                    &ix.ascii_bytes.as_bytes()[t.start as usize..t.start as usize + t.len as usize];
                words.extend(
                    ix.word_starts[t.words.start as usize..t.words.end as usize]
                        .iter()
                        .filter_map(|&w| key3(&bytes[w as usize..]))
                        .map(u64::from),
                );
            }
            words.sort_unstable();
            words.dedup();
            for &w in &words {
                let next = ix.word_lists.len() as u32;
                let slot = *ix.word_post.entry(w as u32).or_insert(next);
                if slot == next {
                    ix.word_lists.push(Vec::new());
                }
                ix.word_lists[slot as usize].push(id);
            }
            let id_start = ix.ids.len() as u32;
            ix.ids.push_str(entry_id);
            ix.entries.push(Entry {
                kind,
                id: id_start..ix.ids.len() as u32,
                position: position as u32,
                texts: texts_start..ix.texts.len() as u32,
                ascii: ascii_start as u32..ix.ascii.len() as u32,
                name_hash: name_hash ^ u64::from(kind == HitKind::Event),
            });
        }
        ix
    }

    /// The number of events and matters indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The name of the scorer used for literal queries.
    pub fn scorer_name(&self) -> &'static str {
        self.scorer.name()
    }

    fn text_chars(&self, t: &TextRec) -> &[char] {
        &self.chars[t.start as usize..t.start as usize + t.len as usize]
    }

    fn ascii_str(&self, t: &AsciiText) -> &str {
        &self.ascii_bytes[t.start as usize..t.start as usize + t.len as usize]
    }

    /// How an ASCII query matches an English name or code.
    fn match_ascii(&self, t: &AsciiText, q: &str) -> Option<Tier> {
        let joined = self.ascii_str(t);
        if joined == q {
            return Some(Tier::Exact);
        }
        if joined.starts_with(q) {
            return Some(Tier::Prefix);
        }
        // Codes match whole or by prefix only: digits inside a code are noise.
        if t.field == MatchField::Code {
            return None;
        }
        self.word_starts[t.words.start as usize..t.words.end as usize]
            .iter()
            .any(|&w| joined[w as usize..].starts_with(q))
            .then_some(Tier::Contiguous)
    }

    /// The best `limit` hits for `query`, for `audience` when given (entries for both audiences,
    /// or of an unknown audience, are always included).
    pub fn search(&self, query: &str, audience: Option<Audience>, limit: usize) -> Vec<Hit> {
        if limit == 0 || self.entries.is_empty() {
            return Vec::new();
        }
        // Normalise lazily and stop early: a pasted essay must not cost more than a name.
        let chars: Vec<char> = query
            .chars()
            .filter_map(normalize::fold)
            .take(MAX_ATOMS + 1)
            .collect();
        if chars.is_empty() || chars.len() > MAX_ATOMS {
            return Vec::new();
        }
        let q = Query::parse(chars);
        let n = self.entries.len();
        let allowed = match audience {
            Some(Audience::Person) => self.person.clone(),
            Some(Audience::Business) => self.business.clone(),
            _ => Bits::full(n),
        };
        let ascii = q
            .chars
            .iter()
            .all(|c| c.is_ascii_alphanumeric())
            .then(|| q.chars.iter().collect::<String>())
            .filter(|s| s.len() >= 3);
        let mut ctx = Ctx {
            q: &q,
            ascii,
            max_typos: (q.han / 3) as u8,
            scratch: Scratch::default(),
            reach: Vec::new(),
            cands: Vec::new(),
            found: FxMap::default(),
        };

        // Stage 1: literal chars and pinyin.
        self.stage(&mut ctx, &allowed, false, limit);
        // English names and codes, by word prefix.
        if let Some(key) = ctx.ascii.as_deref().and_then(|a| key3(a.as_bytes()))
            && let Some(&slot) = self.word_post.get(&key)
        {
            for &id in self.word_lists[slot as usize]
                .iter()
                .filter(|&&id| allowed.contains(id))
            {
                if let Some(c) = self.match_entry_ascii(id, &ctx) {
                    ctx.add(c);
                }
            }
        }
        // Homophones, when the literal query does not fill the list with contiguous matches.
        if ctx.max_typos > 0 && ctx.count_at_least(Tier::Contiguous) < limit {
            self.stage(&mut ctx, &allowed, true, limit);
        }
        // One Chinese character in three missing or wrong.
        if ctx.cands.len() < limit && q.han >= 3 && q.letter_count == 0 {
            self.approximate(&mut ctx, &allowed);
        }
        // Department names and codes list their matters.
        if ctx.cands.len() < limit {
            self.by_department(&mut ctx, &allowed, limit);
        }

        // Sort keys, not the candidates (each carries its positions inline): score descending,
        // then entry (popularity) ascending; each entry has one candidate, found by `found`.
        let cands = ctx.cands;
        let mut order: Vec<u64> = cands
            .iter()
            .map(|c| ((i32::MAX - c.score) as u64) << 32 | c.entry as u64)
            .collect();
        order.sort_unstable();
        // Repeated names (one matter implemented by several offices) after the distinct ones.
        let mut seen: Vec<u64> = Vec::with_capacity(limit);
        let mut repeated: Vec<u32> = Vec::new();
        let mut out: Vec<Hit> = Vec::with_capacity(limit);
        for &k in &order {
            if out.len() == limit {
                break;
            }
            let entry = k as u32;
            let i = ctx.found[&entry];
            let h = self.entries[entry as usize].name_hash;
            if seen.contains(&h) {
                if repeated.len() < limit {
                    repeated.push(i);
                }
            } else {
                seen.push(h);
                out.push(self.hit(&cands[i as usize]));
            }
        }
        for i in repeated {
            if out.len() == limit {
                break;
            }
            out.push(self.hit(&cands[i as usize]));
        }
        out
    }

    fn hit(&self, c: &Cand) -> Hit {
        let e = &self.entries[c.entry as usize];
        let text = c.text.map(|t| &self.texts[t as usize]);
        let matched = match text {
            Some(t) if t.field == MatchField::Name => c
                .positions
                .iter()
                .map(|&p| self.origin[t.start as usize + p as usize] as usize)
                .collect(),
            _ => Vec::new(),
        };
        Hit {
            kind: e.kind,
            id: self.ids[e.id.start as usize..e.id.end as usize].to_string(),
            score: c.score,
            matched,
            field: c.field,
            alias: text.filter(|t| t.field == MatchField::Alias).map(|t| {
                let span = &self.alias_spans[t.alias as usize];
                self.alias_text[span.start as usize..span.end as usize].to_string()
            }),
            corrected: c.corrected,
            position: e.position as usize,
        }
    }

    /// One stage: the candidates of the query's plan, those that can match from a name's first
    /// char first, each aligned.
    fn stage(&self, ctx: &mut Ctx, allowed: &Bits, homophones: bool, limit: usize) {
        let plan = Plan::new(ctx.q, homophones);
        let (all, first) = self.candidates(&plan, allowed);
        let mode = Mode {
            homophones,
            max_skips: 0,
        };
        // First the texts that can match from their first char: they give every exact and prefix
        // match, and usually the list is full of them after a few keystrokes.
        for id in first.iter().take(VERIFY_BUDGET) {
            if let Some(c) = self.verify(id, ctx, mode, Some(&plan), true) {
                ctx.add(c);
            }
        }
        if ctx.count_at_least(Tier::Prefix) >= limit {
            return;
        }
        // Then everything else: other entries, and the other texts of entries without a prefix match.
        let mut rest = all;
        rest.and_not(&first);
        for id in first.iter().take(VERIFY_BUDGET) {
            if ctx
                .found
                .get(&id)
                .is_none_or(|&i| ctx.cands[i as usize].score >> 27 < Tier::Prefix as i32)
            {
                rest.set(id);
            }
        }
        for id in rest.iter().take(VERIFY_BUDGET) {
            if let Some(c) = self.verify(id, ctx, mode, Some(&plan), false) {
                ctx.add(c);
            }
        }
    }

    /// The postings of a piece, as a set: borrowed from the index, or built in `tmp`.
    fn piece_bits<'a>(&'a self, kind: &PieceKind, first: bool, tmp: &'a mut Bits) -> &'a Bits {
        let (chars, syls) = if first {
            (&self.first_char_post, &self.first_syl_post)
        } else {
            (&self.char_post, &self.syl_post)
        };
        if let (
            PieceKind::Letters {
                slot: Some(slot), ..
            },
            false,
        ) = (kind, first)
        {
            return &self.initial_bits[*slot];
        }
        tmp.clear();
        match kind {
            PieceKind::Char(c) => tmp.set_all(chars.get(*c)),
            PieceKind::Homophone(readings) => {
                for &r in readings.iter() {
                    tmp.set_all(&syls[r as usize]);
                }
            }
            PieceKind::Letters {
                syllables, letter, ..
            } => {
                if let Some(l) = letter {
                    tmp.set_all(chars.get(*l));
                }
                for s in syllables.clone() {
                    tmp.set_all(&syls[s as usize]);
                }
            }
        }
        tmp
    }

    /// Entries that can match the whole plan, and those that can match it from the first char
    /// of a name or alias: computed from the end of the query, `reach[i]` holds the entries
    /// that have every piece of some split of `atoms[i..]`.
    fn candidates(&self, plan: &Plan, allowed: &Bits) -> (Bits, Bits) {
        let n = self.entries.len();
        let len = plan.from.len();
        let mut reach: Vec<Bits> = vec![Bits::new(0); len + 1];
        reach[len] = allowed.clone();
        let mut first = Bits::new(n);
        let mut tmp = Bits::new(n);
        for i in (0..len).rev() {
            let mut here = Bits::new(n);
            for piece in &plan.from[i] {
                here.or_and(
                    self.piece_bits(&piece.kind, false, &mut tmp),
                    &reach[piece.end],
                );
                if i == 0 {
                    first.or_and(
                        self.piece_bits(&piece.kind, true, &mut tmp),
                        &reach[piece.end],
                    );
                }
            }
            reach[i] = here;
            // Sets past the longest piece are no longer needed.
            if i + plan::MAX_SYLLABLE < len {
                reach[i + plan::MAX_SYLLABLE + 1] = Bits::new(0);
            }
        }
        (reach.swap_remove(0), first)
    }

    /// The best match of the query among an entry's names and aliases (and its English name and
    /// code, for ASCII queries). `plan` filters texts by signature (none: no filter), and with
    /// `from_start` to those whose first char can match the query's first piece.
    fn verify(
        &self,
        id: u32,
        ctx: &mut Ctx,
        mode: Mode,
        plan: Option<&Plan>,
        from_start: bool,
    ) -> Option<Cand> {
        let e = &self.entries[id as usize];
        let q = ctx.q;
        let approximate = mode.max_skips > 0;
        let mut best: Option<Cand> = None;
        for ti in e.texts.clone() {
            let t = &self.texts[ti as usize];
            let text = self.text_chars(t);
            if let Some(plan) = plan
                && ((from_start && !plan.starts(text[0])) || !plan.feasible(&t.sig, &mut ctx.reach))
            {
                continue;
            }
            let cand = if q.literal_only() && !mode.homophones && !approximate {
                let Some(sub) = self.scorer.find(text, &q.chars) else {
                    continue;
                };
                let positions = Positions::from_ascending(sub.positions.iter().copied());
                let tier = tier_of(&positions, text.len().min(align::MAX_TEXT));
                let gaps = positions.gaps as usize;
                Cand {
                    entry: id,
                    score: pack(tier, gaps, 0, t.field, e.kind, sub.score),
                    field: t.field,
                    text: Some(ti),
                    positions,
                    corrected: false,
                }
            } else {
                let Some(a) = align(q, text, mode, &mut ctx.scratch) else {
                    continue;
                };
                if a.typos > ctx.max_typos {
                    continue;
                }
                let (tier, gaps, quality) = rank_alignment(&a, approximate);
                let corrections = (a.typos + a.skips) as usize;
                // Among approximate matches, fewer corrections come before fewer gaps.
                let (k1, k2) = if approximate {
                    (corrections, gaps)
                } else {
                    (gaps, corrections)
                };
                Cand {
                    entry: id,
                    score: pack(tier, k1, k2, t.field, e.kind, quality),
                    field: t.field,
                    text: Some(ti),
                    corrected: corrections > 0,
                    positions: a.positions,
                }
            };
            if best.as_ref().is_none_or(|b| cand.score > b.score) {
                best = Some(cand);
            }
        }
        if !approximate
            && let Some(c) = self.match_entry_ascii(id, ctx)
            && best.as_ref().is_none_or(|b| c.score > b.score)
        {
            best = Some(c);
        }
        best
    }

    /// The best match of an ASCII query on an entry's English name and code.
    fn match_entry_ascii(&self, id: u32, ctx: &Ctx) -> Option<Cand> {
        let aq = ctx.ascii.as_deref()?;
        let e = &self.entries[id as usize];
        let mut best: Option<Cand> = None;
        for t in &self.ascii[e.ascii.start as usize..e.ascii.end as usize] {
            if let Some(tier) = self.match_ascii(t, aq) {
                let quality = 100_000 - 50 * (t.len as usize - aq.len()).min(200) as i32;
                let score = pack(tier, 0, 0, t.field, e.kind, quality);
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(Cand {
                        entry: id,
                        score,
                        field: t.field,
                        text: None,
                        positions: Positions::new(),
                        corrected: false,
                    });
                }
            }
        }
        best
    }

    /// Entries with at least two thirds of the query's Chinese characters (or homophones of
    /// them), aligned allowing the rest to be missing or wrong.
    fn approximate(&self, ctx: &mut Ctx, allowed: &Bits) {
        let q = ctx.q;
        let n = self.entries.len();
        let max_skips = (q.han / 3).max(1);
        let need = q.han - max_skips;
        let mut count = vec![0u8; n];
        let mut distinct: Vec<&[pinyin::Syllable]> = Vec::new();
        for (i, a) in q.atoms.iter().enumerate() {
            if matches!(a, Atom::Han(_)) && !distinct.contains(&q.readings[i]) {
                distinct.push(q.readings[i]);
            }
        }
        for readings in distinct {
            let mut this = Bits::new(n);
            for &r in readings {
                this.set_all(&self.syl_post[r as usize]);
            }
            for id in this.iter() {
                count[id as usize] = count[id as usize].saturating_add(1);
            }
        }
        let ids: Vec<u32> = (0..n as u32)
            .filter(|&id| {
                count[id as usize] as usize >= need
                    && allowed.contains(id)
                    && !ctx.found.contains_key(&id)
            })
            .take(VERIFY_BUDGET)
            .collect();
        for id in ids {
            if let Some(c) = self.verify(
                id,
                ctx,
                Mode {
                    homophones: true,
                    max_skips: max_skips as u8,
                },
                None,
                false,
            ) {
                ctx.add(c);
            }
        }
    }

    /// Department names (zh, en) and codes: their matters, most popular first.
    fn by_department(&self, ctx: &mut Ctx, allowed: &Bits, limit: usize) {
        let q = ctx.q;
        // Score descending, then department order, as u64 keys.
        let mut matched: Vec<u64> = Vec::new();
        for (di, d) in self.departments.iter().enumerate() {
            let mut best: Option<i32> = None;
            if q.len() >= 2
                && let Some(a) = align(
                    q,
                    &d.chars,
                    Mode {
                        homophones: false,
                        max_skips: 0,
                    },
                    &mut ctx.scratch,
                )
            {
                let (tier, gaps, quality) = rank_alignment(&a, false);
                if gaps == 0 {
                    best = Some((tier as i32) << 17 | quality);
                }
            }
            if let Some(aq) = ctx.ascii.as_deref() {
                for t in &self.ascii[d.ascii.start as usize..d.ascii.end as usize] {
                    if let Some(tier) = self.match_ascii(t, aq) {
                        best = best.max(Some((tier as i32) << 17));
                    }
                }
            }
            if let Some(b) = best {
                matched.push(((i32::MAX - b) as u64) << 32 | di as u64);
            }
        }
        matched.sort_unstable();
        for k in matched {
            let (score, di) = (i32::MAX - (k >> 32) as i32, (k & 0xFFFF_FFFF) as usize);
            for &id in &self.departments[di].matters {
                if ctx.cands.len() >= limit {
                    return;
                }
                if !allowed.contains(id) || ctx.found.contains_key(&id) {
                    continue;
                }
                let quality = (score & 0x1FFFF).min(100_000);
                ctx.add(Cand {
                    entry: id,
                    score: pack(
                        Tier::Department,
                        0,
                        0,
                        MatchField::Department,
                        HitKind::Matter,
                        quality,
                    ),
                    field: MatchField::Department,
                    text: None,
                    positions: Positions::new(),
                    corrected: false,
                });
            }
        }
    }
}

/// The tier of a set of matched positions in a text of `len` chars.
fn tier_of(p: &Positions, len: usize) -> Tier {
    match (p.gaps == 0, p.start == 0) {
        (true, true) if p.count as usize == len => Tier::Exact,
        (true, true) => Tier::Prefix,
        (true, false) => Tier::Contiguous,
        _ => Tier::Scattered,
    }
}

/// The tier, the number of gaps and the within-tier quality of an alignment.
fn rank_alignment(a: &Alignment, approximate: bool) -> (Tier, usize, i32) {
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

#[cfg(test)]
mod tests;
