//! The word lists the claims rules compare words with, read from the
//! lexicon ([`crate::lexicon`], `gazetteers/lexicon/<name>.tsv`) once by
//! [`Extractor::new`](super::Extractor::new) and kept as sets.
//!
//! Each field names its list. Lists of kind `token_lower` are compared with
//! a token in lower case (`Context::lw`, `Context::lo`, or
//! `contains_ascii_lowercase`), lists of kind `token` with a word as
//! written, and lists of kind `phrase` with a cue's lemma, which may have
//! several words ("point out", "called for").

use crate::fxhash::WordSet;
use crate::lexicon::Lexicon;

/// The word lists of the claims rules, as sets.
#[derive(Debug)]
pub(super) struct Words {
    /// `zero_that_verbs`: cue lemmas whose object can be a bare clause.
    pub(super) zero_that: WordSet,
    /// `np_object_cues`: cue lemmas whose noun-phrase object is the claim.
    pub(super) np_object: WordSet,
    /// `addressee_cues`: cue lemmas followed by an addressee ("told
    /// reporters that").
    pub(super) addressee: WordSet,
    /// `phrase_complements`: last words of a cue phrase lemma that
    /// introduce the claim ("voiced concerns that").
    pub(super) phrase_complements: WordSet,
    /// `warn_prepositions`: "warned of", "warned about".
    pub(super) warn_prepositions: WordSet,
    /// `not_object_start`: words that cannot start a noun-phrase object.
    pub(super) not_object_start: WordSet,
    /// `not_clause_start`: words that cannot start a bare reported clause.
    pub(super) not_clause_start: WordSet,
    /// `aux_words`: auxiliaries and adverbs between a subject and its verb.
    pub(super) aux: WordSet,
    /// `clause_leaders`: words that start a clause without being its subject.
    pub(super) leaders: WordSet,
    /// `org_heads`: heads that stand for the country or agency named before.
    pub(super) org_heads: WordSet,
    /// `person_roles`: role nouns that describe a person named earlier.
    pub(super) person_roles: WordSet,
    /// `proxy_roles`: "the spokesman" is never the person named before.
    pub(super) proxy_roles: WordSet,
    /// `role_nouns`: nouns of a person's role ("the central defender").
    pub(super) role_nouns: WordSet,
    /// `pronouns`: subject pronouns.
    pub(super) pronouns: WordSet,
    /// `finite_verbs`: forms that make a word look like a finite verb.
    pub(super) finite: WordSet,
    /// `speech_verbs`: reporting verbs around direct quotes.
    pub(super) speech: WordSet,
    /// `time_words`: day names and time words after a cue.
    pub(super) time: WordSet,
    /// `adverbial_starts`: first words of a short adverbial before "that".
    pub(super) adverbial_starts: WordSet,
    /// `time_words` and `clause_final_adverbials`: what may follow a
    /// clause-final cue.
    pub(super) clause_final_adverbials: WordSet,
    /// `pronouns` and `subject_starts`: lower-case first words of a subject.
    pub(super) subject_starts: WordSet,
    /// `copulas`: linking verbs that start the predicate after a nominal
    /// claim.
    pub(super) copulas: WordSet,
    /// `country_descriptions`: "the regime", "the nation".
    pub(super) country_descriptions: WordSet,
    /// `agency_descriptions`: "the alliance", "the ministry".
    pub(super) agency_descriptions: WordSet,
    /// `agency_name_heads`: an agency's subtype or name word that describes
    /// it ("the party", "the Bank").
    pub(super) agency_name_heads: WordSet,
    /// `media_descriptions`: "the newspaper", "the broadcaster".
    pub(super) media_descriptions: WordSet,
    /// `quoted_as_verbs`: "quoted X as saying".
    pub(super) quoted_as: WordSet,
    /// `person_pronouns`: pronouns for the nearest person named before.
    pub(super) person_pronouns: WordSet,
    /// `group_pronouns`: pronouns for the nearest country or agency.
    pub(super) group_pronouns: WordSet,
    /// `unknown_subjects`: one-word subjects that name nobody here.
    pub(super) unknown_subjects: WordSet,
    /// `relative_pronouns`: words that end a subject read backwards.
    pub(super) relative_pronouns: WordSet,
    /// `articles`: articles that start an appositive.
    pub(super) articles: WordSet,
    /// `subject_conjunctions`: conjunctions before a clause-final subject.
    pub(super) subject_conjunctions: WordSet,
    /// `male_pronouns`: "he", "him", "his".
    pub(super) male_pronouns: WordSet,
    /// `female_pronouns`: "she", "her".
    pub(super) female_pronouns: WordSet,
    /// `male_honorifics`: "Mr", "Sir", "Lord" before a name.
    pub(super) male_honorifics: WordSet,
    /// `female_honorifics`: "Mrs", "Ms", "Dame" before a name.
    pub(super) female_honorifics: WordSet,
    /// `prepositions`: a name after one is no subject.
    pub(super) prepositions: WordSet,
    /// `speaker_tails`: adverbials after a speaker's name.
    pub(super) speaker_tails: WordSet,
    /// `determiners`: first words of a noun phrase.
    pub(super) determiners: WordSet,
}

