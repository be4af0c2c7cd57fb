//! The parts of an article's text: an optional leading `date YYYY-MM-DD`,
//! the body, an optional `Frequently Asked Questions:` block of `Q:`/`A:`
//! lines and an optional `Sources:` block.
//!
//! The same parsing applies to a `.txt` file and to a JSON Lines `text`
//! field. All spans are byte spans into the text.

use std::sync::LazyLock;

use regex::Regex;

use crate::span::Span;

/// What a line of the article is, for the stages after tokenizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The leading `date …` marker.
    Date,
    /// Ordinary article prose (including a FAQ block's heading line).
    Body,
    /// A `Q:` line of a FAQ block: never a claim.
    Question,
    /// An `A:` line of a FAQ block.
    Answer,
    /// The `Sources:` block: links, not prose.
    Sources,
}

/// One region of the text with its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// Where the region is.
    pub span: Span,
    /// What it is.
    pub part: Part,
    /// For `Q:`/`A:` lines, where the text after the marker starts.
    pub content_start: usize,
}

/// The layout of one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The `date YYYY-MM-DD` marker's span and the date it gives.
    pub date: Option<(Span, String)>,
    /// Regions in text order; together they cover every non-blank line.
    pub regions: Vec<Region>,
}

/// A leading date marker: `date`, in any case, then spaces, tabs or a
/// colon, then `YYYY-MM-DD` not followed by a letter or digit.
static DATE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?i:date)[ \t:]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[^A-Za-z0-9]|$)")
        .expect("a valid pattern")
});

/// Finds a leading `date YYYY-MM-DD` (after optional white space).
///
/// Returns the span of the marker (`date 2023-11-11`) and the date.
pub fn date_prefix(text: &str) -> Option<(Span, &str)> {
    // Anchored: the search stops at the first character that cannot
    // continue the marker.
    let caps = DATE_MARKER.captures(text)?;
    let date = caps.get(1)?;
    let start = text.len() - text.trim_start().len();
    Some((Span::new(start, date.end()), date.as_str()))
}

fn trimmed(text: &str, span: Span) -> Span {
    let s = &text[span];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    Span::new(span.start + lead, span.start + lead + body.len())
}

fn is_heading(line: &str, heading: &str) -> bool {
    let l = line.trim();
    l.len() == heading.len() && l.eq_ignore_ascii_case(heading)
}

/// Splits an article into its regions.
pub fn layout(text: &str) -> Layout {
    let mut out = Layout::default();
    let mut pos = 0;
    if let Some((span, date)) = date_prefix(text) {
        out.date = Some((span, date.to_string()));
        out.regions.push(Region { span, part: Part::Date, content_start: span.start });
        pos = span.end;
    }
    // The state machine over lines: body -> faq -> sources.
    #[derive(PartialEq)]
    enum State {
        Body,
        Faq,
        Sources,
    }
    let mut state = State::Body;
    let mut body_start: Option<usize> = None;
    let flush_body = |out: &mut Layout, from: &mut Option<usize>, to: usize| {
        if let Some(s) = from.take() {
            let span = trimmed(text, Span::new(s, to));
            if !span.is_empty() {
                out.regions.push(Region { span, part: Part::Body, content_start: span.start });
            }
        }
    };
    while pos < text.len() {
        let line_end =
            memchr::memchr2(b'\n', b'\r', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let next = if line_end == text.len() {
            text.len()
        } else if text[line_end..].starts_with("\r\n") {
            line_end + 2
        } else {
            line_end + 1
        };
        let span = trimmed(text, Span::new(pos, line_end));
        if is_heading(line, "Frequently Asked Questions:") {
            flush_body(&mut out, &mut body_start, pos);
            out.regions.push(Region { span, part: Part::Body, content_start: span.start });
            state = State::Faq;
        } else if is_heading(line, "Sources:") {
            flush_body(&mut out, &mut body_start, pos);
            state = State::Sources;
            out.regions.push(Region { span, part: Part::Sources, content_start: span.start });
        } else if span.is_empty() {
            // Blank lines end a body paragraph group only by being blank: a
            // paragraph break is a sentence boundary (see tokenize).
        } else if state == State::Sources {
            out.regions.push(Region { span, part: Part::Sources, content_start: span.start });
        } else if state == State::Faq && qa_marker(&text[span]).is_some() {
            let (part, skip) = qa_marker(&text[span]).unwrap_or((Part::Body, 0));
            let rest = &text[span.start + skip..span.end];
            let content_start = span.start + skip + (rest.len() - rest.trim_start().len());
            out.regions.push(Region { span, part, content_start });
        } else if state == State::Faq {
            out.regions.push(Region { span, part: Part::Body, content_start: span.start });
        } else if body_start.is_none() {
            body_start = Some(pos);
        }
        pos = next;
    }
    flush_body(&mut out, &mut body_start, text.len());
    out
}

/// `Q:`/`A:` marker at the start of a trimmed line: the part and its length.
fn qa_marker(line: &str) -> Option<(Part, usize)> {
    let b = line.as_bytes();
    if b.len() >= 2 && b[1] == b':' {
        match b[0] {
            b'Q' => return Some((Part::Question, 2)),
            b'A' => return Some((Part::Answer, 2)),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_on_body_line() {
        let text = " date 2023-11-11 North Korea has defended";
        let (span, date) = date_prefix(text).unwrap();
        assert_eq!(date, "2023-11-11");
        assert_eq!(&text[span], "date 2023-11-11");
        assert!(date_prefix("dated 2023-11-11").is_none());
        assert!(date_prefix("date 2023-11-1x").is_none());
    }

    #[test]
    fn normalizes_dates() {
        assert_eq!(crate::date::normalize_date("2018-12-15T10:00:00Z"), "2018-12-15");
        assert_eq!(crate::date::normalize_date("Dec 15, 2018"), "Dec 15, 2018");
    }

    #[test]
    fn faq_and_sources() {
        let text = "date 2023-01-02 Body one.\n\nBody two.\n\nFrequently Asked Questions:\n\nQ: Why?\n\nA: Because.\n\nSources:\n\n– [Reuters](https://www.reuters.com/)";
        let l = layout(text);
        let parts: Vec<(Part, &str)> = l.regions.iter().map(|r| (r.part, &text[r.span])).collect();
        assert_eq!(
            parts,
            vec![
                (Part::Date, "date 2023-01-02"),
                (Part::Body, "Body one.\n\nBody two."),
                (Part::Body, "Frequently Asked Questions:"),
                (Part::Question, "Q: Why?"),
                (Part::Answer, "A: Because."),
                (Part::Sources, "Sources:"),
                (Part::Sources, "– [Reuters](https://www.reuters.com/)"),
            ]
        );
        let a = l.regions.iter().find(|r| r.part == Part::Answer).unwrap();
        assert_eq!(&text[a.content_start..a.span.end], "Because.");
    }

    #[test]
    fn plain_text_is_one_body() {
        let text = "Line one.\r\nLine two.\rLine three.";
        let l = layout(text);
        assert_eq!(l.regions.len(), 1);
        assert_eq!(&text[l.regions[0].span], text);
    }
}
