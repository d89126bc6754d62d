"""One multi-phrase matcher for every extractor.

:class:`PhraseMatcher` finds many phrases in one pass over a text with an
Aho-Corasick automaton (pyahocorasick) and applies the same rules everywhere,
so the offsets in every mentions table agree:

* **word boundaries**: a hit must not start or end inside a word (the
  characters just outside it are not letters, digits or ``_``);
* **case**: matching ignores case unless the phrase was added with
  ``case_sensitive=True`` ("President" as a title, not "president");
* **white space**: a single space in a phrase matches any one white-space
  character in the text (line breaks included);
* **longest match wins** on overlap, then the leftmost; every character of the
  text belongs to at most one hit ("interim President" is one hit, not also
  "President").

Offsets are Python string offsets into the text as given, so
``text[hit.start:hit.end] == hit.matched`` always holds.

:meth:`PhraseMatcher.scan_many` applies the same rules to many texts in one
automaton pass and returns the hits as NumPy arrays (the counting fast path).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from itertools import chain
from types import MappingProxyType
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping, NamedTuple, Sequence, TypeVar

import ahocorasick
import numpy as np

__all__ = ["Hit", "PhraseMatcher", "Spans", "fold_case", "longest_first", "normalize_phrase", "same_case"]

_SPACE_RE = re.compile(r"\s+")
# any white space other than the plain space (one character each, so offsets are kept)
_OTHER_SPACE_RE = re.compile(r"[^\S ]")
# any character that is not a word character (str.isalnum() or "_": the same set as re's \w)
_NON_WORD_RE = re.compile(r"\W")

# Boundary marking. A phrase is searched in a copy of the lower-cased text in which
# every non-word character is NUL, with a NUL added before (after) a phrase that
# starts (ends) with a word character and around the text, so the automaton only
# reports hits that respect the word boundaries. ASCII texts are marked with one
# bytes.translate; other characters go through a codec error handler that writes
# one byte per character: \x01 for a word character, \x02 for other non-space,
# \x03 for white space. Keys are ASCII-only on that path, so \x01 matches no key.
_MARK_ERRORS = "framing.match.marks"
_MARK_CACHE: dict[str, str] = {}


def _mark_char(c: str) -> str:
    return "\x01" if (c.isalnum() or c == "_") else "\x03" if c.isspace() else "\x02"


def _register_marks(name: str, mark: Callable[[str], str], cache: dict[str, str]) -> None:
    """Register a codec error handler writing ``mark(c)`` for each unencodable character (runs cached)."""

    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        run = exc.object[exc.start : exc.end]
        marks = cache.get(run)
        if marks is None:
            marks = "".join(map(mark, run))
            if len(cache) < 4096:
                cache[run] = marks
        return marks, exc.end

    codecs.register_error(name, handler)


_register_marks(_MARK_ERRORS, _mark_char, _MARK_CACHE)

# The same marks for a text that was not lower-cased first (batch scanning folds
# ASCII upper case with its translation tables): each character is lower-cased
# as _lower_same_length does, and one whose lower case is ASCII (the Kelvin
# sign) is written as that character.
_FOLD_MARK_ERRORS = "framing.match.fold_marks"
_FOLD_MARK_CACHE: dict[str, str] = {}


def _fold_mark_char(c: str) -> str:
    low = c.lower()
    if len(low) != 1:
        low = c
    return low if low.isascii() else _mark_char(low)


_register_marks(_FOLD_MARK_ERRORS, _fold_mark_char, _FOLD_MARK_CACHE)
_MARK_TABLE = bytes(b if (chr(b).isalnum() or b == 95) else 1 if b == 1 else 0 for b in range(256))
_SPACE_TABLE = bytes(32 if (chr(b).isspace() or b == 3) else 97 for b in range(256))
# the folded text for checking keys with non-word characters (white space as a space)
_FOLD_TABLE = bytes(32 if (chr(b).isspace() or b == 3) else b for b in range(256))
_MARKER_CHARS = ("\x01", "\x02", "\x03")
# Batch scanning joins the marked texts with this byte between them (and around
# them): it marks as NUL (a boundary) and folds to itself, a character no key
# on that path contains, so no hit can cross from one text to the next.
_SEP = b"\x02"
# frequent non-word, non-space characters, replaced by their mark before
# encoding so that the error handler sees few characters
_FREQUENT_MARKS = ("\u2019", "\u201c", "\u201d", "\u2014", "\u2013", "\u2018", "\u2026")
#: texts of one batch are marked and searched together up to about this many characters
BATCH_CHARS = 1 << 20


def normalize_phrase(phrase: str) -> str:
    """Collapse the white space of a phrase to single spaces and strip it.

    Examples
    --------
    >>> normalize_phrase("  interim\\n President ")
    'interim President'
    """
    return _SPACE_RE.sub(" ", phrase).strip()


def fold_case(text: str) -> str:
    """Lower-case ``text`` without changing its length, and map white space to spaces.

    ``str.lower`` can lengthen a string ("İ" becomes two code points); such
    characters are kept as they are so that offsets into the folded text are
    offsets into the original.

    Examples
    --------
    >>> fold_case("Syria's\\tPresident")
    "syria's president"
    """
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _OTHER_SPACE_RE.sub(" ", folded)


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: ``text[start:end] == matched``; ``payloads`` are what the phrase was added with."""

    start: int
    end: int
    matched: str
    phrase: str
    payloads: tuple[Any, ...]


