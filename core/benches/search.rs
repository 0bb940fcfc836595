//! `cargo bench -p yishi-core --bench search`: the search engine over generated catalogues of
//! 1,000, 10,000 and 50,000 matters (yishi-catgen, seed 42) with the labelled queries of
//! `bench/search/queries.json`.
//!
//! First a summary is printed per size: index build time, per-query and per-keystroke latency
//! (median and p95 over the queries, and over every prefix of every query, as typed), and
//! recall@3. Then criterion measures the same operations. Pass `-- --quick` to skip 50,000.
//! `SEARCH_BENCH_SIZES=1000,10000` picks sizes; `SEARCH_BENCH_MISSES=1` lists the queries missed;
//! `SEARCH_BENCH_SUMMARY=0` skips the summary; `SEARCH_BENCH_WORKLOAD` (see `main`) is for profiling.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, black_box};
use yishi_contract::CatalogueIndex;
use yishi_core::search::{Hit, HitKind, SearchIndex, SubsequenceScorer};

const SEED: u64 = 42;
const LIMIT: usize = 10;

struct Labelled {
    query: String,
    kind: String,
    expected: Vec<String>,
    names: Vec<String>,
}

fn name(cat: &CatalogueIndex, kind: HitKind, position: usize) -> &str {
    match kind {
        HitKind::Event => &cat.events[position].name.zh,
        HitKind::Matter => &cat.matters[position].name.zh,
    }
}

/// A name without a trailing qualifier such as （北山区） or （跨省通办）.
fn family(name: &str) -> &str {
    let name = name.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = name.strip_suffix(close)
            && let Some(i) = inner.rfind(open)
        {
            return &name[..i];
        }
    }
    name
}

/// A correct answer: an expected id, or an entry whose name (without a trailing qualifier: the
/// same service from another office or channel) is that of an expected entry or of the labelled
/// names (see bench/search/README.md).
fn accepts(q: &Labelled, cat: &CatalogueIndex, hit: &Hit) -> bool {
    let hit_name = family(name(cat, hit.kind, hit.position));
    q.expected.contains(&hit.id)
        || q.names.iter().any(|n| family(n) == hit_name)
        || cat
            .events
            .iter()
            .any(|e| family(&e.name.zh) == hit_name && q.expected.contains(&e.id))
        || cat
            .matters
            .iter()
            .any(|m| family(&m.name.zh) == hit_name && q.expected.contains(&m.id))
}

fn queries() -> Vec<Labelled> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/search/queries.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|q| Labelled {
            query: q["query"].as_str().unwrap().into(),
            kind: q["kind"].as_str().unwrap().into(),
            expected: q["expected"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().into())
                .collect(),
            names: q.get("names").map_or_else(Vec::new, |n| {
                n.as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e.as_str().unwrap().into())
                    .collect()
            }),
        })
        .collect()
}

/// Every prefix of every query, char by char, as a citizen types it.
fn keystrokes(queries: &[Labelled]) -> Vec<String> {
    let mut out = Vec::new();
    for q in queries {
        let chars: Vec<char> = q.query.chars().collect();
        out.extend((1..=chars.len()).map(|n| chars[..n].iter().collect()));
    }
    out
}

fn sizes() -> Vec<usize> {
    if let Ok(s) = std::env::var("SEARCH_BENCH_SIZES") {
        return s
            .split(',')
            .map(|n| n.trim().parse().expect("SEARCH_BENCH_SIZES"))
            .collect();
    }
    if std::env::args().any(|a| a == "--quick") {
        vec![1_000, 10_000]
    } else {
        vec![1_000, 10_000, 50_000]
    }
}

fn catalogue(matters: usize) -> CatalogueIndex {
    yishi_catgen::generate(matters, SEED).index
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The median of a few runs of each query: one sample per query.
fn latencies(idx: &SearchIndex, queries: &[String]) -> Vec<Duration> {
    let mut out: Vec<Duration> = queries
        .iter()
        .map(|q| {
            let mut runs: Vec<Duration> = (0..7)
                .map(|_| {
                    let t = Instant::now();
                    black_box(idx.search(black_box(q), None, LIMIT));
                    t.elapsed()
                })
                .collect();
            runs.sort();
            runs[3]
        })
        .collect();
    out.sort();
    out
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn summary(
    label: &str,
    cat: &CatalogueIndex,
    build: impl Fn(&CatalogueIndex) -> SearchIndex,
    labelled: &[Labelled],
) {
    let mut builds: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(build(cat));
            t.elapsed()
        })
        .collect();
    builds.sort();
    let idx = build(cat);
    let full: Vec<String> = labelled.iter().map(|q| q.query.clone()).collect();
    let per_query = latencies(&idx, &full);
    let per_key = latencies(&idx, &keystrokes(labelled));
    let mut found = 0;
    let mut by_kind: Vec<(String, usize, usize)> = Vec::new();
    for q in labelled {
        let top = idx.search(&q.query, None, 3);
        let ok = top.iter().any(|h| accepts(q, cat, h));
        found += usize::from(ok);
        if !ok && std::env::var_os("SEARCH_BENCH_MISSES").is_some() {
            let shown: Vec<(&str, &str)> = top
                .iter()
                .map(|h| (h.id.as_str(), name(cat, h.kind, h.position)))
                .collect();
            println!("    missed {} [{}]: {shown:?}", q.query, q.kind);
        }
        match by_kind.iter_mut().find(|k| k.0 == q.kind) {
            Some(k) => {
                k.1 += usize::from(ok);
                k.2 += 1;
            }
            None => by_kind.push((q.kind.clone(), usize::from(ok), 1)),
        }
    }
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|(k, f, n)| format!("{k} {f}/{n}"))
        .collect();
    println!(
        "{label:>24} {:>7} | build {:>8} ms | query p50 {:>6} p95 {:>6} max {:>6} ms | keystroke p50 {:>6} p95 {:>6} max {:>6} ms | recall@3 {:.3} ({})",
        cat.matters.len(),
        ms(builds[2]),
        ms(percentile(&per_query, 0.5)),
        ms(percentile(&per_query, 0.95)),
        ms(*per_query.last().unwrap()),
        ms(percentile(&per_key, 0.5)),
        ms(percentile(&per_key, 0.95)),
        ms(*per_key.last().unwrap()),
        found as f64 / labelled.len() as f64,
        kinds.join(", "),
    );
}

