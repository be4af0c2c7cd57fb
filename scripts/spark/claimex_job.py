"""claimex as a Spark job: JSON Lines in, the six tables out, written by Spark.

    spark-submit --files target/release/claimex scripts/spark/claimex_job.py \\
        INPUT... OUT [--partitions N] [--format csv|parquet] [--single] [--overwrite]
        [-g DIR] [--raw-cells] [--max-article-bytes N] [--date YYYY-MM-DD]

(`scripts/spark_job.sh` does this on `local[*]`, or on any `--master`.)

What the job does, in order:

1. Lists the inputs (files or folders, any path Spark reads) and checks each
   file's head as claimex's reader would: gzip only under a `.gz` name (Spark
   picks the codec by name), no zstd, no UTF-16, no binary file. Such a file
   stops the job with a message naming it.
2. Counts the lines and articles of every split of the input (Spark SQL,
   no Python), which gives each line its place: its number in its file and
   its position (`seq`) among the articles of the whole input.
3. Runs `claimex - --envelope --emit ids` over every partition: the id each
   line gives. Ids are grouped by their root (the id without `~N`
   suffixes) and repeats settled inside each group exactly as one claimex
   run settles them in input order (`ID~2`, skipping names already taken);
   only the renamed articles reach the driver.
4. Runs `claimex - --envelope --emit jsonl --raw-cells -q -j 1` over every
   partition, each line with its input envelope (seq, file as typed, line,
   settled id): ids, `source` and statuses are those of the one-machine run
   whatever the partitioning. A claimex that exits 2 fails the job with its
   message; bad articles are rows with their status.
5. Turns the rows into one DataFrame per table, ordered by input position
   (`seq`, then the row's index in its article); entities and candidates
   are added up with groupBy (counts summed, the name or example of the
   first article, candidates seen at least twice, most frequent first), and
   written with Spark's writers to OUT/<table>/: CSV with a header and
   RFC 4180 quoting, text cells neutralised for spreadsheets as claimex
   does (unless --raw-cells), or Parquet with typed columns and raw text.
   Read the part files in name order for the input order.
6. With --single, also OUT/<table>.csv, written by `claimex --from-rows`
   (claimex's own encoder) from the ordered rows, streamed to it one
   partition at a time: byte for byte what `claimex -o OUT INPUT...` writes.

Exit status: 0, or 1 when some article has an `error:` or `warning:` status
(as claimex), 2 when the job could not run.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib

# Exit statuses, as claimex's.
EXIT_BAD_INPUT = 1
EXIT_FAILED = 2

# What a failed claimex raises in a task; the driver looks for it in the
# job's error to print claimex's own message.
FAILED_MARK = "claimex failed"

# The bytes claimex counts as white space (Rust's is_ascii_whitespace): a
# line made only of them is no article.
BLANK = b" \t\n\r\x0c"

# Per-article tables: ordered by (seq, row).
PER_ARTICLE = ("articles", "mentions", "claims", "claim_entities")

LONG_MAX = (1 << 63) - 1

# The most input bytes per split without --partitions, and the size of
# the sorted tables' parts: bounds what one task holds.
SPLIT_BYTES = 32 << 20


class JobError(Exception):
    """Something that stops the job before or between its Spark stages."""


def die(msg):
    print(f"claimex_job: error: {msg}", file=sys.stderr)
    sys.exit(EXIT_FAILED)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="claimex_job.py",
        description="claimex over JSON Lines with Spark: the six tables, written by Spark.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="JSON Lines files (plain or .gz) or folders, any path Spark reads")
    p.add_argument("out", metavar="OUT", help="output folder: OUT/<table>/ (and OUT/<table>.csv)")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="split the input into N partitions, one claimex each (default: Spark's)")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("--single", action="store_true",
                   help="also OUT/<table>.csv, byte for byte claimex -o (OUT must be local)")
    p.add_argument("--overwrite", action="store_true", help="write into a non-empty OUT")
    p.add_argument("-g", "--gazetteers", metavar="DIR", help="gazetteer folder (shipped to workers)")
    p.add_argument("--raw-cells", action="store_true",
                   help="no spreadsheet neutralisation of text cells (as claimex --raw-cells)")
    p.add_argument("--max-article-bytes", type=int, metavar="N")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the date of articles whose input gives none (claimex --date)")
    p.add_argument("--claimex-threads", type=int, default=1, metavar="N",
                   help="threads of each claimex process (-j; match spark.task.cpus)")
    p.add_argument("--claimex", default="claimex", metavar="PATH",
                   help="the claimex binary: a file on the driver (shipped to the workers), "
                        "or the name of one given to spark-submit --files (default: claimex)")
    args = p.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        p.error("--partitions must be at least 1")
    if args.claimex_threads < 1:
        p.error("--claimex-threads must be at least 1")
    return args


# ---------------------------------------------------------------- claimex


def claimex_flags(args):
    """The flags that travel with the job to every claimex that analyses."""
    flags = []
    if args.max_article_bytes is not None:
        flags += ["--max-article-bytes", str(args.max_article_bytes)]
    if args.date is not None:
        flags += ["--date", args.date]
    return flags


def run_claimex(binary, argv, chunks):
    """Runs claimex with `chunks` (bytes) on its standard input; yields its
    standard output line by line (bytes). Raises when it exits other than 0
    or 1, with the end of its standard error."""
    proc = subprocess.Popen([binary] + argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, bufsize=1 << 16)
    tail = collections.deque(maxlen=20)
    failure = []

    def feed():
        try:
            for chunk in chunks:
                proc.stdin.write(chunk)
        except BrokenPipeError:
            pass  # claimex stopped reading: its exit status says why
        except BaseException as e:  # noqa: BLE001 -- reported after the wait
            failure.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    def drain():
        for line in proc.stderr:
            tail.append(line.decode("utf-8", "replace").rstrip("\n"))

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=drain, daemon=True)
    writer.start()
    reader.start()
    for line in proc.stdout:
        yield line
    rc = proc.wait()
    writer.join()
    reader.join()
    if failure:
        raise failure[0]
    if rc not in (0, EXIT_BAD_INPUT):
        msg = "\n".join(tail) or "(no message)"
        raise RuntimeError(f"{FAILED_MARK} (exit {rc}): {msg}")


def local_binary(sc, args):
    """The claimex binary on the driver, shipped to the workers; returns
    (path on the driver, name for SparkFiles.get on a worker)."""
    from pyspark import SparkFiles

    if "/" not in args.claimex:
        shipped = SparkFiles.get(args.claimex)
        if os.path.isfile(shipped):
            return shipped, args.claimex
    if os.path.isfile(args.claimex):
        sc.addFile(os.path.abspath(args.claimex))
        return os.path.abspath(args.claimex), os.path.basename(args.claimex)
    raise JobError(
        f"no claimex binary: {args.claimex} is not a file here and was not given to "
        "spark-submit --files (build it with `cargo build --release`)")


def worker_binary(name):
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


# ---------------------------------------------------------------- inputs


def article_kind(name):
    """What claimex makes of a file found in a folder, from its name."""
    lower = name.lower()
    if lower.endswith(".txt"):
        return "txt"
    if lower.endswith((".jsonl", ".jsonl.gz", ".jsonl.zst")):
        return "jsonl"
    return None


def join_shown(typed, name):
    """A folder entry's path as claimex shows it (Rust's Path::join)."""
    return typed + name if typed.endswith("/") else f"{typed}/{name}"


def list_inputs(spark, inputs):
    """The input files in claimex's order: [(shown, uri, length)]."""
    jvm = spark._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    files = []

    def walk(fs, path, shown):
        entries = sorted(fs.listStatus(path), key=lambda s: s.getPath().getName().encode())
        for st in entries:
            name = st.getPath().getName()
            entry_shown = join_shown(shown, name)
            if st.isDirectory():
                walk(fs, st.getPath(), entry_shown)
            elif article_kind(name) == "txt":
                raise JobError(f"{entry_shown}: a .txt article; the Spark job reads JSON Lines only "
                               "(run claimex on the .txt files)")
            elif article_kind(name) == "jsonl":
                files.append((entry_shown, fs.makeQualified(st.getPath()), st.getLen()))

    for typed in inputs:
        if typed == "-":
            raise JobError("standard input (-) is no Spark input: give files or folders")
        path = jvm.org.apache.hadoop.fs.Path(typed)
        fs = path.getFileSystem(conf)
        if not fs.exists(path):
            raise JobError(f"{typed}: no such file or folder")
        st = fs.getFileStatus(path)
        if st.isDirectory():
            walk(fs, path, typed)
        elif article_kind(typed) == "txt":
            raise JobError(f"{typed}: a .txt article; the Spark job reads JSON Lines only")
        else:
            files.append((typed, fs.makeQualified(path), st.getLen()))
    checked = []
    for shown, qpath, length in files:
        check_head(spark, shown, qpath)
        checked.append((shown, qpath.toUri().toString(), length))
    return checked


