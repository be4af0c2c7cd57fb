//! Removing claims that repeat another, and [`Cover`]: which spans a
//! claim already covers.

use super::Claim;
use crate::span::Span;

/// Removes claims that repeat another: of two overlapping claims of the
/// same kind, the one with a speaker (then the longer) stays. Claims of
/// different kinds may nest ("According to KCNA, Yoon's claims that …").
pub(super) fn dedupe(claims: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::with_capacity(claims.len());
    // Indexes into `out` of the claims that still reach the current start:
    // claims come sorted by start, so one that ends before it never
    // overlaps a later one.
    let mut active: Vec<usize> = Vec::new();
    for c in claims {
        active.retain(|&i| out[i].span.end > c.span.start);
        let same = active.iter().copied().find(|&i| {
            let p = &out[i];
            p.span.overlaps(c.span) && (p.kind == c.kind || p.span == c.span)
        });
        match same {
            Some(i) => {
                let prev = &mut out[i];
                let better =
                    (c.speaker.is_some(), c.span.len()) > (prev.speaker.is_some(), prev.span.len());
                if better {
                    *prev = c;
                }
            }
            None => {
                active.push(out.len());
                out.push(c);
            }
        }
    }
    out
}

/// Answers "does a claim contain this span?" in logarithmic time.
pub(super) struct Cover {
    /// Claim starts, sorted.
    starts: Vec<usize>,
    /// For each position in `starts`, the largest end among claims up to it.
    max_end: Vec<usize>,
}

impl Cover {
    /// The cover of these claims' spans.
    pub(super) fn new(claims: &[Claim]) -> Cover {
        let mut spans: Vec<Span> = claims.iter().map(|c| c.span).collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        Cover { starts: spans.iter().map(|s| s.start).collect(), max_end }
    }

    /// True when a claim starts at or before `span` and ends at or after it.
    pub(super) fn covers(&self, span: Span) -> bool {
        let i = self.starts.partition_point(|&s| s <= span.start);
        i > 0 && self.max_end[i - 1] >= span.end
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ClaimKind, Speaker, SpeakerHow};
    use super::*;

    fn claim(start: usize, end: usize, kind: ClaimKind, speaker: bool) -> Claim {
        Claim {
            span: Span::new(start, end),
            sentence: 0,
            kind,
            speaker: speaker.then_some(Speaker {
                span: Span::new(0, 1),
                entity: None,
                how: SpeakerHow::Unresolved,
            }),
            cue: None,
            negated: false,
        }
    }

    #[test]
    fn dedupe_keeps_the_better_of_overlapping_claims() {
        use ClaimKind::{Direct, Indirect, Nominal};
        // (claims sorted by start, the spans kept).
        type Case<'a> = (&'a [Claim], &'a [(usize, usize)]);
        let cases: &[Case] = &[
            // The one with a speaker stays, then the longer.
            (&[claim(0, 10, Indirect, false), claim(5, 12, Indirect, true)], &[(5, 12)]),
            (&[claim(0, 6, Indirect, true), claim(5, 12, Indirect, true)], &[(5, 12)]),
            (&[claim(0, 20, Indirect, true), claim(5, 12, Indirect, true)], &[(0, 20)]),
            // Different kinds may nest, unless they have the same span.
            (&[claim(0, 20, Indirect, true), claim(5, 12, Nominal, true)], &[(0, 20), (5, 12)]),
            (&[claim(0, 20, Indirect, false), claim(0, 20, Direct, true)], &[(0, 20)]),
            // Claims that do not overlap all stay.
            (&[claim(0, 5, Direct, true), claim(5, 9, Direct, true)], &[(0, 5), (5, 9)]),
        ];
        for (claims, want) in cases {
            let got: Vec<(usize, usize)> =
                dedupe(claims.to_vec()).iter().map(|c| (c.span.start, c.span.end)).collect();
            assert_eq!(got, *want, "{claims:?}");
        }
    }

    #[test]
    fn cover_answers_containment() {
        let cover = Cover::new(&[
            claim(10, 20, ClaimKind::Direct, true),
            claim(0, 5, ClaimKind::Direct, true),
        ]);
        for (start, end, want) in [
            (0, 5, true),
            (1, 4, true),
            (4, 6, false),
            (12, 20, true),
            (12, 21, false),
            (30, 31, false),
        ] {
            assert_eq!(cover.covers(Span::new(start, end)), want, "{start}..{end}");
        }
    }
}
