//! The real binary on real files: default inputs, the seed article, JSON
//! Lines (plain, gzip, stdin), thread-count determinism, bad input, bad
//! gazetteers, atomic output and spreadsheet safety.
//!
//! Data from `../shared` (the seed article, the corpus) is read from there at
//! run time; those tests skip when it is absent.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// Runs `claimex -q -o out <inputs…>` in `dir` and returns the run and the
/// output folder.
fn run_in(dir: &Path, extra: &[&str], inputs: &[&Path]) -> (Run, PathBuf) {
    let out = dir.join("out");
    let mut args: Vec<std::ffi::OsString> = vec!["-q".into(), "-o".into(), out.clone().into()];
    args.extend(extra.iter().map(Into::into));
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    (claimex(dir, &args), out)
}

/// Runs `claimex -q -j J -o out{J} INPUT` in `dir` and returns the run and
/// the output folder.
fn run_threads(dir: &Path, j: &str, input: &Path) -> (Run, PathBuf) {
    let out = dir.join(format!("out{j}"));
    let args = ["-q".as_ref(), "-j".as_ref(), j.as_ref(), "-o".as_ref(), out.as_os_str()];
    (claimex(dir, args.iter().copied().chain([input.as_os_str()])), out)
}

/// Files left in a folder whose name ends in `.tmp`.
fn tmp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

fn samples() -> Option<PathBuf> {
    let dir = repo().join("samples");
    let has_files = fs::read_dir(&dir).map(|mut rd| rd.next().is_some()).unwrap_or(false);
    if has_files {
        Some(dir)
    } else {
        eprintln!("skipped: {} absent or empty", dir.display());
        None
    }
}

// ---------------------------------------------------------------------------
// Default inputs and headers

/// Runs the binary in `cwd` with no input, the variables that `cargo run`
/// sets removed, then those of `env` set.
fn claimex_no_input(cwd: &Path, env: &[(&str, &Path)]) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_claimex"));
    cmd.current_dir(cwd).arg("-q").env("RUST_BACKTRACE", "0");
    for var in ["CARGO_MANIFEST_DIR", "CARGO_PKG_NAME"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run the claimex binary");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// An installed binary run with no input prints a short usage and exits 2;
/// it does not read a `samples/` folder that happens to be in the current
/// folder, nor the one of the checkout it was built in.
#[test]
fn no_inputs_outside_cargo_run_prints_usage_and_exits_2() {
    let Some(samples) = samples() else { return };
    let tmp = tempdir();
    copy_dir(&samples, &tmp.path().join("samples"));
    let run = claimex_no_input(tmp.path(), &[]);
    run.expect_code(2);
    assert!(run.stderr.contains("Usage: claimex"), "stderr:\n{}", run.stderr);
    assert!(run.stderr.lines().count() <= 8, "not a short usage:\n{}", run.stderr);
    assert!(!tmp.path().join("output").exists(), "tables were written");
}

/// Under `cargo run` (CARGO_MANIFEST_DIR and CARGO_PKG_NAME in the
/// environment of the program) no input means the checkout's `samples/`,
/// read from wherever the checkout is now, whatever the current folder.
#[test]
fn no_inputs_under_cargo_run_processes_the_checkouts_samples() {
    let Some(samples) = samples() else { return };
    let tmp = tempdir();
    let checkout = tmp.path().join("moved-checkout");
    copy_dir(&samples, &checkout.join("samples"));
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let name = Path::new("claimex");
    let env = [("CARGO_MANIFEST_DIR", checkout.as_path()), ("CARGO_PKG_NAME", name)];

    // From another folder: the checkout's samples, by their full path.
    claimex_no_input(&elsewhere, &env).expect_code(0);
    let out = elsewhere.join("output");
    let articles = rows(&out.join("articles.csv"));
    assert!(!articles.is_empty(), "no article rows for {}", samples.display());
    for a in &articles {
        let source = Path::new(&a["source"]);
        assert!(source.starts_with(checkout.join("samples")), "source {}", source.display());
    }
    let from_elsewhere = articles.len();

    // From the checkout itself: `samples/…`, as a `claimex samples` there.
    claimex_no_input(&checkout, &env).expect_code(0);
    let out = checkout.join("output");
    check_headers(&out);
    let articles = rows(&out.join("articles.csv"));
    eqnice!(from_elsewhere, articles.len());
    for a in &articles {
        assert!(a["source"].starts_with("samples/"), "source {}", a["source"]);
        eqnice!("ok", a["status"], "status of {}", a["article_id"]);
    }
    let checked = check_offsets(&out, &checkout);
    assert!(checked > 0, "the samples gave no mentions or claims");
    check_no_overlap(&rows(&out.join("mentions.csv")));
    eqnice!(Vec::<String>::new(), tmp_files(&out), "temporary files left");
}

#[test]
fn headers_on_an_empty_folder() {
    let tmp = tempdir();
    fs::create_dir(tmp.path().join("in")).unwrap();
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("in")]);
    run.expect_code(0);
    check_headers(&out);
    for (name, _) in TABLES {
        eqnice!(0, rows(&out.join(name)).len(), "rows of {name}");
    }
}

#[test]
fn txt_given_directly_is_named_by_file_name() {
    let tmp = tempdir();
    write(
        &tmp.path().join("in/2023/nk.txt"),
        "date 2023-11-11 North Korea said that Russia was a friend.\n",
    );
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("in/2023/nk.txt")]);
    run.expect_code(0);
    let a = rows(&out.join("articles.csv"));
    eqnice!(1, a.len());
    eqnice!("nk.txt", a[0]["article_id"]);
    eqnice!("2023-11-11", a[0]["date"]);
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("in")]);
    run.expect_code(0);
    eqnice!("2023/nk.txt", rows(&out.join("articles.csv"))[0]["article_id"]);
    let m = rows(&out.join("mentions.csv"));
    eqnice!("2023/nk.txt#m0", m[0]["mention_id"]);
    check_offsets(&out, tmp.path());
}

