//! Stage 1, read: decodes input files and splits them into articles.
//!
//! Input: the paths given on the command line (files, folders, `-` for
//! standard input, whose articles are named `stdin:LINE`). Output: an iterator of [`Item`]s in a stable order, one
//! per article, where a bad article is an [`Item::Rejected`], never dropped.
//!
//! - Folders are walked depth first, entries sorted by file name bytes at
//!   every level (files and subfolders interleaved), symlinks followed, loops
//!   reported once. Only `*.txt`, `*.jsonl`, `*.jsonl.gz` and `*.jsonl.zst`
//!   are read there; other files are counted in [`Reader::skipped_files`].
//! - A file named directly is read whatever its extension: `*.txt` as one
//!   article, anything else as JSON Lines. gzip and zstd are recognised by
//!   their magic bytes, not by the extension.
//! - Memory stays bounded: JSON Lines are read one line at a time into a
//!   reused buffer, and a line (or `.txt` file) over
//!   [`ReadOptions::max_article_bytes`] is skipped through, never held.
//!
//! # Example
//!
//! ```no_run
//! use claimex::read::{articles, Item, ReadOptions};
//!
//! let inputs = vec![std::path::PathBuf::from("samples")];
//! for item in articles(&inputs, &ReadOptions::default()) {
//!     match item {
//!         Item::Article(a) => println!("{}: {} bytes", a.id, a.text.len()),
//!         Item::Rejected(r) => eprintln!("{}: error: {}", r.location, r.reason),
//!     }
//! }
//! ```

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::{Error, Location};

pub mod envelope;
mod jsonl;
mod txt;

pub use envelope::Envelope;

pub use jsonl::RawLine;
use jsonl::{Counting, LineSource, Next};
pub use txt::txt;
use txt::txt_item;

/// One article read from the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// `article_id` as the contract defines it (repeats already made unique).
    pub id: String,
    /// `source`: the path as read, plus `:LINE` for JSON Lines.
    pub source: String,
    /// The date as given (JSON `date`, or the `.txt` file's `date` marker).
    pub date: Option<String>,
    /// The title, when the input has one.
    pub title: Option<String>,
    /// The URL, when the input has one.
    pub url: Option<String>,
    /// The text every offset refers to.
    pub text: String,
    /// Reasons for a `warning:` status (repeated id, replaced bytes, …).
    pub warnings: Vec<Warning>,
    /// Where to point messages on stderr: the JSON line, or for a `.txt`
    /// file line 1 or the line of the problem (first replaced byte).
    pub location: Location,
}

/// An article that could not be processed; it still gets an `articles.csv` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// `article_id` as the contract defines it.
    pub id: String,
    /// `source`: the path as read, plus `:LINE` for JSON Lines.
    pub source: String,
    /// Why it was not processed.
    pub reason: RejectReason,
    /// Where to point messages on stderr (`path:line`, just the path for a
    /// folder).
    pub location: Location,
}

/// Why an article was not processed: its `error:` status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RejectReason {
    /// The file, folder or link could not be opened (the system's message).
    Unreadable(String),
    /// A folder links back to a folder being walked.
    SymlinkLoop,
    /// More than a few NUL bytes, or mostly control bytes.
    Binary,
    /// An empty or whitespace-only `.txt` file.
    Empty,
    /// Larger than `--max-article-bytes`.
    TooLarge {
        /// The article's size in bytes.
        bytes: u64,
        /// The limit.
        max: usize,
    },
    /// A read error in the middle of a file (the system's message).
    ReadError(String),
    /// A compressed stream that breaks (the decoder's message).
    Corrupt {
        /// `gzip` or `zstd`.
        codec: &'static str,
        /// What the decoder said.
        msg: String,
    },
    /// JSON Lines in UTF-16.
    Utf16Jsonl,
    /// A line that is not valid JSON (serde_json's message).
    InvalidJson(String),
    /// A JSON line that is not an object.
    NotAnObject,
    /// A JSON object without `text`.
    NoText,
    /// A JSON `text` that is not a string.
    TextNotString,
    /// A bug met while processing the article (the run goes on).
    Internal,
}

