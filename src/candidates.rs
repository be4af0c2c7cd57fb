//! Gazetteer candidates: capitalised names that matched nothing.
//!
//! Input: an article's text, its [`Document`] and [`Tagged`] mentions.
//! Output: the capitalised word runs ("Hugh Hill", "Boatmen") that no
//! mention covers, with their sentence, so that a run can write
//! `candidates.csv`, the list a user grows the gazetteers from.
//!
//! Capitalised words that are no names are left out, from the lexicon's
//! lists: grammar words and clause openers never start a name; contractions
//! (`contractions`: "I'm", "Don't") never start or end one; plurals of
//! acronyms ("MPs", "PCs") never start or continue one; and a name that is
//! a holiday (`holidays`: "Christmas", "Boxing Day") or a single generic
//! word (`generic_words`: "Radio", "United") is not a candidate.

use crate::fxhash::{FastMap, WordSet};
use crate::layout::Part;
use crate::lexicon::Lexicon;
use crate::shape::is_plural_acronym;
use crate::span::Span;
use crate::tag::Tagged;
use crate::tokenize::{Document, TokenKind};

/// A candidate name of an article, or of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The name as written.
    pub name: String,
    /// How often it was seen.
    pub count: u64,
    /// The first sentence it was seen in, cut and on one line.
    pub example: String,
}

/// Finds an article's candidate names. Build once, share by reference.
#[derive(Debug)]
pub struct Finder {
    /// Words capitalised for grammar (`grammar_words`) and clause openers
    /// (`clause_openers`): they never start a candidate name.
    stop: WordSet,
    /// Contractions (`contractions`, compared in lower case): they never
    /// start or end a candidate name.
    contractions: WordSet,
    /// Names that are no candidates on their own: holidays (`holidays`),
    /// generic words (`generic_words`), continents and regions (`regions`).
    not_alone: WordSet,
}

impl Finder {
    /// The finder of a lexicon.
    pub fn new(lex: &Lexicon) -> Finder {
        Finder {
            stop: lex.union(&["grammar_words", "clause_openers"]),
            contractions: lex.set("contractions"),
            not_alone: lex.union(&["holidays", "generic_words", "regions"]),
        }
    }

    /// Capitalised runs of an article not covered by any mention: (span, sentence).
    pub fn find(&self, text: &str, doc: &Document, tagged: &Tagged) -> Vec<(Span, usize)> {
        self.runs(text, doc, tagged)
    }

    /// An article's candidates for [`Candidates::add`]: each name once, in
    /// order of first occurrence, with its count in the article and its
    /// first sentence as an example.
    pub fn per_article(&self, text: &str, doc: &Document, tagged: &Tagged) -> Vec<Candidate> {
        per_article(self.runs(text, doc, tagged), text, doc)
    }

    fn is_contraction(&self, w: &str) -> bool {
        w.contains(['\'', '\u{2019}']) && self.contractions.contains_ascii_lowercase(w)
    }

    /// Can this capitalised word start a candidate name?
    fn may_start(&self, w: &str) -> bool {
        !self.stop.contains(w) && !is_plural_acronym(w) && !self.is_contraction(w)
    }

