//! Encoding one article's rows, in the worker that processed it: cells go
//! straight into a byte buffer, CSV or JSON Lines, with no allocation per
//! cell, so that encoding runs in parallel with the other stages.

use std::borrow::Cow;

use super::rows::{ArticleRow, ClaimEntityRow, ClaimRow, MentionRow, Raw, Row, Text};
use super::{Format, WriteOptions, CUT_MARKER, EXCEL_MAX_CELL};
use crate::candidates::Candidate;
use crate::claims::Claim;
use crate::date::normalize_date;
use crate::gazetteer::Gazetteer;
use crate::read::{Article, RejectReason, Warning};
use crate::review::ArticleReview;
use crate::shape::{load_u32, load_u64, LANE_HIGH, LANE_ONES};
use crate::span::CharIndex;
use crate::tag::{EntityRef, Tagged};
use crate::tokenize::Document;

/// The status of an article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Processed, nothing to report.
    #[default]
    Ok,
    /// Processed, with reasons to know.
    Warning(Vec<Warning>),
    /// Not processed.
    Error(RejectReason),
}

impl Status {
    /// The `status` cell: `ok`, `warning: …` or `error: …`.
    pub fn render(&self) -> String {
        match self {
            Status::Ok => "ok".to_string(),
            Status::Warning(w) => {
                let reasons: Vec<String> = w.iter().map(Warning::to_string).collect();
                format!("warning: {}", reasons.join("; "))
            }
            Status::Error(e) => format!("error: {e}"),
        }
    }
}

/// An entity an article mentions, with its count in the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityCount {
    /// `entity_id`.
    pub id: String,
    /// `PERSON`, `COUNTRY` or `AGENCY`.
    pub kind: &'static str,
    /// Canonical name.
    pub name: String,
    /// Mentions in the article.
    pub mentions: u64,
    /// What the entity is besides its name: parent, subtype, country.
    pub info: EntityInfo,
}

/// What `entities.csv` says of an entity besides its name and counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntityInfo {
    /// The entity it belongs to, or empty.
    pub parent: String,
    /// The kind of agency, or empty.
    pub subtype: String,
    /// The ISO code of its country (agencies, people), or empty.
    pub country: String,
}

impl EntityInfo {
    /// The information of a gazetteer entity.
    pub fn of(e: &crate::gazetteer::Entity) -> EntityInfo {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        EntityInfo {
            parent: s(&e.parent),
            subtype: s(&e.subtype),
            country: if e.kind == crate::gazetteer::EntityType::Country {
                String::new()
            } else {
                s(&e.country)
            },
        }
    }
}

/// One article after the pipeline, rows already encoded.
#[derive(Debug, Default)]
pub struct Processed {
    /// 0-based position of the article in the whole input (all shards).
    pub seq: u64,
    /// `articles.csv` row.
    pub article_row: Vec<u8>,
    /// `mentions.csv` rows.
    pub mention_rows: Vec<u8>,
    /// `claims.csv` rows.
    pub claim_rows: Vec<u8>,
    /// `claim_entities.csv` rows.
    pub claim_entity_rows: Vec<u8>,
    /// Entities mentioned, with counts, sorted by id.
    pub entities: Vec<EntityCount>,
    /// Number of mentions.
    pub mentions: u64,
    /// Number of claims.
    pub claims: u64,
    /// Number of `claim_entities.csv` rows.
    pub claim_entities: u64,
    /// The article's status.
    pub status: Status,
    /// Capitalised names that matched nothing: each name once, with its
    /// count in the article and its first sentence as an example.
    pub candidates: Vec<Candidate>,
    /// With `--review`: what the report and the article's page need.
    pub review: Option<Box<ArticleReview>>,
}

/// The first characters that make a spreadsheet run a cell as a formula:
/// a text cell starting with one gets a leading `'` ([`safe_cell`]).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Does `s` start with one of [`FORMULA_STARTS`]? They are all ASCII: the
/// first byte tells, without decoding the first character.
#[inline]
fn starts_formula(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| FORMULA_STARTS.contains(&char::from(b)))
}

