#!/usr/bin/env python3
"""The project's own gold files: who is mentioned (identity) and who claimed
what (attribution), for articles of ../shared/corpus/news.jsonl.

The gold files in tests/gold/ hold ids and code-point offsets only, never
article text; this tool reads the text from the corpus. Annotation happens in
working files (kept out of the repository) that name spans by their text and
occurrence, so that nobody counts characters by hand:

  identity work file:  article_id <TAB> surface <TAB> nth <TAB> entity_id
  claims work file:    article_id <TAB> content_first <TAB> nth <TAB> content_last
                       <TAB> kind <TAB> speaker <TAB> speaker_nth <TAB> speaker_entity
                       <TAB> negated

`nth` is the 1-based occurrence of `surface` (or `content_first`) among the
word-bounded occurrences in the article text; `content_last` is the first
occurrence ending the content at or after its start; `speaker_nth` likewise
for the speaker phrase (empty speaker: no speaker in the text).

Scoring: a predicted mention is right when it overlaps a gold mention and
has its entity id. A predicted claim matches a gold claim when it covers at
least half of the gold content's non-space characters (one-to-one, greedily
by coverage, as ../shared/eval/score_claims.py does); its speaker is right
when it has the gold referent's id (P:, C:, A:, P~), or, for an organisation
no gazetteer holds (A~) or an unnamed source, when it is unresolved and its
span overlaps the gold speaker's.

usage:
  gold.py show ARTICLE_ID                      the text, with character offsets per line
  gold.py pre-identity OUT_DIR ID...           work lines from a claimex run (to correct)
  gold.py pre-claims OUT_DIR ID...             work lines from a claimex run (to correct)
  gold.py resolve-identity WORK.tsv            work file -> gold rows (offsets), checked
  gold.py resolve-claims WORK.tsv              work file -> gold rows (offsets), checked
  gold.py unresolve-identity GOLD.tsv          gold rows -> work lines (to review or edit)
  gold.py unresolve-claims GOLD.tsv            gold rows -> work lines
  gold.py ids GOLD.tsv                         the article ids of a gold file
  gold.py extract GOLD.tsv OUT.jsonl           the gold articles as a JSON Lines input
  gold.py score-identity GOLD.tsv OUT_DIR [--show-errors N] [--min-p P] [--min-r R]
  gold.py score-claims GOLD.tsv OUT_DIR [--show-errors N] [--min-f F]

Set CLAIMEX_CORPUS to read another corpus file.
"""
import collections
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get(
    "CLAIMEX_CORPUS", os.path.join(HERE, "..", "..", "..", "shared", "corpus", "news.jsonl")
)
WORD = re.compile(r"\w", re.UNICODE)


def die(msg):
    print(f"gold.py: {msg}", file=sys.stderr)
    sys.exit(2)


_texts = None


