//! Stage 3, tag: entity mentions (PERSON, COUNTRY, AGENCY).
//!
//! Input: an article's [`Document`] (its text, tokens and sentences) and
//! date. Output: [`Tagged`], the article's [`Mention`]s in text order (they
//! never overlap) plus the people found from context who are not in the
//! gazetteer.
//!
//! Every surface form of the gazetteer goes into one `aho-corasick`
//! automaton (leftmost-longest, case-sensitive; names also get an ALL-CAPS
//! variant for headlines, abbreviations never do). A match counts only on
//! Unicode word boundaries. Then, in one walk over the tokens, in text order:
//! a title followed by a surname resolves through the article's date; a
//! surname alone links to the one full name seen earlier in the article (two
//! candidates: left unresolved, never guessed); a title or a known given name
//! followed by capitalised words makes a person found from context.
//!
//! [`Tagger::tag`] runs three steps, each in a module of its own:
//!
//! 1. `matcher`: the dictionary scan, with the prefilters and word-start
//!    masks that keep it fast;
//! 2. `policies`: which matches stand for their entity (`ambiguous.tsv`
//!    policies, capitals as places, matches inside longer names);
//! 3. `people`: titles (looked up and resolved in `titles`), partial names
//!    and people found from context; their ids come from `slug`.
//!
//! The word lists of the rules (speech verbs, role nouns, function words…)
//! are data: files of `gazetteers/lexicon/`, read through
//! [`Gazetteer::lexicon`] when the tagger is built.
//!
//! # Example
//!
//! ```
//! use claimex::{gazetteer::Gazetteer, tag::How, Pipeline};
//!
//! let pipeline = Pipeline::new(Gazetteer::builtin().unwrap()).unwrap();
//! let text = "Pyongyang said Kim Jong Un met President Putin in Vladivostok. \
//!             Kim left on Monday, said spokesman Lee Sung-jun.";
//! let a = pipeline.analyze(text, Some("2023-11-11"));
//! let got: Vec<(&str, How)> =
//!     a.tagged.mentions.iter().map(|m| (&text[m.span.range()], m.how)).collect();
//! assert_eq!(
//!     got,
//!     [
//!         ("Pyongyang", How::Metonym),   // a capital acting for its country
//!         ("Kim Jong Un", How::Exact),   // a gazetteer person
//!         ("Putin", How::Title),         // the President in office that day
//!         ("Kim", How::Partial),         // the one Kim named before
//!         ("Lee Sung-jun", How::Pattern) // found from context: not in the gazetteer
//!     ]
//! );
//! assert_eq!(a.tagged.found[0].id, "P~lee_sung_jun");
//! ```

mod identity;
mod matcher;
mod people;
mod policies;
mod slug;
mod titles;

#[cfg(test)]
mod fixture;

use crate::fxhash::{FastMap, WordSet};
use crate::gazetteer::{CueKind, Date, EntityType, Gazetteer};
use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::tokenize::Document;

use matcher::Matcher;
pub use slug::slug;
use titles::Titles;

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
    /// Gazetteer surfaces the rules turned down here, in text order: a
    /// capital used as a place, a country inside a longer name, a surface
    /// the article gave no context for. Not mentions, and no candidate
    /// names either (the gazetteer has them).
    pub rejected: Vec<Span>,
}

