"""Resampling statistics for clustered counts: bootstrap, permutation tests, FDR.

Mentions of a label are clustered in articles (an article that says "rebels" once
tends to say it again), so every resampling here works on **articles**: the
bootstrap resamples articles within each group, and permutation tests shuffle
the group labels of whole articles (within events when stratified).

References
----------
.. [1] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
   Chapman & Hall.
.. [2] Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
   Hypotheses* (3rd ed.). Springer.
.. [3] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be
   zero. *Statistical Applications in Genetics and Molecular Biology*, 9(1), 39.
.. [4] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
   rate. *Journal of the Royal Statistical Society B*, 57(1), 289-300.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "bootstrap_ratio_ci",
    "permutation_test",
    "permutation_p_value",
    "fdr_bh",
    "chi2_statistic",
    "group_indices",
]


def group_indices(labels: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``labels`` and the sorted unique labels.

    Examples
    --------
    >>> codes, uniq = group_indices(["b", "a", "b"])
    >>> codes.tolist(), uniq.tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    uniq, codes = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    return codes.astype(np.int64), uniq


def chi2_statistic(table: np.ndarray) -> float:
    """Pearson's chi-square statistic of a contingency table (rows/columns of zeros ignored).

    Examples
    --------
    >>> round(chi2_statistic(np.array([[10, 0], [0, 10]])), 6)
    20.0
    """
    t = np.asarray(table, dtype=float)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if t.size == 0 or min(t.shape) < 2:
        return 0.0
    expected = t.sum(axis=1, keepdims=True) * t.sum(axis=0, keepdims=True) / t.sum()
    return float(((t - expected) ** 2 / expected).sum())


def permutation_p_value(observed: float, null: np.ndarray) -> float:
    """One-sided permutation p-value, ``(1 + #{null >= observed}) / (1 + B)``.

    Never zero (Phipson & Smyth 2010, eq. 2's exact-count form with the observed
    statistic counted once).

    Examples
    --------
    >>> permutation_p_value(5.0, np.array([1.0, 6.0, 2.0]))
    0.5
    """
    null = np.asarray(null, dtype=float)
    return float((1 + np.sum(null >= observed - 1e-12)) / (1 + len(null)))


def permutation_test(
    doc_counts: np.ndarray,
    doc_groups: Sequence[Any],
    *,
    strata: Sequence[Any] | None = None,
    statistic: Callable[[np.ndarray], float] = chi2_statistic,
    n_permutations: int = 2000,
    random_state: int | None = 0,
) -> tuple[float, float, np.ndarray]:
    """Permutation test of independence between groups and counts, resampling articles.

    Parameters
    ----------
    doc_counts : array, shape (n_docs, n_categories)
        Per-article counts (e.g. mentions of each label of a concept).
    doc_groups : sequence of length n_docs
        Group of each article (e.g. outlet).
    strata : sequence of length n_docs, optional
        Shuffle group labels only within strata (e.g. events): a stratified test
        that compares outlets on the same stories.
    statistic : callable, default :func:`chi2_statistic`
        Statistic of the groups x categories table; large means dependence.
    n_permutations : int, default 2000
    random_state : int or None, default 0

    Returns
    -------
    observed, p_value, null : float, float, ndarray

    Examples
    --------
    >>> counts = np.array([[3, 0], [2, 0], [0, 2], [0, 4]])
    >>> obs, p, _ = permutation_test(counts, ["a", "a", "b", "b"], n_permutations=200)
    >>> round(obs, 2), p < 0.5
    (11.0, True)
    """
    counts = np.asarray(doc_counts, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != len(doc_groups):
        raise ValueError(f"doc_counts must have one row per article: {counts.shape} vs {len(doc_groups)} groups")
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, got {n_permutations}")
    codes, uniq = group_indices(doc_groups)
    n_groups = len(uniq)
    if n_groups < 2:
        raise ValueError(f"a test between groups needs at least two groups; found {uniq.tolist()}")

    def table(c: np.ndarray) -> np.ndarray:
        out = np.zeros((n_groups, counts.shape[1]))
        np.add.at(out, c, counts)
        return out

    observed = statistic(table(codes))
    rng = np.random.default_rng(random_state)
    if strata is None:
        blocks = [np.arange(len(codes))]
    else:
        s_codes, _ = group_indices(strata)
        blocks = [np.flatnonzero(s_codes == s) for s in np.unique(s_codes)]
    null = np.empty(n_permutations)
    perm = codes.copy()
    for b in range(n_permutations):
        for idx in blocks:
            perm[idx] = codes[idx][rng.permutation(len(idx))]
        null[b] = statistic(table(perm))
    return observed, permutation_p_value(observed, null), null


def bootstrap_ratio_ci(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    random_state: int | None = 0,
) -> tuple[float, float, float]:
    """Percentile bootstrap CI of a ratio of sums, resampling articles (clusters).

    The share of a label among a concept's mentions in an outlet is
    ``sum(label mentions) / sum(concept mentions)`` over its articles; resampling
    the articles (not the mentions) respects that mentions within one article
    are not independent (a cluster bootstrap, Efron & Tibshirani 1993, ch. 13).

    Parameters
    ----------
    numerators, denominators : arrays of shape (n_docs,) or (n_docs, k)
        Per-article sums; with 2-D numerators, a CI for each column.
    n_boot : int, default 2000
    level : float, default 0.95
    random_state : int or None, default 0

    Returns
    -------
    estimate, low, high : floats (or arrays for 2-D numerators); NaN when the
    denominator is zero.

    Examples
    --------
    >>> est, lo, hi = bootstrap_ratio_ci(np.array([1, 2, 0, 3]), np.array([2, 2, 1, 3]), n_boot=500)
    >>> round(est, 3), bool(lo <= est <= hi)
    (0.75, True)
    """
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    squeeze = num.ndim == 1
    if squeeze:
        num = num[:, None]
    if len(num) != len(den):
        raise ValueError(f"numerators and denominators differ in length: {len(num)} vs {len(den)}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    total = den.sum()
    est = num.sum(axis=0) / total if total > 0 else np.full(num.shape[1], np.nan)
    if len(den) == 0 or total == 0:
        nan = np.full(num.shape[1], np.nan)
        return (est[0], nan[0], nan[0]) if squeeze else (est, nan, nan)
    rng = np.random.default_rng(random_state)
    n = len(den)
    boot_den = np.empty(n_boot)
    boot_num = np.empty((n_boot, num.shape[1]))
    batch = max(1, 2_000_000 // n)  # bounded memory: at most ~2M resample weights at once
    for start in range(0, n_boot, batch):
        stop = min(start + batch, n_boot)
        idx = rng.integers(0, n, size=(stop - start, n))
        # how often each article is drawn in each resample; sums are weighted sums
        weights = np.zeros((stop - start, n))
        np.add.at(weights, (np.repeat(np.arange(stop - start), n), idx.ravel()), 1.0)
        boot_den[start:stop] = weights @ den
        boot_num[start:stop] = weights @ num
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = boot_num / boot_den[:, None]
    alpha = (1 - level) / 2
    low = np.nanquantile(ratios, alpha, axis=0)
    high = np.nanquantile(ratios, 1 - alpha, axis=0)
    if squeeze:
        return float(est[0]), float(low[0]), float(high[0])
    return est, low, high


def fdr_bh(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (statsmodels ``multipletests``); NaNs stay NaN.

    Examples
    --------
    >>> fdr_bh([0.01, 0.04, 0.03, float("nan")]).round(3).tolist()
    [0.03, 0.04, 0.04, nan]
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p_values, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = multipletests(p[ok], method="fdr_bh")[1]
    return out
