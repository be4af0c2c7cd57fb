//! Stage 2, tokenize: sentences and word tokens with byte spans into the
//! original text.
//!
//! Input: an article's text. Output: a [`Document`] of [`Sentence`]s and
//! [`Token`]s. Spans always point into the text as stored; nothing is
//! normalised in place.
//!
//! Rules beyond plain Unicode segmentation, because news copy needs them:
//! abbreviations (`U.S.`, `Mr.`, `Jan.`, initials such as `W.`) keep their
//! dot and do not end a sentence; a possessive `'s`/`’s` (and the plural
//! `s'`) is a token of its own; curly quotes, apostrophes and dashes are
//! punctuation of their own; a URL is one token; a line break ends a sentence
//! unless the next line starts in lower case (hard-wrapped text); `Q:`/`A:`
//! lines, the date marker and the `Sources:` block are sentences of their own.

use std::ops::Range;
use std::sync::LazyLock;

use crate::fxhash::WordSet;
use crate::layout::{self, Layout, Part};
use crate::lexicon::Lexicon;
use crate::shape::{
    ascii_alnum_lanes, is_capitalised, is_initial, is_word_char, load_u64, LANE_HIGH,
};
use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (with digits, inner hyphens, apostrophes and abbreviation dots).
    Word,
    /// A number: digits with inner `.`, `,`, `:`, `-` or `/`.
    Number,
    /// A possessive suffix: `'s`, `’s`, or a lone `'`/`’` after a plural `s`.
    Possessive,
    /// A quotation mark: `"` `“` `”` `„` `«` `»` `‘` `’` `'` `‹` `›`.
    Quote,
    /// A URL or e-mail address.
    Url,
    /// Any other punctuation or symbol.
    Punct,
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the text.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
    /// What its letters look like, found once as it is lexed.
    pub shape: Shape,
}

/// What a token's letters look like: the tests of [`crate::shape`] that
/// the stages ask of tokens again and again, answered once by the lexer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Shape(u8);

impl Shape {
    const CAPITALISED: u8 = 1;
    const INITIAL: u8 = 2;

    /// The shape of the token `text[span]`.
    #[inline]
    pub fn of(text: &str, span: Span) -> Shape {
        // Both tests need a capital first: an ASCII first byte other than
        // a capital (most tokens) settles them, without slicing the text.
        match text.as_bytes().get(span.start) {
            Some(&b) if b < 0x80 && !b.is_ascii_uppercase() => Shape(0),
            _ if span.is_empty() => Shape(0),
            _ => {
                let w = &text[span];
                let mut flags = 0;
                if is_capitalised(w) {
                    flags |= Shape::CAPITALISED;
                }
                if is_initial(w) {
                    flags |= Shape::INITIAL;
                }
                Shape(flags)
            }
        }
    }

    /// [`is_capitalised`] of the token's text.
    #[inline]
    pub fn capitalised(self) -> bool {
        self.0 & Shape::CAPITALISED != 0
    }

    /// [`is_initial`] of the token's text.
    #[inline]
    pub fn initial(self) -> bool {
        self.0 & Shape::INITIAL != 0
    }
}

/// One sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From its first token's start to its last token's end.
    pub span: Span,
    /// Indexes into [`Document::tokens`].
    pub tokens: Range<usize>,
    /// The part of the article it is in.
    pub part: Part,
    /// For `Q:`/`A:` lines, the byte where the text after the marker starts.
    pub content_start: usize,
    /// 0-based paragraph number (a blank line or a new region starts one).
    pub paragraph: usize,
}

/// A tokenized article: it borrows the text it was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document<'a> {
    /// The article's text, as stored in the input.
    pub text: &'a str,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// The article's parts (date marker, body, FAQ, sources).
    pub layout: Layout,
}

impl<'a> Document<'a> {
    /// The text of a span (`&doc.text[span]`).
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span]
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentences[i].tokens.clone()]
    }

    /// The index of the sentence containing byte `pos` (the last sentence
    /// starting at or before it).
    pub fn sentence_at(&self, pos: usize) -> usize {
        self.sentences.partition_point(|s| s.span.start <= pos).saturating_sub(1)
    }
}

