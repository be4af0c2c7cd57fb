//! `report.html`: the run at a glance.
//!
//! [`Totals`] counts the articles as their rows are written (every count is
//! a count of the tables: the articles by status, the mentions by type and
//! `how`, the claims by kind and `speaker_how`, the claims per speaker
//! entity and per day); [`render`] lays them out with the run's entities
//! and candidates. Every count on the page carries its key and value
//! (`data-k="mentions.PERSON.exact" data-n="12"`), so a test can check it
//! against the tables.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::html::{self, esc, escape, thousands};
use super::page::{status_class, type_class, PageLink};
use super::{style, svg, ArticleInfo, ArticleReview, SpeakerCount};
use crate::candidates::Candidate;
use crate::write::EntityTotal;

/// Bad articles listed by name on the report (the first ones).
pub const BAD_SHOWN: usize = 10;
/// Entities per type, speakers and candidates listed.
pub const TOP: usize = 25;

/// The run's counts, added up article by article in input order.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    /// Articles (rows of `articles.csv`).
    pub articles: u64,
    /// Articles with status `ok`.
    pub ok: u64,
    /// Articles with a `warning:` status.
    pub warnings: u64,
    /// Articles with an `error:` status.
    pub errors: u64,
    /// Mentions (rows of `mentions.csv`).
    pub mentions: u64,
    /// Claims (rows of `claims.csv`).
    pub claims: u64,
    /// The first [`BAD_SHOWN`] articles whose status is not `ok`, with the
    /// number of their review page.
    pub bad: Vec<(ArticleInfo, Option<usize>)>,
    /// Mentions by `type`, then `how`.
    pub mentions_by: BTreeMap<String, BTreeMap<String, u64>>,
    /// Claims by `kind`, then `speaker_how` (empty: no speaker).
    pub claims_by: BTreeMap<String, BTreeMap<String, u64>>,
    /// Claims by speaker entity id (the first spelling of its name kept).
    pub speakers: HashMap<String, SpeakerCount>,
    /// Per `YYYY-MM-DD` date: (claims, articles).
    pub days: BTreeMap<String, (u64, u64)>,
}

/// Adds `n` to `map[a][b]`, allocating keys only the first time.
fn add2(map: &mut BTreeMap<String, BTreeMap<String, u64>>, a: &str, b: &str, n: u64) {
    if !map.contains_key(a) {
        map.insert(a.to_string(), BTreeMap::new());
    }
    if let Some(inner) = map.get_mut(a) {
        match inner.get_mut(b) {
            Some(v) => *v += n,
            None => {
                inner.insert(b.to_string(), n);
            }
        }
    }
}

impl Totals {
    /// Adds one article; `page` is the number of its review page, if any.
    pub fn add(&mut self, a: &ArticleReview, page: Option<usize>) {
        let info = &a.info;
        self.articles += 1;
        self.mentions += info.mentions;
        self.claims += info.claims;
        match status_class(&info.status) {
            "ok" => self.ok += 1,
            "warning" => self.warnings += 1,
            _ => self.errors += 1,
        }
        if status_class(&info.status) != "ok" && self.bad.len() < BAD_SHOWN {
            self.bad.push((info.clone(), page));
        }
        for (kind, how, n) in &a.tally.mentions {
            add2(&mut self.mentions_by, kind, how, *n);
        }
        for (kind, how, n) in &a.tally.claims {
            add2(&mut self.claims_by, kind, how, *n);
        }
        for sp in &a.tally.speakers {
            match self.speakers.get_mut(&sp.id) {
                Some(t) => t.claims += sp.claims,
                None => {
                    self.speakers.insert(sp.id.clone(), sp.clone());
                }
            }
        }
        if svg::day_number(&info.date).is_some() {
            match self.days.get_mut(&info.date) {
                Some(d) => {
                    d.0 += info.claims;
                    d.1 += 1;
                }
                None => {
                    self.days.insert(info.date.clone(), (info.claims, 1));
                }
            }
        }
    }
}

/// What the report shows besides the [`Totals`].
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The inputs as given (or the shard folders of a merge).
    pub inputs: &'a [String],
    /// Input bytes read, when known (not for a merge).
    pub bytes: Option<u64>,
    /// Files skipped in folders.
    pub skipped: u64,
    /// A merge of this many shards.
    pub merged: Option<usize>,
    /// The entities of `entities.csv`, by id.
    pub entities: &'a BTreeMap<String, EntityTotal>,
    /// The first rows of `candidates.csv` (at most [`TOP`]).
    pub candidates: &'a [Candidate],
    /// Rows of `candidates.csv`.
    pub candidate_rows: u64,
    /// The review pages written.
    pub pages: &'a [PageLink],
}

