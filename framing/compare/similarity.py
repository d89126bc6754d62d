"""Outlet similarity: distances between groups' framing profiles, with uncertainty.

A group's *profile* is the mean of its articles' feature vectors (label shares,
rates, tone...). Features are standardized over articles first so that no single
scale dominates. Distances between profiles get bootstrap intervals by
resampling each group's articles; classical multidimensional scaling places the
groups on a map, and average-linkage clustering groups them.

References
----------
.. [1] Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method.
   *Psychometrika*, 17(4), 401-419.
.. [2] Gower, J. C. (1966). Some distance properties of latent root and vector
   methods used in multivariate analysis. *Biometrika*, 53(3-4), 325-338.
.. [3] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
   Chapman & Hall.
.. [4] Spearman, C. (1904). The proof and measurement of association between two
   things. *American Journal of Psychology*, 15(1), 72-101.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy.spatial.distance import pdist, squareform

__all__ = ["group_profiles", "OutletSimilarity", "outlet_similarity", "classical_mds", "ordering_agreement"]


def _standardize(X: np.ndarray) -> np.ndarray:
    X = np.nan_to_num(np.asarray(X, dtype=float), nan=0.0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    return (X - X.mean(axis=0)) / sd


def group_profiles(features: pd.DataFrame, groups: Sequence[Any], *, standardize: bool = True) -> pd.DataFrame:
    """Mean (standardized) feature vector of each group.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1.0, 3.0, 5.0, 7.0]})
    >>> group_profiles(f, ["x", "x", "y", "y"], standardize=False)["a"].tolist()
    [2.0, 6.0]
    """
    X = _standardize(features.to_numpy()) if standardize else np.nan_to_num(features.to_numpy(dtype=float))
    frame = pd.DataFrame(X, columns=features.columns)
    frame["_group"] = np.asarray(groups, dtype=object)
    return frame.groupby("_group", sort=True).mean()


def classical_mds(distances: np.ndarray, n_components: int = 2) -> np.ndarray:
    """Classical (Torgerson-Gower) multidimensional scaling of a distance matrix.

    Double-centres the squared distances, ``B = -1/2 J D^2 J`` (Torgerson 1952,
    eq. 9; Gower 1966), and returns the top eigenvectors scaled by the square
    roots of their (positive) eigenvalues. The sign of each axis is fixed so its
    largest-magnitude coordinate is positive (deterministic output).

    Examples
    --------
    >>> D = squareform(pdist(np.array([[0.0], [1.0], [3.0]])))
    >>> np.round(np.abs(classical_mds(D, 1)).ravel(), 3).tolist()
    [1.333, 0.333, 1.667]
    """
    D = np.asarray(distances, dtype=float)
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    B = -0.5 * J @ (D ** 2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(vals)[::-1][:n_components]
    vals, vecs = vals[order], vecs[:, order]
    coords = vecs * np.sqrt(np.clip(vals, 0, None))
    for k in range(coords.shape[1]):
        if coords[np.argmax(np.abs(coords[:, k])), k] < 0:
            coords[:, k] *= -1
    return coords


@dataclass
class OutletSimilarity:
    """Result of :func:`outlet_similarity`.

    Attributes
    ----------
    distances : DataFrame
        Group x group distance matrix of the profiles.
    pairs : DataFrame
        ``group_a, group_b, distance, ci_low, ci_high, se`` (bootstrap over articles).
    coordinates : DataFrame
        ``group, dim1, dim2, cluster, n_docs`` from classical MDS and average-linkage clustering.
    """

    distances: pd.DataFrame
    pairs: pd.DataFrame
    coordinates: pd.DataFrame


def outlet_similarity(
    features: pd.DataFrame,
    groups: Sequence[Any],
    *,
    metric: str = "euclidean",
    n_boot: int = 200,
    level: float = 0.95,
    n_clusters: int = 3,
    min_docs: int = 1,
    random_state: int = 0,
) -> OutletSimilarity:
    """Distances between groups' feature profiles with bootstrap CIs, an MDS map and clusters.

    Parameters
    ----------
    features : DataFrame
        One row per article (numeric columns), aligned with ``groups``.
    groups : sequence
        Group of each article (e.g. outlet).
    metric : str, default "euclidean"
        Any :func:`scipy.spatial.distance.pdist` metric ("cosine", "cityblock"...).
    n_boot : int, default 200
        Bootstrap resamples of each group's articles.
    level : float, default 0.95
    n_clusters : int, default 3
        Clusters cut from the average-linkage tree.
    min_docs : int, default 1
        Groups with fewer articles are left out.
    random_state : int, default 0

    Returns
    -------
    OutletSimilarity

    Examples
    --------
    >>> f = pd.DataFrame({"x": [0.0, 0.1, 1.0, 1.1, 5.0, 5.2]})
    >>> res = outlet_similarity(f, ["a", "a", "b", "b", "c", "c"], n_boot=20, n_clusters=2)
    >>> bool(res.distances.loc["a", "b"] < res.distances.loc["a", "c"])
    True
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    groups = np.asarray(groups, dtype=object)
    if len(groups) != len(features):
        raise ValueError(f"features has {len(features)} rows but groups has {len(groups)} labels")
    counts = pd.Series(groups).value_counts()
    keep_groups = sorted(counts[counts >= min_docs].index.astype(str))
    if len(keep_groups) < 2:
        raise ValueError(f"similarity needs at least two groups with >= {min_docs} articles; found {keep_groups}")
    mask = np.isin(groups.astype(str), keep_groups)
    X = _standardize(features.to_numpy()[mask])
    g = groups[mask].astype(str)
    codes = np.array([keep_groups.index(v) for v in g])

    def profiles(c_idx: list[np.ndarray]) -> np.ndarray:
        return np.vstack([X[idx].mean(axis=0) for idx in c_idx])

    members = [np.flatnonzero(codes == k) for k in range(len(keep_groups))]
    P = profiles(members)
    D = squareform(pdist(P, metric=metric))
    rng = np.random.default_rng(random_state)
    boots = np.empty((n_boot, len(keep_groups), len(keep_groups)))
    for b in range(n_boot):
        resampled = [idx[rng.integers(0, len(idx), len(idx))] for idx in members]
        boots[b] = squareform(pdist(profiles(resampled), metric=metric))
    a = (1 - level) / 2
    rows = []
    for i in range(len(keep_groups)):
        for j in range(i + 1, len(keep_groups)):
            rows.append({"group_a": keep_groups[i], "group_b": keep_groups[j], "distance": D[i, j],
                         "ci_low": np.quantile(boots[:, i, j], a), "ci_high": np.quantile(boots[:, i, j], 1 - a),
                         "se": boots[:, i, j].std(ddof=1) if n_boot > 1 else np.nan})
    coords = classical_mds(D, 2)
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((len(coords), 2 - coords.shape[1]))])
    k = min(n_clusters, len(keep_groups))
    clusters = fcluster(linkage(squareform(D, checks=False), method="average"), k, criterion="maxclust")
    coordinates = pd.DataFrame({"group": keep_groups, "dim1": coords[:, 0], "dim2": coords[:, 1],
                                "cluster": clusters, "n_docs": [len(m) for m in members]})
    return OutletSimilarity(pd.DataFrame(D, index=keep_groups, columns=keep_groups), pd.DataFrame(rows), coordinates)


