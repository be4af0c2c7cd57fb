//! The per-article [`Context`] the rules read: the text, its lower-case
//! copy, the tokens, mentions and quotes, and the helpers that look at
//! tokens (as written, in lower case, by span).

use crate::fxhash::FastMap;
use std::borrow::Cow;

use super::quotes::Quote;
use super::words::Words;
use crate::gazetteer::{EntityType, Sex};
use crate::shape::{is_word_char, lower_is_self};
use crate::span::Span;
use crate::tag::{EntityRef, Mention, Tagged};
use crate::tokenize::{Document, Token, TokenKind};

/// One article as the rules see it, built by [`Extractor::extract`](super::Extractor::extract)
/// and read by every rule.
pub(super) struct Context<'a> {
    /// The article's text.
    pub(super) text: &'a str,
    /// `text` with its ASCII letters in lower case: same length, same
    /// character boundaries.
    pub(super) lower: &'a str,
    /// The whole text is ASCII.
    pub(super) ascii: bool,
    /// Its sentences and tokens.
    pub(super) doc: &'a Document<'a>,
    /// Its mentions, in text order.
    pub(super) tagged: &'a Tagged,
    /// The type of each gazetteer entity.
    pub(super) kinds: &'a [EntityType],
    /// The sex of each gazetteer person, where their name tells it.
    pub(super) sexes: &'a [Option<Sex>],
    /// The canonical name of each gazetteer entity.
    pub(super) names: &'a [String],
    /// The nouns that describe each gazetteer agency.
    pub(super) agency_heads: &'a [super::cues::AgencyHeads],
    /// The sex of given names.
    pub(super) given_sex: &'a FastMap<String, Sex>,
    /// Its quotes, in text order.
    pub(super) quotes: &'a [Quote],
    /// The word lists.
    pub(super) words: &'a Words,
}

