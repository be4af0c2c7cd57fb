//! The small gazetteer the tag tests run on, and the runner of their
//! tables: a case is a text, the article's date and every mention wanted.

use std::path::PathBuf;
use std::sync::LazyLock;

use super::{EntityRef, Tagger};
use crate::gazetteer::{Date, Gazetteer};
use crate::tokenize::tokenize;

const COUNTRIES: &str = "id\tcanonical\taliases\tabbrevs\tdemonyms\tcapitals\tformer
C:NE\tNiger\t\t\tNigerien|Nigeriens\tNiamey\t
C:NG\tNigeria\t\t\tNigerian|Nigerians\tAbuja\t
C:IN\tIndia\t\t\tIndian|Indians\tNew Delhi\t
C:TR\tTurkey\tTürkiye\t\tTurkish|Turks\tAnkara\t
C:US\tUnited States\tUnited States of America\tUS|U.S.\tAmerican|Americans\tWashington\t
C:KP\tNorth Korea\t\tDPRK\tNorth Korean|North Koreans\tPyongyang\t
C:KR\tSouth Korea\tKorea\tROK\tSouth Korean|South Koreans\tSeoul\t
C:JO\tJordan\t\t\tJordanian|Jordanians\tAmman\t
C:GE\tGeorgia\t\t\tGeorgian|Georgians\tTbilisi\t
C:GB\tBritain\tUnited Kingdom\tUK|U.K.\tBritish|Briton|Britons\tLondon\t
C:HR\tCroatia\t\t\tCroatian|Croatians\tZagreb\t
C:FR\tFrance\t\t\tFrench\tParis\t
C:NZ\tNew Zealand\t\t\tNew Zealander\tWellington\t
C:RU\tRussia\t\t\tRussian|Russians\tMoscow\t
C:AU\tAustralia\t\t\tAustralian|Australians\tCanberra\t
";
const NATIONS: &str = "id\tcanonical\tdemonyms\tparent
C:GB-SCT\tScotland\tScottish|Scots\tC:GB
C:GB-WLS\tWales\tWelsh\tC:GB
";
const AGENCIES: &str = "id\tcanonical\taliases\tabbrevs\tsubtype\tcountry\tparent
A:WHO\tWorld Health Organization\t\tWHO\tun_agency\t\t
A:REUTERS\tReuters\t\t\tnews_agency\t\t
A:UK_LABOUR\tLabour Party\tLabour\t\tparty\tGB\t
A:NZ_LABOUR\tNew Zealand Labour Party\tLabour\t\tparty\tNZ\t
";
const PEOPLE: &str = "id\tcanonical\taliases\tsurname\tcountry\ttitles\tvalid_from\tvalid_to
P:KR:yoon_suk_yeol\tYoon Suk Yeol\t\tYoon\tKR\tPresident\t2022-05-10\t
P:KR:moon_jae_in\tMoon Jae-in\t\tMoon\tKR\tPresident\t2017-05-10\t2022-05-09
P:US:john_smith\tJohn Smith\t\tSmith\tUS\tSenator\t2001\t
P:US:jane_smith\tJane Smith\t\tSmith\tUS\tSenator\t2005\t
";
const PEOPLE_MORE: &str =
    "id\tcanonical\tsurname\tcountry\ttitles\tvalid_from\tvalid_to\tneeds_context
P:US:john_terry\tJohn Terry\tTerry\tUS\t\t\t\tlegislator
P:RU:vladimir_putin\tVladimir Putin\tPutin\tRU\tPresident\t2000-05-07\t\t
P:GB:michael_howard\tMichael Howard\tHoward\tGB\t\t\t\t
P:AU:john_howard\tJohn Howard\tHoward\tAU\tPrime Minister\t1996-03-11\t2007-12-03\t
P:IO:john_mcmanus\tJohn McManus\tMcManus\tIO\tAdministrator\t2011-04\t2021-03-01\t
P:GB:elton_john\tElton John\tJohn\tGB\t\t\t\t
";
const TITLES: &str = "title\tabbrevs\tkind\nPresident\t\toffice\nSenator\tSen.\toffice\n\
Mr.\tMr\thonorific\nPrime Minister\t\toffice\nDeputy Prime Minister\t\toffice\nSir\t\tnobility\n";
const AMBIGUOUS: &str = "surface\tpolicy\tnotes
Jordan\tnot_person\tgiven name and surname
Georgia\tneeds_context\tUS state
Korea\tskip\tnorth or south
Labour\tneeds_country\tparty short form
";
const VERBS: &str =
    "lemma\tforms\tkind\nsay\tsay|says|said|saying\tspeech\nwarn\twarn|warns|warned\tspeech\n";
const GIVEN: &str =
    "name\tsex\tpercent\nMichael\tM\t1.0\nNeil\tM\t0.1\nJohn\tM\t1.0\nPaul\tM\t1.0\nMargaret\tF\t1.0\nDoris\tF\t0.1\n\
Santa\tF\t0.01\nClara\tF\t0.1\nTessa\tF\t0.01\n";

/// The tagger of the test gazetteer, built once.
pub(super) static TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    let files: Vec<(PathBuf, String)> = [
        ("countries.tsv", COUNTRIES),
        ("agencies.tsv", AGENCIES),
        ("people.tsv", PEOPLE),
        ("people_more.tsv", PEOPLE_MORE),
        ("nations.tsv", NATIONS),
        ("titles.tsv", TITLES),
        ("ambiguous.tsv", AMBIGUOUS),
        ("names/given.tsv", GIVEN),
        ("cues/verbs.tsv", VERBS),
    ]
    .iter()
    .map(|(p, t)| (PathBuf::from("g").join(p), t.to_string()))
    .collect();
    Tagger::new(Gazetteer::from_files(&files).unwrap()).unwrap()
});

/// Every mention of `text` tagged at `date`, in text order, as
/// `"<text> <entity id> <how>"`; checks that they never overlap.
pub(super) fn mentions(text: &str, date: Option<&str>) -> Vec<String> {
    let t = &*TAGGER;
    let doc = tokenize(text);
    let tagged = t.tag(&doc, date.and_then(Date::parse));
    let mut last_end = 0;
    tagged
        .mentions
        .iter()
        .map(|m| {
            assert!(m.span.start >= last_end, "mentions overlap in {text:?}");
            last_end = m.span.end;
            let id = match m.entity {
                EntityRef::Known(e) => t.gazetteer().entities[e as usize].id.as_str(),
                EntityRef::Found(i) => tagged.found[i as usize].id.as_str(),
            };
            format!("{} {id} {}", &text[m.span], m.how.as_str())
        })
        .collect()
}

/// One case of a table: a text, the article's date, and every mention
/// wanted, in text order, as [`mentions`] writes them.
pub(super) type Case<'a> = (&'a str, Option<&'a str>, &'a [&'a str]);

/// Runs a table: each text must give exactly the mentions wanted.
pub(super) fn check(cases: &[Case]) {
    for &(text, date, want) in cases {
        assert_eq!(mentions(text, date), want, "text {text:?}, date {date:?}");
    }
}
