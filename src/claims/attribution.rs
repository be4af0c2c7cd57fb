//! Who said each claim: the speaker model.
//!
//! The cue rules (`reported`, `quotes`, `speaker`) find a claim's own
//! attribution where the text writes one: the subject of its cue, the name
//! after an inverted cue (`“…,” said X`), a name in apposition, the label
//! of a transcript line. This module resolves those phrases and gives a
//! speaker to the quotes that have none, by these preferences, in order:
//!
//! 1. **A claim's own attribution wins** over anything carried over. Its
//!    phrase is resolved:
//!    - a mention at its head names the speaker (`entity`);
//!    - a personal pronoun (`pronoun`) stands for the speaker of the last
//!      attribution when that is at most two sentences back and of the
//!      pronoun's gender; else for the nearest person of that gender named
//!      as the subject of a sentence in the five sentences before; else
//!      for the nearest person of that gender named outside quotes,
//!      possessives and prepositional phrases. A person named only inside
//!      a quote is never the antecedent, nor one named in the claim the
//!      pronoun speaks ("Blair has failed, he said": "he" is someone
//!      else). "They" stands for the nearest country or agency, again not
//!      one named in its claim;
//!    - a description or a body ("the ministry", "Russia's embassy") as in
//!      `resolve` (`description`).
//! 2. **A quote without its own attribution** (a floating quote) takes:
//!    1. a new named source: a person named as the subject of a sentence,
//!       outside quotes, after the claim before the quote ("Rob Partridge
//!       joined Island Records in 1977. “…”"), the last one (`entity`);
//!    2. else the speaker of the claim before it, at most five sentences
//!       back (`previous_quote`): news carries a speaker over the
//!       paragraphs of a long quote until it names another source;
//!    3. else the nearest person named outside quotes in the three
//!       sentences before, a subject first (`previous_quote`).
//!
//! A person's gender is that of an honorific written before any of their
//! mentions in the article ("Mr", "Mrs", "Lady"; `male_honorifics`,
//! `female_honorifics`), else of their given name (`names/given.tsv`, from
//! the census's male and female frequencies); unknown agrees with both.
//! A subject is a person mention outside quotes with no finite verb before
//! it in its sentence, no preposition right before it and no possessive
//! after it. A given name alone ("Bob" for Bob Marley) is how a quote
//! speaks of someone, not how news names a source: the model never takes
//! it as a subject or an antecedent.

use super::context::Context;
use super::{Claim, ClaimKind, Speaker, SpeakerHow};
use crate::fxhash::FastMap;
use crate::gazetteer::{EntityType, Sex};
use crate::span::Span;
use crate::tag::{EntityRef, How, Mention};
use crate::tokenize::TokenKind;

/// How far back (in sentences) a pronoun takes the last speaker.
const LAST_SPEAKER_REACH: usize = 2;
/// How far back (in sentences) a pronoun looks for a subject.
const SUBJECT_REACH: usize = 5;
/// How far back (in sentences) a floating quote takes the claim before it.
const CARRY_REACH: usize = 5;
/// How far back (in sentences) a floating quote with no claim before it
/// looks for a person.
const FLOATING_REACH: usize = 3;

/// A person mention outside quotes, as the model sees it.
#[derive(Clone, Copy, Debug)]
struct Named {
    mention: Mention,
    /// The subject of its sentence.
    subject: bool,
    /// After a preposition or before a possessive: never an antecedent.
    oblique: bool,
}

/// How far [`Context::people`] has read a sentence.
struct SentenceScan {
    /// The sentence.
    sentence: usize,
    /// Its next token to read.
    next: usize,
    /// A finite verb among the tokens read.
    verb: bool,
    /// Where the last comma read ends.
    comma_end: Option<usize>,
}

/// The people an article names, for choosing speakers.
pub(super) struct People {
    /// Person mentions outside quotes, in text order.
    named: Vec<Named>,
    /// The sex of the people whose honorific or given name tells it.
    sex: FastMap<EntityRef, Sex>,
}

