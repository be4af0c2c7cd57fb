#!/usr/bin/env bash
# Whole-program throughput of the release binary on a large JSON Lines corpus,
# against a bare aho-corasick scan of the same file (see benches/README.md).
#
#   benches/throughput.sh [SIZE_MB] [ROUNDS] [--baseline BINARY] [--review]
#                                   # defaults: 200 MB, 3 rounds, no baseline
#
# --baseline BINARY also times another claimex build (e.g. the one before a
# change: `git stash; cargo build --release; cp target/release/claimex
# /tmp/claimex-before; git stash pop`) at -j 1 and -j 2 in the same rounds,
# so that both builds meet the same machine conditions, and reports its
# speed against the current build.
#
# --review also times `claimex --review` (the report and the default 200
# review pages) at -j 1 and -j 2 in the same rounds, and reports what it
# adds to a run.
#
# The corpus is ../shared/corpus/news.jsonl repeated with distinct ids
# ("bbc-…" -> "r0-bbc-…", "r1-bbc-…", …) until it holds at least SIZE_MB
# megabytes (10^6 bytes); it is built once in target/bench-data/ and reused.
# Each round runs, one after the other: claimex -j 1, claimex -j 2, bare_scan
# (whose dictionary is ../shared/corpus/bench_gazetteer.tsv's aliases, or the
# built-in gazetteer when that file is absent).
# The table reports the median round; MB = 10^6 bytes, peak RSS from
# /usr/bin/time -f %M.
set -euo pipefail

baseline=
review=
args=()
while [ $# -gt 0 ]; do
    case $1 in
    --review)
        review=1
        shift
        ;;
    --baseline)
        baseline=${2:?--baseline needs a binary}
        shift 2
        ;;
    *)
        args+=("$1")
        shift
        ;;
    esac
done
size_mb=${args[0]:-200}
rounds=${args[1]:-3}
case "$size_mb$rounds" in
*[!0-9]*)
    echo "usage: $0 [SIZE_MB] [ROUNDS] [--baseline BINARY] [--review]" >&2
    exit 2
    ;;
esac
if [ -n "$baseline" ]; then
    [ -x "$baseline" ] || {
        echo "throughput.sh: baseline $baseline is not an executable" >&2
        exit 2
    }
    baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
src=$root/../shared/corpus/news.jsonl
work=$root/target/bench-data
[ -f "$src" ] || {
    echo "throughput.sh: $src not found (the shared corpus is needed)" >&2
    exit 1
}
[ -x /usr/bin/time ] || {
    echo "throughput.sh: /usr/bin/time not found (needed for peak RSS)" >&2
    exit 1
}
mkdir -p "$work"

