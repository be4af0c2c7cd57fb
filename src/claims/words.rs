//! The word lists the claims rules compare tokens with.

use std::sync::LazyLock;

use crate::fxhash::WordSet;

/// Verbs whose object can be a bare clause ("He said the plan would fail").
pub(super) const ZERO_THAT: &[&str] = &[
    "say",
    "tell",
    "claim",
    "insist",
    "argue",
    "add",
    "note",
    "warn",
    "believe",
    "think",
    "suggest",
    "predict",
    "estimate",
    "acknowledge",
    "admit",
    "explain",
    "write",
    "state",
    "assert",
    "maintain",
    "contend",
    "agree",
    "reckon",
    "hope",
    "fear",
    "expect",
    "declare",
    "announce",
    "concede",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "recall",
    "report",
    "confirm",
    "point out",
    "tweet",
    "post",
    "testify",
    "complain",
    "allege",
    "feel",
    "suspect",
    "worry",
    "predict",
    "caution",
    "conclude",
    "observe",
    "remark",
    "reply",
    "respond",
    "answer",
    "retort",
    "counter",
    "boast",
    "assure",
];

/// Cues whose object noun phrase is the claim ("criticized the deal",
/// "called for an inquiry", "denied the charges").
pub(super) const NP_OBJECT: &[&str] = &[
    "criticize",
    "criticise",
    "cite",
    "accuse",
    "urge",
    "blame",
    "condemn",
    "denounce",
    "praise",
    "question",
    "reject",
    "demand",
    "challenge",
    "slam",
    "blast",
    "hail",
    "applaud",
    "decry",
    "mention",
    "highlight",
    "warn",
    "called for",
    "called on",
    "drew attention to",
];

/// Words that cannot start a noun-phrase object of a cue.
pub(super) const NOT_OBJECT_START: &[&str] = &[
    "to",
    "for",
    "by",
    "in",
    "on",
    "at",
    "as",
    "and",
    "but",
    "or",
    "when",
    "while",
    "after",
    "before",
    "if",
    "that",
    "it",
    "him",
    "her",
    "them",
    "himself",
    "herself",
    "themselves",
    "itself",
    "me",
    "us",
    "you",
    "this",
    "against",
    "from",
    "with",
    "during",
    "over",
];

/// Words that cannot start a bare reported clause.
pub(super) const NOT_CLAUSE_START: &[&str] = &[
    "to",
    "for",
    "of",
    "by",
    "about",
    "with",
    "in",
    "on",
    "at",
    "from",
    "as",
    "into",
    "after",
    "before",
    "during",
    "since",
    "until",
    "while",
    "when",
    "if",
    "whether",
    "so",
    "and",
    "or",
    "but",
    "nothing",
    "anything",
    "something",
    "goodbye",
    "hello",
    "yes",
    "no",
    "thanks",
    "sorry",
    "more",
    "less",
    "much",
    "little",
    "so",
    "too",
    "very",
    "again",
    "otherwise",
];

/// Adverbs and auxiliaries between a subject and its cue verb.
pub(super) const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "also",
    "later",
    "previously",
    "repeatedly",
    "once",
    "then",
    "again",
    "recently",
    "publicly",
    "privately",
    "earlier",
    "further",
    "already",
    "not",
    "never",
    "often",
    "frequently",
    "reportedly",
    "allegedly",
    "openly",
    "separately",
    "similarly",
    "likewise",
    "still",
    "even",
    "himself",
    "herself",
    "itself",
    "themselves",
    "had",
    "did",
    "does",
    "do",
    "been",
    "be",
    "being",
    "strongly",
    "firmly",
    "consistently",
    "long",
    "first",
];

/// Words that start a sentence or clause without being its subject.
pub(super) const LEADERS: &[&str] = &[
    "but",
    "and",
    "yet",
    "so",
    "however",
    "meanwhile",
    "still",
    "instead",
    "moreover",
    "also",
    "then",
    "now",
    "indeed",
    "or",
    "while",
    "although",
    "though",
    "because",
    "as",
    "since",
    "when",
    "after",
    "before",
    "if",
    "a",
    "q",
    "-",
    "–",
    "—",
];

/// Heads of speaker phrases that stand for the country or agency named
/// before them ("Russia's foreign ministry", "the Chinese embassy").
pub(super) const ORG_HEADS: &[&str] = &[
    "ministry",
    "embassy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "office",
    "mission",
    "delegation",
    "government",
    "military",
    "army",
    "navy",
    "command",
    "statement",
    "media",
    "envoy",
    "ambassador",
    "diplomat",
    "diplomats",
    "official",
    "officials",
    "authorities",
    "department",
    "administration",
    "cabinet",
    "parliament",
    "legislature",
    "agency",
];

/// Role nouns that describe a person named earlier ("the official said").
pub(super) const PERSON_ROLES: &[&str] = &[
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "leader",
    "chancellor",
    "premier",
    "envoy",
    "ambassador",
    "diplomat",
    "secretary",
    "governor",
    "mayor",
    "senator",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "commander",
    "general",
    "king",
    "queen",
    "monarch",
    "pope",
    "candidate",
    "lawmaker",
    "spokesperson",
    "prosecutor",
    "judge",
];

pub(super) const PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "you", "who"];

pub(super) static FINITE: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FINITE_VERBS));

pub(super) static AUX_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(AUX));

pub(super) static NOT_CLAUSE_START_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NOT_CLAUSE_START));

pub(super) static LEADERS_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(LEADERS));