impl<'a> Context<'a> {
    /// The people of the article.
    pub(super) fn people(&self) -> People {
        let toks = &self.doc.tokens;
        let mut named = Vec::new();
        let mut sex: FastMap<EntityRef, Sex> = FastMap::default();
        // What the sentence holds before the mention, read once per
        // sentence as the mentions (in text order) move on: a finite verb
        // seen, and where the last comma ends. (Linear even in a sentence
        // of a megabyte with thousands of names.)
        let mut scan = SentenceScan { sentence: usize::MAX, next: 0, verb: false, comma_end: None };
        for m in &self.tagged.mentions {
            if self.gaz_kind(m.entity) != Some(EntityType::Person) {
                continue;
            }
            let a = toks.partition_point(|t| t.span.end <= m.span.start);
            let b = toks.partition_point(|t| t.span.start < m.span.end);
            let prev = a.checked_sub(1).map(|p| &toks[p]);
            // "Mr Blair", "Lady Thatcher".
            if let Some(p) = prev {
                let w = self.w(p);
                if self.words.male_honorifics.contains(w) {
                    sex.insert(m.entity, Sex::Male);
                } else if self.words.female_honorifics.contains(w) {
                    sex.insert(m.entity, Sex::Female);
                }
            }
            // (A given name alone, "Bob", is how a quote speaks of someone,
            // not how news names a source.)
            if self.in_quote(m.span) || m.how == How::Partial && self.given_name_alone(m) {
                continue;
            }
            let oblique = prev.is_some_and(|p| {
                p.kind == TokenKind::Word && self.words.prepositions.contains(self.lo(p))
            }) || toks.get(b).is_some_and(|t| t.kind == TokenKind::Possessive);
            let sentence = self.toks(m.sentence);
            let first = sentence.first().map_or(m.span.start, |t| t.span.start);
            if scan.sentence != m.sentence {
                scan = SentenceScan { sentence: m.sentence, next: 0, verb: false, comma_end: None };
            }
            while let Some(t) = sentence.get(scan.next).filter(|t| t.span.end <= m.span.start) {
                // (Once a verb is seen the words need no more testing; a
                // comma is no word.)
                if t.kind == TokenKind::Word
                    && !scan.verb
                    && self.words.is_finite_verb_like(&self.lw(t))
                {
                    scan.verb = true;
                } else if self.w(t) == "," {
                    scan.comma_end = Some(t.span.end);
                }
                scan.next += 1;
            }
            let verb_before = scan.verb;
            // The first person of its clause ("Agassi beat Ljubicic": only
            // Agassi), as far as the last comma.
            let clause_start = scan.comma_end.unwrap_or(first);
            let second = named.last().is_some_and(|n: &Named| {
                n.mention.sentence == m.sentence && n.mention.span.start >= clause_start
            });
            named.push(Named {
                mention: *m,
                subject: !oblique && !verb_before && !second,
                oblique,
            });
        }
        for n in &named {
            if sex.contains_key(&n.mention.entity) {
                continue;
            }
            if let Some(s) = self.name_sex(n.mention.entity) {
                sex.insert(n.mention.entity, s);
            }
        }
        People { named, sex }
    }

    /// Is this mention a person's given name alone ("Bob" for Bob
    /// Marley)?
    fn given_name_alone(&self, m: &Mention) -> bool {
        let name = match m.entity {
            EntityRef::Known(i) => self.names.get(i as usize).map_or("", |n| n.as_str()),
            EntityRef::Found(i) => {
                self.tagged.found.get(i as usize).map_or("", |f| f.name.as_str())
            }
        };
        let written = &self.text[m.span];
        let mut words = name.split_whitespace();
        words.next() == Some(written) && words.next_back().is_some_and(|last| last != written)
    }

    /// The sex a person's name tells: a gazetteer person's from the
    /// gazetteer, a person found in the text from their given name.
    fn name_sex(&self, e: EntityRef) -> Option<Sex> {
        match e {
            EntityRef::Known(i) => self.sexes.get(i as usize).copied().flatten(),
            EntityRef::Found(i) => {
                let name = &self.tagged.found.get(i as usize)?.name;
                self.given_sex.get(name.split_whitespace().next()?).copied()
            }
        }
    }

    /// The sex of a personal pronoun, if it has one.
    fn pronoun_sex(&self, span: Span) -> Option<Sex> {
        let w = self.lower_at(self.trimmed(span));
        if self.words.male_pronouns.contains(&w) {
            Some(Sex::Male)
        } else if self.words.female_pronouns.contains(&w) {
            Some(Sex::Female)
        } else {
            None
        }
    }

