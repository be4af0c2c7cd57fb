#!/usr/bin/env python3
"""Validate the claimex gazetteers (standard library only).

    python3 scripts/gazetteers/check.py [GAZETTEER_DIR] [--verbose]

Checks: header present, every line has exactly the header's column count, no empty
`|` elements, no tab/`|`/parentheses inside surfaces, id uniqueness and format,
people dates (YYYY, YYYY-MM, YYYY-MM-DD) and parallel valid_from/valid_to counts,
canonical of two or more words + non-empty surname for people, allowed values of
enumerated columns, parent/country references, and surface forms shared by several
entities (reported; a COUNTRY/AGENCY surface shared across entities and not listed in
ambiguous.tsv is an error, PERSON-PERSON full-name clashes are only counted).
Exit status 1 when there is an error.
"""
import os
import re
import sys
from collections import defaultdict

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
VERBOSE = "--verbose" in sys.argv
GAZ = ARGS[0] if ARGS else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "gazetteers")
GAZ = os.path.normpath(GAZ)

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def read_tsv(path, required):
    rows = []
    header = None
    if not os.path.exists(path):
        err(f"{path}: missing")
        return rows
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.endswith("\r"):
                err(f"{path}:{n}: CR line ending")
                line = line.rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                missing = [c for c in required if c not in header]
                if missing:
                    err(f"{path}: header lacks columns {missing}")
                continue
            if len(cells) != len(header):
                err(f"{path}:{n}: {len(cells)} cells, header has {len(header)}")
                continue
            r = dict(zip(header, cells))
            r["_line"] = n
            rows.append(r)
    if header is None:
        err(f"{path}: no header")
    return rows


def split(v):
    return [] if v == "" else v.split("|")


def check_surfaces(path, r, cols):
    for c in cols:
        for s in split(r.get(c, "")):
            if s == "":
                err(f"{path}:{r['_line']}: empty |-element in {c}")
            elif s != s.strip():
                err(f"{path}:{r['_line']}: surrounding space in {c} {s!r}")
            elif any(ch in s for ch in "()[]\t"):
                err(f"{path}:{r['_line']}: bracket/tab in {c} {s!r}")


DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
SUBTYPES = {"igo", "igo_organ", "un_agency", "news_agency", "media", "ministry", "military", "intelligence",
            "government", "legislature", "court", "central_bank", "party", "other"}
POLICIES = {"skip", "exact_only", "not_person", "needs_context", "needs_country"}
TITLE_KINDS = {"honorific", "office", "military", "religious", "nobility"}

surface_owner = defaultdict(set)   # surface -> set of ids
counts = {}

# ---- countries
p = os.path.join(GAZ, "countries.tsv")
cols = ["id", "canonical", "aliases", "abbrevs", "demonyms", "capitals", "former"]
countries = read_tsv(p, cols)
ids = set()
for r in countries:
    if not re.fullmatch(r"C:[A-Z]{2}(-[A-Z0-9]{1,3})?", r["id"]):  # ISO 3166-1, or 3166-2 (C:GB-SCT)
        err(f"{p}:{r['_line']}: bad id {r['id']}")
    if r["id"] in ids:
        err(f"{p}:{r['_line']}: duplicate id {r['id']}")
    ids.add(r["id"])
    if not r["canonical"]:
        err(f"{p}:{r['_line']}: empty canonical")
    check_surfaces(p, r, cols[1:])
    for c in cols[1:]:
        for s in split(r[c]):
            surface_owner[s].add(r["id"])
counts["countries"] = len(countries)
country_isos = {r["id"][2:] for r in countries}

# ---- agencies
p = os.path.join(GAZ, "agencies.tsv")
cols = ["id", "canonical", "aliases", "abbrevs", "subtype", "country", "parent"]
agencies = read_tsv(p, cols)
aids = set()
for r in agencies:
    if not re.fullmatch(r"A:[A-Z0-9_]+", r["id"]):
        err(f"{p}:{r['_line']}: bad id {r['id']}")
    if r["id"] in aids:
        err(f"{p}:{r['_line']}: duplicate id {r['id']}")
    aids.add(r["id"])
    if not r["canonical"]:
        err(f"{p}:{r['_line']}: empty canonical")
    if r["subtype"] not in SUBTYPES:
        err(f"{p}:{r['_line']}: bad subtype {r['subtype']!r}")
    if r["country"] and r["country"] not in country_isos:
        err(f"{p}:{r['_line']}: unknown country {r['country']}")
    check_surfaces(p, r, ["canonical", "aliases", "abbrevs"])
    for c in ["canonical", "aliases", "abbrevs"]:
        for s in split(r[c]):
            surface_owner[s].add(r["id"])
