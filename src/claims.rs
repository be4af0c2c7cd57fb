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
//! - a quoted paragraph with no cue (a floating quote) takes the speaker of
//!   the claim before it; a block quote introduced by `X says:` at the end
//!   of the paragraph before takes X; a transcript line (`“WALLACE: …”`)
//!   takes its label;
//! - reported speech with a cue verb and a `that` clause or, for verbs that
//!   allow it, a bare clause (`He said the plan would fail`); participial cues
//!   (`…, stating that …`); clause-final cues (`The plan failed, she said.`);
//!   a cue inside the clause (`The repairs, she said, would take weeks.`) is
//!   one claim over both parts (their hull);
//! - `according to X, …` and `…, according to X`;
//! - nominal claims (`X's claims that …`) and cue phrases (`voiced concerns
//!   that`, `expressed concerns about`); reported speech containing a quoted
//!   fragment is `mixed`;
//! - `A:` answers of a FAQ block like any sentence; `Q:` questions never.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use crate::fxhash::{in_list, WordSet};
use crate::gazetteer::{CueKind, EntityType, Gazetteer};
use crate::layout::Part;
use crate::shape::{is_capitalised, is_word_char};
use crate::span::Span;
use crate::tag::{EntityRef, Mention, Tagged};
use crate::tokenize::{Document, Token, TokenKind};

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
}

#[derive(Clone, Debug)]
struct CueInfo {
    kind: CueKind,
    lemma: String,
    /// The form is also a nominal cue ("claims"): after a possessive it is
    /// a noun.
    noun_form: bool,
    /// The lemma is in [`NP_OBJECT`].
    np_object: bool,
    /// The lemma is in [`ZERO_THAT`].
    zero_that: bool,
}

impl CueInfo {
    fn new(kind: CueKind, lemma: String, noun_form: bool) -> CueInfo {
        let np_object = NP_OBJECT.contains(&lemma.as_str());
        let zero_that = ZERO_THAT.contains(&lemma.as_str());
        CueInfo { kind, lemma, noun_form, np_object, zero_that }
    }
}

/// The compiled cue lexicon. Build once, share by reference.
#[derive(Debug)]
pub struct Extractor {
    /// The cue forms, leftmost-longest, ASCII case-insensitive; searched
    /// with [`CueMatches`].
    dfa: DFA,
    cues: Vec<CueInfo>,
    /// The type of each gazetteer entity (mentions refer to them by index).
    kinds: Vec<EntityType>,
}

/// Verbs whose object can be a bare clause ("He said the plan would fail").
const ZERO_THAT: &[&str] = &[
    "say",
    "tell",
    "claim",
    "insist",
    "argue",
    "add",
    "note",
    "warn",
    "believe",
    "think",
    "suggest",
    "predict",
    "estimate",
    "acknowledge",
    "admit",
    "explain",
    "write",
    "state",
    "assert",
    "maintain",
    "contend",
    "agree",
    "reckon",
    "hope",
    "fear",
    "expect",
    "declare",
    "announce",
    "concede",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "recall",
    "report",
    "confirm",
    "point out",
    "tweet",
    "post",
    "testify",
    "complain",
    "allege",
    "feel",
    "suspect",
    "worry",
    "predict",
    "caution",
    "conclude",
    "observe",
    "remark",
    "reply",
    "respond",
    "answer",
    "retort",
    "counter",
    "boast",
    "assure",
];

/// Cues whose object noun phrase is the claim ("criticized the deal",
/// "called for an inquiry", "denied the charges").
const NP_OBJECT: &[&str] = &[
    "criticize",
    "criticise",
    "cite",
    "accuse",
    "urge",
    "blame",
    "condemn",
    "denounce",
    "praise",
    "question",
    "reject",
    "demand",
    "challenge",
    "slam",
    "blast",
    "hail",
    "applaud",
    "decry",
    "mention",
    "highlight",
    "warn",
    "called for",
    "called on",
    "drew attention to",
];

/// Words that cannot start a noun-phrase object of a cue.
const NOT_OBJECT_START: &[&str] = &[
    "to",
    "for",
    "by",
    "in",
    "on",
    "at",
    "as",
    "and",
    "but",
    "or",
    "when",
    "while",
    "after",
    "before",
    "if",
    "that",
    "it",
    "him",
    "her",
    "them",
    "himself",
    "herself",
    "themselves",
    "itself",
    "me",
    "us",
    "you",
    "this",
    "against",
    "from",
    "with",
    "during",
    "over",
];

/// Words that cannot start a bare reported clause.
const NOT_CLAUSE_START: &[&str] = &[
    "to",
    "for",
    "of",
    "by",
    "about",
    "with",
    "in",
    "on",
    "at",
    "from",
    "as",
    "into",
    "after",
    "before",
    "during",
    "since",
    "until",
    "while",
    "when",
    "if",
    "whether",
    "so",
    "and",
    "or",
    "but",
    "nothing",
    "anything",
    "something",
    "goodbye",
    "hello",
    "yes",
    "no",
    "thanks",
    "sorry",
    "more",
    "less",
    "much",
    "little",
    "so",
    "too",
    "very",
    "again",
    "otherwise",
];

/// Adverbs and auxiliaries between a subject and its cue verb.
const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "also",
    "later",
    "previously",
    "repeatedly",
    "once",
    "then",
    "again",
    "recently",
    "publicly",
    "privately",
    "earlier",
    "further",
    "already",
    "not",
    "never",
    "often",
    "frequently",
    "reportedly",
    "allegedly",
    "openly",
    "separately",
    "similarly",
    "likewise",
    "still",
    "even",
    "himself",
    "herself",
    "itself",
    "themselves",
    "had",
    "did",
    "does",
    "do",
    "been",
    "be",
    "being",
    "strongly",
    "firmly",
    "consistently",
    "long",
    "first",
];

/// Words that start a sentence or clause without being its subject.
const LEADERS: &[&str] = &[
    "but",
    "and",
    "yet",
    "so",
    "however",
    "meanwhile",
    "still",
    "instead",
    "moreover",
    "also",
    "then",
    "now",
    "indeed",
    "or",
    "while",
    "although",
    "though",
    "because",
    "as",
    "since",
    "when",
    "after",
    "before",
    "if",
    "a",
    "q",
    "-",
    "–",
    "—",
];

/// Heads of speaker phrases that stand for the country or agency named
/// before them ("Russia's foreign ministry", "the Chinese embassy").
const ORG_HEADS: &[&str] = &[
    "ministry",
    "embassy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "office",
    "mission",
    "delegation",
    "government",
    "military",
    "army",
    "navy",
    "command",
    "statement",
    "media",
    "envoy",
    "ambassador",
    "diplomat",
    "diplomats",
    "official",
    "officials",
    "authorities",
    "department",
    "administration",
    "cabinet",
    "parliament",
    "legislature",
    "agency",
];

/// Role nouns that describe a person named earlier ("the official said").
const PERSON_ROLES: &[&str] = &[
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "leader",
    "chancellor",
    "premier",
    "envoy",
    "ambassador",
    "diplomat",
    "secretary",
    "governor",
    "mayor",
    "senator",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "commander",
    "general",
    "king",
    "queen",
    "monarch",
    "pope",
    "candidate",
    "lawmaker",
    "spokesperson",
    "prosecutor",
    "judge",
];

/// Most cue matches looked at in one sentence.
const MAX_CUES: usize = 64;

/// Most earlier mentions a pronoun or description looks back over.
const MAX_LOOKBACK: usize = 1000;

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "you", "who"];

/// Opening quotation marks and the marks that close them.
fn closer_for(open: char) -> &'static [char] {
    match open {
        '\u{201C}' => &['\u{201D}', '\u{201C}'], // “ … ” (some copy closes with “ again)
        '\u{201E}' => &['\u{201C}', '\u{201D}'], // „ … “
        '\u{00AB}' => &['\u{00BB}'],             // « … »
        '\u{00BB}' => &['\u{00AB}'],             // » … « (Danish/Swedish)
        '\u{2018}' => &['\u{2019}'],             // ‘ … ’
        '\u{300C}' => &['\u{300D}'],
        '"' => &['"'],
        DOUBLE_APOSTROPHE => &[DOUBLE_APOSTROPHE],
        _ => &[],
    }
}

/// A quotation found in the text: marks and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Quote {
    open: usize,
    close: Option<usize>,
    content: Span,
}

static FINITE: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FINITE_VERBS));
static AUX_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(AUX));
static NOT_CLAUSE_START_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_CLAUSE_START));
static LEADERS_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(LEADERS));

/// Is `c` its own lower case (`c.to_lowercase()` yields `c` alone)?
fn lower_is_self(c: char) -> bool {
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

impl Extractor {
    /// Compiles the cue lexicon of a gazetteer.
    pub fn new(gaz: &Gazetteer) -> crate::error::Result<Extractor> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut forms = Vec::new();
        let mut cues = Vec::new();
        // Forms that are also nominal cues ("claims").
        let nouns: HashSet<&str> =
            gaz.cues.iter().filter(|c| c.kind == CueKind::Noun).map(|c| c.form.as_str()).collect();
        for c in &gaz.cues {
            if index.contains_key(&c.form) {
                continue;
            }
            index.insert(c.form.clone(), cues.len());
            forms.push(c.form.clone());
            // A match differs from its form only in the case of ASCII
            // letters, so the match and the form lower-case alike.
            let noun_form = nouns.contains(c.form.to_lowercase().as_str());
            cues.push(CueInfo::new(c.kind, c.lemma.clone(), noun_form));
        }
        // A few hundred short forms: the DFA is small and cheap to build,
        // and scans every body sentence faster than an NFA. No prefilter:
        // it changes no match, and with these forms it finds no rare byte.
        let dfa = aho_corasick::dfa::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(&forms)
            .map_err(|e| crate::error::Error::Other(format!("building the cue matcher: {e}")))?;
        let kinds = gaz.entities.iter().map(|e| e.kind).collect();
        Ok(Extractor { dfa, cues, kinds })
    }

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
            quotes: &quotes,
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
                if !cx.word_bounded(span) {
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
                        cx.reported(si, span, &CueInfo::new(CueKind::Speech, String::new(), false))
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
        // Resolve speakers in text order; a pronoun prefers the person who
        // spoke in the last two sentences, then the nearest person named.
        let mut last: Option<(EntityRef, usize)> = None;
        for c in &mut claims {
            c.sentence = doc.sentence_at(c.span.start);
            if let Some(sp) = &mut c.speaker {
                if sp.entity.is_none() {
                    let (e, how) = cx.resolve(sp.span);
                    sp.entity = e;
                    sp.how = how;
                    if cx.is_person_pronoun(sp.span) {
                        if let Some((le, ls)) = last {
                            if c.sentence <= ls + 2 {
                                sp.entity = Some(le);
                                sp.how = SpeakerHow::Pronoun;
                            }
                        }
                    }
                }
                if let Some(e) = sp.entity {
                    if cx.gaz_kind(e) == Some(EntityType::Person) {
                        last = Some((e, c.sentence));
                    }
                }
            }
        }
        let mut claims = cx.floating(claims, &quotes);
        for c in &mut claims {
            c.sentence = doc.sentence_at(c.span.start);
        }
        claims
    }
}

