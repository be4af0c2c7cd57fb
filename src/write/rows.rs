//! The rows of every table, as types: a row struct's fields are the
//! table's columns, in order, so the headers, the CSV encoder and the JSON
//! Lines encoder all come from one definition and cannot drift apart.
//!
//! Each field is a [`Cell`]: [`Text`] (made safe for spreadsheets),
//! [`Raw`] (ids, kinds, statuses: written as they are), a number, an
//! optional number (empty when absent), or a flag (`true` / `false`).

use super::encode::Rows;

/// A text cell: neutralised when a spreadsheet would run it as a formula,
/// cut in Excel mode (see [`super::safe_cell`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Text<'a>(pub &'a str);

/// A cell written exactly as given: ids, kinds, statuses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Raw<'a>(pub &'a str);

/// What a column holds, as [`Cell`] types say it: `--emit schema` tells
/// it to the Spark job (typed Parquet columns, which cells to neutralise),
/// and `--from-rows` encodes each cell by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// [`Text`]: neutralised for spreadsheets.
    Text,
    /// [`Raw`]: ids, kinds, statuses, written as they are.
    Raw,
    /// A number (`u64`).
    Number,
    /// A number or an empty cell (`Option<u64>`).
    OptionalNumber,
    /// A flag (`bool`): `true` or `false`.
    Flag,
}

impl CellKind {
    /// The name `--emit schema` gives it: `text`, `raw`, `number`,
    /// `optional_number`, `flag`.
    pub fn as_str(self) -> &'static str {
        match self {
            CellKind::Text => "text",
            CellKind::Raw => "raw",
            CellKind::Number => "number",
            CellKind::OptionalNumber => "optional_number",
            CellKind::Flag => "flag",
        }
    }
}

/// One value of a row, written into a row buffer.
pub trait Cell {
    /// What the column holds.
    const KIND: CellKind;
    /// Writes the cell.
    fn put(&self, w: &mut Rows);
}

impl Cell for Text<'_> {
    const KIND: CellKind = CellKind::Text;
    #[inline]
    fn put(&self, w: &mut Rows) {
        w.text(self.0);
    }
}

impl Cell for Raw<'_> {
    const KIND: CellKind = CellKind::Raw;
    #[inline]
    fn put(&self, w: &mut Rows) {
        w.raw(self.0);
    }
}

impl Cell for u64 {
    const KIND: CellKind = CellKind::Number;
    #[inline]
    fn put(&self, w: &mut Rows) {
        w.num(*self);
    }
}

impl Cell for bool {
    const KIND: CellKind = CellKind::Flag;
    #[inline]
    fn put(&self, w: &mut Rows) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl Cell for Option<u64> {
    const KIND: CellKind = CellKind::OptionalNumber;
    #[inline]
    fn put(&self, w: &mut Rows) {
        match self {
            Some(n) => w.num(*n),
            None => w.raw(""),
        }
    }
}

/// A row of a table.
pub trait Row {
    /// The table's file name (`mentions.csv`); its stem names the table in
    /// JSON Lines.
    const TABLE: &'static str;
    /// The column names, in order: the field names.
    const HEADER: &'static [&'static str];
    /// What each column holds, in the same order.
    const KINDS: &'static [CellKind];
    /// Writes the row's cells, in column order.
    fn cells(&self, w: &mut Rows);
}

/// A column's name: the field's, or the one given after `as` (for
/// columns whose name is a keyword: `type`).
macro_rules! column {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $col:literal) => {
        $col
    };
}
pub(crate) use column;