def ordering_agreement(
    scores: Sequence[float], known: Sequence[float], *, n_permutations: int = 5000, random_state: int = 0
) -> dict[str, float]:
    """How well a 1-D ordering of groups recovers a known ordering (e.g. left=-1, center=0, right=1).

    Returns Spearman's rho (sign-free: an MDS axis has no inherent direction, so
    ``abs(rho)`` is tested), its permutation p-value against random orderings, and
    the chance level (mean ``abs(rho)`` under permutation).

    Examples
    --------
    >>> r = ordering_agreement([0.1, 0.2, 0.9, 1.0], [-1, -1, 1, 1], n_permutations=200)
    >>> round(r["abs_rho"], 3), r["p_value"] < 0.5
    (0.894, True)
    """
    from scipy.stats import spearmanr

    s = np.asarray(scores, dtype=float)
    k = np.asarray(known, dtype=float)
    if len(s) != len(k) or len(s) < 3:
        raise ValueError("ordering_agreement needs at least three groups with a score and a known position")
    rho = abs(spearmanr(s, k).statistic)
    rng = np.random.default_rng(random_state)
    null = np.array([abs(spearmanr(rng.permutation(s), k).statistic) for _ in range(n_permutations)])
    null = np.nan_to_num(null)
    return {"abs_rho": float(rho), "p_value": float((1 + np.sum(null >= rho - 1e-12)) / (1 + n_permutations)),
            "chance_abs_rho": float(null.mean()), "n_groups": int(len(s))}
