//! Issue #6: bad input, faults and spreadsheets — nothing lost, nothing
//! crashes, nothing executes.
//!
//! The real binary (`CARGO_BIN_EXE_claimex`, a debug build under `cargo
//! test`) on generated input: odd line ends and big folders that must simply
//! work; every kind of bad input in one run (stderr `file:line`, an
//! `articles.csv` row, exit 1, the rest unaffected); hostile sizes under a
//! watchdog and a peak-memory probe; bad gazetteers; runs killed with
//! SIGKILL or stopped with SIGINT, SIGTERM or SIGHUP; spreadsheet safety
//! and `--excel`.
//!
//! Inputs are generated at test time in a temporary folder; only the small
//! spreadsheet fixture is committed (`tests/fixtures/robustness/`).

mod common;

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

// ---------------------------------------------------------------------------
// Helpers

/// Runs `claimex -q -o out <extra…> <inputs…>` in `dir`.
fn run_in(dir: &Path, extra: &[&str], inputs: &[&str]) -> (Run, PathBuf) {
    let out = dir.join("out");
    let mut args: Vec<OsString> = vec!["-q".into(), "-o".into(), out.clone().into()];
    args.extend(extra.iter().map(Into::into));
    args.extend(inputs.iter().map(Into::into));
    (claimex(dir, &args), out)
}

/// Files in `dir` whose name ends in `.tmp`, sorted.
fn tmp_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    v.sort();
    v
}

/// `(article_id, status)` of every row of `articles.csv`.
fn statuses(out: &Path) -> Vec<(String, String)> {
    rows(&out.join("articles.csv"))
        .into_iter()
        .map(|r| (r["article_id"].clone(), r["status"].clone()))
        .collect()
}

/// Starts the binary with stdout and stderr going to files in `cwd` (no
/// pipe to drain, so a watchdog can simply poll it).
fn spawn(cwd: &Path, args: &[&str], stdin: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_claimex"))
        .current_dir(cwd)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdin(stdin)
        .stdout(File::create(cwd.join("stdout.log")).unwrap())
        .stderr(File::create(cwd.join("stderr.log")).unwrap())
        .spawn()
        .expect("run the claimex binary")
}

/// Peak resident memory of a running process, in KiB (`VmHWM`).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What [`watch`] saw.
struct Watched {
    run: Run,
    elapsed: Duration,
    /// Highest `VmHWM` read while the process ran (KiB); 0 without /proc.
    peak_kib: u64,
}

/// Waits for `child`, polling its peak memory; kills it and panics once
/// `limit` has passed (a hang or a quadratic stage must fail the test, not
/// stall the suite).
fn watch(mut child: Child, cwd: &Path, limit: Duration, what: &str) -> Watched {
    let started = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    eprintln!("{what}: {elapsed:.2?}, peak RSS {} MiB", peak_kib / 1024);
    let read = |name: &str| {
        String::from_utf8_lossy(&fs::read(cwd.join(name)).unwrap_or_default()).into_owned()
    };
    let run = Run { code: status.code(), stdout: read("stdout.log"), stderr: read("stderr.log") };
    Watched { run, elapsed, peak_kib }
}

/// Runs `claimex -q -j 1 -o out <input>` on one generated text under a
/// watchdog and checks that it finished with one `ok` row and right
/// offsets.
fn hostile_text(text: &str, what: &str) -> Watched {
    let tmp = tempdir();
    write(&tmp.path().join("in.txt"), text);
    let child = spawn(tmp.path(), &["-q", "-j", "1", "-o", "out", "in.txt"], Stdio::null());
    let w = watch(child, tmp.path(), Duration::from_secs(120), what);
    w.run.expect_code(0);
    let out = tmp.path().join("out");
    eqnice!(vec![("in.txt".to_string(), "ok".to_string())], statuses(&out));
    check_offsets_linear(&out, text);
    w
}

/// The offset check of `common::check_offsets` for one big article, in
/// linear time (the common helper walks the text once per row, which is
/// quadratic on a 1 MB article with tens of thousands of mentions).
fn check_offsets_linear(out: &Path, text: &str) {
    let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let slice = |row: &Row, s: &str, e: &str| -> String {
        let (s, e): (usize, usize) = (row[s].parse().unwrap(), row[e].parse().unwrap());
        assert!(s <= e && e < bytes.len(), "span {s}..{e} out of range in {row:#?}");
        text[bytes[s]..bytes[e]].to_string()
    };
    for m in rows(&out.join("mentions.csv")) {
        let want = slice(&m, "start", "end");
        assert!(cell_matches(&m["text"], &want), "mention {:?} is {want:?}", m["text"]);
    }
    for c in rows(&out.join("claims.csv")) {
        let want = slice(&c, "start", "end");
        assert!(cell_matches(&c["claim_text"], &want), "claim {:?} is {want:?}", c["claim_text"]);
        if !c["speaker_text"].is_empty() {
            let want = slice(&c, "speaker_start", "speaker_end");
            assert!(cell_matches(&c["speaker_text"], &want), "speaker {:?}", c["speaker_text"]);
        }
    }
}

/// True when file permissions do not apply to us (tests often run as
/// root): a file with mode 000 can still be read.
#[cfg(unix)]
fn permissions_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join(".probe");
    write(&probe, "x");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let ignored = fs::read(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    ignored
}

/// A tiny deterministic generator (no test should depend on the clock).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(data, 3).unwrap()
}

/// JSON Lines of `n` short articles without ids.
fn numbered_lines(n: usize) -> Vec<u8> {
    let mut data = Vec::new();
    for i in 0..n {
        writeln!(data, "{{\"text\":\"Article number {i} says little.\"}}").unwrap();
    }
    data
}

// ---------------------------------------------------------------------------
// Input that must simply work

/// Lone CR line ends (old Mac files) in `.txt` and in a JSON text, with
/// CRLF and LF mixed in: status ok, offsets right.
#[test]
fn lone_cr_and_mixed_line_ends_keep_offsets() {
    let tmp = tempdir();
    let body = "date 2024-01-02\rNorth Korea said that Russia was a friend.\r\r\
                Moscow said that talks with Pyongyang went well.\r\n\
                Yoon Suk Yeol said that Seoul was ready.\n";
    write(&tmp.path().join("in/cr.txt"), body);
    let line = serde_json::json!({ "id": "cr-json", "text": body });
    // The JSON line itself ends in CRLF.
    write(&tmp.path().join("in/cr.jsonl"), format!("{line}\r\n"));
    let (run, out) = run_in(tmp.path(), &[], &["in"]);
    run.expect_code(0);
    eqnice!(
        vec![("cr-json".to_string(), "ok".to_string()), ("cr.txt".to_string(), "ok".to_string())],
        statuses(&out)
    );
    let a = rows(&out.join("articles.csv"));
    eqnice!("2024-01-02", a[1]["date"]);
    assert!(check_offsets(&out, tmp.path()) >= 10, "too few rows checked");
    // The same text gives the same spans in both inputs.
    let m = rows(&out.join("mentions.csv"));
    let spans = |id: &str| -> Vec<(String, String, String)> {
        m.iter()
            .filter(|r| r["article_id"] == id)
            .map(|r| (r["start"].clone(), r["end"].clone(), r["text"].clone()))
            .collect()
    };
    eqnice!(spans("cr-json"), spans("cr.txt"));
}

