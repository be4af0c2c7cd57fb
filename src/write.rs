//! Stage 5, write: CSV tables.
//!
//! Input: one [`Processed`] article at a time, in input order. Output: the
//! tables `articles.csv`, `entities.csv`, `mentions.csv`, `claims.csv` and
//! `claim_entities.csv` in the output folder.
//!
//! Rows are encoded to CSV bytes by the worker that processed the article
//! ([`encode`]), so encoding runs in parallel with tagging; [`Tables`] only
//! appends those bytes in input order, which keeps the output byte-identical
//! for any number of threads. Tables are written to temporary files and
//! renamed into place at the end: a reader never sees a half-written table,
//! and a failed run leaves the previous tables intact.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::candidates::Candidates;
use crate::claims::Claim;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::layout::normalize_date;
use crate::read::Article;
use crate::shard::{
    Shard, ShardMeta, SHARD_CANDIDATES, SHARD_CANDIDATES_HEADER, SHARD_ENTITIES,
    SHARD_ENTITIES_HEADER, SHARD_INDEX, SHARD_INDEX_HEADER, SHARD_META,
};
use crate::span::{char_count, CharIndex};
use crate::tag::{EntityRef, Tagged};
use crate::tokenize::Document;

/// Table headers, exactly as the contract lists them (extra columns last).
pub const ARTICLES_HEADER: &[&str] = &[
    "article_id",
    "source",
    "date",
    "title",
    "url",
    "chars",
    "sentences",
    "tokens",
    "mentions",
    "claims",
    "status",
];
/// `entities.csv` header.
pub const ENTITIES_HEADER: &[&str] = &["entity_id", "type", "name", "mentions", "articles"];
/// `mentions.csv` header.
pub const MENTIONS_HEADER: &[&str] = &[
    "mention_id",
    "article_id",
    "sentence",
    "start",
    "end",
    "text",
    "entity_id",
    "type",
    "name",
    "how",
];
/// `claims.csv` header.
pub const CLAIMS_HEADER: &[&str] = &[
    "claim_id",
    "article_id",
    "sentence",
    "kind",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "speaker_entity_id",
    "speaker_type",
    "speaker_name",
    "cue",
    "claim_text",
    "start",
    "end",
    "speaker_how",
];
/// `claim_entities.csv` header.
pub const CLAIM_ENTITIES_HEADER: &[&str] = &["claim_id", "entity_id", "type", "name"];

/// `candidates.csv` header: capitalised names that matched nothing.
pub const CANDIDATES_HEADER: &[&str] = &["name", "count", "example"];

/// The tables, in the order they are written.
pub const TABLES: &[(&str, &[&str])] = &[
    ("articles.csv", ARTICLES_HEADER),
    ("entities.csv", ENTITIES_HEADER),
    ("mentions.csv", MENTIONS_HEADER),
    ("claims.csv", CLAIMS_HEADER),
    ("claim_entities.csv", CLAIM_ENTITIES_HEADER),
    ("candidates.csv", CANDIDATES_HEADER),
];

/// Candidate names written to `candidates.csv` are those seen at least this often.
pub const CANDIDATE_MIN_COUNT: u64 = 2;

/// Options for writing.
#[derive(Clone, Copy, Debug)]
pub struct WriteOptions {
    /// Neutralise cells that a spreadsheet would run as a formula.
    pub sanitize: bool,
    /// Excel mode: a UTF-8 BOM, cells cut at Excel's limit, tables split
    /// into parts of at most [`EXCEL_MAX_ROWS`] rows.
    pub excel: bool,
    /// CSV tables, or JSON Lines records on one stream (`--emit jsonl`).
    pub format: Format,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions { sanitize: true, excel: false, format: Format::Csv }
    }
}

/// How rows are encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV, one file per table (the `csv` crate's rules: a cell is
    /// quoted only when it holds `,`, `"`, CR or LF).
    #[default]
    Csv,
    /// One JSON object per row, `{"table": NAME, COLUMN: CELL, …}`, every
    /// cell a JSON string holding exactly the CSV cell's text.
    Jsonl,
}

/// Excel's most characters in a cell.
pub const EXCEL_MAX_CELL: usize = 32_767;
/// Excel's most rows in a sheet, header included.
pub const EXCEL_MAX_ROWS: u64 = 1_048_576;
/// What ends a cell cut at Excel's limit.
pub const CUT_MARKER: &str = "…[cut]";

/// The status of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Processed, nothing to report.
    Ok,
    /// Processed, with reasons to know.
    Warning(Vec<String>),
    /// Not processed.
    Error(String),
}

