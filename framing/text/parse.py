"""One offline parser wrapper: tokens with character offsets, POS tags and chunks.

Every extractor that needs syntax (labels, sourcing, agency) calls
:func:`parse_sentences` or :func:`parse_tokens`, so tokens, tags and offsets
agree across their mentions tables. The tagger and chunker are those of the
Pattern shallow parser bundled with TextBlob (``textblob.en``): its Brill
lexicon (about 94,000 words with Penn Treebank tags), its suffix rules for
unknown words and its regular-expression NP/VP/PP/ADJP/ADVP chunker [1]_ [2]_.
Nothing is downloaded; no NLTK data is needed.

What this module does itself, and why:

* **Tokenization with offsets.** Pattern's tokenizer rewrites the text
  (``Syria's`` becomes ``Syria ' s``, ``don't`` becomes ``do n ' t``) and
  loses positions. Here one regular expression finds the tokens of the
  original text, Penn-Treebank style: clitics are split off (``Syria`` +
  ``'s``, ``do`` + ``n't``; straight or curly apostrophes), hyphenated words
  stay whole (``al-Sharaa``, ``Hezbollah-led``), dotted abbreviations stay
  whole (``U.S.``, ``Mr.``), numbers keep their decimals and thousands
  separators. So ``text[token.start:token.end] == token.text`` always holds.
* **Tagging** looks up a normalized form (curly quotes made straight) in the
  lexicon, as Pattern does, with a few fixes for news text: in a sentence
  written in capitals (``PUTIN OFFERS SUPPORT``) or in title case (a headline:
  ``Obama Mocks Congress``) a capitalized word missing from the lexicon is
  looked up in lower case, as Pattern does only for the first word, so verbs
  stay verbs and unknown words stay proper nouns (``NNP``); Arabic and
  European name particles (``al-Sharaa``, ``bin-Salman``, ``al Qaeda``,
  ``von der Leyen``) are ``NNP`` rather than the ``JJ`` or ``NNS`` Pattern
  gives them; ``'s`` is ``POS`` after a
  noun and ``VBZ`` after a pronoun (``he's``); ``'`` right after a plural
  word is a possessive (``officials'``) unless it closes a quotation.
* **Chunking** uses Pattern's chunk rules unchanged, with a linear-time
  loop (Pattern's own is quadratic in the sentence length), so a
  10,000-word "sentence" is parsed in well under a second.
* **One parse per sentence, cached per text.** Texts are split with
  :func:`framing.text.sentences.sentence_spans`, each sentence is tagged and
  chunked once, and the result is kept in an LRU cache keyed by the text
  (:data:`CACHE_SIZE` texts), so several extractors over the same corpus
  parse each text once. The cache holds the text column by column
  (:class:`ParsedText`: a tuple of interned strings per token attribute and
  integer arrays for the offsets, which Python's garbage collector stops
  tracking or never tracks), and :func:`parse_tokens` and
  :func:`parse_sentences` make their own :class:`Token` objects from it at
  each call: a cache of a million cached tokens would otherwise be traversed
  again by every full collection, which cost more than making the tokens
  again. Extractors read the columns themselves (:func:`parse_columns`) and
  make no token objects at all; lemmas, which they seldom need, are worked
  out only for the tokens asked for (:meth:`ParsedText.lemma`).

How it stays fast without changing a single output: the pattern runs
sentence by sentence, and every step after it runs once over all the tokens
of a text; offsets follow from the lengths of the regular-expression matches
(no per-token loop) and each distinct match is stripped and interned once;
clitics are split only where a token can end in one; in ordinary sentences a
word's tag depends on the word alone, so it is kept per word; chunk rules run
over a string of one character per tag, cut where no rule can match across two
neighbours, and each distinct piece is chunked once; lemmas are kept per
(word, tag), and Pattern's singularizer runs with its word-list scans turned
into suffix lookups. These per-word tables are emptied when they grow past
262,144 entries (a few tens of MB at most).

Lemmas are the lower-cased word, with plural nouns singularized (Pattern's
``singularize``) and verbs reduced to their base form by a small table of
irregular verbs plus suffix rules checked against the lexicon.

References
----------
.. [1] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. Journal of
   Machine Learning Research 13, 2063-2067.
.. [2] Brill, E. (1992). A simple rule-based part of speech tagger.
   Proceedings of the Third Conference on Applied Natural Language
   Processing (ANLP), 152-155.

Examples
--------
>>> toks = parse_tokens("Syria's interim President Ahmed al-Sharaa spoke.")
>>> [(t.text, t.pos) for t in toks][:6]
[('Syria', 'NNP'), ("'s", 'POS'), ('interim', 'JJ'), ('President', 'NNP'), ('Ahmed', 'NNP'), ('al-Sharaa', 'NNP')]
>>> all(t.text == "Syria's interim President Ahmed al-Sharaa spoke."[t.start:t.end] for t in toks)
True
"""

from __future__ import annotations

import gc
import logging
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache, partial
from itertools import accumulate, chain, compress
from operator import itemgetter, sub
from sys import intern
from typing import NamedTuple

from framing.text.sentences import sentence_spans

__all__ = [
    "CACHE_SIZE",
    "ParsedText",
    "Phrase",
    "Token",
    "chunks",
    "clear_cache",
    "gc_paused",
    "lemma",
    "noun_phrases",
    "parse_columns",
    "parse_sentences",
    "parse_tokens",
    "tokenize",
]

log = logging.getLogger(__name__)

#: Number of texts whose parse is kept in memory (least recently used dropped first).
CACHE_SIZE = 4096


class Token(NamedTuple):
    """One token of a parsed text.

    Attributes
    ----------
    text : str
        The token exactly as in the text: ``text[start:end]``.
    start, end : int
        Character offsets into the text given to the parser (``end`` exclusive).
    pos : str
        Penn Treebank part-of-speech tag (``NNP``, ``VBD``, ``POS``, ...).
    chunk : str
        IOB chunk tag: ``B-NP``, ``I-NP``, ``B-VP``, ``B-PP``, ``B-ADJP``,
        ``B-ADVP``, ... or ``O`` outside any chunk.
    lemma : str
        Lower-case base form (``rebels`` -> ``rebel``, ``said`` -> ``say``).
    """

    text: str
    start: int
    end: int
    pos: str
    chunk: str
    lemma: str


class Phrase(NamedTuple):
    """A chunk: tokens ``tokens[i:j]`` covering characters ``start:end`` of the text."""

    label: str
    i: int
    j: int
    start: int
    end: int


class _Memo(dict):  # type: ignore[type-arg]
    """A dict that computes (and keeps) missing values; emptied when it grows past ``limit`` entries."""

    def __init__(self, fn: object, limit: int = 1 << 18) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit

    def __missing__(self, key: object) -> object:
        value = self.fn(key)  # type: ignore[operator]
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------

