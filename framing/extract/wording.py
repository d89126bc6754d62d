"""Wording choice: which label of a concept each article uses, from concept lexicons.

A concept lexicon (:mod:`framing.lexicons`) lists, for each concept (for
example the armed groups that toppled Assad), the labels a writer can choose
between ("rebels", "insurgents", "terrorists", ...), each with its variants and
tags (``stance=delegitimizing``). :class:`WordingFeatures` counts, per article,
how often each label is used, how large its share of the concept's mentions is,
and the same for each tag value, and returns the evidence: one mentions row per
hit with its offsets. Comparing label shares across outlets that cover the same
events is the word-choice-and-labeling analysis of framing research [1]_ [2]_.

The work is done by pure functions, :func:`find_mentions`,
:func:`count_mentions`, :func:`count_labels` (the counting fast path over many
texts at once) and :func:`build_matcher`; the class only wires them to the
extractor contract of :mod:`framing.extract.base`.

Matching rules
--------------
All chosen lexicons share **one** :class:`~framing.text.match.PhraseMatcher`
(word boundaries, case folding, case-sensitive variants). Overlaps are resolved
**within each lexicon**: the longest phrase wins, then the leftmost, so a lexicon
counts "interim President" once and not also "President"; two lexicons that
contain the same or overlapping phrases each get their own hit ("claimed" is
both a loaded report verb and a strong assertive). For a variant with
``followed_by`` the whole phrase competes (so "President Bashar al-Assad" beats
"Syrian President") but the mention covers only the variant ("President").

References
----------
.. [1] Entman, R. M. (1993). Framing: Toward clarification of a fractured
   paradigm. *Journal of Communication*, 43(4), 51-58.
.. [2] Hamborg, F., Zhukova, A., & Gipp, B. (2019). Automated identification of
   media bias by word choice and labeling in news articles. In *Proceedings of
   the ACM/IEEE Joint Conference on Digital Libraries (JCDL 2019)*.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from sklearn.utils.validation import check_is_fitted

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, as_documents, sentence_id_at
from framing.lexicons.schema import Lexicon, Sense, load_lexicon
from framing.text.match import BATCH_CHARS, PhraseMatcher, same_case

__all__ = [
    "NORMALIZE",
    "LabelTable",
    "Mention",
    "WordingFeatures",
    "build_matcher",
    "count_label_hits",
    "count_labels",
    "count_mentions",
    "find_mentions",
    "key_senses",
    "label_table",
    "load_lexicons",
]

log = logging.getLogger(__name__)

#: ``normalize`` option -> column suffix.
NORMALIZE: dict[str, str] = {"count": "count", "per_1k_words": "per_1k", "share": "share"}


class Mention(NamedTuple):
    """One hit of a lexicon label: ``text[start:end] == matched``."""

    start: int
    end: int
    matched: str
    lexicon: str
    concept: str
    label: str


def load_lexicons(lexicons: "str | Path | Lexicon | Iterable[str | Path | Lexicon]") -> list[Lexicon]:
    """Load lexicons given by name, path or object; a single one may be given bare.

    Raises
    ------
    ValueError
        When the list is empty or two lexicons share a name (or a column slug).

    Examples
    --------
    >>> [lex.name for lex in load_lexicons("hedges")]
    ['hedges']
    """
    if isinstance(lexicons, (str, Path, Lexicon)):
        lexicons = [lexicons]
    try:
        items = list(lexicons)
    except TypeError:
        raise TypeError(f"lexicons must be names, paths or Lexicon objects, found {type(lexicons).__name__}") from None
    if not items:
        raise ValueError("lexicons is empty: give at least one lexicon name, e.g. lexicons=('syria-transition',)")
    loaded = [load_lexicon(item) for item in items]
    slugs: dict[str, str] = {}
    for lex in loaded:
        if lex.slug in slugs:
            raise ValueError(f"two lexicons are named {lex.name!r}/{slugs[lex.slug]!r} (same column name {lex.slug!r}); "
                             "give each lexicon once, or rename one")
        slugs[lex.slug] = lex.name
    return loaded


def build_matcher(lexicons: Sequence[Lexicon]) -> PhraseMatcher:
    """One :class:`~framing.text.match.PhraseMatcher` holding every variant of ``lexicons``.

    Payloads are :class:`~framing.lexicons.Sense` tuples; use :func:`find_mentions`.
    """
    matcher = PhraseMatcher()
    for lex in lexicons:
        lex.add_to(matcher)
    return matcher


def find_mentions(text: str, matcher: PhraseMatcher) -> list[Mention]:
    """All lexicon mentions in ``text``: longest match wins within each lexicon.

    Parameters
    ----------
    text : str
        Text to search; offsets refer to it as given.
    matcher : PhraseMatcher
        Built by :func:`build_matcher` or :meth:`Lexicon.matcher` (payloads that
        are not :class:`~framing.lexicons.Sense` are ignored).

    Returns
    -------
    list of Mention
        Sorted by start offset (then lexicon name).

    Examples
    --------
    >>> from framing.lexicons import load_lexicon
    >>> m = build_matcher([load_lexicon("syria-transition")])
    >>> [(x.matched, x.concept, x.label) for x in find_mentions(
    ...     "Syria's interim President Ahmed al-Sharaa met rebels.", m)]
    [('interim President', 'sharaa_titles', 'interim_president'), ('rebels', 'anti_assad_forces', 'rebels')]
    """
    if not text:
        return []
    by_lexicon: dict[str, list[tuple[int, int, Sense]]] = {}
    for hit in matcher.candidates(text):
        for p in hit.payloads:
            if isinstance(p, Sense):
                by_lexicon.setdefault(p.lexicon, []).append((hit.start, hit.end, p))
    out: list[Mention] = []
    for items in by_lexicon.values():
        out.extend(_resolve(text, items))
    if len(by_lexicon) > 1:
        out.sort(key=lambda m: (m.start, m.lexicon))
    return out


def _resolve(text: str, items: list[tuple[int, int, Sense]]) -> list[Mention]:
    """Longest (then leftmost) non-overlapping candidates of one lexicon, in text order."""
    if len(items) > 1:
        items.sort(key=lambda c: (c[0], c[0] - c[1]))
    overlap = any(items[i][0] < items[i - 1][1] for i in range(1, len(items)))
    if overlap:
        chosen: list[tuple[int, int, Sense]] = []
        taken = bytearray(len(text))
        for c in sorted(items, key=lambda c: (c[0] - c[1], c[0])):
            if taken.find(1, c[0], c[1]) == -1:
                taken[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
                chosen.append(c)
        items = sorted(chosen, key=lambda c: c[0])
    out = []
    for start, end, sense in items:
        if sense.span >= 0:
            end = start + sense.span
        out.append(Mention(start, end, text[start:end], sense.lexicon, sense.concept, sense.label))
    return out


def count_mentions(text: str, matcher: PhraseMatcher) -> Counter[tuple[str, str, str]]:
    """Number of mentions per ``(lexicon, concept, label)`` in ``text``.

    Examples
    --------
    >>> from framing.lexicons import load_lexicon
    >>> m = load_lexicon("report-verbs").matcher()
    >>> count_mentions("He said no. She claimed yes, and said so.", m)
    Counter({('report-verbs', 'report_verb', 'say'): 2, ('report-verbs', 'report_verb', 'claim'): 1})
    """
    return Counter((m.lexicon, m.concept, m.label) for m in find_mentions(text, matcher))


Senses = dict[str, tuple["tuple[int, ...] | None", tuple[tuple[str, int, "str | None"], ...]]]


def key_senses(matcher: PhraseMatcher, label_index: dict[tuple[str, str, str], int]) -> Senses:
    """For each folded key of ``matcher``: the label columns of its senses.

    Returns
    -------
    dict
        key -> ``(columns, senses)``: ``senses`` is a tuple of ``(lexicon, label
        column, case-sensitive phrase or None)`` in the matcher's order;
        ``columns`` is the tuple of their label columns when none is case
        sensitive, else None. Senses whose label is not in ``label_index`` and
        payloads that are not :class:`~framing.lexicons.Sense` are left out.
    """
    out: Senses = {}
    for key, entries in matcher.entries.items():
        senses = tuple(
            (p.lexicon, label_index[(p.lexicon, p.concept, p.label)], phrase if cs else None)
            for phrase, p, cs in entries
            if isinstance(p, Sense) and (p.lexicon, p.concept, p.label) in label_index
        )
        if senses:
            plain = None if any(cs is not None for _, _, cs in senses) else tuple(col for _, col, _ in senses)
            out[key] = (plain, senses)
    return out


def _columns(text: str, start: int, end: int, plain: tuple[int, ...] | None,
             senses: tuple[tuple[str, int, str | None], ...]) -> tuple[int, ...] | list[int]:
    if plain is not None:
        return plain
    surface = text[start:end]
    return [col for _, col, cs in senses if cs is None or same_case(surface, cs)]


def count_label_hits(text: str, matcher: PhraseMatcher, senses: Senses) -> tuple[list[int], int]:
    """Label columns of the mentions :func:`find_mentions` would return, and ``len(text.split())``.

    The counting fast path: the same rules (boundaries, case, longest match
    within each lexicon) without building hits or mentions. Hits that overlap
    no other hit are counted directly; each group of overlapping hits is
    resolved per lexicon as in :func:`find_mentions` (groups share no
    character, so they are independent).

    Parameters
    ----------
    text : str
    matcher : PhraseMatcher
    senses : dict
        From :func:`key_senses` for ``matcher``.

    Returns
    -------
    labels : list of int
        One label column per mention (in no particular order).
    n_words : int

    Examples
    --------
    >>> from framing.lexicons import load_lexicon
    >>> m = load_lexicon("report-verbs").matcher()
    >>> index = {("report-verbs", "report_verb", "say"): 0, ("report-verbs", "report_verb", "claim"): 1}
    >>> count_label_hits("He said no. She claimed yes, and said so.", m, key_senses(m, index))
    ([0, 1, 0], 9)
    """
    spans, n_words = matcher.scan(text, sort=False)
    if not spans:
        return [], n_words
    if len(senses) != len(matcher):
        spans = [sp for sp in spans if sp[2] in senses]
    spans.sort()
    joins: list[int] = []  # i such that spans[i] overlaps an earlier hit (joins its group)
    max_end = -1
    for i, sp in enumerate(spans):
        if sp[0] < max_end:
            joins.append(i)
        if sp[1] > max_end:
            max_end = sp[1]
    if joins:
        join_set = set(joins)
        grouped = join_set.union(i - 1 for i in joins)
        singles = [sp for i, sp in enumerate(spans) if i not in grouped]
    else:
        singles = spans
    labels = [c for s, e, k in singles for c in (senses[k][0] or _columns(text, s, e, *senses[k]))]
    if joins:
        group: list[tuple[int, int, str]] = []
        for i in sorted(grouped):
            if i not in join_set and group:
                labels.extend(_resolve_counts(text, group, senses))
                group = []
            group.append(spans[i])
        labels.extend(_resolve_counts(text, group, senses))
    return labels, n_words


def _resolve_counts(text: str, group: list[tuple[int, int, str]], senses: Senses) -> list[int]:
    """Label columns kept in one group of overlapping hits: longest, then leftmost, per lexicon."""
    by_lexicon: dict[str, list[tuple[int, int, int]]] = {}
    for start, end, key in group:
        plain, full = senses[key]
        surface = text[start:end]
        for lex, col, cs in full:
            if cs is None or same_case(surface, cs):
                by_lexicon.setdefault(lex, []).append((start, end, col))
    labels: list[int] = []
    first = group[0][0]
    for items in by_lexicon.values():
        taken = bytearray(max(c[1] for c in items) - first)
        for c in sorted(items, key=lambda c: (c[0] - c[1], c[0])):
            if taken.find(1, c[0] - first, c[1] - first) == -1:
                taken[c[0] - first : c[1] - first] = b"\x01" * (c[1] - c[0])
                labels.append(c[2])
    return labels


class LabelTable(NamedTuple):
    """The senses of every key of a matcher as flat arrays (see :func:`label_table`).

    The senses of key ``k`` (its index in :attr:`PhraseMatcher.keys`) are rows
    ``first[k]`` to ``first[k + 1]``, in the matcher's order.
    """

    first: np.ndarray  # key -> first row; one more entry than keys
    lexicon: np.ndarray  # row -> lexicon number (overlaps compete within one lexicon only)
    column: np.ndarray  # row -> label column
    phrase: tuple  # row -> the case-sensitive phrase, or None
    checked: np.ndarray  # row -> whether the case must be checked
    n_keys: int


def label_table(matcher: PhraseMatcher, senses: Senses) -> LabelTable:
    """Flatten :func:`key_senses` into arrays indexed like :attr:`PhraseMatcher.keys`.

    Examples
    --------
    >>> from framing.lexicons import load_lexicon
    >>> m = load_lexicon("report-verbs").matcher()
    >>> index = {("report-verbs", "report_verb", "say"): 0, ("report-verbs", "report_verb", "claim"): 1}
    >>> table = label_table(m, key_senses(m, index))
    >>> k = m.keys.index("claimed")
    >>> table.column[table.first[k] : table.first[k + 1]].tolist()
    [1]
    """
    keys = matcher.keys
    lexicons: dict[str, int] = {}
    first = np.zeros(len(keys) + 1, dtype=np.int64)
    lexicon: list[int] = []
    column: list[int] = []
    phrase: list[str | None] = []
    for i, key in enumerate(keys):
        item = senses.get(key)
        if item is not None:
            for lex, col, cs in item[1]:
                lexicon.append(lexicons.setdefault(lex, len(lexicons)))
                column.append(col)
                phrase.append(cs)
        first[i + 1] = len(column)
    return LabelTable(first, np.asarray(lexicon, dtype=np.int64), np.asarray(column, dtype=np.int64),
                      tuple(phrase), np.asarray([p is not None for p in phrase], dtype=bool), len(keys))


def count_labels(texts: Sequence[str], matcher: PhraseMatcher, table: LabelTable, n_labels: int, *,
                 batch_chars: int = BATCH_CHARS) -> tuple[np.ndarray, np.ndarray]:
    """Label counts of many texts at once: the counts of :func:`count_label_hits`, as a matrix.

    One :meth:`PhraseMatcher.scan_many` pass over all texts; every hit becomes
    one row per sense (:class:`LabelTable`), case-sensitive senses are checked
    on the text, and within each lexicon and text the rows that overlap no
    other row are counted directly. Only runs of overlapping rows of one
    lexicon are resolved one by one (longest, then leftmost), as in
    :func:`find_mentions`.

    Parameters
    ----------
    texts : sequence of str
    matcher : PhraseMatcher
    table : LabelTable
        From :func:`label_table` for ``matcher``.
    n_labels : int
        Number of label columns (every column in ``table`` is below it).
    batch_chars : int, default BATCH_CHARS
        Passed to :meth:`PhraseMatcher.scan_many`.

    Returns
    -------
    counts : ndarray of int64, shape (len(texts), n_labels)
    n_words : ndarray of int64
        ``len(text.split())`` of every text.

    Examples
    --------
    >>> from framing.lexicons import load_lexicon
    >>> m = load_lexicon("report-verbs").matcher()
    >>> index = {("report-verbs", "report_verb", "say"): 0, ("report-verbs", "report_verb", "claim"): 1}
    >>> counts, words = count_labels(["He said no. She claimed yes, and said so.", "", "said"], m,
    ...                              label_table(m, key_senses(m, index)), 2)
    >>> counts.tolist(), words.tolist()
    ([[2, 1], [0, 0], [1, 0]], [9, 0, 1])
    """
    if table.n_keys != len(matcher):
        raise ValueError(f"the label table has {table.n_keys} keys but the matcher has {len(matcher)}: "
                         "build the table with label_table() after the last phrase was added")
    n_texts = len(texts)
    spans = matcher.scan_many(texts, batch_chars=batch_chars)
    counts = np.zeros(n_texts * n_labels, dtype=np.int64)
    if len(spans.key):
        first = table.first
        per_hit = first[spans.key + 1] - first[spans.key]
        hit = np.repeat(np.arange(len(per_hit)), per_hit)
        ends = np.cumsum(per_hit)
        row = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(first[spans.key] - (ends - per_hit), per_hit)
        text_of, start, end = spans.text[hit], spans.start[hit], spans.end[hit]
        checked = table.checked[row]
        if checked.any():  # case-sensitive senses: keep those whose surface has the phrase's case
            which = np.flatnonzero(checked)
            phrase = table.phrase
            keep = np.ones(len(row), dtype=bool)
            keep[which] = [
                (surface := texts[t][s:e]) == (p := phrase[r]) or (" " in p and same_case(surface, p))
                for t, s, e, r in zip(text_of[which].tolist(), start[which].tolist(), end[which].tolist(),
                                      row[which].tolist())
            ]
            row, text_of, start, end = row[keep], text_of[keep], start[keep], end[keep]
        column = table.column[row]
        # order by (lexicon, text, start); a row overlaps an earlier one of its lexicon and text
        # when it starts before the largest end so far
        span = int(end.max()) + 1 if len(end) else 1
        segment = table.lexicon[row] * n_texts + text_of
        at = segment * span + start
        order = np.argsort(at, kind="stable")
        at = at[order]
        reach = np.maximum.accumulate((segment * span + end)[order])
        joins = np.zeros(len(order), dtype=bool)
        joins[1:] = at[1:] < reach[:-1]
        if joins.any():
            # runs of overlapping rows: a run starts at a row that does not join and takes the joining rows after it
            grouped = joins.copy()
            grouped[:-1] |= joins[1:]
            direct = order[~grouped]
            flat = [text_of[direct] * n_labels + column[direct]]
            rows, row_joins = order[grouped], joins[grouped]
            heads = np.flatnonzero(~row_joins)
            size = np.diff(np.append(heads, len(rows)))
            # a run of two keeps one row: the longer, else the first (leftmost, or the first sense of one span)
            pair = heads[size == 2]
            if len(pair):
                a, b = rows[pair], rows[pair + 1]
                won = np.where(end[b] - start[b] > end[a] - start[a], b, a)
                flat.append(text_of[won] * n_labels + column[won])
            if (size > 2).any():
                longer = np.repeat(size > 2, size)
                flat.append(_resolve_runs(rows[longer], row_joins[longer], text_of, start, end, column, n_labels))
            flat_index = np.concatenate(flat)
        else:
            flat_index = text_of * n_labels + column
        counts += np.bincount(flat_index, minlength=n_texts * n_labels)
    return counts.reshape(n_texts, n_labels), spans.n_words


def _resolve_runs(rows: np.ndarray, joins: np.ndarray, text_of: np.ndarray, start: np.ndarray, end: np.ndarray,
                  column: np.ndarray, n_labels: int) -> np.ndarray:
    """Flat (text, label) cells kept in runs of overlapping rows: longest, then leftmost, per run."""
    kept: list[int] = []
    run: list[tuple[int, int, int]] = []
    base = 0
    for join, t, s, e, c in zip(joins.tolist(), text_of[rows].tolist(), start[rows].tolist(), end[rows].tolist(),
                                column[rows].tolist()):
        if not join and run:
            kept.extend(_greedy(run, base))
            run = []
        if not run:
            base = t * n_labels
        run.append((s, e, c))
    if run:
        kept.extend(_greedy(run, base))
    return np.asarray(kept, dtype=np.int64)


def _greedy(run: list[tuple[int, int, int]], base: int) -> list[int]:
    first = run[0][0]
    taken = bytearray(max(c[1] for c in run) - first)
    out = []
    for s, e, c in sorted(run, key=lambda c: (c[0] - c[1], c[0])):
        if taken.find(1, s - first, e - first) == -1:
            taken[s - first : e - first] = b"\x01" * (e - s)
            out.append(base + c)
    return out


# ---------------------------------------------------------------------------
# feature layout


@dataclass(frozen=True)
class _Plan:
    """Where every count goes: label, concept and tag indices and the output columns."""

    names: list[str]
    label_index: dict[tuple[str, str, str], int]
    label_concept: np.ndarray  # label -> concept
    tag_of_label: np.ndarray  # (n_labels, n_tags) 0/1
    group_of_label: np.ndarray  # (n_labels, n_groups) 0/1, group = (lexicon, concept, tag key)
    tag_group: np.ndarray  # tag -> group
    # output columns: (kind, stat, index) with kind in label/concept/tag
    columns: list[tuple[str, str, int]]
    tags_text: dict[tuple[str, str, str], str]
    # (kind, stat) -> (output columns, indices): the columns filled together
    sources: tuple[tuple[str, str, np.ndarray, np.ndarray], ...] = ()


def _plan(lexicons: Sequence[Lexicon], stats: Sequence[str]) -> _Plan:
    label_index: dict[tuple[str, str, str], int] = {}
    label_concept: list[int] = []
    tag_index: dict[tuple[str, str, str, str], int] = {}
    tag_group: list[int] = []
    group_index: dict[tuple[str, str, str], int] = {}
    label_tags: list[list[int]] = []
    names: list[str] = []
    columns: list[tuple[str, str, int]] = []
    tags_text: dict[tuple[str, str, str], str] = {}
    n_concepts = 0
    for lex in lexicons:
        for concept in lex.concepts.values():
            ci = n_concepts
            n_concepts += 1
            base = f"{lex.slug}__{concept.name}"
            names.append(f"{base}__count")
            columns.append(("concept", "count", ci))
            if "per_1k" in stats:
                names.append(f"{base}__per_1k")
                columns.append(("concept", "per_1k", ci))
            for label in concept.labels.values():
                li = len(label_index)
                label_index[(lex.name, concept.name, label.name)] = li
                label_concept.append(ci)
                tags_text[(lex.name, concept.name, label.name)] = lex.tags_string(concept.name, label.name)
                for stat in stats:
                    names.append(f"{base}__{label.name}__{stat}")
                    columns.append(("label", stat, li))
                label_tags.append([])
            for key, values in lex.tag_schema.items():
                used = {lab.tags[key] for lab in concept.labels.values() if key in lab.tags}
                if not used:
                    continue
                gi = group_index.setdefault((lex.name, concept.name, key), len(group_index))
                for value in values:
                    if value not in used:
                        continue
                    ti = tag_index.setdefault((lex.name, concept.name, key, value), len(tag_index))
                    tag_group.append(gi)
                    for stat in stats:
                        names.append(f"{base}__{key}__{value}__{stat}")
                        columns.append(("tag", stat, ti))
                    for label in concept.labels.values():
                        if label.tags.get(key) == value:
                            label_tags[label_index[(lex.name, concept.name, label.name)]].append(ti)
    n_labels, n_tags, n_groups = len(label_index), len(tag_index), len(group_index)
    tag_of_label = np.zeros((n_labels, n_tags))
    for li, tis in enumerate(label_tags):
        tag_of_label[li, tis] = 1.0
    group_of_label = np.zeros((n_labels, n_groups))
    tg = np.asarray(tag_group, dtype=np.intp)
    for li, tis in enumerate(label_tags):
        if tis:
            group_of_label[li, tg[tis]] = 1.0
    return _Plan(names, label_index, np.asarray(label_concept, dtype=np.intp), tag_of_label, group_of_label,
                 tg, columns, tags_text, _sources(columns))


def _sources(columns: list[tuple[str, str, int]]) -> tuple[tuple[str, str, np.ndarray, np.ndarray], ...]:
    by_source: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for j, (kind, stat, idx) in enumerate(columns):
        js, idxs = by_source.setdefault((kind, stat), ([], []))
        js.append(j)
        idxs.append(idx)
    return tuple((kind, stat, np.asarray(js, dtype=np.intp), np.asarray(idxs, dtype=np.intp))
                 for (kind, stat), (js, idxs) in by_source.items())


def _features(plan: _Plan, label_counts: np.ndarray, n_words: np.ndarray) -> np.ndarray:
    """Feature matrix from per-document label counts (``n_docs x n_labels``) and word counts."""
    n_docs, n_labels = label_counts.shape
    sources = getattr(plan, "sources", None) or _sources(plan.columns)
    kinds = {kind for kind, *_ in sources}
    counts_of = {"label": label_counts}
    if "concept" in kinds or ("label", "share") in {(k, st) for k, st, *_ in sources}:
        n_concepts = int(plan.label_concept.max()) + 1 if n_labels else 0
        concept_of_label = np.zeros((n_labels, n_concepts))
        concept_of_label[np.arange(n_labels), plan.label_concept] = 1.0
        counts_of["concept"] = label_counts @ concept_of_label
    if "tag" in kinds:
        counts_of["tag"] = label_counts @ plan.tag_of_label
        counts_of["group"] = label_counts @ plan.group_of_label
    out = np.empty((n_docs, len(plan.columns)))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_word_all = np.where(n_words > 0, 1000.0 / np.maximum(n_words, 1), np.nan)[:, None]
        # a block of rows at a time: the columns are filled group by group, and a block stays in cache
        for lo in range(0, max(n_docs, 1), _FEATURE_ROWS):
            rows = slice(lo, lo + _FEATURE_ROWS)
            per_word = per_word_all[rows]
            for kind, stat, js, idx in sources:
                counts = counts_of[kind][rows][:, idx]
                if stat == "count":
                    values = counts
                elif stat == "per_1k":
                    values = counts * per_word
                elif kind == "label":  # share of the concept's mentions
                    values = counts / counts_of["concept"][rows][:, plan.label_concept[idx]]
                else:  # tag share of the mentions whose label has the tag key
                    values = counts / counts_of["group"][rows][:, plan.tag_group[idx]]
                out[rows, js] = values
    return out


_FEATURE_ROWS = 256


# ---------------------------------------------------------------------------
# the extractor

#: documents counted together by :meth:`WordingFeatures.transform` (bounds the memory used)
_DOC_BATCH = 512


class WordingFeatures(BaseExtractor):
    """Label counts, rates and shares per concept from concept lexicons (prefix ``wording``).

    Parameters
    ----------
    lexicons : name, path, Lexicon or a sequence of them, default ("syria-transition",)
        The lexicons to use (see :func:`framing.lexicons.list_lexicons`). A single
        name may be given bare.
    normalize : {"per_1k_words", "count", "share"} or a sequence of them, default "per_1k_words"
        Which statistic(s) the label and tag columns hold (column suffix
        ``per_1k``, ``count``, ``share``); several give one column per statistic.
    fields : sequence of str, default ("title", "captions", "text")
        Corpus columns searched.

    Notes
    -----
    Columns (``<lex>`` is the lexicon name with ``-`` replaced by ``_`` so that
    every column is a Python identifier; concept, label, tag keys and values are
    the lexicon's own identifiers), in lexicon, concept, label order:

    ``wording__<lex>__<concept>__count``
        Mentions of the concept in the article (all labels), always present: the
        denominator of the shares.
    ``wording__<lex>__<concept>__per_1k``
        The same per 1,000 words, with ``per_1k_words``.
    ``wording__<lex>__<concept>__<label>__<stat>``
        For each label: ``count`` mentions; ``per_1k`` mentions per 1,000
        white-space words of the fields read; ``share`` the label's mentions over
        the concept's mentions.
    ``wording__<lex>__<concept>__<tag>__<value>__<stat>``
        For each tag value used by the concept's labels (e.g.
        ``wording__report_verbs__report_verb__stance__loaded__share``): the same
        statistics over the labels carrying that value; ``share`` is over the
        concept's mentions whose label has that tag key. Tags are aggregated
        within a concept only, because stance is stance toward the concept's
        target (legitimizing the rebels and legitimizing Assad are opposites).

    **Undefined values are NaN, not 0**: a ``share`` when the concept (or the tag
    key) has no mention in the article, a ``per_1k`` when the article has no
    words. A zero share would claim that the writer chose the other labels.
    Filter or weight by the ``__count`` column when averaging shares.

    The mentions table (:meth:`extract`, :meth:`mentions`) has ``doc_id, field,
    sentence_id, start, end, matched, lexicon, concept, label, tags``; ``tags`` is
    ``key=value;key=value`` (empty when the label has none) and ``lexicon`` is the
    lexicon's name. Sentence ids come from :func:`framing.text.sentences.sentence_spans`
    and are computed only for fields with hits; :meth:`transform` skips them.

    See the module docstring for how overlapping phrases are resolved.

    References
    ----------
    .. [1] Entman, R. M. (1993). Framing: Toward clarification of a fractured
       paradigm. *Journal of Communication*, 43(4), 51-58.
    .. [2] Hamborg, F., Zhukova, A., & Gipp, B. (2019). Automated identification
       of media bias by word choice and labeling in news articles. JCDL 2019.

    Examples
    --------
    >>> wf = WordingFeatures(lexicons=("report-verbs",), normalize="share").fit(["x"])
    >>> features, mentions = wf.extract(["She claimed it. He said so."])
    >>> features["wording__report_verbs__report_verb__stance__loaded__share"].item()
    0.5
    >>> mentions[["matched", "label", "tags"]].values.tolist()
    [['claimed', 'claim', 'stance=loaded;implies=doubt'], ['said', 'say', 'stance=neutral;implies=nothing']]
    """

    prefix = "wording"
    mention_columns = ("lexicon", "concept", "label", "tags")

    def __init__(
        self,
        *,
        lexicons: Any = ("syria-transition",),
        normalize: str | Sequence[str] = "per_1k_words",
        fields: Sequence[str] = DEFAULT_FIELDS,
    ) -> None:
        self.lexicons = lexicons
        self.normalize = normalize
        self.fields = fields

    def _stats(self) -> tuple[str, ...]:
        norm = self.normalize
        items = [norm] if isinstance(norm, str) else list(norm) if isinstance(norm, (list, tuple)) else None
        if not items or any(n not in NORMALIZE for n in items) or len(set(items)) != len(items):
            raise ValueError(f"normalize must be one of {list(NORMALIZE)} or a sequence of distinct ones, found {norm!r}")
        return tuple(NORMALIZE[n] for n in items)

    def _fit(self, docs: list[Document]) -> None:
        stats = self._stats()
        self.lexicons_ = load_lexicons(self.lexicons)
        self.matcher_ = build_matcher(self.lexicons_)
        self.plan_ = _plan(self.lexicons_, stats)
        log.debug("wording: %d lexicons, %d phrases, %d columns", len(self.lexicons_), len(self.matcher_),
                  len(self.plan_.names))

    def _feature_names(self) -> list[str]:
        return list(self.plan_.names)

    def _label_counts(self, docs: list[Document]) -> tuple[np.ndarray, np.ndarray]:
        plan = self.plan_
        n_labels = len(plan.label_index)
        matcher = self.matcher_
        table = getattr(self, "_label_table", None)
        if table is None or getattr(self, "_senses_of", None) is not matcher or table.n_keys != len(matcher):
            self._senses = key_senses(matcher, plan.label_index)
            table = self._label_table = label_table(matcher, self._senses)
            self._senses_of = matcher
        counts = np.zeros((len(docs), n_labels))
        words = np.zeros(len(docs))
        for lo in range(0, len(docs), _DOC_BATCH):
            batch = docs[lo : lo + _DOC_BATCH]
            n_fields = len(batch[0].fields)
            texts = [text for doc in batch for text in doc.fields.values()]
            if len(texts) != n_fields * len(batch):
                raise ValueError("every document must have the same fields; build them with as_documents()")
            found, n_words = count_labels(texts, matcher, table, n_labels)
            counts[lo : lo + len(batch)] = found.reshape(len(batch), n_fields, n_labels).sum(axis=1)
            words[lo : lo + len(batch)] = n_words.reshape(len(batch), n_fields).sum(axis=1)
        return counts, words

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.sentences import sentence_spans

        plan = self.plan_
        counts = np.zeros((1, len(plan.label_index)))
        mentions: list[dict[str, Any]] = []
        for field, text in doc.fields.items():
            found = find_mentions(text, self.matcher_)
            if not found:
                continue
            spans = sentence_spans(text)
            for m in found:
                key = (m.lexicon, m.concept, m.label)
                counts[0, plan.label_index[key]] += 1
                mentions.append({
                    "field": field, "sentence_id": sentence_id_at(spans, m.start), "start": m.start, "end": m.end,
                    "matched": m.matched, "lexicon": m.lexicon, "concept": m.concept, "label": m.label,
                    "tags": plan.tags_text[key],
                })
        row = _features(plan, counts, np.array([float(doc.n_words())]))[0]
        return dict(zip(plan.names, row.tolist())), mentions

    def transform(self, X: Any) -> np.ndarray:
        """Features, one row per article: the counting fast path (:func:`count_labels`, no mentions table)."""
        check_is_fitted(self, "plan_")
        docs = as_documents(X, self._fields())
        counts, words = self._label_counts(docs)
        return _features(self.plan_, counts, words)