/// Opening and closing quotation marks.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{2039}'
            | '\u{203A}'
            | '\''
            | '\u{300C}'
            | '\u{300D}'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_dash_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The word lists the tokenizer needs, from the lexicon. Build once, share
/// by reference.
#[derive(Debug)]
pub struct Tokenizer {
    /// Abbreviations whose `.` belongs to the word (`abbreviations`).
    abbreviations: WordSet,
    /// Abbreviations that never end a sentence (`never_final`).
    never_final: WordSet,
    /// Capitalised words that start a sentence after an abbreviation
    /// (`sentence_starters`).
    starters: WordSet,
}

/// The tokenizer of the built-in lexicon, for [`tokenize`].
static DEFAULT: LazyLock<Tokenizer> = LazyLock::new(|| Tokenizer::new(Lexicon::builtin()));

/// Tokenizes an article's text with the built-in lexicon.
///
/// # Example
///
/// ```
/// let doc = claimex::tokenize::tokenize("Mr. Kim met U.S. officials. Yoon’s aide left.");
/// let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
/// assert_eq!(words[..4], ["Mr.", "Kim", "met", "U.S."]);
/// assert_eq!(doc.sentences.len(), 2);
/// assert!(words.contains(&"’s"));
/// ```
pub fn tokenize(text: &str) -> Document<'_> {
    DEFAULT.tokenize(text)
}

impl Tokenizer {
    /// The tokenizer of a lexicon.
    pub fn new(lex: &Lexicon) -> Tokenizer {
        Tokenizer {
            abbreviations: lex.set("abbreviations"),
            never_final: lex.set("never_final"),
            starters: lex.set("sentence_starters"),
        }
    }

    /// Tokenizes an article's text into sentences and tokens.
    pub fn tokenize<'a>(&self, text: &'a str) -> Document<'a> {
        tokenize_with(self, text)
    }
}

fn tokenize_with<'a>(tz: &Tokenizer, text: &'a str) -> Document<'a> {
    let layout = layout::layout(text);
    let mut doc = Document {
        text,
        sentences: Vec::new(),
        // (News prose has a token per five bytes or so.)
        tokens: Vec::with_capacity(text.len() / 4 + 8),
        layout: Layout::default(),
    };
    let mut paragraph = 0usize;
    for region in &layout.regions {
        let first_token = doc.tokens.len();
        let first_sentence = doc.sentences.len();
        let breaks = lex(tz, text, region.span, &mut doc.tokens);
        split_sentences(
            tz,
            text,
            &doc.tokens,
            first_token,
            &breaks,
            &mut doc.sentences,
            &mut paragraph,
        );
        for s in &mut doc.sentences[first_sentence..] {
            s.part = region.part;
            s.content_start = if region.part == Part::Question || region.part == Part::Answer {
                region.content_start
            } else {
                s.span.start
            };
        }
        paragraph += 1;
    }
    doc.layout = layout;
    doc
}

/// Where a line break or paragraph break falls before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// Only spaces (or nothing) before the token.
    Space,
    /// One line break.
    Line,
    /// A blank line.
    Paragraph,
}

