//! JSON Lines articles: one line, one article, from a file or a stream,
//! plain, gzip or zstd (by magic bytes). Lines are read into a reused
//! buffer and a line over the size limit is skipped through, never held.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::Deserializer as _;
use serde_json::Value;

use super::envelope::{Envelope, ENVELOPE_MAX};
use super::txt::looks_binary;
use super::{rejected, too_large, Article, Item, RejectReason, Warning};
use crate::error::{Error, Location};
use crate::layout;

/// Counts the raw bytes read through it.
pub(super) struct Counting<R> {
    pub(super) inner: R,
    pub(super) bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// An open JSON Lines stream.
pub(super) struct LineSource {
    /// FILE as given or walked (`-` for standard input).
    label: String,
    /// The same, shared by the lines handed out unparsed.
    shared_label: Arc<str>,
    state: SourceState,
    /// Lines read so far (the current line's number once read).
    line: u64,
    buf: Vec<u8>,
    /// `gzip`/`zstd` once detected, for error messages.
    codec: Option<&'static str>,
    /// Every line carries an input envelope (`--envelope`).
    envelopes: bool,
    /// The current line's envelope: its position, file and line.
    envelope: Option<Envelope>,
    /// What ended the stream early (a line without a valid envelope).
    fatal: Option<Error>,
}

enum SourceState {
    /// Not yet sniffed for compression.
    Raw(Box<dyn Read + Send>, Arc<AtomicU64>),
    /// Reading lines.
    Open(Box<dyn BufRead + Send>),
    /// Ended (or broken).
    Done,
}

const GZIP_MAGIC: &[u8] = b"\x1f\x8b";
const ZSTD_MAGIC: &[u8] = b"\x28\xb5\x2f\xfd";

impl LineSource {
    pub(super) fn new(
        label: String,
        rdr: Box<dyn Read + Send>,
        bytes: Arc<AtomicU64>,
    ) -> LineSource {
        LineSource {
            shared_label: Arc::from(label.as_str()),
            label,
            state: SourceState::Raw(rdr, bytes),
            line: 0,
            buf: Vec::new(),
            codec: None,
            envelopes: false,
            envelope: None,
            fatal: None,
        }
    }

    /// Every line of this stream carries an input envelope.
    pub(super) fn expect_envelopes(&mut self) {
        self.envelopes = true;
    }

    /// The position that the last item's envelope gave, if it had one.
    pub(super) fn envelope_seq(&self) -> Option<u64> {
        self.envelope.as_ref().map(|e| e.seq)
    }

    /// What ended the stream early, once [`LineSource::next_item`] has
    /// returned `None`.
    pub(super) fn take_error(&mut self) -> Option<Error> {
        self.fatal.take()
    }

    /// The current line's file as shown: the envelope's, else the stream's.
    fn file(&self) -> &str {
        self.envelope.as_ref().map_or(&self.label, |e| &e.file)
    }

    /// The current line's number as shown: the envelope's, else the stream's.
    fn shown_line(&self) -> u64 {
        self.envelope.as_ref().map_or(self.line, |e| e.line)
    }

    /// `FILE:LINE` of the current line: its `source` (and `article_id`
    /// when it has no id).
    fn here(&self) -> String {
        format!("{}:{}", self.file(), self.shown_line())
    }

    fn location(&self) -> Location {
        Location::new(self.file(), self.shown_line() as usize)
    }

    /// The id and warning that the current line's envelope settled, if any.
    fn settled(&self) -> Option<(String, Option<String>)> {
        let Some(Envelope { id: Some(id), repeat_of, .. }) = &self.envelope else {
            return None;
        };
        Some((id.clone(), repeat_of.clone()))
    }

    /// The id and warning that the envelope settled, on the item.
    fn settle(&self, item: Item) -> Item {
        match self.settled() {
            Some(settled) => settle(item, &settled),
            None => item,
        }
    }

    fn reject(&self, id: Option<String>, reason: RejectReason) -> Item {
        let at = self.here();
        rejected(id.as_deref().unwrap_or(&at), &at, self.location(), reason)
    }

