//! Policies and context rules on dictionary matches: which matches stand
//! for their entity.
//!
//! A surface's policy in `ambiguous.tsv` may skip it, keep it only when the
//! entity is named elsewhere in the article, or drop it inside a person's
//! name ("Michael Jordan"). A capital stands for its country only when it
//! acts ("Pyongyang said"), not as a place ("in Pyongyang") or a dateline.
//! A country or agency match inside a longer capitalised name ("Air
//! France", "Moscow State University") or a hyphen compound
//! ("Turkish-operated") is blocked: neither the entity nor a person.

use crate::fxhash::FastSet;
use crate::gazetteer::{EntityType, Policy, Role};
use crate::shape::is_capitalised;
use crate::span::Span;
use crate::tokenize::{Document, TokenKind};

use super::{EntityRef, How, Mention, Tagger};

impl Tagger {
    /// Policies and context rules on dictionary matches. `blocked` receives
    /// the matches rejected as part of a longer name ("Air France"), which
    /// are no person's name either.
    pub(super) fn apply_policies(
        &self,
        text: &str,
        doc: &Document,
        raw: Vec<(Span, usize)>,
        blocked: &mut Vec<Span>,
    ) -> Vec<Mention> {
        let mut kept: Vec<(Mention, Option<Policy>)> = Vec::with_capacity(raw.len());
        // The entities of `kept`, and whether any is kept by a surface that
        // needs context.
        let mut kept_entities: FastSet<u32> = FastSet::default();
        let mut any_needs_context = false;
        for (span, pi) in raw {
            let p = &self.matcher.patterns[pi];
            // A shared surface goes to the entity already named in the article, else the first.
            let entity = if p.entities.len() > 1 {
                p.entities
                    .iter()
                    .copied()
                    .find(|e| kept_entities.contains(e))
                    .unwrap_or(p.entities[0])
            } else {
                p.entities[0]
            };
            // The tokens around the match, looked up once when a rule needs them.
            let mut around = None;
            let mut nb = || *around.get_or_insert_with(|| neighbours(doc, span));
            let how = match p.role {
                Role::Canonical if p.canonical => How::Exact,
                Role::Canonical | Role::Alias | Role::Abbrev => How::Alias,
                Role::Demonym => How::Demonym,
                Role::Capital => How::Metonym,
            };
            match p.policy {
                Some(Policy::Skip) => continue,
                Some(Policy::NotPerson) if self.part_of_person_name(text, doc, span, nb()) => {
                    continue
                }
                _ => {}
            }
            if p.role == Role::Capital && !self.capital_acts(text, doc, span, nb()) {
                continue;
            }
            if self.gaz.entities[entity as usize].kind != EntityType::Person
                && (self.continues_capitalised_name(text, doc, span, nb().1)
                    || hyphen_compound(text, span)
                    || self.follows_capitalised_name(
                        text,
                        doc,
                        span,
                        nb().0,
                        kept.last().map(|m| m.0.span),
                    ))
            {
                blocked.push(span);
                continue;
            }
            kept_entities.insert(entity);
            any_needs_context |= p.policy == Some(Policy::NeedsContext);
            kept.push((
                Mention { span, sentence: 0, entity: EntityRef::Known(entity), how },
                p.policy,
            ));
        }
        if !any_needs_context {
            return kept.into_iter().map(|(m, _)| m).collect();
        }
        // Surfaces that need context: kept only when the same entity is named
        // elsewhere in the article through a surface that does not.
        let confirmed: FastSet<EntityRef> = kept
            .iter()
            .filter(|(_, pol)| *pol != Some(Policy::NeedsContext))
            .map(|(m, _)| m.entity)
            .collect();
        kept.into_iter()
            .filter(|(m, pol)| *pol != Some(Policy::NeedsContext) || confirmed.contains(&m.entity))
            .map(|(m, _)| m)
            .collect()
    }

