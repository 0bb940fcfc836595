//! The pieces a query can be split into, and what each piece needs from a text.
//!
//! A piece covers query atoms `i..j` and matches one text char: a Chinese character (literally,
//! or through a shared reading when corrections are allowed), another literal char, or a run of
//! letters that is a prefix of a reading (a whole syllable, an initial) or one Latin letter. Every
//! alignment is a path of pieces from atom 0 to the end, so:
//! - the index combines the postings of the pieces into the entries that can match at all;
//! - a text can match only if some path has every piece's requirement in the text's
//!   signatures (a few bit tests, before the alignment's dynamic programming).

use super::align::{Atom, Query};
use super::pinyin::{self, Syllable};

/// A 64-bit Bloom-style signature bit of a char.
#[inline]
pub(crate) fn char_bit(c: char) -> u64 {
    1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

/// A 64-bit Bloom-style signature bit of a syllable.
#[inline]
pub(crate) fn syllable_bit(s: Syllable) -> u64 {
    1 << ((s as u32 + 1).wrapping_mul(0x85EB_CA6B) >> 26)
}

/// The index of an initial (a–z, then zh, ch, sh) in initial masks and `initial_bits`.
pub(crate) fn initial_slot(piece: &[u8]) -> Option<usize> {
    match piece {
        [l @ b'a'..=b'z'] => Some((l - b'a') as usize),
        b"zh" => Some(26),
        b"ch" => Some(27),
        b"sh" => Some(28),
        _ => None,
    }
}

/// What one text offers, summarised: which chars (literal), which syllables (any reading of any
/// char) and which initials (first letters, zh/ch/sh, and Latin letters) it contains.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Signature {
    pub chars: u64,
    pub syllables: u64,
    pub initials: u32,
}

impl Signature {
    /// The signature of a text (the index computes it inline while building).
    #[cfg(test)]
    pub fn of(text: &[char]) -> Signature {
        let table = pinyin::table();
        let mut sig = Signature::default();
        for &c in text {
            sig.chars |= char_bit(c);
            if c.is_ascii_lowercase() {
                sig.initials |= 1 << (c as u8 - b'a');
            }
            for &r in table.readings(c) {
                sig.syllables |= syllable_bit(r);
                sig.initials |= initial_mask(table.syllable(r).as_bytes());
            }
        }
        sig
    }
}

/// The initial bits a reading provides: its first letter, and zh/ch/sh when it starts so.
pub(crate) fn initial_mask(syllable: &[u8]) -> u32 {
    let mut m = 1 << (syllable[0] - b'a');
    if let Some(slot) = syllable.get(..2).and_then(initial_slot) {
        m |= 1 << slot;
    }
    m
}

