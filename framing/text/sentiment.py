"""TextBlob's default sentiment, computed faster and with identical numbers.

:func:`polarity_subjectivity` returns exactly what
``textblob.TextBlob(text).sentiment`` returns with TextBlob's default
``PatternAnalyzer``: the polarity (-1 to 1) and subjectivity (0 to 1) of the
pattern sentiment lexicon [1]_, averaged over the words of the text that the
lexicon knows.  :func:`polarity_subjectivity_many` scores many texts at once
and returns an ``(n, 2)`` array.

What TextBlob does (``textblob/_text.py``, ``Sentiment.__call__`` and
``Sentiment.assessments``, with the tokenizer ``find_tokens``):

1. **Tokens**: contractions get a space before them (``n't`` becomes ``
   n't``), quote characters become separate tokens (so ``don't`` ends up as
   ``do n ' t`` and the negation ``n't`` is never seen, a quirk kept here),
   the text is split at white space and leading and trailing punctuation is
   split from each token, except the period of known abbreviations; tokens are
   lower-cased.  Sarcasm marks ``( ! )`` are joined to ``(!)`` and emoticons
   split by the tokenizer (``: )``) are joined again, per sentence.
2. **Known words**: a word in the lexicon (``en-sentiment.xml``, scores of all
   senses and parts of speech averaged; adjectives also give ``-ly`` adverbs)
   adds one assessment ``(polarity, subjectivity, intensity)``.
3. **Intensifiers**: a known word that can be an adverb (``very``) modifies
   the next known word: that word's scores are multiplied by the adverb's
   intensity and clipped to [-1, 1]; the two count as one assessment.
   Unknown words longer than two characters break the link.
4. **Negation**: ``no``, ``not``, ``never`` before a known word (unknown words
   of one character in between are skipped) flip the assessment: its polarity
   is multiplied by -0.5 (``not good`` is slightly bad).
5. **Exclamation**: each ``!`` multiplies the polarity of the assessment
   before it by 1.25 (clipped at 1).
6. **Emoticons** (``:)``, ``:(``, ``<3``, ...) and ``(!)`` add assessments of
   their own with subjectivity 1.
7. The result is the plain mean of polarities and of subjectivities over the
   assessments; ``(0.0, 0.0)`` when there is none.

This module reads TextBlob's own lexicon object (``textblob.en.sentiment``,
loaded by TextBlob's loader) and TextBlob's own tokenizer constants
(punctuation, abbreviations, contractions, emoticons), and re-implements the
two loops with per-token results cached, plain dictionaries instead of
TextBlob's lazy dictionary, and no ``TextBlob`` object per text.  A text whose
sarcasm marks or split emoticons would be rewritten is handed to TextBlob's
own tokenizer, so sentence-level details of that rewriting stay exact.
Identity with TextBlob is tested to 1e-9 (in fact bit for bit) on thousands
of news sentences.

The lexicon is read once, on first use, from the installed TextBlob; words
added later with ``textblob.en.sentiment.annotate`` are not seen.

References
----------
.. [1] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. Journal of
   Machine Learning Research 13, 2063-2067.
.. [2] Loria, S. TextBlob: simplified text processing (version 0.17+),
   https://textblob.readthedocs.io/.

Examples
--------
>>> polarity_subjectivity("The food was very good!")
(1.0, 0.7800000000000001)
>>> polarity_subjectivity("It was not good.")
(-0.35, 0.6000000000000001)
>>> polarity_subjectivity("")
(0.0, 0.0)
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["polarity_subjectivity", "polarity_subjectivity_many", "lexicon_size", "clear_caches"]

log = logging.getLogger(__name__)

# Per-token record kinds (first item of a token record).
_KNOWN = 0  # (0, p, s, i, is_modifier, is_negation, ends_ly)
_OTHER = 1  # (1, is_negation, len(w.strip("'")) > 1, len(w) > 2, is_excl, is_sarcasm, emoticon_polarity)

# An unknown word of three or more characters that is no negation, "!", "(!)" or
# emoticon: it only ends a pending negation and a pending modifier.
_INERT = (_OTHER, False, True, True, False, False, None)

_MAX_CACHE = 500_000


#: TextBlob's abbreviation patterns (textblob._text.RE_ABBR1-3), and runs that decide them for long tokens
_ABBR_PATTERNS = (r"^[A-Za-z]\.$", r"^([A-Za-z]\.)+$", "^[A-Z][b|c|d|f|g|h|j|k|l|m|n|p|q|r|s|t|v|w|x|z]+.$")
_ABBR_PAIRS_RE = re.compile(r"(?:[A-Za-z]\.)*")
_ABBR_CONSONANTS_RE = re.compile(r"[b|c|d|f|g|h|j|k|l|m|n|p|q|r|s|t|v|w|x|z]*")


class _Model:
    """TextBlob's lexicon and tokenizer constants, loaded once, plus caches."""

    def __init__(self) -> None:
        from textblob import _text as tb_text
        from textblob.en import sentiment as tb_sentiment

        # Trigger TextBlob's own lazy loader exactly as TextBlob does on first use.
        tb_sentiment.__contains__("good")
        self.tb_text = tb_text
        self.tb_sentiment = tb_sentiment
        self.lexicon: dict[str, dict[Any, Any]] = dict(dict.items(tb_sentiment))
        self.negations = tuple(tb_sentiment.negations)
        self.modifiers = tuple(tb_sentiment.modifiers)
        self.modifier = tb_sentiment.modifier
        self.punctuation_str: str = tb_text.PUNCTUATION
        punctuation = tuple(tb_text.PUNCTUATION.replace(".", ""))
        self.lead = punctuation
        self.trail = punctuation + (".",)
        self.abbreviations = tb_text.ABBREVIATIONS
        self.abbr_res = (tb_text.RE_ABBR1, tb_text.RE_ABBR2, tb_text.RE_ABBR3)
        self.lead_chars = frozenset(punctuation)
        self.trail_chars = frozenset(self.trail)
        self.replace_len = max((len(k) for k in tb_text.replacements), default=0)
        # _is_abbreviation reproduces the patterns by arithmetic only when they are the known ones
        self.abbr_arithmetic = (
            tuple(r.pattern for r in self.abbr_res) == _ABBR_PATTERNS and max(map(len, self.abbreviations)) <= 64
        )
        self.replace: dict[str, str] = dict(tb_text.replacements)
        self.eos: str = tb_text.EOS
        self.re_sarcasm: re.Pattern[str] = tb_text.RE_SARCASM
        self.re_emoticons: re.Pattern[str] = tb_text.RE_EMOTICONS
        # lower-cased emoticon -> polarity of the first type that lists it
        # (TextBlob scans EMOTICONS in order and stops at the first hit).
        emo: dict[str, float] = {}
        for (_kind, p), forms in tb_text.EMOTICONS.items():
            for e in forms:
                emo.setdefault(e.lower(), p)
        self.emoticons = emo
        # emoticon tail u (after a split point) -> characters that may precede the split
        suffixes: dict[str, set[str]] = {}
        for forms in tb_text.EMOTICONS.values():
            for e in forms:
                for k in range(1, len(e)):
                    suffixes.setdefault(e[k:], set()).add(e[k - 1])
        self.emoticon_suffixes = {u: frozenset(c) for u, c in suffixes.items()}
        self.word_cache: dict[str, tuple] = {}
        self.token_cache: dict[str, tuple] = {}

    # -- tokenizer: one white-space token -> tokens (textblob._text.find_tokens) --
    def split_token(self, t: str) -> list[str]:
        """TextBlob's punctuation splitting, with indices instead of re-slicing the token.

        TextBlob strips one character per step with ``t[1:]``/``t[:-1]``, which is
        quadratic in the token length: a 900 KB run of ``?!.`` took minutes. The
        same steps on indices give the same tokens in linear time.
        """
        out: list[str] = []
        replace, short = self.replace, self.replace_len
        lead, trail = self.lead_chars, self.trail_chars
        n = len(t)
        i = 0
        while i < n and t[i] in lead and not (n - i <= short and t[i:] in replace):
            out.append(t[i])
            i += 1
        if i:
            t = t[i:]
        hi = len(t)
        tail: list[str] = []
        while hi and t[hi - 1] in trail and not (hi <= short and t[:hi] in replace):
            if t[hi - 1] in lead:
                tail.append(t[hi - 1])
                hi -= 1
            if t.endswith("...", 0, hi):
                tail.append("...")
                hi -= 3
                while hi and t[hi - 1] == ".":
                    hi -= 1
            if hi and t[hi - 1] == ".":
                if self._is_abbreviation(t, hi):
                    break
                tail.append(".")
                hi -= 1
        if hi:
            out.append(t[:hi] if hi < len(t) else t)
        out.extend(reversed(tail))
        return out

    def _is_abbreviation(self, t: str, hi: int) -> bool:
        """``t[:hi]`` is a known abbreviation or matches TextBlob's three abbreviation patterns."""
        if hi <= 64 or not self.abbr_arithmetic:
            s = t[:hi]
            return s in self.abbreviations or any(r.match(s) is not None for r in self.abbr_res)
        # long prefixes: the same patterns from the length of the runs they need (linear overall)
        pairs = _ABBR_PAIRS_RE.match(t).end()  # ^([A-Za-z]\.)+$ needs letter-dot pairs up to hi
        if hi % 2 == 0 and hi <= pairs:
            return True
        consonants = _ABBR_CONSONANTS_RE.match(t, 1).end() - 1  # ^[A-Z][b|c|...]+.$
        return "A" <= t[0] <= "Z" and hi - 2 <= consonants and t[hi - 1] != "\n"

    # -- one lower-cased token -> record used by the assessment loop --
    def word_record(self, w: str) -> tuple:
        rec = self.word_cache.get(w)
        if rec is not None:
            return rec
        negation = w in self.negations
        entry = self.lexicon.get(w)
        if entry is not None and None in entry:
            p, s, i = entry[None]
            is_mod = any(map(entry.__contains__, self.modifiers))
            rec = (_KNOWN, p, s, i, is_mod, negation, bool(self.modifier(w)))
        else:
            emo = None
            if w.isalpha() is False and len(w) <= 5 and w not in self.punctuation_str:
                emo = self.emoticons.get(w)
            rec = (
                _OTHER,
                negation,
                len(w.strip("'")) > 1,
                len(w) > 2,
                w == "!",
                w == "(!)",
                emo,
            )
            if rec == _INERT:
                rec = _INERT
        if len(self.word_cache) < _MAX_CACHE:
            self.word_cache[w] = rec
        return rec

    def token_entry(self, raw: str) -> tuple:
        """Everything the scorer needs about one white-space-delimited token of the text.

        Returns ``(records, flag, inner, preceders, last_char, tokens)``: the
        token records in order; ``flag``, true when ``inner`` or
        ``preceders`` is set; ``inner``, whether a sarcasm mark or a split
        emoticon could occur inside this white-space token; ``preceders``, the
        characters that, ending the previous token, could form a split
        emoticon with the first token (None when it cannot); the last
        character of the last token (None when there is no token); the token
        strings. Contractions and quote characters never span white space, so
        TextBlob's replacements act on each white-space token separately.
        """
        entry = self.token_cache.get(raw)
        if entry is not None:
            return entry
        suffixes = self.emoticon_suffixes
        if raw.isalnum():  # letters and digits only: one token as it is
            toks: list[str] = [raw]
            inner = False
        elif raw[-1] in ",;:)" and raw[:-1].isalnum():  # "word," -> "word" ","
            toks = [raw[:-1], raw[-1]]
            inner = raw[-2] in suffixes.get(raw[-1], ())
        else:
            eos = self.eos
            toks = []
            for piece in self.prepare(raw).split():
                toks.extend(t for t in self.split_token(piece) if t != eos)
            inner = any("!" in t for t in toks) or any(
                toks[k][-1] in suffixes.get(toks[k + 1], ()) for k in range(len(toks) - 1)
            )
        preceders = suffixes.get(toks[0]) if toks else None
        entry = (
            tuple(self.word_record(t.lower()) for t in toks),
            inner or preceders is not None,
            inner,
            preceders,
            toks[-1][-1] if toks else None,
            tuple(toks),
        )
        if len(self.token_cache) < _MAX_CACHE:
            self.token_cache[raw] = entry
        return entry

    def prepare(self, text: str) -> str:
        """Contractions and quotes as in ``find_tokens`` (white space is handled by ``split``)."""
        if "'" in text:
            for a, b in self.replace.items():
                if a in text:
                    text = text.replace(a, b)
        # Same order as find_tokens; replacing only the quote characters present is equivalent.
        for q in ("“", "”", "‘", "’", "'", '"'):
            if q in text:
                text = text.replace(q, f" {q} ")
        return text

    def records(self, text: str) -> list[tuple]:
        """Token records of ``text`` in order, as ``Sentiment.__call__`` would assess them."""
        recs: list[tuple] = []
        cache = self.token_cache
        suspect = False
        prev = None
        for raw in text.split():
            entry = cache.get(raw)
            if entry is None:
                entry = self.token_entry(raw)
            recs.extend(entry[0])
            if entry[1] and not suspect:
                # an emoticon split by the space before this token needs the previous token's
                # last character; a previous white-space token without tokens is treated as suspect
                suspect = entry[2] or prev is None or prev[4] is None or prev[4] in entry[3]
            prev = entry
        if suspect:
            joined = " ".join(t for raw in text.split() for t in self.token_entry(raw)[5])
            if self._needs_rewrite(joined):
                return self._records_slow(text)
        return recs

    def _needs_rewrite(self, joined: str) -> bool:
        """Whether TextBlob's sarcasm or emoticon joining would change the tokens.

        TextBlob applies both substitutions to each sentence (a run of the
        tokens); each sentence is a substring of ``joined``, so when neither
        rewrites anything in ``joined`` it rewrites nothing in any sentence.
        The emoticon substitution only removes spaces inside a match, so it
        changes nothing unless a match contains a space.
        """
        if "!" in joined and self.re_sarcasm.search(joined) is not None:
            return True
        changed = False

        def _probe(m: re.Match[str]) -> str:
            nonlocal changed
            if " " in m.group(1):
                changed = True
            return ""

        self.re_emoticons.sub(_probe, joined)
        return changed

    def _records_slow(self, text: str) -> list[tuple]:
        words = " ".join(self.tb_sentiment.tokenizer(text)).split()
        return [self.word_record(w.lower()) for w in words]


