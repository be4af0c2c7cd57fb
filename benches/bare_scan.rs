/*!
The baseline for `benches/throughput.sh`: the fastest a dictionary tagger
could ever go. It builds one aho-corasick automaton (leftmost-longest) over
a dictionary and counts the matches in a file, streamed in 8 MiB chunks,
with no tokenizing, no word-boundary checks, no claims and no output.

    cargo bench --bench bare_scan -- [--gazetteer TSV] FILE

The dictionary is every surface form of the built-in gazetteer, or with
`--gazetteer TSV` the distinct aliases of a benchmark gazetteer (a TSV with
an `alias` column, such as `../shared/corpus/bench_gazetteer.tsv`, 6,440
aliases): a dictionary that does not grow with claimex's own gazetteer, so
that figures of different times compare.

Without FILE it scans `../shared/corpus/news.jsonl`, or, if that is absent,
says so and exits successfully (so a plain `cargo bench` never fails).
Chunks end at a line end, so a match is never cut in two: in JSON Lines
every article is one line, and names never span lines.
*/

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};

use claimex::gazetteer::Gazetteer;

const CHUNK: usize = 8 << 20;

fn main() -> ExitCode {
    // cargo adds `--bench` (and may pass other flags): keep the paths.
    let mut args = std::env::args().skip(1);
    let mut gazetteer = None;
    let mut file = None;
    while let Some(a) = args.next() {
        if a == "--gazetteer" {
            gazetteer = args.next().map(PathBuf::from);
        } else if let Some(g) = a.strip_prefix("--gazetteer=") {
            gazetteer = Some(PathBuf::from(g));
        } else if !a.starts_with('-') && file.is_none() {
            file = Some(a);
        }
    }
    let path = match file {
        Some(p) => PathBuf::from(p),
        None => {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/news.jsonl");
            if !p.is_file() {
                eprintln!(
                    "bare_scan: no FILE given and {} is absent; nothing to scan",
                    p.display()
                );
                return ExitCode::SUCCESS;
            }
            p
        }
    };
    match scan(&path, gazetteer.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bare_scan: {}: {err}", path.display());
            ExitCode::from(2)
        }
    }
}

fn scan(path: &Path, gazetteer: Option<&Path>) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let patterns: Vec<String> = match gazetteer {
        Some(tsv) => bench_aliases(tsv)?,
        None => Gazetteer::builtin()?.surfaces.into_iter().map(|s| s.text).collect(),
    };
    let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns)?;
    let startup = started.elapsed();

    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; CHUNK];
    // buf[..kept] is the unfinished line carried over from the last chunk.
    let mut kept = 0;
    let (mut bytes, mut lines, mut matches) = (0u64, 0u64, 0u64);
    let scanning = Instant::now();
    loop {
        if kept == buf.len() {
            // A line longer than the buffer: grow it rather than cut it.
            buf.resize(buf.len() * 2, 0);
        }
        let n = file.read(&mut buf[kept..])?;
        let filled = kept + n;
        let end = if n == 0 {
            filled
        } else {
            match memchr::memrchr(b'\n', &buf[..filled]) {
                Some(i) => i + 1,
                None => {
                    kept = filled;
                    continue;
                }
            }
        };
        let chunk = &buf[..end];
        matches += ac.find_iter(chunk).count() as u64;
        lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        if n == 0 && end > 0 && buf[end - 1] != b'\n' {
            lines += 1;
        }
        bytes += end as u64;
        buf.copy_within(end..filled, 0);
        kept = filled - end;
        if n == 0 {
            break;
        }
    }
    let secs = scanning.elapsed().as_secs_f64();
    println!(
        "bare_scan: {} patterns, built in {:.3} s; {:.1} MB, {} lines, {} matches \
         in {:.3} s = {:.1} MB/s ({:.0} lines/s)",
        ac.patterns_len(),
        startup.as_secs_f64(),
        bytes as f64 / 1e6,
        lines,
        matches,
        secs,
        bytes as f64 / 1e6 / secs,
        lines as f64 / secs,
    );
    Ok(())
}

/// The distinct aliases of a benchmark gazetteer: the `alias` column of a
/// TSV with a header row, in first-seen order.
fn bench_aliases(tsv: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(tsv).map_err(|e| format!("{}: {e}", tsv.display()))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("");
    let col = header
        .split('\t')
        .position(|c| c == "alias")
        .ok_or_else(|| format!("{}: no `alias` column in the header", tsv.display()))?;
    let mut seen = std::collections::HashSet::new();
    let mut aliases = Vec::new();
    for (n, line) in lines.enumerate() {
        let alias = line
            .split('\t')
            .nth(col)
            .ok_or_else(|| format!("{}:{}: no alias column", tsv.display(), n + 2))?;
        if !alias.is_empty() && seen.insert(alias) {
            aliases.push(alias.to_string());
        }
    }
    Ok(aliases)
}
