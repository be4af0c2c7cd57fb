//! Helpers of the claims tests: run texts through the whole pipeline and
//! check tables of expected claims, reporting every failing case at once.

use crate::gazetteer::Gazetteer;
use crate::tag::EntityRef;
use crate::Pipeline;

/// The pipeline of the built-in gazetteer, built once.
pub(super) fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| Pipeline::new(Gazetteer::builtin().unwrap()).unwrap())
}

/// A claim as the tests see it: every field as text.
#[derive(Debug)]
pub(super) struct Row {
    pub(super) kind: &'static str,
    pub(super) speaker: String,
    pub(super) how: &'static str,
    /// The id of the speaker's entity (`P~…` for a person found in the
    /// text), empty for none.
    pub(super) entity: String,
    pub(super) content: String,
}

/// The claims of `text` (dated `date`).
pub(super) fn claims_on(text: &str, date: &str) -> Vec<Row> {
    let p = pipeline();
    let a = p.analyze(text, Some(date));
    a.claims
        .iter()
        .map(|c| {
            let sp = c.speaker;
            Row {
                kind: c.kind.as_str(),
                speaker: sp.map_or(String::new(), |s| text[s.span].to_string()),
                how: sp.map_or("", |s| s.how.as_str()),
                entity: match sp.and_then(|s| s.entity) {
                    Some(EntityRef::Known(i)) => p.gazetteer().entities[i as usize].id.clone(),
                    Some(EntityRef::Found(i)) => a.tagged.found[i as usize].id.clone(),
                    None => String::new(),
                },
                content: text[c.span].to_string(),
            }
        })
        .collect()
}

/// The claims of `text`, dated 2020-01-01.
pub(super) fn claims(text: &str) -> Vec<Row> {
    claims_on(text, "2020-01-01")
}

/// Runs `check` on every case; panics listing each failing case with what
/// `check` said about it.
pub(super) fn each<C: std::fmt::Debug>(cases: &[C], check: impl Fn(&C) -> Result<(), String>) {
    let failed: Vec<String> =
        cases.iter().filter_map(|c| check(c).err().map(|e| format!("{c:?}\n  {e}"))).collect();
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

/// (text, kind, speaker, content): the text has a claim of this kind, by
/// this speaker (as written), with this content. `*` stands for any kind
/// or speaker.
pub(super) type Has = (&'static str, &'static str, &'static str, &'static str);

/// Checks a table of [`Has`] cases.
pub(super) fn check_has(cases: &[Has]) {
    each(cases, |&(text, kind, speaker, content)| {
        let cs = claims(text);
        let ok = cs.iter().any(|c| {
            (kind == "*" || c.kind == kind)
                && (speaker == "*" || c.speaker == speaker)
                && c.content == content
        });
        if ok {
            Ok(())
        } else {
            Err(format!("got {cs:#?}"))
        }
    });
}

/// (text, fragment): no claim of the text contains the fragment.
pub(super) fn check_none(cases: &[(&'static str, &'static str)]) {
    each(cases, |&(text, fragment)| {
        let cs = claims(text);
        match cs.iter().find(|c| c.content.contains(fragment)) {
            None => Ok(()),
            Some(c) => Err(format!("unexpected {c:?}")),
        }
    });
}

/// (text, content, speaker, entity, how): the claim with this content has
/// this speaker, resolved to this entity ([`Row::entity`]) in this way.
/// Texts are dated 2023-01-01.
pub(super) type Speaks = (&'static str, &'static str, &'static str, &'static str, &'static str);

/// Checks a table of [`Speaks`] cases.
pub(super) fn check_speaks(cases: &[Speaks]) {
    each(cases, |&(text, content, speaker, entity, how)| {
        let cs = claims_on(text, "2023-01-01");
        let Some(c) = cs.iter().find(|c| c.content == content) else {
            return Err(format!("no claim {content:?} in {cs:#?}"));
        };
        if (c.speaker.as_str(), c.entity.as_str(), c.how) == (speaker, entity, how) {
            Ok(())
        } else {
            Err(format!("got {c:?}"))
        }
    });
}