/// 10,000 `.txt` files in one folder: every one read once, in name order,
/// offsets right.
#[test]
fn ten_thousand_files_in_one_folder() {
    const N: usize = 10_000;
    let tmp = tempdir();
    let dir = tmp.path().join("in");
    fs::create_dir_all(&dir).unwrap();
    let texts = ["Russia said hi.", "Kim Jong Un met Yoon Suk Yeol in Seoul.", "No names here."];
    for i in 0..N {
        fs::write(dir.join(format!("{i:05}.txt")), texts[i % texts.len()]).unwrap();
    }
    let child = spawn(tmp.path(), &["-q", "-o", "out", "in"], Stdio::null());
    let w = watch(child, tmp.path(), Duration::from_secs(300), "10,000 files");
    w.run.expect_code(0);
    let out = tmp.path().join("out");
    let a = statuses(&out);
    eqnice!(N, a.len());
    for (i, (id, status)) in a.iter().enumerate() {
        assert_eq!((id.as_str(), status.as_str()), (format!("{i:05}.txt").as_str(), "ok"));
    }
    let checked = check_offsets(&out, tmp.path());
    assert!(checked >= N / 3 * 2, "only {checked} rows checked");
}

// ---------------------------------------------------------------------------
// Bad input: every kind in one run

/// One folder holding every kind of bad input next to good articles. Each
/// bad one gets exactly one `articles.csv` row with its status and a
/// `location: error|warning: …` line on stderr; the good ones are
/// unaffected; the run exits 1.
#[test]
fn every_kind_of_bad_input_in_one_run() {
    let tmp = tempdir();
    let root = tmp.path();
    let dir = root.join("in");
    let good = "Russia said that the talks with North Korea went well.";
    write(&dir.join("a_good.txt"), good);
    write(&dir.join("bad_utf8.txt"), b"First line.\nRussia said caf\xe9 was open.\n");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend([0u8; 256]);
    write(&dir.join("binary.txt"), &png);
    write(&dir.join("blank.txt"), " \n\r\n\t\n");
    write(&dir.join("empty.txt"), "");
    write(&dir.join("nuls.txt"), b"Russia\0\0\0\0 said\0 hi.\0\0");
    // JSON Lines: good, malformed, no text, text not a string, blank
    // (no row), a raw NUL byte (invalid JSON), binary-looking id, good.
    let mut feed = Vec::new();
    feed.extend_from_slice(
        b"{\"id\":\"j-ok\",\"text\":\"Kim Jong Un said that Seoul would stay calm.\"}\n",
    );
    feed.extend_from_slice(b"{\"id\":\"j-cut\",\"text\":\"cut off\n");
    feed.extend_from_slice(b"{\"id\":\"j-none\",\"title\":\"no text\"}\n");
    feed.extend_from_slice(b"{\"id\":\"j-num\",\"text\":42}\n");
    feed.extend_from_slice(b"   \r\n");
    feed.extend_from_slice(b"{\"id\":\"j-nul\",\"text\":\"a\0b\"}\n");
    feed.extend_from_slice(b"{\"id\":\"j-utf8\",\"text\":\"Moscow said caf\xe9.\"}\n");
    feed.extend_from_slice(b"{\"id\":\"j-last\",\"text\":\"Yoon Suk Yeol said hi.\"}\r\n");
    write(&dir.join("feed.jsonl"), &feed);
    // Truncated compressed streams: articles before the break are kept.
    let data = numbered_lines(8000);
    let gz = gzip(&data);
    write(&dir.join("cut.jsonl.gz"), &gz[..gz.len() * 2 / 3]);
    let zst = zstd(&data);
    write(&dir.join("cut.jsonl.zst"), &zst[..zst.len() * 2 / 3]);
    // A zstd file that is only its magic number.
    write(&dir.join("magic.jsonl.zst"), b"\x28\xb5\x2f\xfd");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        // A folder linking back to its parent, and a link to itself.
        fs::create_dir_all(dir.join("loop")).unwrap();
        symlink("..", dir.join("loop/up")).unwrap();
        symlink("self.txt", dir.join("self.txt")).unwrap();
        symlink("no-such-file.txt", dir.join("dangling.txt")).unwrap();
    }
    // Unreadable files and folders: by permissions when they apply; as
    // root, a file whose read fails anyway (/proc/self/mem at offset 0).
    #[cfg(target_os = "linux")]
    let unreadable = if permissions_ignored(root) {
        std::os::unix::fs::symlink("/proc/self/mem", dir.join("locked.txt")).unwrap();
        eprintln!("running as root: unreadable folder not tested, /proc/self/mem for the file");
        false
    } else {
        use std::os::unix::fs::PermissionsExt;
        write(&dir.join("locked.txt"), "Locked.");
        write(&dir.join("locked_dir/x.txt"), "Locked too.");
        fs::set_permissions(dir.join("locked.txt"), fs::Permissions::from_mode(0o000)).unwrap();
        fs::set_permissions(dir.join("locked_dir"), fs::Permissions::from_mode(0o000)).unwrap();
        true
    };
    write(&dir.join("z_good.txt"), good);

    let (run, out) = run_in(root, &[], &["in"]);
    #[cfg(unix)]
    if unreadable {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.join("locked_dir"), fs::Permissions::from_mode(0o755)).unwrap();
    }
    run.expect_code(1);
    let got = statuses(&out);

    // (article_id, status prefix, the location stderr must name)
    let mut want: Vec<(String, &str, String)> = Vec::new();
    let mut add = |id: &str, status: &'static str, at: &str| {
        want.push((id.to_string(), status, at.to_string()));
    };
    add("a_good.txt", "ok", "");
    add("bad_utf8.txt", "warning: invalid UTF-8 replaced", "in/bad_utf8.txt:2");
    add("binary.txt", "error: binary file", "in/binary.txt:1");
    add("blank.txt", "error: empty file", "in/blank.txt:1");
    // The truncated streams: however many lines came before the break,
    // then exactly one error row at the next line.
    for (name, codec) in [("cut.jsonl.gz", "gzip"), ("cut.jsonl.zst", "zstd")] {
        let prefix = format!("in/{name}:");
        let kept = got.iter().filter(|(id, s)| id.starts_with(&prefix) && s == "ok").count();
        assert!((1..8000).contains(&kept), "{name}: {kept} articles kept before the break");
        for line in 1..=kept {
            add(&format!("{prefix}{line}"), "ok", "");
        }
        let at = format!("{prefix}{}", kept + 1);
        let status = if codec == "gzip" {
            "error: truncated or corrupt gzip stream"
        } else {
            "error: truncated or corrupt zstd stream"
        };
        add(&at, status, &at);
    }
    #[cfg(unix)]
    add("dangling.txt", "error: ", "in/dangling.txt");
    add("empty.txt", "error: empty file", "in/empty.txt:1");
    add("j-ok", "ok", "");
    add("j-cut", "error: invalid JSON", "in/feed.jsonl:2");
    add("j-none", "error: no text", "in/feed.jsonl:3");
    add("j-num", "error: text is not a string", "in/feed.jsonl:4");
    add("j-nul", "error: invalid JSON", "in/feed.jsonl:6");
    add("j-utf8", "warning: invalid UTF-8 replaced", "in/feed.jsonl:7");
    add("j-last", "ok", "");
    #[cfg(target_os = "linux")]
    {
        add("locked.txt", "error: ", "in/locked.txt:1");
        if unreadable {
            add("locked_dir", "error: ", "in/locked_dir");
        }
    }
    #[cfg(unix)]
    add("loop/up", "error: symlink loop", "in/loop/up");
    add("in/magic.jsonl.zst:1", "error: truncated or corrupt zstd stream", "in/magic.jsonl.zst:1");
    add("nuls.txt", "error: binary file", "in/nuls.txt:1");
    #[cfg(unix)]
    add("self.txt", "error: ", "in/self.txt");
    add("z_good.txt", "ok", "");

    // Every input exactly once, in input order, nothing else.
    let got_ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
    let want_ids: Vec<&str> = want.iter().map(|(id, _, _)| id.as_str()).collect();
    eqnice!(want_ids, got_ids, "articles.csv rows");
    for ((id, status, at), (_, got_status)) in want.iter().zip(&got) {
        assert!(got_status.starts_with(status), "{id}: status {got_status:?}, want {status}…");
        if at.is_empty() {
            continue;
        }
        let kind = if status.starts_with("warning") { "warning" } else { "error" };
        let line = format!("{at}: {kind}: ");
        assert!(
            run.stderr.lines().any(|l| l.contains(&line)),
            "stderr does not report {id} as `{line}…`:\n{}",
            run.stderr
        );
    }
    // No message for a good article.
    for id in ["a_good.txt", "z_good.txt", "feed.jsonl:1"] {
        assert!(!run.stderr.contains(&format!("in/{id}")), "stderr names {id}:\n{}", run.stderr);
    }
    // The good articles are processed as if alone.
    let m = rows(&out.join("mentions.csv"));
    let mentions = |id: &str| m.iter().filter(|r| r["article_id"] == id).count();
    assert_eq!(mentions("a_good.txt"), 2, "{m:#?}");
    assert_eq!(mentions("a_good.txt"), mentions("z_good.txt"));
    assert!(mentions("j-ok") >= 2 && mentions("j-last") >= 1, "{m:#?}");
    assert_eq!(mentions("bad_utf8.txt"), 1, "the replaced byte costs nothing else");
    let mut texts = HashMap::new();
    texts.insert("a_good.txt".to_string(), good.to_string());
    texts.insert("z_good.txt".to_string(), good.to_string());
    texts.insert(
        "bad_utf8.txt".to_string(),
        "First line.\nRussia said caf\u{FFFD} was open.\n".into(),
    );
    texts.insert("j-ok".to_string(), "Kim Jong Un said that Seoul would stay calm.".to_string());
    texts.insert("j-utf8".to_string(), "Moscow said caf\u{FFFD}.".to_string());
    texts.insert("j-last".to_string(), "Yoon Suk Yeol said hi.".to_string());
    for (id, _) in &got {
        texts.entry(id.clone()).or_insert_with(|| {
            let n: usize = id.rsplit(':').next().unwrap().parse().unwrap_or(0);
            format!("Article number {} says little.", n.saturating_sub(1))
        });
    }
    check_offsets_with(&out, &texts);
}