/// A count with its key, as the test reads it back.
fn count(key: &str, n: u64) -> String {
    format!("<span data-k=\"{}\" data-n=\"{n}\">{}</span>", esc(key), thousands(n))
}

/// The order of the labels of a breakdown: the known ones in the tables'
/// order, then any other in sorted order.
fn ordered<'a>(known: &[&'a str], seen: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = seen.collect();
    seen.sort_unstable();
    seen.dedup();
    let mut out: Vec<&str> = known.iter().copied().filter(|k| seen.contains(k)).collect();
    out.extend(seen.into_iter().filter(|s| !known.contains(s)));
    out
}

const TYPES: &[&str] = &["PERSON", "COUNTRY", "AGENCY"];
const HOWS: &[&str] = &["exact", "alias", "demonym", "metonym", "title", "partial", "pattern"];
const KINDS: &[&str] = &["direct", "indirect", "according_to", "nominal", "mixed"];
const SPEAKER_HOWS: &[&str] =
    &["entity", "pronoun", "description", "previous_quote", "unresolved", ""];

/// A cross table: rows × columns of counts, with totals; `prefix` names the
/// keys (`mentions.ROW.COLUMN`, `mentions.ROW`, `mentions.how.COLUMN`).
fn cross(
    out: &mut String,
    prefix: &str,
    map: &BTreeMap<String, BTreeMap<String, u64>>,
    rows: &[&str],
    cols: &[&str],
    row_label: impl Fn(&str) -> String,
    col_label: impl Fn(&str) -> String,
) {
    let key = |s: &str| if s.is_empty() { "none".to_string() } else { s.to_string() };
    out.push_str("<table class=\"cross\"><thead><tr><th></th>");
    for c in cols {
        let _ = write!(out, "<th class=\"num\">{}</th>", col_label(c));
    }
    out.push_str("<th class=\"num total\">Total</th></tr></thead><tbody>");
    let mut col_totals = vec![0u64; cols.len()];
    for r in rows {
        let _ = write!(out, "<tr><td>{}</td>", row_label(r));
        let mut total = 0;
        for (i, c) in cols.iter().enumerate() {
            let n = map.get(*r).and_then(|m| m.get(*c)).copied().unwrap_or(0);
            total += n;
            col_totals[i] += n;
            let zero = if n == 0 { " zero" } else { "" };
            let _ = write!(
                out,
                "<td class=\"num{zero}\">{}</td>",
                count(&format!("{prefix}.{}.{}", key(r), key(c)), n)
            );
        }
        let _ = write!(
            out,
            "<td class=\"num total\">{}</td></tr>",
            count(&format!("{prefix}.{}", key(r)), total)
        );
    }
    out.push_str("<tr class=\"total\"><td>Total</td>");
    for (i, c) in cols.iter().enumerate() {
        let _ = write!(
            out,
            "<td class=\"num\">{}</td>",
            count(&format!("{prefix}.how.{}", key(c)), col_totals[i])
        );
    }
    let all: u64 = col_totals.iter().sum();
    let _ = write!(out, "<td class=\"num total\">{}</td></tr></tbody></table>", thousands(all));
}

/// A horizontal bar of `n` out of `max`.
fn bar(class: &str, n: u64, max: u64) -> String {
    let pct = if max == 0 { 0.0 } else { 100.0 * n as f64 / max as f64 };
    format!("<div class=\"bar {class}\"><i style=\"width:{pct:.1}%\"></i></div>")
}

