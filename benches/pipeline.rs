/*!
Criterion benchmarks for claimex, one per pipeline stage and end to end.

Run with `cargo bench --bench pipeline` (see `benches/README.md`). The
articles are a slice of `../shared/corpus/news.jsonl`, read at run time and
never copied into the repository; without that file a small text written
for this benchmark is used instead, so `cargo bench` never fails.

Groups:

- `stages`: `read` (JSON Lines bytes -> items, from memory), `tokenize`,
  `tag`, `claims`, `write` (CSV encoding), each fed the previous stage's
  output computed once up front, plus `process` (`Pipeline::process`, all
  stages for one article). Throughput is in input bytes: JSON Lines bytes
  for `read`, article text bytes for the others.
- `startup`: loading the built-in gazetteer, compiling it
  (`Pipeline::new`), and both.
- `gazetteer_big` (only with `CLAIMEX_BENCH_BIG=1`, or `=N` for N
  aliases): parsing and compiling a synthetic people gazetteer of
  1,000,000 aliases. Its memory use (RSS from `/proc/self/status`) is
  printed once before the timings, since criterion measures time only.

Environment: `CLAIMEX_BENCH_ARTICLES` (default 200) sets the slice size;
the articles are spread evenly over the file so every category is in it.
*/

use std::hint::black_box;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use claimex::claims::{Claim, Extractor};
use claimex::gazetteer::{Date, Gazetteer};
use claimex::read::{self, Article, Item, ReadOptions};
use claimex::tag::{Tagged, Tagger};
use claimex::tokenize::{self, Document};
use claimex::write::{self, ArticleView, WriteOptions};
use claimex::Pipeline;

/// Articles in the slice unless `CLAIMEX_BENCH_ARTICLES` says otherwise.
const DEFAULT_ARTICLES: usize = 200;

/// Synthetic aliases for the big gazetteer with `CLAIMEX_BENCH_BIG=1`.
const BIG_ALIASES: usize = 1_000_000;

/// Fallback article when the shared corpus is absent, written for this
/// benchmark (entities from the built-in gazetteer, reported speech).
const FALLBACK_TEXT: &str = "\
North Korea said on Tuesday that Russia was a reliable partner, a day after \
the United Nations Security Council met to discuss the missile launch.

\"We will not be intimidated by anyone,\" the foreign ministry said in a \
statement carried by the state news agency KCNA.

Japan's prime minister told reporters that the launch was a grave threat to \
the region, while China urged all sides to show restraint. According to the \
International Monetary Fund, growth in South Korea will slow next year.

The European Union warned that new sanctions were possible. Officials in \
Washington declined to comment, but a State Department spokesman said the \
United States remained committed to talks.";

/// The benchmark input: JSON Lines bytes and the articles parsed from them.
struct Corpus {
    /// Where the articles came from, for the report line.
    origin: String,
    /// The slice as JSON Lines.
    jsonl: Arc<[u8]>,
    /// The articles (items that failed to read are left out).
    articles: Vec<Article>,
}

impl Corpus {
    fn load() -> Corpus {
        let want = std::env::var("CLAIMEX_BENCH_ARTICLES")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_ARTICLES);
        let path = corpus_path();
        let (origin, jsonl) = match std::fs::read(&path) {
            Ok(bytes) => {
                let lines: Vec<&[u8]> =
                    bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
                let n = want.min(lines.len());
                let mut out = Vec::new();
                for i in 0..n {
                    // Evenly spaced, so every category is in the slice.
                    out.extend_from_slice(lines[i * lines.len() / n]);
                    out.push(b'\n');
                }
                (format!("{n} of {} articles of {}", lines.len(), path.display()), out)
            }
            Err(err) => {
                eprintln!(
                    "claimex bench: cannot read {} ({err}); benchmarking a small \
                     built-in text instead",
                    path.display()
                );
                let n = want.min(50);
                let mut out = Vec::new();
                for i in 0..n {
                    let line = serde_json::json!({
                        "id": format!("fallback-{i}"),
                        "date": "2023-11-11",
                        "title": "Missile launch draws warnings",
                        "text": FALLBACK_TEXT,
                    });
                    out.extend_from_slice(line.to_string().as_bytes());
                    out.push(b'\n');
                }
                (format!("{n} copies of the built-in fallback text"), out)
            }
        };
        let jsonl: Arc<[u8]> = jsonl.into();
        let articles = read_items(&jsonl)
            .filter_map(|item| match item {
                Item::Article(a) => Some(a),
                Item::Rejected(_) => None,
            })
            .collect();
        Corpus { origin, jsonl, articles }
    }

    fn text_bytes(&self) -> u64 {
        self.articles.iter().map(|a| a.text.len() as u64).sum()
    }
}