/// Nothing lost: a generated mix of good, bad and blank JSON Lines (plain,
/// gzip, zstd) and `.txt` files; every non-blank line and every file is
/// exactly one `articles.csv` row, and every mention and claim belongs to
/// one of them.
#[test]
fn every_input_article_appears_exactly_once() {
    let tmp = tempdir();
    let dir = tmp.path().join("mix");
    let mut rng = Lcg(6);
    let mut expected: Vec<String> = Vec::new();
    let kinds: &[&[u8]] = &[
        b"{\"text\":\"North Korea said that Russia was a friend.\"}",
        b"{\"text\":\"cut",
        b"{\"title\":\"no text\"}",
        b"{\"text\":[1,2]}",
        b"[\"an array\"]",
        b"{\"text\":\"caf\xe9 in Moscow.\"}",
        b"{\"id\":\"same\",\"text\":\"A repeated id in Seoul.\"}",
        b"{\"text\":\"\"}",
        b"",
        b"  \t",
    ];
    for (f, name) in ["a.jsonl", "b.jsonl.gz", "c.jsonl.zst"].iter().enumerate() {
        let mut data = Vec::new();
        for line in 1..=150 {
            let k = kinds[rng.next(kinds.len() as u64) as usize];
            data.extend_from_slice(k);
            data.extend_from_slice(if line % 7 == 0 { b"\r\n" } else { b"\n" });
            if !k.iter().all(u8::is_ascii_whitespace) {
                expected.push(format!("mix/{name}:{line}"));
            }
        }
        let data = match f {
            1 => gzip(&data),
            2 => zstd(&data),
            _ => data,
        };
        write(&dir.join(name), data);
    }
    let txts: &[&[u8]] = &[b"Kim Jong Un said hi.", b"", b"\0\0\0\0", b"caf\xe9 Seoul", b" \n "];
    for i in 0..60 {
        let name = format!("t{i:02}.txt");
        write(&dir.join(&name), txts[rng.next(txts.len() as u64) as usize]);
        expected.push(format!("mix/{name}"));
    }
    write(&dir.join("notes.md"), "skipped, not an article");
    let (run, out) = run_in(tmp.path(), &[], &["mix"]);
    run.expect_code(1);
    let a = rows(&out.join("articles.csv"));
    let sources: Vec<&str> = a.iter().map(|r| r["source"].as_str()).collect();
    eqnice!(expected.iter().map(String::as_str).collect::<Vec<_>>(), sources);
    let ids: HashSet<&str> = a.iter().map(|r| r["article_id"].as_str()).collect();
    assert_eq!(ids.len(), a.len(), "article ids are not unique");
    for table in ["mentions.csv", "claims.csv"] {
        for r in rows(&out.join(table)) {
            assert!(ids.contains(r["article_id"].as_str()), "{table}: orphan row {r:#?}");
        }
    }
    for r in &a {
        let s = &r["status"];
        assert!(s == "ok" || s.starts_with("warning: ") || s.starts_with("error: "), "{r:#?}");
    }
    check_offsets(&out, tmp.path());
}

