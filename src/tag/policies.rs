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
        let mut kept: Vec<Kept> = Vec::with_capacity(raw.len());
        // The entities of `kept`, and whether any is kept by a surface that
        // needs context or a country.
        let mut kept_entities: FastSet<u32> = FastSet::default();
        let mut any_conditional = false;
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
            if p.role == Role::Capital
                && !self.capital_acts(text, doc, nb())
                && !follows_acting_capital(text, doc, nb().0, kept.last().map(|k| &k.mention))
            {
                continue;
            }
            if p.role == Role::Demonym && self.names_a_language(text, doc, nb()) {
                continue;
            }
            // "US$100,000", "HK$": a currency.
            if text[span.end..].starts_with('$') {
                continue;
            }
            // A person's name inside an organisation's or a work's: "the
            // Robert Kilroy-Silk Party", "The Doris Day Show".
            if self.gaz.entities[entity as usize].kind == EntityType::Person
                && nb().1.is_some_and(|n| {
                    let t = doc.tokens[n];
                    t.span.start == span.end + 1 && self.words.org_words.contains(&text[t.span])
                })
            {
                blocked.push(span);
                continue;
            }
            // A given name or an honorific before: a person's surname
            // ("Mark Cuban", "Mr Irish"), left to the people rules.
            if self.gaz.entities[entity as usize].kind != EntityType::Person
                && self.after_name_start(text, doc, span, nb().0)
            {
                continue;
            }
            let last = kept.last().map(|k| &k.mention);
            if self.gaz.entities[entity as usize].kind != EntityType::Person
                && (self.continues_capitalised_name(text, doc, span, nb().1)
                    || hyphen_compound(text, span)
                    || self.follows_capitalised_name(text, doc, span, nb().0, last.map(|m| m.span))
                    || self.inside_longer_name(text, doc, span, nb().0, last))
            {
                blocked.push(span);
                continue;
            }
            kept_entities.insert(entity);
            any_conditional |=
                matches!(p.policy, Some(Policy::NeedsContext | Policy::NeedsCountry));
            kept.push(Kept {
                mention: Mention { span, sentence: 0, entity: EntityRef::Known(entity), how },
                policy: p.policy,
                pattern: pi,
            });
        }
        if !any_conditional {
            return kept.into_iter().map(|k| k.mention).collect();
        }
        self.confirm(kept)
    }

    /// Surfaces that need context or a country, kept only where the article
    /// confirms them: the same entity named elsewhere through a surface that
    /// needs neither (`needs_context`), or that entity or something of its
    /// country named so (`needs_country`; of several entities sharing the
    /// surface, the one named, else the first whose country is named).
    fn confirm(&self, kept: Vec<Kept>) -> Vec<Mention> {
        let sure =
            |k: &&Kept| !matches!(k.policy, Some(Policy::NeedsContext | Policy::NeedsCountry));
        let confirmed: FastSet<EntityRef> =
            kept.iter().filter(sure).map(|k| k.mention.entity).collect();
        let mut countries: FastSet<&str> = FastSet::default();
        for k in kept.iter().filter(sure) {
            if let EntityRef::Known(e) = k.mention.entity {
                countries.extend(self.countries_of(e));
            }
        }
        kept.into_iter()
            .filter_map(|mut k| match k.policy {
                Some(Policy::NeedsContext) => confirmed.contains(&k.mention.entity).then_some(k),
                Some(Policy::NeedsCountry) => {
                    // The entity the article names otherwise ("the European
                    // Parliament ... Parliament"), else the one of a country
                    // the article names.
                    let p = &self.matcher.patterns[k.pattern];
                    let named = p
                        .entities
                        .iter()
                        .copied()
                        .find(|&e| confirmed.contains(&EntityRef::Known(e)));
                    let e = named.or_else(|| {
                        p.entities
                            .iter()
                            .copied()
                            .find(|&e| self.countries_of(e).iter().any(|c| countries.contains(c)))
                    })?;
                    k.mention.entity = EntityRef::Known(e);
                    Some(k)
                }
                _ => Some(k),
            })
            .map(|k| k.mention)
            .collect()
    }

    /// The countries an entity is of, as ISO codes: a country's own code
    /// and its parent's (`GB-SCT`, `GB`), an agency's or a person's country.
    pub(super) fn countries_of(&self, e: u32) -> Vec<&str> {
        let ent = &self.gaz.entities[e as usize];
        match ent.kind {
            EntityType::Country => {
                let mut v: Vec<&str> = ent.id.strip_prefix("C:").into_iter().collect();
                if let Some(p) = ent.parent.as_deref().and_then(|p| p.strip_prefix("C:")) {
                    v.push(p);
                }
                v
            }
            _ => ent.country.as_deref().into_iter().collect(),
        }
    }

    /// Does a demonym name a language here: "written in English.", "speaks
    /// French", "the English language"?
    fn names_a_language(
        &self,
        text: &str,
        doc: &Document,
        (prev, next): (Option<usize>, Option<usize>),
    ) -> bool {
        let word = |t: Option<usize>| t.map_or("", |t| &text[doc.tokens[t].span]);
        let ends_phrase = next.is_none_or(|t| doc.tokens[t].kind != TokenKind::Word);
        self.words.language_before.contains_ascii_lowercase(word(prev))
            || self.words.language_in.contains_ascii_lowercase(word(prev)) && ends_phrase
            || self.words.language_after.contains_ascii_lowercase(word(next))
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
                && doc.tokens[t].shape.capitalised()
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
                && tok.shape.capitalised()
                && !self.is_title(w)
                && !self.words.grammar.contains(w)
                && !self.words.function_words.contains_ascii_lowercase(w)
                && !self.matcher.matches_at(text, tok.span.start)
                // A person's name starts there: "American Robby Ginepri",
                // "Chief Secretary to the Treasury Paul Boateng".
                && !self.gaz.given_names.contains(w)
                // An office ("UK Foreign Secretary") or an institution named
                // by a generic word ("the British Government").
                && !self.starts_title(text, doc, t)
                && !self.words.generic_heads.contains(w)
        })
    }

    /// Does a title start at token `t` ("Foreign Secretary Jack Straw")?
    pub(super) fn starts_title(&self, text: &str, doc: &Document, t: usize) -> bool {
        let toks = &doc.tokens;
        (t + 1..(t + 4).min(toks.len() + 1)).any(|e| {
            let w = &text[Span::new(toks[t].span.start, toks[e - 1].span.end)];
            // The title lookup's length and byte filters settle most spans
            // before the scan for a line break does.
            self.is_title(w) && !w.contains('\n')
        })
    }

    /// Does a given name or an honorific stand right before `span`?
    fn after_name_start(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        prev: Option<usize>,
    ) -> bool {
        prev.is_some_and(|p| {
            let t = doc.tokens[p];
            let w = &text[t.span];
            t.span.end + 1 == span.start
                && text.as_bytes()[t.span.end] == b' '
                && (self.gaz.given_names.contains(w) || self.words.honorific_forms.contains(w))
        })
    }

    /// Is a country or agency match part of a longer name: after a place
    /// prefix ("New Jersey", "North London"), right after an agency
    /// ("Amnesty International UK", "BBC Scotland"), after the "of" of an
    /// organisation ("the Muslim Association of Britain"), or joined to an
    /// origin ("African-American")?
    fn inside_longer_name(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        prev: Option<usize>,
        last: Option<&Mention>,
    ) -> bool {
        // "African-American", "Irish-American": an origin (itself an
        // adjective of origin) joined to the demonym makes an ethnic label;
        // a combining form ("Anglo-Dutch", "Sino-Japanese") does not.
        let joined = text[..span.start].strip_suffix('-').is_some_and(|rest| {
            let origin = rest.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            is_capitalised(origin) && ["an", "ish", "ese", "ic"].iter().any(|e| origin.ends_with(e))
        });
        let Some(p) = prev.filter(|_| !joined) else { return joined };
        let toks = &doc.tokens;
        let w = &text[toks[p].span];
        let tight = toks[p].span.end + 1 == span.start && text.as_bytes()[toks[p].span.end] == b' ';
        if tight && self.words.place_prefixes.contains(w) {
            return true;
        }
        if tight
            && last.is_some_and(|m| {
                m.span.end == toks[p].span.end
                    && matches!(m.entity, EntityRef::Known(e)
                        if self.gaz.entities[e as usize].kind == EntityType::Agency)
            })
        {
            return true;
        }
        w == "of" && p > 0 && {
            let org = &text[toks[p - 1].span];
            self.words.org_words.contains(org) && !self.is_title(org)
        }
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
            && tok.shape.capitalised()
            && !w.contains('-')
            && last.is_none_or(|l| l.end != tok.span.end)
            && !self.is_title(w)
            && self.titles.before(text, doc, p + 1).is_none()
            && !self.words.grammar.contains(w)
            && !self.words.function_words.contains_ascii_lowercase(w)
            && !self.words.aux.contains_ascii_lowercase(w)
            && doc.sentences[doc.sentence_at(tok.span.start)].content_start != tok.span.start
    }

    /// A capital stands for its country only when it acts:
    /// - as the subject of a verb of saying or acting ("Pyongyang said",
    ///   "Washington has warned", "Seoul and Tokyo agreed"), of a modal or
    ///   perfect ("London would fund", "Warsaw had received"), or asked about
    ///   ("How did Seoul react?");
    /// - as the agent of a reaction or a passive ("condemnation from Seoul",
    ///   "criticized by Kyiv");
    /// - as the owner of a policy ("Moscow's decision", "Tehran's nuclear
    ///   programme").
    ///
    /// Otherwise it is a place ("in Pyongyang", "east London", "the Lisbon
    /// targets", a dateline "SEOUL, Nov 11"), an object, or part of a name.
    fn capital_acts(
        &self,
        text: &str,
        doc: &Document,
        (prev, next): (Option<usize>, Option<usize>),
    ) -> bool {
        let toks = &doc.tokens;
        let word = |k: usize| toks.get(k).map_or("", |t| &text[t.span]);
        let lower = |k: usize| word(k).to_ascii_lowercase();
        if let Some(p) = prev {
            let w = word(p);
            if self.gaz.given_names.contains(w) {
                return false;
            }
            // "condemnation from Seoul", "criticized by Kyiv".
            let agent = matches!(lower(p).as_str(), "from" | "by")
                && p > 0
                && (self.words.reaction_nouns.contains_ascii_lowercase(word(p - 1))
                    || lower(p - 1).ends_with("ed"));
            if agent {
                return true;
            }
            // "How did Seoul react?", "Will Beijing agree?".
            if self.words.aux.contains_ascii_lowercase(w) && !is_capitalised(w) {
                return self.words.modals.contains_ascii_lowercase(w);
            }
            if self.words.place_prepositions.contains(&lower(p)) {
                return false;
            }
        }
        let Some(mut k) = next else { return false };
        if toks[k].kind == TokenKind::Possessive {
            // The owner of a policy, perhaps after an adjective.
            return (k + 1..k + 3)
                .any(|j| self.words.policy_nouns.contains_ascii_lowercase(word(j)));
        }
        // "Seoul and Tokyo agreed", "Washington, Seoul and Tokyo said": the
        // verb after the list of capitals (at most four names).
        // A comma goes on only to a list that goes on ("Washington, Seoul
        // and Tokyo"), not to the next clause ("east London, Mr X said").
        for _ in 0..4 {
            let sep = word(k);
            if !matches!(sep, "and" | ",") {
                break;
            }
            let n = k + 1;
            if !toks.get(n).is_some_and(|t| t.shape.capitalised()) {
                break;
            }
            let mut e = n + 1;
            while toks.get(e).is_some_and(|t| t.shape.capitalised()) {
                e += 1;
            }
            if sep == "," && !matches!(word(e), "and" | ",") {
                break;
            }
            k = e;
        }
        // "Beijing ministers", "Moscow officials": the state's people.
        if self.words.state_people.contains(word(k)) {
            return true;
        }
        // A modal or a perfect makes the capital a subject; other
        // auxiliaries and adverbs stand before the verb ("has also warned").
        if self.words.modals.contains_ascii_lowercase(word(k)) {
            return true;
        }
        while self.words.aux.contains_ascii_lowercase(word(k)) && !is_capitalised(word(k)) {
            k += 1;
        }
        let verb = word(k);
        self.words.state_verbs.contains_ascii_lowercase(verb)
            || self.cue_verbs.contains_ascii_lowercase(verb)
    }
}

