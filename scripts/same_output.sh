#!/usr/bin/env bash
# Compares the tables of two claimex binaries on every comparison input:
# the bundled samples, the seed article, the three dev sets, the BBC corpus
# and (with --big) the 200 MB bench file. Prints one line per input and
# exits 1 when any table differs. Used to show that a refactoring step
# leaves the output byte-identical.
#
#   scripts/same_output.sh BASE_BINARY NEW_BINARY [--big] [-- EXTRA FLAGS]
#
# Inputs under ../shared are skipped when absent.
set -uo pipefail
base=${1:?usage: same_output.sh BASE NEW [--big] [-- FLAGS]}
new=${2:?usage: same_output.sh BASE NEW [--big] [-- FLAGS]}
shift 2
big=0
extra=()
while [ $# -gt 0 ]; do
    case $1 in
    --big) big=1 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "same_output.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=("samples:$root/samples")
[ -d "$shared/seeds" ] && inputs+=("seed:$shared/seeds")
for set in conll2003 ggt polnear; do
    f=$shared/eval/$set/articles.jsonl
    [ -f "$f" ] && inputs+=("$set:$f")
done
[ -f "$shared/corpus/news.jsonl" ] && inputs+=("bbc:$shared/corpus/news.jsonl")
if [ $big = 1 ]; then
    f=$root/target/bench-data/news-200MB.jsonl
    [ -f "$f" ] || { echo "same_output.sh: $f missing (benches/throughput.sh builds it)" >&2; exit 2; }
    inputs+=("bench200:$f")
fi

status=0
for spec in "${inputs[@]}"; do
    name=${spec%%:*}
    path=${spec#*:}
    for which in base new; do
        bin=$base
        [ $which = new ] && bin=$new
        rc=0
        "$bin" -q "${extra[@]}" -o "$work/$which-$name" "$path" 2>"$work/$which-$name.err" || rc=$?
        echo "$rc" >"$work/$which-$name.rc"
    done
    if diff -r "$work/base-$name" "$work/new-$name" >"$work/$name.diff" &&
        cmp -s "$work/base-$name.rc" "$work/new-$name.rc"; then
        echo "same      $name"
    else
        echo "DIFFERENT $name ($(grep -c '^[<>]' "$work/$name.diff") lines differ)"
        head -20 "$work/$name.diff"
        status=1
    fi
done
exit $status