// ---------------------------------------------------------------------------
// Hostile sizes

/// A 200 MB single-line article streamed into standard input, between two
/// small ones: it gets an error row, its neighbours are processed, and the
/// process never holds it (peak RSS stays far below 200 MB).
#[test]
fn article_of_200_mb_on_stdin_is_rejected_in_bounded_memory() {
    let tmp = tempdir();
    let mut child = spawn(tmp.path(), &["-q", "-j", "1", "-o", "out", "-"], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || -> std::io::Result<()> {
        stdin.write_all(b"{\"id\":\"before\",\"text\":\"Russia said hi.\"}\n")?;
        stdin.write_all(b"{\"id\":\"huge\",\"text\":\"")?;
        let chunk = b"North Korea said that ".repeat(1 << 15);
        let mut sent = 0;
        while sent < 200 << 20 {
            stdin.write_all(&chunk)?;
            sent += chunk.len();
        }
        stdin.write_all(b"\"}\n{\"id\":\"after\",\"text\":\"Moscow said hi.\"}\n")
    });
    let w = watch(child, tmp.path(), Duration::from_secs(240), "200 MB article on stdin");
    w.run.expect_code(1);
    feeder.join().unwrap().expect("feeding stdin");
    let out = tmp.path().join("out");
    let a = statuses(&out);
    eqnice!(vec!["before", "huge", "after"], a.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>());
    eqnice!(("ok", "ok"), (a[0].1.as_str(), a[2].1.as_str()));
    assert!(
        a[1].1.starts_with("error: article of ") && a[1].1.contains("--max-article-bytes"),
        "{:?}",
        a[1]
    );
    assert!(w.run.stderr.contains("stdin:2: error: article of"), "stderr:\n{}", w.run.stderr);
    if w.peak_kib > 0 {
        // Default limit 16 MiB: at most that much of the line is kept.
        assert!(w.peak_kib < 100 * 1024, "peak RSS {} MiB for a 200 MB article", w.peak_kib >> 10);
    }
}

/// A 200 MB `.txt` file (sparse, so it costs no disk) is rejected from its
/// size alone, without being read.
#[test]
fn txt_of_200_mb_is_rejected_without_being_read() {
    let tmp = tempdir();
    write(&tmp.path().join("in/a.txt"), "Russia said hi.");
    File::create(tmp.path().join("in/huge.txt")).unwrap().set_len(200 << 20).unwrap();
    write(&tmp.path().join("in/z.txt"), "Moscow said hi.");
    let child = spawn(tmp.path(), &["-q", "-o", "out", "in"], Stdio::null());
    let w = watch(child, tmp.path(), Duration::from_secs(60), "200 MB .txt");
    w.run.expect_code(1);
    let a = statuses(&tmp.path().join("out"));
    eqnice!(
        vec!["a.txt", "huge.txt", "z.txt"],
        a.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>()
    );
    eqnice!(
        "error: article of 209715200 bytes is over --max-article-bytes (16777216)",
        a[1].1.as_str()
    );
    assert!(w.run.stderr.contains("in/huge.txt:1: error: "), "{}", w.run.stderr);
    if w.peak_kib > 0 {
        assert!(w.peak_kib < 100 * 1024, "peak RSS {} MiB", w.peak_kib >> 10);
    }
}

/// `--max-article-bytes` applies to `.txt` and JSON Lines alike, at the
/// byte: an article of exactly the limit passes, one byte more does not.
#[test]
fn max_article_bytes_is_exact() {
    let tmp = tempdir();
    let line = |text: &str| format!("{{\"text\":\"{text}\"}}");
    let at_limit = line("Russia said hi.");
    let limit = at_limit.len().to_string();
    write(&tmp.path().join("in/a.jsonl"), format!("{at_limit}\n{}\n", line("Russia said hi!!")));
    write(&tmp.path().join("in/b.txt"), "x".repeat(at_limit.len()));
    write(&tmp.path().join("in/c.txt"), "x".repeat(at_limit.len() + 1));
    let (run, out) = run_in(tmp.path(), &["--max-article-bytes", &limit], &["in"]);
    run.expect_code(1);
    let a = statuses(&out);
    let ok: Vec<bool> = a.iter().map(|(_, s)| s == "ok").collect();
    eqnice!(vec![true, false, true, false], ok, "{a:?}");
}

/// A 1 MB sentence without punctuation, names and demonyms sprinkled in.
#[test]
fn one_megabyte_sentence_without_punctuation() {
    let unit = "officials from North Korea and Russia met Kim Jong Un and Chinese envoys ";
    let text = unit.repeat((1 << 20) / unit.len() + 1);
    let w = hostile_text(&text, "1 MB sentence");
    assert!(w.elapsed < Duration::from_secs(120));
}

/// 100,000 quotation marks of every kind in one sentence, paired and not.
#[test]
fn hundred_thousand_quotation_marks() {
    let marks = ["\"", "“", "”", "‘", "’", "«", "»", "„", "'"];
    let mut text = String::from("Kim Jong Un said ");
    for i in 0..100_000 {
        text.push_str(marks[i % marks.len()]);
        if i % 3 == 0 {
            text.push_str("a ");
        }
    }
    hostile_text(&text, "100,000 quotation marks");
}

/// Quotes nested 5,000 deep, alternating double and single curly marks.
#[test]
fn deeply_nested_quotes() {
    let n = 5_000;
    let mut text = String::from("Vladimir Putin said ");
    for i in 0..n {
        text.push_str(if i % 2 == 0 { "“level " } else { "‘level " });
    }
    text.push_str("core");
    for i in (0..n).rev() {
        text.push_str(if i % 2 == 0 { "” end" } else { "’ end" });
    }
    text.push('.');
    hostile_text(&text, "quotes nested 5,000 deep");
}

/// Many speech cues in one long sentence: 20,000 `Kim said a,` (240 KB).
/// Before fa74c97 the claims stage was quadratic in the cues of a sentence:
/// this took 33 s in a debug build; now about 2 s (a 1 MB sentence of them,
/// 87,000 cues, about 7 s).
#[test]
fn many_cues_in_one_sentence_are_not_quadratic() {
    let w = hostile_text(&"Kim said a, ".repeat(20_000), "20,000 cues in one sentence");
    // Generous (a debug build on a busy machine); the quadratic version
    // needed many minutes.
    assert!(w.elapsed < Duration::from_secs(60), "took {:?}", w.elapsed);
}

