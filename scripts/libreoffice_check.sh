#!/usr/bin/env bash
# Opens claimex tables in LibreOffice Calc (headless) and checks that
#   1. accents and curly quotes survive a CSV -> .xlsx -> CSV round trip;
#   2. no neutralised cell (=, +, -, @, tab, CR prefixed with ') becomes a
#      formula, even with LibreOffice's "Evaluate formulas" import option on;
#   3. the same input with --raw-cells does produce formulas (so check 2
#      means something).
# Not part of CI: it installs LibreOffice (Debian: libreoffice-calc) when
# `soffice` is missing. Usage: scripts/libreoffice_check.sh [CLAIMEX_BINARY]
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
input="$repo/tests/fixtures/robustness/spreadsheet.jsonl"

if ! command -v soffice >/dev/null; then
    echo "== installing LibreOffice Calc"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc
fi
soffice --version

bin="${1:-}"
if [ -z "$bin" ]; then
    (cd "$repo" && cargo build -q --release)
    bin="$repo/target/release/claimex"
fi

work="$(mktemp -d -t claimex-lo-XXXXXX)"
trap 'rm -rf "$work"' EXIT
profile="file://$work/profile"
# CSV import: comma, double quote, UTF-8 (76), from line 1, no column
# types, default language, quoted fields as text, detect special numbers,
# and (13th token) evaluate formulas: the most dangerous setting.
import="CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
export_csv='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false'

fail=0
check() { # description, command...
    if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

formulas() { # an .xlsx -> number of formula cells
    python3 - "$1" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(len(re.findall(r"<f[ >]", z.read(n).decode()))
          for n in z.namelist() if n.startswith("xl/worksheets/")))
EOF
}

for mode in safe raw; do
    out="$work/$mode"
    flags=(-q -o "$out")
    [ "$mode" = raw ] && flags+=(--raw-cells)
    "$bin" "${flags[@]}" "$input"
    for table in articles claims mentions; do
        soffice -env:UserInstallation="$profile" --headless --infilter="$import" \
            --convert-to xlsx --outdir "$out/xlsx" "$out/$table.csv" >/dev/null 2>&1
        soffice -env:UserInstallation="$profile" --headless \
            --convert-to "$export_csv" --outdir "$out/back" "$out/xlsx/$table.xlsx" >/dev/null 2>&1
    done
done

echo "== LibreOffice's view of the safe tables (articles.csv, claims.csv after .xlsx)"
cut -c1-160 "$work/safe/back/articles.csv"
cut -d, -f1,5,12 "$work/safe/back/claims.csv"

for table in articles claims mentions; do
    n="$(formulas "$work/safe/xlsx/$table.xlsx")"
    check "$table: no formula cell in the neutralised table (found $n)" test "$n" -eq 0
done
n="$(formulas "$work/raw/xlsx/articles.xlsx")"
n2="$(formulas "$work/raw/xlsx/claims.xlsx")"
check "--raw-cells: LibreOffice does make formulas ($n in articles, $n2 in claims)" \
    test $((n + n2)) -gt 0
back="$work/safe/back"
check "accents survive (Élysée, Zürich, «réunion», Ça va très bien)" \
    grep -q "Élysée et Zürich: «réunion»" "$back/articles.csv"
check "accents in claim text" grep -q "Ça va très bien" "$back/claims.csv"
check "curly quotes survive (Zürich’s “strong”)" grep -q "Zürich’s “strong”" "$back/claims.csv"
check "neutralised cells stay text: '=1+1 id" grep -q "^'=1+1," "$back/articles.csv"
check "neutralised cells stay text: '=HYPERLINK(…)" grep -q "'=HYPERLINK(" "$back/articles.csv"
check "neutralised cells stay text: '=SUM(A1:A9) claim" grep -q "'=SUM(A1:A9) is the answer." "$back/claims.csv"
check "neutralised cells stay text: '-10 percent claim" grep -q "'-10 percent is fine" "$back/claims.csv"
check "neutralised cells stay text: '@home claim" grep -q "'@home was safe" "$back/claims.csv"
# What an unprotected table turns into: =1+1 evaluated to 2.
echo "== with --raw-cells, LibreOffice computes: $(head -3 "$work/raw/back/articles.csv" | tail -1 | cut -c1-80)"
exit "$fail"
