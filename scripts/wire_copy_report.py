"""Wire copy report: how much of a corpus is text shared across outlets.

Runs :func:`framing.corpus.syndication.find_near_duplicates` and
:func:`framing.corpus.syndication.find_syndication` on real datasets and prints,
per dataset: the number of documents, the verified Jaccard distribution of
candidate pairs (same vs different outlet), how the number of groups changes
with the threshold, the groups at the chosen threshold (cross-outlet groups,
documents in them, size distribution, top outlet pairs, inferred origins) and
the time each step took. It also writes a sample of groups (doc ids, outlets,
titles, the first 200 characters of each text) for checking by hand.

The sample file holds article text: keep it out of the repository (the default
location is the system temporary folder).

Usage::

    export FRAMING_DATA_DIR=/path/to/datasets
    python scripts/wire_copy_report.py                      # allsides_abp and babe
    python scripts/wire_copy_report.py --datasets babe --threshold 0.8
    python scripts/wire_copy_report.py --clean               # cleaned text (slow to load)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from framing.corpus.syndication import (
    find_near_duplicates,
    find_syndication,
    syndication_groups,
    syndication_summary,
)
from framing.datasets import load_dataset

BINS = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 + 1e-9]
SWEEP = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
_WIRE_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|UPI)\)|Associated Press|REUTERS/|\bReuters\b|\bAFP\b|Agence France", re.I
)


def _bin_label(lo: float, hi: float) -> str:
    return f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}"


def jaccard_distribution(pairs: pd.DataFrame, floor: float) -> pd.DataFrame:
    """Counts of verified pairs per Jaccard bin, same vs different outlet."""
    bins = [b for b in BINS if b >= floor - 1e-9]
    if bins[0] > floor:
        bins = [floor, *bins]
    labels = [_bin_label(lo, hi) for lo, hi in zip(bins[:-1], bins[1:])]
    cut = pd.cut(pairs["jaccard"], bins=bins, right=False, labels=labels)
    table = pd.crosstab(cut, pairs["same_outlet"].map({True: "same outlet", False: "cross outlet"}))
    table = table.reindex(index=labels, columns=["cross outlet", "same outlet"], fill_value=0)
    table.index.name = "verified Jaccard"
    table.columns.name = None
    return table


def threshold_sweep(corpus: pd.DataFrame, pairs: pd.DataFrame, floor: float) -> pd.DataFrame:
    """Cross-outlet groups and documents at several thresholds (from one pairs table)."""
    rows = []
    for t in [t for t in SWEEP if t >= floor - 1e-9]:
        out = find_syndication(corpus, pairs=pairs, threshold=t)
        s = syndication_summary(out)
        rows.append({
            "threshold": t,
            "cross-outlet pairs": int(((pairs["jaccard"] >= t) & ~pairs["same_outlet"]).sum()),
            "groups": s["groups"],
            "documents in groups": s["documents_in_groups"],
        })
    return pd.DataFrame(rows).set_index("threshold")


def _snippet(text: object, n: int = 200) -> str:
    if not isinstance(text, str):
        return ""
    return re.sub(r"\s+", " ", text).strip()[:n]


def write_sample(name: str, out: pd.DataFrame, pairs: pd.DataFrame, n: int, seed: int, handle) -> int:
    """Write up to ``n`` randomly chosen groups as Markdown: cross-outlet groups
    first, then groups within one outlet (``out`` from ``cross_outlet=False``)."""
    groups = syndication_groups(out)
    if groups.empty:
        handle.write(f"\n## {name}: no groups\n")
        return 0
    rng = random.Random(seed)
    cross = groups[groups["n_outlets"] >= 2]["syndication_group"].tolist()
    other = groups[groups["n_outlets"] < 2]["syndication_group"].tolist()
    chosen = sorted(rng.sample(cross, min(n, len(cross))))
    if len(chosen) < n:
        chosen += sorted(rng.sample(other, min(n - len(chosen), len(other))))
    by_id = out.set_index("doc_id", drop=False)
    handle.write(f"\n## {name}: {len(chosen)} of {len(groups)} groups\n")
    for gid in chosen:
        row = groups.set_index("syndication_group").loc[gid]
        ids = row["doc_ids"].split("; ")
        within = pairs[pairs["doc_id_a"].isin(ids) & pairs["doc_id_b"].isin(ids)]
        handle.write(
            f"\n### {gid}: {row['size']} documents, outlets: {row['outlets']}; "
            f"origin_inferred: {row['origin_inferred']}; Jaccard within group "
            f"{within['jaccard'].min():.2f}-{within['jaccard'].max():.2f}\n\n"
            "verdict: \n\n"
        )
        for doc_id in ids[:6]:
            doc = by_id.loc[doc_id]
            text = doc["text"] if isinstance(doc["text"], str) else ""
            credit = sorted({m.group(0) for m in _WIRE_CREDIT.finditer(text)})
            date = doc["date"].date().isoformat() if "date" in doc and pd.notna(doc["date"]) else "?"
            handle.write(
                f"- `{doc_id}` | {doc['outlet']} | {date} | {len(text.split())} words | "
                f"title: {doc.get('title') or ''!s} | wire credits in text: {', '.join(credit) or '-'}\n"
                f"  > {_snippet(text)}\n"
            )
        if len(ids) > 6:
            handle.write(f"- ... and {len(ids) - 6} more\n")
    return len(chosen)


def run(name: str, args: argparse.Namespace, handle) -> dict[str, float]:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    corpus = load_dataset(name, data_dir=args.data_dir, clean=args.clean)
    times["load"] = time.perf_counter() - t0

    t = time.perf_counter()
    pairs = find_near_duplicates(corpus, threshold=args.analysis_threshold, seed=args.seed)
    times["pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    out = find_syndication(corpus, pairs=pairs, threshold=args.threshold)
    within = find_syndication(corpus, pairs=pairs, threshold=args.threshold, cross_outlet=False)
    times["groups"] = time.perf_counter() - t
    s = syndication_summary(out, top=args.top)
    s_within = syndication_summary(within)

    print(f"\n=== {name} ({'cleaned' if args.clean else 'raw'} text) ===")
    print(f"documents: {s['documents']}")
    print(f"\nverified Jaccard of candidate pairs (5-word shingles, pairs >= {args.analysis_threshold}):")
    print(jaccard_distribution(pairs, args.analysis_threshold).to_string())
    print("\nthreshold sweep (cross_outlet=True):")
    print(threshold_sweep(corpus, pairs, args.analysis_threshold).to_string())
    print(f"\nat threshold {args.threshold} (cross_outlet=True):")
    print(f"  documents in cross-outlet near-duplicate groups: {s['documents_in_cross_outlet_groups']}"
          f" ({100 * s['documents_in_cross_outlet_groups'] / max(1, s['documents']):.2f} %)")
    print(f"  groups: {s['groups']} (cross-outlet {s['cross_outlet_groups']})")
    print(f"  size distribution: {s['size_distribution']}")
    print(f"  groups with an inferred origin: {s['groups_with_origin']}")
    origins = out.loc[out["syndication_group"].notna()].drop_duplicates("syndication_group")["origin_inferred"]
    print(f"  inferred origins: {origins.fillna('unknown').value_counts().to_dict()}")
    print("  top outlet pairs (groups containing both):")
    for (a, b), k in s["top_outlet_pairs"]:
        print(f"    {k:3d}  {a} + {b}")
    print(f"with cross_outlet=False: {s_within['groups']} groups ({s_within['same_outlet_groups']} within one outlet),"
          f" {s_within['documents_in_groups']} documents")
    t = time.perf_counter()
    n = write_sample(name, within, pairs, args.sample, args.seed, handle)
    times["sample"] = time.perf_counter() - t
    print(f"sample: {n} groups written")
    print("time (s): " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("FRAMING_DATA_DIR"),
                        help="folder holding the dataset folders (default: $FRAMING_DATA_DIR)")
    parser.add_argument("--datasets", nargs="+", default=["allsides_abp", "babe"])
    parser.add_argument("--threshold", type=float, default=0.5, help="Jaccard threshold for groups")
    parser.add_argument("--analysis-threshold", type=float, default=0.3,
                        help="lowest Jaccard kept for the distribution and the sweep")
    parser.add_argument("--sample", type=int, default=20, help="groups per dataset in the sample file")
    parser.add_argument("--sample-out", type=Path,
                        default=Path(tempfile.gettempdir()) / "wire_copy_sample.md",
                        help="Markdown file for the hand-check sample (holds article text: keep it out of the repo)")
    parser.add_argument("--top", type=int, default=10, help="outlet pairs to list")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clean", action="store_true",
                        help="load with clean=True (dateline/credits/boilerplate separated; slower)")
    args = parser.parse_args(argv)
    if not args.data_dir:
        parser.error("set FRAMING_DATA_DIR or pass --data-dir")
    if args.analysis_threshold > args.threshold:
        parser.error("--analysis-threshold must not exceed --threshold")
    start = time.perf_counter()
    args.sample_out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.sample_out, "w", encoding="utf-8") as handle:
        handle.write(f"# Wire copy sample (threshold {args.threshold}, seed {args.seed})\n")
        for name in args.datasets:
            run(name, args, handle)
    print(f"\nsample written to {args.sample_out}")
    print(f"total time: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
