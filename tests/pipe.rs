//! The pieces the Spark job (`scripts/spark/claimex_job.py`) is made of,
//! put together by hand: an input split over several `claimex` processes
//! with input envelopes, their `--emit jsonl` rows ordered by `seq`/`row`,
//! entities and candidates added up by the rule of a run, and
//! `--from-rows` give byte for byte the tables of one `claimex -o` over the
//! same file. See: #15
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::{json, Map, Value};

use common::*;

/// A dump with what makes a split input hard: a byte-order mark, blank
/// lines, lines without id, ids repeated across the whole file (and a
/// later literal `dup~2`), a number id, a broken line whose id can still
/// be read, a line without text, bytes that are not UTF-8, a line over
/// `--max-article-bytes`, CRLF line ends, formula cells, articles without
/// a date, names that matched no gazetteer entry seen in several places
/// (candidates), and negated claims.
fn generated() -> Vec<u8> {
    let people = ["Kim Jong Un", "Hugh Hill", "Yoon Suk Yeol", "Theo van Gogh", "Theo Van Gogh"];
    let places = ["North Korea", "Pyongyang", "Seoul", "Russia", "the U.S."];
    let mut out: Vec<u8> = b"\xEF\xBB\xBF".to_vec();
    for i in 0..90 {
        let p = people[i % people.len()];
        let q = people[(i * 3 + 1) % people.len()];
        let c = places[i % places.len()];
        let text = format!(
            "{p} said that {c} would talk to Zorblatt Institute staff. \u{201c}We will not back \
             down,\u{201d} {q} told reporters. According to KCNA, Prime Minister Blair met \
             Boatmen Union leaders on day {i}.{}",
            // A claim that the source rejects: negated is true.
            if i % 4 == 0 { format!(" {q} denied that {c} had paid.") } else { String::new() }
        );
        let text = Value::from(text).to_string();
        let line: Vec<u8> = match i % 30 {
            3 => b"".to_vec(),
            4 => b"   \t ".to_vec(),
            5 => format!("{{\"text\": {text}}}").into_bytes(),
            6..=8 => format!("{{\"id\": \"dup\", \"text\": {text}}}").into_bytes(),
            9 => format!("{{\"id\": 42, \"text\": {text}}}").into_bytes(),
            10 => "{\"id\": \"broken-10\", \"text\": \"cut".to_string().into_bytes(),
            11 => format!("{{\"id\": \"no-text-{i}\"}}").into_bytes(),
            12 => {
                let mut l = b"{\"id\": \"latin1\", \"text\": \"caf\xe9 in Seoul, ".to_vec();
                l.extend_from_slice(b"Hugh Hill said.\"}");
                l
            }
            13 => format!("{{\"id\": \"big\", \"text\": \"{}\"}}", "x ".repeat(2000)).into_bytes(),
            14 => format!("{{\"id\": \"=cmd{i}\", \"title\": \"-1+2\", \"text\": {text}}}\r")
                .into_bytes(),
            15 => format!("{{\"id\": \"dup~2\", \"text\": {text}}}").into_bytes(),
            16 => format!("{{\"id\": \"n{i}\", \"text\": {text}}}").into_bytes(),
            _ => format!(
                "{{\"id\": \"a{i}\", \"date\": \"2004-0{}-1{}\", \"title\": \"Day {i}\", \"text\": {text}}}",
                1 + i % 9,
                i % 10
            )
            .into_bytes(),
        };
        out.extend_from_slice(&line);
        out.push(b'\n');
    }
    out
}

/// The input's articles as the job sends them: (seq, line number, bytes).
fn items(input: &[u8]) -> Vec<(u64, u64, Vec<u8>)> {
    let mut out = Vec::new();
    for (n, line) in input.split(|&b| b == b'\n').enumerate() {
        let line = if n == 0 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push((out.len() as u64, n as u64 + 1, line.to_vec()));
    }
    out
}

fn envelope(seq: u64, file: &str, line: u64, id: Option<(&str, &str)>) -> Vec<u8> {
    let mut env = json!({"seq": seq, "file": file, "line": line});
    if let Some((id, base)) = id {
        env["id"] = json!(id);
        env["repeat_of"] = json!(base);
    }
    let mut out = env.to_string().into_bytes();
    out.push(b'\t');
    out
}

/// A JSON Lines output, one object per line.
fn objects(stdout: &str) -> Vec<Map<String, Value>> {
    stdout
        .lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(Value::Object(o)) => o,
            other => panic!("not a JSON object: {l:?}: {other:?}"),
        })
        .collect()
}

fn cell<'a>(row: &'a Map<String, Value>, col: &str) -> &'a str {
    row.get(col).and_then(Value::as_str).unwrap_or_else(|| panic!("no {col} in {row:?}"))
}

