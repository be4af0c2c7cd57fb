//! A fast hasher for short keys.
//!
//! FxHash (rustc's hasher): the stages keep small maps keyed by short words,
//! looked up for every capitalised token, where SipHash showed in profiles.
//! Only lookups use it, never iteration order, so output cannot depend on it.

use std::collections::{HashMap, HashSet};

use crate::shape::{ascii_upper_lanes, load_u32, load_u64};

/// The hasher.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = load_u64(c);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A set with [`FxHasher`].
pub type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// A fixed word list as a set, for hot membership tests. A filter on the
/// first byte and the length settles most misses in a few instructions; a
/// word of at most 15 bytes is then looked up packed into a `u128`, without
/// hashing its bytes one by one.
pub struct WordSet {
    /// Words of at most 15 bytes, packed by [`pack`].
    short: FastSet<u128>,
    /// Longer words.
    long: FastSet<Box<str>>,
    /// Bit `n` of entry `b`: some word of `n` bytes (`n < 64`) starts with
    /// byte `b`.
    shapes: Box<[u64; 256]>,
}

impl std::fmt::Debug for WordSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WordSet({} words)", self.short.len() + self.long.len())
    }
}

impl WordSet {
    /// The set of `words`.
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordSet {
        WordSet::from_lists([words])
    }

    /// The set of the words of all `lists`.
    pub fn from_lists<'a, S: AsRef<str> + 'a>(lists: impl IntoIterator<Item = &'a [S]>) -> WordSet {
        let mut set = WordSet {
            short: FastSet::default(),
            long: FastSet::default(),
            shapes: Box::new([0u64; 256]),
        };
        for w in lists.into_iter().flat_map(|l| l.iter()) {
            let w = w.as_ref();
            if let Some(&b) = w.as_bytes().first() {
                if w.len() < 64 {
                    set.shapes[usize::from(b)] |= 1 << w.len();
                }
            }
            match pack(w.as_bytes(), false) {
                Some(key) => set.short.insert(key),
                None => set.long.insert(w.into()),
            };
        }
        set
    }

    /// Is `w` in the list?
    #[inline(always)]
    pub fn contains(&self, w: &str) -> bool {
        self.may_hold(w, false) && self.lookup(w, false)
    }

    /// Is `w`, ASCII letters lower-cased (`to_ascii_lowercase`), in the
    /// list? No allocation for words of up to 15 bytes.
    #[inline(always)]
    pub fn contains_ascii_lowercase(&self, w: &str) -> bool {
        self.may_hold(w, true) && self.lookup(w, true)
    }

    /// The filter: could a word of this first byte and length be here?
    #[inline(always)]
    fn may_hold(&self, w: &str, fold: bool) -> bool {
        let b = w.as_bytes();
        match b.first() {
            None => true,
            Some(&first) => {
                let first = if fold { first.to_ascii_lowercase() } else { first };
                b.len() >= 64 || self.shapes[usize::from(first)] & 1 << b.len() != 0
            }
        }
    }

    /// Is `w` in the set, past the filter?
    #[inline(never)]
    fn lookup(&self, w: &str, fold: bool) -> bool {
        match pack(w.as_bytes(), fold) {
            Some(key) => self.short.contains(&key),
            None if fold => self.long.contains(w.to_ascii_lowercase().as_str()),
            None => self.long.contains(w),
        }
    }
}

/// The bytes of a word of at most 15 bytes (ASCII-lower-cased when `fold`)
/// with its length in the top byte: equal keys, equal words.
///
/// Built in registers from at most four loads, which may overlap, never
/// byte by byte into a buffer: a key stored a byte at a time and read back
/// as a whole stalled the CPU on every lookup (store forwarding fails).
#[inline]
fn pack(b: &[u8], fold: bool) -> Option<u128> {
    let n = b.len();
    if n > 15 {
        return None;
    }
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            // First, middle and last byte: together every byte of 1 to 3.
            let (m, l) = (n / 2, n - 1);
            let x = u64::from(b[0]) | u64::from(b[m]) << (8 * m) | u64::from(b[l]) << (8 * l);
            (x, 0)
        }
        4..=7 => {
            // Two overlapping 4-byte loads; an overlapped byte is or-ed
            // with itself.
            let first = u64::from(load_u32(&b[..4]));
            let last = u64::from(load_u32(&b[n - 4..]));
            (first | last << (8 * (n - 4)), 0)
        }
        8 => (load_u64(&b[..8]), 0),
        _ => {
            // Bytes 8.. are the top n - 8 bytes of the last 8.
            let last = load_u64(&b[n - 8..]);
            (load_u64(&b[..8]), last >> (8 * (16 - n)))
        }
    };
    let (lo, hi) = if fold { (fold_ascii(lo), fold_ascii(hi)) } else { (lo, hi) };
    Some(u128::from(lo) | u128::from(hi) << 64 | (n as u128) << 120)
}