impl Status {
    fn render(&self) -> String {
        match self {
            Status::Ok => "ok".to_string(),
            Status::Warning(w) => format!("warning: {}", w.join("; ")),
            Status::Error(e) => format!("error: {e}"),
        }
    }
}

/// Per-entity counts of one article: entity id -> (type, name, mentions).
pub type EntityCounts = Vec<(String, &'static str, String, u64)>;

/// One article after the pipeline, rows already encoded.
#[derive(Debug, Default)]
pub struct Processed {
    /// 0-based position of the article in the whole input (all shards).
    pub seq: u64,
    /// `articles.csv` row.
    pub article_row: Vec<u8>,
    /// `mentions.csv` rows.
    pub mention_rows: Vec<u8>,
    /// `claims.csv` rows.
    pub claim_rows: Vec<u8>,
    /// `claim_entities.csv` rows.
    pub claim_entity_rows: Vec<u8>,
    /// Entities mentioned, with counts.
    pub entities: EntityCounts,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of claims.
    pub claims: u64,
    /// Number of `claim_entities.csv` rows.
    pub claim_entities: u64,
    /// 0 ok, 1 warning, 2 error.
    pub severity: u8,
    /// Capitalised names that matched nothing: each name once, with its
    /// count in the article and its first sentence as an example.
    pub candidates: Vec<(String, u64, String)>,
}

/// Makes a text cell safe for spreadsheets: a cell that would run as a
/// formula gets a leading `'` (unless `sanitize` is off); in Excel mode a
/// cell over Excel's limit is cut and ends with [`CUT_MARKER`].
pub fn safe_cell(s: &str, opts: WriteOptions) -> Cow<'_, str> {
    let mut cell = Cow::Borrowed(s);
    if opts.sanitize && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        cell = Cow::Owned(format!("'{s}"));
    }
    if opts.excel && cell.len() > EXCEL_MAX_CELL {
        let keep = EXCEL_MAX_CELL - CUT_MARKER.chars().count();
        if cell.chars().nth(keep).is_some() && cell.chars().count() > EXCEL_MAX_CELL {
            let mut cut: String = cell.chars().take(keep).collect();
            cut.push_str(CUT_MARKER);
            cell = Cow::Owned(cut);
        }
    }
    cell
}

