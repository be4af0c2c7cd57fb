//! Merge: the tables of N shards ([`crate::shard`]) → the one-machine tables.
//!
//! `claimex --merge SHARD_DIR… -o OUT` checks that the folders are the N
//! shards of one input (every K from 0 to N-1 once, the same N and input
//! size), then writes to OUT exactly what `claimex` on one machine writes:
//!
//! - `articles.csv`, `mentions.csv`, `claims.csv`, `claim_entities.csv`:
//!   the shards' rows merged back into input order by the `seq` column of
//!   each shard's `shard.csv` (a streaming N-way merge: memory does not
//!   grow with the input), each article taking its rows from its shard as
//!   `shard.csv` counts them;
//! - `entities.csv`: per entity, `mentions` and `articles` summed over the
//!   shards' `shard_entities.csv` (an article is in one shard only, so the
//!   sums are exact), the name as the entity's first article wrote it;
//! - `candidates.csv`: per name, counts summed from `shard_candidates.csv`,
//!   the example taken from the shard holding the name's first article;
//!   names seen at least twice, most frequent first. This equals a
//!   one-machine run as long as that run never had to drop names seen once
//!   (200,000 distinct names; past that the merged counts are the exact
//!   ones and the one-machine counts the approximate ones).
//!
//! Cells are copied as they are; give the merge the same `--raw-cells` as
//! the shards. A shard whose row tables have other columns than this
//! version writes (a shard of another version) is refused. `--excel` is
//! not supported with shards.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::candidates::Candidate;
use crate::error::{Error, Result};
use crate::review::{ArticleReview, Review, ReviewOptions, RowColumns};
use crate::shard::{ShardMeta, SHARD_CANDIDATES, SHARD_ENTITIES, SHARD_INDEX, SHARD_META};
use crate::write::{
    ArticleRow, ClaimEntityRow, ClaimRow, EntityInfo, EntityTotal, Format, MentionRow, Processed,
    Row, Rows, Tables, WriteOptions, CANDIDATE_MIN_COUNT,
};
use crate::{Cancel, Summary};

type CsvReader = csv::Reader<BufReader<File>>;

fn open(dir: &Path, name: &str) -> Result<CsvReader> {
    let path = dir.join(name);
    let f = File::open(&path).map_err(|e| Error::io(&path, e))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::with_capacity(1 << 16, f)))
}

fn csv_err(dir: &Path, name: &str, e: impl std::fmt::Display) -> Error {
    Error::Shard { path: dir.join(name), msg: e.to_string() }
}

fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("")
}

fn number(dir: &Path, name: &str, rec: &csv::StringRecord, i: usize) -> Result<u64> {
    field(rec, i).parse().map_err(|_| {
        csv_err(dir, name, format!("line {}: column {} is not a number", line(rec), i + 1))
    })
}

fn line(rec: &csv::StringRecord) -> u64 {
    rec.position().map_or(0, |p| p.line())
}

/// One shard being read.
struct Input {
    dir: PathBuf,
    index: CsvReader,
    /// The next article's (seq, mentions, claims, claim_entities).
    next: Option<[u64; 4]>,
    tables: [CsvReader; 4],
    rec: csv::StringRecord,
}

const ROW_TABLES: [(&str, &[&str]); 4] = [
    (ArticleRow::TABLE, ArticleRow::HEADER),
    (MentionRow::TABLE, MentionRow::HEADER),
    (ClaimRow::TABLE, ClaimRow::HEADER),
    (ClaimEntityRow::TABLE, ClaimEntityRow::HEADER),
];

