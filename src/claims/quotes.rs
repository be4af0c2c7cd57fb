//! Direct quotes: pairing quotation marks into [`Quote`]s (curly,
//! straight, guillemets, `''`), the news convention of a quote running
//! over paragraphs, transcript labels, and the claim a quote makes.

use super::context::Context;
use super::dedupe::Cover;
use super::{Claim, ClaimKind, Speaker, SpeakerHow};
use crate::layout::Part;
use crate::span::Span;
use crate::tokenize::{Document, Token, TokenKind};

/// A quotation found in the text: marks and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Quote {
    /// Where the opening mark starts.
    pub(super) open: usize,
    /// Where the closing mark starts; `None` for a quote closed by the end
    /// of its paragraph.
    pub(super) close: Option<usize>,
    /// The content between the marks, trimmed.
    pub(super) content: Span,
}

/// Opening quotation marks and the marks that close them.
fn closer_for(open: char) -> &'static [char] {
    match open {
        '\u{201C}' => &['\u{201D}', '\u{201C}'], // “ … ” (some copy closes with “ again)
        '\u{201E}' => &['\u{201C}', '\u{201D}'], // „ … “
        '\u{00AB}' => &['\u{00BB}'],             // « … »
        '\u{00BB}' => &['\u{00AB}'],             // » … « (Danish/Swedish)
        '\u{2018}' => &['\u{2019}'],             // ‘ … ’
        '\u{300C}' => &['\u{300D}'],
        '"' => &['"'],
        DOUBLE_APOSTROPHE => &[DOUBLE_APOSTROPHE],
        _ => &[],
    }
}

