"""Unicode normalization of news text that keeps character offsets explainable.

Scraped and dataset text mixes typographic quotes, several kinds of dashes,
non-breaking and zero-width spaces, Windows line endings and decomposed
accents. Downstream tools trip over them: the offline pattern parser
(``textblob.en.parse``) tags ``Obama’s`` as one noun phrase ``Obama ’ s``
with ``’`` as a noun, while ``Obama's`` gets ``Obama/NNP '/POS``. This module
turns such text into one plain, predictable form.

Rules of :func:`normalize_text` (applied in this order)
-------------------------------------------------------
1. Line endings: ``\\r\\n``, ``\\r``, vertical tab, form feed, NEL (U+0085) and
   LINE SEPARATOR (U+2028) become ``\\n``; PARAGRAPH SEPARATOR (U+2029)
   becomes ``\\n\\n``.
2. Quotes: ‘ ’ ‚ ‛ ′ ‵ ʼ ´ ‹ › ＇ -> ``'``; “ ” „ ‟ ″ ‶ « » 〝 〞 〟 ＂ -> ``"``.
   Guillemets become ASCII double quotes too (the toolkit targets English
   text, where they are quotation marks).
3. Dashes, one rule for each kind:

   * hyphen-like dashes (hyphen U+2010, non-breaking hyphen U+2011, figure
     dash U+2012, en dash U+2013, minus sign U+2212, small/full-width
     hyphen-minus) become ``-`` and keep the spacing they had:
     ``1990–95`` -> ``1990-95``, ``Paris – Berlin`` -> ``Paris - Berlin``,
     ``−5`` -> ``-5``;
   * clause dashes (em dash U+2014, horizontal bar U+2015, two- and three-em
     dashes, small em dash) become a spaced ``' - '`` whatever their
     spacing: ``said—no`` and ``said — no`` -> ``said - no``.

   So after normalization a dash between clauses reads ``' - '`` and a dash
   inside a word or a range reads ``'-'``. ASCII ``-`` and ``--`` are left as
   they are.
4. Spaces: tab, no-break space, narrow no-break space, ideographic space and
   the other Unicode space separators become ``' '``; zero-width space, word
   joiner, byte-order mark, soft hyphen, left-to-right/right-to-left marks and
   the other invisible bidi controls are removed; remaining control
   characters are removed. Zero-width joiner and non-joiner are kept (they
   change how Persian, Indic scripts and emoji are written).
5. Ellipsis ``…`` -> ``...`` (the pattern tokenizer knows ``...``).
6. Unicode NFC (canonical composition: ``e`` + combining acute -> ``é``),
   after rules 1-5 so that a removed invisible character cannot keep a
   combining mark from its letter; characters NFC produces are passed
   through rules 2-5 once more.
7. Within each line, runs of spaces collapse to one space; spaces at the
   start and end of lines are removed; lines that held only spaces become
   empty.
8. Three or more consecutive newlines become ``\\n\\n`` (a paragraph break);
   single newlines are kept; newlines at the start and end are removed.

:func:`normalize_with_offsets` applies the same rules and also returns, for
every output character, the index of the input character it came from (a
character inserted by a rule, such as the spaces around a clause dash, points
to the character that was replaced; a composed character points to the start
of its combining sequence). :func:`decode_bytes` turns raw file bytes into
text before all this.

Examples
--------
>>> normalize_text("Syria’s  “interim” leader—Sharaa\\r\\n")
'Syria\\'s "interim" leader - Sharaa'
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
import unicodedata
from collections.abc import Callable

import numpy as np

__all__ = ["normalize_text", "normalize_with_offsets", "decode_bytes", "replace_lone_surrogates"]

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Character table (rules 1, 3-6)
# ---------------------------------------------------------------------------

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u00b4\u2039\u203a\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f\uff02"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d\u02d7\u2e17"
_CLAUSE_DASHES = "\u2014\u2015\u2e3a\u2e3b\ufe58\ufe31\ufe32"
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\ufeff\ufff9\ufffa\ufffb"
)
_LINE_BREAKS = {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # control characters (C0 and C1) other than newline are removed ...
    for cp in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        if cp != 0x0A:
            table[cp] = ""
    # ... except those that mean a line break or a space
    for ch, repl in _LINE_BREAKS.items():
        table[ord(ch)] = repl
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _INVISIBLE:
        table[ord(ch)] = ""
    for ch in _SINGLE_QUOTES:
        table[ord(ch)] = "'"
    for ch in _DOUBLE_QUOTES:
        table[ord(ch)] = '"'
    for ch in _HYPHENS:
        table[ord(ch)] = "-"
    for ch in _CLAUSE_DASHES:
        table[ord(ch)] = " - "
    table[0x2026] = "..."
    return table


_TABLE: dict[int, str] = _build_table()
# code points with a replacement of length != 1 (for offset bookkeeping)
_TABLE_CODES = np.array(sorted(_TABLE), dtype=np.uint32)
_TABLE_LENGTHS = np.array([len(_TABLE[c]) for c in sorted(_TABLE)], dtype=np.int64)
_TABLE_CHARS = re.compile("[" + re.escape("".join(chr(c) for c in sorted(_TABLE))) + "]")

# ---------------------------------------------------------------------------
# Whitespace rules (7, 8): each pattern's replacement is a prefix of its match,
# so the characters kept are input characters and their offsets stay known.
# ---------------------------------------------------------------------------

_CRLF = re.compile(r"\r(?=\n)")  # deleted before the table turns lone \r into \n
# (guard substring, pattern, characters kept: +k = first k of the match, -k = last k)
_SPACE_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (" \n", re.compile(r" +\n"), -1),  # spaces at line ends
    ("\n ", re.compile(r"\n +"), 1),  # spaces at line starts
    ("  ", re.compile(r" {2,}"), 1),  # runs of spaces
    ("\n\n\n", re.compile(r"\n{3,}"), 2),  # more than one blank line
)
_EDGES = " \n"  # stripped from both ends of the text


@functools.cache
def _composing_starters() -> frozenset[str]:
    """Characters of combining class 0 that NFC may merge with what precedes them.

    Computed once from the running Python's Unicode database: the second
    character of every two-character canonical decomposition that is itself a
    starter (e.g. Tamil/Malayalam vowel signs), the Hangul medial and final
    jamo, and starters whose decomposition begins with a combining mark.
    """
    found: set[str] = set()
    for cp in range(0x110000):
        decomposition = unicodedata.decomposition(chr(cp))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = [chr(int(p, 16)) for p in decomposition.split()]
        if len(parts) == 2 and unicodedata.combining(parts[1]) == 0:
            found.add(parts[1])
        if unicodedata.combining(chr(cp)) == 0 and unicodedata.combining(parts[0]) != 0:
            found.add(chr(cp))
    found.update(chr(c) for c in range(0x1161, 0x1176))  # Hangul vowel jamo
    found.update(chr(c) for c in range(0x11A8, 0x11C3))  # Hangul final jamo
    return frozenset(found)


def _nfc_tracked(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    """NFC that maps each output character to an input offset.

    The text is cut before every character that can never combine with what
    precedes it; each piece is composed on its own and all its output
    characters point to the piece's first character. If that ever disagrees
    with whole-text NFC, lines are used as pieces instead (NFC never crosses a
    newline).
    """
    if unicodedata.is_normalized("NFC", text):
        return text, offsets
    expected = unicodedata.normalize("NFC", text)
    glue = _composing_starters()
    starts = [0]
    for i in range(1, len(text)):
        ch = text[i]
        if unicodedata.combining(ch) == 0 and ch not in glue:
            starts.append(i)
    result = _compose_pieces(text, offsets, starts)
    if result[0] != expected:  # pragma: no cover - defensive, exotic scripts only
        logger.debug("NFC piecewise composition disagreed; using line pieces")
        line_starts = [0] + [m.end() for m in re.finditer("\n", text) if m.end() < len(text)]
        result = _compose_pieces(text, offsets, line_starts)
    return result


def _compose_pieces(text: str, offsets: np.ndarray, starts: list[int]) -> tuple[str, np.ndarray]:
    out: list[str] = []
    out_offsets: list[np.ndarray] = []
    bounds = starts + [len(text)]
    for a, b in zip(bounds[:-1], bounds[1:]):
        piece = text[a:b]
        composed = unicodedata.normalize("NFC", piece)
        out.append(composed)
        if composed == piece:
            out_offsets.append(offsets[a:b])
        else:
            out_offsets.append(np.full(len(composed), offsets[a], dtype=np.int64))
    if not out_offsets:
        return "", offsets[:0]
    return "".join(out), np.concatenate(out_offsets)


def _translate_tracked(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    if not _TABLE_CHARS.search(text):
        return text, offsets
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # lone surrogates too
    lengths = np.ones(len(codes), dtype=np.int64)
    idx = np.searchsorted(_TABLE_CODES, codes)
    idx = np.minimum(idx, len(_TABLE_CODES) - 1)
    hit = _TABLE_CODES[idx] == codes
    lengths[hit] = _TABLE_LENGTHS[idx[hit]]
    return _TABLE_CHARS.sub(_replace_char, text), np.repeat(offsets, lengths)


def _delete_tracked(pattern: re.Pattern[str], keep: int, text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    """Replace each match by its first ``keep`` (or, if negative, last ``-keep``) characters."""
    mask: np.ndarray | None = None
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        if keep >= 0:
            start, end = match.start() + keep, match.end()
        else:
            start, end = match.start(), match.end() + keep
        if start >= end:
            continue
        if mask is None:
            mask = np.ones(len(text), dtype=bool)
        mask[start:end] = False
        pieces.append(text[last:start])
        last = end
    if mask is None:
        return text, offsets
    pieces.append(text[last:])
    return "".join(pieces), offsets[mask]


def _strip_tracked(text: str, offsets: np.ndarray) -> tuple[str, np.ndarray]:
    head = len(text) - len(text.lstrip(_EDGES))
    stripped = text.strip(_EDGES)
    return stripped, offsets[head : head + len(stripped)]


def _keep_part(keep: int) -> Callable[[re.Match[str]], str]:
    if keep >= 0:
        return lambda m: m.group()[:keep]
    return lambda m: m.group()[keep:]


_KEEP = {keep: _keep_part(keep) for _g, _p, keep in _SPACE_RULES}


def _replace_char(match: re.Match[str]) -> str:
    return _TABLE[ord(match.group())]


def _check_str(text: object, name: str = "text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}; decode bytes first with decode_bytes()")
    return text


def normalize_text(text: str) -> str:
    """Normalize quotes, dashes, spaces, line endings and Unicode form of a text.

    The rules are listed in the module docstring; paragraph breaks (``\\n\\n``)
    and single line breaks are kept.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The normalized text (``''`` for empty or whitespace-only input).

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> normalize_text("Obama’s plan – “maybe”\u00a0\u00a0later…")
    'Obama\\'s plan - "maybe" later...'
    >>> normalize_text("  first\\u200b line  \\r\\n\\r\\n\\r\\n\\nsecond—line ")
    'first line\\n\\nsecond - line'
    """
    text = _check_str(text)
    if not text:
        return ""
    if "\r" in text:
        text = _CRLF.sub("", text)
    # substituting only the characters that change is much faster than str.translate
    text = _TABLE_CHARS.sub(_replace_char, text)
    if not unicodedata.is_normalized("NFC", text):
        # after the table, so that removed characters cannot leave a mark uncomposed;
        # then the table again for what NFC produced (e.g. U+2000 -> U+2002)
        text = unicodedata.normalize("NFC", text)
        text = _TABLE_CHARS.sub(_replace_char, text)
    for guard, pattern, keep in _SPACE_RULES:
        if guard in text:
            text = pattern.sub(_KEEP[keep], text)
    return text.strip(_EDGES)


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """Normalize like :func:`normalize_text` and map every output character to the input.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    normalized : str
        Exactly ``normalize_text(text)``.
    offsets : numpy.ndarray of int64, shape (len(normalized),)
        ``offsets[i]`` is the index in ``text`` of the character that produced
        ``normalized[i]``. Characters a rule inserts (the spaces around a clause
        dash, the dots of an ellipsis) point to the character they replace; a
        character composed by NFC points to the start of its combining sequence.
        The array is non-decreasing.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> norm, off = normalize_with_offsets("a\u00a0\u00a0b—c")
    >>> norm
    'a b - c'
    >>> off.tolist()
    [0, 1, 3, 4, 4, 4, 5]
    """
    text = _check_str(text)
    offsets = np.arange(len(text), dtype=np.int64)
    if not text:
        return "", offsets
    if "\r" in text:
        text, offsets = _delete_tracked(_CRLF, 0, text, offsets)
    text, offsets = _translate_tracked(text, offsets)
    if not unicodedata.is_normalized("NFC", text):
        text, offsets = _nfc_tracked(text, offsets)
        text, offsets = _translate_tracked(text, offsets)
    for guard, pattern, keep in _SPACE_RULES:
        if guard in text:
            text, offsets = _delete_tracked(pattern, keep, text, offsets)
    return _strip_tracked(text, offsets)


# ---------------------------------------------------------------------------
# Bytes
# ---------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# bytes cp1252 leaves undefined
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# a well-formed multi-byte UTF-8 sequence
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text and codec when ``data`` looks like UTF-16 without a byte-order mark, else None.

    UTF-16 text in a Latin script has a NUL as the high byte of nearly every
    character, so it is valid UTF-8 full of NULs; read as UTF-8 it would turn one
    JSON line into two and hide the CSV header. Taken as UTF-16 when at least 90%
    of the high bytes (odd positions for little-endian, even for big-endian) are
    NUL, almost none of the low bytes are, and the decoded text is printable.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65536]
    half = len(sample) // 2
    for high, low, codec in ((sample[1::2], sample[0::2], "utf-16-le"), (sample[0::2], sample[1::2], "utf-16-be")):
        if high.count(0) >= 0.9 * half and low.count(0) <= 0.01 * half:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            head = text[:32768]
            control = sum(1 for ch in head if ch < " " and ch not in "\t\n\r")
            return (text, codec) if control <= 0.05 * max(len(head), 1) else None
    return None


_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate code point replaced by U+FFFD (one for one, so offsets hold).

    Lone surrogates (e.g. from a JSON ``\\ud800`` escape) are not text:
    UTF-8 writers, Arrow and pandas' string columns refuse them. Returns
    ``text`` itself when it holds none.

    Examples
    --------
    >>> replace_lone_surrogates("a" + chr(0xD800) + "b") == "a" + chr(0xFFFD) + "b"
    True
    >>> s = "plain"; replace_lone_surrogates(s) is s
    True
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # fails exactly when a surrogate is present; faster than searching for one
    except UnicodeEncodeError:
        return _LONE_SURROGATE_RE.sub("\ufffd", text)
    return text


def decode_bytes(data: bytes) -> tuple[str, bool]:
    """Decode the raw bytes of an article file into text.

    Rules, in order:

    1. A byte-order mark decides: UTF-8 (BOM dropped), UTF-16 LE/BE, UTF-32
       LE/BE; undecodable sequences are replaced by U+FFFD.
    2. Without a BOM, bytes with a NUL at (nearly) every other position that
       decode to printable UTF-16 text are UTF-16 LE/BE (flagged: a guess).
    3. Valid UTF-8 is decoded as UTF-8.
    4. Otherwise, when the bytes look like Windows-1252 (they decode under
       cp1252 and contain no well-formed multi-byte UTF-8 sequence, i.e. they
       are not UTF-8 with a few broken bytes), they are decoded as cp1252.
    5. Otherwise UTF-8 with U+FFFD for each undecodable sequence.

    Parameters
    ----------
    data : bytes
        The file content (``bytes``, ``bytearray`` or ``memoryview``).

    Returns
    -------
    text : str
        The decoded text (not yet normalized: see :func:`normalize_text`).
    flagged : bool
        ``True`` when the text is a guess the user should know about: the bytes
        were not valid in their encoding, so they were read as UTF-16 without
        a BOM (rule 2) or cp1252 (rule 4), or characters were replaced (rules 1 and 5).

    Raises
    ------
    TypeError
        If ``data`` is not bytes-like.

    Examples
    --------
    >>> decode_bytes("Syria’s".encode("utf-8"))
    ('Syria’s', False)
    >>> decode_bytes(b"Syria\\x92s")  # Windows-1252 apostrophe
    ('Syria’s', True)
    >>> decode_bytes(b"\\xef\\xbb\\xbfhi")
    ('hi', False)
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError(f"data must be bytes, got {type(data).__name__}; pass str text to normalize_text() instead")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(encoding), False
            except UnicodeDecodeError:
                logger.info("bytes with a %s byte-order mark are not valid %s; replaced bad sequences", encoding, encoding)
                return body.decode(encoding, errors="replace"), True
    guessed = _utf16_without_bom(data)
    if guessed is not None:
        logger.info("bytes have a NUL byte at every other position and no byte-order mark; decoded as %s",
                    guessed[1])
        return guessed[0], True
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if not _CP1252_UNDEFINED.search(data) and not _UTF8_MULTIBYTE.search(data):
        logger.info("bytes are not UTF-8; decoded as Windows-1252 (cp1252)")
        return data.decode("cp1252"), True
    logger.info("bytes are not valid UTF-8 nor cp1252; replaced bad sequences with U+FFFD")
    return data.decode("utf-8", errors="replace"), True
