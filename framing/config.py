"""Run configurations: the YAML schema of ``framing run``, loading and validation.

A run configuration says which articles to read, which features to extract,
which comparisons, classifiers and figures to make; :func:`framing.run.run`
carries it out. Files are read with :func:`yaml.safe_load` only. Everything is
checked **before any work starts**: unknown keys (with the closest allowed
key), wrong types, missing files (with the path looked at), datasets that are
not available, figures that need a comparison the configuration does not run,
and names that would write outside the output folder.

Schema
------
:data:`SCHEMA` maps every key path to its description (``extract[]`` is an item
of the ``extract`` list); ``docs/reproducibility.md`` shows the same table::

    report:                       # optional
      title: BASIL outlets        # report heading
      description: ...            # paragraph under the heading
      top_rows: 10                # table rows shown in report.md
      figure_formats: [png, pdf]
    seed: 0                       # every random choice (sampling, bootstrap, permutations, CV folds)
    corpus:                       # required
      source: basil               # dataset name, or path / glob / list, relative to the config's folder
      read: {outlet: Reuters}     # options of framing.read_corpus (text_col, outlet_col, metadata, ...)
      limit: 1000                 # read at most this many documents
      filters: {outlet: [Fox News, HuffPost]}   # keep rows whose column equals (one of) the value(s)
      from: 2012-01-01            # keep articles dated on or after ...
      to: 2019-12-31              # ... and on or before (articles without a date are dropped)
      sample: {n: 3000, by: bias_label}         # or an integer; proportional stratified sample
      syndication: none           # none | mark | drop (wire-copy groups)
    extract:                      # extractors, in order
      - wording: {lexicons: [report-verbs, hedges], normalize: [count, share]}
      - tone
    compare:                      # optional: comparison across groups
      by: outlet
      events: event_id            # none | auto | an event column
      fighting_words: {ngram_range: [1, 2], min_count: 2, top: 20}
      label_choice: {lexicons: [report-verbs], n_boot: 1000, n_permutations: 1000}
      features: {columns: ["sourcing__*"], n_boot: 1000, n_permutations: 1000}
      trend: {period: year, columns: ["tone__polarity"]}
    classify:                     # optional: classification tasks
      - {name: outlet_by_event, target: outlet, groups: event_id, features: tfidf}
    similarity: {by: outlet, n_boot: 200}      # optional: outlet similarity map
    figures: [label_choice, fighting_words, feature_heatmap, trend, confusion_matrix]

Examples
--------
>>> cfg = load_config({"corpus": {"source": "basil"}, "extract": ["tone"]}, check_inputs=False)
>>> cfg.settings["seed"], [e["name"] for e in cfg.settings["extract"]]
(0, ['tone'])
>>> load_config({"corpus": {"source": "basil"}, "compare": {"fighting_word": {}}}, check_inputs=False)
Traceback (most recent call last):
...
framing.config.ConfigError: <dict>: compare.fighting_word: unknown key 'fighting_word' (did you mean 'fighting_words'?); allowed keys under compare: by, drop_syndicated, events, features, fighting_words, label_choice, trend
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import glob as _glob
import inspect
import logging
import os
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

logger = logging.getLogger(__name__)

__all__ = [
    "SCHEMA",
    "FIGURES",
    "RunConfig",
    "ConfigError",
    "ConfigTypeError",
    "ConfigFileNotFoundError",
    "DatasetUnavailableError",
    "load_config",
    "schema_markdown",
]

#: Every key of a run configuration: dotted path -> description. ``[]`` marks list items.
SCHEMA: dict[str, str] = {
    "report": "mapping, optional: how the report looks",
    "report.title": "string: heading of report.md (default 'framing run')",
    "report.description": "string: a paragraph shown under the heading",
    "report.top_rows": "integer >= 1: rows of each table shown in report.md (default 10)",
    "report.figure_formats": "list of png, pdf, svg: figure files written (default [png, pdf])",
    "seed": "integer >= 0: seed of every random choice (default 0)",
    "corpus": "mapping, required: which articles to read",
    "corpus.source": "string or list of strings, required: a dataset name (basil, babe:sentences, ...), "
                     "a file, folder or glob (relative to the config file's folder), or a list of them",
    "corpus.read": "mapping: options of framing.read_corpus",
    "corpus.read.format": "string: text, html, jsonl, json, csv, tsv or parquet (default: from the file name)",
    "corpus.read.text_col": "string: column holding the article text (default text)",
    "corpus.read.id_col": "string: column holding the document id",
    "corpus.read.outlet_col": "string: column holding the outlet",
    "corpus.read.title_col": "string: column holding the headline",
    "corpus.read.date_col": "string: column holding the date",
    "corpus.read.url_col": "string: column holding the address",
    "corpus.read.event_col": "string: column holding the event key",
    "corpus.read.outlet": "string: outlet of every document read",
    "corpus.read.metadata": "string: path of a metadata sidecar CSV (relative to the config file's folder)",
    "corpus.read.clean": "boolean: separate datelines, credits and boilerplate (default true)",
    "corpus.read.language": "string: ISO 639-1 code of documents without one (default en)",
    "corpus.read.encoding": "string: text encoding of the files (default: UTF-8 with fallback)",
    "corpus.limit": "integer >= 1: read at most this many documents",
    "corpus.filters": "mapping column -> value or list of values: keep rows whose column equals one of them",
    "corpus.from": "date (YYYY-MM-DD): keep articles dated on or after it",
    "corpus.to": "date (YYYY-MM-DD): keep articles dated on or before it",
    "corpus.sample": "integer, or mapping with n or frac and optional by: a random sample "
                     "(stratified proportionally by the column 'by')",
    "corpus.sample.n": "integer >= 1: sample size",
    "corpus.sample.frac": "number in (0, 1]: sample fraction",
    "corpus.sample.by": "string: column to stratify by",
    "corpus.syndication": "none, mark or drop: find wire-copy groups (mark) and keep one copy each (drop); default none",
    "corpus.syndication_threshold": "number in (0, 1]: Jaccard threshold of near-duplicates (default 0.5)",
    "extract": "list: extractors, each a name or a mapping {name: {parameters}}",
    "extract[]": "an extractor name (wording, tone, labels, sourcing, agency, frames, ...) or {name: {parameters}}",
    "compare": "mapping, optional: comparison of groups of articles",
    "compare.by": "string: grouping column (default outlet)",
    "compare.events": "none, auto or an event column (e.g. event_id): compare groups on the same events",
    "compare.drop_syndicated": "boolean: keep one copy of each wire-copy group (default true)",
    "compare.fighting_words": "mapping: Fightin' Words settings (always computed when compare is given)",
    "compare.fighting_words.ngram_range": "[min, max]: n-gram lengths (default [1, 2])",
    "compare.fighting_words.min_count": "integer >= 1: minimum corpus count of a scored term (default 2)",
    "compare.fighting_words.top": "integer >= 1: terms per group shown in the report and figure (default 20)",
    "compare.label_choice": "false or mapping: label-choice tests on wording mentions (default on when a "
                            "wording extractor runs)",
    "compare.label_choice.lexicons": "list: wording lexicons to compare (default all)",
    "compare.label_choice.n_boot": "integer >= 1: bootstrap resamples (default 1000)",
    "compare.label_choice.n_permutations": "integer >= 1: permutations (default 1000)",
    "compare.features": "false or mapping: group means of features with bootstrap CIs and permutation tests "
                        "(default on when extractors run)",
    "compare.features.columns": "list of feature names or glob patterns (default: all but labels__* and *__count)",
    "compare.features.n_boot": "integer >= 1: bootstrap resamples (default 1000)",
    "compare.features.n_permutations": "integer >= 1: permutations (default 1000)",
    "compare.trend": "false or mapping: feature means per period and group (default off)",
    "compare.trend.period": "year, quarter or month (default year)",
    "compare.trend.columns": "list of feature names or glob patterns, required",
    "compare.trend.n_boot": "integer >= 1: bootstrap resamples of each period's articles (default 1000)",
    "classify": "list: classification tasks",
    "classify[]": "mapping: one classification task",
    "classify[].name": "string: name used in file names (letters, digits, _ - .; default target[_by_groups])",
    "classify[].target": "string, required: column to predict",
    "classify[].groups": "string: column for grouped cross-validation (no group in both train and test)",
    "classify[].split": "string: column with train/valid/test values (a fixed split)",
    "classify[].train_on": "list of split values to fit on (default [train, valid]; [train] keeps valid out)",
    "classify[].features": "tfidf, features or both (default tfidf)",
    "classify[].extractors": "list of names from extract whose features are used with features/both "
                             "(default: all of them)",
    "classify[].cv": "integer >= 2: folds (default 5)",
    "classify[].C": "number > 0: inverse regularization (default 1.0)",
    "classify[].min_df": "integer >= 1: TF-IDF minimum document frequency (default: framing.classify's)",
    "classify[].ngram_range": "[min, max]: TF-IDF word n-gram lengths (default: framing.classify's)",
    "classify[].char_ngram_range": "[min, max]: add character n-gram TF-IDF (default: none)",
    "classify[].n_boot": "integer >= 1: bootstrap resamples for CIs (default 1000)",
    "classify[].n_permutations": "integer >= 0: permutation-test resamples (default 0: skip)",
    "classify[].permutation_scheme": "auto, global, within_groups or between_groups: how labels are shuffled "
                                     "in the permutation test (default auto)",
    "classify[].top_k": "integer >= 1: top features per class (default 20)",
    "similarity": "mapping, optional: distances between group profiles and an MDS map",
    "similarity.by": "string: grouping column (default compare.by, else outlet)",
    "similarity.columns": "list of feature names or glob patterns (default as compare.features)",
    "similarity.metric": "string: a scipy pdist metric (default euclidean)",
    "similarity.n_boot": "integer >= 1: bootstrap resamples (default 200)",
    "similarity.n_clusters": "integer >= 1: clusters (default 3)",
    "similarity.min_docs": "integer >= 1: groups with fewer articles are left out (default 1)",
    "figures": "list: figures, each a name or {name: {options}}",
    "figures[]": "label_choice, fighting_words, feature_heatmap, trend, confusion_matrix, top_features, similarity_map",
    "figures[].name": "string: file stem (default the figure name, plus the task name for classifier figures)",
    "figures[].task": "string: classify task name (confusion_matrix, top_features; default every task)",
    "figures[].top": "integer >= 1: items shown (terms, labels, features)",
    "figures[].columns": "list of feature names or glob patterns (feature_heatmap, trend)",
    "figures[].concepts": "list of concepts shown (label_choice; default all)",
}

#: Figure name -> (the configuration part it needs, a description of that part).
FIGURES: dict[str, tuple[str, str]] = {
    "label_choice": ("compare.label_choice", "the label-choice comparison (compare, with a wording extractor)"),
    "fighting_words": ("compare", "the Fightin' Words comparison (compare)"),
    "feature_heatmap": ("compare.features", "the feature comparison (compare.features)"),
    "trend": ("compare.trend", "the trend table (compare.trend)"),
    "confusion_matrix": ("classify", "a classification task (classify)"),
    "top_features": ("classify", "a classification task (classify)"),
    "similarity_map": ("similarity", "the outlet similarity (similarity)"),
}

_FIGURE_OPTIONS = {"name", "task", "top", "columns", "concepts"}
_FORMATS = ("png", "pdf", "svg")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: Extractor parameters that name input files (shipped lexicon names or paths) -> their role in the manifest.
_FILE_PARAMS: dict[str, str] = {"lexicons": "lexicon", "lexicon": "lexicon", "report_verbs": "lexicon",
                                "anonymous": "lexicon", "nominalizations": "lexicon", "path": "dictionary"}
_LEXICON_PARAMS = frozenset(_FILE_PARAMS)
_MISSING = object()


class ConfigError(ValueError):
    """A run configuration is invalid; the message names the file, the key path and what to do.

    Attributes
    ----------
    key : str
        Dotted path of the offending key (``compare.fighting_word``), ``""`` for the whole file.
    source : str
        The configuration file (or ``<dict>``).
    line : int or None
        1-based line of the key in the file, when known.
    """

    def __init__(self, message: str, *, key: str = "", source: str = "<dict>", line: int | None = None) -> None:
        self.key = key
        self.source = source
        self.line = line
        where = source + (f":{line}" if line else "")
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


class ConfigTypeError(ConfigError, TypeError):
    """A configuration value has the wrong type."""


class ConfigFileNotFoundError(ConfigError, FileNotFoundError):
    """A file named in the configuration does not exist (the message says where it looked)."""


class DatasetUnavailableError(ConfigError, FileNotFoundError):
    """A dataset named in the configuration is not in the data folder."""


@dataclass
class RunConfig:
    """A validated run configuration.

    Attributes
    ----------
    raw : dict
        The configuration as loaded (dates as ISO strings), for the manifest.
    settings : dict
        Every key with its default filled in, paths resolved to absolute paths.
    source : pathlib.Path or None
        The configuration file, when loaded from one.
    base_dir : pathlib.Path
        Folder that relative paths are resolved against (the file's folder).
    inputs : list of dict
        Files the configuration names: ``{"role", "path"}`` (datasets, files
        read, metadata sidecars, lexicon files given by path).
    notes : list of str
        Things the validation decided that the report should say (parts turned off).
    """

    raw: dict[str, Any]
    settings: dict[str, Any]
    source: Path | None
    base_dir: Path
    inputs: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def figure_names(self) -> list[str]:
        """The figure kinds asked for, in order."""
        return [f["figure"] for f in self.settings["figures"]]


# ----------------------------------------------------------------------------- helpers


class _Ctx:
    """Validation context: the source name, line numbers of keys, the base folder."""

    def __init__(self, source: str, lines: dict[str, int], base_dir: Path, check_inputs: bool) -> None:
        self.source = source
        self.lines = lines
        self.base_dir = base_dir
        self.check_inputs = check_inputs
        self.inputs: list[dict[str, str]] = []
        self.notes: list[str] = []

    def line(self, key: str) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rsplit(".", 1)[0] if "." in key else (key.rsplit("[", 1)[0] if "[" in key else "")
        return None

    def error(self, key: str, message: str, cls: type[ConfigError] = ConfigError) -> ConfigError:
        return cls(message, key=key, source=self.source, line=self.line(key))


def _schema_path(key: str) -> str:
    """``classify[2].target`` -> ``classify[].target``."""
    return re.sub(r"\[\d+\]", "[]", key)


def _allowed(prefix: str) -> list[str]:
    depth = prefix.count(".") + 1 if prefix else 0
    out = []
    for path in SCHEMA:
        if prefix and not path.startswith(prefix + "."):
            continue
        rest = path[len(prefix) + 1:] if prefix else path
        if rest and "." not in rest and "[" not in rest and path.count(".") == depth:
            out.append(rest)
    return sorted(out)


def _check_keys(value: Mapping[str, Any], prefix: str, ctx: _Ctx, allowed: list[str] | None = None) -> None:
    allowed = _allowed(_schema_path(prefix)) if allowed is None else allowed
    for key in value:
        if not isinstance(key, str):
            raise ctx.error(prefix, f"keys must be strings, found {key!r} ({type(key).__name__})", ConfigTypeError)
        if key not in allowed:
            path = f"{prefix}.{key}" if prefix else key
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            where = f"under {prefix}" if prefix else "at the top level"
            raise ctx.error(path, f"unknown key {key!r}{hint}; allowed keys {where}: {', '.join(allowed)}")


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "a mapping", _dt.date: "a date", _dt.datetime: "a date-time"}.get(type(value), type(value).__name__)


def _brief(value: Any) -> str:
    """The first 60 characters of ``repr(value)``, without building the whole repr of a nested value.

    (A YAML alias chain makes a list whose full repr has billions of characters.)
    """
    if isinstance(value, (list, tuple, dict, set)):
        return reprlib.repr(value)[:60]
    return repr(value)[:60]


def _want(value: Any, types: tuple[type, ...], key: str, ctx: _Ctx, what: str) -> Any:
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        raise ctx.error(key, f"expected {what}, found {_type_name(value)} ({_brief(value)})", ConfigTypeError)
    return value


def _int(value: Any, key: str, ctx: _Ctx, minimum: int = 0) -> int:
    _want(value, (int,), key, ctx, f"an integer >= {minimum}")
    if value < minimum:
        raise ctx.error(key, f"expected an integer >= {minimum}, found {value}")
    return int(value)


def _number(value: Any, key: str, ctx: _Ctx, low: float | None = None, high: float | None = None,
            low_open: bool = False) -> float:
    _want(value, (int, float), key, ctx, "a number")
    v = float(value)
    if (low is not None and (v < low or (low_open and v == low))) or (high is not None and v > high):
        rng = f"{'(' if low_open else '['}{low}, {high}]"
        raise ctx.error(key, f"expected a number in {rng}, found {value}")
    return v


def _str(value: Any, key: str, ctx: _Ctx) -> str:
    _want(value, (str,), key, ctx, "a string")
    if not value.strip():
        raise ctx.error(key, "expected a non-empty string, found an empty one")
    return value


def _choice(value: Any, choices: tuple[str, ...], key: str, ctx: _Ctx) -> str:
    if value is False or value is None:
        value = "none"
    _want(value, (str,), key, ctx, f"one of {', '.join(choices)}")
    if value not in choices:
        close = difflib.get_close_matches(value, choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ctx.error(key, f"expected one of {', '.join(choices)}, found {value!r}{hint}")
    return value


def _str_list(value: Any, key: str, ctx: _Ctx, *, allow_scalar: bool = True) -> list[str]:
    if isinstance(value, str) and allow_scalar:
        value = [value]
    _want(value, (list,), key, ctx, "a list of strings")
    return [_str(v, f"{key}[{i}]", ctx) for i, v in enumerate(value)]


def _range(value: Any, key: str, ctx: _Ctx) -> list[int]:
    _want(value, (list,), key, ctx, "a list [min, max] of two integers")
    if len(value) != 2:
        raise ctx.error(key, f"expected a list [min, max] of two integers, found {len(value)} items")
    lo, hi = (_int(v, f"{key}[{i}]", ctx, 1) for i, v in enumerate(value))
    if lo > hi:
        raise ctx.error(key, f"min {lo} is larger than max {hi}")
    return [lo, hi]


def _date(value: Any, key: str, ctx: _Ctx) -> str:
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    _want(value, (str,), key, ctx, "a date YYYY-MM-DD")
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ctx.error(key, f"expected a date YYYY-MM-DD, found {value!r}") from None


def _safe_name(value: Any, key: str, ctx: _Ctx) -> str:
    name = _str(value, key, ctx)
    if not _SAFE_NAME.match(name) or ".." in name:
        raise ctx.error(
            key, f"{name!r} is not a plain file name: it would write outside the output folder or into a "
                 "sub-folder; use letters, digits, '_', '-' and '.' only")
    return name


def _plain(value: Any) -> Any:
    """The loaded configuration as JSON-able data (dates as ISO strings)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _key_lines(text: str) -> dict[str, int]:
    """Dotted key path -> 1-based line, from the YAML node tree (no object is constructed)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    seen: set[int] = set()  # an alias repeats a node: walk it once (an alias chain would be exponential)

    def walk(node: Any, prefix: str) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                name = str(k.value)
                path = f"{prefix}.{name}" if prefix else name
                lines.setdefault(path, k.start_mark.line + 1)
                walk(v, path)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                path = f"{prefix}[{i}]"
                lines.setdefault(path, v.start_mark.line + 1)
                walk(v, path)

    if root is not None:
        walk(root, "")
    return lines


# ----------------------------------------------------------------------------- sections


def _report(value: Any, ctx: _Ctx) -> dict[str, Any]:
    out = {"title": "framing run", "description": "", "top_rows": 10, "figure_formats": ["png", "pdf"]}
    if value is None:
        return out
    _want(value, (dict,), "report", ctx, "a mapping")
    _check_keys(value, "report", ctx)
    if "title" in value:
        out["title"] = _str(value["title"], "report.title", ctx)
    if "description" in value:
        out["description"] = _want(value["description"], (str,), "report.description", ctx, "a string")
    if "top_rows" in value:
        out["top_rows"] = _int(value["top_rows"], "report.top_rows", ctx, 1)
    if "figure_formats" in value:
        formats = _str_list(value["figure_formats"], "report.figure_formats", ctx)
        for i, f in enumerate(formats):
            _choice(f, _FORMATS, f"report.figure_formats[{i}]", ctx)
        if not formats:
            raise ctx.error("report.figure_formats", f"give at least one of {', '.join(_FORMATS)}")
        out["figure_formats"] = list(dict.fromkeys(formats))
    return out


def _resolve_source(item: str, key: str, ctx: _Ctx) -> dict[str, Any]:
    """One corpus source -> {"kind": dataset|path|glob, ...}, checked."""
    from framing.datasets import DATASETS, DATA_DIR_ENV, UnknownDatasetError, data_dir, dataset_path

    text = item.strip()
    candidate = Path(text).expanduser()
    path = candidate if candidate.is_absolute() else ctx.base_dir / candidate
    if path.exists():
        resolved = path.resolve()
        ctx.inputs.append({"role": "corpus", "path": str(resolved)})
        return {"kind": "path", "path": str(resolved), "given": text}
    name, _, subset = text.partition(":")
    if name.strip().lower() in DATASETS and "/" not in text and "\\" not in text:
        try:
            file = dataset_path(name.strip().lower(), subset=subset.strip() or None)
        except UnknownDatasetError as exc:
            raise ctx.error(key, str(exc)) from None
        info = DATASETS[name.strip().lower()]
        if ctx.check_inputs and not file.is_file():
            env = os.environ.get(DATA_DIR_ENV, "").strip()
            origin = (f"{DATA_DIR_ENV}={env} is the data folder" if env
                      else f"{DATA_DIR_ENV} is not set, so ./data ({data_dir()}) is the data folder")
            raise ctx.error(
                key,
                f"dataset {info.name!r} is not available: no file {file} ({origin}). Set {DATA_DIR_ENV} to the "
                f"folder that holds the dataset folders ({', '.join(sorted(DATASETS))}), each with its "
                f"{info.files[info.default_subset]}; the {info.name} data comes from {info.url} (commit "
                f"{info.commit[:10]}), converted as described in docs/datasets.md.",
                DatasetUnavailableError,
            )
        ctx.inputs.append({"role": "dataset", "path": str(file.resolve()) if file.exists() else str(file)})
        return {"kind": "dataset", "name": text, "path": str(file)}
    if _glob.has_magic(text):
        pattern = text if Path(text).is_absolute() else str(ctx.base_dir / text)
        matches = sorted(_glob.glob(pattern, recursive=True))
        if ctx.check_inputs and not matches:
            raise ctx.error(key, f"the pattern {text!r} matches no file (looked for {pattern}; relative paths are "
                                 f"resolved against the config file's folder {ctx.base_dir})",
                            ConfigFileNotFoundError)
        return {"kind": "glob", "path": pattern, "given": text}
    if ctx.check_inputs:
        raise ctx.error(
            key,
            f"no file or folder {text!r}: looked at {path} (relative paths are resolved against the config "
            f"file's folder {ctx.base_dir}); it is not a dataset name either (known: {', '.join(sorted(DATASETS))})",
            ConfigFileNotFoundError,
        )
    return {"kind": "path", "path": str(path), "given": text}


def _input_file(value: Any, key: str, ctx: _Ctx, role: str) -> str:
    text = _str(value, key, ctx)
    candidate = Path(text).expanduser()
    path = candidate if candidate.is_absolute() else ctx.base_dir / candidate
    if not path.is_file():
        if ctx.check_inputs:
            raise ctx.error(key, f"file {text!r} not found: looked at {path} (relative paths are resolved against "
                                 f"the config file's folder {ctx.base_dir})", ConfigFileNotFoundError)
        return str(path)
    resolved = str(path.resolve())
    ctx.inputs.append({"role": role, "path": resolved})
    return resolved


def _corpus(value: Any, ctx: _Ctx) -> dict[str, Any]:
    if value is None:
        raise ctx.error("corpus", "missing: give corpus.source (a dataset name such as basil, or a path)")
    _want(value, (dict,), "corpus", ctx, "a mapping with at least 'source'")
    _check_keys(value, "corpus", ctx)
    if "source" not in value:
        raise ctx.error("corpus.source", "missing: name a dataset (basil, pac, allsides_abp, babe, "
                                         "narrative_frames) or a file, folder or glob")
    raw_source = value["source"]
    items = _str_list(raw_source, "corpus.source", ctx)
    if not items:
        raise ctx.error("corpus.source", "the list is empty: name at least one dataset or path")
    key = "corpus.source" if isinstance(raw_source, str) else None
    sources = [_resolve_source(it, key or f"corpus.source[{i}]", ctx) for i, it in enumerate(items)]
    out: dict[str, Any] = {"source": sources, "read": {}, "limit": None, "filters": {}, "from": None, "to": None,
                           "sample": None, "syndication": "none", "syndication_threshold": 0.5}
    read = value.get("read")
    if read is not None:
        _want(read, (dict,), "corpus.read", ctx, "a mapping of read_corpus options")
        _check_keys(read, "corpus.read", ctx)
        for k, v in read.items():
            path = f"corpus.read.{k}"
            if k == "clean":
                out["read"][k] = _want(v, (bool,), path, ctx, "a boolean")
            elif k == "metadata":
                out["read"][k] = _input_file(v, path, ctx, "metadata")
            elif k == "format":
                from framing.corpus.read import FORMATS

                out["read"][k] = _choice(v, tuple(FORMATS) + ("txt",), path, ctx)
            else:
                out["read"][k] = _str(v, path, ctx)
    if value.get("limit") is not None:
        out["limit"] = _int(value["limit"], "corpus.limit", ctx, 1)
    filters = value.get("filters")
    if filters is not None:
        _want(filters, (dict,), "corpus.filters", ctx, "a mapping column -> value or list of values")
        for col, v in filters.items():
            path = f"corpus.filters.{col}"
            values = v if isinstance(v, list) else [v]
            for i, item in enumerate(values):
                if isinstance(item, (dict, list)) or item is None:
                    raise ctx.error(path, f"expected a value or a list of values, found {_type_name(item)}",
                                    ConfigTypeError)
            out["filters"][str(col)] = [_plain(x) for x in values]
    for k in ("from", "to"):
        if value.get(k) is not None:
            out[k] = _date(value[k], f"corpus.{k}", ctx)
    if out["from"] and out["to"] and out["from"] > out["to"]:
        raise ctx.error("corpus.to", f"the date range is empty: from {out['from']} is after to {out['to']}")
    sample = value.get("sample")
    if sample is not None:
        if isinstance(sample, int) and not isinstance(sample, bool):
            out["sample"] = {"n": _int(sample, "corpus.sample", ctx, 1), "frac": None, "by": None}
        else:
            _want(sample, (dict,), "corpus.sample", ctx, "an integer or a mapping with n or frac (and by)")
            _check_keys(sample, "corpus.sample", ctx)
            n = sample.get("n")
            frac = sample.get("frac")
            if (n is None) == (frac is None):
                raise ctx.error("corpus.sample", "give exactly one of n (a count) and frac (a fraction)")
            out["sample"] = {
                "n": None if n is None else _int(n, "corpus.sample.n", ctx, 1),
                "frac": None if frac is None else _number(frac, "corpus.sample.frac", ctx, 0.0, 1.0, low_open=True),
                "by": None if sample.get("by") is None else _str(sample["by"], "corpus.sample.by", ctx),
            }
    if "syndication" in value:
        out["syndication"] = _choice(value["syndication"], ("none", "mark", "drop"), "corpus.syndication", ctx)
    if "syndication_threshold" in value:
        out["syndication_threshold"] = _number(value["syndication_threshold"], "corpus.syndication_threshold", ctx,
                                               0.0, 1.0, low_open=True)
    return out


def _resolve_lexicon(value: Any, key: str, ctx: _Ctx, role: str = "lexicon") -> Any:
    """A lexicon (or dictionary) parameter: shipped names stay, paths are resolved against the config folder."""
    from framing.lexicons import available_lexicons

    if isinstance(value, list):
        return [_resolve_lexicon(v, f"{key}[{i}]", ctx, role) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    if value in available_lexicons():
        return value
    candidate = Path(value).expanduser()
    path = candidate if candidate.is_absolute() else ctx.base_dir / candidate
    if path.is_file():
        resolved = str(path.resolve())
        ctx.inputs.append({"role": role, "path": resolved})
        return resolved
    if ctx.check_inputs:
        raise ctx.error(key, f"no {role} {value!r}: it is not a shipped lexicon ({', '.join(available_lexicons())}) "
                             f"and no file is at {path} (relative paths are resolved against the config file's "
                             f"folder {ctx.base_dir})", ConfigFileNotFoundError)
    return str(path)


def _extract(value: Any, ctx: _Ctx) -> list[dict[str, Any]]:
    from framing.extract import EXTRACTORS, get_extractor_class

    if value is None:
        return []
    _want(value, (list,), "extract", ctx, "a list of extractors (names or {name: {parameters}})")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        key = f"extract[{i}]"
        if isinstance(item, str):
            name, params = item, {}
        elif isinstance(item, dict) and len(item) == 1:
            name, params = next(iter(item.items()))
            params = {} if params is None else params
            _want(params, (dict,), f"{key}.{name}", ctx, "a mapping of parameters")
        else:
            raise ctx.error(key, f"expected an extractor name or a mapping with one key {{name: {{parameters}}}}, "
                                 f"found {_type_name(item)} ({_brief(item)})", ConfigTypeError)
        if name not in EXTRACTORS:
            close = difflib.get_close_matches(str(name), list(EXTRACTORS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ctx.error(key, f"unknown extractor {name!r}{hint}; known extractors: {', '.join(sorted(EXTRACTORS))}")
        if name in seen:
            raise ctx.error(key, f"extractor {name!r} is listed twice; give it once with all its parameters "
                                 "(both would write the same feature columns)")
        seen.add(name)
        try:
            cls = get_extractor_class(name)
        except ImportError as exc:
            raise ctx.error(key, f"extractor {name!r} is not available in this installation "
                                 f"({EXTRACTORS[name]}: {exc})") from None
        sig = inspect.signature(cls.__init__)
        allowed = sorted(p for p in sig.parameters if p != "self")
        resolved: dict[str, Any] = {}
        for pname, pvalue in params.items():
            pkey = f"{key}.{name}.{pname}"
            if pname not in allowed:
                close = difflib.get_close_matches(str(pname), allowed, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ctx.error(pkey, f"unknown parameter {pname!r} of extractor {name!r}{hint}; its parameters: "
                                      f"{', '.join(allowed)}")
            if pname in _FILE_PARAMS:
                pvalue = _resolve_lexicon(pvalue, pkey, ctx, _FILE_PARAMS[pname])
            elif pname == "fields":
                pvalue = _str_list(pvalue, pkey, ctx)
            resolved[pname] = pvalue
        out.append({"name": name, "params": resolved, "prefix": getattr(cls, "prefix", name)})
    return out


def _compare(value: Any, extract: list[dict[str, Any]], ctx: _Ctx) -> dict[str, Any] | None:
    if value is None or value is False:
        return None
    if value is True:
        value = {}
    _want(value, (dict,), "compare", ctx, "a mapping")
    _check_keys(value, "compare", ctx)
    wording = next((e for e in extract if e["name"] == "wording"), None)
    out: dict[str, Any] = {
        "by": _str(value.get("by", "outlet"), "compare.by", ctx),
        "events": None,
        "drop_syndicated": True,
        "fighting_words": {"ngram_range": [1, 2], "min_count": 2, "top": 20},
        "label_choice": None,
        "features": None,
        "trend": None,
    }
    ev = value.get("events")
    if ev is not None and ev is not False:
        ev = _str(ev, "compare.events", ctx)
        out["events"] = None if ev == "none" else ev
    if "drop_syndicated" in value:
        out["drop_syndicated"] = _want(value["drop_syndicated"], (bool,), "compare.drop_syndicated", ctx, "a boolean")
    fw = value.get("fighting_words")
    if fw is not None and fw is not True:
        _want(fw, (dict,), "compare.fighting_words", ctx, "a mapping (Fightin' Words is always computed)")
        _check_keys(fw, "compare.fighting_words", ctx)
        if "ngram_range" in fw:
            out["fighting_words"]["ngram_range"] = _range(fw["ngram_range"], "compare.fighting_words.ngram_range", ctx)
        if "min_count" in fw:
            out["fighting_words"]["min_count"] = _int(fw["min_count"], "compare.fighting_words.min_count", ctx, 1)
        if "top" in fw:
            out["fighting_words"]["top"] = _int(fw["top"], "compare.fighting_words.top", ctx, 1)
    # label choice: on by default when a wording extractor runs
    lc = value.get("label_choice", _MISSING)
    if lc is _MISSING or lc is True or isinstance(lc, dict):
        if wording is None:
            if lc is not _MISSING:
                raise ctx.error("compare.label_choice", "label choice compares the labels found by a wording "
                                                        "extractor; add `- wording: {lexicons: [...]}` to extract")
        else:
            spec = {} if lc in (_MISSING, True) else lc
            _check_keys(spec, "compare.label_choice", ctx)
            lexicons = wording["params"].get("lexicons", ["syria-transition"])
            lexicons = [lexicons] if isinstance(lexicons, str) else list(lexicons)
            names = [Path(x).stem if isinstance(x, str) and x.endswith((".yaml", ".yml")) else x for x in lexicons]
            chosen = names
            if "lexicons" in spec:
                chosen = _str_list(spec["lexicons"], "compare.label_choice.lexicons", ctx)
                for i, name in enumerate(chosen):
                    if name not in names:
                        raise ctx.error(f"compare.label_choice.lexicons[{i}]",
                                        f"lexicon {name!r} is not used by the wording extractor (it uses "
                                        f"{', '.join(map(str, names))})")
            out["label_choice"] = {
                "lexicons": chosen,
                "n_boot": _int(spec.get("n_boot", 1000), "compare.label_choice.n_boot", ctx, 1),
                "n_permutations": _int(spec.get("n_permutations", 1000), "compare.label_choice.n_permutations", ctx, 1),
            }
    elif lc not in (None, False):
        _want(lc, (dict,), "compare.label_choice", ctx, "false or a mapping")
    feats = value.get("features", _MISSING)
    if feats is _MISSING or feats is True or isinstance(feats, dict):
        spec = {} if feats in (_MISSING, True) else feats
        _check_keys(spec, "compare.features", ctx)
        if not extract:
            if feats is not _MISSING:
                raise ctx.error("compare.features", "there are no features to compare: add extractors to extract")
        else:
            out["features"] = {
                "columns": _str_list(spec["columns"], "compare.features.columns", ctx) if "columns" in spec else None,
                "n_boot": _int(spec.get("n_boot", 1000), "compare.features.n_boot", ctx, 1),
                "n_permutations": _int(spec.get("n_permutations", 1000), "compare.features.n_permutations", ctx, 1),
            }
    elif feats not in (None, False):
        _want(feats, (dict,), "compare.features", ctx, "false or a mapping")
    trend = value.get("trend")
    if trend not in (None, False):
        _want(trend, (dict,), "compare.trend", ctx, "false or a mapping with columns (and period)")
        _check_keys(trend, "compare.trend", ctx)
        if not extract:
            raise ctx.error("compare.trend", "there are no features to follow over time: add extractors to extract")
        if "columns" not in trend:
            raise ctx.error("compare.trend.columns", "missing: name the feature columns (or glob patterns) to follow")
        out["trend"] = {
            "period": _choice(trend.get("period", "year"), ("year", "quarter", "month"), "compare.trend.period", ctx),
            "columns": _str_list(trend["columns"], "compare.trend.columns", ctx),
            "n_boot": _int(trend.get("n_boot", 1000), "compare.trend.n_boot", ctx, 1),
        }
    return out


def _classify(value: Any, extract: list[dict[str, Any]], ctx: _Ctx) -> list[dict[str, Any]]:
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    _want(value, (list,), "classify", ctx, "a list of tasks (mappings with a target)")
    names = [e["name"] for e in extract]
    out: list[dict[str, Any]] = []
    for i, task in enumerate(value):
        key = f"classify[{i}]"
        _want(task, (dict,), key, ctx, "a mapping with a target")
        _check_keys(task, key, ctx)
        if "target" not in task:
            raise ctx.error(f"{key}.target", "missing: name the column to predict (e.g. outlet, bias_label)")
        t: dict[str, Any] = {
            "target": _str(task["target"], f"{key}.target", ctx),
            "groups": None if task.get("groups") is None else _str(task["groups"], f"{key}.groups", ctx),
            "split": None if task.get("split") is None else _str(task["split"], f"{key}.split", ctx),
            "train_on": ["train", "valid"] if task.get("train_on") is None else _str_list(
                task["train_on"], f"{key}.train_on", ctx),
            "features": _choice(task.get("features", "tfidf"), ("tfidf", "features", "both"), f"{key}.features", ctx),
            "cv": _int(task.get("cv", 5), f"{key}.cv", ctx, 2),
            "C": _number(task.get("C", 1.0), f"{key}.C", ctx, 0.0, None, low_open=True),
            "min_df": None if task.get("min_df") is None else _int(task["min_df"], f"{key}.min_df", ctx, 1),
            "ngram_range": None if task.get("ngram_range") is None else _range(task["ngram_range"],
                                                                               f"{key}.ngram_range", ctx),
            "char_ngram_range": None if task.get("char_ngram_range") is None else _range(
                task["char_ngram_range"], f"{key}.char_ngram_range", ctx),
            "n_boot": _int(task.get("n_boot", 1000), f"{key}.n_boot", ctx, 1),
            "n_permutations": _int(task.get("n_permutations", 0), f"{key}.n_permutations", ctx, 0),
            "permutation_scheme": _choice(task.get("permutation_scheme", "auto"),
                                          ("auto", "global", "within_groups", "between_groups"),
                                          f"{key}.permutation_scheme", ctx),
            "top_k": _int(task.get("top_k", 20), f"{key}.top_k", ctx, 1),
        }
        if t["groups"] and t["split"]:
            raise ctx.error(key, "give groups (grouped cross-validation) or split (a fixed split), not both")
        if "train_on" in task and not t["split"]:
            raise ctx.error(f"{key}.train_on", "train_on names values of the split column; add split or remove it")
        if not t["train_on"] or "test" in t["train_on"]:
            raise ctx.error(f"{key}.train_on", f"expected the training values of the split column (e.g. [train]), "
                                               f"found {t['train_on']!r}")
        extractors = task.get("extractors")
        if t["features"] != "tfidf" and not names:
            raise ctx.error(f"{key}.features", f"features: {t['features']} uses the features of the extract "
                                               "section, which is empty; add extractors or use features: tfidf")
        if extractors is not None:
            if t["features"] == "tfidf":
                raise ctx.error(f"{key}.extractors", "extractors are used only with features: features or both")
            chosen = _str_list(extractors, f"{key}.extractors", ctx)
            for j, n in enumerate(chosen):
                if n not in names:
                    raise ctx.error(f"{key}.extractors[{j}]", f"{n!r} is not in extract (configured: "
                                                              f"{', '.join(names) or 'none'})")
            t["extractors"] = chosen
        else:
            t["extractors"] = list(names) if t["features"] != "tfidf" else []
        default = t["target"] + (f"_by_{t['groups']}" if t["groups"] else f"_{t['split']}" if t["split"] else "")
        t["name"] = _safe_name(task.get("name", re.sub(r"[^A-Za-z0-9_.-]+", "_", default)), f"{key}.name", ctx)
        if any(o["name"] == t["name"] for o in out):
            raise ctx.error(f"{key}.name", f"two classify tasks are named {t['name']!r}; give each a distinct name")
        out.append(t)
    return out


def _similarity(value: Any, compare: dict[str, Any] | None, extract: list[dict[str, Any]],
                ctx: _Ctx) -> dict[str, Any] | None:
    if value is None or value is False:
        return None
    if value is True:
        value = {}
    _want(value, (dict,), "similarity", ctx, "a mapping")
    _check_keys(value, "similarity", ctx)
    if not extract:
        raise ctx.error("similarity", "similarity compares feature profiles: add extractors to extract")
    return {
        "by": _str(value.get("by", compare["by"] if compare else "outlet"), "similarity.by", ctx),
        "columns": _str_list(value["columns"], "similarity.columns", ctx) if "columns" in value else None,
        "metric": _str(value.get("metric", "euclidean"), "similarity.metric", ctx),
        "n_boot": _int(value.get("n_boot", 200), "similarity.n_boot", ctx, 1),
        "n_clusters": _int(value.get("n_clusters", 3), "similarity.n_clusters", ctx, 1),
        "min_docs": _int(value.get("min_docs", 1), "similarity.min_docs", ctx, 1),
    }


def _figure_outputs(fig: dict[str, Any], tasks: list[str]) -> list[tuple[str, str | None]]:
    """(file stem, classify task) pairs one figure entry writes."""
    base = fig["options"].get("name", fig["figure"])
    if fig["figure"] not in ("confusion_matrix", "top_features"):
        return [(base, None)]
    chosen = [fig["options"]["task"]] if "task" in fig["options"] else list(tasks)
    if len(chosen) == 1 and "name" in fig["options"]:
        return [(base, chosen[0])]
    return [(f"{base}_{t}", t) for t in chosen]


def _figures(value: Any, settings: dict[str, Any], ctx: _Ctx) -> list[dict[str, Any]]:
    if value is None:
        return []
    _want(value, (list,), "figures", ctx, "a list of figure names or {name: {options}}")
    out: list[dict[str, Any]] = []
    tasks = [t["name"] for t in settings["classify"]]
    for i, item in enumerate(value):
        key = f"figures[{i}]"
        if isinstance(item, str):
            kind, opts = item, {}
        elif isinstance(item, dict) and len(item) == 1:
            kind, opts = next(iter(item.items()))
            opts = {} if opts is None else opts
            _want(opts, (dict,), f"{key}.{kind}", ctx, "a mapping of options")
        else:
            raise ctx.error(key, f"expected a figure name or {{name: {{options}}}}, found {_type_name(item)}",
                            ConfigTypeError)
        if kind not in FIGURES:
            close = difflib.get_close_matches(str(kind), list(FIGURES), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ctx.error(key, f"unknown figure {kind!r}{hint}; figures: {', '.join(FIGURES)}")
        _check_keys(opts, f"{key}.{kind}", ctx, allowed=sorted(_FIGURE_OPTIONS))
        need, what = FIGURES[kind]
        part = need.split(".")
        have: Any = settings.get(part[0])
        if len(part) > 1 and have:
            have = have.get(part[1])
        if not have:
            raise ctx.error(key, f"figure {kind!r} needs {what}, which this configuration does not run; "
                                 f"add it or remove the figure")
        fig: dict[str, Any] = {"figure": kind, "options": {}}
        for opt, v in opts.items():
            okey = f"{key}.{kind}.{opt}"
            if opt == "name":
                fig["options"]["name"] = _safe_name(v, okey, ctx)
            elif opt == "task":
                name = _str(v, okey, ctx)
                if kind not in ("confusion_matrix", "top_features"):
                    raise ctx.error(okey, "task applies to confusion_matrix and top_features only")
                if name not in tasks:
                    raise ctx.error(okey, f"no classify task named {name!r} (tasks: {', '.join(tasks)})")
                fig["options"]["task"] = name
            elif opt == "top":
                fig["options"]["top"] = _int(v, okey, ctx, 1)
            elif opt in ("columns", "concepts"):
                fig["options"][opt] = _str_list(v, okey, ctx)
        out.append(fig)
    stems: list[str] = []
    for fig in out:
        fig["outputs"] = _figure_outputs(fig, tasks)
        for stem, _task in fig["outputs"]:
            if stem in stems:
                raise ctx.error("figures", f"two figures would be written as {stem!r}; give one a distinct name")
            stems.append(stem)
    return out


# ----------------------------------------------------------------------------- entry point


def load_config(config: str | os.PathLike[str] | Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None,
                check_inputs: bool = True) -> RunConfig:
    """Load and validate a run configuration.

    Parameters
    ----------
    config : str, path-like or mapping
        A YAML file (read with :func:`yaml.safe_load`) or an already loaded mapping.
    base_dir : str or path-like, optional
        Folder that relative paths are resolved against: default the file's
        folder, or the working directory for a mapping.
    check_inputs : bool, default True
        Check that files and datasets exist (turn off to validate the shape only).

    Returns
    -------
    RunConfig

    Raises
    ------
    ConfigError
        Unknown keys (with the allowed ones and the closest match), bad values,
        figures that need a part the configuration does not run, output names
        that would leave the output folder.
    ConfigTypeError
        A value of the wrong type.
    ConfigFileNotFoundError
        A file named in the configuration is missing (the message gives the path looked at).
    DatasetUnavailableError
        A dataset is not in the data folder (the message says how to get it).

    Examples
    --------
    >>> cfg = load_config({"corpus": {"source": "basil", "sample": {"n": 30, "by": "outlet"}},
    ...                    "extract": [{"wording": {"lexicons": ["hedges"]}}],
    ...                    "compare": {"events": "event_id"}}, check_inputs=False)
    >>> cfg.settings["compare"]["label_choice"]["lexicons"], cfg.settings["corpus"]["sample"]["by"]
    (['hedges'], 'outlet')
    >>> load_config({"corpus": {"source": "basil"}, "figures": ["similarity_map"]}, check_inputs=False)
    Traceback (most recent call last):
    ...
    framing.config.ConfigError: <dict>: figures[0]: figure 'similarity_map' needs the outlet similarity (similarity), which this configuration does not run; add it or remove the figure
    """
    lines: dict[str, int] = {}
    source_path: Path | None = None
    if isinstance(config, Mapping):
        data = copy.deepcopy(dict(config))
        source = "<dict>"
        base = Path(base_dir) if base_dir is not None else Path.cwd()
    elif isinstance(config, (str, os.PathLike)):
        source_path = Path(config).expanduser()
        source = str(config)
        if not source_path.is_file():
            raise ConfigFileNotFoundError(f"no configuration file at {source_path.resolve()}", source=source)
        text = source_path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ConfigError(f"not valid YAML: {exc}", source=source,
                              line=None if mark is None else mark.line + 1) from None
        lines = _key_lines(text)
        base = Path(base_dir) if base_dir is not None else source_path.resolve().parent
        if data is None:
            raise ConfigError("the file is empty; a run needs at least corpus.source", source=source)
    else:
        raise TypeError(f"config must be a YAML file path or a mapping, found {type(config).__name__}")
    ctx = _Ctx(source, lines, base.resolve(), check_inputs)
    if not isinstance(data, dict):
        raise ctx.error("", f"expected a mapping of keys at the top level, found {_type_name(data)}", ConfigTypeError)
    _check_keys(data, "", ctx)
    settings: dict[str, Any] = {}
    settings["report"] = _report(data.get("report"), ctx)
    settings["seed"] = _int(data.get("seed", 0), "seed", ctx, 0)
    settings["corpus"] = _corpus(data.get("corpus"), ctx)
    settings["extract"] = _extract(data.get("extract"), ctx)
    settings["compare"] = _compare(data.get("compare"), settings["extract"], ctx)
    settings["classify"] = _classify(data.get("classify"), settings["extract"], ctx)
    settings["similarity"] = _similarity(data.get("similarity"), settings["compare"], settings["extract"], ctx)
    settings["figures"] = _figures(data.get("figures"), settings, ctx)
    inputs = list({i["path"]: i for i in ctx.inputs}.values())
    return RunConfig(raw=_plain(data), settings=settings, source=source_path.resolve() if source_path else None,
                     base_dir=ctx.base_dir, inputs=inputs, notes=ctx.notes)


def schema_markdown() -> str:
    """The configuration schema as a markdown table (key path, meaning).

    Examples
    --------
    >>> schema_markdown().splitlines()[2]
    '| `report` | mapping, optional: how the report looks |'
    """
    rows = ["| key | meaning |", "| --- | --- |"]
    rows += [f"| `{k}` | {v} |" for k, v in SCHEMA.items()]
    return "\n".join(rows)