/// `-j` asking for far more threads than cores is capped at 4 per core
/// with a warning: the run takes as long as usual, the exit status and the
/// tables are those of `-j 1`.
#[test]
fn huge_thread_counts_are_capped_with_a_warning() {
    let tmp = tempdir();
    write(&tmp.path().join("in.txt"), "North Korea said that Russia was a friend.\n");
    let (one, out) = run_in(tmp.path(), &["-j", "1"], &["in.txt"]);
    one.expect_code(0);
    let want = table_bytes(&out);
    let child = spawn(tmp.path(), &["-q", "-j", "100000", "-o", "out", "in.txt"], Stdio::null());
    let w = watch(child, tmp.path(), Duration::from_secs(60), "-j 100000");
    w.run.expect_code(0);
    assert!(
        w.run.stderr.contains("warning: -j 100000 is more than 4 × the"),
        "stderr:\n{}",
        w.run.stderr
    );
    eqnice!(want, table_bytes(&out));
}

// ---------------------------------------------------------------------------
// Gazetteers

fn countries_header() -> &'static str {
    "id\tcanonical\taliases\tabbrevs\tdemonyms\tcapitals\tformer\n"
}

/// A gazetteer folder with a duplicate id or a bad date is refused before
/// any input is read: `file:line` on stderr, exit 2, no table written.
#[test]
fn duplicate_ids_and_bad_dates_in_gazetteers_exit_2() {
    let people_header = "id\tcanonical\taliases\tsurname\tcountry\ttitles\tvalid_from\tvalid_to\n";
    let cases: &[(&str, &str, String, &str)] = &[
        (
            "duplicate id",
            "countries.tsv",
            format!(
                "{}C:RU\tRussia\t\t\tRussian\tMoscow\t\nC:RU\tRussian Federation\t\t\t\t\t\n",
                countries_header()
            ),
            "countries.tsv:3",
        ),
        (
            "bad date",
            "people.tsv",
            format!("{people_header}P:RU:x_y\tXan Yol\t\tYol\tRU\t\t2023-13-45\t\n"),
            "people.tsv:2",
        ),
        (
            "bad date in valid_to",
            "people.tsv",
            format!("{people_header}P:RU:x_y\tXan Yol\t\tYol\tRU\t\t2020\tsoon\n"),
            "people.tsv:2",
        ),
    ];
    for (what, file, body, at) in cases {
        let tmp = tempdir();
        write(&tmp.path().join("gaz").join(file), body);
        write(&tmp.path().join("in.txt"), "Russia said that the talks went well.\n");
        let (run, out) = run_in(tmp.path(), &["-g", "gaz"], &["in.txt"]);
        assert_eq!(run.code, Some(2), "{what}: exit {:?}\n{}", run.code, run.stderr);
        assert!(run.stderr.contains(at), "{what}: stderr does not name {at}:\n{}", run.stderr);
        assert!(!out.join("articles.csv").exists(), "{what}: tables written");
        // --check-gazetteers reports it too, with exit 2.
        let check = claimex(tmp.path(), ["-g", "gaz", "--check-gazetteers"]);
        assert_eq!(check.code, Some(2), "{what}: --check-gazetteers exit {:?}", check.code);
    }
}

/// A gazetteer file that is not UTF-8 is refused like any other bad
/// gazetteer line: `FILE:LINE` of the first bad byte, exit 2, no table.
#[test]
fn gazetteer_file_not_utf8_names_file_and_line() {
    let tmp = tempdir();
    let mut body = countries_header().as_bytes().to_vec();
    body.extend_from_slice(b"C:RU\tRussia\t\t\tRussian\tMoscow\t\n");
    body.extend_from_slice(b"C:FR\tFrance\t\t\tFran\xe7ais\tParis\t\n");
    write(&tmp.path().join("g/extra.tsv"), &body);
    write(&tmp.path().join("in.txt"), "Russia said that the talks went well.\n");
    let (run, out) = run_in(tmp.path(), &["-g", "g"], &["in.txt"]);
    run.expect_code(2);
    let want = format!("{}:3: ", Path::new("g").join("extra.tsv").display());
    assert!(run.stderr.contains(&want), "stderr does not name {want}:\n{}", run.stderr);
    assert!(run.stderr.contains("UTF-8"), "stderr:\n{}", run.stderr);
    assert!(!out.join("articles.csv").exists(), "tables written");
    let check = claimex(tmp.path(), ["-g", "g", "--check-gazetteers"]);
    check.expect_code(2);
    assert!(check.stderr.contains(&want), "stderr does not name {want}:\n{}", check.stderr);
}

// ---------------------------------------------------------------------------
// Atomic output under SIGKILL, SIGINT, SIGTERM and SIGHUP

/// Writes ~`mb` MB of JSON Lines news-like articles.
fn big_input(path: &Path, mb: usize) {
    let text = "North Korea said that Russia was a friend. \\\"We will meet again,\\\" \
                Kim Jong Un said, according to KCNA. Yoon Suk Yeol said that Seoul was ready \
                and that talks with Washington went well. ";
    let mut f = std::io::BufWriter::new(File::create(path).unwrap());
    let mut n = 0;
    let mut i = 0;
    while n < mb << 20 {
        let line = format!("{{\"id\":\"big{i}\",\"text\":\"{text}{text}\"}}\n");
        f.write_all(line.as_bytes()).unwrap();
        n += line.len();
        i += 1;
    }
    f.flush().unwrap();
}

/// Previous tables from a small run, and a big input to interrupt.
fn previous_tables(root: &Path) -> Vec<(String, Vec<u8>)> {
    write(&root.join("small.txt"), "North Korea said that Russia was a friend.\n");
    let run = claimex(root, ["-q", "-o", "out", "small.txt"]);
    run.expect_code(0);
    big_input(&root.join("big.jsonl"), 30);
    table_bytes(&root.join("out"))
}

/// A run reading `big.jsonl` from its stdin (`-`), which stays open until
/// the returned sender is dropped: the run cannot finish before the test
/// kills or interrupts it, however fast the build is.
fn spawn_held(root: &Path, args: &[&str]) -> (Child, std::sync::mpsc::Sender<()>) {
    let mut child = spawn(root, args, Stdio::piped());
    let mut stdin = child.stdin.take().expect("piped stdin");
    let data = fs::read(root.join("big.jsonl")).unwrap();
    let (hold, release) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        // A killed run closes the pipe: the write then fails, as it may.
        let _ = stdin.write_all(&data);
        let _ = release.recv(); // returns once the sender is dropped
    });
    (child, hold)
}

