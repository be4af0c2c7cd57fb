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
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::candidates::Candidates;
use crate::claims::Claim;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::layout::normalize_date;
use crate::read::Article;
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
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions { sanitize: true, excel: false }
    }
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
    /// Capitalised names that matched nothing, with an example sentence.
    pub candidates: Vec<(String, String)>,
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

fn row_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().has_headers(false).from_writer(Vec::with_capacity(256))
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail, so into_inner cannot either.
    w.into_inner().unwrap_or_default()
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
    let s = opts;
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
    let mut ci = CharIndex::new(text);
    for m in &tagged.mentions {
        ci.push(m.span.start);
        ci.push(m.span.end);
    }
    for c in claims {
        ci.push(c.span.start);
        ci.push(c.span.end);
        if let Some(sp) = &c.speaker {
            ci.push(sp.span.start);
            ci.push(sp.span.end);
        }
    }
    ci.resolve(text);

    let mut out = Processed::default();
    let mut w = row_writer();
    let mut counts: BTreeMap<(&str, &'static str, &str), u64> = BTreeMap::new();
    for (n, m) in tagged.mentions.iter().enumerate() {
        let (id, kind, name) = entity(m.entity);
        *counts.entry((id, kind, name)).or_default() += 1;
        let _ = w.write_record([
            safe_cell(&format!("{}#m{n}", a.id), s).as_ref(),
            safe_cell(a.id, s).as_ref(),
            &m.sentence.to_string(),
            &ci.chars(m.span.start).to_string(),
            &ci.chars(m.span.end).to_string(),
            safe_cell(&text[m.span], s).as_ref(),
            id,
            kind,
            safe_cell(name, s).as_ref(),
            m.how.as_str(),
        ]);
    }
    out.mention_rows = finish(w);
    out.mentions = tagged.mentions.len() as u64;

    let mut w = row_writer();
    let mut we = row_writer();
    for (n, c) in claims.iter().enumerate() {
        let claim_id = format!("{}#c{n}", a.id);
        let (st, ss, se, sid, stype, sname, show) = match &c.speaker {
            Some(sp) => {
                let (id, kind, name) = sp.entity.map(entity).unwrap_or(("", "", ""));
                (
                    &text[sp.span],
                    ci.chars(sp.span.start).to_string(),
                    ci.chars(sp.span.end).to_string(),
                    id,
                    kind,
                    name,
                    sp.how.as_str(),
                )
            }
            None => ("", String::new(), String::new(), "", "", "", ""),
        };
        let cue = c.cue.map_or("", |cue| &text[cue]);
        let _ = w.write_record([
            safe_cell(&claim_id, s).as_ref(),
            safe_cell(a.id, s).as_ref(),
            &c.sentence.to_string(),
            c.kind.as_str(),
            safe_cell(st, s).as_ref(),
            &ss,
            &se,
            sid,
            stype,
            safe_cell(sname, s).as_ref(),
            safe_cell(cue, s).as_ref(),
            safe_cell(&text[c.span], s).as_ref(),
            &ci.chars(c.span.start).to_string(),
            &ci.chars(c.span.end).to_string(),
            show,
        ]);
        // The entities mentioned inside the claim's content, once each.
        let mut seen: Vec<EntityRef> = Vec::new();
        for m in tagged.mentions.iter().filter(|m| c.span.contains(m.span)) {
            if !seen.contains(&m.entity) {
                seen.push(m.entity);
                let (id, kind, name) = entity(m.entity);
                out.claim_entities += 1;
                let _ = we.write_record([
                    safe_cell(&claim_id, s).as_ref(),
                    id,
                    kind,
                    safe_cell(name, s).as_ref(),
                ]);
            }
        }
    }
    out.claim_rows = finish(w);
    out.claim_entity_rows = finish(we);
    out.claims = claims.len() as u64;
    out.entities = counts
        .into_iter()
        .map(|((id, k, name), n)| (id.to_string(), k, name.to_string(), n))
        .collect();

    let mut w = row_writer();
    let date = a.date.map(normalize_date).unwrap_or("");
    let _ = w.write_record([
        safe_cell(a.id, s).as_ref(),
        safe_cell(a.source, s).as_ref(),
        safe_cell(date, s).as_ref(),
        safe_cell(a.title.unwrap_or(""), s).as_ref(),
        safe_cell(a.url.unwrap_or(""), s).as_ref(),
        &char_count(text).to_string(),
        &a.sentences.to_string(),
        &a.tokens.to_string(),
        &out.mentions.to_string(),
        &out.claims.to_string(),
        &a.status.render(),
    ]);
    out.article_row = finish(w);
    out.severity = match a.status {
        Status::Ok => 0,
        Status::Warning(_) => 1,
        Status::Error(_) => 2,
    };
    out
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
        let mut hw = row_writer();
        let _ = hw.write_record(header);
        w.write_all(&finish(hw)).map_err(|e| Error::io(&tmp, e))?;
        Ok(Table { name, header, tmp, dest, w, rows: 1, part })
    }
}

