"""Wire copy and near-duplicate detection: which articles are the same text.

A news corpus scraped from many sites repeats itself: sites republish agency
copy (Reuters, AP, AFP) under their own name, sometimes with a new headline, a
trimmed last paragraph or their own newsletter prompt. A framing study that
counts such a copy as the republishing site's own words credits the agency's
wording to the wrong outlet and counts the same text twice. This module finds
those copies and groups them so they can be flagged, attributed or dropped.

Method: texts are lowercased and split into word tokens; each text becomes the
set of its overlapping ``shingle_size``-word sequences (shingles). MinHash
signatures of these sets (Broder 1997) are indexed with banded
locality-sensitive hashing (``datasketch.MinHashLSH``; Leskovec et al. 2020,
ch. 3) so that only likely pairs are ever compared, never all pairs. Every
candidate pair is then verified with the exact Jaccard similarity of the two
shingle sets, so each reported pair really shares at least ``threshold`` of its
shingles. Verified pairs are joined into groups with union-find
(connected components; Tarjan 1975).

Exactness: shingles are compared through 64-bit fingerprints (BLAKE2b word
hashes combined position by position and mixed with the SplitMix64
finalizer). Two different shingles share a fingerprint with probability about
``2**-64``; over a corpus of 20 million shingles the chance that *any* such
collision exists is about ``1e-5``, so the verified Jaccard equals the Jaccard
of the word shingles themselves.

The default threshold, 0.5 Jaccard on 5-word shingles, was chosen from the
verified similarities of candidate pairs in two real corpora (AllSides ABP,
20,700 articles; BABE/MBIC, 984 articles; see ``docs/wire_copy.md``). Articles
written independently about the same event share quotes but not half of their
5-word sequences: every cross-outlet pair read by hand at Jaccard >= 0.3 was
shared copy (the same AP, Reuters or Bloomberg story in the same or an updated
version, a syndicated column, or one article filed under two outlet names);
pairs between 0.2 and 0.3 mix wire reuse with long shared quotations. Same-outlet pairs up to 0.45 were mostly shared page boilerplate.
A threshold of 0.8 keeps only near-verbatim copies and, in AllSides, misses
more than half of the republished wire stories (new headline, updated lead,
added paragraphs); 0.5 keeps a margin from both kinds of false match.

References
----------
.. [1] Broder, A. Z. (1997). On the resemblance and containment of documents.
   *Proceedings of Compression and Complexity of SEQUENCES 1997*, 21-29.
.. [2] Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). *Mining of Massive
   Datasets* (3rd ed.), ch. 3 "Finding Similar Items". Cambridge University Press.
.. [3] Tarjan, R. E. (1975). Efficiency of a good but not linear set union
   algorithm. *Journal of the ACM*, 22(2), 215-225.
.. [4] Clough, P., Gaizauskas, R., Piao, S. S. L., & Wilks, Y. (2002). METER:
   MEasuring TExt Reuse. *Proceedings of ACL 2002*, 152-159.
.. [5] Nicholls, T. (2019). Detecting textual reuse in news stories, at scale.
   *International Journal of Communication*, 13, 4173-4197.
.. [6] Boumans, J., Trilling, D., Vliegenthart, R., & Boomgaarden, H. (2018).
   The agency makes the (online) news world go round: The impact of news
   agency content on print and online news. *International Journal of
   Communication*, 12, 1768-1789.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any, Literal

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_WIRE_OUTLETS",
    "PAIR_COLUMNS",
    "SYNDICATION_COLUMNS",
    "tokenize",
    "shingles",
    "jaccard",
    "minhash_signatures",
    "find_near_duplicates",
    "find_syndication",
    "dedupe_syndicated",
    "syndication_groups",
    "syndication_summary",
]

#: Columns of the pairs table returned by :func:`find_near_duplicates`.
PAIR_COLUMNS: list[str] = [
    "doc_id_a",
    "doc_id_b",
    "outlet_a",
    "outlet_b",
    "estimated_jaccard",
    "jaccard",
    "containment",
    "same_outlet",
]

#: Columns added to a corpus table by :func:`find_syndication`.
SYNDICATION_COLUMNS: list[str] = [
    "syndication_group",
    "syndication_size",
    "syndication_outlets",
    "origin_inferred",
]

#: Outlet names (as they appear in corpus tables) that are news agencies, and
#: the agency they stand for. A group that contains a copy published under one
#: of these names is attributed to that agency when no member has ``origin``.
DEFAULT_WIRE_OUTLETS: dict[str, str] = {
    "Reuters": "Reuters",
    "Thomson Reuters": "Reuters",
    "Associated Press": "AP",
    "The Associated Press": "AP",
    "AP": "AP",
    "AP Fact Check": "AP",
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "Bloomberg": "Bloomberg",
    "Bloomberg News": "Bloomberg",
    "PA Media": "PA Media",
    "Press Association": "PA Media",
    "UPI": "UPI",
    "United Press International": "UPI",
    "dpa": "dpa",
}

_TOKEN = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1
_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd constant (golden ratio * 2**64)


class SyndicationInputError(ValueError):
    """The corpus table cannot be searched for near-duplicates as given."""


# ---------------------------------------------------------------------------
# Text -> shingles
# ---------------------------------------------------------------------------


def tokenize(text: str | None) -> list[str]:
    """Lowercase ``text`` and split it into word tokens (runs of letters/digits).

    Punctuation and spacing are dropped, so copies that differ only in quote
    marks, dashes or line breaks give the same tokens.

    Parameters
    ----------
    text : str or None
        Any text; ``None`` and NaN give no tokens.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("WASHINGTON (Reuters) - The U.S. Senate’s vote...")
    ['washington', 'reuters', 'the', 'u', 's', 'senate', 's', 'vote']
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return []
    return _TOKEN.findall(str(text).lower())