for r in agencies:
    if r["parent"] and r["parent"] not in aids:
        err(f"{p}:{r['_line']}: unknown parent {r['parent']}")
counts["agencies"] = len(agencies)
sub_counts = defaultdict(int)
for r in agencies:
    sub_counts[r["subtype"]] += 1

# ---- people
p = os.path.join(GAZ, "people.tsv")
cols = ["id", "canonical", "aliases", "surname", "country", "titles", "valid_from", "valid_to"]
people = read_tsv(p, cols)
pids = set()
person_surface = defaultdict(set)
for r in people:
    if not re.fullmatch(r"P:([A-Z]{2}:)?[a-z0-9_]+", r["id"]):
        err(f"{p}:{r['_line']}: bad id {r['id']}")
    if r["id"] in pids:
        err(f"{p}:{r['_line']}: duplicate id {r['id']}")
    pids.add(r["id"])
    if len(r["canonical"].split()) < 2:
        err(f"{p}:{r['_line']}: canonical needs two or more words: {r['canonical']!r}")
    if not r["surname"]:
        err(f"{p}:{r['_line']}: empty surname")
    if r["country"] and r["country"] not in country_isos:
        err(f"{p}:{r['_line']}: unknown country {r['country']}")
    m = re.match(r"P:([A-Z]{2}):", r["id"])
    if m and r["country"] and m.group(1) != r["country"]:
        warn(f"{p}:{r['_line']}: id country {m.group(1)} != country {r['country']}")
    check_surfaces(p, r, ["canonical", "aliases", "surname", "titles"])
    for a in split(r["aliases"]):
        if len(a.split()) < 2:
            err(f"{p}:{r['_line']}: one-word alias {a!r}")
    vf, vt = r["valid_from"].split("|"), r["valid_to"].split("|")
    if len(vf) != len(vt):
        err(f"{p}:{r['_line']}: valid_from/valid_to counts differ")
    if r["valid_from"] == "" and r["valid_to"] != "":
        err(f"{p}:{r['_line']}: valid_to without valid_from")
    for d in vf + vt:
        if d and not DATE.match(d):
            err(f"{p}:{r['_line']}: bad date {d!r}")
    for a, b in zip(vf, vt):
        if a and b and b < a[:len(b)]:
            err(f"{p}:{r['_line']}: valid_to {b} before valid_from {a}")
    for s in [r["canonical"]] + split(r["aliases"]):
        person_surface[s].add(r["id"])
counts["people"] = len(people)

# ---- titles
p = os.path.join(GAZ, "titles.tsv")
titles = read_tsv(p, ["title", "abbrevs", "kind"])
tset = set()
for r in titles:
    if r["kind"] not in TITLE_KINDS:
        err(f"{p}:{r['_line']}: bad kind {r['kind']!r}")
    if r["title"] in tset:
        err(f"{p}:{r['_line']}: duplicate title {r['title']}")
    tset.add(r["title"])
    check_surfaces(p, r, ["title", "abbrevs"])
counts["titles"] = len(titles)
title_names = set(tset)
for r in titles:
    title_names.update(split(r["abbrevs"]))
unknown_titles = defaultdict(int)
for r in people:
    for t in split(r["titles"]):
        if t not in title_names:
            unknown_titles[t] += 1
if unknown_titles:
    warn(f"people titles not in titles.tsv: {dict(sorted(unknown_titles.items())[:30])}")

# ---- ambiguous
p = os.path.join(GAZ, "ambiguous.tsv")
amb = read_tsv(p, ["surface", "policy", "notes"])
amb_surfaces = set()
for r in amb:
    if r["policy"] not in POLICIES:
        err(f"{p}:{r['_line']}: bad policy {r['policy']!r}")
    if r["surface"] in amb_surfaces:
        err(f"{p}:{r['_line']}: duplicate surface {r['surface']}")
    amb_surfaces.add(r["surface"])
counts["ambiguous"] = len(amb)