impl<'a> Context<'a> {
    /// A direct quote and its speaker.
    pub(super) fn direct(&self, q: &Quote, reported: &Cover) -> Option<Claim> {
        let content = q.content;
        let si = self.doc.sentence_at(content.start);
        let part = self.doc.sentences[si].part;
        if !matches!(part, Part::Body | Part::Answer) {
            return None;
        }
        // Quotes inside a reported claim make it mixed, not a claim of their own.
        if reported.covers(content) {
            return None;
        }
        // Fewer than four words (counting stops at four: quotes run long):
        // scare quotes and titles ("mouthpiece"), unless the quote is a
        // whole utterance with its cue and speaker (`“This is fine,” Ann
        // Lee said.`), checked below.
        let short = self.text[content].split_whitespace().take(4).count() < 4;
        let inside = &self.text[content.start..q.close.unwrap_or(content.end).max(content.end)];
        if short && !inside.trim_end().ends_with([',', '.', '!', '?']) {
            return None;
        }
        // A transcript line: “WALLACE: …” is said by WALLACE.
        if let Some(label) = transcript_label(self.text, content) {
            let speaker = Speaker { span: label, entity: None, how: SpeakerHow::Unresolved };
            return Some(Claim {
                span: content,
                sentence: si,
                kind: ClaimKind::Direct,
                speaker: Some(speaker),
                cue: None,
                negated: false,
            });
        }
        let close = q.close.unwrap_or(content.end);
        // Speaker after the quote (,” X said / ,” said X) or before it (X
        // said: “). After wins, unless the quote is introduced by a colon
        // (`X said: “…”`), or the words after it begin a claim of their own:
        // a cue that introduces the next quote (`” Y said: “`), or a new
        // sentence with its own content (`.” Y has said he …`).
        // (`,” Y said: “` is the standard form whatever follows.)
        let ends_sentence = self.text[content].trim_end().ends_with(['.', '?', '!']);
        let after = self
            .speaker_after(close)
            .filter(|(_, cue)| !ends_sentence || !self.cue_introduces_more(*cue));
        let before = self.speaker_before(q.open);
        let colon_before = self.text[..q.open].trim_end().ends_with(':');
        let chosen = if colon_before && before.is_some() { before } else { after.or(before) };
        // A short quote needs a speaker right beside it: `,” X said` or
        // `X said: “` (not `said “no mas.”`, nor `added the words, “…”`).
        // And it starts its sentence or follows the cue's colon or comma:
        // a fragment inside a sentence (`Oz is “smart as hell,” X wrote`) is
        // part of a longer claim.
        let tight = |(_, cue): &(Speaker, Span)| {
            if cue.start >= close {
                let before = self.text[..q.open].trim_end();
                let first = self.doc.sentences[si].span.start >= q.open;
                first || before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
            } else {
                matches!(self.text[cue.end..q.open].trim(), ":" | ",")
            }
        };
        if short && !chosen.as_ref().is_some_and(tight) {
            return None;
        }
        // A quote that opens inside its sentence is a fragment: the claim
        // is the clause that holds it (`The aid package would “create a
        // positive climate,” Mr Bussereau said`).
        if let Some((span, cue_before)) =
            self.fragment_clause(q, si, chosen.is_some_and(|(_, c)| c.start >= close))
        {
            let (speaker, cue) = match cue_before {
                // (An empty cue: the subject named first, no cue.)
                Some((sp, c)) => (sp, (c.start < c.end).then_some(c)),
                None => match chosen {
                    Some((s, c)) => (Some(s), Some(c)),
                    None => (None, None),
                },
            };
            return Some(Claim {
                span,
                sentence: si,
                kind: ClaimKind::Mixed,
                speaker,
                cue,
                negated: false,
            });
        }
        let (speaker, cue) = match chosen {
            Some((s, c)) => (Some(s), Some(c)),
            None => (None, None),
        };
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::Direct,
            speaker,
            cue,
            negated: false,
        })
    }

    /// The clause around a quote that opens inside its sentence, after a
    /// word: from just after the last cue before the mark ("says this
    /// strong showing signals “…”", its speaker the cue's subject), else
    /// from the sentence's start, to the closing mark when a speaker follows
    /// it (`speaker_after`), else to the sentence's end. `None` for a quote
    /// that starts its sentence or follows a colon or comma.
    #[allow(clippy::type_complexity)]
    fn fragment_clause(
        &self,
        q: &Quote,
        si: usize,
        speaker_after: bool,
    ) -> Option<(Span, Option<(Option<Speaker>, Span)>)> {
        let close = q.close?;
        let toks = self.toks(si);
        let k = toks.partition_point(|t| t.span.start < q.open);
        if k == 0 || !matches!(toks[k - 1].kind, TokenKind::Word | TokenKind::Number) {
            return None;
        }
        // The quote must close within the sentence.
        let sentence = self.doc.sentences[si].span;
        if close >= sentence.end {
            return None;
        }
        let mut start = 0;
        let mut cue_before = None;
        if let Some(c) = (0..k).rev().find(|&c| self.words.speech.contains(&self.lw(&toks[c]))) {
            let mut s = c + 1;
            if s < k && self.lo(&toks[s]) == "that" {
                s += 1;
            }
            // `said “…”`: a quote the cue introduces, no fragment.
            if s >= k {
                return None;
            }
            start = s;
            cue_before = Some((self.subject_before(toks, c), toks[c].span));
        }
        while start < k && self.words.leaders.contains(&self.lw(&toks[start])) {
            start += 1;
        }
        if start >= k {
            return None;
        }
        // No cue: a person or body named first is the clause's subject
        // ("Labour backbencher Stephen Pound labelled the schemes “…”").
        if cue_before.is_none() {
            let mut ms = self.mentions_in(Span::new(toks[start].span.start, q.open)).to_vec();
            ms.sort_by_key(|m| m.span.start);
            // Only names, titles and role nouns before it.
            let role_words = |m: &crate::tag::Mention| {
                toks[start..k].iter().take_while(|t| t.span.end <= m.span.start).all(|t| {
                    t.kind != TokenKind::Word
                        || self.w(t).starts_with(char::is_uppercase)
                        || self.words.role_nouns.contains(&self.lw(t))
                })
            };
            // The last of the names that open the clause: its head ("U.N.
            // Secretary-General Antonio Guterres").
            if let Some(m) = ms.iter().take_while(|m| role_words(m)).last() {
                let after = toks.get(toks.partition_point(|t| t.span.start < m.span.end));
                // (Not a possessive: "Guterres's deal".)
                if after.is_some_and(|t| t.kind == TokenKind::Word || self.w(t) == ",") {
                    let sp =
                        Speaker { span: m.span, entity: Some(m.entity), how: SpeakerHow::Entity };
                    cue_before = Some((Some(sp), Span::new(m.span.end, m.span.end)));
                }
            }
        }
        let mark_end = close + self.text[close..].chars().next().map_or(0, char::len_utf8);
        // The clause ends before a clause-final cue (`…” of Russia, said
        // Lavrov`), else with the sentence.
        let from = toks.partition_point(|t| t.span.start < close);
        let clause_final = toks.iter().enumerate().skip(from).find(|&(j, t)| {
            self.w(t) == ","
                && toks[j + 1..(j + 5).min(toks.len())]
                    .iter()
                    .any(|n| self.words.speech.contains(&self.lw(n)))
        });
        let end = if speaker_after {
            mark_end
        } else if let Some((_, comma)) = clause_final {
            comma.span.start.max(mark_end)
        } else {
            let body = self.text[..sentence.end].trim_end_matches(['.', '!', '?', ';', ' ']);
            body.len().max(mark_end)
        };
        Some((Span::new(toks[start].span.start, end), cue_before))
    }
}

