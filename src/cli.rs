//! The command line: flags (clap), progress bar and summary (indicatif),
//! exit codes.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context as _;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use claimex::gazetteer::Gazetteer;
use claimex::read::ReadOptions;
use claimex::review::ReviewOptions;
use claimex::shard::Shard;
use claimex::write::{Format, WriteOptions};
use claimex::{Cancel, Config, Observer, Pipeline, Severity, Summary};

/// Turns news article dumps into spreadsheet-ready CSV tables of who is
/// mentioned and who claimed what.
#[derive(Debug, Parser)]
#[command(name = "claimex", version, after_long_help = AFTER_HELP)]
pub struct Args {
    /// Files or folders to read (`-` for JSON Lines on standard input).
    ///
    /// *.txt articles and *.jsonl[.gz|.zst] JSON Lines; folders are recursed
    /// in sorted order. At least one input is needed, except under `cargo
    /// run` in a checkout, which reads the checkout's samples/ folder.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Output folder; its tables are replaced atomically.
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,

    /// Gazetteer folder to use instead of the built-in one.
    #[arg(short, long, value_name = "DIR")]
    pub gazetteers: Option<PathBuf>,

    /// Worker threads (default: all cores), at most 4 per core (more are
    /// capped, with a warning). Output is byte-identical for every N.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

    /// No progress bar or summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Print every problem with the input on stderr. By default the first
    /// 10 of each kind are printed, then one line counts the rest (every
    /// one is in articles.csv's status column).
    #[arg(long)]
    pub all_messages: bool,

    /// Articles larger than this many bytes get an `error:` row instead of
    /// being processed (never held in memory).
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_article_bytes: usize,

    /// The date of articles whose input gives none (no JSON `date`, no
    /// `date` line): office titles ("Prime Minister Blair", "Mr Blair")
    /// resolve by date. articles.csv shows the date used.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<String>,

    /// Write cells exactly as in the text: do not prefix cells that begin
    /// with = + - @ tab or CR with `'` (spreadsheet formula protection).
    #[arg(long)]
    pub raw_cells: bool,

    /// Excel mode: a UTF-8 byte-order mark so that Excel reads accents and
    /// curly quotes right, cells over 32,767 characters cut (ending in
    /// `…[cut]`), tables over 1,048,576 rows continued in numbered parts
    /// (`mentions-2.csv`, …) with a warning.
    #[arg(long)]
    pub excel: bool,

    /// Check the gazetteer files (built-in, or -g DIR) and exit: errors and
    /// warnings with file:line; exit 2 on errors.
    #[arg(long)]
    pub check_gazetteers: bool,

    /// Process only shard K of N (0 <= K < N): the articles whose id hashes
    /// to K. Ids are those of a one-machine run. The output folder also gets
    /// shard.csv, shard_candidates.csv and shard.json for --merge.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, conflicts_with = "excel")]
    pub shard: Option<Shard>,

    /// Merge shard output folders (the INPUTs) into the tables of -o DIR,
    /// byte for byte what one run over the whole input writes.
    #[arg(long, conflicts_with_all = ["shard", "emit", "excel"])]
    pub merge: bool,

    /// Write rows to standard output instead of tables: `jsonl`, one JSON
    /// object per row with a "table" field, the table's columns, and "seq",
    /// the input position of the row's article (articles, mentions, claims,
    /// claim_entities rows per article, with "row", the row's index in the
    /// article; entities and candidates rows at the end), for Spark or
    /// Hadoop Streaming. `ids` (with --envelope): each line's position and
    /// own id, nothing analysed. `schema`: the tables' columns and kinds as
    /// JSON (no input read). -o is not used.
    #[arg(long, value_name = "FORMAT", conflicts_with = "excel")]
    pub emit: Option<Emit>,

