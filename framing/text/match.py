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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Hashable, Iterable, Iterator

import ahocorasick
import numpy as np

__all__ = ["Hit", "PhraseMatcher", "fold_case", "normalize_phrase"]

_SPACE_RE = re.compile(r"\s+")
# any white space other than the plain space (one character each, so offsets are kept)
_OTHER_SPACE_RE = re.compile(r"[^\S ]")


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


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


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
        for item in phrases:
            self.add(*item)

    def __len__(self) -> int:
        return len(self._entries)

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

    def _build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key in self._entries:
            automaton.add_word(key, key)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def candidates(self, text: str) -> Iterator[Hit]:
        """Yield every boundary- and case-respecting hit, overlapping ones included."""
        if not self._entries or not text:
            return
        automaton = self._automaton or self._build()
        folded = fold_case(text)
        n = len(text)
        for end_idx, key in automaton.iter(folded):
            end = end_idx + 1
            start = end - len(key)
            if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
                continue
            if end < n and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
                continue
            surface = text[start:end]
            entries = self._entries[key]
            payloads = tuple(
                p for phrase, p, cs in entries if not cs or _same_case(surface, phrase)
            )
            if payloads:
                yield Hit(start, end, surface, entries[0][0], payloads)

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits in text order: the longest wins, then the leftmost."""
        hits = list(self.candidates(text))
        if len(hits) <= 1:
            return hits
        hits.sort(key=lambda h: (h.start - h.end, h.start))
        taken = np.zeros(len(text), dtype=bool)
        chosen = []
        for h in hits:
            if not taken[h.start : h.end].any():
                taken[h.start : h.end] = True
                chosen.append(h)
        chosen.sort(key=lambda h: h.start)
        return chosen


def _same_case(surface: str, phrase: str) -> bool:
    return _SPACE_RE.sub(" ", surface) == phrase
