"""The contract every extractor keeps.

An extractor is a scikit-learn transformer (see ``sklearn.feature_extraction.text``
for the model this follows):

* ``__init__`` takes keyword-only arguments and only stores them;
* ``fit`` validates them, learns what it needs (state ending in ``_``) and returns ``self``;
* ``transform`` returns one row per article, one float column per feature;
* ``get_feature_names_out`` gives ``<prefix>__<name>`` column names, so
  ``set_output(transform="pandas")`` and :class:`~sklearn.pipeline.Pipeline` work;
* ``extract`` returns the features *and* the mentions table, the evidence: one row
  per hit with ``doc_id, field, sentence_id, start, end, matched`` plus the
  extractor's labels, with ``start``/``end`` character offsets into that field of
  the corpus table, so ``corpus.loc[doc, field][start:end] == matched``.

Input is a corpus table (a DataFrame with a ``text`` column and optionally
``doc_id``, ``title``, ``captions``) or a sequence of strings (read as the
``text`` field; doc ids are their positions). Subclasses implement
:meth:`BaseExtractor._feature_names` and :meth:`BaseExtractor._extract_doc`.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from framing.corpus.text import replace_lone_surrogates

__all__ = [
    "BaseExtractor",
    "Document",
    "MENTION_COLUMNS",
    "DEFAULT_FIELDS",
    "as_documents",
    "sentence_id_at",
    "empty_mentions",
]

log = logging.getLogger(__name__)

#: Columns every mentions table starts with.
MENTION_COLUMNS: list[str] = ["doc_id", "field", "sentence_id", "start", "end", "matched"]

#: Fields read by default: the headline, the photo captions and the body.
DEFAULT_FIELDS: tuple[str, ...] = ("title", "captions", "text")


@dataclass(frozen=True, slots=True)
class Document:
    """One article as extractors see it: its id and the text of each field read."""

    doc_id: str
    fields: dict[str, str]

    def n_words(self) -> int:
        """Number of white-space separated words over all fields read."""
        return sum(len(t.split()) for t in self.fields.values())


def _clean_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"expected text (str), found {type(value).__name__}: {value!r:.60}")
    clean = replace_lone_surrogates(value)  # one code point for one: offsets into the table's text hold
    if clean is not value:
        log.warning("lone surrogate characters replaced by U+FFFD (read the corpus with framing.read_corpus, "
                    "which does this once for the whole table)")
    return clean


def as_documents(X: Any, fields: Sequence[str] = DEFAULT_FIELDS) -> list[Document]:
    """Turn a corpus table or a sequence of texts into :class:`Document` objects.

    Parameters
    ----------
    X : DataFrame, Series or sequence of str
        A corpus table must have a ``text`` column; ``title`` and ``captions`` are
        read when present (missing optional fields count as empty). Ids come from
        ``doc_id`` when present, else from the row position.
    fields : sequence of str
        Which text columns to read.

    Raises
    ------
    ValueError
        When a DataFrame lacks a ``text`` column, or a field requested explicitly
        (other than ``title``/``captions``) is missing.

    Examples
    --------
    >>> docs = as_documents(["Rebels took the city.", None])
    >>> docs[0].doc_id, docs[0].fields["text"], docs[1].fields["text"]
    ('0', 'Rebels took the city.', '')
    """
    fields = tuple(fields)
    if not fields:
        raise ValueError("fields is empty: name at least one text column, e.g. fields=('text',)")
    if isinstance(X, str):
        raise TypeError("expected a corpus table or a list of texts, found a single string: wrap it in a list")
    if isinstance(X, pd.Series):
        X = X.to_frame(name="text")
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError(
                "the corpus table has no 'text' column; found columns "
                f"{list(X.columns)}. Rename the body column to 'text' or read it with "
                "framing.read_corpus(..., text_col=NAME)"
            )
        missing = [f for f in fields if f not in X.columns and f not in ("title", "captions")]
        if missing:
            raise ValueError(f"fields {missing} are not columns of the corpus table (found {list(X.columns)})")
        ids = X["doc_id"].astype(str).tolist() if "doc_id" in X.columns else [str(i) for i in range(len(X))]
        columns = {f: (X[f].tolist() if f in X.columns else [""] * len(X)) for f in fields}
        docs = []
        for i, doc_id in enumerate(ids):
            try:
                docs.append(Document(doc_id, {f: _clean_value(columns[f][i]) for f in fields}))
            except TypeError as exc:
                raise TypeError(f"row {i} (doc_id {doc_id!r}): {exc}") from None
        return docs
    try:
        texts = list(X)
    except TypeError:
        raise TypeError(f"expected a corpus table or a list of texts, found {type(X).__name__}") from None
    docs = []
    for i, t in enumerate(texts):
        try:
            value = _clean_value(t)
        except TypeError as exc:
            raise TypeError(f"item {i}: {exc}") from None
        docs.append(Document(str(i), {f: (value if f == "text" else "") for f in fields}))
    return docs


def sentence_id_at(spans: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the sentence span containing ``offset`` (the nearest one before it otherwise).

    Examples
    --------
    >>> sentence_id_at([(0, 10), (11, 20)], 12)
    1
    >>> sentence_id_at([], 5)
    0
    """
    if not spans:
        return 0
    # bisect on the start of each span without building a list: O(log n) per call
    return max(bisect_right(spans, offset, key=itemgetter(0)) - 1, 0)


