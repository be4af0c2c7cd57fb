//! `--review` with the real binary, no browser needed (the DOM is checked
//! in Chromium by `tests/review_browser.rs`): the report's counts are the
//! tables' counts, the pages are the first `--review-max` articles and link
//! each to the next, the other modes (`--shard`, `--merge`, `--emit`)
//! behave as documented, and the files are replaced like the tables.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use common::review::{check_report, report_counts};
use common::{claimex, copy_dir, repo, rows, tempdir, write};

/// Runs claimex in the repository with `args`; panics unless it exits 0 or 1.
fn run_ok(args: &[&str]) {
    let r = claimex(&repo(), args);
    assert!(matches!(r.code, Some(0 | 1)), "claimex {args:?} failed:\n{}", r.stderr);
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

/// The files of a folder, sorted by name.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const HOSTILE: &str = "tests/fixtures/review/hostile.jsonl";

#[test]
fn report_counts_are_the_counts_of_the_tables() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    run_ok(&["samples", HOSTILE, "--review", "-q", "-o", out]);
    let html = read(&dir.path().join("report.html"));
    let counts = report_counts(&html);
    assert!(counts.len() > 50, "the report shows its counts");
    check_report(&counts, dir.path(), 25);
    // Every count is shown as its value.
    let shown = regex::Regex::new(r#"data-k="[^"]*" data-n="(\d+)">([\d,]+)<"#).unwrap();
    for c in shown.captures_iter(&html) {
        assert_eq!(c[2].replace(',', ""), c[1], "a count shown as {}", &c[2]);
    }
    // One page per article, one highlight per mention row and one claims
    // row per claim row.
    let articles = rows(&dir.path().join("articles.csv"));
    let mut mentions: HashMap<String, usize> = HashMap::new();
    for m in rows(&dir.path().join("mentions.csv")) {
        *mentions.entry(m["article_id"].clone()).or_default() += 1;
    }
    for (i, a) in articles.iter().enumerate() {
        let page = read(&dir.path().join(format!("review/{}.html", i + 1)));
        let id = &a["article_id"];
        assert_eq!(
            page.matches("<mark class=\"m ").count(),
            mentions.get(id).copied().unwrap_or(0),
            "mentions of {id}"
        );
        assert_eq!(
            page.matches("<tr data-claim=").count().to_string(),
            a["claims"],
            "claims of {id}"
        );
    }
}

#[test]
fn pages_are_self_contained_and_escape_the_input() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    run_ok(&[HOSTILE, "--review", "-q", "-o", out]);
    let script_hash = |page: &str| {
        let s = page.split("<script>").nth(1).unwrap().split("</script>").next().unwrap();
        let digest = Sha256::digest(s.as_bytes());
        // base64, by hand (the tests do not need a crate for it).
        let abc = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut b64 = String::new();
        for c in digest.chunks(3) {
            let n =
                c.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
            for i in 0..4 {
                b64.push(if i <= c.len() {
                    char::from(abc[(n >> (18 - 6 * i)) as usize & 63])
                } else {
                    '='
                });
            }
        }
        b64
    };
    for name in ["1.html", "2.html", "index.html"] {
        let page = read(&dir.path().join("review").join(name));
        let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:;";
        assert!(page.contains(csp), "{name}: the CSP comes first");
        assert!(page.find(csp) < page.find("<title>"), "{name}: the CSP before anything else");
        for bad in [
            "<script>alert",
            "<img",
            "<iframe",
            "<style>body",
            "<!--",
            "href=\"javascript",
            "onerror=\"",
        ] {
            assert!(!page.contains(bad), "{name} holds {bad:?}");
        }
        // Nothing to load: no src attribute, no url() or @import in the styles.
        assert!(!page.contains(" src=\""), "{name} has a src attribute");
        let style = page.split("<style>").nth(1).unwrap().split("</style>").next().unwrap();
        assert!(!style.contains("url(") && !style.contains("@import"), "{name}: styles load");
        let scripts = page.matches("<script").count();
        if name == "index.html" {
            assert_eq!(scripts, 0);
        } else {
            assert_eq!(scripts, 1, "{name}: the page's own script only");
            let hash = script_hash(&page);
            assert!(
                page.contains(&format!("script-src &#39;sha256-{hash}&#39;")),
                "{name}: its hash"
            );
        }
    }
    let first = read(&dir.path().join("review/1.html"));
    // Carriage returns survive the parser as references; the javascript:
    // URL is text, the https one a link with its quotes escaped.
    assert!(first.contains("a friend</span>.&#13;\n&#13;\n&lt;/style&gt;"), "CRLF as &#13;");
    assert!(first.contains("<span class=\"url\">javascript:alert(document.cookie)</span>"));
    let second = read(&dir.path().join("review/2.html"));
    assert!(second.contains(
        "href=\"https://example.org/claimex/hostile?a=1&amp;b=&quot;2&quot;&amp;c=&lt;3&gt;\""
    ));
    let report = read(&dir.path().join("report.html"));
    assert!(!report.contains("<script"), "the report runs no script");
    assert!(report.contains("&lt;/title&gt;&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"));
}

