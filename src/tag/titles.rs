//! Titles: finding the title written before a name ("President", "Sen.",
//! "Prime Minister") and resolving a title and a surname to the gazetteer
//! person in office at the article's date.
//!
//! Titles are looked up for nearly every capitalised word, so the table
//! keeps, besides the titles themselves, every suffix of every title (a
//! title before token `k` must end with the word before it, and grows word
//! by word to the left) and [`Shapes`] filters on the first or last byte
//! and the length, which settle most misses without hashing.

use crate::fxhash::FastMap;
use crate::fxhash::FastSet;
use crate::gazetteer::NeedsContext;
use crate::gazetteer::{Date, Title};
use crate::span::Span;
use crate::tokenize::Document;

use super::Tagger;

/// The title table of a gazetteer.
#[derive(Debug)]
pub(super) struct Titles {
    /// Title forms ("President", "Sen.") to their canonical title.
    titles: FastMap<String, String>,
    /// Longest title in words.
    words: usize,
    /// Every suffix of every key of `titles`.
    /// With the canonical title when the suffix is itself a key.
    tails: FastMap<String, Option<String>>,
    /// First byte and length of every key of `titles`.
    shapes: Shapes,
    /// Last byte and length of every key of `titles`.
    ends: Shapes,
    /// Last byte and length of every key of `tails`.
    tail_shapes: Shapes,
}

impl Titles {
    /// The table of the gazetteer's titles, each also in lower case.
    pub(super) fn new(list: &[Title]) -> Titles {
        let mut titles = FastMap::default();
        let mut words = 1;
        for t in list {
            words = words.max(t.text.split_whitespace().count());
            titles.insert(t.text.clone(), t.canonical.clone());
            // "president" written in lower case before a name is common too.
            let lower = t.text.to_lowercase();
            titles.entry(lower).or_insert_with(|| t.canonical.clone());
        }
        let tails = titles
            .keys()
            .flat_map(|t: &String| t.char_indices().map(move |(i, _)| t[i..].to_string()))
            .map(|tail| {
                let c = titles.get(&tail).cloned();
                (tail, c)
            })
            .collect::<FastMap<String, Option<String>>>();
        let mut shapes = Shapes::default();
        let mut ends = Shapes::default();
        for t in titles.keys() {
            shapes.add(t.as_bytes().first().copied(), t.len());
            ends.add(t.as_bytes().last().copied(), t.len());
        }
        let mut tail_shapes = Shapes::default();
        for t in tails.keys() {
            tail_shapes.add(t.as_bytes().last().copied(), t.len());
        }
        Titles { titles, words, tails, shapes, ends, tail_shapes }
    }

    /// Is `w` a title as written (a key of `titles`)?
    #[inline]
    pub(super) fn is_title(&self, w: &str) -> bool {
        self.shapes.may_hold(w.as_bytes().first().copied(), w.len())
            && self.ends.may_hold(w.as_bytes().last().copied(), w.len())
            && self.titles.contains_key(w)
    }

    /// `tails[w]`, if `w` is a key.
    #[inline]
    fn tail(&self, w: &str) -> Option<&Option<String>> {
        if !self.tail_shapes.may_hold(w.as_bytes().last().copied(), w.len()) {
            return None;
        }
        self.tails.get(w)
    }