impl RejectReason {
    /// The kind of error, for counts: the message without its details.
    pub fn kind(&self) -> &'static str {
        match self {
            RejectReason::Unreadable(_) => "unreadable",
            RejectReason::SymlinkLoop => "symlink loop",
            RejectReason::Binary => "binary file",
            RejectReason::Empty => "empty file",
            RejectReason::TooLarge { .. } => "over --max-article-bytes",
            RejectReason::ReadError(_) => "read error",
            RejectReason::Corrupt { .. } => "truncated or corrupt stream",
            RejectReason::Utf16Jsonl => "UTF-16 JSON Lines",
            RejectReason::InvalidJson(_) => "invalid JSON",
            RejectReason::NotAnObject => "not a JSON object",
            RejectReason::NoText => "no text",
            RejectReason::TextNotString => "text is not a string",
            RejectReason::Internal => "internal error",
        }
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RejectReason::Unreadable(msg) => f.write_str(msg),
            RejectReason::SymlinkLoop => f.write_str("symlink loop"),
            RejectReason::Binary => f.write_str("binary file"),
            RejectReason::Empty => f.write_str("empty file"),
            RejectReason::TooLarge { bytes, max } => {
                write!(f, "article of {bytes} bytes is over --max-article-bytes ({max})")
            }
            RejectReason::ReadError(msg) => write!(f, "read error: {msg}"),
            RejectReason::Corrupt { codec, msg } => {
                write!(f, "truncated or corrupt {codec} stream: {msg}")
            }
            RejectReason::Utf16Jsonl => {
                f.write_str("UTF-16 JSON Lines are not supported (convert to UTF-8)")
            }
            RejectReason::InvalidJson(msg) => write!(f, "invalid JSON: {msg}"),
            RejectReason::NotAnObject => f.write_str("not a JSON object"),
            RejectReason::NoText => f.write_str("no text"),
            RejectReason::TextNotString => f.write_str("text is not a string"),
            RejectReason::Internal => {
                f.write_str("internal error while processing (please report)")
            }
        }
    }
}

/// Something to know about an article that was processed: its
/// `warning:` status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Its id was taken by an earlier article: it got a `~N` suffix.
    RepeatedId(String),
    /// Bytes that were not valid UTF-8 (or UTF-16) were replaced by U+FFFD.
    Replaced {
        /// `UTF-8` or `UTF-16`.
        encoding: &'static str,
        /// The line of the first replaced byte.
        line: usize,
    },
    /// A JSON `text` that is empty or white space only.
    EmptyText,
}

impl Warning {
    /// The kind of warning, for counts.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::RepeatedId(_) => "repeated id",
            Warning::Replaced { .. } => "invalid bytes replaced",
            Warning::EmptyText => "empty text",
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::RepeatedId(id) => write!(f, "repeated id {id}"),
            Warning::Replaced { encoding, line } => {
                write!(f, "invalid {encoding} replaced (first at line {line})")
            }
            Warning::EmptyText => f.write_str("empty text"),
        }
    }
}

/// What the reader yields for each article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A readable article.
    Article(Article),
    /// An unreadable one.
    Rejected(Rejected),
}

impl Item {
    /// The item's `article_id`.
    pub fn id(&self) -> &str {
        match self {
            Item::Article(a) => &a.id,
            Item::Rejected(r) => &r.id,
        }
    }

    /// Where messages about the item point.
    pub fn location(&self) -> &Location {
        match self {
            Item::Article(a) => &a.location,
            Item::Rejected(r) => &r.location,
        }
    }
}

/// Makes the ids of a reader's items unique across the run and gives the
/// articles without a date the default one: see [`Reader::next_deferred`].
#[derive(Clone, Debug)]
pub struct UniqueIds {
    /// Every id handed out so far -> the next `~N` suffix to try for it.
    ids: HashMap<String, u64>,
    /// The default date of articles without one.
    dates: DateFiller,
}

impl UniqueIds {
    fn new(opts: &ReadOptions) -> UniqueIds {
        UniqueIds {
            ids: HashMap::new(),
            dates: DateFiller { default_date: opts.default_date.clone() },
        }
    }

    /// Makes the item's id unique across the run (`id~2`, `id~3`, …) and
    /// gives an article without a date the default one. An item that came
    /// with an input envelope keeps the id the envelope settled.
    pub fn finish(&mut self, mut parsed: Parsed) -> Item {
        self.dates.date(&mut parsed);
        self.settle(&mut parsed);
        parsed.item
    }

    /// The part of [`UniqueIds::finish`] that needs no input order: the
    /// workers give articles their default date with it (any thread) while
    /// the ids are being settled.
    pub fn date_filler(&self) -> DateFiller {
        self.dates.clone()
    }