/// The compiled matcher. Build once, share by reference across threads.
#[derive(Debug)]
pub struct Tagger {
    gaz: Gazetteer,
    /// The automata of the surface forms and what each pattern stands for.
    matcher: Matcher,
    /// The title table.
    titles: Titles,
    /// Surname to gazetteer people.
    surnames: FastMap<String, Vec<u32>>,
    /// The word lists of the rules.
    words: Lists,
    /// Every form of the speech and belief verbs of the cue lexicon
    /// (`gazetteers/cues/verbs.tsv`), lower case.
    cue_verbs: WordSet,
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
    /// `inverted_speech_before_name`.
    inverted_speech_before: WordSet,
    /// `articles`: "the", "a", "an".
    articles: WordSet,
    /// `title_joiners`: small words inside works' titles ("of", "&").
    title_joiners: WordSet,
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
    /// `language_before`: a demonym after one of these names a language.
    language_before: WordSet,
    /// `language_after`: a demonym before one of these names a language.
    language_after: WordSet,
    /// `language_in`: a demonym after one of these that ends its phrase
    /// names a language.
    language_in: WordSet,
    /// `aux_words`: auxiliaries and adverbs between a subject and its verb.
    aux: WordSet,
    /// `state_verbs`: what a state does, besides saying (agreed, imposed…).
    state_verbs: WordSet,
    /// `policy_nouns`: what a state owns ("Moscow's decision").
    policy_nouns: WordSet,
    /// `legislator_titles`: titles that confirm a legislator.
    legislator_titles: WordSet,
    /// `contractions`: "I'd", "I'm" never continue a name ("Kevin I'd like").
    contractions: WordSet,
    /// `finite_verbs`: verb forms that start a clause, not an apposition.
    finite_verbs: WordSet,
    /// `place_name_starts`: words that start places' names ("San").
    place_name_starts: WordSet,
    /// `given_name_titles`: titles written before a given name alone
    /// ("Sir John").
    given_name_titles: WordSet,
    /// `peerage_titles`: peers are known by the title and a name ("Lord
    /// Falconer").
    peerage_titles: WordSet,
    /// `org_possessions`: "X's board" says X is an organisation.
    org_possessions: WordSet,
    /// `org_appositives`: "X, the drug company" says X is an organisation.
    org_appositives: WordSet,
    /// `prepositions`, compared in lower case.
    prepositions: WordSet,
    /// `month_surnames`: "Brian May".
    month_surnames: WordSet,
    /// `leading_offices`: offices whose holders an honorific names
    /// without further context ("Mr Putin").
    leading_offices: WordSet,
    /// `legislator_words`: words that confirm a legislator in a sentence.
    legislator_words: WordSet,
    /// `honorific_forms`: honorifics as written ("Mr", "Dr.").
    honorific_forms: WordSet,
    /// `modals`: modal and perfect auxiliaries ("would", "has").
    modals: WordSet,
    /// `reaction_nouns`: what a state gives ("condemnation from Seoul").
    reaction_nouns: WordSet,
    /// `place_prefixes`: a country after one is part of a place's name.
    place_prefixes: WordSet,
    /// `org_words`: words of organisation and place names.
    org_words: WordSet,
    /// `sentence_starters`: capitalised words that start sentences, not
    /// names ("Later", "Officials").
    sentence_starters: WordSet,
    /// `generic_heads`: institutions named by a generic word after a
    /// demonym ("the British Government").
    generic_heads: WordSet,
    /// `state_people`: a state's people after a capital ("Beijing
    /// ministers").
    state_people: WordSet,
    /// `person_relatives`: relative pronouns of persons ("X, who").
    person_relatives: WordSet,
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
            inverted_speech_before: lex.set("inverted_speech_before_name"),
            articles: lex.set("articles"),
            title_joiners: lex.set("title_joiners"),
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
            language_before: lex.set("language_before"),
            language_after: lex.set("language_after"),
            language_in: lex.set("language_in"),
            aux: lex.set("aux_words"),
            contractions: lex.set("contractions"),
            state_verbs: lex.set("state_verbs"),
            policy_nouns: lex.set("policy_nouns"),
            legislator_titles: lex.set("legislator_titles"),
            leading_offices: lex.set("leading_offices"),
            given_name_titles: lex.set("given_name_titles"),
            peerage_titles: lex.set("peerage_titles"),
            org_possessions: lex.set("org_possessions"),
            org_appositives: lex.set("org_appositives"),
            prepositions: lex.set("prepositions"),
            month_surnames: lex.set("month_surnames"),
            place_name_starts: lex.set("place_name_starts"),
            finite_verbs: lex.set("finite_verbs"),
            legislator_words: lex.set("legislator_words"),
            honorific_forms: lex.set("honorific_forms"),
            modals: lex.set("modals"),
            reaction_nouns: lex.set("reaction_nouns"),
            place_prefixes: lex.set("place_prefixes"),
            org_words: lex.set("org_words"),
            sentence_starters: lex.set("sentence_starters"),
            generic_heads: lex.set("generic_heads"),
            state_people: lex.set("state_people"),
            person_relatives: lex.set("person_relatives"),
        }
    }
}

impl Tagger {
    /// Compiles the matcher for a gazetteer.
    pub fn new(gaz: Gazetteer) -> crate::error::Result<Tagger> {
        let matcher = Matcher::new(&gaz)?;
        Ok(Tagger::with_matcher(gaz, matcher))
    }

