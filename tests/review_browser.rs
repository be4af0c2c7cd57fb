//! `--review` in a real browser: headless Chromium (Debian's `chromium`,
//! installed with apt-get when missing) loads the report and the review
//! pages of a run over `samples/` and over a hostile fixture
//! (`tests/fixtures/review/hostile.jsonl`), driven through the DevTools
//! protocol on `--remote-debugging-pipe` (a small client below), and checks
//! the DOM against the tables of the same run:
//!
//! - the report: every count (`data-k`/`data-n`, and the text shown) is the
//!   count of the CSVs;
//! - every page: the text in the DOM is the article's, code point for code
//!   point (carriage returns included); one `mark.m` per mention row, at
//!   its code-point offset in the DOM, with the row's `data-start`,
//!   `data-end` and text; one claim (its pieces joined) and one table row
//!   per claim row, its speaker likewise;
//! - no console error, no request but the page itself (the CSP lets none
//!   leave), exactly the page's own script, and the arrow keys move
//!   between articles;
//! - screenshots in `target/review-shots/`; with `CLAIMEX_BLESS=1` the
//!   report and one article page of the samples run are copied to
//!   `docs/review/` for the README.
//!
//! Without Chromium and without a way to install it the tests say so and
//! pass, unless `CLAIMEX_REQUIRE_BROWSER` is set (as `.ci/run` does).

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::review::check_report;
use common::{cell_matches, repo, rows, slice_chars, Row, TextFinder};

/// How long one DevTools call or page load may take.
const TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------
// Finding (or installing) Chromium.

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CLAIMEX_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find_map(on_path)
}

/// Chromium, installed with `apt-get install chromium` when missing (once
/// per test binary); `None`, with the reason, when it cannot be had.
fn chromium() -> Result<PathBuf, String> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            if let Some(p) = find_chromium() {
                return Ok(p);
            }
            let Some(apt) = on_path("apt-get") else {
                return Err("chromium is not installed and there is no apt-get".into());
            };
            eprintln!("review_browser: installing chromium with apt-get (once)");
            let quiet = |args: &[&str]| {
                Command::new(&apt)
                    .args(args)
                    .env("DEBIAN_FRONTEND", "noninteractive")
                    .stdout(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            };
            let updated = quiet(&["update", "-qq"]);
            let installed = quiet(&["install", "-y", "-qq", "chromium"]);
            find_chromium().ok_or(format!(
                "chromium could not be installed (apt-get update ok: {updated}, install ok: {installed})"
            ))
        })
        .clone()
}