def looks_binary(head):
    """claimex's rule (src/read/txt.rs): more than two NULs, or over 30%
    control bytes, in the first 8 KiB."""
    head = head[:8192]
    nuls = head.count(0)
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return nuls > 2 or controls * 10 > len(head) * 3


def check_head(spark, shown, qpath):
    """Refuses a file that Spark would read otherwise than claimex does."""
    fs = qpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.open(qpath)
    try:
        raw = bytes(stream.readNBytes(1 << 16))
    finally:
        stream.close()
    gz_name = shown.lower().endswith(".gz")
    if raw.startswith(b"\x28\xb5\x2f\xfd") or shown.lower().endswith(".zst"):
        raise JobError(f"{shown}: zstd is not read by the Spark job (recompress it with gzip)")
    if raw.startswith(b"\x1f\x8b") and not gz_name:
        raise JobError(f"{shown}: gzip data under a name without .gz (Spark picks the codec by "
                       "name and would read the compressed bytes): rename it *.gz")
    if gz_name:
        if raw and not raw.startswith(b"\x1f\x8b"):
            raise JobError(f"{shown}: named .gz but not gzip data")
        try:
            raw = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, 1 << 16)
        except zlib.error as e:
            raise JobError(f"{shown}: corrupt gzip data: {e}") from None
    else:
        codec = spark._jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(
            spark.sparkContext._jsc.hadoopConfiguration()).getCodec(qpath)
        if codec is not None:
            raise JobError(f"{shown}: compressed ({codec.getDefaultExtension()}); claimex reads "
                           "plain or gzip JSON Lines")
    raw = raw[:8192]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JobError(f"{shown}: UTF-16 JSON Lines are not supported (convert to UTF-8)")
    if looks_binary(raw):
        raise JobError(f"{shown}: a binary file, not JSON Lines")


