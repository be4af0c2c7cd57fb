//! `--review`: the run at a glance (`report.html`) and the first articles
//! as review pages (`review/<n>.html`), self-contained HTML that opens from
//! disk in any browser.
//!
//! Input: per article, an [`ArticleReview`], made beside the article's rows
//! from the same analysis ([`collect`], in the worker) or, in a merge, from
//! the rows themselves ([`ArticleReview::article_row`]): the article's
//! `articles.csv` cells, its counts by type and `how` ([`Tally`]) and, for
//! the first `--review-max` articles, what its page shows ([`Page`]).
//! Output: the files, written by [`Review`] as the tables are (temporary
//! files, renamed at the end), from the same rows that go to the tables, so
//! every count on the report is a count of the tables.
//!
//! - [`html`]: escaping, `http(s)` links, the Content-Security-Policy with
//!   the hash of the page's one script, and the nesting of highlights;
//! - [`page`](mod@page): an article's page and the index of the pages;
//! - [`report`](mod@report): `report.html`;
//! - [`svg`]: the claims-per-day chart;
//! - [`output`]: [`Review`], the files and their renames.
//!
//! The pages load nothing: their CSP is `default-src 'none'; style-src
//! 'unsafe-inline'; img-src data:` plus the SHA-256 of their own inline
//! script (the arrow keys for the previous and next article). Offsets in
//! the pages (`data-start`, `data-end`) are code points, as in the tables.
//!
//! # Example
//!
//! ```
//! use claimex::review::{collect, Page};
//! use claimex::write::{ArticleView, Status};
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
//!     status: Status::Ok,
//! };
//! let r = collect(&view, &a.tagged, &a.claims, pipeline.gazetteer(), true);
//! assert_eq!(r.tally.mentions, [("COUNTRY".into(), "exact".into(), 2)]);
//! let page: &Page = r.page.as_deref().unwrap();
//! let html = claimex::review::page::render(page, &Default::default());
//! assert!(html.contains(r#"data-start="22" data-end="28""#)); // Russia
//! ```

pub mod html;
pub mod output;
pub mod page;
pub mod report;
mod style;
pub mod svg;

use std::borrow::Cow;

use crate::claims::Claim;
use crate::date::normalize_date;
use crate::gazetteer::Gazetteer;
use crate::span::{CharIndex, Span};
use crate::tag::Tagged;
use crate::write::{entity_cells, ArticleView};

pub use output::Review;

/// Review pages written by default (`--review-max`).
pub const DEFAULT_MAX_PAGES: usize = 200;

/// `--review`: write a report and review pages beside the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewOptions {
    /// Review pages for the first this many articles (`--review-max`).
    pub max_pages: usize,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions { max_pages: DEFAULT_MAX_PAGES }
    }
}

/// A label of the tables: a type, a `how`, a kind (`'static` when it comes
/// from the pipeline, owned when read from a shard's rows).
pub type Label = Cow<'static, str>;

/// What the review needs of one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleReview {
    /// Its `articles.csv` cells.
    pub info: ArticleInfo,
    /// Its mentions and claims, counted.
    pub tally: Tally,
    /// What its review page shows, for the first `--review-max` articles.
    pub page: Option<Box<Page>>,
}

/// An article's `articles.csv` cells that the report shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    /// `article_id`.
    pub id: String,
    /// `source`.
    pub source: String,
    /// `date` (`YYYY-MM-DD` when the input's date starts with one).
    pub date: String,
    /// `title`.
    pub title: String,
    /// `status`: `ok`, `warning: …` or `error: …`.
    pub status: String,
    /// `mentions`.
    pub mentions: u64,
    /// `claims`.
    pub claims: u64,
}

/// An article's mentions and claims, counted by the columns the report
/// breaks them down by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// (`type`, `how`, mentions).
    pub mentions: Vec<(Label, Label, u64)>,
    /// (`kind`, `speaker_how`, claims); `speaker_how` is empty for a claim
    /// with no speaker.
    pub claims: Vec<(Label, Label, u64)>,
    /// Claims per speaker entity.
    pub speakers: Vec<SpeakerCount>,
}

/// Claims whose speaker resolves to one entity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerCount {
    /// `speaker_entity_id`.
    pub id: String,
    /// `speaker_type`.
    pub kind: String,
    /// `speaker_name`.
    pub name: String,
    /// Claims.
    pub claims: u64,
}

impl Tally {
    /// Counts one mention.
    pub fn mention(&mut self, kind: Label, how: Label) {
        bump(&mut self.mentions, kind, how);
    }