fn main() {
    let labelled = queries();
    let sizes = sizes();
    let cats: Vec<CatalogueIndex> = sizes.iter().map(|&n| catalogue(n)).collect();
    println!(
        "\nsearch engine, native ({} labelled queries, {} keystrokes, limit {LIMIT}; medians of 7 runs per query)",
        labelled.len(),
        keystrokes(&labelled).len()
    );
    // A fixed workload to profile (`perf record`): SEARCH_BENCH_WORKLOAD=build (ten builds) or
    // keys (every keystroke, or the comma-separated SEARCH_BENCH_QUERIES), slowest printed.
    if let Ok(w) = std::env::var("SEARCH_BENCH_WORKLOAD") {
        let cat = &cats[0];
        let t = Instant::now();
        if w == "build" {
            (0..10).for_each(|_| drop(black_box(SearchIndex::new(cat))));
        } else {
            let idx = SearchIndex::new(cat);
            let keys: Vec<String> = match std::env::var("SEARCH_BENCH_QUERIES") {
                Ok(q) => q.split(',').map(String::from).collect(),
                Err(_) => keystrokes(&labelled),
            };
            let mut rows: Vec<(Duration, &str)> = keys
                .iter()
                .map(|k| {
                    let t = Instant::now();
                    black_box(idx.search(k, None, LIMIT));
                    (t.elapsed(), k.as_str())
                })
                .collect();
            rows.sort();
            let n = rows.len();
            println!(
                "{n} queries: p50 {:?} p95 {:?} p99 {:?}",
                rows[n / 2].0,
                rows[n * 95 / 100].0,
                rows[n * 99 / 100].0
            );
            for (d, k) in rows.iter().rev().take(10) {
                println!("{:>8.3} ms  {k}", d.as_secs_f64() * 1e3);
            }
        }
        println!("workload {w}: {:?}", t.elapsed());
        return;
    }
    let skip_summary = std::env::var("SEARCH_BENCH_SUMMARY").is_ok_and(|v| v == "0");
    for cat in cats.iter().filter(|_| !skip_summary) {
        summary("skim scorer (default)", cat, SearchIndex::new, &labelled);
        summary(
            "align scorer",
            cat,
            |c| SearchIndex::with_scorer(c, std::sync::Arc::new(yishi_core::search::AlignScorer)),
            &labelled,
        );
    }
    if !skip_summary {
        scorers(&labelled);
    }
    println!();

    let mut c = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_millis(500));
    let full: Vec<String> = labelled.iter().map(|q| q.query.clone()).collect();
    let keys = keystrokes(&labelled);
    for cat in &cats {
        let n = cat.matters.len();
        let mut g = c.benchmark_group("build");
        g.sample_size(10)
            .measurement_time(Duration::from_secs(if n > 20_000 { 8 } else { 3 }));
        g.bench_with_input(BenchmarkId::from_parameter(n), cat, |b, cat| {
            b.iter(|| SearchIndex::new(black_box(cat)))
        });
        g.finish();
        let idx = SearchIndex::new(cat);
        let mut g = c.benchmark_group("queries");
        g.sample_size(10)
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Elements(full.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &full, |b, qs| {
            b.iter(|| {
                qs.iter()
                    .map(|q| idx.search(q, None, LIMIT).len())
                    .sum::<usize>()
            })
        });
        g.finish();
        let mut g = c.benchmark_group("keystrokes");
        g.sample_size(10)
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Elements(keys.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &keys, |b, qs| {
            b.iter(|| {
                qs.iter()
                    .map(|q| idx.search(q, None, LIMIT).len())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
    c.final_summary();
}

/// The scorer alone on literal queries against the names of a 10,000-matter catalogue: the
/// trait's implementations side by side.
fn scorers(labelled: &[Labelled]) {
    let cat = catalogue(10_000);
    let names: Vec<Vec<char>> = cat
        .matters
        .iter()
        .map(|m| yishi_core::search::normalize(&m.name.zh).chars().collect())
        .collect();
    let literal: Vec<Vec<char>> = labelled
        .iter()
        .filter(|q| q.query.chars().all(|c| !c.is_ascii_alphabetic()))
        .map(|q| yishi_core::search::normalize(&q.query).chars().collect())
        .collect();
    let list: Vec<Box<dyn SubsequenceScorer>> = vec![
        Box::new(yishi_core::search::SkimScorer::default()),
        Box::new(yishi_core::search::AlignScorer),
    ];
    for s in list {
        let t = Instant::now();
        let mut found = 0usize;
        for q in &literal {
            for n in &names {
                found += usize::from(s.find(n, q).is_some());
            }
        }
        let per = t.elapsed() / (literal.len() * names.len()) as u32;
        println!(
            "scorer {:>14}: {} literal queries x {} names, {found} matches, {:.0} ns per (name, query)",
            s.name(),
            literal.len(),
            names.len(),
            per.as_nanos()
        );
    }
}
