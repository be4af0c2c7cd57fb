//! Stage 3, tag: entity mentions (PERSON, COUNTRY, AGENCY).
//!
//! Input: an article's text, its [`Document`] and date. Output: [`Tagged`],
//! the article's [`Mention`]s in text order (they never overlap) plus the
//! people found from context who are not in the gazetteer.
//!
//! Every surface form of the gazetteer goes into one `aho-corasick`
//! automaton (leftmost-longest, case-sensitive; names also get an ALL-CAPS
//! variant for headlines, abbreviations never do). A match counts only on
//! Unicode word boundaries. Then, in one walk over the tokens, in text order:
//! a title followed by a surname resolves through the article's date; a
//! surname alone links to the one full name seen earlier in the article (two
//! candidates: left unresolved, never guessed); a title or a known given name
//! followed by capitalised words makes a person found from context.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use crate::fxhash::{FastMap, FastSet, WordSet};

use crate::gazetteer::{Date, EntityType, Gazetteer, Policy, Role};
use crate::lexicon::Lexicon;
use crate::shape::{boundary_after, boundary_before, is_capitalised, is_initial, is_word_char};
use crate::span::Span;
use crate::tokenize::{Document, TokenKind};

/// How a mention names its entity (the `how` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum How {
    /// The canonical name.
    Exact,
    /// Another name or an abbreviation.
    Alias,
    /// A demonym ("North Korean").
    Demonym,
    /// A capital or seat standing for the country.
    Metonym,
    /// A surname linked through a title ("President Yoon").
    Title,
    /// A surname linked to an earlier full mention in the same article.
    Partial,
    /// A person found from context, not in the gazetteer.
    Pattern,
}

impl How {
    /// The name used in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Alias => "alias",
            How::Demonym => "demonym",
            How::Metonym => "metonym",
            How::Title => "title",
            How::Partial => "partial",
            How::Pattern => "pattern",
        }
    }
}

/// Which entity a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityRef {
    /// Index into [`Gazetteer::entities`].
    Known(u32),
    /// Index into [`Tagged::found`].
    Found(u32),
}

/// One entity mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The name only: no title, no possessive.
    pub span: Span,
    /// Index of the sentence it starts in.
    pub sentence: usize,
    /// The entity.
    pub entity: EntityRef,
    /// How it was recognised.
    pub how: How,
}

/// A person found from context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundPerson {
    /// `P~<slug>`.
    pub id: String,
    /// The name as first written.
    pub name: String,
    /// The family name used alone later.
    pub surname: String,
}

/// The tag stage's output for one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tagged {
    /// Mentions in text order, never overlapping.
    pub mentions: Vec<Mention>,
    /// People found from context, referenced by [`EntityRef::Found`].
    pub found: Vec<FoundPerson>,
}

#[derive(Clone, Debug)]
struct Pattern {
    /// Candidate entities (more than one only for shared surfaces).
    entities: Vec<u32>,
    role: Role,
    policy: Option<Policy>,
    canonical: bool,
}

/// The compiled matcher. Build once, share by reference across threads.
#[derive(Debug)]
pub struct Tagger {
    gaz: Gazetteer,
    /// Every surface form as written.
    ac: AhoCorasick,
    /// The ALL-CAPS variants for headlines, compiled on first need: most
    /// runs never see a headline, and leaving them out halves start-up.
    caps: OnceLock<Option<AhoCorasick>>,
    /// The texts of the ALL-CAPS variants (patterns `plain..`).
    caps_texts: Vec<String>,
    /// Number of patterns of `ac`; ALL-CAPS variants follow in `patterns`.
    plain: usize,
    /// The bytes some pattern (plain or ALL-CAPS) starts with.
    first_bytes: [bool; 256],
    /// The ASCII bytes of `first_bytes` that are not alphanumeric (`'`);
    /// `None` when there are too many for the eight-bytes-at-a-time scan.
    first_extra: Option<Vec<u8>>,
    /// The first two bytes of every ALL-CAPS variant, as a bit set.
    caps_pairs: Box<[u64; 1024]>,
    /// The first four bytes of every ALL-CAPS variant.
    caps_prefixes: FastSet<u32>,
    /// The first two bytes of every pattern (plain or ALL-CAPS), as a bit
    /// set; a one-byte pattern sets every pair it starts.
    pairs: Box<[u64; 1024]>,
    patterns: Vec<Pattern>,
    /// Title forms ("President", "Sen.") to their canonical title.
    titles: FastMap<String, String>,
    /// Longest title in words.
    title_words: usize,
    /// Every suffix of every key of `titles`.
    /// With the canonical title when the suffix is itself a key.
    title_tails: FastMap<String, Option<String>>,
    /// First byte and length of every key of `titles`.
    title_shapes: Shapes,
    /// Last byte and length of every key of `titles`.
    title_ends: Shapes,
    /// Last byte and length of every key of `title_tails`.
    tail_shapes: Shapes,
    /// Surname to gazetteer people.
    surnames: FastMap<String, Vec<u32>>,
    /// The word lists of the rules.
    words: Lists,
}

/// The word lists the rules use, from the lexicon (`gazetteers/lexicon/`,
/// one file per list, named in each field's comment).
#[derive(Debug)]
struct Lists {
    /// `grammar_words`: capitalised for grammar; they never continue a name.
    grammar: WordSet,
    /// `grammar_words` and `org_words`: they never start or continue a
    /// person's name.
    not_name: WordSet,
    /// `function_words`, compared in lower case.
    function_words: WordSet,
    /// `place_prepositions`, compared in lower case.
    place_prepositions: WordSet,
    /// `name_particles`.
    name_particles: WordSet,
    /// `speech_before_name`.
    speech_before: WordSet,
    /// `speech_after_name`.
    speech_after: WordSet,
    /// `role_nouns`.
    role_nouns: WordSet,
    /// `company_words`.
    company: WordSet,
    /// `honorifics`.
    honorifics: WordSet,
    /// `list_separators`.
    list_separators: WordSet,
    /// `scorecard_before_name`.
    scorecard_before: WordSet,
    /// `scorecard_after_name`.
    scorecard_after: WordSet,
    /// `scorecard_outs`, each phrase split into its words (never empty).
    scorecard_outs: Vec<Vec<String>>,
}

