//! People: titles, partial names and people found from context, in one
//! walk over the tokens in text order.
//!
//! - A title followed by a surname ("President Yoon") resolves through the
//!   article's date ([`Tagger::resolve_title`]).
//! - A surname alone links to the one full name seen earlier in the article
//!   (two candidates: left unresolved, never guessed).
//! - A run of capitalised words ([`Tagger::name_run`]) makes a person found
//!   from context when a title, a known given name, an initial or the words
//!   around it ([`Tagger::person_context`]: speech verbs, role nouns,
//!   results tables, cricket scorecards, lists of people) show one.
//! - A dictionary match that may also be a person's name ("Jordan") becomes
//!   that person when their full name came first.

use crate::fxhash::{FastMap, FastSet};
use crate::gazetteer::{Date, EntityType, Policy};
use crate::span::Span;
use crate::tokenize::{Document, Token, TokenKind};

use super::slug::slug_into;
use super::{EntityRef, FoundPerson, How, Mention, Tagger};

/// How many earlier mentions a given name alone looks back over.
const GIVEN_NAME_REACH: usize = 500;

/// How strongly the words around a capitalised run show a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    None,
    /// Enough for a run of two or more words, not at a sentence start.
    Weak,
    /// Enough even for one word, anywhere.
    Strong,
    /// Right after a person in a list: enough for two or more words, and
    /// for one word that the list goes on after.
    List,
}

