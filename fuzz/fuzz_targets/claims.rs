//! Any text through the whole pipeline (tokenize, tag, claims) and the row
//! encoder: every claim, speaker and cue span on char boundaries inside
//! the text, claims in text order, and encoding the rows never panics.
#![no_main]

mod common;

use claimex::write::{self, ArticleView, Status, WriteOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let p = common::pipeline();
    let a = p.analyze(&text, None);
    common::check_doc(&text, &a.doc);
    common::check_mentions(&text, &a.doc, &a.tagged.mentions);
    for c in &a.claims {
        common::check_span(&text, c.span, "claim");
        assert!(c.sentence < a.doc.sentences.len().max(1), "claim sentence {}", c.sentence);
        if let Some(sp) = &c.speaker {
            common::check_span(&text, sp.span, "speaker");
        }
        if let Some(cue) = c.cue {
            common::check_span(&text, cue, "cue");
        }
    }
    for w in a.claims.windows(2) {
        assert!(w[0].span.start <= w[1].span.start, "claims out of text order");
    }
    let view = ArticleView {
        id: "fuzz",
        source: "fuzz",
        date: None,
        title: None,
        url: None,
        text: &text,
        sentences: a.doc.sentences.len(),
        tokens: a.doc.tokens.len(),
        status: Status::Ok,
    };
    let out = write::encode(&view, &a.tagged, &a.claims, p.gazetteer(), WriteOptions::default());
    assert_eq!(out.mentions as usize, a.tagged.mentions.len());
});
