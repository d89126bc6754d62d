"""FrameFeatures and PolicyFrameFeatures: lexicons, rules, scores, mentions, bad input, sklearn contract, real data."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from framing.extract import get_extractor_class
from framing.extract.frames import (
    FRAMES,
    POLICY_FRAMES,
    QUESTIONS,
    RULES,
    FrameFeatures,
    PolicyFrameFeatures,
    find_indicators,
)
from framing.lexicons import load_lexicon


def _ascii_quotes(s: str) -> str:
    return s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


@pytest.fixture(scope="module")
def seed_doc(seed_raw: str) -> pd.DataFrame:
    """The seed article's fields built by hand, as the scraped-page parser returns them."""
    lines = seed_raw.splitlines()
    captions = next(line for line in lines if line.startswith("Syria\u2019s interim President"))
    start = seed_raw.index("President Vladimir Putin")
    end = seed_raw.index("Tartous.") + len("Tartous.")
    return pd.DataFrame({"doc_id": ["seed"], "title": [lines[0].strip()], "captions": [_ascii_quotes(captions)],
                         "text": [_ascii_quotes(seed_raw[start:end])]})


def check_offsets(corpus: pd.DataFrame, mentions: pd.DataFrame) -> None:
    by_id = corpus.set_index(corpus["doc_id"].astype(str))
    for m in mentions.itertuples():
        assert by_id.loc[m.doc_id, m.field][m.start:m.end] == m.matched


# -- the shipped lexicons ------------------------------------------------------


def test_generic_lexicon_follows_the_question_battery() -> None:
    lex = load_lexicon("generic-frames")
    assert tuple(lex.concepts) == FRAMES
    for cname, concept in lex.concepts.items():
        for label in concept.labels.values():
            q = label.tags["question"]
            assert QUESTIONS[q][0] == cname, (cname, label.name, q)
            assert len(label.rationale) > 20 and q in label.rationale
    used = {lab.tags["question"] for c in lex.concepts.values() for lab in c.labels.values()}
    assert used | {r.question for r in RULES} == set(QUESTIONS) - {"hi5"}
    for rule in RULES:
        assert QUESTIONS[rule.question][0] == rule.frame and rule.rationale


def test_policy_lexicon_dimensions() -> None:
    lex = load_lexicon("policy-frames")
    assert tuple(lex.concepts) == POLICY_FRAMES and len(POLICY_FRAMES) == 14
    assert all(lab.rationale for c in lex.concepts.values() for lab in c.labels.values())
    assert "not validated codes" in lex.description.replace("\n", " ")


# -- the seed -----------------------------------------------------------------


def test_seed(seed_doc: pd.DataFrame) -> None:
    ff = FrameFeatures().fit(seed_doc)
    feats, mentions = ff.extract(seed_doc)
    check_offsets(seed_doc, mentions)
    assert mentions[["field", "sentence_id", "matched", "frame", "question", "indicator"]].values.tolist() == [
        ["text", 3, "as soon as possible", "responsibility", "resp5", "urgency"]]
    row = feats.loc["seed"]
    assert row["frames__responsibility__score"] == pytest.approx(1 / 5)
    assert row["frames__responsibility__count"] == 1 and row.drop(
        [c for c in row.index if c.startswith("frames__responsibility__")]).eq(0).all()
    n_words = sum(len(seed_doc.loc[0, f].split()) for f in ("title", "captions", "text"))
    assert row["frames__responsibility__per_1k"] == pytest.approx(1000 / n_words)

    pf = PolicyFrameFeatures().fit(seed_doc)
    pfeats, pm = pf.extract(seed_doc)
    check_offsets(seed_doc, pm)
    prow = pfeats.loc["seed"]
    top = max(POLICY_FRAMES, key=lambda f: prow[f"policy_frames__{f}__count"])
    assert top == "external_regulation"  # Putin, Russia and Syria: foreign relations
    assert prow[[f"policy_frames__{f}__share" for f in POLICY_FRAMES]].sum() == pytest.approx(1.0)
    assert prow["policy_frames__total__count"] == len(pm)
    assert set(pm.loc[pm.frame == "external_regulation", "indicator"]) >= {"countries", "foreign_relations"}


# -- indicators and rules ------------------------------------------------------


def test_rules() -> None:
    text = ("Maria Lopez, 34, and Tom (8) watched. Officials must act. Repairs cost $1.5 billion, "
            "or 20,000 euros each, and US$300.")
    hits = [(h.matched, h.indicator) for h in find_indicators(text) if h.indicator in {r.name for r in RULES}]
    assert hits == [("Maria Lopez, 34,", "person_with_age"), ("Tom (8)", "person_with_age"),
                    ("Officials must", "authority_must_act"), ("$1.5 billion", "money_amount"),
                    ("20,000 euros", "money_amount"), ("US$300", "money_amount")]
    assert find_indicators("Paris, 2019, was hot. In June 5, 12 people.", rules=["person_with_age"]) == []


