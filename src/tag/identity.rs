//! Evidence before identity: a gazetteer person whose name is ambiguous or
//! of low prominence (`needs_context` in people.tsv: a name shared with
//! another row, a member of a legislature from a bulk list, a common name
//! without an office) is linked only when the article supports it.
//!
//! Evidence, for one mention of such a person:
//! - a title they hold right before the name ("Senator John Smith"; for a
//!   legislator, any title of the `legislator_titles` list);
//! - a party and state tag after it ("John Smith (D-Wash.)", "John Smith,
//!   R-Texas,");
//! - for a legislator: a word of their office in the same sentence
//!   (`legislator_words`: "congressman", "senator", "Republican"…) and
//!   their country named in the article;
//! - for the others: their country named in the article (the country, one
//!   of its parts, or an agency or another person of it), or one of their
//!   titles in the same sentence.
//!
//! Once one mention of a person is confirmed, every mention of them in the
//! article is. A mention without evidence becomes a person found from
//! context with the same name (`P~<slug>`): "Chelsea captain John Terry" is
//! not the congressman of that name.

use crate::fxhash::FastSet;
use crate::gazetteer::NeedsContext;
use crate::shape::is_party_tag;
use crate::span::Span;
use crate::tokenize::Document;

use super::{EntityRef, FoundPerson, How, Mention, Tagger};

impl Tagger {
    /// Links the mentions of people who need context only where the article
    /// gives evidence; the others become people found from context.
    pub(super) fn confirm_people(
        &self,
        text: &str,
        doc: &Document,
        mentions: &mut [Mention],
        found: &mut Vec<FoundPerson>,
    ) {
        let needs = |m: &Mention| match m.entity {
            EntityRef::Known(e) => self.gaz.entities[e as usize].needs_context.is_some(),
            EntityRef::Found(_) => false,
        };
        if !mentions.iter().any(needs) {
            return;
        }
        let countries = self.article_countries(mentions);
        let mut confirmed: FastSet<u32> = FastSet::default();
        for m in mentions.iter().filter(|m| needs(m)) {
            if let EntityRef::Known(e) = m.entity {
                if !confirmed.contains(&e) && self.evidence(text, doc, m.span, e, &countries) {
                    confirmed.insert(e);
                }
            }
        }
        for m in mentions.iter_mut() {
            match m.entity {
                EntityRef::Known(e) if needs(m) && !confirmed.contains(&e) => {
                    let name = &text[m.span];
                    let surname = name.rsplit(' ').next().unwrap_or(name);
                    m.entity = self.found_person(text, m.span, surname, found);
                    m.how = How::Pattern;
                }
                _ => {}
            }
        }
    }

    /// The countries an article names through its mentions of entities that
    /// need no evidence themselves (countries, agencies, people).
    pub(super) fn article_countries(&self, mentions: &[Mention]) -> FastSet<&str> {
        let mut countries: FastSet<&str> = FastSet::default();
        for m in mentions {
            if let EntityRef::Known(e) = m.entity {
                if self.gaz.entities[e as usize].needs_context.is_none() {
                    countries.extend(self.countries_of(e));
                }
            }
        }
        countries
    }

    /// Does the article support that the mention at `span` is person `e`?
    fn evidence(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        e: u32,
        countries: &FastSet<&str>,
    ) -> bool {
        let ent = &self.gaz.entities[e as usize];
        let toks = &doc.tokens;
        let k = toks.partition_point(|t| t.span.end <= span.start);
        let after = toks.partition_point(|t| t.span.start < span.end);
        let legislator = ent.needs_context == Some(NeedsContext::Legislator);
        // A title before the name.
        if let Some(title) = self.titles.before(text, doc, k) {
            if ent.titles.iter().any(|t| t.eq_ignore_ascii_case(title))
                || legislator && self.words.legislator_titles.contains(title)
            {
                return true;
            }
        }
        // A party and state tag after it: "(D-Wash.)", ", R-Texas,".
        let word = |i: usize| toks.get(i).map_or("", |t| &text[t.span]);
        if matches!(word(after), "(" | ",") {
            let close =
                (after + 1..(after + 8).min(toks.len())).find(|&j| matches!(word(j), ")" | ","));
            if let Some(c) = close.filter(|&c| c > after + 1) {
                let inner = &text[toks[after + 1].span.start..toks[c - 1].span.end];
                if is_party_tag(inner) {
                    return true;
                }
            }
        }
        let si = doc.sentence_at(span.start);
        let sentence = doc.sentence_tokens(si);
        // A word of the sentence, the name itself left out.
        let in_sentence = |set: &dyn Fn(&str) -> bool| {
            sentence.iter().any(|t| !span.contains(t.span) && set(&text[t.span]))
        };
        let of_country = ent.country.as_deref().is_some_and(|c| countries.contains(c));
        if legislator {
            let office = in_sentence(&|w| self.words.legislator_words.contains_ascii_lowercase(w));
            return office && of_country;
        }
        of_country || in_sentence(&|w| ent.titles.iter().any(|t| t.eq_ignore_ascii_case(w)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{check, Case};

    #[test]
    fn people_who_need_context_link_only_with_evidence() {
        let cases: &[Case] = &[
            // No evidence: the footballer is not the congressman.
            (
                "Chelsea captain John Terry scored twice.",
                None,
                &["John Terry P~john_terry pattern"],
            ),
            // A later surname goes to the person found.
            (
                "John Terry scored. Terry said he was happy.",
                None,
                &["John Terry P~john_terry pattern", "Terry P~john_terry partial"],
            ),
            // A party and state tag, or the office and the country.
            (
                "John Terry (R-Neb.) voted against the bill.",
                None,
                &["John Terry P:US:john_terry exact"],
            ),
            (
                "The congressman John Terry spoke for the US delegation.",
                None,
                &["John Terry P:US:john_terry exact", "US C:US alias"],
            ),
            // The country alone is no evidence for a legislator.
            (
                "John Terry flew to the US.",
                None,
                &["John Terry P~john_terry pattern", "US C:US alias"],
            ),
        ];
        check(cases);
    }
}