/// Does a CSV cell need quotes? The `csv` crate's rule for
/// `QuoteStyle::Necessary` with `,` and `"` and its `\n` terminator.
#[inline]
fn needs_quotes(b: &[u8]) -> bool {
    // No early exit: the loop vectorises, and most cells have no such byte.
    b.iter().fold(false, |seen, &c| seen | matches!(c, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends `s` as a JSON string (the escapes `serde_json` uses).
fn json_str(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    let b = s.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        buf.extend_from_slice(&b[from..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[(c >> 4) as usize]);
            buf.push(HEX[(c & 15) as usize]);
        } else {
            buf.extend_from_slice(esc);
        }
        from = i + 1;
    }
    buf.extend_from_slice(&b[from..]);
    buf.push(b'"');
}

/// Rows of one table being encoded into a byte buffer, CSV or JSON Lines,
/// with no allocation per cell: cells are written straight into the buffer
/// (quoted or escaped when needed), numbers through a stack buffer.
pub struct Rows {
    buf: Vec<u8>,
    table: &'static str,
    header: &'static [&'static str],
    col: usize,
    opts: WriteOptions,
}

impl Rows {
    /// An empty buffer for rows of `table` (a file name such as
    /// `mentions.csv`; its stem names the table in JSON Lines).
    pub fn new(table: &'static str, header: &'static [&'static str], opts: WriteOptions) -> Rows {
        Rows { buf: Vec::new(), table, header, col: 0, opts }
    }

    /// Starts a row.
    pub fn begin(&mut self) {
        self.col = 0;
        if self.opts.format == Format::Jsonl {
            self.buf.extend_from_slice(b"{\"table\":");
            json_str(&mut self.buf, self.table.trim_end_matches(".csv"));
        }
    }

    /// Ends a row.
    pub fn end(&mut self) {
        if self.opts.format == Format::Jsonl {
            self.buf.push(b'}');
        }
        self.buf.push(b'\n');
    }

    /// A cell exactly as given (ids, kinds, numbers, statuses).
    pub fn raw(&mut self, s: &str) {
        match self.opts.format {
            Format::Csv => {
                if self.col > 0 {
                    self.buf.push(b',');
                }
                let b = s.as_bytes();
                if needs_quotes(b) {
                    self.buf.push(b'"');
                    let mut from = 0;
                    for (i, &c) in b.iter().enumerate() {
                        if c == b'"' {
                            self.buf.extend_from_slice(&b[from..=i]);
                            self.buf.push(b'"');
                            from = i + 1;
                        }
                    }
                    self.buf.extend_from_slice(&b[from..]);
                    self.buf.push(b'"');
                } else {
                    self.buf.extend_from_slice(b);
                }
            }
            Format::Jsonl => {
                self.buf.push(b',');
                json_str(&mut self.buf, self.header.get(self.col).copied().unwrap_or("extra"));
                self.buf.push(b':');
                json_str(&mut self.buf, s);
            }
        }
        self.col += 1;
    }

    /// A text cell, made safe for spreadsheets (see [`safe_cell`]).
    pub fn text(&mut self, s: &str) {
        let cell = safe_cell(s, self.opts);
        self.raw(&cell);
    }

    /// A number cell.
    pub fn num(&mut self, n: u64) {
        if self.opts.format == Format::Csv {
            // Digits never need quotes: straight into the buffer.
            if self.col > 0 {
                self.buf.push(b',');
            }
            push_digits(&mut self.buf, n);
            self.col += 1;
            return;
        }
        let (digits, from) = decimal(n);
        // Only ASCII digits were written.
        self.raw(std::str::from_utf8(&digits[from..]).unwrap_or("0"));
    }

    /// The encoded rows.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// What [`encode`] needs of an article.
pub struct ArticleView<'a> {
    /// `article_id`.
    pub id: &'a str,
    /// `source`.
    pub source: &'a str,
    /// Date as given.
    pub date: Option<&'a str>,
    /// Title.
    pub title: Option<&'a str>,
    /// URL.
    pub url: Option<&'a str>,
    /// Text (empty for rejected articles).
    pub text: &'a str,
    /// Sentences and tokens counts.
    pub sentences: usize,
    /// Token count.
    pub tokens: usize,
    /// Status.
    pub status: Status,
}

impl<'a> ArticleView<'a> {
    /// The view of a processed article: its status comes from its warnings.
    pub fn article(a: &'a Article, doc: &Document) -> ArticleView<'a> {
        let status =
            if a.warnings.is_empty() { Status::Ok } else { Status::Warning(a.warnings.clone()) };
        ArticleView {
            id: &a.id,
            source: &a.source,
            date: a.date.as_deref(),
            title: a.title.as_deref(),
            url: a.url.as_deref(),
            text: &a.text,
            sentences: doc.sentences.len(),
            tokens: doc.tokens.len(),
            status,
        }
    }

    /// The view of an article that was not processed: an `error:` row.
    pub fn rejected(id: &'a str, source: &'a str, reason: String) -> ArticleView<'a> {
        ArticleView {
            id,
            source,
            date: None,
            title: None,
            url: None,
            text: "",
            sentences: 0,
            tokens: 0,
            status: Status::Error(reason),
        }
    }
}

/// Encodes one article's rows.
pub fn encode(
    a: &ArticleView<'_>,
    tagged: &Tagged,
    claims: &[Claim],
    gaz: &Gazetteer,
    opts: WriteOptions,
) -> Processed {
    let text = a.text;
    let entity = |e: EntityRef| -> (&str, &'static str, &str) {
        match e {
            EntityRef::Known(i) => {
                let ent = &gaz.entities[i as usize];
                (ent.id.as_str(), ent.kind.as_str(), ent.name.as_str())
            }
            EntityRef::Found(i) => {
                let f = &tagged.found[i as usize];
                (f.id.as_str(), "PERSON", f.name.as_str())
            }
        }
    };
    let ci = CharIndex::new(text);
    let at = |byte: usize| ci.chars(byte) as u64;
    // One buffer for composed ids ("<article_id>#m<n>"), reused.
    let mut id = String::with_capacity(a.id.len() + 8);

    let mut out = Processed::default();
    // Per entity of the article: its cells and its count. Found by the
    // entity reference (an integer compare; ids are unique per reference).
    let mut counts: Vec<(EntityRef, (&str, &'static str, &str), u64)> = Vec::new();
    let mut w = Rows::new("mentions.csv", MENTIONS_HEADER, opts);
    w.buf.reserve(tagged.mentions.len() * 96);
    for (n, m) in tagged.mentions.iter().enumerate() {
        let (eid, kind, name) = entity(m.entity);
        match counts.iter_mut().find(|(r, _, _)| *r == m.entity) {
            Some((_, _, c)) => *c += 1,
            None => counts.push((m.entity, (eid, kind, name), 1)),
        }
        compose_id(&mut id, a.id, "#m", n);
        w.begin();
        w.text(&id);
        w.text(a.id);
        w.num(m.sentence as u64);
        w.num(at(m.span.start));
        w.num(at(m.span.end));
        w.text(&text[m.span]);
        w.raw(eid);
        w.raw(kind);
        w.text(name);
        w.raw(m.how.as_str());
        w.end();
    }
    out.mention_rows = w.into_bytes();
    out.mentions = tagged.mentions.len() as u64;

    let mut w = Rows::new("claims.csv", CLAIMS_HEADER, opts);
    let mut we = Rows::new("claim_entities.csv", CLAIM_ENTITIES_HEADER, opts);
    let mut seen: Vec<EntityRef> = Vec::new();
    for (n, c) in claims.iter().enumerate() {
        compose_id(&mut id, a.id, "#c", n);
        w.begin();
        w.text(&id);
        w.text(a.id);
        w.num(c.sentence as u64);
        w.raw(c.kind.as_str());
        let mut show = "";
        match &c.speaker {
            Some(sp) => {
                let (sid, kind, name) = sp.entity.map(entity).unwrap_or(("", "", ""));
                w.text(&text[sp.span]);
                w.num(at(sp.span.start));
                w.num(at(sp.span.end));
                w.raw(sid);
                w.raw(kind);
                w.text(name);
                show = sp.how.as_str();
            }
            None => {
                for _ in 0..6 {
                    w.raw("");
                }
            }
        }
        w.text(c.cue.map_or("", |cue| &text[cue]));
        w.text(&text[c.span]);
        w.num(at(c.span.start));
        w.num(at(c.span.end));
        w.raw(show);
        w.end();
        // The entities mentioned inside the claim's content, once each.
        seen.clear();
        for m in tagged.mentions.iter().filter(|m| c.span.contains(m.span)) {
            if !seen.contains(&m.entity) {
                seen.push(m.entity);
                let (eid, kind, name) = entity(m.entity);
                out.claim_entities += 1;
                we.begin();
                we.text(&id);
                we.raw(eid);
                we.raw(kind);
                we.text(name);
                we.end();
            }
        }
    }
    out.claim_rows = w.into_bytes();
    out.claim_entity_rows = we.into_bytes();
    out.claims = claims.len() as u64;
    counts.sort_unstable_by(|a, b| a.1.cmp(&b.1));
    out.entities = counts
        .into_iter()
        .map(|(_, (eid, k, name), n)| (eid.to_string(), k, name.to_string(), n))
        .collect();

    let mut w = Rows::new("articles.csv", ARTICLES_HEADER, opts);
    let date = a.date.map(normalize_date).unwrap_or("");
    w.begin();
    w.text(a.id);
    w.text(a.source);
    w.text(date);
    w.text(a.title.unwrap_or(""));
    w.text(a.url.unwrap_or(""));
    w.num(char_count(text) as u64);
    w.num(a.sentences as u64);
    w.num(a.tokens as u64);
    w.num(out.mentions);
    w.num(out.claims);
    w.raw(&a.status.render());
    w.end();
    out.article_row = w.into_bytes();
    out.severity = match a.status {
        Status::Ok => 0,
        Status::Warning(_) => 1,
        Status::Error(_) => 2,
    };
    out
}

/// `id` becomes `<article><tag><n>` ("bbc-001#m12"), without `format!`.
fn compose_id(id: &mut String, article: &str, tag: &str, n: usize) {
    id.clear();
    id.push_str(article);
    id.push_str(tag);
    let (digits, from) = decimal(n as u64);
    id.extend(digits[from..].iter().map(|&d| char::from(d)));
}

/// Appends the decimal digits of `n`.
fn push_digits(buf: &mut Vec<u8>, n: u64) {
    let (digits, from) = decimal(n);
    buf.extend_from_slice(&digits[from..]);
}

/// The decimal digits of `n`: `digits[from..]`.
fn decimal(mut n: u64) -> ([u8; 20], usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    (digits, i)
}

struct Table {
    name: &'static str,
    header: &'static [&'static str],
    tmp: PathBuf,
    dest: PathBuf,
    w: BufWriter<File>,
    /// Rows in the current part, header included.
    rows: u64,
    /// Current part number, from 1.
    part: u32,
}

impl Table {
    fn open(
        dir: &Path,
        name: &'static str,
        header: &'static [&'static str],
        part: u32,
        opts: WriteOptions,
    ) -> Result<Table> {
        let file = if part == 1 {
            name.to_string()
        } else {
            format!("{}-{part}.csv", name.trim_end_matches(".csv"))
        };
        let dest = dir.join(&file);
        let tmp = dir.join(format!(".{file}.{}.tmp", std::process::id()));
        let f = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        if opts.excel {
            w.write_all("\u{FEFF}".as_bytes()).map_err(|e| Error::io(&tmp, e))?;
        }
        let mut hw = Rows::new(name, header, WriteOptions { format: Format::Csv, ..opts });
        hw.begin();
        header.iter().for_each(|h| hw.raw(h));
        hw.end();
        w.write_all(&hw.into_bytes()).map_err(|e| Error::io(&tmp, e))?;
        Ok(Table { name, header, tmp, dest, w, rows: 1, part })
    }
}

/// The length of the first `max` CSV records of `bytes` (a record ends at
/// a line break outside quotes) and how many records that is.
fn record_prefix(bytes: &[u8], max: u64) -> (usize, u64) {
    let mut quoted = false;
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                n += 1;
                if n == max {
                    return (i + 1, n);
                }
            }
            _ => {}
        }
    }
    (bytes.len(), n)
}

