//! Sharding: one input, N machines, one result.
//!
//! `claimex --shard K/N` reads the whole input (so that every article keeps
//! the id and `source` it has in a one-machine run: repeated ids get their
//! `~2` in input order, line numbers count every line) but analyses only
//! the articles whose id hashes to shard `K` ([`Shard::selects`]). Every
//! article, rejected ones included, lands in exactly one of the N shards.
//!
//! Besides the six tables (a valid result for its share of the articles),
//! a shard writes what [`crate::merge`] needs to rebuild the one-machine
//! tables byte for byte:
//!
//! - `shard.csv`: `seq,mentions,claims,claim_entities` per article, in the
//!   shard's order; `seq` is the article's 0-based position in the whole
//!   input, so the merge puts rows back in input order, and the row counts
//!   say which rows of `mentions.csv`, `claims.csv` and
//!   `claim_entities.csv` belong to it;
//! - `shard_candidates.csv`: `name,count,first_seq,example` for every
//!   candidate name, singletons included (a shard's `candidates.csv` keeps
//!   names seen twice in that shard only, which cannot be summed);
//! - `shard_entities.csv`: `entities.csv` plus `first_seq`, the position of
//!   the entity's first article, whose spelling of the name wins;
//! - `shard.json`: `{"shard": K, "of": N, "items": T}`, T the articles of the
//!   whole input, to check that a merge has every shard of one input.
//!
//! The one-machine tables carry no extra column: the order lives in
//! `shard.csv`, not in `articles.csv`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::candidates::Tally;
use crate::error::{Error, Result};
use crate::write::tables::{EntityTotal, Table};
use crate::write::{row, Processed, Raw, Row, Rows, Text, WriteOptions};

row! {
    /// A row of `shard.csv`: an article's input position and row counts.
    ShardIndexRow => "shard.csv" {
        /// 0-based position of the article in the whole input.
        seq: u64,
        /// Its rows in `mentions.csv`.
        mentions: u64,
        /// Its rows in `claims.csv`.
        claims: u64,
        /// Its rows in `claim_entities.csv`.
        claim_entities: u64,
    }
}

row! {
    /// A row of `shard_entities.csv`: `entities.csv` plus the input position
    /// of the entity's first article (found people with one id can be
    /// written two ways, "Theo van Gogh" / "Theo Van Gogh": the first
    /// article's spelling wins).
    ShardEntityRow<'a> => "shard_entities.csv" {
        /// As in `entities.csv`.
        entity_id: Raw<'a>,
        /// As in `entities.csv`.
        kind as "type": Raw<'a>,
        /// As in `entities.csv`.
        name: Text<'a>,
        /// As in `entities.csv`.
        mentions: u64,
        /// As in `entities.csv`.
        articles: u64,
        /// Input position of the entity's first article.
        first_seq: u64,
        /// As in `entities.csv`.
        parent: Raw<'a>,
        /// As in `entities.csv`.
        subtype: Raw<'a>,
        /// As in `entities.csv`.
        country: Raw<'a>,
    }
}

row! {
    /// A row of `shard_candidates.csv`: every candidate name of the shard,
    /// singletons included (a shard's `candidates.csv` keeps names seen
    /// twice in that shard only, which cannot be summed).
    ShardCandidateRow<'a> => "shard_candidates.csv" {
        /// The name.
        name: Text<'a>,
        /// Its count in the shard.
        count: u64,
        /// Input position of its first article.
        first_seq: u64,
        /// The first sentence it was seen in.
        example: Text<'a>,
    }
}

/// `shard.csv`: per article, its position in the input and its row counts.
pub const SHARD_INDEX: &str = ShardIndexRow::TABLE;
/// `shard_candidates.csv`: every candidate name with its count.
pub const SHARD_CANDIDATES: &str = ShardCandidateRow::TABLE;
/// `shard_entities.csv`: `entities.csv` plus `first_seq`.
pub const SHARD_ENTITIES: &str = ShardEntityRow::TABLE;
/// `shard.json`: which shard of how many, and the input's size.
pub const SHARD_META: &str = "shard.json";

/// The files a shard writes besides the six tables, while they are written.
pub(crate) struct ShardFiles {
    spec: Shard,
    /// `shard.csv`: seq and row counts of each article, in order.
    index: Table,
    /// Every candidate name: count, seq of its first article, example
    /// (bounded as a whole run's `candidates.csv` is).
    names: Tally,
    /// Items in the whole input (every shard), known at the end.
    pub(crate) total: u64,
}

impl ShardFiles {
    /// Opens `shard.csv` in `dir`.
    pub(crate) fn create(dir: &Path, spec: Shard, opts: WriteOptions) -> Result<ShardFiles> {
        let index = Table::open(dir, SHARD_INDEX, ShardIndexRow::HEADER, 1, opts)?;
        Ok(ShardFiles { spec, index, names: Tally::default(), total: 0 })
    }

