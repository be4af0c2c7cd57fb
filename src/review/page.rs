//! An article's review page (`review/<n>.html`) and the index of the
//! pages (`review/index.html`).
//!
//! The page shows the article's status and warnings at the top, then its
//! text with every mention highlighted by type (`<mark class="m …">`, its
//! entity id, name and `how` in its tooltip), every claim's content
//! underlined (`<span class="c">`) and its speaker marked (`<span
//! class="s">`), both carrying the claim's number, and beside the text the
//! claims as a table. Every highlight carries `data-start` and `data-end`,
//! the code-point offsets of the tables; the pieces of a claim or speaker
//! split where two spans cross share them and its number.

use super::html::{self, esc, escape, link_or_text, thousands, Mark};
use super::style;
use super::{Offsets, Page};

/// The page's one script: the arrow keys go to the previous and the next
/// article, and hovering a claim (its text, its speaker or its row)
/// highlights all three. Allowed by its hash in the page's CSP.
pub const SCRIPT: &str = "(function(){var d=document;\
d.addEventListener('keydown',function(e){if(e.altKey||e.ctrlKey||e.metaKey||e.shiftKey)return;\
var r={ArrowLeft:'prev',ArrowRight:'next'}[e.key],a=r&&d.querySelector('a[rel=\"'+r+'\"]');\
if(a){e.preventDefault();location.href=a.href;}});\
function hl(e,on){var t=e.target.closest&&e.target.closest('[data-claim]');if(!t)return;\
d.querySelectorAll('[data-claim=\"'+t.getAttribute('data-claim')+'\"]').forEach(function(x){x.classList.toggle('hl',on);});}\
d.addEventListener('mouseover',function(e){hl(e,true);});d.addEventListener('mouseout',function(e){hl(e,false);});})();";

/// Where a page sits among the others.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nav {
    /// Its number, from 1 (`review/<n>.html`).
    pub n: usize,
    /// Is there a page before it?
    pub prev: bool,
    /// Is there a page after it?
    pub next: bool,
    /// Is there a `report.html` beside `review/`?
    pub report: bool,
}

/// A page as listed by the index and the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageLink {
    /// Its number (`review/<n>.html`).
    pub n: usize,
    /// The article's cells.
    pub info: super::ArticleInfo,
}

/// The CSS class of a status cell: `ok`, `warning` or `error`.
pub fn status_class(status: &str) -> &'static str {
    if status.starts_with("error") {
        "error"
    } else if status.starts_with("warning") {
        "warning"
    } else {
        "ok"
    }
}

/// The lower-case class of an entity type (`person`, `country`, `agency`).
pub fn type_class(kind: &str) -> &'static str {
    match kind {
        "PERSON" => "person",
        "COUNTRY" => "country",
        "AGENCY" => "agency",
        _ => "other",
    }
}

/// The masthead: the brand, the section, and the navigation.
fn masthead(out: &mut String, section: &str, home: Option<&str>, nav: &str) {
    out.push_str("<header class=\"mast\"><div class=\"wrap\">");
    match home {
        Some(href) => {
            out.push_str("<a class=\"brand\" href=\"");
            out.push_str(href);
            out.push_str("\">claimex</a>");
        }
        None => out.push_str("<span class=\"brand\">claimex</span>"),
    }
    out.push_str("<span class=\"section\">");
    out.push_str(section);
    out.push_str("</span><nav>");
    out.push_str(nav);
    out.push_str("</nav></div></header>\n");
}

/// The legend of the highlights.
fn legend(out: &mut String) {
    out.push_str(
        "<div class=\"legend\"><span class=\"muted\">Legend</span>\
<span class=\"k\"><mark class=\"person\" style=\"border-bottom:2px solid var(--person);padding:0 4px\">PERSON</mark></span>\
<span class=\"k\"><mark class=\"country\" style=\"border-bottom:2px solid var(--country);padding:0 4px\">COUNTRY</mark></span>\
<span class=\"k\"><mark class=\"agency\" style=\"border-bottom:2px solid var(--agency);padding:0 4px\">AGENCY</mark></span>\
<span class=\"k\"><span class=\"badge\">1</span><span style=\"text-decoration:underline 2px;text-underline-offset:6px\">claim content</span></span>\
<span class=\"k\"><span class=\"badge sp\">1</span><span style=\"color:var(--red);font-weight:700\">its speaker</span></span>\
<span class=\"muted\">hover a highlight for its entity id, name and how; ← → for the previous and next article</span></div>\n",
    );
}