/// The matches of a cue DFA in a haystack, as `AhoCorasick::find_iter`
/// reports them (non-overlapping, leftmost-longest, an empty match never
/// right after another match): (pattern, start, end). The search loop is
/// `aho_corasick`'s own for a DFA without a prefilter, over a byte slice
/// iterator, which lets the compiler keep the table lookups tight.
struct CueMatches<'d, 'h> {
    dfa: &'d DFA,
    hay: &'h [u8],
    /// Where the next search starts; past the end when done.
    start: usize,
    last_match_end: Option<usize>,
}

impl<'d, 'h> CueMatches<'d, 'h> {
    fn new(dfa: &'d DFA, hay: &'h [u8]) -> CueMatches<'d, 'h> {
        CueMatches { dfa, hay, start: 0, last_match_end: None }
    }

    /// The leftmost-longest match at or after `self.start`. Not inlined:
    /// on its own the loop keeps the table pointers in registers.
    #[inline(never)]
    fn search(&self) -> Option<(usize, usize, usize)> {
        if self.start > self.hay.len() {
            return None;
        }
        let dfa = self.dfa;
        let found = |sid, end: usize| {
            let pid = dfa.match_pattern(sid, 0);
            (pid.as_usize(), end - dfa.pattern_len(pid), end)
        };
        let mut sid = dfa
            .start_state(Anchored::No)
            .expect("an unanchored search of an unanchored DFA cannot fail");
        let mut mat = None;
        if dfa.is_match(sid) {
            mat = Some(found(sid, self.start));
        }
        let mut rest = self.hay[self.start..].iter();
        while let Some(&b) = rest.next() {
            sid = dfa.next_state(Anchored::No, sid, b);
            // Without a prefilter only dead and match states are special.
            if dfa.is_special(sid) {
                if dfa.is_dead(sid) {
                    return mat;
                } else if dfa.is_match(sid) {
                    mat = Some(found(sid, self.hay.len() - rest.as_slice().len()));
                }
            }
        }
        mat
    }
}

impl Iterator for CueMatches<'_, '_> {
    type Item = (usize, usize, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize, usize)> {
        let mut m = self.search()?;
        if m.1 == m.2 && Some(m.2) == self.last_match_end {
            self.start += 1;
            m = self.search()?;
        }
        self.start = m.2;
        self.last_match_end = Some(m.2);
        Some(m)
    }
}

struct Context<'a> {
    text: &'a str,
    /// `text` with its ASCII letters in lower case: same length, same
    /// character boundaries.
    lower: &'a str,
    /// The whole text is ASCII.
    ascii: bool,
    doc: &'a Document<'a>,
    tagged: &'a Tagged,
    /// The type of each gazetteer entity.
    kinds: &'a [EntityType],
    quotes: &'a [Quote],
}