def shingles(text: str | Sequence[str] | None, shingle_size: int = 5) -> set[tuple[str, ...]]:
    """Return the set of overlapping ``shingle_size``-word sequences of a text.

    A text with fewer words than ``shingle_size`` (but at least one) gives a
    single shingle made of all its words; an empty text gives the empty set.

    Parameters
    ----------
    text : str, sequence of str or None
        A text (tokenized with :func:`tokenize`) or a list of tokens.
    shingle_size : int, default 5
        Words per shingle.

    Returns
    -------
    set of tuple of str

    Examples
    --------
    >>> sorted(shingles("the cat sat on the mat", shingle_size=5))
    [('cat', 'sat', 'on', 'the', 'mat'), ('the', 'cat', 'sat', 'on', 'the')]
    >>> shingles("Too short.", shingle_size=5)
    {('too', 'short')}
    """
    _check_shingle_size(shingle_size)
    tokens = tokenize(text) if text is None or isinstance(text, (str, float)) else list(text)
    if not tokens:
        return set()
    if len(tokens) < shingle_size:
        return {tuple(tokens)}
    return set(zip(*(tokens[i:] for i in range(shingle_size))))


def jaccard(a: set[Any], b: set[Any]) -> float:
    """Jaccard similarity ``|a & b| / |a | b|`` of two sets (0.0 when both are empty).

    References
    ----------
    .. [1] Broder, A. Z. (1997). On the resemblance and containment of documents.
       *Compression and Complexity of SEQUENCES 1997*, 21-29.

    Examples
    --------
    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    """
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _check_shingle_size(shingle_size: int) -> None:
    if isinstance(shingle_size, bool) or not isinstance(shingle_size, (int, np.integer)) or shingle_size < 1:
        raise ValueError(f"shingle_size must be a positive integer (words per shingle); got {shingle_size!r}")


