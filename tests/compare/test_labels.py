"""Label choice: shares, article-level bootstrap, permutation tests, FDR."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.compare.labels import label_choice
from framing.compare.stats import bootstrap_ratio_ci, chi2_statistic, fdr_bh, permutation_test


def make(n_per=20, p_x=0.8, p_y=0.2, seed=1):
    rng = np.random.default_rng(seed)
    docs, rows = [], []
    for outlet, p in (("X", p_x), ("Y", p_y)):
        for i in range(n_per):
            doc = f"{outlet}{i}"
            docs.append({"doc_id": doc, "outlet": outlet, "event_id": f"e{i}"})
            for _ in range(rng.integers(1, 4)):
                rows.append({"doc_id": doc, "concept": "forces", "label": "rebels" if rng.random() < p else "opposition"})
    return pd.DataFrame(docs), pd.DataFrame(rows)


def test_shares_match_hand_count():
    corpus, mentions = make()
    res = label_choice(mentions, corpus, n_boot=200, n_permutations=200)
    merged = mentions.merge(corpus, on="doc_id")
    for (outlet, label), row in res.shares.set_index(["group", "label"]).iterrows():
        sub = merged[merged["outlet"] == outlet]
        assert row["mentions"] == (sub["label"] == label).sum()
        assert row["share"] == pytest.approx((sub["label"] == label).mean())
        assert row["ci_low"] <= row["share"] <= row["ci_high"]


def test_clear_difference_is_significant_and_no_difference_is_not():
    corpus, mentions = make(p_x=0.9, p_y=0.1)
    res = label_choice(mentions, corpus, n_boot=200, n_permutations=500)
    perm = res.tests[res.tests["test"] == "permutation"].iloc[0]
    assert perm["p_value"] < 0.01
    corpus, mentions = make(p_x=0.5, p_y=0.5, seed=3)
    res = label_choice(mentions, corpus, n_boot=200, n_permutations=500)
    assert res.tests[res.tests["test"] == "permutation"].iloc[0]["p_value"] > 0.05


def test_bootstrap_resamples_articles_not_mentions():
    # one article holds all of outlet X's mentions: resampling articles cannot change its share
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"]})
    mentions = pd.DataFrame({"doc_id": ["a"] * 4 + ["b", "c"], "concept": "k",
                             "label": ["l1", "l1", "l2", "l2", "l1", "l2"]})
    res = label_choice(mentions, corpus, n_boot=300, n_permutations=50)
    x = res.shares[(res.shares["group"] == "X") & (res.shares["label"] == "l1")].iloc[0]
    assert x["share"] == x["ci_low"] == x["ci_high"] == 0.5


def test_bootstrap_ratio_ci_independent_check():
    rng = np.random.default_rng(0)
    num = rng.integers(0, 5, size=50)
    den = num + rng.integers(0, 5, size=50)
    est, lo, hi = bootstrap_ratio_ci(num, den, n_boot=4000, random_state=1)
    # independent loop-based bootstrap with another generator
    r2 = np.random.default_rng(2)
    boots = []
    for _ in range(4000):
        idx = r2.integers(0, 50, 50)
        boots.append(num[idx].sum() / den[idx].sum())
    assert est == pytest.approx(num.sum() / den.sum())
    assert lo == pytest.approx(np.quantile(boots, 0.025), abs=0.02)
    assert hi == pytest.approx(np.quantile(boots, 0.975), abs=0.02)


def test_stratified_permutation_respects_strata():
    # each event covered by a single outlet: shuffling within events changes nothing -> p = 1
    counts = np.array([[3, 0], [2, 0], [0, 2], [0, 4]])
    obs, p, null = permutation_test(counts, ["a", "a", "b", "b"], strata=["e1", "e1", "e2", "e2"], n_permutations=100)
    assert p == 1.0 and np.allclose(null, obs)


def test_pairwise_and_fdr():
    corpus, mentions = make()
    extra = pd.DataFrame({"doc_id": ["Z1", "Z2"], "outlet": ["Z", "Z"], "event_id": ["e0", "e1"]})
    corpus = pd.concat([corpus, extra])
    mentions = pd.concat([mentions, pd.DataFrame({"doc_id": ["Z1", "Z2"], "concept": "forces", "label": "rebels"})])
    res = label_choice(mentions, corpus, n_boot=100, n_permutations=100, strata="event_id")
    pairs = res.tests[res.tests["test"] == "permutation (pair)"]
    assert set(pairs["groups"]) == {"X vs Y", "X vs Z", "Y vs Z"}
    assert (res.tests.dropna(subset=["p_adjusted"])["p_adjusted"] >= res.tests.dropna(subset=["p_adjusted"])["p_value"] - 1e-12).all()
    np.testing.assert_allclose(fdr_bh([0.01, 0.02, 0.03]), [0.03, 0.03, 0.03])


def test_chi2_statistic_matches_scipy():
    from scipy.stats import chi2_contingency
    t = np.array([[12, 5, 3], [4, 9, 7]])
    assert chi2_statistic(t) == pytest.approx(chi2_contingency(t, correction=False)[0])


def test_bad_input_and_skips():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"]})
    m = pd.DataFrame({"doc_id": ["a"], "concept": "k", "label": "l"})
    with pytest.raises(ValueError, match="at least two groups"):
        label_choice(m, corpus)
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", None]})
    res = label_choice(pd.DataFrame({"doc_id": ["a", "c"], "concept": "k", "label": "l"}), corpus,
                       n_boot=10, n_permutations=10)
    reasons = " ".join(res.skipped["reason"])
    assert "no 'outlet' value" in reasons and "only one group" in reasons
    with pytest.raises(ValueError, match="no column 'outlet'"):
        label_choice(m, corpus.drop(columns="outlet"))
