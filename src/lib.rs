//! claimex: news article dumps to spreadsheet-ready tables of who is
//! mentioned and who claimed what.

#![warn(missing_docs)]

pub mod layout;
pub mod read;
pub mod span;
