"""Throughput of the syntax-based extractors together, against TextBlob's parser in the same run.

Reads ``allsides_abp`` articles (title and text) from ``$FRAMING_DATA_DIR``: the
first ``--warm`` articles to warm up on, then ``--rounds`` rounds of ``--n``
articles to measure (each round on the next ``--n``, all different articles).
On one core (one process, one thread):

* warm-up, timed on its own and printed as the *first-corpus* speed: the three
  extractors over the warm-up articles in a fresh process, whose per-word
  tables (tags, lemmas, chunk pieces, word flags, kept per distinct word) start
  empty; they fill fast at first, then keep growing by the words each new
  article brings (some 13,000 new token texts per 500 articles after the first
  500);
* then, in each round, the baseline:
  ``textblob.en.parse(text, tokenize=True, tags=True, chunks=True)`` over the
  title and text of every article of the round (tokens, tags and chunks only;
  Pattern keeps no per-word tables);
* ours: ``LabelDiscovery`` (``fit`` then ``extract``),
  ``SourcingFeatures`` and ``AgencyFeatures`` (``fit`` then ``extract``,
  mentions included) over the round's articles, starting with empty parse and
  sentence caches, so each text is parsed once by :mod:`framing.text.parse` and
  the parse is shared by the three (as long as the corpus fits in the parse
  cache, 4,096 texts);
* the same three through :func:`framing.parallel.fit_extract_together` (what
  ``framing extract`` and runs do), which parses each text once for the fit
  and the extraction of all three however large the corpus (run with
  ``--n 3000`` to see the difference); it runs after the pass above, whose
  words are then in the per-word tables (a second pass: on fresh articles it
  runs as fast as the three one after the other);
* the parse alone (``parse_sentences``, which also makes a ``Token`` with its
  lemma for every token; the extractors read the parse's columns instead).

Prints articles per second for each in each round and their median, the time
of each extractor (the first to run pays for the parse), and the ratio ours /
baseline. Target: 250 articles/s, judged on the median of the rounds (a shared
machine's speed drifts within a minute; each round's baseline is measured just
before it, so the ratios are the steadier figures). Usage::

    FRAMING_DATA_DIR=/path/to/datasets python bench/linguistic.py [--n 500] [--warm 500] [--rounds 3]

``--warm 0`` measures a fresh process on the measured articles themselves.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

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

    parse.clear_cache()
    for cached in (sentences._spans_cached, labels._analyze_text, labels._link_keys):
        cached.cache_clear()


class Round(NamedTuple):
    """Articles per second of one round, the ratios to its baseline and the seconds of each extractor."""

    base: float
    parse: float
    ours: float
    together: float
    sa: float
    ratio: float
    sa_ratio: float
    words: float
    timings: list[tuple[str, float]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=500, help="number of AllSides articles measured per round (default 500)")
    ap.add_argument("--warm", type=int, default=500,
                    help="number of other AllSides articles run first, to fill the per-word tables (default 500)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds, each on the next --n articles (default 3); the target is judged on their median")
    args = ap.parse_args(argv)
    if args.n < 1 or args.rounds < 1 or args.warm < 0:
        ap.error("--n and --rounds must be at least 1, --warm at least 0")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    fields = ("title", "text")
    warm = read_articles(max(args.warm, 2))
    corpora = [read_articles(args.n, skip=args.warm + r * args.n) for r in range(args.rounds)]

    from textblob.en import parse as tb_parse

    from framing.extract.agency import AgencyFeatures
    from framing.extract.labels import LabelDiscovery
    from framing.extract.sourcing import SourcingFeatures
    from framing.parallel import fit_extract_together
    from framing.text.parse import parse_sentences

    def ours(X: pd.DataFrame, timings: list[tuple[str, float]]) -> float:
        """The three extractors, each fitted then extracting, on ``X``: seconds."""
        t_all = time.perf_counter()
        for name, est in (("LabelDiscovery fit+extract (parses every text)", LabelDiscovery(fields=fields)),
                          ("SourcingFeatures fit+extract", SourcingFeatures(fields=fields)),
                          ("AgencyFeatures fit+extract", AgencyFeatures(fields=fields))):
            t0 = time.perf_counter()
            est.fit(X).extract(X)
            timings.append((name, time.perf_counter() - t0))
        return time.perf_counter() - t_all

    def one_round(corpus: pd.DataFrame) -> Round:
        """Baseline, the three extractors, fit_extract_together and the parse alone on ``corpus``."""
        texts = [t for f in fields for t in corpus[f] if t]
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
        clear_caches()
        t0 = time.perf_counter()
        fit_extract_together([LabelDiscovery(fields=fields), SourcingFeatures(fields=fields),
                              AgencyFeatures(fields=fields)], corpus)
        t_together = time.perf_counter() - t0

        # the parse alone, for reference (caches emptied again)
        clear_caches()
        t0 = time.perf_counter()
        for t in texts:
            parse_sentences(t)
        t_parse = time.perf_counter() - t0
        t_sa = sum(dt for name, dt in timings if not name.startswith("LabelDiscovery"))
        n = len(corpus)
        return Round(base=n / t_base, parse=n / t_parse, ours=n / t_ours, together=n / t_together,
                     sa=n / (t_parse + t_sa), ratio=t_base / t_ours, sa_ratio=t_base / (t_parse + t_sa),
                     words=sum(len(t.split()) for t in texts) / n, timings=timings)

    # warm-up on other articles: lexicons, the tagger's lexicon, the per-word tables; TextBlob's lexicon
    tb_parse("Warm up the parser.", tokenize=True, tags=True, chunks=True)
    if args.warm == 0:
        ours(warm.head(2), [])  # lexicons only: the measured run starts with empty per-word tables
        t_first = None
    else:
        clear_caches()
        t_first = ours(warm, [])

    rounds = [one_round(corpus) for corpus in corpora]

    n = args.n
    print(f"articles: {args.rounds} rounds of {n} AllSides articles (title + text; "
          f"{statistics.mean(r.words for r in rounds):.0f} words per article), after {args.warm} other articles; "
          f"each round on the next {n}, its baseline measured just before it")
    if t_first is not None:
        print(f"first corpus in a fresh process ({len(warm)} other articles, empty per-word tables): "
              f"{len(warm) / t_first:.1f} articles/s ({t_first:.2f} s)")

    def line(label: str, values: list[float], fmt: str) -> None:
        print(f"{label:<52s}" + "".join(format(v, fmt) for v in values) + format(statistics.median(values), fmt))

    print(f"{'articles/s':<52s}" + "".join(f"{'round ' + str(k + 1):>10s}" for k in range(len(rounds)))
          + f"{'median':>10s}")
    line("baseline textblob.en.parse (tokens, tags, chunks)", [r.base for r in rounds], "10.1f")
    line("framing.text.parse alone", [r.parse for r in rounds], "10.1f")
    line("three extractors together (one parse per text)", [r.ours for r in rounds], "10.1f")
    line("fit_extract_together (batches of 1000)", [r.together for r in rounds], "10.1f")
    line("parse + SourcingFeatures + AgencyFeatures", [r.sa for r in rounds], "10.1f")
    line("ratio ours / baseline", [r.ratio for r in rounds], "10.2f")
    line("ratio parse + sourcing + agency / baseline", [r.sa_ratio for r in rounds], "10.2f")
    print("seconds of each extractor (three extractors together)")
    for k, (name, _) in enumerate(rounds[0].timings):
        line(f"  {name}", [r.timings[k][1] for r in rounds], "10.2f")
    speed = statistics.median(r.ours for r in rounds)
    ratio = statistics.median(r.ratio for r in rounds)
    print(f"three extractors together, median of {len(rounds)} rounds: {speed:.1f} articles/s, "
          f"{ratio:.2f} x the baseline (target {TARGET:.0f} articles/s: {'met' if speed >= TARGET else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