    /// Also write OUT/report.html (the run at a glance) and review pages
    /// OUT/review/<n>.html for the first --review-max articles: their text
    /// with mentions and claims highlighted. Self-contained HTML that opens
    /// from disk. With --shard: the shard's pages, no report; with --merge:
    /// the report of the merged tables, no pages. Not with --emit or
    /// --from-rows.
    #[arg(long, conflicts_with_all = ["emit", "from_rows"])]
    pub review: bool,

    /// Review pages for the first N articles (with --review).
    #[arg(long, value_name = "N", default_value_t = claimex::review::DEFAULT_MAX_PAGES, requires = "review")]
    pub review_max: usize,

    /// Every line of standard input (`-`, the only INPUT) is
    /// `ENVELOPE<TAB>LINE`: a JSON object with the line's position in the
    /// whole input (`seq`), its `file` and `line`, and its final `id` when
    /// a repeat changed it (with `repeat_of`), so that a process that sees
    /// part of an input writes the ids and `source` of a one-machine run.
    /// For pipes such as the Spark job (scripts/spark/claimex_job.py).
    #[arg(long, conflicts_with_all = ["merge", "from_rows"])]
    pub envelope: bool,

    /// The INPUTs (`-` for standard input) are rows as `--emit jsonl
    /// --raw-cells` writes them, each table's rows in input order and the
    /// final entities and candidates rows: write them into the tables of
    /// -o DIR, byte for byte what a run over the input writes (with the
    /// same --raw-cells). Used by the Spark job's --single.
    #[arg(long, conflicts_with_all = ["shard", "merge", "emit", "excel"])]
    pub from_rows: bool,
}

/// `--emit` formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// JSON Lines: `{"table": "mentions", "mention_id": "…", …, "seq": 0,
    /// "row": 0}`.
    Jsonl,
    /// Each enveloped line's position and own id, `{"seq": 0, "id": "…"}`,
    /// before repeats are told apart; nothing is analysed.
    Ids,
    /// The tables, their columns and what each holds, as one JSON object.
    Schema,
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    Shard::parse(s).map_err(|e| e.to_string())
}

const AFTER_HELP: &str = "\
Tables written to the output folder: articles.csv, entities.csv, mentions.csv,
claims.csv, claim_entities.csv, candidates.csv (see README.md for the columns);
with --review also report.html and review/ (open them in a browser).

Examples:
  claimex news/ -o tables/                    a folder of .txt and .jsonl files
  zcat dump.jsonl.gz | claimex - -o tables/   JSON Lines on standard input

Exit status: 0 all input processed; 1 finished, but some input was bad
(reported on stderr and in articles.csv, never dropped); 2 could not run;
128 + the signal when stopped by one: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP
(no table replaced, no temporary file left).";

/// SIGINT's number, for a stop that no signal number came with.
const SIGINT: i32 = 2;

/// The exit status of a run stopped by signal `signo`: 128 + its number,
/// as shells report a death by that signal (130 Ctrl-C, 143 SIGTERM, 129
/// SIGHUP).
pub fn signal_exit(signo: i32) -> i32 {
    128 + signo
}

