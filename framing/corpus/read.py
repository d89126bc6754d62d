"""Read any source of news articles into one canonical corpus table.

:func:`read_corpus` accepts scraped text files, HTML pages, folders and globs of
them, JSON Lines, CSV/TSV, Parquet, a :class:`pandas.DataFrame` or the name of a
known dataset, and returns one row per article with the columns of
:data:`framing.corpus.schema.CORPUS_COLUMNS` first, then a ``read_flags`` column, then
every extra column of the source, untouched.

Nothing is dropped silently: every input document either becomes a corpus row
or a row of the *rejects* table (``corpus.attrs["rejects"]``, or the second value
of :func:`read_corpus_with_rejects`) that says which file and line it came from
and why it was rejected, so that ``len(corpus) + len(rejects)`` is the number of
input documents.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"id": ["a", "b", "c"],
...                       "text": ["Rebels took the city.", "   ", 42],
...                       "stance": ["x", "y", "z"]})
>>> corpus, rejects = read_corpus_with_rejects(frame, outlet="Example News", clean=False)
>>> corpus[["doc_id", "outlet", "text", "stance"]].to_dict("records")
[{'doc_id': 'a', 'outlet': 'Example News', 'text': 'Rebels took the city.', 'stance': 'x'}]
>>> rejects[["doc_id", "line", "reason"]].to_dict("records")
[{'doc_id': 'b', 'line': 1, 'reason': 'whitespace-only text'}, {'doc_id': 'c', 'line': 2, 'reason': 'text is not a string (found int)'}]
"""

from __future__ import annotations

import ast
import bz2
import csv
import glob as _glob
import gzip
import io
import json
import logging
import lzma
import math
import os
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from framing.corpus.schema import CORPUS_COLUMN_NAMES, REJECT_COLUMNS, conform, empty_corpus, parse_dates
from framing.corpus.text import replace_lone_surrogates

logger = logging.getLogger(__name__)

__all__ = [
    "read_corpus",
    "read_corpus_with_rejects",
    "CorpusReadError",
    "RejectsTable",
    "FORMATS",
    "FLAGS_COLUMN",
    "ARTICLE_EXTENSIONS",
    "RECORD_EXTENSIONS",
]

#: File name endings read as one article per file, and their format.
ARTICLE_EXTENSIONS: dict[str, str] = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}

#: File name endings read as one record per article, and their format (each may end in .gz, .bz2 or .xz).
RECORD_EXTENSIONS: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}

#: Values accepted by ``read_corpus(format=...)``.
FORMATS: tuple[str, ...] = ("text", "html", "jsonl", "json", "csv", "tsv", "parquet")

_COMPRESSION: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.decompress,
    ".bz2": bz2.decompress,
    ".xz": lzma.decompress,
}

#: Column added after the canonical ones: notes about how each document was read
#: (a list of strings per row). Not named ``flags``, which is a DataFrame attribute.
FLAGS_COLUMN = "read_flags"

#: Longest ``raw`` kept in a rejects row (characters); the file and line locate the rest.
RAW_LIMIT = 10_000

#: Fields that cleaning can supply; values given by the source win over cleaned ones.
_CLEAN_FIELDS = ("title", "section", "date", "captions", "dateline", "origin", "byline", "credits", "boilerplate")

_METADATA_KEYS = ("file", "filename", "file_name", "path", "doc_id", "id")
_METADATA_NAME = "metadata.csv"
_MAX_LINE_WARNINGS = 20


class CorpusReadError(ValueError):
    """A document could not be read and ``errors="raise"`` was asked for."""


class RejectsTable(pd.DataFrame, dict):  # type: ignore[misc]
    """The rejects table: one row per input document that did not become a corpus row.

    A :class:`pandas.DataFrame` with columns ``source_path, line, doc_id,
    reason, raw``, made safe to keep in ``corpus.attrs``:

    * comparing two rejects tables with ``==`` gives one boolean (like
      :meth:`pandas.DataFrame.equals`), so :func:`pandas.concat` and
      :meth:`pandas.DataFrame.merge` of corpora that carry rejects work (pandas
      compares the ``attrs`` of the inputs);
    * it also derives from ``dict`` (with no items) so that
      :meth:`pandas.DataFrame.to_parquet`, which stores ``attrs`` as JSON,
      writes it as ``{}`` instead of failing: rejects are not part of the corpus;
    * it pickles as a plain table.

    Examples
    --------
    >>> a = RejectsTable({"reason": ["empty file"]})
    >>> a == RejectsTable({"reason": ["empty file"]})
    True
    >>> a["reason"].tolist()
    ['empty file']
    """

    @property
    def _constructor(self) -> type:
        return RejectsTable

    def __eq__(self, other: object) -> Any:  # type: ignore[override]
        if isinstance(other, RejectsTable):
            return pd.DataFrame.equals(self, other)
        return pd.DataFrame.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[pd.DataFrame]]:
        return (_rebuild_rejects, (pd.DataFrame(self),))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[pd.DataFrame]]:  # type: ignore[override]
        return self.__reduce__()


def _rebuild_rejects(frame: pd.DataFrame) -> RejectsTable:
    return RejectsTable(frame)


# --------------------------------------------------------------------------- helpers


