//! Bytes as a JSON Lines stream (plain, gzip or zstd by magic bytes):
//! never panics, never yields more items than lines, ids are unique, and a
//! tiny size limit only turns articles into rejections.
#![no_main]

use std::collections::HashSet;
use std::io::Cursor;

use claimex::read::{jsonl, Item, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for max in [16 * 1024 * 1024, 40] {
        let opts = ReadOptions { max_article_bytes: max, ..Default::default() };
        let items: Vec<Item> = jsonl("fuzz", Cursor::new(data.to_vec()), &opts).collect();
        let mut ids = HashSet::new();
        for item in &items {
            assert!(ids.insert(item.id().to_string()), "repeated id {:?}", item.id());
            assert!(item.location().starts_with("fuzz:"), "{:?}", item.location());
            if let Item::Article(a) = item {
                assert!(a.source.starts_with("fuzz:"));
            }
        }
        // Compressed input may hold more lines than the raw bytes.
        let plain = !data.starts_with(b"\x1f\x8b") && !data.starts_with(b"\x28\xb5\x2f\xfd");
        if plain {
            let lines = data.split(|&b| b == b'\n').count();
            assert!(items.len() <= lines, "{} items from {lines} lines", items.len());
        }
    }
});
