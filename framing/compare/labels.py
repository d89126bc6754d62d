"""Label choice across outlets: which label each outlet uses for the same concept.

Input is a mentions table (one row per hit, e.g. from
:class:`framing.extract.wording.WordingFeatures`: ``doc_id, concept, label``; or
from :class:`framing.extract.labels.LabelDiscovery` with ``actor`` as the concept
and ``descriptor`` as the label) and the corpus table that says which group
(outlet, leaning, period...) each article belongs to.

Every uncertainty here treats the **article** as the unit: mentions in one
article are not independent, so confidence intervals resample articles (a
cluster bootstrap) and permutation tests shuffle whole articles between groups
(within events, when ``strata`` is given). The chi-square test on mention counts
is reported for comparison but assumes independent mentions; prefer the
permutation p-values.

References
----------
.. [1] Entman, R. M. (1993). Framing: Toward clarification of a fractured
   paradigm. *Journal of Communication*, 43(4), 51-58.
.. [2] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*,
   ch. 13. Chapman & Hall.
.. [3] Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
   Hypotheses*. Springer.
.. [4] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
   rate. *JRSS B*, 57(1), 289-300.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from framing.compare.stats import bootstrap_ratio_ci, fdr_bh, permutation_p_value, permutation_test

__all__ = ["LabelChoice", "label_choice", "doc_label_matrix"]

log = logging.getLogger(__name__)


@dataclass
class LabelChoice:
    """Result of :func:`label_choice`.

    Attributes
    ----------
    shares : DataFrame
        One row per group x concept x label: ``group, concept, label, mentions,
        concept_mentions, n_docs, share, ci_low, ci_high, p_value, p_adjusted``.
        ``p_value`` tests whether this group's share of the label differs from the
        other groups' (permutation of articles, two-sided); ``p_adjusted`` is
        Benjamini-Hochberg over all rows.
    tests : DataFrame
        Omnibus and pairwise tests per concept: ``concept, test, groups, statistic,
        dof, p_value, p_adjusted, n_docs, n_mentions, method``.
    skipped : DataFrame
        Concepts or groups left out, with the reason (never silent).
    """

    shares: pd.DataFrame
    tests: pd.DataFrame
    skipped: pd.DataFrame


def doc_label_matrix(
    mentions: pd.DataFrame, *, concept: Any, concept_col: str = "concept", label_col: str = "label"
) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """Per-article counts of each label of one concept.

    Returns
    -------
    doc_ids : Index of the articles with at least one mention of the concept
    labels : array of label names (sorted)
    counts : array, shape (n_docs, n_labels)

    Examples
    --------
    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "concept": "c", "label": ["x", "y", "x"]})
    >>> ids, labels, counts = doc_label_matrix(m, concept="c")
    >>> ids.tolist(), labels.tolist(), counts.tolist()
    (['a', 'b'], ['x', 'y'], [[1, 1], [1, 0]])
    """
    sub = mentions[mentions[concept_col] == concept]
    table = pd.crosstab(sub["doc_id"].astype(str), sub[label_col].astype(str)).sort_index(axis=1)
    return table.index, table.columns.to_numpy(dtype=object), table.to_numpy(dtype=np.int64)


def _share_difference_null(
    counts: np.ndarray, codes: np.ndarray, n_groups: int, strata: np.ndarray | None,
    n_permutations: int, rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """|share in group - share in the other groups| per group x label, observed and permuted."""
    totals = counts.sum(axis=1)

    def stat(c: np.ndarray) -> np.ndarray:
        num = np.zeros((n_groups, counts.shape[1]))
        den = np.zeros(n_groups)
        np.add.at(num, c, counts)
        np.add.at(den, c, totals)
        rest_num = num.sum(axis=0) - num
        rest_den = den.sum() - den
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.abs(num / den[:, None] - rest_num / rest_den[:, None])

    observed = stat(codes)
    blocks = [np.arange(len(codes))] if strata is None else [np.flatnonzero(strata == s) for s in np.unique(strata)]
    null = np.empty((n_permutations, *observed.shape))
    perm = codes.copy()
    for b in range(n_permutations):
        for idx in blocks:
            perm[idx] = codes[idx][rng.permutation(len(idx))]
        null[b] = stat(perm)
    return observed, null


def label_choice(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    concept_col: str = "concept",
    label_col: str = "label",
    concepts: Any = None,
    strata: str | None = None,
    n_boot: int = 2000,
    n_permutations: int = 2000,
    level: float = 0.95,
    pairwise: bool = True,
    min_mentions: int = 1,
    random_state: int = 0,
) -> LabelChoice:
    """Compare how groups label each concept: shares, bootstrap CIs, permutation tests, FDR.

    Parameters
    ----------
    mentions : DataFrame
        Needs ``doc_id``, ``concept_col`` and ``label_col`` (e.g. WordingFeatures'
        mentions; filter to one lexicon first if several were used).
    corpus : DataFrame
        Needs ``doc_id`` and the ``by`` column (and ``strata`` if given).
    by : str, default "outlet"
        Grouping column of the corpus.
    concepts : list, optional
        Restrict to these concepts (default: all in ``mentions``).
    strata : str, optional
        Corpus column (e.g. ``"event_id"``) within which permutations shuffle
        groups: a stratified test comparing groups on the same events.
    n_boot, n_permutations : int, default 2000
    level : float, default 0.95
        Confidence level of ``ci_low``/``ci_high``.
    pairwise : bool, default True
        Also test every pair of groups.
    min_mentions : int, default 1
        Concepts with fewer mentions are skipped (listed in ``skipped``).
    random_state : int, default 0

    Returns
    -------
    LabelChoice

    Raises
    ------
    ValueError
        If the corpus lacks ``doc_id``/``by``, or fewer than two groups have data.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X", "X", "Y", "Y"]})
    >>> m = pd.DataFrame({"doc_id": list("aabcdd"), "concept": "forces",
    ...                   "label": ["rebels", "rebels", "rebels", "opposition", "opposition", "rebels"]})
    >>> res = label_choice(m, corpus, n_boot=200, n_permutations=200)
    >>> res.shares[["group", "label", "mentions", "share"]].values.tolist()[:2]
    [['X', 'opposition', 0, 0.0], ['X', 'rebels', 3, 1.0]]
    """
    for col in ("doc_id", by) + ((strata,) if strata else ()):
        if col not in corpus.columns:
            raise ValueError(f"corpus has no column {col!r}; found {list(corpus.columns)}")
    for col in ("doc_id", concept_col, label_col):
        if col not in mentions.columns:
            raise ValueError(f"mentions table has no column {col!r}; found {list(mentions.columns)}")
    meta = corpus.assign(doc_id=corpus["doc_id"].astype(str)).drop_duplicates("doc_id").set_index("doc_id")
    skipped: list[dict[str, Any]] = []
    missing_group = meta[by].isna()
    if missing_group.any():
        skipped.append({"concept": "(all)", "group": None, "reason": f"{int(missing_group.sum())} article(s) with no {by!r} value left out"})
        meta = meta[~missing_group]
    groups_all = sorted(meta[by].astype(str).unique())
    if len(groups_all) < 2:
        raise ValueError(f"comparison needs at least two groups in {by!r}; found {groups_all}")
    rng = np.random.default_rng(random_state)
    concept_list = list(pd.unique(mentions[concept_col])) if concepts is None else list(concepts)
    share_rows: list[dict[str, Any]] = []
    test_rows: list[dict[str, Any]] = []
    for concept in concept_list:
        ids, labels, counts = doc_label_matrix(mentions, concept=concept, concept_col=concept_col, label_col=label_col)
        known = ids.isin(meta.index)
        if (~known).any():
            skipped.append({"concept": concept, "group": None,
                            "reason": f"{int((~known).sum())} article(s) with mentions have no {by!r} value or are not in the corpus"})
        ids, counts = ids[known], counts[known]
        if counts.sum() < min_mentions or len(ids) == 0:
            skipped.append({"concept": concept, "group": None, "reason": f"fewer than {min_mentions} mention(s)"})
            continue
        doc_groups = meta.loc[ids, by].astype(str).to_numpy()
        present = sorted(set(doc_groups))
        for g in groups_all:
            if g not in present:
                skipped.append({"concept": concept, "group": g, "reason": "no mentions of this concept in this group"})
        codes = np.array([present.index(g) for g in doc_groups], dtype=np.int64)
        strata_codes = None
        if strata:
            strata_codes = pd.factorize(meta.loc[ids, strata].astype(str))[0]
        totals = counts.sum(axis=1)
        # per-row share test (group vs the rest), permuting articles
        if len(present) >= 2:
            observed, null = _share_difference_null(counts, codes, len(present), strata_codes, n_permutations, rng)
        for gi, g in enumerate(present):
            sel = codes == gi
            est, lo, hi = bootstrap_ratio_ci(counts[sel], totals[sel], n_boot=n_boot, level=level,
                                             random_state=int(rng.integers(2**31)))
            for li, label in enumerate(labels):
                p = np.nan
                if len(present) >= 2 and not np.isnan(observed[gi, li]):
                    p = permutation_p_value(observed[gi, li], null[:, gi, li])
                share_rows.append({
                    "group": g, "concept": concept, "label": label,
                    "mentions": int(counts[sel, li].sum()), "concept_mentions": int(totals[sel].sum()),
                    "n_docs": int(sel.sum()), "share": float(est[li]),
                    "ci_low": float(lo[li]), "ci_high": float(hi[li]), "p_value": p,
                })
        if len(present) < 2:
            skipped.append({"concept": concept, "group": None, "reason": "only one group mentions this concept: no test"})
            continue
        group_table = np.zeros((len(present), len(labels)))
        np.add.at(group_table, codes, counts)
        chi_table = group_table[:, group_table.sum(axis=0) > 0]
        if chi_table.shape[1] >= 2:
            chi2, p_chi, dof, _ = chi2_contingency(chi_table, correction=False)
        else:
            chi2, p_chi, dof = 0.0, 1.0, 0
        base = {"concept": concept, "n_docs": int(len(ids)), "n_mentions": int(counts.sum())}
        test_rows.append({**base, "test": "chi2 (mentions independent)", "groups": "all", "statistic": float(chi2),
                          "dof": int(dof), "p_value": float(p_chi), "method": "Pearson chi-square on mention counts"})
        stat, p_perm, _ = permutation_test(counts, doc_groups, strata=None if strata_codes is None else strata_codes,
                                           n_permutations=n_permutations, random_state=int(rng.integers(2**31)))
        method = "chi-square statistic, articles permuted" + (f" within {strata}" if strata else "")
        test_rows.append({**base, "test": "permutation", "groups": "all", "statistic": stat, "dof": int(dof),
                          "p_value": p_perm, "method": method})
        if pairwise and len(present) > 2:
            for a, b in itertools.combinations(present, 2):
                sel = np.isin(doc_groups, [a, b])
                st = None if strata_codes is None else strata_codes[sel]
                stat, p_pair, _ = permutation_test(counts[sel], doc_groups[sel], strata=st,
                                                   n_permutations=n_permutations, random_state=int(rng.integers(2**31)))
                test_rows.append({**base, "n_docs": int(sel.sum()), "n_mentions": int(counts[sel].sum()),
                                  "test": "permutation (pair)", "groups": f"{a} vs {b}", "statistic": stat,
                                  "dof": int(len(labels) - 1), "p_value": p_pair, "method": method})
    shares = pd.DataFrame(share_rows, columns=["group", "concept", "label", "mentions", "concept_mentions", "n_docs",
                                               "share", "ci_low", "ci_high", "p_value"])
    shares["p_adjusted"] = fdr_bh(shares["p_value"].to_numpy()) if len(shares) else []
    tests = pd.DataFrame(test_rows, columns=["concept", "test", "groups", "statistic", "dof", "p_value",
                                             "n_docs", "n_mentions", "method"])
    perm_rows = tests["test"] != "chi2 (mentions independent)"
    tests["p_adjusted"] = np.nan
    if perm_rows.any():
        tests.loc[perm_rows, "p_adjusted"] = fdr_bh(tests.loc[perm_rows, "p_value"].to_numpy())
    if not share_rows:
        raise ValueError("no concept had mentions in at least one group: nothing to compare")
    shares.attrs["by"] = by
    tests.attrs["by"] = by
    return LabelChoice(shares, tests, pd.DataFrame(skipped, columns=["concept", "group", "reason"]))