def _check_threshold(value: float, name: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number between 0 and 1; got {value!r}") from None
    if not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be in (0, 1] (a Jaccard similarity); got {value!r}")
    return value


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer (Steele et al. 2014), element-wise on uint64 (wrapping)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class _WordHasher:
    """Deterministic 64-bit word hashes (BLAKE2b), cached per vocabulary word."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, tokens: list[str]) -> np.ndarray:
        cache = self._cache
        out = np.empty(len(tokens), dtype=np.uint64)
        for i, tok in enumerate(tokens):
            h = cache.get(tok)
            if h is None:
                h = int.from_bytes(hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(), "little")
                cache[tok] = h
            out[i] = h
        return out


def _fingerprints(tokens: list[str], shingle_size: int, hasher: _WordHasher) -> np.ndarray:
    """Sorted unique 64-bit fingerprints of the shingles of a token list."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    words = hasher(tokens)
    n = len(words)
    width = min(shingle_size, n)
    count = n - width + 1
    h = np.full(count, np.uint64(width), dtype=np.uint64)  # length marker for short texts
    with np.errstate(over="ignore"):
        for j in range(width):
            h = _splitmix64(h * _SHINGLE_MULT + words[j : j + count])
    return np.unique(h)


def _texts_to_fingerprints(texts: Sequence[Any], shingle_size: int) -> list[np.ndarray]:
    hasher = _WordHasher()
    out = []
    for i, text in enumerate(texts):
        if text is not None and not isinstance(text, str) and not (isinstance(text, float) and math.isnan(text)):
            raise TypeError(
                f"text number {i} is a {type(text).__name__} ({text!r:.60}); expected a string or a null value. "
                "Convert the text column with .astype(str) or fill missing texts with ''."
            )
        out.append(_fingerprints(tokenize(text), shingle_size, hasher))
    return out


def _signatures_from_fingerprints(fps: Sequence[np.ndarray], num_perm: int, seed: int) -> list[Any]:
    from datasketch import LeanMinHash, MinHash

    if isinstance(num_perm, bool) or not isinstance(num_perm, (int, np.integer)) or num_perm < 2:
        raise ValueError(f"num_perm must be an integer >= 2 (number of MinHash permutations); got {num_perm!r}")
    template = MinHash(num_perm=int(num_perm), seed=int(seed), hashfunc=_identity)
    sigs: list[Any] = []
    for fp in fps:
        if fp.size == 0:
            sigs.append(None)
            continue
        m = template.copy()
        # datasketch takes 32-bit input hashes: the high half of each fingerprint
        m.update_batch((fp >> np.uint64(32)).tolist())
        sigs.append(LeanMinHash(m))
    return sigs


def _identity(x: int) -> int:
    return x


def minhash_signatures(
    texts: Iterable[str | None],
    *,
    shingle_size: int = 5,
    num_perm: int = 128,
    seed: int = 1,
) -> list[Any]:
    """MinHash signatures of the word-shingle sets of ``texts``.

    Texts are lowercased and split into word tokens (:func:`tokenize`), then
    into overlapping ``shingle_size``-word shingles (:func:`shingles`). Each
    shingle is fingerprinted deterministically (BLAKE2b word hashes combined in
    order), so signatures are the same in every process and on every machine.

    Parameters
    ----------
    texts : iterable of str or None
        The texts. Empty, blank or missing (None/NaN) texts get no signature.
    shingle_size : int, default 5
        Words per shingle; texts with fewer words get one shingle of all words.
    num_perm : int, default 128
        Number of MinHash permutations (signature length). The standard error
        of the Jaccard estimate is ``sqrt(J * (1 - J) / num_perm)``.
    seed : int, default 1
        Seed of the MinHash permutations; signatures with different seeds
        cannot be compared.

    Returns
    -------
    list of datasketch.LeanMinHash or None
        One entry per text, in input order; ``None`` for texts without words
        (their number is logged as a warning).

    Raises
    ------
    TypeError
        If a text is neither a string nor null.

    References
    ----------
    .. [1] Broder, A. Z. (1997). On the resemblance and containment of documents.
       *Compression and Complexity of SEQUENCES 1997*, 21-29.

    Examples
    --------
    >>> a = "Police said the man was arrested on Tuesday after a long chase through town."
    >>> sigs = minhash_signatures([a, a + " Follow us on social media.", ""])
    >>> round(sigs[0].jaccard(sigs[1]), 1), sigs[2] is None
    (0.6, True)
    """
    _check_shingle_size(shingle_size)
    texts = list(texts)
    fps = _texts_to_fingerprints(texts, shingle_size)
    empty = [i for i, fp in enumerate(fps) if fp.size == 0]
    if empty:
        logger.warning(
            "%d of %d texts have no words and get no MinHash signature (positions %s%s)",
            len(empty), len(texts), empty[:10], "..." if len(empty) > 10 else "",
        )
    return _signatures_from_fingerprints(fps, num_perm, seed)


# ---------------------------------------------------------------------------
# Corpus -> verified pairs
# ---------------------------------------------------------------------------


def _validate_corpus(corpus: Any, text_col: str) -> None:
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"corpus must be a pandas DataFrame (a corpus table); got {type(corpus).__name__}")
    missing = [c for c in ("doc_id", text_col) if c not in corpus.columns]
    if missing:
        raise SyndicationInputError(
            f"corpus table has no column(s) {missing}; columns found: {list(corpus.columns)}. "
            "Near-duplicate detection needs 'doc_id' and the text column "
            f"(text_col={text_col!r}); read the corpus with framing.corpus.read or rename the columns."
        )
    ids = corpus["doc_id"]
    if ids.isna().any():
        rows = [int(i) for i in np.flatnonzero(ids.isna().to_numpy())[:5]]
        raise SyndicationInputError(
            f"column 'doc_id' has {int(ids.isna().sum())} missing value(s) (row positions {rows}); "
            "every article needs a unique doc_id."
        )
    dup = ids.astype(str).duplicated(keep=False)
    if dup.any():
        examples = sorted(set(ids[dup].astype(str)))[:5]
        raise SyndicationInputError(
            f"column 'doc_id' has {int(dup.sum())} rows with a repeated id (e.g. {examples}); "
            "doc_id must be unique so that groups can name their members. Drop exact repeats with "
            "corpus.drop_duplicates('doc_id') or give the rows distinct ids."
        )


def _lsh_params(threshold: float, num_perm: int, recall: float = 0.995) -> tuple[float, tuple[int, int]]:
    """Banding (b bands of r rows) for candidate generation.

    Chooses the (b, r) with ``b * r <= num_perm`` and candidate probability
    ``1 - (1 - s**r)**b >= recall`` at ``s = threshold`` that admits the
    fewest dissimilar pairs (the largest ``s`` at which the probability is 0.5);
    falls back to the highest-recall banding when none reaches ``recall``.
    """
    best: tuple[float, int, int] | None = None
    fallback: tuple[float, int, int] | None = None
    for r in range(1, num_perm + 1):
        b = num_perm // r
        p = 1.0 - (1.0 - threshold**r) ** b
        half = (1.0 - 0.5 ** (1.0 / b)) ** (1.0 / r)  # similarity with 50 % candidate probability
        if p >= recall and (best is None or half > best[0]):
            best = (half, b, r)
        if fallback is None or p > fallback[0]:
            fallback = (p, b, r)
    chosen = best if best is not None else fallback
    return chosen[0], (chosen[1], chosen[2])  # type: ignore[index]