    /// Makes the item's id unique across the run, in input order: the
    /// part of [`UniqueIds::finish`] after the default date. True when
    /// the id changed (a repeated id: a `~N` suffix and a warning).
    pub fn settle(&mut self, parsed: &mut Parsed) -> bool {
        if parsed.enveloped {
            return false;
        }
        let item = &mut parsed.item;
        let id = match item {
            Item::Article(a) => &mut a.id,
            Item::Rejected(r) => &mut r.id,
        };
        // (One hash for an id not seen before, the common case.)
        let next = match self.ids.entry(id.clone()) {
            Entry::Vacant(v) => {
                v.insert(2);
                return false;
            }
            Entry::Occupied(o) => *o.get(),
        };
        let base = std::mem::take(id);
        let mut n = next;
        let mut candidate = format!("{base}~{n}");
        // A later article may already be called `x~2`: skip taken names.
        while self.ids.contains_key(&candidate) {
            n += 1;
            candidate = format!("{base}~{n}");
        }
        if let Some(next) = self.ids.get_mut(&base) {
            *next = n + 1;
        }
        self.ids.insert(candidate.clone(), 2);
        *id = candidate;
        if let Item::Article(a) = item {
            a.warnings.push(Warning::RepeatedId(base));
        }
        true
    }
}

/// Gives articles without a date the default one: see
/// [`UniqueIds::date_filler`].
#[derive(Clone, Debug)]
pub struct DateFiller {
    default_date: Option<String>,
}

impl DateFiller {
    /// Gives an article without a date the default one.
    pub fn date(&self, parsed: &mut Parsed) {
        if let Item::Article(a) = &mut parsed.item {
            if a.date.is_none() {
                a.date.clone_from(&self.default_date);
            }
        }
    }
}

/// An item of [`Reader::next_deferred`]: ready, or a JSON line to parse.
#[derive(Clone, Debug)]
pub struct Deferred {
    what: Next,
    /// Its input envelope settled its position and id.
    enveloped: bool,
}

impl Deferred {
    /// The bytes it holds: a JSON line's, else its text's.
    pub fn len(&self) -> usize {
        match &self.what {
            Next::Line(line) => line.len(),
            Next::Item(Item::Article(a)) => a.text.len(),
            Next::Item(Item::Rejected(_)) => 0,
        }
    }

    /// Whether it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item: the JSON line parsed, whose bytes are at their place in
    /// `buf` (the buffer given to [`Reader::next_deferred`]).
    pub fn parse(self, buf: &[u8]) -> Parsed {
        let item = match self.what {
            Next::Item(item) => item,
            Next::Line(line) => line.parse(buf),
        };
        Parsed { item, enveloped: self.enveloped }
    }
}

/// A [`Deferred`] item parsed, for [`UniqueIds::finish`].
#[derive(Debug)]
pub struct Parsed {
    item: Item,
    enveloped: bool,
}

impl Parsed {
    /// The item as parsed (its id maybe not yet unique).
    pub fn item(&self) -> &Item {
        &self.item
    }

    /// The item.
    pub fn into_item(self) -> Item {
        self.item
    }
}

/// How standard input is named on the command line.
pub const STDIN_ARG: &str = "-";

/// How standard input is named in `article_id`, `source` and messages
/// (`stdin:LINE`): a `-` would start a cell that spreadsheets run as a
/// formula, and so would be written `'-:1`.
pub const STDIN_LABEL: &str = "stdin";

/// Settings for [`articles`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest article accepted, in bytes (a JSON line without its line
    /// end, or a whole `.txt` file). Larger ones become
    /// [`Item::Rejected`] without ever being held in memory.
    pub max_article_bytes: usize,
    /// The date of articles whose input gives none (no JSON `date`, no
    /// `date` marker): `--date`. Office titles resolve by date.
    pub default_date: Option<String>,
    /// Every line of standard input carries an input envelope
    /// (`--envelope`, see [`envelope`]): its position, file, line and final id.
    pub envelope: bool,
}

impl Default for ReadOptions {
    /// 16 MiB, no default date, no envelopes.
    fn default() -> ReadOptions {
        ReadOptions { max_article_bytes: 16 * 1024 * 1024, default_date: None, envelope: false }
    }
}

/// Reads every input in order; see the [module docs](self).
pub fn articles(inputs: &[PathBuf], opts: &ReadOptions) -> Reader {
    Reader::new(inputs.iter().cloned().map(Pending::Input).collect(), opts)
}

/// Reads JSON Lines from any reader (compressed or not), naming its
/// articles `label:LINE` (the reader names standard input, `-`, `stdin`).
pub fn jsonl<R: Read + Send + 'static>(label: &str, rdr: R, opts: &ReadOptions) -> Reader {
    let mut queue = VecDeque::new();
    queue.push_back(Pending::Stream(label.to_string(), Box::new(rdr)));
    Reader::new(queue, opts)
}