/// Makes a text cell safe for spreadsheets: a cell that would run as a
/// formula gets a leading `'` (unless `sanitize` is off); in Excel mode a
/// cell over Excel's limit is cut and ends with [`CUT_MARKER`].
pub fn safe_cell(s: &str, opts: WriteOptions) -> Cow<'_, str> {
    let mut cell = Cow::Borrowed(s);
    if opts.sanitize && starts_formula(s) {
        cell = Cow::Owned(format!("'{s}"));
    }
    if opts.excel && cell.len() > EXCEL_MAX_CELL {
        let keep = EXCEL_MAX_CELL - CUT_MARKER.chars().count();
        if cell.chars().nth(keep).is_some() && cell.chars().count() > EXCEL_MAX_CELL {
            let mut cut: String = cell.chars().take(keep).collect();
            cut.push_str(CUT_MARKER);
            cell = Cow::Owned(cut);
        }
    }
    cell
}

/// Does a CSV cell need quotes? The `csv` crate's rule for
/// `QuoteStyle::Necessary` with `,` and `"` and its `\n` terminator.
///
/// Most cells are short, and a byte-by-byte scan of a short cell cost more
/// than the rest of its encoding: a cell under 32 bytes is read as words of
/// 8 bytes, the last word overlapping the one before it instead of leaving
/// a tail; a cell under 8 bytes as two overlapping halves, or, under 4, as
/// its first, middle and last bytes (all of its bytes).
#[inline]
fn needs_quotes(b: &[u8]) -> bool {
    let n = b.len();
    let word = |at: usize| load_u64(&b[at..at + 8]);
    let half = |at: usize| u64::from(load_u32(&b[at..at + 4]));
    match n {
        // No early exit: the loop vectorises.
        32.. => b.iter().fold(false, |seen, &c| seen | matches!(c, b',' | b'"' | b'\n' | b'\r')),
        8.. => (0..n - 8).step_by(8).any(|at| special(word(at))) || special(word(n - 8)),
        4.. => special(half(0) | half(n - 4) << 32),
        1.. => special(u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16),
        0 => false,
    }
}

/// Does a byte of `w` hold `,`, `"`, LF or CR? (A zero byte does not.)
#[inline]
fn special(w: u64) -> bool {
    // Some byte of `x` is zero when subtracting 1 from every byte sets a
    // high bit that `x` lacks (exact for "some byte", not for which one).
    let zero = |x: u64| x.wrapping_sub(LANE_ONES) & !x;
    let has = |c: u8| zero(w ^ (LANE_ONES * u64::from(c)));
    (has(b',') | has(b'"') | has(b'\n') | has(b'\r')) & LANE_HIGH != 0
}

/// Appends one CSV cell: `'` when `tick`, then `cell`, the whole quoted
/// (its quotes doubled) when `cell` needs quotes.
fn csv_cell(buf: &mut Vec<u8>, tick: bool, cell: &[u8]) {
    let quote = needs_quotes(cell);
    if quote {
        buf.push(b'"');
    }
    if tick {
        buf.push(b'\'');
    }
    if !quote {
        buf.extend_from_slice(cell);
        return;
    }
    let mut from = 0;
    for i in memchr::memchr_iter(b'"', cell) {
        buf.extend_from_slice(&cell[from..=i]);
        buf.push(b'"');
        from = i + 1;
    }
    buf.extend_from_slice(&cell[from..]);
    buf.push(b'"');
}

/// Appends `s` as a JSON string (the escapes `serde_json` uses).
fn json_str(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    json_escaped(buf, s);
    buf.push(b'"');
}

/// Appends the characters of `s` as they go inside a JSON string.
fn json_escaped(buf: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        buf.extend_from_slice(&b[from..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[(c >> 4) as usize]);
            buf.push(HEX[(c & 15) as usize]);
        } else {
            buf.extend_from_slice(esc);
        }
        from = i + 1;
    }
    buf.extend_from_slice(&b[from..]);
}

/// Rows of one table being encoded into a byte buffer, CSV or JSON Lines,
/// with no allocation per cell: cells are written straight into the buffer
/// (quoted or escaped when needed), numbers through a stack buffer.
pub struct Rows {
    buf: Vec<u8>,
    table: &'static str,
    header: &'static [&'static str],
    col: usize,
    opts: WriteOptions,
}

