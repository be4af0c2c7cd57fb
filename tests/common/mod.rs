//! Helpers shared by the integration tests: run the real binary in a fresh
//! temporary folder, read the tables it writes, and check that every offset
//! in them points at the text it claims to.
//!
//! Each test binary uses only some of these, hence the `dead_code` allow.
#![allow(dead_code)]

pub mod review;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Asserts equality and, on failure, prints both values in fenced blocks
/// (ripgrep's `eqnice!`), which reads far better than `assert_eq!` for long
/// strings and row lists.
#[macro_export]
macro_rules! eqnice {
    ($expected:expr, $got:expr) => {
        $crate::eqnice!($expected, $got, "values differ")
    };
    ($expected:expr, $got:expr, $($msg:tt)+) => {
        // `match` keeps temporaries alive, as in `assert_eq!`.
        match (&$expected, &$got) {
            (expected, got) => {
                if expected != got {
                    panic!(
                        "\n{}\n\nexpected:\n~~~\n{:#?}\n~~~\n\ngot:\n~~~\n{:#?}\n~~~\n",
                        format!($($msg)+),
                        expected,
                        got
                    );
                }
            }
        }
    };
}

/// Headers of the five tables, as OUTPUT.md lists them. Columns may be
/// added after these; the listed ones keep their names and order.
pub const TABLES: &[(&str, &[&str])] = &[
    (
        "articles.csv",
        &[
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
        ],
    ),
    ("entities.csv", &["entity_id", "type", "name", "mentions", "articles"]),
    (
        "mentions.csv",
        &[
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
        ],
    ),
    (
        "claims.csv",
        &[
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
            "negated",
        ],
    ),
    ("claim_entities.csv", &["claim_id", "entity_id", "type", "name"]),
];

/// Every table a run writes, candidates included, in the order they are
/// written.
pub const ALL_TABLES: &[&str] = &[
    "articles.csv",
    "entities.csv",
    "mentions.csv",
    "claims.csv",
    "claim_entities.csv",
    "candidates.csv",
];

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared data folder (`../shared` next to the repository). Tests that
/// use it skip when it is absent; nothing from it is ever copied into the
/// repository.
pub fn shared() -> PathBuf {
    repo().join("../shared")
}

/// A file under the shared folder, or `None` (with a "skipped" note on
/// stderr) when it is not there.
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let p = shared().join(rel);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipped: {} absent", p.display());
        None
    }
}

/// The seed article, when present.
pub fn seed() -> Option<PathBuf> {
    shared_file("seeds/000_3414437b6f7f39df.txt")
}

/// A fresh temporary folder for one test.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("claimex-test-").tempdir().expect("create a temp dir")
}

/// Writes `data` to `path`, creating parent folders.
pub fn write(path: &Path, data: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, data).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// Gzips bytes.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The outcome of one run of the binary.
pub struct Run {
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Run {
    fn from_output(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Panics, showing stderr, unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert!(
            self.code == Some(code),
            "expected exit {code}, got {:?}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code,
            self.stderr,
            self.stdout
        );
        self
    }
}

/// Runs the real `claimex` binary with `cwd` as working directory.
pub fn claimex<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_claimex"))
        .current_dir(cwd)
        .args(args)
        // A panic's backtrace would drown the message the test prints.
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run the claimex binary");
    Run::from_output(out)
}

/// Runs the binary with bytes on standard input.
pub fn claimex_stdin<I, S>(cwd: &Path, args: I, stdin: &[u8]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimex"))
        .current_dir(cwd)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the claimex binary");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    Run::from_output(child.wait_with_output().unwrap())
}

/// One CSV row, by header name.
pub type Row = HashMap<String, String>;

/// A table's header and rows.
pub struct Table {
    /// Header row.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
}

/// Reads a CSV table (RFC 4180, header row).
pub fn read_table(path: &Path) -> Table {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("opening {}: {e}", path.display()));
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            header.iter().cloned().zip(r.iter().map(str::to_string)).collect()
        })
        .collect();
    Table { header, rows }
}

/// Rows of a table, without the header.
pub fn rows(path: &Path) -> Vec<Row> {
    read_table(path).rows
}