    /// Picks the decoder by magic bytes and checks for binary content;
    /// returns the file's rejection, if any.
    fn open(&mut self, rdr: Box<dyn Read + Send>, bytes: Arc<AtomicU64>) -> Option<Item> {
        self.line = 1;
        let raw = peek(Counting { inner: rdr, bytes }, 4);
        let decoded: Box<dyn Read + Send> = if raw.head.starts_with(GZIP_MAGIC) {
            self.codec = Some("gzip");
            Box::new(flate2::read::MultiGzDecoder::new(raw))
        } else if raw.head.starts_with(ZSTD_MAGIC) {
            self.codec = Some("zstd");
            match zstd::stream::read::Decoder::new(raw) {
                Ok(d) => Box::new(d),
                Err(err) => return Some(self.reject(None, self.stream_error(&err))),
            }
        } else {
            Box::new(raw)
        };
        // A read error here is kept for its place in the stream, so that the
        // lines before a break are still read.
        let decoded = peek(decoded, 8192);
        // Enveloped lines come from files that the pipe has checked; the
        // head of the stream is of no one file.
        if !self.envelopes
            && (decoded.head.starts_with(b"\xFF\xFE") || decoded.head.starts_with(b"\xFE\xFF"))
        {
            return Some(self.reject(None, RejectReason::Utf16Jsonl));
        }
        if !self.envelopes && looks_binary(&decoded.head) {
            return Some(self.reject(None, RejectReason::Binary));
        }
        self.line = 0;
        self.state = SourceState::Open(Box::new(BufReader::with_capacity(64 * 1024, decoded)));
        None
    }

    fn stream_error(&self, err: &io::Error) -> RejectReason {
        match self.codec {
            Some(codec) => RejectReason::Corrupt { codec, msg: err.to_string() },
            None => RejectReason::ReadError(err.to_string()),
        }
    }

    /// The next article (or rejection) of this stream; `None` at its end.
    /// A JSON line comes unparsed: its bytes appended to `out`.
    pub(super) fn next_line(&mut self, max: usize, out: &mut Vec<u8>) -> Option<Next> {
        if matches!(self.state, SourceState::Raw(..)) {
            if let SourceState::Raw(rdr, bytes) =
                std::mem::replace(&mut self.state, SourceState::Done)
            {
                if let Some(item) = self.open(rdr, bytes) {
                    return Some(Next::Item(item));
                }
            }
        }
        loop {
            let SourceState::Open(rdr) = &mut self.state else {
                return None;
            };
            self.line += 1;
            self.buf.clear();
            // An envelope comes on top of the line's own bytes.
            let limit = if self.envelopes { max.saturating_add(ENVELOPE_MAX) } else { max };
            let mut len = match read_line_bounded(rdr, &mut self.buf, limit) {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.state = SourceState::Done;
                    return None;
                }
                Err(err) => {
                    self.state = SourceState::Done;
                    self.envelope = None;
                    return Some(Next::Item(self.reject(None, self.stream_error(&err))));
                }
            };
            if self.envelopes {
                if self.buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match Envelope::split(&self.buf) {
                    Ok((envelope, at)) => {
                        self.buf.drain(..at);
                        len -= at;
                        self.envelope = Some(envelope);
                    }
                    Err(msg) => {
                        let at = format!("{}:{}", self.label, self.line);
                        self.fatal = Some(Error::Other(format!("{at}: {msg}")));
                        self.state = SourceState::Done;
                        return None;
                    }
                }
            }
            if self.shown_line() == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            if len > max {
                self.buf.truncate(max);
                let id = sniff_id(&String::from_utf8_lossy(&self.buf));
                let item = self.reject(id, too_large(len as u64, max));
                return Some(Next::Item(self.settle(item)));
            }
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let start = out.len();
            out.extend_from_slice(&self.buf);
            return Some(Next::Line(RawLine {
                range: start..out.len(),
                file: match &self.envelope {
                    Some(e) => Arc::from(e.file.as_str()),
                    None => Arc::clone(&self.shared_label),
                },
                line: self.shown_line(),
                settled: self.settled(),
            }));
        }
    }
}