// ---------------------------------------------------------------------------
// Committed fixtures (tests/fixtures/cli/folder): a BOM + CRLF article with
// an emoji, FAQ and Sources blocks; a plain article with leading spaces
// before its date; two JSON Lines articles.

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/cli/folder")
}

#[test]
fn fixtures_folder_golden() {
    let tmp = tempdir();
    let (run, out) = run_in(tmp.path(), &[], &[&fixtures()]);
    run.expect_code(0);
    check_headers(&out);
    assert!(check_offsets(&out, tmp.path()) > 20);
    check_no_overlap(&rows(&out.join("mentions.csv")));
    let a = rows(&out.join("articles.csv"));
    let got: Vec<(&str, &str, &str)> = a
        .iter()
        .map(|r| (r["article_id"].as_str(), r["date"].as_str(), r["status"].as_str()))
        .collect();
    eqnice!(
        vec![
            ("2024/bom_crlf.txt", "2024-03-02", "ok"),
            ("feed-1", "2023-11-11", "ok"),
            ("feed-2", "2019-02-27", "ok"),
            ("plain.txt", "2023-09-14", "ok"),
        ],
        got
    );

    let m = rows(&out.join("mentions.csv"));
    let of = |id: &str| -> Vec<(String, String, String)> {
        m.iter()
            .filter(|r| r["article_id"] == id)
            .map(|r| (r["text"].clone(), r["entity_id"].clone(), r["how"].clone()))
            .collect()
    };
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    let bom = of("2024/bom_crlf.txt");
    for want in [
        t("South Korean", "C:KR", "demonym"),
        t("North Korea", "C:KP", "exact"),
        t("Yoon Suk Yeol", "P:KR:yoon_suk_yeol", "exact"),
        t("Yoon", "P:KR:yoon_suk_yeol", "partial"),
        t("KCNA", "A:KCNA", "alias"),
    ] {
        assert!(bom.contains(&want), "{want:?} not in {bom:#?}");
    }
    // The date comes from the text's own `date` marker for a JSON text too.
    let feed2 = of("feed-2");
    assert!(feed2.contains(&t("Trump", "P:US:donald_trump", "title")), "{feed2:#?}");
    let plain = of("plain.txt");
    assert!(plain.contains(&t("Putin", "P:RU:vladimir_putin", "title")), "{plain:#?}");
    assert!(plain.contains(&t("Pyongyang", "C:KP", "metonym")), "{plain:#?}");

    let c = rows(&out.join("claims.csv"));
    let claim = |text: &str| {
        c.iter()
            .find(|r| r["claim_text"] == text)
            .unwrap_or_else(|| panic!("no claim {text:?} in {c:#?}"))
    };
    let q = claim("This is a grave provocation");
    eqnice!(
        ("direct", "Yoon Suk Yeol", "P:KR:yoon_suk_yeol"),
        (q["kind"].as_str(), q["speaker_text"].as_str(), q["speaker_entity_id"].as_str())
    );
    let k = claim("the launch was a routine drill");
    eqnice!(("according_to", "A:KCNA"), (k["kind"].as_str(), k["speaker_entity_id"].as_str()));
    // The question above that answer mentions "say that" but is no claim.
    assert!(
        !c.iter().any(|r| r["claim_text"].contains("launch was routine")),
        "a claim from a Q: line: {c:#?}"
    );
    let j = claim("the talks with China would resume in May");
    eqnice!(("indirect", "C:JP"), (j["kind"].as_str(), j["speaker_entity_id"].as_str()));
}

/// The same BOM + CRLF article re-encoded as UTF-16 (with BOM) gives the
/// same rows: offsets count the decoded text, BOM removed.
#[test]
fn utf16_article_gives_the_same_rows_as_utf8() {
    let text = decode_txt(&fs::read(fixtures().join("2024/bom_crlf.txt")).unwrap());
    let tmp = tempdir();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(&tmp.path().join("in16/a.txt"), utf16);
    write(&tmp.path().join("in8/a.txt"), text.as_bytes());
    let key = |m: &Row| ["text", "start", "end", "entity_id", "how"].map(|k| m[k].clone());
    let mut got = Vec::new();
    for dir in ["in8", "in16"] {
        let out = tmp.path().join(format!("out-{dir}"));
        let run =
            claimex(tmp.path(), ["-q".as_ref(), "-o".as_ref(), out.as_os_str(), dir.as_ref()]);
        run.expect_code(0);
        check_offsets(&out, tmp.path());
        got.push(rows(&out.join("mentions.csv")).iter().map(key).collect::<Vec<_>>());
    }
    assert!(!got[0].is_empty());
    eqnice!(got[0], got[1]);
}

// ---------------------------------------------------------------------------
// The seed article

/// The seed's text and the tables from processing it from a folder.
struct Seed {
    _tmp: tempfile::TempDir,
    text: String,
    mentions: Vec<Row>,
    claims: Vec<Row>,
}

fn seed_run() -> Option<Seed> {
    let seed = seed()?;
    let tmp = tempdir();
    let raw = fs::read(&seed).unwrap();
    write(&tmp.path().join("in/seed.txt"), &raw);
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("in")]);
    run.expect_code(0);
    check_headers(&out);
    assert!(check_offsets(&out, tmp.path()) > 0);
    Some(Seed {
        text: decode_txt(&raw),
        mentions: rows(&out.join("mentions.csv")),
        claims: rows(&out.join("claims.csv")),
        _tmp: tmp,
    })
}

impl Seed {
    /// Code-point offset of the first occurrence of `needle`.
    fn at(&self, needle: &str) -> usize {
        let b = self.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the seed"));
        self.text[..b].chars().count()
    }

    fn mention_at(&self, start: usize) -> Option<&Row> {
        self.mentions.iter().find(|m| m["start"] == start.to_string())
    }

    fn claims_where(&self, pred: impl Fn(&Row) -> bool) -> Vec<&Row> {
        self.claims.iter().filter(|c| pred(c)).collect()
    }

