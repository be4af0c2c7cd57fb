/*!
claimex turns dumps of news articles into spreadsheet-ready tables of who is
mentioned and who claimed what.

# Brief overview

The pipeline has five stages, each a module with one input and one output:

1. [`read`]: input paths → [`read::Item`]s (an article, or a rejected one
   that still gets a row);
2. [`tokenize`]: text → [`tokenize::Document`] (sentences, tokens, layout);
3. [`tag`]: document → [`tag::Tagged`] (PERSON, COUNTRY, AGENCY mentions);
4. [`claims`]: document + mentions → [`claims::Claim`]s;
5. [`write`](mod@write): everything → CSV rows, appended in input order.

[`run`] streams input through them in batches, in parallel with rayon, and
writes byte-identical tables whatever the number of threads.

# Example

```
use claimex::{gazetteer::Gazetteer, Pipeline};

let pipeline = Pipeline::new(Gazetteer::builtin().unwrap()).unwrap();
let text = "North Korea said that Russia was a friend.";
let a = pipeline.analyze(text, Some("2023-11-11"));
let names: Vec<&str> = a.tagged.mentions.iter().map(|m| &text[m.span.range()]).collect();
assert_eq!(names, ["North Korea", "Russia"]);
assert_eq!(&text[a.claims[0].span.range()], "Russia was a friend");
```
*/

#![warn(missing_docs)]

pub mod candidates;
pub mod claims;
pub mod error;
pub(crate) mod fxhash;
pub mod gazetteer;
pub mod layout;
pub mod lexicon;
pub mod merge;
pub mod read;
pub mod shape;
pub mod shard;
pub mod span;
pub mod tag;
pub mod tokenize;
pub mod write;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::claims::{Claim, Extractor};
use crate::error::{Error, Result};
use crate::gazetteer::{Date, Gazetteer};
use crate::read::{Item, ReadOptions, RejectReason};
use crate::shard::Shard;
use crate::tag::{Tagged, Tagger};
use crate::tokenize::{Document, Tokenizer};
use crate::write::{ArticleView, Format, Processed, Status, Tables, WriteOptions};

/// Everything a run needs.
pub struct Config {
    /// Input files and folders (`-` for standard input).
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out_dir: PathBuf,
    /// Worker threads.
    pub threads: usize,
    /// Reader settings.
    pub read: ReadOptions,
    /// Writer settings (`write.format` = JSON Lines: rows go to standard
    /// output, `out_dir` is not used).
    pub write: WriteOptions,
    /// Process only this shard's articles (`--shard K/N`).
    pub shard: Option<Shard>,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles (rows of `articles.csv`).
    pub articles: u64,
    /// Mentions written.
    pub mentions: u64,
    /// Claims written.
    pub claims: u64,
    /// Articles with a `warning:` status.
    pub warnings: u64,
    /// Articles with an `error:` status.
    pub errors: u64,
    /// Files skipped in folders (not `.txt`/`.jsonl`).
    pub skipped_files: u64,
    /// Input bytes read.
    pub bytes: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// Receives progress and messages during a run.
pub trait Observer: Sync {
    /// A message for stderr (`file:line: error: …`).
    fn message(&self, msg: &str);
    /// Progress: articles done and input bytes read so far.
    fn progress(&self, articles: u64, bytes: u64);
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {
    fn message(&self, _: &str) {}
    fn progress(&self, _: u64, _: u64) {}
}

/// The result of stages 2 to 4 on one text.
#[derive(Debug)]
pub struct Analysis<'a> {
    /// Sentences and tokens.
    pub doc: Document<'a>,
    /// Mentions.
    pub tagged: Tagged,
    /// Claims.
    pub claims: Vec<Claim>,
}

/// The compiled stages: build once, share across threads.
pub struct Pipeline {
    tokenizer: Tokenizer,
    tagger: Tagger,
    extractor: Extractor,
    candidates: candidates::Finder,
}

impl Pipeline {
    /// Compiles the matchers for a gazetteer.
    pub fn new(gaz: Gazetteer) -> Result<Pipeline> {
        let extractor = Extractor::new(&gaz)?;
        let tokenizer = Tokenizer::new(&gaz.lexicon);
        let candidates = candidates::Finder::new(&gaz.lexicon);
        let tagger = Tagger::new(gaz)?;
        Ok(Pipeline { tokenizer, tagger, extractor, candidates })
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.tagger.gazetteer()
    }

