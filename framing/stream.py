"""Corpora larger than memory: read, extract and count chunk by chunk.

:func:`iter_chunks` reads any source :func:`framing.read_corpus` reads (JSON
Lines, CSV/TSV, Parquet, folders of text or HTML files, DataFrames, dataset
names; compressed or not) in chunks of ``chunk_size`` input documents, holding
one chunk at a time. Each chunk goes through the same per-record parsing and
cleaning as :func:`~framing.corpus.read.read_corpus_with_rejects`, so the
concatenated chunks equal the in-memory corpus (see *Notes* of
:func:`iter_chunks` for the few differences).

:func:`stream_extract` runs extractors over the chunks and writes partitioned
Parquet files (``features/part-00000.parquet``, ``mentions/...``, ``rejects/...``)
into a folder, one part per chunk, each written under a temporary name and
renamed when complete. A ``manifest.json`` lists the finished parts, their row
counts and a fingerprint of the input and settings, so a second call with the
same arguments resumes after the last finished part, and an interrupted run
(Ctrl-C, a killed job) leaves only whole parts behind.

:func:`stream_counts` counts n-grams per group chunk by chunk and merges the
sparse counts exactly (the :class:`~framing.compare.terms.GroupCounts` equals
the one counted in memory, so the Fightin' Words table is the same), and
:func:`mention_counts` turns the mentions parts of :func:`stream_extract` into
per-article label counts for :func:`~framing.compare.labels.label_choice`.

``n_jobs`` runs chunks in worker processes (the fitted extractors are pickled to
each worker once); results are committed in input order and equal ``n_jobs=1``.

Examples
--------
>>> import pandas as pd, tempfile
>>> from framing.extract.wording import WordingFeatures
>>> corpus = pd.DataFrame({"id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
...                        "text": ["Rebels took Aleppo.", "The rebels advanced.", "Opposition fighters regrouped."]})
>>> out = tempfile.mkdtemp()
>>> result = stream_extract(corpus, [WordingFeatures()], out, chunk_size=2, clean=False)
>>> result.n_parts, result.n_docs
(2, 3)
>>> read_parts(out, "features")[["doc_id", "outlet"]].values.tolist()
[['a', 'X'], ['b', 'X'], ['c', 'Y']]
>>> stream_counts(corpus, chunk_size=2, clean=False, fields=("text",)).counts.sum()
np.int64(9)
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import hashlib
import io
import itertools
import json
import logging
import lzma
import os
import pickle
import shutil
import sys
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.corpus import read as _read
from framing.corpus.read import FLAGS_COLUMN

__all__ = [
    "Chunk",
    "iter_chunks",
    "stream_extract",
    "stream_ingest",
    "StreamResult",
    "StreamProgress",
    "StreamError",
    "stream_counts",
    "mention_counts",
    "MentionCounts",
    "read_parts",
    "iter_parts",
    "PART_KINDS",
]

log = logging.getLogger(__name__)

#: Sub-folders of a stream output folder, one Parquet part per chunk in each.
PART_KINDS: tuple[str, ...] = ("features", "mentions", "rejects", "corpus")

MANIFEST = "manifest.json"
_FORMAT = "framing-stream/1"
_TMP = ".tmp"

_OPEN: dict[str | None, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open, None: open}


class StreamError(ValueError):
    """A stream output folder cannot be used as asked (another input, not a stream folder)."""


# =========================================================================== reading in chunks


@dataclass
class Chunk:
    """One chunk of a corpus read by :func:`iter_chunks`.

    Attributes
    ----------
    index : int
        Chunk number, from 0.
    corpus : pandas.DataFrame
        The canonical corpus rows of this chunk (as :func:`framing.read_corpus` makes them).
    rejects : pandas.DataFrame
        The input documents of this chunk that were rejected, with the reason.
    n_input : int
        Input documents covered (``len(corpus) + len(rejects)``).
    """

    index: int
    corpus: pd.DataFrame
    rejects: pd.DataFrame
    n_input: int


@dataclass
class _Batch:
    """Consecutive input documents of one source, not yet parsed (picklable, sent to workers)."""

    kind: str  # json | csv | frame | corpus | article | reject
    source_path: str | None = None
    stem: str | None = None
    items: list[Any] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    lines: list[int] = field(default_factory=list)
    header: list[str] | None = None
    delimiter: str = ","
    replaced: bool = False  # the whole file was decoded with a fallback (as the in-memory reader does)


@dataclass
class _RawChunk:
    index: int
    batches: list[_Batch]
    n_input: int


class _Builder:
    """Cuts a stream of input documents into raw chunks of ``size`` documents."""

    def __init__(self, size: int, limit: int | None) -> None:
        self.size = size
        self.limit = limit
        self.index = 0
        self.total = 0
        self.batches: list[_Batch] = []
        self.n = 0

    @property
    def full(self) -> bool:
        return self.limit is not None and self.total >= self.limit

    @property
    def room(self) -> int:
        room = self.size - self.n
        if self.limit is not None:
            room = min(room, self.limit - self.total)
        return max(room, 0)

    def _batch(self, kind: str, source_path: str | None, **kw: Any) -> _Batch:
        last = self.batches[-1] if self.batches else None
        if last is None or last.kind != kind or last.source_path != source_path or kind in ("frame", "corpus"):
            last = _Batch(kind, source_path, **kw)
            self.batches.append(last)
        return last

    def _count(self, n: int) -> Iterator[_RawChunk]:
        self.n += n
        self.total += n
        if self.n >= self.size:
            yield self.cut()

    def add(self, kind: str, source_path: str | None, item: Any, **kw: Any) -> Iterator[_RawChunk]:
        self._batch(kind, source_path, **kw).items.append(item)
        yield from self._count(1)

    def add_frame(self, kind: str, source_path: str | None, stem: str | None, frame: pd.DataFrame,
                  start: int) -> Iterator[_RawChunk]:
        """Add the rows of ``frame`` (row ``i`` is input position ``start + i``), cutting chunks as they fill."""
        pos = 0
        while pos < len(frame) and not self.full:
            take = min(self.room, len(frame) - pos)
            part = frame.iloc[pos:pos + take]
            self.batches.append(_Batch(kind, source_path, stem, frame=part,
                                       lines=list(range(start + pos, start + pos + take))))
            pos += take
            yield from self._count(take)

    def cut(self) -> _RawChunk:
        chunk = _RawChunk(self.index, self.batches, self.n)
        self.index += 1
        self.batches, self.n = [], 0
        return chunk

    def rest(self) -> Iterator[_RawChunk]:
        if self.n or self.index == 0:
            yield self.cut()


def _options(read_options: dict[str, Any]) -> _read._Options:
    """Validate ``read_corpus`` keyword arguments and pack them (same rules as the in-memory reader)."""
    defaults = dict(format=None, text_col="text", id_col=None, outlet_col=None, title_col=None, date_col=None,
                    url_col=None, event_col=None, outlet=None, metadata=None, clean=True, language="en",
                    encoding=None, errors="reject", limit=None)
    unknown = sorted(set(read_options) - set(defaults))
    if unknown:
        raise TypeError(f"unknown reading option(s) {unknown}; expected any of {sorted(defaults)} "
                        "(the keyword arguments of framing.read_corpus)")
    opts = {**defaults, **read_options}
    if opts["errors"] not in ("reject", "raise"):
        raise ValueError(f"errors must be 'reject' or 'raise', got {opts['errors']!r}")
    fmt = opts["format"]
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        fmt = "text" if fmt == "txt" else fmt
        if fmt not in _read.FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(_read.FORMATS)}")
        opts["format"] = fmt
    limit = opts["limit"]
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise ValueError(f"limit must be a non-negative integer, got {limit!r}")
    opts["clean"] = bool(opts["clean"])
    return _read._Options(**opts)


def _open_binary(path: Path) -> Any:
    _, compression = _read._suffixes(path)
    return _OPEN[compression](path, "rb")


def _decode_line(data: bytes, encoding: str | None) -> tuple[str, bool]:
    if encoding is None:
        try:
            return data.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return _read._decode(data, encoding)


def _needs_whole_file(head: bytes) -> bool:
    """UTF-16/32 text (a BOM or NUL bytes) cannot be split into lines before decoding."""
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) \
        or b"\x00" in head


def _check_readable(path: Path) -> None:
    """Read a file through once, so that a truncated or corrupt one is one reject, as in memory."""
    _, compression = _read._suffixes(path)
    try:
        with _open_binary(path) as fh:
            # compressed streams are read through (a truncated one fails only at its end)
            while fh.read(1 << 22) and compression is not None:
                pass
    except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error) as exc:
        if compression is None:
            raise _read._UnreadableFile(path, f"cannot read the file ({getattr(exc, 'strerror', None) or exc})") from exc
        raise _read._UnreadableFile(path, f"cannot decompress {compression} data ({exc})") from exc


def _json_units(path: Path, kind: str, opts: _read._Options, b: _Builder) -> Iterator[_RawChunk]:
    source_path = str(path)
    stem = _read._rel_stem(path.name)
    with _open_binary(path) as fh:
        head = fh.read(4096)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _needs_whole_file(head) or (kind == "json" and start[:1] in (b"[", b"{")):
        # not streamable: one JSON array or object, or UTF-16/32 text; read whole, as in memory
        text, replaced = _read._decode(_read._read_bytes(path), opts.encoding)
        stripped = text.lstrip()
        if kind == "json" and stripped.startswith("["):
            yield from _json_array_units(text, source_path, stem, b)
            return
        whole = _read._whole_object(text) if kind == "json" and stripped.startswith("{") else None
        if whole is not None:
            item, found = whole
            yield from b.add("json", source_path, (1, text, item, True) if found else (1, text, item), stem=stem)
            return
        yield from _json_lines_units(enumerate(text.split("\n"), start=1), source_path, stem, opts, b,
                                     replaced=replaced, decoded=True)
        return
    with _open_binary(path) as fh:
        yield from _json_lines_units(enumerate(fh, start=1), source_path, stem, opts, b)


def _json_lines_units(lines: Iterable[tuple[int, Any]], source_path: str, stem: str, opts: _read._Options,
                      b: _Builder, *, replaced: bool = False, decoded: bool = False) -> Iterator[_RawChunk]:
    found = False
    for number, piece in lines:
        if decoded:
            text, bad = piece, False
        else:
            text, bad = _decode_line(piece[:-1] if piece.endswith(b"\n") else piece, opts.encoding)
            if number == 1 and text.startswith("\ufeff"):
                text = text[1:]
        if not text.strip():
            continue
        if b.full:
            return
        found = True
        item = (number, text, None, True) if bad else (number, text, None)
        yield from b.add("json", source_path, item, stem=stem, replaced=replaced)
    if not found and not b.full:
        yield from b.add("reject", source_path, (None, None, "empty file (no records)", ""))


def _json_array_units(text: str, source_path: str, stem: str, b: _Builder) -> Iterator[_RawChunk]:
    """A ``.json`` file holding one array: not streamable, read whole, then cut."""
    text, found = _read._scrub_json_text(text)
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        log.warning("%s:%d: broken JSON document (%s)", source_path, exc.lineno, exc.msg)
        yield from b.add("reject", source_path, (exc.lineno, None, f"broken JSON ({exc.msg}, column {exc.colno})",
                                                 text))
        return
    except RecursionError:
        yield from b.add("reject", source_path, (1, None, "broken JSON (nested too deeply)", text))
        return
    for pos, item in enumerate(items):
        if b.full:
            return
        raw = json.dumps(item, ensure_ascii=False, default=str)
        damaged = found and "\ufffd" in raw
        yield from b.add("json", source_path, (pos, raw, item, True) if damaged else (pos, raw, item), stem=stem)


def _csv_units(path: Path, kind: str, opts: _read._Options, b: _Builder) -> Iterator[_RawChunk]:
    source_path = str(path)
    stem = _read._rel_stem(path.name)
    encoding = opts.encoding or "utf-8"
    errors = "surrogateescape" if opts.encoding is None else "replace"
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            break
        except OverflowError:
            limit //= 2
    with _open_binary(path) as fh:
        whole = _needs_whole_file(fh.read(4096))
    replaced = False
    if whole:  # UTF-16/32: decode the whole file, as in memory
        text, replaced = _read._decode(_read._read_bytes(path), opts.encoding)
        stream: Any = io.StringIO(text, newline="")
    else:
        stream = io.TextIOWrapper(_open_binary(path), encoding=encoding, errors=errors, newline="")
    with stream as fh:
        first = fh.readline()
        if first.startswith("\ufeff"):
            first = first[1:]
        if not first.strip():
            rest = fh.read(1 << 16)
            if not rest.strip():
                yield from b.add("reject", source_path, (None, None, "empty file (no records)", first + rest))
                return
            first, lines_iter = "", itertools.chain(io.StringIO(first + rest, newline=""), fh)
        else:
            lines_iter = itertools.chain([first], fh)
        header_line = first.split("\n", 1)[0]
        delimiter = _read._csv_delimiter(header_line, "\t" if kind == "tsv" else ",")
        reader = csv.reader(lines_iter, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            header = []
        header = [h.strip() for h in header]
        if opts.text_col not in header:
            raise _read._missing_column(source_path, "text_col", opts.text_col, header)
        width = len(header)
        before = b.total
        last = reader.line_num
        while not b.full:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield from b.add("reject", source_path, (last + 1, None, f"unreadable CSV row ({exc})", ""))
                break
            start, last = last + 1, reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip() and width > 1):
                continue
            damaged = False
            if whole:
                pass
            elif opts.encoding is None:
                for i, value in enumerate(fields):
                    try:
                        value.encode("utf-8")
                    except UnicodeEncodeError:
                        from framing.corpus.text import decode_bytes

                        fields[i] = decode_bytes(value.encode("utf-8", "surrogateescape"))[0]
                        damaged = True
            else:
                damaged = any("\ufffd" in v for v in fields)
            if len(fields) != width:
                log.warning("%s:%d: CSV row has %d fields, the header has %d; row rejected",
                            source_path, start, len(fields), width)
                yield from b.add("reject", source_path, (start, None, f"row has {len(fields)} fields, header has {width}",
                                                         delimiter.join(fields)))
                continue
            yield from b.add("csv", source_path, (start, fields, damaged), stem=stem, header=header,
                             delimiter=delimiter, replaced=replaced)
        if b.total == before and not b.full:
            yield from b.add("reject", source_path, (None, None, "empty file (no records)", header_line))


def _parquet_units(path: Path, opts: _read._Options, b: _Builder) -> Iterator[_RawChunk]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source_path = str(path)
    stem = _read._rel_stem(path.name)
    try:
        pf = pq.ParquetFile(path)
        n_rows = pf.metadata.num_rows
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise _read._UnreadableFile(path, f"not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    if n_rows == 0:
        yield from b.add("reject", source_path, (None, None, "empty file (no records)", ""))
        return
    start = 0
    for batch in pf.iter_batches(batch_size=max(min(b.size, 65536), 1)):
        if b.full:
            return
        frame = _arrow_to_pandas(pa.Table.from_batches([batch]))
        yield from b.add_frame("frame", source_path, stem, frame, start)
        start += len(frame)


def _arrow_to_pandas(table: Any) -> pd.DataFrame:
    """Convert as :func:`pandas.read_parquet` does (same dtypes as the in-memory reader)."""
    try:
        from pandas.io._util import arrow_table_to_pandas

        return arrow_table_to_pandas(table)
    except (ImportError, TypeError):  # pragma: no cover - older pandas
        return table.to_pandas()


def _file_units(path: Path, rel: str, opts: _read._Options, b: _Builder, meta: Any,
                warned: list[bool]) -> Iterator[_RawChunk]:
    kind = _read._format_of(path, opts.format)
    if kind is None:
        raise ValueError(
            f"{path}: unknown file type; expected one of "
            f"{', '.join(sorted(set(_read.ARTICLE_EXTENSIONS) | set(_read.RECORD_EXTENSIONS)))} "
            f"(optionally .gz/.bz2/.xz), or pass format= (one of {', '.join(_read.FORMATS)})"
        )
    if kind in ("text", "html"):
        yield from b.add("article", str(path), (str(path), rel, kind, meta))
        return
    if opts.metadata is not None and not warned[0]:
        warned[0] = True
        log.warning("%s: metadata= applies to text and HTML files only; records carry their own fields "
                    "(merge other tables on doc_id)", path)
    before = b.total
    try:
        if kind != "parquet":
            _check_readable(path)
        if kind in ("jsonl", "json"):
            yield from _json_units(path, kind, opts, b)
        elif kind in ("csv", "tsv"):
            yield from _csv_units(path, kind, opts, b)
        else:
            yield from _parquet_units(path, opts, b)
    except _read._UnreadableFile as exc:
        if opts.errors == "raise" or b.total != before:
            raise
        log.warning("%s; file rejected", exc)
        yield from b.add("reject", str(path), (None, None, exc.reason, ""))


def _source_units(source: Any, opts: _read._Options, b: _Builder, warned: list[bool]) -> Iterator[_RawChunk]:
    if isinstance(source, pd.DataFrame):
        if opts.metadata is not None:
            log.warning("metadata= applies to text and HTML files only; ignored for a DataFrame")
        yield from b.add_frame("frame", None, None, source, 0)
        return
    if isinstance(source, (list, tuple)):
        for item in source:
            if b.full:
                return
            yield from _source_units(item, opts, b, warned)
        return
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(
            f"source must be a path, a glob pattern, a dataset name, a pandas DataFrame or a list of "
            f"paths; got {type(source).__name__}"
        )
    path = Path(source).expanduser()
    if path.is_dir():
        wanted = {ext for ext, kind in _read.ARTICLE_EXTENSIONS.items() if opts.format in (None, kind)}
        files = [p for p in _read._walk(path) if _read._suffixes(p)[0] in wanted and p.name != _read._METADATA_NAME]
        if not files:
            raise FileNotFoundError(
                f"no articles in folder {path}: looked for files ending in {', '.join(sorted(wanted))} "
                "(searched sub-folders too, hidden files skipped); read record files with a glob such as "
                f"'{path}/*.jsonl'")
        meta = _read._sidecar(opts, path)
        for p in files:
            if b.full:
                return
            yield from _file_units(p, p.relative_to(path).as_posix(), opts, b, meta, warned)
        return
    if path.is_file():
        is_article = _read._format_of(path, opts.format) in ("text", "html")
        meta = _read._sidecar(opts, path.parent) if is_article else None
        yield from _file_units(path, path.name, opts, b, meta, warned)
        return
    text = os.fspath(source)
    if isinstance(source, str):
        dataset = _read._dataset_name(text)
        if dataset is not None:
            from framing.datasets import load_dataset

            remaining = None if b.limit is None else b.limit - b.total
            frame = load_dataset(dataset[0], subset=dataset[1], clean=opts.clean, limit=remaining)
            rejects = frame.attrs.get("rejects")
            frame = pd.DataFrame(frame)
            frame.attrs = {}
            if rejects is not None:
                for r in rejects.to_dict("records"):
                    yield from b.add("reject", r["source_path"], (r["line"], r["doc_id"], r["reason"], r["raw"]))
            yield from b.add_frame("corpus", None, None, frame, 0)
            return
    import glob as _glob

    if _glob.has_magic(text):
        root = _read._glob_root(text)
        paths = sorted((Path(p) for p in _glob.glob(text, recursive=True)
                        if Path(p).is_file() and Path(p).name != _read._METADATA_NAME), key=lambda p: p.as_posix())
        if not paths:
            raise FileNotFoundError(f"no files match the pattern {text!r}")
        meta = _read._sidecar(opts, root if root.is_dir() else None)
        for p in paths:
            if b.full:
                return
            try:
                rel = p.relative_to(root).as_posix()
            except ValueError:
                rel = p.name
            yield from _file_units(p, rel, opts, b, meta, warned)
        return
    from framing.datasets import DATASETS

    raise FileNotFoundError(
        f"no such file or folder: {text!r} (and it is not a known dataset name: {', '.join(sorted(DATASETS))})"
    )


def _raw_chunks(source: Any, opts: _read._Options, chunk_size: int) -> Iterator[_RawChunk]:
    b = _Builder(chunk_size, opts.limit)
    yield from _source_units(source, opts, b, [False])
    yield from b.rest()


def _parse_json_batch(batch: _Batch, coll: _read._Collector) -> None:
    opts = coll.options
    good: list[dict[str, Any]] = []
    lines: list[int] = []
    raws: list[str] = []
    damaged: list[int] = []  # positions in ``good`` of records decoded with replacements
    broken = 0
    for item in batch.items:
        number, raw, obj = item[0], item[1], item[2]
        bad = len(item) > 3
        if obj is None:
            text, found = _read._scrub_json_text(raw)
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                broken += 1
                if broken <= 20:
                    log.warning("%s:%d: broken JSON line skipped (%s at column %d)",
                                batch.source_path, number, exc.msg, exc.colno)
                coll.reject(batch.source_path, number, None, f"broken JSON ({exc.msg}, column {exc.colno})", text)
                continue
            except RecursionError:
                coll.reject(batch.source_path, number, None, "broken JSON (nested too deeply)", text)
                continue
            raw, bad = text, bad or found
        if not isinstance(obj, dict):
            coll.reject(batch.source_path, number, None, f"record is not a JSON object (found {type(obj).__name__})", raw)
            continue
        if bad:
            damaged.append(len(good))
        good.append(obj)
        lines.append(number)
        raws.append(raw)
    if not good:
        return
    frame = _read._frame_from_records(good)
    if opts.text_col not in frame.columns:
        raise _read._missing_column(batch.source_path or "", "text_col", opts.text_col, list(frame.columns))
    _read._process_records(frame, lines, coll, source_path=batch.source_path, stem=batch.stem, raws=raws,
                           replaced=batch.replaced, scrubbed=damaged)


def _parse_csv_batch(batch: _Batch, coll: _read._Collector) -> None:
    opts = coll.options
    header = batch.header or []
    rows = [fields for _, fields, _ in batch.items]
    columns: dict[str, Any] = {}
    for index, name in enumerate(header):
        values = [r[index] if r[index] != "" else None for r in rows]
        columns[name] = values if name in _read._string_columns(opts) else _read._infer_column(values)
    frame = _read._frame(columns)
    _read._process_records(frame, [line for line, _, _ in batch.items], coll, source_path=batch.source_path,
                           stem=batch.stem, raws=[batch.delimiter.join(r) for r in rows], replaced=batch.replaced,
                           scrubbed=[i for i, (_, _, d) in enumerate(batch.items) if d])


def _parse_raw(raw: _RawChunk, opts: _read._Options) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Parse one raw chunk: (corpus, rejects, doc ids before de-duplication)."""
    coll = _read._Collector(opts)
    for batch in raw.batches:
        if batch.kind == "json":
            _parse_json_batch(batch, coll)
        elif batch.kind == "csv":
            _parse_csv_batch(batch, coll)
        elif batch.kind == "frame":
            _read._process_records(batch.frame.reset_index(drop=True), batch.lines, coll,
                                   source_path=batch.source_path, stem=batch.stem)
        elif batch.kind == "corpus":
            coll.flush_rows()
            coll.parts.append(batch.frame.reset_index(drop=True))
        elif batch.kind == "article":
            for path, rel, kind, meta in batch.items:
                try:
                    _read._read_article_file(Path(path), rel, kind, coll, meta)
                except _read._UnreadableFile as exc:
                    if opts.errors == "raise":
                        raise
                    log.warning("%s; file rejected", exc)
                    coll.reject(path, None, _read._rel_stem(rel), exc.reason, "")
        else:  # reject
            for line, doc_id, reason, text in batch.items:
                coll.reject(batch.source_path, line, doc_id, reason, text)
    coll.flush_rows()
    base = [None if v is None else str(v) for part in coll.parts for v in part["doc_id"].tolist()]
    corpus, rejects = _read._assemble(coll, f"chunk {raw.index}")
    corpus.attrs = {}
    return corpus, pd.DataFrame(rejects), base  # type: ignore[return-value]


