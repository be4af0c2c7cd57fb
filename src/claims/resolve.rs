//! Resolving a speaker phrase to an entity: a mention at its head (or a
//! person named first, "Anne Thompson of the Hollywood Reporter"), a
//! pronoun, a description of a person, country or agency named before
//! ("the party", "the Bank": by the agency's subtype or name), or a body
//! of a country or agency named in it.

use super::context::Context;
use super::SpeakerHow;
use crate::gazetteer::EntityType;
use crate::span::Span;
use crate::tag::{EntityRef, How, Mention};

/// Most earlier mentions a pronoun or description looks back over.
const MAX_LOOKBACK: usize = 1000;
/// How far back (in sentences) "the party" looks for its agency.
const AGENCY_HEAD_REACH: usize = 4;

impl<'a> Context<'a> {
    /// Resolves a speaker phrase to an entity; `content`: the span of the
    /// claim it speaks, when known (a pronoun never stands for a name in
    /// it: in "Blair has failed, he said", "he" is someone else).
    pub(super) fn resolve(
        &self,
        span: Span,
        content: Option<Span>,
    ) -> (Option<EntityRef>, SpeakerHow) {
        let inside = self.mentions_in(span);
        let phrase_span = self.trimmed(span);
        let phrase = &self.text[phrase_span];
        let last_word = phrase.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        // The phrase's last word is a suffix of it.
        let last_span = Span::new(phrase_span.end - last_word.len(), phrase_span.end);
        // "said the American", "the 36-year-old", "the central defender": a
        // person described by nationality, age or role, named before.
        if self.person_description(phrase_span, inside) {
            let e = self
                .mentions_before(span.start)
                .iter()
                .rev()
                .take(MAX_LOOKBACK)
                .filter(|m| !self.in_quote(m.span))
                .map(|m| m.entity)
                .find(|&e| self.gaz_kind(e) == Some(EntityType::Person));
            return (e, if e.is_some() { SpeakerHow::Description } else { SpeakerHow::Unresolved });
        }
        // "Anne Thompson of the Hollywood Reporter": a person named first
        // and a prepositional phrase after is that person.
        if let Some(m) = inside.first() {
            let after = self.text[m.span.end..span.end].split_whitespace().next().unwrap_or("");
            if self.gaz_kind(m.entity) == Some(EntityType::Person)
                && self.text[span.start..m.span.start].trim().is_empty()
                && self.words.prepositions.contains_ascii_lowercase(after)
            {
                return (Some(m.entity), SpeakerHow::Entity);
            }
        }
        // The head of the phrase is its last word: an entity there names the speaker.
        if let Some(m) = inside.iter().rev().find(|m| {
            let tail = self.text[m.span.end..span.end].trim();
            tail.is_empty() || tail.chars().all(|c| !c.is_alphanumeric())
        }) {
            return (Some(m.entity), SpeakerHow::Entity);
        }
        // "X, a doctor at the clinic": the entity at the start of an appositive.
        if let Some(m) = inside.first() {
            if m.span.start == span.start && self.gaz_kind(m.entity) == Some(EntityType::Person) {
                return (Some(m.entity), SpeakerHow::Entity);
            }
        }
        let lower_phrase = self.lower_at(phrase_span);
        let lower: &str = &lower_phrase;
        // The nearest entity named before the phrase, outside quotes (and
        // outside `skip`), that `pred` accepts.
        let nearest = |pred: &dyn Fn(EntityRef) -> bool, skip: Option<Span>| {
            self.mentions_before(span.start)
                .iter()
                .rev()
                .take(MAX_LOOKBACK)
                .filter(|m| !self.in_quote(m.span) && skip.is_none_or(|s| !s.contains(m.span)))
                .map(|m| m.entity)
                .find(|e| pred(*e))
        };
        let before = |pred: &dyn Fn(EntityRef) -> bool| nearest(pred, None);
        if self.words.person_pronouns.contains(lower) {
            let e = nearest(&|e| self.gaz_kind(e) == Some(EntityType::Person), content);
            return (e, if e.is_some() { SpeakerHow::Pronoun } else { SpeakerHow::Unresolved });
        }
        // Organisations and countries are "they" in news copy.
        if self.words.group_pronouns.contains(lower) {
            let is_body =
                |e| matches!(self.gaz_kind(e), Some(EntityType::Country | EntityType::Agency));
            let e = nearest(&is_body, content);
            return (e, if e.is_some() { SpeakerHow::Pronoun } else { SpeakerHow::Unresolved });
        }
        // "the minister": the nearest person named before (never "the
        // spokesman": someone speaking for another).
        let lower_last = self.lower_at(last_span);
        if lower.starts_with("the ")
            && !self.words.proxy_roles.contains(&lower_last)
            && inside.is_empty()
            && lower.split_whitespace().count() <= 3
            && self.words.person_roles.contains(&lower_last)
        {
            let e = before(&|e| self.gaz_kind(e) == Some(EntityType::Person));
            if e.is_some() {
                return (e, SpeakerHow::Description);
            }
        }
        // "the party", "the Bank", "the newspaper": the nearest agency named
        // in the sentences just before whose subtype or name the noun is.
        if lower.starts_with("the ")
            && inside.is_empty()
            && lower.split_whitespace().count() <= 3
            && (self.words.agency_name_heads.contains(&lower_last)
                || self.words.media_descriptions.contains(&lower_last))
        {
            let si = self.doc.sentence_at(span.start);
            let e = self
                .mentions_before(span.start)
                .iter()
                .rev()
                .take_while(|m| m.sentence + AGENCY_HEAD_REACH >= si)
                .filter(|m| !self.in_quote(m.span))
                .find(|m| match m.entity {
                    EntityRef::Known(i) => self
                        .agency_heads
                        .get(i as usize)
                        .is_some_and(|h| h.describe(&lower_last, self.words)),
                    EntityRef::Found(_) => false,
                })
                .map(|m| m.entity);
            if e.is_some() {
                return (e, SpeakerHow::Description);
            }
        }
        let desc_kind = if self.words.country_descriptions.contains(&lower_last) {
            Some(EntityType::Country)
        } else if self.words.agency_descriptions.contains(&lower_last) {
            Some(EntityType::Agency)
        } else {
            None
        };
        if let Some(kind) = desc_kind {
            if lower.starts_with("the ")
                && inside.is_empty()
                && lower.split_whitespace().count() <= 3
            {
                let e = before(&|e| self.gaz_kind(e) == Some(kind));
                if e.is_some() {
                    return (e, SpeakerHow::Description);
                }
            }
        }
        // A body or office of a country or agency named in the phrase: "the
        // North Korean foreign ministry's spokesman", "Russia's embassy".
        // A group of several ("U.S. and South Korean officials") stays as
        // written.
        if self.words.org_heads.contains(&lower_last) {
            let mut owners = inside.iter().filter(|m| {
                matches!(self.gaz_kind(m.entity), Some(EntityType::Country | EntityType::Agency))
            });
            if let Some(m) = owners.next() {
                if owners.all(|o| o.entity == m.entity) {
                    return (Some(m.entity), SpeakerHow::Description);
                }
            }
        }
        (None, SpeakerHow::Unresolved)
    }
}

