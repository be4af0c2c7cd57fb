//! The project's own gold files (`tests/gold/`, see its README): the real
//! binary runs over the gold articles of the BBC corpus, and
//! `scripts/gold/gold.py` scores its tables. Each score has a floor: the
//! figure measured when the rules last changed, less a small margin, so that
//! a change that costs accuracy fails here and shows in review. Skipped when
//! the corpus (`../shared/corpus/news.jsonl`) or python3 is absent.

mod common;

use std::path::Path;
use std::process::Command;

use common::{claimex, repo, shared_file, tempdir};

/// Floors: (identity precision, identity recall, claims end-to-end F1).
const IDENTITY_MIN_P: &str = "0.97";
const IDENTITY_MIN_R: &str = "0.82";
const CLAIMS_MIN_F1: &str = "0.75";

fn python() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Runs `gold.py` with `args`; returns its stdout, panics with its output
/// when it fails.
fn gold_py(args: &[&str]) -> String {
    let script = repo().join("scripts/gold/gold.py");
    let out = Command::new("python3").arg(&script).args(args).output().expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "gold.py {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Extracts the gold file's articles, runs claimex on them and scores.
fn score(gold: &str, command: &str, floors: &[&str]) {
    if shared_file("corpus/news.jsonl").is_none() || !python() {
        eprintln!("skipped: the shared corpus or python3 is absent");
        return;
    }
    let dir = tempdir();
    let gold = repo().join("tests/gold").join(gold);
    let input = dir.path().join("gold.jsonl");
    gold_py(&["extract", path(&gold), path(&input)]);
    claimex(dir.path(), ["gold.jsonl", "-q", "-o", "out"]).expect_code(0);
    let out = dir.path().join("out");
    let mut args = vec![command, path(&gold), path(&out)];
    args.extend_from_slice(floors);
    let report = gold_py(&args);
    eprintln!("{report}");
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn identity_gold() {
    score(
        "identity.tsv",
        "score-identity",
        &["--min-p", IDENTITY_MIN_P, "--min-r", IDENTITY_MIN_R],
    );
}

#[test]
fn claims_gold() {
    score("claims.tsv", "score-claims", &["--min-f", CLAIMS_MIN_F1]);
}