impl<'a> Context<'a> {
    /// Is there a word boundary at both ends of `span`?
    pub(super) fn word_bounded(&self, span: Span) -> bool {
        let before = self.text[..span.start].chars().next_back();
        let after = self.text[span.end..].chars().next();
        before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c))
    }

    /// Is `span` part of a hyphenated compound ("a post-mortem", "self-
    /// declared")?
    pub(super) fn in_compound(&self, span: Span) -> bool {
        let joined = |hyphen: Option<char>, letter: Option<char>| {
            matches!(hyphen, Some('-' | '\u{2010}' | '\u{2011}'))
                && letter.is_some_and(char::is_alphabetic)
        };
        let mut after = self.text[span.end..].chars();
        let mut before = self.text[..span.start].chars().rev();
        joined(after.next(), after.next()) || joined(before.next(), before.next())
    }

    /// A capitalised cue word inside a name is no cue: "U.S. State
    /// Department", "Secretary of State Antony Blinken" (but a Title Case
    /// headline keeps its cues).
    pub(super) fn cue_inside_name(&self, si: usize, span: Span) -> bool {
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
    pub(super) fn names_a_target(&self, toks: &[Token], from: usize) -> bool {
        let run = toks[from..]
            .iter()
            .take_while(|t| {
                t.kind == TokenKind::Word && self.w(t).starts_with(|c: char| c.is_uppercase())
            })
            .count();
        run > 0 && toks.get(from + run).is_none_or(|t| t.kind != TokenKind::Possessive)
    }

    /// Does a possessive ("Yoon's") stand right before this span?
    pub(super) fn after_possessive(&self, si: usize, span: Span) -> bool {
        let toks = self.toks(si);
        let (a, _) = Self::tok_range(toks, span);
        a > 0 && toks[a - 1].kind == TokenKind::Possessive
    }

    /// `span` without the white space at its ends (`str::trim`).
    pub(super) fn trimmed(&self, span: Span) -> Span {
        let s = &self.text[span];
        let start = span.start + (s.len() - s.trim_start().len());
        Span::new(start, start + s.trim().len())
    }

    /// Is this position inside a quotation? (Quotes are in text order and
    /// never overlap.)
    pub(super) fn in_quote(&self, span: Span) -> bool {
        let i = self.quotes.partition_point(|q| q.content.start <= span.start);
        i > 0 && self.quotes[i - 1].content.contains(span)
    }

    /// The mentions inside `span` (mentions are in text order and never
    /// overlap, so both their starts and their ends are sorted).
    pub(super) fn mentions_in(&self, span: Span) -> &'a [Mention] {
        let ms = &self.tagged.mentions;
        let lo = ms.partition_point(|m| m.span.start < span.start);
        let hi = ms.partition_point(|m| m.span.end <= span.end).max(lo);
        &ms[lo..hi]
    }

    /// The mentions that end at or before `pos`.
    pub(super) fn mentions_before(&self, pos: usize) -> &'a [Mention] {
        let ms = &self.tagged.mentions;
        &ms[..ms.partition_point(|m| m.span.end <= pos)]
    }

    /// The tokens of sentence `si`, without the `A:` marker of a FAQ answer.
    pub(super) fn toks(&self, si: usize) -> &'a [Token] {
        let s = &self.doc.sentences[si];
        let toks = self.doc.sentence_tokens(si);
        // Skip the "A:" marker of a FAQ answer.
        let skip = toks.iter().take_while(|t| t.span.start < s.content_start).count();
        &toks[skip..]
    }

    /// The token as written.
    pub(super) fn w(&self, t: &Token) -> &'a str {
        &self.text[t.span]
    }

    /// An auxiliary or adverb between a subject and its verb; a capitalised
    /// one is a name ("Ms. May said").
    pub(super) fn is_aux(&self, t: &Token) -> bool {
        let w = self.w(t);
        // `a.eq_ignore_ascii_case(w)` for the lower-case entries `a`.
        !w.starts_with(|c: char| c.is_uppercase()) && self.words.aux.contains(self.lo(t))
    }

    /// The token in lower case (`to_lowercase`), without allocating for ASCII.
    #[inline]
    pub(super) fn lw(&self, t: &Token) -> Cow<'a, str> {
        self.lower_at(t.span)
    }

    /// The token with its ASCII letters in lower case: `a == self.lo(t)` is
    /// `a.eq_ignore_ascii_case(self.w(t))` for a lower-case `a`.
    #[inline]
    pub(super) fn lo(&self, t: &Token) -> &'a str {
        &self.lower[t.span]
    }

    /// `self.text[span].to_lowercase()`: for ASCII text that is the same
    /// span of `self.lower`. Inlined into its (many, hot) callers: a call
    /// cost more than the slice.
    #[inline(always)]
    pub(super) fn lower_at(&self, span: Span) -> Cow<'a, str> {
        let l = &self.lower[span];
        if self.ascii || l.is_ascii() {
            Cow::Borrowed(l)
        } else {
            self.lower_non_ascii(span)
        }
    }

    /// [`Context::lower_at`] for a span with non-ASCII characters.
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
    pub(super) fn tok_range(toks: &[Token], span: Span) -> (usize, usize) {
        let a = toks.partition_point(|t| t.span.end <= span.start);
        let b = toks.partition_point(|t| t.span.start < span.end);
        (a, b)
    }

    /// The content from token `from` to the end of the sentence, without
    /// the final punctuation and closing marks.
    pub(super) fn rest_of_sentence(&self, toks: &[Token], from: usize) -> Option<Span> {
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

    /// Does `span` hold a double quotation mark (`"`, `“`, `”`, `«`, `»`,
    /// `''`)?
    pub(super) fn has_quote(&self, span: Span) -> bool {
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

    /// The type of an entity; an entity found in the text is a person.
    pub(super) fn gaz_kind(&self, e: EntityRef) -> Option<EntityType> {
        match e {
            EntityRef::Known(i) => self.kinds.get(i as usize).copied(),
            EntityRef::Found(_) => Some(EntityType::Person),
        }
    }
}