def _isnull(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return False
    if isinstance(value, float):
        return math.isnan(value)
    if value is pd.NA or value is pd.NaT:
        return True
    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return result is True or (isinstance(result, bool) and result)


def _obj(values: Iterable[Any]) -> pd.Series:
    """A Series of Python objects (long texts stay Python strings: no Arrow round trip)."""
    return pd.Series(list(values), dtype=object)


def _frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """Build a table from columns; string columns keep the object dtype, others are inferred."""
    data = {}
    for name, values in columns.items():
        if any(isinstance(v, str) for v in values) or any(isinstance(v, (list, dict)) for v in values):
            data[name] = pd.Series(values, dtype=object)
        else:
            data[name] = pd.Series(values)
    return pd.DataFrame(data)


def _frame_from_records(records: list[dict[str, Any]]) -> pd.DataFrame:
    keys: dict[str, None] = {}
    for record in records:
        for key in record:
            keys.setdefault(key, None)
    return _frame({key: [r.get(key) for r in records] for key in keys})


def _blank(value: Any) -> bool:
    return _isnull(value) or (isinstance(value, str) and not value.strip())


def _id_string(value: Any) -> str | None:
    if _isnull(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clip(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= RAW_LIMIT else text[:RAW_LIMIT]


def _suffixes(path: Path) -> tuple[str, str | None]:
    """Return (format suffix, compression suffix) of a file name, lower-cased."""
    name = path.name.lower()
    compression = None
    for ext in _COMPRESSION:
        if name.endswith(ext):
            compression = ext
            name = name[: -len(ext)]
            break
    return os.path.splitext(name)[1], compression


def _format_of(path: Path, explicit: str | None) -> str | None:
    if explicit is not None:
        return explicit
    suffix, _ = _suffixes(path)
    return ARTICLE_EXTENSIONS.get(suffix) or RECORD_EXTENSIONS.get(suffix)


class _UnreadableFile(CorpusReadError):
    """A file whose bytes cannot be read or decompressed, or a Parquet file that does not load.

    Raised before any of its documents is counted; becomes one rejects row for the
    file (or a :class:`CorpusReadError` with ``errors="raise"``).
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.reason = reason


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _UnreadableFile(path, f"cannot read the file ({exc.strerror or exc})") from exc
    _, compression = _suffixes(path)
    if compression is not None:
        try:
            data = _COMPRESSION[compression](data)
        except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error) as exc:  # bz2: ValueError
            raise _UnreadableFile(path, f"cannot decompress {compression} data ({exc})") from exc
    return data


def _decode(data: bytes, encoding: str | None) -> tuple[str, bool]:
    """Decode bytes; return (text, whether undecodable bytes had to be replaced)."""
    if encoding is not None:
        try:
            text, replaced = data.decode(encoding), False
        except UnicodeDecodeError:
            text, replaced = data.decode(encoding, errors="replace"), True
        except LookupError as exc:
            raise ValueError(f"unknown encoding {encoding!r}: pass a codec name such as 'utf-8' or 'cp1252'") from exc
    else:
        from framing.corpus.text import decode_bytes

        text, replaced = decode_bytes(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, replaced


def _looks_binary(text: str) -> bool:
    """True when the text is mostly control characters (an image or archive, not an article)."""
    head = text[:65536]
    if not head:
        return False
    control = sum(1 for ch in head if ch < " " and ch not in "\t\n\r\f\v")
    return control > 0.1 * len(head) or ("\x00" in head[:1024] and control > 8)


def _rel_stem(rel: str) -> str:
    """Relative path without the article/compression suffix, with forward slashes."""
    path = Path(rel)
    suffix, compression = _suffixes(path)
    name = path.name
    if compression:
        name = name[: -len(compression)]
    if suffix and name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    parent = path.parent.as_posix()
    return name if parent in ("", ".") else f"{parent}/{name}"


# --------------------------------------------------------------------------- options and collector


@dataclass
class _Options:
    format: str | None
    text_col: str
    id_col: str | None
    outlet_col: str | None
    title_col: str | None
    date_col: str | None
    url_col: str | None
    event_col: str | None
    outlet: str | None
    metadata: Any
    clean: bool
    language: str
    encoding: str | None
    errors: str
    limit: int | None


@dataclass
class _Collector:
    options: _Options
    parts: list[pd.DataFrame] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    seen: int = 0
    warned_metadata: bool = False

    @property
    def full(self) -> bool:
        return self.options.limit is not None and self.seen >= self.options.limit

    @property
    def remaining(self) -> int | None:
        return None if self.options.limit is None else max(self.options.limit - self.seen, 0)

    def reject(self, source_path: str | None, line: int | None, doc_id: str | None, reason: str, raw: Any) -> None:
        if self.options.errors == "raise":
            where = source_path or "<DataFrame>"
            if line is not None:
                where = f"{where}:{line}"
            label = f" (doc_id {doc_id!r})" if doc_id else ""
            raise CorpusReadError(f"{where}{label}: {reason}")
        self.rejects.append({"source_path": source_path, "line": line, "doc_id": doc_id,
                             "reason": reason, "raw": _clip(raw)})

    def flush_rows(self) -> None:
        if self.rows:
            self.parts.append(_frame_from_records(self.rows))
            self.rows = []


# --------------------------------------------------------------------------- metadata sidecar


class _Metadata:
    """A sidecar table of per-file fields, keyed by file name, relative path or doc_id."""

    def __init__(self, table: pd.DataFrame, origin: str) -> None:
        key = next((c for c in _METADATA_KEYS if c in table.columns), None)
        if key is None:
            raise ValueError(
                f"metadata {origin}: no key column; expected one of {', '.join(_METADATA_KEYS)}, "
                f"found columns {list(table.columns)}"
            )
        self.origin = origin
        self.key = key
        self.entries: dict[str, dict[str, Any]] = {}
        for record in table.to_dict("records"):
            name = _id_string(record.get(key))
            if name is None:
                continue
            # the key column is not a field, except that an id key names the doc_id
            values = {k: v for k, v in record.items() if k != key}
            if key in ("doc_id", "id"):
                values["doc_id"] = name
            self.entries[name.replace("\\", "/")] = values
        self.used: set[str] = set()

    @classmethod
    def load(cls, metadata: Any) -> "_Metadata":
        if isinstance(metadata, pd.DataFrame):
            return cls(metadata, "DataFrame")
        path = Path(metadata)
        if not path.is_file():
            raise FileNotFoundError(f"metadata file {path} does not exist (expected a CSV keyed by file name or doc_id)")
        sep = "\t" if _suffixes(path)[0] == ".tsv" else ","
        table = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[""])
        return cls(table, str(path))

    def lookup(self, *keys: str | None) -> dict[str, Any]:
        for key in keys:
            if key is not None and key in self.entries:
                self.used.add(key)
                return {k: v for k, v in self.entries[key].items() if not _isnull(v)}
        return {}

    def report(self) -> None:
        unused = len(self.entries) - len(self.used)
        if unused:
            logger.info("metadata %s: %d of %d rows matched no document", self.origin, unused, len(self.entries))


# --------------------------------------------------------------------------- one article per file


def _read_article_file(path: Path, rel: str, kind: str, coll: _Collector, meta: _Metadata | None) -> None:
    opts = coll.options
    coll.seen += 1
    source_path = str(path)
    doc_id = _rel_stem(rel)
    info = meta.lookup(rel, path.name, doc_id, Path(rel).stem) if meta is not None else {}
    doc_id = _id_string(info.pop("doc_id", None)) or doc_id
    data = _read_bytes(path)
    if not data:
        coll.reject(source_path, None, doc_id, "empty file", "")
        return
    text, replaced = _decode(data, opts.encoding)
    if _looks_binary(text):
        coll.reject(source_path, None, doc_id, "binary content (not text)", text)
        return
    if not text.strip():
        coll.reject(source_path, None, doc_id, "whitespace only", text)
        return
    flags: list[str] = ["bad_encoding"] if replaced else []
    if kind == "html":
        from framing.corpus.scrape import parse_html

        parsed = dict(parse_html(text, url=_id_string(info.get("url"))))
    elif opts.clean:
        from framing.corpus.scrape import parse_scraped

        parsed = dict(parse_scraped(text))
    else:
        parsed = {"text": text}
    body = parsed.get("text") or ""
    if not body.strip():
        coll.reject(source_path, None, doc_id, "no article body", text)
        return
    flags.extend(parsed.pop("flags", None) or [])
    # only the corpus fields: other parser outputs (e.g. photo_credits) derive from them
    row: dict[str, Any] = {k: v for k, v in parsed.items() if k in CORPUS_COLUMN_NAMES}
    row["doc_id"] = doc_id
    row["raw_text"] = text
    row["source_path"] = source_path
    for key, value in info.items():
        row[key] = value
    outlet = opts.outlet or _id_string(info.get("outlet")) or row.get("outlet") or path.resolve().parent.name or None
    row["outlet"] = outlet
    row.setdefault("language", opts.language)
    if _blank(row.get("language")):
        row["language"] = opts.language
    row[FLAGS_COLUMN] = flags
    coll.rows.append(row)


# --------------------------------------------------------------------------- one article per record


def _as_flags(value: Any) -> list[str]:
    """Read a flags value back from a list, an array or its text form (``"['a', 'b']"``)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                parsed = None
            if isinstance(parsed, (list, tuple)):
                return [str(v) for v in parsed]
        return [text] if text else []
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return [str(v) for v in items] if isinstance(items, (list, tuple)) else []
    return []


def _text_problem(value: Any) -> str | None:
    if _isnull(value):
        return "text is missing (null)"
    if not isinstance(value, str):
        return f"text is not a string (found {type(value).__name__})"
    if not value:
        return "empty text"
    if value.isspace():
        return "whitespace-only text"
    return None


def _missing_column(where: str, option: str, name: str, columns: Sequence[str]) -> ValueError:
    hint = f"pass {option}= to name the column that holds it" if option != "text_col" else (
        "pass text_col= to name the column that holds the article text"
    )
    return ValueError(f"{where}: no column {name!r} ({option}); columns found: {list(columns)}; {hint}")


def _resolve_columns(columns: Sequence[str], opts: _Options, where: str) -> dict[str, str]:
    """Map canonical names to source columns (text, doc_id, outlet, title, date, url, event_id)."""
    if opts.text_col not in columns:
        raise _missing_column(where, "text_col", opts.text_col, columns)
    mapping = {"text": opts.text_col}
    if opts.id_col is not None:
        if opts.id_col not in columns:
            raise _missing_column(where, "id_col", opts.id_col, columns)
        mapping["doc_id"] = opts.id_col
    else:
        auto = next((c for c in ("id", "doc_id") if c in columns), None)
        if auto is not None:
            mapping["doc_id"] = auto
    for canonical, option, value in (
        ("outlet", "outlet_col", opts.outlet_col),
        ("title", "title_col", opts.title_col),
        ("date", "date_col", opts.date_col),
        ("url", "url_col", opts.url_col),
        ("event_id", "event_col", opts.event_col),
    ):
        if value is not None:
            if value not in columns:
                raise _missing_column(where, option, value, columns)
            mapping[canonical] = value
        elif canonical in columns:
            mapping[canonical] = canonical
    return mapping


def _scrub_surrogates(frame: pd.DataFrame) -> tuple[pd.DataFrame, set[int]]:
    """Replace lone surrogates in the string cells of a table by U+FFFD.

    They are not text (a hand-built table can hold them; JSON escapes are handled
    by :func:`_scrub_json_text`): pandas' string columns, Arrow, Parquet and every
    UTF-8 writer refuse them. Returns the frame (a copy if anything changed) and
    the positions of the rows that changed (flagged ``bad_encoding``).
    """
    changed: set[int] = set()
    replaced: dict[int, list[Any]] = {}
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        if column.dtype != object:
            continue
        values = column.tolist()
        for i, value in enumerate(values):
            if isinstance(value, str) and (clean := replace_lone_surrogates(value)) is not value:
                values[i] = clean
                changed.add(i)
                replaced[j] = values
    if not replaced:
        return frame, changed
    frame = frame.copy()
    for j, values in replaced.items():
        frame.isetitem(j, pd.Series(values, dtype=object, index=frame.index))
    logger.warning("%d records held lone surrogate characters (e.g. from a JSON '\\ud800' escape); "
                   "replaced by U+FFFD and flagged 'bad_encoding'", len(changed))
    return frame, changed


# a JSON escape of a lone surrogate (a valid pair is kept), after an even run of backslashes
_JSON_SURROGATE_RE = re.compile(
    r"(?<!\\)((?:\\\\)*)(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2})"
)


def _scrub_json_text(text: str) -> tuple[str, bool]:
    """Turn JSON escapes of lone surrogates (``"\\ud800"``) into ``"\\ufffd"``; say if any was found."""
    if "\\u" not in text:
        return text, False
    found = False

    def repl(match: re.Match[str]) -> str:
        nonlocal found
        if len(match.group(2)) == 12:  # a surrogate pair: one astral character
            return match.group(0)
        found = True
        return match.group(1) + "\\ufffd"

    return _JSON_SURROGATE_RE.sub(repl, text), found


def _process_records(frame: pd.DataFrame, lines: Sequence[int], coll: _Collector, *,
                     source_path: str | None, stem: str | None, raws: Sequence[Any] | None = None,
                     replaced: bool = False, scrubbed: Iterable[int] = ()) -> None:
    """Turn a table of records into corpus rows (and rejects).

    ``scrubbed`` holds the positions of records whose lone surrogates were replaced.
    """
    opts = coll.options
    where = source_path or "DataFrame"
    frame, found = _scrub_surrogates(frame)
    scrubbed = found | set(scrubbed)
    mapping = _resolve_columns(list(frame.columns), opts, where)
    n = len(frame)
    texts = frame[mapping["text"]].tolist()
    if "doc_id" in mapping:
        ids = [_id_string(v) for v in frame[mapping["doc_id"]].tolist()]
    else:
        ids = [None] * n
    ids = [i if i is not None else (f"{stem}:{line}" if stem else str(line)) for i, line in zip(ids, lines)]
    problems = [_text_problem(v) for v in texts]
    for pos, problem in enumerate(problems):
        if problem is not None:
            raw = raws[pos] if raws is not None else texts[pos]
            coll.reject(source_path, lines[pos], ids[pos], problem, raw)
    keep = [p is None for p in problems]
    if not any(keep):
        return
    sub = frame.loc[keep] if not all(keep) else frame
    sub = sub.reset_index(drop=True)
    kept_ids = [i for i, k in zip(ids, keep) if k]
    kept_texts = [t for t, k in zip(texts, keep) if k]
    # move source columns that clash with a canonical name out of the way
    renames: dict[str, str] = {}
    for canonical, column in mapping.items():
        if column != canonical and canonical in sub.columns and canonical not in mapping.values():
            renames[canonical] = f"{canonical}_source"
    if renames:
        logger.info("%s: source columns renamed to keep them apart from corpus columns: %s", where, renames)
        sub = sub.rename(columns=renames)
    consumed = [c for c in {mapping["text"], mapping.get("doc_id")} if c is not None]
    sub = sub.drop(columns=consumed)
    sub = sub.rename(columns={col: canonical for canonical, col in mapping.items() if canonical not in ("text", "doc_id")})
    sub.insert(0, "doc_id", kept_ids)
    if "raw_text" in sub.columns:
        existing = sub["raw_text"].tolist()
        sub["raw_text"] = _obj(e if isinstance(e, str) else t for e, t in zip(existing, kept_texts))
    else:
        sub["raw_text"] = _obj(kept_texts)
    if FLAGS_COLUMN in sub.columns:  # e.g. a corpus written earlier: keep its flags
        flags = [_as_flags(v) for v in sub[FLAGS_COLUMN].tolist()]
        sub = sub.drop(columns=[FLAGS_COLUMN])
    else:
        flags = [[] for _ in range(len(sub))]
    if replaced:
        # replacement characters mark the damaged records; without any, the whole
        # file was read as Windows-1252 and every record is a guess
        damaged = any("\ufffd" in t for t in kept_texts)
        for pos, text in enumerate(kept_texts):
            if not damaged or "\ufffd" in text:
                flags[pos].append("bad_encoding")
    if scrubbed:
        kept_positions = [i for i, k in enumerate(keep) if k]
        for pos, orig in enumerate(kept_positions):
            if orig in scrubbed and "bad_encoding" not in flags[pos]:
                flags[pos].append("bad_encoding")
    if opts.clean:
        _clean_records(sub, kept_texts, flags)
    else:
        sub["text"] = _obj(kept_texts)
    if opts.outlet is not None:
        sub["outlet"] = opts.outlet
    if "source_path" not in sub.columns:
        sub["source_path"] = source_path
    elif source_path is not None:
        sub["source_path"] = sub["source_path"].where(sub["source_path"].notna(), source_path)
    if "language" not in sub.columns:
        sub["language"] = opts.language
    else:
        sub["language"] = _obj(opts.language if _blank(v) else v for v in sub["language"].tolist())
    sub[FLAGS_COLUMN] = _obj(flags)
    coll.flush_rows()
    coll.parts.append(sub)


def _clean_records(sub: pd.DataFrame, texts: list[str], flags: list[list[str]]) -> None:
    """Run the body cleaner on every text; source values of cleaned fields win."""
    from framing.corpus.scrape import clean_body
    from framing.corpus.text import normalize_text

    cleaned = [clean_body(t) for t in texts]
    bodies = []
    for pos, result in enumerate(cleaned):
        body = result.get("text") or ""
        if not body.strip():
            body = normalize_text(texts[pos])
            flags[pos].append("clean_emptied_text")
        bodies.append(body)
        flags[pos].extend(result.get("flags") or [])
    sub["text"] = _obj(bodies)
    for name in _CLEAN_FIELDS:
        found = [r.get(name) for r in cleaned]
        if name in sub.columns:
            given = sub[name].tolist()
            sub[name] = _obj(g if not _blank(g) else f for g, f in zip(given, found))
        elif any(not _blank(v) for v in found):
            sub[name] = _obj(found)


# --------------------------------------------------------------------------- record files


def _whole_object(text: str) -> tuple[dict[str, Any], bool] | None:
    """The object a ``.json`` file holds when the whole file is one JSON object, else None."""
    scrubbed, found = _scrub_json_text(text)
    try:
        item = json.loads(scrubbed)
    except (json.JSONDecodeError, RecursionError):
        return None
    return (item, found) if isinstance(item, dict) else None


def _read_json_file(path: Path, kind: str, coll: _Collector) -> None:
    opts = coll.options
    source_path = str(path)
    text, replaced = _decode(_read_bytes(path), opts.encoding)
    stem = _rel_stem(path.name)
    stripped = text.lstrip()
    if not stripped:
        coll.seen += 1
        coll.reject(source_path, None, None, "empty file (no records)", text)
        return
    records: list[Any] = []
    lines: list[int] = []
    raws: list[str] = []
    damaged: set[int] = set()  # lines (or array positions) whose lone surrogates were replaced
    whole = _whole_object(text) if kind == "json" and stripped.startswith("{") else None
    if kind == "json" and stripped.startswith("["):
        text, found = _scrub_json_text(text)
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            coll.seen += 1
            logger.warning("%s:%d: broken JSON document (%s)", source_path, exc.lineno, exc.msg)
            coll.reject(source_path, exc.lineno, None, f"broken JSON ({exc.msg}, column {exc.colno})", text)
            return
        except RecursionError:
            coll.seen += 1
            coll.reject(source_path, 1, None, "broken JSON (nested too deeply)", text)
            return
        for pos, item in enumerate(items):
            if coll.full:
                break
            coll.seen += 1
            records.append(item)
            lines.append(pos)
            raws.append(json.dumps(item, ensure_ascii=False, default=str))
            if found and "\ufffd" in raws[-1]:
                damaged.add(pos)
    elif whole is not None:
        # one pretty-printed object spread over several lines: one record
        item, found = whole
        coll.seen += 1
        records.append(item)
        lines.append(1)
        raws.append(text)
        if found:
            damaged.add(1)
    else:
        broken = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            if coll.full:
                break
            coll.seen += 1
            line, found = _scrub_json_text(line)
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                broken += 1
                if broken <= _MAX_LINE_WARNINGS:
                    logger.warning("%s:%d: broken JSON line skipped (%s at column %d)",
                                   source_path, number, exc.msg, exc.colno)
                coll.reject(source_path, number, None, f"broken JSON ({exc.msg}, column {exc.colno})", line)
                continue
            except RecursionError:
                broken += 1
                coll.reject(source_path, number, None, "broken JSON (nested too deeply)", line)
                continue
            if found:
                damaged.add(number)
            records.append(item)
            lines.append(number)
            raws.append(line)
        if broken > _MAX_LINE_WARNINGS:
            logger.warning("%s: %d broken JSON lines in all (only the first %d named above)",
                           source_path, broken, _MAX_LINE_WARNINGS)
    good: list[dict[str, Any]] = []
    good_lines: list[int] = []
    good_raws: list[str] = []
    for item, number, raw in zip(records, lines, raws):
        if not isinstance(item, dict):
            coll.reject(source_path, number, None,
                        f"record is not a JSON object (found {type(item).__name__})", raw)
            continue
        good.append(item)
        good_lines.append(number)
        good_raws.append(raw)
    if not good:
        return
    frame = _frame_from_records(good)
    if opts.text_col not in frame.columns:
        raise _missing_column(source_path, "text_col", opts.text_col, list(frame.columns))
    _process_records(frame, good_lines, coll, source_path=source_path, stem=stem, raws=good_raws,
                     replaced=replaced, scrubbed=[i for i, n in enumerate(good_lines) if n in damaged])


def _csv_delimiter(header: str, default: str) -> str:
    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader([header], delimiter=delimiter), []))
        except csv.Error:  # e.g. a carriage return inside the first line
            return 0

    most = width(default)
    if most > 1:
        return default
    best = default
    for candidate in (",", ";", "\t", "|"):
        count = width(candidate)
        if count > most:
            best, most = candidate, count
    return best


def _infer_column(values: list[Any]) -> list[Any] | pd.Series:
    """Give CSV columns the numeric or boolean type pandas would infer; keep strings otherwise."""
    present = [v for v in values if v is not None]
    if not present:
        return values
    if all(v in ("True", "False", "true", "false") for v in present):
        return [None if v is None else v in ("True", "true") for v in values]
    try:
        return pd.to_numeric(pd.Series(values, dtype=object))
    except (ValueError, TypeError):
        return values


def _read_csv_file(path: Path, kind: str, coll: _Collector) -> None:
    opts = coll.options
    source_path = str(path)
    text, replaced = _decode(_read_bytes(path), opts.encoding)
    stem = _rel_stem(path.name)
    if not text.strip():
        coll.seen += 1
        coll.reject(source_path, None, None, "empty file (no records)", text)
        return
    first_line = text.split("\n", 1)[0]
    delimiter = _csv_delimiter(first_line, "\t" if kind == "tsv" else ",")
    limit = sys.maxsize if hasattr(sys, "maxsize") else 2**31 - 1
    while True:
        try:
            csv.field_size_limit(limit)
            break
        except OverflowError:
            limit //= 2
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    header = [h.strip() for h in header]
    if opts.text_col not in header:
        raise _missing_column(source_path, "text_col", opts.text_col, header)
    width = len(header)
    before = coll.seen
    rows: list[list[str]] = []
    lines: list[int] = []
    last = reader.line_num
    while not coll.full:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            coll.seen += 1
            coll.reject(source_path, last + 1, None, f"unreadable CSV row ({exc})", "")
            break
        start, last = last + 1, reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip() and width > 1):
            continue
        coll.seen += 1
        if len(fields) != width:
            logger.warning("%s:%d: CSV row has %d fields, the header has %d; row rejected",
                           source_path, start, len(fields), width)
            coll.reject(source_path, start, None, f"row has {len(fields)} fields, header has {width}",
                        delimiter.join(fields))
            continue
        rows.append(fields)
        lines.append(start)
    if coll.seen == before and not coll.full:
        coll.seen += 1
        coll.reject(source_path, None, None, "empty file (no records)", first_line)
        return
    if not rows:
        return
    columns: dict[str, Any] = {}
    for index, name in enumerate(header):
        values = [r[index] if r[index] != "" else None for r in rows]
        columns[name] = values if name in _string_columns(opts) else _infer_column(values)
    frame = _frame(columns)
    _process_records(frame, lines, coll, source_path=source_path, stem=stem,
                     raws=[delimiter.join(r) for r in rows], replaced=replaced)


