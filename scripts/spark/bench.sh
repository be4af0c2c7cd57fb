#!/usr/bin/env bash
# Times the Spark job against claimex on one machine, and measures the
# driver's peak memory. Not part of CI (minutes of CPU).
#
#   scripts/spark/bench.sh [RUNS]
#   scripts/spark/bench.sh heap [RUNS]
#
# Input: ../shared/corpus/news.jsonl repeated with fresh ids (`r<K>-<id>`)
# to 200 MB, and its first quarter (50 MB), written to target/bench-spark/.
# For each size: `claimex -j 1` and `-j 2` (RUNS times each), and the job
# (scripts/spark_job.sh, CSV tables, no --single) on local[1] and local[2]
# with --driver-memory 1g, RUNS times each; prints every time, the medians,
# the ratios job / claimex, and the peak resident memory of the driver:
# the JVM (on local[*] it also runs the executor's tasks) and the Python
# driver process, sampled every 0.1 s from /proc.
#
# `heap` measures only the memory: the job on local[2] over both sizes with
# the driver's 1 GiB heap committed and touched from the start (-Xms1g
# -XX:+AlwaysPreTouch), so that the JVM's peak shows what the job holds
# rather than how far the garbage collector has grown the heap.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=times
if [ "${1:-}" = heap ]; then mode=heap; shift; fi
runs=${1:-3}
corpus=$root/../shared/corpus/news.jsonl
[ -f "$corpus" ] || { echo "bench.sh: $corpus not found" >&2; exit 2; }
. "$root/scripts/spark/env.sh"

work=$root/target/bench-spark
mkdir -p "$work"
cd "$work"
if [ ! -s news-200MB.jsonl ]; then
    "$py" - "$corpus" <<'PY'
import json, sys
lines = open(sys.argv[1], "rb").read().splitlines()
out, size, k = [], 0, 0
with open("news-200MB.jsonl", "wb") as f:
    while size < 200_000_000:
        for line in lines:
            a = json.loads(line)
            a["id"] = f"r{k}-{a.get('id', '')}"
            b = json.dumps(a, ensure_ascii=False).encode() + b"\n"
            f.write(b)
            size += len(b)
        k += 1
PY
    head -c 50000000 news-200MB.jsonl | sed '$d' > news-50MB.jsonl
fi

# Peak RSS (MiB, the kernel's high-water mark VmHWM) of the JVM (pid $1) and of its Python driver child, until
# the JVM exits; written to $2.
sample() {
    local jvm=$1 out=$2 jpk=0 ppk=0 pyd r
    while kill -0 "$jvm" 2>/dev/null; do
        r=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$jvm/status" 2>/dev/null || echo 0)
        [ "${r:-0}" -gt "$jpk" ] && jpk=$r
        # The JVM's children running the job (a short-lived shell matches too).
        for pyd in $(pgrep -P "$jvm" -f claimex_job.py || true); do
            r=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pyd/status" 2>/dev/null || true)
            [ "${r:-0}" -gt "$ppk" ] && ppk=$r
        done
        sleep 0.1
    done
    echo "$jpk $ppk" > "$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN {printf "%.2f\n", (e - s) / 1e9}'; }

# The job on local[$2] over news-$1.jsonl, $runs times; more arguments go
# to scripts/spark_job.sh. Appends the times to t-job-$1-$2 and the peaks to
# m-job-$1-$2.
run_jobs() {
    local size=$1 j=$2 in=news-$1.jsonl pid sp rc s e
    shift 2
    : > "t-job-$size-$j"
    : > "m-job-$size-$j"
    for _ in $(seq "$runs"); do
        rm -rf "job-$size"
        s=$(date +%s%N)
        "$root/scripts/spark_job.sh" --master "local[$j]" --driver-memory 1g "$@" \
            "$in" "job-$size" >"log-$size-$j" 2>&1 &
        pid=$!
        sample "$pid" "mem-$size-$j" &
        sp=$!
        rc=0
        wait "$pid" || rc=$?
        e=$(date +%s%N)
        wait "$sp"
        [ "$rc" -le 1 ] || { cat "log-$size-$j" >&2; exit 1; }
        secs "$s" "$e" >> "t-job-$size-$j"
        echo "  job local[$j] $size: $(tail -1 "t-job-$size-$j")s, peak RSS (JVM, Python) $(cat "mem-$size-$j") MiB, load average $(cut -d' ' -f1 /proc/loadavg)" >&2
        cat "mem-$size-$j" >> "m-job-$size-$j"
    done
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; $runs run(s) each; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$mode" = heap ]; then
    for size in 50MB 200MB; do
        run_jobs "$size" 2 --driver-java-options "-Xms1g -XX:+AlwaysPreTouch"
        echo "job local[2] $size, heap committed and touched from the start: driver peak RSS (JVM Python, per run) $(tr '\n' '/' < "m-job-$size-2") MiB" >&2
    done
    exit 0
fi
declare -A med
for size in 50MB 200MB; do
    in=news-$size.jsonl
    for j in 1 2; do
        : > "t-claimex-$size-$j"
        for _ in $(seq "$runs"); do
            s=$(date +%s%N)
            "$bin" -q -j "$j" -o "one-$size" "$in" || [ $? -eq 1 ]
            e=$(date +%s%N)
            secs "$s" "$e" >> "t-claimex-$size-$j"
            echo "  claimex -j $j $size: $(tail -1 "t-claimex-$size-$j")s, load average $(cut -d' ' -f1 /proc/loadavg)" >&2
        done
        med[claimex-$size-$j]=$(median < "t-claimex-$size-$j")
        echo "claimex -j $j  $size: $(tr '\n' ' ' < "t-claimex-$size-$j")s, median ${med[claimex-$size-$j]}s" >&2
    done
    for j in 1 2; do
        run_jobs "$size" "$j"
        med[job-$size-$j]=$(median < "t-job-$size-$j")
        jvm=$(cut -d' ' -f1 "m-job-$size-$j" | sort -n | tail -1)
        pyd=$(cut -d' ' -f2 "m-job-$size-$j" | sort -n | tail -1)
        echo "job local[$j] $size: $(tr '\n' ' ' < "t-job-$size-$j")s, median ${med[job-$size-$j]}s; driver peak RSS: JVM $jvm MiB, Python $pyd MiB (max of runs: $(tr '\n' '/' < "m-job-$size-$j"))" >&2
    done
done
for size in 50MB 200MB; do
    for j in 1 2; do
        awk -v a="${med[job-$size-$j]}" -v b="${med[claimex-$size-$j]}" -v s="$size" -v j="$j" \
            'BEGIN {printf "%s: job local[%s] / claimex -j %s = %.1f\n", s, j, j, a / b}' >&2
    done
done