impl Lists {
    fn new(lex: &Lexicon) -> Lists {
        Lists {
            grammar: lex.set("grammar_words"),
            not_name: lex.union(&["grammar_words", "org_words"]),
            function_words: lex.set("function_words"),
            place_prepositions: lex.set("place_prepositions"),
            name_particles: lex.set("name_particles"),
            speech_before: lex.set("speech_before_name"),
            speech_after: lex.set("speech_after_name"),
            role_nouns: lex.set("role_nouns"),
            company: lex.set("company_words"),
            honorifics: lex.set("honorifics"),
            list_separators: lex.set("list_separators"),
            scorecard_before: lex.set("scorecard_before_name"),
            scorecard_after: lex.set("scorecard_after_name"),
            scorecard_outs: lex
                .words("scorecard_outs")
                .iter()
                .map(|p| p.split_whitespace().map(String::from).collect::<Vec<_>>())
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }
}

impl Tagger {
    /// Compiles the matcher for a gazetteer.
    pub fn new(gaz: Gazetteer) -> crate::error::Result<Tagger> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut uppers: Vec<(String, usize)> = Vec::new();
        for s in &gaz.surfaces {
            let policy = gaz.policies.get(&s.text).copied();
            let canonical = s.role == Role::Canonical;
            let pi = match index.get(&s.text) {
                Some(&i) => {
                    let p: &mut Pattern = &mut patterns[i];
                    if !p.entities.contains(&s.entity) {
                        p.entities.push(s.entity);
                    }
                    i
                }
                None => {
                    index.insert(s.text.clone(), patterns.len());
                    texts.push(s.text.clone());
                    patterns.push(Pattern {
                        entities: vec![s.entity],
                        role: s.role,
                        policy,
                        canonical,
                    });
                    patterns.len() - 1
                }
            };
            let upper = s.text.to_uppercase();
            if s.role != Role::Abbrev
                && policy != Some(Policy::ExactOnly)
                && upper != s.text
                && s.text.chars().filter(|c| c.is_alphabetic()).count() > 3
            {
                uppers.push((upper, pi));
            }
        }
        // ALL-CAPS variants: one equal to a surface as written joins that
        // surface; the others become patterns of their own after the plain ones.
        let plain = patterns.len();
        let mut caps_index: HashMap<String, usize> = HashMap::new();
        let mut caps_texts = Vec::new();
        for (upper, pi) in uppers {
            let target = match index.get(&upper).or_else(|| caps_index.get(&upper)) {
                Some(&i) => i,
                None => {
                    caps_index.insert(upper.clone(), patterns.len());
                    caps_texts.push(upper);
                    let mut p = patterns[pi].clone();
                    p.entities.clear();
                    patterns.push(p);
                    patterns.len() - 1
                }
            };
            let extra = patterns[pi].entities.clone();
            let p = &mut patterns[target];
            for e in extra {
                if !p.entities.contains(&e) {
                    p.entities.push(e);
                }
            }
        }
        let ac = build_matcher(&texts)?;
        let mut first_bytes = [false; 256];
        for t in texts.iter().chain(&caps_texts) {
            if let Some(&b) = t.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        let extra: Vec<u8> = (0..0x80u8)
            .filter(|&b| first_bytes[usize::from(b)] && !b.is_ascii_alphanumeric())
            .collect();
        let first_extra = (extra.len() <= 4).then_some(extra);
        let mut caps_pairs = Box::new([0u64; 1024]);
        let mut caps_prefixes = FastSet::default();
        for t in &caps_texts {
            // A variant has more than three letters, so four bytes at least.
            if let &[a, b, c, d, ..] = t.as_bytes() {
                let k = usize::from(a) << 8 | usize::from(b);
                caps_pairs[k / 64] |= 1 << (k % 64);
                caps_prefixes.insert(u32::from_le_bytes([a, b, c, d]));
            }
        }
        let mut pairs = Box::new([0u64; 1024]);
        for t in texts.iter().chain(&caps_texts) {
            match *t.as_bytes() {
                [a, b, ..] => {
                    let k = usize::from(a) << 8 | usize::from(b);
                    pairs[k / 64] |= 1 << (k % 64);
                }
                [a] => {
                    for b in 0..=255u8 {
                        let k = usize::from(a) << 8 | usize::from(b);
                        pairs[k / 64] |= 1 << (k % 64);
                    }
                }
                [] => {}
            }
        }
        let mut titles = FastMap::default();
        let mut title_words = 1;
        for t in &gaz.titles {
            title_words = title_words.max(t.text.split_whitespace().count());
            titles.insert(t.text.clone(), t.canonical.clone());
            // "president" written in lower case before a name is common too.
            let lower = t.text.to_lowercase();
            titles.entry(lower).or_insert_with(|| t.canonical.clone());
        }
        let title_tails = titles
            .keys()
            .flat_map(|t: &String| t.char_indices().map(move |(i, _)| t[i..].to_string()))
            .map(|tail| {
                let c = titles.get(&tail).cloned();
                (tail, c)
            })
            .collect::<FastMap<String, Option<String>>>();
        let mut title_shapes = Shapes::default();
        let mut title_ends = Shapes::default();
        for t in titles.keys() {
            title_shapes.add(t.as_bytes().first().copied(), t.len());
            title_ends.add(t.as_bytes().last().copied(), t.len());
        }
        let mut tail_shapes = Shapes::default();
        for t in title_tails.keys() {
            tail_shapes.add(t.as_bytes().last().copied(), t.len());
        }
        let words = Lists::new(&gaz.lexicon);
        let mut surnames: FastMap<String, Vec<u32>> = FastMap::default();
        for (i, e) in gaz.entities.iter().enumerate() {
            if e.kind == EntityType::Person {
                for s in &e.surnames {
                    surnames.entry(s.clone()).or_default().push(i as u32);
                }
            }
        }
        Ok(Tagger {
            gaz,
            ac,
            caps: OnceLock::new(),
            caps_texts,
            plain,
            first_bytes,
            first_extra,
            caps_pairs,
            caps_prefixes,
            pairs,
            patterns,
            titles,
            title_words,
            title_tails,
            title_shapes,
            title_ends,
            tail_shapes,
            surnames,
            words,
        })
    }

    /// The gazetteer the tagger was built from.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Number of patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Tags one article. `date` is the article's date, for title resolution.
    pub fn tag(&self, doc: &Document, date: Option<Date>) -> Tagged {
        let text = doc.text;
        let mut out = Tagged::default();
        let raw = self.dictionary_matches(text, doc);
        let mut blocked = Vec::new();
        let mut mentions = self.apply_policies(text, doc, raw, &mut blocked);
        self.link_people(text, doc, date, &mut mentions, &blocked, &mut out.found);
        mentions.sort_by_key(|m| m.span.start);
        // `doc.sentence_at` for starts in text order: a forward cursor.
        let mut s = 0;
        for m in &mut mentions {
            while doc.sentences.get(s + 1).is_some_and(|n| n.span.start <= m.span.start) {
                s += 1;
            }
            m.sentence = s;
        }
        out.mentions = mentions;
        out
    }

    /// Dictionary matches on word boundaries: (span, pattern index).
    ///
    /// The result is that of a leftmost-longest scan of the whole text
    /// (plain and ALL-CAPS patterns as one set, the longer on a tie, the
    /// plain one on equal length) that keeps a match when it sits on word
    /// boundaries and otherwise tries again one character further on. A
    /// match can only be kept where a word starts, so the scan visits those
    /// positions alone and asks the automata for the longest pattern
    /// anchored there: the same matches, without walking the automaton over
    /// every byte of every word.
    fn dictionary_matches(&self, text: &str, doc: &Document) -> Vec<(Span, usize)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let len = text.len();
        // The date marker is never tagged.
        let mut i = doc.layout.date.as_ref().map_or(0, |(span, _)| span.end);
        // Whether the ALL-CAPS variants apply is decided the first time one
        // could match here: most articles never get that far.
        let mut caps: Option<Option<&AhoCorasick>> = None;
        let anchored = |ac: &AhoCorasick, at: usize| {
            ac.find(Input::new(text).span(at..len).anchored(aho_corasick::Anchored::Yes))
                .map(|m| (m.end(), m.pattern().as_usize()))
        };
        // Candidates are visited 64 bytes at a time: a bit mask of word
        // bytes and of possible first bytes, built without branches, gives
        // the word starts; `free` is where the next match may begin.
        let mut free = i;
        let mut prev_word = !boundary_before(text, i);
        // Whether the non-ASCII character being crossed is a word character.
        let mut wide_word = false;
        while i < len {
            let block = &bytes[i..(i + 64).min(len)];
            // An all-ASCII block: the masks eight bytes at a time, where the
            // first-byte mask is every word byte and the listed others: a
            // superset that `may_start` (whose first-two-byte set implies
            // the first byte) trims to what the exact mask would have kept.
            let fast = self.first_extra.as_deref().and_then(|x| ascii_masks(block, x));
            let (word, first) = match fast {
                Some(masks) => masks,
                None => self.scalar_masks(text, i, block, &mut wide_word),
            };
            let mut cand = first & !(word << 1 | u64::from(prev_word));
            prev_word = word >> (block.len() - 1) & 1 == 1;
            while cand != 0 {
                let p = i + cand.trailing_zeros() as usize;
                cand &= cand - 1;
                if p < free || !self.may_start(bytes, p) {
                    continue;
                }
                let plain = anchored(&self.ac, p);
                let upper = if self.caps_pair(bytes, p) {
                    let c = *caps.get_or_insert_with(|| {
                        if has_headline_caps(text) {
                            self.caps_matcher()
                        } else {
                            None
                        }
                    });
                    c.and_then(|c| anchored(c, p)).map(|(e, pi)| (e, pi + self.plain))
                } else {
                    None
                };
                let best = match (plain, upper) {
                    (Some(a), Some(u)) if u.0 > a.0 => Some(u),
                    (Some(a), _) => Some(a),
                    (None, u) => u,
                };
                if let Some((e, pi)) = best {
                    if boundary_after(text, e) {
                        out.push((Span::new(p, e), pi));
                        free = e;
                    }
                }
            }
            i += block.len();
        }
        out
    }