def _string_columns(opts: _Options) -> set[str]:
    names = {opts.text_col, "id", "doc_id", "title", "outlet", "url", "event_id", "date", "raw_text"}
    names.update(c for c in (opts.id_col, opts.outlet_col, opts.title_col, opts.date_col, opts.url_col,
                             opts.event_col) if c)
    return names


def _read_parquet_file(path: Path, coll: _Collector) -> None:
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise _UnreadableFile(path, f"not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    _read_frame(frame, coll, source_path=str(path), stem=_rel_stem(path.name))


def _read_frame(frame: pd.DataFrame, coll: _Collector, *, source_path: str | None, stem: str | None) -> None:
    remaining = coll.remaining
    if remaining is not None:
        frame = frame.iloc[:remaining]
    if frame.empty and source_path is not None:
        coll.seen += 1
        coll.reject(source_path, None, None, "empty file (no records)", "")
        return
    coll.seen += len(frame)
    _process_records(frame.reset_index(drop=True), list(range(len(frame))), coll,
                     source_path=source_path, stem=stem)


# --------------------------------------------------------------------------- dispatch


def _read_file(path: Path, rel: str, coll: _Collector, meta: _Metadata | None) -> None:
    kind = _format_of(path, coll.options.format)
    if kind is None:
        raise ValueError(
            f"{path}: unknown file type; expected one of "
            f"{', '.join(sorted(set(ARTICLE_EXTENSIONS) | set(RECORD_EXTENSIONS)))} "
            f"(optionally .gz/.bz2/.xz), or pass format= (one of {', '.join(FORMATS)})"
        )
    before = coll.seen
    try:
        _dispatch_file(path, rel, kind, coll, meta)
    except _UnreadableFile as exc:
        if coll.options.errors == "raise":
            raise
        # raised before any document of the file was counted: the file is one reject
        coll.seen = before + 1
        logger.warning("%s; file rejected", exc)
        doc_id = _rel_stem(rel) if kind in ("text", "html") else None
        coll.reject(str(path), None, doc_id, exc.reason, "")


def _dispatch_file(path: Path, rel: str, kind: str, coll: _Collector, meta: _Metadata | None) -> None:
    if kind in ("text", "html"):
        _read_article_file(path, rel, kind, coll, meta)
        return
    if coll.options.metadata is not None and not coll.warned_metadata:
        coll.warned_metadata = True
        logger.warning("%s: metadata= applies to text and HTML files only; records carry their own fields "
                       "(merge other tables on doc_id)", path)
    if kind in ("jsonl", "json"):
        _read_json_file(path, kind, coll)
    elif kind in ("csv", "tsv"):
        _read_csv_file(path, kind, coll)
    elif kind == "parquet":
        _read_parquet_file(path, coll)
    else:
        raise ValueError(f"unknown format {kind!r}; expected one of {', '.join(FORMATS)}")


def _walk(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _read_folder(folder: Path, coll: _Collector) -> None:
    opts = coll.options
    wanted = {ext for ext, kind in ARTICLE_EXTENSIONS.items() if opts.format in (None, kind)}
    files = [p for p in _walk(folder) if _suffixes(p)[0] in wanted and p.name != _METADATA_NAME]
    if not files:
        others = Counter(_suffixes(p)[0] for p in _walk(folder) if _suffixes(p)[0] in RECORD_EXTENSIONS)
        hint = ""
        if others:
            listed = ", ".join(f"{n} {ext}" for ext, n in sorted(others.items()))
            hint = f" It holds record files ({listed}): read them one by one or with a glob such as '{folder}/*.jsonl'."
        raise FileNotFoundError(
            f"no articles in folder {folder}: looked for files ending in {', '.join(sorted(wanted))} "
            f"(searched sub-folders too, hidden files skipped).{hint}"
        )
    meta = _sidecar(opts, folder)
    for path in files:
        if coll.full:
            break
        _read_file(path, path.relative_to(folder).as_posix(), coll, meta)
    if meta is not None:
        meta.report()


def _glob_root(pattern: str) -> Path:
    parts = Path(pattern).parts
    root: list[str] = []
    for part in parts:
        if _glob.has_magic(part):
            break
        root.append(part)
    return Path(*root) if root else Path(".")


def _read_glob(pattern: str, coll: _Collector) -> None:
    root = _glob_root(pattern)
    paths = [Path(p) for p in _glob.glob(pattern, recursive=True)]
    paths = sorted((p for p in paths if p.is_file() and p.name != _METADATA_NAME),
                   key=lambda p: p.as_posix())
    if not paths:
        raise FileNotFoundError(f"no files match the pattern {pattern!r}")
    meta = _sidecar(coll.options, root if root.is_dir() else None)
    for path in paths:
        if coll.full:
            break
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.name
        _read_file(path, rel, coll, meta)
    if meta is not None:
        meta.report()


def _sidecar(opts: _Options, folder: Path | None) -> _Metadata | None:
    if opts.metadata is not None:
        return _Metadata.load(opts.metadata)
    if folder is not None and (folder / _METADATA_NAME).is_file():
        logger.info("using metadata sidecar %s", folder / _METADATA_NAME)
        return _Metadata.load(folder / _METADATA_NAME)
    return None


def _dataset_name(source: str) -> tuple[str, str | None] | None:
    from framing.datasets import DATASETS

    name, _, subset = source.partition(":")
    if name.strip().lower() in DATASETS:
        return name.strip().lower(), (subset.strip() or None)
    return None


def _read_source(source: Any, coll: _Collector) -> None:
    opts = coll.options
    if isinstance(source, pd.DataFrame):
        if opts.metadata is not None:
            logger.warning("metadata= applies to text and HTML files only; ignored for a DataFrame "
                           "(merge other tables on doc_id)")
        _read_frame(source, coll, source_path=None, stem=None)
        return
    if isinstance(source, (list, tuple)):
        for item in source:
            if coll.full:
                break
            _read_source(item, coll)
        return
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(
            f"source must be a path, a glob pattern, a dataset name, a pandas DataFrame or a list of "
            f"paths; got {type(source).__name__}"
        )
    path = Path(source).expanduser()
    if path.is_dir():
        _read_folder(path, coll)
        return
    if path.is_file():
        is_article = _format_of(path, opts.format) in ("text", "html")
        meta = _sidecar(opts, path.parent) if is_article else None
        _read_file(path, path.name, coll, meta)
        return
    text = os.fspath(source)
    if isinstance(source, str):
        dataset = _dataset_name(text)
        if dataset is not None:
            from framing.datasets import load_dataset

            frame = load_dataset(dataset[0], subset=dataset[1], clean=opts.clean, limit=coll.remaining)
            rejects = frame.attrs.get("rejects")
            coll.seen += len(frame) + (0 if rejects is None else len(rejects))
            if rejects is not None:
                coll.rejects.extend(rejects.to_dict("records"))
            frame = pd.DataFrame(frame)
            frame.attrs = {}
            coll.flush_rows()
            coll.parts.append(frame)
            return
    if _glob.has_magic(text):
        _read_glob(text, coll)
        return
    from framing.datasets import DATASETS

    raise FileNotFoundError(
        f"no such file or folder: {text!r} (and it is not a known dataset name: "
        f"{', '.join(sorted(DATASETS))})"
    )


def _unique_ids(corpus: pd.DataFrame) -> None:
    ids = corpus["doc_id"].tolist()
    counts = Counter(ids)
    if all(c == 1 for c in counts.values()):
        return
    taken = set(ids)
    seen: Counter[str] = Counter()
    flags = corpus[FLAGS_COLUMN].tolist()
    renamed = 0
    for pos, doc_id in enumerate(ids):
        seen[doc_id] += 1
        if seen[doc_id] == 1:
            continue
        number = seen[doc_id]
        new = f"{doc_id}#{number}"
        while new in taken:
            number += 1
            new = f"{doc_id}#{number}"
        taken.add(new)
        ids[pos] = new
        flags[pos] = [*flags[pos], "duplicate_id"]
        renamed += 1
    logger.warning("%d documents had a doc_id already used by an earlier document; they were kept "
                   "with a '#<n>' suffix and flagged 'duplicate_id'", renamed)
    corpus["doc_id"] = _obj(ids)
    corpus[FLAGS_COLUMN] = _obj(flags)


def _assemble(coll: _Collector, label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    coll.flush_rows()
    parts = [p for p in coll.parts if len(p)]
    if parts:
        combined = pd.concat(parts, ignore_index=True, sort=False) if len(parts) > 1 else parts[0]
    else:
        combined = empty_corpus()
        combined[FLAGS_COLUMN] = pd.Series([], dtype=object)
    if FLAGS_COLUMN not in combined.columns:
        combined[FLAGS_COLUMN] = _obj([] for _ in range(len(combined)))
    else:
        combined[FLAGS_COLUMN] = _obj(_as_flags(v) for v in combined[FLAGS_COLUMN].tolist())
    date_given = None
    if "date" in combined.columns:
        date_given = [not _blank(v) for v in combined["date"].tolist()]
        combined["date"] = parse_dates(combined["date"])
    corpus = conform(combined)
    if date_given is not None:
        lost = [g and pd.isna(d) for g, d in zip(date_given, corpus["date"].tolist())]
        if any(lost):
            corpus[FLAGS_COLUMN] = _obj(f + ["unparsed_date"] if bad else f for f, bad in zip(corpus[FLAGS_COLUMN], lost))
    for column in ("outlet", "url", "event_id", "origin", "dateline", "byline", "credits", "section",
                   "source_path"):
        values = corpus[column]
        if values.isna().any():
            corpus[column] = values.astype(object).where(values.notna(), None)
    _unique_ids(corpus)
    extras = [c for c in corpus.columns if c not in CORPUS_COLUMN_NAMES and c != FLAGS_COLUMN]
    corpus = corpus[CORPUS_COLUMN_NAMES + [FLAGS_COLUMN] + extras]
    order = {path: n for n, path in enumerate(dict.fromkeys(r["source_path"] for r in coll.rejects))}
    ordered = sorted(coll.rejects, key=lambda r: (order[r["source_path"]],
                                                  -1 if r["line"] is None else r["line"]))
    rejects = RejectsTable(pd.DataFrame(ordered, columns=REJECT_COLUMNS))
    rejects["line"] = rejects["line"].astype("Int64")
    for column in ("source_path", "doc_id", "reason", "raw"):
        rejects[column] = rejects[column].astype(object)
    if len(rejects):
        reasons = Counter(rejects["reason"])
        summary = "; ".join(f"{reason}: {n}" for reason, n in reasons.most_common(5))
        logger.warning("%s: %d of %d documents rejected (%s); see the rejects table",
                       label, len(rejects), len(corpus) + len(rejects), summary)
    logger.info("%s: read %d documents", label, len(corpus))
    corpus.attrs["rejects"] = rejects
    return corpus, rejects


def read_corpus_with_rejects(source: Any, *, format: str | None = None, text_col: str = "text",
                             id_col: str | None = None, outlet_col: str | None = None,
                             title_col: str | None = None, date_col: str | None = None,
                             url_col: str | None = None, event_col: str | None = None,
                             outlet: str | None = None, metadata: Any = None, clean: bool = True,
                             language: str = "en", encoding: str | None = None, errors: str = "reject",
                             limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a corpus and return it together with its rejects table.

    Takes the same arguments as :func:`read_corpus`.

    Returns
    -------
    corpus : pandas.DataFrame
        The corpus table (also carrying the rejects in ``attrs["rejects"]``).
    rejects : pandas.DataFrame
        One row per input document that was not turned into a corpus row, with
        columns ``source_path``, ``line``, ``doc_id``, ``reason``, ``raw``.

    Examples
    --------
    >>> corpus, rejects = read_corpus_with_rejects(
    ...     __import__("pandas").DataFrame({"text": ["A story.", ""]}), clean=False)
    >>> len(corpus), rejects["reason"].tolist()
    (1, ['empty text'])
    """
    if errors not in ("reject", "raise"):
        raise ValueError(f"errors must be 'reject' or 'raise', got {errors!r}")
    if format is not None:
        format = format.lower().lstrip(".")
        if format == "txt":
            format = "text"
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a non-negative integer, got {limit!r}")
    options = _Options(format=format, text_col=text_col, id_col=id_col, outlet_col=outlet_col,
                       title_col=title_col, date_col=date_col, url_col=url_col, event_col=event_col,
                       outlet=outlet, metadata=metadata, clean=bool(clean), language=language,
                       encoding=encoding, errors=errors, limit=limit)
    coll = _Collector(options)
    _read_source(source, coll)
    label = "DataFrame" if isinstance(source, pd.DataFrame) else str(
        source if not isinstance(source, (list, tuple)) else f"{len(source)} sources")
    return _assemble(coll, label)


def read_corpus(source: Any, *, format: str | None = None, text_col: str = "text", id_col: str | None = None,
                outlet_col: str | None = None, title_col: str | None = None, date_col: str | None = None,
                url_col: str | None = None, event_col: str | None = None, outlet: str | None = None,
                metadata: Any = None, clean: bool = True, language: str = "en", encoding: str | None = None,
                errors: str = "reject", limit: int | None = None) -> pd.DataFrame:
    """Read news articles from any supported source into a canonical corpus table.

    Parameters
    ----------
    source : str, path-like, pandas.DataFrame or list
        What to read:

        * a text file (``.txt``/``.text``): one scraped page; its title, section,
          date, captions, dateline, wire origin, credits and boilerplate are
          separated from the body (:func:`framing.corpus.scrape.parse_scraped`);
        * an HTML file (``.html``/``.htm``): the article is extracted
          (:func:`framing.corpus.scrape.parse_html`, needs the ``html`` extra);
        * a folder: all text and HTML files in it and its sub-folders, in sorted
          order of their relative paths (hidden files skipped);
        * a glob pattern (``"pages/**/*.txt"``): the matching files, sorted;
        * JSON Lines (``.jsonl``, ``.ndjson``, ``.json``; a ``.json`` file
          holding one JSON array or one
          JSON object also works), CSV (``.csv``, delimiter
          detected from the header), TSV (``.tsv``), Parquet (``.parquet``):
          one article per record. Any file may be compressed (``.gz``,
          ``.bz2``, ``.xz``);
        * a :class:`pandas.DataFrame` with one article per row;
        * a dataset name (``basil``, ``pac``, ``allsides_abp``, ``babe``,
          ``narrative_frames``; ``"babe:sentences"`` picks a subset), loaded
          with :func:`framing.datasets.load_dataset` (column options do not apply);
        * a list of any of the paths above.
    format : str, optional
        Force the format instead of guessing it from the file name: one of
        ``text``, ``html``, ``jsonl``, ``json``, ``csv``, ``tsv``, ``parquet``.
        For a folder, reads only files of that kind.
    text_col : str, default "text"
        Column (field) holding the article text in record sources.
    id_col : str, optional
        Column holding the document id. By default ``id``, else ``doc_id``, else
        ``"<file stem>:<line>"`` (the row position for a DataFrame).
    outlet_col, title_col, date_col, url_col, event_col : str, optional
        Columns holding the outlet, headline, date, address and event key; by
        default the columns named ``outlet``, ``title``, ``date``, ``url``,
        ``event_id`` are used when present.
    outlet : str, optional
        Outlet of every document read (overrides outlet columns and metadata).
        For text and HTML files without it, the outlet comes from the metadata
        sidecar, else from the name of the file's folder.
    metadata : str, path-like or pandas.DataFrame, optional
        Sidecar table for text and HTML files, keyed by a ``file`` (or
        ``filename``, ``path``) column matching the file name or relative path,
        or by ``doc_id``/``id``. Its ``outlet``, ``title``, ``date``, ``url``,
        ``event_id`` (and any other) columns fill the documents' fields; they
        win over values found in the page. Without it, a ``metadata.csv`` in the
        folder read is used when present.
    clean : bool, default True
        Separate the article body from everything else. Text files go through
        :func:`~framing.corpus.scrape.parse_scraped` (with ``clean=False`` the
        whole file is the text; HTML is always extracted). Record texts go through
        :func:`~framing.corpus.scrape.clean_body` (Unicode normalization,
        datelines, credits, boilerplate); a field the source already gives
        (e.g. ``title``) is kept over the cleaned one. ``raw_text`` always holds
        the text as read.
    language : str, default "en"
        ISO 639-1 code for documents that do not give their own ``language``.
    encoding : str, optional
        Text encoding of the files. By default UTF-8, falling back to
        :func:`framing.corpus.text.decode_bytes` when the bytes are not UTF-8.
        Undecodable bytes are replaced; such documents are kept and flagged.
    errors : {"reject", "raise"}, default "reject"
        What to do with a bad document: put it into the rejects table and go on,
        or raise :class:`CorpusReadError` naming the file and line.
    limit : int, optional
        Read at most this many input documents (rejected ones count).

    Returns
    -------
    pandas.DataFrame
        The canonical columns (:data:`~framing.corpus.schema.CORPUS_COLUMNS`)
        in order, ``date`` as ``datetime64`` (NaT when unknown), then ``read_flags``
        (a list of strings per row: ``bad_encoding`` - the bytes were not
        valid in their encoding, so undecodable bytes were replaced by U+FFFD
        or the text was read as Windows-1252, or a string held a lone surrogate
        (a JSON ``\\ud800`` escape), replaced by U+FFFD; ``duplicate_id`` - the doc_id was taken by an earlier document
        and got a ``#2``, ``#3``... suffix; ``unparsed_date`` - a date was given
        but could not be read; ``clean_emptied_text`` - cleaning left no body so
        the normalized text was kept; plus the flags of the page parser), then
        the extra columns of the source, untouched. ``attrs["rejects"]`` holds
        the rejects table (see :func:`read_corpus_with_rejects`).

    Raises
    ------
    FileNotFoundError
        The source does not exist, a folder holds no articles (the message
        names the extensions looked for), or a glob matches nothing.
    ValueError
        A record source lacks the text column (the message lists the columns
        found and suggests ``text_col=``) or another named column; an unknown
        format; :class:`CorpusReadError` when ``errors="raise"``.

    Notes
    -----
    Rejected documents (one row each in the rejects table, ``reason`` in
    brackets): text files that are empty (``empty file``), blank (``whitespace
    only``), binary (``binary content (not text)``) or hold no article body
    (``no article body``); records whose text is null, not a string, empty or
    blank; JSON lines that do not parse (``broken JSON``, with the line number)
    or are not objects; CSV rows with the wrong number of fields; record files
    with no records at all (``empty file (no records)``, one row for the file).
    Files that cannot be read, decompressed (a truncated ``.gz``: ``cannot
    decompress .gz data (...)``) or loaded (``not a readable Parquet file``) give one
    row for the file, with ``errors="raise"`` a :class:`CorpusReadError`.
    ``line`` is the 1-based line number in text formats and the 0-based row
    position for Parquet, JSON arrays and DataFrames. ``raw`` is clipped to
    10,000 characters. A WARNING log says how many documents were rejected.

    Duplicate doc_ids are kept: the later documents get a ``#2`` (``#3``...)
    suffix and the ``duplicate_id`` flag, and a WARNING is logged.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = read_corpus(pd.DataFrame({"story": ["Talks resumed.", "Talks stalled."],
    ...                                    "paper": ["A", "B"], "id": [1, 1]}),
    ...                      text_col="story", outlet_col="paper", clean=False)
    >>> corpus[["doc_id", "outlet", "text", "read_flags"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'doc_id': '1', 'outlet': 'A', 'text': 'Talks resumed.', 'read_flags': []},
     {'doc_id': '1#2', 'outlet': 'B', 'text': 'Talks stalled.', 'read_flags': ['duplicate_id']}]
    >>> len(corpus.attrs["rejects"])
    0
    """
    corpus, _ = read_corpus_with_rejects(
        source, format=format, text_col=text_col, id_col=id_col, outlet_col=outlet_col,
        title_col=title_col, date_col=date_col, url_col=url_col, event_col=event_col, outlet=outlet,
        metadata=metadata, clean=clean, language=language, encoding=encoding, errors=errors, limit=limit,
    )
    return corpus