fn num(row: &Map<String, Value>, col: &str) -> u64 {
    cell(row, col).parse().unwrap_or_else(|_| panic!("{col} is no number in {row:?}"))
}

/// A row's `seq`; `None` for a parent that no article mentions.
fn seq(row: &Map<String, Value>) -> Option<u64> {
    match &row["seq"] {
        Value::Null => None,
        v => Some(v.as_u64().unwrap_or_else(|| panic!("bad seq in {row:?}"))),
    }
}

/// Splits `file` over `parts` processes (article k to process k % parts:
/// no process sees a contiguous run), then puts their rows together as the
/// Spark job does and writes the tables with `--from-rows`; compares them
/// with `claimex -o` over the file.
fn split_run_equals_one_run(dir: &Path, file: &str, parts: usize, extra: &[&str]) {
    let raw_input = fs::read(dir.join(file)).unwrap();
    let one = claimex(dir, [&["-q", "-o", "one"], extra, &[file]].concat());
    assert!(matches!(one.code, Some(0 | 1)), "one run: {:?}\n{}", one.code, one.stderr);
    let items = items(&raw_input);

    // The ids each line gives, before repeats are told apart.
    let mut stream = Vec::new();
    for (seq, line, bytes) in &items {
        stream.extend(envelope(*seq, file, *line, None));
        stream.extend_from_slice(bytes);
        stream.push(b'\n');
    }
    let ids = claimex_stdin(dir, ["-", "--envelope", "--emit", "ids"], &stream);
    ids.expect_code(0);
    let ids = objects(&ids.stdout);
    assert_eq!(ids.len(), items.len(), "one id per article");
    // Repeats settled over the whole input: the one-machine ids, as they
    // are (no spreadsheet `'`).
    let rest: Vec<&str> = extra.iter().copied().filter(|a| *a != "--raw-cells").collect();
    let raw_one =
        claimex(dir, [&["-q", "--raw-cells", "-o", "one-raw"], &rest[..], &[file]].concat());
    assert_eq!(raw_one.code, one.code);
    let final_ids: Vec<String> = rows(&dir.join("one-raw/articles.csv"))
        .into_iter()
        .map(|r| r["article_id"].clone())
        .collect();
    assert_eq!(final_ids.len(), items.len());

    let mut per_process = vec![Vec::new(); parts];
    for ((seq, line, bytes), own) in items.iter().zip(&ids) {
        assert_eq!(own["seq"], json!(seq));
        let own = own["id"].as_str().unwrap();
        let settled = &final_ids[*seq as usize];
        let rename = (own != settled).then_some((settled.as_str(), own));
        let stream = &mut per_process[*seq as usize % parts];
        stream.extend(envelope(*seq, file, *line, rename));
        stream.extend_from_slice(bytes);
        stream.push(b'\n');
    }
    let mut rows_out: Vec<Map<String, Value>> = Vec::new();
    for stream in &per_process {
        let args =
            [&["-", "--envelope", "--emit", "jsonl", "-q", "-j", "1", "--raw-cells"], &rest[..]]
                .concat();
        let r = claimex_stdin(dir, args, stream);
        assert!(matches!(r.code, Some(0 | 1)), "a process: {:?}\n{}", r.code, r.stderr);
        rows_out.extend(objects(&r.stdout));
    }

    let mut ordered: Vec<Map<String, Value>> = Vec::new();
    for table in ["articles", "mentions", "claims", "claim_entities"] {
        let mut t: Vec<_> = rows_out.iter().filter(|r| cell(r, "table") == table).collect();
        t.sort_by_key(|r| (seq(r), r["row"].as_u64()));
        ordered.extend(t.into_iter().cloned());
    }
    // entities: counts summed, type and name of the first article.
    let mut entities: BTreeMap<String, (u64, Map<String, Value>, u64, u64)> = BTreeMap::new();
    for r in rows_out.iter().filter(|r| cell(r, "table") == "entities") {
        let first = seq(r).unwrap_or(u64::MAX);
        let e =
            entities.entry(cell(r, "entity_id").to_string()).or_insert((u64::MAX, r.clone(), 0, 0));
        if first < e.0 || e.0 == u64::MAX && first == u64::MAX {
            (e.0, e.1) = (first, r.clone());
        }
        e.2 += num(r, "mentions");
        e.3 += num(r, "articles");
    }
    for (_, (_, mut r, mentions, articles)) in entities {
        r.insert("mentions".into(), json!(mentions.to_string()));
        r.insert("articles".into(), json!(articles.to_string()));
        r.remove("seq");
        ordered.push(r);
    }
    // candidates: counts summed, the example of the first article, names
    // seen at least twice, most frequent first.
    let mut names: BTreeMap<String, (u64, u64, String)> = BTreeMap::new();
    for r in rows_out.iter().filter(|r| cell(r, "table") == "candidates") {
        let first = seq(r).expect("a candidate has the position of its example");
        let e = names.entry(cell(r, "name").to_string()).or_insert((0, u64::MAX, String::new()));
        e.0 += num(r, "count");
        if first < e.1 {
            (e.1, e.2) = (first, cell(r, "example").to_string());
        }
    }
    let mut names: Vec<_> = names.into_iter().filter(|(_, e)| e.0 >= 2).collect();
    names.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    assert!(names.len() >= 2, "the dump has candidates: {names:?}");
    for (name, (count, _, example)) in names {
        let row = json!({"table": "candidates", "name": name, "count": count.to_string(),
                         "example": example});
        ordered.push(row.as_object().unwrap().clone());
    }

    let mut stream = Vec::new();
    for r in &ordered {
        stream.extend(Value::Object(r.clone()).to_string().into_bytes());
        stream.push(b'\n');
    }
    let sanitize: Vec<&str> = extra.iter().copied().filter(|a| *a == "--raw-cells").collect();
    let merged = claimex_stdin(
        dir,
        [&["-q", "--from-rows", "-o", "merged", "-"], &sanitize[..]].concat(),
        &stream,
    );
    merged.expect_code(one.code.unwrap());
    let what = format!(" between one run and {parts} processes");
    assert_same_tables_of(&dir.join("one"), &dir.join("merged"), ALL_TABLES, &what);
}