_TITLE_ABBR = (
    "Mr|Mrs|Ms|Messrs|Dr|Drs|Prof|Rev|Fr|Msgr|Hon|Pres|Amb|Gen|Gens|Sen|Sens|Rep|Reps|Gov|Govs|"
    "Lt|Col|Sgt|Capt|Adm|Maj|Cpl|Pvt|Cmdr|Brig|Insp|Det|Supt|Atty|St|Mt|Ft|Jr|Sr|Inc|Corp|Co|Cos|"
    "Ltd|Bros|Dept|Univ|Govt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|etc|vs|No|Nos|Vol|"
    "Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|"
    "Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|approx|est"
)

_TOKEN_RE = re.compile(
    r"""
    (?:https?://|www\.)[^\s"'<>()\[\]]*[^\s"'<>()\[\].,;:!?’”]      # URL
  | (?<![^\W\d_])(?=[^\W\d_]\.)(?:[^\W\d_]\.){2,}(?![^\W\d_])         # dotted abbreviation: U.S., a.m.
  | \b(?=[A-Za-z]+\.)(?:""" + _TITLE_ABBR + r""")\.(?=\s|$)            # Mr. Gen. Jan. Inc.
  | \b[A-Z]\.(?=\s+[A-Z])                                            # initial: John F. Kennedy
  | \b[A-Z]-(?:[A-Z]\.){2,}                                          # party-state: D-N.Y.
  | \d+(?:[.,:/]\d+)*(?:[^\W\d_]+)?                                   # 3.4  1,000  10:30  1990s  5th
  | \w+(?:(?:['’]|[-‐‑&])\w+)*                                       # word, hyphenated, O'Brien, AT&T
  | \.{2,}|-{2,}|[^\w\s]                                             # punctuation, one mark at a time
    """,
    re.VERBOSE,
)

# Each token with the white space before it: the pieces tile the text (every
# non-space character starts a token), so offsets follow from cumulative lengths.
# Two shortcuts come first: a word of ASCII letters followed by white space or
# closing punctuation, and a lone quotation mark, bracket or clause mark. No
# earlier alternative of _TOKEN_RE can match where they do (those need a ".",
# ":" or "-" after the letters, or a letter or digit first), so the tokens are
# the same, found sooner.
_PIECE_RE = re.compile(
    r"""\s*(?:[A-Za-z]+(?=[\s,;!?)\]"”]|$)|[,;:!?()\[\]"“”'’‘]|""" + _TOKEN_RE.pattern + ")", re.VERBOSE
)
_find_pieces = _PIECE_RE.findall

# A clitic at the end of a word: n't, 's, 're, 've, 'll, 'd, 'm (straight or curly apostrophe).
_CLITIC_RE = re.compile(r"(?i)(?:(?<=[a-z])n['’]t|['’](?:s|re|ve|ll|d|m))$")
# Where a token can end in a clitic (a superset: the token must also end there).
_CLITIC_HINT_RE = re.compile(r"(?i)['’](?:s|re|ve|ll|d|m|t)(?!\w)")
_NT_HOSTS = frozenset(
    "do does did is are was were has have had could would should must ca wo ai need might may sha dare ought".split()
)


def _tokens(text: str, offset: int = 0) -> tuple[list[str], list[int], list[int]]:
    """Token strings, start and end offsets (plus ``offset``) of ``text``, as three lists."""
    pieces = _find_pieces(text)
    if not pieces:
        return [], [], []
    texts = list(map(_INFO_TEXT, map(_PIECE_INFO.__getitem__, pieces)))
    ends = list(accumulate(map(len, pieces), initial=offset))
    del ends[0]
    starts = list(map(sub, ends, map(len, texts)))
    if "'" in text or "’" in text:
        at: list[int] = []
        if _clitics_at(text, offset, texts, ends, 0, len(ends), at):
            return _split_tokens(texts, starts, ends, at)[:3]
    return texts, starts, ends


def _clitic_split(tok: str) -> tuple[str, str] | None:
    """``(host, clitic)`` when the token ``tok`` is split before a clitic (``didn't`` ->
    ``did`` + ``n't``, ``Syria's`` -> ``Syria`` + ``'s``), else ``None``."""
    if len(tok) <= 2:
        return None
    c = _CLITIC_RE.search(tok)
    if c is None or c.start() == 0:
        return None
    q = c.start()
    host = tok[:q]
    if tok[q].lower() == "n" and host.lower() not in _NT_HOSTS:
        return None
    return intern(host), intern(tok[q:])


#: The split of each token text, or ``None``: the same words recur ("Trump's", "didn't").
_CLITIC_SPLITS = _Memo(_clitic_split)


def _clitics_at(text: str, offset: int, texts: list[str], ends: list[int], lo: int, hi: int,
                found: list[int]) -> int:
    """Append to ``found`` the indices, in ``lo:hi``, of the tokens of ``text`` (which starts at
    ``offset``) to split before a clitic, in order; return how many."""
    n = len(found)
    for m in _CLITIC_HINT_RE.finditer(text):
        h = m.end() + offset
        k = bisect_left(ends, h, lo, hi)
        if k < hi and ends[k] == h and _CLITIC_SPLITS[texts[k]] is not None:
            found.append(k)
    return len(found) - n