impl Tagger {
    /// Titles, partial names and people found from context: their mentions
    /// join `mentions` (after the others, out of order) and the people
    /// found join `found`; a dictionary mention that is a person's surname
    /// becomes that person's. `blocked`: matches rejected as part of a
    /// longer name, which are no person's name either.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn link_people(
        &self,
        text: &str,
        doc: &Document,
        date: Option<Date>,
        countries: &FastSet<&str>,
        mentions: &mut Vec<Mention>,
        blocked: &[Span],
        found: &mut Vec<FoundPerson>,
    ) {
        let (cover, covered) = cover_tokens(&doc.tokens, mentions, blocked);
        let covered_for_lists = covered.clone();
        // Full names of gazetteer people, in text order: their surnames are
        // registered as the walk passes them.
        // People found before the walk (gazetteer names without evidence)
        // register the last word of their name.
        let full = mentions
            .iter()
            .filter_map(|m| match m.entity {
                EntityRef::Known(e) if self.gaz.entities[e as usize].kind == EntityType::Person => {
                    Some((m.span.start, m.entity, ""))
                }
                EntityRef::Found(_) => {
                    let name = &text[m.span];
                    Some((m.span.start, m.entity, name.rsplit(' ').next().unwrap_or(name)))
                }
                EntityRef::Known(_) => None,
            })
            .collect();
        let walk = Walk {
            tagger: self,
            text,
            doc,
            date,
            countries,
            mentions,
            cover,
            covered,
            full,
            next_full: 0,
            seen: FastMap::default(),
            added: Vec::new(),
            replaced: Vec::new(),
            found,
            sentence: 0,
            honorific_surnames: self.honorific_surnames(text, doc),
            name_lists: self.name_lists(text, doc, &covered_for_lists),
        };
        let (mut added, mut replaced) = walk.run();
        // Names found as people that the article shows to be organisations
        // ("Eli Lilly's board", "Grant Samuel, the investment firm"): none
        // of their mentions is a person's.
        let org = |span: Span| self.organisation_after(text, doc, span);
        let orgs: FastSet<EntityRef> = added
            .iter()
            .map(|m| (m.span, m.entity))
            .chain(replaced.iter().map(|&(mi, e)| (mentions[mi].span, e)))
            .filter(|&(span, e)| matches!(e, EntityRef::Found(_)) && org(span))
            .map(|(_, e)| e)
            .collect();
        if !orgs.is_empty() {
            added.retain(|m| !orgs.contains(&m.entity));
            replaced.retain(|(_, e)| !orgs.contains(e));
        }
        for (mi, entity) in replaced {
            mentions[mi].entity = entity;
            mentions[mi].how = How::Partial;
        }
        mentions.extend(added);
    }

    /// Do the words right after `span` show an organisation: a possessive
    /// and a thing only organisations have ("'s board"), or an
    /// apposition of up to four words ending in one of their nouns (", the
    /// US drug company")?
    fn organisation_after(&self, text: &str, doc: &Document, span: Span) -> bool {
        let toks = &doc.tokens;
        let k = toks.partition_point(|t| t.span.start < span.end);
        let w = |i: usize| toks.get(i).map_or("", |t| &text[t.span]);
        if toks.get(k).is_some_and(|t| t.kind == TokenKind::Possessive) {
            return self.words.org_possessions.contains_ascii_lowercase(w(k + 1));
        }
        let article = ["the", "a", "an"].iter().any(|a| w(k + 1).eq_ignore_ascii_case(a));
        if w(k) != "," || !article {
            return false;
        }
        // The apposition's head is its last word, and it holds no
        // preposition: ", an analyst at the research firm" names a person.
        let end = (k + 2..(k + 7).min(toks.len()))
            .find(|&i| toks[i].kind != TokenKind::Word)
            .unwrap_or(toks.len());
        // (", the company's founder" names a person.)
        end > k + 2
            && end <= k + 6
            && toks.get(end).is_none_or(|t| t.kind == TokenKind::Punct)
            && (k + 2..end).all(|i| !self.words.prepositions.contains_ascii_lowercase(w(i)))
            && self.words.org_appositives.contains_ascii_lowercase(w(end - 1))
    }

    /// The first tokens of the names of the article's lists of people: at
    /// least three runs of two to four capitalised words, each maybe
    /// followed by a bracket or a number ("( captain )", "10-0-50-0"),
    /// joined by commas or "and", the list introduced by a colon or a dash
    /// ("Sri Lanka - Arjuna Ranatunga ( captain ) , Sanath Jayasuriya ,
    /// ...") or holding a name that starts with a known given name or an
    /// initial. A list of places or firms holds neither.
    fn name_lists(&self, text: &str, doc: &Document, covered: &[bool]) -> FastSet<usize> {
        let toks = &doc.tokens;
        let word = |i: usize| toks.get(i).map_or("", |t| &text[t.span]);
        let mut out = FastSet::default();
        let mut k = 0;
        while k < toks.len() {
            // Most tokens start no name: covered, or not capitalised.
            if covered[k] || !toks[k].shape.capitalised() {
                k += 1;
                continue;
            }
            // The start of a list: right after ":" or "-", or anywhere.
            let introduced = k > 0 && matches!(word(k - 1), ":" | "-" | "–");
            let mut items: Vec<usize> = Vec::new();
            let mut known = false;
            let mut j = k;
            loop {
                let w = word(j);
                if covered.get(j) != Some(&false)
                    || !toks[j].shape.capitalised()
                    || self.words.not_name.contains(w)
                    || self.is_title(w)
                    || self.words.function_words.contains_ascii_lowercase(w)
                    || self.words.sentence_starters.contains(w)
                {
                    break;
                }
                let end = self.name_run(text, doc, j, covered);
                if end - j >= 2 {
                    items.push(j);
                    known |= self.gaz.given_names.contains(w);
                }
                j = end;
                // "( captain )", "( 31st )", "10-0-50-0".
                if word(j) == "(" {
                    match (j + 1..(j + 6).min(toks.len())).find(|&c| word(c) == ")") {
                        Some(c) => j = c + 1,
                        None => break,
                    }
                }
                while toks.get(j).is_some_and(|t| t.kind == TokenKind::Number) {
                    j += 1;
                }
                if !matches!(word(j), "," | "and") {
                    break;
                }
                j += 1;
            }
            if items.len() >= 3 && (introduced || known) {
                out.extend(items);
            }
            k = j.max(k + 1);
        }
        out
    }

    /// The capitalised words written right after an honorific ("Mr
    /// Sigarchi") in the article.
    fn honorific_surnames<'a>(&self, text: &'a str, doc: &Document) -> FastSet<&'a str> {
        let toks = &doc.tokens;
        toks.windows(2)
            .filter(|w| {
                w[0].kind == TokenKind::Word
                    && w[1].kind == TokenKind::Word
                    && w[1].shape.capitalised()
                    && self.words.honorific_forms.contains(&text[w[0].span])
            })
            .map(|w| &text[w[1].span])
            .collect()
    }

    /// The person found from context with this name, added when new.
    pub(super) fn found_person(
        &self,
        text: &str,
        span: Span,
        surname: &str,
        found: &mut Vec<FoundPerson>,
    ) -> EntityRef {
        self.found_person_as(&text[span], &text[span], surname, found)
    }

    /// The person found from context named `name`, with the id of
    /// `id_name` (a peer: "Lord Woolf", `P~woolf`), added when new.
    fn found_person_as(
        &self,
        name: &str,
        id_name: &str,
        surname: &str,
        found: &mut Vec<FoundPerson>,
    ) -> EntityRef {
        let mut id = String::with_capacity(id_name.len() + 2);
        id.push_str("P~");
        slug_into(&mut id, id_name);
        let idx = match found.iter().position(|f| f.id == id) {
            Some(i) => i,
            None => {
                found.push(FoundPerson {
                    id,
                    name: name.to_string(),
                    surname: surname.to_string(),
                });
                found.len() - 1
            }
        };
        EntityRef::Found(idx as u32)
    }

    /// The words around the capitalised run `k..end`: do they show that it
    /// names a person?
    fn person_context(
        &self,
        text: &str,
        doc: &Document,
        k: usize,
        end: usize,
        kind_at: &dyn Fn(usize) -> Option<EntityType>,
    ) -> Context {
        let toks = &doc.tokens;
        let word = |i: usize| -> &str { toks.get(i).map_or("", |t| &text[t.span]) };
        let same_line = |a: usize, b: usize| -> bool {
            b < toks.len()
                && !text.as_bytes()[toks[a].span.end..toks[b].span.start].contains(&b'\n')
        };
        let prev = k.checked_sub(1);
        let prev_w = prev.map_or("", word);
        // Asked only once the word before has matched a rule.
        let prev_same_line = || prev.is_some_and(|p| same_line(p, k));
        let next_w = if same_line(end - 1, end) { word(end) } else { "" };
        let one_word = end == k + 1;
        // A company or a team, not a person: "Johnson Controls Inc",
        // "Salomon Bros", "Texas manager", "Prime Minister".
        if toks[k..end].iter().any(|t| self.words.company.contains(&text[t.span]))
            || self.words.company.contains(next_w)
            || self.words.role_nouns.contains(next_w)
            || (!next_w.is_empty()
                && text[toks[end - 1].span.end..toks[end].span.start] == *" "
                && self.is_title(&text[toks[end - 1].span.start..toks[end].span.end]))
        {
            return Context::None;
        }
        // Results: "Stefan Edberg ( Sweden )"; a single word there is as
        // often a team ("Benetton ( Italy ) 92").
        if next_w == "(" && !one_word {
            let mut j = end + 1;
            let first = j;
            while j < toks.len() && j < first + 4 && kind_at(j) == Some(EntityType::Country) {
                j += 1;
            }
            if j > first && word(j) == ")" {
                return Context::Strong;
            }
        }
        // Cricket scorecards: "c Stewart b Hollioake", "lbw b Croft".
        if self.words.scorecard_before.contains(prev_w) && prev_same_line() {
            return Context::Strong;
        }
        if self.words.scorecard_after.contains(next_w)
            || self.words.scorecard_outs.iter().any(|p| {
                p[0] == next_w
                    && (1..p.len())
                        .all(|i| same_line(end + i - 1, end + i) && word(end + i) == p[i])
            })
        {
            return Context::Strong;
        }
        // Speech: "said John Smith", "…,” added John Smith" (inverted,
        // after a quote or a comma); "John Smith said", "John Smith, 42,".
        let inverted = k < 2 || toks[k - 2].kind != TokenKind::Word;
        if (self.words.speech_before.contains(prev_w)
            || self.words.inverted_speech_before.contains(prev_w) && inverted)
            && prev_same_line()
            && !(one_word && toks.get(end).is_some_and(|t| t.kind == TokenKind::Word))
        {
            return Context::Strong;
        }
        // "John Smith said", "Enrico Bondi, who": strong enough even at a
        // sentence start (one word alone never makes a person). Not "X,
        // said": that is the end of an apposition, often an organisation's
        // name ("a spokesman for Telewest Broadband, said").
        let after_comma = if next_w == "," && same_line(end, end + 1) { word(end + 1) } else { "" };
        // "John Smith has said", "John Smith also told".
        let aux_speech = self.words.aux.contains(next_w)
            && same_line(end, end + 1)
            && self.words.speech_after.contains(word(end + 1));
        if self.words.speech_after.contains(next_w)
            || aux_speech
            || self.words.person_relatives.contains(after_comma)
        {
            return Context::Strong;
        }
        // An apposition with a role: "Jef Raskin, head of the team",
        // "Anais Faraj, an analyst at Nomura"; not a clause ("San
        // Francisco, said the sprinter").
        // An apposition closed by a comma and a speech verb may be longer:
        // "Mark Oaten, Liberal Democrat home affairs spokesman, said".
        let apposition_end = if next_w == "," {
            (end + 2..(end + 10).min(toks.len()))
                .take_while(|&j| same_line(j - 1, j))
                .find(|&j| toks[j].kind != TokenKind::Word)
                .filter(|&j| word(j) == "," && self.words.speech_after.contains(word(j + 1)))
                .unwrap_or(end + 4)
        } else {
            end + 4
        };
        if next_w == ","
            && !self.cue_verbs.contains_ascii_lowercase(after_comma)
            && !self.words.finite_verbs.contains_ascii_lowercase(after_comma)
            && (end + 1..apposition_end)
                .any(|j| same_line(j - 1, j) && self.words.role_nouns.contains(word(j)))
        {
            return Context::Strong;
        }
        if next_w == ","
            && toks.get(end + 1).is_some_and(|t| t.kind == TokenKind::Number)
            && word(end + 2) == ","
        {
            return Context::Weak;
        }
        // A role noun: "dissident Wang Donghai", "coach Bobby Robson".
        if self.words.role_nouns.contains(prev_w) && prev_same_line() {
            return Context::Weak;
        }
        Context::None
    }

    /// The end (exclusive token index) of a run of capitalised name words
    /// starting at `k`: at most four words, initials and particles allowed.
    fn name_run(&self, text: &str, doc: &Document, k: usize, covered: &[bool]) -> usize {
        let toks = &doc.tokens;
        let mut end = k + 1;
        let mut words = 1;
        while end < toks.len() && words < 4 && !covered[end] {
            let t = toks[end];
            let gap = &text[toks[end - 1].span.end..t.span.start];
            if gap != " " || t.kind != TokenKind::Word {
                break;
            }
            let w = &text[t.span];
            // "Brian May": a month that is a surname, after a given name
            // alone and before no number.
            let month_surname = end == k + 1
                && self.words.month_surnames.contains(w)
                && self.gaz.given_names.contains(&text[toks[k].span])
                && toks.get(end + 1).is_none_or(|n| n.kind != TokenKind::Number);
            if month_surname
                || ((t.shape.capitalised() || t.shape.initial())
                    && !self.words.not_name.contains(w)
                    && !self.words.contractions.contains_ascii_lowercase(w)
                    && !self.is_title(w))
                || (self.words.name_particles.contains(w)
                    && toks.get(end + 1).is_some_and(|n| n.shape.capitalised()))
            {
                end += 1;
                words += 1;
            } else {
                break;
            }
        }
        // A trailing particle or initial is not part of the name.
        while end > k + 1
            && (self.words.name_particles.contains(&text[toks[end - 1].span])
                || toks[end - 1].shape.initial())
        {
            end -= 1;
        }
        end
    }
}