    /// The word-byte and first-byte masks of `block` (at `i`), a byte at a
    /// time. `wide_word`: whether the non-ASCII character being crossed is
    /// a word character.
    fn scalar_masks(&self, text: &str, i: usize, block: &[u8], wide_word: &mut bool) -> (u64, u64) {
        let mut word = 0u64;
        let mut first = 0u64;
        for (j, &b) in block.iter().enumerate() {
            let w = if b < 0x80 {
                b.is_ascii_alphanumeric()
            } else {
                if b >= 0xC0 {
                    // A lead byte: the character decides for all its bytes.
                    let c = text[i + j..].chars().next().unwrap_or(' ');
                    *wide_word = is_word_char(c);
                }
                *wide_word
            };
            word |= u64::from(w) << j;
            first |= u64::from(self.first_bytes[usize::from(b)]) << j;
        }
        (word, first)
    }

    /// Could a pattern (plain or ALL-CAPS) start at `i`: do its first two
    /// bytes (its one byte, at the end of the text) begin one?
    #[inline]
    fn may_start(&self, bytes: &[u8], i: usize) -> bool {
        match bytes.get(i..i + 2) {
            Some(&[a, b]) => {
                let k = usize::from(a) << 8 | usize::from(b);
                self.pairs[k / 64] & 1 << (k % 64) != 0
            }
            _ => self.first_bytes[usize::from(bytes[i])],
        }
    }

    /// Could an ALL-CAPS variant start at `i`: do its first two bytes, then
    /// its first four, begin one?
    #[inline]
    fn caps_pair(&self, bytes: &[u8], i: usize) -> bool {
        match bytes.get(i..i + 4) {
            Some(&[a, b, c, d]) => {
                let k = usize::from(a) << 8 | usize::from(b);
                self.caps_pairs[k / 64] & 1 << (k % 64) != 0
                    && self.caps_prefixes.contains(&u32::from_le_bytes([a, b, c, d]))
            }
            _ => false,
        }
    }

    /// The ALL-CAPS matcher, compiled the first time a headline needs it.
    fn caps_matcher(&self) -> Option<&AhoCorasick> {
        self.caps.get_or_init(|| build_matcher(&self.caps_texts).ok()).as_ref()
    }

    /// Policies and context rules on dictionary matches. `blocked` receives
    /// the matches rejected as part of a longer name ("Air France"), which
    /// are no person's name either.
    fn apply_policies(
        &self,
        text: &str,
        doc: &Document,
        raw: Vec<(Span, usize)>,
        blocked: &mut Vec<Span>,
    ) -> Vec<Mention> {
        let mut kept: Vec<(Mention, Option<Policy>)> = Vec::with_capacity(raw.len());
        // The entities of `kept`, and whether any is kept by a surface that
        // needs context.
        let mut kept_entities: FastSet<u32> = FastSet::default();
        let mut any_needs_context = false;
        for (span, pi) in raw {
            let p = &self.patterns[pi];
            // A shared surface goes to the entity already named in the article, else the first.
            let entity = if p.entities.len() > 1 {
                p.entities
                    .iter()
                    .copied()
                    .find(|e| kept_entities.contains(e))
                    .unwrap_or(p.entities[0])
            } else {
                p.entities[0]
            };
            // The tokens around the match, looked up once when a rule needs them.
            let mut around = None;
            let mut nb = || *around.get_or_insert_with(|| neighbours(doc, span));
            let how = match p.role {
                Role::Canonical if p.canonical => How::Exact,
                Role::Canonical | Role::Alias | Role::Abbrev => How::Alias,
                Role::Demonym => How::Demonym,
                Role::Capital => How::Metonym,
            };
            match p.policy {
                Some(Policy::Skip) => continue,
                Some(Policy::NotPerson) if self.part_of_person_name(text, doc, span, nb()) => {
                    continue
                }
                _ => {}
            }
            if p.role == Role::Capital && !self.capital_acts(text, doc, span, nb()) {
                continue;
            }
            if self.gaz.entities[entity as usize].kind != EntityType::Person
                && (self.continues_capitalised_name(text, doc, span, nb().1)
                    || hyphen_compound(text, span)
                    || self.follows_capitalised_name(
                        text,
                        doc,
                        span,
                        nb().0,
                        kept.last().map(|m| m.0.span),
                    ))
            {
                blocked.push(span);
                continue;
            }
            kept_entities.insert(entity);
            any_needs_context |= p.policy == Some(Policy::NeedsContext);
            kept.push((
                Mention { span, sentence: 0, entity: EntityRef::Known(entity), how },
                p.policy,
            ));
        }
        if !any_needs_context {
            return kept.into_iter().map(|(m, _)| m).collect();
        }
        // Surfaces that need context: kept only when the same entity is named
        // elsewhere in the article through a surface that does not.
        let confirmed: FastSet<EntityRef> = kept
            .iter()
            .filter(|(_, pol)| *pol != Some(Policy::NeedsContext))
            .map(|(m, _)| m.entity)
            .collect();
        kept.into_iter()
            .filter(|(m, pol)| *pol != Some(Policy::NeedsContext) || confirmed.contains(&m.entity))
            .map(|(m, _)| m)
            .collect()
    }

