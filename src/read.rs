//! Stage 1, read: decodes input files and splits them into articles.
//!
//! Input: the paths given on the command line (files, folders, `-` for
//! standard input). Output: an iterator of [`Item`]s in a stable order, one
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

use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::Deserializer as _;
use serde_json::Value;

use crate::layout;

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
    pub warnings: Vec<String>,
    /// `path:line` for messages on stderr: the JSON line, or for a `.txt`
    /// file line 1 or the line of the problem (first replaced byte).
    pub location: String,
}

/// An article that could not be processed; it still gets an `articles.csv` row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejected {
    /// `article_id` as the contract defines it.
    pub id: String,
    /// `source`: the path as read, plus `:LINE` for JSON Lines.
    pub source: String,
    /// The reason, without the `error: ` prefix.
    pub reason: String,
    /// `path:line` (just `path` for a folder) for messages on stderr.
    pub location: String,
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

    /// The item's `path:line` for messages.
    pub fn location(&self) -> &str {
        match self {
            Item::Article(a) => &a.location,
            Item::Rejected(r) => &r.location,
        }
    }
}

/// Settings for [`articles`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest article accepted, in bytes (a JSON line without its line
    /// end, or a whole `.txt` file). Larger ones become
    /// [`Item::Rejected`] without ever being held in memory.
    pub max_article_bytes: usize,
}

impl Default for ReadOptions {
    /// 16 MiB.
    fn default() -> ReadOptions {
        ReadOptions { max_article_bytes: 16 * 1024 * 1024 }
    }
}

/// Reads every input in order; see the [module docs](self).
pub fn articles(inputs: &[PathBuf], opts: &ReadOptions) -> Reader {
    Reader::new(inputs.iter().cloned().map(Pending::Input).collect(), opts)
}

/// Reads JSON Lines from any reader (compressed or not), naming its
/// articles `label:LINE` as for standard input (`-`).
pub fn jsonl<R: Read + Send + 'static>(label: &str, rdr: R, opts: &ReadOptions) -> Reader {
    let mut queue = VecDeque::new();
    queue.push_back(Pending::Stream(label.to_string(), Box::new(rdr)));
    Reader::new(queue, opts)
}

/// The iterator returned by [`articles`]: one [`Item`] per article.
pub struct Reader {
    max: usize,
    pending: VecDeque<Pending>,
    /// Open folders, innermost last.
    walk: Vec<DirFrame>,
    current: Option<LineSource>,
    /// Every id handed out so far -> the next `~N` suffix to try for it.
    ids: HashMap<String, u64>,
    bytes: Arc<AtomicU64>,
    skipped: u64,
}

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
            pending,
            walk: Vec::new(),
            current: None,
            ids: HashMap::new(),
            bytes: Arc::new(AtomicU64::new(0)),
            skipped: 0,
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

    /// Makes the item's id unique across the run: `id~2`, `id~3`, …
    fn finish(&mut self, mut item: Item) -> Item {
        let id = match &mut item {
            Item::Article(a) => &mut a.id,
            Item::Rejected(r) => &mut r.id,
        };
        let Some(next) = self.ids.get_mut(id.as_str()) else {
            self.ids.insert(id.clone(), 2);
            return item;
        };
        let base = std::mem::take(id);
        let mut n = *next;
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
        if let Item::Article(a) = &mut item {
            a.warnings.push(format!("repeated id {base}"));
        }
        item
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
        let shown = path_string(&path);
        if path.as_os_str() == "-" {
            let stdin = Box::new(io::stdin());
            self.current = Some(LineSource::new(shown, stdin, self.bytes_read()));
            return None;
        }
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(err) => return Some(rejected(&shown, &shown, &shown, err.to_string())),
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
            Err(err) => return Some(rejected(&id, &shown, &shown, err.to_string())),
        };
        if self.walk.iter().any(|f| f.canon == canon) {
            return Some(rejected(&id, &shown, &shown, "symlink loop".to_string()));
        }
        let names = match sorted_names(&path) {
            Ok(n) => n,
            Err(err) => return Some(rejected(&id, &shown, &shown, err.to_string())),
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
                return Some(rejected(&rel, &shown, &shown, err.to_string()));
            }
        };
        if meta.is_dir() {
            return self.enter_dir(path, rel);
        }
        if !meta.is_file() {
            self.skipped += 1;
            return None;
        }
        match article_kind(&name_str) {
            Some(Kind::Txt) => Some(self.read_txt(&path, rel, meta.len())),
            Some(Kind::Jsonl) => {
                let shown = path_string(&path);
                self.open_jsonl(&path, shown)
            }
            None => {
                self.skipped += 1;
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
                let at = format!("{shown}:1");
                Some(rejected(&at, &at, &at, err.to_string()))
            }
        }
    }

    /// Reads a `.txt` file as one article.
    fn read_txt(&mut self, path: &Path, id: String, len: u64) -> Item {
        let shown = path_string(path);
        let at = format!("{shown}:1");
        if len > self.max as u64 {
            self.bytes.fetch_add(len, Ordering::Relaxed);
            return rejected(&id, &shown, &at, over_limit(len, self.max));
        }
        let mut raw = Vec::with_capacity(len as usize);
        let file = match File::open(path) {
            Ok(f) => f,
            Err(err) => return rejected(&id, &shown, &at, err.to_string()),
        };
        // The file may have grown since `metadata`: never read past the limit.
        let mut rdr = Counting { inner: file, bytes: self.bytes_read() }.take(self.max as u64 + 1);
        if let Err(err) = rdr.read_to_end(&mut raw) {
            return rejected(&id, &shown, &at, format!("read error: {err}"));
        }
        if raw.len() > self.max {
            let n =
                raw.len() as u64 + io::copy(&mut rdr.into_inner(), &mut io::sink()).unwrap_or(0);
            return rejected(&id, &shown, &at, over_limit(n, self.max));
        }
        txt_item(id, shown, raw)
    }
}

