"""The Spark job's tests, in one Spark session (local[2]), run by
scripts/spark/test_job.sh (which .ci/run calls):

- `samples/articles.jsonl` and a generated dump (repeated ids across the
  file, articles without ids, blank lines, a byte-order mark, bytes that are
  not UTF-8, a broken line, an article over --max-article-bytes, formula
  cells, a line of U+0085), each split into 1, 3 and 7 partitions: the --single tables are
  byte for byte `claimex -o` over the same input, and the tables Spark
  wrote (CSV parts, read in name order) hold the same rows;
- a folder of a plain and a gzip file with --date, as Parquet: typed
  columns, no spreadsheet `'`, the rows of `claimex --raw-cells`; its
  --single tables are `claimex -o`'s;
- a partition whose claimex exits 2 (a broken gazetteer folder) fails the
  job with claimex's message; a non-empty OUT is refused without
  --overwrite; a gzip file without .gz is refused naming it.

    spark-submit scripts/spark/test_job.py CLAIMEX_BIN REPO WORKDIR
"""

import csv
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import claimex_job as job  # noqa: E402

TABLES = ("articles", "entities", "mentions", "claims", "claim_entities", "candidates")
checks = {"passed": 0, "failed": 0}


def check(ok, what):
    checks["passed" if ok else "failed"] += 1
    print(f"   {'ok  ' if ok else 'FAIL'} {what}", file=sys.stderr, flush=True)
    return ok


def generated():
    """A dump that a split input gets wrong unless positions, files and
    repeats are settled over the whole input."""
    people = ["Kim Jong Un", "Hugh Hill", "Yoon Suk Yeol", "Theo van Gogh", "Theo Van Gogh"]
    places = ["North Korea", "Pyongyang", "Seoul", "Russia", "the U.S."]
    out = [b"\xef\xbb\xbf"]
    for i in range(160):
        p, q = people[i % 5], people[(i * 3 + 1) % 5]
        text = (f"{p} said that {places[i % 5]} would talk to Zorblatt Institute staff. "
                f"\u201cWe will not back down,\u201d {q} told reporters. According to KCNA, "
                f"Prime Minister Blair met Boatmen Union leaders on day {i}.")
        if i % 4 == 0:
            text += f" {q} denied that {places[i % 5]} had paid."  # a negated claim
        t = json.dumps(text, ensure_ascii=False)
        k = i % 40
        if k == 3:
            line = b""
        elif k == 4:
            line = b"  \t "
        elif k in (5, 25):
            line = f'{{"text": {t}}}'.encode()
        elif k in (6, 7, 8):
            line = f'{{"id": "dup", "text": {t}}}'.encode()
        elif k == 9:
            line = f'{{"id": 42, "text": {t}}}'.encode()
        elif k == 10:
            line = b'{"id": "broken-' + str(i).encode() + b'", "text": "cut'
        elif k == 11:
            line = f'{{"id": "no-text-{i}"}}'.encode()
        elif k == 12:
            line = b'{"id": "latin1", "text": "caf\xe9 in Seoul, Hugh Hill said."}'
        elif k == 13:
            line = ('{"id": "big", "text": "' + "x " * 2000 + '"}').encode()
        elif k == 14:
            line = f'{{"id": "=cmd{i}", "title": "-1+2", "text": {t}}}\r'.encode()
        elif k == 15:
            line = f'{{"id": "dup~2", "text": {t}}}'.encode()
        elif k == 16:
            line = "\u0085".encode()  # no white space to claimex, a line end to Java's $
        else:
            line = (f'{{"id": "a{i}", "date": "2004-0{1 + i % 9}-1{i % 10}", '
                    f'"title": "Day {i}", "text": {t}}}').encode()
        out.append(line + b"\n")
    return b"".join(out)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def spark_csv_rows(folder):
    """A table written by Spark: its part files in name order, header once."""
    parts = sorted(glob.glob(os.path.join(folder, "part-*.csv")))
    rows, header = [], None
    for p in parts:
        got = read_csv(p)
        if got:
            header = header or got[0]
            rows.extend(got[1:])
    return header, rows


def compare_run(spark, claimex, work, label, inputs, parts, extra, code):
    out = os.path.join(work, f"out-{label}-{parts}")
    shutil.rmtree(out, ignore_errors=True)
    argv = inputs + [out, "--partitions", str(parts), "--single", "--claimex", claimex] + extra
    started = time.time()
    got = job.run(spark, job.parse_args(argv))
    ok = check(got == code, f"{label}, {parts} partitions: exit {got} as claimex's {code} "
                            f"({time.time() - started:.1f}s)")
    one = os.path.join(work, f"one-{label}")
    for t in TABLES:
        a = open(os.path.join(one, f"{t}.csv"), "rb").read()
        b = open(os.path.join(out, f"{t}.csv"), "rb").read()
        ok &= check(a == b, f"{label}, {parts} partitions: --single {t}.csv is claimex -o's "
                            f"({len(a)} bytes)")
        header, rows = spark_csv_rows(os.path.join(out, t))
        want = read_csv(os.path.join(one, f"{t}.csv"))
        if not want[1:]:
            # Spark writes no header for a table without rows.
            same = rows == []
        else:
            same = header == want[0] and rows == want[1:]
        ok &= check(same, f"{label}, {parts} partitions: Spark's {t}/ holds its {len(want) - 1} rows")
    return ok