def _split_tokens(texts: list[str], starts: list[int], ends: list[int], at: list[int],
                  infos: list[tuple[str, str, str, str]] | None = None
                  ) -> tuple[list[str], list[int], list[int], list[tuple[str, str, str, str]]]:
    """The token lists with each token whose index is in ``at`` (ascending) split in two
    by :data:`_CLITIC_SPLITS`; the lists are built once, however many splits. ``infos``,
    when given, holds the :func:`_token_info` of each token, split along (else ``[]`` is returned)."""
    new_texts: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    new_infos: list[tuple[str, str, str, str]] = []
    prev = 0
    for k in at:
        new_texts += texts[prev:k]
        new_starts += starts[prev:k]
        new_ends += ends[prev:k]
        host, clitic = _CLITIC_SPLITS[texts[k]]
        s = starts[k]
        mid = s + len(host)
        new_texts += (host, clitic)
        new_starts += (s, mid)
        new_ends += (mid, ends[k])
        if infos is not None:
            new_infos += infos[prev:k]
            new_infos += (_TOKEN_INFO[host], _TOKEN_INFO[clitic])
        prev = k + 1
    new_texts += texts[prev:]
    new_starts += starts[prev:]
    new_ends += ends[prev:]
    if infos is not None:
        new_infos += infos[prev:]
    return new_texts, new_starts, new_ends, new_infos


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split ``text`` into ``(token, start, end)`` triples with character offsets.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of tuple of (str, int, int)
        Tokens in order, ``text[start:end] == token``.

    Examples
    --------
    >>> [t for t, _, _ in tokenize("Syria’s al-Sharaa didn't go to the U.S. in 2025.")]
    ['Syria', '’s', 'al-Sharaa', 'did', "n't", 'go', 'to', 'the', 'U.S.', 'in', '2025', '.']
    """
    return list(zip(*_tokens(text)))


# --------------------------------------------------------------------------
# Tagger
# --------------------------------------------------------------------------

_QUOTE_MAP = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "--", "—": "--"})
_NUMBER_RE = re.compile(r"^[\d.,:/%-]*\d[\d.,:/%-]*(?:s|st|nd|rd|th)?$")
_PARTICLE_RE = re.compile(
    r"^(?:al|el|ul|ad|ar|as|ash|at|az|an|ibn|bin|bint|ben|abu|abd|abdel|de|del|della|di|da|du|van|von|le|la|d|o|mc|mac)"
    r"[-‐‑'’][A-Z]"
)
_NAME_PARTICLES = frozenset(
    "al el ibn bin bint abu abd abdel de del della der den di da dos du van von ter".split()
)
_PRONOUN_S_HOSTS = frozenset(
    "he she it that there what who where here how when why let everyone everybody nobody someone somebody one".split()
)

_LEXICON: dict[str, str] | None = None


def _lexicon() -> dict[str, str]:
    global _LEXICON
    if _LEXICON is None:
        from textblob.en import lexicon

        _LEXICON = dict(lexicon.items())
    return _LEXICON


def _suffix_tag(word: str) -> str:
    """Pattern's English suffix rules for unknown lower-case words (``textblob._text._suffix_rules``)."""
    tag = "NN"
    if word.endswith("ing"):
        tag = "VBG"
    if word.endswith("ly"):
        tag = "RB"
    if word.endswith("s") and not word.endswith(("is", "ous", "ss")):
        tag = "NNS"
    if word.endswith(("able", "al", "ful", "ible", "ient", "ish", "ive", "less", "tic", "ous")) or "-" in word:
        tag = "JJ"
    if word.endswith("ed"):
        tag = "VBN"
    if word.endswith(("ate", "ify", "ise", "ize")):
        tag = "VBP"
    return tag


def _word_tag(w: str, first: bool = False) -> str:
    """Tag of a normalized word in a sentence not written in capitals or title case.

    It depends on the word alone (and on whether it opens the sentence), so it
    is kept per word (:data:`_TOKEN_INFO`, :data:`_FIRST_TAGS`).
    """
    get = _lexicon().get
    tag = get(w)
    if tag is None and first:
        tag = get(w.lower())
    if tag is None:
        if w[0].isupper() or (len(w) > 1 and w[0] in "-'" and w[1].isupper()):
            return "NNP"
        if _NUMBER_RE.match(w):
            return "CD"
        if _PARTICLE_RE.match(w):
            return "NNP"
        return _suffix_tag(w)
    if tag == "JJ" and "-" in w and _PARTICLE_RE.match(w):
        return "NNP"
    return tag


#: Tag of a word opening a sentence in ordinary case.
_FIRST_TAGS = _Memo(partial(_word_tag, first=True))


def _case_class(w: str) -> str:
    """One character for :func:`_case_of`: ``0`` short or not alphabetic; ``U``/``u`` in capitals
    (first letter upper-case or not); ``T`` capitalized; ``l`` otherwise."""
    if len(w) <= 3 or not w[0].isalpha():
        return "0"
    if w.isupper():
        return "U" if w[0].isupper() else "u"
    return "T" if w[0].isupper() else "l"


def _token_info(text: str) -> tuple[str, str, str, str]:
    """``(text, word, tag, case class)`` of a token: ``word`` is ``text`` with its quotes and dashes
    made plain, ``tag`` its tag anywhere but first in a sentence in ordinary case (:func:`_word_tag`),
    and the case class that of :func:`_case_class`."""
    word = text if text.isascii() else text.translate(_QUOTE_MAP)
    return text, word, _word_tag(word), _case_class(word)


#: :func:`_token_info` by token text.
_TOKEN_INFO = _Memo(_token_info)
#: :func:`_token_info` of the token of each piece (a token with the white space before it; the token
#: interned): pieces repeat (" the", " said"), and one look-up gives what would take four.
_PIECE_INFO = _Memo(lambda piece: _TOKEN_INFO[intern(piece.lstrip())])
_INFO_TEXT, _INFO_WORD, _INFO_TAG, _INFO_CLASS = map(itemgetter, range(4))

_FIX_WORDS = frozenset(("'s", "'S", "'", '"')) | _NAME_PARTICLES


def _fix_token(words: Sequence[str], tags: list[str], i: int, hi: int) -> None:
    """The fix of a ``'s``, ``"`` or name particle at ``i`` (not the first token of its sentence,
    which ends at ``hi``), in place: it looks at the token before or after only."""
    w = words[i]
    if w == "'s" or w == "'S":
        tags[i] = "VBZ" if words[i - 1].lower() in _PRONOUN_S_HOSTS else "POS"
    elif w == '"':
        tags[i] = '"'
    elif w in _NAME_PARTICLES and i + 1 < hi and tags[i + 1] in ("NNP", "NNPS") and words[i + 1][0].isupper():
        # "al Qaeda", "von der Leyen", "da Silva"
        tags[i] = "NNP"


def _fix_tags(words: list[str], tags: list[str], opening: frozenset[int] | set[int],
              attached: frozenset[int] | set[int]) -> None:
    """Fixes that need neighbours (``'s``, ``'``, ``"``, name particles), in place, in token order."""
    if _FIX_WORDS.isdisjoint(words):
        return
    fix = _FIX_WORDS
    for i in [i for i, w in enumerate(words) if w in fix]:
        if i == 0:
            continue
        if words[i] != "'":
            _fix_token(words, tags, i, len(words))
        elif i in opening:
            tags[i] = "``"
        elif words[i - 1][-1:] in ("s", "S") and tags[i - 1] in ("NNS", "NNPS", "NNP") and i - 1 in attached:
            # a possessive after a plural unless it closes a quotation opened in this sentence
            opened = sum(1 for k in opening if k < i) - sum(1 for k in range(i) if words[k] == "'" and
                                                               tags[k] == "''")
            tags[i] = "''" if opened > 0 else "POS"
        else:
            tags[i] = "''"


