"""Distinctive terms between groups: Fightin' Words.

The log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008) ranks the words (and n-grams) that one group of articles uses more
than another, shrinking the estimates for rare words toward the prior so that a
word seen twice does not outrank a word seen two hundred times.

Counting never builds a document-term matrix. Each article is tokenized once
(the same tokens and n-grams as
:class:`sklearn.feature_extraction.text.CountVectorizer` with
:data:`TOKEN_PATTERN`) into an array of word ids; an n-gram is then one exact
integer, ``id_1 * V**(n-1) + ... + id_n`` for a vocabulary of ``V`` words, and
all counting is done on integer arrays (:func:`numpy.unique`,
:func:`numpy.bincount`), group by group, one sparse row per group, a batch of
about :data:`BATCH_TOKENS` words at a time. With ``min_count > 1`` a first pass
counts every 2- and 3-gram in two rows of counters (a count-min sketch, Cormode
& Muthukrishnan 2005), per row the power of two, from 2**16 up to 2**23, that
is at least the input's number of 2- and 3-grams; a counter stops at
``min_count``, so it takes one byte up to ``min_count=255``. The second pass
keeps only the n-grams whose sketch count reaches ``min_count`` (the sketch
never under-counts, so no term that reaches ``min_count`` is lost) and a final
exact count drops the few that got there through collisions. Memory then grows
with the number of *frequent* n-grams, not with all of them (most 3-grams occur
once); strings are made only for the terms kept. The batch size changes
neither the counts nor the terms. When ``V**max_n`` does not fit in 63 bits
(4-grams and longer on a large vocabulary), n-grams are counted as tuples of
words with :class:`collections.Counter` instead, with a sketch of 2**23
counters per row.

scikit-learn is imported only for what needs it: stop words, a fixed
``vocabulary``, a background corpus as prior, and :class:`FightingWords`.

References
----------
.. [1] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
   Lexical feature selection and evaluation for identifying the content of
   political conflict. *Political Analysis*, 16(4), 372-403.
   https://doi.org/10.1093/pan/mpn018
.. [2] Cormode, G., & Muthukrishnan, S. (2005). An improved data stream summary:
   the count-min sketch and its applications. *Journal of Algorithms*, 55(1), 58-75.
.. [3] Whang, K.-Y., Vander-Zanden, B. T., & Taylor, H. M. (1990). A linear-time
   probabilistic counting algorithm for database applications. *ACM Transactions
   on Database Systems*, 15(2), 208-229.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import chain, compress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import ndtr

__all__ = [
    "GroupCounts",
    "group_term_counts",
    "log_odds_dirichlet",
    "fighting_words",
    "FightingWords",
]

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from framing.compare.estimator import FightingWords

#: Token pattern: words of letters/digits with inner apostrophes or hyphens ("al-Assad", "don't").
TOKEN_PATTERN = r"(?u)\b\w[\w'\-]*\w\b|\b\w\b"


@dataclass(frozen=True)
class GroupCounts:
    """Term counts per group, kept sparse.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix, shape (n_groups, n_terms)
        ``counts[g, w]`` is how often term ``w`` occurs in the articles of group ``g``.
    groups : numpy.ndarray
        Group labels, in row order.
    terms : numpy.ndarray
        The terms (n-grams joined by spaces), in column order.
    n_docs : numpy.ndarray
        Number of articles in each group.
    n_terms_before_filter : int
        Vocabulary size before ``min_count`` filtering. Exact with
        ``min_count=1``; with pruning while streaming it is a linear-counting
        estimate from the sketch (Whang et al. 1990; relative standard error
        below 0.1% up to ten million distinct n-grams), see
        ``n_terms_before_filter_exact``.
    min_count : int
        Terms with a corpus-wide count below this were removed (reported, never silent).
    n_terms_before_filter_exact : bool
        Whether ``n_terms_before_filter`` is exact.
    """

    counts: sp.csr_matrix
    groups: np.ndarray
    terms: np.ndarray
    n_docs: np.ndarray
    n_terms_before_filter: int
    min_count: int
    n_terms_before_filter_exact: bool = True

    @property
    def n_terms_dropped(self) -> int:
        """How many terms ``min_count`` removed."""
        return self.n_terms_before_filter - len(self.terms)

    def merge(self, other: "GroupCounts") -> "GroupCounts":
        """Add the counts of another batch (e.g. another chunk of a large corpus).

        Terms and groups are aligned by name, so chunks may have different
        vocabularies; the result equals counting the concatenated corpus at once
        (with ``min_count=1``).
        """
        groups = np.array(sorted(set(self.groups.tolist()) | set(other.groups.tolist()), key=str), dtype=object)
        terms = np.array(sorted(set(self.terms.tolist()) | set(other.terms.tolist())), dtype=object)
        g_index = {g: i for i, g in enumerate(groups)}
        t_index = {t: i for i, t in enumerate(terms)}
        total = sp.csr_matrix((len(groups), len(terms)), dtype=np.int64)
        n_docs = np.zeros(len(groups), dtype=np.int64)
        for part in (self, other):
            rows = np.array([g_index[g] for g in part.groups], dtype=np.int64)
            cols = np.array([t_index[t] for t in part.terms], dtype=np.int64)
            coo = part.counts.tocoo()
            total = total + sp.csr_matrix(
                (coo.data, (rows[coo.row], cols[coo.col])), shape=(len(groups), len(terms)), dtype=np.int64
            )
            n_docs[rows] += part.n_docs
        return GroupCounts(total.tocsr(), groups, terms, n_docs, len(terms), 1)


def _make_vectorizer(ngram_range: tuple[int, int], lowercase: bool, stop_words: Any, vocabulary: Any) -> Any:
    # scikit-learn is imported only when a vectorizer is needed (stop words, a fixed vocabulary, a
    # background corpus): counting and scoring themselves do not use it
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        ngram_range=ngram_range,
        lowercase=lowercase,
        token_pattern=TOKEN_PATTERN,
        stop_words=stop_words,
        vocabulary=vocabulary,
        dtype=np.int64,
    )


def group_term_counts(
    texts: Sequence[str],
    groups: Sequence[Any],
    *,
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    lowercase: bool = True,
    stop_words: Any = None,
    vocabulary: Any = None,
) -> GroupCounts:
    """Count n-grams per group, sparsely.

    Parameters
    ----------
    texts : sequence of str
        One text per article (missing values count as empty).
    groups : sequence
        The group of each article (e.g. its outlet). Missing groups are an error.
    ngram_range : (int, int), default (1, 1)
        Smallest and largest n-gram length, as in scikit-learn.
    min_count : int, default 1
        Drop terms whose corpus-wide count is below this; how many were dropped is
        kept in :attr:`GroupCounts.n_terms_dropped` and logged.
    lowercase, stop_words, vocabulary
        As in :class:`~sklearn.feature_extraction.text.CountVectorizer` (same
        tokens and n-grams); with a fixed ``vocabulary`` only those terms are
        counted (by ``CountVectorizer`` itself).

    Returns
    -------
    GroupCounts

    Notes
    -----
    Without ``vocabulary`` the counts stream over the articles (see the module
    docstring): memory grows with the number of words and distinct n-grams
    kept, plus the sketch when ``min_count > 1`` (two to four bytes per 2- or
    3-gram of the input, at most 16 MiB in all, up to ``min_count=255``).

    Examples
    --------
    >>> gc = group_term_counts(["rebels took", "rebels rebels", "forces took"], ["a", "a", "b"])
    >>> gc.terms.tolist(), gc.counts.toarray().tolist()
    (['forces', 'rebels', 'took'], [[0, 3, 1], [1, 0, 1]])
    """
    texts = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]
    groups = list(groups)
    if len(texts) != len(groups):
        raise ValueError(f"texts and groups differ in length: {len(texts)} texts, {len(groups)} group labels")
    if any(g is None or (isinstance(g, float) and np.isnan(g)) for g in groups):
        raise ValueError("some group labels are missing (None/NaN): drop or label those articles first")
    if not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, got {min_count!r}")
    ngram_range = tuple(ngram_range)
    if len(ngram_range) != 2 or not 1 <= ngram_range[0] <= ngram_range[1]:
        raise ValueError(f"ngram_range must be (min_n, max_n) with 1 <= min_n <= max_n, got {ngram_range!r}")
    labels, codes = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
    codes = codes.ravel()
    # keep the original label objects, ordered like their string forms
    first: dict[int, Any] = {}
    for g, c in zip(groups, codes):
        first.setdefault(int(c), g)
    group_labels = np.array([first[i] for i in range(len(labels))], dtype=object)
    n_docs = np.bincount(codes, minlength=len(labels)).astype(np.int64)
    if vocabulary is not None:
        counts, terms = _counts_fixed_vocabulary(texts, codes, len(labels), ngram_range, lowercase, stop_words,
                                                 vocabulary)
        n_before = counts.shape[1]
        exact = True
        if min_count > 1 and n_before:
            keep = np.asarray(counts.sum(axis=0)).ravel() >= min_count
            counts, terms = counts[:, keep], terms[keep]
    else:
        counts, terms, n_before, exact = _counts_numeric(texts, codes, len(labels), ngram_range, lowercase,
                                                           stop_words, int(min_count))
    if min_count > 1 and n_before:
        log.info("min_count=%d removed %d of %s%d terms", min_count, n_before - len(terms),
                 "" if exact else "about ", n_before)
    return GroupCounts(counts, group_labels, terms, n_docs, int(n_before), int(min_count), bool(exact))


def _counts_fixed_vocabulary(texts: list[str], codes: np.ndarray, n_groups: int, ngram_range: tuple[int, int],
                             lowercase: bool, stop_words: Any, vocabulary: Any) -> tuple[sp.csr_matrix, np.ndarray]:
    vectorizer = _make_vectorizer(ngram_range, lowercase, stop_words, vocabulary)
    X = vectorizer.fit_transform(texts)
    terms = vectorizer.get_feature_names_out().astype(object)
    indicator = sp.csr_matrix(
        (np.ones(len(texts), dtype=np.int64), (codes, np.arange(len(texts)))), shape=(n_groups, len(texts))
    )
    return (indicator @ X).tocsr(), terms


#: Counters per sketch row, at most 2**23; smaller inputs get the smallest power of two, from 2**16,
#: that is at least their number of 2- and 3-grams. A counter stops at ``min_count`` (all the
#: pruning needs to know), so it is one byte wide up to ``min_count=255``: two rows of 2**23 take 16 MiB.
SKETCH_BITS = 23
#: Articles per batch while streaming word tuples.
BATCH_SIZE = 256
#: Word ids per batch while counting integer n-gram keys (whole articles; a longer article is a
#: batch of its own), so that each integer temporary of a batch stays near 256 KiB.
BATCH_TOKENS = 1 << 15
_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing constant (Knuth, TAOCP vol. 3, 6.4)


def _sketch_dtype(min_count: int) -> type:
    """The narrowest counter that holds ``min_count``: sketch counters stop there."""
    return np.uint8 if min_count <= 0xFF else np.uint16 if min_count <= 0xFFFF else np.int64


def _sketch_add(row: np.ndarray, buckets: np.ndarray, cap: int) -> None:
    """Add one to ``row`` at each bucket (repeats add up), saturating at ``cap``.

    ``min(count, min_count)`` is all the pruning (``count >= min_count``) and the
    linear-counting estimate (``count == 0``) need.

    Examples
    --------
    >>> row = np.zeros(4, dtype=np.uint8)
    >>> _sketch_add(row, np.array([1, 1, 3] + [2] * 300), 255)
    >>> row.tolist()
    [0, 2, 255, 1]
    """
    where, cnt = np.unique(buckets, return_counts=True)
    row[where] = np.minimum(row[where] + cnt, cap)


def _tokenizer(lowercase: bool, stop_words: Any):
    """Tokens exactly as CountVectorizer(token_pattern=TOKEN_PATTERN, lowercase, stop_words) makes them."""
    findall = re.compile(TOKEN_PATTERN).findall
    listed = None if stop_words is None else _make_vectorizer((1, 1), lowercase, stop_words, None).get_stop_words()
    stops = frozenset(listed) if listed else None
    intern = sys.intern

    def tokens(text: str, shared: bool = False) -> list[str]:
        toks = findall(text.lower() if lowercase else text)
        if stops:
            toks = [t for t in toks if t not in stops]
        # interned tokens are shared by all the n-gram keys that hold them
        return list(map(intern, toks)) if shared else toks

    return tokens


def _ngrams(toks: list[str], lo: int, hi: int) -> Iterator[tuple[str, ...]]:
    """All n-grams (lo <= n <= hi) of a token list as tuples, in C-level iterators."""
    parts = [zip(*[toks[i:] for i in range(n)]) for n in range(lo, min(hi, len(toks)) + 1)]
    return chain.from_iterable(parts)


def _sketch_buckets(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h = hashes.view(np.uint64)
    mask = np.uint64((1 << SKETCH_BITS) - 1)
    return (h & mask).astype(np.intp), ((h * _MULT) >> np.uint64(64 - SKETCH_BITS)).astype(np.intp)


_MIX = (np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))  # odd multipliers (xxHash primes)


def _key_buckets(keys: np.ndarray, n: int, bits: int = SKETCH_BITS) -> tuple[np.ndarray, np.ndarray]:
    """Two multiply-shift hashes (Dietzfelbinger et al. 1997) of exact n-gram keys, n mixed in."""
    with np.errstate(over="ignore"):
        h = keys.view(np.uint64) * _MULT + np.uint64(n)
        shift = np.uint64(64 - bits)
        return ((h * _MIX[0]) >> shift).astype(np.intp), ((h * _MIX[1]) >> shift).astype(np.intp)


def _gram_keys(ids: np.ndarray, ends: np.ndarray, n: int, V: int) -> np.ndarray:
    """Exact integer keys of the n-grams of a batch of concatenated documents (none across documents)."""
    start = np.flatnonzero(np.arange(len(ids)) + n <= ends)
    keys = ids[start]
    for j in range(1, n):
        keys = keys * V + ids[start + j]
    return keys


def _merge_counts(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Sum (sorted unique keys, counts) pairs into one.

    Examples
    --------
    >>> k, c = _merge_counts([(np.array([2, 5]), np.array([1, 1])), (np.array([1, 5]), np.array([4, 2]))])
    >>> k.tolist(), c.tolist()
    ([1, 2, 5], [4, 1, 3])
    """
    if len(parts) == 1:
        return parts[0][0], parts[0][1].astype(np.int64)
    keys = np.concatenate([k for k, _ in parts])
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    # a stable sort of sorted runs is a merge (timsort), much cheaper than sorting from scratch
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    counts = np.concatenate([c for _, c in parts]).astype(np.int64)[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(counts, starts)


def _counts_numeric(texts: list[str], codes: np.ndarray, n_groups: int, ngram_range: tuple[int, int],
                    lowercase: bool, stop_words: Any,
                    min_count: int) -> tuple[sp.csr_matrix, np.ndarray, int, bool]:
    """Exact group x term counts on integer n-gram keys (see the module docstring)."""
    from collections import defaultdict

    tokens = _tokenizer(lowercase, stop_words)
    word_id: defaultdict[str, int] = defaultdict(int)
    word_id.default_factory = word_id.__len__  # a new word gets the next id
    get = word_id.__getitem__
    doc_ids = []
    for text in texts:
        toks = tokens(text)
        doc_ids.append(np.fromiter(map(get, toks), dtype=np.int32, count=len(toks)))
    V = max(len(word_id), 1)
    lo, hi = ngram_range
    if V ** hi >= 2 ** 63:
        log.info("vocabulary of %d words: %d-grams do not fit in 63-bit keys; counting word tuples", V, hi)
        doc_ids.clear()
        return _counts_streaming(texts, codes, n_groups, ngram_range, lowercase, stop_words, min_count)
    words = np.array(list(word_id), dtype=object)
    del word_id, get
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n_groups + 1))
    lengths = np.fromiter((len(d) for d in doc_ids), dtype=np.int64, count=len(doc_ids))

    def batches(members: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Concatenated word ids of consecutive articles, about BATCH_TOKENS at a time, and each id's article end."""
        if not len(members):
            return
        sizes = lengths[members]
        cum = np.cumsum(sizes)
        start = 0
        while start < len(members):
            done = int(cum[start - 1]) if start else 0
            stop = max(int(np.searchsorted(cum, done + BATCH_TOKENS, side="right")), start + 1)
            if cum[stop - 1] > done:
                chunk = members[start:stop]
                ids = np.concatenate([doc_ids[i] for i in chunk]).astype(np.int64)
                ends = np.repeat(cum[start:stop] - done, sizes[start:stop])
                yield ids, ends
            start = stop

    multi = [n for n in range(max(lo, 2), hi + 1)]
    sketch = None
    bits = int(np.clip(np.ceil(np.log2(max(int(lengths.sum()) * len(multi), 2))), 16, SKETCH_BITS))
    if min_count > 1 and multi:
        sketch = np.zeros((2, 1 << bits), dtype=_sketch_dtype(min_count))
        for ids, ends in batches(np.arange(len(doc_ids))):
            for n in multi:
                for row, buckets in zip(sketch, _key_buckets(_gram_keys(ids, ends, n, V), n, bits)):
                    _sketch_add(row, buckets, min_count)
            del ids, ends
    # per group and n: unique keys and their counts
    per_n: dict[int, list[tuple[int, np.ndarray, np.ndarray]]] = {n: [] for n in range(lo, hi + 1)}
    for g in range(n_groups):
        members = order[bounds[g]:bounds[g + 1]]
        uni = np.zeros(V if lo == 1 else 0, dtype=np.int64)
        # parts[n][0]: the keys merged so far; then the batches' unique keys, merged once they hold
        # as many keys as the merged part (each key is merged a logarithmic number of times)
        parts: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {n: [] for n in range(max(lo, 2), hi + 1)}
        waiting = dict.fromkeys(parts, 0)
        for ids, ends in batches(members):
            if lo == 1:
                uni += np.bincount(ids, minlength=V)
            for n in parts:
                keys = _gram_keys(ids, ends, n, V)
                if sketch is not None:
                    b1, b2 = _key_buckets(keys, n, bits)
                    keys = keys[(sketch[0][b1] >= min_count) & (sketch[1][b2] >= min_count)]
                    del b1, b2
                part = np.unique(keys, return_counts=True)  # batch-level: repeats collapse
                del keys
                parts[n].append(part)
                waiting[n] += len(part[0])
                if len(parts[n]) > 1 and waiting[n] >= max(len(parts[n][0][0]), BATCH_TOKENS):
                    parts[n] = [_merge_counts(parts[n])]
                    waiting[n] = 0
            del ids, ends
        if lo == 1 and uni.any():
            keys = np.flatnonzero(uni)
            per_n[1].append((g, keys.astype(np.int64), uni[keys]))
        for n in parts:
            if parts[n]:
                keys, cnt = _merge_counts(parts[n])
                parts[n] = []
                per_n[n].append((g, keys, cnt))
        del parts, uni
    doc_ids.clear()
    exact = sketch is None
    if sketch is not None:
        # distinct 2..n-grams by linear counting on the sketch (Whang et al. 1990): -m ln(empty / m)
        size = float(sketch.shape[1])
        empty = float((sketch[0] == 0).sum())
        estimate = -size * np.log(max(empty, 1.0) / size)
        del sketch
    # merge groups, prune, decode the kept keys into terms
    rows_l, cols_l, vals_l, terms_l = [], [], [], []
    n_before, offset, kept_multi = 0, 0, 0
    for n in range(lo, hi + 1):
        found = per_n.pop(n)
        if not found:
            continue
        keys = np.concatenate([k for _, k, _ in found])
        vals = np.concatenate([c for _, _, c in found])
        grp = np.concatenate([np.full(len(k), g, dtype=np.int64) for g, k, _ in found])
        del found
        uniq, inverse = np.unique(keys, return_inverse=True)
        del keys
        total = np.bincount(inverse, weights=vals, minlength=len(uniq))
        keep = total >= min_count
        del total
        if exact or n == 1:
            n_before += len(uniq)
        else:
            kept_multi += int(keep.sum())
        new_col = np.cumsum(keep) - 1 + offset
        sel = keep[inverse]
        rows_l.append(grp[sel])
        cols_l.append(new_col[inverse[sel]])
        vals_l.append(vals[sel])
        kept = uniq[keep]
        digits = []
        for _ in range(n):
            digits.append(words[kept % V])
            kept = kept // V
        terms_l.append([" ".join(t) for t in zip(*digits[::-1])] if n > 1 else list(digits[0]))
        offset += int(keep.sum())
        del uniq, inverse, keep, sel, grp, vals, new_col, kept, digits
    if not exact:
        n_before += max(int(round(estimate)), kept_multi)
    terms = np.array([t for part in terms_l for t in part], dtype=object)
    if len(terms):
        counts = sp.csr_matrix((np.concatenate(vals_l), (np.concatenate(rows_l), np.concatenate(cols_l))),
                               shape=(n_groups, len(terms)), dtype=np.int64)
        order_terms = np.argsort(terms, kind="stable")
        counts = counts[:, order_terms].tocsr()
        counts.sort_indices()
        terms = terms[order_terms]
    else:
        counts = sp.csr_matrix((n_groups, 0), dtype=np.int64)
    return counts, terms, int(n_before), exact


def _counts_streaming(texts: list[str], codes: np.ndarray, n_groups: int, ngram_range: tuple[int, int],
                      lowercase: bool, stop_words: Any,
                      min_count: int) -> tuple[sp.csr_matrix, np.ndarray, int, bool]:
    """Exact group x term counts without a document-term matrix (see the module docstring)."""
    tokens = _tokenizer(lowercase, stop_words)
    lo, hi = ngram_range
    batches = [np.arange(i, min(i + BATCH_SIZE, len(texts))) for i in range(0, len(texts), BATCH_SIZE)]
    sketch = None
    if min_count > 1:
        # pass 1: count-min sketch of every n-gram's hash (tuple hashes reuse the cached token hashes)
        sketch = np.zeros((2, 1 << SKETCH_BITS), dtype=_sketch_dtype(min_count))
        for batch in batches:
            grams = chain.from_iterable(_ngrams(tokens(texts[i]), lo, hi) for i in batch)
            h = np.fromiter(map(hash, grams), dtype=np.int64)
            for row, buckets in zip(sketch, _sketch_buckets(h)):
                _sketch_add(row, buckets, min_count)
    # pass 2: exact counts, group by group, of the n-grams the sketch lets through
    index: dict[tuple[str, ...], int] = {}
    rows, cols, vals = [], [], []
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n_groups + 1))
    for g in range(n_groups):
        members = order[bounds[g]:bounds[g + 1]]
        counter: Counter[tuple[str, ...]] = Counter()
        for start in range(0, len(members), BATCH_SIZE):
            grams = list(chain.from_iterable(_ngrams(tokens(texts[i], True), lo, hi)
                                             for i in members[start:start + BATCH_SIZE]))
            if sketch is not None and grams:
                b1, b2 = _sketch_buckets(np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams)))
                keep = (sketch[0][b1] >= min_count) & (sketch[1][b2] >= min_count)
                counter.update(compress(grams, keep.tolist()))
            else:
                counter.update(grams)
        if counter:
            setdefault = index.setdefault
            cols.append(np.fromiter((setdefault(k, len(index)) for k in counter), dtype=np.int64,
                                    count=len(counter)))
            vals.append(np.fromiter(counter.values(), dtype=np.int64, count=len(counter)))
            rows.append(np.full(len(counter), g, dtype=np.int64))
        del counter
    n_found = len(index)
    if cols:
        counts = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                               shape=(n_groups, n_found), dtype=np.int64)
    else:
        counts = sp.csr_matrix((n_groups, 0), dtype=np.int64)
    keys = list(index)
    del index
    if sketch is not None:
        # exact check: the sketch lets through a few rare n-grams that share buckets with frequent ones
        keep = np.flatnonzero(np.asarray(counts.sum(axis=0)).ravel() >= min_count)
        counts = counts[:, keep]
        keys = [keys[j] for j in keep]
        empty = float((sketch[0] == 0).sum())
        size = float(sketch.shape[1])
        # linear counting (Whang et al. 1990): distinct items ~ -m ln(empty / m)
        estimate = -size * np.log(max(empty, 1.0) / size)
        n_before, exact = max(int(round(estimate)), n_found), False
    else:
        n_before, exact = n_found, True
    terms = np.array([" ".join(k) for k in keys], dtype=object)
    order_terms = np.argsort(terms, kind="stable") if len(terms) else np.array([], dtype=np.intp)
    counts = counts[:, order_terms].tocsr()
    counts.sort_indices()
    return counts, terms[order_terms], n_before, exact


