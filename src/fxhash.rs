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
pub struct WordSet(FastSet<&'static str>);

impl WordSet {
    /// The set of `words`.
    pub fn new(words: &[&'static str]) -> WordSet {
        WordSet(words.iter().copied().collect())
    }

    /// Is `w` in the list?
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }
}