impl Rows {
    /// An empty buffer for rows of `table` (a file name such as
    /// `mentions.csv`; its stem names the table in JSON Lines).
    pub fn new(table: &'static str, header: &'static [&'static str], opts: WriteOptions) -> Rows {
        Rows { buf: Vec::new(), table, header, col: 0, opts }
    }

    /// An empty buffer for rows of type `R`.
    pub fn of<R: Row>(opts: WriteOptions) -> Rows {
        Rows::new(R::TABLE, R::HEADER, opts)
    }

    /// Appends one row.
    #[inline]
    pub fn row<R: Row>(&mut self, r: &R) {
        self.begin();
        r.cells(self);
        self.end();
    }

    /// The header row (always CSV: JSON Lines has none).
    pub fn header(&mut self) {
        self.begin();
        for h in self.header {
            self.raw(h);
        }
        self.end();
    }

    /// Starts a row.
    pub fn begin(&mut self) {
        self.col = 0;
        if self.opts.format == Format::Jsonl {
            self.buf.extend_from_slice(b"{\"table\":");
            json_str(&mut self.buf, self.table.trim_end_matches(".csv"));
        }
    }

    /// Ends a row.
    pub fn end(&mut self) {
        if self.opts.format == Format::Jsonl {
            self.buf.push(b'}');
        }
        self.buf.push(b'\n');
    }

    /// A cell exactly as given (ids, kinds, numbers, statuses).
    #[inline]
    pub fn raw(&mut self, s: &str) {
        self.cell(false, s);
    }

    /// A text cell, made safe for spreadsheets (see [`safe_cell`]): in one
    /// pass, with no copy of the cell, unless Excel mode may cut it.
    #[inline]
    pub fn text(&mut self, s: &str) {
        if self.opts.excel && s.len() >= EXCEL_MAX_CELL {
            let cell = safe_cell(s, self.opts);
            self.cell(false, &cell);
        } else {
            self.cell(self.opts.sanitize && starts_formula(s), s);
        }
    }

    /// A cell: `'` when `tick`, then `s`.
    fn cell(&mut self, tick: bool, s: &str) {
        match self.opts.format {
            Format::Csv => {
                if self.col > 0 {
                    self.buf.push(b',');
                }
                csv_cell(&mut self.buf, tick, s.as_bytes());
            }
            Format::Jsonl => {
                self.json_key();
                self.buf.push(b'"');
                if tick {
                    self.buf.push(b'\'');
                }
                json_escaped(&mut self.buf, s);
                self.buf.push(b'"');
            }
        }
        self.col += 1;
    }

    /// `,"column":` before a JSON Lines cell.
    fn json_key(&mut self) {
        self.buf.push(b',');
        json_str(&mut self.buf, self.header.get(self.col).copied().unwrap_or("extra"));
        self.buf.push(b':');
    }

    /// A number cell.
    pub fn num(&mut self, n: u64) {
        if self.opts.format == Format::Csv {
            // Digits never need quotes: straight into the buffer.
            if self.col > 0 {
                self.buf.push(b',');
            }
            push_digits(&mut self.buf, n);
            self.col += 1;
            return;
        }
        self.raw(itoa::Buffer::new().format(n));
    }

    /// Reserves room for `bytes` more bytes.
    pub fn reserve(&mut self, bytes: usize) {
        self.buf.reserve(bytes);
    }

    /// The encoded rows.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// What [`encode`] needs of an article.
pub struct ArticleView<'a> {
    /// `article_id`.
    pub id: &'a str,
    /// `source`.
    pub source: &'a str,
    /// Date as given.
    pub date: Option<&'a str>,
    /// Title.
    pub title: Option<&'a str>,
    /// URL.
    pub url: Option<&'a str>,
    /// Text (empty for rejected articles).
    pub text: &'a str,
    /// Sentence count.
    pub sentences: usize,
    /// Token count.
    pub tokens: usize,
    /// Status.
    pub status: Status,
}

impl<'a> ArticleView<'a> {
    /// The view of a processed article: its status comes from its warnings.
    pub fn article(a: &'a Article, doc: &Document) -> ArticleView<'a> {
        let status =
            if a.warnings.is_empty() { Status::Ok } else { Status::Warning(a.warnings.clone()) };
        ArticleView {
            id: &a.id,
            source: &a.source,
            date: a.date.as_deref(),
            title: a.title.as_deref(),
            url: a.url.as_deref(),
            text: &a.text,
            sentences: doc.sentences.len(),
            tokens: doc.tokens.len(),
            status,
        }
    }

    /// The view of an article that was not processed: an `error:` row.
    pub fn rejected(id: &'a str, source: &'a str, reason: RejectReason) -> ArticleView<'a> {
        ArticleView {
            id,
            source,
            date: None,
            title: None,
            url: None,
            text: "",
            sentences: 0,
            tokens: 0,
            status: Status::Error(reason),
        }
    }
}

/// An entity's cells: (`entity_id`, `type`, `name`).
pub type EntityCells<'a> = (&'a str, &'static str, &'a str);

