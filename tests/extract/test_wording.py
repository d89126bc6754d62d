"""WordingFeatures: lexicon mentions, counts, rates, shares, tag aggregates and the estimator contract."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from framing.extract.wording import WordingFeatures, build_matcher, count_mentions, find_mentions, load_lexicons
from framing.lexicons import LexiconError, LexiconNotFoundError, available_lexicons, load_lexicon

DATASETS = ("basil", "pac", "allsides_abp", "babe", "narrative_frames")
P = "wording__syria_transition__"


def _ascii_quotes(s: str) -> str:
    return s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


@pytest.fixture(scope="module")
def seed_doc(seed_raw: str) -> pd.DataFrame:
    """The seed article's fields built by hand, as the scraped-page parser returns them."""
    lines = seed_raw.splitlines()
    title = lines[0].strip()
    captions = next(line for line in lines if line.startswith("Syria\u2019s interim President"))
    start = seed_raw.index("President Vladimir Putin")
    end = seed_raw.index("Tartous.") + len("Tartous.")
    text = seed_raw[start:end]
    return pd.DataFrame({"doc_id": ["seed"], "title": [title], "captions": [_ascii_quotes(captions)],
                         "text": [_ascii_quotes(text)]})


def check_offsets(corpus: pd.DataFrame, mentions: pd.DataFrame) -> None:
    by_id = corpus.set_index(corpus["doc_id"].astype(str) if "doc_id" in corpus else corpus.index.astype(str))
    for m in mentions.itertuples():
        assert by_id.loc[m.doc_id, m.field][m.start:m.end] == m.matched


def has(mentions: pd.DataFrame, field: str, matched: str, concept: str, label: str | None = None) -> bool:
    rows = mentions[(mentions.field == field) & (mentions.matched == matched) & (mentions.concept == concept)]
    if label is not None:
        rows = rows[rows.label == label]
    return len(rows) == 1


# -- the seed ----------------------------------------------------------------


def test_seed_mentions(seed_doc: pd.DataFrame) -> None:
    wf = WordingFeatures(lexicons=("syria-transition", "report-verbs")).fit(seed_doc)
    features, mentions = wf.extract(seed_doc)
    check_offsets(seed_doc, mentions)
    assert has(mentions, "text", "rebels", "anti_assad_forces", "rebels")
    assert has(mentions, "captions", "interim President", "sharaa_titles", "interim_president")
    assert has(mentions, "text", "Syrian leader", "sharaa_titles", "syrian_leader")
    assert has(mentions, "text", "fall", "end_of_assad_rule", "fall")
    assert has(mentions, "text", "sectarian killings", "post_transition_violence", "sectarian_killings")
    said = mentions[(mentions.matched == "said") & (mentions.lexicon == "report-verbs")]
    assert len(said) == 4 and set(said.tags) == {"stance=neutral;implies=nothing"}
    # "President" before Assad's name is Assad's title; before Putin's it is nothing
    president = mentions[mentions.matched == "President"]
    assert president[["field", "concept", "label"]].values.tolist() == [["text", "assad", "president"]]
    text = seed_doc.loc[0, "text"]
    assert president.start.item() == text.index("President Bashar")
    # "interim President" is one mention, not also "President"
    assert (mentions.field == "captions").sum() == 1
    # sentence ids: "rebels" is in the second sentence of the body
    assert mentions.loc[mentions.matched == "rebels", "sentence_id"].item() == 1
    row = features.loc["seed"]
    assert row[f"{P}sharaa_titles__count"] == 2
    assert row["wording__report_verbs__report_verb__count"] == 7