    /// Resolves every claim's speaker and gives floating quotes one, by
    /// the preferences of the module docs. Claims are in text order.
    pub(super) fn attribute(&self, mut claims: Vec<Claim>) -> Vec<Claim> {
        let people = self.people();
        // The last speaker who is a person: (entity, sentence).
        let mut last: Option<(EntityRef, usize)> = None;
        // The claim before, with a speaker: (its speaker, its last sentence).
        let mut prev: Option<(Speaker, usize)> = None;
        let mut not_claims = Vec::new();
        for (i, c) in claims.iter_mut().enumerate() {
            c.sentence = self.doc.sentence_at(c.span.start);
            // The speaker phrase found, cleaned; a phrase that holds none
            // leaves a quote floating, and after the content of reported
            // speech ("X, who …, said she would veto it") it shows the words
            // were no claim.
            if let Some(sp) = c.speaker.filter(|sp| sp.entity.is_none()) {
                let before_cue = c.cue.is_some_and(|cue| cue.start >= sp.span.end);
                c.speaker =
                    self.clean_speaker(sp.span, before_cue).map(|span| Speaker { span, ..sp });
                if c.speaker.is_none() && c.kind != ClaimKind::Direct && sp.span.start >= c.span.end
                {
                    not_claims.push(i);
                    continue;
                }
            }
            match &mut c.speaker {
                Some(sp) if sp.entity.is_none() => {
                    let phrase = self.lower_at(self.trimmed(sp.span));
                    if self.words.person_pronouns.contains(&phrase) {
                        let e = self.antecedent(&people, sp.span, c.span, c.sentence, last);
                        sp.entity = e;
                        sp.how =
                            if e.is_some() { SpeakerHow::Pronoun } else { SpeakerHow::Unresolved };
                    } else if self
                        .person_description(self.trimmed(sp.span), self.mentions_in(sp.span))
                    {
                        // "said the American": the salient person, as for "he".
                        let e = self.antecedent(&people, sp.span, c.span, c.sentence, last);
                        sp.entity = e;
                        sp.how = if e.is_some() {
                            SpeakerHow::Description
                        } else {
                            SpeakerHow::Unresolved
                        };
                    } else {
                        (sp.entity, sp.how) = self.resolve(sp.span, Some(c.span));
                    }
                }
                Some(_) => {}
                None if matches!(c.kind, ClaimKind::Direct | ClaimKind::Mixed) => {
                    c.speaker = self.floating_speaker(&people, c.span.start, c.sentence, prev);
                }
                None => {}
            }
            if let Some(sp) = c.speaker {
                let end_sentence = self.doc.sentence_at(c.span.end.saturating_sub(1));
                prev = Some((sp, end_sentence.max(c.sentence)));
                if let Some(e) = sp.entity.filter(|&e| self.gaz_kind(e) == Some(EntityType::Person))
                {
                    last = Some((e, c.sentence));
                }
            }
        }
        for i in not_claims.into_iter().rev() {
            claims.remove(i);
        }
        claims
    }

    /// Does a person agree in sex with a pronoun of sex `want`?
    fn agrees(people: &People, e: EntityRef, want: Option<Sex>) -> bool {
        match (want, people.sex.get(&e)) {
            (Some(w), Some(s)) => w == *s,
            _ => true,
        }
    }

    /// The person a speaker pronoun at `span` (in sentence `si`) stands for;
    /// `content`: the span of the claim it speaks.
    fn antecedent(
        &self,
        people: &People,
        span: Span,
        content: Span,
        si: usize,
        last: Option<(EntityRef, usize)>,
    ) -> Option<EntityRef> {
        let want = self.pronoun_sex(span);
        let before =
            &people.named[..people.named.partition_point(|n| n.mention.span.end <= span.start)];
        if let Some((e, ls)) = last {
            // Unless another person has since been the subject of a sentence
            // ("Desailly praised the side. “…,” he said").
            let newer = before
                .iter()
                .rev()
                .filter(|n| n.mention.sentence < si)
                .take_while(|n| n.mention.sentence > ls)
                .any(|n| {
                    n.subject
                        && n.mention.entity != e
                        && Self::agrees(people, n.mention.entity, want)
                });
            if si <= ls + LAST_SPEAKER_REACH && Self::agrees(people, e, want) && !newer {
                return Some(e);
            }
        }
        // Never a name in the claim itself ("Blair has failed, he said":
        // "he" is someone else).
        let outside = || before.iter().rev().filter(|n| !content.contains(n.mention.span));
        let subject = outside()
            .take_while(|n| si <= n.mention.sentence + SUBJECT_REACH)
            .find(|n| n.subject && Self::agrees(people, n.mention.entity, want));
        if let Some(n) = subject {
            return Some(n.mention.entity);
        }
        outside()
            .find(|n| !n.oblique && Self::agrees(people, n.mention.entity, want))
            .map(|n| n.mention.entity)
    }

