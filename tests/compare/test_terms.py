"""Fightin' Words: known answers and agreement with an independent implementation."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from framing.compare.terms import FightingWords, fighting_words, group_term_counts, log_odds_dirichlet


def reference_fighting_words(texts, groups, a, b, ngram=1):
    """Straight from the paper's equations with Python dicts and loops (no numpy, no sklearn)."""
    def grams(text):
        toks = re.findall(r"\b\w[\w'\-]*\w\b|\b\w\b", text.lower())
        return [" ".join(toks[i:i + ngram]) for i in range(len(toks) - ngram + 1)]

    counts = {g: Counter() for g in set(groups)}
    for t, g in zip(texts, groups):
        counts[g].update(grams(t))
    pooled = Counter()
    for c in counts.values():
        pooled.update(c)
    alpha = {w: pooled[w] + 0.01 for w in pooled}
    alpha0 = sum(alpha.values())
    n_a, n_b = sum(counts[a].values()), sum(counts[b].values())
    out = {}
    for w in pooled:
        ya, yb, aw = counts[a][w], counts[b][w], alpha[w]
        delta = math.log((ya + aw) / (n_a + alpha0 - ya - aw)) - math.log((yb + aw) / (n_b + alpha0 - yb - aw))
        var = 1 / (ya + aw) + 1 / (yb + aw)
        out[w] = (delta, var, delta / math.sqrt(var))
    return out