def test_seed_shares(seed_doc: pd.DataFrame) -> None:
    wf = WordingFeatures(lexicons="syria-transition", normalize=("count", "share")).fit(seed_doc)
    row = wf.extract(seed_doc)[0].loc["seed"]
    assert row[f"{P}sharaa_titles__interim_president__share"] == 0.5
    assert row[f"{P}sharaa_titles__syrian_leader__share"] == 0.5
    assert row[f"{P}sharaa_titles__stance__legitimizing__share"] == 0.5
    assert row[f"{P}sharaa_titles__stance__neutral__count"] == 1
    assert row[f"{P}anti_assad_forces__rebels__share"] == 1.0
    assert row[f"{P}anti_assad_forces__terrorists__share"] == 0.0
    assert row[f"{P}end_of_assad_rule__voice__agentless__share"] == 1.0
    assert math.isnan(row[f"{P}new_authorities__interim_government__share"])


# -- matching rules ------------------------------------------------------------


def test_each_lexicon_gets_its_hit_and_longest_wins_within_a_lexicon() -> None:
    m = build_matcher(load_lexicons(["report-verbs", "assertives", "syria-transition"]))
    found = find_mentions("He claimed that Syria's interim President Ahmed al-Sharaa falsely claimed it.", m)
    got = [(x.matched, x.lexicon, x.label) for x in found]
    assert got == [
        ("claimed", "assertives", "claim"),
        ("claimed", "report-verbs", "claim"),
        ("interim President", "syria-transition", "interim_president"),
        ("falsely claimed", "report-verbs", "falsely_claim"),
        ("claimed", "assertives", "claim"),
    ]


def test_followed_by_anchors_titles_to_names() -> None:
    m = load_lexicon("syria-transition").matcher()
    got = [(x.matched, x.concept, x.label) for x in find_mentions(
        "President Vladimir Putin called President al-Sharaa; Syrian President Bashar al-Assad fled to Moscow.", m)]
    assert got == [
        ("President", "sharaa_titles", "president"),
        ("Syrian President", "assad", "president"),
        ("fled to Moscow", "end_of_assad_rule", "flight"),
    ]
    # case-sensitive title: "president Sharaa" is not the formal title
    assert find_mentions("the president Sharaa", m) == []


def test_count_mentions() -> None:
    counts = count_mentions("Rebels, rebels and insurgents; the rebel.", load_lexicon("syria-transition").matcher())
    assert counts == {("syria-transition", "anti_assad_forces", "rebels"): 3,
                      ("syria-transition", "anti_assad_forces", "insurgents"): 1}
    assert find_mentions("", load_lexicon("hedges").matcher()) == []


def test_same_lexicon_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="give each lexicon once"):
        WordingFeatures(lexicons=("hedges", "hedges")).fit(["x"])


# -- features -------------------------------------------------------------------


def test_per_1k_and_nan_rules() -> None:
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"],
                           "text": ["Rebels and rebels took the town and insurgents fled today.", "", "No match here"]})
    wf = WordingFeatures(normalize=("per_1k_words", "count", "share"), fields=("text",)).fit(corpus)
    f = wf.extract(corpus)[0]
    a, b, c = f.loc["a"], f.loc["b"], f.loc["c"]
    assert a[f"{P}anti_assad_forces__count"] == 3
    assert a[f"{P}anti_assad_forces__per_1k"] == pytest.approx(3 * 1000 / 10)
    assert a[f"{P}anti_assad_forces__rebels__per_1k"] == pytest.approx(200.0)
    assert a[f"{P}anti_assad_forces__rebels__share"] == pytest.approx(2 / 3)
    assert a[f"{P}anti_assad_forces__stance__delegitimizing__share"] == pytest.approx(1 / 3)
    # no words: rates undefined; no mentions: shares undefined, counts zero
    assert math.isnan(b[f"{P}anti_assad_forces__rebels__per_1k"])
    assert math.isnan(b[f"{P}anti_assad_forces__rebels__share"])
    assert b[f"{P}anti_assad_forces__rebels__count"] == 0
    assert c[f"{P}anti_assad_forces__rebels__per_1k"] == 0
    assert math.isnan(c[f"{P}anti_assad_forces__rebels__share"])


