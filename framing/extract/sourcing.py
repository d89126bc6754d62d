"""Sourcing: whose voices an article carries, and how it introduces them.

:class:`SourcingFeatures` finds, in each text field of an article,

* **direct quotes**: stretches of text between quotation marks (straight
  ``"``, curly ``“ ”``, low ``„`` and guillemets; top-level single quotes
  ``‘ ’`` / ``'`` as in headlines), see :func:`find_quotes`;
* **attributions**: a reporting verb (from the ``report-verbs`` lexicon, e.g.
  *said, told, added* / *claimed, admitted, insisted*) with its speaker: the
  noun phrase before it (``Kremlin spokesman Dmitry Peskov said``, ``the Kremlin
  said``, ``Reuters reported``), after it when inverted (``"...," said Peskov``)
  or before an inserted apposition (``The Kremlin, which ..., said``);
* **indirect speech**: an attribution that introduces reported content without
  quotation marks (``X said (that) ...`` or ``..., X said.``);
* ``according to X`` attributions and **anonymous sourcing** cues (the
  ``anonymous-sourcing`` lexicon: *on condition of anonymity*, *people familiar
  with*, ...).

Rules (all heuristic, evaluated in ``docs/sourcing_agency.md``)
-----------------------------------------------------------------
Quotes
    A quotation mark opens or closes by its glyph and its neighbours (white space
    or an opening bracket before and a non-space after: opening; a non-space
    before and white space or punctuation after: closing). A paragraph (line
    break) that ends inside a quote continues it when the next paragraph opens
    with a quotation mark (the newspaper convention for multi-paragraph quotes);
    otherwise the quote is closed at the paragraph end. An opening mark inside an
    open quote closes the open one just before it; a stray closing mark is
    ignored; a quote still open at the end of the text ends there. Single quotes
    inside double quotes are part of the quote (nested quotes are not counted
    separately).
Speakers
    A quote takes the attribution that follows it when the quote ends in
    ``, ? ! -`` inside the marks (``"...," X said``), else the one that introduces
    it (``X said: "..."``), else the nearest attribution in its sentence, else
    the speaker of the previous quote when it continues in the same or the next
    paragraph. The speaker shown is the trailing proper-noun sequence of the
    noun phrase (``Dmitry Peskov`` from ``Kremlin spokesman Dmitry Peskov``), or
    the whole noun phrase (``a senior administration official``), or the
    pronoun (``he``). For counting distinct speakers, a name is keyed by its last
    word (``Peskov``), a pronoun by the most recent named speaker.
Verb classes
    Each reporting verb's class is its ``stance`` tag in the ``report-verbs``
    lexicon (``neutral`` or ``loaded``). Only verbs used in an attribution (a
    speaker was found, or the verb is attached to a quote) are counted.

References
----------
.. [1] Bell, A. (1991). *The Language of News Media*. Oxford: Blackwell (ch. 9,
   attribution and the embedding of talk).
.. [2] Pareti, S. (2012). A database of attribution relations. *Proceedings of
   LREC 2012*, 3213-3217.
.. [3] Krestel, R., Bergler, S. and Witte, R. (2008). Minding the source:
   automatic tagging of reported speech in newspaper articles. *Proceedings of
   LREC 2008*.
.. [4] Pouliquen, B., Steinberger, R. and Best, C. (2007). Automatic detection
   of quotations in multilingual news. *Proceedings of RANLP 2007*, 487-492.
.. [5] Recasens, M., Danescu-Niculescu-Mizil, C. and Jurafsky, D. (2013).
   Linguistic models for analyzing and detecting biased language. *Proceedings
   of ACL 2013*, 1650-1659 (factive and assertive verbs such as *claim*, *admit*).
.. [6] Martin-Kratzer, R. and Thorson, E. (2007). Use of anonymous sources
   declines in U.S. newspapers. *Newspaper Research Journal* 28(2), 56-70.

Examples
--------
>>> text = 'He said "We won." Then: "More"'
>>> [text[q.start:q.end] for q in find_quotes(text)]
['"We won."', '"More"']
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, repeat
from typing import Any, NamedTuple

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, sentence_id_at
from framing.text.match import longest_first
from framing.text.parse import ParsedText, parse_columns

__all__ = [
    "SourcingFeatures",
    "QuoteSpan",
    "Attribution",
    "find_quotes",
    "find_attributions",
]

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# quotation marks

_DQ_OPEN = "“„«"
_DQ_CLOSE = "”»"
_DQ_ALL = '"' + _DQ_OPEN + _DQ_CLOSE
_OPEN_BEFORE = frozenset("([{—–-/:;")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-'’\"”»")
_SINGLE_OPEN_BEFORE = frozenset("([{—–-/:\"“")
# a line break, or a closing single mark: after a non-space, not before a letter or digit
# ([^\W_] is str.isalnum, \S is not str.isspace)
_SINGLE_CLOSE_RE = re.compile(r"\n|(?<=\S)['’](?![^\W_])")
# words that start with an apostrophe and are no quotes: '90s, 'em, 'til, 'n', 'cause, 'tis
_ELISION_RE = re.compile(r"(?i)(?:\d\d?s?|em|til|n|cause|tis|twas|bout|round)\b")
_SENT_END_RE = re.compile(r"[.?!…](?=\s)")
_QUOTE_TOKENS = frozenset('"“”„«»\'‘’`')


class QuoteSpan(NamedTuple):
    """A direct quote: marks at ``start``/``end - 1``, content ``content_start:content_end``.

    ``closed`` is False when no closing mark was found (the quote ends at the end
    of its paragraph, before the next opening mark, or at the end of the text).
    """

    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool


def _context(text: str, i: int) -> tuple[bool, bool]:
    """(opening-like, closing-like) judged from the characters around position ``i``."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    open_ctx = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    close_ctx = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
    return open_ctx, close_ctx


