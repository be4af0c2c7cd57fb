//! Polarity: does a claim's source reject its content instead of asserting
//! it (the `negated` column)?
//!
//! Decided from the cue and the words around it, once the claims are
//! final, by counting what turns the content over:
//!
//! - a cue of rejection (`rejection_cues`: "denied that …", "rejected
//!   claims that …", "dismissed suggestions that …", "X's denial that …");
//! - a negation of the cue (`negation_words`: "did not say", "does not
//!   think", "never said", "didn't believe", "has not claimed", "no longer
//!   believes") in its auxiliary chain: the words right before the cue that
//!   are all auxiliaries, adverbs of the chain (`aux_words`, `modals`) or
//!   negations. A negation outside that chain belongs to another verb ("said
//!   not only that …", "the minister, not the party, said");
//! - the same, for a verb of the cue lexicon between the cue and the
//!   content ("said he did not believe that …", "told reporters he had
//!   rejected claims that …"): the claim of the outer cue carries the inner
//!   verb's frame.
//!
//! An odd count is `negated`: "did not deny that …" asserts the content
//! again. Only content that follows its cue can be rejected by it: content
//! before a cue is the source's own statement, asserted as said, whatever
//! the cue ("“That is untrue,” he denied." asserts "That is untrue";
//! "There was no cover-up, he denied."), and so is an "according to" claim.
//! A quote after its cue is the speaker's words too: only a negation of
//! the cue turns it over ("He never said: “…”"), a cue of rejection does
//! not ("He denied it: “…”" quotes the denial). Negated subjects ("Nobody
//! said that …") and negated predicates ("said it was not true that …")
//! are not counted.
//!
//! A negative contraction right before the cue ("X didn't say that …")
//! ends the speaker rule's subject, so that such a claim is not found at
//! all (never found with the wrong polarity); the contractions count where
//! a claim is found around them ("said he didn't believe that …"). Making
//! them auxiliaries found more non-claims ("We can't predict the future,
//! but …") than claims on the dev sets.
//!
//! The lists are data (`gazetteers/lexicon/`); the forms of the rejection
//! cues come from the cue lexicon (`gazetteers/cues/`).

use super::context::Context;
use super::{Claim, ClaimKind};
use crate::fxhash::WordSet;
use crate::gazetteer::{CueKind, Gazetteer};
use crate::tokenize::Token;

/// The word lists of the polarity rules, as sets.
#[derive(Debug)]
pub(super) struct Polarity {
    /// Every one-word form of a cue whose lemma is in `rejection_cues`
    /// ("denied", "rejects", "denial").
    rejecting: WordSet,
    /// Every one-word form of a verb cue (speech or belief).
    verbs: WordSet,
    /// `negation_words`.
    negations: WordSet,
    /// The words of an auxiliary chain: `aux_words`, `modals` and
    /// `negation_words`.
    chain: WordSet,
}

impl Polarity {
    /// The sets of a gazetteer's cue lexicon and word lists.
    pub(super) fn new(gaz: &Gazetteer) -> Polarity {
        let lex = &gaz.lexicon;
        let rejection = lex.set("rejection_cues");
        let one_word = |form: &str| !form.contains(' ');
        let rejecting: Vec<&str> = gaz
            .cues
            .iter()
            .filter(|c| rejection.contains(&c.lemma) && one_word(&c.form))
            .map(|c| c.form.as_str())
            .collect();
        let verbs: Vec<&str> = gaz
            .cues
            .iter()
            .filter(|c| matches!(c.kind, CueKind::Speech | CueKind::Belief) && one_word(&c.form))
            .map(|c| c.form.as_str())
            .collect();
        Polarity {
            rejecting: WordSet::new(&rejecting),
            verbs: WordSet::new(&verbs),
            negations: lex.set("negation_words"),
            chain: lex.union(&["aux_words", "modals", "negation_words"]),
        }
    }

    /// Does the source of `c` reject its content?
    pub(super) fn negated(&self, cx: &Context, c: &Claim) -> bool {
        let Some(cue) = c.cue else { return false };
        // Content before or around its cue is the source's own statement.
        if c.kind == ClaimKind::AccordingTo || c.span.start < cue.end {
            return false;
        }
        let si = cx.doc.sentence_at(cue.start);
        let toks = cx.toks(si);
        let (ca, cb) = Context::tok_range(toks, cue);
        if ca >= cb {
            return false;
        }
        let mut turns = self.negations_before(cx, toks, 0, ca);
        // A quote is the speaker's words: after a negated cue ("never
        // said: “…”") words not said, after a cue of rejection the
        // rejection's own words.
        if c.kind == ClaimKind::Direct {
            return turns % 2 == 1;
        }
        turns += toks[ca..cb].iter().filter(|t| self.rejecting.contains(&cx.lw(t))).count();
        // Between the cue and its content: "said he did not believe that …".
        if cx.doc.sentence_at(c.span.start) == si {
            let end = toks.partition_point(|t| t.span.start < c.span.start);
            for k in cb..end {
                let w = cx.lw(&toks[k]);
                let rejects = self.rejecting.contains(&w);
                if rejects || self.verbs.contains(&w) {
                    turns += usize::from(rejects) + self.negations_before(cx, toks, cb, k);
                }
            }
        }
        turns % 2 == 1
    }

