//! Properties that hold for any text: spans lie on character boundaries and
//! inside the text, mentions and sentences are ordered and disjoint, nothing
//! panics, byte→code-point conversion is exact, and the number of threads
//! never changes the output.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;

use claimex::gazetteer::Gazetteer;
use claimex::read::ReadOptions;
use claimex::span::{CharIndex, Span};
use claimex::write::WriteOptions;
use claimex::{Config, Pipeline, Silent};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Gazetteer::builtin().unwrap()).unwrap())
}

/// Pieces of news-like text, mixed at random: names (full, partial,
/// possessive, titled), countries, demonyms, capitals, agencies, cue words,
/// every kind of quote mark, abbreviations, punctuation, layout (newlines,
/// blank lines, `Q:`/`A:` lines, `date` markers, Sources links), non-ASCII
/// letters and emoji.
const VOCAB: &[&str] = &[
    "Kim Jong Un",
    "Kim",
    "Kim’s",
    "Kim's",
    "Yoon Suk Yeol",
    "Yoon",
    "Yoon’s",
    "President Yoon",
    "President",
    "Mr.",
    "Ms.",
    "Dr.",
    "Vladimir Putin",
    "Putin",
    "Joe Biden",
    "Biden",
    "Xi Jinping",
    "North Korea",
    "North Korean",
    "North Koreans",
    "South Korea",
    "South Korean",
    "Russia",
    "Russian",
    "Russians",
    "United States",
    "U.S.",
    "US",
    "U.N.",
    "DPRK",
    "Pyongyang",
    "Seoul",
    "Moscow",
    "Washington",
    "China",
    "Chinese",
    "Beijing",
    "KCNA",
    "Reuters",
    "U.N. Security Council",
    "Yonhap",
    "said",
    "says",
    "stated",
    "told reporters",
    "claimed",
    "warned",
    "denied",
    "that",
    "according to",
    "According to",
    "voiced concerns that",
    "expressed concerns about",
    "claims",
    "claim that",
    "maintains that",
    "stating that",
    "the",
    "a",
    "officials",
    "ministry",
    "spokesperson",
    "agency",
    "news agency",
    "leader",
    "weapons",
    "talks",
    "were",
    "will",
    "not",
    "is",
    "was",
    "and",
    "in",
    "on",
    "of",
    "Jan.",
    "Nov.",
    "No.",
    "e.g.",
    "i.e.",
    "etc.",
    "a.m.",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "‘",
    "«",
    "»",
    "„",
    ",",
    ".",
    ";",
    ":",
    "?",
    "!",
    "…",
    "—",
    "–",
    "-",
    "(",
    ")",
    "[",
    "]",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "  ",
    "Q: ",
    "\nQ: ",
    "\nA: ",
    "A:",
    "\nFrequently Asked Questions:\n",
    "\nSources:\n",
    "– [Reuters](https://www.reuters.com/)",
    "date 2023-11-11 ",
    " date 2023-06-01",
    "2023",
    "12",
    "3.5",
    "Zürich",
    "São Paulo",
    "Ñandú",
    "İstanbul",
    "ß",
    "ﬁ",
    "Ωmega",
    "дружба",
    "北朝鮮",
    "김정은",
    "😀",
    "🇰🇵",
    "👩‍👩‍👧",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
    "=",
    "+",
    "@",
    "'s",
    "s'",
];

fn text_strategy(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(VOCAB).prop_map(str::to_string),
            1 => "[a-zA-Z]{1,8}",
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..max_pieces,
    )
    .prop_map(|pieces| {
        let mut s = String::new();
        for (i, p) in pieces.iter().enumerate() {
            // Mostly space-separated, sometimes glued, like real typos.
            if i > 0 && i % 3 != 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end, "{what} {span:?} is reversed");
    prop_assert!(span.end <= text.len(), "{what} {span:?} ends past the text ({})", text.len());
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} splits a character"
    );
    Ok(())
}