/// What covers each token: the index of its mention, if any; and whether a
/// mention or a blocked match covers it.
fn cover_tokens(
    toks: &[Token],
    mentions: &[Mention],
    blocked: &[Span],
) -> (Vec<Option<u32>>, Vec<bool>) {
    let mut cover: Vec<Option<u32>> = vec![None; toks.len()];
    let mut ti = 0;
    for (mi, m) in mentions.iter().enumerate() {
        while ti < toks.len() && toks[ti].span.end <= m.span.start {
            ti += 1;
        }
        let mut k = ti;
        while k < toks.len() && toks[k].span.start < m.span.end {
            cover[k] = Some(mi as u32);
            k += 1;
        }
    }
    let mut covered: Vec<bool> = cover.iter().map(Option::is_some).collect();
    for b in blocked {
        let mut k = toks.partition_point(|t| t.span.end <= b.start);
        while k < toks.len() && toks[k].span.start < b.end {
            covered[k] = true;
            k += 1;
        }
    }
    (cover, covered)
}

/// The walk of [`Tagger::link_people`] over an article's tokens, and what
/// it has learnt so far.
struct Walk<'a> {
    tagger: &'a Tagger,
    text: &'a str,
    doc: &'a Document<'a>,
    date: Option<Date>,
    /// The countries the article names.
    countries: &'a FastSet<&'a str>,
    /// The dictionary mentions.
    mentions: &'a [Mention],
    /// The index of the mention covering each token, if any.
    cover: Vec<Option<u32>>,
    /// Whether a mention or a blocked match covers each token.
    covered: Vec<bool>,
    /// (start, entity, surname) of every full mention of a person before
    /// the walk, in text order (a gazetteer person's surnames are the
    /// gazetteer's: `surname` is empty); those before `next_full` are
    /// registered in `seen`.
    full: Vec<(usize, EntityRef, &'a str)>,
    next_full: usize,
    /// Full names seen so far: surname -> entities.
    seen: FastMap<&'a str, Vec<EntityRef>>,
    /// The mentions the walk makes.
    added: Vec<Mention>,
    /// Dictionary mentions that turn out to be a person's surname
    /// ("Jordan"): (index in `mentions`, the person).
    replaced: Vec<(usize, EntityRef)>,
    /// The people found from context.
    found: &'a mut Vec<FoundPerson>,
    /// `doc.sentence_at` for the (increasing) token starts: a forward cursor.
    sentence: usize,
    /// Words written after an honorific somewhere in the article ("Mr
    /// Sigarchi"): a run of capitalised words that ends with one is a
    /// person's name ("Arash Sigarchi").
    honorific_surnames: FastSet<&'a str>,
    /// The first tokens of the names of lists of people ("Pakistan : Aamir
    /// Sohail , Saeed Anwar , Ijaz Ahmed ...").
    name_lists: FastSet<usize>,
}

