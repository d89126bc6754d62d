"""All cores and clusters: extraction in worker processes or on Dask.

* :func:`parallel_extract` / :func:`parallel_transform` split a corpus table
  into consecutive pieces, run a fitted extractor on each in worker processes
  (joblib's loky pool, reused between calls; the extractor is pickled to each
  worker once) and join the pieces in order: the result equals the
  single-process one. ``BaseExtractor.extract(X, n_jobs=...)`` calls
  :func:`parallel_extract`.
* :func:`extract_together` runs several fitted extractors batch by batch in
  this process, so that extractors which parse share one parse of each text
  however large the corpus; :func:`fit_extract_together` fits them too, with
  one parse of each text for fit and extraction.
* :func:`dask_extract` runs an extractor over the partitions of a Dask
  DataFrame (or of files read on the workers) on a Dask cluster, returning lazy
  Dask DataFrames of features and mentions. Dask is optional: ``pip install
  "framing[dask]"``.

For corpora larger than memory see :mod:`framing.stream` (chunks read from disk
and written to Parquet, ``n_jobs`` there too); ``docs/scale.md`` shows how to
use a real cluster.

Examples
--------
>>> from framing.extract.wording import WordingFeatures
>>> wf = WordingFeatures().fit(["x"])
>>> texts = ["Rebels took Aleppo.", "Opposition fighters advanced.", "The regime retreated."]
>>> f, m = parallel_extract(wf, texts, n_jobs=1)
>>> f.equals(wf.extract(texts)[0])
True
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["parallel_extract", "parallel_transform", "dask_extract", "extract_together", "fit_extract_together",
           "require_dask", "split_corpus"]

log = logging.getLogger(__name__)

_STATE: dict[str, Any] = {}


def _n_jobs(n_jobs: Any) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive integer or -1 (all cores), got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


def split_corpus(X: Any, n_pieces: int) -> list[tuple[int, Any]]:
    """Cut a corpus table or a sequence of texts into consecutive pieces: ``[(offset, piece), ...]``.

    Examples
    --------
    >>> [(o, p) for o, p in split_corpus(["a", "b", "c"], 2)]
    [(0, ['a', 'b']), (2, ['c'])]
    """
    if isinstance(X, str):
        raise TypeError("expected a corpus table or a list of texts, found a single string: wrap it in a list")
    if isinstance(X, pd.Series):
        X = X.to_frame(name="text")
    if not isinstance(X, pd.DataFrame):
        X = list(X)
    n = len(X)
    size = max(math.ceil(n / max(n_pieces, 1)), 1)
    pieces = []
    for start in range(0, n, size):
        piece = X.iloc[start:start + size] if isinstance(X, pd.DataFrame) else X[start:start + size]
        pieces.append((start, piece))
    return pieces or [(0, X)]


def _worker_run(token: str, payload: bytes, piece: Any, with_mentions: bool, fast: bool) -> Any:
    extractor = _STATE.get(token)
    if extractor is None:
        _STATE.clear()
        extractor = _STATE[token] = pickle.loads(payload)
    if fast:
        return extractor.transform(piece)
    return extractor._run(piece, with_mentions=with_mentions)


def _map_pieces(extractor: Any, X: Any, n_jobs: int, with_mentions: bool, fast: bool,
                pieces_per_job: int) -> tuple[list[tuple[int, Any]], list[Any]]:
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(extractor)
    jobs = _n_jobs(n_jobs)
    pieces = split_corpus(X, jobs * pieces_per_job if jobs > 1 else 1)
    if jobs == 1 or len(pieces) == 1:
        return pieces, [_run_here(extractor, p, with_mentions, fast) for _, p in pieces]
    from joblib.externals.loky import get_reusable_executor

    payload = pickle.dumps(extractor, protocol=pickle.HIGHEST_PROTOCOL)
    token = hashlib.sha256(payload).hexdigest()
    pool = get_reusable_executor(max_workers=jobs, timeout=300)
    futures = [pool.submit(_worker_run, token, payload, p, with_mentions, fast) for _, p in pieces]
    try:
        return pieces, [f.result() for f in futures]
    finally:
        for f in futures:
            f.cancel()


def _run_here(extractor: Any, piece: Any, with_mentions: bool, fast: bool) -> Any:
    return extractor.transform(piece) if fast else extractor._run(piece, with_mentions=with_mentions)


def parallel_extract(extractor: Any, X: Any, *, n_jobs: int = -1,
                     pieces_per_job: int = 4) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``extractor.extract(X)`` computed in worker processes, pieces joined in order.

    Parameters
    ----------
    extractor : BaseExtractor
        A fitted extractor (pickled to each worker).
    X : DataFrame or sequence of str
        The corpus table or texts, as for ``extract``.
    n_jobs : int, default -1
        Worker processes; ``-1`` uses every core, ``1`` runs here.
    pieces_per_job : int, default 4
        The corpus is cut into ``n_jobs * pieces_per_job`` consecutive pieces
        (more pieces balance uneven article lengths).

    Returns
    -------
    features, mentions : DataFrame
        Equal to ``extractor.extract(X)``.

    Examples
    --------
    >>> from framing.extract.wording import WordingFeatures
    >>> wf = WordingFeatures().fit(["x"])
    >>> f, m = parallel_extract(wf, ["Rebels took Aleppo."] * 3, n_jobs=1)
    >>> f.index.tolist(), m["label"].tolist()
    (['0', '1', '2'], ['rebels', 'rebels', 'rebels'])
    """
    pieces, results = _map_pieces(extractor, X, n_jobs, True, False, pieces_per_job)
    return _join_pieces(extractor, X, pieces, results)