    fn summary(&self) -> String {
        self.claims
            .iter()
            .map(|c| {
                format!(
                    "{} [{}] {:?} ({}) -> {:?}",
                    c["claim_id"],
                    c["kind"],
                    c["speaker_text"],
                    c["speaker_entity_id"],
                    c["claim_text"]
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The one claim matching `pred`; panics listing every claim otherwise.
    fn claim(&self, what: &str, pred: impl Fn(&Row) -> bool) -> &Row {
        let found = self.claims_where(pred);
        assert!(!found.is_empty(), "no claim {what}; claims:\n{}", self.summary());
        found[0]
    }
}

#[test]
fn seed_mentions_never_overlap() {
    let Some(seed) = seed_run() else { return };
    check_no_overlap(&seed.mentions);
}

#[test]
fn seed_acceptance_mentions() {
    let Some(seed) = seed_run() else { return };
    let has =
        |ty: &str, text: &str| seed.mentions.iter().any(|m| m["type"] == ty && m["text"] == text);
    let mut missing = Vec::new();
    for (ty, texts) in [
        (
            "COUNTRY",
            &[
                "North Korea",
                "Russia",
                "South Korean",
                "United States",
                "North Korean",
                "Pyongyang",
                "Russian",
                "U.S.",
            ][..],
        ),
        ("PERSON", &["Kim Jong Un", "Yoon Suk Yeol", "Vladimir Putin"][..]),
        ("AGENCY", &["KCNA", "U.N. Security Council", "Reuters"][..]),
    ] {
        for t in texts {
            if !has(ty, t) {
                missing.push(format!("{ty} {t}"));
            }
        }
    }
    eqnice!(Vec::<String>::new(), missing, "missing mentions");

    // "North Korean news agency KCNA": a demonym, then the agency.
    let nk = seed.at("North Korean news agency KCNA");
    let m = seed.mention_at(nk).expect("a mention at \"North Korean news agency\"");
    eqnice!(
        ("North Korean", "C:KP", "demonym"),
        (m["text"].as_str(), m["entity_id"].as_str(), m["how"].as_str())
    );
    let kcna = seed.mention_at(nk + "North Korean news agency ".len()).expect("KCNA");
    eqnice!(("KCNA", "A:KCNA"), (kcna["text"].as_str(), kcna["entity_id"].as_str()));

    let py = seed.at("Pyongyang maintains");
    let m = seed.mention_at(py).expect("a mention of Pyongyang");
    eqnice!(("C:KP", "metonym"), (m["entity_id"].as_str(), m["how"].as_str()));

    // Later surnames link back to the full names, possessive excluded.
    for (needle, text, id) in [
        ("Yoon’s claims", "Yoon", "P:KR:yoon_suk_yeol"),
        ("Kim’s week-long", "Kim", "P:KP:kim_jong_un"),
    ] {
        let m =
            seed.mention_at(seed.at(needle)).unwrap_or_else(|| panic!("no mention at {needle:?}"));
        eqnice!((text, id), (m["text"].as_str(), m["entity_id"].as_str()), "at {needle:?}");
        assert!(
            ["partial", "title"].contains(&m["how"].as_str()),
            "how of {needle:?} is {}",
            m["how"]
        );
    }
}

#[test]
fn seed_acceptance_claims() {
    let Some(seed) = seed_run() else { return };
    let speaker = |c: &Row| c["speaker_entity_id"].clone();
    for (what, starts) in [
        ("starting \"it is only natural\"", "it is only natural for neighboring countries"),
        ("starting \"it is customary\"", "it is customary for neighboring nations"),
    ] {
        let c = seed.claim(what, |c| c["claim_text"].starts_with(starts));
        eqnice!("C:KP", speaker(c), "speaker of the claim {what}");
    }
    for needle in ["natural and normal practice", "malign attempt to slander"] {
        let c = seed.claim(needle, |c| c["claim_text"].contains(needle));
        eqnice!("C:KP", speaker(c), "speaker of {needle:?}");
    }
    let c =
        seed.claim("ending \"were unfounded\"", |c| c["claim_text"].ends_with("were unfounded"));
    eqnice!("A:KCNA", speaker(c), "speaker of \"…were unfounded\"");

    // Two "direct provocation" claims by Yoon: the nominal one in the body
    // ("Yoon’s claims that …") and the FAQ answer ("President Yoon voiced
    // concerns that …").
    let faq = seed.at("Frequently Asked Questions");
    let prov = seed.claims_where(|c| {
        c["claim_text"].contains("direct provocation")
            && c["speaker_entity_id"] == "P:KR:yoon_suk_yeol"
    });
    let start = |c: &Row| c["start"].parse::<usize>().unwrap();
    assert!(
        prov.iter().any(|c| c["kind"] == "nominal" && start(c) < faq),
        "no nominal \"direct provocation\" claim by Yoon in the body; claims:\n{}",
        seed.summary()
    );
    assert!(
        prov.iter().any(|c| start(c) > faq),
        "no \"direct provocation\" claim by Yoon from the FAQ answer; claims:\n{}",
        seed.summary()
    );

    let c = seed.claim("\"foreign policy will not be constrained\"", |c| {
        c["claim_text"].contains("foreign policy will not be constrained")
    });
    eqnice!(("Pyongyang", "C:KP"), (c["speaker_text"].as_str(), c["speaker_entity_id"].as_str()));

    let arms = seed.claims_where(|c| c["claim_text"].contains("potential arms trade"));
    assert!(!arms.is_empty(), "no \"potential arms trade\" claim; claims:\n{}", seed.summary());
    for c in arms {
        eqnice!(
            "U.S. and South Korean officials",
            c["speaker_text"],
            "speaker of {:?}",
            c["claim_text"]
        );
    }

    // No claim starts inside a `Q:` line.
    let mut pos = 0;
    for line in seed.text.split('\n') {
        let len = line.chars().count();
        if line.starts_with("Q:") {
            for c in &seed.claims {
                let s: usize = c["start"].parse().unwrap();
                assert!(
                    !(pos..pos + len).contains(&s),
                    "claim {} starts inside the question {line:?}",
                    c["claim_id"]
                );
            }
        }
        pos += len + 1;
    }
}

/// The mention columns that must not depend on the container format.
fn mention_key(m: &Row) -> [String; 5] {
    ["text", "start", "end", "entity_id", "how"].map(|k| m[k].clone())
}

#[test]
fn seed_as_gzipped_json_lines_gives_the_same_mentions() {
    let Some(seed) = seed_run() else { return };
    let tmp = tempdir();
    let line = serde_json::json!({ "id": "seed", "text": seed.text }).to_string();
    write(&tmp.path().join("seed.jsonl.gz"), gzip(format!("{line}\n").as_bytes()));
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("seed.jsonl.gz")]);
    run.expect_code(0);
    check_offsets(&out, tmp.path());
    let a = rows(&out.join("articles.csv"));
    eqnice!(("seed", "2023-11-11"), (a[0]["article_id"].as_str(), a[0]["date"].as_str()));
    let from_json: Vec<_> = rows(&out.join("mentions.csv")).iter().map(mention_key).collect();
    let from_txt: Vec<_> = seed.mentions.iter().map(mention_key).collect();
    eqnice!(from_txt, from_json);
    let m = rows(&out.join("mentions.csv"));
    eqnice!("seed#m0", m[0]["mention_id"]);
}

// ---------------------------------------------------------------------------
// Determinism

/// Runs `-j 1` and `-j 2` on `input`, asserts byte-identical tables and
/// returns the temp dir and the `-j 1` output folder.
fn same_output_for_1_and_2_threads(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempdir();
    let mut outs = Vec::new();
    for j in ["1", "2"] {
        let (run, out) = run_threads(tmp.path(), j, input);
        assert!(
            matches!(run.code, Some(0 | 1)),
            "-j {j} on {}: exit {:?}\n{}",
            input.display(),
            run.code,
            run.stderr
        );
        outs.push(out);
    }
    assert_same_tables(&outs[0], &outs[1]);
    let first = outs.swap_remove(0);
    (tmp, first)
}

/// The corpus is run twice only (it is the slowest input): the `-j 1`
/// output is also checked for offsets and overlaps.
#[test]
fn threads_do_not_change_output_on_corpus_and_offsets_are_right() {
    let Some(corpus) = shared_file("corpus/news.jsonl") else { return };
    let (tmp, out) = same_output_for_1_and_2_threads(&corpus);
    let n = check_offsets(&out, tmp.path());
    assert!(n > 1000, "only {n} rows checked");
    check_no_overlap(&rows(&out.join("mentions.csv")));
}

#[test]
fn threads_do_not_change_output_on_samples() {
    let Some(samples) = samples() else { return };
    let (tmp, out) = same_output_for_1_and_2_threads(&samples);
    check_offsets(&out, tmp.path());
}

// ---------------------------------------------------------------------------
// Bad input is reported, never dropped

#[test]
fn bad_json_lines_get_error_rows_and_exit_1() {
    let tmp = tempdir();
    write(
        &tmp.path().join("bad.jsonl"),
        concat!(
            "{\"id\":\"a\",\"text\":\"North Korea said that Russia was a friend.\"}\n",
            "{\"id\":\"b\",\"text\":\"cut off\n",
            "{\"id\":\"c\",\"title\":\"no text here\"}\n",
            "{\"id\":\"d\",\"text\":\"Russia said that the talks went well.\"}\n",
        ),
    );
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("bad.jsonl")]);
    run.expect_code(1);
    for line in ["bad.jsonl:2", "bad.jsonl:3"] {
        assert!(run.stderr.contains(line), "stderr does not name {line}:\n{}", run.stderr);
    }
    let a = rows(&out.join("articles.csv"));
    let got: Vec<(&str, bool)> =
        a.iter().map(|r| (r["source"].as_str(), r["status"].starts_with("error: "))).collect();
    eqnice!(
        vec![
            ("bad.jsonl:1", false),
            ("bad.jsonl:2", true),
            ("bad.jsonl:3", true),
            ("bad.jsonl:4", false)
        ],
        got
    );
    eqnice!("ok", a[0]["status"]);
    eqnice!("ok", a[3]["status"]);
    check_offsets(&out, tmp.path());
}