def _tag(
    words: list[str], case: str = "", opening: frozenset[int] = frozenset(), attached: frozenset[int] = frozenset()
) -> list[str]:
    """Penn tags for normalized words of one sentence (lexicon, then rules).

    ``case`` is ``"upper"`` for a sentence in capitals, ``"title"`` for one in
    title case (a headline: ``Obama Mocks Congress``), else ``""``; in both, a
    capitalized word not in the lexicon as written is looked up in lower case,
    as the first word of any sentence is. ``opening`` holds the indices of ``'`` tokens that open a quotation (white
    space before, a word after); ``attached`` the indices of tokens directly
    followed by the next token (no white space between).
    """
    if not words:
        return []
    if not case:
        # ordinary case: each word's tag depends on the word alone (first word aside)
        tags = list(map(_word_tag, words))
        tags[0] = _FIRST_TAGS[words[0]]
        _fix_tags(words, tags, opening, attached)
        return tags
    lex = _lexicon()
    get = lex.get
    tags = []
    upper = case == "upper"
    lookup_lower = bool(case)
    for i, w in enumerate(words):
        tag = get(w)
        if lookup_lower and tag not in ("NNP", "NNPS") and w[:1].isupper():
            # headline or capitals: the lower-case entry unless the word is a known proper noun
            exact = tag
            tag = get(w.lower())
            if tag is None and upper and len(w) > 1:
                tag = get(w[0] + w[1:].lower())
            if tag is None and exact is not None and not (len(w) > 3 and w[-1] in "sS"):
                tag = exact
        elif tag is None and i == 0:
            tag = get(w.lower())
        if tag is None and lookup_lower and len(w) > 3 and w[-1] in "sS":
            # "Mocks", "ACCUSES" in a headline: a verb when its stem is one or it follows a name
            lw = w.lower()
            stem = get(lw[:-1]) or (get(lw[:-2]) if lw.endswith("es") else None)
            if stem in ("VB", "VBP") or (stem is not None and i > 0 and tags[i - 1] in ("NNP", "NNPS")):
                tag = "VBZ"
            elif stem is not None:
                tag = "NNS"
        if tag is None:
            if w[0].isupper() or (len(w) > 1 and w[0] in "-'" and w[1].isupper()):
                tag = "NNP"
            elif _NUMBER_RE.match(w):
                tag = "CD"
            elif _PARTICLE_RE.match(w):
                tag = "NNP"
            else:
                tag = _suffix_tag(w)
        elif tag == "JJ" and "-" in w and _PARTICLE_RE.match(w):
            tag = "NNP"
        tags.append(tag)
    _fix_tags(words, tags, opening, attached)
    return tags


# --------------------------------------------------------------------------
# Chunker (Pattern's rules, linear time)
# --------------------------------------------------------------------------


# Pattern's chunk rules (``textblob._text.CHUNKS[0]``, in the order Pattern applies
# them) rewritten over one character per tag, so a match spans exactly its tokens:
# N noun/pronoun, D determiner/number, C conjunction, R adverb, J adjective,
# V verb, M modal, P preposition/"to", W wh-adverb, d WDT/PDT, x anything else.
_TAG_CLASS: dict[str, str] = {
    **dict.fromkeys(("NN", "NNS", "NNP", "NNPS", "PR", "PRP", "PRP$"), "N"),
    **dict.fromkeys(("DT", "CD"), "D"),
    **dict.fromkeys(("WDT", "PDT"), "d"),
    **dict.fromkeys(("CC", "CJ"), "C"),
    **dict.fromkeys(("RB", "RBR", "RBS"), "R"),
    **dict.fromkeys(("JJ", "JJR", "JJS"), "J"),
    **dict.fromkeys(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"), "V"),
    "MD": "M",
    **dict.fromkeys(("IN", "PP", "TO"), "P"),
    "WRB": "W",
}
_CHUNK_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("NP", re.compile(r"N*[DC]*[RJ]*N+|d[DC]*[RJ]*N+")),
    ("PP", re.compile(r"P+")),
    ("VP", re.compile(r"(?:[MR]*V+)+")),
    ("VP", re.compile(r"M")),
    ("ADJP", re.compile(r"[CRJ]*J+")),
    ("ADVP", re.compile(r"[RW]+")),
)


class _Codes(dict):  # type: ignore[type-arg]
    def __missing__(self, tag: str) -> str:
        return "x"


_CODES = _Codes(_TAG_CLASS)

# The pairs of neighbouring classes some chunk rule can match together (all others,
# found by trying every string of up to six classes against the rules): no chunk
# spans a boundary between any other two neighbours, so the pieces between such
# boundaries are chunked on their own, and each distinct piece only once.
_PIECES_RE = re.compile(
    r"x|P+|[^xP](?:(?<=[NDdC])[CDJNR]|(?<=R)[CJMNRVW]|(?<=J)[CJNR]|(?<=[VM])[MRV]|(?<=W)[RW])*"
)
_find_code_pieces = _PIECES_RE.findall


def _chunk(tags: list[str]) -> list[str]:
    """IOB chunk tags for one sentence with Pattern's chunk rules, in linear time.

    Gives what :func:`textblob._text.find_chunks` gives (``WDT`` and ``PDT`` start
    a noun phrase as a determiner would, as Pattern's substring match of ``DT``
    lets them).

    No rule matches across some pairs of neighbouring tokens (a punctuation mark,
    a noun then a verb, ...), so the pieces between them are chunked on their
    own (:data:`_PIECES_RE`), each distinct piece only once (:data:`_SEGMENTS`),
    and each distinct stretch between punctuation marks and prepositions is cut
    into pieces only once (:data:`_STRETCHES`).
    """
    code = "".join(map(_CODES.__getitem__, tags))
    return list(chain.from_iterable(map(_STRETCHES.__getitem__, _find_stretches(code))))


def _chunk_code(code: str) -> tuple[str, ...]:
    """IOB chunk tags for a string of tag classes (one character per token)."""
    n = len(code)
    out: list[str | None] = [None] * n
    for label, rule in _CHUNK_RULES:
        b, i_tag = "B-" + label, "I-" + label
        for m in rule.finditer(code):
            j, k = m.span()
            if out[j:k].count(None) == k - j:
                while j < k and code[j] == "C":
                    j += 1
                if j < k:
                    out[j] = b
                    if k - j > 1:
                        out[j + 1 : k] = [i_tag] * (k - j - 1)
                continue
            first = j
            for q in range(j, k):
                if out[q] is not None:
                    continue
                if q == first and code[q] == "C":
                    first += 1
                elif q == first:
                    out[q] = b
                else:
                    out[q] = i_tag
    result = [c if c is not None else "O" for c in out]
    if "R" in code:
        for i in range(n - 1):
            if result[i] == "B-NP" and code[i] == "R" and code[i + 1] != "J":
                result[i] = "B-ADVP"
                result[i + 1] = "B-NP"
    return tuple(result)


#: Chunk tags of each piece of tag classes chunked on its own (see :func:`_chunk`).
_SEGMENTS = _Memo(_chunk_code)

