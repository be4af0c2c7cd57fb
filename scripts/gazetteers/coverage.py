#!/usr/bin/env python3
"""Report names/demonyms of an evaluation country list that no row of
gazetteers/countries.tsv matches (case-insensitive, leading "the " dropped).

    python3 scripts/gazetteers/coverage.py [/work/shared/eval/countries.txt]
"""
import os
import sys

LIST = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/eval/countries.txt"
GAZ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "gazetteers", "countries.tsv")


def norm(s):
    s = " ".join(s.split()).lower().replace("’", "'")
    return s[4:] if s.startswith("the ") else s


ours = {}
header = None
for line in open(GAZ, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    cells = line.split("\t")
    if header is None:
        header = cells
        continue
    r = dict(zip(header, cells))
    for c in ["canonical", "aliases", "abbrevs", "demonyms", "former"]:
        for s in r[c].split("|"):
            if s:
                ours.setdefault(norm(s), set()).add(r["id"])
missing = []
total = 0
for line in open(LIST, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    names, _, dems = line.rstrip("\n").partition("||")
    for s in names.split("|") + dems.split("|"):
        s = s.strip()
        if not s:
            continue
        total += 1
        if norm(s) not in ours:
            missing.append(s)
print(f"{total} names/demonyms in list, {len(missing)} not matched by countries.tsv:")
print(" | ".join(missing))
