"""Lexicon validation against gold spans."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.compare.validation import gold_spans, span_agreement


def test_precision_recall_by_hand():
    m = pd.DataFrame({"doc_id": ["a", "a", "b"], "field": "text", "start": [0, 10, 5], "end": [3, 12, 8]})
    g = pd.DataFrame({"doc_id": ["a", "b", "b"], "field": "text", "start": [2, 6, 30], "end": [4, 7, 33]})
    res = span_agreement(m, g, n_boot=200, doc_ids=["a", "b", "c"])
    # mentions: a[0:3] hits gold a[2:4]; a[10:12] misses; b[5:8] hits b[6:7] -> 2/3
    assert res.loc["precision", "estimate"] == pytest.approx(2 / 3)
    # gold: a[2:4] found, b[6:7] found, b[30:33] missed -> 2/3
    assert res.loc["recall", "estimate"] == pytest.approx(2 / 3)
    assert res.loc["precision", "ci_low"] <= 2 / 3 <= res.loc["precision", "ci_high"]
    # touching intervals do not overlap (half-open)
    touch = span_agreement(pd.DataFrame({"doc_id": ["a"], "start": [0], "end": [2]}),
                           pd.DataFrame({"doc_id": ["a"], "start": [2], "end": [4]}), n_boot=10)
    assert touch.loc["precision", "estimate"] == 0


def test_gold_spans_filters_and_errors():
    c = pd.DataFrame({"doc_id": ["a"], "spans": [[{"start": 0, "end": 3, "bias": "lex", "location": "title"},
                                                  {"start": 5, "end": 9, "bias": "lex"}]]})
    assert gold_spans(c, where={"bias": "lex"})["start"].tolist() == [5]
    with pytest.raises(ValueError, match="no span column"):
        gold_spans(c, column="nope")
