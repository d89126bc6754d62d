"""Run WordingFeatures with every shipped lexicon over the five shared datasets, in full.

A robustness run: every article of basil, pac, allsides_abp, babe (MBIC articles) and
narrative_frames goes through ``extract`` (features and mentions); the script checks
that every mention's offsets reproduce its text and prints, per dataset, the number of
articles, mentions, seconds and the most frequent concept labels.

By default the title and text are read from ``articles.jsonl.gz`` as distributed
(fast); ``--clean`` reads through :func:`framing.load_dataset` instead (slower: the
corpus reader normalizes text and separates boilerplate).

Usage::

    FRAMING_DATA_DIR=/path/to/datasets python scripts/wording_all_datasets.py [--clean] [--limit N]
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

from framing.extract.wording import WordingFeatures
from framing.lexicons import available_lexicons

DATASETS = ("basil", "pac", "allsides_abp", "babe", "narrative_frames")


def read_raw(name: str, limit: int | None) -> pd.DataFrame:
    root = Path(os.environ["FRAMING_DATA_DIR"])
    rows = []
    with gzip.open(root / name / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            rows.append({"doc_id": str(rec["id"]), "title": rec.get("title") or "", "text": rec.get("text") or ""})
            if limit is not None and len(rows) >= limit:
                break
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", action="store_true", help="read through framing.load_dataset")
    ap.add_argument("--limit", type=int, default=None, help="articles per dataset (default: all)")
    args = ap.parse_args()
    if not os.environ.get("FRAMING_DATA_DIR"):
        sys.exit("set FRAMING_DATA_DIR to the folder holding the dataset folders")

    lexicons = available_lexicons()
    print(f"lexicons: {', '.join(lexicons)}")
    for name in DATASETS:
        if args.clean:
            import framing

            corpus = framing.load_dataset(name, limit=args.limit)
        else:
            corpus = read_raw(name, args.limit)
        t0 = time.perf_counter()
        wf = WordingFeatures(lexicons=lexicons, normalize=("count", "share")).fit(corpus)
        features, mentions = wf.extract(corpus)
        seconds = time.perf_counter() - t0
        texts = corpus.set_index("doc_id")
        bad = sum(texts.at[m.doc_id, m.field][m.start:m.end] != m.matched for m in mentions.itertuples())
        if bad:
            raise SystemExit(f"{name}: {bad} mentions whose offsets do not reproduce their text")
        top = mentions.groupby(["lexicon", "concept", "label"]).size().sort_values(ascending=False).head(5)
        print(f"{name}: {len(corpus)} articles, {features.shape[1]} columns, {len(mentions)} mentions, "
              f"{seconds:.1f} s; offsets all reproduce the text")
        print("  top labels: " + "; ".join(f"{lex}/{c}/{lab} {n}" for (lex, c, lab), n in top.items()))


if __name__ == "__main__":
    main()