/// Splits `span` of `text` into tokens appended to `out`; returns the gap
/// before each new token (same length as the tokens added).
fn lex(tz: &Tokenizer, text: &str, span: Span, out: &mut Vec<Token>) -> Vec<Gap> {
    let bytes = text.as_bytes();
    // News prose has a token per five bytes or so: one allocation each.
    let mut gaps = Vec::with_capacity(span.len() / 4 + 8);
    let mut i = span.start;
    let end = span.end;
    let mut gap = Gap::Space;
    while i < end {
        let b = bytes[i];
        let c = if b < 0x80 { char::from(b) } else { next_char(text, i) };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
                // "\r\n" counts as one line break.
                if !(c == '\n' && i > 0 && bytes[i - 1] == b'\r') {
                    gap = if gap == Gap::Space { Gap::Line } else { Gap::Paragraph };
                }
            }
            i += clen;
            continue;
        }
        let start = i;
        let kind;
        if let Some(e) = if matches!(b, b'h' | b'w') { url_end(text, i, end) } else { None } {
            i = e;
            kind = TokenKind::Url;
        } else if is_word_char(c) {
            let (e, k) = word_end(tz, text, i, end);
            i = e;
            kind = k;
        } else if is_apostrophe(c) && possessive_s(text, i, end, out) {
            i += clen + 1;
            kind = TokenKind::Possessive;
        } else if is_apostrophe(c)
            && out.last().is_some_and(|t| {
                t.span.end == i && t.kind == TokenKind::Word && text[t.span].ends_with(['s', 'S'])
            })
            && next_char_opt(text, i + clen, end).is_none_or(|n| !is_word_char(n))
        {
            // Plural possessive "officials'".
            i += clen;
            kind = TokenKind::Possessive;
        } else if is_quote_char(c) {
            i += clen;
            kind = TokenKind::Quote;
        } else if c == '.' && text[i..end].starts_with("...") {
            i += 3;
            kind = TokenKind::Punct;
        } else {
            i += clen;
            kind = TokenKind::Punct;
        }
        let span = Span::new(start, i);
        out.push(Token { span, kind, shape: Shape::of(text, span) });
        gaps.push(gap);
        gap = Gap::Space;
    }
    gaps
}

#[inline]
fn next_char(text: &str, i: usize) -> char {
    // `i` is always on a char boundary inside the text.
    text[i..].chars().next().unwrap_or('\0')
}

#[inline]
fn next_char_opt(text: &str, i: usize, end: usize) -> Option<char> {
    if i < end {
        text[i..end].chars().next()
    } else {
        None
    }
}

#[inline]
fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// `'s` / `’s` right after a word, followed by a non-word character.
fn possessive_s(text: &str, i: usize, end: usize, out: &[Token]) -> bool {
    let c = next_char(text, i);
    let after = i + c.len_utf8();
    let attached = out.last().is_some_and(|t| t.span.end == i && t.kind == TokenKind::Word);
    attached
        && matches!(next_char_opt(text, after, end), Some('s' | 'S'))
        && next_char_opt(text, after + 1, end).is_none_or(|n| !is_word_char(n))
}

fn url_end(text: &str, i: usize, end: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..end];
    let is_url = rest.starts_with(b"http://")
        || rest.starts_with(b"https://")
        || rest.starts_with(b"www.") && rest.len() > 4 && rest[4].is_ascii_alphanumeric();
    if !is_url {
        return None;
    }
    let mut e = i;
    for (off, c) in text[i..end].char_indices() {
        if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\u{201C}' | '\u{201D}') {
            break;
        }
        e = i + off + c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence, and a closing bracket
    // to the markup around the link.
    while e > i {
        let c = prev_char(text, e).unwrap_or(' ');
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '\u{2019}') {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    Some(e)
}

/// The end of the word starting at `i` and whether it is a number.
fn word_end(tz: &Tokenizer, text: &str, i: usize, end: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let numeric = bytes[i].is_ascii_digit();
    // The run of ASCII letters and digits first, byte by byte; the loop
    // below goes on from there exactly as it would have.
    let run = ascii_alnum_run(bytes, i, end);
    let mut e = run;
    // Most words end at a space or a punctuation mark that never joins.
    let settled = run == end
        || bytes[run] < 0x80 && !matches!(bytes[run], b'\'' | b'-' | b'.' | b',' | b':' | b'/');
    let rest = if settled { "" } else { &text[run..end] };
    let mut chars = rest.char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let at = run + off;
        if is_word_char(c) {
            e = at + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        let joins = match c {
            // Inner apostrophe: "don't", "O'Brien"; but not a possessive 's.
            c if is_apostrophe(c) => {
                next.is_some_and(is_word_char)
                    && !(matches!(next, Some('s' | 'S'))
                        && next_char_opt(text, at + c.len_utf8() + 1, end)
                            .is_none_or(|n| !is_word_char(n)))
            }
            c if is_dash_joiner(c) => next.is_some_and(is_word_char),
            '.' | ',' | ':' | '/' if numeric => next.is_some_and(|n| n.is_ascii_digit()),
            '&' => false,
            _ => false,
        };
        if !joins {
            break;
        }
        e = at + c.len_utf8();
    }
    if numeric && all_digits_or_number(&text[i..e]) {
        return (e, TokenKind::Number);
    }
    // Abbreviation dots: "U.S.", "U.N.", "p.m.", single initials "W.", and
    // the known list ("Mr.", "Jan.").
    if text[e..end].starts_with('.') {
        let word = &text[i..e];
        let mut j = e;
        // Initialisms: letter . letter . (…)
        let mut is_initialism = word.chars().count() == 1;
        loop {
            let after_dot = j + 1;
            let mut it = text[after_dot..end].chars();
            match (it.next(), it.next()) {
                (Some(l), Some('.')) if l.is_alphabetic() && word.chars().count() == 1 => {
                    j = after_dot + l.len_utf8();
                    is_initialism = true;
                }
                _ => break,
            }
        }
        if is_initialism {
            return (j + 1, TokenKind::Word);
        }
        if tz.abbreviations.contains_ascii_lowercase(word) {
            return (e + 1, TokenKind::Word);
        }
    }
    (e, if numeric { TokenKind::Number } else { TokenKind::Word })
}

