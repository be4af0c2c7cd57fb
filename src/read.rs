//! Stage 1, read: decodes input files and splits them into articles.
//!
//! Input: the paths given on the command line (files, folders, `-` for
//! standard input). Output: an iterator of [`Item`]s in a stable order, one
//! per article, where a bad article is an [`Item::Rejected`], never dropped.

/// One article read from the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// `article_id` as the contract defines it (repeats already made unique).
    pub id: String,
    /// `source`: the path as read, plus `:LINE` for JSON Lines.
    pub source: String,
    /// The date as given (JSON `date`, or the `.txt` file's `date` marker).
    pub date: Option<String>,
    /// The title, when the input has one.
    pub title: Option<String>,
    /// The URL, when the input has one.
    pub url: Option<String>,
    /// The text every offset refers to.
    pub text: String,
    /// Reasons for a `warning:` status (repeated id, replaced bytes, …).
    pub warnings: Vec<String>,
}

/// An article that could not be processed; it still gets an `articles.csv` row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejected {
    /// `article_id` as the contract defines it.
    pub id: String,
    /// `source`: the path as read, plus `:LINE` for JSON Lines.
    pub source: String,
    /// The reason, without the `error: ` prefix.
    pub reason: String,
}

/// What the reader yields for each article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A readable article.
    Article(Article),
    /// An unreadable one.
    Rejected(Rejected),
}