/// The top entities of one type, by mentions.
fn top_entities(out: &mut String, kind: &str, entities: &BTreeMap<String, EntityTotal>) {
    let mut top: Vec<(&String, &EntityTotal)> =
        entities.iter().filter(|(_, e)| e.kind == kind && e.mentions > 0).collect();
    top.sort_by(|a, b| b.1.mentions.cmp(&a.1.mentions).then_with(|| a.0.cmp(b.0)));
    let total = top.len();
    top.truncate(TOP);
    let max = top.first().map_or(0, |t| t.1.mentions);
    let class = type_class(kind);
    let _ = write!(
        out,
        "<div class=\"card\"><h2><span class=\"chip {class}\">{kind}</span> Top {} of {} by mentions</h2>",
        top.len(),
        thousands(total as u64)
    );
    if top.is_empty() {
        out.push_str("<p class=\"muted\">None in this run.</p></div>");
        return;
    }
    out.push_str("<table class=\"top\"><colgroup><col class=\"c-rank\"><col><col class=\"c-bar\"><col class=\"c-n\"><col class=\"c-n\"></colgroup><thead><tr><th></th><th>Name</th><th></th><th class=\"num\">Mentions</th><th class=\"num\">Articles</th></tr></thead><tbody>");
    for (i, (id, e)) in top.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"rank\">{}</td><td class=\"name\" title=\"{}\">",
            i + 1,
            esc(&format!("{} · {id}", e.name))
        );
        escape(out, &e.name);
        let _ = write!(
            out,
            "</td><td class=\"bar-cell\">{}</td><td class=\"num\">{}</td><td class=\"num muted\">{}</td></tr>",
            bar(class, e.mentions, max),
            count(&format!("entity.{id}.mentions"), e.mentions),
            count(&format!("entity.{id}.articles"), e.articles)
        );
    }
    out.push_str("</tbody></table></div>");
}

/// The top speakers, by claims.
fn top_speakers(out: &mut String, totals: &Totals, entities: &BTreeMap<String, EntityTotal>) {
    let mut top: Vec<&SpeakerCount> = totals.speakers.values().collect();
    top.sort_by(|a, b| b.claims.cmp(&a.claims).then_with(|| a.id.cmp(&b.id)));
    let total = top.len();
    top.truncate(TOP);
    let max = top.first().map_or(0, |s| s.claims);
    let _ = write!(
        out,
        "<div class=\"card\"><h2>Top {} of {} speakers by claims</h2>",
        top.len(),
        count("speakers", total as u64)
    );
    if top.is_empty() {
        out.push_str("<p class=\"muted\">No claim's speaker resolves to an entity.</p></div>");
        return;
    }
    out.push_str("<table class=\"top\"><colgroup><col class=\"c-rank\"><col><col class=\"c-type\"><col class=\"c-bar\"><col class=\"c-n\"></colgroup><thead><tr><th></th><th>Speaker</th><th>Type</th><th></th><th class=\"num\">Claims</th></tr></thead><tbody>");
    for (i, s) in top.iter().enumerate() {
        let name = entities.get(&s.id).map_or(s.name.as_str(), |e| e.name.as_str());
        let class = type_class(&s.kind);
        let _ = write!(
            out,
            "<tr><td class=\"rank\">{}</td><td class=\"name\" title=\"{}\">",
            i + 1,
            esc(&format!("{name} · {}", s.id))
        );
        escape(out, name);
        let _ = write!(
            out,
            "</td><td><span class=\"chip {class}\">{}</span></td><td class=\"bar-cell\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&s.kind),
            bar(class, s.claims, max),
            count(&format!("speaker.{}", s.id), s.claims)
        );
    }
    out.push_str("</tbody></table></div>");
}

/// The first `max` characters of `s`, with `…` when cut.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The top candidates: names to add to the gazetteers.
fn candidates(out: &mut String, cx: &Context<'_>) {
    if cx.candidates.is_empty() {
        let _ = write!(
            out,
            "<div class=\"card\"><h2>Candidates: names to add to the gazetteers</h2><p class=\"muted\">No unknown capitalised name was seen twice ({} candidates).</p></div>",
            count("candidates", cx.candidate_rows)
        );
        return;
    }
    let _ = write!(
        out,
        "<div class=\"card\"><h2>Top {} of {} candidates: names to add to the gazetteers</h2>",
        cx.candidates.len(),
        count("candidates", cx.candidate_rows)
    );
    let max = cx.candidates.first().map_or(0, |c| c.count);
    out.push_str("<table class=\"top\"><colgroup><col class=\"c-rank\"><col><col class=\"c-bar\"><col class=\"c-n\"></colgroup><thead><tr><th></th><th>Name</th><th></th><th class=\"num\">Seen</th></tr></thead><tbody>");
    for (i, c) in cx.candidates.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"rank\">{}</td><td class=\"name\" title=\"{}\">",
            i + 1,
            esc(&c.example)
        );
        escape(out, &c.name);
        out.push_str("<div class=\"ex\">");
        escape(out, &cut(&c.example, 140));
        let _ = write!(
            out,
            "</div></td><td class=\"bar-cell\">{}</td><td class=\"num\">{}</td></tr>",
            bar("", c.count, max),
            count(&format!("candidate.{}", c.name), c.count)
        );
    }
    out.push_str("</tbody></table></div>");
}

