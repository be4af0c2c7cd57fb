//! Bytes as a `.txt` article: never panics; an article's text is never
//! blank and its date (if any) is a prefix-marker date of the text.
#![no_main]

mod common;

use claimex::read::{txt, Item, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match txt("fuzz.txt", data.to_vec(), &ReadOptions::default()) {
        Item::Article(a) => {
            assert!(!a.text.trim().is_empty(), "blank article accepted");
            assert_eq!(a.id, "fuzz.txt");
            if let Some(d) = &a.date {
                assert!(a.text.contains(d.as_str()), "date {d:?} not in the text");
            }
            // The text then goes through the whole pipeline.
            let an = common::pipeline().analyze(&a.text, a.date.as_deref());
            common::check_doc(&a.text, &an.doc);
            common::check_mentions(&a.text, &an.doc, &an.tagged.mentions);
        }
        Item::Rejected(r) => assert!(!r.reason.is_empty()),
    }
});
