#!/usr/bin/env bash
# claimex as a Spark job (scripts/spark/claimex_job.py), submitted with
# spark-submit on local[*] by default.
#
#   scripts/spark_job.sh INPUT... OUT [--partitions N] [--format csv|parquet]
#                        [--single] [--overwrite] [-g DIR] [--raw-cells]
#                        [--max-article-bytes N] [--date YYYY-MM-DD]
#                        [--master URL] [--driver-memory SIZE] [--conf K=V]...
#                        [--driver-java-options OPTS]
#
# Builds claimex (release) when target/release/claimex is missing or older
# than the sources, finds pyspark (the python3 on PATH, else a venv in
# target/spark-venv, made with `pip install pyspark` when missing), and runs
# spark-submit with the binary shipped to the workers (--files): a cluster
# needs nothing installed on its workers but Python 3 and a glibc at least
# as new as this machine's. --master, --driver-memory, --executor-memory,
# --num-executors, --deploy-mode, --conf and --driver-java-options (added to
# the wrapper's own logging option) go to spark-submit; every other
# argument to the job. Needs Java 17 or newer (Spark 4).
#
# Environment: CLAIMEX_BIN (a claimex binary to ship instead of building
# one), PYSPARK_PYTHON (the workers' python), SPARK_VENV (the venv folder).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
submit=()
job=()
master="local[*]"
java_opts="-Dlog4j2.configurationFile=file:$root/scripts/spark/log4j2.properties"
while [ $# -gt 0 ]; do
    case "$1" in
        --master) master=$2; shift 2 ;;
        --master=*) master=${1#--master=}; shift ;;
        --driver-java-options) java_opts="$java_opts $2"; shift 2 ;;
        --driver-memory|--executor-memory|--num-executors|--deploy-mode|--conf|--executor-cores)
            submit+=("$1" "$2"); shift 2 ;;
        *) job+=("$1"); shift ;;
    esac
done
if [ ${#job[@]} -lt 2 ]; then
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi

. "$root/scripts/spark/env.sh"

exec "$spark_home/bin/spark-submit" \
    --master "$master" \
    --name claimex \
    --files "$bin" \
    --driver-java-options "$java_opts" \
    --conf spark.ui.enabled=false \
    --conf spark.ui.showConsoleProgress=false \
    ${submit[@]+"${submit[@]}"} \
    "$root/scripts/spark/claimex_job.py" --claimex "$(basename "$bin")" "${job[@]}"