    /// "Jordan Peterson", "Michael Jordan", "President Chad Smith".
    fn part_of_person_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        (prev, next): (Option<usize>, Option<usize>),
    ) -> bool {
        let next_cap = next.is_some_and(|t| {
            doc.tokens[t].kind == TokenKind::Word
                && doc.tokens[t].span.start == span.end + 1
                && is_capitalised(&text[doc.tokens[t].span])
        });
        let prev_name = prev.is_some_and(|t| {
            let w = &text[doc.tokens[t].span];
            doc.tokens[t].kind == TokenKind::Word
                && (self.gaz.given_names.contains(w) || self.is_title(w))
        });
        next_cap || prev_name
    }

    /// Is a word right after `span` a capitalised continuation ("Moscow State
    /// University", "Washington Post")?
    fn continues_capitalised_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        next: Option<usize>,
    ) -> bool {
        next.is_some_and(|t| {
            let tok = doc.tokens[t];
            let w = &text[tok.span];
            tok.kind == TokenKind::Word
                && tok.span.start == span.end + 1
                && text.as_bytes()[span.end] == b' '
                && is_capitalised(w)
                && !self.is_title(w)
                && !self.words.grammar.contains(w)
                && !self.words.function_words.contains_ascii_lowercase(w)
                && self
                    .ac
                    .find(
                        Input::new(text)
                            .span(tok.span.start..text.len())
                            .anchored(aho_corasick::Anchored::Yes),
                    )
                    .is_none()
        })
    }

    /// Is the word right before `span` a capitalised word of the same name
    /// ("Air France", "Cleveland Indians")? Not a sentence's first word, a
    /// title or the end of the previous match (`last`).
    fn follows_capitalised_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        prev: Option<usize>,
        last: Option<Span>,
    ) -> bool {
        let Some(p) = prev else { return false };
        let tok = doc.tokens[p];
        let w = &text[tok.span];
        tok.kind == TokenKind::Word
            && tok.span.end + 1 == span.start
            && text.as_bytes()[tok.span.end] == b' '
            && is_capitalised(w)
            && !w.contains('-')
            && last.is_none_or(|l| l.end != tok.span.end)
            && !self.is_title(w)
            && self.title_before(text, doc, p + 1).is_none()
            && !self.words.grammar.contains(w)
            && !self.words.function_words.contains_ascii_lowercase(w)
            && doc.sentences[doc.sentence_at(tok.span.start)].span.start != tok.span.start
    }

    /// A capital stands for its country unless it is a place in the
    /// sentence ("in Pyongyang"), part of a dateline ("SEOUL, Nov 11") or of
    /// a person's name.
    fn capital_acts(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        (prev, next): (Option<usize>, Option<usize>),
    ) -> bool {
        if let Some(p) = prev {
            let w = &text[doc.tokens[p].span];
            let lw = w.to_lowercase();
            if self.words.place_prepositions.contains(&lw) || self.gaz.given_names.contains(w) {
                return false;
            }
        }
        let sentence_start = doc
            .sentences
            .get(doc.sentence_at(span.start))
            .is_some_and(|s| s.span.start == span.start);
        if sentence_start {
            if let Some(n) = next {
                let t = doc.tokens[n];
                let w = &text[t.span];
                if t.kind == TokenKind::Number || matches!(w, "," | "(" | "-" | "–" | "—" | ":")
                {
                    return false;
                }
            }
        }
        true
    }

    /// Titles, partial names and people found from context.
    fn link_people<'a>(
        &'a self,
        text: &'a str,
        doc: &Document,
        date: Option<Date>,
        mentions: &mut Vec<Mention>,
        blocked: &[Span],
        found: &mut Vec<FoundPerson>,
    ) {
        let toks = &doc.tokens;
        // What covers each token: the index of its mention, if any.
        let mut cover: Vec<Option<u32>> = vec![None; toks.len()];
        {
            let mut ti = 0;
            for (mi, m) in mentions.iter().enumerate() {
                while ti < toks.len() && toks[ti].span.end <= m.span.start {
                    ti += 1;
                }
                let mut k = ti;
                while k < toks.len() && toks[k].span.start < m.span.end {
                    cover[k] = Some(mi as u32);
                    k += 1;
                }
            }
        }
        let mut covered: Vec<bool> = cover.iter().map(Option::is_some).collect();
        for b in blocked {
            let mut k = toks.partition_point(|t| t.span.end <= b.start);
            while k < toks.len() && toks[k].span.start < b.end {
                covered[k] = true;
                k += 1;
            }
        }
        let kind_at = |k: usize| -> Option<EntityType> {
            cover.get(k).copied().flatten().map(|mi| match mentions[mi as usize].entity {
                EntityRef::Known(e) => self.gaz.entities[e as usize].kind,
                EntityRef::Found(_) => EntityType::Person,
            })
        };
        // Full names seen so far: surname -> entities.
        let mut seen: FastMap<&'a str, Vec<EntityRef>> = FastMap::default();
        let mut full = mentions
            .iter()
            .filter_map(|m| match m.entity {
                EntityRef::Known(e) if self.gaz.entities[e as usize].kind == EntityType::Person => {
                    Some((m.span.start, e))
                }
                _ => None,
            })
            .collect::<Vec<_>>()
            .into_iter()
            .peekable();
        let mut added: Vec<Mention> = Vec::new();
        // Dictionary mentions that turn out to be a person's surname ("Jordan").
        let mut replaced: Vec<(usize, EntityRef)> = Vec::new();
        let mut k = 0;
        // `doc.sentence_at` for the (increasing) token starts: a forward cursor.
        let mut sc = 0;
        let first_body = doc.layout.date.as_ref().map_or(0, |(s, _)| s.end);
        let bytes = text.as_bytes();
        while k < toks.len() {
            // Most tokens need nothing: no mention or blocked match covers
            // them and they are no word starting with a capital or a
            // non-ASCII byte. Skipped in a tight loop; the full names
            // before them are registered at the next token that uses them.
            while k < toks.len() && !covered[k] && {
                let t = toks[k];
                t.kind != TokenKind::Word || {
                    let b0 = bytes[t.span.start];
                    b0 < 0x80 && !b0.is_ascii_uppercase()
                }
            } {
                k += 1;
            }
            if k == toks.len() {
                break;
            }
            // Register full names that start before this token.
            while let Some(&(start, e)) = full.peek() {
                if start > toks[k].span.start {
                    break;
                }
                for s in &self.gaz.entities[e as usize].surnames {
                    let v = seen.entry(s.as_str()).or_default();
                    if !v.contains(&EntityRef::Known(e)) {
                        v.push(EntityRef::Known(e));
                    }
                }
                full.next();
            }
            let tok = toks[k];
            if tok.kind != TokenKind::Word || tok.span.start < first_body {
                k += 1;
                continue;
            }
            if let Some(mi) = cover[k] {
                let word = &text[tok.span];
                // A country or agency name that may also be a person's name
                // ("Jordan") is that person when their full name came first.
                let m = mentions[mi as usize];
                if m.span == tok.span
                    && kind_at(k) != Some(EntityType::Person)
                    && self.gaz.policies.get(word) == Some(&Policy::NotPerson)
                {
                    if let Some([one]) = seen.get(word).map(Vec::as_slice) {
                        replaced.push((mi as usize, *one));
                    }
                }
                k += 1;
                continue;
            }
            if covered[k] {
                k += 1;
                continue;
            }
            // Most words start with an ASCII byte other than a capital: no
            // capitalised word, no initial.
            let b0 = text.as_bytes()[tok.span.start];
            if b0 < 0x80 && !b0.is_ascii_uppercase() {
                k += 1;
                continue;
            }
            let word = &text[tok.span];
            let initial = is_initial(word);
            if !(is_capitalised(word) || initial)
                || self.words.not_name.contains(word)
                || self.is_title(word)
                || self.words.function_words.contains_ascii_lowercase(word)
            {
                k += 1;
                continue;
            }
            let title = self.title_before(text, doc, k);
            let end = self.name_run(text, doc, k, &covered);
            let n_words = toks[k..end].iter().filter(|t| t.kind == TokenKind::Word).count();
            // Initials only: not a name.
            if toks[k..end].iter().all(|t| is_initial(&text[t.span])) {
                k = end;
                continue;
            }
            while doc.sentences.get(sc + 1).is_some_and(|n| n.span.start <= tok.span.start) {
                sc += 1;
            }
            let sentence_initial = doc.sentences[sc].span.start == tok.span.start;
            let mut context = self.person_context(text, doc, k, end, &kind_at);
            // A list of people: "Wasim Akram , Moin Khan , Saqlain Mushtaq".
            if context == Context::None && k >= 2 {
                let sep = &text[toks[k - 1].span];
                // Skip a bracket after the previous name: "X ( Croatia ) , Y".
                let mut b = k - 2;
                if &text[toks[b].span] == ")" {
                    let lo = b.saturating_sub(8);
                    if let Some(j) = (lo..b).rev().find(|&j| &text[toks[j].span] == "(") {
                        b = j.saturating_sub(1);
                    }
                }
                let before = toks[b].span.end;
                let person_before = added.last().is_some_and(|m| m.span.end == before)
                    || kind_at(b) == Some(EntityType::Person);
                if person_before && self.words.list_separators.contains(sep) {
                    context = Context::List;
                }
            }
            // A surname alone (or after a title).
            if n_words == 1 {
                let cands = seen.get(word).map_or(&[][..], Vec::as_slice);
                let (n_cands, first_cand) = (cands.len(), cands.first().copied());
                let entity = if let (1, Some(one)) = (n_cands, first_cand) {
                    Some((one, if title.is_some() { How::Title } else { How::Partial }))
                } else if n_cands == 0 {
                    title
                        .and_then(|t| self.resolve_title(word, t, date))
                        .map(|e| (EntityRef::Known(e), How::Title))
                } else {
                    None // two candidates: unresolved, never guessed
                };
                if let Some((entity, how)) = entity {
                    added.push(Mention { span: tok.span, sentence: 0, entity, how });
                    if let EntityRef::Known(e) = entity {
                        for s in &self.gaz.entities[e as usize].surnames {
                            let v = seen.entry(s.as_str()).or_default();
                            if !v.contains(&entity) {
                                v.push(entity);
                            }
                        }
                    }
                } else if n_cands == 0
                    && !initial
                    && (context == Context::Strong
                        || context == Context::List
                            && toks.get(end).is_some_and(|t| self.list_goes_on(&text[t.span])))
                {
                    let entity = self.found_person(text, tok.span, word, found);
                    added.push(Mention { span: tok.span, sentence: 0, entity, how: How::Pattern });
                    remember(&mut seen, word, entity);
                }
                k = end;
                continue;
            }
            // Several capitalised words: a person found from context when a
            // title, a known given name, an initial or the words around
            // introduce them.
            let given = self.gaz.given_names.contains(word);
            let evidence = title.is_some()
                || given
                || initial
                || context != Context::None && !(sentence_initial && context == Context::Weak);
            if n_words >= 2 && evidence {
                let span = Span::new(tok.span.start, toks[end - 1].span.end);
                let surname = &text[toks[end - 1].span];
                let entity = self.found_person(text, span, surname, found);
                added.push(Mention { span, sentence: 0, entity, how: How::Pattern });
                remember(&mut seen, surname, entity);
                // "Wang Donghai" ... "Wang": a family name written first.
                if !given && !initial && !self.is_title(word) {
                    remember(&mut seen, word, entity);
                }
                k = end;
            } else {
                // Not a name we know how to read: look at the next word alone.
                k += 1;
            }
        }
        for (mi, entity) in replaced {
            mentions[mi].entity = entity;
            mentions[mi].how = How::Partial;
        }
        mentions.extend(added);
    }

    /// The person found from context with this name, added when new.
    fn found_person(
        &self,
        text: &str,
        span: Span,
        surname: &str,
        found: &mut Vec<FoundPerson>,
    ) -> EntityRef {
        let name = &text[span];
        let mut id = String::with_capacity(name.len() + 2);
        id.push_str("P~");
        slug_into(&mut id, name);
        let idx = match found.iter().position(|f| f.id == id) {
            Some(i) => i,
            None => {
                found.push(FoundPerson {
                    id,
                    name: name.to_string(),
                    surname: surname.to_string(),
                });
                found.len() - 1
            }
        };
        EntityRef::Found(idx as u32)
    }

    /// The words around the capitalised run `k..end`: do they show that it
    /// names a person?
    fn person_context(
        &self,
        text: &str,
        doc: &Document,
        k: usize,
        end: usize,
        kind_at: &dyn Fn(usize) -> Option<EntityType>,
    ) -> Context {
        let toks = &doc.tokens;
        let word = |i: usize| -> &str { toks.get(i).map_or("", |t| &text[t.span]) };
        let same_line = |a: usize, b: usize| -> bool {
            b < toks.len()
                && !text.as_bytes()[toks[a].span.end..toks[b].span.start].contains(&b'\n')
        };
        let prev = k.checked_sub(1);
        let prev_w = prev.map_or("", word);
        // Asked only once the word before has matched a rule.
        let prev_same_line = || prev.is_some_and(|p| same_line(p, k));
        let next_w = if same_line(end - 1, end) { word(end) } else { "" };
        let one_word = end == k + 1;
        // A company or a team, not a person: "Johnson Controls Inc",
        // "Salomon Bros", "Texas manager", "Prime Minister".
        if toks[k..end].iter().any(|t| self.words.company.contains(&text[t.span]))
            || self.words.company.contains(next_w)
            || self.words.role_nouns.contains(next_w)
            || (!next_w.is_empty()
                && text[toks[end - 1].span.end..toks[end].span.start] == *" "
                && self.is_title(&text[toks[end - 1].span.start..toks[end].span.end]))
        {
            return Context::None;
        }
        // Results: "Stefan Edberg ( Sweden )"; a single word there is as
        // often a team ("Benetton ( Italy ) 92").
        if next_w == "(" && !one_word {
            let mut j = end + 1;
            let first = j;
            while j < toks.len() && j < first + 4 && kind_at(j) == Some(EntityType::Country) {
                j += 1;
            }
            if j > first && word(j) == ")" {
                return Context::Strong;
            }
        }
        // Cricket scorecards: "c Stewart b Hollioake", "lbw b Croft".
        if self.words.scorecard_before.contains(prev_w) && prev_same_line() {
            return Context::Strong;
        }
        if self.words.scorecard_after.contains(next_w)
            || self.words.scorecard_outs.iter().any(|p| {
                p[0] == next_w
                    && (1..p.len())
                        .all(|i| same_line(end + i - 1, end + i) && word(end + i) == p[i])
            })
        {
            return Context::Strong;
        }
        // Speech: "said John Smith", "John Smith said", "John Smith, 42,".
        if self.words.speech_before.contains(prev_w)
            && prev_same_line()
            && !(one_word && toks.get(end).is_some_and(|t| t.kind == TokenKind::Word))
        {
            return Context::Strong;
        }
        if self.words.speech_after.contains(next_w) {
            return Context::Weak;
        }
        if next_w == ","
            && toks.get(end + 1).is_some_and(|t| t.kind == TokenKind::Number)
            && word(end + 2) == ","
        {
            return Context::Weak;
        }
        // A role noun: "dissident Wang Donghai", "coach Bobby Robson".
        if self.words.role_nouns.contains(prev_w) && prev_same_line() {
            return Context::Weak;
        }
        Context::None
    }

    /// Is `w` a key of `titles`?
    #[inline]
    fn is_title(&self, w: &str) -> bool {
        self.title_shapes.may_hold(w.as_bytes().first().copied(), w.len())
            && self.title_ends.may_hold(w.as_bytes().last().copied(), w.len())
            && self.titles.contains_key(w)
    }

    /// `title_tails[w]`, if `w` is a key.
    #[inline]
    fn title_tail(&self, w: &str) -> Option<&Option<String>> {
        if !self.tail_shapes.may_hold(w.as_bytes().last().copied(), w.len()) {
            return None;
        }
        self.title_tails.get(w)
    }

    /// The canonical title written right before token `k`, if any.
    fn title_before(&self, text: &str, doc: &Document, k: usize) -> Option<&str> {
        let toks = &doc.tokens;
        // Every candidate ends with the word before `k`, so a title can
        // only be found when that word ends some title.
        if k == 0 || self.title_tail(&text[toks[k - 1].span]).is_none() {
            return None;
        }
        let m = self.title_words.min(k);
        let end = toks[k - 1].span.end;
        let window = &text.as_bytes()[toks[k - m].span.start..end];
        // Bytes, not chars: `\n`, `\r`, `\t` and `  ` are ASCII, and C2 A0
        // in UTF-8 is always U+00A0.
        let plain = {
            let mut prev = 0u8;
            window.iter().all(|&c| {
                let odd = matches!(c, b'\n' | b'\r' | b'\t')
                    || (c == b' ' && prev == b' ')
                    || (c == 0xA0 && prev == 0xC2);
                prev = c;
                !odd
            })
        };
        if plain {
            // No candidate needs normalising or is skipped. The longest one
            // that is a title wins; each holds the shorter ones as suffixes,
            // so once one is no suffix of a title, no longer one is a title.
            let mut best = None;
            for n in 1..=m {
                match self.title_tail(&text[toks[k - n].span.start..end]) {
                    None => break,
                    Some(Some(c)) => best = Some(c.as_str()),
                    Some(None) => {}
                }
            }
            return best;
        }
        for n in (1..=m).rev() {
            let first = k - n;
            let span = Span::new(toks[first].span.start, end);
            let s = &text[span];
            if s.contains(['\n', '\r']) {
                continue;
            }
            let found = if s.contains(['\t', '\u{a0}']) || s.contains("  ") {
                let norm: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
                self.titles.get(&norm)
            } else {
                self.titles.get(s)
            };
            if let Some(c) = found {
                return Some(c.as_str());
            }
        }
        None
    }

    /// The gazetteer person with this surname and title in office on `date`.
    fn resolve_title(&self, surname: &str, title: &str, date: Option<Date>) -> Option<u32> {
        let cands = self.surnames.get(surname)?;
        let honorific = self.words.honorifics.contains(title);
        let fits: Vec<u32> = cands
            .iter()
            .copied()
            .filter(|&e| {
                let ent = &self.gaz.entities[e as usize];
                let title_ok = honorific
                    || ent.titles.is_empty()
                    || ent.titles.iter().any(|t| t.eq_ignore_ascii_case(title));
                let date_ok = match date {
                    Some(d) => ent.terms.is_empty() || ent.terms.iter().any(|t| t.covers(d)),
                    None => true,
                };
                title_ok && date_ok && !(honorific && ent.terms.is_empty() && date.is_some())
            })
            .collect();
        // With a date, only an office holder at that date; with two, none.
        if fits.len() == 1 && (date.is_some() || !honorific) {
            Some(fits[0])
        } else {
            None
        }
    }

    /// Does a list of people go on after a word (`w`: the token after it)?
    /// A separator, or the full stop that ends the list.
    fn list_goes_on(&self, w: &str) -> bool {
        self.words.list_separators.contains(w) || w == "."
    }

    /// The end (exclusive token index) of a run of capitalised name words
    /// starting at `k`: at most four words, initials and particles allowed.
    fn name_run(&self, text: &str, doc: &Document, k: usize, covered: &[bool]) -> usize {
        let toks = &doc.tokens;
        let mut end = k + 1;
        let mut words = 1;
        while end < toks.len() && words < 4 && !covered[end] {
            let t = toks[end];
            let gap = &text[toks[end - 1].span.end..t.span.start];
            if gap != " " || t.kind != TokenKind::Word {
                break;
            }
            let w = &text[t.span];
            if ((is_capitalised(w) || is_initial(w))
                && !self.words.not_name.contains(w)
                && !self.is_title(w))
                || (self.words.name_particles.contains(w)
                    && toks.get(end + 1).is_some_and(|n| is_capitalised(&text[n.span])))
            {
                end += 1;
                words += 1;
            } else {
                break;
            }
        }
        // A trailing particle or initial is not part of the name.
        while end > k + 1
            && (self.words.name_particles.contains(&text[toks[end - 1].span])
                || is_initial(&text[toks[end - 1].span]))
        {
            end -= 1;
        }
        end
    }
}

