//! A fast hasher for short keys.
//!
//! FxHash (rustc's hasher): the stages keep small maps keyed by short words,
//! looked up for every capitalised token, where SipHash showed in profiles.
//! Only lookups use it, never iteration order, so output cannot depend on it.

use std::collections::{HashMap, HashSet};

/// The hasher.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
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
#[inline]
fn pack(b: &[u8], fold: bool) -> Option<u128> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