#[test]
fn issue_15_envelopes_and_from_rows_give_the_one_machine_tables() {
    let tmp = tempdir();
    write(&tmp.path().join("dump.jsonl"), generated());
    for parts in [1, 3, 7] {
        let extra = ["--max-article-bytes", "3000"];
        split_run_equals_one_run(tmp.path(), "dump.jsonl", parts, &extra);
    }
    let articles = rows(&tmp.path().join("one/articles.csv"));
    let ids: Vec<&str> = articles.iter().map(|r| r["article_id"].as_str()).collect();
    for want in ["dup~2", "dup~3", "dup~2~2", "dump.jsonl:6", "broken-10", "big"] {
        assert!(ids.contains(&want), "{want} in {ids:?}");
    }
    let claims = rows(&tmp.path().join("one/claims.csv"));
    assert!(claims.iter().any(|r| r["negated"] == "true"), "a negated claim went through");
}

#[test]
fn issue_15_raw_cells_and_a_default_date_travel_too() {
    let tmp = tempdir();
    write(&tmp.path().join("d/dump.jsonl"), generated());
    let extra = ["--raw-cells", "--date", "2005-03-01", "--max-article-bytes", "3000"];
    split_run_equals_one_run(tmp.path(), "d/dump.jsonl", 3, &extra);
    let articles = rows(&tmp.path().join("one/articles.csv"));
    assert!(articles.iter().any(|r| r["date"] == "2005-03-01"), "--date filled a date");
    assert!(articles.iter().any(|r| r["article_id"] == "=cmd14"), "raw formula cell");
}

#[test]
fn issue_15_samples_split_over_processes() {
    let samples = repo().join("samples/articles.jsonl");
    if !samples.is_file() {
        eprintln!("skipped: no samples/articles.jsonl");
        return;
    }
    let tmp = tempdir();
    fs::copy(&samples, tmp.path().join("articles.jsonl")).unwrap();
    split_run_equals_one_run(tmp.path(), "articles.jsonl", 3, &[]);
}

/// An envelope only says what the pipe knows: an article it does not rename
/// keeps its own id, and `--emit ids` gives the id before any `~N`.
#[test]
fn issue_15_ids_are_the_lines_own() {
    let tmp = tempdir();
    let stream = [
        envelope(0, "in/a.jsonl", 2, None),
        b"{\"id\":\"x\",\"text\":\"One.\"}\n".to_vec(),
        envelope(4, "in/a.jsonl", 9, None),
        b"{\"id\":\"x\",\"text\":\"Two.\"}\n\n".to_vec(),
        envelope(5, "in/a.jsonl", 11, None),
        b"{\"text\":\"Three.\"}\n".to_vec(),
    ]
    .concat();
    let r = claimex_stdin(tmp.path(), ["-", "--envelope", "--emit", "ids"], &stream);
    r.expect_code(0);
    eqnice!(
        r.stdout,
        "{\"seq\":0,\"id\":\"x\"}\n{\"seq\":4,\"id\":\"x\"}\n{\"seq\":5,\"id\":\"in/a.jsonl:11\"}\n"
    );
    // Without a rename from the pipe, a process does not settle repeats.
    let r = claimex_stdin(tmp.path(), ["-", "--envelope", "--emit", "jsonl", "-q"], &stream);
    r.expect_code(0);
    let articles: Vec<_> =
        objects(&r.stdout).into_iter().filter(|o| cell(o, "table") == "articles").collect();
    let got: Vec<(&str, &str, u64)> = articles
        .iter()
        .map(|o| (cell(o, "article_id"), cell(o, "source"), o["seq"].as_u64().unwrap()))
        .collect();
    eqnice!(
        vec![
            ("x", "in/a.jsonl:2", 0),
            ("x", "in/a.jsonl:9", 4),
            ("in/a.jsonl:11", "in/a.jsonl:11", 5)
        ],
        got
    );
}

