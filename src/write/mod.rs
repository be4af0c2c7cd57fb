//! Stage 5, write: CSV tables.
//!
//! Input: one [`Processed`] article at a time, in input order. Output: the
//! tables `articles.csv`, `entities.csv`, `mentions.csv`, `claims.csv`,
//! `claim_entities.csv` and `candidates.csv` in the output folder (or their
//! rows as JSON Lines on a stream, `--emit jsonl`).
//!
//! - [`rows`]: every table's row as a type; the headers and both encoders
//!   come from those types.
//! - [`encode`](mod@encode): one article's rows, encoded by the worker that
//!   processed it ([`encode()`]), so encoding runs in parallel with tagging.
//! - [`tables`]: [`Tables`] appends those bytes in input order, which keeps
//!   the output byte-identical for any number of threads, aggregates
//!   `entities.csv` and `candidates.csv`, and renames the tables into
//!   place at the end: a reader never sees a half-written table, and a
//!   failed run leaves the previous tables intact.
//! - [`excel`]: `--excel` parts and cell limits.
//!
//! # Example
//!
//! ```
//! use claimex::write::{encode, ArticleView, WriteOptions};
//! use claimex::{gazetteer::Gazetteer, Pipeline};
//!
//! let pipeline = Pipeline::new(Gazetteer::builtin().unwrap()).unwrap();
//! let text = "North Korea said that Russia was a friend.";
//! let a = pipeline.analyze(text, None);
//! let view = ArticleView {
//!     id: "a1",
//!     source: "a1.txt",
//!     date: None,
//!     title: None,
//!     url: None,
//!     text,
//!     sentences: a.doc.sentences.len(),
//!     tokens: a.doc.tokens.len(),
//!     status: Default::default(),
//! };
//! let p = encode(&view, &a.tagged, &a.claims, pipeline.gazetteer(), WriteOptions::default());
//! let mentions = String::from_utf8(p.mention_rows).unwrap();
//! assert!(mentions.starts_with("a1#m0,a1,0,0,11,North Korea,C:KP,COUNTRY,North Korea,exact\n"));
//! ```

pub mod encode;
pub mod excel;
pub mod rows;
pub mod tables;

pub use encode::{
    encode, entity_cells, safe_cell, ArticleView, EntityCells, EntityCount, EntityInfo, Processed,
    Rows, Status, FORMULA_STARTS,
};
pub use excel::{CUT_MARKER, EXCEL_MAX_CELL, EXCEL_MAX_ROWS};
pub(crate) use rows::{column, row};
pub use rows::{
    ArticleRow, CandidateRow, Cell, CellKind, ClaimEntityRow, ClaimRow, EntityRow, MentionRow, Raw,
    Row, Text, TABLES, TABLE_KINDS,
};
pub use tables::{EntityTotal, Parents, Tables};

use crate::review::ReviewOptions;

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
    /// `--review`: also a run report and review pages (see
    /// [`crate::review`]); CSV tables only.
    pub review: Option<ReviewOptions>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions { sanitize: true, excel: false, format: Format::Csv, review: None }
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
