"""Same-event selection and automatic story matching."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from framing.compare.events import match_events, same_event_corpus

STORIES = {
    "damascus": "Rebels seized Damascus on Sunday and President Bashar al-Assad fled Syria after years of civil war.",
    "fed": "The Federal Reserve held interest rates steady on Wednesday, citing cooling inflation and a softer labor market.",
    "storm": "A powerful storm knocked out power to hundreds of thousands of homes along the Gulf Coast overnight.",
}


def corpus():
    rows = []
    for i, (key, text) in enumerate(STORIES.items()):
        for outlet, tweak in (("A", ""), ("B", " Officials said more details would follow."), ("C", None)):
            if tweak is None and key == "storm":
                continue
            rows.append({"doc_id": f"{key}-{outlet}", "outlet": outlet, "text": text + (tweak or " Analysts reacted."),
                         "date": pd.Timestamp("2024-12-08") + pd.Timedelta(days=i * 10), "event_id": key})
    rows.append({"doc_id": "solo", "outlet": "A", "text": "A local bakery won a national prize for its sourdough.",
                 "date": pd.Timestamp("2024-12-08"), "event_id": "bakery"})
    return pd.DataFrame(rows)


def test_auto_matching_recovers_events():
    c = corpus()
    events, pairs = match_events(c, threshold=0.3)
    merged = c.merge(events, on="doc_id")
    for key in STORIES:
        assert merged.loc[merged["event_id"] == key, "event_auto"].nunique() == 1
    assert merged.groupby("event_auto")["event_id"].nunique().max() == 1
    assert pd.isna(merged.loc[merged["doc_id"] == "solo", "event_auto"]).all()
    assert (pairs["group_a"] != pairs["group_b"]).all()
    assert (pairs["similarity"] >= 0.3).all()


def test_date_window_blocks_matches():
    c = corpus()
    c.loc[c["doc_id"] == "fed-B", "date"] = pd.Timestamp("2025-06-01")
    events, _ = match_events(c, window_days=3)
    merged = c.merge(events, on="doc_id")
    assert pd.isna(merged.loc[merged["doc_id"] == "fed-B", "event_auto"]).all()


def test_same_event_corpus_counts_skips():
    sel = same_event_corpus(corpus(), drop_syndicated=False)
    assert sel.n_events == 3 and sel.n_events_skipped == 1
    assert "solo" not in set(sel.corpus["doc_id"])
    assert "1 events with a single group skipped" in sel.summary()
    with pytest.raises(ValueError, match="no event column"):
        same_event_corpus(corpus().drop(columns="event_id"), drop_syndicated=False)


@pytest.mark.data
def test_auto_matching_on_basil_agrees_with_gold_events(data_dir):
    with gzip.open(data_dir / "basil" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    c = pd.DataFrame(recs).rename(columns={"id": "doc_id"})
    c["date"] = pd.to_datetime(c["date"], errors="coerce")
    events, pairs = match_events(c)  # defaults: threshold 0.1, 3 days
    gold = dict(zip(c["doc_id"], c["event_id"]))
    agree = sum(gold[a] == gold[b] for a, b in zip(pairs["doc_id_a"], pairs["doc_id_b"]))
    precision = agree / len(pairs)
    gold_pairs = 300  # 100 events x 3 unordered pairs
    recall = agree / gold_pairs
    assert precision > 0.99, precision
    assert recall > 0.85, recall