/// The iterator returned by [`articles`]: one [`Item`] per article.
pub struct Reader {
    max: usize,
    /// Standard input carries input envelopes.
    envelope: bool,
    /// Items handed out so far: the next one's position, unless an
    /// envelope gives it.
    items: u64,
    /// What stopped the reading (a missing or malformed envelope).
    fatal: Option<Error>,
    pending: VecDeque<Pending>,
    /// Open folders, innermost last.
    walk: Vec<DirFrame>,
    current: Option<LineSource>,
    /// Makes the ids of the items handed out unique.
    ids: UniqueIds,
    /// The bytes of the JSON line being parsed.
    line: Vec<u8>,
    bytes: Arc<AtomicU64>,
    skipped: u64,
    /// The first [`SKIPPED_NAMES`] files skipped, as shown.
    skipped_names: Vec<String>,
}

/// How many skipped files [`Reader::skipped_names`] keeps.
pub const SKIPPED_NAMES: usize = 3;

enum Pending {
    Input(PathBuf),
    Stream(String, Box<dyn Read + Send>),
}

/// A folder being walked.
struct DirFrame {
    /// The folder as walked (input path joined with the relative path).
    path: PathBuf,
    /// Relative path from the input folder, `/`-separated; empty for it.
    rel: String,
    /// Canonical path, to detect loops through symlinks.
    canon: PathBuf,
    /// Remaining entry names, sorted.
    names: std::vec::IntoIter<OsString>,
}

impl Reader {
    fn new(pending: VecDeque<Pending>, opts: &ReadOptions) -> Reader {
        Reader {
            max: opts.max_article_bytes,
            envelope: opts.envelope,
            items: 0,
            fatal: None,
            pending,
            walk: Vec::new(),
            current: None,
            ids: UniqueIds::new(opts),
            line: Vec::new(),
            bytes: Arc::new(AtomicU64::new(0)),
            skipped: 0,
            skipped_names: Vec::new(),
        }
    }