impl Input {
    /// Opens a shard's index and row tables, at its first article.
    fn open(dir: &Path) -> Result<Input> {
        let mut input = Input {
            dir: dir.to_path_buf(),
            index: open(dir, SHARD_INDEX)?,
            next: None,
            tables: [
                open(dir, ROW_TABLES[0].0)?,
                open(dir, ROW_TABLES[1].0)?,
                open(dir, ROW_TABLES[2].0)?,
                open(dir, ROW_TABLES[3].0)?,
            ],
            rec: csv::StringRecord::new(),
        };
        // Rows are copied cell by cell: a shard written by a version with
        // other columns would make a table whose rows do not fit its header.
        for (t, (name, header)) in ROW_TABLES.iter().enumerate() {
            let got = input.tables[t].headers().map_err(|e| csv_err(dir, name, e))?;
            if !got.iter().eq(header.iter().copied()) {
                let got = got.iter().collect::<Vec<_>>().join(",");
                return Err(csv_err(
                    dir,
                    name,
                    format!(
                        "columns {got}, expected {} (a shard of another version?)",
                        header.join(",")
                    ),
                ));
            }
        }
        input.advance()?;
        Ok(input)
    }

    fn advance(&mut self) -> Result<()> {
        self.next =
            if self.index.read_record(&mut self.rec).map_err(|e| self.err(SHARD_INDEX, e))? {
                let mut v = [0u64; 4];
                for (i, x) in v.iter_mut().enumerate() {
                    *x = number(&self.dir, SHARD_INDEX, &self.rec, i)?;
                }
                Some(v)
            } else {
                None
            };
        Ok(())
    }

    fn err(&self, name: &str, e: impl std::fmt::Display) -> Error {
        csv_err(&self.dir, name, e)
    }

    /// Copies `n` rows of table `t` into `rows`, showing each record to
    /// `seen`.
    fn copy(
        &mut self,
        t: usize,
        n: u64,
        rows: &mut Rows,
        mut seen: impl FnMut(&csv::StringRecord),
    ) -> Result<()> {
        for _ in 0..n {
            let name = ROW_TABLES[t].0;
            if !self.tables[t].read_record(&mut self.rec).map_err(|e| self.err(name, e))? {
                return Err(self.err(name, "fewer rows than shard.csv counts"));
            }
            rows.begin();
            self.rec.iter().for_each(|c| rows.raw(c));
            rows.end();
            seen(&self.rec);
        }
        Ok(())
    }
}