#[test]
fn empty_and_unreadable_txt_get_error_rows() {
    let tmp = tempdir();
    let dir = tmp.path().join("in");
    write(&dir.join("a.txt"), "Russia said that the talks went well.\n");
    write(&dir.join("empty.txt"), "");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("no-such-file"), dir.join("gone.txt")).unwrap();
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("in")]);
    run.expect_code(1);
    let a = rows(&out.join("articles.csv"));
    let status: HashMap<&str, &str> =
        a.iter().map(|r| (r["article_id"].as_str(), r["status"].as_str())).collect();
    eqnice!(Some(&"ok"), status.get("a.txt"));
    assert!(status.get("empty.txt").is_some_and(|s| s.starts_with("error:")), "{status:?}");
    #[cfg(unix)]
    assert!(status.get("gone.txt").is_some_and(|s| s.starts_with("error:")), "{status:?}");
    assert!(run.stderr.contains("empty.txt"), "stderr:\n{}", run.stderr);
}

/// Standard input is named `-` on the command line and `stdin:LINE` in
/// every table, in `--emit jsonl` and on stderr (a `-:1` would start a cell
/// that spreadsheets run as a formula, and be written `'-:1`).
#[test]
fn stdin_json_lines_are_named_stdin_line() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    let input = b"{\"text\":\"Russia said that the talks went well.\"}\n{\"text\":5}\n";
    let run = claimex_stdin(tmp.path(), ["-o".as_ref(), out.as_os_str(), "-".as_ref()], input);
    run.expect_code(1);
    assert!(run.stderr.contains("claimex: stdin:2: error: text is not a string"), "{}", run.stderr);
    let a = rows(&out.join("articles.csv"));
    eqnice!(
        vec![("stdin:1", "stdin:1"), ("stdin:2", "stdin:2")],
        a.iter().map(|r| (r["article_id"].as_str(), r["source"].as_str())).collect::<Vec<_>>()
    );
    for m in rows(&out.join("mentions.csv")) {
        assert!(m["mention_id"].starts_with("stdin:1#m"), "{m:?}");
        eqnice!("stdin:1", m["article_id"]);
    }
    for c in rows(&out.join("claims.csv")) {
        assert!(c["claim_id"].starts_with("stdin:1#c"), "{c:?}");
        eqnice!("stdin:1", c["article_id"]);
    }
    let emit = claimex_stdin(tmp.path(), ["-q", "--emit", "jsonl", "-"], input);
    emit.expect_code(1);
    let rows: Vec<serde_json::Value> =
        emit.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let articles: Vec<_> = rows.iter().filter(|r| r["table"] == "articles").collect();
    eqnice!(2, articles.len());
    eqnice!("stdin:1", articles[0]["article_id"]);
    eqnice!("stdin:2", articles[1]["source"]);
    assert!(emit.stdout.contains("\"stdin:1#m0\""), "{}", emit.stdout);
    assert!(!emit.stdout.contains("-:1"), "{}", emit.stdout);
}