/// What [`LineSource::next_line`] hands out.
#[derive(Clone, Debug)]
pub(super) enum Next {
    /// An item settled in the reader (a rejection).
    Item(Item),
    /// A JSON line to parse.
    Line(RawLine),
}

/// A JSON line read but not parsed yet: where its bytes are in the buffer
/// they were appended to, and what the reader knows of it. Parsing needs
/// nothing else, so it can happen on any thread, in any order.
#[derive(Clone, Debug)]
pub struct RawLine {
    /// Its bytes (without the line end, BOM or envelope) in the buffer.
    range: std::ops::Range<usize>,
    /// FILE as shown: the envelope's, else the stream's.
    file: Arc<str>,
    /// LINE as shown.
    line: u64,
    /// The id (and the id it repeats) that its envelope settled.
    settled: Option<(String, Option<String>)>,
}

impl RawLine {
    /// The line's length in bytes.
    pub fn len(&self) -> usize {
        self.range.len()
    }

    /// Whether the line is empty (never, for a line handed out).
    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    /// Parses the line, whose bytes are at its place in `buf`, into an
    /// item (the id its envelope settled, if any).
    pub fn parse(&self, buf: &[u8]) -> Item {
        let item = parse_line(&buf[self.range.clone()], &self.file, self.line);
        match &self.settled {
            Some(settled) => settle(item, settled),
            None => item,
        }
    }
}

/// The id and warning that an envelope settled, on the item.
fn settle(mut item: Item, (id, repeat_of): &(String, Option<String>)) -> Item {
    match &mut item {
        Item::Article(a) => {
            a.id.clone_from(id);
            if let Some(base) = repeat_of {
                a.warnings.push(Warning::RepeatedId(base.clone()));
            }
        }
        Item::Rejected(r) => r.id.clone_from(id),
    }
    item
}

/// Turns one JSON line (FILE and LINE as shown) into an item.
fn parse_line(buf: &[u8], file: &str, shown_line: u64) -> Item {
    let at = format!("{file}:{shown_line}");
    let location = || Location::new(file, shown_line as usize);
    let reject = |id: Option<String>, reason: RejectReason| {
        rejected(id.as_deref().unwrap_or(&at), &at, location(), reason)
    };
    let mut warnings = Vec::new();
    let lossy;
    let line = match std::str::from_utf8(buf) {
        Ok(s) => s,
        Err(_) => {
            warnings.push(Warning::Replaced { encoding: "UTF-8", line: shown_line as usize });
            lossy = String::from_utf8_lossy(buf).into_owned();
            &lossy
        }
    };
    // serde would also read a struct from a JSON array, by position.
    if !line.trim_start().starts_with('{') {
        let reason = match serde_json::from_str::<IgnoredAny>(line) {
            Ok(_) => RejectReason::NotAnObject,
            Err(err) => RejectReason::InvalidJson(json_message(&err)),
        };
        return reject(None, reason);
    }
    let raw: RawArticle = match serde_json::from_str(line) {
        Ok(raw) => raw,
        Err(err) => {
            let reason = RejectReason::InvalidJson(json_message(&err));
            return reject(sniff_id(line), reason);
        }
    };
    let id = raw.id.as_ref().and_then(scalar_string).filter(|s| !s.trim().is_empty());
    let text = match raw.text {
        Some(Value::String(text)) => text,
        None => return reject(id, RejectReason::NoText),
        Some(_) => return reject(id, RejectReason::TextNotString),
    };
    if text.trim().is_empty() {
        warnings.push(Warning::EmptyText);
    }
    let field =
        |v: &Option<Value>| v.as_ref().and_then(scalar_string).filter(|s| !s.trim().is_empty());
    let date = field(&raw.date).or_else(|| layout::date_prefix(&text).map(|(_, d)| d.to_string()));
    Item::Article(Article {
        id: id.unwrap_or_else(|| at.clone()),
        source: at,
        date,
        title: field(&raw.title),
        url: field(&raw.url),
        text,
        warnings,
        location: location(),
    })
}

