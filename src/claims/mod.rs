//! Stage 4, claims: who claimed what.
//!
//! Input: an article's text, its [`Document`] and its [`Tagged`] mentions.
//! Output: [`Claim`]s in text order, each with its content span, kind, cue
//! and speaker (resolved to an entity when it is one).
//!
//! Forms found, without a parser, from cue lexicons kept as data
//! (`gazetteers/cues/`):
//! - direct quotes (`“…,” X said`, `X said: “…”`, `“…,” said X`) with
//!   straight, curly, guillemet, low-high and `''` marks; a quote running
//!   over several sentences is one claim;
//! - the news convention for long quotes: a paragraph that ends without a
//!   closing mark and a next paragraph that reopens with one. Each paragraph
//!   is a claim of its own; the later ones take the first one's speaker
//!   (`speaker_how = previous_quote`). A mark left open into a paragraph
//!   that does not reopen was no quote (an apostrophe, a stray mark) and
//!   makes no claim; unbalanced marks never abort an article;
//! - **split quotes** (`“A,” he said. “B.”`): two rows of kind `direct`, one
//!   per quoted part, both with the same speaker (the second as
//!   `previous_quote`). Two rows keep every content span free of the
//!   attribution words between the parts;
//! - a quoted paragraph with no cue (a floating quote) takes its speaker
//!   from the speaker model (`attribution`): a source named since the claim
//!   before, else that claim's speaker; a block quote introduced by `X
//!   says:` at the end of the paragraph before takes X; a transcript line
//!   (`“WALLACE: …”`) takes its label;
//! - reported speech with a cue verb and a `that` clause or, for verbs that
//!   allow it, a bare clause (`He said the plan would fail`); participial cues
//!   (`…, stating that …`); clause-final cues (`The plan failed, she said.`);
//!   a cue inside the clause (`The repairs, she said, would take weeks.`) is
//!   one claim over both parts (their hull);
//! - `according to X, …` and `…, according to X`;
//! - nominal claims (`X's claims that …`) and cue phrases (`voiced concerns
//!   that`, `expressed concerns about`); reported speech containing a quoted
//!   fragment is `mixed`;
//! - `A:` answers of a FAQ block like any sentence; `Q:` questions never;
//! - the polarity of each claim: `negated` when the source rejects the
//!   content ("denied that …", "rejected claims that …", "did not believe
//!   that …"), not when it asserts it ("did not deny that …").
//!
//! The word lists the rules compare words with (reporting verbs,
//! auxiliaries, pronouns, role nouns, …) are data too:
//! `gazetteers/lexicon/<name>.tsv` (see [`crate::lexicon`]), read once by
//! [`Extractor::new`].
//!
//! # How it works
//!
//! [`Extractor::extract`] searches every body sentence for cues
//! (`cues`: the cue DFA, the speed code), hands each cue to the rule for
//! its kind (`reported`: reported speech, clause-final cues, `according
//! to`, nominal claims), then pairs quotation marks into direct quotes
//! (`quotes`). Claims that repeat another are dropped (`dedupe`); the
//! speaker model (`attribution`, its preferences in its docs) resolves each
//! speaker phrase found (`speaker`) to an entity (`resolve`, pronouns by
//! salience and gender) and gives floating quotes a speaker. Last,
//! `polarity` decides whether each source rejects its content instead of
//! asserting it (`negated`: "denied that …", "did not believe that …"). The
//! rules read the article through one `context::Context`; `words` holds the
//! word lists as sets.
//!
//! # Example
//!
//! ```
//! use claimex::claims::{ClaimKind, SpeakerHow};
//! use claimex::gazetteer::Gazetteer;
//! use claimex::tag::EntityRef;
//! use claimex::Pipeline;
//!
//! let pipeline = Pipeline::new(Gazetteer::builtin().unwrap()).unwrap();
//! let text = "Russia’s foreign ministry said that the talks had stalled.";
//! let a = pipeline.analyze(text, Some("2023-11-11"));
//! let claim = &a.claims[0];
//! assert_eq!(claim.kind, ClaimKind::Indirect);
//! assert_eq!(&text[claim.span.range()], "the talks had stalled");
//! assert_eq!(claim.cue.map(|c| &text[c.range()]), Some("said"));
//!
//! // The speaker phrase stands for the country named in it.
//! let speaker = claim.speaker.unwrap();
//! assert_eq!(&text[speaker.span.range()], "Russia’s foreign ministry");
//! assert_eq!(speaker.how, SpeakerHow::Description);
//! let Some(EntityRef::Known(i)) = speaker.entity else { panic!("unresolved") };
//! assert_eq!(pipeline.gazetteer().entities[i as usize].id, "C:RU");
//! ```