    /// Raw input bytes consumed so far (compressed bytes for `.gz`/`.zst`),
    /// updated while reading; shared so a progress bar can poll it from
    /// another thread. A `.txt` file over the size limit counts as consumed.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes)
    }

    /// Files found in folders so far that are not `.txt`/`.jsonl[.gz|.zst]`
    /// (final once the iterator is exhausted).
    pub fn skipped_files(&self) -> u64 {
        self.skipped
    }

    /// The first few of those files ([`SKIPPED_NAMES`]), as paths shown in
    /// messages.
    pub fn skipped_names(&self) -> &[String] {
        &self.skipped_names
    }

    /// What stopped the reading early, if anything did: a line of
    /// standard input without a valid input envelope (`--envelope`). The
    /// items before it were handed out; the run must fail (exit 2).
    pub fn take_error(&mut self) -> Option<Error> {
        self.fatal.take()
    }

    /// The next item with its 0-based position in the whole input: the
    /// count of items before it, or the position its input envelope gives.
    pub fn next_positioned(&mut self) -> Option<(u64, Item)> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let next = self.next_deferred(&mut line);
        let next = next.map(|(seq, d)| (seq, self.ids.finish(d.parse(&line))));
        self.line = line;
        next
    }

    /// As [`Reader::next_positioned`], but a JSON line comes unparsed: its
    /// bytes appended to `buf`. [`Deferred::parse`] it (on any thread, in
    /// any order), then [`UniqueIds::finish`] the items in input order with
    /// the reader's [`Reader::unique_ids`], which makes their ids unique:
    /// the items are then those that `next_positioned` would have given.
    pub fn next_deferred(&mut self, buf: &mut Vec<u8>) -> Option<(u64, Deferred)> {
        let (what, enveloped) = self.next_raw(buf)?;
        let seq = match enveloped {
            Some(seq) => seq,
            None => self.items,
        };
        self.items += 1;
        Some((seq, Deferred { what, enveloped: enveloped.is_some() }))
    }

    /// What finishes the items of [`Reader::next_deferred`]: their unique
    /// ids and default date. Take it before the first item.
    pub fn unique_ids(&self) -> UniqueIds {
        self.ids.clone()
    }

    fn skip(&mut self, path: &Path) {
        self.skipped += 1;
        if self.skipped_names.len() < SKIPPED_NAMES {
            self.skipped_names.push(path_string(path));
        }
    }

    /// Handles one top-level input; returns an item or sets up a source.
    fn start_input(&mut self, pending: Pending) -> Option<Item> {
        let path = match pending {
            Pending::Stream(label, rdr) => {
                self.current = Some(LineSource::new(label, rdr, self.bytes_read()));
                return None;
            }
            Pending::Input(path) => path,
        };
        if path.as_os_str() == STDIN_ARG {
            let stdin = Box::new(io::stdin());
            let mut src = LineSource::new(STDIN_LABEL.into(), stdin, self.bytes_read());
            if self.envelope {
                src.expect_envelopes();
            }
            self.current = Some(src);
            return None;
        }
        let shown = path_string(&path);
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(err) => return Some(rejected(&shown, &shown, at_file(&shown), unreadable(&err))),
        };
        if meta.is_dir() {
            return self.enter_dir(path, String::new());
        }
        if is_txt(&shown) {
            let id = path
                .file_name()
                .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
            return Some(self.read_txt(&path, id, meta.len()));
        }
        self.open_jsonl(&path, shown)
    }

    /// Opens a folder and pushes it on the walk, or rejects it.
    fn enter_dir(&mut self, path: PathBuf, rel: String) -> Option<Item> {
        let shown = path_string(&path);
        let id = if rel.is_empty() { shown.clone() } else { rel.clone() };
        let canon = match fs::canonicalize(&path) {
            Ok(c) => c,
            Err(err) => return Some(rejected(&id, &shown, at_file(&shown), unreadable(&err))),
        };
        if self.walk.iter().any(|f| f.canon == canon) {
            return Some(rejected(&id, &shown, at_file(&shown), RejectReason::SymlinkLoop));
        }
        let names = match sorted_names(&path) {
            Ok(n) => n,
            Err(err) => return Some(rejected(&id, &shown, at_file(&shown), unreadable(&err))),
        };
        self.walk.push(DirFrame { path, rel, canon, names: names.into_iter() });
        None
    }

    /// Handles one folder entry.
    fn visit(&mut self, dir: PathBuf, rel: String, name: OsString) -> Option<Item> {
        let name_str = name.to_string_lossy().into_owned();
        let path = dir.join(&name);
        let rel = if rel.is_empty() { name_str.clone() } else { format!("{rel}/{name_str}") };
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(err) => {
                let shown = path_string(&path);
                return Some(rejected(&rel, &shown, at_file(&shown), unreadable(&err)));
            }
        };
        if meta.is_dir() {
            return self.enter_dir(path, rel);
        }
        if !meta.is_file() {
            self.skip(&path);
            return None;
        }
        match article_kind(&name_str) {
            Some(Kind::Txt) => Some(self.read_txt(&path, rel, meta.len())),
            Some(Kind::Jsonl) => {
                let shown = path_string(&path);
                self.open_jsonl(&path, shown)
            }
            None => {
                self.skip(&path);
                None
            }
        }
    }

    fn open_jsonl(&mut self, path: &Path, shown: String) -> Option<Item> {
        match File::open(path) {
            Ok(f) => {
                self.current = Some(LineSource::new(shown, Box::new(f), self.bytes_read()));
                None
            }
            Err(err) => {
                let id = format!("{shown}:1");
                Some(rejected(&id, &id, Location::new(&shown, 1), unreadable(&err)))
            }
        }
    }

    /// Reads a `.txt` file as one article.
    fn read_txt(&mut self, path: &Path, id: String, len: u64) -> Item {
        let shown = path_string(path);
        let at = || Location::new(&shown, 1);
        if len > self.max as u64 {
            self.bytes.fetch_add(len, Ordering::Relaxed);
            return rejected(&id, &shown, at(), too_large(len, self.max));
        }
        let mut raw = Vec::with_capacity(len as usize);
        let file = match File::open(path) {
            Ok(f) => f,
            Err(err) => return rejected(&id, &shown, at(), unreadable(&err)),
        };
        // The file may have grown since `metadata`: never read past the limit.
        let mut rdr = Counting { inner: file, bytes: self.bytes_read() }.take(self.max as u64 + 1);
        if let Err(err) = rdr.read_to_end(&mut raw) {
            return rejected(&id, &shown, at(), RejectReason::ReadError(err.to_string()));
        }
        if raw.len() > self.max {
            let n =
                raw.len() as u64 + io::copy(&mut rdr.into_inner(), &mut io::sink()).unwrap_or(0);
            return rejected(&id, &shown, at(), too_large(n, self.max));
        }
        txt_item(id, shown, raw)
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.next_positioned().map(|(_, item)| item)
    }
}

