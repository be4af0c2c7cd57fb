//! What `report.html` must say, recomputed from the tables of the same run,
//! and the counts it does say (`data-k="KEY" data-n="N"`), read back from
//! its HTML. Shared by `tests/review.rs` (the file) and
//! `tests/review_browser.rs` (the DOM in Chromium).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::rows;

/// The counts a report holds, by key, in the order they appear.
pub type Counts = Vec<(String, u64)>;

/// Undoes the escaping of an attribute value.
pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

/// The `data-k`/`data-n` pairs of a report, in document order.
pub fn report_counts(html: &str) -> Counts {
    let re = regex::Regex::new(r#"data-k="([^"]*)" data-n="(\d+)""#).unwrap();
    re.captures_iter(html).map(|c| (unescape(&c[1]), c[2].parse().unwrap())).collect()
}

/// A valid `YYYY-MM-DD` date (the report's days).
fn is_day(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(day)) =
        (d[..4].parse::<u32>(), d[5..7].parse::<u32>(), d[8..].parse::<u32>())
    else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m) && day >= 1 && day <= days[(m - 1) as usize]
}

/// The report's counts recomputed from the tables in `out`.
pub struct Expected {
    /// Every count by key; cells of a breakdown that the tables never fill
    /// are absent (the report shows 0 there).
    pub counts: HashMap<String, u64>,
    /// The top entity ids per type, in order (mentions, then id).
    pub top_entities: BTreeMap<String, Vec<String>>,
    /// The top speaker ids, in order (claims, then id).
    pub top_speakers: Vec<String>,
    /// The top candidate names, in order (as in candidates.csv).
    pub top_candidates: Vec<String>,
}

/// Recomputes the report's counts from the tables in `out`.
pub fn expected(out: &Path, top: usize) -> Expected {
    let mut c: HashMap<String, u64> = HashMap::new();
    let add = |c: &mut HashMap<String, u64>, k: String, n: u64| *c.entry(k).or_default() += n;
    let articles = rows(&out.join("articles.csv"));
    add(&mut c, "articles".into(), articles.len() as u64);
    for s in ["ok", "warning", "error"] {
        c.insert(format!("articles.{s}"), 0);
    }
    for a in &articles {
        let st = a["status"].as_str();
        let kind = if st.starts_with("error") {
            "error"
        } else if st.starts_with("warning") {
            "warning"
        } else {
            "ok"
        };
        add(&mut c, format!("articles.{kind}"), 1);
        if is_day(&a["date"]) {
            add(&mut c, format!("day.{}", a["date"]), a["claims"].parse().unwrap());
        }
    }
    let mentions = rows(&out.join("mentions.csv"));
    add(&mut c, "mentions".into(), mentions.len() as u64);
    for m in &mentions {
        add(&mut c, format!("mentions.{}.{}", m["type"], m["how"]), 1);
        add(&mut c, format!("mentions.{}", m["type"]), 1);
        add(&mut c, format!("mentions.how.{}", m["how"]), 1);
    }
    let claims = rows(&out.join("claims.csv"));
    add(&mut c, "claims".into(), claims.len() as u64);
    let mut speakers: HashMap<String, u64> = HashMap::new();
    for r in &claims {
        let how = if r["speaker_how"].is_empty() { "none" } else { &r["speaker_how"] };
        add(&mut c, format!("claims.{}.{how}", r["kind"]), 1);
        add(&mut c, format!("claims.{}", r["kind"]), 1);
        add(&mut c, format!("claims.how.{how}"), 1);
        if !r["speaker_entity_id"].is_empty() {
            *speakers.entry(r["speaker_entity_id"].clone()).or_default() += 1;
        }
    }
    add(&mut c, "speakers".into(), speakers.len() as u64);
    add(&mut c, "speakers.kpi".into(), speakers.len() as u64);
    for (id, n) in &speakers {
        c.insert(format!("speaker.{id}"), *n);
    }
    let entities = rows(&out.join("entities.csv"));
    add(&mut c, "entities".into(), entities.len() as u64);
    let mut by_type: BTreeMap<String, Vec<(u64, String)>> = BTreeMap::new();
    for e in &entities {
        let n: u64 = e["mentions"].parse().unwrap();
        c.insert(format!("entity.{}.mentions", e["entity_id"]), n);
        c.insert(format!("entity.{}.articles", e["entity_id"]), e["articles"].parse().unwrap());
        if n > 0 {
            by_type.entry(e["type"].clone()).or_default().push((n, e["entity_id"].clone()));
        }
    }
    let top_entities = by_type
        .into_iter()
        .map(|(t, mut v)| {
            v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            (t, v.into_iter().take(top).map(|x| x.1).collect())
        })
        .collect();
    let mut sp: Vec<(u64, String)> = speakers.into_iter().map(|(id, n)| (n, id)).collect();
    sp.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let top_speakers = sp.into_iter().take(top).map(|x| x.1).collect();
    let candidates = rows(&out.join("candidates.csv"));
    add(&mut c, "candidates".into(), candidates.len() as u64);
    add(&mut c, "candidates.kpi".into(), candidates.len() as u64);
    let mut top_candidates = Vec::new();
    for r in candidates.iter().take(top) {
        c.insert(format!("candidate.{}", r["name"]), r["count"].parse().unwrap());
        top_candidates.push(r["name"].clone());
    }
    Expected { counts: c, top_entities, top_speakers, top_candidates }
}

/// Checks a report's counts against the tables in `out`: every count on
/// it equals the tables' (a breakdown's empty cell is 0), every count the
/// tables have is on it, and the top lists are the tables' top ones.
pub fn check_report(got: &Counts, out: &Path, top: usize) {
    let want = expected(out, top);
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for (k, n) in got {
        let cross = k.starts_with("mentions.") || k.starts_with("claims.");
        let w = want.counts.get(k).copied().or(if cross { Some(0) } else { None });
        assert_eq!(w, Some(*n), "report count {k} is {n}; the tables say {w:?}");
        if let Some(prev) = seen.insert(k, *n) {
            assert_eq!(prev, *n, "{k} shown twice with two values");
        }
    }
    // Everything the tables count is on the report (the top lists aside).
    for k in want.counts.keys() {
        let listed = ["entity.", "speaker.", "candidate."].iter().any(|p| k.starts_with(p));
        if !listed {
            assert!(seen.contains_key(k.as_str()), "the report has no count {k}");
        }
    }
    let order = |prefix: &str, suffix: &str| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for (k, _) in got {
            if let Some(id) = k.strip_prefix(prefix).and_then(|r| r.strip_suffix(suffix)) {
                if !v.iter().any(|x| x == id) {
                    v.push(id.to_string());
                }
            }
        }
        v
    };
    let entities = order("entity.", ".mentions");
    // The report lists PERSON, COUNTRY, AGENCY in that order.
    let mut by_report: Vec<String> = Vec::new();
    for t in ["PERSON", "COUNTRY", "AGENCY"] {
        by_report.extend(want.top_entities.get(t).cloned().unwrap_or_default());
    }
    assert_eq!(entities, by_report, "the top entities per type");
    assert_eq!(order("speaker.", ""), want.top_speakers, "the top speakers");
    assert_eq!(order("candidate.", ""), want.top_candidates, "the top candidates");
}