    /// The negations in the auxiliary chain that ends before token `k`
    /// and starts at or after token `lo`.
    fn negations_before(&self, cx: &Context, toks: &[Token], lo: usize, k: usize) -> usize {
        let mut n = 0;
        let mut j = k;
        while j > lo {
            let w = cx.lw(&toks[j - 1]);
            if !self.chain.contains(&w) {
                break;
            }
            n += usize::from(self.negations.contains(&w));
            j -= 1;
        }
        n
    }
}

/// The `negated` flag of every claim, in place.
pub(super) fn mark(polarity: &Polarity, cx: &Context, claims: &mut [Claim]) {
    for c in claims {
        c.negated = polarity.negated(cx, c);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{each, pipeline};
    use super::*;
    use crate::lexicon::{Lexicon, ListKind};

    /// (text, cue, negated): the claim of the text whose cue is `cue` (as
    /// written) exists and has this `negated`.
    type Case = (&'static str, &'static str, bool);

    fn check(cases: &[Case]) {
        each(cases, |&(text, cue, want)| {
            let a = pipeline().analyze(text, Some("2020-01-01"));
            let got: Vec<(&str, &str, bool)> = a
                .claims
                .iter()
                .map(|c| (c.cue.map_or("", |s| &text[s]), &text[c.span], c.negated))
                .collect();
            match got.iter().find(|g| g.0 == cue) {
                Some(g) if g.2 == want => Ok(()),
                Some(_) => Err(format!("negated is {}: {got:?}", !want)),
                None => Err(format!("no claim with the cue {cue:?}: {got:?}")),
            }
        });
    }

    /// The table of the issue: what the source does with the content.
    #[test]
    fn issue_12_asserted_rejected_and_doubly_negated() {
        check(&[
            ("The minister said that the new tax would raise billions.", "said", false),
            ("The minister claimed that the new tax would raise billions.", "claimed", false),
            ("The minister believes that the new tax would raise billions.", "believes", false),
            ("The minister denied that the new tax would raise billions.", "denied", true),
            ("The minister has denied that the new tax would raise billions.", "denied", true),
            (
                "The minister rejected claims that the new tax would raise billions.",
                "rejected",
                true,
            ),
            (
                "The government has rejected suggestions that the new tax would raise billions.",
                "rejected",
                true,
            ),
            (
                "The minister dismissed suggestions that the new tax would raise billions.",
                "dismissed",
                true,
            ),
            (
                "Downing Street dismissed claims that an election was planned as idle speculation.",
                "dismissed",
                true,
            ),
            (
                "The minister refuted the claim that the new tax would raise billions.",
                "refuted",
                true,
            ),
            (
                "The minister disputed claims that the new tax would raise billions.",
                "disputed",
                true,
            ),
            (
                "The minister did not believe that the new tax would raise billions.",
                "believe",
                true,
            ),
            ("The minister does not think that the new tax would raise billions.", "think", true),
            ("The minister never said that the new tax would raise billions.", "said", true),
            (
                "The minister has not claimed that the new tax would raise billions.",
                "claimed",
                true,
            ),
            (
                "The minister could not confirm that the new tax would raise billions.",
                "confirm",
                true,
            ),
            // Adverbs in the chain (`aux_words`).
            (
                "The minister no longer believes that the new tax would raise billions.",
                "believes",
                true,
            ),
            (
                "The minister did not immediately confirm that the tax would raise billions.",
                "confirm",
                true,
            ),
            // Two turns: the content is asserted again.
            ("The minister did not deny that the new tax would raise billions.", "deny", false),
            ("The minister does not doubt that the new tax would raise billions.", "doubt", false),
            (
                "The minister never disputed that the new tax would raise billions.",
                "disputed",
                false,
            ),
        ]);
    }

    /// The chain before a negated cue is no part of its speaker
    /// (`aux_words`): "no longer believes", "did not immediately say".
    #[test]
    fn negated_cues_keep_their_subject() {
        let content = "the new tax would raise billions";
        super::super::testing::check_has(&[
            (
                "The minister no longer believes that the new tax would raise billions.",
                "*",
                "The minister",
                content,
            ),
            (
                "The minister did not immediately say that the new tax would raise billions.",
                "*",
                "The minister",
                content,
            ),
        ]);
    }

    /// "a negated frame dropped, so the row says the opposite". See: #12
    #[test]
    fn issue_12_a_negated_frame_is_kept() {
        check(&[(
            "Mr Adams did not believe anyone at the club had tried to place the bets.",
            "believe",
            true,
        )]);
    }

    /// A verb between the cue and the content carries its frame to the
    /// claim of the cue; a negation outside the auxiliary chain of the cue
    /// belongs to another verb.
    #[test]
    fn negations_in_reach_of_the_cue_only() {
        check(&[
            (
                "The minister said he did not believe that the new tax would raise billions.",
                "said",
                true,
            ),
            (
                "The minister said he didn't believe that the new tax would raise billions.",
                "said",
                true,
            ),
            (
                "The minister said she hasn’t ever thought that the new tax would raise billions.",
                "said",
                true,
            ),
            (
                "The minister told reporters he had rejected claims that the tax would raise billions.",
                "told reporters",
                true,
            ),
            (
                "The minister said on Monday that the new tax would raise billions.",
                "said",
                false,
            ),
            // The negation is the content's own.
            ("The minister said that the new tax would not raise billions.", "said", false),
            ("The minister said the tax would not raise billions.", "said", false),
            // Not the cue's negation.
            (
                "The minister said not only that the tax would raise billions but that it was fair.",
                "said",
                false,
            ),
            // Negative stance without rejection: the content is asserted.
            ("The minister feared that the new tax would raise nothing.", "feared", false),
            (
                "The minister complained that the new tax would hurt farmers badly.",
                "complained",
                false,
            ),
        ]);
    }

    /// Nominal claims: the rejection is the noun's ("X's denial that …"), not
    /// the sentence's verb ("X's claim … was rejected").
    #[test]
    fn nominal_claims() {
        check(&[
            (
                "The minister's denial that the tax would raise billions was greeted with scorn.",
                "denial that",
                true,
            ),
            (
                "Smith’s claim that the vote was rigged was rejected by the court.",
                "claim that",
                false,
            ),
        ]);
    }

    /// Content said in the source's own terms is asserted, whatever the
    /// cue; a quote after a negated cue was not said.
    #[test]
    fn quotes_and_clause_final_cues_are_asserted() {
        check(&[
            ("“The tax will raise nothing at all,” he said.", "said", false),
            ("The minister said: “We will raise taxes on every farmer.”", "said", false),
            // The quote is words the minister did not say.
            ("The minister never said: “We will raise taxes on every farmer.”", "said", true),
            ("The new tax would not raise billions, the minister said.", "said", false),
            ("There had been no cover-up of any kind, the minister denied.", "denied", false),
            ("The river has risen by two metres, according to the report.", "according to", false),
        ]);
    }

    #[test]
    fn lists_have_the_kind_of_their_comparison() {
        let lex = Lexicon::builtin();
        for (name, kind) in [
            ("negation_words", ListKind::TokenLower),
            ("rejection_cues", ListKind::Phrase),
            ("aux_words", ListKind::TokenLower),
            ("modals", ListKind::TokenLower),
        ] {
            assert_eq!(lex.list(name).kind, kind, "{name}");
        }
    }

    /// Every rejection cue is the lemma of a cue, and every verb among them
    /// has a negative stance in `cues/verbs.tsv`: the list picks, among
    /// the verbs of negative stance, those that reject their content.
    #[test]
    fn rejection_cues_are_negative_cues_of_the_lexicon() {
        let gaz = crate::gazetteer::Gazetteer::builtin().unwrap();
        let (_, verbs) = crate::gazetteer::builtin_files()
            .iter()
            .find(|(p, _)| *p == "cues/verbs.tsv")
            .expect("cues/verbs.tsv is built in");
        let stance = |lemma: &str| {
            verbs.lines().find_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() == 4 && f[0] == lemma).then(|| f[3].to_string())
            })
        };
        for lemma in Lexicon::builtin().words("rejection_cues") {
            let kinds: Vec<CueKind> =
                gaz.cues.iter().filter(|c| c.lemma == *lemma).map(|c| c.kind).collect();
            assert!(!kinds.is_empty(), "{lemma:?} is no cue lemma");
            if kinds.contains(&CueKind::Speech) || kinds.contains(&CueKind::Belief) {
                assert_eq!(stance(lemma).as_deref(), Some("negative"), "{lemma:?}");
            }
        }
    }
}
