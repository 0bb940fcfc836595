//! The query and its alignment with one text: which text chars the query's pieces match, in
//! order, found by dynamic programming.
//!
//! The query is a sequence of atoms: Chinese characters, letters and other literal chars. A text
//! char is matched by one piece of the query:
//! - the same char (社 by 社);
//! - a Chinese character that shares a reading with it, as a correction (代 for 贷: both dai);
//! - a run of letters that is a reading of it (she), an initial (s, or zh/ch/sh) or another
//!   prefix of a reading (sha for shang, best at the end of the query, where typing goes on);
//! - for Latin letters and digits in the text, the same letter.
//!
//! The best alignment has, in this order: the fewest gaps, a start at the text's first char,
//! coverage of the text's last char, the fewest corrections, and then whole syllables over
//! initials, short gaps and an early start. These decide the ranking tier (exact, prefix,
//! contiguous, scattered), so one pass finds the alignment that ranks highest.

use super::pinyin::{self, Syllable, is_initial};

/// One unit of the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Atom {
    /// A Chinese character with at least one reading in the table.
    Han(char),
    /// A lower-case ASCII letter: pinyin, an initial, or a Latin letter.
    Letter(u8),
    /// Anything else, matched literally: digits, characters without a reading.
    Lit(char),
}

/// A parsed query.
#[derive(Clone, Debug, Default)]
pub(crate) struct Query {
    pub atoms: Vec<Atom>,
    /// The letter of each atom (0 for other atoms), so runs of letters can be sliced.
    pub letters: Vec<u8>,
    /// For each letter atom, the index one past the end of its run of letters.
    pub run_end: Vec<u8>,
    /// The readings of each Han atom (empty for the others).
    pub readings: Vec<&'static [Syllable]>,
    /// The normalised chars.
    pub chars: Vec<char>,
    /// How many Han atoms, letters and other atoms the query has.
    pub han: usize,
    pub letter_count: usize,
}

/// Queries longer than this many atoms match nothing: no name in a catalogue is that long,
/// even spelled out in pinyin, and the alignment's cost grows with the query's length.
pub(crate) const MAX_ATOMS: usize = 128;

/// Texts are matched on their first `MAX_TEXT` chars.
pub(crate) const MAX_TEXT: usize = 254;

impl Query {
    pub fn parse(chars: Vec<char>) -> Query {
        let table = pinyin::table();
        let mut q = Query {
            chars,
            ..Query::default()
        };
        for &c in &q.chars {
            let readings = table.readings(c);
            let atom = if c.is_ascii_lowercase() {
                q.letter_count += 1;
                Atom::Letter(c as u8)
            } else if !readings.is_empty() {
                q.han += 1;
                Atom::Han(c)
            } else {
                Atom::Lit(c)
            };
            q.atoms.push(atom);
            q.letters
                .push(if let Atom::Letter(l) = atom { l } else { 0 });
            q.readings.push(readings);
        }
        let n = q.atoms.len();
        q.run_end = vec![0; n];
        let mut end = n;
        for i in (0..n).rev() {
            if q.letters[i] == 0 {
                end = i;
            } else {
                q.run_end[i] = end.min(u8::MAX as usize) as u8;
            }
        }
        q
    }

    /// True when the query has no letters, so every atom matches one char literally (or, as a
    /// correction, by a homophone): the case the [`super::SubsequenceScorer`] handles.
    pub fn literal_only(&self) -> bool {
        self.letter_count == 0
    }

    pub fn len(&self) -> usize {
        self.atoms.len()
    }
}

/// How an alignment may match.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mode {
    /// Whether a Chinese character may match another with a shared reading (a correction).
    pub homophones: bool,
    /// How many Han or literal atoms may be left unmatched (the approximate stage).
    pub max_skips: u8,
}

/// Matched text positions, ascending, stored inline with their statistics: an alignment is
/// computed for thousands of texts per keystroke, and an allocation each would cost more than
/// the alignment. The first [`Positions::CAP`] positions are kept (for highlighting); the
/// statistics count them all.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Positions {
    buf: [u16; Positions::CAP],
    len: u8,
    /// How many positions there are (`len` is capped).
    pub count: u16,
    pub start: u16,
    pub last: u16,
    /// Breaks between consecutive positions, and the chars they skip.
    pub gaps: u16,
    pub gap_len: u16,
}