impl<'a> Context<'a> {
    fn word_bounded(&self, span: Span) -> bool {
        let before = self.text[..span.start].chars().next_back();
        let after = self.text[span.end..].chars().next();
        before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c))
    }

    /// A capitalised cue word inside a name is no cue: "U.S. State
    /// Department", "Secretary of State Antony Blinken" (but a Title Case
    /// headline keeps its cues).
    fn cue_inside_name(&self, si: usize, span: Span) -> bool {
        if !self.text[span].starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        let ms = &self.tagged.mentions;
        let i = ms.partition_point(|m| m.span.start < span.start);
        if i > 0 && span.end <= ms[i - 1].span.end {
            return true;
        }
        let toks = self.toks(si);
        let (a, b) = Self::tok_range(toks, span);
        let first_word = toks.iter().position(|t| t.kind == TokenKind::Word);
        if first_word.is_none_or(|f| a <= f) {
            return false;
        }
        let words = toks.iter().filter(|t| t.kind == TokenKind::Word).count();
        let lower = toks
            .iter()
            .filter(|t| {
                t.kind == TokenKind::Word && self.w(t).starts_with(|c: char| c.is_lowercase())
            })
            .count();
        if lower * 4 < words {
            return false; // Title Case
        }
        let next_cap = toks.get(b).is_some_and(|t| {
            t.kind == TokenKind::Word && self.w(t).starts_with(|c: char| c.is_uppercase())
        });
        let prev_of = self.w(&toks[a - 1]) == "of";
        next_cap || prev_of
    }

    /// Does the object at `from` start with a name used as a target
    /// ("President Yoon for …"), not a possessor ("China's support")?
    fn names_a_target(&self, toks: &[Token], from: usize) -> bool {
        let run = toks[from..]
            .iter()
            .take_while(|t| {
                t.kind == TokenKind::Word && self.w(t).starts_with(|c: char| c.is_uppercase())
            })
            .count();
        run > 0 && toks.get(from + run).is_none_or(|t| t.kind != TokenKind::Possessive)
    }

    /// Does a possessive ("Yoon's") stand right before this span?
    fn after_possessive(&self, si: usize, span: Span) -> bool {
        let toks = self.toks(si);
        let (a, _) = Self::tok_range(toks, span);
        a > 0 && toks[a - 1].kind == TokenKind::Possessive
    }

    /// Is this speaker phrase "he" or "she"?
    fn is_person_pronoun(&self, span: Span) -> bool {
        matches!(&*self.lower_at(self.trimmed(span)), "he" | "she")
    }

    /// `span` without the white space at its ends (`str::trim`).
    fn trimmed(&self, span: Span) -> Span {
        let s = &self.text[span];
        let start = span.start + (s.len() - s.trim_start().len());
        Span::new(start, start + s.trim().len())
    }

    /// Is this position inside a quotation? (Quotes are in text order and
    /// never overlap.)
    fn in_quote(&self, span: Span) -> bool {
        let i = self.quotes.partition_point(|q| q.content.start <= span.start);
        i > 0 && self.quotes[i - 1].content.contains(span)
    }

    /// The mentions inside `span` (mentions are in text order and never
    /// overlap, so both their starts and their ends are sorted).
    fn mentions_in(&self, span: Span) -> &'a [Mention] {
        let ms = &self.tagged.mentions;
        let lo = ms.partition_point(|m| m.span.start < span.start);
        let hi = ms.partition_point(|m| m.span.end <= span.end).max(lo);
        &ms[lo..hi]
    }

    /// The mentions that end at or before `pos`.
    fn mentions_before(&self, pos: usize) -> &'a [Mention] {
        let ms = &self.tagged.mentions;
        &ms[..ms.partition_point(|m| m.span.end <= pos)]
    }

    fn toks(&self, si: usize) -> &'a [Token] {
        let s = &self.doc.sentences[si];
        let toks = self.doc.sentence_tokens(si);
        // Skip the "A:" marker of a FAQ answer.
        let skip = toks.iter().take_while(|t| t.span.start < s.content_start).count();
        &toks[skip..]
    }

    fn w(&self, t: &Token) -> &'a str {
        &self.text[t.span]
    }

    /// An auxiliary or adverb between a subject and its verb; a capitalised
    /// one is a name ("Ms. May said").
    fn is_aux(&self, t: &Token) -> bool {
        let w = self.w(t);
        // `a.eq_ignore_ascii_case(w)` for the lower-case entries `a`.
        !w.starts_with(|c: char| c.is_uppercase()) && AUX_SET.contains(self.lo(t))
    }

    /// The token in lower case (`to_lowercase`), without allocating for ASCII.
    #[inline]
    fn lw(&self, t: &Token) -> Cow<'a, str> {
        self.lower_at(t.span)
    }

    /// The token with its ASCII letters in lower case: `a == self.lo(t)` is
    /// `a.eq_ignore_ascii_case(self.w(t))` for a lower-case `a`.
    #[inline]
    fn lo(&self, t: &Token) -> &'a str {
        &self.lower[t.span]
    }

    /// `self.text[span].to_lowercase()`: for ASCII text that is the same
    /// span of `self.lower`. Inlined into its (many, hot) callers: a call
    /// cost more than the slice.
    #[inline(always)]
    fn lower_at(&self, span: Span) -> Cow<'a, str> {
        let l = &self.lower[span];
        if self.ascii || l.is_ascii() {
            Cow::Borrowed(l)
        } else {
            self.lower_non_ascii(span)
        }
    }

    #[inline(never)]
    fn lower_non_ascii(&self, span: Span) -> Cow<'a, str> {
        // `lower` differs from `text` only in ASCII letters. When every
        // other character is its own lower case (quote marks, dashes,
        // most letters), `to_lowercase` changes only the ASCII letters:
        // char by char, since the one context-dependent mapping (final
        // sigma) is for `Σ`, which is not its own lower case.
        let l = &self.lower[span];
        if l.chars().all(|c| c.is_ascii() || lower_is_self(c)) {
            Cow::Borrowed(l)
        } else {
            Cow::Owned(self.text[span].to_lowercase())
        }
    }

    /// Token index range (within the sentence's tokens) of a span.
    fn tok_range(toks: &[Token], span: Span) -> (usize, usize) {
        let a = toks.partition_point(|t| t.span.end <= span.start);
        let b = toks.partition_point(|t| t.span.start < span.end);
        (a, b)
    }

    /// The content from token `from` to the end of the sentence, without
    /// the final punctuation and closing marks.
    fn rest_of_sentence(&self, toks: &[Token], from: usize) -> Option<Span> {
        let mut end = toks.len();
        while end > from {
            let t = &toks[end - 1];
            let w = self.w(t);
            if t.kind == TokenKind::Punct && !matches!(w, ")" | "%")
                || (t.kind == TokenKind::Quote
                    && end - 1 > from
                    && !self.opens_quote_inside(toks, from, end - 1))
            {
                end -= 1;
            } else {
                break;
            }
        }
        (end > from).then(|| Span::new(toks[from].span.start, toks[end - 1].span.end))
    }

    /// Is the quote token at `q` closing a quote opened between `from` and `q`?
    fn opens_quote_inside(&self, toks: &[Token], from: usize, q: usize) -> bool {
        // A closing mark whose opening is inside the content stays with it.
        toks[from..q].iter().any(|t| t.kind == TokenKind::Quote)
    }

    /// Reported speech around a cue verb or phrase.
    fn reported(&self, si: usize, cue: Span, info: &CueInfo) -> Option<Claim> {
        let toks = self.toks(si);
        let (ca, cb) = Self::tok_range(toks, cue);
        if ca >= toks.len() {
            return None;
        }
        if info.lemma == "quote" {
            return self.quoted_as_saying(si, toks, ca, cb);
        }
        let cue_text = self.lw(&toks[ca]);
        let participial = cue_text.ends_with("ing") && ca > 0 && self.w(&toks[ca - 1]) == ",";
        // A cue used as a noun or adjective ("the said report", "a statement")
        // is ruled out by requiring a subject or the participial comma.
        let mut j = cb;
        // "told reporters", "told the newspaper": skip the addressee.
        if info.lemma == "tell"
            || info.lemma == "assure"
            || info.lemma == "warn"
            || info.lemma == "inform"
            || info.lemma == "remind"
        {
            let mut k = j;
            while k < toks.len()
                && k < j + 6
                && toks[k].kind == TokenKind::Word
                && self.lw(&toks[k]) != "that"
            {
                k += 1;
            }
            if k > j && k < toks.len() && self.lw(&toks[k]) == "that"
                || k > j && (k == toks.len() || toks[k].kind != TokenKind::Word)
            {
                j = k;
            } else if k > j {
                // "told reporters the plan would fail": the addressee is one word.
                j += 1;
            }
        }
        // Skip a short adverbial before "that": "said on Monday that", "said in a statement that".
        let mut that_at = None;
        for k in j..toks.len().min(j + 8) {
            let w = self.lw(&toks[k]);
            if w == "that" {
                that_at = Some(k);
                break;
            }
            // ", stating that": another (participial) cue takes over.
            if k > j && w.ends_with("ing") && self.w(&toks[k - 1]) == "," {
                break;
            }
            if toks[k].kind == TokenKind::Quote || matches!(&*w, "." | ";" | ":" | "?" | "!") {
                break;
            }
        }
        let phrase_complement = info.kind == CueKind::Phrase
            && (info.lemma.ends_with(" that")
                || info.lemma.ends_with(" about")
                || info.lemma.ends_with(" over"));
        let cue_has_that = cb > ca + 1 && self.lw(&toks[cb - 1]) == "that";
        // A noun-phrase object ends before ", saying …".
        let mut np_end = toks.len();
        let mut np_mode = false;
        let content_from = if phrase_complement || cue_has_that {
            j
        } else if let Some(k) = that_at.filter(|&k| k == j || self.adverbial(toks, j, k)) {
            k + 1
        } else {
            let np_object = info.np_object;
            if info.kind == CueKind::Phrase && !phrase_complement && !np_object {
                return None;
            }
            let allow_zero = info.zero_that;
            let next = toks.get(j)?;
            let nw = self.lw(next);
            // Clause-final cue: "The plan failed, she said." / ", said X."
            if let Some(c) = self.clause_final(si, toks, ca, cb, cue) {
                return Some(c);
            }
            let clause = allow_zero
                && next.kind == TokenKind::Word
                && !NOT_CLAUSE_START_SET.contains(&nw)
                && self.looks_like_clause(toks, j);
            // "warned of a crisis": the preposition is part of the cue.
            let obj =
                if info.lemma == "warn" && matches!(&*nw, "of" | "about") { j + 1 } else { j };
            if clause {
                // "Vietnamese state media reported …": a cue word modifying
                // the subject of the next cue is a noun.
                if *cue_text == *info.lemma
                    && toks[j + 1..(j + 3).min(toks.len())]
                        .iter()
                        .any(|t| t.kind == TokenKind::Word && is_speech_verb(&self.lw(t)))
                {
                    return None;
                }
                j
            } else if np_object
                // Past forms and phrases only: "China slams Britain" is a
                // headline, "the question of" a noun.
                && (info.kind == CueKind::Phrase || cue_text.ends_with("ed"))
                && toks.get(obj).is_some_and(|t| {
                    matches!(t.kind, TokenKind::Word | TokenKind::Number)
                        && !in_list(NOT_OBJECT_START, self.lo(t))
                })
                && (obj > j || info.lemma != "warn")
            {
                np_end = (obj + 1..toks.len().saturating_sub(1))
                    .find(|&k| {
                        self.w(&toks[k]) == ","
                            && toks[k + 1].kind == TokenKind::Word
                            && self.w(&toks[k + 1]).ends_with("ing")
                    })
                    .unwrap_or(np_end);
                np_mode = true;
                obj
            } else {
                return None;
            }
        };
        let content = self.rest_of_sentence(&toks[..np_end], content_from)?;
        // A short object names a topic, not a claim ("cited the tours").
        // "criticized President Yoon for …": a person is the target, not a claim.
        if np_mode
            && (self.text[content].split_whitespace().count() < 5
                || self.names_a_target(toks, content_from) && self.text[content].contains(" for "))
        {
            return None;
        }
        if content.len() < 3 {
            return None;
        }
        let content = self.trim_content(content);
        let speaker =
            if participial { self.main_subject(toks, ca) } else { self.subject_before(toks, ca) };
        // Without a subject a verb is not reporting anything ("the said report").
        let speaker = match speaker {
            Some(s) => Some(s),
            None if participial => None,
            None => return None,
        };
        let kind = if self.has_quote(content) { ClaimKind::Mixed } else { ClaimKind::Indirect };
        let cue_span = Span::new(cue.start, cue.end);
        Some(Claim { span: content, sentence: si, kind, speaker, cue: Some(cue_span) })
    }

    /// "KCNA quoted Kim as saying (that) …": the speaker is the quoted
    /// person; the cue runs from "quoted" to "saying".
    fn quoted_as_saying(&self, si: usize, toks: &[Token], ca: usize, cb: usize) -> Option<Claim> {
        let as_at = (cb..toks.len().min(cb + 12)).find(|&k| {
            toks[k].kind == TokenKind::Word && self.w(&toks[k]).eq_ignore_ascii_case("as")
        })?;
        let verb = toks.get(as_at + 1)?;
        let vw = self.w(verb);
        if as_at == cb
            || !["saying", "telling", "stating", "warning", "describing"]
                .iter()
                .any(|v| vw.eq_ignore_ascii_case(v))
        {
            return None;
        }
        let mut from = as_at + 2;
        if toks.get(from).is_some_and(|t| self.w(t).eq_ignore_ascii_case("that")) {
            from += 1;
        }
        let content = self.rest_of_sentence(toks, from)?;
        let speaker = Span::new(toks[cb].span.start, toks[as_at - 1].span.end);
        let kind = if self.has_quote(content) { ClaimKind::Mixed } else { ClaimKind::Indirect };
        Some(Claim {
            span: content,
            sentence: si,
            kind,
            speaker: Some(Speaker { span: speaker, entity: None, how: SpeakerHow::Unresolved }),
            cue: Some(Span::new(toks[ca].span.start, verb.span.end)),
        })
    }

    /// Content of a nominal claim ends before the predicate that follows
    /// it: "X's claims that [A could be B] were unfounded".
    fn trim_content(&self, span: Span) -> Span {
        span
    }

    fn has_quote(&self, span: Span) -> bool {
        // A `"`, `“`, `”`, `«` or `»`: in UTF-8 the byte `"`, or the lead
        // byte 0xE2 or 0xC2 followed by the rest of one of those marks.
        let b = self.text[span].as_bytes();
        let mark = memchr::memchr3_iter(b'"', 0xE2, 0xC2, b).any(|i| match b[i] {
            b'"' => true,
            0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C | 0x9D)),
            _ => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
        });
        // Or `''` (two apostrophes).
        mark || memchr::memchr_iter(b'\'', b).any(|i| b.get(i + 1) == Some(&b'\''))
    }

    /// Is toks[from..to] a short adverbial (prepositional phrase, time word)?
    fn adverbial(&self, toks: &[Token], from: usize, to: usize) -> bool {
        if to <= from {
            return true;
        }
        let first = self.lw(&toks[from]);
        let time = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "yesterday",
            "today",
            "earlier",
            "later",
            "last",
            "this",
            "recently",
            "previously",
            "again",
            "also",
            "repeatedly",
            "publicly",
            "privately",
            "separately",
            "once",
            "in",
            "on",
            "at",
            "during",
            "after",
            "before",
            "via",
            "through",
            "to",
            "by",
            "over",
            "late",
            "early",
            "then",
            "too",
        ];
        in_list(&time, &first)
            || first == ","
            || (toks[from].kind == TokenKind::Word
                && to - from <= 4
                && self.lw(&toks[to - 1]) != "not")
    }

    /// Does a clause start at `j` (a subject then a verb-like word)?
    fn looks_like_clause(&self, toks: &[Token], j: usize) -> bool {
        let w0 = self.lw(&toks[j]);
        if !matches!(toks[j].kind, TokenKind::Word | TokenKind::Number)
            || NOT_CLAUSE_START_SET.contains(&w0)
            || is_weekday_or_time(&w0)
        {
            return false;
        }
        // Look for a finite verb within the next few words.
        for t in toks.iter().skip(j + 1).take(10) {
            let w = self.lw(t);
            if is_finite_verb_like(&w) {
                return true;
            }
            if matches!(t.kind, TokenKind::Punct | TokenKind::Quote)
                && !matches!(&*w, "-" | "," | "%" | "(" | ")")
            {
                return false;
            }
        }
        false
    }

    /// ", she said." at the end of a clause: the content is the clause before.
    fn clause_final(
        &self,
        si: usize,
        toks: &[Token],
        ca: usize,
        cb: usize,
        cue: Span,
    ) -> Option<Claim> {
        // What follows the cue: nothing, or a speaker noun phrase, then the
        // end (the first of `.`, `!`, `?`, `;`). Only whether anything
        // follows matters, and, for an inverted speaker, where it ends within
        // eight tokens: no scan to the end of the sentence.
        let ends = |e: usize| {
            toks[e].kind == TokenKind::Punct && matches!(self.w(&toks[e]), "." | "!" | "?" | ";")
        };
        let follows = cb < toks.len() && !ends(cb);
        let mut tail: Option<Span> = None;
        let (speaker_span, comma) = if ca > 0 && self.w(&toks[ca - 1]) == "," && follows {
            // Inverted "…, said X." or "…, X said." : find the comma before.
            // "…, said X, a lawyer for Y.": the speaker ends at the comma
            // (else at the end), and has at most eight tokens.
            if self.lw(&toks[ca]).ends_with("ing") {
                return None;
            }
            let mut sp_end = cb;
            while sp_end < toks.len() && !ends(sp_end) && self.w(&toks[sp_end]) != "," {
                if sp_end - cb == 8 {
                    return None;
                }
                sp_end += 1;
            }
            if sp_end == cb {
                return None;
            }
            // ", said the minister."
            let sp = Span::new(toks[cb].span.start, toks[sp_end - 1].span.end);
            if self.text[sp].contains(['"', '\u{201C}']) {
                return None;
            }
            (sp, ca - 1)
        } else {
            // ", the minister said." : subject between the comma and the cue.
            let mut k = ca;
            while k > 0
                && toks[k - 1].kind != TokenKind::Punct
                && toks[k - 1].kind != TokenKind::Quote
            {
                k -= 1;
            }
            if k == 0 || self.w(&toks[k - 1]) != "," || k == ca || ca - k > 8 {
                return None;
            }
            if follows && self.w(&toks[cb]) == "," {
                // "A, he said, B.": the claim goes on after the cue.
                if cb + 1 < toks.len() && !self.lw(&toks[cb + 1]).ends_with("ing") {
                    tail = self.rest_of_sentence(toks, cb + 1);
                }
            } else if follows {
                // "…, he said on Monday." is fine; "…, he said he would" is not.
                let w = self.lw(&toks[cb]);
                let adverbial = is_weekday_or_time(&w)
                    || matches!(
                        &*w,
                        "on" | "in"
                            | "at"
                            | "this"
                            | "during"
                            | "after"
                            | "before"
                            | "to"
                            | "via"
                            | "through"
                            | "by"
                            | "when"
                            | "while"
                            | "as"
                            | "of"
                    );
                if !adverbial {
                    return None;
                }
            }
            let mut sk = k;
            while sk < ca && matches!(&*self.lw(&toks[sk]), "but" | "and") {
                sk += 1;
            }
            let mut se = ca;
            while se > sk && self.is_aux(&toks[se - 1]) {
                se -= 1;
            }
            if se == sk || !self.plausible_subject(&toks[sk..se]) {
                return None;
            }
            (Span::new(toks[sk].span.start, toks[se - 1].span.end), k - 1)
        };
        if comma == 0 {
            return None;
        }
        // Content: the sentence before the comma, without quotes around it.
        let mut a = 0;
        while a < comma && toks[a].kind == TokenKind::Quote {
            a += 1;
        }
        let mut b = comma;
        while b > a && toks[b - 1].kind == TokenKind::Quote {
            b -= 1;
        }
        if b <= a + 2 && tail.is_none() || b <= a {
            return None;
        }
        // A clause, not a fragment: needs a verb-like word.
        let tail_toks = tail.map_or(&toks[0..0], |t| &toks[Self::tok_range(toks, t).0..]);
        if !toks[a..b].iter().chain(tail_toks).any(|t| is_finite_verb_like(&self.lw(t))) {
            return None;
        }
        // Quoted content is a direct quote: found by the quote pass.
        if toks[..comma].iter().any(|t| t.kind == TokenKind::Quote) {
            return None;
        }
        // "A, she said, B.": one claim over both parts (the span is their
        // hull, with the attribution inside it).
        let head = Span::new(toks[a].span.start, toks[b - 1].span.end);
        let content = tail.map_or(head, |t| head.cover(t));
        let speaker = Speaker { span: speaker_span, entity: None, how: SpeakerHow::Unresolved };
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::Indirect,
            speaker: Some(speaker),
            cue: Some(cue),
        })
    }

    /// The subject noun phrase right before token `ca` in the sentence.
    fn subject_before(&self, toks: &[Token], ca: usize) -> Option<Speaker> {
        let mut end = ca;
        while end > 0 && self.is_aux(&toks[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        // "Mike Pence (R-Ind.) said": the party tag is not the subject.
        if self.w(&toks[end - 1]) == ")" {
            let open = (end.saturating_sub(8)..end - 1).rev().find(|&k| self.w(&toks[k]) == "(");
            if let Some(o) = open {
                let inner = Span::new(toks[o].span.end, toks[end - 1].span.start);
                if o > 0 && is_party_tag(&self.text[inner]) {
                    return self.subject_before(toks, o);
                }
            }
        }
        // "X, a lawyer for Y, said" / "X, who …, said" / "X, however, said":
        // the subject stands before the parenthetical.
        if self.w(&toks[end - 1]) == "," && end >= 3 {
            let mut p = end - 1;
            loop {
                if p == 0 || end - p > 30 {
                    return None;
                }
                p -= 1;
                let w = self.w(&toks[p]);
                if w == "," {
                    break;
                }
                // A "." inside a sentence ends an abbreviation ("D-Mich.").
                if toks[p].kind == TokenKind::Quote || matches!(w, ";" | ":" | "?" | "!") {
                    return None;
                }
            }
            if p + 1 >= end - 1 {
                return None;
            }
            let paren = &toks[p + 1..end - 1];
            let paren_span = Span::new(paren[0].span.start, paren[paren.len() - 1].span.end);
            // "Rep. Ann Lee, D-Calif., said": a party tag.
            if is_party_tag(&self.text[paren_span]) {
                return self.subject_before(toks, p);
            }
            let sp = self.subject_before(toks, p);
            if let Some(sp) = sp {
                let last = self.text[sp.span].split_whitespace().last().unwrap_or("");
                if is_capitalised(last) || PRONOUNS.iter().any(|w| w.eq_ignore_ascii_case(last)) {
                    return Some(sp);
                }
            }
            // "Mr. Putin's spokesman, Dmitry Peskov, said": a name in apposition.
            let name_like = paren.len() <= 4
                && paren.iter().all(|t| {
                    t.kind == TokenKind::Word && is_capitalised(self.w(t))
                        || matches!(self.w(t), "." | "-")
                })
                && !in_list(PRONOUNS, self.lo(&paren[0]))
                && !LEADERS_SET.contains(self.lo(&paren[0]));
            return name_like.then_some(Speaker {
                span: paren_span,
                entity: None,
                how: SpeakerHow::Unresolved,
            });
        }
        let mut start = end;
        while start > 0 {
            let t = &toks[start - 1];
            let w = self.lw(t);
            let boundary = match t.kind {
                TokenKind::Punct => !matches!(&*w, "-" | "." | "&"),
                TokenKind::Quote => true,
                _ => {
                    w == "that"
                        || w == "which"
                        || (w == "and" && start >= 2 && self.lw(&toks[start - 2]) == ",")
                }
            };
            if boundary {
                break;
            }
            start -= 1;
        }
        // Appositive: "Hugh Hill, a doctor at the clinic, said".
        if start >= 2
            && self.w(&toks[start - 1]) == ","
            && matches!(&*self.lw(&toks[start]), "a" | "an" | "the")
        {
            let mut s2 = start - 1;
            while s2 > 0 && !matches!(toks[s2 - 1].kind, TokenKind::Punct | TokenKind::Quote) {
                s2 -= 1;
            }
            if s2 < start - 1 && !self.w(&toks[s2 - usize::from(s2 > 0)]).is_empty() {
                let name = &toks[s2..start - 1];
                if name.iter().any(|t| is_capitalised(self.w(t))) && name.len() <= 5 {
                    start = s2;
                    end = s2 + name.len();
                }
            }
        }
        // Leading conjunctions and adverbs are not the subject.
        while start < end && (LEADERS_SET.contains(&self.lw(&toks[start])) && end - start > 1) {
            start += 1;
        }
        if start >= end || end - start > 12 {
            return None;
        }
        // "Rep. Ann Lee, D-Calif., …": the name before the party tag.
        if start >= 2 && self.w(&toks[start - 1]) == "," {
            let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
            if is_party_tag(&self.text[span]) {
                return self.subject_before(toks, start - 1);
            }
        }
        if !self.plausible_subject(&toks[start..end]) {
            return None;
        }
        // "who said" / "which said": relative clause, subject unknown here.
        let first = self.lw(&toks[start]);
        if matches!(&*first, "who" | "which" | "that" | "it") && end - start == 1 {
            return None;
        }
        // The subject of a reporting verb is a noun phrase: it has a noun-like
        // word (capitalised, a pronoun, or a common noun) and no verb.
        if toks[start..end]
            .iter()
            .any(|t| !is_capitalised(self.w(t)) && is_finite_verb_like(&self.lw(t)))
        {
            return None;
        }
        let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
        Some(Speaker { span, entity: None, how: SpeakerHow::Unresolved })
    }

    /// Can these tokens be the subject of a reporting verb? A pronoun, a
    /// determiner or a capitalised word first, and no participle leading.
    fn plausible_subject(&self, toks: &[Token]) -> bool {
        let Some(first) = toks.first() else {
            return false;
        };
        let w = self.w(first);
        let lw = self.lw(first);
        let starts_ok = in_list(PRONOUNS, &lw)
            || matches!(
                &*lw,
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "our"
                    | "my"
                    | "your"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "some"
                    | "many"
                    | "most"
                    | "several"
                    | "one"
                    | "two"
                    | "three"
                    | "both"
                    | "all"
                    | "each"
                    | "another"
                    | "other"
                    | "others"
                    | "no"
                    | "any"
                    | "few"
                    | "us"
                    | "them"
                    | "him"
                    | "me"
                    | "police"
                    | "officials"
                    | "experts"
                    | "analysts"
                    | "critics"
                    | "sources"
                    | "researchers"
                    | "scientists"
                    | "residents"
                    | "witnesses"
                    | "lawyers"
                    | "prosecutors"
                    | "investigators"
                    | "authorities"
                    | "supporters"
                    | "opponents"
                    | "observers"
                    | "economists"
                    | "doctors"
                    | "people"
                    | "parents"
                    | "students"
                    | "teachers"
                    | "workers"
                    | "members"
                    | "leaders"
            )
            || first.kind == TokenKind::Word && w.chars().next().is_some_and(char::is_uppercase)
            || first.kind == TokenKind::Number;
        starts_ok && (!lw.ends_with("ing") || is_capitalised(w))
    }

    /// The main clause's subject for a participial cue (", stating that").
    fn main_subject(&self, toks: &[Token], ca: usize) -> Option<Speaker> {
        // The first mention in the sentence before the cue, preceded only by
        // an introductory phrase.
        let first = toks.first()?.span.start;
        let limit = toks[ca].span.start;
        let ms = &self.tagged.mentions;
        let m =
            ms.get(ms.partition_point(|m| m.span.start < first)).filter(|m| m.span.end <= limit)?;
        let (ma, _) = Self::tok_range(toks, m.span);
        let intro_ok = toks[..ma]
            .iter()
            .all(|t| t.kind != TokenKind::Word || !is_finite_verb_like(&self.lw(t)));
        if !intro_ok {
            return None;
        }
        Some(Speaker { span: m.span, entity: Some(m.entity), how: SpeakerHow::Entity })
    }

    /// "according to X, …" and "…, according to X".
    fn according_to(&self, si: usize, cue: Span) -> Option<Claim> {
        let toks = self.toks(si);
        let (ca, cb) = Self::tok_range(toks, cue);
        // Speaker: from after the cue to the next comma or the end.
        let mut se = cb;
        while se < toks.len() && !matches!(toks[se].kind, TokenKind::Punct | TokenKind::Quote)
            || se < toks.len() && matches!(self.w(&toks[se]), "-" | "." | "&")
        {
            se += 1;
        }
        // The sentence's final stop is not part of the speaker.
        while se > cb + 1 && se == toks.len() && self.w(&toks[se - 1]) == "." {
            se -= 1;
        }
        if se == cb {
            return None;
        }
        let speaker_span = Span::new(toks[cb].span.start, toks[se - 1].span.end);
        let speaker =
            Some(Speaker { span: speaker_span, entity: None, how: SpeakerHow::Unresolved });
        let content = if ca == 0
            || toks[..ca]
                .iter()
                .all(|t| t.kind != TokenKind::Word || LEADERS_SET.contains(&self.lw(t)))
        {
            // "According to X, content."
            if se < toks.len() && self.w(&toks[se]) == "," {
                self.rest_of_sentence(toks, se + 1)?
            } else {
                return None;
            }
        } else {
            // "content, according to X." or "content according to X, more".
            let mut b = ca;
            while b > 0 && matches!(toks[b - 1].kind, TokenKind::Punct) {
                b -= 1;
            }
            if b == 0 {
                return None;
            }
            let mut a = 0;
            while a < b && toks[a].kind == TokenKind::Quote {
                a += 1;
            }
            // Everything after the speaker is part of the content too.
            let tail = if se < toks.len() && self.w(&toks[se]) == "," {
                self.rest_of_sentence(toks, se + 1)
            } else {
                None
            };
            let head = Span::new(toks[a].span.start, toks[b - 1].span.end);
            if tail.is_some() && se + 1 < toks.len() && !is_capitalised(self.w(&toks[se + 1])) {
                head.cover(tail.unwrap_or(head))
            } else {
                head
            }
        };
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::AccordingTo,
            speaker,
            cue: Some(cue),
        })
    }

    /// "X's claims that …": the possessor is the speaker.
    fn nominal(&self, si: usize, cue: Span) -> Option<Claim> {
        let toks = self.toks(si);
        let (ca, cb) = Self::tok_range(toks, cue);
        // The cue may include its "that" ("claims that").
        let cb = if cb > ca + 1 && self.lw(&toks[cb - 1]) == "that" { cb - 1 } else { cb };
        if ca < 2
            || cb >= toks.len()
            || self.lw(&toks[cb]) != "that"
            || toks[ca - 1].kind != TokenKind::Possessive
        {
            return None;
        }
        // The possessor: the mention ending right before the possessive, or
        // the capitalised run.
        let pos_start = toks[ca - 1].span.start;
        let speaker_span = if let Some(m) =
            self.mentions_before(pos_start).last().filter(|m| m.span.end == pos_start)
        {
            m.span
        } else {
            let mut a = ca - 1;
            while a > 0
                && toks[a - 1].kind == TokenKind::Word
                && (is_capitalised(self.w(&toks[a - 1])) || a == ca - 1)
            {
                a -= 1;
            }
            if a == ca - 1 {
                return None;
            }
            Span::new(toks[a].span.start, toks[ca - 2].span.end)
        };
        let from = cb + 1;
        let mut end = toks.len();
        // The predicate of the sentence follows the claim: "… were unfounded".
        let mut verbs = 0;
        for (k, t) in toks.iter().enumerate().skip(from) {
            let w = self.lw(t);
            if is_finite_verb_like(&w) {
                verbs += 1;
                if verbs >= 2
                    && matches!(
                        &*w,
                        "was"
                            | "were"
                            | "is"
                            | "are"
                            | "remain"
                            | "remains"
                            | "remained"
                            | "proved"
                            | "prove"
                            | "proves"
                            | "seem"
                            | "seems"
                            | "seemed"
                            | "appear"
                            | "appears"
                            | "appeared"
                    )
                {
                    end = k;
                    break;
                }
            }
        }
        let content = self.rest_of_sentence(&toks[..end], from)?;
        let speaker =
            Some(Speaker { span: speaker_span, entity: None, how: SpeakerHow::Unresolved });
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::Nominal,
            speaker,
            cue: Some(cue),
        })
    }

    /// A direct quote and its speaker.
    fn direct(&self, q: &Quote, reported: &Cover) -> Option<Claim> {
        let content = q.content;
        let si = self.doc.sentence_at(content.start);
        let part = self.doc.sentences[si].part;
        if !matches!(part, Part::Body | Part::Answer) {
            return None;
        }
        // Quotes inside a reported claim make it mixed, not a claim of their own.
        if reported.covers(content) {
            return None;
        }
        // Fewer than four words (counting stops at four: quotes run long).
        if self.text[content].split_whitespace().take(4).count() < 4 {
            return None; // scare quotes and titles: "mouthpiece"
        }
        // A transcript line: “WALLACE: …” is said by WALLACE.
        if let Some(label) = transcript_label(self.text, content) {
            let speaker = Speaker { span: label, entity: None, how: SpeakerHow::Unresolved };
            return Some(Claim {
                span: content,
                sentence: si,
                kind: ClaimKind::Direct,
                speaker: Some(speaker),
                cue: None,
            });
        }
        let close = q.close.unwrap_or(content.end);
        // Speaker after the quote: ,” X said / ,” said X.
        let after = self.speaker_after(close);
        let before = if after.is_none() { self.speaker_before(q.open) } else { None };
        let (speaker, cue) = match after.or(before) {
            Some((s, c)) => (Some(s), Some(c)),
            None => (None, None),
        };
        Some(Claim { span: content, sentence: si, kind: ClaimKind::Direct, speaker, cue })
    }

    /// `” X said` or `” said X` right after a closing mark.
    fn speaker_after(&self, close: usize) -> Option<(Speaker, Span)> {
        let toks = &self.doc.tokens;
        let mut k = toks.partition_point(|t| t.span.start < close);
        // Skip the closing mark itself and a comma or dash.
        while k < toks.len()
            && (toks[k].kind == TokenKind::Quote
                || matches!(self.w(&toks[k]), "," | "—" | "–" | "-"))
            && toks[k].span.start < close + 4
        {
            k += 1;
        }
        if k >= toks.len() || self.text[close..toks[k].span.start].contains('\n') {
            return None;
        }
        let limit = (k + 10).min(toks.len());
        for v in k..limit {
            let t = &toks[v];
            if t.kind == TokenKind::Punct || t.kind == TokenKind::Quote {
                // "…,” he said, adding …" stops here; so does the sentence end.
                if v == k {
                    return None;
                }
                break;
            }
            if let Some(cue) = self.cue_at(t.span) {
                if v == k {
                    // Inverted: “…,” said the minister.
                    let mut e = v + 1;
                    while e < limit
                        && matches!(toks[e].kind, TokenKind::Word | TokenKind::Possessive)
                    {
                        e += 1;
                    }
                    if e == v + 1 {
                        return None;
                    }
                    let span = Span::new(toks[v + 1].span.start, toks[e - 1].span.end);
                    return Some((
                        Speaker { span, entity: None, how: SpeakerHow::Unresolved },
                        cue,
                    ));
                }
                let mut end = v;
                while end > k && self.is_aux(&toks[end - 1]) {
                    end -= 1;
                }
                if end == k {
                    return None;
                }
                let span = Span::new(toks[k].span.start, toks[end - 1].span.end);
                return Some((Speaker { span, entity: None, how: SpeakerHow::Unresolved }, cue));
            }
        }
        None
    }

    /// `X said: “` or `X said, “` right before an opening mark.
    fn speaker_before(&self, open: usize) -> Option<(Speaker, Span)> {
        let si = self.doc.sentence_at(open);
        let mut toks = self.toks(si);
        let mut k = toks.partition_point(|t| t.span.start < open);
        // A block quote introduced at the end of the sentence before:
        // "The New York Times reports:\n\n“…”".
        if k == 0 && si > 0 {
            let prev = self.toks(si - 1);
            if prev.last().is_some_and(|t| self.w(t) == ":") {
                toks = prev;
                k = prev.len();
            }
        }
        if k == 0 {
            return None;
        }
        let mut v = k;
        if matches!(self.w(&toks[v - 1]), ":" | ",") {
            v -= 1;
        }
        // Find the cue among the last few words before the mark.
        let lo = v.saturating_sub(6);
        for c in (lo..v).rev() {
            if let Some(cue) = self.cue_at(toks[c].span) {
                let sp = self.subject_before(toks, c)?;
                return Some((sp, cue));
            }
            if toks[c].kind != TokenKind::Word {
                break;
            }
        }
        None
    }

    /// The cue verb at this token, if it is one.
    fn cue_at(&self, span: Span) -> Option<Span> {
        if is_speech_verb(&self.lower_at(span)) {
            Some(span)
        } else {
            None
        }
    }

    /// Floating quotes: a quoted paragraph with no cue takes the speaker of
    /// the claim before it (at most five sentences back).
    fn floating(&self, mut claims: Vec<Claim>, _quotes: &[Quote]) -> Vec<Claim> {
        // The last claim with a speaker so far.
        let mut last: Option<usize> = None;
        for i in 0..claims.len() {
            if claims[i].speaker.is_some() || claims[i].kind != ClaimKind::Direct {
                if claims[i].speaker.is_some() {
                    last = Some(i);
                }
                continue;
            }
            let si = self.doc.sentence_at(claims[i].span.start);
            let prev = last.map(|l| claims[l]);
            if let Some(p) = prev {
                let psi = self.doc.sentence_at(p.span.start);
                if si.saturating_sub(psi) <= 5 {
                    let mut sp = p.speaker.unwrap_or(Speaker {
                        span: Span::default(),
                        entity: None,
                        how: SpeakerHow::Unresolved,
                    });
                    if sp.entity.is_none() {
                        let (e, _) = self.resolve(sp.span);
                        sp.entity = e;
                    }
                    sp.how = SpeakerHow::PreviousQuote;
                    claims[i].speaker = Some(sp);
                    last = Some(i);
                    continue;
                }
            }
            // No claim before it nearby: the last person named outside
            // quotes in the three sentences before.
            let start = claims[i].span.start;
            let m = self
                .mentions_before(start)
                .iter()
                .rev()
                .take_while(|m| si.saturating_sub(m.sentence) <= 3)
                .find(|m| {
                    !self.in_quote(m.span) && self.gaz_kind(m.entity) == Some(EntityType::Person)
                });
            if let Some(m) = m {
                claims[i].speaker = Some(Speaker {
                    span: m.span,
                    entity: Some(m.entity),
                    how: SpeakerHow::PreviousQuote,
                });
                last = Some(i);
            }
        }
        claims
    }

    /// Resolves a speaker phrase to an entity.
    fn resolve(&self, span: Span) -> (Option<EntityRef>, SpeakerHow) {
        let inside = self.mentions_in(span);
        let phrase_span = self.trimmed(span);
        let phrase = &self.text[phrase_span];
        let last_word = phrase.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        // The phrase's last word is a suffix of it.
        let last_span = Span::new(phrase_span.end - last_word.len(), phrase_span.end);
        // The head of the phrase is its last word: an entity there names the speaker.
        if let Some(m) = inside.iter().rev().find(|m| {
            let tail = self.text[m.span.end..span.end].trim();
            tail.is_empty() || tail.chars().all(|c| !c.is_alphanumeric())
        }) {
            return (Some(m.entity), SpeakerHow::Entity);
        }
        // "X, a doctor at the clinic": the entity at the start of an appositive.
        if let Some(m) = inside.first() {
            if m.span.start == span.start && self.gaz_kind(m.entity) == Some(EntityType::Person) {
                return (Some(m.entity), SpeakerHow::Entity);
            }
        }
        let lower_phrase = self.lower_at(phrase_span);
        let lower: &str = &lower_phrase;
        let before = |pred: &dyn Fn(EntityRef) -> bool| -> Option<EntityRef> {
            self.mentions_before(span.start)
                .iter()
                .rev()
                .take(MAX_LOOKBACK)
                .filter(|m| !self.in_quote(m.span))
                .map(|m| m.entity)
                .find(|e| pred(*e))
        };
        match lower {
            "he" | "she" | "him" | "her" => {
                let e = before(&|e| self.gaz_kind(e) == Some(EntityType::Person));
                return (e, if e.is_some() { SpeakerHow::Pronoun } else { SpeakerHow::Unresolved });
            }
            // Organisations and countries are "they" in news copy.
            "they" | "them" => {
                let e = before(&|e| {
                    matches!(self.gaz_kind(e), Some(EntityType::Country | EntityType::Agency))
                });
                return (e, if e.is_some() { SpeakerHow::Pronoun } else { SpeakerHow::Unresolved });
            }
            _ => {}
        }
        // "the official", "the minister": the nearest person named before.
        let lower_last = self.lower_at(last_span);
        if lower.starts_with("the ")
            && inside.is_empty()
            && lower.split_whitespace().count() <= 3
            && in_list(PERSON_ROLES, &lower_last)
        {
            let e = before(&|e| self.gaz_kind(e) == Some(EntityType::Person));
            if e.is_some() {
                return (e, SpeakerHow::Description);
            }
        }
        let desc_kind = match &*lower_last {
            "country" | "nation" | "regime" | "government" => Some(EntityType::Country),
            "agency" | "ministry" | "organization" | "organisation" | "alliance" | "bloc"
            | "council" | "body" => Some(EntityType::Agency),
            _ => None,
        };
        if let Some(kind) = desc_kind {
            if lower.starts_with("the ")
                && inside.is_empty()
                && lower.split_whitespace().count() <= 3
            {
                let e = before(&|e| self.gaz_kind(e) == Some(kind));
                if e.is_some() {
                    return (e, SpeakerHow::Description);
                }
            }
        }
        // A body or office of a country or agency named in the phrase: "the
        // North Korean foreign ministry's spokesman", "Russia's embassy".
        // A group of several ("U.S. and South Korean officials") stays as
        // written.
        if in_list(ORG_HEADS, &lower_last) {
            let mut owners = inside.iter().filter(|m| {
                matches!(self.gaz_kind(m.entity), Some(EntityType::Country | EntityType::Agency))
            });
            if let Some(m) = owners.next() {
                if owners.all(|o| o.entity == m.entity) {
                    return (Some(m.entity), SpeakerHow::Description);
                }
            }
        }
        (None, SpeakerHow::Unresolved)
    }

    fn gaz_kind(&self, e: EntityRef) -> Option<EntityType> {
        match e {
            EntityRef::Known(i) => self.kinds.get(i as usize).copied(),
            EntityRef::Found(_) => Some(EntityType::Person),
        }
    }
}

