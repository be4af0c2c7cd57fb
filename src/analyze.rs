//! One article through stages 2 to 5: tokenize, tag, claims, candidate
//! names, and the encoding of its rows.
//!
//! [`Pipeline`] holds the compiled stages (build once, share by reference
//! across threads); [`Pipeline::analyze`] runs them on one text and
//! returns their results; [`Pipeline::process`] does the same for an input
//! item and encodes its rows, which is what a run's workers call.
//!
//! # Example
//!
//! ```
//! use claimex::{gazetteer::Gazetteer, Pipeline};
//!
//! let pipeline = Pipeline::new(Gazetteer::builtin().unwrap()).unwrap();
//! let text = "“We will not back down,” Kim Jong Un said. Hugh Hill met Hugh Hill.";
//! let a = pipeline.analyze(text, Some("2023-11-11"));
//! assert_eq!(a.doc.sentences.len(), 2);
//! assert_eq!(&text[a.claims[0].span], "We will not back down");
//! assert!(a.candidates.iter().all(|c| c.name != "Kim Jong Un"));
//! ```

use crate::candidates::{self, Candidate};
use crate::claims::{Claim, Extractor};
use crate::error::Result;
use crate::gazetteer::{Date, Gazetteer};
use crate::read::{Item, RejectReason};
use crate::review;
use crate::tag::{Tagged, Tagger};
use crate::tokenize::{Document, Tokenizer};
use crate::write::{self, ArticleView, Processed, WriteOptions};

/// The result of stages 2 to 4 on one text, and its candidate names.
#[derive(Debug)]
pub struct Analysis<'a> {
    /// Sentences and tokens.
    pub doc: Document<'a>,
    /// Mentions.
    pub tagged: Tagged,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Capitalised names that matched nothing.
    pub candidates: Vec<Candidate>,
}

/// The compiled stages: build once, share across threads.
pub struct Pipeline {
    tokenizer: Tokenizer,
    tagger: Tagger,
    extractor: Extractor,
    candidates: candidates::Finder,
}

impl Pipeline {
    /// Compiles the matchers for a gazetteer: the claim stage's beside the
    /// tagger's, on another thread.
    pub fn new(gaz: Gazetteer) -> Result<Pipeline> {
        let (tagger, (extractor, tokenizer, candidates)) = Tagger::new_with(gaz, |gaz| {
            let extractor = Extractor::new(gaz);
            (extractor, Tokenizer::new(&gaz.lexicon), candidates::Finder::new(&gaz.lexicon))
        });
        let extractor = extractor?;
        let tagger = tagger?;
        Ok(Pipeline { tokenizer, tagger, extractor, candidates })
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.tagger.gazetteer()
    }

    /// The tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Runs tokenize, tag, claims and the candidate search on one text.
    /// `date` (the article's date, `YYYY-MM-DD…`) resolves titles; without
    /// it the text's own `date` marker is used.
    pub fn analyze<'a>(&self, text: &'a str, date: Option<&str>) -> Analysis<'a> {
        let doc = self.tokenizer.tokenize(text);
        let date = date
            .and_then(Date::parse)
            .or_else(|| doc.layout.date.as_ref().and_then(|(_, d)| Date::parse(d)));
        let tagged = self.tagger.tag(&doc, date);
        let claims = self.extractor.extract(&doc, &tagged);
        let candidates = self.candidates.per_article(text, &doc, &tagged);
        Analysis { doc, tagged, claims, candidates }
    }

    /// Runs one input item through the pipeline and encodes its rows. A
    /// panic inside the stages (a bug) costs that article only: it gets an
    /// `error:` row and the run goes on.
    pub fn process(&self, item: &Item, opts: WriteOptions) -> Processed {
        self.process_with_page(item, opts, false)
    }

    /// As [`Pipeline::process`]; with `--review` (`opts.review`) the
    /// article's counts for the report are kept too, and with `page` what
    /// its review page shows (its text, mentions and claims): both from the
    /// analysis its rows are encoded from.
    pub fn process_with_page(&self, item: &Item, opts: WriteOptions, page: bool) -> Processed {
        let run = std::panic::AssertUnwindSafe(|| self.process_inner(item, opts, page));
        match std::panic::catch_unwind(run) {
            Ok(p) => p,
            Err(_) => {
                let source = match item {
                    Item::Article(a) => &a.source,
                    Item::Rejected(r) => &r.source,
                };
                self.error_row(item.id(), source, RejectReason::Internal, opts, page)
            }
        }
    }

    fn process_inner(&self, item: &Item, opts: WriteOptions, page: bool) -> Processed {
        match item {
            Item::Article(a) => {
                let an = self.analyze(&a.text, a.date.as_deref());
                let view = ArticleView::article(a, &an.doc);
                let gaz = self.gazetteer();
                let mut p = write::encode(&view, &an.tagged, &an.claims, gaz, opts);
                p.candidates = an.candidates;
                if opts.review.is_some() {
                    let r = review::collect(&view, &an.tagged, &an.claims, gaz, page);
                    p.review = Some(Box::new(r));
                }
                p
            }
            Item::Rejected(r) => self.error_row(&r.id, &r.source, r.reason.clone(), opts, page),
        }
    }

    /// The `articles.csv` row of an article that was not processed.
    fn error_row(
        &self,
        id: &str,
        source: &str,
        reason: RejectReason,
        opts: WriteOptions,
        page: bool,
    ) -> Processed {
        let view = ArticleView::rejected(id, source, reason);
        let gaz = self.gazetteer();
        let mut p = write::encode(&view, &Tagged::default(), &[], gaz, opts);
        if opts.review.is_some() {
            p.review = Some(Box::new(review::collect(&view, &Tagged::default(), &[], gaz, page)));
        }
        p
    }
}
