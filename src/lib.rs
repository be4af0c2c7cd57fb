//! claimex: news article dumps to spreadsheet-ready tables of who is
//! mentioned and who claimed what.

#![warn(missing_docs)]

pub mod claims;
pub mod error;
pub mod gazetteer;
pub mod layout;
pub mod read;
pub mod tokenize;
pub mod span;
pub mod tag;
