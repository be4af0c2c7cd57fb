//! The cue search: [`Extractor::new`] compiles the cue lexicon
//! (`gazetteers/cues/`) into a DFA, and [`CueMatches`] runs it over a
//! sentence. This is the speed code of the stage, kept apart from the
//! language rules: every body sentence is scanned here, and only the
//! matches reach the rules.

use std::collections::{HashMap, HashSet};

use aho_corasick::automaton::{Automaton, StateID};
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
        let dfa = CueDfa::new(&forms)
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

/// A state of [`CueDfa`]: its index times the table's stride, so that a
/// transition is one lookup, `trans[state + class]`.
type State = u32;

/// The dead state: no match can start before it is reached, so the search
/// stops there.
const DEAD: State = 0;

/// The cue forms as a leftmost-longest, ASCII case-insensitive DFA in a
/// table of our own: `aho_corasick`'s DFA, state for state, renumbered so
/// that the dead state is 0 and the match states come next. Then one
/// comparison per byte (`state <= max_match`) finds both the dead and the
/// match states, and the search loop holds the table in registers instead
/// of calling through the `Automaton` trait.
#[derive(Debug)]
pub(super) struct CueDfa {
    /// The class of each byte: bytes of one class move every state alike.
    classes: [u8; 256],
    /// The transitions: `trans[state + class]`.
    trans: Box<[State]>,
    /// Entries per state in `trans`: the number of classes.
    stride: u32,
    /// The unanchored start state.
    start: State,
    /// The last match state; states up to it are dead or match states.
    max_match: State,
    /// The pattern and its length of match state `k` (`state / stride`) at
    /// index `k - 1`.
    matches: Box<[(u32, u32)]>,
}

impl CueDfa {
    /// The DFA of `forms`: leftmost-longest, ASCII case-insensitive.
    pub(super) fn new(forms: &[String]) -> Result<CueDfa, aho_corasick::BuildError> {
        // No prefilter: the table below is walked on its own. (It would
        // change no match anyway.)
        let dfa = aho_corasick::dfa::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(forms)?;
        Ok(CueDfa::from_dfa(&dfa, forms))
    }

    /// The table of `dfa`, the DFA of `forms`.
    fn from_dfa(dfa: &DFA, forms: &[String]) -> CueDfa {
        let (classes, reps) = byte_classes(forms);
        let start =
            dfa.start_state(Anchored::No).expect("an unanchored DFA has an unanchored start state");
        // The states reachable from the start (all but the dead one), in
        // the order found, then with the match states first. (Their ids
        // index `seen` and `number`: they are small, offsets in `dfa`'s own
        // table.)
        let mut seen = vec![false; start.as_usize() + 1];
        seen[start.as_usize()] = true;
        let mut states = vec![start];
        let mut next = 0;
        while let Some(&sid) = states.get(next) {
            next += 1;
            for &b in &reps {
                let to = dfa.next_state(Anchored::No, sid, b);
                if to.as_usize() >= seen.len() {
                    seen.resize(to.as_usize() + 1, false);
                }
                if !dfa.is_dead(to) && !seen[to.as_usize()] {
                    seen[to.as_usize()] = true;
                    states.push(to);
                }
            }
        }
        states.sort_by_key(|&sid| !dfa.is_match(sid));
        let stride = reps.len() as u32;
        // Our number of each state of `dfa`: its index, after the dead state.
        let mut number = vec![DEAD; seen.len()];
        for (i, sid) in states.iter().enumerate() {
            number[sid.as_usize()] = (i as u32 + 1) * stride;
        }
        let ours = |sid: StateID| number[sid.as_usize()];
        // The dead state's row stays dead.
        let mut trans = vec![DEAD; (states.len() + 1) * reps.len()];
        for &sid in &states {
            let row = ours(sid) as usize;
            for (class, &b) in reps.iter().enumerate() {
                trans[row + class] = ours(dfa.next_state(Anchored::No, sid, b));
            }
        }
        let matches: Box<[(u32, u32)]> = states
            .iter()
            .take_while(|&&sid| dfa.is_match(sid))
            .map(|&sid| {
                let pid = dfa.match_pattern(sid, 0);
                (pid.as_u32(), dfa.pattern_len(pid) as u32)
            })
            .collect();
        CueDfa {
            classes,
            trans: trans.into(),
            stride,
            start: ours(start),
            max_match: matches.len() as u32 * stride,
            matches,
        }
    }

