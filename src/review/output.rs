//! [`Review`]: the review files of a run, written as the tables are.
//!
//! Pages go to a temporary folder `.review.PID.tmp/` as their articles
//! arrive (each one when the next arrives, so that it knows whether it has
//! a next page), `report.html` to `.report.html.PID.tmp`; at the end,
//! after the tables, the report is renamed into place and the folder
//! replaces `review/`. A failed or stopped run removes them and leaves the
//! previous files as they were; a run without `--review` removes an older
//! `report.html` and `review/`, which would describe other tables.

use std::fs;
use std::path::{Path, PathBuf};

use super::page::{self, Nav, PageLink};
use super::report::{self, Context, Totals, TOP};
use super::{ArticleReview, Page, ReviewOptions};
use crate::candidates::Candidate;
use crate::error::{Error, Result};
use crate::write::EntityTotal;

/// The report's file name.
pub const REPORT: &str = "report.html";
/// The pages' folder name.
pub const PAGES: &str = "review";

/// The review files of a run being written.
#[derive(Debug)]
pub struct Review {
    dir: PathBuf,
    opts: ReviewOptions,
    /// Write `report.html` (not for a shard).
    report: bool,
    inputs: Vec<String>,
    bytes: Option<u64>,
    skipped: u64,
    merged: Option<usize>,
    totals: Totals,
    pages: Vec<PageLink>,
    /// The last page, written when the next article arrives or at the end.
    pending: Option<Box<Page>>,
    /// The pages' temporary folder, once the first page is written.
    pages_tmp: Option<PathBuf>,
    /// The report's temporary file, once written.
    report_tmp: Option<PathBuf>,
}

