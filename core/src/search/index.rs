//! Building the index: once per catalogue version, every name and alias normalised and posted
//! under its chars, the syllables of their readings and their initials; English names and codes
//! by word. Entries are numbered in rank order (popularity, then events first, then catalogue
//! order), so every posting list is in that order too.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use yishi_contract::{Audience, CatalogueIndex};

use super::bits::Bits;
use super::hit::{HitKind, MatchField};
use super::normalize::{self, normalize};
use super::pinyin;
use super::plan::{self, Signature, initial_mask};
use super::scorer::{SkimScorer, SubsequenceScorer};

/// FxHash: the index's maps have small keys (chars, three bytes) and are built on every
/// catalogue load, where SipHash's cost shows.
#[derive(Clone, Copy, Default)]
pub(super) struct FxHasher(u64);

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

pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Postings by char: a dense table for the CJK blocks (most chars), a map for the rest.
#[derive(Clone, Debug, Default)]
pub(super) struct CharPostings {
    /// For U+3400..=U+9FFF: 1 + the index in `lists`, or 0.
    pub(super) dense: Vec<u32>,
    pub(super) sparse: FxMap<u32, u32>,
    pub(super) lists: Vec<Vec<u32>>,
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

    pub(super) fn get(&self, c: char) -> &[u32] {
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
pub(super) struct TextRec {
    /// Its normalised chars: `chars[start..start + len]`.
    pub(super) start: u32,
    pub(super) len: u16,
    pub(super) field: MatchField,
    /// For an alias, its index in `alias_spans`.
    pub(super) alias: u32,
    pub(super) sig: Signature,
}

/// An English name or a code: lower-case ASCII words, joined without spaces.
#[derive(Clone, Debug)]
pub(super) struct AsciiText {
    /// `ascii_bytes[start..start + len]`.
    pub(super) start: u32,
    pub(super) len: u16,
    /// `word_starts[words]`: where each word starts, relative to `start`.
    pub(super) words: Range<u32>,
    pub(super) field: MatchField,
}

#[derive(Clone, Debug)]
pub(super) struct Entry {
    pub(super) kind: HitKind,
    /// `ids[id]`.
    pub(super) id: Range<u32>,
    pub(super) position: u32,
    pub(super) texts: Range<u32>,
    pub(super) ascii: Range<u32>,
    /// A hash of the normalised name, to spot repeated names.
    pub(super) name_hash: u64,
}

#[derive(Clone, Debug)]
pub(super) struct Dept {
    pub(super) chars: Vec<char>,
    pub(super) ascii: Range<u32>,
    /// Its matters' entry ids, ascending (most popular first).
    pub(super) matters: Vec<u32>,
}

/// A search index built once per catalogue version.
#[derive(Clone)]
pub struct SearchIndex {
    /// Ordered by popularity (then events first, then catalogue order): an entry's id is its
    /// rank among equals, and every posting list is in that order.
    pub(super) entries: Vec<Entry>,
    pub(super) ids: String,
    pub(super) texts: Vec<TextRec>,
    pub(super) chars: Vec<char>,
    /// For each char in `chars`, the index of the displayed char it came from.
    pub(super) origin: Vec<u16>,
    pub(super) alias_text: String,
    pub(super) alias_spans: Vec<Range<u32>>,
    pub(super) ascii: Vec<AsciiText>,
    pub(super) ascii_bytes: String,
    pub(super) word_starts: Vec<u8>,
    /// Entries with each char.
    pub(super) char_post: CharPostings,
    /// Entries with a char of each syllable.
    pub(super) syl_post: Vec<Vec<u32>>,
    /// The same for the first char of a name or alias: candidates for prefix matches.
    pub(super) first_char_post: CharPostings,
    pub(super) first_syl_post: Vec<Vec<u32>>,
    /// Entries with a char whose reading starts with each letter a–z, then zh, ch, sh (or that
    /// contain the Latin letter).
    pub(super) initial_bits: Vec<Bits>,
    /// Entries by the first three letters of an English word or code (from each word start
    /// on): the key ([`key3`]) maps to an index in `word_lists`.
    pub(super) word_post: FxMap<u32, u32>,
    pub(super) word_lists: Vec<Vec<u32>>,
    /// Entries a person, or a business, may see.
    pub(super) person: Bits,
    pub(super) business: Bits,
    pub(super) departments: Vec<Dept>,
    pub(super) scorer: Arc<dyn SubsequenceScorer>,
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
pub(super) fn key3(s: &[u8]) -> Option<u32> {
    s.get(..3)
        .map(|k| u32::from_le_bytes([k[0], k[1], k[2], 0]))
}

pub(super) fn audience_fits(entry: Audience, wanted: Option<Audience>) -> bool {
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

pub(super) fn hash_str(s: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    (h.finish() >> 32) as u32
}

pub(super) fn hash_chars(chars: &[char]) -> u64 {
    let mut h = FxHasher::default();
    for &c in chars {
        h.write_u32(c as u32);
    }
    h.finish()
}

/// Splits an ASCII string into lower-case words, appended to the arenas.
pub(super) fn push_ascii(
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
        SearchIndex::with_scorer(cat, Arc::new(SkimScorer::default()))
    }

    /// Builds the index with another scorer for literal queries (see [`SubsequenceScorer`]).
    pub fn with_scorer(cat: &CatalogueIndex, scorer: Arc<dyn SubsequenceScorer>) -> SearchIndex {
        let table = pinyin::table();
        let order = rank_order(cat);
        let mut ix = SearchIndex::empty(order.len(), table, scorer);
        ix.add_departments(cat);
        let departments = DepartmentIds::new(cat);
        // One buffer for every entry's word keys.
        let mut words: Vec<u64> = Vec::new();
        for (id, &key) in order.iter().enumerate() {
            let id = id as u32;
            let source = Source::of(cat, key);
            if let Some(d) = source.department.and_then(|d| departments.find(cat, d)) {
                ix.departments[d].matters.push(id);
            }
            ix.add_entry(id, &source, table, &mut words);
        }
        ix
    }

    /// An index of `n` entries with nothing posted yet.
    fn empty(n: usize, table: &pinyin::Pinyin, scorer: Arc<dyn SubsequenceScorer>) -> SearchIndex {
        SearchIndex {
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
        }
    }

    /// The departments' names and codes (their matters are added with the matters).
    fn add_departments(&mut self, cat: &CatalogueIndex) {
        self.departments = cat
            .departments
            .iter()
            .map(|d| {
                let start = self.ascii.len() as u32;
                if let Some(en) = &d.name.en {
                    push_ascii(
                        en,
                        MatchField::EnglishName,
                        &mut self.ascii_bytes,
                        &mut self.word_starts,
                        &mut self.ascii,
                    );
                }
                push_ascii(
                    &d.code,
                    MatchField::Code,
                    &mut self.ascii_bytes,
                    &mut self.word_starts,
                    &mut self.ascii,
                );
                Dept {
                    chars: normalize(&d.name.zh).chars().collect(),
                    ascii: start..self.ascii.len() as u32,
                    matters: Vec::new(),
                }
            })
            .collect();
    }

    /// Indexes entry `id`: who may see it, its name and aliases, its English name and code.
    fn add_entry(&mut self, id: u32, src: &Source, table: &pinyin::Pinyin, words: &mut Vec<u64>) {
        if audience_fits(src.audience, Some(Audience::Person)) {
            self.person.set(id);
        }
        if audience_fits(src.audience, Some(Audience::Business)) {
            self.business.set(id);
        }
        let texts_start = self.texts.len() as u32;
        let mut name_hash = 0;
        let texts = std::iter::once(src.name).chain(src.aliases.iter().map(String::as_str));
        for (k, s) in texts.enumerate() {
            let (field, alias) = if k == 0 {
                (MatchField::Name, u32::MAX)
            } else {
                let start = self.alias_text.len() as u32;
                self.alias_text.push_str(s);
                self.alias_spans.push(start..self.alias_text.len() as u32);
                (MatchField::Alias, self.alias_spans.len() as u32 - 1)
            };
            let start = self.chars.len();
            normalize::normalize_into(s, &mut self.chars, &mut self.origin);
            let len = (self.chars.len() - start).min(u16::MAX as usize);
            if k == 0 {
                name_hash = hash_chars(family(&self.chars[start..start + len], s));
            }
            if len > 0 {
                self.post_text(id, start, len, field, alias, table);
            }
        }
        let ascii_start = self.ascii.len();
        if let Some(en) = src.en {
            push_ascii(
                en,
                MatchField::EnglishName,
                &mut self.ascii_bytes,
                &mut self.word_starts,
                &mut self.ascii,
            );
        }
        if let Some(code) = src.code {
            push_ascii(
                code,
                MatchField::Code,
                &mut self.ascii_bytes,
                &mut self.word_starts,
                &mut self.ascii,
            );
        }
        self.post_words(id, ascii_start, words);
        let id_start = self.ids.len() as u32;
        self.ids.push_str(src.id);
        self.entries.push(Entry {
            kind: src.kind,
            id: id_start..self.ids.len() as u32,
            position: src.position as u32,
            texts: texts_start..self.texts.len() as u32,
            ascii: ascii_start as u32..self.ascii.len() as u32,
            name_hash: name_hash ^ u64::from(src.kind == HitKind::Event),
        });
    }

    /// Posts the text `chars[start..start + len]` of entry `id` under each of its chars, the
    /// syllables of their readings and their initials, and records its signature.
    fn post_text(
        &mut self,
        id: u32,
        start: usize,
        len: usize,
        field: MatchField,
        alias: u32,
        table: &pinyin::Pinyin,
    ) {
        let mut sig = Signature::default();
        for (i, &c) in self.chars[start..start + len].iter().enumerate() {
            self.char_post.add(c, id);
            if i == 0 {
                self.first_char_post.add(c, id);
            }
            sig.chars |= plan::char_bit(c);
            if c.is_ascii_lowercase() {
                sig.initials |= 1 << (c as u8 - b'a');
                self.initial_bits[(c as u8 - b'a') as usize].set(id);
            }
            for &r in table.readings(c) {
                sig.syllables |= plan::syllable_bit(r);
                let syl = table.syllable(r).as_bytes();
                sig.initials |= initial_mask(syl);
                // Ids only grow: an entry is already posted when it is the list's last.
                if self.syl_post[r as usize].last() != Some(&id) {
                    self.syl_post[r as usize].push(id);
                    self.initial_bits[(syl[0] - b'a') as usize].set(id);
                    if let Some(slot) = syl
                        .get(..2)
                        .and_then(plan::initial_slot)
                        .filter(|&s| s >= 26)
                    {
                        self.initial_bits[slot].set(id);
                    }
                }
                if i == 0 && self.first_syl_post[r as usize].last() != Some(&id) {
                    self.first_syl_post[r as usize].push(id);
                }
            }
        }
        self.texts.push(TextRec {
            start: start as u32,
            len: len as u16,
            field,
            alias,
            sig,
        });
    }

    /// Posts entry `id` under the first three letters of each word of its English name and code
    /// (`ascii[ascii_start..]`), once per key.
    fn post_words(&mut self, id: u32, ascii_start: usize, words: &mut Vec<u64>) {
        words.clear();
        for t in &self.ascii[ascii_start..] {
            let bytes =
                &self.ascii_bytes.as_bytes()[t.start as usize..t.start as usize + t.len as usize];
            words.extend(
                self.word_starts[t.words.start as usize..t.words.end as usize]
                    .iter()
                    .filter_map(|&w| key3(&bytes[w as usize..]))
                    .map(u64::from),
            );
        }
        words.sort_unstable();
        words.dedup();
        for &w in words.iter() {
            let next = self.word_lists.len() as u32;
            let slot = *self.word_post.entry(w as u32).or_insert(next);
            if slot == next {
                self.word_lists.push(Vec::new());
            }
            self.word_lists[slot as usize].push(id);
        }
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

    pub(super) fn text_chars(&self, t: &TextRec) -> &[char] {
        &self.chars[t.start as usize..t.start as usize + t.len as usize]
    }

    pub(super) fn ascii_str(&self, t: &AsciiText) -> &str {
        &self.ascii_bytes[t.start as usize..t.start as usize + t.len as usize]
    }
}

/// The catalogue's entries in rank order: popularity, then events first, then catalogue order,
/// as one `u64` key each (one sort instance for every sort in the engine: each costs WASM
/// size). Bit 31 of a key says matter, its low 31 bits are the position in its list.
fn rank_order(cat: &CatalogueIndex) -> Vec<u64> {
    let key = |kind: HitKind, i: usize, popularity: u32| {
        ((u32::MAX - popularity) as u64) << 32 | u64::from(kind == HitKind::Matter) << 31 | i as u64
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
    order
}

/// What an entry is indexed from: an event's or a matter's texts.
struct Source<'a> {
    kind: HitKind,
    /// In `CatalogueIndex::events` or `::matters`.
    position: usize,
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    en: Option<&'a str>,
    code: Option<&'a str>,
    audience: Audience,
    /// A matter's department.
    department: Option<&'a str>,
}

impl<'a> Source<'a> {
    /// The entry a [`rank_order`] key names.
    fn of(cat: &'a CatalogueIndex, key: u64) -> Source<'a> {
        let position = (key & 0x7FFF_FFFF) as usize;
        if key >> 31 & 1 == 1 {
            let m = &cat.matters[position];
            Source {
                kind: HitKind::Matter,
                position,
                id: &m.id,
                name: &m.name.zh,
                aliases: &m.aliases,
                en: m.name.en.as_deref(),
                code: Some(m.basic_code.as_str()),
                audience: m.audience,
                department: Some(&m.department_id),
            }
        } else {
            let e = &cat.events[position];
            Source {
                kind: HitKind::Event,
                position,
                id: &e.id,
                name: &e.name.zh,
                aliases: &e.aliases,
                en: e.name.en.as_deref(),
                code: None,
                audience: e.audience,
                department: None,
            }
        }
    }
}

/// Department ids by a 32-bit hash (checked on lookup, scanned on a collision).
struct DepartmentIds(FxMap<u32, u32>);

impl DepartmentIds {
    fn new(cat: &CatalogueIndex) -> DepartmentIds {
        DepartmentIds(
            cat.departments
                .iter()
                .enumerate()
                .map(|(i, d)| (hash_str(&d.id), i as u32))
                .collect(),
        )
    }

    /// The index of department `id` in `cat.departments`.
    fn find(&self, cat: &CatalogueIndex, id: &str) -> Option<usize> {
        match self.0.get(&hash_str(id)) {
            Some(&i) if cat.departments[i as usize].id == id => Some(i as usize),
            _ => cat.departments.iter().position(|d| d.id == id),
        }
    }
}
