//! Any text through the tokenizer: tokens and sentences on char
//! boundaries, non-empty tokens, ordered and disjoint, tokens inside their
//! sentence.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let doc = claimex::tokenize::tokenize(&text);
    common::check_doc(&text, &doc);
    if let Some((span, _)) = &doc.layout.date {
        common::check_span(&text, *span, "date");
    }
});