/// The output tables being written.
pub struct Tables {
    dir: PathBuf,
    tables: Vec<Table>,
    entities: BTreeMap<String, (&'static str, String, u64, u64)>,
    candidates: Candidates,
    opts: WriteOptions,
    /// Parts already complete (Excel mode): (temporary file, destination).
    parts: Vec<(PathBuf, PathBuf)>,
    notes: Vec<String>,
}

impl Tables {
    /// Creates the output folder and temporary files with their headers.
    pub fn create(dir: &Path, opts: WriteOptions) -> Result<Tables> {
        let dir_buf = dir.to_path_buf();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
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
        })
    }

    /// Appends one article's rows.
    pub fn append(&mut self, p: &Processed) -> Result<()> {
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
                self.next_part(i)?;
            }
            let t = &mut self.tables[i];
            t.w.write_all(bytes).map_err(|e| Error::io(&t.tmp, e))?;
            t.rows += rows;
        }
        for (id, kind, name, n) in &p.entities {
            let e = self.entities.entry(id.clone()).or_insert_with(|| (kind, name.clone(), 0, 0));
            e.2 += n;
            e.3 += 1;
        }
        self.candidates.add(&p.candidates);
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

    /// Writes `entities.csv`, flushes and renames every table into place.
    pub fn finish(mut self) -> Result<()> {
        let mut w = row_writer();
        for (id, (kind, name, mentions, articles)) in &self.entities {
            let _ = w.write_record([
                id.as_str(),
                kind,
                safe_cell(name, self.opts).as_ref(),
                &mentions.to_string(),
                &articles.to_string(),
            ]);
        }
        let t = &mut self.tables[1];
        t.w.write_all(&finish(w)).map_err(|e| Error::io(&t.tmp, e))?;
        let mut w = row_writer();
        for (name, count, example) in self.candidates.frequent(CANDIDATE_MIN_COUNT) {
            let _ = w.write_record([
                safe_cell(name, self.opts).as_ref(),
                &count.to_string(),
                safe_cell(example, self.opts).as_ref(),
            ]);
        }
        let t = &mut self.tables[5];
        t.w.write_all(&finish(w)).map_err(|e| Error::io(&t.tmp, e))?;
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
        let raw = WriteOptions { sanitize: false, excel: false };
        assert_eq!(safe_cell("=SUM(A1)", on), "'=SUM(A1)");
        assert_eq!(safe_cell("-1+2", on), "'-1+2");
        assert_eq!(safe_cell("@cmd", on), "'@cmd");
        assert_eq!(safe_cell("\tx", on), "'\tx");
        assert_eq!(safe_cell("North Korea", on), "North Korea");
        assert_eq!(safe_cell("=raw", raw), "=raw");
    }

    #[test]
    fn excel_cuts_long_cells() {
        let excel = WriteOptions { sanitize: true, excel: true };
        let long = "é".repeat(EXCEL_MAX_CELL + 10);
        let cut = safe_cell(&long, excel);
        assert_eq!(cut.chars().count(), EXCEL_MAX_CELL);
        assert!(cut.ends_with(CUT_MARKER));
        let fits = "a".repeat(EXCEL_MAX_CELL);
        assert_eq!(safe_cell(&fits, excel), fits);
    }
}