def log_odds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio with a Dirichlet prior, its variance and z-score (Monroe et al. 2008).

    Parameters
    ----------
    y_i, y_j : array of shape (n_terms,)
        Term counts in group *i* and in group *j* (or in all the other groups).
    alpha : array of shape (n_terms,)
        Dirichlet prior pseudo-counts :math:`\\alpha_w` (all positive).

    Returns
    -------
    delta, variance, z : arrays of shape (n_terms,)
        :math:`\\hat\\delta_w^{(i-j)}` (positive: more typical of *i*), its approximate
        variance and :math:`\\hat\\zeta_w^{(i-j)} = \\hat\\delta / \\sqrt{\\sigma^2}`.

    References
    ----------
    .. [1] Monroe, Colaresi & Quinn (2008), Political Analysis 16(4): eq. 16
       (point estimate with an informative Dirichlet prior), eq. 20 (its
       approximate variance) and eq. 22 (the z-score).

    Examples
    --------
    >>> d, v, z = log_odds_dirichlet(np.array([3., 0.]), np.array([1., 2.]), np.array([1., 1.]))
    >>> np.round(d, 4).tolist(), np.round(v, 4).tolist()
    ([1.7918, -1.7918], [0.75, 1.3333])
    """
    y_i = np.asarray(y_i, dtype=float)
    y_j = np.asarray(y_j, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    if np.any(alpha <= 0):
        raise ValueError("every prior pseudo-count alpha_w must be positive")
    n_i, n_j, alpha_0 = y_i.sum(), y_j.sum(), alpha.sum()
    # Monroe et al. (2008), eq. 16: log-odds of w in i minus log-odds of w in j, both smoothed by alpha
    delta = np.log((y_i + alpha) / (n_i + alpha_0 - y_i - alpha)) - np.log(
        (y_j + alpha) / (n_j + alpha_0 - y_j - alpha)
    )
    # Monroe et al. (2008), eq. 20: sigma^2(delta) ~= 1/(y_i + alpha_w) + 1/(y_j + alpha_w)
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    # Monroe et al. (2008), eq. 22: z-score of delta
    z = delta / np.sqrt(variance)
    return delta, variance, z


def _prior_alpha(pooled: np.ndarray, background: np.ndarray | None, prior_scale: float | None) -> np.ndarray:
    """Dirichlet pseudo-counts from pooled or background counts (see :func:`fighting_words`)."""
    base = (pooled if background is None else background).astype(float)
    # a term never seen in the base still needs a positive pseudo-count: add 0.01 to every count
    base = base + 0.01
    if prior_scale is None:
        return base
    return prior_scale * base / base.sum()


def _z_order(z: np.ndarray, term_rank: np.ndarray) -> np.ndarray:
    """Row order by z descending (NaN last), ties by term: ``sort_values(["z", "term"], ascending=[False, True])``.

    Sorting the arrays before the table is made avoids a sort of its string column.

    Examples
    --------
    >>> _z_order(np.array([1.0, np.nan, 2.0, 1.0]), np.array([3, 0, 1, 2])).tolist()
    [2, 3, 0, 1]
    """
    # lexsort: the last key is the primary one; NaN sorts last, as -NaN is NaN
    return np.lexsort((term_rank, -z))


def fighting_words(
    texts: Sequence[str] | None = None,
    groups: Sequence[Any] | None = None,
    *,
    counts: GroupCounts | None = None,
    compare: str | tuple[Any, Any] = "one_vs_rest",
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    prior: str | Sequence[str] | dict[str, float] = "pooled",
    prior_scale: float | None = None,
    lowercase: bool = True,
    stop_words: Any = None,
) -> pd.DataFrame:
    """Fightin' Words: the terms that distinguish groups of articles.

    Parameters
    ----------
    texts, groups : sequences, optional
        Article texts and their group labels (e.g. outlets). Give these, or ``counts``.
    counts : GroupCounts, optional
        Precomputed (e.g. merged chunk) counts from :func:`group_term_counts`.
    compare : "one_vs_rest" or (group_a, group_b), default "one_vs_rest"
        Each group against all the others pooled, or one named pair.
    ngram_range : (int, int), default (1, 1)
        Unigrams to trigrams: ``(1, 3)``.
    min_count : int, default 1
        Terms rarer than this corpus-wide are removed before scoring; the number
        removed is in ``result.attrs["n_terms_dropped"]`` and logged.
    prior : "pooled", a sequence of background texts, or a dict term -> count
        Where the informative prior comes from: the pooled counts of all groups
        (the default), or a background corpus given as texts or as counts.
    prior_scale : float, optional
        Total prior pseudo-count :math:`\\alpha_0`. ``None`` (default) uses the
        background counts themselves as :math:`\\alpha_w` (each plus 0.01), the usual
        informative prior; a number rescales them to sum to ``prior_scale``
        (smaller means less shrinkage).
    lowercase, stop_words
        Tokenization options (see :func:`group_term_counts`).

    Returns
    -------
    pandas.DataFrame
        One row per group x term: ``group``, ``other`` (the other group, or
        ``"(rest)"``), ``term``, ``n`` (n-gram length), ``count``, ``count_other``,
        ``delta``, ``variance``, ``z``, ``p_value`` (two-sided, normal approximation),
        ``alpha``. Sorted by group, then z descending. ``attrs`` holds
        ``n_terms``, ``n_terms_dropped``, ``min_count``, ``prior``, ``prior_scale``.

    References
    ----------
    .. [1] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
       Lexical feature selection and evaluation for identifying the content of
       political conflict. *Political Analysis*, 16(4), 372-403.

    Examples
    --------
    >>> fw = fighting_words(["rebels seized the city", "rebels advanced", "the opposition took the city",
    ...                      "opposition fighters entered"], ["A", "A", "B", "B"], compare=("A", "B"))
    >>> fw.groupby("group").head(1)[["group", "term"]].values.tolist()
    [['A', 'rebels'], ['B', 'opposition']]
    """
    if counts is None:
        if texts is None or groups is None:
            raise ValueError("give texts and groups, or precomputed counts=")
        counts = group_term_counts(
            texts, groups, ngram_range=ngram_range, min_count=min_count, lowercase=lowercase, stop_words=stop_words
        )
    if len(counts.groups) < 2:
        raise ValueError(
            f"comparison needs at least two groups; found {len(counts.groups)}: {counts.groups.tolist()}"
        )
    matrix = counts.counts.tocsr()
    pooled = np.asarray(matrix.sum(axis=0)).ravel()
    background = None
    prior_name = "pooled"
    if isinstance(prior, dict):
        background = np.array([float(prior.get(t, 0.0)) for t in counts.terms])
        prior_name = "background counts"
    elif not isinstance(prior, str):
        bg = _make_vectorizer(tuple(ngram_range), lowercase, stop_words, vocabulary=list(counts.terms))
        background = np.asarray(bg.fit_transform(list(prior)).sum(axis=0)).ravel().astype(float)
        prior_name = "background corpus"
    elif prior != "pooled":
        raise ValueError(f"prior must be 'pooled', a list of background texts or a dict of counts; got {prior!r}")
    alpha = _prior_alpha(pooled, background, prior_scale)

    labels = counts.groups.tolist()
    if compare == "one_vs_rest":
        pairs = [(g, None) for g in labels]
    elif isinstance(compare, (tuple, list)) and len(compare) == 2:
        missing = [g for g in compare if g not in labels]
        if missing:
            raise ValueError(f"groups {missing} are not in the data; found {labels}")
        pairs = [(compare[0], compare[1]), (compare[1], compare[0])]
    else:
        raise ValueError(f"compare must be 'one_vs_rest' or a pair of group labels, got {compare!r}")

    terms = np.asarray(counts.terms)
    n_gram = np.array([t.count(" ") + 1 for t in terms], dtype=np.int64)
    # rank of each term in string order: ties in z are broken by term
    term_rank = np.empty(len(terms), dtype=np.intp)
    term_rank[np.argsort(terms, kind="stable")] = np.arange(len(terms))
    # the table's columns are filled pair by pair in place: one copy of each column, no concatenation
    m, rows = len(terms), len(pairs) * len(terms)
    term_idx = np.empty(rows, dtype=np.intp)
    numeric = {name: np.empty(rows, dtype=dtype) for name, dtype in (
        ("n", np.int64), ("count", np.int64), ("count_other", np.int64), ("delta", np.float64),
        ("variance", np.float64), ("z", np.float64), ("p_value", np.float64), ("alpha", np.float64))}
    for k, (g, other) in enumerate(pairs):
        y_i = matrix[labels.index(g)].toarray().ravel().astype(float)
        y_j = (matrix[labels.index(other)].toarray().ravel() if other is not None else pooled - y_i).astype(float)
        delta, variance, z = log_odds_dirichlet(y_i, y_j, alpha)
        order = _z_order(z, term_rank)
        at = slice(k * m, (k + 1) * m)
        term_idx[at] = order
        for name, values in (("n", n_gram), ("count", y_i), ("count_other", y_j), ("delta", delta),
                             ("variance", variance), ("z", z), ("alpha", alpha)):
            numeric[name][at] = values[order]
        del y_i, y_j, delta, variance, z, order
    p_value = numeric["p_value"]  # two-sided normal p-value of z: 2 * Phi(-|z|)
    np.abs(numeric["z"], out=p_value)
    np.negative(p_value, out=p_value)
    ndtr(p_value, out=p_value)
    p_value *= 2
    term_column = pd.array(terms[term_idx], dtype="str")
    del term_idx
    # each pair's label repeated over its rows, with the dtype pandas gives the labels (int64 for integers)
    pair_of_row = np.repeat(np.arange(len(pairs)), m)
    columns: dict[str, Any] = {
        "group": pd.Series([g for g, _ in pairs]).take(pair_of_row).array,
        "other": pd.Series(["(rest)" if o is None else o for _, o in pairs]).take(pair_of_row).array,
        "term": term_column,
    }
    del pair_of_row, term_column
    columns.update(numeric)
    result = pd.DataFrame(columns, copy=False)
    result.attrs.update(
        n_terms=int(len(counts.terms)),
        n_terms_dropped=int(counts.n_terms_dropped),
        min_count=int(counts.min_count),
        prior=prior_name,
        prior_scale=prior_scale,
    )
    if counts.n_terms_dropped:
        log.info("Fightin' Words: %d terms below min_count=%d not scored", counts.n_terms_dropped, counts.min_count)
    return result


def __getattr__(name: str) -> Any:
    # the estimator lives in framing.compare.estimator, which imports scikit-learn,
    # so that fighting_words and group_term_counts run without loading it
    if name == "FightingWords":
        from framing.compare.estimator import FightingWords

        return FightingWords
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
