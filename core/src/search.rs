//! A first, simple search over the catalogue (事项检索): names, everyday aliases (日常用语),
//! basic codes and department names, without pinyin yet. The public API ([`SearchIndex`],
//! [`Hit`]) is meant to stay when a fuller engine (pinyin, initials) replaces the inside.
//!
//! Ranking: per field, an exact match beats a prefix, which beats a substring, which beats the
//! query's characters appearing in order (a subsequence: 社保卡 in 社会保障卡). Within a tier,
//! earlier and tighter matches on shorter names win. The best field counts. Ties go to life
//! events over matters, then to popularity.

use yishi_contract::{Audience, CatalogueIndex};

/// What a hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// A life event (一件事).
    Event,
    /// A matter (事项).
    Matter,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// An event or a matter.
    pub kind: HitKind,
    /// The event's or matter's id.
    pub id: String,
    /// Higher is better; comparable within one search only.
    pub score: i32,
    /// Character indices in the displayed zh-CN name to highlight (empty when another field,
    /// such as an alias, matched).
    pub matched: Vec<usize>,
}

/// Which text of an entry matched; decides the score offset and whether to highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    Alias,
    NameEn,
    Code,
    Department,
}

impl Field {
    /// Subtracted from the tier score: a name match beats the same match on an alias.
    fn offset(self) -> i32 {
        match self {
            Field::Name | Field::Code => 0,
            Field::Alias => 5,
            Field::NameEn => 10,
            // Typing a department's name lists its matters, below direct name matches.
            Field::Department => 300,
        }
    }
}

const EXACT: i32 = 1000;
const PREFIX: i32 = 800;
const SUBSTRING: i32 = 600;
const SUBSEQUENCE: i32 = 400;

/// One searchable text, normalised, with the original char index of each normalised char.
#[derive(Clone, Debug)]
struct Searchable {
    field: Field,
    chars: Vec<char>,
    origin: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Entry {
    kind: HitKind,
    id: String,
    audience: Audience,
    popularity: u32,
    texts: Vec<Searchable>,
}

/// A search index built once per catalogue version.
#[derive(Clone, Debug)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

/// Normalises text for matching: full-width forms to half-width, ASCII to lower case, and
/// whitespace and punctuation (ASCII and CJK) removed.
pub fn normalize(s: &str) -> String {
    normalize_mapped(s).into_iter().map(|(c, _)| c).collect()
}

/// [`normalize`], keeping for each output char the index of the input char it came from.
fn normalize_mapped(s: &str) -> Vec<(char, usize)> {
    s.chars()
        .enumerate()
        .filter_map(|(i, c)| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            (!c.is_whitespace() && !is_punctuation(c)).then(|| (c.to_ascii_lowercase(), i))
        })
        .collect()
}

/// ASCII and common CJK punctuation and symbols (、。《》【】「」“”…·—).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{00B7}'                      // middle dot, as in 买买提·艾力
            | '\u{2000}'..='\u{206F}'       // general punctuation: dashes, quotes, ellipsis
            | '\u{3001}'..='\u{3004}'       // 、。〃〄
            | '\u{3008}'..='\u{3020}'       // 《》【】「」〔〕 and friends
            | '\u{3030}' | '\u{303D}'
            | '\u{FE10}'..='\u{FE1F}'       // vertical forms
            | '\u{FE30}'..='\u{FE4F}'       // CJK compatibility forms
            | '\u{FF5F}'..='\u{FF65}'       // half-width CJK punctuation
        )
}

impl Searchable {
    fn new(field: Field, s: &str) -> Searchable {
        let (chars, origin) = normalize_mapped(s).into_iter().unzip();
        Searchable { field, chars, origin }
    }
}

impl SearchIndex {
    /// Builds the index from the catalogue.
    pub fn new(cat: &CatalogueIndex) -> SearchIndex {
        let mut entries = Vec::with_capacity(cat.events.len() + cat.matters.len());
        for e in &cat.events {
            let mut texts = vec![Searchable::new(Field::Name, &e.name.zh)];
            texts.extend(e.aliases.iter().map(|a| Searchable::new(Field::Alias, a)));
            texts.extend(e.name.en.iter().map(|en| Searchable::new(Field::NameEn, en)));
            entries.push(Entry {
                kind: HitKind::Event,
                id: e.id.clone(),
                audience: e.audience,
                popularity: e.popularity,
                texts,
            });
        }
        for m in &cat.matters {
            let mut texts = vec![Searchable::new(Field::Name, &m.name.zh)];
            texts.extend(m.aliases.iter().map(|a| Searchable::new(Field::Alias, a)));
            texts.extend(m.name.en.iter().map(|en| Searchable::new(Field::NameEn, en)));
            texts.push(Searchable::new(Field::Code, &m.basic_code));
            if let Some(d) = cat.departments.iter().find(|d| d.id == m.department_id) {
                texts.push(Searchable::new(Field::Department, &d.name.zh));
                texts.extend(d.name.en.iter().map(|en| Searchable::new(Field::Department, en)));
            }
            entries.push(Entry {
                kind: HitKind::Matter,
                id: m.id.clone(),
                audience: m.audience,
                popularity: m.popularity,
                texts,
            });
        }
        SearchIndex { entries }
    }