def _candidate_pairs(sigs: Sequence[Any], keys: Sequence[int], threshold: float, num_perm: int) -> list[tuple[int, int]]:
    from datasketch import MinHashLSH

    _, params = _lsh_params(threshold, num_perm)
    lsh = MinHashLSH(num_perm=num_perm, params=params)
    for k in keys:
        lsh.insert(k, sigs[k], check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for k in keys:
        for other in lsh.query(sigs[k]):
            if other > k:
                pairs.add((k, other))
    return sorted(pairs)


def _exact_overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union, inter / min(a.size, b.size)


def find_near_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.5,
    shingle_size: int = 5,
    num_perm: int = 128,
    seed: int = 1,
    text_col: str = "text",
    verify: bool = True,
) -> pd.DataFrame:
    """Pairs of articles whose texts are near-duplicates (shared word shingles).

    Each text becomes the set of its ``shingle_size``-word shingles; MinHash
    signatures and banded LSH propose candidate pairs without comparing all
    pairs; with ``verify=True`` (default) every candidate is checked with the
    exact Jaccard similarity of the two shingle sets and kept only when it is
    at least ``threshold``. Texts that are identical after tokenization are
    compared once and reported with Jaccard 1.0.

    The banding is chosen so that a pair with Jaccard exactly ``threshold`` is
    proposed with probability >= 0.995 (higher above it), which keeps missed
    pairs rare; candidates below the threshold are removed by the exact check.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Corpus table with ``doc_id`` (unique) and ``text_col``; ``outlet`` is
        used when present (else all outlets are null).
    threshold : float, default 0.5
        Minimum Jaccard similarity of the shingle sets.
    shingle_size : int, default 5
        Words per shingle.
    num_perm : int, default 128
        MinHash permutations.
    seed : int, default 1
        MinHash seed (results are deterministic for a given seed).
    text_col : str, default "text"
        Column holding the article text.
    verify : bool, default True
        Check candidates with the exact Jaccard. With ``False`` pairs are kept
        on the MinHash estimate alone (faster, approximate; ``jaccard`` and
        ``containment`` are NaN).

    Returns
    -------
    pandas.DataFrame
        One row per pair, columns :data:`PAIR_COLUMNS`: ``doc_id_a < doc_id_b``
        (as strings), their outlets, ``estimated_jaccard`` (MinHash),
        ``jaccard`` (exact), ``containment`` (shared shingles over the smaller
        set: 1.0 when one text is contained in the other) and ``same_outlet``
        (both outlets known and equal). Sorted by ``doc_id_a, doc_id_b``.

    Raises
    ------
    TypeError
        If ``corpus`` is not a DataFrame or a text is not a string/null.
    ValueError
        If ``doc_id`` or the text column is missing, ``doc_id`` has repeated or
        missing values, or a parameter is out of range.

    Notes
    -----
    Articles with empty or missing text are left out (logged as a warning).
    A set of ``k`` mutually identical texts gives ``k * (k - 1) / 2`` pairs.

    References
    ----------
    .. [1] Broder, A. Z. (1997). On the resemblance and containment of documents.
       *Compression and Complexity of SEQUENCES 1997*, 21-29.
    .. [2] Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). *Mining of
       Massive Datasets* (3rd ed.), ch. 3. Cambridge University Press.

    Examples
    --------
    >>> story = " ".join(f"word{i}" for i in range(60))
    >>> corpus = pd.DataFrame({
    ...     "doc_id": ["a", "b", "c"], "outlet": ["Reuters", "Site", "Other"],
    ...     "text": [story, story + " Subscribe to our newsletter.", "A different story entirely."]})
    >>> pairs = find_near_duplicates(corpus)
    >>> pairs[["doc_id_a", "doc_id_b", "jaccard", "same_outlet"]].round(2).to_dict("records")
    [{'doc_id_a': 'a', 'doc_id_b': 'b', 'jaccard': 0.93, 'same_outlet': False}]
    """
    _validate_corpus(corpus, text_col)
    threshold = _check_threshold(threshold, "threshold")
    _check_shingle_size(shingle_size)
    doc_ids = corpus["doc_id"].astype(str).tolist()
    outlets = _outlets(corpus)
    fps = _texts_to_fingerprints(corpus[text_col].tolist(), shingle_size)
    return _pairs_from_fingerprints(doc_ids, outlets, fps, threshold, num_perm, seed, verify)


def _outlets(corpus: pd.DataFrame) -> list[str | None]:
    if "outlet" not in corpus.columns:
        return [None] * len(corpus)
    return [None if pd.isna(o) else str(o) for o in corpus["outlet"].tolist()]