#[test]
fn review_max_limits_the_pages_which_link_to_each_other() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    run_ok(&["samples", "--review", "--review-max", "3", "-q", "-o", out]);
    let pages = dir.path().join("review");
    assert_eq!(names(&pages), ["1.html", "2.html", "3.html", "index.html"]);
    let p = |n: usize| read(&pages.join(format!("{n}.html")));
    assert!(!p(1).contains("rel=\"prev\"") && p(1).contains("<a rel=\"next\" href=\"2.html\">"));
    assert!(p(2).contains("<a rel=\"prev\" href=\"1.html\">") && p(2).contains("href=\"3.html\""));
    assert!(p(3).contains("<a rel=\"prev\" href=\"2.html\">") && !p(3).contains("rel=\"next\""));
    let index = read(&pages.join("index.html"));
    assert_eq!(index.matches("<tr><td class=\"num\">").count(), 3);
    let report = read(&dir.path().join("report.html"));
    assert!(
        report.contains("href=\"review/index.html\"") && report.contains("href=\"review/3.html\"")
    );
    assert!(!report.contains("href=\"review/4.html\""));
    // --review-max 0: the report alone.
    run_ok(&["samples", "--review", "--review-max", "0", "-q", "-o", out]);
    assert!(!pages.exists() && dir.path().join("report.html").is_file());
}

#[test]
fn shards_write_their_pages_and_the_merge_writes_the_report() {
    let dir = tempdir();
    let one = dir.path().join("one");
    run_ok(&["samples", HOSTILE, "--review", "-q", "-o", one.to_str().unwrap()]);
    let mut shards = Vec::new();
    for k in 0..2 {
        let sh = dir.path().join(format!("shard{k}"));
        let spec = format!("{k}/2");
        run_ok(&[
            "samples",
            HOSTILE,
            "--shard",
            &spec,
            "--review",
            "-q",
            "-o",
            sh.to_str().unwrap(),
        ]);
        assert!(!sh.join("report.html").exists(), "a shard writes no report");
        let articles = rows(&sh.join("articles.csv")).len();
        let pages = names(&sh.join("review"));
        assert_eq!(pages.len(), articles + 1, "shard {k}: a page per article and the index");
        shards.push(sh);
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["--merge", "--review", "-q", "-o", merged.to_str().unwrap()];
    args.extend(shards.iter().map(|s| s.to_str().unwrap()));
    run_ok(&args);
    assert!(!merged.join("review").exists(), "a merge writes no pages");
    let got = report_counts(&read(&merged.join("report.html")));
    check_report(&got, &merged, 25);
    // The merged report counts what the one-machine report counts.
    let want = report_counts(&read(&one.join("report.html")));
    assert_eq!(got, want);
    assert!(read(&merged.join("report.html")).contains("Merged from 2 shards"));
}

#[test]
fn emit_with_review_is_refused_and_review_max_needs_review() {
    let dir = tempdir();
    let r = claimex(
        dir.path(),
        [repo().join("samples").to_str().unwrap(), "--emit", "jsonl", "--review"],
    );
    r.expect_code(2);
    assert!(r.stderr.contains("--review") && r.stderr.contains("--emit"), "{}", r.stderr);
    let r = claimex(dir.path(), [repo().join("samples").to_str().unwrap(), "--review-max", "5"]);
    r.expect_code(2);
    assert!(r.stderr.contains("--review"), "{}", r.stderr);
}

#[test]
fn a_run_without_review_removes_the_older_report_and_pages() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    run_ok(&["samples", "--review", "--review-max", "2", "-q", "-o", out]);
    assert!(dir.path().join("report.html").is_file() && dir.path().join("review/2.html").is_file());
    run_ok(&["samples", "-q", "-o", out]);
    assert!(!dir.path().join("report.html").exists() && !dir.path().join("review").exists());
    // A folder called review/ that holds anything else is not ours: kept
    // without --review, and --review refuses to replace it.
    write(&dir.path().join("review/notes.txt"), "mine");
    run_ok(&["samples", "-q", "-o", out]);
    assert!(dir.path().join("review/notes.txt").is_file());
    let before = read(&dir.path().join("articles.csv"));
    let r = claimex(&repo(), ["samples", HOSTILE, "--review", "-q", "-o", out]);
    r.expect_code(2);
    assert!(r.stderr.contains("review"), "{}", r.stderr);
    assert_eq!(read(&dir.path().join("articles.csv")), before, "no table replaced");
    assert!(dir.path().join("review/notes.txt").is_file());
    let left: Vec<String> = names(dir.path()).into_iter().filter(|n| n.ends_with(".tmp")).collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}

#[test]
fn stale_review_temporaries_of_killed_runs_are_removed() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    // PIDs far above any pid_max: processes that are gone.
    write(&dir.path().join(".review.999999999.tmp/1.html"), "old");
    write(&dir.path().join(".review-old.999999998.tmp/1.html"), "old");
    write(&dir.path().join(".report.html.999999997.tmp"), "old");
    run_ok(&["samples", "-q", "-o", out]);
    let left: Vec<String> = names(dir.path()).into_iter().filter(|n| n.ends_with(".tmp")).collect();
    assert!(left.is_empty(), "stale temporaries left: {left:?}");
}

#[test]
fn review_files_are_the_same_for_any_thread_count() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let input = dir.path().join("in");
    copy_dir(&repo().join("samples"), &input);
    fs::copy(repo().join(HOSTILE), input.join("hostile.jsonl")).unwrap();
    for (out, j) in [(&a, "1"), (&b, "2")] {
        let r = claimex(dir.path(), ["in", "--review", "-q", "-j", j, "-o", out.to_str().unwrap()]);
        assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
    }
    assert_eq!(read(&a.join("report.html")), read(&b.join("report.html")));
    assert_eq!(names(&a.join("review")), names(&b.join("review")));
    for n in names(&a.join("review")) {
        assert_eq!(read(&a.join("review").join(&n)), read(&b.join("review").join(&n)), "{n}");
    }
}