/// How strongly the words around a capitalised run show a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    None,
    /// Enough for a run of two or more words, not at a sentence start.
    Weak,
    /// Enough even for one word, anywhere.
    Strong,
    /// Right after a person in a list: enough for two or more words, and
    /// for one word that the list goes on after.
    List,
}

/// "Hong Kong-based", "Turkish-operated": an adjective, not the country.
fn hyphen_compound(text: &str, span: Span) -> bool {
    let mut rest = text[span.end..].chars();
    rest.next() == Some('-') && rest.next().is_some_and(char::is_lowercase)
}

fn remember<'a>(seen: &mut FastMap<&'a str, Vec<EntityRef>>, surname: &'a str, entity: EntityRef) {
    match seen.get_mut(surname) {
        Some(v) => {
            if !v.contains(&entity) {
                v.push(entity);
            }
        }
        None => {
            seen.insert(surname, vec![entity]);
        }
    }
}

/// Which (byte, length) pairs some key of a set has, the byte being the
/// key's first or last: a filter that settles most misses without hashing.
#[derive(Debug)]
struct Shapes {
    /// Bit `n` of entry `b`: some key of `n` bytes (`n < 64`) has byte `b`.
    bits: Box<[u64; 256]>,
    /// Whether some key is empty.
    empty: bool,
}

