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

pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A set with [`FxHasher`].
pub type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FxHasher>>;

/// A fixed word list as a set: `contains` costs one hash, not a scan.
pub struct WordSet {
    set: FastSet<&'static str>,
    /// The longest word's length in bytes.
    longest: usize,
}

impl WordSet {
    /// The set of `words`.
    pub fn new(words: &[&'static str]) -> WordSet {
        WordSet {
            set: words.iter().copied().collect(),
            longest: words.iter().map(|w| w.len()).max().unwrap_or(0),
        }
    }

    /// Is `w` in the list?
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        w.len() <= self.longest && self.set.contains(w)
    }

    /// Is `w`, ASCII letters lower-cased (`to_ascii_lowercase`), in the
    /// list? No allocation: the lower-cased copy lives on the stack.
    #[inline]
    pub fn contains_ascii_lowercase(&self, w: &str) -> bool {
        const MAX: usize = 32;
        let b = w.as_bytes();
        if b.len() > self.longest {
            return false;
        }
        if b.len() > MAX {
            return self.set.contains(w.to_ascii_lowercase().as_str());
        }
        let mut buf = [0u8; MAX];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // Lower-casing ASCII bytes keeps UTF-8 valid.
        std::str::from_utf8(&buf[..b.len()]).is_ok_and(|l| self.set.contains(l))
    }
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
}
