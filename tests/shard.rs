//! `--shard K/N` + `--merge` give exactly the one-machine tables, and
//! `--emit jsonl` gives the same rows as the tables. See: #5
mod common;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// Every table a run writes, candidates included.
const ALL: &[&str] = common::ALL_TABLES;

fn run(dir: &Path, args: &[OsString]) -> Run {
    let r = claimex(dir, args);
    assert!(
        matches!(r.code, Some(0) | Some(1)),
        "claimex {args:?} exited {:?}\n{}",
        r.code,
        r.stderr
    );
    r
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(Into::into).collect()
}

/// Runs one machine, then N shards and a merge; compares every table byte
/// for byte. Returns the articles per shard.
fn shards_merge_to_one_run(dir: &Path, input: &Path, n: u32, extra: &[&str]) -> Vec<usize> {
    let one = dir.join("one");
    let mut args = os(&["-q", "-o"]);
    args.push(one.clone().into());
    args.extend(os(extra));
    args.push(input.into());
    let whole = run(dir, &args);
    let mut shard_dirs: Vec<PathBuf> = Vec::new();
    let mut per_shard = Vec::new();
    // Shards in reverse order, as on machines finishing in any order.
    for k in (0..n).rev() {
        let out = dir.join(format!("shard{k}"));
        let mut args = os(&["-q", "-j", "1", "--shard", &format!("{k}/{n}"), "-o"]);
        args.push(out.clone().into());
        args.extend(os(extra));
        args.push(input.into());
        run(dir, &args);
        per_shard.push(read_table(&out.join("articles.csv")).rows.len());
        shard_dirs.push(out);
    }
    let merged = dir.join("merged");
    let mut args = os(&["-q", "--merge", "-o"]);
    args.push(merged.clone().into());
    args.extend(os(extra));
    args.extend(shard_dirs.iter().map(|d| d.clone().into_os_string()));
    let merge = claimex(dir, &args);
    // The merge exits as the one-machine run does (1 when some article
    // has an error or warning status).
    merge.expect_code(whole.code.expect("the one-machine run exited"));
    let what = format!(" between one run and the merge of {n} shards");
    assert_same_tables_of(&one, &merged, ALL, &what);
    per_shard
}

#[test]
fn issue_5_three_shards_merge_to_one_run_on_samples() {
    let samples = repo().join("samples");
    if !samples.is_dir() {
        eprintln!("skipped: no samples/");
        return;
    }
    let tmp = tempdir();
    let per_shard = shards_merge_to_one_run(tmp.path(), &samples, 3, &[]);
    let total = read_table(&tmp.path().join("one/articles.csv")).rows.len();
    assert_eq!(per_shard.iter().sum::<usize>(), total);
}

