"""Classifiers that compare outlets: ready pipelines and honest evaluation.

A classifier that predicts an outlet's leaning from its articles can win by
recognising the outlet (its boilerplate, bylines, house style) instead of its
framing. Evaluation here therefore splits by **groups** (events, or outlets: the
"media-based split" of Baly et al. 2020) so that no outlet or story is in both
training and test folds, reports confidence intervals and a permutation-test
p-value, and maps the model's weights back to words and lexicon labels.

Pipelines take the corpus table itself (a DataFrame), so TF-IDF over the text
(words and, optionally, character n-grams), framing extractors over the same
rows, and framing features computed beforehand (columns of the table) combine in
one scikit-learn object. Multi-label targets (e.g. the frames of an article) are
evaluated with :func:`evaluate_multilabel`.

Speed: the feature steps of these pipelines never look at the labels, so
:func:`evaluate` computes each fold's features once and, for the permutation
test, refits only the final model on shuffled labels.

References
----------
.. [1] Baly, R., Da San Martino, G., Glass, J., & Nakov, P. (2020). We can detect
   your bias: Predicting the political ideology of news articles. *EMNLP 2020*,
   4982-4991.
.. [2] Ojala, M., & Garriga, G. C. (2010). Permutation tests for studying
   classifier performance. *Journal of Machine Learning Research*, 11, 1833-1863.
.. [3] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
   Chapman & Hall.
.. [4] Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic
   text retrieval. *Information Processing & Management*, 24(5), 513-523.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

__all__ = [
    "TextColumns",
    "ColumnFeatures",
    "AnnotatedWords",
    "make_pipeline",
    "ClassificationResult",
    "MultiLabelResult",
    "evaluate",
    "evaluate_multilabel",
    "search_tfidf",
    "label_matrix",
    "top_features",
    "bootstrap_metric_ci",
]

log = logging.getLogger(__name__)


def _blas_limit(threads: int | None) -> Any:
    """Context limiting BLAS threads (``None``: leave them alone)."""
    import contextlib

    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api="blas")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


class TextColumns(TransformerMixin, BaseEstimator):
    """Join text columns of a corpus table into one string per row (for TF-IDF).

    Parameters
    ----------
    columns : tuple of str, default ("title", "text")
        Columns to join (missing columns and values count as empty).
    drop_repeated_lines : int, default 0
        When > 0, lines (stripped, non-empty) that occur in at least this many
        *training* documents are learned in :meth:`fit` and removed from every
        text in :meth:`transform`: outlet boilerplate ("Story Continued Below",
        newsletter prompts, columnist sign-offs) that identifies the outlet rather
        than the framing. Learned without the labels.

    Attributes
    ----------
    repeated_lines_ : frozenset of str
        The lines removed (empty when ``drop_repeated_lines`` is 0).

    Examples
    --------
    >>> TextColumns().fit_transform(pd.DataFrame({"title": ["A"], "text": ["b c"]}))
    ['A\\nb c']
    >>> t = pd.DataFrame({"text": ["Sign up now\\nRebels won.", "Sign up now\\nTroops left.", "Rain."]})
    >>> TextColumns(columns=("text",), drop_repeated_lines=2).fit_transform(t)
    ['Rebels won.', 'Troops left.', 'Rain.']
    """

    def __init__(self, *, columns: tuple[str, ...] = ("title", "text"), drop_repeated_lines: int = 0):
        self.columns = columns
        self.drop_repeated_lines = drop_repeated_lines

    def _join(self, X: Any) -> list[str]:
        if not isinstance(X, pd.DataFrame):
            return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in X]
        parts = [X[c].fillna("").astype(str) for c in self.columns if c in X.columns]
        if not parts:
            return [""] * len(X)
        joined = parts[0]
        for p in parts[1:]:
            joined = joined + "\n" + p
        return joined.tolist()

    def fit(self, X: Any, y: Any = None) -> "TextColumns":
        if isinstance(X, pd.DataFrame) and not any(c in X.columns for c in self.columns):
            raise ValueError(f"none of the text columns {list(self.columns)} is in the table (found {list(X.columns)})")
        if not isinstance(self.drop_repeated_lines, (int, np.integer)) or self.drop_repeated_lines < 0:
            raise ValueError(f"drop_repeated_lines must be a non-negative integer, got {self.drop_repeated_lines!r}")
        repeated: frozenset[str] = frozenset()
        if self.drop_repeated_lines > 0:
            counts: Counter[str] = Counter()
            for text in self._join(X):
                counts.update({line for line in _lines(text) if line})
            repeated = frozenset(line for line, n in counts.items() if n >= self.drop_repeated_lines)
            log.info("TextColumns: %d lines occur in >= %d training documents and are removed",
                     len(repeated), self.drop_repeated_lines)
        self.repeated_lines_ = repeated
        return self

    def transform(self, X: Any) -> list[str]:
        texts = self._join(X)
        repeated = getattr(self, "repeated_lines_", frozenset())
        if not repeated:
            return texts
        return ["\n".join(line for line in _lines(t) if line not in repeated) for t in texts]


class ColumnFeatures(TransformerMixin, BaseEstimator):
    """Numeric columns of the corpus table as features (e.g. framing features computed beforehand).

    Extractor features are properties of each article alone, so they can be
    computed once for a whole corpus (``extractor.fit(corpus).transform(corpus)``),
    joined to the table and selected here; cross-validation then does not
    recompute them in every fold. NaN (an undefined share) becomes 0.

    Parameters
    ----------
    columns : sequence of str
        Names of the columns to use.

    Examples
    --------
    >>> t = pd.DataFrame({"text": ["a", "b"], "tone__polarity": [0.5, None]})
    >>> ColumnFeatures(columns=["tone__polarity"]).fit_transform(t).tolist()
    [[0.5], [0.0]]
    """

    def __init__(self, *, columns: Sequence[str] = ()):
        self.columns = columns

    def fit(self, X: Any, y: Any = None) -> "ColumnFeatures":
        columns = list(self.columns)
        if not columns:
            raise ValueError("ColumnFeatures needs at least one column name in columns=")
        if not isinstance(X, pd.DataFrame):
            raise TypeError(f"ColumnFeatures reads columns of a corpus table (DataFrame), got {type(X).__name__}")
        missing = [c for c in columns if c not in X.columns]
        if missing:
            raise ValueError(f"feature columns {missing[:5]} (of {len(missing)} missing) are not in the table; "
                             "compute them first and join them to the corpus table")
        bad = [c for c in columns if not pd.api.types.is_numeric_dtype(X[c])]
        if bad:
            raise ValueError(f"feature columns must be numeric; {bad[:5]} are not")
        self.feature_names_in_ = np.asarray(columns, dtype=object)
        return self

    def transform(self, X: Any) -> np.ndarray:
        return np.nan_to_num(X[list(self.columns)].to_numpy(dtype=float), nan=0.0)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(list(self.columns), dtype=object)


class _Dense(TransformerMixin, BaseEstimator):
    """NaN -> 0 and to float array (framing features use NaN for 'undefined share')."""

    def fit(self, X: Any, y: Any = None) -> "_Dense":
        return self

    def transform(self, X: Any) -> np.ndarray:
        return np.nan_to_num(np.asarray(X, dtype=float), nan=0.0)


class _BlockScale(TransformerMixin, BaseEstimator):
    """Clip standardized values to +-``clip`` and divide by sqrt(number of columns).

    A block of k standardized features has rows of norm about sqrt(k), while a
    TF-IDF row has norm 1: without this, a few hundred framing features drown
    the words in a combined model (and a few rare-count features with huge
    z-scores drown the rest).
    """

    def __init__(self, *, clip: float = 5.0):
        self.clip = clip

    def fit(self, X: Any, y: Any = None) -> "_BlockScale":
        self.scale_ = 1.0 / np.sqrt(max(np.shape(X)[1], 1))
        return self

    def transform(self, X: Any) -> np.ndarray:
        return np.clip(np.asarray(X, dtype=float), -self.clip, self.clip) * self.scale_


class AnnotatedWords(TransformerMixin, BaseEstimator):
    """Loaded-word indicators from a lexicon learned on word-level annotations of the training rows.

    Some datasets mark the words that make a sentence biased (BABE's
    ``biased_words``, BASIL's lexical-bias spans). :meth:`fit` learns, for every
    word marked at least ``min_count`` times in the training rows, a score: how
    often it was marked over how often it occurs, ``marked / (occurrences + 1)``.
    :meth:`transform` reads only the text: per row the number of lexicon words,
    the sum and maximum of their scores and the number scoring at least
    ``threshold``. The annotations of the rows being transformed are never read.

    Because the lexicon is learned from the very rows a classifier is then
    trained on, :meth:`fit_transform` is *cross-fitted* (like scikit-learn's
    ``TargetEncoder``): each training row's indicators come from a lexicon
    learned on the other ``cv`` - 1 folds, so the indicators on training rows
    are as noisy as they will be on new rows. New rows use the lexicon of all
    training rows.

    Parameters
    ----------
    column : str, default "biased_words"
        Column with the marked words of each row (a list of strings; missing
        or empty when nothing is marked). Multi-word marks count word by word.
    text_columns : tuple of str, default ("text",)
        Columns whose words are looked up.
    min_count : int, default 1
        Keep words marked at least this many times.
    threshold : float, default 0.3
        Score at which a word counts as strongly loaded.
    cv : int, default 5
        Folds of the cross-fitting in :meth:`fit_transform`.
    random_state : int, default 0

    Attributes
    ----------
    scores_ : dict
        Word (lower-case) -> score, learned on all the rows given to :meth:`fit`.

    Notes
    -----
    Columns: ``annotated__n_words``, ``annotated__score_sum``,
    ``annotated__score_max``, ``annotated__n_strong``.

    References
    ----------
    .. [1] Spinde, T., Rudnitckaia, L., Mitrović, J., Hamborg, F., Granitzer, M.,
       Gipp, B., & Donnay, K. (2021). Automated identification of bias inducing
       words in news articles using linguistic and context-oriented features.
       *Information Processing & Management*, 58(3), 102505.
    .. [2] Chernozhukov, V., et al. (2018). Double/debiased machine learning for
       treatment and structural parameters. *The Econometrics Journal*, 21(1),
       C1-C68 (cross-fitting).

    Examples
    --------
    >>> t = pd.DataFrame({"text": ["a radical plan", "a plan", "radical views", "calm views"],
    ...                   "marked": [["radical"], [], ["radical"], []]})
    >>> aw = AnnotatedWords(column="marked").fit(t)
    >>> aw.scores_
    {'radical': 0.6666666666666666}
    >>> aw.transform(pd.DataFrame({"text": ["Radical ideas"]})).tolist()
    [[1.0, 0.6666666666666666, 0.6666666666666666, 1.0]]
    """

    _TOKEN = re.compile(r"(?u)\b\w[\w'\-]*\w\b|\b\w\b")

    def __init__(self, *, column: str = "biased_words", text_columns: tuple[str, ...] = ("text",),
                 min_count: int = 1, threshold: float = 0.3, cv: int = 5, random_state: int = 0):
        self.column = column
        self.text_columns = text_columns
        self.min_count = min_count
        self.threshold = threshold
        self.cv = cv
        self.random_state = random_state

    def _texts(self, X: pd.DataFrame) -> list[str]:
        return TextColumns(columns=tuple(self.text_columns)).fit(X).transform(X)

    def _learn(self, marks: Sequence[Any], texts: Sequence[str]) -> dict[str, float]:
        marked: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for words, text in zip(marks, texts):
            tokens = set(self._TOKEN.findall(text.lower()))
            seen.update(tokens)
            if isinstance(words, str):
                words = [words]
            if words is None or (isinstance(words, float) and np.isnan(words)):
                words = []
            mark = {w for phrase in words for w in self._TOKEN.findall(str(phrase).lower())}
            marked.update(mark & tokens)
        return {w: marked[w] / (seen[w] + 1) for w in sorted(marked) if marked[w] >= self.min_count}

    def _apply(self, scores: dict[str, float], texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 4))
        for i, text in enumerate(texts):
            hits = [scores[t] for t in self._TOKEN.findall(text.lower()) if t in scores]
            if hits:
                out[i] = (len(hits), sum(hits), max(hits), sum(h >= self.threshold for h in hits))
        return out

    def _check(self, X: Any) -> None:
        if not isinstance(X, pd.DataFrame):
            raise TypeError(f"AnnotatedWords reads columns of a corpus table (DataFrame), got {type(X).__name__}")
        if self.column not in X.columns:
            raise ValueError(f"AnnotatedWords needs the column {self.column!r} with the marked words of each "
                             f"training row; found {list(X.columns)}")
        if not isinstance(self.cv, (int, np.integer)) or self.cv < 2:
            raise ValueError(f"cv must be an integer >= 2, got {self.cv!r}")

    def fit(self, X: Any, y: Any = None) -> "AnnotatedWords":
        self._check(X)
        self.scores_ = self._learn(X[self.column].tolist(), self._texts(X))
        return self

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> np.ndarray:
        from sklearn.model_selection import KFold

        self.fit(X)
        marks, texts = X[self.column].tolist(), self._texts(X)
        out = np.zeros((len(X), 4))
        if len(X) < self.cv:
            return self._apply(self.scores_, texts)
        for tr, te in KFold(self.cv, shuffle=True, random_state=self.random_state).split(texts):
            scores = self._learn([marks[i] for i in tr], [texts[i] for i in tr])
            out[te] = self._apply(scores, [texts[i] for i in te])
        return out

    def transform(self, X: Any) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "scores_")
        return self._apply(self.scores_, self._texts(X))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(["annotated__n_words", "annotated__score_sum", "annotated__score_max",
                         "annotated__n_strong"], dtype=object)


def _default_extractors() -> list[Any]:
    from framing.extract.tone import ToneFeatures
    from framing.extract.wording import WordingFeatures

    return [
        WordingFeatures(lexicons=("hedges", "factives", "assertives", "implicatives", "report-verbs",
                                  "intensifiers", "anonymous-sourcing"), normalize="per_1k_words"),
        ToneFeatures(),
    ]


def make_pipeline(
    kind: str = "tfidf",
    *,
    extractors: Sequence[Any] | None = None,
    feature_columns: Sequence[str] | None = None,
    text_columns: tuple[str, ...] = ("title", "text"),
    drop_repeated_lines: int = 0,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 2,
    max_df: float = 1.0,
    max_features: int | None = 200_000,
    binary: bool = False,
    char_ngram_range: tuple[int, int] | None = None,
    char_max_features: int | None = 200_000,
    C: float = 1.0,
    class_weight: str | None = "balanced",
    max_iter: int = 2000,
    features_weight: float = 1.0,
    annotated_words: str | None = None,
    annotated_weight: float = 1.0,
    multilabel: bool = False,
) -> Pipeline:
    """A ready classification pipeline over a corpus table.

    Parameters
    ----------
    kind : {"tfidf", "features", "both"}
        TF-IDF of the text, framing features, or both side by side.
    extractors : list of extractors, optional
        Framing extractors for ``"features"``/``"both"`` (default: wording with the
        general lexicons, and tone), run inside the pipeline.
    feature_columns : sequence of str, optional
        Use these numeric columns of the table (framing features computed
        beforehand, see :class:`ColumnFeatures`) instead of running extractors.
    text_columns : tuple of str
        Columns joined for TF-IDF.
    drop_repeated_lines : int, default 0
        Remove lines found in at least this many training documents (see
        :class:`TextColumns`); 0 keeps all lines.
    ngram_range, min_df, max_df, max_features
        Word TF-IDF settings (sublinear tf, smoothed idf, l2 norm; Salton &
        Buckley 1988).
    binary : bool, default False
        Term presence instead of (sublinear) term frequency, times idf.
    char_ngram_range : (int, int), optional
        When given, character n-grams within word boundaries (``char_wb``) are
        added as a second TF-IDF block (e.g. ``(2, 5)``), capped at
        ``char_max_features``.
    C, class_weight, max_iter
        Logistic regression settings (``lbfgs``, multinomial).
    features_weight : float, default 1.0
        Weight of the framing block when combined with TF-IDF. The block is
        standardized, clipped to +-5 and divided by the square root of its
        number of columns, so that its rows have about the norm of a TF-IDF
        row (1) whatever the number of features.
    annotated_words : str, optional
        Column of marked (e.g. biased) words per row: adds the cross-fitted
        loaded-word indicators of :class:`AnnotatedWords` (block ``annotated``),
        read from ``text_columns``.
    annotated_weight : float, default 1.0
        Weight of the standardized ``annotated`` block.
    multilabel : bool, default False
        One binary logistic regression per label
        (:class:`~sklearn.multiclass.OneVsRestClassifier`), for a 0/1 label
        matrix as target (see :func:`evaluate_multilabel`).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (a :class:`~sklearn.pipeline.FeatureUnion` of
        ``tfidf``, ``chars``, ``framing`` and/or ``annotated``) and ``model``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["rebels advance", "rebels win", "regime holds", "regime wins"] * 3})
    >>> pipe = make_pipeline("tfidf", min_df=1).fit(corpus, ["a", "a", "b", "b"] * 3)
    >>> pipe.predict(pd.DataFrame({"text": ["rebels again"]})).tolist()
    ['a']
    >>> [name for name, _ in make_pipeline("both", feature_columns=["tone__polarity"],
    ...                                     char_ngram_range=(2, 4)).named_steps["features"].transformer_list]
    ['tfidf', 'chars', 'framing']
    """
    if kind not in ("tfidf", "features", "both"):
        raise ValueError(f"kind must be 'tfidf', 'features' or 'both', got {kind!r}")
    if extractors is not None and feature_columns is not None:
        raise ValueError("give extractors (run in the pipeline) or feature_columns (computed beforehand), not both")
    parts = []
    if kind in ("tfidf", "both"):
        text = TextColumns(columns=tuple(text_columns), drop_repeated_lines=drop_repeated_lines)
        parts.append(("tfidf", Pipeline([
            ("text", text),
            ("vectorizer", TfidfVectorizer(sublinear_tf=True, ngram_range=tuple(ngram_range), min_df=min_df,
                                           max_df=max_df, max_features=max_features, binary=binary,
                                           dtype=np.float64)),
        ])))
        if char_ngram_range is not None:
            parts.append(("chars", Pipeline([
                ("text", clone(text)),
                ("vectorizer", TfidfVectorizer(sublinear_tf=True, analyzer="char_wb",
                                               ngram_range=tuple(char_ngram_range), min_df=min_df, max_df=max_df,
                                               max_features=char_max_features, dtype=np.float64)),
            ])))
    if kind in ("features", "both"):
        if feature_columns is not None:
            extract: Any = ColumnFeatures(columns=list(feature_columns))
        else:
            if extractors is None:
                extractors = _default_extractors()
            extract = FeatureUnion([(getattr(e, "prefix", f"extractor{i}"), e) for i, e in enumerate(extractors)])
        parts.append(("framing", Pipeline([("extract", extract), ("dense", _Dense()), ("scale", StandardScaler()),
                                           ("block", _BlockScale())])))
    if annotated_words is not None:
        parts.append(("annotated", Pipeline([
            ("lexicon", AnnotatedWords(column=annotated_words, text_columns=tuple(text_columns))),
            ("scale", StandardScaler()),
            ("block", _BlockScale()),
        ])))
    weights = {}
    if kind == "both":
        weights["framing"] = features_weight
    if annotated_words is not None and annotated_weight != 1.0:
        weights["annotated"] = annotated_weight
    features = FeatureUnion(parts, transformer_weights=weights or None)
    model: Any = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    if multilabel:
        from sklearn.multiclass import OneVsRestClassifier

        model = OneVsRestClassifier(model)
    return Pipeline([("features", features), ("model", model)])


def bootstrap_metric_ci(
    y_true: Sequence[Any], y_pred: Sequence[Any], metric: Any, *, n_boot: int = 1000, level: float = 0.95,
    clusters: Sequence[Any] | None = None, random_state: int = 0,
) -> tuple[float, float, float]:
    """Metric with a percentile bootstrap CI over test predictions (or over clusters of them).

    Parameters
    ----------
    y_true, y_pred : sequences (or 2-D 0/1 arrays for multi-label metrics)
    metric : callable
        ``metric(y_true, y_pred) -> float``.
    clusters : sequence, optional
        Resample whole clusters (e.g. outlets or events) instead of single
        predictions, when test items within a cluster are not independent.

    References
    ----------
    .. [1] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
       Bootstrap*. Chapman & Hall, ch. 13 (percentile intervals).

    Examples
    --------
    >>> from sklearn.metrics import accuracy_score
    >>> est, lo, hi = bootstrap_metric_ci([1, 0, 1, 1], [1, 0, 0, 1], accuracy_score, n_boot=200)
    >>> est, bool(lo <= est <= hi)
    (0.75, True)
    """
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim == 1:
        y_true = y_true.astype(str)
        y_pred = y_pred.astype(str)
    est = float(metric(y_true, y_pred))
    rng = np.random.default_rng(random_state)
    if clusters is None:
        units = [np.array([i]) for i in range(len(y_true))]
    else:
        cl = pd.Series(np.asarray(clusters, dtype=object))
        units = [np.asarray(ix) for ix in cl.groupby(cl, sort=True).indices.values()]
    stats = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(units), len(units))
        idx = np.concatenate([units[p] for p in pick])
        stats.append(metric(y_true[idx], y_pred[idx]))
    a = (1 - level) / 2
    return est, float(np.quantile(stats, a)), float(np.quantile(stats, 1 - a))


@dataclass
class ClassificationResult:
    """What :func:`evaluate` returns.

    Attributes
    ----------
    metrics : dict
        ``accuracy``, ``macro_f1`` (each with ``_ci_low``/``_ci_high``),
        ``permutation_p_value`` (when computed), ``n_train``/``n_test`` or
        ``n_folds``, the split description, classes and settings.
    report : DataFrame
        Per-class precision, recall, F1 and support.
    confusion : DataFrame
        Confusion matrix (rows true, columns predicted).
    predictions : DataFrame
        ``doc_id, fold, y_true, y_pred``.
    top_features : DataFrame
        From :func:`top_features` on a model fitted to all the data.
    """

    metrics: dict[str, Any]
    report: pd.DataFrame
    confusion: pd.DataFrame
    predictions: pd.DataFrame
    top_features: pd.DataFrame = field(default_factory=pd.DataFrame)


def _splits(n: int, y: np.ndarray, groups: np.ndarray | None, cv: int, split: np.ndarray | None,
            random_state: int, train_on: Sequence[str] = ("train", "valid"),
            ) -> tuple[list[tuple[np.ndarray, np.ndarray]], str]:
    from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

    if split is not None:
        split = np.asarray(split, dtype=object).astype(str)
        train = np.flatnonzero(np.isin(split, list(train_on)))
        test = np.flatnonzero(split == "test")
        if len(train) == 0 or len(test) == 0:
            raise ValueError(f"the split column needs rows marked {' or '.join(map(repr, train_on))} (training) "
                             f"and 'test'; found values {sorted(set(split.tolist()))[:10]}")
        return [(train, test)], f"fixed split ({'+'.join(train_on)} -> test)"
    if groups is not None:
        n_groups = len(pd.unique(groups))
        if n_groups < cv:
            raise ValueError(f"grouped cross-validation with {cv} folds needs at least {cv} groups; found {n_groups}")
        try:
            gkf = GroupKFold(n_splits=cv, shuffle=True, random_state=random_state)
        except TypeError:  # older scikit-learn
            gkf = GroupKFold(n_splits=cv)
        return list(gkf.split(np.zeros(n), None, groups)), f"{cv}-fold cross-validation grouped by {n_groups} groups"
    if y.ndim > 1:
        kf = KFold(n_splits=cv, shuffle=True, random_state=random_state)
        return list(kf.split(np.zeros(n))), f"{cv}-fold cross-validation"
    skf = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    return list(skf.split(np.zeros(n), y)), f"{cv}-fold stratified cross-validation"


_LABEL_FREE_NAMES = {
    "TextColumns", "ColumnFeatures", "_Dense", "_BlockScale", "AnnotatedWords", "TfidfVectorizer", "CountVectorizer", "HashingVectorizer",
    "TfidfTransformer", "StandardScaler", "MaxAbsScaler", "MinMaxScaler", "Normalizer", "FunctionTransformer",
    "SimpleImputer",
}


def _label_free(est: Any) -> bool:
    """Whether a (feature) estimator certainly ignores ``y`` when fitted."""
    if est is None or est == "drop" or est == "passthrough":
        return True
    if isinstance(est, Pipeline):
        return all(_label_free(step) for _, step in est.steps)
    if isinstance(est, FeatureUnion):
        return all(_label_free(t) for _, t in est.transformer_list)
    from framing.extract.base import BaseExtractor

    if isinstance(est, BaseExtractor):
        return True
    return type(est).__name__ in _LABEL_FREE_NAMES and type(est).__module__.startswith(("sklearn.", "framing."))


class _FoldCache:
    """Each fold's features, fitted once on its training rows; the final model is refit on demand.

    When the feature steps ignore the labels (the pipelines of :func:`make_pipeline`),
    refitting the whole pipeline on permuted labels would recompute identical
    features: this computes them once per fold.
    """

    def __init__(self, pipeline: Pipeline, data: pd.DataFrame,
                 folds: list[tuple[np.ndarray, np.ndarray]]):
        self.pipeline = pipeline
        self.data = data
        self.folds = folds
        self.cached = isinstance(pipeline, Pipeline) and len(pipeline.steps) > 1 and _label_free(pipeline[:-1])
        self.matrices: list[tuple[Any, Any]] = []

    def predict_folds(self, y: np.ndarray, keep: bool) -> list[np.ndarray]:
        out = []
        for k, (tr, te) in enumerate(self.folds):
            if self.cached:
                if k < len(self.matrices):
                    Xtr, Xte = self.matrices[k]
                else:
                    feats = clone(self.pipeline[:-1])
                    Xtr = feats.fit_transform(self.data.iloc[tr])
                    Xte = feats.transform(self.data.iloc[te])
                    if keep:
                        self.matrices.append((Xtr, Xte))
                model = clone(self.pipeline.steps[-1][1]).fit(Xtr, y[tr])
                out.append(model.predict(Xte))
            else:
                model = clone(self.pipeline).fit(self.data.iloc[tr], y[tr])
                out.append(model.predict(self.data.iloc[te]))
        return out


def _permute(y: np.ndarray, groups: np.ndarray | None, scheme: str, rng: np.random.Generator) -> np.ndarray:
    if scheme == "global" or groups is None:
        return y[rng.permutation(len(y))]
    if scheme == "within_groups":
        out = y.copy()
        for idx in pd.Series(np.arange(len(y))).groupby(groups, sort=True).indices.values():
            out[idx] = y[idx][rng.permutation(len(idx))]
        return out
    # between_groups: every group gets the (majority) label of another group
    labels = pd.Series(list(y) if y.ndim > 1 else y).groupby(groups, sort=True)
    keys = list(labels.indices)
    if y.ndim > 1:
        major = {g: y[ix].mean(axis=0) >= 0.5 for g, ix in labels.indices.items()}
    else:
        major = {g: pd.Series(y[ix]).mode().iloc[0] for g, ix in labels.indices.items()}
    shuffled = dict(zip(keys, [major[keys[i]] for i in rng.permutation(len(keys))]))
    out = np.array([shuffled[g] for g in groups], dtype=y.dtype)
    return out


def _resolve_scheme(scheme: str, y: np.ndarray, groups: np.ndarray | None, split: bool) -> str:
    if scheme not in ("auto", "global", "within_groups", "between_groups"):
        raise ValueError(f"permutation_scheme must be 'auto', 'global', 'within_groups' or 'between_groups', "
                         f"got {scheme!r}")
    if scheme != "auto":
        if scheme != "global" and groups is None:
            raise ValueError(f"permutation_scheme={scheme!r} needs groups=")
        return scheme
    if groups is None or split:
        return "global"
    keys = [tuple(r) for r in y.astype(int)] if y.ndim > 1 else list(y)
    frame = pd.DataFrame({"g": groups, "y": keys})
    major = frame.groupby("g")["y"].agg(lambda s: s.value_counts().iloc[0]).sum()
    return "between_groups" if major >= 0.95 * len(frame) else "within_groups"


def _permutation_test(cache: _FoldCache, y: np.ndarray, tested: np.ndarray, score: Callable, observed: float,
                      groups: np.ndarray | None, scheme: str, n_permutations: int,
                      random_state: int) -> dict[str, Any]:
    rng = np.random.default_rng(random_state)
    null = []
    for _ in range(n_permutations):
        y_perm = _permute(y, groups, scheme, rng)
        pred = np.empty_like(y_perm) if y_perm.ndim > 1 else np.empty(len(y_perm), dtype=object)
        for (tr, te), p in zip(cache.folds, cache.predict_folds(y_perm, keep=True)):
            pred[te] = p
        null.append(score(y_perm[tested], pred[tested]))
    null_arr = np.asarray(null, dtype=float)
    p_value = (1 + np.sum(null_arr >= observed - 1e-12)) / (1 + n_permutations)
    return {"permutation_p_value": float(p_value), "permutation_n": int(n_permutations),
            "permutation_null_mean": float(null_arr.mean()), "permutation_null_max": float(null_arr.max()),
            "permutation_scheme": scheme}


def evaluate(
    pipeline: Pipeline,
    corpus: pd.DataFrame,
    target: str,
    *,
    groups: str | None = None,
    split: str | None = None,
    train_on: Sequence[str] = ("train", "valid"),
    cv: int = 5,
    n_boot: int = 1000,
    n_permutations: int = 0,
    permutation_scheme: str = "auto",
    top_k: int = 20,
    random_state: int = 0,
    blas_threads: int | None = 1,
) -> ClassificationResult:
    """Cross-validated (or fixed-split) evaluation of a pipeline on a corpus table.

    Parameters
    ----------
    pipeline : Pipeline
        E.g. from :func:`make_pipeline`. Any scikit-learn classifier that takes
        the corpus table works; a :class:`~sklearn.pipeline.Pipeline` whose
        feature steps ignore the labels is sped up (features computed once per
        fold and reused by the permutation test).
    corpus : DataFrame
        Must contain ``target`` (and ``groups``/``split`` if given).
    target : str
        Column to predict (outlet, leaning, frame label...). Rows with a missing
        target are left out and counted in ``metrics["n_missing_target"]``.
    groups : str, optional
        Column for grouped cross-validation (e.g. ``"outlet"``, ``"event_id"``):
        no group is in both a training and a test fold. CIs then resample groups.
    split : str, optional
        Column with ``train``/``valid``/``test`` values for a fixed split (e.g.
        AllSides' official media split); overrides ``cv``.
    train_on : sequence of str, default ("train", "valid")
        With ``split``: the values whose rows are fitted on. ``("train",)``
        gives the protocol where ``valid`` is kept for choosing settings and
        left out here; rows with any value other than these and ``test`` are
        left out and counted in ``metrics["n_left_out_by_split"]``.
    cv : int, default 5
    n_boot : int, default 1000
        Bootstrap resamples for the metric CIs.
    n_permutations : int, default 0
        When > 0, the permutation-test p-value of macro-F1 (Ojala & Garriga
        2010, test 1): the labels are shuffled, the same folds refit and scored;
        ``p = (1 + #{null >= observed}) / (1 + n_permutations)``.
    permutation_scheme : {"auto", "global", "within_groups", "between_groups"}
        How labels are shuffled. ``global``: over all documents.
        ``within_groups``: among the documents of each group (e.g. outlets
        within an event). ``between_groups``: whole groups trade their
        (majority) label, for targets that are (nearly) constant within groups
        such as an outlet's leaning with outlet groups, where shuffling within
        groups would change nothing. ``auto`` (default): ``global`` without
        groups or with a fixed split; ``between_groups`` when the target is
        constant within groups for >= 95% of documents; else ``within_groups``.
    top_k : int, default 20
    random_state : int, default 0
    blas_threads : int or None, default 1
        BLAS threads while fitting. The fits here are sparse and their dense
        parts vector-sized, where extra BLAS threads only add synchronisation:
        on a busy 2-core machine one thread was 6.8 times faster than two.
        ``None`` leaves the setting alone.

    Returns
    -------
    ClassificationResult

    References
    ----------
    .. [1] Ojala, M., & Garriga, G. C. (2010). Permutation tests for studying
       classifier performance. *JMLR*, 11, 1833-1863.
    .. [2] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
       Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["rebels advance", "rebels win", "regime holds", "regime wins"] * 5,
    ...                        "side": ["a", "a", "b", "b"] * 5})
    >>> res = evaluate(make_pipeline(min_df=1), corpus, "side", cv=5, n_boot=50, n_permutations=9, top_k=0)
    >>> res.metrics["macro_f1"], res.metrics["permutation_p_value"]
    (1.0, 0.1)
    """
    if target not in corpus.columns:
        raise ValueError(f"corpus has no target column {target!r}; found {list(corpus.columns)}")
    for col in (groups, split):
        if col and col not in corpus.columns:
            raise ValueError(f"corpus has no column {col!r}; found {list(corpus.columns)}")
    train_on = (train_on,) if isinstance(train_on, str) else tuple(train_on)
    if not train_on or "test" in train_on:
        raise ValueError(f"train_on must name the training values of the split column, not 'test'; got {train_on!r}")
    missing = corpus[target].isna()
    left_out = 0
    if split:
        unused = ~corpus[split].astype(str).isin([*train_on, "test"]) & ~missing
        left_out = int(unused.sum())
        if left_out:
            log.info("%d row(s) of %r are neither %s nor 'test': left out", left_out, split, "/".join(train_on))
        keep = ~missing & ~unused
    else:
        keep = ~missing
    data = corpus[keep].reset_index(drop=True)
    y = data[target].astype(str).to_numpy(dtype=object)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"target {target!r} has a single class ({classes.tolist()}): nothing to classify")
    with _blas_limit(blas_threads):
        res = _evaluate(pipeline, data, y, classes, target, groups, split, cv, n_boot, n_permutations,
                        permutation_scheme, top_k, random_state, missing, train_on)
    if split:
        res.metrics["n_left_out_by_split"] = left_out
    return res


def _evaluate(pipeline: Pipeline, data: pd.DataFrame, y: np.ndarray, classes: np.ndarray, target: str,
              groups: str | None, split: str | None, cv: int, n_boot: int, n_permutations: int,
              permutation_scheme: str, top_k: int, random_state: int, missing: pd.Series,
              train_on: Sequence[str]) -> ClassificationResult:
    from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score

    g = data[groups].astype(str).to_numpy() if groups else None
    folds, how = _splits(len(data), y, g, cv, data[split].to_numpy() if split else None, random_state, train_on)
    cache = _FoldCache(pipeline, data, folds)
    pred = np.empty(len(data), dtype=object)
    fold_of = np.full(len(data), -1)
    for k, ((tr, te), p) in enumerate(zip(folds, cache.predict_folds(y, keep=n_permutations > 0))):
        pred[te] = p
        fold_of[te] = k
    tested = fold_of >= 0
    yt, yp = y[tested], pred[tested]
    macro = lambda a, b: f1_score(a, b, average="macro", labels=classes, zero_division=0)  # noqa: E731
    clusters = g[tested] if g is not None else None
    acc, acc_lo, acc_hi = bootstrap_metric_ci(yt, yp, accuracy_score, n_boot=n_boot, clusters=clusters,
                                              random_state=random_state)
    f1, f1_lo, f1_hi = bootstrap_metric_ci(yt, yp, macro, n_boot=n_boot, clusters=clusters, random_state=random_state)
    metrics: dict[str, Any] = {
        "target": target, "evaluation": how, "classes": classes.tolist(), "n_documents": int(len(data)),
        "n_tested": int(tested.sum()), "n_missing_target": int(missing.sum()),
        "accuracy": acc, "accuracy_ci_low": acc_lo, "accuracy_ci_high": acc_hi,
        "macro_f1": f1, "macro_f1_ci_low": f1_lo, "macro_f1_ci_high": f1_hi,
        "ci": f"95% percentile bootstrap over {'groups' if clusters is not None else 'test documents'}, {n_boot} resamples",
        "chance_macro_f1_uniform": float(np.mean([2 * (y == c).mean() / (1 + len(classes) * (y == c).mean()) for c in classes])),
    }
    if n_permutations > 0:
        scheme = _resolve_scheme(permutation_scheme, y, g, split is not None)
        metrics.update(_permutation_test(cache, y, tested, macro, f1, g, scheme, n_permutations, random_state))
    report = pd.DataFrame(classification_report(yt, yp, labels=classes, output_dict=True, zero_division=0)).T
    report.index.name = "class"
    confusion = pd.DataFrame(confusion_matrix(yt, yp, labels=classes), index=pd.Index(classes, name="true"),
                             columns=pd.Index(classes, name="predicted"))
    ids = data["doc_id"].astype(str).to_numpy() if "doc_id" in data.columns else np.arange(len(data)).astype(str)
    predictions = pd.DataFrame({"doc_id": ids[tested], "fold": fold_of[tested], "y_true": yt, "y_pred": yp})
    tops = pd.DataFrame()
    if top_k:
        tops = top_features(clone(pipeline).fit(data, y), k=top_k)
    return ClassificationResult(metrics, report.reset_index(), confusion, predictions, tops)


# -- fast search over TF-IDF + logistic regression settings -------------------------------

_SEARCH_KEYS = {"ngram_range", "min_df", "max_df", "max_features", "C", "class_weight", "drop_repeated_lines",
                "max_iter", "binary"}


def _fold_tfidf(counts: Any, tr: np.ndarray, te: np.ndarray, *, min_df: int, max_df: float,
                max_features: int | None, binary: bool = False) -> tuple[Any, Any]:
    """What ``TfidfVectorizer(sublinear_tf=True, min_df, max_df, max_features, binary)`` fitted on rows ``tr`` gives.

    ``counts`` is a document-term count matrix of all rows with the vocabulary
    sorted alphabetically (as ``CountVectorizer`` makes it): the columns of
    terms seen in the training rows, in the same order, are exactly the
    vocabulary a vectorizer fitted on those rows would have, so document
    frequencies, the ``min_df``/``max_df``/``max_features`` cuts (same
    expressions as scikit-learn's), smoothed idf, sublinear tf and l2
    normalisation reproduce it.
    """
    from sklearn.preprocessing import normalize

    Xtr = counts[tr]
    df = np.bincount(Xtr.indices, minlength=counts.shape[1])
    n = len(tr)
    max_doc = max_df if isinstance(max_df, (int, np.integer)) and not isinstance(max_df, bool) else max_df * n
    seen = np.flatnonzero(df > 0)
    mask = (df[seen] >= min_df) & (df[seen] <= max_doc)
    if max_features is not None and mask.sum() > max_features:
        # scikit-learn ranks by term frequency over the training rows, after binarizing when binary=True
        tfs = (df[seen] if binary else np.asarray(Xtr[:, seen].sum(axis=0)).ravel())[mask]
        keep_inds = np.flatnonzero(mask)[(-tfs).argsort()[:max_features]]
        mask = np.zeros(len(seen), dtype=bool)
        mask[keep_inds] = True
    cols = seen[mask]
    if len(cols) == 0:
        raise ValueError(f"no term is left after min_df={min_df} / max_df={max_df}: lower min_df or raise max_df")
    idf = np.log((1 + n) / (1 + df[cols])) + 1.0
    out = []
    for rows in (tr, te):
        M = counts[rows][:, cols].astype(np.float64)
        if binary:
            M.data[:] = 1.0
        M.data = np.log(M.data) + 1.0
        M = M.multiply(idf).tocsr()
        out.append(normalize(M))
    return out[0], out[1]


def search_tfidf(
    corpus: pd.DataFrame,
    target: str,
    candidates: Sequence[dict[str, Any]],
    *,
    groups: str | None = None,
    split: str | None = None,
    cv: int = 5,
    text_columns: tuple[str, ...] = ("title", "text"),
    random_state: int = 0,
    blas_threads: int | None = 1,
) -> pd.DataFrame:
    """Score TF-IDF + logistic regression settings by (grouped) cross-validation, fast.

    Gives, for each candidate, the macro-F1 that
    ``evaluate(make_pipeline("tfidf", **candidate), corpus, target, groups=..., split=..., cv=...)``
    gives, but counts the n-grams of the corpus once per ``ngram_range`` (and
    once per fold when ``drop_repeated_lines`` is set, since those lines are
    learned on the training rows) and derives each fold's TF-IDF from the
    counts (see :func:`_fold_tfidf`) instead of re-tokenizing per fold and
    candidate. Use it on the training part of a corpus only, to *choose*
    settings without looking at the test rows.

    Parameters
    ----------
    corpus : DataFrame
    target : str
    candidates : sequence of dict
        Keyword arguments of :func:`make_pipeline` among ``ngram_range, min_df,
        max_df, max_features, binary, C, class_weight, drop_repeated_lines, max_iter``
        (the others keep :func:`make_pipeline`'s defaults).
    groups, split, cv, random_state, blas_threads
        As in :func:`evaluate` (same folds).
    text_columns : tuple of str

    Returns
    -------
    DataFrame
        One row per candidate: its settings, ``macro_f1`` (over all tested
        rows pooled, as :func:`evaluate` reports it), ``macro_f1_fold_mean``,
        ``macro_f1_folds`` (list) and ``seconds``; in candidate order.

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["rebels advance", "rebels win", "regime holds", "regime wins"] * 5,
    ...                        "side": ["a", "a", "b", "b"] * 5})
    >>> search_tfidf(corpus, "side", [{"min_df": 1}, {"min_df": 1, "C": 0.01}])["macro_f1"].tolist()
    [1.0, 1.0]
    """
    from sklearn.feature_extraction.text import CountVectorizer

    bad = [sorted(set(c) - _SEARCH_KEYS) for c in candidates if set(c) - _SEARCH_KEYS]
    if bad:
        raise ValueError(f"search_tfidf candidates may set only {sorted(_SEARCH_KEYS)}; found {bad[0]}")
    if target not in corpus.columns:
        raise ValueError(f"corpus has no target column {target!r}; found {list(corpus.columns)}")
    data = corpus[~corpus[target].isna()].reset_index(drop=True)
    y = data[target].astype(str).to_numpy(dtype=object)
    classes = np.unique(y)
    g = data[groups].astype(str).to_numpy() if groups else None
    folds, how = _splits(len(data), y, g, cv, data[split].to_numpy() if split else None, random_state)
    defaults = {k: v.default for k, v in inspect.signature(make_pipeline).parameters.items()
                if k in _SEARCH_KEYS}
    settings = [{**defaults, **c} for c in candidates]
    matrices: dict[tuple[Any, ...], Any] = {}

    def counts_for(ngram: tuple[int, int], drop: int, k: int) -> Any:
        key = (ngram, drop, k if drop else -1)
        if key not in matrices:
            for old in [m for m in matrices if m[:2] != key[:2]]:
                del matrices[old]  # keep one n-gram setting in memory at a time
            text = TextColumns(columns=tuple(text_columns), drop_repeated_lines=drop)
            text.fit(data.iloc[folds[k][0]] if drop else data)
            cv_ = CountVectorizer(ngram_range=ngram, dtype=np.int64)
            matrices[key] = cv_.fit_transform(text.transform(data)).tocsr()
        return matrices[key]

    order = sorted(range(len(settings)), key=lambda i: (tuple(settings[i]["ngram_range"]),
                                                       settings[i]["drop_repeated_lines"]))
    rows: dict[int, dict[str, Any]] = {}
    limit = _blas_limit(blas_threads)
    limit.__enter__()
    try:
        _search(order, settings, candidates, folds, data, y, classes, how, counts_for, rows)
    finally:
        limit.__exit__(None, None, None)
    return pd.DataFrame([rows[i] for i in range(len(settings))])


def _search(order: list[int], settings: list[dict[str, Any]], candidates: Sequence[dict[str, Any]],
            folds: list[tuple[np.ndarray, np.ndarray]], data: pd.DataFrame, y: np.ndarray, classes: np.ndarray,
            how: str, counts_for: Callable, rows: dict[int, dict[str, Any]]) -> None:
    import time

    from sklearn.metrics import f1_score

    for i in order:
        st = settings[i]
        t0 = time.perf_counter()
        pred = np.empty(len(data), dtype=object)
        tested = np.zeros(len(data), dtype=bool)
        per_fold = []
        for k, (tr, te) in enumerate(folds):
            counts = counts_for(tuple(st["ngram_range"]), int(st["drop_repeated_lines"]), k)
            A, B = _fold_tfidf(counts, tr, te, min_df=st["min_df"], max_df=st["max_df"],
                               max_features=st["max_features"], binary=st["binary"])
            model = LogisticRegression(C=st["C"], class_weight=st["class_weight"], max_iter=st["max_iter"])
            pred[te] = model.fit(A, y[tr]).predict(B)
            tested[te] = True
            per_fold.append(float(f1_score(y[te], pred[te], average="macro", labels=classes, zero_division=0)))
        pooled = float(f1_score(y[tested], pred[tested], average="macro", labels=classes, zero_division=0))
        rows[i] = {**candidates[i], "macro_f1": pooled, "macro_f1_fold_mean": float(np.mean(per_fold)),
                   "macro_f1_folds": per_fold, "evaluation": how, "seconds": time.perf_counter() - t0}
        log.info("search_tfidf %s: macro-F1 %.4f", candidates[i], pooled)


# -- multi-label ---------------------------------------------------------------------------


def label_matrix(corpus: pd.DataFrame, targets: str | Sequence[str]) -> pd.DataFrame:
    """A 0/1 label matrix (one column per label) from a corpus table.

    Parameters
    ----------
    corpus : DataFrame
    targets : str or sequence of str
        Either one column holding a dict ``label -> bool`` per row (e.g. the
        ``frames`` of the Narrative Frames corpus), or several boolean/0-1
        columns. Rows whose value is missing get all-NaN rows.

    Returns
    -------
    DataFrame
        Float columns (1.0, 0.0, NaN), index of ``corpus``.

    Examples
    --------
    >>> t = pd.DataFrame({"frames": [{"CO": True, "EC": False}, None, {"CO": False, "EC": True}]})
    >>> label_matrix(t, "frames").to_dict("list")
    {'CO': [1.0, nan, 0.0], 'EC': [0.0, nan, 1.0]}
    """
    if isinstance(targets, str):
        if targets not in corpus.columns:
            raise ValueError(f"corpus has no target column {targets!r}; found {list(corpus.columns)}")
        values = corpus[targets].tolist()
        dicts = [v for v in values if isinstance(v, dict)]
        if not dicts:
            raise ValueError(f"column {targets!r} holds no dict of labels (label -> bool); for several 0/1 "
                             "columns pass a list of their names")
        labels = sorted({k for d in dicts for k in d})
        rows = [[float(bool(v.get(k))) if v.get(k) is not None else np.nan for k in labels] if isinstance(v, dict)
                else [np.nan] * len(labels) for v in values]
        return pd.DataFrame(rows, columns=labels, index=corpus.index)
    targets = list(targets)
    missing = [t for t in targets if t not in corpus.columns]
    if missing:
        raise ValueError(f"corpus has no target columns {missing}; found {list(corpus.columns)}")
    out = corpus[targets].astype(float)
    bad = [c for c in targets if not out[c].dropna().isin([0.0, 1.0]).all()]
    if bad:
        raise ValueError(f"label columns must be boolean or 0/1; {bad} hold other values")
    return out


@dataclass
class MultiLabelResult:
    """What :func:`evaluate_multilabel` returns.

    Attributes
    ----------
    metrics : dict
        ``micro_f1``, ``macro_f1``, ``samples_f1`` and ``subset_accuracy``
        (each with ``_ci_low``/``_ci_high``), the permutation p-value of
        macro-F1 when computed, and the evaluation description.
    per_label : DataFrame
        ``label, precision, recall, f1, f1_ci_low, f1_ci_high, support, prevalence``.
    predictions : DataFrame
        ``doc_id, fold`` and, per label, ``true__<label>`` and ``pred__<label>``.
    top_features : DataFrame
        :func:`top_features` of a model fitted to all the data (``class`` = label).
    """

    metrics: dict[str, Any]
    per_label: pd.DataFrame
    predictions: pd.DataFrame
    top_features: pd.DataFrame = field(default_factory=pd.DataFrame)


def evaluate_multilabel(
    pipeline: Pipeline,
    corpus: pd.DataFrame,
    targets: str | Sequence[str],
    *,
    groups: str | None = None,
    cv: int = 5,
    n_boot: int = 1000,
    n_permutations: int = 0,
    top_k: int = 20,
    random_state: int = 0,
    blas_threads: int | None = 1,
) -> MultiLabelResult:
    """Cross-validated evaluation of a multi-label classifier (e.g. the frames of an article).

    Parameters
    ----------
    pipeline : Pipeline
        From ``make_pipeline(..., multilabel=True)``; a pipeline whose final
        step is a single-label classifier is wrapped in
        :class:`~sklearn.multiclass.OneVsRestClassifier`.
    corpus : DataFrame
    targets : str or sequence of str
        See :func:`label_matrix`. Rows with any missing label are left out.
    groups : str, optional
        Column for grouped folds (CIs then resample groups).
    cv, n_boot, top_k, random_state, blas_threads
        As in :func:`evaluate`.
    n_permutations : int, default 0
        Permutation test of macro-F1: whole label rows are shuffled across
        documents (label co-occurrence kept; Ojala & Garriga 2010).

    Returns
    -------
    MultiLabelResult

    References
    ----------
    .. [1] Tsoumakas, G., & Katakis, I. (2007). Multi-label classification: An
       overview. *International Journal of Data Warehousing and Mining*, 3(3), 1-13.
    .. [2] Ojala, M., & Garriga, G. C. (2010). Permutation tests for studying
       classifier performance. *JMLR*, 11, 1833-1863.

    Examples
    --------
    >>> t = pd.DataFrame({"text": ["war and money", "money talk", "war again", "calm day"] * 5})
    >>> t["frames"] = [{"CO": "war" in x, "EC": "money" in x} for x in t["text"]]
    >>> res = evaluate_multilabel(make_pipeline(min_df=1, multilabel=True), t, "frames", n_boot=20, top_k=0)
    >>> res.metrics["micro_f1"], res.per_label["label"].tolist()
    (1.0, ['CO', 'EC'])
    """
    from sklearn.multiclass import OneVsRestClassifier

    Y_all = label_matrix(corpus, targets)
    missing = Y_all.isna().any(axis=1).to_numpy()
    data = corpus[~missing].reset_index(drop=True)
    Y = Y_all[~missing].to_numpy(dtype=int)
    labels = list(Y_all.columns)
    constant = [lab for j, lab in enumerate(labels) if Y[:, j].min() == Y[:, j].max()]
    if constant:
        raise ValueError(f"labels {constant} have a single value in every usable row: nothing to learn")
    if groups and groups not in corpus.columns:
        raise ValueError(f"corpus has no column {groups!r}; found {list(corpus.columns)}")
    if isinstance(pipeline, Pipeline) and not isinstance(pipeline.steps[-1][1], OneVsRestClassifier) \
            and not hasattr(pipeline.steps[-1][1], "estimators_"):
        name, model = pipeline.steps[-1]
        pipeline = Pipeline(pipeline.steps[:-1] + [(name, OneVsRestClassifier(model))])
    with _blas_limit(blas_threads):
        return _evaluate_multilabel(pipeline, data, Y, labels, groups, cv, n_boot, n_permutations, top_k,
                                    random_state, missing)


def _evaluate_multilabel(pipeline: Pipeline, data: pd.DataFrame, Y: np.ndarray, labels: list[str],
                         groups: str | None, cv: int, n_boot: int, n_permutations: int, top_k: int,
                         random_state: int, missing: np.ndarray) -> MultiLabelResult:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    g = data[groups].astype(str).to_numpy() if groups else None
    folds, how = _splits(len(data), Y, g, cv, None, random_state)
    cache = _FoldCache(pipeline, data, folds)
    pred = np.zeros_like(Y)
    fold_of = np.full(len(data), -1)
    for k, ((tr, te), p) in enumerate(zip(folds, cache.predict_folds(Y, keep=n_permutations > 0))):
        pred[te] = p
        fold_of[te] = k
    clusters = g
    metrics: dict[str, Any] = {"targets": labels, "evaluation": how, "n_documents": int(len(data)),
                               "n_missing_target": int(missing.sum())}
    scorers = {
        "micro_f1": lambda a, b: f1_score(a, b, average="micro", zero_division=0),
        "macro_f1": lambda a, b: f1_score(a, b, average="macro", zero_division=0),
        "samples_f1": lambda a, b: f1_score(a, b, average="samples", zero_division=0),
        "subset_accuracy": accuracy_score,
    }
    for name, fn in scorers.items():
        est, lo, hi = bootstrap_metric_ci(Y, pred, fn, n_boot=n_boot, clusters=clusters, random_state=random_state)
        metrics.update({name: est, f"{name}_ci_low": lo, f"{name}_ci_high": hi})
    metrics["ci"] = f"95% percentile bootstrap over {'groups' if clusters is not None else 'documents'}, {n_boot} resamples"
    if n_permutations > 0:
        metrics.update(_permutation_test(cache, Y, np.ones(len(Y), dtype=bool), scorers["macro_f1"],
                                         metrics["macro_f1"], g, "global", n_permutations, random_state))
    prec, rec, f1s, sup = precision_recall_fscore_support(Y, pred, average=None, zero_division=0)
    rows = []
    for j, lab in enumerate(labels):
        _, lo, hi = bootstrap_metric_ci(Y[:, j], pred[:, j],
                                        lambda a, b: f1_score(a.astype(int), b.astype(int), zero_division=0),
                                        n_boot=n_boot, clusters=clusters, random_state=random_state)
        rows.append({"label": lab, "precision": float(prec[j]), "recall": float(rec[j]), "f1": float(f1s[j]),
                     "f1_ci_low": lo, "f1_ci_high": hi, "support": int(sup[j]), "prevalence": float(Y[:, j].mean())})
    ids = data["doc_id"].astype(str).to_numpy() if "doc_id" in data.columns else np.arange(len(data)).astype(str)
    predictions = pd.DataFrame({"doc_id": ids, "fold": fold_of})
    for j, lab in enumerate(labels):
        predictions[f"true__{lab}"] = Y[:, j]
        predictions[f"pred__{lab}"] = pred[:, j]
    tops = pd.DataFrame()
    if top_k:
        fitted = clone(pipeline).fit(data, Y)
        tops = top_features(fitted, k=top_k, classes=labels)
    return MultiLabelResult(metrics, pd.DataFrame(rows), predictions, tops)


# -- weights -------------------------------------------------------------------------------


def _feature_names(features: FeatureUnion) -> list[str]:
    names = []
    for name, part in features.transformer_list:
        if name in ("tfidf", "chars"):
            vocab = part.named_steps["vectorizer"].get_feature_names_out()
            prefix = "word" if name == "tfidf" else "char"
            names.extend(f"{prefix}:{w}" for w in vocab)
        else:
            names.extend(str(n) for n in part.steps[0][1].get_feature_names_out())
    return names


def top_features(pipeline: Pipeline, k: int = 20, classes: Sequence[Any] | None = None) -> pd.DataFrame:
    """The ``k`` largest positive weights per class of a fitted pipeline, mapped to words and labels.

    Parameters
    ----------
    pipeline : Pipeline
        A fitted pipeline from :func:`make_pipeline` (single- or multi-label).
    k : int, default 20
    classes : sequence, optional
        Names of the labels of a multi-label model (default: their indices).

    Returns
    -------
    DataFrame
        ``class, rank, feature, kind (word|char|framing|annotated), term, weight``. For framing
        features ``term`` is the readable part of the column name (e.g.
        ``report_verbs / report_verb / stance / loaded / per_1k``).

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["rebels advance", "rebels win", "regime holds", "regime wins"]})
    >>> pipe = make_pipeline(min_df=1).fit(corpus, ["a", "a", "b", "b"])
    >>> top_features(pipe, k=1)[["class", "term"]].values.tolist()
    [['a', 'rebels'], ['b', 'regime']]
    """
    model = pipeline.named_steps["model"]
    names = np.asarray(_feature_names(pipeline.named_steps["features"]), dtype=object)
    if hasattr(model, "estimators_"):  # one-vs-rest: one binary model per label
        coef = np.vstack([np.ravel(e.coef_) if hasattr(e, "coef_") else np.zeros(len(names))
                          for e in model.estimators_])
        class_names = list(classes) if classes is not None else list(range(len(model.estimators_)))
    else:
        coef = np.atleast_2d(model.coef_)
        class_names = list(model.classes_)
        if coef.shape[0] == 1:  # binary: one row for classes_[1]; its negative for classes_[0]
            coef = np.vstack([-coef[0], coef[0]])
    rows = []
    for ci, cls in enumerate(class_names):
        order = np.argsort(-coef[ci], kind="stable")[:k]
        for rank, j in enumerate(order, 1):
            name = names[j]
            if name.startswith("word:"):
                kind, term = "word", name[5:]
            elif name.startswith("char:"):
                kind, term = "char", name[5:]
            elif name.startswith("annotated__"):
                kind, term = "annotated", name.split("__", 1)[1]
            else:
                kind, term = "framing", " / ".join(name.split("__")[1:])
            rows.append({"class": cls, "rank": rank, "feature": name, "kind": kind, "term": term,
                         "weight": float(coef[ci, j])})
    return pd.DataFrame(rows)