impl<'a> Walk<'a> {
    /// Walks the tokens: the mentions added and the dictionary mentions
    /// relinked.
    fn run(mut self) -> (Vec<Mention>, Vec<(usize, EntityRef)>) {
        let toks = &self.doc.tokens;
        let first_body = self.doc.layout.date.as_ref().map_or(0, |(s, _)| s.end);
        let mut k = 0;
        while k < toks.len() {
            k = self.next_candidate(k);
            if k == toks.len() {
                break;
            }
            self.register_full_names(toks[k].span.start);
            let tok = toks[k];
            k = if tok.kind != TokenKind::Word || tok.span.start < first_body {
                k + 1
            } else if let Some(mi) = self.cover[k] {
                self.relink(k, mi as usize);
                k + 1
            } else {
                self.at_word(k)
            };
        }
        (self.added, self.replaced)
    }

    /// The first token from `k` on that may need something. Most need
    /// nothing: no mention or blocked match covers them and they are no
    /// word starting with a capital or a non-ASCII byte. Skipped in a
    /// tight loop; the full names before them are registered at the next
    /// token that uses them.
    #[inline]
    fn next_candidate(&self, mut k: usize) -> usize {
        let toks = &self.doc.tokens;
        let bytes = self.text.as_bytes();
        while k < toks.len() && !self.covered[k] && {
            let t = toks[k];
            t.kind != TokenKind::Word || {
                let b0 = bytes[t.span.start];
                b0 < 0x80 && !b0.is_ascii_uppercase()
            }
        } {
            k += 1;
        }
        k
    }

    /// Registers the surnames of the full names that start at or before
    /// byte `start`.
    fn register_full_names(&mut self, start: usize) {
        while let Some(&(s, entity, surname)) = self.full.get(self.next_full) {
            if s > start {
                break;
            }
            match entity {
                EntityRef::Known(e) => self.remember_surnames(e, entity),
                EntityRef::Found(_) => remember(&mut self.seen, surname, entity),
            }
            self.next_full += 1;
        }
    }

    /// Remembers `entity` under every surname of gazetteer entity `e`.
    fn remember_surnames(&mut self, e: u32, entity: EntityRef) {
        for s in &self.tagger.gaz.entities[e as usize].surnames {
            let v = self.seen.entry(s.as_str()).or_default();
            if !v.contains(&entity) {
                v.push(entity);
            }
        }
    }

    /// The entity type of the mention covering token `k`, if any.
    fn kind_at(&self, k: usize) -> Option<EntityType> {
        self.cover.get(k).copied().flatten().map(|mi| match self.mentions[mi as usize].entity {
            EntityRef::Known(e) => self.tagger.gaz.entities[e as usize].kind,
            EntityRef::Found(_) => EntityType::Person,
        })
    }

    /// Token `k` is dictionary mention `mi`: a country or agency name that
    /// may also be a person's name ("Jordan") is that person when their
    /// full name came first.
    fn relink(&mut self, k: usize, mi: usize) {
        let tok = self.doc.tokens[k];
        let word = &self.text[tok.span];
        let m = self.mentions[mi];
        if m.span == tok.span
            && self.kind_at(k) != Some(EntityType::Person)
            && self.tagger.gaz.policies.get(word) == Some(&Policy::NotPerson)
        {
            if let Some([one]) = self.seen.get(word).map(Vec::as_slice) {
                self.replaced.push((mi, *one));
            }
        }
    }

    /// Token `k`, a word no mention covers: where it starts a capitalised
    /// run that names a person, the mention. The token to go on from.
    fn at_word(&mut self, k: usize) -> usize {
        let (t, text, doc) = (self.tagger, self.text, self.doc);
        let toks = &doc.tokens;
        let tok = toks[k];
        if self.covered[k] {
            return k + 1;
        }
        // Most words are neither capitalised nor an initial.
        let capitalised = tok.shape.capitalised();
        let initial = tok.shape.initial();
        if !(capitalised || initial) {
            return k + 1;
        }
        let word = &text[tok.span];
        // ("May" alone is the surname of a Brian May named before, unless
        // a date: "in May", "May 5".)
        let toks = &doc.tokens;
        let month_surname = t.words.month_surnames.contains(word)
            && self.seen.contains_key(word)
            && toks.get(k + 1).is_none_or(|n| n.kind != TokenKind::Number)
            && k.checked_sub(1).is_none_or(|p| {
                !t.words.prepositions.contains_ascii_lowercase(&text[toks[p].span])
            });
        if t.words.not_name.contains(word) && !month_surname
            || t.is_title(word)
            || t.words.function_words.contains_ascii_lowercase(word)
            || t.words.sentence_starters.contains(word)
            // The first word of a title: "Deputy Prime Minister John Prescott".
            || t.starts_title(text, doc, k)
        {
            return k + 1;
        }
        let title = t.titles.before(text, doc, k);
        let end = t.name_run(text, doc, k, &self.covered);
        // A place: "San Francisco", "Fort Worth".
        if t.words.place_name_starts.contains(word) && end > k + 1 {
            return end;
        }
        let n_words = toks[k..end].iter().filter(|t| t.kind == TokenKind::Word).count();
        // Initials only: not a name.
        if toks[k..end].iter().all(|t| t.shape.initial()) {
            return end;
        }
        while doc.sentences.get(self.sentence + 1).is_some_and(|n| n.span.start <= tok.span.start) {
            self.sentence += 1;
        }
        let sentence_initial = doc.sentences[self.sentence].span.start == tok.span.start;
        let mut context = t.person_context(text, doc, k, end, &|j| self.kind_at(j));
        if context == Context::None
            && (self.name_lists.contains(&k) || k >= 2 && self.follows_person_in_list(k))
        {
            context = Context::List;
        }
        let run = Run { k, end, word, title, initial, context };
        if n_words == 1 {
            self.one_word(run)
        } else {
            self.several_words(run, n_words, sentence_initial)
        }
    }

