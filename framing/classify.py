"""Classifiers that compare outlets: ready pipelines and honest evaluation.

A classifier that predicts an outlet's leaning from its articles can win by
recognising the outlet (its boilerplate, bylines, house style) instead of its
framing. Evaluation here therefore splits by **groups** (events, or outlets: the
"media-based split" of Baly et al. 2020) so that no outlet or story is in both
training and test folds, reports confidence intervals and a permutation-test
p-value, and maps the model's weights back to words and lexicon labels.

Pipelines take the corpus table itself (a DataFrame), so TF-IDF over the text
and framing extractors over the same rows combine in one scikit-learn object.

References
----------
.. [1] Baly, R., Da San Martino, G., Glass, J., & Nakov, P. (2020). We can detect
   your bias: Predicting the political ideology of news articles. *EMNLP 2020*,
   4982-4991.
.. [2] Ojala, M., & Garriga, G. C. (2010). Permutation tests for studying
   classifier performance. *Journal of Machine Learning Research*, 11, 1833-1863.
.. [3] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
   Chapman & Hall.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

__all__ = [
    "TextColumns",
    "make_pipeline",
    "ClassificationResult",
    "evaluate",
    "top_features",
    "bootstrap_metric_ci",
]

log = logging.getLogger(__name__)


class TextColumns(TransformerMixin, BaseEstimator):
    """Join text columns of a corpus table into one string per row (for TF-IDF).

    Parameters
    ----------
    columns : tuple of str, default ("title", "text")
        Columns to join (missing columns and values count as empty).

    Examples
    --------
    >>> TextColumns().fit_transform(pd.DataFrame({"title": ["A"], "text": ["b c"]}))
    ['A\\nb c']
    """

    def __init__(self, *, columns: tuple[str, ...] = ("title", "text")):
        self.columns = columns

    def fit(self, X: Any, y: Any = None) -> "TextColumns":
        if isinstance(X, pd.DataFrame) and not any(c in X.columns for c in self.columns):
            raise ValueError(f"none of the text columns {list(self.columns)} is in the table (found {list(X.columns)})")
        return self

    def transform(self, X: Any) -> list[str]:
        if not isinstance(X, pd.DataFrame):
            return ["" if t is None else str(t) for t in X]
        parts = [X[c].fillna("").astype(str) for c in self.columns if c in X.columns]
        joined = parts[0]
        for p in parts[1:]:
            joined = joined + "\n" + p
        return joined.tolist()


class _Dense(TransformerMixin, BaseEstimator):
    """NaN -> 0 and to float array (framing features use NaN for 'undefined share')."""

    def fit(self, X: Any, y: Any = None) -> "_Dense":
        return self

    def transform(self, X: Any) -> np.ndarray:
        return np.nan_to_num(np.asarray(X, dtype=float), nan=0.0)


def make_pipeline(
    kind: str = "tfidf",
    *,
    extractors: Sequence[Any] | None = None,
    text_columns: tuple[str, ...] = ("title", "text"),
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 2,
    max_features: int | None = 200_000,
    C: float = 1.0,
    class_weight: str | None = "balanced",
    max_iter: int = 2000,
    features_weight: float = 1.0,
) -> Pipeline:
    """A ready classification pipeline over a corpus table.

    Parameters
    ----------
    kind : {"tfidf", "features", "both"}
        TF-IDF of the text, framing extractor features, or both side by side.
    extractors : list of extractors, optional
        Framing extractors for ``"features"``/``"both"`` (default: wording with the
        general lexicons, and tone).
    text_columns : tuple of str
        Columns joined for TF-IDF.
    ngram_range, min_df, max_features
        TF-IDF settings (sublinear tf).
    C, class_weight, max_iter
        Logistic regression settings (liblinear-free ``lbfgs``, multinomial).
    features_weight : float, default 1.0
        Weight of the standardized framing features when combined with TF-IDF.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (a :class:`~sklearn.pipeline.FeatureUnion`) and ``model``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["rebels advance", "rebels win", "regime holds", "regime wins"] * 3})
    >>> pipe = make_pipeline("tfidf", min_df=1).fit(corpus, ["a", "a", "b", "b"] * 3)
    >>> pipe.predict(pd.DataFrame({"text": ["rebels again"]})).tolist()
    ['a']
    """
    if kind not in ("tfidf", "features", "both"):
        raise ValueError(f"kind must be 'tfidf', 'features' or 'both', got {kind!r}")
    parts = []
    if kind in ("tfidf", "both"):
        parts.append(("tfidf", Pipeline([
            ("text", TextColumns(columns=tuple(text_columns))),
            ("vectorizer", TfidfVectorizer(sublinear_tf=True, ngram_range=tuple(ngram_range), min_df=min_df,
                                           max_features=max_features, dtype=np.float64)),
        ])))
    if kind in ("features", "both"):
        if extractors is None:
            from framing.extract.tone import ToneFeatures
            from framing.extract.wording import WordingFeatures

            extractors = [
                WordingFeatures(lexicons=("hedges", "factives", "assertives", "implicatives", "report-verbs",
                                          "intensifiers", "anonymous-sourcing"), normalize="per_1k_words"),
                ToneFeatures(),
            ]
        union = FeatureUnion([(getattr(e, "prefix", f"extractor{i}"), e) for i, e in enumerate(extractors)])
        parts.append(("framing", Pipeline([("extract", union), ("dense", _Dense()), ("scale", StandardScaler())])))
    weights = {"framing": features_weight} if kind == "both" else None
    features = FeatureUnion(parts, transformer_weights=weights)
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    return Pipeline([("features", features), ("model", model)])


def bootstrap_metric_ci(
    y_true: Sequence[Any], y_pred: Sequence[Any], metric: Any, *, n_boot: int = 1000, level: float = 0.95,
    clusters: Sequence[Any] | None = None, random_state: int = 0,
) -> tuple[float, float, float]:
    """Metric with a percentile bootstrap CI over test predictions (or over clusters of them).

    Parameters
    ----------
    clusters : sequence, optional
        Resample whole clusters (e.g. outlets or events) instead of single
        predictions, when test items within a cluster are not independent.

    Examples
    --------
    >>> from sklearn.metrics import accuracy_score
    >>> est, lo, hi = bootstrap_metric_ci([1, 0, 1, 1], [1, 0, 0, 1], accuracy_score, n_boot=200)
    >>> est, bool(lo <= est <= hi)
    (0.75, True)
    """
    y_true = np.asarray(y_true).astype(str)
    y_pred = np.asarray(y_pred).astype(str)
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
        ``doc_id, fold, y_true, y_pred`` (and class probabilities when available).
    top_features : DataFrame
        From :func:`top_features` on a model fitted to all the data.
    """

    metrics: dict[str, Any]
    report: pd.DataFrame
    confusion: pd.DataFrame
    predictions: pd.DataFrame
    top_features: pd.DataFrame = field(default_factory=pd.DataFrame)