fn corpus_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/news.jsonl")
}

/// Stage 1 over in-memory bytes (the `Arc` is shared, not copied).
fn read_items(jsonl: &Arc<[u8]>) -> read::Reader {
    read::jsonl("bench", Cursor::new(Arc::clone(jsonl)), &ReadOptions::default())
}

fn date_of(a: &Article) -> Option<Date> {
    a.date.as_deref().and_then(Date::parse)
}

fn view<'a>(a: &'a Article, doc: &Document) -> ArticleView<'a> {
    ArticleView::article(a, doc)
}

fn stages(c: &mut Criterion) {
    let corpus = Corpus::load();
    let pipeline = Pipeline::new(Gazetteer::builtin().expect("built-in gazetteer"))
        .expect("compiling the built-in gazetteer");
    let gaz = pipeline.gazetteer();
    let tagger: &Tagger = pipeline.tagger();
    let extractor = Extractor::new(gaz).expect("compiling the cue matcher");
    let opts = WriteOptions::default();
    let text_bytes = corpus.text_bytes();
    eprintln!(
        "claimex bench: {}: {} bytes of JSON Lines, {} articles, {} bytes of text",
        corpus.origin,
        corpus.jsonl.len(),
        corpus.articles.len(),
        text_bytes
    );

    // Each stage is fed the previous stage's output, computed once here.
    let docs: Vec<Document> = corpus.articles.iter().map(|a| tokenize::tokenize(&a.text)).collect();
    let tagged: Vec<Tagged> =
        corpus.articles.iter().zip(&docs).map(|(a, d)| tagger.tag(d, date_of(a))).collect();
    let claims: Vec<Vec<Claim>> =
        docs.iter().zip(&tagged).map(|(d, t)| extractor.extract(d, t)).collect();
    let items: Vec<Item> = corpus.articles.iter().cloned().map(Item::Article).collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(corpus.jsonl.len() as u64));
    g.bench_function("read", |b| {
        b.iter(|| read_items(&corpus.jsonl).count());
    });
    g.throughput(Throughput::Bytes(text_bytes));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            for a in &corpus.articles {
                black_box(tokenize::tokenize(black_box(&a.text)));
            }
        });
    });
    g.bench_function("tag", |b| {
        b.iter(|| {
            for (a, d) in corpus.articles.iter().zip(&docs) {
                black_box(tagger.tag(d, date_of(a)));
            }
        });
    });
    g.bench_function("claims", |b| {
        b.iter(|| {
            for (d, t) in docs.iter().zip(&tagged) {
                black_box(extractor.extract(d, t));
            }
        });
    });
    g.bench_function("write", |b| {
        b.iter(|| {
            for (((a, d), t), cl) in corpus.articles.iter().zip(&docs).zip(&tagged).zip(&claims) {
                black_box(write::encode(&view(a, d), t, cl, gaz, opts));
            }
        });
    });
    g.bench_function("process", |b| {
        b.iter(|| {
            for item in &items {
                black_box(pipeline.process(item, opts));
            }
        });
    });
    g.finish();
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.bench_function("builtin_gazetteer", |b| {
        b.iter(|| Gazetteer::builtin().expect("built-in gazetteer"));
    });
    g.bench_function("pipeline_new", |b| {
        b.iter_batched(
            || Gazetteer::builtin().expect("built-in gazetteer"),
            |gaz| Pipeline::new(gaz).expect("compiling"),
            BatchSize::LargeInput,
        );
    });
    g.bench_function("load_and_compile", |b| {
        b.iter(|| Pipeline::new(Gazetteer::builtin().expect("built-in gazetteer")));
    });
    g.finish();
}