    /// Records one article: its `shard.csv` row and its candidate names.
    pub(crate) fn append(&mut self, p: &Processed) -> Result<()> {
        let mut w = Rows::of::<ShardIndexRow>(WriteOptions::default());
        w.row(&ShardIndexRow {
            seq: p.seq,
            mentions: p.mentions,
            claims: p.claims,
            claim_entities: p.claim_entities,
        });
        self.index.append(&w.into_bytes(), 1)?;
        self.names.add(p.seq, &p.candidates);
        Ok(())
    }

    /// Writes `shard_candidates.csv`, `shard_entities.csv` and `shard.json`;
    /// returns the (temporary file, destination) pairs of every shard file,
    /// renamed with the tables.
    pub(crate) fn finish(
        self,
        dir: &Path,
        entities: &BTreeMap<String, EntityTotal>,
        opts: WriteOptions,
    ) -> Result<Vec<(PathBuf, PathBuf)>> {
        let ShardFiles { spec, index, names, total } = self;
        let mut files = vec![index.close()?];
        let names = names.into_sorted();
        let mut t = Table::open(dir, SHARD_CANDIDATES, ShardCandidateRow::HEADER, 1, opts)?;
        let mut w = Rows::of::<ShardCandidateRow>(opts);
        for (name, count, first_seq, example) in &names {
            w.row(&ShardCandidateRow {
                name: Text(name),
                count: *count,
                first_seq: *first_seq,
                example: Text(example),
            });
        }
        t.append(&w.into_bytes(), 0)?;
        files.push(t.close()?);
        let mut t = Table::open(dir, SHARD_ENTITIES, ShardEntityRow::HEADER, 1, opts)?;
        let mut w = Rows::of::<ShardEntityRow>(opts);
        for (id, e) in entities {
            w.row(&ShardEntityRow {
                entity_id: Raw(id),
                kind: Raw(e.kind),
                name: Text(&e.name),
                mentions: e.mentions,
                articles: e.articles,
                first_seq: e.first_seq,
                parent: Raw(&e.info.parent),
                subtype: Raw(&e.info.subtype),
                country: Raw(&e.info.country),
            });
        }
        t.append(&w.into_bytes(), 0)?;
        files.push(t.close()?);
        let dest = dir.join(SHARD_META);
        let tmp = dir.join(format!(".{SHARD_META}.{}.tmp", std::process::id()));
        let meta = ShardMeta { shard: spec.index, of: spec.count, items: total };
        let json = serde_json::to_vec(&meta)
            .map_err(|e| Error::Shard { path: dest.clone(), msg: e.to_string() })?;
        std::fs::write(&tmp, json).map_err(|e| Error::io(&tmp, e))?;
        files.push((tmp, dest));
        Ok(files)
    }

    /// Removes the temporary `shard.csv` (after a failed run).
    pub(crate) fn abandon(self) {
        self.index.remove();
    }
}

/// Shard `index` of `count` (`--shard K/N`, 0 ≤ K < N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// K, from 0.
    pub index: u32,
    /// N, at least 1.
    pub count: u32,
}

/// The contents of `shard.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardMeta {
    /// K.
    pub shard: u32,
    /// N.
    pub of: u32,
    /// Articles (rows of `articles.csv`) in the whole input.
    pub items: u64,
}

impl Shard {
    /// Parses `K/N`.
    pub fn parse(s: &str) -> Result<Shard> {
        let bad = || Error::Usage(format!("--shard {s}: expected K/N with 0 <= K < N, e.g. 0/4"));
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Does this shard take the article with this id (its final
    /// `article_id`, `~2` suffix included)?
    #[inline]
    pub fn selects(&self, article_id: &str) -> bool {
        self.count <= 1 || shard_of(article_id, self.count) == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The shard (0..n) of an article id: FNV-1a (64 bits) of the id's UTF-8
/// bytes, mixed by the SplitMix64 finaliser, modulo `n`. Fixed here, not
/// std's seeded hasher, so that every machine and every release agree.
pub fn shard_of(article_id: &str, n: u32) -> u32 {
    (stable_hash(article_id.as_bytes()) % u64::from(n.max(1))) as u32
}

/// FNV-1a 64 then SplitMix64's finaliser: stable across runs and machines.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!(Shard::parse("0/3").unwrap(), Shard { index: 0, count: 3 });
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { index: 2, count: 3 });
        for bad in ["3/3", "1/0", "x/2", "1", "-1/2", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hash_is_stable() {
        // Fixed values: a change here re-shards every existing dump.
        assert_eq!(stable_hash(b""), 0xf52a_15e9_a9b5_e89b);
        assert_eq!(stable_hash(b"bbc-business-001"), 0x7251_642b_834e_0411);
        assert_eq!(shard_of("bbc-business-001", 3), 1);
        assert_eq!(shard_of("bbc-business-001", 1), 0);
        let spread: Vec<u32> = (0..3000).map(|i| shard_of(&format!("a{i}"), 3)).collect();
        for k in 0..3 {
            let n = spread.iter().filter(|&&s| s == k).count();
            assert!((900..1100).contains(&n), "shard {k}: {n} of 3000");
        }
    }
}