/// Past and present forms that make a word look like a finite verb: enough to
/// tell a clause from a noun phrase without a parser.
fn is_finite_verb_like(w: &str) -> bool {
    let norm;
    let w = if !w.is_ascii() && w.contains('\u{2019}') {
        norm = w.replace('\u{2019}', "'");
        norm.as_str()
    } else {
        w
    };
    if w.ends_with("n't") || w.ends_with("'ll") || w.ends_with("'re") || w.ends_with("'ve") {
        return true;
    }
    (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed")) || FINITE.contains(w)
}

/// Forms [`is_finite_verb_like`] knows besides `-ed` and contractions.
const FINITE_VERBS: &[&str] = &[
    "says",
    "say",
    "show",
    "include",
    "includes",
    "expects",
    "expect",
    "sees",
    "see",
    "feel",
    "feels",
    "found",
    "find",
    "finds",
    "paid",
    "pays",
    "led",
    "left",
    "kept",
    "lost",
    "won",
    "saw",
    "told",
    "said",
    "began",
    "met",
    "sent",
    "spent",
    "built",
    "held",
    "brought",
    "bought",
    "felt",
    "heard",
    "meant",
    "stood",
    "wrote",
    "knew",
    "grew",
    "thinks",
    "hopes",
    "works",
    "means",
    "helps",
    "exists",
    "continues",
    "lives",
    "looks",
    "tends",
    "began,",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "has",
    "have",
    "had",
    "does",
    "do",
    "did",
    "shall",
    "won't",
    "can't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "doesn't",
    "don't",
    "didn't",
    "hasn't",
    "haven't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "needs",
    "wants",
    "plans",
    "remains",
    "remain",
    "remained",
    "seems",
    "seemed",
    "appears",
    "appeared",
    "became",
    "becomes",
    "made",
    "makes",
    "went",
    "goes",
    "came",
    "comes",
    "took",
    "takes",
    "got",
    "gets",
    "gave",
    "gives",
    "knew",
    "knows",
    "thought",
    "think",
    "believe",
    "believes",
    "want",
    "need",
    "lacks",
    "lacked",
    "showed",
    "shows",
];

/// A party and state tag after a politician's name: "D-Calif.", "R-IN".
fn is_party_tag(s: &str) -> bool {
    let s = s.trim();
    let b = s.as_bytes();
    b.len() >= 3
        && b.len() <= 12
        && matches!(b[0], b'D' | b'R' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
        && s[2..].chars().all(|c| c.is_ascii_alphabetic() || c == '.' || c == ' ')
}

/// Day names and time words that follow a cue without starting a clause.
fn is_weekday_or_time(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "earlier"
            | "later"
            | "last"
            | "recently"
    )
}

/// Reporting verbs used around direct quotes.
fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "asked"
            | "asks"
            | "wrote"
            | "writes"
            | "explained"
            | "explains"
            | "noted"
            | "notes"
            | "stated"
            | "states"
            | "declared"
            | "declares"
            | "warned"
            | "warns"
            | "insisted"
            | "insists"
            | "argued"
            | "argues"
            | "replied"
            | "replies"
            | "responded"
            | "responds"
            | "recalled"
            | "recalls"
            | "continued"
            | "continues"
            | "tweeted"
            | "tweets"
            | "posted"
            | "claimed"
            | "claims"
            | "admitted"
            | "admits"
            | "acknowledged"
            | "acknowledges"
            | "conceded"
            | "concedes"
            | "stressed"
            | "stresses"
            | "emphasized"
            | "emphasised"
            | "emphasizes"
            | "emphasises"
            | "announced"
            | "announces"
            | "joked"
            | "jokes"
            | "laughed"
            | "remarked"
            | "remarks"
            | "observed"
            | "observes"
            | "suggested"
            | "suggests"
            | "shouted"
            | "shouts"
            | "yelled"
            | "whispered"
            | "cautioned"
            | "urged"
            | "urges"
            | "pleaded"
            | "vowed"
            | "vows"
            | "promised"
            | "promises"
            | "predicted"
            | "predicts"
            | "complained"
            | "complains"
            | "testified"
            | "testifies"
            | "confirmed"
            | "confirms"
            | "reiterated"
            | "reiterates"
            | "recounted"
            | "recounts"
            | "answered"
            | "answers"
            | "countered"
            | "counters"
            | "retorted"
            | "quipped"
            | "quips"
            | "boasted"
            | "boasts"
            | "exclaimed"
            | "concluded"
            | "concludes"
            | "agreed"
            | "agrees"
            | "maintained"
            | "maintains"
            | "contended"
            | "contends"
            | "charged"
            | "charges"
            | "said,"
            | "responded,"
            | "reported"
            | "reports"
            | "describes"
            | "described"
            | "texted"
            | "emailed"
            | "wondered"
            | "wonders"
            | "mused"
            | "sighed"
            | "recalling"
            | "saying"
            | "adding"
            | "telling"
            | "writing"
            | "noting"
            | "explaining"
            | "asking"
            | "arguing"
    )
}