/// A dump with 25 repeated ids, 12 malformed lines and 3 lines without
/// text.
fn noisy_jsonl(dir: &Path) -> PathBuf {
    let mut body = String::new();
    for i in 0..25 {
        body.push_str(&format!("{{\"id\":\"same\",\"text\":\"Russia said hi {i}.\"}}\n"));
    }
    for _ in 0..12 {
        body.push_str("{\"id\":\"broken\",\"text\":\n");
    }
    for _ in 0..3 {
        body.push_str("{\"title\":\"no text\"}\n");
    }
    let path = dir.join("noisy.jsonl");
    write(&path, body);
    path
}

fn lines_with<'a>(stderr: &'a str, what: &str) -> Vec<&'a str> {
    stderr.lines().filter(|l| l.contains(what)).collect()
}

/// Problems go to stderr, the first 10 of each kind, then one line per
/// kind counts the rest; the summary counts them by kind; `-q` caps them
/// too; `--all-messages` prints every one. articles.csv keeps every status.
#[test]
fn problems_on_stderr_are_capped_at_ten_per_kind() {
    let tmp = tempdir();
    let input = noisy_jsonl(tmp.path());
    let out = tmp.path().join("out");
    let run = claimex(tmp.path(), ["-o".as_ref(), out.as_os_str(), input.as_os_str()]);
    run.expect_code(1);
    let err = &run.stderr;
    eqnice!(10, lines_with(err, ": warning: repeated id same").len(), "stderr:\n{err}");
    eqnice!(10, lines_with(err, ": error: invalid JSON").len(), "stderr:\n{err}");
    eqnice!(3, lines_with(err, ": error: no text").len(), "stderr:\n{err}");
    eqnice!(
        vec![
            "claimex: … and 14 more repeated id (see articles.csv status)",
            "claimex: … and 2 more invalid JSON (see articles.csv status)",
        ],
        lines_with(err, "… and ")
    );
    let summary = lines_with(err, " articles, ");
    eqnice!(1, summary.len(), "stderr:\n{err}");
    assert!(
        summary[0].contains("15 errors (12 invalid JSON, 3 no text), 24 warnings (24 repeated id)"),
        "{}",
        summary[0]
    );
    let statuses = rows(&out.join("articles.csv"));
    eqnice!(40, statuses.len());
    eqnice!(
        24,
        statuses.iter().filter(|r| r["status"].starts_with("warning: repeated id")).count()
    );

    let quiet =
        claimex(tmp.path(), ["-q".as_ref(), "-o".as_ref(), out.as_os_str(), input.as_os_str()]);
    quiet.expect_code(1);
    eqnice!(10, lines_with(&quiet.stderr, ": warning: repeated id").len());
    eqnice!(2, lines_with(&quiet.stderr, "… and ").len());
    eqnice!(0, lines_with(&quiet.stderr, " articles, ").len());

    let all = claimex(
        tmp.path(),
        ["--all-messages".as_ref(), "-o".as_ref(), out.as_os_str(), input.as_os_str()],
    );
    all.expect_code(1);
    eqnice!(24, lines_with(&all.stderr, ": warning: repeated id").len());
    eqnice!(12, lines_with(&all.stderr, ": error: invalid JSON").len());
    eqnice!(0, lines_with(&all.stderr, "… and ").len());
}

/// An article whose id was taken before is processed under its new id
/// (`same~2`, …): every one of its rows carries it, whatever the threads
/// (the workers process a batch before the ids are settled, and do the
/// articles whose id changed again).
#[test]
fn rows_of_a_repeated_id_carry_the_new_id() {
    let tmp = tempdir();
    let input = noisy_jsonl(tmp.path());
    for threads in ["1", "2"] {
        let (run, out) = run_threads(tmp.path(), threads, &input);
        run.expect_code(1);
        let articles = rows(&out.join("articles.csv"));
        let ids: Vec<&str> = articles.iter().take(25).map(|r| r["article_id"].as_str()).collect();
        let want: Vec<String> = std::iter::once("same".to_string())
            .chain((2..=25).map(|n| format!("same~{n}")))
            .collect();
        eqnice!(want, ids);
        let mentions = rows(&out.join("mentions.csv"));
        eqnice!(25, mentions.len());
        for (m, id) in mentions.iter().zip(&want) {
            eqnice!(id.as_str(), m["article_id"]);
            eqnice!(format!("{id}#m0"), m["mention_id"]);
        }
        for c in rows(&out.join("claims.csv")) {
            assert!(c["claim_id"].starts_with(&format!("{}#c", c["article_id"])), "{c:?}");
        }
    }
}