/// The highlights of a page: claims (outermost), speakers, mentions.
fn marks(page: &Page, at: &Offsets<'_>) -> Vec<Mark> {
    let text = page.text.as_str();
    let mut marks = Vec::with_capacity(page.mentions.len() + 2 * page.claims.len());
    for (i, c) in page.claims.iter().enumerate() {
        let (s, e) = at.of(c.span);
        let n = i + 1;
        let speaker =
            c.speaker.as_ref().map_or(String::new(), |sp| format!(" · {}", &text[sp.span]));
        let title = esc(&format!("claim {n} · {}{speaker}", c.kind));
        let attrs = format!(
            "data-claim=\"{i}\" data-n=\"{n}\" data-start=\"{s}\" data-end=\"{e}\" title=\"{title}\">"
        );
        marks.push(Mark {
            span: c.span,
            rank: 0,
            whole: false,
            open: format!("<span class=\"c\" data-kind=\"{}\" {attrs}", c.kind),
            cont: format!("<span class=\"c cont\" {attrs}"),
            close: "</span>",
        });
        if let Some(sp) = &c.speaker {
            let (s, e) = at.of(sp.span);
            let who = if sp.entity_id.is_empty() {
                "unresolved".to_string()
            } else {
                format!("{} ({})", sp.name, sp.entity_id)
            };
            let title = esc(&format!("speaker of claim {n} · {who} · {}", sp.how));
            let attrs = format!(
                "data-claim=\"{i}\" data-n=\"{n}\" data-start=\"{s}\" data-end=\"{e}\" title=\"{title}\">"
            );
            marks.push(Mark {
                span: sp.span,
                rank: 1,
                whole: false,
                open: format!("<span class=\"s\" {attrs}"),
                cont: format!("<span class=\"s cont\" {attrs}"),
                close: "</span>",
            });
        }
    }
    for m in &page.mentions {
        let (s, e) = at.of(m.span);
        let open = format!(
            "<mark class=\"m {}\" data-start=\"{s}\" data-end=\"{e}\" data-entity=\"{}\" data-how=\"{}\" title=\"{}\">",
            type_class(m.kind),
            esc(&m.entity_id),
            m.how,
            esc(&format!("{} · {} · {} · {}", m.kind, m.name, m.entity_id, m.how)),
        );
        marks.push(Mark {
            span: m.span,
            rank: 2,
            whole: true,
            cont: open.clone(),
            open,
            close: "</mark>",
        });
    }
    marks
}

