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

/// Converts byte offsets into code-point offsets after one pass over the text.
///
/// [`CharIndex::new`] walks the text once and records, for every block of
/// [`BLOCK`] bytes, how many code points come before it; [`CharIndex::chars`]
/// then answers any offset with that count plus a count over fewer than
/// [`BLOCK`] bytes. Offsets need not be registered nor sorted (no per-article
/// sort, no binary search). For pure-ASCII text no work is done at all.
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a [u8],
    ascii: bool,
    /// Code points before byte `i * BLOCK`.
    blocks: Vec<usize>,
}

/// Bytes per block of [`CharIndex`].
pub const BLOCK: usize = 64;

/// Code points that start in `bytes`: every byte that is not a UTF-8
/// continuation byte starts one.
#[inline]
fn starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> CharIndex<'a> {
    /// A converter for `text`: one pass over it unless it is ASCII.
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let bytes = text.as_bytes();
        let ascii = text.is_ascii();
        let mut blocks = Vec::new();
        if !ascii {
            blocks.reserve(bytes.len() / BLOCK + 1);
            let mut n = 0usize;
            for chunk in bytes.chunks(BLOCK) {
                blocks.push(n);
                n += starts(chunk);
            }
            blocks.push(n);
        }
        CharIndex { text: bytes, ascii, blocks }
    }

    /// The code-point offset of byte offset `byte` (a character boundary,
    /// at most the text's length).
    #[inline]
    pub fn chars(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let byte = byte.min(self.text.len());
        let b = byte / BLOCK;
        self.blocks[b] + starts(&self.text[b * BLOCK..byte])
    }
}

/// Counts the code points of `text`.
pub fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        starts(text.as_bytes())
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
        let ci = CharIndex::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (n, &o) in offsets.iter().enumerate() {
            assert_eq!(ci.chars(o), n, "byte {o}");
        }
        assert_eq!(char_count(text), offsets.len() - 1);
    }

    #[test]
    fn ascii_is_identity() {
        let text = "North Korea";
        let ci = CharIndex::new(text);
        assert_eq!(ci.chars(5), 5);
    }
}