/// Ids repeated across batches: a batch is processed while the one before
/// it has its ids made unique, and still every repeat gets the next
/// suffix in input order, at any thread count.
#[test]
fn ids_repeated_across_batches_get_suffixes_in_input_order() {
    let tmp = tempdir();
    // 2,600 lines, more than two batches of claimex::run::BATCH_ARTICLES;
    // line i has id "a{i % 1000}": each id comes back every 1,000 lines.
    let n = 2600;
    assert!(n > 2 * claimex::run::BATCH_ARTICLES);
    let mut jsonl = String::new();
    for i in 0..n {
        let id = i % 1000;
        jsonl.push_str(&format!(
            "{{\"id\": \"a{id}\", \"text\": \"Russia said that talks {i} went well.\"}}\n"
        ));
    }
    let input = tmp.path().join("repeats.jsonl");
    write(&input, &jsonl);
    let want: Vec<String> = (0..n)
        .map(|i| match i / 1000 {
            0 => format!("a{}", i % 1000),
            k => format!("a{}~{}", i % 1000, k + 1),
        })
        .collect();
    for threads in ["1", "2"] {
        let (run, out) = run_threads(tmp.path(), threads, &input);
        run.expect_code(1);
        let articles = rows(&out.join("articles.csv"));
        let ids: Vec<&str> = articles.iter().map(|r| r["article_id"].as_str()).collect();
        eqnice!(want, ids);
        // Each article's rows carry its own id: its claim quotes its number.
        let line_of: std::collections::HashMap<&str, usize> =
            want.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let claims = rows(&out.join("claims.csv"));
        eqnice!(n, claims.len());
        for c in claims {
            let id = c["claim_id"].split('#').next().unwrap();
            let i = *line_of.get(id).expect("a known id");
            assert!(c["claim_text"].contains(&format!("talks {i} went")), "{c:?}");
        }
    }
}

/// The summary names the files it skipped in a folder (the first three).
#[test]
fn skipped_files_are_named_in_the_summary() {
    let tmp = tempdir();
    let dir = tmp.path().join("news");
    write(&dir.join("a.txt"), "Russia said that the talks went well.\n");
    write(&dir.join("notes.md"), "# notes\n");
    let out = tmp.path().join("out");
    let run = claimex(tmp.path(), ["-o".as_ref(), out.as_os_str(), "news".as_ref()]);
    run.expect_code(0);
    let skipped = format!("1 file skipped ({})", Path::new("news").join("notes.md").display());
    assert!(run.stderr.contains(&skipped), "stderr:\n{}", run.stderr);
    for name in ["b.png", "c.doc", "d.json", "e.csv"] {
        write(&dir.join(name), "x");
    }
    let run = claimex(tmp.path(), ["-o".as_ref(), out.as_os_str(), "news".as_ref()]);
    let names =
        ["b.png", "c.doc", "d.json"].map(|n| Path::new("news").join(n).display().to_string());
    let skipped = format!("5 files skipped ({}, …)", names.join(", "));
    assert!(run.stderr.contains(&skipped), "stderr:\n{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Gazetteers

#[test]
fn bad_gazetteer_exits_2_naming_file_and_line() {
    let tmp = tempdir();
    write(
        &tmp.path().join("gaz/countries.tsv"),
        "id\tcanonical\taliases\tabbrevs\tdemonyms\tcapitals\tformer\n\
         C:KP\tNorth Korea\tDPRK\t\tNorth Korean\tPyongyang\t\n\
         C:RU\tRussia\n",
    );
    write(&tmp.path().join("in.txt"), "Russia said that the talks went well.\n");
    let (run, out) = run_in(tmp.path(), &["-g", "gaz"], &[Path::new("in.txt")]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("countries.tsv:3"),
        "stderr does not name countries.tsv:3:\n{}",
        run.stderr
    );
    assert!(!out.join("articles.csv").exists(), "tables written despite a bad gazetteer");
}

#[test]
fn check_builtin_gazetteers_exits_0() {
    let tmp = tempdir();
    claimex(tmp.path(), ["--check-gazetteers"]).expect_code(0);
}

#[test]
fn a_small_gazetteer_folder_is_used_instead_of_the_builtin_one() {
    let tmp = tempdir();
    write(
        &tmp.path().join("gaz/countries.tsv"),
        "id\tcanonical\taliases\tabbrevs\tdemonyms\tcapitals\tformer\n\
         C:RU\tRussia\t\t\tRussian|Russians\tMoscow\t\n",
    );
    write(&tmp.path().join("in.txt"), "North Korea and Russia met.\n");
    let (run, out) = run_in(tmp.path(), &["-g", "gaz"], &[Path::new("in.txt")]);
    run.expect_code(0);
    let m = rows(&out.join("mentions.csv"));
    let ids: Vec<&str> = m.iter().map(|m| m["entity_id"].as_str()).collect();
    eqnice!(vec!["C:RU"], ids);
}

// ---------------------------------------------------------------------------
// Output replacement

fn small_input(dir: &Path) -> PathBuf {
    let p = dir.join("in.txt");
    write(&p, "North Korea said that Russia was a friend.\n");
    PathBuf::from("in.txt")
}

#[test]
fn successful_run_replaces_tables_and_leaves_no_temporary_files() {
    let tmp = tempdir();
    let input = small_input(tmp.path());
    let out = tmp.path().join("out");
    write(&out.join("articles.csv"), "stale\n");
    write(&out.join("mentions.csv"), "stale\n");
    let (run, out) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(0);
    check_headers(&out);
    eqnice!(1, rows(&out.join("articles.csv")).len());
    eqnice!(Vec::<String>::new(), tmp_files(&out), "temporary files left");
    // A second run over the same folder gives the same bytes.
    let before = table_bytes(&out);
    run_in(tmp.path(), &[], &[&input]).0.expect_code(0);
    eqnice!(before, table_bytes(&out));
    eqnice!(Vec::<String>::new(), tmp_files(&out), "temporary files left");
}

#[test]
fn unwritable_output_exits_2() {
    let tmp = tempdir();
    let input = small_input(tmp.path());
    write(&tmp.path().join("out"), "a file, not a folder\n");
    let (run, _) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(2);
    assert!(run.stderr.contains("out"), "stderr:\n{}", run.stderr);
}

/// Makes the last step of a run fail: `articles.csv`, the first table
/// renamed into place, is a folder. The other previous tables must survive.
#[test]
fn failed_run_leaves_previous_tables_intact() {
    let tmp = tempdir();
    let input = small_input(tmp.path());
    let (run, out) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(0);
    fs::remove_file(out.join("articles.csv")).unwrap();
    fs::create_dir(out.join("articles.csv")).unwrap();
    write(&out.join("articles.csv/keep"), "x");
    let before: Vec<_> = table_bytes_except(&out, "articles.csv");
    write(&tmp.path().join("in.txt"), "Russia said that the talks went well.\n");
    let (run, _) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(2);
    eqnice!(before, table_bytes_except(&out, "articles.csv"), "previous tables changed");
}

#[test]
fn failed_run_leaves_no_temporary_files() {
    let tmp = tempdir();
    let input = small_input(tmp.path());
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("articles.csv")).unwrap();
    let (run, _) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(2);
    eqnice!(Vec::<String>::new(), tmp_files(&out), "temporary files left");
}

/// `mentions.csv` is a folder: the run fails although `articles.csv` and
/// `entities.csv` could be replaced; they must not be, so that the previous
/// tables are never mixed with new ones.
#[test]
fn failed_rename_part_way_keeps_previous_articles() {
    let tmp = tempdir();
    let input = small_input(tmp.path());
    let (run, out) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(0);
    let previous = fs::read(out.join("articles.csv")).unwrap();
    fs::remove_file(out.join("mentions.csv")).unwrap();
    fs::create_dir(out.join("mentions.csv")).unwrap();
    write(&out.join("mentions.csv/keep"), "x");
    write(&tmp.path().join("in.txt"), "Russia said that the talks went well, twice.\n");
    let (run, _) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(2);
    let now = fs::read(out.join("articles.csv")).unwrap();
    eqnice!(
        String::from_utf8_lossy(&previous),
        String::from_utf8_lossy(&now),
        "articles.csv replaced by a failed run"
    );
}

fn table_bytes_except(out: &Path, skip: &str) -> Vec<(String, Vec<u8>)> {
    TABLES
        .iter()
        .filter(|(n, _)| *n != skip)
        .map(|(n, _)| (n.to_string(), fs::read(out.join(n)).unwrap()))
        .collect()
}

// ---------------------------------------------------------------------------
// Spreadsheet safety

fn formula_input(dir: &Path) -> PathBuf {
    let line = serde_json::json!({
        "id": "=1+1",
        "title": "=HYPERLINK(\"x\")",
        "url": "@evil",
        "text": "North Korea said that -5 was +5 and =SUM(A1) was fine.",
    });
    write(&dir.join("f.jsonl"), format!("{line}\n"));
    PathBuf::from("f.jsonl")
}

#[test]
fn formula_cells_are_neutralised() {
    let tmp = tempdir();
    let input = formula_input(tmp.path());
    let (run, out) = run_in(tmp.path(), &[], &[&input]);
    run.expect_code(0);
    let a = &rows(&out.join("articles.csv"))[0];
    eqnice!(
        ("'=1+1", "'=HYPERLINK(\"x\")", "'@evil"),
        (a["article_id"].as_str(), a["title"].as_str(), a["url"].as_str())
    );
    // Numeric columns are never changed.
    assert!(a["chars"].parse::<usize>().is_ok(), "{a:#?}");
    for m in rows(&out.join("mentions.csv")) {
        assert!(m["mention_id"].starts_with("'=1+1#m"), "{m:#?}");
        eqnice!("'=1+1", m["article_id"]);
    }
    let claims = rows(&out.join("claims.csv"));
    for c in &claims {
        assert!(!c["claim_text"].starts_with(['=', '+', '-', '@']), "{c:#?}");
    }
    let mut texts = HashMap::new();
    texts.insert(
        "=1+1".to_string(),
        "North Korea said that -5 was +5 and =SUM(A1) was fine.".to_string(),
    );
    check_offsets_with(&out, &texts);
}

#[test]
fn raw_cells_keeps_formulas() {
    let tmp = tempdir();
    let input = formula_input(tmp.path());
    let (run, out) = run_in(tmp.path(), &["--raw-cells"], &[&input]);
    run.expect_code(0);
    let a = &rows(&out.join("articles.csv"))[0];
    eqnice!(
        ("=1+1", "=HYPERLINK(\"x\")", "@evil"),
        (a["article_id"].as_str(), a["title"].as_str(), a["url"].as_str())
    );
}

// ---------------------------------------------------------------------------
// README and --help: what a newcomer reads first

fn readme() -> String {
    fs::read_to_string(repo().join("README.md")).unwrap()
}

/// The fenced code blocks of a Markdown text: (line of the opening fence,
/// the block's lines).
fn code_blocks(md: &str) -> Vec<(usize, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Vec<&str>)> = None;
    for (n, line) in md.lines().enumerate() {
        if line.starts_with("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => open = Some((n, Vec::new())),
            }
        } else if let Some((_, lines)) = &mut open {
            lines.push(line);
        }
    }
    blocks
}