impl Default for Shapes {
    fn default() -> Shapes {
        Shapes { bits: Box::new([0; 256]), empty: false }
    }
}

impl Shapes {
    fn add(&mut self, byte: Option<u8>, len: usize) {
        match byte {
            None => self.empty = true,
            Some(b) if len < 64 => self.bits[usize::from(b)] |= 1 << len,
            Some(_) => {}
        }
    }

    /// Could a key with this byte (`None`: empty) and length be in the set?
    #[inline]
    fn may_hold(&self, byte: Option<u8>, len: usize) -> bool {
        match byte {
            None => self.empty,
            Some(b) => len >= 64 || self.bits[usize::from(b)] & 1 << len != 0,
        }
    }
}

/// Compiles surface forms into a leftmost-longest matcher (anchored
/// searches allowed, for the continuation check).
fn build_matcher(texts: &[String]) -> crate::error::Result<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(aho_corasick::StartKind::Both)
        .build(texts)
        .map_err(|e| crate::error::Error::Other(format!("building the gazetteer matcher: {e}")))
}

/// Does the text hold ALL-CAPS writing, as headlines do: an upper-case word
/// of five letters or more, or two upper-case words in a row?
fn has_headline_caps(text: &str) -> bool {
    let mut letters = 0usize; // letters in the current word
    let mut upper = 0usize; // upper-case ones among them
    let mut prev_caps_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        // ASCII without decoding; the end of the text reads as a space.
        let c = match bytes.get(i) {
            // ASCII letters, most of the text, straight away: a run of
            // lower-case ones at once.
            Some(&b) if b.is_ascii_lowercase() => {
                let run = bytes[i..].iter().take_while(|b| b.is_ascii_lowercase()).count();
                letters += run;
                i += run;
                continue;
            }
            Some(&b) if b.is_ascii_uppercase() => {
                letters += 1;
                upper += 1;
                i += 1;
                continue;
            }
            None => ' ',
            Some(&b) if b < 0x80 => char::from(b),
            Some(_) => text[i..].chars().next().unwrap_or(' '),
        };
        i += c.len_utf8().max(1);
        if c.is_alphabetic() {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        } else if matches!(c, '\'' | '.' | '-' | '\u{2019}') && letters > 0 {
            // Inside a word: "O'NEILL", "U.S.", "GUINEA-BISSAU".
        } else {
            if letters > 0 {
                let caps_word = letters >= 2 && upper == letters;
                if caps_word && (letters >= 5 || prev_caps_word) {
                    return true;
                }
                prev_caps_word = caps_word;
            } else if !c.is_whitespace() {
                prev_caps_word = false;
            }
            letters = 0;
            upper = 0;
        }
    }
    false
}

/// The word mask (`is_ascii_alphanumeric`, bit `j` for byte `j`) of a
/// 64-byte block that is all ASCII, and that mask with the bytes equal to
/// one of `extra` (ASCII) added, eight bytes at a time; `None` when the
/// block is shorter or holds a non-ASCII byte.
#[inline]
fn ascii_masks(block: &[u8], extra: &[u8]) -> Option<(u64, u64)> {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x80 * L;
    const LOW: u64 = 0x7F * L;
    if block.len() != 64 {
        return None;
    }
    let mut word = 0u64;
    let mut first = 0u64;
    // Gathers the high bits of the eight bytes into one byte.
    let gather = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    for (c, chunk) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
        if x & H != 0 {
            return None;
        }
        let w = crate::shape::ascii_alnum_lanes(x);
        let mut f = w;
        for &e in extra {
            // A byte of `y` is zero where `x` holds `e`.
            let y = x ^ (u64::from(e) * L);
            f |= !(y + LOW) & H;
        }
        word |= gather(w) << (8 * c);
        first |= gather(f) << (8 * c);
    }
    Some((word, first))
}

/// Token indexes just before and just after `span`.
fn neighbours(doc: &Document, span: Span) -> (Option<usize>, Option<usize>) {
    let first = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let after = doc.tokens.partition_point(|t| t.span.start < span.end);
    (first.checked_sub(1), (after < doc.tokens.len()).then_some(after))
}

/// A stable slug of a name: `Hugh Hill` → `hugh_hill`, `José Núñez` →
/// `jose_nunez`. Letters outside Latin are kept, lower-cased.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    slug_into(&mut out, name);
    out
}

/// [`slug`] appended to `out` (which may hold a prefix: `_`s are trimmed
/// from the slug only).
fn slug_into(out: &mut String, name: &str) {
    let base = out.len();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            // `fold` leaves ASCII alone; its lower case is ASCII's.
            out.push(c.to_ascii_lowercase());
        } else if let Some(f) = fold(c) {
            out.push_str(f);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if out.len() > base && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.len() > base && out.ends_with('_') {
        out.pop();
    }
}

/// Latin letters with diacritics, folded to ASCII.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "a",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' | 'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' | 'Ő' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' => "y",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ź' | 'ž' | 'ż' | 'Ź' | 'Ž' | 'Ż' => "z",
        'ł' | 'Ł' => "l",
        'ř' | 'Ř' => "r",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'ğ' | 'Ğ' => "g",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        c if c.is_ascii_alphanumeric() => return None,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn headline_caps_detection() {
        assert!(has_headline_caps("SOCCER - LEICESTERSHIRE TAKE OVER AT TOP"));
        assert!(has_headline_caps("NORTH KOREA fires missile"));
        assert!(has_headline_caps("talks in LONDON"));
        assert!(!has_headline_caps("U.S. and NATO officials met the UN envoy."));
        assert!(!has_headline_caps("Kim met Putin in Vostochny."));
    }

    use super::*;
    use crate::tokenize::tokenize;
    use std::path::PathBuf;

    const COUNTRIES: &str = "id\tcanonical\taliases\tabbrevs\tdemonyms\tcapitals\tformer
