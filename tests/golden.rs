//! Golden output: every table of a run over the bundled `samples/` (articles
//! written for the project) is kept in `tests/golden/samples/`, and the
//! SHA-256 of every table of a run over the seed article (news text, which
//! the repository does not hold) in `tests/golden/seed.sha256`. Any change
//! of behaviour shows here as a diff to review; when it is wanted, bless the
//! new output with `CLAIMEX_BLESS=1 cargo test --test golden` and commit it
//! with the change.

mod common;

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use common::{claimex, repo, seed, tempdir};

const TABLES: &[&str] = common::ALL_TABLES;

fn bless() -> bool {
    std::env::var_os("CLAIMEX_BLESS").is_some()
}

/// Runs claimex in `cwd` on `input` (a relative path, so that ids and
/// sources do not depend on where the repository is) into a temp dir.
fn run(cwd: &Path, input: &str) -> tempfile::TempDir {
    let dir = tempdir();
    let out = dir.path().as_os_str();
    let rc = claimex(cwd, [input.as_ref(), "-q".as_ref(), "-o".as_ref(), out]);
    assert!(matches!(rc.code, Some(0 | 1)), "claimex failed: {}", rc.stderr);
    dir
}

/// The lines that differ between two tables, numbered, for the message.
fn diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let mut out = String::new();
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied(), g.get(i).copied());
        if a != b {
            out.push_str(&format!(
                "line {}:\n  - {}\n  + {}\n",
                i + 1,
                a.unwrap_or("∅"),
                b.unwrap_or("∅")
            ));
        }
    }
    out
}

#[test]
fn samples_tables_are_the_golden_ones() {
    let out = run(&repo(), "samples");
    let golden = repo().join("tests/golden/samples");
    let mut failures = Vec::new();
    for t in TABLES {
        let got = fs::read_to_string(out.path().join(t)).expect("the table was written");
        let path = golden.join(t);
        if bless() {
            fs::create_dir_all(&golden).unwrap();
            fs::write(&path, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            failures.push(format!("{t}:\n{}", diff(&want, &got)));
        }
    }
    assert!(
        failures.is_empty(),
        "the tables of samples/ changed (bless with CLAIMEX_BLESS=1 if intended):\n{}",
        failures.join("\n")
    );
}

#[test]
fn seed_tables_have_the_golden_digests() {
    let Some(seed) = seed() else { return };
    let name = seed.file_name().and_then(|n| n.to_str()).expect("a UTF-8 file name");
    let out = run(seed.parent().expect("a folder"), name);
    let got: String = TABLES
        .iter()
        .map(|t| {
            let bytes = fs::read(out.path().join(t)).expect("the table was written");
            format!("{:x}  {t}\n", Sha256::digest(&bytes))
        })
        .collect();
    let path = repo().join("tests/golden/seed.sha256");
    if bless() {
        fs::write(&path, &got).unwrap();
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == got,
        "the tables of the seed article changed (bless with CLAIMEX_BLESS=1 if intended):\n{}",
        diff(&want, &got)
    );
}