    /// The leftmost-longest match in `hay` at or after `from` (at most
    /// `hay.len()`): (pattern, start, end).
    #[inline(never)]
    fn search(&self, hay: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        let mut state = self.start;
        // (The start state is a match state only for an empty form.)
        let mut mat = (state <= self.max_match).then(|| self.found(state, from));
        let mut pos = from;
        loop {
            let read;
            (state, read) = self.walk(state, &hay[pos..]);
            pos += read;
            // Dead, or the end of `hay` reached in another state.
            if state == DEAD || state > self.max_match {
                return mat;
            }
            // A longer match than the one before (leftmost-longest).
            mat = Some(self.found(state, pos));
            if pos == hay.len() {
                return mat;
            }
        }
    }

    /// Runs the DFA from `state` over `bytes` until it reaches a dead or
    /// match state: that state and the number of bytes read to it, or the
    /// state after the last byte and `bytes.len()`. (Four bytes a round:
    /// the loop's own cost counts beside a table lookup.)
    #[inline(always)]
    fn walk(&self, mut state: State, bytes: &[u8]) -> (State, usize) {
        let (trans, classes, max_match) = (&*self.trans, &self.classes, self.max_match);
        let step =
            |state: State, b: u8| trans[state as usize + usize::from(classes[usize::from(b)])];
        let mut chunks = bytes.chunks_exact(4);
        for (i, chunk) in chunks.by_ref().enumerate() {
            for (k, &b) in chunk.iter().enumerate() {
                state = step(state, b);
                if state <= max_match {
                    return (state, 4 * i + k + 1);
                }
            }
        }
        let done = bytes.len() - chunks.remainder().len();
        for (k, &b) in chunks.remainder().iter().enumerate() {
            state = step(state, b);
            if state <= max_match {
                return (state, done + k + 1);
            }
        }
        (state, bytes.len())
    }

    /// The match of match state `state` that ends at `end`.
    fn found(&self, state: State, end: usize) -> (usize, usize, usize) {
        let (pattern, len) = self.matches[(state / self.stride) as usize - 1];
        (pattern as usize, end - len as usize, end)
    }
}

/// The byte classes of a DFA of `forms`, ASCII case-insensitive: a class
/// for the bytes of no form (class 0; no state has a transition of its own
/// on them, so they all move a state alike), and one for each byte of a
/// form together with its other ASCII case. Returns the class of each byte
/// and a byte of each class.
fn byte_classes(forms: &[String]) -> ([u8; 256], Vec<u8>) {
    let mut in_form = [false; 256];
    for b in forms.iter().flat_map(|f| f.bytes()) {
        in_form[usize::from(b.to_ascii_lowercase())] = true;
    }
    let mut classes = [0u8; 256];
    let mut reps = vec![0u8];
    // Bytes of forms in lower case first, then their upper case.
    for b in 0..=255u8 {
        if in_form[usize::from(b)] && !b.is_ascii_uppercase() {
            classes[usize::from(b)] = reps.len() as u8;
            reps.push(b);
        }
    }
    for b in b'A'..=b'Z' {
        classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
    }
    // A byte of no form stands for class 0 (if there is one).
    if let Some(b) = (0..=255u8).find(|&b| !in_form[usize::from(b.to_ascii_lowercase())]) {
        reps[0] = b;
    }
    (classes, reps)
}

/// The matches of a [`CueDfa`] in a haystack, as `AhoCorasick::find_iter`
/// reports them (non-overlapping, leftmost-longest, an empty match never
/// right after another match): (pattern, start, end).
pub(super) struct CueMatches<'d, 'h> {
    dfa: &'d CueDfa,
    hay: &'h [u8],
    /// Where the next search starts; past the end when done.
    start: usize,
    last_match_end: Option<usize>,
}