def _pairs_from_fingerprints(
    doc_ids: list[str],
    outlets: list[str | None],
    fps: list[np.ndarray],
    threshold: float,
    num_perm: int,
    seed: int,
    verify: bool,
) -> pd.DataFrame:
    n = len(doc_ids)
    empty = [doc_ids[i] for i in range(n) if fps[i].size == 0]
    if empty:
        logger.warning(
            "%d of %d articles have empty or missing text and are left out of near-duplicate detection "
            "(doc_id %s%s)", len(empty), n, empty[:10], "..." if len(empty) > 10 else "",
        )
    # Collapse texts with identical shingle sets: compare one representative.
    members: dict[bytes, list[int]] = {}
    for i in range(n):
        if fps[i].size:
            members.setdefault(hashlib.blake2b(fps[i].tobytes(), digest_size=16).digest(), []).append(i)
    reps = sorted(m[0] for m in members.values())
    rep_members = {m[0]: m for m in members.values()}
    sigs_list = _signatures_from_fingerprints([fps[i] if i in rep_members else np.empty(0, np.uint64) for i in range(n)], num_perm, seed)
    rep_pairs: list[tuple[int, int, float, float, float]] = []
    for i, j in _candidate_pairs(sigs_list, reps, threshold, int(num_perm)):
        est = float(sigs_list[i].jaccard(sigs_list[j]))
        if verify:
            jac, cont = _exact_overlap(fps[i], fps[j])
            if jac + 1e-12 < threshold:
                continue
        else:
            if est < threshold:
                continue
            jac, cont = float("nan"), float("nan")
        rep_pairs.append((i, j, est, jac, cont))
    # Expand representatives to all members (identical texts: Jaccard 1.0).
    rows: list[tuple[int, int, float, float, float]] = []
    for group in rep_members.values():
        for i, j in combinations(group, 2):
            rows.append((i, j, 1.0, 1.0, 1.0))
    for i, j, est, jac, cont in rep_pairs:
        for a in rep_members[i]:
            for b in rep_members[j]:
                rows.append((a, b, est, jac, cont))
    records = []
    for i, j, est, jac, cont in rows:
        if doc_ids[j] < doc_ids[i]:
            i, j = j, i
        oa, ob = outlets[i], outlets[j]
        records.append((doc_ids[i], doc_ids[j], oa, ob, est, jac, cont, oa is not None and oa == ob))
    frame = pd.DataFrame.from_records(records, columns=PAIR_COLUMNS)
    frame = frame.astype(
        {"doc_id_a": object, "doc_id_b": object, "outlet_a": object, "outlet_b": object,
         "estimated_jaccard": float, "jaccard": float, "containment": float, "same_outlet": bool}
    )
    frame = frame.sort_values(["doc_id_a", "doc_id_b"], kind="mergesort").reset_index(drop=True)
    logger.info("near-duplicates: %d articles, %d verified pairs at Jaccard >= %.2f", n, len(frame), threshold)
    return frame


# ---------------------------------------------------------------------------
# Pairs -> groups
# ---------------------------------------------------------------------------


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """Union-find (path halving, union by size): root index per node."""
    parent = list(range(n))
    size = [1] * n

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
    return [find(i) for i in range(n)]


