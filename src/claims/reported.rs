//! Reported speech around a cue: `X said (that) …`, participial cues
//! (`…, stating that …`), `quoted X as saying`, clause-final cues (`…, she
//! said.`), `according to X`, and nominal claims (`X's claims that …`).

use super::context::Context;
use super::cues::CueInfo;
use super::{Claim, ClaimKind, Speaker, SpeakerHow};
use crate::gazetteer::CueKind;
use crate::span::Span;
use crate::tokenize::{Token, TokenKind};

impl<'a> Context<'a> {
    /// Reported speech around a cue verb or phrase.
    pub(super) fn reported(&self, si: usize, cue: Span, info: &CueInfo) -> Option<Claim> {
        let toks = self.toks(si);
        let (ca, cb) = Self::tok_range(toks, cue);
        if ca >= toks.len() {
            return None;
        }
        if info.lemma == "quote" {
            return self.quoted_as_saying(si, toks, ca, cb);
        }
        let cue_text = self.lw(&toks[ca]);
        let participial = cue_text.ends_with("ing") && ca > 0 && self.w(&toks[ca - 1]) == ",";
        // A cue used as a noun or adjective ("the said report", "a statement")
        // is ruled out by requiring a subject or the participial comma.
        let mut j = cb;
        // "told reporters", "told the newspaper": skip the addressee.
        if info.addressee {
            j = self.skip_addressee(toks, j);
        }
        let that_at = self.that_after(toks, j);
        let phrase_complement = info.kind == CueKind::Phrase && info.complement;
        let cue_has_that = cb > ca + 1 && self.lw(&toks[cb - 1]) == "that";
        // A noun-phrase object ends before ", saying …".
        let mut np_end = toks.len();
        let mut np_mode = false;
        let content_from = if phrase_complement || cue_has_that {
            j
        } else if let Some(k) = that_at.filter(|&k| k == j || self.adverbial(toks, j, k)) {
            k + 1
        } else {
            let np_object = info.np_object;
            // A phrase that starts with a verb of speech ("said in a
            // statement") takes a clause as its verb would.
            let speech_phrase = info.kind == CueKind::Phrase
                && self.words.speech.contains(&self.lw(&toks[ca]))
                && toks.get(j).is_some_and(|t| t.kind == TokenKind::Word)
                && self.looks_like_clause(toks, j);
            if info.kind == CueKind::Phrase && !phrase_complement && !np_object && !speech_phrase {
                return None;
            }
            let allow_zero = info.zero_that || speech_phrase;
            let next = toks.get(j)?;
            let nw = self.lw(next);
            // Clause-final cue: "The plan failed, she said." / ", said X."
            if let Some(c) = self.clause_final(si, toks, ca, cb, cue) {
                return Some(c);
            }
            let clause = allow_zero
                && next.kind == TokenKind::Word
                && !self.words.not_clause_start.contains(&nw)
                && self.looks_like_clause(toks, j);
            // "warned of a crisis": the preposition is part of the cue.
            let obj = if info.lemma == "warn" && self.words.warn_prepositions.contains(&nw) {
                j + 1
            } else {
                j
            };
            // "said in his speech he was ready", "stated in July it opposed":
            // a prepositional phrase, then the clause.
            let after_phrase = (!clause && allow_zero && self.words.prepositions.contains(&nw))
                .then(|| self.clause_after_phrase(toks, j))
                .flatten();
            if let Some(j2) = after_phrase {
                j2
            } else if clause {
                // "Vietnamese state media reported …": a cue word modifying
                // the subject of the next cue is a noun.
                if *cue_text == *info.lemma
                    && toks[j + 1..(j + 3).min(toks.len())].iter().any(|t| {
                        t.kind == TokenKind::Word && self.words.speech.contains(&self.lw(t))
                    })
                {
                    return None;
                }
                j
            } else if np_object
                // Past forms and phrases only: "China slams Britain" is a
                // headline, "the question of" a noun.
                && (info.kind == CueKind::Phrase || cue_text.ends_with("ed"))
                && toks.get(obj).is_some_and(|t| {
                    matches!(t.kind, TokenKind::Word | TokenKind::Number)
                        && !self.words.not_object_start.contains(self.lo(t))
                })
                && (obj > j || info.lemma != "warn")
            {
                np_end = (obj + 1..toks.len().saturating_sub(1))
                    .find(|&k| {
                        self.w(&toks[k]) == ","
                            && toks[k + 1].kind == TokenKind::Word
                            && self.w(&toks[k + 1]).ends_with("ing")
                    })
                    .unwrap_or(np_end);
                np_mode = true;
                obj
            } else {
                return None;
            }
        };
        let content = self.rest_of_sentence(&toks[..np_end], content_from)?;
        // A short object names a topic, not a claim ("cited the tours").
        // "criticized President Yoon for …": a person is the target, not a claim.
        if np_mode
            && (self.text[content].split_whitespace().count() < 5
                || self.names_a_target(toks, content_from) && self.text[content].contains(" for "))
        {
            return None;
        }
        if content.len() < 3 {
            return None;
        }
        let content = self.source_clause(toks, content);
        let speaker =
            if participial { self.main_subject(toks, ca) } else { self.subject_before(toks, ca) };
        // Without a subject a verb is not reporting anything ("the said report").
        let speaker = match speaker {
            Some(s) => Some(s),
            None if participial => None,
            None => Some(self.coordinated_subject(toks, ca)?),
        };
        let kind = if self.has_quote(content) { ClaimKind::Mixed } else { ClaimKind::Indirect };
        let cue_span = Span::new(cue.start, cue.end);
        Some(Claim {
            span: content,
            sentence: si,
            kind,
            speaker,
            cue: Some(cue_span),
            negated: false,
        })
    }

