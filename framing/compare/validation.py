"""Validating a lexicon against human annotations: span overlap precision and recall.

A researcher who writes a lexicon should check it against people's judgements:
how many of its hits fall on words annotators marked (precision), and how many
marked spans it finds (recall). Both are ratios over mentions clustered in
articles, so their confidence intervals resample articles (cluster bootstrap).

References
----------
.. [1] Fan, L., White, M., Sharma, E., Su, R., Choubey, P. K., Huang, R., & Wang, L.
   (2019). In plain sight: Media bias through the lens of factual reporting.
   *EMNLP-IJCNLP 2019*, 6343-6349. (BASIL's lexical-bias spans.)
.. [2] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
   Chapman & Hall.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from framing.compare.stats import bootstrap_ratio_ci

__all__ = ["gold_spans", "span_agreement"]


def gold_spans(corpus: pd.DataFrame, *, column: str = "spans", where: dict[str, Any] | None = None,
               field: str = "text") -> pd.DataFrame:
    """Explode a column of annotated spans (lists of dicts with ``start``/``end``) into a table.

    Parameters
    ----------
    corpus : DataFrame
        Needs ``doc_id`` and ``column`` (e.g. BASIL's ``spans``).
    column : str, default "spans"
    where : dict, optional
        Keep spans whose keys equal these values, e.g. ``{"bias": "lex"}``.
    field : str, default "text"
        The field the offsets index (spans with a ``location`` other than body are dropped
        when ``field == "text"``).

    Returns
    -------
    DataFrame
        ``doc_id, field, start, end`` plus the span's own keys.

    Examples
    --------
    >>> c = pd.DataFrame({"doc_id": ["a"], "spans": [[{"start": 0, "end": 3, "bias": "lex"},
    ...                                               {"start": 5, "end": 9, "bias": "inf"}]]})
    >>> gold_spans(c, where={"bias": "lex"})[["doc_id", "start", "end"]].values.tolist()
    [['a', 0, 3]]
    """
    if column not in corpus.columns:
        raise ValueError(f"corpus has no span column {column!r}; found {list(corpus.columns)}")
    rows = []
    for doc_id, spans in zip(corpus["doc_id"].astype(str), corpus[column]):
        if spans is None or (isinstance(spans, float) and np.isnan(spans)):
            continue
        for span in spans:
            span = dict(span)
            if where and any(span.get(k) != v for k, v in where.items()):
                continue
            if field == "text" and span.get("location", "body") not in ("body", None):
                continue
            rows.append({"doc_id": doc_id, "field": field, **span})
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=["doc_id", "field", "start", "end"])
    table["start"] = table["start"].astype(int)
    table["end"] = table["end"].astype(int)
    return table


def _overlaps(a_start: np.ndarray, a_end: np.ndarray, b_start: np.ndarray, b_end: np.ndarray) -> np.ndarray:
    """For each a-interval, whether it overlaps any b-interval (half-open intervals)."""
    if len(b_start) == 0:
        return np.zeros(len(a_start), dtype=bool)
    return ((a_start[:, None] < b_end[None, :]) & (b_start[None, :] < a_end[:, None])).any(axis=1)


def span_agreement(
    mentions: pd.DataFrame, gold: pd.DataFrame, *, doc_ids: Any = None, field: str = "text",
    n_boot: int = 2000, level: float = 0.95, random_state: int = 0,
) -> pd.DataFrame:
    """Precision and recall of lexicon mentions against gold spans, with article-bootstrap CIs.

    A mention counts as correct when it overlaps at least one gold span of the
    same article and field; a gold span counts as found when at least one
    mention overlaps it.

    Parameters
    ----------
    mentions : DataFrame
        ``doc_id, field, start, end`` (any extractor's mentions).
    gold : DataFrame
        ``doc_id, start, end`` (and ``field``), e.g. from :func:`gold_spans`.
    doc_ids : sequence, optional
        The articles compared (default: every article with a mention or a gold span).
        Pass the corpus ids so articles with neither still count.
    field : str, default "text"
    n_boot, level, random_state
        Bootstrap over articles.

    Returns
    -------
    DataFrame
        Rows ``precision``, ``recall``, ``f1`` with ``estimate, ci_low, ci_high,
        numerator, denominator`` (F1 has no CI of its own here: it is computed
        from the two point estimates).

    Examples
    --------
    >>> m = pd.DataFrame({"doc_id": ["a", "a"], "field": "text", "start": [0, 10], "end": [3, 12]})
    >>> g = pd.DataFrame({"doc_id": ["a", "a"], "field": "text", "start": [1, 20], "end": [4, 25]})
    >>> span_agreement(m, g, n_boot=50)["estimate"].round(3).tolist()
    [0.5, 0.5, 0.5]
    """
    m = mentions[mentions["field"] == field] if "field" in mentions.columns else mentions
    g = gold[gold["field"] == field] if "field" in gold.columns else gold
    ids = (sorted(set(m["doc_id"].astype(str)) | set(g["doc_id"].astype(str))) if doc_ids is None
           else [str(d) for d in doc_ids])
    m_by = {k: v for k, v in m.assign(doc_id=m["doc_id"].astype(str)).groupby("doc_id")}
    g_by = {k: v for k, v in g.assign(doc_id=g["doc_id"].astype(str)).groupby("doc_id")}
    empty = pd.DataFrame({"start": [], "end": []})
    tp_m = np.zeros(len(ids)); n_m = np.zeros(len(ids)); tp_g = np.zeros(len(ids)); n_g = np.zeros(len(ids))
    for i, d in enumerate(ids):
        md, gd = m_by.get(d, empty), g_by.get(d, empty)
        ms, me = md["start"].to_numpy(int), md["end"].to_numpy(int)
        gs, ge = gd["start"].to_numpy(int), gd["end"].to_numpy(int)
        tp_m[i], n_m[i] = _overlaps(ms, me, gs, ge).sum(), len(ms)
        tp_g[i], n_g[i] = _overlaps(gs, ge, ms, me).sum(), len(gs)
    p, p_lo, p_hi = bootstrap_ratio_ci(tp_m, n_m, n_boot=n_boot, level=level, random_state=random_state)
    r, r_lo, r_hi = bootstrap_ratio_ci(tp_g, n_g, n_boot=n_boot, level=level, random_state=random_state + 1)
    f1 = 2 * p * r / (p + r) if (p + r) > 0 else np.nan
    return pd.DataFrame({
        "measure": ["precision", "recall", "f1"],
        "estimate": [p, r, f1], "ci_low": [p_lo, r_lo, np.nan], "ci_high": [p_hi, r_hi, np.nan],
        "numerator": [tp_m.sum(), tp_g.sum(), np.nan], "denominator": [n_m.sum(), n_g.sum(), np.nan],
    }).set_index("measure")
