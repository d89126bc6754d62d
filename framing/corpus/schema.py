"""The canonical corpus table: column names, their meaning and their dtypes.

Every reader in :mod:`framing.corpus` returns a :class:`pandas.DataFrame` with
these columns first (in this order), followed by any extra columns of the
source, which pass through untouched.
"""

from __future__ import annotations

import pandas as pd

#: Canonical columns of a corpus table, in order, with their meaning.
CORPUS_COLUMNS: dict[str, str] = {
    "doc_id": "unique identifier of the article (string)",
    "outlet": "the outlet that published the article (string or null)",
    "title": "headline (string, may be empty)",
    "text": "clean body text: boilerplate, captions, credits and dateline removed, "
    "Unicode quotes/dashes/spaces normalized",
    "date": "publication date (datetime64, NaT when unknown)",
    "url": "address of the article (string or null)",
    "event_id": "story/event grouping key (string or null)",
    "origin": "wire agency that wrote the text (Reuters, AP, AFP, ...) or null",
    "dateline": "place of the dateline (e.g. MOSCOW) or null",
    "byline": "author line (string or null)",
    "credits": "reporting/editing credits (string or null)",
    "section": "site section (e.g. World) or null",
    "captions": "photo captions with their credits, one per line (string, may be empty)",
    "boilerplate": "everything removed from the page as boilerplate, one block per line",
    "raw_text": "the input exactly as read, so nothing is lost",
    "source_path": "file the article was read from (or null)",
    "language": "ISO 639-1 language code (default 'en')",
}

CORPUS_COLUMN_NAMES: list[str] = list(CORPUS_COLUMNS)

#: Columns of every rejects table: what was not turned into a corpus row, and why.
REJECT_COLUMNS: list[str] = ["source_path", "line", "doc_id", "reason", "raw"]

#: Text columns that extractors may read.
TEXT_FIELDS: tuple[str, ...] = ("title", "captions", "text")

_STRING_COLUMNS = [c for c in CORPUS_COLUMN_NAMES if c != "date"]


def empty_corpus() -> pd.DataFrame:
    """Return an empty corpus table with the canonical columns and dtypes.

    Examples
    --------
    >>> empty_corpus().columns[:3].tolist()
    ['doc_id', 'outlet', 'title']
    """
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in _STRING_COLUMNS})
    frame["date"] = pd.Series([], dtype="datetime64[ns]")
    return frame[CORPUS_COLUMN_NAMES]


def empty_rejects() -> pd.DataFrame:
    """Return an empty rejects table.

    Examples
    --------
    >>> empty_rejects().columns.tolist()
    ['source_path', 'line', 'doc_id', 'reason', 'raw']
    """
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in REJECT_COLUMNS})


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a column of dates of mixed formats; unreadable ones become NaT.

    Dates outside the range of ``datetime64[ns]`` (years before 1677 or after
    2262, such as ``"-1"`` or ``"0200-01-01"``) become NaT too.

    Offsets that differ between rows (``+02:00`` and ``Z``) are converted to UTC,
    as are all dates when any carries an offset; the result is naive datetime64.

    Examples
    --------
    >>> parse_dates(pd.Series(["2025-03-20", "2025-03-20T10:00:00+02:00", "Z", None])).dt.strftime("%Y-%m-%d %H").tolist()
    ['2025-03-20 00', '2025-03-20 08', nan, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(values) and getattr(values.dt, "tz", None) is None:
        return _to_ns(values)
    values = values.astype(object).where(values.notna(), None)
    try:
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    except (ValueError, TypeError):
        parsed = pd.to_datetime(values, errors="coerce", format="mixed", utc=True)
    if not pd.api.types.is_datetime64_any_dtype(parsed):
        parsed = pd.to_datetime(parsed, errors="coerce", utc=True)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(None)
    return _to_ns(parsed)


def _to_ns(parsed: pd.Series) -> pd.Series:
    """Cast to datetime64[ns]; dates outside its range (before 1677, after 2262, "-1") become NaT."""
    if parsed.dtype != "datetime64[ns]":
        inside = parsed.isna() | ((parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max))
        if not inside.all():
            parsed = parsed.where(inside)
    return parsed.astype("datetime64[ns]")


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Order and type a table as a corpus table: canonical columns first, extras after.

    Missing canonical columns are added (null, or ``''`` for ``title``,
    ``captions`` and ``boilerplate``); ``date`` becomes ``datetime64`` (unparseable
    values become NaT); ``doc_id`` becomes a string.

    Examples
    --------
    >>> t = conform(pd.DataFrame({"text": ["Hi."], "doc_id": [1], "stance": ["x"]}))
    >>> t.columns[-1], t.loc[0, "doc_id"], t.loc[0, "title"]
    ('stance', '1', '')
    """
    frame = frame.copy()
    for col in CORPUS_COLUMN_NAMES:
        if col not in frame.columns:
            frame[col] = "" if col in ("title", "captions", "boilerplate", "text") else None
    frame["doc_id"] = frame["doc_id"].map(lambda v: None if v is None else str(v)).astype(object)
    for col in ("title", "captions", "boilerplate", "text"):
        frame[col] = frame[col].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v)).astype(object)
    if "language" in frame:
        frame["language"] = frame["language"].where(frame["language"].notna(), "en")
    frame["date"] = parse_dates(frame["date"])
    extras = [c for c in frame.columns if c not in CORPUS_COLUMNS]
    return frame[CORPUS_COLUMN_NAMES + extras].reset_index(drop=True)
