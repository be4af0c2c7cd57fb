//! Any text through tokenize + tag, with and without a date: mentions on
//! char boundaries, non-empty, ordered and never overlapping.
#![no_main]

mod common;

use claimex::gazetteer::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the date (titles resolve by date).
    let (date, rest) = match data.split_first() {
        Some((b, rest)) if b % 3 == 0 => (Date::parse("2023-11-11"), rest),
        Some((b, rest)) if b % 3 == 1 => (Date::parse("2015-06-01"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    let text = common::text(rest);
    let doc = claimex::tokenize::tokenize(&text);
    let tagged = common::pipeline().tagger().tag(&doc, date);
    common::check_mentions(&text, &doc, &tagged.mentions);
    for m in &tagged.mentions {
        if let claimex::tag::EntityRef::Found(i) = m.entity {
            assert!((i as usize) < tagged.found.len(), "found person {i} out of range");
        }
    }
});
