"""The evidence behind the numbers: keyword-in-context views of a mentions table."""

from __future__ import annotations

import pandas as pd

__all__ = ["kwic"]


def kwic(corpus: pd.DataFrame, mentions: pd.DataFrame, *, width: int = 40, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Keyword in context: each mention with the words left and right of it.

    Parameters
    ----------
    corpus : DataFrame
        The corpus table the mentions were extracted from (``doc_id`` and the fields).
    mentions : DataFrame
        Any extractor's mentions table (``doc_id, field, start, end, matched``).
    width : int, default 40
        Characters of context on each side (line breaks shown as spaces).
    columns : tuple of str
        Extra mention columns to keep (e.g. ``("concept", "label")``).

    Returns
    -------
    DataFrame
        ``doc_id, field, left, matched, right`` plus ``columns``, in mention order.

    Raises
    ------
    ValueError
        When a mention's offsets do not reproduce its text (the mentions do not
        belong to this corpus table).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["The fall of Assad to rebels."]})
    >>> m = pd.DataFrame({"doc_id": ["d"], "field": ["text"], "start": [21], "end": [27], "matched": ["rebels"]})
    >>> kwic(corpus, m, width=10).iloc[0][["left", "matched", "right"]].tolist()
    [' Assad to ', 'rebels', '.']
    """
    docs = corpus.assign(doc_id=corpus["doc_id"].astype(str)).drop_duplicates("doc_id").set_index("doc_id")
    rows = []
    for m in mentions.itertuples(index=False):
        doc_id, field = str(m.doc_id), m.field
        text = docs.at[doc_id, field] if doc_id in docs.index and field in docs.columns else None
        if not isinstance(text, str) or text[m.start:m.end] != m.matched:
            raise ValueError(
                f"mention {m.matched!r} at {field}[{m.start}:{m.end}] of document {doc_id!r} does not match the "
                "corpus table: pass the same table the extractor read"
            )
        left = text[max(0, m.start - width):m.start].replace("\n", " ")
        right = text[m.end:m.end + width].replace("\n", " ")
        row = {"doc_id": doc_id, "field": field, "left": left, "matched": m.matched, "right": right}
        row.update({c: getattr(m, c) for c in columns})
        rows.append(row)
    return pd.DataFrame(rows, columns=["doc_id", "field", "left", "matched", "right", *columns])