    /// Does token `k` follow a person and a list separator: "Wasim Akram ,
    /// Moin Khan", "Goran Ivanisevic ( Croatia ) , Ivo Karlovic"?
    fn follows_person_in_list(&self, k: usize) -> bool {
        let (text, toks) = (self.text, &self.doc.tokens);
        let sep = &text[toks[k - 1].span];
        // Skip a bracket after the previous name: "X ( Croatia ) , Y".
        let mut b = k - 2;
        if &text[toks[b].span] == ")" {
            let lo = b.saturating_sub(8);
            if let Some(j) = (lo..b).rev().find(|&j| &text[toks[j].span] == "(") {
                b = j.saturating_sub(1);
            }
        }
        let before = toks[b].span.end;
        let person_before = self.added.last().is_some_and(|m| m.span.end == before)
            || self.kind_at(b) == Some(EntityType::Person);
        person_before && self.tagger.words.list_separators.contains(sep)
    }

    /// A run of one word: a surname alone (or after a title), or a person
    /// found from strong context.
    fn one_word(&mut self, run: Run<'a>) -> usize {
        let Run { k, end, word, title, .. } = run;
        let t = self.tagger;
        let tok = self.doc.tokens[k];
        // "Sir John", "Dame Judi": a knight goes by the given name; the
        // person named in full earlier with it, never a surname "John".
        if title.is_some_and(|ti| t.words.given_name_titles.contains(ti))
            && t.gaz.given_names.contains(word)
        {
            if let Some(entity) = self.earlier_given_name(word, tok.span.start) {
                self.added.push(Mention { span: tok.span, sentence: 0, entity, how: How::Title });
            }
            return end;
        }
        let cands = self.seen.get(word).map_or(&[][..], Vec::as_slice);
        let (n_cands, first_cand) = (cands.len(), cands.first().copied());
        let entity = if let (1, Some(one)) = (n_cands, first_cand) {
            Some((one, if title.is_some() { How::Title } else { How::Partial }))
        } else if n_cands == 0 {
            title
                .and_then(|ti| t.resolve_title(word, ti, self.date, self.countries))
                .map(|e| (EntityRef::Known(e), How::Title))
        } else {
            None // two candidates: unresolved, never guessed
        };
        // A given name alone ("Quentin came in"): the one person named in
        // full before with it.
        let entity = entity.or_else(|| {
            (n_cands == 0 && title.is_none() && t.gaz.given_names.contains(word))
                .then(|| self.earlier_given_name(word, tok.span.start))
                .flatten()
                .map(|e| (e, How::Partial))
        });
        // A surname alone that no full name of the article explains is no
        // mention, whatever the context ("said Smith", "c Stewart b
        // Croft"): its id could only be the surname, which names no one.
        // It may go to candidates.csv.
        // "Van Persie", "R de Marigny": name particles before the surname
        // belong to the name.
        let toks = &self.doc.tokens;
        let tight = |p: usize, next: usize| {
            toks[p].span.end + 1 == toks[next].span.start
                && self.text.as_bytes()[toks[p].span.end] == b' '
        };
        let mut first = k;
        while first > 0
            && tight(first - 1, first)
            && t.words.name_particles.contains_ascii_lowercase(&self.text[toks[first - 1].span])
        {
            first -= 1;
        }
        let tok = Token { span: Span::new(toks[first].span.start, tok.span.end), ..tok };
        let k = first;
        // "J Noon" in a line-up: the initial belongs to the name when it is
        // the person's, and rules the person out when it is not.
        let initial = k.checked_sub(1).filter(|&p| {
            let w = &self.text[toks[p].span];
            toks[p].span.end + 1 == tok.span.start
                && self.text.as_bytes()[toks[p].span.end] == b' '
                && (toks[p].shape.initial() || w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase())
        });
        let (entity, span) = match (entity, initial) {
            (Some((e, how)), Some(p)) => {
                let letter = self.text.as_bytes()[toks[p].span.start];
                let name = match e {
                    EntityRef::Known(i) => t.gaz.entities[i as usize].name.as_str(),
                    EntityRef::Found(i) => self.found[i as usize].name.as_str(),
                };
                let span = Span::new(toks[p].span.start, tok.span.end);
                (name.as_bytes().first().is_some_and(|&b| b == letter).then_some((e, how)), span)
            }
            (e, _) => (e, tok.span),
        };
        if let Some((entity, how)) = entity {
            self.added.push(Mention { span, sentence: 0, entity, how });
            if let EntityRef::Known(e) = entity {
                self.remember_surnames(e, entity);
            }
        } else if n_cands == 0 && first == run.k && k > 0 && self.peer_title(k - 1) {
            self.add_peer(k - 1);
        }
        end
    }

    /// "Lord Falconer", the peer's title at token `p` and the name after
    /// it: a peer goes by the title and the name. The span is the name
    /// alone, as after any title; so is the id (`P~falconer`).
    fn add_peer(&mut self, p: usize) {
        let toks = &self.doc.tokens;
        let (title, name_tok) = (toks[p], toks[p + 1]);
        let name = &self.text[name_tok.span];
        let titled = &self.text[title.span.start..name_tok.span.end];
        let entity = self.tagger.found_person_as(titled, name, name, self.found);
        self.added.push(Mention { span: name_tok.span, sentence: 0, entity, how: How::Pattern });
        remember(&mut self.seen, name, entity);
    }