/// Past and present forms that make a word look like a finite verb: enough to
/// tell a clause from a noun phrase without a parser.
pub(super) fn is_finite_verb_like(w: &str) -> bool {
    let norm;
    let w = if !w.is_ascii() && w.contains('\u{2019}') {
        norm = w.replace('\u{2019}', "'");
        norm.as_str()
    } else {
        w
    };
    if w.ends_with("n't") || w.ends_with("'ll") || w.ends_with("'re") || w.ends_with("'ve") {
        return true;
    }
    (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed")) || FINITE.contains(w)
}

/// Forms [`is_finite_verb_like`] knows besides `-ed` and contractions.
pub(super) const FINITE_VERBS: &[&str] = &[
    "says",
    "say",
    "show",
    "include",
    "includes",
    "expects",
    "expect",
    "sees",
    "see",
    "feel",
    "feels",
    "found",
    "find",
    "finds",
    "paid",
    "pays",
    "led",
    "left",
    "kept",
    "lost",
    "won",
    "saw",
    "told",
    "said",
    "began",
    "met",
    "sent",
    "spent",
    "built",
    "held",
    "brought",
    "bought",
    "felt",
    "heard",
    "meant",
    "stood",
    "wrote",
    "knew",
    "grew",
    "thinks",
    "hopes",
    "works",
    "means",
    "helps",
    "exists",
    "continues",
    "lives",
    "looks",
    "tends",
    "began,",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "has",
    "have",
    "had",
    "does",
    "do",
    "did",
    "shall",
    "won't",
    "can't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "doesn't",
    "don't",
    "didn't",
    "hasn't",
    "haven't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "needs",
    "wants",
    "plans",
    "remains",
    "remain",
    "remained",
    "seems",
    "seemed",
    "appears",
    "appeared",
    "became",
    "becomes",
    "made",
    "makes",
    "went",
    "goes",
    "came",
    "comes",
    "took",
    "takes",
    "got",
    "gets",
    "gave",
    "gives",
    "knew",
    "knows",
    "thought",
    "think",
    "believe",
    "believes",
    "want",
    "need",
    "lacks",
    "lacked",
    "showed",
    "shows",
];

/// Day names and time words that follow a cue without starting a clause.
pub(super) fn is_weekday_or_time(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "earlier"
            | "later"
            | "last"
            | "recently"
    )
}

/// Reporting verbs used around direct quotes.
pub(super) fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "asked"
            | "asks"
            | "wrote"
            | "writes"
            | "explained"
            | "explains"
            | "noted"
            | "notes"
            | "stated"
            | "states"
            | "declared"
            | "declares"
            | "warned"
            | "warns"
            | "insisted"
            | "insists"
            | "argued"
            | "argues"
            | "replied"
            | "replies"
            | "responded"
            | "responds"
            | "recalled"
            | "recalls"
            | "continued"
            | "continues"
            | "tweeted"
            | "tweets"
            | "posted"
            | "claimed"
            | "claims"
            | "admitted"
            | "admits"
            | "acknowledged"
            | "acknowledges"
            | "conceded"
            | "concedes"
            | "stressed"
            | "stresses"
            | "emphasized"
            | "emphasised"
            | "emphasizes"
            | "emphasises"
            | "announced"
            | "announces"
            | "joked"
            | "jokes"
            | "laughed"
            | "remarked"
            | "remarks"
            | "observed"
            | "observes"
            | "suggested"
            | "suggests"
            | "shouted"
            | "shouts"
            | "yelled"
            | "whispered"
            | "cautioned"
            | "urged"
            | "urges"
            | "pleaded"
            | "vowed"
            | "vows"
            | "promised"
            | "promises"
            | "predicted"
            | "predicts"
            | "complained"
            | "complains"
            | "testified"
            | "testifies"
            | "confirmed"
            | "confirms"
            | "reiterated"
            | "reiterates"
            | "recounted"
            | "recounts"
            | "answered"
            | "answers"
            | "countered"
            | "counters"
            | "retorted"
            | "quipped"
            | "quips"
            | "boasted"
            | "boasts"
            | "exclaimed"
            | "concluded"
            | "concludes"
            | "agreed"
            | "agrees"
            | "maintained"
            | "maintains"
            | "contended"
            | "contends"
            | "charged"
            | "charges"
            | "said,"
            | "responded,"
            | "reported"
            | "reports"
            | "describes"
            | "described"
            | "texted"
            | "emailed"
            | "wondered"
            | "wonders"
            | "mused"
            | "sighed"
            | "recalling"
            | "saying"
            | "adding"
            | "telling"
            | "writing"
            | "noting"
            | "explaining"
            | "asking"
            | "arguing"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Context::lo` stands for `eq_ignore_ascii_case` against these lists
    /// only while their entries are in lower case.
    #[test]
    fn word_lists_are_lower_case() {
        for list in [AUX, NOT_OBJECT_START, PRONOUNS, LEADERS] {
            for w in list {
                assert_eq!(*w, w.to_ascii_lowercase(), "{w:?}");
            }
        }
    }

    /// The claims' word sets answer as `list.contains` does.
    #[test]
    fn lex_agrees_with_lists() {
        for list in [FINITE_VERBS, AUX, NOT_CLAUSE_START, LEADERS] {
            let lex = WordSet::new(list);
            for w in list {
                assert!(lex.contains(w), "{w:?}");
            }
            for w in ["", "x", "the", "said", "Said", "being,", "don’t", "q", "—", "hasn't", "ed"]
            {
                assert_eq!(lex.contains(w), list.contains(&w), "{w:?}");
            }
        }
        assert!(is_finite_verb_like("don’t") && is_finite_verb_like("remained"));
        assert!(!is_finite_verb_like("need ") && !is_finite_verb_like("feed"));
    }
}