def parquet_run(spark, claimex, work, label, inputs, extra, code):
    out = os.path.join(work, f"out-{label}-parquet")
    shutil.rmtree(out, ignore_errors=True)
    got = job.run(spark, job.parse_args(inputs + [out, "--partitions", "3", "--format", "parquet",
                                                  "--single", "--claimex", claimex] + extra))
    check(got == code, f"{label}, Parquet: exit {got} as claimex's {code}")
    one = os.path.join(work, f"one-{label}")
    for t in TABLES:
        a = open(os.path.join(one, f"{t}.csv"), "rb").read()
        b = open(os.path.join(out, f"{t}.csv"), "rb").read()
        check(a == b, f"{label}, Parquet: --single {t}.csv is claimex -o's ({len(a)} bytes)")
    raw = os.path.join(work, f"raw-{label}")
    schema = job.schema_of(claimex)
    for t in schema["tables"]:
        name = t["table"]
        rows = []
        for p in sorted(glob.glob(os.path.join(out, name, "part-*.parquet"))):
            rows.extend(spark.read.parquet(p).collect())
        want = read_csv(os.path.join(raw, f"{name}.csv"))
        cols = [c["name"] for c in t["columns"]]
        kinds = {c["name"]: c["kind"] for c in t["columns"]}

        def cell(v, kind):
            if kind in ("number", "optional_number"):
                return "" if v is None else str(v)
            if kind == "flag":
                return {True: "true", False: "false"}.get(v, v)
            return v

        got = [[cell(r[c], kinds[c]) for c in cols] for r in rows]
        typed = all(isinstance(r[c], bool) if kinds[c] == "flag" else isinstance(r[c], int)
                    for r in rows for c in cols if kinds[c] in ("number", "flag"))
        check(want[0] == cols and got == want[1:] and typed,
              f"{label}: Parquet {name}/ has the typed rows of claimex --raw-cells "
              f"({len(rows)} rows)")


def expect_failure(spark, argv, want, what):
    try:
        code = job.run(spark, job.parse_args(argv))
        return check(False, f"{what}: expected a failure, got exit {code}")
    except job.JobError as e:
        msg = str(e)
    except Exception as e:  # noqa: BLE001 -- a Spark failure carrying claimex's message
        msg = job.claimex_message(e) or str(e)[:2000]
    return check(want in msg, f"{what}: {msg.splitlines()[0][:160]!r}")


def main():
    claimex, repo, work = sys.argv[1:4]
    claimex = os.path.abspath(claimex)
    if os.path.abspath(work) != os.getcwd():
        sys.exit("run test_job.py in WORKDIR: Spark resolves relative paths against its start folder")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("claimex-test")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    shutil.copy(os.path.join(repo, "samples", "articles.jsonl"), "articles.jsonl")
    with open("dump.jsonl", "wb") as f:
        f.write(generated())
    os.makedirs("folder", exist_ok=True)
    data = generated().split(b"\n")
    with open("folder/part1.jsonl", "wb") as f:
        f.write(b"\n".join(data[:70]) + b"\n")
    with gzip.open("folder/part2.jsonl.gz", "wb") as f:
        f.write(b"\n".join(data[70:]))

    big = ["--max-article-bytes", "3000"]
    cases = [
        ("samples", ["articles.jsonl"], [], (1, 3, 7)),
        ("dump", ["dump.jsonl"], big, (1, 3, 7)),
    ]
    quiet = {"stderr": subprocess.DEVNULL}
    for label, inputs, extra, partitions in cases:
        one = subprocess.run([claimex, "-q", "-o", f"one-{label}"] + extra + inputs, **quiet)
        for parts in partitions:
            compare_run(spark, claimex, work, label, inputs, parts, extra, one.returncode)
    ids = [r[0] for r in read_csv("one-dump/articles.csv")[1:]]
    check(all(i in ids for i in ("dup~2", "dup~3", "dup~2~2", "dump.jsonl:6", "42~2")),
          "the dump has repeated ids and articles named FILE:LINE")
    claims = read_csv("one-dump/claims.csv")
    negated = claims[0].index("negated")
    check(any(r[negated] == "true" for r in claims[1:]), "the dump has negated claims")
    # A folder of a plain and a gzip file, a default date, Parquet.
    extra = big + ["--date", "2005-03-01"]
    one = subprocess.run([claimex, "-q", "-o", "one-folder"] + extra + ["folder"], **quiet)
    subprocess.run([claimex, "-q", "--raw-cells", "-o", "raw-folder"] + extra + ["folder"], **quiet)
    parquet_run(spark, claimex, work, "folder", ["folder"], extra, one.returncode)

    # A claimex that cannot run fails the job with its own message.
    broken = os.path.join(work, "broken-gazetteers")
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(os.path.join(repo, "gazetteers"), broken)
    with open(os.path.join(broken, "countries.tsv"), "a", encoding="utf-8") as f:
        f.write("only-one-column\n")
    expect_failure(spark, ["articles.jsonl", "out-broken", "-g", broken, "--claimex", claimex],
                   "countries.tsv:", "a claimex exiting 2 fails the job")
    expect_failure(spark, ["articles.jsonl", "out-samples-3", "--claimex", claimex],
                   "not empty; give --overwrite", "a non-empty OUT is refused")
    shutil.copy("folder/part2.jsonl.gz", "hidden-gzip.jsonl")
    expect_failure(spark, ["hidden-gzip.jsonl", "out-gz", "--claimex", claimex],
                   "hidden-gzip.jsonl: gzip data under a name without .gz",
                   "gzip without .gz is refused, naming the file")
    spark.stop()
    print(f"{checks['passed']} passed, {checks['failed']} failed")
    sys.exit(1 if checks["failed"] else 0)


if __name__ == "__main__":
    main()
