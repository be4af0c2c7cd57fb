//! The output tables: temporary files appended in input order, renamed
//! into place at the end (or removed after a failed run), and the
//! run-wide aggregates (`entities.csv`, `candidates.csv`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};

use super::encode::{EntityInfo, Processed, Rows};
use super::rows::{CandidateRow, EntityRow, Raw, Text, TABLES};
use super::{Format, WriteOptions, CANDIDATE_MIN_COUNT};
use crate::candidates::{Candidate, Candidates, Tally};
use crate::error::{Error, Result};
use crate::fxhash::FastMap;
use crate::review::{self, Review};
use crate::shard::{Shard, ShardFiles};

/// Bytes a table takes between two writeback requests (a few KB in unit
/// tests, so that they see requests).
const WRITEBACK_EVERY: usize = if cfg!(test) { 4096 } else { 32 << 20 };

/// Asks a background thread to sync tables' files while the run goes on
/// (`File::sync_data`), so that the disk writes a big run's tables as
/// they grow instead of all at the final sync of [`Tables::finish`], which
/// the whole run waits for (on a 200 MB run, 0.15 s of final syncs became
/// 0.02 s). A request the thread is too busy to take is dropped: the
/// final sync covers whatever is left, and reports any error; the
/// background syncs' own errors are ignored for that reason.
#[derive(Clone)]
pub(crate) struct Writeback {
    tx: SyncSender<File>,
}

impl Writeback {
    /// Starts the syncing thread; it ends when the last handle is dropped.
    pub(crate) fn start() -> Writeback {
        let (tx, rx) = sync_channel::<File>(2);
        let spawned =
            std::thread::Builder::new().name("claimex-writeback".into()).spawn(move || {
                for f in rx {
                    let _ = f.sync_data();
                }
            });
        // Without the thread, requests fail to send and are dropped.
        drop(spawned);
        Writeback { tx }
    }

    /// Asks for `f` to be synced, unless a request is already waiting.
    fn request(&self, f: &File) {
        if let Ok(dup) = f.try_clone() {
            let _ = self.tx.try_send(dup);
        }
    }
}

/// One table's temporary file.
pub(crate) struct Table {
    pub(super) name: &'static str,
    pub(super) header: &'static [&'static str],
    pub(super) tmp: PathBuf,
    pub(super) dest: PathBuf,
    pub(super) w: BufWriter<File>,
    /// Rows in the current part, header included.
    pub(super) rows: u64,
    /// Current part number, from 1.
    pub(super) part: u32,
    /// Where to ask for the file to be synced as it grows, if anywhere.
    pub(super) writeback: Option<Writeback>,
    /// Bytes appended since the last writeback request.
    unsynced: usize,
}

impl Table {
    /// Creates the temporary file of part `part` of table `name` in `dir`
    /// and writes its header.
    pub(crate) fn open(
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
        hw.header();
        w.write_all(&hw.into_bytes()).map_err(|e| Error::io(&tmp, e))?;
        Ok(Table { name, header, tmp, dest, w, rows: 1, part, writeback: None, unsynced: 0 })
    }

    /// Appends `rows` encoded rows.
    pub(crate) fn append(&mut self, bytes: &[u8], rows: u64) -> Result<()> {
        self.w.write_all(bytes).map_err(|e| Error::io(&self.tmp, e))?;
        self.rows += rows;
        self.unsynced += bytes.len();
        if self.unsynced >= WRITEBACK_EVERY {
            if let Some(wb) = &self.writeback {
                // What is still in the buffer would not be synced.
                self.w.flush().map_err(|e| Error::io(&self.tmp, e))?;
                wb.request(self.w.get_ref());
            }
            self.unsynced = 0;
        }
        Ok(())
    }

    /// Flushes the file; returns (temporary file, destination) to rename.
    pub(crate) fn close(mut self) -> Result<(PathBuf, PathBuf)> {
        self.w.flush().map_err(|e| Error::io(&self.tmp, e))?;
        Ok((self.tmp, self.dest))
    }