/// Removes the temporary tables (`.NAME.PID.tmp`) that a killed run left
/// in `dir`, when the process that wrote them is gone. Only where the
/// process table can be read (`/proc`); elsewhere they are left alone.
fn remove_stale_temporaries(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
            continue;
        };
        let Some((table, pid)) = stem.rsplit_once('.') else { continue };
        let ours = table.ends_with(".csv") && pid.bytes().all(|b| b.is_ascii_digit());
        if ours && !pid.is_empty() && !proc.join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The output tables being written.
pub struct Tables {
    dir: PathBuf,
    tables: Vec<Table>,
    /// entity id -> (type, name, mentions, articles, seq of its first article).
    entities: BTreeMap<String, (&'static str, String, u64, u64, u64)>,
    candidates: Candidates,
    opts: WriteOptions,
    /// Parts already complete (Excel mode): (temporary file, destination).
    parts: Vec<(PathBuf, PathBuf)>,
    notes: Vec<String>,
    /// `--emit jsonl`: every row goes to this stream, no file is written.
    emit: Option<Box<dyn Write + Send>>,
    /// `--shard K/N`: what a later merge needs.
    shard: Option<ShardFiles>,
    /// A merge: the candidate totals, written instead of `candidates`.
    merged_candidates: Option<Vec<(String, u64, String)>>,
}

/// The files a shard writes besides the six tables (see [`crate::shard`]).
struct ShardFiles {
    spec: Shard,
    /// `shard.csv`: seq and row counts of each article, in order.
    index: Table,
    /// Every candidate name: (count, seq of its first article, example).
    names: HashMap<String, (u64, u64, String)>,
    /// Items in the whole input (every shard), known at the end.
    total: u64,
}

/// Most distinct candidate names a shard keeps; when full, names seen once
/// are dropped (the same bound as a whole run's `candidates.csv`).
const SHARD_MAX_NAMES: usize = 200_000;

impl Tables {
    /// Creates the output folder and temporary files with their headers.
    pub fn create(dir: &Path, opts: WriteOptions) -> Result<Tables> {
        let dir_buf = dir.to_path_buf();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        remove_stale_temporaries(dir);
        let mut tables = Vec::new();
        for (name, header) in TABLES {
            tables.push(Table::open(dir, name, header, 1, opts)?);
        }
        Ok(Tables {
            dir: dir_buf,
            tables,
            entities: BTreeMap::new(),
            candidates: Candidates::default(),
            opts,
            parts: Vec::new(),
            notes: Vec::new(),
            emit: None,
            shard: None,
            merged_candidates: None,
        })
    }