def empty_mentions(extra: Sequence[str] = ()) -> pd.DataFrame:
    """An empty mentions table with the shared columns and ``extra`` ones."""
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("sentence_id", "start", "end") else object)
                         for c in [*MENTION_COLUMNS, *extra]})


class BaseExtractor(TransformerMixin, BaseEstimator):
    """Base class of all extractors (see the module docstring for the contract).

    Subclasses set :attr:`prefix` and :attr:`mention_columns`, define a keyword-only
    ``__init__`` that stores its arguments (including ``fields``), and implement:

    ``_fit(docs)``
        validate parameters and learn state (optional);
    ``_feature_names()``
        the feature names without prefix, fixed after ``fit``;
    ``_extract_doc(doc)``
        ``(values, mentions)``: a mapping name -> float for one document, and a list
        of mention dicts with keys ``field, sentence_id, start, end, matched`` and
        the extractor's own columns (``doc_id`` is added here).
    """

    prefix: ClassVar[str] = "base"
    mention_columns: ClassVar[tuple[str, ...]] = ()

    # -- to implement -----------------------------------------------------
    def _fit(self, docs: list[Document]) -> None:  # pragma: no cover - default does nothing
        return None

    def _feature_names(self) -> list[str]:
        raise NotImplementedError

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        raise NotImplementedError

    # -- shared machinery -------------------------------------------------
    def _fields(self) -> tuple[str, ...]:
        fields = getattr(self, "fields", DEFAULT_FIELDS)
        if isinstance(fields, str):
            fields = (fields,)
        fields = tuple(fields)
        if not fields or not all(isinstance(f, str) and f for f in fields):
            raise ValueError(f"fields must be a non-empty sequence of column names, got {fields!r}")
        return fields

    def fit(self, X: Any, y: Any = None) -> "BaseExtractor":
        """Validate parameters and learn what the extractor needs; return ``self``."""
        docs = as_documents(X, self._fields())
        self._fit(docs)
        return self._set_feature_names()

    def _set_feature_names(self) -> "BaseExtractor":
        """Fix the column names once what ``_fit`` learned is in place; return ``self``."""
        names = list(self._feature_names())
        if len(set(names)) != len(names):
            dup = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(f"{type(self).__name__} would produce duplicate feature names: {dup[:5]}")
        self.feature_names_ = [f"{self.prefix}__{n}" for n in names]
        self.n_features_out_ = len(names)
        return self

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Column names of :meth:`transform`'s output, ``<prefix>__<name>``."""
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)

    def _run(self, X: Any, with_mentions: bool) -> tuple[list[str], np.ndarray, pd.DataFrame | None]:
        check_is_fitted(self, "feature_names_")
        docs = as_documents(X, self._fields())
        names = [n.split("__", 1)[1] for n in self.feature_names_]
        index = {n: i for i, n in enumerate(names)}
        out = np.zeros((len(docs), len(names)), dtype=float)
        rows: list[dict[str, Any]] = []
        for i, doc in enumerate(docs):
            values, mentions = self._extract_doc(doc)
            for name, value in values.items():
                j = index.get(name)
                if j is None:
                    raise RuntimeError(f"{type(self).__name__} produced unknown feature {name!r}")
                out[i, j] = value
            if with_mentions:
                for m in mentions:
                    rows.append({"doc_id": doc.doc_id, **m})
        mentions_df = None
        if with_mentions:
            cols = [*MENTION_COLUMNS, *self.mention_columns]
            mentions_df = pd.DataFrame(rows, columns=cols) if rows else empty_mentions(self.mention_columns)
            for c in ("sentence_id", "start", "end"):
                mentions_df[c] = mentions_df[c].astype("int64")
        return [d.doc_id for d in docs], out, mentions_df

    def transform(self, X: Any) -> np.ndarray:
        """Features, one row per article, columns :meth:`get_feature_names_out`."""
        return self._run(X, with_mentions=False)[1]

    def mentions(self, X: Any) -> pd.DataFrame:
        """The mentions table: one row per hit, with offsets into its field."""
        return self._run(X, with_mentions=True)[2]

    def extract(self, X: Any, *, n_jobs: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Features as a DataFrame indexed by ``doc_id``, and the mentions table, in one pass.

        ``n_jobs`` > 1 (or -1 for every core) splits ``X`` into consecutive pieces
        run in worker processes (:func:`framing.parallel.parallel_extract`); the
        result is the same.
        """
        if n_jobs != 1:
            from framing.parallel import parallel_extract

            return parallel_extract(self, X, n_jobs=n_jobs)
        ids, values, mentions = self._run(X, with_mentions=True)
        # the matrix was made for this table: wrapped, not copied (pandas copies arrays by default)
        features = pd.DataFrame(values, columns=self.feature_names_, index=pd.Index(ids, name="doc_id"), copy=False)
        return features, mentions
