//! The HTML the review pages are made of: escaping, links, the
//! Content-Security-Policy and the nesting of highlighted spans.
//!
//! Every piece of input text goes through [`escape`] (text and attribute
//! values alike), so that an article made of `<script>`, `</style>` or
//! `<!--` renders as text; a carriage return is written as `&#13;`, which
//! the HTML parser keeps (a raw one it turns into a line feed), so that the
//! DOM holds the article's code points exactly and the offsets of the
//! tables still hold in it.

use sha2::{Digest, Sha256};

use crate::span::Span;

/// Appends `s` escaped for HTML text and for quoted attribute values:
/// `&`, `<`, `>`, `"` and `'` as references, a carriage return as `&#13;`
/// (kept by the parser, unlike a raw one), and NUL, which no HTML document
/// can hold, as U+FFFD (one code point for one, so offsets hold).
pub fn escape(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\r' => "&#13;",
            0 => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// `s` escaped (see [`escape`]).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape(&mut out, s);
    out
}

/// The URL, trimmed, when it may be a link: `http://` or `https://` (any
/// case) with something after it, and no white space or control character
/// inside. Anything else (`javascript:`, `data:`, `file:`, a relative path)
/// is shown as text only.
pub fn http_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &u[8..]
    } else if lower.starts_with("http://") {
        &u[7..]
    } else {
        return None;
    };
    let clean = !rest.is_empty() && !u.chars().any(|c| c.is_whitespace() || c.is_control());
    clean.then_some(u)
}

/// Appends `url` as a link that opens in a new tab when it is `http(s)`
/// ([`http_url`]), else as text.
pub fn link_or_text(out: &mut String, url: &str, class: &str) {
    match http_url(url) {
        Some(u) => {
            out.push_str("<a class=\"");
            out.push_str(class);
            out.push_str("\" href=\"");
            escape(out, u);
            out.push_str("\" rel=\"noopener noreferrer\" target=\"_blank\">");
            escape(out, u);
            out.push_str("</a>");
        }
        None => {
            out.push_str("<span class=\"");
            out.push_str(class);
            out.push_str("\">");
            escape(out, url);
            out.push_str("</span>");
        }
    }
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The CSP source of an inline script: `'sha256-<base64 of its SHA-256>'`.
pub fn script_hash(script: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes())))
}

/// The page's Content-Security-Policy: nothing may be loaded (no network,
/// no file), inline styles and `data:` images only, and no script but
/// `script` (by its hash) when the page has one.
pub fn csp(script: Option<&str>) -> String {
    let mut p = String::from(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
         base-uri 'none'; form-action 'none'",
    );
    if let Some(s) = script {
        p.push_str("; script-src ");
        p.push_str(&script_hash(s));
    }
    p
}

/// The start of every page, up to and including `<body>`: the charset, the
/// CSP (first, before anything could load), no referrer, an empty icon (so
/// that the browser asks for no `favicon.ico`), the title and the styles.
pub fn head(out: &mut String, title: &str, css: &str, script: Option<&str>) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    escape(out, &csp(script));
    out.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"generator\" content=\"claimex ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n<title>");
    escape(out, title);
    out.push_str("</title>\n<style>\n");
    out.push_str(css);
    out.push_str("</style>\n");
    if let Some(s) = script {
        out.push_str("<script>");
        out.push_str(s);
        out.push_str("</script>\n");
    }
    out.push_str("</head>\n<body>\n");
}

/// `n` with thousands separators: `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A highlighted span of the text: an element around `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Bytes of the text it covers.
    pub span: Span,
    /// Nesting order: a mark of lower rank is an outer one (claims 0,
    /// speakers 1, mentions 2).
    pub rank: u8,
    /// Never split (mentions: the test counts one element per mention).
    pub whole: bool,
    /// The start tag of its first piece.
    pub open: String,
    /// The start tag of a later piece (split where two marks cross).
    pub cont: String,
    /// The end tag.
    pub close: &'static str,
}