/// Merges the shard folders `dirs` into the tables of `out`. The summary
/// counts the articles with an `error:` or `warning:` status, as a
/// one-machine run over the same input does.
///
/// A cancelled `cancel` stops the merge before its next article: no table
/// is replaced, no temporary file is left, and it returns
/// [`Error::Interrupted`].
pub fn merge(dirs: &[PathBuf], out: &Path, opts: WriteOptions, cancel: &Cancel) -> Result<Summary> {
    let started = std::time::Instant::now();
    let opts = WriteOptions { format: Format::Csv, ..opts };
    if opts.excel {
        return Err(Error::Usage("--merge does not support --excel".into()));
    }
    let first = check_shards(dirs)?;
    let mut inputs = Vec::new();
    for dir in dirs {
        inputs.push(Input::open(dir)?);
    }
    let mut tables = Tables::create(out, opts)?;
    if opts.review.is_some() {
        // The text is not in the tables: the report, no pages.
        let inputs = dirs.iter().map(|d| d.display().to_string()).collect();
        let mut review = Review::new(out, ReviewOptions { max_pages: 0 }, true, inputs);
        review.set_merged(dirs.len());
        tables.set_review(review)?;
    }
    let mut summary = Summary::default();
    let result = merge_rows(&mut inputs, first.items, &mut tables, &mut summary, opts, cancel)
        .and_then(|()| merge_entities(dirs, &mut tables))
        .and_then(|()| merge_candidates(dirs, &mut tables))
        .and_then(|()| if cancel.is_cancelled() { Err(Error::Interrupted) } else { Ok(()) });
    tables.conclude(result)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Step 1: the folders are the shards of one input, each once. Returns
/// the first shard's `shard.json`.
fn check_shards(dirs: &[PathBuf]) -> Result<ShardMeta> {
    let mut metas = Vec::new();
    for dir in dirs {
        let path = dir.join(SHARD_META);
        let raw = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let meta: ShardMeta = serde_json::from_slice(&raw)
            .map_err(|e| Error::Shard { path: path.clone(), msg: e.to_string() })?;
        metas.push(meta);
    }
    let Some(first) = metas.first().copied() else {
        return Err(Error::Usage("--merge needs the shard folders as inputs".into()));
    };
    let mut seen = vec![false; first.of as usize];
    for (m, dir) in metas.iter().zip(dirs) {
        if m.of != first.of || m.items != first.items {
            return Err(Error::Shard {
                path: dir.clone(),
                msg: format!(
                    "shard {}/{} of {} articles does not belong with shard {}/{} of {} articles",
                    m.shard, m.of, m.items, first.shard, first.of, first.items
                ),
            });
        }
        match seen.get_mut(m.shard as usize) {
            Some(s) if !*s => *s = true,
            _ => {
                return Err(Error::Shard {
                    path: dir.clone(),
                    msg: format!("shard {}/{} given twice", m.shard, m.of),
                })
            }
        }
    }
    if let Some(k) = seen.iter().position(|s| !s) {
        return Err(Error::Usage(format!("shard {k}/{} is missing", first.of)));
    }
    Ok(first)
}

/// Step 2: the rows back in input order, a streaming N-way merge on `seq`.
fn merge_rows(
    inputs: &mut [Input],
    items: u64,
    tables: &mut Tables,
    summary: &mut Summary,
    opts: WriteOptions,
    cancel: &Cancel,
) -> Result<()> {
    let status_col = ArticleRow::HEADER.iter().position(|&c| c == "status").unwrap_or(usize::MAX);
    let review = tables.review_mut().is_some();
    let cols = RowColumns::default();
    let mut expect = 0u64;
    while let Some(i) = (0..inputs.len())
        .filter(|&i| inputs[i].next.is_some())
        .min_by_key(|&i| inputs[i].next.map(|n| n[0]))
    {
        if cancel.is_cancelled() {
            return Err(Error::Interrupted);
        }
        let input = &mut inputs[i];
        let Some([seq, mentions, claims, claim_entities]) = input.next else { break };
        if seq != expect {
            return Err(input.err(
                SHARD_INDEX,
                format!("article {expect} of the input is in no shard (next is {seq})"),
            ));
        }
        expect += 1;
        let mut p = Processed { seq, mentions, claims, claim_entities, ..Default::default() };
        let mut bufs = ROW_TABLES.map(|(name, header)| Rows::new(name, header, opts));
        // With --review, the report counts the rows as they are copied.
        let mut counted: Option<ArticleReview> = None;
        for (t, n) in [1, mentions, claims, claim_entities].into_iter().enumerate() {
            input.copy(t, n, &mut bufs[t], |rec| match (t, &mut counted) {
                _ if !review => {}
                (0, c) => *c = Some(ArticleReview::article_row(&cols, rec)),
                (1, Some(a)) => a.mention_row(&cols, rec),
                (2, Some(a)) => a.claim_row(&cols, rec),
                _ => {}
            })?;
            if t == 0 {
                // The article's status, for the exit code of a one-machine run.
                let status = field(&input.rec, status_col);
                summary.errors += u64::from(status.starts_with("error:"));
                summary.warnings += u64::from(status.starts_with("warning:"));
            }
        }
        let [a, m, c, ce] = bufs;
        p.article_row = a.into_bytes();
        p.mention_rows = m.into_bytes();
        p.claim_rows = c.into_bytes();
        p.claim_entity_rows = ce.into_bytes();
        p.review = counted.map(Box::new);
        tables.append(&p)?;
        summary.articles += 1;
        summary.mentions += mentions;
        summary.claims += claims;
        input.advance()?;
    }
    if expect != items {
        return Err(Error::Usage(format!(
            "the shards hold {expect} articles, their input had {items}"
        )));
    }
    for input in inputs {
        for (t, (name, _)) in ROW_TABLES.iter().enumerate() {
            if input.tables[t].read_record(&mut input.rec).map_err(|e| input.err(name, e))? {
                return Err(input.err(name, "more rows than shard.csv counts"));
            }
        }
    }
    Ok(())
}

/// Step 3: entities, their counts summed over the shards (an article is in
/// one shard only, so the sums are exact), the name of the earliest article.
fn merge_entities(dirs: &[PathBuf], tables: &mut Tables) -> Result<()> {
    for dir in dirs {
        let name = SHARD_ENTITIES;
        let mut rdr = open(dir, name)?;
        let header = rdr.headers().map_err(|e| csv_err(dir, name, e))?.clone();
        // Columns by name: the shard file is `ShardEntityRow`'s.
        let col = |c: &str| -> Result<usize> {
            header.iter().position(|h| h == c).ok_or_else(|| {
                csv_err(dir, name, format!("no column {c:?} (a shard of another version?)"))
            })
        };
        let c = Cols {
            id: col("entity_id")?,
            kind: col("type")?,
            name: col("name")?,
            mentions: col("mentions")?,
            articles: col("articles")?,
            first_seq: col("first_seq")?,
            parent: col("parent")?,
            subtype: col("subtype")?,
            country: col("country")?,
        };
        let mut rec = csv::StringRecord::new();
        while rdr.read_record(&mut rec).map_err(|e| csv_err(dir, name, e))? {
            let kind = match field(&rec, c.kind) {
                "PERSON" => "PERSON",
                "COUNTRY" => "COUNTRY",
                "AGENCY" => "AGENCY",
                other => return Err(csv_err(dir, name, format!("unknown entity type {other:?}"))),
            };
            let total = EntityTotal {
                kind,
                name: field(&rec, c.name).to_string(),
                mentions: number(dir, name, &rec, c.mentions)?,
                articles: number(dir, name, &rec, c.articles)?,
                first_seq: number(dir, name, &rec, c.first_seq)?,
                info: EntityInfo {
                    parent: field(&rec, c.parent).to_string(),
                    subtype: field(&rec, c.subtype).to_string(),
                    country: field(&rec, c.country).to_string(),
                },
            };
            tables.add_entity(field(&rec, c.id), total);
        }
    }
    Ok(())
}

/// The columns of `shard_entities.csv`, by name.
struct Cols {
    id: usize,
    kind: usize,
    name: usize,
    mentions: usize,
    articles: usize,
    first_seq: usize,
    parent: usize,
    subtype: usize,
    country: usize,
}

/// Step 4: candidate names, counts summed, the example of the earliest
/// article; names seen at least twice, most frequent first.
fn merge_candidates(dirs: &[PathBuf], tables: &mut Tables) -> Result<()> {
    let mut names: HashMap<String, (u64, u64, String)> = HashMap::new();
    for dir in dirs {
        let mut rdr = open(dir, SHARD_CANDIDATES)?;
        let mut rec = csv::StringRecord::new();
        while rdr.read_record(&mut rec).map_err(|e| csv_err(dir, SHARD_CANDIDATES, e))? {
            let count = number(dir, SHARD_CANDIDATES, &rec, 1)?;
            let seq = number(dir, SHARD_CANDIDATES, &rec, 2)?;
            let e = names
                .entry(field(&rec, 0).to_string())
                .or_insert_with(|| (0, u64::MAX, String::new()));
            e.0 += count;
            if seq < e.1 {
                e.1 = seq;
                e.2 = field(&rec, 3).to_string();
            }
        }
    }
    let mut rows: Vec<Candidate> = names
        .into_iter()
        .filter(|(_, e)| e.0 >= CANDIDATE_MIN_COUNT)
        .map(|(name, (count, _, example))| Candidate { name, count, example })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    tables.set_candidates(rows);
    Ok(())
}