impl Words {
    /// The sets of a lexicon's lists.
    pub(super) fn new(lex: &Lexicon) -> Words {
        Words {
            zero_that: lex.set("zero_that_verbs"),
            np_object: lex.set("np_object_cues"),
            addressee: lex.set("addressee_cues"),
            phrase_complements: lex.set("phrase_complements"),
            warn_prepositions: lex.set("warn_prepositions"),
            not_object_start: lex.set("not_object_start"),
            not_clause_start: lex.set("not_clause_start"),
            aux: lex.set("aux_words"),
            leaders: lex.set("clause_leaders"),
            org_heads: lex.set("org_heads"),
            person_roles: lex.set("person_roles"),
            proxy_roles: lex.set("proxy_roles"),
            role_nouns: lex.set("role_nouns"),
            pronouns: lex.set("pronouns"),
            finite: lex.set("finite_verbs"),
            speech: lex.set("speech_verbs"),
            time: lex.set("time_words"),
            adverbial_starts: lex.set("adverbial_starts"),
            clause_final_adverbials: lex.union(&["time_words", "clause_final_adverbials"]),
            subject_starts: lex.union(&["pronouns", "subject_starts"]),
            copulas: lex.set("copulas"),
            country_descriptions: lex.set("country_descriptions"),
            agency_descriptions: lex.set("agency_descriptions"),
            agency_name_heads: lex.set("agency_name_heads"),
            media_descriptions: lex.set("media_descriptions"),
            quoted_as: lex.set("quoted_as_verbs"),
            person_pronouns: lex.set("person_pronouns"),
            group_pronouns: lex.set("group_pronouns"),
            unknown_subjects: lex.set("unknown_subjects"),
            relative_pronouns: lex.set("relative_pronouns"),
            articles: lex.set("articles"),
            subject_conjunctions: lex.set("subject_conjunctions"),
            male_pronouns: lex.set("male_pronouns"),
            female_pronouns: lex.set("female_pronouns"),
            male_honorifics: lex.set("male_honorifics"),
            female_honorifics: lex.set("female_honorifics"),
            prepositions: lex.set("prepositions"),
            speaker_tails: lex.set("speaker_tails"),
            determiners: lex.set("determiners"),
        }
    }

    /// Past and present forms that make a lower-case word look like a
    /// finite verb: enough to tell a clause from a noun phrase without a
    /// parser. Besides the `finite_verbs` list: `-ed` (not `-eed`) and
    /// contractions.
    pub(super) fn is_finite_verb_like(&self, w: &str) -> bool {
        // A typographic apostrophe (’) reads as `'`. (Its UTF-8 starts with
        // the byte 0xE2, which no ASCII word holds.)
        if w.bytes().any(|b| b == 0xE2) && w.contains('\u{2019}') {
            return self.is_finite_verb_like_ascii(&w.replace('\u{2019}', "'"));
        }
        self.is_finite_verb_like_ascii(w)
    }

    /// [`Words::is_finite_verb_like`] of a word written with `'`.
    fn is_finite_verb_like_ascii(&self, w: &str) -> bool {
        let b = w.as_bytes();
        // Contractions: "n't", "'ll", "'re", "'ve".
        if let &[.., x, y, z] = b {
            if matches!(
                [x, y, z],
                [b'n', b'\'', b't']
                    | [b'\'', b'l', b'l']
                    | [b'\'', b'r', b'e']
                    | [b'\'', b'v', b'e']
            ) {
                return true;
            }
        }
        (b.len() > 4 && b.ends_with(b"ed") && !b.ends_with(b"eed")) || self.finite.contains(w)
    }

