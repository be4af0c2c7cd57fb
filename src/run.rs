//! A whole run: the input streamed through the pipeline on three kinds of
//! thread, into the tables.
//!
//! - `read_batches`, one thread: reads the input in order and sends
//!   batches of at most [`BATCH_ARTICLES`] articles or [`BATCH_BYTES`]
//!   bytes, each item with its position in the input; JSON lines go
//!   unparsed, their bytes in one buffer per batch;
//! - `process_batches`, the caller's thread driving the rayon workers:
//!   each JSON line of a batch is parsed, tokenized, tagged, searched for
//!   claims and encoded in one parallel pass, and rayon's `collect` keeps
//!   input order; the ids are then made unique in input order (an article
//!   whose id was repeated is processed again with its new id), while the
//!   workers already process the next batch. With
//!   `--shard`, which articles to process depends on those ids: the lines
//!   are parsed in parallel first, the ids settled, and only the shard's
//!   articles processed;
//! - `write_batches`, one thread: appends the encoded rows in order (and
//!   frees the batch's items).
//!
//! At most two batches wait ahead of the workers, one is settled beside
//! them and two wait behind them, so
//! memory is bounded by a few batches, not by the size of the dump. Every
//! id and row depends only on the input order, so the tables are
//! byte-identical for any number of threads.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analyze::Pipeline;
use crate::error::{Error, Result};
use crate::read::{self, Deferred, Item, Parsed, ReadOptions, Reader, UniqueIds};
use crate::review::Review;
use crate::shard::Shard;
use crate::write::{Format, Processed, Status, Tables, WriteOptions};

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
    /// Stops the run when cancelled (Ctrl-C, SIGTERM, SIGHUP).
    pub cancel: Cancel,
}

/// Asks a running [`run`] to stop: before its next batch, or within
/// [`CANCEL_POLL`] while it waits for input. It then removes its temporary
/// files, replaces no table and returns [`Error::Interrupted`]. Clones share
/// one flag; cancelling is safe from a signal handler.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    /// 0 while the run goes on; else the signal that stopped it, or -1.
    state: Arc<AtomicI32>,
}