    /// Rows go to `out` as JSON Lines (`--emit jsonl`): per article its
    /// `articles` row, then its `mentions`, `claims` and `claim_entities`
    /// rows; the `entities` rows come last, from [`Tables::finish`]. No
    /// file is written.
    pub fn emit(out: Box<dyn Write + Send>, opts: WriteOptions) -> Tables {
        Tables {
            dir: PathBuf::new(),
            tables: Vec::new(),
            entities: BTreeMap::new(),
            candidates: Candidates::default(),
            opts,
            parts: Vec::new(),
            notes: Vec::new(),
            emit: Some(out),
            shard: None,
            merged_candidates: None,
        }
    }

    /// This run is shard `spec` of several: also write `shard.csv`,
    /// `shard_candidates.csv` and `shard.json` for [`crate::merge`].
    pub fn set_shard(&mut self, spec: Shard) -> Result<()> {
        if self.emit.is_some() {
            return Ok(());
        }
        let index = Table::open(&self.dir, SHARD_INDEX, SHARD_INDEX_HEADER, 1, self.opts)?;
        self.shard = Some(ShardFiles { spec, index, names: HashMap::new(), total: 0 });
        Ok(())
    }

    /// The number of items in the whole input (all shards), for `shard.json`.
    pub fn set_input_total(&mut self, total: u64) {
        if let Some(sh) = &mut self.shard {
            sh.total = total;
        }
    }

