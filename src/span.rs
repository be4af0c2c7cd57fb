//! Byte spans into an article's text, and the one-pass conversion of byte
//! offsets to Unicode code-point offsets used when writing tables.

use std::ops::{Index, Range};

/// A half-open byte range `[start, end)` into an article's text.
///
/// Every span produced by claimex lies on UTF-8 character boundaries, so
/// `&text[span]` never panics for the text the span was made for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// Creates a span. Panics (in debug builds) when `start > end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// As a `Range<usize>`.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl Index<Span> for str {
    type Output = str;

    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

/// Converts byte offsets into code-point offsets in one forward pass.
///
/// Collect every offset an article's rows need with [`CharIndex::push`], call
/// [`CharIndex::resolve`] once, then look each one up with
/// [`CharIndex::chars`]. For pure-ASCII text no work is done at all.
#[derive(Debug, Default)]
pub struct CharIndex {
    ascii: bool,
    wanted: Vec<usize>,
    resolved: Vec<(usize, usize)>,
}

impl CharIndex {
    /// A converter for `text`.
    pub fn new(text: &str) -> CharIndex {
        CharIndex { ascii: text.is_ascii(), wanted: Vec::new(), resolved: Vec::new() }
    }

    /// Registers a byte offset that will be looked up later.
    pub fn push(&mut self, byte: usize) {
        if !self.ascii {
            self.wanted.push(byte);
        }
    }

    /// Resolves every pushed offset with one walk over `text`.
    pub fn resolve(&mut self, text: &str) {
        if self.ascii {
            return;
        }
        self.wanted.sort_unstable();
        self.wanted.dedup();
        self.resolved.clear();
        self.resolved.reserve(self.wanted.len());
        let bytes = text.as_bytes();
        let (mut pos, mut chars) = (0usize, 0usize);
        for &want in &self.wanted {
            // Count the code points between `pos` and `want`: every byte that
            // is not a UTF-8 continuation byte starts one.
            let upto = want.min(bytes.len());
            if upto > pos {
                chars += bytes[pos..upto].iter().filter(|&&b| (b as i8) >= -0x40).count();
                pos = upto;
            }
            self.resolved.push((want, chars));
        }
    }

    /// The code-point offset of a byte offset given to [`CharIndex::push`].
    pub fn chars(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.resolved.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.resolved[i].1,
            Err(_) => panic!("byte offset {byte} was not registered with CharIndex::push"),
        }
    }
}

/// Counts the code points of `text`.
pub fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.as_bytes().iter().filter(|&&b| (b as i8) >= -0x40).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_str() {
        let text = "Yoon’s claims";
        assert_eq!(&text[Span::new(0, 4)], "Yoon");
    }

    #[test]
    fn char_index_matches_chars() {
        let text = "Kim’s “trip” to Pyongyang — é";
        let mut ci = CharIndex::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for &o in offsets.iter().rev() {
            ci.push(o);
        }
        ci.resolve(text);
        for (n, &o) in offsets.iter().enumerate() {
            assert_eq!(ci.chars(o), n, "byte {o}");
        }
        assert_eq!(char_count(text), offsets.len() - 1);
    }

    #[test]
    fn ascii_is_identity() {
        let text = "North Korea";
        let mut ci = CharIndex::new(text);
        ci.push(5);
        ci.resolve(text);
        assert_eq!(ci.chars(5), 5);
    }
}