/// Encodes one article's rows: its mentions, its claims with the entities
/// inside them, and its `articles.csv` row (which counts the others).
pub fn encode(
    a: &ArticleView<'_>,
    tagged: &Tagged,
    claims: &[Claim],
    gaz: &Gazetteer,
    opts: WriteOptions,
) -> Processed {
    let cx = Encoder { a, tagged, gaz, chars: CharIndex::new(a.text), opts };
    let mut out = Processed::default();
    let entities = cx.mentions(&mut out);
    cx.claims(claims, &mut out);
    out.entities = entities
        .into_iter()
        .map(|(r, (id, kind, name), mentions)| EntityCount {
            id: id.to_string(),
            kind,
            name: name.to_string(),
            mentions,
            info: match r {
                EntityRef::Known(i) => EntityInfo::of(&gaz.entities[i as usize]),
                EntityRef::Found(_) => EntityInfo::default(),
            },
        })
        .collect();
    cx.article(&mut out);
    out
}

/// What encoding an article's rows needs.
struct Encoder<'a, 'v> {
    a: &'a ArticleView<'v>,
    tagged: &'a Tagged,
    gaz: &'a Gazetteer,
    /// Byte offsets to code points.
    chars: CharIndex<'a>,
    opts: WriteOptions,
}

/// An entity's cells (`entity_id`, `type`, `name`): a gazetteer entity, or
/// a person found from context in this article.
pub fn entity_cells<'a>(gaz: &'a Gazetteer, tagged: &'a Tagged, e: EntityRef) -> EntityCells<'a> {
    match e {
        EntityRef::Known(i) => {
            let ent = &gaz.entities[i as usize];
            (ent.id.as_str(), ent.kind.as_str(), ent.name.as_str())
        }
        EntityRef::Found(i) => {
            let f = &tagged.found[i as usize];
            (f.id.as_str(), "PERSON", f.name.as_str())
        }
    }
}