    /// A merge: adds one shard's totals of an entity; the type and name
    /// are those of the shard that saw it first (`first_seq`), as in a
    /// one-machine run, where the first article's name wins.
    pub fn add_entity(
        &mut self,
        id: &str,
        kind: &'static str,
        name: &str,
        (mentions, articles, first_seq): (u64, u64, u64),
    ) {
        let e = self
            .entities
            .entry(id.to_string())
            .or_insert_with(|| (kind, name.to_string(), 0, 0, u64::MAX));
        e.2 += mentions;
        e.3 += articles;
        if first_seq < e.4 {
            (e.0, e.1, e.4) = (kind, name.to_string(), first_seq);
        }
    }

    /// A merge: the `candidates.csv` rows (name, count, example), already
    /// filtered and sorted.
    pub fn set_candidates(&mut self, rows: Vec<(String, u64, String)>) {
        self.merged_candidates = Some(rows);
    }

    /// Appends one article's rows.
    pub fn append(&mut self, p: &Processed) -> Result<()> {
        if let Some(out) = &mut self.emit {
            for bytes in [&p.article_row, &p.mention_rows, &p.claim_rows, &p.claim_entity_rows] {
                out.write_all(bytes).map_err(|e| Error::io(Path::new("-"), e))?;
            }
            self.add_entities(p);
            return Ok(());
        }
        for (i, bytes, rows) in [
            (0, &p.article_row, 1),
            (2, &p.mention_rows, p.mentions),
            (3, &p.claim_rows, p.claims),
            (4, &p.claim_entity_rows, p.claim_entities),
        ] {
            if bytes.is_empty() {
                continue;
            }
            if self.opts.excel && self.tables[i].rows + rows > EXCEL_MAX_ROWS {
                // Parts break between articles; only an article too big
                // for a part of its own is cut between its rows.
                if rows < EXCEL_MAX_ROWS {
                    self.next_part(i)?;
                } else {
                    self.append_in_parts(i, bytes)?;
                    continue;
                }
            }
            let t = &mut self.tables[i];
            t.w.write_all(bytes).map_err(|e| Error::io(&t.tmp, e))?;
            t.rows += rows;
        }
        self.add_entities(p);
        match &mut self.shard {
            None => self.candidates.add(&p.candidates),
            Some(sh) => {
                let mut w = Rows::new(SHARD_INDEX, SHARD_INDEX_HEADER, self.opts);
                w.begin();
                for n in [p.seq, p.mentions, p.claims, p.claim_entities] {
                    w.num(n);
                }
                w.end();
                let t = &mut sh.index;
                t.w.write_all(&w.into_bytes()).map_err(|e| Error::io(&t.tmp, e))?;
                for (name, count, example) in &p.candidates {
                    match sh.names.get_mut(name) {
                        Some(e) => e.0 += count,
                        None => {
                            if sh.names.len() >= SHARD_MAX_NAMES {
                                sh.names.retain(|_, e| e.0 > 1);
                            }
                            sh.names.insert(name.clone(), (*count, p.seq, example.clone()));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn add_entities(&mut self, p: &Processed) {
        for (id, kind, name, n) in &p.entities {
            match self.entities.get_mut(id) {
                Some(e) => {
                    e.2 += n;
                    e.3 += 1;
                }
                None => {
                    self.entities.insert(id.clone(), (kind, name.clone(), *n, 1, p.seq));
                }
            }
        }
    }

    /// Excel mode: appends rows that do not fit in the current part of
    /// table `i`, filling it up and going on in new parts. One article may
    /// need several parts, so its rows are cut at record boundaries.
    fn append_in_parts(&mut self, i: usize, bytes: &[u8]) -> Result<()> {
        let mut rest = bytes;
        while !rest.is_empty() {
            let room = EXCEL_MAX_ROWS.saturating_sub(self.tables[i].rows);
            if room == 0 {
                self.next_part(i)?;
                continue;
            }
            let (cut, n) = record_prefix(rest, room);
            let t = &mut self.tables[i];
            t.w.write_all(&rest[..cut]).map_err(|e| Error::io(&t.tmp, e))?;
            t.rows += n;
            rest = &rest[cut..];
        }
        Ok(())
    }

    /// Excel mode: closes the current part of table `i` and opens the next.
    fn next_part(&mut self, i: usize) -> Result<()> {
        let (name, header, part) = {
            let t = &self.tables[i];
            (t.name, t.header, t.part + 1)
        };
        let next = Table::open(&self.dir, name, header, part, self.opts)?;
        let mut done = std::mem::replace(&mut self.tables[i], next);
        done.w.flush().map_err(|e| Error::io(&done.tmp, e))?;
        self.notes.push(format!(
            "{name} has over {EXCEL_MAX_ROWS} rows, more than Excel opens: continued in part {part}"
        ));
        self.parts.push((done.tmp.clone(), done.dest.clone()));
        Ok(())
    }

    /// Messages for the user about the tables (parts split for Excel).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The rows of `entities.csv`; for a shard's `shard_entities.csv`, with
    /// the input position where each entity was first seen.
    fn entity_rows(&self, table: &'static str, header: &'static [&'static str], seq: bool) -> Rows {
        let mut w = Rows::new(table, header, self.opts);
        for (id, (kind, name, mentions, articles, first)) in &self.entities {
            w.begin();
            w.raw(id);
            w.raw(kind);
            w.text(name);
            w.num(*mentions);
            w.num(*articles);
            if seq {
                w.num(*first);
            }
            w.end();
        }
        w
    }

    /// Writes `entities.csv` (and `candidates.csv`), flushes and renames
    /// every table into place; with `--emit`, writes the `entities` rows to
    /// the stream and flushes it.
    pub fn finish(mut self) -> Result<()> {
        let w = self.entity_rows("entities.csv", ENTITIES_HEADER, false);
        if let Some(out) = &mut self.emit {
            let io = |e| Error::io(Path::new("-"), e);
            out.write_all(&w.into_bytes()).map_err(io)?;
            return out.flush().map_err(io);
        }
        let t = &mut self.tables[1];
        t.w.write_all(&w.into_bytes()).map_err(|e| Error::io(&t.tmp, e))?;
        let mut w = Rows::new("candidates.csv", CANDIDATES_HEADER, self.opts);
        let mut row = |name: &str, count: u64, example: &str| {
            w.begin();
            w.text(name);
            w.num(count);
            w.text(example);
            w.end();
        };
        match &self.merged_candidates {
            Some(rows) => rows.iter().for_each(|(n, c, e)| row(n, *c, e)),
            None => {
                for (name, count, example) in self.candidates.frequent(CANDIDATE_MIN_COUNT) {
                    row(name, count, example);
                }
            }
        }
        let t = &mut self.tables[5];
        t.w.write_all(&w.into_bytes()).map_err(|e| Error::io(&t.tmp, e))?;
        if let Some(sh) = self.shard.take() {
            self.finish_shard(sh)?;
        }
        let result = self.flush_and_rename();
        if result.is_err() {
            for t in &self.tables {
                let _ = std::fs::remove_file(&t.tmp);
            }
            for (tmp, _) in &self.parts {
                let _ = std::fs::remove_file(tmp);
            }
        }
        result
    }

    /// Writes `shard_candidates.csv` and `shard.json`; their temporary files
    /// join the tables' renames.
    fn finish_shard(&mut self, sh: ShardFiles) -> Result<()> {
        let ShardFiles { spec, mut index, names, total } = sh;
        index.w.flush().map_err(|e| Error::io(&index.tmp, e))?;
        self.parts.push((index.tmp.clone(), index.dest.clone()));
        let mut names: Vec<_> = names.into_iter().collect();
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut t =
            Table::open(&self.dir, SHARD_CANDIDATES, SHARD_CANDIDATES_HEADER, 1, self.opts)?;
        let mut w = Rows::new(SHARD_CANDIDATES, SHARD_CANDIDATES_HEADER, self.opts);
        for (name, (count, seq, example)) in &names {
            w.begin();
            w.text(name);
            w.num(*count);
            w.num(*seq);
            w.text(example);
            w.end();
        }
        t.w.write_all(&w.into_bytes()).map_err(|e| Error::io(&t.tmp, e))?;
        t.w.flush().map_err(|e| Error::io(&t.tmp, e))?;
        self.parts.push((t.tmp.clone(), t.dest.clone()));
        let mut t = Table::open(&self.dir, SHARD_ENTITIES, SHARD_ENTITIES_HEADER, 1, self.opts)?;
        let w = self.entity_rows(SHARD_ENTITIES, SHARD_ENTITIES_HEADER, true);
        t.w.write_all(&w.into_bytes()).map_err(|e| Error::io(&t.tmp, e))?;
        t.w.flush().map_err(|e| Error::io(&t.tmp, e))?;
        self.parts.push((t.tmp.clone(), t.dest.clone()));
        let dest = self.dir.join(SHARD_META);
        let tmp = self.dir.join(format!(".{SHARD_META}.{}.tmp", std::process::id()));
        let meta = ShardMeta { shard: spec.index, of: spec.count, items: total };
        let json = serde_json::to_vec(&meta).map_err(|e| Error::Other(e.to_string()))?;
        std::fs::write(&tmp, json).map_err(|e| Error::io(&tmp, e))?;
        self.parts.push((tmp, dest));
        Ok(())
    }

    /// Flushes every table, checks that every destination can be replaced,
    /// then renames them into place, so that a predictable failure (a
    /// folder in the way) is found before any table is replaced.
    fn flush_and_rename(&mut self) -> Result<()> {
        for t in &mut self.tables {
            t.w.flush().map_err(|e| Error::io(&t.tmp, e))?;
            t.w.get_ref().sync_all().map_err(|e| Error::io(&t.tmp, e))?;
        }
        for (_, dest) in &self.parts {
            if dest.is_dir() {
                return Err(Error::io(
                    dest,
                    std::io::Error::other("is a folder; cannot replace it with a table"),
                ));
            }
        }
        for t in &self.tables {
            if t.dest.is_dir() {
                return Err(Error::io(
                    &t.dest,
                    std::io::Error::other("is a folder; cannot replace it with a table"),
                ));
            }
        }
        for (tmp, dest) in &self.parts {
            std::fs::rename(tmp, dest).map_err(|e| Error::io(dest, e))?;
        }
        for t in &self.tables {
            std::fs::rename(&t.tmp, &t.dest).map_err(|e| Error::io(&t.dest, e))?;
        }
        Ok(())
    }

    /// Removes the temporary files (after a failed run).
    pub fn abandon(self) {
        if let Some(sh) = self.shard {
            drop(sh.index.w);
            let _ = std::fs::remove_file(&sh.index.tmp);
        }
        for (tmp, _) in &self.parts {
            let _ = std::fs::remove_file(tmp);
        }
        for t in self.tables {
            drop(t.w);
            let _ = std::fs::remove_file(&t.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        let on = WriteOptions::default();
        let raw = WriteOptions { sanitize: false, ..WriteOptions::default() };
        assert_eq!(safe_cell("=SUM(A1)", on), "'=SUM(A1)");
        assert_eq!(safe_cell("-1+2", on), "'-1+2");
        assert_eq!(safe_cell("@cmd", on), "'@cmd");
        assert_eq!(safe_cell("\tx", on), "'\tx");
        assert_eq!(safe_cell("North Korea", on), "North Korea");
        assert_eq!(safe_cell("=raw", raw), "=raw");
    }

    #[test]
    fn record_prefix_respects_quotes() {
        let rows = b"a,b\n\"x\ny\",c\nd,e\n";
        assert_eq!(record_prefix(rows, 1), (4, 1));
        assert_eq!(record_prefix(rows, 2), (12, 2));
        assert_eq!(record_prefix(rows, 9), (rows.len(), 3));
    }

    #[test]
    fn excel_cuts_long_cells() {
        let excel = WriteOptions { excel: true, ..WriteOptions::default() };
        let long = "é".repeat(EXCEL_MAX_CELL + 10);
        let cut = safe_cell(&long, excel);
        assert_eq!(cut.chars().count(), EXCEL_MAX_CELL);
        assert!(cut.ends_with(CUT_MARKER));
        let fits = "a".repeat(EXCEL_MAX_CELL);
        assert_eq!(safe_cell(&fits, excel), fits);
    }

    #[test]
    fn rows_encode_as_the_csv_crate_does() {
        let cells = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\r",
            "’curly’",
            " x ",
            "'q",
            "#",
            "-",
        ];
        let opts = WriteOptions { sanitize: false, ..WriteOptions::default() };
        for a in cells {
            for b in cells {
                let mut rows = Rows::new("t.csv", &["a", "b"], opts);
                rows.begin();
                rows.raw(a);
                rows.raw(b);
                rows.end();
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(vec![]);
                w.write_record([a, b]).unwrap();
                assert_eq!(rows.into_bytes(), w.into_inner().unwrap(), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn rows_encode_json_lines() {
        let opts = WriteOptions { format: Format::Jsonl, ..WriteOptions::default() };
        let mut rows = Rows::new("mentions.csv", &["a", "b", "c"], opts);
        rows.begin();
        rows.raw("x\"\\\n\u{1}é");
        rows.num(42);
        rows.text("=1");
        rows.end();
        let line = String::from_utf8(rows.into_bytes()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["table"], "mentions");
        assert_eq!(v["a"], "x\"\\\n\u{1}é");
        assert_eq!(v["b"], "42");
        assert_eq!(v["c"], "'=1");
        assert!(line.ends_with("}\n"));
    }
}