/// Waits until the run has created its temporary tables (its Ctrl-C
/// handler is installed by then) or `limit` passes.
fn wait_for_tmp(out: &Path, child: &mut Child, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if !tmp_files(out).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// A run killed with SIGKILL at several moments (before, while and after
/// it starts writing) leaves the previous tables byte-identical and
/// readable. A killed process cannot clean up: its `.NAME.PID.tmp` files
/// stay (see README, "Bad input, faults and spreadsheets").
#[test]
fn sigkill_at_any_moment_leaves_previous_tables() {
    let tmp = tempdir();
    let root = tmp.path();
    let before = previous_tables(root);
    let out = root.join("out");
    for delay_ms in [0u64, 20, 150, 600, 1500] {
        let (mut child, hold) = spawn_held(root, &["-q", "-o", "out", "-"]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        drop(hold);
        assert_eq!(status.code(), None, "the run ended before SIGKILL at {delay_ms} ms");
        eqnice!(before, table_bytes(&out), "tables changed by a run killed at {delay_ms} ms");
        check_headers(&out);
        eqnice!(1, rows(&out.join("articles.csv")).len());
    }
    // Stale temporary files are the only trace, each named `.NAME.PID.tmp`.
    for name in tmp_files(&out) {
        let parts: Vec<&str> = name.trim_start_matches('.').rsplitn(3, '.').collect();
        assert!(
            parts.len() == 3 && parts[1].parse::<u32>().is_ok() && parts[2].ends_with(".csv"),
            "unexpected temporary file {name}"
        );
    }
    // The next run works and replaces the tables.
    write(&root.join("small.txt"), "Russia said that the talks went well.\n");
    claimex(root, ["-q", "-o", "out", "small.txt"]).expect_code(0);
    assert_ne!(before, table_bytes(&out));
}

/// After a SIGKILLed run, the next successful run should remove the stale
/// temporary files of runs whose process is gone.
#[test]
fn next_run_removes_stale_tmp_files_of_dead_runs() {
    let tmp = tempdir();
    let root = tmp.path();
    previous_tables(root);
    let out = root.join("out");
    let (mut child, hold) = spawn_held(root, &["-q", "-o", "out", "-"]);
    assert!(wait_for_tmp(&out, &mut child, Duration::from_secs(60)), "no temporary files seen");
    child.kill().unwrap();
    child.wait().unwrap();
    drop(hold);
    assert!(!tmp_files(&out).is_empty());
    claimex(root, ["-q", "-o", "out", "small.txt"]).expect_code(0);
    eqnice!(Vec::<String>::new(), tmp_files(&out), "stale temporary files left");
}

/// Sends `signal` (`INT`, `TERM`, `HUP`) to a process with kill(1).
fn send_signal(child: &Child, signal: &str) {
    let kill = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success(), "kill -{signal} failed");
}

/// Ctrl-C (SIGINT), SIGTERM (`timeout`, docker, systemd, YARN) and SIGHUP
/// during a real run: exit 128 + the signal (130, 143, 129), the previous
/// tables untouched, no temporary file left. The run reads a pipe that
/// stays open: it stops without waiting for the end of its input.
#[cfg(unix)]
#[test]
fn sigint_sigterm_sighup_stop_cleanly_with_exit_128_plus_signal() {
    let tmp = tempdir();
    let root = tmp.path();
    let before = previous_tables(root);
    let out = root.join("out");
    for (signal, name, code) in
        [("INT", "Ctrl-C", 130), ("TERM", "SIGTERM", 143), ("HUP", "SIGHUP", 129)]
    {
        let (mut child, hold) = spawn_held(root, &["-o", "out", "-"]);
        assert!(wait_for_tmp(&out, &mut child, Duration::from_secs(60)), "the run never started");
        std::thread::sleep(Duration::from_millis(200));
        send_signal(&child, signal);
        // Standard input stays open until the run has ended.
        let w = watch(child, root, Duration::from_secs(60), &format!("SIG{signal}"));
        drop(hold);
        w.run.expect_code(code);
        assert!(
            w.run.stderr.contains(&format!("interrupted by {name}")),
            "SIG{signal}: stderr:\n{}",
            w.run.stderr
        );
        eqnice!(before, table_bytes(&out), "tables changed by a run stopped by SIG{signal}");
        eqnice!(Vec::<String>::new(), tmp_files(&out), "temporary files left by SIG{signal}");
    }
}

/// SIGTERM stops a run whose reader waits on a pipe that sends nothing
/// more (a stalled producer): it does not wait for input that may never
/// come.
#[cfg(unix)]
#[test]
fn sigterm_stops_a_run_waiting_on_an_idle_pipe() {
    let tmp = tempdir();
    let root = tmp.path();
    let out = root.join("out");
    fs::create_dir(&out).unwrap();
    let mut child = spawn(root, &["-q", "-o", "out", "-"], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"id\":\"a\",\"text\":\"Russia said hi.\"}\n").unwrap();
    stdin.flush().unwrap();
    assert!(wait_for_tmp(&out, &mut child, Duration::from_secs(60)), "the run never started");
    std::thread::sleep(Duration::from_millis(300));
    send_signal(&child, "TERM");
    let w = watch(child, root, Duration::from_secs(20), "SIGTERM on an idle pipe");
    drop(stdin);
    w.run.expect_code(143);
    eqnice!(Vec::<String>::new(), tmp_files(&out), "temporary files left");
    assert!(!out.join("articles.csv").exists(), "tables written");
}

/// A run busy with one long article (a few seconds, in one
/// batch, so that a stop waits for it), started in a fresh folder.
fn spawn_slow(root: &Path) -> Child {
    // A few seconds of work, which the first signal has to wait for: the
    // rules are linear, so only size makes it slow (6 MB in a debug build,
    // 50 MB in a release one).
    let repeats = if cfg!(debug_assertions) { 2 << 18 } else { 4 << 20 };
    write(&root.join("slow.txt"), "Kim said a, ".repeat(repeats));
    let out = root.join("out");
    fs::create_dir(&out).unwrap();
    let args = ["-q", "-j", "1", "--max-article-bytes", "67108864", "-o", "out", "slow.txt"];
    let mut child = spawn(root, &args, Stdio::null());
    assert!(wait_for_tmp(&out, &mut child, Duration::from_secs(60)), "the run never started");
    std::thread::sleep(Duration::from_millis(300));
    child
}

/// A second signal, sent well after the first, exits at once (exit 128 +
/// the signal) even while a long article holds the workers, which the first
/// one waits for.
#[cfg(unix)]
#[test]
fn a_second_sigterm_exits_at_once() {
    let tmp = tempdir();
    let root = tmp.path();
    let child = spawn_slow(root);
    send_signal(&child, "TERM");
    std::thread::sleep(Duration::from_millis(800));
    send_signal(&child, "TERM");
    let w = watch(child, root, Duration::from_secs(60), "two SIGTERMs");
    w.run.expect_code(143);
    assert!(w.elapsed < Duration::from_secs(2), "took {:?} after the second SIGTERM", w.elapsed);
    assert!(!w.run.stderr.contains("interrupted by"), "stopped cleanly:\n{}", w.run.stderr);
    assert!(!root.join("out/articles.csv").exists(), "tables written");
}

/// `timeout` sends its signal twice, to claimex and to its process group,
/// within a moment: that is one request, and the run still stops cleanly.
#[cfg(unix)]
#[test]
fn a_sigterm_repeated_at_once_still_stops_cleanly() {
    let tmp = tempdir();
    let root = tmp.path();
    let child = spawn_slow(root);
    send_signal(&child, "TERM");
    std::thread::sleep(Duration::from_millis(20));
    send_signal(&child, "TERM");
    let w = watch(child, root, Duration::from_secs(60), "SIGTERM twice at once");
    w.run.expect_code(143);
    assert!(w.run.stderr.contains("interrupted by SIGTERM"), "stderr:\n{}", w.run.stderr);
    eqnice!(Vec::<String>::new(), tmp_files(&root.join("out")), "temporary files left");
    assert!(!root.join("out/articles.csv").exists(), "tables written");
}

// ---------------------------------------------------------------------------
// Spreadsheet safety

fn spreadsheet_fixture() -> PathBuf {
    repo().join("tests/fixtures/robustness/spreadsheet.jsonl")
}

/// The fixture's texts by article id.
fn fixture_texts() -> HashMap<String, String> {
    fs::read_to_string(spreadsheet_fixture())
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["text"].as_str().unwrap().to_string())
        })
        .collect()
}