def _splits(n: int, y: np.ndarray, groups: np.ndarray | None, cv: int, split: np.ndarray | None,
            random_state: int) -> tuple[list[tuple[np.ndarray, np.ndarray]], str]:
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    if split is not None:
        split = np.asarray(split, dtype=object).astype(str)
        train = np.flatnonzero(np.isin(split, ["train", "valid"]))
        test = np.flatnonzero(split == "test")
        if len(train) == 0 or len(test) == 0:
            raise ValueError("the split column needs 'train' (or 'valid') and 'test' rows")
        return [(train, test)], "fixed split (train+valid -> test)"
    if groups is not None:
        n_groups = len(pd.unique(groups))
        if n_groups < cv:
            raise ValueError(f"grouped cross-validation with {cv} folds needs at least {cv} groups; found {n_groups}")
        try:
            gkf = GroupKFold(n_splits=cv, shuffle=True, random_state=random_state)
        except TypeError:  # older scikit-learn
            gkf = GroupKFold(n_splits=cv)
        return list(gkf.split(np.zeros(n), y, groups)), f"{cv}-fold cross-validation grouped by {n_groups} groups"
    skf = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    return list(skf.split(np.zeros(n), y)), f"{cv}-fold stratified cross-validation"


def evaluate(
    pipeline: Pipeline,
    corpus: pd.DataFrame,
    target: str,
    *,
    groups: str | None = None,
    split: str | None = None,
    cv: int = 5,
    n_boot: int = 1000,
    n_permutations: int = 0,
    top_k: int = 20,
    random_state: int = 0,
) -> ClassificationResult:
    """Cross-validated (or fixed-split) evaluation of a pipeline on a corpus table.

    Parameters
    ----------
    pipeline : Pipeline
        E.g. from :func:`make_pipeline`.
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
    cv : int, default 5
    n_boot : int, default 1000
        Bootstrap resamples for the metric CIs.
    n_permutations : int, default 0
        When > 0, the permutation-test p-value of macro-F1 (labels shuffled,
        within groups' structure kept by the same splits; Ojala & Garriga 2010),
        via :func:`sklearn.model_selection.permutation_test_score`.
    top_k : int, default 20
    random_state : int, default 0

    Returns
    -------
    ClassificationResult
    """
    from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score

    if target not in corpus.columns:
        raise ValueError(f"corpus has no target column {target!r}; found {list(corpus.columns)}")
    for col in (groups, split):
        if col and col not in corpus.columns:
            raise ValueError(f"corpus has no column {col!r}; found {list(corpus.columns)}")
    missing = corpus[target].isna()
    data = corpus[~missing].reset_index(drop=True)
    y = data[target].astype(str).to_numpy()
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"target {target!r} has a single class ({classes.tolist()}): nothing to classify")
    g = data[groups].astype(str).to_numpy() if groups else None
    folds, how = _splits(len(data), y, g, cv, data[split].to_numpy() if split else None, random_state)
    pred = np.empty(len(data), dtype=object)
    fold_of = np.full(len(data), -1)
    for k, (tr, te) in enumerate(folds):
        model = clone(pipeline).fit(data.iloc[tr], y[tr])
        pred[te] = model.predict(data.iloc[te])
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
        from sklearn.metrics import make_scorer
        from sklearn.model_selection import permutation_test_score

        score, perm_scores, p = permutation_test_score(
            pipeline, data, y, groups=g, cv=folds if split is None else folds,
            n_permutations=n_permutations, scoring=make_scorer(macro), random_state=random_state, n_jobs=1,
        )
        metrics.update(permutation_p_value=float(p), permutation_n=int(n_permutations),
                       permutation_null_mean=float(np.mean(perm_scores)))
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