/// The claims table beside the text.
fn claims_table(out: &mut String, page: &Page) {
    out.push_str("<aside class=\"side\"><h2>Claims</h2>");
    if page.claims.is_empty() {
        out.push_str("<p class=\"none\">No claims found in this article.</p></aside>");
        return;
    }
    out.push_str(
        "<table class=\"claims\"><thead><tr><th>#</th><th>Speaker</th><th>Entity</th>\
<th>Kind</th><th>Cue</th><th>Speaker how</th></tr></thead><tbody>\n",
    );
    let text = page.text.as_str();
    for (i, c) in page.claims.iter().enumerate() {
        let n = i + 1;
        out.push_str(&format!(
            "<tr data-claim=\"{i}\" title=\"{}\"><td class=\"n\"><span class=\"badge\">{n}</span></td><td>",
            esc(&format!("{}#c{i}: {}", page.info.id, &text[c.span]))
        ));
        match &c.speaker {
            Some(sp) => {
                out.push_str("<span class=\"s-text\">");
                escape(out, &text[sp.span]);
                out.push_str("</span>");
            }
            None => out.push_str("<span class=\"muted\">—</span>"),
        }
        out.push_str("</td><td>");
        match c.speaker.as_ref().filter(|sp| !sp.entity_id.is_empty()) {
            Some(sp) => {
                out.push_str(&format!(
                    "<span class=\"chip {}\">{}</span> ",
                    type_class(sp.kind),
                    sp.kind
                ));
                escape(out, &sp.name);
                out.push_str("<span class=\"id muted\">");
                escape(out, &sp.entity_id);
                out.push_str("</span>");
            }
            None => out.push_str("<span class=\"muted\">—</span>"),
        }
        out.push_str("</td><td>");
        out.push_str(c.kind);
        out.push_str("</td><td>");
        match c.cue {
            Some(cue) => escape(out, &text[cue]),
            None => out.push_str("<span class=\"muted\">—</span>"),
        }
        out.push_str("</td><td>");
        out.push_str(c.speaker.as_ref().map_or("—", |sp| sp.how));
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table></aside>");
}

/// An article's review page.
pub fn render(page: &Page, nav: &Nav) -> String {
    let info = &page.info;
    let mut out = String::with_capacity(page.text.len() * 2 + 16 * 1024);
    let heading = if info.title.is_empty() { &info.id } else { &info.title };
    html::head(
        &mut out,
        &format!("{heading} — claimex review"),
        &format!("{}{}", style::BASE, style::PAGE),
        Some(SCRIPT),
    );
    let mut links = String::new();
    let (p, x) = (nav.n.saturating_sub(1), nav.n + 1);
    links.push_str(&if nav.prev {
        format!("<a rel=\"prev\" href=\"{p}.html\">← Previous</a>")
    } else {
        "<span class=\"off\">← Previous</span>".to_string()
    });
    links.push_str("<a href=\"index.html\">All articles</a>");
    links.push_str(&if nav.next {
        format!("<a rel=\"next\" href=\"{x}.html\">Next →</a>")
    } else {
        "<span class=\"off\">Next →</span>".to_string()
    });
    links.push_str(&format!("<span class=\"pos\">article {}</span>", nav.n));
    masthead(&mut out, "Article review", nav.report.then_some("../report.html"), &links);
    out.push_str("<main class=\"wrap\">\n<section class=\"head\">");
    out.push_str("<div class=\"kicker\">");
    if !info.date.is_empty() {
        escape(&mut out, &info.date);
        out.push_str(" · ");
    }
    escape(&mut out, &info.source);
    out.push_str("</div><h1>");
    escape(&mut out, heading);
    out.push_str("</h1><div class=\"meta\"><span>id <code>");
    escape(&mut out, &info.id);
    out.push_str("</code></span>");
    if !page.url.is_empty() {
        out.push_str("<span>");
        link_or_text(&mut out, &page.url, "url");
        out.push_str("</span>");
    }
    out.push_str(&format!(
        "<span><b data-k=\"chars\">{}</b> characters</span><span><b data-k=\"mentions\">{}</b> mentions</span><span><b data-k=\"claims\">{}</b> claims</span>",
        thousands(page.text.chars().count() as u64),
        thousands(info.mentions),
        thousands(info.claims)
    ));
    out.push_str("</div><div class=\"warn\"><span class=\"status ");
    out.push_str(status_class(&info.status));
    out.push_str("\" id=\"status\">");
    escape(&mut out, &info.status);
    out.push_str("</span></div></section>\n");
    legend(&mut out);
    if page.text.is_empty() {
        out.push_str("<p class=\"none\">This article has no text to show");
        if status_class(&info.status) == "error" {
            out.push_str(": it was not processed (see its status above)");
        }
        out.push_str(".</p>\n");
    }
    out.push_str("<div class=\"cols\">\n<div id=\"text\" class=\"text\">");
    if page.text.is_empty() {
        out.push_str("</div>\n");
    } else {
        let at = Offsets::new(&page.text);
        html::nest(&mut out, &page.text, &marks(page, &at));
        out.push_str("</div>\n");
    }
    claims_table(&mut out, page);
    out.push_str("\n</div>\n</main>\n<footer class=\"wrap\">claimex ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str(" · offsets are code points, as in the tables · claim numbers are those of <code>claim_id</code> + 1</footer>\n</body>\n</html>\n");
    out
}

/// `review/index.html`: every page, with its article's cells.
pub fn index(pages: &[PageLink], report: bool) -> String {
    let mut out = String::with_capacity(pages.len() * 400 + 8 * 1024);
    html::head(
        &mut out,
        "Articles — claimex review",
        &format!("{}{}", style::BASE, style::PAGE),
        None,
    );
    let nav = if report { "<a href=\"../report.html\">Run report</a>" } else { "" };
    masthead(&mut out, "Article review", report.then_some("../report.html"), nav);
    out.push_str(
        "<main class=\"wrap\"><section class=\"head\"><div class=\"kicker\">Review pages</div><h1>",
    );
    out.push_str(&format!("The first {} articles", thousands(pages.len() as u64)));
    out.push_str("</h1></section>\n<table class=\"card index\"><thead><tr><th class=\"num\">#</th><th>Date</th><th>Title</th><th>Article id</th><th class=\"num\">Mentions</th><th class=\"num\">Claims</th><th>Status</th></tr></thead><tbody>\n");
    for p in pages {
        let i = &p.info;
        out.push_str(&format!("<tr><td class=\"num\">{}</td><td class=\"num\">", p.n));
        escape(&mut out, &i.date);
        out.push_str(&format!("</td><td><a href=\"{}.html\">", p.n));
        escape(&mut out, if i.title.is_empty() { &i.id } else { &i.title });
        out.push_str("</a></td><td class=\"id\">");
        escape(&mut out, &i.id);
        out.push_str(&format!(
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"status {}\">",
            thousands(i.mentions),
            thousands(i.claims),
            status_class(&i.status)
        ));
        escape(&mut out, &i.status);
        out.push_str("</span></td></tr>\n");
    }
    out.push_str("</tbody></table>\n</main>\n<footer class=\"wrap\">claimex ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}
