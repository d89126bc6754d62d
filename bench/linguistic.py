"""Throughput of the syntax-based extractors together, against TextBlob's parser in the same run.

Reads ``allsides_abp`` articles (title and text) from ``$FRAMING_DATA_DIR``: the
first ``--warm`` articles to warm up on, the next ``--n`` to measure (different
articles). Then on one core (one process, one thread):

* warm-up, timed on its own and printed as the *first-corpus* speed: the three
  extractors over the warm-up articles in a fresh process, whose per-word
  tables (tags, lemmas, chunk pieces, word flags, kept per distinct word) start
  empty; a long corpus fills them within its first few hundred articles;
* the baseline: ``textblob.en.parse(text, tokenize=True, tags=True, chunks=True)``
  over the title and text of every measured article (tokens, tags and chunks
  only; Pattern keeps no per-word tables);
* ours, the *steady-state* speed: ``LabelDiscovery`` (``fit`` then ``extract``),
  ``SourcingFeatures`` and ``AgencyFeatures`` (``fit`` then ``extract``,
  mentions included) over the measured articles, starting with empty parse and
  sentence caches, so each text is parsed once by :mod:`framing.text.parse` and
  the parse is shared by the three (as long as the corpus fits in the parse
  cache, 4,096 texts);
* the same three through :func:`framing.parallel.fit_extract_together` (what
  ``framing extract`` and runs do), which parses each text once for the fit
  and the extraction of all three however large the corpus (run with
  ``--n 3000`` to see the difference); it runs after the pass above, whose
  words are then in the per-word tables.

Prints articles per second for each, the time of each extractor (the first to
run pays for the parse), and the ratio ours / baseline. Target: 250 articles/s.
Usage::

    FRAMING_DATA_DIR=/path/to/datasets python bench/linguistic.py [--n 500] [--warm 500]

``--warm 0`` measures a fresh process on the measured articles themselves.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

TARGET = 250.0


def read_articles(n: int, skip: int = 0) -> pd.DataFrame:
    root = os.environ.get("FRAMING_DATA_DIR")
    if not root:
        sys.exit("set FRAMING_DATA_DIR to the folder holding allsides_abp/articles.jsonl.gz")
    path = Path(root) / "allsides_abp" / "articles.jsonl.gz"
    if not path.is_file():
        sys.exit(f"{path} not found: FRAMING_DATA_DIR must hold allsides_abp/articles.jsonl.gz")
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k < skip:
                continue
            rec = json.loads(line)
            rows.append({"doc_id": rec["id"], "title": rec.get("title") or "", "text": rec.get("text") or ""})
            if len(rows) >= n:
                break
    return pd.DataFrame(rows)


def clear_caches() -> None:
    """Empty the per-text caches (parses, sentence spans, label analyses and links) so each timed run starts afresh."""
    from framing.extract import labels
    from framing.text import parse, sentences

    for fn in (getattr(parse, "_parse_cached", None), getattr(sentences, "_spans_cached", None),
               getattr(labels, "_analyze_text", None), getattr(labels, "_link_keys", None)):
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=500, help="number of AllSides articles measured (default 500)")
    ap.add_argument("--warm", type=int, default=500,
                    help="number of other AllSides articles run first, to fill the per-word tables (default 500)")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    warm = read_articles(max(args.warm, 2))
    corpus = read_articles(args.n, skip=args.warm)
    n = len(corpus)
    fields = ("title", "text")
    texts = [t for f in fields for t in corpus[f] if t]

    from textblob.en import parse as tb_parse

    from framing.extract.agency import AgencyFeatures
    from framing.extract.sourcing import SourcingFeatures

    try:
        from framing.extract.labels import LabelDiscovery
    except ImportError:  # pragma: no cover - the bench runs without it
        LabelDiscovery = None

    def ours(X: pd.DataFrame, timings: list[tuple[str, float]]) -> float:
        """The three extractors, each fitted then extracting, on ``X``: seconds."""
        t_all = time.perf_counter()
        if LabelDiscovery is not None:
            t0 = time.perf_counter()
            LabelDiscovery(fields=fields).fit(X).extract(X)
            timings.append(("LabelDiscovery fit+extract (parses every text)", time.perf_counter() - t0))
        for name, est in (("SourcingFeatures", SourcingFeatures(fields=fields)),
                          ("AgencyFeatures", AgencyFeatures(fields=fields))):
            t0 = time.perf_counter()
            est.fit(X).extract(X)
            timings.append((f"{name} fit+extract", time.perf_counter() - t0))
        return time.perf_counter() - t_all

    # warm-up on other articles: lexicons, the tagger's lexicon, the per-word tables; TextBlob's lexicon
    tb_parse("Warm up the parser.", tokenize=True, tags=True, chunks=True)
    if args.warm == 0:
        ours(warm.head(2), [])  # lexicons only: the measured run starts with empty per-word tables
        t_first = None
    else:
        clear_caches()
        t_first = ours(warm, [])

    t0 = time.perf_counter()
    for t in texts:
        tb_parse(t, tokenize=True, tags=True, chunks=True)
    t_base = time.perf_counter() - t0

    clear_caches()
    timings: list[tuple[str, float]] = []
    t_ours = ours(corpus, timings)

    # the same through framing.parallel.fit_extract_together (what `framing extract` and runs do): the
    # articles batch by batch through the fit of LabelDiscovery and the two others, then LabelDiscovery
    # extracts from what it kept, so each text is parsed once even when the corpus is larger than the
    # parse cache (caches emptied again)
    from framing.parallel import fit_extract_together

    clear_caches()
    t0 = time.perf_counter()
    fit_extract_together([*([LabelDiscovery(fields=fields)] if LabelDiscovery is not None else []),
                          SourcingFeatures(fields=fields), AgencyFeatures(fields=fields)], corpus)
    t_together = time.perf_counter() - t0

    # the parse alone, for reference (caches emptied again)
    from framing.text.parse import parse_sentences

    clear_caches()
    t0 = time.perf_counter()
    for t in texts:
        parse_sentences(t)
    t_parse = time.perf_counter() - t0

    words = sum(len(t.split()) for t in texts)
    print(f"articles: {n} (AllSides, title + text; {words / n:.0f} words per article), "
          f"after {args.warm} other articles")
    if t_first is not None:
        print(f"first corpus in a fresh process ({len(warm)} other articles, empty per-word tables): "
              f"{len(warm) / t_first:.1f} articles/s ({t_first:.2f} s)")
    print(f"baseline textblob.en.parse (tokens, tags, chunks): {n / t_base:8.1f} articles/s  ({t_base:.2f} s)")
    print(f"framing.text.parse alone:                          {n / t_parse:8.1f} articles/s  ({t_parse:.2f} s)")
    print(f"three extractors together (one parse per text):    {n / t_ours:8.1f} articles/s  ({t_ours:.2f} s)")
    for name, dt in timings:
        print(f"  {name:<52s} {dt:6.2f} s")
    print(f"fit_extract_together (batches of 1000):            {n / t_together:8.1f} articles/s  ({t_together:.2f} s)")
    t_sa = sum(dt for name, dt in timings if not name.startswith("LabelDiscovery"))
    print(f"parse + SourcingFeatures + AgencyFeatures:         {n / (t_parse + t_sa):8.1f} articles/s  "
          f"({t_parse + t_sa:.2f} s; ratio to baseline {t_base / (t_parse + t_sa):.2f})")
    print(f"ratio ours / baseline: {t_base / t_ours:.2f}  (target {TARGET:.0f} articles/s: "
          f"{'met' if n / t_ours >= TARGET else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