fn signal_name(signo: i32) -> String {
    match signo {
        1 => "SIGHUP".into(),
        2 => "Ctrl-C (SIGINT)".into(),
        15 => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

/// Signals within this time of the first are the same request: `timeout`
/// sends its signal both to claimex and to its process group, so that it
/// arrives twice at once.
const SAME_REQUEST: Duration = Duration::from_millis(500);

/// What to do with a signal: the first one cancels the run (it stops
/// cleanly); a later one, [`SAME_REQUEST`] or more after the first, exits
/// at once.
#[derive(Debug, Default)]
struct Stopping {
    first: Option<std::time::Instant>,
}

impl Stopping {
    /// Handles signal `signo`; returns the exit status to leave with at
    /// once, if it is time.
    fn signal(&mut self, signo: i32, cancel: &Cancel) -> Option<i32> {
        match self.first {
            None => {
                self.first = Some(std::time::Instant::now());
                cancel.signal(signo);
                None
            }
            Some(first) if first.elapsed() < SAME_REQUEST => None,
            Some(_) => Some(signal_exit(signo)),
        }
    }
}

/// SIGINT (Ctrl-C), SIGTERM (`timeout`, docker, systemd, YARN) and SIGHUP
/// (a closed terminal) stop the run cleanly: the first one cancels it (no
/// table replaced, no temporary file left, exit 128 + the signal); a second
/// one exits at once with 128 + its number.
#[cfg(unix)]
fn stop_on_signals(cancel: Cancel) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .context("installing the signal handlers")?;
    std::thread::Builder::new()
        .name("claimex-signals".into())
        .spawn(move || {
            let mut stopping = Stopping::default();
            for signo in signals.forever() {
                if let Some(code) = stopping.signal(signo, &cancel) {
                    std::process::exit(code);
                }
            }
        })
        .context("starting the signal thread")?;
    Ok(())
}

/// Ctrl-C stops the run cleanly; a second one exits at once.
#[cfg(not(unix))]
fn stop_on_signals(cancel: Cancel) -> anyhow::Result<()> {
    let mut stopping = Stopping::default();
    ctrlc::set_handler(move || {
        if let Some(code) = stopping.signal(SIGINT, &cancel) {
            std::process::exit(code);
        }
    })
    .context("installing the Ctrl-C handler")
}

/// Reports a run stopped by a signal; returns its exit status.
/// The end of a run that writes tables from other tables (`--merge`,
/// `--from-rows`): the summary line, "claimex: {lead}N articles, …, N
/// warnings{tail} in S s", unless quiet, and the exit code the one-machine
/// run over the same input would give (1 when an article has an error or a
/// warning).
fn tables_written(
    result: claimex::error::Result<Summary>,
    cfg: &Config,
    quiet: bool,
    context: impl FnOnce() -> String,
    lead: &str,
    tail: &str,
) -> anyhow::Result<ExitCode> {
    let s = match result {
        Ok(s) => s,
        Err(claimex::error::Error::Interrupted) => return Ok(interrupted(cfg, None)),
        Err(e) => return Err(anyhow::Error::new(e).context(context())),
    };
    if !quiet {
        eprintln!(
            "claimex: {lead}{} articles, {} mentions, {} claims, {} errors, {} warnings{tail} in {:.2}s",
            s.articles,
            s.mentions,
            s.claims,
            s.errors,
            s.warnings,
            s.elapsed.as_secs_f64()
        );
    }
    Ok(ExitCode::from(if s.errors > 0 || s.warnings > 0 { 1 } else { 0 }))
}

fn interrupted(cfg: &Config, bar: Option<&ProgressBar>) -> ExitCode {
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let signo = cfg.cancel.signal_number().unwrap_or(SIGINT);
    let tables = match cfg.write.format {
        Format::Csv => format!("; the tables in {} were left as they were", cfg.out_dir.display()),
        Format::Jsonl => String::new(),
    };
    eprintln!("claimex: interrupted by {}{tables}", signal_name(signo));
    ExitCode::from(u8::try_from(signal_exit(signo)).unwrap_or(u8::MAX))
}

/// Progress bar and messages on stderr.
struct Progress {
    bar: Option<ProgressBar>,
    /// Print every problem (`--all-messages`), not the first
    /// [`SHOWN_PER_KIND`] of each kind.
    all_messages: bool,
    /// Problems seen, by kind, in order of first appearance.
    problems: Mutex<Vec<ProblemCount>>,
}

/// How many problems of one kind were seen.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ProblemCount {
    severity: Severity,
    kind: &'static str,
    count: u64,
}

/// Problems of each kind printed on stderr before the rest are only
/// counted (`… and N more <kind>`), unless `--all-messages`.
const SHOWN_PER_KIND: u64 = 10;

