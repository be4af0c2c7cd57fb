//! Invariants shared by the fuzz targets: every span lies on char
//! boundaries inside its text, tokens/sentences/mentions are ordered and
//! disjoint.
#![allow(dead_code)]

use std::sync::OnceLock;

use claimex::gazetteer::Gazetteer;
use claimex::span::Span;
use claimex::tokenize::Document;
use claimex::Pipeline;

/// The built-in pipeline, compiled once per process.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Gazetteer::builtin().unwrap()).unwrap())
}

/// Fuzz bytes as text: UTF-8 when they are, else lossily decoded (so the
/// replacement character is exercised too).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?} is reversed");
    assert!(span.end <= text.len(), "{what} {span:?} ends past the text ({})", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} splits a character"
    );
    // Slicing must work (this is what write.rs does).
    let _ = &text[span.range()];
}

pub fn check_doc(text: &str, doc: &Document) {
    for t in &doc.tokens {
        check_span(text, t.span, "token");
        assert!(!t.span.is_empty(), "empty token {:?}", t.span);
    }
    for w in doc.tokens.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "tokens {:?} {:?} overlap", w[0], w[1]);
    }
    for s in &doc.sentences {
        check_span(text, s.span, "sentence");
        assert!(s.tokens.start <= s.tokens.end && s.tokens.end <= doc.tokens.len());
        for t in &doc.tokens[s.tokens.clone()] {
            assert!(s.span.contains(t.span), "token {t:?} outside its sentence {:?}", s.span);
        }
    }
    for w in doc.sentences.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "sentences {:?} {:?} overlap",
            w[0].span,
            w[1].span
        );
        assert!(w[0].tokens.end <= w[1].tokens.start, "sentence token ranges overlap");
    }
}

pub fn check_mentions(text: &str, doc: &Document, mentions: &[claimex::tag::Mention]) {
    for m in mentions {
        check_span(text, m.span, "mention");
        assert!(!m.span.is_empty(), "empty mention {m:?}");
        assert!(m.sentence < doc.sentences.len().max(1), "mention sentence {}", m.sentence);
    }
    for w in mentions.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "mentions {:?} {:?} ({:?}, {:?}) overlap or are out of order",
            w[0].span,
            w[1].span,
            &text[w[0].span.range()],
            &text[w[1].span.range()]
        );
    }
}