/// What the pipe gets wrong stops the run with exit 2 and a message
/// naming the line; the previous tables stay as they were.
#[test]
fn issue_15_a_bad_envelope_or_row_stops_the_run() {
    let tmp = tempdir();
    for (stdin, args, want) in [
        (
            &b"{\"id\":\"x\",\"text\":\"No envelope.\"}\n"[..],
            &["-", "--envelope", "--emit", "jsonl"][..],
            "stdin:1: no input envelope",
        ),
        (
            b"{\"seq\":0,\"file\":\"f\",\"line\":1}\t{\"text\":\"a\"}\n{\"seq\":1}\t{}\n",
            &["-", "--envelope", "--emit", "ids"],
            "stdin:2: bad input envelope: missing field `file`",
        ),
        (b"", &["in.jsonl", "--envelope", "--emit", "jsonl"], "--envelope is for standard input"),
        (b"", &["-", "--emit", "ids"], "--emit ids needs --envelope"),
        // The report needs each article's rows together; rows come table by table.
        (b"", &["--from-rows", "--review", "-o", "out", "-"], "cannot be used with '--review'"),
    ] {
        let r = claimex_stdin(tmp.path(), args, stdin);
        r.expect_code(2);
        assert!(r.stderr.contains(want), "{args:?}: {:?} should contain {want:?}", r.stderr);
    }

    write(&tmp.path().join("in.jsonl"), b"{\"id\":\"a\",\"text\":\"Seoul said so.\"}\n");
    claimex(tmp.path(), ["-q", "-o", "out", "in.jsonl"]).expect_code(0);
    let before = table_bytes(&tmp.path().join("out"));
    // A claims row whose flag is neither true nor false.
    let said = b"{\"id\":\"c\",\"text\":\"President Biden said the talks had failed.\"}\n";
    write(&tmp.path().join("said.jsonl"), said);
    let r = claimex(tmp.path(), ["-q", "--emit", "jsonl", "--raw-cells", "said.jsonl"]);
    let mut claim = objects(&r.stdout).into_iter().find(|o| o["table"] == "claims").unwrap();
    assert_eq!(claim["negated"], "false");
    claim.insert("negated".into(), Value::String("yes".into()));
    let negated_yes = format!("{}\n", Value::Object(claim));
    let art = |id: &str, seq: u64| {
        format!(
            "{{\"table\":\"articles\",\"article_id\":\"{id}\",\"source\":\"s\",\"date\":\"\",\"title\":\"\",\
             \"url\":\"\",\"chars\":\"1\",\"sentences\":\"1\",\"tokens\":\"1\",\"mentions\":\"0\",\
             \"claims\":\"0\",\"status\":\"ok\",\"seq\":{seq},\"row\":0}}\n"
        )
    };
    for (stdin, want) in [
        ("not json\n".to_string(), "stdin:1: not a JSON row"),
        (format!("{}{}", art("a", 3), art("b", 2)), "stdin:2: articles rows out of input order"),
        ("{\"table\":\"nope\"}\n".to_string(), "stdin:1: unknown table \"nope\""),
        (
            art("a", 0).replace("\"chars\":\"1\"", "\"chars\":\"x\""),
            "column \"chars\" of a articles row is not a number",
        ),
        (art("a", 0).replace("\"url\":\"\",", ""), "a articles row without column \"url\""),
        (art("a", 0).replace("\"url\"", "\"link\""), "unknown column \"link\""),
        (negated_yes.clone(), "column \"negated\" of a claims row is not true or false: \"yes\""),
    ] {
        let r =
            claimex_stdin(tmp.path(), ["-q", "--from-rows", "-o", "out", "-"], stdin.as_bytes());
        r.expect_code(2);
        assert!(r.stderr.contains(want), "{:?} should contain {want:?}", r.stderr);
        assert!(before == table_bytes(&tmp.path().join("out")), "tables left as they were");
    }
}

/// `--emit schema` tells the columns of every table and what they hold.
#[test]
fn issue_15_schema_names_every_column() {
    let tmp = tempdir();
    let r = claimex(tmp.path(), ["--emit", "schema"]);
    r.expect_code(0);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    for (file, header) in TABLES {
        let name = file.trim_end_matches(".csv");
        let t = v["tables"].as_array().unwrap().iter().find(|t| t["table"] == name).unwrap();
        let cols: Vec<&str> =
            t["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(&cols[..header.len()], *header, "{name}");
    }
}