impl Progress {
    fn problems(&self) -> Vec<ProblemCount> {
        self.problems.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// One line per kind with problems left unprinted.
    fn report_unshown(&self) {
        if self.all_messages {
            return;
        }
        for p in self.problems() {
            if p.count > SHOWN_PER_KIND {
                let more = p.count - SHOWN_PER_KIND;
                self.message(&format!("… and {more} more {} (see articles.csv status)", p.kind));
            }
        }
    }
}

impl Observer for Progress {
    fn message(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("claimex: {msg}")),
            None => eprintln!("claimex: {msg}"),
        }
    }

    fn problem(&self, severity: Severity, kind: &'static str, msg: &str) {
        let seen = match self.problems.lock() {
            Ok(mut problems) => {
                match problems.iter_mut().find(|p| p.kind == kind && p.severity == severity) {
                    Some(p) => {
                        p.count += 1;
                        p.count
                    }
                    None => {
                        problems.push(ProblemCount { severity, kind, count: 1 });
                        1
                    }
                }
            }
            Err(_) => 1,
        };
        if self.all_messages || seen <= SHOWN_PER_KIND {
            self.message(msg);
        }
    }

    fn progress(&self, articles: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            bar.set_message(format!("{articles} articles"));
        }
    }
}

fn total_input_bytes(inputs: &[PathBuf]) -> u64 {
    fn walk(p: &Path, depth: usize) -> u64 {
        match std::fs::metadata(p) {
            Ok(m) if m.is_file() => m.len(),
            Ok(m) if m.is_dir() && depth < 64 => std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok()).map(|e| walk(&e.path(), depth + 1)).sum())
                .unwrap_or(0),
            _ => 0,
        }
    }
    inputs.iter().filter(|p| p.as_os_str() != "-").map(|p| walk(p, 0)).sum()
}

/// The input when none is given. Under `cargo run`, which sets
/// `CARGO_MANIFEST_DIR` and `CARGO_PKG_NAME` in the environment of the
/// program it runs, the checkout's `samples/` (as `samples` when the checkout
/// is the current folder, so that `source` reads as before); otherwise none:
/// an installed binary has no samples, and a `samples/` folder that happens
/// to be in the current folder is not the user's input.
fn default_inputs() -> Option<Vec<PathBuf>> {
    if std::env::var_os("CARGO_PKG_NAME")? != env!("CARGO_PKG_NAME") {
        return None;
    }
    let checkout = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let samples = checkout.join("samples");
    if !samples.is_dir() {
        return None;
    }
    let here = std::env::current_dir().and_then(|d| d.canonicalize()).ok();
    if here.is_some() && here == checkout.canonicalize().ok() {
        return Some(vec![PathBuf::from("samples")]);
    }
    Some(vec![samples])
}

/// What `claimex` with no input prints on stderr (exit 2).
const NO_INPUT: &str = "\
claimex: no input given
Usage: claimex [OPTIONS] <INPUT>...
  claimex news/ -o tables/                    a folder of .txt and .jsonl files
  zcat dump.jsonl.gz | claimex - -o tables/   JSON Lines on standard input
Run `claimex --help` for every option.";

/// The summary on stderr: counts, problems by kind, skipped files by name.
fn summary_line(s: &Summary, problems: &[ProblemCount]) -> String {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let kinds = |severity: Severity| {
        let v: Vec<String> = problems
            .iter()
            .filter(|p| p.severity == severity)
            .map(|p| format!("{} {}", p.count, p.kind))
            .collect();
        if v.is_empty() {
            String::new()
        } else {
            format!(" ({})", v.join(", "))
        }
    };
    let skipped = match s.skipped_files {
        0 => String::new(),
        n => {
            let mut names = s.skipped_names.join(", ");
            if n > s.skipped_names.len() as u64 {
                names.push_str(", …");
            }
            format!(", {n} {} skipped ({names})", if n == 1 { "file" } else { "files" })
        }
    };
    format!(
        "{} articles, {} mentions, {} claims, {} errors{}, {} warnings{}{skipped} in {:.2}s ({:.1} MB/s)",
        s.articles,
        s.mentions,
        s.claims,
        s.errors,
        kinds(Severity::Error),
        s.warnings,
        kinds(Severity::Warning),
        secs,
        s.bytes as f64 / 1e6 / secs
    )
}