/// Chromium, or `None` after saying why the test is skipped (a failure
/// when `CLAIMEX_REQUIRE_BROWSER` is set).
fn browser_or_skip() -> Option<PathBuf> {
    match chromium() {
        Ok(p) => Some(p),
        Err(why) if std::env::var_os("CLAIMEX_REQUIRE_BROWSER").is_some() => {
            panic!("CLAIMEX_REQUIRE_BROWSER is set but {why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

// ---------------------------------------------------------------------------
// A DevTools-protocol client over --remote-debugging-pipe: Chromium reads
// commands from its fd 3 and writes replies and events to its fd 4, each a
// JSON text ended by a NUL byte. A shell gives it our pipes as those fds.

struct Chrome {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next: u64,
    /// Events received, oldest first.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

/// One tab, attached with its own session.
struct Tab {
    session: String,
}

impl Chrome {
    fn launch(bin: &Path) -> Chrome {
        let profile = tempfile::Builder::new().prefix("claimex-chromium-").tempdir().unwrap();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--force-device-scale-factor=1",
                "--font-render-hinting=none",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 1 << 16];
            loop {
                let n = match stdout.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                buf.extend_from_slice(&chunk[..n]);
                while let Some(end) = buf.iter().position(|&b| b == 0) {
                    let msg: Vec<u8> = buf.drain(..=end).collect();
                    let v: Value = serde_json::from_slice(&msg[..msg.len() - 1]).unwrap();
                    if tx.send(v).is_err() {
                        return;
                    }
                }
            }
        });
        Chrome { child, stdin, rx, next: 0, events: Vec::new(), _profile: profile }
    }

    fn recv(&mut self, deadline: Instant, what: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("chromium: no answer in time to {what}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("chromium exited while waiting for {what}")
            }
        }
    }

    /// Sends a command and waits for its result (events meanwhile are kept).
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.stdin.write_all(&bytes).and_then(|()| self.stdin.flush()).expect("write to chromium");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self.recv(deadline, method);
            if v["id"] == json!(id) {
                if let Some(err) = v.get("error") {
                    panic!("chromium: {method} failed: {err}");
                }
                return v["result"].clone();
            }
            self.events.push(v);
        }
    }

    /// Waits for an event of a tab (one already received counts), and
    /// takes it out of the list.
    fn wait_event(&mut self, tab: &Tab, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let found = self
                .events
                .iter()
                .position(|e| e["method"] == json!(method) && e["sessionId"] == json!(tab.session));
            if let Some(i) = found {
                return self.events.remove(i);
            }
            let v = self.recv(deadline, method);
            self.events.push(v);
        }
    }

    /// A new tab, 1440 × 900, with the domains whose events we read.
    fn tab(&mut self) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        let tab = Tab { session: attached["sessionId"].as_str().unwrap().to_string() };
        for domain in ["Page.enable", "Runtime.enable", "Network.enable", "Log.enable"] {
            self.call(Some(&tab.session), domain, json!({}));
        }
        self.call(
            Some(&tab.session),
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        );
        tab
    }

    /// Forgets the tab's events so far.
    fn clear(&mut self, tab: &Tab) {
        self.events.retain(|e| e["sessionId"] != json!(tab.session));
    }

    /// Loads `url` in the tab and waits for its load event.
    fn goto(&mut self, tab: &Tab, url: &str) {
        self.clear(tab);
        self.call(Some(&tab.session), "Page.navigate", json!({ "url": url }));
        self.wait_event(tab, "Page.loadEventFired");
    }

    /// Evaluates `expr` (which returns a JSON string) in the tab.
    fn eval(&mut self, tab: &Tab, expr: &str) -> Value {
        let r = self.call(
            Some(&tab.session),
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true }),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("evaluation failed: {e}");
        }
        let s = r["result"]["value"].as_str().expect("the expression returns a string");
        serde_json::from_str(s).unwrap()
    }

    /// The tab's console errors and the requests made other than `allowed`
    /// (and `data:` URLs), from its events so far.
    fn problems(&mut self, tab: &Tab, allowed: &[&str]) -> (Vec<String>, Vec<String>) {
        // Events that arrived after the last call are still in the pipe.
        self.call(Some(&tab.session), "Runtime.evaluate", json!({ "expression": "0" }));
        let (mut errors, mut requests) = (Vec::new(), Vec::new());
        for e in self.events.iter().filter(|e| e["sessionId"] == json!(tab.session)) {
            let p = &e["params"];
            match e["method"].as_str().unwrap_or("") {
                "Runtime.consoleAPICalled"
                    if matches!(p["type"].as_str(), Some("error" | "assert")) =>
                {
                    errors.push(format!("console.{}: {}", p["type"], p["args"]))
                }
                "Runtime.exceptionThrown" => {
                    errors.push(format!("exception: {}", p["exceptionDetails"]))
                }
                "Log.entryAdded" if p["entry"]["level"] == json!("error") => {
                    errors.push(format!("log: {}", p["entry"]["text"]))
                }
                "Network.requestWillBeSent" => {
                    let url = p["request"]["url"].as_str().unwrap_or("").to_string();
                    if !url.starts_with("data:") && !allowed.contains(&url.as_str()) {
                        requests.push(url);
                    }
                }
                _ => {}
            }
        }
        (errors, requests)
    }

    /// A PNG of the whole page (at most `max_height` pixels tall).
    fn screenshot(&mut self, tab: &Tab, path: &Path, max_height: u64) {
        let size = self.eval(
            tab,
            "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.scrollHeight])",
        );
        let (w, h) = (size[0].as_u64().unwrap(), size[1].as_u64().unwrap().min(max_height));
        let shot = self.call(
            Some(&tab.session),
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": w, "height": h, "scale": 1 }
            }),
        );
        let png = base64_decode(shot["data"].as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        self.next += 1;
        let msg =
            format!("{{\"id\":{},\"method\":\"Browser.close\",\"params\":{{}}}}\0", self.next);
        let _ = self.stdin.write_all(msg.as_bytes());
        let _ = self.stdin.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let clean: Vec<u8> = s.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(val(c)) << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The runs.

/// Where the runs and the screenshots go: `target/tmp/…` and
/// `target/review-shots/`.
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().to_path_buf()
}