impl Context<'_> {
    /// Is the phrase "the" and a description of one person: a demonym
    /// alone ("the American"), an age ("the 36-year-old"), or up to three
    /// words ending in a role ("the central defender", "the veteran")?
    pub(super) fn person_description(&self, phrase: Span, inside: &[Mention]) -> bool {
        let lower = self.lower_at(phrase);
        let Some(rest) = lower.strip_prefix("the ") else {
            return false;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let Some(&last) = words.last() else {
            return false;
        };
        // ("The Chinese", "the British", "the French", "the Swiss" are a
        // people: plural.)
        let people = ["ese", "sh", "ch", "ss"].iter().any(|e| last.ends_with(e));
        let demonym = inside.len() == 1
            && inside[0].how == How::Demonym
            && inside[0].span.start == phrase.start + 4
            && inside[0].span.end == phrase.end
            && !people;
        if demonym {
            return true;
        }
        if words.len() == 1 {
            let age = last.ends_with("-year-old")
                && last.split('-').next().is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
            if age {
                return true;
            }
        }
        // (One person: "the players" is no description of one; a
        // spokesman or a lawyer speaks for someone else.)
        let plural = last.ends_with('s') && !last.ends_with("ss");
        inside.is_empty()
            && words.len() <= 3
            && !plural
            && self.words.role_nouns.contains(last)
            && !self.words.proxy_roles.contains(last)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_speaks;

    #[test]
    fn speakers_resolve() {
        let they = "Olaf Scholz met the delegation. The official said that the talks were useful. \
                    The Kremlin rejected the plan. They said that no talks were planned.";
        check_speaks(&[
            // A body of the country named in the phrase.
            (
                "The Russian foreign ministry's spokeswoman said that the talks had stalled.",
                "the talks had stalled",
                "The Russian foreign ministry's spokeswoman",
                "C:RU",
                "description",
            ),
            // A person named first, then where they work.
            (
                "Anne Thompson of the Financial Times said that the film was moving.",
                "the film was moving",
                "Anne Thompson of the Financial Times",
                "P~anne_thompson",
                "entity",
            ),
            // A group of several stays as written.
            (
                "U.S. and South Korean officials said that the drills would go ahead.",
                "the drills would go ahead",
                "U.S. and South Korean officials",
                "",
                "unresolved",
            ),
            // Someone speaking for another is not the person named before.
            (they, "the talks were useful", "The official", "", "unresolved"),
            (
                "Olaf Scholz met the delegation. The chancellor said that the talks were useful.",
                "the talks were useful",
                "The chancellor",
                "P:DE:olaf_scholz",
                "description",
            ),
            (
                "Maria Lopez runs the bakery. The spokeswoman said the rent had doubled in two years.",
                "the rent had doubled in two years",
                "The spokeswoman",
                "",
                "unresolved",
            ),
            (they, "no talks were planned", "They", "A:KREMLIN", "pronoun"),
            // "the party", "the Bank", "the newspaper": the agency of that
            // subtype or name in the sentences before.
            (
                "Britain's Liberal Democrats want a local income tax. The party says it would raise the allowance.",
                "it would raise the allowance",
                "The party",
                "A:UK_LIBDEMS",
                "description",
            ),
            (
                "Lending figures came from the Bank of England on Tuesday. The Bank revealed that fewer mortgages were approved.",
                "fewer mortgages were approved",
                "The Bank",
                "A:BOE",
                "description",
            ),
            (
                "The plan was first reported by the Financial Times. The paper says the rail link will go ahead.",
                "the rail link will go ahead",
                "The paper",
                "A:FT",
                "description",
            ),
            // A noun that is no part of the agency's name or subtype.
            (
                "The Bank of England held rates. The committee said that inflation would stay low.",
                "inflation would stay low",
                "The committee",
                "",
                "unresolved",
            ),
            // Too far back: more than four sentences.
            (
                "Britain's Liberal Democrats met. Rain fell. Fans sang. Cars stopped. Birds flew. Nobody came. The party says it would raise the allowance.",
                "it would raise the allowance",
                "The party",
                "",
                "unresolved",
            ),
            (
                "Maria Lopez runs the bakery on Main Street. She said the rent had doubled in two years.",
                "the rent had doubled in two years",
                "She",
                "P~maria_lopez",
                "pronoun",
            ),
        ]);
    }
}
