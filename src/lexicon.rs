//! The lexicon: every word list the language rules use, kept as data.
//!
//! Each list is a file `gazetteers/lexicon/<name>.tsv` with a `word` column
//! (one entry per row) and two directives in its leading comments:
//!
//! ```text
//! # kind: token_lower
//! # disjoint: aux_words, leaders
//! word
//! said
//! ```
//!
//! - `kind`: how the rules compare a token with the list. `token`: one
//!   token, as written (case matters); `token_lower`: one token compared in
//!   lower case, so entries are lower case; `phrase`: several words.
//! - `disjoint`: lists that must share no entry with this one.
//!
//! The built-in lists are compiled into the binary with the other
//! gazetteers; a `-g` folder may override any of them, and a list it lacks
//! falls back to the built-in one (the lint says so). [`Lexicon::check`]
//! finds repeated entries, entries that can never match a token and
//! overlaps between lists that must be disjoint.
//!
//! # Example
//!
//! ```
//! use claimex::lexicon::Lexicon;
//!
//! let lex = Lexicon::builtin();
//! let set = lex.set("abbreviations");
//! assert!(set.contains_ascii_lowercase("Gen") && !set.contains("Gen"));
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::error::{Error, Location, Result};
use crate::fxhash::WordSet;

/// How the rules compare tokens with a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// One token, compared as written.
    Token,
    /// One token, compared in lower case: every entry is lower case.
    TokenLower,
    /// A phrase of one or more words.
    Phrase,
}

impl ListKind {
    fn parse(s: &str) -> Option<ListKind> {
        Some(match s {
            "token" => ListKind::Token,
            "token_lower" => ListKind::TokenLower,
            "phrase" => ListKind::Phrase,
            _ => return None,
        })
    }
}

/// One word list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordList {
    /// The list's name: its file name without `.tsv`.
    pub name: String,
    /// How tokens are compared with it.
    pub kind: ListKind,
    /// Lists that must share no entry with this one.
    pub disjoint: Vec<String>,
    /// The entries, in file order.
    pub words: Vec<String>,
    /// The file it was read from.
    pub path: PathBuf,
    /// The line of each entry.
    pub lines: Vec<usize>,
}

/// All word lists, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexicon {
    lists: BTreeMap<String, WordList>,
    /// Names of lists taken from the built-in lexicon because the folder
    /// loaded lacked them.
    fallback: Vec<String>,
}

/// The built-in lexicon, parsed once.
static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon::default();
    for (path, text) in crate::gazetteer::builtin_files() {
        if let Some(name) = list_name(Path::new(path)) {
            let full = Path::new("gazetteers").join(path);
            // The built-in files are checked by the test suite.
            let list = parse(&full, &name, text).expect("the built-in lexicon parses");
            lex.lists.insert(name, list);
        }
    }
    lex
});

/// The name of the list a file holds, when it is a lexicon file
/// (`lexicon/<name>.tsv`).
pub(crate) fn list_name(path: &Path) -> Option<String> {
    let parent = path.parent()?.file_name()?;
    if parent != "lexicon" || path.extension()? != "tsv" {
        return None;
    }
    Some(path.file_stem()?.to_string_lossy().into_owned())
}

/// Parses one list file.
pub(crate) fn parse(path: &Path, name: &str, text: &str) -> Result<WordList> {
    let err = |line: usize, msg: String| Error::Gazetteer { loc: Location::new(path, line), msg };
    let mut kind = None;
    let mut disjoint = Vec::new();
    let mut header = false;
    let mut words = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = if n == 1 { line.trim_start_matches('\u{FEFF}') } else { line };
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(v) = c.strip_prefix("kind:") {
                kind = Some(ListKind::parse(v.trim()).ok_or_else(|| {
                    err(
                        n,
                        format!("unknown kind `{}` (want token, token_lower or phrase)", v.trim()),
                    )
                })?);
            } else if let Some(v) = c.strip_prefix("disjoint:") {
                disjoint.extend(
                    v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from),
                );
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if !header {
            if line.split('\t').next().map(str::trim) != Some("word") {
                return Err(err(n, format!("the header must start with `word`, found `{line}`")));
            }
            header = true;
            continue;
        }
        // Entries are taken as written: a leading or trailing space would be
        // part of the entry, and the lint reports it.
        let word = line.split('\t').next().unwrap_or("");
        words.push(word.to_string());
        lines.push(n);
    }
    if !header {
        return Err(Error::Gazetteer {
            loc: Location { path: path.to_path_buf(), line: None },
            msg: "no header line".into(),
        });
    }
    let kind =
        kind.ok_or_else(|| err(1, "no `# kind:` line (token, token_lower or phrase)".into()))?;
    Ok(WordList { name: name.to_string(), kind, disjoint, words, path: path.to_path_buf(), lines })
}

