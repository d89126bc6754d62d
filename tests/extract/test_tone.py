"""ToneFeatures: sentence tone per article, field and target."""

from __future__ import annotations

import gzip
import json
import math
import pickle
import sys
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from textblob import TextBlob

from framing.extract import tone as tone_module
from framing.extract.tone import ToneFeatures, resolve_targets, score_sentences
from framing.text.sentences import sentence_spans

SHARAA = {"sharaa": ["Sharaa", "al-Sharaa"], "putin": ["Putin", "Vladimir Putin"], "assad": ["Assad", "al-Assad"]}


def tb(text: str) -> tuple[float, float]:
    p, s = TextBlob(text).sentiment
    return p, s


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "title": ["Great win for Sharaa", "", None],
            "captions": ["", "A sad day.", ""],
            "text": [
                "Sharaa won. The weather was terrible! Nobody came.",
                "It was not good. Then al-Sharaa was not there.",
                "...",
            ],
        }
    )


def _seed_frame(seed_raw: str) -> pd.DataFrame:
    try:
        from framing.corpus.scrape import parse_scraped
    except ImportError:  # the scraper's output, built by hand
        lines = seed_raw.splitlines()
        captions = next(p for p in seed_raw.split("\n\n") if p.startswith("Syria’s interim President")).strip()
        body = seed_raw[seed_raw.index("President Vladimir Putin") : seed_raw.index("Tartous.") + len("Tartous.")]
        fields = {"title": lines[0].strip(), "captions": captions, "text": body}
        fields = {k: v.replace("’", "'").replace("“", '"').replace("”", '"') for k, v in fields.items()}
    else:
        parsed = parse_scraped(seed_raw)
        fields = {k: parsed[k] for k in ("title", "captions", "text")}
    return pd.DataFrame([{"doc_id": "seed", **fields}])


# -- scikit-learn conventions --------------------------------------------------


def test_init_stores_only_and_clone(corpus: pd.DataFrame) -> None:
    est = ToneFeatures(targets=SHARAA, backend="textblob", threshold=0.2)
    assert est.get_params()["targets"] is SHARAA and est.threshold == 0.2
    assert not hasattr(est, "targets_")
    twin = clone(est)
    assert twin.get_params()["targets"] == SHARAA and twin is not est
    fitted = est.fit(corpus)
    assert fitted is est
    np.testing.assert_array_equal(clone(est).fit(corpus).transform(corpus), est.transform(corpus))


def test_pipeline_pickle_set_output(corpus: pd.DataFrame) -> None:
    est = ToneFeatures(targets=SHARAA)
    pipe = Pipeline([("tone", est), ("impute", SimpleImputer(strategy="constant", fill_value=0.0, keep_empty_features=True))])
    out = pipe.fit_transform(corpus)
    assert out.shape == (3, len(est.get_feature_names_out()))
    assert np.isfinite(out).all()
    before = est.transform(corpus)
    restored = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(restored.transform(corpus), before)
    frame = ToneFeatures(targets=SHARAA).set_output(transform="pandas").fit(corpus).transform(corpus)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(est.get_feature_names_out())
    assert {"tone__polarity", "tone__title__polarity", "tone__target__sharaa__n_sentences"} <= set(frame.columns)


def test_feature_names_documented_layout() -> None:
    est = ToneFeatures(targets={"x": ["x"]}, fields=("title", "text")).fit(["a"])
    assert list(est.get_feature_names_out()) == [
        "tone__polarity", "tone__subjectivity", "tone__share_positive", "tone__share_negative",
        "tone__n_sentences", "tone__title__polarity", "tone__title__subjectivity",
        "tone__title__n_sentences", "tone__text__polarity", "tone__text__subjectivity",
        "tone__text__n_sentences", "tone__target__x__polarity", "tone__target__x__subjectivity",
        "tone__target__x__n_sentences",
    ]  # fmt: skip


# -- numbers -------------------------------------------------------------------


