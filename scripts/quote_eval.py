"""Evaluate direct-quote extraction against hand annotations of BASIL articles.

Gold: ``tests/data/basil_quotes_gold.csv`` (one row per direct quote in the body
text of the annotated articles: ``doc_id, quote_start, quote_end`` = the quoted
words without the marks, the speaker as written next to the attribution, the
speaker it refers to, and the reporting verb; see ``docs/sourcing_agency.md``
for the annotation rules).

Matching rule: a predicted quote (``kind == "direct_quote"``, its
``quote_start:quote_end``) matches a gold quote of the same article when their
overlap is at least half of the longer of the two spans; each gold quote
matches at most one prediction (greedy by overlap). Precision = matched
predictions / predictions in the annotated articles' ``text``; recall = matched
gold / gold. Speaker accuracy is over matched quotes whose gold speaker is not
empty: the prediction is correct when its speaker's last word (lower case,
without possessive ``'s`` and final punctuation) equals the gold speaker's last
word. Verb accuracy likewise over matched quotes with a gold verb.

Usage::

    FRAMING_DATA_DIR=/work/shared/datasets python scripts/quote_eval.py [--errors]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "data" / "basil_quotes_gold.csv"


def head_word(s: str) -> str:
    """Last word of a speaker string, lower case, without possessive and punctuation."""
    words = s.replace("’", "'").split()
    if not words:
        return ""
    w = words[-1].lower()
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip(".,;:'\"")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def evaluate(gold_rows: list[dict], pred_rows: list[dict], texts: dict[str, str]) -> dict:
    """Precision, recall, speaker and verb accuracy (see the module docstring for the rules)."""
    out = {"n_gold": len(gold_rows), "n_pred": len(pred_rows), "matched": 0, "speaker_total": 0,
           "speaker_correct": 0, "verb_total": 0, "verb_correct": 0, "errors": []}
    by_doc_gold: dict[str, list[dict]] = {}
    for g in gold_rows:
        by_doc_gold.setdefault(g["doc_id"], []).append(g)
    by_doc_pred: dict[str, list[dict]] = {}
    for p in pred_rows:
        by_doc_pred.setdefault(p["doc_id"], []).append(p)
    for doc, golds in by_doc_gold.items():
        preds = by_doc_pred.get(doc, [])
        pairs = []
        for gi, g in enumerate(golds):
            gs = (int(g["quote_start"]), int(g["quote_end"]))
            for pi, p in enumerate(preds):
                ps = (int(p["quote_start"]), int(p["quote_end"]))
                ov = overlap(gs, ps)
                if ov and ov >= 0.5 * max(gs[1] - gs[0], ps[1] - ps[0]):
                    pairs.append((ov, gi, pi))
        pairs.sort(reverse=True)
        used_g, used_p = set(), set()
        for ov, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = golds[gi], preds[pi]
            out["matched"] += 1
            if g["speaker"]:
                out["speaker_total"] += 1
                ok = head_word(g["speaker"]) == head_word(p["speaker"])
                out["speaker_correct"] += ok
                if not ok:
                    out["errors"].append(("speaker", doc, g["quote_head"][:40], g["speaker"], p["speaker"]))
            if g["verb"]:
                out["verb_total"] += 1
                ok = g["verb"].lower() == (p["verb"] or "").lower()
                out["verb_correct"] += ok
                if not ok:
                    out["errors"].append(("verb", doc, g["quote_head"][:40], g["verb"], p["verb"]))
        text = texts[doc]
        for gi, g in enumerate(golds):
            if gi not in used_g:
                out["errors"].append(("missed", doc, g["quote_head"][:40], g["speaker"], ""))
        for pi, p in enumerate(preds):
            if pi not in used_p:
                snippet = text[int(p["quote_start"]):int(p["quote_end"])][:40]
                out["errors"].append(("spurious", doc, snippet, "", p["speaker"]))
    out["precision"] = out["matched"] / out["n_pred"] if out["n_pred"] else float("nan")
    out["recall"] = out["matched"] / out["n_gold"] if out["n_gold"] else float("nan")
    out["speaker_accuracy"] = out["speaker_correct"] / out["speaker_total"] if out["speaker_total"] else float("nan")
    out["verb_accuracy"] = out["verb_correct"] / out["verb_total"] if out["verb_total"] else float("nan")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every miss, spurious quote and wrong speaker")
    args = parser.parse_args(argv)
    data_dir = os.environ.get("FRAMING_DATA_DIR")
    if not data_dir:
        print("error: set FRAMING_DATA_DIR to the folder holding basil/articles.jsonl.gz", file=sys.stderr)
        return 2
    path = Path(data_dir) / "basil" / "articles.jsonl.gz"
    if not path.is_file():
        print(f"error: {path} not found; FRAMING_DATA_DIR must hold basil/articles.jsonl.gz", file=sys.stderr)
        return 2
    with GOLD.open(encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f))
    ids = {g["doc_id"] for g in gold}
    texts: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] in ids:
                texts[rec["id"]] = rec["text"]
    missing = ids - set(texts)
    if missing:
        print(f"error: gold articles not in {path}: {sorted(missing)}", file=sys.stderr)
        return 2

    import pandas as pd

    from framing.extract.sourcing import SourcingFeatures

    corpus = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    ments = SourcingFeatures(fields=("text",)).fit(corpus).mentions(corpus)
    preds = ments[ments.kind == "direct_quote"].to_dict("records")
    res = evaluate(gold, preds, texts)
    print(f"articles: {len(texts)}  gold quotes: {res['n_gold']}  predicted quotes: {res['n_pred']}")
    print(f"precision: {res['precision']:.3f}  ({res['matched']}/{res['n_pred']})")
    print(f"recall:    {res['recall']:.3f}  ({res['matched']}/{res['n_gold']})")
    print(f"speaker accuracy (matched, gold speaker given): {res['speaker_accuracy']:.3f}  "
          f"({res['speaker_correct']}/{res['speaker_total']})")
    print(f"verb accuracy (matched, gold verb given):       {res['verb_accuracy']:.3f}  "
          f"({res['verb_correct']}/{res['verb_total']})")
    if args.errors:
        for e in res["errors"]:
            print("  ", " | ".join(str(x) for x in e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