    /// "Jordan Peterson", "Michael Jordan", "President Chad Smith".
    fn part_of_person_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        (prev, next): (Option<usize>, Option<usize>),
    ) -> bool {
        let next_cap = next.is_some_and(|t| {
            doc.tokens[t].kind == TokenKind::Word
                && doc.tokens[t].span.start == span.end + 1
                && is_capitalised(&text[doc.tokens[t].span])
        });
        let prev_name = prev.is_some_and(|t| {
            let w = &text[doc.tokens[t].span];
            doc.tokens[t].kind == TokenKind::Word
                && (self.gaz.given_names.contains(w) || self.is_title(w))
        });
        next_cap || prev_name
    }

    /// Is a word right after `span` a capitalised continuation ("Moscow State
    /// University", "Washington Post")?
    fn continues_capitalised_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        next: Option<usize>,
    ) -> bool {
        next.is_some_and(|t| {
            let tok = doc.tokens[t];
            let w = &text[tok.span];
            tok.kind == TokenKind::Word
                && tok.span.start == span.end + 1
                && text.as_bytes()[span.end] == b' '
                && is_capitalised(w)
                && !self.is_title(w)
                && !self.words.grammar.contains(w)
                && !self.words.function_words.contains_ascii_lowercase(w)
                && !self.matcher.matches_at(text, tok.span.start)
        })
    }

    /// Is the word right before `span` a capitalised word of the same name
    /// ("Air France", "Cleveland Indians")? Not a sentence's first word, a
    /// title or the end of the previous match (`last`).
    fn follows_capitalised_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        prev: Option<usize>,
        last: Option<Span>,
    ) -> bool {
        let Some(p) = prev else { return false };
        let tok = doc.tokens[p];
        let w = &text[tok.span];
        tok.kind == TokenKind::Word
            && tok.span.end + 1 == span.start
            && text.as_bytes()[tok.span.end] == b' '
            && is_capitalised(w)
            && !w.contains('-')
            && last.is_none_or(|l| l.end != tok.span.end)
            && !self.is_title(w)
            && self.titles.before(text, doc, p + 1).is_none()
            && !self.words.grammar.contains(w)
            && !self.words.function_words.contains_ascii_lowercase(w)
            && doc.sentences[doc.sentence_at(tok.span.start)].span.start != tok.span.start
    }

    /// A capital stands for its country unless it is a place in the
    /// sentence ("in Pyongyang"), part of a dateline ("SEOUL, Nov 11") or of
    /// a person's name.
    fn capital_acts(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        (prev, next): (Option<usize>, Option<usize>),
    ) -> bool {
        if let Some(p) = prev {
            let w = &text[doc.tokens[p].span];
            let lw = w.to_lowercase();
            if self.words.place_prepositions.contains(&lw) || self.gaz.given_names.contains(w) {
                return false;
            }
        }
        let sentence_start = doc
            .sentences
            .get(doc.sentence_at(span.start))
            .is_some_and(|s| s.span.start == span.start);
        if sentence_start {
            if let Some(n) = next {
                let t = doc.tokens[n];
                let w = &text[t.span];
                if t.kind == TokenKind::Number || matches!(w, "," | "(" | "-" | "–" | "—" | ":")
                {
                    return false;
                }
            }
        }
        true
    }
}

/// "Hong Kong-based", "Turkish-operated": an adjective, not the country.
fn hyphen_compound(text: &str, span: Span) -> bool {
    let mut rest = text[span.end..].chars();
    rest.next() == Some('-') && rest.next().is_some_and(char::is_lowercase)
}

/// Token indexes just before and just after `span`.
fn neighbours(doc: &Document, span: Span) -> (Option<usize>, Option<usize>) {
    let first = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let after = doc.tokens.partition_point(|t| t.span.start < span.end);
    (first.checked_sub(1), (after < doc.tokens.len()).then_some(after))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{check, Case};
    use super::*;

    #[test]
    fn policies_and_context_rules() {
        let cases: &[Case] = &[
            // A capital acts for its country, unless it is a place or a dateline.
            (
                "Pyongyang said on Monday that talks would resume.",
                None,
                &["Pyongyang C:KP metonym"],
            ),
            ("The envoy arrived in Pyongyang on Monday.", None, &[]),
            ("Kim visited Seoul on Monday.", None, &[]),
            ("LONDON 1996-08-30\nThe pound rose.", None, &[]),
            ("Seoul , Monday .", None, &[]),
            // not_person: not inside a person's name.
            (
                "Michael Jordan scored 40 points.",
                None,
                &["Michael Jordan P~michael_jordan pattern"],
            ),
            ("Jordan and Syria signed a deal.", None, &["Jordan C:JO exact"]),
            // needs_context: only when named elsewhere without it.
            ("He lives in Atlanta, Georgia.", None, &[]),
            (
                "Georgian troops left. Georgia said the war was over.",
                None,
                &["Georgian C:GE demonym", "Georgia C:GE exact"],
            ),
            // skip.
            (
                "Korea is divided; South Korea and North Korea disagree.",
                None,
                &["South Korea C:KR exact", "North Korea C:KP exact"],
            ),
            // Inside a longer name or a compound: not the country.
            ("He joined the British Airways board at a Turkish-operated hotel.", None, &[]),
            ("Workers at Air France struck while Human Rights Watch met.", None, &[]),
            ("She won the U.S. Open, then flew to France.", None, &["France C:FR exact"]),
        ];
        check(cases);
    }

    #[test]
    fn hyphen_compounds() {
        for (text, end, want) in [
            ("Turkish-operated", 7, true),
            ("Hong Kong-based", 9, true),
            ("Guinea-Bissau", 6, false),
            ("Turkish -operated", 7, false),
            ("Turkish-", 7, false),
        ] {
            assert_eq!(hyphen_compound(text, Span::new(0, end)), want, "{text:?}");
        }
    }
}
