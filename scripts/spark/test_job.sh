#!/usr/bin/env bash
# Tests of the Spark job (run by .ci/run): the wrapper end to end once,
# then the matrix of scripts/spark/test_job.py in one Spark session on
# local[2]. Needs Java 17+ (.ci/run installs it); pyspark comes from
# scripts/spark/env.sh (a venv in target/ when the python3 on PATH has none).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/spark/env.sh"

work=$root/target/spark-test
rm -rf "$work"
mkdir -p "$work"
cd "$work"
cp "$root/samples/articles.jsonl" .
log4j="-Dlog4j2.configurationFile=file:$root/scripts/spark/log4j2.properties"

fail=0
echo "== scripts/spark_job.sh on local[2]: samples, 3 partitions, --single" >&2
"$bin" -q -o one articles.jsonl
"$root/scripts/spark_job.sh" --master 'local[2]' articles.jsonl wrapped --partitions 3 --single
for t in articles entities mentions claims claim_entities candidates; do
    if cmp -s "one/$t.csv" "wrapped/$t.csv"; then
        echo "   ok   wrapper: --single $t.csv is claimex -o's" >&2
    else
        echo "   FAIL wrapper: --single $t.csv differs from claimex -o's" >&2
        fail=1
    fi
done
rc=0
# The driver's messages come on spark-submit's standard output.
"$root/scripts/spark_job.sh" --master 'local[2]' articles.jsonl wrapped >err.txt 2>&1 || rc=$?
if [ "$rc" -eq 2 ] && grep -q "not empty; give --overwrite" err.txt; then
    echo "   ok   wrapper: a rerun into a non-empty OUT exits 2" >&2
else
    echo "   FAIL wrapper: a rerun into a non-empty OUT exited $rc: $(cat err.txt)" >&2
    fail=1
fi

echo "== scripts/spark/test_job.py on local[2]" >&2
# Relative input paths resolve against the JVM's working folder.
mkdir -p "$work/matrix"
cd "$work/matrix"
rc=0
"$spark_home/bin/spark-submit" --master 'local[2]' --driver-java-options "$log4j" \
    --conf spark.ui.enabled=false --py-files "$root/scripts/spark/claimex_job.py" \
    "$root/scripts/spark/test_job.py" "$bin" "$root" "$work/matrix" || rc=$?
[ "$rc" -eq 0 ] || fail=1
if [ "$fail" -ne 0 ]; then
    echo "Spark job tests FAILED" >&2
    exit 1
fi
echo "Spark job tests passed" >&2
