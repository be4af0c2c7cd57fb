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
use crate::span::{char_count, CharIndex};
use crate::tag::{EntityRef, Tagged};

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
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions { sanitize: true }
    }
}

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
    /// 0 ok, 1 warning, 2 error.
    pub severity: u8,
    /// Capitalised names that matched nothing, with an example sentence.
    pub candidates: Vec<(String, String)>,
}

/// Neutralises a cell that a spreadsheet would read as a formula.
pub fn safe_cell(s: &str, sanitize: bool) -> Cow<'_, str> {
    if sanitize && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn row_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(256))
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

/// Encodes one article's rows.
pub fn encode(
    a: &ArticleView<'_>,
    tagged: &Tagged,
    claims: &[Claim],
    gaz: &Gazetteer,
    opts: WriteOptions,
) -> Processed {
    let s = opts.sanitize;
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
    tmp: PathBuf,
    dest: PathBuf,
    w: BufWriter<File>,
}

/// The output tables being written.
pub struct Tables {
    tables: Vec<Table>,
    entities: BTreeMap<String, (&'static str, String, u64, u64)>,
    candidates: Candidates,
    sanitize: bool,
}

impl Tables {
    /// Creates the output folder and temporary files with their headers.
    pub fn create(dir: &Path, opts: WriteOptions) -> Result<Tables> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut tables = Vec::new();
        let pid = std::process::id();
        for (name, header) in TABLES {
            let dest = dir.join(name);
            let tmp = dir.join(format!(".{name}.{pid}.tmp"));
            let f = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
            let mut w = BufWriter::with_capacity(1 << 20, f);
            let mut hw = row_writer();
            let _ = hw.write_record(*header);
            w.write_all(&finish(hw)).map_err(|e| Error::io(&tmp, e))?;
            tables.push(Table { tmp, dest, w });
        }
        Ok(Tables {
            tables,
            entities: BTreeMap::new(),
            candidates: Candidates::default(),
            sanitize: opts.sanitize,
        })
    }

    /// Appends one article's rows.
    pub fn append(&mut self, p: &Processed) -> Result<()> {
        for (i, bytes) in [
            (0, &p.article_row),
            (2, &p.mention_rows),
            (3, &p.claim_rows),
            (4, &p.claim_entity_rows),
        ] {
            if !bytes.is_empty() {
                let t = &mut self.tables[i];
                t.w.write_all(bytes).map_err(|e| Error::io(&t.tmp, e))?;
            }
        }
        for (id, kind, name, n) in &p.entities {
            let e = self
                .entities
                .entry(id.clone())
                .or_insert_with(|| (kind, name.clone(), 0, 0));
            e.2 += n;
            e.3 += 1;
        }
        self.candidates.add(&p.candidates);
        Ok(())
    }

    /// Writes `entities.csv`, flushes and renames every table into place.
    pub fn finish(mut self) -> Result<()> {
        let mut w = row_writer();
        for (id, (kind, name, mentions, articles)) in &self.entities {
            let _ = w.write_record([
                id.as_str(),
                kind,
                safe_cell(name, self.sanitize).as_ref(),
                &mentions.to_string(),
                &articles.to_string(),
            ]);
        }
        let t = &mut self.tables[1];
        t.w.write_all(&finish(w)).map_err(|e| Error::io(&t.tmp, e))?;
        let mut w = row_writer();
        for (name, count, example) in self.candidates.frequent(CANDIDATE_MIN_COUNT) {
            let _ = w.write_record([
                safe_cell(name, self.sanitize).as_ref(),
                &count.to_string(),
                safe_cell(example, self.sanitize).as_ref(),
            ]);
        }
        let t = &mut self.tables[5];
        t.w.write_all(&finish(w)).map_err(|e| Error::io(&t.tmp, e))?;
        let result = self.flush_and_rename();
        if result.is_err() {
            for t in &self.tables {
                let _ = std::fs::remove_file(&t.tmp);
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
        for t in &self.tables {
            if t.dest.is_dir() {
                return Err(Error::io(
                    &t.dest,
                    std::io::Error::other("is a folder; cannot replace it with a table"),
                ));
            }
        }
        for t in &self.tables {
            std::fs::rename(&t.tmp, &t.dest).map_err(|e| Error::io(&t.dest, e))?;
        }
        Ok(())
    }

    /// Removes the temporary files (after a failed run).
    pub fn abandon(self) {
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
        assert_eq!(safe_cell("=SUM(A1)", true), "'=SUM(A1)");
        assert_eq!(safe_cell("-1+2", true), "'-1+2");
        assert_eq!(safe_cell("@cmd", true), "'@cmd");
        assert_eq!(safe_cell("North Korea", true), "North Korea");
        assert_eq!(safe_cell("=raw", false), "=raw");
    }
}