def test_rule_hits_win_over_overlapping_lexicon_hits() -> None:
    # "lawmakers" is a lexicon indicator (resp1) and part of the rule hit "lawmakers must"
    hits = find_indicators("The lawmakers must vote.")
    assert [(h.matched, h.indicator) for h in hits] == [("lawmakers must", "authority_must_act")]
    hits = find_indicators("The lawmakers must vote.", rules=False)
    assert [(h.matched, h.indicator) for h in hits] == [("lawmakers", "government_can_act")]


def test_longest_match_and_question_choice() -> None:
    hits = find_indicators("They blamed for the flood. He blamed her.", rules=False)
    assert [(h.matched, h.question) for h in hits] == [("blamed for", "resp4"), ("blamed", "co2")]
    hits = find_indicators("A moral obligation, and a moral one.", rules=False)
    assert [(h.matched, h.question) for h in hits] == [("moral obligation", "mo3"), ("moral", "mo1")]


def test_scores_counts_and_min_hits() -> None:
    text = "Critics disagree. Opponents clash with supporters. The winners gloat."
    ff = FrameFeatures(fields=("text",)).fit(["x"])
    row = ff.set_output(transform="pandas").transform([text]).iloc[0]
    assert row["frames__conflict__co1__count"] == 2 and row["frames__conflict__co3__count"] == 3
    assert row["frames__conflict__co4__count"] == 1 and row["frames__conflict__co2__count"] == 0
    assert row["frames__conflict__count"] == 6 and row["frames__conflict__score"] == pytest.approx(3 / 4)
    assert row["frames__conflict__per_1k"] == pytest.approx(6000 / 9)
    strict = FrameFeatures(fields=("text",), min_hits=2).fit(["x"]).set_output(transform="pandas")
    assert strict.transform([text]).iloc[0]["frames__conflict__score"] == pytest.approx(2 / 4)
    assert row["frames__human_interest__score"] == 0


def test_columns_are_documented_shape() -> None:
    ff = FrameFeatures().fit(["x"])
    names = list(ff.get_feature_names_out())
    assert names[:5] == ["frames__responsibility__count", "frames__responsibility__per_1k",
                         "frames__responsibility__score", "frames__responsibility__resp1__count",
                         "frames__responsibility__resp1__per_1k"]
    assert len(names) == 5 * 3 + 19 * 2  # hi5 has no indicator
    assert all(n.isidentifier() for n in names)
    pf = PolicyFrameFeatures().fit(["x"])
    assert len(pf.get_feature_names_out()) == 14 * 3 + 2


def test_empty_and_indicator_free_articles_give_zeros() -> None:
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "title": [None, "", "Sunny"], "text": ["", "   ", "Cats sat."]})
    for ex in (FrameFeatures(), PolicyFrameFeatures()):
        feats, mentions = ex.fit(corpus).extract(corpus)
        assert (feats.to_numpy() == 0).all() and mentions.empty
        assert list(mentions.columns)[:6] == ["doc_id", "field", "sentence_id", "start", "end", "matched"]
        assert mentions.start.dtype == np.int64


def test_custom_lexicon_without_question_tags(tmp_path: Path) -> None:
    path = tmp_path / "my-frames.yaml"
    path.write_text("""
name: my-frames
version: "1"
description: Two frames for a test.
language: en
citation: none
concepts:
  economic:
    description: Money.
    labels:
      money: {variants: [money, cash], rationale: Money words.}
      jobs: {variants: [jobs], rationale: Jobs.}
  risk:
    description: Risk.
    labels:
      danger: {variants: [danger], rationale: Danger words.}
""", encoding="utf-8")
    ff = FrameFeatures(lexicon=path, fields=("text",)).fit(["x"])
    assert ff.frames_ == ("economic", "risk")
    names = [n.removeprefix("frames__") for n in ff.get_feature_names_out()]
    assert "economic__money__count" in names and "economic__jobs__count" in names and "risk__danger__count" in names
    assert "economic__ec2__count" in names  # the money-amount rule joins the economic frame
    assert not any("resp1" in n or "hi1" in n for n in names)  # rules of absent frames are skipped
    row = ff.set_output(transform="pandas").transform(["Money, cash and $5 in danger."]).iloc[0]
    assert row["frames__economic__score"] == pytest.approx(2 / 3) and row["frames__risk__score"] == 1.0