def _feature_names(features: FeatureUnion) -> list[str]:
    names = []
    for name, part in features.transformer_list:
        if name == "tfidf":
            vocab = part.named_steps["vectorizer"].get_feature_names_out()
            names.extend(f"word:{w}" for w in vocab)
        else:
            union = part.named_steps["extract"]
            names.extend(str(n) for n in union.get_feature_names_out())
    return names


def top_features(pipeline: Pipeline, k: int = 20) -> pd.DataFrame:
    """The ``k`` largest positive weights per class of a fitted pipeline, mapped to words and labels.

    Returns
    -------
    DataFrame
        ``class, rank, feature, kind (word|framing), term, weight``. For framing
        features ``term`` is the readable part of the column name (e.g.
        ``report-verbs / report_verb / loaded``).
    """
    model = pipeline.named_steps["model"]
    names = np.asarray(_feature_names(pipeline.named_steps["features"]), dtype=object)
    coef = np.atleast_2d(model.coef_)
    classes = model.classes_
    if coef.shape[0] == 1:  # binary: one row for classes_[1]; its negative for classes_[0]
        coef = np.vstack([-coef[0], coef[0]])
    rows = []
    for ci, cls in enumerate(classes):
        order = np.argsort(-coef[ci], kind="stable")[:k]
        for rank, j in enumerate(order, 1):
            name = names[j]
            kind = "word" if name.startswith("word:") else "framing"
            term = name[5:] if kind == "word" else " / ".join(name.split("__")[1:])
            rows.append({"class": cls, "rank": rank, "feature": name, "kind": kind, "term": term,
                         "weight": float(coef[ci, j])})
    return pd.DataFrame(rows)