/// Pairs quotation marks into quotes. A quote left open at the end of a
/// paragraph closes there (the news convention reopens it in the next
/// paragraph); unbalanced marks never abort anything.
fn find_quotes(text: &str, doc: &Document) -> Vec<Quote> {
    let mut out = Vec::new();
    let toks = &doc.tokens;
    // (content byte, mark, paragraph, mark byte, paragraph bound): every
    // position from the mark to the bound is in the mark's paragraph.
    let mut open: Option<(usize, char, usize, usize, usize)> = None;
    let mut paragraphs = ParagraphCursor::new(doc);
    let mut skip = false;
    for (k, t) in toks.iter().enumerate() {
        if skip {
            skip = false;
            continue;
        }
        // Most tokens: no mark, no quote open, nothing to do.
        if open.is_none() && !matches!(t.kind, TokenKind::Quote | TokenKind::Possessive) {
            continue;
        }
        // `''` (two apostrophes, NYT style) is one double mark, opening or closing.
        let double = is_double_apostrophe(text, toks, k);
        if t.kind != TokenKind::Quote && !double {
            // A quote still open when a paragraph starts without a mark was
            // not a quote (an apostrophe, a stray mark): dropped, never
            // stretched over the next paragraphs.
            if let Some((_, _, p, _, bound)) = open {
                if t.span.start >= bound && paragraphs.paragraph_of(t.span.start) != p {
                    open = None;
                }
            }
            continue;
        }
        // A mark opening a new paragraph closes the quote left open in the
        // one before ("…\n\n“…").
        if let Some((o, _, p, om, bound)) = open {
            if k > 0 && t.span.start >= bound && paragraphs.paragraph_of(t.span.start) != p {
                push_quote(text, &mut out, om, o, None, toks[k - 1].span.end);
                open = None;
            }
        }
        let (c, mark_end, next_k) = if double {
            skip = true;
            (DOUBLE_APOSTROPHE, toks[k + 1].span.end, k + 2)
        } else {
            (text[t.span].chars().next().unwrap_or(' '), t.span.end, k + 1)
        };
        let prev_tight = k > 0 && toks[k - 1].span.end == t.span.start;
        let next_tight = toks.get(next_k).is_some_and(|n| n.span.start == mark_end);
        match open {
            Some((o, oc, _, om, _))
                if closer_for(oc).contains(&c) && (!next_tight || prev_tight) =>
            {
                push_quote(text, &mut out, om, o, Some(t.span.start), t.span.start);
                open = None;
            }
            Some(_) => {}
            None => {
                // ’ and ' are apostrophes more often than quotes; an opening
                // single mark must stand before a word.
                if !closer_for(c).is_empty()
                    && next_tight
                    && !(matches!(c, '"' | DOUBLE_APOSTROPHE)
                        && prev_tight
                        && !matches!(
                            text[..t.span.start].chars().next_back(),
                            Some('(' | '[' | '—' | '–' | '-')
                        ))
                {
                    let p = paragraphs.paragraph_of(t.span.start);
                    open = Some((mark_end, c, p, t.span.start, paragraphs.bound(p)));
                }
            }
        }
    }
    // A mark left open at the very end closes nothing: not a quote.
    out
}