    /// Removes the temporary file.
    pub(crate) fn remove(self) {
        drop(self.w);
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Removes the temporary tables (`.NAME.PID.tmp`) that a killed run left
/// in `dir`, when the process that wrote them is gone, and the review
/// files (`.report.html.PID.tmp`, the folders `.review.PID.tmp` and
/// `.review-old.PID.tmp`). Only where the process table can be read
/// (`/proc`); elsewhere they are left alone.
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
        let folder = matches!(table, "review" | "review-old");
        let ours = (table.ends_with(".csv") || table == review::output::REPORT || folder)
            && pid.bytes().all(|b| b.is_ascii_digit());
        if ours && !pid.is_empty() && !proc.join(pid).exists() {
            if folder {
                let _ = std::fs::remove_dir_all(entry.path());
            } else {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// An entity's totals over a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityTotal {
    /// `PERSON`, `COUNTRY` or `AGENCY`.
    pub kind: &'static str,
    /// Canonical name, as the entity's first article wrote it.
    pub name: String,
    /// Mentions.
    pub mentions: u64,
    /// Articles.
    pub articles: u64,
    /// Input position of the entity's first article.
    pub first_seq: u64,
    /// Parent, subtype, country.
    pub info: EntityInfo,
}

impl EntityTotal {
    /// The `entities.csv` row of the entity `id`.
    fn row<'a>(&'a self, id: &'a str) -> EntityRow<'a> {
        EntityRow {
            entity_id: Raw(id),
            kind: Raw(self.kind),
            name: Text(&self.name),
            mentions: self.mentions,
            articles: self.articles,
            parent: Raw(&self.info.parent),
            subtype: Raw(&self.info.subtype),
            country: Raw(&self.info.country),
        }
    }
}

/// The entities that are another's parent: id -> (type, name, info), so
/// that a parent gets its `entities.csv` row even when the run never
/// mentions it.
pub type Parents = BTreeMap<String, (&'static str, String, EntityInfo)>;

impl Tables {
    /// The parent entities of a gazetteer (see [`Parents`]).
    pub fn parents_of(gaz: &crate::gazetteer::Gazetteer) -> Parents {
        let wanted: std::collections::BTreeSet<&str> =
            gaz.entities.iter().filter_map(|e| e.parent.as_deref()).collect();
        gaz.entities
            .iter()
            .filter(|e| wanted.contains(e.id.as_str()))
            .map(|e| (e.id.clone(), (e.kind.as_str(), e.name.clone(), EntityInfo::of(e))))
            .collect()
    }
}

/// The output tables being written.
pub struct Tables {
    pub(super) dir: PathBuf,
    pub(super) tables: Vec<Table>,
    /// Totals per entity id, sorted by id: filled from `run_entities` at
    /// the end, and by a merge.
    entities: BTreeMap<String, EntityTotal>,
    /// Totals per entity id as the articles come: a hash map, as every
    /// article looks up each of its entities (a search of the sorted map
    /// and its string compares took a third of the writer thread's time on
    /// a 200 MB run).
    run_entities: FastMap<String, EntityTotal>,
    candidates: Candidates,
    pub(super) opts: WriteOptions,
    /// Files complete and waiting for their rename: (temporary file,
    /// destination). Excel parts, shard files.
    pub(super) parts: Vec<(PathBuf, PathBuf)>,
    pub(super) notes: Vec<String>,
    /// `--emit jsonl`: every row goes to this stream, no file is written.
    emit: Option<Box<dyn Write + Send>>,
    /// `--emit jsonl`: every candidate name with its first position, for
    /// the `candidates` rows at the end of the stream.
    emitted_names: Tally,
    /// `--shard K/N`: what a later merge needs.
    shard: Option<ShardFiles>,
    /// A merge: the candidate totals, written instead of `candidates`.
    merged_candidates: Option<Vec<Candidate>>,
    /// Parent entities, added to `entities.csv` when an entity of the run
    /// has them.
    parents: Parents,
    /// `--review`: the report and the review pages.
    review: Option<Review>,
}

/// Indexes of the tables in [`TABLES`].
const ARTICLES: usize = 0;
const ENTITIES: usize = 1;
const MENTIONS: usize = 2;
const CLAIMS: usize = 3;
const CLAIM_ENTITIES: usize = 4;
const CANDIDATES: usize = 5;

impl Tables {
    fn new(dir: PathBuf, tables: Vec<Table>, opts: WriteOptions) -> Tables {
        Tables {
            dir,
            tables,
            entities: BTreeMap::new(),
            run_entities: FastMap::default(),
            candidates: Candidates::default(),
            opts,
            parts: Vec::new(),
            notes: Vec::new(),
            emit: None,
            emitted_names: Tally::default(),
            shard: None,
            merged_candidates: None,
            parents: Parents::new(),
            review: None,
        }
    }

    /// The parent entities to add to `entities.csv` (see [`Parents`]).
    pub fn set_parents(&mut self, parents: Parents) {
        self.parents = parents;
    }

    /// Creates the output folder and temporary files with their headers.
    pub fn create(dir: &Path, opts: WriteOptions) -> Result<Tables> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        remove_stale_temporaries(dir);
        let mut tables = Vec::new();
        let writeback = Writeback::start();
        for (name, header) in TABLES {
            let mut t = Table::open(dir, name, header, 1, opts)?;
            t.writeback = Some(writeback.clone());
            tables.push(t);
        }
        Ok(Tables::new(dir.to_path_buf(), tables, opts))
    }

    /// Rows go to `out` as JSON Lines (`--emit jsonl`): per article its
    /// `articles` row, then its `mentions`, `claims` and `claim_entities`
    /// rows, each with the article's input position `seq` and its index
    /// `row` among the article's rows of that table; the `entities` rows
    /// (with `seq`, the position of the entity's first article) and the
    /// `candidates` rows (every name, singletons included, with its count in
    /// the stream and `seq`, the position of its example) come last, from
    /// [`Tables::finish`]. No file is written.
    pub fn emit(out: Box<dyn Write + Send>, opts: WriteOptions) -> Tables {
        let mut t = Tables::new(PathBuf::new(), Vec::new(), opts);
        t.emit = Some(out);
        t
    }

    /// This run is shard `spec` of several: also write the files
    /// [`crate::merge`] needs (see [`crate::shard`]).
    pub fn set_shard(&mut self, spec: Shard) -> Result<()> {
        if self.emit.is_none() {
            self.shard = Some(ShardFiles::create(&self.dir, spec, self.opts)?);
        }
        Ok(())
    }

    /// `--review`: also write the report and review pages of `review`
    /// (not with `--emit`, which writes no file).
    pub fn set_review(&mut self, review: Review) -> Result<()> {
        if self.emit.is_some() {
            return Err(Error::Usage("--review writes files: not with --emit".into()));
        }
        self.review = Some(review);
        Ok(())
    }

    /// The review being written, with `--review`.
    pub fn review_mut(&mut self) -> Option<&mut Review> {
        self.review.as_mut()
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
    pub fn add_entity(&mut self, id: &str, total: EntityTotal) {
        match self.entities.get_mut(id) {
            Some(e) => {
                e.mentions += total.mentions;
                e.articles += total.articles;
                if total.first_seq < e.first_seq {
                    (e.kind, e.name, e.first_seq) = (total.kind, total.name, total.first_seq);
                }
            }
            None => {
                self.entities.insert(id.to_string(), total);
            }
        }
    }

    /// A merge: the `candidates.csv` rows, already filtered and sorted.
    pub fn set_candidates(&mut self, rows: Vec<Candidate>) {
        self.merged_candidates = Some(rows);
    }

    /// Appends one article's rows.
    pub fn append(&mut self, p: &Processed) -> Result<()> {
        if let Some(out) = &mut self.emit {
            for bytes in [&p.article_row, &p.mention_rows, &p.claim_rows, &p.claim_entity_rows] {
                emit_positioned(out, bytes, Some(p.seq), true)
                    .map_err(|e| Error::io(Path::new("-"), e))?;
            }
            self.add_entities(p);
            self.emitted_names.add(p.seq, &p.candidates);
            return Ok(());
        }
        for (i, bytes, rows) in [
            (ARTICLES, &p.article_row, 1),
            (MENTIONS, &p.mention_rows, p.mentions),
            (CLAIMS, &p.claim_rows, p.claims),
            (CLAIM_ENTITIES, &p.claim_entity_rows, p.claim_entities),
        ] {
            if bytes.is_empty() {
                continue;
            }
            if self.opts.excel {
                self.append_excel(i, bytes, rows)?;
            } else {
                self.tables[i].append(bytes, rows)?;
            }
        }
        self.add_entities(p);
        match &mut self.shard {
            None => self.candidates.add(&p.candidates),
            Some(sh) => sh.append(p)?,
        }
        if let (Some(r), Some(a)) = (&mut self.review, &p.review) {
            r.append(a)?;
        }
        Ok(())
    }

    /// `--from-rows`: appends one encoded row to table `index` of
    /// [`TABLES`] (entities and candidates included: rows given there are
    /// the final ones, and [`Tables::finish`] adds none of its own when no
    /// article was appended).
    pub fn append_row(&mut self, index: usize, bytes: &[u8]) -> Result<()> {
        match self.tables.get_mut(index) {
            Some(t) => t.append(bytes, 1),
            None => Err(Error::Other(format!("no table {index} to append to (a bug)"))),
        }
    }

    /// Adds an article's entities to the totals: one lookup per entity met
    /// before, a second to insert a new one.
    fn add_entities(&mut self, p: &Processed) {
        for e in &p.entities {
            // (Most are met again: the id is copied the first time only.)
            if let Some(t) = self.run_entities.get_mut(e.id.as_str()) {
                t.mentions += e.mentions;
                t.articles += 1;
                continue;
            }
            let total = EntityTotal {
                kind: e.kind,
                name: e.name.clone(),
                mentions: e.mentions,
                articles: 1,
                first_seq: p.seq,
                info: e.info.clone(),
            };
            self.run_entities.insert(e.id.clone(), total);
        }
    }

    /// Messages for the user about the tables (parts split for Excel).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Adds a row for every parent of an entity of the run that has none,
    /// with no mentions (its name is the gazetteer's; `first_seq` after
    /// every article, so a merge takes the spelling of an article).
    fn add_parents(&mut self) {
        let mut todo: Vec<String> = self
            .entities
            .values()
            .map(|e| e.info.parent.clone())
            .filter(|p| !p.is_empty())
            .collect();
        while let Some(id) = todo.pop() {
            if self.entities.contains_key(&id) {
                continue;
            }
            let Some((kind, name, info)) = self.parents.get(&id) else { continue };
            if !info.parent.is_empty() {
                todo.push(info.parent.clone());
            }
            let total = EntityTotal {
                kind,
                name: name.clone(),
                mentions: 0,
                articles: 0,
                first_seq: u64::MAX,
                info: info.clone(),
            };
            self.entities.insert(id, total);
        }
    }

    /// The entities' totals, sorted by id.
    pub(crate) fn entities(&self) -> &BTreeMap<String, EntityTotal> {
        &self.entities
    }

    /// The rows of `entities.csv`.
    fn entity_rows(&self) -> Rows {
        let mut w = Rows::of::<EntityRow>(self.opts);
        for (id, e) in &self.entities {
            w.row(&e.row(id));
        }
        w
    }

    /// Writes `entities.csv` (and `candidates.csv`), flushes and renames
    /// every table into place; with `--emit`, writes the `entities` rows to
    /// the stream and flushes it.
    pub fn finish(mut self) -> Result<()> {
        let run_entities = std::mem::take(&mut self.run_entities);
        if self.entities.is_empty() {
            // (Sorted in one go, ids moved, not copied.)
            self.entities = run_entities.into_iter().collect();
        } else {
            for (id, total) in run_entities {
                self.add_entity(&id, total);
            }
        }
        self.add_parents();
        if self.emit.is_some() {
            return self.finish_emit().map_err(|e| Error::io(Path::new("-"), e));
        }
        let w = self.entity_rows();
        self.tables[ENTITIES].append(&w.into_bytes(), 0)?;
        let mut w = Rows::of::<CandidateRow>(self.opts);
        // The report shows the first rows and counts them all.
        let (mut top, mut rows) = (Vec::new(), 0u64);
        let wanted = if self.review.is_some() { review::report::TOP } else { 0 };
        let mut row = |name: &str, count: u64, example: &str| {
            w.row(&CandidateRow { name: Text(name), count, example: Text(example) });
            if top.len() < wanted {
                let (name, example) = (name.to_string(), example.to_string());
                top.push(Candidate { name, count, example });
            }
            rows += 1;
        };
        match &self.merged_candidates {
            Some(rows) => rows.iter().for_each(|c| row(&c.name, c.count, &c.example)),
            None => {
                for (name, count, example) in self.candidates.frequent(CANDIDATE_MIN_COUNT) {
                    row(name, count, example);
                }
            }
        }
        self.tables[CANDIDATES].append(&w.into_bytes(), 0)?;
        if let Some(sh) = self.shard.take() {
            let files = sh.finish(&self.dir, self.entities(), self.opts)?;
            self.parts.extend(files);
        }
        let mut result = Ok(());
        if let Some(r) = &mut self.review {
            result = r.finish(&self.entities, &top, rows);
        }
        let result = result.and_then(|()| self.flush_and_rename());
        if result.is_err() {
            for t in &self.tables {
                let _ = std::fs::remove_file(&t.tmp);
            }
            for (tmp, _) in &self.parts {
                let _ = std::fs::remove_file(tmp);
            }
            if let Some(r) = &mut self.review {
                r.abandon();
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
        let dests = self.parts.iter().map(|(_, d)| d).chain(self.tables.iter().map(|t| &t.dest));
        for dest in dests {
            if dest.is_dir() {
                return Err(Error::io(
                    dest,
                    std::io::Error::other("is a folder; cannot replace it with a table"),
                ));
            }
        }
        if let Some(r) = &self.review {
            r.check()?;
        }
        for (tmp, dest) in &self.parts {
            std::fs::rename(tmp, dest).map_err(|e| Error::io(dest, e))?;
        }
        for t in &self.tables {
            std::fs::rename(&t.tmp, &t.dest).map_err(|e| Error::io(&t.dest, e))?;
        }
        // The review files follow the tables they describe; without
        // --review, older ones would describe other tables.
        match &mut self.review {
            Some(r) => r.commit(),
            None => {
                review::output::remove_stale(&self.dir);
                Ok(())
            }
        }
    }

    /// `--emit jsonl`: the `entities` rows, then the `candidates` rows, each
    /// with its `seq`; flushes the stream.
    fn finish_emit(&mut self) -> std::io::Result<()> {
        let Some(out) = &mut self.emit else { return Ok(()) };
        for (id, e) in &self.entities {
            let mut w = Rows::of::<EntityRow>(self.opts);
            w.row(&e.row(id));
            // A parent no article of the stream mentions has no position.
            let seq = (e.first_seq != u64::MAX).then_some(e.first_seq);
            emit_positioned(out, &w.into_bytes(), seq, false)?;
        }
        for (name, count, seq, example) in std::mem::take(&mut self.emitted_names).into_sorted() {
            let mut w = Rows::of::<CandidateRow>(self.opts);
            w.row(&CandidateRow { name: Text(&name), count, example: Text(&example) });
            emit_positioned(out, &w.into_bytes(), Some(seq), false)?;
        }
        out.flush()
    }

    /// Finishes the tables after `result`, or abandons them when it failed
    /// and returns its error.
    pub fn conclude(self, result: Result<()>) -> Result<()> {
        match result {
            Ok(()) => self.finish(),
            Err(e) => {
                self.abandon();
                Err(e)
            }
        }
    }

    /// Removes the temporary files (after a failed run).
    pub fn abandon(mut self) {
        if let Some(r) = &mut self.review {
            r.abandon();
        }
        if let Some(sh) = self.shard {
            sh.abandon();
        }
        for (tmp, _) in &self.parts {
            let _ = std::fs::remove_file(tmp);
        }
        for t in self.tables {
            t.remove();
        }
    }
}

/// Writes JSON Lines rows (each `{…}` on its line) with the input position
/// added: `"seq":N` (`null` for none) and, when `numbered`, `"row":K`, the
/// row's index among `rows`. JSON escapes line breaks inside strings, so
/// every `\n` ends a row.
fn emit_positioned(
    out: &mut dyn Write,
    rows: &[u8],
    seq: Option<u64>,
    numbered: bool,
) -> std::io::Result<()> {
    let mut tail = Vec::with_capacity(48);
    for (k, line) in rows.split(|&b| b == b'\n').filter(|l| !l.is_empty()).enumerate() {
        let Some(body) = line.strip_suffix(b"}") else {
            return Err(std::io::Error::other("a JSON Lines row that is not an object (a bug)"));
        };
        tail.clear();
        match seq {
            Some(n) => write!(tail, ",\"seq\":{n}")?,
            None => tail.extend_from_slice(b",\"seq\":null"),
        }
        if numbered {
            write!(tail, ",\"row\":{k}")?;
        }
        tail.extend_from_slice(b"}\n");
        out.write_all(body)?;
        out.write_all(&tail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table asks for writeback every `WRITEBACK_EVERY` bytes, each time
    /// after handing the kernel every byte appended so far.
    #[test]
    fn a_growing_table_asks_for_writeback_of_all_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = sync_channel::<File>(16);
        let mut t = Table::open(dir.path(), "t.csv", &["a"], 1, WriteOptions::default()).unwrap();
        let header = b"a\n".len() as u64;
        t.writeback = Some(Writeback { tx });
        let row = b"1234567\n".repeat(125); // 1,000 bytes, 125 rows
        let mut requested_at = Vec::new();
        for i in 1..=10u64 {
            t.append(&row, 125).unwrap();
            if let Ok(f) = rx.try_recv() {
                // The file the request names holds every row appended.
                assert_eq!(f.metadata().unwrap().len(), header + 1000 * i);
                requested_at.push(i);
            }
        }
        // 4,096 bytes: after the 5th and the 10th thousand.
        assert_eq!(requested_at, [5, 10]);
        assert_eq!(t.rows, 1 + 1250);
        // Without a writeback thread, appends go on alike.
        t.writeback = None;
        t.append(&row, 125).unwrap();
        let (tmp, _) = t.close().unwrap();
        assert_eq!(std::fs::metadata(tmp).unwrap().len(), header + 11_000);
    }
}