def find_syndication(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.5,
    cross_outlet: bool = True,
    shingle_size: int = 5,
    num_perm: int = 128,
    seed: int = 1,
    text_col: str = "text",
    pairs: pd.DataFrame | None = None,
    wire_outlets: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Group articles that carry the same text (wire copy, republished stories).

    Verified near-duplicate pairs (:func:`find_near_duplicates`) are joined
    into connected components with union-find: if A copies B and B copies C,
    A, B and C form one group even when A and C differ a little more.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Corpus table with unique ``doc_id`` and ``text_col``; ``outlet`` and
        ``origin`` are used when present.
    threshold : float, default 0.5
        Minimum exact Jaccard similarity of 5-word shingle sets for two
        articles to be linked (see the module notes for the rationale).
    cross_outlet : bool, default True
        Link only pairs published by different outlets (pairs where an outlet
        is unknown count as different). A copy republished by another outlet is
        syndication; an outlet that repeats its own article (an update, a
        second scrape) is a different matter: set ``False`` to group those too.
        With ``True`` two same-outlet copies still share a group when both are
        linked to a third outlet's copy.
    shingle_size, num_perm, seed, text_col
        As in :func:`find_near_duplicates`.
    pairs : pandas.DataFrame, optional
        Pairs already computed by :func:`find_near_duplicates` on this corpus
        (e.g. with a lower threshold, to inspect the distribution); pairs with
        ``jaccard`` (or, when unverified, ``estimated_jaccard``) below
        ``threshold`` are ignored. When given, no texts are read.
    wire_outlets : mapping of str to str, optional
        Outlet names that are news agencies -> the agency (default
        :data:`DEFAULT_WIRE_OUTLETS`). Used to infer a group's origin when no
        member has ``origin`` set.

    Returns
    -------
    pandas.DataFrame
        A copy of ``corpus`` (same index and row order) with
        :data:`SYNDICATION_COLUMNS`:

        ``syndication_group``
            ``'syn-00001'``-style id shared by all members of a group of two or
            more articles, numbered in order of each group's smallest
            ``doc_id``; null for articles without a copy.
        ``syndication_size``
            Number of articles in the group (1 for articles without a copy).
        ``syndication_outlets``
            Number of distinct known outlets in the group.
        ``origin_inferred``
            The agency that wrote the text: the most common ``origin`` among
            the group's members (ties: alphabetical), else the agency of a
            member published under a wire outlet name (``wire_outlets``), else
            null. An article without a group keeps its own ``origin``.

    Raises
    ------
    ValueError
        As :func:`find_near_duplicates`, or if ``pairs`` lacks the pair columns
        or names ids that are not in ``corpus``.

    References
    ----------
    .. [1] Tarjan, R. E. (1975). Efficiency of a good but not linear set union
       algorithm. *Journal of the ACM*, 22(2), 215-225.
    .. [2] Clough, P., Gaizauskas, R., Piao, S. S. L., & Wilks, Y. (2002). METER:
       MEasuring TExt Reuse. *Proceedings of ACL 2002*, 152-159.

    Examples
    --------
    >>> story = " ".join(f"word{i}" for i in range(60))
    >>> corpus = pd.DataFrame({
    ...     "doc_id": ["r1", "s1", "s2", "x"], "outlet": ["Reuters", "Site A", "Site B", "Site A"],
    ...     "text": [story, "Site A. " + story, story + " Share this.", "Unrelated local news."]})
    >>> out = find_syndication(corpus)
    >>> out[["doc_id", "syndication_group", "syndication_size", "origin_inferred"]].to_dict("records")[:2]
    [{'doc_id': 'r1', 'syndication_group': 'syn-00001', 'syndication_size': 3, 'origin_inferred': 'Reuters'}, {'doc_id': 's1', 'syndication_group': 'syn-00001', 'syndication_size': 3, 'origin_inferred': 'Reuters'}]
    >>> out.loc[3, "syndication_group"] is None
    True
    """
    threshold = _check_threshold(threshold, "threshold")
    wire = dict(DEFAULT_WIRE_OUTLETS if wire_outlets is None else wire_outlets)
    if pairs is None:
        pairs = find_near_duplicates(
            corpus, threshold=threshold, shingle_size=shingle_size, num_perm=num_perm,
            seed=seed, text_col=text_col,
        )
    else:
        if not isinstance(corpus, pd.DataFrame):
            raise TypeError(f"corpus must be a pandas DataFrame (a corpus table); got {type(corpus).__name__}")
        _validate_corpus(corpus, "doc_id")
        missing = [c for c in ("doc_id_a", "doc_id_b", "jaccard", "estimated_jaccard") if c not in pairs.columns]
        if missing:
            raise SyndicationInputError(
                f"pairs table has no column(s) {missing}; columns found: {list(pairs.columns)}. "
                "Pass the table returned by find_near_duplicates."
            )
    doc_ids = corpus["doc_id"].astype(str).tolist()
    position = {d: i for i, d in enumerate(doc_ids)}
    outlets = _outlets(corpus)
    score = pairs["jaccard"].where(pairs["jaccard"].notna(), pairs["estimated_jaccard"])
    kept = pairs[score.to_numpy() + 1e-12 >= threshold]
    edges = []
    unknown = set()
    for a, b in zip(kept["doc_id_a"].astype(str), kept["doc_id_b"].astype(str)):
        ia, ib = position.get(a), position.get(b)
        if ia is None or ib is None:
            unknown.update(x for x in (a, b) if x not in position)
            continue
        if cross_outlet and outlets[ia] is not None and outlets[ia] == outlets[ib]:
            continue
        edges.append((ia, ib))
    if unknown:
        raise SyndicationInputError(
            f"pairs name {len(unknown)} doc_id(s) not in the corpus (e.g. {sorted(unknown)[:5]}); "
            "compute the pairs on the same corpus table."
        )
    roots = _components(len(doc_ids), edges)
    comp: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        comp.setdefault(r, []).append(i)
    groups = sorted((m for m in comp.values() if len(m) > 1), key=lambda m: min(doc_ids[i] for i in m))
    width = max(5, len(str(len(groups))))
    origins = (
        [None if pd.isna(o) or str(o).strip() == "" else str(o) for o in corpus["origin"].tolist()]
        if "origin" in corpus.columns else [None] * len(doc_ids)
    )
    group_col: list[str | None] = [None] * len(doc_ids)
    size_col = [1] * len(doc_ids)
    outlets_col = [0 if o is None else 1 for o in outlets]
    origin_col: list[str | None] = list(origins)
    for number, members in enumerate(groups, start=1):
        gid = f"syn-{number:0{width}d}"
        n_outlets = len({outlets[i] for i in members if outlets[i] is not None})
        origin = _group_origin([origins[i] for i in members], [outlets[i] for i in members], wire, gid)
        for i in members:
            group_col[i] = gid
            size_col[i] = len(members)
            outlets_col[i] = n_outlets
            origin_col[i] = origin
    out = corpus.copy()
    out["syndication_group"] = pd.Series(group_col, index=corpus.index, dtype=object)
    out["syndication_size"] = pd.Series(size_col, index=corpus.index, dtype="int64")
    out["syndication_outlets"] = pd.Series(outlets_col, index=corpus.index, dtype="int64")
    out["origin_inferred"] = pd.Series(origin_col, index=corpus.index, dtype=object)
    logger.info(
        "syndication: %d groups covering %d of %d articles (cross_outlet=%s)",
        len(groups), sum(len(m) for m in groups), len(doc_ids), cross_outlet,
    )
    return out


def _group_origin(origins: list[str | None], outlets: list[str | None], wire: Mapping[str, str], gid: str) -> str | None:
    known = Counter(o for o in origins if o is not None)
    if known:
        ranked = sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) > 1:
            logger.warning("group %s has members with different origins %s; using %r", gid, dict(known), ranked[0][0])
        return ranked[0][0]
    agencies = Counter(wire[o] for o in outlets if o is not None and o in wire)
    if agencies:
        return sorted(agencies.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return None


# ---------------------------------------------------------------------------
# Groups -> one copy, summaries
# ---------------------------------------------------------------------------


def _require_groups(corpus: Any) -> None:
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame returned by find_syndication; got {type(corpus).__name__}")
    missing = [c for c in SYNDICATION_COLUMNS if c not in corpus.columns]
    if missing:
        raise SyndicationInputError(
            f"table has no column(s) {missing}; columns found: {list(corpus.columns)}. "
            "Run find_syndication(corpus) first."
        )


def dedupe_syndicated(
    corpus: pd.DataFrame,
    *,
    keep: Literal["first", "origin", "longest"] = "first",
    text_col: str = "text",
    **kwargs: Any,
) -> tuple[pd.DataFrame, int]:
    """Keep one article per syndication group; drop the other copies.

    Parameters
    ----------
    corpus : pandas.DataFrame
        A corpus table. If it lacks the :data:`SYNDICATION_COLUMNS`,
        :func:`find_syndication` is run first with ``kwargs``.
    keep : {"first", "origin", "longest"}, default "first"
        Which copy stays:

        ``"first"``
            the member that comes first in the table.
        ``"origin"``
            the agency's own copy: the member whose outlet is the group's
            ``origin_inferred`` agency (by :data:`DEFAULT_WIRE_OUTLETS` or the
            ``wire_outlets`` keyword), else a member with ``origin`` set, else
            the earliest ``date``, else the first.
        ``"longest"``
            the member with the most characters of ``text_col`` (ties: first).
    text_col : str, default "text"
        Text column (for ``keep="longest"``).
    **kwargs
        Passed to :func:`find_syndication` when groups are missing.

    Returns
    -------
    (pandas.DataFrame, int)
        The table without the dropped copies (original index and order kept,
        syndication columns included) and the number of rows dropped.

    Raises
    ------
    ValueError
        If ``keep`` is not one of the choices.

    Examples
    --------
    >>> story = " ".join(f"word{i}" for i in range(60))
    >>> corpus = pd.DataFrame({"doc_id": ["s1", "r1"], "outlet": ["Site", "Reuters"],
    ...                        "text": [story + " Share this.", story]})
    >>> kept, dropped = dedupe_syndicated(corpus, keep="origin")
    >>> kept["doc_id"].tolist(), dropped
    (['r1'], 1)
    """
    if keep not in ("first", "origin", "longest"):
        raise ValueError(f"keep must be 'first', 'origin' or 'longest'; got {keep!r}")
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"corpus must be a pandas DataFrame (a corpus table); got {type(corpus).__name__}")
    if not all(c in corpus.columns for c in SYNDICATION_COLUMNS):
        corpus = find_syndication(corpus, text_col=text_col, **kwargs)
    wire = dict(kwargs.get("wire_outlets") or DEFAULT_WIRE_OUTLETS)
    groups = corpus["syndication_group"]
    drop = np.zeros(len(corpus), dtype=bool)
    in_group = np.flatnonzero(groups.notna().to_numpy())
    by_group: dict[str, list[int]] = {}
    for pos in in_group:
        by_group.setdefault(str(groups.iat[pos]), []).append(int(pos))
    for members in by_group.values():
        chosen = _choose(corpus, members, keep, text_col, wire)
        for pos in members:
            if pos != chosen:
                drop[pos] = True
    n_dropped = int(drop.sum())
    logger.info("dedupe_syndicated(keep=%r): dropped %d of %d articles", keep, n_dropped, len(corpus))
    return corpus[~drop].copy(), n_dropped


def _choose(corpus: pd.DataFrame, members: list[int], keep: str, text_col: str, wire: Mapping[str, str]) -> int:
    if keep == "first":
        return members[0]
    if keep == "longest":
        if text_col not in corpus.columns:
            raise SyndicationInputError(
                f"keep='longest' needs the text column {text_col!r}; columns found: {list(corpus.columns)}"
            )
        lengths = [len(v) if isinstance(v, str) else 0 for v in corpus[text_col].iloc[members]]
        return members[int(np.argmax(lengths))]
    origin = corpus["origin_inferred"].iat[members[0]]
    if "outlet" in corpus.columns and isinstance(origin, str):
        for pos in members:
            outlet = corpus["outlet"].iat[pos]
            if isinstance(outlet, str) and (outlet == origin or wire.get(outlet) == origin):
                return pos
    if "origin" in corpus.columns:
        for pos in members:
            value = corpus["origin"].iat[pos]
            if isinstance(value, str) and value.strip():
                return pos
    if "date" in corpus.columns:
        dates = pd.to_datetime(corpus["date"].iloc[members], errors="coerce")
        if dates.notna().any():
            return members[int(np.argmin(dates.fillna(pd.Timestamp.max).to_numpy()))]
    return members[0]


def syndication_groups(corpus_with_groups: pd.DataFrame) -> pd.DataFrame:
    """One row per syndication group: its members, outlets and origin.

    Parameters
    ----------
    corpus_with_groups : pandas.DataFrame
        Output of :func:`find_syndication`.

    Returns
    -------
    pandas.DataFrame
        Columns ``syndication_group, size, n_outlets, outlets`` (sorted,
        ``'; '``-joined), ``doc_ids`` (sorted, ``'; '``-joined) and
        ``origin_inferred``, sorted by group id.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
    ...                   "syndication_group": ["syn-00001", "syn-00001", None],
    ...                   "syndication_size": [2, 2, 1], "syndication_outlets": [2, 2, 1],
    ...                   "origin_inferred": [None, None, None]})
    >>> syndication_groups(t)[["syndication_group", "size", "outlets"]].to_dict("records")
    [{'syndication_group': 'syn-00001', 'size': 2, 'outlets': 'X; Y'}]
    """
    _require_groups(corpus_with_groups)
    cols = ["syndication_group", "size", "n_outlets", "outlets", "doc_ids", "origin_inferred"]
    grouped = corpus_with_groups[corpus_with_groups["syndication_group"].notna()]
    rows = []
    has_outlet = "outlet" in grouped.columns
    for gid, sub in grouped.groupby("syndication_group", sort=True):
        outlets = sorted({str(o) for o in sub["outlet"] if pd.notna(o)}) if has_outlet else []
        origin = sub["origin_inferred"].dropna()
        rows.append((
            gid, len(sub), len(outlets), "; ".join(outlets),
            "; ".join(sorted(sub["doc_id"].astype(str))),
            origin.iat[0] if len(origin) else None,
        ))
    table = pd.DataFrame.from_records(rows, columns=cols)
    for col in ("syndication_group", "outlets", "doc_ids", "origin_inferred"):
        table[col] = pd.Series([v if isinstance(v, str) else None for v in table[col]], index=table.index, dtype=object)
    return table


def syndication_summary(corpus_with_groups: pd.DataFrame, *, top: int = 10) -> dict[str, Any]:
    """Counts that describe how much of a corpus is shared copy.

    Parameters
    ----------
    corpus_with_groups : pandas.DataFrame
        Output of :func:`find_syndication`.
    top : int, default 10
        How many outlet pairs to list.

    Returns
    -------
    dict
        ``documents`` (rows), ``documents_in_groups``, ``groups``,
        ``cross_outlet_groups`` (groups with two or more distinct outlets),
        ``documents_in_cross_outlet_groups``, ``same_outlet_groups``,
        ``share_in_groups`` (documents_in_groups / documents),
        ``size_distribution`` ({group size: number of groups}),
        ``largest_group`` (size, 0 without groups), ``groups_with_origin``
        and ``top_outlet_pairs`` (list of ``((outlet, outlet), n_groups)``:
        how many groups contain both outlets, most first, ties alphabetical).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
    ...                   "syndication_group": ["syn-00001", "syn-00001", None],
    ...                   "syndication_size": [2, 2, 1], "syndication_outlets": [2, 2, 1],
    ...                   "origin_inferred": [None, None, None]})
    >>> s = syndication_summary(t)
    >>> s["documents"], s["documents_in_cross_outlet_groups"], s["size_distribution"], s["top_outlet_pairs"]
    (3, 2, {2: 1}, [(('X', 'Y'), 1)])
    """
    _require_groups(corpus_with_groups)
    groups = syndication_groups(corpus_with_groups)
    n = len(corpus_with_groups)
    cross = groups[groups["n_outlets"] >= 2]
    pair_counts: Counter[tuple[str, str]] = Counter()
    for outlets in cross["outlets"]:
        names = outlets.split("; ")
        pair_counts.update(combinations(names, 2))
    ranked = sorted(pair_counts.items(), key=lambda kv: (-kv[1], kv[0]))[: max(0, int(top))]
    sizes = Counter(int(s) for s in groups["size"])
    return {
        "documents": n,
        "documents_in_groups": int(groups["size"].sum()) if len(groups) else 0,
        "groups": len(groups),
        "cross_outlet_groups": len(cross),
        "documents_in_cross_outlet_groups": int(cross["size"].sum()) if len(cross) else 0,
        "same_outlet_groups": int((groups["n_outlets"] < 2).sum()),
        "share_in_groups": (float(groups["size"].sum()) / n) if n else 0.0,
        "size_distribution": dict(sorted(sizes.items())),
        "largest_group": int(groups["size"].max()) if len(groups) else 0,
        "groups_with_origin": int(groups["origin_inferred"].notna().sum()),
        "top_outlet_pairs": ranked,
    }