/// The speaker label that opens a transcript line ("WALLACE: …",
/// "MR. SMITH: …"): one to four upper-case words and a colon.
fn transcript_label(text: &str, content: Span) -> Option<Span> {
    let s = &text[content];
    let colon = s.find(':')?;
    let label = &s[..colon];
    let words = label.split_whitespace().count();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let ok = (1..=4).contains(&words)
        && letters >= 2
        && label.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'));
    ok.then(|| Span::new(content.start, content.start + colon))
}

/// Stands for a `''` mark (two apostrophes) in [`find_quotes`].
const DOUBLE_APOSTROPHE: char = '\u{2033}';

/// Is token `k` the first apostrophe of a `''` mark?
fn is_double_apostrophe(text: &str, toks: &[Token], k: usize) -> bool {
    let t = &toks[k];
    matches!(t.kind, TokenKind::Quote | TokenKind::Possessive)
        && &text[t.span] == "'"
        && toks.get(k + 1).is_some_and(|n| {
            n.kind == TokenKind::Quote && n.span.start == t.span.end && &text[n.span] == "'"
        })
}

/// The paragraph of the sentence at a position
/// (`doc.sentences[doc.sentence_at(pos)].paragraph`), for positions met
/// mostly in increasing order (the tokens of a document): a cursor over the
/// sentences instead of a binary search per position, same answers.
struct ParagraphCursor<'d> {
    doc: &'d Document<'d>,
    /// Sentences starting at or before `last`: what `Document::sentence_at`
    /// counts with `partition_point`.
    before: usize,
    last: usize,
    /// The last [`ParagraphCursor::bound`]: (from, paragraph, bound).
    bound: (usize, usize, usize),
}

