//! Word shapes: what a character or a word looks like, shared by every
//! stage (word characters, capitalised names, initials, party tags, word
//! boundaries, characters that are their own lower case), and the
//! eight-bytes-at-a-time letter-or-digit test the tokenizer and the
//! tagger's scans use.
//!
//! # Example
//!
//! ```
//! use claimex::shape::{is_capitalised, is_initial, is_plural_acronym};
//!
//! assert!(is_capitalised("O'Brien") && !is_capitalised("NATO") && !is_capitalised("yoon"));
//! assert!(is_plural_acronym("MPs") && !is_plural_acronym("Ms") && !is_plural_acronym("NATO"));
//! assert!(is_initial("J.") && !is_initial("Jr."));
//! ```

/// True for characters that continue a word: letters, digits and combining marks.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// Combining marks.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Capitalised like a name: an upper-case first letter and a lower-case
/// letter later ("Yoon", "McDonald", "O'Brien"); not ALL CAPS.
#[inline]
pub fn is_capitalised(w: &str) -> bool {
    let b = w.as_bytes();
    match b.first() {
        None => false,
        // ASCII first: most words are settled by their first byte.
        Some(&f) if f < 0x80 => {
            f.is_ascii_uppercase()
                && (b[1..].iter().any(u8::is_ascii_lowercase)
                    || !b.is_ascii() && w[1..].chars().any(char::is_lowercase))
        }
        Some(_) => is_capitalised_unicode(w),
    }
}

fn is_capitalised_unicode(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// The plural of an acronym ("MPs", "PCs", "DVDs"): two or more ASCII
/// capitals and a final lower-case `s`. Capitalised like a name by
/// [`is_capitalised`], but a common noun.
#[inline]
pub fn is_plural_acronym(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3 && b[b.len() - 1] == b's' && b[..b.len() - 1].iter().all(u8::is_ascii_uppercase)
}

/// A single capital initial with its dot ("J.").
#[inline]
pub fn is_initial(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.'
}

/// Is there a word boundary right before byte `s`?
pub fn boundary_before(text: &str, s: usize) -> bool {
    text[..s].chars().next_back().is_none_or(|c| !is_word_char(c))
}

/// Is there a word boundary right after a match ending at byte `e`?
pub fn boundary_after(text: &str, e: usize) -> bool {
    let prev_is_word = text[..e].chars().next_back().is_some_and(is_word_char);
    text[e..].chars().next().is_none_or(|c| !is_word_char(c) || !prev_is_word)
}

/// Is `c` its own lower case (`c.to_lowercase()` yields `c` alone)?
pub fn lower_is_self(c: char) -> bool {
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// A party and state tag after a politician's name: "D-Calif.", "R-IN".
pub fn is_party_tag(s: &str) -> bool {
    let s = s.trim();
    let b = s.as_bytes();
    b.len() >= 3
        && b.len() <= 12
        && matches!(b[0], b'D' | b'R' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
        && s[2..].chars().all(|c| c.is_ascii_alphabetic() || c == '.' || c == ' ')
}

/// 0x01 in every byte of a `u64`: `LANE_ONES * b` repeats byte `b`.
pub const LANE_ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of a `u64`.
pub const LANE_HIGH: u64 = 0x80 * LANE_ONES;

/// The first eight bytes of `b` as a little-endian `u64` (one load).
#[inline(always)]
pub fn load_u64(b: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

/// The first four bytes of `b` as a little-endian `u32` (one load).
#[inline(always)]
pub fn load_u32(b: &[u8]) -> u32 {
    let mut w = [0; 4];
    w.copy_from_slice(&b[..4]);
    u32::from_le_bytes(w)
}

/// For eight bytes below 0x80 in a `u64`: the high bit of each byte set
/// where that byte is at least `k`. Every byte is below 0x80, so no
/// addition carries into the next byte.
#[inline(always)]
fn lanes_at_least(x: u64, k: u64) -> u64 {
    x + LANE_ONES * (0x80 - k)
}

/// For eight ASCII bytes read as a little-endian `u64` (every high bit
/// clear): the high bit of each byte set where that byte is an ASCII
/// letter or digit, the other bits clear.
#[inline(always)]
pub fn ascii_alnum_lanes(x: u64) -> u64 {
    let letter = x | (LANE_ONES * 0x20); // folds upper case onto lower case
    let digit = lanes_at_least(x, 0x30) & !lanes_at_least(x, 0x3a);
    let alpha = lanes_at_least(letter, 0x61) & !lanes_at_least(letter, 0x7b);
    (digit | alpha) & LANE_HIGH
}

/// For any eight bytes read as a little-endian `u64`: the high bit of each
/// byte set where that byte is an ASCII capital `A`..=`Z`, the other bits
/// clear (a byte of 0x80 or more is none, whatever its low seven bits).
#[inline(always)]
pub fn ascii_upper_lanes(x: u64) -> u64 {
    let low = x & !LANE_HIGH;
    lanes_at_least(low, 0x41) & !lanes_at_least(low, 0x5b) & !x & LANE_HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_words() {
        for (w, want) in [
            ("Yoon", true),
            ("McDonald", true),
            ("Émile", true),
            ("ÉMILE", false),
            ("NATO", false),
            ("yoon", false),
            ("", false),
            ("A", false),
        ] {
            assert_eq!(is_capitalised(w), want, "{w:?}");
        }
    }

    #[test]
    fn party_tags() {
        for (w, want) in [
            ("D-Calif.", true),
            ("R-IN", true),
            (" I-Vt. ", true),
            ("D-New York", true),
            ("D-", false),
            ("d-Calif.", false),
            ("D-calif", false),
            ("R-Texas-based firm", false),
            ("X-Men", false),
        ] {
            assert_eq!(is_party_tag(w), want, "{w:?}");
        }
    }

    #[test]
    fn own_lower_case() {
        for (c, want) in
            [('a', true), ('A', false), ('“', true), ('é', true), ('Σ', false), ('İ', false)]
        {
            assert_eq!(lower_is_self(c), want, "{c:?}");
        }
    }

    #[test]
    fn boundaries() {
        let t = "Niger, Nigeria";
        assert!(boundary_before(t, 0) && boundary_after(t, 5));
        assert!(!boundary_after(t, 12) && boundary_after(t, 14));
    }
}
