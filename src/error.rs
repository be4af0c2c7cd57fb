//! The library's error type: every error that comes from a file says where.

use std::fmt;
use std::path::PathBuf;

/// A place in an input or gazetteer file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line number, when known.
    pub line: Option<usize>,
}

impl Location {
    /// A location at `line` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize) -> Location {
        Location { path: path.into(), line: Some(line) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(n) => write!(f, "{}:{}", self.path.display(), n),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Errors that stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A gazetteer file is malformed.
    #[error("{loc}: {msg}")]
    Gazetteer {
        /// Where.
        loc: Location,
        /// What is wrong.
        msg: String,
    },
    /// An I/O error on a named path.
    #[error("{path}: {err}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        err: std::io::Error,
    },
    /// A CSV error while writing a table.
    #[error("{path}: {err}")]
    Csv {
        /// The table being written.
        path: PathBuf,
        /// The error.
        err: csv::Error,
    },
    /// Shard folders that do not make one input, for `--merge`.
    #[error("{path}: {msg}")]
    Shard {
        /// The shard folder or file.
        path: PathBuf,
        /// What is wrong.
        msg: String,
    },
    /// Options that cannot work together, or a value out of range.
    #[error("{0}")]
    Usage(String),
    /// A matcher could not be built from the gazetteer (aho-corasick's
    /// message: e.g. too many patterns).
    #[error("building the {what} matcher: {msg}")]
    Matcher {
        /// Which matcher.
        what: &'static str,
        /// Why.
        msg: String,
    },
    /// A thread of the run could not start or died (a bug).
    #[error("{0}")]
    Thread(String),
    /// The run was interrupted (Ctrl-C, SIGTERM); the previous tables are
    /// intact.
    #[error("interrupted; the previous tables were left as they were")]
    Interrupted,
    /// Anything else that stops a run.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Error {
        Error::Io { path: path.into(), err }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
