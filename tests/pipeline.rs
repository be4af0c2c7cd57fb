//! Library-level golden checks on sentences written for these tests: name
//! spans, how each mention was linked, and claim speakers.

mod common;

use std::sync::OnceLock;

use claimex::gazetteer::Gazetteer;
use claimex::{Analysis, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Gazetteer::builtin().unwrap()).unwrap())
}

/// A mention as (text, entity id, how).
type M<'a> = (&'a str, String, &'static str);

fn mentions<'a>(text: &'a str, a: &Analysis) -> Vec<M<'a>> {
    let gaz = pipeline().gazetteer();
    a.tagged
        .mentions
        .iter()
        .map(|m| {
            let id = match m.entity {
                claimex::tag::EntityRef::Known(i) => gaz.entities[i as usize].id.clone(),
                claimex::tag::EntityRef::Found(i) => a.tagged.found[i as usize].id.clone(),
            };
            (&text[m.span], id, m.how.as_str())
        })
        .collect()
}

fn analyze<'a>(text: &'a str, date: Option<&str>) -> (Analysis<'a>, Vec<M<'a>>) {
    let a = pipeline().analyze(text, date);
    let m = mentions(text, &a);
    (a, m)
}

/// A claim as (speaker text, speaker entity id, kind, content).
fn claims<'a>(text: &'a str, a: &Analysis) -> Vec<(&'a str, String, &'static str, &'a str)> {
    let gaz = pipeline().gazetteer();
    a.claims
        .iter()
        .map(|c| {
            let (st, sid) = match &c.speaker {
                Some(sp) => {
                    let id = match sp.entity {
                        Some(claimex::tag::EntityRef::Known(i)) => {
                            gaz.entities[i as usize].id.clone()
                        }
                        Some(claimex::tag::EntityRef::Found(i)) => {
                            a.tagged.found[i as usize].id.clone()
                        }
                        None => String::new(),
                    };
                    (&text[sp.span], id)
                }
                None => ("", String::new()),
            };
            (st, sid, c.kind.as_str(), &text[c.span])
        })
        .collect()
}

fn find<'a, 'b>(ms: &'b [M<'a>], text: &str) -> Option<&'b M<'a>> {
    ms.iter().find(|m| m.0 == text)
}

#[test]
fn possessive_is_not_part_of_a_partial_name() {
    let text = "President Yoon Suk Yeol spoke in Seoul on Monday. \
                Yoon’s aides said little. Later, Yoon's office said more.";
    let (_, ms) = analyze(text, Some("2023-11-11"));
    let yoons: Vec<&M> = ms.iter().filter(|m| m.0.starts_with("Yoon")).collect();
    eqnice!(
        vec![
            &("Yoon Suk Yeol", "P:KR:yoon_suk_yeol".to_string(), "exact"),
            &("Yoon", "P:KR:yoon_suk_yeol".to_string(), "partial"),
            &("Yoon", "P:KR:yoon_suk_yeol".to_string(), "partial"),
        ],
        yoons
    );
}

#[test]
fn title_links_a_surname_by_date() {
    let text = "President Yoon met the cabinet on Thursday.";
    let (_, ms) = analyze(text, Some("2023-06-01"));
    eqnice!(
        Some(&("Yoon", "P:KR:yoon_suk_yeol".to_string(), "title")),
        find(&ms, "Yoon"),
        "mentions: {ms:?}"
    );
}

#[test]
fn title_takes_the_date_from_the_text_when_none_is_given() {
    let text = "date 2023-06-01 President Yoon met the cabinet on Thursday.";
    let (_, ms) = analyze(text, None);
    eqnice!(
        Some(&("Yoon", "P:KR:yoon_suk_yeol".to_string(), "title")),
        find(&ms, "Yoon"),
        "mentions: {ms:?}"
    );
}

#[test]
fn bare_surname_shared_by_two_named_people_is_left_unresolved() {
    let text = "Kim Jong Un met his sister Kim Yo Jong in Pyongyang on Friday. \
                Kim later left for the coast.";
    let (_, ms) = analyze(text, Some("2023-11-11"));
    let first_two: Vec<&str> = ms.iter().filter(|m| m.0.starts_with("Kim ")).map(|m| m.0).collect();
    eqnice!(vec!["Kim Jong Un", "Kim Yo Jong"], first_two, "mentions: {ms:?}");
    let bare = text.rfind("Kim later").unwrap();
    let a = pipeline().analyze(text, Some("2023-11-11"));
    assert!(
        !a.tagged.mentions.iter().any(|m| m.span.start == bare),
        "the bare \"Kim\" was linked: {ms:?}"
    );
}

#[test]
fn demonym_before_a_noun_is_the_country() {
    let text = "North Korean officials met their counterparts on Tuesday.";
    let (_, ms) = analyze(text, Some("2023-11-11"));
    eqnice!(vec![("North Korean", "C:KP".to_string(), "demonym")], ms);
}