/// Pairs quotation marks into quotes. A quote left open at the end of a
/// paragraph closes there (the news convention reopens it in the next
/// paragraph); unbalanced marks never abort anything.
pub(super) fn find_quotes(text: &str, doc: &Document) -> Vec<Quote> {
    let toks = &doc.tokens;
    let mut scan = QuoteScan::new(text, doc);
    let mut next = 0;
    loop {
        // Most tokens: no mark, and no quote open or one open well inside
        // its paragraph, nothing to do. (Skipped in a tight loop.)
        let bound = scan.open.map_or(usize::MAX, |(_, _, _, _, bound)| bound);
        let Some(k) = toks[next..]
            .iter()
            .position(|t| {
                matches!(t.kind, TokenKind::Quote | TokenKind::Possessive) || t.span.start >= bound
            })
            .map(|i| next + i)
        else {
            break;
        };
        next = scan.token(k);
    }
    // A mark left open at the very end closes nothing: not a quote.
    scan.out
}

/// The state of [`find_quotes`] as it reads the tokens.
struct QuoteScan<'a> {
    text: &'a str,
    toks: &'a [Token],
    /// (content byte, mark, paragraph, mark byte, paragraph bound): every
    /// position from the mark to the bound is in the mark's paragraph.
    open: Option<(usize, char, usize, usize, usize)>,
    paragraphs: ParagraphCursor<'a>,
    out: Vec<Quote>,
}