class _IdTracker:
    """Unique doc ids across chunks: later repeats get ``#2``, ``#3``... as in the in-memory reader."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.taken: set[str] = set()
        self.renamed: dict[str, str] = {}

    def assign(self, base: Sequence[str]) -> list[str]:
        out = []
        for doc_id in base:
            self.seen[doc_id] += 1
            if self.seen[doc_id] == 1 and doc_id not in self.taken:
                self.taken.add(doc_id)
                out.append(doc_id)
                continue
            number = max(self.seen[doc_id], 2)
            new = f"{doc_id}#{number}"
            while new in self.taken:
                number += 1
                new = f"{doc_id}#{number}"
            self.taken.add(new)
            self.renamed[new] = doc_id
            out.append(new)
        return out

    def restore(self, ids: Iterable[str], renamed: dict[str, str]) -> None:
        for doc_id in ids:
            self.seen[renamed.get(doc_id, doc_id)] += 1
            self.taken.add(doc_id)
        self.renamed.update(renamed)


def _fix_ids(corpus: pd.DataFrame, base: list[str], final: list[str]) -> pd.DataFrame:
    """Give the chunk the ids unique over all chunks (and the matching ``duplicate_id`` flags)."""
    if corpus["doc_id"].tolist() == final:
        return corpus
    corpus = corpus.copy()
    corpus["doc_id"] = pd.Series(final, dtype=object, index=corpus.index)
    flags = []
    for f, b, n in zip(corpus[FLAGS_COLUMN].tolist(), base, final):
        f = [x for x in f if x != "duplicate_id"]
        flags.append(f + ["duplicate_id"] if b != n else f)
    corpus[FLAGS_COLUMN] = pd.Series(flags, dtype=object, index=corpus.index)
    return corpus


def iter_chunks(source: Any, *, chunk_size: int = 10_000, **read_options: Any) -> Iterator[Chunk]:
    """Read a corpus in chunks of ``chunk_size`` input documents, one chunk in memory at a time.

    Parameters
    ----------
    source : path, glob, folder, dataset name, DataFrame or list of them
        As for :func:`framing.read_corpus`.
    chunk_size : int, default 10,000
        Input documents per chunk (rejected ones count, so every chunk but the
        last covers exactly ``chunk_size`` input documents).
    **read_options
        Keyword arguments of :func:`framing.read_corpus` (``text_col``,
        ``outlet``, ``clean``, ``limit``...).

    Yields
    ------
    Chunk

    Notes
    -----
    JSON Lines, CSV/TSV and Parquet files are read incrementally (compressed
    ones are decompressed as a stream, after one pass that checks the stream is
    whole: a truncated or corrupt file is one reject, as in memory); a
    ``.json`` file holding one JSON array or object, UTF-16/32 text and a
    dataset name are read whole, then cut. Doc ids are unique over all
    chunks (repeats get ``#2``, ``#3``... and the ``duplicate_id`` flag, as in
    memory). Differences from the in-memory reader, all for unusual input:
    bytes that are not valid UTF-8 are decoded line by line (JSON Lines) or
    field by field (CSV), so only the damaged records are flagged
    ``bad_encoding``; CSV column types are inferred per chunk; an id that
    already looks like a renamed repeat (``x#2``) given *after* a repeat of
    ``x`` may be renamed differently.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["One.", "", "Two.", "Three."]})
    >>> [(c.index, len(c.corpus), len(c.rejects)) for c in iter_chunks(frame, chunk_size=2, clean=False)]
    [(0, 1, 1), (1, 2, 0)]
    """
    _check_size(chunk_size)
    opts = _options(read_options)
    tracker = _IdTracker()
    for raw in _raw_chunks(source, opts, chunk_size):
        corpus, rejects, base = _parse_raw(raw, opts)
        corpus = _fix_ids(corpus, base, tracker.assign(base))
        yield Chunk(raw.index, corpus, rejects, raw.n_input)


def _check_size(chunk_size: Any) -> None:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer (documents per chunk), got {chunk_size!r}")


def _n_jobs(n_jobs: Any) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive integer or -1 (all cores), got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


# =========================================================================== running chunks on workers

_WORKER_STATE: dict[str, Any] = {}


def _call_worker(task: str, token: str, payload: bytes, raw: _RawChunk) -> Any:
    """Run one chunk in a worker; the pickled state is unpickled once per worker and run."""
    state = _WORKER_STATE.get(token)
    if state is None:
        _WORKER_STATE.clear()
        state = _WORKER_STATE[token] = pickle.loads(payload)
    return _TASKS[task](raw, state)


def _executor(n_jobs: int) -> Any:
    """A reusable pool of worker processes (joblib's loky: no ``if __name__ == "__main__"`` guard needed)."""
    from joblib.externals.loky import get_reusable_executor

    return get_reusable_executor(max_workers=n_jobs, timeout=300)


def _run_chunks(raws: Iterator[_RawChunk], task: str, state: dict[str, Any], n_jobs: int,
                on_result: Callable[[Any], None]) -> None:
    """Run ``task`` on every raw chunk, in worker processes when ``n_jobs > 1``; results in input order."""
    if n_jobs == 1:
        for raw in raws:
            on_result(_TASKS[task](raw, state))
        return
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    token = hashlib.sha256(payload).hexdigest()
    pool = _executor(n_jobs)
    pending: deque[Any] = deque()
    try:
        for raw in raws:
            pending.append(pool.submit(_call_worker, task, token, payload, raw))
            # bounded look-ahead: at most two chunks per worker in flight
            while len(pending) >= 2 * n_jobs:
                on_result(pending.popleft().result())
        while pending:
            on_result(pending.popleft().result())
    finally:
        for fut in pending:
            fut.cancel()
        for fut in pending:
            if not fut.cancelled():
                try:
                    fut.result()
                except BaseException:  # noqa: BLE001 - already failing or interrupted; wait only
                    pass


# =========================================================================== extraction to Parquet parts


@dataclass
class StreamProgress:
    """What :func:`stream_extract` has done so far (passed to its ``progress`` callback)."""

    n_parts: int
    n_input: int
    n_docs: int
    n_rejects: int
    n_mentions: int
    seconds: float
    n_resumed_parts: int = 0
    n_input_resumed: int = 0


@dataclass
class StreamResult:
    """Summary of a :func:`stream_extract` / :func:`stream_ingest` run.

    Attributes
    ----------
    out_dir : pathlib.Path
        The output folder (``manifest.json`` and one sub-folder per part kind).
    n_parts, n_input, n_docs, n_rejects, n_mentions : int
        Parts written in all, input documents, corpus rows, rejected documents, mention rows.
    n_resumed_parts : int
        Parts found finished by an earlier run and not redone.
    seconds : float
        Time of this call.
    n_input_resumed : int
        Input documents of the resumed parts (``n_input - n_input_resumed`` were read by this call).
    """

    out_dir: Path
    n_parts: int
    n_input: int
    n_docs: int
    n_rejects: int
    n_mentions: int
    n_resumed_parts: int
    seconds: float
    n_input_resumed: int = 0

    def read(self, kind: str = "features", columns: Sequence[str] | None = None) -> pd.DataFrame:
        """All parts of one kind as one table (see :func:`read_parts`)."""
        return read_parts(self.out_dir, kind, columns=columns)


def _arrow_table(frame: pd.DataFrame) -> Any:
    """A pyarrow table with stable types: all-null columns as strings, lists of nothing as lists of strings."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    changed = False
    for f in table.schema:
        t = f.type
        if pa.types.is_null(t):
            t, changed = pa.string(), True
        elif pa.types.is_list(t) and pa.types.is_null(t.value_type):
            t, changed = pa.list_(pa.string()), True
        fields.append(pa.field(f.name, t))
    if changed:
        table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
    return table


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(_arrow_table(frame), path)


def _part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def _extract_task(raw: _RawChunk, state: dict[str, Any]) -> dict[str, Any]:
    corpus, rejects, base = _parse_raw(raw, state["options"])
    tmp = Path(state["tmp_dir"])
    files: dict[str, str] = {}
    out: dict[str, Any] = {"index": raw.index, "n_input": raw.n_input, "n_docs": len(corpus),
                           "n_rejects": len(rejects), "n_mentions": 0, "base": base,
                           "ids": corpus["doc_id"].tolist(), "files": files}
    extractors = state["extractors"]
    if extractors:
        features, mentions = _extract_frames(extractors, corpus, state["meta_columns"])
        out["n_mentions"] = len(mentions)
        files["features"] = str(tmp / f"{raw.index:05d}.features.parquet")
        _write_parquet(features, Path(files["features"]))
        if state["write_mentions"]:
            files["mentions"] = str(tmp / f"{raw.index:05d}.mentions.parquet")
            _write_parquet(mentions, Path(files["mentions"]))
    if state["write_corpus"]:
        files["corpus"] = str(tmp / f"{raw.index:05d}.corpus.parquet")
        _write_parquet(corpus, Path(files["corpus"]))
    files["rejects"] = str(tmp / f"{raw.index:05d}.rejects.parquet")
    _write_parquet(_rejects_frame(rejects), Path(files["rejects"]))
    return out


def _rejects_frame(rejects: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(rejects).copy()
    frame["line"] = frame["line"].astype("Int64")
    return frame


def _extract_frames(extractors: Sequence[Any], corpus: pd.DataFrame,
                    meta_columns: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Features (``doc_id``, meta columns, then each extractor's columns) and mentions (with ``extractor``)."""
    from framing.parallel import extract_together

    feats, ments = [], []
    # batch by batch through every extractor: one parse of each text for all of them
    for ex, (f, m) in zip(extractors, extract_together(extractors, corpus)):
        feats.append(f)
        m = m.copy()
        m.insert(0, "extractor", ex.prefix)
        ments.append(m)
    features = pd.concat(feats, axis=1) if feats else pd.DataFrame(index=pd.Index(corpus["doc_id"], name="doc_id"))
    features = features.reset_index()
    for pos, col in enumerate(c for c in meta_columns if c in corpus.columns):
        features.insert(1 + pos, col, corpus[col].to_numpy())
    mentions = pd.concat(ments, ignore_index=True, sort=False) if ments else pd.DataFrame()
    return features, mentions


def _describe_source(source: Any) -> Any:
    if isinstance(source, pd.DataFrame):
        try:
            digest = hashlib.sha256(pd.util.hash_pandas_object(source, index=True).to_numpy().tobytes()).hexdigest()
        except (TypeError, ValueError):
            digest = None
        return {"dataframe": list(source.shape), "columns": [str(c) for c in source.columns], "sha256": digest}
    if isinstance(source, (list, tuple)):
        return [_describe_source(s) for s in source]
    text = os.fspath(source) if isinstance(source, (str, os.PathLike)) else repr(source)
    path = Path(text).expanduser()
    if path.is_file():
        st = path.stat()
        return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if path.is_dir():
        files = _read._walk(path)
        h = hashlib.sha256()
        for p in files:
            st = p.stat()
            h.update(f"{p.relative_to(path).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        return {"folder": str(path.resolve()), "n_files": len(files), "sha256": h.hexdigest()}
    import glob as _glob

    if _glob.has_magic(text):
        return {"glob": text, "files": [_describe_source(p) for p in sorted(_glob.glob(text, recursive=True))
                                        if Path(p).is_file()]}
    return {"name": text}


def _describe_extractor(ex: Any) -> dict[str, Any]:
    try:
        params = ex.get_params(deep=False)
    except AttributeError:
        params = {}
    return {"class": f"{type(ex).__module__}.{type(ex).__qualname__}",
            "params": {k: repr(v) for k, v in sorted(params.items())}}


def _fingerprint(source: Any, read_options: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    from framing._version import __version__

    described = {"source": _describe_source(source),
                 "read_options": {k: repr(v) for k, v in sorted(read_options.items())},
                 "settings": settings, "framing": __version__}
    digest = hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()
    return {**described, "sha256": digest}


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _is_fitted(ex: Any) -> bool:
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(ex)
    except NotFittedError:
        return False
    except TypeError:
        return True
    return True


def _clear_outputs(out: Path) -> None:
    for kind in PART_KINDS:
        shutil.rmtree(out / kind, ignore_errors=True)
    shutil.rmtree(out / _TMP, ignore_errors=True)
    (out / MANIFEST).unlink(missing_ok=True)


def _drop_unfinished(out: Path, n_finished: int) -> None:
    shutil.rmtree(out / _TMP, ignore_errors=True)
    for kind in PART_KINDS:
        folder = out / kind
        if not folder.is_dir():
            continue
        for p in folder.glob("part-*.parquet*"):
            try:
                index = int(p.name.split("-")[1].split(".")[0])
            except (IndexError, ValueError):
                continue
            if index >= n_finished:
                p.unlink()


def stream_extract(
    source: Any,
    extractors: Any,
    out_dir: str | os.PathLike[str],
    *,
    chunk_size: int = 10_000,
    n_jobs: int = 1,
    resume: bool = True,
    meta_columns: Sequence[str] = ("outlet",),
    mentions: bool = True,
    write_corpus: bool = False,
    progress: Callable[[StreamProgress], None] | None = None,
    **read_options: Any,
) -> StreamResult:
    """Run extractors over a corpus chunk by chunk and write partitioned Parquet files.

    Parameters
    ----------
    source : path, glob, folder, dataset name, DataFrame or list of them
        What :func:`framing.read_corpus` reads.
    extractors : extractor or sequence of extractors
        Fitted or not; unfitted ones are fitted on the first chunk (all shipped
        extractors but :class:`~framing.extract.labels.LabelDiscovery` learn
        nothing from the corpus; fit that one on a sample first to control what
        it learns).
    out_dir : path
        Output folder: ``features/part-NNNNN.parquet`` (``doc_id``, the
        ``meta_columns``, then each extractor's feature columns),
        ``mentions/part-NNNNN.parquet`` (an ``extractor`` column, then the
        mentions table), ``rejects/part-NNNNN.parquet``, with ``write_corpus``
        ``corpus/part-NNNNN.parquet``, and ``manifest.json``.
    chunk_size : int, default 10,000
        Input documents per part. Memory grows with it (and with ``n_jobs``:
        up to two chunks per worker are in flight).
    n_jobs : int, default 1
        Worker processes (``-1``: one per core). Output is identical for any value.
    resume : bool, default True
        Continue an earlier run in ``out_dir`` after its last finished part
        (same input and settings, checked by fingerprint); ``False`` deletes
        the earlier output and starts over.
    meta_columns : sequence of str, default ("outlet",)
        Corpus columns copied into the features parts (those present), e.g.
        ``("outlet", "event_id", "date")``, so that comparisons need not re-read the corpus.
    mentions : bool, default True
        Write the mentions parts.
    write_corpus : bool, default False
        Also write the clean corpus chunks.
    progress : callable, optional
        Called with a :class:`StreamProgress` after each part.
    **read_options
        Keyword arguments of :func:`framing.read_corpus`.

    Returns
    -------
    StreamResult

    Raises
    ------
    StreamError
        ``out_dir`` holds the output of another input or other settings (with
        ``resume=True``), or holds files that are not stream output.

    Notes
    -----
    Each part is written to ``out_dir/.tmp`` and moved into place only when
    complete, and ``manifest.json`` (replaced atomically) lists the finished
    parts: an interrupted run leaves whole parts only, and the next call with
    ``resume=True`` starts from the first unfinished part. Read the output with
    :func:`read_parts`, :func:`iter_parts` or ``pandas.read_parquet(out_dir / "features")``.

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> from framing.extract.wording import WordingFeatures
    >>> corpus = pd.DataFrame({"text": ["Rebels took Aleppo.", "Government forces shelled it."]})
    >>> out = tempfile.mkdtemp()
    >>> r = stream_extract(corpus, WordingFeatures(), out, chunk_size=1, clean=False)
    >>> r.n_parts, sorted(p.name for p in (r.out_dir / "mentions").iterdir())
    (2, ['part-00000.parquet', 'part-00001.parquet'])
    >>> stream_extract(corpus, WordingFeatures(), out, chunk_size=1, clean=False).n_resumed_parts
    2
    """
    start = time.perf_counter()
    _check_size(chunk_size)
    jobs = _n_jobs(n_jobs)
    if extractors is None:
        extractors = []
    elif not isinstance(extractors, (list, tuple)):
        extractors = [extractors]
    extractors = list(extractors)
    if not extractors and not write_corpus:
        raise ValueError("nothing to write: give extractors, or write_corpus=True (see stream_ingest)")
    opts = _options(read_options)
    out = Path(out_dir)
    settings = {"chunk_size": int(chunk_size), "extractors": [_describe_extractor(e) for e in extractors],
                "meta_columns": list(meta_columns), "mentions": bool(mentions), "write_corpus": bool(write_corpus)}
    fingerprint = _fingerprint(source, read_options, settings)
    manifest = _open_folder(out, fingerprint, resume)
    finished = manifest["parts"]
    n_done = len(finished)
    tracker = _IdTracker()
    if n_done:
        id_kind = "features" if extractors else "corpus"
        for part in iter_parts(out, id_kind, columns=["doc_id"], n_parts=n_done):
            tracker.restore(part["doc_id"].astype(str).tolist(), manifest.get("renamed", {}))
    if manifest.get("complete"):
        return _result(out, manifest, n_done, time.perf_counter() - start)
    (out / _TMP).mkdir(parents=True, exist_ok=True)
    for kind in ("features", "mentions", "rejects", "corpus"):
        wanted = {"features": bool(extractors), "mentions": bool(extractors) and mentions,
                  "rejects": True, "corpus": write_corpus}[kind]
        if wanted:
            (out / kind).mkdir(exist_ok=True)
    raws = _raw_chunks(source, opts, chunk_size)
    unfitted = [e for e in extractors if not _is_fitted(e)]
    if unfitted:
        first = next(raws)
        corpus, _, _ = _parse_raw(first, opts)
        for e in unfitted:
            log.info("%s is not fitted: fitting it on the first chunk (%d documents)", type(e).__name__, len(corpus))
            e.fit(corpus)
        raws = itertools.chain([first], raws)
    todo = (r for r in raws if r.index >= n_done)
    state = {"options": opts, "extractors": extractors, "meta_columns": tuple(meta_columns),
             "write_mentions": bool(mentions), "write_corpus": bool(write_corpus), "tmp_dir": str(out / _TMP)}

    def commit(res: dict[str, Any]) -> None:
        final = tracker.assign(res["base"])
        files = {k: Path(v) for k, v in res["files"].items()}
        if final != res["ids"]:
            _rename_ids(files, res["base"], res["ids"], final)
        name = _part_name(res["index"])
        for kind, path in files.items():
            os.replace(path, out / kind / name)
        finished.append({"part": res["index"], "file": name, "n_input": res["n_input"], "n_docs": res["n_docs"],
                         "n_rejects": res["n_rejects"], "n_mentions": res["n_mentions"]})
        manifest["renamed"] = tracker.renamed
        _write_json_atomic(out / MANIFEST, manifest)
        if progress is not None:
            progress(_progress(finished, n_done, time.perf_counter() - start))

    try:
        _run_chunks(todo, "extract", state, jobs, commit)
    except BaseException:
        shutil.rmtree(out / _TMP, ignore_errors=True)
        raise
    shutil.rmtree(out / _TMP, ignore_errors=True)
    if tracker.renamed:
        log.warning("%d documents had a doc_id already used by an earlier document; they were kept with a "
                    "'#<n>' suffix and flagged 'duplicate_id'", len(tracker.renamed))
    manifest["complete"] = True
    _write_json_atomic(out / MANIFEST, manifest)
    result = _result(out, manifest, n_done, time.perf_counter() - start)
    log.info("stream_extract: %d parts (%d resumed), %d documents, %d rejected, %d mentions in %.1f s",
             result.n_parts, n_done, result.n_docs, result.n_rejects, result.n_mentions, result.seconds)
    return result


def _progress(finished: list[dict[str, Any]], n_resumed: int, seconds: float) -> StreamProgress:
    return StreamProgress(n_parts=len(finished), n_input=sum(p["n_input"] for p in finished),
                          n_docs=sum(p["n_docs"] for p in finished), n_rejects=sum(p["n_rejects"] for p in finished),
                          n_mentions=sum(p["n_mentions"] for p in finished), seconds=seconds,
                          n_resumed_parts=n_resumed, n_input_resumed=sum(p["n_input"] for p in finished[:n_resumed]))


def _result(out: Path, manifest: dict[str, Any], n_resumed: int, seconds: float) -> StreamResult:
    p = _progress(manifest["parts"], n_resumed, seconds)
    return StreamResult(out, p.n_parts, p.n_input, p.n_docs, p.n_rejects, p.n_mentions, n_resumed, seconds,
                        p.n_input_resumed)


def _open_folder(out: Path, fingerprint: dict[str, Any], resume: bool) -> dict[str, Any]:
    """Check or prepare the output folder; return the manifest to continue."""
    fresh = {"format": _FORMAT, "fingerprint": fingerprint, "parts": [], "renamed": {}, "complete": False}
    path = out / MANIFEST
    if path.is_file():
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise StreamError(f"{path}: not valid JSON ({exc}); delete the folder or pass resume=False") from None
        if manifest.get("format") != _FORMAT:
            raise StreamError(f"{path}: not a framing stream manifest (format {manifest.get('format')!r})")
        if not resume:
            _clear_outputs(out)
            return fresh
        if manifest.get("fingerprint", {}).get("sha256") != fingerprint["sha256"]:
            raise StreamError(
                f"{out} holds the output of another input or other settings (fingerprint in {path} differs); "
                "pass resume=False to replace it, or choose another output folder")
        parts = manifest.get("parts", [])
        if [p["part"] for p in parts] != list(range(len(parts))):
            raise StreamError(f"{path}: parts are not numbered 0..{len(parts) - 1}; pass resume=False to start over")
        _drop_unfinished(out, len(parts))
        if parts:
            log.info("resuming %s after %d finished part(s)", out, len(parts))
        return manifest
    if out.exists():
        if not out.is_dir():
            raise StreamError(f"{out} exists and is not a folder; give a folder path for the parts")
        others = [p.name for p in out.iterdir() if p.name not in (*PART_KINDS, _TMP)]
        if others:
            raise StreamError(f"{out} is not empty and has no {MANIFEST} (found {sorted(others)[:5]}); "
                              "give a new or empty folder")
        _clear_outputs(out)
    out.mkdir(parents=True, exist_ok=True)
    _write_json_atomic(path, fresh)
    return fresh


def _rename_ids(files: dict[str, Path], base: list[str], current: list[str], final: list[str]) -> None:
    """Rewrite temporary parts with ids made unique across chunks (rare: repeated ids in the input)."""
    mapping = dict(zip(current, final))
    for kind, path in files.items():
        if kind == "rejects":
            continue
        frame = pd.read_parquet(path)
        if kind == "corpus":
            frame = _fix_ids(frame, base, final)
        else:
            frame["doc_id"] = frame["doc_id"].astype(str).map(mapping).astype(object)
        _write_parquet(frame, path)


def stream_ingest(source: Any, out_dir: str | os.PathLike[str], *, chunk_size: int = 10_000, n_jobs: int = 1,
                  resume: bool = True, progress: Callable[[StreamProgress], None] | None = None,
                  **read_options: Any) -> StreamResult:
    """Read a corpus chunk by chunk into ``corpus/`` and ``rejects/`` Parquet parts.

    The streaming form of :func:`framing.read_corpus_with_rejects`; see
    :func:`stream_extract` for the folder layout, resuming and ``n_jobs``.

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> out = tempfile.mkdtemp()
    >>> r = stream_ingest(pd.DataFrame({"text": ["One.", " ", "Two."]}), out, chunk_size=2, clean=False)
    >>> r.n_docs, r.n_rejects, read_parts(out, "corpus")["text"].tolist()
    (2, 1, ['One.', 'Two.'])
    """
    return stream_extract(source, [], out_dir, chunk_size=chunk_size, n_jobs=n_jobs, resume=resume,
                          write_corpus=True, progress=progress, **read_options)


def iter_parts(out_dir: str | os.PathLike[str], kind: str = "features", *, columns: Sequence[str] | None = None,
               n_parts: int | None = None) -> Iterator[pd.DataFrame]:
    """Yield the finished parts of one kind, in order, one table at a time.

    Parameters
    ----------
    out_dir : path
        A :func:`stream_extract` output folder.
    kind : {"features", "mentions", "rejects", "corpus"}
    columns : sequence of str, optional
        Read only these columns.
    n_parts : int, optional
        Only the first ``n_parts`` parts (default: all finished ones in the manifest).

    Raises
    ------
    FileNotFoundError
        No manifest in ``out_dir``, or a finished part is missing.
    """
    if kind not in PART_KINDS:
        raise ValueError(f"kind must be one of {PART_KINDS}, got {kind!r}")
    out = Path(out_dir)
    path = out / MANIFEST
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: {out} is not a stream_extract output folder")
    parts = json.loads(path.read_text(encoding="utf-8"))["parts"]
    if n_parts is not None:
        parts = parts[:n_parts]
    if parts and not (out / kind).is_dir():
        raise FileNotFoundError(f"{out / kind} does not exist: this run wrote no {kind} parts")
    for p in parts:
        file = out / kind / p["file"]
        if not file.is_file():
            raise FileNotFoundError(f"{file} is listed as finished in {path} but is missing; "
                                    "rerun stream_extract with resume=False")
        yield pd.read_parquet(file, columns=list(columns) if columns is not None else None)


def read_parts(out_dir: str | os.PathLike[str], kind: str = "features", *,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
    """All finished parts of one kind as one table (for outputs that fit in memory).

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> out = tempfile.mkdtemp()
    >>> _ = stream_ingest(pd.DataFrame({"text": ["One.", "Two.", "Three."]}), out, chunk_size=2, clean=False)
    >>> read_parts(out, "corpus", columns=["doc_id", "text"]).values.tolist()
    [['0', 'One.'], ['1', 'Two.'], ['2', 'Three.']]
    """
    frames = list(iter_parts(out_dir, kind, columns=columns))
    if not frames:
        return pd.DataFrame(columns=list(columns) if columns is not None else None)
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]


# =========================================================================== counting


def _join_fields(corpus: pd.DataFrame, fields: Sequence[str]) -> list[str]:
    cols = []
    for f in fields:
        if f not in corpus.columns:
            raise ValueError(f"text field {f!r} is not a corpus column (found {list(corpus.columns)})")
        cols.append(["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in corpus[f].tolist()])
    return ["\n".join(parts) for parts in zip(*cols)] if cols else []


@dataclass
class _ChunkCounts:
    """One chunk's group x term counts, compact for sending between processes.

    No Python object per term: term ``i`` is ``data[starts[i]:starts[i] + lengths[i]]``
    (UTF-8, lone surrogates kept with ``surrogatepass``, ``starts`` the running sum
    of ``lengths``) and ``hashes[i]`` its 64-bit hash; the counts are COO triplets
    (group row, term column, count).
    """

    groups: list[Any]
    n_docs: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    hashes: np.ndarray
    data: np.ndarray
    lengths: np.ndarray


def _term_hashes(encoded: Sequence[bytes]) -> np.ndarray:
    """64-bit hashes of encoded terms, the same in every process (SipHash with pandas' fixed key).

    Equal hashes of different terms are resolved exactly by :class:`_TermStore`;
    the hash only has to be the same for the same bytes in every worker.
    """
    values = np.empty(len(encoded), dtype=object)
    values[:] = encoded
    return pd.util.hash_array(values, categorize=False)


def _compact_counts(gc: Any) -> _ChunkCounts:
    encoded = [t.encode("utf-8", "surrogatepass") for t in gc.terms.tolist()]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    coo = gc.counts.tocoo()
    return _ChunkCounts(gc.groups.tolist(), np.asarray(gc.n_docs, dtype=np.int64), coo.row.astype(np.int64),
                        coo.col.astype(np.int64), coo.data.astype(np.int64), _term_hashes(encoded),
                        np.frombuffer(b"".join(encoded), dtype=np.uint8), lengths)


def _release_memory() -> None:
    """Give freed heap memory back to the system (glibc ``malloc_trim``; nothing elsewhere).

    Counting a chunk (in a worker) or merging it (in the main process) frees
    many temporary objects and arrays, but glibc keeps most of the pages, so
    resident memory would creep up towards that of the largest chunk and
    stay there.
    """
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        _MALLOC_TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):
                pass
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


def _count_task(raw: _RawChunk, state: dict[str, Any]) -> tuple[_ChunkCounts | None, int, int]:
    from framing.compare.terms import group_term_counts

    corpus, _, _ = _parse_raw(raw, state["options"])
    by = state["by"]
    if by not in corpus.columns:
        raise ValueError(f"corpus has no column {by!r} to group by; found {list(corpus.columns)}")
    missing = corpus[by].isna().to_numpy()
    work = corpus[~missing] if missing.any() else corpus
    if not len(work):
        return None, int(missing.sum()), raw.n_input
    texts, labels = _join_fields(work, state["fields"]), work[by].astype(str).tolist()
    del corpus, work
    counts = group_term_counts(texts, labels, ngram_range=state["ngram_range"], min_count=1,
                               lowercase=state["lowercase"], stop_words=state["stop_words"])
    del texts, labels
    compact = _compact_counts(counts)
    del counts
    _release_memory()
    return compact, int(missing.sum()), raw.n_input


def _grow(buf: np.ndarray, used: int, size: int) -> np.ndarray:
    """``buf`` if it holds ``size`` items, else a copy of its first ``used`` items with room for 1.5x more."""
    if size <= len(buf):
        return buf
    new = np.empty(max(size, len(buf) + len(buf) // 2), dtype=buf.dtype)
    new[:used] = buf[:used]
    return new


class _TermStore:
    """Distinct terms, numbered in order of arrival, stored as UTF-8 in one byte buffer.

    A term is found by its 64-bit hash (a sorted array) and then compared byte
    by byte with the stored one, so the numbering is exact: a term whose hash
    equals that of a different stored term (a collision) is kept in a small
    dictionary keyed by its bytes. Memory is about 32 bytes per term plus its
    UTF-8 length, against about 110 plus its length in a Python dictionary of
    ``str -> int`` (the string object, the dictionary slot and the number).
    """

    #: Bytes compared per step (bounds the temporary index arrays to a few MB).
    SLICE = 1 << 20

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)  # sorted hashes
        self.key_ids = np.empty(0, dtype=np.int64)  # the term number of each hash
        self.data = np.empty(1 << 16, dtype=np.uint8)
        self.bounds = np.zeros(1 << 10, dtype=np.int64)  # term i is data[bounds[i]:bounds[i + 1]]
        self.n = 0
        self.n_bytes = 0
        self.collided: dict[bytes, int] = {}

    def __len__(self) -> int:
        return self.n

    def _append(self, data: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        k, nb = len(lengths), len(data)
        self.data = _grow(self.data, self.n_bytes, self.n_bytes + nb)
        self.data[self.n_bytes:self.n_bytes + nb] = data
        self.bounds = _grow(self.bounds, self.n + 1, self.n + k + 1)
        ends = self.bounds[self.n + 1:self.n + k + 1]
        np.cumsum(lengths, out=ends)
        ends += self.n_bytes
        ids = np.arange(self.n, self.n + k, dtype=np.int64)
        self.n += k
        self.n_bytes += nb
        return ids

    def _index(self, hashes: np.ndarray, ids: np.ndarray) -> None:
        order = np.argsort(hashes, kind="stable")
        hashes, ids = hashes[order], ids[order]
        at = np.searchsorted(self.keys, hashes)
        self.keys = np.insert(self.keys, at, hashes)
        self.key_ids = np.insert(self.key_ids, at, ids)

    def _same(self, ids: np.ndarray, data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Whether stored term ``ids[i]`` equals ``data[starts[i]:starts[i] + lengths[i]]``, for each ``i``."""
        s_start = self.bounds[ids]
        same = (self.bounds[ids + 1] - s_start) == lengths
        idx = np.flatnonzero(same)
        cum = np.cumsum(lengths[idx])
        lo = 0
        while lo < len(idx):
            done = int(cum[lo - 1]) if lo else 0
            hi = max(int(np.searchsorted(cum, done + self.SLICE, side="right")), lo + 1)
            part = idx[lo:hi]
            size = lengths[part]
            ends = np.cumsum(size)
            n = int(ends[-1])
            if n:
                within = np.arange(n, dtype=np.int64) - np.repeat(ends - size, size)
                differ = np.flatnonzero(self.data[np.repeat(s_start[part], size) + within]
                                        != data[np.repeat(starts[part], size) + within])
                if len(differ):
                    same[part[np.unique(np.searchsorted(ends, differ, side="right"))]] = False
            lo = hi
        return same

    def _slow_id(self, term: bytes, h: np.uint64) -> int:
        """The number of one term whose hash matched another term's, or of a new term (exact, by bytes)."""
        found = self.collided.get(term)
        if found is not None:
            return found
        pos = int(np.searchsorted(self.keys, h))
        if pos < len(self.keys) and self.keys[pos] == h:
            j = int(self.key_ids[pos])
            if self.data[self.bounds[j]:self.bounds[j + 1]].tobytes() == term:
                return j
        new = int(self._append(np.frombuffer(term, dtype=np.uint8), np.array([len(term)], dtype=np.int64))[0])
        if pos < len(self.keys) and self.keys[pos] == h:
            self.collided[term] = new
        else:
            self._index(np.array([h], dtype=np.uint64), np.array([new], dtype=np.int64))
        return new

    def ids(self, hashes: np.ndarray, data: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The numbers of a chunk's terms (see :class:`_ChunkCounts`), adding the new ones."""
        n = len(hashes)
        hashes = np.asarray(hashes, dtype=np.uint64)
        starts = np.cumsum(lengths) - lengths
        out = np.full(n, -1, dtype=np.int64)
        slow = np.zeros(n, dtype=bool)
        known = np.zeros(n, dtype=bool)
        if len(self.keys) and n:
            # searching sorted hashes walks the index in order (random ones miss the cache at every step)
            order = np.argsort(hashes)
            pos = np.empty(n, dtype=np.intp)
            pos[order] = np.searchsorted(self.keys, hashes[order])
            del order
            np.minimum(pos, len(self.keys) - 1, out=pos)
            hit = np.flatnonzero(self.keys[pos] == hashes)
            known[hit] = True
            cand = self.key_ids[pos[hit]]
            same = self._same(cand, data, starts[hit], lengths[hit])
            out[hit[same]] = cand[same]
            slow[hit[~same]] = True
        new = np.flatnonzero(~known)
        if len(new):
            # the first of the new terms with each hash is indexed by it; the others are collisions
            _, first = np.unique(hashes[new], return_index=True)
            take = np.zeros(n, dtype=bool)
            take[new[first]] = True
            slow[new] = ~take[new]
            taken = np.flatnonzero(take)
            out[taken] = self._append(data[np.repeat(take, lengths)], lengths[taken])
            self._index(hashes[taken], out[taken])
        for i in np.flatnonzero(slow).tolist():
            out[i] = self._slow_id(data[starts[i]:starts[i] + lengths[i]].tobytes(), hashes[i])
        return out

    def drop_index(self) -> None:
        """Free the hash index (terms can still be decoded, no longer looked up)."""
        self.keys = np.empty(0, dtype=np.uint64)
        self.key_ids = np.empty(0, dtype=np.int64)
        self.collided = {}

    def decode(self, ids: np.ndarray, block: int = 1 << 16) -> np.ndarray:
        """The terms numbered ``ids``, as an object array of ``str``."""
        buf = memoryview(self.data)
        out = np.empty(len(ids), dtype=object)
        for lo in range(0, len(ids), block):
            part = ids[lo:lo + block]
            out[lo:lo + len(part)] = [str(buf[s:e], "utf-8", "surrogatepass")
                                      for s, e in zip(self.bounds[part].tolist(), self.bounds[part + 1].tolist())]
        return out


class _CountAccumulator:
    """Adds sparse group x term counts of many chunks, aligning groups and terms by name.

    Terms are numbered by a :class:`_TermStore`; the counts of the chunks are
    kept as COO triplets and folded into a running CSR total every
    ``fold_every`` entries. The strings are made only at the end, for the
    terms that reach ``min_count``.
    """

    def __init__(self, fold_every: int = 1_000_000) -> None:
        self.terms = _TermStore()
        self.groups: dict[Any, int] = {}
        self.n_docs: Counter[Any] = Counter()
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.pending = 0
        self.total: Any = None
        self.fold_every = fold_every

    def add(self, chunk: _ChunkCounts) -> None:
        g_ids = np.array([self.groups.setdefault(g, len(self.groups)) for g in chunk.groups], dtype=np.int32)
        t_ids = self.terms.ids(chunk.hashes, chunk.data, chunk.lengths)
        for g, n in zip(chunk.groups, chunk.n_docs.tolist()):
            self.n_docs[g] += int(n)
        self.rows.append(g_ids[chunk.rows])
        self.cols.append(t_ids[chunk.cols])
        self.vals.append(chunk.vals)
        self.pending += len(chunk.vals)
        # pending triplets cost 20 bytes per entry: fold them into the running sum often
        if self.pending > self.fold_every:
            self._consolidate()

    def _consolidate(self) -> None:
        import scipy.sparse as sp

        shape = (len(self.groups), len(self.terms))
        if self.rows:
            vals = np.concatenate(self.vals)
            self.vals = []
            rows = np.concatenate(self.rows)
            self.rows = []
            cols = np.concatenate(self.cols)
            self.cols = []
            add = sp.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.int64)
            del vals, rows, cols
        else:
            add = sp.csr_matrix(shape, dtype=np.int64)
        self.pending = 0
        if self.total is None:
            self.total = add
        else:
            total, self.total = self.total, None
            total.resize(shape)
            self.total = (total + add).tocsr()

    def result(self, min_count: int) -> Any:
        from framing.compare.terms import GroupCounts

        self._consolidate()
        total, self.total = self.total, None
        n_before = total.shape[1]
        if min_count > 1 and n_before:
            keep = np.flatnonzero(np.asarray(total.sum(axis=0)).ravel() >= min_count)
            log.info("min_count=%d removed %d of %d terms", min_count, n_before - len(keep), n_before)
        else:
            keep = np.arange(n_before, dtype=np.int64)
        # only the kept terms become strings; sorting them orders the columns
        self.terms.drop_index()
        terms = self.terms.decode(keep)
        self.terms = _TermStore()
        order = np.argsort(terms, kind="stable") if len(terms) else np.array([], dtype=np.intp)
        terms = terms[order]
        keep = keep[order]
        del order
        counts = total[:, keep]
        del total, keep
        groups = list(self.groups)
        g_order = sorted(range(len(groups)), key=lambda i: str(groups[i]))
        if g_order != list(range(len(groups))):
            counts = counts[g_order]
        counts = counts.tocsr()
        counts.sort_indices()
        group_labels = np.array([groups[i] for i in g_order], dtype=object)
        n_docs = np.array([self.n_docs[g] for g in group_labels], dtype=np.int64)
        return GroupCounts(counts, group_labels, terms, n_docs, int(n_before), int(min_count), True)


def stream_counts(
    source: Any,
    *,
    by: str = "outlet",
    fields: Sequence[str] = ("title", "text"),
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    lowercase: bool = True,
    stop_words: Any = None,
    chunk_size: int = 10_000,
    n_jobs: int = 1,
    progress: Callable[[StreamProgress], None] | None = None,
    **read_options: Any,
) -> Any:
    """Term counts per group over a corpus read chunk by chunk, merged exactly.

    Each chunk is counted by :func:`framing.compare.terms.group_term_counts`
    (``min_count=1``), the sparse counts are added with groups and terms
    aligned by name, and ``min_count`` is applied to the corpus-wide totals at
    the end, so the result equals counting the whole corpus in memory; pass it
    to :func:`framing.compare.terms.fighting_words` as ``counts=``.

    Parameters
    ----------
    source
        As for :func:`framing.read_corpus`.
    by : str, default "outlet"
        Grouping column; articles without a value are left out (logged).
        Group labels are its values as strings.
    fields : sequence of str, default ("title", "text")
        Text columns joined with a newline, as :func:`framing.compare.compare_corpus` does.
    ngram_range, min_count, lowercase, stop_words
        As in :func:`~framing.compare.terms.group_term_counts`.
    chunk_size, n_jobs, progress, **read_options
        As in :func:`stream_extract`.

    Returns
    -------
    framing.compare.terms.GroupCounts
        With ``n_terms_before_filter_exact=True``: the vocabulary before
        ``min_count`` is known exactly here.

    Notes
    -----
    Memory grows with the number of distinct n-grams of the whole corpus,
    not with the number of articles: while counting, each n-gram costs its
    UTF-8 bytes plus about 32 bytes (its 64-bit hash, number and offset; no
    Python object per n-gram) and 12 bytes per group it occurs in (the
    sparse counts). Python strings are made only at the end, for the n-grams
    that reach ``min_count``. Workers send each chunk's n-grams the same
    compact way. Terms are matched by hash *and* compared byte by byte, so
    the counts are exact even when two n-grams share a hash.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"text": ["rebels took", "rebels rebels", "forces took"],
    ...                        "outlet": ["a", "a", "b"]})
    >>> gc = stream_counts(corpus, fields=("text",), chunk_size=1, clean=False)
    >>> gc.terms.tolist(), gc.counts.toarray().tolist()
    (['forces', 'rebels', 'took'], [[0, 3, 1], [1, 0, 1]])
    """
    start = time.perf_counter()
    _check_size(chunk_size)
    jobs = _n_jobs(n_jobs)
    if not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, got {min_count!r}")
    ngram_range = tuple(ngram_range)
    if len(ngram_range) != 2 or not 1 <= ngram_range[0] <= ngram_range[1]:
        raise ValueError(f"ngram_range must be (min_n, max_n) with 1 <= min_n <= max_n, got {ngram_range!r}")
    fields = (fields,) if isinstance(fields, str) else tuple(fields)
    opts = _options(read_options)
    acc = _CountAccumulator()
    stats = {"missing": 0, "n_input": 0, "parts": 0}
    state = {"options": opts, "by": by, "fields": fields, "ngram_range": ngram_range, "lowercase": lowercase,
             "stop_words": stop_words}

    def collect(res: tuple[Any, int, int]) -> None:
        counts, missing, n_input = res
        if counts is not None:
            acc.add(counts)
            del counts, res
            _release_memory()
        stats["missing"] += missing
        stats["n_input"] += n_input
        stats["parts"] += 1
        if progress is not None:
            progress(StreamProgress(stats["parts"], stats["n_input"], sum(acc.n_docs.values()), 0, 0,
                                    time.perf_counter() - start))

    _run_chunks(_raw_chunks(source, opts, chunk_size), "count", state, jobs, collect)
    if stats["missing"]:
        log.warning("%d article(s) without a %r value left out of the counts", stats["missing"], by)
    if not acc.groups:
        raise ValueError(f"no article with a {by!r} value to count")
    return acc.result(int(min_count))


# =========================================================================== label choice from mention counts


@dataclass
class MentionCounts:
    """Per-article label counts gathered part by part from a :func:`stream_extract` folder.

    Attributes
    ----------
    counts : pandas.DataFrame
        ``doc_id, concept, label, n``: one row per article x concept x label mentioned.
    groups : pandas.DataFrame
        ``doc_id`` and the grouping column (and ``strata`` when asked), one row per article.
    by : str
        The grouping column.
    """

    counts: pd.DataFrame
    groups: pd.DataFrame
    by: str

    def mentions(self) -> pd.DataFrame:
        """A minimal mentions table (``doc_id, concept, label``; one row per mention)."""
        reps = self.counts["n"].to_numpy()
        return pd.DataFrame({c: np.repeat(self.counts[c].to_numpy(dtype=object), reps)
                             for c in ("doc_id", "concept", "label")})

    def label_choice(self, **kwargs: Any) -> Any:
        """Run :func:`framing.compare.labels.label_choice` (keyword arguments passed on)."""
        from framing.compare.labels import label_choice

        return label_choice(self.mentions(), self.groups, by=self.by, **kwargs)


def mention_counts(out_dir: str | os.PathLike[str], *, by: str = "outlet", extractor: str | None = "wording",
                   lexicon: str | None = None, concept_col: str = "concept", label_col: str = "label",
                   strata: str | None = None) -> MentionCounts:
    """Count mentions per article x concept x label, part by part, for label choice.

    Parameters
    ----------
    out_dir : path
        A :func:`stream_extract` output folder with mentions parts, whose
        features parts carry ``by`` (and ``strata``) through ``meta_columns``.
    by : str, default "outlet"
        Grouping column (a meta column of the features parts).
    extractor : str or None, default "wording"
        Keep only the mentions of this extractor prefix.
    lexicon : str, optional
        Keep only this lexicon's mentions. Without it, when the mentions have a
        ``lexicon`` column, concepts are named ``lexicon:concept`` (as
        :func:`framing.compare.compare_corpus` does).
    concept_col, label_col : str
        Mention columns holding the concept and the label.
    strata : str, optional
        Another meta column to keep (e.g. ``event_id``) for stratified tests.

    Returns
    -------
    MentionCounts
        ``.label_choice(...)`` gives the same result as
        :func:`~framing.compare.labels.label_choice` on the full mentions table.
    """
    import pyarrow.parquet as pq

    counts, groups = [], []
    wanted = ["doc_id", by] + ([strata] if strata else [])
    first = next(iter(sorted((Path(out_dir) / "features").glob("part-*.parquet"))), None)
    if first is not None:
        missing = [c for c in wanted if c not in pq.read_schema(first).names]
        if missing:
            raise ValueError(f"features parts of {out_dir} lack {missing}; rerun stream_extract with "
                             f"meta_columns={tuple(wanted[1:])!r}")
    for part in iter_parts(out_dir, "features", columns=wanted):
        groups.append(part)
    for part in iter_parts(out_dir, "mentions"):
        if not len(part):
            continue
        for col in ("doc_id", concept_col, label_col):
            if col not in part.columns:
                raise ValueError(f"mentions parts of {out_dir} have no column {col!r}; found {list(part.columns)}")
        m = part
        if extractor is not None and "extractor" in m.columns:
            m = m[m["extractor"] == extractor]
        if lexicon is not None:
            m = m[m["lexicon"] == lexicon]
        if not len(m):
            continue
        concept = m[concept_col].astype(str)
        if lexicon is None and "lexicon" in m.columns:
            concept = m["lexicon"].astype(str) + ":" + concept
        m = pd.DataFrame({"doc_id": m["doc_id"].astype(str).to_numpy(), "concept": concept.to_numpy(),
                          "label": m[label_col].astype(str).to_numpy()})
        counts.append(m.groupby(["doc_id", "concept", "label"], sort=False).size().rename("n").reset_index())
    table = (pd.concat(counts, ignore_index=True) if counts
             else pd.DataFrame({"doc_id": [], "concept": [], "label": [], "n": []}))
    table["n"] = table["n"].astype(np.int64)
    group_table = pd.concat(groups, ignore_index=True) if groups else pd.DataFrame(columns=wanted)
    group_table["doc_id"] = group_table["doc_id"].astype(str)
    return MentionCounts(table, group_table, by)


_TASKS: dict[str, Callable[[_RawChunk, dict[str, Any]], Any]] = {"extract": _extract_task, "count": _count_task}