    /// Where the claim starts after the addressee of a cue at `j` ("told
    /// reporters that …", "told reporters the plan would fail").
    fn skip_addressee(&self, toks: &[Token], j: usize) -> usize {
        let mut k = j;
        while k < toks.len()
            && k < j + 6
            && toks[k].kind == TokenKind::Word
            && self.lw(&toks[k]) != "that"
        {
            k += 1;
        }
        if k > j && k < toks.len() && self.lw(&toks[k]) == "that"
            || k > j && (k == toks.len() || toks[k].kind != TokenKind::Word)
        {
            k
        } else if k > j {
            // "told reporters the plan would fail": the addressee is one word.
            j + 1
        } else {
            j
        }
    }

    /// The "that" within eight tokens from `j`, past a short adverbial
    /// ("said on Monday that", "said in a statement that"), before any
    /// participial cue, quote mark or end of clause.
    fn that_after(&self, toks: &[Token], j: usize) -> Option<usize> {
        for k in j..toks.len().min(j + 8) {
            let w = self.lw(&toks[k]);
            if w == "that" {
                return Some(k);
            }
            // ", stating that": another (participial) cue takes over.
            if k > j && w.ends_with("ing") && self.w(&toks[k - 1]) == "," {
                return None;
            }
            if toks[k].kind == TokenKind::Quote || matches!(&*w, "." | ";" | ":" | "?" | "!") {
                return None;
            }
        }
        None
    }

    /// "KCNA quoted Kim as saying (that) …": the speaker is the quoted
    /// person; the cue runs from "quoted" to "saying".
    fn quoted_as_saying(&self, si: usize, toks: &[Token], ca: usize, cb: usize) -> Option<Claim> {
        let as_at = (cb..toks.len().min(cb + 12)).find(|&k| {
            toks[k].kind == TokenKind::Word && self.w(&toks[k]).eq_ignore_ascii_case("as")
        })?;
        let verb = toks.get(as_at + 1)?;
        let vw = self.w(verb);
        if as_at == cb || !self.words.quoted_as.contains_ascii_lowercase(vw) {
            return None;
        }
        let mut from = as_at + 2;
        if toks.get(from).is_some_and(|t| self.w(t).eq_ignore_ascii_case("that")) {
            from += 1;
        }
        let content = self.rest_of_sentence(toks, from)?;
        let speaker = Span::new(toks[cb].span.start, toks[as_at - 1].span.end);
        let kind = if self.has_quote(content) { ClaimKind::Mixed } else { ClaimKind::Indirect };
        Some(Claim {
            span: content,
            sentence: si,
            kind,
            speaker: Some(Speaker { span: speaker, entity: None, how: SpeakerHow::Unresolved }),
            cue: Some(Span::new(toks[ca].span.start, verb.span.end)),
            negated: false,
        })
    }