# ---------------------------------------------------------------- positions


def read_lines(spark, files, partitions):
    """The input's lines as a DataFrame (file URI, split start, raw bytes),
    split into about `partitions` splits when asked."""
    from pyspark.sql import functions as F

    for key in ("spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes"):
        spark.conf.unset(key)
    if not partitions and not spark.sparkContext.getConf().contains(
            "spark.sql.files.maxPartitionBytes"):
        # Splits of at most SPLIT_BYTES (Spark's default, 128 MiB, makes a
        # split, and so what a task holds, grow with the input up to it).
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(SPLIT_BYTES))
    if partitions:
        total = sum(length for _, _, length in files)
        per_split = max(1, -(-total // partitions))
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(per_split))
        # An open cost above the split size: every split its own partition.
        spark.conf.set("spark.sql.files.openCostInBytes", str(per_split + (4 << 20)))
    df = spark.read.option("lineSep", "\n").text([uri for _, uri, _ in files])
    return df.select(
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("start"),
        F.col("value"),
    )


def split_offsets(lines, files):
    """Per split (file URI, start): (file index, first line number, first
    seq). Counted by Spark SQL; one small row per split reaches the driver."""
    from pyspark.sql import functions as F

    # End of input (\z in Java's syntax), not $: $ also matches before a
    # final U+0085 or U+2028, which claimex does not count as white space.
    blank = F.col("value").rlike("^[ \\t\\n\\r\\f]*\\z")
    counts = (lines.groupBy("file", "start")
              .agg(F.count(F.lit(1)).alias("lines"),
                   F.sum(F.when(blank, 0).otherwise(1)).alias("items"))
              .collect())
    index = {uri_key(uri): i for i, (_, uri, _) in enumerate(files)}
    by_file = collections.defaultdict(list)
    for r in counts:
        i = index.get(uri_key(r["file"]))
        if i is None:
            raise JobError(f"Spark read a file that was not listed: {r['file']}")
        by_file[i].append((r["start"], r["lines"], r["items"], r["file"]))
    for i, (shown, _, length) in enumerate(files):
        if length > 0 and not by_file[i]:
            raise JobError(f"{shown}: Spark read no line of it (a name starting with . or _?)")
    offsets, seq = {}, 0
    for i in range(len(files)):
        line = 1
        for start, n_lines, n_items, uri in sorted(by_file[i]):
            offsets[(uri, start)] = (i, line, seq)
            line += n_lines
            seq += n_items
    return offsets, seq


def uri_key(uri):
    """A file URI as a key: Hadoop writes `file:///x` or `file:/x`, with
    or without %-escapes, for the same file."""
    u = urllib.parse.urlsplit(uri)
    return (u.scheme, u.netloc, urllib.parse.unquote(u.path))


def enveloped(rows, offsets, shown, renames):
    """A scan partition's articles, each as `ENVELOPE<TAB>LINE\\n` (bytes)."""
    key = None
    line = seq = index = 0
    for r in rows:
        k = (r["file"], r["start"])
        if k != key:
            key = k
            index, line, seq = offsets[k]
        else:
            line += 1
        raw = bytes(r["value"])
        if not raw.translate(None, BLANK):
            continue
        env = {"seq": seq, "file": shown[index], "line": line}
        rename = renames.get(seq) if renames else None
        if rename is not None:
            env["id"], env["repeat_of"] = rename
        yield json.dumps(env, ensure_ascii=False).encode() + b"\t" + raw + b"\n"
        seq += 1


def id_root(article_id, _tail=re.compile(r"(~[0-9]+)+$")):
    """The id without `~N` suffixes: every id that a repeat of it could
    become or collide with has the same root."""
    return _tail.sub("", article_id)


def settle_repeats(group):
    """claimex's repeat rule (src/read/mod.rs, Reader::finish) over the
    ids of one root, in input order: [(seq, final id, id it repeats)]."""
    taken, out = {}, []
    for seq, own in sorted(group):
        if own not in taken:
            taken[own] = 2
            continue
        n = taken[own]
        candidate = f"{own}~{n}"
        while candidate in taken:
            n += 1
            candidate = f"{own}~{n}"
        taken[own] = n + 1
        taken[candidate] = 2
        out.append((seq, candidate, own))
    return out


# ---------------------------------------------------------------- tables


def schema_of(binary):
    out = subprocess.run([binary, "--emit", "schema"], capture_output=True, check=False)
    if out.returncode != 0:
        raise JobError(f"{binary} --emit schema: {out.stderr.decode(errors='replace').strip()}")
    return json.loads(out.stdout)


def rows_schema(schema):
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    names = []
    for t in schema["tables"]:
        for c in t["columns"]:
            if c["name"] not in names:
                names.append(c["name"])
    fields = [StructField("table", StringType()), StructField("seq", LongType()),
              StructField("row", LongType())]
    fields += [StructField(n, StringType()) for n in names]
    return StructType(fields)


def ordered_tables(rows, schema):
    """Per table: (name, columns, DataFrame of string cells in table order,
    with `seq`/`row` for per-article tables)."""
    from pyspark.sql import functions as F

    out = []
    for t in schema["tables"]:
        name, cols = t["table"], [c["name"] for c in t["columns"]]
        mine = rows.filter(F.col("table") == name)
        if name in PER_ARTICLE:
            df = mine.select("seq", "row", *cols).orderBy("seq", "row")
        elif name == "entities":
            first = F.coalesce(F.col("seq"), F.lit(LONG_MAX))
            rest = [c for c in cols if c not in ("entity_id", "mentions", "articles")]
            agg = (mine.groupBy("entity_id")
                   .agg(F.sum(F.col("mentions").cast("long")).alias("mentions"),
                        F.sum(F.col("articles").cast("long")).alias("articles"),
                        F.min_by(F.struct(*rest), first).alias("first")))
            df = agg.select(*[F.col(f"first.{c}") if c in rest else F.col(c).cast("string")
                              for c in cols]).orderBy("entity_id")
            df = df.toDF(*cols)
        elif name == "candidates":
            agg = (mine.groupBy("name")
                   .agg(F.sum(F.col("count").cast("long")).alias("count"),
                        F.min_by("example", "seq").alias("example"))
                   .filter(F.col("count") >= schema["candidate_min_count"])
                   .orderBy(F.desc("count"), "name"))
            df = agg.select(*[F.col(c).cast("string") for c in cols])
        else:
            raise JobError(f"claimex has a table the job does not know: {name}")
        out.append((name, t["columns"], df))
    return out


def typed(df, columns, fmt, raw_cells, formula_starts):
    """The columns as written by Spark: numbers as numbers, flags as
    booleans; for CSV, text cells neutralised as claimex does (a leading ')."""
    from pyspark.sql import functions as F

    sel = []
    for c in columns:
        col = F.col(c["name"])
        if c["kind"] == "number":
            col = col.cast("long")
        elif c["kind"] == "optional_number":
            col = F.when(col == "", F.lit(None)).otherwise(col).cast("long")
        elif c["kind"] == "flag":
            col = col.cast("boolean")
        elif c["kind"] == "text" and fmt == "csv" and not raw_cells:
            col = F.when(F.substring(col, 1, 1).isin(list(formula_starts)),
                         F.concat(F.lit("'"), col)).otherwise(col)
        sel.append(col.alias(c["name"]))
    return df.select(*sel)


def write_table(df, path, fmt, overwrite):
    w = df.write.mode("overwrite" if overwrite else "errorifexists")
    if fmt == "parquet":
        w.parquet(path)
        return
    (w.option("header", True).option("quote", '"').option("escape", '"')
     .option("ignoreLeadingWhiteSpace", False).option("ignoreTrailingWhiteSpace", False)
     .option("emptyValue", "").option("lineSep", "\n").option("encoding", "UTF-8")
     .csv(path))


def write_single(binary, out, tables, raw_cells):
    """OUT/<table>.csv by `claimex --from-rows`, from the ordered rows,
    one partition at a time."""
    argv = [binary, "--from-rows", "-q", "-o", out, "-"] + (["--raw-cells"] if raw_cells else [])
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    err = []
    drain = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    drain.start()
    try:
        for name, columns, df in tables:
            cols = [c["name"] for c in columns]
            positioned = name in PER_ARTICLE
            for r in df.toLocalIterator():
                row = {"table": name}
                for c in cols:
                    v = r[c]
                    row[c] = "" if v is None else str(v)
                if positioned:
                    row["seq"], row["row"] = r["seq"], r["row"]
                proc.stdin.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        proc.stdin.close()
    except BrokenPipeError:
        pass
    rc = proc.wait()
    drain.join()
    if rc not in (0, EXIT_BAD_INPUT):
        msg = b"".join(err).decode(errors="replace").strip()
        raise JobError(f"claimex --from-rows failed (exit {rc}): {msg}")


# ---------------------------------------------------------------- the job


def check_out(spark, out, overwrite, single):
    jvm = spark._jvm
    path = jvm.org.apache.hadoop.fs.Path(out)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if single and fs.getUri().getScheme() != "file":
        raise JobError(f"{out}: --single writes plain files on the driver's machine; give a local OUT")
    if fs.exists(path):
        if not fs.getFileStatus(path).isDirectory():
            raise JobError(f"{out}: exists and is not a folder")
        if len(fs.listStatus(path)) and not overwrite:
            raise JobError(f"{out}: not empty; give --overwrite to replace its tables")


def run(spark, args):
    """The job; returns its exit status."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    started = time.time()
    given = sc.getConf()
    if not given.contains("spark.sql.adaptive.advisoryPartitionSizeInBytes"):
        # Sorted tables come in parts of about this size, whatever the
        # input's: what a task holds does not grow with the input.
        spark.conf.set("spark.sql.adaptive.advisoryPartitionSizeInBytes", str(SPLIT_BYTES))
    if not given.contains("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning"):
        # --single persists the sorted tables; without this, adaptive
        # execution leaves a persisted plan at spark.sql.shuffle.partitions
        # (200 parts, and a job per part for --single, for a few rows).
        spark.conf.set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
    check_out(spark, args.out, args.overwrite, args.single)
    binary, name = local_binary(sc, args)
    schema = schema_of(binary)
    if args.gazetteers:
        if not os.path.isdir(args.gazetteers):
            raise JobError(f"{args.gazetteers}: no such gazetteer folder")
        sc.addFile(os.path.abspath(args.gazetteers), recursive=True)
        gaz_name = os.path.basename(os.path.abspath(args.gazetteers))
    files = list_inputs(spark, args.inputs)
    if not files:
        raise JobError("no JSON Lines file in the inputs")
    shown = [s for s, _, _ in files]
    lines = read_lines(spark, files, args.partitions)
    offsets, items = split_offsets(lines, files)
    raw_lines = lines.select("file", "start", lines["value"].cast("binary").alias("value"))
    b_offsets = sc.broadcast(offsets)
    b_shown = sc.broadcast(shown)

    def scan(renames):
        b_renames = sc.broadcast(renames)
        rdd = raw_lines.rdd.mapPartitions(
            lambda rows: enveloped(rows, b_offsets.value, b_shown.value, b_renames.value))
        n = rdd.getNumPartitions()
        if args.partitions and n > args.partitions:
            rdd = rdd.coalesce(args.partitions)
        elif args.partitions and n < args.partitions:
            rdd = rdd.repartition(args.partitions)
        return rdd

    flags = claimex_flags(args)

    def ids_of(part):
        argv = ["-", "--envelope", "--emit", "ids", "-q"] + flags
        for line in run_claimex(worker_binary(name), argv, part):
            r = json.loads(line)
            yield r["seq"], r["id"]

    renames = (scan({}).mapPartitions(ids_of)
               .map(lambda s_id: (id_root(s_id[1]), s_id))
               .groupByKey()
               .flatMap(lambda kv: settle_repeats(list(kv[1])) if len(kv[1]) > 1 else [])
               .collect())
    renames = {seq: (final, base) for seq, final, base in renames}

    def analyse(part):
        argv = ["-", "--envelope", "--emit", "jsonl", "-q", "-j", str(args.claimex_threads),
                "--raw-cells"] + flags
        if args.gazetteers:
            from pyspark import SparkFiles

            argv += ["-g", SparkFiles.get(gaz_name)]
        for line in run_claimex(worker_binary(name), argv, part):
            yield line.decode("utf-8")

    piped = scan(renames).mapPartitions(analyse)
    rows = (spark.read.schema(rows_schema(schema)).option("mode", "FAILFAST")
            .option("encoding", "UTF-8").json(piped))
    rows = rows.persist(StorageLevel.DISK_ONLY)
    try:
        return write_all(spark, args, schema, rows, items, renames, binary, started)
    finally:
        # Blocking: removed before spark.stop(), which otherwise rejects the
        # removal of the blocks with a warning and a stack trace.
        rows.unpersist(blocking=True)


def write_all(spark, args, schema, rows, items, renames, binary, started):
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    # Rows per table, and articles per status kind (ok, error, warning).
    kind = F.when(F.col("table") == "articles", F.substring_index(F.col("status"), ":", 1))
    counts = collections.Counter()
    for r in rows.groupBy("table", kind.alias("kind")).count().collect():
        counts[r["table"]] += r["count"]
        if r["kind"] is not None:
            counts[r["kind"]] += r["count"]
    if counts["articles"] != items:
        raise JobError(f"{items} articles in the input, {counts['articles']} rows came back "
                       "(a bug)")
    tables = ordered_tables(rows, schema)
    if args.single:
        # Sorted once, read twice: by Spark's writer, then by --single.
        tables = [(n, c, df.persist(StorageLevel.DISK_ONLY)) for n, c, df in tables]
    try:
        for name, columns, df in tables:
            out = typed(df, columns, args.format, args.raw_cells, schema["formula_starts"])
            write_table(out, f"{args.out.rstrip('/')}/{name}", args.format, args.overwrite)
        if args.single:
            write_single(binary, args.out, tables, args.raw_cells)
    finally:
        if args.single:
            for _, _, df in tables:
                df.unpersist(blocking=True)
    errors, warnings = counts["error"], counts["warning"]
    if errors or warnings:
        problems = (rows.filter((F.col("table") == "articles") & (F.col("status") != "ok"))
                    .select("seq", "source", "status").orderBy("seq").limit(10).collect())
        for r in problems:
            print(f"claimex_job: {r['source']}: {r['status']}", file=sys.stderr)
        if errors + warnings > len(problems):
            print(f"claimex_job: … and {errors + warnings - len(problems)} more (see the "
                  "articles table's status)", file=sys.stderr)
    print(f"claimex_job: {items} articles, {counts['mentions']} mentions, "
          f"{counts['claims']} claims, {errors} errors, {warnings} warnings, "
          f"{len(renames)} repeated ids, {args.format} tables in {args.out} "
          f"in {time.time() - started:.1f}s", file=sys.stderr)
    return EXIT_BAD_INPUT if errors or warnings else 0


def claimex_message(err):
    """claimex's own message inside a Spark error, if it is there."""
    text = str(err)
    at = text.find(FAILED_MARK)
    if at < 0:
        return None
    lines = text[at:].splitlines()
    keep = [lines[0]]
    for line in lines[1:]:
        if line.startswith(("\tat ", "  File ", "Traceback", "\n")) or not line.strip():
            break
        keep.append(line)
    return "\n".join(keep)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("claimex").getOrCreate()
    try:
        code = run(spark, args)
    except JobError as e:
        die(str(e))
    except Exception as e:  # noqa: BLE001 -- a Spark failure: claimex's message if it has one
        msg = claimex_message(e)
        if msg is None:
            raise
        die(msg)
    finally:
        spark.stop()
    sys.exit(code)


if __name__ == "__main__":
    main()