/// `CLAIMEX_BENCH_BIG=1` -> 1,000,000 aliases; `=N` (N > 1) -> N aliases.
fn big_alias_count() -> Option<usize> {
    let v = std::env::var("CLAIMEX_BENCH_BIG").ok()?;
    match v.trim().parse::<usize>().ok()? {
        0 => None,
        1 => Some(BIG_ALIASES),
        n => Some(n),
    }
}

/// A small deterministic PRNG (xorshift64*), so every run builds the same
/// gazetteer without a `rand` dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "al", "an", "ar", "ba", "bel", "bo", "da", "del", "do", "el", "en", "fa", "gar", "ha", "hol",
    "ia", "ka", "kin", "la", "len", "ma", "mar", "mi", "na", "nor", "o", "pa", "ra", "ren", "ri",
    "sa", "son", "ta", "ter", "to", "va", "ven", "wa", "ya", "zo",
];

fn capitalised_word(rng: &mut Rng, out: &mut String) {
    let start = out.len();
    for _ in 0..2 + rng.below(2) {
        out.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    out[start..start + 1].make_ascii_uppercase();
}

/// A people gazetteer file of `n` distinct names ("Belmaro Tadelson"),
/// one entity each: `P:SY:belmaro_tadelson_N<TAB>Belmaro Tadelson`.
fn synthetic_people(n: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut out = String::with_capacity(n * 48);
    out.push_str("id\tcanonical\n");
    let mut name = String::new();
    while seen.len() < n {
        name.clear();
        capitalised_word(&mut rng, &mut name);
        name.push(' ');
        capitalised_word(&mut rng, &mut name);
        if !seen.insert(name.clone()) {
            continue;
        }
        let slug = name.to_ascii_lowercase().replace(' ', "_");
        out.push_str(&format!("P:SY:{slug}_{}\t{name}\n", seen.len()));
    }
    out
}

/// Resident and peak resident memory in KiB (Linux; 0 elsewhere).
fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn gazetteer_big(c: &mut Criterion) {
    let Some(n) = big_alias_count() else {
        eprintln!(
            "claimex bench: gazetteer_big skipped (set CLAIMEX_BENCH_BIG=1 for \
             1,000,000 synthetic aliases)"
        );
        return;
    };
    let t = Instant::now();
    let files = vec![(PathBuf::from("gazetteers/synthetic_people.tsv"), synthetic_people(n))];
    eprintln!(
        "claimex bench: generated {n} synthetic aliases ({:.1} MiB of TSV) in {:.2?}",
        files[0].1.len() as f64 / (1 << 20) as f64,
        t.elapsed()
    );

    // Memory, measured once: criterion only measures time.
    let (rss0, _) = rss_kib();
    let t = Instant::now();
    let gaz = Gazetteer::from_files(&files).expect("synthetic gazetteer");
    let load = t.elapsed();
    let (rss1, _) = rss_kib();
    let t = Instant::now();
    let tagger = Tagger::new(gaz).expect("compiling the synthetic gazetteer");
    let build = t.elapsed();
    let (rss2, hwm2) = rss_kib();
    eprintln!(
        "claimex bench: {n} aliases -> {} patterns; Gazetteer::from_files {load:.2?}, \
         +{:.1} MiB RSS; Tagger::new {build:.2?}, +{:.1} MiB RSS; \
         RSS now {:.1} MiB, peak {:.1} MiB",
        tagger.pattern_count(),
        mib(rss1.saturating_sub(rss0)),
        mib(rss2.saturating_sub(rss1)),
        mib(rss2),
        mib(hwm2),
    );
    let gaz = tagger.gazetteer().clone();
    drop(tagger);

    let mut g = c.benchmark_group("gazetteer_big");
    g.sample_size(10);
    g.bench_function("from_files", |b| {
        // Freeing a million entities is not part of loading them.
        b.iter_with_large_drop(|| Gazetteer::from_files(&files).expect("synthetic gazetteer"));
    });
    g.bench_function("tagger_new", |b| {
        b.iter_batched(
            || gaz.clone(),
            |gaz| Tagger::new(gaz).expect("compiling"),
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

criterion_group!(benches, stages, startup, gazetteer_big);
criterion_main!(benches);