    /// Content of a nominal claim ends before the predicate that follows
    /// it: "X's claims that [A could be B] were unfounded".
    /// Where a clause starts after a short prepositional phrase at `j`
    /// ("in his New Year's speech he was ready"): the first word after it
    /// that can start a subject (a pronoun, an article or a capitalised
    /// word, no time word) with a finite verb at most three words on, and
    /// not right after a preposition or a determiner (the phrase's own
    /// noun: "wrote in an email attached"). The phrase holds no verb, no
    /// conjunction, no relative or "what", and no punctuation but a
    /// possessive; "to" starts no such phrase ("agreed to clean up").
    fn clause_after_phrase(&self, toks: &[Token], j: usize) -> Option<usize> {
        if self.lw(&toks[j]) == "to" {
            return None;
        }
        let limit = (j + 9).min(toks.len());
        for j2 in j + 2..limit {
            let t = &toks[j2 - 1];
            let lw = self.lw(t);
            if !matches!(t.kind, TokenKind::Word | TokenKind::Number | TokenKind::Possessive)
                || t.kind == TokenKind::Word && self.words.is_finite_verb_like(&lw)
                || matches!(&*lw, "that" | "what" | "and" | "or" | "but")
                || self.words.relative_pronouns.contains(&lw)
            {
                return None;
            }
            if self.words.prepositions.contains(&lw) || self.words.determiners.contains(&lw) {
                continue;
            }
            let s = &toks[j2];
            let w = self.lw(s);
            let starts = s.kind == TokenKind::Word
                && (self.words.pronouns.contains(&w)
                    || self.words.articles.contains(&w)
                    || s.shape.capitalised())
                && !self.words.time.contains(&w)
                && !self.words.not_clause_start.contains(&w);
            let verb_soon = toks[j2 + 1..(j2 + 4).min(toks.len())]
                .iter()
                .take_while(|t| t.kind != TokenKind::Punct)
                .any(|t| t.kind == TokenKind::Word && self.words.is_finite_verb_like(&self.lw(t)));
            if starts && verb_soon {
                return Some(j2);
            }
        }
        None
    }

    /// The subject of a second verb of speech coordinated with a first
    /// ("X said A, but said B"; "X accused Y of A and said B"): the
    /// subject of the sentence's first verb ("Beijing warned A, Xinhua
    /// reported, and said B": Beijing).
    fn coordinated_subject(&self, toks: &[Token], ca: usize) -> Option<Speaker> {
        let mut k = ca;
        while k > 0 && self.words.speaker_tails.contains(&self.lw(&toks[k - 1])) {
            k -= 1;
        }
        if k < 2 || !matches!(&*self.lw(&toks[k - 1]), "and" | "but") {
            return None;
        }
        let first = (0..k - 1).find(|&c| {
            toks[c].kind == TokenKind::Word && self.words.is_finite_verb_like(&self.lw(&toks[c]))
        })?;
        self.subject_before(toks, first)
    }

    /// The content ends where the source's clause ends: before a
    /// coordinated second verb of speech ("said A, but said B", "said A and
    /// promised B") or a second source (", but many think B"), each a claim
    /// of its own, never part of this one. A coordinator inside quotation
    /// marks is the speaker's own.
    fn source_clause(&self, toks: &[Token], content: Span) -> Span {
        let (a, b) = Self::tok_range(toks, content);
        let mut quotes = 0;
        for k in a..b {
            let t = &toks[k];
            if t.kind == TokenKind::Quote {
                quotes += 1;
                continue;
            }
            if quotes % 2 == 1 || k == a {
                continue;
            }
            // "…, he told activists.": the attribution repeated at the end.
            if self.w(t) == "," && b - k <= 8 {
                let verb = (k + 2..(k + 6).min(b)).find(|&s| {
                    toks[s].kind == TokenKind::Word
                        && self.words.speech.contains(&self.lw(&toks[s]))
                });
                if let Some(s) = verb {
                    let subject = &toks[k + 1..s];
                    if self.plausible_subject(subject)
                        && subject.iter().all(|t| {
                            t.kind == TokenKind::Word
                                && !self.words.is_finite_verb_like(&self.lw(t))
                        })
                    {
                        return Span::new(content.start, toks[k - 1].span.end);
                    }
                }
            }
            if !matches!(self.lo(t), "and" | "but") {
                continue;
            }
            let comma = self.w(&toks[k - 1]) == ",";
            let mut j = k + 1;
            while j < b && self.words.speaker_tails.contains(&self.lw(&toks[j])) {
                j += 1;
            }
            let speech = |i: usize| {
                toks.get(i).is_some_and(|t| {
                    t.kind == TokenKind::Word && self.words.speech.contains(&self.lw(t))
                })
            };
            // "and promised …": the source's second verb.
            let second_verb = j < b && speech(j);
            // ", but many think …": a short subject and a verb of speech or
            // belief (no "that" is needed: "think", "believe").
            let second_source = comma
                && (j + 1..(j + 5).min(b)).any(|s| {
                    (speech(s) || self.words.zero_that.contains(&self.lw(&toks[s])))
                        && self.plausible_subject(&toks[j..s])
                        && toks[j..s].iter().all(|t| {
                            t.kind == TokenKind::Word
                                && !self.words.is_finite_verb_like(&self.lw(t))
                        })
                });
            if second_verb || second_source {
                let end = if comma { k - 1 } else { k };
                if end > a {
                    // (The part before may end with the attribution:
                    // "A, Xinhua reported, and said B".)
                    return self
                        .source_clause(toks, Span::new(content.start, toks[end - 1].span.end));
                }
            }
        }
        content
    }