    fn runs(&self, text: &str, doc: &Document, tagged: &Tagged) -> Vec<(Span, usize)> {
        let mut out = Vec::new();
        let mut mi = 0;
        // Gazetteer surfaces turned down here ("London" as a place).
        let mut ri = 0;
        for (si, sent) in doc.sentences.iter().enumerate() {
            if !matches!(sent.part, Part::Body | Part::Answer | Part::Question) {
                continue;
            }
            let toks = doc.sentence_tokens(si);
            let first_word = toks.iter().position(|x| x.kind == TokenKind::Word);
            let mut k = 0;
            while k < toks.len() {
                let t = toks[k];
                if t.kind != TokenKind::Word
                    || !t.shape.capitalised()
                    || !self.may_start(&text[t.span])
                {
                    k += 1;
                    continue;
                }
                let mut e = k + 1;
                while e < toks.len()
                    && toks[e].kind == TokenKind::Word
                    && toks[e].shape.capitalised()
                    && !is_plural_acronym(&text[toks[e].span])
                    && &text[toks[e - 1].span.end..toks[e].span.start] == " "
                    && e - k < 4
                {
                    e += 1;
                }
                // A contraction does not end a name either ("Because I'm").
                let mut last = e - 1;
                while last > k && self.is_contraction(&text[toks[last].span]) {
                    last -= 1;
                }
                let span = Span::new(t.span.start, toks[last].span.end);
                // A single word at the start of a sentence is capitalised for grammar.
                let sentence_initial = first_word == Some(k);
                while mi < tagged.mentions.len() && tagged.mentions[mi].span.end <= span.start {
                    mi += 1;
                }
                let covered = tagged.mentions[mi..]
                    .iter()
                    .take_while(|m| m.span.start < span.end)
                    .any(|m| m.span.overlaps(span));
                while ri < tagged.rejected.len() && tagged.rejected[ri].start < span.start {
                    ri += 1;
                }
                let rejected = tagged.rejected[ri..]
                    .iter()
                    .take_while(|r| r.start == span.start)
                    .any(|r| r.end == span.end);
                if !covered
                    && !rejected
                    && (!sentence_initial || last > k)
                    && !self.not_alone.contains(&text[span.range()])
                {
                    out.push((span, si));
                }
                k = e;
            }
        }
        out
    }
}

fn per_article(runs: Vec<(Span, usize)>, text: &str, doc: &Document) -> Vec<Candidate> {
    let mut names: Vec<Candidate> = Vec::new();
    let mut index: FastMap<&str, usize> = FastMap::default();
    for (span, si) in runs {
        let name = &text[span.range()];
        match index.get(name) {
            Some(&i) => names[i].count += 1,
            None => {
                index.insert(name, names.len());
                let sentence = &text[doc.sentences[si].span.range()];
                names.push(Candidate {
                    name: name.to_string(),
                    count: 1,
                    example: example(sentence),
                });
            }
        }
    }
    names
}

/// ASCII whose only whitespace is single spaces, none first: the loop of
/// [`example`] would give it back as it is.
fn one_line_ascii(b: &[u8]) -> bool {
    b.is_ascii()
        && b.first() != Some(&b' ')
        && !b.iter().any(|&c| c.is_ascii_whitespace() && c != b' ' || c == 0x0b)
        && !b.windows(2).any(|w| w == b"  ")
}