impl<'d, 'h> CueMatches<'d, 'h> {
    /// The matches of `dfa` in `hay`.
    pub(super) fn new(dfa: &'d CueDfa, hay: &'h [u8]) -> CueMatches<'d, 'h> {
        CueMatches { dfa, hay, start: 0, last_match_end: None }
    }

    /// The leftmost-longest match at or after `self.start`.
    #[inline(always)]
    fn search(&self) -> Option<(usize, usize, usize)> {
        if self.start > self.hay.len() {
            return None;
        }
        self.dfa.search(self.hay, self.start)
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
        let sets: [&[&str]; 5] = [
            &["said", "say", "says that", "according to", "told", "to"],
            &["a", "ab", "abc", "b", "bcd", ""],
            &["claims", "claim", "AIM", "s t"],
            &["Ähnlich", "ähn", "“quote”", "sa"],
            &["\0x", "\u{ff}"],
        ];
        let long = "Officials said that, according to the report, the claims were \
                    denied; she told reporters the plan would fail, he SAID. "
            .repeat(3);
        let hays = [
            "",
            "He said that, according to them, she says that it told to",
            "abcd abc ab a bcd xbcdx aab",
            "Claims CLAIMS claim aim s t s  t",
            "Ähnlich said “quote” SAID ähnlich ÄHNLICH",
            "\0x\0\u{ff}x\u{fe}",
            long.as_str(),
        ];
        for pats in sets {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(pats)
                .unwrap();
            let forms: Vec<String> = pats.iter().map(|p| p.to_string()).collect();
            let dfa = CueDfa::new(&forms).unwrap();
            for h in hays {
                let want: Vec<(usize, usize, usize)> =
                    ac.find_iter(h).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
                let got: Vec<_> = CueMatches::new(&dfa, h.as_bytes()).collect();
                assert_eq!(got, want, "{pats:?} in {h:?}");
            }
        }
    }

    /// The table of the built-in cue forms is `aho_corasick`'s DFA: walked
    /// side by side from the start on every byte, the two reach matching
    /// states (one of ours for each of theirs), dead together, matching
    /// together, the same pattern.
    #[test]
    fn cue_table_is_the_dfa() {
        let gaz = Gazetteer::builtin().unwrap();
        let mut forms: Vec<String> = Vec::new();
        for c in &gaz.cues {
            if !forms.contains(&c.form) {
                forms.push(c.form.clone());
            }
        }
        let dfa = aho_corasick::dfa::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(&forms)
            .unwrap();
        let ours = CueDfa::from_dfa(&dfa, &forms);
        let start = dfa.start_state(Anchored::No).unwrap();
        let mut pairs: HashMap<u32, State> = HashMap::from([(start.as_u32(), ours.start)]);
        let mut todo = vec![(start, ours.start)];
        while let Some((sid, state)) = todo.pop() {
            assert_eq!(dfa.is_match(sid), state != DEAD && state <= ours.max_match);
            if dfa.is_match(sid) {
                let pid = dfa.match_pattern(sid, 0);
                assert_eq!(
                    ours.found(state, 100),
                    (pid.as_usize(), 100 - dfa.pattern_len(pid), 100)
                );
            }
            for b in 0..=255u8 {
                let to = dfa.next_state(Anchored::No, sid, b);
                let next = ours.trans[state as usize + usize::from(ours.classes[usize::from(b)])];
                assert_eq!(dfa.is_dead(to), next == DEAD, "byte {b}");
                if dfa.is_dead(to) {
                    continue;
                }
                match pairs.get(&to.as_u32()) {
                    Some(&seen) => assert_eq!(seen, next, "byte {b}"),
                    None => {
                        pairs.insert(to.as_u32(), next);
                        todo.push((to, next));
                    }
                }
            }
        }
        // One of our states for each of theirs, and no other.
        assert_eq!(pairs.len() + 1, ours.trans.len() / ours.stride as usize);
    }
}