    /// The best `limit` hits for `query`, for `audience` when given (entries for both audiences,
    /// or of an unknown audience, are always included).
    pub fn search(&self, query: &str, audience: Option<Audience>, limit: usize) -> Vec<Hit> {
        let q: Vec<char> = normalize(query).chars().collect();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut hits: Vec<(Hit, u32)> = self
            .entries
            .iter()
            .filter(|e| audience_fits(e.audience, audience))
            .filter_map(|e| {
                let (score, matched) = e
                    .texts
                    .iter()
                    .filter_map(|t| {
                        let (score, positions) = match_text(&t.chars, &q, t.field)?;
                        let matched = if t.field == Field::Name {
                            positions.iter().map(|&p| t.origin[p]).collect()
                        } else {
                            Vec::new()
                        };
                        Some((score - t.field.offset(), matched))
                    })
                    // The first of equal scores wins, so the zh name (listed first) is highlighted.
                    .fold(None, |best: Option<(i32, Vec<usize>)>, cur| match best {
                        Some(b) if b.0 >= cur.0 => Some(b),
                        _ => Some(cur),
                    })?;
                Some((Hit { kind: e.kind, id: e.id.clone(), score, matched }, e.popularity))
            })
            .collect();
        // Stable: catalogue order settles what is left.
        hits.sort_by(|(a, pa), (b, pb)| {
            b.score.cmp(&a.score).then((a.kind == HitKind::Matter).cmp(&(b.kind == HitKind::Matter))).then(pb.cmp(pa))
        });
        hits.truncate(limit);
        hits.into_iter().map(|(h, _)| h).collect()
    }
}

fn audience_fits(entry: Audience, wanted: Option<Audience>) -> bool {
    match wanted {
        Some(Audience::Person) => matches!(entry, Audience::Person | Audience::Both | Audience::Unknown),
        Some(Audience::Business) => matches!(entry, Audience::Business | Audience::Both | Audience::Unknown),
        None | Some(Audience::Both | Audience::Unknown) => true,
    }
}

/// The score and matched positions of `q` in `hay`, before the field offset.
fn match_text(hay: &[char], q: &[char], field: Field) -> Option<(i32, Vec<usize>)> {
    if hay.len() < q.len() || hay.is_empty() {
        return None;
    }
    let extra = (hay.len() - q.len()) as i32;
    if hay == q {
        return Some((EXACT, (0..q.len()).collect()));
    }
    if hay.starts_with(q) {
        return Some((PREFIX - extra.min(99), (0..q.len()).collect()));
    }
    // Codes match whole or by prefix only: digits inside a code are noise.
    if field == Field::Code {
        return None;
    }
    if let Some(p) = hay.windows(q.len()).position(|w| w == q) {
        let score = SUBSTRING - (2 * p as i32).min(50) - extra.min(49);
        return Some((score, (p..p + q.len()).collect()));
    }
    // Subsequences of a single character are everywhere; of a department, meaningless.
    if q.len() < 2 || field == Field::Department {
        return None;
    }
    let positions = subsequence(hay, q)?;
    let first = positions[0] as i32;
    let gaps = (positions[positions.len() - 1] - positions[0] + 1 - q.len()) as i32;
    Some((SUBSEQUENCE - (5 * gaps + first).min(99), positions))
}

