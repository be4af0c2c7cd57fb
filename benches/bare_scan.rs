/*!
The baseline for `benches/throughput.sh`: the fastest claimex could ever go
with its own gazetteer. It builds one aho-corasick automaton
(leftmost-longest) over every surface form of the built-in gazetteer and
counts the matches in a file, streamed in 8 MiB chunks, with no
tokenizing, no word-boundary checks, no claims and no output.

    cargo bench --bench bare_scan -- FILE

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
    let path = match std::env::args().skip(1).find(|a| !a.starts_with('-')) {
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
    match scan(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bare_scan: {}: {err}", path.display());
            ExitCode::from(2)
        }
    }
}

fn scan(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let gaz = Gazetteer::builtin()?;
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(gaz.surfaces.iter().map(|s| s.text.as_str()))?;
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
