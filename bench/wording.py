"""Throughput of WordingFeatures with every shipped lexicon, against a naive regex baseline.

Reads ``allsides_abp`` articles (title and text, as distributed) from
``$FRAMING_DATA_DIR``, then on one core, in the same run:

* ``WordingFeatures(...).transform`` (one Aho-Corasick pass per field, no
  sentence splitting) and ``.extract`` (with the mentions table, sentence ids
  computed for fields with hits);
* the baseline: one ``re.finditer`` per variant per field with the same word
  boundaries and case rules (no overlap resolution), on a smaller sample since
  it is slow.

Prints articles per second of CPU time (``time.process_time``: one core, and
steadier than wall time on a shared machine; wall-clock rates are printed too)
and the ratios. Usage::

    FRAMING_DATA_DIR=/path/to/datasets python bench/wording.py [--n 5000] [--baseline-n 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd

from framing.extract.wording import WordingFeatures, load_lexicons
from framing.lexicons import available_lexicons

TARGET = 5000.0


def read_articles(n: int) -> pd.DataFrame:
    root = os.environ.get("FRAMING_DATA_DIR")
    if not root:
        sys.exit("set FRAMING_DATA_DIR to the folder holding allsides_abp/articles.jsonl.gz")
    rows = []
    with gzip.open(Path(root) / "allsides_abp" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            rows.append({"doc_id": rec["id"], "title": rec.get("title") or "", "text": rec.get("text") or ""})
            if len(rows) >= n:
                break
    return pd.DataFrame(rows)


def baseline_patterns(names: list[str]) -> list[re.Pattern[str]]:
    patterns = []
    for lex in load_lexicons(names):
        for concept in lex.concepts.values():
            for label in concept.labels.values():
                for v in label.variants:
                    body = r"\s".join(re.escape(w) for w in v.phrase.split(" "))
                    flags = 0 if v.case_sensitive else re.IGNORECASE
                    patterns.append(re.compile(rf"(?<!\w){body}(?!\w)", flags))
    return patterns


def baseline(corpus: pd.DataFrame, patterns: list[re.Pattern[str]]) -> int:
    hits = 0
    for title, text in zip(corpus["title"], corpus["text"]):
        for field in (title, text):
            for p in patterns:
                for _ in p.finditer(field):
                    hits += 1
    return hits


WALL: dict[str, float] = {}


def timed(fn, *args):
    """Run ``fn(*args)``; return its result and the CPU seconds it took (wall seconds go to WALL)."""
    w0, t0 = time.perf_counter(), time.process_time()
    out = fn(*args)
    WALL[getattr(fn, "__name__", "fn")] = time.perf_counter() - w0
    return out, time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="articles for WordingFeatures")
    ap.add_argument("--baseline-n", type=int, default=200, help="articles for the regex baseline")
    args = ap.parse_args()

    corpus = read_articles(args.n)
    names = available_lexicons()
    chars = int(corpus["text"].str.len().mean())
    print(f"allsides_abp: {len(corpus)} articles, mean {chars} characters of text; lexicons: {', '.join(names)}")

    wf = WordingFeatures(lexicons=names, normalize="per_1k_words", fields=("title", "text")).fit(corpus.head(1))
    print(f"phrases in the one matcher: {len(wf.matcher_)}; feature columns: {len(wf.feature_names_)}")
    wf.transform(corpus.head(20))  # warm-up: builds the automaton
    _, t_transform = timed(wf.transform, corpus)
    sub = corpus.head(max(1, args.n // 5))
    (_, mentions), t_extract = timed(wf.extract, sub)

    patterns = baseline_patterns(names)
    base = corpus.head(args.baseline_n)
    _, t_base = timed(baseline, base, patterns)

    rate_transform = len(corpus) / t_transform
    rate_extract = len(sub) / t_extract
    rate_base = len(base) / t_base
    print(f"WordingFeatures.transform : {rate_transform:9.1f} articles/s ({len(corpus)} articles, {t_transform:.2f} s CPU, "
          f"{len(corpus) / WALL['transform']:.1f}/s wall)")
    print(f"WordingFeatures.extract   : {rate_extract:9.1f} articles/s ({len(sub)} articles, {len(mentions)} mentions, "
          f"{len(sub) / WALL['extract']:.1f}/s wall)")
    print(f"baseline re.finditer loop : {rate_base:9.1f} articles/s ({len(base)} articles, {len(patterns)} patterns, "
          f"{len(base) / WALL['baseline']:.1f}/s wall)")
    print(f"ratio transform/baseline  : {rate_transform / rate_base:9.1f}x")
    print(f"ratio extract/baseline    : {rate_extract / rate_base:9.1f}x")
    status = "meets" if rate_transform >= TARGET else "BELOW"
    print(f"target {TARGET:.0f} articles/s (CPU) for transform: {status}")


if __name__ == "__main__":
    main()