fn shots() -> PathBuf {
    target_dir().join("review-shots")
}

/// A run of `--review` over `inputs` (relative to the repository) into
/// `target/tmp/<name>`, once per test binary.
fn run(name: &'static str, inputs: &[&str]) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&out);
    let mut args: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    args.extend(["--review", "-q", "-o"].map(String::from));
    args.push(out.display().to_string());
    let r = common::claimex(&repo(), &args);
    assert!(matches!(r.code, Some(0 | 1)), "claimex --review failed: {}", r.stderr);
    out
}

fn samples_run() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| run("review-samples", &["samples"]))
}

fn hostile_run() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| run("review-hostile", &["tests/fixtures/review/hostile.jsonl"]))
}

fn file_url(p: &Path) -> String {
    let p = p.canonicalize().unwrap();
    let mut url = String::from("file://");
    for b in p.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(char::from(b))
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

// ---------------------------------------------------------------------------
// The checks.

/// What an article page holds, read from its DOM.
const PAGE_DOM: &str = r#"(() => {
  const root = document.getElementById('text');
  const at = new Map();
  let n = 0;
  const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = w.nextNode(); node; node = w.nextNode()) {
    if (node.nodeType === 1) at.set(node, n); else n += Array.from(node.data).length;
  }
  const span = e => ({ start: +e.dataset.start, end: +e.dataset.end, at: at.get(e),
                       text: e.textContent, cont: e.classList.contains('cont') });
  const pieces = sel => {
    const by = {};
    for (const e of root.querySelectorAll(sel)) (by[e.dataset.claim] = by[e.dataset.claim] || []).push(span(e));
    return by;
  };
  const marks = [...root.querySelectorAll('mark.m')].map(e => Object.assign(span(e),
      { entity: e.dataset.entity, how: e.dataset.how, title: e.title, type: e.classList[1] }));
  return JSON.stringify({
    text: root.textContent, marks, claims: pieces('span.c'), speakers: pieces('span.s'),
    rows: [...document.querySelectorAll('aside tr[data-claim]')].map(r => r.dataset.claim),
    status: document.getElementById('status').textContent,
    title: document.title,
    scripts: document.scripts.length,
    active: document.querySelectorAll('img,iframe,object,embed,form,[onerror],[onload],[onclick],[style*="url("]').length,
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  });
})()"#;

/// What the report holds, read from its DOM.
const REPORT_DOM: &str = r#"JSON.stringify({
  counts: [...document.querySelectorAll('[data-k]')].map(e =>
      [e.dataset.k, e.dataset.n, e.tagName.toLowerCase() === 'rect' ? null : e.textContent]),
  scripts: document.scripts.length,
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
})"#;

fn num(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}")) as usize
}