impl Reader {
    /// The next item, and its position when an input envelope gave one.
    fn next_raw(&mut self, buf: &mut Vec<u8>) -> Option<(Next, Option<u64>)> {
        if self.fatal.is_some() {
            return None;
        }
        loop {
            if let Some(src) = &mut self.current {
                match src.next_line(self.max, buf) {
                    Some(next) => {
                        let seq = src.envelope_seq();
                        return Some((next, seq));
                    }
                    None => {
                        self.fatal = src.take_error();
                        self.current = None;
                        if self.fatal.is_some() {
                            return None;
                        }
                    }
                }
                continue;
            }
            if let Some(frame) = self.walk.last_mut() {
                let item = match frame.names.next() {
                    Some(name) => {
                        let (dir, rel) = (frame.path.clone(), frame.rel.clone());
                        self.visit(dir, rel, name)
                    }
                    None => {
                        self.walk.pop();
                        None
                    }
                };
                if let Some(item) = item {
                    return Some((Next::Item(item), None));
                }
                continue;
            }
            let pending = self.pending.pop_front()?;
            if let Some(item) = self.start_input(pending) {
                return Some((Next::Item(item), None));
            }
        }
    }
}

fn rejected(id: &str, source: &str, location: Location, reason: RejectReason) -> Item {
    Item::Rejected(Rejected { id: id.to_string(), source: source.to_string(), reason, location })
}

fn too_large(bytes: u64, max: usize) -> RejectReason {
    RejectReason::TooLarge { bytes, max }
}

fn unreadable(err: &io::Error) -> RejectReason {
    RejectReason::Unreadable(err.to_string())
}

/// A location without a line: a folder, a path that could not be opened.
fn at_file(shown: &str) -> Location {
    Location { path: PathBuf::from(shown), line: None }
}

fn path_string(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Txt,
    Jsonl,
}

fn is_txt(name: &str) -> bool {
    article_kind(name) == Some(Kind::Txt)
}

/// What a file in a folder is, from its name (case-insensitive).
fn article_kind(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".txt") {
        Some(Kind::Txt)
    } else if [".jsonl", ".jsonl.gz", ".jsonl.zst"].iter().any(|e| lower.ends_with(e)) {
        Some(Kind::Jsonl)
    } else {
        None
    }
}

/// A folder's entry names, sorted by their bytes.
fn sorted_names(dir: &Path) -> io::Result<Vec<OsString>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        names.push(entry?.file_name());
    }
    names.sort_by(|a, b| name_bytes(a).cmp(&name_bytes(b)));
    Ok(names)
}

#[cfg(unix)]
fn name_bytes(name: &OsString) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(name.as_bytes())
}

