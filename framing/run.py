"""Reproducible runs: one configuration in, tables, figures, a report and a manifest out.

:func:`run` carries out a run configuration (:mod:`framing.config`): it reads
the corpus, selects articles, extracts features and mentions, compares groups,
evaluates classifiers, maps outlet similarity, draws figures, and writes::

    <out>/report.md              every table (top rows) and figure, with its method and references
    <out>/manifest.json          versions, configuration, input and output checksums, seed, counts, timings
    <out>/tables/<name>.csv      each table, deterministic (sorted rows, "%.10g" floats, "\\n" line ends)
    <out>/tables/<name>.parquet  the same table (no index; framing version in the key-value metadata)
    <out>/figures/<stem>.png     each figure (and .pdf / .svg as configured)

Everything is written to a hidden sibling folder first and renamed at the end,
so a run that fails leaves no half-written output. Two runs of the same
configuration on the same inputs give byte-identical tables and figures; the
manifests differ only in timings (see ``docs/reproducibility.md``).

Examples
--------
>>> import tempfile, pathlib
>>> seed = pathlib.Path(__file__).resolve().parent.parent / "seeds" / "000_255c166a244f911a.txt"
>>> out = pathlib.Path(tempfile.mkdtemp()) / "run"
>>> result = run({"corpus": {"source": str(seed)}, "extract": [{"wording": {"lexicons": ["report-verbs"]}}]}, out)
>>> result.counts["n_kept"], sorted(p.name for p in (out / "tables").glob("*.csv"))[:3]
(1, ['documents.csv', 'features.csv', 'features_summary.csv'])
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import glob
import hashlib
import json
import logging
import math
import os
import platform
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

import framing
from framing.config import RunConfig, load_config

logger = logging.getLogger(__name__)

__all__ = ["run", "RunResult", "OutputExistsError", "METHODS", "DEPENDENCIES", "write_table", "file_sha256"]

#: Packages whose versions the manifest records (distribution names).
DEPENDENCIES: tuple[str, ...] = (
    "numpy", "pandas", "scipy", "scikit-learn", "textblob", "matplotlib", "pyarrow", "pyyaml",
    "statsmodels", "datasketch", "pyahocorasick", "vaderSentiment",
)

#: Float format of every CSV table.
CSV_FLOAT_FORMAT = "%.10g"


class OutputExistsError(FileExistsError):
    """The output folder exists and is not empty, and ``overwrite`` was not asked for."""


@dataclass(frozen=True)
class Method:
    """What the report says about one method: a title, a short explanation, references."""

    title: str
    text: str
    references: tuple[str, ...]


#: Method explanations and references shown in the report (the long form is ``docs/methods.md``).
METHODS: dict[str, Method] = {
    "corpus": Method(
        "Corpus",
        "Articles are read into one row each; documents that cannot be read are listed in the rejects table "
        "with their file, line and reason. Filters, the date range, wire-copy removal and the sample are "
        "applied in that order and counted.",
        ()),
    "syndication": Method(
        "Wire copy",
        "Near-duplicate articles (Jaccard similarity of 5-word shingle sets at or above the threshold, "
        "candidates from MinHash LSH, verified exactly) form syndication groups; one copy per group can be kept.",
        ("Broder, A. Z. (1997). On the resemblance and containment of documents. Compression and Complexity "
         "of Sequences, 21-29.",
         "Leskovec, J., Rajaraman, A., & Ullman, J. D. (2014). Mining of Massive Datasets, ch. 3. "
         "Cambridge University Press.")),
    "sample": Method(
        "Sample",
        "A simple random sample, or a stratified one with proportional allocation (largest remainders), "
        "drawn with the run's seed.",
        ("Cochran, W. G. (1977). Sampling Techniques (3rd ed.), ch. 5. Wiley.",)),
    "wording": Method(
        "Wording choice (concept lexicons)",
        "Each concept lists the labels a writer can choose between; per article, mentions of each label are "
        "counted (longest match wins within a lexicon), as counts, rates per 1,000 words and shares of the "
        "concept's mentions (NaN when the concept is not mentioned).",
        ("Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm. Journal of "
         "Communication, 43(4), 51-58.",
         "Hamborg, F., Zhukova, A., & Gipp, B. (2019). Automated identification of media bias by word choice "
         "and labeling in news articles. JCDL 2019.")),
    "tone": Method(
        "Tone",
        "Each sentence is scored with a sentiment lexicon (TextBlob's pattern analyzer: polarity -1..1, "
        "subjectivity 0..1; or VADER's compound score) and scores are averaged over sentences per article, "
        "field and target; shares of positive and negative sentences use a fixed threshold.",
        ("De Smedt, T., & Daelemans, W. (2012). Pattern for Python. Journal of Machine Learning Research, "
         "13, 2063-2067.",
         "Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment analysis "
         "of social media text. ICWSM 2014, 216-225.")),
    "labels": Method(
        "Actor labels (label discovery)",
        "Named actors are found in noun-phrase chunks and linked across spellings; the titles, premodifiers, "
        "appositives and group labels attached to them are counted per article and per group.",
        ("Recasens, M., Danescu-Niculescu-Mizil, C., & Jurafsky, D. (2013). Linguistic models for analyzing "
         "and detecting biased language. ACL 2013, 1650-1659.",
         "Abney, S. (1991). Parsing by chunks. In Principle-Based Parsing, 257-278. Kluwer.")),
    "sourcing": Method(
        "Sourcing",
        "Direct quotes (quotation-mark spans), attributions (speaker + reporting verb), indirect speech, "
        "'according to' and anonymous-sourcing cues are found per article; reporting verbs are classed "
        "neutral or loaded by the report-verbs lexicon.",
        ("Bell, A. (1991). The Language of News Media. Blackwell.",
         "Pareti, S. (2012). A database of attribution relations. LREC 2012, 3213-3217.")),
    "agency": Method(
        "Agency",
        "Passive clauses (with and without a by-agent) and event nominalizations (with and without an "
        "agent) are counted per article, as rates per clause and per 1,000 words.",
        ("Fowler, R. (1991). Language in the News. Routledge.",
         "Henley, N. M., Miller, M., & Beazley, J. A. (1995). Syntax, semantics, and sexual violence: agency "
         "and the passive voice. Journal of Language and Social Psychology, 14(1-2), 60-84.")),
    "frames": Method(
        "Generic news frames",
        "Indicators of the five generic frames (responsibility, human interest, conflict, morality, economic), "
        "each tied to one question of the Semetko-Valkenburg coding battery, are counted per article; a frame's "
        "score is the share of its questions with indicator hits. Indicators, not validated codes.",
        ("Semetko, H. A., & Valkenburg, P. M. (2000). Framing European politics: A content analysis of press and "
         "television news. Journal of Communication, 50(2), 93-109.",)),
    "policy_frames": Method(
        "Policy frames",
        "Indicator words of the Policy Frames Codebook dimensions are counted per article, as counts, rates per "
        "1,000 words and each dimension's share of the article's indicators. Indicators, not validated codes.",
        ("Boydstun, A. E., Card, D., Gross, J. H., Resnik, P., & Smith, N. A. (2014). Tracking the development "
         "of media frames within and across policy issues. APSA 2014.",
         "Card, D., Boydstun, A. E., Gross, J. H., Resnik, P., & Smith, N. A. (2015). The Media Frames Corpus: "
         "Annotations of frames across issues. ACL-IJCNLP 2015, 438-444.")),
    "dictionary": Method(
        "Dictionary categories",
        "The words of each category of a researcher's dictionary (LIWC .dic, CSV or lexicon; prefix wildcards, "
        "the longest matching prefix wins) are counted per article, as counts and rates.",
        ("Pennebaker, J. W., Boyd, R. L., Jordan, K., & Blackburn, K. (2015). The development and psychometric "
         "properties of LIWC2015. University of Texas at Austin.",)),
    "events": Method(
        "Same-event comparison",
        "Groups are compared on events that at least two of them covered (from an event column, or stories "
        "matched by TF-IDF cosine similarity within a date window); label-choice and feature permutations "
        "shuffle groups within events.",
        ("Allan, J. (Ed.) (2002). Topic Detection and Tracking: Event-based Information Organization. Kluwer.",
         "Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval. "
         "Information Processing & Management, 24(5), 513-523.")),
    "fighting_words": Method(
        "Fightin' Words",
        "Log-odds ratio of each term in one group against the other groups with an informative Dirichlet "
        "prior, divided by its standard deviation (z-score); large positive z means the group uses the "
        "term more.",
        ("Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical feature selection "
         "and evaluation for identifying the content of political conflict. Political Analysis, 16(4), "
         "372-403.",)),
    "label_choice": Method(
        "Label choice",
        "Share of each label among a concept's mentions per group, with 95% percentile bootstrap CIs "
        "resampling articles; p-values from permuting groups between articles (within events when "
        "compared on events), adjusted with Benjamini-Hochberg.",
        ("Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.",
         "Good, P. (2005). Permutation, Parametric, and Bootstrap Tests of Hypotheses. Springer.",
         "Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero. Statistical "
         "Applications in Genetics and Molecular Biology, 9(1), 39.",
         "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B, 57(1), 289-300.")),
    "features": Method(
        "Feature comparison",
        "Mean of each feature per group over the articles where it is defined, with a 95% percentile "
        "bootstrap CI over articles; the between-group sum of squares is tested by permuting groups "
        "between articles (within events when compared on events), Benjamini-Hochberg adjusted over features.",
        ("Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.",
         "Good, P. (2005). Permutation, Parametric, and Bootstrap Tests of Hypotheses. Springer.",
         "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B, 57(1), 289-300.")),
    "trend": Method(
        "Trend",
        "Mean of each feature per period and group over the articles where it is defined, with 95% percentile "
        "bootstrap CIs resampling the period's articles (descriptive; no test across periods).",
        ("Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall.",)),
    "classify": Method(
        "Classification",
        "Logistic regression on TF-IDF and/or framing features, evaluated with grouped cross-validation "
        "(no group in both training and test folds) or a fixed split; accuracy and macro-F1 with 95% "
        "percentile bootstrap CIs (over groups when grouped) and an optional label-permutation test.",
        ("Baly, R., Da San Martino, G., Glass, J., & Nakov, P. (2020). We can detect your bias: Predicting "
         "the political ideology of news articles. EMNLP 2020, 4982-4991.",
         "Ojala, M., & Garriga, G. C. (2010). Permutation tests for studying classifier performance. JMLR, "
         "11, 1833-1863.")),
    "similarity": Method(
        "Outlet similarity",
        "Each group's profile is the mean of its articles' standardized features; distances between profiles "
        "get bootstrap CIs (articles resampled within groups); classical MDS places groups on a map and "
        "average linkage clusters them.",
        ("Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method. Psychometrika, 17(4), 401-419.",
         "Gower, J. C. (1966). Some distance properties of latent root and vector methods used in multivariate "
         "analysis. Biometrika, 53(3-4), 325-338.")),
}


@dataclass
class RunResult:
    """What :func:`run` returns.

    Attributes
    ----------
    out_dir : pathlib.Path
        The output folder.
    report : pathlib.Path
        ``report.md`` in it.
    manifest : dict
        The content of ``manifest.json``.
    tables : dict
        Table name -> DataFrame, as written.
    figures : list of pathlib.Path
        Figure files written.
    counts : dict
        Documents read, rejected, filtered, dropped, sampled and kept.
    notes : list of str
        Parts that were skipped and why.
    """

    out_dir: Path
    report: Path
    manifest: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- files


def file_sha256(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write {relative!r}: it resolves to {target}, outside the output folder {root}")
    return target


def _for_output(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy ready to write: no attrs, plain index, dates as ISO text, lists as text."""
    out = pd.DataFrame(frame).copy()
    out.attrs = {}
    out = out.reset_index(drop=True)
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            has_time = bool((s.dropna() != s.dropna().dt.normalize()).any())
            fmt = "%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d"
            out[col] = pd.Series([None if pd.isna(v) else v.strftime(fmt) for v in s], dtype=object)
        elif s.dtype == object:
            values = s.tolist()
            if any(isinstance(v, (list, tuple, dict, set, np.ndarray)) for v in values):
                out[col] = pd.Series([_text_of(v) for v in values], dtype=object)
    out.columns = [str(c) for c in out.columns]
    return out


