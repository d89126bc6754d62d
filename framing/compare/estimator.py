"""Fightin' Words as a scikit-learn estimator.

Kept apart from :mod:`framing.compare.terms` so that counting and scoring run
without importing scikit-learn; ``framing.FightingWords`` and
``framing.compare.terms.FightingWords`` both give this class.

References
----------
Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical
feature selection and evaluation for identifying the content of political
conflict. Political Analysis, 16(4), 372-403.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd
from sklearn.base import BaseEstimator

from framing.compare.terms import fighting_words, group_term_counts

__all__ = ["FightingWords"]


class FightingWords(BaseEstimator):
    """Estimator form of :func:`~framing.compare.terms.fighting_words`: ``fit(texts, groups)`` stores ``scores_``.

    Parameters
    ----------
    compare, ngram_range, min_count, prior, prior_scale, lowercase, stop_words
        As in :func:`~framing.compare.terms.fighting_words`.

    Attributes
    ----------
    scores_ : pandas.DataFrame
        The table :func:`~framing.compare.terms.fighting_words` returns.
    counts_ : GroupCounts
        The sparse group x term counts.
    n_terms_dropped_ : int
        Terms removed by ``min_count``.

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
    Lexical feature selection and evaluation for identifying the content of
    political conflict. Political Analysis, 16(4), 372-403.

    Examples
    --------
    >>> fw = FightingWords(compare=("A", "B")).fit(["rebels rebels", "regime forces"], ["A", "B"])
    >>> fw.top_terms(1)[["group", "term"]].values.tolist()
    [['A', 'rebels'], ['B', 'forces']]
    """

    def __init__(self, *, compare: Any = "one_vs_rest", ngram_range: tuple[int, int] = (1, 1), min_count: int = 1,
                 prior: Any = "pooled", prior_scale: float | None = None, lowercase: bool = True,
                 stop_words: Any = None):
        self.compare = compare
        self.ngram_range = ngram_range
        self.min_count = min_count
        self.prior = prior
        self.prior_scale = prior_scale
        self.lowercase = lowercase
        self.stop_words = stop_words

    def fit(self, X: Sequence[str], y: Sequence[Any]) -> "FightingWords":
        """Count terms per group of ``y`` and score them; returns ``self``."""
        if y is None:
            raise ValueError("FightingWords.fit needs the group of each text as y")
        self.counts_ = group_term_counts(
            list(X), list(y), ngram_range=tuple(self.ngram_range), min_count=self.min_count,
            lowercase=self.lowercase, stop_words=self.stop_words,
        )
        self.scores_ = fighting_words(counts=self.counts_, compare=self.compare, prior=self.prior,
                                      prior_scale=self.prior_scale, ngram_range=tuple(self.ngram_range),
                                      lowercase=self.lowercase, stop_words=self.stop_words)
        self.n_terms_dropped_ = self.counts_.n_terms_dropped
        return self

    def top_terms(self, k: int = 20) -> pd.DataFrame:
        """The ``k`` highest-z terms of each group."""
        if not hasattr(self, "scores_"):
            raise ValueError("call fit before top_terms")
        return self.scores_.groupby("group", sort=False, group_keys=False).head(k).reset_index(drop=True)