fn load_gazetteer(args: &Args) -> anyhow::Result<Gazetteer> {
    match &args.gazetteers {
        Some(dir) => Gazetteer::load_dir(dir)
            .with_context(|| format!("loading gazetteers from {}", dir.display())),
        None => Gazetteer::builtin().context("loading the built-in gazetteers"),
    }
}

/// Most worker threads per available core that `-j` may ask for: beyond a
/// few per core, threads only cost memory and start-up time (`-j 5000`
/// spent 12.8 s and 194 MB on one article).
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The worker threads for `-j` (all cores, at most 64, without it), capped
/// at [`MAX_THREADS_PER_CORE`] × `cores`, with a warning when capped.
fn worker_threads(requested: Option<NonZeroUsize>, cores: usize) -> (usize, Option<String>) {
    let cores = cores.max(1);
    let Some(n) = requested.map(NonZeroUsize::get) else {
        return (cores.min(64), None);
    };
    let max = MAX_THREADS_PER_CORE * cores;
    if n <= max {
        return (n, None);
    }
    let warning = format!(
        "-j {n} is more than {MAX_THREADS_PER_CORE} × the {cores} available core{}: using {max} threads",
        if cores == 1 { "" } else { "s" }
    );
    (max, Some(warning))
}

/// Runs the command line; returns the exit code.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.emit == Some(Emit::Schema) {
        println!("{}", claimex::pipe::schema());
        return Ok(ExitCode::SUCCESS);
    }
    if args.envelope && args.inputs.iter().any(|i| i.as_os_str() != "-") {
        anyhow::bail!("--envelope is for standard input: give `-` as the only INPUT");
    }
    if args.emit == Some(Emit::Ids) && !args.envelope {
        anyhow::bail!("--emit ids needs --envelope");
    }
    let read_opts = ReadOptions {
        max_article_bytes: args.max_article_bytes,
        default_date: args.date.clone(),
        envelope: args.envelope,
    };
    if args.emit == Some(Emit::Ids) {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        claimex::pipe::emit_ids(&args.inputs, &read_opts, &mut out)
            .context("reading the ids of standard input")?;
        return Ok(ExitCode::SUCCESS);
    }
    let inputs = if !args.inputs.is_empty() || args.check_gazetteers || args.merge || args.from_rows
    {
        args.inputs.clone()
    } else {
        match default_inputs() {
            Some(samples) => samples,
            None => {
                eprintln!("{NO_INPUT}");
                return Ok(ExitCode::from(2));
            }
        }
    };
    let cancel = Cancel::new();
    if !args.check_gazetteers {
        stop_on_signals(cancel.clone())?;
    }
    let gaz = load_gazetteer(&args)?;
    if args.check_gazetteers {
        let lints = gaz.check();
        let errors = lints.iter().filter(|l| l.error).count();
        for l in &lints {
            println!("{l}");
        }
        println!(
            "{} entities, {} surface forms, {} titles, {} cues: {} errors, {} warnings",
            gaz.entities.len(),
            gaz.surfaces.len(),
            gaz.titles.len(),
            gaz.cues.len(),
            errors,
            lints.len() - errors
        );
        return Ok(ExitCode::from(if errors > 0 { 2 } else { 0 }));
    }
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let (threads, too_many) = worker_threads(args.threads, cores);
    if let Some(warning) = too_many {
        eprintln!("claimex: warning: {warning}");
    }
    let cfg = Config {
        inputs: inputs.clone(),
        out_dir: args.out.clone(),
        threads,
        read: read_opts,
        write: WriteOptions {
            sanitize: !args.raw_cells,
            excel: args.excel,
            format: if args.emit.is_some() { Format::Jsonl } else { Format::Csv },
            review: args.review.then_some(ReviewOptions { max_pages: args.review_max }),
        },
        shard: args.shard,
        cancel,
    };
    if args.from_rows {
        if args.inputs.is_empty() {
            anyhow::bail!("--from-rows needs its row streams as inputs (`-` for standard input)");
        }
        let result = claimex::pipe::from_rows(&args.inputs, &args.out, cfg.write, &cfg.cancel);
        let context = || format!("writing rows into the tables of {}", args.out.display());
        return tables_written(result, &cfg, args.quiet, context, "", " written from rows");
    }
    if args.merge {
        if args.inputs.is_empty() {
            anyhow::bail!("--merge needs the shard output folders as inputs");
        }
        let result = claimex::merge::merge(&args.inputs, &args.out, cfg.write, &cfg.cancel);
        let context = || format!("merging shards into {}", args.out.display());
        let lead = format!("merged {} shards: ", args.inputs.len());
        return tables_written(result, &cfg, args.quiet, context, &lead, "");
    }
    let pipeline = Pipeline::new(gaz)?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(Some(total_input_bytes(&inputs)), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let progress = Progress { bar, all_messages: args.all_messages, problems: Mutex::default() };
    let result = claimex::run(&cfg, &pipeline, &progress);
    progress.report_unshown();
    let summary = match result {
        Ok(s) => s,
        Err(claimex::error::Error::Interrupted) => {
            return Ok(interrupted(&cfg, progress.bar.as_ref()));
        }
        Err(e) => {
            let doing = match cfg.write.format {
                Format::Csv => format!("writing tables to {}", cfg.out_dir.display()),
                Format::Jsonl => "writing rows to standard output".to_string(),
            };
            return Err(anyhow::Error::new(e).context(doing));
        }
    };
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    if !args.quiet {
        eprintln!("claimex: {}", summary_line(&summary, &progress.problems()));
    }
    Ok(ExitCode::from(if summary.errors > 0 || summary.warnings > 0 { 1 } else { 0 }))
}