/// The end of the run of ASCII letters and digits in `bytes[i..end]`.
/// Eight bytes at a time: the loop exit is then predictable for the
/// short words of prose, where a byte-wise loop mispredicts once per word.
#[inline]
fn ascii_alnum_run(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i + 8 <= end {
        let x = load_u64(&bytes[i..i + 8]);
        if x & LANE_HIGH != 0 {
            break; // non-ASCII: byte by byte below
        }
        let other = !ascii_alnum_lanes(x) & LANE_HIGH;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

fn all_digits_or_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '/' | '-'))
}

/// True when the word token (with its dot) is an abbreviation.
fn is_abbreviation(tz: &Tokenizer, word: &str) -> bool {
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.contains('.') || stem.chars().count() == 1 {
        return true;
    }
    tz.abbreviations.contains_ascii_lowercase(stem)
}

fn never_final(tz: &Tokenizer, word: &str) -> bool {
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    // A single capital initial ("George W. Bush") never ends a sentence.
    if stem.chars().count() == 1 && stem.chars().all(char::is_uppercase) {
        return true;
    }
    tz.never_final.contains_ascii_lowercase(stem)
}

fn split_sentences(
    tz: &Tokenizer,
    text: &str,
    tokens: &[Token],
    first: usize,
    gaps: &[Gap],
    out: &mut Vec<Sentence>,
    paragraph: &mut usize,
) {
    let n = tokens.len();
    if first == n {
        return;
    }
    let mut start = first;
    let push = |out: &mut Vec<Sentence>, s: usize, e: usize, paragraph: usize| {
        if s < e {
            out.push(Sentence {
                span: Span::new(tokens[s].span.start, tokens[e - 1].span.end),
                tokens: s..e,
                part: Part::Body,
                content_start: tokens[s].span.start,
                paragraph,
            });
        }
    };
    let mut k = first;
    while k < n {
        // A line break before token k ends the sentence before it, unless the
        // line goes on in lower case (hard-wrapped prose).
        if k > start {
            let g = gaps[k - first];
            if g == Gap::Paragraph || (g == Gap::Line && !starts_lowercase(&text[tokens[k].span])) {
                push(out, start, k, *paragraph);
                if g == Gap::Paragraph {
                    *paragraph += 1;
                }
                start = k;
            }
        } else if k > first && gaps[k - first] == Gap::Paragraph {
            // The sentence before ended at its own punctuation: the blank
            // line still starts a new paragraph.
            *paragraph += 1;
        }
        let t = tokens[k];
        let s = &text[t.span];
        let ends = match t.kind {
            TokenKind::Punct => matches!(s, "." | "!" | "?" | "..." | "…" | "?!" | "!?"),
            TokenKind::Word => {
                is_abbreviation(tz, s)
                    && !never_final(tz, s)
                    && next_starts_sentence(tz, text, tokens, k + 1)
            }
            _ => false,
        };
        if ends {
            // Closing quotes and brackets right after the mark belong to this
            // sentence.
            let mut e = k + 1;
            while e < n
                && gaps[e - first] == Gap::Space
                && tokens[e].span.start == tokens[e - 1].span.end
                && (tokens[e].kind == TokenKind::Quote
                    || matches!(&text[tokens[e].span], ")" | "]"))
                && is_closing_here(tokens, e)
            {
                e += 1;
            }
            let next_ok = e >= n || gaps[e - first] != Gap::Space || {
                let next = &text[tokens[e].span];
                tokens[e].span.start > tokens[e - 1].span.end
                    && !starts_lowercase(next)
                    && !matches!(next, "," | ";" | ":" | ")" | "]" | ".")
            };
            if next_ok {
                push(out, start, e, *paragraph);
                start = e;
                k = e;
                continue;
            }
        }
        k += 1;
    }
    push(out, start, n, *paragraph);
}