/// Reads the bytes of one `.txt` article, named `name` (its `article_id`
/// and `source`), as a file of that name would be read: BOM removed,
/// UTF-16 by BOM, else UTF-8 with bad bytes replaced (a warning); binary,
/// empty and over-limit files rejected.
///
/// ```
/// use claimex::read::{txt, Item, ReadOptions};
///
/// let item = txt("nk.txt", b"\xEF\xBB\xBFdate 2024-01-02 Hi.".to_vec(), &ReadOptions::default());
/// let Item::Article(a) = item else { panic!() };
/// assert_eq!((a.text.as_str(), a.date.as_deref()), ("date 2024-01-02 Hi.", Some("2024-01-02")));
/// ```
pub fn txt(name: &str, raw: Vec<u8>, opts: &ReadOptions) -> Item {
    if raw.len() > opts.max_article_bytes {
        let at = format!("{name}:1");
        return rejected(name, name, &at, over_limit(raw.len() as u64, opts.max_article_bytes));
    }
    txt_item(name.to_string(), name.to_string(), raw)
}

/// The item of a `.txt` file's bytes (already within the size limit).
fn txt_item(id: String, shown: String, raw: Vec<u8>) -> Item {
    let at = format!("{shown}:1");
    let decoded = match decode_txt(raw) {
        Ok(d) => d,
        Err(reason) => return rejected(&id, &shown, &at, reason.to_string()),
    };
    if decoded.text.trim().is_empty() {
        return rejected(&id, &shown, &at, "empty file".to_string());
    }
    let mut warnings = Vec::new();
    let mut location = at;
    if let Some((what, line)) = decoded.replaced {
        warnings.push(format!("invalid {what} replaced (first at line {line})"));
        location = format!("{shown}:{line}");
    }
    let date = layout::date_prefix(&decoded.text).map(|(_, d)| d.to_string());
    Item::Article(Article {
        id,
        source: shown,
        date,
        title: None,
        url: None,
        text: decoded.text,
        warnings,
        location,
    })
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(src) = &mut self.current {
                match src.next_item(self.max) {
                    Some(item) => return Some(self.finish(item)),
                    None => self.current = None,
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
                    return Some(self.finish(item));
                }
                continue;
            }
            let pending = self.pending.pop_front()?;
            if let Some(item) = self.start_input(pending) {
                return Some(self.finish(item));
            }
        }
    }
}

fn rejected(id: &str, source: &str, location: &str, reason: String) -> Item {
    Item::Rejected(Rejected {
        id: id.to_string(),
        source: source.to_string(),
        reason,
        location: location.to_string(),
    })
}

