//! Finding the speaker phrase of a claim: the subject before a cue, the
//! main subject for a participial cue, the speaker after or before a
//! quote, and the speaker a floating quote takes from the claim before it.

use super::context::Context;
use super::{Speaker, SpeakerHow};
use crate::shape::{is_capitalised, is_party_tag};
use crate::span::Span;
use crate::tokenize::{Token, TokenKind};

impl<'a> Context<'a> {
    /// The subject noun phrase right before token `ca` in the sentence.
    pub(super) fn subject_before(&self, toks: &[Token], ca: usize) -> Option<Speaker> {
        let mut end = ca;
        while end > 0 && self.is_aux(&toks[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        // "Mike Pence (R-Ind.) said": the party tag is not the subject.
        if self.w(&toks[end - 1]) == ")" {
            let open = (end.saturating_sub(8)..end - 1).rev().find(|&k| self.w(&toks[k]) == "(");
            if let Some(o) = open {
                let inner = Span::new(toks[o].span.end, toks[end - 1].span.start);
                if o > 0 && is_party_tag(&self.text[inner]) {
                    return self.subject_before(toks, o);
                }
            }
        }
        // "X, a lawyer for Y, said" / "X, who …, said" / "X, however, said":
        // the subject stands before the parenthetical.
        if self.w(&toks[end - 1]) == "," && end >= 3 {
            return self.subject_before_parenthetical(toks, end);
        }
        let mut start = end;
        while start > 0 {
            let t = &toks[start - 1];
            let w = self.lw(t);
            let boundary = match t.kind {
                TokenKind::Punct => !matches!(&*w, "-" | "." | "&"),
                TokenKind::Quote => true,
                _ => {
                    self.words.relative_pronouns.contains(&w)
                        || (w == "and" && start >= 2 && self.lw(&toks[start - 2]) == ",")
                        // "The Reds won 3-1 and Benitez said": a clause
                        // before, a name or pronoun alone after.
                        || (w == "and"
                            && end - start <= 4
                            && (toks[start..end].iter().all(|t| {
                                t.kind == TokenKind::Word && t.shape.capitalised()
                            }) || end - start == 1
                                && self.words.pronouns.contains(&self.lw(&toks[start])))
                            && toks[..start - 1].iter().any(|t| {
                                t.kind == TokenKind::Word
                                    && self.words.is_finite_verb_like(&self.lw(t))
                            }))
                }
            };
            if boundary {
                break;
            }
            start -= 1;
        }
        // Appositive: "Hugh Hill, a doctor at the clinic, said".
        if start >= 2
            && self.w(&toks[start - 1]) == ","
            && self.words.articles.contains(&self.lw(&toks[start]))
        {
            let mut s2 = start - 1;
            while s2 > 0 && !matches!(toks[s2 - 1].kind, TokenKind::Punct | TokenKind::Quote) {
                s2 -= 1;
            }
            if s2 < start - 1 && !self.w(&toks[s2 - usize::from(s2 > 0)]).is_empty() {
                let name = &toks[s2..start - 1];
                // ("In a statement, the party said": no name before it.)
                let lead = self.lw(&name[0]);
                if name.iter().any(|t| t.shape.capitalised())
                    && name.len() <= 5
                    && !self.words.prepositions.contains(&lead)
                    && !self.words.leaders.contains(&lead)
                {
                    start = s2;
                    end = s2 + name.len();
                }
            }
        }
        // Leading conjunctions and adverbs are not the subject.
        while start < end
            && (self.words.leaders.contains(&self.lw(&toks[start])) && end - start > 1)
        {
            start += 1;
        }
        if start >= end || end - start > 12 {
            return None;
        }
        // "Rep. Ann Lee, D-Calif., …": the name before the party tag.
        if start >= 2 && self.w(&toks[start - 1]) == "," {
            let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
            if is_party_tag(&self.text[span]) {
                return self.subject_before(toks, start - 1);
            }
        }
        if !self.plausible_subject(&toks[start..end]) {
            return None;
        }
        // "who said" / "which said": relative clause, subject unknown here.
        let first = self.lw(&toks[start]);
        if self.words.unknown_subjects.contains(&first) && end - start == 1 {
            return None;
        }
        // The subject of a reporting verb is a noun phrase: it has a noun-like
        // word (capitalised, a pronoun, or a common noun) and no verb.
        if toks[start..end]
            .iter()
            .any(|t| !t.shape.capitalised() && self.words.is_finite_verb_like(&self.lw(t)))
        {
            return None;
        }
        let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
        Some(Speaker { span, entity: None, how: SpeakerHow::Unresolved })
    }

    /// The subject before a parenthetical that ends with the comma at
    /// `end - 1` ("X, a lawyer for Y, said", "X, however, said"), or a name
    /// in apposition ("Mr. Putin's spokesman, Dmitry Peskov, said").
    fn subject_before_parenthetical(&self, toks: &[Token], end: usize) -> Option<Speaker> {
        let mut p = end - 1;
        loop {
            if p == 0 || end - p > 30 {
                return None;
            }
            p -= 1;
            let w = self.w(&toks[p]);
            if w == "," {
                break;
            }
            // A "." inside a sentence ends an abbreviation ("D-Mich.").
            if toks[p].kind == TokenKind::Quote || matches!(w, ";" | ":" | "?" | "!") {
                return None;
            }
        }
        if p + 1 >= end - 1 {
            return None;
        }
        let paren = &toks[p + 1..end - 1];
        let paren_span = Span::new(paren[0].span.start, paren[paren.len() - 1].span.end);
        // "Rep. Ann Lee, D-Calif., said": a party tag.
        if is_party_tag(&self.text[paren_span]) {
            return self.subject_before(toks, p);
        }
        // "Mr. Putin's spokesman, Dmitry Peskov, said": a name in apposition.
        let name_like = paren.len() <= 4
            && paren.iter().all(|t| {
                t.kind == TokenKind::Word && t.shape.capitalised() || matches!(self.w(t), "." | "-")
            })
            && !self.words.pronouns.contains(self.lo(&paren[0]))
            && !self.words.leaders.contains(self.lo(&paren[0]));
        let sp = self.subject_before(toks, p);
        if let Some(sp) = sp {
            let last = self.text[sp.span].split_whitespace().last().unwrap_or("");
            // ("Director, David Caldwell, said": a role alone before the
            // name is no speaker; the name is.)
            let lone_role = name_like
                && !self.text[sp.span].contains(' ')
                && (self.words.role_nouns.contains_ascii_lowercase(last)
                    || self.words.person_roles.contains_ascii_lowercase(last));
            if !lone_role
                && (is_capitalised(last) || self.words.pronouns.contains_ascii_lowercase(last))
            {
                return Some(sp);
            }
        }
        name_like.then_some(Speaker { span: paren_span, entity: None, how: SpeakerHow::Unresolved })
    }

    /// Can these tokens be the subject of a reporting verb? A pronoun, a
    /// determiner or a capitalised word first, and no participle leading.
    pub(super) fn plausible_subject(&self, toks: &[Token]) -> bool {
        let Some(first) = toks.first() else {
            return false;
        };
        let w = self.w(first);
        let lw = self.lw(first);
        let starts_ok = self.words.subject_starts.contains(&lw)
            || first.kind == TokenKind::Word && w.chars().next().is_some_and(char::is_uppercase)
            || first.kind == TokenKind::Number;
        // A lone article is an adjective's determiner ("The alleged
        // violations", "the said report"); a lone relative pronoun stands
        // for a subject outside the clause ("Travers, who is said to").
        if toks.len() == 1
            && (self.words.articles.contains(&lw) || self.words.unknown_subjects.contains(&lw))
        {
            return false;
        }
        starts_ok && (!lw.ends_with("ing") || is_capitalised(w))
    }

    /// The main clause's subject for a participial cue (", stating that").
    pub(super) fn main_subject(&self, toks: &[Token], ca: usize) -> Option<Speaker> {
        // The first mention in the sentence before the cue, preceded only by
        // an introductory phrase.
        let first = toks.first()?.span.start;
        let limit = toks[ca].span.start;
        let ms = &self.tagged.mentions;
        let m =
            ms.get(ms.partition_point(|m| m.span.start < first)).filter(|m| m.span.end <= limit)?;
        let (ma, _) = Self::tok_range(toks, m.span);
        let intro_ok = toks[..ma]
            .iter()
            .all(|t| t.kind != TokenKind::Word || !self.words.is_finite_verb_like(&self.lw(t)));
        if !intro_ok {
            return None;
        }
        Some(Speaker { span: m.span, entity: Some(m.entity), how: SpeakerHow::Entity })
    }

    /// `” X said` or `” said X` right after a closing mark.
    pub(super) fn speaker_after(&self, close: usize) -> Option<(Speaker, Span)> {
        let toks = &self.doc.tokens;
        let mut k = toks.partition_point(|t| t.span.start < close);
        // Skip the closing mark itself and a comma or dash.
        while k < toks.len()
            && (toks[k].kind == TokenKind::Quote
                || matches!(self.w(&toks[k]), "," | "—" | "–" | "-"))
            && toks[k].span.start < close + 4
        {
            k += 1;
        }
        if k >= toks.len() || self.text[close..toks[k].span.start].contains('\n') {
            return None;
        }
        let limit = (k + 10).min(toks.len());
        for v in k..limit {
            let t = &toks[v];
            if t.kind == TokenKind::Punct || t.kind == TokenKind::Quote {
                // "…,” he said, adding …" stops here; so does the sentence end.
                if v == k {
                    return None;
                }
                // "…,” Roy Asher, chief investment officer at Irish Life, told
                // Reuters.": a name, an apposition, then the cue.
                if self.w(t) == "," && toks[k..v].iter().all(|t| self.is_name_token(t)) {
                    return self.after_apposition(k, v);
                }
                break;
            }
            if let Some(cue) = self.cue_at(t.span) {
                if v == k {
                    // Inverted: “…,” said the minister.
                    // ("the 74-year-old comedian": numbers and the hyphens
                    // inside a word belong to the phrase.)
                    let mut e = v + 1;
                    while e < limit
                        && (matches!(
                            toks[e].kind,
                            TokenKind::Word | TokenKind::Possessive | TokenKind::Number
                        ) || self.w(&toks[e]) == "-"
                            && toks[e].span.start == toks[e - 1].span.end
                            && toks.get(e + 1).is_some_and(|n| n.span.start == toks[e].span.end))
                    {
                        e += 1;
                    }
                    if e == v + 1 {
                        return None;
                    }
                    let span = Span::new(toks[v + 1].span.start, toks[e - 1].span.end);
                    return Some((
                        Speaker { span, entity: None, how: SpeakerHow::Unresolved },
                        cue,
                    ));
                }
                let mut end = v;
                while end > k && self.is_aux(&toks[end - 1]) {
                    end -= 1;
                }
                if end == k {
                    return None;
                }
                let span = Span::new(toks[k].span.start, toks[end - 1].span.end);
                return Some((Speaker { span, entity: None, how: SpeakerHow::Unresolved }, cue));
            }
        }
        None
    }

    /// The name at tokens `k..comma` when an apposition after the comma
    /// ends with a comma and the cue follows ("Roy Asher, chief investment
    /// officer at Irish Life, told Reuters"), with that cue.
    fn after_apposition(&self, k: usize, comma: usize) -> Option<(Speaker, Span)> {
        let toks = &self.doc.tokens;
        let end = (comma + 1..(comma + 16).min(toks.len()))
            .find(|&i| matches!(toks[i].kind, TokenKind::Punct | TokenKind::Quote))?;
        if self.w(&toks[end]) != "," || end == comma + 1 {
            return None;
        }
        let mut c = end + 1;
        while c < toks.len() && self.is_aux(&toks[c]) {
            c += 1;
        }
        let cue = self.cue_at(toks.get(c)?.span)?;
        let span = Span::new(toks[k].span.start, toks[comma - 1].span.end);
        Some((Speaker { span, entity: None, how: SpeakerHow::Unresolved }, cue))
    }

    /// `X said: “` or `X said, “` right before an opening mark.
    pub(super) fn speaker_before(&self, open: usize) -> Option<(Speaker, Span)> {
        let si = self.doc.sentence_at(open);
        let mut toks = self.toks(si);
        let mut k = toks.partition_point(|t| t.span.start < open);
        // A block quote introduced at the end of the sentence before:
        // "The New York Times reports:\n\n“…”".
        if k == 0 && si > 0 {
            let prev = self.toks(si - 1);
            if prev.last().is_some_and(|t| self.w(t) == ":") {
                toks = prev;
                k = prev.len();
            }
        }
        if k == 0 {
            return None;
        }
        let mut v = k;
        if matches!(self.w(&toks[v - 1]), ":" | ",") {
            v -= 1;
        }
        // Find the cue among the last few words before the mark.
        let lo = v.saturating_sub(6);
        for c in (lo..v).rev() {
            if let Some(cue) = self.cue_at(toks[c].span) {
                let sp = self.subject_before(toks, c)?;
                return Some((sp, cue));
            }
            if toks[c].kind != TokenKind::Word {
                break;
            }
        }
        None
    }

    /// Does the text after a speaker found after a quote (`cue`, and the
    /// inverted speaker after it) begin a claim of its own? A colon or an
    /// opening mark introduces the next quote (`.” Y said: “`), and so does a
    /// word that is no adverbial (`.” Y has said he …`, but `.” Y said on
    /// Monday.`). Asked only after a quote that ends its sentence.
    pub(super) fn cue_introduces_more(&self, cue: Span) -> bool {
        let toks = &self.doc.tokens;
        let mut k = toks.partition_point(|t| t.span.start < cue.end);
        // An inverted speaker ("said Mr Smith:") is skipped.
        while k < toks.len()
            && toks[k].kind != TokenKind::Quote
            && toks[k].kind != TokenKind::Punct
            && self.text[cue.end..toks[k].span.start].len() < 80
            && (toks[k].shape.capitalised() || self.words.articles.contains(&self.lw(&toks[k])))
        {
            k += 1;
        }
        let Some(t) = toks.get(k) else {
            return false;
        };
        if t.kind == TokenKind::Quote || self.w(t) == ":" {
            return true;
        }
        if t.kind != TokenKind::Word {
            return false;
        }
        let w = self.lw(t);
        !(self.words.prepositions.contains(&w) || self.words.speaker_tails.contains(&w))
    }

    /// The speaker phrase within a phrase found before or after a cue, or
    /// `None` when it holds no speaker: a lone clause leader ("And"), words
    /// that are a clause, not a noun phrase ("most analysts seem to", "a
    /// few weeks of headlines have also done"). An introductory phrase is
    /// cut off ("On Saturday the Lib Dem chief executive", "In a statement
    /// Google"), so is an adverbial after the name ("Mr Hockney meanwhile",
    /// "Mr Sener earlier this month") and trailing punctuation.
    pub(super) fn clean_speaker(&self, span: Span, before_cue: bool) -> Option<Span> {
        let all = &self.doc.tokens;
        let (a, b) = (
            all.partition_point(|t| t.span.end <= span.start),
            all.partition_point(|t| t.span.start < span.end),
        );
        let mut toks = &all[a..b];
        // Trailing punctuation and leading clause leaders.
        while toks.last().is_some_and(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Quote)) {
            toks = &toks[..toks.len() - 1];
        }
        while toks.first().is_some_and(|t| {
            let lw = self.lw(t);
            // ("a" leads a FAQ answer, "A: …", but here it is an article.)
            self.words.leaders.contains(&lw) && !self.words.articles.contains(&lw)
        }) {
            toks = &toks[1..];
        }
        // A clause leader inside: the speaker is the side with a name or a
        // pronoun, the one next to the cue if both ("says Greenspan while
        // visiting The Star", "companies refuse to pay because they say";
        // "£6m for the midfielder but chief executive John Williams said").
        // "and" and "or" join names ("Pelosi and Trump").
        if let Some(k) = toks.iter().skip(1).position(|t| {
            let lw = self.lw(t);
            self.words.leaders.contains(&lw)
                && !self.words.articles.contains(&lw)
                && !matches!(&*lw, "and" | "or")
        }) {
            let k = k + 1;
            let named = |ts: &[Token]| {
                ts.iter().any(|t| {
                    self.is_name_token(t) && t.kind == TokenKind::Word
                        || self.words.pronouns.contains(&self.lw(t))
                })
            };
            // The side next to the cue when both are named.
            let (near, far) = if before_cue {
                (&toks[k + 1..], &toks[..k])
            } else {
                (&toks[..k], &toks[k + 1..])
            };
            // (Neither named: "a readout released after the call" stays.)
            if named(near) {
                toks = near;
            } else if named(far) {
                toks = far;
            }
        }
        let first = toks.first()?;
        // An introductory phrase: a preposition or an -ing participle first
        // ("Responding to the ruling, …", capitalised at a sentence start).
        let lw0 = self.lw(first);
        let sentence_start = self.doc.sentences[self.doc.sentence_at(first.span.start)].span.start
            == first.span.start;
        let participle =
            lw0.len() > 5 && lw0.ends_with("ing") && (!self.is_name_token(first) || sentence_start);
        if toks.len() > 1 && (self.words.prepositions.contains(&lw0) || participle) {
            // The noun phrase after it: its first determiner ("In early
            // November the company"), else the first name that starts a run
            // ("In a statement Google"); none after a preposition ("At a
            // briefing in Paris the minister").
            let after_prep = |i: usize| self.words.prepositions.contains(&self.lw(&toks[i - 1]));
            let det = (2..toks.len())
                .find(|&i| !after_prep(i) && self.words.determiners.contains(&self.lw(&toks[i])));
            let run = || {
                (2..toks.len()).find(|&i| {
                    let prev = &toks[i - 1];
                    !after_prep(i)
                        && self.is_name_token(&toks[i])
                        && !self.is_name_token(prev)
                        && !self.words.determiners.contains(&self.lw(prev))
                })
            };
            toks = &toks[det.or_else(run)?..];
        }
        // An adverbial after the name.
        if let Some(cut) = (1..toks.len()).find(|&i| {
            let lw = self.lw(&toks[i]);
            if !self.words.speaker_tails.contains(&lw) {
                return false;
            }
            // "Trump on Tuesday" (not "Experts on North Korea"), "Smith
            // last week" (not "the last survivor").
            if self.words.prepositions.contains(&lw) {
                toks.get(i + 1).is_some_and(|n| self.words.time.contains(&self.lw(n)))
            } else if matches!(&*lw, "last" | "this") {
                self.is_name_token(&toks[i - 1])
            } else {
                true
            }
        }) {
            toks = &toks[..cut];
        }
        // A clause, not a noun phrase: an auxiliary verb inside ("headlines
        // have also done"), or "to" last ("most analysts seem to").
        // (A relative clause may hold them: "a study which is released".)
        let head = toks
            .iter()
            .position(|t| self.words.relative_pronouns.contains(&self.lw(t)))
            .unwrap_or(toks.len());
        let clause = toks[..head].iter().skip(1).any(|t| {
            let lw = self.lw(t);
            !t.shape.capitalised()
                && self.words.aux.contains(&lw)
                && self.words.finite.contains(&lw)
        }) || toks.len() > 1 && toks.last().is_some_and(|t| self.lo(t) == "to");
        if clause || toks.is_empty() {
            return None;
        }
        Some(Span::new(toks[0].span.start, toks[toks.len() - 1].span.end))
    }

    /// A capitalised word or a number: part of a name.
    fn is_name_token(&self, t: &Token) -> bool {
        t.kind == TokenKind::Number || t.kind == TokenKind::Word && t.shape.capitalised()
    }

    /// The cue verb at this token, if it is one.
    fn cue_at(&self, span: Span) -> Option<Span> {
        if self.words.speech.contains(&self.lower_at(span)) {
            Some(span)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_has;

    /// The speaker phrase is cleaned: no introductory phrase, no adverbial
    /// after the name, no leading conjunction; a phrase that is a clause
    /// names no speaker.
    #[test]
    fn speaker_phrases_are_cleaned() {
        let cases = [
            ("On Saturday the Lib Dem chief executive said it was just a mistake.", "the Lib Dem chief executive"),
            ("In a statement, the party said the comment had been taken out of context.", "the party"),
            ("In a statement Google said the new tool was entirely optional.", "Google"),
            ("In early November the company announced that the chairman would step down.", "the company"),
            ("Mr Hockney meanwhile told the BBC that he would stand again next year.", "Mr Hockney"),
            ("Pelosi and Trump both think they have public sentiment on their side.", "Pelosi and Trump"),
            ("Trump on Tuesday said he would consider naming a new judge.", "Trump"),
            ("Experts on North Korea said the latest test could change everything.", "Experts on North Korea"),
            ("Those close to him say that he would have to consider the offer.", "Those close to him"),
            ("“The cake will be bigger for everybody,” said Deputy Prime Minister Ann Sener earlier this month.", "Deputy Prime Minister Ann Sener"),
            ("“The talks produced nothing at all today,” a spokesperson said.", "a spokesperson"),
            ("“It is just laughing at each other,” said the 74-year-old comedian.", "the 74-year-old comedian"),
            ("Director, David Caldwell, said some students could be applying early.", "David Caldwell"),
            ("“The plan is sound,” Roy Asher, chief investment officer at Irish Life, told Reuters.", "Roy Asher"),
            ("The Reds beat Olympiakos with a late Steven Gerrard strike and Benitez said: “It was a great night.”", "Benitez"),
        ];
        for (text, speaker) in cases {
            let claims = super::super::testing::claims(text);
            assert!(
                claims.iter().any(|c| c.speaker == speaker),
                "{text:?}: want speaker {speaker:?}, got {claims:?}"
            );
        }
        // A clause names no speaker.
        let claims = super::super::testing::claims(
            "Most analysts seem to agree that the rates will rise soon.",
        );
        assert!(claims.iter().all(|c| c.speaker.is_empty()), "{claims:?}");
    }

    #[test]
    fn subjects_before_the_cue() {
        check_has(&[
            (
                "Hugh Hill, a doctor at the clinic, said the wait times were getting longer.",
                "indirect",
                "Hugh Hill",
                "the wait times were getting longer",
            ),
            (
                "“The wait times are getting longer every month,” said Hugh Hill, a doctor at the clinic.",
                "direct",
                "Hugh Hill",
                "The wait times are getting longer every month",
            ),
            (
                "Teachers and parents said the school needed more classrooms.",
                "indirect",
                "Teachers and parents",
                "the school needed more classrooms",
            ),
            (
                "Sen. Ann Hale, D-Ore., said on Monday that the bill was dead.",
                "indirect",
                "Sen. Ann Hale",
                "the bill was dead",
            ),
            (
                "Rep. Tom Ruiz (R-Texas) said the bill was dead.",
                "indirect",
                "Rep. Tom Ruiz",
                "the bill was dead",
            ),
            // A capitalised auxiliary is a name.
            (
                "After the vote, Ms. May acknowledged that the defeat was serious.",
                "indirect",
                "Ms. May",
                "the defeat was serious",
            ),
            // A name in apposition.
            (
                "The mayor’s spokesman, Carl Brandt, told reporters: “The bridge stays closed until May.”",
                "direct",
                "Carl Brandt",
                "The bridge stays closed until May.",
            ),
            (
                "U.S. and South Korean officials said that the drills would go ahead.",
                "indirect",
                "U.S. and South Korean officials",
                "the drills would go ahead",
            ),
        ]);
    }
}