    /// Is toks[from..to] a short adverbial (prepositional phrase, time word)?
    pub(super) fn adverbial(&self, toks: &[Token], from: usize, to: usize) -> bool {
        if to <= from {
            return true;
        }
        let first = self.lw(&toks[from]);
        self.words.adverbial_starts.contains(&first)
            || first == ","
            || (toks[from].kind == TokenKind::Word
                && to - from <= 4
                && self.lw(&toks[to - 1]) != "not")
    }

    /// Does a clause start at `j` (a subject then a verb-like word)?
    fn looks_like_clause(&self, toks: &[Token], j: usize) -> bool {
        let w0 = self.lw(&toks[j]);
        if !matches!(toks[j].kind, TokenKind::Word | TokenKind::Number)
            || self.words.not_clause_start.contains(&w0)
            || self.words.time.contains(&w0)
        {
            return false;
        }
        // Look for a finite verb within the next few words.
        for t in toks.iter().skip(j + 1).take(10) {
            let w = self.lw(t);
            if self.words.is_finite_verb_like(&w) {
                return true;
            }
            if matches!(t.kind, TokenKind::Punct | TokenKind::Quote)
                && !matches!(&*w, "-" | "," | "%" | "(" | ")")
            {
                return false;
            }
        }
        false
    }