C:NE\tNiger\t\t\tNigerien|Nigeriens\tNiamey\t
C:NG\tNigeria\t\t\tNigerian|Nigerians\tAbuja\t
C:IN\tIndia\t\t\tIndian|Indians\tNew Delhi\t
C:TR\tTurkey\tTürkiye\t\tTurkish|Turks\tAnkara\t
C:US\tUnited States\tUnited States of America\tUS|U.S.\tAmerican|Americans\tWashington\t
C:KP\tNorth Korea\t\tDPRK\tNorth Korean|North Koreans\tPyongyang\t
C:KR\tSouth Korea\tKorea\tROK\tSouth Korean|South Koreans\tSeoul\t
C:JO\tJordan\t\t\tJordanian|Jordanians\tAmman\t
C:GE\tGeorgia\t\t\tGeorgian|Georgians\tTbilisi\t
C:GB\tBritain\tUnited Kingdom\tUK|U.K.\tBritish|Briton|Britons\tLondon\t
C:HR\tCroatia\t\t\tCroatian|Croatians\tZagreb\t
C:FR\tFrance\t\t\tFrench\tParis\t
";
    const AGENCIES: &str = "id\tcanonical\taliases\tabbrevs\tsubtype\tcountry\tparent
A:WHO\tWorld Health Organization\t\tWHO\tun_agency\t\t
A:REUTERS\tReuters\t\t\tnews_agency\t\t
";
    const PEOPLE: &str = "id\tcanonical\taliases\tsurname\tcountry\ttitles\tvalid_from\tvalid_to
P:KR:yoon_suk_yeol\tYoon Suk Yeol\t\tYoon\tKR\tPresident\t2022-05-10\t
P:KR:moon_jae_in\tMoon Jae-in\t\tMoon\tKR\tPresident\t2017-05-10\t2022-05-09
P:US:john_smith\tJohn Smith\t\tSmith\tUS\tSenator\t2001\t
P:US:jane_smith\tJane Smith\t\tSmith\tUS\tSenator\t2005\t
";
    const TITLES: &str =
        "title\tabbrevs\tkind\nPresident\t\toffice\nSenator\tSen.\toffice\nMr.\tMr\thonorific\n";
    const AMBIGUOUS: &str = "surface\tpolicy\tnotes