def test_hand_computed_example():
    # y_i = (3, 0), y_j = (1, 2), alpha = (1, 1): n_i = n_j = 3, alpha_0 = 2
    # delta_0 = log(4 / (3 + 2 - 3 - 1)) - log(2 / (3 + 2 - 1 - 1)) = log 4 - log(2/3) = log 6
    delta, var, z = log_odds_dirichlet(np.array([3.0, 0.0]), np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    assert delta[0] == pytest.approx(math.log(6))
    assert delta[1] == pytest.approx(-math.log(6))
    assert var[0] == pytest.approx(1 / 4 + 1 / 2)
    assert z[0] == pytest.approx(math.log(6) / math.sqrt(0.75))


TEXTS = [
    "The rebels seized Damascus as the regime collapsed.",
    "Rebels led by Sharaa took the capital; the regime fell.",
    "Opposition fighters entered Damascus after the fall of Assad.",
    "The opposition celebrated the liberation of the capital.",
    "Insurgents and jihadists pushed into the city, officials said.",
    "Militants linked to HTS took control, officials said.",
]
GROUPS = ["fox", "fox", "nyt", "nyt", "huff", "huff"]


@pytest.mark.parametrize("ngram", [1, 2])
def test_agrees_with_independent_implementation(ngram):
    ours = fighting_words(TEXTS, GROUPS, compare=("fox", "nyt"), ngram_range=(ngram, ngram))
    ref = reference_fighting_words(TEXTS, GROUPS, "fox", "nyt", ngram=ngram)
    fox = ours[ours["group"] == "fox"].set_index("term")
    assert set(fox.index) == set(ref)
    for term, (d, v, z) in ref.items():
        assert fox.loc[term, "delta"] == pytest.approx(d, abs=1e-12)
        assert fox.loc[term, "variance"] == pytest.approx(v, abs=1e-12)
        assert fox.loc[term, "z"] == pytest.approx(z, abs=1e-12)
    # the reverse comparison is the mirror image
    nyt = ours[ours["group"] == "nyt"].set_index("term")
    np.testing.assert_allclose(nyt.loc[fox.index, "z"].to_numpy(), -fox["z"].to_numpy())


def test_one_vs_rest_and_ngrams():
    fw = fighting_words(TEXTS, GROUPS, ngram_range=(1, 3))
    assert set(fw["group"]) == {"fox", "nyt", "huff"}
    assert set(fw["other"]) == {"(rest)"}
    assert fw["n"].max() == 3
    huff = fw[fw["group"] == "huff"]
    assert huff.iloc[0]["term"] in {"officials said", "officials", "said"}
    # counts: group + rest = pooled
    pooled = fw.groupby("term")[["count", "count_other"]].first().sum(axis=1)
    assert (pooled > 0).all()


def test_min_count_is_reported_not_silent():
    fw = fighting_words(TEXTS, GROUPS, min_count=2)
    full = fighting_words(TEXTS, GROUPS)
    assert fw.attrs["n_terms_dropped"] == full.attrs["n_terms"] - fw.attrs["n_terms"] > 0
    assert fw.attrs["min_count"] == 2


def test_background_prior_and_scale():
    bg = ["the regime and the rebels and the opposition"] * 5
    a = fighting_words(TEXTS, GROUPS, prior=bg)
    b = fighting_words(TEXTS, GROUPS, prior=bg, prior_scale=10.0)
    assert a.attrs["prior"] == "background corpus"
    # a smaller prior shrinks less: larger |delta| on average
    assert b["delta"].abs().mean() > a["delta"].abs().mean()
    c = fighting_words(TEXTS, GROUPS, prior={"rebels": 100})
    assert c.attrs["prior"] == "background counts"


def test_counts_merge_equals_whole_corpus():
    whole = group_term_counts(TEXTS, GROUPS, ngram_range=(1, 2))
    a = group_term_counts(TEXTS[:3], GROUPS[:3], ngram_range=(1, 2))
    b = group_term_counts(TEXTS[3:], GROUPS[3:], ngram_range=(1, 2))
    merged = a.merge(b)
    assert merged.terms.tolist() == whole.terms.tolist()
    assert merged.groups.tolist() == whole.groups.tolist()
    assert (merged.counts != whole.counts).nnz == 0
    assert merged.n_docs.tolist() == whole.n_docs.tolist()
    r1 = fighting_words(counts=merged)
    r2 = fighting_words(counts=whole)
    pd.testing.assert_frame_equal(r1, r2)


def test_estimator_form():
    est = FightingWords(compare=("fox", "nyt")).fit(TEXTS, GROUPS)
    assert est.scores_.equals(fighting_words(TEXTS, GROUPS, compare=("fox", "nyt")))
    assert len(est.top_terms(2)) == 4


@pytest.mark.parametrize(
    "texts,groups,match",
    [
        (["a b", "c d"], ["x", "x"], "at least two groups"),
        (["a b", "c d"], ["x", None], "missing"),
        (["a b"], ["x", "y"], "differ in length"),
    ],
)
def test_bad_input(texts, groups, match):
    with pytest.raises(ValueError, match=match):
        fighting_words(texts, groups)


def test_empty_and_identical_texts():
    fw = fighting_words(["", ""], ["a", "b"])
    assert fw.empty and fw.attrs["n_terms"] == 0
    same = fighting_words(["same words here"] * 4, ["a", "a", "b", "b"])
    assert np.allclose(same["z"], 0)


@pytest.mark.parametrize(
    "ngram_range,min_count,stop_words",
    [((1, 3), 1, None), ((1, 3), 2, None), ((2, 3), 2, "english"), ((1, 1), 2, None), ((3, 6), 1, None)],
)
def test_streaming_counts_equal_countvectorizer(ngram_range, min_count, stop_words):
    texts = TEXTS * 3 + ["The rebels said the regime fell; the rebels said so.", "", "a b c d e f g"]
    groups = GROUPS * 3 + ["fox", "nyt", "huff"]
    gc = group_term_counts(texts, groups, ngram_range=ngram_range, min_count=min_count, stop_words=stop_words)
    terms, expected, n_before = _countvectorizer_counts(texts, groups, ngram_range, min_count, stop_words)
    assert gc.groups.tolist() == sorted(set(groups))
    assert gc.terms.tolist() == terms
    assert (gc.counts.toarray() == expected).all()
    if min_count == 1 or ngram_range[1] == 1:  # words are counted exactly; no sketch
        assert gc.n_terms_before_filter_exact and gc.n_terms_before_filter == n_before
    else:
        # 2-grams and longer pruned while streaming: the vocabulary size before the cut is estimated
        assert not gc.n_terms_before_filter_exact
        assert abs(gc.n_terms_before_filter - n_before) <= 2


def test_word_tuple_fallback_for_long_ngrams(monkeypatch):
    from framing.compare import terms

    texts = TEXTS * 2
    groups = GROUPS * 2
    direct = group_term_counts(texts, groups, ngram_range=(1, 3), min_count=2)
    # force the tuple path, as when vocabulary ** max_n does not fit in 63 bits
    monkeypatch.setattr(terms, "_counts_numeric", lambda *a: terms._counts_streaming(*a))
    fallback = group_term_counts(texts, groups, ngram_range=(1, 3), min_count=2)
    assert fallback.terms.tolist() == direct.terms.tolist()
    assert (fallback.counts != direct.counts).nnz == 0


def _countvectorizer_counts(texts, groups, ngram_range, min_count, stop_words=None):
    """Terms and group x term counts from CountVectorizer's document-term matrix, pruned at min_count,
    and the number of terms before pruning."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.compare.terms import TOKEN_PATTERN

    cv = CountVectorizer(ngram_range=ngram_range, token_pattern=TOKEN_PATTERN, stop_words=stop_words)
    X = cv.fit_transform(texts)
    _, codes = np.unique(groups, return_inverse=True)
    indicator = sp.csr_matrix((np.ones(len(texts)), (codes, np.arange(len(texts)))))
    expected = (indicator @ X).toarray()
    keep = expected.sum(axis=0) >= min_count
    return cv.get_feature_names_out()[keep].tolist(), expected[:, keep], X.shape[1]


@pytest.mark.parametrize("batch_tokens", [1, 5, 64])
@pytest.mark.parametrize("ngram_range,min_count,stop_words",
                         [((1, 3), 1, None), ((1, 3), 2, None), ((2, 3), 2, "english"), ((1, 2), 3, None)])
def test_batch_size_changes_nothing(monkeypatch, batch_tokens, ngram_range, min_count, stop_words):
    from framing.compare import terms

    texts = TEXTS * 3 + ["The rebels said the regime fell; the rebels said so.", "", "a b c d e f g"]
    groups = GROUPS * 3 + ["fox", "nyt", "huff"]
    kwargs = dict(ngram_range=ngram_range, min_count=min_count, stop_words=stop_words)
    default = group_term_counts(texts, groups, **kwargs)
    # batches of a few words (one article each at least) or of several articles
    monkeypatch.setattr(terms, "BATCH_TOKENS", batch_tokens)
    small = group_term_counts(texts, groups, **kwargs)
    assert small.terms.tolist() == default.terms.tolist()
    assert (small.counts != default.counts).nnz == 0 and small.counts.dtype == np.int64
    assert small.n_terms_before_filter == default.n_terms_before_filter
    assert small.n_terms_before_filter_exact == default.n_terms_before_filter_exact
    assert small.terms.tolist() == _countvectorizer_counts(texts, groups, ngram_range, min_count, stop_words)[0]


@pytest.mark.parametrize("min_count", [254, 255, 256, 258])
def test_sketch_counters_stop_at_min_count(min_count):
    from framing.compare.terms import _sketch_dtype

    # "wK xK" occurs K times, "xK wK" and the 3-grams K - 1 times: counts on both sides of min_count
    texts = [" ".join([f"w{k} x{k}"] * k) for k in range(252, 261)] + ["w252 x252 w260 x260"]
    groups = ["a", "b"] * 5
    gc = group_term_counts(texts, groups, ngram_range=(1, 3), min_count=min_count)
    terms, expected, _ = _countvectorizer_counts(texts, groups, (1, 3), min_count)
    assert gc.terms.tolist() == terms and 0 < len(terms) < 6 * 9
    assert (gc.counts.toarray() == expected).all()
    assert _sketch_dtype(255) is np.uint8 and _sketch_dtype(256) is np.uint16 and _sketch_dtype(2**16) is np.int64


def test_sketch_counters_beyond_16_bits():
    texts = [" ".join(["a b"] * 2**15), " ".join(["a b"] * 2**15) + " c", "a b c"]
    gc = group_term_counts(texts, ["x", "y", "y"], ngram_range=(1, 2), min_count=2**16)
    assert gc.terms.tolist() == ["a", "a b", "b"]
    assert gc.counts.toarray().tolist() == [[2**15, 2**15, 2**15], [2**15 + 1, 2**15 + 1, 2**15 + 1]]


def test_rows_sorted_by_z_then_term():
    cases = [
        fighting_words(TEXTS, GROUPS, ngram_range=(1, 2)),
        fighting_words(["same words here"] * 4, ["a", "a", "b", "b"], ngram_range=(1, 2)),  # all z = 0
        fighting_words(["b a", "a b"], ["x", "y"]),
    ]
    with np.errstate(all="ignore"):
        cases.append(fighting_words(["a", "a"], ["x", "y"]))  # one term: z is NaN
    assert cases[-1]["z"].isna().all()
    for fw in cases:
        for g in fw["group"].unique():
            part = fw[fw["group"] == g]
            expected = part.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
            assert part.index.tolist() == expected.index.tolist()


def test_scoring_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from framing.compare.terms import fighting_words\n"
        "fw = fighting_words(['rebels took the city', 'the opposition took the city'] * 3, ['a', 'b'] * 3,\n"
        "                    ngram_range=(1, 3), min_count=2)\n"
        "assert len(fw) and 'sklearn' not in sys.modules, sorted(m for m in sys.modules if 'sklearn' in m)[:5]\n"
        "from framing.compare.terms import FightingWords\n"
        "assert 'sklearn' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_estimator_is_a_scikit_learn_estimator():
    import pickle

    from sklearn.base import BaseEstimator, clone

    from framing.compare import terms

    est = FightingWords(compare=("fox", "nyt"), min_count=2)
    assert isinstance(est, BaseEstimator) and terms.FightingWords is FightingWords
    assert FightingWords.__module__ == "framing.compare.estimator" and FightingWords.__qualname__ == "FightingWords"
    assert "FightingWords" in terms.__all__
    assert clone(est).get_params() == est.get_params()
    fitted = pickle.loads(pickle.dumps(est.fit(TEXTS, GROUPS)))
    assert type(fitted) is FightingWords and fitted.scores_.equals(est.scores_)
    with pytest.raises(AttributeError, match="no attribute 'Fightingwords'"):
        terms.Fightingwords


def test_group_columns_keep_the_labels_type():
    fw = fighting_words(["a b", "b c", "c d", "d e"], [1, 1, 2, 2])
    assert fw["group"].dtype == np.int64 and fw["group"].tolist() == [1] * 5 + [2] * 5
    assert set(fw["other"]) == {"(rest)"} and fw["other"].dtype == "str"
    pair = fighting_words(["a b", "b c", "c d", "d e"], [1, 1, 2, 2], compare=(2, 1))
    assert pair["group"].tolist() == [2] * 5 + [1] * 5 and pair["other"].tolist() == [1] * 5 + [2] * 5
