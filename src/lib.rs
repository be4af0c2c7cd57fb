/*!
claimex turns dumps of news articles into spreadsheet-ready tables of who is
mentioned and who claimed what.

# Brief overview

The pipeline has five stages, each a module with one input and one output:

1. [`read`]: input paths → [`read::Item`]s (an article, or a rejected one
   that still gets a row);
2. [`tokenize`]: text → [`tokenize::Document`] (sentences, tokens, layout);
3. [`tag`]: document → [`tag::Tagged`] (PERSON, COUNTRY, AGENCY mentions);
4. [`claims`]: document + mentions → [`claims::Claim`]s;
5. [`write`](mod@write): everything → CSV rows, appended in input order.

[`analyze`] runs stages 2 to 4 (and the [`candidates`] search) on one
article and encodes its rows; [`run()`](run::run) streams the input through them in
batches, in parallel with rayon, and writes byte-identical tables whatever
the number of threads. The data they share: [`gazetteer`] (entities,
titles, cues) and its [`lexicon`] (the rules' word lists), [`span`] and
[`shape`] (byte spans, word shapes); [`shard`] and [`merge`] split a run
over machines and join it again; [`pipe`] serves the Spark job that runs
many processes over one input.

# Example

```
use claimex::{gazetteer::Gazetteer, Pipeline};

let pipeline = Pipeline::new(Gazetteer::builtin().unwrap()).unwrap();
let text = "North Korea said that Russia was a friend.";
let a = pipeline.analyze(text, Some("2023-11-11"));
let names: Vec<&str> = a.tagged.mentions.iter().map(|m| &text[m.span.range()]).collect();
assert_eq!(names, ["North Korea", "Russia"]);
assert_eq!(&text[a.claims[0].span.range()], "Russia was a friend");
```
*/

#![deny(missing_docs)]

pub mod analyze;
pub mod candidates;
pub mod claims;
pub mod date;
pub mod error;
pub mod fxhash;
pub mod gazetteer;
pub mod layout;
pub mod lexicon;
pub mod merge;
pub mod pipe;
pub mod read;
pub mod review;
pub mod run;
pub mod shape;
pub mod shard;
pub mod span;
pub mod tag;
pub mod tokenize;
pub mod write;

pub use analyze::{Analysis, Pipeline};
pub use run::{run, Cancel, Config, Observer, Severity, Silent, Summary};