fn check_analysis(text: &str, date: Option<&str>) -> Result<(), TestCaseError> {
    let a = pipeline().analyze(text, date);
    for t in &a.doc.tokens {
        check_span(text, t.span, "token")?;
        prop_assert!(!t.span.is_empty(), "empty token {:?}", t.span);
        // The lexer's shape is what the shape tests say of the token's text.
        let w = &text[t.span];
        prop_assert_eq!(t.shape.capitalised(), claimex::shape::is_capitalised(w), "{}", w);
        prop_assert_eq!(t.shape.initial(), claimex::shape::is_initial(w), "{}", w);
    }
    for w in a.doc.tokens.windows(2) {
        prop_assert!(w[0].span.end <= w[1].span.start, "tokens {:?} {:?} overlap", w[0], w[1]);
    }
    for s in &a.doc.sentences {
        check_span(text, s.span, "sentence")?;
        prop_assert!(s.tokens.end <= a.doc.tokens.len(), "sentence tokens {:?}", s.tokens);
        for t in &a.doc.tokens[s.tokens.clone()] {
            prop_assert!(
                s.span.contains(t.span),
                "token {:?} outside its sentence {:?}",
                t,
                s.span
            );
        }
    }
    for w in a.doc.sentences.windows(2) {
        prop_assert!(
            w[0].span.end <= w[1].span.start,
            "sentences {:?} {:?} overlap or are out of order",
            w[0].span,
            w[1].span
        );
        prop_assert!(w[0].tokens.end <= w[1].tokens.start, "sentence token ranges overlap");
    }
    for m in &a.tagged.mentions {
        check_span(text, m.span, "mention")?;
        prop_assert!(!m.span.is_empty(), "empty mention {m:?}");
        prop_assert!(m.sentence < a.doc.sentences.len().max(1), "mention sentence {}", m.sentence);
    }
    for w in a.tagged.mentions.windows(2) {
        prop_assert!(
            w[0].span.end <= w[1].span.start,
            "mentions {:?} {:?} ({:?}, {:?}) overlap or are out of order",
            w[0].span,
            w[1].span,
            &text[w[0].span],
            &text[w[1].span]
        );
    }
    for c in &a.claims {
        check_span(text, c.span, "claim")?;
        prop_assert!(c.sentence < a.doc.sentences.len().max(1), "claim sentence {}", c.sentence);
        if let Some(sp) = &c.speaker {
            check_span(text, sp.span, "speaker")?;
        }
        if let Some(cue) = c.cue {
            check_span(text, cue, "cue")?;
        }
    }
    for w in a.claims.windows(2) {
        prop_assert!(w[0].span.start <= w[1].span.start, "claims out of text order");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_well_formed(text in text_strategy(60)) {
        check_analysis(&text, Some("2023-11-11"))?;
    }

    #[test]
    fn spans_are_well_formed_without_a_date(text in text_strategy(60)) {
        check_analysis(&text, None)?;
    }

    #[test]
    fn arbitrary_strings_do_not_panic(text in ".{0,200}") {
        check_analysis(&text, None)?;
    }

    #[test]
    fn char_index_matches_chars(text in ".{0,80}", picks in prop::collection::vec(any::<prop::sample::Index>(), 0..20)) {
        let bounds: Vec<usize> =
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let ci = CharIndex::new(&text);
        let chosen: Vec<usize> = picks.iter().map(|p| bounds[p.index(bounds.len())]).collect();
        for &b in &chosen {
            prop_assert_eq!(ci.chars(b), text[..b].chars().count(), "byte {}", b);
        }
        prop_assert_eq!(claimex::span::char_count(&text), text.chars().count());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn thread_count_does_not_change_output(
        texts in prop::collection::vec(text_strategy(40), 1..12),
        titles in prop::collection::vec(prop::option::of(text_strategy(4)), 12),
    ) {
        let tmp = common::tempdir();
        let input = tmp.path().join("in.jsonl");
        let mut jsonl = String::new();
        for (i, t) in texts.iter().enumerate() {
            let mut v = serde_json::json!({ "text": t, "date": "2023-11-11" });
            if let Some(title) = &titles[i] {
                v["title"] = title.clone().into();
            }
            if i % 4 == 1 {
                v["id"] = format!("a{}", i % 3).into(); // some ids repeat
            }
            jsonl.push_str(&v.to_string());
            jsonl.push('\n');
        }
        std::fs::write(&input, jsonl).unwrap();
        let mut outs = Vec::new();
        for threads in [1, 4] {
            let out = tmp.path().join(format!("out{threads}"));
            let cfg = Config {
                inputs: vec![input.clone()],
                out_dir: out.clone(),
                threads,
                read: ReadOptions::default(),
                write: WriteOptions::default(),
                shard: None,
                cancel: claimex::Cancel::new(),
            };
            claimex::run(&cfg, pipeline(), &Silent).unwrap();
            outs.push(out);
        }
        common::assert_same_tables(&outs[0], &outs[1]);
        let n = common::check_offsets(&outs[0], tmp.path());
        prop_assert!(n < usize::MAX);
    }
}