mod attribution;
mod context;
mod cues;
mod dedupe;
mod polarity;
mod quotes;
mod reported;
mod resolve;
mod speaker;
#[cfg(test)]
mod testing;
mod words;

use self::context::Context;
use self::cues::{CueInfo, CueMatches};
use self::dedupe::{dedupe, Cover};
use self::polarity::Polarity;
use self::quotes::find_quotes;
use self::words::Words;
use crate::fxhash::FastMap;

use crate::gazetteer::{CueKind, EntityType, Sex};
use crate::layout::Part;
use crate::span::Span;
use crate::tag::{EntityRef, Tagged};
use crate::tokenize::Document;

/// The kind of a claim (the `kind` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    /// A direct quote.
    Direct,
    /// Reported speech.
    Indirect,
    /// "according to X".
    AccordingTo,
    /// "X's claim that …".
    Nominal,
    /// Reported speech containing a quoted fragment.
    Mixed,
}

impl ClaimKind {
    /// The name used in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Direct => "direct",
            ClaimKind::Indirect => "indirect",
            ClaimKind::AccordingTo => "according_to",
            ClaimKind::Nominal => "nominal",
            ClaimKind::Mixed => "mixed",
        }
    }
}

/// How the speaker was found (the `speaker_how` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpeakerHow {
    /// The speaker phrase names an entity.
    Entity,
    /// A pronoun resolved to an earlier entity.
    Pronoun,
    /// A description ("the ministry") resolved to an earlier entity.
    Description,
    /// A floating quote: the speaker of the claim before it.
    PreviousQuote,
    /// Kept as written, not resolved.
    Unresolved,
}

impl SpeakerHow {
    /// The name used in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerHow::Entity => "entity",
            SpeakerHow::Pronoun => "pronoun",
            SpeakerHow::Description => "description",
            SpeakerHow::PreviousQuote => "previous_quote",
            SpeakerHow::Unresolved => "unresolved",
        }
    }
}

/// Who made a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker phrase as written.
    pub span: Span,
    /// The entity it resolves to.
    pub entity: Option<EntityRef>,
    /// How it was resolved.
    pub how: SpeakerHow,
}

/// One attributed claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The content.
    pub span: Span,
    /// Index of the sentence the content starts in.
    pub sentence: usize,
    /// The kind.
    pub kind: ClaimKind,
    /// The speaker, when the text names one.
    pub speaker: Option<Speaker>,
    /// The cue word(s) as written.
    pub cue: Option<Span>,
    /// The source rejects the content instead of asserting it ("denied
    /// that …", "did not believe that …"); see `polarity`.
    pub negated: bool,
}