/// Would a spreadsheet run this cell as a formula (or split it)?
fn risky(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Every text cell of every table: none starts with = + - @ tab or CR
/// (claim texts, speaker names, titles, urls and ids included); numeric
/// cells untouched; offsets still right once the one `'` is stripped.
#[test]
fn no_cell_of_any_table_runs_as_a_formula() {
    let tmp = tempdir();
    let fixture = spreadsheet_fixture();
    let (run, out) = run_in(tmp.path(), &[], &[fixture.to_str().unwrap()]);
    run.expect_code(0);
    let mut neutralised = HashSet::new();
    for (name, _) in TABLES {
        for row in rows(&out.join(name)) {
            for (col, cell) in &row {
                assert!(!risky(cell), "{name}: `{col}` = {cell:?} would run as a formula");
                if cell.starts_with('\'') {
                    neutralised.insert(format!("{name}:{col}"));
                }
            }
        }
    }
    for want in [
        "articles.csv:article_id",
        "articles.csv:title",
        "articles.csv:url",
        "claims.csv:claim_text",
        "claims.csv:claim_id",
        "mentions.csv:article_id",
    ] {
        assert!(neutralised.contains(want), "no neutralised cell in {want}: {neutralised:?}");
    }
    let c = rows(&out.join("claims.csv"));
    let texts: Vec<&str> = c.iter().map(|r| r["claim_text"].as_str()).collect();
    for want in ["'=SUM(A1:A9) is the answer.", "'-10 percent is fine", "'@home was safe"] {
        assert!(texts.contains(&want), "no claim_text {want:?} in {texts:?}");
    }
    let a = rows(&out.join("articles.csv"));
    eqnice!("'\tTabbed title", a[2]["title"]);
    eqnice!("'\rcr-url", a[2]["url"]);
    check_offsets_with(&out, &fixture_texts());
}

/// Names from a gazetteer that start with = or @ are neutralised in the
/// mention, entity and speaker name columns.
#[test]
fn gazetteer_names_are_neutralised_too() {
    let tmp = tempdir();
    let gaz = tmp.path().join("gaz");
    write(
        &gaz.join("people.tsv"),
        "id\tcanonical\taliases\tsurname\tcountry\ttitles\tvalid_from\tvalid_to\n\
         P:jane_doe\t=Jane Doe\tJane Doe\tDoe\t\t\t\t\n",
    );
    write(
        &gaz.join("countries.tsv"),
        format!("{}C:RU\t@Russia\tRussia\t\t\t\t\n", countries_header()),
    );
    copy_dir(&repo().join("gazetteers/cues"), &gaz.join("cues"));
    write(
        &tmp.path().join("in.jsonl"),
        "{\"id\":\"g\",\"text\":\"Jane Doe said that Russia was ready.\"}\n",
    );
    let (run, out) = run_in(tmp.path(), &["-g", "gaz"], &["in.jsonl"]);
    run.expect_code(0);
    let m = rows(&out.join("mentions.csv"));
    let names: Vec<(&str, &str)> =
        m.iter().map(|r| (r["text"].as_str(), r["name"].as_str())).collect();
    eqnice!(vec![("Jane Doe", "'=Jane Doe"), ("Russia", "'@Russia")], names);
    let e = rows(&out.join("entities.csv"));
    let names: Vec<&str> = e.iter().map(|r| r["name"].as_str()).collect();
    eqnice!(vec!["'@Russia", "'=Jane Doe"], names);
    let c = rows(&out.join("claims.csv"));
    eqnice!(1, c.len());
    eqnice!(
        ("Jane Doe", "'=Jane Doe"),
        (c[0]["speaker_text"].as_str(), c[0]["speaker_name"].as_str())
    );
    // With --raw-cells, the names are written as they are.
    let (run, out) = run_in(tmp.path(), &["-g", "gaz", "--raw-cells"], &["in.jsonl"]);
    run.expect_code(0);
    let c = rows(&out.join("claims.csv"));
    eqnice!("=Jane Doe", c[0]["speaker_name"]);
}

/// `--raw-cells` writes every cell exactly as in the input, claim texts
/// included, and the offsets hold without any `'` to strip.
#[test]
fn raw_cells_writes_claim_texts_as_they_are() {
    let tmp = tempdir();
    let fixture = spreadsheet_fixture();
    let (run, out) = run_in(tmp.path(), &["--raw-cells"], &[fixture.to_str().unwrap()]);
    run.expect_code(0);
    let c = rows(&out.join("claims.csv"));
    let texts: Vec<&str> = c.iter().map(|r| r["claim_text"].as_str()).collect();
    for want in ["=SUM(A1:A9) is the answer.", "-10 percent is fine", "@home was safe"] {
        assert!(texts.contains(&want), "no claim_text {want:?} in {texts:?}");
    }
    for (name, _) in TABLES {
        for row in rows(&out.join(name)) {
            assert!(row.values().all(|c| !c.starts_with('\'')), "{name}: {row:#?}");
        }
    }
    let a = rows(&out.join("articles.csv"));
    eqnice!(("=1+1", "\tTabbed title"), (a[1]["article_id"].as_str(), a[2]["title"].as_str()));
    let texts = fixture_texts();
    for r in &c {
        let text = &texts[&r["article_id"]];
        let (s, e) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
        eqnice!(slice_chars(text, s, e), r["claim_text"]);
    }
}

/// `--excel`: every table starts with a UTF-8 BOM; a cell over 32,767
/// characters is cut to exactly that, ending in `…[cut]`; shorter cells
/// and accents are untouched.
#[test]
fn excel_mode_bom_and_cut_cells() {
    let tmp = tempdir();
    let long_title = "é".repeat(40_000);
    let exact_title = "ü".repeat(32_767);
    let lines = [
        serde_json::json!({"id": "long", "title": long_title, "text": "Russia said hi."}),
        serde_json::json!({"id": "exact", "title": exact_title, "text": "“Curly” Moscow."}),
    ];
    write(&tmp.path().join("in.jsonl"), format!("{}\n{}\n", lines[0], lines[1]));
    let (run, out) = run_in(tmp.path(), &["--excel"], &["in.jsonl"]);
    run.expect_code(0);
    for (name, _) in TABLES {
        let bytes = fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "{name} has no BOM");
    }
    // The BOM is not part of the first header.
    let mut rdr = csv::Reader::from_path(out.join("articles.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let title = &rows[0][3];
    assert_eq!(title.chars().count(), 32_767);
    let tail: String = title.chars().skip(32_767 - 10).collect();
    assert!(title.ends_with("…[cut]"), "ends with {tail:?}");
    assert!(title.starts_with("éé"));
    eqnice!(exact_title.as_str(), &rows[1][3], "a cell of exactly 32,767 characters is kept");
    let stripped = fs::read_to_string(out.join("articles.csv")).unwrap();
    assert!(stripped.trim_start_matches('\u{FEFF}').starts_with("article_id,"));
}

/// Line counts of the parts of a table written with `--excel`, each
/// checked to start with a BOM.
fn excel_parts(out: &Path, stem: &str) -> Vec<usize> {
    let mut parts = Vec::new();
    for n in 1.. {
        let name = if n == 1 { format!("{stem}.csv") } else { format!("{stem}-{n}.csv") };
        let Ok(bytes) = fs::read(out.join(&name)) else { break };
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "{name}: no BOM");
        parts.push(bytes.iter().filter(|&&b| b == b'\n').count());
    }
    parts
}

/// `--excel` splits a table over 1,048,576 rows into numbered parts, with
/// a warning: 1,100 articles naming Russia 1,000 times each (8.8 MB, 1.1
/// million mentions; about 8 s in a debug build, under 1 s in release).
/// Parts break between articles: no part is over Excel's limit, every row
/// is in exactly one part, each part has its header.
#[test]
fn excel_splits_tables_over_a_million_rows() {
    let tmp = tempdir();
    let text = "Russia, ".repeat(1000);
    let mut data = String::new();
    for i in 0..1100 {
        data.push_str(&format!("{{\"id\":\"a{i}\",\"text\":\"{text}\"}}\n"));
    }
    write(&tmp.path().join("in.jsonl"), data);
    let child = spawn(tmp.path(), &["-o", "out", "--excel", "in.jsonl"], Stdio::null());
    let w = watch(child, tmp.path(), Duration::from_secs(600), "1.1M mentions, --excel");
    w.run.expect_code(0);
    assert!(
        w.run.stderr.contains("warning: mentions.csv has over 1048576 rows"),
        "no warning about parts:\n{}",
        w.run.stderr
    );
    let out = tmp.path().join("out");
    let parts = excel_parts(&out, "mentions");
    eqnice!(vec![1_048_001, 52_001], parts, "lines per part (header included)");
    let part2 = read_table(&out.join("mentions-2.csv"));
    eqnice!("mention_id", part2.header[0].trim_start_matches('\u{FEFF}'));
    eqnice!("a1048#m0", part2.rows[0]["mention_id"]);
    eqnice!(vec![1101], excel_parts(&out, "articles"));
}

/// One article with more mentions than Excel has rows: its rows should be
/// split across parts like any others. Instead the whole article goes into
/// `mentions-2.csv` (1,100,001 lines, still over the limit) and
/// `mentions.csv` keeps only its header. Release build: 1.8 s.
#[test]
fn excel_splits_one_article_over_a_million_rows() {
    const N: usize = 1_100_000;
    let tmp = tempdir();
    write(&tmp.path().join("in.txt"), "Russia, ".repeat(N));
    let child = spawn(tmp.path(), &["-o", "out", "--excel", "in.txt"], Stdio::null());
    let w = watch(child, tmp.path(), Duration::from_secs(1200), "one article, 1.1M mentions");
    w.run.expect_code(0);
    let parts = excel_parts(&tmp.path().join("out"), "mentions");
    assert!(parts.iter().all(|&n| n <= 1_048_576), "a part over Excel's limit: {parts:?}");
    eqnice!(N + parts.len(), parts.iter().sum::<usize>(), "every mention once, a header per part");
}

// ---------------------------------------------------------------------------
// Fuzz findings (`fuzz/`, see fuzz/README.md), minimized, as regressions

fn pipeline() -> &'static claimex::Pipeline {
    static P: std::sync::OnceLock<claimex::Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        claimex::Pipeline::new(claimex::gazetteer::Gazetteer::builtin().unwrap()).unwrap()
    })
}

