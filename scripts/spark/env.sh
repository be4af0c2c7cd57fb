# Sourced by scripts/spark_job.sh and scripts/spark/test_job.sh: finds (or
# builds) claimex and pyspark. Sets `bin` (the claimex binary), `py` (a
# python with pyspark) and `spark_home` (pyspark's folder, with
# bin/spark-submit). Needs `root` (the repository).
#
# claimex: $CLAIMEX_BIN, else target/release/claimex, built with cargo when
# missing or older than the sources. pyspark: the python3 on PATH when it
# has it, else a venv ($SPARK_VENV, default target/spark-venv) made with
# `pip install pyspark` when missing. Spark needs Java 17 or newer.

command -v java >/dev/null || {
    echo "claimex spark: java not found (Spark needs Java 17 or newer: apt-get install default-jre-headless)" >&2
    exit 2
}

bin=${CLAIMEX_BIN:-$root/target/release/claimex}
if [ -z "${CLAIMEX_BIN:-}" ]; then
    if [ ! -x "$bin" ] || [ -n "$(find "$root/src" "$root/gazetteers" "$root/Cargo.toml" -newer "$bin" -print -quit)" ]; then
        echo "claimex spark: building claimex (release)" >&2
        (cd "$root" && cargo build --release --quiet --bin claimex)
    fi
fi
[ -x "$bin" ] || { echo "claimex spark: $bin is not an executable" >&2; exit 2; }

# The interpreter itself, not a shim that runs it as a child (pyenv's).
py=$(python3 -c 'import sys; print(sys.executable)')
if ! "$py" -c 'import pyspark' 2>/dev/null; then
    venv=${SPARK_VENV:-$root/target/spark-venv}
    if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
        echo "claimex spark: installing pyspark into $venv (a few minutes the first time)" >&2
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'pyspark>=3.5,<5'
    fi
    py=$venv/bin/python
fi
spark_home=$("$py" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export PYSPARK_PYTHON=${PYSPARK_PYTHON:-$py}
export PYSPARK_DRIVER_PYTHON=$py