Jordan\tnot_person\tgiven name and surname
Georgia\tneeds_context\tUS state
Korea\tskip\tnorth or south
";
    const GIVEN: &str = "name\tsex\tpercent\nMichael\tM\t1.0\nNeil\tM\t0.1\nJohn\tM\t1.0\n";

    fn tagger() -> Tagger {
        let files: Vec<(PathBuf, String)> = [
            ("countries.tsv", COUNTRIES),
            ("agencies.tsv", AGENCIES),
            ("people.tsv", PEOPLE),
            ("titles.tsv", TITLES),
            ("ambiguous.tsv", AMBIGUOUS),
            ("names/given.tsv", GIVEN),
        ]
        .iter()
        .map(|(p, t)| (PathBuf::from("g").join(p), t.to_string()))
        .collect();
        Tagger::new(Gazetteer::from_files(&files).unwrap()).unwrap()
    }

    /// (text, entity id, how) for every mention.
    fn tag_at(text: &str, date: Option<&str>) -> Vec<(String, String, &'static str)> {
        let t = tagger();
        let doc = tokenize(text);
        let tagged = t.tag(&doc, date.and_then(Date::parse));
        let mut last_end = 0;
        tagged
            .mentions
            .iter()
            .map(|m| {
                assert!(m.span.start >= last_end, "mentions overlap");
                last_end = m.span.end;
                let id = match m.entity {
                    EntityRef::Known(e) => t.gazetteer().entities[e as usize].id.clone(),
                    EntityRef::Found(i) => tagged.found[i as usize].id.clone(),
                };
                (text[m.span].to_string(), id, m.how.as_str())
            })
            .collect()
    }

    fn tag(text: &str) -> Vec<(String, String, &'static str)> {
        tag_at(text, None)
    }

    fn texts<'a>(v: &'a [(String, String, &'static str)]) -> Vec<&'a str> {
        v.iter().map(|m| m.0.as_str()).collect()
    }

    fn has(v: &[(String, String, &str)], text: &str, id: &str, how: &str) -> bool {
        v.iter().any(|m| m.0 == text && m.1 == id && m.2 == how)
    }

    #[test]
    fn word_boundaries() {
        let v = tag("Troops from Nigeria and Niger met in Indiana, not in India today.");
        assert_eq!(texts(&v), ["Nigeria", "Niger", "India"]);
        assert!(has(&v, "Nigeria", "C:NG", "exact"));
        assert!(has(&v, "Niger", "C:NE", "exact"));
        assert!(tag("The Nigerien and Nigerians argued.").iter().all(|m| m.2 == "demonym"));
    }

    #[test]
    fn case_rules() {
        let v = tag("We ate turkey while Turkey and the WHO, who met us, talked about us.");
        assert_eq!(texts(&v), ["Turkey", "WHO"]);
        assert!(tag("The us and the u.s. of it.").is_empty());
        let v = tag("Officials in the U.S. and the US agreed.");
        assert_eq!(texts(&v), ["U.S.", "US"]);
        assert!(v.iter().all(|m| m.1 == "C:US" && m.2 == "alias"));
    }

    #[test]
    fn possessives() {
        let v = tag("Britain's army, France’s navy and the Americans' plan were discussed.");
        assert_eq!(texts(&v), ["Britain", "France", "Americans"]);
        let v = tag("Yoon Suk Yeol's aides met. Later Yoon’s office said nothing.");
        assert_eq!(texts(&v), ["Yoon Suk Yeol", "Yoon"]);
        assert!(has(&v, "Yoon", "P:KR:yoon_suk_yeol", "partial"));
    }

    #[test]
    fn all_caps_headline() {
        let v = tag("CRICKET - BRITAIN TAKE OVER AT TOP AFTER NIGERIA WIN .\nThe match ended.");
        assert!(has(&v, "BRITAIN", "C:GB", "exact"));
        assert!(has(&v, "NIGERIA", "C:NG", "exact"));
    }

    #[test]
    fn demonyms() {
        let v = tag("North Korean troops and South Koreans watched as a Briton left.");
        assert!(has(&v, "North Korean", "C:KP", "demonym"));
        assert!(has(&v, "South Koreans", "C:KR", "demonym"));
        assert!(has(&v, "Briton", "C:GB", "demonym"));
        // A demonym inside an organisation's name or a compound is not the country.
        let v = tag("He joined the British Airways board at a Turkish-operated hotel.");
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn metonym_place_dateline() {
        let v = tag("Pyongyang said on Monday that talks would resume.");
        assert!(has(&v, "Pyongyang", "C:KP", "metonym"));
        let v = tag("The envoy arrived in Pyongyang on Monday.");
        assert!(v.is_empty(), "{v:?}");
        let v = tag("LONDON 1996-08-30\nThe pound rose.");
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn title_resolved_by_date() {
        let v = tag_at("President Moon spoke.", Some("2019-03-01"));
        assert!(has(&v, "Moon", "P:KR:moon_jae_in", "title"));
        let v = tag_at("President Moon spoke.", Some("2023-03-01"));
        assert!(v.is_empty(), "{v:?}");
        let v = tag_at("President Yoon spoke.", Some("2023-03-01"));
        assert!(has(&v, "Yoon", "P:KR:yoon_suk_yeol", "title"));
        // Two senators named Smith in office: unresolved.
        let v = tag_at("Sen. Smith spoke.", Some("2010-01-01"));
        assert!(v.is_empty(), "{v:?}");
        // Only one in office in 2003.
        let v = tag_at("Sen. Smith spoke.", Some("2003-01-01"));
        assert!(has(&v, "Smith", "P:US:john_smith", "title"));
    }

    #[test]
    fn partial_needs_an_earlier_full_name() {
        let v = tag("Smith arrived. John Smith sat down. Smith said yes.");
        assert_eq!(texts(&v), ["John Smith", "Smith"]);
        assert!(has(&v, "Smith", "P:US:john_smith", "partial"));
        let v = tag("John Smith met Jane Smith. Then Smith said yes.");
        assert_eq!(texts(&v), ["John Smith", "Jane Smith"]);
    }

    #[test]
    fn person_from_context() {
        let text =
            "Goran Ivanisevic ( Croatia ) beat a rival.\nLater Ivanisevic said he was tired.";
        let v = tag(text);
        assert!(has(&v, "Goran Ivanisevic", "P~goran_ivanisevic", "pattern"));
        assert!(has(&v, "Croatia", "C:HR", "exact"));
        assert!(has(&v, "Ivanisevic", "P~goran_ivanisevic", "partial"));
        // The id is a function of the name only.
        assert_eq!(tag(text), v);
        let v = tag("The plan was good, said Tomas Brozek, a spokesman.");
        assert!(has(&v, "Tomas Brozek", "P~tomas_brozek", "pattern"));
        let v = tag("Pakistan 200 ( A. Sohail 60 ) .\nSalim Malik c Stewart b Hollioake 23");
        let t = texts(&v);
        assert!(t.contains(&"A. Sohail") && t.contains(&"Stewart") && t.contains(&"Hollioake"));
        // A list goes on from a person found before.
        let v = tag("Team : Goran Ivanisevic ( Croatia ) , Ivo Karlovic , Mario Ancic .");
        let t = texts(&v);
        assert!(t.contains(&"Ivo Karlovic") && t.contains(&"Mario Ancic"), "{t:?}");
        // Capitalised words at a sentence start are not a person by themselves.
        assert!(tag("Heavy Rains fell on the city.").is_empty());
    }

    #[test]
    fn not_person_policy() {
        let v = tag("Michael Jordan scored 40 points.");
        assert!(!v.iter().any(|m| m.1 == "C:JO"), "{v:?}");
        let v = tag("Jordan and Syria signed a deal.");
        assert!(has(&v, "Jordan", "C:JO", "exact"));
        let v = tag("The film by Neil Jordan opened.\nJordan said it was personal.");
        assert!(has(&v, "Neil Jordan", "P~neil_jordan", "pattern"));
        assert!(has(&v, "Jordan", "P~neil_jordan", "partial"));
    }

    #[test]
    fn needs_context_policy() {
        assert!(tag("He lives in Atlanta, Georgia.").is_empty());
        let v = tag("Georgian troops left. Georgia said the war was over.");
        assert!(has(&v, "Georgia", "C:GE", "exact"));
    }

    #[test]
    fn skip_policy() {
        let v = tag("Korea is divided; South Korea and North Korea disagree.");
        assert_eq!(texts(&v), ["South Korea", "North Korea"]);
    }

    #[test]
    fn country_inside_a_longer_name() {
        let v = tag("Workers at Air France struck while Human Rights Watch met.");
        assert!(v.is_empty(), "{v:?}");
        let v = tag("She won the U.S. Open, then flew to France.");
        assert_eq!(texts(&v), ["France"]);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("José Núñez"), "jose_nunez");
        assert_eq!(slug("Hugh  Hill"), "hugh_hill");
    }

    /// The dictionary scan as first written: an unanchored leftmost-longest
    /// search over every byte of both automata, retried one character on
    /// when a match is not on word boundaries.
    fn reference_matches(t: &Tagger, text: &str) -> Vec<(Span, usize)> {
        let caps = if has_headline_caps(text) { t.caps_matcher() } else { None };
        let len = text.len();
        let find = |ac: &AhoCorasick, pos: usize| {
            ac.find(Input::new(text).span(pos..len))
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < len {
            let plain = find(&t.ac, pos);
            let upper = caps.and_then(|c| find(c, pos)).map(|(s, e, p)| (s, e, p + t.plain));
            let (s, e, pi) = match (plain, upper) {
                (Some(a), Some(b))
                    if (b.0, std::cmp::Reverse(b.1)) < (a.0, std::cmp::Reverse(a.1)) =>
                {
                    b
                }
                (Some(a), _) => a,
                (None, Some(b)) => b,
                (None, None) => break,
            };
            if boundary_before(text, s) && boundary_after(text, e) {
                out.push((Span::new(s, e), pi));
                pos = e;
            } else {
                pos = s + text[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    #[test]
    fn ascii_masks_equal_the_byte_tests() {
        let masks = |w: &[u8], extra: &[u8]| {
            w.iter().enumerate().fold((0u64, 0u64), |(m, f), (j, b)| {
                let a = u64::from(b.is_ascii_alphanumeric()) << j;
                (m | a, f | a | u64::from(extra.contains(b)) << j)
            })
        };
        let mut seed = 11u64;
        for round in 0..3000 {
            let mut block = [0u8; 64];
            for b in &mut block {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                *b = (seed >> 33) as u8 & 0x7F;
            }
            let extra: &[u8] = [&b"'"[..], b"", b"'(-", b"\0\x7f ~"][round % 4];
            assert_eq!(ascii_masks(&block, extra), Some(masks(&block, extra)));
        }
        let all: Vec<u8> = (0..0x80u8).collect();
        for w in all.chunks(64) {
            assert_eq!(ascii_masks(w, b"'"), Some(masks(w, b"'")));
        }
        let mut block = [b'a'; 64];
        block[40] = 0xC3;
        assert_eq!(ascii_masks(&block, b""), None);
        assert_eq!(ascii_masks(&block[..63], b""), None);
    }

    /// `has_headline_caps` as it was, a character at a time.
    fn headline_caps_by_char(text: &str) -> bool {
        let (mut letters, mut upper, mut prev_caps_word) = (0usize, 0usize, false);
        for c in text.chars().chain([' ']) {
            if c.is_alphabetic() {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            } else if matches!(c, '\'' | '.' | '-' | '\u{2019}') && letters > 0 {
            } else {
                if letters > 0 {
                    let caps_word = letters >= 2 && upper == letters;
                    if caps_word && (letters >= 5 || prev_caps_word) {
                        return true;
                    }
                    prev_caps_word = caps_word;
                } else if !c.is_whitespace() {
                    prev_caps_word = false;
                }
                letters = 0;
                upper = 0;
            }
        }
        false
    }

    #[test]
    fn headline_caps_runs_equal_the_char_scan() {
        let texts = [
            "",
            "ABCDE",
            "ABCD",
            "ABCD EF",
            "AB, CD",
            "AB cd EF",
            "O'NEILL said",
            "U.S. AID",
            "ÉCOLE",
            "ÉCOLe",
            "AB\u{a0}CD",
            "aBCDE",
            "ABCDe",
            "AB-CD",
            "A B C",
            "AB1CD",
            "XY\nZW",
            "Seoul SEOUL",
            "Ünited KINGDOM",
            "ǅA ǅB",
            "straße STRASSE",
            "AB\u{2019}CD EF",
        ];
        for t in texts {
            assert_eq!(has_headline_caps(t), headline_caps_by_char(t), "{t:?}");
        }
    }

    #[test]
    fn word_start_scan_equals_the_full_scan() {
        let t = Tagger::new(Gazetteer::builtin().unwrap()).unwrap();
        let pieces = [
            "North Korea",
            "Pyongyang",
            "NORTH KOREA",
            "KOREA",
            "é",
            "’",
            "—",
            " ",
            "  ",
            ".",
            "U.S.",
            "al-",
            "Seoul’s",
            "x",
            "Yoon Suk Yeol",
            "WHO",
            "Türkiye",
            "日本",
            "\n",
            "-",
            "United Nations",
            "UNITED NATIONS",
            "Kim",
            "a",
            "9",
            "Britain",
            "(",
            "\u{301}",
        ];
        // A deterministic walk over the pieces: names at every offset
        // around the 64-byte blocks, next to multi-byte characters.
        let mut seed = 7u64;
        for round in 0..400 {
            let mut text = String::new();
            while text.len() < 40 + round % 150 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let doc = tokenize(&text);
            let mut got = t.dictionary_matches(&text, &doc);
            let mut want = reference_matches(&t, &text);
            if let Some((span, _)) = &doc.layout.date {
                got.retain(|m| m.0.start >= span.end);
                want.retain(|m| m.0.start >= span.end);
            }
            assert_eq!(got, want, "{text:?}");
        }
    }
}
