//! The cue search: [`Extractor::new`] compiles the cue lexicon
//! (`gazetteers/cues/`) into a DFA, and [`CueMatches`] runs it over a
//! sentence. This is the speed code of the stage, kept apart from the
//! language rules: every body sentence is scanned here, and only the
//! matches reach the rules.

use std::collections::{HashMap, HashSet};

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use super::polarity::Polarity;
use super::words::Words;
use super::Extractor;
use crate::gazetteer::{CueKind, Entity, EntityType, Gazetteer, Sex};

/// What the rules need to know of a cue form.
#[derive(Clone, Debug)]
pub(super) struct CueInfo {
    /// Verb, belief verb, phrase, noun or "according to".
    pub(super) kind: CueKind,
    /// The lemma, as in the cue lexicon ("say", "voiced concerns that").
    pub(super) lemma: String,
    /// The form is also a nominal cue ("claims"): after a possessive it is
    /// a noun.
    pub(super) noun_form: bool,
    /// The lemma is in `np_object_cues`.
    pub(super) np_object: bool,
    /// The lemma is in `zero_that_verbs`.
    pub(super) zero_that: bool,
    /// The lemma is in `addressee_cues`.
    pub(super) addressee: bool,
    /// The lemma ends in one of the `phrase_complements`.
    pub(super) complement: bool,
}

impl CueInfo {
    /// The cue of this kind and lemma; its lemma's lists looked up once.
    pub(super) fn new(kind: CueKind, lemma: String, noun_form: bool, words: &Words) -> CueInfo {
        CueInfo {
            kind,
            noun_form,
            np_object: words.np_object.contains(&lemma),
            zero_that: words.zero_that.contains(&lemma),
            addressee: words.addressee.contains(&lemma),
            complement: words.ends_in_complement(&lemma),
            lemma,
        }
    }
}

impl Extractor {
    /// Compiles the cue lexicon of a gazetteer (`gaz.cues`) and reads the
    /// rules' word lists from its lexicon (`gaz.lexicon`).
    pub fn new(gaz: &Gazetteer) -> crate::error::Result<Extractor> {
        let words = Words::new(&gaz.lexicon);
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
            cues.push(CueInfo::new(c.kind, c.lemma.clone(), noun_form, &words));
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
        let sexes = gaz.entities.iter().map(|e| person_sex(gaz, &words, e)).collect();
        let given_sex = gaz.given_sex.clone();
        let names = gaz.entities.iter().map(|e| e.name.clone()).collect();
        let agency_heads = gaz.entities.iter().map(|e| AgencyHeads::of(e, &words)).collect();
        Ok(Extractor {
            dfa,
            cues,
            kinds,
            sexes,
            names,
            agency_heads,
            given_sex,
            words,
            polarity: Polarity::new(gaz),
        })
    }
}

/// The nouns that describe an agency in a definite description ("the
/// party said", "the Bank revealed"), in lower case: its subtype (as
/// `party`, `ministry`, `court`) and the words of its name (as "bank" of
/// the Bank of England, "commission" of the European Commission) that are
/// in `agency_name_heads`; the press (`media`, `news_agency`) is also
/// described by the words of `media_descriptions` ("the newspaper").
#[derive(Debug, Default)]
pub(super) struct AgencyHeads {
    /// Subtype and name words.
    pub(super) words: Box<[String]>,
    /// A newspaper, broadcaster or news agency.
    pub(super) press: bool,
}

impl AgencyHeads {
    /// The heads of entity `e` (empty unless an agency).
    fn of(e: &Entity, words: &Words) -> AgencyHeads {
        if e.kind != EntityType::Agency {
            return AgencyHeads::default();
        }
        let subtype = e.subtype.as_deref().unwrap_or("");
        let mut out: Vec<String> = Vec::new();
        if words.agency_name_heads.contains(subtype) {
            out.push(subtype.to_string());
        }
        for w in e.name.split(|c: char| !c.is_alphanumeric()) {
            let lw = w.to_lowercase();
            if words.agency_name_heads.contains(&lw) && !out.contains(&lw) {
                out.push(lw);
            }
        }
        AgencyHeads { words: out.into(), press: matches!(subtype, "media" | "news_agency") }
    }

    /// Does "the `head`" describe this agency?
    pub(super) fn describe(&self, head: &str, words: &Words) -> bool {
        self.words.iter().any(|w| w == head)
            || self.press && words.media_descriptions.contains(head)
    }
}

/// The matches of a cue DFA in a haystack, as `AhoCorasick::find_iter`
/// reports them (non-overlapping, leftmost-longest, an empty match never
/// right after another match): (pattern, start, end). The search loop is
/// `aho_corasick`'s own for a DFA without a prefilter, over a byte slice
/// iterator, which lets the compiler keep the table lookups tight.
pub(super) struct CueMatches<'d, 'h> {
    dfa: &'d DFA,
    hay: &'h [u8],
    /// Where the next search starts; past the end when done.
    start: usize,
    last_match_end: Option<usize>,
}

impl<'d, 'h> CueMatches<'d, 'h> {
    /// The matches of `dfa` in `hay`.
    pub(super) fn new(dfa: &'d DFA, hay: &'h [u8]) -> CueMatches<'d, 'h> {
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

/// A gazetteer person's sex: that of a title their name starts with ("King
/// Philippe", "Queen Beatrix"), else of their given name; `None` for
/// other entities and for names that do not tell.
fn person_sex(gaz: &Gazetteer, words: &Words, e: &Entity) -> Option<Sex> {
    if e.kind != EntityType::Person {
        return None;
    }
    let first = e.name.split_whitespace().next()?;
    if words.male_honorifics.contains(first) {
        Some(Sex::Male)
    } else if words.female_honorifics.contains(first) {
        Some(Sex::Female)
    } else {
        gaz.given_sex.get(first).copied()
    }
}

#[cfg(test)]
mod tests {
    use aho_corasick::MatchKind;

    use super::*;

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
}