/// Checks a loaded article page against the rows of its article.
fn check_page(
    dom: &Value,
    text: &str,
    mentions: &[&Row],
    claims: &[&Row],
    status: &str,
    what: &str,
) {
    // The DOM holds the text, code point for code point; NUL, which no
    // HTML document holds, is written as U+FFFD.
    let want_text = text.replace('\0', "\u{FFFD}");
    let got_text = dom["text"].as_str().unwrap();
    if got_text != want_text {
        let at = got_text.chars().zip(want_text.chars()).position(|(a, b)| a != b);
        panic!("{what}: the DOM text differs from the article's, first at code point {at:?}");
    }
    assert_eq!(dom["status"].as_str(), Some(status), "{what}: status");
    assert_eq!(num(&dom["scripts"]), 1, "{what}: exactly the page's own script");
    assert_eq!(num(&dom["active"]), 0, "{what}: no element that loads or runs anything");
    let slice = |s: usize, e: usize| slice_chars(&want_text, s, e);
    // One highlight per mention row, where the row says.
    let marks = dom["marks"].as_array().unwrap();
    assert_eq!(marks.len(), mentions.len(), "{what}: one highlight per mention row");
    for (m, row) in marks.iter().zip(mentions) {
        let (s, e) = (num(&m["start"]), num(&m["end"]));
        assert_eq!(
            (s.to_string(), e.to_string()),
            (row["start"].clone(), row["end"].clone()),
            "{what}: {row:?}"
        );
        assert_eq!(
            num(&m["at"]),
            s,
            "{what}: mention {} sits at its data-start",
            row["mention_id"]
        );
        assert_eq!(m["text"].as_str().unwrap(), slice(s, e), "{what}: mention text");
        let cell = slice_chars(text, s, e);
        assert!(cell_matches(&row["text"], &cell), "{what}: {row:?} holds {cell:?}");
        assert_eq!(m["entity"].as_str(), Some(row["entity_id"].as_str()), "{what}: entity");
        assert_eq!(m["how"].as_str(), Some(row["how"].as_str()), "{what}: how");
        let title = m["title"].as_str().unwrap();
        assert!(
            title.contains(&row["entity_id"]) && title.contains(&row["how"]),
            "{what}: tooltip {title}"
        );
    }
    // One claim (its pieces joined) and one table row per claim row.
    let rows: Vec<&str> =
        dom["rows"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let want_rows: Vec<String> = (0..claims.len()).map(|i| i.to_string()).collect();
    assert_eq!(rows, want_rows, "{what}: one claims-table row per claim row");
    let joined = |pieces: &Value, key: &str, s: usize, e: usize, label: &str| {
        let pieces = pieces[key].as_array().unwrap_or_else(|| panic!("{what}: no {label} {key}"));
        assert!(!pieces[0]["cont"].as_bool().unwrap(), "{what}: the first piece of {label} {key}");
        assert_eq!(num(&pieces[0]["at"]), s, "{what}: {label} {key} sits at its data-start");
        let mut all = String::new();
        for p in pieces {
            assert_eq!(
                (num(&p["start"]), num(&p["end"])),
                (s, e),
                "{what}: pieces share the offsets"
            );
            let at = num(&p["at"]);
            assert!(at >= s && at <= e, "{what}: a piece of {label} {key} inside its span");
            all.push_str(p["text"].as_str().unwrap());
        }
        assert_eq!(all, slice(s, e), "{what}: {label} {key}'s pieces hold its text");
    };
    let claim_keys = dom["claims"].as_object().unwrap().len();
    assert_eq!(claim_keys, claims.len(), "{what}: one underlined claim per claim row");
    let mut speakers = 0;
    for (i, row) in claims.iter().enumerate() {
        let n = |c: &str| row[c].parse::<usize>().unwrap();
        joined(&dom["claims"], &i.to_string(), n("start"), n("end"), "claim");
        if !row["speaker_start"].is_empty() {
            speakers += 1;
            joined(
                &dom["speakers"],
                &i.to_string(),
                n("speaker_start"),
                n("speaker_end"),
                "speaker",
            );
        }
    }
    assert_eq!(
        dom["speakers"].as_object().unwrap().len(),
        speakers,
        "{what}: one speaker per claim with one"
    );
}

/// The rows of `table` by article id.
fn by_article(out: &Path, table: &str) -> HashMap<String, Vec<Row>> {
    let mut m: HashMap<String, Vec<Row>> = HashMap::new();
    for r in rows(&out.join(table)) {
        m.entry(r["article_id"].clone()).or_default().push(r);
    }
    m
}

/// Loads every review page of the run in `out` and checks it; returns the
/// number of pages checked.
fn check_pages(chrome: &mut Chrome, tab: &Tab, out: &Path, shots_prefix: &str) -> usize {
    let articles = rows(&out.join("articles.csv"));
    let mentions = by_article(out, "mentions.csv");
    let claims = by_article(out, "claims.csv");
    let mut finder = TextFinder::new(&repo());
    for (i, a) in articles.iter().enumerate() {
        let n = i + 1;
        let page = out.join(format!("review/{n}.html"));
        let url = file_url(&page);
        chrome.goto(tab, &url);
        let dom = chrome.eval(tab, PAGE_DOM);
        let text = if a["status"].starts_with("error") {
            String::new()
        } else {
            finder.text(&a["source"]).unwrap()
        };
        let id = &a["article_id"];
        let m: Vec<&Row> = mentions.get(id).map(|v| v.iter().collect()).unwrap_or_default();
        let c: Vec<&Row> = claims.get(id).map(|v| v.iter().collect()).unwrap_or_default();
        check_page(&dom, &text, &m, &c, &a["status"], &format!("review/{n}.html ({id})"));
        // Links: other pages, the report, http(s) only.
        for l in dom["links"].as_array().unwrap() {
            let l = l.as_str().unwrap();
            let ok = l.ends_with(".html") && !l.contains(':')
                || l.starts_with("https://")
                || l.starts_with("http://");
            assert!(ok, "review/{n}.html links to {l:?}");
        }
        let (errors, requests) = chrome.problems(tab, &[&url]);
        assert!(errors.is_empty(), "review/{n}.html: console errors: {errors:#?}");
        assert!(requests.is_empty(), "review/{n}.html: requests left the page: {requests:#?}");
        if n == 1 || id.contains("kim_putin") {
            chrome.screenshot(tab, &shots().join(format!("{shots_prefix}-page-{n}.png")), 2400);
        }
    }
    articles.len()
}

#[test]
fn report_counts_are_the_tables_counts_in_the_dom() {
    let Some(bin) = browser_or_skip() else { return };
    let out = samples_run();
    let mut chrome = Chrome::launch(&bin);
    let tab = chrome.tab();
    let url = file_url(&out.join("report.html"));
    chrome.goto(&tab, &url);
    let dom = chrome.eval(&tab, REPORT_DOM);
    let mut counts = Vec::new();
    for c in dom["counts"].as_array().unwrap() {
        let (k, n) = (c[0].as_str().unwrap(), c[1].as_str().unwrap().parse::<u64>().unwrap());
        if let Some(shown) = c[2].as_str() {
            assert_eq!(shown.replace(',', ""), n.to_string(), "{k} is shown as {shown}");
        }
        counts.push((k.to_string(), n));
    }
    assert!(counts.len() > 50, "the report shows its counts");
    check_report(&counts, out, 25);
    assert_eq!(dom["scripts"].as_u64(), Some(0), "the report runs no script");
    let (errors, requests) = chrome.problems(&tab, &[&url]);
    assert!(errors.is_empty(), "report.html: console errors: {errors:#?}");
    assert!(requests.is_empty(), "report.html: requests left the page: {requests:#?}");
    chrome.screenshot(&tab, &shots().join("samples-report.png"), 6000);
    if std::env::var_os("CLAIMEX_BLESS").is_some() {
        let docs = repo().join("docs/review");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::copy(shots().join("samples-report.png"), docs.join("report.png")).unwrap();
    }
}

#[test]
fn sample_pages_hold_every_mention_and_claim_of_the_tables() {
    let Some(bin) = browser_or_skip() else { return };
    let out = samples_run();
    let mut chrome = Chrome::launch(&bin);
    let tab = chrome.tab();
    assert_eq!(check_pages(&mut chrome, &tab, out, "samples"), 14);
    if std::env::var_os("CLAIMEX_BLESS").is_some() {
        let docs = repo().join("docs/review");
        std::fs::create_dir_all(&docs).unwrap();
        let shot = std::fs::read_dir(shots())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                let name = p.file_name().unwrap().to_str().unwrap();
                name.starts_with("samples-page-") && name != "samples-page-1.png"
            })
            .expect("a screenshot of the Kim–Putin sample page");
        std::fs::copy(shot, docs.join("page.png")).unwrap();
    }
}