/// How a piece matches, and so where its postings are.
#[derive(Clone, Debug)]
pub(crate) enum PieceKind {
    /// A Chinese character, literally.
    Char(char),
    /// A Chinese character or any char sharing a reading with it.
    Homophone(&'static [Syllable]),
    /// Letters that begin a reading: the syllables they begin, and for one letter or zh/ch/sh
    /// the initial's slot. One letter also matches the same Latin letter.
    Letters {
        syllables: std::ops::Range<Syllable>,
        slot: Option<usize>,
        letter: Option<char>,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Piece {
    /// One past the last atom covered.
    pub end: usize,
    pub kind: PieceKind,
    /// What a text must contain for this piece.
    need: Need,
}

#[derive(Clone, Copy, Debug)]
enum Need {
    Chars(u64),
    AnySyllable(u64),
    Initial(u32),
}

impl Need {
    #[inline]
    fn met(self, sig: &Signature) -> bool {
        match self {
            Need::Chars(b) => sig.chars & b != 0,
            Need::AnySyllable(b) => sig.syllables & b != 0,
            Need::Initial(b) => sig.initials & b != 0,
        }
    }
}

/// The pieces starting at each atom of a query.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub from: Vec<Vec<Piece>>,
}

/// The longest run of letters one char can take: zhuang, shuang, chuang.
pub(crate) const MAX_SYLLABLE: usize = 6;

impl Plan {
    pub fn new(q: &Query, homophones: bool) -> Plan {
        let table = pinyin::table();
        let from = (0..q.len())
            .map(|i| match q.atoms[i] {
                Atom::Han(_) if homophones => {
                    let need = q.readings[i].iter().fold(0, |m, &r| m | syllable_bit(r));
                    vec![Piece {
                        end: i + 1,
                        kind: PieceKind::Homophone(q.readings[i]),
                        need: Need::AnySyllable(need),
                    }]
                }
                Atom::Han(c) | Atom::Lit(c) => {
                    vec![Piece {
                        end: i + 1,
                        kind: PieceKind::Char(c),
                        need: Need::Chars(char_bit(c)),
                    }]
                }
                Atom::Letter(l) => {
                    let run_end = (q.run_end[i] as usize).min(i + MAX_SYLLABLE);
                    let mut pieces = Vec::new();
                    for end in i + 1..=run_end {
                        let letters = &q.letters[i..end];
                        let syllables = table.with_prefix(letters);
                        if syllables.is_empty() && end > i + 1 {
                            break;
                        }
                        let slot = initial_slot(letters);
                        // A text needs the initial this piece starts with: zh/ch/sh for those.
                        let need = match letters.get(..2).and_then(initial_slot) {
                            Some(two) if two >= 26 => 1 << two,
                            _ => 1 << (l - b'a'),
                        };
                        let letter = (end == i + 1).then_some(l as char);
                        pieces.push(Piece {
                            end,
                            kind: PieceKind::Letters {
                                syllables,
                                slot,
                                letter,
                            },
                            need: Need::Initial(need),
                        });
                    }
                    pieces
                }
            })
            .collect();
        Plan { from }
    }

    /// Whether a text starting with `c` can match the query's first piece there.
    pub fn starts(&self, c: char) -> bool {
        let table = pinyin::table();
        self.from.first().is_some_and(|pieces| {
            pieces.iter().any(|p| match &p.kind {
                PieceKind::Char(x) => *x == c,
                PieceKind::Homophone(readings) => {
                    table.readings(c).iter().any(|r| readings.contains(r))
                }
                PieceKind::Letters {
                    syllables, letter, ..
                } => *letter == Some(c) || table.readings(c).iter().any(|r| syllables.contains(r)),
            })
        })
    }

    /// Whether some split of the query has every piece's need in `sig`. `reach` is scratch.
    pub fn feasible(&self, sig: &Signature, reach: &mut Vec<bool>) -> bool {
        let n = self.from.len();
        reach.clear();
        reach.resize(n + 1, false);
        reach[n] = true;
        for i in (0..n).rev() {
            reach[i] = self.from[i].iter().any(|p| reach[p.end] && p.need.met(sig));
        }
        reach[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: &str, homophones: bool) -> Plan {
        Plan::new(&Query::parse(q.chars().collect()), homophones)
    }

    fn feasible(q: &str, text: &str, homophones: bool) -> bool {
        let text: Vec<char> = text.chars().collect();
        plan(q, homophones).feasible(&Signature::of(&text), &mut Vec::new())
    }

    #[test]
    fn pieces_of_letters() {
        let p = plan("shebao", false);
        let ends: Vec<usize> = p.from[0].iter().map(|p| p.end).collect();
        assert_eq!(ends, [1, 2, 3]); // s, sh, she; "sheb" begins no syllable
        let p = plan("sbk", false);
        assert_eq!(p.from[0].len(), 1);
    }

    #[test]
    fn signatures_filter_texts() {
        assert!(feasible("社保卡", "社会保障卡申领", false));
        assert!(!feasible("社保卡", "居民身份证换领", false));
        assert!(feasible("sbk", "社会保障卡申领", false));
        assert!(!feasible("sbk", "居民身份证换领", false));
        assert!(feasible("shebaoka", "社会保障卡申领", false));
        assert!(feasible("zhk", "社会保障卡", false));
        assert!(!feasible("zhk", "社会保卡", false)); // no zh initial
        assert!(!feasible("身分证", "居民身份证换领", false));
        assert!(feasible("身分证", "居民身份证换领", true));
        assert!(feasible("d级", "d级修复", false));
        assert!(feasible("社bk", "社会保障卡", false));
    }
}