    /// Counts one claim, and its speaker when it resolves to an entity
    /// (`speaker_id` not empty).
    pub fn claim(&mut self, kind: Label, speaker_how: Label, speaker: [&str; 3]) {
        bump(&mut self.claims, kind, speaker_how);
        let [id, kind, name] = speaker;
        if id.is_empty() {
            return;
        }
        match self.speakers.iter_mut().find(|s| s.id == id) {
            Some(s) => s.claims += 1,
            None => self.speakers.push(SpeakerCount {
                id: id.to_string(),
                kind: kind.to_string(),
                name: name.to_string(),
                claims: 1,
            }),
        }
    }
}

fn bump(counts: &mut Vec<(Label, Label, u64)>, a: Label, b: Label) {
    match counts.iter_mut().find(|(x, y, _)| *x == a && *y == b) {
        Some((_, _, n)) => *n += 1,
        None => counts.push((a, b, 1)),
    }
}

/// What an article's review page shows: its cells, its text, and its
/// mentions and claims with their spans (bytes of `text`; the page writes
/// them as code points).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The `articles.csv` cells.
    pub info: ArticleInfo,
    /// `url` as given.
    pub url: String,
    /// The text every offset refers to (empty for an article not processed).
    pub text: String,
    /// The mentions, in text order.
    pub mentions: Vec<PageMention>,
    /// The claims, in text order (claim `n` is `<article_id>#c<n>`).
    pub claims: Vec<PageClaim>,
}

/// A mention on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMention {
    /// Its span.
    pub span: Span,
    /// `entity_id`.
    pub entity_id: String,
    /// `type`.
    pub kind: &'static str,
    /// `name`.
    pub name: String,
    /// `how`.
    pub how: &'static str,
}

/// A claim on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageClaim {
    /// The content's span.
    pub span: Span,
    /// `kind`.
    pub kind: &'static str,
    /// The cue's span.
    pub cue: Option<Span>,
    /// The speaker, when the text names one.
    pub speaker: Option<PageSpeaker>,
}

/// A claim's speaker on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageSpeaker {
    /// The speaker phrase's span.
    pub span: Span,
    /// `speaker_entity_id` (empty when unresolved).
    pub entity_id: String,
    /// `speaker_type`.
    pub kind: &'static str,
    /// `speaker_name`.
    pub name: String,
    /// `speaker_how`.
    pub how: &'static str,
}

/// The review data of one article, from the same analysis its rows are
/// encoded from: its cells, its counts, and with `page` what its review
/// page shows.
pub fn collect(
    a: &ArticleView<'_>,
    tagged: &Tagged,
    claims: &[Claim],
    gaz: &Gazetteer,
    page: bool,
) -> ArticleReview {
    let info = ArticleInfo {
        id: a.id.to_string(),
        source: a.source.to_string(),
        date: a.date.map(normalize_date).unwrap_or("").to_string(),
        title: a.title.unwrap_or("").to_string(),
        status: a.status.render(),
        mentions: tagged.mentions.len() as u64,
        claims: claims.len() as u64,
    };
    let mut tally = Tally::default();
    for m in &tagged.mentions {
        let (_, kind, _) = entity_cells(gaz, tagged, m.entity);
        tally.mention(Cow::Borrowed(kind), Cow::Borrowed(m.how.as_str()));
    }
    for c in claims {
        let (how, speaker) = match &c.speaker {
            Some(sp) => {
                let cells = sp.entity.map(|e| entity_cells(gaz, tagged, e));
                let (id, kind, name) = cells.unwrap_or(("", "", ""));
                (sp.how.as_str(), [id, kind, name])
            }
            None => ("", ["", "", ""]),
        };
        tally.claim(Cow::Borrowed(c.kind.as_str()), Cow::Borrowed(how), speaker);
    }
    let page = page.then(|| {
        let mentions = tagged
            .mentions
            .iter()
            .map(|m| {
                let (id, kind, name) = entity_cells(gaz, tagged, m.entity);
                PageMention {
                    span: m.span,
                    entity_id: id.to_string(),
                    kind,
                    name: name.to_string(),
                    how: m.how.as_str(),
                }
            })
            .collect();
        let claims = claims
            .iter()
            .map(|c| PageClaim {
                span: c.span,
                kind: c.kind.as_str(),
                cue: c.cue,
                speaker: c.speaker.map(|sp| {
                    let cells = sp.entity.map(|e| entity_cells(gaz, tagged, e));
                    let (id, kind, name) = cells.unwrap_or(("", "", ""));
                    PageSpeaker {
                        span: sp.span,
                        entity_id: id.to_string(),
                        kind,
                        name: name.to_string(),
                        how: sp.how.as_str(),
                    }
                }),
            })
            .collect();
        Box::new(Page {
            info: info.clone(),
            url: a.url.unwrap_or("").to_string(),
            text: a.text.to_string(),
            mentions,
            claims,
        })
    });
    ArticleReview { info, tally, page }
}