fn over_limit(n: u64, max: usize) -> String {
    format!("article of {n} bytes is over --max-article-bytes ({max})")
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

/// Counts the raw bytes read through it.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The decoded text of a `.txt` file.
struct Decoded {
    text: String,
    /// What was replaced (`UTF-8`/`UTF-16`) and the line of the first one.
    replaced: Option<(&'static str, usize)>,
}

/// Decodes a `.txt` file: BOM removed, UTF-16 by BOM, else UTF-8 (lossily).
fn decode_txt(mut raw: Vec<u8>) -> Result<Decoded, &'static str> {
    if let Some(rest) = raw.strip_prefix(b"\xFF\xFE") {
        return Ok(decode_utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = raw.strip_prefix(b"\xFE\xFF") {
        return Ok(decode_utf16(rest, u16::from_be_bytes));
    }
    if raw.starts_with(b"\xEF\xBB\xBF") {
        raw.drain(..3);
    }
    if looks_binary(&raw) {
        return Err("binary file");
    }
    match String::from_utf8(raw) {
        Ok(text) => Ok(Decoded { text, replaced: None }),
        Err(err) => {
            let bytes = err.as_bytes();
            let bad = err.utf8_error().valid_up_to();
            let line = line_of(&bytes[..bad]);
            let text = String::from_utf8_lossy(bytes).into_owned();
            Ok(Decoded { text, replaced: Some(("UTF-8", line)) })
        }
    }
}

fn decode_utf16(raw: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded {
    let units = raw.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(raw.len());
    let mut first_bad = None;
    for c in char::decode_utf16(units) {
        let c = c.unwrap_or_else(|_| {
            first_bad.get_or_insert(text.len());
            char::REPLACEMENT_CHARACTER
        });
        text.push(c);
    }
    if raw.len() % 2 == 1 {
        first_bad.get_or_insert(text.len());
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let replaced = first_bad.map(|at| ("UTF-16", line_of(&text.as_bytes()[..at])));
    Decoded { text, replaced }
}

/// 1-based line number of the byte just after `before`.
fn line_of(before: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', before).count() + 1
}

/// Binary sniffing on the first 8 KiB: more than a few NUL bytes, or more
/// than 30% control bytes other than tab, line ends and form feed.
fn looks_binary(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(8192)];
    let nuls = memchr::memchr_iter(0, head).count();
    let controls =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    nuls > 2 || controls * 10 > head.len() * 3
}

/// An open JSON Lines stream.
struct LineSource {
    /// FILE as given or walked (`-` for standard input).
    label: String,
    state: SourceState,
    /// Lines read so far (the current line's number once read).
    line: u64,
    buf: Vec<u8>,
    /// `gzip`/`zstd` once detected, for error messages.
    codec: Option<&'static str>,
}

enum SourceState {
    /// Not yet sniffed for compression.
    Raw(Box<dyn Read + Send>, Arc<AtomicU64>),
    /// Reading lines.
    Open(Box<dyn BufRead + Send>),
    /// Ended (or broken).
    Done,
}

const GZIP_MAGIC: &[u8] = b"\x1f\x8b";
const ZSTD_MAGIC: &[u8] = b"\x28\xb5\x2f\xfd";

impl LineSource {
    fn new(label: String, rdr: Box<dyn Read + Send>, bytes: Arc<AtomicU64>) -> LineSource {
        LineSource {
            label,
            state: SourceState::Raw(rdr, bytes),
            line: 0,
            buf: Vec::new(),
            codec: None,
        }
    }

    fn here(&self) -> String {
        format!("{}:{}", self.label, self.line)
    }

    fn reject(&self, id: Option<String>, reason: String) -> Item {
        let at = self.here();
        rejected(id.as_deref().unwrap_or(&at), &at, &at, reason)
    }

    /// Picks the decoder by magic bytes and checks for binary content;
    /// returns the file's rejection, if any.
    fn open(&mut self, rdr: Box<dyn Read + Send>, bytes: Arc<AtomicU64>) -> Option<Item> {
        self.line = 1;
        let raw = peek(Counting { inner: rdr, bytes }, 4);
        let decoded: Box<dyn Read + Send> = if raw.head.starts_with(GZIP_MAGIC) {
            self.codec = Some("gzip");
            Box::new(flate2::read::MultiGzDecoder::new(raw))
        } else if raw.head.starts_with(ZSTD_MAGIC) {
            self.codec = Some("zstd");
            match zstd::stream::read::Decoder::new(raw) {
                Ok(d) => Box::new(d),
                Err(err) => return Some(self.reject(None, self.stream_error(&err))),
            }
        } else {
            Box::new(raw)
        };
        // A read error here is kept for its place in the stream, so that the
        // lines before a break are still read.
        let decoded = peek(decoded, 8192);
        if decoded.head.starts_with(b"\xFF\xFE") || decoded.head.starts_with(b"\xFE\xFF") {
            let reason = "UTF-16 JSON Lines are not supported (convert to UTF-8)";
            return Some(self.reject(None, reason.to_string()));
        }
        if looks_binary(&decoded.head) {
            return Some(self.reject(None, "binary file".to_string()));
        }
        self.line = 0;
        self.state = SourceState::Open(Box::new(BufReader::with_capacity(64 * 1024, decoded)));
        None
    }

    fn stream_error(&self, err: &io::Error) -> String {
        match self.codec {
            Some(codec) => format!("truncated or corrupt {codec} stream: {err}"),
            None => format!("read error: {err}"),
        }
    }

    /// The next article (or rejection) of this stream; `None` at its end.
    fn next_item(&mut self, max: usize) -> Option<Item> {
        if matches!(self.state, SourceState::Raw(..)) {
            if let SourceState::Raw(rdr, bytes) =
                std::mem::replace(&mut self.state, SourceState::Done)
            {
                if let Some(item) = self.open(rdr, bytes) {
                    return Some(item);
                }
            }
        }
        loop {
            let SourceState::Open(rdr) = &mut self.state else {
                return None;
            };
            self.line += 1;
            self.buf.clear();
            let len = match read_line_bounded(rdr, &mut self.buf, max) {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.state = SourceState::Done;
                    return None;
                }
                Err(err) => {
                    self.state = SourceState::Done;
                    return Some(self.reject(None, self.stream_error(&err)));
                }
            };
            if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            if len > max {
                let id = sniff_id(&String::from_utf8_lossy(&self.buf));
                return Some(self.reject(id, over_limit(len as u64, max)));
            }
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse_line());
        }
    }

    /// Turns the line in `buf` into an item.
    fn parse_line(&mut self) -> Item {
        let at = self.here();
        let mut warnings = Vec::new();
        let lossy;
        let line = match std::str::from_utf8(&self.buf) {
            Ok(s) => s,
            Err(_) => {
                warnings.push(format!("invalid UTF-8 replaced (first at line {})", self.line));
                lossy = String::from_utf8_lossy(&self.buf).into_owned();
                &lossy
            }
        };
        // serde would also read a struct from a JSON array, by position.
        if !line.trim_start().starts_with('{') {
            let reason = match serde_json::from_str::<IgnoredAny>(line) {
                Ok(_) => "not a JSON object".to_string(),
                Err(err) => format!("invalid JSON: {}", json_message(&err)),
            };
            return self.reject(None, reason);
        }
        let raw: RawArticle = match serde_json::from_str(line) {
            Ok(raw) => raw,
            Err(err) => {
                return self.reject(sniff_id(line), format!("invalid JSON: {}", json_message(&err)))
            }
        };
        let id = raw.id.as_ref().and_then(scalar_string).filter(|s| !s.trim().is_empty());
        let text = match raw.text {
            Some(Value::String(text)) => text,
            None => return self.reject(id, "no text".to_string()),
            Some(_) => return self.reject(id, "text is not a string".to_string()),
        };
        if text.trim().is_empty() {
            warnings.push("empty text".to_string());
        }
        let field =
            |v: &Option<Value>| v.as_ref().and_then(scalar_string).filter(|s| !s.trim().is_empty());
        let date =
            field(&raw.date).or_else(|| layout::date_prefix(&text).map(|(_, d)| d.to_string()));
        Item::Article(Article {
            id: id.unwrap_or_else(|| at.clone()),
            source: at.clone(),
            date,
            title: field(&raw.title),
            url: field(&raw.url),
            text,
            warnings,
            location: at,
        })
    }
}

/// One JSON line; unknown fields are ignored.
#[derive(Debug, serde::Deserialize)]
struct RawArticle {
    id: Option<Value>,
    date: Option<Value>,
    title: Option<Value>,
    url: Option<Value>,
    text: Option<Value>,
}

/// The string form of a string or number.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// serde_json's message with "line 1 column N" shortened to "column N"
/// (every line is parsed on its own; the line is in the location).
fn json_message(err: &serde_json::Error) -> String {
    let msg = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match msg.strip_suffix(&suffix) {
        Some(head) => format!("{head} at column {}", err.column()),
        None => msg,
    }
}

/// The `id` of a possibly malformed or cut JSON object, when it comes
/// before the point where parsing fails.
fn sniff_id(line: &str) -> Option<String> {
    struct Sniff<'a>(&'a mut Option<String>);
    impl<'de> Visitor<'de> for Sniff<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "id" {
                    let v: Value = map.next_value()?;
                    *self.0 = scalar_string(&v).filter(|s| !s.trim().is_empty());
                    return Ok(());
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut id = None;
    let mut de = serde_json::Deserializer::from_str(line);
    // The error (if any) is the one already being reported; only the id
    // captured before it matters here.
    let _ = de.deserialize_map(Sniff(&mut id));
    id
}

/// A reader whose first bytes have been read ahead into `head`; a read
/// error met while reading ahead is returned after `head`, in its place.
struct Peeked<R> {
    head: Vec<u8>,
    pos: usize,
    err: Option<io::Error>,
    rest: R,
}

impl<R: Read> Read for Peeked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.pos);
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(err) = self.err.take() {
            return Err(err);
        }
        self.rest.read(buf)
    }
}