def _join_pieces(extractor: Any, X: Any, pieces: list[tuple[int, Any]], results: list[Any]
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Features and mentions of ``X`` from ``extractor._run`` over its consecutive ``pieces``, in order."""
    sequence_input = not isinstance(X, (pd.DataFrame, pd.Series))
    ids: list[str] = []
    values = []
    mentions = []
    for (offset, _), (piece_ids, piece_values, piece_mentions) in zip(pieces, results):
        if sequence_input and offset:
            # positions are ids for plain texts: shift them to the whole input
            piece_ids = [str(int(i) + offset) for i in piece_ids]
            piece_mentions = piece_mentions.assign(doc_id=[str(int(i) + offset) for i in piece_mentions["doc_id"]])
        ids.extend(piece_ids)
        values.append(piece_values)
        mentions.append(piece_mentions)
    names = list(extractor.feature_names_)
    matrix = np.vstack(values) if values else np.zeros((0, len(names)))
    features = pd.DataFrame(matrix, columns=names, index=pd.Index(ids, name="doc_id"), copy=False)  # a new matrix
    nonempty = [m for m in mentions if len(m)]
    if not nonempty:
        table = mentions[0]
    elif len(nonempty) == 1:
        table = nonempty[0].reset_index(drop=True)
    else:
        table = pd.concat(nonempty, ignore_index=True)
    for c in ("sentence_id", "start", "end"):
        table[c] = table[c].astype("int64")
    return features, table


def _batches(X: Any, batch_size: Any) -> list[tuple[int, Any]]:
    """``X`` cut into consecutive batches of ``batch_size`` articles: ``[(offset, batch), ...]``."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if isinstance(X, str):
        raise TypeError("expected a corpus table or a list of texts, found a single string: wrap it in a list")
    return split_corpus(X, math.ceil(len(X) / batch_size))


def extract_together(extractors: Sequence[Any], X: Any, *, batch_size: int = 1000,
                     seconds: list[float] | None = None) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """``[ex.extract(X) for ex in extractors]``, batch by batch: each batch of articles goes
    through every extractor before the next batch is read.

    Extractors that parse (labels, sourcing, agency) share the parse of a text
    through the parser's cache, which holds the last
    :data:`framing.text.parse.CACHE_SIZE` texts: one extractor after the other
    over a corpus larger than that would parse every text again for each.
    Batches of ``batch_size`` articles (three fields each fit in the cache) are
    parsed once for all of them. The results equal one ``extract`` per
    extractor.

    Parameters
    ----------
    extractors : sequence of BaseExtractor
        Fitted extractors.
    X : DataFrame or sequence of str
        The corpus table or texts, as for ``extract``.
    batch_size : int, default 1000
        Articles per batch.
    seconds : list, optional
        When given, receives the seconds each extractor took over all batches
        (one number per extractor, in order).

    Returns
    -------
    list of (features, mentions)
        One pair per extractor, in order.

    Raises
    ------
    ValueError
        If ``batch_size`` is not a positive integer.

    Examples
    --------
    >>> from framing.extract.agency import AgencyFeatures
    >>> from framing.extract.sourcing import SourcingFeatures
    >>> texts = ["Assad was ousted, officials said.", "Rebels took Aleppo, Reuters reported."] * 2
    >>> exs = [SourcingFeatures().fit(texts), AgencyFeatures().fit(texts)]
    >>> together = extract_together(exs, texts, batch_size=3)
    >>> all(f.equals(ex.extract(texts)[0]) and m.equals(ex.extract(texts)[1])
    ...     for ex, (f, m) in zip(exs, together))
    True
    """
    from sklearn.utils.validation import check_is_fitted

    for ex in extractors:
        check_is_fitted(ex)
    return _together(extractors, X, batch_size, fit=False, seconds=seconds, progress=None)


def fit_extract_together(extractors: Sequence[Any], X: Any, *, batch_size: int = 1000,
                         seconds: list[float] | None = None,
                         progress: Callable[[int, int], None] | None = None) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """``[ex.fit(X).extract(X) for ex in extractors]``, each text parsed once for all of them.

    Extractors that learn from the corpus by analysing every article
    (``LabelDiscovery``) are fitted batch by batch, and each batch then goes
    through the other extractors (fitted first) while its parses are in the
    parser's cache; once the whole corpus is seen their fit is completed and
    they extract from what they kept. So on a corpus of any size each text is
    parsed once (``LabelDiscovery`` keeps its analyses of up to
    ``KEEP_ANALYSES`` articles; beyond that its extraction parses again), where
    :func:`extract_together` after separate fits parses it twice. The results
    equal one ``fit`` and ``extract`` per extractor.

    Parameters
    ----------
    extractors : sequence of BaseExtractor
        Extractors to fit on ``X`` (fitted in place).
    X : DataFrame or sequence of str
        The corpus table or texts.
    batch_size : int, default 1000
        Articles per batch.
    seconds : list, optional
        When given, receives the seconds each extractor took (fit and extract).
    progress : callable, optional
        Called as ``progress(done, total)`` with the number of articles read
        so far, after each batch of the pass that reads them.

    Returns
    -------
    list of (features, mentions)
        One pair per extractor, in order.

    Raises
    ------
    ValueError
        If ``batch_size`` is not a positive integer, or as ``fit`` raises.

    Examples
    --------
    >>> from framing.extract.labels import LabelDiscovery
    >>> from framing.extract.sourcing import SourcingFeatures
    >>> texts = ["Syrian leader Ahmed al-Sharaa spoke, officials said.", "Sharaa, a former commander, left."]
    >>> together = fit_extract_together([LabelDiscovery(), SourcingFeatures()], texts, batch_size=1)
    >>> all(f.equals(ex.fit(texts).extract(texts)[0]) and m.equals(ex.extract(texts)[1])
    ...     for ex, (f, m) in zip([LabelDiscovery(), SourcingFeatures()], together))
    True
    """
    return _together(extractors, X, batch_size, fit=True, seconds=seconds, progress=progress)


def _together(extractors: Sequence[Any], X: Any, batch_size: Any, *, fit: bool, seconds: list[float] | None,
              progress: Callable[[int, int], None] | None) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """:func:`extract_together` (``fit=False``) and :func:`fit_extract_together` (``fit=True``)."""
    from framing.extract.base import as_documents

    pieces = _batches(X, batch_size)
    took = [0.0] * len(extractors)
    # extractors whose fit analyses the articles one by one: their documents, read once (errors name
    # the row of the whole corpus), and their fit state; the others are fitted first
    states: dict[int, tuple[Any, list[Any]]] = {}
    for k, ex in enumerate(extractors if fit else ()):
        t0 = time.perf_counter()
        if hasattr(ex, "_fit_begin"):
            states[k] = (ex._fit_begin(), as_documents(X, ex._fields()))
        else:
            ex.fit(X)
        took[k] += time.perf_counter() - t0
    results: list[list[Any]] = [[] for _ in extractors]
    for offset, piece in pieces:
        for k, ex in enumerate(extractors):
            t0 = time.perf_counter()
            if k in states:
                state, docs = states[k]
                ex._fit_batch(state, docs[offset:offset + len(piece)])
            else:
                results[k].append(ex._run(piece, with_mentions=True))
            took[k] += time.perf_counter() - t0
        if progress is not None:
            progress(offset + len(piece), len(X))
    for k, (state, _) in states.items():
        # the whole corpus seen: finish the fit, then extract (from what the fit kept)
        t0 = time.perf_counter()
        extractors[k]._fit_end(state)
        extractors[k]._set_feature_names()
        for _, piece in pieces:
            results[k].append(extractors[k]._run(piece, with_mentions=True))
        took[k] += time.perf_counter() - t0
    if seconds is not None:
        seconds[:] = took
    return [_join_pieces(ex, X, pieces, out) for ex, out in zip(extractors, results)]


def parallel_transform(extractor: Any, X: Any, *, n_jobs: int = -1, pieces_per_job: int = 4) -> np.ndarray:
    """``extractor.transform(X)`` computed in worker processes (the extractor's fast path), rows in order.

    Examples
    --------
    >>> from framing.extract.wording import WordingFeatures
    >>> wf = WordingFeatures().fit(["x"])
    >>> parallel_transform(wf, ["Rebels took Aleppo."], n_jobs=1).shape == (1, len(wf.feature_names_))
    True
    """
    _, results = _map_pieces(extractor, X, n_jobs, False, True, pieces_per_job)
    return np.vstack(results) if results else np.zeros((0, len(extractor.feature_names_)))


# --------------------------------------------------------------------------- Dask


def require_dask() -> tuple[Any, Any]:
    """Import ``dask`` and ``dask.dataframe``, or raise an ImportError that says how to install them."""
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:
        raise ImportError(
            "Dask is not installed: dask_extract needs the optional 'dask' extra. Install it with "
            "pip install 'framing[dask]' (dask[dataframe] and distributed)."
        ) from exc
    return dask, dd


def _features_meta(extractor: Any, meta_columns: Sequence[str]) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {"doc_id": pd.Series([], dtype=object)}
    for c in meta_columns:
        cols[c] = pd.Series([], dtype=object)
    for name in extractor.get_feature_names_out():
        cols[str(name)] = pd.Series([], dtype="float64")
    return pd.DataFrame(cols)


def _mentions_meta(extractor: Any) -> pd.DataFrame:
    from framing.extract.base import empty_mentions

    meta = empty_mentions(tuple(extractor.mention_columns))
    meta.insert(0, "extractor", pd.Series([], dtype=object))
    return meta


def _partition_features(corpus: pd.DataFrame, extractor: Any, meta_columns: Sequence[str]) -> pd.DataFrame:
    values = extractor.transform(corpus)
    return _features_frame(corpus, values, extractor, meta_columns)


def _features_frame(corpus: pd.DataFrame, values: np.ndarray, extractor: Any,
                    meta_columns: Sequence[str]) -> pd.DataFrame:
    data: dict[str, Any] = {"doc_id": pd.Series(corpus["doc_id"].astype(str).tolist(), dtype=object)}
    for c in meta_columns:
        data[c] = pd.Series(corpus[c].tolist() if c in corpus.columns else [None] * len(corpus), dtype=object)
    frame = pd.DataFrame(data)
    feats = pd.DataFrame(np.asarray(values, dtype=float), columns=list(extractor.feature_names_), copy=False)
    return pd.concat([frame, feats], axis=1)


def _partition_extract(corpus: pd.DataFrame, extractor: Any,
                       meta_columns: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    _, values, mentions = extractor._run(corpus, with_mentions=True)
    mentions = mentions.copy()
    mentions.insert(0, "extractor", extractor.prefix)
    return _features_frame(corpus, values, extractor, meta_columns), mentions


def _read_partition(path: str, read_options: dict[str, Any]) -> pd.DataFrame:
    from framing.corpus.read import read_corpus

    corpus = read_corpus(path, **read_options)
    corpus.attrs = {}
    return corpus


def _files(source: Any) -> list[str]:
    import glob as _glob

    items = source if isinstance(source, (list, tuple)) else [source]
    files: list[str] = []
    for item in items:
        text = os.fspath(item)
        if _glob.has_magic(text):
            found = sorted(p for p in _glob.glob(text, recursive=True) if os.path.isfile(p))
            if not found:
                raise FileNotFoundError(f"no files match the pattern {text!r}")
            files.extend(found)
        elif os.path.isfile(text):
            files.append(text)
        else:
            raise FileNotFoundError(f"no such file: {text!r} (dask_extract reads files, globs or a list of them; "
                                    "every worker must see the same paths, e.g. on shared storage)")
    return files


def dask_extract(
    data: Any,
    extractor: Any,
    *,
    mentions: bool = True,
    meta_columns: Sequence[str] = ("outlet",),
    partition_size: int = 10_000,
    **read_options: Any,
) -> tuple[Any, Any]:
    """Run a fitted extractor over the partitions of a Dask DataFrame (or files) on a Dask cluster.

    Parameters
    ----------
    data : dask DataFrame, pandas DataFrame, path, glob or list of paths
        A corpus table split into partitions (canonical columns, at least
        ``doc_id`` and ``text``); a pandas table (cut into partitions of
        ``partition_size`` rows); or corpus files, one partition per file, each
        read on a worker with :func:`framing.read_corpus` (the workers must see
        the same paths: shared storage).
    extractor : BaseExtractor
        A fitted extractor; it is put into the graph once and shipped to the workers.
    mentions : bool, default True
        Also return the mentions. Without them, features come from
        ``dask.dataframe.map_partitions`` over the extractor's fast ``transform``.
    meta_columns : sequence of str, default ("outlet",)
        Corpus columns copied into the features (``None`` where missing).
    partition_size : int, default 10,000
        Rows per partition when ``data`` is a pandas table.
    **read_options
        Keyword arguments of :func:`framing.read_corpus` for file inputs.

    Returns
    -------
    features : dask.dataframe.DataFrame
        ``doc_id``, the meta columns, the feature columns (meta from
        ``get_feature_names_out``), one row per article, partitions in input order.
    mentions : dask.dataframe.DataFrame or None
        ``extractor`` then the mentions table. Both come from one pass per
        partition when computed together (``dask.compute(features, mentions)``).

    Raises
    ------
    ImportError
        Dask is not installed (install ``framing[dask]``).

    Notes
    -----
    Run it under a ``distributed.Client`` to use a cluster (the default
    scheduler otherwise runs in local threads). Doc ids are not made unique
    across files here; give each file distinct ids (the default
    ``<file stem>:<line>`` ids are).

    Examples
    --------
    >>> import dask
    >>> from framing.extract.wording import WordingFeatures
    >>> wf = WordingFeatures().fit(["x"])
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Rebels took it.", "Forces held."]})
    >>> f, m = dask_extract(corpus, wf, partition_size=1)
    >>> f.npartitions
    2
    >>> f, m = dask.compute(f, m)
    >>> f["doc_id"].tolist(), m["matched"].tolist()
    (['a', 'b'], ['Rebels'])
    """
    dask, dd = require_dask()
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(extractor)
    meta_columns = tuple(meta_columns)
    if isinstance(data, pd.DataFrame):
        if isinstance(partition_size, bool) or not isinstance(partition_size, int) or partition_size < 1:
            raise ValueError(f"partition_size must be a positive integer, got {partition_size!r}")
        data = dd.from_pandas(data.reset_index(drop=True), npartitions=max(math.ceil(len(data) / partition_size), 1),
                              sort=False)
    fmeta = _features_meta(extractor, meta_columns)
    ex = dask.delayed(extractor, pure=True, traverse=False)
    if isinstance(data, dd.DataFrame):
        if "text" not in data.columns:
            raise ValueError(f"the Dask corpus has no 'text' column; found {list(data.columns)}")
        if not mentions:
            feats = data.map_partitions(_partition_features, ex, meta_columns, meta=fmeta, enforce_metadata=False,
                                        align_dataframes=False)
            return feats, None
        parts = data.to_delayed()
    else:
        read = dask.delayed(_read_partition, pure=True)
        parts = [read(path, read_options) for path in _files(data)]
    run = dask.delayed(_partition_extract, pure=True, nout=2)
    pairs = [run(p, ex, meta_columns) for p in parts]
    feats = dd.from_delayed([p[0] for p in pairs], meta=fmeta, verify_meta=False)
    if not mentions:
        return feats, None
    ments = dd.from_delayed([p[1] for p in pairs], meta=_mentions_meta(extractor), verify_meta=False)
    return feats, ments