#[cfg(not(unix))]
fn name_bytes(name: &OsString) -> std::borrow::Cow<'_, [u8]> {
    match name.to_string_lossy() {
        std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Reads JSON Lines from memory with the given size limit.
    fn read_jsonl(data: &[u8], max: usize) -> Vec<Item> {
        let opts = ReadOptions { max_article_bytes: max, ..ReadOptions::default() };
        jsonl("in.jsonl", io::Cursor::new(data.to_vec()), &opts).collect()
    }

    #[test]
    fn default_date_fills_only_articles_without_one() {
        let data = b"{\"id\":\"a\",\"date\":\"2001-02-03\",\"text\":\"A.\"}\n\
{\"id\":\"b\",\"date\":\"\",\"text\":\"B.\"}\n\
{\"id\":\"c\",\"text\":\"date 1999-12-31\\nC.\"}\n\
{\"id\":\"d\",\"date\":\"spring\",\"text\":\"D.\"}\n";
        let opts =
            ReadOptions { default_date: Some("2005-03-01".into()), ..ReadOptions::default() };
        let dates: Vec<Option<String>> = jsonl("in.jsonl", io::Cursor::new(data.to_vec()), &opts)
            .map(|i| article(&i).date.clone())
            .collect();
        let want = ["2001-02-03", "2005-03-01", "1999-12-31", "spring"];
        assert_eq!(dates, want.map(|d| Some(d.to_string())));
        let plain: Vec<Item> = read_jsonl(data, 1 << 20);
        assert_eq!(article(&plain[1]).date, None);
    }

    fn article(item: &Item) -> &Article {
        match item {
            Item::Article(a) => a,
            Item::Rejected(r) => panic!("expected an article, got {r:?}"),
        }
    }

    fn rejection(item: &Item) -> &Rejected {
        match item {
            Item::Rejected(r) => r,
            Item::Article(a) => panic!("expected a rejection, got {a:?}"),
        }
    }

    fn strings<T: ToString>(v: &[T]) -> Vec<String> {
        v.iter().map(T::to_string).collect()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn zstd(data: &[u8]) -> Vec<u8> {
        zstd::stream::encode_all(data, 3).unwrap()
    }

    #[test]
    fn jsonl_fields() {
        let items = read_jsonl(
            b"{\"id\":\"a1\",\"date\":\"2023-11-11T08:00:00Z\",\"title\":\"T\",\"url\":\"https://x.test/a\",\"text\":\"Body.\",\"extra\":[1,2]}\n",
            1000,
        );
        assert_eq!(items.len(), 1);
        let a = article(&items[0]);
        assert_eq!(a.id, "a1");
        assert_eq!(a.source, "in.jsonl:1");
        assert_eq!(a.location.to_string(), "in.jsonl:1");
        assert_eq!(a.date.as_deref(), Some("2023-11-11T08:00:00Z"));
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(a.text, "Body.");
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn jsonl_number_id_null_fields_and_text_date() {
        let items = read_jsonl(
            b"{\"id\":42,\"date\":null,\"title\":null,\"text\":\" date 2024-01-02 Body.\"}\n",
            1000,
        );
        let a = article(&items[0]);
        assert_eq!(a.id, "42");
        assert_eq!(a.date.as_deref(), Some("2024-01-02"));
        assert_eq!(a.title, None);
        assert_eq!(a.url, None);
    }

    #[test]
    fn jsonl_missing_or_empty_id_uses_file_line() {
        let items =
            read_jsonl(b"\n{\"text\":\"One.\"}\r\n  \n{\"id\":\"\",\"text\":\"Two.\"}", 1000);
        let ids: Vec<&str> = items.iter().map(Item::id).collect();
        assert_eq!(ids, ["in.jsonl:2", "in.jsonl:4"]);
        assert_eq!(article(&items[0]).text, "One.");
        assert_eq!(article(&items[1]).source, "in.jsonl:4");
    }

    #[test]
    fn jsonl_bad_lines_are_rejected_not_dropped() {
        let items = read_jsonl(
            b"{\"id\":\"x1\",\"text\":\"ok\"}\n{\"id\":\"x2\",\"text\":\"cut\n{\"title\":\"no text\"}\n{\"id\":7,\"text\":5}\n[1]\n{\"text\":null}\n",
            1000,
        );
        assert_eq!(items.len(), 6);
        let r = rejection(&items[1]);
        assert_eq!(r.id, "x2", "id sniffed from a malformed line");
        assert_eq!(r.location.to_string(), "in.jsonl:2");
        assert!(r.reason.to_string().starts_with("invalid JSON: "), "{}", r.reason);
        assert!(r.reason.to_string().contains("at column"), "{}", r.reason);
        assert!(!r.reason.to_string().contains("line 1"), "{}", r.reason);
        let r = rejection(&items[2]);
        assert_eq!((r.id.as_str(), r.reason.to_string().as_str()), ("in.jsonl:3", "no text"));
        let r = rejection(&items[3]);
        assert_eq!((r.id.as_str(), r.reason.to_string().as_str()), ("7", "text is not a string"));
        let r = rejection(&items[4]);
        assert_eq!(r.reason, RejectReason::NotAnObject);
        assert_eq!(rejection(&items[5]).reason, RejectReason::NoText);
    }

    #[test]
    fn jsonl_invalid_utf8_is_replaced_with_warning() {
        let items = read_jsonl(b"{\"text\":\"a\"}\n{\"text\":\"caf\xe9\"}\n", 1000);
        let a = article(&items[1]);
        assert_eq!(a.text, "caf\u{FFFD}");
        assert_eq!(strings(&a.warnings), ["invalid UTF-8 replaced (first at line 2)"]);
        assert_eq!(a.location.to_string(), "in.jsonl:2");
    }

    #[test]
    fn jsonl_bom_on_first_line() {
        let items = read_jsonl(b"\xEF\xBB\xBF{\"id\":\"b\",\"text\":\"x\"}\n", 1000);
        assert_eq!(article(&items[0]).id, "b");
    }

    #[test]
    fn jsonl_over_limit_line_is_rejected_and_skipped() {
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "x".repeat(500));
        let data = format!("{{\"text\":\"before\"}}\n{long}\n{{\"text\":\"after\"}}\n");
        let items = read_jsonl(data.as_bytes(), 100);
        assert_eq!(items.len(), 3);
        let r = rejection(&items[1]);
        assert_eq!(r.id, "big");
        assert_eq!(r.location.to_string(), "in.jsonl:2");
        assert_eq!(r.reason, RejectReason::TooLarge { bytes: long.len() as u64, max: 100 });
        assert_eq!(
            r.reason.to_string(),
            format!("article of {} bytes is over --max-article-bytes (100)", long.len())
        );
        assert_eq!(article(&items[2]).text, "after");
        assert_eq!(article(&items[2]).source, "in.jsonl:3");
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        let items = read_jsonl(
            b"{\"id\":\"a\",\"text\":\"1\"}\n{\"id\":\"a\",\"text\":\"2\"}\n{\"id\":\"a~3\",\"text\":\"3\"}\n{\"id\":\"a\"}\n{\"id\":\"a\",\"text\":\"5\"}\n",
            1000,
        );
        let ids: Vec<&str> = items.iter().map(Item::id).collect();
        assert_eq!(ids, ["a", "a~2", "a~3", "a~4", "a~5"]);
        assert_eq!(strings(&article(&items[1]).warnings), ["repeated id a"]);
        assert!(article(&items[2]).warnings.is_empty());
        assert_eq!(rejection(&items[3]).reason, RejectReason::NoText);
        assert_eq!(strings(&article(&items[4]).warnings), ["repeated id a"]);
    }

    #[test]
    fn gzip_and_zstd_by_magic() {
        let data = b"{\"id\":\"g\",\"text\":\"one\"}\n{\"text\":\"two\"}\n";
        for packed in [gzip(data), zstd(data)] {
            let items = read_jsonl(&packed, 1000);
            let ids: Vec<&str> = items.iter().map(Item::id).collect();
            assert_eq!(ids, ["g", "in.jsonl:2"]);
        }
    }

    #[test]
    fn multi_member_gzip_reads_whole() {
        let mut packed = gzip(b"{\"text\":\"one\"}\n");
        packed.extend(gzip(b"{\"text\":\"two\"}\n"));
        let items = read_jsonl(&packed, 1000);
        assert_eq!(items.len(), 2);
        assert_eq!(article(&items[1]).text, "two");
    }

    #[test]
    fn truncated_streams_keep_earlier_articles() {
        let mut data = Vec::new();
        // Over 128 KiB, so that zstd has more than one block to decode.
        for i in 0..4000 {
            writeln!(data, "{{\"id\":\"t{i}\",\"text\":\"Article number {i} with some words.\"}}")
                .unwrap();
        }
        for (codec, packed) in [("gzip", gzip(&data)), ("zstd", zstd(&data))] {
            let cut = &packed[..packed.len() * 2 / 3];
            let items = read_jsonl(cut, 1000);
            let (last, good) = items.split_last().unwrap();
            assert!(!good.is_empty(), "{codec}: articles before the break are kept");
            for (i, item) in good.iter().enumerate() {
                assert_eq!(article(item).id, format!("t{i}"));
            }
            let r = rejection(last);
            assert_eq!(r.id, format!("in.jsonl:{}", good.len() + 1), "{codec}");
            assert!(
                r.reason.to_string().starts_with(&format!("truncated or corrupt {codec} stream: ")),
                "{}",
                r.reason
            );
        }
    }

    #[test]
    fn binary_and_utf16_jsonl_rejected_once() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0u8; 64]);
        let items = read_jsonl(&png, 1000);
        assert_eq!(items.len(), 1);
        assert_eq!(rejection(&items[0]).reason, RejectReason::Binary);
        assert_eq!(rejection(&items[0]).id, "in.jsonl:1");
        let items = read_jsonl(b"\xFF\xFE{\0}\0", 1000);
        assert_eq!(items.len(), 1);
        assert_eq!(rejection(&items[0]).reason, RejectReason::Utf16Jsonl);
    }

    #[test]
    fn empty_stream_yields_nothing() {
        assert!(read_jsonl(b"", 1000).is_empty());
        assert!(read_jsonl(b"\n\r\n  \n", 1000).is_empty());
    }

    #[test]
    fn names_and_kinds() {
        assert_eq!(article_kind("a.txt"), Some(Kind::Txt));
        assert_eq!(article_kind("A.TXT"), Some(Kind::Txt));
        assert_eq!(article_kind("a.jsonl"), Some(Kind::Jsonl));
        assert_eq!(article_kind("a.jsonl.gz"), Some(Kind::Jsonl));
        assert_eq!(article_kind("a.jsonl.zst"), Some(Kind::Jsonl));
        assert_eq!(article_kind("a.json"), None);
        assert_eq!(article_kind("a.txt.gz"), None);
        assert_eq!(article_kind("README.md"), None);
    }

    #[test]
    fn reader_is_send() {
        fn send<T: Send>() {}
        send::<Reader>();
    }
}