/// The articles by status, and the first bad ones with their messages.
fn statuses(out: &mut String, t: &Totals) {
    out.push_str("<div class=\"card\"><h2>Articles by status</h2><table class=\"cross\"><tbody>");
    for (label, class, key, n) in [
        ("ok", "ok", "articles.ok", t.ok),
        ("warning", "warning", "articles.warning", t.warnings),
        ("error", "error", "articles.error", t.errors),
    ] {
        let _ = write!(
            out,
            "<tr><td><span class=\"status {class}\">{label}</span></td><td class=\"bar-cell\">{}</td><td class=\"num\">{}</td></tr>",
            bar("", n, t.articles),
            count(key, n)
        );
    }
    out.push_str("</tbody></table>");
    if !t.bad.is_empty() {
        let _ = write!(
            out,
            "<h2 style=\"margin-top:20px\">{}</h2><table><thead><tr><th>Article</th><th>Source</th><th>Status</th></tr></thead><tbody>",
            if t.bad.len() == 1 {
                "The article with a problem".to_string()
            } else if (t.bad.len() as u64) < t.errors + t.warnings {
                format!("The first {} articles with problems", t.bad.len())
            } else {
                format!("The {} articles with problems", t.bad.len())
            }
        );
        for (info, page) in &t.bad {
            out.push_str("<tr><td class=\"id\">");
            match page {
                Some(n) => {
                    let _ = write!(out, "<a href=\"review/{n}.html\">{}</a>", esc(&info.id));
                }
                None => escape(out, &info.id),
            }
            out.push_str("</td><td class=\"id muted\">");
            escape(out, &info.source);
            let _ = write!(out, "</td><td><span class=\"status {}\">", status_class(&info.status));
            escape(out, &info.status);
            out.push_str("</span></td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div>");
}

/// The review pages.
fn pages(out: &mut String, cx: &Context<'_>) {
    out.push_str("<div class=\"card\"><h2>Review pages</h2>");
    if cx.pages.is_empty() {
        let why = if cx.merged.is_some() {
            "A merge writes no review pages: the article texts are not in the tables."
        } else {
            "No review pages were written (--review-max 0)."
        };
        let _ = write!(out, "<p class=\"muted\">{why}</p></div>");
        return;
    }
    let _ = write!(
        out,
        "<p><a href=\"review/index.html\"><b>All {} review pages</b></a>: each article's text with its mentions and claims highlighted.</p><details><summary>The articles</summary><ol class=\"pages\">",
        thousands(cx.pages.len() as u64)
    );
    for p in cx.pages {
        let i = &p.info;
        let _ = write!(
            out,
            "<li><a href=\"review/{}.html\">{}</a> <span class=\"muted\">{} claims</span></li>",
            p.n,
            esc(if i.title.is_empty() { &i.id } else { &i.title }),
            thousands(i.claims)
        );
    }
    out.push_str("</ol></details></div>");
}

/// `1 error`, `2 errors`.
fn plural(n: u64, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// A size in bytes as people read it: `812 B`, `71.9 kB`, `201.3 MB`.
fn size(b: u64) -> String {
    match b {
        0..=999 => format!("{b} B"),
        1_000..=999_999 => format!("{:.1} kB", b as f64 / 1e3),
        1_000_000..=999_999_999 => format!("{:.1} MB", b as f64 / 1e6),
        _ => format!("{:.2} GB", b as f64 / 1e9),
    }
}

/// `report.html`.
pub fn render(t: &Totals, cx: &Context<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024 + t.days.len() * 200);
    html::head(
        &mut out,
        "Run report — claimex",
        &format!("{}{}", style::BASE, style::REPORT),
        None,
    );
    out.push_str("<header class=\"mast\"><div class=\"wrap\"><span class=\"brand\">claimex</span><span class=\"section\">Run report</span><nav>");
    if !cx.pages.is_empty() {
        out.push_str("<a href=\"review/index.html\">Review pages</a>");
    }
    out.push_str("</nav></div></header>\n<main class=\"wrap\">\n<section class=\"hero\"><div class=\"kicker\">");
    match cx.merged {
        Some(n) => {
            let _ = write!(out, "Merged from {n} shards");
        }
        None => out.push_str("One run"),
    }
    let _ = write!(
        out,
        "</div><h1>{} articles · {} mentions · {} claims</h1><div class=\"inputs\">Input: ",
        thousands(t.articles),
        thousands(t.mentions),
        thousands(t.claims)
    );
    for (i, input) in cx.inputs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<code>");
        escape(&mut out, input);
        out.push_str("</code>");
    }
    if let Some(b) = cx.bytes {
        let _ = write!(out, " · {} read", size(b));
    }
    match cx.skipped {
        0 => {}
        1 => out.push_str(" · 1 file skipped"),
        n => {
            let _ = write!(out, " · {} files skipped", thousands(n));
        }
    }
    out.push_str("</div></section>\n<div class=\"kpis\">");
    let entity_rows = cx.entities.len() as u64;
    let bad = if t.errors + t.warnings > 0 { " bad" } else { " ok" };
    let kpis = [
        (
            "Articles",
            "articles",
            t.articles,
            bad,
            format!(
                "{} ok · {} · {}",
                thousands(t.ok),
                plural(t.warnings, "warning"),
                plural(t.errors, "error")
            ),
        ),
        ("Mentions", "mentions", t.mentions, "", "rows of mentions.csv".to_string()),
        ("Claims", "claims", t.claims, "", "rows of claims.csv".to_string()),
        ("Entities", "entities", entity_rows, "", "rows of entities.csv".to_string()),
        ("Speakers", "speakers.kpi", t.speakers.len() as u64, "", "entities quoted".to_string()),
        (
            "Candidates",
            "candidates.kpi",
            cx.candidate_rows,
            "",
            "rows of candidates.csv".to_string(),
        ),
    ];
    for (label, key, n, class, sub) in kpis {
        let _ = write!(
            out,
            "<div class=\"kpi{class}\"><div class=\"lbl\">{label}</div><div class=\"big\">{}</div><div class=\"sub\">{sub}</div></div>",
            count(key, n)
        );
    }
    out.push_str(
        "</div>\n<div class=\"grid g57\"><div class=\"card\"><h2>Mentions by type and how</h2>",
    );
    let types = ordered(TYPES, t.mentions_by.keys().map(String::as_str));
    let hows = ordered(HOWS, t.mentions_by.values().flat_map(|m| m.keys().map(String::as_str)));
    cross(
        &mut out,
        "mentions",
        &t.mentions_by,
        &types,
        &hows,
        |r| format!("<span class=\"chip {}\">{}</span>", type_class(r), esc(r)),
        esc,
    );
    out.push_str("</div><div class=\"card\"><h2>Claims by kind and speaker how</h2>");
    let kinds = ordered(KINDS, t.claims_by.keys().map(String::as_str));
    let shows =
        ordered(SPEAKER_HOWS, t.claims_by.values().flat_map(|m| m.keys().map(String::as_str)));
    cross(
        &mut out,
        "claims",
        &t.claims_by,
        &kinds,
        &shows,
        |r| esc(&r.replace('_', " ")),
        |c| if c.is_empty() { "no speaker".to_string() } else { esc(&c.replace('_', " ")) },
    );
    out.push_str("</div></div>\n");
    let days: Vec<(String, u64, u64)> =
        t.days.iter().map(|(d, (c, a))| (d.clone(), *c, *a)).collect();
    if let Some(chart) = svg::claims_per_day(&days) {
        let dated: u64 = days.iter().map(|d| d.2).sum();
        let _ = write!(
            out,
            "<div class=\"card chart\" style=\"margin-bottom:18px\"><h2>Claims per day <span class=\"muted\" style=\"text-transform:none;letter-spacing:0;font-weight:400\">· {} of {} articles dated · the busiest day in red</span></h2>{chart}</div>",
            thousands(dated),
            thousands(t.articles)
        );
    }
    out.push_str("\n<div class=\"grid g3\">");
    for kind in TYPES {
        top_entities(&mut out, kind, cx.entities);
    }
    out.push_str("</div>\n<div class=\"grid g2\">");
    top_speakers(&mut out, t, cx.entities);
    candidates(&mut out, cx);
    out.push_str("</div>\n<div class=\"grid g2\">");
    statuses(&mut out, t);
    pages(&mut out, cx);
    out.push_str("</div>\n</main>\n<footer class=\"wrap\">claimex ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str(" · every count is a count of the tables written with this report</footer>\n</body>\n</html>\n");
    out
}
