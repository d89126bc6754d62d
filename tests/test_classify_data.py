"""Classifier evaluation on the real datasets (small samples; the full runs are scripts/classify_recipes.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.classify import (
    AnnotatedWords,
    _resolve_scheme,
    evaluate,
    evaluate_multilabel,
    label_matrix,
    make_pipeline,
    search_tfidf,
)
from framing.datasets import load_dataset

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def allsides(data_dir) -> pd.DataFrame:
    return load_dataset("allsides_abp", data_dir=data_dir, limit=400)


@pytest.fixture(scope="module")
def babe(data_dir) -> pd.DataFrame:
    sg2 = load_dataset("babe", data_dir=data_dir, subset="SG2")
    return sg2[sg2["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)


def test_search_tfidf_equals_evaluate_on_allsides(allsides):
    candidates = [{"ngram_range": (1, 2), "max_features": 3000, "binary": True},
                  {"ngram_range": (1, 1), "min_df": 3, "max_df": 0.5, "C": 3.0, "drop_repeated_lines": 3}]
    fast = search_tfidf(allsides, "bias_label", candidates, groups="outlet", cv=3)
    for i, cand in enumerate(candidates):
        slow = evaluate(make_pipeline("tfidf", **cand), allsides, "bias_label", groups="outlet", cv=3, n_boot=20,
                        top_k=0)
        assert fast.loc[i, "macro_f1"] == pytest.approx(slow.metrics["macro_f1"], abs=1e-12)
        assert len(fast.loc[i, "macro_f1_folds"]) == 3


def test_outlet_folds_and_permutation_scheme_on_allsides(allsides):
    res = evaluate(make_pipeline("tfidf", ngram_range=(1, 1)), allsides, "bias_label", groups="outlet", cv=3,
                   n_boot=50, n_permutations=2, top_k=5)
    preds = res.predictions.merge(allsides[["doc_id", "outlet"]], on="doc_id")
    assert (preds.groupby("outlet")["fold"].nunique() == 1).all()
    # an outlet's articles nearly all share its leaning: shuffling within outlets would change nothing,
    # so outlets trade labels instead
    assert res.metrics["permutation_scheme"] == "between_groups"
    assert res.metrics["n_tested"] == len(allsides)
    assert set(res.top_features["class"]) == {"left", "center", "right"}
    assert 0.0 <= res.metrics["macro_f1_ci_low"] <= res.metrics["macro_f1"] <= res.metrics["macro_f1_ci_high"]


def test_media_split_keeps_its_rows(allsides):
    data = allsides[allsides["split_media"].notna()].reset_index(drop=True)
    res = evaluate(make_pipeline("tfidf", ngram_range=(1, 1)), data, "bias_label", split="split_media", n_boot=20,
                   top_k=0)
    assert res.metrics["n_tested"] == int((data["split_media"] == "test").sum())
    assert res.metrics["evaluation"] == "fixed split (train+valid -> test)"


def test_annotated_words_are_cross_fitted_on_babe(babe):
    from sklearn.metrics import roc_auc_score

    sample = babe.sample(1500, random_state=0).reset_index(drop=True)
    y = (sample["label_bias"] == "Biased").to_numpy()
    aw = AnnotatedWords(column="biased_words")
    crossed = aw.fit_transform(sample)
    in_sample = aw.transform(sample)
    auc_crossed = roc_auc_score(y, crossed[:, 1])
    auc_in_sample = roc_auc_score(y, in_sample[:, 1])
    # in-sample indicators see each sentence's own marks (a leak); cross-fitted ones do not
    assert auc_in_sample > 0.85
    assert 0.55 < auc_crossed < auc_in_sample - 0.1
    # new rows need only the text
    assert aw.transform(sample[["text"]]).shape == (len(sample), 4)
    assert set(aw.scores_) and all(0 < s < 1 for s in aw.scores_.values())


def test_babe_loaded_word_lexicon_beats_chance(babe):
    sample = babe.sample(1200, random_state=1).reset_index(drop=True)
    pipe = make_pipeline("tfidf", text_columns=("text",), ngram_range=(1, 1), min_df=1, annotated_words="biased_words")
    res = evaluate(pipe, sample, "label_bias", cv=3, n_boot=50, top_k=5)
    assert res.metrics["macro_f1"] > 0.6
    assert "annotated" in set(res.top_features["kind"])


def test_narrative_frames_multilabel(data_dir):
    corpus = load_dataset("narrative_frames", data_dir=data_dir)
    Y = label_matrix(corpus, "frames")
    assert list(Y.columns) == ["CO", "EC", "HI", "MO", "RE"]
    assert int(Y.isna().any(axis=1).sum()) == 1  # article 405 has no aggregated frames
    res = evaluate_multilabel(make_pipeline("tfidf", ngram_range=(1, 1), multilabel=True), corpus, "frames", cv=3,
                              n_boot=30, top_k=3)
    assert res.metrics["n_documents"] == 427
    per = res.per_label.set_index("label")
    assert per.loc["CO", "support"] == 268
    assert per.loc["CO", "f1"] > 0.7  # the most frequent frame is learnt
    assert res.metrics["micro_f1_ci_low"] <= res.metrics["micro_f1"] <= res.metrics["micro_f1_ci_high"]
    assert set(res.top_features["class"]) == set(Y.columns)


def test_basil_outlet_within_events(data_dir):
    corpus = load_dataset("basil", data_dir=data_dir)
    res = evaluate(make_pipeline("tfidf", ngram_range=(1, 1)), corpus, "outlet", groups="event_id", cv=5, n_boot=50,
                   n_permutations=3, top_k=10)
    preds = res.predictions.merge(corpus[["doc_id", "event_id"]], on="doc_id")
    assert (preds.groupby("event_id")["fold"].nunique() == 1).all()
    assert res.metrics["permutation_scheme"] == "within_groups"
    assert res.metrics["macro_f1"] > 0.6  # chance is 1/3
    # the outlets name themselves
    fox = res.top_features[res.top_features["class"] == "Fox News"]["term"].tolist()
    assert "fox" in fox


def test_within_group_permutation_keeps_each_event_balanced(data_dir):
    from framing.classify import _permute

    corpus = load_dataset("basil", data_dir=data_dir)
    y = corpus["outlet"].to_numpy(dtype=object)
    g = corpus["event_id"].to_numpy()
    assert _resolve_scheme("auto", y, g, split=False) == "within_groups"
    shuffled = _permute(y, g, "within_groups", np.random.default_rng(0))
    per_event = pd.DataFrame({"g": g, "y": shuffled}).groupby("g")["y"].nunique()
    assert (per_event == 3).all()
    assert (shuffled != y).any()