    /// Is token `p` a peer's title written right before the next word
    /// ("Lord Falconer"), and not itself covered by a mention?
    fn peer_title(&self, p: usize) -> bool {
        let toks = &self.doc.tokens;
        !self.covered[p]
            && self.tagger.words.peerage_titles.contains(&self.text[toks[p].span])
            && toks.get(p + 1).is_some_and(|n| {
                n.span.start == toks[p].span.end + 1
                    && self.text.as_bytes()[toks[p].span.end] == b' '
            })
    }

    /// Does token `k` stand inside the title of a work: after a capitalised
    /// article inside a sentence, and capitalised words and the small words
    /// of titles ("of", "and", "&") between ("The Life & Death of")?
    fn in_work_title(&self, k: usize) -> bool {
        let (t, text, toks) = (self.tagger, self.text, &self.doc.tokens);
        let mut j = k;
        while j > 0 && k - j < 8 {
            j -= 1;
            let w = &text[toks[j].span];
            let capitalised = toks[j].shape.capitalised();
            if capitalised && t.words.articles.contains_ascii_lowercase(w) {
                return !sentence_initial_at(self.doc, j);
            }
            let joins = t.words.title_joiners.contains(w);
            if !(joins || toks[j].kind == TokenKind::Word && capitalised) {
                return false;
            }
        }
        false
    }

    /// Does a person's mention (dictionary or found) end at byte `end`?
    fn person_ends_at(&self, end: usize) -> bool {
        self.added.last().is_some_and(|m| m.span.end == end)
            || self.mentions.iter().any(|m| {
                m.span.end == end
                    && match m.entity {
                        EntityRef::Known(e) => {
                            self.tagger.gaz.entities[e as usize].kind == EntityType::Person
                        }
                        EntityRef::Found(_) => true,
                    }
            })
    }

    /// The one person named in full before byte `before` whose name starts
    /// with the given name `given`, if exactly one is.
    fn earlier_given_name(&self, given: &str, before: usize) -> Option<EntityRef> {
        let text = self.text;
        let mut found: Option<EntityRef> = None;
        // The last GIVEN_NAME_REACH mentions of each list before `before`:
        // an article names its people long before that many mentions, and
        // the work stays linear in a hostile text of repeated names.
        let dict_end = self.mentions.partition_point(|m| m.span.end <= before);
        let dict = &self.mentions[dict_end.saturating_sub(GIVEN_NAME_REACH)..dict_end];
        let added = &self.added[self.added.len().saturating_sub(GIVEN_NAME_REACH)..];
        // A name of more than one word whose first word is `given`.
        let starts_with_given = |m: &Mention| {
            let name = text[m.span].as_bytes();
            name.len() > given.len()
                && name[given.len()] == b' '
                && name.starts_with(given.as_bytes())
        };
        let people = dict.iter().chain(added).filter(|m| {
            m.span.end <= before
                && starts_with_given(m)
                && match m.entity {
                    EntityRef::Known(e) => {
                        self.tagger.gaz.entities[e as usize].kind == EntityType::Person
                    }
                    EntityRef::Found(_) => true,
                }
        });
        for m in people {
            match found {
                Some(f) if f != m.entity => return None,
                _ => found = Some(m.entity),
            }
        }
        found
    }

    /// A run of several capitalised words: a person found from context when
    /// a title, a known given name, an initial or the words around
    /// introduce them.
    fn several_words(&mut self, run: Run<'a>, n_words: usize, sentence_initial: bool) -> usize {
        let Run { mut k, end, mut word, title, initial, context } = run;
        let (t, text, toks) = (self.tagger, self.text, &self.doc.tokens);
        // A role before a given name is no part of the name: "Attorney Paul
        // McNulty", "Coach Bobby Robson".
        let second = &text[toks[k + 1].span];
        let role = t.words.role_nouns.contains(&word.to_lowercase()) || t.is_title(word);
        if n_words >= 3 && role {
            k += 1;
            word = second;
        }
        // "Lord Falconer" where the peer's title is no title of the
        // gazetteer: as after one (see `one_word`).
        if n_words == 2 && end == k + 2 && self.peer_title(k) {
            self.add_peer(k);
            return end;
        }
        let given = t.gaz.given_names.contains(word);
        let surname = &text[toks[end - 1].span];
        // "a film version of The Beverly Hillbillies", "the biopic The Life &
        // Death of Peter Sellers": inside the title of a work. A run alone in
        // brackets right after a person is their role, film or team: "Phil
        // Davis (Vera Drake)" (a substitute has a minute: "(Wayne Fyvie, 75)").
        if self.in_work_title(k)
            || k >= 2
                && &text[toks[k - 1].span] == "("
                && toks.get(end).is_some_and(|t| &text[t.span] == ")")
                && self.person_ends_at(toks[k - 2].span.end)
        {
            return end;
        }
        // A person's name inside a work's or an organisation's: "The Doris
        // Day Show", "Robert Kilroy-Silk Party".
        if toks.get(end).is_some_and(|n| {
            n.span.start == toks[end - 1].span.end + 1 && t.words.org_words.contains(&text[n.span])
        }) {
            return end;
        }
        // The same name as a person found earlier: "Joss Stone" again.
        let written = &text[toks[k].span.start..toks[end - 1].span.end];
        let again = self.found.iter().any(|f| f.name == written);
        let evidence = again
            || title.is_some()
            || given
            || initial
            || self.honorific_surnames.contains(surname)
            || context != Context::None && !(sentence_initial && context == Context::Weak);
        if n_words >= 2 && evidence {
            let span = Span::new(toks[k].span.start, toks[end - 1].span.end);
            let entity = t.found_person(text, span, surname, self.found);
            self.added.push(Mention { span, sentence: 0, entity, how: How::Pattern });
            remember(&mut self.seen, surname, entity);
            // "Wang Donghai" ... "Wang": a family name written first.
            if !given && !initial && !t.is_title(word) {
                remember(&mut self.seen, word, entity);
            }
            end
        } else {
            // Not a name we know how to read: look at the next word alone.
            k + 1
        }
    }
}