impl Cancel {
    /// A new handle, not cancelled.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Stops the run.
    pub fn cancel(&self) {
        let _ = self.state.compare_exchange(0, -1, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Stops the run because of signal `signo` (the first one counts).
    pub fn signal(&self, signo: i32) {
        let _ = self.state.compare_exchange(0, signo, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Was the run asked to stop?
    pub fn is_cancelled(&self) -> bool {
        self.state.load(Ordering::SeqCst) != 0
    }

    /// The signal that stopped the run, if one did.
    pub fn signal_number(&self) -> Option<i32> {
        Some(self.state.load(Ordering::SeqCst)).filter(|&s| s > 0)
    }
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
    /// The first few of them, as shown in messages
    /// ([`read::SKIPPED_NAMES`]).
    pub skipped_names: Vec<String>,
    /// Input bytes read.
    pub bytes: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// How bad a problem with an input article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The article was not processed (`error:` status).
    Error,
    /// The article was processed; something to know (`warning:` status).
    Warning,
}

/// Receives progress and messages during a run.
pub trait Observer: Sync {
    /// A message for stderr.
    fn message(&self, msg: &str);
    /// A problem with one input article, one per reason of its `error:` or
    /// `warning:` status: its kind ([`read::RejectReason::kind`],
    /// [`read::Warning::kind`]) and the message for stderr (`FILE:LINE:
    /// error: …`). By default the message goes to [`Observer::message`].
    fn problem(&self, severity: Severity, kind: &'static str, msg: &str) {
        let _ = (severity, kind);
        self.message(msg);
    }
    /// Progress: articles done and input bytes read so far.
    fn progress(&self, articles: u64, bytes: u64);
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {
    fn message(&self, _: &str) {}
    fn progress(&self, _: u64, _: u64) {}
}

/// Most articles in a batch.
pub const BATCH_ARTICLES: usize = 1024;
/// Most bytes of text in a batch.
pub const BATCH_BYTES: usize = 32 << 20;

/// Most articles in one rayon job. Rayon otherwise cuts a batch into a
/// few long runs that cannot be split once started, and at the end of a
/// batch one worker waited for the other's run (up to a quarter of the
/// batch); short jobs keep both busy to the batch's last articles.
const ARTICLES_PER_JOB: usize = 4;

/// Line buffers kept for reuse between the workers and the reader.
const SPARE_BUFFERS: usize = 2;

/// Line buffers larger than this are freed, not kept.
const SPARE_MAX_BYTES: usize = 8 << 20;

/// How often the workers look at the [`Cancel`] handle while they wait for
/// the reader.
pub const CANCEL_POLL: Duration = Duration::from_millis(50);

/// A batch of items as read, each with its 0-based position in the whole
/// input, and the buffer that holds the bytes of its JSON lines.
#[derive(Default)]
struct Batch {
    items: Vec<(u64, Deferred)>,
    buf: Vec<u8>,
}

/// Runs the whole pipeline: reads `cfg.inputs`, writes the tables to
/// `cfg.out_dir`. Bad input is reported through `obs` and in
/// `articles.csv`, never dropped.
pub fn run(cfg: &Config, pipeline: &Pipeline, obs: &dyn Observer) -> Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.max(1))
        .build()
        .map_err(|e| Error::Thread(format!("starting worker threads: {e}")))?;
    let mut tables = match cfg.write.format {
        Format::Csv => Tables::create(&cfg.out_dir, cfg.write)?,
        Format::Jsonl => Tables::emit(
            Box::new(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout())),
            cfg.write,
        ),
    };
    tables.set_parents(Tables::parents_of(pipeline.gazetteer()));
    if let Some(shard) = cfg.shard {
        tables.set_shard(shard)?;
    }
    if let Some(opts) = cfg.write.review {
        // A shard writes its pages; the report is the merge's.
        let inputs = cfg.inputs.iter().map(|p| p.display().to_string()).collect();
        tables.set_review(Review::new(&cfg.out_dir, opts, cfg.shard.is_none(), inputs))?;
    }
    let reader = read::articles(&cfg.inputs, &cfg.read);
    let bytes = reader.bytes_read();
    let mut ids = reader.unique_ids();
    let (batch_tx, batch_rx) = sync_channel::<Batch>(2);
    // Line buffers the workers are done with, back to the reader: a few
    // buffers go round instead of one new one per batch.
    let (spare_tx, spare_rx) = sync_channel::<Vec<u8>>(SPARE_BUFFERS);
    let (out_tx, out_rx) = sync_channel::<Written>(2);
    let mut summary = Summary::default();

    // The reader is not a scoped thread: a stopped run does not wait for
    // it, since it may be blocked reading a pipe that sends nothing. It ends
    // at its next batch (nobody receives it) or with the process.
    let reading = std::thread::Builder::new()
        .name("claimex-reader".into())
        .spawn(move || read_batches(reader, &batch_tx, &spare_rx))
        .map_err(|e| Error::Thread(format!("starting the reader thread: {e}")))?;
    std::thread::scope(|scope| -> Result<()> {
        let writing = scope.spawn(move || write_batches(tables, out_rx));
        let ctx = Workers {
            pipeline,
            pool: &pool,
            opts: cfg.write,
            shard: cfg.shard,
            cancel: &cfg.cancel,
            obs,
        };
        let processed =
            process_batches(&ctx, batch_rx, &out_tx, &spare_tx, &mut ids, &bytes, &mut summary);
        drop(out_tx);
        let mut items = 0;
        let mut unread = None;
        if matches!(processed, Outcome::Done) {
            // Every batch was received: the reader has returned or is returning.
            let read = reading.join().unwrap_or_default();
            summary.skipped_files = read.skipped;
            summary.skipped_names = read.skipped_names;
            items = read.items;
            unread = read.fatal;
        }
        let (mut tables, written) =
            writing.join().map_err(|_| Error::Thread("the writer thread panicked".into()))?;
        // A failed or stopped run leaves the previous tables as they were
        // and no temporary files behind.
        let stop = match (written, processed) {
            (Err(e), _) => Some(e),
            (Ok(()), _) if unread.is_some() => unread,
            (Ok(()), Outcome::WriterGone) => {
                Some(Error::Thread("writing the tables failed".into()))
            }
            (Ok(()), Outcome::Cancelled) => Some(Error::Interrupted),
            (Ok(()), Outcome::Done) if cfg.cancel.is_cancelled() => Some(Error::Interrupted),
            (Ok(()), Outcome::Done) => None,
        };
        if let Some(e) = stop {
            tables.abandon();
            return Err(e);
        }
        tables.set_input_total(items);
        if let Some(r) = tables.review_mut() {
            r.set_input(bytes.load(Ordering::Relaxed), summary.skipped_files);
        }
        for note in tables.notes() {
            obs.message(&format!("warning: {note}"));
        }
        tables.finish()
    })?;
    summary.bytes = bytes.load(Ordering::Relaxed);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What the reader thread saw.
#[derive(Default)]
struct ReadTotals {
    /// Files skipped in folders.
    skipped: u64,
    /// The first few of them.
    skipped_names: Vec<String>,
    /// Items in the whole input.
    items: u64,
    /// What stopped the reading early (a line without its input envelope).
    fatal: Option<Error>,
}

/// The reader thread: batches of items in input order, JSON lines
/// unparsed. It sees every item, so that with `--shard` ids and line
/// numbers are those of a one-machine run.
fn read_batches(
    mut reader: Reader,
    tx: &SyncSender<Batch>,
    spare: &Receiver<Vec<u8>>,
) -> ReadTotals {
    let totals = |reader: &mut Reader, items| ReadTotals {
        skipped: reader.skipped_files(),
        skipped_names: reader.skipped_names().to_vec(),
        items,
        fatal: reader.take_error(),
    };
    let mut batch = Batch { items: Vec::with_capacity(BATCH_ARTICLES), buf: Vec::new() };
    let mut size = 0;
    let mut seq = 0u64;
    while let Some((n, item)) = reader.next_deferred(&mut batch.buf) {
        seq += 1;
        size += item.len();
        batch.items.push((n, item));
        if batch.items.len() >= BATCH_ARTICLES || size >= BATCH_BYTES {
            // A buffer the workers are done with, else a new one about
            // this batch's size.
            let buf = spare
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(batch.buf.len() + batch.buf.len() / 4));
            let next = Batch { items: Vec::with_capacity(BATCH_ARTICLES), buf };
            if tx.send(std::mem::replace(&mut batch, next)).is_err() {
                return totals(&mut reader, seq);
            }
            size = 0;
        }
    }
    if !batch.items.is_empty() {
        let _ = tx.send(batch);
    }
    totals(&mut reader, seq)
}

/// The writer thread: appends encoded rows in input order. Returns the
/// tables (to finish or abandon) and the first write error.
fn write_batches(mut tables: Tables, rx: Receiver<Written>) -> (Tables, Result<()>) {
    for (batch, _items) in rx {
        for p in &batch {
            if let Err(e) = tables.append(p) {
                return (tables, Err(e));
            }
        }
    }
    (tables, Ok(()))
}

/// A batch for the writer: its rows, and its items, only to be freed.
type Written = (Vec<Processed>, Vec<(u64, Item)>);

/// What the workers need.
struct Workers<'a> {
    pipeline: &'a Pipeline,
    pool: &'a rayon::ThreadPool,
    opts: WriteOptions,
    /// Process only this shard's articles (`--shard K/N`).
    shard: Option<Shard>,
    cancel: &'a Cancel,
    obs: &'a dyn Observer,
}

/// How [`process_batches`] ended.
enum Outcome {
    /// Every batch was processed.
    Done,
    /// The run was cancelled.
    Cancelled,
    /// The writer stopped taking batches (it failed).
    WriterGone,
}

/// The workers: parse, tokenize, tag, find claims and encode each batch's
/// articles in parallel, with their ids made unique in input order (see
/// the module's documentation), then report the batch's bad items and
/// send its rows to the writer.
///
/// Without `--shard`, a batch's parallel pass runs while this thread
/// settles the batch before it (ids, reports, the send to the writer):
/// the workers do not wait for that serial part between batches.
fn process_batches(
    w: &Workers<'_>,
    rx: Receiver<Batch>,
    tx: &SyncSender<Written>,
    spare: &SyncSender<Vec<u8>>,
    ids: &mut UniqueIds,
    bytes: &AtomicU64,
    summary: &mut Summary,
) -> Outcome {
    let dates = ids.date_filler();
    // The batch whose parallel pass is done and which is not settled yet.
    let mut pending: Option<Pass> = None;
    // Articles in the batches before, for `--review`'s pages.
    let mut received = 0u64;
    loop {
        // A stop is noticed within [`CANCEL_POLL`] even while the reader
        // waits for input, and before each batch.
        let batch = match rx.recv_timeout(CANCEL_POLL) {
            Ok(batch) => Some(batch),
            Err(RecvTimeoutError::Timeout) if !w.cancel.is_cancelled() => continue,
            Err(RecvTimeoutError::Timeout) => return Outcome::Cancelled,
            Err(RecvTimeoutError::Disconnected) => None,
        };
        if w.cancel.is_cancelled() {
            return Outcome::Cancelled;
        }
        let Some(Batch { items, buf }) = batch else {
            if let Some(last) = pending.take() {
                if let Err(o) = settle(w, last, tx, ids, bytes, summary) {
                    return o;
                }
            }
            return Outcome::Done;
        };
        match w.shard {
            // One parallel pass: each JSON line parsed and its article
            // processed with the id it came with. The ids are then made
            // unique in input order; the rare article whose id changed (a
            // repeated id) is processed again.
            None => {
                let done = received;
                received += items.len() as u64;
                let mut next = None;
                let mut settled = Ok(());
                w.pool.in_place_scope(|s| {
                    let (next, dates) = (&mut next, &dates);
                    s.spawn(move |_| {
                        let passed = items
                            .into_par_iter()
                            .with_max_len(ARTICLES_PER_JOB)
                            .enumerate()
                            .map(|(i, (seq, item))| {
                                let mut parsed = item.parse(&buf);
                                dates.date(&mut parsed);
                                let p = process(w, parsed.item(), seq, page(w, done, i));
                                (seq, parsed, p)
                            })
                            .collect();
                        *next = Some((Pass { passed, done }, buf));
                    });
                    if let Some(before) = pending.take() {
                        settled = settle(w, before, tx, ids, bytes, summary);
                    }
                });
                if let Err(o) = settled {
                    return o;
                }
                let (pass, buf) = next.expect("the parallel pass ran");
                recycle(buf, spare);
                pending = Some(pass);
            }
            // With --shard, only the shard's articles are processed, and
            // which they are depends on the unique ids: the lines are
            // parsed in parallel, the ids made unique in input order, then
            // the shard's articles processed in parallel.
            Some(shard) => {
                let parsed: Vec<_> = w.pool.install(|| {
                    items
                        .into_par_iter()
                        .with_max_len(ARTICLES_PER_JOB)
                        .map(|(seq, item)| (seq, item.parse(&buf)))
                        .collect()
                });
                recycle(buf, spare);
                let mut batch = Vec::with_capacity(parsed.len());
                for (seq, item) in parsed {
                    let item = ids.finish(item);
                    if shard.selects(item.id()) {
                        batch.push((seq, item));
                    }
                }
                let done = summary.articles;
                let processed: Vec<Processed> = w.pool.install(|| {
                    batch
                        .par_iter()
                        .with_max_len(ARTICLES_PER_JOB)
                        .enumerate()
                        .map(|(i, (seq, item))| process(w, item, *seq, page(w, done, i)))
                        .collect()
                });
                if let Err(o) = report_and_send(w, batch, processed, tx, bytes, summary) {
                    return o;
                }
            }
        }
    }
}

/// A batch after its parallel pass: each item with its input position,
/// parsed, and processed with the id it came with; `done`: the articles
/// of the batches before it.
struct Pass {
    passed: Vec<(u64, Parsed, Processed)>,
    done: u64,
}

/// With `--review`, does the batch's `i`-th article, `done` articles into
/// the run, get a page?
fn page(w: &Workers<'_>, done: u64, i: usize) -> bool {
    let pages = w.opts.review.map_or(0, |r| r.max_pages);
    done + (i as u64) < pages as u64
}

/// Makes a pass's ids unique in input order, processes again the articles
/// whose id changed, then reports and sends the batch.
fn settle(
    w: &Workers<'_>,
    pass: Pass,
    tx: &SyncSender<Written>,
    ids: &mut UniqueIds,
    bytes: &AtomicU64,
    summary: &mut Summary,
) -> Result<(), Outcome> {
    let Pass { passed, done } = pass;
    let mut batch = Vec::with_capacity(passed.len());
    let mut processed = Vec::with_capacity(passed.len());
    let mut again = Vec::new();
    for (seq, mut parsed, p) in passed {
        if ids.settle(&mut parsed) {
            again.push(batch.len());
        }
        batch.push((seq, parsed.into_item()));
        processed.push(p);
    }
    if !again.is_empty() {
        let redone: Vec<Processed> = w.pool.install(|| {
            again
                .par_iter()
                .with_max_len(ARTICLES_PER_JOB)
                .map(|&i| process(w, &batch[i].1, batch[i].0, page(w, done, i)))
                .collect()
        });
        for (i, p) in again.into_iter().zip(redone) {
            processed[i] = p;
        }
    }
    report_and_send(w, batch, processed, tx, bytes, summary)
}

/// Reports a batch's bad items and warnings, counts it, and sends its rows
/// (and its items, to be freed there) to the writer.
fn report_and_send(
    w: &Workers<'_>,
    batch: Vec<(u64, Item)>,
    processed: Vec<Processed>,
    tx: &SyncSender<Written>,
    bytes: &AtomicU64,
    summary: &mut Summary,
) -> Result<(), Outcome> {
    for (_, item) in &batch {
        match item {
            Item::Rejected(r) => w.obs.problem(
                Severity::Error,
                r.reason.kind(),
                &format!("{}: error: {}", r.location, r.reason),
            ),
            Item::Article(a) => {
                for warning in &a.warnings {
                    w.obs.problem(
                        Severity::Warning,
                        warning.kind(),
                        &format!("{}: warning: {}", a.location, warning),
                    );
                }
            }
        }
    }
    for (p, (_, item)) in processed.iter().zip(&batch) {
        // An article the stages failed on (a bug) is reported like a
        // rejected one.
        if let (Status::Error(reason), Item::Article(a)) = (&p.status, item) {
            let msg = format!("{}: error: {reason}", a.location);
            w.obs.problem(Severity::Error, reason.kind(), &msg);
        }
        summary.articles += 1;
        summary.mentions += p.mentions;
        summary.claims += p.claims;
        match p.status {
            Status::Warning(_) => summary.warnings += 1,
            Status::Error(_) => summary.errors += 1,
            Status::Ok => {}
        }
    }
    w.obs.progress(summary.articles, bytes.load(Ordering::Relaxed));
    // The items go along to be freed by the writer: this thread, which
    // the workers wait for between batches, does not free them piece
    // by piece.
    if tx.send((processed, batch)).is_err() {
        return Err(Outcome::WriterGone);
    }
    Ok(())
}

/// One item through the pipeline, with its input position.
fn process(w: &Workers<'_>, item: &Item, seq: u64, page: bool) -> Processed {
    let mut p = w.pipeline.process_with_page(item, w.opts, page);
    p.seq = seq;
    p
}

/// Sends a batch's line buffer back to the reader, unless it is a big one
/// (a batch of long lines) or the reader has enough: then it is freed.
fn recycle(mut buf: Vec<u8>, spare: &SyncSender<Vec<u8>>) {
    if buf.capacity() <= SPARE_MAX_BYTES {
        buf.clear();
        let _ = spare.try_send(buf);
    }
}