impl Lexicon {
    /// The built-in lexicon (`gazetteers/lexicon/`, compiled in).
    pub fn builtin() -> &'static Lexicon {
        &BUILTIN
    }

    /// Adds a list read from a file; a list of the same name is replaced.
    pub(crate) fn insert(&mut self, list: WordList) {
        self.lists.insert(list.name.clone(), list);
    }

    /// Fills in the built-in lists this lexicon lacks, and remembers which.
    pub(crate) fn fill_from_builtin(&mut self) {
        for (name, list) in &Lexicon::builtin().lists {
            if !self.lists.contains_key(name) {
                self.lists.insert(name.clone(), list.clone());
                self.fallback.push(name.clone());
            }
        }
    }

    /// The list called `name`. Every list the rules use is built in, so a
    /// missing one is a bug of the build.
    pub fn list(&self, name: &str) -> &WordList {
        match self.lists.get(name) {
            Some(l) => l,
            None => panic!("the lexicon has no list `{name}` (gazetteers/lexicon/{name}.tsv)"),
        }
    }

    /// The entries of the list called `name`.
    pub fn words(&self, name: &str) -> &[String] {
        &self.list(name).words
    }

    /// The list called `name` as a set.
    pub fn set(&self, name: &str) -> WordSet {
        WordSet::new(self.words(name))
    }

    /// The union of several lists, as a set.
    pub fn union(&self, names: &[&str]) -> WordSet {
        WordSet::from_lists(names.iter().map(|n| self.words(n)))
    }

    /// All lists, by name.
    pub fn lists(&self) -> impl Iterator<Item = &WordList> {
        self.lists.values()
    }

    /// Lists taken from the built-in lexicon because the folder lacked them.
    pub fn fallback(&self) -> &[String] {
        &self.fallback
    }

    /// Lints the lexicon: `(error, where, message)` for repeated entries,
    /// entries that can never match a token, upper-case entries of a
    /// lower-case list, overlaps between disjoint lists, unknown lists
    /// named as disjoint, and lists that fell back to the built-in ones.
    pub fn check(&self) -> Vec<(bool, Location, String)> {
        let mut out = Vec::new();
        for l in self.lists.values() {
            let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
            for (w, &line) in l.words.iter().zip(&l.lines) {
                let loc = Location::new(&l.path, line);
                if let Some(first) = seen.insert(w.as_str(), line) {
                    out.push((false, loc.clone(), format!("`{w}` repeats line {first}")));
                }
                if let Some(why) = never_matches(l.kind, w) {
                    out.push((true, loc, format!("`{w}` can never match: {why}")));
                }
            }
            for other in &l.disjoint {
                let Some(o) = self.lists.get(other) else {
                    out.push((
                        false,
                        Location { path: l.path.clone(), line: None },
                        format!("disjoint from unknown list `{other}`"),
                    ));
                    continue;
                };
                for (w, &line) in l.words.iter().zip(&l.lines) {
                    if o.words.contains(w) {
                        out.push((
                            true,
                            Location::new(&l.path, line),
                            format!("`{w}` is also in `{other}`, which must not share entries"),
                        ));
                    }
                }
            }
        }
        for name in &self.fallback {
            out.push((
                false,
                Location { path: PathBuf::from(format!("lexicon/{name}.tsv")), line: None },
                format!("no list `{name}` in the folder: the built-in list is used"),
            ));
        }
        out
    }
}

/// Why an entry of a list of this kind can never equal a token, if so.
fn never_matches(kind: ListKind, w: &str) -> Option<&'static str> {
    if w.is_empty() {
        return Some("it is empty");
    }
    if w.trim() != w {
        return Some("it has space at an end");
    }
    if kind == ListKind::Phrase {
        return None;
    }
    if w.contains(char::is_whitespace) {
        return Some("it has several words, and the list holds single tokens");
    }
    if kind == ListKind::TokenLower && w.to_lowercase() != w {
        return Some("it has upper case, and the list is compared in lower case");
    }
    let doc = crate::tokenize::tokenize(w);
    if doc.tokens.len() != 1 || doc.tokens[0].span.len() != w.len() {
        return Some("the tokenizer splits it into several tokens");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives_and_entries() {
        let l = parse(
            Path::new("g/lexicon/x.tsv"),
            "x",
            "# a list\n# kind: token_lower\n# disjoint: y, z\nword\tnote\nsaid\tverb\nsays\n",
        )
        .unwrap();
        assert_eq!(l.kind, ListKind::TokenLower);
        assert_eq!(l.disjoint, ["y", "z"]);
        assert_eq!(l.words, ["said", "says"]);
        assert_eq!(l.lines, [5, 6]);
    }

    #[test]
    fn missing_kind_or_header_is_an_error() {
        let e = parse(Path::new("l/a.tsv"), "a", "word\nx\n").unwrap_err().to_string();
        assert!(e.starts_with("l/a.tsv:1: no `# kind:` line"), "{e}");
        let e = parse(Path::new("l/a.tsv"), "a", "# kind: token\nwords\n").unwrap_err().to_string();
        assert!(e.starts_with("l/a.tsv:2: the header must start with `word`"), "{e}");
        let e = parse(Path::new("l/a.tsv"), "a", "# kind: verb\nword\n").unwrap_err().to_string();
        assert!(e.contains("unknown kind `verb`"), "{e}");
    }

    #[test]
    fn lint_finds_repeats_dead_entries_and_overlaps() {
        let mut lex = Lexicon::default();
        lex.insert(
            parse(
                Path::new("lexicon/a.tsv"),
                "a",
                "# kind: token_lower\n# disjoint: b\nword\nsaid\nsaid,\nSaid\nsaid\nmay\n",
            )
            .unwrap(),
        );
        lex.insert(parse(Path::new("lexicon/b.tsv"), "b", "# kind: token\nword\nmay\n").unwrap());
        let msgs: Vec<String> =
            lex.check().iter().map(|(e, loc, m)| format!("{e} {loc}: {m}")).collect();
        assert!(
            msgs.contains(&"false lexicon/a.tsv:7: `said` repeats line 4".to_string()),
            "{msgs:?}"
        );
        assert!(msgs
            .iter()
            .any(|m| m.starts_with("true lexicon/a.tsv:5: `said,` can never match")));
        assert!(msgs.iter().any(|m| m.starts_with("true lexicon/a.tsv:6: `Said` can never match")));
        assert!(msgs.contains(
            &"true lexicon/a.tsv:8: `may` is also in `b`, which must not share entries".to_string()
        ));
    }

    #[test]
    fn builtin_lexicon_is_clean() {
        let problems = Lexicon::builtin().check();
        assert!(problems.is_empty(), "{problems:?}");
    }
}
