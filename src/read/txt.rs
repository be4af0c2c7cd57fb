//! `.txt` articles: one file, one article. BOM removed, UTF-16 by BOM,
//! else UTF-8 with bad bytes replaced (a warning); binary, empty and
//! over-limit files rejected.

use super::{rejected, too_large, Article, Item, ReadOptions, RejectReason, Warning};
use crate::error::Location;
use crate::layout;

/// Reads the bytes of one `.txt` article, named `name` (its `article_id`
/// and `source`), as a file of that name would be read: BOM removed,
/// UTF-16 by BOM, else UTF-8 with bad bytes replaced (a warning); binary,
/// empty and over-limit files rejected.
///
/// ```
/// use claimex::read::{txt, Item, ReadOptions};
///
/// let item = txt("nk.txt", b"\xEF\xBB\xBFdate 2024-01-02 Hi.".to_vec(), &ReadOptions::default());
/// let Item::Article(a) = item else { panic!() };
/// assert_eq!((a.text.as_str(), a.date.as_deref()), ("date 2024-01-02 Hi.", Some("2024-01-02")));
/// ```
pub fn txt(name: &str, raw: Vec<u8>, opts: &ReadOptions) -> Item {
    if raw.len() > opts.max_article_bytes {
        let at = Location::new(name, 1);
        return rejected(name, name, at, too_large(raw.len() as u64, opts.max_article_bytes));
    }
    txt_item(name.to_string(), name.to_string(), raw)
}

/// The item of a `.txt` file's bytes (already within the size limit).
pub(super) fn txt_item(id: String, shown: String, raw: Vec<u8>) -> Item {
    let decoded = match decode_txt(raw) {
        Ok(d) => d,
        Err(reason) => return rejected(&id, &shown, Location::new(&shown, 1), reason),
    };
    if decoded.text.trim().is_empty() {
        return rejected(&id, &shown, Location::new(&shown, 1), RejectReason::Empty);
    }
    let mut warnings = Vec::new();
    let mut location = Location::new(&shown, 1);
    if let Some((encoding, line)) = decoded.replaced {
        warnings.push(Warning::Replaced { encoding, line });
        location = Location::new(&shown, line);
    }
    let date = layout::date_prefix(&decoded.text).map(|(_, d)| d.to_string());
    Item::Article(Article {
        id,
        source: shown,
        date,
        title: None,
        url: None,
        text: decoded.text,
        warnings,
        location,
    })
}

/// The decoded text of a `.txt` file.
struct Decoded {
    text: String,
    /// What was replaced (`UTF-8`/`UTF-16`) and the line of the first one.
    replaced: Option<(&'static str, usize)>,
}

/// Decodes a `.txt` file: BOM removed, UTF-16 by BOM, else UTF-8 (lossily).
fn decode_txt(mut raw: Vec<u8>) -> Result<Decoded, RejectReason> {
    if let Some(rest) = raw.strip_prefix(b"\xFF\xFE") {
        return Ok(decode_utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = raw.strip_prefix(b"\xFE\xFF") {
        return Ok(decode_utf16(rest, u16::from_be_bytes));
    }
    if raw.starts_with(b"\xEF\xBB\xBF") {
        raw.drain(..3);
    }
    if looks_binary(&raw) {
        return Err(RejectReason::Binary);
    }
    match String::from_utf8(raw) {
        Ok(text) => Ok(Decoded { text, replaced: None }),
        Err(err) => {
            let bytes = err.as_bytes();
            let bad = err.utf8_error().valid_up_to();
            let line = line_of(&bytes[..bad]);
            let text = String::from_utf8_lossy(bytes).into_owned();
            Ok(Decoded { text, replaced: Some(("UTF-8", line)) })
        }
    }
}

fn decode_utf16(raw: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded {
    let units = raw.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(raw.len());
    let mut first_bad = None;
    for c in char::decode_utf16(units) {
        let c = c.unwrap_or_else(|_| {
            first_bad.get_or_insert(text.len());
            char::REPLACEMENT_CHARACTER
        });
        text.push(c);
    }
    if raw.len() % 2 == 1 {
        first_bad.get_or_insert(text.len());
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let replaced = first_bad.map(|at| ("UTF-16", line_of(&text.as_bytes()[..at])));
    Decoded { text, replaced }
}

/// 1-based line number of the byte just after `before`.
fn line_of(before: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', before).count() + 1
}

/// Binary sniffing on the first 8 KiB: more than a few NUL bytes, or more
/// than 30% control bytes other than tab, line ends and form feed.
pub(super) fn looks_binary(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(8192)];
    let nuls = memchr::memchr_iter(0, head).count();
    let controls =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    nuls > 2 || controls * 10 > head.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_decoding() {
        let d = decode_txt(b"\xEF\xBB\xBFdate 2023-11-11 Hi.\r\n".to_vec()).unwrap();
        assert_eq!(d.text, "date 2023-11-11 Hi.\r\n");
        assert!(d.replaced.is_none());
        let d = decode_txt(b"\xFF\xFEH\0i\0\n\0".to_vec()).unwrap();
        assert_eq!(d.text, "Hi\n");
        let d = decode_txt(b"\xFE\xFF\0H\0\xe9".to_vec()).unwrap();
        assert_eq!(d.text, "H\u{e9}");
        let d = decode_txt(b"\xFF\xFEa\0\n\0\x00\xd8b\0".to_vec()).unwrap();
        assert_eq!(d.text, "a\n\u{FFFD}b");
        assert_eq!(d.replaced, Some(("UTF-16", 2)));
        let d = decode_txt(b"one\ntwo\nthr\xffee\n\xfe".to_vec()).unwrap();
        assert_eq!(d.text, "one\ntwo\nthr\u{FFFD}ee\n\u{FFFD}");
        assert_eq!(d.replaced, Some(("UTF-8", 3)));
        assert_eq!(decode_txt(b"a\0b\0c\0d\0".to_vec()).err(), Some(RejectReason::Binary));
        assert_eq!(decode_txt(b"\x01\x02\x03\x04abc".to_vec()).err(), Some(RejectReason::Binary));
        assert!(decode_txt(b"tab\there\x0cpage".to_vec()).is_ok());
    }
}