# Stretches between punctuation (and other ``x`` tokens) and around prepositions are
# found faster than pieces; each distinct stretch is cut into pieces once.
_find_stretches = re.compile(r"x|P+|[^xP]+").findall


def _chunk_stretch(stretch: str) -> tuple[str, ...]:
    return tuple(chain.from_iterable(map(_SEGMENTS.__getitem__, _find_code_pieces(stretch))))


#: Chunk tags of each stretch (see :func:`_chunk`).
_STRETCHES = _Memo(_chunk_stretch)


# --------------------------------------------------------------------------
# Lemmas
# --------------------------------------------------------------------------

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "tells": "tell", "was": "be", "were": "be", "is": "be",
    "are": "be", "am": "be", "been": "be", "being": "be", "'s": "be", "'re": "be", "'m": "be", "had": "have",
    "has": "have", "'ve": "have", "'d": "would", "did": "do", "does": "do", "done": "do", "went": "go",
    "gone": "go", "goes": "go", "made": "make", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "came": "come", "saw": "see", "seen": "see", "knew": "know", "known": "know",
    "thought": "think", "led": "lead", "left": "leave", "held": "hold", "met": "meet", "sent": "send",
    "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write", "fought": "fight",
    "brought": "bring", "bought": "buy", "built": "build", "caught": "catch", "chose": "choose",
    "chosen": "choose", "drove": "drive", "driven": "drive", "fell": "fall", "fallen": "fall", "felt": "feel",
    "found": "find", "fled": "flee", "flew": "fly", "flown": "fly", "forgot": "forget", "got": "get",
    "gotten": "get", "grew": "grow", "grown": "grow", "heard": "hear", "hid": "hide", "kept": "keep",
    "lost": "lose", "meant": "mean", "paid": "pay", "ran": "run", "rose": "rise", "risen": "rise",
    "sought": "seek", "sold": "sell", "shot": "shoot", "stood": "stand", "stole": "steal", "struck": "strike",
    "swore": "swear", "sworn": "swear", "taught": "teach", "threw": "throw", "thrown": "throw",
    "understood": "understand", "won": "win", "wore": "wear", "began": "begin", "begun": "begin",
    "broke": "break", "broken": "break", "bore": "bear", "born": "bear", "drew": "draw", "drawn": "draw",
    "ate": "eat", "eaten": "eat", "forbade": "forbid", "froze": "freeze", "frozen": "freeze",
    "laid": "lay", "lent": "lend", "lit": "light", "overthrew": "overthrow", "overthrown": "overthrow",
    "sank": "sink", "shook": "shake", "slew": "slay", "slain": "slay", "spent": "spend", "split": "split",
    "withdrew": "withdraw", "withdrawn": "withdraw", "woke": "wake", "ousted": "oust", "vowed": "vow",
}


class _Singular:
    """Pattern's ``singularize`` (``textblob.en.inflect``) with its word-list scans made lookups.

    The lists of uninflected, uncountable, ``-ie`` and ``-s`` words and the
    irregular plurals are scanned in order by Pattern, first hit wins; here each
    becomes a table of suffixes keyed to the first list entry they stand for.
    The suffix rules are then applied exactly as Pattern applies them.
    """

    #: Longer than any entry of Pattern's lists (checked when the tables are made).
    LONGEST = 24

    def __init__(self) -> None:
        from textblob.en import inflect

        self.inflect = inflect
        self.prepositions = inflect.plural_prepositions
        # lower.endswith(...) is tested against w; "w.endswith(lower)" for the first two lists
        self.unchanged = {
            w[i:] for w in list(inflect.singular_uninflected) + list(inflect.singular_uncountable)
            for i in range(len(w) + 1)
        }
        self.ie = self._first_by_suffix([(w + "s", w) for w in inflect.singular_ie])
        self.s = self._first_by_suffix([(w + "es", w) for w in inflect.singular_s])
        self.irregular = self._first_by_suffix([(w, w) for w in inflect.singular_irregular])
        longest = max(map(len, [*self.ie, *self.s, *self.irregular]))
        if longest > self.LONGEST:  # pragma: no cover - only if textblob's lists change
            raise RuntimeError(f"textblob's singular lists have an entry of {longest} letters; raise LONGEST")
        self.rules = inflect.singular_rules
        # the letters a rule needs at the end of the word (its pattern ends in "letters$"):
        # an ASCII word not ending in them is not searched
        tails = [re.search(r"(?<![\\\[|])([a-z]*)\$$", rx.pattern) for rx, _ in self.rules]
        self.tails = [m.group(1) if m is not None else "" for m in tails]
        self.ruled = list(zip(self.rules, self.tails))
        #: for an ASCII word, the rules (in order) that can match given its last two letters
        self.by_end: dict[str, list[tuple[tuple[re.Pattern[str], str], str]]] = {}

    @staticmethod
    def _first_by_suffix(pairs: list[tuple[str, str]]) -> dict[str, tuple[int, str]]:
        out: dict[str, tuple[int, str]] = {}
        for k, (suffix, value) in enumerate(pairs):
            out.setdefault(suffix, (k, value))
        return out

    @staticmethod
    def _first_suffix(lower: str, table: dict[str, tuple[int, str]]) -> str | None:
        best: tuple[int, str] | None = None
        for i in range(max(0, len(lower) - _Singular.LONGEST), len(lower)):
            hit = table.get(lower[i:])
            if hit is not None and (best is None or hit[0] < best[0]):
                best = hit
        return None if best is None else best[1]

    def __call__(self, word: str) -> str:
        if "-" in word:
            words = word.split("-")
            if len(words) > 1 and words[1] in self.prepositions:
                return self(words[0]) + "-" + "-".join(words[1:])
        if word.endswith("'"):
            return self(word[:-1]) + "'s"
        lower = word.lower()
        if lower in self.unchanged:
            return word
        hit = self._first_suffix(lower, self.ie)
        if hit is not None:
            return hit
        hit = self._first_suffix(lower, self.s)
        if hit is not None:
            return hit
        hit = self._first_suffix(lower, self.irregular)
        if hit is not None:
            return re.sub("(?i)" + hit + "$", self.inflect.singular_irregular[hit], word)
        if word.isascii():
            end = lower[-2:]
            ruled = self.by_end.get(end)
            if ruled is None:
                ruled = self.by_end[end] = [(r, t) for r, t in self.ruled if end.endswith(t[-2:])]
        else:
            ruled = self.ruled
        for (suffix, inflection), _ in ruled:
            match = suffix.search(word)
            if match:
                groups = match.groups()
                for k in range(0, len(groups)):
                    if groups[k] is None:
                        inflection = inflection.replace("\\" + str(k + 1), "")
                return suffix.sub(inflection, word)
        return word


