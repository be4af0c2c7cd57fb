//! The input envelope (`--envelope`): what a pipe that splits one input
//! over many `claimex` processes (the Spark job) tells each of them about
//! every line, so that its rows are those of a one-machine run.
//!
//! One `claimex` process sees only its share of the lines, so it cannot
//! know a line's place in the whole input, the file it came from, or
//! whether its id was used by an earlier line in another share. With
//! `--envelope`, every line of standard input is
//!
//! ```text
//! ENVELOPE<TAB>LINE
//! ```
//!
//! where LINE is the input line, byte for byte as in its file (so that
//! error messages, column numbers, sizes and replaced bytes are those of a
//! one-machine run), and ENVELOPE a JSON object without tabs:
//!
//! | field | meaning |
//! |---|---|
//! | `seq` | the article's 0-based position in the whole input (blank lines are no article) |
//! | `file` | the file as the user named it (`source` is `FILE:LINE`) |
//! | `line` | the line's 1-based number in that file |
//! | `id` | optional: the article's final id, when a repeat made it `ID~N` |
//! | `repeat_of` | optional, with `id`: the id it repeats (the `warning: repeated id …`) |
//!
//! An article whose envelope gives no `id` keeps the line's own (its `id`,
//! else `FILE:LINE`), and the process does no repeat resolution of its
//! own: the pipe has done it over the whole input. A line whose envelope is
//! missing or malformed stops the run (exit 2): it is the pipe's bug, not
//! bad input.

use serde::Deserialize;

/// The longest envelope accepted, in bytes (a file name of a few thousand
/// bytes still fits).
pub const ENVELOPE_MAX: usize = 64 * 1024;

/// What the pipe says about one line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// 0-based position of the article in the whole input.
    pub seq: u64,
    /// The file as the user named it.
    pub file: String,
    /// 1-based line number in that file.
    pub line: u64,
    /// The final id, when it is not the line's own (a repeated id).
    #[serde(default)]
    pub id: Option<String>,
    /// The id the article repeats (gives its `repeated id` warning).
    #[serde(default)]
    pub repeat_of: Option<String>,
}

impl Envelope {
    /// Splits `ENVELOPE<TAB>LINE` into the envelope and the length of the
    /// `ENVELOPE<TAB>` prefix; the message says what is wrong.
    pub fn split(buf: &[u8]) -> Result<(Envelope, usize), String> {
        let Some(tab) = memchr::memchr(b'\t', buf) else {
            return Err(if buf.len() >= ENVELOPE_MAX {
                format!("no input envelope in the first {ENVELOPE_MAX} bytes")
            } else {
                "no input envelope (expected ENVELOPE<TAB>LINE, see --envelope)".to_string()
            });
        };
        let env: Envelope =
            serde_json::from_slice(&buf[..tab]).map_err(|e| format!("bad input envelope: {e}"))?;
        if env.line == 0 {
            return Err("bad input envelope: line numbers start at 1".into());
        }
        if env.repeat_of.is_some() && env.id.is_none() {
            return Err("bad input envelope: repeat_of without id".into());
        }
        Ok((env, tab + 1))
    }

    /// `FILE:LINE`: the article's `source`.
    pub fn source(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_envelope_and_line() {
        let buf = b"{\"seq\":7,\"file\":\"d/a.jsonl\",\"line\":9}\t{\"text\":\"a\\tb\"}";
        let (env, at) = Envelope::split(buf).unwrap();
        assert_eq!(env.seq, 7);
        assert_eq!(env.source(), "d/a.jsonl:9");
        assert_eq!(&buf[at..], b"{\"text\":\"a\\tb\"}");
        assert_eq!((env.id, env.repeat_of), (None, None));
        let buf = b"{\"seq\":1,\"file\":\"f\",\"line\":2,\"id\":\"x~2\",\"repeat_of\":\"x\"}\t";
        let (env, at) = Envelope::split(buf).unwrap();
        assert_eq!((env.id.as_deref(), env.repeat_of.as_deref()), (Some("x~2"), Some("x")));
        assert_eq!(at, buf.len());
    }

    #[test]
    fn refuses_what_a_pipe_got_wrong() {
        for (buf, want) in [
            (&b"{\"text\":\"no envelope\"}"[..], "no input envelope (expected"),
            (b"{\"seq\":1,\"file\":\"f\"}\tx", "bad input envelope: missing field `line`"),
            (b"{\"seq\":1,\"file\":\"f\",\"line\":1,\"sq\":2}\tx", "unknown field `sq`"),
            (b"{\"seq\":1,\"file\":\"f\",\"line\":0}\tx", "line numbers start at 1"),
            (b"{\"seq\":1,\"file\":\"f\",\"line\":3,\"repeat_of\":\"a\"}\tx", "without id"),
            (b"{\"seq\":-1,\"file\":\"f\",\"line\":3}\tx", "bad input envelope: invalid value"),
        ] {
            let err = Envelope::split(buf).unwrap_err();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
        }
    }
}
