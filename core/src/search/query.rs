//! Answering a query: the plan's candidates from the postings, each aligned with the query,
//! then homophones, approximate matches and departments when the list is not full; the best
//! `limit` in ranking order, repeated names last.

use yishi_contract::Audience;

use super::align::{self, Atom, MAX_ATOMS, Mode, Positions, Query, Scratch, align};
use super::bits::Bits;
use super::hit::{Hit, HitKind, MatchField, Tier, pack, rank_alignment, tier_of};
use super::index::{AsciiText, FxMap, SearchIndex, key3};
use super::normalize;
use super::pinyin;
use super::plan::{self, PieceKind, Plan};

/// At most this many candidates are aligned per pass; see the module documentation.
pub const VERIFY_BUDGET: usize = 800;

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

impl SearchIndex {
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
