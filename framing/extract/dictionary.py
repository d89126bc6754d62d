"""Researchers' own dictionaries: LIWC-style ``.dic`` files, CSV word lists and project lexicons.

Many content analyses count the words of a dictionary -- LIWC [1]_, the Moral
Foundations Dictionary [2]_, the Lexicoder Sentiment Dictionary [3]_, or a list
written for one study. :class:`DictionaryFeatures` reads such a dictionary and
counts its categories per article, with the evidence (one mentions row per hit
and category) so that every count can be checked in context.

Formats
-------
``.dic`` (LIWC format)
    A header between two lines holding only ``%``: one ``id name`` line per
    category; then one ``term id id ...`` line per term::

        %
        1   posemo
        2   negemo
        %
        good    1
        hate*   2
        kind of 1

    Fields are separated by tabs or spaces. With a tab, the term is everything
    before the first tab (so phrases may contain spaces); without one, the
    category ids are the trailing run of known ids and the words before them
    are the term. A term may belong to several categories. Lines starting with
    ``#`` and text after a white-space-preceded ``#`` are comments; blank
    lines are skipped.
``.csv`` / ``.tsv``
    ``term,category[,weight]`` rows (an optional header row ``term,category,weight``;
    ``#`` comment lines). A term may appear in several rows with different
    categories; the weight defaults to 1.
``.yaml`` / a shipped lexicon name
    A project lexicon (:mod:`framing.lexicons`): each concept is a category,
    each variant a term (with its ``case_sensitive`` and ``followed_by`` settings).

Matching
--------
Case is ignored (except for case-sensitive lexicon variants). A term ending in
``*`` is a **prefix wildcard** that matches any word starting with it
(``hate*`` matches "hate", "hated", "hateful"); in a phrase only the last word
may carry it (``kind of*``). Exact terms, single words and phrases, are found
with the shared :class:`~framing.text.match.PhraseMatcher` (word boundaries,
longest match wins); multi-word wildcards with one compiled regular
expression; single-word wildcards by a token-level check: word tokens
(``\\w+`` with inner apostrophes, one compiled regex) not covered by an exact
hit are looked up by their prefixes, the **longest matching prefix wins**.
So an exact entry takes precedence over a wildcard for the same word, as in
LIWC, and a word is counted once per category it belongs to. An apostrophe
joins a word (``don't`` is one word: the entry ``don`` does not match in it).
Offsets are into the field's text as given: ``text[start:end] == matched``.

Bad input
---------
Reading collects every problem and raises one :class:`DictionaryError`
(a ``ValueError``) listing ``file:line: message`` for each: a missing or
unterminated ``%`` header, a malformed category line, a duplicate category id,
a term line without category ids, an **unknown category id**, a ``*`` inside a
term, a bad weight. Some input is accepted with a :class:`DictionaryWarning`:

* **duplicate terms** (the same term, ignoring case, on several lines of a
  ``.dic``; the same term and category in several CSV rows): the categories of
  a ``.dic`` term are merged (union); for a repeated CSV term-category pair the
  first weight is kept;
* **empty categories** (declared, but no term uses them): they stay as columns
  of zeros.

Text that is not valid in the given ``encoding`` (default UTF-8; a UTF-8 byte
order mark is skipped) raises a :class:`DictionaryError` naming the file, the
line and the byte; there is no silent fallback -- pass ``encoding="cp1252"``
(or ``"latin-1"``, which accepts any byte) if the file was saved that way, as
older LIWC dictionaries often were.

References
----------
.. [1] Pennebaker, J. W., Boyd, R. L., Jordan, K., & Blackburn, K. (2015). *The
   development and psychometric properties of LIWC2015*. University of Texas at
   Austin.
.. [2] Graham, J., Haidt, J., & Nosek, B. A. (2009). Liberals and conservatives
   rely on different sets of moral foundations. *Journal of Personality and
   Social Psychology*, 96(5), 1029-1046.
.. [3] Young, L., & Soroka, S. (2012). Affective news: The automated coding of
   sentiment in political texts. *Political Communication*, 29(2), 205-231.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from framing.extract.base import DEFAULT_FIELDS, BaseExtractor, Document, as_documents, sentence_id_at
from framing.text.match import PhraseMatcher, fold_case, normalize_phrase

__all__ = [
    "Dictionary",
    "DictionaryError",
    "DictionaryFeatures",
    "DictionaryWarning",
    "Term",
    "TermHit",
    "find_terms",
    "parse_csv",
    "parse_dic",
    "read_dictionary",
]

log = logging.getLogger(__name__)

#: ``normalize`` option -> rate column suffix (``None``: no rate column).
NORMALIZE: dict[str, str | None] = {"per_1k_words": "per_1k", "percent": "pct", "count": None}

_MAX_REPORTED = 20
_WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*")
_APOSTROPHES = "'\u2019"


class DictionaryError(ValueError):
    """A dictionary file is malformed; ``problems`` lists ``(line, message)`` pairs (1-based lines)."""

    def __init__(self, source: str, problems: list[tuple[int | None, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        shown = [f"  {source}:{line}: {msg}" if line else f"  {source}: {msg}" for line, msg in problems[:_MAX_REPORTED]]
        if len(problems) > len(shown):
            shown.append(f"  ... and {len(problems) - len(shown)} more")
        n = len(problems)
        super().__init__(f"invalid dictionary {source} ({n} problem{'s' if n != 1 else ''}):\n" + "\n".join(shown))


class DictionaryWarning(UserWarning):
    """Input accepted with a repair: duplicate terms merged, empty categories kept."""


@dataclass(frozen=True)
class Term:
    """One dictionary entry: the term as written (without ``*``), its categories and weights."""

    text: str
    categories: tuple[str, ...]
    weights: tuple[float, ...]
    wildcard: bool = False
    case_sensitive: bool = False
    followed_by: str | None = None
    line: int | None = None

    @property
    def label(self) -> str:
        """The term as it appears in mentions: with its ``*`` when it is a wildcard."""
        return self.text + ("*" if self.wildcard else "")


@dataclass(frozen=True)
class Dictionary:
    """A parsed dictionary: categories in file order and terms (treat as immutable).

    Build it with :func:`read_dictionary`, :func:`parse_dic` or :func:`parse_csv`.

    Examples
    --------
    >>> d = parse_dic("%\\n1 pos\\n2 neg\\n%\\ngood 1\\nbad* 2\\n")
    >>> d.categories, [t.label for t in d.terms]
    (('pos', 'neg'), ['good', 'bad*'])
    """

    name: str
    categories: tuple[str, ...]
    terms: tuple[Term, ...]
    source: str = "<string>"
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def entries(self) -> pd.DataFrame:
        """One row per term and category: ``term, category, weight, wildcard, line``."""
        rows = [{"term": t.label, "category": c, "weight": w, "wildcard": t.wildcard, "line": t.line}
                for t in self.terms for c, w in zip(t.categories, t.weights)]
        return pd.DataFrame(rows, columns=["term", "category", "weight", "wildcard", "line"])

    @property
    def weighted(self) -> bool:
        """Whether any weight differs from 1."""
        return any(w != 1.0 for t in self.terms for w in t.weights)


# ---------------------------------------------------------------------------
# reading


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    m = re.search(r"\s#", line)
    return line[: m.start()] if m else line


def _check_term(raw: str, line: int, problems: list[tuple[int | None, str]]) -> tuple[str, bool] | None:
    term = normalize_phrase(raw)
    if not term:
        problems.append((line, "the term is empty; write the word before the category ids"))
        return None
    wildcard = term.endswith("*")
    core = term[:-1].rstrip() if wildcard else term
    if "*" in core:
        problems.append((line, f"term {raw.strip()!r} has a '*' that is not at its end; only a final '*' (prefix "
                               "wildcard) is supported"))
        return None
    if not core or (wildcard and core != term[:-1]):
        problems.append((line, f"term {raw.strip()!r}: a wildcard needs letters right before the '*'"))
        return None
    return core, wildcard


def _warn(messages: list[str], source: str) -> None:
    for msg in messages:
        warnings.warn(f"{source}: {msg}", DictionaryWarning, stacklevel=4)


def _finish(name: str, source: str, categories: list[str], raw_terms: list[tuple[str, bool, dict[str, float], int]],
            warn_duplicates: bool, problems: list[tuple[int | None, str]], notes: list[str]) -> Dictionary:
    """Merge the categories of repeated terms, find empty categories, raise or warn."""
    merged: dict[tuple[str, bool], tuple[str, dict[str, float], list[int]]] = {}
    for text, wildcard, cats, line in raw_terms:
        key = (fold_case(text), wildcard)
        if key not in merged:
            merged[key] = (text, dict(cats), [line])
            continue
        first_text, first_cats, lines = merged[key]
        lines.append(line)
        for c, w in cats.items():
            first_cats.setdefault(c, w)
    dupes = [(t, lines) for t, _, lines in merged.values() if len(lines) > 1]
    if dupes and warn_duplicates:
        shown = "; ".join(f"{t!r} (lines {', '.join(map(str, ls))})" for t, ls in dupes[:10])
        more = f" and {len(dupes) - 10} more" if len(dupes) > 10 else ""
        notes.append(f"{len(dupes)} duplicate term(s), categories merged: {shown}{more}")
    if problems:
        raise DictionaryError(source, problems)
    used = {c for _, cats, _ in merged.values() for c in cats}
    empty = [c for c in categories if c not in used]
    if empty:
        notes.append(f"categories without any term (kept as columns of zeros): {empty}")
    order = {c: i for i, c in enumerate(categories)}
    terms = []
    for (_, wildcard), (text, cats, lines) in merged.items():
        pairs = sorted(cats.items(), key=lambda cw: order[cw[0]])
        terms.append(Term(text, tuple(c for c, _ in pairs), tuple(float(w) for _, w in pairs), wildcard, line=lines[0]))
    _warn(notes, source)
    return Dictionary(name, tuple(categories), tuple(terms), source, tuple(notes))


def parse_dic(text: str, source: str = "<string>", name: str | None = None) -> Dictionary:
    """Parse a LIWC-format dictionary (see the module docstring).

    Raises
    ------
    DictionaryError
        With ``source:line`` for every problem (unknown category ids, lines
        without ids, malformed header...).

    Examples
    --------
    >>> d = parse_dic('''%
    ... 1\\tsocial
    ... 2\\tfamily
    ... %
    ... # family words are social too
    ... mother\\t1 2
    ... kind of\\t1
    ... friend*\\t1
    ... ''')
    >>> d.entries()[["term", "category"]].values.tolist()
    [['mother', 'social'], ['mother', 'family'], ['kind of', 'social'], ['friend*', 'social']]
    >>> parse_dic("%\\n1 a\\n%\\nword 7\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framing.extract.dictionary.DictionaryError: invalid dictionary <string> (1 problem):
      <string>:4: unknown category id '7' for term 'word'; declared ids: 1
    """
    problems: list[tuple[int | None, str]] = []
    notes: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not _strip_comment(lines[i]).strip():
        i += 1
    if i == len(lines):
        raise DictionaryError(source, [(None, "the file is empty; a .dic starts with a line '%', the category "
                                              "lines 'id name', a line '%', then 'term id id ...' lines")])
    if _strip_comment(lines[i]).strip() != "%":
        raise DictionaryError(source, [(i + 1, f"expected a line holding only '%' to open the category header, "
                                               f"found {lines[i].strip()[:60]!r}")])
    ids: dict[str, str] = {}
    categories: list[str] = []
    i += 1
    closed = False
    while i < len(lines):
        line = _strip_comment(lines[i]).strip()
        i += 1
        if not line:
            continue
        if line == "%":
            closed = True
            break
        parts = line.split(None, 1)
        if len(parts) < 2:
            problems.append((i, f"category line {line!r} needs an id and a name ('1 posemo')"))
            continue
        cid, cname = parts[0], normalize_phrase(parts[1])
        if cid in ids:
            problems.append((i, f"category id {cid!r} is declared twice (also as {ids[cid]!r}); give each id once"))
            continue
        if cname in categories:
            problems.append((i, f"category name {cname!r} is declared twice; give each category once"))
            continue
        ids[cid] = cname
        categories.append(cname)
    if not closed:
        raise DictionaryError(source, [*problems, (i, "the category header is not closed: add a line holding only "
                                                      "'%' after the category lines")])
    if not categories:
        problems.append((i, "the category header declares no category; add 'id name' lines between the '%' lines"))
    known = ", ".join(ids) if len(ids) <= 20 else ", ".join(list(ids)[:20]) + ", ..."
    raw_terms: list[tuple[str, bool, dict[str, float], int]] = []
    for k in range(i, len(lines)):
        lineno = k + 1
        line = _strip_comment(lines[k]).rstrip()
        if not line.strip():
            continue
        if "\t" in line:
            term_part, _, rest = line.partition("\t")
            id_tokens = rest.split()
        else:
            tokens = line.split()
            j = len(tokens)
            while j > 1 and (tokens[j - 1] in ids or tokens[j - 1].isdigit()):
                j -= 1
            term_part, id_tokens = " ".join(tokens[:j]), tokens[j:]
        checked = _check_term(term_part, lineno, problems)
        if checked is None:
            continue
        term, wildcard = checked
        shown = term + ("*" if wildcard else "")
        if not id_tokens:
            problems.append((lineno, f"term {shown!r} has no category ids; write 'term id id ...'"))
            continue
        cats: dict[str, float] = {}
        bad = False
        for tok in id_tokens:
            if tok not in ids:
                what = "unknown category id" if re.fullmatch(r"\w+", tok) else "unsupported category field"
                problems.append((lineno, f"{what} {tok!r} for term {shown!r}; declared ids: {known}"))
                bad = True
                continue
            cats.setdefault(ids[tok], 1.0)
        if not bad:
            raw_terms.append((term, wildcard, cats, lineno))
    stem = name or (Path(source).stem if source != "<string>" else "dictionary")
    return _finish(stem, source, categories, raw_terms, True, problems, notes)


def parse_csv(text: str, source: str = "<string>", name: str | None = None, delimiter: str = ",") -> Dictionary:
    """Parse ``term,category[,weight]`` rows (see the module docstring).

    Examples
    --------
    >>> d = parse_csv("term,category,weight\\ngood,pos,1.5\\nbad*,neg,2\\ngood,praise\\n")
    >>> d.entries()[["term", "category", "weight"]].values.tolist()
    [['good', 'pos', 1.5], ['good', 'praise', 1.0], ['bad*', 'neg', 2.0]]
    """
    problems: list[tuple[int | None, str]] = []
    notes: list[str] = []
    categories: list[str] = []
    raw_terms: list[tuple[str, bool, dict[str, float], int]] = []
    seen_pairs: dict[tuple[str, bool, str], int] = {}
    repeats: list[str] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    first = True
    for row in reader:
        lineno = reader.line_num
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if first:
            first = False
            if cells[0].lower() == "term" and len(cells) > 1 and cells[1].lower() == "category":
                continue
        if len(cells) < 2 or len(cells) > 3:
            problems.append((lineno, f"expected 'term{delimiter}category[{delimiter}weight]', found {len(cells)} "
                                     f"field(s): {delimiter.join(cells)[:60]!r}"))
            continue
        checked = _check_term(cells[0], lineno, problems)
        category = normalize_phrase(cells[1])
        if not category:
            problems.append((lineno, f"term {cells[0]!r} has an empty category"))
            continue
        weight = 1.0
        if len(cells) == 3 and cells[2]:
            try:
                weight = float(cells[2])
            except ValueError:
                problems.append((lineno, f"weight {cells[2]!r} of term {cells[0]!r} is not a number"))
                continue
            if not np.isfinite(weight):
                problems.append((lineno, f"weight {cells[2]!r} of term {cells[0]!r} is not a finite number"))
                continue
        if checked is None:
            continue
        term, wildcard = checked
        key = (fold_case(term), wildcard, category)
        if key in seen_pairs:
            repeats.append(f"{cells[0]!r}/{category!r} (lines {seen_pairs[key]}, {lineno})")
            continue
        seen_pairs[key] = lineno
        if category not in categories:
            categories.append(category)
        raw_terms.append((term, wildcard, {category: weight}, lineno))
    if repeats:
        more = f" and {len(repeats) - 10} more" if len(repeats) > 10 else ""
        notes.append(f"{len(repeats)} repeated term-category pair(s), first weight kept: {'; '.join(repeats[:10])}{more}")
    if not raw_terms and not problems:
        problems.append((None, "no 'term,category' rows found"))
    stem = name or (Path(source).stem if source != "<string>" else "dictionary")
    return _finish(stem, source, categories, raw_terms, False, problems, notes)


def _from_lexicon(lexicon: Any) -> Dictionary:
    from framing.lexicons.schema import load_lexicon

    lex = load_lexicon(lexicon)
    terms = []
    for concept in lex.concepts.values():
        for label in concept.labels.values():
            for v in label.variants:
                terms.append(Term(v.text, (concept.name,), (1.0,), False, v.case_sensitive, v.followed_by, v.line))
    return Dictionary(lex.name, tuple(lex.concepts), tuple(terms), lex.path or lex.name)


def _decode(data: bytes, source: str, encoding: str) -> str:
    if data.startswith(b"\xef\xbb\xbf") and encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1]
        raise DictionaryError(source, [(line, f"byte {byte!r} at column {col} is not valid {encoding} ({exc.reason}); "
                                              "re-save the file as UTF-8, or read it with encoding='cp1252' "
                                              "(or 'latin-1') if it was saved that way")]) from None
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8' or 'cp1252'") from None


def read_dictionary(path: "str | Path | Dictionary", *, encoding: str = "utf-8", format: str | None = None) -> Dictionary:
    """Read a dictionary file: ``.dic``, ``.csv``/``.tsv`` or a project lexicon (``.yaml`` or a shipped name).

    Parameters
    ----------
    path : str, Path or Dictionary
        The file (a :class:`Dictionary` is passed through).
    encoding : str, default "utf-8"
        Text encoding of ``.dic``/``.csv`` files (no silent fallback; see the module docstring).
    format : {"dic", "csv", "tsv", "yaml"}, optional
        Overrides the format given by the file extension.

    Raises
    ------
    FileNotFoundError
        When there is no such file (and no shipped lexicon of that name).
    DictionaryError
        For malformed input, with every problem and its line.
    """
    if isinstance(path, Dictionary):
        return path
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file path or a Dictionary, found {type(path).__name__}")
    p = Path(path).expanduser()
    fmt = (format or p.suffix.lstrip(".")).lower()
    if fmt == "yml":
        fmt = "yaml"
    if not p.is_file():
        from framing.lexicons.schema import available_lexicons

        if isinstance(path, str) and path in available_lexicons():
            return _from_lexicon(path)
        raise FileNotFoundError(f"no dictionary file at {str(path)!r}; give the path of a .dic, .csv, .tsv or .yaml "
                                "file, or the name of a shipped lexicon")
    if fmt == "yaml":
        return _from_lexicon(p)
    if fmt not in ("dic", "csv", "tsv", "txt"):
        raise ValueError(f"cannot tell the dictionary format of {str(p)!r} (extension {p.suffix!r}); use a .dic, "
                         ".csv, .tsv or .yaml file, or pass format='dic'|'csv'|'tsv'|'yaml'")
    text = _decode(p.read_bytes(), str(p), encoding)
    if fmt in ("dic", "txt"):
        return parse_dic(text, str(p))
    return parse_csv(text, str(p), delimiter="\t" if fmt == "tsv" else ",")


# ---------------------------------------------------------------------------
# matching


class TermHit(NamedTuple):
    """One term found in a text: ``text[start:end] == matched``; ``term`` indexes :attr:`Dictionary.terms`."""

    start: int
    end: int
    matched: str
    term: int


@dataclass
class _Matcher:
    exact: PhraseMatcher
    spans: dict[int, int]  # term index -> span of a followed_by variant
    multi: re.Pattern[str] | None
    multi_terms: dict[str, int]  # group name -> term index
    prefixes: dict[str, int]  # folded prefix -> term index
    max_prefix: int


def _build(d: Dictionary) -> _Matcher:
    exact = PhraseMatcher()
    spans: dict[int, int] = {}
    multi_parts: list[tuple[str, str]] = []
    multi_terms: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    for k, t in enumerate(d.terms):
        if not t.wildcard:
            phrase = f"{t.text} {t.followed_by}" if t.followed_by else t.text
            exact.add(phrase, k, t.case_sensitive)
            if t.followed_by:
                spans[k] = len(t.text)
        elif " " in t.text:
            name = f"t{k}"
            words = t.text.split(" ")
            body = r"\s+".join(re.escape(w) for w in words)
            multi_parts.append((name, rf"(?<!\w)(?P<{name}>{body}[\w'\u2019]*)"))
            multi_terms[name] = k
        else:
            prefixes.setdefault(fold_case(t.text), k)
    multi = None
    if multi_parts:
        multi_parts.sort(key=lambda p: -len(p[1]))
        multi = re.compile("|".join(p for _, p in multi_parts), re.IGNORECASE)
    return _Matcher(exact, spans, multi, multi_terms, prefixes, max((len(p) for p in prefixes), default=0))


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether a hit starts or ends at an apostrophe inside a word (``don`` in ``don't``)."""
    n = len(text)
    if end + 1 < n and text[end] in _APOSTROPHES and text[end + 1].isalnum() and text[end - 1].isalnum():
        return True
    return start > 1 and text[start - 1] in _APOSTROPHES and text[start - 2].isalnum() and text[start].isalnum()


def _find(text: str, m: _Matcher) -> list[TermHit]:
    if not text:
        return []
    cands: list[tuple[int, int, int]] = []
    for hit in m.exact.candidates(text):
        if _inside_word(text, hit.start, hit.end):
            continue
        for k in hit.payloads:
            cands.append((hit.start, hit.end, k))
    if m.multi is not None:
        for mm in m.multi.finditer(text):
            name = mm.lastgroup
            if name is not None:
                cands.append((mm.start(), mm.end(), m.multi_terms[name]))
    chosen: list[tuple[int, int, int]] = []
    taken = bytearray(len(text))
    if cands:
        cands.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
        best: dict[tuple[int, int], list[int]] = {}
        for s, e, k in cands:
            if (s, e) in best:  # several terms on the same span (case variants): keep them all
                best[(s, e)].append(k)
                continue
            if taken.find(1, s, e) == -1:
                taken[s:e] = b"\x01" * (e - s)
                best[(s, e)] = [k]
        for (s, e), ks in best.items():
            for k in ks:
                chosen.append((s, s + m.spans[k] if k in m.spans else e, k))
    if m.prefixes:
        folded = fold_case(text)
        for tok in _WORD_RE.finditer(folded):
            s, e = tok.span()
            if taken.find(1, s, e) != -1:
                continue
            word = tok.group()
            for n in range(min(len(word), m.max_prefix), 0, -1):
                k = m.prefixes.get(word[:n])
                if k is not None:
                    chosen.append((s, e, k))
                    break
    chosen.sort()
    return [TermHit(s, e, text[s:e], k) for s, e, k in chosen]


def find_terms(text: str, dictionary: "Dictionary | str | Path") -> list[TermHit]:
    """Dictionary terms found in ``text``, in text order (see the module docstring for the rules).

    Examples
    --------
    >>> d = parse_dic("%\\n1 neg\\n2 pos\\n%\\nhate*\\t1\\nhated it\\t1\\ngood\\t2\\n")
    >>> [(h.matched, d.terms[h.term].label) for h in find_terms("Hateful, not good; they hated it.", d)]
    [('Hateful', 'hate*'), ('good', 'good'), ('hated it', 'hated it')]
    """
    d = read_dictionary(dictionary)
    return _find(text, _build(d))


# ---------------------------------------------------------------------------
# the extractor


def _slug(name: str) -> str:
    s = re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")
    if not s:
        s = "category"
    if s[0].isdigit():
        s = f"c_{s}"
    return s


class DictionaryFeatures(BaseExtractor):
    """Category counts, rates and weighted sums from a researcher's dictionary (prefix ``dictionary``).

    Parameters
    ----------
    path : str, Path or Dictionary
        A LIWC-format ``.dic``, a ``term,category[,weight]`` ``.csv``/``.tsv``,
        a project lexicon (``.yaml`` file or shipped name, concepts as
        categories), or a :class:`Dictionary`. See the module docstring for the
        formats, the wildcard rules and what is done with bad input.
    fields : sequence of str, default ("title", "captions", "text")
        Corpus columns searched.
    normalize : {"per_1k_words", "percent", "count"}, default "per_1k_words"
        The rate column: hits per 1,000 white-space words (``per_1k``), per 100
        words as LIWC reports them (``pct``), or none (``count``).
    encoding : str, default "utf-8"
        Encoding of ``.dic``/``.csv`` files.

    Attributes
    ----------
    dictionary_ : Dictionary
        The parsed dictionary.
    columns_ : dict
        Category -> its column stem (the name lower-cased, non-alphanumerics as ``_``).

    Notes
    -----
    Columns, for each category ``<c>`` (in file order):

    ``dictionary__<c>__count``
        hits of the category's terms over the fields read (a word in two
        categories counts in both);
    ``dictionary__<c>__per_1k`` or ``dictionary__<c>__pct``
        the rate chosen by ``normalize``;
    ``dictionary__<c>__weighted``
        the sum of the hits' weights (equal to the count when all weights are 1).

    An article without hits (or without words) gets zeros, never NaN. The
    mentions table has ``doc_id, field, sentence_id, start, end, matched,
    category, term, weight``: one row per hit **and category** (``term`` is
    the entry as written, with its ``*``).

    References
    ----------
    .. [1] Pennebaker, J. W., Boyd, R. L., Jordan, K., & Blackburn, K. (2015).
       *The development and psychometric properties of LIWC2015*. University of
       Texas at Austin.

    Examples
    --------
    >>> d = parse_csv("term,category,weight\\nhope*,optimism,1\\ndoom,pessimism,2\\n")
    >>> df = DictionaryFeatures(path=d, fields=("text",)).fit(["x"])
    >>> feats, mentions = df.extract(["Hopeful voters and their hopes; doom ahead."])
    >>> feats.round(1).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'dictionary__optimism__count': 2.0, 'dictionary__optimism__per_1k': 285.7, 'dictionary__optimism__weighted': 2.0,
     'dictionary__pessimism__count': 1.0, 'dictionary__pessimism__per_1k': 142.9, 'dictionary__pessimism__weighted': 2.0}
    >>> mentions[["matched", "category", "term"]].values.tolist()
    [['Hopeful', 'optimism', 'hope*'], ['hopes', 'optimism', 'hope*'], ['doom', 'pessimism', 'doom']]
    """

    prefix = "dictionary"
    mention_columns = ("category", "term", "weight")

    def __init__(
        self,
        *,
        path: Any = None,
        fields: Sequence[str] = DEFAULT_FIELDS,
        normalize: str = "per_1k_words",
        encoding: str = "utf-8",
    ) -> None:
        self.path = path
        self.fields = fields
        self.normalize = normalize
        self.encoding = encoding

    def _fit(self, docs: list[Document]) -> None:
        if self.normalize not in NORMALIZE:
            raise ValueError(f"normalize must be one of {list(NORMALIZE)}, found {self.normalize!r}")
        if self.path is None:
            raise ValueError("path is required: give a .dic, .csv, .tsv or .yaml dictionary file")
        self.dictionary_ = read_dictionary(self.path, encoding=self.encoding)
        columns: dict[str, str] = {}
        seen: dict[str, str] = {}
        for c in self.dictionary_.categories:
            s = _slug(c)
            if s in seen:
                raise ValueError(f"categories {seen[s]!r} and {c!r} of {self.dictionary_.source} give the same column "
                                 f"name {s!r}; rename one")
            seen[s] = c
            columns[c] = s
        self.columns_ = columns
        self.matcher_ = _build(self.dictionary_)
        log.debug("dictionary %s: %d categories, %d terms", self.dictionary_.name, len(columns),
                  len(self.dictionary_.terms))

    def _feature_names(self) -> list[str]:
        rate = NORMALIZE[self.normalize]
        names = []
        for s in self.columns_.values():
            names.append(f"{s}__count")
            if rate:
                names.append(f"{s}__{rate}")
            names.append(f"{s}__weighted")
        return names

    def _values(self, hits: Sequence[TermHit], n_words: int) -> list[float]:
        terms = self.dictionary_.terms
        index = {c: i for i, c in enumerate(self.columns_)}
        counts = np.zeros(len(index))
        weighted = np.zeros(len(index))
        for h in hits:
            t = terms[h.term]
            for c, w in zip(t.categories, t.weights):
                counts[index[c]] += 1
                weighted[index[c]] += w
        rate = NORMALIZE[self.normalize]
        scale = (1000.0 if rate == "per_1k" else 100.0) / n_words if n_words > 0 else 0.0
        out: list[float] = []
        for i in range(len(index)):
            out.append(float(counts[i]))
            if rate:
                out.append(float(counts[i] * scale))
            out.append(float(weighted[i]))
        return out

    def _extract_doc(self, doc: Document) -> tuple[dict[str, float], list[dict[str, Any]]]:
        from framing.text.sentences import sentence_spans

        terms = self.dictionary_.terms
        hits: list[TermHit] = []
        mentions: list[dict[str, Any]] = []
        for fld, text in doc.fields.items():
            found = _find(text, self.matcher_)
            if not found:
                continue
            spans = sentence_spans(text)
            for h in found:
                hits.append(h)
                t = terms[h.term]
                sid = sentence_id_at(spans, h.start)
                for c, w in zip(t.categories, t.weights):
                    mentions.append({"field": fld, "sentence_id": sid, "start": h.start, "end": h.end,
                                     "matched": h.matched, "category": c, "term": t.label, "weight": w})
        names = [n.split("__", 1)[1] for n in self.feature_names_]
        return dict(zip(names, self._values(hits, doc.n_words()))), mentions

    def transform(self, X: Any) -> np.ndarray:
        """Features, one row per article (no sentence splitting: the fast path)."""
        check_is_fitted(self, "matcher_")
        docs = as_documents(X, self._fields())
        out = np.zeros((len(docs), len(self.feature_names_)))
        for i, doc in enumerate(docs):
            hits = [h for text in doc.fields.values() for h in _find(text, self.matcher_)]
            out[i] = self._values(hits, doc.n_words())
        return out