_SINGULAR: _Singular | None = None


def _singularize(word: str) -> str:
    global _SINGULAR
    if _SINGULAR is None:
        _SINGULAR = _Singular()
    return _SINGULAR(word)


def _lemma(word: str, pos: str) -> str:
    w = word.lower().translate(_QUOTE_MAP)
    if pos in ("NNS", "NNPS"):
        try:
            return _singularize(w)
        except Exception:  # pragma: no cover - defensive: inflect tables on odd input
            return w
    if pos.startswith("VB") or pos == "MD":
        if w in _IRREGULAR:
            return _IRREGULAR[w]
        lex = _lexicon()
        for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""),
                             ("ed", "e"), ("s", ""), ("d", "")):
            if w.endswith(suffix) and len(w) > len(suffix) + 1:
                base = w[: -len(suffix)] + repl
                if lex.get(base) in ("VB", "VBP"):
                    return base
                if suffix in ("ing", "ed") and len(base) > 2 and base[-1] == base[-2]:
                    if lex.get(base[:-1]) in ("VB", "VBP"):
                        return base[:-1]
        return w
    return w


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def _case_of(words: list[str]) -> str:
    """``"upper"``, ``"title"`` or ``""``: how the words of four letters or more are written."""
    return _case_of_classes("".join(map(_case_class, words)))


def _case_of_classes(classes: str) -> str:
    """:func:`_case_of` given the case classes of the words (:func:`_case_class`)."""
    n_long = len(classes) - classes.count("0")
    if n_long < 3:
        return ""
    capitals = classes.count("U")
    if capitals + classes.count("u") >= 0.8 * n_long:
        return "upper"
    if capitals + classes.count("T") >= 0.8 * n_long:
        return "title"
    return ""


#: Lemma of each ``(token, tag)`` pair (see :func:`_lemma`).
_LEMMAS = _Memo(lambda key: _lemma(*key))


def lemma(word: str, tag: str) -> str:
    """Lemma of a token of the parser given its tag, as in :attr:`Token.lemma`.

    The lower-cased word, with plural nouns (``NNS``, ``NNPS``) singularized
    and verbs (``VB*``, ``MD``) reduced to their base form; kept per
    ``(word, tag)``.

    Examples
    --------
    >>> lemma("rebels", "NNS"), lemma("led", "VBN"), lemma("Aleppo", "NNP")
    ('rebel', 'lead', 'aleppo')
    """
    return _LEMMAS[(word, tag)]
_new_token = partial(tuple.__new__, Token)


def _tag_sentence(text: str, offset: int) -> tuple[list[str], list[int], list[int], list[str]]:
    """Tokens, offsets (plus ``offset``) and tags of one sentence."""
    texts, starts, ends = _tokens(text, offset)
    if not texts:
        return texts, starts, ends, []
    words = texts if text.isascii() else [t if t.isascii() else t.translate(_QUOTE_MAP) for t in texts]
    opening, attached = _quote_marks(words, texts, starts, ends)
    return texts, starts, ends, _tag(words, _case_of(words), opening, attached)  # type: ignore[arg-type]


def _parse_span(text: str, offset: int) -> tuple[Token, ...]:
    """Tokens of one sentence (offsets plus ``offset``)."""
    texts, starts, ends, tags = _tag_sentence(text, offset)
    return tuple(
        map(_new_token, zip(texts, starts, ends, tags, _chunk(tags), map(_LEMMAS.__getitem__, zip(texts, tags))))
    )


class ParsedText(NamedTuple):
    """A parsed text column by column: one sequence per :class:`Token` attribute, in token order.

    The same tokens as :func:`parse_tokens` gives, without making one object per
    token: ``texts[k]``, ``starts[k]``, ``ends[k]``, ``tags[k]`` and
    ``chunks[k]`` are the attributes of token ``k``, and :meth:`lemma` gives its
    lemma (worked out when first asked for, as most callers need few). The
    columns are shared with the parse cache: read them, do not change them.
    Offsets are kept in integer arrays and token strings are interned (one
    object per distinct word), so a cached text takes little memory and
    Python's garbage collector has few objects to visit.

    Attributes
    ----------
    texts : tuple of str
        Token strings (``Token.text``).
    starts, ends : array.array of int (type code ``q``)
        Character offsets into the parsed text.
    tags : tuple of str
        Penn Treebank tags (``Token.pos``).
    chunks : tuple of str
        IOB chunk tags.
    sizes : tuple of int
        Number of tokens of each sentence span, in order (they add up to the
        number of tokens).

    Examples
    --------
    >>> p = parse_columns("Rebels took Aleppo. Assad fled.")
    >>> p.texts[4], p.tags[4], p.starts[4], p.sizes
    ('Assad', 'NNP', 20, (4, 3))
    >>> p.sentence_ranges()
    [(0, 4), (4, 7)]
    >>> p.lemma(1)
    'take'
    """

    texts: tuple[str, ...]
    starts: Sequence[int]
    ends: Sequence[int]
    tags: tuple[str, ...]
    chunks: tuple[str, ...]
    sizes: tuple[int, ...]

    def lemma(self, k: int) -> str:
        """Lemma of token ``k`` (``Token.lemma``; see :func:`lemma`)."""
        return _LEMMAS[(self.texts[k], self.tags[k])]

    def lemmas(self, indices: Iterable[int] | None = None) -> tuple[str, ...]:
        """The lemmas of the tokens ``indices`` (all tokens by default), in that order.

        Examples
        --------
        >>> p = parse_columns("Rebels took Aleppo.")
        >>> p.lemmas()
        ('rebel', 'take', 'aleppo', '.')
        >>> p.lemmas([1, 0])
        ('take', 'rebel')
        """
        if indices is None:
            pairs = zip(self.texts, self.tags)
        else:
            at = list(indices)
            pairs = zip(map(self.texts.__getitem__, at), map(self.tags.__getitem__, at))
        return tuple(map(_LEMMAS.__getitem__, pairs))

    def sentence_ranges(self) -> list[tuple[int, int]]:
        """The ``[lo, hi)`` token range of each sentence, in order.

        Examples
        --------
        >>> parse_columns("One. Two three.").sentence_ranges()
        [(0, 2), (2, 5)]
        """
        ends = list(accumulate(self.sizes))
        return list(zip([0, *ends[:-1]], ends)) if ends else []

    @classmethod
    def from_tokens(cls, sentences: Iterable[Sequence[Token]]) -> "ParsedText":
        """The columns of tokens given sentence by sentence (as from :func:`parse_sentences`).

        The tokens' lemmas are not kept: :meth:`lemma` gives the parser's lemma
        of each token's text and tag.

        Examples
        --------
        >>> p = ParsedText.from_tokens(parse_sentences("Assad fled. Rebels won."))
        >>> p == parse_columns("Assad fled. Rebels won.")
        True
        """
        sentences = [tuple(s) for s in sentences]
        tokens = [t for s in sentences for t in s]
        sizes = tuple(map(len, sentences))
        if not tokens:
            return cls((), array("q"), array("q"), (), (), sizes)
        texts, starts, ends, tags, chunk_tags, _ = zip(*tokens)
        return cls(texts, array("q", starts), array("q", ends), tags, chunk_tags, sizes)