#[test]
fn hostile_text_renders_as_text_and_loads_nothing() {
    let Some(bin) = browser_or_skip() else { return };
    let out = hostile_run();
    let mut chrome = Chrome::launch(&bin);
    let tab = chrome.tab();
    assert_eq!(check_pages(&mut chrome, &tab, out, "hostile"), 3);
    // The markup of the title and the id is text; the javascript: URL is
    // no link, the https one is, with its quotes escaped.
    chrome.goto(&tab, &file_url(&out.join("review/1.html")));
    let dom = chrome.eval(&tab, PAGE_DOM);
    assert_eq!(
        dom["title"].as_str(),
        Some("</title><script>alert(\"title\")</script><!-- not a comment — claimex review")
    );
    assert!(dom["links"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| !l.as_str().unwrap().contains("javascript")));
    chrome.goto(&tab, &file_url(&out.join("review/2.html")));
    let dom = chrome.eval(&tab, PAGE_DOM);
    let links: Vec<&str> =
        dom["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert!(links.contains(&"https://example.org/claimex/hostile?a=1&b=\"2\"&c=<3>"), "{links:?}");
    // Its report too.
    let url = file_url(&out.join("report.html"));
    chrome.goto(&tab, &url);
    let dom = chrome.eval(&tab, REPORT_DOM);
    let counts: Vec<(String, u64)> = dom["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[0].as_str().unwrap().to_string(), c[1].as_str().unwrap().parse().unwrap()))
        .collect();
    check_report(&counts, out, 25);
    let (errors, requests) = chrome.problems(&tab, &[&url]);
    assert!(errors.is_empty() && requests.is_empty(), "{errors:#?} {requests:#?}");
    chrome.screenshot(&tab, &shots().join("hostile-report.png"), 4000);
}

#[test]
fn arrow_keys_go_to_the_next_and_previous_article() {
    let Some(bin) = browser_or_skip() else { return };
    let out = samples_run();
    let mut chrome = Chrome::launch(&bin);
    let tab = chrome.tab();
    let first = file_url(&out.join("review/1.html"));
    chrome.goto(&tab, &first);
    let key = |chrome: &mut Chrome, key: &str, code: u32| {
        chrome.clear(&tab);
        for kind in ["keyDown", "keyUp"] {
            chrome.call(
                Some(&tab.session),
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": key,
                        "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code }),
            );
        }
        chrome.wait_event(&tab, "Page.loadEventFired");
        chrome.eval(&tab, "JSON.stringify(location.pathname)")
    };
    let path = key(&mut chrome, "ArrowRight", 39);
    assert!(path.as_str().unwrap().ends_with("/review/2.html"), "{path}");
    let path = key(&mut chrome, "ArrowLeft", 37);
    assert!(path.as_str().unwrap().ends_with("/review/1.html"), "{path}");
    let (errors, _) = chrome.problems(&tab, &[]);
    assert!(errors.is_empty(), "{errors:#?}");
}