/// Defines a row struct: its fields are the columns, in order.
macro_rules! row {
    (
        $(#[$meta:meta])*
        $name:ident $(<$lt:lifetime>)? => $table:literal {
            $($(#[$fmeta:meta])* $field:ident $(as $col:literal)?: $ty:ty),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name $(<$lt>)? {
            $($(#[$fmeta])* pub $field: $ty,)+
        }

        impl $(<$lt>)? $crate::write::Row for $name $(<$lt>)? {
            const TABLE: &'static str = $table;
            const HEADER: &'static [&'static str] =
                &[$($crate::write::column!($field $($col)?)),+];
            const KINDS: &'static [$crate::write::CellKind] =
                &[$(<$ty as $crate::write::Cell>::KIND),+];
            #[inline]
            fn cells(&self, w: &mut $crate::write::Rows) {
                $($crate::write::Cell::put(&self.$field, w);)+
            }
        }
    };
}
pub(crate) use row;

row! {
    /// A row of `articles.csv`: one per input article, bad ones included.
    ArticleRow<'a> => "articles.csv" {
        /// The article's id.
        article_id: Text<'a>,
        /// Where it was read: the path, plus `:LINE` for JSON Lines.
        source: Text<'a>,
        /// `YYYY-MM-DD` when the input's date starts with one, else as given.
        date: Text<'a>,
        /// Title.
        title: Text<'a>,
        /// URL.
        url: Text<'a>,
        /// Code points of the text.
        chars: u64,
        /// Sentences.
        sentences: u64,
        /// Tokens.
        tokens: u64,
        /// Mentions found.
        mentions: u64,
        /// Claims found.
        claims: u64,
        /// `ok`, `warning: …` or `error: …`.
        status: Raw<'a>,
    }
}

row! {
    /// A row of `entities.csv`: one per entity seen in the run.
    EntityRow<'a> => "entities.csv" {
        /// `C:KP`, `A:KCNA`, `P:KR:yoon_suk_yeol`, `P~hugh_hill`.
        entity_id: Raw<'a>,
        /// `PERSON`, `COUNTRY` or `AGENCY`.
        kind as "type": Raw<'a>,
        /// Canonical name.
        name: Text<'a>,
        /// Mentions in the run.
        mentions: u64,
        /// Articles mentioning it.
        articles: u64,
        /// The entity it belongs to (`C:GB` for `C:GB-SCT`), or empty.
        parent: Raw<'a>,
        /// The kind of agency (`party`, `ministry`, …), or empty.
        subtype: Raw<'a>,
        /// The ISO code of an agency's or a person's country, or empty.
        country: Raw<'a>,
    }
}

row! {
    /// A row of `mentions.csv`: one per entity mention.
    MentionRow<'a> => "mentions.csv" {
        /// `<article_id>#m<n>`.
        mention_id: Text<'a>,
        /// The article.
        article_id: Text<'a>,
        /// The sentence the mention starts in, from 0.
        sentence: u64,
        /// Start, in code points.
        start: u64,
        /// End (exclusive), in code points.
        end: u64,
        /// The name as written.
        text: Text<'a>,
        /// The entity.
        entity_id: Raw<'a>,
        /// Its type.
        kind as "type": Raw<'a>,
        /// Its canonical name.
        name: Text<'a>,
        /// How it was recognised.
        how: Raw<'a>,
    }
}

row! {
    /// A row of `claims.csv`: one per attributed claim.
    ClaimRow<'a> => "claims.csv" {
        /// `<article_id>#c<n>`.
        claim_id: Text<'a>,
        /// The article.
        article_id: Text<'a>,
        /// The sentence the content starts in, from 0.
        sentence: u64,
        /// `direct`, `indirect`, `according_to`, `nominal` or `mixed`.
        kind: Raw<'a>,
        /// The speaker as written.
        speaker_text: Text<'a>,
        /// Its start, in code points.
        speaker_start: Option<u64>,
        /// Its end, in code points.
        speaker_end: Option<u64>,
        /// The entity the speaker resolves to.
        speaker_entity_id: Raw<'a>,
        /// Its type.
        speaker_type: Raw<'a>,
        /// Its canonical name.
        speaker_name: Text<'a>,
        /// The cue word(s) as written.
        cue: Text<'a>,
        /// The content.
        claim_text: Text<'a>,
        /// Content start, in code points.
        start: u64,
        /// Content end, in code points.
        end: u64,
        /// How the speaker was resolved.
        speaker_how: Raw<'a>,
        /// The source rejects the content instead of asserting it.
        negated: bool,
    }
}

row! {
    /// A row of `claim_entities.csv`: an entity mentioned in a claim's content.
    ClaimEntityRow<'a> => "claim_entities.csv" {
        /// The claim.
        claim_id: Text<'a>,
        /// The entity.
        entity_id: Raw<'a>,
        /// Its type.
        kind as "type": Raw<'a>,
        /// Its canonical name.
        name: Text<'a>,
    }
}

row! {
    /// A row of `candidates.csv`: a capitalised name that matched nothing.
    CandidateRow<'a> => "candidates.csv" {
        /// The name as written.
        name: Text<'a>,
        /// How often it was seen.
        count: u64,
        /// The first sentence it was seen in.
        example: Text<'a>,
    }
}

/// What each column of [`TABLES`] holds: (file name, kinds), in the same
/// order.
pub const TABLE_KINDS: &[(&str, &[CellKind])] = &[
    (ArticleRow::TABLE, ArticleRow::KINDS),
    (EntityRow::TABLE, EntityRow::KINDS),
    (MentionRow::TABLE, MentionRow::KINDS),
    (ClaimRow::TABLE, ClaimRow::KINDS),
    (ClaimEntityRow::TABLE, ClaimEntityRow::KINDS),
    (CandidateRow::TABLE, CandidateRow::KINDS),
];

/// The tables, in the order they are written: (file name, header).
pub const TABLES: &[(&str, &[&str])] = &[
    (ArticleRow::TABLE, ArticleRow::HEADER),
    (EntityRow::TABLE, EntityRow::HEADER),
    (MentionRow::TABLE, MentionRow::HEADER),
    (ClaimRow::TABLE, ClaimRow::HEADER),
    (ClaimEntityRow::TABLE, ClaimEntityRow::HEADER),
    (CandidateRow::TABLE, CandidateRow::HEADER),
];