impl<'d> ParagraphCursor<'d> {
    fn new(doc: &'d Document<'d>) -> ParagraphCursor<'d> {
        ParagraphCursor { doc, before: 0, last: 0, bound: (0, 0, 0) }
    }

    /// Right after `paragraph_of(pos)` returned `p`: a position up to which
    /// (from `pos` on) `paragraph_of` answers `p`, the start of the first
    /// later sentence of another paragraph. Reused while the positions stay
    /// in one paragraph, so the sentences are walked about once.
    fn bound(&mut self, p: usize) -> usize {
        let (from, bp, b) = self.bound;
        if bp == p && from <= self.last && self.last < b {
            return b;
        }
        let ss = &self.doc.sentences;
        let b = ss[self.before..]
            .iter()
            .find(|s| s.paragraph != p)
            .map_or(usize::MAX, |s| s.span.start);
        self.bound = (self.last, p, b);
        b
    }

    fn paragraph_of(&mut self, pos: usize) -> usize {
        let ss = &self.doc.sentences;
        if pos < self.last {
            self.before = ss.partition_point(|s| s.span.start <= pos);
        } else {
            while self.before < ss.len() && ss[self.before].span.start <= pos {
                self.before += 1;
            }
        }
        self.last = pos;
        ss.get(self.before.saturating_sub(1)).map_or(0, |s| s.paragraph)
    }
}

fn push_quote(
    text: &str,
    out: &mut Vec<Quote>,
    open: usize,
    content_start: usize,
    close: Option<usize>,
    end: usize,
) {
    if end <= content_start {
        return;
    }
    let mut span = Span::new(content_start, end);
    // Trim white space and a trailing comma inside the marks.
    let s = &text[span];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    span = Span::new(span.start + lead, span.start + lead + trimmed.len());
    if text[span].ends_with(',') {
        span.end -= 1;
    }
    if !span.is_empty() {
        out.push(Quote { open, close, content: span });
    }
}

/// Removes claims that repeat another: of two overlapping claims of the
/// same kind, the one with a speaker (then the longer) stays. Claims of
/// different kinds may nest ("According to KCNA, Yoon's claims that …").
fn dedupe(claims: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::with_capacity(claims.len());
    // Indexes into `out` of the claims that still reach the current start:
    // claims come sorted by start, so one that ends before it never
    // overlaps a later one.
    let mut active: Vec<usize> = Vec::new();
    for c in claims {
        active.retain(|&i| out[i].span.end > c.span.start);
        let same = active.iter().copied().find(|&i| {
            let p = &out[i];
            p.span.overlaps(c.span) && (p.kind == c.kind || p.span == c.span)
        });
        match same {
            Some(i) => {
                let prev = &mut out[i];
                let better =
                    (c.speaker.is_some(), c.span.len()) > (prev.speaker.is_some(), prev.span.len());
                if better {
                    *prev = c;
                }
            }
            None => {
                active.push(out.len());
                out.push(c);
            }
        }
    }
    out
}

/// Answers "does a claim contain this span?" in logarithmic time.
struct Cover {
    /// Claim starts, sorted.
    starts: Vec<usize>,
    /// For each position in `starts`, the largest end among claims up to it.
    max_end: Vec<usize>,
}

impl Cover {
    fn new(claims: &[Claim]) -> Cover {
        let mut spans: Vec<Span> = claims.iter().map(|c| c.span).collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        Cover { starts: spans.iter().map(|s| s.start).collect(), max_end }
    }