# 1. Binaries: claimex (release) and the bare_scan bench target.
echo "== building (release)" >&2
cargo build --release --quiet --bin claimex
claimex=$root/target/release/claimex
# Building a bench also builds the claimex binary: pick bare_scan's artifact.
bare=$(cargo bench --quiet --bench bare_scan --no-run --message-format=json |
    grep '"reason":"compiler-artifact"' | grep '"name":"bare_scan"' |
    grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
[ -x "$bare" ] || {
    echo "throughput.sh: could not locate the bare_scan binary" >&2
    exit 1
}

# 2. The corpus, built once per size.
data=$work/news-${size_mb}MB.jsonl
if [ ! -s "$data" ]; then
    echo "== building $data" >&2
    target=$((size_mb * 1000000))
    tmp=$data.tmp
    : >"$tmp"
    k=0
    while [ "$(stat -c %s "$tmp")" -lt "$target" ]; do
        sed "s/\"id\": \"bbc-/\"id\": \"r$k-bbc-/" "$src" >>"$tmp"
        k=$((k + 1))
    done
    mv "$tmp" "$data"
fi
# The bare scan's dictionary: the benchmark gazetteer's 6,440 aliases, so
# that the baseline does not move when claimex's own gazetteer grows.
bench_gaz=$root/../shared/corpus/bench_gazetteer.tsv
if [ -f "$bench_gaz" ]; then
    bare_dict=(--gazetteer "$bench_gaz")
    dict_note="bare_scan dictionary: $bench_gaz"
else
    bare_dict=()
    dict_note="bare_scan dictionary: claimex's built-in gazetteer ($bench_gaz is absent)"
fi
bytes=$(stat -c %s "$data")
articles=$(grep -c '' "$data")
echo "== corpus: $data: $bytes bytes, $articles articles" >&2

# 3. Alternating runs. Each run: wall seconds and peak RSS (KiB).
out=$work/out
declare -A secs rss
run() { # name command...
    local name=$1 tfile=$work/time.txt
    shift
    rm -rf "$out"
    local rc=0
    /usr/bin/time -f '%e %M' -o "$tfile" "$@" >"$work/stdout.txt" || rc=$?
    # claimex exits 1 when some input was reported bad: still a full run.
    if [ "$rc" -gt 1 ]; then
        echo "throughput.sh: $name failed (exit $rc)" >&2
        exit 1
    fi
    # bare_scan reports its own scan-only speed and match count.
    [ "$name" = bare_scan ] && sed 's/^/   /' "$work/stdout.txt" >&2
    read -r s m <"$tfile"
    secs[$name]="${secs[$name]:-} $s"
    rss[$name]="${rss[$name]:-} $m"
    awk -v n="$name" -v s="$s" -v m="$m" \
        'BEGIN { printf "   %-12s %8.2f s  %7.1f MiB peak RSS\n", n, s, m / 1024 }' >&2
}
for r in $(seq 1 "$rounds"); do
    echo "== round $r/$rounds" >&2
    run "claimex -j 1" "$claimex" -q -j 1 -o "$out" "$data"
    run "claimex -j 2" "$claimex" -q -j 2 -o "$out" "$data"
    if [ -n "$review" ]; then
        run "review -j 1" "$claimex" -q -j 1 --review -o "$out" "$data"
        run "review -j 2" "$claimex" -q -j 2 --review -o "$out" "$data"
    fi
    if [ -n "$baseline" ]; then
        run "baseline -j 1" "$baseline" -q -j 1 -o "$out" "$data"
        run "baseline -j 2" "$baseline" -q -j 2 -o "$out" "$data"
    fi
    run "bare_scan" "$bare" "${bare_dict[@]}" "$data"
done
rm -rf "$out"

# 4. Table of medians.
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
bare_s=$(echo "${secs[bare_scan]}" | median)
echo
echo "corpus: $((bytes / 1000000)) MB, $articles articles; median of $rounds rounds; $(nproc) cores"
echo "$dict_note"
printf '%-14s %9s %9s %12s %13s %14s\n' "run" "seconds" "MB/s" "articles/s" "peak RSS MiB" "speed vs bare"
names=("claimex -j 1" "claimex -j 2")
[ -n "$review" ] && names+=("review -j 1" "review -j 2")
[ -n "$baseline" ] && names+=("baseline -j 1" "baseline -j 2")
names+=("bare_scan")
for name in "${names[@]}"; do
    s=$(echo "${secs[$name]}" | median)
    m=$(echo "${rss[$name]}" | median)
    awk -v n="$name" -v s="$s" -v m="$m" -v b="$bytes" -v a="$articles" -v bs="$bare_s" 'BEGIN {
        if (s <= 0) s = 0.01
        printf "%-14s %9.2f %9.1f %12.0f %13.1f %13.3fx\n", n, s, b / 1e6 / s, a / s, m / 1024, bs / s
    }'
done
if [ -n "$baseline" ]; then
    echo
    echo "baseline: $baseline"
    for j in 1 2; do
        now=$(echo "${secs["claimex -j $j"]}" | median)
        before=$(echo "${secs["baseline -j $j"]}" | median)
        awk -v j="$j" -v a="$now" -v b="$before" 'BEGIN {
            printf "-j %s: this build %.2f s, baseline %.2f s: %+.1f%% throughput\n", j, a, b, (b / a - 1) * 100
        }'
    done
fi
if [ -n "$review" ]; then
    echo
    for j in 1 2; do
        without=$(echo "${secs["claimex -j $j"]}" | median)
        with=$(echo "${secs["review -j $j"]}" | median)
        awk -v j="$j" -v a="$without" -v b="$with" 'BEGIN {
            printf "--review at -j %s: %.2f s without, %.2f s with: %+.1f%% time\n", j, a, b, (b / a - 1) * 100
        }'
    done
fi