/// Checks that `out` holds the five tables with the contract's headers
/// (extra columns allowed after the listed ones).
pub fn check_headers(out: &Path) {
    for (name, want) in TABLES {
        let t = read_table(&out.join(name));
        let got: Vec<&str> = t.header.iter().take(want.len()).map(String::as_str).collect();
        eqnice!(want.to_vec(), got, "header of {name}");
    }
}

/// The five tables' bytes, by name.
pub fn table_bytes(out: &Path) -> Vec<(String, Vec<u8>)> {
    TABLES
        .iter()
        .map(|(name, _)| {
            let p = out.join(name);
            let b = fs::read(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
            (name.to_string(), b)
        })
        .collect()
}

/// Asserts that two output folders hold byte-identical tables, naming the
/// first differing line when they do not.
pub fn assert_same_tables(a: &Path, b: &Path) {
    let names: Vec<&str> = TABLES.iter().map(|(name, _)| *name).collect();
    assert_same_tables_of(a, b, &names, "");
}

/// [`assert_same_tables`] over the tables `names` (e.g. [`ALL_TABLES`],
/// candidates included); `what` ends the name in the message (" between one
/// run and its merged shards").
pub fn assert_same_tables_of(a: &Path, b: &Path, names: &[&str], what: &str) {
    let read = |dir: &Path, name: &str| {
        let p = dir.join(name);
        fs::read(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
    };
    for name in names {
        let (x, y) = (read(a, name), read(b, name));
        if x != y {
            let xs = String::from_utf8_lossy(&x);
            let ys = String::from_utf8_lossy(&y);
            let line = xs.lines().zip(ys.lines()).position(|(l, r)| l != r);
            let (l, r) = match line {
                Some(n) => (xs.lines().nth(n), ys.lines().nth(n)),
                None => (None, None),
            };
            panic!(
                "{name} differs{what} ({} vs {} bytes), first at line {:?}:\n{l:?}\n{r:?}",
                x.len(),
                y.len(),
                line.map(|n| n + 1)
            );
        }
    }
}

/// Decompresses by magic bytes (gzip, zstd), else returns the bytes.
pub fn decompress(raw: Vec<u8>) -> Vec<u8> {
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).unwrap();
        out
    } else if raw.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        zstd::stream::decode_all(&raw[..]).unwrap()
    } else {
        raw
    }
}

/// Decodes a `.txt` article as the contract says: BOM removed, UTF-16 by
/// BOM, else UTF-8 with bad bytes replaced.
pub fn decode_txt(raw: &[u8]) -> String {
    let utf16 = |bytes: &[u8], f: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = raw.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = raw.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        String::from_utf8_lossy(raw).into_owned()
    }
}

/// The text of an article as the contract defines offsets into it, found
/// from its `source` cell (`path` for `.txt`, `path:LINE` for JSON Lines),
/// relative paths taken from `cwd`. `None` for standard input.
pub fn article_text(cwd: &Path, source: &str) -> Option<String> {
    TextFinder::new(cwd).text(source)
}

/// Finds article texts from `source` cells, reading each JSON Lines file
/// once.
pub struct TextFinder {
    cwd: PathBuf,
    jsonl: HashMap<PathBuf, Vec<String>>,
}

impl TextFinder {
    /// A finder for sources relative to `cwd`.
    pub fn new(cwd: &Path) -> TextFinder {
        TextFinder { cwd: cwd.to_path_buf(), jsonl: HashMap::new() }
    }

    /// See [`article_text`].
    pub fn text(&mut self, source: &str) -> Option<String> {
        let file = self.cwd.join(source);
        if file.is_file() {
            return Some(decode_txt(&fs::read(&file).unwrap()));
        }
        let (path, line) = source.rsplit_once(':')?;
        let line: usize = line.parse().ok()?;
        if path == "-" {
            return None;
        }
        let path = self.cwd.join(path);
        if !self.jsonl.contains_key(&path) {
            let raw = decompress(fs::read(&path).ok()?);
            let lines = String::from_utf8_lossy(&raw).split('\n').map(str::to_string).collect();
            self.jsonl.insert(path.clone(), lines);
        }
        let l = self.jsonl[&path].get(line.checked_sub(1)?)?;
        let v: serde_json::Value = serde_json::from_str(l.trim_end_matches('\r')).ok()?;
        v.get("text")?.as_str().map(str::to_string)
    }
}