impl<'a> QuoteScan<'a> {
    fn new(text: &'a str, doc: &'a Document<'a>) -> QuoteScan<'a> {
        let paragraphs = ParagraphCursor::new(doc);
        QuoteScan { text, toks: &doc.tokens, open: None, paragraphs, out: Vec::new() }
    }

    /// Reads token `k`; the token to read next (after `k`, or after both
    /// apostrophes of a double mark).
    fn token(&mut self, k: usize) -> usize {
        let (text, toks) = (self.text, self.toks);
        let t = &toks[k];
        // `''` (two apostrophes, NYT style) is one double mark, opening or closing.
        let double = is_double_apostrophe(text, toks, k);
        if t.kind != TokenKind::Quote && !double {
            // A quote still open when a paragraph starts without a mark was
            // not a quote (an apostrophe, a stray mark): dropped, never
            // stretched over the next paragraphs.
            if let Some((_, _, p, _, bound)) = self.open {
                if t.span.start >= bound && self.paragraphs.paragraph_of(t.span.start) != p {
                    self.open = None;
                }
            }
            return k + 1;
        }
        // A mark opening a new paragraph closes the quote left open in the
        // one before ("…\n\n“…").
        if let Some((o, _, p, om, bound)) = self.open {
            if k > 0 && t.span.start >= bound && self.paragraphs.paragraph_of(t.span.start) != p {
                push_quote(text, &mut self.out, om, o, None, toks[k - 1].span.end);
                self.open = None;
            }
        }
        let (c, mark_end, next_k) = if double {
            // The second apostrophe is read with the first.
            (DOUBLE_APOSTROPHE, toks[k + 1].span.end, k + 2)
        } else {
            (text[t.span].chars().next().unwrap_or(' '), t.span.end, k + 1)
        };
        let prev_tight = k > 0 && toks[k - 1].span.end == t.span.start;
        let next_tight = toks.get(next_k).is_some_and(|n| n.span.start == mark_end);
        match self.open {
            Some((o, oc, _, om, _))
                if closer_for(oc).contains(&c) && (!next_tight || prev_tight) =>
            {
                push_quote(text, &mut self.out, om, o, Some(t.span.start), t.span.start);
                self.open = None;
            }
            // A mark that opens again after a sentence's end ("A. “B …"):
            // the next paragraph of a quote run into this one; each part
            // is a quote of its own.
            Some((o, oc, _, om, _))
                if next_tight
                    && !prev_tight
                    && (c == oc || closer_for(oc).contains(&c))
                    && k > 0
                    && matches!(&text[toks[k - 1].span], "." | "!" | "?") =>
            {
                push_quote(text, &mut self.out, om, o, None, toks[k - 1].span.end);
                let p = self.paragraphs.paragraph_of(t.span.start);
                self.open = Some((mark_end, c, p, t.span.start, self.paragraphs.bound(p)));
            }
            Some(_) => {}
            None => {
                // ’ and ' are apostrophes more often than quotes; an opening
                // single mark must stand before a word.
                if !closer_for(c).is_empty()
                    && next_tight
                    && !(matches!(c, '"' | DOUBLE_APOSTROPHE)
                        && prev_tight
                        && !matches!(
                            text[..t.span.start].chars().next_back(),
                            Some('(' | '[' | '—' | '–' | '-')
                        ))
                {
                    let p = self.paragraphs.paragraph_of(t.span.start);
                    self.open = Some((mark_end, c, p, t.span.start, self.paragraphs.bound(p)));
                }
            }
        }
        next_k
    }
}

/// The speaker label that opens a transcript line ("WALLACE: …",
/// "MR. SMITH: …"): one to four upper-case words and a colon.
fn transcript_label(text: &str, content: Span) -> Option<Span> {
    let s = &text[content];
    // The label runs to the first character that cannot be in one, which
    // must be the colon (read no further: most quotes fail at once).
    let colon = s
        .find(|c: char| !(c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-')))
        .filter(|&end| s[end..].starts_with(':'))?;
    let label = &s[..colon];
    let words = label.split_whitespace().count();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let ok = (1..=4).contains(&words) && letters >= 2;
    ok.then(|| Span::new(content.start, content.start + colon))
}

/// Stands for a `''` mark (two apostrophes) in [`find_quotes`].
const DOUBLE_APOSTROPHE: char = '\u{2033}';

/// Is token `k` the first apostrophe of a `''` mark?
fn is_double_apostrophe(text: &str, toks: &[Token], k: usize) -> bool {
    let t = &toks[k];
    matches!(t.kind, TokenKind::Quote | TokenKind::Possessive)
        && &text[t.span] == "'"
        && toks.get(k + 1).is_some_and(|n| {
            n.kind == TokenKind::Quote && n.span.start == t.span.end && &text[n.span] == "'"
        })
}

/// The paragraph of the sentence at a position
/// (`doc.sentences[doc.sentence_at(pos)].paragraph`), for positions met
/// mostly in increasing order (the tokens of a document): a cursor over the
/// sentences instead of a binary search per position, same answers.
struct ParagraphCursor<'d> {
    doc: &'d Document<'d>,
    /// Sentences starting at or before `last`: what `Document::sentence_at`
    /// counts with `partition_point`.
    before: usize,
    last: usize,
    /// The last [`ParagraphCursor::bound`]: (from, paragraph, bound).
    bound: (usize, usize, usize),
}

impl<'d> ParagraphCursor<'d> {
    /// A cursor at the start of `doc`.
    fn new(doc: &'d Document<'d>) -> ParagraphCursor<'d> {
        ParagraphCursor { doc, before: 0, last: 0, bound: (0, 0, 0) }
    }

    /// Right after `paragraph_of(pos)` returned `p`: a position up to which
    /// (from `pos` on) `paragraph_of` answers `p`, the start of the first
    /// later sentence of another paragraph. Reused while the positions stay
    /// in one paragraph, so the sentences are walked about once.
    fn bound(&mut self, p: usize) -> usize {
        let (from, bp, b) = self.bound;
        if bp == p && from <= self.last && self.last < b {
            return b;
        }
        let ss = &self.doc.sentences;
        let b = ss[self.before..]
            .iter()
            .find(|s| s.paragraph != p)
            .map_or(usize::MAX, |s| s.span.start);
        self.bound = (self.last, p, b);
        b
    }

    /// The paragraph of the sentence at `pos`.
    fn paragraph_of(&mut self, pos: usize) -> usize {
        let ss = &self.doc.sentences;
        if pos < self.last {
            self.before = ss.partition_point(|s| s.span.start <= pos);
        } else {
            while self.before < ss.len() && ss[self.before].span.start <= pos {
                self.before += 1;
            }
        }
        self.last = pos;
        ss.get(self.before.saturating_sub(1)).map_or(0, |s| s.paragraph)
    }
}

/// Adds the quote with content from `content_start` to `end`, trimmed of
/// white space and a trailing comma, unless that leaves it empty.
fn push_quote(
    text: &str,
    out: &mut Vec<Quote>,
    open: usize,
    content_start: usize,
    close: Option<usize>,
    end: usize,
) {
    if end <= content_start {
        return;
    }
    let mut span = Span::new(content_start, end);
    // Trim white space and a trailing comma inside the marks.
    let s = &text[span];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    span = Span::new(span.start + lead, span.start + lead + trimmed.len());
    if text[span].ends_with(',') {
        span.end -= 1;
    }
    if !span.is_empty() {
        out.push(Quote { open, close, content: span });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_has, check_none, check_speaks};
    use super::*;

    #[test]
    fn direct_quotes_and_their_speakers() {
        check_has(&[
            (
                "“The bridge will open in the spring of next year,” Maria Lopez said.",
                "direct",
                "Maria Lopez",
                "The bridge will open in the spring of next year",
            ),
            (
                "“We have no plans to close the old harbour,” said the mayor.",
                "direct",
                "the mayor",
                "We have no plans to close the old harbour",
            ),
            (
                "Tom Baker said: “Nobody told us the water was unsafe to drink.”",
                "direct",
                "Tom Baker",
                "Nobody told us the water was unsafe to drink.",
            ),
            // A block quote introduced at the end of the paragraph before.
            (
                "The county report says:\n\n“Three bridges on the river road need urgent repair work.”",
                "direct",
                "The county report",
                "Three bridges on the river road need urgent repair work.",
            ),
            // A transcript line is said by its label.
            (
                "Part of the interview follows.\n\n“HOST: Will the bridge reopen before the winter comes?”",
                "direct",
                "HOST",
                "HOST: Will the bridge reopen before the winter comes?",
            ),
            (
                "''The old mill will reopen next spring,'' said Mr. Parsons. ''We are hiring.''",
                "direct",
                "Mr. Parsons",
                "The old mill will reopen next spring",
            ),
            (
                "Ms. Lowe said the plans ''were never costed by anyone at all.''",
                "mixed",
                "Ms. Lowe",
                "the plans ''were never costed by anyone at all.''",
            ),
            // After a quote that ends its sentence, a speaker whose cue goes
            // on to content of its own is not this quote's: the one before is.
            (
                "Ann Reid said: “This is another worrying step for us.” Tom Baker has said he is unsure.",
                "direct",
                "Ann Reid",
                "This is another worrying step for us.",
            ),
            (
                "Ann Reid added: “The band is rising again from the ashes.” Lawyer Tom Baker said: “We had argued for it.”",
                "direct",
                "Ann Reid",
                "The band is rising again from the ashes.",
            ),
            // A short quote with its cue and speaker right beside it.
            ("“This is fine,” Vladimir Putin said.", "direct", "Vladimir Putin", "This is fine"),
            // `.” X said on Monday.` is still X's.
            (
                "“The band is rising again from the ashes.” Tom Baker said on Monday.",
                "direct",
                "Tom Baker",
                "The band is rising again from the ashes.",
            ),
        ]);
    }

    /// Split quotes and quotes over several paragraphs: each part is a
    /// claim, the later ones with the first one's speaker.
    #[test]
    fn later_parts_take_the_first_speaker() {
        let split = "“The fire started in the kitchen,” Ann Reid said. “Then it spread to the roof very quickly.”";
        let paragraphs = "Ann Reid said: “The fire started in the kitchen at night.\n\n“Then it spread to the roof very quickly.”\n\n“We lost everything we owned in an hour.”";
        let run_together = "Ann Reid said: \"The fire started in the kitchen at night. \"Then it spread to the roof very quickly. \"We lost everything we owned in an hour.\"";
        check_speaks(&[
            (split, "The fire started in the kitchen", "Ann Reid", "P~ann_reid", "entity"),
            (
                split,
                "Then it spread to the roof very quickly.",
                "Ann Reid",
                "P~ann_reid",
                "previous_quote",
            ),
            (
                paragraphs,
                "The fire started in the kitchen at night.",
                "Ann Reid",
                "P~ann_reid",
                "entity",
            ),
            (
                paragraphs,
                "Then it spread to the roof very quickly.",
                "Ann Reid",
                "P~ann_reid",
                "previous_quote",
            ),
            (
                paragraphs,
                "We lost everything we owned in an hour.",
                "Ann Reid",
                "P~ann_reid",
                "previous_quote",
            ),
            // Paragraphs run together: a mark that opens again after a
            // sentence's end starts the next quote.
            (
                run_together,
                "The fire started in the kitchen at night.",
                "Ann Reid",
                "P~ann_reid",
                "entity",
            ),
            (
                run_together,
                "Then it spread to the roof very quickly.",
                "Ann Reid",
                "P~ann_reid",
                "previous_quote",
            ),
            (
                run_together,
                "We lost everything we owned in an hour.",
                "Ann Reid",
                "P~ann_reid",
                "previous_quote",
            ),
        ]);
    }

    /// A quote that opens inside its sentence is a fragment: the claim is
    /// the clause that holds it, mixed.
    #[test]
    fn fragments_take_their_clause() {
        check_has(&[
            (
                "The aid package would “create a positive climate around French wine,” Mr Bussereau said.",
                "mixed",
                "Mr Bussereau",
                "The aid package would “create a positive climate around French wine,”",
            ),
            (
                "Festival director Dieter Kosslick says this strong showing signals “a new consciousness for films”.",
                "mixed",
                "Festival director Dieter Kosslick",
                "this strong showing signals “a new consciousness for films”",
            ),
        ]);
    }

    /// Short quotes without a speaker right beside them are scare quotes.
    #[test]
    fn short_quotes_need_their_speaker_beside_them() {
        check_none(&[
            ("The mayor described the blast as “an intentional act.”", "intentional act"),
            ("She said the senator favors a “strongman approach.”", "strongman approach"),
            ("The champion finally said “no mas.” and left.", "no mas"),
        ]);
    }

    #[test]
    fn unclosed_mark_is_not_a_quote() {
        check_none(&[(
            "He called it a “failure of planning.\n\nThe council meets again on Monday to vote on the plan.",
            "council meets",
        )]);
    }

    #[test]
    fn transcript_labels() {
        for (content, want) in [
            ("WALLACE: Will you run?", Some("WALLACE")),
            ("MR. SMITH: Yes.", Some("MR. SMITH")),
            ("O'NEILL-BROWN: No.", Some("O'NEILL-BROWN")),
            ("Wallace: Will you run?", None),
            ("A: yes", None),
            ("ONE TWO THREE FOUR FIVE: too long", None),
            ("no colon here", None),
            ("", None),
            (":", None),
            ("AB:", Some("AB")),
            ("ÉLODIE DURAND: Oui.", Some("ÉLODIE DURAND")),
            ("US: later, WALLACE: no", Some("US")),
            ("X Y: one letter each", Some("X Y")),
            ("X: one letter", None),
            ("UPPER then lower: no", None),
        ] {
            let got = transcript_label(content, Span::new(0, content.len())).map(|s| &content[s]);
            assert_eq!(got, want, "{content:?}");
            // As first written: the label is all before the first colon.
            let reference = content.find(':').filter(|&colon| {
                let label = &content[..colon];
                (1..=4).contains(&label.split_whitespace().count())
                    && label.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && label
                        .chars()
                        .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'))
            });
            assert_eq!(got, reference.map(|colon| &content[..colon]), "{content:?}");
        }
    }

    /// [`find_quotes`] without its skipping: every token read, as first
    /// written. The reference of `quotes_as_the_token_by_token_scan_finds_them`.
    fn find_quotes_reference(text: &str, doc: &Document) -> Vec<Quote> {
        let mut scan = QuoteScan::new(text, doc);
        let mut k = 0;
        while k < doc.tokens.len() {
            k = scan.token(k);
        }
        scan.out
    }

    /// [`find_quotes`] skips the tokens that cannot change its state and
    /// finds what the token-by-token scan finds.
    #[test]
    fn quotes_as_the_token_by_token_scan_finds_them() {
        let texts = [
            "“One,” he said. “Two.” She said ''three'' and ''four.''",
            "He said: “The plan\n\n“continues here,” and ends.\n\nA last one.",
            "An apostrophe ’ left open\n\nin a new paragraph. “Then a quote.”",
            "“Open and never closed. More words follow here.\n\nNo mark again.",
            "The players’ union said ‘no’. “A. “B ends.” 'single' and \"straight\" marks.",
            "«Guillemets» and „low-high“ marks; ''",
            "",
            "''",
            "“A first.” “A second,” said Ann. (“Bracketed.”) —“Dashed.”",
            "He said ‘no\n\nThen more words came. “A quote.”",
        ];
        let mut found = 0;
        for text in texts {
            let doc = crate::tokenize::tokenize(text);
            let quotes = find_quotes(text, &doc);
            assert_eq!(quotes, find_quotes_reference(text, &doc), "{text:?}");
            found += quotes.len();
        }
        assert!(found >= 10, "{found} quotes");
    }
}