/// A quote token at `e` closes (rather than opens) when no word follows it
/// directly.
fn is_closing_here(tokens: &[Token], e: usize) -> bool {
    let t = tokens[e];
    tokens.get(e + 1).is_none_or(|n| {
        n.span.start > t.span.end || !matches!(n.kind, TokenKind::Word | TokenKind::Number)
    })
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// After an abbreviation: does token `k` start a new sentence?
fn next_starts_sentence(tz: &Tokenizer, text: &str, tokens: &[Token], k: usize) -> bool {
    match tokens.get(k) {
        None => true,
        Some(t) => {
            let s = &text[t.span];
            tz.starters.contains(s)
                || (t.kind == TokenKind::Quote
                    && tokens.get(k + 1).is_some_and(|n| {
                        text[n.span].chars().next().is_some_and(char::is_uppercase)
                    }))
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).tokens.iter().map(|t| &text[t.span]).collect()
    }

    /// Every token's shape is what the shape tests say of its text.
    #[test]
    fn token_shapes_agree_with_the_shape_tests() {
        let text = "J. Smith, NATO's McDonald and O'Brien met Élysée aides \
                    (ÉCOLE, iPhone, 2004, Ängel) in the U.S. on Jan. 5. “Über” A. B. ’s MPs Ça";
        let doc = tokenize(text);
        assert!(doc.tokens.len() > 30);
        for t in &doc.tokens {
            let w = &text[t.span];
            assert_eq!(t.shape.capitalised(), crate::shape::is_capitalised(w), "{w}");
            assert_eq!(t.shape.initial(), crate::shape::is_initial(w), "{w}");
        }
        let cap = |w: &str| doc.tokens.iter().find(|t| &text[t.span] == w).unwrap().shape;
        assert!(
            cap("Élysée").capitalised() && cap("Ängel").capitalised() && cap("Ça").capitalised()
        );
        assert!(
            !cap("NATO").capitalised()
                && !cap("ÉCOLE").capitalised()
                && !cap("iPhone").capitalised()
        );
        assert!(cap("J.").initial() && cap("A.").initial() && !cap("Jan.").initial());
    }

    fn sentences(text: &str) -> Vec<&str> {
        tokenize(text).sentences.iter().map(|s| &text[s.span]).collect()
    }

    macro_rules! t {
        ($name:ident, $text:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(sentences($text), $want, "sentences of {:?}", $text);
            }
        };
    }

    #[test]
    fn alnum_runs_match_the_byte_rule() {
        let mut all: Vec<u8> = (0u8..=255).collect();
        all.extend_from_slice(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        for start in 0..all.len() {
            for end in start..all.len().min(start + 20) {
                let want = start
                    + all[start..end].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                assert_eq!(ascii_alnum_run(&all, start, end), want, "{start}..{end}");
            }
        }
        let words = b"Yoon2024 said-that; Kim\xc3\xa9 ok";
        for start in 0..words.len() {
            let want =
                start + words[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            assert_eq!(ascii_alnum_run(words, start, words.len()), want);
        }
    }

    t!(abbrev_us, "U.S. officials said. They left.", vec!["U.S. officials said.", "They left."]);
    t!(
        abbrev_titles,
        "Mr. Kim met U.S. officials on Jan. 5. Yoon’s claims were rejected.",
        vec!["Mr. Kim met U.S. officials on Jan. 5.", "Yoon’s claims were rejected."]
    );
    t!(
        initial,
        "George W. Bush spoke. Then he left.",
        vec!["George W. Bush spoke.", "Then he left."]
    );
    t!(
        us_final,
        "It was sold to the U.S. The deal failed.",
        vec!["It was sold to the U.S.", "The deal failed."]
    );
    t!(
        quote_close,
        "“We will win.” He said so. “Really?” she asked.",
        vec!["“We will win.”", "He said so.", "“Really?” she asked."]
    );
    t!(
        quote_inner_comma,
        "“It is over,” he said. Next one.",
        vec!["“It is over,” he said.", "Next one."]
    );
    t!(
        lines,
        "Headline here\nBody starts. Body ends.",
        vec!["Headline here", "Body starts.", "Body ends."]
    );
    t!(hard_wrap, "This sentence is\nwrapped here.", vec!["This sentence is\nwrapped here."]);
    t!(decimals, "It grew 3.5 percent. Prices rose.", vec!["It grew 3.5 percent.", "Prices rose."]);
    t!(ellipsis_lower, "He waited... and then left.", vec!["He waited... and then left."]);
    t!(un, "The U.N. Security Council met.", vec!["The U.N. Security Council met."]);

    #[test]
    fn paragraphs_after_a_full_stop() {
        let text = "One ends here.\n\nTwo starts. Still two.\n\nThree.";
        let doc = tokenize(text);
        let paras: Vec<usize> = doc.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(paras, vec![0, 1, 1, 2]);
    }

    #[test]
    fn possessives_split() {
        assert_eq!(words("Yoon’s claims"), vec!["Yoon", "’s", "claims"]);
        assert_eq!(words("Kim's trip"), vec!["Kim", "'s", "trip"]);
        assert_eq!(words("the officials' view"), vec!["the", "officials", "'", "view"]);
        assert_eq!(words("don’t stop"), vec!["don’t", "stop"]);
        assert_eq!(words("O'Brien said"), vec!["O'Brien", "said"]);
    }

    #[test]
    fn punctuation_and_words() {
        assert_eq!(
            words("week-long trip – “good” — U.S.-led"),
            vec!["week-long", "trip", "–", "“", "good", "”", "—", "U.S.", "-", "led"]
        );
        assert_eq!(
            words("Kim Jong-un, 2023-11-11, 1,000"),
            vec!["Kim", "Jong-un", ",", "2023-11-11", ",", "1,000"]
        );
    }

    #[test]
    fn url_is_one_token() {
        assert_eq!(
            words("– [Reuters](https://www.reuters.com/)"),
            vec!["–", "[", "Reuters", "]", "(", "https://www.reuters.com/", ")"]
        );
    }

    #[test]
    fn faq_lines_are_sentences() {
        let text = "Body text. More.\n\nFrequently Asked Questions:\n\nQ: Why did he go?\n\nA: He said that it was time.\n\nSources:\n\n– [Reuters](https://www.reuters.com/)";
        let doc = tokenize(text);
        let got: Vec<(Part, &str)> =
            doc.sentences.iter().map(|s| (s.part, &text[s.span])).collect();
        assert_eq!(
            got,
            vec![
                (Part::Body, "Body text."),
                (Part::Body, "More."),
                (Part::Body, "Frequently Asked Questions:"),
                (Part::Question, "Q: Why did he go?"),
                (Part::Answer, "A: He said that it was time."),
                (Part::Sources, "Sources:"),
                (Part::Sources, "– [Reuters](https://www.reuters.com/)"),
            ]
        );
    }

    #[test]
    fn date_marker_is_own_sentence() {
        let text = " date 2023-11-11 North Korea has defended it.";
        let s = sentences(text);
        assert_eq!(s, vec!["date 2023-11-11", "North Korea has defended it."]);
    }

    #[test]
    fn spans_slice_text() {
        let text = "“Kim’s” U.S.—Pyongyang: é́ 1.5% https://x.org/a. Done!";
        let doc = tokenize(text);
        for t in &doc.tokens {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            assert!(!text[t.span].trim().is_empty());
        }
    }
}