def _quote_marks(words: Sequence[str], texts: Sequence[str], starts: Sequence[int], ends: Sequence[int]
                 ) -> tuple[set[int], set[int]]:
    """For the ``'`` tokens of one sentence: the indices of those opening a quotation (white space
    before, a word right after), and of the tokens a ``'`` is attached to (no space between)."""
    opening: set[int] = set()
    attached: set[int] = set()
    if "'" in words:
        n = len(words)
        for k, w in enumerate(words):
            if w == "'":
                s = starts[k]
                if k > 0 and ends[k - 1] == s:
                    attached.add(k - 1)
                elif k + 1 < n and starts[k + 1] == s + 1 and texts[k + 1][0].isalnum():
                    opening.add(k)
    return opening, attached


def _tokens_of_sentences(text: str, spans: Sequence[tuple[int, int]]
                         ) -> tuple[list[str], list[int], list[int], list[int], list[str], list[str], str]:
    """What :func:`_tokens` gives for each sentence span of ``text``, all sentences in one list each,
    the number of tokens of each sentence, and the word, tag and case class of each token
    (:func:`_token_info`).

    The pattern runs sentence by sentence; the steps that follow run once over
    the pieces of all sentences: each sentence's first offset is moved by the
    gap before it, so one running sum gives every offset.
    """
    pieces: list[str] = []
    sizes: list[int] = []
    firsts: list[tuple[int, int]] = []  # (index of a sentence's first piece, characters before it)
    apostrophes: list[tuple[int, int, int, str]] = []  # (sentence number, its first piece, its start, its text)
    covered = 0  # characters of the text up to the end of the last piece
    for sid, (s, e) in enumerate(spans):
        sentence = text[s:e]
        found = _find_pieces(sentence)
        sizes.append(len(found))
        if found:
            firsts.append((len(pieces), s - covered))
            if "'" in sentence or "’" in sentence:
                apostrophes.append((sid, len(pieces), s, sentence))
            pieces += found
            covered = s + len(sentence.rstrip())  # the pieces tile the sentence up to its last token
    if not pieces:
        return [], [], [], sizes, [], [], ""
    lengths = list(map(len, pieces))
    for k, gap in firsts:
        lengths[k] += gap
    ends = list(accumulate(lengths))
    infos = list(map(_PIECE_INFO.__getitem__, pieces))
    texts = list(map(_INFO_TEXT, infos))
    starts = list(map(sub, ends, map(len, texts)))
    if apostrophes:
        # clitics, as _tokens splits them: found sentence by sentence, split in one pass
        at: list[int] = []
        for sid, lo, offset, sentence in apostrophes:
            sizes[sid] += _clitics_at(sentence, offset, texts, ends, lo, lo + sizes[sid], at)
        if at:
            texts, starts, ends, infos = _split_tokens(texts, starts, ends, at, infos)
    words = texts if text.isascii() else list(map(_INFO_WORD, infos))
    return texts, starts, ends, sizes, words, list(map(_INFO_TAG, infos)), "".join(map(_INFO_CLASS, infos))


def _parse_text(text: str) -> ParsedText:
    """Parse every sentence of ``text``, with the per-token steps done once per text.

    Gives, sentence by sentence, what :func:`_parse_span` gives. Sentences are
    tokenized one by one; then the word-by-word steps run once over all the
    tokens of the text (the tags of ordinary sentences, the case classes, the
    first word of each sentence, the fixes of ``'s``, ``"`` and name particles,
    which look only at the next or previous token of the same sentence), and
    only what depends on a whole sentence is done per sentence: the sentences
    in capitals or title case, and those holding a lone ``'`` (whether it opens
    a quotation). Chunking runs in one pass over the tag classes of all
    sentences, an ``x`` put between two sentences where the first does not end
    in one (no chunk crosses an ``x``). Lemmas are left to
    :meth:`ParsedText.lemma`.
    """
    # tokens, and the tag as in a sentence in ordinary case and the case class of every word
    all_texts, all_starts, all_ends, sizes, words, tags, classes = _tokens_of_sentences(text, sentence_spans(text))
    firsts = list(accumulate(sizes, initial=0))
    del firsts[-1]
    # the first word of each sentence, and the sentences in capitals or title case
    whole: set[int] = set()  # sentences in capitals or title case, tagged by _tag as a whole
    for sid, (lo, n) in enumerate(zip(firsts, sizes)):
        if n:
            tags[lo] = _FIRST_TAGS[words[lo]]
            # more than a fifth of the words long and in lower case: neither in capitals nor in title case
            if n > 2 and classes.count("l", lo, lo + n) * 5 <= n and _case_of_classes(classes[lo : lo + n]):
                whole.add(sid)
    for sid in sorted(whole):
        lo, hi = firsts[sid], firsts[sid] + sizes[sid]
        sent_words = words[lo:hi]
        opening, attached = _quote_marks(sent_words, all_texts[lo:hi], all_starts[lo:hi], all_ends[lo:hi])
        tags[lo:hi] = _tag(sent_words, _case_of_classes(classes[lo:hi]), opening, attached)  # type: ignore[arg-type]
    # the fixes of _fix_tags, token by token in text order (which is the order _fix_tags follows)
    fix_at = list(compress(range(len(words)), map(_FIX_WORDS.__contains__, words)))
    if fix_at:
        fix_sids = [bisect_right(firsts, k) - 1 for k in fix_at]
        quoted = {sid for k, sid in zip(fix_at, fix_sids) if words[k] == "'"} - whole
        for k, sid in zip(fix_at, fix_sids):
            lo = firsts[sid]
            if k != lo and sid not in whole and sid not in quoted:
                _fix_token(words, tags, k, lo + sizes[sid])
        for sid in sorted(quoted):
            # a lone "'" depends on the quotation marks before it in the sentence
            lo, hi = firsts[sid], firsts[sid] + sizes[sid]
            sent_words = words[lo:hi]
            sent_tags = tags[lo:hi]
            _fix_tags(sent_words, sent_tags, *_quote_marks(sent_words, all_texts[lo:hi], all_starts[lo:hi],
                                                           all_ends[lo:hi]))
            tags[lo:hi] = sent_tags
    codes = "".join(map(_CODES.__getitem__, tags))
    # sentences that do not end in an "x" get one after them, whose "O" is dropped below
    open_ends = [lo + n for lo, n in zip(firsts, sizes) if n and codes[lo + n - 1] != "x"]
    if open_ends and open_ends[-1] == len(codes):
        del open_ends[-1]  # the last sentence needs none
    if not open_ends:
        chunks = tuple(chain.from_iterable(map(_STRETCHES.__getitem__, _find_stretches(codes))))
    else:
        bounds = list(zip([0, *open_ends], [*open_ends, len(codes)]))
        codes = "x".join([codes[a:b] for a, b in bounds])
        chunked = list(chain.from_iterable(map(_STRETCHES.__getitem__, _find_stretches(codes))))
        # the tokens between two x put in, shifted by the number of x before them
        chunks = tuple(chain.from_iterable([chunked[a + q : b + q] for q, (a, b) in enumerate(bounds)]))
    return ParsedText(tuple(all_texts), array("q", all_starts), array("q", all_ends), tuple(tags),
                      chunks, tuple(sizes))


