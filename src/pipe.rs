//! What a pipe that runs many `claimex` processes over one input (the
//! Spark job, `scripts/spark/claimex_job.py`) needs besides `--emit jsonl`:
//!
//! - [`emit_ids`] (`--emit ids`, with `--envelope`): every line's position
//!   and the id it gives, before repeated ids are told apart, read without
//!   analysing anything, so that the pipe can settle repeats (`~2`) over
//!   the whole input before it analyses a line;
//! - [`schema`] (`--emit schema`): the tables, their columns and what each
//!   holds, and the characters that make a cell a formula, so that the pipe
//!   types its columns and neutralises its CSV cells as claimex does;
//! - [`from_rows`] (`--from-rows`): rows as `--emit jsonl --raw-cells`
//!   writes them, each table's rows in input order, back into the tables of
//!   `-o DIR` with the encoder of a run: byte for byte what `claimex -o`
//!   writes over the same input. Streamed: only the current row is held.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result};
use crate::read::{self, ReadOptions, STDIN_ARG, STDIN_LABEL};
use crate::write::{
    CellKind, Format, Rows, Tables, WriteOptions, CANDIDATE_MIN_COUNT, FORMULA_STARTS, TABLES,
    TABLE_KINDS,
};
use crate::{Cancel, Summary};

/// `--emit ids`: one `{"seq":N,"id":"…"}` line per item of `inputs`, no
/// analysis. With input envelopes (`opts.envelope`) the id is the line's
/// own (its `id`, else `FILE:LINE`, as the envelope names the line), before
/// any `~N`; the envelope's `seq` is written. Returns the items written.
pub fn emit_ids(inputs: &[PathBuf], opts: &ReadOptions, out: &mut dyn Write) -> Result<u64> {
    let mut reader = read::articles(inputs, opts);
    let io = |e| Error::io(Path::new(STDIN_ARG), e);
    let mut items = 0;
    let mut line = Vec::with_capacity(128);
    while let Some((seq, item)) = reader.next_positioned() {
        line.clear();
        line.extend_from_slice(b"{\"seq\":");
        line.extend_from_slice(seq.to_string().as_bytes());
        line.extend_from_slice(b",\"id\":");
        serde_json::to_writer(&mut line, item.id()).map_err(|e| Error::Other(e.to_string()))?;
        line.extend_from_slice(b"}\n");
        out.write_all(&line).map_err(io)?;
        items += 1;
    }
    if let Some(e) = reader.take_error() {
        return Err(e);
    }
    out.flush().map_err(io)?;
    Ok(items)
}

/// `--emit schema`: the tables in the order a run writes them, each with
/// its columns and what they hold ([`CellKind`]), the first characters
/// that make a text cell a formula (a neutralised cell starts with `'`),
/// and how often a candidate name must be seen to be in `candidates.csv`:
///
/// ```json
/// {"formula_starts":"=+-@\t\r","candidate_min_count":2,"tables":[{"table":"articles",
///  "columns":[{"name":"article_id","kind":"text"},…]},…]}
/// ```
pub fn schema() -> String {
    let tables: Vec<Value> = TABLES
        .iter()
        .zip(TABLE_KINDS)
        .map(|((file, header), (_, kinds))| {
            let columns: Vec<Value> = header
                .iter()
                .zip(kinds.iter())
                .map(|(name, kind)| serde_json::json!({"name": name, "kind": kind.as_str()}))
                .collect();
            serde_json::json!({"table": table_name(file), "columns": columns})
        })
        .collect();
    let starts: String = FORMULA_STARTS.iter().collect();
    serde_json::json!({
        "formula_starts": starts,
        "candidate_min_count": CANDIDATE_MIN_COUNT,
        "tables": tables,
    })
    .to_string()
}

/// A table's name in JSON Lines: its file name without `.csv`.
fn table_name(file: &str) -> &str {
    file.trim_end_matches(".csv")
}

/// The tables whose rows belong to one article each, in input order (the
/// others, `entities` and `candidates`, are whole-run aggregates).
const PER_ARTICLE: [&str; 4] = ["articles", "mentions", "claims", "claim_entities"];

/// How often [`from_rows`] looks at its [`Cancel`] handle, in rows.
const CANCEL_EVERY: u64 = 4096;

/// `--from-rows`: reads rows from `inputs` (files, or `-` for standard
/// input) as `--emit jsonl --raw-cells` writes them — `{"table": T,
/// COLUMN: CELL, …}`, every cell a string, with optional `seq` and `row`
/// — and writes them, each to its table, into the tables of `out`, with
/// the encoder of a run (`opts.sanitize` neutralises text cells as a run
/// does). Each table's rows must come in the table's order; the rows of
/// `entities` and `candidates` are written as given (they are the final,
/// whole-input rows). Rows with `seq` must not go back in input order.
///
/// Tables are replaced atomically, as a run replaces them. The summary
/// counts the `articles` rows and their `error:`/`warning:` statuses, so
/// that the exit status is that of a one-machine run.
pub fn from_rows(
    inputs: &[PathBuf],
    out: &Path,
    opts: WriteOptions,
    cancel: &Cancel,
) -> Result<Summary> {
    let started = std::time::Instant::now();
    let opts = WriteOptions { format: Format::Csv, ..opts };
    if opts.excel {
        return Err(Error::Usage("--from-rows does not support --excel".into()));
    }
    let mut tables = Tables::create(out, opts)?;
    let mut summary = Summary::default();
    let mut state = RowState::default();
    let mut result = Ok(());
    for input in inputs {
        result = rows_of(input, &mut tables, &mut state, &mut summary, opts, cancel);
        if result.is_err() {
            break;
        }
    }
    tables.conclude(result)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What [`from_rows`] remembers between rows: per table, the last
/// (`seq`, `row`), to check the order.
#[derive(Default)]
struct RowState {
    last: [Option<(u64, u64)>; PER_ARTICLE.len()],
    rows: u64,
}

/// Reads the rows of one input.
fn rows_of(
    input: &Path,
    tables: &mut Tables,
    state: &mut RowState,
    summary: &mut Summary,
    opts: WriteOptions,
    cancel: &Cancel,
) -> Result<()> {
    let (label, rdr): (String, Box<dyn BufRead>) = if input.as_os_str() == STDIN_ARG {
        (STDIN_LABEL.to_string(), Box::new(BufReader::with_capacity(1 << 20, io::stdin())))
    } else {
        let f = File::open(input).map_err(|e| Error::io(input, e))?;
        (input.display().to_string(), Box::new(BufReader::with_capacity(1 << 20, f)))
    };
    let mut rdr = rdr;
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        buf.clear();
        let got = rdr.read_until(b'\n', &mut buf).map_err(|e| Error::io(input, e))?;
        if got == 0 {
            return Ok(());
        }
        n += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        state.rows += 1;
        if state.rows % CANCEL_EVERY == 0 && cancel.is_cancelled() {
            return Err(Error::Interrupted);
        }
        let at = || Location::new(&label, n);
        one_row(&buf, tables, state, summary, opts)
            .map_err(|msg| Error::Other(format!("{}: {msg}", at())))?;
    }
}