/// The positions of `q`'s chars in order in `hay`, as tight as possible: for each start where
/// the first char occurs, match greedily and keep the shortest span.
fn subsequence(hay: &[char], q: &[char]) -> Option<Vec<usize>> {
    let mut best: Option<Vec<usize>> = None;
    for start in hay.iter().enumerate().filter(|(_, c)| **c == q[0]).map(|(i, _)| i) {
        let mut positions = vec![start];
        let mut next = start + 1;
        for &c in &q[1..] {
            match hay[next..].iter().position(|&h| h == c) {
                Some(off) => {
                    positions.push(next + off);
                    next += off + 1;
                }
                None => return best, // later starts cannot match either
            }
        }
        let span = |p: &Vec<usize>| p[p.len() - 1] - p[0];
        if best.as_ref().is_none_or(|b| span(&positions) < span(b)) {
            best = Some(positions);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use yishi_contract::{
        Department, EventCard, HandlingType, IconKey, MatterCard, MatterKind, Text as T, TimeLimit, TimeUnit, Timestamp,
    };

    use super::*;

    fn limit() -> TimeLimit {
        TimeLimit { value: 5, unit: TimeUnit::WorkingDays, note: None }
    }

    fn ev(id: &str, zh: &str, en: &str, aliases: &[&str], audience: Audience, popularity: u32) -> EventCard {
        EventCard {
            id: id.into(),
            name: T::new(zh, en),
            summary: T::zh(""),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            audience,
            category: "c".into(),
            icon: IconKey::Document,
            matter_count: 1,
            promised_limit: limit(),
            max_visits: 0,
            online_apply: true,
            popularity,
            matter_ids: vec![],
        }
    }

    fn mt(
        id: &str,
        zh: &str,
        aliases: &[&str],
        code: &str,
        dept: &str,
        audience: Audience,
        popularity: u32,
    ) -> MatterCard {
        MatterCard {
            id: id.into(),
            name: T::zh(zh),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            basic_code: code.into(),
            department_id: dept.into(),
            audience,
            kind: MatterKind::PublicService,
            handling: HandlingType::Promised,
            promised_limit: limit(),
            online_depth: 4,
            visits: 0,
            popularity,
        }
    }

    fn catalogue() -> CatalogueIndex {
        use Audience::*;
        CatalogueIndex {
            version: "1".into(),
            generated_at: Timestamp(0),
            categories: vec![],
            events: vec![
                ev("newborn", "新生儿出生", "A baby is born", &["生孩子", "宝宝出生"], Person, 90),
                ev("restaurant", "开办餐饮店", "Opening a restaurant", &["开饭店"], Business, 50),
                ev("ssc", "社会保障卡居民服务“一卡通”", "Social security card", &["社保卡"], Person, 80),
            ],
            matters: vec![
                mt("ssc_apply", "社会保障卡申领", &["办社保卡"], "000000000001", "hrss", Person, 70),
                mt("ssc_replace", "社会保障卡补换", &[], "000000000002", "hrss", Person, 60),
                mt("food_permit", "食品经营许可", &["餐饮许可证"], "000000000003", "samr", Business, 40),
                mt("birth_reg", "出生登记", &["上户口"], "110000000004", "police", Person, 30),
                mt("license", "营业执照办理", &[], "000000000005", "samr", Both, 95),
            ],
            departments: vec![
                Department {
                    id: "hrss".into(),
                    name: T::new("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
                    code: "x".into(),
                    phone: "12333".into(),
                    offices: vec![],
                },
                Department {
                    id: "samr".into(),
                    name: T::new("市场监督管理局", "Market Regulation"),
                    code: "y".into(),
                    phone: "12315".into(),
                    offices: vec![],
                },
                Department {
                    id: "police".into(),
                    name: T::new("公安局", "Public Security Bureau"),
                    code: "z".into(),
                    phone: "110".into(),
                    offices: vec![],
                },
            ],
        }
    }

    fn ids(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn normalisation() {
        let cases = [
            ("ＡＢＣ１２３", "abc123"),
            ("社保 卡", "社保卡"),
            ("社保\u{3000}卡", "社保卡"),
            ("《食品经营许可》", "食品经营许可"),
            ("社会保障卡居民服务“一卡通”", "社会保障卡居民服务一卡通"),
            ("新生儿，出生。", "新生儿出生"),
            ("A Baby-is Born!", "ababyisborn"),
            ("买买提·艾力", "买买提艾力"),
            ("【开办】餐饮店…", "开办餐饮店"),
            ("二〇二六", "二〇二六"),
            ("  ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    #[test]
    fn exact_beats_prefix_beats_substring_beats_subsequence() {
        let idx = SearchIndex::new(&catalogue());
        let hits = idx.search("社会保障卡", None, 10);
        // A prefix of three names: shorter names rank higher within the tier (the event's name is
        // the longest), and popularity settles the two equally long matter names.
        assert_eq!(ids(&hits), ["ssc_apply", "ssc_replace", "ssc"]);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        // Exact alias match of the event beats prefix matches of the matters' names.
        let hits = idx.search("社保卡", None, 10);
        assert_eq!(hits[0].id, "ssc");
        assert!(hits[0].matched.is_empty(), "an alias matched, nothing to highlight in the name");
        // "办社保卡" is an exact alias of the matter.
        assert_eq!(idx.search("办社保卡", None, 1)[0].id, "ssc_apply");
        // Subsequence: 社保 in 社会保障卡…, highlighting 社 and 保.
        let hits = idx.search("社保补换", None, 10);
        assert_eq!(ids(&hits), ["ssc_replace"]);
        assert_eq!(hits[0].matched, [0, 2, 5, 6]);
    }

    #[test]
    fn substring_highlights_map_back_to_the_displayed_name() {
        let idx = SearchIndex::new(&catalogue());
        let hits = idx.search("一卡通", None, 10);
        assert_eq!(ids(&hits), ["ssc"]);
        // 社会保障卡居民服务“一卡通”: the opening quote is char 9, so 一卡通 is 10..=12.
        assert_eq!(hits[0].matched, [10, 11, 12]);
        let hits = idx.search("出生", None, 10);
        assert_eq!(ids(&hits), ["birth_reg", "newborn"]); // prefix beats substring
        assert_eq!(hits[1].matched, [3, 4]);
    }

    #[test]
    fn everyday_words_codes_and_departments() {
        let idx = SearchIndex::new(&catalogue());
        assert_eq!(ids(&idx.search("生孩子", None, 10)), ["newborn"]);
        assert_eq!(ids(&idx.search("上户口", None, 10)), ["birth_reg"]);
        assert_eq!(ids(&idx.search("110000000004", None, 10)), ["birth_reg"]);
        assert_eq!(ids(&idx.search("11000", None, 10)), ["birth_reg"]); // code prefix
        assert!(idx.search("0000004", None, 10).is_empty()); // no substring matches in codes
        // A department name lists its matters, most popular first.
        assert_eq!(ids(&idx.search("市场监督管理局", None, 10)), ["license", "food_permit"]);
        // English names, case- and punctuation-insensitive.
        assert_eq!(ids(&idx.search("baby", None, 10)), ["newborn"]);
        assert_eq!(ids(&idx.search("RESTAURANT", None, 10)), ["restaurant"]);
    }

    #[test]
    fn events_win_ties_then_popularity() {
        let mut cat = catalogue();
        cat.events.push(ev("dup_event", "同名", "", &[], Audience::Person, 1));
        cat.matters.push(mt("dup_matter", "同名", &[], "999", "none", Audience::Person, 1000));
        cat.matters.push(mt("dup_matter2", "同名", &[], "998", "none", Audience::Person, 2000));
        let hits = SearchIndex::new(&cat).search("同名", None, 10);
        assert_eq!(ids(&hits), ["dup_event", "dup_matter2", "dup_matter"]);
        assert!(hits.iter().all(|h| h.score == hits[0].score));
    }

    #[test]
    fn audience_filter_and_limits() {
        let idx = SearchIndex::new(&catalogue());
        // 许可 and 执照 are business matters; "both" stays visible to people.
        assert_eq!(ids(&idx.search("营业执照", Some(Audience::Person), 10)), ["license"]);
        assert!(idx.search("餐饮", Some(Audience::Person), 10).is_empty());
        // A prefix of an alias (餐饮许可证) beats a substring of a name (开办餐饮店).
        assert_eq!(ids(&idx.search("餐饮", Some(Audience::Business), 10)), ["food_permit", "restaurant"]);
        assert_eq!(idx.search("社会", None, 1).len(), 1);
        assert!(idx.search("社会", None, 0).is_empty());
        assert!(idx.search("  ，。 ", None, 10).is_empty());
        assert!(idx.search("火星移民", None, 10).is_empty());
    }

    #[test]
    fn tight_subsequences() {
        let hay: Vec<char> = "abxab_b".chars().collect();
        assert_eq!(subsequence(&hay, &['a', 'b']), Some(vec![0, 1]));
        let hay: Vec<char> = "axxbab".chars().collect();
        assert_eq!(subsequence(&hay, &['a', 'b']), Some(vec![4, 5]));
        assert_eq!(subsequence(&hay, &['b', 'a', 'b']), Some(vec![3, 4, 5]));
        assert_eq!(subsequence(&hay, &['c']), None);
        assert_eq!(subsequence(&hay, &['b', 'x']), None);
    }
}