def test_features_and_mentions_small_corpus(corpus: pd.DataFrame) -> None:
    est = ToneFeatures(targets={"sharaa": ["Sharaa", "al-Sharaa"]}).fit(corpus)
    features, mentions = est.extract(corpus)
    assert list(features.index) == ["a", "b", "c"]
    a = features.loc["a"]
    body = ["Sharaa won.", "The weather was terrible!", "Nobody came."]
    scores = [tb(s) for s in ["Great win for Sharaa", *body]]
    assert a["tone__n_sentences"] == 4
    assert a["tone__polarity"] == pytest.approx(np.mean([p for p, _ in scores]))
    assert a["tone__subjectivity"] == pytest.approx(np.mean([s for _, s in scores]))
    assert a["tone__title__polarity"] == tb("Great win for Sharaa")[0] == 0.8
    assert a["tone__text__polarity"] == pytest.approx(np.mean([tb(s)[0] for s in body]))
    assert a["tone__share_positive"] == pytest.approx(1 / 4) and a["tone__share_negative"] == pytest.approx(1 / 4)
    assert math.isnan(a["tone__captions__polarity"]) and a["tone__captions__n_sentences"] == 0
    # the target: the headline and "Sharaa won."
    assert a["tone__target__sharaa__n_sentences"] == 2
    assert a["tone__target__sharaa__polarity"] == pytest.approx((0.8 + 0.0) / 2)
    b = features.loc["b"]
    assert b["tone__target__sharaa__n_sentences"] == 1
    assert b["tone__target__sharaa__polarity"] == tb("Then al-Sharaa was not there.")[0]
    assert b["tone__share_negative"] == pytest.approx(2 / 3)  # "A sad day.", "It was not good."
    # mentions: one row per sentence, offsets into the field
    assert list(mentions.columns) == [
        "doc_id", "field", "sentence_id", "start", "end", "matched", "polarity", "subjectivity", "targets",
    ]  # fmt: skip
    assert len(mentions) == int(features["tone__n_sentences"].sum())
    lookup = corpus.set_index("doc_id")
    for row in mentions.itertuples():
        assert (lookup.loc[row.doc_id, row.field] or "")[row.start : row.end] == row.matched
        assert (row.polarity, row.subjectivity) == tb(row.matched)
    assert mentions.loc[mentions.matched == "Sharaa won.", "targets"].item() == "sharaa"
    assert mentions.loc[mentions.matched == "Nobody came.", "targets"].item() == ""
    assert mentions.loc[mentions.matched == "Nobody came.", "sentence_id"].item() == 2


def test_seed_article(seed_raw: str) -> None:
    frame = _seed_frame(seed_raw)
    est = ToneFeatures(targets=SHARAA).fit(frame)
    features, mentions = est.extract(frame)
    row = features.loc["seed"]
    title = frame.loc[0, "title"]
    assert row["tone__title__n_sentences"] == 1
    assert row["tone__title__polarity"] == tb(title)[0]
    # Sharaa: the headline, the caption and three body sentences; Putin: headline and three
    assert row["tone__target__sharaa__n_sentences"] == 5
    assert row["tone__target__putin__n_sentences"] == 4
    assert row["tone__target__assad__n_sentences"] == 3
    sharaa_rows = mentions[mentions.targets.str.split(";").apply(lambda t: "sharaa" in t)]
    assert len(sharaa_rows) == 5 and set(sharaa_rows.field) == {"title", "captions", "text"}
    assert row["tone__target__sharaa__polarity"] == pytest.approx(sharaa_rows.polarity.mean())
    untargeted = mentions[(mentions.field == "text") & (mentions.targets == "")]
    assert untargeted.matched.iloc[0].startswith("Moscow is also concerned")
    for r in mentions.itertuples():
        assert frame.loc[0, r.field][r.start : r.end] == r.matched
        assert (r.polarity, r.subjectivity) == tb(r.matched)
    # the body mean equals the mean of TextBlob over the splitter's sentences
    text = frame.loc[0, "text"]
    expected = np.mean([tb(text[s:e])[0] for s, e in sentence_spans(text)])
    assert row["tone__text__polarity"] == pytest.approx(expected, abs=1e-12)


def test_targets_may_share_words() -> None:
    est = ToneFeatures(targets={"sharaa": ["al-Sharaa"], "president": ["President al-Sharaa"]}, fields=("text",))
    f = est.fit(["x"]).transform(["President al-Sharaa spoke. Sharaa left."])
    names = list(est.get_feature_names_out())
    assert f[0, names.index("tone__target__sharaa__n_sentences")] == 1
    assert f[0, names.index("tone__target__president__n_sentences")] == 1


# -- bad input -------------------------------------------------------------------


def test_empty_and_punctuation_only_documents() -> None:
    texts = ["", "   ", None, "...", "!!! ???", "Nur deutscher Text hier."]
    est = ToneFeatures(targets={"x": ["x"]}, fields=("text",)).fit(texts)
    features, mentions = est.extract(texts)
    assert list(features.index) == ["0", "1", "2", "3", "4", "5"]
    for i in ("0", "1", "2"):  # no sentence: NaN means, zero counts
        row = features.loc[i]
        assert row["tone__n_sentences"] == 0 and row["tone__text__n_sentences"] == 0
        assert math.isnan(row["tone__polarity"]) and math.isnan(row["tone__share_positive"])
        assert math.isnan(row["tone__target__x__polarity"]) and row["tone__target__x__n_sentences"] == 0
    for i in ("3", "4", "5"):  # sentences without lexicon words: zeros
        row = features.loc[i]
        assert row["tone__n_sentences"] >= 1
        assert row["tone__polarity"] == 0.0 and row["tone__subjectivity"] == 0.0
        assert row["tone__share_positive"] == 0.0 and row["tone__share_negative"] == 0.0
    assert set(mentions.doc_id) == {"3", "4", "5"}
    assert mentions.dtypes["start"] == "int64"
    empty = ToneFeatures(fields=("text",)).fit([""]).mentions([""])
    assert len(empty) == 0 and "polarity" in empty.columns and "targets" in empty.columns