impl<'a> Encoder<'a, '_> {
    /// An entity's cells.
    fn entity(&self, e: EntityRef) -> EntityCells<'a> {
        entity_cells(self.gaz, self.tagged, e)
    }

    /// A byte offset of the text in code points.
    fn at(&self, byte: usize) -> u64 {
        self.chars.chars(byte) as u64
    }

    /// The `mentions.csv` rows; returns each entity mentioned with its
    /// cells and count, sorted by its cells.
    fn mentions(&self, out: &mut Processed) -> Vec<(EntityRef, EntityCells<'a>, u64)> {
        let (a, text) = (self.a, self.a.text);
        let mut ids = RowIds::new(a.id, "#m");
        // Per entity of the article: its cells and its count. Found by the
        // entity reference (an integer compare; ids are unique per reference).
        let mut counts: Vec<(EntityRef, EntityCells<'a>, u64)> = Vec::new();
        let mut w = Rows::of::<MentionRow>(self.opts);
        w.reserve(self.tagged.mentions.len() * (2 * a.id.len() + 80));
        for (n, m) in self.tagged.mentions.iter().enumerate() {
            let (eid, kind, name) = self.entity(m.entity);
            match counts.iter_mut().find(|(r, _, _)| *r == m.entity) {
                Some((_, _, c)) => *c += 1,
                None => counts.push((m.entity, (eid, kind, name), 1)),
            }
            w.row(&MentionRow {
                mention_id: Text(ids.get(n)),
                article_id: Text(a.id),
                sentence: m.sentence as u64,
                start: self.at(m.span.start),
                end: self.at(m.span.end),
                text: Text(&text[m.span]),
                entity_id: Raw(eid),
                kind: Raw(kind),
                name: Text(name),
                how: Raw(m.how.as_str()),
            });
        }
        out.mention_rows = w.into_bytes();
        out.mentions = self.tagged.mentions.len() as u64;
        counts.sort_unstable_by(|a, b| a.1.cmp(&b.1));
        counts
    }

    /// The `claims.csv` rows and the `claim_entities.csv` rows of each claim.
    fn claims(&self, claims: &[Claim], out: &mut Processed) {
        let (a, text) = (self.a, self.a.text);
        let mut ids = RowIds::new(a.id, "#c");
        let mut w = Rows::of::<ClaimRow>(self.opts);
        w.reserve(claims.iter().map(|c| c.span.len() + 2 * a.id.len() + 128).sum());
        let mut we = Rows::of::<ClaimEntityRow>(self.opts);
        let mut seen: Vec<EntityRef> = Vec::new();
        for (n, c) in claims.iter().enumerate() {
            let id = ids.get(n);
            let mut row = ClaimRow {
                claim_id: Text(id),
                article_id: Text(a.id),
                sentence: c.sentence as u64,
                kind: Raw(c.kind.as_str()),
                cue: Text(c.cue.map_or("", |cue| &text[cue])),
                claim_text: Text(&text[c.span]),
                start: self.at(c.span.start),
                end: self.at(c.span.end),
                negated: c.negated,
                ..ClaimRow::default()
            };
            if let Some(sp) = &c.speaker {
                let (sid, kind, name) = sp.entity.map(|e| self.entity(e)).unwrap_or(("", "", ""));
                row.speaker_text = Text(&text[sp.span]);
                row.speaker_start = Some(self.at(sp.span.start));
                row.speaker_end = Some(self.at(sp.span.end));
                row.speaker_entity_id = Raw(sid);
                row.speaker_type = Raw(kind);
                row.speaker_name = Text(name);
                row.speaker_how = Raw(sp.how.as_str());
            }
            w.row(&row);
            // The entities mentioned inside the claim's content, once each:
            // mentions are in text order and never overlap, so those inside
            // are the ones from the first that starts in it, up to the first
            // that ends after it.
            seen.clear();
            let mentions = &self.tagged.mentions;
            let first = mentions.partition_point(|m| m.span.start < c.span.start);
            for m in mentions[first..].iter().take_while(|m| m.span.end <= c.span.end) {
                if !seen.contains(&m.entity) {
                    seen.push(m.entity);
                    let (eid, kind, name) = self.entity(m.entity);
                    out.claim_entities += 1;
                    we.row(&ClaimEntityRow {
                        claim_id: Text(id),
                        entity_id: Raw(eid),
                        kind: Raw(kind),
                        name: Text(name),
                    });
                }
            }
        }
        out.claim_rows = w.into_bytes();
        out.claim_entity_rows = we.into_bytes();
        out.claims = claims.len() as u64;
    }

    /// The `articles.csv` row, with the counts of the rows above.
    fn article(&self, out: &mut Processed) {
        let a = self.a;
        let status = a.status.render();
        let mut w = Rows::of::<ArticleRow>(self.opts);
        let texts = [Some(a.id), Some(a.source), a.date, a.title, a.url, Some(&status)];
        w.reserve(texts.iter().flatten().map(|t| t.len()).sum::<usize>() + 96);
        w.row(&ArticleRow {
            article_id: Text(a.id),
            source: Text(a.source),
            date: Text(a.date.map(normalize_date).unwrap_or("")),
            title: Text(a.title.unwrap_or("")),
            url: Text(a.url.unwrap_or("")),
            chars: self.at(a.text.len()),
            sentences: a.sentences as u64,
            tokens: a.tokens as u64,
            mentions: out.mentions,
            claims: out.claims,
            status: Raw(&status),
        });
        out.article_row = w.into_bytes();
        out.status = a.status.clone();
    }
}

