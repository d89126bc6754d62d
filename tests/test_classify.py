"""Classifier pipelines and grouped evaluation (tiny inline corpora)."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from sklearn.base import clone
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from framing.classify import (
    AnnotatedWords,
    ColumnFeatures,
    TextColumns,
    _FoldCache,
    _permute,
    _resolve_scheme,
    bootstrap_metric_ci,
    evaluate,
    evaluate_multilabel,
    label_matrix,
    make_pipeline,
    search_tfidf,
    top_features,
)


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


def test_fixed_split_train_on_leaves_valid_out_and_counts_it():
    c = corpus()
    c["split"] = np.where(np.arange(len(c)) < 30, "train", np.where(np.arange(len(c)) < 40, "valid", "test"))
    c.loc[c.index[:2], "split"] = None  # rows in no part of the split
    res = evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", split="split", train_on=("train",), n_boot=20,
                   top_k=0)
    assert res.metrics["evaluation"] == "fixed split (train -> test)"
    assert res.metrics["n_left_out_by_split"] == 12 and res.metrics["n_documents"] == 48
    same = evaluate(make_pipeline("tfidf", min_df=1), c[c["split"].isin(["train", "test"])], "leaning",
                    split="split", n_boot=20, top_k=0)
    assert same.metrics["macro_f1"] == res.metrics["macro_f1"] and same.metrics["n_left_out_by_split"] == 0
    both = evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", split="split", n_boot=20, top_k=0)
    assert both.metrics["evaluation"] == "fixed split (train+valid -> test)" and both.metrics["n_left_out_by_split"] == 2
    for bad in ((), ("train", "test")):
        with pytest.raises(ValueError, match="train_on"):
            evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", split="split", train_on=bad)
    with pytest.raises(ValueError, match="'dev'"):
        evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", split="split", train_on=("dev",))


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


# -- text preparation, precomputed features, combined blocks -------------------------------


def test_text_columns_drop_repeated_lines_learned_on_training_rows():
    train = pd.DataFrame({"title": ["A", "B", "C"],
                          "text": ["Sign up today\nRebels won.", "Sign up today\nTroops left.", "Rain fell."]})
    tc = TextColumns(drop_repeated_lines=2).fit(train)
    assert tc.repeated_lines_ == frozenset({"Sign up today"})
    assert tc.transform(pd.DataFrame({"text": ["Sign up today\nNew story."]})) == ["New story."]
    assert TextColumns().fit(train).transform(train)[0] == "A\nSign up today\nRebels won."
    with pytest.raises(ValueError, match="non-negative integer"):
        TextColumns(drop_repeated_lines=-1).fit(train)


def test_column_features_and_block_scaling():
    c = corpus().assign(tone__polarity=np.linspace(-1, 1, 60), wording__x=np.nan)
    pipe = make_pipeline("both", feature_columns=["tone__polarity", "wording__x"], min_df=1).fit(c, c["leaning"])
    block = pipe.named_steps["features"].transformer_list[1][1]
    Z = block.transform(c)
    assert Z.shape == (60, 2)
    # standardized, clipped, divided by sqrt(2 columns); the all-NaN column becomes 0
    assert np.allclose(Z[:, 1], 0.0)
    assert np.isclose(np.abs(Z[:, 0]).max(), np.abs(StandardScaler().fit_transform(c[["tone__polarity"]])).max()
                      / np.sqrt(2))
    names = top_features(pipe, k=500)
    assert {"word", "framing"} <= set(names["kind"])
    with pytest.raises(ValueError, match="not in the table"):
        ColumnFeatures(columns=["nope"]).fit(c)
    with pytest.raises(ValueError, match="not both"):
        make_pipeline("both", feature_columns=["a"], extractors=[])


def test_char_ngrams_block():
    c = corpus()
    pipe = make_pipeline("tfidf", min_df=1, char_ngram_range=(2, 3)).fit(c, c["leaning"])
    kinds = set(top_features(pipe, k=200)["kind"])
    assert kinds == {"word", "char"}


# -- annotated words -------------------------------------------------------------------------


def marked_corpus(n=40):
    rows = []
    for i in range(n):
        biased = i % 2 == 0
        word = ["radical", "disgraceful", "shameful", "extreme"][i % 4] if biased else "the"
        rows.append({"doc_id": f"s{i}", "text": f"The {word} senator spoke on day {i}.",
                     "marked": [word] if biased else [], "label": "Biased" if biased else "Non-biased"})
    return pd.DataFrame(rows)


def test_annotated_words_cross_fitting_and_contract():
    c = marked_corpus()
    aw = AnnotatedWords(column="marked", cv=4)
    crossed = aw.fit_transform(c)
    in_sample = aw.transform(c)
    # every marked word occurs in 10 sentences, always marked: score 10 / 11 in sample
    assert aw.scores_["radical"] == pytest.approx(10 / 11)
    # cross-fitted: the score comes from the other folds' 7-8 sentences, never from the row itself
    assert (crossed[:, 2] < in_sample[:, 2] + 1e-12).all()
    assert (crossed[::2, 0] == 1).all() and (crossed[1::2, 0] == 0).all()
    # transform reads only the text
    assert aw.transform(c[["text"]]).shape == (40, 4)
    again = pickle.loads(pickle.dumps(clone(aw).fit(c)))
    assert again.scores_ == aw.scores_
    with pytest.raises(ValueError, match="needs the column"):
        AnnotatedWords(column="nope").fit(c)
    with pytest.raises(ValueError, match="cv must be"):
        AnnotatedWords(column="marked", cv=1).fit(c)
    pipe = make_pipeline("tfidf", text_columns=("text",), min_df=1, annotated_words="marked")
    res = evaluate(pipe, c, "label", cv=4, n_boot=20, top_k=3)
    assert res.metrics["macro_f1"] == pytest.approx(1.0)
    assert "annotated" in set(res.top_features["kind"])


# -- permutation schemes, multi-label, fast search -------------------------------------------


def test_permutation_schemes():
    rng = np.random.default_rng(0)
    y = np.array(["l"] * 6 + ["r"] * 6, dtype=object)
    g = np.repeat(["a", "b", "c", "d"], 3)
    assert _resolve_scheme("auto", y, g, split=False) == "between_groups"
    assert _resolve_scheme("auto", y, None, split=False) == "global"
    assert _resolve_scheme("auto", np.array(list("xyz") * 4, dtype=object), g, split=False) == "within_groups"
    between = _permute(y, g, "between_groups", rng)
    # whole groups move: every group still has a single label, and two of each
    per_group = pd.Series(between).groupby(g).nunique()
    assert (per_group == 1).all() and sorted(between.tolist()) == sorted(y.tolist())
    within = _permute(np.array(list("xyz") * 4, dtype=object), g, "within_groups", rng)
    assert (pd.Series(within).groupby(g).apply(lambda s: sorted(s)) == pd.Series([list("xyz")] * 4,
                                                                                    index=list("abcd"))).all()
    with pytest.raises(ValueError, match="needs groups"):
        _resolve_scheme("within_groups", y, None, split=False)


def test_grouped_permutation_is_not_degenerate():
    # leaning is constant within outlets: shuffling within outlets would leave the labels unchanged
    c = corpus()
    res = evaluate(make_pipeline("tfidf", min_df=1), c, "leaning", groups="outlet", cv=3, n_boot=20,
                   n_permutations=9, top_k=0)
    assert res.metrics["permutation_scheme"] == "between_groups"
    assert res.metrics["permutation_null_mean"] < 0.9


def test_feature_cache_gives_the_same_predictions_as_refitting():
    c = corpus()
    pipe = make_pipeline("tfidf", min_df=1)
    folds = [(np.arange(0, 40), np.arange(40, 60)), (np.arange(20, 60), np.arange(0, 20))]
    y = c["leaning"].to_numpy(dtype=object)
    cached = _FoldCache(pipe, c, folds)
    assert cached.cached
    fast = cached.predict_folds(y, keep=True)
    slow = [clone(pipe).fit(c.iloc[tr], y[tr]).predict(c.iloc[te]) for tr, te in folds]
    assert all((a == b).all() for a, b in zip(fast, slow))
    assert len(cached.matrices) == 2
    from sklearn.feature_selection import SelectKBest

    supervised = Pipeline([("f", make_pipeline("tfidf", min_df=1).named_steps["features"]),
                           ("k", SelectKBest(k=5)), ("model", pipe.named_steps["model"])])
    assert not _FoldCache(supervised, c, folds).cached


def test_evaluate_multilabel_per_label_and_errors():
    t = pd.DataFrame({"text": ["war and money", "money talk", "war again", "calm day"] * 6})
    t["co"] = t["text"].str.contains("war")
    t["ec"] = t["text"].str.contains("money")
    res = evaluate_multilabel(make_pipeline(min_df=1, multilabel=True), t, ["co", "ec"], cv=3, n_boot=20,
                              n_permutations=5, top_k=2)
    assert res.metrics["macro_f1"] == pytest.approx(1.0)
    assert res.metrics["permutation_p_value"] == pytest.approx(1 / 6)
    assert res.per_label["support"].tolist() == [12, 12]
    assert {"true__co", "pred__co", "true__ec", "pred__ec"} <= set(res.predictions.columns)
    assert set(res.top_features["class"]) == {"co", "ec"}
    # a plain pipeline is wrapped in one-vs-rest
    plain = evaluate_multilabel(make_pipeline(min_df=1), t, ["co", "ec"], cv=3, n_boot=10, top_k=0)
    assert plain.metrics["micro_f1"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="single value"):
        evaluate_multilabel(make_pipeline(min_df=1), t.assign(co=True), ["co", "ec"], n_boot=5, top_k=0)
    with pytest.raises(ValueError, match="boolean or 0/1"):
        label_matrix(t.assign(co=3), ["co"])
    with pytest.raises(ValueError, match="no dict of labels"):
        label_matrix(t, "text")


def test_search_tfidf_matches_evaluate():
    c = corpus(90, seed=3)
    candidates = [{"min_df": 1}, {"min_df": 2, "max_df": 0.9, "C": 0.1, "binary": True},
                  {"ngram_range": (1, 1), "min_df": 1, "max_features": 8, "drop_repeated_lines": 2}]
    fast = search_tfidf(c, "leaning", candidates, groups="outlet", cv=3)
    for i, cand in enumerate(candidates):
        slow = evaluate(make_pipeline("tfidf", **cand), c, "leaning", groups="outlet", cv=3, n_boot=5, top_k=0)
        assert fast.loc[i, "macro_f1"] == pytest.approx(slow.metrics["macro_f1"], abs=1e-12)
    with pytest.raises(ValueError, match="may set only"):
        search_tfidf(c, "leaning", [{"kind": "both"}])