/// `to_ascii_lowercase` of each of the eight bytes of `x` at once: a byte
/// `A`..=`Z` gains 0x20, every other byte (non-ASCII ones included) is
/// kept.
#[inline(always)]
fn fold_ascii(x: u64) -> u64 {
    x | ascii_upper_lanes(x) >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key as the byte loop builds it.
    fn pack_reference(b: &[u8], fold: bool) -> Option<u128> {
        if b.len() > 15 {
            return None;
        }
        let mut buf = [0u8; 16];
        for (d, &c) in buf.iter_mut().zip(b) {
            *d = if fold { c.to_ascii_lowercase() } else { c };
        }
        buf[15] = b.len() as u8;
        Some(u128::from_le_bytes(buf))
    }

    #[test]
    fn packed_keys_equal_the_byte_loop() {
        // Every length 0 to 17, bytes from every class the fold treats
        // apart: the letters and their neighbours ('@', '[', '`', '{'),
        // digits, non-ASCII bytes whose low seven bits are letters (0xc1,
        // 0xda) or not, and 0x00/0xff.
        let alphabet: &[u8] = b"@AMZ[`amz{09 \x00\xc1\xda\xe9\xff\x80\x7f";
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..=17 {
            for _ in 0..400 {
                let word: Vec<u8> = (0..n)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                for fold in [false, true] {
                    assert_eq!(pack(&word, fold), pack_reference(&word, fold), "{word:?} {fold}");
                }
            }
        }
        for x in 0..=255u8 {
            let w = [x; 9];
            assert_eq!(pack(&w, true), pack_reference(&w, true), "{x:#x}");
        }
    }

    #[test]
    fn word_set_lookups() {
        let s = WordSet::new(&["mr", "jan", "según"]);
        assert!(s.contains("mr") && !s.contains("Mr") && !s.contains("mrs"));
        assert!(s.contains_ascii_lowercase("MR") && s.contains_ascii_lowercase("Jan"));
        assert!(s.contains_ascii_lowercase("SEGúN") && !s.contains_ascii_lowercase("SEGÚN"));
        assert!(!s.contains_ascii_lowercase("") && !s.contains_ascii_lowercase("longer than all"));
    }

    #[test]
    fn packed_word_sets_equal_the_lists() {
        let list: &[&str] = &["Inc", "Co.", "&", "según", "abcdefghijklmno", "abcdefghijklmnop"];
        let plain = WordSet::new(list);
        let folded = WordSet::new(&["during", "según", "abcdefghijklmnopq"]);
        let probes = [
            "",
            "Inc",
            "inc",
            "Inc.",
            "Co",
            "Co.",
            "&",
            "según",
            "Según",
            "SEGúN",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "ABCDEFGHIJKLMNOPQ",
            "During",
            "DURING",
            "durin",
            "during\0",
            "Inc\0",
        ];
        for w in probes {
            assert_eq!(plain.contains(w), list.contains(&w), "{w:?}");
            let fold = ["during", "según", "abcdefghijklmnopq"]
                .iter()
                .any(|x| x.as_bytes().eq_ignore_ascii_case(w.as_bytes()));
            assert_eq!(folded.contains_ascii_lowercase(w), fold, "{w:?}");
        }
        let with_empty = WordSet::from_lists([&["a"][..], &[""][..]]);
        assert!(with_empty.contains("") && with_empty.contains("a") && !with_empty.contains("b"));
    }
}