/// The compiled cue lexicon and the rules' word lists. Build once, share by
/// reference.
#[derive(Debug)]
pub struct Extractor {
    /// The cue forms, leftmost-longest, ASCII case-insensitive; searched
    /// with [`CueMatches`].
    dfa: cues::CueDfa,
    cues: Vec<CueInfo>,
    /// The type of each gazetteer entity (mentions refer to them by index).
    kinds: Vec<EntityType>,
    /// The sex of each gazetteer person, where their name tells it.
    sexes: Vec<Option<Sex>>,
    /// The canonical name of each gazetteer entity.
    names: Vec<String>,
    /// The nouns that describe each gazetteer agency ("the party", "the
    /// Bank"); empty for other entities.
    agency_heads: Vec<cues::AgencyHeads>,
    /// The sex of given names (for people found in the text).
    given_sex: FastMap<String, Sex>,
    /// The word lists of the rules, from the gazetteer's lexicon.
    words: Words,
    /// The cues and word lists that decide a claim's polarity.
    polarity: Polarity,
}

/// Most cue matches looked at in one sentence.
const MAX_CUES: usize = 64;

impl Extractor {
    /// Extracts the claims of one article.
    pub fn extract(&self, doc: &Document, tagged: &Tagged) -> Vec<Claim> {
        let text = doc.text;
        let quotes = find_quotes(text, doc);
        let lower = text.to_ascii_lowercase();
        let ascii = text.is_ascii();
        let cx = Context {
            text,
            lower: &lower,
            ascii,
            doc,
            tagged,
            kinds: &self.kinds,
            sexes: &self.sexes,
            names: &self.names,
            agency_heads: &self.agency_heads,
            given_sex: &self.given_sex,
            quotes: &quotes,
            words: &self.words,
        };
        let mut claims: Vec<Claim> = Vec::new();
        // Cue matches per sentence.
        for (si, sent) in doc.sentences.iter().enumerate() {
            if !matches!(sent.part, Part::Body | Part::Answer) {
                continue;
            }
            let start = sent.content_start;
            let s_text = &text[start..sent.span.end];
            // A real sentence has a handful of cues; a hostile one (a
            // megabyte without a full stop) is cut off at MAX_CUES so that
            // the work stays linear in the text.
            for (pattern, m_start, m_end) in
                CueMatches::new(&self.dfa, s_text.as_bytes()).take(MAX_CUES)
            {
                let span = Span::new(start + m_start, start + m_end);
                if !cx.word_bounded(span) || cx.in_compound(span) {
                    continue;
                }
                if cx.in_quote(span) {
                    continue;
                }
                if cx.cue_inside_name(si, span) {
                    continue;
                }
                let info = &self.cues[pattern];
                let noun_use = matches!(info.kind, CueKind::Speech | CueKind::Belief)
                    && info.noun_form
                    && cx.after_possessive(si, span);
                let claim = match info.kind {
                    _ if noun_use => cx.nominal(si, span),
                    CueKind::AccordingTo => cx.according_to(si, span),
                    CueKind::Noun if cx.after_possessive(si, span) => cx.nominal(si, span),
                    // "He claims that …": a nominal phrase used as a verb.
                    CueKind::Noun if text[span].contains(' ') => {
                        let verb = CueInfo::new(CueKind::Speech, String::new(), false, &self.words);
                        cx.reported(si, span, &verb)
                    }
                    CueKind::Noun => cx.nominal(si, span),
                    CueKind::Speech | CueKind::Belief | CueKind::Phrase => {
                        cx.reported(si, span, info)
                    }
                };
                if let Some(c) = claim {
                    claims.push(c);
                }
            }
        }
        // Direct quotes.
        let reported = Cover::new(&claims);
        for q in &quotes {
            if let Some(c) = cx.direct(q, &reported) {
                claims.push(c);
            }
        }
        claims.sort_by_key(|c| (c.span.start, c.span.end));
        let mut claims = dedupe(claims);
        // A replacement in dedupe may start before the claim it replaced.
        claims.sort_by_key(|c| (c.span.start, c.span.end));
        // Speakers: resolved, and given to floating quotes (`attribution`).
        let mut claims = cx.attribute(claims);
        for c in &mut claims {
            c.sentence = doc.sentence_at(c.span.start);
        }
        polarity::mark(&self.polarity, &cx, &mut claims);
        claims
    }
}