impl Positions {
    pub const CAP: usize = 40;

    pub fn new() -> Positions {
        Positions {
            buf: [0; Positions::CAP],
            len: 0,
            count: 0,
            start: 0,
            last: 0,
            gaps: 0,
            gap_len: 0,
        }
    }

    /// Appends a position greater than the last.
    pub fn push(&mut self, p: u16) {
        if self.count == 0 {
            self.start = p;
        } else if p > self.last + 1 {
            self.gaps += 1;
            self.gap_len += p - self.last - 1;
        }
        self.last = p;
        self.count = self.count.saturating_add(1);
        if (self.len as usize) < Positions::CAP {
            self.buf[self.len as usize] = p;
            self.len += 1;
        }
    }

    pub fn from_ascending(s: impl IntoIterator<Item = usize>) -> Positions {
        let mut p = Positions::new();
        for i in s {
            p.push(i.min(u16::MAX as usize) as u16);
        }
        p
    }
}

impl std::ops::Deref for Positions {
    type Target = [u16];
    fn deref(&self) -> &[u16] {
        &self.buf[..self.len as usize]
    }
}

impl std::fmt::Debug for Positions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self[..].fmt(f)
    }
}

/// The best alignment of a query with a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Alignment {
    /// The matched text chars, ascending.
    pub positions: Positions,
    /// Chars matched by a homophone.
    pub typos: u8,
    /// Query atoms left unmatched.
    pub skips: u8,
    /// Chars matched by an initial, or a prefix of a reading.
    pub initials: u8,
    pub partials: u8,
    /// The text's length (as matched: at most [`MAX_TEXT`]).
    pub text_len: u16,
}

impl Alignment {
    pub fn start(&self) -> usize {
        self.positions.start as usize
    }

    /// The number of breaks between matched chars, and the number of chars they skip.
    pub fn gaps(&self) -> (usize, usize) {
        (
            self.positions.gaps as usize,
            self.positions.gap_len as usize,
        )
    }
}

// Penalties, in decreasing weight; see the module documentation for the order.
// A skipped atom outweighs any number of gaps, so the fewest skips win (their cap is checked after).
const MISS: i64 = 1 << 50;
const GAP_OPEN: i64 = 1 << 40;
const START: i64 = 1 << 36;
const END: i64 = 1 << 34;
const TYPO: i64 = 1 << 26;
const PARTIAL: i64 = 1 << 12;
const INITIAL: i64 = 1 << 10;
const GAP_EXT: i64 = 1 << 4;
const START_EXT: i64 = 1 << 2;
const NEG: i64 = i64::MIN / 4;

// How a cell was reached (kept in its back pointer).
const K_LITERAL: u32 = 0;
const K_FULL: u32 = 1;
const K_INITIAL: u32 = 2;
const K_PARTIAL: u32 = 3;
const K_TYPO: u32 = 4;
const K_SKIP: u32 = 5;
const NO_T: u32 = 0xFF;

/// Reusable buffers: one alignment allocates nothing but its result.
#[derive(Default)]
pub(crate) struct Scratch {
    dp: Vec<i64>,
    back: Vec<u32>,
    run_val: Vec<i64>,
    run_t: Vec<u32>,
    start: Vec<i64>,
    text_readings: Vec<&'static [Syllable]>,
    path: Vec<u16>,
}