def texts():
    global _texts
    if _texts is None:
        if not os.path.exists(CORPUS):
            die(f"{CORPUS} not found")
        _texts = {}
        for line in open(CORPUS, encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                _texts[r["id"]] = r["text"]
    return _texts


def text_of(aid):
    t = texts().get(aid)
    if t is None:
        die(f"no article {aid} in {CORPUS}")
    return t


def bounded(t, s, e):
    """Is t[s:e] word-bounded (no word character glued on either side)?"""
    before = s == 0 or not (WORD.match(t[s - 1]) and WORD.match(t[s]))
    after = e >= len(t) or not (WORD.match(t[e - 1]) and WORD.match(t[e]))
    return before and after


def occurrences(t, needle):
    out, i = [], t.find(needle)
    while i >= 0 and needle:
        if bounded(t, i, i + len(needle)):
            out.append(i)
        i = t.find(needle, i + 1)
    return out


def nth_of(t, needle, start):
    occ = occurrences(t, needle)
    return occ.index(start) + 1 if start in occ else 0


def locate(t, needle, nth, where):
    occ = occurrences(t, needle)
    if not 1 <= nth <= len(occ):
        die(f"{where}: {needle!r} occurs {len(occ)} times (word-bounded), not {nth}")
    return occ[nth - 1]


def read_tsv(path):
    rows = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((n, line.split("\t")))
    return rows


# ---- identity -------------------------------------------------------------

ID_HEADER = ["article_id", "start", "end", "entity_id"]


def resolve_identity(path):
    out = []
    seen = set()
    for n, cells in read_tsv(path):
        if cells[0] == "article_id":
            continue
        if len(cells) < 4:
            die(f"{path}:{n}: want 4 fields, got {len(cells)}")
        aid, surface, nth, eid = cells[:4]
        t = text_of(aid)
        try:
            nth = int(nth)
        except ValueError:
            die(f"{path}:{n}: nth {nth!r} is not a number")
        s = locate(t, surface, nth, f"{path}:{n}")
        e = s + len(surface)
        if not re.fullmatch(r"(P|C|A)(:|~)[A-Za-z0-9_.:-]+", eid):
            die(f"{path}:{n}: bad entity id {eid!r}")
        if (aid, s) in seen:
            die(f"{path}:{n}: a second mention at {aid} {s}")
        seen.add((aid, s))
        out.append((aid, s, e, eid))
    order = {a: i for i, a in enumerate(texts())}
    out.sort(key=lambda r: (order[r[0]], r[1]))
    for a, b in zip(out, out[1:]):
        if a[0] == b[0] and b[1] < a[2]:
            die(f"overlapping gold mentions in {a[0]} at {a[1]} and {b[1]}")
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(ID_HEADER)
    for r in out:
        w.writerow(r)


def gold_identity(path):
    rows = []
    for n, cells in read_tsv(path):
        if cells[0] == "article_id":
            continue
        rows.append((cells[0], int(cells[1]), int(cells[2]), cells[3]))
    return rows


def unresolve_identity(path):
    for aid, s, e, eid in gold_identity(path):
        t = text_of(aid)
        print(f"{aid}\t{t[s:e]}\t{nth_of(t, t[s:e], s)}\t{eid}")


def read_csv(out_dir, name):
    p = os.path.join(out_dir, name)
    with open(p, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def cell(s):
    """A CSV cell as the article has it: the spreadsheet guard's ' removed."""
    return s[1:] if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@", "\t", "\r") else s


def pre_identity(out_dir, ids):
    want = set(ids)
    for r in read_csv(out_dir, "mentions.csv"):
        aid = cell(r["article_id"])
        if aid not in want:
            continue
        t = text_of(aid)
        s, e = int(r["start"]), int(r["end"])
        print(f"{aid}\t{t[s:e]}\t{nth_of(t, t[s:e], s)}\t{r['entity_id']}")


def norm_found(eid):
    """P~ ids compare by their slug; A~ likewise."""
    return eid


def score_identity(gold_path, out_dir, show, min_p, min_r):
    gold = gold_identity(gold_path)
    arts = {g[0] for g in gold}
    pred = []
    for r in read_csv(out_dir, "mentions.csv"):
        aid = cell(r["article_id"])
        if aid in arts:
            pred.append((aid, int(r["start"]), int(r["end"]), r["entity_id"], r["how"]))
    by_art = collections.defaultdict(list)
    for g in gold:
        by_art[g[0]].append(g)
    used = set()
    tp = 0
    wrong = []  # (pred, gold) same span, other entity
    fp = []
    for p in pred:
        cands = [g for g in by_art[p[0]] if g[1] < p[2] and p[1] < g[2] and g not in used]
        if not cands:
            fp.append(p)
            continue
        g = max(cands, key=lambda g: min(g[2], p[2]) - max(g[1], p[1]))
        used.add(g)
        if norm_found(g[3]) == norm_found(p[3]):
            tp += 1
        else:
            wrong.append((p, g))
    fn = [g for g in gold if g not in used]
    npred, ngold = len(pred), len(gold)
    P = tp / npred if npred else 0.0
    R = tp / ngold if ngold else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    print(
        f"identity: {len(arts)} articles, {ngold} gold mentions, {npred} predicted; "
        f"P={P:.3f} R={R:.3f} F1={F:.3f} (right id {tp}, wrong id {len(wrong)}, "
        f"not a mention {len(fp)}, missed {len(fn)})"
    )
    # Per type of the gold entity.
    for kind in "PCA":
        g_k = [g for g in gold if g[3][0] == kind]
        p_k = [p for p in pred if p[3][0] == kind]
        ok = sum(1 for p in p_k if any(
            g[3] == p[3] and g[1] < p[2] and p[1] < g[2] for g in by_art[p[0]]))
        got = sum(1 for g in g_k if any(
            g[3] == p[3] and g[1] < p[2] and p[1] < g[2] for p in pred if p[0] == g[0]))
        name = {"P": "PERSON", "C": "COUNTRY", "A": "AGENCY"}[kind]
        print(f"  {name:8} P={ok / len(p_k) if p_k else 0:.3f} ({len(p_k)})  "
              f"R={got / len(g_k) if g_k else 0:.3f} ({len(g_k)})")
    if show:
        def ctx(aid, s, e):
            t = text_of(aid)
            return (t[max(0, s - 60):s] + "[[" + t[s:e] + "]]" + t[e:e + 40]).replace("\n", " ")
        print("\n-- wrong id (predicted -> gold)")
        for p, g in wrong[:show]:
            print(f"  {p[0]} {p[3]} ({p[4]}) -> {g[3]}: {ctx(p[0], p[1], p[2])}")
        print("\n-- not a gold mention")
        for p in fp[:show]:
            print(f"  {p[0]} {p[3]} ({p[4]}): {ctx(p[0], p[1], p[2])}")
        print("\n-- missed")
        for g in fn[:show]:
            print(f"  {g[0]} {g[3]}: {ctx(g[0], g[1], g[2])}")
    if (min_p is not None and P < min_p) or (min_r is not None and R < min_r):
        print(f"identity below the floor (P >= {min_p}, R >= {min_r})")
        sys.exit(1)


# ---- claims ---------------------------------------------------------------

CL_HEADER = [
    "article_id", "start", "end", "kind", "speaker_start", "speaker_end",
    "speaker_entity_id", "negated",
]
KINDS = {"direct", "indirect", "according_to", "nominal", "mixed"}


def resolve_claims(path):
    out = []
    for n, cells in read_tsv(path):
        if cells[0] == "article_id":
            continue
        cells += [""] * (9 - len(cells))
        aid, first, nth, last, kind, sp, sp_nth, sp_eid, neg = cells[:9]
        where = f"{path}:{n}"
        t = text_of(aid)
        try:
            nth = int(nth)
        except ValueError:
            die(f"{where}: nth {nth!r} is not a number")
        s = locate(t, first, nth, where)
        e = t.find(last, max(s, s + len(first) - len(last))) if last else -1
        if e < 0 or not last:
            die(f"{where}: content end {last!r} not found after its start")
        e += len(last)
        if kind not in KINDS:
            die(f"{where}: kind {kind!r} not one of {sorted(KINDS)}")
        if neg not in ("true", "false"):
            die(f"{where}: negated {neg!r} is not true or false")
        if sp:
            try:
                sn = int(sp_nth)
            except ValueError:
                die(f"{where}: speaker_nth {sp_nth!r} is not a number")
            ss = locate(t, sp, sn, where)
            se = ss + len(sp)
        else:
            ss = se = ""
            if sp_eid:
                pass  # a speaker known from context (floating quote) without a span
        if sp_eid and not re.fullmatch(r"(P|C|A)(:|~)[A-Za-z0-9_.:-]+", sp_eid):
            die(f"{where}: bad speaker entity id {sp_eid!r}")
        out.append((aid, s, e, kind, ss, se, sp_eid, neg))
    order = {a: i for i, a in enumerate(texts())}
    out.sort(key=lambda r: (order[r[0]], r[1], r[2]))
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(CL_HEADER)
    for r in out:
        w.writerow(r)


def gold_claims(path):
    rows = []
    for n, cells in read_tsv(path):
        if cells[0] == "article_id":
            continue
        aid, s, e, kind, ss, se, eid, neg = cells[:8]
        rows.append((aid, int(s), int(e), kind, int(ss) if ss else None,
                     int(se) if se else None, eid, neg))
    return rows


def snippet_bounds(t, s, e, words=6):
    """First and last few words of t[s:e] as exact strings."""
    seg = t[s:e]
    ws = list(re.finditer(r"\S+", seg))
    if len(ws) <= words:
        return seg, seg[-min(len(seg), 40):] if len(seg) > 40 else seg
    first = seg[: ws[words - 1].end()]
    last = seg[ws[-words].start():]
    return first, last


def claim_work_line(aid, s, e, kind, ss, se, eid, neg):
    t = text_of(aid)
    first, last = snippet_bounds(t, s, e)
    n = nth_of(t, first, s)
    if n == 0:  # not word-bounded: take the whole first word run
        first = t[s:e]
        n = nth_of(t, first, s)
    sp = t[ss:se] if ss is not None else ""
    sn = nth_of(t, sp, ss) if sp else ""
    return f"{aid}\t{first}\t{n}\t{last}\t{kind}\t{sp}\t{sn}\t{eid}\t{neg}"


def pre_claims(out_dir, ids):
    want = set(ids)
    for r in read_csv(out_dir, "claims.csv"):
        aid = cell(r["article_id"])
        if aid not in want:
            continue
        ss = int(r["speaker_start"]) if r["speaker_start"] else None
        se = int(r["speaker_end"]) if r["speaker_end"] else None
        print(claim_work_line(aid, int(r["start"]), int(r["end"]), r["kind"], ss, se,
                              r["speaker_entity_id"], r.get("negated") or "false"))


def unresolve_claims(path):
    for row in gold_claims(path):
        print(claim_work_line(*row))


def nonspace(t, s, e):
    return {i for i in range(s, e) if not t[i].isspace()}


def score_claims(gold_path, out_dir, show, min_f):
    gold = gold_claims(gold_path)
    arts = {g[0] for g in gold}
    pred = []
    for r in read_csv(out_dir, "claims.csv"):
        aid = cell(r["article_id"])
        if aid in arts:
            pred.append((aid, int(r["start"]), int(r["end"]), r["kind"],
                         int(r["speaker_start"]) if r["speaker_start"] else None,
                         int(r["speaker_end"]) if r["speaker_end"] else None,
                         r["speaker_entity_id"], r.get("negated", ""), r["speaker_how"]))
    # One-to-one, greedily by the share of the gold content covered (>= 0.5).
    pairs = []
    for pi, p in enumerate(pred):
        t = text_of(p[0])
        pc = nonspace(t, p[1], p[2])
        for gi, g in enumerate(gold):
            if g[0] != p[0] or g[2] <= p[1] or p[2] <= g[1]:
                continue
            gc = nonspace(t, g[1], g[2])
            cov = len(gc & pc) / len(gc) if gc else 0
            if cov >= 0.5:
                pairs.append((cov, len(gc & pc) / len(pc) if pc else 0, pi, gi))
    pairs.sort(reverse=True)
    mp, mg, match = set(), set(), []
    for cov, inside, pi, gi in pairs:
        if pi in mp or gi in mg:
            continue
        mp.add(pi)
        mg.add(gi)
        match.append((pi, gi))

    def overlaps(p, g):
        return p[4] is not None and g[4] is not None and p[4] < g[5] and g[4] < p[5]

    def speaker_right(p, g):
        # A referent in a gazetteer (P:, C:, A:) or a person found from
        # context (P~): the same id.
        if g[6] and not g[6].startswith("A~"):
            return p[6] == g[6]
        # An organisation no gazetteer holds (A~): unresolved, with the
        # source's span (or, for a quote continued from the paragraph
        # before, a speaker carried over whose words name it).
        if g[6]:
            if p[6]:
                return False
            if g[4] is not None:
                return overlaps(p, g)
            words = set(g[6][2:].split("_"))
            said = text_of(p[0])[p[4]:p[5]].lower() if p[4] is not None else ""
            return bool(words & set(re.findall(r"\w+", said)))
        # No referent (an unnamed source): the speaker's span.
        if g[4] is None:
            return p[4] is None
        return overlaps(p, g)

    sp_ok = [(pi, gi) for pi, gi in match if speaker_right(pred[pi], gold[gi])]
    neg_ok = sum(1 for pi, gi in match if (pred[pi][7] or "false") == gold[gi][7])

    def prf(tp):
        P = tp / len(pred) if pred else 0.0
        R = tp / len(gold) if gold else 0.0
        return P, R, (2 * P * R / (P + R) if P + R else 0.0)

    cP, cR, cF = prf(len(match))
    eP, eR, eF = prf(len(sp_ok))
    acc = len(sp_ok) / len(match) if match else 0.0
    print(f"claims: {len(arts)} articles, {len(gold)} gold claims, {len(pred)} predicted")
    print(f"  content      P={cP:.3f} R={cR:.3f} F1={cF:.3f}")
    print(f"  speaker accuracy (matched) {acc:.3f}; negated agrees {neg_ok}/{len(match)}")
    print(f"  end to end   P={eP:.3f} R={eR:.3f} F1={eF:.3f}")
    kinds = collections.Counter(g[3] for g in gold)
    got = collections.Counter(gold[gi][3] for _, gi in match)
    print("  recall by gold kind: " + ", ".join(
        f"{k} {got[k]}/{kinds[k]}" for k in sorted(kinds)))
    if show:
        def ctx(aid, s, e, w=60):
            t = text_of(aid)
            return (t[max(0, s - w):s] + "[[" + t[s:e] + "]]" + t[e:e + w]).replace("\n", " ")

        def sp_text(aid, s, e):
            return text_of(aid)[s:e] if s is not None else ""
        print("\n-- wrong speaker (predicted -> gold)")
        for pi, gi in match:
            p, g = pred[pi], gold[gi]
            if (pi, gi) not in sp_ok:
                print(f"  {p[0]} {sp_text(p[0], p[4], p[5])!r} {p[6]} ({p[8]}) -> "
                      f"{sp_text(g[0], g[4], g[5])!r} {g[6]}: {ctx(p[0], p[1], p[2], 30)[:300]}")
        print("\n-- negated differs (predicted -> gold)")
        for pi, gi in match:
            p, g = pred[pi], gold[gi]
            if (p[7] or "false") != g[7]:
                print(f"  {p[0]} {p[7] or 'false'} -> {g[7]}: {ctx(p[0], p[1], p[2], 40)[:300]}")
        print("\n-- predicted, not gold")
        for pi, p in enumerate(pred):
            if pi not in mp:
                print(f"  {p[0]} {p[3]} {sp_text(p[0], p[4], p[5])!r}: "
                      f"{ctx(p[0], p[1], p[2], 30)[:300]}")
        print("\n-- gold, missed")
        for gi, g in enumerate(gold):
            if gi not in mg:
                print(f"  {g[0]} {g[3]} {sp_text(g[0], g[4], g[5])!r} {g[6]}: "
                      f"{ctx(g[0], g[1], g[2], 30)[:300]}")
    if min_f is not None and eF < min_f:
        print(f"claims end-to-end F1 below the floor {min_f}")
        sys.exit(1)


def ids_of(path):
    seen = []
    for n, cells in read_tsv(path):
        if cells[0] != "article_id" and cells[0] not in seen:
            seen.append(cells[0])
    return seen


def extract(path, out):
    want = set(ids_of(path))
    with open(out, "w", encoding="utf-8") as f:
        for line in open(CORPUS, encoding="utf-8"):
            if line.strip() and json.loads(line)["id"] in want:
                f.write(line if line.endswith("\n") else line + "\n")


def show(aid):
    t = text_of(aid)
    pos = 0
    for line in t.split("\n"):
        print(f"{pos:6d}| {line}")
        pos += len(line) + 1


def opt(args, name, conv, default=None):
    if name in args:
        i = args.index(name)
        v = conv(args[i + 1])
        del args[i:i + 2]
        return v
    return default


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    cmd, args = args[0], args[1:]
    show_n = opt(args, "--show-errors", int, 0)
    min_p = opt(args, "--min-p", float)
    min_r = opt(args, "--min-r", float)
    min_f = opt(args, "--min-f", float)
    if cmd == "show":
        show(args[0])
    elif cmd == "pre-identity":
        pre_identity(args[0], args[1:])
    elif cmd == "pre-claims":
        pre_claims(args[0], args[1:])
    elif cmd == "resolve-identity":
        resolve_identity(args[0])
    elif cmd == "resolve-claims":
        resolve_claims(args[0])
    elif cmd == "unresolve-identity":
        unresolve_identity(args[0])
    elif cmd == "unresolve-claims":
        unresolve_claims(args[0])
    elif cmd == "ids":
        print("\n".join(ids_of(args[0])))
    elif cmd == "extract":
        extract(args[0], args[1])
    elif cmd == "score-identity":
        score_identity(args[0], args[1], show_n, min_p, min_r)
    elif cmd == "score-claims":
        score_claims(args[0], args[1], show_n, min_f)
    else:
        die(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