fn tmp_name(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

impl Review {
    /// The review of a run writing its tables to `dir`: pages for the first
    /// `opts.max_pages` articles, and with `report` the run report.
    /// `inputs` are shown on the report as given.
    pub fn new(dir: &Path, opts: ReviewOptions, report: bool, inputs: Vec<String>) -> Review {
        Review {
            dir: dir.to_path_buf(),
            opts,
            report,
            inputs,
            bytes: None,
            skipped: 0,
            merged: None,
            totals: Totals::default(),
            pages: Vec::new(),
            pending: None,
            pages_tmp: None,
            report_tmp: None,
        }
    }

    /// The options.
    pub fn options(&self) -> ReviewOptions {
        self.opts
    }

    /// The input read, for the report: bytes and files skipped.
    pub fn set_input(&mut self, bytes: u64, skipped: u64) {
        self.bytes = Some(bytes);
        self.skipped = skipped;
    }

    /// A merge of `shards` shard folders: the report says so.
    pub fn set_merged(&mut self, shards: usize) {
        self.merged = Some(shards);
    }

    /// The totals so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Adds one article, in input order: its counts, and its page when it
    /// has one (the page before it is written now).
    pub fn append(&mut self, a: &ArticleReview) -> Result<()> {
        let page = a.page.as_ref().filter(|_| self.pages.len() < self.opts.max_pages);
        let n = page.map(|_| self.pages.len() + 1);
        if self.report {
            self.totals.add(a, n);
        }
        if let (Some(page), Some(n)) = (page, n) {
            self.flush_pending(true)?;
            self.pages.push(PageLink { n, info: a.info.clone() });
            self.pending = Some(page.clone());
        }
        Ok(())
    }

    /// Writes the pending page; `next`: another page follows it.
    fn flush_pending(&mut self, next: bool) -> Result<()> {
        let Some(page) = self.pending.take() else { return Ok(()) };
        let n = self.pages.len();
        let nav = Nav { n, prev: n > 1, next, report: self.report };
        let html = page::render(&page, &nav);
        let dir = self.pages_dir()?;
        let path = dir.join(format!("{n}.html"));
        fs::write(&path, html).map_err(|e| Error::io(&path, e))
    }

    /// The pages' temporary folder, created the first time.
    fn pages_dir(&mut self) -> Result<PathBuf> {
        if let Some(d) = &self.pages_tmp {
            return Ok(d.clone());
        }
        let d = tmp_name(&self.dir, PAGES);
        if d.exists() {
            let _ = fs::remove_dir_all(&d);
        }
        fs::create_dir(&d).map_err(|e| Error::io(&d, e))?;
        self.pages_tmp = Some(d.clone());
        Ok(d)
    }

    /// Writes the last page, the index of the pages and the report, to
    /// their temporary names. `entities` are those of `entities.csv`,
    /// `candidates` the first rows of `candidates.csv` (at least [`TOP`]
    /// when it has them) and `candidate_rows` its rows.
    pub fn finish(
        &mut self,
        entities: &std::collections::BTreeMap<String, EntityTotal>,
        candidates: &[Candidate],
        candidate_rows: u64,
    ) -> Result<()> {
        self.flush_pending(false)?;
        if !self.pages.is_empty() {
            let dir = self.pages_dir()?;
            let path = dir.join("index.html");
            fs::write(&path, page::index(&self.pages, self.report))
                .map_err(|e| Error::io(&path, e))?;
        }
        if self.report {
            let cx = Context {
                inputs: &self.inputs,
                bytes: self.bytes,
                skipped: self.skipped,
                merged: self.merged,
                entities,
                candidates: &candidates[..candidates.len().min(TOP)],
                candidate_rows,
                pages: &self.pages,
            };
            let html = report::render(&self.totals, &cx);
            let tmp = tmp_name(&self.dir, REPORT);
            fs::write(&tmp, html).map_err(|e| Error::io(&tmp, e))?;
            self.report_tmp = Some(tmp);
        }
        Ok(())
    }

    /// Checks, before any table is replaced, that the review files can
    /// replace what is in the output folder: `report.html` is no folder,
    /// and `review/` is missing or a folder of review pages.
    pub fn check(&self) -> Result<()> {
        let report = self.dir.join(REPORT);
        if self.report_tmp.is_some() && report.is_dir() {
            return Err(Error::io(
                &report,
                std::io::Error::other("is a folder; cannot replace it with the report"),
            ));
        }
        let pages = self.dir.join(PAGES);
        if self.pages_tmp.is_some() && fs::symlink_metadata(&pages).is_ok() && !is_pages(&pages) {
            return Err(Error::io(
                &pages,
                std::io::Error::other(
                    "is not a folder of claimex review pages; cannot replace it (move it away)",
                ),
            ));
        }
        Ok(())
    }

    /// Renames the report and the pages into place; removes an older
    /// report or pages folder that this run did not replace.
    pub fn commit(&mut self) -> Result<()> {
        let report = self.dir.join(REPORT);
        match self.report_tmp.take() {
            Some(tmp) => fs::rename(&tmp, &report).map_err(|e| Error::io(&report, e))?,
            None => remove_report(&self.dir),
        }
        let pages = self.dir.join(PAGES);
        match self.pages_tmp.take() {
            Some(tmp) => {
                // A folder cannot be renamed over a full one: the old one
                // is moved aside first, then removed.
                let old = tmp_name(&self.dir, "review-old");
                let had = is_pages(&pages);
                if had {
                    fs::rename(&pages, &old).map_err(|e| Error::io(&pages, e))?;
                }
                fs::rename(&tmp, &pages).map_err(|e| Error::io(&pages, e))?;
                if had {
                    let _ = fs::remove_dir_all(&old);
                }
            }
            None => remove_pages(&self.dir),
        }
        Ok(())
    }

    /// Removes the temporary files (a failed or stopped run).
    pub fn abandon(&mut self) {
        if let Some(d) = self.pages_tmp.take() {
            let _ = fs::remove_dir_all(d);
        }
        if let Some(f) = self.report_tmp.take() {
            let _ = fs::remove_file(f);
        }
    }
}

/// Is `path` a folder of review pages (only `index.html` and `<n>.html`
/// files), which a run may replace or remove?
fn is_pages(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else { return false };
    if !meta.is_dir() {
        return false;
    }
    let Ok(entries) = fs::read_dir(path) else { return false };
    entries.into_iter().all(|e| {
        let Ok(e) = e else { return false };
        let name = e.file_name();
        let Some(name) = name.to_str() else { return false };
        let Some(stem) = name.strip_suffix(".html") else { return false };
        let file = e.file_type().is_ok_and(|t| t.is_file());
        file && (stem == "index" || (!stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit())))
    })
}

/// Removes `report.html` from `dir` when it is a file.
fn remove_report(dir: &Path) {
    let report = dir.join(REPORT);
    if fs::symlink_metadata(&report).is_ok_and(|m| m.is_file()) {
        let _ = fs::remove_file(report);
    }
}

/// Removes `review/` from `dir` when it is a folder of review pages.
fn remove_pages(dir: &Path) {
    let pages = dir.join(PAGES);
    if is_pages(&pages) {
        let _ = fs::remove_dir_all(pages);
    }
}

/// After a run without `--review` into `dir`: removes an older report and
/// pages folder, which would describe other tables.
pub fn remove_stale(dir: &Path) {
    remove_report(dir);
    remove_pages(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_of_pages_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let pages = dir.path().join(PAGES);
        fs::create_dir(&pages).unwrap();
        for f in ["index.html", "1.html", "12.html"] {
            fs::write(pages.join(f), "x").unwrap();
        }
        assert!(is_pages(&pages));
        fs::write(dir.path().join(REPORT), "x").unwrap();
        remove_stale(dir.path());
        assert!(!pages.exists() && !dir.path().join(REPORT).exists());
        // Someone's own folder called review/ stays.
        fs::create_dir(&pages).unwrap();
        fs::write(pages.join("notes.txt"), "mine").unwrap();
        assert!(!is_pages(&pages));
        remove_stale(dir.path());
        assert!(pages.join("notes.txt").exists());
    }
}