def test_bad_parameters() -> None:
    with pytest.raises(ValueError, match="backend must be one of"):
        ToneFeatures(backend="nope").fit(["a"])
    with pytest.raises(ValueError, match="threshold"):
        ToneFeatures(threshold=0).fit(["a"])
    with pytest.raises(ValueError, match="not usable in column names"):
        ToneFeatures(targets={"two words": ["x"]}).fit(["a"])
    with pytest.raises(ValueError, match="no phrases"):
        ToneFeatures(targets={"x": []}).fit(["a"])
    with pytest.raises(ValueError, match="not a lexicon reference"):
        ToneFeatures(targets={"x": "Sharaa"}).fit(["a"])
    with pytest.raises(TypeError, match="targets must be a dict"):
        ToneFeatures(targets=3).fit(["a"])
    with pytest.raises(TypeError, match="references"):
        ToneFeatures(targets=[["Sharaa"]]).fit(["a"])
    with pytest.raises(TypeError, match="item 0"):
        ToneFeatures().fit([3])


# -- lexicon targets -----------------------------------------------------------------

LEXICON_YAML = """\
name: tiny-syria
version: "1.0"
description: A two-concept test lexicon.
language: en
citation: "Test lexicon."
tags:
  stance: [neutral, delegitimizing]
concepts:
  sharaa:
    description: The interim president.
    labels:
      sharaa_titles:
        variants: [interim President, al-Sharaa]
        rationale: Title and name.
      militant_label:
        variants: [jihadist leader]
        tags: {stance: delegitimizing}
        rationale: A loaded label.
  assad:
    description: The former president.
    labels:
      assad_name:
        variants: [Assad, al-Assad]
        rationale: Name.
"""


@pytest.fixture()
def lexicon_path(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-syria.yaml"
    path.write_text(LEXICON_YAML, encoding="utf-8")
    return path


def test_lexicon_references(lexicon_path: Path) -> None:
    text = ["The interim President met aides. The jihadist leader smiled. Assad fled in terror."]
    est = ToneFeatures(
        targets={"titles": "tiny-syria:sharaa_titles", "sharaa": "tiny-syria:sharaa", "bad": "tiny-syria:sharaa:militant_label"},
        lexicons=[str(lexicon_path)],
        fields=("text",),
    ).fit(text)
    names = list(est.get_feature_names_out())
    assert "tone__target__tiny_syria__assad__polarity" in names  # every concept of `lexicons`
    f = dict(zip(names, est.transform(text)[0]))
    assert f["tone__target__titles__n_sentences"] == 1
    assert f["tone__target__bad__n_sentences"] == 1
    assert f["tone__target__sharaa__n_sentences"] == 2
    assert f["tone__target__tiny_syria__sharaa__n_sentences"] == 2
    assert f["tone__target__tiny_syria__assad__n_sentences"] == 1
    assert f["tone__target__tiny_syria__assad__polarity"] == tb("Assad fled in terror.")[0]
    mentions = est.mentions(text)
    assert mentions.targets.tolist() == ["titles;sharaa;tiny_syria__sharaa", "sharaa;bad;tiny_syria__sharaa",
                                         "tiny_syria__assad"]
    # a list of references is named after their last part
    specs = resolve_targets(["tiny-syria:assad"], lexicons=[str(lexicon_path)])
    assert list(specs)[0] == "assad"
    with pytest.raises(ValueError, match="no concept or label"):
        resolve_targets({"x": "tiny-syria:nothing"}, lexicons=[str(lexicon_path)])
    with pytest.raises(ValueError, match="two targets are named"):
        resolve_targets(["tiny-syria:assad", "tiny-syria:assad"], lexicons=[str(lexicon_path)])
    clone(est).fit(text)
    assert pickle.loads(pickle.dumps(est)).transform(text).tolist() == est.transform(text).tolist()


# -- VADER ----------------------------------------------------------------------------


def test_vader_backend() -> None:
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    analyzer = vader.SentimentIntensityAnalyzer()
    texts = ["What a wonderful, happy day! Sharaa smiled. It was awful."]
    est = ToneFeatures(backend="vader", targets={"sharaa": ["Sharaa"]}, fields=("text",)).fit(texts)
    names = list(est.get_feature_names_out())
    assert names[:7] == ["tone__compound", "tone__pos", "tone__neg", "tone__neu", "tone__share_positive",
                         "tone__share_negative", "tone__n_sentences"]
    features, mentions = est.extract(texts)
    sents = [texts[0][s:e] for s, e in sentence_spans(texts[0])]
    ref = [analyzer.polarity_scores(s) for s in sents]
    assert features["tone__compound"].item() == pytest.approx(np.mean([r["compound"] for r in ref]))
    assert features["tone__target__sharaa__neu"].item() == ref[1]["neu"]
    assert features["tone__share_negative"].item() == pytest.approx(1 / 3)
    assert list(mentions.columns[-5:]) == ["compound", "pos", "neg", "neu", "targets"]
    np.testing.assert_allclose(score_sentences(sents, "vader")[:, 0], [r["compound"] for r in ref])


def test_vader_missing_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    tone_module._vader_analyzer.cache_clear()
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)
    monkeypatch.setitem(sys.modules, "vaderSentiment.vaderSentiment", None)
    try:
        with pytest.raises(ImportError, match=r"pip install framing\[vader\]"):
            ToneFeatures(backend="vader").fit(["a"])
    finally:
        tone_module._vader_analyzer.cache_clear()