/// `text[start:end]` in code points, as Python slices.
pub fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

/// Does a cell hold `want`, allowing the one leading `'` that spreadsheet
/// neutralisation adds when `want` starts with = + - @ tab or CR?
pub fn cell_matches(cell: &str, want: &str) -> bool {
    cell == want
        || (want.starts_with(['=', '+', '-', '@', '\t', '\r'])
            && cell.strip_prefix('\'') == Some(want))
}

fn num(row: &Row, col: &str, table: &str) -> usize {
    row[col].parse().unwrap_or_else(|_| panic!("{table}: `{col}` is not a number in {row:#?}"))
}

/// Checks one span cell against the article: the offsets are in range,
/// `start <= end`, and the cell equals `text[start:end]` in code points.
fn check_span(text: &str, row: &Row, cols: (&str, &str, &str), table: &str) {
    let (tcol, scol, ecol) = cols;
    let (s, e) = (num(row, scol, table), num(row, ecol, table));
    let n = text.chars().count();
    assert!(
        s <= e && e <= n,
        "{table}: span {s}..{e} out of range (article has {n} chars) in {row:#?}"
    );
    let want = slice_chars(text, s, e);
    assert!(
        cell_matches(&row[tcol], &want),
        "{table}: `{tcol}` is {:?} but article[{s}:{e}] is {want:?} in {row:#?}",
        row[tcol]
    );
}

/// Checks every row of `mentions.csv` and `claims.csv` in `out` against
/// the article texts, found through `articles.csv`'s `source` (relative to
/// `cwd`). Returns the number of rows checked; panics at the first wrong one.
pub fn check_offsets(out: &Path, cwd: &Path) -> usize {
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut finder = TextFinder::new(cwd);
    for a in rows(&out.join("articles.csv")) {
        if a["status"].starts_with("error") {
            continue;
        }
        let text = finder
            .text(&a["source"])
            .unwrap_or_else(|| panic!("cannot find the text of {:?} from its source", a["source"]));
        assert_eq!(
            a["chars"].parse::<usize>().ok(),
            Some(text.chars().count()),
            "articles.csv: chars of {}",
            a["article_id"]
        );
        texts.insert(a["article_id"].clone(), text);
    }
    check_offsets_with(out, &texts)
}

/// Like [`check_offsets`], with the texts given by article id.
pub fn check_offsets_with(out: &Path, texts: &HashMap<String, String>) -> usize {
    let text_of = |row: &Row, table: &str| -> &str {
        let id = row["article_id"]
            .strip_prefix('\'')
            .filter(|_| !texts.contains_key(&row["article_id"]));
        let id = id.unwrap_or(&row["article_id"]);
        texts
            .get(id)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("{table}: unknown article {id:?}"))
    };
    let mut checked = 0;
    for m in rows(&out.join("mentions.csv")) {
        check_span(text_of(&m, "mentions.csv"), &m, ("text", "start", "end"), "mentions.csv");
        checked += 1;
    }
    for c in rows(&out.join("claims.csv")) {
        let text = text_of(&c, "claims.csv");
        check_span(text, &c, ("claim_text", "start", "end"), "claims.csv");
        if c["speaker_text"].is_empty() {
            assert!(
                c["speaker_start"].is_empty() && c["speaker_end"].is_empty(),
                "claims.csv: offsets without a speaker in {c:#?}"
            );
        } else {
            check_span(text, &c, ("speaker_text", "speaker_start", "speaker_end"), "claims.csv");
        }
        checked += 1;
    }
    checked
}

/// Mentions of one article never overlap (they come sorted by start).
pub fn check_no_overlap(mentions: &[Row]) {
    let mut by_article: HashMap<&str, Vec<(usize, usize, &str)>> = HashMap::new();
    for m in mentions {
        let (s, e) = (num(m, "start", "mentions.csv"), num(m, "end", "mentions.csv"));
        by_article.entry(&m["article_id"]).or_default().push((s, e, &m["text"]));
    }
    for (id, spans) in by_article {
        for w in spans.windows(2) {
            assert!(
                w[0].1 <= w[1].0,
                "mentions of {id} overlap or are out of order: {:?} then {:?}",
                w[0],
                w[1]
            );
        }
    }
}