def _tokens_of(columns: ParsedText) -> list[Token]:
    """The :class:`Token` objects of a parsed text, made anew."""
    texts, starts, ends, tags, chunk_tags, _ = columns
    return list(map(_new_token, zip(texts, starts, ends, tags, chunk_tags, map(_LEMMAS.__getitem__, zip(texts, tags)))))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (restored on exit).

    Parsing allocates many small tuples and no reference cycles; with the
    collector running, it would rescan the cached parses again and again, which
    costs more than the parse itself on long corpora. Nothing leaks: cycles made
    meanwhile are collected once the collector runs again.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@lru_cache(maxsize=CACHE_SIZE)
def _parse_cached(text: str) -> ParsedText:
    with gc_paused():
        return _parse_text(text)


def clear_cache() -> None:
    """Forget the cached parses (about 0.16 MB per news article; :data:`CACHE_SIZE` texts at most).

    Examples
    --------
    >>> _ = parse_tokens("Assad fled.")
    >>> clear_cache()
    >>> _parse_cached.cache_info().currsize
    0
    """
    _parse_cached.cache_clear()


def _check(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(
            f"expected a str, found {type(text).__name__}; convert the value (e.g. a pandas cell) to str first"
        )
    return text


def parse_columns(text: str) -> ParsedText:
    """Parse ``text`` into columns: the tokens of :func:`parse_tokens` as one tuple per attribute.

    Cheaper than :func:`parse_tokens` or :func:`parse_sentences` when a caller
    reads the tags or offsets of many tokens: nothing is made per token, the
    cached parse itself is returned.

    Parameters
    ----------
    text : str
        Any text; the result is cached per text.

    Returns
    -------
    ParsedText
        Token strings, offsets into ``text``, tags, chunk tags, and the number
        of tokens of each sentence span; lemmas on demand.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> p = parse_columns("Kremlin spokesman Dmitry Peskov said.")
    >>> list(zip(p.texts, p.tags))[:3]
    [('Kremlin', 'NNP'), ('spokesman', 'NN'), ('Dmitry', 'NNP')]
    >>> list(p.texts) == [t.text for t in parse_tokens("Kremlin spokesman Dmitry Peskov said.")]
    True
    """
    return _parse_cached(_check(text))


def parse_sentences(text: str) -> list[list[Token]]:
    """Parse ``text`` sentence by sentence (sentences from :func:`~framing.text.sentences.sentence_spans`).

    Parameters
    ----------
    text : str
        Any text; the result is cached per text.

    Returns
    -------
    list of list of Token
        One list of tokens per sentence span; offsets are into ``text``.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> sents = parse_sentences("Rebels took Aleppo. Assad fled.")
    >>> [[t.text for t in s] for s in sents]
    [['Rebels', 'took', 'Aleppo', '.'], ['Assad', 'fled', '.']]
    >>> sents[1][0].start
    20
    """
    columns = _parse_cached(_check(text))
    tokens = _tokens_of(columns)
    out = []
    pos = 0
    for n in columns.sizes:
        out.append(tokens[pos : pos + n])
        pos += n
    return out


def parse_tokens(text: str) -> list[Token]:
    """Parse ``text`` into tokens with offsets, Penn tags, chunk tags and lemmas.

    The text is split into sentences first and each sentence is parsed once;
    the result is cached per text (:data:`CACHE_SIZE` texts).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of Token
        ``text[t.start:t.end] == t.text`` for every token.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> [(t.text, t.pos, t.chunk) for t in parse_tokens("Kremlin spokesman Dmitry Peskov said.")]
    [('Kremlin', 'NNP', 'B-NP'), ('spokesman', 'NN', 'I-NP'), ('Dmitry', 'NNP', 'I-NP'), ('Peskov', 'NNP', 'I-NP'), ('said', 'VBD', 'B-VP'), ('.', '.', 'O')]
    """
    return _tokens_of(_parse_cached(_check(text)))


def chunks(tokens: list[Token], label: str | None = None) -> list[Phrase]:
    """Group IOB chunk tags into phrases.

    Parameters
    ----------
    tokens : list of Token
        Tokens of one sentence or text (as from :func:`parse_tokens`).
    label : str, optional
        Keep only chunks of this type (``"NP"``, ``"VP"``, ``"PP"``, ...).

    Returns
    -------
    list of Phrase
        ``Phrase(label, i, j, start, end)``: tokens ``tokens[i:j]``, characters
        ``start:end`` of the parsed text.

    Examples
    --------
    >>> toks = parse_tokens("The rebels took the city.")
    >>> [(p.label, p.i, p.j) for p in chunks(toks)]
    [('NP', 0, 2), ('VP', 2, 3), ('NP', 3, 5)]
    """
    out: list[Phrase] = []
    cur: str | None = None
    i0 = 0
    for k, t in enumerate(tokens):
        c = t.chunk
        if c.startswith("B-") or c == "O" or (c.startswith("I-") and c[2:] != cur):
            if cur is not None:
                out.append(Phrase(cur, i0, k, tokens[i0].start, tokens[k - 1].end))
            cur = c[2:] if c != "O" else None
            i0 = k
    if cur is not None:
        out.append(Phrase(cur, i0, len(tokens), tokens[i0].start, tokens[-1].end))
    if label is not None:
        out = [p for p in out if p.label == label]
    return out


def noun_phrases(tokens: list[Token]) -> list[Phrase]:
    """Noun-phrase chunks of ``tokens`` (see :func:`chunks`).

    Examples
    --------
    >>> text = "Kremlin spokesman Dmitry Peskov met the rebels."
    >>> [text[p.start:p.end] for p in noun_phrases(parse_tokens(text))]
    ['Kremlin spokesman Dmitry Peskov', 'the rebels']
    """
    return chunks(tokens, "NP")