/// `--help` ends its sentences, lists the six tables and the exit statuses.
#[test]
fn help_names_the_six_tables_in_full_sentences() {
    let tmp = tempdir();
    let help = claimex(tmp.path(), ["--help"]);
    help.expect_code(0);
    let text = &help.stdout;
    let input = text
        .split("Arguments:")
        .nth(1)
        .and_then(|rest| rest.split("Options:").next())
        .expect("an [INPUT] section");
    assert!(input.trim_end().ends_with('.'), "the INPUT help ends mid-sentence:{input}");
    let epilogue = text.rsplit("Print version").next().unwrap();
    for table in [
        "articles.csv",
        "entities.csv",
        "mentions.csv",
        "claims.csv",
        "claim_entities.csv",
        "candidates.csv",
    ] {
        assert!(epilogue.contains(table), "the epilogue does not list {table}:{epilogue}");
    }
    for status in ["130", "143", "129"] {
        assert!(epilogue.contains(status), "the epilogue does not give exit {status}");
    }
}

/// Every option of `--help` is in the README's options table.
#[test]
fn readme_options_table_has_every_flag() {
    let tmp = tempdir();
    let help = claimex(tmp.path(), ["--help"]).stdout;
    let readme = readme();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `-")).collect();
    let mut flags = 0;
    for line in help.lines() {
        let Some(flag) = line.trim_start().split([' ', ',']).find(|w| w.starts_with("--")) else {
            continue;
        };
        if !line.trim_start().starts_with('-') || matches!(flag, "--help" | "--version") {
            continue;
        }
        flags += 1;
        assert!(
            rows.iter()
                .any(|r| r.contains(&format!("`{flag}")) || r.contains(&format!(", {flag}"))),
            "README's options table lacks {flag}"
        );
    }
    assert!(flags >= 12, "only {flags} flags found in --help:\n{help}");
}

