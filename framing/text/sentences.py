"""One sentence splitter for every extractor: character spans, offline, fast.

:func:`sentences` (alias :func:`sentence_spans`) returns ``(start, end)``
character spans into the text as given, so every mentions table can report
``sentence_id`` values that agree.  :func:`split_sentences` returns the
strings.  The splitter is rule based and needs no model or downloaded data.

Guarantees
----------
* spans are ordered and do not overlap; ``end`` is exclusive;
* a span never starts or ends with white space;
* every non-white-space character of the text lies in exactly one span;
* an empty or white-space-only text has no spans.

Rules
-----
Candidate boundaries come from one compiled regular expression (a single
linear pass; no per-character Python loop): a run of terminal punctuation
(``.``, ``?``, ``!``, ``…``, a spaced ``. . .``) with any closing quotes or
brackets after it, followed by white space; a line break; a bullet character.
Each candidate is then judged from the token before it, the white space
after it and the next token:

1. **Blank line** (two line breaks with only white space between): always a
   boundary.
2. **Single line break**: a boundary after terminal punctuation; otherwise a
   boundary unless the next line starts with a lower-case letter (a wrapped
   line).  In the news corpora checked (BASIL, AllSides, MBIC article texts)
   single line breaks separate paragraphs, headings, list items and embedded
   posts, never wrapped sentences; the exception only keeps hard-wrapped plain
   text in one piece.
3. **Continuation**: a next token that starts with a lower-case letter, a
   dash, a comma, colon or semicolon continues the sentence (``U.S.
   officials``, ``"Why?" he asked``, ``... and then``, ``Me. — Paul``);
   brand names such as ``iPhone`` count as capitalised.
4. ``?`` and ``!`` end a sentence, except a quotation followed by its
   attribution (``"Why now?" Mr. Jordan asked.``).
5. **Titles** (``Mr. Dr. Sen. Gov. Lt. ...``, also ``then-Rep.`` and ``DR.``)
   never end a sentence.
6. **Other abbreviations** (months, ``U.S.``, ``a.m.``, ``Inc.``, ``etc.``,
   US state abbreviations, single initials as in ``John F. Kennedy``, dotted
   initials as in ``J.R.R.``) end a sentence only when the next word is a
   common sentence starter (``in the U.S. The ...``), never before a number
   (``Jan. 5``); ``No.``, ``pp.`` and the like are abbreviations only before
   a number.
7. **Ellipses** end a sentence only before a capitalised sentence starter; an
   ellipsis standing after terminal punctuation stays with that sentence
   (``We must win. ... And``), one that opens a sentence never ends it.
8. **Closing quotes and brackets** after the punctuation belong to the
   sentence (``he said."``); in tokenized text a detached ``”`` or ``)`` is
   taken along too, and a detached ``"`` when it closes an open quotation
   (odd number of straight quotes before it on the line).
9. A period after a number or letter at the start of a line is a list marker
   (``1. First item``); a bullet (``•``) starts a new sentence.
10. Decimal numbers (``3.4 pct``, ``$1.5 billion``) and internal periods
    (``Breitbart.com``) are never candidates: a candidate needs white space
    after it.

The abbreviations and sentence starters are data: the module-level frozensets
:data:`TITLES`, :data:`ABBREVIATIONS`, :data:`NUMBER_ABBREVIATIONS` and
:data:`SENTENCE_STARTERS`.  Results are cached per text (LRU, 4,096 texts),
so several extractors splitting the same article pay once.

Examples
--------
>>> text = 'Mr. Smith arrived at 5 p.m. on Jan. 5. He said, "We won." Then he left.'
>>> split_sentences(text)
['Mr. Smith arrived at 5 p.m. on Jan. 5.', 'He said, "We won."', 'Then he left.']
>>> sentences("Prices rose 3.4 pct in the U.S. The dollar fell.")
[(0, 31), (32, 48)]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "NUMBER_ABBREVIATIONS",
    "SENTENCE_STARTERS",
    "TITLES",
    "boundary_scores",
    "sentence_spans",
    "sentences",
    "split_sentences",
]

logger = logging.getLogger(__name__)

#: Titles and ranks written before a name: never the end of a sentence.
TITLES: frozenset[str] = frozenset(
    """
    Mr Mrs Ms Messrs Mmes Mme Mlle Dr Drs Prof Profs Rev Revs Fr Msgr Hon Pres Amb
    Gen Gens Sen Sens Rep Reps Gov Govs Lt Col Cols Sgt Capt Adm Maj Cpl Pvt Spc Cmdr Cmdt
    Brig Insp Det Supt Atty Cong
    """.split()
)

#: Abbreviations that usually sit inside a sentence but may end one
#: (``in the U.S. The ...``): a boundary only before a sentence starter.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    Jr Sr Inc Corp Co Cos Ltd Bros Assn Dept Univ Govt Intl Natl Ret
    St Ste Mt Ft Ave Blvd Rd Hwy Sq Pl Ln
    etc vs v al approx est cf ca viz
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Me Mass Mich Minn Miss
    Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo
    Ph.D M.D B.A M.A U.S U.K U.N E.U D.C a.m p.m e.g i.e
    """.split()
)