/// Reads up to `n` bytes ahead (fewer at the end of the stream or at an error).
fn peek<R: Read>(mut rest: R, n: usize) -> Peeked<R> {
    let mut head = vec![0; n];
    let mut len = 0;
    let mut err = None;
    while len < n {
        match rest.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(k) => len += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    head.truncate(len);
    Peeked { head, pos: 0, err, rest }
}

/// Reads one line into `buf` (without its `\n`), keeping at most `max`
/// bytes of it; returns the line's full length, or `None` at the end.
fn read_line_bounded<R: BufRead + ?Sized>(
    rdr: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<usize>> {
    let mut total = 0usize;
    let mut any = false;
    loop {
        let avail = match rdr.fill_buf() {
            Ok(b) => b,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if avail.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (chunk, found) = match memchr::memchr(b'\n', avail) {
            Some(i) => (&avail[..i], true),
            None => (avail, false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        total += chunk.len();
        let used = chunk.len() + usize::from(found);
        rdr.consume(used);
        if found {
            return Ok(Some(total));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Reads JSON Lines from memory with the given size limit.
    fn read_jsonl(data: &[u8], max: usize) -> Vec<Item> {
        let opts = ReadOptions { max_article_bytes: max };
        jsonl("in.jsonl", io::Cursor::new(data.to_vec()), &opts).collect()
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
        assert_eq!(a.location, "in.jsonl:1");
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
        assert_eq!(r.location, "in.jsonl:2");
        assert!(r.reason.starts_with("invalid JSON: "), "{}", r.reason);
        assert!(r.reason.contains("at column"), "{}", r.reason);
        assert!(!r.reason.contains("line 1"), "{}", r.reason);
        let r = rejection(&items[2]);
        assert_eq!((r.id.as_str(), r.reason.as_str()), ("in.jsonl:3", "no text"));
        let r = rejection(&items[3]);
        assert_eq!((r.id.as_str(), r.reason.as_str()), ("7", "text is not a string"));
        let r = rejection(&items[4]);
        assert!(r.reason == "not a JSON object", "{}", r.reason);
        assert_eq!(rejection(&items[5]).reason, "no text");
    }

    #[test]
    fn jsonl_invalid_utf8_is_replaced_with_warning() {
        let items = read_jsonl(b"{\"text\":\"a\"}\n{\"text\":\"caf\xe9\"}\n", 1000);
        let a = article(&items[1]);
        assert_eq!(a.text, "caf\u{FFFD}");
        assert_eq!(a.warnings, ["invalid UTF-8 replaced (first at line 2)"]);
        assert_eq!(a.location, "in.jsonl:2");
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
        assert_eq!(r.location, "in.jsonl:2");
        assert_eq!(
            r.reason,
            format!("article of {} bytes is over --max-article-bytes (100)", long.len())
        );
        assert_eq!(article(&items[2]).text, "after");
        assert_eq!(article(&items[2]).source, "in.jsonl:3");
    }

    #[test]
    fn bounded_line_reader_keeps_at_most_max() {
        let mut rdr = BufReader::with_capacity(4, io::Cursor::new(b"abcdefghij\nxy".to_vec()));
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut rdr, &mut buf, 3).unwrap(), Some(10));
        assert_eq!(buf, b"abc");
        buf.clear();
        assert_eq!(read_line_bounded(&mut rdr, &mut buf, 3).unwrap(), Some(2));
        assert_eq!(buf, b"xy");
        buf.clear();
        assert_eq!(read_line_bounded(&mut rdr, &mut buf, 3).unwrap(), None);
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        let items = read_jsonl(
            b"{\"id\":\"a\",\"text\":\"1\"}\n{\"id\":\"a\",\"text\":\"2\"}\n{\"id\":\"a~3\",\"text\":\"3\"}\n{\"id\":\"a\"}\n{\"id\":\"a\",\"text\":\"5\"}\n",
            1000,
        );
        let ids: Vec<&str> = items.iter().map(Item::id).collect();
        assert_eq!(ids, ["a", "a~2", "a~3", "a~4", "a~5"]);
        assert_eq!(article(&items[1]).warnings, ["repeated id a"]);
        assert!(article(&items[2]).warnings.is_empty());
        assert_eq!(rejection(&items[3]).reason, "no text");
        assert_eq!(article(&items[4]).warnings, ["repeated id a"]);
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
                r.reason.starts_with(&format!("truncated or corrupt {codec} stream: ")),
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
        assert_eq!(rejection(&items[0]).reason, "binary file");
        assert_eq!(rejection(&items[0]).id, "in.jsonl:1");
        let items = read_jsonl(b"\xFF\xFE{\0}\0", 1000);
        assert_eq!(items.len(), 1);
        assert!(rejection(&items[0]).reason.contains("UTF-16"));
    }

    #[test]
    fn empty_stream_yields_nothing() {
        assert!(read_jsonl(b"", 1000).is_empty());
        assert!(read_jsonl(b"\n\r\n  \n", 1000).is_empty());
    }

    #[test]
    fn txt_decoding() {
        let d = decode_txt(b"\xEF\xBB\xBFdate 2023-11-11 Hi.\r\n".to_vec()).unwrap();
        assert_eq!(d.text, "date 2023-11-11 Hi.\r\n");
        assert!(d.replaced.is_none());
        let d = decode_txt(b"\xFF\xFEH\0i\0\n\0".to_vec()).unwrap();
        assert_eq!(d.text, "Hi\n");
        let d = decode_txt(b"\xFE\xFF\0H\0\xe9".to_vec()).unwrap();
        assert_eq!(d.text, "H\u{e9}");
        let d = decode_txt(b"\xFF\xFEa\0\n\0\x00\xd8b\0".to_vec()).unwrap();
        assert_eq!(d.text, "a\n\u{FFFD}b");
        assert_eq!(d.replaced, Some(("UTF-16", 2)));
        let d = decode_txt(b"one\ntwo\nthr\xffee\n\xfe".to_vec()).unwrap();
        assert_eq!(d.text, "one\ntwo\nthr\u{FFFD}ee\n\u{FFFD}");
        assert_eq!(d.replaced, Some(("UTF-8", 3)));
        assert_eq!(decode_txt(b"a\0b\0c\0d\0".to_vec()).err(), Some("binary file"));
        assert_eq!(decode_txt(b"\x01\x02\x03\x04abc".to_vec()).err(), Some("binary file"));
        assert!(decode_txt(b"tab\there\x0cpage".to_vec()).is_ok());
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
    fn json_messages_drop_line_one() {
        let err = serde_json::from_str::<RawArticle>("{\"text\": }").unwrap_err();
        assert_eq!(json_message(&err), "expected value at column 10");
    }

    #[test]
    fn sniffs_ids() {
        assert_eq!(sniff_id("{\"url\":\"u\",\"id\":\"k\",\"text\":"), Some("k".to_string()));
        assert_eq!(sniff_id("{\"id\":12.5"), Some("12.5".to_string()));
        assert_eq!(sniff_id("{\"text\":\"abc"), None);
        assert_eq!(sniff_id("garbage"), None);
    }

    #[test]
    fn reader_is_send() {
        fn send<T: Send>() {}
        send::<Reader>();
    }
}