    /// [`Tagger::new`], with `also` run meanwhile on another thread over
    /// the same gazetteer (the pipeline compiles its claim cues there):
    /// start-up is mostly the compiling of independent automata.
    pub(crate) fn new_with<T: Send>(
        gaz: Gazetteer,
        also: impl FnOnce(&Gazetteer) -> T + Send,
    ) -> (crate::error::Result<Tagger>, T) {
        let (matcher, other) = std::thread::scope(|s| {
            let other = s.spawn(|| also(&gaz));
            let matcher = Matcher::new(&gaz);
            (matcher, other.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        });
        (matcher.map(|m| Tagger::with_matcher(gaz, m)), other)
    }

    /// The tagger of a gazetteer and its compiled matcher: the word lists,
    /// titles and surnames.
    fn with_matcher(gaz: Gazetteer, matcher: Matcher) -> Tagger {
        let titles = Titles::new(&gaz.titles);
        let words = Lists::new(&gaz.lexicon);
        let mut surnames: FastMap<String, Vec<u32>> = FastMap::default();
        for (i, e) in gaz.entities.iter().enumerate() {
            if e.kind == EntityType::Person {
                for s in &e.surnames {
                    surnames.entry(s.clone()).or_default().push(i as u32);
                }
            }
        }
        let forms: Vec<&str> = gaz
            .cues
            .iter()
            .filter(|c| matches!(c.kind, CueKind::Speech | CueKind::Belief))
            .map(|c| c.form.as_str())
            .collect();
        let cue_verbs = WordSet::new(&forms);
        Tagger { gaz, matcher, titles, surnames, words, cue_verbs }
    }

    /// The gazetteer the tagger was built from.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Number of patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.matcher.patterns.len()
    }

    /// Tags one article. `date` is the article's date, for title resolution.
    pub fn tag(&self, doc: &Document, date: Option<Date>) -> Tagged {
        let text = doc.text;
        let mut out = Tagged::default();
        let raw = self.matcher.dictionary_matches(text, doc);
        let mut raw_spans: Vec<Span> = raw.iter().map(|&(span, _)| span).collect();
        let mut blocked: Vec<Span> = Vec::new();
        let mut mentions = self.apply_policies(text, doc, raw, &mut blocked);
        self.confirm_people(text, doc, &mut mentions, &mut out.found);
        let countries = self.article_countries(&mentions);
        self.link_people(text, doc, date, &countries, &mut mentions, &blocked, &mut out.found);
        mentions.sort_by_key(|m| m.span.start);
        // `doc.sentence_at` for starts in text order: a forward cursor.
        let mut s = 0;
        for m in &mut mentions {
            while doc.sentences.get(s + 1).is_some_and(|n| n.span.start <= m.span.start) {
                s += 1;
            }
            m.sentence = s;
        }
        raw_spans.sort_by_key(|s| (s.start, s.end));
        raw_spans.dedup();
        out.rejected = not_covered(raw_spans, &mentions);
        out.mentions = mentions;
        out
    }
}

/// The spans (in text order) that no mention (in text order, never
/// overlapping) overlaps.
fn not_covered(spans: Vec<Span>, mentions: &[Mention]) -> Vec<Span> {
    let mut mi = 0;
    spans
        .into_iter()
        .filter(|s| {
            while mi < mentions.len() && mentions[mi].span.end <= s.start {
                mi += 1;
            }
            !mentions[mi..].iter().take_while(|m| m.span.start < s.end).any(|m| m.span.overlaps(*s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fixture::{check, mentions, Case};

    #[test]
    fn dictionary_mentions() {
        let cases: &[Case] = &[
            // Word boundaries.
            (
                "Troops from Nigeria and Niger met in Indiana, not in India today.",
                None,
                &["Nigeria C:NG exact", "Niger C:NE exact", "India C:IN exact"],
            ),
            (
                "The Nigerien and Nigerians argued.",
                None,
                &["Nigerien C:NE demonym", "Nigerians C:NG demonym"],
            ),
            // Case matters.
            (
                "We ate turkey while Turkey and the WHO, who met us, talked about us.",
                None,
                &["Turkey C:TR exact", "WHO A:WHO alias"],
            ),
            ("The us and the u.s. of it.", None, &[]),
            (
                "Officials in the U.S. and the US agreed.",
                None,
                &["U.S. C:US alias", "US C:US alias"],
            ),
            // Possessives.
            (
                "Britain's army, France’s navy and the Americans' plan were discussed.",
                None,
                &["Britain C:GB exact", "France C:FR exact", "Americans C:US demonym"],
            ),
            (
                "Yoon Suk Yeol's aides met. Later Yoon’s office said nothing.",
                None,
                &["Yoon Suk Yeol P:KR:yoon_suk_yeol exact", "Yoon P:KR:yoon_suk_yeol partial"],
            ),
            // Demonyms.
            (
                "North Korean troops and South Koreans watched as a Briton left.",
                None,
                &["North Korean C:KP demonym", "South Koreans C:KR demonym", "Briton C:GB demonym"],
            ),
        ];
        check(cases);
    }

    #[test]
    fn found_ids_are_functions_of_the_name() {
        let text = "Goran Ivanisevic ( Croatia ) beat a rival.\nLater Ivanisevic said so.";
        assert_eq!(mentions(text, None), mentions(text, None));
        assert!(
            mentions(text, None).contains(&"Goran Ivanisevic P~goran_ivanisevic pattern".into())
        );
    }
}
