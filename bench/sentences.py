"""Benchmark the sentence splitter against gold sentence offsets.

Compares :func:`framing.text.sentences.sentence_spans` and a plain
abbreviation-aware regex baseline (measured in the same run) with the gold
sentence offsets shipped by BASIL (primary) and PAC (secondary):

* boundary precision / recall / F1 (:func:`framing.text.sentences.boundary_scores`;
  a boundary is a sentence end offset after trailing white space is stripped),
  over all boundaries and over *inner* boundaries only (those followed by more
  text on the same line, i.e. not a paragraph end or the end of the text);
* sentences per second (gold sentences of the corpus / best wall time of
  ``--repeat`` passes, LRU cache cleared before each pass);
* the cost of splitting relative to TextBlob per-sentence sentiment on the same
  texts (a ratio measured in the same run).

Run::

    export FRAMING_DATA_DIR=/work/shared/datasets
    .venv/bin/python bench/sentences.py            # scores + speed
    .venv/bin/python bench/sentences.py --show 20  # plus 20 sampled disagreements
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from pathlib import Path

from framing.text import sentences as sm

# --------------------------------------------------------------------------- baseline
_BASE_ABBREV = sm.TITLES | sm.ABBREVIATIONS | sm.NUMBER_ABBREVIATIONS
_BASE = re.compile(r"(?<!\S)(\S*?)[.!?]+[\"'”’)\]]*(?=(\s+)[\"'“‘(\[]?[A-Z0-9])")


def baseline_spans(text: str) -> list[tuple[int, int]]:
    """Plain abbreviation-aware regex: split after . ! ? (+ closing quotes) when
    white space and a capital or digit follow, unless the token before is a
    known abbreviation or a single capital initial."""
    spans = []
    start = len(text) - len(text.lstrip())
    stop = len(text.rstrip())
    for m in _BASE.finditer(text):
        tok = m.group(1).lstrip("\"'“‘([")
        if tok in _BASE_ABBREV or (len(tok) == 1 and tok.isupper()):
            continue
        spans.append((start, m.end()))
        start = m.end() + len(m.group(2))
    if start < stop:
        spans.append((start, stop))
    return spans


# --------------------------------------------------------------------------- data
def load(data_dir: Path, name: str) -> tuple[list[str], list[list[tuple[int, int]]]]:
    path = data_dir / name / "articles.jsonl.gz"
    if not path.is_file():
        sys.exit(f"{path} not found: set FRAMING_DATA_DIR to the shared datasets folder")
    texts, gold = [], []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            texts.append(rec["text"])
            gold.append([(s["start"], s["end"]) for s in rec["sentences"]])
    return texts, gold


_WS = re.compile(r"\s*")


def inner_only(spans_list, texts):
    """Keep spans whose stripped end is followed by more text on the same line."""
    out = []
    for spans, text in zip(spans_list, texts):
        stop = len(text.rstrip())
        keep = []
        for s, e in spans:
            e = s + len(text[s:e].rstrip())
            if e < stop and "\n" not in _WS.match(text, e).group():
                keep.append((s, e))
        out.append(keep)
    return out


def timed(fn, texts, repeat):
    best = float("inf")
    for _ in range(repeat):
        sm._spans_cached.cache_clear()
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def show(texts, pred, gold, n, seed=0):
    rows = []
    for i, (text, p, g) in enumerate(zip(texts, pred, gold)):
        pe = sm._ends(p, text)
        ge = sm._ends(g, text)
        rows += [("FP", i, e) for e in sorted(pe - ge)]
        rows += [("FN", i, e) for e in sorted(ge - pe)]
    random.Random(seed).shuffle(rows)
    print(f"\n{len(rows)} disagreements; sample of {min(n, len(rows))}:")
    for kind, i, e in sorted(rows[:n]):
        text = texts[i]
        left = text[max(0, e - 70) : e].replace("\n", "¶")
        right = text[e : e + 50].replace("\n", "¶")
        print(f"  {kind} doc {i:3d} @{e:5d}: …{left}‖{right}…")


def report(label, texts, gold, repeat):
    n_sent = sum(len(g) for g in gold)
    rows = []
    for name, fn in (("framing", sm.sentence_spans), ("baseline regex", baseline_spans)):
        pred = [fn(t) for t in texts]
        s_all = sm.boundary_scores(pred, gold, texts)
        s_in = sm.boundary_scores(inner_only(pred, texts), inner_only(gold, texts), texts)
        secs = timed(fn, texts, repeat)
        rows.append((name, s_all, s_in, n_sent / secs))
    print(f"\n{label}: {len(texts)} articles, {n_sent} gold sentences")
    print(f"  {'splitter':<15} {'P':>6} {'R':>6} {'F1':>6} | {'inner P':>7} {'R':>6} {'F1':>6} | sentences/s")
    for name, a, b, sps in rows:
        print(
            f"  {name:<15} {a['precision']:6.4f} {a['recall']:6.4f} {a['f1']:6.4f} | "
            f"{b['precision']:7.4f} {b['recall']:6.4f} {b['f1']:6.4f} | {sps:11,.0f}"
        )
    print(f"  speed ratio framing / baseline: {rows[0][3] / rows[1][3]:.2f}")
    return rows


def textblob_ratio(texts, n_docs):
    try:
        from textblob import TextBlob
    except ImportError:  # pragma: no cover
        print("\nTextBlob not installed: skipping the sentiment cost comparison")
        return
    texts = texts[:n_docs]
    sm._spans_cached.cache_clear()
    t0 = time.perf_counter()
    spans = [sm.sentence_spans(t) for t in texts]
    split_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t, sp in zip(texts, spans):
        for s, e in sp:
            TextBlob(t[s:e]).sentiment
    blob_s = time.perf_counter() - t0
    n = sum(len(s) for s in spans)
    print(
        f"\nTextBlob per-sentence sentiment on {len(texts)} articles ({n} sentences): "
        f"{blob_s:.2f} s; splitting them: {split_s * 1000:.1f} ms "
        f"({100 * split_s / blob_s:.2f} % of the sentiment time)"
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print N sampled BASIL disagreements")
    ap.add_argument("--repeat", type=int, default=5, help="timing passes (best is kept)")
    ap.add_argument("--textblob-docs", type=int, default=50, help="articles for the TextBlob ratio (0: skip)")
    args = ap.parse_args(argv)
    value = os.environ.get("FRAMING_DATA_DIR")
    if not value:
        sys.exit("set FRAMING_DATA_DIR to the shared datasets folder")
    data_dir = Path(value)

    texts, gold = load(data_dir, "basil")
    report("BASIL", texts, gold, args.repeat)
    if args.show:
        show(texts, [sm.sentence_spans(t) for t in texts], gold, args.show)
    ptexts, pgold = load(data_dir, "pac")
    report("PAC", ptexts, pgold, args.repeat)
    if args.textblob_docs:
        textblob_ratio(texts, args.textblob_docs)


if __name__ == "__main__":
    main()