/// The README gets a newcomer from nothing to an installed `claimex`: the
/// prerequisites in prose (rustup, a C compiler, the `rust-version` of
/// Cargo.toml) above the first two commands, `cargo run --release` and
/// `cargo test`; `cargo install --path .` before any example that calls
/// `claimex`; and what needs a date.
#[test]
fn readme_gets_a_newcomer_started() {
    let readme = readme();
    let manifest = fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml sets rust-version")
        .trim_matches('"');
    let blocks = code_blocks(&readme);
    let (first_at, first) = &blocks[0];
    let commands: Vec<&str> = first.iter().map(|l| l.split('#').next().unwrap().trim()).collect();
    eqnice!(vec!["cargo run --release", "cargo test"], commands);
    let before: String = readme.lines().take(*first_at).collect::<Vec<_>>().join("\n");
    for needed in
        [format!("Rust {msrv}"), "rustup".into(), "build-essential".into(), "C compiler".into()]
    {
        assert!(before.contains(&needed), "no {needed:?} above the first commands:\n{before}");
    }
    let install = blocks
        .iter()
        .position(|(_, b)| b.iter().any(|l| l.starts_with("cargo install --path .")))
        .expect("a block with `cargo install --path .`");
    let first_claimex = blocks
        .iter()
        .position(|(_, b)| b.iter().any(|l| l.starts_with("claimex ") || l.contains("| claimex ")))
        .expect("an example that calls claimex");
    assert!(install <= first_claimex, "claimex is called before `cargo install --path .`");
    assert!(readme.contains("Only office titles need the article's date"), "what needs a date");
}

// ---------------------------------------------------------------------------
// --date

#[test]
fn date_option_dates_undated_articles_and_resolves_their_titles() {
    let tmp = tempdir();
    let undated = tmp.path().join("undated.txt");
    write(&undated, "Mr Brown told MPs that taxes would not rise.\n");
    let dated = tmp.path().join("dated.txt");
    write(&dated, "date 1990-05-01\nMr Brown told MPs that taxes would not rise.\n");
    let inputs = [undated.as_path(), dated.as_path()];

    let (run, out) = run_in(tmp.path(), &[], &inputs);
    run.expect_code(0);
    let dates: Vec<String> =
        rows(&out.join("articles.csv")).iter().map(|r| r["date"].clone()).collect();
    assert_eq!(dates, ["", "1990-05-01"]);
    let brown = |out: &Path| -> Vec<String> {
        rows(&out.join("mentions.csv"))
            .iter()
            .filter(|r| r["entity_id"] == "P:GB:gordon_brown")
            .map(|r| format!("{} {}", r["article_id"], r["how"]))
            .collect()
    };
    // Without a date "Mr Brown" is one of many Browns; in 1990 he held no office.
    assert_eq!(brown(&out), Vec::<String>::new());

    let (run, out) = run_in(tmp.path(), &["--date", "2005-03-01"], &inputs);
    run.expect_code(0);
    let dates: Vec<String> =
        rows(&out.join("articles.csv")).iter().map(|r| r["date"].clone()).collect();
    assert_eq!(dates, ["2005-03-01", "1990-05-01"], "the article's own date wins");
    assert_eq!(brown(&out), ["undated.txt title"]);

    for bad in ["2005-02-30", "2005-3-1", "March 2005"] {
        let (run, _) = run_in(tmp.path(), &["--date", bad], &inputs);
        assert_eq!(run.code, Some(2), "--date {bad}: {}", run.stderr);
        assert!(run.stderr.contains(bad) && run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    }
}

// ---------------------------------------------------------------------------
// negated

/// `negated` is the last column of claims.csv, `true` or `false`, and the
/// same string in `--emit jsonl`. See: #12
#[test]
fn issue_12_negated_column_in_tables_and_json_lines() {
    let tmp = tempdir();
    let cases = [
        ("said", "Mr Adams said that the club had tried to place the bets.", "false"),
        ("denied", "Mr Adams denied that the club had tried to place the bets.", "true"),
        ("believe", "Mr Adams did not believe anyone had tried to place the bets.", "true"),
        ("deny", "Mr Adams did not deny that the club had tried to place the bets.", "false"),
        ("rejected", "The club rejected claims that it had tried to place the bets.", "true"),
    ];
    let input: String = cases
        .iter()
        .map(|(cue, text, _)| format!("{{\"id\":\"{cue}\",\"text\":\"{text}\"}}\n"))
        .collect();
    write(&tmp.path().join("in.jsonl"), &input);
    let (run, out) = run_in(tmp.path(), &[], &[Path::new("in.jsonl")]);
    run.expect_code(0);
    let table = read_table(&out.join("claims.csv"));
    eqnice!(Some("negated"), table.header.last().map(String::as_str));
    let got = |rows: Vec<Row>| -> Vec<(String, String, String)> {
        rows.into_iter()
            .map(|r| (r["article_id"].clone(), r["cue"].clone(), r["negated"].clone()))
            .collect()
    };
    let want: Vec<(String, String, String)> =
        cases.iter().map(|(c, _, n)| (c.to_string(), c.to_string(), n.to_string())).collect();
    eqnice!(want, got(table.rows));

    let emit = claimex(tmp.path(), ["-q", "--emit", "jsonl", "in.jsonl"]);
    emit.expect_code(0);
    let claims: Vec<Row> = emit
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<HashMap<String, serde_json::Value>>(l).unwrap())
        .filter(|r| r["table"] == "claims")
        .map(|r| r.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or("").to_string())).collect())
        .collect();
    eqnice!(want, got(claims));
}