/// A generated dump: repeated ids, lines without id, a broken line, an
/// article without text, non-ASCII text, names spelled two ways, a formula
/// cell, and enough articles that every shard gets some.
fn generated_jsonl() -> String {
    let people = ["Kim Jong Un", "Yoon Suk Yeol", "Theo van Gogh", "Theo Van Gogh", "Hugh Hill"];
    let places = ["North Korea", "Pyongyang", "Seoul", "Russia", "the U.S.", "Ukraine"];
    let mut out = String::new();
    for i in 0..240 {
        let p = people[i % people.len()];
        let q = people[(i * 7 + 3) % people.len()];
        let c = places[i % places.len()];
        let d = places[(i * 5 + 1) % places.len()];
        let text = format!(
            "{p} said that {c} would talk to {d}. “We will not back down,” {q} told reporters \
             in Zürich on Monday. According to KCNA, Mr {} met Boatmen Union leaders — \
             Hugh Hill and Émile Durand — on day {i}. {q} denied that {d} had sent troops.",
            p.split(' ').next_back().unwrap_or(p)
        );
        let line = match i % 40 {
            5 => "{\"id\": \"broken\", \"text\": ".to_string(),
            6 => format!("{{\"id\": \"no-text-{i}\"}}"),
            7 => format!("{{\"text\": {}}}", serde_json_string(&text)),
            8 | 9 => format!("{{\"id\": \"dup\", \"text\": {}}}", serde_json_string(&text)),
            10 => format!(
                "{{\"id\": \"=cmd{i}\", \"title\": \"-1+2\", \"text\": {}}}",
                serde_json_string(&text)
            ),
            _ => format!(
                "{{\"id\": \"gen-{i}\", \"date\": \"2023-0{}-1{}\", \"title\": \"Day {i}\", \"text\": {}}}",
                1 + i % 9,
                i % 10,
                serde_json_string(&text)
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn serde_json_string(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[test]
fn issue_5_three_shards_merge_to_one_run_on_generated_jsonl() {
    let tmp = tempdir();
    let input = tmp.path().join("gen.jsonl");
    write(&input, generated_jsonl());
    let per_shard = shards_merge_to_one_run(tmp.path(), &input, 3, &[]);
    assert!(per_shard.iter().all(|&n| n > 20), "uneven shards: {per_shard:?}");
    assert_eq!(per_shard.iter().sum::<usize>(), 240);
    let ids: Vec<String> = read_table(&tmp.path().join("one/articles.csv"))
        .rows
        .iter()
        .map(|r| r["article_id"].clone())
        .collect();
    assert!(ids.contains(&"dup~2".to_string()), "repeated ids get ~2 in every shard");
    // Both values of `negated` went through the shards. See: #12
    let negated: Vec<String> = read_table(&tmp.path().join("merged/claims.csv"))
        .rows
        .iter()
        .filter(|r| r["claim_text"].ends_with("had sent troops") || r["cue"] == "said")
        .map(|r| format!("{} {}", r["cue"], r["negated"]))
        .collect();
    for want in ["said false", "denied true"] {
        assert!(negated.contains(&want.to_string()), "no {want:?} claim: {negated:?}");
    }
}

/// A shard whose tables have other columns (one written by another
/// version, here before `negated`) is refused, not merged into a table
/// whose rows do not fit its header. See: #12
#[test]
fn merge_refuses_a_shard_with_other_columns() {
    let tmp = tempdir();
    let input = tmp.path().join("gen.jsonl");
    write(&input, generated_jsonl());
    for k in 0..2 {
        let mut args = os(&["-q", "--shard", &format!("{k}/2"), "-o", &format!("s{k}")]);
        args.push(input.clone().into());
        run(tmp.path(), &args);
    }
    let claims = tmp.path().join("s1/claims.csv");
    // The last column (`negated`, a bare word) of every line dropped.
    let old: String = fs::read_to_string(&claims)
        .unwrap()
        .lines()
        .map(|l| format!("{}\n", l.rsplit_once(',').map_or(l, |(rest, _)| rest)))
        .collect();
    assert!(old.starts_with("claim_id,") && old.lines().next().unwrap().ends_with(",speaker_how"));
    write(&claims, old);
    let r = claimex(tmp.path(), ["-q", "--merge", "-o", "m", "s0", "s1"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("claims.csv") && r.stderr.contains("another version"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("m/claims.csv").exists());
}

/// Shards of an input whose articles are all fine merge with exit 0; with
/// one repeated id (a warning) or one broken line (an error) anywhere, the
/// merge exits 1, as the one-machine run does, whichever shard has it.
#[test]
fn merge_exits_1_when_an_article_has_an_error_or_warning_status() {
    let good =
        "{\"id\":\"a\",\"text\":\"Russia said hi.\"}\n{\"id\":\"b\",\"text\":\"Seoul said hi.\"}\n";
    let cases = [
        ("clean", good.to_string(), 0),
        ("repeated id", format!("{good}{{\"id\":\"a\",\"text\":\"Again.\"}}\n"), 1),
        ("broken line", format!("{good}{{\"id\":\"c\",\"text\":\n"), 1),
    ];
    for (what, body, code) in cases {
        let tmp = tempdir();
        write(&tmp.path().join("in.jsonl"), body);
        for k in 0..2 {
            let shard = format!("{k}/2");
            let r =
                claimex(tmp.path(), ["-q", "--shard", &shard, "-o", &format!("s{k}"), "in.jsonl"]);
            assert!(matches!(r.code, Some(0 | 1)), "{what}: shard {shard}: {:?}", r.code);
        }
        claimex(tmp.path(), ["-q", "-o", "one", "in.jsonl"]).expect_code(code);
        let merged = claimex(tmp.path(), ["--merge", "-o", "m", "s0", "s1"]);
        assert_eq!(merged.code, Some(code), "{what}: merge exit\n{}", merged.stderr);
        eqnice!(
            fs::read(tmp.path().join("one/articles.csv")).unwrap(),
            fs::read(tmp.path().join("m/articles.csv")).unwrap()
        );
    }
}

#[test]
fn issue_5_one_shard_and_raw_cells_merge_too() {
    let tmp = tempdir();
    let input = tmp.path().join("gen.jsonl");
    write(&input, generated_jsonl());
    shards_merge_to_one_run(tmp.path(), &input, 1, &["--raw-cells"]);
}

#[test]
fn issue_5_merge_refuses_an_incomplete_set() {
    let tmp = tempdir();
    let input = tmp.path().join("gen.jsonl");
    write(&input, generated_jsonl());
    for k in 0..2 {
        let mut args = os(&["-q", "--shard", &format!("{k}/3"), "-o", &format!("s{k}")]);
        args.push(input.clone().into());
        run(tmp.path(), &args);
    }
    let r = claimex(tmp.path(), ["-q", "--merge", "-o", "m", "s0", "s1"]);
    r.expect_code(2);
    assert!(r.stderr.contains("shard 2/3 is missing"), "{}", r.stderr);
    let r = claimex(tmp.path(), ["-q", "--merge", "-o", "m", "s0", "s0", "s1"]);
    r.expect_code(2);
    assert!(!tmp.path().join("m/articles.csv").exists());
}

#[test]
fn issue_5_emit_jsonl_has_the_rows_of_the_tables() {
    let tmp = tempdir();
    let input = tmp.path().join("gen.jsonl");
    write(&input, generated_jsonl());
    let mut args = os(&["-q", "-o", "out"]);
    args.push(input.clone().into());
    run(tmp.path(), &args);
    let mut args = os(&["-q", "--emit", "jsonl"]);
    args.push(input.clone().into());
    let r = run(tmp.path(), &args);
    let mut seen_tables: Vec<String> = Vec::new();
    let mut by_table: std::collections::HashMap<String, Vec<Row>> = Default::default();
    for line in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let obj = v.as_object().expect("an object");
        let table = obj["table"].as_str().unwrap().to_string();
        if seen_tables.last() != Some(&table) {
            seen_tables.push(table.clone());
        }
        // `seq` and `row` (input positions) are no columns.
        let row: Row = obj
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "table" | "seq" | "row"))
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        by_table.entry(table).or_default().push(row);
    }
    let n = seen_tables.len();
    assert_eq!(seen_tables[n - 2..], ["entities", "candidates"], "entities, candidates last");
    assert_eq!(seen_tables.iter().filter(|t| *t == "entities").count(), 1);
    for name in ["articles", "entities", "mentions", "claims", "claim_entities"] {
        let want = read_table(&tmp.path().join(format!("out/{name}.csv"))).rows;
        let got = by_table.remove(name).unwrap_or_default();
        eqnice!(want, got, "{name}: --emit jsonl rows differ from {name}.csv");
    }
}