    /// The canonical title written right before token `k`, if any.
    pub(super) fn before(&self, text: &str, doc: &Document, k: usize) -> Option<&str> {
        let toks = &doc.tokens;
        // Every candidate ends with the word before `k`, so a title can
        // only be found when that word ends some title.
        if k == 0 || self.tail(&text[toks[k - 1].span]).is_none() {
            return None;
        }
        let m = self.words.min(k);
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
                match self.tail(&text[toks[k - n].span.start..end]) {
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
}

impl Tagger {
    /// Is `w` a title as written?
    #[inline]
    pub(super) fn is_title(&self, w: &str) -> bool {
        self.titles.is_title(w)
    }

    /// The gazetteer person a title and a surname name ("President Yoon",
    /// "Mr Putin"), when exactly one fits:
    ///
    /// - an office title fits the people who hold it (or hold no listed
    ///   title), in office on `date` when there is one;
    /// - an honorific (`honorifics`: "Mr.", "Sir") fits anyone of the
    ///   surname: with a date, the one person then in office; else, or when
    ///   no one was, the one prominent person of the surname, or of several
    ///   the one whose country the article names (`countries`).
    ///
    /// People whose name needs context (see [`super::identity`]) are left
    /// out, but for a legislator after a legislature's title.
    pub(super) fn resolve_title(
        &self,
        surname: &str,
        title: &str,
        date: Option<Date>,
        countries: &FastSet<&str>,
    ) -> Option<u32> {
        let cands = self.surnames.get(surname)?;
        let honorific = self.words.honorifics.contains(title);
        let eligible = |e: u32| {
            let ent = &self.gaz.entities[e as usize];
            match ent.needs_context {
                None => true,
                Some(NeedsContext::Legislator) => {
                    !honorific && self.words.legislator_titles.contains(title)
                }
                Some(_) => false,
            }
        };
        let in_office = |e: u32| {
            let ent = &self.gaz.entities[e as usize];
            match date {
                Some(d) => ent.terms.iter().any(|t| t.covers(d)),
                None => false,
            }
        };
        if !honorific {
            let fits: Vec<u32> = cands
                .iter()
                .copied()
                .filter(|&e| eligible(e))
                .filter(|&e| {
                    let ent = &self.gaz.entities[e as usize];
                    let title_ok = ent.titles.is_empty()
                        || ent.titles.iter().any(|t| t.eq_ignore_ascii_case(title));
                    let date_ok = date.is_none() || ent.terms.is_empty() || in_office(e);
                    title_ok && date_ok
                })
                .collect();
            return one(&fits);
        }
        let prominent: Vec<u32> = cands.iter().copied().filter(|&e| eligible(e)).collect();
        let serving: Vec<u32> = prominent.iter().copied().filter(|&e| in_office(e)).collect();
        if let Some(e) = one(&serving) {
            return Some(e);
        }
        // The one person of that surname: when they led a state or its
        // diplomacy ("Mr Putin"), or their country is named in the article.
        let named = |e: &u32| self.countries_of(*e).iter().any(|c| countries.contains(c));
        if let Some(e) = one(&prominent) {
            let leader = self.gaz.entities[e as usize]
                .titles
                .iter()
                .any(|t| self.words.leading_offices.contains(t.as_str()));
            return (leader || named(&e)).then_some(e);
        }
        let named: Vec<u32> = prominent.into_iter().filter(named).collect();
        one(&named)
    }
}

/// The one element of a list, if it has exactly one.
fn one(v: &[u32]) -> Option<u32> {
    match v {
        [e] => Some(*e),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::super::fixture::{check, Case, TAGGER};
    use crate::tokenize::tokenize;

    #[test]
    fn titles_resolve_through_the_date() {
        let cases: &[Case] = &[
            ("President Moon spoke.", Some("2019-03-01"), &["Moon P:KR:moon_jae_in title"]),
            ("President Moon spoke.", Some("2023-03-01"), &[]),
            ("President Yoon spoke.", Some("2023-03-01"), &["Yoon P:KR:yoon_suk_yeol title"]),
            // Two senators named Smith in office: unresolved.
            ("Sen. Smith spoke.", Some("2010-01-01"), &[]),
            // Only one in office in 2003.
            ("Sen. Smith spoke.", Some("2003-01-01"), &["Smith P:US:john_smith title"]),
            // An honorific fits anyone: only one in office at the date.
            ("Mr. Smith spoke.", Some("2003-01-01"), &["Smith P:US:john_smith title"]),
            ("Mr. Smith spoke.", None, &[]),
            (
                "Officials met Sen. Smith and Jane Smith.",
                Some("2006-01-01"),
                &["Jane Smith P:US:jane_smith exact"],
            ),
            // Without a date an honorific links the one prominent person of
            // the surname; of two, the one whose country the article names.
            ("Mr Putin said little.", None, &["Putin P:RU:vladimir_putin title"]),
            ("Mr Howard said little.", None, &[]),
            // The one person of a surname who led no state and whose
            // country goes unnamed: not enough.
            ("Irish billionaires Mr McManus and Mr Magnier met.", None, &[]),
            (
                "Mr Howard said Britain would act.",
                None,
                &["Howard P:GB:michael_howard title", "Britain C:GB exact"],
            ),
            // With a date, the one in office comes first.
            ("Mr Howard spoke.", Some("2004-01-01"), &["Howard P:AU:john_howard title"]),
            // A person whose name needs context never links through an
            // honorific alone.
            ("Mr Terry spoke.", None, &[]),
        ];
        check(cases);
    }

    #[test]
    fn title_before_a_token() {
        let titles = &TAGGER.titles;
        for (text, k, want) in [
            ("President Moon spoke", 1, Some("President")),
            ("president Moon spoke", 1, Some("President")),
            ("Sen. Smith", 1, Some("Senator")),
            ("the Sen. Smith", 2, Some("Senator")),
            ("Moon spoke", 1, None),
            ("Moon", 0, None),
            ("President\nMoon", 1, Some("President")),
            ("Vice President Moon", 2, Some("President")),
        ] {
            let doc = tokenize(text);
            assert_eq!(titles.before(text, &doc, k), want, "{text:?} before token {k}");
        }
        assert!(titles.is_title("Sen.") && titles.is_title("senator") && !titles.is_title("Sen"));
    }
}