/// The claims of `text` start in text order.
fn assert_claims_in_text_order(text: &str) {
    let a = pipeline().analyze(text, None);
    let spans: Vec<(usize, usize, &str)> =
        a.claims.iter().map(|c| (c.span.start, c.span.end, &text[c.span.range()])).collect();
    for w in spans.windows(2) {
        assert!(w[0].0 <= w[1].0, "claims out of text order: {spans:?}");
    }
}

/// Found by `cargo fuzz run claims` at bfe9117 (invalid UTF-8 and NUL
/// bytes in the input); minimised by hand to "Russia said it was fine,
/// according to KCNA, said the report.", whose claims come out as 12..59
/// ("it was fine, according to KCNA, said the report") then 0..59 (the
/// whole sentence, "said the report").
#[test]
fn fuzz_claims_in_text_order_2() {
    assert_claims_in_text_order("Russia said it was fine, according to KCNA, said the report.");
    let raw = b"date 2\x99sg to a pora. The Pentagon said it was cled\0\0\0\0\0\0\0\0\0ely, \
                according to all on f on, said the vot [Civil.the e/)\n";
    assert_claims_in_text_order(&String::from_utf8_lossy(raw));
}

/// Claims come in text order (claim ids are numbered in text order).
/// Found by `cargo fuzz run claims` at fea7d68 (the last byte was invalid
/// UTF-8): the claims came out as 9..30 then 0..15. Fixed since.
#[test]
fn fuzz_claims_in_text_order() {
    let text = "P expect P,told according to e\u{FFFD}";
    let a = pipeline().analyze(text, None);
    let spans: Vec<(usize, usize, &str)> =
        a.claims.iter().map(|c| (c.span.start, c.span.end, &text[c.span.range()])).collect();
    for w in spans.windows(2) {
        assert!(w[0].0 <= w[1].0, "claims out of text order: {spans:?}");
    }
}