def _rstrip_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _positions(text: str, chars: str) -> list[int]:
    """Offsets in ``text`` of every character of ``chars``, in order.

    ``str.find`` skips to the next occurrence at memory speed, where a regular
    expression's character class would test every character of a long text.

    Examples
    --------
    >>> _positions('a "b" ‘c', '"‘')
    [2, 4, 6]
    """
    out: list[int] = []
    find = text.find
    several = False
    for c in chars:
        i = find(c)
        if i < 0:
            continue
        several = several or bool(out)
        while i >= 0:
            out.append(i)
            i = find(c, i + 1)
    if several:
        out.sort()
    return out


def _double_quotes(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    cur = -1  # position of the opening mark of the open quote, -1 when none
    skip_at = -1
    n = len(text)

    def close_open(end_content: int, closed: bool, end: int) -> None:
        nonlocal cur
        if end_content > cur + 1:
            spans.append(QuoteSpan(cur, end, cur + 1, end_content, closed))
        cur = -1

    marks = _positions(text, _DQ_ALL)
    x = 0  # index in marks of the next mark
    pos = 0
    while True:
        # the next event: a line break before the next mark while a quote is open (outside a
        # quote a line break changes nothing), else the next mark
        nxt = marks[x] if x < len(marks) else n
        i = text.find("\n", pos, nxt) if cur >= 0 else -1
        if i < 0:
            if x == len(marks):
                break
            i = nxt
            x += 1
        pos = i + 1
        c = text[i]
        if c == "\n":
            k = i + 1
            while k < n and text[k].isspace():
                k += 1
            if k < n and text[k] in '"“„«' and k + 1 < n and not text[k + 1].isspace():
                skip_at = k  # multi-paragraph quote: the next paragraph re-opens it
                continue
            end = _rstrip_end(text, cur + 1, i)
            close_open(end, False, end)
            continue
        if i == skip_at:
            continue
        open_ctx, close_ctx = _context(text, i)
        if cur < 0:
            if c in _DQ_CLOSE and not open_ctx:
                continue  # stray closing mark
            if c == '"' and close_ctx and not open_ctx:
                continue  # stray straight mark after a word (inch mark, typo)
            cur = i
            continue
        # a quote is open
        if c in _DQ_CLOSE:
            close_open(i, True, i + 1)
        elif c in _DQ_OPEN or c == '"':
            if open_ctx and not close_ctx:
                # an opening mark while a quote is open: the open one was never closed;
                # it ends at its last sentence end before this mark, if any
                end = _rstrip_end(text, cur + 1, i)
                m_end = None
                for m_end in _SENT_END_RE.finditer(text, cur + 1, end):
                    pass
                if m_end is not None and m_end.end() < end:
                    end = m_end.end()
                close_open(end, False, end)
                cur = i
            else:
                close_open(i, True, i + 1)
    if cur >= 0:
        end = _rstrip_end(text, cur + 1, n)
        close_open(end, False, end)
    return spans


def _single_quotes(text: str, taken: Sequence[QuoteSpan]) -> list[QuoteSpan]:
    """Top-level single-quoted stretches (as in headlines) outside the double-quoted ones."""
    candidates = _positions(text, "'‘")
    if not candidates:
        return []
    starts = [q.start for q in taken]
    out: list[QuoteSpan] = []
    n = len(text)
    pos = 0
    for i in candidates:
        if i < pos:
            continue
        prev = text[i - 1] if i > 0 else " "
        if not (prev.isspace() or prev in _SINGLE_OPEN_BEFORE) or i + 1 >= n or not text[i + 1].isalnum():
            continue
        if _ELISION_RE.match(text, i + 1):
            continue
        k = bisect_left(starts, i + 1) - 1
        if k >= 0 and taken[k].start <= i < taken[k].end:
            continue  # nested inside a double quote
        # closing mark: ' or ’ after a non-space and before a non-word character, same line,
        # within 400 characters of the opening one
        close = _SINGLE_CLOSE_RE.search(text, i + 2, min(n, i + 401))  # the look-ahead sees one past
        if close is None or close.start() >= i + 400 or text[close.start()] == "\n":
            continue
        found = close.start()
        k2 = bisect_left(starts, found) - 1
        if k2 >= 0 and taken[k2].start <= found < taken[k2].end:
            continue
        if k2 != k:  # a double quote lies between the marks
            continue
        out.append(QuoteSpan(i, found + 1, i + 1, found, True))
        pos = found + 1
    return out


def find_quotes(text: str) -> list[QuoteSpan]:
    """Find the direct quotes of a text.

    Parameters
    ----------
    text : str
        Any text (one field of an article).

    Returns
    -------
    list of QuoteSpan
        Quotes in text order: ``text[q.start:q.end]`` includes the marks,
        ``text[q.content_start:q.content_end]`` is the quoted words. Nested single
        quotes are part of the enclosing quote; a quote running over paragraphs
        whose continuation paragraphs open with a quotation mark is one quote.

    Examples
    --------
    >>> t = '"One," he said. "Two\\n\\n"Three." Then \\'four\\' and "five'
    >>> [t[q.content_start:q.content_end] for q in find_quotes(t)]
    ['One,', 'Two\\n\\n"Three.', 'four', 'five']
    >>> [q.closed for q in find_quotes(t)]
    [True, True, True, False]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quotes expects a str, found {type(text).__name__}")
    doubles = _double_quotes(text)
    singles = _single_quotes(text, doubles)
    if not singles:
        return doubles
    return sorted(doubles + singles)


# ---------------------------------------------------------------------------
# speakers and attributions

_NP_INNER = frozenset("NN NNS NNP NNPS JJ JJR JJS DT PDT PRP$ POS CD".split())
_NP_HEAD = frozenset("NN NNS NNP NNPS".split())
_NAME_TAGS = frozenset(("NNP", "NNPS"))
_SUBJECT_PRONOUNS = frozenset("he she they it we i you".split())
_PERSON_PRONOUNS = frozenset(("he", "she"))
_PP_LINK = frozenset(("of", "for", "at", "from", "with", "in"))
_SKIP_BEFORE_VERB = frozenset("RB RBR RBS MD".split())
_AUX = frozenset("has have had did does do will would could can may might should shall 's 've 'd also".split())
_REL = frozenset(("who", "which", "that"))
_ADJUNCT_PREPS = frozenset(("on", "in", "at", "during", "via", "through", "over"))
_DETERMINERS = frozenset(("DT", "PDT", "PRP$"))
_MAX_NP = 9
_FINAL_PUNCT = frozenset(".!?")


class Attribution(NamedTuple):
    """A reporting verb with its speaker.

    ``verb_start``/``verb_end`` are character offsets of the verb; ``speaker`` is
    the displayed speaker (``''`` when none was found) at
    ``speaker_start:speaker_end`` (``-1`` when none); ``key`` is the lower-case
    word used to count distinct speakers (``''`` when none, the pronoun itself
    for pronouns); ``verb_class`` is the lexicon's stance tag; ``tok``/``tok_end``
    index the verb's tokens; ``speaker_tok``/``speaker_tok_end`` the speaker
    phrase's tokens; ``inverted`` is True for ``said X``.
    """

    verb: str
    verb_class: str
    verb_start: int
    verb_end: int
    tok: int
    tok_end: int
    speaker: str
    speaker_start: int
    speaker_end: int
    key: str
    speaker_tok: int
    speaker_tok_end: int
    inverted: bool


def _speaker_from(text: str, toks: ParsedText, i0: int, i1: int) -> tuple[int, int, str]:
    """Displayed span (chars) and key of the noun phrase of tokens ``i0:i1`` (may end in a PP)."""
    texts, tags = toks.texts, toks.tags
    p = i1
    for k in range(i0 + 1, i1):
        if tags[k] in ("IN", "TO") and texts[k].lower() in _PP_LINK:
            p = k
            break
    last = p - 1  # the last token before the prepositional phrase
    if tags[last] in ("PRP",):
        return toks.starts[last], toks.ends[last], texts[last].lower()
    if tags[last] in _NAME_TAGS:
        j = last
        while j - 1 >= i0 and tags[j - 1] in _NAME_TAGS:
            j -= 1
        start, end = toks.starts[j], toks.ends[last]
    else:
        start, end = toks.starts[i0], toks.ends[i1 - 1]
    key = texts[last].lower().rstrip(".")
    return start, end, key


def _np_backward(toks: ParsedText, k: int, lo: int) -> tuple[int, int] | None:
    """Token span ``[i0, k + 1)`` of the noun phrase ending at token ``k`` (not before ``lo``)."""
    texts, tags = toks.texts, toks.tags
    if tags[k] == "PRP":
        return (k, k + 1) if texts[k].lower() in _SUBJECT_PRONOUNS else None
    if tags[k] not in _NP_HEAD:
        return None
    j = k
    while j - 1 >= lo and k - j < _MAX_NP:
        tag = tags[j - 1]
        if tag not in _NP_INNER or texts[j - 1] in _QUOTE_TOKENS:
            break
        j -= 1
        if tag in _DETERMINERS:
            break
    # one prepositional link: "a spokesman for the NRA", "Darrell Issa of California"
    if j - 2 >= lo and texts[j - 1].lower() in _PP_LINK and tags[j - 1] in ("IN", "TO"):
        head = _np_backward(toks, j - 2, lo) if tags[j - 2] in _NP_HEAD else None
        if head is not None:
            return head[0], k + 1
    return j, k + 1


def _np_forward(toks: ParsedText, k: int, hi: int) -> tuple[int, int] | None:
    """Token span ``[k, j)`` of the noun phrase starting at token ``k`` (before ``hi``)."""
    texts, tags = toks.texts, toks.tags
    j = k
    while j < hi and j - k < _MAX_NP:
        tag = tags[j]
        if tag not in _NP_INNER or texts[j] in _QUOTE_TOKENS:
            break
        if j > k and tag in _DETERMINERS:
            break
        j += 1
    if j == k or tags[j - 1] not in _NP_HEAD:
        return None
    # "a spokesman for the NRA": one prepositional link after a common noun
    if (j + 1 < hi and texts[j].lower() in _PP_LINK and tags[j] in ("IN", "TO")
            and tags[j - 1] in ("NN", "NNS")):
        tail = _np_forward(toks, j + 1, hi)
        if tail is not None:
            return k, tail[1]
    return k, j


def _np_before(toks: ParsedText, k: int, lo: int, in_quote: Any) -> tuple[int, int] | None:
    """The subject-like noun phrase ending at token ``k``, skipping one or two prepositional phrases
    (``Mr. Obama on Thursday said``, ``the White House in a statement said``)."""
    for _ in range(3):
        if k < lo or in_quote(toks.starts[k]):
            return None
        span = _np_backward(toks, k, lo)
        if span is None:
            return None
        i0 = span[0]
        if i0 - 1 >= lo and toks.texts[i0 - 1].lower() in _ADJUNCT_PREPS:
            k = i0 - 2  # the phrase is a prepositional object: look before the preposition
            continue
        return span
    return None


def _find_speaker(toks: ParsedText, i: int, j: int, lo: int, hi: int,
                  in_quote: Any) -> tuple[tuple[int, int] | None, bool]:
    """Speaker token span of the verb of tokens ``i:j`` in the sentence of tokens ``lo:hi``, and whether
    it is inverted."""
    texts, tags, starts = toks.texts, toks.tags, toks.starts
    # backward: skip adverbs and auxiliaries ("also said", "has said", "would later say")
    k = i - 1
    while k >= lo and (tags[k] in _SKIP_BEFORE_VERB or texts[k].lower() in _AUX):
        k -= 1
    if k >= lo and not in_quote(starts[k]):
        t = texts[k]
        if t.lower() in _REL and tags[k] in ("WP", "WDT", "IN", "DT") and k - 1 >= lo:
            k2 = k - 1  # "Smith, who said ..." -> Smith
            if texts[k2] == "," and k2 - 1 >= lo:
                k2 -= 1
            span = _np_backward(toks, k2, lo)
            if span is not None:
                return span, False
        if t != ",":
            span = _np_before(toks, k, lo, in_quote)
            if span is not None:
                return span, False
    before = texts[i - 1] if i - 1 >= lo else ""
    # apposition: "X, the chief of staff, said" / "The Kremlin, which ..., said" /
    # '"...," Matt Bennett, a spokesman for Third Way, a research group, said'
    if before == ",":
        cands: list[tuple[int, int]] = []
        k = i - 2
        while k > lo and i - k < 60 and len(cands) < 4:
            t = texts[k]
            if t in _QUOTE_TOKENS:
                break
            if t == "," and not in_quote(starts[k]):
                span = _np_backward(toks, k - 1, lo)
                if span is not None:
                    cands.append(span)
                    b = span[0] - 1
                    if b < lo or texts[b] in _QUOTE_TOKENS:
                        break  # the phrase opens the sentence or follows a quote: the speaker
            k -= 1
        if cands:
            b = cands[-1][0] - 1
            if b < lo or texts[b] in _QUOTE_TOKENS or len(cands) == 1:
                return cands[-1], False
            named = [c for c in cands if tags[c[1] - 1] in _NAME_TAGS]
            return (named[-1] if named else cands[0]), False
    # inversion: '"...," said X', sentence-initial 'Said X'
    if i == lo or before in _QUOTE_TOKENS or (before == "," and i - 2 >= lo and texts[i - 2] in _QUOTE_TOKENS):
        span = _np_forward(toks, j, hi)
        if span is not None:
            after = tags[span[1]] if span[1] < hi else None
            if after is None or not (after.startswith("VB") or after == "MD"):
                return span, True
    return None, False


def _bounds(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """For each token, the ``[lo, hi)`` token range of its sentence (``sizes``: tokens per sentence).

    Examples
    --------
    >>> _bounds([2, 0, 1])
    [(0, 2), (0, 2), (2, 3)]
    """
    his = list(accumulate(sizes))
    # one shared tuple per sentence, repeated once per token, all in C
    return list(chain.from_iterable(map(repeat, zip([0, *his[:-1]], his), sizes)))


def _in_quote_fn(quotes: Sequence[QuoteSpan], n: int) -> Callable[[int], Any]:
    """``pos -> truthy`` when character ``pos`` (``0 <= pos < n``) lies inside one of the quotes (which do
    not overlap)."""
    if not quotes:
        return _never
    inside = bytearray(n)
    for q in quotes:
        inside[q.start:q.end] = b"\x01" * (q.end - q.start)
    return inside.__getitem__  # one C call per question


def _never(pos: int) -> bool:
    return False


def find_attributions(text: str, sentences: Sequence[Sequence[Any]], verb_hits: Sequence[tuple[int, int, str]],
                      quotes: Sequence[QuoteSpan] = ()) -> list[Attribution]:
    """Attach speakers to reporting verbs.

    Parameters
    ----------
    text : str
        The field text.
    sentences : sequence of sequence of Token
        ``framing.text.parse.parse_sentences(text)``.
    verb_hits : sequence of (start, end, verb_class)
        Reporting-verb matches (character offsets into ``text``) with their class.
    quotes : sequence of QuoteSpan
        Direct quotes of the text; verbs inside them are skipped (speech
        within speech is the quoted speaker's, not the article's attribution).

    Returns
    -------
    list of Attribution
        One per verb hit that the parser tags as a verb and that lies outside
        the quotes, in text order; ``speaker`` is ``''`` when none was found.

    Examples
    --------
    >>> from framing.text.parse import parse_sentences
    >>> t = "Kremlin spokesman Dmitry Peskov said so. The Kremlin, a fortress, said no."
    >>> hits = [(m.start(), m.end(), "neutral") for m in re.finditer("said", t)]
    >>> [(a.speaker, a.verb, a.key) for a in find_attributions(t, parse_sentences(t), hits)]
    [('Dmitry Peskov', 'said', 'peskov'), ('Kremlin', 'said', 'kremlin')]
    """
    toks = ParsedText.from_tokens(sentences)
    return _attributions(text, toks, _bounds(toks.sizes), verb_hits, _in_quote_fn(quotes, len(text)))


def _attributions(text: str, toks: ParsedText, bounds: Sequence[tuple[int, int]],
                  verb_hits: Sequence[tuple[int, int, str]], in_quote: Any) -> list[Attribution]:
    if not verb_hits or not toks.texts:
        return []
    out: list[Attribution] = []
    starts, ends = toks.starts, toks.ends
    n = len(starts)
    for vs, ve, vclass in verb_hits:
        i = bisect_left(starts, vs)
        if i >= n or starts[i] != vs or in_quote(vs):
            continue
        j = i + 1
        while j < n and ends[j] <= ve:
            j += 1
        if not any(map(str.startswith, toks.tags[i:j], repeat("VB"))):
            continue  # a noun or adjective use ("the claims", "a report")
        lo, hi = bounds[i]
        span, inverted = _find_speaker(toks, i, j, lo, hi, in_quote)
        if span is None:
            out.append(Attribution(text[vs:ve], vclass, vs, ve, i, j, "", -1, -1, "", -1, -1, False))
            continue
        s, e, key = _speaker_from(text, toks, span[0], span[1])
        out.append(Attribution(text[vs:ve], vclass, vs, ve, i, j, text[s:e], s, e, key, span[0], span[1], inverted))
    return out


# ---------------------------------------------------------------------------
# linking quotes to attributions

_TRAIL_END = frozenset(",?!—–-…")
_LEAD_GAP = frozenset((",", ":", "that", "—", "–", "-", "--"))
_PARA_RE = re.compile(r"\n")


def _link_quotes(text: str, toks: ParsedText, bounds: Sequence[tuple[int, int]], quotes: Sequence[QuoteSpan],
                 attrs: Sequence[Attribution]) -> list[tuple[int, str]]:
    """For each quote, ``(index into attrs or -1, mode)`` with mode trailing|leading|sentence|inherit|''."""
    texts, starts, ends = toks.texts, toks.starts, toks.ends
    n = len(texts)
    by_tok = {a.tok: k for k, a in enumerate(attrs) if a.speaker}
    verb_starts = [a.verb_start for a in attrs]  # in text order, as the verb hits
    ending_at = _attrs_by_end(attrs)
    links: list[tuple[int, str]] = []
    for qi, q in enumerate(quotes):
        found, mode = -1, ""
        ta = bisect_left(starts, q.end)  # first token after the quote
        tq = bisect_left(starts, q.start)  # the opening mark's token (or the first inside)
        last_content = _rstrip_end(text, q.content_start, q.content_end)
        c = text[last_content - 1] if last_content > q.content_start else ""
        # 1. trailing: '"...," X said' / '"...," said X' / '"...?" X asked'
        if q.closed and ta < n:
            same_sentence = ta > 0 and bounds[ta] == bounds[ta - 1]
            if c in _TRAIL_END or same_sentence:
                for k in range(ta, min(n, ta + 8)):
                    t = texts[k]
                    if t in _QUOTE_TOKENS or (t in _FINAL_PUNCT and k > ta):
                        break
                    a = by_tok.get(k)
                    if a is not None and attrs[a].speaker_start >= q.end:
                        found, mode = a, "trailing"
                        break
        # 2. leading: 'X said: "..."', 'X said "..."', 'X said that "..."'
        if found < 0 and tq > 0:
            k = tq - 1
            gap = 0
            while k >= 0 and gap <= 2 and texts[k].lower() in _LEAD_GAP:
                k -= 1
                gap += 1
            if k >= 0 and bounds[k] == bounds[min(tq, n - 1)]:
                # the token before the gap ends a verb (X said) or an inverted speaker (said X)
                a_idx = ending_at.get(k, -1)
                if a_idx >= 0:
                    found, mode = a_idx, "leading"
        # 3. the nearest attribution in the quote's sentences, outside the quote
        if found < 0 and attrs:
            lo = bounds[min(tq, n - 1)][0] if n else 0
            hi = bounds[min(max(ta - 1, 0), n - 1)][1] if n else 0
            lo_c = starts[lo] if lo < n else 0
            hi_c = ends[hi - 1] if 0 < hi <= n else len(text)
            best, best_d = -1, None
            k0 = bisect_left(verb_starts, lo_c)
            for a_idx in range(k0, len(attrs)):
                a = attrs[a_idx]
                if a.verb_start >= hi_c:
                    break
                if not a.speaker or q.start <= a.verb_start < q.end:
                    continue
                d = q.start - a.verb_end if a.verb_end <= q.start else a.verb_start - q.end
                if best_d is None or d < best_d:
                    best, best_d = a_idx, d
            if best >= 0:
                found, mode = best, "sentence"
        # 4. a continuing quote: the previous quote's speaker, same or next paragraph,
        #    with no other attribution in between
        prev_link = links[qi - 1][0] if qi > 0 else -1
        if found < 0 and prev_link >= 0 and (tq >= n or bounds[tq][0] == tq):
            prev = quotes[qi - 1]
            between = text[prev.end:q.start]
            if between.count("\n") <= 2 and not any(
                    attrs[k].speaker and k != prev_link
                    for k in range(bisect_left(verb_starts, prev.end), bisect_left(verb_starts, q.start))):
                found, mode = prev_link, "inherit"
        links.append((found, mode))
    return links


def _attrs_by_end(attrs: Sequence[Attribution]) -> dict[int, int]:
    """Token index -> the first attribution with a speaker that ends there (the speaker's last token when
    inverted, the verb's otherwise).

    Examples
    --------
    >>> a = Attribution("said", "neutral", 10, 14, 3, 4, "Peskov", 15, 21, "peskov", 4, 5, True)
    >>> _attrs_by_end([a, a._replace(inverted=False), a._replace(speaker="")])
    {4: 0, 3: 1}
    """
    out: dict[int, int] = {}
    for idx, a in enumerate(attrs):
        if a.speaker:
            out.setdefault((a.speaker_tok_end if a.inverted else a.tok_end) - 1, idx)
    return out


# ---------------------------------------------------------------------------
# the per-text work



def _resolve_key(key: str, last_named: str, last_any: str) -> str:
    if key in _PERSON_PRONOUNS:
        return last_named
    if key in _SUBJECT_PRONOUNS:
        return last_any if key in ("they", "it", "we") else ""
    return key


#: The ``report-verbs`` label read as an ``according to X`` attribution rather than a verb.
ACCORDING_TO_LABEL = "according_to"


class _Hit(NamedTuple):
    """A :class:`~framing.text.match.Hit` with one payload, as a tuple (cheaper to make than the frozen
    dataclass, read the same way)."""

    start: int
    end: int
    matched: str
    phrase: str
    payloads: tuple[Any, ...]


def _hits_by_lexicon(matcher: Any, text: str) -> tuple[dict[str, list[_Hit]], int]:
    """Hits of a matcher holding several lexicons: longest match wins within each lexicon; and the
    white-space word count of the text.

    One pass over the text (one case folding) serves all lexicons, and a phrase of
    one lexicon ("officials said") does not hide a phrase of another ("said").
    :meth:`PhraseMatcher.scan <framing.text.match.PhraseMatcher.scan>` counts the
    words of the text in the same pass, so the text is not split again
    (:meth:`PhraseMatcher.candidates_counting
    <framing.text.match.PhraseMatcher.candidates_counting>`); one hit per payload.

    Examples
    --------
    >>> from framing.lexicons.schema import load_lexicon
    >>> m = load_lexicon("report-verbs").matcher()
    >>> by_lex, n_words = _hits_by_lexicon(m, "Officials said, according to Reuters.")
    >>> [h.matched for h in by_lex["report-verbs"]], n_words
    (['said', 'according to'], 5)
    """
    hits, n_words = matcher.candidates_counting(text)
    groups: dict[str, list[_Hit]] = {}
    for h in hits:
        for p in h.payloads:
            groups.setdefault(p.lexicon, []).append(_Hit(h.start, h.end, h.matched, h.phrase, (p,)))
    # hits sharing a span come from one phrase, in the order of its payloads: the first wins, as in
    # PhraseMatcher.find
    return {lex: longest_first(hits, len(text)) for lex, hits in groups.items()}, n_words


def _verb_hits(hits: Sequence[Any], classes: dict[tuple[str, str], str]
               ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Reporting-verb hits ``(start, end, class)`` and ``according to`` hits ``(start, end)``."""
    verbs, according = [], []
    for h in hits:
        sense = h.payloads[0]
        end = h.start + sense.span if getattr(sense, "span", -1) >= 0 else h.end
        if sense.label == ACCORDING_TO_LABEL:
            according.append((h.start, end))
        else:
            verbs.append((h.start, end, classes.get((sense.concept, sense.label), "")))
    return verbs, according


def _source_after(text: str, toks: ParsedText, k: int, hi: int) -> tuple[int, int]:
    """Character span of the source named after ``according to`` (token ``k`` on)."""
    span = _np_forward(toks, k, hi)
    if span is not None:
        return toks.starts[span[0]], toks.ends[span[1] - 1]
    texts = toks.texts
    j = k
    while j < hi and j - k < 8 and texts[j] not in ",.;:!?" and texts[j] not in _QUOTE_TOKENS:
        j += 1
    if j == k:
        return -1, -1
    return toks.starts[k], toks.ends[j - 1]


def analyze_text(text: str, matcher: Any, verb_classes: dict[tuple[str, str], str],
                 verb_lexicon: str = "report-verbs", anon_lexicon: str | None = "anonymous-sourcing") -> dict[str, Any]:
    """Quotes, attributions and sourcing mentions of one text.

    Parameters
    ----------
    text : str
        One field of an article.
    matcher : PhraseMatcher
        Matcher holding the reporting-verb lexicon and, optionally, the
        anonymous-sourcing lexicon (payloads are lexicon senses).
    verb_classes : dict
        ``(concept, label) -> stance`` (``neutral``/``loaded``).
    verb_lexicon, anon_lexicon : str
        Names of the two lexicons in ``matcher`` (``anon_lexicon`` None: no
        anonymous-sourcing cues).

    Returns
    -------
    dict
        ``mentions`` (list of dicts without ``doc_id``/``field``/``sentence_id``),
        ``quotes``, ``attributions``, ``n_words``, ``quoted_words`` and
        ``speaker_keys`` (raw keys in text order; pronouns unresolved).
    """
    quotes = find_quotes(text)
    toks = parse_columns(text)
    bounds = _bounds(toks.sizes)
    texts, tags, starts, ends = toks.texts, toks.tags, toks.starts, toks.ends
    in_quote = _in_quote_fn(quotes, len(text))
    by_lex, n_words = _hits_by_lexicon(matcher, text)
    verb_hits, according = _verb_hits(by_lex.get(verb_lexicon, []), verb_classes)
    attrs = _attributions(text, toks, bounds, verb_hits, in_quote)
    links = _link_quotes(text, toks, bounds, quotes, attrs) if quotes else []
    mentions: list[dict[str, Any]] = []

    def row(kind: str, start: int, end: int, a: Attribution | None, qs: int = -1, qe: int = -1,
            speaker: tuple[str, int, int] | None = None) -> dict[str, Any]:
        if a is not None and a.speaker:
            spk = (a.speaker, a.speaker_start, a.speaker_end)
        else:
            spk = speaker or ("", -1, -1)
        return {"start": start, "end": end, "matched": text[start:end], "kind": kind,
                "speaker": spk[0], "speaker_start": spk[1], "speaker_end": spk[2],
                "verb": a.verb if a is not None else "", "verb_class": a.verb_class if a is not None else "",
                "quote_start": qs, "quote_end": qe}

    used_direct = set()
    linked = set()
    for q, (a_idx, mode) in zip(quotes, links):
        a = attrs[a_idx] if a_idx >= 0 else None
        if a is not None:
            linked.add(a_idx)
            if mode in ("trailing", "leading"):
                used_direct.add(a_idx)
        mentions.append(row("direct_quote", q.start, q.end, a, q.content_start, q.content_end))
    # attributions and indirect speech
    for idx, a in enumerate(attrs):
        if not a.speaker and idx not in linked:
            continue
        s0 = min(a.verb_start, a.speaker_start) if a.speaker else a.verb_start
        e0 = max(a.verb_end, a.speaker_end) if a.speaker else a.verb_end
        mentions.append(row("attribution", s0, e0, a))
        if idx in used_direct or not a.speaker:
            continue
        lo, hi = bounds[a.tok]
        first = min(a.tok, a.speaker_tok)
        last = max(a.tok_end, a.speaker_tok_end)  # exclusive
        content: tuple[int, int] | None = None
        if first - 1 > lo + 1 and texts[first - 1] == ",":
            # "..., X said." / "..., said X."
            cs, ce = starts[lo], ends[first - 2]
            content = (cs, ce)
        else:
            k = last
            # "said on Thursday that ...", "told reporters that ...": content after "that"
            for x in range(last, min(hi, last + 8)):
                w = texts[x].lower()
                if w == "that":
                    k = x + 1
                    break
                if w in (",", ":") or texts[x] in _QUOTE_TOKENS or tags[x].startswith("VB"):
                    break
            while k < hi and texts[k].lower() in ("that", ",", ":"):
                k += 1
            e = hi
            while e > k and (texts[e - 1] in _FINAL_PUNCT or texts[e - 1] in _QUOTE_TOKENS):
                e -= 1
            if e - k >= 3:
                content = (starts[k], ends[e - 1])
        # at least three words (splitting off two is enough to tell)
        if content is None or len(text[content[0]:content[1]].split(None, 2)) < 3:
            continue
        if in_quote(content[0]) and in_quote(content[1] - 1):
            continue
        st, en = min(content[0], s0), max(content[1], e0)
        mentions.append(row("indirect", st, en, a, content[0], content[1]))
    # according to X
    for a_start, a_end in according:
        if in_quote(a_start):
            continue
        k = bisect_left(starts, a_end)
        if k >= len(starts):
            continue
        ss, se = _source_after(text, toks, k, bounds[k][1])
        if ss < 0:
            continue
        mentions.append(row("according_to", a_start, se, None, speaker=(text[ss:se], ss, se)))
    # anonymous sources
    if anon_lexicon is not None:
        for h in by_lex.get(anon_lexicon, []):
            sense = h.payloads[0]
            end = h.start + sense.span if getattr(sense, "span", -1) >= 0 else h.end
            k = min(bisect_left(starts, h.start), len(starts) - 1)
            a_near = None
            if starts:
                lo, hi = bounds[k]
                lo_c, hi_c = starts[lo], ends[hi - 1]
                a_near = next((a for a in attrs if a.speaker and lo_c <= a.verb_start < hi_c), None)
            mentions.append(row("anonymous", h.start, end, a_near))
    mentions.sort(key=lambda r: (r["start"], r["end"]))
    quoted_words = sum(len(text[q.content_start:q.content_end].split()) for q in quotes)
    keys = [a.key for idx, a in enumerate(attrs) if a.speaker]
    return {"mentions": mentions, "quotes": quotes, "attributions": attrs, "links": links,
            "n_words": n_words, "quoted_words": quoted_words, "speaker_keys": keys,
            "named": [a.speaker_tok_end > 0 and tags[a.speaker_tok_end - 1] in _NAME_TAGS
                      for a in attrs if a.speaker]}


# ---------------------------------------------------------------------------
# the extractor

FEATURES: tuple[str, ...] = (
    "n_quotes", "n_direct", "n_indirect", "quoted_word_share", "n_speakers", "quotes_per_speaker",
    "n_according_to", "n_anonymous", "n_loaded_verbs", "n_neutral_verbs", "loaded_verb_share",
)


class SourcingFeatures(BaseExtractor):
    """Whose voices an article carries and how they are introduced: quotes, speakers, reporting verbs.

    Parameters
    ----------
    fields : sequence of str, default ("title", "captions", "text")
        Text columns to read; counts are summed over them.
    report_verbs : str, path or Lexicon, default "report-verbs"
        Lexicon of reporting verbs; every label needs a ``stance`` tag
        (``neutral``: *said, told, added, reported*; ``loaded``: *claimed,
        admitted, insisted, conceded, alleged*).
    anonymous : str, path, Lexicon or None, default "anonymous-sourcing"
        Lexicon of anonymous-sourcing cues; None counts none.

    Notes
    -----
    Feature columns (prefix ``sourcing__``), one row per article:

    ``n_quotes``
        ``n_direct + n_indirect``.
    ``n_direct``
        Direct quotes (quotation-mark spans, see :func:`find_quotes`).
    ``n_indirect``
        Indirect speech: attributions (speaker + reporting verb) that introduce
        at least three words of content without quotation marks and are not the
        attribution of an adjacent direct quote. An indirect statement that
        embeds a partial quote counts once here and the partial quote once in
        ``n_direct``.
    ``quoted_word_share``
        Words inside direct quotes / all words (white-space split) of the fields
        read; NaN for an article without words.
    ``n_speakers``
        Distinct speakers of attributions (keyed by their last word; ``he``/``she``
        resolved to the latest named speaker, ``they``/``it``/``we`` to the latest
        speaker; unresolvable pronouns are not counted).
    ``quotes_per_speaker``
        Attributed quotes (direct quotes with a speaker + indirect statements) /
        ``n_speakers``; NaN when there is no speaker.
    ``n_according_to``
        ``according to X`` attributions.
    ``n_anonymous``
        Anonymous-sourcing cues.
    ``n_loaded_verbs``, ``n_neutral_verbs``
        Reporting verbs used in attributions, by their lexicon ``stance``.
    ``loaded_verb_share``
        ``n_loaded_verbs / (n_loaded_verbs + n_neutral_verbs)``; NaN when the
        article has no attributed reporting verb (undefined, not zero: an article
        without attributions has no verb choice to measure).

    Mentions columns: ``doc_id, field, sentence_id, start, end, matched, kind,
    speaker, speaker_start, speaker_end, verb, verb_class, quote_start,
    quote_end``. ``kind`` is ``direct_quote`` (span includes the marks;
    ``quote_start``/``quote_end`` delimit the words inside), ``indirect`` (span
    covers speaker, verb and content; ``quote_*`` the content), ``attribution``
    (speaker and verb), ``according_to`` (``speaker`` is the source named) or
    ``anonymous`` (the cue; speaker/verb of the attribution in its sentence when
    there is one). Missing offsets are ``-1``, missing strings ``''``.

    References
    ----------
    .. [1] Bell, A. (1991). *The Language of News Media*. Oxford: Blackwell.
    .. [2] Pareti, S. (2012). A database of attribution relations. *LREC 2012*.
    .. [3] Recasens, M., Danescu-Niculescu-Mizil, C. and Jurafsky, D. (2013).
       Linguistic models for analyzing and detecting biased language. *ACL 2013*.

    Examples
    --------
    >>> sf = SourcingFeatures(fields=("text",)).fit([""])
    >>> text = '"We will win," Kremlin spokesman Dmitry Peskov said. Critics claimed the plan had failed.'
    >>> feats, ments = sf.extract([text])
    >>> feats[["sourcing__n_direct", "sourcing__n_indirect", "sourcing__n_loaded_verbs"]].values.tolist()
    [[1.0, 1.0, 1.0]]
    >>> ments.loc[ments.kind == "direct_quote", ["speaker", "verb", "verb_class"]].values.tolist()
    [['Dmitry Peskov', 'said', 'neutral']]
    """

    prefix = "sourcing"
    mention_columns = ("kind", "speaker", "speaker_start", "speaker_end", "verb", "verb_class",
                       "quote_start", "quote_end")

    def __init__(self, *, fields: Sequence[str] = DEFAULT_FIELDS, report_verbs: Any = "report-verbs",
                 anonymous: Any = "anonymous-sourcing") -> None:
        self.fields = fields
        self.report_verbs = report_verbs
        self.anonymous = anonymous

    def _fit(self, docs: list[Document]) -> None:
        from framing.lexicons.schema import load_lexicon

        if self.report_verbs is None:
            raise ValueError("report_verbs is None: give a lexicon name such as 'report-verbs', a path or a Lexicon")
        lex = load_lexicon(self.report_verbs)
        classes: dict[tuple[str, str], str] = {}
        for cname, concept in lex.concepts.items():
            for lname, label in concept.labels.items():
                classes[(cname, lname)] = label.tags.get("stance", "")
        if not any(classes.values()):
            raise ValueError(
                f"lexicon {lex.name!r} has no label with a 'stance' tag; SourcingFeatures needs each reporting "
                "verb tagged stance: neutral or stance: loaded (see framing/lexicons/data/report-verbs.yaml)"
            )
        self.verb_classes_ = classes
        self.verb_lexicon_ = lex.name
        self.matcher_ = lex.matcher()
        self.anon_lexicon_ = None
        if self.anonymous is not None:
            anon = load_lexicon(self.anonymous)
            if anon.name == lex.name:
                raise ValueError(f"report_verbs and anonymous are the same lexicon {lex.name!r}; give two lexicons")
            anon.add_to(self.matcher_)
            self.anon_lexicon_ = anon.name

    def _feature_names(self) -> list[str]:
        return list(FEATURES)

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.parse import gc_paused

        # the tokens made for this article die with it: no collection needs to see them
        with gc_paused():
            return self._extract_fields(doc)

    def _extract_fields(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.sentences import sentence_spans

        mentions: list[dict[str, Any]] = []
        n_words = quoted = 0
        kinds = {"direct_quote": 0, "indirect": 0, "according_to": 0, "anonymous": 0}
        loaded = neutral = attributed = 0
        speakers: set[str] = set()
        last_named = last_any = ""
        for field in self._fields():
            text = doc.fields.get(field, "")
            if not text or text.isspace():
                continue
            res = analyze_text(text, self.matcher_, self.verb_classes_, self.verb_lexicon_, self.anon_lexicon_)
            n_words += res["n_words"]
            quoted += res["quoted_words"]
            for key, named in zip(res["speaker_keys"], res["named"]):
                resolved = _resolve_key(key, last_named, last_any)
                if resolved:
                    speakers.add(resolved)
                    if key not in _SUBJECT_PRONOUNS:
                        last_any = key
                        if named:
                            last_named = key
            spans = sentence_spans(text)
            for m in res["mentions"]:
                kind = m["kind"]
                if kind in kinds:
                    kinds[kind] += 1
                if kind == "attribution":
                    if m["verb_class"] == "loaded":
                        loaded += 1
                    elif m["verb_class"] == "neutral":
                        neutral += 1
                elif kind in ("direct_quote", "indirect") and m["speaker"]:
                    attributed += 1
                # the row is analyze_text's own dict, completed in place (one dict per mention)
                m["field"] = field
                m["sentence_id"] = sentence_id_at(spans, m["start"])
                mentions.append(m)
        n_speakers = len(speakers)
        values = {
            "n_quotes": float(kinds["direct_quote"] + kinds["indirect"]),
            "n_direct": float(kinds["direct_quote"]),
            "n_indirect": float(kinds["indirect"]),
            "quoted_word_share": quoted / n_words if n_words else math.nan,
            "n_speakers": float(n_speakers),
            "quotes_per_speaker": attributed / n_speakers if n_speakers else math.nan,
            "n_according_to": float(kinds["according_to"]),
            "n_anonymous": float(kinds["anonymous"]),
            "n_loaded_verbs": float(loaded),
            "n_neutral_verbs": float(neutral),
            "loaded_verb_share": loaded / (loaded + neutral) if loaded + neutral else math.nan,
        }
        return values, mentions