# -- real data -------------------------------------------------------------------------


@pytest.mark.data
def test_basil_articles_match_textblob(data_dir: Path) -> None:
    with gzip.open(data_dir / "basil" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in islice(fh, 30)]
    frame = pd.DataFrame({"doc_id": [r["id"] for r in records], "title": [r["title"] for r in records],
                          "text": [r["text"] for r in records]})
    est = ToneFeatures(targets={"trump": ["Trump"], "obama": ["Obama"]}, fields=("title", "text")).fit(frame)
    features, mentions = est.extract(frame)
    assert len(features) == 30 and features["tone__n_sentences"].min() > 5
    assert mentions.groupby("doc_id").size().reindex(features.index).tolist() == features["tone__n_sentences"].tolist()
    lookup = frame.set_index("doc_id")
    sample = mentions.sample(400, random_state=0)
    for r in sample.itertuples():
        assert lookup.loc[r.doc_id, r.field][r.start : r.end] == r.matched
        assert abs(r.polarity - tb(r.matched)[0]) <= 1e-9 and abs(r.subjectivity - tb(r.matched)[1]) <= 1e-9
    # per-article means are means of the per-sentence rows
    means = mentions.groupby("doc_id").polarity.mean().reindex(features.index)
    np.testing.assert_allclose(features["tone__polarity"], means, atol=1e-12)
    assert features["tone__target__obama__n_sentences"].sum() > 0
    for name, phrase in (("trump", "Trump"), ("obama", "Obama")):
        hit = mentions[mentions.targets.str.split(";").apply(lambda t: name in t)]
        assert hit.matched.str.lower().str.contains(phrase.lower()).all()
        assert features[f"tone__target__{name}__n_sentences"].sum() == len(hit)


def test_seed_with_shipped_lexicon(seed_raw: str) -> None:
    """The shipped syria-transition lexicon as targets: a concept, a label and every concept."""
    frame = _seed_frame(seed_raw)
    est = ToneFeatures(
        targets={"sharaa": "syria-transition:sharaa_titles", "leader": "syria-transition:sharaa_titles:syrian_leader"},
        lexicons=["syria-transition"],
    ).fit(frame)
    features, mentions = est.extract(frame)
    names = set(est.get_feature_names_out())
    assert "tone__target__syria_transition__anti_assad_forces__n_sentences" in names
    tagged = mentions[mentions.targets.str.split(";").apply(lambda t: "sharaa" in t)]
    # "Syria's interim President Ahmed al-Sharaa ..." (caption), "... Syrian leader Ahmed al-Sharaa ..." (body)
    assert {("captions", 0), ("text", 0)} <= set(zip(tagged.field, tagged.sentence_id))
    leader = mentions[mentions.targets.str.split(";").apply(lambda t: "leader" in t)]
    assert list(zip(leader.field, leader.sentence_id)) == [("text", 0)]
    row = features.loc["seed"]
    assert row["tone__target__sharaa__n_sentences"] == len(tagged)
    assert row["tone__target__sharaa__polarity"] == pytest.approx(tagged.polarity.mean())
    assert row["tone__target__syria_transition__sharaa_titles__n_sentences"] == len(tagged)