_MODEL: _Model | None = None
_LOCK = threading.Lock()


def _model() -> _Model:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = _Model()
    return _MODEL


def lexicon_size() -> int:
    """Number of word forms in TextBlob's sentiment lexicon as loaded here.

    Examples
    --------
    >>> lexicon_size() > 2000
    True
    """
    return len(_model().lexicon)


def clear_caches() -> None:
    """Empty the per-token caches (the lexicon stays loaded); for cold-start timings.

    Examples
    --------
    >>> clear_caches()
    >>> polarity_subjectivity("Good.")
    (0.7, 0.6000000000000001)
    """
    model = _model()
    model.word_cache.clear()
    model.token_cache.clear()


def _score(recs: Sequence[tuple]) -> tuple[float, float]:
    """``Sentiment.assessments`` + averaging for ``negation=True`` and no part-of-speech tags."""
    a: list[list] = []  # [p, s, i, n]
    m_set = False  # preceding modifier
    m_ly = False  # ... whose word ends in "ly"
    n_set = False  # preceding negation
    for rec in recs:
        if rec is _INERT:
            m_set = n_set = False
            continue
        if rec[0] == _KNOWN:
            _, p, s, i, is_mod, is_neg, ly = rec
            if not m_set:
                last = [p, s, i, 1]
                a.append(last)
            else:
                last = a[-1]
                li = last[2]
                last[0] = max(-1.0, min(p * li, +1.0))
                last[1] = max(-1.0, min(s * li, +1.0))
                last[2] = i
            if n_set:
                last = a[-1]
                last[2] = 1.0 / last[2]
                last[3] = -1
            m_set = is_mod
            m_ly = ly
            n_set = is_neg
        else:
            _, is_neg, long1, long2, excl, sarcasm, emo = rec
            if is_neg:
                n_set = True
            elif n_set and long1:
                n_set = False
            if n_set and m_set and m_ly:
                a[-1][3] = -1
                n_set = False
            elif m_set and long2:
                m_set = False
            if excl and a:
                last = a[-1]
                last[0] = max(-1.0, min(last[0] * 1.25, +1.0))
            if sarcasm:
                a.append([0.0, 1.0, 1.0, 1])
            if emo is not None:
                a.append([emo, 1.0, 1.0, 1])
    if not a:
        return 0.0, 0.0
    sp = 0
    ss = 0
    for p, s, _i, n in a:
        sp += p * -0.5 if n < 0 else p
        ss += s
    k = float(len(a))
    return sp / k, ss / k


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """Polarity and subjectivity of a text, identical to ``TextBlob(text).sentiment``.

    Parameters
    ----------
    text : str
        Any text: a sentence, a headline, a whole article (TextBlob scores the
        whole string as one bag of assessments, so pass sentences to score
        sentences).

    Returns
    -------
    (float, float)
        ``(polarity, subjectivity)`` with polarity in [-1, 1] and subjectivity
        in [0, 1]; ``(0.0, 0.0)`` when no word of the text is in the lexicon
        (empty text, punctuation only, non-English text).

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    References
    ----------
    .. [1] De Smedt, T. and Daelemans, W. (2012). Pattern for Python. Journal
       of Machine Learning Research 13, 2063-2067.

    Examples
    --------
    >>> polarity_subjectivity("A terrible, terrible idea.")
    (-1.0, 1.0)
    >>> polarity_subjectivity("Nice :)")
    (0.55, 1.0)
    """
    if not isinstance(text, str):
        raise TypeError(
            f"polarity_subjectivity expects a str, got {type(text).__name__}: {text!r:.60}; "
            "convert missing values to '' first"
        )
    if not text:
        return 0.0, 0.0
    return _score(_model().records(text))