def test_column_names_are_identifiers_and_documented_shape() -> None:
    wf = WordingFeatures(lexicons=available_lexicons(), normalize=("count", "share")).fit(["x"])
    names = list(wf.get_feature_names_out())
    assert len(names) == len(set(names))
    assert all(n.isidentifier() for n in names)
    assert "wording__report_verbs__report_verb__stance__loaded__share" in names
    assert "wording__syria_transition__anti_assad_forces__rebels__share" in names
    assert "wording__syria_transition__anti_assad_forces__count" in names
    assert not any(n.endswith("__per_1k") for n in names)


def test_lexicon_given_as_path_or_object(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(
        "name: mini\nversion: '1'\ndescription: d\nlanguage: en\ncitation: c\n"
        "concepts:\n  fighters:\n    description: d\n    labels:\n"
        "      rebels: {variants: [rebel], inflect: noun, rationale: r}\n", encoding="utf-8")
    for spec in (str(path), path, load_lexicon(path)):
        wf = WordingFeatures(lexicons=[spec], normalize="count").fit(["x"])
        assert wf.transform(["two rebels, one rebel"]).tolist() == [[2.0, 2.0]]
        assert list(wf.get_feature_names_out()) == ["wording__mini__fighters__count", "wording__mini__fighters__rebels__count"]


# -- bad input --------------------------------------------------------------------


def test_empty_text_and_text_without_sentences() -> None:
    wf = WordingFeatures(lexicons="syria-transition", normalize="count").fit(["x"])
    features, mentions = wf.extract(["", "   ", "rebels", None])
    assert features.shape[0] == 4
    assert mentions[["doc_id", "sentence_id", "start", "end", "matched"]].values.tolist() == [["2", 0, 0, 6, "rebels"]]
    assert features.iloc[[0, 1, 3]].to_numpy().sum() == 0


def test_no_mentions_gives_typed_empty_table() -> None:
    wf = WordingFeatures().fit(["x"])
    mentions = wf.mentions(["Nothing to see."])
    assert list(mentions.columns) == ["doc_id", "field", "sentence_id", "start", "end", "matched",
                                      "lexicon", "concept", "label", "tags"]
    assert len(mentions) == 0 and mentions["start"].dtype == "int64"


def test_unknown_lexicon_and_bad_options() -> None:
    with pytest.raises(LexiconNotFoundError, match="shipped lexicons are"):
        WordingFeatures(lexicons=("syria",)).fit(["x"])
    with pytest.raises(ValueError, match="normalize must be one of"):
        WordingFeatures(normalize="percent").fit(["x"])
    with pytest.raises(ValueError, match="lexicons is empty"):
        WordingFeatures(lexicons=()).fit(["x"])


def test_corpus_without_text_column() -> None:
    with pytest.raises(ValueError, match="no 'text' column"):
        WordingFeatures().fit(pd.DataFrame({"body": ["rebels"]}))


def test_malformed_lexicon_file_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: broken\nconcepts:\n  a: [b\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"broken\.yaml:\d+: malformed YAML"):
        WordingFeatures(lexicons=[path]).fit(["x"])


def test_duplicate_variant_lexicon_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(
        "name: dup\nversion: '1'\ndescription: d\nlanguage: en\ncitation: c\n"
        "concepts:\n  c:\n    description: d\n    labels:\n"
        "      a: {variants: [rebel], rationale: r}\n"
        "      b: {variants: [Rebel], rationale: r}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"dup\.yaml:11: variant 'Rebel' of label c\.b is already a variant of label c\.a"):
        WordingFeatures(lexicons=[path]).fit(["x"])


# -- estimator contract -------------------------------------------------------------


def test_transform_equals_extract_and_sklearn_contract(seed_doc: pd.DataFrame) -> None:
    corpus = pd.concat([seed_doc, pd.DataFrame({"doc_id": ["x"], "title": ["Rebels advance"], "captions": [""],
                                                "text": ["Insurgents said they may have won."]})], ignore_index=True)
    wf = WordingFeatures(lexicons=available_lexicons(), normalize=("count", "share"))
    X = wf.fit_transform(corpus)
    features, _ = wf.extract(corpus)
    np.testing.assert_array_equal(X, features.to_numpy())

    cloned = clone(wf)
    assert cloned.get_params() == wf.get_params() and not hasattr(cloned, "plan_")

    restored = pickle.loads(pickle.dumps(wf))
    np.testing.assert_array_equal(restored.transform(corpus), X)

    out = clone(wf).set_output(transform="pandas").fit(corpus).transform(corpus)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(wf.get_feature_names_out())

    pipe = Pipeline([("wording", WordingFeatures(normalize="share")), ("impute", SimpleImputer(
        strategy="constant", fill_value=0.0, keep_empty_features=True))])
    Z = pipe.fit_transform(corpus)
    assert Z.shape == (2, len(pipe.named_steps["wording"].get_feature_names_out()))
    assert not np.isnan(Z).any()


# -- real data ---------------------------------------------------------------------


@pytest.mark.data
@pytest.mark.parametrize("name", DATASETS)
def test_all_lexicons_on_real_data(name: str, data_dir: Path) -> None:
    from framing.datasets import load_dataset

    corpus = load_dataset(name, data_dir=data_dir, limit=25)
    wf = WordingFeatures(lexicons=available_lexicons(), normalize=("per_1k_words", "share")).fit(corpus)
    features, mentions = wf.extract(corpus)
    assert features.shape == (len(corpus), len(wf.get_feature_names_out()))
    np.testing.assert_array_equal(wf.transform(corpus), features.to_numpy())
    assert len(mentions) > 0
    check_offsets(corpus, mentions)
    counts = features.filter(like="__count").to_numpy()
    assert (counts[~np.isnan(counts)] >= 0).all()


# ---------------------------------------------------------------------------
# the counting fast path equals the mentions


def _counts_from_mentions(wf: WordingFeatures, texts: list[str]) -> np.ndarray:
    index = wf.plan_.label_index
    out = np.zeros((len(texts), len(index)))
    for i, text in enumerate(texts):
        for key, n in count_mentions(text, wf.matcher_).items():
            out[i, index[key]] += n
    return out


def _check_fast_path(wf: WordingFeatures, texts: list[str]) -> None:
    from framing.extract.base import as_documents
    from framing.extract.wording import count_label_hits

    docs = as_documents(texts, ("text",))
    counts, words = wf._label_counts(docs)
    np.testing.assert_array_equal(counts, _counts_from_mentions(wf, texts))
    np.testing.assert_array_equal(words, [len(t.split()) for t in texts])
    for text in texts:
        labels, _ = count_label_hits(text, wf.matcher_, wf._senses)
        assert len(labels) == len(find_mentions(text, wf.matcher_))
    features, _ = wf.extract(pd.DataFrame({"text": texts}))
    np.testing.assert_array_equal(wf.transform(texts), features.to_numpy())


TRICKY_WORDING = [
    "Syria's interim President Ahmed al-Sharaa met the president; interim president Sharaa.",
    "President Bashar al-Assad and Syrian President Bashar al-Assad; Syrian President Assad's rebels.",
    "She claimed, he said, they reportedly claimed and allegedly said: it is clearly, very very true.",
    "Rebel-held areas, rebel\u00a0forces and rebels\u2019 fighters; HTS-led rebels and so-called \u201cterrorists\u201d.",
    "PRESIDENT president President interim\nPresident the U.S.-backed forces; according to sources.",
    "", "   ", "claimed", "\u0130stanbul caf\u00e9 na\u00efve \u212a said\x01claimed",
]


def test_fast_counts_equal_mentions_on_tricky_texts() -> None:
    wf = WordingFeatures(lexicons=available_lexicons(), normalize=("count", "per_1k_words", "share")).fit(["x"])
    _check_fast_path(wf, TRICKY_WORDING)


def test_fast_counts_shared_and_overlapping_phrases_across_lexicons() -> None:
    wf = WordingFeatures(lexicons=("report-verbs", "assertives", "syria-transition"), normalize="count").fit(["x"])
    text = "He claimed that interim President al-Sharaa said it; she claimed so."
    _check_fast_path(wf, [text])
    # a phrase in two lexicons counts once in each
    from framing.extract.base import as_documents

    counts = wf._label_counts(as_documents([text]))[0][0]
    assert counts.sum() == len(find_mentions(text, wf.matcher_)) >= 4


@pytest.mark.data
def test_fast_counts_equal_mentions_on_allsides(data_dir: Path) -> None:
    from framing.datasets import load_dataset

    corpus = load_dataset("allsides_abp", data_dir=data_dir, clean=False, limit=60)
    texts = [t for t in corpus["title"].fillna("").tolist() + corpus["text"].fillna("").tolist()]
    wf = WordingFeatures(lexicons=available_lexicons(), normalize=("count", "per_1k_words")).fit(["x"])
    _check_fast_path(wf, texts)


# ---------------------------------------------------------------------------
# count_labels (many texts at once) equals the mentions


MINI_A = """name: mini-a
version: '1'
description: d
language: en
citation: c
concepts:
  fighters:
    description: d
    labels:
      rebels: {variants: [rebel, rebel force], inflect: noun, rationale: r}
      held: {variants: [rebel-held, rebel held], rationale: r}
      backed: {variants: [U.S.-backed, U.S. backed], rationale: r}
  titles:
    description: d
    labels:
      president: {variants: [{text: President, case_sensitive: true}], rationale: r}
      interim: {variants: [{text: interim President, case_sensitive: true}, acting president], rationale: r}
      us: {variants: [U.S., {text: US, case_sensitive: true}], rationale: r}
"""

MINI_B = """name: mini-b
version: '1'
description: d
language: en
citation: c
concepts:
  things:
    description: d
    labels:
      rebel: {variants: [rebel], rationale: r}
      force: {variants: [force, held area], rationale: r}
      president: {variants: [president, interim], rationale: r}
      dotted: {variants: [e.g., S.], rationale: r}
"""

COUNT_TEXTS = [
    # overlaps within one lexicon (rebel / rebel force / rebel-held) and across lexicons (rebel, force, held area)
    "Rebel-held areas: the rebel force and rebel\u00a0held towns; rebel\nforce, rebel held area.",
    # case-sensitive phrases, white space other than spaces inside phrases
    "President Smith, the president, interim President Jones, interim\tPresident, PRESIDENT, Interim President",
    "acting President, acting\u2009president; the US and us, the U.S. and U.S.-backed, u.s. backed, U.S",
    # punctuation in phrases, hits at the very start and end
    "e.g. S. rebel", "rebel", "rebel force", "force rebel", "U.S.", "S.",
    # non-ASCII text
    "\u201cRebel\u201d forces \u2014 caf\u00e9 rebel\u2019s \u212aelvin \u0130stanbul rebel\u2009force \u00e9rebel "
    "rebel\u00e9 \u2018U.S.\u2019\u2026 President\u3000Smith",
    # texts that contain the characters used as marks
    "rebel\x01force rebel\x02 \x03rebel held\x03area \x00President\x00",
    # empty and blank fields
    "", "   ", "\n",
]


@pytest.fixture(scope="module")
def mini_lexicons(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("lexicons")
    paths = []
    for name, body in (("mini-a", MINI_A), ("mini-b", MINI_B)):
        path = folder / f"{name}.yaml"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def _check_count_labels(wf: WordingFeatures, texts: list[str]) -> None:
    from framing.extract.wording import count_labels, key_senses, label_table

    table = label_table(wf.matcher_, key_senses(wf.matcher_, wf.plan_.label_index))
    expected = _counts_from_mentions(wf, texts)
    for batch_chars in (1, 60, 1 << 20):
        counts, words = count_labels(texts, wf.matcher_, table, len(wf.plan_.label_index), batch_chars=batch_chars)
        np.testing.assert_array_equal(counts, expected)
        assert words.tolist() == [len(t.split()) for t in texts]


def test_count_labels_equal_mentions_on_tricky_texts(mini_lexicons: list[Path]) -> None:
    wf = WordingFeatures(lexicons=[*mini_lexicons, "syria-transition", "report-verbs"],
                         normalize=("count", "share", "per_1k_words")).fit(["x"])
    _check_count_labels(wf, COUNT_TEXTS + TRICKY_WORDING)
    # the rules the texts exercise
    counts = dict(zip(wf.get_feature_names_out(), wf.transform(["rebel force", "Rebel-held area"])[0]))
    assert counts["wording__mini_a__fighters__rebels__count"] == 1  # "rebel force", not also "rebel"
    assert counts["wording__mini_b__things__rebel__count"] == 1  # another lexicon: its own hit
    assert counts["wording__mini_b__things__force__count"] == 1
    row = dict(zip(wf.get_feature_names_out(), wf.transform(["interim President and the president"])[0]))
    assert row["wording__mini_a__titles__interim__count"] == 1 and row["wording__mini_a__titles__president__count"] == 0
    # mini-b counts "interim", "President" and "president": none of its phrases overlap there
    assert row["wording__mini_b__things__president__count"] == 3 and row["wording__mini_b__things__force__count"] == 0
    # every field of a document is counted, empty ones included
    corpus = pd.DataFrame({"doc_id": [str(i) for i in range(len(COUNT_TEXTS))], "title": COUNT_TEXTS[::-1],
                           "captions": [""] * len(COUNT_TEXTS), "text": COUNT_TEXTS})
    features, _ = wf.extract(corpus)
    np.testing.assert_array_equal(wf.transform(corpus), features.to_numpy())


def test_count_labels_random_texts_equal_mentions(mini_lexicons: list[Path]) -> None:
    import random

    rng = random.Random(3)
    words = ["rebel", "Rebel", "force", "held", "area", "President", "president", "interim", "U.S.", "US", "us",
             "S.", "e.g.", "-", "\u2019s", "\u00e9", "backed", "acting", "\u212a"]
    spaces = [" ", " ", " ", "\n", "\u00a0", "\t", "-", "", ".", "\u2014"]
    texts = ["".join(rng.choice(words) + rng.choice(spaces) for _ in range(rng.randint(0, 12))) for _ in range(300)]
    wf = WordingFeatures(lexicons=mini_lexicons, normalize="count").fit(["x"])
    _check_count_labels(wf, texts)


@pytest.mark.data
def test_transform_equals_mention_counts_on_real_data(data_dir: Path) -> None:
    """The counting fast path against the mentions on a few thousand real articles of four datasets."""
    from framing.datasets import load_dataset

    wf = WordingFeatures(lexicons=available_lexicons(), normalize=("count", "per_1k_words", "share"))
    # AllSides as distributed (the text the benchmark reads), the others cleaned
    for name, limit, clean in (("allsides_abp", 800, False), ("basil", 400, True), ("babe", 600, True),
                               ("pac", 400, True)):
        corpus = load_dataset(name, data_dir=data_dir, limit=limit, clean=clean)
        assert len(corpus) >= 250, name
        wf.fit(corpus.head(1))
        fast = wf.transform(corpus)
        features, mentions = wf.extract(corpus)
        np.testing.assert_array_equal(fast, features.to_numpy(), err_msg=name)
        # the count columns are the number of mentions rows of each label
        names = list(wf.get_feature_names_out())
        per_label = mentions.groupby(["doc_id", "lexicon", "concept", "label"]).size()
        cols = {key: names.index(f"wording__{key[0].replace('-', '_')}__{key[1]}__{key[2]}__count")
                for key in wf.plan_.label_index}
        expected = np.zeros((len(corpus), len(names)))
        row_of = {doc_id: i for i, doc_id in enumerate(corpus["doc_id"].astype(str))}
        for (doc_id, lex, concept, label), n in per_label.items():
            expected[row_of[doc_id], cols[(lex, concept, label)]] = n
        label_cols = sorted(cols.values())
        np.testing.assert_array_equal(fast[:, label_cols], expected[:, label_cols], err_msg=name)
        assert expected.sum() > 1000, name