fn shares_reading(a: &[Syllable], b: &[Syllable]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// The best alignment of `q` with `text`, or `None` when the query cannot be matched in order.
// `t` indexes the text, its readings and the table's columns alike.
#[allow(clippy::needless_range_loop)]
pub(crate) fn align(q: &Query, text: &[char], mode: Mode, s: &mut Scratch) -> Option<Alignment> {
    let table = pinyin::table();
    let m = text.len().min(MAX_TEXT);
    let n = q.atoms.len();
    if m == 0 || n == 0 || n > MAX_ATOMS {
        return None;
    }
    if n == 1 && mode.max_skips == 0 {
        return align_one(q, &text[..m], mode.homophones);
    }
    let width = m;
    let cell = |p: usize, t: usize| p * width + t;
    s.dp.clear();
    s.dp.resize((n + 1) * width, NEG);
    s.back.clear();
    s.back.resize((n + 1) * width, 0);
    s.run_val.clear();
    s.run_val.resize(n + 1, NEG);
    s.run_t.clear();
    s.run_t.resize(n + 1, NO_T);
    // start[p]: the first p atoms skipped before anything matched.
    s.start.clear();
    s.start.push(0);
    for p in 1..=n {
        let skippable = p <= mode.max_skips as usize && !matches!(q.atoms[p - 1], Atom::Letter(_));
        s.start.push(if skippable && s.start[p - 1] > NEG {
            s.start[p - 1] - MISS
        } else {
            NEG
        });
    }
    s.text_readings.clear();
    s.text_readings
        .extend(text[..m].iter().map(|&c| table.readings(c)));

    for t in 0..m {
        // Fold text char t-2 into the running best for gapped predecessors: key = dp + GAP_EXT*(t0+1),
        // so that key - GAP_OPEN - GAP_EXT*t = dp - GAP_OPEN - GAP_EXT*(gap length).
        if t >= 2 {
            let t0 = t - 2;
            for p in 1..=n {
                let v = s.dp[cell(p, t0)];
                if v > NEG {
                    let key = v + GAP_EXT * (t0 as i64 + 1);
                    if key > s.run_val[p] {
                        s.run_val[p] = key;
                        s.run_t[p] = t0 as u32;
                    }
                }
            }
        }
        let c = text[t];
        let readings = s.text_readings[t];
        for p in 0..n {
            // The best way to have consumed atoms[..p] with the last match before t.
            let mut prev = NEG;
            let mut from = (p as u32, NO_T);
            if s.start[p] > NEG {
                prev = s.start[p]
                    - if t > 0 {
                        START + START_EXT * t as i64
                    } else {
                        0
                    };
            }
            if p >= 1 {
                if t >= 1 {
                    let v = s.dp[cell(p, t - 1)];
                    if v > prev {
                        prev = v;
                        from = (p as u32, (t - 1) as u32);
                    }
                }
                if s.run_val[p] > NEG {
                    let v = s.run_val[p] - GAP_OPEN - GAP_EXT * t as i64;
                    if v > prev {
                        prev = v;
                        from = (p as u32, s.run_t[p]);
                    }
                }
            }
            if prev <= NEG {
                continue;
            }
            let mut relax = |p2: usize, score: i64, kind: u32| {
                let i = cell(p2, t);
                if score > s.dp[i] {
                    s.dp[i] = score;
                    s.back[i] = from.0 | from.1 << 8 | kind << 16;
                }
            };
            match q.atoms[p] {
                Atom::Han(h) => {
                    if c == h {
                        relax(p + 1, prev, K_LITERAL);
                    } else if mode.homophones && shares_reading(q.readings[p], readings) {
                        relax(p + 1, prev - TYPO, K_TYPO);
                    }
                }
                Atom::Lit(x) => {
                    if c == x {
                        relax(p + 1, prev, K_LITERAL);
                    }
                }
                Atom::Letter(l) => {
                    if c.is_ascii() {
                        if c as u32 == l as u32 {
                            relax(p + 1, prev, K_LITERAL);
                        }
                    } else {
                        let run = &q.letters[p..q.run_end[p] as usize];
                        for &r in readings {
                            let syl = table.syllable(r).as_bytes();
                            let lcp = run.iter().zip(syl).take_while(|(a, b)| a == b).count();
                            for k in 1..=lcp {
                                let (kind, pen) = if k == syl.len() {
                                    (K_FULL, 0)
                                } else if is_initial(table.syllable(r), k) {
                                    (K_INITIAL, INITIAL)
                                } else if p + k == n {
                                    // Still typing the last syllable.
                                    (K_PARTIAL, INITIAL)
                                } else {
                                    (K_PARTIAL, PARTIAL)
                                };
                                relax(p + k, prev - pen, kind);
                            }
                        }
                    }
                }
            }
        }
        if mode.max_skips > 0 {
            for p in 1..n {
                let v = s.dp[cell(p, t)];
                if v > NEG && !matches!(q.atoms[p], Atom::Letter(_)) {
                    let i = cell(p + 1, t);
                    if v - MISS > s.dp[i] {
                        s.dp[i] = v - MISS;
                        s.back[i] = p as u32 | (t as u32) << 8 | K_SKIP << 16;
                    }
                }
            }
        }
    }

    // The best end: all atoms consumed (or the last few skipped), with a bonus at the text's end.
    let mut best = (NEG, 0usize, 0usize);
    for p in (1..=n).rev() {
        let trailing = n - p;
        if trailing > mode.max_skips as usize
            || q.atoms[p..].iter().any(|a| matches!(a, Atom::Letter(_)))
        {
            break;
        }
        for t in 0..m {
            let v = s.dp[cell(p, t)];
            if v > NEG {
                let v = v - MISS * trailing as i64 + if t + 1 == m { END } else { 0 };
                if v > best.0 {
                    best = (v, p, t);
                }
            }
        }
    }
    if best.0 <= NEG {
        return None;
    }
    let (_, mut p, mut t) = best;
    let mut a = Alignment {
        positions: Positions::new(),
        typos: 0,
        skips: (n - p) as u8,
        initials: 0,
        partials: 0,
        text_len: m as u16,
    };
    // The path runs backwards: collect it, then record it ascending.
    s.path.clear();
    loop {
        let b = s.back[cell(p, t)];
        let (pp, pt, kind) = ((b & 0xFF) as usize, (b >> 8) & 0xFF, b >> 16);
        if kind == K_SKIP {
            a.skips += 1;
            p = pp;
            continue;
        }
        s.path.push(t as u16);
        match kind {
            K_TYPO => a.typos += 1,
            K_INITIAL => a.initials += 1,
            K_PARTIAL => a.partials += 1,
            _ => {}
        }
        if pt == NO_T {
            a.skips += pp as u8; // atoms skipped before the first match
            break;
        }
        p = pp;
        t = pt as usize;
    }
    for &pos in s.path.iter().rev() {
        a.positions.push(pos);
    }
    if a.skips > mode.max_skips || a.skips as usize >= n {
        return None;
    }
    Some(a)
}

/// [`align`] for a query of one atom (the first keystroke): the same preferences, one scan.
fn align_one(q: &Query, text: &[char], homophones: bool) -> Option<Alignment> {
    let table = pinyin::table();
    let m = text.len();
    let mut best: Option<(i64, usize, u32)> = None;
    for (t, &c) in text.iter().enumerate() {
        let (kind, pen) = match q.atoms[0] {
            Atom::Han(h) if c == h => (K_LITERAL, 0),
            Atom::Han(_) if homophones && shares_reading(q.readings[0], table.readings(c)) => {
                (K_TYPO, TYPO)
            }
            Atom::Lit(x) if c == x => (K_LITERAL, 0),
            Atom::Letter(l) if c.is_ascii() => {
                if c as u32 != l as u32 {
                    continue;
                }
                (K_LITERAL, 0)
            }
            Atom::Letter(l) => {
                let mut found = None;
                for &r in table.readings(c) {
                    let syl = table.syllable(r).as_bytes();
                    if syl[0] == l {
                        let this = if syl.len() == 1 {
                            (K_FULL, 0)
                        } else {
                            (K_INITIAL, INITIAL)
                        };
                        if found.is_none_or(|(_, p)| this.1 < p) {
                            found = Some(this);
                        }
                    }
                }
                match found {
                    Some(f) => f,
                    None => continue,
                }
            }
            _ => continue,
        };
        if t == 0 && (kind == K_LITERAL || m == 1) {
            best = Some((0, 0, kind)); // nothing can beat a literal match at the start
            break;
        }
        // Covering the end only matters for an exact match (m == 1, handled above): otherwise
        // the earliest match wins, so the first 卡 in 社卡保卡 is the one highlighted.
        let start = if t > 0 {
            START + START_EXT * t as i64
        } else {
            0
        };
        let score = -start - pen;
        if best.is_none_or(|b| score > b.0) {
            best = Some((score, t, kind));
        }
    }
    let (_, t, kind) = best?;
    Some(Alignment {
        positions: Positions::from_ascending([t]),
        typos: u8::from(kind == K_TYPO),
        skips: 0,
        initials: u8::from(kind == K_INITIAL),
        partials: 0,
        text_len: m as u16,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Mode = Mode {
        homophones: false,
        max_skips: 0,
    };
    const TYPOS: Mode = Mode {
        homophones: true,
        max_skips: 0,
    };

    fn q(s: &str) -> Query {
        Query::parse(super::super::normalize(s).chars().collect())
    }

    fn run(query: &str, text: &str, mode: Mode) -> Option<Alignment> {
        let text: Vec<char> = text.chars().collect();
        align(&q(query), &text, mode, &mut Scratch::default())
    }

    fn pos(query: &str, text: &str) -> Option<Vec<u16>> {
        run(query, text, STRICT).map(|a| a.positions.to_vec())
    }

    #[test]
    fn parses_atoms_and_letter_runs() {
        let q = q("社bk12ＡＢ");
        assert_eq!(
            q.atoms,
            [
                Atom::Han('社'),
                Atom::Letter(b'b'),
                Atom::Letter(b'k'),
                Atom::Lit('1'),
                Atom::Lit('2'),
                Atom::Letter(b'a'),
                Atom::Letter(b'b')
            ]
        );
        assert_eq!(q.run_end[1], 3);
        assert_eq!(q.run_end[5], 7);
        assert_eq!((q.han, q.letter_count), (1, 4));
    }

    #[test]
    fn characters_full_pinyin_initials_and_mixed() {
        let name = "社会保障卡申领";
        assert_eq!(pos("社会保障卡", name), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(pos("shehuibaozhangka", name), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(pos("shbzk", name), Some(vec![0, 1, 2, 3, 4]));
        assert_eq!(pos("sbk", name), Some(vec![0, 2, 4]));
        assert_eq!(pos("shebaoka", name), Some(vec![0, 2, 4]));
        assert_eq!(pos("社bk", name), Some(vec![0, 2, 4]));
        assert_eq!(pos("she保ka", name), Some(vec![0, 2, 4]));
        assert_eq!(pos("shenling", name), Some(vec![5, 6]));
        assert_eq!(pos("shenl", name), Some(vec![5, 6]));
        // Two-letter initials.
        assert_eq!(pos("zhk", name), Some(vec![3, 4]));
        assert_eq!(pos("kas", name), Some(vec![4, 5]));
        assert_eq!(pos("xyz", name), None);
        assert_eq!(pos("卡社", name), None); // order matters
    }

    #[test]
    fn prefers_contiguous_then_start_then_end() {
        // No contiguous "sb": the tightest scattered match from the start.
        assert_eq!(pos("sb", "社会保障卡申领"), Some(vec![0, 2]));
        // A contiguous match beats an earlier scattered one.
        assert_eq!(pos("保卡", "保障卡社保卡"), Some(vec![4, 5]));
        // A start at 0 beats a later contiguous match.
        assert_eq!(pos("社保", "社保社保"), Some(vec![0, 1]));
        // Coverage of the end: "sh" as two initials covers 社会, rather than sh for 社 alone.
        assert_eq!(pos("sh", "社会"), Some(vec![0, 1]));
        assert_eq!(pos("sh", "社会保障"), Some(vec![0])); // no cover: one two-letter initial, fewer penalties
        // A whole syllable beats an initial plus a partial.
        let a = run("shehui", "社会", STRICT).unwrap();
        assert_eq!((a.initials, a.partials), (0, 0));
        let a = run("shh", "社会", STRICT).unwrap();
        assert_eq!((a.positions.to_vec(), a.initials), (vec![0, 1], 2));
    }

    #[test]
    fn polyphones_match_every_reading() {
        for (query, text) in [
            ("yinhang", "银行"),
            ("xingzheng", "行政"),
            ("zhangzhe", "长者"),
            ("changqi", "长期"),
            ("chongxin", "重新"),
            ("zhongda", "重大"),
            ("huankuan", "还款"),
            ("xizang", "西藏"),
            ("yinyue", "音乐"),
            ("danwei", "单位"),
            ("chufa", "处罚"),
        ] {
            assert!(pos(query, text).is_some(), "{query} → {text}");
        }
    }

    #[test]
    fn homophones_only_as_corrections() {
        assert_eq!(pos("公积金代款", "住房公积金贷款"), None);
        let a = run("公积金代款", "住房公积金贷款", TYPOS).unwrap();
        assert_eq!((a.positions.to_vec(), a.typos), (vec![2, 3, 4, 5, 6], 1));
        let a = run("身分证", "居民身份证换领", TYPOS).unwrap();
        assert_eq!((a.positions.to_vec(), a.typos), (vec![2, 3, 4], 1));
        // A literal match is preferred when one exists.
        let a = run("代款", "代款贷款", TYPOS).unwrap();
        assert_eq!((a.positions.to_vec(), a.typos), (vec![0, 1], 0));
    }

    #[test]
    fn skips_in_the_approximate_mode() {
        let mode = Mode {
            homophones: true,
            max_skips: 1,
        };
        // 章 would be a homophone of 障 (zhang); 降 (jiang) is not.
        let a = run("社会保降卡", "社会保障卡申领", mode).unwrap();
        assert_eq!((a.positions.to_vec(), a.skips), (vec![0, 1, 2, 4], 1));
        assert!(run("社会保降卡", "社会保障卡申领", TYPOS).is_none());
        let a = run("社会保章卡", "社会保障卡申领", mode).unwrap();
        assert_eq!(
            (a.positions.to_vec(), a.skips, a.typos),
            (vec![0, 1, 2, 3, 4], 0, 1)
        );
        // Only one skip allowed.
        assert!(
            run(
                "社会宝章咔",
                "社会保障卡申领",
                Mode {
                    homophones: false,
                    max_skips: 1
                }
            )
            .is_none()
        );
        // A skipped first atom.
        let a = run("新社会保障卡", "社会保障卡申领", mode).unwrap();
        assert_eq!((a.positions.to_vec(), a.skips), (vec![0, 1, 2, 3, 4], 1));
    }

    #[test]
    fn latin_letters_and_digits_in_text() {
        assert_eq!(
            pos("d级", "D级修复".to_lowercase().as_str()),
            Some(vec![0, 1])
        );
        assert_eq!(pos("djxf", "d级修复"), Some(vec![0, 1, 2, 3]));
        assert_eq!(pos("4050", "4050人员"), Some(vec![0, 1, 2, 3]));
    }

    #[test]
    fn one_atom_queries_match_the_general_case() {
        // The same preferences as the dynamic programming: the start, then no correction, then
        // the earliest match.
        assert_eq!(pos("s", "社会"), Some(vec![0]));
        assert_eq!(pos("h", "社会"), Some(vec![1]));
        assert_eq!(pos("卡", "卡社保卡"), Some(vec![0]));
        assert_eq!(pos("卡", "社卡保卡"), Some(vec![1]));
        assert_eq!(pos("e", "额度"), Some(vec![0]));
        assert_eq!(run("e", "额度", STRICT).unwrap().initials, 0); // e is a whole syllable
        assert_eq!(run("d", "d级", STRICT).unwrap().initials, 0); // a Latin letter
        assert_eq!(run("份", "身分证", STRICT), None);
        let a = run("份", "身分证", TYPOS).unwrap();
        assert_eq!((a.positions.to_vec(), a.typos), (vec![1], 1));
        assert_eq!(pos("x", "社会"), None);
    }

    #[test]
    fn long_inputs_are_bounded() {
        let long: String = "社".repeat(MAX_ATOMS + 1);
        assert!(run(&long, "社会", STRICT).is_none());
        let text: String = "社".repeat(1000);
        let a = run("社社", &text, STRICT).unwrap();
        assert_eq!(a.positions[..], [0, 1]);
        assert_eq!(a.text_len as usize, MAX_TEXT);
    }
}