/// One JSON line; unknown fields are ignored.
#[derive(Debug, serde::Deserialize)]
struct RawArticle {
    id: Option<Value>,
    date: Option<Value>,
    title: Option<Value>,
    url: Option<Value>,
    text: Option<Value>,
}

/// The string form of a string or number.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// serde_json's message with "line 1 column N" shortened to "column N"
/// (every line is parsed on its own; the line is in the location).
pub(super) fn json_message(err: &serde_json::Error) -> String {
    let msg = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match msg.strip_suffix(&suffix) {
        Some(head) => format!("{head} at column {}", err.column()),
        None => msg,
    }
}

/// The `id` of a possibly malformed or cut JSON object, when it comes
/// before the point where parsing fails.
pub(super) fn sniff_id(line: &str) -> Option<String> {
    struct Sniff<'a>(&'a mut Option<String>);
    impl<'de> Visitor<'de> for Sniff<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "id" {
                    let v: Value = map.next_value()?;
                    *self.0 = scalar_string(&v).filter(|s| !s.trim().is_empty());
                    return Ok(());
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut id = None;
    let mut de = serde_json::Deserializer::from_str(line);
    // The error (if any) is the one already being reported; only the id
    // captured before it matters here.
    let _ = de.deserialize_map(Sniff(&mut id));
    id
}

/// A reader whose first bytes have been read ahead into `head`; a read
/// error met while reading ahead is returned after `head`, in its place.
struct Peeked<R> {
    head: Vec<u8>,
    pos: usize,
    err: Option<io::Error>,
    rest: R,
}

impl<R: Read> Read for Peeked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.pos);
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(err) = self.err.take() {
            return Err(err);
        }
        self.rest.read(buf)
    }
}

/// Reads up to `n` bytes ahead (fewer at the end of the stream or at an error).
fn peek<R: Read>(mut rest: R, n: usize) -> Peeked<R> {
    let mut head = vec![0; n];
    let mut len = 0;
    let mut err = None;
    while len < n {
        match rest.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(k) => len += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    head.truncate(len);
    Peeked { head, pos: 0, err, rest }
}

/// Reads one line into `buf` (without its `\n`), keeping at most `max`
/// bytes of it; returns the line's full length, or `None` at the end.
pub(super) fn read_line_bounded<R: BufRead + ?Sized>(
    rdr: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<usize>> {
    let mut total = 0usize;
    let mut any = false;
    loop {
        let avail = match rdr.fill_buf() {
            Ok(b) => b,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if avail.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (chunk, found) = match memchr::memchr(b'\n', avail) {
            Some(i) => (&avail[..i], true),
            None => (avail, false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        total += chunk.len();
        let used = chunk.len() + usize::from(found);
        rdr.consume(used);
        if found {
            return Ok(Some(total));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_line_reader_keeps_at_most_max() {
        let mut rdr = BufReader::with_capacity(4, io::Cursor::new(b"abcdefghij\nxy".to_vec()));
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut rdr, &mut buf, 3).unwrap(), Some(10));
        assert_eq!(buf, b"abc");
        buf.clear();
        assert_eq!(read_line_bounded(&mut rdr, &mut buf, 3).unwrap(), Some(2));
        assert_eq!(buf, b"xy");
        buf.clear();
        assert_eq!(read_line_bounded(&mut rdr, &mut buf, 3).unwrap(), None);
    }

    #[test]
    fn json_messages_drop_line_one() {
        let err = serde_json::from_str::<RawArticle>("{\"text\": }").unwrap_err();
        assert_eq!(json_message(&err), "expected value at column 10");
    }

    #[test]
    fn sniffs_ids() {
        assert_eq!(sniff_id("{\"url\":\"u\",\"id\":\"k\",\"text\":"), Some("k".to_string()));
        assert_eq!(sniff_id("{\"id\":12.5"), Some("12.5".to_string()));
        assert_eq!(sniff_id("{\"text\":\"abc"), None);
        assert_eq!(sniff_id("garbage"), None);
    }
}