/// A sentence cut to at most 200 characters (then `…`), on one line: runs
/// of whitespace become one space, none at either end. One pass, one
/// allocation (it runs for every candidate name).
fn example(sentence: &str) -> String {
    // Most sentences are short ASCII on one line already: copied as they are.
    let b = sentence.as_bytes();
    if b.len() <= 200 && one_line_ascii(b) && b.last() != Some(&b' ') {
        return sentence.to_string();
    }
    // A long sentence whose first 200 characters are such ASCII (most
    // long ones): those 200 bytes as they are, cut. (A space at the cut
    // stays, as the loop below keeps a pending space before the `…`.) A
    // sentence of exactly 200 bytes is not cut: it only got here for a
    // space at its end, which the loop drops.
    if b.len() > 200 {
        let head = &b[..200];
        if one_line_ascii(head) {
            let mut out = String::with_capacity(200 + '…'.len_utf8());
            out.push_str(&sentence[..200]);
            out.push('…');
            return out;
        }
    }
    let mut out = String::with_capacity(sentence.len().min(4 * 200 + 4));
    let mut space = false;
    let mut cut = false;
    for (n, c) in sentence.chars().enumerate() {
        if n == 200 {
            cut = true;
            break;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if cut {
        if space {
            out.push(' ');
        }
        out.push('…');
    }
    out
}

/// Counts of candidate names across a run, with the first example sentence.
#[derive(Debug, Default)]
pub struct Candidates {
    names: FastMap<String, (u64, String)>,
}

/// Most distinct names kept; when full, names seen once are dropped.
pub const MAX_NAMES: usize = 200_000;

/// Adds found names to `names` (count, what the first one keeps): counts
/// add up; a new name keeps `first` of it; past [`MAX_NAMES`] names seen
/// once are dropped first.
fn count_names<V, S: std::hash::BuildHasher>(
    names: &mut std::collections::HashMap<String, (u64, V), S>,
    found: &[Candidate],
    first: impl Fn(&Candidate) -> V,
) {
    for c in found {
        match names.get_mut(&c.name) {
            Some(e) => e.0 += c.count,
            None => {
                if names.len() >= MAX_NAMES {
                    names.retain(|_, e| e.0 > 1);
                }
                names.insert(c.name.clone(), (c.count, first(c)));
            }
        }
    }
}

/// Every candidate name of a share of the input (a shard, one process of
/// a pipe), singletons included, with its count, the input position of
/// its first article and that article's example: what it takes to add
/// shares up to exactly the one-machine `candidates.csv` (sum the counts,
/// keep the example of the smallest position). Bounded like [`Candidates`]:
/// past [`MAX_NAMES`] names, those seen once are dropped.
#[derive(Debug, Default)]
pub struct Tally {
    names: std::collections::HashMap<String, (u64, (u64, String))>,
}

impl Tally {
    /// Adds the candidates of the article at input position `seq`.
    pub fn add(&mut self, seq: u64, found: &[Candidate]) {
        count_names(&mut self.names, found, |c| (seq, c.example.clone()));
    }

    /// The names, sorted: (name, count, first position, example).
    pub fn into_sorted(self) -> Vec<(String, u64, u64, String)> {
        let mut v: Vec<_> = self.names.into_iter().map(|(n, (c, (s, e)))| (n, c, s, e)).collect();
        v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

impl Candidates {
    /// Adds one article's candidates (each name once, with its count in
    /// the article and its first example sentence).
    pub fn add(&mut self, found: &[Candidate]) {
        count_names(&mut self.names, found, |c| c.example.clone());
    }

    /// Names seen at least `min` times, most frequent first, then by name.
    pub fn frequent(&self, min: u64) -> Vec<(&str, u64, &str)> {
        let mut v: Vec<(&str, u64, &str)> = self
            .names
            .iter()
            .filter(|(_, e)| e.0 >= min)
            .map(|(n, e)| (n.as_str(), e.0, e.1.as_str()))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, n: u64, ex: &str) -> Candidate {
        Candidate { name: name.to_string(), count: n, example: ex.to_string() }
    }

    #[test]
    fn counts_add_up_and_the_first_example_stays() {
        let mut c = Candidates::default();
        c.add(&[row("Hugh Hill", 3, "Hugh Hill said."), row("Boatmen", 1, "The Boatmen won.")]);
        c.add(&[row("Hugh Hill", 2, "Later, Hugh Hill left.")]);
        assert_eq!(
            c.frequent(2),
            vec![("Hugh Hill", 5, "Hugh Hill said.")],
            "names seen twice or more, with their first sentence"
        );
        assert_eq!(c.frequent(1).len(), 2);
    }

    #[test]
    fn a_tally_keeps_every_name_and_its_first_position() {
        let mut t = Tally::default();
        t.add(4, &[row("Hugh Hill", 1, "Hugh Hill said."), row("Boatmen", 1, "Boatmen won.")]);
        t.add(9, &[row("Hugh Hill", 2, "Hugh Hill left.")]);
        assert_eq!(
            t.into_sorted(),
            vec![
                ("Boatmen".to_string(), 1, 4, "Boatmen won.".to_string()),
                ("Hugh Hill".to_string(), 3, 4, "Hugh Hill said.".to_string()),
            ]
        );
    }

    #[test]
    fn runs_not_covered_by_mentions() {
        let text = "The talks ended. Hugh Hill met Boatmen officials in Leeds.";
        let doc = crate::tokenize::tokenize(text);
        let names: Vec<&str> = Finder::new(Lexicon::builtin())
            .find(text, &doc, &Tagged::default())
            .iter()
            .map(|(s, _)| &text[*s])
            .collect();
        assert_eq!(names, vec!["Hugh Hill", "Boatmen", "Leeds"]);
    }

    fn names(text: &str) -> Vec<&str> {
        let doc = crate::tokenize::tokenize(text);
        Finder::new(Lexicon::builtin())
            .find(text, &doc, &Tagged::default())
            .iter()
            .map(|(s, _)| &text[*s])
            .collect()
    }

    #[test]
    fn contractions_holidays_acronym_plurals_and_generic_words_are_no_names() {
        for (text, want) in [
            // Contractions never start or end a name; inside one they stay.
            ("He said \"I'm loving it\" and \"I’ve won\".", vec![]),
            ("Fans chanted Because I'm, then Boys Don't Cry.", vec!["Because", "Boys Don't Cry"]),
            ("She said I'm Jewish too.", vec!["Jewish"]),
            // Holidays and single generic words are no names; longer names keep them.
            ("Sales rose at Christmas and on Boxing Day, not at Easter.", vec![]),
            (
                "He told BBC Radio 4 that Sport staff met Manchester United.",
                vec!["Manchester United"],
            ),
            ("Fans of United and the Olympic team met Father Christmas.", vec!["Father Christmas"]),
            // Plurals of acronyms never start or continue a name.
            ("He said Labour MPs and Tory MEPs bought PCs and DVDs.", vec!["Labour", "Tory"]),
        ] {
            assert_eq!(names(text), want, "{text}");
        }
    }

    #[test]
    fn turned_down_gazetteer_surfaces_and_regions_are_no_names() {
        let pipeline =
            crate::Pipeline::new(crate::gazetteer::Gazetteer::builtin().unwrap()).unwrap();
        for (text, want) in [
            // A capital used as a place is no mention and no candidate.
            ("The Blitz on London was remembered in east London.", vec!["Blitz"]),
            ("Beijing warned of trouble. Talks in Beijing ended.", vec![]),
            // Continents and regions.
            (
                "Sales in Europe, Asia and the Middle East rose. European and Asian firms gained.",
                vec![],
            ),
            // A longer name around a turned-down surface is one.
            (
                "Grants rose at Amnesty International UK and at Wexford Bank of Ireland.",
                vec!["Wexford Bank"],
            ),
            ("Staff of Wexford Bank in Paris left.", vec!["Wexford Bank"]),
        ] {
            let an = pipeline.analyze(text, None);
            let got: Vec<&str> = an.candidates.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// The definition [`example`] replaces, kept as the reference.
    fn slow(sentence: &str) -> String {
        let mut out: String = sentence.chars().take(200).collect();
        if out.len() < sentence.len() {
            out.push('…');
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn example_is_the_cut_sentence_on_one_line() {
        let long = "word ".repeat(60);
        let spaces = format!("{}x", " ".repeat(250));
        let edge = format!("{} tail", "é".repeat(199));
        for s in [
            "",
            "  Kim  met\n\tYoon. ",
            "\u{a0}a\u{2003}b",
            long.as_str(),
            spaces.as_str(),
            edge.as_str(),
            &"a".repeat(200),
            &"a".repeat(201),
            "Kim met Yoon.",
            " Kim met Yoon.",
            "Kim met Yoon. ",
            "Kim  met Yoon.",
            "Kim\x0bmet\x0cYoon\r.",
            "Kim\x1fmet Yoon.",
            &format!("{} {}", "a".repeat(199), "b".repeat(20)),
            &format!("{}  {}", "a".repeat(198), "b".repeat(20)),
            &format!("{}\t{}", "a".repeat(150), "b".repeat(80)),
            &format!(" {}", "a".repeat(230)),
            &format!("{}é{}", "a".repeat(199), "b".repeat(20)),
            &format!("{}é", "a".repeat(200)),
            &format!("{} ", "a".repeat(199)),
            &format!("{} b ", "a".repeat(197)),
        ] {
            assert_eq!(example(s), slow(s), "{s:?}");
        }
    }

    proptest::proptest! {
        /// The shortcuts of `example` give what its character loop gives.
        #[test]
        fn example_agrees_with_the_character_loop(s in "[ab \t\n\x0bé]{0,260}") {
            proptest::prop_assert_eq!(example(&s), slow(&s));
        }

        /// Long sentences of words and single spaces, now and then a
        /// character that the shortcut leaves to the loop.
        #[test]
        fn example_of_long_prose_agrees(s in "([a-z]{1,9} ){15,45}[a-z\t é]{0,12}( [a-z]{1,9}){0,9}") {
            proptest::prop_assert_eq!(example(&s), slow(&s));
        }
    }
}