#: Abbreviations that are abbreviations only before a number (``No. 5``,
#: ``pp. 3-4``); elsewhere (``"No." He shook his head``) they are words.
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    "No Nos no nos Vol Vols vol vols Fig Figs fig figs Art art Ch ch p pp Sec sec Ex ex".split()
)

#: Words that commonly open a sentence in news prose; after an abbreviation
#: (``in the U.S. The``) one of these marks a new sentence.  Words that are
#: also frequent names (Will, May, Bill, Mark) are deliberately left out.
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    A An The This That These Those There Here It Its It's It’s He He's He’s She She's She’s
    They They're They’re Their We We're We’re Our I I'm I’m My You Your His Her Him
    But And Or So Yet Nor Still However Meanwhile Moreover Also Instead Indeed Even Now Then
    In On At For With As After Before When While If Although Though Because Since Until Unless
    Once During Despite Among Under Over By From To Of Into About Against Without Through
    What Who Whom Whose Why How Where Which Whether
    Some Many Most Much More All Both Each Every Any Another Other Others Several Few No Not
    None Such One Two Three Four Five Six Seven Eight Nine Ten
    Last Earlier Later Today Yesterday Tomorrow According Asked Speaking
    Is Are Was Were Do Does Did Has Have Had Can Could Should Would Must
    Officials Critics Experts Analysts Lawmakers Democrats Republicans People
    """.split()
)

_OPENERS = "\"'“‘«([{¿¡"
_ELLIPSIS_CHARS = frozenset("…. \t")
_CONTINUATION = frozenset("—–―,;:")  # a next token starting so continues the sentence
_QUOTES = frozenset("\"'”’»")
_TOKEN_WINDOW = 48  # characters looked at to find the token before a period

# One pass over the text finds every candidate boundary.  The pattern starts
# with a single character class, so the regex engine skips ahead in C between
# candidates; the branch is chosen by that first character:
#   . ? ! …  terminal punctuation ("more" of it, or a spaced ". . ."); an
#            ellipsis standing after it ("well. ... I" keeps it with "well."),
#            closing quotes/brackets ("close"; a space before a curly closer is
#            allowed for tokenized text), then white space ("gap")
#   \n       a line break (after a line that does not end in terminal punctuation)
#   bullet   a bullet character followed by white space
_CANDIDATES = re.compile(
    r"""
    [.?!…\n•▪●■◦‣⁃]
    (?:
        (?<=[.?!…])(?<![.?!…].)            # the first of a punctuation run
        (?P<more>(?>(?:[ \t]\.){2}|[.?!…]*+))
        (?:[ \t]+(?:\.\.\.|…)(?=[\s"'”’»)\]}]))?
        (?P<close>(?:[ \t]?[”’»)\]}]|["'])*+)
        (?P<gap>\s+)
      | (?<=\n)\s*
      | (?<=[•▪●■◦‣⁃])(?=\s)
    )
    """,
    re.VERBOSE,
)
_PUNCT_CHARS = frozenset(".?!…")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\Z")
_LIST_MARKER = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})\Z")
_NEXT_TOKEN = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
#: A quotation ending in ? or ! followed by its attribution ("Why?" Smith asked.)
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.’'-]*,?\s+){1,4}(?:was\s+|has\s+|had\s+)?"
    r"(?:said|says|asked|asks|added|adds|continued|continues|replied|replies|wrote|writes"
    r"|told|tells|recalled|tweeted|tweets|shouted|yelled|exclaimed|insisted|argued|noted"
    r"|declared|demanded|quipped|responded|countered|remarked|joked|explained|cried"
    r"|screamed|wondered|pressed|chanted|posted)\b"
)


def _is_lower_start(word: str) -> bool:
    """Lower-case first letter, except camel-case brands such as ``iPhone``."""
    if not word or not word[0].islower():
        return False
    return not (len(word) > 1 and word[1].isupper())


def _token_before(text: str, pos: int) -> tuple[str, bool]:
    """The token that ends at ``pos`` and whether it is attached to ``pos``.

    A detached token (``Sen .`` in tokenized text) is the previous word.
    """
    seg = text[max(0, pos - _TOKEN_WINDOW) : pos]
    if not seg:
        return "", True
    if seg[-1].isspace():
        words = seg.rsplit(None, 1)
        return (words[-1] if words else ""), False
    return seg.rsplit(None, 1)[-1], True


def _core(tok: str) -> str:
    """Strip opening quotes/brackets and a hyphenated prefix (``then-Rep`` -> ``Rep``)."""
    core = tok.lstrip(_OPENERS)
    for dash in "-–—":
        if dash in core:
            core = core.rpartition(dash)[2]
    return core


def _at_line_start(text: str, pos: int) -> bool:
    """Whether only spaces or tabs separate ``pos`` from the previous line break."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos == 0 or text[pos - 1] == "\n"


def _lone_closing_quote(text: str, pos: int, stop: int, state: list[int]) -> bool:
    """Whether a detached ``"`` at ``pos`` closes an open quotation (tokenized text).

    The straight quote closes a quotation when an odd number of straight
    quotes precede it on its line.  ``state`` holds ``[position, parity]`` of
    the count so far, so a text is counted once however many quotes it has.
    """
    if text[pos] != '"' or (pos + 1 < stop and not text[pos + 1].isspace()):
        return False
    counted, parity = state
    line_break = text.rfind("\n", counted, pos)
    if line_break >= 0:
        counted, parity = line_break + 1, 0
    parity = (parity + text.count('"', counted, pos)) & 1
    state[0], state[1] = pos, parity
    return parity == 1


def _has_word(text: str, start: int, pos: int, state: list[int]) -> bool:
    """Whether ``text[start:pos]`` holds a word character.

    ``state`` is ``[start, scanned up to, found]`` for the current sentence, so
    a run of bullets or ellipses is scanned once, not once per candidate.
    """
    if state[0] != start:
        state[:] = [start, start, 0]
    if not state[2] and state[1] < pos:
        state[2] = int(_WORD_CHAR.search(text, state[1], pos) is not None)
        state[1] = pos
    return bool(state[2])


def _punct_boundary(
    text: str, m: re.Match[str], start: int, stop: int, quotes: list[int], words: list[int]
) -> tuple[int, int] | None:
    """Judge a terminal-punctuation candidate.

    Returns ``(end of this sentence, start of the next)`` for a boundary, else
    ``None``.
    """
    end = m.start("gap")
    nxt_pos = m.end()
    if "\n" in m.group("gap"):
        return end, nxt_pos  # a line that ends in terminal punctuation
    if _lone_closing_quote(text, nxt_pos, stop, quotes):
        end = nxt_pos + 1
        ws = _SPACE.match(text, end)
        if ws is None or "\n" in ws.group():
            return end, (stop if ws is None else ws.end())
        nxt_pos = ws.end()
    nm = _NEXT_TOKEN.match(text, nxt_pos)
    nxt = "" if nm is None else nm.group().lstrip(_OPENERS)
    if not nxt:
        return end, nxt_pos  # only opening quotes/brackets follow
    if _is_lower_start(nxt) or nxt[0] in _CONTINUATION:
        return None
    punct_end = m.end("more")
    punct = text[m.start() : punct_end]
    if "?" in punct or "!" in punct:
        if end > punct_end and _ATTRIBUTION.match(text, nxt_pos):
            if not _QUOTES.isdisjoint(text[punct_end:end]):
                return None
        return end, nxt_pos
    if len(punct) > 1 and set(punct) <= _ELLIPSIS_CHARS or punct == "…":
        if not _has_word(text, start, m.start(), words):
            return None  # the ellipsis opens this sentence ("... And then")
        return (end, nxt_pos) if nxt in SENTENCE_STARTERS else None
    tok, attached = _token_before(text, m.start())
    core = _core(tok)
    if core in TITLES or (core.isupper() and core.capitalize() in TITLES):
        return None
    first = nxt[0]
    if core in NUMBER_ABBREVIATIONS and first.isdigit():
        return None
    if core in ABBREVIATIONS or (len(core) == 1 and core.isupper()) or _DOTTED.match(core):
        if first.isdigit() or nxt not in SENTENCE_STARTERS:
            return None
        return end, nxt_pos
    if (
        attached
        and _LIST_MARKER.match(tok) is not None
        and _at_line_start(text, m.start() - len(tok))
    ):
        return None
    return end, nxt_pos


@lru_cache(maxsize=4096)
def _spans_cached(text: str) -> tuple[tuple[int, int], ...]:
    stop = len(text.rstrip())
    if stop == 0:
        return ()
    start = len(text) - len(text.lstrip())
    spans: list[tuple[int, int]] = []
    quotes = [start, 0]  # straight-quote parity, counted up to a position
    words = [start, start, 0]  # word character seen in the current sentence
    for m in _CANDIDATES.finditer(text, start, stop):
        kind = text[m.start()]
        if kind in _PUNCT_CHARS:
            if m.end() >= stop:
                continue
            found = _punct_boundary(text, m, start, stop, quotes, words)
            if found is None:
                continue
            end, nxt = found
        else:
            if kind == "\n":
                if m.end() >= stop:
                    continue
                if m.group().count("\n") < 2:  # single line break
                    nm = _NEXT_TOKEN.match(text, m.end())
                    if nm is not None and _is_lower_start(nm.group().lstrip(_OPENERS)):
                        continue
                nxt = m.end()
            else:  # a bullet starts the next sentence, unless only bullets precede
                if not _has_word(text, start, m.start(), words):
                    continue
                nxt = m.start()
            end = m.start()
            while end > start and text[end - 1].isspace():
                end -= 1
        if end > start and nxt < stop:
            spans.append((start, end))
            start = nxt
    spans.append((start, stop))
    return tuple(spans)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split a text into sentences and return their character spans.

    Parameters
    ----------
    text : str
        Any text; line breaks are kept as they are (see the module rules).

    Returns
    -------
    list of tuple of (int, int)
        ``(start, end)`` offsets into ``text`` (``end`` exclusive), ordered,
        without leading or trailing white space, covering every
        non-white-space character exactly once.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    References
    ----------
    .. [1] Grefenstette, G. and Tapanainen, P. (1994). What is a word, what is
       a sentence? Problems of tokenization. COMPLEX'94, Budapest.
    .. [2] Kiss, T. and Strunk, J. (2006). Unsupervised multilingual sentence
       boundary detection. Computational Linguistics 32(4), 485-525.

    Examples
    --------
    >>> sentence_spans("John F. Kennedy spoke. Crowds cheered!")
    [(0, 22), (23, 38)]
    >>> sentence_spans("   ")
    []
    """
    if not isinstance(text, str):
        raise TypeError(
            f"sentence_spans expects a str, got {type(text).__name__}; "
            "convert the value (e.g. a pandas cell) to str first"
        )
    return list(_spans_cached(text))


#: The public name: ``framing.sentences(text)`` returns spans.
sentences = sentence_spans


def split_sentences(text: str) -> list[str]:
    """Split a text into sentence strings (see :func:`sentence_spans`).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        ``[text[s:e] for s, e in sentence_spans(text)]``.

    Examples
    --------
    >>> split_sentences("It rained in Washington, D.C. on Friday. Nobody came.")
    ['It rained in Washington, D.C. on Friday.', 'Nobody came.']
    """
    return [text[s:e] for s, e in sentence_spans(text)]


def _ends(spans: Iterable[Sequence[int]], text: str | None) -> set[int]:
    ends: set[int] = set()
    for span in spans:
        if len(span) < 2:
            raise ValueError(
                f"expected (start, end) spans, found {span!r}; pass lists of 2-tuples"
            )
        start, end = int(span[0]), int(span[1])
        if text is not None:
            end = start + len(text[start:end].rstrip())
            if end == start:
                continue  # a white-space-only span marks no boundary
        ends.add(end)
    return ends


def boundary_scores(
    pred_spans_list: Sequence[Iterable[Sequence[int]]],
    gold_spans_list: Sequence[Iterable[Sequence[int]]],
    texts: Sequence[str] | None = None,
) -> dict[str, float]:
    """Micro-averaged boundary precision, recall and F1 of sentence spans.

    A *boundary* is the end offset of a sentence after trailing white space is
    stripped from the span (when ``texts`` is given; otherwise the end offset as
    is).  Per document, predicted and gold boundaries are compared as sets, the
    end of the last sentence included; counts are summed over documents.

    Parameters
    ----------
    pred_spans_list, gold_spans_list : sequence of iterables of (start, end)
        Predicted and reference spans, one entry per document, same length.
    texts : sequence of str, optional
        The documents, used to strip trailing white space from spans.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1`` (floats) and ``tp``, ``n_pred``,
        ``n_gold`` (counts, as floats).

    Raises
    ------
    ValueError
        If the lists differ in length or a span is not a pair.

    References
    ----------
    .. [1] Palmer, D. D. and Hearst, M. A. (1997). Adaptive multilingual
       sentence boundary disambiguation. Computational Linguistics 23(2),
       241-267.
    .. [2] Read, J., Dridan, R., Oepen, S. and Solberg, L. J. (2012). Sentence
       boundary detection: a long solved problem? COLING 2012: Posters,
       985-994.

    Examples
    --------
    >>> s = boundary_scores([[(0, 5), (6, 10)]], [[(0, 10)]])
    >>> (s["precision"], s["recall"], s["f1"])
    (0.5, 1.0, 0.6666666666666666)
    """
    if len(pred_spans_list) != len(gold_spans_list):
        raise ValueError(
            f"boundary_scores got {len(pred_spans_list)} predicted and "
            f"{len(gold_spans_list)} gold documents; pass one span list per document in both"
        )
    if texts is not None and len(texts) != len(gold_spans_list):
        raise ValueError(
            f"boundary_scores got {len(texts)} texts for {len(gold_spans_list)} documents; "
            "pass one text per document or texts=None"
        )
    tp = n_pred = n_gold = 0
    for i, (pred, gold) in enumerate(zip(pred_spans_list, gold_spans_list)):
        text = None if texts is None else texts[i]
        p, g = _ends(pred, text), _ends(gold, text)
        tp += len(p & g)
        n_pred += len(p)
        n_gold += len(g)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": float(tp),
        "n_pred": float(n_pred),
        "n_gold": float(n_gold),
    }