/// The ids of an article's rows, `<article><tag><n>` (`bbc-001#m12`),
/// composed in one buffer that keeps the article's part.
struct RowIds {
    id: String,
    /// The length of `<article><tag>`.
    stem: usize,
}

impl RowIds {
    fn new(article: &str, tag: &str) -> RowIds {
        let mut id = String::with_capacity(article.len() + tag.len() + 20);
        id.push_str(article);
        id.push_str(tag);
        RowIds { stem: id.len(), id }
    }

    /// The id of row `n`.
    fn get(&mut self, n: usize) -> &str {
        self.id.truncate(self.stem);
        self.id.push_str(itoa::Buffer::new().format(n));
        &self.id
    }
}

/// Appends the decimal digits of `n`.
fn push_digits(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        let on = WriteOptions::default();
        let raw = WriteOptions { sanitize: false, ..WriteOptions::default() };
        for (cell, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("-1+2", "'-1+2"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("North Korea", "North Korea"),
        ] {
            assert_eq!(safe_cell(cell, on), want, "{cell:?}");
        }
        assert_eq!(safe_cell("=raw", raw), "=raw");
    }

    #[test]
    fn formula_starts_are_told_by_the_first_byte() {
        for s in ["", "=", "+1", "-", "@", "\t", "\r", "a=", " =", "é", "＝1", "\u{80}", "'=", "\n"]
        {
            assert_eq!(starts_formula(s), s.starts_with(FORMULA_STARTS), "{s:?}");
        }
    }

    #[test]
    fn excel_cuts_long_cells() {
        let excel = WriteOptions { excel: true, ..WriteOptions::default() };
        let long = "é".repeat(EXCEL_MAX_CELL + 10);
        let cut = safe_cell(&long, excel);
        assert_eq!(cut.chars().count(), EXCEL_MAX_CELL);
        assert!(cut.ends_with(CUT_MARKER));
        let fits = "a".repeat(EXCEL_MAX_CELL);
        assert_eq!(safe_cell(&fits, excel), fits);
    }

    #[test]
    fn rows_encode_as_the_csv_crate_does() {
        let cells = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\r",
            "’curly’",
            " x ",
            "'q",
            "#",
            "-",
            "nine byte",
            "a cell of 31 bytes, with comma",
            "a cell of well over 32 bytes and a \"quote\" at its end\"",
        ];
        let opts = WriteOptions { sanitize: false, ..WriteOptions::default() };
        for a in cells {
            for b in cells {
                let mut rows = Rows::new("t.csv", &["a", "b"], opts);
                rows.begin();
                rows.raw(a);
                rows.raw(b);
                rows.end();
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(vec![]);
                w.write_record([a, b]).unwrap();
                assert_eq!(rows.into_bytes(), w.into_inner().unwrap(), "{a:?} {b:?}");
            }
        }
    }

    /// The word-at-a-time scan finds a quote-worthy byte wherever it is,
    /// in cells of every length around its word sizes, and nothing else.
    #[test]
    fn needs_quotes_finds_every_special_byte() {
        let naive = |b: &[u8]| b.iter().any(|c| b",\"\n\r".contains(c));
        for len in 0..80 {
            let plain: Vec<u8> = (0..len).map(|i| b"ab\t =+-@'\0\xc3\xa9#;"[i % 14]).collect();
            assert!(!needs_quotes(&plain), "{len}");
            for at in 0..len {
                for c in [b',', b'"', b'\n', b'\r', b'\0', b'\t', 0x2b, 0x2c ^ 0x80, b'\xe2'] {
                    let mut cell = plain.clone();
                    cell[at] = c;
                    assert_eq!(needs_quotes(&cell), naive(&cell), "{cell:?}");
                }
            }
        }
    }

    /// A text cell written in one pass is the cell [`safe_cell`] makes,
    /// written as a raw cell, in every mode.
    #[test]
    fn text_cells_are_safe_cells() {
        let cells = [
            "",
            "=",
            "=SUM(A1)",
            "+44 20",
            "-",
            "@cmd",
            "\tx",
            "\rx",
            "=a,b",
            "-\"q\"",
            "@x\ny",
            "'q",
            "a,b",
            "say \"hi\"",
            "\"",
            "\"\"",
            "line\nbreak",
            "cr\r",
            "’curly’",
            "Pyongyang — é",
            " =x",
            "#",
        ];
        let long = format!("={}", "é,\"".repeat(EXCEL_MAX_CELL));
        let modes = [(true, false), (false, false), (true, true), (false, true)];
        for format in [Format::Csv, Format::Jsonl] {
            for (sanitize, excel) in modes {
                let opts = WriteOptions { sanitize, excel, format, ..WriteOptions::default() };
                for cell in cells.iter().copied().chain([long.as_str()]) {
                    let (mut got, mut want) = (
                        Rows::new("t.csv", &["a", "b"], opts),
                        Rows::new("t.csv", &["a", "b"], opts),
                    );
                    for w in [&mut got, &mut want] {
                        w.begin();
                        w.raw("x");
                    }
                    got.text(cell);
                    want.raw(&safe_cell(cell, opts));
                    assert_eq!(got.into_bytes(), want.into_bytes(), "{cell:?} {opts:?}");
                }
            }
        }
    }

    #[test]
    fn row_ids_keep_the_article_part() {
        let mut ids = RowIds::new("bbc-001", "#m");
        for (n, want) in [(0, "bbc-001#m0"), (12, "bbc-001#m12"), (7, "bbc-001#m7")] {
            assert_eq!(ids.get(n), want);
        }
        assert_eq!(RowIds::new("", "#c").get(usize::MAX), format!("#c{}", usize::MAX));
    }

    #[test]
    fn numbers_are_decimal() {
        for format in [Format::Csv, Format::Jsonl] {
            let opts = WriteOptions { format, ..WriteOptions::default() };
            let (mut got, mut want) =
                (Rows::new("t.csv", &["a"], opts), Rows::new("t.csv", &["a"], opts));
            for n in [0, 9, 10, 99, 100, 12345, u64::MAX] {
                for w in [&mut got, &mut want] {
                    w.begin();
                }
                got.num(n);
                want.raw(&n.to_string());
                for w in [&mut got, &mut want] {
                    w.end();
                }
            }
            assert_eq!(got.into_bytes(), want.into_bytes());
        }
    }

    #[test]
    fn rows_encode_json_lines() {
        let opts = WriteOptions { format: Format::Jsonl, ..WriteOptions::default() };
        let mut rows = Rows::new("mentions.csv", &["a", "b", "c"], opts);
        rows.begin();
        rows.raw("x\"\\\n\u{1}é");
        rows.num(42);
        rows.text("=1");
        rows.end();
        let line = String::from_utf8(rows.into_bytes()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["table"], "mentions");
        assert_eq!(v["a"], "x\"\\\n\u{1}é");
        assert_eq!(v["b"], "42");
        assert_eq!(v["c"], "'=1");
        assert!(line.ends_with("}\n"));
    }

    /// A typed row writes its header from its field names and one cell per
    /// field, in order, in both formats.
    #[test]
    fn typed_rows_write_their_columns() {
        use super::super::rows::{CandidateRow, EntityRow};
        assert_eq!(
            EntityRow::HEADER,
            ["entity_id", "type", "name", "mentions", "articles", "parent", "subtype", "country"]
        );
        let row = CandidateRow { name: Text("=Hugh Hill"), count: 3, example: Text("a, b") };
        let mut csv = Rows::of::<CandidateRow>(WriteOptions::default());
        csv.row(&row);
        assert_eq!(csv.into_bytes(), b"'=Hugh Hill,3,\"a, b\"\n");
        let opts = WriteOptions { format: Format::Jsonl, ..WriteOptions::default() };
        let mut json = Rows::of::<CandidateRow>(opts);
        json.row(&row);
        let v: serde_json::Value = serde_json::from_slice(&json.into_bytes()).unwrap();
        assert_eq!(v["table"], "candidates");
        assert_eq!((v["name"].as_str(), v["count"].as_str()), (Some("'=Hugh Hill"), Some("3")));
    }
}