    /// ", she said." at the end of a clause: the content is the clause before.
    fn clause_final(
        &self,
        si: usize,
        toks: &[Token],
        ca: usize,
        cb: usize,
        cue: Span,
    ) -> Option<Claim> {
        // What follows the cue: nothing, or a speaker noun phrase, then the
        // end (the first of `.`, `!`, `?`, `;`). Only whether anything
        // follows matters, and, for an inverted speaker, where it ends within
        // eight tokens: no scan to the end of the sentence.
        let ends = |e: usize| {
            toks[e].kind == TokenKind::Punct && matches!(self.w(&toks[e]), "." | "!" | "?" | ";")
        };
        let follows = cb < toks.len() && !ends(cb);
        let mut tail: Option<Span> = None;
        let (speaker_span, comma) = if ca > 0 && self.w(&toks[ca - 1]) == "," && follows {
            // Inverted "…, said X." or "…, X said." : find the comma before.
            // "…, said X, a lawyer for Y.": the speaker ends at the comma
            // (else at the end), and has at most eight tokens.
            if self.lw(&toks[ca]).ends_with("ing") {
                return None;
            }
            let mut sp_end = cb;
            while sp_end < toks.len() && !ends(sp_end) && self.w(&toks[sp_end]) != "," {
                if sp_end - cb == 8 {
                    return None;
                }
                sp_end += 1;
            }
            if sp_end == cb {
                return None;
            }
            // ", said the minister."
            let sp = Span::new(toks[cb].span.start, toks[sp_end - 1].span.end);
            // ("X, who broke with the party, said she would veto it": a
            // clause after the cue is its content, not an inverted speaker.)
            if self.text[sp].contains(['"', '\u{201C}']) || self.clean_speaker(sp, false).is_none()
            {
                return None;
            }
            (sp, ca - 1)
        } else {
            // ", the minister said." : subject between the comma and the cue.
            let mut k = ca;
            while k > 0
                && toks[k - 1].kind != TokenKind::Punct
                && toks[k - 1].kind != TokenKind::Quote
            {
                k -= 1;
            }
            if k == 0 || self.w(&toks[k - 1]) != "," || k == ca || ca - k > 8 {
                return None;
            }
            if follows && self.w(&toks[cb]) == "," {
                // "A, he said, B.": the claim goes on after the cue.
                if cb + 1 < toks.len() && !self.lw(&toks[cb + 1]).ends_with("ing") {
                    tail = self.rest_of_sentence(toks, cb + 1);
                }
            } else if follows {
                // "…, he said on Monday." is fine; "…, he said he would" is not.
                let w = self.lw(&toks[cb]);
                let adverbial = self.words.clause_final_adverbials.contains(&w);
                if !adverbial {
                    return None;
                }
            }
            let mut sk = k;
            while sk < ca && self.words.subject_conjunctions.contains(&self.lw(&toks[sk])) {
                sk += 1;
            }
            let mut se = ca;
            while se > sk && self.is_aux(&toks[se - 1]) {
                se -= 1;
            }
            // ("…, the chancellor said the cuts proposed by …": a clause is
            // no subject.)
            if se == sk
                || !self.plausible_subject(&toks[sk..se])
                || toks[sk..se]
                    .iter()
                    .any(|t| !t.shape.capitalised() && self.words.is_finite_verb_like(&self.lw(t)))
            {
                return None;
            }
            (Span::new(toks[sk].span.start, toks[se - 1].span.end), k - 1)
        };
        if comma == 0 {
            return None;
        }
        // Content: the sentence before the comma, without quotes around it.
        let mut a = 0;
        while a < comma && toks[a].kind == TokenKind::Quote {
            a += 1;
        }
        let mut b = comma;
        while b > a && toks[b - 1].kind == TokenKind::Quote {
            b -= 1;
        }
        if b <= a + 2 && tail.is_none() || b <= a {
            return None;
        }
        // A clause, not a fragment: needs a verb-like word.
        let tail_toks = tail.map_or(&toks[0..0], |t| &toks[Self::tok_range(toks, t).0..]);
        if !toks[a..b].iter().chain(tail_toks).any(|t| self.words.is_finite_verb_like(&self.lw(t)))
        {
            return None;
        }
        // Quoted content is a direct quote: found by the quote pass.
        if toks[..comma].iter().any(|t| t.kind == TokenKind::Quote) {
            return None;
        }
        // "A, she said, B.": one claim over both parts (the span is their
        // hull, with the attribution inside it).
        let head = Span::new(toks[a].span.start, toks[b - 1].span.end);
        let content = tail.map_or(head, |t| head.cover(t));
        let speaker = Speaker { span: speaker_span, entity: None, how: SpeakerHow::Unresolved };
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::Indirect,
            speaker: Some(speaker),
            cue: Some(cue),
            negated: false,
        })
    }

    /// "according to X, …" and "…, according to X".
    pub(super) fn according_to(&self, si: usize, cue: Span) -> Option<Claim> {
        let toks = self.toks(si);
        let (ca, cb) = Self::tok_range(toks, cue);
        // Speaker: from after the cue to the next comma or the end.
        let mut se = cb;
        while se < toks.len() && !matches!(toks[se].kind, TokenKind::Punct | TokenKind::Quote)
            || se < toks.len() && matches!(self.w(&toks[se]), "-" | "." | "&")
        {
            se += 1;
        }
        // The sentence's final stop is not part of the speaker.
        while se > cb + 1 && se == toks.len() && self.w(&toks[se - 1]) == "." {
            se -= 1;
        }
        if se == cb {
            return None;
        }
        let speaker_span = Span::new(toks[cb].span.start, toks[se - 1].span.end);
        let speaker =
            Some(Speaker { span: speaker_span, entity: None, how: SpeakerHow::Unresolved });
        let content = if ca == 0
            || toks[..ca]
                .iter()
                .all(|t| t.kind != TokenKind::Word || self.words.leaders.contains(&self.lw(t)))
        {
            // "According to X, content."
            if se < toks.len() && self.w(&toks[se]) == "," {
                self.rest_of_sentence(toks, se + 1)?
            } else {
                return None;
            }
        } else {
            // "content, according to X." or "content according to X, more".
            let mut b = ca;
            while b > 0 && matches!(toks[b - 1].kind, TokenKind::Punct) {
                b -= 1;
            }
            if b == 0 {
                return None;
            }
            let mut a = 0;
            while a < b && toks[a].kind == TokenKind::Quote {
                a += 1;
            }
            // Everything after the speaker is part of the content too.
            let tail = if se < toks.len() && self.w(&toks[se]) == "," {
                self.rest_of_sentence(toks, se + 1)
            } else {
                None
            };
            let head = Span::new(toks[a].span.start, toks[b - 1].span.end);
            if tail.is_some() && se + 1 < toks.len() && !toks[se + 1].shape.capitalised() {
                head.cover(tail.unwrap_or(head))
            } else {
                head
            }
        };
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::AccordingTo,
            speaker,
            cue: Some(cue),
            negated: false,
        })
    }

    /// "X's claims that …": the possessor is the speaker.
    pub(super) fn nominal(&self, si: usize, cue: Span) -> Option<Claim> {
        let toks = self.toks(si);
        let (ca, cb) = Self::tok_range(toks, cue);
        // The cue may include its "that" ("claims that").
        let cb = if cb > ca + 1 && self.lw(&toks[cb - 1]) == "that" { cb - 1 } else { cb };
        if ca < 2
            || cb >= toks.len()
            || self.lw(&toks[cb]) != "that"
            || toks[ca - 1].kind != TokenKind::Possessive
        {
            return None;
        }
        // The possessor: the mention ending right before the possessive, or
        // the capitalised run.
        let pos_start = toks[ca - 1].span.start;
        let speaker_span = if let Some(m) =
            self.mentions_before(pos_start).last().filter(|m| m.span.end == pos_start)
        {
            m.span
        } else {
            let mut a = ca - 1;
            while a > 0
                && toks[a - 1].kind == TokenKind::Word
                && (toks[a - 1].shape.capitalised() || a == ca - 1)
            {
                a -= 1;
            }
            if a == ca - 1 {
                return None;
            }
            Span::new(toks[a].span.start, toks[ca - 2].span.end)
        };
        let from = cb + 1;
        let mut end = toks.len();
        // The predicate of the sentence follows the claim: "… were unfounded".
        let mut verbs = 0;
        for (k, t) in toks.iter().enumerate().skip(from) {
            let w = self.lw(t);
            if self.words.is_finite_verb_like(&w) {
                verbs += 1;
                if verbs >= 2 && self.words.copulas.contains(&w) {
                    end = k;
                    break;
                }
            }
        }
        let content = self.rest_of_sentence(&toks[..end], from)?;
        let speaker =
            Some(Speaker { span: speaker_span, entity: None, how: SpeakerHow::Unresolved });
        Some(Claim {
            span: content,
            sentence: si,
            kind: ClaimKind::Nominal,
            speaker,
            cue: Some(cue),
            negated: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_has, check_none};

    #[test]
    fn reported_speech() {
        check_has(&[
            // The source's clause ends before a second verb of speech, which
            // takes the same subject, and before a second source.
            (
                "Mr Williams said it was not a border issue, but said the hospital was struggling.",
                "indirect",
                "Mr Williams",
                "it was not a border issue",
            ),
            (
                "Mr Williams said it was not a border issue, but said the hospital was struggling.",
                "indirect",
                "Mr Williams",
                "the hospital was struggling",
            ),
            (
                "The director said ticket sales had doubled and added that the tour would go on.",
                "indirect",
                "The director",
                "ticket sales had doubled",
            ),
            (
                "Bookmakers say the favourite will win, but many think it will be a close race.",
                "indirect",
                "Bookmakers",
                "the favourite will win",
            ),
            // A prepositional phrase between the cue and its clause.
            (
                "Kim said in his New Year's speech he was ready to meet the president.",
                "indirect",
                "Kim",
                "he was ready to meet the president",
            ),
            (
                "The youth council stated in July it opposed the pipeline.",
                "indirect",
                "The youth council",
                "it opposed the pipeline",
            ),
            // A cue phrase that starts with a verb of speech takes a clause.
            (
                "The minister said in a statement the company would be fined.",
                "indirect",
                "The minister",
                "the company would be fined",
            ),
            // The attribution repeated at the end is no content.
            (
                "At the conference, the chancellor said the cuts would close schools, he told activists.",
                "indirect",
                "the chancellor",
                "the cuts would close schools",
            ),
            // A coordinated verb of the content's own subject stays.
            (
                "She said the economy had grown and was expected to grow again.",
                "indirect",
                "She",
                "the economy had grown and was expected to grow again",
            ),
            (
                "The minister said that the new tax would raise billions.",
                "indirect",
                "The minister",
                "the new tax would raise billions",
            ),
            // No "that".
            (
                "Officials said the storm had damaged hundreds of homes.",
                "indirect",
                "Officials",
                "the storm had damaged hundreds of homes",
            ),
            // A participial cue.
            (
                "The union rejected the offer, stating that wages were far too low.",
                "*",
                "*",
                "wages were far too low",
            ),
            (
                "The council believes that the budget is too small.",
                "indirect",
                "The council",
                "the budget is too small",
            ),
            // A cue phrase.
            (
                "Local residents voiced concerns that the factory would pollute the lake.",
                "*",
                "*",
                "the factory would pollute the lake",
            ),
            (
                "The senator said that the plan was “a disaster for farmers”.",
                "mixed",
                "The senator",
                "the plan was “a disaster for farmers”",
            ),
            (
                "The agency quoted Kim Jong Un as saying that the launch had gone well.",
                "indirect",
                "Kim Jong Un",
                "the launch had gone well",
            ),
            // Noun-phrase objects.
            (
                "The senator called for an independent inquiry into the crash.",
                "indirect",
                "The senator",
                "an independent inquiry into the crash",
            ),
            (
                "The mayor criticized the new budget for the fire service, saying it was too small.",
                "indirect",
                "The mayor",
                "the new budget for the fire service",
            ),
            // A capitalised cue word in a name that does not end before it.
            (
                "The Ohio State Department warned that the bridge would close.",
                "indirect",
                "The Ohio State Department",
                "the bridge would close",
            ),
            // A FAQ answer is a sentence like any other.
            (
                "The city raised fares.\n\nFrequently Asked Questions:\n\nQ: Did the mayor say that fares would rise again?\n\nA: The mayor said that fares would stay the same next year.\n",
                "*",
                "*",
                "fares would stay the same next year",
            ),
        ]);
    }

    #[test]
    fn clause_final_cues() {
        check_has(&[
            (
                "The storm had damaged hundreds of homes, the mayor said.",
                "indirect",
                "the mayor",
                "The storm had damaged hundreds of homes",
            ),
            // A cue inside the clause: one claim over both parts.
            (
                "The repairs, she said, would take most of the summer to finish.",
                "*",
                "she",
                "The repairs, she said, would take most of the summer to finish",
            ),
        ]);
    }

    #[test]
    fn according_to_and_nominal() {
        check_has(&[
            (
                "According to the report, the river has risen by two metres.",
                "according_to",
                "the report",
                "the river has risen by two metres",
            ),
            (
                "The river has risen by two metres, according to the report.",
                "according_to",
                "the report",
                "The river has risen by two metres",
            ),
            (
                "Smith’s claim that the vote was rigged was rejected by the court.",
                "nominal",
                "*",
                "the vote was rigged",
            ),
        ]);
    }

    #[test]
    fn no_claim() {
        check_none(&[
            // A cue word modifying the subject of the next cue is a noun.
            ("Local state media reported the ferry sank at dawn.", "media"),
            // A cue word inside a hyphenated compound.
            ("A post-mortem carried out on Monday showed he had drowned.", "drowned"),
            // A clause is no subject of a clause-final cue.
            (
                "To a packed hall, the chancellor said the cuts proposed by the party were deep.",
                "packed hall",
            ),
            // A phrase's own noun starts no clause; "to" starts no phrase.
            ("Fraser wrote on Monday in an email attached to the file.", "email"),
            ("The new company agreed to clean up the shuttered mines.", "mines"),
            // "answer" needs its "that".
            ("Mr Blair answered questions posed via the party's website.", "questions"),
            // A cue word as an adjective after a lone article.
            ("The alleged violations included the sale of guns to minors.", "violations"),
            ("The worrying thing is who would you buy next season.", "thing"),
            // A relative pronoun is no subject of a clause-final cue.
            (
                "The nanny was created by the author Pamela Travers, who is said to have cried at the film.",
                "created",
            ),
            // A FAQ question is never a claim.
            (
                "The city raised fares.\n\nFrequently Asked Questions:\n\nQ: Did the mayor say that fares would rise again?\n\nA: The mayor said that fares would stay the same next year.\n",
                "rise again",
            ),
        ]);
    }
}