    /// True when a claim starts at or before `span` and ends at or after it.
    fn covers(&self, span: Span) -> bool {
        let i = self.starts.partition_point(|&s| s <= span.start);
        i > 0 && self.max_end[i - 1] >= span.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> &'static crate::Pipeline {
        static P: std::sync::OnceLock<crate::Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| crate::Pipeline::new(Gazetteer::builtin().unwrap()).unwrap())
    }

    /// (kind, speaker text, speaker how, content) of each claim.
    fn claims(text: &str) -> Vec<(&'static str, String, &'static str, String)> {
        let a = pipeline().analyze(text, Some("2020-01-01"));
        a.claims
            .iter()
            .map(|c| {
                let (st, how) = c
                    .speaker
                    .map_or((String::new(), ""), |s| (text[s.span].to_string(), s.how.as_str()));
                (c.kind.as_str(), st, how, text[c.span].to_string())
            })
            .collect()
    }

    fn has(text: &str, kind: &str, speaker: &str, content: &str) {
        let cs = claims(text);
        assert!(
            cs.iter().any(|c| c.0 == kind && c.1 == speaker && c.3 == content),
            "no {kind} claim by {speaker:?}: {content:?} in {cs:?}"
        );
    }

    /// `Context::lo` stands for `eq_ignore_ascii_case` against these lists
    /// only while their entries are in lower case.
    #[test]
    fn word_lists_are_lower_case() {
        for list in [AUX, NOT_OBJECT_START, PRONOUNS, LEADERS] {
            for w in list {
                assert_eq!(*w, w.to_ascii_lowercase(), "{w:?}");
            }
        }
    }

    /// [`CueMatches`] reports what `AhoCorasick::find_iter` reports.
    #[test]
    fn cue_matches_agree_with_find_iter() {
        use aho_corasick::{AhoCorasick, AhoCorasickKind};
        let sets: [&[&str]; 3] = [
            &["said", "say", "says that", "according to", "told", "to"],
            &["a", "ab", "abc", "b", "bcd", ""],
            &["claims", "claim", "AIM", "s t"],
        ];
        let hays = [
            "",
            "He said that, according to them, she says that it told to",
            "abcd abc ab a bcd xbcdx aab",
            "Claims CLAIMS claim aim s t s  t",
            "Ähnlich said “quote” SAID",
        ];
        for pats in sets {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(pats)
                .unwrap();
            let dfa = aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(pats)
                .unwrap();
            for h in hays {
                let want: Vec<(usize, usize, usize)> =
                    ac.find_iter(h).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
                let got: Vec<_> = CueMatches::new(&dfa, h.as_bytes()).collect();
                assert_eq!(got, want, "{pats:?} in {h:?}");
            }
        }
    }

    /// The claims' word sets answer as `list.contains` does.
    #[test]
    fn lex_agrees_with_lists() {
        for list in [FINITE_VERBS, AUX, NOT_CLAUSE_START, LEADERS] {
            let lex = WordSet::new(list);
            for w in list {
                assert!(lex.contains(w), "{w:?}");
            }
            for w in ["", "x", "the", "said", "Said", "being,", "don’t", "q", "—", "hasn't", "ed"]
            {
                assert_eq!(lex.contains(w), list.contains(&w), "{w:?}");
            }
        }
        assert!(is_finite_verb_like("don’t") && is_finite_verb_like("remained"));
        assert!(!is_finite_verb_like("need ") && !is_finite_verb_like("feed"));
    }

    #[test]
    fn direct_speaker_after() {
        has(
            "“The bridge will open in the spring of next year,” Maria Lopez said.",
            "direct",
            "Maria Lopez",
            "The bridge will open in the spring of next year",
        );
    }

    #[test]
    fn direct_speaker_inverted() {
        has(
            "“We have no plans to close the old harbour,” said the mayor.",
            "direct",
            "the mayor",
            "We have no plans to close the old harbour",
        );
    }

    #[test]
    fn direct_speaker_before() {
        has(
            "Tom Baker said: “Nobody told us the water was unsafe to drink.”",
            "direct",
            "Tom Baker",
            "Nobody told us the water was unsafe to drink.",
        );
    }

    /// A split quote gives one claim per quoted part, both with one speaker.
    #[test]
    fn split_quote() {
        let t = "“The fire started in the kitchen,” Ann Reid said. “Then it spread to the roof very quickly.”";
        has(t, "direct", "Ann Reid", "The fire started in the kitchen");
        let cs = claims(t);
        let second = cs.iter().find(|c| c.3.starts_with("Then it spread")).unwrap();
        assert_eq!(second.2, "previous_quote");
    }

    #[test]
    fn multi_paragraph_and_floating_quote() {
        let t = "Ann Reid said: “The fire started in the kitchen at night.\n\n“Then it spread to the roof very quickly.”\n\n“We lost everything we owned in an hour.”";
        let cs = claims(t);
        assert!(cs.len() >= 3, "{cs:?}");
        assert!(cs.iter().skip(1).all(|c| c.2 == "previous_quote"), "{cs:?}");
    }

    #[test]
    fn block_quote_and_transcript_speakers() {
        let t =
            "The county report says:\n\n“Three bridges on the river road need urgent repair work.”";
        let cs = claims(t);
        assert!(
            cs.iter().any(|c| c.1 == "The county report" && c.3.starts_with("Three bridges")),
            "{cs:?}"
        );
        let t = "Part of the interview follows.\n\n“HOST: Will the bridge reopen before the winter comes?”";
        let cs = claims(t);
        assert!(cs.iter().any(|c| c.1 == "HOST" && c.3.starts_with("HOST: Will")), "{cs:?}");
    }

    #[test]
    fn unclosed_mark_is_not_a_quote() {
        let t = "He called it a “failure of planning.\n\nThe council meets again on Monday to vote on the plan.";
        let cs = claims(t);
        assert!(cs.iter().all(|c| !c.3.contains("council meets")), "{cs:?}");
    }

    #[test]
    fn quoted_as_saying_and_org_speakers() {
        has(
            "The agency quoted Kim Jong Un as saying that the launch had gone well.",
            "indirect",
            "Kim Jong Un",
            "the launch had gone well",
        );
        let t = "The Russian foreign ministry's spokeswoman said that the talks had stalled.";
        let a = pipeline().analyze(t, Some("2023-01-01"));
        let c = &a.claims[0];
        let sp = c.speaker.unwrap();
        assert_eq!(sp.how, SpeakerHow::Description);
        let id = match sp.entity {
            Some(EntityRef::Known(i)) => pipeline().gazetteer().entities[i as usize].id.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(id, "C:RU");
        has(
            "U.S. and South Korean officials said that the drills would go ahead.",
            "indirect",
            "U.S. and South Korean officials",
            "the drills would go ahead",
        );
        let t = "U.S. and South Korean officials said that the drills would go ahead.";
        let a = pipeline().analyze(t, Some("2023-01-01"));
        assert_eq!(a.claims[0].speaker.unwrap().how, SpeakerHow::Unresolved);
    }

    #[test]
    fn they_and_role_descriptions_resolve() {
        let t = "Olaf Scholz met the delegation. The official said that the talks were useful. \
                 The Kremlin rejected the plan. They said that no talks were planned.";
        let a = pipeline().analyze(t, Some("2023-01-01"));
        let g = pipeline().gazetteer();
        let got: Vec<(String, &str)> = a
            .claims
            .iter()
            .map(|c| {
                let sp = c.speaker.unwrap();
                let id = match sp.entity {
                    Some(EntityRef::Known(i)) => g.entities[i as usize].id.clone(),
                    _ => String::new(),
                };
                (id, sp.how.as_str())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("P:DE:olaf_scholz".to_string(), "description"),
                ("A:KREMLIN".to_string(), "pronoun")
            ]
        );
    }

    #[test]
    fn double_apostrophe_marks() {
        has(
            "''The old mill will reopen next spring,'' said Mr. Parsons. ''We are hiring.''",
            "direct",
            "Mr. Parsons",
            "The old mill will reopen next spring",
        );
        has(
            "Ms. Lowe said the plans ''were never costed by anyone at all.''",
            "mixed",
            "Ms. Lowe",
            "the plans ''were never costed by anyone at all.''",
        );
    }

    #[test]
    fn reported_that_zero_that_participial() {
        has(
            "The minister said that the new tax would raise billions.",
            "indirect",
            "The minister",
            "the new tax would raise billions",
        );
        has(
            "Officials said the storm had damaged hundreds of homes.",
            "indirect",
            "Officials",
            "the storm had damaged hundreds of homes",
        );
        let cs = claims("The union rejected the offer, stating that wages were far too low.");
        assert!(cs.iter().any(|c| c.3 == "wages were far too low"), "{cs:?}");
    }

    #[test]
    fn clause_final_and_parenthetical_cue() {
        has(
            "The storm had damaged hundreds of homes, the mayor said.",
            "indirect",
            "the mayor",
            "The storm had damaged hundreds of homes",
        );
        let cs = claims("The repairs, she said, would take most of the summer to finish.");
        assert!(cs.iter().any(|c| c.1 == "she" && c.3.contains("most of the summer")), "{cs:?}");
    }

    #[test]
    fn according_to_both_positions() {
        has(
            "According to the report, the river has risen by two metres.",
            "according_to",
            "the report",
            "the river has risen by two metres",
        );
        has(
            "The river has risen by two metres, according to the report.",
            "according_to",
            "the report",
            "The river has risen by two metres",
        );
    }

    #[test]
    fn nominal_claim() {
        let cs = claims("Smith’s claim that the vote was rigged was rejected by the court.");
        assert!(
            cs.iter().any(|c| c.0 == "nominal" && c.3.starts_with("the vote was rigged")),
            "{cs:?}"
        );
    }

    #[test]
    fn mixed_claim() {
        has(
            "The senator said that the plan was “a disaster for farmers”.",
            "mixed",
            "The senator",
            "the plan was “a disaster for farmers”",
        );
    }

    #[test]
    fn cue_phrase_and_belief() {
        let cs = claims("Local residents voiced concerns that the factory would pollute the lake.");
        assert!(cs.iter().any(|c| c.3 == "the factory would pollute the lake"), "{cs:?}");
        has(
            "The council believes that the budget is too small.",
            "indirect",
            "The council",
            "the budget is too small",
        );
    }

    #[test]
    fn pronoun_speaker_resolves() {
        let t = "Maria Lopez runs the bakery on Main Street. She said the rent had doubled in two years.";
        let a = pipeline().analyze(t, None);
        let c = a.claims.iter().find(|c| t[c.span].starts_with("the rent")).unwrap();
        let sp = c.speaker.unwrap();
        assert_eq!(&t[sp.span], "She");
        assert_eq!(sp.how, SpeakerHow::Pronoun);
        assert!(sp.entity.is_some());
    }

    #[test]
    fn appositive_and_group_speaker() {
        has(
            "Hugh Hill, a doctor at the clinic, said the wait times were getting longer.",
            "indirect",
            "Hugh Hill",
            "the wait times were getting longer",
        );
        has(
            "“The wait times are getting longer every month,” said Hugh Hill, a doctor at the clinic.",
            "direct",
            "Hugh Hill",
            "The wait times are getting longer every month",
        );
        has(
            "Teachers and parents said the school needed more classrooms.",
            "indirect",
            "Teachers and parents",
            "the school needed more classrooms",
        );
    }

    #[test]
    fn party_tags_capitalised_aux_and_appositive_names() {
        has(
            "Sen. Ann Hale, D-Ore., said on Monday that the bill was dead.",
            "indirect",
            "Sen. Ann Hale",
            "the bill was dead",
        );
        has(
            "Rep. Tom Ruiz (R-Texas) said the bill was dead.",
            "indirect",
            "Rep. Tom Ruiz",
            "the bill was dead",
        );
        has(
            "After the vote, Ms. May acknowledged that the defeat was serious.",
            "indirect",
            "Ms. May",
            "the defeat was serious",
        );
        has(
            "The mayor’s spokesman, Carl Brandt, told reporters: “The bridge stays closed until May.”",
            "direct",
            "Carl Brandt",
            "The bridge stays closed until May.",
        );
    }

    #[test]
    fn noun_phrase_objects_and_cue_words_in_names() {
        has(
            "The senator called for an independent inquiry into the crash.",
            "indirect",
            "The senator",
            "an independent inquiry into the crash",
        );
        has(
            "The mayor criticized the new budget for the fire service, saying it was too small.",
            "indirect",
            "The mayor",
            "the new budget for the fire service",
        );
        has(
            "The Ohio State Department warned that the bridge would close.",
            "indirect",
            "The Ohio State Department",
            "the bridge would close",
        );
        let cs = claims("Local state media reported the ferry sank at dawn.");
        assert!(cs.iter().all(|c| !c.3.starts_with("media")), "{cs:?}");
    }

    #[test]
    fn faq_answer_yes_question_never() {
        let t = "The city raised fares.\n\nFrequently Asked Questions:\n\nQ: Did the mayor say that fares would rise again?\n\nA: The mayor said that fares would stay the same next year.\n";
        let cs = claims(t);
        assert!(cs.iter().any(|c| c.3 == "fares would stay the same next year"), "{cs:?}");
        assert!(!cs.iter().any(|c| c.3.contains("rise again")), "{cs:?}");
    }
}
