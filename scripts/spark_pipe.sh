#!/usr/bin/env bash
# claimex inside Spark: RDD.pipe over JSON Lines, checked against one run.
#
#   scripts/spark_pipe.sh [INPUT.jsonl] [PARTITIONS]
#
# Defaults: samples/articles.jsonl, 4 partitions (the bundled samples, so that
# a clone runs it as it is; pass a bigger dump, e.g. the BBC corpus at
# ../shared/corpus/news.jsonl, for a real check). Not part of CI.
# Needs Java (17 works) and pyspark (installed with pip when missing).
#
# Spark (local mode, 2 cores) splits the file into PARTITIONS ordered runs of
# lines and starts one `claimex - --emit jsonl -q -j 1` per partition, its
# lines on standard input; each process writes one JSON object per row on
# standard output (the "table" field names the table; the entities rows come
# last). The script collects the records, puts them back in input order
# (articles by their position in the one-machine articles.csv, the other
# rows by article then by row number), sums the entities over partitions,
# and compares every table with `claimex -o` run once over the same file.
#
# What differs by design: `source` is `stdin:LINE` with LINE counted inside the
# partition (a process sees only its own lines), so it is not compared; an
# article without an `id` would likewise get a partition-relative `stdin:LINE`
# id, and a repeated id is only seen as repeated inside one partition. Give
# every article an id (the BBC corpus does) for ids that do not depend on
# the partitioning. candidates.csv is not emitted (use --shard/--merge for
# an exact candidates table).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
input=${1:-$root/samples/articles.jsonl}
parts=${2:-4}
[ -f "$input" ] || {
    echo "spark_pipe.sh: $input not found" >&2
    exit 1
}
input=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")

echo "== building claimex (release)" >&2
(cd "$root" && cargo build --release --quiet --bin claimex)
claimex=$root/target/release/claimex

if ! python3 -c 'import pyspark' 2>/dev/null; then
    echo "== pip install pyspark" >&2
    python3 -m pip install --quiet pyspark
fi
command -v java >/dev/null || {
    echo "spark_pipe.sh: java not found (Spark needs Java 17)" >&2
    exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== one machine: claimex -o $work/one $input" >&2
"$claimex" -q -o "$work/one" "$input" || [ $? -eq 1 ]

echo "== Spark: RDD.pipe over $parts partitions" >&2
python3 - "$claimex" "$input" "$parts" "$work/one" <<'PY'
import csv, json, sys, time
from collections import defaultdict

from pyspark.sql import SparkSession

claimex, path, parts, one = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
spark = (SparkSession.builder.master("local[2]").appName("claimex-pipe")
         .config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
sc = spark.sparkContext

started = time.time()
lines = sc.textFile("file://" + path, parts)
records = (lines.pipe(f"{claimex} - --emit jsonl -q -j 1", checkCode=False)
           .map(json.loads).collect())
print(f"   {lines.getNumPartitions()} partitions, {len(records)} records "
      f"in {time.time() - started:.1f}s", file=sys.stderr)
spark.stop()

def table(name):
    csv.field_size_limit(1 << 30)
    with open(f"{one}/{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

by_table = defaultdict(list)
for r in records:
    by_table[r.pop("table")].append(r)

failed = False
def check(name, want, got):
    global failed
    ok = want == got
    failed |= not ok
    print(f"   {name:15} {len(want):7} one-machine rows, {len(got):7} piped: "
          f"{'same' if ok else 'DIFFERENT'}", file=sys.stderr)
    if not ok:
        for i, (a, b) in enumerate(zip(want, got)):
            if a != b:
                print(f"     first difference at row {i}:\n     {a}\n     {b}", file=sys.stderr)
                break

articles = table("articles")
order = {a["article_id"]: i for i, a in enumerate(articles)}
def drop_source(rows):
    return [{k: v for k, v in r.items() if k != "source"} for r in rows]

def row_key(id_col):
    def key(r):
        art, _, n = r[id_col].rpartition("#")
        return (order.get(art, len(order)), int(n[1:]))
    return key

check("articles", drop_source(articles),
      drop_source(sorted(by_table["articles"], key=lambda r: order.get(r["article_id"], len(order)))))
check("mentions", table("mentions"), sorted(by_table["mentions"], key=row_key("mention_id")))
check("claims", table("claims"), sorted(by_table["claims"], key=row_key("claim_id")))
check("claim_entities", table("claim_entities"),
      sorted(by_table["claim_entities"], key=row_key("claim_id")))

# entities: one row per entity and partition; sum the counts, keep the
# first partition's name and type (partitions come in input order).
total = {}
for r in by_table["entities"]:
    e = total.setdefault(r["entity_id"], dict(r, mentions=0, articles=0))
    e["mentions"] += int(r["mentions"])
    e["articles"] += int(r["articles"])
merged = [dict(e, mentions=str(e["mentions"]), articles=str(e["articles"]))
          for _, e in sorted(total.items())]
check("entities", table("entities"), merged)
print("spark_pipe.sh: " + ("DIFFERENT from the one-machine run" if failed
      else "the piped result equals the one-machine run"), file=sys.stderr)
sys.exit(1 if failed else 0)
PY