impl ArticleReview {
    /// The review data of an article read back from its rows (a merge: no
    /// text, so no page), from its `articles.csv` record; its mention and
    /// claim records are added by [`ArticleReview::mention_row`] and
    /// [`ArticleReview::claim_row`].
    pub fn article_row(cols: &RowColumns, rec: &csv::StringRecord) -> ArticleReview {
        let f = |i: usize| rec.get(i).unwrap_or("").to_string();
        let n = |i: usize| rec.get(i).and_then(|v| v.parse().ok()).unwrap_or(0);
        let a = &cols.article;
        let info = ArticleInfo {
            id: f(a[0]),
            source: f(a[1]),
            date: f(a[2]),
            title: f(a[3]),
            status: f(a[4]),
            mentions: n(a[5]),
            claims: n(a[6]),
        };
        ArticleReview { info, ..ArticleReview::default() }
    }

    /// Counts a `mentions.csv` record of the article.
    pub fn mention_row(&mut self, cols: &RowColumns, rec: &csv::StringRecord) {
        let f = |i: usize| label(rec.get(cols.mention[i]).unwrap_or(""));
        self.tally.mention(f(0), f(1));
    }

    /// Counts a `claims.csv` record of the article.
    pub fn claim_row(&mut self, cols: &RowColumns, rec: &csv::StringRecord) {
        let g = |i: usize| rec.get(cols.claim[i]).unwrap_or("");
        self.tally.claim(label(g(0)), label(g(1)), [g(2), g(3), g(4)]);
    }
}

/// A label read from a row: the pipeline's own `'static` one when it is one
/// of them (no allocation per row), else owned.
fn label(s: &str) -> Label {
    const KNOWN: &[&str] = &[
        "PERSON",
        "COUNTRY",
        "AGENCY",
        "exact",
        "alias",
        "demonym",
        "metonym",
        "title",
        "partial",
        "pattern",
        "direct",
        "indirect",
        "according_to",
        "nominal",
        "mixed",
        "entity",
        "pronoun",
        "description",
        "previous_quote",
        "unresolved",
        "",
    ];
    match KNOWN.iter().find(|k| **k == s) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(s.to_string()),
    }
}

/// Where the review's columns are in the rows of a merge: found by name,
/// as the contract lets columns be added after the listed ones.
#[derive(Clone, Debug)]
pub struct RowColumns {
    /// `articles.csv`: article_id, source, date, title, status, mentions, claims.
    pub article: [usize; 7],
    /// `mentions.csv`: type, how.
    pub mention: [usize; 2],
    /// `claims.csv`: kind, speaker_how, speaker_entity_id, speaker_type,
    /// speaker_name.
    pub claim: [usize; 5],
}

impl Default for RowColumns {
    fn default() -> Self {
        use crate::write::{ArticleRow, ClaimRow, MentionRow, Row};
        let at = |header: &[&str], name: &str| {
            // The headers are the row types' own: every name is there.
            header.iter().position(|h| *h == name).unwrap_or(usize::MAX)
        };
        let a = ArticleRow::HEADER;
        let m = MentionRow::HEADER;
        let c = ClaimRow::HEADER;
        RowColumns {
            article: ["article_id", "source", "date", "title", "status", "mentions", "claims"]
                .map(|n| at(a, n)),
            mention: ["type", "how"].map(|n| at(m, n)),
            claim: ["kind", "speaker_how", "speaker_entity_id", "speaker_type", "speaker_name"]
                .map(|n| at(c, n)),
        }
    }
}

/// The code-point offsets of a page's spans (the tables' offsets).
pub(crate) struct Offsets<'a>(CharIndex<'a>);

impl<'a> Offsets<'a> {
    pub(crate) fn new(text: &'a str) -> Offsets<'a> {
        Offsets(CharIndex::new(text))
    }

    /// `(start, end)` of `span` in code points.
    pub(crate) fn of(&self, span: Span) -> (usize, usize) {
        (self.0.chars(span.start), self.0.chars(span.end))
    }
}