def test_bad_parameters(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="min_hits must be a positive integer"):
        FrameFeatures(min_hits=0).fit(["x"])
    with pytest.raises(ValueError, match="unknown frame rule 'nope'"):
        FrameFeatures(rules=["nope"]).fit(["x"])
    with pytest.raises(FileNotFoundError, match="unknown lexicon"):
        FrameFeatures(lexicon="no-such-frames").fit(["x"])
    path = tmp_path / "shared-q.yaml"
    path.write_text("""
name: shared-q
version: "1"
description: A question in two frames.
language: en
citation: none
tags: {question: [q1]}
concepts:
  a: {description: A., labels: {x: {variants: [x], tags: {question: q1}, rationale: X.}}}
  b: {description: B., labels: {y: {variants: [y], tags: {question: q1}, rationale: Y.}}}
""", encoding="utf-8")
    with pytest.raises(ValueError, match="question 'q1' is used by frames 'a' and 'b'"):
        FrameFeatures(lexicon=path).fit(["x"])
    with pytest.raises(ValueError, match="no 'text' column"):
        FrameFeatures().fit(pd.DataFrame({"body": ["x"]}))


def test_registry_and_sklearn_contract(seed_doc: pd.DataFrame) -> None:
    assert get_extractor_class("frames") is FrameFeatures
    assert get_extractor_class("policy_frames") is PolicyFrameFeatures
    corpus = pd.concat([seed_doc, pd.DataFrame({"doc_id": ["x"], "title": ["Critics slam plan"], "captions": [""],
                                                "text": ["The mother, 41, said the cost was $3 million."]})],
                       ignore_index=True)
    for ex in (FrameFeatures(), PolicyFrameFeatures()):
        X = ex.fit_transform(corpus)
        feats, _ = ex.extract(corpus)
        np.testing.assert_array_equal(X, feats.to_numpy())
        cloned = clone(ex)
        assert cloned.get_params() == ex.get_params() and not hasattr(cloned, "spec_")
        restored = pickle.loads(pickle.dumps(ex))
        np.testing.assert_array_equal(restored.transform(corpus), X)
        out = clone(ex).set_output(transform="pandas").fit(corpus).transform(corpus)
        assert isinstance(out, pd.DataFrame) and list(out.columns) == list(ex.get_feature_names_out())
        Z = Pipeline([("ex", clone(ex)), ("scale", StandardScaler())]).fit_transform(corpus)
        assert Z.shape == X.shape and not np.isnan(Z).any()


# -- real data -----------------------------------------------------------------


@pytest.mark.data
def test_narrative_frames_indicators_track_hand_codes(data_dir: Path) -> None:
    from framing.datasets import load_dataset

    corpus = load_dataset("narrative_frames", data_dir=data_dir)
    corpus = corpus[corpus["frames"].map(lambda f: isinstance(f, dict))].reset_index(drop=True)
    ff = FrameFeatures().fit(corpus)
    X = ff.set_output(transform="pandas").transform(corpus)
    assert len(X) == 427 and not X.isna().any().any()
    codes = {"RE": "responsibility", "HI": "human_interest", "CO": "conflict", "MO": "morality", "EC": "economic"}
    auc = {c: roc_auc_score(corpus["frames"].map(lambda d: d[c]), X[f"frames__{f}__count"]) for c, f in codes.items()}
    assert all(a > 0.55 for a in auc.values()), auc  # every frame's indicators beat chance ...
    assert auc["EC"] > 0.8 and auc["MO"] > 0.75 and auc["HI"] > 0.65 and auc["CO"] > 0.65, auc  # ... clearly for most
    sample = corpus.head(15)
    _, mentions = ff.extract(sample)
    check_offsets(sample, mentions)
    assert set(mentions.frame) == set(FRAMES)


@pytest.mark.data
def test_allsides_policy_frames_sample(data_dir: Path) -> None:
    from framing.datasets import load_dataset

    corpus = load_dataset("allsides_abp", data_dir=data_dir, limit=200)
    pf = PolicyFrameFeatures().fit(corpus)
    feats, mentions = pf.extract(corpus)
    check_offsets(corpus, mentions)
    assert len(feats) == 200 and not feats.isna().any().any()
    shares = feats[[f"policy_frames__{f}__share" for f in POLICY_FRAMES]].sum(axis=1)
    assert np.allclose(shares[feats["policy_frames__total__count"] > 0], 1.0)
    topic = corpus["topic"].to_numpy()
    political = np.isin(topic, ["elections", "politics", "us_house", "us_senate", "us_congress", "republican_party",
                                "democratic_party", "white_house", "impeachment"])
    share = feats["policy_frames__political__share"].to_numpy()
    assert political.sum() >= 15 and share[political].mean() > share[~political].mean()