/// Appends `text` escaped, with every mark as an element around its span.
///
/// Elements must nest, but marks may cross (a claim that starts inside a
/// speaker phrase, a claim inside another that ends later). The open
/// elements are kept on a stack whose ends do not grow from bottom to top:
/// a mark that outlives marks already open goes below them, and those are
/// closed before it and opened again inside it (`cont`, the same claim
/// number): the outer mark is the one split. A `whole` mark (a mention) is
/// never closed early: a mark that would have to go below it goes above it,
/// and is the one split at its end. Mentions never overlap each other, so
/// every mention is one element.
pub fn nest(out: &mut String, text: &str, marks: &[Mark]) {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    // Opening order at one position: longer first, then outer ranks first.
    order.sort_by(|&a, &b| {
        let (x, y) = (&marks[a], &marks[b]);
        (x.span.start, std::cmp::Reverse(x.span.end), x.rank, a).cmp(&(
            y.span.start,
            std::cmp::Reverse(y.span.end),
            y.rank,
            b,
        ))
    });
    let mut bounds: Vec<usize> = marks.iter().flat_map(|m| [m.span.start, m.span.end]).collect();
    bounds.push(text.len());
    bounds.sort_unstable();
    bounds.dedup();
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0; // next mark of `order` to open
    let mut pos = 0;
    for b in bounds {
        let mut b = b.min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        if b > pos {
            escape(out, &text[pos..b]);
            pos = b;
        }
        close_ending(out, marks, &mut stack, b);
        while next < order.len() && marks[order[next]].span.start <= b {
            let m = order[next];
            next += 1;
            let mark = &marks[m];
            if mark.span.end <= b {
                // Empty (or reversed): an empty element where it starts.
                out.push_str(&mark.open);
                out.push_str(mark.close);
                continue;
            }
            let inside = |s: usize| {
                let o = &marks[s];
                o.span.end < mark.span.end || (o.span.end == mark.span.end && o.rank > mark.rank)
            };
            let mut at = stack.iter().position(|&s| inside(s)).unwrap_or(stack.len());
            if let Some(w) = stack.iter().rposition(|&s| marks[s].whole) {
                at = at.max(w + 1);
            }
            reopen(out, marks, &mut stack, at, b, |out, stack| {
                out.push_str(&mark.open);
                stack.push(m);
            });
        }
    }
    if pos < text.len() {
        escape(out, &text[pos..]);
    }
    close_ending(out, marks, &mut stack, usize::MAX);
}

/// Closes every open mark that ends at or before `b`, closing and reopening
/// the marks above one that ends there.
fn close_ending(out: &mut String, marks: &[Mark], stack: &mut Vec<usize>, b: usize) {
    if let Some(j) = stack.iter().position(|&s| marks[s].span.end <= b) {
        reopen(out, marks, stack, j, b, |_, _| {});
    }
}