    /// Does a cue phrase lemma end in a complement ("voiced concerns
    /// that"): a last word, after a space, in `phrase_complements`?
    pub(super) fn ends_in_complement(&self, lemma: &str) -> bool {
        lemma.rsplit_once(' ').is_some_and(|(_, last)| self.phrase_complements.contains(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::ListKind;

    /// The rules compare these lists with lower-case tokens, with words as
    /// written, or with lemmas; the kinds make the lint check the entries
    /// accordingly (lower case for `token_lower`).
    #[test]
    fn lists_have_the_kind_of_their_comparison() {
        let lex = Lexicon::builtin();
        use ListKind::{Phrase, Token, TokenLower};
        for (name, kind) in [
            ("zero_that_verbs", Phrase),
            ("np_object_cues", Phrase),
            ("addressee_cues", Phrase),
            ("phrase_complements", Token),
            ("warn_prepositions", TokenLower),
            ("not_object_start", TokenLower),
            ("not_clause_start", TokenLower),
            ("aux_words", TokenLower),
            ("clause_leaders", TokenLower),
            ("org_heads", TokenLower),
            ("person_roles", TokenLower),
            ("proxy_roles", TokenLower),
            ("pronouns", TokenLower),
            ("finite_verbs", TokenLower),
            ("speech_verbs", TokenLower),
            ("time_words", TokenLower),
            ("adverbial_starts", TokenLower),
            ("clause_final_adverbials", TokenLower),
            ("subject_starts", TokenLower),
            ("copulas", TokenLower),
            ("country_descriptions", TokenLower),
            ("agency_descriptions", TokenLower),
            ("agency_name_heads", TokenLower),
            ("media_descriptions", TokenLower),
            ("quoted_as_verbs", TokenLower),
            ("person_pronouns", TokenLower),
            ("group_pronouns", TokenLower),
            ("unknown_subjects", TokenLower),
            ("relative_pronouns", TokenLower),
            ("articles", TokenLower),
            ("subject_conjunctions", TokenLower),
            ("male_pronouns", TokenLower),
            ("female_pronouns", TokenLower),
            ("male_honorifics", Token),
            ("female_honorifics", Token),
            ("prepositions", TokenLower),
            ("speaker_tails", TokenLower),
            ("determiners", TokenLower),
        ] {
            assert_eq!(lex.list(name).kind, kind, "{name}");
        }
    }

    #[test]
    fn finite_verb_like_words() {
        let words = Words::new(Lexicon::builtin());
        for (w, want) in [
            ("said", true),
            ("remained", true),
            ("don’t", true),
            ("don't", true),
            ("we'll", true),
            ("is", true),
            ("need", true),
            ("need ", false),
            ("feed", false),
            ("agreed", false),
            ("bed", false),
            ("plan", false),
            ("", false),
            ("n't", true),
            ("’ll", true),
            ("we’re", true),
            ("they’ve", true),
            ("‘s", false),
            ("aren’", false),
            ("’ed", false),
            ("failed", true),
            ("“fail”ed", true),
            ("t", false),
        ] {
            assert_eq!(words.is_finite_verb_like(w), want, "{w:?}");
        }
    }

    /// The test as it was written first, normalising every word.
    fn finite_verb_like_reference(words: &Words, w: &str) -> bool {
        let w = w.replace('\u{2019}', "'");
        if w.ends_with("n't") || w.ends_with("'ll") || w.ends_with("'re") || w.ends_with("'ve") {
            return true;
        }
        (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed")) || words.finite.contains(&w)
    }

    #[test]
    fn finite_verb_like_agrees_with_reference() {
        let words = Words::new(Lexicon::builtin());
        let mut cases: Vec<String> = Lexicon::builtin().list("finite_verbs").words.to_vec();
        for w in [
            "n't",
            "’ll",
            "we’re",
            "they’ve",
            "‘s",
            "aren’",
            "’ed",
            "’eed",
            "failed",
            "“fail”ed",
            "t",
            "",
            "ed",
            "eed",
            "feed",
            "need",
            "can’t",
            "won’t",
            "it’s",
            "Said",
            "SAID",
            "é’d",
            "naïve",
            "ré’ve",
            "plan’",
            "’",
            "x’re",
            "’’’’ed",
        ] {
            cases.push(w.to_string());
        }
        let more: Vec<String> = cases.iter().map(|w| w.replace('\'', "\u{2019}")).collect();
        for w in cases.iter().chain(&more) {
            assert_eq!(
                words.is_finite_verb_like(w),
                finite_verb_like_reference(&words, w),
                "{w:?}"
            );
        }
    }

    #[test]
    fn phrase_complements() {
        let words = Words::new(Lexicon::builtin());
        for (lemma, want) in [
            ("voiced concerns that", true),
            ("expressed concerns about", true),
            ("raised concerns over", true),
            ("that", false),
            ("called for", false),
            ("expressed concerns About", false),
            ("", false),
        ] {
            assert_eq!(words.ends_in_complement(lemma), want, "{lemma:?}");
        }
    }
}