def polarity_subjectivity_many(texts: Iterable[str]) -> np.ndarray:
    """Score many texts; row ``k`` equals ``TextBlob(texts[k]).sentiment``.

    Parameters
    ----------
    texts : iterable of str
        Texts to score (repeated texts are scored once).

    Returns
    -------
    numpy.ndarray
        Float array of shape ``(n, 2)``: polarity, subjectivity.

    Raises
    ------
    TypeError
        If an item is not a ``str`` (the message names its position).

    Examples
    --------
    >>> polarity_subjectivity_many(["Great news.", "", "Bad news."]).tolist()
    [[0.8, 0.75], [0.0, 0.0], [-0.6999999999999998, 0.6666666666666666]]
    """
    if isinstance(texts, str):
        raise TypeError("polarity_subjectivity_many expects a list of texts, found a single str: wrap it in a list")
    model = _model()
    seen: dict[str, tuple[float, float]] = {}
    rows: list[tuple[float, float]] = []
    for k, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(
                f"polarity_subjectivity_many: item {k} is {type(text).__name__} ({text!r:.60}), "
                "expected str; convert missing values to '' first"
            )
        r = seen.get(text)
        if r is None:
            r = _score(model.records(text)) if text else (0.0, 0.0)
            seen[text] = r
        rows.append(r)
    if not rows:
        return np.zeros((0, 2), dtype=float)
    return np.asarray(rows, dtype=float)