/// Closes the open marks from stack index `at` up, runs `between`, then
/// opens again, as later pieces, those of them that go on past `b`.
fn reopen(
    out: &mut String,
    marks: &[Mark],
    stack: &mut Vec<usize>,
    at: usize,
    b: usize,
    between: impl FnOnce(&mut String, &mut Vec<usize>),
) {
    let closed = stack.split_off(at);
    for &s in closed.iter().rev() {
        out.push_str(marks[s].close);
    }
    between(out, stack);
    for &s in &closed {
        if marks[s].span.end > b {
            out.push_str(&marks[s].cont);
            stack.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_markup_quotes_and_carriage_returns() {
        let cases = [
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("</style><!-- x -->", "&lt;/style&gt;&lt;!-- x --&gt;"),
            ("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;"),
            ("one\r\ntwo\rthree\n", "one&#13;\ntwo&#13;three\n"),
            ("nul\0here", "nul\u{FFFD}here"),
            ("\u{200F}שלום e\u{301} 👍🏽", "\u{200F}שלום e\u{301} 👍🏽"),
        ];
        for (raw, want) in cases {
            assert_eq!(esc(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn only_http_urls_are_links() {
        for ok in ["http://example.org/a?b=1&c=2", "HTTPS://Example.org", " https://x.y/ "] {
            assert_eq!(http_url(ok), Some(ok.trim()), "{ok:?}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<b>x</b>",
            "file:///etc/passwd",
            "//example.org",
            "example.org",
            "https://",
            "http://exa mple.org",
            "http://example.org/\u{7}",
            "vbscript:x",
            "",
        ] {
            assert_eq!(http_url(bad), None, "{bad:?}");
        }
        let mut out = String::new();
        link_or_text(&mut out, "javascript:alert('x')", "u");
        assert_eq!(out, "<span class=\"u\">javascript:alert(&#39;x&#39;)</span>");
        out.clear();
        link_or_text(&mut out, "https://e.org/?q=\"><script>", "u");
        assert!(!out.contains("<script>") && !out.contains("\"><"), "{out}");
    }

    #[test]
    fn base64_and_the_script_hash() {
        for (raw, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(raw.as_bytes()), want, "{raw:?}");
        }
        // The SHA-256 of "abc" (FIPS 180-2), in base64.
        assert_eq!(script_hash("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
        let policy = csp(Some("abc"));
        assert!(policy.starts_with("default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
        assert!(
            policy.ends_with("script-src 'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='")
        );
        assert!(!csp(None).contains("script-src"));
    }

    #[test]
    fn thousands_separators() {
        for (n, want) in [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567")] {
            assert_eq!(thousands(n), want);
        }
    }

    /// A test mark: `<b id=K>` first, `<b id=K c>` later pieces.
    fn mark(k: usize, start: usize, end: usize, rank: u8) -> Mark {
        Mark {
            span: Span::new(start, end),
            rank,
            whole: rank == 2,
            open: format!("<b id={k}>"),
            cont: format!("<b id={k} c>"),
            close: "</b>",
        }
    }

    fn render(text: &str, marks: &[Mark]) -> String {
        let mut out = String::new();
        nest(&mut out, text, marks);
        out
    }

    /// Reads back what [`nest`] wrote with test marks: the text, each
    /// mark's text (its pieces joined) and its number of pieces. Panics when
    /// the elements do not nest.
    fn read_back(html: &str, marks: usize) -> (String, Vec<String>, Vec<usize>) {
        let (mut text, mut of, mut pieces) =
            (String::new(), vec![String::new(); marks], vec![0; marks]);
        let mut stack: Vec<usize> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("</b>") {
                stack.pop().expect("an end tag closes an open element");
                rest = r;
            } else if let Some(r) = rest.strip_prefix("<b id=") {
                let end = r.find('>').unwrap();
                let k: usize = r[..end].trim_end_matches(" c").parse().unwrap();
                assert_eq!(r[..end].ends_with(" c"), pieces[k] > 0, "first piece first: {html}");
                pieces[k] += 1;
                stack.push(k);
                rest = &r[end + 1..];
            } else {
                let (ch, len) = if let Some(r) = rest.strip_prefix("&#13;") {
                    ('\r', rest.len() - r.len())
                } else if rest.starts_with("&amp;") {
                    ('&', 5)
                } else if rest.starts_with("&lt;") {
                    ('<', 4)
                } else {
                    let c = rest.chars().next().unwrap();
                    (c, c.len_utf8())
                };
                text.push(ch);
                for &k in &stack {
                    of[k].push(ch);
                }
                rest = &rest[len..];
            }
        }
        assert!(stack.is_empty(), "every element is closed: {html}");
        (text, of, pieces)
    }

    #[test]
    fn a_mention_inside_a_claim_nests() {
        let text = "He said Russia was a friend.";
        let marks = [mark(0, 8, 27, 0), mark(1, 8, 14, 2), mark(2, 0, 2, 1)];
        assert_eq!(
            render(text, &marks),
            "<b id=2>He</b> said <b id=0><b id=1>Russia</b> was a friend</b>."
        );
    }

    #[test]
    fn crossing_spans_split_the_outer_one() {
        // A claim 0..10 crossed by a speaker 5..15: the claim is split, its
        // second piece inside the speaker.
        let text = "aaaaabbbbbccccc";
        assert_eq!(
            render(text, &[mark(0, 0, 10, 0), mark(1, 5, 15, 1)]),
            "<b id=0>aaaaa</b><b id=1><b id=0 c>bbbbb</b>ccccc</b>"
        );
        // A claim that starts inside a mention and ends after it: the
        // mention stays whole, the claim is split at the mention's end.
        assert_eq!(
            render(text, &[mark(0, 5, 15, 0), mark(1, 0, 10, 2)]),
            "<b id=1>aaaaa<b id=0>bbbbb</b></b><b id=0 c>ccccc</b>"
        );
        // Two claims crossing: the one that ends first is split.
        assert_eq!(
            render(text, &[mark(0, 0, 10, 0), mark(1, 3, 15, 0)]),
            "<b id=0>aaa</b><b id=1><b id=0 c>aabbbbb</b>ccccc</b>"
        );
    }

    #[test]
    fn nested_claims_and_shared_speakers_are_not_split() {
        let text = "0123456789abcdefghij";
        let html = render(
            text,
            &[
                mark(0, 0, 20, 0),
                mark(1, 5, 10, 0),
                mark(2, 6, 8, 2),
                mark(3, 12, 14, 1),
                mark(4, 12, 14, 1),
            ],
        );
        assert_eq!(
            html,
            "<b id=0>01234<b id=1>5<b id=2>67</b>89</b>ab<b id=3><b id=4>cd</b></b>efghij</b>"
        );
    }

    #[test]
    fn empty_marks_and_carriage_returns() {
        let text = "a\r\nb";
        assert_eq!(
            render(text, &[mark(0, 1, 1, 0), mark(1, 3, 4, 2)]),
            "a<b id=0></b>&#13;\n<b id=1>b</b>"
        );
    }

    proptest! {
        /// Whatever the marks, the elements nest, the text is kept, every
        /// mark's pieces hold exactly its span, and a mention is one piece.
        #[test]
        fn nesting_keeps_text_and_spans(
            text in "[a-c&<\r\n é]{0,40}",
            raw in proptest::collection::vec((0usize..48, 0usize..48, 0u8..2), 0..8),
            mentions in proptest::collection::vec((0usize..48, 1usize..6), 0..6),
        ) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = |i: usize| bounds[i % bounds.len()];
            let mut marks = Vec::new();
            for (a, b, rank) in raw {
                let (s, e) = (at(a).min(at(b)), at(a).max(at(b)));
                marks.push(mark(marks.len(), s, e, rank));
            }
            // Mentions never overlap each other.
            let mut last = 0;
            for (a, len) in mentions {
                let s = at(a).max(last);
                let e = bounds.iter().copied().filter(|&x| x >= s).nth(len).unwrap_or(text.len());
                if e > s {
                    marks.push(mark(marks.len(), s, e, 2));
                    last = e;
                }
            }
            let (back, of, pieces) = read_back(&render(&text, &marks), marks.len());
            prop_assert_eq!(&back, &text);
            for (k, m) in marks.iter().enumerate() {
                prop_assert_eq!(&of[k], &text[m.span.range()], "mark {}", k);
                if m.whole {
                    prop_assert_eq!(pieces[k], 1, "mention {} in one piece", k);
                }
            }
        }
    }
}