# ---- cues
p = os.path.join(GAZ, "cues", "verbs.tsv")
verbs = read_tsv(p, ["lemma", "forms", "kind", "stance"])
seen = set()
for r in verbs:
    if r["kind"] not in {"speech", "belief"}:
        err(f"{p}:{r['_line']}: bad kind {r['kind']!r}")
    if r["lemma"] in seen:
        err(f"{p}:{r['_line']}: duplicate lemma {r['lemma']}")
    seen.add(r["lemma"])
    if not r["forms"]:
        err(f"{p}:{r['_line']}: no forms")
    check_surfaces(p, r, ["forms"])
counts["cues/verbs"] = len(verbs)
p = os.path.join(GAZ, "cues", "phrases.tsv")
phrases = read_tsv(p, ["phrase", "kind", "speaker_slot"])
seen = set()
for r in phrases:
    if r["kind"] not in {"indirect", "according_to", "nominal"}:
        err(f"{p}:{r['_line']}: bad kind {r['kind']!r}")
    if r["speaker_slot"] not in {"before", "after"}:
        err(f"{p}:{r['_line']}: bad speaker_slot {r['speaker_slot']!r}")
    if r["phrase"] in seen:
        err(f"{p}:{r['_line']}: duplicate phrase {r['phrase']}")
    seen.add(r["phrase"])
counts["cues/phrases"] = len(phrases)
p = os.path.join(GAZ, "cues", "nouns.tsv")
nouns = read_tsv(p, ["noun", "forms"])
counts["cues/nouns"] = len(nouns)
for r in nouns:
    check_surfaces(p, r, ["forms"])

# ---- given names
p = os.path.join(GAZ, "names", "given.tsv")
given = read_tsv(p, ["name", "sex", "percent"])
seen = set()
for r in given:
    if r["sex"] not in {"F", "M", "U"}:
        err(f"{p}:{r['_line']}: bad sex {r['sex']!r}")
    if r["name"] in seen:
        err(f"{p}:{r['_line']}: duplicate name {r['name']}")
    seen.add(r["name"])
counts["names/given"] = len(given)

# ---- extra top-level files (loaded by the type of their id prefix)
KNOWN = {"countries.tsv", "agencies.tsv", "people.tsv", "titles.tsv", "ambiguous.tsv"}
for fn in sorted(os.listdir(GAZ)):
    if fn.endswith(".tsv") and fn not in KNOWN:
        extra = read_tsv(os.path.join(GAZ, fn), ["id", "canonical"])
        counts[fn] = len(extra)

# ---- shared surfaces
shared_ca = {s: o for s, o in surface_owner.items() if len(o) > 1}
unlisted = {s: o for s, o in shared_ca.items() if s not in amb_surfaces}
for s, o in sorted(unlisted.items()):
    err(f"surface {s!r} shared by {sorted(o)} and not in ambiguous.tsv")
person_clash = {s: o for s, o in person_surface.items() if len(o) > 1}
cross = {s: (surface_owner[s], o) for s, o in person_surface.items() if s in surface_owner}
for s, (a, b) in sorted(cross.items()):
    warn(f"person name {s!r} of {sorted(b)} is also a surface of {sorted(a)}")

print("counts: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
print("agency subtypes: " + ", ".join(f"{k}={v}" for k, v in sorted(sub_counts.items())))
print(f"country/agency surfaces shared by several entities: {len(shared_ca)} "
      f"(all listed in ambiguous.tsv: {'yes' if not unlisted else 'NO'})")
for s, o in sorted(shared_ca.items()):
    print(f"  shared {s!r}: {' '.join(sorted(o))}")
print(f"person full names shared by several people: {len(person_clash)}")
if VERBOSE:
    for s, o in sorted(person_clash.items()):
        print(f"  person clash {s!r}: {' '.join(sorted(o))}")
amb_unused = sorted(s for s in amb_surfaces if s not in surface_owner and s not in person_surface)
print(f"ambiguous.tsv surfaces that are not gazetteer surfaces (policy notes only): {len(amb_unused)}")
for w in warnings[:40] if not VERBOSE else warnings:
    print("WARNING: " + w)
if len(warnings) > 40 and not VERBOSE:
    print(f"... {len(warnings) - 40} more warnings (--verbose)")
for e in errors:
    print("ERROR: " + e)
print(f"{len(errors)} errors, {len(warnings)} warnings")
sys.exit(1 if errors else 0)