/// Is the capital at the token after `prev` the next of a list whose
/// previous item is a capital kept as acting ("from Seoul, Tokyo and
/// Washington")?
fn follows_acting_capital(
    text: &str,
    doc: &Document,
    prev: Option<usize>,
    last: Option<&Mention>,
) -> bool {
    let (Some(p), Some(last)) = (prev, last) else { return false };
    p > 0
        && last.how == How::Metonym
        && matches!(&text[doc.tokens[p].span], "," | "and")
        && doc.tokens[p - 1].span.end == last.span.end
}

/// A dictionary match kept so far, with its surface's policy and pattern.
struct Kept {
    mention: Mention,
    policy: Option<Policy>,
    pattern: usize,
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
            // It acts when it is the subject of a verb of saying or acting,
            // or owns a policy; else it is a place.
            (
                "Seoul and Pyongyang have agreed to talk.",
                None,
                &["Seoul C:KR metonym", "Pyongyang C:KP metonym"],
            ),
            ("Washington has also warned of a crisis.", None, &["Washington C:US metonym"]),
            ("Seoul's decision was welcomed.", None, &["Seoul C:KR metonym"]),
            ("A flat in east London and the Paris office were sold.", None, &[]),
            ("The Blitz on London lasted months. Moscow bunkers are old.", None, &[]),
            // Inside a longer name: after a place prefix, an agency, the "of"
            // of an organisation, a given name, an honorific, or a joined
            // origin.
            ("Workers in New Britain and North Korea met.", None, &["North Korea C:KP exact"]),
            ("Reuters UK said so.", None, &["Reuters A:REUTERS exact"]),
            ("The Muslim Association of Britain marched.", None, &[]),
            (
                "Michael French said he was tired.",
                None,
                &["Michael French P~michael_french pattern"],
            ),
            ("African-Americans voted; Americans cheered.", None, &["Americans C:US demonym"]),
            // A question of a FAQ block is no name's first word.
            (
                "Frequently Asked Questions:\nQ: Will North Korea react?\nA: Yes.",
                None,
                &["North Korea C:KP exact"],
            ),
            // A demonym that names a language is no mention.
            ("The book was written in French.", None, &[]),
            ("He speaks Russian fluently; the Russian language is hard.", None, &[]),
            ("He played in French football.", None, &["French C:FR demonym"]),
            // needs_country: a party's short form needs its country named,
            // and goes to the party of the country named.
            ("Labour costs rose.", None, &[]),
            ("Labour won in Britain.", None, &["Labour A:UK_LABOUR alias", "Britain C:GB exact"]),
            ("Labour won in Wales.", None, &["Labour A:UK_LABOUR alias", "Wales C:GB-WLS exact"]),
            (
                "Labour won the New Zealand election.",
                None,
                &["Labour A:NZ_LABOUR alias", "New Zealand C:NZ exact"],
            ),
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