#[test]
fn capital_as_subject_is_a_metonym_and_speaker() {
    let text = "Pyongyang maintains that the missile test was routine.";
    let (a, ms) = analyze(text, Some("2023-11-11"));
    eqnice!(vec![("Pyongyang", "C:KP".to_string(), "metonym")], ms);
    let cs = claims(text, &a);
    eqnice!(
        vec![("Pyongyang", "C:KP".to_string(), "indirect", "the missile test was routine")],
        cs
    );
}

#[test]
fn capital_as_a_place_is_not_a_mention() {
    let text = "The delegation arrived in Pyongyang on Sunday.";
    let (_, ms) = analyze(text, Some("2023-11-11"));
    assert!(find(&ms, "Pyongyang").is_none(), "mentions: {ms:?}");
}

#[test]
fn according_to_an_agency() {
    let text = "According to Reuters, the shipment left the port on Monday.";
    let (a, _) = analyze(text, Some("2023-11-11"));
    let cs = claims(text, &a);
    eqnice!(
        vec![(
            "Reuters",
            "A:REUTERS".to_string(),
            "according_to",
            "the shipment left the port on Monday"
        )],
        cs
    );
}

#[test]
fn according_to_lower_case_after_a_clause() {
    let text = "The shipment left the port on Monday, according to Reuters.";
    let (a, _) = analyze(text, Some("2023-11-11"));
    let cs = claims(text, &a);
    eqnice!(
        vec![(
            "Reuters",
            "A:REUTERS".to_string(),
            "according_to",
            "The shipment left the port on Monday"
        )],
        cs
    );
}

#[test]
fn direct_quote_content_excludes_the_marks() {
    let text = "“We will not back down,” Vladimir Putin said on Tuesday.";
    let (a, _) = analyze(text, Some("2023-11-11"));
    let cs = claims(text, &a);
    eqnice!(
        vec![(
            "Vladimir Putin",
            "P:RU:vladimir_putin".to_string(),
            "direct",
            "We will not back down"
        )],
        cs
    );
}

#[test]
fn questions_of_a_faq_block_are_never_claims() {
    let text = "Russia and North Korea met on Monday.\n\n\
                Frequently Asked Questions:\n\n\
                Q: Did Russia say that the talks went well?\n\n\
                A: Russia said that the talks went well.\n";
    let (a, _) = analyze(text, Some("2023-11-11"));
    let q = text.find("Q:").unwrap();
    let a_line = text.find("A:").unwrap();
    for c in &a.claims {
        assert!(
            !(q..a_line).contains(&c.span.start),
            "a claim inside the question: {:?}",
            &text[c.span]
        );
    }
    let cs = claims(text, &a);
    eqnice!(vec![("Russia", "C:RU".to_string(), "indirect", "the talks went well")], cs);
}

#[test]
fn appositive_speaker_before_a_colon_quote() {
    let text = "Mr. Putin’s spokesman, Dmitry Peskov, told reporters: “No agreements were signed.”";
    let (a, _) = analyze(text, Some("2023-09-14"));
    let cs = claims(text, &a);
    eqnice!(1, cs.len(), "claims: {cs:?}");
    eqnice!(
        ("Dmitry Peskov", "P:RU:dmitry_peskov".to_string(), "direct"),
        (cs[0].0, cs[0].1.clone(), cs[0].2)
    );
}

#[test]
fn a_cue_verb_used_as_a_noun_is_not_a_cue() {
    let text = "Vietnamese state media reported the summit ended early.";
    let (a, _) = analyze(text, Some("2019-02-28"));
    let cues: Vec<&str> = a.claims.iter().filter_map(|c| c.cue).map(|s| &text[s]).collect();
    assert!(!cues.iter().any(|c| c.eq_ignore_ascii_case("state")), "cues: {cues:?}");
    let cs = claims(text, &a);
    assert!(cs.iter().any(|c| c.3 == "the summit ended early"), "claims: {cs:?}");
}

#[test]
fn an_agency_name_containing_a_cue_word_is_the_speaker() {
    let text = "The U.S. State Department warned that any arms deal would be illegal.";
    let (a, ms) = analyze(text, Some("2023-09-14"));
    eqnice!(
        Some(&("U.S. State Department", "A:STATE_DEPT".to_string(), "alias")),
        find(&ms, "U.S. State Department")
    );
    let cs = claims(text, &a);
    eqnice!(1, cs.len(), "claims: {cs:?}");
    eqnice!("A:STATE_DEPT", cs[0].1, "claims: {cs:?}");
    assert!(cs[0].0.ends_with("U.S. State Department"), "speaker: {:?}", cs[0].0);
}