/// A run of capitalised words, tokens `k..end`, and what introduces it.
struct Run<'a> {
    k: usize,
    end: usize,
    /// Its first word.
    word: &'a str,
    /// The canonical title before it.
    title: Option<&'a str>,
    /// Whether its first word is an initial.
    initial: bool,
    context: Context,
}

/// Does token `k` start its sentence?
fn sentence_initial_at(doc: &Document, k: usize) -> bool {
    let start = doc.tokens[k].span.start;
    doc.sentences[doc.sentence_at(start)].span.start == start
}

fn remember<'a>(seen: &mut FastMap<&'a str, Vec<EntityRef>>, surname: &'a str, entity: EntityRef) {
    match seen.get_mut(surname) {
        Some(v) => {
            if !v.contains(&entity) {
                v.push(entity);
            }
        }
        None => {
            seen.insert(surname, vec![entity]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{check, Case};

    #[test]
    fn partial_names() {
        let cases: &[Case] = &[
            // A surname alone needs an earlier full name...
            (
                "Smith arrived. John Smith sat down. Smith said yes.",
                None,
                &["John Smith P:US:john_smith exact", "Smith P:US:john_smith partial"],
            ),
            // ... and only one.
            (
                "John Smith met Jane Smith. Then Smith said yes.",
                None,
                &["John Smith P:US:john_smith exact", "Jane Smith P:US:jane_smith exact"],
            ),
            // A not_person dictionary match after a person of that surname.
            (
                "The film by Neil Jordan opened.\nJordan said it was personal.",
                None,
                &["Neil Jordan P~neil_jordan pattern", "Jordan P~neil_jordan partial"],
            ),
            // A month that is a surname, after a given name; alone, the
            // surname of the person named before, but not in a date.
            (
                "The director Paul May said the band would tour. May said yes. The vote is due in May, or on May 5.",
                None,
                &["Paul May P~paul_may pattern", "May P~paul_may partial"],
            ),
            // A given name alone: the one person named in full before with it.
            (
                "The director Quentin Tarantino visited the set. Later Quentin came back.",
                None,
                &["Quentin Tarantino P~quentin_tarantino pattern", "Quentin P~quentin_tarantino partial"],
            ),
            // Two people of that given name: unresolved.
            (
                "The director Quentin Tarantino met the director Quentin Blake. Later Quentin came back.",
                None,
                &["Quentin Tarantino P~quentin_tarantino pattern", "Quentin Blake P~quentin_blake pattern"],
            ),
            // A peer goes by title and name: the span is the name, the id
            // the name's, the entity's name holds the title.
            (
                "Lord Falconer said the plans were ready. Falconer left.",
                None,
                &["Falconer P~falconer pattern", "Falconer P~falconer partial"],
            ),
        ];
        check(cases);
    }

    #[test]
    fn people_from_context() {
        let cases: &[Case] = &[
            // The first words of a title are no name ("Deputy Prime").
            (
                "Both Tessa Jowell and Deputy Prime Minister John Prescott have welcomed him.",
                None,
                &["Tessa Jowell P~tessa_jowell pattern", "John Prescott P~john_prescott pattern"],
            ),
            // A speech verb after an auxiliary, or after a long apposition
            // with a role, shows a person; an organisation's words do not.
            ("Rio Ferdinand has said he is unsure of the bid.", None, &["Rio Ferdinand P~rio_ferdinand pattern"]),
            (
                "Mark Oaten, Liberal Democrat home affairs spokesman, said it was wrong.",
                None,
                &["Mark Oaten P~mark_oaten pattern"],
            ),
            ("The Food and Agriculture Organisation has warned of a crisis.", None, &[]),
            // A contraction never continues a name; a role word before a
            // three-word run is no part of it.
            (
                "Kevin Keegan said the side was strong. Like Kevin I'd like to see players come in.",
                None,
                &["Kevin Keegan P~kevin_keegan pattern", "Kevin P~kevin_keegan partial"],
            ),
            (
                "Conductor Marcello Viotti said the concert would go ahead.",
                None,
                &["Marcello Viotti P~marcello_viotti pattern"],
            ),
            // Places and names inside works' names are no people.
            ("Her lawsuit, filed in San Francisco, said the sprinter had lied.", None, &[]),
            ("The suit went to the Santa Clara California Superior Court.", None, &[]),
            ("He produced The Doris Day Show in 1968.", None, &[]),
            // A knight goes by the given name: the person named in full
            // earlier, never someone surnamed John.
            (
                "Sir John Bourn spoke. Later Sir John said the bill was paid.",
                None,
                &["John Bourn P~john_bourn pattern", "John P~john_bourn title"],
            ),
            ("Sir John said the bill was paid.", None, &[]),
            // A speech verb names the words after it only when inverted; an
            // addressee verb always.
            ("The series has added Pacific Assault to its catalogue.", None, &[]),
            (
                "\"It works,\" added Tomas Brozek. The firm told Marta Kovac so.",
                None,
                &["Tomas Brozek P~tomas_brozek pattern", "Marta Kovac P~marta_kovac pattern"],
            ),
            // Works' titles: a capitalised article inside a sentence, a run
            // alone in brackets after a person.
            ("He sang in a film version of The Beverly Hillbillies in 1993.", None, &[]),
            (
                "The nominees are Paul Davis (Vera Drake) and others.",
                None,
                &["Paul Davis P~paul_davis pattern"],
            ),
            // A role word before a name is no part of it.
            (
                "Boss Henk Addink blames the low growth rate. Mr Addink said so.",
                None,
                &["Henk Addink P~henk_addink pattern", "Addink P~henk_addink title"],
            ),
            // Particles before a later surname belong to the name; a full
            // name found before is found again without new evidence.
            (
                "Paul van Dijk played. Later Van Dijk scored.",
                None,
                &["Paul van Dijk P~paul_van_dijk pattern", "Van Dijk P~paul_van_dijk partial"],
            ),
            (
                "\"Yes,\" said Joss Stone. Later Joss Stone left.",
                None,
                &["Joss Stone P~joss_stone pattern", "Joss Stone P~joss_stone pattern"],
            ),
            ("He starred in the biopic The Life & Death of Paul Sellers last year.", None, &[]),
            // An initial before a surname: part of the name when it is the
            // person's, else no link.
            (
                "Paul Noon played well. Team: J Noon (Leeds), P Noon (Sale).",
                None,
                &["Paul Noon P~paul_noon pattern", "P Noon P~paul_noon partial"],
            ),
            // Results tables.
            (
                "Goran Ivanisevic ( Croatia ) beat a rival.\nLater Ivanisevic said he was tired.",
                None,
                &[
                    "Goran Ivanisevic P~goran_ivanisevic pattern",
                    "Croatia C:HR exact",
                    "Ivanisevic P~goran_ivanisevic partial",
                ],
            ),
            // Speech before and after the name (`speech_before_name`,
            // `speech_after_name`).
            (
                "The plan was good, said Tomas Brozek, a spokesman.",
                None,
                &["Tomas Brozek P~tomas_brozek pattern"],
            ),
            (
                "The deal was signed, Tomas Brozek said.",
                None,
                &["Tomas Brozek P~tomas_brozek pattern"],
            ),
            // An age in commas: weak evidence, not enough at a sentence start.
            ("Ali Mohammed, 42, was arrested.", None, &[]),
            (
                "The police arrested Ali Mohammed, 42, on Monday.",
                None,
                &["Ali Mohammed P~ali_mohammed pattern"],
            ),
            // A surname after an honorific later in the article makes the
            // run it ends a person's name.
            (
                "Arash Sigarchi was arrested last month. Mr Sigarchi denied it.",
                None,
                &["Arash Sigarchi P~arash_sigarchi pattern", "Sigarchi P~arash_sigarchi title"],
            ),
            // A word before a given name is no part of the name.
            (
                "The US Attorney Paul McNulty said at the time that it was over.",
                None,
                &["Paul McNulty P~paul_mcnulty pattern"],
            ),
            // Role nouns (`role_nouns`), particles (`name_particles`).
            (
                "The team was picked by coach Bobby Robson on Monday.",
                None,
                &["Bobby Robson P~bobby_robson pattern"],
            ),
            ("Texas manager Bobby Robson spoke.", None, &["Bobby Robson P~bobby_robson pattern"]),
            (
                "Officials said Osama bin Laden was in hiding.",
                None,
                &["Osama bin Laden P~osama_bin_laden pattern"],
            ),
            // Companies (`company_words`), function words, grammar words.
            ("Shares of Johnson Controls Inc rose.", None, &[]),
            ("During Monday talks, Britain left.", None, &["Britain C:GB exact"]),
            ("Heavy Rains fell on the city.", None, &[]),
            // Cricket scorecards (`scorecard_*`).
            (
                "Pakistan 200 ( A. Sohail 60 ) .\nSalim Malik c Stewart b Hollioake 23",
                None,
                // A surname alone is no mention: its id would name no one.
                &["A. Sohail P~a_sohail pattern", "Salim Malik P~salim_malik pattern"],
            ),
            (
                "Stewart had batted well. Alec Stewart c Malik b Akram 40",
                None,
                &["Alec Stewart P~alec_stewart pattern"],
            ),
            (
                "Nasser Hussain not out 45\nMark Butcher lbw b Croft 12",
                None,
                &["Nasser Hussain P~nasser_hussain pattern", "Mark Butcher P~mark_butcher pattern"],
            ),
            // Lists of people (`list_separators`); a list of three names or
            // more after a colon or a dash needs no other evidence.
            (
                "Sri Lanka - Arjuna Ranatunga ( captain ) , Sanath Jayasuriya , Romesh Kaluwitharana .",
                None,
                &[
                    "Arjuna Ranatunga P~arjuna_ranatunga pattern",
                    "Sanath Jayasuriya P~sanath_jayasuriya pattern",
                    "Romesh Kaluwitharana P~romesh_kaluwitharana pattern",
                ],
            ),
            ("Offices in Sao Paulo, Buenos Aires and Mexico City closed.", None, &[]),
            (
                "Team : Goran Ivanisevic ( Croatia ) , Ivo Karlovic , Mario Ancic .",
                None,
                &[
                    "Goran Ivanisevic P~goran_ivanisevic pattern",
                    "Croatia C:HR exact",
                    "Ivo Karlovic P~ivo_karlovic pattern",
                    "Mario Ancic P~mario_ancic pattern",
                ],
            ),
            // A name the article shows to be an organisation's.
            (
                "The director Quentin Tarantino spoke. Tarantino's fans cheered.",
                None,
                &["Quentin Tarantino P~quentin_tarantino pattern", "Tarantino P~quentin_tarantino partial"],
            ),
            ("The director Quentin Tarantino spoke. Tarantino's shareholders cheered.", None, &[]),
            ("The director Quentin Tarantino, the film company, said it would grow.", None, &[]),
            (
                "The director Quentin Tarantino, the company's founder, said it would grow.",
                None,
                &["Quentin Tarantino P~quentin_tarantino pattern"],
            ),
            (
                "The director Quentin Tarantino, an analyst at the research firm, said it would grow.",
                None,
                &["Quentin Tarantino P~quentin_tarantino pattern"],
            ),
            (
                "The team: Goran Ivanisevic ( Croatia ) , Ivo Karlovic and Mario Ancic .",
                None,
                &[
                    "Goran Ivanisevic P~goran_ivanisevic pattern",
                    "Croatia C:HR exact",
                    "Ivo Karlovic P~ivo_karlovic pattern",
                    "Mario Ancic P~mario_ancic pattern",
                ],
            ),
        ];
        check(cases);
    }
}