/// Writes one row; the message says what is wrong with it.
fn one_row(
    line: &[u8],
    tables: &mut Tables,
    state: &mut RowState,
    summary: &mut Summary,
    opts: WriteOptions,
) -> std::result::Result<(), String> {
    let obj: Map<String, Value> =
        serde_json::from_slice(line).map_err(|e| format!("not a JSON row: {e}"))?;
    let table = match obj.get("table") {
        Some(Value::String(t)) => t.as_str(),
        Some(_) => return Err("\"table\" is not a string".into()),
        None => return Err("a row without \"table\"".into()),
    };
    let Some(index) = TABLES.iter().position(|(file, _)| table_name(file) == table) else {
        return Err(format!("unknown table {table:?}"));
    };
    let (file, header) = TABLES[index];
    let kinds = TABLE_KINDS[index].1;
    for key in obj.keys() {
        if !matches!(key.as_str(), "table" | "seq" | "row") && !header.contains(&key.as_str()) {
            return Err(format!("unknown column {key:?} in a {table} row"));
        }
    }
    let position = |key: &str| -> std::result::Result<Option<u64>, String> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| format!("\"{key}\" of a {table} row is not a position")),
        }
    };
    let (seq, row) = (position("seq")?, position("row")?);
    if let (Some(t), Some(seq)) = (PER_ARTICLE.iter().position(|&p| p == table), seq) {
        let key = (seq, row.unwrap_or(0));
        if state.last[t].is_some_and(|last| key <= last) {
            return Err(format!(
                "{table} rows out of input order (seq {seq}, row {} after {:?})",
                key.1, state.last[t]
            ));
        }
        state.last[t] = Some(key);
    }
    let mut w = Rows::new(file, header, opts);
    w.begin();
    for (col, kind) in header.iter().zip(kinds.iter()) {
        let cell = match obj.get(*col) {
            Some(Value::String(s)) => s.as_str(),
            Some(_) => return Err(format!("column {col:?} of a {table} row is not a string")),
            None => return Err(format!("a {table} row without column {col:?}")),
        };
        let digits = !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit());
        match kind {
            CellKind::Text => w.text(cell),
            CellKind::Raw => w.raw(cell),
            CellKind::Number if digits => w.raw(cell),
            CellKind::OptionalNumber if digits || cell.is_empty() => w.raw(cell),
            CellKind::Number | CellKind::OptionalNumber => {
                return Err(format!("column {col:?} of a {table} row is not a number: {cell:?}"))
            }
            CellKind::Flag if cell == "true" || cell == "false" => w.raw(cell),
            CellKind::Flag => {
                return Err(format!(
                    "column {col:?} of a {table} row is not true or false: {cell:?}"
                ))
            }
        }
    }
    w.end();
    tables.append_row(index, &w.into_bytes()).map_err(|e| e.to_string())?;
    match table {
        "articles" => {
            summary.articles += 1;
            let status = obj.get("status").and_then(Value::as_str).unwrap_or("");
            summary.errors += u64::from(status.starts_with("error:"));
            summary.warnings += u64::from(status.starts_with("warning:"));
        }
        "mentions" => summary.mentions += 1,
        "claims" => summary.claims += 1,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_table_with_typed_columns() {
        let v: Value = serde_json::from_str(&schema()).unwrap();
        assert_eq!(v["formula_starts"], "=+-@\t\r");
        assert_eq!(v["candidate_min_count"], 2);
        let tables = v["tables"].as_array().unwrap();
        let names: Vec<&str> = tables.iter().map(|t| t["table"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["articles", "entities", "mentions", "claims", "claim_entities", "candidates"]
        );
        let mentions = &tables[2]["columns"];
        assert_eq!(mentions[0], serde_json::json!({"name": "mention_id", "kind": "text"}));
        assert_eq!(mentions[3], serde_json::json!({"name": "start", "kind": "number"}));
        assert_eq!(mentions[6], serde_json::json!({"name": "entity_id", "kind": "raw"}));
        let claims = tables[3]["columns"].as_array().unwrap();
        let speaker_start = claims.iter().find(|c| c["name"] == "speaker_start").unwrap();
        assert_eq!(speaker_start["kind"], "optional_number");
        let last = claims.last().unwrap();
        assert_eq!(last, &serde_json::json!({"name": "negated", "kind": "flag"}));
    }
}