def _text_of(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple, set)):
        return json.dumps(sorted(value, key=str) if isinstance(value, set) else list(value), ensure_ascii=False,
                          default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def write_table(frame: pd.DataFrame, folder: str | os.PathLike[str], name: str, *,
                metadata: Mapping[str, str] | None = None) -> list[Path]:
    """Write a table as ``<name>.csv`` and ``<name>.parquet``, deterministically.

    CSV: no index, floats as ``%.10g``, ``\\n`` line ends, UTF-8. Parquet: no
    pandas index, pandas schema metadata plus ``framing_version``,
    ``framing_table`` and ``metadata`` key-value pairs (nothing time-dependent),
    so writing the same table twice gives the same bytes.

    Parameters
    ----------
    frame : DataFrame
        The table (rows are written in their current order: sort first).
    folder : path-like
        Target folder.
    name : str
        File stem.
    metadata : mapping, optional
        More key-value pairs for the Parquet file.

    Returns
    -------
    list of pathlib.Path
        The two files.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> paths = write_table(pd.DataFrame({"a": [1 / 3], "b": ["x"]}), d, "t")
    >>> (d / "t.csv").read_text()
    'a,b\\n0.3333333333,x\\n'
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(folder)
    out = _for_output(frame)
    csv_path = _inside(root, f"{name}.csv")
    out.to_csv(csv_path, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n", encoding="utf-8")
    table = pa.Table.from_pandas(out, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"framing_version"] = framing.__version__.encode()
    meta[b"framing_table"] = name.encode()
    for k, v in (metadata or {}).items():
        meta[str(k).encode()] = str(v).encode()
    pq_path = _inside(root, f"{name}.parquet")
    pq.write_table(table.replace_schema_metadata(meta), pq_path, compression="snappy", write_statistics=True)
    return [csv_path, pq_path]


def _sort(frame: pd.DataFrame, keys: Sequence[str], ascending: Sequence[bool] | None = None) -> pd.DataFrame:
    keys = [k for k in keys if k in frame.columns]
    if not keys or frame.empty:
        return frame.reset_index(drop=True)
    asc = list(ascending) if ascending is not None else [True] * len(keys)
    asc = asc[: len(keys)] + [True] * (len(keys) - len(asc))
    return frame.sort_values(keys, ascending=asc, kind="mergesort", na_position="last").reset_index(drop=True)


# ----------------------------------------------------------------------------- corpus


def _read(cfg: RunConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    from framing.corpus.read import read_corpus_with_rejects

    c = cfg.settings["corpus"]
    sources = [s["name"] if s["kind"] == "dataset" else s["path"] for s in c["source"]]
    source: Any = sources[0] if len(sources) == 1 else sources
    corpus, rejects = read_corpus_with_rejects(source, limit=c["limit"], **c["read"])
    corpus = pd.DataFrame(corpus)
    corpus.attrs = {}
    return corpus, pd.DataFrame(rejects)


def _need_column(corpus: pd.DataFrame, column: str, key: str) -> None:
    if column not in corpus.columns:
        raise ValueError(f"{key}: the corpus has no column {column!r}; its columns are {list(corpus.columns)}")


def _period(dates: pd.Series, period: str) -> pd.Series:
    d = pd.to_datetime(dates, errors="coerce")
    if period == "year":
        out = d.dt.year.astype("Int64").astype(str)
    elif period == "quarter":
        out = d.dt.year.astype("Int64").astype(str) + "Q" + d.dt.quarter.astype("Int64").astype(str)
    else:
        out = d.dt.strftime("%Y-%m")
    return out.where(d.notna(), None)


def stratified_sample(corpus: pd.DataFrame, *, n: int | None = None, frac: float | None = None,
                      by: str | None = None, seed: int = 0) -> pd.DataFrame:
    """A random sample of rows, stratified with proportional allocation when ``by`` is given.

    Sizes per stratum are ``n * N_h / N`` rounded down, the remaining rows going
    to the strata with the largest remainders (ties: stratum name). Rows keep
    their order.

    Examples
    --------
    >>> c = pd.DataFrame({"g": list("aaaabbbbbb"), "x": range(10)})
    >>> stratified_sample(c, n=5, by="g", seed=1)["g"].value_counts().sort_index().tolist()
    [2, 3]
    """
    total = len(corpus)
    size = total if n is None and frac is None else (min(n, total) if n is not None else int(round(frac * total)))
    rng = np.random.default_rng(seed)
    if by is None:
        pick = np.sort(rng.choice(total, size=size, replace=False)) if size < total else np.arange(total)
        return corpus.iloc[pick]
    keys = corpus[by].astype(str).where(corpus[by].notna(), "<missing>").to_numpy()
    strata = sorted(set(keys))
    counts = np.array([(keys == s).sum() for s in strata])
    exact = size * counts / total
    alloc = np.floor(exact).astype(int)
    rest = size - alloc.sum()
    order = sorted(range(len(strata)), key=lambda i: (-(exact[i] - alloc[i]), strata[i]))
    for i in order[:rest]:
        alloc[i] += 1
    chosen: list[int] = []
    for s, k in zip(strata, alloc):
        idx = np.flatnonzero(keys == s)
        chosen.extend(rng.choice(idx, size=int(k), replace=False).tolist() if k < len(idx) else idx.tolist())
    return corpus.iloc[np.sort(np.asarray(chosen, dtype=int))]


def _select(corpus: pd.DataFrame, cfg: RunConfig, counts: dict[str, int], notes: list[str]) -> pd.DataFrame:
    c = cfg.settings["corpus"]
    for col, values in c["filters"].items():
        _need_column(corpus, col, f"corpus.filters.{col}")
        wanted = {str(v) for v in values}
        keep = corpus[col].map(lambda v: (not _isna(v)) and (str(v) in wanted or _same(v, values)))
        counts["n_filtered_out"] = counts.get("n_filtered_out", 0) + int((~keep).sum())
        corpus = corpus[keep.to_numpy(dtype=bool)]
    counts.setdefault("n_filtered_out", 0)
    if c["from"] or c["to"]:
        _need_column(corpus, "date", "corpus.from/to")
        d = pd.to_datetime(corpus["date"], errors="coerce")
        if getattr(d.dt, "tz", None) is not None:
            d = d.dt.tz_convert("UTC").dt.tz_localize(None)
        keep = d.notna()
        if c["from"]:
            keep &= d >= pd.Timestamp(c["from"])
        if c["to"]:
            keep &= d < pd.Timestamp(c["to"]) + pd.Timedelta(days=1)
        counts["n_out_of_date_range"] = int((~keep).sum())
        corpus = corpus[keep.to_numpy(dtype=bool)]
    else:
        counts["n_out_of_date_range"] = 0
    counts["n_syndicated_dropped"] = 0
    if c["syndication"] != "none" and len(corpus):
        from framing.corpus.syndication import dedupe_syndicated, find_syndication

        corpus = find_syndication(corpus.reset_index(drop=True), threshold=c["syndication_threshold"],
                                  seed=cfg.settings["seed"] + 1)
        if c["syndication"] == "drop":
            corpus, dropped = dedupe_syndicated(corpus)
            counts["n_syndicated_dropped"] = int(dropped)
    s = c["sample"]
    before = len(corpus)
    if s is not None:
        if s["by"]:
            _need_column(corpus, s["by"], "corpus.sample.by")
        if s["n"] is not None and s["n"] >= before:
            notes.append(f"corpus.sample: asked for {s['n']} articles but only {before} are left; all are kept.")
        corpus = stratified_sample(corpus, n=s["n"], frac=s["frac"], by=s["by"], seed=cfg.settings["seed"])
    counts["n_sampled_out"] = before - len(corpus)
    corpus = corpus.reset_index(drop=True)
    counts["n_kept"] = int(len(corpus))
    if not len(corpus):
        raise ValueError("no article is left after the corpus filters, date range and sample: "
                         f"counts so far {counts}; loosen corpus.filters / from / to")
    return corpus


def _check_columns(corpus: pd.DataFrame, cfg: RunConfig) -> None:
    """Columns the configuration names must be in the corpus: checked before any extraction."""
    s = cfg.settings
    if s["compare"]:
        _need_column(corpus, s["compare"]["by"], "compare.by")
        if s["compare"]["events"] and s["compare"]["events"] != "auto":
            _need_column(corpus, s["compare"]["events"], "compare.events")
        if s["compare"]["trend"]:
            _need_column(corpus, "date", "compare.trend")
    for i, task in enumerate(s["classify"]):
        for what in ("target", "groups", "split"):
            if task[what]:
                _need_column(corpus, task[what], f"classify[{i}].{what}")
    if s["similarity"]:
        _need_column(corpus, s["similarity"]["by"], "similarity.by")


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _same(value: Any, values: Sequence[Any]) -> bool:
    return any(value == v for v in values if not isinstance(v, str))


def _documents(corpus: pd.DataFrame, cfg: RunConfig) -> pd.DataFrame:
    base = ["doc_id", "outlet", "title", "date", "event_id", "url", "origin", "dateline", "byline", "section",
            "language"]
    s = cfg.settings
    used = list(s["corpus"]["filters"])
    if s["corpus"]["sample"] and s["corpus"]["sample"]["by"]:
        used.append(s["corpus"]["sample"]["by"])
    if s["compare"]:
        used.append(s["compare"]["by"])
        if s["compare"]["events"] and s["compare"]["events"] != "auto":
            used.append(s["compare"]["events"])
    for t in s["classify"]:
        used += [t["target"], t["groups"], t["split"]]
    if s["similarity"]:
        used.append(s["similarity"]["by"])
    used += ["syndication_group", "syndication_size", "origin_inferred"]
    cols = list(dict.fromkeys(c for c in base + used if c and c in corpus.columns))
    return _sort(corpus[cols], ["doc_id"])


# ----------------------------------------------------------------------------- extract


def _make(spec: Mapping[str, Any]) -> Any:
    from framing.extract import make_extractor

    params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in spec["params"].items()}
    return make_extractor(spec["name"], **params)


def _lexicon_files(extractor: Any) -> list[str]:
    from framing.config import _LEXICON_PARAMS
    from framing.lexicons import load_lexicon

    files = []
    for name, value in extractor.get_params(deep=False).items():
        if name not in _LEXICON_PARAMS or value is None:
            continue
        for item in ([value] if isinstance(value, (str, Path)) else list(value)):
            try:
                lex = load_lexicon(item)
            except Exception:  # noqa: BLE001 - reported by the extractor itself
                continue
            if getattr(lex, "path", None):
                files.append(str(Path(lex.path).resolve()))
    return files


def _extract(corpus: pd.DataFrame, cfg: RunConfig, timings: dict[str, float]
             ) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], list[str]]:
    features: list[pd.DataFrame] = []
    mentions: dict[str, pd.DataFrame] = {}
    lexicons: list[str] = []
    from framing.parallel import fit_extract_together

    extractors = [_make(spec) for spec in cfg.settings["extract"]]
    seconds: list[float] = []
    # fitted and extracted batch by batch together: one parse of each text for all of them
    results = fit_extract_together(extractors, corpus, seconds=seconds)
    for spec, ex, (f, m), dt in zip(cfg.settings["extract"], extractors, results, seconds):
        features.append(f)
        mentions[spec["name"]] = m
        lexicons += _lexicon_files(ex)
        timings[f"extract.{spec['name']}"] = dt
        logger.info("extract %s: %d features, %d mentions", spec["name"], f.shape[1], len(m))
    if features:
        table = pd.concat(features, axis=1)
    else:
        table = pd.DataFrame(index=pd.Index(corpus["doc_id"].astype(str), name="doc_id"))
    return table, mentions, list(dict.fromkeys(lexicons))


def _select_columns(columns: Sequence[str], patterns: Sequence[str] | None, key: str) -> list[str]:
    if patterns is None:
        return [c for c in columns if not c.startswith("labels__") and not c.endswith("__count")]
    chosen: list[str] = []
    for p in patterns:
        hits = [c for c in columns if fnmatch.fnmatchcase(c, p)]
        if not hits:
            close = [c for c in columns if p.split("*")[0] and c.startswith(p.split("*")[0])][:5]
            raise ValueError(f"{key}: {p!r} matches no feature column"
                             + (f" (columns starting alike: {close})" if close else
                                f"; feature columns start with {sorted({c.split('__')[0] for c in columns})}"))
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def _features_summary(features: pd.DataFrame) -> pd.DataFrame:
    X = features.astype(float)
    return pd.DataFrame({
        "feature": list(X.columns),
        "n_docs": X.notna().sum().to_numpy(dtype=np.int64),
        "mean": X.mean().to_numpy(),
        "sd": X.std(ddof=1).to_numpy() if len(X) > 1 else np.full(X.shape[1], np.nan),
        "min": X.min().to_numpy(),
        "max": X.max().to_numpy(),
    })


# ----------------------------------------------------------------------------- compare


def _between_ss(S: np.ndarray, N: np.ndarray) -> np.ndarray:
    """Between-group sum of squares per feature from group sums ``S`` and counts ``N`` (groups x features)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(N > 0, S ** 2 / np.where(N > 0, N, 1), 0.0).sum(axis=0)
        return within - S.sum(axis=0) ** 2 / N.sum(axis=0)


def _bootstrap_means(X0: np.ndarray, M: np.ndarray, n_boot: int, level: float,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap CIs of column means over defined values, resampling rows."""
    n = len(X0)
    low = np.full(X0.shape[1], np.nan)
    high = np.full(X0.shape[1], np.nan)
    if n == 0:
        return low, high
    sums = np.empty((n_boot, X0.shape[1]))
    counts = np.empty((n_boot, X0.shape[1]))
    batch = max(1, 2_000_000 // n)
    for start in range(0, n_boot, batch):
        stop = min(start + batch, n_boot)
        idx = rng.integers(0, n, size=(stop - start, n))
        W = np.zeros((stop - start, n))
        np.add.at(W, (np.repeat(np.arange(stop - start), n), idx.ravel()), 1.0)
        sums[start:stop] = W @ X0
        counts[start:stop] = W @ M
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.where(counts > 0, counts, 1), np.nan)
    a = (1 - level) / 2
    ok = ~np.all(np.isnan(means), axis=0)
    if ok.any():
        low[ok] = np.nanquantile(means[:, ok], a, axis=0)
        high[ok] = np.nanquantile(means[:, ok], 1 - a, axis=0)
    return low, high


def compare_features(features: pd.DataFrame, groups: Sequence[Any], *, strata: Sequence[Any] | None = None,
                     n_boot: int = 1000, n_permutations: int = 1000, level: float = 0.95,
                     random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group means of each feature with bootstrap CIs, and a permutation test per feature.

    For feature :math:`x` and groups :math:`g` with :math:`n_g` articles where
    :math:`x` is defined, the statistic is the between-group sum of squares
    :math:`B = \\sum_g n_g (\\bar x_g - \\bar x)^2`. Its null distribution comes
    from permuting the group labels of whole articles (within events when
    ``strata`` is given); all features share the same permutations, and
    articles where a feature is undefined (NaN) do not contribute to it.
    p-values are :math:`(1 + \\#\\{B^* \\ge B\\}) / (1 + n_{perm})`, adjusted with
    Benjamini-Hochberg over features. Group means get percentile bootstrap CIs
    resampling the group's articles.

    Parameters
    ----------
    features : DataFrame
        One row per article, numeric columns (NaN = undefined for that article).
    groups : sequence
        Group of each article.
    strata : sequence, optional
        Event of each article: permutations shuffle groups within events.
    n_boot, n_permutations : int, default 1000
    level : float, default 0.95
    random_state : int, default 0

    Returns
    -------
    by_group : DataFrame
        ``feature, group, n_docs, mean, ci_low, ci_high``.
    tests : DataFrame
        ``feature, n_docs, n_groups, statistic, p_value, p_adjusted, method``.

    References
    ----------
    .. [1] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    .. [2] Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of Hypotheses*. Springer.
    .. [3] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology*, 9(1), 39.
    .. [4] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*, 57(1), 289-300.

    Examples
    --------
    >>> f = pd.DataFrame({"x": [1.0, 1.2, 0.9, 3.0, 3.1, 2.9], "y": [1.0, 2.0, np.nan, 1.0, 2.0, 1.5]})
    >>> by_group, tests = compare_features(f, list("aaabbb"), n_boot=200, n_permutations=200)
    >>> by_group["mean"].round(2).tolist(), by_group["n_docs"].tolist()
    ([1.03, 3.0, 1.5, 1.5], [3, 3, 2, 3])
    >>> bool(tests["p_value"].iloc[0] < 0.2), bool(tests["p_value"].iloc[1] > 0.5)
    (True, True)
    """
    from framing.compare.stats import fdr_bh

    if n_boot < 1 or n_permutations < 1:
        raise ValueError(f"n_boot and n_permutations must be at least 1, got {n_boot} and {n_permutations}")
    labels = np.asarray(groups, dtype=object).astype(str)
    if len(labels) != len(features):
        raise ValueError(f"features has {len(features)} rows but groups has {len(labels)} labels")
    present = sorted(set(labels))
    codes = np.array([present.index(g) for g in labels], dtype=np.int64)
    X = features.to_numpy(dtype=float)
    M = (~np.isnan(X)).astype(float)
    X0 = np.nan_to_num(X, nan=0.0)
    n, n_feat = X.shape
    G = len(present)
    rng = np.random.default_rng(random_state)

    def sums(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        O = np.zeros((n, G))
        O[np.arange(n), c] = 1.0
        return O.T @ X0, O.T @ M

    S, N = sums(codes)
    observed = _between_ss(S, N)
    if strata is None:
        s_codes = np.zeros(n)
    else:
        s_codes = pd.factorize(np.asarray(strata, dtype=object).astype(str))[0].astype(float)
    base = np.argsort(s_codes, kind="stable")
    exceed = np.zeros(n_feat)
    perm = codes.copy()
    tol = 1e-9 * np.maximum(1.0, np.abs(np.nan_to_num(observed)))
    for _ in range(n_permutations):
        order = np.argsort(s_codes + rng.random(n), kind="stable")
        perm[base] = codes[order]
        exceed += _between_ss(*sums(perm)) >= observed - tol
    p_values = (1.0 + exceed) / (1.0 + n_permutations)
    cis = [_bootstrap_means(X0[codes == gi], M[codes == gi], n_boot, level, rng) for gi in range(G)]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(N > 0, S / np.where(N > 0, N, 1), np.nan)
    rows = []
    for j, col in enumerate(features.columns):
        for gi, grp in enumerate(present):
            if N[gi, j] > 0:
                rows.append({"feature": str(col), "group": grp, "n_docs": int(N[gi, j]), "mean": float(means[gi, j]),
                             "ci_low": float(cis[gi][0][j]), "ci_high": float(cis[gi][1][j])})
    n_groups = (N > 0).sum(axis=0)
    method = "between-group sum of squares, articles permuted" + (" within events" if strata is not None else "")
    valid = n_groups >= 2
    tests = pd.DataFrame({
        "feature": [str(c) for c in features.columns],
        "n_docs": N.sum(axis=0).astype(np.int64),
        "n_groups": n_groups.astype(np.int64),
        "statistic": np.where(valid, np.clip(observed, 0, None), np.nan),
        "p_value": np.where(valid, p_values, np.nan),
    })
    tests["p_adjusted"] = fdr_bh(tests["p_value"].to_numpy()) if len(tests) else []
    tests["method"] = method
    by_group = pd.DataFrame(rows, columns=["feature", "group", "n_docs", "mean", "ci_low", "ci_high"])
    return by_group, tests


def _comparison_corpus(corpus: pd.DataFrame, comp: Mapping[str, Any]) -> tuple[pd.DataFrame, str | None]:
    """The articles compare_corpus compares (same event selection and wire-copy rule)."""
    from framing.compare.events import same_event_corpus

    by, events = comp["by"], comp["events"]
    strata = None
    if events:
        sel = same_event_corpus(corpus, by=by, events=events, drop_syndicated=comp["drop_syndicated"])
        work, strata = sel.corpus, sel.event_col
    elif comp["drop_syndicated"] and "syndication_group" in corpus.columns:
        from framing.corpus.syndication import dedupe_syndicated

        work, _ = dedupe_syndicated(corpus)
    else:
        work = corpus
    work = work[work[by].notna()]
    return work.reset_index(drop=True), strata


def _compare(corpus: pd.DataFrame, features: pd.DataFrame, mentions: dict[str, pd.DataFrame], cfg: RunConfig,
             tables: dict[str, pd.DataFrame], notes: list[str], info: dict[str, Any]) -> None:
    from framing.compare import compare_corpus

    comp = cfg.settings["compare"]
    seed = cfg.settings["seed"]
    by = comp["by"]
    _need_column(corpus, by, "compare.by")
    if comp["events"] and comp["events"] != "auto":
        _need_column(corpus, comp["events"], "compare.events")
    n_groups = corpus[by].dropna().astype(str).nunique()
    if n_groups < 2:
        notes.append(f"compare: skipped: the corpus has {n_groups} group(s) in {by!r}; a comparison needs two or more.")
        info["compare_skipped"] = True
        return
    ment = None
    lc = comp["label_choice"]
    if lc is not None and "wording" in mentions:
        m = mentions["wording"]
        ment = m[m["lexicon"].astype(str).isin(lc["lexicons"])]
    fw = comp["fighting_words"]
    result = compare_corpus(
        corpus, ment, by=by, events=comp["events"], drop_syndicated=comp["drop_syndicated"],
        ngram_range=tuple(fw["ngram_range"]), min_count=fw["min_count"],
        n_boot=lc["n_boot"] if lc else 1000, n_permutations=lc["n_permutations"] if lc else 1000,
        random_state=seed,
    )
    info["compare"] = {k: (int(v) if isinstance(v, (int, np.integer)) else v) for k, v in result.info.items()}
    info["compare_summary"] = result.summary
    tables["fighting_words"] = _sort(result.fighting_words, ["group", "z", "term"], [True, False, True])
    if lc is not None and len(result.label_choice):
        tables["label_choice"] = _sort(result.label_choice, ["concept", "label", "group"])
        tables["label_tests"] = _sort(result.tests, ["concept", "test", "groups"])
        if len(result.skipped):
            tables["label_skipped"] = _sort(result.skipped.astype({"group": object}), ["concept", "group"])
    elif lc is not None:
        notes.append("compare.label_choice: no mentions of the chosen lexicons in the compared articles; "
                     "no label-choice table.")
    work, strata = _comparison_corpus(corpus, comp)
    info["compare_n_docs"] = int(len(work))
    ids = work["doc_id"].astype(str)
    if comp["features"] is not None and features.shape[1]:
        cols = _select_columns(list(features.columns), comp["features"]["columns"], "compare.features.columns")
        X = features.loc[ids, cols]
        by_group, tests = compare_features(
            X, work[by].astype(str).to_numpy(), strata=None if strata is None else work[strata].to_numpy(),
            n_boot=comp["features"]["n_boot"], n_permutations=comp["features"]["n_permutations"], random_state=seed)
        tables["features_by_group"] = _sort(by_group, ["feature", "group"])
        tables["feature_tests"] = _sort(tests, ["feature"])
    if comp["features"] is not None and features.shape[1]:
        frame = features.loc[ids, cols].reset_index(drop=True)
        frame[by] = work[by].astype(str).to_numpy()
        info["_compare_features"] = frame
    if comp["trend"] is not None:
        from framing.plot import trend_table

        _need_column(work, "date", "compare.trend")
        cols = _select_columns(list(features.columns), comp["trend"]["columns"], "compare.trend.columns")
        frame = features.loc[ids, cols].reset_index(drop=True)
        frame["date"] = pd.to_datetime(work["date"], errors="coerce").to_numpy()
        frame[by] = work[by].astype(str).to_numpy()
        parts = []
        for col in cols:
            t = trend_table(frame, y=col, x="date", group=by, freq=_FREQ[comp["trend"]["period"]],
                            n_boot=comp["trend"]["n_boot"], random_state=seed)
            t = pd.DataFrame(t)
            t.insert(0, "feature", col)
            t["period"] = t["period"].astype(str)
            parts.append(t)
        trend = pd.concat(parts, ignore_index=True)
        trend["n_docs"] = trend["n_docs"].astype("int64")
        tables["trend"] = _sort(trend, ["feature", "group", "period"])
        info["trend_period"] = comp["trend"]["period"]
        info["_trend_frame"], info["_trend_columns"] = frame, cols
    if "labels" in mentions and len(mentions["labels"]):
        from framing.extract.labels import label_table

        m = mentions["labels"]
        m = m[m["doc_id"].astype(str).isin(set(ids))]
        table = label_table(work, m, by=by)
        tables["labels_by_group"] = _sort(table, ["actor", by, "count", "descriptor"], [True, True, False, True])


# ----------------------------------------------------------------------------- classify and similarity


def _classify(corpus: pd.DataFrame, features: pd.DataFrame, cfg: RunConfig, tables: dict[str, pd.DataFrame],
              info: dict[str, Any], timings: dict[str, float]) -> None:
    from framing.classify import evaluate, make_pipeline

    prefixes = {e["name"]: e["prefix"] for e in cfg.settings["extract"]}
    for i, task in enumerate(cfg.settings["classify"]):
        t0 = time.perf_counter()
        key = f"classify[{i}] ({task['name']})"
        for col, what in ((task["target"], "target"), (task["groups"], "groups"), (task["split"], "split")):
            if col:
                _need_column(corpus, col, f"{key}.{what}")
        options: dict[str, Any] = {"C": task["C"]}
        for opt in ("min_df", "ngram_range", "char_ngram_range"):
            if task[opt] is not None:
                options[opt] = tuple(task[opt]) if isinstance(task[opt], list) else task[opt]
        data = corpus
        if task["features"] != "tfidf":
            # extractor features are properties of each article alone: computed once, used as columns
            chosen = tuple(prefixes[n] + "__" for n in task["extractors"])
            columns = [c for c in features.columns if c.startswith(chosen)]
            data = corpus.join(features[columns], on="doc_id")
            options["feature_columns"] = columns
        pipe = make_pipeline(task["features"], **options)
        try:
            res = evaluate(pipe, data, task["target"], groups=task["groups"], split=task["split"],
                           train_on=tuple(task["train_on"]), cv=task["cv"],
                           n_boot=task["n_boot"], n_permutations=task["n_permutations"],
                           permutation_scheme=task["permutation_scheme"], top_k=task["top_k"],
                           random_state=cfg.settings["seed"])
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from exc
        name = task["name"]
        metrics = {k: v for k, v in res.metrics.items()}
        info.setdefault("classify", {})[name] = _jsonable(metrics)
        rows = []
        for k, v in metrics.items():
            num = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            rows.append({"metric": k, "value": float(v) if num else np.nan,
                         "text": "" if num else (", ".join(map(str, v)) if isinstance(v, list) else str(v))})
        tables[f"classify_{name}_metrics"] = pd.DataFrame(rows, columns=["metric", "value", "text"])
        tables[f"classify_{name}_report"] = res.report.reset_index(drop=True)
        conf = res.confusion.stack().rename("count").reset_index()
        conf["count"] = conf["count"].astype("int64")
        tables[f"classify_{name}_confusion"] = _sort(conf, ["true", "predicted"])
        tables[f"classify_{name}_predictions"] = _sort(res.predictions, ["doc_id"])
        if len(res.top_features):
            tables[f"classify_{name}_top_features"] = _sort(res.top_features, ["class", "rank"])
        timings[f"classify.{name}"] = time.perf_counter() - t0


def _similarity(corpus: pd.DataFrame, features: pd.DataFrame, cfg: RunConfig,
                tables: dict[str, pd.DataFrame], notes: list[str]) -> None:
    from framing.compare.similarity import outlet_similarity

    sim = cfg.settings["similarity"]
    by = sim["by"]
    _need_column(corpus, by, "similarity.by")
    cols = _select_columns(list(features.columns), sim["columns"], "similarity.columns")
    keep = corpus[by].notna().to_numpy()
    ids = corpus.loc[keep, "doc_id"].astype(str)
    groups = corpus.loc[keep, by].astype(str).to_numpy()
    counts = pd.Series(groups).value_counts()
    if (counts >= sim["min_docs"]).sum() < 2:
        notes.append(f"similarity: skipped: fewer than two groups in {by!r} have at least {sim['min_docs']} articles.")
        return
    res = outlet_similarity(features.loc[ids, cols], groups, metric=sim["metric"], n_boot=sim["n_boot"],
                            n_clusters=sim["n_clusters"], min_docs=sim["min_docs"], random_state=cfg.settings["seed"])
    tables["similarity_pairs"] = _sort(res.pairs, ["group_a", "group_b"])
    tables["similarity_coordinates"] = _sort(res.coordinates, ["group"])
    dropped = sorted(set(counts.index) - set(res.coordinates["group"]))
    if dropped:
        notes.append(f"similarity: {len(dropped)} group(s) with fewer than {sim['min_docs']} articles left out.")


# ----------------------------------------------------------------------------- figures


def _plot_module() -> Any:
    import importlib

    try:
        return importlib.import_module("framing.plot")
    except ImportError as exc:
        raise ImportError(f"figures need framing.plot, which could not be imported ({exc})") from exc


def _pick(frame: pd.DataFrame, column: str, patterns: Sequence[str] | None) -> pd.DataFrame:
    if not patterns:
        return frame
    keep = frame[column].astype(str).map(lambda v: any(fnmatch.fnmatchcase(v, p) for p in patterns))
    return frame[keep.to_numpy(dtype=bool)]


def _slug(value: Any) -> str:
    import re

    text = re.sub(r"[^A-Za-z0-9]+", "_", str(value)).strip("_").lower()
    return text[:60] or "item"


#: Trend period -> pandas period frequency.
_FREQ = {"year": "Y", "quarter": "Q", "month": "M"}

_Panel = tuple[str | None, str, Callable[[], Any]]


def _panels(kind: str, tables: Mapping[str, pd.DataFrame], opts: Mapping[str, Any], cfg: RunConfig,
            context: Mapping[str, Any], task: str | None) -> list[_Panel]:
    """The figures one entry draws: ``(file suffix, subject, draw function)``.

    This is the one place that follows :mod:`framing.plot`'s signatures: each
    draw function calls one plotting function on the run's tables and returns
    its Axes (or array of Axes).
    """
    plot = _plot_module()
    comp = cfg.settings["compare"] or {}
    top = opts.get("top")
    seed = cfg.settings["seed"]
    if kind == "label_choice":
        shares = tables["label_choice"]
        tests = tables.get("label_tests", pd.DataFrame(columns=["concept", "test", "p_value"]))
        omni = tests[tests["test"] == "permutation"].sort_values(["p_value", "concept"], kind="mergesort")
        concepts = list(dict.fromkeys(list(omni["concept"]) + sorted(shares["concept"].astype(str).unique())))
        if opts.get("concepts"):
            concepts = [c for c in concepts if any(fnmatch.fnmatchcase(c, p) for p in opts["concepts"])]
        else:
            concepts = concepts[: top or 4]
        def one(c: str) -> Any:
            sub = shares[shares["concept"].astype(str) == c].copy()
            sub.attrs["by"] = comp["by"]
            return plot.label_choice(sub, concept=c)

        return [(_slug(c) if len(concepts) > 1 else None, f"concept {c}", lambda c=c: one(c)) for c in concepts]
    if kind == "fighting_words":
        fw = tables["fighting_words"]
        groups = sorted(fw["group"].astype(str).unique())
        chosen = groups[:1] if len(groups) == 2 else groups
        n_top = top or comp["fighting_words"]["top"]
        return [(_slug(g) if len(chosen) > 1 else None, f"{g} against the rest" if len(groups) > 2 else g,
                 lambda g=g: plot.fighting_words(fw[fw["group"].astype(str) == g], group=g, top=n_top))
                for g in chosen]
    if kind == "feature_heatmap":
        frame = context["_compare_features"]
        tests = tables["feature_tests"]
        if opts.get("columns"):
            cols = _pick(tests, "feature", opts["columns"])["feature"].tolist()
        else:
            cols = _sort(tests.dropna(subset=["p_value"]), ["p_value", "feature"])["feature"].head(top or 15).tolist()
        if not cols:
            return []
        return [(None, f"{len(cols)} features", lambda: plot.feature_heatmap(frame, comp["by"], columns=cols,
                                                                           max_columns=len(cols)))]
    if kind == "trend":
        frame = context["_trend_frame"]
        cols = [c for c in context["_trend_columns"]
                if not opts.get("columns") or any(fnmatch.fnmatchcase(c, p) for p in opts["columns"])]
        freq = _FREQ[comp["trend"]["period"]]
        n_boot = comp["trend"]["n_boot"]
        return [(_slug(c) if len(cols) > 1 else None, c,
                 lambda c=c: plot.trend(frame, y=c, x="date", group=comp["by"], freq=freq, n_boot=n_boot,
                                        random_state=seed))
                for c in cols]
    if kind == "confusion_matrix":
        long = tables[f"classify_{task}_confusion"]
        wide = long.pivot(index="true", columns="predicted", values="count").fillna(0).astype("int64")
        return [(None, task, lambda: plot.confusion_matrix(wide))]
    if kind == "top_features":
        top_table = tables[f"classify_{task}_top_features"]
        return [(None, task, lambda: plot.top_features(top_table, k=top or 10))]
    if kind == "similarity_map":
        coords = tables["similarity_coordinates"]
        return [(None, "", lambda: plot.similarity_map(coords))]
    raise ValueError(f"unknown figure {kind!r}")


#: Figure kind -> tables it needs (a figure whose tables were not made is skipped with a note).
_FIGURE_TABLES: dict[str, tuple[str, ...]] = {
    "label_choice": ("label_choice",),
    "fighting_words": ("fighting_words",),
    "feature_heatmap": ("features_by_group", "feature_tests"),
    "trend": ("trend",),
    "confusion_matrix": ("classify_{task}_confusion",),
    "top_features": ("classify_{task}_top_features",),
    "similarity_map": ("similarity_coordinates",),
}


def _figure_of(drawn: Any) -> Any:
    if isinstance(drawn, np.ndarray):
        drawn = drawn.flat[0]
    return drawn.get_figure(root=True) if hasattr(drawn, "get_figure") else drawn


def _figures(cfg: RunConfig, tables: Mapping[str, pd.DataFrame], folder: Path, notes: list[str],
             context: Mapping[str, Any]) -> list[dict[str, Any]]:
    if not cfg.settings["figures"]:
        return []
    plot = _plot_module()
    formats = cfg.settings["report"]["figure_formats"]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[dict[str, Any]] = []
    used: set[str] = set()
    for fig_spec in cfg.settings["figures"]:
        kind = fig_spec["figure"]
        for stem, task in fig_spec["outputs"]:
            needed = [t.format(task=task) for t in _FIGURE_TABLES[kind]]
            missing = [t for t in needed if t not in tables or tables[t].empty]
            if missing:
                notes.append(f"figure {stem}: skipped: no {', '.join(missing)} table was made.")
                continue
            panels = _panels(kind, tables, fig_spec["options"], cfg, context, task)
            if not panels:
                notes.append(f"figure {stem}: skipped: nothing to draw.")
            for suffix, subject, draw in panels:
                name = stem if suffix is None else f"{stem}_{suffix}"
                k = 2
                while name in used:
                    name, k = f"{stem}_{suffix or 'part'}_{k}", k + 1
                used.add(name)
                fig = _figure_of(draw())
                try:
                    files = plot.save(fig, _inside(folder, name), formats, dpi=200)
                finally:
                    if "matplotlib.pyplot" in sys.modules:
                        import matplotlib.pyplot as plt

                        plt.close(fig)
                written.append({"stem": name, "kind": kind, "task": task, "subject": subject,
                                "files": [Path(f) for f in files]})
    return written


# ----------------------------------------------------------------------------- report


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return f"{v:.4g}" if abs(v) < 1e5 else f"{v:.4e}"
    text = str(value).replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= 80 else text[:77] + "..."


def markdown_table(frame: pd.DataFrame, rows: int = 10, columns: int = 12) -> str:
    """The first ``rows`` rows of a table as a markdown table (floats to 4 significant digits).

    Examples
    --------
    >>> print(markdown_table(pd.DataFrame({"a": [1.23456, None], "b": ["x|y", "z"]})))
    | a | b |
    | --- | --- |
    | 1.235 | x\\|y |
    |  | z |
    """
    cols = list(frame.columns)[:columns]
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
    for row in frame[cols].head(rows).itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    more = []
    if len(frame) > rows:
        more.append(f"{len(frame) - rows} more row(s)")
    if len(frame.columns) > columns:
        more.append(f"{len(frame.columns) - columns} more column(s)")
    if more:
        lines.append("")
        lines.append(f"({', '.join(more)} in the table file.)")
    return "\n".join(lines)


class _Report:
    def __init__(self, top_rows: int) -> None:
        self.lines: list[str] = []
        self.refs: list[str] = []
        self.top_rows = top_rows

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def method(self, key: str) -> None:
        m = METHODS.get(key)
        if m is None:
            return
        marks = []
        for ref in m.references:
            if ref not in self.refs:
                self.refs.append(ref)
            marks.append(f"[{self.refs.index(ref) + 1}]")
        self.add(f"*Method ({m.title}).* {m.text}" + (f" {' '.join(marks)}" if marks else ""), "")

    def table(self, name: str, frame: pd.DataFrame, caption: str = "") -> None:
        self.add(f"**Table `{name}`** ({len(frame)} row{'' if len(frame) == 1 else 's'}; `tables/{name}.csv`, `tables/{name}.parquet`)"
                 + (f": {caption}" if caption else ""), "", markdown_table(frame, self.top_rows), "")

    def figure(self, fig: Mapping[str, Any], caption: str) -> None:
        png = next((p for p in fig["files"] if p.suffix == ".png"), fig["files"][0])
        rel = f"figures/{png.name}"
        self.add(f"![{fig['stem']}]({rel})" if png.suffix in (".png", ".svg") else f"Figure: [{rel}]({rel})", "",
                 f"*Figure `{fig['stem']}`.* {caption}", "")

    def text(self) -> str:
        out = list(self.lines)
        if self.refs:
            out += ["## References", ""] + [f"{i}. {r}" for i, r in enumerate(self.refs, 1)] + [""]
        return "\n".join(out).rstrip() + "\n"


_FIGURE_CAPTIONS = {
    "label_choice": "Share of each label within its concept per group, with 95% bootstrap CIs.",
    "fighting_words": "Most distinctive terms of each group (Fightin' Words z-scores).",
    "feature_heatmap": "Group means of the features (most significant differences first).",
    "trend": "Feature means per period and group.",
    "confusion_matrix": "Confusion matrix of the held-out predictions (rows: true, columns: predicted).",
    "top_features": "Largest positive weights per class.",
    "similarity_map": "Classical MDS map of the groups' feature profiles.",
}


def _report(cfg: RunConfig, tables: Mapping[str, pd.DataFrame], figures: list[dict[str, Any]],
            counts: Mapping[str, int], info: Mapping[str, Any], notes: list[str]) -> str:
    s = cfg.settings
    r = _Report(s["report"]["top_rows"])
    figs_by_kind: dict[str, list[dict[str, Any]]] = {}
    for f in figures:
        figs_by_kind.setdefault(f["kind"], []).append(f)
    r.add(f"# {s['report']['title']}", "")
    if s["report"]["description"]:
        r.add(s["report"]["description"].strip(), "")
    cfg_name = cfg.source.name if cfg.source else "(configuration given as a mapping)"
    r.add(f"framing {framing.__version__} · seed {s['seed']} · configuration `{cfg_name}` · "
          "versions, input checksums and timings in `manifest.json`", "")
    # corpus
    r.add("## Corpus", "")
    sources = ", ".join(f"`{x.get('name') or x.get('given') or x['path']}`" for x in s["corpus"]["source"])
    r.add(f"Source: {sources}.", "")
    r.add("| step | articles |", "| --- | --- |")
    for k in ("n_read", "n_rejected", "n_filtered_out", "n_out_of_date_range", "n_syndicated_dropped",
              "n_sampled_out", "n_kept"):
        r.add(f"| {k.removeprefix('n_').replace('_', ' ')} | {counts.get(k, 0)} |")
    r.add("")
    r.method("corpus")
    if s["corpus"]["syndication"] != "none":
        r.method("syndication")
    if s["corpus"]["sample"]:
        r.method("sample")
    r.table("documents", tables["documents"], "one row per article kept (metadata, no text)")
    if "rejects" in tables and len(tables["rejects"]):
        r.table("rejects", tables["rejects"], "documents that could not be read")
    # features
    if s["extract"]:
        r.add("## Features", "")
        for spec in s["extract"]:
            n = sum(1 for c in tables["features"].columns if c.startswith(spec["prefix"] + "__"))
            m = tables.get(f"mentions_{spec['name']}")
            params = ", ".join(f"{k}={_short(v)}" for k, v in spec["params"].items()) or "defaults"
            r.add(f"### {spec['name']}", "", f"Parameters: {params}. {n} feature columns"
                  + (f", {len(m)} mentions (evidence with offsets)." if m is not None else "."), "")
            r.method(spec["name"])
            if m is not None and len(m):
                r.table(f"mentions_{spec['name']}", m)
        r.table("features_summary", tables["features_summary"], "every feature column over the articles kept")
    # comparison
    comp = s["compare"]
    if comp and not info.get("compare_skipped"):
        r.add(f"## Comparison by `{comp['by']}`", "")
        summary = info.get("compare_summary", "")
        body = [ln for ln in summary.splitlines() if not ln.startswith("# ")]
        r.add(*[f"**{ln[3:].strip()}**" if ln.startswith("## ") else ln for ln in body], "")
        if comp["events"]:
            r.method("events")
        r.add("### Fightin' Words", "")
        r.method("fighting_words")
        fw = tables["fighting_words"]
        top = fw.groupby("group", sort=True).head(min(comp["fighting_words"]["top"], 5))
        r.table("fighting_words", fw, f"top rows per group shown below ({len(top)} rows)")
        r.add(markdown_table(top, rows=len(top)), "")
        for f in figs_by_kind.get("fighting_words", []):
            r.figure(f, _FIGURE_CAPTIONS["fighting_words"])
        if "label_choice" in tables:
            r.add("### Label choice", "")
            r.method("label_choice")
            lc = _sort(tables["label_choice"], ["p_adjusted", "concept", "label", "group"])
            r.table("label_choice", lc, "sorted by adjusted p-value here")
            r.table("label_tests", tables["label_tests"])
            if "label_skipped" in tables:
                r.table("label_skipped", tables["label_skipped"])
            for f in figs_by_kind.get("label_choice", []):
                r.figure(f, _FIGURE_CAPTIONS["label_choice"])
        if "feature_tests" in tables:
            r.add("### Features by group", "")
            r.method("features")
            r.table("feature_tests", _sort(tables["feature_tests"], ["p_value", "feature"]),
                    "sorted by p-value here")
            r.table("features_by_group", tables["features_by_group"])
            for f in figs_by_kind.get("feature_heatmap", []):
                r.figure(f, _FIGURE_CAPTIONS["feature_heatmap"])
        if "trend" in tables:
            r.add("### Trend", "")
            r.method("trend")
            r.table("trend", tables["trend"], f"per {info.get('trend_period', 'period')}")
            for f in figs_by_kind.get("trend", []):
                r.figure(f, _FIGURE_CAPTIONS["trend"])
        if "labels_by_group" in tables:
            r.add("### Actor labels by group", "")
            r.method("labels")
            r.table("labels_by_group", tables["labels_by_group"])
    # classification
    for task in s["classify"]:
        name = task["name"]
        r.add(f"## Classification `{name}`", "")
        r.method("classify")
        m = info.get("classify", {}).get(name, {})
        if m:
            line = (f"{m.get('evaluation')}: macro-F1 {m.get('macro_f1', float('nan')):.3f} "
                    f"[{m.get('macro_f1_ci_low', float('nan')):.3f}, {m.get('macro_f1_ci_high', float('nan')):.3f}], "
                    f"accuracy {m.get('accuracy', float('nan')):.3f} on {m.get('n_tested')} articles "
                    f"(chance macro-F1 about {m.get('chance_macro_f1_uniform', float('nan')):.3f})")
            if "permutation_p_value" in m:
                line += f"; permutation p = {m['permutation_p_value']:.4f} ({m['permutation_n']} permutations)"
            r.add(line + ".", "")
        for suffix in ("metrics", "report", "confusion", "top_features"):
            key = f"classify_{name}_{suffix}"
            if key in tables:
                r.table(key, tables[key])
        r.add(f"Predictions per article: `tables/classify_{name}_predictions.csv`.", "")
        for kind in ("confusion_matrix", "top_features"):
            for f in figs_by_kind.get(kind, []):
                if f["task"] == name:
                    r.figure(f, _FIGURE_CAPTIONS[kind])
    if "similarity_pairs" in tables:
        r.add(f"## Similarity by `{s['similarity']['by']}`", "")
        r.method("similarity")
        r.table("similarity_pairs", _sort(tables["similarity_pairs"], ["distance", "group_a", "group_b"]),
                "closest pairs first")
        r.table("similarity_coordinates", tables["similarity_coordinates"])
        for f in figs_by_kind.get("similarity_map", []):
            r.figure(f, _FIGURE_CAPTIONS["similarity_map"])
    if notes:
        r.add("## Notes", "", *[f"- {n}" for n in notes], "")
    return r.text()


def _short(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    if isinstance(value, str) and os.sep in value:
        return Path(value).name
    return str(value)


# ----------------------------------------------------------------------------- manifest


def _versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for name in DEPENDENCIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Path):
        return str(value)
    return value


def _manifest_inputs(cfg: RunConfig, corpus_files: Sequence[str], lexicons: Sequence[str]) -> list[dict[str, Any]]:
    entries: dict[str, str] = {}
    for i in cfg.inputs:
        if i["role"] != "corpus" or Path(i["path"]).is_file():
            entries.setdefault(i["path"], i["role"])
    for p in corpus_files:
        entries.setdefault(str(Path(p).resolve()), "corpus")
    for p in lexicons:
        entries.setdefault(p, "lexicon")
    if cfg.source is not None:
        entries[str(cfg.source)] = "config"
    out = []
    for path, role in sorted(entries.items()):
        p = Path(path)
        if p.is_file():
            out.append({"role": role, "path": path, "bytes": p.stat().st_size, "sha256": file_sha256(p)})
    return out


# ----------------------------------------------------------------------------- output folder


def _work_name(out_dir: Path, kind: str, pid: int | None = None) -> Path:
    """``.<out>.<kind>-<host>-<pid>``: a run's hidden sibling folder (kind ``partial`` or ``old``)."""
    host = re.sub(r"[^A-Za-z0-9_.-]+", "_", platform.node()) or "host"
    return out_dir.parent / f".{out_dir.name}.{kind}-{host}-{os.getpid() if pid is None else pid}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists (another user's), or cannot tell: leave its folders alone
    return True


def _clean_stale(out_dir: Path) -> None:
    """Remove (or restore) hidden folders left by runs on this host that were killed.

    A ``partial`` folder of a dead process is removed. An ``old`` folder of a
    dead process holds the earlier output of an overwrite killed between its
    two renames: it is put back when the output folder is missing, else
    removed. Folders of live processes, and of other hosts (a shared file
    system), are left alone.
    """
    if not out_dir.parent.is_dir():
        return
    for kind in ("partial", "old"):
        start = _work_name(out_dir, kind, 0).name[:-1]  # ".<out>.<kind>-<host>-"
        for path in sorted(out_dir.parent.glob(glob.escape(start) + "*")):
            pid = path.name[len(start):]
            if not pid.isdigit() or not path.is_dir() or _alive(int(pid)):
                continue
            if kind == "old" and not out_dir.exists():
                logger.warning("restoring %s from %s, left by an overwrite that was killed", out_dir, path)
                path.rename(out_dir)
            else:
                logger.info("removing %s, left by a run that was killed", path)
                shutil.rmtree(path, ignore_errors=True)


def _prepare(out_dir: Path, overwrite: bool) -> Path:
    _clean_stale(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputExistsError(f"output path {out_dir} exists and is a file; give a folder")
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise OutputExistsError(f"output folder {out_dir} exists and is not empty; pass overwrite=True "
                                    "(--overwrite) to replace it, or choose another folder")
        if not (out_dir / "manifest.json").is_file():
            raise OutputExistsError(f"output folder {out_dir} is not empty and holds no manifest.json, so it is not "
                                    "the output of an earlier run; refusing to replace it even with overwrite")
    tmp = _work_name(out_dir, "partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def _commit(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = _work_name(out_dir, "old")
        if old.exists():
            shutil.rmtree(old)
        out_dir.rename(old)
    tmp.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ----------------------------------------------------------------------------- run


def run(config: str | os.PathLike[str] | Mapping[str, Any] | RunConfig, out_dir: str | os.PathLike[str], *,
        overwrite: bool = False) -> RunResult:
    """Carry out a run configuration and write its tables, figures, report and manifest.

    Parameters
    ----------
    config : str, path-like, mapping or RunConfig
        A YAML configuration file, a mapping with the same keys (relative paths
        resolved against the working directory), or a loaded :class:`~framing.config.RunConfig`.
    out_dir : str or path-like
        Output folder; created. Written through a hidden sibling folder that is
        renamed at the end, so a failed run leaves nothing behind.
    overwrite : bool, default False
        Replace an existing, non-empty output folder of an earlier run.

    Returns
    -------
    RunResult

    Raises
    ------
    framing.config.ConfigError
        The configuration is invalid (raised before any work starts).
    OutputExistsError
        ``out_dir`` is not empty and ``overwrite`` is False (or it is not an earlier run's folder).
    ValueError
        A column named in the configuration is not in the corpus, or a comparison cannot be made.
    """
    t_start = time.perf_counter()
    started = _dt.datetime.now(_dt.timezone.utc)
    cfg = config if isinstance(config, RunConfig) else load_config(config)
    out = Path(out_dir).expanduser().resolve()
    tmp = _prepare(out, overwrite)
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    notes: list[str] = list(cfg.notes)
    info: dict[str, Any] = {}
    tables: dict[str, pd.DataFrame] = {}
    try:
        seed = cfg.settings["seed"]
        t0 = time.perf_counter()
        corpus, rejects = _read(cfg)
        timings["read"] = time.perf_counter() - t0
        counts["n_read"] = int(len(corpus) + len(rejects))
        counts["n_rejected"] = int(len(rejects))
        corpus_files = sorted({str(p) for p in pd.concat([corpus.get("source_path", pd.Series(dtype=object)),
                                                           rejects.get("source_path", pd.Series(dtype=object))])
                               .dropna().astype(str) if p and Path(p).is_file()})
        t0 = time.perf_counter()
        corpus = _select(corpus, cfg, counts, notes)
        corpus["doc_id"] = corpus["doc_id"].astype(str)
        _check_columns(corpus, cfg)
        timings["select"] = time.perf_counter() - t0
        tables["documents"] = _documents(corpus, cfg)
        if len(rejects):
            cols = [c for c in ("source_path", "line", "doc_id", "reason") if c in rejects.columns]
            tables["rejects"] = _sort(rejects[cols], ["source_path", "line", "doc_id"])
        t0 = time.perf_counter()
        features, mentions, lexicons = _extract(corpus, cfg, timings)
        timings["extract"] = time.perf_counter() - t0
        features.index = features.index.astype(str)
        if cfg.settings["extract"]:
            tables["features"] = _sort(features.reset_index(), ["doc_id"])
            tables["features_summary"] = _features_summary(features)
            for name, m in mentions.items():
                keys = [k for k in ("doc_id", "field", "start", "end", "sentence_id") if k in m.columns]
                tables[f"mentions_{name}"] = _sort(m, keys)
        if cfg.settings["compare"]:
            t0 = time.perf_counter()
            _compare(corpus, features, mentions, cfg, tables, notes, info)
            timings["compare"] = time.perf_counter() - t0
        if cfg.settings["classify"]:
            t0 = time.perf_counter()
            _classify(corpus, features, cfg, tables, info, timings)
            timings["classify"] = time.perf_counter() - t0
        if cfg.settings["similarity"]:
            t0 = time.perf_counter()
            _similarity(corpus, features, cfg, tables, notes)
            timings["similarity"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        tables = {name: _for_output(frame) for name, frame in tables.items()}
        table_dir = tmp / "tables"
        table_dir.mkdir()
        for name in sorted(tables):
            write_table(tables[name], table_dir, name, metadata={"framing_seed": str(seed)})
        timings["write_tables"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        figures = _figures(cfg, tables, tmp / "figures", notes, info)
        timings["figures"] = time.perf_counter() - t0
        report = _report(cfg, tables, figures, counts, info, notes)
        _inside(tmp, "report.md").write_text(report, encoding="utf-8")
        outputs = []
        for p in sorted(q for q in tmp.rglob("*") if q.is_file()):
            outputs.append({"path": p.relative_to(tmp).as_posix(), "bytes": p.stat().st_size,
                            "sha256": file_sha256(p)})
        timings["total"] = time.perf_counter() - t_start
        manifest = {
            "framing_version": framing.__version__,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "dependencies": _versions(),
            "config": cfg.raw,
            "config_file": None if cfg.source is None else str(cfg.source),
            "settings": _jsonable(cfg.settings),
            "seed": seed,
            "inputs": _manifest_inputs(cfg, corpus_files, lexicons),
            "counts": counts,
            "results": _jsonable({k: v for k, v in info.items() if k != "compare_summary" and not k.startswith("_")}),
            "notes": notes,
            "outputs": outputs,
            "output_dir": str(out),
            "timings": {"started_utc": started.isoformat(timespec="seconds"),
                        "seconds": {k: round(v, 3) for k, v in timings.items()}},
        }
        text = json.dumps(_jsonable(manifest), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        _inside(tmp, "manifest.json").write_text(text + "\n", encoding="utf-8")
        _commit(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fig_paths = [out / p.relative_to(tmp) for f in figures for p in f["files"]]
    logger.info("run finished in %.1f s: %s", timings["total"], out)
    return RunResult(out, out / "report.md", manifest, tables, fig_paths, counts, notes)