class Spans(NamedTuple):
    """Hits of :meth:`PhraseMatcher.scan_many`, one array element per hit.

    ``text`` is the index of the text in the given sequence, ``start``/``end``
    offsets into that text and ``key`` the index of the folded phrase in
    :attr:`PhraseMatcher.keys`; ``n_words`` has one white-space word count per
    text.
    """

    text: np.ndarray
    start: np.ndarray
    end: np.ndarray
    key: np.ndarray
    n_words: np.ndarray


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def _mark_key(key: str) -> str:
    body = _NON_WORD_RE.sub("\x00", key)
    return ("\x00" if _is_word_char(key[0]) else "") + body + ("\x00" if _is_word_char(key[-1]) else "")


class PhraseMatcher:
    """Find many phrases in a text at once, with word boundaries and longest-match-wins.

    Parameters
    ----------
    phrases : iterable of (phrase, payload) or (phrase, payload, case_sensitive), optional
        Phrases to add at construction (see :meth:`add`).

    Examples
    --------
    >>> m = PhraseMatcher([("rebels", "label:rebels"), ("interim President", "title", True),
    ...                    ("President", "title-bare", True)])
    >>> [(h.matched, h.payloads) for h in m.find("Syria's interim President met rebels.")]
    [('interim President', ('title',)), ('rebels', ('label:rebels',))]
    >>> [h.matched for h in m.find("the president and the rebel")]
    []
    """

    def __init__(self, phrases: Iterable[tuple] = ()) -> None:
        # folded key -> list of (original phrase, payload, case_sensitive)
        self._entries: dict[str, list[tuple[str, Any, bool]]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._ascii_keys = True
        self._keys: tuple[str, ...] | None = None
        self._batch: _BatchTables | None = None
        for item in phrases:
            self.add(*item)

    def __len__(self) -> int:
        return len(self._entries)

    def __getstate__(self) -> dict[str, Any]:
        # the batch automaton is rebuilt on first use rather than pickled
        state = dict(self.__dict__)
        state["_batch"] = None
        return state

    @property
    def entries(self) -> Mapping[str, list[tuple[str, Any, bool]]]:
        """Read-only view: folded key -> ``[(phrase, payload, case_sensitive), ...]`` in the order added.

        Examples
        --------
        >>> dict(PhraseMatcher([("Rebels", "r"), ("rebels", "s", True)]).entries)
        {'rebels': [('Rebels', 'r', False), ('rebels', 's', True)]}
        """
        return MappingProxyType(self._entries)

    def add(self, phrase: str, payload: Hashable | Any = None, case_sensitive: bool = False) -> None:
        """Add a phrase with a payload returned on every hit of it.

        Parameters
        ----------
        phrase : str
            Words to find; white space inside is collapsed.
        payload : object
            Returned in :attr:`Hit.payloads` (several payloads may share a phrase).
        case_sensitive : bool, default False
            Require the exact case of ``phrase``.
        """
        if not isinstance(phrase, str):
            raise TypeError(f"phrase must be a string, got {type(phrase).__name__}: {phrase!r}")
        norm = normalize_phrase(phrase)
        if not norm:
            raise ValueError("phrase is empty: give at least one non-space character")
        key = fold_case(norm)
        self._entries.setdefault(key, []).append((norm, payload, bool(case_sensitive)))
        self._automaton = None
        self._keys = None
        self._batch = None

    @property
    def keys(self) -> tuple[str, ...]:
        """The folded keys in the order first added; :attr:`Spans.key` indexes this tuple.

        Examples
        --------
        >>> PhraseMatcher([("Rebels", 1), ("U.S.", 2), ("rebels", 3)]).keys
        ('rebels', 'u.s.')
        """
        keys = getattr(self, "_keys", None)
        if keys is None:
            keys = self._keys = tuple(self._entries)
        return keys

    def _build(self) -> ahocorasick.Automaton:
        # marked key -> the keys sharing it ("u.s" and "u.s." both mark as NUL u NUL s NUL)
        marked: dict[str, list[str]] = {}
        for key in self._entries:
            marked.setdefault(_mark_key(key), []).append(key)
        automaton = ahocorasick.Automaton()
        for mk, keys in marked.items():
            # per key: (marked end - key start, marked end - key end, key)
            placed = tuple(
                (len(mk) - (1 if _is_word_char(k[0]) else 0), 1 if _is_word_char(k[-1]) else 0, k) for k in keys
            )
            # a key made only of word characters is fully checked by the marks
            exact = len(keys) == 1 and not _NON_WORD_RE.search(keys[0])
            automaton.add_word(mk, (placed[0][0], placed[0][1], keys[0] if exact else None, placed))
        automaton.make_automaton()
        self._ascii_keys = all(k.isascii() and not any(c in k for c in _MARKER_CHARS) for k in self._entries)
        self._automaton = automaton
        return automaton

    def scan(self, text: str, *, sort: bool = True) -> tuple[list[tuple[int, int, str]], int]:
        """Boundary-respecting hits as ``(start, end, key)`` and the white-space word count.

        ``key`` is the case-folded phrase (:func:`fold_case` of it); the case of
        case-sensitive phrases is *not* checked here (see :meth:`candidates`),
        and overlapping hits are all returned. This is the fast path under
        :meth:`candidates` and :meth:`find`.

        Parameters
        ----------
        text : str
            Text to search.
        sort : bool, default True
            Order hits by end offset, the longer first on the same end; without
            it the order is unspecified.

        Returns
        -------
        hits : list of (int, int, str)
        n_words : int
            ``len(text.split())``, counted in the same pass.

        Examples
        --------
        >>> m = PhraseMatcher([("rebel", 1), ("rebel-held", 2)])
        >>> m.scan("Rebels in rebel-held areas")
        ([(10, 15, 'rebel'), (10, 20, 'rebel-held')], 4)
        """
        if not text:
            return [], 0
        automaton = self._automaton or self._build()
        lowered = _lower_same_length(text)
        if self._ascii_keys and not any(c in text for c in _MARKER_CHARS):
            plain = lowered
            if not plain.isascii():
                # frequent marks written as the error handler would write them, before encoding
                for c in _FREQUENT_MARKS:
                    if c in plain:
                        plain = plain.replace(c, "\x02")
            raw = plain.encode("ascii", _MARK_ERRORS)
            marked = "\x00" + raw.translate(_MARK_TABLE).decode("ascii") + "\x00"
            spaces = raw.translate(_SPACE_TABLE)
            n_words = spaces.count(b" a") + (spaces[0] == 97)
            folded = None
        else:
            marked = "\x00" + _NON_WORD_RE.sub("\x00", lowered) + "\x00"
            n_words = len(text.split())
            folded = _OTHER_SPACE_RE.sub(" ", lowered)
        if not self._entries:
            return [], n_words
        found = list(automaton.iter(marked))
        out = [(e - v[0], e - v[1], v[2]) for e, v in found if v[2] is not None]
        if len(out) < len(found):  # keys with non-word characters: check them in the folded text
            if folded is None:  # ASCII keys: non-ASCII characters are marker bytes, equal to no key character
                folded = raw.translate(_FOLD_TABLE).decode("ascii")
            out.extend(
                (e - a, e - post, key)
                for e, v in found if v[2] is None
                for a, post, key in v[3] if folded[e - a : e - post] == key
            )
        if sort and len(out) > 1:
            out.sort(key=_end_then_longest)
        return out, n_words

    def _build_batch(self) -> "_BatchTables":
        # the marked keys again, with integer values: the per-hit work is then done on arrays
        key_id = {k: i for i, k in enumerate(self.keys)}
        marked: dict[str, list[str]] = {}
        for key in self.keys:
            marked.setdefault(_mark_key(key), []).append(key)
        automaton = ahocorasick.Automaton()
        head, tail, single, check, spaces, placed = [], [], [], [], [], []
        for i, (mk, keys) in enumerate(marked.items()):
            spots = tuple(
                (len(mk) - (1 if _is_word_char(k[0]) else 0), 1 if _is_word_char(k[-1]) else 0, k, key_id[k])
                for k in keys
            )
            head.append(spots[0][0])
            tail.append(spots[0][1])
            single.append(key_id[keys[0]] if len(keys) == 1 else -1)
            others = set(_NON_WORD_RE.findall(keys[0]))
            # 0: the marks check the key fully; 1: its spaces must be white space; 2: compare the folded text
            check.append(2 if len(keys) > 1 else 0 if not others else 1 if others == {" "} else 2)
            spaces.append([j for j, c in enumerate(keys[0]) if c == " "] if check[-1] == 1 else [])
            placed.append(spots)
            automaton.add_word(mk, i)
        automaton.make_automaton()
        space_at = np.full((len(spaces), max(1, max(map(len, spaces), default=1))), -1, dtype=np.int64)
        for i, offsets in enumerate(spaces):
            space_at[i, : len(offsets)] = offsets
        tables = _BatchTables(automaton, np.asarray(head, dtype=np.int64), np.asarray(tail, dtype=np.int64),
                              np.asarray(single, dtype=np.int64), np.asarray(check, dtype=np.int8), space_at, placed)
        self._batch = tables
        return tables

    def scan_many(self, texts: Sequence[str], *, batch_chars: int = BATCH_CHARS) -> Spans:
        """:meth:`scan` over many texts at once, with the hits as arrays.

        The texts are marked one by one, joined (a separator byte keeps hits
        from crossing from one text to the next) and searched in one automaton
        pass per batch of about ``batch_chars`` characters; hits are turned into
        offsets with NumPy. The hits of each text are those of :meth:`scan`
        (same rules, overlapping hits all returned, case not checked).

        Parameters
        ----------
        texts : sequence of str
            Texts to search; empty strings are allowed.
        batch_chars : int, default BATCH_CHARS
            Characters searched together; bounds the memory used.

        Returns
        -------
        Spans
            Hits in no particular order, and the word count of every text.

        Examples
        --------
        >>> m = PhraseMatcher([("rebel", 1), ("rebel-held", 2)])
        >>> spans = m.scan_many(["Rebels in rebel-held areas", "", "a rebel"])
        >>> sorted(zip(spans.text.tolist(), spans.start.tolist(), spans.end.tolist(),
        ...            [m.keys[k] for k in spans.key.tolist()]))
        [(0, 10, 15, 'rebel'), (0, 10, 20, 'rebel-held'), (2, 2, 7, 'rebel')]
        >>> spans.n_words.tolist()
        [4, 0, 2]
        """
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, found a single string: wrap it in a list")
        if batch_chars < 1:
            raise ValueError(f"batch_chars must be a positive number of characters, found {batch_chars!r}")
        n_texts = len(texts)
        n_words = np.zeros(n_texts, dtype=np.int64)
        chunks: list[tuple[np.ndarray, ...]] = []
        if not self._entries:
            for i, text in enumerate(texts):
                if text:
                    n_words[i] = len(text.split())
            empty = np.zeros(0, dtype=np.int64)
            return Spans(empty, empty, empty, empty, n_words)
        if self._automaton is None:
            self._build()
        tables = getattr(self, "_batch", None) or self._build_batch()
        fast = self._ascii_keys
        slow: list[tuple[int, int, int, int]] = []  # (text, start, end, key id) from the per-text path
        key_id: dict[str, int] | None = None
        parts: list[bytes] = []
        where: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            if not text:
                continue
            if not fast or "\x01" in text or "\x02" in text or "\x03" in text:
                hits, n_words[i] = self.scan(text, sort=False)
                if hits:
                    if key_id is None:
                        key_id = {k: j for j, k in enumerate(self.keys)}
                    slow.extend((i, s, e, key_id[k]) for s, e, k in hits)
                continue
            # upper case is folded by the translation tables, other characters by the error handler
            if not text.isascii():
                for c in _FREQUENT_MARKS:
                    if c in text:
                        text = text.replace(c, "\x02")
            raw = text.encode("ascii", _FOLD_MARK_ERRORS)
            parts.append(raw)
            where.append(i)
            size += len(raw) + 1
            if size >= batch_chars:
                chunks.append(_scan_joined(tables, parts, where, n_words))
                parts, where, size = [], [], 0
        if parts:
            chunks.append(_scan_joined(tables, parts, where, n_words))
        if slow:
            chunks.append(tuple(np.asarray(col, dtype=np.int64) for col in zip(*slow)))
        if not chunks:
            empty = np.zeros(0, dtype=np.int64)
            return Spans(empty, empty, empty, empty, n_words)
        if len(chunks) == 1:
            return Spans(*chunks[0], n_words)
        return Spans(*(np.concatenate(cols) for cols in zip(*chunks)), n_words)

    def candidates(self, text: str) -> Iterator[Hit]:
        """Yield every boundary- and case-respecting hit, overlapping ones included."""
        if not self._entries or not text:
            return
        yield from self._hits(text, self.scan(text)[0])

    def _hits(self, text: str, found: Iterable[tuple[int, int, str]]) -> Iterator[Hit]:
        """The case-respecting hits of the spans ``found`` by :meth:`scan`."""
        entries_of = self._entries
        for start, end, key in found:
            surface = text[start:end]
            entries = entries_of[key]
            payloads = tuple(
                p for phrase, p, cs in entries if not cs or _same_case(surface, phrase)
            )
            if payloads:
                yield Hit(start, end, surface, entries[0][0], payloads)

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits in text order: the longest wins, then the leftmost."""
        return longest_first(list(self.candidates(text)), len(text))

    def find_counting(self, text: str) -> tuple[list[Hit], int]:
        """``(find(text), len(text.split()))`` from one pass over the text.

        :meth:`scan` counts the white-space words while it searches, so a caller
        that needs both does not split the text again.

        Examples
        --------
        >>> m = PhraseMatcher([("air strike", 1), ("strike", 2), ("US", 3, True)])
        >>> hits, n = m.find_counting("An air strike, then a strike; us.")
        >>> [(h.matched, h.payloads) for h in hits], n
        ([('air strike', (1,)), ('strike', (2,))], 7)
        """
        hits, n_words = self.candidates_counting(text)
        return longest_first(hits, len(text)), n_words

    def candidates_counting(self, text: str) -> tuple[list[Hit], int]:
        """``(list(candidates(text)), len(text.split()))`` from one pass over the text (hits in no set order).

        Examples
        --------
        >>> m = PhraseMatcher([("air strike", 1), ("strike", 2)])
        >>> hits, n = m.candidates_counting("An air strike.")
        >>> sorted((h.matched, h.payloads) for h in hits), n
        ([('air strike', (1,)), ('strike', (2,))], 3)
        """
        if not self._entries or not text:
            return [], len(text.split())
        found, n_words = self.scan(text, sort=False)
        return list(self._hits(text, found)), n_words


class _BatchTables(NamedTuple):
    """The automaton of :meth:`PhraseMatcher.scan_many`: marked key id -> where the key sits in it."""

    automaton: ahocorasick.Automaton
    head: np.ndarray  # marked key -> (end of the marked key) - (start of the key)
    tail: np.ndarray  # marked key -> (end of the marked key) - (end of the key)
    single: np.ndarray  # marked key -> key id when one key marks so, else -1
    check: np.ndarray  # marked key -> 0 marks suffice, 1 check the spaces, 2 compare the folded text
    space_at: np.ndarray  # marked key -> offsets of the key's spaces from its start, padded with -1
    placed: list  # marked key -> ((head, tail, key, key id), ...) to compare with the folded text


# the batch tables also fold ASCII upper case, so ASCII texts need no str.lower
_BATCH_MARK_TABLE = bytes(_MARK_TABLE[ord(chr(b).lower())] if b < 128 else _MARK_TABLE[b] for b in range(256))
_BATCH_FOLD_TABLE = bytes(_FOLD_TABLE[ord(chr(b).lower())] if b < 128 else _FOLD_TABLE[b] for b in range(256))


def _scan_joined(tables: _BatchTables, parts: list[bytes], where: list[int],
                 n_words: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Search marked texts joined by the separator; fill their word counts; hits as arrays."""
    raw = _SEP + _SEP.join(parts) + _SEP
    lengths = [len(p) for p in parts]
    offsets = np.empty(len(parts), dtype=np.int64)
    offsets[0] = 1
    np.cumsum(np.asarray(lengths[:-1], dtype=np.int64) + 1, out=offsets[1:])
    offsets[1:] += 1
    # white-space words: a word starts after a space or a separator
    space_bytes = np.frombuffer(raw.translate(_SPACE_TABLE), dtype=np.uint8)
    word = space_bytes != 32
    word[offsets - 1] = False
    word[-1] = False
    before_start = np.flatnonzero(word[1:] > word[:-1])  # a word starts just after these positions
    text_ends = offsets + np.asarray(lengths, dtype=np.int64)
    where_array = np.asarray(where, dtype=np.int64)
    n_words[where_array] = np.searchsorted(before_start, text_ends - 1) - np.searchsorted(before_start, offsets - 1)
    found = tables.automaton.iter(raw.translate(_BATCH_MARK_TABLE).decode("ascii"))
    flat = np.fromiter(chain.from_iterable(found), dtype=np.int64)  # (end, marked key id) pairs
    if not len(flat):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    after = flat[0::2] + 1  # one past the last character of the marked key
    marked = flat[1::2]
    check = tables.check[marked]
    start = after - tables.head[marked]
    end = after - tables.tail[marked]
    key = tables.single[marked]
    keep = check == 0
    spaced = np.flatnonzero(check == 1)
    if len(spaced):  # keys whose other characters are spaces: those must be white space in the text
        at = tables.space_at[marked[spaced]]
        pos = np.where(at >= 0, start[spaced, None] + at, 0)
        keep[spaced] = ((space_bytes[pos] == 32) | (at < 0)).all(axis=1)
    start, end, key = start[keep], end[keep], key[keep]
    compare = np.flatnonzero(check == 2)
    if len(compare):  # other keys: compare with the folded text (the separator equals no key character)
        folded = raw.translate(_BATCH_FOLD_TABLE).decode("ascii")
        placed = tables.placed
        more = [
            (e - a, e - b, k)
            for e, m in zip(after[compare].tolist(), marked[compare].tolist())
            for a, b, phrase, k in placed[m] if folded[e - a : e - b] == phrase
        ]
        if more:
            s2, e2, k2 = (np.asarray(col, dtype=np.int64) for col in zip(*more))
            start, end, key = np.concatenate([start, s2]), np.concatenate([end, e2]), np.concatenate([key, k2])
    part = np.searchsorted(offsets, start, side="right") - 1
    base = offsets[part]
    return where_array[part], start - base, end - base, key


def _end_then_longest(hit: tuple[int, int, str]) -> tuple[int, int]:
    return (hit[1], hit[0])


_H = TypeVar("_H", bound="Hit")


def longest_first(hits: list[_H], length: int) -> list[_H]:
    """Non-overlapping hits in text order: the longest wins, then the leftmost.

    ``hits`` (any objects with ``start`` and ``end``, in any order) lie in a text
    of ``length`` characters. Hits over the same span keep their order (the sort
    is stable), so the first one wins. Linear in the text, not quadratic in the
    hits: the characters already taken are marked.

    Examples
    --------
    >>> hits = [Hit(3, 9, "strike", "strike", (2,)), Hit(0, 9, "air strike", "air strike", (1,))]
    >>> [h.matched for h in longest_first(hits, 12)]
    ['air strike']
    """
    if len(hits) <= 1:
        return hits
    if all(hits[i].start >= hits[i - 1].end for i in range(1, len(hits))):
        return hits  # disjoint and already in text order
    hits = sorted(hits, key=lambda h: (h.start - h.end, h.start))
    taken = bytearray(length)
    chosen = []
    for h in hits:
        if taken.find(1, h.start, h.end) == -1:
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
            chosen.append(h)
    chosen.sort(key=lambda h: h.start)
    return chosen


def same_case(surface: str, phrase: str) -> bool:
    """Whether a matched ``surface`` has the exact case of a case-sensitive ``phrase``.

    Examples
    --------
    >>> same_case("interim\\nPresident", "interim President"), same_case("president", "President")
    (True, False)
    """
    return _SPACE_RE.sub(" ", surface) == phrase


_same_case = same_case
