"""Classifier pipelines and grouped evaluation (tiny inline corpora)."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from framing.classify import bootstrap_metric_ci, evaluate, make_pipeline, top_features


def corpus(n=60, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        leaning = ["left", "right"][i % 2]
        outlet = f"{leaning}-outlet-{i % 6}"
        word = "undocumented immigrants" if leaning == "left" else "illegal aliens"
        filler = " ".join(rng.choice(["policy", "vote", "bill", "senate", "state", "court"], 8))
        rows.append({"doc_id": f"d{i}", "outlet": outlet, "leaning": leaning,
                     "title": f"Story {i}", "text": f"The {word} debate. {filler}. Footer of {outlet}."})
    return pd.DataFrame(rows)


def test_grouped_cv_keeps_outlets_apart():
    c = corpus()
    res = evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", groups="outlet", cv=3, n_boot=50, top_k=5)
    preds = res.predictions.merge(c[["doc_id", "outlet"]], on="doc_id")
    # every outlet appears in exactly one test fold
    assert (preds.groupby("outlet")["fold"].nunique() == 1).all()
    assert res.metrics["macro_f1"] == pytest.approx(1.0)
    assert res.metrics["macro_f1_ci_low"] <= res.metrics["macro_f1"] <= res.metrics["macro_f1_ci_high"]
    assert "grouped by 6 groups" in res.metrics["evaluation"]
    top = res.top_features
    assert {"left", "right"} == set(top["class"])
    assert top[top["class"] == "right"]["term"].str.contains("illegal|aliens").any()


def test_fixed_split_and_permutation_p_value():
    c = corpus()
    c["split"] = np.where(np.arange(len(c)) < 40, "train", "test")
    res = evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", split="split", n_boot=50, n_permutations=20, top_k=0)
    assert res.metrics["n_tested"] == 20
    assert res.metrics["permutation_p_value"] <= 1 / 21 + 1e-9
    assert res.confusion.to_numpy().sum() == 20


def test_pipeline_pickles_and_bootstrap_clusters():
    c = corpus()
    pipe = make_pipeline("tfidf", min_df=1).fit(c, c["leaning"])
    again = pickle.loads(pickle.dumps(pipe))
    assert (again.predict(c) == pipe.predict(c)).all()
    assert len(top_features(pipe, k=3)) == 6
    est, lo, hi = bootstrap_metric_ci(["a", "a", "b", "b"], ["a", "b", "b", "b"], lambda a, b: np.mean(a == b),
                                      clusters=["x", "x", "y", "y"], n_boot=100)
    assert est == 0.75 and lo in (0.5, 0.75, 1.0)


def test_bad_input():
    c = corpus()
    with pytest.raises(ValueError, match="single class"):
        evaluate(make_pipeline("tfidf", min_df=1), c.assign(leaning="left"), "leaning")
    with pytest.raises(ValueError, match="no target column"):
        evaluate(make_pipeline("tfidf"), c, "nope")
    with pytest.raises(ValueError, match="at least 10 groups"):
        evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", groups="outlet", cv=10)
    with pytest.raises(ValueError, match="kind must be"):
        make_pipeline("bert")