    /// The tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Runs tokenize, tag and claims on one text. `date` (the article's
    /// date, `YYYY-MM-DD…`) resolves titles; without it the text's own
    /// `date` marker is used.
    pub fn analyze<'a>(&self, text: &'a str, date: Option<&str>) -> Analysis<'a> {
        let doc = self.tokenizer.tokenize(text);
        let date = date
            .and_then(Date::parse)
            .or_else(|| doc.layout.date.as_ref().and_then(|(_, d)| Date::parse(d)));
        let tagged = self.tagger.tag(&doc, date);
        let claims = self.extractor.extract(&doc, &tagged);
        Analysis { doc, tagged, claims }
    }

    /// Runs one input item through the pipeline and encodes its rows. A
    /// panic inside the stages (a bug) costs that article only: it gets an
    /// `error:` row and the run goes on.
    pub fn process(&self, item: &Item, opts: WriteOptions) -> Processed {
        let run = std::panic::AssertUnwindSafe(|| self.process_inner(item, opts));
        match std::panic::catch_unwind(run) {
            Ok(p) => p,
            Err(_) => {
                let source = match item {
                    Item::Article(a) => &a.source,
                    Item::Rejected(r) => &r.source,
                };
                self.error_row(item.id(), source, RejectReason::Internal, opts)
            }
        }
    }

    fn process_inner(&self, item: &Item, opts: WriteOptions) -> Processed {
        match item {
            Item::Article(a) => {
                let an = self.analyze(&a.text, a.date.as_deref());
                let view = ArticleView::article(a, &an.doc);
                let mut p = write::encode(&view, &an.tagged, &an.claims, self.gazetteer(), opts);
                p.candidates = self.candidates.per_article(&a.text, &an.doc, &an.tagged);
                p
            }
            Item::Rejected(r) => self.error_row(&r.id, &r.source, r.reason.clone(), opts),
        }
    }

    /// The `articles.csv` row of an article that was not processed.
    fn error_row(
        &self,
        id: &str,
        source: &str,
        reason: RejectReason,
        opts: WriteOptions,
    ) -> Processed {
        let view = ArticleView::rejected(id, source, reason);
        write::encode(&view, &Tagged::default(), &[], self.gazetteer(), opts)
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks a running [`run`] to stop at the next batch: it then removes its
/// temporary files, replaces no table and returns [`Error::Interrupted`].
/// Safe to call from a signal handler.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// True once [`interrupt`] was called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Articles per batch, and the most input bytes a batch holds: memory stays
/// bounded by a few batches, not by the size of the dump.
const BATCH_ARTICLES: usize = 1024;
const BATCH_BYTES: usize = 32 << 20;

/// Runs the whole pipeline: reads `cfg.inputs`, writes the tables to
/// `cfg.out_dir`. Bad input is reported through `obs` and in
/// `articles.csv`, never dropped.
pub fn run(cfg: &Config, pipeline: &Pipeline, obs: &dyn Observer) -> Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.max(1))
        .build()
        .map_err(|e| Error::Other(format!("starting worker threads: {e}")))?;
    let mut tables = match cfg.write.format {
        Format::Csv => Tables::create(&cfg.out_dir, cfg.write)?,
        Format::Jsonl => Tables::emit(
            Box::new(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout())),
            cfg.write,
        ),
    };
    if let Some(shard) = cfg.shard {
        tables.set_shard(shard)?;
    }
    let reader = read::articles(&cfg.inputs, &cfg.read);
    let bytes = reader.bytes_read();
    // Batches in flight are bounded (memory stays bounded whatever the
    // input size): two read ahead, two being written.
    let (batch_tx, batch_rx) = crossbeam_channel::bounded::<Vec<(u64, Item)>>(2);
    let (out_tx, out_rx) = crossbeam_channel::bounded::<Vec<Processed>>(2);
    let shard = cfg.shard;
    let mut summary = Summary::default();

    let result = std::thread::scope(|scope| -> Result<()> {
        // Reader thread: batches of items with their position in the
        // input, in input order; with --shard, only this shard's items (the
        // reader still sees every item, so ids and line numbers are those of
        // a one-machine run).
        let reading = scope.spawn(move || {
            let mut reader = reader;
            let mut batch = Vec::with_capacity(BATCH_ARTICLES);
            let mut size = 0;
            let mut seq = 0u64;
            for item in reader.by_ref() {
                let n = seq;
                seq += 1;
                if shard.is_some_and(|s| !s.selects(item.id())) {
                    continue;
                }
                size += match &item {
                    Item::Article(a) => a.text.len(),
                    Item::Rejected(_) => 0,
                };
                batch.push((n, item));
                if batch.len() >= BATCH_ARTICLES || size >= BATCH_BYTES {
                    if batch_tx.send(std::mem::take(&mut batch)).is_err() {
                        return (reader.skipped_files(), seq);
                    }
                    size = 0;
                }
            }
            if !batch.is_empty() {
                let _ = batch_tx.send(batch);
            }
            (reader.skipped_files(), seq)
        });
        // Writer thread: appends encoded rows in order.
        let writing = scope.spawn(move || -> (Tables, Result<()>) {
            for batch in out_rx {
                for p in &batch {
                    if let Err(e) = tables.append(p) {
                        return (tables, Err(e));
                    }
                }
            }
            (tables, Ok(()))
        });
        // Workers: tokenize, tag, claims and encode each batch in parallel;
        // rayon's collect keeps input order.
        let mut write_failed = false;
        let mut stopped = false;
        for batch in batch_rx {
            if interrupted() {
                stopped = true;
                break;
            }
            for (_, item) in &batch {
                match item {
                    Item::Rejected(r) => {
                        obs.message(&format!("{}: error: {}", r.location, r.reason))
                    }
                    Item::Article(a) => {
                        for w in &a.warnings {
                            obs.message(&format!("{}: warning: {}", a.location, w));
                        }
                    }
                }
            }
            let processed: Vec<Processed> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|(seq, item)| {
                        let mut p = pipeline.process(item, cfg.write);
                        p.seq = *seq;
                        p
                    })
                    .collect()
            });
            for p in &processed {
                summary.articles += 1;
                summary.mentions += p.mentions;
                summary.claims += p.claims;
                match p.status {
                    Status::Warning(_) => summary.warnings += 1,
                    Status::Error(_) => summary.errors += 1,
                    Status::Ok => {}
                }
            }
            obs.progress(summary.articles, bytes.load(Ordering::Relaxed));
            if out_tx.send(processed).is_err() {
                write_failed = true;
                break;
            }
        }
        drop(out_tx);
        let (skipped, items) = reading.join().unwrap_or((0, 0));
        summary.skipped_files = skipped;
        let (mut tables, written) =
            writing.join().map_err(|_| Error::Other("the writer thread panicked".into()))?;
        // A failed run leaves the previous tables as they were and no
        // temporary files behind.
        if let Err(e) = written {
            tables.abandon();
            return Err(e);
        }
        if write_failed {
            tables.abandon();
            return Err(Error::Other("writing the tables failed".into()));
        }
        if stopped || interrupted() {
            tables.abandon();
            return Err(Error::Interrupted);
        }
        tables.set_input_total(items);
        for note in tables.notes() {
            obs.message(&format!("warning: {note}"));
        }
        tables.finish()
    });
    result?;
    summary.bytes = bytes.load(Ordering::Relaxed);
    summary.elapsed = started.elapsed();
    Ok(summary)
}