/// `--date`: a calendar date written `YYYY-MM-DD`.
fn parse_date(s: &str) -> Result<String, String> {
    match claimex::date::Date::parse_day(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!("{s:?} is not a calendar date written YYYY-MM-DD")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn args_are_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn parses_flags() {
        let a = Args::try_parse_from(["claimex", "-j", "2", "-o", "out", "-q", "a.jsonl", "-"])
            .unwrap();
        assert_eq!(a.threads.map(NonZeroUsize::get), Some(2));
        assert_eq!(a.out, PathBuf::from("out"));
        assert!(a.quiet);
        assert_eq!(a.inputs, vec![PathBuf::from("a.jsonl"), PathBuf::from("-")]);
        assert!(Args::try_parse_from(["claimex", "-j", "0"]).is_err());
    }

    #[test]
    fn a_second_signal_exits_unless_it_repeats_the_first_at_once() {
        let cancel = Cancel::new();
        let mut stopping = Stopping::default();
        assert_eq!(stopping.signal(15, &cancel), None);
        assert_eq!(cancel.signal_number(), Some(15));
        // `timeout` delivers its SIGTERM twice at once: one request.
        assert_eq!(stopping.signal(15, &cancel), None);
        stopping.first = Some(std::time::Instant::now() - SAME_REQUEST);
        assert_eq!(stopping.signal(2, &cancel), Some(130));
        assert_eq!(cancel.signal_number(), Some(15), "the first signal counts");
    }

    #[test]
    fn threads_are_capped_at_four_per_core() {
        let j = |n: usize| NonZeroUsize::new(n);
        assert_eq!(worker_threads(None, 2), (2, None));
        assert_eq!(worker_threads(None, 256), (64, None));
        assert_eq!(worker_threads(j(8), 2), (8, None));
        let (n, warning) = worker_threads(j(5000), 2);
        assert_eq!(n, 8);
        assert_eq!(
            warning.as_deref(),
            Some("-j 5000 is more than 4 × the 2 available cores: using 8 threads")
        );
        assert_eq!(worker_threads(j(100_000), 1).0, 4);
    }
}