    /// The speaker of a quote at byte `start` (sentence `si`) that has no
    /// attribution of its own; `prev` is the claim before it that has one.
    fn floating_speaker(
        &self,
        people: &People,
        start: usize,
        si: usize,
        prev: Option<(Speaker, usize)>,
    ) -> Option<Speaker> {
        let before = &people.named[..people.named.partition_point(|n| n.mention.span.end <= start)];
        if let Some((sp, ps)) = prev.filter(|&(_, ps)| si <= ps + CARRY_REACH) {
            // A new source named since the claim before.
            let new = before
                .iter()
                .rev()
                .take_while(|n| n.mention.sentence > ps)
                .find(|n| n.subject && Some(n.mention.entity) != sp.entity);
            if let Some(n) = new {
                return Some(Speaker {
                    span: n.mention.span,
                    entity: Some(n.mention.entity),
                    how: SpeakerHow::Entity,
                });
            }
            let mut sp = sp;
            if sp.entity.is_none() {
                sp.entity = self.resolve(sp.span, None).0;
            }
            sp.how = SpeakerHow::PreviousQuote;
            return Some(sp);
        }
        // No claim before it nearby: the last person named outside quotes
        // in the sentences before, a subject first.
        let near = || before.iter().rev().take_while(|n| si <= n.mention.sentence + FLOATING_REACH);
        let n = near().find(|n| n.subject).or_else(|| near().find(|n| !n.oblique))?;
        Some(Speaker {
            span: n.mention.span,
            entity: Some(n.mention.entity),
            how: SpeakerHow::PreviousQuote,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_speaks;

    #[test]
    fn pronouns_agree_in_gender_and_prefer_subjects() {
        check_speaks(&[
            // The last speaker, when of the pronoun's gender.
            (
                "Maria Lopez said the shop was busy. She added that rents had doubled.",
                "rents had doubled",
                "She",
                "P~maria_lopez",
                "pronoun",
            ),
            // A man spoke last: "she" skips him for the woman before.
            (
                "Maria Lopez runs the bakery. Tom Baker said the street was quiet. \
                 She said that rents had doubled.",
                "rents had doubled",
                "She",
                "P~maria_lopez",
                "pronoun",
            ),
            // An honorific tells the gender of a name that does not.
            (
                "Kim Ellery runs the bakery. Mr Ellery said the street was quiet. \
                 Chris Ortiz, a baker, met them. She said that rents had doubled.",
                "rents had doubled",
                "She",
                "P~chris_ortiz",
                "pronoun",
            ),
            // The subject of a sentence beats a name after a preposition.
            (
                "Tom Baker played a long match against Peter Hill in Leeds. \
                 He said that the heat was hard to bear.",
                "the heat was hard to bear",
                "He",
                "P~tom_baker",
                "pronoun",
            ),
            // A person named only inside a quote is no antecedent.
            (
                "Tom Baker spoke first. “I thank Peter Hill,” Baker said. \
                 Later he said that the team was ready.",
                "the team was ready",
                "he",
                "P~tom_baker",
                "pronoun",
            ),
            // A pronoun never stands for a name in the claim it speaks:
            // Peter Hill is the nearest subject, and still not "he".
            (
                "Tom Baker spoke in Leeds on Monday. \
                 Peter Hill has failed the club, he said.",
                "Peter Hill has failed the club",
                "he",
                "P~tom_baker",
                "pronoun",
            ),
            // Nor "they" for a country named in it.
            (
                "Ireland's ministers met in Dublin. \
                 France has broken the rules, they said.",
                "France has broken the rules",
                "they",
                "C:IE",
                "pronoun",
            ),
        ]);
    }

    #[test]
    fn floating_quotes_carry_over_until_a_new_source() {
        let carry = "Ann Reid said the fire started at night.\n\n\
                     “We lost everything we owned in an hour.”";
        let new_source = "Ann Reid said the fire started at night.\n\n\
                          Tom Baker, a neighbour, ran to help.\n\n\
                          “I have never seen flames like that.”";
        check_speaks(&[
            (
                carry,
                "We lost everything we owned in an hour.",
                "Ann Reid",
                "P~ann_reid",
                "previous_quote",
            ),
            (
                new_source,
                "I have never seen flames like that.",
                "Tom Baker",
                "P~tom_baker",
                "entity",
            ),
        ]);
    }

    /// A person described by nationality, age or role is the salient
    /// person; a subject named since the last speaker wins over them.
    #[test]
    fn descriptions_and_newer_subjects() {
        let tennis = "Andre Agassi beat Ivan Ljubicic in the first round. \
                      “I felt pretty good about my game,” said the American.";
        let football = "Ann Reid said the club was in good shape. Tom Baker praised the side. \
                        “Mentally they are much stronger now,” the 36-year-old said.";
        let pronoun = "Bill Reid said the club was in good shape. Tom Baker praised the side. \
                       “Mentally they are much stronger now,” he said.";
        check_speaks(&[
            (
                tennis,
                "I felt pretty good about my game",
                "the American",
                "P~andre_agassi",
                "description",
            ),
            (
                football,
                "Mentally they are much stronger now",
                "the 36-year-old",
                "P~tom_baker",
                "description",
            ),
            (pronoun, "Mentally they are much stronger now", "he", "P~tom_baker", "pronoun"),
        ]);
    }
}
